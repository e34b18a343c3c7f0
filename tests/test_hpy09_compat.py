"""Binary compatibility with the real HPy 0.9.0 from PyPI, both directions.

* universal binaries built by hpy 0.9.0's toolchain load and pass their checks under
  hpykit's loader on every CPython found;
* universal binaries built by hpykit load and pass under hpy 0.9.0's loader on every
  CPython where hpy 0.9.0 installs (3.8-3.12);
* the hybrid module (legacy methods) both ways on the running Python.

hpy 0.9.0 lives in its own virtual environments, `.venvs/hpy09-<X.Y>`, made on first use
(pip install hpy==0.9.0). The modules and checks are in tests/compat/."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from support.abis import ABI_MODES
from support.compiler import ExtensionCompiler
from support.pythons import find_pythons

REPO = Path(__file__).resolve().parent.parent
COMPAT = Path(__file__).resolve().parent / "compat"
UNIVERSAL_MODULES = ["compat_functions", "compat_types"]
HPY09_PYTHONS = [p for p in find_pythons() if p.version <= (3, 12)]
THIS = f"{sys.version_info[0]}.{sys.version_info[1]}"


def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "w")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def hpy09_python(short: str) -> Path:
    """The python of a venv with hpy 0.9.0 for that version; made once, under a lock."""
    venv = REPO / ".venvs" / f"hpy09-{short}"
    python = venv / "bin" / "python"
    failed = venv.with_name(venv.name + ".failed")
    with _locked(venv.with_name(venv.name + ".lock")):
        if failed.exists():
            pytest.fail(f"hpy 0.9.0 does not install on Python {short}: {failed.read_text()}")
        if not (venv / ".ready").exists():
            base = next(p.executable for p in find_pythons() if p.short == short)
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([str(base), "-m", "venv", str(venv)], check=True)
            result = subprocess.run(
                [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 "hpy==0.9.0", "setuptools>=64,<81"], capture_output=True, text=True)
            if result.returncode != 0:
                failed.write_text(result.stdout[-2000:] + result.stderr[-2000:])
                pytest.fail(f"hpy 0.9.0 does not install on Python {short}: {result.stderr[-800:]}")
            (venv / ".ready").write_text("ok\n")
    return python


def hpykit_python(short: str) -> Path:
    python = REPO / ".venvs" / short / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no .venvs/{short} with hpykit (scripts/test.py makes it)")
    return python


_BUILT_BY_HPY09: Dict[str, Path] = {}


def built_by_hpy09(abi: str, tmp_root: Path) -> Path:
    """Build the compat modules with hpy 0.9.0's setuptools integration (once per ABI)."""
    if abi in _BUILT_BY_HPY09:
        return _BUILT_BY_HPY09[abi]
    out = tmp_root / f"hpy09-{abi}"
    out.mkdir(parents=True, exist_ok=True)
    names = UNIVERSAL_MODULES if abi == "universal" else ["compat_legacy"]
    for name in names:
        shutil.copy(COMPAT / f"{name}.c", out)
    (out / "setup.py").write_text(
        "from setuptools import setup, Extension\n"
        f"setup(name='compat', hpy_ext_modules=[Extension(n, sources=[n + '.c']) for n in {names!r}])\n"
    )
    python = hpy09_python(THIS if abi == "hybrid" else "3.11" if any(
        p.short == "3.11" for p in HPY09_PYTHONS) else HPY09_PYTHONS[-1].short)
    result = subprocess.run([str(python), "setup.py", "-q", f"--hpy-abi={abi}", "build_ext",
                             "--inplace"], cwd=out, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    _BUILT_BY_HPY09[abi] = out
    return out


def run_check(python: Path, loader: str, name: str, path: Path) -> None:
    result = subprocess.run([str(python), str(COMPAT / "check.py"), loader, name, str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert result.stdout.startswith(f"OK {name} with {loader}")


@pytest.fixture(scope="module")
def build_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("compat")


def hpykit_binary(toolchain, abi: str, name: str) -> Path:
    compiler = ExtensionCompiler(ABI_MODES[abi], name, toolchain)
    return compiler.compile_module((COMPAT / f"{name}.c").read_text(), name)


def _version_ids(pythons) -> list:
    return [pytest.param(p.short, id=f"py{p.short}") for p in pythons]


@pytest.mark.parametrize("name", UNIVERSAL_MODULES)
@pytest.mark.parametrize("short", _version_ids(find_pythons()))
def test_hpy09_built_universal_binary_runs_under_hpykit(name, short, build_root):
    path = built_by_hpy09("universal", build_root) / f"{name}.hpy0.so"
    run_check(hpykit_python(short), "hpykit", name, path)


@pytest.mark.parametrize("name", UNIVERSAL_MODULES)
@pytest.mark.parametrize("short", _version_ids(HPY09_PYTHONS))
def test_hpykit_built_universal_binary_runs_under_hpy09(name, short, toolchain):
    path = hpykit_binary(toolchain, "universal", name)
    run_check(hpy09_python(short), "hpy", name, path)


def test_hpy09_built_hybrid_binary_runs_under_hpykit(build_root):
    tag = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    path = built_by_hpy09("hybrid", build_root) / f"compat_legacy.hpy0-{tag}.so"
    run_check(hpykit_python(THIS), "hpykit", "compat_legacy", path)


def test_hpykit_built_hybrid_binary_runs_under_hpy09(toolchain):
    if sys.version_info >= (3, 13):
        pytest.skip("hpy 0.9.0 does not support Python 3.13")
    path = hpykit_binary(toolchain, "hybrid", "compat_legacy")
    run_check(hpy09_python(THIS), "hpy", "compat_legacy", path)


