"""HPyHelpers_AddType and HPyHelpers_PackArgsAndKeywords (runtime/helpers.c)."""
import types

import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


# ---- HPyHelpers_AddType ---------------------------------------------------------------

ADD_TYPE = """
static HPyType_Spec Dummy_spec = {
    .name = "mytest.Dummy",
    .basicsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT,
};

HPyDef_METH(add_type, "add_type", HPyFunc_VARARGS)
static HPy add_type_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    if (!HPyHelpers_AddType(ctx, args[0], "Dummy", &Dummy_spec, NULL))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(add_type_null_name, "add_type_null_name", HPyFunc_VARARGS)
static HPy add_type_null_name_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    if (!HPyHelpers_AddType(ctx, args[0], NULL, &Dummy_spec, NULL))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

@EXPORT(add_type)
@EXPORT(add_type_null_name)
@INIT
"""


def test_add_type_sets_the_type_as_attribute(compiler):
    mod = compiler.make_module(ADD_TYPE)
    ns = types.SimpleNamespace()
    assert mod.add_type(ns) is None
    assert isinstance(ns.Dummy, type) and ns.Dummy.__name__ == "Dummy"


def test_add_type_type_is_usable(compiler):
    mod = compiler.make_module(ADD_TYPE)
    ns = types.SimpleNamespace()
    mod.add_type(ns)
    assert type(ns.Dummy()) is ns.Dummy


def test_add_type_setattr_failure_returns_error(compiler):
    mod = compiler.make_module(ADD_TYPE)
    with pytest.raises(AttributeError):
        mod.add_type(object())


def test_add_type_null_name_raises_system_error(compiler):
    mod = compiler.make_module(ADD_TYPE)
    assert raises(SystemError, mod.add_type_null_name, types.SimpleNamespace()) == (
        "HPyHelpers_AddType: name is NULL")


# ---- HPyHelpers_PackArgsAndKeywords ---------------------------------------------------

PACK = """
static HPy or_none(HPyContext *ctx, HPy h)
{
    return HPy_IsNull(h) ? ctx->h_None : h;
}

HPyDef_METH(pack, "pack", HPyFunc_KEYWORDS)
static HPy pack_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy t, d, result;
    (void)self;
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames, &t, &d))
        return HPy_NULL;
    result = HPy_BuildValue(ctx, "OO", or_none(ctx, t), or_none(ctx, d));
    if (!HPy_IsNull(t))
        HPy_Close(ctx, t);
    if (!HPy_IsNull(d))
        HPy_Close(ctx, d);
    return result;
}

/* out_kwd NULL: SystemError, and out_args_tuple must stay untouched */
HPyDef_METH(pack_null_out, "pack_null_out", HPyFunc_KEYWORDS)
static HPy pack_null_out_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                              HPy kwnames)
{
    HPy t = ctx->h_True;
    (void)self;
    if (HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames, &t, NULL))
        return HPyUnicode_FromString(ctx, "succeeded");
    if (!HPy_Is(ctx, t, ctx->h_True)) {
        HPyErr_Clear(ctx);
        return HPyUnicode_FromString(ctx, "output written");
    }
    return HPy_NULL;
}

@EXPORT(pack)
@EXPORT(pack_null_out)
@INIT
"""


def test_pack_no_arguments_gives_two_nulls(compiler):
    mod = compiler.make_module(PACK)
    assert mod.pack() == (None, None)


def test_pack_positional_only_gives_tuple_and_null(compiler):
    mod = compiler.make_module(PACK)
    assert mod.pack(1, "a") == ((1, "a"), None)


def test_pack_keywords_only_gives_null_and_dict(compiler):
    mod = compiler.make_module(PACK)
    assert mod.pack(a=1, b=2) == (None, {"a": 1, "b": 2})


def test_pack_positional_and_keywords(compiler):
    mod = compiler.make_module(PACK)
    assert mod.pack(1, 2, key="v") == ((1, 2), {"key": "v"})


def test_pack_null_output_pointer_raises_system_error(compiler):
    mod = compiler.make_module(PACK)
    assert raises(SystemError, mod.pack_null_out, 1, a=2) == (
        "HPyHelpers_PackArgsAndKeywords: out_kwd is NULL")
