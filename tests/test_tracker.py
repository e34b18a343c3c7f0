"""HPyTracker_New, HPyTracker_Add, HPyTracker_ForgetAll and HPyTracker_Close.

Whether a handle was closed is seen from Python through the reference count of the
object it points to: every handle the C code opens owns one reference.
"""
import sys

import pytest

SOURCE = r"""
/* track(obj, initial_size, n): n new handles to obj, all tracked, then Close */
HPyDef_METH(track, "track", HPyFunc_VARARGS)
static HPy track_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t size, n, i;
    HPyTracker ht;
    (void)self; (void)nargs;
    size = HPyLong_AsSsize_t(ctx, args[1]);
    if (size == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    n = HPyLong_AsSsize_t(ctx, args[2]);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    ht = HPyTracker_New(ctx, size);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    for (i = 0; i < n; i++) {
        HPy h = HPy_Dup(ctx, args[0]);
        if (HPyTracker_Add(ctx, ht, h) < 0) {
            HPy_Close(ctx, h);
            HPyTracker_Close(ctx, ht);
            return HPy_NULL;
        }
    }
    HPyTracker_Close(ctx, ht);
    return HPy_Dup(ctx, ctx->h_None);
}

/* add_result(obj): what HPyTracker_Add returns */
HPyDef_METH(add_result, "add_result", HPyFunc_O)
static HPy add_result_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker ht;
    int r;
    (void)self;
    ht = HPyTracker_New(ctx, 0);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    r = HPyTracker_Add(ctx, ht, HPy_Dup(ctx, arg));
    HPyTracker_Close(ctx, ht);
    return HPyLong_FromLong(ctx, r);
}

/* forget(obj): a tracked new handle to obj survives ForgetAll + Close; it is returned
   (ownership passes to the caller, so it must still be open) */
HPyDef_METH(forget, "forget", HPyFunc_O)
static HPy forget_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker ht;
    HPy h;
    (void)self;
    ht = HPyTracker_New(ctx, 2);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    h = HPy_Dup(ctx, arg);
    if (HPyTracker_Add(ctx, ht, h) < 0) {
        HPy_Close(ctx, h);
        HPyTracker_Close(ctx, ht);
        return HPy_NULL;
    }
    HPyTracker_ForgetAll(ctx, ht);
    HPyTracker_Close(ctx, ht);
    return h;
}

/* forget_then_add(kept, closed): kept is tracked and forgotten, then closed is tracked;
   Close must close only the second handle; the first is returned */
HPyDef_METH(forget_then_add, "forget_then_add", HPyFunc_VARARGS)
static HPy forget_then_add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTracker ht;
    HPy kept, closed;
    (void)self; (void)nargs;
    ht = HPyTracker_New(ctx, 0);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    kept = HPy_Dup(ctx, args[0]);
    closed = HPy_Dup(ctx, args[1]);
    if (HPyTracker_Add(ctx, ht, kept) < 0) {
        HPy_Close(ctx, kept);
        HPy_Close(ctx, closed);
        HPyTracker_Close(ctx, ht);
        return HPy_NULL;
    }
    HPyTracker_ForgetAll(ctx, ht);
    if (HPyTracker_Add(ctx, ht, closed) < 0) {
        HPy_Close(ctx, kept);
        HPy_Close(ctx, closed);
        HPyTracker_Close(ctx, ht);
        return HPy_NULL;
    }
    HPyTracker_Close(ctx, ht);
    return kept;
}

/* tracked_values(n): a list of n ints made in C; the int handles are tracked and only
   closed (by the tracker) after the list holds them */
HPyDef_METH(tracked_values, "tracked_values", HPyFunc_O)
static HPy tracked_values_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n, i;
    HPyTracker ht;
    HPy lst;
    (void)self;
    n = HPyLong_AsSsize_t(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    lst = HPyList_New(ctx, 0);
    if (HPy_IsNull(lst))
        return HPy_NULL;
    ht = HPyTracker_New(ctx, 1);
    if (HPyErr_Occurred(ctx)) {
        HPy_Close(ctx, lst);
        return HPy_NULL;
    }
    for (i = 0; i < n; i++) {
        HPy item = HPyLong_FromSsize_t(ctx, i * i);
        if (HPy_IsNull(item) || HPyTracker_Add(ctx, ht, item) < 0) {
            HPy_Close(ctx, item);
            goto error;
        }
        if (HPyList_Append(ctx, lst, item) < 0)
            goto error;
    }
    HPyTracker_Close(ctx, ht);
    return lst;
error:
    HPyTracker_Close(ctx, ht);
    HPy_Close(ctx, lst);
    return HPy_NULL;
}

/* a tracker that never gets a handle */
HPyDef_METH(empty, "empty", HPyFunc_NOARGS)
static HPy empty_impl(HPyContext *ctx, HPy self)
{
    HPyTracker ht;
    (void)self;
    ht = HPyTracker_New(ctx, 5);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    HPyTracker_ForgetAll(ctx, ht);
    HPyTracker_Close(ctx, ht);
    return HPy_Dup(ctx, ctx->h_None);
}

@EXPORT(track)
@EXPORT(add_result)
@EXPORT(forget)
@EXPORT(forget_then_add)
@EXPORT(tracked_values)
@EXPORT(empty)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="tracker_api")


def test_add_returns_0(mod):
    assert mod.add_result(object()) == 0


def test_close_closes_the_tracked_handle(mod):
    obj = object()
    before = sys.getrefcount(obj)
    mod.track(obj, 4, 1)
    assert sys.getrefcount(obj) == before


def test_close_closes_every_tracked_handle(mod):
    obj = object()
    before = sys.getrefcount(obj)
    mod.track(obj, 8, 5)
    assert sys.getrefcount(obj) == before


def test_tracker_of_size_0_accepts_handles(mod):
    obj = object()
    before = sys.getrefcount(obj)
    mod.track(obj, 0, 3)
    assert sys.getrefcount(obj) == before


@pytest.mark.parametrize("count", [2, 9, 17, 1000])
def test_tracker_grows_beyond_its_initial_size(mod, count):
    obj = object()
    before = sys.getrefcount(obj)
    mod.track(obj, 1, count)
    assert sys.getrefcount(obj) == before


def test_close_of_empty_tracker(mod):
    assert mod.empty() is None


def test_forget_all_keeps_the_handles_open(mod):
    obj = object()
    before = sys.getrefcount(obj)
    result = mod.forget(obj)
    assert result is obj
    del result
    assert sys.getrefcount(obj) == before


def test_handles_added_after_forget_all_are_closed(mod):
    kept, closed = object(), object()
    before_kept, before_closed = sys.getrefcount(kept), sys.getrefcount(closed)
    result = mod.forget_then_add(kept, closed)
    assert result is kept
    del result
    assert (sys.getrefcount(kept), sys.getrefcount(closed)) == (before_kept, before_closed)


def test_tracked_handles_stay_valid_until_close(mod):
    assert mod.tracked_values(50) == [i * i for i in range(50)]
