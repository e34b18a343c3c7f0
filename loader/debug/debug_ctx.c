/* The debug contexts. A base context is built on first use over the context it forwards
   to: the universal one (MODE_DEBUG) or the trace context (MODE_DEBUG | MODE_TRACE, debug
   checks on top of tracing). The base is what HPyInitGlobalContext_<name> receives; each
   trampoline call passes the implementation a copy from a small pool instead, valid until
   the call returns, so that a context pointer kept by the extension and used in a later
   call is recognised. Copies are taken round-robin, so a stale copy stays invalid for the
   next POOL - 1 calls. */
#include "debug/debug_internal.h"
#include "trace/trace.h"

#define POOL 32

typedef struct {
    HPyContext base;
    hpykit_debug_ctxinfo base_info;
    HPyContext copies[POOL];
    hpykit_debug_ctxinfo infos[POOL];
    unsigned next;
} flavour;

static flavour flavours[2]; /* over universal, over trace */

static HPyContext *build(flavour *f, HPyContext *uctx, const char *name)
{
    HPyContext *ctx = &f->base;
    int i;
    if (ctx->name != NULL) {
        return ctx;
    }
    if (hpykit_debug.uctx == NULL) {
        hpykit_debug.uctx = hpykit_universal_ctx();
        if (hpykit_debug.uctx == NULL) {
            return NULL;
        }
        hpykit_debug_init_once();
    }
    hpykit_debug_fill_members(ctx, uctx);
    ctx->abi_version = HPY_ABI_VERSION;
    f->base_info.uctx = uctx;
    f->base_info.valid = 1;
    f->base_info.base = ctx;
    ctx->_private = &f->base_info;
    ctx->name = name;
    for (i = 0; i < POOL; i++) {
        f->copies[i] = *ctx;
        f->infos[i].uctx = uctx;
        f->infos[i].valid = 0;
        f->infos[i].base = ctx;
        f->copies[i]._private = &f->infos[i];
    }
    return ctx;
}

HPyContext *hpykit_debug_ctx(void)
{
    HPyContext *uctx = hpykit_universal_ctx();
    return uctx == NULL ? NULL : build(&flavours[0], uctx, "HPy Debug Mode ABI");
}

HPyContext *hpykit_debug_trace_ctx(void)
{
    HPyContext *tctx = hpykit_trace_ctx();
    return tctx == NULL ? NULL : build(&flavours[1], tctx, "HPy Debug Mode ABI");
}

HPyContext *hpykit_debug_call_begin(HPyContext *ctx)
{
    hpykit_debug_ctxinfo *info = (hpykit_debug_ctxinfo *)ctx->_private;
    flavour *f = info->base == &flavours[0].base ? &flavours[0] : &flavours[1];
    unsigned tries;
    for (tries = 0; tries < POOL; tries++) {
        unsigned i = f->next;
        f->next = (f->next + 1) % POOL;
        if (!f->infos[i].in_use) {
            f->infos[i].in_use = 1;
            f->infos[i].valid = 1;
            return &f->copies[i];
        }
    }
    return info->base; /* more than POOL calls in progress: the base is always valid */
}

void hpykit_debug_call_end(HPyContext *call_ctx)
{
    hpykit_debug_ctxinfo *info = (hpykit_debug_ctxinfo *)call_ctx->_private;
    if (call_ctx != info->base) {
        info->valid = 0;
        info->in_use = 0;
    }
}

HPyContext *hpykit_debug_stale_ctx(HPyContext *ctx, const char *func, int flags)
{
    hpykit_debug_ctxinfo *info = (hpykit_debug_ctxinfo *)ctx->_private;
    hpykit_debug_report("context used after its call returned", func, flags,
                        "the HPyContext 0x%lx was passed to a call that has returned; use the "
                        "ctx of the current call (do not keep an HPyContext pointer)",
                        (unsigned long)(uintptr_t)ctx);
    return (flags & HPYKIT_DH_RAISES) ? NULL : info->uctx;
}
