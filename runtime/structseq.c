/* hpykit runtime: HPyStructSequence_UnnamedField, HPyStructSequence_NewType,
 * HPyStructSequence_New.
 *
 * CPython ABI: a real struct sequence (PyStructSequence_NewType). Universal and hybrid
 * builds, and CPython-ABI builds for 3.9 and 3.10 (whose libpython does not export
 * PyStructSequence_UnnamedField: their header declares it without PyAPI_DATA), use only
 * the HPy API: the type is a collections.namedtuple carrying the
 * attributes n_fields, n_sequence_fields and n_unnamed_fields of a struct sequence.
 * Every field is part of the sequence. A field named "_" (HPyStructSequence_UnnamedField)
 * is unnamed: reachable by index only in CPython, by index and as `_<index>` in a
 * namedtuple.
 */
#include "hpy.h" /* first: in CPython builds it includes Python.h */

#include <stdlib.h>
#include <string.h>

const char *const HPyStructSequence_UnnamedField = "_";

#if defined(HPY_ABI_CPYTHON) && !(PY_VERSION_HEX >= 0x03090000 && PY_VERSION_HEX < 0x030B0000)
#  define STRUCTSEQ_NATIVE
#endif

static int
structseq_is_unnamed(const char *name)
{
    return name == HPyStructSequence_UnnamedField || strcmp(name, "_") == 0;
}

static HPy_ssize_t
structseq_count_fields(HPyStructSequence_Desc *desc, HPy_ssize_t *n_unnamed)
{
    HPy_ssize_t n = 0;
    *n_unnamed = 0;
    while (desc->fields != NULL && desc->fields[n].name != NULL) {
        if (structseq_is_unnamed(desc->fields[n].name)) {
            (*n_unnamed)++;
        }
        n++;
    }
    return n;
}

static int
structseq_check_desc(HPyContext *ctx, HPyStructSequence_Desc *desc)
{
    if (desc == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "HPyStructSequence_NewType: desc is NULL");
        return -1;
    }
    if (desc->name == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         "HPyStructSequence_NewType: desc->name is NULL");
        return -1;
    }
    return 0;
}

#ifdef STRUCTSEQ_NATIVE

HPyAPI_HELPER HPy
HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc)
{
    PyStructSequence_Desc pydesc;
    PyStructSequence_Field *fields;
    PyTypeObject *type;
    HPy_ssize_t i, n, n_unnamed;

    if (structseq_check_desc(ctx, desc) < 0) {
        return HPy_NULL;
    }
    n = structseq_count_fields(desc, &n_unnamed);
    /* CPython copies the names and docs it needs; the array only lives for the call */
    fields = (PyStructSequence_Field *)malloc((size_t)(n + 1) * sizeof(*fields));
    if (fields == NULL) {
        PyErr_NoMemory();
        return HPy_NULL;
    }
    for (i = 0; i < n; i++) {
        fields[i].name = structseq_is_unnamed(desc->fields[i].name)
                             ? PyStructSequence_UnnamedField
                             : desc->fields[i].name;
        fields[i].doc = desc->fields[i].doc;
    }
    fields[n].name = NULL;
    fields[n].doc = NULL;
    pydesc.name = desc->name;
    pydesc.doc = desc->doc;
#if PY_VERSION_HEX < 0x03090000
    /* 3.8's PyStructSequence_NewType hands the doc to strlen: give it "" and make
       __doc__ None afterwards, as later versions have it */
    if (desc->doc == NULL) {
        pydesc.doc = "";
    }
#endif
    pydesc.fields = fields;
    pydesc.n_in_sequence = (int)n;
    type = PyStructSequence_NewType(&pydesc);
    free(fields);
#if PY_VERSION_HEX < 0x03090000
    if (type != NULL && desc->doc == NULL &&
        PyDict_SetItemString(type->tp_dict, "__doc__", Py_None) < 0) {
        Py_CLEAR(type);
    }
#endif
    return _py2h((PyObject *)type);
}

#else /* universal, hybrid, and the CPython ABI on 3.9 and 3.10: HPy API only */

/* Sets n_fields, n_sequence_fields, n_unnamed_fields, the docs of the type and fields. */
static int
structseq_decorate(HPyContext *ctx, HPy type, HPyStructSequence_Desc *desc, HPy_ssize_t n,
                   HPy_ssize_t n_unnamed)
{
    static const char *const counts[] = {"n_fields", "n_sequence_fields", "n_unnamed_fields"};
    HPy value, getter;
    HPy_ssize_t i;
    int rc;

    for (i = 0; i < 3; i++) {
        value = HPyLong_FromSsize_t(ctx, i == 2 ? n_unnamed : n);
        if (HPy_IsNull(value)) {
            return -1;
        }
        rc = HPy_SetAttr_s(ctx, type, counts[i], value);
        HPy_Close(ctx, value);
        if (rc < 0) {
            return -1;
        }
    }
    if (desc->doc != NULL) {
        value = HPyUnicode_FromString(ctx, desc->doc);
        if (HPy_IsNull(value)) {
            return -1;
        }
        rc = HPy_SetAttr_s(ctx, type, "__doc__", value);
        HPy_Close(ctx, value);
        if (rc < 0) {
            return -1;
        }
    }
    for (i = 0; i < n; i++) {
        HPyStructSequence_Field *f = &desc->fields[i];
        if (f->doc == NULL || structseq_is_unnamed(f->name)) {
            continue;
        }
        getter = HPy_GetAttr_s(ctx, type, f->name);
        if (HPy_IsNull(getter)) {
            return -1;
        }
        value = HPyUnicode_FromString(ctx, f->doc);
        rc = HPy_IsNull(value) ? -1 : HPy_SetAttr_s(ctx, getter, "__doc__", value);
        if (!HPy_IsNull(value)) {
            HPy_Close(ctx, value);
        }
        HPy_Close(ctx, getter);
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

HPyAPI_HELPER HPy
HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc)
{
    HPy collections = HPy_NULL, namedtuple = HPy_NULL, names = HPy_NULL, item = HPy_NULL;
    HPy args = HPy_NULL, kw = HPy_NULL, type = HPy_NULL, result = HPy_NULL;
    HPy_ssize_t i, n, n_unnamed;
    const char *dot, *short_name;

    if (structseq_check_desc(ctx, desc) < 0) {
        return HPy_NULL;
    }
    n = structseq_count_fields(desc, &n_unnamed);
    dot = strrchr(desc->name, '.');
    short_name = dot != NULL ? dot + 1 : desc->name;

    collections = HPyImport_ImportModule(ctx, "collections");
    if (HPy_IsNull(collections)) {
        goto cleanup;
    }
    namedtuple = HPy_GetAttr_s(ctx, collections, "namedtuple");
    if (HPy_IsNull(namedtuple)) {
        goto cleanup;
    }
    names = HPyList_New(ctx, 0);
    if (HPy_IsNull(names)) {
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        /* rename=True turns each "_" into "_<index>" */
        item = HPyUnicode_FromString(ctx, desc->fields[i].name);
        if (HPy_IsNull(item) || HPyList_Append(ctx, names, item) < 0) {
            goto cleanup;
        }
        HPy_Close(ctx, item);
        item = HPy_NULL;
    }
    item = HPyUnicode_FromString(ctx, short_name);
    if (HPy_IsNull(item)) {
        goto cleanup;
    }
    args = HPyTuple_Pack(ctx, 2, item, names);
    HPy_Close(ctx, item);
    item = HPy_NULL;
    if (HPy_IsNull(args)) {
        goto cleanup;
    }
    kw = HPyDict_New(ctx);
    if (HPy_IsNull(kw) || HPy_SetItem_s(ctx, kw, "rename", ctx->h_True) < 0) {
        goto cleanup;
    }
    if (dot != NULL) {
        size_t len = (size_t)(dot - desc->name);
        char *module = (char *)malloc(len + 1);
        if (module == NULL) {
            HPyErr_NoMemory(ctx);
            goto cleanup;
        }
        memcpy(module, desc->name, len);
        module[len] = '\0';
        item = HPyUnicode_FromString(ctx, module);
        free(module);
    }
    else {
        item = HPyUnicode_FromString(ctx, "builtins");
    }
    if (HPy_IsNull(item) || HPy_SetItem_s(ctx, kw, "module", item) < 0) {
        goto cleanup;
    }
    type = HPy_CallTupleDict(ctx, namedtuple, args, kw);
    if (HPy_IsNull(type) || structseq_decorate(ctx, type, desc, n, n_unnamed) < 0) {
        goto cleanup;
    }
    result = type;
    type = HPy_NULL;

cleanup:
    if (!HPy_IsNull(type)) {
        HPy_Close(ctx, type);
    }
    if (!HPy_IsNull(item)) {
        HPy_Close(ctx, item);
    }
    if (!HPy_IsNull(kw)) {
        HPy_Close(ctx, kw);
    }
    if (!HPy_IsNull(args)) {
        HPy_Close(ctx, args);
    }
    if (!HPy_IsNull(names)) {
        HPy_Close(ctx, names);
    }
    if (!HPy_IsNull(namedtuple)) {
        HPy_Close(ctx, namedtuple);
    }
    if (!HPy_IsNull(collections)) {
        HPy_Close(ctx, collections);
    }
    return result;
}

#endif /* STRUCTSEQ_NATIVE */

/* The number of fields of a type made by HPyStructSequence_NewType, or -1 (TypeError). */
static HPy_ssize_t
structseq_n_fields(HPyContext *ctx, HPy type)
{
    HPy n_fields;
    HPy_ssize_t n;

    if (!HPy_TypeCheck(ctx, type, ctx->h_TypeType) ||
        !HPyType_IsSubtype(ctx, type, ctx->h_TupleType) ||
        !HPy_HasAttr_s(ctx, type, "n_fields")) {
        HPyErr_SetString(ctx, ctx->h_TypeError,
                         "HPyStructSequence_New: the type is not a struct sequence "
                         "(no n_fields attribute)");
        return -1;
    }
    n_fields = HPy_GetAttr_s(ctx, type, "n_fields");
    if (HPy_IsNull(n_fields)) {
        return -1;
    }
    n = HPyLong_AsSsize_t(ctx, n_fields);
    HPy_Close(ctx, n_fields);
    return n;
}

HPyAPI_HELPER HPy
HPyStructSequence_New(HPyContext *ctx, HPy type, HPy_ssize_t nargs, HPy *args)
{
    HPy_ssize_t n = structseq_n_fields(ctx, type);

    if (n < 0) {
        return HPy_NULL;
    }
    if (nargs != n || (nargs > 0 && args == NULL)) {
        HPyErr_Format(ctx, ctx->h_TypeError,
                      "HPyStructSequence_New: '%s' needs %zd items, got %zd",
                      HPyType_GetName(ctx, type), n, nargs);
        return HPy_NULL;
    }
#ifdef STRUCTSEQ_NATIVE
    {
        PyObject *obj = PyStructSequence_New((PyTypeObject *)_h2py(type));
        HPy_ssize_t i;
        if (obj == NULL) {
            return HPy_NULL;
        }
        for (i = 0; i < n; i++) {
            PyObject *item = _h2py(args[i]);
            Py_INCREF(item);
            PyStructSequence_SetItem(obj, i, item);
        }
        return _py2h(obj);
    }
#else
    {
        HPy tuple = HPyTuple_FromArray(ctx, args, nargs), result;
        if (HPy_IsNull(tuple)) {
            return HPy_NULL;
        }
        result = HPy_CallTupleDict(ctx, type, tuple, HPy_NULL);
        HPy_Close(ctx, tuple);
        return result;
    }
#endif
}
