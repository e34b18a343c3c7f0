/* load(name, path, spec): dlopen an hpy0 binary, check what it is, bind it to the hpy0
   context of the calling PyPy context, and create its module with PyPy's
   HPyModule_Create, then run its HPy_mod_exec slots (multi-phase init on top of PyPy's
   single-phase creation). Every refusal is an ImportError naming the file and reason. */
#include "pypy/bridge.h"
#include "elfcheck.h"
#include "binary_names.h"
#include "hpy/common/moduledef_check.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint32_t (*version_getter)(void);
typedef void (*init_context_func)(HPyContext *);
typedef HPyModuleDef *(*init_module_func)(void);

static HPy import_error(hpykit_ctx004 *pp, const char *name, const char *path,
                        const char *fmt, ...)
{
    char why[512], message[1200];
    va_list vargs;
    va_start(vargs, fmt);
    vsnprintf(why, sizeof(why), fmt, vargs);
    va_end(vargs);
    snprintf(message, sizeof(message), "cannot load HPy module '%s' from '%s': %s", name, path,
             why);
    pp->ctx_Err_SetString(pp, pp->h_ImportError, message);
    return HPy_NULL;
}

static HPy system_error(hpykit_ctx004 *pp, const char *message)
{
    pp->ctx_Err_SetString(pp, pp->h_SystemError, message);
    return HPy_NULL;
}

/* The module of an HPy_mod_create slot: its result, which must not be a module. */
static HPy create_with_slot(hpykit_pp_mode *mode, HPyDef *create, HPy spec)
{
    hpykit_ctx004 *pp = mode->pp;
    HPy result, types, module_type;
    int is_module;
    result = ((HPyFunc_mod_create)(void *)create->slot.impl)(&mode->ctx, spec);
    if (HPy_IsNull(result)) {
        return HPy_NULL;
    }
    types = pp->ctx_Import_ImportModule(pp, "types");
    module_type = HPy_IsNull(types) ? HPy_NULL : pp->ctx_GetAttr_s(pp, types, "ModuleType");
    is_module = HPy_IsNull(module_type) ? -1 : pp->ctx_TypeCheck(pp, result, module_type);
    if (!HPy_IsNull(types)) {
        pp->ctx_Close(pp, types);
    }
    if (!HPy_IsNull(module_type)) {
        pp->ctx_Close(pp, module_type);
    }
    if (is_module != 0) {
        pp->ctx_Close(pp, result);
        return is_module < 0 ? HPy_NULL : system_error(pp, _HPY_MOD_CREATE_RETURNED_A_MODULE);
    }
    return result;
}

/* Run the HPy_mod_exec slots of def on module, in order; -1 with an exception set when
   one fails. */
static int exec_slots(hpykit_pp_mode *mode, HPyModuleDef *def, HPy module, const char *name)
{
    hpykit_ctx004 *pp = mode->pp;
    size_t i;
    for (i = 0; def->defines != NULL && def->defines[i] != NULL; i++) {
        HPyDef *d = def->defines[i];
        if (d->kind == HPyDef_Kind_Slot && d->slot.slot == HPy_mod_exec) {
            int r = ((HPyFunc_inquiry)(void *)d->slot.impl)(&mode->ctx, module);
            if (r != 0 || pp->ctx_Err_Occurred(pp)) {
                if (!pp->ctx_Err_Occurred(pp)) {
                    char message[300];
                    snprintf(message, sizeof(message), "execution of module %s failed "
                             "without setting an exception", name);
                    system_error(pp, message);
                }
                return -1;
            }
        }
    }
    return 0;
}

/* strdup is POSIX, not C99 */
static char *copy_string(const char *s)
{
    size_t size = strlen(s) + 1;
    char *copy = (char *)malloc(size);
    if (copy != NULL) {
        memcpy(copy, s, size);
    }
    return copy;
}

/* The module of def, checked as the CPython loader checks it (the same messages:
   hpy/common/moduledef_check.h), made by PyPy's single-phase HPyModule_Create and then
   given to the HPy_mod_exec slots: multi-phase init on single-phase creation. */
static HPy create_module(hpykit_pp_mode *mode, HPyModuleDef *def, HPy spec, const char *name,
                         int minor)
{
    hpykit_ctx004 *pp = mode->pp;
    hpykit_moduledef004 *def004;
    _HPyModuleDef_Shape shape;
    char message[512];
    HPy module;
    if (_HPyModuleDef_Check(def, name, minor, &shape, message, sizeof(message)) < 0) {
        return system_error(pp, message);
    }
    if (shape.n_creates == 1) {
        return create_with_slot(mode, def->defines[0], spec);
    }
    def004 = (hpykit_moduledef004 *)calloc(1, sizeof(hpykit_moduledef004));
    if (def004 == NULL) {
        pp->ctx_Err_NoMemory(pp);
        return HPy_NULL;
    }
    def004->name = copy_string(name);
    if (def004->name == NULL) {
        free(def004);
        pp->ctx_Err_NoMemory(pp);
        return HPy_NULL;
    }
    def004->doc = def->doc;
    def004->legacy_methods = def->legacy_methods; /* hybrid binaries: PyPy's cpyext */
    def004->globals = NULL; /* the bridge keeps HPyGlobals itself (bridge_global.c) */
    def004->defines = hpykit_pp_convert_defines(mode, def->defines, 1, name);
    if (def004->defines == NULL) {
        free((void *)def004->name);
        free(def004);
        return HPy_NULL;
    }
    /* PyPy keeps the definition: it is not freed */
    module = pp->ctx_Module_Create(pp, def004);
    if (HPy_IsNull(module)) {
        return HPy_NULL;
    }
    if ((def->size > 0 && hpykit_pp_attach_state(mode, module, def->size) < 0) ||
        exec_slots(mode, def, module, name) < 0) {
        pp->ctx_Close(pp, module);
        return HPy_NULL;
    }
    return module;
}

static char *utf8_copy(hpykit_ctx004 *pp, HPy h)
{
    HPy_ssize_t size;
    const char *s = pp->ctx_Unicode_AsUTF8AndSize(pp, h, &size);
    char *copy;
    if (s == NULL) {
        return NULL;
    }
    copy = (char *)malloc((size_t)size + 1);
    if (copy == NULL) {
        pp->ctx_Err_NoMemory(pp);
        return NULL;
    }
    memcpy(copy, s, (size_t)size + 1);
    return copy;
}

HPy hpykit_pp_load(hpykit_ctx004 *pp, HPy self, HPy *args, HPy_ssize_t nargs);

HPy hpykit_pp_load(hpykit_ctx004 *pp, HPy self, HPy *args, HPy_ssize_t nargs)
{
    char shortname[256], why[256];
    char *name = NULL, *path = NULL;
    void *lib = NULL;
    version_getter get_major, get_minor;
    init_context_func init_ctx;
    init_module_func init_module;
    uint32_t major, minor;
    HPyModuleDef *def;
    hpykit_pp_mode *mode;
    HPy result = HPy_NULL;
    (void)self;
    if (nargs != 3) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "load() takes 3 arguments (name, path, spec)");
        return HPy_NULL;
    }
    name = utf8_copy(pp, args[0]);
    path = name == NULL ? NULL : utf8_copy(pp, args[1]);
    if (path == NULL) {
        goto cleanup;
    }
    mode = hpykit_pp_mode_for(pp);
    if (mode == NULL) {
        goto cleanup;
    }
    if (hpykit_short_name(name, shortname, sizeof(shortname)) < 0) {
        import_error(pp, name, path, "'%s' is not a valid module name", name);
        goto cleanup;
    }
    if (hpykit_check_shared_object(path, why, sizeof(why)) < 0) {
        import_error(pp, name, path, "%s", why);
        goto cleanup;
    }
    lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        const char *err = dlerror();
        import_error(pp, name, path, "not a loadable shared object (%s)", err ? err : "unknown");
        goto cleanup;
    }
    get_major = (version_getter)hpykit_symbol(lib, "get_required_hpy_major_version_", shortname);
    get_minor = (version_getter)hpykit_symbol(lib, "get_required_hpy_minor_version_", shortname);
    if (get_major == NULL || get_minor == NULL) {
        if (hpykit_symbol(lib, "PyInit_", shortname) != NULL) {
            import_error(pp, name, path, "it is a CPython extension module (it exports "
                         "PyInit_%s), not an HPy universal module", shortname);
        }
        else if (hpykit_symbol(lib, "HPyInit_", shortname) != NULL) {
            import_error(pp, name, path, "it is an HPy universal module of an older ABI (it "
                         "exports HPyInit_%s but no get_required_hpy_major_version_%s); "
                         "hpykit loads hpy0 binaries (HPy 0.9)", shortname, shortname);
        }
        else {
            import_error(pp, name, path, "not an HPy universal module: it does not export "
                         "get_required_hpy_major_version_%s and get_required_hpy_minor_"
                         "version_%s (is the module name right?)", shortname, shortname);
        }
        goto cleanup;
    }
    major = get_major();
    minor = get_minor();
    if (major != HPY_ABI_VERSION) {
        import_error(pp, name, path, "it needs HPy ABI version %u.%u, but this loader "
                     "implements version %d.%d", (unsigned)major, (unsigned)minor,
                     HPY_ABI_VERSION, HPYKIT_ABI_VERSION_MINOR_MAX);
        goto cleanup;
    }
    if (minor > HPYKIT_ABI_VERSION_MINOR_MAX) {
        import_error(pp, name, path, "it needs HPy ABI version %u.%u, newer than this "
                     "loader's %d.%d: upgrade hpykit", (unsigned)major, (unsigned)minor,
                     HPY_ABI_VERSION, HPYKIT_ABI_VERSION_MINOR_MAX);
        goto cleanup;
    }
    if (!hpykit_has_abi_tag(path, major)) {
        import_error(pp, name, path, "the file name lacks the ABI tag '.hpy%u' (expected a "
                     "name like %s.hpy%u.so)", (unsigned)major, shortname, (unsigned)major);
        goto cleanup;
    }
    init_ctx = (init_context_func)hpykit_symbol(lib, "HPyInitGlobalContext_", shortname);
    init_module = (init_module_func)hpykit_symbol(lib, "HPyInit_", shortname);
    if (init_ctx == NULL || init_module == NULL) {
        import_error(pp, name, path, "it does not export HPyInitGlobalContext_%s and "
                     "HPyInit_%s", shortname, shortname);
        goto cleanup;
    }
    lib = NULL; /* its code runs from here on: keep it loaded */
    init_ctx(&mode->ctx);
    def = init_module();
    if (def == NULL) {
        import_error(pp, name, path, "HPyInit_%s returned NULL", shortname);
        goto cleanup;
    }
    result = create_module(mode, def, args[2], name, (int)minor);

cleanup:
    if (lib != NULL) {
        dlclose(lib);
    }
    free(name);
    free(path);
    return result;
}
