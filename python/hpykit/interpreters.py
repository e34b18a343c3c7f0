"""The Python interpreters on this machine, for ``hpykit info``.

Looked up without running them: ``pythonX.Y`` and ``pypy3`` on ``PATH`` and the
versions pyenv installed (``$PYENV_ROOT`` or ``~/.pyenv``).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

_PYENV_VERSION = re.compile(r"(?:pypy)?\d+\.\d+(?:\.\d+)?")
_NAMES = [f"python3.{minor}" for minor in range(8, 15)] + ["pypy3"]


@dataclass(frozen=True)
class Interpreter:
    label: str
    executable: Path


def _pyenv_root() -> Path:
    configured = os.environ.get("PYENV_ROOT")
    return Path(configured) if configured else Path.home() / ".pyenv"


def find_interpreters() -> list[Interpreter]:
    """Interpreters found, pyenv ones first (by version), then the rest of PATH's."""
    found: list[Interpreter] = []
    seen: set[Path] = set()

    def add(label: str, executable: Path) -> None:
        real = executable.resolve()
        if real not in seen:
            seen.add(real)
            found.append(Interpreter(label, executable))

    versions = _pyenv_root() / "versions"
    if versions.is_dir():
        entries = [e for e in versions.iterdir() if _PYENV_VERSION.fullmatch(e.name)]
        for entry in sorted(entries, key=lambda e: [int(n) for n in re.findall(r"\d+", e.name)]):
            executable = entry / "bin" / "python3"
            if executable.is_file():
                add(f"pyenv {entry.name}", executable)
    for name in _NAMES:
        path = shutil.which(name)
        if path is not None and "shims" not in Path(path).parts:
            add(name, Path(path))
    return found
