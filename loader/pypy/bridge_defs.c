/* hpy0 definitions -> PyPy 0.0.4 definitions: the same structs, with impls replaced by
   thunks, slots PyPy lacks turned into special methods (tp_call -> __call__, tp_hash ->
   __hash__, tp_str -> __str__: on PyPy a special method is a type attribute like any
   other), and HPyType_FromSpec over PyPy's. Converted arrays are cached by source array
   and context and kept for the life of the process, as PyPy keeps pointers into them. */
#include "pypy/bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_error(hpykit_pp_mode *mode, HPy type, const char *fmt, const char *a,
                      const char *b)
{
    char message[512];
    snprintf(message, sizeof(message), fmt, a ? a : "?", b ? b : "?");
    mode->pp->ctx_Err_SetString(mode->pp, type, message);
}

/* PyPy 0.0.4 type slots: the hpy0 slots with the same number and signature. */
static int slot_supported(int slot)
{
    return (slot >= 1 && slot <= 46) || slot == HPy_tp_init || slot == HPy_tp_new ||
           slot == HPy_tp_repr || slot == HPy_tp_richcompare || slot == HPy_tp_traverse ||
           slot == HPy_nb_matrix_multiply || slot == HPy_nb_inplace_matrix_multiply ||
           slot == HPy_tp_finalize || slot == HPy_tp_destroy;
}

static HPyFunc_Signature slot_signature(int slot)
{
    switch (slot) {
#define S(NAME) case NAME: return HPySlot_SIG(NAME);
    S(HPy_bf_getbuffer) S(HPy_bf_releasebuffer) S(HPy_mp_ass_subscript) S(HPy_mp_length)
    S(HPy_mp_subscript) S(HPy_nb_absolute) S(HPy_nb_add) S(HPy_nb_and) S(HPy_nb_bool)
    S(HPy_nb_divmod) S(HPy_nb_float) S(HPy_nb_floor_divide) S(HPy_nb_index)
    S(HPy_nb_inplace_add) S(HPy_nb_inplace_and) S(HPy_nb_inplace_floor_divide)
    S(HPy_nb_inplace_lshift) S(HPy_nb_inplace_multiply) S(HPy_nb_inplace_or)
    S(HPy_nb_inplace_power) S(HPy_nb_inplace_remainder) S(HPy_nb_inplace_rshift)
    S(HPy_nb_inplace_subtract) S(HPy_nb_inplace_true_divide) S(HPy_nb_inplace_xor)
    S(HPy_nb_int) S(HPy_nb_invert) S(HPy_nb_lshift) S(HPy_nb_multiply) S(HPy_nb_negative)
    S(HPy_nb_or) S(HPy_nb_positive) S(HPy_nb_power) S(HPy_nb_remainder) S(HPy_nb_rshift)
    S(HPy_nb_subtract) S(HPy_nb_true_divide) S(HPy_nb_xor) S(HPy_sq_ass_item)
    S(HPy_sq_concat) S(HPy_sq_contains) S(HPy_sq_inplace_concat) S(HPy_sq_inplace_repeat)
    S(HPy_sq_item) S(HPy_sq_length) S(HPy_sq_repeat) S(HPy_tp_init) S(HPy_tp_new)
    S(HPy_tp_repr) S(HPy_tp_richcompare) S(HPy_tp_traverse) S(HPy_nb_matrix_multiply)
    S(HPy_nb_inplace_matrix_multiply) S(HPy_tp_finalize) S(HPy_tp_destroy)
#undef S
    default:
        return (HPyFunc_Signature)0;
    }
}

static int convert_slot(hpykit_pp_mode *mode, const HPyDef *src, hpykit_def004 *dst,
                        const char *owner)
{
    int slot = (int)src->slot.slot;
    void *impl = (void *)src->slot.impl;
    void *code;
    if (slot == HPy_tp_destroy || slot == HPy_tp_traverse) {
        /* no context argument: PyPy calls the impl itself */
        dst->kind = HPyDef_Kind_Slot;
        dst->slot.slot = src->slot.slot;
        dst->slot.impl = src->slot.impl;
        return 0;
    }
    if (slot == HPy_tp_call || slot == HPy_tp_hash || slot == HPy_tp_str) {
        dst->kind = HPyDef_Kind_Meth;
        if (slot == HPy_tp_call) {
            dst->meth.name = "__call__";
            dst->meth.signature = HPyFunc_KEYWORDS;
            code = hpykit_pp_adapter_for(mode, HPYKIT_PP_KEYWORDS, impl);
        }
        else if (slot == HPy_tp_hash) {
            dst->meth.name = "__hash__";
            dst->meth.signature = HPyFunc_NOARGS;
            code = hpykit_pp_adapter_for(mode, HPYKIT_PP_HASH_METH, impl);
        }
        else {
            dst->meth.name = "__str__";
            dst->meth.signature = HPyFunc_NOARGS;
            code = hpykit_pp_thunk_for(mode, HPyFunc_NOARGS, impl);
        }
        dst->meth.impl = (HPyCFunction)code;
        return code == NULL ? -1 : 0;
    }
    if (!slot_supported(slot)) {
        char num[32];
        snprintf(num, sizeof(num), "%d", slot);
        set_error(mode, mode->pp->h_SystemError,
                  "hpykit on PyPy: %s: HPySlot %s is not supported by PyPy's HPy", owner, num);
        return -1;
    }
    code = hpykit_pp_thunk_for(mode, slot_signature(slot), impl);
    if (code == NULL) {
        return -1;
    }
    dst->kind = HPyDef_Kind_Slot;
    dst->slot.slot = src->slot.slot;
    dst->slot.impl = (HPyCFunction)code;
    return 0;
}

static int convert_one(hpykit_pp_mode *mode, const HPyDef *src, hpykit_def004 *dst,
                       const char *owner)
{
    void *code;
    switch (src->kind) {
    case HPyDef_Kind_Slot:
        return convert_slot(mode, src, dst, owner);
    case HPyDef_Kind_Meth:
        if ((int)src->meth.signature < HPyFunc_VARARGS || (int)src->meth.signature > HPyFunc_O) {
            set_error(mode, mode->pp->h_SystemError,
                      "hpykit on PyPy: %s.%s: invalid method signature", owner, src->meth.name);
            return -1;
        }
        code = hpykit_pp_thunk_for(mode, src->meth.signature, (void *)src->meth.impl);
        if (code == NULL) {
            return -1;
        }
        *dst = *src;
        dst->meth.impl = (HPyCFunction)code;
        dst->meth.cpy_trampoline = NULL;
        return 0;
    default:
        set_error(mode, mode->pp->h_SystemError, "hpykit on PyPy: %s: invalid HPyDef kind%s",
                  owner, "");
        return -1;
    }
}

/* ---- reflected operators ----------------------------------------------------------------

   CPython calls a binary number slot for either operand (5 + obj runs obj's nb_add with 5
   on the left); PyPy's HPy makes a slot only its left-operand method (__add__). So the
   bridge adds the reflected method (__radd__), an adapter calling the same impl with the
   operands swapped; sq_repeat gets __rmul__ unless nb_multiply gives one. */

static const char *reflected_name(int slot)
{
    switch (slot) {
    case HPy_nb_add: return "__radd__";
    case HPy_nb_subtract: return "__rsub__";
    case HPy_nb_multiply: return "__rmul__";
    case HPy_nb_remainder: return "__rmod__";
    case HPy_nb_divmod: return "__rdivmod__";
    case HPy_nb_lshift: return "__rlshift__";
    case HPy_nb_rshift: return "__rrshift__";
    case HPy_nb_and: return "__rand__";
    case HPy_nb_xor: return "__rxor__";
    case HPy_nb_or: return "__ror__";
    case HPy_nb_floor_divide: return "__rfloordiv__";
    case HPy_nb_true_divide: return "__rtruediv__";
    case HPy_nb_matrix_multiply: return "__rmatmul__";
    case HPy_nb_power: return "__rpow__";
    case HPy_sq_repeat: return "__rmul__";
    default: return NULL;
    }
}

static int has_slot(HPyDef **defines, int slot)
{
    size_t i;
    for (i = 0; defines[i] != NULL; i++) {
        if (defines[i]->kind == HPyDef_Kind_Slot && (int)defines[i]->slot.slot == slot) {
            return 1;
        }
    }
    return 0;
}

/* 1: the reflected method of slot def src written to dst; 0: none; -1: error set */
static int convert_reflected(hpykit_pp_mode *mode, HPyDef **defines, const HPyDef *src,
                             hpykit_def004 *dst)
{
    int slot = (int)src->slot.slot;
    const char *name = reflected_name(slot);
    hpykit_pp_adapter adapter = HPYKIT_PP_REFLECTED;
    void *code;
    if (name == NULL || (slot == HPy_sq_repeat && has_slot(defines, HPy_nb_multiply))) {
        return 0;
    }
    if (slot == HPy_nb_power) {
        adapter = HPYKIT_PP_RPOW;
    }
    else if (slot == HPy_sq_repeat) {
        adapter = HPYKIT_PP_RREPEAT;
    }
    code = hpykit_pp_adapter_for(mode, adapter, (void *)src->slot.impl);
    if (code == NULL) {
        return -1;
    }
    dst->kind = HPyDef_Kind_Meth;
    dst->meth.name = name;
    dst->meth.impl = (HPyCFunction)code;
    dst->meth.cpy_trampoline = NULL;
    dst->meth.signature = adapter == HPYKIT_PP_RPOW ? HPyFunc_VARARGS : HPyFunc_O;
    dst->meth.doc = NULL;
    return 1;
}

/* ---- the cache of converted arrays ---------------------------------------------------- */

typedef struct converted {
    HPyDef **src;
    hpykit_pp_mode *mode;
    hpykit_def004 **out;
    struct converted *next;
} converted;

static converted *cache;

hpykit_def004 **hpykit_pp_convert_defines(hpykit_pp_mode *mode, HPyDef **defines,
                                          int in_module, const char *owner)
{
    converted *c;
    size_t n = 0, i, k = 0;
    hpykit_def004 **out;
    hpykit_def004 *items;
    for (c = cache; c != NULL; c = c->next) {
        if (c->src == defines && c->mode == mode) {
            return c->out;
        }
    }
    while (defines != NULL && defines[n] != NULL) {
        n++;
    }
    /* room for a reflected method per slot */
    out = (hpykit_def004 **)calloc(2 * n + 1, sizeof(hpykit_def004 *));
    items = (hpykit_def004 *)calloc(2 * n + 1, sizeof(hpykit_def004));
    c = (converted *)calloc(1, sizeof(converted));
    if (out == NULL || items == NULL || c == NULL) {
        free(out);
        free(items);
        free(c);
        mode->pp->ctx_Err_NoMemory(mode->pp);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        const HPyDef *src = defines[i];
        if (in_module && src->kind == HPyDef_Kind_Slot &&
            (src->slot.slot == HPy_mod_exec || src->slot.slot == HPy_mod_create)) {
            continue;
        }
        if (in_module && src->kind != HPyDef_Kind_Meth) {
            set_error(mode, mode->pp->h_SystemError,
                      "module '%s': only methods, HPy_mod_create and HPy_mod_exec may be "
                      "defined in a module%s", owner, "");
            goto fail;
        }
        if (src->kind == HPyDef_Kind_Member || src->kind == HPyDef_Kind_GetSet) {
            continue; /* descriptors made by bridge_descr.c once the type exists */
        }
        if (convert_one(mode, src, &items[k], owner) < 0) {
            goto fail;
        }
        out[k] = &items[k];
        k++;
        if (!in_module && src->kind == HPyDef_Kind_Slot) {
            int r = convert_reflected(mode, defines, src, &items[k]);
            if (r < 0) {
                goto fail;
            }
            if (r > 0) {
                out[k] = &items[k];
                k++;
            }
        }
    }
    c->src = defines;
    c->mode = mode;
    c->out = out;
    c->next = cache;
    cache = c;
    return out;

fail:
    free(out);
    free(items);
    free(c);
    return NULL;
}

/* ---- HPyType_FromSpec ----------------------------------------------------------------- */

/* hpy0's checks of a spec and its parameters, with hpykit's messages (PyPy's own differ
   or are missing). 0, or -1 with an exception set. */
static int check_spec(hpykit_pp_mode *mode, const HPyType_Spec *spec,
                      const HPyType_SpecParam *params)
{
    hpykit_ctx004 *pp = mode->pp;
    int base = 0, bases_tuple = 0, metaclass = 0;
    HPyDef **defs;
    char num[32];
    if (strchr(spec->name, '.') == NULL) {
        set_error(mode, pp->h_SystemError, "HPyType_FromSpec: the name must be 'module.Type', "
                  "got '%s'%s", spec->name, "");
        return -1;
    }
    if (spec->basicsize < 0 || spec->itemsize < 0) {
        set_error(mode, pp->h_SystemError, "HPyType_FromSpec('%s'): negative basicsize or "
                  "itemsize%s", spec->name, "");
        return -1;
    }
    if (spec->legacy_slots != NULL && spec->builtin_shape != HPyType_BuiltinShape_Legacy) {
        set_error(mode, pp->h_TypeError, "HPyType_FromSpec('%s'): legacy_slots need "
                  "builtin_shape = HPyType_BuiltinShape_Legacy%s", spec->name, "");
        return -1;
    }
    for (; params != NULL && params->kind != 0; params++) {
        if (params->kind == HPyType_SpecParam_Base) {
            base++;
        }
        else if (params->kind == HPyType_SpecParam_BasesTuple) {
            if (bases_tuple++ > 0 || !pp->ctx_Tuple_Check(pp, params->object)) {
                set_error(mode, pp->h_TypeError, "HPyType_FromSpec('%s'): "
                          "HPyType_SpecParam_BasesTuple must be given once, with a tuple%s",
                          spec->name, "");
                return -1;
            }
        }
        else if (params->kind == HPyType_SpecParam_Metaclass) {
            if (metaclass++ > 0 || !pp->ctx_TypeCheck(pp, params->object, pp->h_TypeType)) {
                set_error(mode, pp->h_TypeError, "HPyType_FromSpec('%s'): "
                          "HPyType_SpecParam_Metaclass must be given once, with a type%s",
                          spec->name, "");
                return -1;
            }
        }
    }
    if (base > 0 && bases_tuple > 0) {
        set_error(mode, pp->h_TypeError, "HPyType_FromSpec('%s'): HPyType_SpecParam_Base and "
                  "HPyType_SpecParam_BasesTuple cannot be combined%s", spec->name, "");
        return -1;
    }
    for (defs = spec->defines; defs != NULL && *defs != NULL; defs++) {
        if ((*defs)->kind == HPyDef_Kind_Slot && ((*defs)->slot.slot == HPy_mod_create ||
                                                  (*defs)->slot.slot == HPy_mod_exec)) {
            snprintf(num, sizeof(num), "%d", (int)(*defs)->slot.slot);
            set_error(mode, pp->h_TypeError, "HPyType_FromSpec('%s'): module slot %s in a type",
                      spec->name, num);
            return -1;
        }
    }
    return 0;
}

HPy pp_ctx_Type_FromSpec(HPyContext *ctx, HPyType_Spec *spec, HPyType_SpecParam *params)
{
    hpykit_pp_mode *mode = (hpykit_pp_mode *)ctx;
    hpykit_ctx004 *pp = mode->pp;
    hpykit_typespec004 spec004;
    hpykit_specparam004 *params004 = NULL;
    HPy result;
    size_t n = 0, i;
    if (check_spec(mode, spec, params) < 0) {
        return HPy_NULL;
    }
    if (spec->builtin_shape != HPyType_BuiltinShape_Object &&
        spec->builtin_shape != HPyType_BuiltinShape_Legacy && spec->basicsize != 0) {
        set_error(mode, pp->h_SystemError, "hpykit on PyPy: type '%s': PyPy's HPy cannot give "
                  "a builtin-shaped type (HPyType_BuiltinShape_%s) its own struct",
                  spec->name, "...");
        return HPy_NULL;
    }
    spec004.name = spec->name;
    spec004.basicsize = spec->basicsize;
    spec004.itemsize = spec->itemsize;
    spec004.flags = spec->flags;
    spec004.legacy = spec->builtin_shape == HPyType_BuiltinShape_Legacy;
    spec004.legacy_slots = spec->legacy_slots;
    spec004.doc = spec->doc;
    spec004.defines = hpykit_pp_convert_defines(mode, spec->defines, 0, spec->name);
    if (spec004.defines == NULL) {
        return HPy_NULL;
    }
    if (params != NULL) {
        while (params[n].kind != 0) {
            n++;
        }
        params004 = (hpykit_specparam004 *)calloc(n + 1, sizeof(hpykit_specparam004));
        if (params004 == NULL) {
            pp->ctx_Err_NoMemory(pp);
            return HPy_NULL;
        }
        for (i = 0; i < n; i++) {
            if (params[i].kind == HPyType_SpecParam_Metaclass) {
                free(params004);
                set_error(mode, pp->h_NotImplementedError, "hpykit on PyPy: type '%s': "
                          "PyPy's HPy has no HPyType_SpecParam_Metaclass%s", spec->name, "");
                return HPy_NULL;
            }
            params004[i].kind = (int)params[i].kind;
            params004[i].object = params[i].object;
        }
    }
    result = pp->ctx_Type_FromSpec(pp, &spec004, params004);
    free(params004);
    if (!HPy_IsNull(result) && hpykit_pp_add_descriptors(mode, result, spec) < 0) {
        pp->ctx_Close(pp, result);
        return HPy_NULL;
    }
    return result;
}
