"""The main job, on a fresh machine: install hpykit, build the example extensions in every
ABI, show them working, and show one universal binary imported by every CPython found.

    python3 scripts/demo.py

Steps: a virtual environment per pyenv CPython 3.8-3.13 (``.venvs/<X.Y>``, shared with
scripts/test.py) with hpykit installed; examples/pof built with ``setup.py --hpy-abi=X``
for X in cpython, hybrid, universal and checked by examples/pof/check_pof.py; then the
universal pof.hpy0.so built once is loaded by every Python's venv, PyPy's too when
pypy3 is installed (through hpykit's PyPy bridge)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "scripts"))

from venvs import ensure_hpykit_venv, ensure_pypy_venv, venv_python  # noqa: E402

from support.pythons import describe, find_pythons  # noqa: E402

EXAMPLE = REPO / "examples" / "pof"
ABIS = ("cpython", "hybrid", "universal")


def run(argv: List[str], cwd: Path) -> str:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"demo: `{' '.join(argv)}` failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def build_and_check(python: Path, abi: str, workdir: Path) -> Path:
    """Build pof in its own copy of the example folder, run the checks, return the folder."""
    folder = workdir / abi
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build", "*.so", "pof.py"))
    run([str(python), "setup.py", "-q", f"--hpy-abi={abi}", "build_ext", "--inplace"], folder)
    binary = next(p.name for p in folder.glob("pof*.so"))
    print(f"  {abi:<9} -> {binary}")
    print("           " + run([str(python), "check_pof.py"], folder).strip())
    return folder


def main() -> int:
    found = find_pythons()
    print(describe(found))
    default = f"{sys.version_info[0]}.{sys.version_info[1]}"
    ready = [p.short for p in found if ensure_hpykit_venv(p)]
    pypy = shutil.which("pypy3")
    if pypy is None:
        print("PyPy: not found (scripts/test.py installs it when run as root)")
    elif not ensure_pypy_venv(Path(pypy)):
        print("PyPy: hpykit did not install there (its PyPy bridge needs libffi-dev)")
        pypy = None
    if default not in ready:
        sys.exit(f"demo: no hpykit venv for the default Python {default}")
    with tempfile.TemporaryDirectory(prefix="hpykit-demo-") as tmp:
        workdir = Path(tmp)
        print(f"\nexamples/pof built in every ABI with Python {default}:")
        universal = None
        for abi in ABIS:
            folder = build_and_check(venv_python(default), abi, workdir)
            if abi == "universal":
                universal = folder / "pof.hpy0.so"
        assert universal is not None
        print(f"\nthe same {universal.name} ({universal.stat().st_size} bytes) on every Python:")
        loader = (
            "import importlib.util, sys, hpykit.universal as u\n"
            "p = sys.argv[1]\n"
            "m = u.load('pof', p, importlib.util.spec_from_file_location('pof', p))\n"
            "print(f'Python {sys.version.split()[0]:<8} imported it: add_ints(40, 2) = "
            "{m.add_ints(40, 2)}, {m.Point(1, 2)!r}')\n"
        )
        imported = []
        for short in ready:
            out = run([str(venv_python(short)), "-c", loader, str(universal)], workdir)
            print("  " + out.strip())
            imported.append(f"CPython {short}")
        if pypy is not None:
            out = run([str(venv_python("pypy")), "-c", loader.replace("Python", "PyPy"),
                       str(universal)], workdir)
            print("  " + out.strip())
            imported.append("PyPy")
    print(f"\none universal binary, imported by {', '.join(imported)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
