"""The test harness itself: source conventions, build cache, errors, C++ builds,
and the promise behind the universal ABI -- one binary for every Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support.abis import ABI_MODES, selected_abis
from support.compiler import CompilationError, ExtensionCompiler, Toolchain
from support.pythons import PythonInstall
from support.source import SourceError, expand_source

ANSWER = """
HPyDef_METH(answer, "answer", HPyFunc_NOARGS)
static HPy answer_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromLong(ctx, 42);
}
@EXPORT(answer)
@INIT
"""


def test_expand_source_adds_include_defines_and_init() -> None:
    text = expand_source("int x;\n@EXPORT(a)\n@EXPORT(b)\n@INIT\n", "m")
    lines = text.splitlines()
    assert lines[0] == '#include "hpy.h"'
    assert lines[1] == '#line 1 "m.c"'
    assert lines[2:4] == ["int x;", ""]
    assert "static HPyDef *moduledefs[] = { &a, &b, NULL };" in lines[5]
    assert lines[5].endswith("HPy_MODINIT(m, moduledef)")


def test_expand_source_keeps_complete_modules() -> None:
    assert expand_source("int x;\n", "m").splitlines()[2:] == ["int x;"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("@EXPORTS(a)\n@INIT\n", "line 1: unknown directive '@EXPORTS(a)'"),
        ("@EXPORT(a)\n", "@EXPORT needs an @INIT line"),
        ("@INIT\n@INIT\n", "@INIT appears more than once"),
    ],
)
def test_expand_source_rejects_misuse(source: str, message: str) -> None:
    with pytest.raises(SourceError) as excinfo:
        expand_source(source, "m")
    assert str(excinfo.value) == message


def test_make_module_builds_and_loads(compiler: ExtensionCompiler) -> None:
    mod = compiler.make_module(ANSWER)
    assert mod.answer() == 42
    assert mod.__doc__ == f"hpykit test module {mod.__name__}"


def test_builds_are_cached(compiler: ExtensionCompiler) -> None:
    first = compiler.compile_module(ANSWER, "cached_answer")
    stamp = first.stat().st_mtime_ns
    again = compiler.compile_module(ANSWER, "cached_answer")
    assert again == first
    assert again.stat().st_mtime_ns == stamp


def test_each_call_gets_a_new_default_name(compiler: ExtensionCompiler) -> None:
    first = compiler.make_module(ANSWER)
    second = compiler.make_module(ANSWER)
    assert first.__name__ != second.__name__
    assert second.__name__ == first.__name__ + "_2"


def test_compile_error_shows_compiler_output(compiler: ExtensionCompiler) -> None:
    with pytest.raises(CompilationError) as excinfo:
        compiler.compile_module("#error this module must not compile\n")
    message = str(excinfo.value)
    assert message.startswith("compilation failed:\n$ ")
    assert "this module must not compile" in message
    assert excinfo.value.argv[-2] == "-o"


def test_warnings_are_errors(compiler: ExtensionCompiler) -> None:
    with pytest.raises(CompilationError) as excinfo:
        compiler.compile_module("static int unused_function(void) { return 0; }\n")
    assert "unused_function" in str(excinfo.value)


def test_cplusplus_build(compiler: ExtensionCompiler) -> None:
    source = ANSWER.replace("(void)self;", "(void)self; static_assert(sizeof(HPy) > 0, \"c++\");")
    mod = compiler.make_module(source, cplusplus=True)
    assert mod.answer() == 42


def test_universal_binary_loads_in_every_python(
    python_versions: list[PythonInstall], toolchain: Toolchain
) -> None:
    """One universal binary, built here, runs under each test venv's Python."""
    if "universal" not in selected_abis():
        pytest.skip("the universal ABI is not selected (HPYKIT_TEST_ABIS)")
    compiler = ExtensionCompiler(ABI_MODES["universal"], "every_python", toolchain)
    path = compiler.compile_module(ANSWER)
    venvs = Path(__file__).resolve().parent.parent / ".venvs"
    code = (
        "import importlib.util, sys, hpykit.universal\n"
        "path = sys.argv[1]\n"
        "spec = importlib.util.spec_from_file_location('every_python', path)\n"
        "print(hpykit.universal.load('every_python', path, spec).answer())\n"
    )
    tried = []
    for python in python_versions:
        executable = venvs / python.short / "bin" / "python"
        if not executable.is_file() or python.version == sys.version_info[:2]:
            continue
        probe = subprocess.run(
            [str(executable), "-c", "import hpykit.universal"], capture_output=True, check=False
        )
        if probe.returncode != 0:
            continue
        result = subprocess.run(
            [str(executable), "-c", code, str(path)], capture_output=True, text=True, check=False
        )
        assert (result.returncode, result.stdout) == (0, "42\n"), (python.short, result.stderr)
        tried.append(python.short)
    if not tried:
        pytest.skip("no other .venvs/<X.Y> with hpykit installed (scripts/test.py makes them)")

