"""Load spec/api.toml into typed records."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from .cdecl import Proto, parse_function_type, parse_prototype

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the generator runs on 3.11+, tomli is the fallback
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "spec" / "api.toml"


@dataclass(frozen=True)
class Slot:
    """One member of the context struct."""

    id: int
    family: str
    doc: str
    cpython: Optional[str]
    handle: Optional[str] = None  # handle members
    proto: Optional[Proto] = None  # function members
    impl: str = "hand"
    wrapper_returns: Optional[str] = None
    abi: Optional[str] = None
    via: Tuple[str, ...] = ()
    since: int = 0  # the ABI minor version that added the member
    debug: str = "generated"  # "hand": the debug context's member is written by hand
    trace: str = "generated"  # "hand": the trace context's member is written by hand
    nullable: Tuple[str, ...] = ()  # handle parameters that may be HPy_NULL
    error: Optional[str] = None  # value returned on failure; "never"; None: by result type

    @property
    def is_handle(self) -> bool:
        return self.handle is not None

    @property
    def api(self) -> str:
        if self.handle is not None:
            return self.handle
        assert self.proto is not None
        return self.proto.name

    @property
    def member(self) -> str:
        """Context member name: ctx_ + the API name without its HPy prefix."""
        if self.handle is not None:
            return self.handle
        name = self.api.lstrip("_")
        for prefix in ("HPy_", "HPy"):
            if name.startswith(prefix):
                name = name[len(prefix):]
                break
        return "ctx_" + name

    @property
    def fn(self) -> Proto:
        assert self.proto is not None, self.api
        return self.proto

    @property
    def error_value(self) -> Optional[str]:
        """The C expression returned on failure, or None if the function cannot fail."""
        if self.error is not None:
            return None if self.error == "never" else self.error
        returns = self.fn.returns
        if returns == "void":
            return "" if self.wrapper_returns else None
        if returns == "HPy":
            return "HPy_NULL"
        if returns.endswith("*"):
            return "NULL"
        return f"({returns})-1"

    @property
    def in_cpython_abi(self) -> bool:
        return self.abi != "universal"


@dataclass(frozen=True)
class Signature:
    id: int
    name: str
    dispatch: str
    universal: str
    impl: Optional[Proto]
    trampoline: Optional[Proto]
    typedef_name: Optional[str]

    @property
    def enum(self) -> str:
        return "HPyFunc_" + self.name

    @property
    def typedef(self) -> str:
        return self.typedef_name or "HPyFunc_" + self.name.lower()


@dataclass(frozen=True)
class TypeSlot:
    id: int
    name: str
    signature: str


@dataclass(frozen=True)
class Helper:
    name: str
    where: str
    returns: str
    params: str
    cpython: Optional[str]
    doc: str


@dataclass(frozen=True)
class Spec:
    abi: Dict[str, Any]
    slots: List[Slot]
    signatures: List[Signature]
    type_slots: List[TypeSlot]
    helpers: List[Helper]

    def functions(self) -> List[Slot]:
        return [s for s in self.slots if not s.is_handle]

    def handles(self) -> List[Slot]:
        return [s for s in self.slots if s.is_handle]


def _slot(raw: Dict[str, Any]) -> Slot:
    common = dict(id=raw["id"], family=raw["family"], doc=raw["doc"], cpython=raw.get("cpython"),
                  since=raw.get("since", 0))
    if "handle" in raw:
        return Slot(handle=raw["handle"], **common)
    return Slot(
        proto=parse_prototype(raw["fn"]),
        impl=raw["impl"],
        wrapper_returns=raw.get("wrapper_returns"),
        abi=raw.get("abi"),
        via=tuple(raw.get("via", ())),
        debug=raw.get("debug", "generated"),
        trace=raw.get("trace", "generated"),
        nullable=tuple(raw.get("nullable", ())),
        error=raw.get("error"),
        **common,
    )


def _signature(raw: Dict[str, Any]) -> Signature:
    impl = raw.get("impl")
    tramp = raw.get("trampoline")
    return Signature(
        id=raw["id"],
        name=raw["name"],
        dispatch=raw["dispatch"],
        universal=raw.get("universal", "generic"),
        impl=parse_function_type(impl) if impl else None,
        trampoline=parse_function_type(tramp) if tramp else None,
        typedef_name=raw.get("typedef"),
    )


def load(path: Path = SPEC_PATH) -> Spec:
    with path.open("rb") as f:
        raw = tomllib.load(f)
    slots = [_slot(s) for s in raw["slot"]]
    for index, slot in enumerate(slots):
        if slot.id != index:
            raise ValueError(f"spec: slot ids must be 0..n-1 in order; {slot.api} has {slot.id}, expected {index}")
    return Spec(
        abi=raw["abi"],
        slots=slots,
        signatures=[_signature(s) for s in raw["signature"]],
        type_slots=[TypeSlot(id=t["id"], name=t["name"], signature=t["signature"]) for t in raw["type_slot"]],
        helpers=[
            Helper(
                name=h["name"], where=h["where"], returns=h["returns"], params=h["params"],
                cpython=h.get("cpython"), doc=h["doc"],
            )
            for h in raw["helper"]
        ],
    )
