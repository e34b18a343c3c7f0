"""Parse the C prototypes of the spec with pycparser (no hand-written C parsing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from pycparser import c_ast, c_generator, c_parser

# Every type name the spec uses; pycparser only needs to know that they are types.
_TYPE_NAMES = """
HPy HPyContext HPy_ssize_t HPy_hash_t HPy_UCS4 int32_t uint32_t int64_t uint64_t size_t
bool wchar_t va_list HPyListBuilder HPyTupleBuilder HPyTracker HPyField HPyGlobal
HPyThreadState HPyType_Spec HPyType_SpecParam HPyFunc_Signature HPyCFunction
HPyCapsule_Destructor _HPyCapsule_key HPy_SourceKind HPyType_BuiltinShape HPyCallFunction
cpy_PyObject cpy_Py_buffer cpy_PyModuleDef cpy_visitproc HPy_buffer HPy_RichCmpOp
HPyFunc_visitproc HPyStructSequence_Desc
""".split()
_PREAMBLE = "".join(f"typedef int {name};\n" for name in _TYPE_NAMES)
_GEN = c_generator.CGenerator()


@dataclass(frozen=True)
class Param:
    ctype: str  # the type alone, e.g. "const char *"
    name: str
    decl: str  # type and name as C text, e.g. "const char *utf8_name", "HPy items[]"


@dataclass(frozen=True)
class Proto:
    name: str
    returns: str
    params: List[Param]

    def param_list(self) -> str:
        return ", ".join(p.decl for p in self.params) or "void"

    def type_list(self) -> str:
        return ", ".join(p.ctype for p in self.params) or "void"


def _type_text(node: c_ast.Node) -> str:
    """C text of a type with the declarator name removed, in `T *` style."""
    text: str = _GEN.visit(node)
    return text.replace(" *", " *").strip()


def _strip_name(node: c_ast.Node) -> c_ast.Node:
    """Remove the identifier from a declarator so that only the type is printed."""
    inner = node
    while not isinstance(inner, c_ast.TypeDecl):
        inner = inner.type
    inner.declname = None
    return node


def _param(decl: c_ast.Node, index: int) -> Param:
    if isinstance(decl, c_ast.Typename):
        name = f"arg{index}"
        full = _GEN.visit(decl)
        return Param(ctype=_normalise(full), name=name, decl=_normalise(full) + " " + name)
    assert isinstance(decl, c_ast.Decl)
    name = decl.name
    full = _normalise(_GEN.visit(decl))
    if isinstance(decl.type, c_ast.ArrayDecl):
        # `HPy items[]` is a pointer for every purpose but declarations
        elem = _normalise(_GEN.visit(_strip_name(decl.type.type)))
        return Param(ctype=elem + " *", name=name, decl=full)
    ctype = _normalise(_GEN.visit(_strip_name(decl.type)))
    return Param(ctype=ctype, name=name, decl=full)


def _normalise(text: str) -> str:
    text = " ".join(text.split())
    return text.replace("* ", "*").replace(" *", " *").replace("*const", "* const")


def parse_prototype(text: str) -> Proto:
    """Parse `RET NAME(PARAMS)`."""
    ast = c_parser.CParser().parse(_PREAMBLE + text + ";")
    decl = ast.ext[-1]
    func = decl.type
    assert isinstance(func, c_ast.FuncDecl), text
    params: List[Param] = []
    if func.args is not None:
        for i, p in enumerate(func.args.params):
            if isinstance(p, c_ast.EllipsisParam):
                params.append(Param(ctype="...", name="...", decl="..."))
                continue
            if isinstance(p, c_ast.Typename) and _GEN.visit(p) == "void":
                continue
            params.append(_param(p, i))
    returns = _normalise(_GEN.visit(_strip_name(func.type)))
    return Proto(name=decl.name, returns=returns, params=params)


def parse_function_type(text: str, name: str = "f") -> Proto:
    """Parse an anonymous function type `RET (PARAMS)` as written in the spec."""
    open_paren = text.index("(")
    return parse_prototype(text[:open_paren].strip() + " " + name + text[open_paren:])


def is_handle(ctype: str) -> bool:
    return ctype == "HPy"


def is_pyobject(ctype: str) -> bool:
    return ctype == "cpy_PyObject *"


def trampoline_to_impl(expr: str, from_ctype: str, to_ctype: str) -> str:
    """Convert a CPython-side trampoline argument to the implementation's parameter type
    (on the CPython backend a handle is the PyObject pointer itself)."""
    if is_pyobject(from_ctype) and is_handle(to_ctype):
        return f"_py2h({expr})"
    if from_ctype != to_ctype:
        return f"({to_ctype}){expr}"
    return expr


def optional(value: object) -> Optional[str]:
    return value if isinstance(value, str) else None
