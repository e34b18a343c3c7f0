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

/* The state types are kept in a dict per context, {size: type}, opened with the base type
   when the bridge binds the context: a type made later, while a module loads (maybe inside
   a debug-mode leak check), is then owned by the dict and no handle stays open for it. Not
   in HPyGlobals: PyPy 0.0.4 gives every global a module definition does not list one
   shared slot (docs/pypy-hpy004-facts.md). */
int hpykit_pp_state_init(hpykit_pp_mode *mode)
{
    mode->state_base = make_type(mode->pp, 0, HPy_NULL);
    if (HPy_IsNull(mode->state_base)) {
        return -1;
    }
    mode->state_types = mode->pp->ctx_Dict_New(mode->pp);
    return HPy_IsNull(mode->state_types) ? -1 : 0;
}

/* A new handle to the state type of the given size. */
static HPy type_for_size(hpykit_pp_mode *mode, HPy_ssize_t size)
{
    hpykit_ctx004 *pp = mode->pp;
    HPy key, type;
    if (size > 0x7fffffff) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "HPyModuleDef.size: module state larger "
                              "than 2 GiB is not supported on PyPy");
        return HPy_NULL;
    }
    key = pp->ctx_Long_FromSsize_t(pp, size);
    if (HPy_IsNull(key)) {
        return HPy_NULL;
    }
    type = pp->ctx_GetItem(pp, mode->state_types, key);
    if (HPy_IsNull(type)) {
        pp->ctx_Err_Clear(pp); /* a KeyError: the first module state of this size */
        type = make_type(pp, (int)size, mode->state_base);
        if (!HPy_IsNull(type) && pp->ctx_SetItem(pp, mode->state_types, key, type) < 0) {
            pp->ctx_Close(pp, type);
            type = HPy_NULL;
        }
    }
    pp->ctx_Close(pp, key);
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
