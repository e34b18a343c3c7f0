/* str and bytes members where PyPy's HPy differs from hpy0: it accepts objects of other
   types (HPyBytes_Size, HPyUnicode_AsUTF8AndSize, HPyUnicode_EncodeFSDefault), raises
   other messages on them (hpy0: "bad argument type for built-in operation", "expected
   bytes, X found"), fails on input hpy0 defines (invalid UTF-8, a NULL source of
   HPyBytes_FromStringAndSize) or gives lone surrogates out as UTF-8. The common path is
   PyPy's member. */
#include "pypy/bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 --------------------------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s (1-4), or 0: what Python's strict decoder
   accepts (no overlong forms, no surrogates, nothing above U+10FFFF). */
static int utf8_sequence(const unsigned char *s)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    int n, i;
    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    }
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    }
    else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    }
    else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return n;
}

/* Is the NUL-terminated s valid UTF-8? *len gets its length. */
static int utf8_valid(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    int valid = 1, n;
    while (*p != 0) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        n = valid ? utf8_sequence(p) : 0;
        if (n == 0) {
            valid = 0;
            p++;
        }
        else {
            p += n;
        }
    }
    *len = (size_t)(p - (const unsigned char *)s);
    return valid;
}

/* Does UTF-8 text (as PyPy stores a str) hold an encoded surrogate (ED A0..BF ..)? */
static int has_surrogate(const char *text, HPy_ssize_t n)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + n;
    while ((p = (const unsigned char *)memchr(p, 0xED, (size_t)(end - p))) != NULL) {
        if (p + 1 < end && p[1] >= 0xA0) {
            return 1;
        }
        p++;
    }
    return 0;
}

/* obj.method(arg): here only to raise the error Python raises for it. */
static HPy call_method1(hpykit_ctx004 *pp, HPy obj, const char *method, const char *arg)
{
    HPy m = pp->ctx_GetAttr_s(pp, obj, method), a, args, r = HPy_NULL;
    if (HPy_IsNull(m)) {
        return HPy_NULL;
    }
    a = pp->ctx_Unicode_FromString(pp, arg);
    if (!HPy_IsNull(a)) {
        args = pp->ctx_Tuple_FromArray(pp, &a, 1);
        pp->ctx_Close(pp, a);
        if (!HPy_IsNull(args)) {
            r = pp->ctx_CallTupleDict(pp, m, args, HPy_NULL);
            pp->ctx_Close(pp, args);
        }
    }
    pp->ctx_Close(pp, m);
    return r;
}

/* An error that call_method1 was expected to raise and did not. */
static void unexpected_success(hpykit_ctx004 *pp, HPy r, const char *api)
{
    char message[128];
    if (!HPy_IsNull(r)) {
        pp->ctx_Close(pp, r);
        snprintf(message, sizeof(message), "%s: PyPy gave a result Python refuses", api);
        pp->ctx_Err_SetString(pp, pp->h_SystemError, message);
    }
}

/* ---- str ----------------------------------------------------------------------------- */

/* PyPy's member fails with an internal error on invalid UTF-8: that input is decoded by
   bytes.decode, which raises hpy0's UnicodeDecodeError. */
HPy pp_ctx_Unicode_FromString(HPyContext *ctx, const char *utf8)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy bytes, r;
    size_t len;
    if (utf8_valid(utf8, &len)) {
        return pp->ctx_Unicode_FromString(pp, utf8);
    }
    bytes = pp->ctx_Bytes_FromStringAndSize(pp, utf8, (HPy_ssize_t)len);
    if (HPy_IsNull(bytes)) {
        return HPy_NULL;
    }
    r = call_method1(pp, bytes, "decode", "utf-8");
    pp->ctx_Close(pp, bytes);
    return r;
}

/* After a failed conversion of h: a non-str gets hpy0's TypeError. */
static void str_expected(hpykit_ctx004 *pp, HPy h)
{
    if (!pp->ctx_Unicode_Check(pp, h)) {
        hpykit_pp_bad_argument(pp);
    }
}

/* The str-to-bytes encodings: PyPy's, then hpy0's TypeError when h was no str. */
#define STR_TO_BYTES(MEMBER)                                                            \
    HPy pp_ctx_##MEMBER(HPyContext *ctx, HPy h)                                         \
    {                                                                                   \
        hpykit_ctx004 *pp = PP(ctx);                                                    \
        HPy r = pp->ctx_##MEMBER(pp, h);                                                \
        if (HPy_IsNull(r)) {                                                            \
            str_expected(pp, h);                                                        \
        }                                                                               \
        return r;                                                                       \
    }

STR_TO_BYTES(Unicode_AsASCIIString)
STR_TO_BYTES(Unicode_AsLatin1String)
STR_TO_BYTES(Unicode_AsUTF8String)

/* PyPy gives a str's UTF-8 with its lone surrogates encoded; hpy0 refuses such a str
   (str.encode raises the UnicodeEncodeError). */
const char *pp_ctx_Unicode_AsUTF8AndSize(HPyContext *ctx, HPy h, HPy_ssize_t *size)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy_ssize_t n = 0;
    const char *text;
    if (!pp->ctx_Unicode_Check(pp, h)) {
        hpykit_pp_bad_argument(pp);
        return NULL;
    }
    text = pp->ctx_Unicode_AsUTF8AndSize(pp, h, &n);
    if (text != NULL && has_surrogate(text, n)) {
        unexpected_success(pp, call_method1(pp, h, "encode", "utf-8"),
                           "HPyUnicode_AsUTF8AndSize");
        return NULL;
    }
    if (size != NULL) {
        *size = n;
    }
    return text;
}

HPy_UCS4 pp_ctx_Unicode_ReadChar(HPyContext *ctx, HPy h, HPy_ssize_t index)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy_UCS4 c = pp->ctx_Unicode_ReadChar(pp, h, index);
    if (c == (HPy_UCS4)-1 && pp->ctx_Err_Occurred(pp)) {
        str_expected(pp, h);
    }
    return c;
}

HPy pp_ctx_Unicode_EncodeFSDefault(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_Unicode_Check(pp, h)) {
        hpykit_pp_bad_argument(pp);
        return HPy_NULL;
    }
    return pp->ctx_Unicode_EncodeFSDefault(pp, h);
}

/* str(obj, encoding, errors): any bytes-like object; a str is refused. */
HPy pp_ctx_Unicode_FromEncodedObject(HPyContext *ctx, HPy obj, const char *encoding,
                                     const char *errors)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy items[3], args, r = HPy_NULL;
    if (HPy_IsNull(obj)) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError,
                              "HPyUnicode_FromEncodedObject: NULL object");
        return HPy_NULL;
    }
    items[0] = obj;
    items[1] = pp->ctx_Unicode_FromString(pp, encoding ? encoding : "utf-8");
    items[2] = pp->ctx_Unicode_FromString(pp, errors ? errors : "strict");
    if (!HPy_IsNull(items[1]) && !HPy_IsNull(items[2])) {
        args = pp->ctx_Tuple_FromArray(pp, items, 3);
        if (!HPy_IsNull(args)) {
            r = pp->ctx_CallTupleDict(pp, pp->h_UnicodeType, args, HPy_NULL);
            pp->ctx_Close(pp, args);
        }
    }
    if (!HPy_IsNull(items[1])) {
        pp->ctx_Close(pp, items[1]);
    }
    if (!HPy_IsNull(items[2])) {
        pp->ctx_Close(pp, items[2]);
    }
    return r;
}

HPy pp_ctx_Unicode_Substring(HPyContext *ctx, HPy str, HPy_ssize_t start, HPy_ssize_t end)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_Unicode_Check(pp, str)) {
        hpykit_pp_bad_argument(pp);
        return HPy_NULL;
    }
    if (start < 0 || end < 0) {
        pp->ctx_Err_SetString(pp, pp->h_IndexError, "string index out of range");
        return HPy_NULL;
    }
    return pp_ctx_GetSlice(ctx, str, start, end);
}

/* ---- bytes --------------------------------------------------------------------------- */

static void bytes_expected(hpykit_ctx004 *pp, HPy h)
{
    char name[128], message[192];
    hpykit_pp_type_name(pp, h, name, sizeof(name));
    snprintf(message, sizeof(message), "expected bytes, %s found", name);
    pp->ctx_Err_SetString(pp, pp->h_TypeError, message);
}

HPy_ssize_t pp_ctx_Bytes_Size(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_Bytes_Check(pp, h)) {
        bytes_expected(pp, h);
        return -1;
    }
    return pp->ctx_Bytes_Size(pp, h);
}

const char *pp_ctx_Bytes_AsString(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_Bytes_Check(pp, h)) {
        bytes_expected(pp, h);
        return NULL;
    }
    return pp->ctx_Bytes_AsString(pp, h);
}

/* A NULL source makes zero-filled bytes (PyPy raises ValueError). */
HPy pp_ctx_Bytes_FromStringAndSize(HPyContext *ctx, const char *bytes, HPy_ssize_t len)
{
    hpykit_ctx004 *pp = PP(ctx);
    char *zeros;
    HPy r;
    if (bytes != NULL || len < 0) {
        return pp->ctx_Bytes_FromStringAndSize(pp, bytes, len);
    }
    zeros = (char *)calloc((size_t)len + 1, 1);
    if (zeros == NULL) {
        pp->ctx_Err_NoMemory(pp);
        return HPy_NULL;
    }
    r = pp->ctx_Bytes_FromStringAndSize(pp, zeros, len);
    free(zeros);
    return r;
}
