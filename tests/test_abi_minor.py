"""ABI 0.1: the members HPy appended after 0.9.0 and hpykit's own additions. A module opts
in with -DHPY_TARGET_ABI_MINOR=1 and then requires a loader that implements 0.1."""

from __future__ import annotations

import subprocess

import pytest

from support.compiler import CompilationError

MINOR1 = ["-DHPY_TARGET_ABI_MINOR=1"]

CHECKS = """
HPyDef_METH(checks, "checks", HPyFunc_O)
static HPy checks_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_BuildValue(ctx, "(iiii)", HPyLong_Check(ctx, arg), HPyFloat_Check(ctx, arg),
                          HPyBool_Check(ctx, arg), HPyIter_Check(ctx, arg));
}

HPyDef_METH(drain, "drain", HPyFunc_O)
static HPy drain_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPy it = HPy_GetIter(ctx, arg), item;
    HPy result = HPyList_New(ctx, 0);
    if (HPy_IsNull(it) || HPy_IsNull(result)) {
        HPy_Close(ctx, it);
        HPy_Close(ctx, result);
        return HPy_NULL;
    }
    while (!HPy_IsNull(item = HPyIter_Next(ctx, it))) {
        int failed = HPyList_Insert(ctx, result, 0, item) < 0;
        HPy_Close(ctx, item);
        if (failed) {
            break;
        }
    }
    HPy_Close(ctx, it);
    if (HPyErr_Occurred(ctx)) {
        HPy_Close(ctx, result);
        return HPy_NULL;
    }
    return result;
}

HPyDef_METH(slices, "slices", HPyFunc_O)
static HPy slices_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPy part = HPy_GetSlice(ctx, arg, 1, 3), s, one;
    if (HPy_IsNull(part)) {
        return HPy_NULL;
    }
    if (HPy_SetSlice(ctx, arg, 0, 1, part) < 0 || HPy_DelSlice(ctx, arg, 2, 3) < 0) {
        HPy_Close(ctx, part);
        return HPy_NULL;
    }
    HPy_Close(ctx, part);
    one = HPyLong_FromLong(ctx, 1);
    s = HPySlice_New(ctx, one, HPy_NULL, HPy_NULL);
    HPy_Close(ctx, one);
    return s;
}

HPyDef_METH(dict_type, "dict_type", HPyFunc_NOARGS)
static HPy dict_type_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_DictType);
}

@EXPORT(checks)
@EXPORT(drain)
@EXPORT(slices)
@EXPORT(dict_type)
@INIT
"""


def test_type_checks(compiler):
    mod = compiler.make_module(CHECKS, extra_args=MINOR1)
    assert mod.checks(1) == (1, 0, 0, 0)
    assert mod.checks(True) == (1, 0, 1, 0)
    assert mod.checks(1.5) == (0, 1, 0, 0)
    assert mod.checks(iter([])) == (0, 0, 0, 1)
    assert mod.checks("x") == (0, 0, 0, 0)


def test_iteration_and_list_insert(compiler):
    mod = compiler.make_module(CHECKS, extra_args=MINOR1)
    assert mod.drain(range(4)) == [3, 2, 1, 0]
    assert mod.drain({}) == []


def test_iteration_error_propagates(compiler):
    mod = compiler.make_module(CHECKS, extra_args=MINOR1)

    def failing():
        yield 1
        raise KeyError("stop here")

    with pytest.raises(KeyError, match="stop here"):
        mod.drain(failing())
    with pytest.raises(TypeError, match="not iterable"):
        mod.drain(5)


def test_slices(compiler):
    mod = compiler.make_module(CHECKS, extra_args=MINOR1)
    data = [10, 20, 30, 40]
    assert mod.slices(data) == slice(1, None, None)
    assert data == [20, 30, 30, 40]  # [1:3] copied over [0:1], then [2:3] deleted


def test_dict_type_handle(compiler):
    assert compiler.make_module(CHECKS, extra_args=MINOR1).dict_type() is dict


STATE = """
typedef struct { long calls; } module_state;

HPyDef_METH(count, "count", HPyFunc_NOARGS)
static HPy count_impl(HPyContext *ctx, HPy self)
{
    module_state *state = (module_state *)HPyModule_GetState(ctx, self);
    if (state == NULL) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, ++state->calls);
}

static HPyDef *defines[] = { &count, NULL };
static HPyModuleDef moduledef = { .doc = NULL, .size = sizeof(module_state),
                                  .legacy_methods = NULL, .defines = defines, .globals = NULL };
HPy_MODINIT(@NAME@, moduledef)
"""


def test_module_state_is_per_module_and_zeroed(compiler):
    path = compiler.compile_module(STATE.replace("@NAME@", "stateful"), "stateful",
                                   extra_args=MINOR1)
    first, second = compiler.load_module(path), compiler.load_module(path)
    assert [first.count(), first.count(), second.count()] == [1, 2, 1]


STATE_WITHOUT_API = """
static HPyModuleDef moduledef = { .doc = NULL, .size = 16, .legacy_methods = NULL,
                                  .defines = NULL, .globals = NULL };
HPy_MODINIT(@NAME@, moduledef)
"""


def test_module_state_needs_abi_minor_1(compiler):
    path = compiler.compile_module(STATE_WITHOUT_API.replace("@NAME@", "stateless"), "stateless")
    with pytest.raises(SystemError) as info:
        compiler.load_module(path)
    assert str(info.value).startswith(
        "module 'stateless': HPyModuleDef.size must be 0 (per-module state needs HPy ABI 0.1")


def test_newer_api_without_opting_in_fails_to_compile(compiler):
    with pytest.raises(CompilationError) as info:
        compiler.compile_module(CHECKS)
    assert ("this function needs HPy ABI 0.1: build with -DHPY_TARGET_ABI_MINOR=1"
            in str(info.value))


def test_target_minor_beyond_hpykit_fails_to_compile(compiler):
    with pytest.raises(CompilationError) as info:
        compiler.compile_module(CHECKS, extra_args=["-DHPY_TARGET_ABI_MINOR=2"])
    assert "HPY_TARGET_ABI_MINOR must be between 0 and 1" in str(info.value)


@pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)
def test_minor_1_module_declares_it(compiler):
    import ctypes

    path = compiler.compile_module(CHECKS, "declares", extra_args=MINOR1)
    lib = ctypes.CDLL(str(path))
    assert lib.get_required_hpy_minor_version_declares() == 1
    assert lib.get_required_hpy_major_version_declares() == 0
    plain = compiler.compile_module(STATE_WITHOUT_API.replace("@NAME@", "plain"), "plain")
    assert ctypes.CDLL(str(plain)).get_required_hpy_minor_version_plain() == 0


@pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)
def test_hpy09_loader_refuses_a_minor_1_module_without_crashing(compiler):
    from test_hpy09_compat import hpy09_python

    path = compiler.compile_module(CHECKS, "refused", extra_args=MINOR1)
    script = (
        "import importlib.util, hpy.universal as u\n"
        f"p = {str(path)!r}\n"
        "try:\n"
        "    u.load('refused', p, importlib.util.spec_from_file_location('refused', p))\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
        "else:\n"
        "    print('LOADED')\n"
    )
    result = subprocess.run([str(hpy09_python("3.11")), "-c", script], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert "LOADED" not in result.stdout and "0.1" in result.stdout, result.stdout


DICT_SHAPE = """
typedef struct { long hits; } CountingDictObject;
HPyType_HELPERS(CountingDictObject, HPyType_BuiltinShape_Dict)

HPyDef_METH(hit, "hit", HPyFunc_NOARGS)
static HPy hit_impl(HPyContext *ctx, HPy self)
{
    CountingDictObject *data = CountingDictObject_AsStruct(ctx, self);
    return HPyLong_FromLong(ctx, ++data->hits);
}

static HPyDef *CountingDict_defines[] = { &hit, NULL };
static HPyType_Spec CountingDict_spec = {
    .name = "mod.CountingDict", .basicsize = sizeof(CountingDictObject), .itemsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC, .builtin_shape = SHAPE(CountingDictObject),
    .legacy_slots = NULL, .defines = CountingDict_defines, .doc = NULL,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Base, ctx->h_DictType },
                                   { (HPyType_SpecParam_Kind)0, HPy_NULL } };
    return HPyHelpers_AddType(ctx, module, "CountingDict", &CountingDict_spec, params) ? 0 : -1;
}
@EXPORT(exec)
@INIT
"""


def test_dict_shaped_type_keeps_a_c_struct(compiler):
    mod = compiler.make_module(DICT_SHAPE, extra_args=MINOR1)
    d = mod.CountingDict(a=1)
    d["b"] = 2
    assert isinstance(d, dict) and d == {"a": 1, "b": 2}
    assert [d.hit(), d.hit()] == [1, 2]
    for _ in range(10000):
        d.hit()
    assert d.hit() == 10003 and d["a"] == 1
