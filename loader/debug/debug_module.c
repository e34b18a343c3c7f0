/* hpykit.universal._debug: debug mode seen from Python (generations, open and closed
   handles, the quarantine size, the on_invalid_handle callback) and the DebugHandle type. */
#include "debug/debug_internal.h"

#include <stdio.h>

#define HINT "(allocation stack traces are not recorded by this version of hpykit)"

typedef struct {
    PyObject_HEAD
    hpykit_dh *dh;   /* may have been reclaimed: valid only while serial matches */
    uint64_t serial;
    PyObject *obj;   /* the object when the DebugHandle was made (None if closed) */
} DebugHandleObject;

static PyTypeObject *debug_handle_type = NULL;

/* The record if it is still the one this DebugHandle was made for. */
static hpykit_dh *live_record(DebugHandleObject *self)
{
    if (hpykit_ptrset_contains(&hpykit_debug.handles, self->dh) &&
        self->dh->serial == self->serial) {
        return self->dh;
    }
    return NULL;
}

static PyObject *debug_handle_new(hpykit_dh *dh)
{
    DebugHandleObject *self = PyObject_New(DebugHandleObject, debug_handle_type);
    PyObject *obj;
    if (self == NULL) {
        return NULL;
    }
    obj = hpykit_dh_object(dh);
    self->dh = dh;
    self->serial = dh->serial;
    self->obj = obj != NULL ? obj : Py_None;
    Py_INCREF(self->obj);
    return (PyObject *)self;
}

static void debug_handle_dealloc(PyObject *op)
{
    DebugHandleObject *self = (DebugHandleObject *)op;
    PyTypeObject *type = Py_TYPE(op);
    Py_XDECREF(self->obj);
    PyObject_Free(op);
    Py_DECREF(type);
}

static int is_closed(DebugHandleObject *self)
{
    hpykit_dh *dh = live_record(self);
    return dh == NULL || dh->state == HPYKIT_DH_CLOSED;
}

static PyObject *debug_handle_repr(PyObject *op)
{
    DebugHandleObject *self = (DebugHandleObject *)op;
    char id[32];
    snprintf(id, sizeof(id), "0x%lx", (unsigned long)(uintptr_t)self->dh);
    if (is_closed(self)) {
        return PyUnicode_FromFormat("<DebugHandle %s CLOSED>\n" HINT, id);
    }
    return PyUnicode_FromFormat("<DebugHandle %s for %R>\n" HINT, id, self->obj);
}

static PyObject *debug_handle_richcompare(PyObject *a, PyObject *b, int op)
{
    DebugHandleObject *x = (DebugHandleObject *)a, *y = (DebugHandleObject *)b;
    int same;
    if ((op != Py_EQ && op != Py_NE) || !PyObject_TypeCheck(b, debug_handle_type)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    same = x->dh == y->dh && x->serial == y->serial;
    return PyBool_FromLong(op == Py_EQ ? same : !same);
}

static Py_hash_t debug_handle_hash(PyObject *op)
{
    DebugHandleObject *self = (DebugHandleObject *)op;
    Py_hash_t h = (Py_hash_t)(((uintptr_t)self->dh >> 4) ^ (uintptr_t)self->serial);
    return h == -1 ? -2 : h;
}

static PyObject *debug_handle_get_obj(PyObject *op, void *closure)
{
    (void)closure;
    Py_INCREF(((DebugHandleObject *)op)->obj);
    return ((DebugHandleObject *)op)->obj;
}

static PyObject *debug_handle_get_id(PyObject *op, void *closure)
{
    (void)closure;
    return PyLong_FromVoidPtr(((DebugHandleObject *)op)->dh);
}

static PyObject *debug_handle_get_is_closed(PyObject *op, void *closure)
{
    (void)closure;
    return PyBool_FromLong(is_closed((DebugHandleObject *)op));
}

static PyObject *debug_handle_get_raw_data_size(PyObject *op, void *closure)
{
    (void)op;
    (void)closure;
    return PyLong_FromLong(-1);
}

static PyObject *debug_handle_force_close(PyObject *op, PyObject *unused)
{
    hpykit_dh *dh = live_record((DebugHandleObject *)op);
    (void)unused;
    if (dh != NULL && dh->state == HPYKIT_DH_OPEN && !dh->is_arg) {
        hpykit_dh_close(dh, "DebugHandle._force_close");
    }
    Py_RETURN_NONE;
}

static PyGetSetDef debug_handle_getset[] = {
    {"obj", debug_handle_get_obj, NULL, "the object (None for a closed handle)", NULL},
    {"id", debug_handle_get_id, NULL, "address of the debug record", NULL},
    {"is_closed", debug_handle_get_is_closed, NULL, "whether the handle was closed", NULL},
    {"raw_data_size", debug_handle_get_raw_data_size, NULL, "-1: no protected raw data", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef debug_handle_methods[] = {
    {"_force_close", debug_handle_force_close, METH_NOARGS, "Close the handle if it is open."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot debug_handle_slots[] = {
    {Py_tp_dealloc, (void *)debug_handle_dealloc},
    {Py_tp_repr, (void *)debug_handle_repr},
    {Py_tp_richcompare, (void *)debug_handle_richcompare},
    {Py_tp_hash, (void *)debug_handle_hash},
    {Py_tp_getset, (void *)debug_handle_getset},
    {Py_tp_methods, (void *)debug_handle_methods},
    {Py_tp_doc, (void *)"A debug-mode handle as seen from Python (read-only)."},
    {0, NULL},
};

static PyType_Spec debug_handle_spec = {
    "hpykit.debug._debug.DebugHandle",
    sizeof(DebugHandleObject),
    0,
    Py_TPFLAGS_DEFAULT,
    debug_handle_slots,
};

/* ---- module functions ------------------------------------------------------------------ */

static PyObject *handles_of(hpykit_dh_list *list, long generation)
{
    PyObject *result = PyList_New(0);
    hpykit_dh *dh;
    if (result == NULL || list->head.next == NULL) {
        return result;
    }
    for (dh = list->head.next; dh != &list->head; dh = dh->next) {
        if (dh->generation >= generation) {
            PyObject *item = debug_handle_new(dh);
            if (item == NULL || PyList_Append(result, item) < 0) {
                Py_XDECREF(item);
                Py_DECREF(result);
                return NULL;
            }
            Py_DECREF(item);
        }
    }
    return result;
}

static PyObject *debug_new_generation(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return PyLong_FromLong(++hpykit_debug.generation);
}

static PyObject *debug_get_open_handles(PyObject *module, PyObject *arg)
{
    long generation = PyLong_AsLong(arg);
    (void)module;
    if (generation == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return handles_of(&hpykit_debug.open, generation);
}

static PyObject *debug_get_closed_handles(PyObject *module, PyObject *args)
{
    long generation = 0;
    (void)module;
    if (!PyArg_ParseTuple(args, "|l:get_closed_handles", &generation)) {
        return NULL;
    }
    return handles_of(&hpykit_debug.closed, generation);
}

static PyObject *debug_get_closed_handles_queue_max_size(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return PyLong_FromSsize_t(hpykit_debug.closed_max);
}

static PyObject *debug_set_closed_handles_queue_max_size(PyObject *module, PyObject *arg)
{
    Py_ssize_t size = PyLong_AsSsize_t(arg);
    (void)module;
    if (size == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (size < 0) {
        PyErr_Format(PyExc_ValueError, "set_closed_handles_queue_max_size: negative size %zd",
                     size);
        return NULL;
    }
    hpykit_debug.closed_max = size;
    hpykit_dh_trim_quarantine();
    Py_RETURN_NONE;
}

static PyObject *debug_set_on_invalid_handle(PyObject *module, PyObject *arg)
{
    (void)module;
    if (arg != Py_None && !PyCallable_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "set_on_invalid_handle: expected a callable or None, "
                     "got %.200s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    Py_CLEAR(hpykit_debug.on_invalid_handle);
    if (arg != Py_None) {
        Py_INCREF(arg);
        hpykit_debug.on_invalid_handle = arg;
    }
    Py_RETURN_NONE;
}

static PyMethodDef debug_methods[] = {
    {"new_generation", debug_new_generation, METH_NOARGS,
     "new_generation()\n--\n\nStart a new generation of handles and return its number."},
    {"get_open_handles", debug_get_open_handles, METH_O,
     "get_open_handles(gen)\n--\n\nDebugHandles of the open handles of generation gen or later."},
    {"get_closed_handles", debug_get_closed_handles, METH_VARARGS,
     "get_closed_handles(gen=0, /)\n--\n\nDebugHandles of the closed handles still in the "
     "quarantine queue, of generation gen or later."},
    {"get_closed_handles_queue_max_size", debug_get_closed_handles_queue_max_size, METH_NOARGS,
     "get_closed_handles_queue_max_size()\n--\n\nHow many closed handles are remembered."},
    {"set_closed_handles_queue_max_size", debug_set_closed_handles_queue_max_size, METH_O,
     "set_closed_handles_queue_max_size(size)\n--\n\nSet how many closed handles are "
     "remembered."},
    {"set_on_invalid_handle", debug_set_on_invalid_handle, METH_O,
     "set_on_invalid_handle(callback)\n--\n\nCall callback() instead of aborting when a "
     "misuse is found where the API cannot raise; None restores the fatal error."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef debug_def = {
    PyModuleDef_HEAD_INIT,
    "hpykit.debug._debug",
    "HPy debug mode",
    -1,
    debug_methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

int hpykit_debug_add_module(PyObject *loader_module)
{
    PyObject *module;
    if (debug_handle_type == NULL) {
        debug_handle_type = (PyTypeObject *)PyType_FromSpec(&debug_handle_spec);
        if (debug_handle_type == NULL) {
            return -1;
        }
    }
    if (hpykit_debug.error_type == NULL) {
        hpykit_debug.error_type = PyErr_NewExceptionWithDoc(
            "hpykit.debug.HPyDebugError",
            "A misuse of the HPy API found by debug mode.", NULL, NULL);
        if (hpykit_debug.error_type == NULL) {
            return -1;
        }
    }
    module = PyModule_Create(&debug_def);
    if (module == NULL) {
        return -1;
    }
    Py_INCREF(debug_handle_type);
    Py_INCREF(hpykit_debug.error_type);
    if (PyModule_AddObject(module, "DebugHandle", (PyObject *)debug_handle_type) < 0) {
        Py_DECREF(debug_handle_type);
        goto error;
    }
    if (PyModule_AddObject(module, "HPyDebugError", hpykit_debug.error_type) < 0) {
        Py_DECREF(hpykit_debug.error_type);
        goto error;
    }
    if (PyModule_AddObject(loader_module, "_debug", module) < 0) {
        goto error;
    }
    return 0;

error:
    Py_DECREF(module);
    return -1;
}
