/* _HPy_CallRealFunctionFromTrampoline on CPython: every universal trampoline lands here
   with its CPython-side arguments packed in a struct. Handles are the PyObject pointers
   themselves, so arguments are borrowed as they are and a returned handle is the new
   reference CPython expects. The switch over signatures is generated
   (autogen_dispatch.h); the signatures whose conversion is not mechanical are here. Each
   signature has its own small function so that the switch is a jump table of tail calls
   and the common path pays for no large stack frame. */
#include "ctx/ctx.h"

/* Not inlined into the dispatcher on purpose: the switch then tail-calls each one. */
#if defined(__GNUC__) || defined(__clang__)
#  define HPYKIT_CALL_FUNC static __attribute__((noinline))
#else
#  define HPYKIT_CALL_FUNC static
#endif

HPYKIT_CALL_FUNC void hpykit_call_VARARGS(HPyContext *ctx, HPyCFunction func, void *args)
{
    _HPyFunc_args_VARARGS *a = (_HPyFunc_args_VARARGS *)args;
    a->result = _h2py(_HPy_FUNC_CAST(HPyFunc_varargs, func)(
        ctx, _py2h(a->self), _arr_py2h(a->args), (size_t)a->nargs));
}

HPYKIT_CALL_FUNC void hpykit_call_KEYWORDS(HPyContext *ctx, HPyCFunction func, void *args)
{
    _HPyFunc_args_KEYWORDS *a = (_HPyFunc_args_KEYWORDS *)args;
    a->result = _h2py(_HPy_FUNC_CAST(HPyFunc_keywords, func)(
        ctx, _py2h(a->self), _arr_py2h(a->args), (size_t)PyVectorcall_NARGS(a->nargsf),
        _py2h(a->kwnames)));
}

/* tp_new and tp_init: the argument tuple's items are the argument array. */
HPYKIT_CALL_FUNC void hpykit_call_NEWFUNC(HPyContext *ctx, HPyCFunction func, void *args)
{
    _HPyFunc_args_NEWFUNC *a = (_HPyFunc_args_NEWFUNC *)args;
    a->result = _h2py(_HPy_FUNC_CAST(HPyFunc_newfunc, func)(
        ctx, _py2h(a->self), _arr_py2h(&PyTuple_GET_ITEM(a->args, 0)),
        PyTuple_GET_SIZE(a->args), _py2h(a->kw)));
}

HPYKIT_CALL_FUNC void hpykit_call_INITPROC(HPyContext *ctx, HPyCFunction func, void *args)
{
    _HPyFunc_args_INITPROC *a = (_HPyFunc_args_INITPROC *)args;
    a->result = _HPy_FUNC_CAST(HPyFunc_initproc, func)(
        ctx, _py2h(a->self), _arr_py2h(&PyTuple_GET_ITEM(a->args, 0)),
        PyTuple_GET_SIZE(a->args), _py2h(a->kw));
}

/* HPy_buffer has Py_buffer's layout, and its owner handle is the same pointer. */
HPYKIT_CALL_FUNC void hpykit_call_GETBUFFERPROC(HPyContext *ctx, HPyCFunction func, void *args)
{
    _HPyFunc_args_GETBUFFERPROC *a = (_HPyFunc_args_GETBUFFERPROC *)args;
    a->result = _HPy_FUNC_CAST(HPyFunc_getbufferproc, func)(
        ctx, _py2h(a->self), (HPy_buffer *)a->view, a->flags);
}

HPYKIT_CALL_FUNC void hpykit_call_RELEASEBUFFERPROC(HPyContext *ctx, HPyCFunction func,
                                                 void *args)
{
    _HPyFunc_args_RELEASEBUFFERPROC *a = (_HPyFunc_args_RELEASEBUFFERPROC *)args;
    _HPy_FUNC_CAST(HPyFunc_releasebufferproc, func)(ctx, _py2h(a->self), (HPy_buffer *)a->view);
}

HPYKIT_CALL_FUNC void hpykit_call_TRAVERSEPROC(HPyContext *ctx, HPyCFunction func, void *args)
{
    _HPyFunc_args_TRAVERSEPROC *a = (_HPyFunc_args_TRAVERSEPROC *)args;
    (void)ctx;
    a->result = _HPy_CallTraverse(_HPy_FUNC_CAST(HPyFunc_traverseproc, func), a->self,
                                  a->visit, a->arg);
}

/* The argument block is the capsule itself. */
HPYKIT_CALL_FUNC void hpykit_call_CAPSULE_DESTRUCTOR(HPyContext *ctx, HPyCFunction func,
                                                  void *args)
{
    PyObject *capsule = (PyObject *)args;
    const char *name = PyCapsule_GetName(capsule);
    (void)ctx;
    _HPy_FUNC_CAST(HPyFunc_Capsule_Destructor, func)(
        name, PyCapsule_GetPointer(capsule, name), PyCapsule_GetContext(capsule));
}

HPYKIT_CALL_FUNC void hpykit_call_MOD_CREATE(HPyContext *ctx, HPyCFunction func, void *args)
{
    _HPyFunc_args_UNARYFUNC *a = (_HPyFunc_args_UNARYFUNC *)args;
    a->result = _HPy_CheckModCreateResult(
        _h2py(_HPy_FUNC_CAST(HPyFunc_mod_create, func)(ctx, _py2h(a->arg0))));
}

HPYKIT_CALL_FUNC void hpykit_call_DESTROYFUNC(HPyContext *ctx, HPyCFunction func, void *args)
{
    (void)ctx;
    (void)func;
    (void)args;
    Py_FatalError("hpykit: an HPy_tp_destroy trampoline was called; the runtime calls "
                  "HPy_tp_destroy itself");
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline, cold))
#endif
static void hpykit_bad_signature(HPyFunc_Signature sig)
{
    char message[128];
    snprintf(message, sizeof(message), "hpykit: _HPy_CallRealFunctionFromTrampoline got "
             "an unknown HPyFunc_Signature %d", (int)sig);
    Py_FatalError(message);
}

#include "ctx/autogen_dispatch.h"

void ctx_CallRealFunctionFromTrampoline(HPyContext *ctx, HPyFunc_Signature sig,
                                        HPyCFunction func, void *args)
{
    hpykit_dispatch(ctx, sig, func, args);
}
