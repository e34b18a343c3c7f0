/* The call-overhead benchmark functions written with the plain C-API, the way an
   extension author would: the baseline hpykit's ABIs are compared against. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *noop(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    Py_RETURN_NONE;
}

static PyObject *onearg(PyObject *self, PyObject *arg)
{
    (void)self;
    Py_INCREF(arg);
    return arg;
}

static PyObject *varargs(PyObject *self, PyObject *args)
{
    long a, b;
    (void)self;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

static PyObject *keywords(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"a", "b", NULL};
    long a, b;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "ll", names, &a, &b)) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

static PyObject *list100(PyObject *self, PyObject *arg)
{
    long start = PyLong_AsLong(arg), i;
    PyObject *list;
    (void)self;
    if (start == -1 && PyErr_Occurred()) {
        return NULL;
    }
    list = PyList_New(100);
    if (list == NULL) {
        return NULL;
    }
    for (i = 0; i < 100; i++) {
        PyObject *item = PyLong_FromLong(start + i);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

static PyObject *pair(PyObject *self, PyObject *args)
{
    PyObject *first, *second;
    (void)self;
    if (!PyArg_ParseTuple(args, "OO", &first, &second)) {
        return NULL;
    }
    return PyTuple_Pack(2, first, second);
}

static PyMethodDef methods[] = {
    {"noop", noop, METH_NOARGS, NULL},
    {"onearg", onearg, METH_O, NULL},
    {"varargs", varargs, METH_VARARGS, NULL},
    {"keywords", (PyCFunction)(void (*)(void))keywords, METH_VARARGS | METH_KEYWORDS, NULL},
    {"list100", list100, METH_O, NULL},
    {"pair", pair, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "bench_capi", NULL, 0, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_bench_capi(void);

PyMODINIT_FUNC PyInit_bench_capi(void)
{
    return PyModuleDef_Init(&moduledef);
}
