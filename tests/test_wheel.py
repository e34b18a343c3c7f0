"""One wheel for every Python: ``pip wheel .`` of a universal project, installed everywhere.

The universal wheel is built once (an isolated PEP 517 build with the newest
setuptools, hpykit from a local wheel) and the same file is installed into a fresh
virtual environment of every pyenv CPython found, next to an hpykit wheel built for
that Python; each imports the module with a plain ``import``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from support.abis import selected_abis
from support.cache import REPO
from support.hpykit_wheel import hpykit_wheel_dir
from support.pythons import PythonInstall, find_pythons

MODULE_C = r"""
#include "hpy.h"

HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll", &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

static HPyDef *module_defines[] = { &add, NULL };
static HPyModuleDef moduledef = { .doc = "one wheel", .defines = module_defines };

HPy_MODINIT(mod, moduledef)
"""

# no dependency on hpykit is declared: the build adds it
PYPROJECT = """\
[build-system]
requires = ["setuptools>=64", "hpykit"]
build-backend = "setuptools.build_meta"

[project]
name = "onewheel"
version = "1.0"

[tool.setuptools]
packages = ["onewheel"]

[tool.hpykit]
hpy-abi = "{abi}"

[[tool.hpykit.ext-modules]]
name = "onewheel.mod"
sources = ["onewheel/mod.c"]
"""

PLATFORM_TAG = sysconfig.get_platform().replace("-", "_").replace(".", "_")
PYTHONS = find_pythons()

pytestmark = pytest.mark.skipif(
    "universal" not in selected_abis(), reason="the universal ABI is not selected"
)


def run(argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise AssertionError(f"{argv} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def build_wheel(root: Path, abi: str) -> Path:
    project = root / "project"
    (project / "onewheel").mkdir(parents=True)
    (project / "onewheel" / "__init__.py").write_text("")
    (project / "onewheel" / "mod.c").write_text(MODULE_C)
    (project / "pyproject.toml").write_text(PYPROJECT.format(abi=abi))
    out = root / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--find-links",
         str(hpykit_wheel_dir()), "-w", str(out), "."], cwd=project)
    (wheel,) = out.glob("onewheel-1.0-*.whl")
    return wheel


@pytest.fixture(scope="module")
def universal_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("universal-wheel"), "universal")


def metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read("onewheel-1.0.dist-info/METADATA").decode()


def test_universal_wheel_is_tagged_for_every_python(universal_wheel: Path) -> None:
    assert universal_wheel.name == f"onewheel-1.0-py3-none-{PLATFORM_TAG}.whl"


def test_universal_wheel_requires_hpykit(universal_wheel: Path) -> None:
    assert "Requires-Dist: hpykit" in metadata(universal_wheel).splitlines()


def test_universal_wheel_holds_the_binary_and_no_stub(universal_wheel: Path) -> None:
    with zipfile.ZipFile(universal_wheel) as archive:
        names = archive.namelist()
    assert "onewheel/mod.hpy0.so" in names
    assert "onewheel/mod.py" not in names


def interpreter_wheel_tag() -> str:
    """The python and ABI tags of this interpreter's own wheels: cp311-cp311, or on PyPy
    pp39-pypy39_pp73 (a hybrid binary's C-API part is PyPy's cpyext there)."""
    major, minor = sys.version_info[:2]
    if sys.implementation.name == "pypy":
        pypy = sys.implementation.version
        return f"pp{major}{minor}-pypy{major}{minor}_pp{pypy.major}{pypy.minor}"
    return f"cp{major}{minor}-cp{major}{minor}"


def test_hybrid_wheel_stays_per_interpreter(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "hybrid")
    assert wheel.name.startswith(f"onewheel-1.0-{interpreter_wheel_tag()}-")
    assert "Requires-Dist: hpykit" in metadata(wheel).splitlines()


def _build_python(python: PythonInstall) -> Path:
    """The .venvs/<X.Y> interpreter (it has setuptools and wheel) that builds hpykit."""
    venv_python = REPO / ".venvs" / python.short / "bin" / "python"
    if not venv_python.is_file():
        pytest.skip(f"no .venvs/{python.short}: run scripts/test.py once to make it")
    return venv_python


@pytest.mark.skipif(not PYTHONS, reason="no pyenv CPython found")
@pytest.mark.skipif("cpython" not in selected_abis(),
                    reason="installs into every Python: runs once, in the run of every ABI")
@pytest.mark.parametrize("python", PYTHONS, ids=[p.short for p in PYTHONS])
def test_the_same_wheel_installs_and_imports_on(
    python: PythonInstall, universal_wheel: Path, tmp_path: Path
) -> None:
    builder = _build_python(python)
    (hpykit_wheel,) = hpykit_wheel_dir(str(builder)).glob("hpykit-*.whl")
    venv = tmp_path / "venv"
    run([str(python.executable), "-m", "venv", "--without-pip", str(venv)])
    target = venv / "bin" / "python"
    # the pip of the target's own version: with --python, pip runs inside the target, and
    # the pip of an older Python may not run on a newer one
    pip = [str(builder), "-m", "pip", "--python", str(target), "install", "-q",
           "--disable-pip-version-check"]
    run([*pip, str(hpykit_wheel)])  # hpykit's own dependencies come from the index
    # offline: pip resolves onewheel's dependency on hpykit against what is installed
    run([*pip, "--no-index", "--find-links", str(universal_wheel.parent), "onewheel"])
    code = ("import sys, onewheel.mod as m; "
            "print(sys.version_info[:2] == ({}, {}), m.add(40, 2), m.__file__.endswith('mod.hpy0.so'))")
    out = run([str(target), "-c", code.format(*python.version)], cwd=tmp_path).stdout
    assert out == "True 42 True\n"


PYPY = shutil.which("pypy3")


@pytest.mark.skipif(PYPY is None, reason="no pypy3 (scripts/test.py installs it when run as root)")
@pytest.mark.skipif("cpython" not in selected_abis(),
                    reason="installs into PyPy: runs once, in the run of every ABI")
def test_the_same_wheel_installs_and_imports_on_pypy(universal_wheel: Path, tmp_path: Path) -> None:
    builder = REPO / ".venvs" / "pypy" / "bin" / "python"
    if not builder.is_file():
        pytest.skip("no .venvs/pypy: run scripts/test.py once to make it")
    (hpykit_wheel,) = hpykit_wheel_dir(str(builder)).glob("hpykit-*.whl")
    venv = tmp_path / "venv"
    run([str(PYPY), "-m", "venv", "--without-pip", str(venv)])
    target = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(target), "install", "-q",
           "--disable-pip-version-check"]
    run([*pip, str(hpykit_wheel)])
    run([*pip, "--no-index", "--find-links", str(universal_wheel.parent), "onewheel"])
    code = ("import sys, onewheel.mod as m; "
            "print(sys.implementation.name, m.add(40, 2), m.__file__.endswith('mod.hpy0.so'))")
    assert run([str(target), "-c", code], cwd=tmp_path).stdout == "pypy 42 True\n"
