"""hpy.h itself: clean as C99 and C++17 under -Wall -Wextra -Werror in every ABI, and the
compile-time refusals (no ABI, two ABIs, Python.h or legacy calls in a universal build)."""

from __future__ import annotations

import pytest

from support.compiler import CompilationError

EVERYTHING = """
typedef struct { long value; HPyField item; } BoxObject;
HPyType_HELPERS(BoxObject)

HPyDef_SLOT(Box_new, HPy_tp_new)
static HPy Box_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    (void)args; (void)nargs; (void)kw;
    BoxObject *box;
    return HPy_New(ctx, cls, &box);
}

HPyDef_MEMBER(Box_value, "value", HPyMember_LONG, offsetof(BoxObject, value), .doc = "v")

HPyDef_GETSET(Box_twice, "twice", .doc = "2*value")
static HPy Box_twice_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyLong_FromLong(ctx, 2 * BoxObject_AsStruct(ctx, self)->value);
}
static int Box_twice_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    (void)closure;
    BoxObject_AsStruct(ctx, self)->value = HPyLong_AsLong(ctx, value) / 2;
    return HPyErr_Occurred(ctx) ? -1 : 0;
}

static HPyDef *Box_defines[] = { &Box_new, &Box_value, &Box_twice, NULL };
static HPyType_Spec Box_spec = { .name = "mod.Box", .basicsize = sizeof(BoxObject),
    .itemsize = 0, .flags = HPy_TPFLAGS_DEFAULT, .builtin_shape = HPyType_BuiltinShape_Object,
    .legacy_slots = NULL, .defines = Box_defines, .doc = "a box" };

HPyDef_METH(add, "add", HPyFunc_VARARGS, .doc = "add two ints")
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    long a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll:add", &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Box", &Box_spec, NULL) ? 0 : -1;
}

@EXPORT(add)
@EXPORT(exec)
@INIT
"""


def test_header_compiles_as_c99_and_runs(compiler):
    mod = compiler.make_module(EVERYTHING)
    assert mod.add(2, 3) == 5
    box = mod.Box()
    box.twice = 10
    assert (box.value, box.twice) == (5, 10)


def test_header_compiles_as_cplusplus17_and_runs(compiler):
    mod = compiler.make_module(EVERYTHING, cplusplus=True)
    assert mod.add(2, 3) == 5
    assert mod.Box.__doc__ == "a box"


def compile_error(compiler, source: str, *extra: str) -> str:
    with pytest.raises(CompilationError) as info:
        compiler.compile_module(source, extra_args=list(extra))
    return str(info.value)


@pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)
def test_python_h_in_a_universal_build_fails_with_a_clear_message(compiler):
    output = compile_error(compiler, "#include <Python.h>\n" + EVERYTHING)
    assert "Python.h cannot be used in the HPy universal ABI" in output


@pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)
def test_legacy_call_in_a_universal_build_fails_with_a_clear_message(compiler):
    source = """
    HPyDef_METH(f, "f", HPyFunc_O)
    static HPy f_impl(HPyContext *ctx, HPy self, HPy arg)
    {
        (void)self;
        cpy_PyObject *obj = HPy_AsPyObject(ctx, arg);
        (void)obj;
        return HPy_NULL;
    }
    @EXPORT(f)
    @INIT
    """
    output = compile_error(compiler, source)
    assert "legacy C-API interop (HPy_AsPyObject / HPy_FromPyObject) needs the hybrid ABI" in output


@pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)
def test_two_abis_at_once_fail_with_a_clear_message(compiler):
    output = compile_error(compiler, EVERYTHING, "-DHPY_ABI_HYBRID")
    assert "hpy.h: define only one of HPY_ABI_CPYTHON, HPY_ABI_UNIVERSAL, HPY_ABI_HYBRID" in output


@pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)
def test_no_abi_fails_with_a_clear_message(compiler):
    output = compile_error(compiler, EVERYTHING, "-UHPY_ABI_UNIVERSAL")
    assert "hpy.h: define one of HPY_ABI_CPYTHON, HPY_ABI_UNIVERSAL, HPY_ABI_HYBRID" in output
