"""The per-Python virtual environments that the demo and the test runner share:
``.venvs/<X.Y>``, one per pyenv CPython found, each with hpykit installed from this tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parent.parent
VENVS = REPO / ".venvs"
sys.path.insert(0, str(REPO / "tests"))

from support.pythons import PythonInstall  # noqa: E402

# tomli too: setup.py puts python/ on sys.path, where an install for another Python has
# left hpykit.egg-info; setuptools then runs hpykit's own setup hook, which reads TOML
BUILD_DEPS = ["setuptools>=64", "wheel", "tomli>=1.1; python_version < '3.11'"]


def venv_python(version: str) -> Path:
    return VENVS / version / "bin" / "python"


def _quiet(argv: Sequence[str]) -> bool:
    result = subprocess.run(list(argv), cwd=REPO, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        print(f"$ {' '.join(argv)}\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.returncode == 0


def make_venv(python: PythonInstall) -> bool:
    """Create ``.venvs/<X.Y>`` (again, if it is broken); True when it works."""
    return make_named_venv(python.short, python.executable)


def make_named_venv(name: str, interpreter: Path) -> bool:
    """Create ``.venvs/<name>`` from that interpreter (again, if it is broken)."""
    target = VENVS / name
    executable = venv_python(name)
    if executable.is_file() and _quiet([str(executable), "-c", "pass"]):
        return True
    shutil.rmtree(target, ignore_errors=True)
    return _quiet([str(interpreter), "-m", "venv", str(target)])


def pip_install(version: str, args: Sequence[str]) -> bool:
    return _quiet([str(venv_python(version)), "-m", "pip", "install", "-q",
                   "--disable-pip-version-check", *args])


def ensure_pypy_venv(pypy: Path) -> bool:
    """``.venvs/pypy`` with hpykit (its PyPy bridge needs libffi's headers)."""
    print("PyPy: preparing .venvs/pypy with hpykit ...", flush=True)
    return (make_named_venv("pypy", pypy) and pip_install("pypy", BUILD_DEPS)
            and pip_install("pypy", ["--no-build-isolation", "."]))


def ensure_hpykit_venv(python: PythonInstall) -> bool:
    """A venv for that Python with hpykit installed from this tree; prints what it did."""
    print(f"Python {python.short}: preparing .venvs/{python.short} with hpykit ...", flush=True)
    return (make_venv(python) and pip_install(python.short, BUILD_DEPS)
            and pip_install(python.short, ["--no-build-isolation", "."]))
