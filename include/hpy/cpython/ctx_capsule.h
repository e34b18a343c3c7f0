/* Capsules. The HPy destructor's CPython-side trampoline is what CPython calls. */
#ifndef HPY_CPYTHON_CTX_CAPSULE_H
#define HPY_CPYTHON_CTX_CAPSULE_H

static inline HPy ctx_Capsule_New(HPyContext *ctx, void *pointer, const char *utf8_name,
                                  HPyCapsule_Destructor *destructor)
{
    (void)ctx;
    PyCapsule_Destructor cpy_destructor = NULL;
    if (destructor != NULL) {
        if (destructor->cpy_trampoline == NULL || destructor->impl == NULL) {
            PyErr_SetString(PyExc_ValueError,
                            "HPyCapsule_New: the destructor needs a trampoline and an impl "
                            "(define it with HPyCapsule_DESTRUCTOR)");
            return HPy_NULL;
        }
        cpy_destructor = destructor->cpy_trampoline;
    }
    return _py2h(PyCapsule_New(pointer, utf8_name, cpy_destructor));
}

static inline void *ctx_Capsule_Get(HPyContext *ctx, HPy capsule, _HPyCapsule_key key,
                                    const char *utf8_name)
{
    (void)ctx;
    PyObject *c = _h2py(capsule);
    switch (key) {
    case HPyCapsule_key_Pointer:
        return PyCapsule_GetPointer(c, utf8_name);
    case HPyCapsule_key_Name:
        return (void *)PyCapsule_GetName(c);
    case HPyCapsule_key_Context:
        return PyCapsule_GetContext(c);
    case HPyCapsule_key_Destructor:
        PyErr_SetString(PyExc_ValueError, "HPyCapsule_Get: the destructor cannot be read");
        return NULL;
    }
    PyErr_Format(PyExc_SystemError, "HPyCapsule_Get: invalid key %d", (int)key);
    return NULL;
}

static inline int ctx_Capsule_Set(HPyContext *ctx, HPy capsule, _HPyCapsule_key key,
                                  void *value)
{
    (void)ctx;
    PyObject *c = _h2py(capsule);
    HPyCapsule_Destructor *destructor;
    switch (key) {
    case HPyCapsule_key_Pointer:
        return PyCapsule_SetPointer(c, value);
    case HPyCapsule_key_Name:
        return PyCapsule_SetName(c, (const char *)value);
    case HPyCapsule_key_Context:
        return PyCapsule_SetContext(c, value);
    case HPyCapsule_key_Destructor:
        destructor = (HPyCapsule_Destructor *)value;
        return PyCapsule_SetDestructor(c, destructor ? destructor->cpy_trampoline : NULL);
    }
    PyErr_Format(PyExc_SystemError, "HPyCapsule_Set: invalid key %d", (int)key);
    return -1;
}

static inline int ctx_Capsule_IsValid(HPyContext *ctx, HPy capsule, const char *utf8_name)
{
    (void)ctx;
    return PyCapsule_IsValid(_h2py(capsule), utf8_name);
}

#endif /* HPY_CPYTHON_CTX_CAPSULE_H */
