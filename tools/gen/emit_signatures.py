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
        "/* A loader accepts a module whose major equals its own and whose minor is not newer.",
        "   HPYKIT_ABI_VERSION_MINOR_MAX is the newest minor hpykit implements; a module targets",
        "   HPY_TARGET_ABI_MINOR (default 0, exactly HPy 0.9.0, loadable by every hpy0 loader)",
        "   and its HPy_MODINIT reports that as the minor it requires. */",
        f"#define HPY_ABI_VERSION {abi['major']}",
        f"#define HPYKIT_ABI_VERSION_MINOR_MAX {abi['minor']}",
        "#ifndef HPY_TARGET_ABI_MINOR",
        "#  define HPY_TARGET_ABI_MINOR 0",
        "#endif",
        "#if HPY_TARGET_ABI_MINOR < 0 || HPY_TARGET_ABI_MINOR > HPYKIT_ABI_VERSION_MINOR_MAX",
        f'#  error "HPY_TARGET_ABI_MINOR must be between 0 and {abi["minor"]}"',
        "#endif",
        "#define HPY_ABI_VERSION_MINOR HPY_TARGET_ABI_MINOR",
        f'#define HPY_ABI_TAG "{abi["tag"]}"',
        f'#define HPY_VERSION "{abi["version"]}"',
        "",
        "/* What a call to API of a newer minor than the build targets says. */",
        "#if defined(__GNUC__) || defined(__clang__)",
        *[f'#  define _HPy_NEEDS_ABI_MINOR_{m} _HPy_EXTERN_DECL __attribute__((error("this function needs '
          f'HPy ABI {abi["major"]}.{m}: build with -DHPY_TARGET_ABI_MINOR={m} (the module then needs a loader '
          f'implementing {abi["major"]}.{m}, such as hpykit)")))' for m in range(1, abi["minor"] + 1)],
        "#else",
        *[f"#  define _HPy_NEEDS_ABI_MINOR_{m} _HPy_EXTERN_DECL" for m in range(1, abi["minor"] + 1)],
        "#endif",
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
