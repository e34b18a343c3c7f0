"""The CPython interpreters (3.8-3.13) installed with pyenv.

``python3 tests/support/pythons.py`` prints which were found and which are
missing; the test runner and the ``python_versions`` fixture use
:func:`find_pythons`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = ((3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13))

_RELEASE = re.compile(r"(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class PythonInstall:
    version: tuple[int, int]
    release: str
    executable: Path

    @property
    def short(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


def pyenv_root() -> Path | None:
    """``$PYENV_ROOT``, else what ``pyenv root`` says, else ``~/.pyenv`` if present."""
    configured = os.environ.get("PYENV_ROOT")
    if configured:
        return Path(configured)
    pyenv = shutil.which("pyenv")
    if pyenv is not None:
        result = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout.strip():
            return Path(result.stdout.strip())
    default = Path.home() / ".pyenv"
    return default if default.is_dir() else None


def find_pythons(root: Path | None = None) -> list[PythonInstall]:
    """The newest pyenv CPython release of each supported minor version, oldest first."""
    if root is None:
        root = pyenv_root()
    if root is None or not (root / "versions").is_dir():
        return []
    best: dict[tuple[int, int], tuple[int, PythonInstall]] = {}
    for entry in (root / "versions").iterdir():
        match = _RELEASE.fullmatch(entry.name)
        executable = entry / "bin" / "python3"
        if match is None or not executable.is_file():
            continue
        major, minor, patch = (int(g) for g in match.groups())
        version = (major, minor)
        if version not in SUPPORTED:
            continue
        if version not in best or best[version][0] < patch:
            best[version] = (patch, PythonInstall(version, entry.name, executable))
    return [best[v][1] for v in sorted(best)]


def describe(found: list[PythonInstall]) -> str:
    """Two lines: the interpreters found and the supported versions missing."""
    have = {p.version for p in found}
    found_text = ", ".join(f"{p.release} ({p.executable})" for p in found) or "none"
    missing = [f"{v[0]}.{v[1]}" for v in SUPPORTED if v not in have]
    return f"CPython found: {found_text}\nCPython missing: {', '.join(missing) or 'none'}"


if __name__ == "__main__":
    print(describe(find_pythons()))
