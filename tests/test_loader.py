"""hpykit.universal.load: loading universal binaries, and refusing everything else with
an ImportError that names the file and the reason."""

from __future__ import annotations

import importlib.util
import subprocess
import sysconfig
from pathlib import Path

import pytest

import hpykit.universal
from support.abis import ABI_MODES
from support.compiler import ExtensionCompiler
from support.pypy import IS_PYPY

SIMPLE = """
HPyDef_METH(ctx_name, "ctx_name", HPyFunc_NOARGS)
static HPy ctx_name_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, ctx->name);
}
@EXPORT(ctx_name)
@INIT
"""

# A binary that says it needs a newer minor (or another major) of the ABI: the four
# exported functions written out by hand instead of HPy_MODINIT.
WRONG_VERSION = """
static HPyModuleDef moduledef = { .doc = NULL, .size = 0, .legacy_methods = NULL,
                                  .defines = NULL, .globals = NULL };
HPy_EXPORTED_FUNC uint32_t get_required_hpy_major_version_%(name)s(void) { return %(major)d; }
HPy_EXPORTED_FUNC uint32_t get_required_hpy_minor_version_%(name)s(void) { return %(minor)d; }
HPy_EXPORTED_FUNC void HPyInitGlobalContext_%(name)s(HPyContext *ctx) { (void)ctx; }
HPy_EXPORTED_FUNC HPyModuleDef *HPyInit_%(name)s(void) { return &moduledef; }
"""


@pytest.fixture
def universal(request: pytest.FixtureRequest, toolchain) -> ExtensionCompiler:
    from conftest import module_name_for

    return ExtensionCompiler(ABI_MODES["universal"], module_name_for(request.node.nodeid), toolchain)


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, str(path))
    return hpykit.universal.load(name, str(path), spec)


def expect_import_error(path: Path, name: str, reason: str) -> ImportError:
    with pytest.raises(ImportError) as info:
        load(path, name)
    assert str(info.value) == f"cannot load HPy module '{name}' from '{path}': {reason}"
    assert info.value.name == name
    assert info.value.path == str(path)
    return info.value


def test_load_returns_a_module_bound_to_the_universal_context(universal):
    path = universal.compile_module(SIMPLE, "loadme")
    mod = load(path, "loadme")
    assert mod.__name__ == "loadme"
    # on PyPy the context is hpykit's bridge over PyPy's own (docs/pypy.md), named apart
    # from PyPy's "HPy Universal ABI (PyPy backend)"
    expected = "hpykit, PyPy backend" if IS_PYPY else "CPython backend"
    assert mod.ctx_name() == f"HPy Universal ABI ({expected})"


def test_context_name_in_the_cpython_abi(toolchain, request):
    compiler = ExtensionCompiler(ABI_MODES["cpython"], "ctxname_cpy", toolchain)
    assert compiler.make_module(SIMPLE).ctx_name() == "HPy CPython ABI"


def test_load_accepts_a_dotted_name_and_uses_its_last_part(universal):
    path = universal.compile_module(SIMPLE, "leaf")
    mod = load(path, "pkg.sub.leaf")
    assert mod.__name__ == "pkg.sub.leaf"


def test_loading_the_same_binary_twice_gives_two_modules(universal):
    path = universal.compile_module(SIMPLE, "twice")
    first, second = load(path, "twice"), load(path, "twice")
    assert first is not second
    assert first.ctx_name() == second.ctx_name()


def test_mode_constants():
    assert (hpykit.universal.MODE_UNIVERSAL, hpykit.universal.MODE_DEBUG,
            hpykit.universal.MODE_TRACE) == (0, 1, 2)


def test_load_rejects_an_unknown_mode(universal):
    path = universal.compile_module(SIMPLE, "badmode")
    spec = importlib.util.spec_from_file_location("badmode", str(path))
    with pytest.raises(ValueError) as info:
        hpykit.universal.load("badmode", str(path), spec, mode=7)
    assert str(info.value) == ("load(): unknown mode 7 (use MODE_UNIVERSAL, MODE_DEBUG, "
                               "MODE_TRACE or MODE_DEBUG | MODE_TRACE)")


def test_truncated_binary_is_an_import_error_not_a_crash(universal, tmp_path):
    good = universal.compile_module(SIMPLE, "trunc")
    path = tmp_path / "trunc.hpy0.so"
    path.write_bytes(good.read_bytes()[:4000])
    expect_import_error(path, "trunc", "truncated or corrupt: a loadable segment extends past "
                        "the end of the file")


def test_text_file_is_an_import_error(tmp_path):
    path = tmp_path / "text.hpy0.so"
    path.write_text("this is not a shared object\n")
    expect_import_error(path, "text", "not a shared object: no ELF header")


def test_missing_file_is_an_import_error(tmp_path):
    path = tmp_path / "absent.hpy0.so"
    expect_import_error(path, "absent", "the file does not exist or cannot be read")


def test_cpython_extension_is_an_import_error(tmp_path):
    src = tmp_path / "plain.c"
    src.write_text(
        "#include <Python.h>\n"
        "static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, \"plain\", NULL, -1, NULL,"
        " NULL, NULL, NULL, NULL};\n"
        "PyMODINIT_FUNC PyInit_plain(void) { return PyModule_Create(&def); }\n"
    )
    path = tmp_path / "plain.hpy0.so"
    include = sysconfig.get_paths()["include"]
    subprocess.run(["cc", "-shared", "-fPIC", f"-I{include}", str(src), "-o", str(path)],
                   check=True)
    expect_import_error(path, "plain", "it is a CPython extension module (it exports "
                        "PyInit_plain), not an HPy universal module")


def test_wrong_module_name_is_an_import_error(universal, tmp_path):
    path = universal.compile_module(SIMPLE, "realname")
    expect_import_error(path, "othername", "not an HPy universal module: it does not export "
                        "get_required_hpy_major_version_othername and "
                        "get_required_hpy_minor_version_othername (is the module name right?)")


def test_newer_abi_minor_is_an_import_error(universal):
    source = WRONG_VERSION % {"name": "newminor", "major": 0, "minor": 99}
    path = universal.compile_module(source, "newminor")
    expect_import_error(path, "newminor", "it needs HPy ABI version 0.99, newer than this "
                        "loader's 0.1: upgrade hpykit")


def test_other_abi_major_is_an_import_error(universal):
    source = WRONG_VERSION % {"name": "newmajor", "major": 1, "minor": 0}
    path = universal.compile_module(source, "newmajor")
    expect_import_error(path, "newmajor", "it needs HPy ABI version 1.0, but this loader "
                        "implements version 0.1")


def test_file_name_without_abi_tag_is_an_import_error(universal, tmp_path):
    good = universal.compile_module(SIMPLE, "notag")
    path = tmp_path / "notag.so"
    path.write_bytes(good.read_bytes())
    expect_import_error(path, "notag", "the file name lacks the ABI tag '.hpy0' (expected a "
                        "name like notag.hpy0.so)")


def test_same_universal_binary_imports_on_every_python(universal, python_versions):
    """The promise of the universal ABI: one file, every CPython found."""
    path = universal.compile_module(SIMPLE, "everywhere")
    repo = Path(__file__).resolve().parent.parent
    script = (
        "import importlib.util, sys, hpykit.universal as u\n"
        f"p = {str(path)!r}\n"
        "m = u.load('everywhere', p, importlib.util.spec_from_file_location('everywhere', p))\n"
        "print(sys.version_info[:2], m.ctx_name())\n"
    )
    ran = []
    for py in python_versions:
        venv_python = repo / ".venvs" / py.short / "bin" / "python"
        if not venv_python.exists():
            continue
        out = subprocess.run([str(venv_python), "-c", script], capture_output=True, text=True)
        assert out.returncode == 0, f"Python {py.short}: {out.stderr}"
        assert out.stdout.strip().endswith("HPy Universal ABI (CPython backend)")
        ran.append(py.short)
    if not ran:
        pytest.skip("no .venvs/<version> with hpykit installed (scripts/test.py makes them)")
    print("imported the same binary on Python " + ", ".join(ran))
