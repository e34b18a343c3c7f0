"""PyPy backend: the mechanical part of the bridge (loader/pypy/).

On PyPy the hpy0 context forwards to PyPy's native HPy 0.0.4 context. Three files:

* autogen_ctx004.h: PyPy's 0.0.4 context struct, declared from tools/pypy/context004.tsv
  (facts printed by tools/pypy/probe004.c) with hpykit's own type names;
* autogen_bridge_ctx.c: one member per hpy0 function slot. Where PyPy has a member of the
  same name and the same C types, a one-line forwarder; members listed in HAND are written
  in loader/pypy/bridge_api.c; the rest report that PyPy lacks them;
* autogen_bridge_thunks.c: per-signature libffi closure handlers that call an hpy0 impl
  with the hpy0 context in place of PyPy's (the signatures PyPy and hpy0 share in shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

from .output import Generated, c_banner, guard
from .spec import REPO, Signature, Slot, Spec

FACTS_PATH = REPO / "tools" / "pypy" / "context004.tsv"
CTX004_PATH = "loader/pypy/autogen_ctx004.h"
CTX_PATH = "loader/pypy/autogen_bridge_ctx.c"
THUNKS_PATH = "loader/pypy/autogen_bridge_thunks.c"
HAND_PATH = "loader/pypy/autogen_bridge_hand.h"

# hpy0 members whose PyPy version is written by hand (loader/pypy/bridge_*.c): PyPy lacks
# them, has them with other struct types (type specs), or crashes where hpy0 defines the
# behaviour (HPy_NULL arguments, cancelled builders).
HAND = frozenset("""
ctx_Type_FromSpec ctx_CallRealFunctionFromTrampoline
ctx_Long_FromInt32_t ctx_Long_FromUInt32_t ctx_Long_FromInt64_t ctx_Long_FromUInt64_t
ctx_Long_AsInt32_t ctx_Long_AsUInt32_t ctx_Long_AsUInt32_tMask ctx_Long_AsInt64_t
ctx_Long_AsUInt64_t ctx_Long_AsUInt64_tMask ctx_Bool_FromBool
ctx_AsStruct_Object ctx_AsStruct_Legacy ctx_AsStruct_Type ctx_AsStruct_Long ctx_AsStruct_Float
ctx_AsStruct_Unicode ctx_AsStruct_Tuple ctx_AsStruct_List ctx_AsStruct_Dict
ctx_Type_GetBuiltinShape ctx_DelItem ctx_DelItem_i ctx_DelItem_s
ctx_Compile_s ctx_EvalCode ctx_ContextVar_New ctx_ContextVar_Get ctx_ContextVar_Set
ctx_Type_GetName ctx_Type_IsSubtype ctx_Unicode_FromEncodedObject ctx_Unicode_Substring
ctx_Dict_Keys ctx_Dict_Copy ctx_Call ctx_CallMethod ctx_List_Insert
ctx_GetSlice ctx_SetSlice ctx_DelSlice ctx_GetIter ctx_Iter_Next ctx_Iter_Check ctx_Slice_New
ctx_Long_Check ctx_Float_Check ctx_Bool_Check ctx_Module_GetState ctx_Slice_Unpack
ctx_Dup ctx_Close ctx_Field_Load ctx_SetAttr ctx_SetAttr_s ctx_Tuple_FromArray
ctx_ListBuilder_New ctx_ListBuilder_Set ctx_ListBuilder_Build ctx_ListBuilder_Cancel
ctx_TupleBuilder_New ctx_TupleBuilder_Set ctx_TupleBuilder_Build ctx_TupleBuilder_Cancel
ctx_List_New ctx_List_Append ctx_Err_SetFromErrnoWithFilename ctx_Err_SetFromErrnoWithFilenameObjects
""".split())

# hpy0 members PyPy has, written by hand because PyPy accepts what hpy0 rejects or raises
# other errors: they check their arguments, or fix the error PyPy's member left, and
# otherwise forward (bridge_long.c, bridge_unicode.c, bridge_api.c); and capsules, which
# PyPy lacks (bridge_capsule.c).
HAND |= frozenset("""
ctx_Long_AsVoidPtr ctx_Long_AsDouble ctx_Number_Check ctx_GetAttr ctx_Bytes ctx_CallTupleDict
ctx_Err_WarnEx ctx_Err_WriteUnraisable ctx_Dump
ctx_Bytes_Size ctx_Bytes_AsString ctx_Bytes_FromStringAndSize
ctx_Unicode_FromString ctx_Unicode_AsASCIIString ctx_Unicode_AsLatin1String
ctx_Unicode_AsUTF8String ctx_Unicode_AsUTF8AndSize ctx_Unicode_ReadChar
ctx_Unicode_EncodeFSDefault
ctx_Capsule_New ctx_Capsule_Get ctx_Capsule_IsValid ctx_Capsule_Set
""".split())

# hpy0 members PyPy has but the bridge keeps itself: PyPy's globals of its debug and
# universal contexts share one table (bridge_global.c).
HAND |= frozenset("ctx_Global_Store ctx_Global_Load".split())

# 0.0.4 struct types get hpykit names; HPy and the other handle structs are the same.
_RENAME = {
    "HPyContext": "hpykit_ctx004",
    "HPyModuleDef": "hpykit_moduledef004",
    "HPyType_Spec": "hpykit_typespec004",
    "HPyType_SpecParam": "hpykit_specparam004",
    "HPyFunc_Signature": "int",
    "HPyCFunction": "void *",
}


@dataclass(frozen=True)
class Member004:
    offset: int
    name: str
    kind: str  # "data" or "fn"
    ctype: str  # the data type, or the function's result type
    params: Tuple[str, ...]  # function parameter types after the context


def load_facts(path: Path = FACTS_PATH) -> List[Member004]:
    members = []
    for line in path.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        offset, name, kind, ctype, params = line.split("\t")
        members.append(Member004(int(offset), name, kind, ctype,
                                 tuple(p.strip() for p in params.split(",") if p.strip())))
    return members


def _c_type(t: str) -> str:
    base = t.rstrip("*")
    stars = t[len(base):]
    words = [_RENAME.get(w, w) for w in base.split()]
    text = " ".join(words)
    return f"{text} {stars}" if stars else text


def _norm(t: str) -> str:
    return re.sub(r"\s+", "", t.replace("const", "").replace("[]", "*"))


def header(members: List[Member004]) -> Generated:
    out = [c_banner("emit_pypy").replace("spec/api.toml", "tools/pypy/context004.tsv"),
           f"#ifndef {guard(CTX004_PATH)}", f"#define {guard(CTX004_PATH)}", "",
           "typedef struct hpykit_ctx004_s hpykit_ctx004;",
           "typedef struct hpykit_moduledef004_s hpykit_moduledef004;",
           "typedef struct hpykit_typespec004_s hpykit_typespec004;",
           "typedef struct hpykit_specparam004_s hpykit_specparam004;", "",
           "/* PyPy's native HPy 0.0.4 context (offsets in the comments). */",
           "struct hpykit_ctx004_s {"]
    for m in members:
        if m.kind == "data":
            decl = f"{_c_type(m.ctype)} {m.name};".replace("* ", "*")
        else:
            params = ", ".join(["hpykit_ctx004 *ctx"] + [_c_type(p) for p in m.params])
            ret = _c_type(m.ctype)
            sep = "" if ret.endswith("*") else " "
            decl = f"{ret}{sep}(*{m.name})({params});"
        out.append(f"    {decl:<100} /* {m.offset} */")
    out += ["};", "", f"#define HPYKIT_CTX004_SIZE {members[-1].offset + 8}", "",
            f"#endif /* {guard(CTX004_PATH)} */", ""]
    return Generated(CTX004_PATH, "\n".join(out))


def _same(slot: Slot, member: Member004) -> bool:
    fn = slot.fn
    ours = [_norm(p.ctype) for p in fn.params[1:]]
    return (member.kind == "fn" and _norm(fn.returns) == _norm(member.ctype)
            and ours == [_norm(p) for p in member.params])


def _arg(ours: str, name: str, theirs: str) -> str:
    """An argument as PyPy's member takes it: a cast where only const differs."""
    if "const" in ours and "const" not in theirs:
        return f"({_c_type(theirs)}){name}"
    return name


def _decl(slot: Slot) -> str:
    fn = slot.fn
    sep = "" if fn.returns.endswith("*") else " "
    return f"{fn.returns}{sep}pp_{slot.member}({fn.param_list()})"


def classify(spec: Spec, members: List[Member004]) -> Dict[str, str]:
    """hpy0 member -> "forward", "hand" or "missing"."""
    by_name = {m.name: m for m in members}
    kinds = {}
    for slot in spec.functions():
        member = by_name.get(slot.member)
        if slot.member in HAND:
            kinds[slot.member] = "hand"
        elif member is not None and _same(slot, member):
            kinds[slot.member] = "forward"
        else:
            kinds[slot.member] = "missing"
    return kinds


def source(spec: Spec, members: List[Member004]) -> Generated:
    kinds = classify(spec, members)
    by_name = {m.name: m for m in members}
    names004 = set(by_name)
    out = [c_banner("emit_pypy"), '#include "pypy/bridge.h"', ""]
    for slot in spec.functions():
        kind = kinds[slot.member]
        if kind == "hand":
            continue
        fn = slot.fn
        out.append(f"static {_decl(slot)}")
        if kind == "forward":
            args = ", ".join(["PP(ctx)"] + [_arg(p.ctype, p.name, t) for p, t in
                                            zip(fn.params[1:], by_name[slot.member].params)])
            call = f"PP(ctx)->{slot.member}({args})"
            out.append(f"{{ {call}; }}" if fn.returns == "void" else f"{{ return {call}; }}")
        else:
            unused = " ".join(f"(void){p.name};" for p in fn.params[1:])
            report = f'hpykit_pp_missing(ctx, "{slot.api}");'
            error = slot.error_value
            ret = "" if fn.returns == "void" else (
                f" return {error};" if error else f" return ({fn.returns})0;")
            out.append(f"{{ {unused} {report}{ret} }}".replace("{  ", "{ "))
    out += ["", "void hpykit_pp_fill_functions(HPyContext *ctx)", "{"]
    out += [f"    ctx->{s.member} = pp_{s.member};" for s in spec.functions()]
    out += ["}", "", "void hpykit_pp_fill_handles(HPyContext *ctx, hpykit_ctx004 *pp)", "{"]
    out += [f"    ctx->{s.member} = pp->{s.member};" for s in spec.handles() if s.member in names004]
    out += ["}", "", "/* hpy0 handles PyPy's context lacks: builtin name, NULL for hand-made. */",
            "const hpykit_pp_extra_handle hpykit_pp_extra_handles[] = {"]
    for s in spec.handles():
        if s.member not in names004:
            out.append(f'    {{offsetof(HPyContext, {s.member}), "{s.member}"}},')
    out += ["    {0, NULL},", "};", ""]
    return Generated(CTX_PATH, "\n".join(out))


# hpy0 signatures whose impl PyPy can call through a closure that only swaps the context:
# the same C shape on both sides (HPy_buffer has the same layout in both ABIs; PyPy's own
# number for a signature matters only for methods, where 1-4 agree).
_FFI = {"HPy": "HPYKIT_FFI_INTPTR", "HPy_ssize_t": "HPYKIT_FFI_INTPTR", "size_t": "HPYKIT_FFI_INTPTR",
        "HPy_hash_t": "HPYKIT_FFI_INTPTR", "int": "&ffi_type_sint", "HPy_RichCmpOp": "&ffi_type_sint",
        "void": "&ffi_type_void"}


def _ffi(ctype: str) -> str:
    return "&ffi_type_pointer" if ctype.endswith("*") else _FFI[ctype]


def _swappable(sig: Signature) -> bool:
    impl = sig.impl
    return (impl is not None and bool(impl.params) and impl.params[0].ctype == "HPyContext *"
            and sig.name != "KEYWORDS")


def thunks(spec: Spec) -> Generated:
    out = [c_banner("emit_pypy"), '#include "pypy/bridge.h"', ""]
    table = []
    for sig in spec.signatures:
        if not _swappable(sig):
            continue
        impl = sig.impl
        assert impl is not None
        name = sig.name.lower()
        args = ["t->ctx"] + [f"*({p.ctype} *)args[{i}]" for i, p in enumerate(impl.params) if i > 0]
        call = f"(({sig.typedef})t->impl)({', '.join(args)})"
        out += [f"static void swap_{name}(ffi_cif *cif, void *ret, void **args, void *data)", "{",
                "    const hpykit_pp_thunk *t = (const hpykit_pp_thunk *)data;", "    (void)cif;"]
        if impl.returns == "void":
            out += ["    (void)ret;", f"    {call};"]
        elif impl.returns == "HPy":
            out += [f"    *(ffi_sarg *)ret = (ffi_sarg){call}._i;"]
        else:
            out += [f"    *(ffi_sarg *)ret = (ffi_sarg){call};"]
        out += ["}", ""]
        types = ", ".join(_ffi(p.ctype) for p in impl.params)
        out += [f"static ffi_type *types_{name}[] = {{{types}}};", ""]
        table.append(f"    [{sig.enum}] = {{swap_{name}, {_ffi(impl.returns)}, {len(impl.params)}, "
                     f"types_{name}}},")
    out += ["const hpykit_pp_shape hpykit_pp_swap_shapes[HPYKIT_PP_NSIGS] = {"] + table + ["};", ""]
    return Generated(THUNKS_PATH, "\n".join(out))


def hand_header(spec: Spec) -> Generated:
    out = [c_banner("emit_pypy"), f"#ifndef {guard(HAND_PATH)}", f"#define {guard(HAND_PATH)}", "",
           "/* The members of the PyPy bridge's hpy0 context written by hand. */"]
    out += [f"{_decl(s)};" for s in spec.functions() if s.member in HAND]
    out += ["", f"#endif /* {guard(HAND_PATH)} */", ""]
    return Generated(HAND_PATH, "\n".join(out))


def emit(spec: Spec) -> List[Generated]:
    members = load_facts()
    return [header(members), hand_header(spec), source(spec, members), thunks(spec)]


if __name__ == "__main__":
    from .output import write_all
    from .spec import load

    for written in write_all(emit(load())):
        print(f"wrote {written}")
