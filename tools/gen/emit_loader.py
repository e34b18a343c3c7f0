"""The universal loader on CPython: the table of context functions, and the dispatch of
_HPy_CallRealFunctionFromTrampoline over every signature (mechanical conversions inline)."""

from __future__ import annotations

from typing import List

from .cdecl import is_handle, trampoline_to_impl
from .output import Generated, c_banner, guard
from .spec import Signature, Spec

TABLE_PATH = "loader/ctx/autogen_ctx_table.c"
DISPATCH_PATH = "loader/ctx/autogen_dispatch.h"


def table(spec: Spec) -> Generated:
    out = [
        c_banner("emit_loader"),
        '#include "ctx/ctx.h"',
        "",
        "#include <stddef.h>",
        "",
        "/* The universal ABI fixes every member's offset: 24 + 8 * slot id on LP64. */",
        "#if INTPTR_MAX == INT64_MAX",
    ]
    for s in spec.slots:
        out.append(
            f"_Static_assert(offsetof(struct _HPyContext_s, {s.member}) == {24 + 8 * s.id}, "
            f'"context slot {s.id} ({s.member}) moved");'
        )
    out += [
        f"_Static_assert(sizeof(struct _HPyContext_s) == {24 + 8 * len(spec.slots)}, \"context size changed\");",
        "#endif",
        "",
        "/* Point every function member of ctx at its CPython implementation. */",
        "void hpykit_ctx_fill_functions(HPyContext *ctx)",
        "{",
    ]
    out += [f"    ctx->{s.member} = {s.member};" for s in spec.functions()]
    out += ["}", ""]
    return Generated(TABLE_PATH, "\n".join(out))


def call_function(sig: Signature) -> List[str]:
    """hpykit_call_<NAME>: unpack the trampoline's struct, call the implementation, store
    the result. One small function per signature, so that the dispatching switch only
    jumps and needs no stack frame of its own."""
    assert sig.trampoline is not None and sig.impl is not None
    t, impl = sig.trampoline, sig.impl
    pairs = zip(t.params, impl.params[1:])
    args = ["ctx"] + [trampoline_to_impl(f"a->{tp.name}", tp.ctype, ip.ctype) for tp, ip in pairs]
    call = f"_HPy_FUNC_CAST({sig.typedef}, func)({', '.join(args)})"
    if t.returns == "void":
        stmt = f"{call};"
    elif is_handle(impl.returns):
        stmt = f"a->result = _h2py({call});"
    else:
        stmt = f"a->result = {call};"
    return [
        f"HPYKIT_CALL_FUNC void hpykit_call_{sig.name}(HPyContext *ctx, HPyCFunction func, void *args)",
        "{",
        f"    _HPyFunc_args_{sig.name} *a = (_HPyFunc_args_{sig.name} *)args;",
        f"    {stmt}",
        "}",
        "",
    ]


def dispatch(spec: Spec) -> Generated:
    """One switch over every signature, each case a tail call: the mechanical conversions
    are generated here, the special ones are hpykit_call_<NAME>() functions that
    ctx_trampoline.c writes by hand before including this file."""
    out = [
        c_banner("emit_loader"),
        f"#ifndef {guard(DISPATCH_PATH)}",
        f"#define {guard(DISPATCH_PATH)}",
        "",
    ]
    for sig in spec.signatures:
        if sig.dispatch == "generic":
            out += call_function(sig)
    out += [
        "static inline void hpykit_dispatch(HPyContext *ctx, HPyFunc_Signature sig,",
        "                                   HPyCFunction func, void *args)",
        "{",
        "    switch (sig) {",
    ]
    for sig in spec.signatures:
        if sig.dispatch in ("generic", "special"):
            out += [f"    case {sig.enum}:", f"        hpykit_call_{sig.name}(ctx, func, args);",
                    "        return;"]
    out += ["    default:", "        hpykit_bad_signature(sig);", "        return;", "    }", "}", "",
            f"#endif /* {guard(DISPATCH_PATH)} */", ""]
    return Generated(DISPATCH_PATH, "\n".join(out))


def emit(spec: Spec) -> List[Generated]:
    return [table(spec), dispatch(spec)]
