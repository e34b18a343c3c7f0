/* HPyType_FromSpec on CPython. */
#ifndef HPY_CPYTHON_TYPE_FROM_SPEC_H
#define HPY_CPYTHON_TYPE_FROM_SPEC_H

#ifdef _HPY_COLD_DECLARE_ONLY
_HPY_COLD_DECL HPy ctx_Type_FromSpec(HPyContext *ctx, HPyType_Spec *spec,
                                     HPyType_SpecParam *params);
#else

/* Everything FromSpec allocates, released in one place. */
typedef struct {
    PyType_Slot *slots;
    PyMethodDef *methods;
    PyMemberDef *members;
    PyGetSetDef *getsets;
    PyObject *bases;
    _HPyTypeInfo *info;
} _HPyTypeBuild;

static inline void _HPyTypeBuild_Free(_HPyTypeBuild *b)
{
    PyMem_Free(b->slots);
    PyMem_Free(b->methods);
    PyMem_Free(b->members);
    PyMem_Free(b->getsets);
    Py_XDECREF(b->bases);
    PyMem_Free(b->info);
}

static inline Py_ssize_t _HPy_CountLegacySlots(HPyType_Spec *spec)
{
    Py_ssize_t n = 0;
    PyType_Slot *legacy = (PyType_Slot *)spec->legacy_slots;
    while (legacy != NULL && legacy[n].slot != 0) {
        n++;
    }
    return n;
}

/* Read the params: bases (Base, possibly repeated, or one BasesTuple) and a metaclass. */
static inline int _HPyType_ReadParams(HPyType_Spec *spec, HPyType_SpecParam *params,
                                      PyObject **bases_out, PyObject **meta_out)
{
    Py_ssize_t i, n_base = 0;
    PyObject *tuple = NULL;
    *bases_out = NULL;
    *meta_out = NULL;
    for (i = 0; params != NULL && params[i].kind != 0; i++) {
        PyObject *obj = _h2py(params[i].object);
        switch (params[i].kind) {
        case HPyType_SpecParam_Base:
            n_base++;
            break;
        case HPyType_SpecParam_BasesTuple:
            if (tuple != NULL || !PyTuple_Check(obj)) {
                PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): HPyType_SpecParam_BasesTuple "
                             "must be given once, with a tuple", spec->name);
                return -1;
            }
            tuple = obj;
            break;
        case HPyType_SpecParam_Metaclass:
            if (*meta_out != NULL || !PyType_Check(obj)) {
                PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): HPyType_SpecParam_Metaclass "
                             "must be given once, with a type", spec->name);
                return -1;
            }
            *meta_out = obj;
            break;
        default:
            PyErr_Format(PyExc_SystemError, "HPyType_FromSpec('%s'): unknown HPyType_SpecParam "
                         "kind %d", spec->name, (int)params[i].kind);
            return -1;
        }
    }
    if (tuple != NULL && n_base > 0) {
        PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): HPyType_SpecParam_Base and "
                     "HPyType_SpecParam_BasesTuple cannot be combined", spec->name);
        return -1;
    }
    if (tuple != NULL) {
        Py_INCREF(tuple);
        *bases_out = tuple;
    }
    else if (n_base > 0) {
        Py_ssize_t j = 0;
        *bases_out = PyTuple_New(n_base);
        if (*bases_out == NULL) {
            return -1;
        }
        for (i = 0; params[i].kind != 0; i++) {
            if (params[i].kind == HPyType_SpecParam_Base) {
                PyObject *base = _h2py(params[i].object);
                Py_INCREF(base);
                PyTuple_SET_ITEM(*bases_out, j++, base);
            }
        }
    }
    return 0;
}

static inline int _HPyType_CheckShapeBase(HPyType_Spec *spec, PyObject *bases)
{
    PyTypeObject *builtin = _HPyShape_BuiltinBase(spec->builtin_shape);
    Py_ssize_t i;
    if (builtin == NULL) {
        return 0;
    }
    for (i = 0; bases != NULL && i < PyTuple_GET_SIZE(bases); i++) {
        PyObject *base = PyTuple_GET_ITEM(bases, i);
        if (PyType_Check(base) && PyType_IsSubtype((PyTypeObject *)base, builtin)) {
            return 0;
        }
    }
    PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): builtin_shape %d needs a base that "
                 "derives from '%s'", spec->name, (int)spec->builtin_shape, builtin->tp_name);
    return -1;
}

#if PY_VERSION_HEX < 0x03090000
/* Python 3.8: the buffer slots go straight into the heap type's buffer table. */
static inline void _HPyType_SetBufferSlots(PyHeapTypeObject *ht, HPyType_Spec *spec)
{
    Py_ssize_t i;
    for (i = 0; spec->defines != NULL && spec->defines[i] != NULL; i++) {
        HPyDef *def = spec->defines[i];
        if (def->kind != HPyDef_Kind_Slot) {
            continue;
        }
        if (def->slot.slot == HPy_bf_getbuffer) {
            ht->as_buffer.bf_getbuffer = _HPy_FUNC_CAST(getbufferproc, def->slot.cpy_trampoline);
        }
        else if (def->slot.slot == HPy_bf_releasebuffer) {
            ht->as_buffer.bf_releasebuffer =
                _HPy_FUNC_CAST(releasebufferproc, def->slot.cpy_trampoline);
        }
    }
    ht->ht_type.tp_as_buffer = &ht->as_buffer;
    PyType_Modified(&ht->ht_type);
}
#endif

_HPY_COLD HPy ctx_Type_FromSpec(HPyContext *ctx, HPyType_Spec *spec, HPyType_SpecParam *params)
{
    (void)ctx;
    _HPyTypeBuild b = {NULL, NULL, NULL, NULL, NULL, NULL};
    PyType_Spec pyspec;
    PyObject *meta = NULL, *result = NULL, *capsule;
    Py_ssize_t i, n_defs = 0, n_slots = 0, n_meth = 0, n_member = 0, n_getset = 0;
    Py_ssize_t n_legacy = _HPy_CountLegacySlots(spec), s = 0, m = 0, mb = 0, g = 0;
    Py_ssize_t offset, basicsize;
    int has_call = 0, has_vc_member = 0, has_dealloc = 0, has_finalize = 0;

    if (spec->name == NULL || strchr(spec->name, '.') == NULL) {
        PyErr_Format(PyExc_SystemError, "HPyType_FromSpec: the name must be 'module.Type', got "
                     "'%s'", spec->name ? spec->name : "(null)");
        return HPy_NULL;
    }
    if (spec->basicsize < 0 || spec->itemsize < 0) {
        PyErr_Format(PyExc_SystemError, "HPyType_FromSpec('%s'): negative basicsize or itemsize",
                     spec->name);
        return HPy_NULL;
    }
    if (n_legacy > 0 && spec->builtin_shape != HPyType_BuiltinShape_Legacy) {
        PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): legacy_slots need "
                     "builtin_shape = HPyType_BuiltinShape_Legacy", spec->name);
        return HPy_NULL;
    }
    if ((spec->builtin_shape == HPyType_BuiltinShape_Long ||
         spec->builtin_shape == HPyType_BuiltinShape_Tuple) && spec->basicsize > 0) {
        PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): subclasses of int and tuple are "
                     "variable-size and cannot carry a C struct (basicsize must be 0)", spec->name);
        return HPy_NULL;
    }
    for (i = 0; spec->defines != NULL && spec->defines[i] != NULL; i++) {
        HPyDef *def = spec->defines[i];
        n_defs++;
        switch (def->kind) {
        case HPyDef_Kind_Slot:
            n_slots++;
            break;
        case HPyDef_Kind_Meth:
            n_meth++;
            break;
        case HPyDef_Kind_Member:
            n_member++;
            break;
        case HPyDef_Kind_GetSet:
            n_getset++;
            break;
        default:
            PyErr_Format(PyExc_SystemError, "HPyType_FromSpec('%s'): define #%zd has invalid "
                         "kind %d", spec->name, i, (int)def->kind);
            return HPy_NULL;
        }
    }

    b.info = (_HPyTypeInfo *)PyMem_Calloc(1, sizeof(_HPyTypeInfo));
    /* slots: defines + legacy + methods/members/getsets/doc/traverse/dealloc/alloc/call + end */
    b.slots = PyMem_New(PyType_Slot, (size_t)(n_slots + n_legacy + 9));
    b.methods = PyMem_New(PyMethodDef, (size_t)(n_meth + 1));
    b.members = PyMem_New(PyMemberDef, (size_t)(n_member + 2));
    b.getsets = PyMem_New(PyGetSetDef, (size_t)(n_getset + 1));
    if (b.info == NULL || b.slots == NULL || b.methods == NULL || b.members == NULL ||
        b.getsets == NULL) {
        PyErr_NoMemory();
        goto cleanup;
    }
    b.info->shape = spec->builtin_shape;
    offset = _HPyShape_StructOffset(spec->builtin_shape);
    b.info->struct_offset = offset;
    basicsize = offset + spec->basicsize;

    for (i = 0; i < n_defs; i++) {
        HPyDef *def = spec->defines[i];
        if (def->kind == HPyDef_Kind_Slot) {
            switch (def->slot.slot) {
            case HPy_tp_destroy:
                b.info->destroy = _HPy_FUNC_CAST(HPyFunc_destroyfunc, def->slot.impl);
                break;
            case HPy_tp_call:
                has_call = 1;
                b.info->default_call = _HPy_FUNC_CAST(cpy_vectorcallfunc, def->slot.cpy_trampoline);
                break;
            case HPy_mod_create:
            case HPy_mod_exec:
                PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): module slot %d in a type",
                             spec->name, (int)def->slot.slot);
                goto cleanup;
#if PY_VERSION_HEX < 0x03090000
            case HPy_bf_getbuffer:
            case HPy_bf_releasebuffer:
                break; /* 3.8's PyType_FromSpec ignores buffer slots: set after creation */
#endif
            default:
                if (def->slot.slot == HPy_tp_traverse) {
                    b.info->traverse = _HPy_FUNC_CAST(HPyFunc_traverseproc, def->slot.impl);
                }
                has_finalize |= def->slot.slot == HPy_tp_finalize;
                b.slots[s].slot = (int)def->slot.slot;
                b.slots[s].pfunc = _HPySlot_Entry(&def->slot);
                s++;
            }
        }
        else if (def->kind == HPyDef_Kind_Meth) {
            int flags = _HPyMeth_CallFlags(&def->meth, spec->name);
            if (flags < 0) {
                goto cleanup;
            }
            b.methods[m].ml_name = def->meth.name;
            b.methods[m].ml_meth = _HPy_FUNC_CAST(PyCFunction, _HPyMeth_Entry(&def->meth));
            b.methods[m].ml_flags = flags;
            b.methods[m].ml_doc = def->meth.doc;
            m++;
        }
        else if (def->kind == HPyDef_Kind_Member) {
            if (strcmp(def->member.name, "__vectorcalloffset__") == 0) {
                has_vc_member = 1;
                b.info->call_offset = offset + def->member.offset;
                continue; /* a private slot, not a Python attribute */
            }
            b.members[mb].name = def->member.name;
            b.members[mb].type = (int)def->member.type;
            b.members[mb].offset = offset + def->member.offset;
            /* a NONE member is None whatever is stored: CPython's setter would raise
               SystemError for it, so it is always read-only */
            b.members[mb].flags = def->member.readonly || def->member.type == HPyMember_NONE
                                      ? _HPy_MEMBER_READONLY
                                      : 0;
            b.members[mb].doc = def->member.doc;
            mb++;
        }
        else {
            b.getsets[g].name = def->getset.name;
            b.getsets[g].get = def->getset.getter_cpy_trampoline;
            b.getsets[g].set = def->getset.setter_cpy_trampoline;
            b.getsets[g].doc = def->getset.doc;
            b.getsets[g].closure = def->getset.closure;
            g++;
        }
    }
    if (has_call && has_vc_member) {
        PyErr_Format(PyExc_TypeError, "HPyType_FromSpec('%s'): HPy_tp_call and a "
                     "__vectorcalloffset__ member cannot be combined", spec->name);
        goto cleanup;
    }
    if (has_call) {
        /* a hidden pointer after the user's struct holds each instance's call function */
        basicsize = _HPy_ALIGN16(basicsize);
        b.info->call_offset = basicsize;
        basicsize += (Py_ssize_t)sizeof(cpy_vectorcallfunc);
    }
    for (i = 0; i < n_legacy; i++) {
        PyType_Slot legacy = ((PyType_Slot *)spec->legacy_slots)[i];
        if (legacy.slot == Py_tp_dealloc) {
            has_dealloc = 1;
        }
        b.slots[s++] = legacy;
    }
    memset(&b.methods[m], 0, sizeof(PyMethodDef));
    memset(&b.members[mb], 0, sizeof(PyMemberDef));
    memset(&b.getsets[g], 0, sizeof(PyGetSetDef));
    if (m > 0) {
        b.slots[s].slot = Py_tp_methods;
        b.slots[s++].pfunc = b.methods;
    }
    if (mb > 0) {
        b.slots[s].slot = Py_tp_members;
        b.slots[s++].pfunc = b.members;
    }
    if (g > 0) {
        b.slots[s].slot = Py_tp_getset;
        b.slots[s++].pfunc = b.getsets;
    }
    if (spec->doc != NULL) {
        b.slots[s].slot = Py_tp_doc;
        b.slots[s++].pfunc = (void *)spec->doc;
    }
    if (b.info->traverse == NULL && (spec->flags & HPy_TPFLAGS_HAVE_GC) &&
        _HPyShape_BuiltinBase(spec->builtin_shape) != NULL &&
        _HPyShape_BuiltinBase(spec->builtin_shape)->tp_traverse != NULL) {
        /* a GC type without HPy fields of its own: what the builtin base holds is all */
        b.slots[s].slot = Py_tp_traverse;
        b.slots[s++].pfunc = _HPy_FUNC_PTR(_HPyShape_BuiltinBase(spec->builtin_shape)->tp_traverse);
    }
    if (!has_dealloc) {
        /* a type with nothing to finalize, destroy or clear, in a plain object, needs
           none of the general dealloc's checks */
        int plain = !has_finalize && b.info->destroy == NULL && b.info->traverse == NULL &&
                    _HPyShape_BuiltinBase(spec->builtin_shape) == NULL;
        b.slots[s].slot = Py_tp_dealloc;
        b.slots[s++].pfunc = plain ? _HPy_FUNC_PTR(_HPy_DeallocPlain) : _HPy_FUNC_PTR(_HPy_Dealloc);
    }
    if (b.info->call_offset != 0) {
        b.slots[s].slot = Py_tp_alloc;
        b.slots[s++].pfunc = _HPy_FUNC_PTR(_HPy_Alloc);
        b.slots[s].slot = Py_tp_call;
        b.slots[s++].pfunc = _HPy_FUNC_PTR(_HPy_CallObject);
#if PY_VERSION_HEX >= 0x03090000
        b.members[mb].name = "__vectorcalloffset__";
        b.members[mb].type = (int)HPyMember_HPYSSIZET; /* T_PYSSIZET */
        b.members[mb].offset = b.info->call_offset;
        b.members[mb].flags = _HPy_MEMBER_READONLY;
        b.members[mb].doc = NULL;
        memset(&b.members[mb + 1], 0, sizeof(PyMemberDef));
        if (mb == 0) {
            b.slots[s].slot = Py_tp_members;
            b.slots[s++].pfunc = b.members;
        }
#endif
    }
    b.slots[s].slot = 0;
    b.slots[s].pfunc = NULL;

    if (_HPyType_ReadParams(spec, params, &b.bases, &meta) < 0) {
        goto cleanup;
    }
    if (b.bases == NULL && _HPyShape_BuiltinBase(spec->builtin_shape) != NULL) {
        b.bases = PyTuple_Pack(1, (PyObject *)_HPyShape_BuiltinBase(spec->builtin_shape));
        if (b.bases == NULL) {
            goto cleanup;
        }
    }
    if (_HPyType_CheckShapeBase(spec, b.bases) < 0) {
        goto cleanup;
    }
    if (spec->builtin_shape == HPyType_BuiltinShape_Legacy) {
        basicsize = spec->basicsize; /* the legacy struct starts with PyObject_HEAD */
    }
    pyspec.name = spec->name;
    pyspec.basicsize = (int)basicsize;
    pyspec.itemsize = spec->itemsize;
    pyspec.flags = (unsigned int)spec->flags;
#if PY_VERSION_HEX >= 0x03090000
    if (b.info->call_offset != 0) {
        pyspec.flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    }
#endif
    pyspec.slots = b.slots;
    if (meta != NULL) {
#if PY_VERSION_HEX >= 0x030C0000
        result = PyType_FromMetaclass((PyTypeObject *)meta, NULL, &pyspec, b.bases);
#else
        /* Before 3.12 no public call creates a type from a spec with another metaclass.
           A metaclass with the layout of `type` (no C data of its own, the usual Python
           metaclass) can take over the new type afterwards; one with C data cannot. */
        PyTypeObject *mt = (PyTypeObject *)meta;
        if (mt->tp_basicsize != PyType_Type.tp_basicsize ||
            mt->tp_itemsize != PyType_Type.tp_itemsize) {
            PyErr_Format(PyExc_NotImplementedError, "HPyType_FromSpec('%s'): a metaclass with "
                         "C data of its own (%s) needs Python 3.12 or later", spec->name,
                         mt->tp_name);
            goto cleanup;
        }
        result = PyType_FromSpecWithBases(&pyspec, b.bases);
        if (result != NULL && mt != Py_TYPE(result)) {
            PyTypeObject *old = Py_TYPE(result);
            Py_INCREF(mt);
#if PY_VERSION_HEX < 0x03090000
            Py_TYPE(result) = mt;
#else
            Py_SET_TYPE(result, mt);
#endif
            Py_DECREF(old);
        }
#endif
    }
    else {
        result = PyType_FromSpecWithBases(&pyspec, b.bases);
    }
    if (result == NULL) {
        goto cleanup;
    }
    b.info->type = (PyTypeObject *)result;
#if PY_VERSION_HEX < 0x03090000
    _HPyType_SetBufferSlots((PyHeapTypeObject *)result, spec);
#endif
    b.info->methods = b.methods;
    b.info->members = b.members;
    b.info->getsets = b.getsets;
    capsule = PyCapsule_New(b.info, "hpy.typeinfo", _HPyTypeInfo_CapsuleDestructor);
    if (capsule == NULL) {
        b.info->type = NULL;
        Py_CLEAR(result);
        goto cleanup;
    }
    /* From here the capsule owns the info and the arrays: releasing it releases them. */
    b.info = NULL;
    b.methods = NULL;
    b.members = NULL;
    b.getsets = NULL;
    if (_HPyTypeRegistry_Add((_HPyTypeInfo *)PyCapsule_GetPointer(capsule, "hpy.typeinfo")) < 0 ||
        PyObject_SetAttrString(result, "__hpy_typeinfo__", capsule) < 0) {
        Py_DECREF(capsule);
        Py_CLEAR(result);
        goto cleanup;
    }
    Py_DECREF(capsule);

cleanup:
    _HPyTypeBuild_Free(&b);
    return _py2h(result);
}

#endif /* _HPY_COLD_DECLARE_ONLY */

#endif /* HPY_CPYTHON_TYPE_FROM_SPEC_H */
