/* Iteration (ABI 0.1). */
#ifndef HPY_CPYTHON_CTX_ITER_H
#define HPY_CPYTHON_CTX_ITER_H

/* PyIter_Next's contract exactly: HPy_NULL at the end, with no exception set. */
static inline HPy ctx_Iter_Next(HPyContext *ctx, HPy obj)
{
    (void)ctx;
    PyObject *it = _h2py(obj);
    if (!PyIter_Check(it)) {
        PyErr_Format(PyExc_TypeError, "HPyIter_Next: '%.200s' object is not an iterator",
                     Py_TYPE(it)->tp_name);
        return HPy_NULL;
    }
    return _py2h(PyIter_Next(it));
}

#endif /* HPY_CPYTHON_CTX_ITER_H */
