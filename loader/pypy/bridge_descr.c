/* hpy0 getsets and members as descriptors made by the bridge.

   PyPy 7.3.11's own HPy descriptors cannot carry hpy0's semantics: its getset_descriptor
   drops what an impl reports (a getter's HPy_NULL reads as None, a setter's -1 is
   ignored) and refuses deletion instead of calling the setter with HPy_NULL; its
   hpy_member_descriptor raises NotImplementedError for HPyField members
   (HPyMember_OBJECT, _OBJECT_EX) and fails on unsigned values above 2**63. So each
   HPyDef_GETSET / HPyDef_MEMBER of an hpy0 type becomes an instance of one of two types
   made here, getset_descriptor and member_descriptor, set on the new type. They are data
   descriptors whose __get__, __set__ and __delete__ are ordinary HPy methods (on PyPy a
   special method is a type attribute like any other), so an error an impl reports
   propagates like a method's. Member reads and writes follow CPython's member rules. */
#include "pypy/bridge.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const HPyDef *def;  /* the hpy0 getset or member (static in the extension) */
    const char *owner;  /* the owning type's spec name, for messages */
    HPyField objclass;  /* the owning type: instances it applies to */
    int legacy;         /* member offsets count from the object's start */
} descr_object;

enum { DESCR_GETSET, DESCR_MEMBER, DESCR_NKINDS };

/* The two descriptor types, per PyPy context, made when the bridge binds the context
   (hpykit_pp_descr_init): handles kept open for good must predate any debug-mode leak
   check. (Not HPyGlobals: PyPy 0.0.4 only knows the globals a module definition lists;
   others all share one slot.) */
#define MAX_CONTEXTS 4
static struct {
    hpykit_ctx004 *pp;
    HPy type[DESCR_NKINDS];
} types[MAX_CONTEXTS];

static descr_object *as_descr(hpykit_ctx004 *pp, HPy self)
{
    return (descr_object *)pp->ctx_AsStruct(pp, self);
}

static void error(hpykit_ctx004 *pp, HPy type, const char *fmt, const char *a, const char *b,
                  const char *c)
{
    char message[512];
    snprintf(message, sizeof(message), fmt, a, b, c);
    pp->ctx_Err_SetString(pp, type, message);
}

/* The __name__ of obj's type into buf ("?" if it has none). */
static const char *type_name_of(hpykit_ctx004 *pp, HPy obj, char *buf, size_t size)
{
    HPy type = pp->ctx_Type(pp, obj);
    HPy name = HPy_IsNull(type) ? HPy_NULL : pp->ctx_GetAttr_s(pp, type, "__name__");
    HPy_ssize_t n;
    const char *utf8 = HPy_IsNull(name) ? NULL : pp->ctx_Unicode_AsUTF8AndSize(pp, name, &n);
    snprintf(buf, size, "%s", utf8 != NULL ? utf8 : "?");
    if (utf8 == NULL) {
        pp->ctx_Err_Clear(pp);
    }
    if (!HPy_IsNull(name)) {
        pp->ctx_Close(pp, name);
    }
    if (!HPy_IsNull(type)) {
        pp->ctx_Close(pp, type);
    }
    return buf;
}

static const char *descr_name(const descr_object *d)
{
    return d->def->kind == HPyDef_Kind_Member ? d->def->member.name : d->def->getset.name;
}

static const char *descr_doc(const descr_object *d)
{
    return d->def->kind == HPyDef_Kind_Member ? d->def->member.doc : d->def->getset.doc;
}

/* 0: obj is an instance of the owning type; -1 with TypeError set otherwise. */
static int check_applies(hpykit_ctx004 *pp, HPy self, const descr_object *d, HPy obj)
{
    HPy type = pp->ctx_Field_Load(pp, self, d->objclass);
    char tname[128];
    int ok;
    if (HPy_IsNull(type)) {
        return -1;
    }
    ok = pp->ctx_TypeCheck(pp, obj, type);
    pp->ctx_Close(pp, type);
    if (ok) {
        return 0;
    }
    error(pp, pp->h_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
          descr_name(d), d->owner, type_name_of(pp, obj, tname, sizeof(tname)));
    return -1;
}

/* __get__(obj, type=None): the checks every descriptor makes. 1: return the descriptor
   itself; 0: read obj; -1: error set. */
static int get_args(hpykit_ctx004 *pp, HPy self, const descr_object *d, HPy *args,
                    HPy_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "__get__ expected 1 or 2 arguments");
        return -1;
    }
    if (pp->ctx_Is(pp, args[0], pp->h_None)) {
        if (nargs < 2 || pp->ctx_Is(pp, args[1], pp->h_None)) {
            pp->ctx_Err_SetString(pp, pp->h_TypeError, "__get__(None, None) is invalid");
            return -1;
        }
        return 1;
    }
    return check_applies(pp, self, d, args[0]);
}

/* ---- getset_descriptor ---------------------------------------------------------------- */

static HPy getset_get(hpykit_ctx004 *pp, HPy self, HPy *args, HPy_ssize_t nargs)
{
    descr_object *d = as_descr(pp, self);
    const HPyGetSet *gs = &d->def->getset;
    hpykit_pp_mode *mode;
    int r = get_args(pp, self, d, args, nargs);
    if (r != 0) {
        return r > 0 ? pp->ctx_Dup(pp, self) : HPy_NULL;
    }
    if (gs->getter_impl == NULL) {
        error(pp, pp->h_AttributeError, "attribute '%s' of '%s' objects is not readable%s",
              gs->name, d->owner, "");
        return HPy_NULL;
    }
    mode = hpykit_pp_mode_for(pp);
    if (mode == NULL) {
        return HPy_NULL;
    }
    return ((HPyFunc_getter)(void (*)(void))gs->getter_impl)(&mode->ctx, args[0], gs->closure);
}

/* value HPy_NULL: delete */
static HPy getset_store(hpykit_ctx004 *pp, HPy self, HPy obj, HPy value)
{
    descr_object *d = as_descr(pp, self);
    const HPyGetSet *gs = &d->def->getset;
    hpykit_pp_mode *mode;
    if (check_applies(pp, self, d, obj) < 0) {
        return HPy_NULL;
    }
    if (gs->setter_impl == NULL) {
        error(pp, pp->h_AttributeError, "attribute '%s' of '%s' objects is not writable%s",
              gs->name, d->owner, "");
        return HPy_NULL;
    }
    mode = hpykit_pp_mode_for(pp);
    if (mode == NULL) {
        return HPy_NULL;
    }
    if (((HPyFunc_setter)(void (*)(void))gs->setter_impl)(&mode->ctx, obj, value, gs->closure) < 0) {
        if (!pp->ctx_Err_Occurred(pp)) {
            error(pp, pp->h_SystemError, "setter of '%s' of '%s' objects returned -1 without "
                  "setting an exception%s", gs->name, d->owner, "");
        }
        return HPy_NULL;
    }
    return pp->ctx_Dup(pp, pp->h_None);
}

/* ---- member_descriptor: reads ----------------------------------------------------------- */

static char *member_address(hpykit_ctx004 *pp, const descr_object *d, HPy obj)
{
    char *base = (char *)(d->legacy ? pp->ctx_AsStructLegacy(pp, obj) : pp->ctx_AsStruct(pp, obj));
    if (base == NULL) {
        if (!pp->ctx_Err_Occurred(pp)) {
            error(pp, pp->h_SystemError, "member '%s' of '%s' objects: the object has no "
                  "struct%s", d->def->member.name, d->owner, "");
        }
        return NULL;
    }
    return base + d->def->member.offset;
}

static HPy no_attribute(hpykit_ctx004 *pp, const descr_object *d)
{
    error(pp, pp->h_AttributeError, "'%s' object has no attribute '%s'%s", d->owner,
          d->def->member.name, "");
    return HPy_NULL;
}

static HPy member_read(hpykit_ctx004 *pp, const descr_object *d, HPy obj)
{
    char *addr = member_address(pp, d, obj);
    HPyField field;
    if (addr == NULL) {
        return HPy_NULL;
    }
    switch (d->def->member.type) {
    case HPyMember_SHORT:
        return pp->ctx_Long_FromLong(pp, *(short *)addr);
    case HPyMember_INT:
        return pp->ctx_Long_FromLong(pp, *(int *)addr);
    case HPyMember_LONG:
        return pp->ctx_Long_FromLong(pp, *(long *)addr);
    case HPyMember_FLOAT:
        return pp->ctx_Float_FromDouble(pp, *(float *)addr);
    case HPyMember_DOUBLE:
        return pp->ctx_Float_FromDouble(pp, *(double *)addr);
    case HPyMember_STRING:
        if (*(const char **)addr == NULL) {
            return pp->ctx_Dup(pp, pp->h_None);
        }
        return pp->ctx_Unicode_FromString(pp, *(const char **)addr);
    case HPyMember_STRING_INPLACE:
        return pp->ctx_Unicode_FromString(pp, addr);
    case HPyMember_CHAR:
        return pp->ctx_Unicode_DecodeASCII(pp, addr, 1, NULL);
    case HPyMember_BYTE:
        return pp->ctx_Long_FromLong(pp, *(signed char *)addr);
    case HPyMember_UBYTE:
        return pp->ctx_Long_FromLong(pp, *(unsigned char *)addr);
    case HPyMember_USHORT:
        return pp->ctx_Long_FromLong(pp, *(unsigned short *)addr);
    case HPyMember_UINT:
        return pp->ctx_Long_FromUnsignedLong(pp, *(unsigned int *)addr);
    case HPyMember_ULONG:
        return pp->ctx_Long_FromUnsignedLong(pp, *(unsigned long *)addr);
    case HPyMember_BOOL:
        return pp->ctx_Bool_FromLong(pp, *(char *)addr != 0);
    case HPyMember_LONGLONG:
        return pp->ctx_Long_FromLongLong(pp, *(long long *)addr);
    case HPyMember_ULONGLONG:
        return pp->ctx_Long_FromUnsignedLongLong(pp, *(unsigned long long *)addr);
    case HPyMember_HPYSSIZET:
        return pp->ctx_Long_FromSsize_t(pp, *(HPy_ssize_t *)addr);
    case HPyMember_NONE:
        return pp->ctx_Dup(pp, pp->h_None);
    case HPyMember_OBJECT:
    case HPyMember_OBJECT_EX:
        field = *(HPyField *)addr;
        if (field._i == 0) {
            /* PyPy's Field_Load of an empty field crashes: never ask it */
            if (d->def->member.type == HPyMember_OBJECT_EX) {
                return no_attribute(pp, d);
            }
            return pp->ctx_Dup(pp, pp->h_None);
        }
        return pp->ctx_Field_Load(pp, obj, field);
    default:
        error(pp, pp->h_SystemError, "member '%s' of '%s' objects: bad member type%s",
              d->def->member.name, d->owner, "");
        return HPy_NULL;
    }
}

static HPy member_get(hpykit_ctx004 *pp, HPy self, HPy *args, HPy_ssize_t nargs)
{
    descr_object *d = as_descr(pp, self);
    int r = get_args(pp, self, d, args, nargs);
    if (r != 0) {
        return r > 0 ? pp->ctx_Dup(pp, self) : HPy_NULL;
    }
    return member_read(pp, d, args[0]);
}

/* ---- member_descriptor: writes ---------------------------------------------------------- */

static int warn(hpykit_ctx004 *pp, const char *message)
{
    return pp->ctx_Err_WarnEx(pp, pp->h_RuntimeWarning, message, 1);
}

/* value as a C long; 0, or -1 with an error set */
static int as_long(hpykit_ctx004 *pp, HPy value, long *out)
{
    *out = pp->ctx_Long_AsLong(pp, value);
    return (*out == -1 && pp->ctx_Err_Occurred(pp)) ? -1 : 0;
}

/* A C long stored into a narrower field: stored truncated, with a RuntimeWarning when it
   does not fit (CPython's rule). */
#define STORE_NARROW(CTYPE, MIN, MAX, WHAT)                                               \
    do {                                                                                  \
        long v_;                                                                          \
        if (as_long(pp, value, &v_) < 0) {                                                \
            return -1;                                                                    \
        }                                                                                 \
        *(CTYPE *)addr = (CTYPE)v_;                                                       \
        if (v_ < (long)(MIN) || v_ > (long)(MAX)) {                                       \
            return warn(pp, "Truncation of value to " WHAT);                              \
        }                                                                                 \
        return 0;                                                                         \
    } while (0)

/* unsigned long and unsigned int: negative values are accepted, with a RuntimeWarning */
static int as_unsigned_long(hpykit_ctx004 *pp, HPy value, unsigned long *out)
{
    long v;
    *out = pp->ctx_Long_AsUnsignedLong(pp, value);
    if (!(*out == (unsigned long)-1 && pp->ctx_Err_Occurred(pp))) {
        return 0;
    }
    pp->ctx_Err_Clear(pp);
    if (as_long(pp, value, &v) < 0) {
        return -1;
    }
    *out = (unsigned long)v;
    return warn(pp, "Writing negative value into unsigned field") < 0 ? -1 : 0;
}

static int member_write_value(hpykit_ctx004 *pp, const descr_object *d, char *addr, HPy value)
{
    const char *utf8;
    HPy_ssize_t len;
    double dv;
    switch (d->def->member.type) {
    case HPyMember_BOOL:
        if (!pp->ctx_TypeCheck(pp, value, pp->h_BoolType)) {
            pp->ctx_Err_SetString(pp, pp->h_TypeError, "attribute value type must be bool");
            return -1;
        }
        *(char *)addr = (char)pp->ctx_Is(pp, value, pp->h_True);
        return 0;
    case HPyMember_BYTE:
        STORE_NARROW(signed char, SCHAR_MIN, SCHAR_MAX, "char");
    case HPyMember_UBYTE:
        STORE_NARROW(unsigned char, 0, UCHAR_MAX, "unsigned char");
    case HPyMember_SHORT:
        STORE_NARROW(short, SHRT_MIN, SHRT_MAX, "short");
    case HPyMember_USHORT:
        STORE_NARROW(unsigned short, 0, USHRT_MAX, "unsigned short");
    case HPyMember_INT:
        STORE_NARROW(int, INT_MIN, INT_MAX, "int");
    case HPyMember_UINT: {
        unsigned long v;
        if (as_unsigned_long(pp, value, &v) < 0) {
            return -1;
        }
        *(unsigned int *)addr = (unsigned int)v;
        return v > UINT_MAX ? warn(pp, "Truncation of value to unsigned int") : 0;
    }
    case HPyMember_LONG:
        return as_long(pp, value, (long *)addr);
    case HPyMember_ULONG:
        return as_unsigned_long(pp, value, (unsigned long *)addr);
    case HPyMember_HPYSSIZET: {
        HPy_ssize_t v = pp->ctx_Long_AsSsize_t(pp, value);
        if (v == -1 && pp->ctx_Err_Occurred(pp)) {
            return -1;
        }
        *(HPy_ssize_t *)addr = v;
        return 0;
    }
    case HPyMember_LONGLONG: {
        long long v = pp->ctx_Long_AsLongLong(pp, value);
        if (v == -1 && pp->ctx_Err_Occurred(pp)) {
            return -1;
        }
        *(long long *)addr = v;
        return 0;
    }
    case HPyMember_ULONGLONG: {
        unsigned long long v;
        if (pp->ctx_TypeCheck(pp, value, pp->h_LongType)) {
            v = pp->ctx_Long_AsUnsignedLongLong(pp, value);
        }
        else {
            v = (unsigned long long)pp->ctx_Long_AsLongLong(pp, value);
        }
        if (v == (unsigned long long)-1 && pp->ctx_Err_Occurred(pp)) {
            return -1;
        }
        *(unsigned long long *)addr = v;
        return 0;
    }
    case HPyMember_FLOAT:
    case HPyMember_DOUBLE:
        dv = pp->ctx_Float_AsDouble(pp, value);
        if (dv == -1.0 && pp->ctx_Err_Occurred(pp)) {
            return -1;
        }
        if (d->def->member.type == HPyMember_FLOAT) {
            *(float *)addr = (float)dv;
        }
        else {
            *(double *)addr = dv;
        }
        return 0;
    case HPyMember_CHAR:
        utf8 = pp->ctx_Unicode_Check(pp, value) ?
               pp->ctx_Unicode_AsUTF8AndSize(pp, value, &len) : NULL;
        if (utf8 == NULL || len != 1) {
            pp->ctx_Err_Clear(pp);
            pp->ctx_Err_SetString(pp, pp->h_TypeError,
                                  "bad argument type for built-in operation");
            return -1;
        }
        *addr = utf8[0];
        return 0;
    default: /* HPyMember_OBJECT and _OBJECT_EX are stored by member_store */
        error(pp, pp->h_SystemError, "member '%s' of '%s' objects: bad member type%s",
              d->def->member.name, d->owner, "");
        return -1;
    }
}

/* value HPy_NULL: delete */
static HPy member_store(hpykit_ctx004 *pp, HPy self, HPy obj, HPy value)
{
    descr_object *d = as_descr(pp, self);
    const HPyMember *m = &d->def->member;
    char *addr;
    if (check_applies(pp, self, d, obj) < 0) {
        return HPy_NULL;
    }
    if (m->readonly || m->type == HPyMember_NONE) {
        pp->ctx_Err_SetString(pp, pp->h_AttributeError, "readonly attribute");
        return HPy_NULL;
    }
    if (m->type == HPyMember_STRING || m->type == HPyMember_STRING_INPLACE) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "readonly attribute");
        return HPy_NULL;
    }
    addr = member_address(pp, d, obj);
    if (addr == NULL) {
        return HPy_NULL;
    }
    if (m->type == HPyMember_OBJECT || m->type == HPyMember_OBJECT_EX) {
        HPyField *field = (HPyField *)addr;
        if (HPy_IsNull(value) && m->type == HPyMember_OBJECT_EX && field->_i == 0) {
            return no_attribute(pp, d);
        }
        if (HPy_IsNull(value) && field->_i == 0) {
            return pp->ctx_Dup(pp, pp->h_None);
        }
        pp->ctx_Field_Store(pp, obj, field, value);
        return pp->ctx_Dup(pp, pp->h_None);
    }
    if (HPy_IsNull(value)) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "can't delete numeric/char attribute");
        return HPy_NULL;
    }
    if (member_write_value(pp, d, addr, value) < 0) {
        return HPy_NULL;
    }
    return pp->ctx_Dup(pp, pp->h_None);
}

/* ---- the methods both types share ----------------------------------------------------- */

static HPy descr_set(hpykit_ctx004 *pp, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "__set__ expected 2 arguments");
        return HPy_NULL;
    }
    if (as_descr(pp, self)->def->kind == HPyDef_Kind_Member) {
        return member_store(pp, self, args[0], args[1]);
    }
    return getset_store(pp, self, args[0], args[1]);
}

static HPy descr_delete(hpykit_ctx004 *pp, HPy self, HPy obj)
{
    if (as_descr(pp, self)->def->kind == HPyDef_Kind_Member) {
        return member_store(pp, self, obj, HPy_NULL);
    }
    return getset_store(pp, self, obj, HPy_NULL);
}

static HPy descr_repr(hpykit_ctx004 *pp, HPy self)
{
    descr_object *d = as_descr(pp, self);
    char message[512];
    snprintf(message, sizeof(message), "<%s '%s' of '%s' objects>",
             d->def->kind == HPyDef_Kind_Member ? "member" : "attribute", descr_name(d),
             d->owner);
    return pp->ctx_Unicode_FromString(pp, message);
}

static HPy descr_get_doc(hpykit_ctx004 *pp, HPy self, void *closure)
{
    const char *doc = descr_doc(as_descr(pp, self));
    (void)closure;
    return doc == NULL ? pp->ctx_Dup(pp, pp->h_None) : pp->ctx_Unicode_FromString(pp, doc);
}

static HPy descr_get_name(hpykit_ctx004 *pp, HPy self, void *closure)
{
    (void)closure;
    return pp->ctx_Unicode_FromString(pp, descr_name(as_descr(pp, self)));
}

static HPy descr_get_objclass(hpykit_ctx004 *pp, HPy self, void *closure)
{
    (void)closure;
    return pp->ctx_Field_Load(pp, self, as_descr(pp, self)->objclass);
}

static int descr_traverse(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((descr_object *)self)->objclass);
    return 0;
}

#define FUNC(F) ((HPyCFunction)(void (*)(void))(F))

static hpykit_def004 getset_get_def = {
    .kind = HPyDef_Kind_Meth,
    .meth = {.name = "__get__", .impl = FUNC(getset_get), .signature = HPyFunc_VARARGS},
};
static hpykit_def004 member_get_def = {
    .kind = HPyDef_Kind_Meth,
    .meth = {.name = "__get__", .impl = FUNC(member_get), .signature = HPyFunc_VARARGS},
};
static hpykit_def004 set_def = {
    .kind = HPyDef_Kind_Meth,
    .meth = {.name = "__set__", .impl = FUNC(descr_set), .signature = HPyFunc_VARARGS},
};
static hpykit_def004 delete_def = {
    .kind = HPyDef_Kind_Meth,
    .meth = {.name = "__delete__", .impl = FUNC(descr_delete), .signature = HPyFunc_O},
};
static hpykit_def004 traverse_def = {
    .kind = HPyDef_Kind_Slot,
    .slot = {.slot = HPy_tp_traverse, .impl = FUNC(descr_traverse)},
};
static hpykit_def004 repr_def = {
    .kind = HPyDef_Kind_Slot,
    .slot = {.slot = HPy_tp_repr, .impl = FUNC(descr_repr)},
};
static hpykit_def004 doc_def = {
    .kind = HPyDef_Kind_GetSet,
    .getset = {.name = "__doc__", .getter_impl = FUNC(descr_get_doc)},
};
static hpykit_def004 name_def = {
    .kind = HPyDef_Kind_GetSet,
    .getset = {.name = "__name__", .getter_impl = FUNC(descr_get_name)},
};
static hpykit_def004 qualname_def = {
    .kind = HPyDef_Kind_GetSet,
    .getset = {.name = "__qualname__", .getter_impl = FUNC(descr_get_name)},
};
static hpykit_def004 objclass_def = {
    .kind = HPyDef_Kind_GetSet,
    .getset = {.name = "__objclass__", .getter_impl = FUNC(descr_get_objclass)},
};

static hpykit_def004 *getset_defines[] = {&getset_get_def, &set_def, &delete_def, &repr_def,
                                          &traverse_def, &doc_def, &name_def, &qualname_def, &objclass_def,
                                          NULL};
static hpykit_def004 *member_defines[] = {&member_get_def, &set_def, &delete_def, &repr_def,
                                          &traverse_def, &doc_def, &name_def, &qualname_def, &objclass_def,
                                          NULL};

static hpykit_typespec004 specs[DESCR_NKINDS] = {
    [DESCR_GETSET] = {.name = "hpykit.getset_descriptor", .basicsize = sizeof(descr_object),
                      .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC, .defines = getset_defines},
    [DESCR_MEMBER] = {.name = "hpykit.member_descriptor", .basicsize = sizeof(descr_object),
                      .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC, .defines = member_defines},
};

int hpykit_pp_descr_init(hpykit_ctx004 *pp)
{
    int i, kind;
    for (i = 0; i < MAX_CONTEXTS && types[i].pp != NULL; i++) {
        if (types[i].pp == pp) {
            return 0;
        }
    }
    if (i == MAX_CONTEXTS) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "hpykit: too many PyPy HPy contexts");
        return -1;
    }
    for (kind = 0; kind < DESCR_NKINDS; kind++) {
        types[i].type[kind] = pp->ctx_Type_FromSpec(pp, &specs[kind], NULL);
        if (HPy_IsNull(types[i].type[kind])) {
            if (kind > 0) {
                pp->ctx_Close(pp, types[i].type[0]);
            }
            return -1;
        }
    }
    types[i].pp = pp;
    return 0;
}

/* The descriptor type of that kind for context pp (not a new handle). */
static HPy descr_type(hpykit_ctx004 *pp, int kind)
{
    int i;
    for (i = 0; i < MAX_CONTEXTS; i++) {
        if (types[i].pp == pp) {
            return types[i].type[kind];
        }
    }
    pp->ctx_Err_SetString(pp, pp->h_SystemError, "hpykit: no descriptor types for this PyPy "
                          "HPy context");
    return HPy_NULL;
}

/* ---- on a new type ---------------------------------------------------------------------- */

int hpykit_pp_add_descriptors(hpykit_pp_mode *mode, HPy type, const HPyType_Spec *spec)
{
    hpykit_ctx004 *pp = mode->pp;
    HPyDef **defs;
    for (defs = spec->defines; defs != NULL && *defs != NULL; defs++) {
        const HPyDef *def = *defs;
        descr_object *d;
        HPy dtype, descr;
        int set;
        if (def->kind != HPyDef_Kind_Member && def->kind != HPyDef_Kind_GetSet) {
            continue;
        }
        dtype = descr_type(pp, def->kind == HPyDef_Kind_Member ? DESCR_MEMBER : DESCR_GETSET);
        if (HPy_IsNull(dtype)) {
            return -1;
        }
        descr = pp->ctx_New(pp, dtype, (void **)&d);
        if (HPy_IsNull(descr)) {
            return -1;
        }
        d->def = def;
        d->owner = spec->name;
        d->legacy = spec->builtin_shape == HPyType_BuiltinShape_Legacy;
        pp->ctx_Field_Store(pp, descr, &d->objclass, type);
        set = pp->ctx_SetAttr_s(pp, type, descr_name(d), descr);
        pp->ctx_Close(pp, descr);
        if (set < 0) {
            return -1;
        }
    }
    return 0;
}
