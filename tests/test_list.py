"""HPyList_Check, HPyList_New and HPyList_Append."""
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
    return HPyLong_FromLong(ctx, HPyList_Check(ctx, arg));
}

HPyDef_METH(new_list, "new_list", HPyFunc_O)
static HPy new_list_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    n = HPyLong_AsSsize_t(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyList_New(ctx, n);
}

/* append(lst, item) -> the C result of HPyList_Append */
HPyDef_METH(append, "append", HPyFunc_VARARGS)
static HPy append_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    if (HPyList_Append(ctx, args[0], args[1]) < 0)
        return HPy_NULL;
    return HPyLong_FromLong(ctx, 0);
}

/* the C result of HPyList_Append on failure, exception cleared */
HPyDef_METH(append_error_value, "append_error_value", HPyFunc_VARARGS)
static HPy append_error_value_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int r;
    (void)self; (void)nargs;
    r = HPyList_Append(ctx, args[0], args[1]);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, r);
}

/* a new list built with HPyList_New(0) and HPyList_Append; the items are closed after
   appending (the list keeps its own references) */
HPyDef_METH(build_by_append, "build_by_append", HPyFunc_NOARGS)
static HPy build_by_append_impl(HPyContext *ctx, HPy self)
{
    HPy lst, item;
    long i;
    (void)self;
    lst = HPyList_New(ctx, 0);
    if (HPy_IsNull(lst))
        return HPy_NULL;
    for (i = 0; i < 3; i++) {
        item = HPyLong_FromLong(ctx, i * 10);
        if (HPy_IsNull(item) || HPyList_Append(ctx, lst, item) < 0) {
            HPy_Close(ctx, item);
            HPy_Close(ctx, lst);
            return HPy_NULL;
        }
        HPy_Close(ctx, item);
    }
    return lst;
}

@EXPORT(check)
@EXPORT(new_list)
@EXPORT(append)
@EXPORT(append_error_value)
@EXPORT(build_by_append)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="list_api")


class List(list):
    pass


# ---- HPyList_Check ------------------------------------------------------------------


def test_check_list_is_1(mod):
    assert mod.check([1, 2]) == 1


def test_check_list_subclass_is_1(mod):
    assert mod.check(List()) == 1


@pytest.mark.parametrize("value", [(1, 2), {}, "ab", None], ids=["tuple", "dict", "str", "None"])
def test_check_non_list_is_0(mod, value):
    assert mod.check(value) == 0


# ---- HPyList_New --------------------------------------------------------------------


def test_new_empty(mod):
    assert mod.new_list(0) == []


def test_new_returns_exact_list(mod):
    assert type(mod.new_list(2)) is list


def test_new_is_full_of_none(mod):
    assert mod.new_list(3) == [None, None, None]


def test_new_list_is_mutable(mod):
    lst = mod.new_list(2)
    lst[1] = "x"
    lst.append("y")
    assert lst == [None, "x", "y"]


def test_new_negative_size_raises_system_error(mod):
    assert "bad argument to internal function" in raises(SystemError, mod.new_list, -1)


# ---- HPyList_Append -----------------------------------------------------------------


def test_append_adds_at_the_end(mod):
    lst = [1, 2]
    mod.append(lst, 3)
    assert lst == [1, 2, 3]


def test_append_returns_0(mod):
    assert mod.append([], "x") == 0


def test_append_to_a_list_made_by_new(mod):
    assert mod.build_by_append() == [0, 10, 20]


def test_append_stores_the_same_object(mod):
    item = object()
    lst = []
    mod.append(lst, item)
    assert lst[0] is item


def test_append_does_not_steal_the_item(mod):
    item = object()
    lst = []
    before = sys.getrefcount(item)
    mod.append(lst, item)
    assert sys.getrefcount(item) == before + 1


def test_append_to_list_subclass(mod):
    lst = List()
    mod.append(lst, 1)
    assert lst == [1]


def test_append_to_non_list_raises_system_error(mod):
    assert "bad argument to internal function" in raises(SystemError, mod.append, (), 1)


def test_append_to_non_list_returns_minus_1(mod):
    assert mod.append_error_value((), 1) == -1
