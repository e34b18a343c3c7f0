/* The universal context on CPython: handles are PyObject pointers, functions are the
   CPython backend. One instance per process. */
#include "ctx/ctx.h"

HPyContext hpykit_universal_context;

HPyContext *hpykit_universal_ctx(void)
{
    HPyContext *ctx = &hpykit_universal_context;
    if (ctx->name != NULL) {
        return ctx;
    }
    _HPy_FillContextHandles(ctx);
    if (HPy_IsNull(ctx->h_Builtins)) {
        return NULL; /* importing builtins failed: the exception is set */
    }
    hpykit_ctx_fill_functions(ctx);
    ctx->abi_version = HPY_ABI_VERSION;
    ctx->name = "HPy Universal ABI (CPython backend)";
    return ctx;
}
