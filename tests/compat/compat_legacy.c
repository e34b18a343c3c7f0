/* Hybrid ABI across toolchains: legacy C-API methods next to HPy ones, and conversions
   between PyObject* and handles. */
#include "hpy.h"

static PyObject *legacy_add(PyObject *self, PyObject *args)
{
    long a, b;
    (void)self;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

static PyMethodDef legacy_methods[] = {
    {"legacy_add", legacy_add, METH_VARARGS, "added with the C-API"},
    {NULL, NULL, 0, NULL},
};

HPyDef_METH(roundtrip, "roundtrip", HPyFunc_O)
static HPy roundtrip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    PyObject *obj = HPy_AsPyObject(ctx, arg);
    PyObject *pair = Py_BuildValue("(On)", obj, Py_REFCNT(obj) > 0 ? (Py_ssize_t)1 : (Py_ssize_t)0);
    HPy result = HPy_FromPyObject(ctx, pair);
    (void)self;
    Py_XDECREF(pair);
    Py_DECREF(obj);
    return result;
}

static HPyDef *defines[] = {&roundtrip, NULL};
static HPyModuleDef moduledef = {.doc = "hybrid across toolchains", .size = 0,
                                 .legacy_methods = legacy_methods, .defines = defines,
                                 .globals = NULL};

HPy_MODINIT(compat_legacy, moduledef)
