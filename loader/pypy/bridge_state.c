/* Per-module state (HPyModuleDef.size > 0, ABI 0.1) on PyPy, whose HPy 0.0.4 modules have
   none: the state is the C struct of an HPy object that the module keeps as its attribute
   __hpy_module_state__. The object's type has basicsize = the state's size (one type per
   size, all subclasses of hpykit.ModuleState); PyPy zeroes a new object's struct and keeps
   it in place for the object's life, which is the module's. */
#include "pypy/bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_ATTR "__hpy_module_state__"

static hpykit_def004 *no_defines[] = {NULL};

/* A state type per size and context. Kept in HPyGlobals, not handles: made while a module
   loads, maybe inside a debug-mode leak check, they live as long as the process. */
typedef struct state_type {
    hpykit_pp_mode *mode;
    HPy_ssize_t size;
    HPyGlobal type;
    struct state_type *next;
} state_type;

static state_type *state_types;

static HPy make_type(hpykit_ctx004 *pp, int basicsize, HPy base)
{
    hpykit_typespec004 spec;
    hpykit_specparam004 params[2];
    memset(&spec, 0, sizeof(spec));
    memset(params, 0, sizeof(params));
    spec.name = "hpykit.ModuleState";
    spec.basicsize = basicsize;
    spec.flags = HPy_TPFLAGS_DEFAULT | (HPy_IsNull(base) ? HPy_TPFLAGS_BASETYPE : 0);
    spec.defines = no_defines;
    spec.doc = "The per-module state of an HPy module on PyPy (hpykit's bridge).";
    params[0].kind = 1; /* HPyType_SpecParam_Base */
    params[0].object = base;
    return pp->ctx_Type_FromSpec(pp, &spec, HPy_IsNull(base) ? NULL : params);
}

int hpykit_pp_state_init(hpykit_pp_mode *mode)
{
    mode->state_base = make_type(mode->pp, 0, HPy_NULL);
    return HPy_IsNull(mode->state_base) ? -1 : 0;
}

/* A new handle to the state type of the given size. */
static HPy type_for_size(hpykit_pp_mode *mode, HPy_ssize_t size)
{
    hpykit_ctx004 *pp = mode->pp;
    state_type *t;
    HPy type;
    for (t = state_types; t != NULL; t = t->next) {
        if (t->mode == mode && t->size == size) {
            return pp->ctx_Global_Load(pp, t->type);
        }
    }
    if (size > 0x7fffffff) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "HPyModuleDef.size: module state larger "
                              "than 2 GiB is not supported on PyPy");
        return HPy_NULL;
    }
    t = (state_type *)calloc(1, sizeof(state_type));
    if (t == NULL) {
        pp->ctx_Err_NoMemory(pp);
        return HPy_NULL;
    }
    type = make_type(pp, (int)size, mode->state_base);
    if (HPy_IsNull(type)) {
        free(t);
        return HPy_NULL;
    }
    t->mode = mode;
    t->size = size;
    pp->ctx_Global_Store(pp, &t->type, type);
    t->next = state_types;
    state_types = t;
    return type;
}

int hpykit_pp_attach_state(hpykit_pp_mode *mode, HPy module, HPy_ssize_t size)
{
    hpykit_ctx004 *pp = mode->pp;
    HPy type = type_for_size(mode, size), state;
    void *data = NULL;
    int r;
    if (HPy_IsNull(type)) {
        return -1;
    }
    state = pp->ctx_New(pp, type, &data);
    pp->ctx_Close(pp, type);
    if (HPy_IsNull(state)) {
        return -1;
    }
    memset(data, 0, (size_t)size);
    r = pp->ctx_SetAttr_s(pp, module, STATE_ATTR, state);
    pp->ctx_Close(pp, state);
    return r;
}

/* HPyModule_GetState: the struct of the module's state object. */
void *pp_ctx_Module_GetState(HPyContext *ctx, HPy module)
{
    hpykit_pp_mode *mode = (hpykit_pp_mode *)ctx;
    hpykit_ctx004 *pp = mode->pp;
    HPy state = pp->ctx_GetAttr_s(pp, module, STATE_ATTR);
    void *data;
    if (HPy_IsNull(state)) {
        pp->ctx_Err_Clear(pp);
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "HPyModule_GetState: the object is not "
                              "a module with state (HPyModuleDef.size > 0)");
        return NULL;
    }
    if (!pp->ctx_TypeCheck(pp, state, mode->state_base)) {
        pp->ctx_Close(pp, state);
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "HPyModule_GetState: the module's "
                              STATE_ATTR " is not its state object");
        return NULL;
    }
    data = pp->ctx_AsStruct(pp, state);
    pp->ctx_Close(pp, state); /* the module keeps the object, and so the struct, alive */
    return data;
}
