"""include/hpy/common/autogen_signatures.h: HPyFunc_Signature, HPySlot_Slot, impl typedefs
and the HPyFunc_DECLARE expansions (the same in every ABI)."""

from __future__ import annotations

from typing import List

from .output import Generated, c_banner, guard
from .spec import Spec

PATH = "include/hpy/common/autogen_signatures.h"
VERSION_PATH = "include/hpy/common/autogen_version.h"


def version(spec: Spec) -> Generated:
    abi = spec.abi
    out = [
        c_banner("emit_signatures"),
        f"#ifndef {guard(VERSION_PATH)}",
        f"#define {guard(VERSION_PATH)}",
        "",
        "/* The ABI this header set targets; a loader accepts a module whose major equals its",
        "   own and whose minor is not newer. */",
        f"#define HPY_ABI_VERSION {abi['major']}",
        f"#define HPY_ABI_VERSION_MINOR {abi['minor']}",
        f'#define HPY_ABI_TAG "{abi["tag"]}"',
        f'#define HPY_VERSION "{abi["version"]}"',
        "",
        f"#endif /* {guard(VERSION_PATH)} */",
        "",
    ]
    return Generated(VERSION_PATH, "\n".join(out))


def emit(spec: Spec) -> List[Generated]:
    out = [c_banner("emit_signatures"), f"#ifndef {guard(PATH)}", f"#define {guard(PATH)}", ""]
    out.append("typedef enum {")
    for sig in spec.signatures:
        out.append(f"    {sig.enum} = {sig.id},")
    out.append("} HPyFunc_Signature;")
    out.append("")
    out.append("typedef enum {")
    for ts in spec.type_slots:
        out.append(f"    {ts.name} = {ts.id},")
    out.append("} HPySlot_Slot;")
    out.append("")
    out.append("/* HPySlot_SIG(slot): the HPyFunc_Signature an implementation of that slot has. */")
    out.append("#define HPySlot_SIG(SLOT) _HPySlot_SIG__##SLOT")
    for ts in spec.type_slots:
        out.append(f"#define _HPySlot_SIG__{ts.name} HPyFunc_{ts.signature}")
    out.append("")
    out.append("/* Implementation function types, one per signature. */")
    for sig in spec.signatures:
        if sig.impl is None:
            continue
        out.append(f"typedef {sig.impl.returns} (*{sig.typedef})({sig.impl.param_list()});")
    out.append("")
    out.append("/* _HPyFunc_DECLARE_<SIG>(SYM): forward declaration of an implementation. */")
    for sig in spec.signatures:
        if sig.impl is None:
            continue
        out.append(f"#define _HPyFunc_DECLARE_{sig.enum}(SYM) static {sig.impl.returns} SYM({sig.impl.param_list()})")
    out.append("")
    out.append(f"#endif /* {guard(PATH)} */")
    return [Generated(PATH, "\n".join(out) + "\n"), version(spec)]
