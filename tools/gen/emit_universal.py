"""The universal ABI: the context struct, the API calling through it, and the trampolines
that pack CPython-side arguments for _HPy_CallRealFunctionFromTrampoline."""

from __future__ import annotations

from typing import List

from .cdecl import Proto
from .output import Generated, c_decl, c_header, gate_by_minor
from .spec import Signature, Slot, Spec

CTX_PATH = "include/hpy/universal/autogen_ctx.h"
API_PATH = "include/hpy/universal/autogen_api.h"
TRAMPOLINES_PATH = "include/hpy/universal/autogen_trampolines.h"


def _wrap(path: str, body: List[str]) -> Generated:
    return c_header("emit_universal", path, body)


def _member_decl(slot: Slot) -> str:
    if slot.is_handle:
        return f"    HPy {slot.member};"
    fn = slot.fn
    return f"    {fn.returns} (*{slot.member})({fn.param_list()});"


def context_struct(spec: Spec) -> List[str]:
    out = [
        "/* The context: three header fields, then one 8-byte member per slot id, in spec order",
        "   (slot i at offset 24 + 8*i on LP64). Append-only. */",
        "struct _HPyContext_s {",
        "    const char *name;",
        "    void *_private;",
        "    int abi_version;",
    ]
    out += [_member_decl(s) for s in spec.slots]
    out.append("};")
    return out


def _call_args(fn: Proto) -> str:
    return ", ".join(p.name for p in fn.params)


def api_wrapper(slot: Slot) -> List[str]:
    fn = slot.fn
    if slot.family == "legacy":
        # a pure universal build only declares it, with an error attribute: any call left
        # in the code fails to compile (an inline body would hide the call once inlined)
        return ["#ifdef HPY_ABI_UNIVERSAL", f"_HPy_LEGACY_ONLY {_decl(fn.returns, fn.name, fn.param_list())};",
                "#else"] + _wrapper_body("HPyAPI_FUNC", slot) + ["#endif"]
    return gate_by_minor(slot.since, _decl(fn.returns, fn.name, fn.param_list()),
                         _wrapper_body("HPyAPI_FUNC", slot))


def _decl(returns: str, name: str, params: str) -> str:
    return c_decl(returns, name, params)


def _wrapper_body(qualifier: str, slot: Slot) -> List[str]:
    fn = slot.fn
    call = f"ctx->{slot.member}({_call_args(fn)})"
    if slot.wrapper_returns:
        return [
            f"{qualifier} {slot.wrapper_returns} {fn.name}({fn.param_list()})",
            "{",
            f"    {call};",
            "    return HPy_NULL;",
            "}",
        ]
    body = f"    {call};" if fn.returns == "void" else f"    return {call};"
    sep = "" if fn.returns.endswith("*") else " "
    return [f"{qualifier} {fn.returns}{sep}{fn.name}({fn.param_list()})", "{", body, "}"]


def trampoline(sig: Signature) -> List[str]:
    """A trampoline macro that packs its arguments and calls back into the runtime."""
    assert sig.trampoline is not None
    t = sig.trampoline
    fields = [f"    {p.decl};" for p in t.params]
    has_result = t.returns != "void"
    if has_result:
        fields.append(f"    {t.returns} result;" if not t.returns.endswith("*") else f"    {t.returns}result;")
    # a signature with nothing to pass has no argument struct (an empty struct is not C)
    struct = ["typedef struct {"] + fields + [f"}} _HPyFunc_args_{sig.name};"] if fields else []
    if sig.universal == "special":
        return struct
    # the result is zero-initialised explicitly: -Wextra flags partial initialisers
    init = ", ".join([p.name for p in t.params] + (["0"] if has_result else []))
    ret_sep = "" if t.returns.endswith("*") else " "
    lines = [
        f"#define _HPyFunc_TRAMPOLINE_{sig.enum}(SYM, IMPL) \\",
        f"    static {t.returns}{ret_sep}SYM({t.param_list()}) \\",
        "    { \\",
        f"        _HPyFunc_args_{sig.name} a = {{ {init} }}; \\",
        f"        _HPy_CallRealFunctionFromTrampoline(_ctx_for_trampolines, {sig.enum}, \\",
        "                                            _HPy_AS_CFUNCTION(IMPL), &a); \\",
    ]
    lines.append("        return a.result; \\" if has_result else "        return; \\")
    lines.append("    }")
    return struct + lines


def emit(spec: Spec) -> List[Generated]:
    api: List[str] = []
    for slot in spec.functions():
        api += api_wrapper(slot) + [""]
    tramps: List[str] = []
    for sig in spec.signatures:
        if sig.trampoline is not None:
            tramps += trampoline(sig) + [""]
    return [
        _wrap(CTX_PATH, context_struct(spec)),
        _wrap(API_PATH, api),
        _wrap(TRAMPOLINES_PATH, tramps),
    ]
