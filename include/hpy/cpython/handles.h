/* The CPython backend's handle representation: an HPy holds a PyObject * and an open
   handle owns one reference. Shared by CPython-ABI extensions and the universal loader. */
#ifndef HPY_CPYTHON_HANDLES_H
#define HPY_CPYTHON_HANDLES_H

static inline PyObject *_h2py(HPy h)
{
    return (PyObject *)h._i;
}

static inline HPy _py2h(PyObject *obj)
{
    HPy h;
    h._i = (intptr_t)obj;
    return h;
}

/* The incref behind HPy_Dup and the builders' Set. Python 3.12's Py_INCREF writes the
   low half of the reference count and Py_DECREF reads all of it: when HPy_Close follows
   soon, as it usually does, the CPU cannot forward that store to the load and the close
   stalls. Incrementing the whole count does the same for every object that is not
   immortal, and within one function the compiler can then cancel it against the
   decrement. */
#if PY_VERSION_HEX >= 0x030C0000 && SIZEOF_VOID_P > 4 && !defined(Py_GIL_DISABLED) && \
    !defined(PYPY_VERSION)
#  define _HPy_INCREF(op)                                                           \
    do {                                                                            \
        if (!_Py_IsImmortal(op)) {                                                  \
            (op)->ob_refcnt++;                                                      \
        }                                                                           \
    } while (0)
#else
#  define _HPy_INCREF(op) Py_INCREF(op)
#endif

/* An argument array of handles is the PyObject * array itself. */
static inline PyObject *const *_arr_h2py(const HPy *handles)
{
    return (PyObject *const *)handles;
}

static inline const HPy *_arr_py2h(PyObject *const *objects)
{
    return (const HPy *)objects;
}

#endif /* HPY_CPYTHON_HANDLES_H */
