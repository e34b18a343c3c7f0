"""HPyContextVar_New, HPyContextVar_Get, HPyContextVar_Set."""

import contextvars

CONTEXTVARS = """
HPyDef_METH(new, "new", HPyFunc_VARARGS)
static HPy new_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    const char *name;
    HPy dflt = HPy_NULL;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "s|O", &name, &dflt)) {
        return HPy_NULL;
    }
    return HPyContextVar_New(ctx, name, dflt);
}

HPyDef_METH(get, "get", HPyFunc_VARARGS)
static HPy get_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    HPy var, dflt = HPy_NULL, result;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "O|O", &var, &dflt)) {
        return HPy_NULL;
    }
    if (HPyContextVar_Get(ctx, var, dflt, &result) < 0) {
        return HPy_NULL;
    }
    if (HPy_IsNull(result)) {
        return HPyUnicode_FromString(ctx, "<unset>");
    }
    return result;
}

HPyDef_METH(set, "set", HPyFunc_VARARGS)
static HPy set_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    HPy var, value;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "OO", &var, &value)) {
        return HPy_NULL;
    }
    return HPyContextVar_Set(ctx, var, value);
}
@EXPORT(new)
@EXPORT(get)
@EXPORT(set)
@INIT
"""


def test_new_context_variable(compiler):
    mod = compiler.make_module(CONTEXTVARS)
    var = mod.new("answer", 42)
    assert isinstance(var, contextvars.ContextVar)
    assert var.name == "answer" and var.get() == 42


def test_get_unset_variable_without_default_gives_null(compiler):
    mod = compiler.make_module(CONTEXTVARS)
    assert mod.get(mod.new("empty")) == "<unset>"


def test_get_uses_the_given_default_when_unset(compiler):
    mod = compiler.make_module(CONTEXTVARS)
    assert mod.get(mod.new("empty"), "fallback") == "fallback"


def test_set_then_get_in_a_context(compiler):
    mod = compiler.make_module(CONTEXTVARS)
    var = mod.new("v", 0)

    def inside():
        token = mod.set(var, 5)
        assert isinstance(token, contextvars.Token)
        return mod.get(var)

    assert contextvars.copy_context().run(inside) == 5
    assert mod.get(var) == 0


def test_get_on_non_context_variable_raises(compiler):
    mod = compiler.make_module(CONTEXTVARS)
    try:
        mod.get(1)
    except TypeError:
        pass
    else:
        raise AssertionError("HPyContextVar_Get on an int must raise TypeError")
