/* Helpers that are not context members. They live in hpykit's static helper library
   (compiled once per ABI, linked into each extension, never exported from it). */
#ifndef HPY_COMMON_RUNTIME_HELPERS_H
#define HPY_COMMON_RUNTIME_HELPERS_H

#include <stdarg.h>

_HPy_EXTERN_C_BEGIN

HPyAPI_HELPER int HPyArg_Parse(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs,
                               const char *fmt, ...);
HPyAPI_HELPER int HPyArg_ParseKeywords(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                                       size_t nargs, HPy kwnames, const char *fmt,
                                       const char *keywords[], ...);
HPyAPI_HELPER int HPyArg_ParseKeywordsDict(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                                           HPy_ssize_t nargs, HPy kw, const char *fmt,
                                           const char *keywords[], ...);
HPyAPI_HELPER HPy HPy_BuildValue(HPyContext *ctx, const char *fmt, ...);
HPyAPI_HELPER HPy HPyUnicode_FromFormat(HPyContext *ctx, const char *fmt, ...);
HPyAPI_HELPER HPy HPyUnicode_FromFormatV(HPyContext *ctx, const char *format, va_list vargs);
HPyAPI_HELPER HPy HPyErr_Format(HPyContext *ctx, HPy h_type, const char *fmt, ...);
HPyAPI_HELPER int HPyHelpers_AddType(HPyContext *ctx, HPy obj, const char *name,
                                     HPyType_Spec *hpyspec, HPyType_SpecParam *params);
HPyAPI_HELPER int HPyHelpers_PackArgsAndKeywords(HPyContext *ctx, const HPy *args, size_t nargs,
                                                 HPy kwnames, HPy *out_args_tuple, HPy *out_kwd);
extern const char *const HPyStructSequence_UnnamedField;
HPyAPI_HELPER HPy HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc);
HPyAPI_HELPER HPy HPyStructSequence_New(HPyContext *ctx, HPy type, HPy_ssize_t nargs, HPy *args);

_HPy_EXTERN_C_END

#endif /* HPY_COMMON_RUNTIME_HELPERS_H */
