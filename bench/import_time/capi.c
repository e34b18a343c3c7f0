/* The plain C-API module of the import-time benchmark: a few functions, nothing at import. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *add(PyObject *self, PyObject *args)
{
    long a, b;
    (void)self;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

static PyObject *noop(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"add", add, METH_VARARGS, "add two ints"},
    {"noop", noop, METH_NOARGS, "do nothing"},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "imp_capi", "import-time benchmark",
                                0, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit_imp_capi(void);

PyMODINIT_FUNC PyInit_imp_capi(void)
{
    return PyModuleDef_Init(&moduledef);
}
