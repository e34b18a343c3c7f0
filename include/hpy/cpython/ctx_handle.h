/* Handle lifetime on CPython: duplicating a handle is an incref, closing one a decref. */
#ifndef HPY_CPYTHON_CTX_HANDLE_H
#define HPY_CPYTHON_CTX_HANDLE_H

static inline HPy ctx_Dup(HPyContext *ctx, HPy h)
{
    PyObject *obj = _h2py(h);
    (void)ctx;
    if (obj != NULL) {
        _HPy_INCREF(obj);
    }
    return h;
}

static inline void ctx_Close(HPyContext *ctx, HPy h)
{
    (void)ctx;
    Py_XDECREF(_h2py(h));
}

static inline HPy ctx_FromPyObject(HPyContext *ctx, PyObject *obj)
{
    (void)ctx;
    Py_XINCREF(obj);
    return _py2h(obj);
}

static inline PyObject *ctx_AsPyObject(HPyContext *ctx, HPy h)
{
    (void)ctx;
    PyObject *obj = _h2py(h);
    Py_XINCREF(obj);
    return obj;
}

#endif /* HPY_CPYTHON_CTX_HANDLE_H */
