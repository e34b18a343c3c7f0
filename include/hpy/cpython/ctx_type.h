/* Types on CPython: HPyType_FromSpec builds a PyType_Spec from the HPyDefs (the methods,
   slots and getsets are the extension's CPython-side trampolines), creates a heap type and
   records what the backend must know about it (typeinfo.h). */
#ifndef HPY_CPYTHON_CTX_TYPE_H
#define HPY_CPYTHON_CTX_TYPE_H

#include "hpy/cpython/typeinfo.h"

#define _HPy_MEMBER_READONLY 1 /* PyMemberDef.flags: CPython's READONLY */
#define _HPy_ALIGN16(n) (((n) + 15) & ~(Py_ssize_t)15)

/* Where the user's C struct starts in an instance of each builtin shape. */
static inline Py_ssize_t _HPyShape_StructOffset(HPyType_BuiltinShape shape)
{
    switch (shape) {
    case HPyType_BuiltinShape_Legacy:
        return 0;
    case HPyType_BuiltinShape_Type:
        return _HPy_ALIGN16((Py_ssize_t)sizeof(PyHeapTypeObject));
    case HPyType_BuiltinShape_Float:
        return _HPy_ALIGN16((Py_ssize_t)sizeof(PyFloatObject));
    case HPyType_BuiltinShape_Unicode:
        return _HPy_ALIGN16((Py_ssize_t)sizeof(PyUnicodeObject));
    case HPyType_BuiltinShape_List:
        return _HPy_ALIGN16((Py_ssize_t)sizeof(PyListObject));
    case HPyType_BuiltinShape_Dict:
        return _HPy_ALIGN16((Py_ssize_t)sizeof(PyDictObject));
    case HPyType_BuiltinShape_Long:
    case HPyType_BuiltinShape_Tuple:
        /* variable-size bases: such types carry no C struct of their own */
        return (Py_ssize_t)sizeof(PyVarObject);
    case HPyType_BuiltinShape_Object:
    default:
        return _HPy_ALIGN16((Py_ssize_t)sizeof(PyObject));
    }
}

/* The builtin type each shape derives from. */
static inline PyTypeObject *_HPyShape_BuiltinBase(HPyType_BuiltinShape shape)
{
    switch (shape) {
    case HPyType_BuiltinShape_Type:
        return &PyType_Type;
    case HPyType_BuiltinShape_Long:
        return &PyLong_Type;
    case HPyType_BuiltinShape_Float:
        return &PyFloat_Type;
    case HPyType_BuiltinShape_Unicode:
        return &PyUnicode_Type;
    case HPyType_BuiltinShape_Tuple:
        return &PyTuple_Type;
    case HPyType_BuiltinShape_List:
        return &PyList_Type;
    case HPyType_BuiltinShape_Dict:
        return &PyDict_Type;
    default:
        return NULL;
    }
}

static inline void *_HPy_StructOf(PyObject *obj, HPyType_BuiltinShape shape)
{
    return (char *)obj + _HPyShape_StructOffset(shape);
}

static inline void *ctx_AsStruct_Object(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_Object);
}
static inline void *ctx_AsStruct_Legacy(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _h2py(h);
}
static inline void *ctx_AsStruct_Type(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_Type);
}
static inline void *ctx_AsStruct_Long(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_Long);
}
static inline void *ctx_AsStruct_Float(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_Float);
}
static inline void *ctx_AsStruct_Unicode(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_Unicode);
}
static inline void *ctx_AsStruct_Tuple(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_Tuple);
}
static inline void *ctx_AsStruct_List(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_List);
}
static inline void *ctx_AsStruct_Dict(HPyContext *ctx, HPy h)
{
    (void)ctx;
    return _HPy_StructOf(_h2py(h), HPyType_BuiltinShape_Dict);
}

/* GC: HPy_tp_traverse visits HPyField pointers; CPython's visitor wants objects. */
typedef struct {
    visitproc visit;
    void *arg;
} _HPyVisitClosure;

static inline int _HPy_VisitField(HPyField *field, void *closure)
{
    _HPyVisitClosure *c = (_HPyVisitClosure *)closure;
    PyObject *obj = (PyObject *)field->_i;
    return obj != NULL ? c->visit(obj, c->arg) : 0;
}

static inline int _HPy_CallTraverse(HPyFunc_traverseproc impl, PyObject *self, visitproc visit,
                                    void *arg)
{
    _HPyTypeInfo *info = _HPyTypeInfo_Lookup(Py_TYPE(self));
    _HPyVisitClosure closure;
    PyTypeObject *builtin;
    int result;
    closure.visit = visit;
    closure.arg = arg;
    if (info == NULL) {
        return 0; /* not an instance of an HPy type: nothing of ours to visit */
    }
    result = impl((char *)self + info->struct_offset, _HPy_VisitField, &closure);
    if (result != 0) {
        return result;
    }
    /* a dict or list subclass also holds what its builtin base holds */
    builtin = _HPyShape_BuiltinBase(info->shape);
    if (builtin != NULL && builtin->tp_traverse != NULL) {
        result = builtin->tp_traverse(self, visit, arg);
        if (result != 0) {
            return result;
        }
    }
#if PY_VERSION_HEX >= 0x03090000
    /* Since 3.9 an instance's reference to its heap type is visited by the heap type's own
       traverse (CPython's subclass traverse leaves it to us); without it a cycle through
       the type, e.g. a class attribute holding an instance, is never collected. */
    if (Py_TYPE(self)->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        return visit((PyObject *)Py_TYPE(self), arg);
    }
#endif
    return 0;
}

/* At deallocation every field is released: traverse with a visitor that clears. */
static inline int _HPy_ClearField(HPyField *field, void *unused)
{
    PyObject *obj = (PyObject *)field->_i;
    (void)unused;
    field->_i = 0;
    Py_XDECREF(obj);
    return 0;
}

static inline void _HPy_Dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    _HPyTypeInfo *info;
    /* HPy_tp_finalize runs before the object is torn down. A Python subclass's own dealloc
       has already called it before calling this one; the GC marks what it finalized. */
    if (type->tp_finalize != NULL && type->tp_dealloc == _HPy_Dealloc &&
        PyObject_CallFinalizerFromDealloc(self) < 0) {
        return; /* resurrected by the finalizer */
    }
    info = _HPyTypeInfo_Lookup(type);
    if (PyType_IS_GC(type)) {
        PyObject_GC_UnTrack(self);
    }
    if (info != NULL) {
        void *data = (char *)self + info->struct_offset;
        if (info->traverse != NULL) {
            (void)info->traverse(data, _HPy_ClearField, NULL);
        }
        if (info->destroy != NULL) {
            info->destroy(data);
        }
    }
    if (info != NULL && info->shape != HPyType_BuiltinShape_Object &&
        info->shape != HPyType_BuiltinShape_Legacy) {
        PyTypeObject *base = _HPyShape_BuiltinBase(info->shape);
        if (PyType_IS_GC(type) && PyType_IS_GC(base)) {
            /* the builtin dealloc untracks the object itself, type's without checking */
            PyObject_GC_Track(self);
        }
        base->tp_dealloc(self); /* frees the memory */
        Py_DECREF(type); /* a static base's dealloc does not release a heap type */
        return;
    }
    type->tp_free(self);
    Py_DECREF(type); /* instances of heap types own a reference to their type */
}

/* The dealloc of a type with no HPy_tp_finalize, HPy_tp_destroy or HPy_tp_traverse and no
   builtin base: what _HPy_Dealloc does when it finds nothing to do. */
static inline void _HPy_DeallocPlain(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    if (PyType_IS_GC(type)) {
        PyObject_GC_UnTrack(self);
    }
    type->tp_free(self);
    Py_DECREF(type); /* instances of heap types own a reference to their type */
}

/* Calls: an instance keeps its call function in a hidden pointer (HPy_tp_call,
   HPy_SetCallFunction), called with the vectorcall convention. */
static inline cpy_vectorcallfunc *_HPy_CallSlot(PyObject *obj, _HPyTypeInfo *info)
{
    return (cpy_vectorcallfunc *)((char *)obj + info->call_offset);
}

static inline PyObject *_HPy_Alloc(PyTypeObject *type, Py_ssize_t nitems)
{
    PyObject *obj = PyType_GenericAlloc(type, nitems);
    _HPyTypeInfo *info;
    if (obj != NULL && (info = _HPyTypeInfo_Lookup(type)) != NULL && info->call_offset != 0) {
        *_HPy_CallSlot(obj, info) = info->default_call;
    }
    return obj;
}

/* tp_call: unpack tuple and dict and call the instance's call function. Python 3.8 has no
   public vectorcall protocol for types; before 3.12 Python subclasses do not inherit
   Py_TPFLAGS_HAVE_VECTORCALL, so PyVectorcall_Call would refuse their instances. */
static inline PyObject *_HPy_CallObject(PyObject *self, PyObject *args, PyObject *kw)
{
    _HPyTypeInfo *info = _HPyTypeInfo_Lookup(Py_TYPE(self));
    cpy_vectorcallfunc func = info ? *_HPy_CallSlot(self, info) : NULL;
    Py_ssize_t i, nargs = PyTuple_GET_SIZE(args), nkw = kw ? PyDict_GET_SIZE(kw) : 0;
    PyObject **stack, *kwnames = NULL, *key, *value, *result = NULL;
    Py_ssize_t pos = 0;
    if (func == NULL && info != NULL) {
        /* instances of Python subclasses are allocated by PyType_GenericAlloc, which
           leaves the slot empty: HPy_tp_call applies to them too */
        func = info->default_call;
    }
    if (func == NULL) {
        PyErr_Format(PyExc_TypeError, "'%.200s' object is not callable (no call function set)",
                     Py_TYPE(self)->tp_name);
        return NULL;
    }
    stack = PyMem_New(PyObject *, (size_t)(nargs + nkw + 1));
    if (stack == NULL) {
        return PyErr_NoMemory();
    }
    for (i = 0; i < nargs; i++) {
        stack[i] = PyTuple_GET_ITEM(args, i);
    }
    if (nkw > 0) {
        kwnames = PyTuple_New(nkw);
        if (kwnames == NULL) {
            goto cleanup;
        }
        for (i = 0; PyDict_Next(kw, &pos, &key, &value); i++) {
            Py_INCREF(key);
            PyTuple_SET_ITEM(kwnames, i, key);
            stack[nargs + i] = value;
        }
    }
    result = func(self, stack, (size_t)nargs, kwnames);
cleanup:
    Py_XDECREF(kwnames);
    PyMem_Free(stack);
    return result;
}

static inline int ctx_SetCallFunction(HPyContext *ctx, HPy h, HPyCallFunction *func)
{
    (void)ctx;
    PyObject *obj = _h2py(h);
    _HPyTypeInfo *info = _HPyTypeInfo_Lookup(Py_TYPE(obj));
    if (info == NULL || info->call_offset == 0) {
        PyErr_Format(PyExc_TypeError, "HPy_SetCallFunction: '%.200s' objects have no call "
                     "function slot (define HPy_tp_call or a __vectorcalloffset__ member)",
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    *_HPy_CallSlot(obj, info) = func != NULL ? func->cpy_trampoline : NULL;
    return 0;
}

static inline HPy ctx_New(HPyContext *ctx, HPy h_type, void **data)
{
    (void)ctx;
    PyObject *t = _h2py(h_type), *obj;
    _HPyTypeInfo *info = _hpy_type_registry.last;
    /* the last type looked up is a type: the common case needs no PyType_Check */
    if ((info == NULL || info->type != (PyTypeObject *)t) &&
        (!PyType_Check(t) || (info = _HPyTypeInfo_Lookup((PyTypeObject *)t)) == NULL)) {
        PyErr_Format(PyExc_TypeError, "HPy_New: %R is not an HPy type", t);
        return HPy_NULL;
    }
    obj = ((PyTypeObject *)t)->tp_alloc((PyTypeObject *)t, 0);
    if (obj == NULL) {
        return HPy_NULL;
    }
    *data = (char *)obj + info->struct_offset;
    return _py2h(obj);
}

static inline HPy ctx_Type_GenericNew(HPyContext *ctx, HPy type, const HPy *args,
                                      HPy_ssize_t nargs, HPy kw)
{
    (void)ctx;
    (void)args;
    (void)nargs;
    (void)kw;
    PyTypeObject *t = (PyTypeObject *)_h2py(type);
    return _py2h(t->tp_alloc(t, 0));
}

static inline HPyType_BuiltinShape ctx_Type_GetBuiltinShape(HPyContext *ctx, HPy h_type)
{
    (void)ctx;
    PyObject *t = _h2py(h_type);
    _HPyTypeInfo *info;
    if (!PyType_Check(t)) {
        PyErr_Format(PyExc_TypeError, "_HPyType_GetBuiltinShape: %R is not a type", t);
        return (HPyType_BuiltinShape)-2;
    }
    info = _HPyTypeRegistry_Find((PyTypeObject *)t);
    if (info != NULL) {
        return info->shape;
    }
    if (t == (PyObject *)&PyBaseObject_Type) {
        return HPyType_BuiltinShape_Object;
    }
    if (t == (PyObject *)&PyType_Type) {
        return HPyType_BuiltinShape_Type;
    }
    if (t == (PyObject *)&PyLong_Type) {
        return HPyType_BuiltinShape_Long;
    }
    if (t == (PyObject *)&PyFloat_Type) {
        return HPyType_BuiltinShape_Float;
    }
    if (t == (PyObject *)&PyUnicode_Type) {
        return HPyType_BuiltinShape_Unicode;
    }
    if (t == (PyObject *)&PyTuple_Type) {
        return HPyType_BuiltinShape_Tuple;
    }
    if (t == (PyObject *)&PyList_Type) {
        return HPyType_BuiltinShape_List;
    }
    if (t == (PyObject *)&PyDict_Type) {
        return HPyType_BuiltinShape_Dict;
    }
    return HPyType_BuiltinShape_Legacy;
}

static inline const char *ctx_Type_GetName(HPyContext *ctx, HPy type)
{
    (void)ctx;
    PyObject *t = _h2py(type);
    const char *name, *dot;
    if (!PyType_Check(t)) {
        PyErr_Format(PyExc_TypeError, "HPyType_GetName: %R is not a type", t);
        return NULL;
    }
    name = ((PyTypeObject *)t)->tp_name;
    dot = strrchr(name, '.');
    return dot != NULL ? dot + 1 : name;
}

static inline int ctx_Type_IsSubtype(HPyContext *ctx, HPy sub, HPy type)
{
    (void)ctx;
    PyObject *s = _h2py(sub), *t = _h2py(type);
    if (!PyType_Check(s) || !PyType_Check(t)) {
        return 0;
    }
    return PyType_IsSubtype((PyTypeObject *)s, (PyTypeObject *)t);
}

#include "hpy/cpython/type_from_spec.h"

#endif /* HPY_CPYTHON_CTX_TYPE_H */
