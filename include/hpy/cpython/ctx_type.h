/* Types: placeholder until the type family lands (HPyType_FromSpec and friends). */
#ifndef HPY_CPYTHON_CTX_TYPE_H
#define HPY_CPYTHON_CTX_TYPE_H

static inline void *_HPy_NotYet(const char *what)
{
    PyErr_Format(PyExc_NotImplementedError, "%s is not implemented yet", what);
    return NULL;
}

static inline HPy ctx_Type_FromSpec(HPyContext *ctx, HPyType_Spec *spec, HPyType_SpecParam *params)
{ (void)ctx; (void)spec; (void)params; _HPy_NotYet("HPyType_FromSpec"); return HPy_NULL; }
static inline HPy ctx_Type_GenericNew(HPyContext *ctx, HPy type, const HPy *args, HPy_ssize_t nargs, HPy kw)
{ (void)ctx; (void)type; (void)args; (void)nargs; (void)kw; _HPy_NotYet("HPyType_GenericNew"); return HPy_NULL; }
static inline void *ctx_AsStruct_Object(HPyContext *ctx, HPy h) { (void)ctx; return (char *)_h2py(h) + sizeof(PyObject); }
static inline void *ctx_AsStruct_Legacy(HPyContext *ctx, HPy h) { (void)ctx; return _h2py(h); }
static inline void *ctx_AsStruct_Type(HPyContext *ctx, HPy h) { (void)ctx; (void)h; return _HPy_NotYet("_HPy_AsStruct_Type"); }
static inline void *ctx_AsStruct_Long(HPyContext *ctx, HPy h) { (void)ctx; (void)h; return _HPy_NotYet("_HPy_AsStruct_Long"); }
static inline void *ctx_AsStruct_Float(HPyContext *ctx, HPy h) { (void)ctx; (void)h; return _HPy_NotYet("_HPy_AsStruct_Float"); }
static inline void *ctx_AsStruct_Unicode(HPyContext *ctx, HPy h) { (void)ctx; (void)h; return _HPy_NotYet("_HPy_AsStruct_Unicode"); }
static inline void *ctx_AsStruct_Tuple(HPyContext *ctx, HPy h) { (void)ctx; (void)h; return _HPy_NotYet("_HPy_AsStruct_Tuple"); }
static inline void *ctx_AsStruct_List(HPyContext *ctx, HPy h) { (void)ctx; (void)h; return _HPy_NotYet("_HPy_AsStruct_List"); }
static inline HPy ctx_New(HPyContext *ctx, HPy h_type, void **data) { (void)ctx; (void)h_type; (void)data; _HPy_NotYet("HPy_New"); return HPy_NULL; }
static inline HPyType_BuiltinShape ctx_Type_GetBuiltinShape(HPyContext *ctx, HPy h_type) { (void)ctx; (void)h_type; return HPyType_BuiltinShape_Object; }
static inline const char *ctx_Type_GetName(HPyContext *ctx, HPy type)
{
    (void)ctx;
    const char *name = ((PyTypeObject *)_h2py(type))->tp_name, *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}
static inline int ctx_Type_IsSubtype(HPyContext *ctx, HPy sub, HPy type)
{
    (void)ctx;
    PyObject *s = _h2py(sub), *t = _h2py(type);
    if (!PyType_Check(s) || !PyType_Check(t)) {
        return 0;
    }
    return PyType_IsSubtype((PyTypeObject *)s, (PyTypeObject *)t);
}
static inline int ctx_SetCallFunction(HPyContext *ctx, HPy h, HPyCallFunction *func)
{ (void)ctx; (void)h; (void)func; _HPy_NotYet("HPy_SetCallFunction"); return -1; }

static inline int _HPy_CallTraverse(HPyFunc_traverseproc impl, PyObject *self, visitproc visit, void *arg)
{ (void)impl; (void)self; (void)visit; (void)arg; return 0; }

#endif /* HPY_CPYTHON_CTX_TYPE_H */
