/* Lists and tuples made from C. HPy lists never hold NULL, so a new list is full of None. */
#ifndef HPY_CPYTHON_CTX_SEQUENCE_H
#define HPY_CPYTHON_CTX_SEQUENCE_H

static inline HPy ctx_List_New(HPyContext *ctx, HPy_ssize_t len)
{
    (void)ctx;
    Py_ssize_t i;
    PyObject *list = PyList_New(len);
    if (list == NULL) {
        return HPy_NULL;
    }
    for (i = 0; i < len; i++) {
        Py_INCREF(Py_None);
        PyList_SET_ITEM(list, i, Py_None);
    }
    return _py2h(list);
}

static inline HPy ctx_Tuple_FromArray(HPyContext *ctx, HPy items[], HPy_ssize_t n)
{
    (void)ctx;
    Py_ssize_t i;
    PyObject *tuple = PyTuple_New(n);
    if (tuple == NULL) {
        return HPy_NULL;
    }
    for (i = 0; i < n; i++) {
        PyObject *item = _h2py(items[i]);
        if (item == NULL) {
            Py_DECREF(tuple);
            PyErr_Format(PyExc_SystemError, "HPyTuple_FromArray: item %zd is HPy_NULL", i);
            return HPy_NULL;
        }
        Py_INCREF(item);
        PyTuple_SET_ITEM(tuple, i, item);
    }
    return _py2h(tuple);
}

#endif /* HPY_CPYTHON_CTX_SEQUENCE_H */
