/* Members where hpy0 gives HPy_NULL (or a NULL item) a meaning and PyPy's 0.0.4 member
   crashes on it: the NULL case is handled here, everything else forwarded. */
#include "pypy/bridge.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

HPy pp_ctx_Dup(HPyContext *ctx, HPy h)
{
    if (HPy_IsNull(h)) {
        return HPy_NULL;
    }
    return PP(ctx)->ctx_Dup(PP(ctx), h);
}

void pp_ctx_Close(HPyContext *ctx, HPy h)
{
    if (!HPy_IsNull(h)) {
        PP(ctx)->ctx_Close(PP(ctx), h);
    }
}

HPy pp_ctx_Field_Load(HPyContext *ctx, HPy source_object, HPyField source_field)
{
    if (source_field._i == 0) {
        return HPy_NULL;
    }
    return PP(ctx)->ctx_Field_Load(PP(ctx), source_object, source_field);
}

static int delattr(HPyContext *ctx, HPy obj, HPy name)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy builtins = pp->ctx_Import_ImportModule(pp, "builtins"), fn, args, r;
    HPy items[2];
    if (HPy_IsNull(builtins)) {
        return -1;
    }
    fn = pp->ctx_GetAttr_s(pp, builtins, "delattr");
    pp->ctx_Close(pp, builtins);
    if (HPy_IsNull(fn)) {
        return -1;
    }
    items[0] = obj;
    items[1] = name;
    args = pp->ctx_Tuple_FromArray(pp, items, 2);
    r = HPy_IsNull(args) ? HPy_NULL : pp->ctx_CallTupleDict(pp, fn, args, HPy_NULL);
    pp->ctx_Close(pp, fn);
    if (!HPy_IsNull(args)) {
        pp->ctx_Close(pp, args);
    }
    if (HPy_IsNull(r)) {
        return -1;
    }
    pp->ctx_Close(pp, r);
    return 0;
}

int pp_ctx_SetAttr(HPyContext *ctx, HPy obj, HPy name, HPy value)
{
    if (HPy_IsNull(value)) {
        return delattr(ctx, obj, name);
    }
    return PP(ctx)->ctx_SetAttr(PP(ctx), obj, name, value);
}

int pp_ctx_SetAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name, HPy value)
{
    HPy name;
    int r;
    if (!HPy_IsNull(value)) {
        return PP(ctx)->ctx_SetAttr_s(PP(ctx), obj, utf8_name, value);
    }
    name = PP(ctx)->ctx_Unicode_FromString(PP(ctx), utf8_name);
    if (HPy_IsNull(name)) {
        return -1;
    }
    r = delattr(ctx, obj, name);
    PP(ctx)->ctx_Close(PP(ctx), name);
    return r;
}

HPy pp_ctx_Tuple_FromArray(HPyContext *ctx, HPy items[], HPy_ssize_t n)
{
    HPy_ssize_t i;
    for (i = 0; i < n; i++) {
        if (HPy_IsNull(items[i])) {
            char message[64];
            snprintf(message, sizeof(message), "HPyTuple_FromArray: item %lld is HPy_NULL",
                     (long long)i);
            PP(ctx)->ctx_Err_SetString(PP(ctx), PP(ctx)->h_SystemError, message);
            return HPy_NULL;
        }
    }
    return PP(ctx)->ctx_Tuple_FromArray(PP(ctx), items, n);
}

HPy pp_ctx_List_New(HPyContext *ctx, HPy_ssize_t len)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy list;
    HPy_ssize_t i;
    if (len < 0) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "bad argument to internal function");
        return HPy_NULL;
    }
    list = pp->ctx_List_New(pp, 0); /* PyPy's List_New(n) holds NULL items */
    for (i = 0; !HPy_IsNull(list) && i < len; i++) {
        if (pp->ctx_List_Append(pp, list, pp->h_None) < 0) {
            pp->ctx_Close(pp, list);
            list = HPy_NULL;
        }
    }
    return list;
}

/* type(errno, strerror(errno)[, filename1[, None, filename2]]) raised as h_type. */
void pp_ctx_Err_SetFromErrnoWithFilenameObjects(HPyContext *ctx, HPy h_type, HPy filename1,
                                                HPy filename2)
{
    hpykit_ctx004 *pp = PP(ctx);
    int code = errno;
    HPy items[5], args;
    HPy_ssize_t n = 2, i;
    items[0] = pp->ctx_Long_FromLong(pp, code);
    items[1] = pp->ctx_Unicode_FromString(pp, strerror(code));
    if (!HPy_IsNull(filename1)) {
        items[n++] = pp->ctx_Dup(pp, filename1);
        if (!HPy_IsNull(filename2)) {
            items[n++] = pp->ctx_Dup(pp, pp->h_None);
            items[n++] = pp->ctx_Dup(pp, filename2);
        }
    }
    for (i = 0; i < n; i++) {
        if (HPy_IsNull(items[i])) {
            goto cleanup;
        }
    }
    args = pp->ctx_Tuple_FromArray(pp, items, n);
    if (!HPy_IsNull(args)) {
        pp->ctx_Err_SetObject(pp, h_type, args);
        pp->ctx_Close(pp, args);
    }
cleanup:
    for (i = 0; i < n; i++) {
        if (!HPy_IsNull(items[i])) {
            pp->ctx_Close(pp, items[i]);
        }
    }
}

HPy pp_ctx_Err_SetFromErrnoWithFilename(HPyContext *ctx, HPy h_type,
                                       const char *filename_fsencoded)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy name = HPy_NULL;
    int code = errno;
    if (filename_fsencoded != NULL) {
        name = pp->ctx_Unicode_DecodeFSDefault(pp, filename_fsencoded);
        if (HPy_IsNull(name)) {
            return HPy_NULL;
        }
    }
    errno = code;
    pp_ctx_Err_SetFromErrnoWithFilenameObjects(ctx, h_type, name, HPy_NULL);
    if (!HPy_IsNull(name)) {
        pp->ctx_Close(pp, name);
    }
    return HPy_NULL;
}

int pp_ctx_List_Append(HPyContext *ctx, HPy h_list, HPy h_item)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (HPy_IsNull(h_list) || HPy_IsNull(h_item) || !pp->ctx_List_Check(pp, h_list)) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "bad argument to internal function");
        return -1;
    }
    return pp->ctx_List_Append(pp, h_list, h_item);
}
