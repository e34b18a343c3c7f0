"""HPyTuple_Check, HPyTuple_FromArray and HPyTuple_Pack."""
import sys

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
    return HPyLong_FromLong(ctx, HPyTuple_Check(ctx, arg));
}

/* from_array(*items): a tuple of the arguments */
HPyDef_METH(from_array, "from_array", HPyFunc_VARARGS)
static HPy from_array_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy items[8];
    size_t i;
    (void)self;
    if (nargs > 8)
        return HPyErr_SetString(ctx, ctx->h_ValueError, "at most 8 items");
    for (i = 0; i < nargs; i++)
        items[i] = args[i];
    return HPyTuple_FromArray(ctx, items, (HPy_ssize_t)nargs);
}

/* items made in C and closed after building: the tuple keeps its own references */
HPyDef_METH(from_array_owned, "from_array_owned", HPyFunc_NOARGS)
static HPy from_array_owned_impl(HPyContext *ctx, HPy self)
{
    HPy items[2], result;
    (void)self;
    items[0] = HPyLong_FromLong(ctx, 1);
    items[1] = HPyUnicode_FromString(ctx, "two");
    if (HPy_IsNull(items[0]) || HPy_IsNull(items[1]))
        result = HPy_NULL;
    else
        result = HPyTuple_FromArray(ctx, items, 2);
    HPy_Close(ctx, items[1]);
    HPy_Close(ctx, items[0]);
    return result;
}

HPyDef_METH(from_array_null_item, "from_array_null_item", HPyFunc_NOARGS)
static HPy from_array_null_item_impl(HPyContext *ctx, HPy self)
{
    HPy items[3];
    (void)self;
    items[0] = ctx->h_None;
    items[1] = HPy_NULL;
    items[2] = ctx->h_None;
    return HPyTuple_FromArray(ctx, items, 3);
}

HPyDef_METH(pack0, "pack0", HPyFunc_NOARGS)
static HPy pack0_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyTuple_Pack(ctx, 0);
}

HPyDef_METH(pack1, "pack1", HPyFunc_O)
static HPy pack1_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyTuple_Pack(ctx, 1, arg);
}

HPyDef_METH(pack3, "pack3", HPyFunc_VARARGS)
static HPy pack3_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return HPyTuple_Pack(ctx, 3, args[0], args[1], args[2]);
}

/* more items than HPyTuple_Pack gathers on the stack (it then uses a builder) */
HPyDef_METH(pack20, "pack20", HPyFunc_VARARGS)
static HPy pack20_impl(HPyContext *ctx, HPy self, const HPy *a, size_t nargs)
{
    (void)self; (void)nargs;
    return HPyTuple_Pack(ctx, 20, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                         a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19]);
}

/* items made in C and closed after packing */
HPyDef_METH(pack_owned, "pack_owned", HPyFunc_NOARGS)
static HPy pack_owned_impl(HPyContext *ctx, HPy self)
{
    HPy a, b, result;
    (void)self;
    a = HPyLong_FromLong(ctx, 7);
    b = HPyFloat_FromDouble(ctx, 0.5);
    if (HPy_IsNull(a) || HPy_IsNull(b))
        result = HPy_NULL;
    else
        result = HPyTuple_Pack(ctx, 2, a, b);
    HPy_Close(ctx, b);
    HPy_Close(ctx, a);
    return result;
}

@EXPORT(check)
@EXPORT(from_array)
@EXPORT(from_array_owned)
@EXPORT(from_array_null_item)
@EXPORT(pack0)
@EXPORT(pack1)
@EXPORT(pack3)
@EXPORT(pack20)
@EXPORT(pack_owned)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="tuple_api")


class Tuple(tuple):
    pass


# ---- HPyTuple_Check -----------------------------------------------------------------


def test_check_tuple_is_1(mod):
    assert mod.check((1, 2)) == 1


def test_check_empty_tuple_is_1(mod):
    assert mod.check(()) == 1


def test_check_tuple_subclass_is_1(mod):
    assert mod.check(Tuple((1,))) == 1


def test_check_struct_sequence_is_1(mod):
    assert mod.check(sys.version_info) == 1


@pytest.mark.parametrize("value", [[1, 2], {}, "ab", None], ids=["list", "dict", "str", "None"])
def test_check_non_tuple_is_0(mod, value):
    assert mod.check(value) == 0


# ---- HPyTuple_FromArray -------------------------------------------------------------


def test_from_array(mod):
    assert mod.from_array(1, "a", None) == (1, "a", None)


def test_from_array_returns_exact_tuple(mod):
    assert type(mod.from_array(1)) is tuple


def test_from_array_empty(mod):
    assert mod.from_array() == ()


def test_from_array_stores_the_same_objects(mod):
    a, b = object(), object()
    t = mod.from_array(a, b)
    assert t[0] is a and t[1] is b


def test_from_array_does_not_steal_the_items(mod):
    item = object()
    before = sys.getrefcount(item)
    t = mod.from_array(item)
    assert sys.getrefcount(item) == before + 1
    del t


def test_from_array_items_outlive_the_callers_handles(mod):
    assert mod.from_array_owned() == (1, "two")


def test_from_array_null_item_raises_system_error(mod):
    assert raises(SystemError, mod.from_array_null_item) == (
        "HPyTuple_FromArray: item 1 is HPy_NULL")


# ---- HPyTuple_Pack ------------------------------------------------------------------


def test_pack_zero_items_is_empty_tuple(mod):
    assert mod.pack0() == ()


def test_pack_one_item(mod):
    assert mod.pack1("x") == ("x",)


def test_pack_three_items_in_order(mod):
    assert mod.pack3(1, 2, 3) == (1, 2, 3)


def test_pack_many_items_in_order(mod):
    items = [object() for _ in range(20)]
    assert list(mod.pack20(*items)) == items


def test_pack_returns_exact_tuple(mod):
    assert type(mod.pack1(1)) is tuple


def test_pack_stores_the_same_object(mod):
    item = object()
    assert mod.pack1(item)[0] is item


def test_pack_does_not_steal_the_items(mod):
    item = object()
    before = sys.getrefcount(item)
    t = mod.pack1(item)
    assert sys.getrefcount(item) == before + 1
    del t


def test_pack_items_outlive_the_callers_handles(mod):
    assert mod.pack_owned() == (7, 0.5)
