/* hpyjson: what the module's C files share. The decoder (decode.c) and the HPy encoder
   (encode.c) use only the HPy API; encode_legacy.c is the same encoder written against
   the CPython C-API, compiled instead of encode.c when HPYJSON_LEGACY_DUMPS is defined
   (hybrid and CPython ABIs only). jsonbuf.c is plain C used by both encoders. */
#ifndef HPYJSON_H
#define HPYJSON_H

#include "hpy.h"

/* Deepest nesting accepted by loads and dumps: deeper input raises RecursionError. The
   decoder keeps its own stack (no C recursion); the encoder recurses at most this deep. */
#define HPYJSON_MAX_DEPTH 1024

/* Module-level objects, set by the module's exec slot (module.c). */
extern HPyGlobal hpyjson_DecodeError;   /* hpyjson.JSONDecodeError */
extern HPyGlobal hpyjson_ByteArrayType; /* builtins.bytearray */
extern HPyGlobal hpyjson_KeyCache;      /* the decoder's key cache (decode.c) */

/* A new, empty key cache for hpyjson_KeyCache (decode.c). */
HPy hpyjson_new_key_cache(HPyContext *ctx);

/* Methods defined in decode.c and encode.c. */
extern HPyDef hpyjson_loads;
#ifndef HPYJSON_LEGACY_DUMPS
extern HPyDef hpyjson_dumps;
#else
extern cpy_PyMethodDef hpyjson_legacy_methods[];
#endif

/* Raise JSONDecodeError for an error at byte offset err_at of the UTF-8 document
   [start, end); doc is the object given to loads. Returns HPy_NULL. */
HPy hpyjson_decode_error(HPyContext *ctx, HPy doc, const unsigned char *start,
                         const unsigned char *end, const unsigned char *err_at,
                         const char *msg);

#endif /* HPYJSON_H */
