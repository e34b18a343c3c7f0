/* HPyModuleDef: what HPy_MODINIT hands to the runtime. */
#ifndef HPY_COMMON_MODULE_H
#define HPY_COMMON_MODULE_H

typedef struct {
    const char *doc;
    HPy_ssize_t size;                /* must be 0: HPy 0.9 modules have no state */
    cpy_PyMethodDef *legacy_methods; /* hybrid and CPython ABIs only */
    HPyDef **defines;                /* NULL-terminated: methods, HPy_mod_create/exec */
    HPyGlobal **globals;             /* NULL-terminated */
} HPyModuleDef;

#endif /* HPY_COMMON_MODULE_H */
