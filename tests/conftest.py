"""Fixtures of hpykit's test suite.

* ``hpy_abi``: every test that uses it runs once per ABI mode (cpython,
  universal, hybrid, debug); ``HPYKIT_TEST_ABIS=universal`` restricts the set.
* ``compiler``: builds and loads C test modules for the current ``hpy_abi``
  (see tests/support/compiler.py and tests/support/source.py); in debug mode
  a LeakDetector fails the test if a handle is left open.
* ``python_versions``: the pyenv CPython 3.8-3.13 interpreters present.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterator

import pytest

try:
    import hpykit  # noqa: F401
except ImportError:
    # not installed: run from the source tree (after build_ext --inplace)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

from support.abis import ABI_MODES, selected_abis
from support.compiler import ExtensionCompiler, Toolchain
from support.pypy import COLLECT_IGNORE, IS_PYPY, skip_on_pypy
from support.pythons import PythonInstall, describe, find_pythons

_MAX_NAME = 60

collect_ignore = COLLECT_IGNORE if IS_PYPY else []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if IS_PYPY:
        skip_on_pypy(items)  # support/pypy.py: what PyPy skips, and why


def pytest_report_header(config: pytest.Config) -> list[str]:
    import hpykit

    return [
        f"hpykit: {Path(hpykit.__file__).parent}",
        f"hpy_abi: {', '.join(selected_abis())}",
        *describe(find_pythons()).splitlines(),
    ]


def module_name_for(nodeid: str) -> str:
    """A C identifier naming the test's module, the same in every ABI."""
    base = nodeid.split("[", 1)[0]
    base = re.sub(r"\.py::|::", "__", base)
    base = re.sub(r"^.*/", "", base)
    name = re.sub(r"\W", "_", base)
    if not name or not name[0].isalpha():
        name = "m_" + name
    if len(name) > _MAX_NAME:
        import hashlib

        name = name[: _MAX_NAME - 9] + "_" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return name


def _abi_params() -> list[str]:
    try:
        return selected_abis()
    except ValueError as e:
        raise pytest.UsageError(str(e)) from None


@pytest.fixture(params=_abi_params())
def hpy_abi(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def toolchain() -> Toolchain:
    return Toolchain.from_environment()


@pytest.fixture
def compiler(
    request: pytest.FixtureRequest, hpy_abi: str, toolchain: Toolchain
) -> Iterator[ExtensionCompiler]:
    """In debug mode the test also fails if its modules leak a handle."""
    mode = ABI_MODES[hpy_abi]
    built = ExtensionCompiler(mode, module_name_for(request.node.nodeid), toolchain)
    if not mode.debug:
        yield built
        return
    from hpykit.debug import LeakDetector

    with LeakDetector():
        yield built


@pytest.fixture(scope="session")
def python_versions() -> list[PythonInstall]:
    return find_pythons()
