/* Capsules on PyPy. PyPy's HPy 0.0.4 has none, and cpyext's PyCapsule cannot be read
   without cpyext: the bridge makes its own type, "PyCapsule", whose C struct holds what
   a CPython capsule holds; the hpy0 destructor runs from the type's HPy_tp_destroy when
   PyPy frees the object. The errors are CPython's (ValueError naming the PyCapsule_*
   function).

   One type serves both of PyPy's contexts: the first context to need it makes it and
   leaves it as hpykit.universal._PyCapsule, where the other finds it. */
#include "pypy/bridge.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    void *pointer;
    const char *name;
    void *context;
    HPyCapsule_Destructor *destructor;
} capsule_data;

static void capsule_destroy(void *obj)
{
    capsule_data *c = (capsule_data *)obj;
    if (c->destructor != NULL && c->destructor->impl != NULL) {
        c->destructor->impl(c->name, c->pointer, c->context);
    }
}

static HPyDef capsule_destroy_def = {
    .kind = HPyDef_Kind_Slot,
    .slot = {
        .slot = HPy_tp_destroy,
        .impl = (HPyCFunction)(void (*)(void))capsule_destroy,
        .cpy_trampoline = NULL,
    },
};

static hpykit_def004 *capsule_defines[] = {&capsule_destroy_def, NULL};

static hpykit_typespec004 capsule_spec = {
    .name = "PyCapsule",
    .basicsize = (int)sizeof(capsule_data),
    .itemsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT,
    .legacy = 0,
    .legacy_slots = NULL,
    .defines = capsule_defines,
    .doc = "Capsule objects of hpy0 extensions on PyPy (made by hpykit's bridge).",
};

#define HOLDER "hpykit.universal"
#define HOLDER_ATTR "_PyCapsule"

int hpykit_pp_capsule_init(hpykit_pp_mode *mode);

int hpykit_pp_capsule_init(hpykit_pp_mode *mode)
{
    hpykit_ctx004 *pp = mode->pp;
    HPy holder = pp->ctx_Import_ImportModule(pp, HOLDER), type;
    if (HPy_IsNull(holder)) {
        return -1;
    }
    if (pp->ctx_HasAttr_s(pp, holder, HOLDER_ATTR)) {
        type = pp->ctx_GetAttr_s(pp, holder, HOLDER_ATTR);
    }
    else {
        type = pp->ctx_Type_FromSpec(pp, &capsule_spec, NULL);
        if (!HPy_IsNull(type) && pp->ctx_SetAttr_s(pp, holder, HOLDER_ATTR, type) < 0) {
            pp->ctx_Close(pp, type);
            type = HPy_NULL;
        }
    }
    pp->ctx_Close(pp, holder);
    mode->capsule_type = type;
    return HPy_IsNull(type) ? -1 : 0;
}

/* ---- the members --------------------------------------------------------------------- */

static void value_error(hpykit_ctx004 *pp, const char *api, const char *what)
{
    char message[128];
    snprintf(message, sizeof(message), "%s called with %s", api, what);
    pp->ctx_Err_SetString(pp, pp->h_ValueError, message);
}

/* The capsule's data, or NULL with ValueError if obj is not a capsule. */
static capsule_data *data_of(HPyContext *ctx, HPy obj, const char *api)
{
    hpykit_ctx004 *pp = PP(ctx);
    capsule_data *c = NULL;
    if (!HPy_IsNull(obj) && pp->ctx_TypeCheck(pp, obj, ctx->h_CapsuleType)) {
        c = (capsule_data *)pp->ctx_AsStruct(pp, obj);
    }
    if (c == NULL || c->pointer == NULL) {
        value_error(pp, api, "invalid PyCapsule object");
        return NULL;
    }
    return c;
}

static int name_matches(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        return a == b;
    }
    return strcmp(a, b) == 0;
}

static int check_destructor(hpykit_ctx004 *pp, HPyCapsule_Destructor *destructor,
                            const char *api)
{
    char message[160];
    if (destructor == NULL || destructor->impl != NULL) {
        return 0;
    }
    snprintf(message, sizeof(message), "%s: the destructor needs an impl (define it with "
             "HPyCapsule_DESTRUCTOR)", api);
    pp->ctx_Err_SetString(pp, pp->h_ValueError, message);
    return -1;
}

HPy pp_ctx_Capsule_New(HPyContext *ctx, void *pointer, const char *utf8_name,
                       HPyCapsule_Destructor *destructor)
{
    hpykit_ctx004 *pp = PP(ctx);
    capsule_data *c;
    HPy h;
    if (pointer == NULL) {
        value_error(pp, "PyCapsule_New", "null pointer");
        return HPy_NULL;
    }
    if (check_destructor(pp, destructor, "HPyCapsule_New") < 0) {
        return HPy_NULL;
    }
    h = pp->ctx_New(pp, ctx->h_CapsuleType, (void **)&c);
    if (HPy_IsNull(h)) {
        return HPy_NULL;
    }
    c->pointer = pointer;
    c->name = utf8_name;
    c->context = NULL;
    c->destructor = destructor;
    return h;
}

void *pp_ctx_Capsule_Get(HPyContext *ctx, HPy capsule, _HPyCapsule_key key,
                         const char *utf8_name)
{
    hpykit_ctx004 *pp = PP(ctx);
    capsule_data *c;
    switch (key) {
    case HPyCapsule_key_Pointer:
        c = data_of(ctx, capsule, "PyCapsule_GetPointer");
        if (c != NULL && !name_matches(c->name, utf8_name)) {
            value_error(pp, "PyCapsule_GetPointer", "incorrect name");
            return NULL;
        }
        return c == NULL ? NULL : c->pointer;
    case HPyCapsule_key_Name:
        c = data_of(ctx, capsule, "PyCapsule_GetName");
        return c == NULL ? NULL : (void *)c->name;
    case HPyCapsule_key_Context:
        c = data_of(ctx, capsule, "PyCapsule_GetContext");
        return c == NULL ? NULL : c->context;
    case HPyCapsule_key_Destructor:
        pp->ctx_Err_SetString(pp, pp->h_ValueError,
                              "HPyCapsule_Get: the destructor cannot be read");
        return NULL;
    }
    pp->ctx_Err_SetString(pp, pp->h_SystemError, "HPyCapsule_Get: invalid key");
    return NULL;
}

int pp_ctx_Capsule_IsValid(HPyContext *ctx, HPy capsule, const char *utf8_name)
{
    hpykit_ctx004 *pp = PP(ctx);
    capsule_data *c;
    if (HPy_IsNull(capsule) || !pp->ctx_TypeCheck(pp, capsule, ctx->h_CapsuleType)) {
        return 0;
    }
    c = (capsule_data *)pp->ctx_AsStruct(pp, capsule);
    return c != NULL && c->pointer != NULL && name_matches(c->name, utf8_name);
}

int pp_ctx_Capsule_Set(HPyContext *ctx, HPy capsule, _HPyCapsule_key key, void *value)
{
    hpykit_ctx004 *pp = PP(ctx);
    capsule_data *c;
    switch (key) {
    case HPyCapsule_key_Pointer:
        if (value == NULL) {
            value_error(pp, "PyCapsule_SetPointer", "null pointer");
            return -1;
        }
        c = data_of(ctx, capsule, "PyCapsule_SetPointer");
        if (c != NULL) {
            c->pointer = value;
        }
        break;
    case HPyCapsule_key_Name:
        c = data_of(ctx, capsule, "PyCapsule_SetName");
        if (c != NULL) {
            c->name = (const char *)value;
        }
        break;
    case HPyCapsule_key_Context:
        c = data_of(ctx, capsule, "PyCapsule_SetContext");
        if (c != NULL) {
            c->context = value;
        }
        break;
    case HPyCapsule_key_Destructor:
        if (check_destructor(pp, (HPyCapsule_Destructor *)value,
                             "HPyCapsule_SetDestructor") < 0) {
            return -1;
        }
        c = data_of(ctx, capsule, "PyCapsule_SetDestructor");
        if (c != NULL) {
            c->destructor = (HPyCapsule_Destructor *)value;
        }
        break;
    default:
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "HPyCapsule_Set: invalid key");
        return -1;
    }
    return c == NULL ? -1 : 0;
}
