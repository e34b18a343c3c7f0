/* hpy0 functions PyPy's HPy 0.0.4 lacks, built from what it has: mostly a call of the
   builtin that does the same thing (looked up once per context), or a neighbouring
   function plus a range check. None goes through cpyext. */
#include "pypy/bridge.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODE(ctx) ((hpykit_pp_mode *)(ctx))

/* callable(*args) with n handle arguments (HPy_NULL ones end the list early). */
static HPy call_n(HPyContext *ctx, HPy callable, int n, ...)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy items[4], args, result;
    int i, k = 0;
    va_list vargs;
    if (HPy_IsNull(callable)) {
        return HPy_NULL;
    }
    va_start(vargs, n);
    for (i = 0; i < n && i < 4; i++) {
        HPy h = va_arg(vargs, HPy);
        if (HPy_IsNull(h)) {
            break;
        }
        items[k++] = h;
    }
    va_end(vargs);
    args = pp->ctx_Tuple_FromArray(pp, items, k);
    if (HPy_IsNull(args)) {
        return HPy_NULL;
    }
    result = pp->ctx_CallTupleDict(pp, callable, args, HPy_NULL);
    pp->ctx_Close(pp, args);
    return result;
}

static HPy cached(HPyContext *ctx, hpykit_pp_cached which)
{
    return hpykit_pp_cached_get(MODE(ctx), which);
}

static int close_status(HPyContext *ctx, HPy result)
{
    if (HPy_IsNull(result)) {
        return -1;
    }
    PP(ctx)->ctx_Close(PP(ctx), result);
    return 0;
}

static void overflow(HPyContext *ctx, const char *message)
{
    PP(ctx)->ctx_Err_SetString(PP(ctx), PP(ctx)->h_OverflowError, message);
}

/* ---- the trampoline callback: never used on PyPy ------------------------------------- */

void pp_ctx_CallRealFunctionFromTrampoline(HPyContext *ctx, HPyFunc_Signature sig,
                                           HPyCFunction func, void *args)
{
    (void)sig;
    (void)func;
    (void)args;
    PP(ctx)->ctx_FatalError(PP(ctx), "hpykit on PyPy: a CPython trampoline was called; PyPy "
                            "calls implementations directly");
}

/* ---- fixed-width integers ------------------------------------------------------------ */

HPy pp_ctx_Long_FromInt32_t(HPyContext *ctx, int32_t value)
{
    return PP(ctx)->ctx_Long_FromLong(PP(ctx), (long)value);
}

HPy pp_ctx_Long_FromUInt32_t(HPyContext *ctx, uint32_t value)
{
    return PP(ctx)->ctx_Long_FromUnsignedLong(PP(ctx), (unsigned long)value);
}

HPy pp_ctx_Long_FromInt64_t(HPyContext *ctx, int64_t v)
{
    return PP(ctx)->ctx_Long_FromLongLong(PP(ctx), (long long)v);
}

HPy pp_ctx_Long_FromUInt64_t(HPyContext *ctx, uint64_t v)
{
    return PP(ctx)->ctx_Long_FromUnsignedLongLong(PP(ctx), (unsigned long long)v);
}

int32_t pp_ctx_Long_AsInt32_t(HPyContext *ctx, HPy h)
{
    long long v = PP(ctx)->ctx_Long_AsLongLong(PP(ctx), h);
    if (v == -1 && PP(ctx)->ctx_Err_Occurred(PP(ctx))) {
        return -1;
    }
    if (v < INT32_MIN || v > INT32_MAX) {
        overflow(ctx, "Python int too large to convert to C int32_t");
        return -1;
    }
    return (int32_t)v;
}

uint32_t pp_ctx_Long_AsUInt32_t(HPyContext *ctx, HPy h)
{
    unsigned long long v = PP(ctx)->ctx_Long_AsUnsignedLongLong(PP(ctx), h);
    if (v == (unsigned long long)-1 && PP(ctx)->ctx_Err_Occurred(PP(ctx))) {
        return (uint32_t)-1;
    }
    if (v > UINT32_MAX) {
        overflow(ctx, "Python int too large to convert to C uint32_t");
        return (uint32_t)-1;
    }
    return (uint32_t)v;
}

uint32_t pp_ctx_Long_AsUInt32_tMask(HPyContext *ctx, HPy h)
{
    return (uint32_t)PP(ctx)->ctx_Long_AsUnsignedLongLongMask(PP(ctx), h);
}

int64_t pp_ctx_Long_AsInt64_t(HPyContext *ctx, HPy h)
{
    return (int64_t)PP(ctx)->ctx_Long_AsLongLong(PP(ctx), h);
}

uint64_t pp_ctx_Long_AsUInt64_t(HPyContext *ctx, HPy h)
{
    return (uint64_t)PP(ctx)->ctx_Long_AsUnsignedLongLong(PP(ctx), h);
}

uint64_t pp_ctx_Long_AsUInt64_tMask(HPyContext *ctx, HPy h)
{
    return (uint64_t)PP(ctx)->ctx_Long_AsUnsignedLongLongMask(PP(ctx), h);
}

HPy pp_ctx_Bool_FromBool(HPyContext *ctx, bool v)
{
    return PP(ctx)->ctx_Bool_FromLong(PP(ctx), v ? 1 : 0);
}

/* ---- type checks --------------------------------------------------------------------- */

int pp_ctx_Long_Check(HPyContext *ctx, HPy h)
{
    return PP(ctx)->ctx_TypeCheck(PP(ctx), h, PP(ctx)->h_LongType);
}

int pp_ctx_Float_Check(HPyContext *ctx, HPy h)
{
    return PP(ctx)->ctx_TypeCheck(PP(ctx), h, PP(ctx)->h_FloatType);
}

int pp_ctx_Bool_Check(HPyContext *ctx, HPy h)
{
    return PP(ctx)->ctx_TypeCheck(PP(ctx), h, PP(ctx)->h_BoolType);
}

int pp_ctx_Iter_Check(HPyContext *ctx, HPy obj)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy type = pp->ctx_Type(pp, obj);
    int r;
    if (HPy_IsNull(type)) {
        return 0;
    }
    r = pp->ctx_HasAttr_s(pp, type, "__next__");
    pp->ctx_Close(pp, type);
    return r;
}

int pp_ctx_Type_IsSubtype(HPyContext *ctx, HPy sub, HPy type)
{
    HPy r = call_n(ctx, cached(ctx, PPC_ISSUBCLASS), 2, sub, type);
    int v;
    if (HPy_IsNull(r)) {
        PP(ctx)->ctx_Err_Clear(PP(ctx));
        return 0;
    }
    v = PP(ctx)->ctx_IsTrue(PP(ctx), r);
    PP(ctx)->ctx_Close(PP(ctx), r);
    return v;
}

/* ---- structs ------------------------------------------------------------------------- */

void *pp_ctx_AsStruct_Object(HPyContext *ctx, HPy h)
{
    return PP(ctx)->ctx_AsStruct(PP(ctx), h);
}

void *pp_ctx_AsStruct_Legacy(HPyContext *ctx, HPy h)
{
    return PP(ctx)->ctx_AsStructLegacy(PP(ctx), h);
}

#define AS_STRUCT_UNSUPPORTED(SHAPE)                                                      \
    void *pp_ctx_AsStruct_##SHAPE(HPyContext *ctx, HPy h)                                 \
    {                                                                                     \
        (void)h;                                                                          \
        hpykit_pp_missing(ctx, "_HPy_AsStruct_" #SHAPE);                                  \
        return NULL;                                                                      \
    }
AS_STRUCT_UNSUPPORTED(Type)
AS_STRUCT_UNSUPPORTED(Long)
AS_STRUCT_UNSUPPORTED(Float)
AS_STRUCT_UNSUPPORTED(Unicode)
AS_STRUCT_UNSUPPORTED(Tuple)
AS_STRUCT_UNSUPPORTED(List)
AS_STRUCT_UNSUPPORTED(Dict)

/* TypeError "<func>: <repr(obj)> is not a type" (0), or 1 if obj is a type. */
static int check_type(HPyContext *ctx, HPy obj, const char *func)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy repr;
    const char *text;
    HPy_ssize_t size;
    char message[300];
    if (pp->ctx_TypeCheck(pp, obj, pp->h_TypeType)) {
        return 1;
    }
    repr = pp->ctx_Repr(pp, obj);
    text = HPy_IsNull(repr) ? NULL : pp->ctx_Unicode_AsUTF8AndSize(pp, repr, &size);
    snprintf(message, sizeof(message), "%s: %s is not a type", func, text ? text : "?");
    if (!HPy_IsNull(repr)) {
        pp->ctx_Close(pp, repr);
    }
    pp->ctx_Err_Clear(pp);
    pp->ctx_Err_SetString(pp, pp->h_TypeError, message);
    return 0;
}

HPyType_BuiltinShape pp_ctx_Type_GetBuiltinShape(HPyContext *ctx, HPy h_type)
{
    if (!check_type(ctx, h_type, "_HPyType_GetBuiltinShape")) {
        return (HPyType_BuiltinShape)-2;
    }
    return HPyType_BuiltinShape_Object;
}

/* Type names handed out by HPyType_GetName: copies kept for the life of the process (a
   name must outlive the call, and no handle may stay open for it), one per distinct name. */
typedef struct type_name {
    struct type_name *next;
    char text[1];
} type_name;

static type_name *type_names;

const char *pp_ctx_Type_GetName(HPyContext *ctx, HPy type)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy name;
    HPy_ssize_t size;
    const char *utf8;
    type_name *n;
    if (!check_type(ctx, type, "HPyType_GetName")) {
        return NULL;
    }
    name = pp->ctx_GetAttr_s(pp, type, "__name__");
    if (HPy_IsNull(name)) {
        return NULL;
    }
    utf8 = pp->ctx_Unicode_AsUTF8AndSize(pp, name, &size);
    if (utf8 == NULL) {
        pp->ctx_Close(pp, name);
        return NULL;
    }
    for (n = type_names; n != NULL; n = n->next) {
        if (strcmp(n->text, utf8) == 0) {
            pp->ctx_Close(pp, name);
            return n->text;
        }
    }
    n = (type_name *)malloc(sizeof(type_name) + (size_t)size);
    if (n == NULL) {
        pp->ctx_Close(pp, name);
        pp->ctx_Err_NoMemory(pp);
        return NULL;
    }
    memcpy(n->text, utf8, (size_t)size + 1);
    pp->ctx_Close(pp, name);
    n->next = type_names;
    type_names = n;
    return n->text;
}

/* ---- items, slices, iteration --------------------------------------------------------- */

int pp_ctx_DelItem(HPyContext *ctx, HPy obj, HPy key)
{
    return close_status(ctx, call_n(ctx, cached(ctx, PPC_DELITEM), 2, obj, key));
}

int pp_ctx_DelItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx)
{
    HPy key = PP(ctx)->ctx_Long_FromSsize_t(PP(ctx), idx);
    int r;
    if (HPy_IsNull(key)) {
        return -1;
    }
    r = pp_ctx_DelItem(ctx, obj, key);
    PP(ctx)->ctx_Close(PP(ctx), key);
    return r;
}

int pp_ctx_DelItem_s(HPyContext *ctx, HPy obj, const char *utf8_key)
{
    HPy key = PP(ctx)->ctx_Unicode_FromString(PP(ctx), utf8_key);
    int r;
    if (HPy_IsNull(key)) {
        return -1;
    }
    r = pp_ctx_DelItem(ctx, obj, key);
    PP(ctx)->ctx_Close(PP(ctx), key);
    return r;
}

static HPy make_slice(HPyContext *ctx, HPy_ssize_t start, HPy_ssize_t end)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy a = pp->ctx_Long_FromSsize_t(pp, start);
    HPy b = pp->ctx_Long_FromSsize_t(pp, end);
    HPy s = HPy_NULL;
    if (!HPy_IsNull(a) && !HPy_IsNull(b)) {
        s = call_n(ctx, cached(ctx, PPC_SLICE), 2, a, b);
    }
    if (!HPy_IsNull(a)) {
        pp->ctx_Close(pp, a);
    }
    if (!HPy_IsNull(b)) {
        pp->ctx_Close(pp, b);
    }
    return s;
}

HPy pp_ctx_Slice_New(HPyContext *ctx, HPy start, HPy stop, HPy step)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy none = pp->h_None;
    return call_n(ctx, cached(ctx, PPC_SLICE), 3, HPy_IsNull(start) ? none : start,
                  HPy_IsNull(stop) ? none : stop, HPy_IsNull(step) ? none : step);
}

HPy pp_ctx_GetSlice(HPyContext *ctx, HPy obj, HPy_ssize_t start, HPy_ssize_t end)
{
    HPy s = make_slice(ctx, start, end), r;
    if (HPy_IsNull(s)) {
        return HPy_NULL;
    }
    r = PP(ctx)->ctx_GetItem(PP(ctx), obj, s);
    PP(ctx)->ctx_Close(PP(ctx), s);
    return r;
}

HPy pp_ctx_Unicode_Substring(HPyContext *ctx, HPy str, HPy_ssize_t start, HPy_ssize_t end)
{
    return pp_ctx_GetSlice(ctx, str, start, end);
}

int pp_ctx_SetSlice(HPyContext *ctx, HPy obj, HPy_ssize_t start, HPy_ssize_t end, HPy value)
{
    HPy s;
    int r;
    if (HPy_IsNull(value)) {
        return pp_ctx_DelSlice(ctx, obj, start, end);
    }
    s = make_slice(ctx, start, end);
    if (HPy_IsNull(s)) {
        return -1;
    }
    r = PP(ctx)->ctx_SetItem(PP(ctx), obj, s, value);
    PP(ctx)->ctx_Close(PP(ctx), s);
    return r;
}

int pp_ctx_DelSlice(HPyContext *ctx, HPy obj, HPy_ssize_t start, HPy_ssize_t end)
{
    HPy s = make_slice(ctx, start, end);
    int r;
    if (HPy_IsNull(s)) {
        return -1;
    }
    r = pp_ctx_DelItem(ctx, obj, s);
    PP(ctx)->ctx_Close(PP(ctx), s);
    return r;
}

static int slice_index(HPyContext *ctx, HPy slice, const char *attr, HPy_ssize_t none_value,
                       HPy_ssize_t *out)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy v = pp->ctx_GetAttr_s(pp, slice, attr), index;
    if (HPy_IsNull(v)) {
        return -1;
    }
    if (pp->ctx_Is(pp, v, pp->h_None)) {
        pp->ctx_Close(pp, v);
        *out = none_value;
        return 0;
    }
    index = pp->ctx_Index(pp, v);
    pp->ctx_Close(pp, v);
    if (HPy_IsNull(index)) {
        return -1;
    }
    *out = pp->ctx_Long_AsSsize_t(pp, index);
    if (*out == -1 && pp->ctx_Err_Occurred(pp)) {
        /* clamp out-of-range values, as slices do */
        int negative = pp->ctx_RichCompareBool(pp, index, pp->h_False, 0 /* < */);
        pp->ctx_Err_Clear(pp);
        *out = negative ? -HPY_SSIZE_T_MAX : HPY_SSIZE_T_MAX;
    }
    pp->ctx_Close(pp, index);
    return 0;
}

int pp_ctx_Slice_Unpack(HPyContext *ctx, HPy slice, HPy_ssize_t *start, HPy_ssize_t *stop,
                        HPy_ssize_t *step)
{
    if (slice_index(ctx, slice, "step", 1, step) < 0) {
        return -1;
    }
    if (*step == 0) {
        PP(ctx)->ctx_Err_SetString(PP(ctx), PP(ctx)->h_ValueError, "slice step cannot be zero");
        return -1;
    }
    if (*step < -HPY_SSIZE_T_MAX) {
        *step = -HPY_SSIZE_T_MAX;
    }
    if (slice_index(ctx, slice, "start", *step < 0 ? HPY_SSIZE_T_MAX : 0, start) < 0 ||
        slice_index(ctx, slice, "stop", *step < 0 ? HPY_SSIZE_T_MIN : HPY_SSIZE_T_MAX,
                    stop) < 0) {
        return -1;
    }
    return 0;
}

HPy pp_ctx_GetIter(HPyContext *ctx, HPy obj)
{
    return call_n(ctx, cached(ctx, PPC_ITER), 1, obj);
}

HPy pp_ctx_Iter_Next(HPyContext *ctx, HPy obj)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy r = call_n(ctx, cached(ctx, PPC_NEXT), 1, obj);
    if (HPy_IsNull(r) && pp->ctx_Err_ExceptionMatches(pp, pp->h_StopIteration)) {
        pp->ctx_Err_Clear(pp);
    }
    return r;
}

int pp_ctx_List_Insert(HPyContext *ctx, HPy h_list, HPy_ssize_t index, HPy h_item)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy insert = pp->ctx_GetAttr_s(pp, h_list, "insert");
    HPy i = pp->ctx_Long_FromSsize_t(pp, index);
    int r = -1;
    if (!HPy_IsNull(insert) && !HPy_IsNull(i)) {
        r = close_status(ctx, call_n(ctx, insert, 2, i, h_item));
    }
    if (!HPy_IsNull(insert)) {
        pp->ctx_Close(pp, insert);
    }
    if (!HPy_IsNull(i)) {
        pp->ctx_Close(pp, i);
    }
    return r;
}

/* ---- dicts, strings ------------------------------------------------------------------ */

static HPy call_method0(HPyContext *ctx, HPy obj, const char *name)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy m = pp->ctx_GetAttr_s(pp, obj, name), r;
    if (HPy_IsNull(m)) {
        return HPy_NULL;
    }
    r = call_n(ctx, m, 0);
    pp->ctx_Close(pp, m);
    return r;
}

HPy pp_ctx_Dict_Keys(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_Dict_Check(pp, h)) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "bad argument to internal function");
        return HPy_NULL;
    }
    return call_n(ctx, cached(ctx, PPC_LIST), 1, h);
}

HPy pp_ctx_Dict_Copy(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_Dict_Check(pp, h)) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "bad argument to internal function");
        return HPy_NULL;
    }
    return call_method0(ctx, h, "copy");
}

HPy pp_ctx_Unicode_FromEncodedObject(HPyContext *ctx, HPy obj, const char *encoding,
                                     const char *errors)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy decode, enc, err, r;
    if (HPy_IsNull(obj)) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "HPyUnicode_FromEncodedObject: NULL object");
        return HPy_NULL;
    }
    if (!pp->ctx_Bytes_Check(pp, obj)) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "decoding to str: need a bytes-like object");
        return HPy_NULL;
    }
    decode = pp->ctx_GetAttr_s(pp, obj, "decode");
    if (HPy_IsNull(decode)) {
        return HPy_NULL;
    }
    enc = pp->ctx_Unicode_FromString(pp, encoding ? encoding : "utf-8");
    err = pp->ctx_Unicode_FromString(pp, errors ? errors : "strict");
    r = call_n(ctx, decode, 2, enc, err);
    pp->ctx_Close(pp, decode);
    pp->ctx_Close(pp, enc);
    pp->ctx_Close(pp, err);
    return r;
}

/* ---- calls --------------------------------------------------------------------------- */

HPy pp_ctx_Call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy targs, kw = HPy_NULL, result = HPy_NULL;
    HPy_ssize_t nkw = 0, i;
    if (!HPy_IsNull(kwnames)) {
        nkw = pp->ctx_Length(pp, kwnames);
        if (nkw < 0) {
            return HPy_NULL;
        }
        kw = pp->ctx_Dict_New(pp);
        if (HPy_IsNull(kw)) {
            return HPy_NULL;
        }
        for (i = 0; i < nkw; i++) {
            HPy key = pp->ctx_GetItem_i(pp, kwnames, i);
            int r = HPy_IsNull(key) ? -1 : pp->ctx_SetItem(pp, kw, key, args[nargs + (size_t)i]);
            if (!HPy_IsNull(key)) {
                pp->ctx_Close(pp, key);
            }
            if (r < 0) {
                pp->ctx_Close(pp, kw);
                return HPy_NULL;
            }
        }
    }
    targs = pp->ctx_Tuple_FromArray(pp, (HPy *)args, (HPy_ssize_t)nargs);
    if (!HPy_IsNull(targs)) {
        result = pp->ctx_CallTupleDict(pp, callable, targs, kw);
        pp->ctx_Close(pp, targs);
    }
    if (!HPy_IsNull(kw)) {
        pp->ctx_Close(pp, kw);
    }
    return result;
}

HPy pp_ctx_CallMethod(HPyContext *ctx, HPy name, const HPy *args, size_t nargs, HPy kwnames)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy method, result;
    if (nargs == 0) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "HPy_CallMethod: no receiver (nargs is 0)");
        return HPy_NULL;
    }
    method = pp->ctx_GetAttr(pp, args[0], name);
    if (HPy_IsNull(method)) {
        return HPy_NULL;
    }
    result = pp_ctx_Call(ctx, method, args + 1, nargs - 1, kwnames);
    pp->ctx_Close(pp, method);
    return result;
}

/* ---- code and context variables ------------------------------------------------------- */

HPy pp_ctx_Compile_s(HPyContext *ctx, const char *utf8_source, const char *utf8_filename,
                     HPy_SourceKind kind)
{
    hpykit_ctx004 *pp = PP(ctx);
    static const char *const modes[] = {"eval", "exec", "single"};
    HPy src, file, mode, r;
    if ((int)kind < 0 || (int)kind > 2) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "invalid source kind");
        return HPy_NULL;
    }
    src = pp->ctx_Unicode_FromString(pp, utf8_source);
    file = pp->ctx_Unicode_FromString(pp, utf8_filename);
    mode = pp->ctx_Unicode_FromString(pp, modes[kind]);
    r = call_n(ctx, cached(ctx, PPC_COMPILE), 3, src, file, mode);
    pp->ctx_Close(pp, src);
    pp->ctx_Close(pp, file);
    pp->ctx_Close(pp, mode);
    return r;
}

HPy pp_ctx_EvalCode(HPyContext *ctx, HPy code, HPy globals, HPy locals)
{
    return call_n(ctx, cached(ctx, PPC_EVAL), 3, code, globals, locals);
}

HPy pp_ctx_ContextVar_New(HPyContext *ctx, const char *name, HPy default_value)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy cls = cached(ctx, PPC_CONTEXTVAR), args, kw = HPy_NULL, r = HPy_NULL;
    HPy hname;
    if (HPy_IsNull(cls)) {
        return HPy_NULL;
    }
    hname = pp->ctx_Unicode_FromString(pp, name);
    if (HPy_IsNull(hname)) {
        return HPy_NULL;
    }
    args = pp->ctx_Tuple_FromArray(pp, &hname, 1);
    pp->ctx_Close(pp, hname);
    if (HPy_IsNull(args)) {
        return HPy_NULL;
    }
    if (!HPy_IsNull(default_value)) {
        kw = pp->ctx_Dict_New(pp);
        if (HPy_IsNull(kw) || pp->ctx_SetItem_s(pp, kw, "default", default_value) < 0) {
            goto cleanup;
        }
    }
    r = pp->ctx_CallTupleDict(pp, cls, args, kw);
cleanup:
    pp->ctx_Close(pp, args);
    if (!HPy_IsNull(kw)) {
        pp->ctx_Close(pp, kw);
    }
    return r;
}

int32_t pp_ctx_ContextVar_Get(HPyContext *ctx, HPy context_var, HPy default_value, HPy *result)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy get = pp->ctx_GetAttr_s(pp, context_var, "get");
    if (HPy_IsNull(get)) {
        return -1;
    }
    *result = call_n(ctx, get, 1, default_value);
    pp->ctx_Close(pp, get);
    if (HPy_IsNull(*result)) {
        if (pp->ctx_Err_ExceptionMatches(pp, pp->h_LookupError)) {
            pp->ctx_Err_Clear(pp);
            return 0;
        }
        return -1;
    }
    return 0;
}

HPy pp_ctx_ContextVar_Set(HPyContext *ctx, HPy context_var, HPy value)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy set = pp->ctx_GetAttr_s(pp, context_var, "set"), r;
    if (HPy_IsNull(set)) {
        return HPy_NULL;
    }
    r = call_n(ctx, set, 1, value);
    pp->ctx_Close(pp, set);
    return r;
}
