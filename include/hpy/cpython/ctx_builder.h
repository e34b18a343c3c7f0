/* List and tuple builders: the builder is the list or tuple under construction. Items
   are not stolen. Each index must be set exactly once. Set checks its index and its item,
   because a bad one would corrupt memory or crash at once; whether an index is set twice
   (the earlier item leaks) or never (Python would see a NULL slot) is, as with
   PyList_SET_ITEM, the extension's to get right: checking it would cost the common path
   a load per item and Build a pass over every item. Debug mode checks both
   (loader/debug/debug_builder.c). */
#ifndef HPY_CPYTHON_CTX_BUILDER_H
#define HPY_CPYTHON_CTX_BUILDER_H

/* The sequence's item slots are read and written with the public GET/SET_ITEM macros,
   which PyPy's cpyext provides too. */
/* A failed Set left its error pending (the builder has no room to remember it), so Build
   fails then too, and the container goes. */
#define _HPyBuilder_FINISH(SEQ)                                                     \
    do {                                                                            \
        if (PyErr_Occurred()) {                                                     \
            Py_DECREF(SEQ);                                                         \
            return HPy_NULL;                                                        \
        }                                                                           \
        return _py2h(SEQ);                                                          \
    } while (0)

/* Set's failures, out of line: a failed New (seq is NULL), an index out of range, an
   HPy_NULL item. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((unused, noinline, cold))
#endif
static void _HPyBuilder_SetFailed(PyObject *seq, int is_list, Py_ssize_t index,
                                  PyObject *item, const char *func)
{
    Py_ssize_t size;
    if (seq == NULL) {
        return; /* New failed and set the error; Build reports it */
    }
    size = is_list ? PyList_GET_SIZE(seq) : PyTuple_GET_SIZE(seq);
    if (index < 0 || index >= size) {
        PyErr_Format(PyExc_IndexError, "%s: index %zd out of range for a builder of size %zd",
                     func, index, size);
        return;
    }
    (void)item; /* the only case left */
    PyErr_Format(PyExc_SystemError, "%s: item %zd is HPy_NULL", func, index);
}

#if defined(__GNUC__) || defined(__clang__)
#  define _HPy_LIKELY(cond) __builtin_expect(!!(cond), 1)
#else
#  define _HPy_LIKELY(cond) (cond)
#endif

/* Set: the common case is a few instructions inline, which also lets the compiler cancel
   Set's incref against the HPy_Close that usually follows. */
#define _HPyBuilder_SET(KIND, IS_LIST, SEQ, INDEX, ITEM, FUNC)                      \
    do {                                                                            \
        if (_HPy_LIKELY((SEQ) != NULL && (size_t)(INDEX) < (size_t)KIND##_GET_SIZE(SEQ) && \
                        (ITEM) != NULL)) {                                          \
            _HPy_INCREF(ITEM);                                                      \
            KIND##_SET_ITEM(SEQ, INDEX, ITEM);                                      \
        }                                                                           \
        else {                                                                      \
            _HPyBuilder_SetFailed(SEQ, IS_LIST, INDEX, ITEM, FUNC);                 \
        }                                                                           \
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
    _HPyBuilder_SET(PyList, 1, list, index, item, "HPyListBuilder_Set");
}

static inline HPy ctx_ListBuilder_Build(HPyContext *ctx, HPyListBuilder builder)
{
    (void)ctx;
    PyObject *list = (PyObject *)builder._lst;
    if (list == NULL) {
        return HPy_NULL; /* New failed and set the error */
    }
    _HPyBuilder_FINISH(list);
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
    _HPyBuilder_SET(PyTuple, 0, tuple, index, item, "HPyTupleBuilder_Set");
}

static inline HPy ctx_TupleBuilder_Build(HPyContext *ctx, HPyTupleBuilder builder)
{
    (void)ctx;
    PyObject *tuple = (PyObject *)builder._tup;
    if (tuple == NULL) {
        return HPy_NULL;
    }
    _HPyBuilder_FINISH(tuple);
}

static inline void ctx_TupleBuilder_Cancel(HPyContext *ctx, HPyTupleBuilder builder)
{
    (void)ctx;
    Py_XDECREF((PyObject *)builder._tup);
}

#endif /* HPY_CPYTHON_CTX_BUILDER_H */
