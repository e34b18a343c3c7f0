/* Universal trampolines that do not follow the pack-and-call pattern of
   autogen_trampolines.h. */
#ifndef HPY_UNIVERSAL_TRAMPOLINES_H
#define HPY_UNIVERSAL_TRAMPOLINES_H

#include <stdlib.h>

/* The runtime calls HPy_tp_destroy itself, never through this. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_DESTROYFUNC(SYM, IMPL)                          \
    static void SYM(void)                                                           \
    {                                                                               \
        abort();                                                                    \
    }

/* The capsule itself is the argument block: the runtime reads name, pointer, context. */
#define HPyCapsule_DESTRUCTOR_TRAMPOLINE(SYM, IMPL)                                 \
    static void SYM(cpy_PyObject *capsule)                                          \
    {                                                                               \
        _HPy_CallRealFunctionFromTrampoline(_ctx_for_trampolines,                   \
                                            HPyFunc_CAPSULE_DESTRUCTOR,             \
                                            _HPy_AS_CFUNCTION(IMPL), capsule);      \
    }

/* Py_mod_create's signature; the definition argument is not needed. */
#define _HPyFunc_TRAMPOLINE_HPyFunc_MOD_CREATE(SYM, IMPL)                           \
    static cpy_PyObject *SYM(cpy_PyObject *spec, cpy_PyModuleDef *def)              \
    {                                                                               \
        _HPyFunc_args_UNARYFUNC a = { spec, 0 };                                    \
        (void)def;                                                                  \
        _HPy_CallRealFunctionFromTrampoline(_ctx_for_trampolines, HPyFunc_MOD_CREATE, \
                                            _HPy_AS_CFUNCTION(IMPL), &a);           \
        return a.result;                                                            \
    }

#endif /* HPY_UNIVERSAL_TRAMPOLINES_H */
