/* In a pure universal build the legacy bridge (HPy_AsPyObject, HPy_FromPyObject) must not
   be called: a call fails at compile time with this message. Hybrid builds allow it. */
#ifndef HPY_UNIVERSAL_LEGACY_H
#define HPY_UNIVERSAL_LEGACY_H

#if defined(HPY_ABI_UNIVERSAL) && (defined(__GNUC__) || defined(__clang__))
#  define HPyAPI_LEGACY_FUNC                                                        \
    __attribute__((error("legacy C-API interop (HPy_AsPyObject / HPy_FromPyObject) needs the " \
                         "hybrid ABI: build with --hpy-abi=hybrid")))               \
    static inline
#else
#  define HPyAPI_LEGACY_FUNC HPyAPI_FUNC
#endif

#endif /* HPY_UNIVERSAL_LEGACY_H */
