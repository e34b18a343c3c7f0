/* HPy_MODINIT in the universal and hybrid ABIs: the four exported functions the loader
   looks up, and the one context pointer that every trampoline of the binary uses. */
#ifndef HPY_UNIVERSAL_MODINIT_H
#define HPY_UNIVERSAL_MODINIT_H

#ifdef HPY_EMBEDDED_MODULES
#  define _HPy_CTX_STORAGE static
#  define HPY_MOD_EMBEDDABLE(modname) static HPyContext *_ctx_for_trampolines;
#else
#  define _HPy_CTX_STORAGE _HPy_HIDDEN
#  define HPY_MOD_EMBEDDABLE(modname)
_HPy_EXTERN_DECL _HPy_HIDDEN HPyContext *_ctx_for_trampolines;
#endif

#define HPy_MODINIT(ext_name, mod_def)                                              \
    HPy_EXPORTED_FUNC uint32_t get_required_hpy_major_version_##ext_name(void);     \
    HPy_EXPORTED_FUNC uint32_t get_required_hpy_minor_version_##ext_name(void);     \
    HPy_EXPORTED_FUNC void HPyInitGlobalContext_##ext_name(HPyContext *ctx);        \
    HPy_EXPORTED_FUNC HPyModuleDef *HPyInit_##ext_name(void);                       \
    _HPy_CTX_DEFINITION                                                             \
    uint32_t get_required_hpy_major_version_##ext_name(void)                        \
    {                                                                               \
        return HPY_ABI_VERSION;                                                     \
    }                                                                               \
    uint32_t get_required_hpy_minor_version_##ext_name(void)                        \
    {                                                                               \
        return HPY_ABI_VERSION_MINOR;                                               \
    }                                                                               \
    void HPyInitGlobalContext_##ext_name(HPyContext *ctx)                           \
    {                                                                               \
        _ctx_for_trampolines = ctx;                                                 \
    }                                                                               \
    HPyModuleDef *HPyInit_##ext_name(void)                                          \
    {                                                                               \
        return &(mod_def);                                                          \
    }

#ifdef HPY_EMBEDDED_MODULES
#  define _HPy_CTX_DEFINITION
#else
#  define _HPy_CTX_DEFINITION _HPy_EXTERN_C_BEGIN HPyContext *_ctx_for_trampolines = NULL; _HPy_EXTERN_C_END
#endif

#endif /* HPY_UNIVERSAL_MODINIT_H */
