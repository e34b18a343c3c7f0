/* Scalar types, handle types and the opaque C-API types of the universal ABI. */
#ifndef HPY_COMMON_TYPES_H
#define HPY_COMMON_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef HPY_ABI_CPYTHON
typedef Py_ssize_t HPy_ssize_t;
typedef Py_hash_t HPy_hash_t;
typedef Py_UCS4 HPy_UCS4;
#  define HPY_SSIZE_T_MAX PY_SSIZE_T_MAX
#  define HPY_SSIZE_T_MIN PY_SSIZE_T_MIN
#else
typedef intptr_t HPy_ssize_t;
typedef intptr_t HPy_hash_t;
typedef uint32_t HPy_UCS4;
#  define HPY_SSIZE_T_MAX INTPTR_MAX
#  define HPY_SSIZE_T_MIN (-HPY_SSIZE_T_MAX - 1)
#endif

/* Handle-like types: one intptr_t each, passed by value. Zero means NULL in every mode;
   what a non-zero value means belongs to the runtime that made it. */
typedef struct _HPy_s { intptr_t _i; } HPy;
typedef struct { intptr_t _i; } HPyField;
typedef struct { intptr_t _i; } HPyGlobal;
typedef struct { intptr_t _i; } HPyTracker;
typedef struct { intptr_t _lst; } HPyListBuilder;
typedef struct { intptr_t _tup; } HPyTupleBuilder;
typedef struct { intptr_t _i; } HPyThreadState;

typedef struct _HPyContext_s HPyContext;

#ifdef __cplusplus
#  define HPy_NULL (HPy{0})
#  define HPyField_NULL (HPyField{0})
#else
#  define HPy_NULL ((HPy){0})
#  define HPyField_NULL ((HPyField){0})
#endif
#define HPy_IsNull(h) ((h)._i == 0)
#define HPyField_IsNull(f) ((f)._i == 0)

/* The C-API types that appear in the API. In the universal ABI they are opaque: a pure
   universal extension cannot do anything with them. */
#if defined(HPY_ABI_CPYTHON) || defined(HPY_ABI_HYBRID)
typedef PyObject cpy_PyObject;
typedef PyMethodDef cpy_PyMethodDef;
typedef PyModuleDef cpy_PyModuleDef;
typedef Py_buffer cpy_Py_buffer;
#else
typedef struct FORBIDDEN_cpy_PyObject cpy_PyObject;
typedef struct FORBIDDEN_PyMethodDef cpy_PyMethodDef;
typedef struct FORBIDDEN_PyModuleDef cpy_PyModuleDef;
typedef struct FORBIDDEN_bufferinfo cpy_Py_buffer;
#endif

typedef cpy_PyObject *(*cpy_PyCFunction)(cpy_PyObject *, cpy_PyObject *const *, HPy_ssize_t);
typedef int (*cpy_visitproc)(cpy_PyObject *, void *);
typedef cpy_PyObject *(*cpy_getter)(cpy_PyObject *, void *);
typedef int (*cpy_setter)(cpy_PyObject *, cpy_PyObject *, void *);
typedef void (*cpy_PyCapsule_Destructor)(cpy_PyObject *);
typedef cpy_PyObject *(*cpy_vectorcallfunc)(cpy_PyObject *callable, cpy_PyObject *const *args,
                                            size_t nargsf, cpy_PyObject *kwnames);

/* The type of HPyDef implementation pointers: cast to the signature's own type on use. */
#ifdef __cplusplus
typedef void *(*HPyCFunction)(void);
#else
typedef void *(*HPyCFunction)();
#endif
typedef int (*HPyFunc_visitproc)(HPyField *, void *);

typedef enum {
    HPy_LT = 0,
    HPy_LE = 1,
    HPy_EQ = 2,
    HPy_NE = 3,
    HPy_GT = 4,
    HPy_GE = 5
} HPy_RichCmpOp;

typedef enum {
    HPy_SourceKind_Expr = 0,
    HPy_SourceKind_File = 1,
    HPy_SourceKind_Single = 2
} HPy_SourceKind;

typedef enum {
    HPyCapsule_key_Pointer = 0,
    HPyCapsule_key_Name = 1,
    HPyCapsule_key_Context = 2,
    HPyCapsule_key_Destructor = 3
} _HPyCapsule_key;

/* Py_buffer with the owner as a handle. */
typedef struct {
    void *buf;
    HPy obj;
    HPy_ssize_t len;
    HPy_ssize_t itemsize;
    int readonly;
    int ndim;
    char *format;
    HPy_ssize_t *shape;
    HPy_ssize_t *strides;
    HPy_ssize_t *suboffsets;
    void *internal;
} HPy_buffer;

#endif /* HPY_COMMON_TYPES_H */
