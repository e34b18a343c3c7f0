/* jsonbuf: see jsonbuf.h. */
#include "jsonbuf.h"

#include <math.h>
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

int jsonbuf_write(JsonBuf *b, const char *s, size_t n)
{
    if (jsonbuf_reserve(b, n) < 0) {
        return -1;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

int jsonbuf_putc(JsonBuf *b, char c)
{
    if (b->cap - b->len <= 1 && jsonbuf_reserve(b, 1) < 0) {
        return -1;
    }
    b->data[b->len++] = c;
    return 0;
}

int jsonbuf_int64(JsonBuf *b, int64_t v)
{
    char tmp[24];
    char *p = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        *--p = '-';
    }
    return jsonbuf_write(b, p, (size_t)(tmp + sizeof(tmp) - p));
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

int jsonbuf_integral_double(JsonBuf *b, double v)
{
    if (!(v > -1e16 && v < 1e16) || v != floor(v)) {
        return 0;
    }
    if (v == 0.0 && signbit(v)) {
        return jsonbuf_write(b, "-0.0", 4) < 0 ? -1 : 1;
    }
    if (jsonbuf_int64(b, (int64_t)v) < 0 || jsonbuf_write(b, ".0", 2) < 0) {
        return -1;
    }
    return 1;
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
