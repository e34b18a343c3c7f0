/* The trace context: one per process, over the universal context. The generated members
   are in autogen_trace_ctx.c; here are the state, the hooks and the members that need a
   hand: the trampoline entry (the implementation must get the trace context) and the two
   GIL members (half of each runs without the GIL). */
#include "trace/trace_internal.h"

#include <pthread.h>
#include <string.h>

hpykit_trace_state hpykit_trace = {NULL, {0}, {0}, 255, NULL, NULL};

static HPyContext trace_ctx;
static PyObject *hook_args[HPYKIT_TRACE_NSLOTS]; /* (name,) per slot, made on first use */
static pthread_mutex_t nogil_lock = PTHREAD_MUTEX_INITIALIZER;
static int id_leave = -1, id_reenter = -1, id_trampoline = -1;

static int slot_id(const char *member)
{
    int i;
    for (i = 0; i < HPYKIT_TRACE_NSLOTS; i++) {
        if (hpykit_trace_names[i] != NULL && strcmp(hpykit_trace_names[i], member) == 0) {
            return i;
        }
    }
    Py_FatalError("hpykit trace mode: a member is missing from the name table");
    return -1;
}

HPyContext *hpykit_trace_ctx(void)
{
    HPyContext *ctx = &trace_ctx, *inner;
    if (ctx->name != NULL) {
        return ctx;
    }
    inner = hpykit_universal_ctx();
    if (inner == NULL) {
        return NULL;
    }
    id_leave = slot_id("ctx_LeavePythonExecution");
    id_reenter = slot_id("ctx_ReenterPythonExecution");
    id_trampoline = slot_id("ctx_CallRealFunctionFromTrampoline");
    hpykit_trace.inner = inner;
    hpykit_trace_fill_members(ctx, inner);
    ctx->abi_version = HPY_ABI_VERSION;
    ctx->_private = &hpykit_trace;
    ctx->name = "HPy Trace Mode ABI";
    return ctx;
}

void hpykit_trace_call_hook(PyObject *hook, int id)
{
    PyObject *type, *value, *tb, *result;
    if (hook_args[id] == NULL) {
        hook_args[id] = Py_BuildValue("(s)", hpykit_trace_names[id]);
        if (hook_args[id] == NULL) {
            Py_FatalError("hpykit trace mode: no memory for a hook argument");
        }
    }
    PyErr_Fetch(&type, &value, &tb);
    Py_INCREF(hook);
    result = PyObject_Call(hook, hook_args[id], NULL);
    Py_DECREF(hook);
    if (result == NULL) {
        PyErr_Print();
        Py_FatalError("hpykit trace mode: an on_enter/on_exit hook raised an exception");
    }
    Py_DECREF(result);
    PyErr_Restore(type, value, tb);
}

void trace_ctx_CallRealFunctionFromTrampoline(HPyContext *ctx, HPyFunc_Signature sig,
                                              HPyCFunction func, void *args)
{
    uint64_t start = hpykit_trace_enter(id_trampoline);
    /* the implementation is called with ctx, the trace context, so its calls are traced */
    hpykit_trace.inner->ctx_CallRealFunctionFromTrampoline(ctx, sig, func, args);
    hpykit_trace_exit(id_trampoline, start);
}

HPyThreadState trace_ctx_LeavePythonExecution(HPyContext *ctx)
{
    uint64_t start;
    HPyThreadState state;
    (void)ctx;
    if (hpykit_trace.on_enter != NULL) {
        hpykit_trace_call_hook(hpykit_trace.on_enter, id_leave);
    }
    start = hpykit_trace_now();
    state = hpykit_trace.inner->ctx_LeavePythonExecution(hpykit_trace.inner);
    /* no GIL from here: other threads may be counting this member too; no hook. The
       GIL's release is slow anyway: every call is timed. */
    start = hpykit_trace_now() - start;
    pthread_mutex_lock(&nogil_lock);
    hpykit_trace.durations[id_leave] += start;
    hpykit_trace.counts[id_leave]++;
    pthread_mutex_unlock(&nogil_lock);
    return state;
}

void trace_ctx_ReenterPythonExecution(HPyContext *ctx, HPyThreadState state)
{
    /* no GIL until the inner call returns: no on_enter hook; every call is timed */
    uint64_t start = hpykit_trace_now();
    (void)ctx;
    hpykit_trace.inner->ctx_ReenterPythonExecution(hpykit_trace.inner, state);
    hpykit_trace.durations[id_reenter] += hpykit_trace_now() - start;
    hpykit_trace.counts[id_reenter]++;
    if (hpykit_trace.on_exit != NULL) {
        hpykit_trace_call_hook(hpykit_trace.on_exit, id_reenter);
    }
}
