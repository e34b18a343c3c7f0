"""The ``hpykit`` command: build flags, ``info`` and ``check``."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hpykit import cli, paths
from hpykit.abitag import get_hpy_ext_suffix
from hpykit.build.flags import hpy_build_flags
from hpykit.check import check_universal_binary

MODULE_C = r"""
#include "hpy.h"
#ifdef HPY_ABI_HYBRID
#  include <Python.h>
#endif

HPyDef_METH(one, "one", HPyFunc_NOARGS)
static HPy one_impl(HPyContext *ctx, HPy self)
{
    (void)self;
#ifdef HPY_ABI_HYBRID
    {   /* a hybrid module calls the C-API directly */
        PyObject *obj = PyLong_FromLong(1);
        HPy result = HPy_FromPyObject(ctx, obj);
        Py_XDECREF(obj);
        return result;
    }
#else
    return HPyLong_FromLong(ctx, 1);
#endif
}

static HPyDef *module_defines[] = { &one, NULL };
static HPyModuleDef moduledef = { .doc = "cli test module", .defines = module_defines };

HPy_MODINIT(mod, moduledef)
"""


def hpykit_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hpykit", *args], capture_output=True, text=True,
                          check=False)


def compile_module(abi: str, out: Path) -> Path:
    if shutil.which("cc") is None:
        pytest.skip("needs a C compiler (cc)")
    flags = hpy_build_flags(abi)
    source = out / f"mod-{abi}.c"
    source.write_text(MODULE_C)
    binary = out / abi / ("mod" + flags.ext_suffix)
    binary.parent.mkdir()
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", *flags.compile_args(), str(source),
                    *flags.link_inputs(), "-o", str(binary)], check=True)
    return binary


@pytest.fixture(scope="module")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("cli-binaries")
    return {abi: compile_module(abi, out) for abi in ("universal", "hybrid", "cpython")}


# ---- flags -----------------------------------------------------------------------------


def test_includes() -> None:
    assert hpykit_command("--includes").stdout == shlex.quote(f"-I{paths.include_dir()}") + "\n"


@pytest.mark.parametrize("abi", ["cpython", "universal", "hybrid"])
def test_cflags_are_those_of_the_build_flags(abi: str) -> None:
    out = hpykit_command("--cflags", "--abi", abi).stdout
    assert shlex.split(out) == hpy_build_flags(abi).compile_args()


def test_cflags_default_to_universal() -> None:
    out = hpykit_command("--cflags").stdout
    assert shlex.split(out) == hpy_build_flags("universal").compile_args()
    assert "-DHPY_ABI_UNIVERSAL" in shlex.split(out)


def test_ldflags_name_the_helper_library() -> None:
    library = paths.helpers_library("universal")
    if library is None:
        pytest.skip("the helper library is not built")
    assert hpykit_command("--ldflags", "--abi", "universal").stdout == shlex.quote(str(library)) + "\n"


@pytest.mark.parametrize("abi", ["universal", "hybrid"])
def test_ext_suffix(abi: str) -> None:
    assert hpykit_command("--ext-suffix", "--abi", abi).stdout == get_hpy_ext_suffix(abi) + "\n"


def test_cmake_dir_holds_the_package_config() -> None:
    out = hpykit_command("--cmake-dir").stdout.strip()
    assert (Path(out) / "hpykitConfig.cmake").is_file()


def test_invalid_abi_is_a_usage_error() -> None:
    result = hpykit_command("--cflags", "--abi", "debug")
    assert result.returncode == 2
    assert "argument --abi: invalid choice: 'debug'" in result.stderr


def test_no_argument_prints_help() -> None:
    result = hpykit_command()
    assert result.returncode == 2
    assert result.stdout.startswith("usage: hpykit")


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "hpykit"
    if not script.is_file():
        pytest.skip("hpykit is not installed in this environment (console script)")
    result = subprocess.run([str(script), "--ext-suffix"], capture_output=True, text=True,
                            check=False)
    assert result.stdout == get_hpy_ext_suffix("universal") + "\n"


# ---- info ------------------------------------------------------------------------------


def test_info_names_versions_abi_and_pythons() -> None:
    lines = hpykit_command("info").stdout.splitlines()
    assert lines[0].startswith("hpykit 0.1.0 at ")
    assert lines[1] == "HPy API version: 0.9.0"
    assert lines[2] == "ABI: hpy0 (universal binaries *.hpy0.so)"
    assert lines[3].startswith("loader ABI version: 0.")
    assert lines[4].startswith(f"running on: {sys.implementation.name} ")
    assert lines[5] == "Pythons on this machine:"
    assert len(lines) > 6


# ---- check -----------------------------------------------------------------------------


def test_check_accepts_a_universal_binary(binaries: dict[str, Path]) -> None:
    result = hpykit_command("check", str(binaries["universal"]))
    assert result.returncode == 0, result.stdout
    assert result.stdout == (
        f"{binaries['universal']}: ok, universal HPy binary of module 'mod' (ABI hpy0, requires 0.0)\n"
    )


def test_check_rejects_a_cpython_abi_extension(binaries: dict[str, Path]) -> None:
    result = hpykit_command("check", str(binaries["cpython"]))
    assert result.returncode == 1
    assert result.stdout == (
        f"{binaries['cpython']}: not a universal binary: a CPython-ABI extension: "
        "it exports PyInit_mod\n"
    )


def test_check_rejects_a_hybrid_binary(binaries: dict[str, Path]) -> None:
    result = check_universal_binary(binaries["hybrid"])
    assert not result.ok
    # PyPy's headers rename the C-API: PyLong_FromLong is the symbol PyPyLong_FromLong there
    prefix = "PyPy" if sys.implementation.name == "pypy" else "Py"
    assert result.message.startswith(
        f"uses the CPython C-API (a hybrid build?): it needs {prefix}Long_FromLong")


def test_check_rejects_a_hybrid_binary_from_the_command_line(binaries: dict[str, Path]) -> None:
    result = hpykit_command("check", str(binaries["hybrid"]))
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"{binaries['hybrid']}: not a universal binary: uses the CPython C-API (a hybrid build?): "
        "it needs ")


def test_check_rejects_a_text_file(tmp_path: Path) -> None:
    text = tmp_path / "mod.hpy0.so"
    text.write_text("not a binary\n")
    result = hpykit_command("check", str(text))
    assert result.returncode == 1
    assert result.stdout == f"{text}: not a universal binary: not a shared object: not an ELF file\n"


def test_check_rejects_a_missing_file(tmp_path: Path) -> None:
    assert check_universal_binary(tmp_path / "nothing.hpy0.so").message == "no such file"


def test_check_rejects_a_universal_binary_without_its_tag(
    binaries: dict[str, Path], tmp_path: Path
) -> None:
    renamed = tmp_path / "mod.so"
    shutil.copy(binaries["universal"], renamed)
    assert check_universal_binary(renamed).message == (
        "the file name lacks the universal tag: expected mod.hpy0.so")


def test_check_rejects_a_binary_named_for_another_module(
    binaries: dict[str, Path], tmp_path: Path
) -> None:
    renamed = tmp_path / "other.hpy0.so"
    shutil.copy(binaries["universal"], renamed)
    assert check_universal_binary(renamed).message == (
        "not an HPy module named 'other': it does not export HPyInit_other, "
        "HPyInitGlobalContext_other, get_required_hpy_major_version_other and 1 more")


def test_check_rejects_a_truncated_binary(binaries: dict[str, Path], tmp_path: Path) -> None:
    truncated = tmp_path / "mod.hpy0.so"
    truncated.write_bytes(binaries["universal"].read_bytes()[:100])
    message = check_universal_binary(truncated).message
    assert message.startswith("not a shared object: truncated ELF file"), message


def test_main_in_process(binaries: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(binaries["universal"])]) == 0
    assert capsys.readouterr().out.startswith(f"{binaries['universal']}: ok, ")
