"""Plain ``import`` of universal and hybrid binaries through hpykit's meta-path finder.

The binaries are compiled once per session with the flags of hpykit.build.flags;
every import runs in a fresh interpreter (``sys.executable``, where hpykit is
installed with its ``hpykit.pth``), in a directory laid out like site-packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hpykit import importer
from hpykit.abitag import HPY_ABI_TAG, get_hpy_ext_suffix
from hpykit.build.flags import hpy_build_flags
from support.abis import selected_abis

pytestmark = pytest.mark.skipif(
    "universal" not in selected_abis(), reason="the universal ABI is not selected"
)

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
static HPyModuleDef moduledef = { .doc = "finder test module", .defines = module_defines };

HPy_MODINIT(NAME, moduledef)
"""


def compile_module(name: str, abi: str, out: Path) -> Path:
    """Compile MODULE_C as module ``name`` for ``abi`` into ``out``; return the binary."""
    if shutil.which("cc") is None:
        pytest.skip("needs a C compiler (cc)")
    flags = hpy_build_flags(abi)
    source = out / f"{name}-{abi}.c"
    source.write_text(MODULE_C.replace("HPy_MODINIT(NAME", f"HPy_MODINIT({name}"))
    binary = out / (name + flags.ext_suffix)
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", *flags.compile_args(), str(source),
                    *flags.link_inputs(), "-o", str(binary)], check=True)
    return binary


@pytest.fixture(scope="session")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("finder-binaries")
    return {
        "top": compile_module("top", "universal", out),
        "mod": compile_module("mod", "universal", out),
        "hyb": compile_module("hyb", "hybrid", out),
    }


@pytest.fixture
def site(tmp_path: Path, binaries: dict[str, Path]) -> Path:
    """A directory holding ``top``, package ``pkg`` (``mod``, ``pkg.sub.mod``) and ``hyb``."""
    shutil.copy(binaries["top"], tmp_path)
    shutil.copy(binaries["hyb"], tmp_path)
    for package in ("pkg", "pkg/sub"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
        shutil.copy(binaries["mod"], tmp_path / package)
    return tmp_path


def python(code: str, cwd: Path, *args: str, env: dict[str, str] | None = None,
           check: bool = True) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    for name in ("HPY", "HPY_LOG", "PYTHONPATH"):
        full_env.pop(name, None)
    full_env.update(env or {})
    argv = [sys.executable, *args] if not code else [sys.executable, *args, "-c", code]
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=full_env,
                            check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"{argv} failed:\n{result.stdout}\n{result.stderr}")
    return result


# ---- the finder in this process --------------------------------------------------------


def test_suffixes_agree_with_abitag() -> None:
    assert importer.hpy_suffixes() == (
        get_hpy_ext_suffix("universal"), get_hpy_ext_suffix("hybrid"))
    assert importer._HPY_ABI_TAG == HPY_ABI_TAG


def test_install_is_idempotent() -> None:
    before = list(sys.meta_path)
    try:
        importer.uninstall()
        first = importer.install()
        assert importer.install() is first
        assert [f for f in sys.meta_path if isinstance(f, importer.HPyFinder)] == [first]
        assert sys.meta_path[-1] is first
    finally:
        sys.meta_path[:] = before


def test_find_path_searches_the_given_path_only(site: Path) -> None:
    finder = importer.HPyFinder()
    assert finder.find_path("pkg.mod", [str(site / "pkg")]) == str(site / "pkg" / "mod.hpy0.so")
    assert finder.find_path("pkg.mod", [str(site)]) is None
    assert finder.find_path("missing", [str(site)]) is None


def test_find_path_finds_hybrid_binaries(site: Path) -> None:
    found = importer.HPyFinder().find_path("hyb", [str(site)])
    assert found == str(site / ("hyb" + get_hpy_ext_suffix("hybrid")))


# ---- plain import in a fresh interpreter -----------------------------------------------


def test_pth_installs_the_finder_after_the_path_finder(tmp_path: Path) -> None:
    code = ("import sys; names = [getattr(f, '__name__', type(f).__name__) for f in sys.meta_path]; "
            "print(names.index('PathFinder') < names.index('HPyFinder'))")
    assert python(code, tmp_path).stdout == "True\n"


def test_plain_import_of_a_top_level_module(site: Path) -> None:
    assert python("import top; print(top.add(2, 40))", site).stdout == "42\n"


def test_module_identity(site: Path) -> None:
    code = ("import os, sys, pkg.mod as m; "
            "print(m.__name__, m.__package__, os.path.relpath(m.__file__), m.__doc__, "
            "m.__spec__.origin == m.__file__, type(m.__loader__).__name__, "
            "sys.modules['pkg.mod'] is m)")
    assert python(code, site).stdout == (
        f"pkg.mod pkg {os.path.join('pkg', 'mod.hpy0.so')} finder test module True HPyLoader True\n"
    )


def test_find_spec(site: Path) -> None:
    code = ("import importlib.util as u, os; s = u.find_spec('pkg.mod'); "
            "print(s.name, os.path.relpath(s.origin), s.has_location, u.find_spec('pkg.nothing'))")
    assert python(code, site).stdout == f"pkg.mod {os.path.join('pkg', 'mod.hpy0.so')} True None\n"


def test_reload_keeps_the_module(site: Path) -> None:
    code = ("import importlib, pkg.mod as m; r = importlib.reload(m); "
            "print(r is m, r.add(1, 2))")
    assert python(code, site).stdout == "True 3\n"


def test_submodules_of_packages(site: Path) -> None:
    code = ("from pkg import mod; from pkg.sub import mod as inner; "
            "print(mod.__name__, inner.__name__, mod is not inner, inner.add(3, 4))")
    assert python(code, site).stdout == "pkg.mod pkg.sub.mod True 7\n"


def test_hybrid_binary(site: Path) -> None:
    assert python("import hyb; print(hyb.add(1, 1))", site).stdout == "2\n"


def test_python_m_package_using_a_universal_submodule(site: Path) -> None:
    (site / "pkg" / "__main__.py").write_text("from pkg import mod\nprint(mod.add(20, 22))\n")
    assert python("", site, "-m", "pkg").stdout == "42\n"


def test_python_m_module_using_a_universal_sibling(site: Path) -> None:
    (site / "pkg" / "run.py").write_text("from pkg.sub import mod\nprint(mod.add(1, 41))\n")
    assert python("", site, "-m", "pkg.run").stdout == "42\n"


def test_python_m_of_the_binary_itself_fails_as_for_any_extension(site: Path) -> None:
    result = python("", site, "-m", "pkg.mod", check=False)
    assert result.returncode == 1
    assert "No code object available for pkg.mod" in result.stderr


def test_py_file_of_the_same_name_wins(site: Path) -> None:
    (site / "top.py").write_text("print('the .py file')\n")
    assert python("import top", site).stdout == "the .py file\n"


def test_missing_module_still_raises_module_not_found(site: Path) -> None:
    code = "try:\n import nothing_here\nexcept ModuleNotFoundError as e:\n print(e.name)"
    assert python(code, site).stdout == "nothing_here\n"


# ---- HPY and HPY_LOG ----------------------------------------------------------------


def test_hpy_log_names_the_mode(site: Path) -> None:
    result = python("import top, pkg.mod", site, env={"HPY": "top:debug", "HPY_LOG": "1"})
    assert result.stderr.splitlines() == [
        f"hpykit: loading 'top' in debug mode from {site / 'top.hpy0.so'}",
        f"hpykit: loading 'pkg.mod' in universal mode from {site / 'pkg' / 'mod.hpy0.so'}",
    ]


def test_debug_mode_from_hpy(site: Path) -> None:
    result = python("import top; print(top.add(2, 3))", site, env={"HPY": "debug"})
    assert result.stdout == "5\n"


def test_no_log_without_hpy_log(site: Path) -> None:
    assert python("import top", site, env={"HPY": "universal"}).stderr == ""


def test_unknown_mode_fails_the_import(site: Path) -> None:
    result = python("import top", site, env={"HPY": "top:fast"}, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "ValueError: HPY: unknown mode 'fast' for 'top' in 'top:fast' "
        "(expected one of universal, debug, trace)"
    )


# ---- PyPy: the finder must not get in the way ------------------------------------------


def test_finder_does_not_break_pypy(site: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    pypy = shutil.which("pypy3")
    if pypy is None:
        pytest.skip("needs pypy3 on PATH")
    # hpykit's Python files only (no CPython-built loader, no other site-packages)
    package_root = tmp_path_factory.mktemp("pypy-path")
    shutil.copytree(Path(importer.__file__).resolve().parent, package_root / "hpykit",
                    ignore=shutil.ignore_patterns("*.so", "__pycache__", "include", "lib"))
    code = (
        f"import sys; sys.path.insert(0, {str(package_root)!r}); "
        "import hpykit.importer as i; f = i.install(); import json, pkg\n"
        "try:\n import nothing_here\nexcept ModuleNotFoundError:\n print('missing ok')\n"
        "print(f.find_path('pkg.mod', pkg.__path__) is not None)"
    )
    result = subprocess.run([pypy, "-c", code], cwd=site, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "missing ok\nTrue\n"
