"""HPyImport_ImportModule."""
import sys

import pytest


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


SOURCE = r"""
HPyDef_METH(import_module, "import_module", HPyFunc_O)
static HPy import_module_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *name;
    (void)self;
    name = HPyUnicode_AsUTF8AndSize(ctx, arg, NULL);
    if (name == NULL)
        return HPy_NULL;
    return HPyImport_ImportModule(ctx, name);
}

/* import math and call math.sqrt(16.0) */
HPyDef_METH(use_math, "use_math", HPyFunc_NOARGS)
static HPy use_math_impl(HPyContext *ctx, HPy self)
{
    HPy math, sqrt, arg, result = HPy_NULL;
    (void)self;
    math = HPyImport_ImportModule(ctx, "math");
    if (HPy_IsNull(math))
        return HPy_NULL;
    sqrt = HPy_GetAttr_s(ctx, math, "sqrt");
    HPy_Close(ctx, math);
    if (HPy_IsNull(sqrt))
        return HPy_NULL;
    arg = HPyFloat_FromDouble(ctx, 16.0);
    if (!HPy_IsNull(arg))
        result = HPy_Call(ctx, sqrt, &arg, 1, HPy_NULL);
    HPy_Close(ctx, arg);
    HPy_Close(ctx, sqrt);
    return result;
}

@EXPORT(import_module)
@EXPORT(use_math)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="import_api")


def test_import_returns_the_module(mod):
    import math

    assert mod.import_module("math") is math


def test_import_module_is_usable_from_c(mod):
    assert mod.use_math() == 4.0


def test_import_dotted_name_returns_the_submodule(mod):
    import os.path

    assert mod.import_module("os.path") is os.path


def test_import_not_yet_imported_module(mod, tmp_path, monkeypatch):
    (tmp_path / "hpykit_fresh_module.py").write_text("VALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "hpykit_fresh_module", raising=False)
    assert mod.import_module("hpykit_fresh_module").VALUE == 42


def test_import_adds_the_module_to_sys_modules(mod, tmp_path, monkeypatch):
    (tmp_path / "hpykit_fresh_module.py").write_text("VALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "hpykit_fresh_module", raising=False)
    module = mod.import_module("hpykit_fresh_module")
    assert sys.modules["hpykit_fresh_module"] is module


def test_import_missing_module_raises_module_not_found_error(mod):
    msg = raises(ModuleNotFoundError, mod.import_module, "hpykit_no_such_module")
    assert "No module named 'hpykit_no_such_module'" in msg


def test_import_missing_submodule_raises_module_not_found_error(mod):
    msg = raises(ModuleNotFoundError, mod.import_module, "json.hpykit_no_such_module")
    assert "No module named 'json.hpykit_no_such_module'" in msg


def test_import_propagates_the_error_of_the_module_body(mod, tmp_path, monkeypatch):
    (tmp_path / "hpykit_broken_module.py").write_text("raise ValueError('broken body')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "hpykit_broken_module", raising=False)
    assert raises(ValueError, mod.import_module, "hpykit_broken_module") == "broken body"
