/* HPyField and HPyGlobal in debug mode: they keep storing what the universal context
   stores (the object); debug handles are converted at Store and Load. */
#include "debug/debug_internal.h"

void debug_ctx_Field_Store(HPyContext *ctx, HPy target_object, HPyField *target_field, HPy h)
{
    HPyContext *uctx = hpykit_debug_uctx(ctx);
    HPy u_target, u_h;
    if (hpykit_dh_unwrap(ctx, target_object, &u_target, "HPyField_Store", 0) < 0 ||
        hpykit_dh_unwrap(ctx, h, &u_h, "HPyField_Store", HPYKIT_DH_NULLABLE) < 0) {
        return;
    }
    uctx->ctx_Field_Store(uctx, u_target, target_field, u_h);
}

HPy debug_ctx_Field_Load(HPyContext *ctx, HPy source_object, HPyField source_field)
{
    HPyContext *uctx = hpykit_debug_uctx(ctx);
    HPy u_source;
    if (hpykit_dh_unwrap(ctx, source_object, &u_source, "HPyField_Load", HPYKIT_DH_RAISES) < 0) {
        return HPy_NULL;
    }
    return hpykit_dh_wrap(ctx, uctx->ctx_Field_Load(uctx, u_source, source_field));
}

void debug_ctx_Global_Store(HPyContext *ctx, HPyGlobal *global, HPy h)
{
    HPyContext *uctx = hpykit_debug_uctx(ctx);
    HPy u_h;
    if (hpykit_dh_unwrap(ctx, h, &u_h, "HPyGlobal_Store", HPYKIT_DH_NULLABLE) < 0) {
        return;
    }
    uctx->ctx_Global_Store(uctx, global, u_h);
}

HPy debug_ctx_Global_Load(HPyContext *ctx, HPyGlobal global)
{
    HPyContext *uctx = hpykit_debug_uctx(ctx);
    return hpykit_dh_wrap(ctx, uctx->ctx_Global_Load(uctx, global));
}
