"""HPy_Compile_s and HPy_EvalCode."""

import pytest

EVAL = """
HPyDef_METH(run, "run", HPyFunc_VARARGS)
static HPy run_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    const char *source;
    int kind;
    HPy globals;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "siO", &source, &kind, &globals)) {
        return HPy_NULL;
    }
    HPy code = HPy_Compile_s(ctx, source, "<hpy test>", (HPy_SourceKind)kind);
    if (HPy_IsNull(code)) {
        return HPy_NULL;
    }
    HPy result = HPy_EvalCode(ctx, code, globals, globals);
    HPy_Close(ctx, code);
    return result;
}
@EXPORT(run)
@INIT
"""

EXPR, FILE, SINGLE = 0, 1, 2


def test_compile_and_eval_an_expression(compiler):
    mod = compiler.make_module(EVAL)
    assert mod.run("x * 6", EXPR, {"x": 7}) == 42


def test_compile_and_exec_a_file(compiler):
    mod = compiler.make_module(EVAL)
    ns = {}
    assert mod.run("y = 1\nz = y + 1\n", FILE, ns) is None
    assert (ns["y"], ns["z"]) == (1, 2)


def test_compile_single_statement(compiler):
    mod = compiler.make_module(EVAL)
    ns = {}
    mod.run("w = 5", SINGLE, ns)
    assert ns["w"] == 5


def test_syntax_error_names_the_file(compiler):
    mod = compiler.make_module(EVAL)
    with pytest.raises(SyntaxError) as info:
        mod.run("1 +", EXPR, {})
    assert info.value.filename == "<hpy test>"


def test_invalid_source_kind_raises_system_error(compiler):
    mod = compiler.make_module(EVAL)
    with pytest.raises(SystemError) as info:
        mod.run("1", 9, {})
    assert str(info.value) == "HPy_Compile_s: invalid source kind 9"


def test_exception_in_evaluated_code_propagates(compiler):
    mod = compiler.make_module(EVAL)
    with pytest.raises(ZeroDivisionError):
        mod.run("1 / 0", EXPR, {})
