"""HPyDict_Check, HPyDict_New, HPyDict_Keys and HPyDict_Copy."""
import pytest


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


SOURCE = r"""
HPyDef_METH(check, "check", HPyFunc_O)
static HPy check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyDict_Check(ctx, arg));
}

HPyDef_METH(new_dict, "new_dict", HPyFunc_NOARGS)
static HPy new_dict_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyDict_New(ctx);
}

/* a new dict filled from C: {"a": 1} */
HPyDef_METH(new_dict_filled, "new_dict_filled", HPyFunc_NOARGS)
static HPy new_dict_filled_impl(HPyContext *ctx, HPy self)
{
    HPy d, one;
    (void)self;
    d = HPyDict_New(ctx);
    if (HPy_IsNull(d))
        return HPy_NULL;
    one = HPyLong_FromLong(ctx, 1);
    if (HPy_IsNull(one) || HPy_SetItem_s(ctx, d, "a", one) < 0) {
        HPy_Close(ctx, one);
        HPy_Close(ctx, d);
        return HPy_NULL;
    }
    HPy_Close(ctx, one);
    return d;
}

HPyDef_METH(keys, "keys", HPyFunc_O)
static HPy keys_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyDict_Keys(ctx, arg);
}

HPyDef_METH(copy, "copy", HPyFunc_O)
static HPy copy_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyDict_Copy(ctx, arg);
}

@EXPORT(check)
@EXPORT(new_dict)
@EXPORT(new_dict_filled)
@EXPORT(keys)
@EXPORT(copy)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="dict_api")


class Dict(dict):
    pass


# ---- HPyDict_Check ------------------------------------------------------------------


def test_check_dict_is_1(mod):
    assert mod.check({"a": 1}) == 1


def test_check_dict_subclass_is_1(mod):
    assert mod.check(Dict()) == 1


@pytest.mark.parametrize("value", [[], (), "ab", None, {"a": 1}.items()],
                         ids=["list", "tuple", "str", "None", "items_view"])
def test_check_non_dict_is_0(mod, value):
    assert mod.check(value) == 0


# ---- HPyDict_New --------------------------------------------------------------------


def test_new_is_empty(mod):
    assert mod.new_dict() == {}


def test_new_returns_exact_dict(mod):
    assert type(mod.new_dict()) is dict


def test_new_returns_a_new_object_each_time(mod):
    assert mod.new_dict() is not mod.new_dict()


def test_new_dict_can_be_filled_from_c(mod):
    assert mod.new_dict_filled() == {"a": 1}


# ---- HPyDict_Keys -------------------------------------------------------------------


def test_keys_returns_list_in_insertion_order(mod):
    assert mod.keys({"b": 1, "a": 2, 3: 4}) == ["b", "a", 3]


def test_keys_returns_exact_list(mod):
    assert type(mod.keys({"a": 1})) is list


def test_keys_of_empty_dict(mod):
    assert mod.keys({}) == []


def test_keys_of_dict_subclass(mod):
    assert mod.keys(Dict(x=1)) == ["x"]


def test_keys_result_is_a_snapshot(mod):
    d = {"a": 1}
    keys = mod.keys(d)
    d["b"] = 2
    assert keys == ["a"]


def test_keys_of_non_dict_raises_system_error(mod):
    assert "bad argument to internal function" in raises(SystemError, mod.keys, [("a", 1)])


# ---- HPyDict_Copy -------------------------------------------------------------------


def test_copy_is_equal(mod):
    assert mod.copy({"a": 1, "b": [2]}) == {"a": 1, "b": [2]}


def test_copy_is_a_new_dict(mod):
    d = {"a": 1}
    assert mod.copy(d) is not d


def test_copy_is_independent_of_the_original(mod):
    d = {"a": 1}
    c = mod.copy(d)
    c["b"] = 2
    assert d == {"a": 1}


def test_copy_is_shallow(mod):
    value = [1]
    assert mod.copy({"a": value})["a"] is value


def test_copy_of_empty_dict(mod):
    assert mod.copy({}) == {}


def test_copy_of_subclass_is_exact_dict(mod):
    assert type(mod.copy(Dict(a=1))) is dict


def test_copy_of_non_dict_raises_system_error(mod):
    assert "bad argument to internal function" in raises(SystemError, mod.copy, [("a", 1)])
