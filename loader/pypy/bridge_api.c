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

/* The UTF-8 text of str into buf, truncated to size - 1 bytes; closes str. */
static const char *copy_str(hpykit_ctx004 *pp, HPy str, char *buf, size_t size)
{
    HPy_ssize_t n = 0;
    const char *text = HPy_IsNull(str) ? NULL : pp->ctx_Unicode_AsUTF8AndSize(pp, str, &n);
    if (text == NULL) {
        pp->ctx_Err_Clear(pp);
        snprintf(buf, size, "?");
    }
    else {
        snprintf(buf, size, "%.*s", (int)(n < (HPy_ssize_t)size ? n : (HPy_ssize_t)size - 1),
                 text);
    }
    if (!HPy_IsNull(str)) {
        pp->ctx_Close(pp, str);
    }
    return buf;
}

const char *hpykit_pp_type_name(hpykit_ctx004 *pp, HPy obj, char *buf, size_t size)
{
    HPy type = pp->ctx_Type(pp, obj), name;
    if (HPy_IsNull(type)) {
        return copy_str(pp, HPy_NULL, buf, size);
    }
    name = pp->ctx_GetAttr_s(pp, type, "__name__");
    pp->ctx_Close(pp, type);
    return copy_str(pp, name, buf, size);
}

/* repr(obj) into buf, as hpykit_pp_type_name. */
static const char *repr_of(hpykit_ctx004 *pp, HPy obj, char *buf, size_t size)
{
    return copy_str(pp, pp->ctx_Repr(pp, obj), buf, size);
}

void hpykit_pp_bad_argument(hpykit_ctx004 *pp)
{
    pp->ctx_Err_SetString(pp, pp->h_TypeError, "bad argument type for built-in operation");
}

static void type_error_with_name(hpykit_ctx004 *pp, const char *format, HPy obj)
{
    char name[128], message[256];
    hpykit_pp_type_name(pp, obj, name, sizeof(name));
    snprintf(message, sizeof(message), format, name);
    pp->ctx_Err_SetString(pp, pp->h_TypeError, message);
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

/* ---- bools --------------------------------------------------------------------------- */

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

/* hpy0 (like CPython) counts an object with only __index__ as a number; PyPy does not. */
int pp_ctx_Number_Check(HPyContext *ctx, HPy obj)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy type;
    int r;
    if (pp->ctx_Number_Check(pp, obj)) {
        return 1;
    }
    type = pp->ctx_Type(pp, obj);
    if (HPy_IsNull(type)) {
        pp->ctx_Err_Clear(pp);
        return 0;
    }
    r = pp->ctx_HasAttr_s(pp, type, "__index__");
    pp->ctx_Close(pp, type);
    return r;
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

/* type in sub.__mro__: real subclasses only (issubclass would ask ABCs). */
int pp_ctx_Type_IsSubtype(HPyContext *ctx, HPy sub, HPy type)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy mro;
    int r;
    if (!pp->ctx_TypeCheck(pp, sub, pp->h_TypeType) ||
        !pp->ctx_TypeCheck(pp, type, pp->h_TypeType)) {
        return 0;
    }
    mro = pp->ctx_GetAttr_s(pp, sub, "__mro__");
    if (HPy_IsNull(mro)) {
        pp->ctx_Err_Clear(pp);
        return 0;
    }
    r = pp->ctx_Contains(pp, mro, type);
    pp->ctx_Close(pp, mro);
    if (r < 0) {
        pp->ctx_Err_Clear(pp);
        return 0;
    }
    return r;
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

/* Type names are interned: HPyType_GetName's result must live as long as the type, and a
   name read from __name__ lives only as long as its str. The table grows by one entry
   per distinct name and lives as long as the process. */
#define NAME_BUCKETS 64

typedef struct interned_s {
    struct interned_s *next;
    char text[1];
} interned;

static const char *intern(const char *text, size_t n)
{
    static interned *buckets[NAME_BUCKETS];
    size_t hash = 5381, i;
    interned *e;
    for (i = 0; i < n; i++) {
        hash = hash * 33 + (unsigned char)text[i];
    }
    for (e = buckets[hash % NAME_BUCKETS]; e != NULL; e = e->next) {
        if (strlen(e->text) == n && memcmp(e->text, text, n) == 0) {
            return e->text;
        }
    }
    e = (interned *)malloc(sizeof(interned) + n);
    if (e == NULL) {
        return NULL;
    }
    memcpy(e->text, text, n);
    e->text[n] = '\0';
    e->next = buckets[hash % NAME_BUCKETS];
    buckets[hash % NAME_BUCKETS] = e;
    return e->text;
}

const char *pp_ctx_Type_GetName(HPyContext *ctx, HPy type)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy name;
    HPy_ssize_t size;
    const char *text, *result;
    if (!check_type(ctx, type, "HPyType_GetName")) {
        return NULL;
    }
    name = pp->ctx_GetAttr_s(pp, type, "__name__");
    if (HPy_IsNull(name)) {
        return NULL;
    }
    text = pp->ctx_Unicode_AsUTF8AndSize(pp, name, &size);
    result = text == NULL ? NULL : intern(text, (size_t)size);
    if (text != NULL && result == NULL) {
        pp->ctx_Err_NoMemory(pp);
    }
    pp->ctx_Close(pp, name);
    return result;
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
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_TypeCheck(pp, slice, ctx->h_SliceType)) {
        type_error_with_name(pp, "HPySlice_Unpack: expected a slice, got '%s'", slice);
        return -1;
    }
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

/* ---- dicts --------------------------------------------------------------------------- */

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

/* ---- objects and errors -------------------------------------------------------------- */

HPy pp_ctx_GetAttr(HPyContext *ctx, HPy obj, HPy name)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy r = pp->ctx_GetAttr(pp, obj, name);
    if (HPy_IsNull(r) && !pp->ctx_Unicode_Check(pp, name) &&
        pp->ctx_Err_ExceptionMatches(pp, pp->h_TypeError)) {
        /* PyPy says "expected str, got int object" */
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "attribute name must be string");
    }
    return r;
}

/* PyPy's member takes buffers and __bytes__ only; hpy0's also takes an iterable of ints,
   as bytes(x) does: an iterable that is not a str and has no __bytes__ is given to
   bytes() (which also takes buffers). */
HPy pp_ctx_Bytes(HPyContext *ctx, HPy obj)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy type;
    int to_builtin;
    if (pp->ctx_Bytes_Check(pp, obj) || pp->ctx_Unicode_Check(pp, obj)) {
        return pp->ctx_Bytes(pp, obj);
    }
    type = pp->ctx_Type(pp, obj);
    if (HPy_IsNull(type)) {
        return HPy_NULL;
    }
    to_builtin = pp->ctx_HasAttr_s(pp, type, "__iter__") &&
                 !pp->ctx_HasAttr_s(pp, type, "__bytes__");
    pp->ctx_Close(pp, type);
    if (to_builtin) {
        return call_n(ctx, ctx->h_BytesType, 1, obj);
    }
    return pp->ctx_Bytes(pp, obj);
}

int pp_ctx_Err_WarnEx(HPyContext *ctx, HPy category, const char *utf8_message,
                      HPy_ssize_t stack_level)
{
    hpykit_ctx004 *pp = PP(ctx);
    return pp->ctx_Err_WarnEx(pp, HPy_IsNull(category) ? pp->h_RuntimeWarning : category,
                              utf8_message, stack_level);
}

/* PyPy's member reports None as the object to sys.unraisablehook: a one-shot hook put in
   front of the current one (restored after the call) passes obj instead. */
void pp_ctx_Err_WriteUnraisable(HPyContext *ctx, HPy obj)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy restore = HPy_NULL, r;
    if (!HPy_IsNull(obj) && pp->ctx_Err_Occurred(pp)) {
        restore = call_n(ctx, cached(ctx, PPC_UNRAISABLE), 1, obj);
    }
    pp->ctx_Err_WriteUnraisable(pp, obj);
    if (!HPy_IsNull(restore)) {
        r = call_n(ctx, restore, 0);
        if (HPy_IsNull(r)) {
            pp->ctx_Err_Clear(pp);
        }
        else {
            pp->ctx_Close(pp, r);
        }
        pp->ctx_Close(pp, restore);
    }
}

/* PyPy's member leaves the error of a failing repr() pending, to be raised by whatever
   runs next; _HPy_Dump only prints. */
void pp_ctx_Dump(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    int pending = pp->ctx_Err_Occurred(pp);
    pp->ctx_Dump(pp, h);
    if (!pending && pp->ctx_Err_Occurred(pp)) {
        pp->ctx_Err_Clear(pp);
    }
}

/* ---- calls --------------------------------------------------------------------------- */

HPy pp_ctx_CallTupleDict(HPyContext *ctx, HPy callable, HPy args, HPy kw)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!HPy_IsNull(args) && !pp->ctx_Tuple_Check(pp, args)) {
        type_error_with_name(pp, "HPy_CallTupleDict requires args to be a tuple or HPy_NULL, "
                             "not %.200s", args);
        return HPy_NULL;
    }
    if (!HPy_IsNull(kw) && !pp->ctx_Dict_Check(pp, kw)) {
        type_error_with_name(pp, "HPy_CallTupleDict requires kw to be a dict or HPy_NULL, "
                             "not %.200s", kw);
        return HPy_NULL;
    }
    return pp->ctx_CallTupleDict(pp, callable, args, kw);
}

static int check_kwnames(hpykit_ctx004 *pp, HPy kwnames, const char *func)
{
    char format[128];
    if (HPy_IsNull(kwnames) || pp->ctx_Tuple_Check(pp, kwnames)) {
        return 0;
    }
    snprintf(format, sizeof(format),
             "%s requires kwnames to be a tuple or HPy_NULL, not %%.200s", func);
    type_error_with_name(pp, format, kwnames);
    return -1;
}

static HPy call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames);

HPy pp_ctx_Call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    if (check_kwnames(PP(ctx), kwnames, "HPy_Call") < 0) {
        return HPy_NULL;
    }
    return call(ctx, callable, args, nargs, kwnames);
}

static HPy call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
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
    if (check_kwnames(pp, kwnames, "HPy_CallMethod") < 0) {
        return HPy_NULL;
    }
    if (nargs == 0) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError,
                              "HPy_CallMethod requires the receiver as args[0]");
        return HPy_NULL;
    }
    method = pp->ctx_GetAttr(pp, args[0], name);
    if (HPy_IsNull(method)) {
        return HPy_NULL;
    }
    result = call(ctx, method, args + 1, nargs - 1, kwnames);
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
        char message[64];
        snprintf(message, sizeof(message), "HPy_Compile_s: invalid source kind %d",
                 (int)kind);
        pp->ctx_Err_SetString(pp, pp->h_SystemError, message);
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
    HPy get;
    if (!pp->ctx_TypeCheck(pp, context_var, cached(ctx, PPC_CONTEXTVAR))) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "an instance of ContextVar was expected");
        return -1;
    }
    get = pp->ctx_GetAttr_s(pp, context_var, "get");
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
