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

/* A NULL source gives zero-filled bytes (the C-API would leave them uninitialised). */
static inline HPy ctx_Bytes_FromStringAndSize(HPyContext *ctx, const char *bytes,
                                              HPy_ssize_t len)
{
    (void)ctx;
    PyObject *result = PyBytes_FromStringAndSize(bytes, len);
    if (result != NULL && bytes == NULL) {
        memset(PyBytes_AS_STRING(result), 0, (size_t)len);
    }
    return _py2h(result);
}

static inline int ctx_Slice_Unpack(HPyContext *ctx, HPy slice, HPy_ssize_t *start,
                                   HPy_ssize_t *stop, HPy_ssize_t *step)
{
    (void)ctx;
    PyObject *s = _h2py(slice);
    if (!PySlice_Check(s)) {
        PyErr_Format(PyExc_TypeError, "HPySlice_Unpack: expected a slice, got '%.200s'",
                     Py_TYPE(s)->tp_name);
        return -1;
    }
    return PySlice_Unpack(s, start, stop, step);
}

#endif /* HPY_CPYTHON_CTX_SEQUENCE_H */
