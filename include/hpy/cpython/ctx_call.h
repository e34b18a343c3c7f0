/* Calling objects: tuple/dict calls and vectorcall-style calls with keyword names. */
#ifndef HPY_CPYTHON_CTX_CALL_H
#define HPY_CPYTHON_CTX_CALL_H

static inline HPy ctx_CallTupleDict(HPyContext *ctx, HPy callable, HPy args, HPy kw)
{
    (void)ctx;
    PyObject *a = _h2py(args), *k = _h2py(kw), *result;
    if (a != NULL && !PyTuple_Check(a)) {
        PyErr_Format(PyExc_TypeError, "HPy_CallTupleDict requires args to be a tuple or "
                     "HPy_NULL, not %.200s", Py_TYPE(a)->tp_name);
        return HPy_NULL;
    }
    if (k != NULL && !PyDict_Check(k)) {
        PyErr_Format(PyExc_TypeError, "HPy_CallTupleDict requires kw to be a dict or "
                     "HPy_NULL, not %.200s", Py_TYPE(k)->tp_name);
        return HPy_NULL;
    }
    if (a == NULL) {
        a = PyTuple_New(0);
        if (a == NULL) {
            return HPy_NULL;
        }
        result = PyObject_Call(_h2py(callable), a, k);
        Py_DECREF(a);
        return _py2h(result);
    }
    return _py2h(PyObject_Call(_h2py(callable), a, k));
}

/* kwnames must be HPy_NULL or a tuple of str; say which function got it wrong. */
static inline int _HPy_CheckKwnames(PyObject *kwnames, const char *func)
{
    if (kwnames != NULL && !PyTuple_Check(kwnames)) {
        PyErr_Format(PyExc_TypeError, "%s requires kwnames to be a tuple or HPy_NULL, not %.200s",
                     func, Py_TYPE(kwnames)->tp_name);
        return -1;
    }
    return 0;
}

#if PY_VERSION_HEX < 0x03090000
/* Python 3.8 has no public vectorcall entry point: pack into a tuple and a dict. */
static inline PyObject *_HPy_CallPacked(PyObject *callable, PyObject *const *args, size_t nargs,
                                        PyObject *kwnames)
{
    Py_ssize_t i, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *tuple, *dict = NULL, *result = NULL;
    tuple = PyTuple_New((Py_ssize_t)nargs);
    if (tuple == NULL) {
        return NULL;
    }
    for (i = 0; i < (Py_ssize_t)nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(tuple, i, args[i]);
    }
    if (nkw > 0) {
        dict = PyDict_New();
        if (dict == NULL) {
            goto cleanup;
        }
        for (i = 0; i < nkw; i++) {
            if (PyDict_SetItem(dict, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0) {
                goto cleanup;
            }
        }
    }
    result = PyObject_Call(callable, tuple, dict);
cleanup:
    Py_XDECREF(dict);
    Py_DECREF(tuple);
    return result;
}
#endif

static inline HPy ctx_Call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs,
                           HPy kwnames)
{
    (void)ctx;
    PyObject *names = _h2py(kwnames);
    if (_HPy_CheckKwnames(names, "HPy_Call") < 0) {
        return HPy_NULL;
    }
#if PY_VERSION_HEX >= 0x03090000
    return _py2h(PyObject_Vectorcall(_h2py(callable), _arr_h2py(args), nargs, names));
#else
    return _py2h(_HPy_CallPacked(_h2py(callable), _arr_h2py(args), nargs, names));
#endif
}

static inline HPy ctx_CallMethod(HPyContext *ctx, HPy name, const HPy *args, size_t nargs,
                                 HPy kwnames)
{
    (void)ctx;
    PyObject *names = _h2py(kwnames);
    if (_HPy_CheckKwnames(names, "HPy_CallMethod") < 0) {
        return HPy_NULL;
    }
    if (nargs < 1) {
        PyErr_SetString(PyExc_TypeError, "HPy_CallMethod requires the receiver as args[0]");
        return HPy_NULL;
    }
#if PY_VERSION_HEX >= 0x03090000
    return _py2h(PyObject_VectorcallMethod(_h2py(name), _arr_h2py(args), nargs, names));
#else
    {
        PyObject *result, *method = PyObject_GetAttr(_h2py(args[0]), _h2py(name));
        if (method == NULL) {
            return HPy_NULL;
        }
        result = _HPy_CallPacked(method, _arr_h2py(args) + 1, nargs - 1, names);
        Py_DECREF(method);
        return _py2h(result);
    }
#endif
}

#endif /* HPY_CPYTHON_CTX_CALL_H */
