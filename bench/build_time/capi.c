/* One function in the plain C-API: the baseline for the build-time benchmark. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *add(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    long a, b;
    (void)self;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "add() takes 2 arguments");
        return NULL;
    }
    a = PyLong_AsLong(args[0]);
    b = PyLong_AsLong(args[1]);
    if ((a == -1 || b == -1) && PyErr_Occurred()) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

static PyMethodDef methods[] = {{"add", (PyCFunction)(void (*)(void))add, METH_FASTCALL, NULL},
                                {NULL, NULL, 0, NULL}};
static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "one", NULL, 0, methods,
                                       NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit_one(void);

PyMODINIT_FUNC PyInit_one(void)
{
    return PyModuleDef_Init(&moduledef);
}
