/* Integer conversions. hpy0's fixed-width members are built from PyPy's long long ones;
   every conversion keeps PyPy's fast path and fixes only its errors, where PyPy differs
   from hpy0: an OverflowError of a value too large says "integer too large" on PyPy
   (hpy0: "Python int too large to convert to C <type>"; a negative value given to an
   unsigned conversion keeps PyPy's message, which says "negative"), HPyLong_AsVoidPtr
   refuses pointers above LONG_MAX, and HPyLong_AsDouble accepts any real number. */
#include "pypy/bridge.h"

#include <stdint.h>

/* After a failed signed conversion: an OverflowError gets hpy0's message. */
static void signed_failed(hpykit_ctx004 *pp, const char *message)
{
    if (pp->ctx_Err_ExceptionMatches(pp, pp->h_OverflowError)) {
        pp->ctx_Err_SetString(pp, pp->h_OverflowError, message);
    }
}

/* After a failed unsigned conversion of h: as signed_failed, except for a negative int,
   whose error (PyPy's, which says "negative") is made again by convert. */
static void unsigned_failed(hpykit_ctx004 *pp, HPy h, const char *message,
                            unsigned long long (*convert)(hpykit_ctx004 *, HPy))
{
    HPy zero;
    int negative;
    if (!pp->ctx_Err_ExceptionMatches(pp, pp->h_OverflowError)) {
        return;
    }
    pp->ctx_Err_Clear(pp);
    zero = pp->ctx_Long_FromLong(pp, 0);
    if (HPy_IsNull(zero)) {
        return;
    }
    negative = pp->ctx_RichCompareBool(pp, h, zero, HPy_LT);
    pp->ctx_Close(pp, zero);
    if (negative == 1) {
        convert(pp, h);
    }
    else if (negative == 0) {
        pp->ctx_Err_SetString(pp, pp->h_OverflowError, message);
    }
}

static void overflow(hpykit_ctx004 *pp, const char *message)
{
    pp->ctx_Err_SetString(pp, pp->h_OverflowError, message);
}

HPy pp_ctx_Long_FromInt32_t(HPyContext *ctx, int32_t value)
{
    return PP(ctx)->ctx_Long_FromLong(PP(ctx), (long)value);
}

HPy pp_ctx_Long_FromUInt32_t(HPyContext *ctx, uint32_t value)
{
    return PP(ctx)->ctx_Long_FromUnsignedLong(PP(ctx), (unsigned long)value);
}

HPy pp_ctx_Long_FromInt64_t(HPyContext *ctx, int64_t v)
{
    return PP(ctx)->ctx_Long_FromLongLong(PP(ctx), (long long)v);
}

HPy pp_ctx_Long_FromUInt64_t(HPyContext *ctx, uint64_t v)
{
    return PP(ctx)->ctx_Long_FromUnsignedLongLong(PP(ctx), (unsigned long long)v);
}

int32_t pp_ctx_Long_AsInt32_t(HPyContext *ctx, HPy h)
{
    static const char message[] = "Python int too large to convert to C int32_t";
    hpykit_ctx004 *pp = PP(ctx);
    long long v = pp->ctx_Long_AsLongLong(pp, h);
    if (v == -1 && pp->ctx_Err_Occurred(pp)) {
        signed_failed(pp, message);
        return -1;
    }
    if (v < INT32_MIN || v > INT32_MAX) {
        overflow(pp, message);
        return -1;
    }
    return (int32_t)v;
}

uint32_t pp_ctx_Long_AsUInt32_t(HPyContext *ctx, HPy h)
{
    static const char message[] = "Python int too large to convert to C uint32_t";
    hpykit_ctx004 *pp = PP(ctx);
    unsigned long long v = pp->ctx_Long_AsUnsignedLongLong(pp, h);
    if (v == (unsigned long long)-1 && pp->ctx_Err_Occurred(pp)) {
        unsigned_failed(pp, h, message, pp->ctx_Long_AsUnsignedLongLong);
        return (uint32_t)-1;
    }
    if (v > UINT32_MAX) {
        overflow(pp, message);
        return (uint32_t)-1;
    }
    return (uint32_t)v;
}

uint32_t pp_ctx_Long_AsUInt32_tMask(HPyContext *ctx, HPy h)
{
    return (uint32_t)PP(ctx)->ctx_Long_AsUnsignedLongLongMask(PP(ctx), h);
}

int64_t pp_ctx_Long_AsInt64_t(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    long long v = pp->ctx_Long_AsLongLong(pp, h);
    if (v == -1 && pp->ctx_Err_Occurred(pp)) {
        signed_failed(pp, "Python int too large to convert to C int64_t");
    }
    return (int64_t)v;
}

uint64_t pp_ctx_Long_AsUInt64_t(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    unsigned long long v = pp->ctx_Long_AsUnsignedLongLong(pp, h);
    if (v == (unsigned long long)-1 && pp->ctx_Err_Occurred(pp)) {
        unsigned_failed(pp, h, "Python int too large to convert to C uint64_t",
                        pp->ctx_Long_AsUnsignedLongLong);
    }
    return (uint64_t)v;
}

uint64_t pp_ctx_Long_AsUInt64_tMask(HPyContext *ctx, HPy h)
{
    return (uint64_t)PP(ctx)->ctx_Long_AsUnsignedLongLongMask(PP(ctx), h);
}

/* Any pointer: PyPy's member stops at LONG_MAX, so a positive int it refuses is converted
   as an unsigned long long. */
void *pp_ctx_Long_AsVoidPtr(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    void *p = pp->ctx_Long_AsVoidPtr(pp, h);
    unsigned long long v;
    if (p != NULL || !pp->ctx_Err_Occurred(pp) ||
        !pp->ctx_Err_ExceptionMatches(pp, pp->h_OverflowError) ||
        !pp->ctx_TypeCheck(pp, h, pp->h_LongType)) {
        return p;
    }
    pp->ctx_Err_Clear(pp);
    v = pp->ctx_Long_AsUnsignedLongLong(pp, h);
    if (v == (unsigned long long)-1 && pp->ctx_Err_Occurred(pp)) {
        if (pp->ctx_Err_ExceptionMatches(pp, pp->h_OverflowError)) {
            overflow(pp, "Python int too large to convert to C pointer");
        }
        return NULL;
    }
    if (v > UINTPTR_MAX) {
        overflow(pp, "Python int too large to convert to C pointer");
        return NULL;
    }
    return (void *)(uintptr_t)v;
}

/* hpy0 converts ints only (PyPy's member takes any real number). */
double pp_ctx_Long_AsDouble(HPyContext *ctx, HPy h)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (!pp->ctx_TypeCheck(pp, h, pp->h_LongType)) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "an integer is required");
        return -1.0;
    }
    return pp->ctx_Long_AsDouble(pp, h);
}
