/* _HPy_CallRealFunctionFromTrampoline on CPython: every universal trampoline lands here
   with its CPython-side arguments packed in a struct. Handles are the PyObject pointers
   themselves, so arguments are borrowed as they are and a returned handle is the new
   reference CPython expects. */
#include "ctx/ctx.h"
#include "ctx/autogen_dispatch.h"

void ctx_CallRealFunctionFromTrampoline(HPyContext *ctx, HPyFunc_Signature sig,
                                        HPyCFunction func, void *args)
{
    switch (sig) {
    case HPyFunc_VARARGS: {
        _HPyFunc_args_VARARGS *a = (_HPyFunc_args_VARARGS *)args;
        a->result = _h2py(_HPy_FUNC_CAST(HPyFunc_varargs, func)(
            ctx, _py2h(a->self), _arr_py2h(a->args), (size_t)a->nargs));
        return;
    }
    case HPyFunc_KEYWORDS: {
        _HPyFunc_args_KEYWORDS *a = (_HPyFunc_args_KEYWORDS *)args;
        a->result = _h2py(_HPy_FUNC_CAST(HPyFunc_keywords, func)(
            ctx, _py2h(a->self), _arr_py2h(a->args), (size_t)PyVectorcall_NARGS(a->nargsf),
            _py2h(a->kwnames)));
        return;
    }
    case HPyFunc_NEWFUNC: {
        _HPyFunc_args_NEWFUNC *a = (_HPyFunc_args_NEWFUNC *)args;
        a->result = _h2py(_HPy_FUNC_CAST(HPyFunc_newfunc, func)(
            ctx, _py2h(a->self), _arr_py2h(&PyTuple_GET_ITEM(a->args, 0)),
            PyTuple_GET_SIZE(a->args), _py2h(a->kw)));
        return;
    }
    case HPyFunc_INITPROC: {
        _HPyFunc_args_INITPROC *a = (_HPyFunc_args_INITPROC *)args;
        a->result = _HPy_FUNC_CAST(HPyFunc_initproc, func)(
            ctx, _py2h(a->self), _arr_py2h(&PyTuple_GET_ITEM(a->args, 0)),
            PyTuple_GET_SIZE(a->args), _py2h(a->kw));
        return;
    }
    case HPyFunc_GETBUFFERPROC: {
        _HPyFunc_args_GETBUFFERPROC *a = (_HPyFunc_args_GETBUFFERPROC *)args;
        a->result = _HPy_FUNC_CAST(HPyFunc_getbufferproc, func)(
            ctx, _py2h(a->self), (HPy_buffer *)a->view, a->flags);
        return;
    }
    case HPyFunc_RELEASEBUFFERPROC: {
        _HPyFunc_args_RELEASEBUFFERPROC *a = (_HPyFunc_args_RELEASEBUFFERPROC *)args;
        _HPy_FUNC_CAST(HPyFunc_releasebufferproc, func)(ctx, _py2h(a->self),
                                                        (HPy_buffer *)a->view);
        return;
    }
    case HPyFunc_TRAVERSEPROC: {
        _HPyFunc_args_TRAVERSEPROC *a = (_HPyFunc_args_TRAVERSEPROC *)args;
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
        a->result = _HPy_CheckModCreateResult(
            _h2py(_HPy_FUNC_CAST(HPyFunc_mod_create, func)(ctx, _py2h(a->arg0))));
        return;
    }
    case HPyFunc_DESTROYFUNC:
        Py_FatalError("hpykit: an HPy_tp_destroy trampoline was called; the runtime calls "
                      "HPy_tp_destroy itself");
        return;
    default:
        if (!hpykit_dispatch_generic(ctx, sig, func, args)) {
            Py_FatalError("hpykit: _HPy_CallRealFunctionFromTrampoline got an unknown "
                          "HPyFunc_Signature");
        }
        return;
    }
}
