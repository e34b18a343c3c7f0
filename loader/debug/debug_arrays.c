/* Members that take arrays of handles or write a handle through a pointer: every handle
   in the array is checked and the array is converted to universal handles. */
#include "debug/debug_internal.h"

#include <stdlib.h>

#define SMALL 16

/* Universal handles of items[0..n) in a buffer: `small` if it fits, else allocated (free
   it with release_array). NULL once reported. */
static HPy *unwrap_array(HPyContext *ctx, const HPy *items, HPy_ssize_t n, HPy *small,
                         const char *func, int flags)
{
    HPy_ssize_t i;
    HPy *out = small;
    if (n < 0) {
        n = 0;
    }
    if (n > SMALL) {
        out = (HPy *)malloc((size_t)n * sizeof(HPy));
        if (out == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    for (i = 0; i < n; i++) {
        if (hpykit_dh_unwrap(ctx, items[i], &out[i], func, HPYKIT_DH_RAISES | flags) < 0) {
            if (out != small) {
                free(out);
            }
            return NULL;
        }
    }
    return out;
}

static void release_array(HPy *array, HPy *small)
{
    if (array != small) {
        free(array);
    }
}

HPy debug_ctx_Tuple_FromArray(HPyContext *ctx, HPy items[], HPy_ssize_t n)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyTuple_FromArray", 0);
    HPy small[SMALL], *uitems, result;
    /* an HPy_NULL item is the universal context's to refuse */
    uitems = unwrap_array(ctx, items, n, small, "HPyTuple_FromArray", HPYKIT_DH_NULLABLE);
    if (uitems == NULL) {
        return HPy_NULL;
    }
    result = uctx->ctx_Tuple_FromArray(uctx, uitems, n);
    release_array(uitems, small);
    return hpykit_dh_wrap(ctx, result);
}

/* The number of keyword values that follow the positional arguments. */
static HPy_ssize_t keyword_count(HPy u_kwnames)
{
    PyObject *names = _h2py(u_kwnames);
    return names != NULL && PyTuple_Check(names) ? PyTuple_GET_SIZE(names) : 0;
}

HPy debug_ctx_Call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPy_Call", 0);
    HPy small[SMALL], *uargs, u_callable, u_kwnames, result;
    if (hpykit_dh_unwrap(ctx, callable, &u_callable, "HPy_Call", HPYKIT_DH_RAISES) < 0 ||
        hpykit_dh_unwrap(ctx, kwnames, &u_kwnames, "HPy_Call",
                         HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0) {
        return HPy_NULL;
    }
    uargs = unwrap_array(ctx, args, (HPy_ssize_t)nargs + keyword_count(u_kwnames), small,
                         "HPy_Call", 0);
    if (uargs == NULL) {
        return HPy_NULL;
    }
    result = uctx->ctx_Call(uctx, u_callable, uargs, nargs, u_kwnames);
    release_array(uargs, small);
    return hpykit_dh_wrap(ctx, result);
}

HPy debug_ctx_CallMethod(HPyContext *ctx, HPy name, const HPy *args, size_t nargs, HPy kwnames)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPy_CallMethod", 0);
    HPy small[SMALL], *uargs, u_name, u_kwnames, result;
    if (hpykit_dh_unwrap(ctx, name, &u_name, "HPy_CallMethod", HPYKIT_DH_RAISES) < 0 ||
        hpykit_dh_unwrap(ctx, kwnames, &u_kwnames, "HPy_CallMethod",
                         HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0) {
        return HPy_NULL;
    }
    uargs = unwrap_array(ctx, args, (HPy_ssize_t)nargs + keyword_count(u_kwnames), small,
                         "HPy_CallMethod", 0);
    if (uargs == NULL) {
        return HPy_NULL;
    }
    result = uctx->ctx_CallMethod(uctx, u_name, uargs, nargs, u_kwnames);
    release_array(uargs, small);
    return hpykit_dh_wrap(ctx, result);
}

HPy debug_ctx_Type_GenericNew(HPyContext *ctx, HPy type, const HPy *args, HPy_ssize_t nargs,
                              HPy kw)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyType_GenericNew", 0);
    HPy small[SMALL], *uargs, u_type, u_kw, result;
    if (hpykit_dh_unwrap(ctx, type, &u_type, "HPyType_GenericNew", HPYKIT_DH_RAISES) < 0 ||
        hpykit_dh_unwrap(ctx, kw, &u_kw, "HPyType_GenericNew",
                         HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0) {
        return HPy_NULL;
    }
    uargs = unwrap_array(ctx, args, nargs, small, "HPyType_GenericNew", 0);
    if (uargs == NULL) {
        return HPy_NULL;
    }
    result = uctx->ctx_Type_GenericNew(uctx, u_type, uargs, nargs, u_kw);
    release_array(uargs, small);
    return hpykit_dh_wrap(ctx, result);
}

HPy debug_ctx_Type_FromSpec(HPyContext *ctx, HPyType_Spec *spec, HPyType_SpecParam *params)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyType_FromSpec", 0);
    HPyType_SpecParam *uparams = NULL;
    HPy result;
    size_t i, n = 0;
    if (params != NULL) {
        while (params[n].kind != 0) {
            n++;
        }
        uparams = (HPyType_SpecParam *)malloc((n + 1) * sizeof(HPyType_SpecParam));
        if (uparams == NULL) {
            PyErr_NoMemory();
            return HPy_NULL;
        }
        for (i = 0; i <= n; i++) {
            uparams[i] = params[i];
            if (i < n && hpykit_dh_unwrap(ctx, params[i].object, &uparams[i].object,
                                          "HPyType_FromSpec", HPYKIT_DH_RAISES) < 0) {
                free(uparams);
                return HPy_NULL;
            }
        }
    }
    result = uctx->ctx_Type_FromSpec(uctx, spec, uparams);
    free(uparams);
    return hpykit_dh_wrap(ctx, result);
}

int32_t debug_ctx_ContextVar_Get(HPyContext *ctx, HPy context_var, HPy default_value,
                                 HPy *result)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyContextVar_Get", 0);
    HPy u_var, u_default, u_result = HPy_NULL;
    int32_t status;
    if (hpykit_dh_unwrap(ctx, context_var, &u_var, "HPyContextVar_Get", HPYKIT_DH_RAISES) < 0 ||
        hpykit_dh_unwrap(ctx, default_value, &u_default, "HPyContextVar_Get",
                         HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0) {
        return -1;
    }
    status = uctx->ctx_ContextVar_Get(uctx, u_var, u_default, &u_result);
    *result = hpykit_dh_wrap(ctx, u_result);
    if (!HPy_IsNull(u_result) && HPy_IsNull(*result)) {
        return -1; /* no memory for the record */
    }
    return status;
}
