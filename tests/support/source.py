"""Turn a test's C snippet into a complete module source.

Conventions: ``#include "hpy.h"`` is prepended; a line ``@EXPORT(sym)`` adds the
``HPyDef sym`` to the module's defines (the line itself disappears); a line
``@INIT`` becomes the module definition and ``HPy_MODINIT``. A snippet without
``@INIT`` is a complete module. Line numbers in compiler messages are those of
the snippet.
"""

from __future__ import annotations

import re

_EXPORT = re.compile(r"@EXPORT\(\s*([A-Za-z_]\w*)\s*\)")
_DIRECTIVE = re.compile(r"\s*@")


class SourceError(ValueError):
    """The snippet uses the ``@`` conventions wrongly."""


def _init_block(name: str, exports: list[str]) -> str:
    defines = "".join(f"&{sym}, " for sym in exports)
    return (
        f"static HPyDef *moduledefs[] = {{ {defines}NULL }}; "
        f"static HPyModuleDef moduledef = {{ .doc = \"hpykit test module {name}\", "
        f".size = 0, .legacy_methods = NULL, .defines = moduledefs, .globals = NULL }}; "
        f"HPy_MODINIT({name}, moduledef)"
    )


def expand_source(source: str, name: str) -> str:
    """The full C source of module ``name`` from a test snippet."""
    lines = source.splitlines()
    exports: list[str] = []
    for line in lines:
        match = _EXPORT.fullmatch(line.strip())
        if match is not None:
            exports.append(match.group(1))
    out: list[str] = []
    inits = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if _EXPORT.fullmatch(stripped):
            out.append("")
        elif stripped == "@INIT":
            inits += 1
            out.append(_init_block(name, exports))
        elif _DIRECTIVE.match(line):
            raise SourceError(f"line {number}: unknown directive {stripped!r}")
        else:
            out.append(line)
    if inits > 1:
        raise SourceError("@INIT appears more than once")
    if exports and not inits:
        raise SourceError("@EXPORT needs an @INIT line")
    header = f'#include "hpy.h"\n#line 1 "{name}.c"\n'
    return header + "\n".join(out) + "\n"
