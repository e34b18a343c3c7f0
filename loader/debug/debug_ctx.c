/* The debug context: one per process, built on first use over the universal context. */
#include "debug/debug_internal.h"

static HPyContext debug_ctx;

HPyContext *hpykit_debug_ctx(void)
{
    HPyContext *ctx = &debug_ctx, *uctx;
    if (ctx->name != NULL) {
        return ctx;
    }
    uctx = hpykit_universal_ctx();
    if (uctx == NULL) {
        return NULL;
    }
    hpykit_debug.uctx = uctx;
    hpykit_debug_fill_members(ctx, uctx);
    ctx->abi_version = HPY_ABI_VERSION;
    ctx->_private = &hpykit_debug;
    ctx->name = "HPy Debug Mode ABI";
    return ctx;
}
