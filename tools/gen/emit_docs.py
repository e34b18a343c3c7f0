"""docs/api-reference.md: the API reference, one table per family."""

from __future__ import annotations

from collections import OrderedDict
from typing import Dict, List

from .output import Generated, md_banner
from .spec import Slot, Spec

PATH = "docs/api-reference.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(slot: Slot) -> str:
    if slot.is_handle:
        sig = f"`HPy ctx->{slot.member}`"
    else:
        fn = slot.fn
        returns = slot.wrapper_returns or fn.returns
        sig = f"`{returns} {fn.name}({fn.param_list()})`"
    notes = []
    if slot.cpython:
        notes.append(f"C-API: `{slot.cpython}`")
    if slot.abi == "universal":
        notes.append("universal/hybrid only")
    if slot.since:
        notes.append(f"since ABI {0}.{slot.since}")
    return f"| {slot.id} | {_cell(sig)} | {_cell(slot.doc)} | {_cell('; '.join(notes))} |"


def emit(spec: Spec) -> List[Generated]:
    families: Dict[str, List[Slot]] = OrderedDict()
    for slot in spec.slots:
        families.setdefault(slot.family, []).append(slot)
    out = [
        md_banner("emit_docs"),
        "# API reference",
        "",
        f"hpykit implements the HPy {spec.abi['version']} API, universal ABI tag "
        f"`{spec.abi['tag']}` (versions {spec.abi['major']}.0 to {spec.abi['major']}.{spec.abi['minor']}; "
        "0.0 is exactly HPy 0.9.0, later minors need `-DHPY_TARGET_ABI_MINOR`). "
        "Every function takes the context first. The slot number is the member's index "
        "in the universal context.",
        "",
    ]
    for family, slots in families.items():
        out += [f"## {family}", "", "| slot | declaration | meaning | notes |", "|---|---|---|---|"]
        out += [_row(s) for s in slots]
        out.append("")
    out += ["## Helpers (not context members)", "", "| name | kind | meaning |", "|---|---|---|"]
    for h in spec.helpers:
        sig = f"`{h.returns} {h.name}({h.params})`"
        out.append(f"| {_cell(sig)} | {h.where} | {_cell(h.doc)} |")
    out.append("")
    return [Generated(PATH, "\n".join(out))]
