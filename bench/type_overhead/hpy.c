/* The same type as capi.c with hpykit, built in the CPython and the universal ABI. */
#include "hpy.h"

typedef struct {
    double x;
    double y;
} PointObject;

HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    double x, y;
    PointObject *point;
    HPy h;
    (void)kw;
    if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "dd", &x, &y)) {
        return HPy_NULL;
    }
    h = HPy_New(ctx, cls, &point);
    if (!HPy_IsNull(h)) {
        point->x = x;
        point->y = y;
    }
    return h;
}

HPyDef_METH(Point_norm2, "norm2", HPyFunc_NOARGS)
static HPy Point_norm2_impl(HPyContext *ctx, HPy self)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    return HPyFloat_FromDouble(ctx, p->x * p->x + p->y * p->y);
}

static HPyDef *Point_defines[] = {&Point_new, &Point_norm2, NULL};
static HPyType_Spec Point_spec = {
    .name = "bench_type_hpy.Point", .basicsize = sizeof(PointObject), .itemsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT, .builtin_shape = HPyType_BuiltinShape_Object,
    .legacy_slots = NULL, .defines = Point_defines, .doc = NULL,
};

HPyDef_SLOT(exec_module, HPy_mod_exec)
static int exec_module_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Point", &Point_spec, NULL) ? 0 : -1;
}

static HPyDef *defines[] = {&exec_module, NULL};
static HPyModuleDef moduledef = {.doc = NULL, .size = 0, .legacy_methods = NULL,
                                 .defines = defines, .globals = NULL};
HPy_MODINIT(bench_type_hpy, moduledef)
