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
