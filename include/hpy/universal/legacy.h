/* In a pure universal build the legacy bridge (HPy_AsPyObject, HPy_FromPyObject) must not
   be called: they are only declared, and a call fails at compile time with this message.
   Hybrid builds get the usual inline wrappers. */
#ifndef HPY_UNIVERSAL_LEGACY_H
#define HPY_UNIVERSAL_LEGACY_H

#if defined(__GNUC__) || defined(__clang__)
#  define _HPy_LEGACY_ONLY                                                          \
    _HPy_EXTERN_DECL                                                                \
    __attribute__((error("legacy C-API interop (HPy_AsPyObject / HPy_FromPyObject) needs the " \
                         "hybrid ABI: build with --hpy-abi=hybrid")))
#else
#  define _HPy_LEGACY_ONLY _HPy_EXTERN_DECL /* a call fails to link instead */
#endif

#endif /* HPY_UNIVERSAL_LEGACY_H */
