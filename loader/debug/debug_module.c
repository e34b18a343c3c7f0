/* hpykit.universal._debug: debug mode seen from Python (generations, open and closed
   handles, the quarantine size, protected raw data, stack capture, the callbacks) and the
   DebugHandle type; the optional report of open handles at exit. */
#include "debug/debug_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HINT "(allocation stack traces are off: enable them with " \
             "hpykit.debug.set_handle_stack_trace_limit(n))"

/* The environment variable that switches on the report of open handles at exit. */
#define LEAKS_AT_EXIT "HPYKIT_DEBUG_LEAKS_AT_EXIT"

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
    if (hpykit_dh_known(self->dh) &&
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
    hpykit_dh *dh = live_record(self);
    char id[32], site[HPYKIT_DETAILS_SIZE];
    snprintf(id, sizeof(id), "0x%lx", (unsigned long)(uintptr_t)self->dh);
    site[0] = '\0';
    if (dh != NULL && dh->site != NULL) {
        hpykit_site_format(dh->site, site, sizeof(site));
    }
    else {
        snprintf(site, sizeof(site), "\n%s", HINT);
    }
    if (is_closed(self)) {
        return PyUnicode_FromFormat("<DebugHandle %s CLOSED>%s", id, site);
    }
    return PyUnicode_FromFormat("<DebugHandle %s for %R>%s", id, self->obj, site);
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
    hpykit_dh *dh = live_record((DebugHandleObject *)op);
    (void)closure;
    return PyLong_FromSsize_t(dh != NULL && dh->state != HPYKIT_DH_CLOSED ? hpykit_raw_size(dh)
                                                                          : -1);
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
    {"raw_data_size", debug_handle_get_raw_data_size, NULL,
     "bytes of raw data handed out for the open handle; -1 if none", NULL},
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

static int set_callback(PyObject **slot, PyObject *arg, const char *name)
{
    if (arg != Py_None && !PyCallable_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a callable or None, got %.200s", name,
                     Py_TYPE(arg)->tp_name);
        return -1;
    }
    Py_CLEAR(*slot);
    if (arg != Py_None) {
        Py_INCREF(arg);
        *slot = arg;
    }
    return 0;
}

static PyObject *debug_set_on_invalid_handle(PyObject *module, PyObject *arg)
{
    (void)module;
    if (set_callback(&hpykit_debug.on_invalid_handle, arg, "set_on_invalid_handle") < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *debug_set_on_invalid_builder_handle(PyObject *module, PyObject *arg)
{
    (void)module;
    if (set_callback(&hpykit_debug.on_invalid_builder_handle, arg,
                     "set_on_invalid_builder_handle") < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *debug_get_protected_raw_data_max_size(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return PyLong_FromSsize_t(hpykit_debug.raw_max);
}

static PyObject *debug_set_protected_raw_data_max_size(PyObject *module, PyObject *arg)
{
    Py_ssize_t size = PyLong_AsSsize_t(arg);
    (void)module;
    if (size == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (size < 0) {
        PyErr_Format(PyExc_ValueError, "set_protected_raw_data_max_size: negative size %zd",
                     size);
        return NULL;
    }
    hpykit_debug.raw_max = size;
    hpykit_raw_trim();
    Py_RETURN_NONE;
}

static PyObject *debug_set_handle_stack_trace_limit(PyObject *module, PyObject *arg)
{
    long limit = 0;
    (void)module;
    if (arg != Py_None) {
        limit = PyLong_AsLong(arg);
        if (limit == -1 && PyErr_Occurred()) {
            return NULL;
        }
        if (limit < 0 || limit > 1000) {
            PyErr_Format(PyExc_ValueError, "set_handle_stack_trace_limit: limit %ld is not in "
                         "0..1000 (None disables capture)", limit);
            return NULL;
        }
    }
    hpykit_debug.stack_limit = (int)limit;
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
    {"set_on_invalid_builder_handle", debug_set_on_invalid_builder_handle, METH_O,
     "set_on_invalid_builder_handle(callback)\n--\n\nLike set_on_invalid_handle, for misused "
     "list and tuple builders; None falls back to the on_invalid_handle callback."},
    {"get_protected_raw_data_max_size", debug_get_protected_raw_data_max_size, METH_NOARGS,
     "get_protected_raw_data_max_size()\n--\n\nHow many bytes of raw data of closed handles "
     "are kept inaccessible (so that a read is caught)."},
    {"set_protected_raw_data_max_size", debug_set_protected_raw_data_max_size, METH_O,
     "set_protected_raw_data_max_size(size)\n--\n\nSet that number of bytes."},
    {"set_handle_stack_trace_limit", debug_set_handle_stack_trace_limit, METH_O,
     "set_handle_stack_trace_limit(limit)\n--\n\nRecord up to limit Python and C frames where "
     "each new handle is created; None (or 0) switches capture off."},
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

/* ---- the report of open handles at exit ---------------------------------------------- */

static PyObject *report_leaks_at_exit(PyObject *module, PyObject *unused)
{
    PyObject *open = handles_of(&hpykit_debug.open, 0);
    Py_ssize_t i, n;
    (void)module;
    (void)unused;
    if (open == NULL) {
        return NULL;
    }
    n = PyList_GET_SIZE(open);
    if (n > 0) {
        fprintf(stderr, "hpykit debug mode: %zd handle%s still open at exit:\n", n,
                n == 1 ? "" : "s");
        for (i = 0; i < n; i++) {
            PyObject *repr = PyObject_Repr(PyList_GET_ITEM(open, i));
            const char *text = repr != NULL ? PyUnicode_AsUTF8(repr) : NULL;
            fprintf(stderr, "    %s\n", text != NULL ? text : "<unprintable handle>");
            Py_XDECREF(repr);
            PyErr_Clear();
        }
        fflush(stderr);
    }
    Py_DECREF(open);
    Py_RETURN_NONE;
}

static PyMethodDef report_def = {
    "report_leaks_at_exit", report_leaks_at_exit, METH_NOARGS,
    "Print the debug handles still open (registered with atexit by " LEAKS_AT_EXIT "=1)."};

void hpykit_debug_init_once(void)
{
    const char *flag = getenv(LEAKS_AT_EXIT);
    PyObject *atexit, *func, *result = NULL;
    if (flag == NULL || flag[0] == '\0' || strcmp(flag, "0") == 0) {
        return;
    }
    atexit = PyImport_ImportModule("atexit");
    func = PyCFunction_New(&report_def, NULL);
    if (atexit != NULL && func != NULL) {
        result = PyObject_CallMethod(atexit, "register", "O", func);
    }
    if (result == NULL) {
        PyErr_WriteUnraisable(NULL);
    }
    Py_XDECREF(result);
    Py_XDECREF(func);
    Py_XDECREF(atexit);
}
