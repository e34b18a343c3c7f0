/* HPy_Dup, HPy_Close and the legacy conversions in debug mode. */
#include "debug/debug_internal.h"

HPy debug_ctx_Dup(HPyContext *ctx, HPy h)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPy_Dup", 0);
    HPy uh;
    if (hpykit_dh_unwrap(ctx, h, &uh, "HPy_Dup", HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0) {
        return HPy_NULL;
    }
    return hpykit_dh_wrap(ctx, uctx->ctx_Dup(uctx, uh));
}

void debug_ctx_Close(HPyContext *ctx, HPy h)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPy_Close", 0);
    hpykit_dh *dh = hpykit_dh_of(h);
    if (HPy_IsNull(h)) {
        return; /* closing HPy_NULL does nothing */
    }
    if (hpykit_dh_known(dh) && dh->state == HPYKIT_DH_OPEN && !dh->is_arg) {
        /* through uctx, so that MODE_DEBUG | MODE_TRACE counts the close */
        uctx->ctx_Close(uctx, hpykit_dh_steal(dh, "HPy_Close"));
        return;
    }
    hpykit_dh_report_close(h);
}

HPy debug_ctx_FromPyObject(HPyContext *ctx, cpy_PyObject *obj)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPy_FromPyObject", 0);
    return hpykit_dh_wrap(ctx, uctx->ctx_FromPyObject(uctx, obj));
}

cpy_PyObject *debug_ctx_AsPyObject(HPyContext *ctx, HPy h)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPy_AsPyObject", 0);
    HPy uh;
    if (hpykit_dh_unwrap(ctx, h, &uh, "HPy_AsPyObject", HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0) {
        return NULL;
    }
    return uctx->ctx_AsPyObject(uctx, uh);
}
