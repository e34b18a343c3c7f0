/* The loader: dlopen a universal binary, check what it is and which ABI it needs, bind it
   to a context and turn its HPyModuleDef into a module. Every refusal is an ImportError
   that names the file and the reason. */
#include "load.h"
#include "elfcheck.h"
#include "binary_names.h"
#include "debug/debug.h"
#include "trace/trace.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint32_t (*version_getter)(void);
typedef void (*init_context_func)(HPyContext *);
typedef HPyModuleDef *(*init_module_func)(void);

/* Module definitions already converted, so that loading a binary again reuses them. The
   context is part of the key: a definition converted for the universal context may call
   implementations directly, which another mode must not. */
typedef struct converted_def {
    HPyModuleDef *hpydef;
    HPyContext *ctx;
    PyModuleDef *pydef;
    struct converted_def *next;
} converted_def;

static converted_def *converted_defs = NULL;

static PyObject *import_error(PyObject *name, PyObject *path, const char *fmt, ...)
{
    char message[1024];
    va_list vargs;
    PyObject *msg;
    va_start(vargs, fmt);
    vsnprintf(message, sizeof(message), fmt, vargs);
    va_end(vargs);
    msg = PyUnicode_FromFormat("cannot load HPy module '%U' from %R: %s", name, path, message);
    if (msg != NULL) {
        PyErr_SetImportError(msg, name, path);
        Py_DECREF(msg);
    }
    return NULL;
}

static PyModuleDef *converted(HPyModuleDef *hpydef, HPyContext *ctx, const char *name,
                              int minor)
{
    converted_def *entry;
    for (entry = converted_defs; entry != NULL; entry = entry->next) {
        if (entry->hpydef == hpydef && entry->ctx == ctx) {
            return entry->pydef;
        }
    }
    entry = (converted_def *)PyMem_Malloc(sizeof(converted_def));
    if (entry == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    entry->pydef = _HPyModuleDef_AsCPython(hpydef, name, minor);
    if (entry->pydef == NULL) {
        PyMem_Free(entry);
        return NULL;
    }
    entry->hpydef = hpydef;
    entry->ctx = ctx;
    entry->next = converted_defs;
    converted_defs = entry;
    return entry->pydef;
}

static HPyContext *context_for(hpykit_mode mode, PyObject *name, PyObject *path)
{
    switch (mode) {
    case HPYKIT_MODE_UNIVERSAL:
        return hpykit_universal_ctx();
    case HPYKIT_MODE_DEBUG:
        return hpykit_debug_ctx();
    case HPYKIT_MODE_TRACE:
        return hpykit_trace_ctx();
    case HPYKIT_MODE_DEBUG_TRACE:
        return hpykit_debug_trace_ctx();
    default:
        import_error(name, path, "mode %d is not available in this build of hpykit",
                     (int)mode);
        return NULL;
    }
}

PyObject *hpykit_load(PyObject *name, PyObject *path, PyObject *spec, hpykit_mode mode)
{
    char shortname[256];
    const char *cname, *cpath;
    PyObject *path_bytes = NULL, *module = NULL;
    void *lib = NULL;
    version_getter get_major, get_minor;
    init_context_func init_ctx;
    init_module_func init_module;
    uint32_t major, minor;
    HPyModuleDef *hpydef;
    PyModuleDef *pydef;
    HPyContext *ctx;

    cname = PyUnicode_AsUTF8(name);
    if (cname == NULL) {
        return NULL;
    }
    if (hpykit_short_name(cname, shortname, sizeof(shortname)) < 0) {
        return import_error(name, path, "'%s' is not a valid module name", cname);
    }
    if (!PyUnicode_FSConverter(path, &path_bytes)) {
        return NULL;
    }
    cpath = PyBytes_AS_STRING(path_bytes);

    {
        char why[256];
        if (hpykit_check_shared_object(cpath, why, sizeof(why)) < 0) {
            import_error(name, path, "%s", why);
            goto cleanup;
        }
    }
    lib = dlopen(cpath, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        const char *why = dlerror();
        import_error(name, path, "not a loadable shared object (%s)", why ? why : "unknown error");
        goto cleanup;
    }
    get_major = (version_getter)hpykit_symbol(lib, "get_required_hpy_major_version_", shortname);
    get_minor = (version_getter)hpykit_symbol(lib, "get_required_hpy_minor_version_", shortname);
    if (get_major == NULL || get_minor == NULL) {
        if (hpykit_symbol(lib, "PyInit_", shortname) != NULL) {
            import_error(name, path, "it is a CPython extension module (it exports PyInit_%s), "
                         "not an HPy universal module", shortname);
        }
        else {
            import_error(name, path, "not an HPy universal module: it does not export "
                         "get_required_hpy_major_version_%s and get_required_hpy_minor_version_%s "
                         "(is the module name right?)", shortname, shortname);
        }
        goto cleanup;
    }
    major = get_major();
    minor = get_minor();
    if (major != HPY_ABI_VERSION) {
        import_error(name, path, "it needs HPy ABI version %u.%u, but this loader implements "
                     "version %d.%d", (unsigned)major, (unsigned)minor, HPY_ABI_VERSION,
                     HPYKIT_ABI_VERSION_MINOR_MAX);
        goto cleanup;
    }
    if (minor > HPYKIT_ABI_VERSION_MINOR_MAX) {
        import_error(name, path, "it needs HPy ABI version %u.%u, newer than this loader's "
                     "%d.%d: upgrade hpykit", (unsigned)major, (unsigned)minor,
                     HPY_ABI_VERSION, HPYKIT_ABI_VERSION_MINOR_MAX);
        goto cleanup;
    }
    if (!hpykit_has_abi_tag(cpath, major)) {
        import_error(name, path, "the file name lacks the ABI tag '.hpy%u' (expected a name like "
                     "%s.hpy%u.so)", (unsigned)major, shortname, (unsigned)major);
        goto cleanup;
    }
    init_ctx = (init_context_func)hpykit_symbol(lib, "HPyInitGlobalContext_", shortname);
    init_module = (init_module_func)hpykit_symbol(lib, "HPyInit_", shortname);
    if (init_ctx == NULL || init_module == NULL) {
        import_error(name, path, "it does not export HPyInitGlobalContext_%s and HPyInit_%s",
                     shortname, shortname);
        goto cleanup;
    }
    ctx = context_for(mode, name, path);
    if (ctx == NULL) {
        goto cleanup;
    }
    /* From here on the binary's code has run: keep it loaded whatever happens. */
    lib = NULL;
    init_ctx(ctx);
    hpykit_direct_entries_bind(_HPy_FUNC_PTR(init_ctx), ctx);
    hpydef = init_module();
    if (hpydef == NULL) {
        import_error(name, path, "HPyInit_%s returned NULL", shortname);
        goto cleanup;
    }
    pydef = converted(hpydef, ctx, cname, (int)minor);
    if (pydef == NULL) {
        goto cleanup;
    }
    module = PyModule_FromDefAndSpec(pydef, spec);
    if (module != NULL && PyModule_Check(module) && PyModule_ExecDef(module, pydef) < 0) {
        Py_CLEAR(module);
    }

cleanup:
    if (lib != NULL) {
        dlclose(lib);
    }
    Py_XDECREF(path_bytes);
    return module;
}
