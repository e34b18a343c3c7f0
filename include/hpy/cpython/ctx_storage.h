/* HPyGlobal and HPyField on CPython: each holds one strong reference. Fields are visited
   by the owner's tp_traverse, which is how the GC sees them. */
#ifndef HPY_CPYTHON_CTX_STORAGE_H
#define HPY_CPYTHON_CTX_STORAGE_H

static inline void _HPy_StoreRef(intptr_t *slot, PyObject *value)
{
    PyObject *old = (PyObject *)*slot;
    Py_XINCREF(value);
    *slot = (intptr_t)value;
    Py_XDECREF(old);
}

static inline void ctx_Global_Store(HPyContext *ctx, HPyGlobal *global, HPy h)
{
    (void)ctx;
    _HPy_StoreRef(&global->_i, _h2py(h));
}

static inline HPy ctx_Global_Load(HPyContext *ctx, HPyGlobal global)
{
    (void)ctx;
    PyObject *obj = (PyObject *)global._i;
    Py_XINCREF(obj); /* a global never stored loads as HPy_NULL */
    return _py2h(obj);
}

static inline void ctx_Field_Store(HPyContext *ctx, HPy target_object, HPyField *target_field,
                                   HPy h)
{
    (void)ctx;
    (void)target_object;
    _HPy_StoreRef(&target_field->_i, _h2py(h));
}

static inline HPy ctx_Field_Load(HPyContext *ctx, HPy source_object, HPyField source_field)
{
    (void)ctx;
    (void)source_object;
    PyObject *obj = (PyObject *)source_field._i;
    Py_XINCREF(obj); /* an empty field loads as HPy_NULL */
    return _py2h(obj);
}

#endif /* HPY_CPYTHON_CTX_STORAGE_H */
