/* Types across toolchains: a GC type with an HPyField, members, a getset, a method,
   tp_new, tp_repr, tp_traverse and tp_destroy. */
#include "hpy.h"
typedef struct { long x; long y; HPyField obj; } PointObject;
HPyType_HELPERS(PointObject)
HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    (void)kw; PointObject *p; HPy h = HPy_New(ctx, cls, &p);
    if (HPy_IsNull(h)) return HPy_NULL;
    p->x = nargs > 0 ? HPyLong_AsLong(ctx, args[0]) : 0;
    p->y = nargs > 1 ? HPyLong_AsLong(ctx, args[1]) : 0;
    if (nargs > 2) HPyField_Store(ctx, h, &p->obj, args[2]);
    return h;
}
HPyDef_SLOT(Point_traverse, HPy_tp_traverse)
static int Point_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{ PointObject *p = (PointObject *)self; HPy_VISIT(&p->obj); return 0; }
static int destroyed;
HPyDef_SLOT(Point_destroy, HPy_tp_destroy)
static void Point_destroy_impl(void *obj) { (void)obj; destroyed++; }
HPyDef_MEMBER(Point_x, "x", HPyMember_LONG, offsetof(PointObject, x), .doc = "x coord")
HPyDef_MEMBER(Point_y, "y", HPyMember_LONG, offsetof(PointObject, y), .readonly = 1)
HPyDef_MEMBER(Point_obj, "obj", HPyMember_OBJECT, offsetof(PointObject, obj))
HPyDef_GET(Point_z, "z", .doc = "x+y")
static HPy Point_z_get(HPyContext *ctx, HPy self, void *closure)
{ (void)closure; PointObject *p = PointObject_AsStruct(ctx, self); return HPyLong_FromLong(ctx, p->x + p->y); }
HPyDef_METH(Point_norm, "norm", HPyFunc_NOARGS)
static HPy Point_norm_impl(HPyContext *ctx, HPy self)
{ PointObject *p = PointObject_AsStruct(ctx, self); return HPyLong_FromLong(ctx, p->x*p->x + p->y*p->y); }
HPyDef_SLOT(Point_repr, HPy_tp_repr)
static HPy Point_repr_impl(HPyContext *ctx, HPy self)
{ (void)self; return HPyUnicode_FromString(ctx, "<Point>"); }
static HPyDef *Point_defines[] = { &Point_new, &Point_traverse, &Point_destroy, &Point_x, &Point_y, &Point_obj, &Point_z, &Point_norm, &Point_repr, NULL };
static HPyType_Spec Point_spec = { .name = "compat_types.Point", .basicsize = sizeof(PointObject), .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC | HPy_TPFLAGS_BASETYPE, .defines = Point_defines };
HPyDef_METH(ndestroyed, "ndestroyed", HPyFunc_NOARGS)
static HPy ndestroyed_impl(HPyContext *ctx, HPy self) { (void)self; return HPyLong_FromLong(ctx, destroyed); }
HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy m)
{
    HPy t = HPyType_FromSpec(ctx, &Point_spec, NULL);
    if (HPy_IsNull(t)) return -1;
    int r = HPy_SetAttr_s(ctx, m, "Point", t); HPy_Close(ctx, t); return r;
}
static HPyDef *defines[] = { &ndestroyed, &exec, NULL };
static HPyModuleDef moduledef = { .doc = "types with fields, members, getsets and GC", .defines = defines };
HPy_MODINIT(compat_types, moduledef)
