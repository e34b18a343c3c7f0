/* Type specifications (HPyType_Spec), type flags, builtin shapes and struct sequences. */
#ifndef HPY_COMMON_TYPE_H
#define HPY_COMMON_TYPE_H

typedef enum {
    HPyType_BuiltinShape_Legacy = -1,
    HPyType_BuiltinShape_Object = 0,
    HPyType_BuiltinShape_Type = 1,
    HPyType_BuiltinShape_Long = 2,
    HPyType_BuiltinShape_Float = 3,
    HPyType_BuiltinShape_Unicode = 4,
    HPyType_BuiltinShape_Tuple = 5,
    HPyType_BuiltinShape_List = 6,
    HPyType_BuiltinShape_Dict = 7 /* ABI 0.1 */
} HPyType_BuiltinShape;

typedef struct {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned long flags;
    HPyType_BuiltinShape builtin_shape;
    void *legacy_slots; /* a NULL-terminated PyType_Slot[]; needs the Legacy shape */
    HPyDef **defines;   /* NULL-terminated */
    const char *doc;
} HPyType_Spec;

typedef enum {
    HPyType_SpecParam_Base = 1,
    HPyType_SpecParam_BasesTuple = 2,
    HPyType_SpecParam_Metaclass = 3
} HPyType_SpecParam_Kind;

typedef struct {
    HPyType_SpecParam_Kind kind;
    HPy object;
} HPyType_SpecParam;

typedef struct {
    cpy_vectorcallfunc cpy_trampoline;
    HPyCallFunction impl;
} HPyType_Vectorcall;

/* The values of CPython's flags of the same meaning. */
#define _Py_TPFLAGS_HEAPTYPE (1UL << 9)
#define _Py_TPFLAGS_HAVE_VERSION_TAG (1UL << 18)
#define HPy_TPFLAGS_DEFAULT (_Py_TPFLAGS_HEAPTYPE | _Py_TPFLAGS_HAVE_VERSION_TAG)
#define HPy_TPFLAGS_BASETYPE (1UL << 10)
#define HPy_TPFLAGS_HAVE_VECTORCALL (1UL << 11)
#define HPy_TPFLAGS_HAVE_GC (1UL << 14)

/* HPyType_HELPERS(TYPE[, SHAPE]) defines TYPE_SHAPE and TYPE_AsStruct(ctx, h). */
#define HPyType_HELPERS(...) \
    _HPy_PICK_1_2(__VA_ARGS__, _HPyType_HELPERS_2, _HPyType_HELPERS_1, _)(__VA_ARGS__)
#define _HPyType_HELPERS_1(TYPE) _HPyType_HELPERS_2(TYPE, HPyType_BuiltinShape_Object)
#define _HPyType_HELPERS_2(TYPE, SHAPE)                                             \
    enum { TYPE##_SHAPE = (int)SHAPE };                                             \
    static inline TYPE *TYPE##_AsStruct(HPyContext *ctx, HPy h)                     \
    {                                                                               \
        return (TYPE *)SHAPE##_AsStruct(ctx, h);                                    \
    }
#define HPyType_LEGACY_HELPERS(TYPE) _HPyType_HELPERS_2(TYPE, HPyType_BuiltinShape_Legacy)
#define SHAPE(TYPE) ((HPyType_BuiltinShape)TYPE##_SHAPE)

#define HPyType_BuiltinShape_Legacy_AsStruct _HPy_AsStruct_Legacy
#define HPyType_BuiltinShape_Object_AsStruct _HPy_AsStruct_Object
#define HPyType_BuiltinShape_Type_AsStruct _HPy_AsStruct_Type
#define HPyType_BuiltinShape_Long_AsStruct _HPy_AsStruct_Long
#define HPyType_BuiltinShape_Float_AsStruct _HPy_AsStruct_Float
#define HPyType_BuiltinShape_Unicode_AsStruct _HPy_AsStruct_Unicode
#define HPyType_BuiltinShape_Tuple_AsStruct _HPy_AsStruct_Tuple
#define HPyType_BuiltinShape_List_AsStruct _HPy_AsStruct_List
#define HPyType_BuiltinShape_Dict_AsStruct _HPy_AsStruct_Dict

#define HPy_New(ctx, cls, data) (_HPy_New((ctx), (cls), (void **)(data)))

typedef struct {
    const char *name;
    const char *doc;
} HPyStructSequence_Field;

typedef struct {
    const char *name;
    const char *doc;
    HPyStructSequence_Field *fields; /* ends with name == NULL */
} HPyStructSequence_Desc;

#endif /* HPY_COMMON_TYPE_H */
