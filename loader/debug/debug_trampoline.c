/* _HPy_CallRealFunctionFromTrampoline of the debug context: CPython arguments become
   fresh debug handles, the implementation runs with the debug context, the argument
   handles are closed when it returns (so that keeping one is caught) and the handle it
   returns must be open and its own; it is turned into the new reference CPython expects.
   Signatures that convert mechanically are in autogen_debug_ctx.c. Each call passes the
   implementation its own copy of the debug context (see debug_ctx.c). */
#include "debug/debug_internal.h"

#include <stdlib.h>

#define SMALL 16

/* Debug handles for n CPython arguments, in `small` if they fit. */
static HPy *args_to_handles(HPyContext *ctx, PyObject *const *objs, Py_ssize_t n, HPy *small)
{
    Py_ssize_t i;
    HPy *handles = small;
    if (n > SMALL) {
        handles = (HPy *)malloc((size_t)n * sizeof(HPy));
        if (handles == NULL) {
            Py_FatalError("hpykit debug mode: no memory for argument handles");
        }
    }
    for (i = 0; i < n; i++) {
        handles[i] = hpykit_dh_arg(ctx, objs[i]);
    }
    return handles;
}

static void close_handles(HPyContext *ctx, HPy *handles, Py_ssize_t n, HPy *small)
{
    Py_ssize_t i;
    for (i = 0; i < n; i++) {
        hpykit_dh_close_arg(ctx, handles[i]);
    }
    if (handles != small) {
        free(handles);
    }
}

static PyObject *const *tuple_items(PyObject *tuple)
{
    return &PyTuple_GET_ITEM(tuple, 0);
}

/* An int result (0 / -1) with a check that the implementation left no closed handle in
   the buffer it filled. */
static int buffer_result(HPyContext *ctx, int status, Py_buffer *view)
{
    HPy obj;
    if (status < 0) {
        return status;
    }
    obj._i = (intptr_t)view->obj; /* the impl stored a debug handle there */
    view->obj = NULL;
    if (!HPy_IsNull(obj)) {
        view->obj = hpykit_dh_result(ctx, obj, "HPyFunc_GETBUFFERPROC");
        if (view->obj == NULL) {
            return -1;
        }
    }
    return status;
}

static void dispatch(HPyContext *ctx, HPyFunc_Signature sig, HPyCFunction func, void *args)
{
    HPy small[SMALL], *handles;
    switch (sig) {
    case HPyFunc_VARARGS: {
        _HPyFunc_args_VARARGS *a = (_HPyFunc_args_VARARGS *)args;
        HPy self = hpykit_dh_arg(ctx, a->self);
        handles = args_to_handles(ctx, a->args, a->nargs, small);
        a->result = hpykit_dh_result(ctx, _HPy_FUNC_CAST(HPyFunc_varargs, func)(
            ctx, self, handles, (size_t)a->nargs), "HPyFunc_VARARGS");
        close_handles(ctx, handles, a->nargs, small);
        hpykit_dh_close_arg(ctx, self);
        return;
    }
    case HPyFunc_KEYWORDS: {
        _HPyFunc_args_KEYWORDS *a = (_HPyFunc_args_KEYWORDS *)args;
        Py_ssize_t nargs = PyVectorcall_NARGS(a->nargsf);
        Py_ssize_t n = nargs + (a->kwnames != NULL ? PyTuple_GET_SIZE(a->kwnames) : 0);
        HPy self = hpykit_dh_arg(ctx, a->self), kwnames = hpykit_dh_arg(ctx, a->kwnames);
        handles = args_to_handles(ctx, a->args, n, small);
        a->result = hpykit_dh_result(ctx, _HPy_FUNC_CAST(HPyFunc_keywords, func)(
            ctx, self, handles, (size_t)nargs, kwnames), "HPyFunc_KEYWORDS");
        close_handles(ctx, handles, n, small);
        hpykit_dh_close_arg(ctx, kwnames);
        hpykit_dh_close_arg(ctx, self);
        return;
    }
    case HPyFunc_NEWFUNC: {
        _HPyFunc_args_NEWFUNC *a = (_HPyFunc_args_NEWFUNC *)args;
        Py_ssize_t n = PyTuple_GET_SIZE(a->args);
        HPy self = hpykit_dh_arg(ctx, a->self), kw = hpykit_dh_arg(ctx, a->kw);
        handles = args_to_handles(ctx, tuple_items(a->args), n, small);
        a->result = hpykit_dh_result(ctx, _HPy_FUNC_CAST(HPyFunc_newfunc, func)(
            ctx, self, handles, n, kw), "HPyFunc_NEWFUNC");
        close_handles(ctx, handles, n, small);
        hpykit_dh_close_arg(ctx, kw);
        hpykit_dh_close_arg(ctx, self);
        return;
    }
    case HPyFunc_INITPROC: {
        _HPyFunc_args_INITPROC *a = (_HPyFunc_args_INITPROC *)args;
        Py_ssize_t n = PyTuple_GET_SIZE(a->args);
        HPy self = hpykit_dh_arg(ctx, a->self), kw = hpykit_dh_arg(ctx, a->kw);
        handles = args_to_handles(ctx, tuple_items(a->args), n, small);
        a->result = _HPy_FUNC_CAST(HPyFunc_initproc, func)(ctx, self, handles, n, kw);
        close_handles(ctx, handles, n, small);
        hpykit_dh_close_arg(ctx, kw);
        hpykit_dh_close_arg(ctx, self);
        return;
    }
    case HPyFunc_GETBUFFERPROC: {
        _HPyFunc_args_GETBUFFERPROC *a = (_HPyFunc_args_GETBUFFERPROC *)args;
        HPy self = hpykit_dh_arg(ctx, a->self);
        int status = _HPy_FUNC_CAST(HPyFunc_getbufferproc, func)(
            ctx, self, (HPy_buffer *)a->view, a->flags);
        a->result = buffer_result(ctx, status, (Py_buffer *)a->view);
        hpykit_dh_close_arg(ctx, self);
        return;
    }
    case HPyFunc_RELEASEBUFFERPROC: {
        _HPyFunc_args_RELEASEBUFFERPROC *a = (_HPyFunc_args_RELEASEBUFFERPROC *)args;
        Py_buffer *view = (Py_buffer *)a->view;
        PyObject *owner = view->obj;
        HPy self = hpykit_dh_arg(ctx, a->self), h_owner = hpykit_dh_arg(ctx, owner);
        ((HPy_buffer *)view)->obj = h_owner;
        _HPy_FUNC_CAST(HPyFunc_releasebufferproc, func)(ctx, self, (HPy_buffer *)view);
        view->obj = owner;
        hpykit_dh_close_arg(ctx, h_owner);
        hpykit_dh_close_arg(ctx, self);
        return;
    }
    case HPyFunc_TRAVERSEPROC: {
        _HPyFunc_args_TRAVERSEPROC *a = (_HPyFunc_args_TRAVERSEPROC *)args;
        /* fields hold objects in debug mode too: no handles involved */
        a->result = _HPy_CallTraverse(_HPy_FUNC_CAST(HPyFunc_traverseproc, func), a->self,
                                      a->visit, a->arg);
        return;
    }
    case HPyFunc_CAPSULE_DESTRUCTOR: {
        PyObject *capsule = (PyObject *)args;
        const char *name = PyCapsule_GetName(capsule);
        _HPy_FUNC_CAST(HPyFunc_Capsule_Destructor, func)(
            name, PyCapsule_GetPointer(capsule, name), PyCapsule_GetContext(capsule));
        return;
    }
    case HPyFunc_MOD_CREATE: {
        _HPyFunc_args_UNARYFUNC *a = (_HPyFunc_args_UNARYFUNC *)args;
        HPy spec = hpykit_dh_arg(ctx, a->arg0);
        a->result = _HPy_CheckModCreateResult(hpykit_dh_result(
            ctx, _HPy_FUNC_CAST(HPyFunc_mod_create, func)(ctx, spec), "HPy_mod_create"));
        hpykit_dh_close_arg(ctx, spec);
        return;
    }
    case HPyFunc_DESTROYFUNC:
        Py_FatalError("hpykit: an HPy_tp_destroy trampoline was called; the runtime calls "
                      "HPy_tp_destroy itself");
        return;
    default:
        if (!hpykit_debug_dispatch_generic(ctx, sig, func, args)) {
            Py_FatalError("hpykit debug mode: _HPy_CallRealFunctionFromTrampoline got an "
                          "unknown HPyFunc_Signature");
        }
        return;
    }
}

void debug_ctx_CallRealFunctionFromTrampoline(HPyContext *ctx, HPyFunc_Signature sig,
                                              HPyCFunction func, void *args)
{
    /* the implementation gets a context of its own, invalid once it returns */
    HPyContext *call_ctx = hpykit_debug_call_begin(ctx);
    dispatch(call_ctx, sig, func, args);
    hpykit_debug_call_end(call_ctx);
}
