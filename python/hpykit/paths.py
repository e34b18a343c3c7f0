"""Where hpykit's headers and helper libraries are.

Installed, they live inside the package (``hpykit/include``,
``hpykit/lib/<abi>/``). In a source checkout with an in-place build
(``python setup.py build_ext --inplace``) the headers are read straight from
the repository's ``include/`` so that edits are seen without reinstalling; the
libraries are then in ``python/hpykit/lib/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hpykit.abitag import HPY_ABIS

_PACKAGE_DIR = Path(__file__).resolve().parent

HELPERS_LIBRARY_NAME = "hpykit-helpers"


def _source_checkout() -> Path | None:
    """The repository root if this package runs from ``<repo>/python/hpykit``."""
    root = _PACKAGE_DIR.parent.parent
    if _PACKAGE_DIR.parent.name != "python":
        return None
    if (root / "include" / "hpy.h").is_file() and (root / "loader").is_dir():
        return root
    return None


def include_dir() -> Path:
    """The directory to put on the include path for ``#include "hpy.h"``."""
    root = _source_checkout()
    if root is not None:
        return root / "include"
    return _PACKAGE_DIR / "include"


def forbid_python_h_dir() -> Path:
    """The directory whose ``Python.h`` is an ``#error`` (first in universal builds)."""
    return include_dir() / "hpy" / "forbid_python_h"


def helpers_library_abi(abi: str) -> str:
    """The ABI whose helper library an ``abi`` build links (hybrid uses universal)."""
    if abi not in HPY_ABIS:
        raise ValueError(
            f"helpers_library_abi: invalid abi {abi!r} (expected one of {', '.join(HPY_ABIS)})"
        )
    return "cpython" if abi == "cpython" else "universal"


def helpers_library_filename() -> str:
    """File name of the static helper library on this platform."""
    if sys.platform == "win32":
        return f"{HELPERS_LIBRARY_NAME}.lib"
    return f"lib{HELPERS_LIBRARY_NAME}.a"


def helpers_library(abi: str) -> Path | None:
    """The static runtime-helper library for ``abi``, or None if it was not built."""
    path = _PACKAGE_DIR / "lib" / helpers_library_abi(abi) / helpers_library_filename()
    return path if path.is_file() else None
