/* jsonbuf: see jsonbuf.h. */
#include "jsonbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jsonbuf_init(JsonBuf *b)
{
    b->data = b->inline_data;
    b->len = 0;
    b->cap = sizeof(b->inline_data);
}

void jsonbuf_free(JsonBuf *b)
{
    if (b->data != b->inline_data) {
        free(b->data);
    }
    jsonbuf_init(b);
}

int jsonbuf_reserve(JsonBuf *b, size_t n)
{
    size_t need, cap;
    char *data;
    if (b->cap - b->len > n) {  /* keep one byte for a terminating NUL */
        return 0;
    }
    if (n > (size_t)-1 / 2 - b->len) {
        return -1;
    }
    need = b->len + n + 1;
    cap = b->cap * 2;
    while (cap < need) {
        cap *= 2;
    }
    if (b->data == b->inline_data) {
        data = (char *)malloc(cap);
        if (data != NULL) {
            memcpy(data, b->data, b->len);
        }
    }
    else {
        data = (char *)realloc(b->data, cap);
    }
    if (data == NULL) {
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

static const char two_digits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

int jsonbuf_int64(JsonBuf *b, int64_t v)
{
    char tmp[24];
    char *p = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n;
    while (u >= 100) {
        unsigned int r = (unsigned int)(u % 100);
        u /= 100;
        p -= 2;
        p[0] = two_digits[2 * r];
        p[1] = two_digits[2 * r + 1];
    }
    if (u >= 10) {
        p -= 2;
        p[0] = two_digits[2 * u];
        p[1] = two_digits[2 * u + 1];
    }
    else {
        *--p = (char)('0' + (int)u);
    }
    if (v < 0) {
        *--p = '-';
    }
    n = (size_t)(tmp + sizeof(tmp) - p);
    return jsonbuf_write(b, p, n);
}

int jsonbuf_newline(JsonBuf *b, int indent, int depth)
{
    size_t n = (size_t)indent * (size_t)depth;
    if (jsonbuf_reserve(b, n + 1) < 0) {
        return -1;
    }
    b->data[b->len++] = '\n';
    memset(b->data + b->len, ' ', n);
    b->len += n;
    return 0;
}

/* ---------------------------------------------------------------- doubles

   The shortest digits are found exactly with integers. A finite double is m * 2**q (m
   has 53 bits); the doubles next to it are half an ulp away on each side (a quarter
   below when m is a power of two that is not the smallest normal exponent), and every
   decimal strictly between those midpoints reads back as the double (the midpoints too
   when m is even: reading rounds half to even). Scaling the value and the midpoints by
   10**k so that the value has 17 integer digits makes the candidates integers: the
   answer is the multiple of the largest power of ten in the scaled interval that lies
   closest to the scaled value. For 2**-70 < v < 2**53 the scaled numbers are exact in
   128 bits; other values (huge, tiny, subnormal) search with snprintf and strtod. */

typedef struct {
    uint64_t hi, lo;
} U128;

static U128 mul_64x64(uint64_t a, uint64_t b)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    U128 r;
    r.lo = (mid << 32) | (p00 & 0xffffffffu);
    r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return r;
}

static const uint64_t pow10_u64[20] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u,
    1000000000u, 10000000000u, 100000000000u, 1000000000000u, 10000000000000u,
    100000000000000u, 1000000000000000u, 10000000000000000u, 100000000000000000u,
    1000000000000000000u, 10000000000000000000u,
};

/* a * 10**k for a < 2**57, k <= 21 */
static U128 mul_pow10(uint64_t a, int k)
{
    if (k > 19) {
        a *= pow10_u64[k - 19];
        k = 19;
    }
    return mul_64x64(a, pow10_u64[k]);
}

/* How v mod 2**sh compares with 2**(sh-1), for 0 < sh < 128. */
enum { REM_ZERO, REM_BELOW_HALF, REM_HALF, REM_ABOVE_HALF };

static int bit_at(U128 v, int i)
{
    return (int)((i < 64 ? v.lo >> i : v.hi >> (i - 64)) & 1u);
}

static int low_bits_zero(U128 v, int n)
{
    if (n <= 0) {
        return 1;
    }
    if (n < 64) {
        return (v.lo & ((UINT64_C(1) << n) - 1)) == 0;
    }
    if (n == 64) {
        return v.lo == 0;
    }
    return v.lo == 0 && (v.hi & ((UINT64_C(1) << (n - 64)) - 1)) == 0;
}

/* v >> sh (the caller knows it fits in 64 bits) and the class of the remainder. */
static uint64_t shift_right(U128 v, int sh, int *rem)
{
    int half = bit_at(v, sh - 1), low_zero = low_bits_zero(v, sh - 1);
    *rem = half ? (low_zero ? REM_HALF : REM_ABOVE_HALF) : (low_zero ? REM_ZERO : REM_BELOW_HALF);
    if (sh < 64) {
        return (v.lo >> sh) | (v.hi << (64 - sh));
    }
    return v.hi >> (sh - 64);
}

/* The shortest round-tripping digits of v > 0 as an integer *digits with *ndigits
   digits (no trailing zeros) and decimal exponent *exp10 (v ~ d.ddd * 10**exp10).
   Returns 0 if v is outside the exact range. */
static int shortest_exact(double v, uint64_t *digits, int *ndigits, int *exp10)
{
    uint64_t bits, m, c, lo, hi, pw, t, r;
    int biased, q, sh, k, e10, crem, lorem, hirem, even, n, tries;
    memcpy(&bits, &v, sizeof(bits));
    biased = (int)((bits >> 52) & 0x7ff);
    if (biased == 0 || biased == 0x7ff) {
        return 0;
    }
    m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    q = biased - 1075;
    if (q >= 0 || q < -122) {
        return 0;
    }
    even = (m & 1u) == 0;
    sh = 2 - q;  /* value, midpoints in quarters of 2**q: 4m, 4m - 2 (or - 1), 4m + 2 */
    /* floor(log10(2**(q + 52))), maybe one too small */
    e10 = (int)(((int64_t)(q + 52) * 78913) >> 18);
    k = 16 - e10;
    for (tries = 0;; tries++) {
        if (k > 21 || k < 0 || tries > 2) {
            return 0;
        }
        c = shift_right(mul_pow10(4 * m, k), sh, &crem);
        if (c < pow10_u64[16]) {
            k++;
        }
        else if (c >= pow10_u64[17]) {
            k--;
        }
        else {
            break;
        }
    }
    lo = shift_right(mul_pow10(4 * m - ((bits & ((UINT64_C(1) << 52) - 1)) == 0 &&
                                                biased > 1 ? 1 : 2), k), sh, &lorem);
    hi = shift_right(mul_pow10(4 * m + 2, k), sh, &hirem);
    if (lorem != REM_ZERO || !even) {
        lo++;
    }
    if (hirem == REM_ZERO && !even) {
        hi--;
    }
    /* the largest power of ten with a multiple in [lo, hi] (width > 1: 10**0 has one) */
    n = 0;
    pw = 1;
    while (n < 17 && (hi / (pw * 10)) * (pw * 10) >= lo) {
        pw *= 10;
        n++;
    }
    /* its multiple closest to the value */
    t = (c / pw) * pw;
    r = c - t;
    if (pw == 1) {
        if (crem == REM_ABOVE_HALF || (crem == REM_HALF && (t & 1u))) {
            t += 1;
        }
    }
    else if (2 * r > pw || (2 * r == pw && crem != REM_ZERO) ||
             (2 * r == pw && ((t / pw) & 1u))) {
        t += pw;
    }
    if (t > hi) {
        t -= pw;
    }
    else if (t < lo) {
        t += pw;
    }
    /* t has 17 digits, or 18 if it rounded up to 10**17 */
    n = t >= pow10_u64[17] ? 18 : 17;
    *exp10 = n - 1 - k;
    while (t % 10 == 0) {
        t /= 10;
        n--;
    }
    *digits = t;
    *ndigits = n;
    return 1;
}

static int count_digits(uint64_t t)
{
    int n = 1;
    while (n < 20 && t >= pow10_u64[n]) {
        n++;
    }
    return n;
}

/* digits * 10**scale as read by strtod (no decimal point: locale-proof) */
static double read_decimal(uint64_t digits, int scale)
{
    char text[48];
    snprintf(text, sizeof(text), "%llue%d", (unsigned long long)digits, scale);
    return strtod(text, NULL);
}

/* The general search for v > 0: for 1, 2, ... 17 significant digits, the correctly
   rounded digits (snprintf), or else their neighbour on the other side of v, if it reads
   back. For a normal double nothing shorter than 15 digits can exist unless the 15-digit
   rounding reads back (the 15-digit spacing exceeds the interval), so start there. */
static void shortest_search(double v, uint64_t *digits, int *ndigits, int *exp10)
{
    char text[48];
    int p = v >= 2.2250738585072014e-308 ? 15 : 1;
    for (; p <= 17; p++) {
        uint64_t t = 0;
        int e, scale, len, i, found;
        double back;
        len = snprintf(text, sizeof(text), "%.*e", p - 1, v);
        for (i = 0; i < len && text[i] != 'e'; i++) {
            if (text[i] >= '0' && text[i] <= '9') {
                t = t * 10 + (uint64_t)(text[i] - '0');
            }
        }
        e = (int)strtol(text + i + 1, NULL, 10);
        scale = e - (p - 1);
        back = read_decimal(t, scale);
        found = p == 17 || back == v;
        if (!found) {
            /* the neighbour on the other side of v */
            uint64_t alt = back < v ? t + 1 : t - 1;
            if (alt > 0 && read_decimal(alt, scale) == v) {
                t = alt;
                found = 1;
            }
        }
        if (found) {
            int n = count_digits(t);
            e = scale + n - 1;
            while (t % 10 == 0 && n > 1) {
                t /= 10;
                n--;
            }
            *digits = t;
            *ndigits = n;
            *exp10 = e;
            return;
        }
    }
}

size_t jsonbuf_format_double(char *out, double v)
{
    char digits_text[24] = {0};
    char *o = out;
    uint64_t digits = 0;
    int n = 1, e = 0, i;
    if (v == 0.0) {
        if (signbit(v)) {
            memcpy(out, "-0.0", 4);
            return 4;
        }
        memcpy(out, "0.0", 3);
        return 3;
    }
    if (v < 0) {
        *o++ = '-';
        v = -v;
    }
    if (v < 1e16 && v == (double)(int64_t)v) {
        /* integral: the digits of the integer */
        uint64_t u = (uint64_t)v;
        n = count_digits(u);
        for (i = n - 1; i >= 0; i--) {
            o[i] = (char)('0' + (int)(u % 10));
            u /= 10;
        }
        o += n;
        *o++ = '.';
        *o++ = '0';
        return (size_t)(o - out);
    }
    if (!shortest_exact(v, &digits, &n, &e)) {
        shortest_search(v, &digits, &n, &e);
    }
    for (i = n - 1; i >= 0; i--) {
        digits_text[i] = (char)('0' + (int)(digits % 10));
        digits /= 10;
    }
    if (e >= 16 || e < -4) {
        *o++ = digits_text[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, digits_text + 1, (size_t)(n - 1));
            o += n - 1;
        }
        *o++ = 'e';
        *o++ = e < 0 ? '-' : '+';
        if (e < 0) {
            e = -e;
        }
        if (e >= 100) {
            *o++ = (char)('0' + e / 100);
        }
        *o++ = (char)('0' + e / 10 % 10);
        *o++ = (char)('0' + e % 10);
    }
    else if (e < 0) {
        *o++ = '0';
        *o++ = '.';
        for (i = -1; i > e; i--) {
            *o++ = '0';
        }
        memcpy(o, digits_text, (size_t)n);
        o += n;
    }
    else if (n > e + 1) {
        memcpy(o, digits_text, (size_t)(e + 1));
        o += e + 1;
        *o++ = '.';
        memcpy(o, digits_text + e + 1, (size_t)(n - e - 1));
        o += n - e - 1;
    }
    else {
        memcpy(o, digits_text, (size_t)n);
        o += n;
        for (i = n; i <= e; i++) {
            *o++ = '0';
        }
        *o++ = '.';
        *o++ = '0';
    }
    return (size_t)(o - out);
}

int jsonbuf_double(JsonBuf *b, double v)
{
    if (jsonbuf_reserve(b, JSONBUF_DOUBLE_MAX) < 0) {
        return -1;
    }
    b->len += jsonbuf_format_double(b->data + b->len, v);
    return 0;
}

/* escape_class[flags][c]: 0 = copy the byte, 1 = needs an escape or special handling. */
static unsigned char escape_class[16][256];
static int escape_class_ready = 0;

static void init_escape_class(void)
{
    int flags, c;
    for (flags = 0; flags < 16; flags++) {
        for (c = 0; c < 256; c++) {
            int special = c < 0x20 || c == '"' || c == '\\';
            if ((flags & JSONBUF_ENSURE_ASCII) && c >= 0x7f) {
                special = 1; /* like json: DEL too */
            }
            if ((flags & JSONBUF_SURROGATES) && c == 0xed) {
                special = 1; /* lead byte of U+D000..U+DFFF */
            }
            if ((flags & JSONBUF_ESCAPE_SLASH) && c == '/') {
                special = 1;
            }
            if ((flags & JSONBUF_ESCAPE_HTML) && (c == '<' || c == '>' || c == '&')) {
                special = 1;
            }
            escape_class[flags][c] = (unsigned char)special;
        }
    }
    escape_class_ready = 1;
}

static const char hexdigits[] = "0123456789abcdef";

static void put_u_escape(char *out, unsigned int cp)
{
    out[0] = '\\';
    out[1] = 'u';
    out[2] = hexdigits[(cp >> 12) & 0xf];
    out[3] = hexdigits[(cp >> 8) & 0xf];
    out[4] = hexdigits[(cp >> 4) & 0xf];
    out[5] = hexdigits[cp & 0xf];
}

/* Decode one UTF-8 sequence at s (at most n bytes, assumed well formed apart from
   encoded surrogates, which are allowed); stores its length in *len. */
static unsigned int decode_utf8(const unsigned char *s, size_t n, size_t *len)
{
    unsigned int c = s[0];
    if (c < 0xe0 && n >= 2) {
        *len = 2;
        return ((c & 0x1f) << 6) | (s[1] & 0x3f);
    }
    if (c < 0xf0 && n >= 3) {
        *len = 3;
        return ((c & 0x0f) << 12) | ((unsigned int)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
    }
    if (n >= 4) {
        *len = 4;
        return ((c & 0x07) << 18) | ((unsigned int)(s[1] & 0x3f) << 12) |
               ((unsigned int)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
    }
    *len = 1;
    return 0xfffd;
}

int jsonbuf_string(JsonBuf *b, const char *utf8, size_t n, int flags)
{
    const unsigned char *s = (const unsigned char *)utf8, *end = s + n, *run;
    const unsigned char *table;
    char *out;
    if (!escape_class_ready) {
        init_escape_class();
    }
    table = escape_class[flags & 15];
    /* worst case: every byte becomes \u00XX (6 bytes), plus the quotes */
    if (jsonbuf_reserve(b, n * 6 + 2) < 0) {
        return -1;
    }
    out = b->data + b->len;
    *out++ = '"';
    while (s < end) {
        unsigned int c;
        run = s;
        while (s < end && !table[*s]) {
            s++;
        }
        if (s > run) {
            memcpy(out, run, (size_t)(s - run));
            out += s - run;
            if (s == end) {
                break;
            }
        }
        c = *s;
        if (c >= 0x80) {
            /* with ENSURE_ASCII, or a possible surrogate with SURROGATES */
            size_t len;
            unsigned int cp = decode_utf8(s, (size_t)(end - s), &len);
            if (!(flags & JSONBUF_ENSURE_ASCII) && (cp < 0xd800 || cp > 0xdfff)) {
                memcpy(out, s, len);
                out += len;
                s += len;
                continue;
            }
            s += len;
            if (cp >= 0x10000) {
                cp -= 0x10000;
                put_u_escape(out, 0xd800 | (cp >> 10));
                put_u_escape(out + 6, 0xdc00 | (cp & 0x3ff));
                out += 12;
            }
            else {
                put_u_escape(out, cp);
                out += 6;
            }
            continue;
        }
        s++;
        switch (c) {
        case '"': *out++ = '\\'; *out++ = '"'; break;
        case '\\': *out++ = '\\'; *out++ = '\\'; break;
        case '/': *out++ = '\\'; *out++ = '/'; break;
        case '\n': *out++ = '\\'; *out++ = 'n'; break;
        case '\r': *out++ = '\\'; *out++ = 'r'; break;
        case '\t': *out++ = '\\'; *out++ = 't'; break;
        case '\b': *out++ = '\\'; *out++ = 'b'; break;
        case '\f': *out++ = '\\'; *out++ = 'f'; break;
        default: put_u_escape(out, c); out += 6; break; /* controls, DEL, <, >, & */
        }
    }
    *out++ = '"';
    b->len = (size_t)(out - b->data);
    return 0;
}
