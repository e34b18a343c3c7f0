/* hpyjson._hpyjson: the module definition. loads is always HPy code (decode.c); dumps is
   HPy code too (encode.c) unless HPYJSON_LEGACY_DUMPS is defined, in which case it is the
   C-API version (encode_legacy.c), registered through HPyModuleDef.legacy_methods: the
   seed's incremental migration, one module with both kinds of functions. */
#include "hpyjson.h"

#if defined(HPYJSON_LEGACY_DUMPS) && defined(HPY_ABI_UNIVERSAL)
#error "HPYJSON_LEGACY_DUMPS needs the hybrid or the CPython ABI (legacy C-API code)"
#endif

HPyGlobal hpyjson_DecodeError;
HPyGlobal hpyjson_ByteArrayType;
HPyGlobal hpyjson_KeyCache;

#ifdef HPYJSON_LEGACY_DUMPS
#define DUMPS_VARIANT "legacy"
#else
#define DUMPS_VARIANT "hpy"
#endif

static int set_str(HPyContext *ctx, HPy module, const char *name, const char *value)
{
    HPy h = HPyUnicode_FromString(ctx, value);
    int result;
    if (HPy_IsNull(h)) {
        return -1;
    }
    result = HPy_SetAttr_s(ctx, module, name, h);
    HPy_Close(ctx, h);
    return result;
}

HPyDef_SLOT(hpyjson_exec, HPy_mod_exec)
static int hpyjson_exec_impl(HPyContext *ctx, HPy module)
{
    int result = -1;
    HPy bytearray = HPy_NULL, key_cache = HPy_NULL;
    HPy error = HPyErr_NewExceptionWithDoc(
        ctx, "hpyjson.JSONDecodeError",
        "A JSON document could not be decoded: msg, doc, pos (offset in characters of the\n"
        "document decoded as UTF-8), lineno and colno say what and where.",
        ctx->h_ValueError, HPy_NULL);
    if (HPy_IsNull(error) || HPy_SetAttr_s(ctx, module, "JSONDecodeError", error) < 0) {
        goto cleanup;
    }
    HPyGlobal_Store(ctx, &hpyjson_DecodeError, error);
    bytearray = HPy_GetAttr_s(ctx, ctx->h_Builtins, "bytearray");
    if (HPy_IsNull(bytearray)) {
        goto cleanup;
    }
    HPyGlobal_Store(ctx, &hpyjson_ByteArrayType, bytearray);
    key_cache = hpyjson_new_key_cache(ctx);
    if (HPy_IsNull(key_cache)) {
        goto cleanup;
    }
    HPyGlobal_Store(ctx, &hpyjson_KeyCache, key_cache);
    if (set_str(ctx, module, "hpy_abi", HPY_ABI) < 0 ||
        set_str(ctx, module, "dumps_variant", DUMPS_VARIANT) < 0) {
        goto cleanup;
    }
    result = 0;
cleanup:
    HPy_Close(ctx, key_cache);
    HPy_Close(ctx, bytearray);
    HPy_Close(ctx, error);
    return result;
}

static HPyDef *module_defines[] = {
    &hpyjson_loads,
#ifndef HPYJSON_LEGACY_DUMPS
    &hpyjson_dumps,
#endif
    &hpyjson_exec,
    NULL,
};

static HPyGlobal *module_globals[] = {&hpyjson_DecodeError, &hpyjson_ByteArrayType,
                                      &hpyjson_KeyCache, NULL};

static HPyModuleDef moduledef = {
    .doc = "hpyjson: a JSON encoder and decoder written against HPy (dumps: " DUMPS_VARIANT ")",
    .size = 0,
#ifdef HPYJSON_LEGACY_DUMPS
    .legacy_methods = hpyjson_legacy_methods,
#endif
    .defines = module_defines,
    .globals = module_globals,
};

HPy_MODINIT(_hpyjson, moduledef)
