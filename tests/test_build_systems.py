"""The example projects of every supported build system, built and imported.

setuptools (examples/pof with ``hpy_ext_modules``; examples/pyproject-only),
meson-python (examples/meson, ABI option ``-Csetup-args=-Dhpy-abi=...``) and
scikit-build-core (examples/cmake, ``hpykit_add_extension`` from the CMake config
that ``hpykit --cmake-dir`` points to). Wheels are built in isolated PEP 517 builds
(their tools from the index, hpykit from a local wheel); a wheel is unpacked and its
package imported with a plain ``import`` by this interpreter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hpykit.abitag import get_hpy_ext_suffix
from support.abis import selected_abis
from support.cache import REPO
from support.hpykit_wheel import hpykit_wheel_dir

EXAMPLES = REPO / "examples"

pytestmark = pytest.mark.skipif(
    "universal" not in selected_abis(), reason="the universal ABI is not selected"
)


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False,
                            env=env, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise AssertionError(f"{argv} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def copy_example(name: str, tmp_path: Path) -> Path:
    project = tmp_path / name
    shutil.copytree(EXAMPLES / name, project, ignore=shutil.ignore_patterns(
        "build", "dist", "*.so", "__pycache__", "*.egg-info"))
    return project


def build_and_unpack(project: Path, tmp_path: Path, *options: str) -> Path:
    out = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--find-links",
         str(hpykit_wheel_dir()), "-w", str(out), *options, "."], project)
    (wheel,) = out.glob("*.whl")
    target = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def import_example(package: str, target: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(target))
    for name in ("HPY", "HPY_LOG"):
        env.pop(name, None)
    code = (f"import os, {package} as p, {package}._core as c; "
            "print(p.add(40, 2), p.abi(), os.path.basename(c.__file__))")
    return run([sys.executable, "-c", code], target, env)


def expected(abi: str) -> str:
    return f"42 {abi} _core{get_hpy_ext_suffix(abi)}\n"


def test_setuptools_hpy_ext_modules_pof(tmp_path: Path) -> None:
    project = copy_example("pof", tmp_path)
    run([sys.executable, "setup.py", "--hpy-abi=universal", "build_ext", "--inplace"], project)
    assert (project / "pof.hpy0.so").is_file() and not (project / "pof.py").exists()
    env = dict(os.environ)
    env.pop("HPY", None)
    assert run([sys.executable, "check_pof.py"], project, env).startswith("pof OK (universal ABI)")


def test_setuptools_pyproject_only(tmp_path: Path) -> None:
    target = build_and_unpack(copy_example("pyproject-only", tmp_path), tmp_path)
    assert import_example("hpyshapes", target) == expected("universal")


def _needs(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"needs {tool} on PATH")


def test_meson_python_universal(tmp_path: Path) -> None:
    target = build_and_unpack(copy_example("meson", tmp_path), tmp_path)
    assert import_example("hpymeson", target) == expected("universal")


def test_meson_python_abi_option(tmp_path: Path) -> None:
    target = build_and_unpack(copy_example("meson", tmp_path), tmp_path,
                              "--config-settings=setup-args=-Dhpy-abi=cpython")
    assert import_example("hpymeson", target) == expected("cpython")


def test_scikit_build_core_cmake(tmp_path: Path) -> None:
    target = build_and_unpack(copy_example("cmake", tmp_path), tmp_path)
    assert import_example("hpycmake", target) == expected("universal")


def test_scikit_build_core_cmake_abi_define(tmp_path: Path) -> None:
    target = build_and_unpack(copy_example("cmake", tmp_path), tmp_path,
                              "--config-settings=cmake.define.HPYKIT_ABI=hybrid")
    assert import_example("hpycmake", target) == expected("hybrid")
