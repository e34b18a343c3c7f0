/* hpykit.universal: the CPython extension that loads HPy universal binaries. */
#include "load.h"
#include "debug/debug.h"
#include "trace/trace.h"

#ifndef HPYKIT_VERSION
#  define HPYKIT_VERSION "0.1.0"
#endif

static PyObject *universal_load(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"name", "path", "spec", "debug", "mode", NULL};
    PyObject *name, *path, *spec;
    int debug = 0, mode = -1;
    hpykit_mode chosen;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UOO|pi:load", keywords, &name, &path,
                                     &spec, &debug, &mode)) {
        return NULL;
    }
    chosen = debug ? HPYKIT_MODE_DEBUG : HPYKIT_MODE_UNIVERSAL;
    if (mode > 0) {
        chosen = (hpykit_mode)mode;
    }
    if (chosen > HPYKIT_MODE_DEBUG_TRACE) {
        PyErr_Format(PyExc_ValueError, "load(): unknown mode %d (use MODE_UNIVERSAL, MODE_DEBUG, "
                     "MODE_TRACE or MODE_DEBUG | MODE_TRACE)", mode);
        return NULL;
    }
    return hpykit_load(name, path, spec, chosen);
}

static PyObject *universal_get_version(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("(ss)", HPY_VERSION, HPYKIT_VERSION);
}

static PyMethodDef universal_methods[] = {
    {"load", (PyCFunction)(void (*)(void))universal_load, METH_VARARGS | METH_KEYWORDS,
     "load(name, path, spec, debug=False, mode=-1)\n--\n\n"
     "Load the HPy universal binary at path as module name (created from spec) and return "
     "the module. mode is MODE_UNIVERSAL, MODE_DEBUG, MODE_TRACE or MODE_DEBUG | MODE_TRACE "
     "(debug checks over tracing); debug=True means MODE_DEBUG."},
    {"get_version", universal_get_version, METH_NOARGS,
     "get_version()\n--\n\nReturn (HPy API version, hpykit version)."},
    {NULL, NULL, 0, NULL},
};

static int universal_exec(PyObject *module)
{
    if (PyModule_AddIntConstant(module, "MODE_UNIVERSAL", HPYKIT_MODE_UNIVERSAL) < 0 ||
        PyModule_AddIntConstant(module, "MODE_DEBUG", HPYKIT_MODE_DEBUG) < 0 ||
        PyModule_AddIntConstant(module, "MODE_TRACE", HPYKIT_MODE_TRACE) < 0 ||
        PyModule_AddIntConstant(module, "HPY_ABI_VERSION", HPY_ABI_VERSION) < 0 ||
        PyModule_AddIntConstant(module, "HPY_ABI_VERSION_MINOR", HPYKIT_ABI_VERSION_MINOR_MAX) < 0 ||
        hpykit_debug_add_module(module) < 0 || hpykit_trace_add_module(module) < 0) {
        return -1;
    }
    return hpykit_universal_ctx() == NULL ? -1 : 0;
}

static PyModuleDef_Slot universal_slots[] = {
    {Py_mod_exec, (void *)universal_exec},
    {0, NULL},
};

static PyModuleDef universal_def = {
    PyModuleDef_HEAD_INIT,
    "hpykit.universal",
    "Loads HPy universal binaries (.hpy0.so) on CPython.",
    0,
    universal_methods,
    universal_slots,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit_universal(void);

PyMODINIT_FUNC PyInit_universal(void)
{
    return PyModuleDef_Init(&universal_def);
}
