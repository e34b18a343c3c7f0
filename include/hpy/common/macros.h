/* Compiler-facing macros shared by every ABI: linkage, visibility, function casts. */
#ifndef HPY_COMMON_MACROS_H
#define HPY_COMMON_MACROS_H

/* Every API function is a static inline wrapper: a call through the context in the
   universal ABI, a direct C-API call in the CPython ABI. */
#define HPyAPI_FUNC static inline
#define HPyAPI_INLINE_HELPER static inline

#if defined(__GNUC__) || defined(__clang__)
#  define _HPy_HIDDEN __attribute__((visibility("hidden")))
#  define _HPy_NO_RETURN __attribute__((noreturn))
#else
#  define _HPy_HIDDEN
#  define _HPy_NO_RETURN
#endif

/* Runtime helpers are linked into each extension from a static library; they must not
   be exported from it. */
#define HPyAPI_HELPER _HPy_HIDDEN
#define HPyAPI_IMPL _HPy_HIDDEN

#ifndef HPy_EXPORTED_SYMBOL
#  if defined(_WIN32) || defined(__CYGWIN__)
#    define HPy_EXPORTED_SYMBOL __declspec(dllexport)
#  elif defined(__GNUC__) || defined(__clang__)
#    define HPy_EXPORTED_SYMBOL __attribute__((visibility("default")))
#  else
#    define HPy_EXPORTED_SYMBOL
#  endif
#endif

#ifdef __cplusplus
#  define _HPy_EXTERN_C extern "C"
#  define _HPy_EXTERN_DECL extern "C"
#  define _HPy_EXTERN_C_BEGIN extern "C" {
#  define _HPy_EXTERN_C_END }
#else
#  define _HPy_EXTERN_C
#  define _HPy_EXTERN_DECL extern
#  define _HPy_EXTERN_C_BEGIN
#  define _HPy_EXTERN_C_END
#endif
#define HPy_EXPORTED_FUNC _HPy_EXTERN_C HPy_EXPORTED_SYMBOL

/* Casting between function pointer types goes through void (*)(void), the one type that
   -Wcast-function-type accepts as compatible with every other. */
#define _HPy_FUNC_CAST(TYPE, FUNC) ((TYPE)(void (*)(void))(FUNC))
#define _HPy_AS_CFUNCTION(FUNC) _HPy_FUNC_CAST(HPyCFunction, FUNC)

/* C++ (before C++20 strictly, and g++ with -Wextra always) warns about designated
   initialisers that leave members out; the HPyDef macros rely on that being fine. */
#if defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__))
#  define _HPy_PARTIAL_INIT_BEGIN                                                   \
    _Pragma("GCC diagnostic push")                                                  \
    _Pragma("GCC diagnostic ignored \"-Wmissing-field-initializers\"")
#  define _HPy_PARTIAL_INIT_END _Pragma("GCC diagnostic pop")
#else
#  define _HPy_PARTIAL_INIT_BEGIN
#  define _HPy_PARTIAL_INIT_END
#endif

/* CPython's slot tables hold functions as void *; ISO C has no cast between function and
   object pointers, so convert through a union. */
static inline void *_HPy_FuncAsVoidPtr(void (*func)(void))
{
    union {
        void (*func)(void);
        void *ptr;
    } u;
    u.func = func;
    return u.ptr;
}
#define _HPy_FUNC_PTR(FUNC) _HPy_FuncAsVoidPtr((void (*)(void))(FUNC))

/* Pick the macro for 1 or 2 arguments: _HPy_PICK_1_2(__VA_ARGS__, TWO, ONE, _). */
#define _HPy_PICK_1_2(_1, _2, NAME, ...) NAME

#endif /* HPY_COMMON_MACROS_H */
