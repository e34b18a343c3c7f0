/* The checks of an HPyModuleDef, written once so that every runtime refuses a bad
   definition with the same message: the CPython ABI's HPy_MODINIT and the universal loader
   (hpy/cpython/module.h) and the PyPy bridge (loader/pypy/bridge_load.c). Plain C with no
   Python API: the caller raises SystemError with the message. */
#ifndef HPY_COMMON_MODULEDEF_CHECK_H
#define HPY_COMMON_MODULEDEF_CHECK_H

#include <stdio.h>

/* The SystemError raised when an HPy_mod_create implementation returns a module. */
#define _HPY_MOD_CREATE_RETURNED_A_MODULE                                                   \
    "HPy_mod_create returned a module object; it must create some other object (the "      \
    "runtime makes module objects itself)"

/* What a valid definition holds (legacy methods are not counted: in the universal ABI
   their type is opaque). */
typedef struct {
    HPy_ssize_t n_methods; /* HPyDef_Kind_Meth defines */
    HPy_ssize_t n_execs;   /* HPy_mod_exec slots */
    HPy_ssize_t n_creates; /* HPy_mod_create slots: 0 or 1 */
} _HPyModuleDef_Shape;

/* 0 if hpydef is a valid definition of module name for a binary built for ABI minor
   (module state, size > 0, exists from minor 1 on), shape filled; -1 with the reason in
   message otherwise. */
static inline int _HPyModuleDef_Check(const HPyModuleDef *hpydef, const char *name, int minor,
                                      _HPyModuleDef_Shape *shape, char *message, size_t size)
{
    HPy_ssize_t i;
    shape->n_methods = 0;
    shape->n_execs = 0;
    shape->n_creates = 0;
    if (hpydef->size < 0 || (hpydef->size > 0 && minor < 1)) {
        snprintf(message, size, "module '%s': HPyModuleDef.size must be 0 (per-module state "
                 "needs HPy ABI 0.1: build with -DHPY_TARGET_ABI_MINOR=1), got %lld", name,
                 (long long)hpydef->size);
        return -1;
    }
    for (i = 0; hpydef->defines != NULL && hpydef->defines[i] != NULL; i++) {
        const HPyDef *def = hpydef->defines[i];
        if (def->kind == HPyDef_Kind_Meth) {
            shape->n_methods++;
        }
        else if (def->kind == HPyDef_Kind_Slot && def->slot.slot == HPy_mod_exec) {
            shape->n_execs++;
        }
        else if (def->kind == HPyDef_Kind_Slot && def->slot.slot == HPy_mod_create) {
            shape->n_creates++;
        }
        else {
            snprintf(message, size, "module '%s': define #%lld is not allowed in a module "
                     "(kind %d%s); only methods, HPy_mod_create and HPy_mod_exec are", name,
                     (long long)i, (int)def->kind,
                     def->kind == HPyDef_Kind_Slot ? ", a type slot" : "");
            return -1;
        }
    }
    if (shape->n_creates > 1) {
        snprintf(message, size, "module '%s': HPy_mod_create is defined %lld times", name,
                 (long long)shape->n_creates);
        return -1;
    }
    if (shape->n_creates == 1 &&
        (i != 1 || hpydef->doc != NULL || hpydef->legacy_methods != NULL ||
         (hpydef->globals != NULL && hpydef->globals[0] != NULL))) {
        snprintf(message, size, "module '%s': a module with HPy_mod_create must define "
                 "nothing else (no other defines, doc, legacy_methods or globals)", name);
        return -1;
    }
    return 0;
}

#endif /* HPY_COMMON_MODULEDEF_CHECK_H */
