/* List and tuple builders: the builder is the list or tuple under construction. Items
   are not stolen. Build refuses a container with an unset item, so Python code can never
   see a NULL slot. */
#ifndef HPY_CPYTHON_CTX_BUILDER_H
#define HPY_CPYTHON_CTX_BUILDER_H

/* The sequence's item slots are read and written with the public GET/SET_ITEM macros,
   which PyPy's cpyext provides too. */
/* A failed Set left its error pending (the builder has no room to remember it), so Build
   fails then too; and every item must have been set. On failure the container goes. */
#define _HPyBuilder_FINISH(KIND, SEQ, FUNC)                                         \
    do {                                                                            \
        Py_ssize_t _i, _n = KIND##_GET_SIZE(SEQ);                                   \
        if (PyErr_Occurred()) {                                                     \
            Py_DECREF(SEQ);                                                         \
            return HPy_NULL;                                                        \
        }                                                                           \
        for (_i = 0; _i < _n; _i++) {                                               \
            if (KIND##_GET_ITEM(SEQ, _i) == NULL) {                                 \
                Py_DECREF(SEQ);                                                     \
                PyErr_Format(PyExc_SystemError, "%s: item %zd was never set", FUNC, _i); \
                return HPy_NULL;                                                    \
            }                                                                       \
        }                                                                           \
        return _py2h(SEQ);                                                          \
    } while (0)

/* Set: items are not stolen; setting an index again replaces the item. */
#define _HPyBuilder_SET(KIND, SEQ, INDEX, ITEM, FUNC)                               \
    do {                                                                            \
        PyObject *_old;                                                             \
        if ((INDEX) < 0 || (INDEX) >= KIND##_GET_SIZE(SEQ)) {                       \
            PyErr_Format(PyExc_IndexError, "%s: index %zd out of range for a builder of size %zd", \
                         FUNC, (Py_ssize_t)(INDEX), KIND##_GET_SIZE(SEQ));          \
            return;                                                                 \
        }                                                                           \
        if ((ITEM) == NULL) {                                                       \
            PyErr_Format(PyExc_SystemError, "%s: item %zd is HPy_NULL", FUNC, (Py_ssize_t)(INDEX)); \
            return;                                                                 \
        }                                                                           \
        _old = KIND##_GET_ITEM(SEQ, INDEX);                                         \
        Py_INCREF(ITEM);                                                            \
        KIND##_SET_ITEM(SEQ, INDEX, ITEM);                                          \
        Py_XDECREF(_old);                                                           \
    } while (0)

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
    PyObject *list = (PyObject *)builder._lst, *item = _h2py(h_item);
    if (list != NULL) {
        _HPyBuilder_SET(PyList, list, index, item, "HPyListBuilder_Set");
    }
}

static inline HPy ctx_ListBuilder_Build(HPyContext *ctx, HPyListBuilder builder)
{
    (void)ctx;
    PyObject *list = (PyObject *)builder._lst;
    if (list == NULL) {
        return HPy_NULL; /* New failed and set the error */
    }
    _HPyBuilder_FINISH(PyList, list, "HPyListBuilder_Build");
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
    PyObject *tuple = (PyObject *)builder._tup, *item = _h2py(h_item);
    if (tuple != NULL) {
        _HPyBuilder_SET(PyTuple, tuple, index, item, "HPyTupleBuilder_Set");
    }
}

static inline HPy ctx_TupleBuilder_Build(HPyContext *ctx, HPyTupleBuilder builder)
{
    (void)ctx;
    PyObject *tuple = (PyObject *)builder._tup;
    if (tuple == NULL) {
        return HPy_NULL;
    }
    _HPyBuilder_FINISH(PyTuple, tuple, "HPyTupleBuilder_Build");
}

static inline void ctx_TupleBuilder_Cancel(HPyContext *ctx, HPyTupleBuilder builder)
{
    (void)ctx;
    Py_XDECREF((PyObject *)builder._tup);
}

#endif /* HPY_CPYTHON_CTX_BUILDER_H */
