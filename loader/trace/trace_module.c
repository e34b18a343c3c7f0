/* hpykit.universal._trace: trace mode seen from Python (counts, durations, hooks). */
#include "trace/trace_internal.h"

static PyObject *table(const uint64_t *values)
{
    PyObject *result = PyDict_New();
    int i;
    if (result == NULL) {
        return NULL;
    }
    for (i = 0; i < HPYKIT_TRACE_NSLOTS; i++) {
        PyObject *value;
        if (hpykit_trace_names[i] == NULL) {
            continue;
        }
        value = PyLong_FromUnsignedLongLong((unsigned long long)values[i]);
        if (value == NULL || PyDict_SetItemString(result, hpykit_trace_names[i], value) < 0) {
            Py_XDECREF(value);
            Py_DECREF(result);
            return NULL;
        }
        Py_DECREF(value);
    }
    return result;
}

static PyObject *trace_get_call_counts(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return table(hpykit_trace.counts);
}

static PyObject *trace_get_durations(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return table(hpykit_trace.durations);
}

static PyObject *trace_get_frequency(PyObject *module, PyObject *unused)
{
    struct timespec res;
    (void)module;
    (void)unused;
    /* durations are in nanoseconds whatever the clock's resolution */
    if (clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0) {
        return PyLong_FromLong(1000000000L / res.tv_nsec);
    }
    return PyLong_FromLong(1000000000L);
}

static int check_hook(PyObject *value, const char *name)
{
    if (value != NULL && value != Py_None && !PyCallable_Check(value)) {
        PyErr_Format(PyExc_TypeError, "set_trace_functions: %s must be a callable or None, "
                     "got %.200s", name, Py_TYPE(value)->tp_name);
        return -1;
    }
    return 0;
}

/* Replace *slot with value: NULL leaves it, None clears it, a callable sets it. */
static void set_hook(PyObject **slot, PyObject *value)
{
    if (value == NULL) {
        return;
    }
    Py_CLEAR(*slot);
    if (value != Py_None) {
        Py_INCREF(value);
        *slot = value;
    }
}

static PyObject *trace_set_trace_functions(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"on_enter", "on_exit", NULL};
    PyObject *on_enter = NULL, *on_exit = NULL;
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|OO:set_trace_functions", keywords,
                                     &on_enter, &on_exit) ||
        check_hook(on_enter, "on_enter") < 0 || check_hook(on_exit, "on_exit") < 0) {
        return NULL;
    }
    set_hook(&hpykit_trace.on_enter, on_enter);
    set_hook(&hpykit_trace.on_exit, on_exit);
    Py_RETURN_NONE;
}

static PyObject *trace_set_sampling_period(PyObject *module, PyObject *arg)
{
    long period = PyLong_AsLong(arg);
    (void)module;
    if (period == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (period < 1 || period > 65536 || (period & (period - 1)) != 0) {
        PyErr_Format(PyExc_ValueError, "set_sampling_period: %ld is not a power of two in "
                     "1..65536", period);
        return NULL;
    }
    hpykit_trace.mask = (uint64_t)period - 1;
    Py_RETURN_NONE;
}

static PyMethodDef trace_methods[] = {
    {"set_sampling_period", trace_set_sampling_period, METH_O,
     "set_sampling_period(period)\n--\n\nAfter the first 64 calls of a member, time one call "
     "in period (a power of two; default 256) and count it period times in get_durations(); "
     "1 times every call. Call counts are always exact."},
    {"get_call_counts", trace_get_call_counts, METH_NOARGS,
     "get_call_counts()\n--\n\nNumber of calls of each context member (e.g. 'ctx_Dup') made "
     "by modules loaded in trace mode."},
    {"get_durations", trace_get_durations, METH_NOARGS,
     "get_durations()\n--\n\nAccumulated time in each context member, in nanoseconds."},
    {"set_trace_functions", (PyCFunction)(void (*)(void))trace_set_trace_functions,
     METH_VARARGS | METH_KEYWORDS,
     "set_trace_functions(on_enter=..., on_exit=...)\n--\n\nCall on_enter(name) before and "
     "on_exit(name) after every traced call; an omitted hook is left as it is, None removes "
     "it. An exception in a hook is a fatal error."},
    {"get_frequency", trace_get_frequency, METH_NOARGS,
     "get_frequency()\n--\n\nResolution of the clock the durations are measured with, in Hz."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef trace_def = {
    PyModuleDef_HEAD_INIT,
    "hpykit.trace._trace",
    "HPy trace mode",
    -1,
    trace_methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

int hpykit_trace_add_module(PyObject *loader_module)
{
    PyObject *module = PyModule_Create(&trace_def);
    if (module == NULL) {
        return -1;
    }
    if (PyModule_AddObject(loader_module, "_trace", module) < 0) {
        Py_DECREF(module);
        return -1;
    }
    return 0;
}
