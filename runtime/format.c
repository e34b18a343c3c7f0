/* hpykit runtime: HPyUnicode_FromFormat, HPyUnicode_FromFormatV, HPyErr_Format.
 *
 * The text is built in a growable UTF-8 buffer and turned into a str at the end.
 * Unit syntax: %[0][width][.precision]unit, units as listed in helpers.tsv:
 *   %% %c %d %i %u %x %ld %li %lu %lld %lli %llu %zd %zi %zu %s %p %A %U %V %S %R
 * width counts characters (code points); precision is the minimum number of
 * digits for numbers, the maximum number of bytes for %s and for the fallback
 * string of %V, the maximum number of characters for %A %U %S %R and the str
 * of %V. Width/precision/'0' on %c or %p, '0' on string units, unknown units
 * and HPy_NULL handles raise SystemError. C strings (the format text itself
 * and %s) are decoded as UTF-8 with invalid bytes replaced by U+FFFD.
 */
#include "hpy.h" /* first: in CPython builds it includes Python.h */

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *api;    /* public function name, for messages */
    const char *format; /* the whole format string, for messages */
    char *data;
    size_t len;
    size_t cap;
    int exact;          /* holds a NUL byte or a surrogate: decode from bytes */
} fmt_buf;

/* One parsed %-unit. */
typedef struct {
    const char *start;  /* at the '%' */
    const char *end;    /* one past the unit character */
    int zero;
    HPy_ssize_t width;  /* -1: none */
    HPy_ssize_t prec;   /* -1: none */
    int length;         /* 0 none, 1 'l', 2 'll', 3 'z' */
    char unit;
} fmt_spec;

enum { LEN_NONE, LEN_L, LEN_LL, LEN_Z };

static const char REPLACEMENT_CHAR[] = "\xef\xbf\xbd"; /* U+FFFD */

/* ---- buffer ------------------------------------------------------------------- */

static int buf_reserve(HPyContext *ctx, fmt_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    /* keep room for a terminating NUL and stay within HPy_ssize_t */
    if (extra >= (size_t)HPY_SSIZE_T_MAX - b->len) {
        HPyErr_Format(ctx, ctx->h_OverflowError, "%s: result is too long", b->api);
        return -1;
    }
    need = b->len + extra + 1;
    if (need <= b->cap) {
        return 0;
    }
    cap = b->cap < 64 ? 64 : b->cap;
    while (cap < need) {
        cap = cap > (size_t)HPY_SSIZE_T_MAX / 2 ? need : cap * 2;
    }
    p = (char *)realloc(b->data, cap);
    if (p == NULL) {
        HPyErr_NoMemory(ctx);
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

static int buf_put(HPyContext *ctx, fmt_buf *b, const char *s, size_t n)
{
    if (n == 0) {
        return 0;
    }
    if (buf_reserve(ctx, b, n) < 0) {
        return -1;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

static int buf_fill(HPyContext *ctx, fmt_buf *b, char c, size_t n)
{
    if (n == 0) {
        return 0;
    }
    if (buf_reserve(ctx, b, n) < 0) {
        return -1;
    }
    memset(b->data + b->len, c, n);
    b->len += n;
    return 0;
}

/* Number of code points in valid UTF-8. */
static size_t utf8_count(const char *s, size_t n)
{
    size_t i, count = 0;
    for (i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            count++;
        }
    }
    return count;
}

/* Length in bytes of the first max_chars code points of valid UTF-8. */
static size_t utf8_prefix(const char *s, size_t n, size_t max_chars)
{
    size_t i, count = 0;
    for (i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (count == max_chars) {
                return i;
            }
            count++;
        }
    }
    return n;
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 if it is
   ill-formed; then *bad receives the length of the maximal ill-formed part. */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need, i;

    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    }
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) {
            lo = 0xA0;
        }
        else if (c == 0xED) {
            hi = 0x9F;
        }
    }
    else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) {
            lo = 0x90;
        }
        else if (c == 0xF4) {
            hi = 0x8F;
        }
    }
    else {
        *bad = 1;
        return 0;
    }
    for (i = 1; i < need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

/* Append n bytes of C text, replacing ill-formed UTF-8 by U+FFFD. */
static int buf_put_text(HPyContext *ctx, fmt_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0, len, bad;

    while (i < n) {
        bad = 0;
        len = utf8_sequence(u + i, n - i, &bad);
        if (len > 0) {
            if (u[i] == 0) {
                b->exact = 1;
            }
            i += len;
            continue;
        }
        if (buf_put(ctx, b, s + run, i - run) < 0
                || buf_put(ctx, b, REPLACEMENT_CHAR, 3) < 0) {
            return -1;
        }
        i += bad;
        run = i;
    }
    return buf_put(ctx, b, s + run, n - run);
}

/* Insert spaces before the text that starts at offset start so that it is at
   least width characters wide. */
static int buf_pad_left(HPyContext *ctx, fmt_buf *b, size_t start, HPy_ssize_t width)
{
    size_t chars = utf8_count(b->data + start, b->len - start);
    size_t pad;

    if (width < 0 || (size_t)width <= chars) {
        return 0;
    }
    pad = (size_t)width - chars;
    if (buf_reserve(ctx, b, pad) < 0) {
        return -1;
    }
    memmove(b->data + start + pad, b->data + start, b->len - start);
    memset(b->data + start, ' ', pad);
    b->len += pad;
    return 0;
}

/* ---- errors ------------------------------------------------------------------- */

/* Copy of the unit text "%...x" for messages; NULL with MemoryError set. */
static char *spec_text(HPyContext *ctx, const fmt_spec *spec)
{
    size_t n = (size_t)(spec->end - spec->start);
    char *s = (char *)malloc(n + 1);
    if (s == NULL) {
        HPyErr_NoMemory(ctx);
        return NULL;
    }
    memcpy(s, spec->start, n);
    s[n] = '\0';
    return s;
}

/* SystemError "<api>: <what> '<unit>' in format "<format>"". */
static void spec_error(HPyContext *ctx, const fmt_buf *b, const fmt_spec *spec,
                       const char *what)
{
    char *unit = spec_text(ctx, spec);
    if (unit == NULL) {
        return;
    }
    HPyErr_Format(ctx, ctx->h_SystemError, "%s: %s '%s' in format \"%s\"",
                  b->api, what, unit, b->format);
    free(unit);
}

/* ---- units -------------------------------------------------------------------- */

/* Append an integer given by sign and magnitude, honouring width, precision
   (minimum digits) and the '0' flag like C's printf. */
static int put_integer(HPyContext *ctx, fmt_buf *b, const fmt_spec *spec,
                       int negative, unsigned long long magnitude, unsigned base)
{
    /* at most 3 decimal digits per 8 bits plus one, always enough */
    char digits[sizeof(unsigned long long) * 3 + 1];
    size_t nd = 0, zeros = 0, body, spaces = 0;
    size_t sign = negative ? 1 : 0;
    size_t i;
    char tmp;

    do {
        digits[nd++] = "0123456789abcdef"[magnitude % base];
        magnitude /= base;
    } while (magnitude != 0);
    for (i = 0; i < nd / 2; i++) {
        tmp = digits[i];
        digits[i] = digits[nd - 1 - i];
        digits[nd - 1 - i] = tmp;
    }
    if (spec->prec >= 0 && (size_t)spec->prec > nd) {
        zeros = (size_t)spec->prec - nd;
    }
    body = sign + zeros + nd;
    if (spec->width >= 0 && (size_t)spec->width > body) {
        if (spec->zero && spec->prec < 0) {
            zeros += (size_t)spec->width - body;
        }
        else {
            spaces = (size_t)spec->width - body;
        }
    }
    if (buf_fill(ctx, b, ' ', spaces) < 0
            || buf_put(ctx, b, "-", sign) < 0
            || buf_fill(ctx, b, '0', zeros) < 0
            || buf_put(ctx, b, digits, nd) < 0) {
        return -1;
    }
    return 0;
}

static int put_signed(HPyContext *ctx, fmt_buf *b, const fmt_spec *spec, long long v)
{
    if (v < 0) {
        /* -(v + 1) + 1 avoids overflowing on LLONG_MIN */
        return put_integer(ctx, b, spec, 1, (unsigned long long)(-(v + 1)) + 1u, 10);
    }
    return put_integer(ctx, b, spec, 0, (unsigned long long)v, 10);
}

static int put_char(HPyContext *ctx, fmt_buf *b, int code)
{
    char out[4];
    unsigned long c;

    if (code < 0 || code > 0x10FFFF) {
        HPyErr_Format(ctx, ctx->h_OverflowError,
                      "%s: %%c argument %d is not in range(0x110000)", b->api, code);
        return -1;
    }
    c = (unsigned long)code;
    if (c < 0x80) {
        if (c == 0) {
            b->exact = 1;
        }
        out[0] = (char)c;
        return buf_put(ctx, b, out, 1);
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return buf_put(ctx, b, out, 2);
    }
    if (c < 0x10000) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            b->exact = 1; /* lone surrogate: decoded with surrogatepass */
        }
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return buf_put(ctx, b, out, 3);
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return buf_put(ctx, b, out, 4);
}

/* %s and the fallback of %V: precision = maximum number of bytes. */
static int put_cstring(HPyContext *ctx, fmt_buf *b, const fmt_spec *spec, const char *s)
{
    size_t start = b->len, n;

    if (s == NULL) {
        s = "(null)";
    }
    if (spec->prec >= 0) {
        /* never read past the NUL nor past the precision */
        n = 0;
        while (n < (size_t)spec->prec && s[n] != '\0') {
            n++;
        }
    }
    else {
        n = strlen(s);
    }
    if (buf_put_text(ctx, b, s, n) < 0) {
        return -1;
    }
    return buf_pad_left(ctx, b, start, spec->width);
}

/* A str handle: precision = maximum number of characters. */
static int put_str(HPyContext *ctx, fmt_buf *b, const fmt_spec *spec, HPy str)
{
    HPy_ssize_t size = 0;
    const char *utf8;
    size_t start = b->len, n;

    utf8 = HPyUnicode_AsUTF8AndSize(ctx, str, &size);
    if (utf8 == NULL) {
        return -1;
    }
    n = (size_t)size;
    if (spec->prec >= 0) {
        n = utf8_prefix(utf8, n, (size_t)spec->prec);
    }
    if (memchr(utf8, '\0', n) != NULL) {
        b->exact = 1;
    }
    if (buf_put(ctx, b, utf8, n) < 0) {
        return -1;
    }
    return buf_pad_left(ctx, b, start, spec->width);
}

/* %A %S %R %U and the handle of %V. */
static int put_object(HPyContext *ctx, fmt_buf *b, const fmt_spec *spec, HPy obj)
{
    HPy str = HPy_NULL;
    int result = -1;

    if (HPy_IsNull(obj)) {
        spec_error(ctx, b, spec, "HPy_NULL passed for unit");
        return -1;
    }
    switch (spec->unit) {
    case 'A':
        str = HPy_ASCII(ctx, obj);
        break;
    case 'S':
        str = HPy_Str(ctx, obj);
        break;
    case 'R':
        str = HPy_Repr(ctx, obj);
        break;
    default: /* 'U', 'V': the object must already be a str */
        if (!HPyUnicode_Check(ctx, obj)) {
            spec_error(ctx, b, spec, "object that is not a str passed for unit");
            return -1;
        }
        return put_str(ctx, b, spec, obj);
    }
    if (HPy_IsNull(str)) {
        goto cleanup;
    }
    result = put_str(ctx, b, spec, str);

cleanup:
    if (!HPy_IsNull(str)) {
        HPy_Close(ctx, str);
    }
    return result;
}

/* Parse "%[0][width][.precision][l|ll|z]unit" starting at the '%'. Returns 0,
   or -1 with SystemError set (unknown unit, flags not allowed, too large). */
static int parse_spec(HPyContext *ctx, fmt_buf *b, const char *p, fmt_spec *spec)
{
    const HPy_ssize_t max = HPY_SSIZE_T_MAX / 10 - 1;

    spec->start = p++;
    spec->zero = 0;
    spec->width = -1;
    spec->prec = -1;
    spec->length = LEN_NONE;
    if (*p == '0') {
        spec->zero = 1;
        p++;
    }
    if (*p >= '1' && *p <= '9') {
        spec->width = 0;
        while (*p >= '0' && *p <= '9') {
            if (spec->width > max) {
                goto too_large;
            }
            spec->width = spec->width * 10 + (*p++ - '0');
        }
    }
    if (*p == '.') {
        p++;
        spec->prec = 0;
        while (*p >= '0' && *p <= '9') {
            if (spec->prec > max) {
                goto too_large;
            }
            spec->prec = spec->prec * 10 + (*p++ - '0');
        }
    }
    if (*p == 'l') {
        p++;
        spec->length = LEN_L;
        if (*p == 'l') {
            p++;
            spec->length = LEN_LL;
        }
    }
    else if (*p == 'z') {
        p++;
        spec->length = LEN_Z;
    }
    if (*p == '\0') {
        spec->end = p;
        spec_error(ctx, b, spec, "incomplete unit");
        return -1;
    }
    spec->unit = *p++;
    spec->end = p;

    if (spec->length != LEN_NONE) {
        if (spec->unit != 'd' && spec->unit != 'i' && spec->unit != 'u') {
            goto unknown;
        }
        return 0;
    }
    switch (spec->unit) {
    case '%':
        /* only the plain "%%" */
        if (spec->end - spec->start != 2) {
            goto unknown;
        }
        return 0;
    case 'd': case 'i': case 'u': case 'x':
        return 0;
    case 'c': case 'p':
        if (spec->zero || spec->width >= 0 || spec->prec >= 0) {
            spec_error(ctx, b, spec, "width, precision and '0' are not allowed in unit");
            return -1;
        }
        return 0;
    case 's': case 'A': case 'U': case 'V': case 'S': case 'R':
        if (spec->zero) {
            spec_error(ctx, b, spec, "'0' is not allowed in unit");
            return -1;
        }
        return 0;
    default:
        goto unknown;
    }

unknown:
    spec_error(ctx, b, spec, "unknown unit");
    return -1;

too_large:
    /* show the whole unit in the message */
    while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'l' || *p == 'z') {
        p++;
    }
    if (*p != '\0') {
        p++;
    }
    spec->end = p;
    spec_error(ctx, b, spec, "width or precision too large in unit");
    return -1;
}

/* Format one parsed unit, reading its arguments from *vl. */
static int put_unit(HPyContext *ctx, fmt_buf *b, const fmt_spec *spec, va_list *vl)
{
    HPy obj;
    const char *fallback;

    switch (spec->unit) {
    case '%':
        return buf_put(ctx, b, "%", 1);
    case 'c':
        return put_char(ctx, b, va_arg(*vl, int));
    case 'd': case 'i':
        switch (spec->length) {
        case LEN_L:
            return put_signed(ctx, b, spec, va_arg(*vl, long));
        case LEN_LL:
            return put_signed(ctx, b, spec, va_arg(*vl, long long));
        case LEN_Z:
            return put_signed(ctx, b, spec, (long long)va_arg(*vl, HPy_ssize_t));
        default:
            return put_signed(ctx, b, spec, va_arg(*vl, int));
        }
    case 'u':
        switch (spec->length) {
        case LEN_L:
            return put_integer(ctx, b, spec, 0, va_arg(*vl, unsigned long), 10);
        case LEN_LL:
            return put_integer(ctx, b, spec, 0, va_arg(*vl, unsigned long long), 10);
        case LEN_Z:
            return put_integer(ctx, b, spec, 0, va_arg(*vl, size_t), 10);
        default:
            return put_integer(ctx, b, spec, 0, va_arg(*vl, unsigned int), 10);
        }
    case 'x':
        return put_integer(ctx, b, spec, 0, va_arg(*vl, unsigned int), 16);
    case 'p':
        if (buf_put(ctx, b, "0x", 2) < 0) {
            return -1;
        }
        return put_integer(ctx, b, spec, 0,
                           (unsigned long long)(uintptr_t)va_arg(*vl, void *), 16);
    case 's':
        return put_cstring(ctx, b, spec, va_arg(*vl, const char *));
    case 'V':
        obj = va_arg(*vl, HPy);
        fallback = va_arg(*vl, const char *);
        if (HPy_IsNull(obj)) {
            return put_cstring(ctx, b, spec, fallback);
        }
        return put_object(ctx, b, spec, obj);
    default: /* 'A' 'U' 'S' 'R' */
        return put_object(ctx, b, spec, va_arg(*vl, HPy));
    }
}

/* Decode the finished buffer into a new str. */
static HPy buf_finish(HPyContext *ctx, fmt_buf *b)
{
    HPy bytes, result;

    if (!b->exact) {
        if (buf_reserve(ctx, b, 0) < 0) {
            return HPy_NULL;
        }
        b->data[b->len] = '\0';
        return HPyUnicode_FromString(ctx, b->data);
    }
    /* embedded NULs or lone surrogates (from %c) */
    bytes = HPyBytes_FromStringAndSize(ctx, b->data, (HPy_ssize_t)b->len);
    if (HPy_IsNull(bytes)) {
        return HPy_NULL;
    }
    result = HPyUnicode_FromEncodedObject(ctx, bytes, "utf-8", "surrogatepass");
    HPy_Close(ctx, bytes);
    return result;
}

static HPy format_str(HPyContext *ctx, const char *api, const char *format, va_list *vl)
{
    fmt_buf b;
    fmt_spec spec;
    const char *p, *run;
    HPy result = HPy_NULL;

    b.api = api;
    b.format = format;
    b.data = NULL;
    b.len = 0;
    b.cap = 0;
    b.exact = 0;
    if (format == NULL) {
        HPyErr_Format(ctx, ctx->h_SystemError, "%s: format is NULL", api);
        return HPy_NULL;
    }
    p = run = format;
    while (*p != '\0') {
        if (*p != '%') {
            p++;
            continue;
        }
        if (buf_put_text(ctx, &b, run, (size_t)(p - run)) < 0
                || parse_spec(ctx, &b, p, &spec) < 0
                || put_unit(ctx, &b, &spec, vl) < 0) {
            goto cleanup;
        }
        p = run = spec.end;
    }
    if (buf_put_text(ctx, &b, run, (size_t)(p - run)) < 0) {
        goto cleanup;
    }
    result = buf_finish(ctx, &b);

cleanup:
    free(b.data);
    return result;
}

HPyAPI_HELPER HPy
HPyUnicode_FromFormatV(HPyContext *ctx, const char *format, va_list vargs)
{
    va_list vl;
    HPy result;

    va_copy(vl, vargs);
    result = format_str(ctx, "HPyUnicode_FromFormatV", format, &vl);
    va_end(vl);
    return result;
}

HPyAPI_HELPER HPy
HPyUnicode_FromFormat(HPyContext *ctx, const char *fmt, ...)
{
    va_list vl;
    HPy result;

    va_start(vl, fmt);
    result = format_str(ctx, "HPyUnicode_FromFormat", fmt, &vl);
    va_end(vl);
    return result;
}

HPyAPI_HELPER HPy
HPyErr_Format(HPyContext *ctx, HPy h_type, const char *fmt, ...)
{
    va_list vl;
    HPy msg;

    va_start(vl, fmt);
    msg = format_str(ctx, "HPyErr_Format", fmt, &vl);
    va_end(vl);
    if (HPy_IsNull(msg)) {
        return HPy_NULL; /* the formatting error is pending */
    }
    HPyErr_SetObject(ctx, h_type, msg);
    HPy_Close(ctx, msg);
    return HPy_NULL;
}
