/* List and tuple builders: the builder is the list or tuple under construction. Items
   are not stolen. Build refuses a container with an unset item, so Python code can never
   see a NULL slot. */
#ifndef HPY_CPYTHON_CTX_BUILDER_H
#define HPY_CPYTHON_CTX_BUILDER_H

/* Shared check of Build: no failed Set (its error is still pending: the builder has no
   room to remember it) and every item set. On failure the container is released. */
static inline PyObject *_HPyBuilder_Finish(PyObject *seq, PyObject **items, Py_ssize_t size,
                                           const char *func)
{
    Py_ssize_t i;
    if (PyErr_Occurred()) {
        Py_DECREF(seq);
        return NULL;
    }
    for (i = 0; i < size; i++) {
        if (items[i] == NULL) {
            Py_DECREF(seq);
            PyErr_Format(PyExc_SystemError, "%s: item %zd was never set", func, i);
            return NULL;
        }
    }
    return seq;
}

static inline int _HPyBuilder_Store(PyObject **items, Py_ssize_t size, Py_ssize_t index,
                                    PyObject *item, const char *func)
{
    if (index < 0 || index >= size) {
        PyErr_Format(PyExc_IndexError, "%s: index %zd out of range for a builder of size %zd",
                     func, index, size);
        return -1;
    }
    if (item == NULL) {
        PyErr_Format(PyExc_SystemError, "%s: item %zd is HPy_NULL", func, index);
        return -1;
    }
    PyObject *old = items[index];
    Py_INCREF(item);
    items[index] = item;
    Py_XDECREF(old);
    return 0;
}

static inline HPyListBuilder ctx_ListBuilder_New(HPyContext *ctx, HPy_ssize_t size)
{
    (void)ctx;
    HPyListBuilder builder;
    builder._lst = (intptr_t)PyList_New(size);
    return builder;
}

static inline void ctx_ListBuilder_Set(HPyContext *ctx, HPyListBuilder builder,
                                       HPy_ssize_t index, HPy h_item)
{
    (void)ctx;
    PyListObject *list = (PyListObject *)builder._lst;
    if (list != NULL) {
        (void)_HPyBuilder_Store(list->ob_item, Py_SIZE(list), index, _h2py(h_item),
                                "HPyListBuilder_Set");
    }
}

static inline HPy ctx_ListBuilder_Build(HPyContext *ctx, HPyListBuilder builder)
{
    (void)ctx;
    PyListObject *list = (PyListObject *)builder._lst;
    if (list == NULL) {
        return HPy_NULL; /* New failed and set the error */
    }
    return _py2h(_HPyBuilder_Finish((PyObject *)list, list->ob_item, Py_SIZE(list),
                                    "HPyListBuilder_Build"));
}

static inline void ctx_ListBuilder_Cancel(HPyContext *ctx, HPyListBuilder builder)
{
    (void)ctx;
    Py_XDECREF((PyObject *)builder._lst);
}

static inline HPyTupleBuilder ctx_TupleBuilder_New(HPyContext *ctx, HPy_ssize_t size)
{
    (void)ctx;
    HPyTupleBuilder builder;
    builder._tup = (intptr_t)PyTuple_New(size);
    return builder;
}

static inline void ctx_TupleBuilder_Set(HPyContext *ctx, HPyTupleBuilder builder,
                                        HPy_ssize_t index, HPy h_item)
{
    (void)ctx;
    PyObject *tuple = (PyObject *)builder._tup;
    if (tuple != NULL) {
        (void)_HPyBuilder_Store(&PyTuple_GET_ITEM(tuple, 0), PyTuple_GET_SIZE(tuple), index,
                                _h2py(h_item), "HPyTupleBuilder_Set");
    }
}

static inline HPy ctx_TupleBuilder_Build(HPyContext *ctx, HPyTupleBuilder builder)
{
    (void)ctx;
    PyObject *tuple = (PyObject *)builder._tup;
    if (tuple == NULL) {
        return HPy_NULL;
    }
    return _py2h(_HPyBuilder_Finish(tuple, &PyTuple_GET_ITEM(tuple, 0), PyTuple_GET_SIZE(tuple),
                                    "HPyTupleBuilder_Build"));
}

static inline void ctx_TupleBuilder_Cancel(HPyContext *ctx, HPyTupleBuilder builder)
{
    (void)ctx;
    Py_XDECREF((PyObject *)builder._tup);
}

#endif /* HPY_CPYTHON_CTX_BUILDER_H */
