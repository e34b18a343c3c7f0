/* What the CPython backend knows about each HPy type, found from the type object.

   HPy types are identified by a registry keyed by type pointer, never by tp_flags bits or
   other private storage (a private tp_flags bit is what broke HPy 0.9 on Python 3.13).
   Each entry is owned by a capsule in the type's dict, so it disappears with the type.
   The registry is one per shared object: a weak, hidden symbol that every translation
   unit including hpy.h shares. */
#ifndef HPY_CPYTHON_TYPEINFO_H
#define HPY_CPYTHON_TYPEINFO_H

typedef struct {
    PyTypeObject *type;
    HPyType_BuiltinShape shape;
    Py_ssize_t struct_offset;     /* where the user's C struct starts in an instance */
    HPyFunc_destroyfunc destroy;  /* HPy_tp_destroy, or NULL */
    HPyFunc_traverseproc traverse; /* HPy_tp_traverse, or NULL */
    Py_ssize_t call_offset;       /* where an instance keeps its call function, or 0 */
    cpy_vectorcallfunc default_call; /* HPy_tp_call's trampoline, or NULL */
    /* CPython keeps pointing at these arrays for the type's whole life */
    PyMethodDef *methods;
    PyMemberDef *members;
    PyGetSetDef *getsets;
} _HPyTypeInfo;

typedef struct {
    size_t capacity; /* a power of two, or 0 */
    size_t used;
    _HPyTypeInfo **entries;
    _HPyTypeInfo *last; /* the last hit: types come in runs */
} _HPyTypeRegistry;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((weak, visibility("hidden"))) _HPyTypeRegistry _hpy_type_registry;
#else
static _HPyTypeRegistry _hpy_type_registry;
#endif

/* A marker stored in deleted slots, so that probing continues past them. */
#define _HPY_REGISTRY_TOMBSTONE ((_HPyTypeInfo *)&_hpy_type_registry)

static inline size_t _HPyTypeRegistry_Hash(PyTypeObject *type, size_t mask)
{
    uintptr_t p = (uintptr_t)type;
    return (size_t)((p >> 4) ^ (p >> 12)) & mask;
}

static inline _HPyTypeInfo *_HPyTypeRegistry_Find(PyTypeObject *type)
{
    _HPyTypeRegistry *r = &_hpy_type_registry;
    size_t mask, i;
    if (r->last != NULL && r->last->type == type) {
        return r->last;
    }
    if (r->capacity == 0) {
        return NULL;
    }
    mask = r->capacity - 1;
    for (i = _HPyTypeRegistry_Hash(type, mask);; i = (i + 1) & mask) {
        _HPyTypeInfo *e = r->entries[i];
        if (e == NULL) {
            return NULL;
        }
        if (e != _HPY_REGISTRY_TOMBSTONE && e->type == type) {
            r->last = e;
            return e;
        }
    }
}

/* The info of type or of its nearest HPy base (Python subclasses of HPy types). */
static inline _HPyTypeInfo *_HPyTypeInfo_Lookup(PyTypeObject *type)
{
    for (; type != NULL; type = type->tp_base) {
        _HPyTypeInfo *info = _HPyTypeRegistry_Find(type);
        if (info != NULL) {
            return info;
        }
    }
    return NULL;
}

static inline int _HPyTypeRegistry_Add(_HPyTypeInfo *info)
{
    _HPyTypeRegistry *r = &_hpy_type_registry;
    size_t i, mask;
    if ((r->used + 1) * 2 > r->capacity) {
        size_t old_capacity = r->capacity, new_capacity = old_capacity ? old_capacity * 2 : 64;
        _HPyTypeInfo **old = r->entries;
        _HPyTypeInfo **entries = (_HPyTypeInfo **)PyMem_Calloc(new_capacity, sizeof(*entries));
        if (entries == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        r->entries = entries;
        r->capacity = new_capacity;
        r->used = 0;
        for (i = 0; i < old_capacity; i++) {
            if (old[i] != NULL && old[i] != _HPY_REGISTRY_TOMBSTONE) {
                size_t j, m = new_capacity - 1;
                for (j = _HPyTypeRegistry_Hash(old[i]->type, m); entries[j] != NULL; j = (j + 1) & m) {
                }
                entries[j] = old[i];
                r->used++;
            }
        }
        PyMem_Free(old);
    }
    mask = r->capacity - 1;
    for (i = _HPyTypeRegistry_Hash(info->type, mask);
         r->entries[i] != NULL && r->entries[i] != _HPY_REGISTRY_TOMBSTONE; i = (i + 1) & mask) {
    }
    if (r->entries[i] == NULL) {
        r->used++;
    }
    r->entries[i] = info;
    return 0;
}

static inline void _HPyTypeRegistry_Remove(_HPyTypeInfo *info)
{
    _HPyTypeRegistry *r = &_hpy_type_registry;
    size_t i, mask;
    if (r->last == info) {
        r->last = NULL;
    }
    if (r->capacity == 0) {
        return;
    }
    mask = r->capacity - 1;
    for (i = _HPyTypeRegistry_Hash(info->type, mask); r->entries[i] != NULL; i = (i + 1) & mask) {
        if (r->entries[i] == info) {
            r->entries[i] = _HPY_REGISTRY_TOMBSTONE;
            return;
        }
    }
}

static inline void _HPyTypeInfo_CapsuleDestructor(PyObject *capsule)
{
    _HPyTypeInfo *info = (_HPyTypeInfo *)PyCapsule_GetPointer(capsule, "hpy.typeinfo");
    if (info != NULL) {
        _HPyTypeRegistry_Remove(info);
        PyMem_Free(info->methods);
        PyMem_Free(info->members);
        PyMem_Free(info->getsets);
        PyMem_Free(info);
    }
}

#endif /* HPY_CPYTHON_TYPEINFO_H */
