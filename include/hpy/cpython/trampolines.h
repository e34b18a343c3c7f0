/* CPython-ABI trampolines whose conversion is not mechanical (the mechanical ones are in
   autogen_trampolines.h): argument arrays, tuple/dict calls, buffers, GC traversal,
   capsule destructors and module creation. Each calls the implementation directly. */
#ifndef HPY_CPYTHON_TRAMPOLINES_H
#define HPY_CPYTHON_TRAMPOLINES_H

#include <stdlib.h>

#define _HPyFunc_TRAMPOLINE_HPyFunc_VARARGS(SYM, IMPL)                              \
    static PyObject *SYM(PyObject *self, PyObject *const *args, Py_ssize_t nargs)  \
    {                                                                               \
        return _h2py(IMPL(_HPyGetContext(), _py2h(self), _arr_py2h(args), (size_t)nargs)); \
    }

#define _HPyFunc_TRAMPOLINE_HPyFunc_KEYWORDS(SYM, IMPL)                             \
    static PyObject *SYM(PyObject *self, PyObject *const *args, size_t nargsf,     \
                         PyObject *kwnames)                                         \
    {                                                                               \
        return _h2py(IMPL(_HPyGetContext(), _py2h(self), _arr_py2h(args),          \
                          (size_t)PyVectorcall_NARGS(nargsf), _py2h(kwnames)));     \
    }

/* tp_new and tp_init get the tuple's items as the argument array. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_NEWFUNC(SYM, IMPL)                              \
    static PyObject *SYM(PyObject *self, PyObject *args, PyObject *kw)             \
    {                                                                               \
        return _h2py(IMPL(_HPyGetContext(), _py2h(self), _arr_py2h(&PyTuple_GET_ITEM(args, 0)), \
                          PyTuple_GET_SIZE(args), _py2h(kw)));                      \
    }

#define _HPyFunc_TRAMPOLINE_HPyFunc_INITPROC(SYM, IMPL)                             \
    static int SYM(PyObject *self, PyObject *args, PyObject *kw)                   \
    {                                                                               \
        return IMPL(_HPyGetContext(), _py2h(self), _arr_py2h(&PyTuple_GET_ITEM(args, 0)), \
                    PyTuple_GET_SIZE(args), _py2h(kw));                             \
    }

/* HPy_buffer has Py_buffer's layout, with the owner as a handle holding the same pointer. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_GETBUFFERPROC(SYM, IMPL)                        \
    static int SYM(PyObject *self, Py_buffer *view, int flags)                     \
    {                                                                               \
        return IMPL(_HPyGetContext(), _py2h(self), (HPy_buffer *)view, flags);      \
    }

#define _HPyFunc_TRAMPOLINE_HPyFunc_RELEASEBUFFERPROC(SYM, IMPL)                    \
    static void SYM(PyObject *self, Py_buffer *view)                               \
    {                                                                               \
        IMPL(_HPyGetContext(), _py2h(self), (HPy_buffer *)view);                    \
    }

/* The runtime calls HPy_tp_destroy itself, never through this. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_DESTROYFUNC(SYM, IMPL)                          \
    static void SYM(void)                                                           \
    {                                                                               \
        abort();                                                                    \
    }

#define _HPyFunc_TRAMPOLINE_HPyFunc_TRAVERSEPROC(SYM, IMPL)                         \
    static int SYM(PyObject *self, visitproc visit, void *arg)                     \
    {                                                                               \
        return _HPy_CallTraverse(IMPL, self, visit, arg);                           \
    }

#define HPyCapsule_DESTRUCTOR_TRAMPOLINE(SYM, IMPL)                                 \
    static void SYM(PyObject *capsule)                                              \
    {                                                                               \
        const char *name = PyCapsule_GetName(capsule);                              \
        IMPL(name, PyCapsule_GetPointer(capsule, name), PyCapsule_GetContext(capsule)); \
    }

#define _HPyFunc_TRAMPOLINE_HPyFunc_MOD_CREATE(SYM, IMPL)                           \
    static PyObject *SYM(PyObject *spec, PyModuleDef *def)                         \
    {                                                                               \
        (void)def;                                                                  \
        return _HPy_CheckModCreateResult(_h2py(IMPL(_HPyGetContext(), _py2h(spec)))); \
    }

#endif /* HPY_CPYTHON_TRAMPOLINES_H */
