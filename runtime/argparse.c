/* hpykit runtime: HPyArg_Parse, HPyArg_ParseKeywords, HPyArg_ParseKeywordsDict.
 *
 * Units: b B h H i I l k L K n f d s O p; '|' starts the optional units, '$'
 * (keyword variants only) the keyword-only ones (and makes them optional);
 * ':name' names the function in messages, ';message' replaces the text of
 * every TypeError about the call. Ranges follow PyArg_ParseTuple: b is
 * 0..255, h a short, i an int, l a long, L a long long, n an HPy_ssize_t
 * (OverflowError outside); B H I k K are masks; f d take a float (or anything
 * with __float__/__index__); s a str without NUL (UTF-8); p any object's truth.
 *
 * Handles: in HPyArg_Parse 'O' stores the caller's handle as is. In the keyword
 * variants every 'O' result is a new handle added to *ht (ht is then required).
 * 's' points into the str's UTF-8, valid while a handle to the str is open: the
 * caller's handle for a positional value or a kwnames value; for a value taken
 * from HPyArg_ParseKeywordsDict's dict, a new handle added to *ht, so ht is
 * required there for every 's' unit that can be given by keyword (the dict's
 * reference cannot be borrowed: a handle the parser closed would leave a pointer
 * that debug mode rightly reports as read after the close).
 * If ht is not NULL a tracker is always created; it is closed here on failure
 * and by the caller on success.
 *
 * Order of work: the format (and keywords[]) is checked first (SystemError),
 * then the shape of the call (counts, unknown/duplicate/missing keywords:
 * TypeError), and only then are the values converted, in unit order.
 */
#include "hpy.h" /* first: in CPython builds it includes Python.h */

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { MODE_POSITIONAL, MODE_KWNAMES, MODE_KWDICT } parse_mode;

typedef struct {
    const char *api;      /* public function name, for SystemError messages */
    parse_mode mode;
    const char *format;
    const char *const *keywords;
    HPy_ssize_t nunits;
    HPy_ssize_t nrequired; /* units before '|' or '$' */
    HPy_ssize_t kwonly;    /* index of the first keyword-only unit, or nunits */
    HPy_ssize_t nposonly;  /* leading units named "" */
    HPy_ssize_t nobjects;  /* number of 'O' units */
    HPy_ssize_t last_str;  /* index of the last 's' unit, or -1 */
    const char *fname;     /* text after ':', or NULL */
    const char *message;   /* text after ';', or NULL */
} arg_format;

/* One keyword argument of the call. */
typedef struct {
    HPy name;              /* owned */
    HPy value;             /* owned in MODE_KWDICT, the caller's in MODE_KWNAMES */
} kw_entry;

/* Where a value came from, for messages: position (1-based) or keyword. */
typedef struct {
    HPy_ssize_t pos;
    const char *kwname;    /* NULL when given by position */
} arg_ref;

static void close_handle(HPyContext *ctx, HPy h)
{
    if (!HPy_IsNull(h)) {
        HPy_Close(ctx, h);
    }
}

static const char *who_name(const arg_format *af)
{
    return af->fname != NULL ? af->fname : "function";
}

static const char *who_parens(const arg_format *af)
{
    return af->fname != NULL ? "()" : "";
}

static const char *plural(HPy_ssize_t n)
{
    return n == 1 ? "" : "s";
}

/* ---- errors ------------------------------------------------------------------- */

/* TypeError about the call: "<name>() <body>", or the ';message' text. */
static void call_error(HPyContext *ctx, const arg_format *af, const char *fmt, ...)
{
    va_list vl;
    HPy body;

    if (af->message != NULL) {
        HPyErr_SetString(ctx, ctx->h_TypeError, af->message);
        return;
    }
    va_start(vl, fmt);
    body = HPyUnicode_FromFormatV(ctx, fmt, vl);
    va_end(vl);
    if (HPy_IsNull(body)) {
        return;
    }
    HPyErr_Format(ctx, ctx->h_TypeError, "%s%s %U", who_name(af), who_parens(af), body);
    HPy_Close(ctx, body);
}

/* "argument 2" or "argument 'b'" */
static HPy describe_arg(HPyContext *ctx, const arg_ref *ref)
{
    if (ref->kwname != NULL) {
        return HPyUnicode_FromFormat(ctx, "argument '%s'", ref->kwname);
    }
    return HPyUnicode_FromFormat(ctx, "argument %zd", ref->pos);
}

/* TypeError "<name>() argument 1 must be int, not str" */
static void arg_type_error(HPyContext *ctx, const arg_format *af, const arg_ref *ref,
                           const char *expected, HPy value)
{
    HPy desc = HPy_NULL, type = HPy_NULL;
    const char *type_name;

    if (af->message != NULL) {
        call_error(ctx, af, "");
        return;
    }
    type = HPy_Type(ctx, value);
    if (HPy_IsNull(type)) {
        goto cleanup;
    }
    type_name = HPyType_GetName(ctx, type);
    if (type_name == NULL) {
        goto cleanup;
    }
    desc = describe_arg(ctx, ref);
    if (HPy_IsNull(desc)) {
        goto cleanup;
    }
    call_error(ctx, af, "%U must be %s, not %s", desc, expected, type_name);

cleanup:
    close_handle(ctx, desc);
    close_handle(ctx, type);
}

/* OverflowError "<name>() argument 1 must be between 0 and 255, not 256" */
static void arg_range_error(HPyContext *ctx, const arg_format *af, const arg_ref *ref,
                            HPy value, long long lo, long long hi)
{
    HPy desc = describe_arg(ctx, ref);

    if (HPy_IsNull(desc)) {
        return;
    }
    HPyErr_Format(ctx, ctx->h_OverflowError, "%s%s %U must be between %lld and %lld, not %R",
                  who_name(af), who_parens(af), desc, lo, hi, value);
    HPy_Close(ctx, desc);
}

/* ---- the format ----------------------------------------------------------------- */

static int is_unit(char c)
{
    switch (c) {
    case 'b': case 'B': case 'h': case 'H': case 'i': case 'I': case 'l': case 'k':
    case 'L': case 'K': case 'n': case 'f': case 'd': case 's': case 'O': case 'p':
        return 1;
    default:
        return 0;
    }
}

static int format_error(HPyContext *ctx, const arg_format *af, const char *what)
{
    HPyErr_Format(ctx, ctx->h_SystemError, "%s: %s in format \"%s\"", af->api, what,
                  af->format);
    return -1;
}

/* Check the format (and keywords[]) and fill af. -1 with SystemError if bad. */
static int parse_format(HPyContext *ctx, arg_format *af, const char *fmt,
                        const char *const *keywords, HPyTracker *ht)
{
    const char *p;
    int seen_bar = 0, seen_dollar = 0;
    HPy_ssize_t nnames, i;

    af->format = fmt;
    af->keywords = keywords;
    af->nunits = af->nrequired = af->kwonly = af->nposonly = af->nobjects = 0;
    af->last_str = -1;
    af->fname = af->message = NULL;
    if (fmt == NULL) {
        HPyErr_Format(ctx, ctx->h_SystemError, "%s: format is NULL", af->api);
        return -1;
    }
    for (p = fmt; *p != '\0' && *p != ':' && *p != ';'; p++) {
        if (*p == '|') {
            if (seen_bar) {
                return format_error(ctx, af, "'|' given twice");
            }
            if (seen_dollar) {
                return format_error(ctx, af, "'|' after '$'");
            }
            seen_bar = 1;
            af->nrequired = af->nunits;
        }
        else if (*p == '$') {
            if (af->mode == MODE_POSITIONAL) {
                return format_error(ctx, af, "'$' (keyword-only) is not allowed without keywords");
            }
            if (seen_dollar) {
                return format_error(ctx, af, "'$' given twice");
            }
            seen_dollar = 1;
            af->kwonly = af->nunits;
            if (!seen_bar) {
                af->nrequired = af->nunits;
            }
        }
        else if (is_unit(*p)) {
            if (*p == 'O') {
                af->nobjects++;
            }
            else if (*p == 's') {
                af->last_str = af->nunits;
            }
            af->nunits++;
        }
        else {
            HPyErr_Format(ctx, ctx->h_SystemError, "%s: unknown unit '%c' in format \"%s\"",
                          af->api, (int)(unsigned char)*p, fmt);
            return -1;
        }
    }
    if (!seen_bar && !seen_dollar) {
        af->nrequired = af->nunits;
    }
    if (!seen_dollar) {
        af->kwonly = af->nunits;
    }
    if (*p == ':' && p[1] != '\0') {
        af->fname = p + 1;
    }
    else if (*p == ';') {
        af->message = p + 1;
    }
    if (af->mode == MODE_POSITIONAL) {
        return 0;
    }

    if (keywords == NULL) {
        HPyErr_Format(ctx, ctx->h_SystemError, "%s: keywords is NULL", af->api);
        return -1;
    }
    for (nnames = 0; keywords[nnames] != NULL; nnames++) {
        if (nnames == af->nunits) {
            break;
        }
    }
    if (nnames != af->nunits || keywords[nnames] != NULL) {
        HPyErr_Format(ctx, ctx->h_SystemError,
                      "%s: keywords[] does not have one name per unit (%zd units) "
                      "in format \"%s\"", af->api, af->nunits, fmt);
        return -1;
    }
    while (af->nposonly < af->nunits && keywords[af->nposonly][0] == '\0') {
        af->nposonly++;
    }
    for (i = af->nposonly; i < af->nunits; i++) {
        if (keywords[i][0] == '\0') {
            HPyErr_Format(ctx, ctx->h_SystemError,
                          "%s: empty keyword for unit %zd after a named one in format \"%s\"",
                          af->api, i + 1, fmt);
            return -1;
        }
    }
    if (af->nposonly > af->kwonly) {
        return format_error(ctx, af, "positional-only unit after '$'");
    }
    if (af->nobjects > 0 && ht == NULL) {
        return format_error(ctx, af, "unit 'O' needs a tracker but ht is NULL");
    }
    if (af->mode == MODE_KWDICT && af->last_str >= af->nposonly && ht == NULL) {
        return format_error(ctx, af, "unit 's' that can be given by keyword needs a tracker "
                            "but ht is NULL");
    }
    return 0;
}

/* ---- the shape of the call ---------------------------------------------------- */

static int check_positional_count(HPyContext *ctx, const arg_format *af, HPy_ssize_t nargs)
{
    HPy_ssize_t max = af->kwonly;

    if (af->mode == MODE_POSITIONAL) {
        const char *how = af->nrequired == af->nunits ? "exactly" : "at most";
        if (nargs > max) {
            if (max == 0) {
                call_error(ctx, af, "takes no arguments (%zd given)", nargs);
            }
            else {
                call_error(ctx, af, "takes %s %zd argument%s (%zd given)",
                           how, max, plural(max), nargs);
            }
            return -1;
        }
        if (nargs < af->nrequired) {
            how = af->nrequired == af->nunits ? "exactly" : "at least";
            call_error(ctx, af, "takes %s %zd argument%s (%zd given)",
                       how, af->nrequired, plural(af->nrequired), nargs);
            return -1;
        }
        return 0;
    }
    if (nargs > max) {
        if (max == 0) {
            call_error(ctx, af, "takes no positional arguments (%zd given)", nargs);
        }
        else {
            call_error(ctx, af, "takes at most %zd positional argument%s (%zd given)",
                       max, plural(max), nargs);
        }
        return -1;
    }
    return 0;
}

static void free_keywords(HPyContext *ctx, const arg_format *af, kw_entry *kws,
                          HPy_ssize_t nkw)
{
    HPy_ssize_t j;

    for (j = 0; j < nkw; j++) {
        close_handle(ctx, kws[j].name);
        if (af->mode == MODE_KWDICT) {
            close_handle(ctx, kws[j].value);
        }
    }
    free(kws);
}

/* Read the keyword arguments of the call into a new array. On failure the
   entries filled so far are still reported through *out / *nout. */
static int collect_keywords(HPyContext *ctx, const arg_format *af, const HPy *args,
                            HPy_ssize_t nargs, HPy kw, kw_entry **out, HPy_ssize_t *nout)
{
    HPy keys = HPy_NULL;
    HPy_ssize_t n, j;
    kw_entry *kws;
    int result = -1;

    *out = NULL;
    *nout = 0;
    if (HPy_IsNull(kw)) {
        return 0;
    }
    if (af->mode == MODE_KWDICT) {
        if (!HPyDict_Check(ctx, kw)) {
            HPyErr_Format(ctx, ctx->h_SystemError, "%s: kw is not a dict but %R", af->api, kw);
            return -1;
        }
        keys = HPyDict_Keys(ctx, kw);
        if (HPy_IsNull(keys)) {
            return -1;
        }
        n = HPy_Length(ctx, keys);
    }
    else {
        n = HPy_Length(ctx, kw);
    }
    if (n < 0) {
        goto cleanup;
    }
    if ((size_t)n > ((size_t)-1) / sizeof(kw_entry) - 1) {
        HPyErr_NoMemory(ctx);
        goto cleanup;
    }
    kws = (kw_entry *)malloc(sizeof(kw_entry) * (size_t)(n > 0 ? n : 1));
    if (kws == NULL) {
        HPyErr_NoMemory(ctx);
        goto cleanup;
    }
    *out = kws;
    for (j = 0; j < n; j++) {
        kws[j].value = HPy_NULL;
        kws[j].name = HPy_GetItem_i(ctx, af->mode == MODE_KWDICT ? keys : kw, j);
        *nout = j + 1;
        if (HPy_IsNull(kws[j].name)) {
            goto cleanup;
        }
        if (!HPyUnicode_Check(ctx, kws[j].name)) {
            call_error(ctx, af, "keywords must be strings, not %R", kws[j].name);
            goto cleanup;
        }
        if (af->mode == MODE_KWDICT) {
            kws[j].value = HPy_GetItem(ctx, kw, kws[j].name);
            if (HPy_IsNull(kws[j].value)) {
                goto cleanup;
            }
        }
        else {
            kws[j].value = args[nargs + j];
        }
    }
    result = 0;

cleanup:
    close_handle(ctx, keys);
    return result;
}

/* Map each keyword to its unit (unit_kw[unit] = keyword index or -1); reject
   unknown and duplicate keywords and report missing required arguments. */
static int match_keywords(HPyContext *ctx, const arg_format *af, HPy_ssize_t nargs,
                          const kw_entry *kws, HPy_ssize_t nkw, HPy_ssize_t *unit_kw)
{
    HPy_ssize_t i, j, len = 0, nposreq;
    const char *name;

    for (i = 0; i < af->nunits; i++) {
        unit_kw[i] = -1;
    }
    for (j = 0; j < nkw; j++) {
        name = HPyUnicode_AsUTF8AndSize(ctx, kws[j].name, &len);
        if (name == NULL) {
            return -1;
        }
        for (i = af->nposonly; i < af->nunits; i++) {
            if (strlen(af->keywords[i]) == (size_t)len
                    && memcmp(af->keywords[i], name, (size_t)len) == 0) {
                break;
            }
        }
        if (i == af->nunits) {
            call_error(ctx, af, "got an unexpected keyword argument '%U'", kws[j].name);
            return -1;
        }
        if (i < nargs || unit_kw[i] >= 0) {
            call_error(ctx, af, "got multiple values for argument '%s' (pos %zd)",
                       af->keywords[i], i + 1);
            return -1;
        }
        unit_kw[i] = j;
    }
    nposreq = af->nposonly < af->nrequired ? af->nposonly : af->nrequired;
    if (nargs < nposreq) {
        call_error(ctx, af, "takes at least %zd positional argument%s (%zd given)",
                   nposreq, plural(nposreq), nargs);
        return -1;
    }
    for (i = nargs; i < af->nrequired; i++) {
        if (unit_kw[i] < 0) {
            call_error(ctx, af, "missing required argument '%s' (pos %zd)",
                       af->keywords[i], i + 1);
            return -1;
        }
    }
    return 0;
}

/* ---- conversions -------------------------------------------------------------- */

/* The output pointer of a unit, read from the varargs with its own type. */
static void *next_output(char unit, va_list *vl)
{
    switch (unit) {
    case 'b': case 'B':
        return va_arg(*vl, unsigned char *);
    case 'h':
        return va_arg(*vl, short *);
    case 'H':
        return va_arg(*vl, unsigned short *);
    case 'i': case 'p':
        return va_arg(*vl, int *);
    case 'I':
        return va_arg(*vl, unsigned int *);
    case 'l':
        return va_arg(*vl, long *);
    case 'k':
        return va_arg(*vl, unsigned long *);
    case 'L':
        return va_arg(*vl, long long *);
    case 'K':
        return va_arg(*vl, unsigned long long *);
    case 'n':
        return va_arg(*vl, HPy_ssize_t *);
    case 'f':
        return va_arg(*vl, float *);
    case 'd':
        return va_arg(*vl, double *);
    case 's':
        return (void *)va_arg(*vl, const char **);
    default: /* 'O' */
        return va_arg(*vl, HPy *);
    }
}

/* Signed integer in lo..hi (OverflowError outside, TypeError for non-ints). */
static int get_signed(HPyContext *ctx, const arg_format *af, const arg_ref *ref, HPy value,
                      long long lo, long long hi, long long *out)
{
    int64_t v;

    if (HPy_TypeCheck(ctx, value, ctx->h_FloatType)) {
        arg_type_error(ctx, af, ref, "int", value);
        return -1;
    }
    v = HPyLong_AsInt64_t(ctx, value);
    if (v == -1 && HPyErr_Occurred(ctx)) {
        if (HPyErr_ExceptionMatches(ctx, ctx->h_TypeError)) {
            HPyErr_Clear(ctx);
            arg_type_error(ctx, af, ref, "int", value);
        }
        else if (HPyErr_ExceptionMatches(ctx, ctx->h_OverflowError)) {
            HPyErr_Clear(ctx);
            arg_range_error(ctx, af, ref, value, lo, hi);
        }
        return -1;
    }
    if ((long long)v < lo || (long long)v > hi) {
        arg_range_error(ctx, af, ref, value, lo, hi);
        return -1;
    }
    *out = (long long)v;
    return 0;
}

/* Unsigned integer taken modulo 2**64, no overflow check. */
static int get_mask(HPyContext *ctx, const arg_format *af, const arg_ref *ref, HPy value,
                    unsigned long long *out)
{
    uint64_t v;

    if (HPy_TypeCheck(ctx, value, ctx->h_FloatType)) {
        arg_type_error(ctx, af, ref, "int", value);
        return -1;
    }
    v = HPyLong_AsUInt64_tMask(ctx, value);
    if (v == (uint64_t)-1 && HPyErr_Occurred(ctx)) {
        if (HPyErr_ExceptionMatches(ctx, ctx->h_TypeError)) {
            HPyErr_Clear(ctx);
            arg_type_error(ctx, af, ref, "int", value);
        }
        return -1;
    }
    *out = (unsigned long long)v;
    return 0;
}

static int get_double(HPyContext *ctx, const arg_format *af, const arg_ref *ref, HPy value,
                      double *out)
{
    double v = HPyFloat_AsDouble(ctx, value);

    if (v == -1.0 && HPyErr_Occurred(ctx)) {
        if (HPyErr_ExceptionMatches(ctx, ctx->h_TypeError)) {
            HPyErr_Clear(ctx);
            arg_type_error(ctx, af, ref, "float", value);
        }
        return -1;
    }
    *out = v;
    return 0;
}

/* Keep a new handle to value alive in the tracker; returns it or HPy_NULL. */
static HPy track_dup(HPyContext *ctx, HPyTracker *ht, HPy value)
{
    HPy dup = HPy_Dup(ctx, value);

    if (HPy_IsNull(dup)) {
        return HPy_NULL;
    }
    if (HPyTracker_Add(ctx, *ht, dup) < 0) {
        HPy_Close(ctx, dup);
        return HPy_NULL;
    }
    return dup;
}

static int get_string(HPyContext *ctx, const arg_format *af, const arg_ref *ref, HPy value,
                      const char **out)
{
    HPy_ssize_t size = 0;
    const char *utf8;
    HPy desc;

    if (!HPyUnicode_Check(ctx, value)) {
        arg_type_error(ctx, af, ref, "str", value);
        return -1;
    }
    utf8 = HPyUnicode_AsUTF8AndSize(ctx, value, &size);
    if (utf8 == NULL) {
        return -1;
    }
    if (strlen(utf8) != (size_t)size) {
        desc = describe_arg(ctx, ref);
        if (!HPy_IsNull(desc)) {
            HPyErr_Format(ctx, ctx->h_ValueError, "%s%s %U must not contain null characters",
                          who_name(af), who_parens(af), desc);
            HPy_Close(ctx, desc);
        }
        return -1;
    }
    *out = utf8;
    return 0;
}

/* Convert value for one unit and store it through out. from_kw_dict: the value
   is a handle from the kw dict that is closed when parsing ends. */
static int convert_unit(HPyContext *ctx, const arg_format *af, HPyTracker *ht, char unit,
                        HPy value, int from_kw_dict, const arg_ref *ref, void *out)
{
    long long s = 0;
    unsigned long long u = 0;
    double d = 0.0;
    const char *str = NULL;
    HPy h;
    int truth;

    if (out == NULL) {
        HPyErr_Format(ctx, ctx->h_SystemError, "%s: NULL output pointer for unit '%c' in "
                      "format \"%s\"", af->api, unit, af->format);
        return -1;
    }
    switch (unit) {
    case 'b':
        if (get_signed(ctx, af, ref, value, 0, UCHAR_MAX, &s) < 0) {
            return -1;
        }
        *(unsigned char *)out = (unsigned char)s;
        return 0;
    case 'h':
        if (get_signed(ctx, af, ref, value, SHRT_MIN, SHRT_MAX, &s) < 0) {
            return -1;
        }
        *(short *)out = (short)s;
        return 0;
    case 'i':
        if (get_signed(ctx, af, ref, value, INT_MIN, INT_MAX, &s) < 0) {
            return -1;
        }
        *(int *)out = (int)s;
        return 0;
    case 'l':
        if (get_signed(ctx, af, ref, value, LONG_MIN, LONG_MAX, &s) < 0) {
            return -1;
        }
        *(long *)out = (long)s;
        return 0;
    case 'L':
        if (get_signed(ctx, af, ref, value, LLONG_MIN, LLONG_MAX, &s) < 0) {
            return -1;
        }
        *(long long *)out = s;
        return 0;
    case 'n':
        if (get_signed(ctx, af, ref, value, -HPY_SSIZE_T_MAX - 1, HPY_SSIZE_T_MAX, &s) < 0) {
            return -1;
        }
        *(HPy_ssize_t *)out = (HPy_ssize_t)s;
        return 0;
    case 'B': case 'H': case 'I': case 'k': case 'K':
        if (get_mask(ctx, af, ref, value, &u) < 0) {
            return -1;
        }
        switch (unit) {
        case 'B':
            *(unsigned char *)out = (unsigned char)u;
            break;
        case 'H':
            *(unsigned short *)out = (unsigned short)u;
            break;
        case 'I':
            *(unsigned int *)out = (unsigned int)u;
            break;
        case 'k':
            *(unsigned long *)out = (unsigned long)u;
            break;
        default:
            *(unsigned long long *)out = u;
            break;
        }
        return 0;
    case 'f':
        if (get_double(ctx, af, ref, value, &d) < 0) {
            return -1;
        }
        *(float *)out = (float)d;
        return 0;
    case 'd':
        if (get_double(ctx, af, ref, value, &d) < 0) {
            return -1;
        }
        *(double *)out = d;
        return 0;
    case 's':
        if (from_kw_dict) {
            /* our handle is closed at the end: keep one alive in the tracker (ht is
               required, see parse_format) so that the UTF-8 buffer stays valid until
               the caller closes it */
            value = track_dup(ctx, ht, value);
            if (HPy_IsNull(value)) {
                return -1;
            }
        }
        if (get_string(ctx, af, ref, value, &str) < 0) {
            return -1;
        }
        *(const char **)out = str;
        return 0;
    case 'p':
        truth = HPy_IsTrue(ctx, value);
        if (truth < 0) {
            return -1;
        }
        *(int *)out = truth;
        return 0;
    default: /* 'O' */
        if (af->mode == MODE_POSITIONAL) {
            *(HPy *)out = value;
            return 0;
        }
        h = track_dup(ctx, ht, value);
        if (HPy_IsNull(h)) {
            return -1;
        }
        *(HPy *)out = h;
        return 0;
    }
}

static int convert_all(HPyContext *ctx, const arg_format *af, HPyTracker *ht,
                       const HPy *args, HPy_ssize_t nargs, const kw_entry *kws,
                       const HPy_ssize_t *unit_kw, va_list *vl)
{
    const char *p;
    HPy_ssize_t i = 0;
    arg_ref ref;
    HPy value;
    void *out;
    int from_kw;

    for (p = af->format; *p != '\0' && *p != ':' && *p != ';'; p++) {
        if (*p == '|' || *p == '$') {
            continue;
        }
        out = next_output(*p, vl);
        ref.pos = i + 1;
        ref.kwname = NULL;
        from_kw = 0;
        if (i < nargs) {
            value = args[i];
        }
        else if (unit_kw != NULL && unit_kw[i] >= 0) {
            value = kws[unit_kw[i]].value;
            ref.kwname = af->keywords[i];
            from_kw = af->mode == MODE_KWDICT;
        }
        else {
            i++; /* optional and not given: output left untouched */
            continue;
        }
        if (convert_unit(ctx, af, ht, *p, value, from_kw, &ref, out) < 0) {
            return -1;
        }
        i++;
    }
    return 0;
}

/* ---- entry points ------------------------------------------------------------- */

static int parse_args(HPyContext *ctx, const char *api, parse_mode mode, HPyTracker *ht,
                      const HPy *args, HPy_ssize_t nargs, HPy kw, const char *fmt,
                      const char *const *keywords, va_list *vl)
{
    arg_format af;
    kw_entry *kws = NULL;
    HPy_ssize_t nkw = 0, *unit_kw = NULL;
    HPy_ssize_t nobjects = 0;
    const char *p;
    int ok = 0;

    af.api = api;
    af.mode = mode;
    if (ht != NULL) {
        for (p = fmt; p != NULL && *p != '\0' && *p != ':' && *p != ';'; p++) {
            nobjects += *p == 'O';
        }
        *ht = HPyTracker_New(ctx, nobjects);
        if (ht->_i == 0) {
            return 0;
        }
    }
    if (parse_format(ctx, &af, fmt, keywords, ht) < 0) {
        goto cleanup;
    }
    if (nargs < 0) {
        /* negative (dict variant) or above HPY_SSIZE_T_MAX (see checked_nargs) */
        HPyErr_Format(ctx, ctx->h_SystemError, "%s: nargs out of range (%zd)", api, nargs);
        goto cleanup;
    }
    if (check_positional_count(ctx, &af, nargs) < 0) {
        goto cleanup;
    }
    if (mode != MODE_POSITIONAL) {
        if (collect_keywords(ctx, &af, args, nargs, kw, &kws, &nkw) < 0) {
            goto cleanup;
        }
        unit_kw = (HPy_ssize_t *)malloc(sizeof(HPy_ssize_t) * (size_t)(af.nunits + 1));
        if (unit_kw == NULL) {
            HPyErr_NoMemory(ctx);
            goto cleanup;
        }
        if (match_keywords(ctx, &af, nargs, kws, nkw, unit_kw) < 0) {
            goto cleanup;
        }
    }
    if (convert_all(ctx, &af, ht, args, nargs, kws, unit_kw, vl) < 0) {
        goto cleanup;
    }
    ok = 1;

cleanup:
    free(unit_kw);
    free_keywords(ctx, &af, kws, nkw);
    if (!ok && ht != NULL) {
        HPyTracker_Close(ctx, *ht);
    }
    return ok;
}

/* HPyArg_Parse without a tracker, with a format of units and at most one '|' (no ':' or
   ';'), and a right number of arguments: most calls. It reads the format once and then
   converts, skipping the general machinery. Returns -1, having done nothing, when the call
   is not of that kind (the general parser then handles it and words any error);
   otherwise what parse_args returns. */
static int parse_positional_plain(HPyContext *ctx, const HPy *args, HPy_ssize_t nargs,
                                  const char *fmt, va_list *vl)
{
    arg_format af;
    arg_ref ref;
    const char *p;
    HPy_ssize_t i;

    if (fmt == NULL) {
        return -1;
    }
    af.nunits = 0;
    af.nrequired = -1;
    for (p = fmt; *p != '\0'; p++) {
        if (is_unit(*p)) {
            af.nunits++;
        }
        else if (*p == '|' && af.nrequired < 0) {
            af.nrequired = af.nunits;
        }
        else {
            return -1;
        }
    }
    if (af.nrequired < 0) {
        af.nrequired = af.nunits;
    }
    if (nargs < af.nrequired || nargs > af.nunits) {
        return -1;
    }
    /* what parse_format would have found: the messages of a failed conversion use it */
    af.api = "HPyArg_Parse";
    af.mode = MODE_POSITIONAL;
    af.format = fmt;
    af.keywords = NULL;
    af.kwonly = af.nunits;
    af.nposonly = af.nobjects = 0;
    af.last_str = -1;
    af.fname = af.message = NULL;
    ref.kwname = NULL;
    for (i = 0, p = fmt; i < nargs; p++) {
        if (*p == '|') {
            continue;
        }
        ref.pos = i + 1;
        /* the commonest units without the two switches of the general conversion (which
           still reports a NULL output pointer) */
        if (*p == 'O') {
            HPy *out = va_arg(*vl, HPy *);
            if (out == NULL) {
                (void)convert_unit(ctx, &af, NULL, *p, args[i], 0, &ref, out); /* reports it */
                return 0;
            }
            *out = args[i];
        }
        else if (*p == 'd') {
            double *out = va_arg(*vl, double *);
            if (out == NULL) {
                (void)convert_unit(ctx, &af, NULL, *p, args[i], 0, &ref, out); /* reports it */
                return 0;
            }
            if (get_double(ctx, &af, &ref, args[i], out) < 0) {
                return 0;
            }
        }
        else if (convert_unit(ctx, &af, NULL, *p, args[i], 0, &ref, next_output(*p, vl)) < 0) {
            return 0;
        }
        i++;
    }
    return 1;
}

/* nargs of the vectorcall entry points is a size_t */
static HPy_ssize_t checked_nargs(size_t nargs)
{
    return nargs > (size_t)HPY_SSIZE_T_MAX ? -1 : (HPy_ssize_t)nargs;
}

HPyAPI_HELPER int
HPyArg_Parse(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs,
             const char *fmt, ...)
{
    va_list vl;
    int ok;

    va_start(vl, fmt);
    ok = ht == NULL ? parse_positional_plain(ctx, args, checked_nargs(nargs), fmt, &vl) : -1;
    if (ok < 0) {
        ok = parse_args(ctx, "HPyArg_Parse", MODE_POSITIONAL, ht, args, checked_nargs(nargs),
                        HPy_NULL, fmt, NULL, &vl);
    }
    va_end(vl);
    return ok;
}

HPyAPI_HELPER int
HPyArg_ParseKeywords(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs,
                     HPy kwnames, const char *fmt, const char *keywords[], ...)
{
    va_list vl;
    int ok;

    va_start(vl, keywords);
    ok = parse_args(ctx, "HPyArg_ParseKeywords", MODE_KWNAMES, ht, args,
                    checked_nargs(nargs), kwnames, fmt, keywords, &vl);
    va_end(vl);
    return ok;
}

HPyAPI_HELPER int
HPyArg_ParseKeywordsDict(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                         HPy_ssize_t nargs, HPy kw, const char *fmt,
                         const char *keywords[], ...)
{
    va_list vl;
    int ok;

    va_start(vl, keywords);
    ok = parse_args(ctx, "HPyArg_ParseKeywordsDict", MODE_KWDICT, ht, args, nargs, kw,
                    fmt, keywords, &vl);
    va_end(vl);
    return ok;
}
