"""Debug mode: the mechanical part of the debug context (loader/debug/).

Every member not marked `debug = "hand"` in the spec gets a wrapper that checks its handle
arguments (HPy_NULL only where the spec says `nullable`), forwards to the universal context
and wraps an HPy result in a new debug handle. A bad handle raises where the member can
fail (its `error` value) and is a fatal error elsewhere. The generic trampoline signatures
get their debug dispatch here too; everything else is hand-written in loader/debug/*.c."""

from __future__ import annotations

from typing import List

from .cdecl import Param, is_handle, is_pyobject
from .output import Generated, c_banner, guard
from .spec import Signature, Slot, Spec

CTX_PATH = "loader/debug/autogen_debug_ctx.c"
HEADER_PATH = "loader/debug/autogen_debug_ctx.h"

# Types a generated wrapper cannot pass through unchanged: they hold handles (or are the
# loader's own objects) and need a hand-written member.
_NOT_MECHANICAL = {
    "HPy *", "const HPy *", "HPyListBuilder", "HPyTupleBuilder", "HPyTracker", "HPyField",
    "HPyField *", "HPyGlobal", "HPyGlobal *", "HPyType_SpecParam *", "cpy_PyObject *",
}


def _decl(returns: str, name: str, params: str) -> str:
    sep = "" if returns.endswith("*") else " "
    return f"{returns}{sep}{name}({params})"


def debug_name(slot: Slot) -> str:
    return "debug_" + slot.member


def _check_mechanical(slot: Slot) -> None:
    fn = slot.fn
    types = [p.ctype for p in fn.params] + [fn.returns]
    bad = sorted({t for t in types if t in _NOT_MECHANICAL})
    if bad:
        raise ValueError(
            f"spec: {fn.name} uses {', '.join(bad)}: its debug member cannot be generated; "
            'write it in loader/debug/ and mark it debug = "hand"'
        )
    names = {p.name for p in fn.params if is_handle(p.ctype)}
    unknown = sorted(set(slot.nullable) - names)
    if unknown:
        raise ValueError(f"spec: {fn.name}: nullable names no handle parameter: {', '.join(unknown)}")


def _fallback(slot: Slot) -> str:
    """What a wrapper returns after a bad handle was reported."""
    error = slot.error_value
    returns = slot.fn.returns
    if returns == "void":
        return "return;"
    if error is not None:
        return f"return {error};"
    if returns.endswith("*"):
        return "return NULL;"
    return f"return ({returns})0;"


def wrapper(slot: Slot) -> List[str]:
    _check_mechanical(slot)
    fn = slot.fn
    handles = [p for p in fn.params[1:] if is_handle(p.ctype)]
    raises = slot.error_value is not None
    args = ["uctx"] + [f"u_{p.name}" if is_handle(p.ctype) else p.name for p in fn.params[1:]]
    call = f"uctx->{slot.member}({', '.join(args)})"
    ctx_flags = "HPYKIT_DH_RAISES" if raises else "0"
    out = [f"static {_decl(fn.returns, debug_name(slot), fn.param_list())}", "{",
           f'    HPyContext *uctx = hpykit_debug_enter(ctx, "{fn.name}", {ctx_flags});']
    checks = ["uctx == NULL"] if raises else []
    if handles:
        out.append("    HPy " + ", ".join(f"u_{p.name}" for p in handles) + ";")
        for p in handles:
            flags = ["HPYKIT_DH_RAISES"] if raises else []
            if p.name in slot.nullable:
                flags.append("HPYKIT_DH_NULLABLE")
            checks.append(f'hpykit_dh_unwrap(ctx, {p.name}, &u_{p.name}, "{fn.name}", '
                          f'{" | ".join(flags) or "0"}) < 0')
    if checks:
        out.append("    if (" + " ||\n        ".join(checks) + ") {")
        out += [f"        {_fallback(slot)}", "    }"]
    if fn.returns == "void":
        out.append(f"    {call};")
    elif is_handle(fn.returns):
        out.append(f"    return hpykit_dh_wrap(ctx, {call});")
    else:
        out.append(f"    return {call};")
    out.append("}")
    return out


def _dispatch_arg(tp: Param, ip: Param) -> str:
    if is_pyobject(tp.ctype) and is_handle(ip.ctype):
        return f"hpykit_dh_arg(ctx, a->{tp.name})"
    if tp.ctype != ip.ctype:
        return f"({ip.ctype})a->{tp.name}"
    return f"a->{tp.name}"


def dispatch_case(sig: Signature) -> List[str]:
    """Arguments become fresh debug handles, closed after the call; an HPy result is
    turned into the new reference CPython expects."""
    assert sig.trampoline is not None and sig.impl is not None
    t, impl = sig.trampoline, sig.impl
    pairs = list(zip(t.params, impl.params[1:]))
    out = [f"    case {sig.enum}: {{", f"        _HPyFunc_args_{sig.name} *a = (_HPyFunc_args_{sig.name} *)args;"]
    args = ["ctx"]
    handles = []
    for i, (tp, ip) in enumerate(pairs):
        if is_pyobject(tp.ctype) and is_handle(ip.ctype):
            out.append(f"        HPy h{i} = {_dispatch_arg(tp, ip)};")
            args.append(f"h{i}")
            handles.append(f"h{i}")
        else:
            args.append(_dispatch_arg(tp, ip))
    call = f"_HPy_FUNC_CAST({sig.typedef}, func)({', '.join(args)})"
    if t.returns == "void":
        out.append(f"        {call};")
    elif is_handle(impl.returns):
        out.append(f'        a->result = hpykit_dh_result(ctx, {call}, "{sig.enum}");')
    else:
        out.append(f"        a->result = {call};")
    out += [f"        hpykit_dh_close_arg(ctx, {h});" for h in handles]
    out += ["        return 1;", "    }"]
    return out


def header(spec: Spec) -> Generated:
    out = [c_banner("emit_debug"), f"#ifndef {guard(HEADER_PATH)}", f"#define {guard(HEADER_PATH)}", "",
           "/* The debug context's hand-written members (in loader/debug/). */"]
    for slot in spec.functions():
        if slot.debug == "hand":
            fn = slot.fn
            out.append(_decl(fn.returns, debug_name(slot), fn.param_list()) + ";")
    out += ["", "/* autogen_debug_ctx.c */",
            "void hpykit_debug_fill_members(HPyContext *ctx, HPyContext *uctx);",
            "int hpykit_debug_dispatch_generic(HPyContext *ctx, HPyFunc_Signature sig, "
            "HPyCFunction func, void *args);",
            "", f"#endif /* {guard(HEADER_PATH)} */", ""]
    return Generated(HEADER_PATH, "\n".join(out))


def source(spec: Spec) -> Generated:
    out = [c_banner("emit_debug"), '#include "debug/debug_internal.h"', ""]
    for slot in spec.functions():
        if slot.debug != "hand":
            out += wrapper(slot) + [""]
    out += [
        "/* Context constants become permanent debug handles; every function member is the",
        "   debug wrapper, generated above or hand-written. */",
        "void hpykit_debug_fill_members(HPyContext *ctx, HPyContext *uctx)",
        "{",
    ]
    for slot in spec.slots:
        if slot.is_handle:
            out.append(f"    ctx->{slot.member} = hpykit_dh_constant(ctx, uctx->{slot.member});")
        else:
            out.append(f"    ctx->{slot.member} = {debug_name(slot)};")
    out += ["}", "",
            "/* A trampoline call whose signature converts mechanically; 0 if sig is not one. */",
            "int hpykit_debug_dispatch_generic(HPyContext *ctx, HPyFunc_Signature sig, "
            "HPyCFunction func, void *args)",
            "{", "    switch (sig) {"]
    for sig in spec.signatures:
        if sig.dispatch == "generic":
            out += dispatch_case(sig)
    out += ["    default:", "        return 0;", "    }", "}", ""]
    return Generated(CTX_PATH, "\n".join(out))


def emit(spec: Spec) -> List[Generated]:
    return [header(spec), source(spec)]
