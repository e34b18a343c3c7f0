"""HPyListBuilder_* and HPyTupleBuilder_*: New, Set, Build and Cancel.

Both builders have the same behaviour, so every test runs for both kinds; the C code of
the two is the same up to the names.
"""
import sys

import pytest


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


LIST_SOURCE = r"""
/* list_build(*items): New(nargs), Set each, Build */
HPyDef_METH(list_build, "list_build", HPyFunc_VARARGS)
static HPy list_build_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyListBuilder b;
    size_t i;
    (void)self;
    b = HPyListBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = 0; i < nargs; i++)
        HPyListBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    return HPyListBuilder_Build(ctx, b);
}

/* list_build_reversed(*items): items set from the last index to the first */
HPyDef_METH(list_build_reversed, "list_build_reversed", HPyFunc_VARARGS)
static HPy list_build_reversed_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyListBuilder b;
    size_t i;
    (void)self;
    b = HPyListBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = nargs; i > 0; i--)
        HPyListBuilder_Set(ctx, b, (HPy_ssize_t)(i - 1), args[i - 1]);
    return HPyListBuilder_Build(ctx, b);
}

/* items made in C and closed right after Set: the container keeps its own references */
HPyDef_METH(list_build_owned, "list_build_owned", HPyFunc_NOARGS)
static HPy list_build_owned_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    HPy item;
    long i;
    (void)self;
    b = HPyListBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++) {
        item = HPyLong_FromLong(ctx, 100 + i);
        if (HPy_IsNull(item)) {
            HPyListBuilder_Cancel(ctx, b);
            return HPy_NULL;
        }
        HPyListBuilder_Set(ctx, b, i, item);
        HPy_Close(ctx, item);
    }
    return HPyListBuilder_Build(ctx, b);
}

/* list_set_twice(first, second): size 1, Set(0, first), Set(0, second), Build */
HPyDef_METH(list_set_twice, "list_set_twice", HPyFunc_VARARGS)
static HPy list_set_twice_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyListBuilder b;
    (void)self; (void)nargs;
    b = HPyListBuilder_New(ctx, 1);
    HPyListBuilder_Set(ctx, b, 0, args[0]);
    HPyListBuilder_Set(ctx, b, 0, args[1]);
    return HPyListBuilder_Build(ctx, b);
}

/* list_cancel(*items): New, Set each, Cancel; returns None */
HPyDef_METH(list_cancel, "list_cancel", HPyFunc_VARARGS)
static HPy list_cancel_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyListBuilder b;
    size_t i;
    (void)self;
    b = HPyListBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = 0; i < nargs; i++)
        HPyListBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    HPyListBuilder_Cancel(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Cancel with no item set */
HPyDef_METH(list_cancel_empty, "list_cancel_empty", HPyFunc_NOARGS)
static HPy list_cancel_empty_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    (void)self;
    b = HPyListBuilder_New(ctx, 4);
    HPyListBuilder_Cancel(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}

/* size 3, every item set, then Set(5): Build must fail with the IndexError of Set */
HPyDef_METH(list_set_out_of_range, "list_set_out_of_range", HPyFunc_NOARGS)
static HPy list_set_out_of_range_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    HPy_ssize_t i;
    (void)self;
    b = HPyListBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++)
        HPyListBuilder_Set(ctx, b, i, ctx->h_None);
    HPyListBuilder_Set(ctx, b, 5, ctx->h_None);
    return HPyListBuilder_Build(ctx, b);
}

/* size 3, Set(-1) */
HPyDef_METH(list_set_negative, "list_set_negative", HPyFunc_NOARGS)
static HPy list_set_negative_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    HPy_ssize_t i;
    (void)self;
    b = HPyListBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++)
        HPyListBuilder_Set(ctx, b, i, ctx->h_None);
    HPyListBuilder_Set(ctx, b, -1, ctx->h_None);
    return HPyListBuilder_Build(ctx, b);
}

/* the error of an out-of-range Set is pending right after Set (checked, then cleared) */
HPyDef_METH(list_set_out_of_range_sets_error, "list_set_out_of_range_sets_error",
            HPyFunc_NOARGS)
static HPy list_set_out_of_range_sets_error_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    int matches;
    (void)self;
    b = HPyListBuilder_New(ctx, 3);
    HPyListBuilder_Set(ctx, b, 3, ctx->h_None);
    matches = HPyErr_ExceptionMatches(ctx, ctx->h_IndexError);
    HPyErr_Clear(ctx);
    HPyListBuilder_Cancel(ctx, b);
    return HPyBool_FromLong(ctx, matches);
}

/* size 3, items 0 and 2 set: Build must fail */
HPyDef_METH(list_item_never_set, "list_item_never_set", HPyFunc_NOARGS)
static HPy list_item_never_set_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    (void)self;
    b = HPyListBuilder_New(ctx, 3);
    HPyListBuilder_Set(ctx, b, 0, ctx->h_None);
    HPyListBuilder_Set(ctx, b, 2, ctx->h_None);
    return HPyListBuilder_Build(ctx, b);
}

/* list_item_never_set_releases(item): item set at 0 of a builder of size 2, Build fails */
HPyDef_METH(list_item_never_set_releases, "list_item_never_set_releases", HPyFunc_O)
static HPy list_item_never_set_releases_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyListBuilder b;
    HPy result;
    (void)self;
    b = HPyListBuilder_New(ctx, 2);
    HPyListBuilder_Set(ctx, b, 0, arg);
    result = HPyListBuilder_Build(ctx, b);
    if (!HPy_IsNull(result)) {
        HPy_Close(ctx, result);
        return HPyErr_SetString(ctx, ctx->h_AssertionError, "Build succeeded");
    }
    HPyErr_Clear(ctx);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Set with HPy_NULL as the item */
HPyDef_METH(list_set_null, "list_set_null", HPyFunc_NOARGS)
static HPy list_set_null_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    (void)self;
    b = HPyListBuilder_New(ctx, 2);
    HPyListBuilder_Set(ctx, b, 0, ctx->h_None);
    HPyListBuilder_Set(ctx, b, 1, HPy_NULL);
    return HPyListBuilder_Build(ctx, b);
}

/* New with a negative size: Build reports the error of New */
HPyDef_METH(list_new_negative, "list_new_negative", HPyFunc_NOARGS)
static HPy list_new_negative_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b;
    (void)self;
    b = HPyListBuilder_New(ctx, -1);
    return HPyListBuilder_Build(ctx, b);
}

@EXPORT(list_build)
@EXPORT(list_build_reversed)
@EXPORT(list_build_owned)
@EXPORT(list_set_twice)
@EXPORT(list_cancel)
@EXPORT(list_cancel_empty)
@EXPORT(list_set_out_of_range)
@EXPORT(list_set_negative)
@EXPORT(list_set_out_of_range_sets_error)
@EXPORT(list_item_never_set)
@EXPORT(list_item_never_set_releases)
@EXPORT(list_set_null)
@EXPORT(list_new_negative)
"""

TUPLE_SOURCE = r"""
/* tuple_build(*items): New(nargs), Set each, Build */
HPyDef_METH(tuple_build, "tuple_build", HPyFunc_VARARGS)
static HPy tuple_build_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder b;
    size_t i;
    (void)self;
    b = HPyTupleBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = 0; i < nargs; i++)
        HPyTupleBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    return HPyTupleBuilder_Build(ctx, b);
}

/* tuple_build_reversed(*items): items set from the last index to the first */
HPyDef_METH(tuple_build_reversed, "tuple_build_reversed", HPyFunc_VARARGS)
static HPy tuple_build_reversed_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder b;
    size_t i;
    (void)self;
    b = HPyTupleBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = nargs; i > 0; i--)
        HPyTupleBuilder_Set(ctx, b, (HPy_ssize_t)(i - 1), args[i - 1]);
    return HPyTupleBuilder_Build(ctx, b);
}

/* items made in C and closed right after Set: the container keeps its own references */
HPyDef_METH(tuple_build_owned, "tuple_build_owned", HPyFunc_NOARGS)
static HPy tuple_build_owned_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    HPy item;
    long i;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++) {
        item = HPyLong_FromLong(ctx, 100 + i);
        if (HPy_IsNull(item)) {
            HPyTupleBuilder_Cancel(ctx, b);
            return HPy_NULL;
        }
        HPyTupleBuilder_Set(ctx, b, i, item);
        HPy_Close(ctx, item);
    }
    return HPyTupleBuilder_Build(ctx, b);
}

/* tuple_set_twice(first, second): size 1, Set(0, first), Set(0, second), Build */
HPyDef_METH(tuple_set_twice, "tuple_set_twice", HPyFunc_VARARGS)
static HPy tuple_set_twice_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder b;
    (void)self; (void)nargs;
    b = HPyTupleBuilder_New(ctx, 1);
    HPyTupleBuilder_Set(ctx, b, 0, args[0]);
    HPyTupleBuilder_Set(ctx, b, 0, args[1]);
    return HPyTupleBuilder_Build(ctx, b);
}

/* tuple_cancel(*items): New, Set each, Cancel; returns None */
HPyDef_METH(tuple_cancel, "tuple_cancel", HPyFunc_VARARGS)
static HPy tuple_cancel_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder b;
    size_t i;
    (void)self;
    b = HPyTupleBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = 0; i < nargs; i++)
        HPyTupleBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    HPyTupleBuilder_Cancel(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Cancel with no item set */
HPyDef_METH(tuple_cancel_empty, "tuple_cancel_empty", HPyFunc_NOARGS)
static HPy tuple_cancel_empty_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 4);
    HPyTupleBuilder_Cancel(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}

/* size 3, every item set, then Set(5): Build must fail with the IndexError of Set */
HPyDef_METH(tuple_set_out_of_range, "tuple_set_out_of_range", HPyFunc_NOARGS)
static HPy tuple_set_out_of_range_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    HPy_ssize_t i;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++)
        HPyTupleBuilder_Set(ctx, b, i, ctx->h_None);
    HPyTupleBuilder_Set(ctx, b, 5, ctx->h_None);
    return HPyTupleBuilder_Build(ctx, b);
}

/* size 3, Set(-1) */
HPyDef_METH(tuple_set_negative, "tuple_set_negative", HPyFunc_NOARGS)
static HPy tuple_set_negative_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    HPy_ssize_t i;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++)
        HPyTupleBuilder_Set(ctx, b, i, ctx->h_None);
    HPyTupleBuilder_Set(ctx, b, -1, ctx->h_None);
    return HPyTupleBuilder_Build(ctx, b);
}

/* the error of an out-of-range Set is pending right after Set (checked, then cleared) */
HPyDef_METH(tuple_set_out_of_range_sets_error, "tuple_set_out_of_range_sets_error",
            HPyFunc_NOARGS)
static HPy tuple_set_out_of_range_sets_error_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    int matches;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 3);
    HPyTupleBuilder_Set(ctx, b, 3, ctx->h_None);
    matches = HPyErr_ExceptionMatches(ctx, ctx->h_IndexError);
    HPyErr_Clear(ctx);
    HPyTupleBuilder_Cancel(ctx, b);
    return HPyBool_FromLong(ctx, matches);
}

/* size 3, items 0 and 2 set: Build must fail */
HPyDef_METH(tuple_item_never_set, "tuple_item_never_set", HPyFunc_NOARGS)
static HPy tuple_item_never_set_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 3);
    HPyTupleBuilder_Set(ctx, b, 0, ctx->h_None);
    HPyTupleBuilder_Set(ctx, b, 2, ctx->h_None);
    return HPyTupleBuilder_Build(ctx, b);
}

/* tuple_item_never_set_releases(item): item set at 0 of a builder of size 2, Build fails */
HPyDef_METH(tuple_item_never_set_releases, "tuple_item_never_set_releases", HPyFunc_O)
static HPy tuple_item_never_set_releases_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTupleBuilder b;
    HPy result;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 2);
    HPyTupleBuilder_Set(ctx, b, 0, arg);
    result = HPyTupleBuilder_Build(ctx, b);
    if (!HPy_IsNull(result)) {
        HPy_Close(ctx, result);
        return HPyErr_SetString(ctx, ctx->h_AssertionError, "Build succeeded");
    }
    HPyErr_Clear(ctx);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Set with HPy_NULL as the item */
HPyDef_METH(tuple_set_null, "tuple_set_null", HPyFunc_NOARGS)
static HPy tuple_set_null_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    (void)self;
    b = HPyTupleBuilder_New(ctx, 2);
    HPyTupleBuilder_Set(ctx, b, 0, ctx->h_None);
    HPyTupleBuilder_Set(ctx, b, 1, HPy_NULL);
    return HPyTupleBuilder_Build(ctx, b);
}

/* New with a negative size: Build reports the error of New */
HPyDef_METH(tuple_new_negative, "tuple_new_negative", HPyFunc_NOARGS)
static HPy tuple_new_negative_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b;
    (void)self;
    b = HPyTupleBuilder_New(ctx, -1);
    return HPyTupleBuilder_Build(ctx, b);
}

@EXPORT(tuple_build)
@EXPORT(tuple_build_reversed)
@EXPORT(tuple_build_owned)
@EXPORT(tuple_set_twice)
@EXPORT(tuple_cancel)
@EXPORT(tuple_cancel_empty)
@EXPORT(tuple_set_out_of_range)
@EXPORT(tuple_set_negative)
@EXPORT(tuple_set_out_of_range_sets_error)
@EXPORT(tuple_item_never_set)
@EXPORT(tuple_item_never_set_releases)
@EXPORT(tuple_set_null)
@EXPORT(tuple_new_negative)
"""

SOURCE = LIST_SOURCE + TUPLE_SOURCE + "\n@INIT\n"

KINDS = {"List": list, "Tuple": tuple}


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="builders_api")


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return request.param


def fn(mod, kind, name):
    return getattr(mod, f"{kind.lower()}_{name}")


# ---- New / Set / Build --------------------------------------------------------------


def test_build_gives_the_items_in_order(mod, kind):
    assert fn(mod, kind, "build")(1, "a", None) == KINDS[kind]((1, "a", None))


def test_build_returns_the_exact_type(mod, kind):
    assert type(fn(mod, kind, "build")(1, 2)) is KINDS[kind]


def test_build_size_0_is_empty(mod, kind):
    assert fn(mod, kind, "build")() == KINDS[kind]()


def test_build_items_may_be_set_in_any_order(mod, kind):
    assert fn(mod, kind, "build_reversed")(1, 2, 3) == KINDS[kind]((1, 2, 3))


def test_build_stores_the_same_objects(mod, kind):
    a, b = object(), object()
    result = fn(mod, kind, "build")(a, b)
    assert result[0] is a and result[1] is b


def test_set_does_not_steal_the_item(mod, kind):
    item = object()
    before = sys.getrefcount(item)
    result = fn(mod, kind, "build")(item)
    assert sys.getrefcount(item) == before + 1
    del result


def test_items_outlive_the_callers_handles(mod, kind):
    assert fn(mod, kind, "build_owned")() == KINDS[kind]((100, 101, 102))


# Each index must be set exactly once. Only debug mode checks it: the other modes leave it
# to the extension, as PyList_SET_ITEM does (an index set twice leaks its first item; one
# never set hands Python a container with a NULL slot).
debug_only = pytest.mark.parametrize("hpy_abi", ["debug"], indirect=True)


@debug_only
def test_debug_set_twice_makes_build_fail(mod, kind):
    assert raises(SystemError, fn(mod, kind, "set_twice"), "first", "second") == (
        f"HPy{kind}Builder_Set: item 0 is set twice")


@debug_only
def test_debug_set_twice_releases_both_items(mod, kind):
    first, second = object(), object()
    before = sys.getrefcount(first), sys.getrefcount(second)
    with pytest.raises(SystemError):
        fn(mod, kind, "set_twice")(first, second)
    assert (sys.getrefcount(first), sys.getrefcount(second)) == before


# ---- Cancel -------------------------------------------------------------------------


def test_cancel_returns_normally(mod, kind):
    assert fn(mod, kind, "cancel")(1, 2) is None


def test_cancel_releases_the_items(mod, kind):
    item = object()
    before = sys.getrefcount(item)
    fn(mod, kind, "cancel")(item, item)
    assert sys.getrefcount(item) == before


def test_cancel_with_no_item_set(mod, kind):
    assert fn(mod, kind, "cancel_empty")() is None


def test_cancel_size_0(mod, kind):
    assert fn(mod, kind, "cancel")() is None


# ---- errors -------------------------------------------------------------------------


def test_set_index_out_of_range_raises_index_error(mod, kind):
    assert fn(mod, kind, "set_out_of_range_sets_error")() is True


def test_set_index_out_of_range_makes_build_fail(mod, kind):
    assert raises(IndexError, fn(mod, kind, "set_out_of_range")) == (
        f"HPy{kind}Builder_Set: index 5 out of range for a builder of size 3")


def test_set_negative_index_makes_build_fail(mod, kind):
    assert raises(IndexError, fn(mod, kind, "set_negative")) == (
        f"HPy{kind}Builder_Set: index -1 out of range for a builder of size 3")


@debug_only
def test_debug_build_with_item_never_set_raises_system_error(mod, kind):
    assert raises(SystemError, fn(mod, kind, "item_never_set")) == (
        f"HPy{kind}Builder_Build: item 1 was never set")


@debug_only
def test_debug_failed_build_releases_the_items(mod, kind):
    item = object()
    before = sys.getrefcount(item)
    fn(mod, kind, "item_never_set_releases")(item)
    assert sys.getrefcount(item) == before


def test_set_null_item_makes_build_fail(mod, kind):
    assert raises(SystemError, fn(mod, kind, "set_null")) == (
        f"HPy{kind}Builder_Set: item 1 is HPy_NULL")


def test_new_negative_size_makes_build_fail(mod, kind):
    assert "bad argument to internal function" in raises(SystemError, fn(mod, kind, "new_negative"))
