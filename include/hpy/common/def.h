/* HPyDef: the declarative description of methods, slots, members and getsets, and the
   HPyDef_* macros that define one together with its CPython-side trampoline. */
#ifndef HPY_COMMON_DEF_H
#define HPY_COMMON_DEF_H

typedef enum {
    HPyDef_Kind_Slot = 1,
    HPyDef_Kind_Meth = 2,
    HPyDef_Kind_Member = 3,
    HPyDef_Kind_GetSet = 4
} HPyDef_Kind;

typedef struct {
    HPySlot_Slot slot;
    HPyCFunction impl;
    cpy_PyCFunction cpy_trampoline;
} HPySlot;

typedef struct {
    const char *name;
    HPyCFunction impl;
    cpy_PyCFunction cpy_trampoline;
    HPyFunc_Signature signature;
    const char *doc;
} HPyMeth;

/* Values are CPython's T_* member codes. */
typedef enum {
    HPyMember_SHORT = 0,
    HPyMember_INT = 1,
    HPyMember_LONG = 2,
    HPyMember_FLOAT = 3,
    HPyMember_DOUBLE = 4,
    HPyMember_STRING = 5,
    HPyMember_OBJECT = 6,
    HPyMember_CHAR = 7,
    HPyMember_BYTE = 8,
    HPyMember_UBYTE = 9,
    HPyMember_USHORT = 10,
    HPyMember_UINT = 11,
    HPyMember_ULONG = 12,
    HPyMember_STRING_INPLACE = 13,
    HPyMember_BOOL = 14,
    HPyMember_OBJECT_EX = 16,
    HPyMember_LONGLONG = 17,
    HPyMember_ULONGLONG = 18,
    HPyMember_HPYSSIZET = 19,
    HPyMember_NONE = 20
} HPyMember_FieldType;

typedef struct {
    const char *name;
    HPyMember_FieldType type;
    HPy_ssize_t offset;
    int readonly;
    const char *doc;
} HPyMember;

typedef struct {
    const char *name;
    HPyCFunction getter_impl;
    HPyCFunction setter_impl;
    cpy_getter getter_cpy_trampoline;
    cpy_setter setter_cpy_trampoline;
    const char *doc;
    void *closure;
} HPyGetSet;

/* The anonymous union is C11 (and a GNU extension in C99, marked so for -pedantic). */
#if defined(__GNUC__) && !defined(__cplusplus)
#  define _HPy_ANONYMOUS_UNION __extension__ union
#else
#  define _HPy_ANONYMOUS_UNION union
#endif

typedef struct {
    HPyDef_Kind kind;
    _HPy_ANONYMOUS_UNION {
        HPySlot slot;
        HPyMeth meth;
        HPyMember member;
        HPyGetSet getset;
    };
} HPyDef;

/* The per-object call function of HPy_SetCallFunction (a vectorcall on CPython). */
typedef struct {
    cpy_vectorcallfunc cpy_trampoline;
    HPyFunc_keywords impl;
} HPyCallFunction;

typedef struct {
    cpy_PyCapsule_Destructor cpy_trampoline;
    HPyFunc_Capsule_Destructor impl;
} HPyCapsule_Destructor;

/* Declaring implementations and trampolines. SIG may itself be a macro (HPySlot_SIG), so
   it is expanded before being pasted onto the per-signature macro name. */
#define HPyFunc_DECLARE(SYM, SIG) _HPyFunc_DECLARE_X(SYM, SIG)
#define _HPyFunc_DECLARE_X(SYM, SIG) _HPyFunc_DECLARE_##SIG(SYM)
#define HPyFunc_TRAMPOLINE(SYM, IMPL, SIG) _HPyFunc_TRAMPOLINE_X(SYM, IMPL, SIG)
#define _HPyFunc_TRAMPOLINE_X(SYM, IMPL, SIG) _HPyFunc_TRAMPOLINE_##SIG(SYM, IMPL)

/* The extra arguments (...) are designated initialisers of the member struct, such as
   .doc = "..." or .readonly = 1; they come last, after the fields the macro sets. */
#define HPyDef_METH(SYM, NAME, SIG, ...) HPyDef_METH_IMPL(SYM, NAME, SYM##_impl, SIG, __VA_ARGS__)
#define HPyDef_METH_IMPL(SYM, NAME, IMPL, SIG, ...)                                  \
    HPyFunc_DECLARE(IMPL, SIG);                                                     \
    HPyFunc_TRAMPOLINE(SYM##_trampoline, IMPL, SIG)                                 \
    enum { SYM##_impl_sig = SIG, SYM##_trampoline_sig = SIG };                      \
    _HPy_PARTIAL_INIT_BEGIN                                                         \
    HPyDef SYM = {                                                                  \
        .kind = HPyDef_Kind_Meth,                                                   \
        .meth = {                                                                   \
            .name = NAME,                                                           \
            .impl = _HPy_AS_CFUNCTION(IMPL),                                        \
            .cpy_trampoline = _HPy_FUNC_CAST(cpy_PyCFunction, SYM##_trampoline),    \
            .signature = SIG,                                                       \
            __VA_ARGS__                                                             \
        }                                                                           \
    };                                                                              \
    _HPy_PARTIAL_INIT_END

#define HPyDef_SLOT(SYM, SLOT) HPyDef_SLOT_IMPL(SYM, SYM##_impl, SLOT)
#define HPyDef_SLOT_IMPL(SYM, IMPL, SLOT)                                           \
    HPyFunc_DECLARE(IMPL, HPySlot_SIG(SLOT));                                       \
    HPyFunc_TRAMPOLINE(SYM##_trampoline, IMPL, HPySlot_SIG(SLOT))                   \
    enum { SYM##_slot = SLOT, SYM##_impl_sig = HPySlot_SIG(SLOT),                   \
           SYM##_trampoline_sig = HPySlot_SIG(SLOT) };                              \
    _HPy_PARTIAL_INIT_BEGIN                                                         \
    HPyDef SYM = {                                                                  \
        .kind = HPyDef_Kind_Slot,                                                   \
        .slot = {                                                                   \
            .slot = SLOT,                                                           \
            .impl = _HPy_AS_CFUNCTION(IMPL),                                        \
            .cpy_trampoline = _HPy_FUNC_CAST(cpy_PyCFunction, SYM##_trampoline)     \
        }                                                                           \
    };                                                                              \
    _HPy_PARTIAL_INIT_END

#define HPyDef_MEMBER(SYM, NAME, TYPE, OFFSET, ...)                                 \
    _HPy_PARTIAL_INIT_BEGIN                                                         \
    HPyDef SYM = {                                                                  \
        .kind = HPyDef_Kind_Member,                                                 \
        .member = {                                                                 \
            .name = NAME,                                                           \
            .type = TYPE,                                                           \
            .offset = OFFSET,                                                       \
            __VA_ARGS__                                                             \
        }                                                                           \
    };                                                                              \
    _HPy_PARTIAL_INIT_END

#define HPyDef_GET(SYM, NAME, ...) HPyDef_GET_IMPL(SYM, NAME, SYM##_get, __VA_ARGS__)
#define HPyDef_GET_IMPL(SYM, NAME, GETIMPL, ...)                                    \
    HPyFunc_DECLARE(GETIMPL, HPyFunc_GETTER);                                       \
    HPyFunc_TRAMPOLINE(SYM##_get_trampoline, GETIMPL, HPyFunc_GETTER)               \
    enum { SYM##_get_sig = HPyFunc_GETTER, SYM##_get_trampoline_sig = HPyFunc_GETTER }; \
    _HPy_PARTIAL_INIT_BEGIN                                                         \
    HPyDef SYM = {                                                                  \
        .kind = HPyDef_Kind_GetSet,                                                 \
        .getset = {                                                                 \
            .name = NAME,                                                           \
            .getter_impl = _HPy_AS_CFUNCTION(GETIMPL),                              \
            .getter_cpy_trampoline = _HPy_FUNC_CAST(cpy_getter, SYM##_get_trampoline), \
            __VA_ARGS__                                                             \
        }                                                                           \
    };                                                                              \
    _HPy_PARTIAL_INIT_END

#define HPyDef_SET(SYM, NAME, ...) HPyDef_SET_IMPL(SYM, NAME, SYM##_set, __VA_ARGS__)
#define HPyDef_SET_IMPL(SYM, NAME, SETIMPL, ...)                                    \
    HPyFunc_DECLARE(SETIMPL, HPyFunc_SETTER);                                       \
    HPyFunc_TRAMPOLINE(SYM##_set_trampoline, SETIMPL, HPyFunc_SETTER)               \
    enum { SYM##_set_sig = HPyFunc_SETTER, SYM##_set_trampoline_sig = HPyFunc_SETTER }; \
    _HPy_PARTIAL_INIT_BEGIN                                                         \
    HPyDef SYM = {                                                                  \
        .kind = HPyDef_Kind_GetSet,                                                 \
        .getset = {                                                                 \
            .name = NAME,                                                           \
            .setter_impl = _HPy_AS_CFUNCTION(SETIMPL),                              \
            .setter_cpy_trampoline = _HPy_FUNC_CAST(cpy_setter, SYM##_set_trampoline), \
            __VA_ARGS__                                                             \
        }                                                                           \
    };                                                                              \
    _HPy_PARTIAL_INIT_END

#define HPyDef_GETSET(SYM, NAME, ...) HPyDef_GETSET_IMPL(SYM, NAME, SYM##_get, SYM##_set, __VA_ARGS__)
#define HPyDef_GETSET_IMPL(SYM, NAME, GETIMPL, SETIMPL, ...)                        \
    HPyFunc_DECLARE(GETIMPL, HPyFunc_GETTER);                                       \
    HPyFunc_DECLARE(SETIMPL, HPyFunc_SETTER);                                       \
    HPyFunc_TRAMPOLINE(SYM##_get_trampoline, GETIMPL, HPyFunc_GETTER)               \
    HPyFunc_TRAMPOLINE(SYM##_set_trampoline, SETIMPL, HPyFunc_SETTER)               \
    enum { SYM##_get_sig = HPyFunc_GETTER, SYM##_set_sig = HPyFunc_SETTER };        \
    _HPy_PARTIAL_INIT_BEGIN                                                         \
    HPyDef SYM = {                                                                  \
        .kind = HPyDef_Kind_GetSet,                                                 \
        .getset = {                                                                 \
            .name = NAME,                                                           \
            .getter_impl = _HPy_AS_CFUNCTION(GETIMPL),                              \
            .setter_impl = _HPy_AS_CFUNCTION(SETIMPL),                              \
            .getter_cpy_trampoline = _HPy_FUNC_CAST(cpy_getter, SYM##_get_trampoline), \
            .setter_cpy_trampoline = _HPy_FUNC_CAST(cpy_setter, SYM##_set_trampoline), \
            __VA_ARGS__                                                             \
        }                                                                           \
    };                                                                              \
    _HPy_PARTIAL_INIT_END

#define HPyDef_CALL_FUNCTION(SYM)                                                   \
    HPyFunc_DECLARE(SYM##_impl, HPyFunc_KEYWORDS);                                  \
    HPyFunc_TRAMPOLINE(SYM##_trampoline, SYM##_impl, HPyFunc_KEYWORDS)              \
    enum { SYM##_impl_sig = HPyFunc_KEYWORDS, SYM##_trampoline_sig = HPyFunc_KEYWORDS }; \
    static HPyCallFunction SYM = {                                                  \
        _HPy_FUNC_CAST(cpy_vectorcallfunc, SYM##_trampoline),                       \
        SYM##_impl                                                                  \
    };

#define HPyCapsule_DESTRUCTOR(SYM)                                                  \
    static void SYM##_impl(const char *name, void *pointer, void *context);        \
    HPyCapsule_DESTRUCTOR_TRAMPOLINE(SYM##_trampoline, SYM##_impl)                  \
    static HPyCapsule_Destructor SYM = { SYM##_trampoline, SYM##_impl };

#endif /* HPY_COMMON_DEF_H */
