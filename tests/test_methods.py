"""Module-level methods of every kind: HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS and
HPyFunc_KEYWORDS; their names, docstrings, arity errors, exceptions and bad returns."""
import re
import types

import pytest

from support.pypy import IS_PYPY


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


SOURCE = r"""
static HPy or_none(HPyContext *ctx, HPy h)
{
    return HPy_IsNull(h) ? HPy_Dup(ctx, ctx->h_None) : HPy_Dup(ctx, h);
}

/* a tuple of n handles from a const array */
static HPy tuple_of(HPyContext *ctx, const HPy *items, HPy_ssize_t n)
{
    HPyTupleBuilder b = HPyTupleBuilder_New(ctx, n);
    HPy_ssize_t i;
    for (i = 0; i < n; i++)
        HPyTupleBuilder_Set(ctx, b, i, items[i]);
    return HPyTupleBuilder_Build(ctx, b);
}

/* ---- NOARGS ---- */

HPyDef_METH(noargs, "noargs", HPyFunc_NOARGS, .doc = "Takes no arguments.")
static HPy noargs_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "noargs called");
}

HPyDef_METH(noargs_self, "noargs_self", HPyFunc_NOARGS)
static HPy noargs_self_impl(HPyContext *ctx, HPy self)
{
    return HPy_Dup(ctx, self);
}

HPyDef_METH(noargs_raise, "noargs_raise", HPyFunc_NOARGS)
static HPy noargs_raise_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyErr_SetString(ctx, ctx->h_ValueError, "raised by noargs");
}

/* ---- O ---- */

HPyDef_METH(o, "o", HPyFunc_O, .doc = "Takes one argument.")
static HPy o_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}

HPyDef_METH(o_self, "o_self", HPyFunc_O)
static HPy o_self_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)arg;
    return HPy_Dup(ctx, self);
}

HPyDef_METH(o_raise, "o_raise", HPyFunc_O)
static HPy o_raise_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyErr_SetObject(ctx, ctx->h_KeyError, arg);
}

/* ---- VARARGS ---- */

HPyDef_METH(varargs, "varargs", HPyFunc_VARARGS, .doc = "Takes any positional arguments.")
static HPy varargs_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    return tuple_of(ctx, args, (HPy_ssize_t)nargs);
}

HPyDef_METH(varargs_nargs, "varargs_nargs", HPyFunc_VARARGS)
static HPy varargs_nargs_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)args;
    return HPyLong_FromSize_t(ctx, nargs);
}

HPyDef_METH(varargs_self, "varargs_self", HPyFunc_VARARGS)
static HPy varargs_self_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)args; (void)nargs;
    return HPy_Dup(ctx, self);
}

HPyDef_METH(varargs_raise, "varargs_raise", HPyFunc_VARARGS)
static HPy varargs_raise_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)args;
    return HPyErr_Format(ctx, ctx->h_TypeError, "raised by varargs with %zu args", nargs);
}

/* ---- KEYWORDS ---- */

/* keywords(*args, **kw) -> (positional tuple, kwnames or None, keyword values tuple) */
HPyDef_METH(keywords, "keywords", HPyFunc_KEYWORDS, .doc = "Takes keywords.")
static HPy keywords_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                         HPy kwnames)
{
    HPy positional, names, values, result;
    HPy_ssize_t nkw = 0;
    (void)self;
    if (!HPy_IsNull(kwnames)) {
        nkw = HPy_Length(ctx, kwnames);
        if (nkw < 0)
            return HPy_NULL;
    }
    positional = tuple_of(ctx, args, (HPy_ssize_t)nargs);
    if (HPy_IsNull(positional))
        return HPy_NULL;
    values = tuple_of(ctx, args + nargs, nkw);
    if (HPy_IsNull(values)) {
        HPy_Close(ctx, positional);
        return HPy_NULL;
    }
    names = or_none(ctx, kwnames);
    result = HPyTuple_Pack(ctx, 3, positional, names, values);
    HPy_Close(ctx, names);
    HPy_Close(ctx, values);
    HPy_Close(ctx, positional);
    return result;
}

HPyDef_METH(kwnames_is_tuple, "kwnames_is_tuple", HPyFunc_KEYWORDS)
static HPy kwnames_is_tuple_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                                 HPy kwnames)
{
    (void)self; (void)args; (void)nargs;
    return HPyBool_FromLong(ctx, !HPy_IsNull(kwnames) && HPyTuple_Check(ctx, kwnames));
}

HPyDef_METH(kwnames_is_null, "kwnames_is_null", HPyFunc_KEYWORDS)
static HPy kwnames_is_null_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                                HPy kwnames)
{
    (void)self; (void)args; (void)nargs;
    return HPyBool_FromLong(ctx, HPy_IsNull(kwnames));
}

HPyDef_METH(keywords_self, "keywords_self", HPyFunc_KEYWORDS)
static HPy keywords_self_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                              HPy kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return HPy_Dup(ctx, self);
}

HPyDef_METH(keywords_raise, "keywords_raise", HPyFunc_KEYWORDS)
static HPy keywords_raise_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                               HPy kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return HPyErr_SetString(ctx, ctx->h_RuntimeError, "raised by keywords");
}

/* ---- names, docs, bad returns ---- */

HPyDef_METH(no_doc, "no_doc", HPyFunc_NOARGS)
static HPy no_doc_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

/* the Python name differs from the C symbol */
HPyDef_METH(c_symbol, "python_name", HPyFunc_NOARGS)
static HPy c_symbol_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "python_name called");
}

/* HPyDef_METH_IMPL: the implementation has a name of its own */
static HPy shared_impl(HPyContext *ctx, HPy self, HPy arg);
HPyDef_METH_IMPL(with_impl, "with_impl", shared_impl, HPyFunc_O, .doc = "Custom impl.")
static HPy shared_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Add(ctx, arg, arg);
}

HPyDef_METH(null_no_error, "null_no_error", HPyFunc_NOARGS)
static HPy null_no_error_impl(HPyContext *ctx, HPy self)
{
    (void)ctx; (void)self;
    return HPy_NULL;
}

@EXPORT(noargs)
@EXPORT(noargs_self)
@EXPORT(noargs_raise)
@EXPORT(o)
@EXPORT(o_self)
@EXPORT(o_raise)
@EXPORT(varargs)
@EXPORT(varargs_nargs)
@EXPORT(varargs_self)
@EXPORT(varargs_raise)
@EXPORT(keywords)
@EXPORT(kwnames_is_tuple)
@EXPORT(kwnames_is_null)
@EXPORT(keywords_self)
@EXPORT(keywords_raise)
@EXPORT(no_doc)
@EXPORT(c_symbol)
@EXPORT(with_impl)
@EXPORT(null_no_error)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="methods_api")


# ---- HPyFunc_NOARGS -----------------------------------------------------------------


def test_noargs_is_called(mod):
    assert mod.noargs() == "noargs called"


def test_noargs_self_is_the_module(mod):
    assert mod.noargs_self() is mod


def test_noargs_with_an_argument_raises_type_error(mod):
    # the host's arity check: PyPy's message does not count the arguments
    expected = "noargs() takes no arguments" + ("" if IS_PYPY else " (1 given)")
    assert expected in raises(TypeError, mod.noargs, 1)


def test_noargs_with_a_keyword_raises_type_error(mod):
    assert "takes no keyword arguments" in raises(TypeError, mod.noargs, x=1)


def test_noargs_exception_propagates(mod):
    assert raises(ValueError, mod.noargs_raise) == "raised by noargs"


# ---- HPyFunc_O ----------------------------------------------------------------------


def test_o_receives_the_argument(mod):
    obj = object()
    assert mod.o(obj) is obj


def test_o_self_is_the_module(mod):
    assert mod.o_self(None) is mod


def test_o_without_argument_raises_type_error(mod):
    assert "o() takes exactly one argument (0 given)" in raises(TypeError, mod.o)


def test_o_with_two_arguments_raises_type_error(mod):
    assert "o() takes exactly one argument (2 given)" in raises(TypeError, mod.o, 1, 2)


def test_o_with_a_keyword_raises_type_error(mod):
    assert "takes no keyword arguments" in raises(TypeError, mod.o, x=1)


def test_o_exception_propagates(mod):
    assert raises(KeyError, mod.o_raise, "missing") == "'missing'"


# ---- HPyFunc_VARARGS ----------------------------------------------------------------


def test_varargs_receives_the_arguments_in_order(mod):
    assert mod.varargs(1, "two", None) == (1, "two", None)


def test_varargs_without_arguments(mod):
    assert mod.varargs() == ()


def test_varargs_nargs_counts_the_arguments(mod):
    assert mod.varargs_nargs(*range(20)) == 20


def test_varargs_self_is_the_module(mod):
    assert mod.varargs_self(1, 2) is mod


def test_varargs_with_a_keyword_raises_type_error(mod):
    assert "takes no keyword arguments" in raises(TypeError, mod.varargs, 1, x=2)


def test_varargs_exception_propagates(mod):
    assert raises(TypeError, mod.varargs_raise, 1, 2) == "raised by varargs with 2 args"


# ---- HPyFunc_KEYWORDS ---------------------------------------------------------------


def test_keywords_positional_only(mod):
    assert mod.keywords(1, 2) == ((1, 2), None, ())


def test_keywords_kwnames_and_values_after_the_positional_args(mod):
    assert mod.keywords(1, b=2, a=3) == ((1,), ("b", "a"), (2, 3))


def test_keywords_keywords_only(mod):
    assert mod.keywords(x="X") == ((), ("x",), ("X",))


def test_keywords_without_arguments(mod):
    assert mod.keywords() == ((), None, ())


def test_keywords_from_a_dict(mod):
    assert mod.keywords(0, **{"k1": 1, "k2": 2}) == ((0,), ("k1", "k2"), (1, 2))


def test_keywords_kwnames_is_a_tuple(mod):
    assert mod.kwnames_is_tuple(k=1) is True


def test_keywords_kwnames_is_null_without_keywords(mod):
    assert mod.kwnames_is_null(1, 2) is True


def test_keywords_kwnames_is_not_null_with_keywords(mod):
    assert mod.kwnames_is_null(1, k=2) is False


def test_keywords_self_is_the_module(mod):
    assert mod.keywords_self(k=1) is mod


def test_keywords_exception_propagates(mod):
    assert raises(RuntimeError, mod.keywords_raise, 1, k=2) == "raised by keywords"


# ---- names and docstrings -----------------------------------------------------------


@pytest.mark.parametrize("name", ["noargs", "o", "varargs", "keywords"])
def test_method_name(mod, name):
    assert getattr(mod, name).__name__ == name


def test_method_python_name_differs_from_the_c_symbol(mod):
    assert (mod.python_name(), mod.python_name.__name__) == ("python_name called",
                                                            "python_name")


def test_method_c_symbol_is_not_an_attribute(mod):
    assert not hasattr(mod, "c_symbol")


@pytest.mark.parametrize("name, doc", [
    ("noargs", "Takes no arguments."),
    ("o", "Takes one argument."),
    ("varargs", "Takes any positional arguments."),
    ("keywords", "Takes keywords."),
])
def test_method_doc(mod, name, doc):
    assert getattr(mod, name).__doc__ == doc


def test_method_without_doc_has_none(mod):
    assert mod.no_doc.__doc__ is None


def test_method_is_a_builtin_function(mod):
    assert type(mod.noargs) is types.BuiltinFunctionType


def test_method_self_attribute_is_the_module(mod):
    assert mod.noargs.__self__ is mod


def test_method_module_attribute_is_the_module_name(mod):
    assert mod.noargs.__module__ == mod.__name__


def test_meth_impl_uses_the_named_implementation(mod):
    assert mod.with_impl(21) == 42


def test_meth_impl_name_and_doc(mod):
    assert (mod.with_impl.__name__, mod.with_impl.__doc__) == ("with_impl", "Custom impl.")


# ---- bad returns --------------------------------------------------------------------


def test_returning_null_without_exception_raises_system_error(mod):
    # the host's message: CPython's depends on the version and on the call path; PyPy's
    # HPy says "Function returned an error result without setting an exception"
    msg = raises(SystemError, mod.null_no_error)
    assert re.search("returned NULL without setting an (error|exception)|error return without "
                     "exception set|returned an error result without setting an exception", msg)


# ---- many methods -------------------------------------------------------------------

# More methods of each kind than the loader has direct entries for (256 per signature in
# universal mode, loader/ctx/direct_entries.c): the rest go through their trampolines and
# must behave the same. Two modules share implementations, which share their entries.
MANY = 300


def many_methods_source() -> str:
    parts = []
    for i in range(MANY):
        parts.append(f"""
HPyDef_METH(noargs_{i}, "noargs_{i}", HPyFunc_NOARGS)
static HPy noargs_{i}_impl(HPyContext *ctx, HPy self)
{{
    (void)self;
    return HPyLong_FromLong(ctx, {i});
}}
HPyDef_METH(o_{i}, "o_{i}", HPyFunc_O)
static HPy o_{i}_impl(HPyContext *ctx, HPy self, HPy arg)
{{
    HPy n = HPyLong_FromLong(ctx, {i}), sum;
    (void)self;
    sum = HPy_Add(ctx, arg, n);
    HPy_Close(ctx, n);
    return sum;
}}
@EXPORT(noargs_{i})
@EXPORT(o_{i})
""")
    return "".join(parts) + "\n@INIT\n"


def test_more_methods_than_direct_entries(compiler):
    first = compiler.make_module(many_methods_source(), name="many_methods")
    second = compiler.make_module(many_methods_source(), name="many_methods_again")
    for mod in (first, second):
        assert [getattr(mod, f"noargs_{i}")() for i in range(MANY)] == list(range(MANY))
        assert [getattr(mod, f"o_{i}")(1000) for i in range(MANY)] == [
            1000 + i for i in range(MANY)]
