/* Object protocol functions that are more than one C-API call. */
#ifndef HPY_CPYTHON_CTX_OBJECT_H
#define HPY_CPYTHON_CTX_OBJECT_H

#include <stdio.h>

static inline HPy ctx_GetItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx)
{
    (void)ctx;
    PyObject *o = _h2py(obj), *key, *result;
    if (PyList_CheckExact(o) || PyTuple_CheckExact(o)) {
        return _py2h(PySequence_GetItem(o, idx)); /* same as o[idx], without a key object */
    }
    key = PyLong_FromSsize_t(idx);
    if (key == NULL) {
        return HPy_NULL;
    }
    result = PyObject_GetItem(o, key);
    Py_DECREF(key);
    return _py2h(result);
}

static inline int ctx_SetItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx, HPy value)
{
    (void)ctx;
    int result;
    PyObject *key = PyLong_FromSsize_t(idx);
    if (key == NULL) {
        return -1;
    }
    result = PyObject_SetItem(_h2py(obj), key, _h2py(value));
    Py_DECREF(key);
    return result;
}

static inline int ctx_DelItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx)
{
    (void)ctx;
    int result;
    PyObject *key = PyLong_FromSsize_t(idx);
    if (key == NULL) {
        return -1;
    }
    result = PyObject_DelItem(_h2py(obj), key);
    Py_DECREF(key);
    return result;
}

static inline int ctx_TypeCheck(HPyContext *ctx, HPy obj, HPy type)
{
    (void)ctx;
    PyObject *t = _h2py(type);
    if (!PyType_Check(t)) {
        return 0;
    }
    return PyObject_TypeCheck(_h2py(obj), (PyTypeObject *)t);
}

static inline int ctx_Is(HPyContext *ctx, HPy obj, HPy other)
{
    (void)ctx;
    return _h2py(obj) == _h2py(other);
}

/* Debugging aid: print what is known about an object to stderr, without raising. */
static inline void ctx_Dump(HPyContext *ctx, HPy h)
{
    (void)ctx;
    PyObject *obj = _h2py(h), *type, *value, *tb, *repr;
    fprintf(stderr, "object address  : %p\n", (void *)obj);
    if (obj == NULL) {
        fprintf(stderr, "object          : NULL\n");
        return;
    }
    fprintf(stderr, "object refcount : %ld\n", (long)Py_REFCNT(obj));
    fprintf(stderr, "object type     : %s\n", Py_TYPE(obj)->tp_name);
    PyErr_Fetch(&type, &value, &tb);
    repr = PyObject_Repr(obj);
    if (repr != NULL && PyUnicode_Check(repr)) {
        const char *text = PyUnicode_AsUTF8(repr);
        fprintf(stderr, "object repr     : %s\n", text != NULL ? text : "<unprintable>");
    }
    else {
        fprintf(stderr, "object repr     : <repr() failed>\n");
    }
    Py_XDECREF(repr);
    PyErr_Clear();
    PyErr_Restore(type, value, tb);
    fflush(stderr);
}

#endif /* HPY_CPYTHON_CTX_OBJECT_H */
