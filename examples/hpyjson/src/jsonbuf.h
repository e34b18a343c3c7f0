/* jsonbuf: the encoders' output buffer and the pieces of JSON text that need no Python
   object: escaped strings from UTF-8, integers, newlines with indentation. Plain C, shared
   by the HPy encoder and the legacy C-API encoder. */
#ifndef HPYJSON_JSONBUF_H
#define HPYJSON_JSONBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    char *data;     /* inline_data or malloc'ed */
    size_t len;
    size_t cap;
    char inline_data[512];
} JsonBuf;

/* Escaping options of jsonbuf_string. */
enum {
    JSONBUF_ENSURE_ASCII = 1,  /* non-ASCII as \uXXXX (surrogate pairs above U+FFFF) */
    JSONBUF_ESCAPE_SLASH = 2,  /* '/' as \/ */
    JSONBUF_ESCAPE_HTML = 4,   /* '<', '>', '&' as \u003c, \u003e, \u0026 */
    JSONBUF_SURROGATES = 8,    /* the text may hold surrogates encoded as 3 bytes
                                  (surrogatepass): write them as \uXXXX */
};

void jsonbuf_init(JsonBuf *b);
void jsonbuf_free(JsonBuf *b);
/* Make room for n more bytes; 0 on success, -1 if out of memory (nothing changes). */
int jsonbuf_reserve(JsonBuf *b, size_t n);

/* Append n bytes, or one; 0 on success, -1 if out of memory. Inline: the encoders call
   them for every separator and constant. */
static inline int jsonbuf_write(JsonBuf *b, const char *s, size_t n)
{
    if (b->cap - b->len <= n && jsonbuf_reserve(b, n) < 0) {
        return -1;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

static inline int jsonbuf_putc(JsonBuf *b, char c)
{
    if (b->cap - b->len <= 1 && jsonbuf_reserve(b, 1) < 0) {
        return -1;
    }
    b->data[b->len++] = c;
    return 0;
}

int jsonbuf_int64(JsonBuf *b, int64_t v);
/* '\n' then indent * depth spaces. */
int jsonbuf_newline(JsonBuf *b, int indent, int depth);
/* A quoted JSON string from n bytes of UTF-8 (see JSONBUF_SURROGATES). The buffer never
   gets a raw NUL byte. Returns 0, or -1 if out of memory. */
int jsonbuf_string(JsonBuf *b, const char *utf8, size_t n, int flags);
/* Write a finite double the way Python's repr() does: the shortest digits that read back
   as the same double (the closest such digits if several), in fixed notation for decimal
   exponents -4 <= e < 16 ("0.0001", "1e+16" and "1234.5", "3.0", "-0.0") and as
   d.ddde+XX otherwise ("1e-05", "1.5e+300"). Returns 0, or -1 if out of memory. */
int jsonbuf_double(JsonBuf *b, double v);
/* The same text into out (at least JSONBUF_DOUBLE_MAX bytes, not NUL-terminated);
   returns its length. */
#define JSONBUF_DOUBLE_MAX 32
size_t jsonbuf_format_double(char *out, double v);

#endif /* HPYJSON_JSONBUF_H */
