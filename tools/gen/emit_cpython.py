"""The CPython backend: the CPython-ABI context (handles only), the one-line ctx_* functions
that map onto the C-API, the API for CPython-ABI extensions, and their trampolines.

The ctx_* functions are shared: CPython-ABI extensions inline them, the universal loader
takes their addresses for its context table."""

from __future__ import annotations

from typing import List

from .cdecl import Param, Proto, is_handle, trampoline_to_impl
from .output import Generated, c_decl, c_header, gate_by_minor
from .spec import Signature, Slot, Spec

CTX_PATH = "include/hpy/cpython/autogen_ctx.h"
HANDLES_PATH = "include/hpy/cpython/autogen_handles.h"
IMPL_PATH = "include/hpy/cpython/autogen_ctx_impl.h"
API_PATH = "include/hpy/cpython/autogen_api.h"
TRAMPOLINES_PATH = "include/hpy/cpython/autogen_trampolines.h"


def _wrap(path: str, body: List[str]) -> Generated:
    return c_header("emit_cpython", path, body)


def _decl(returns: str, name: str, params: str) -> str:
    return c_decl(returns, name, params)


def context_struct(spec: Spec) -> List[str]:
    out = [
        "/* The CPython-ABI context is private to each translation unit: it only holds the",
        "   handles, since every function is a direct C-API call. */",
        "struct _HPyContext_s {",
        "    const char *name;",
        "    int abi_version;",
    ]
    out += [f"    HPy {s.member};" for s in spec.handles()]
    out.append("};")
    return out


def _handle_value(slot: Slot) -> str:
    expr = slot.cpython or ""
    if expr.endswith("_Type"):
        return f"(PyObject *)&{expr}"
    return expr


def fill_handles(spec: Spec) -> List[str]:
    out = [
        "/* Store the C-API object of every context handle; used by the CPython-ABI context and",
        "   by the universal loader. Context handles are never closed. Cold: see backend.h. */",
        "#ifdef _HPY_COLD_DECLARE_ONLY",
        "_HPY_COLD_DECL void _HPy_FillContextHandles(HPyContext *ctx);",
        "#else",
        "_HPY_COLD void _HPy_FillContextHandles(HPyContext *ctx)",
        "{",
    ]
    out += [f"    ctx->{s.member} = _py2h({_handle_value(s)});" for s in spec.handles()]
    out += ["}", "#endif"]
    return out


def _to_py(p: Param) -> str:
    return f"_h2py({p.name})" if is_handle(p.ctype) else p.name


def _one_line_body(slot: Slot) -> str:
    fn = slot.fn
    args = ", ".join(_to_py(p) for p in fn.params[1:])
    call = f"{slot.cpython}({args})"
    if fn.returns == "void":
        return f"{call};"
    if is_handle(fn.returns):
        return f"return _py2h({call});"
    return f"return {call};"


# The C-API parameter type a one-liner's argument most likely meets. A guess is enough:
# _HPY_TAIL_CALL checks it against the real declaration and falls back to a plain call.
_CPYTHON_PARAM = {"HPy_ssize_t": "Py_ssize_t", "int64_t": "long long",
                  "uint64_t": "unsigned long long", "int32_t": "long",
                  "uint32_t": "unsigned long", "bool": "long"}


def _cpython_param(p: Param) -> str:
    return "PyObject *" if is_handle(p.ctype) else _CPYTHON_PARAM.get(p.ctype, p.ctype)


def one_liner(slot: Slot) -> List[str]:
    """The loader's ctx_<Name> for a member that is one C-API call. One that returns a
    handle jumps to the C-API function instead of calling it, where the declaration
    allows (include/hpy/cpython/tail_call.h)."""
    fn = slot.fn
    if not is_handle(fn.returns):
        return [f"static inline {_decl(fn.returns, slot.member, fn.param_list())}", "{",
                "    (void)ctx;", f"    {_one_line_body(slot)}", "}"]
    params = ", ".join(_cpython_param(p) for p in fn.params[1:]) or "void"
    args = ", ".join(_to_py(p) for p in fn.params[1:])
    plain = f"_py2h({slot.cpython}({args}))"
    return [
        f"_HPY_TAIL_DECLARE({slot.cpython}, ({params}))",
        f"static inline {_decl(fn.returns, slot.member, fn.param_list())}",
        "{",
        "    (void)ctx;",
        f"    return _HPY_TAIL_CALL({slot.cpython}, PyObject *(*)({params}), ({args}),",
        f"                          {plain});",
        "}",
    ]


def api_function(slot: Slot) -> List[str]:
    fn = slot.fn
    if slot.impl == "call" and not slot.wrapper_returns:
        # the C-API call itself: no ctx_ layer to parse in every CPython-ABI build
        return gate_by_minor(slot.since, _decl(fn.returns, fn.name, fn.param_list()),
                             [f"HPyAPI_FUNC {_decl(fn.returns, fn.name, fn.param_list())}", "{",
                              "    (void)ctx;", f"    {_one_line_body(slot)}", "}"])
    call = f"{slot.member}({', '.join(p.name for p in fn.params)})"
    if slot.wrapper_returns:
        inner = ["    (void)ctx;", f"    {_one_line_body(slot)}"] if slot.impl == "call" else [f"    {call};"]
        return [f"HPyAPI_FUNC {_decl(slot.wrapper_returns, fn.name, fn.param_list())}",
                "{", *inner, "    return HPy_NULL;", "}"]
    body = f"    {call};" if fn.returns == "void" else f"    return {call};"
    return gate_by_minor(slot.since, _decl(fn.returns, fn.name, fn.param_list()),
                         [f"HPyAPI_FUNC {_decl(fn.returns, fn.name, fn.param_list())}", "{", body, "}"])


def _py_type(ctype: str) -> str:
    return ctype.replace("cpy_", "")


def trampoline(sig: Signature) -> List[str]:
    """CPython-ABI trampoline: call the implementation directly, converting arguments."""
    assert sig.trampoline is not None and sig.impl is not None
    t, impl = sig.trampoline, sig.impl
    params = ", ".join(f"{_py_type(p.ctype)}{'' if p.ctype.endswith('*') else ' '}{p.name}" for p in t.params)
    pairs = zip(t.params, impl.params[1:])
    args = ["_HPyGetContext()"] + [trampoline_to_impl(tp.name, tp.ctype, ip.ctype) for tp, ip in pairs]
    call = f"IMPL({', '.join(args)})"
    if t.returns == "void":
        body = f"{call};"
    elif is_handle(impl.returns):
        body = f"return _h2py({call});"
    else:
        body = f"return {call};"
    returns = _py_type(t.returns)
    return [
        f"#define _HPyFunc_TRAMPOLINE_{sig.enum}(SYM, IMPL) \\",
        f"    static {_decl(returns, 'SYM', params)} \\",
        f"    {{ {body} }}",
    ]


def emit(spec: Spec) -> List[Generated]:
    impls: List[str] = []
    api: List[str] = []
    for slot in spec.functions():
        if slot.impl == "call":
            impls += one_liner(slot) + [""]
        if slot.in_cpython_abi:
            api += api_function(slot) + [""]
    tramps: List[str] = []
    for sig in spec.signatures:
        if sig.dispatch == "generic":
            tramps += trampoline(sig) + [""]
    return [
        _wrap(CTX_PATH, context_struct(spec)),
        _wrap(HANDLES_PATH, fill_handles(spec)),
        _wrap(IMPL_PATH, impls),
        _wrap(API_PATH, api),
        _wrap(TRAMPOLINES_PATH, tramps),
    ]


__all__ = ["emit", "Proto"]
