/* pof: the HPy proof-of-concept module from the kick-off sprint, written against the
   HPy 0.9 API. The same source builds in the CPython, universal and hybrid ABIs. */
#include "hpy.h"

HPyDef_METH(do_nothing, "do_nothing", HPyFunc_NOARGS, .doc = "Return None.")
static HPy do_nothing_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(double_obj, "double", HPyFunc_O, .doc = "Return obj + obj.")
static HPy double_obj_impl(HPyContext *ctx, HPy self, HPy obj)
{
    (void)self;
    return HPy_Add(ctx, obj, obj);
}

HPyDef_METH(add_ints, "add_ints", HPyFunc_VARARGS, .doc = "add_ints(a, b): the sum of two C longs.")
static HPy add_ints_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll:add_ints", &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

HPyDef_METH(add_ints_kw, "add_ints_kw", HPyFunc_KEYWORDS,
            .doc = "add_ints_kw(a, b): like add_ints, with keywords.")
static HPy add_ints_kw_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                            HPy kwnames)
{
    static const char *keywords[] = {"a", "b", NULL};
    long a, b;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "ll:add_ints_kw", keywords,
                              &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

/* A small type, to show that types work the same way in every ABI. */
typedef struct {
    double x;
    double y;
} PointObject;

HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    static const char *keywords[] = {"x", "y", NULL};
    double x = 0.0, y = 0.0;
    PointObject *point;
    HPy h_point;
    if (!HPyArg_ParseKeywordsDict(ctx, NULL, args, nargs, kw, "|dd:Point", keywords, &x, &y)) {
        return HPy_NULL;
    }
    h_point = HPy_New(ctx, cls, &point);
    if (HPy_IsNull(h_point)) {
        return HPy_NULL;
    }
    point->x = x;
    point->y = y;
    return h_point;
}

HPyDef_MEMBER(Point_x, "x", HPyMember_DOUBLE, offsetof(PointObject, x), .doc = "x coordinate")
HPyDef_MEMBER(Point_y, "y", HPyMember_DOUBLE, offsetof(PointObject, y), .doc = "y coordinate")

HPyDef_SLOT(Point_repr, HPy_tp_repr)
static HPy Point_repr_impl(HPyContext *ctx, HPy self)
{
    PointObject *point = PointObject_AsStruct(ctx, self);
    HPy x = HPyFloat_FromDouble(ctx, point->x), y = HPyFloat_FromDouble(ctx, point->y);
    HPy result = HPy_NULL;
    if (!HPy_IsNull(x) && !HPy_IsNull(y)) {
        result = HPyUnicode_FromFormat(ctx, "Point(%R, %R)", x, y);
    }
    HPy_Close(ctx, x);
    HPy_Close(ctx, y);
    return result;
}

static HPyDef *Point_defines[] = {&Point_new, &Point_x, &Point_y, &Point_repr, NULL};

static HPyType_Spec Point_spec = {
    .name = "pof.Point",
    .basicsize = sizeof(PointObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Point_defines,
    .doc = "Point(x=0.0, y=0.0): a point in the plane.",
};

HPyDef_SLOT(pof_exec, HPy_mod_exec)
static int pof_exec_impl(HPyContext *ctx, HPy module)
{
    HPy abi = HPyUnicode_FromString(ctx, HPY_ABI);
    int result;
    if (!HPyHelpers_AddType(ctx, module, "Point", &Point_spec, NULL) || HPy_IsNull(abi)) {
        HPy_Close(ctx, abi);
        return -1;
    }
    result = HPy_SetAttr_s(ctx, module, "hpy_abi", abi);
    HPy_Close(ctx, abi);
    return result;
}

static HPyDef *module_defines[] = {
    &do_nothing, &double_obj, &add_ints, &add_ints_kw, &pof_exec, NULL
};

static HPyModuleDef moduledef = {
    .doc = "HPy Proof of Concept",
    .size = 0,
    .defines = module_defines,
};

HPy_MODINIT(pof, moduledef)
