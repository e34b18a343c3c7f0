/* A small type written with the C-API the usual way: the baseline for hpy.c. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    double x;
    double y;
} PointObject;

static PyObject *Point_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    double x, y;
    PointObject *self;
    (void)kwargs;
    if (!PyArg_ParseTuple(args, "dd", &x, &y)) {
        return NULL;
    }
    self = (PointObject *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->x = x;
        self->y = y;
    }
    return (PyObject *)self;
}

static void Point_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    type->tp_free(self);
    Py_DECREF(type);
}

static PyObject *Point_norm2(PyObject *self, PyObject *unused)
{
    PointObject *p = (PointObject *)self;
    (void)unused;
    return PyFloat_FromDouble(p->x * p->x + p->y * p->y);
}

static PyMethodDef Point_methods[] = {
    {"norm2", Point_norm2, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Point_slots[] = {
    {Py_tp_new, (void *)Point_new},
    {Py_tp_dealloc, (void *)Point_dealloc},
    {Py_tp_methods, Point_methods},
    {0, NULL},
};

static PyType_Spec Point_spec = {"bench_type_capi.Point", sizeof(PointObject), 0,
                                 Py_TPFLAGS_DEFAULT, Point_slots};

static int exec_module(PyObject *module)
{
    PyObject *type = PyType_FromSpec(&Point_spec);
    if (type == NULL) {
        return -1;
    }
    if (PyModule_AddObject(module, "Point", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot module_slots[] = {{Py_mod_exec, (void *)exec_module}, {0, NULL}};
static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "bench_type_capi", NULL, 0, NULL, module_slots, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_bench_type_capi(void);

PyMODINIT_FUNC PyInit_bench_type_capi(void)
{
    return PyModuleDef_Init(&moduledef);
}
