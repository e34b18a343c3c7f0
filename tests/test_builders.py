"""HPyListBuilder_* and HPyTupleBuilder_*: New, Set, Build and Cancel.

Both builders have the same behaviour, so every test runs for both kinds; the C code
of the two is generated from one template.
"""
import sys

import pytest


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


# KIND is List or Tuple; the functions are prefixed with the lower-case kind
TEMPLATE = r"""
/* KIND_build(*items): New(nargs), Set each, Build */
HPyDef_METH(KIND_build, "kind_build", HPyFunc_VARARGS)
static HPy KIND_build_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyKINDBuilder b;
    size_t i;
    (void)self;
    b = HPyKINDBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = 0; i < nargs; i++)
        HPyKINDBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    return HPyKINDBuilder_Build(ctx, b);
}

/* KIND_build_reversed(*items): items set from the last index to the first */
HPyDef_METH(KIND_build_reversed, "kind_build_reversed", HPyFunc_VARARGS)
static HPy KIND_build_reversed_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyKINDBuilder b;
    size_t i;
    (void)self;
    b = HPyKINDBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = nargs; i > 0; i--)
        HPyKINDBuilder_Set(ctx, b, (HPy_ssize_t)(i - 1), args[i - 1]);
    return HPyKINDBuilder_Build(ctx, b);
}

/* items made in C and closed right after Set: the container keeps its own references */
HPyDef_METH(KIND_build_owned, "kind_build_owned", HPyFunc_NOARGS)
static HPy KIND_build_owned_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    HPy item;
    long i;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++) {
        item = HPyLong_FromLong(ctx, 100 + i);
        if (HPy_IsNull(item)) {
            HPyKINDBuilder_Cancel(ctx, b);
            return HPy_NULL;
        }
        HPyKINDBuilder_Set(ctx, b, i, item);
        HPy_Close(ctx, item);
    }
    return HPyKINDBuilder_Build(ctx, b);
}

/* KIND_set_twice(first, second): size 1, Set(0, first), Set(0, second), Build */
HPyDef_METH(KIND_set_twice, "kind_set_twice", HPyFunc_VARARGS)
static HPy KIND_set_twice_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyKINDBuilder b;
    (void)self; (void)nargs;
    b = HPyKINDBuilder_New(ctx, 1);
    HPyKINDBuilder_Set(ctx, b, 0, args[0]);
    HPyKINDBuilder_Set(ctx, b, 0, args[1]);
    return HPyKINDBuilder_Build(ctx, b);
}

/* KIND_cancel(*items): New, Set each, Cancel; returns None */
HPyDef_METH(KIND_cancel, "kind_cancel", HPyFunc_VARARGS)
static HPy KIND_cancel_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyKINDBuilder b;
    size_t i;
    (void)self;
    b = HPyKINDBuilder_New(ctx, (HPy_ssize_t)nargs);
    for (i = 0; i < nargs; i++)
        HPyKINDBuilder_Set(ctx, b, (HPy_ssize_t)i, args[i]);
    HPyKINDBuilder_Cancel(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Cancel with no item set */
HPyDef_METH(KIND_cancel_empty, "kind_cancel_empty", HPyFunc_NOARGS)
static HPy KIND_cancel_empty_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 4);
    HPyKINDBuilder_Cancel(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}

/* size 3, every item set, then Set(5): Build must fail with the IndexError of Set */
HPyDef_METH(KIND_set_out_of_range, "kind_set_out_of_range", HPyFunc_NOARGS)
static HPy KIND_set_out_of_range_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    HPy_ssize_t i;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++)
        HPyKINDBuilder_Set(ctx, b, i, ctx->h_None);
    HPyKINDBuilder_Set(ctx, b, 5, ctx->h_None);
    return HPyKINDBuilder_Build(ctx, b);
}

/* size 3, Set(-1) */
HPyDef_METH(KIND_set_negative, "kind_set_negative", HPyFunc_NOARGS)
static HPy KIND_set_negative_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    HPy_ssize_t i;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 3);
    for (i = 0; i < 3; i++)
        HPyKINDBuilder_Set(ctx, b, i, ctx->h_None);
    HPyKINDBuilder_Set(ctx, b, -1, ctx->h_None);
    return HPyKINDBuilder_Build(ctx, b);
}

/* the error of an out-of-range Set is pending right after Set (checked, then cleared) */
HPyDef_METH(KIND_set_out_of_range_sets_error, "kind_set_out_of_range_sets_error",
            HPyFunc_NOARGS)
static HPy KIND_set_out_of_range_sets_error_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    int matches;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 3);
    HPyKINDBuilder_Set(ctx, b, 3, ctx->h_None);
    matches = HPyErr_ExceptionMatches(ctx, ctx->h_IndexError);
    HPyErr_Clear(ctx);
    HPyKINDBuilder_Cancel(ctx, b);
    return HPyBool_FromLong(ctx, matches);
}

/* size 3, items 0 and 2 set: Build must fail */
HPyDef_METH(KIND_item_never_set, "kind_item_never_set", HPyFunc_NOARGS)
static HPy KIND_item_never_set_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 3);
    HPyKINDBuilder_Set(ctx, b, 0, ctx->h_None);
    HPyKINDBuilder_Set(ctx, b, 2, ctx->h_None);
    return HPyKINDBuilder_Build(ctx, b);
}

/* KIND_item_never_set_releases(item): item set at 0 of a builder of size 2, Build fails */
HPyDef_METH(KIND_item_never_set_releases, "kind_item_never_set_releases", HPyFunc_O)
static HPy KIND_item_never_set_releases_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyKINDBuilder b;
    HPy result;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 2);
    HPyKINDBuilder_Set(ctx, b, 0, arg);
    result = HPyKINDBuilder_Build(ctx, b);
    if (!HPy_IsNull(result)) {
        HPy_Close(ctx, result);
        return HPyErr_SetString(ctx, ctx->h_AssertionError, "Build succeeded");
    }
    HPyErr_Clear(ctx);
    return HPy_Dup(ctx, ctx->h_None);
}

/* Set with HPy_NULL as the item */
HPyDef_METH(KIND_set_null, "kind_set_null", HPyFunc_NOARGS)
static HPy KIND_set_null_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    (void)self;
    b = HPyKINDBuilder_New(ctx, 2);
    HPyKINDBuilder_Set(ctx, b, 0, ctx->h_None);
    HPyKINDBuilder_Set(ctx, b, 1, HPy_NULL);
    return HPyKINDBuilder_Build(ctx, b);
}

/* New with a negative size: Build reports the error of New */
HPyDef_METH(KIND_new_negative, "kind_new_negative", HPyFunc_NOARGS)
static HPy KIND_new_negative_impl(HPyContext *ctx, HPy self)
{
    HPyKINDBuilder b;
    (void)self;
    b = HPyKINDBuilder_New(ctx, -1);
    return HPyKINDBuilder_Build(ctx, b);
}

@EXPORT(KIND_build)
@EXPORT(KIND_build_reversed)
@EXPORT(KIND_build_owned)
@EXPORT(KIND_set_twice)
@EXPORT(KIND_cancel)
@EXPORT(KIND_cancel_empty)
@EXPORT(KIND_set_out_of_range)
@EXPORT(KIND_set_negative)
@EXPORT(KIND_set_out_of_range_sets_error)
@EXPORT(KIND_item_never_set)
@EXPORT(KIND_item_never_set_releases)
@EXPORT(KIND_set_null)
@EXPORT(KIND_new_negative)
"""

SOURCE = "\n".join(
    TEMPLATE.replace("KIND_", kind.lower() + "_").replace("kind_", kind.lower() + "_")
    .replace("KIND", kind)
    for kind in ("List", "Tuple")
) + "\n@INIT\n"

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


def test_source_calls_every_builder_function():
    for kind in KINDS:
        for op in ("New", "Set", "Build", "Cancel"):
            assert f"HPy{kind}Builder_{op}(" in SOURCE


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


def test_set_twice_replaces_the_item(mod, kind):
    assert fn(mod, kind, "set_twice")("first", "second") == KINDS[kind](("second",))


def test_set_twice_releases_the_replaced_item(mod, kind):
    first, second = object(), object()
    before = sys.getrefcount(first)
    result = fn(mod, kind, "set_twice")(first, second)
    assert sys.getrefcount(first) == before
    del result


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


def test_build_with_item_never_set_raises_system_error(mod, kind):
    assert raises(SystemError, fn(mod, kind, "item_never_set")) == (
        f"HPy{kind}Builder_Build: item 1 was never set")


def test_failed_build_releases_the_items(mod, kind):
    item = object()
    before = sys.getrefcount(item)
    fn(mod, kind, "item_never_set_releases")(item)
    assert sys.getrefcount(item) == before


def test_set_null_item_makes_build_fail(mod, kind):
    assert raises(SystemError, fn(mod, kind, "set_null")) == (
        f"HPy{kind}Builder_Set: item 1 is HPy_NULL")


def test_new_negative_size_makes_build_fail(mod, kind):
    assert "bad argument to internal function" in raises(SystemError, fn(mod, kind, "new_negative"))
