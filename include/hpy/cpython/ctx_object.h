/* Object protocol functions that are more than one C-API call. */
#ifndef HPY_CPYTHON_CTX_OBJECT_H
#define HPY_CPYTHON_CTX_OBJECT_H

#include <stdio.h>

static inline HPy ctx_GetItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx)
{
    (void)ctx;
    PyObject *o = _h2py(obj), *key, *result;
    if (PyList_CheckExact(o) && (size_t)idx < (size_t)PyList_GET_SIZE(o)) {
        result = PyList_GET_ITEM(o, idx); /* o[idx] in range: no call */
        Py_INCREF(result);
        return _py2h(result);
    }
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

/* By hand only for PyPy: its headers (7.3) declare PyObject_DelItemString(PyObject *,
   char *), without const, so a CPython-ABI build there needs the cast to compile
   warning-free. The key is not modified. */
static inline int ctx_DelItem_s(HPyContext *ctx, HPy obj, const char *utf8_key)
{
    (void)ctx;
#ifdef PYPY_VERSION
    return PyMapping_DelItemString(_h2py(obj), (char *)utf8_key);
#else
    return PyMapping_DelItemString(_h2py(obj), utf8_key);
#endif
}

/* hasattr() semantics: any error is swallowed. Python 3.13's PyObject_HasAttr reports the
   error it swallows through sys.unraisablehook; the WithError variant lets us clear it. */
static inline int ctx_HasAttr(HPyContext *ctx, HPy obj, HPy name)
{
    (void)ctx;
#if PY_VERSION_HEX >= 0x030D0000
    int result = PyObject_HasAttrWithError(_h2py(obj), _h2py(name));
    if (result < 0) {
        PyErr_Clear();
        return 0;
    }
    return result;
#else
    return PyObject_HasAttr(_h2py(obj), _h2py(name));
#endif
}

static inline int ctx_HasAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name)
{
    (void)ctx;
#if PY_VERSION_HEX >= 0x030D0000
    int result = PyObject_HasAttrStringWithError(_h2py(obj), utf8_name);
    if (result < 0) {
        PyErr_Clear();
        return 0;
    }
    return result;
#else
    return PyObject_HasAttrString(_h2py(obj), utf8_name);
#endif
}

static inline int ctx_TypeCheck(HPyContext *ctx, HPy obj, HPy type)
{
    (void)ctx;
    PyObject *o = _h2py(obj), *t = _h2py(type);
    if (Py_TYPE(o) == (PyTypeObject *)t) {
        return 1; /* the common answer first: t is then a type without looking */
    }
    if (!PyType_Check(t)) {
        return 0;
    }
    return PyType_IsSubtype(Py_TYPE(o), (PyTypeObject *)t);
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
