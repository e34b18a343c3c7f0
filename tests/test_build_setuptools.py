"""Building HPy extensions with setuptools (hpykit.build.setuptools).

Each test makes a small project in a temporary directory and builds it in a
subprocess, the way a user would: ``setup.py`` with ``hpy_ext_modules``, or an
isolated ``pip wheel`` of a project that declares everything in pyproject.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from hpykit.abitag import get_hpy_ext_suffix
from support.abis import ABI_MODES, selected_abis
from support.cache import REPO
from support.hpykit_wheel import hpykit_wheel_dir

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
static HPyModuleDef moduledef = {
    .doc = "sample HPy module",
    .size = 0,
    .defines = module_defines,
};

HPy_MODINIT(mod, moduledef)
"""

SETUP_PY = """\
from setuptools import Extension, setup

setup(
    name="sample",
    version="1.0",
    packages=["pkg"],
    hpy_ext_modules=[Extension("pkg.mod", sources=["pkg/mod.c"])],
)
"""

PYPROJECT_BUILD_SYSTEM = """\
[build-system]
requires = ["setuptools>=64", "hpykit"]
build-backend = "setuptools.build_meta"
"""

PYPROJECT_ONLY = (
    PYPROJECT_BUILD_SYSTEM
    + """
[project]
name = "sample"
version = "1.0"

[tool.setuptools]
packages = ["pkg"]

[tool.hpykit]
hpy-abi = "{abi}"

[[tool.hpykit.ext-modules]]
name = "pkg.mod"
sources = ["pkg/mod.c"]
"""
)

CALL_ADD = "import pkg.mod; print(pkg.mod.add(2, 40))"


_ENTRY_POINT_CHECK = """
import hpykit
from importlib.metadata import distribution
eps = distribution("hpykit").entry_points
assert any(ep.group == "distutils.setup_keywords" for ep in eps)
"""


def _hpykit_installed() -> bool:
    """Whether a Python started elsewhere finds hpykit and its setuptools entry points."""
    result = subprocess.run(
        [sys.executable, "-c", _ENTRY_POINT_CHECK],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


pytestmark = pytest.mark.skipif(
    not _hpykit_installed(), reason="needs hpykit installed (pip install .): its entry points"
)


def build_abi_of(hpy_abi: str) -> str:
    mode = ABI_MODES[hpy_abi]
    if mode.debug:
        pytest.skip("setuptools builds do not depend on the load mode")
    return mode.build_abi


def require_abi(abi: str) -> None:
    if abi not in selected_abis():
        pytest.skip(f"the {abi} ABI is not selected (HPYKIT_TEST_ABIS)")


def run(argv: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{argv} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def write_project(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"pkg/__init__.py": "", "pkg/mod.c": MODULE_C, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def check_package(pkg: Path, abi: str) -> None:
    """The binary is there under its ABI's name, with no loader stub beside it."""
    assert (pkg / ("mod" + get_hpy_ext_suffix(abi))).is_file(), sorted(p.name for p in pkg.iterdir())
    assert not (pkg / "mod.py").exists()


def setup_py(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "setup.py", *args], project, check=check)


# ---- setup.py with hpy_ext_modules --------------------------------------------------


def test_build_ext_inplace_in_each_abi(hpy_abi: str, tmp_path: Path) -> None:
    abi = build_abi_of(hpy_abi)
    project = write_project(tmp_path, {"setup.py": SETUP_PY})
    setup_py(project, f"--hpy-abi={abi}", "build_ext", "--inplace")
    check_package(project / "pkg", abi)
    assert run([sys.executable, "-c", CALL_ADD], project).stdout == "42\n"


def test_plain_import_sets_module_identity(tmp_path: Path) -> None:
    require_abi("universal")
    project = write_project(tmp_path, {"setup.py": SETUP_PY})
    setup_py(project, "--hpy-abi=universal", "build_ext", "--inplace")
    code = ("import sys, os, pkg.mod as m; "
            "print(m.__name__, sys.modules['pkg.mod'] is m, m.__doc__, os.path.basename(m.__file__))")
    assert run([sys.executable, "-c", code], project).stdout == (
        "pkg.mod True sample HPy module mod.hpy0.so\n")


def test_universal_binary_needs_no_libpython(tmp_path: Path) -> None:
    require_abi("universal")
    readelf, nm = shutil.which("readelf"), shutil.which("nm")
    if readelf is None or nm is None:
        pytest.skip("needs readelf and nm (binutils)")
    project = write_project(tmp_path, {"setup.py": SETUP_PY})
    setup_py(project, "--hpy-abi=universal", "build_ext", "--inplace")
    binary = str(project / "pkg" / "mod.hpy0.so")
    dynamic = run([readelf, "-d", binary], project).stdout
    needed = [line for line in dynamic.splitlines() if "(NEEDED)" in line]
    assert needed and not [line for line in needed if "libpython" in line], needed
    symbols = run([nm, "-D", "--defined-only", binary], project).stdout.split()
    assert "HPyInit_mod" in symbols
    assert not [s for s in symbols if s.startswith("PyInit_")]


def test_command_line_abi_wins_over_pyproject(tmp_path: Path) -> None:
    require_abi("universal")
    pyproject = PYPROJECT_BUILD_SYSTEM + '\n[tool.hpykit]\nhpy-abi = "hybrid"\n'
    project = write_project(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": pyproject})
    setup_py(project, "--hpy-abi=universal", "build_ext", "--inplace")
    check_package(project / "pkg", "universal")


def test_pyproject_abi_applies_to_setup_py_extensions(tmp_path: Path) -> None:
    require_abi("universal")
    pyproject = PYPROJECT_BUILD_SYSTEM + '\n[tool.hpykit]\nhpy-abi = "universal"\n'
    project = write_project(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": pyproject})
    setup_py(project, "build_ext", "--inplace")
    check_package(project / "pkg", "universal")


def test_invalid_hpy_abi_is_an_error(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"setup.py": SETUP_PY})
    result = setup_py(project, "--hpy-abi=foo", "build_ext", "--inplace", check=False)
    assert result.returncode != 0
    assert result.stderr.splitlines()[-1] == (
        "error: --hpy-abi: invalid HPy ABI 'foo' (expected one of cpython, universal, hybrid)"
    )


def test_invalid_pyproject_abi_is_an_error(tmp_path: Path) -> None:
    pyproject = PYPROJECT_BUILD_SYSTEM + '\n[tool.hpykit]\nhpy-abi = "debug"\n'
    project = write_project(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": pyproject})
    result = setup_py(project, "build_ext", "--inplace", check=False)
    assert result.returncode != 0
    assert result.stderr.splitlines()[-1] == (
        "error: [tool.hpykit] hpy-abi in pyproject.toml: invalid HPy ABI 'debug' "
        "(expected one of cpython, universal, hybrid)"
    )


def test_unknown_pyproject_key_is_an_error(tmp_path: Path) -> None:
    pyproject = PYPROJECT_BUILD_SYSTEM + '\n[tool.hpykit]\nabi = "universal"\n'
    project = write_project(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": pyproject})
    result = setup_py(project, "build_ext", "--inplace", check=False)
    assert result.returncode != 0
    # raised while setuptools reads the configuration; it prefixes its own words
    assert result.stderr.splitlines()[-1].endswith(
        ": [tool.hpykit] in pyproject.toml: unknown key 'abi' "
        "(expected one of hpy-abi, ext-modules)"
    )


def test_version_command_still_works(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"setup.py": SETUP_PY})
    assert setup_py(project, "--version").stdout.splitlines()[-1] == "1.0"


def test_sdist_still_works(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"setup.py": SETUP_PY})
    setup_py(project, "sdist", "--formats=zip")
    with zipfile.ZipFile(project / "dist" / "sample-1.0.zip") as archive:
        names = archive.namelist()
    assert "sample-1.0/pkg/mod.c" in names
    assert "sample-1.0/setup.py" in names


def test_project_build_ext_class_is_subclassed(tmp_path: Path) -> None:
    require_abi("universal")
    setup = SETUP_PY.replace(
        "from setuptools import Extension, setup",
        "from setuptools import Extension, setup\n"
        "from setuptools.command.build_ext import build_ext\n\n"
        "class custom_build_ext(build_ext):\n"
        "    def run(self):\n"
        "        print('custom build_ext ran')\n"
        "        super().run()\n",
    ).replace('    packages=["pkg"],', '    packages=["pkg"],\n    cmdclass={"build_ext": custom_build_ext},')
    project = write_project(tmp_path, {"setup.py": setup})
    result = setup_py(project, "--hpy-abi=universal", "build_ext", "--inplace")
    assert "custom build_ext ran" in result.stdout
    check_package(project / "pkg", "universal")


def test_nothing_in_setuptools_is_patched() -> None:
    from setuptools import Distribution, Extension

    from hpykit.build.setuptools import HPyExtension

    class_options = list(Distribution.global_options)
    dist = Distribution({"name": "x", "hpy_ext_modules": [Extension("pkg.mod", ["pkg/mod.c"])]})
    assert Distribution.global_options == class_options
    assert ("hpy-abi=" in [option[0] for option in dist.global_options])
    assert [type(ext) for ext in dist.ext_modules or []] == [HPyExtension]
    assert "hpy_abi" not in vars(Distribution)


# ---- isolated PEP 517 builds (newest setuptools from the index) ---------------------


@pytest.fixture(scope="session")
def hpykit_wheels() -> Path:
    return hpykit_wheel_dir()


def pip_wheel(project: Path, wheels: Path) -> Path:
    out = project / "dist"
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--find-links", str(wheels),
         "-w", str(out), "."],
        project,
    )
    (wheel,) = out.glob("sample-1.0-*.whl")
    return wheel


def check_wheel(wheel: Path, abi: str, tmp_path: Path) -> None:
    target = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    check_package(target / "pkg", abi)
    assert run([sys.executable, "-c", CALL_ADD], target).stdout == "42\n"


def test_pip_wheel_of_pyproject_only_project(
    hpy_abi: str, tmp_path: Path, hpykit_wheels: Path
) -> None:
    abi = build_abi_of(hpy_abi)
    project = write_project(
        tmp_path / "project", {"pyproject.toml": PYPROJECT_ONLY.format(abi=abi)}
    )
    check_wheel(pip_wheel(project, hpykit_wheels), abi, tmp_path)


def test_pip_wheel_of_setup_py_project(hpy_abi: str, tmp_path: Path, hpykit_wheels: Path) -> None:
    abi = build_abi_of(hpy_abi)
    pyproject = PYPROJECT_BUILD_SYSTEM + f'\n[tool.hpykit]\nhpy-abi = "{abi}"\n'
    project = write_project(
        tmp_path / "project", {"setup.py": SETUP_PY, "pyproject.toml": pyproject}
    )
    check_wheel(pip_wheel(project, hpykit_wheels), abi, tmp_path)


def test_installed_hpykit_ships_headers_and_libraries() -> None:
    from hpykit import paths

    assert (paths.include_dir() / "hpy.h").is_file()
    assert (paths.forbid_python_h_dir() / "Python.h").is_file()
    if list((REPO / "runtime").glob("*.c")):
        for abi in ("cpython", "universal", "hybrid"):
            assert paths.helpers_library(abi) is not None, abi
