"""The ABI modes a test runs in, and the HPYKIT_TEST_ABIS switch.

A mode names the binary to build (``build_abi``) and how to load it. Debug mode
is ``AbiMode("debug", "universal", debug=True)``: the universal binary loaded
with ``load(..., debug=True)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class AbiMode:
    name: str
    build_abi: str
    debug: bool = False

    @property
    def uses_loader(self) -> bool:
        """Whether the binary is loaded through ``hpykit.universal.load``."""
        return self.build_abi != "cpython"


ABI_MODES: dict[str, AbiMode] = {
    mode.name: mode
    for mode in (
        AbiMode("cpython", "cpython"),
        AbiMode("universal", "universal"),
        AbiMode("hybrid", "hybrid"),
        AbiMode("debug", "universal", debug=True),
    )
}

ENV_VAR = "HPYKIT_TEST_ABIS"


def selected_abis(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The mode names to test: all, or the comma list in ``$HPYKIT_TEST_ABIS``."""
    raw = environ.get(ENV_VAR, "").strip()
    if not raw:
        return list(ABI_MODES)
    names = [name.strip() for name in raw.split(",") if name.strip()]
    for name in names:
        if name not in ABI_MODES:
            raise ValueError(
                f"{ENV_VAR}: unknown ABI {name!r} (expected a comma list of {', '.join(ABI_MODES)})"
            )
    return names
