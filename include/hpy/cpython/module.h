/* Turning an HPyModuleDef into a multi-phase PyModuleDef. Used by HPy_MODINIT in the
   CPython ABI and by the universal loader: in both, methods and module slots are the
   extension's own CPython-side trampolines. */
#ifndef HPY_CPYTHON_MODULE_H
#define HPY_CPYTHON_MODULE_H

#include "hpy/common/moduledef_check.h"

#include <string.h>

/* The C function CPython calls for a method or a slot: the extension's own trampoline,
   except where the loader has a direct entry of its own for a binary it bound to the
   universal context (loader/ctx/direct_entries.c), which skips the trampoline's round
   trip through the context. */
#ifdef HPYKIT_LOADER
cpy_PyCFunction hpykit_meth_entry(const HPyMeth *meth);
void *hpykit_slot_entry(const HPySlot *slot);
#  define _HPyMeth_Entry(meth) hpykit_meth_entry(meth)
#  define _HPySlot_Entry(slot) hpykit_slot_entry(slot)
#else
#  define _HPyMeth_Entry(meth) ((meth)->cpy_trampoline)
#  define _HPySlot_Entry(slot) _HPy_FUNC_PTR((slot)->cpy_trampoline)
#endif

static inline int _HPyMeth_CallFlags(const HPyMeth *meth, const char *modname)
{
    switch (meth->signature) {
    case HPyFunc_VARARGS:
        return METH_FASTCALL;
    case HPyFunc_KEYWORDS:
        return METH_FASTCALL | METH_KEYWORDS;
    case HPyFunc_NOARGS:
        return METH_NOARGS;
    case HPyFunc_O:
        return METH_O;
    default:
        PyErr_Format(PyExc_SystemError,
                     "module '%s': method '%s' has signature %d; module-level functions must "
                     "be HPyFunc_VARARGS, HPyFunc_KEYWORDS, HPyFunc_NOARGS or HPyFunc_O",
                     modname, meth->name, (int)meth->signature);
        return -1;
    }
}

#ifdef _HPY_COLD_DECLARE_ONLY
_HPY_COLD_DECL PyModuleDef *_HPyModuleDef_AsCPython(HPyModuleDef *hpydef, const char *name,
                                                   int minor);
#else
/* Check the definition (hpy/common/moduledef_check.h) and count what goes into the
   CPython tables. */
static inline int _HPyModuleDef_Count(HPyModuleDef *hpydef, const char *name, int minor,
                                      Py_ssize_t *n_methods, Py_ssize_t *n_slots)
{
    _HPyModuleDef_Shape shape;
    char message[512];
    Py_ssize_t i;
    if (_HPyModuleDef_Check(hpydef, name, minor, &shape, message, sizeof(message)) < 0) {
        PyErr_SetString(PyExc_SystemError, message);
        return -1;
    }
    *n_methods = shape.n_methods;
    *n_slots = shape.n_execs + shape.n_creates;
    if (hpydef->legacy_methods != NULL) {
        for (i = 0; hpydef->legacy_methods[i].ml_name != NULL; i++) {
            (*n_methods)++;
        }
    }
    return 0;
}

/* The PyModuleDef, its methods and its slots live in one block that is never freed:
   CPython keeps pointing at a module definition for the rest of the process. */
_HPY_COLD PyModuleDef *_HPyModuleDef_AsCPython(HPyModuleDef *hpydef, const char *name,
                                                   int minor)
{
    Py_ssize_t n_methods, n_slots, i, m = 0, s = 0;
    size_t name_len = strlen(name) + 1, size;
    PyModuleDef *pydef;
    PyMethodDef *methods;
    PyModuleDef_Slot *slots;
    char *name_copy;

    if (_HPyModuleDef_Count(hpydef, name, minor, &n_methods, &n_slots) < 0) {
        return NULL;
    }
    size = sizeof(PyModuleDef) + (size_t)(n_methods + 1) * sizeof(PyMethodDef) +
           (size_t)(n_slots + 1) * sizeof(PyModuleDef_Slot) + name_len;
    pydef = (PyModuleDef *)PyMem_Calloc(1, size);
    if (pydef == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    methods = (PyMethodDef *)(pydef + 1);
    slots = (PyModuleDef_Slot *)(methods + n_methods + 1);
    name_copy = (char *)(slots + n_slots + 1);
    memcpy(name_copy, name, name_len);

    if (hpydef->legacy_methods != NULL) {
        for (i = 0; hpydef->legacy_methods[i].ml_name != NULL; i++) {
            methods[m++] = hpydef->legacy_methods[i];
        }
    }
    for (i = 0; hpydef->defines != NULL && hpydef->defines[i] != NULL; i++) {
        HPyDef *def = hpydef->defines[i];
        if (def->kind == HPyDef_Kind_Meth) {
            int flags = _HPyMeth_CallFlags(&def->meth, name);
            if (flags < 0) {
                goto error;
            }
            methods[m].ml_name = def->meth.name;
            methods[m].ml_meth = _HPy_FUNC_CAST(PyCFunction, _HPyMeth_Entry(&def->meth));
            methods[m].ml_flags = flags;
            methods[m].ml_doc = def->meth.doc;
            m++;
        }
        else {
            slots[s].slot = def->slot.slot == HPy_mod_exec ? Py_mod_exec : Py_mod_create;
            slots[s].value = _HPy_FUNC_PTR(def->slot.cpy_trampoline);
            s++;
        }
    }
    {
        static const PyModuleDef_Base head = PyModuleDef_HEAD_INIT;
        pydef->m_base = head;
    }
    pydef->m_name = name_copy;
    pydef->m_doc = hpydef->doc;
    pydef->m_size = hpydef->size;
    pydef->m_methods = methods;
    pydef->m_slots = slots;
    return pydef;

error:
    PyMem_Free(pydef);
    return NULL;
}
#endif /* _HPY_COLD_DECLARE_ONLY */

/* What HPy_MOD_CREATE implementations may return: anything but a module object. */
static inline PyObject *_HPy_CheckModCreateResult(PyObject *result)
{
    if (result != NULL && PyModule_Check(result)) {
        Py_DECREF(result);
        PyErr_SetString(PyExc_SystemError, _HPY_MOD_CREATE_RETURNED_A_MODULE);
        return NULL;
    }
    return result;
}

static inline void *ctx_Module_GetState(HPyContext *ctx, HPy module)
{
    (void)ctx;
    PyObject *m = _h2py(module);
    void *state;
    if (!PyModule_Check(m)) {
        PyErr_Format(PyExc_TypeError, "HPyModule_GetState: expected a module, got '%.200s'",
                     Py_TYPE(m)->tp_name);
        return NULL;
    }
    state = PyModule_GetState(m);
    if (state == NULL && !PyErr_Occurred()) {
        PyErr_Format(PyExc_SystemError, "HPyModule_GetState: module %R has no state "
                     "(HPyModuleDef.size is 0)", m);
    }
    return state;
}

#endif /* HPY_CPYTHON_MODULE_H */
