/* HPyField and HPyGlobal in debug mode: they keep storing what the universal context
   stores (the object); debug handles are converted at Store and Load. */
#include "debug/debug_internal.h"

/* An HPyField lives in the C struct of the object that owns it: within the object's
   basicsize (plus its items, for variable-size types). -1 once reported. */
static int check_field_inside(HPy target, HPy u_target, HPyField *field)
{
    PyObject *obj = _h2py(u_target);
    char *start = (char *)obj, *p = (char *)field;
    Py_ssize_t size = Py_TYPE(obj)->tp_basicsize;
    char desc[HPYKIT_DESC_SIZE];
    if (Py_TYPE(obj)->tp_itemsize != 0) {
        size += Py_TYPE(obj)->tp_itemsize * Py_SIZE(obj);
    }
    if (p >= start && p + sizeof(HPyField) <= start + size) {
        return 0;
    }
    hpykit_dh_describe(hpykit_dh_of(target), desc, sizeof(desc));
    hpykit_debug_report("HPyField outside its object", "HPyField_Store", 0,
                        "the HPyField at %p is not inside the %s (%zd bytes at %p); a field "
                        "must be a member of the target object's struct", (void *)field, desc,
                        size, (void *)obj);
    return -1;
}

void debug_ctx_Field_Store(HPyContext *ctx, HPy target_object, HPyField *target_field, HPy h)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyField_Store", 0);
    HPy u_target, u_h;
    if (hpykit_dh_unwrap(ctx, target_object, &u_target, "HPyField_Store", 0) < 0 ||
        hpykit_dh_unwrap(ctx, h, &u_h, "HPyField_Store", HPYKIT_DH_NULLABLE) < 0 ||
        check_field_inside(target_object, u_target, target_field) < 0) {
        return;
    }
    uctx->ctx_Field_Store(uctx, u_target, target_field, u_h);
}

HPy debug_ctx_Field_Load(HPyContext *ctx, HPy source_object, HPyField source_field)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyField_Load", 0);
    HPy u_source;
    if (hpykit_dh_unwrap(ctx, source_object, &u_source, "HPyField_Load", HPYKIT_DH_RAISES) < 0) {
        return HPy_NULL;
    }
    return hpykit_dh_wrap(ctx, uctx->ctx_Field_Load(uctx, u_source, source_field));
}

void debug_ctx_Global_Store(HPyContext *ctx, HPyGlobal *global, HPy h)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyGlobal_Store", 0);
    HPy u_h;
    if (hpykit_dh_unwrap(ctx, h, &u_h, "HPyGlobal_Store", HPYKIT_DH_NULLABLE) < 0) {
        return;
    }
    uctx->ctx_Global_Store(uctx, global, u_h);
}

HPy debug_ctx_Global_Load(HPyContext *ctx, HPyGlobal global)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyGlobal_Load", 0);
    return hpykit_dh_wrap(ctx, uctx->ctx_Global_Load(uctx, global));
}
