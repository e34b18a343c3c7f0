"""HPy_BuildValue (runtime/buildvalue.c).

Each test builds a module whose function `f` returns HPy_BuildValue(ctx, <args>);
Python objects passed to `f` are `args[0]`, `args[1]`... in C.
"""
import ctypes
import gc
import sys

import pytest


def build(compiler, c_args, *py_args):
    mod = compiler.make_module(f"""
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{{
    (void)self; (void)args; (void)nargs;
    return HPy_BuildValue(ctx, {c_args});
}}
@EXPORT(f)
@INIT
""")
    return mod.f(*py_args)


def build_error(compiler, exc_type, c_args, *py_args):
    with pytest.raises(exc_type) as info:
        build(compiler, c_args, *py_args)
    return str(info.value)


LONG_BITS = 8 * ctypes.sizeof(ctypes.c_long)


# ---- single values --------------------------------------------------------------------


def test_buildvalue_empty_format_gives_none(compiler):
    assert build(compiler, '""') is None


def test_buildvalue_only_separators_gives_none(compiler):
    assert build(compiler, '" , "') is None


def test_buildvalue_i_int(compiler):
    assert build(compiler, '"i", INT_MIN') == -2 ** 31


def test_buildvalue_I_unsigned_int(compiler):
    assert build(compiler, '"I", UINT_MAX') == 2 ** 32 - 1


def test_buildvalue_k_unsigned_long(compiler):
    assert build(compiler, '"k", ULONG_MAX') == 2 ** LONG_BITS - 1


def test_buildvalue_l_long(compiler):
    assert build(compiler, '"l", LONG_MIN') == -2 ** (LONG_BITS - 1)


def test_buildvalue_L_long_long(compiler):
    assert build(compiler, '"L", LLONG_MIN') == -2 ** 63


def test_buildvalue_K_unsigned_long_long(compiler):
    assert build(compiler, '"K", ULLONG_MAX') == 2 ** 64 - 1


def test_buildvalue_n_ssize(compiler):
    assert build(compiler, '"n", HPY_SSIZE_T_MAX') == sys.maxsize


def test_buildvalue_f_reads_a_double(compiler):
    assert build(compiler, '"f", (double)1.5f') == 1.5


def test_buildvalue_d_double(compiler):
    assert build(compiler, '"d", 0.25') == 0.25


def test_buildvalue_s_utf8_str(compiler):
    assert build(compiler, '"s", "h\\xc3\\xa9llo"') == "h\u00e9llo"


def test_buildvalue_s_null_gives_none(compiler):
    assert build(compiler, '"s", (const char *)NULL') is None


def test_buildvalue_O_returns_the_object(compiler):
    obj = object()
    assert build(compiler, '"O", args[0]', obj) is obj


def test_buildvalue_S_returns_the_object(compiler):
    obj = object()
    assert build(compiler, '"S", args[0]', obj) is obj


def test_buildvalue_O_does_not_steal_the_handle(compiler):
    mod = compiler.make_module("""
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy mine, result;
    (void)self; (void)nargs;
    mine = HPy_Dup(ctx, args[0]);
    result = HPy_BuildValue(ctx, "(OO)", mine, mine);
    HPy_Close(ctx, mine);
    return result;
}
@EXPORT(f)
@INIT
""")
    obj = [1]
    before = sys.getrefcount(obj)
    assert mod.f(obj) == ([1], [1])
    assert sys.getrefcount(obj) == before


# ---- several values and containers ----------------------------------------------------


def test_buildvalue_several_units_give_a_tuple(compiler):
    assert build(compiler, '"isd", 1, "two", 3.0') == (1, "two", 3.0)


def test_buildvalue_comma_and_space_separate_units(compiler):
    assert build(compiler, '"i, i ,i", 1, 2, 3') == (1, 2, 3)


def test_buildvalue_parens_give_a_tuple(compiler):
    assert build(compiler, '"(ii)", 1, 2') == (1, 2)


def test_buildvalue_empty_parens_give_empty_tuple(compiler):
    assert build(compiler, '"()"') == ()


def test_buildvalue_one_item_parens_give_one_tuple(compiler):
    assert build(compiler, '"(i)", 7') == (7,)


def test_buildvalue_brackets_give_a_list(compiler):
    assert build(compiler, '"[i,s]", 1, "a"') == [1, "a"]


def test_buildvalue_empty_brackets_give_empty_list(compiler):
    assert build(compiler, '"[]"') == []


def test_buildvalue_braces_give_a_dict(compiler):
    assert build(compiler, '"{s:i,s:i}", "a", 1, "b", 2') == {"a": 1, "b": 2}


def test_buildvalue_dict_with_spaces(compiler):
    assert build(compiler, '"{s: i, i: O}", "a", 1, 2, args[0]', None) == {"a": 1, 2: None}


def test_buildvalue_empty_braces_give_empty_dict(compiler):
    assert build(compiler, '"{}"') == {}


def test_buildvalue_nested_containers(compiler):
    assert build(compiler, '"(i(ii)[i,{s:(i)}])", 1, 2, 3, 4, "k", 5') == (
        1, (2, 3), [4, {"k": (5,)}])


def test_buildvalue_deep_nesting(compiler):
    assert build(compiler, '"[((({s:[i]})))]", "k", 1') == [((({"k": [1]},),),)]


def test_buildvalue_several_containers_give_a_tuple(compiler):
    assert build(compiler, '"[i](i){}", 1, 2') == ([1], (2,), {})


def test_buildvalue_unhashable_dict_key_raises_type_error(compiler):
    with pytest.raises(TypeError):
        build(compiler, '"{O:i}", args[0], 1', [])


# ---- errors -------------------------------------------------------------------------------


def test_buildvalue_N_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"iN", 1, args[0]', 2) == (
        "HPy_BuildValue: unit 'N' is not supported (HPy never steals handles; "
        "use 'O' and close the handle) in format \"iN\"")


def test_buildvalue_unknown_unit_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"iq", 1') == (
        "HPy_BuildValue: unknown unit 'q' in format \"iq\"")


def test_buildvalue_unknown_unit_inside_container_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"[i(z)]", 1') == (
        "HPy_BuildValue: unknown unit 'z' in format \"[i(z)]\"")


def test_buildvalue_unclosed_paren_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"(ii", 1, 2') == (
        "HPy_BuildValue: unmatched '(' in format \"(ii\"")


def test_buildvalue_unopened_bracket_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"ii]", 1, 2') == (
        "HPy_BuildValue: unmatched ']' in format \"ii]\"")


def test_buildvalue_mismatched_closer_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"[(i]", 1') == (
        "HPy_BuildValue: '(' closed by ']' in format \"[(i]\"")


def test_buildvalue_dict_key_without_value_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"{s:i,s}", "a", 1, "b"') == (
        "HPy_BuildValue: dict with a key but no value in format \"{s:i,s}\"")


def test_buildvalue_colon_outside_dict_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"i:i", 1, 2') == (
        "HPy_BuildValue: ':' outside a dict in format \"i:i\"")


def test_buildvalue_null_handle_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"(iO)", 1, HPy_NULL') == (
        "HPy_BuildValue: HPy_NULL passed for unit 'O' in format \"(iO)\"")


def test_buildvalue_null_handle_in_nested_list_raises_system_error(compiler):
    assert build_error(compiler, SystemError, '"{s:[iS]}", "k", 1, HPy_NULL') == (
        "HPy_BuildValue: HPy_NULL passed for unit 'S' in format \"{s:[iS]}\"")


def test_buildvalue_error_releases_built_items(compiler):
    obj = object()
    before = sys.getrefcount(obj)
    with pytest.raises(SystemError):
        build(compiler, '"(O[OO])", args[0], args[0], HPy_NULL', obj)
    gc.collect()  # the traceback kept by pytest refers to obj through a cycle
    assert sys.getrefcount(obj) == before


def test_buildvalue_null_handle_keeps_pending_error(compiler):
    mod = compiler.make_module("""
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy item;
    (void)self; (void)args; (void)nargs;
    item = HPyErr_SetString(ctx, ctx->h_KeyError, "from the caller");
    return HPy_BuildValue(ctx, "[iO]", 1, item);
}
@EXPORT(f)
@INIT
""")
    with pytest.raises(KeyError) as info:
        mod.f()
    assert info.value.args == ("from the caller",)
