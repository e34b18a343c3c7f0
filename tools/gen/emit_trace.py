"""Trace mode: the mechanical part of the trace context (loader/trace/).

Every function member not marked `trace = "hand"` gets a two-line wrapper that counts and
times (HPYKIT_TRACE_ENTER / HPYKIT_TRACE_EXIT, in loader/trace/trace_internal.h) a direct
call of the universal context's implementation of the member, the CPython backend's
ctx_<name> (inlined: no second indirect call). Handles pass through as they are. The member names (the keys of
get_call_counts) are a table indexed by slot id."""

from __future__ import annotations

from typing import List

from .output import Generated, c_banner, guard
from .spec import Slot, Spec

CTX_PATH = "loader/trace/autogen_trace_ctx.c"
HEADER_PATH = "loader/trace/autogen_trace_ctx.h"


def trace_name(slot: Slot) -> str:
    return "trace_" + slot.member


def _decl(slot: Slot) -> str:
    fn = slot.fn
    sep = "" if fn.returns.endswith("*") else " "
    return f"{fn.returns}{sep}{trace_name(slot)}({fn.param_list()})"


def wrapper(slot: Slot) -> List[str]:
    fn = slot.fn
    args = ", ".join(["IN"] + [p.name for p in fn.params[1:]])
    call = f"{slot.member}({args})"
    enter, leave = f"HPYKIT_TRACE_ENTER({slot.id});", f"HPYKIT_TRACE_EXIT({slot.id});"
    if fn.returns == "void":
        body = f"{{ {enter} {call}; {leave} }}"
    else:
        body = f"{{ {enter} {fn.returns} r = {call}; {leave} return r; }}"
    return [f"static {_decl(slot)}", body]


def header(spec: Spec) -> Generated:
    out = [c_banner("emit_trace"), f"#ifndef {guard(HEADER_PATH)}", f"#define {guard(HEADER_PATH)}", "",
           f"#define HPYKIT_TRACE_NSLOTS {len(spec.slots)}", "",
           "/* The trace context's hand-written members (in loader/trace/). */"]
    out += [_decl(s) + ";" for s in spec.functions() if s.trace == "hand"]
    out += ["", "/* autogen_trace_ctx.c: member names by slot id (NULL for handles); the fill. */",
            "extern const char *const hpykit_trace_names[HPYKIT_TRACE_NSLOTS];",
            "void hpykit_trace_fill_members(HPyContext *ctx, HPyContext *inner);",
            "", f"#endif /* {guard(HEADER_PATH)} */", ""]
    return Generated(HEADER_PATH, "\n".join(out))


def source(spec: Spec) -> Generated:
    out = [c_banner("emit_trace"), '#include "trace/trace_internal.h"', "",
           "const char *const hpykit_trace_names[HPYKIT_TRACE_NSLOTS] = {"]
    out += [f'    "{s.member}",' if not s.is_handle else "    NULL," for s in spec.slots]
    out += ["};", "", "#define IN hpykit_trace.inner", ""]
    for slot in spec.functions():
        if slot.trace != "hand":
            out += wrapper(slot)
    out += ["", "/* Context constants are the inner context's; every function member is traced. */",
            "void hpykit_trace_fill_members(HPyContext *ctx, HPyContext *inner)", "{"]
    for slot in spec.slots:
        source_value = f"inner->{slot.member}" if slot.is_handle else trace_name(slot)
        out.append(f"    ctx->{slot.member} = {source_value};")
    out += ["}", ""]
    return Generated(CTX_PATH, "\n".join(out))


def emit(spec: Spec) -> List[Generated]:
    return [header(spec), source(spec)]
