/* Jumping to a C-API function from a loader context function (autogen_ctx_impl.h).

   A context function that returns a handle is one C-API call whose PyObject * becomes
   the HPy. Compilers will not turn that call into a jump, because the two return types
   differ, although both come back in the same register: each such function then pays a
   call, a return and a stack adjustment on top of the C-API's work. On ELF with GCC or
   Clang the loader declares the C-API function a second time, under another C name bound
   to the same symbol, returning an HPy; the call is then a plain jump.

   That is only right when the second declaration has the real parameter types, so each
   use checks them against CPython's own declaration at compile time and makes the
   ordinary call where they differ (or where the trick is not available). */
#ifndef HPY_CPYTHON_TAIL_CALL_H
#define HPY_CPYTHON_TAIL_CALL_H

#if (defined(__GNUC__) || defined(__clang__)) && defined(__ELF__) && !defined(__cplusplus)
#  define _HPY_TAIL_DECLARE(FUNC, PARAMS) HPy _hpy_tail_##FUNC PARAMS __asm__(#FUNC);
#  define _HPY_TAIL_CALL(FUNC, CPY_TYPE, ARGS, PLAIN)                                \
    __builtin_choose_expr(__builtin_types_compatible_p(__typeof__(&FUNC), CPY_TYPE), \
                          _hpy_tail_##FUNC ARGS, PLAIN)
#else
#  define _HPY_TAIL_DECLARE(FUNC, PARAMS)
#  define _HPY_TAIL_CALL(FUNC, CPY_TYPE, ARGS, PLAIN) PLAIN
#endif

#endif /* HPY_CPYTHON_TAIL_CALL_H */
