/* encode.c: hpyjson.dumps ported to the HPy API (compare encode_legacy.c, the C-API
   version it was ported from; docs/porting-guide.md walks through the diff).

   The text goes into one growable C buffer (jsonbuf.c) and becomes a str once, at the
   end. Containers recurse at most HPYJSON_MAX_DEPTH deep (RecursionError beyond, which
   is also what a reference cycle gives). */
#include "hpyjson.h"

#ifndef HPYJSON_LEGACY_DUMPS

#include "jsonbuf.h"

#include <math.h>
#include <string.h>

typedef struct {
    HPyContext *ctx;
    JsonBuf buf;
    int flags;          /* JSONBUF_* string escaping options */
    int sort_keys;
    int allow_nan;
    int reject_bytes;
    int indent;         /* > 0: pretty-print with this many spaces per level */
    HPy default_fn;     /* HPy_NULL or a callable */
    const char *item_sep, *key_sep;
    HPy_ssize_t item_sep_len, key_sep_len;
} Encoder;

static int encode_value(Encoder *e, HPy obj, int depth);

static int nomem(Encoder *e)
{
    HPyErr_NoMemory(e->ctx);
    return -1;
}

static int write_raw(Encoder *e, const char *s, size_t n)
{
    return jsonbuf_write(&e->buf, s, n) < 0 ? nomem(e) : 0;
}

/* A str, escaped. Lone surrogates (no UTF-8 exists) go through surrogatepass and are
   always written as \uXXXX escapes, even with ensure_ascii=False. */
static int encode_str(Encoder *e, HPy str)
{
    HPyContext *ctx = e->ctx;
    HPy_ssize_t n;
    HPy args[3], name, bytes;
    int result;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, str, &n);
    if (s != NULL) {
        return jsonbuf_string(&e->buf, s, (size_t)n, e->flags) < 0 ? nomem(e) : 0;
    }
    if (!HPyErr_ExceptionMatches(ctx, ctx->h_UnicodeEncodeError)) {
        return -1;
    }
    HPyErr_Clear(ctx);
    args[0] = str;
    args[1] = HPyUnicode_FromString(ctx, "utf-8");
    args[2] = HPyUnicode_FromString(ctx, "surrogatepass");
    name = HPyUnicode_FromString(ctx, "encode");
    bytes = HPy_NULL;
    if (!HPy_IsNull(args[1]) && !HPy_IsNull(args[2]) && !HPy_IsNull(name)) {
        bytes = HPy_CallMethod(ctx, name, args, 3, HPy_NULL);
    }
    HPy_Close(ctx, name);
    HPy_Close(ctx, args[2]);
    HPy_Close(ctx, args[1]);
    if (HPy_IsNull(bytes)) {
        return -1;
    }
    result = jsonbuf_string(&e->buf, HPyBytes_AS_STRING(ctx, bytes),
                            (size_t)HPyBytes_GET_SIZE(ctx, bytes),
                            e->flags | JSONBUF_SURROGATES) < 0 ? nomem(e) : 0;
    HPy_Close(ctx, bytes);
    return result;
}

/* repr(obj) written as is (ints beyond 64 bits, floats). */
static int write_repr(Encoder *e, HPy obj)
{
    HPy_ssize_t n;
    const char *s;
    int result;
    HPy r = HPy_Repr(e->ctx, obj);
    if (HPy_IsNull(r)) {
        return -1;
    }
    s = HPyUnicode_AsUTF8AndSize(e->ctx, r, &n);
    result = s == NULL ? -1 : write_raw(e, s, (size_t)n);
    HPy_Close(e->ctx, r);
    return result;
}

static int encode_long(Encoder *e, HPy obj)
{
    int64_t v = HPyLong_AsInt64_t(e->ctx, obj);
    if (v == -1 && HPyErr_Occurred(e->ctx)) {
        if (!HPyErr_ExceptionMatches(e->ctx, e->ctx->h_OverflowError)) {
            return -1;
        }
        HPyErr_Clear(e->ctx);
        /* int.__repr__ of the value, also for subclasses that override __repr__ */
        {
            HPy plain = HPy_Long(e->ctx, obj);
            int result;
            if (HPy_IsNull(plain)) {
                return -1;
            }
            result = write_repr(e, plain);
            HPy_Close(e->ctx, plain);
            return result;
        }
    }
    return jsonbuf_int64(&e->buf, v) < 0 ? nomem(e) : 0;
}

static int encode_float(Encoder *e, HPy obj)
{
    double v = HPyFloat_AsDouble(e->ctx, obj);
    if (v == -1.0 && HPyErr_Occurred(e->ctx)) {
        return -1;
    }
    if (!isfinite(v)) {
        if (!e->allow_nan) {
            HPyErr_SetString(e->ctx, e->ctx->h_ValueError,
                             "Out of range float values are not JSON compliant");
            return -1;
        }
        return isnan(v) ? write_raw(e, "NaN", 3)
                        : v > 0 ? write_raw(e, "Infinity", 8) : write_raw(e, "-Infinity", 9);
    }
    /* repr() of the value, in C (also for subclasses that override __repr__) */
    return jsonbuf_double(&e->buf, v) < 0 ? nomem(e) : 0;
}

static int too_deep(Encoder *e)
{
    HPyErr_SetString(e->ctx, e->ctx->h_RecursionError,
                     "maximum recursion depth exceeded while encoding a JSON object");
    return -1;
}

static int write_item_sep(Encoder *e, HPy_ssize_t i, int depth)
{
    if (i > 0 && write_raw(e, e->item_sep, (size_t)e->item_sep_len) < 0) {
        return -1;
    }
    if (e->indent > 0 && jsonbuf_newline(&e->buf, e->indent, depth) < 0) {
        return nomem(e);
    }
    return 0;
}

static int encode_sequence(Encoder *e, HPy seq, int depth)
{
    HPyContext *ctx = e->ctx;
    HPy_ssize_t i, n = HPy_Length(ctx, seq);
    if (n < 0) {
        return -1;
    }
    if (n == 0) {
        return write_raw(e, "[]", 2);
    }
    if (depth >= HPYJSON_MAX_DEPTH) {
        return too_deep(e);
    }
    if (jsonbuf_putc(&e->buf, '[') < 0) {
        return nomem(e);
    }
    for (i = 0; i < n; i++) {
        int result;
        HPy item = HPy_GetItem_i(ctx, seq, i);
        if (HPy_IsNull(item)) {
            return -1;
        }
        result = write_item_sep(e, i, depth + 1) < 0 ? -1 : encode_value(e, item, depth + 1);
        HPy_Close(ctx, item);
        if (result < 0) {
            return -1;
        }
    }
    if (e->indent > 0 && jsonbuf_newline(&e->buf, e->indent, depth) < 0) {
        return nomem(e);
    }
    return jsonbuf_putc(&e->buf, ']') < 0 ? nomem(e) : 0;
}

/* A dict key as json converts it: str as is, int/float/bool/None by their JSON text. */
static int encode_key(Encoder *e, HPy key)
{
    HPyContext *ctx = e->ctx;
    HPy type;
    if (HPyUnicode_Check(ctx, key)) {
        return encode_str(e, key);
    }
    if (HPy_Is(ctx, key, ctx->h_True)) {
        return write_raw(e, "\"true\"", 6);
    }
    if (HPy_Is(ctx, key, ctx->h_False)) {
        return write_raw(e, "\"false\"", 7);
    }
    if (HPy_Is(ctx, key, ctx->h_None)) {
        return write_raw(e, "\"null\"", 6);
    }
    if (HPy_TypeCheck(ctx, key, ctx->h_LongType) || HPy_TypeCheck(ctx, key, ctx->h_FloatType)) {
        int result = jsonbuf_putc(&e->buf, '"') < 0 ? nomem(e) : 0;
        if (result == 0) {
            result = HPy_TypeCheck(ctx, key, ctx->h_LongType) ? encode_long(e, key) : encode_float(e, key);
        }
        if (result == 0 && jsonbuf_putc(&e->buf, '"') < 0) {
            result = nomem(e);
        }
        return result;
    }
    type = HPy_Type(ctx, key);
    HPyErr_Format(ctx, ctx->h_TypeError, "keys must be str, int, float, bool or None, not %s",
                  HPyType_GetName(ctx, type));
    HPy_Close(ctx, type);
    return -1;
}

static int encode_dict(Encoder *e, HPy dict, int depth)
{
    HPyContext *ctx = e->ctx;
    HPy_ssize_t i, n;
    HPy keys;
    int result = -1;
    if (depth >= HPYJSON_MAX_DEPTH) {
        return too_deep(e);
    }
    /* HPy has no PyDict_Next: take the keys as a list and look each value up */
    keys = HPyDict_Keys(ctx, dict);
    if (HPy_IsNull(keys)) {
        return -1;
    }
    n = HPy_Length(ctx, keys);
    if (n == 0) {
        HPy_Close(ctx, keys);
        return write_raw(e, "{}", 2);
    }
    if (e->sort_keys) {
        HPy name = HPyUnicode_FromString(ctx, "sort"), r = HPy_NULL;
        if (!HPy_IsNull(name)) {
            r = HPy_CallMethod(ctx, name, &keys, 1, HPy_NULL);
            HPy_Close(ctx, name);
        }
        if (HPy_IsNull(r)) {
            goto cleanup;
        }
        HPy_Close(ctx, r);
    }
    if (jsonbuf_putc(&e->buf, '{') < 0) {
        nomem(e);
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        HPy key = HPy_GetItem_i(ctx, keys, i), value;
        int ok;
        if (HPy_IsNull(key)) {
            goto cleanup;
        }
        value = HPy_GetItem(ctx, dict, key);
        ok = !HPy_IsNull(value) && write_item_sep(e, i, depth + 1) == 0 &&
             encode_key(e, key) == 0 &&
             write_raw(e, e->key_sep, (size_t)e->key_sep_len) == 0 &&
             encode_value(e, value, depth + 1) == 0;
        HPy_Close(ctx, value);
        HPy_Close(ctx, key);
        if (!ok) {
            goto cleanup;
        }
    }
    if (e->indent > 0 && jsonbuf_newline(&e->buf, e->indent, depth) < 0) {
        nomem(e);
        goto cleanup;
    }
    result = jsonbuf_putc(&e->buf, '}') < 0 ? nomem(e) : 0;
cleanup:
    HPy_Close(ctx, keys);
    return result;
}

static int encode_value(Encoder *e, HPy obj, int depth)
{
    HPyContext *ctx = e->ctx;
    HPy type;
    /* the common types first, each test one context call: a str costs 1, an int 3,
       None 3, a dict 4, a list 5 (bool is a subclass of int, tested inside) */
    if (HPyUnicode_Check(ctx, obj)) {
        return encode_str(e, obj);
    }
    if (HPy_TypeCheck(ctx, obj, ctx->h_LongType)) {
        if (HPy_TypeCheck(ctx, obj, ctx->h_BoolType)) {
            return HPy_Is(ctx, obj, ctx->h_True) ? write_raw(e, "true", 4)
                                                 : write_raw(e, "false", 5);
        }
        return encode_long(e, obj);
    }
    if (HPy_Is(ctx, obj, ctx->h_None)) {
        return write_raw(e, "null", 4);
    }
    if (HPyDict_Check(ctx, obj)) {
        return encode_dict(e, obj, depth);
    }
    if (HPyList_Check(ctx, obj)) {
        return encode_sequence(e, obj, depth);
    }
    if (HPy_TypeCheck(ctx, obj, ctx->h_FloatType)) {
        return encode_float(e, obj);
    }
    if (HPyTuple_Check(ctx, obj)) {
        return encode_sequence(e, obj, depth);
    }
    if (!e->reject_bytes && HPyBytes_Check(ctx, obj)) {
        HPy str = HPyUnicode_FromEncodedObject(ctx, obj, "utf-8", "strict");
        int result;
        if (HPy_IsNull(str)) {
            return -1;
        }
        result = encode_str(e, str);
        HPy_Close(ctx, str);
        return result;
    }
    if (!HPy_IsNull(e->default_fn)) {
        HPy replacement;
        int result;
        if (depth >= HPYJSON_MAX_DEPTH) {
            return too_deep(e);
        }
        replacement = HPy_Call(ctx, e->default_fn, &obj, 1, HPy_NULL);
        if (HPy_IsNull(replacement)) {
            return -1;
        }
        result = encode_value(e, replacement, depth + 1);
        HPy_Close(ctx, replacement);
        return result;
    }
    type = HPy_Type(ctx, obj);
    HPyErr_Format(ctx, ctx->h_TypeError, "Object of type %s is not JSON serializable",
                  HPyType_GetName(ctx, type));
    HPy_Close(ctx, type);
    return -1;
}

/* separators=(item, key): two str; their UTF-8 lives as long as the handles. */
static int set_separators(Encoder *e, HPy separators, HPy *items)
{
    HPyContext *ctx = e->ctx;
    if (HPy_Is(ctx, separators, ctx->h_None)) {
        return 0;
    }
    if (!HPyTuple_Check(ctx, separators) && !HPyList_Check(ctx, separators)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "separators must be a (item, key) pair of str");
        return -1;
    }
    if (HPy_Length(ctx, separators) != 2) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "separators must be a (item, key) pair of str");
        return -1;
    }
    items[0] = HPy_GetItem_i(ctx, separators, 0);
    items[1] = HPy_GetItem_i(ctx, separators, 1);
    if (HPy_IsNull(items[0]) || HPy_IsNull(items[1])) {
        return -1;
    }
    if (!HPyUnicode_Check(ctx, items[0]) || !HPyUnicode_Check(ctx, items[1])) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "separators must be a (item, key) pair of str");
        return -1;
    }
    e->item_sep = HPyUnicode_AsUTF8AndSize(ctx, items[0], &e->item_sep_len);
    e->key_sep = HPyUnicode_AsUTF8AndSize(ctx, items[1], &e->key_sep_len);
    return e->item_sep == NULL || e->key_sep == NULL ? -1 : 0;
}

static HPy dumps(Encoder *e, HPy obj)
{
    HPy result = HPy_NULL;
    jsonbuf_init(&e->buf);
    if (encode_value(e, obj, 0) == 0) {
        if (e->flags & JSONBUF_ENSURE_ASCII) {
            result = HPyUnicode_DecodeASCII(e->ctx, e->buf.data, (HPy_ssize_t)e->buf.len, NULL);
        }
        else {
            e->buf.data[e->buf.len] = '\0'; /* jsonbuf keeps room for it */
            result = HPyUnicode_FromString(e->ctx, e->buf.data);
        }
    }
    jsonbuf_free(&e->buf);
    return result;
}

HPyDef_METH(hpyjson_dumps, "dumps", HPyFunc_KEYWORDS,
            .doc = "dumps(obj, ensure_ascii=True, encode_html_chars=False,\n"
                   "      escape_forward_slashes=True, sort_keys=False, indent=0,\n"
                   "      allow_nan=True, reject_bytes=True, default=None, separators=None)\n\n"
                   "Serialize obj to a JSON str (ported to HPy).")
static HPy hpyjson_dumps_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                              HPy kwnames)
{
    static const char *keywords[] = {
        "obj", "ensure_ascii", "encode_html_chars", "escape_forward_slashes", "sort_keys",
        "indent", "allow_nan", "reject_bytes", "default", "separators", NULL};
    Encoder e;
    HPyTracker ht;
    HPy obj, indent = HPy_NULL, default_fn = HPy_NULL, separators = HPy_NULL;
    HPy seps[2] = {HPy_NULL, HPy_NULL};
    int ensure_ascii = 1, html = 0, slash = 1, result_ok;
    HPy result = HPy_NULL;
    (void)self;
    e.ctx = ctx;
    e.sort_keys = 0;
    e.allow_nan = 1;
    e.reject_bytes = 1;
    e.indent = 0;
    e.default_fn = HPy_NULL;
    e.item_sep = ",";
    e.item_sep_len = 1;
    e.key_sep = ":";
    e.key_sep_len = 1;
    if (nargs == 1 && HPy_IsNull(kwnames)) {
        e.flags = JSONBUF_ENSURE_ASCII | JSONBUF_ESCAPE_SLASH;
        return dumps(&e, args[0]);
    }
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|ppppOppOO:dumps", keywords,
                              &obj, &ensure_ascii, &html, &slash, &e.sort_keys, &indent,
                              &e.allow_nan, &e.reject_bytes, &default_fn, &separators)) {
        return HPy_NULL;
    }
    e.flags = (ensure_ascii ? JSONBUF_ENSURE_ASCII : 0) | (html ? JSONBUF_ESCAPE_HTML : 0) |
              (slash ? JSONBUF_ESCAPE_SLASH : 0);
    result_ok = 1;
    if (!HPy_IsNull(indent) && !HPy_Is(ctx, indent, ctx->h_None)) {
        long n = HPyLong_AsLong(ctx, indent);
        if (n == -1 && HPyErr_Occurred(ctx)) {
            result_ok = 0;
        }
        else {
            e.indent = n < 0 ? 0 : n > 1000 ? 1000 : (int)n;
        }
    }
    if (e.indent > 0) {
        e.key_sep = ": ";
        e.key_sep_len = 2;
    }
    if (result_ok && !HPy_IsNull(default_fn) && !HPy_Is(ctx, default_fn, ctx->h_None)) {
        e.default_fn = default_fn;
    }
    if (result_ok && !HPy_IsNull(separators) && set_separators(&e, separators, seps) < 0) {
        result_ok = 0;
    }
    if (result_ok) {
        result = dumps(&e, obj);
    }
    HPy_Close(ctx, seps[0]);
    HPy_Close(ctx, seps[1]);
    HPyTracker_Close(ctx, ht);
    return result;
}

#else
/* ISO C forbids an empty translation unit */
typedef int hpyjson_encode_unused;
#endif /* HPYJSON_LEGACY_DUMPS */
