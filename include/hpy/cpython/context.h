/* The CPython-ABI context: a per-translation-unit struct of handles, filled on first use.
   Nothing in it is shared with other extensions or other files. */
#ifndef HPY_CPYTHON_CONTEXT_H
#define HPY_CPYTHON_CONTEXT_H

static HPyContext _hpy_cpython_ctx;

static inline HPyContext *_HPyGetContext(void)
{
    HPyContext *ctx = &_hpy_cpython_ctx;
    if (ctx->name == NULL) {
        _HPy_FillContextHandles(ctx);
        ctx->abi_version = HPY_ABI_VERSION;
        ctx->name = "HPy CPython ABI";
    }
    return ctx;
}

#endif /* HPY_CPYTHON_CONTEXT_H */
