/* API that is written in terms of other API calls: C-type integer conversions, capsule
   accessors, attribute deletion, tuple packing, and the statement macros. The same text
   serves every ABI. */
#ifndef HPY_COMMON_INLINE_HELPERS_H
#define HPY_COMMON_INLINE_HELPERS_H

#include <limits.h>
#include <stdarg.h>

HPyAPI_INLINE_HELPER void *HPy_AsVoidP(HPy h) { return (void *)h._i; }
HPyAPI_INLINE_HELPER HPy HPy_FromVoidP(void *p)
{
    HPy h;
    h._i = (intptr_t)p;
    return h;
}

/* C integer types map onto the fixed-width API by their size. */
#if LONG_MAX == INT32_MAX
#  define _HPY_LONG_WIDTH(NAME) NAME##32
#  define _HPY_LONG_FROM_SIGNED HPyLong_FromInt32_t
#  define _HPY_LONG_FROM_UNSIGNED HPyLong_FromUInt32_t
#  define _HPY_LONG_AS_SIGNED HPyLong_AsInt32_t
#  define _HPY_LONG_AS_UNSIGNED HPyLong_AsUInt32_t
#  define _HPY_LONG_AS_UNSIGNED_MASK HPyLong_AsUInt32_tMask
#else
#  define _HPY_LONG_FROM_SIGNED HPyLong_FromInt64_t
#  define _HPY_LONG_FROM_UNSIGNED HPyLong_FromUInt64_t
#  define _HPY_LONG_AS_SIGNED HPyLong_AsInt64_t
#  define _HPY_LONG_AS_UNSIGNED HPyLong_AsUInt64_t
#  define _HPY_LONG_AS_UNSIGNED_MASK HPyLong_AsUInt64_tMask
#endif

HPyAPI_INLINE_HELPER HPy HPyLong_FromLong(HPyContext *ctx, long l)
{
    return _HPY_LONG_FROM_SIGNED(ctx, l);
}
HPyAPI_INLINE_HELPER HPy HPyLong_FromUnsignedLong(HPyContext *ctx, unsigned long l)
{
    return _HPY_LONG_FROM_UNSIGNED(ctx, l);
}
HPyAPI_INLINE_HELPER HPy HPyLong_FromLongLong(HPyContext *ctx, long long l)
{
    return HPyLong_FromInt64_t(ctx, l);
}
HPyAPI_INLINE_HELPER HPy HPyLong_FromUnsignedLongLong(HPyContext *ctx, unsigned long long l)
{
    return HPyLong_FromUInt64_t(ctx, l);
}
HPyAPI_INLINE_HELPER long HPyLong_AsLong(HPyContext *ctx, HPy h)
{
    return (long)_HPY_LONG_AS_SIGNED(ctx, h);
}
HPyAPI_INLINE_HELPER unsigned long HPyLong_AsUnsignedLong(HPyContext *ctx, HPy h)
{
    return (unsigned long)_HPY_LONG_AS_UNSIGNED(ctx, h);
}
HPyAPI_INLINE_HELPER unsigned long HPyLong_AsUnsignedLongMask(HPyContext *ctx, HPy h)
{
    return (unsigned long)_HPY_LONG_AS_UNSIGNED_MASK(ctx, h);
}
HPyAPI_INLINE_HELPER long long HPyLong_AsLongLong(HPyContext *ctx, HPy h)
{
    return (long long)HPyLong_AsInt64_t(ctx, h);
}
HPyAPI_INLINE_HELPER unsigned long long HPyLong_AsUnsignedLongLong(HPyContext *ctx, HPy h)
{
    return (unsigned long long)HPyLong_AsUInt64_t(ctx, h);
}
HPyAPI_INLINE_HELPER unsigned long long HPyLong_AsUnsignedLongLongMask(HPyContext *ctx, HPy h)
{
    return (unsigned long long)HPyLong_AsUInt64_tMask(ctx, h);
}

/* pid_t: int-sized unless the platform says otherwise. */
#if defined(SIZEOF_PID_T) && SIZEOF_PID_T == SIZEOF_LONG_LONG && SIZEOF_LONG_LONG != SIZEOF_LONG
#  define HPyLong_FromPid HPyLong_FromLongLong
#  define HPyLong_AsPid HPyLong_AsLongLong
#  define _HPy_PARSE_PID "L"
#else
#  define HPyLong_FromPid HPyLong_FromLong
#  define HPyLong_AsPid HPyLong_AsLong
#  define _HPy_PARSE_PID "l"
#endif

HPyAPI_INLINE_HELPER HPy HPyBool_FromLong(HPyContext *ctx, long v)
{
    return HPyBool_FromBool(ctx, v != 0);
}

HPyAPI_INLINE_HELPER int HPy_DelAttr(HPyContext *ctx, HPy obj, HPy name)
{
    return HPy_SetAttr(ctx, obj, name, HPy_NULL);
}
HPyAPI_INLINE_HELPER int HPy_DelAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name)
{
    return HPy_SetAttr_s(ctx, obj, utf8_name, HPy_NULL);
}

HPyAPI_INLINE_HELPER HPy HPyErr_SetFromErrno(HPyContext *ctx, HPy h_type)
{
    return HPyErr_SetFromErrnoWithFilenameObjects(ctx, h_type, HPy_NULL, HPy_NULL);
}
HPyAPI_INLINE_HELPER HPy HPyErr_SetFromErrnoWithFilenameObject(HPyContext *ctx, HPy h_type,
                                                              HPy filename)
{
    return HPyErr_SetFromErrnoWithFilenameObjects(ctx, h_type, filename, HPy_NULL);
}

/* A tuple of the n handle arguments, which stay owned by the caller. Up to
   HPYTUPLE_PACK_STACK of them are gathered on the stack and given to HPyTuple_FromArray
   (one context call); more go through a tuple builder. */
#define HPYTUPLE_PACK_STACK 16
HPyAPI_INLINE_HELPER HPy HPyTuple_Pack(HPyContext *ctx, HPy_ssize_t n, ...)
{
    va_list vargs;
    HPy_ssize_t i;
    if (n >= 0 && n <= HPYTUPLE_PACK_STACK) {
        HPy items[HPYTUPLE_PACK_STACK];
        va_start(vargs, n);
        for (i = 0; i < n; i++) {
            items[i] = va_arg(vargs, HPy);
        }
        va_end(vargs);
        return HPyTuple_FromArray(ctx, items, n);
    }
    HPyTupleBuilder builder = HPyTupleBuilder_New(ctx, n);
    if (builder._tup == 0) {
        return HPy_NULL;
    }
    va_start(vargs, n);
    for (i = 0; i < n; i++) {
        HPyTupleBuilder_Set(ctx, builder, i, va_arg(vargs, HPy));
    }
    va_end(vargs);
    return HPyTupleBuilder_Build(ctx, builder);
}

HPyAPI_INLINE_HELPER HPy HPy_CallMethodTupleDict(HPyContext *ctx, HPy name, HPy receiver,
                                                 HPy args, HPy kw)
{
    HPy result, method = HPy_GetAttr(ctx, receiver, name);
    if (HPy_IsNull(method)) {
        return HPy_NULL;
    }
    result = HPy_CallTupleDict(ctx, method, args, kw);
    HPy_Close(ctx, method);
    return result;
}

HPyAPI_INLINE_HELPER HPy HPy_CallMethodTupleDict_s(HPyContext *ctx, const char *utf8_name,
                                                   HPy receiver, HPy args, HPy kw)
{
    HPy result, method = HPy_GetAttr_s(ctx, receiver, utf8_name);
    if (HPy_IsNull(method)) {
        return HPy_NULL;
    }
    result = HPy_CallTupleDict(ctx, method, args, kw);
    HPy_Close(ctx, method);
    return result;
}

/* Clamp *start and *stop to a sequence of the given length, as slicing does, and return
   the number of items the slice selects. Pure C. */
HPyAPI_INLINE_HELPER HPy_ssize_t HPySlice_AdjustIndices(HPyContext *ctx, HPy_ssize_t length,
                                                        HPy_ssize_t *start, HPy_ssize_t *stop,
                                                        HPy_ssize_t step)
{
    (void)ctx;
    if (*start < 0) {
        *start += length;
        if (*start < 0) {
            *start = (step < 0) ? -1 : 0;
        }
    }
    else if (*start >= length) {
        *start = (step < 0) ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0) {
            *stop = (step < 0) ? -1 : 0;
        }
    }
    else if (*stop >= length) {
        *stop = (step < 0) ? length - 1 : length;
    }
    if (step < 0) {
        return (*stop < *start) ? (*start - *stop - 1) / (-step) + 1 : 0;
    }
    return (*start < *stop) ? (*stop - *start - 1) / step + 1 : 0;
}

/* Capsules: one context function per direction, selected by key. */
HPyAPI_INLINE_HELPER void *HPyCapsule_GetPointer(HPyContext *ctx, HPy capsule, const char *name)
{
    return _HPyCapsule_Get(ctx, capsule, HPyCapsule_key_Pointer, name);
}
HPyAPI_INLINE_HELPER const char *HPyCapsule_GetName(HPyContext *ctx, HPy capsule)
{
    return (const char *)_HPyCapsule_Get(ctx, capsule, HPyCapsule_key_Name, NULL);
}
HPyAPI_INLINE_HELPER void *HPyCapsule_GetContext(HPyContext *ctx, HPy capsule)
{
    return _HPyCapsule_Get(ctx, capsule, HPyCapsule_key_Context, NULL);
}
HPyAPI_INLINE_HELPER int HPyCapsule_SetPointer(HPyContext *ctx, HPy capsule, void *pointer)
{
    return _HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Pointer, pointer);
}
HPyAPI_INLINE_HELPER int HPyCapsule_SetName(HPyContext *ctx, HPy capsule, const char *name)
{
    return _HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Name, (void *)name);
}
HPyAPI_INLINE_HELPER int HPyCapsule_SetContext(HPyContext *ctx, HPy capsule, void *context)
{
    return _HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Context, context);
}
HPyAPI_INLINE_HELPER int HPyCapsule_SetDestructor(HPyContext *ctx, HPy capsule,
                                                  HPyCapsule_Destructor *destructor)
{
    return _HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Destructor, (void *)destructor);
}

/* Return True or False from the enclosing function: val1 OP val2. */
#define HPy_RETURN_RICHCOMPARE(ctx, val1, val2, op)                                 \
    do {                                                                            \
        int _hpy_cmp;                                                               \
        switch (op) {                                                               \
        case HPy_LT: _hpy_cmp = (val1) < (val2); break;                             \
        case HPy_LE: _hpy_cmp = (val1) <= (val2); break;                            \
        case HPy_EQ: _hpy_cmp = (val1) == (val2); break;                            \
        case HPy_NE: _hpy_cmp = (val1) != (val2); break;                            \
        case HPy_GT: _hpy_cmp = (val1) > (val2); break;                             \
        case HPy_GE: _hpy_cmp = (val1) >= (val2); break;                            \
        default:                                                                    \
            HPy_FatalError(ctx, "HPy_RETURN_RICHCOMPARE: invalid comparison op");  \
            _hpy_cmp = 0;                                                           \
        }                                                                           \
        return HPy_Dup(ctx, _hpy_cmp ? (ctx)->h_True : (ctx)->h_False);            \
    } while (0)

/* In a tp_traverse implementation: visit one field. */
#define HPy_VISIT(hpyfield)                                                         \
    do {                                                                            \
        if (!HPyField_IsNull(*(hpyfield))) {                                        \
            int _hpy_vret = visit((hpyfield), arg);                                 \
            if (_hpy_vret) {                                                        \
                return _hpy_vret;                                                   \
            }                                                                       \
        }                                                                           \
    } while (0)

/* Release the GIL for the enclosed block; no API call is allowed inside. */
#define HPy_BEGIN_LEAVE_PYTHON(context)                                             \
    {                                                                               \
        HPyThreadState _token = HPy_LeavePythonExecution(context);
#define HPy_END_LEAVE_PYTHON(context)                                               \
        HPy_ReenterPythonExecution(context, _token);                                \
    }

#endif /* HPY_COMMON_INLINE_HELPERS_H */
