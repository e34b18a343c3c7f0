/* The bridge as a PyPy HPy 0.0.4 module: its init receives PyPy's context (universal or
   debug), binds an hpy0 context to it, and returns a module with load(). */
#include "pypy/bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODES 4
static hpykit_pp_mode *modes[MAX_MODES];

/* Builtin objects for the handles hpy0 has and PyPy's context lacks. */
static HPy builtin(hpykit_ctx004 *pp, HPy builtins, const char *name)
{
    return pp->ctx_GetAttr_s(pp, builtins, name);
}

static int fill_extra_handles(hpykit_pp_mode *mode)
{
    hpykit_ctx004 *pp = mode->pp;
    const hpykit_pp_extra_handle *e;
    HPy builtins = pp->ctx_Import_ImportModule(pp, "builtins");
    if (HPy_IsNull(builtins)) {
        return -1;
    }
    for (e = hpykit_pp_extra_handles; e->name != NULL; e++) {
        HPy h = HPy_NULL;
        if (strcmp(e->name, "h_Builtins") == 0) {
            h = pp->ctx_Dup(pp, builtins);
        }
        else if (strcmp(e->name, "h_ComplexType") == 0) {
            h = builtin(pp, builtins, "complex");
        }
        else if (strcmp(e->name, "h_BytesType") == 0) {
            h = builtin(pp, builtins, "bytes");
        }
        else if (strcmp(e->name, "h_MemoryViewType") == 0) {
            h = builtin(pp, builtins, "memoryview");
        }
        else if (strcmp(e->name, "h_SliceType") == 0) {
            h = builtin(pp, builtins, "slice");
        }
        else if (strcmp(e->name, "h_DictType") == 0) {
            h = builtin(pp, builtins, "dict");
        }
        else if (strcmp(e->name, "h_CapsuleType") == 0) {
            h = mode->capsule_type; /* made by bridge_capsule.c, may be HPy_NULL */
        }
        if (HPy_IsNull(h) && pp->ctx_Err_Occurred(pp)) {
            pp->ctx_Close(pp, builtins);
            return -1;
        }
        *(HPy *)((char *)&mode->ctx + e->offset) = h;
    }
    pp->ctx_Close(pp, builtins);
    return 0;
}

int hpykit_pp_capsule_init(hpykit_pp_mode *mode);
static int fill_cached(hpykit_pp_mode *mode);

/* The context's handles that live as long as the process are all opened here, when the
   bridge is loaded: in debug mode a leak check started after that does not report them. */
static int fill_cache(hpykit_pp_mode *mode)
{
    int which;
    for (which = 0; which < PPC_NCACHED; which++) {
        if (HPy_IsNull(hpykit_pp_cached_get(mode, (hpykit_pp_cached)which))) {
            return -1;
        }
    }
    return 0;
}

hpykit_pp_mode *hpykit_pp_mode_for(hpykit_ctx004 *pp)
{
    int i;
    hpykit_pp_mode *mode;
    for (i = 0; i < MAX_MODES && modes[i] != NULL; i++) {
        if (modes[i]->pp == pp) {
            return modes[i];
        }
    }
    if (i == MAX_MODES) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "hpykit: too many PyPy HPy contexts");
        return NULL;
    }
    mode = (hpykit_pp_mode *)calloc(1, sizeof(hpykit_pp_mode));
    if (mode == NULL) {
        pp->ctx_Err_NoMemory(pp);
        return NULL;
    }
    mode->pp = pp;
    mode->ctx.name = pp->ctx_version == 0 ? "HPy Universal ABI (hpykit, PyPy backend)"
                                          : "HPy Debug Mode ABI (hpykit, PyPy backend)";
    mode->ctx._private = pp;
    mode->ctx.abi_version = HPY_ABI_VERSION;
    hpykit_pp_fill_handles(&mode->ctx, pp);
    hpykit_pp_fill_functions(&mode->ctx);
    if (hpykit_pp_capsule_init(mode) < 0 || fill_extra_handles(mode) < 0 ||
        hpykit_pp_descr_init(pp) < 0 || fill_cached(mode) < 0 ||
        hpykit_pp_state_init(mode) < 0 || hpykit_pp_globals_init(mode, i + 1) < 0 ||
        hpykit_pp_keywords_init(mode) < 0) {
        free(mode);
        return NULL;
    }
    modes[i] = mode;
    return mode;
}

static const char *const cached_where[PPC_NCACHED][2] = {
    [PPC_LIST] = {"builtins", "list"},
    [PPC_SLICE] = {"builtins", "slice"},
    [PPC_ITER] = {"builtins", "iter"},
    [PPC_NEXT] = {"builtins", "next"},
    [PPC_DELITEM] = {"operator", "delitem"},
    [PPC_COMPILE] = {"builtins", "compile"},
    [PPC_EVAL] = {"builtins", "eval"},
    [PPC_CONTEXTVAR] = {"contextvars", "ContextVar"},
    [PPC_ISSUBCLASS] = {"builtins", "issubclass"},
    [PPC_STOPITERATION_MATCH] = {"builtins", "StopIteration"},
    /* install(obj): makes sys.unraisablehook report obj as the object of the next
       unraisable error (PyPy reports None), and returns restore() (bridge_api.c) */
    /* '\0'.join(kw): the keyword names of a call in one builtin call (bridge_keywords.c) */
    [PPC_JOIN_NAMES] = {NULL, "'\\0'.join"},
    [PPC_UNRAISABLE] = {NULL, "(lambda sys: lambda obj: (lambda old: ("
                              "sys.__setattr__('unraisablehook', lambda a: old(type(a)(("
                              "a.exc_type, a.exc_value, a.exc_traceback, a.err_msg, obj)))),"
                              " lambda: sys.__setattr__('unraisablehook', old))[1])"
                              "(sys.unraisablehook))(__import__('sys'))"},
};

/* The value of a Python expression (evaluated in an empty namespace). */
static HPy eval_expression(hpykit_ctx004 *pp, HPy builtins_eval, const char *source)
{
    HPy items[2], args, r = HPy_NULL;
    items[0] = pp->ctx_Unicode_FromString(pp, source);
    items[1] = pp->ctx_Dict_New(pp);
    if (!HPy_IsNull(items[0]) && !HPy_IsNull(items[1])) {
        args = pp->ctx_Tuple_FromArray(pp, items, 2);
        if (!HPy_IsNull(args)) {
            r = pp->ctx_CallTupleDict(pp, builtins_eval, args, HPy_NULL);
            pp->ctx_Close(pp, args);
        }
    }
    if (!HPy_IsNull(items[0])) {
        pp->ctx_Close(pp, items[0]);
    }
    if (!HPy_IsNull(items[1])) {
        pp->ctx_Close(pp, items[1]);
    }
    return r;
}

/* Every cached callable is looked up when the context is made: in PyPy's debug context
   the handles then belong to the generation of the bridge's load, older than any leak
   check (python/hpykit/universal.py loads the debug bridge before a new generation), so
   they are not reported as the extension's leaks. */
static int fill_cached(hpykit_pp_mode *mode)
{
    int i;
    for (i = 0; i < PPC_NCACHED; i++) {
        if (HPy_IsNull(hpykit_pp_cached_get(mode, (hpykit_pp_cached)i))) {
            return -1;
        }
    }
    return 0;
}

HPy hpykit_pp_cached_get(hpykit_pp_mode *mode, hpykit_pp_cached which)
{
    hpykit_ctx004 *pp = mode->pp;
    if (HPy_IsNull(mode->cached[which]) && cached_where[which][0] == NULL) {
        HPy eval = hpykit_pp_cached_get(mode, PPC_EVAL);
        if (!HPy_IsNull(eval)) {
            mode->cached[which] = eval_expression(pp, eval, cached_where[which][1]);
        }
    }
    if (HPy_IsNull(mode->cached[which])) {
        HPy module = pp->ctx_Import_ImportModule(pp, cached_where[which][0]);
        if (HPy_IsNull(module)) {
            return HPy_NULL;
        }
        mode->cached[which] = pp->ctx_GetAttr_s(pp, module, cached_where[which][1]);
        pp->ctx_Close(pp, module);
    }
    return mode->cached[which];
}

void hpykit_pp_missing(HPyContext *ctx, const char *api)
{
    hpykit_ctx004 *pp = PP(ctx);
    char message[256];
    snprintf(message, sizeof(message), "%s is not available on PyPy (PyPy's HPy 0.0.4 has "
             "no equivalent and hpykit builds none)", api);
    pp->ctx_Err_SetString(pp, pp->h_SystemError, message);
}

/* ---- the module ------------------------------------------------------------------------ */

HPy hpykit_pp_load(hpykit_ctx004 *pp, HPy self, HPy *args, HPy_ssize_t nargs);

static HPyDef load_def = {
    .kind = HPyDef_Kind_Meth,
    .meth = {
        .name = "load",
        .impl = (HPyCFunction)(void (*)(void))hpykit_pp_load,
        .signature = HPyFunc_VARARGS,
        .doc = "load(name, path, spec)\n--\n\nLoad the hpy0 universal binary at path as "
               "module name, bound to this bridge's context.",
    },
};

static hpykit_def004 *bridge_defines[] = {&load_def, NULL};

static hpykit_moduledef004 bridge_def = {
    .name = "hpykit._bridge",
    .doc = "hpykit's PyPy bridge: hpy0 universal binaries on PyPy's native HPy.",
    .size = 0,
    .defines = bridge_defines,
};

HPy HPyInit__bridge(hpykit_ctx004 *pp) __attribute__((visibility("default")));

HPy HPyInit__bridge(hpykit_ctx004 *pp)
{
    HPy module;
    HPy minor;
    if (hpykit_pp_mode_for(pp) == NULL) {
        return HPy_NULL;
    }
    module = pp->ctx_Module_Create(pp, &bridge_def);
    if (HPy_IsNull(module)) {
        return HPy_NULL;
    }
    minor = pp->ctx_Long_FromLong(pp, HPYKIT_ABI_VERSION_MINOR_MAX);
    if (HPy_IsNull(minor) || pp->ctx_SetAttr_s(pp, module, "HPY_ABI_VERSION_MINOR", minor) < 0) {
        pp->ctx_Close(pp, module);
        module = HPy_NULL;
    }
    if (!HPy_IsNull(minor)) {
        pp->ctx_Close(pp, minor);
    }
    return module;
}
