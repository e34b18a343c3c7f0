/* decode.c: hpyjson.loads, written against the HPy API only.

   The parser reads the UTF-8 bytes of the input directly (a str's UTF-8 buffer, or the
   bytes themselves) and keeps its own stack of open containers, so deep input can never
   overflow the C stack: nesting beyond HPYJSON_MAX_DEPTH raises RecursionError. Values
   wait on a value stack until their container closes; then a list is made in one go with
   an HPyListBuilder, a dict with HPyDict_New and HPy_SetItem in document order (so a
   repeated key keeps its last value). Short keys are made once and kept across calls in a
   cache (see KeyEntry). */
#include "hpyjson.h"

#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define KEY_CACHE_SIZE 256 /* a power of two */
#define KEY_CACHE_MAXLEN 32

/* Keys of up to KEY_CACHE_MAXLEN bytes are cached across calls: the str objects in the
   list hpyjson_KeyCache (KEY_CACHE_SIZE slots), the bytes they were made from in
   key_table. A document's keys are mostly the same few names, line after line: a cached
   key costs a list read instead of a new str, and its hash is already known when it goes
   into the dict. An entry is marked used only once the list holds its str. */
typedef struct {
    uint32_t hash;
    uint32_t len;
    unsigned char bytes[KEY_CACHE_MAXLEN];
} KeyEntry;

static KeyEntry key_table[KEY_CACHE_SIZE];
static unsigned char key_used[KEY_CACHE_SIZE];

typedef struct {
    size_t base; /* index in values of the container's first item */
    int is_dict;
} Frame;

typedef struct {
    HPyContext *ctx;
    HPy doc;
    const unsigned char *start, *end;
    int check_utf8; /* bytes input: validate UTF-8 inside strings */
    int surrogates; /* the UTF-8 comes from surrogatepass: strings may hold surrogates */
    int allow_nan;
    int c_locale;   /* strtod reads '.' as the decimal point */
    HPy *values;
    size_t nvalues, cvalues;
    Frame *frames;
    size_t nframes, cframes;
    unsigned char *scratch;
    size_t cscratch;
    HPy key_list; /* hpyjson_KeyCache, loaded at the first key */
    HPy values_inline[64];
    Frame frames_inline[16];
    unsigned char scratch_inline[256];
} Decoder;

/* ---------------------------------------------------------------- errors */

static size_t count_chars(const unsigned char *s, const unsigned char *e)
{
    size_t n = 0;
    for (; s < e; s++) {
        n += (*s & 0xc0) != 0x80;
    }
    return n;
}

HPy hpyjson_decode_error(HPyContext *ctx, HPy doc, const unsigned char *start,
                         const unsigned char *end, const unsigned char *err_at,
                         const char *msg)
{
    const unsigned char *line_start = start, *s;
    HPy_ssize_t pos, lineno = 1, colno;
    HPy cls, text = HPy_NULL, exc = HPy_NULL, value = HPy_NULL;
    if (err_at > end) {
        err_at = end;
    }
    for (s = start; s < err_at; s++) {
        if (*s == '\n') {
            lineno++;
            line_start = s + 1;
        }
    }
    pos = (HPy_ssize_t)count_chars(start, err_at);
    colno = (HPy_ssize_t)count_chars(line_start, err_at) + 1;
    cls = HPyGlobal_Load(ctx, hpyjson_DecodeError);
    text = HPyUnicode_FromFormat(ctx, "%s: line %zd column %zd (char %zd)", msg, lineno, colno,
                                 pos);
    if (HPy_IsNull(text)) {
        goto cleanup;
    }
    exc = HPy_Call(ctx, cls, &text, 1, HPy_NULL);
    if (HPy_IsNull(exc)) {
        goto cleanup;
    }
    value = HPyUnicode_FromString(ctx, msg);
    if (HPy_IsNull(value) || HPy_SetAttr_s(ctx, exc, "msg", value) < 0 ||
        HPy_SetAttr_s(ctx, exc, "doc", doc) < 0) {
        goto cleanup;
    }
    HPy_Close(ctx, value);
    value = HPyLong_FromSsize_t(ctx, pos);
    if (HPy_IsNull(value) || HPy_SetAttr_s(ctx, exc, "pos", value) < 0) {
        goto cleanup;
    }
    HPy_Close(ctx, value);
    value = HPyLong_FromSsize_t(ctx, lineno);
    if (HPy_IsNull(value) || HPy_SetAttr_s(ctx, exc, "lineno", value) < 0) {
        goto cleanup;
    }
    HPy_Close(ctx, value);
    value = HPyLong_FromSsize_t(ctx, colno);
    if (HPy_IsNull(value) || HPy_SetAttr_s(ctx, exc, "colno", value) < 0) {
        goto cleanup;
    }
    HPyErr_SetObject(ctx, cls, exc);
cleanup:
    HPy_Close(ctx, value);
    HPy_Close(ctx, exc);
    HPy_Close(ctx, text);
    HPy_Close(ctx, cls);
    return HPy_NULL;
}

static int fail(Decoder *d, const unsigned char *at, const char *msg)
{
    hpyjson_decode_error(d->ctx, d->doc, d->start, d->end, at, msg);
    return -1;
}

static int fail_nomem(Decoder *d)
{
    HPyErr_NoMemory(d->ctx);
    return -1;
}

/* ---------------------------------------------------------------- stacks */

static int grow(void **data, size_t *cap, size_t item, void *inline_data)
{
    size_t newcap = *cap * 2;
    void *p;
    if (newcap > (size_t)PTRDIFF_MAX / item) {
        return -1;
    }
    if (*data == inline_data) {
        p = malloc(newcap * item);
        if (p != NULL) {
            memcpy(p, *data, *cap * item);
        }
    }
    else {
        p = realloc(*data, newcap * item);
    }
    if (p == NULL) {
        return -1;
    }
    *data = p;
    *cap = newcap;
    return 0;
}

static int push_value(Decoder *d, HPy h)
{
    if (d->nvalues == d->cvalues &&
        grow((void **)&d->values, &d->cvalues, sizeof(HPy), d->values_inline) < 0) {
        HPy_Close(d->ctx, h);
        return fail_nomem(d);
    }
    d->values[d->nvalues++] = h;
    return 0;
}

static int push_frame(Decoder *d, int is_dict)
{
    if (d->nframes >= HPYJSON_MAX_DEPTH) {
        HPyErr_SetString(d->ctx, d->ctx->h_RecursionError,
                         "maximum JSON nesting depth exceeded while decoding");
        return -1;
    }
    if (d->nframes == d->cframes &&
        grow((void **)&d->frames, &d->cframes, sizeof(Frame), d->frames_inline) < 0) {
        return fail_nomem(d);
    }
    d->frames[d->nframes].base = d->nvalues;
    d->frames[d->nframes].is_dict = is_dict;
    d->nframes++;
    return 0;
}

static int scratch_reserve(Decoder *d, size_t n)
{
    while (d->cscratch < n) {
        if (grow((void **)&d->scratch, &d->cscratch, 1, d->scratch_inline) < 0) {
            return fail_nomem(d);
        }
    }
    return 0;
}

/* Close the values of the top frame and replace them by their list or dict. */
static int close_container(Decoder *d)
{
    HPyContext *ctx = d->ctx;
    Frame *f = &d->frames[d->nframes - 1];
    size_t i, n = d->nvalues - f->base;
    HPy *items = d->values + f->base;
    HPy result;
    if (f->is_dict) {
        result = HPyDict_New(ctx);
        for (i = 0; i < n; i += 2) {
            if (!HPy_IsNull(result) && HPy_SetItem(ctx, result, items[i], items[i + 1]) < 0) {
                HPy_Close(ctx, result);
                result = HPy_NULL;
            }
            HPy_Close(ctx, items[i]);
            HPy_Close(ctx, items[i + 1]);
        }
    }
    else {
        HPyListBuilder lb = HPyListBuilder_New(ctx, (HPy_ssize_t)n);
        for (i = 0; i < n; i++) {
            HPyListBuilder_Set(ctx, lb, (HPy_ssize_t)i, items[i]);
            HPy_Close(ctx, items[i]);
        }
        result = HPyListBuilder_Build(ctx, lb);
    }
    d->nvalues = f->base;
    d->nframes--;
    if (HPy_IsNull(result)) {
        return -1;
    }
    return push_value(d, result);
}

/* ---------------------------------------------------------------- strings */

/* 1 for the bytes a string copies as they are: printable ASCII but '"' and '\\'. */
static unsigned char plain_ascii[256];
static int plain_ascii_ready = 0;

static void init_plain_ascii(void)
{
    int c;
    for (c = 0x20; c < 0x80; c++) {
        plain_ascii[c] = c != '"' && c != '\\';
    }
    plain_ascii_ready = 1;
}

#define ONES 0x0101010101010101ULL
#ifdef __SSE2__
#  include <emmintrin.h>
#else
#  define HIGHS 0x8080808080808080ULL
#  define HAS_ZERO_BYTE(x) (((x) - ONES) & ~(x) & HIGHS)
#endif

/* Skip plain ASCII bytes: returns the first byte that is '"', '\\', a control
   character or non-ASCII (or end). With SSE2 (every x86-64) 16 bytes per step: a signed
   compare with 0x20 flags the control characters and every byte >= 0x80 at once, and
   the mask's lowest bit is the stopping byte; elsewhere 8 bytes per step in a word. */
static const unsigned char *skip_plain(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                 _mm_cmpeq_epi8(v, backslash)),
                                    _mm_cmplt_epi8(v, space));
        unsigned mask = (unsigned)_mm_movemask_epi8(stop);
        if (mask != 0) {
            return p + __builtin_ctz(mask);
        }
        p += 16;
    }
#else
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        if (HAS_ZERO_BYTE(w ^ (ONES * '"')) | HAS_ZERO_BYTE(w ^ (ONES * '\\')) |
            ((w - ONES * 0x20) & ~w & HIGHS) | (w & HIGHS)) {
            break;
        }
        p += 8;
    }
#endif
    while (p < end && plain_ascii[*p]) {
        p++;
    }
    return p;
}

/* Length of the well-formed UTF-8 sequence at p (no surrogates), or 0. */
static size_t utf8_sequence(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t avail = (size_t)(end - p);
    if (c >= 0xc2 && c <= 0xdf) {
        return avail >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
    }
    if (c >= 0xe0 && c <= 0xef) {
        unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
        return avail >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
        return avail >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
                       (p[3] & 0xc0) == 0x80
                   ? 4
                   : 0;
    }
    return 0;
}

/* A str from UTF-8 that may hold NUL bytes and 3-byte surrogates, through wchar_t. */
static HPy str_from_wide(Decoder *d, const unsigned char *s, size_t n)
{
    wchar_t inline_w[128];
    wchar_t *w = inline_w;
    size_t i = 0, k = 0;
    HPy result;
    inline_w[0] = 0;
    if (n > sizeof(inline_w) / sizeof(inline_w[0]) / 2) {
        w = (wchar_t *)malloc(sizeof(wchar_t) * 2 * (n + 1));
        if (w == NULL) {
            return HPyErr_NoMemory(d->ctx);
        }
    }
    while (i < n) {
        unsigned int c = s[i];
        if (c < 0x80) {
            i += 1;
        }
        else if (c < 0xe0) {
            c = ((c & 0x1f) << 6) | (s[i + 1] & 0x3f);
            i += 2;
        }
        else if (c < 0xf0) {
            c = ((c & 0x0f) << 12) | ((unsigned int)(s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
            i += 3;
        }
        else {
            c = ((c & 0x07) << 18) | ((unsigned int)(s[i + 1] & 0x3f) << 12) |
                ((unsigned int)(s[i + 2] & 0x3f) << 6) | (s[i + 3] & 0x3f);
            i += 4;
        }
#if WCHAR_MAX <= 0xffff
        if (c >= 0x10000) {
            c -= 0x10000;
            w[k++] = (wchar_t)(0xd800 | (c >> 10));
            c = 0xdc00 | (c & 0x3ff);
        }
#endif
        w[k++] = (wchar_t)c;
    }
    result = HPyUnicode_FromWideChar(d->ctx, w, (HPy_ssize_t)k);
    if (w != inline_w) {
        free(w);
    }
    return result;
}

/* A str from n bytes of valid UTF-8 without NUL or surrogates. */
static HPy str_from_utf8(Decoder *d, const unsigned char *s, size_t n, int nonascii)
{
    if (!nonascii) {
        return HPyUnicode_DecodeASCII(d->ctx, (const char *)s, (HPy_ssize_t)n, NULL);
    }
    if (d->surrogates) {
        return str_from_wide(d, s, n);
    }
    if (s != d->scratch) {
        if (scratch_reserve(d, n + 1) < 0) {
            return HPy_NULL;
        }
        memcpy(d->scratch, s, n);
    }
    d->scratch[n] = '\0';
    return HPyUnicode_FromString(d->ctx, (const char *)d->scratch);
}

/* The key cache's hash: eight bytes per multiply (a byte-at-a-time hash was a quarter of
   the time spent on keys), the last partial word gathered byte by byte without reading
   past the key. */
static uint32_t key_hash(const unsigned char *s, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15ULL, w = 0;
    size_t i;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    for (w = 0, i = 0; i < n; i++) {
        w |= (uint64_t)s[i] << (8 * i);
    }
    h = (h ^ w) * 0x94d049bb133111ebULL;
    return (uint32_t)(h ^ (h >> 32));
}

/* A key str for n plain bytes, from the cache when an equal key was read before. */
static HPy cached_key(Decoder *d, const unsigned char *s, size_t n, int nonascii)
{
    HPyContext *ctx = d->ctx;
    uint32_t h = key_hash(s, n);
    size_t slot = h & (KEY_CACHE_SIZE - 1);
    KeyEntry *e = &key_table[slot];
    HPy str;
    if (HPy_IsNull(d->key_list)) {
        d->key_list = HPyGlobal_Load(ctx, hpyjson_KeyCache);
        if (HPy_IsNull(d->key_list)) {
            return str_from_utf8(d, s, n, nonascii); /* the module was not initialised */
        }
    }
    if (key_used[slot] && e->hash == h && e->len == n && memcmp(e->bytes, s, n) == 0) {
        return HPy_GetItem_i(ctx, d->key_list, (HPy_ssize_t)slot);
    }
    str = str_from_utf8(d, s, n, nonascii);
    if (HPy_IsNull(str)) {
        return str;
    }
    key_used[slot] = 0;
    if (HPy_SetItem_i(ctx, d->key_list, (HPy_ssize_t)slot, str) < 0) {
        HPyErr_Clear(ctx); /* only a cache: the key is still good */
        return str;
    }
    e->hash = h;
    e->len = (uint32_t)n;
    memcpy(e->bytes, s, n);
    key_used[slot] = 1;
    return str;
}

/* The empty key cache list, for the module's exec. */
HPy hpyjson_new_key_cache(HPyContext *ctx)
{
    HPy list = HPyList_New(ctx, 0);
    HPy_ssize_t i;
    if (HPy_IsNull(list)) {
        return list;
    }
    for (i = 0; i < KEY_CACHE_SIZE; i++) {
        if (HPyList_Append(ctx, list, ctx->h_None) < 0) {
            HPy_Close(ctx, list);
            return HPy_NULL;
        }
    }
    memset(key_used, 0, sizeof(key_used));
    return list;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* The code unit of the 4 hex digits at p, or -1. */
static long hex4(const unsigned char *p, const unsigned char *end)
{
    long v = 0;
    int i;
    if (end - p < 4) {
        return -1;
    }
    for (i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0) {
            return -1;
        }
        v = (v << 4) | h;
    }
    return v;
}

static unsigned char *put_utf8(unsigned char *o, unsigned long cp)
{
    if (cp < 0x80) {
        *o++ = (unsigned char)cp;
    }
    else if (cp < 0x800) {
        *o++ = (unsigned char)(0xc0 | (cp >> 6));
        *o++ = (unsigned char)(0x80 | (cp & 0x3f));
    }
    else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xe0 | (cp >> 12));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (unsigned char)(0x80 | (cp & 0x3f));
    }
    else {
        *o++ = (unsigned char)(0xf0 | (cp >> 18));
        *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (unsigned char)(0x80 | (cp & 0x3f));
    }
    return o;
}

/* The rest of a string that has escapes: s is its first byte, p the first backslash. The
   text is unescaped into scratch (never longer than the source). */
static int parse_escaped(Decoder *d, const unsigned char *s, const unsigned char **pp,
                         int nonascii, HPy *out)
{
    const unsigned char *p = *pp, *end = d->end, *run;
    unsigned char *o;
    int special = 0; /* a NUL or a lone surrogate: needs the wide path */
    size_t n;
    if (scratch_reserve(d, (size_t)(end - s) + 1) < 0) {
        return -1;
    }
    memcpy(d->scratch, s, (size_t)(p - s));
    o = d->scratch + (p - s);
    for (;;) {
        unsigned char c = *p;
        if (c == '"') {
            break;
        }
        if (c == '\\') {
            const unsigned char *esc = p;
            if (p + 1 >= end) {
                return fail(d, s - 1, "Unterminated string starting at");
            }
            c = p[1];
            p += 2;
            switch (c) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '/': *o++ = '/'; break;
            case 'b': *o++ = '\b'; break;
            case 'f': *o++ = '\f'; break;
            case 'n': *o++ = '\n'; break;
            case 'r': *o++ = '\r'; break;
            case 't': *o++ = '\t'; break;
            case 'u': {
                long cp = hex4(p, end);
                if (cp < 0) {
                    return fail(d, esc + 1, "Invalid \\uXXXX escape");
                }
                p += 4;
                if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 6 && p[0] == '\\' &&
                    p[1] == 'u') {
                    long lo = hex4(p + 2, end);
                    if (lo >= 0xdc00 && lo <= 0xdfff) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        p += 6;
                    }
                }
                if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
                    special = 1;
                }
                if (cp >= 0x80) {
                    nonascii = 1;
                }
                o = put_utf8(o, (unsigned long)cp);
                break;
            }
            default:
                return fail(d, esc, "Invalid \\escape");
            }
        }
        else if (c < 0x20) {
            return fail(d, p, "Invalid control character at");
        }
        else { /* non-ASCII */
            size_t len = 1;
            if (d->check_utf8) {
                len = utf8_sequence(p, end);
                if (len == 0) {
                    return fail(d, p, "Invalid UTF-8 in string at");
                }
            }
            else {
                while (p + len < end && (p[len] & 0xc0) == 0x80) {
                    len++;
                }
            }
            memcpy(o, p, len);
            o += len;
            p += len;
            nonascii = 1;
        }
        run = p;
        p = skip_plain(p, end);
        memcpy(o, run, (size_t)(p - run));
        o += p - run;
        if (p >= end) {
            return fail(d, s - 1, "Unterminated string starting at");
        }
    }
    *pp = p + 1;
    n = (size_t)(o - d->scratch);
    if (special || (d->surrogates && nonascii)) {
        *out = str_from_wide(d, d->scratch, n);
    }
    else {
        *out = str_from_utf8(d, d->scratch, n, nonascii);
    }
    return HPy_IsNull(*out) ? -1 : 0;
}

/* A string whose opening quote is at (*pp)[-1]; on success *pp is past the closing one. */
static int parse_string(Decoder *d, const unsigned char **pp, int is_key, HPy *out)
{
    const unsigned char *s = *pp, *p = s, *end = d->end;
    int nonascii = 0;
    size_t n;
    for (;;) {
        unsigned char c;
        p = skip_plain(p, end);
        if (p >= end) {
            return fail(d, s - 1, "Unterminated string starting at");
        }
        c = *p;
        if (c == '"') {
            break;
        }
        if (c == '\\') {
            *pp = p;
            return parse_escaped(d, s, pp, nonascii, out);
        }
        if (c < 0x20) {
            return fail(d, p, "Invalid control character at");
        }
        /* a run of non-ASCII characters */
        nonascii = 1;
        if (d->check_utf8) {
            do {
                size_t len;
                unsigned char c0 = *p;
                /* the common 3-byte case (U+1000..U+FFFF but the surrogates) inline */
                if (c0 >= 0xe1 && c0 <= 0xef && c0 != 0xed && end - p >= 3 &&
                    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
                    p += 3;
                    continue;
                }
                len = utf8_sequence(p, end);
                if (len == 0) {
                    return fail(d, p, "Invalid UTF-8 in string at");
                }
                p += len;
            } while (p < end && *p >= 0x80);
        }
        else {
            do {
                p++;
            } while (p < end && *p >= 0x80);
        }
    }
    *pp = p + 1;
    n = (size_t)(p - s);
    if (is_key && n <= KEY_CACHE_MAXLEN) {
        *out = cached_key(d, s, n, nonascii);
    }
    else {
        *out = str_from_utf8(d, s, n, nonascii);
    }
    return HPy_IsNull(*out) ? -1 : 0;
}

/* ---------------------------------------------------------------- numbers */

static const double pow10_exact[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
/* Powers of ten exact in an x87 long double (5**27 < 2**64). */
static const long double pow10_ld[] = {
    1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L,
    1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L,
    1e26L, 1e27L,
};
#endif

/* mant * 10**exp10 correctly rounded to a double, for up to 19 digits, when one operation
   in 64-bit long double precision decides it: the long double result is within half a
   unit of its last bit, so rounding it again to 53 bits gives the right double unless it
   lies next to a halfway point between two doubles (then return 0: use strtod). */
static int exact_enough(uint64_t mant, long exp10, double *out)
{
#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
    long double r;
    uint64_t bits, low;
    if (exp10 < -27 || exp10 > 27 || mant == 0) {
        return 0;
    }
    r = exp10 < 0 ? (long double)mant / pow10_ld[-exp10] : (long double)mant * pow10_ld[exp10];
    if (!(r >= (long double)DBL_MIN && r <= (long double)DBL_MAX)) {
        return 0;
    }
    /* the 64-bit significand of the x87 format, stored explicitly in its low 8 bytes
       (little-endian x86): what ldexpl(frexpl(r, &e), 64) computes, without two libm calls */
    memcpy(&bits, &r, sizeof(bits));
    low = bits & 0x7ff;
    if (low >= 0x3ff && low <= 0x401) {
        return 0;
    }
    *out = (double)r;
    return 1;
#else
    (void)mant;
    (void)exp10;
    (void)out;
    return 0;
#endif
}

#define IS_DIGIT(c) ((unsigned char)((c) - '0') < 10)

/* A number starting at *pp (a '-' or a digit). The grammar is JSON's: a '.' or an 'e'
   that is not followed by digits ends the number, and what follows is then an error of
   the enclosing context (as in CPython's json: "2." is "Extra data"). */
static int parse_number(Decoder *d, const unsigned char **pp, HPy *out)
{
    HPyContext *ctx = d->ctx;
    const unsigned char *s = *pp, *p = s, *end = d->end;
    int neg = 0, is_float = 0;
    uint64_t mant = 0;
    int sig = 0;         /* significant digits in mant (after leading zeros) */
    int dropped = 0;     /* significant digits that did not fit in mant */
    long exp10 = 0;      /* decimal exponent from the fraction and 'e' part */
    double v;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (p >= end || !IS_DIGIT(*p)) {
        if (neg && end - p >= 8 && memcmp(p, "Infinity", 8) == 0 && d->allow_nan) {
            *pp = p + 8;
            *out = HPyFloat_FromDouble(ctx, -HUGE_VAL);
            return HPy_IsNull(*out) ? -1 : 0;
        }
        return fail(d, s, "Expecting value");
    }
    if (*p == '0') {
        p++;
    }
    else {
        for (; p < end && IS_DIGIT(*p); p++) {
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                sig++;
            }
            else {
                dropped++;
            }
        }
    }
    if (p + 1 < end && *p == '.' && IS_DIGIT(p[1])) {
        is_float = 1;
        for (p++; p < end && IS_DIGIT(*p); p++) {
            if (mant == 0 && *p == '0') {
                exp10--;
            }
            else if (sig < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                sig++;
                exp10--;
            }
            else {
                dropped++;
            }
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        const unsigned char *q = p + 1;
        if (q < end && (*q == '+' || *q == '-')) {
            q++;
        }
        if (q < end && IS_DIGIT(*q)) {
            long e = 0;
            int eneg = p[1] == '-';
            is_float = 1;
            for (p = q; p < end && IS_DIGIT(*p); p++) {
                if (e < 100000) {
                    e = e * 10 + (*p - '0');
                }
            }
            exp10 += eneg ? -e : e;
        }
    }
    *pp = p;
    if (!is_float) {
        if (sig <= 18 && dropped == 0) {
            int64_t v = (int64_t)mant;
            *out = HPyLong_FromInt64_t(ctx, neg ? -v : v);
        }
        else {
            /* exact big integers: int() of the digits (it enforces the interpreter's
               limit on the number of digits, as json does) */
            HPy text = HPyUnicode_DecodeASCII(ctx, (const char *)s, (HPy_ssize_t)(p - s), NULL);
            if (HPy_IsNull(text)) {
                return -1;
            }
            *out = HPy_Long(ctx, text);
            HPy_Close(ctx, text);
        }
        return HPy_IsNull(*out) ? -1 : 0;
    }
    if (dropped == 0 && sig <= 15 && exp10 >= -22 && exp10 <= 22) {
        /* both mant and 10**|exp10| are exact doubles: one correctly rounded operation */
        v = (double)mant;
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
        *out = HPyFloat_FromDouble(ctx, neg ? -v : v);
    }
    else if (dropped == 0 && exact_enough(mant, exp10, &v)) {
        *out = HPyFloat_FromDouble(ctx, neg ? -v : v);
    }
    else if (d->c_locale && p - s < 64) {
        char tmp[64];
        memcpy(tmp, s, (size_t)(p - s));
        tmp[p - s] = '\0';
        *out = HPyFloat_FromDouble(ctx, strtod(tmp, NULL));
    }
    else {
        HPy text = HPyUnicode_DecodeASCII(ctx, (const char *)s, (HPy_ssize_t)(p - s), NULL);
        if (HPy_IsNull(text)) {
            return -1;
        }
        *out = HPy_Float(ctx, text);
        HPy_Close(ctx, text);
    }
    return HPy_IsNull(*out) ? -1 : 0;
}

/* ---------------------------------------------------------------- values */

#define IS_WS(c) ((c) == ' ' || (c) == '\n' || (c) == '\r' || (c) == '\t')

/* Whitespace: compact documents have none (one test), indented ones long runs of spaces
   (skipped eight at a time). */
static const unsigned char *skip_ws(const unsigned char *p, const unsigned char *end)
{
    while (p < end && *p <= ' ') {
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w == ONES * ' ') {
                p += 8;
                continue;
            }
        }
        if (!IS_WS(*p)) {
            break;
        }
        p++;
    }
    return p;
}

static int match(const unsigned char *p, const unsigned char *end, const char *word, size_t n)
{
    return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* A dict key, its ':' and the whitespace after it; p is at the opening quote. */
static int parse_key(Decoder *d, const unsigned char **pp)
{
    HPy key;
    const unsigned char *p = *pp + 1;
    if (parse_string(d, &p, 1, &key) < 0 || push_value(d, key) < 0) {
        return -1;
    }
    p = skip_ws(p, d->end);
    if (p >= d->end || *p != ':') {
        return fail(d, p, "Expecting ':' delimiter");
    }
    *pp = skip_ws(p + 1, d->end);
    return 0;
}

static HPy parse_document(Decoder *d)
{
    HPyContext *ctx = d->ctx;
    const unsigned char *p = d->start, *end = d->end;
    HPy v;
    p = skip_ws(p, end);
    for (;;) {
        /* a value starts at p */
        if (p >= end) {
            fail(d, p, "Expecting value");
            return HPy_NULL;
        }
        switch (*p) {
        case '"':
            p++;
            if (parse_string(d, &p, 0, &v) < 0) {
                return HPy_NULL;
            }
            break;
        case '{':
            if (push_frame(d, 1) < 0) {
                return HPy_NULL;
            }
            p = skip_ws(p + 1, end);
            if (p < end && *p == '}') {
                p++;
                if (close_container(d) < 0) {
                    return HPy_NULL;
                }
                goto have_value;
            }
            if (p >= end || *p != '"') {
                fail(d, p, "Expecting property name enclosed in double quotes");
                return HPy_NULL;
            }
            if (parse_key(d, &p) < 0) {
                return HPy_NULL;
            }
            continue;
        case '[':
            if (push_frame(d, 0) < 0) {
                return HPy_NULL;
            }
            p = skip_ws(p + 1, end);
            if (p < end && *p == ']') {
                p++;
                if (close_container(d) < 0) {
                    return HPy_NULL;
                }
                goto have_value;
            }
            continue;
        case 't':
            if (!match(p, end, "true", 4)) {
                goto expecting_value;
            }
            p += 4;
            v = HPy_Dup(ctx, ctx->h_True);
            break;
        case 'f':
            if (!match(p, end, "false", 5)) {
                goto expecting_value;
            }
            p += 5;
            v = HPy_Dup(ctx, ctx->h_False);
            break;
        case 'n':
            if (!match(p, end, "null", 4)) {
                goto expecting_value;
            }
            p += 4;
            v = HPy_Dup(ctx, ctx->h_None);
            break;
        case 'N':
            if (!d->allow_nan || !match(p, end, "NaN", 3)) {
                goto expecting_value;
            }
            p += 3;
            v = HPyFloat_FromDouble(ctx, NAN);
            break;
        case 'I':
            if (!d->allow_nan || !match(p, end, "Infinity", 8)) {
                goto expecting_value;
            }
            p += 8;
            v = HPyFloat_FromDouble(ctx, HUGE_VAL);
            break;
        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            if (parse_number(d, &p, &v) < 0) {
                return HPy_NULL;
            }
            break;
        default:
            goto expecting_value;
        }
        if (HPy_IsNull(v) || push_value(d, v) < 0) {
            return HPy_NULL;
        }
    have_value:
        /* a value ended before p: what comes next depends on the open container */
        while (d->nframes > 0) {
            Frame *f = &d->frames[d->nframes - 1];
            p = skip_ws(p, end);
            if (p < end && *p == ',') {
                const unsigned char *comma = p;
                p = skip_ws(p + 1, end);
                if (p < end && *p == (f->is_dict ? '}' : ']')) {
                    /* the message of CPython 3.13's json */
                    fail(d, comma, f->is_dict ? "Illegal trailing comma before end of object"
                                              : "Illegal trailing comma before end of array");
                    return HPy_NULL;
                }
                if (f->is_dict) {
                    if (p >= end || *p != '"') {
                        fail(d, p, "Expecting property name enclosed in double quotes");
                        return HPy_NULL;
                    }
                    if (parse_key(d, &p) < 0) {
                        return HPy_NULL;
                    }
                }
                break; /* parse the next value */
            }
            if (p < end && *p == (f->is_dict ? '}' : ']')) {
                p++;
                if (close_container(d) < 0) {
                    return HPy_NULL;
                }
                continue;
            }
            fail(d, p, "Expecting ',' delimiter");
            return HPy_NULL;
        }
        if (d->nframes == 0) {
            p = skip_ws(p, end);
            if (p < end) {
                fail(d, p, "Extra data");
                return HPy_NULL;
            }
            d->nvalues = 0;
            return d->values[0];
        }
    }
expecting_value:
    fail(d, p, "Expecting value");
    return HPy_NULL;
}

/* ---------------------------------------------------------------- entry point */

static HPy decode(HPyContext *ctx, HPy doc, const unsigned char *s, size_t n, int check_utf8,
                  int surrogates, int allow_nan)
{
    Decoder *d;
    HPy result;
    size_t i;
    struct lconv *lc = localeconv();
    d = (Decoder *)malloc(sizeof(Decoder));
    if (d == NULL) {
        return HPyErr_NoMemory(ctx);
    }
    d->ctx = ctx;
    d->doc = doc;
    d->start = s;
    d->end = s + n;
    d->check_utf8 = check_utf8;
    d->surrogates = surrogates;
    d->allow_nan = allow_nan;
    d->c_locale = lc != NULL && strcmp(lc->decimal_point, ".") == 0;
    d->values = d->values_inline;
    d->nvalues = 0;
    d->cvalues = sizeof(d->values_inline) / sizeof(HPy);
    d->frames = d->frames_inline;
    d->nframes = 0;
    d->cframes = sizeof(d->frames_inline) / sizeof(Frame);
    d->scratch = d->scratch_inline;
    d->cscratch = sizeof(d->scratch_inline);
    d->key_list = HPy_NULL;
    if (!plain_ascii_ready) {
        init_plain_ascii();
    }
    result = parse_document(d);
    for (i = 0; i < d->nvalues; i++) {
        HPy_Close(ctx, d->values[i]);
    }
    HPy_Close(ctx, d->key_list);
    if (d->values != d->values_inline) {
        free(d->values);
    }
    if (d->frames != d->frames_inline) {
        free(d->frames);
    }
    if (d->scratch != d->scratch_inline) {
        free(d->scratch);
    }
    free(d);
    return result;
}

static HPy loads_str(HPyContext *ctx, HPy doc, int allow_nan)
{
    HPy_ssize_t n;
    HPy bytes, result, args[3];
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, doc, &n);
    if (s != NULL) {
        if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
            const unsigned char *u = (const unsigned char *)s;
            return hpyjson_decode_error(ctx, doc, u, u + n, u,
                                        "Unexpected UTF-8 BOM (decode using utf-8-sig)");
        }
        return decode(ctx, doc, (const unsigned char *)s, (size_t)n, 0, 0, allow_nan);
    }
    /* lone surrogates have no UTF-8: parse the surrogatepass encoding instead */
    if (!HPyErr_ExceptionMatches(ctx, ctx->h_UnicodeEncodeError)) {
        return HPy_NULL;
    }
    HPyErr_Clear(ctx);
    args[0] = doc;
    args[1] = HPyUnicode_FromString(ctx, "utf-8");
    args[2] = HPyUnicode_FromString(ctx, "surrogatepass");
    bytes = HPy_NULL;
    if (!HPy_IsNull(args[1]) && !HPy_IsNull(args[2])) {
        HPy name = HPyUnicode_FromString(ctx, "encode");
        if (!HPy_IsNull(name)) {
            bytes = HPy_CallMethod(ctx, name, args, 3, HPy_NULL);
            HPy_Close(ctx, name);
        }
    }
    HPy_Close(ctx, args[1]);
    HPy_Close(ctx, args[2]);
    if (HPy_IsNull(bytes)) {
        return HPy_NULL;
    }
    result = decode(ctx, doc, (const unsigned char *)HPyBytes_AS_STRING(ctx, bytes),
                    (size_t)HPyBytes_GET_SIZE(ctx, bytes), 0, 1, allow_nan);
    HPy_Close(ctx, bytes);
    return result;
}

static HPy loads_bytes(HPyContext *ctx, HPy doc, HPy bytes, int allow_nan)
{
    const unsigned char *s = (const unsigned char *)HPyBytes_AS_STRING(ctx, bytes);
    size_t n = (size_t)HPyBytes_GET_SIZE(ctx, bytes);
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        s += 3; /* json decodes bytes as utf-8-sig */
        n -= 3;
    }
    return decode(ctx, doc, s, n, 1, 0, allow_nan);
}

static HPy loads_any(HPyContext *ctx, HPy doc, int allow_nan)
{
    HPy type, result;
    int is_buffer;
    if (HPyUnicode_Check(ctx, doc)) {
        return loads_str(ctx, doc, allow_nan);
    }
    if (HPyBytes_Check(ctx, doc)) {
        return loads_bytes(ctx, doc, doc, allow_nan);
    }
    type = HPyGlobal_Load(ctx, hpyjson_ByteArrayType);
    is_buffer = HPy_TypeCheck(ctx, doc, type) || HPy_TypeCheck(ctx, doc, ctx->h_MemoryViewType);
    HPy_Close(ctx, type);
    if (is_buffer) {
        HPy bytes = HPy_Bytes(ctx, doc);
        if (HPy_IsNull(bytes)) {
            return HPy_NULL;
        }
        result = loads_bytes(ctx, doc, bytes, allow_nan);
        HPy_Close(ctx, bytes);
        return result;
    }
    type = HPy_Type(ctx, doc);
    HPyErr_Format(ctx, ctx->h_TypeError,
                  "the JSON object must be str, bytes, bytearray or memoryview, not %s",
                  HPyType_GetName(ctx, type));
    HPy_Close(ctx, type);
    return HPy_NULL;
}

HPyDef_METH(hpyjson_loads, "loads", HPyFunc_KEYWORDS,
            .doc = "loads(s, *, allow_nan=True)\n\n"
                   "Deserialize s (a str, bytes, bytearray or memoryview holding a JSON\n"
                   "document) to a Python object. NaN, Infinity and -Infinity are accepted\n"
                   "unless allow_nan is false.")
static HPy hpyjson_loads_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                              HPy kwnames)
{
    static const char *keywords[] = {"s", "allow_nan", NULL};
    HPyTracker ht;
    HPy doc, result;
    int allow_nan = 1;
    (void)self;
    if (nargs == 1 && HPy_IsNull(kwnames)) {
        return loads_any(ctx, args[0], 1);
    }
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|$p:loads", keywords, &doc,
                              &allow_nan)) {
        return HPy_NULL;
    }
    result = loads_any(ctx, doc, allow_nan);
    HPyTracker_Close(ctx, ht);
    return result;
}
