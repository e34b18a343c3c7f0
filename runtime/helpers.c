/* hpykit runtime: HPyHelpers_AddType, HPyHelpers_PackArgsAndKeywords. */
#include "hpy.h" /* first: in CPython builds it includes Python.h */

#include <stddef.h>

HPyAPI_HELPER int
HPyHelpers_AddType(HPyContext *ctx, HPy obj, const char *name, HPyType_Spec *hpyspec,
                   HPyType_SpecParam *params)
{
    HPy type;
    int result;

    if (name == NULL || hpyspec == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         name == NULL ? "HPyHelpers_AddType: name is NULL"
                                      : "HPyHelpers_AddType: hpyspec is NULL");
        return 0;
    }
    type = HPyType_FromSpec(ctx, hpyspec, params);
    if (HPy_IsNull(type)) {
        return 0;
    }
    result = HPy_SetAttr_s(ctx, obj, name, type);
    HPy_Close(ctx, type);
    return result < 0 ? 0 : 1;
}

HPyAPI_HELPER int
HPyHelpers_PackArgsAndKeywords(HPyContext *ctx, const HPy *args, size_t nargs,
                               HPy kwnames, HPy *out_args_tuple, HPy *out_kwd)
{
    HPy tuple = HPy_NULL, dict = HPy_NULL, key = HPy_NULL;
    HPy_ssize_t npos, nkw = 0, i;
    int ok = 0;

    if (out_args_tuple == NULL || out_kwd == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         out_args_tuple == NULL
                             ? "HPyHelpers_PackArgsAndKeywords: out_args_tuple is NULL"
                             : "HPyHelpers_PackArgsAndKeywords: out_kwd is NULL");
        return 0;
    }
    if (nargs > (size_t)HPY_SSIZE_T_MAX) {
        HPyErr_Format(ctx, ctx->h_SystemError,
                      "HPyHelpers_PackArgsAndKeywords: nargs %zu is too large", nargs);
        return 0;
    }
    npos = (HPy_ssize_t)nargs;
    if (!HPy_IsNull(kwnames)) {
        nkw = HPy_Length(ctx, kwnames);
        if (nkw < 0) {
            return 0;
        }
    }
    if (npos > 0) {
        /* HPyTuple_FromArray does not keep nor modify the array */
        tuple = HPyTuple_FromArray(ctx, (HPy *)args, npos);
        if (HPy_IsNull(tuple)) {
            goto cleanup;
        }
    }
    if (nkw > 0) {
        dict = HPyDict_New(ctx);
        if (HPy_IsNull(dict)) {
            goto cleanup;
        }
        for (i = 0; i < nkw; i++) {
            key = HPy_GetItem_i(ctx, kwnames, i);
            if (HPy_IsNull(key)) {
                goto cleanup;
            }
            if (HPy_SetItem(ctx, dict, key, args[npos + i]) < 0) {
                goto cleanup;
            }
            HPy_Close(ctx, key);
            key = HPy_NULL;
        }
    }
    ok = 1;

cleanup:
    if (!HPy_IsNull(key)) {
        HPy_Close(ctx, key);
    }
    if (!ok) {
        if (!HPy_IsNull(dict)) {
            HPy_Close(ctx, dict);
        }
        if (!HPy_IsNull(tuple)) {
            HPy_Close(ctx, tuple);
        }
        return 0;
    }
    *out_args_tuple = tuple;
    *out_kwd = dict;
    return 1;
}
