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
    char details[HPYKIT_DETAILS_SIZE], desc[HPYKIT_DESC_SIZE];
    if (HPy_IsNull(h)) {
        return; /* closing HPy_NULL does nothing */
    }
    if (!hpykit_dh_known(dh)) {
        hpykit_dh_report_bad(h, "HPy_Close", 0);
        return;
    }
    switch (dh->state) {
    case HPYKIT_DH_CLOSED: {
        const char *kind = hpykit_dh_explain(h, details, sizeof(details));
        (void)kind;
        hpykit_debug_report(dh->is_arg ? "argument handle closed after its call returned"
                                       : "handle closed twice",
                            "HPy_Close", 0, "%s", details);
        return;
    }
    case HPYKIT_DH_CONSTANT:
        hpykit_dh_describe(dh, desc, sizeof(desc));
        snprintf(details, sizeof(details), "the %s is a context constant (ctx->h_...); close "
                 "only what HPy_Dup(ctx, ctx->h_...) returns", desc);
        hpykit_debug_report("context constant closed", "HPy_Close", 0, "%s", details);
        return;
    default:
        if (dh->is_arg) {
            hpykit_dh_describe(dh, desc, sizeof(desc));
            snprintf(details, sizeof(details), "the %s is an argument of the running call: "
                     "the runtime closes it when the call returns", desc);
            hpykit_site_format(dh->site, details, sizeof(details));
            hpykit_debug_report("argument handle closed", "HPy_Close", 0, "%s", details);
            return;
        }
        /* through uctx, so that MODE_DEBUG | MODE_TRACE counts the close */
        uctx->ctx_Close(uctx, hpykit_dh_steal(dh, "HPy_Close"));
        return;
    }
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
