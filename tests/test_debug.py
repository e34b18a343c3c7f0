"""Debug mode: the checks of the debug context and the Python API of hpykit.debug.

A universal binary loaded with ``load(..., debug=True)`` gets the debug context. Misuse
raises ``HPyDebugError`` where the API function can fail; elsewhere it is a fatal error,
unless a callback set with ``_debug.set_on_invalid_handle`` takes over (the report is then
printed to stderr). Every report reads "<kind> in <API function>: <details>" and the details
name the object's type.
"""

import importlib.util
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import hpykit.universal
from hpykit.debug import (
    HPyDebugError,
    HPyLeakError,
    LeakDetector,
    disable_handle_stack_traces,
    set_handle_stack_trace_limit,
)
from hpykit.universal import _debug

universal_only = pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)

SOURCE = r"""
static HPy kept; /* an argument handle kept beyond its call: a bug on purpose */

HPyDef_METH(ctx_name, "ctx_name", HPyFunc_NOARGS)
static HPy ctx_name_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, ctx->name);
}

HPyDef_METH(leak, "leak", HPyFunc_O)
static HPy leak_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPy_Dup(ctx, arg); /* never closed */
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(dup_and_close, "dup_and_close", HPyFunc_O)
static HPy dup_and_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPy_Close(ctx, HPy_Dup(ctx, arg));
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(repr_after_close, "repr_after_close", HPyFunc_O)
static HPy repr_after_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    (void)self;
    HPy_Close(ctx, h);
    return HPy_Repr(ctx, h);
}

HPyDef_METH(close_twice, "close_twice", HPyFunc_O)
static HPy close_twice_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    (void)self;
    HPy_Close(ctx, h);
    HPy_Close(ctx, h);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(close_none, "close_none", HPyFunc_NOARGS)
static HPy close_none_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPy_Close(ctx, ctx->h_None);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(repr_of_invalid, "repr_of_invalid", HPyFunc_NOARGS)
static HPy repr_of_invalid_impl(HPyContext *ctx, HPy self)
{
    HPy bogus;
    (void)self;
    bogus._i = 0x1230;
    return HPy_Repr(ctx, bogus);
}

HPyDef_METH(repr_of_null, "repr_of_null", HPyFunc_NOARGS)
static HPy repr_of_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Repr(ctx, HPy_NULL);
}

HPyDef_METH(return_closed, "return_closed", HPyFunc_O)
static HPy return_closed_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    (void)self;
    HPy_Close(ctx, h);
    return h;
}

HPyDef_METH(return_arg, "return_arg", HPyFunc_O)
static HPy return_arg_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)ctx;
    (void)self;
    return arg; /* without HPy_Dup */
}

HPyDef_METH(keep, "keep", HPyFunc_O)
static HPy keep_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    kept = arg;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(repr_of_kept, "repr_of_kept", HPyFunc_NOARGS)
static HPy repr_of_kept_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Repr(ctx, kept);
}

HPyDef_METH(set_after_build, "set_after_build", HPyFunc_O)
static HPy set_after_build_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyListBuilder b = HPyListBuilder_New(ctx, 1);
    HPy list;
    (void)self;
    HPyListBuilder_Set(ctx, b, 0, arg);
    list = HPyListBuilder_Build(ctx, b);
    if (HPy_IsNull(list))
        return HPy_NULL;
    HPy_Close(ctx, list);
    HPyListBuilder_Set(ctx, b, 0, arg);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(build_after_cancel, "build_after_cancel", HPyFunc_NOARGS)
static HPy build_after_cancel_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder b = HPyTupleBuilder_New(ctx, 0);
    (void)self;
    HPyTupleBuilder_Cancel(ctx, b);
    return HPyTupleBuilder_Build(ctx, b);
}

HPyDef_METH(tracker_close_twice, "tracker_close_twice", HPyFunc_O)
static HPy tracker_close_twice_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker ht = HPyTracker_New(ctx, 1);
    (void)self;
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (HPyTracker_Add(ctx, ht, HPy_Dup(ctx, arg)) < 0) {
        HPyTracker_Close(ctx, ht);
        return HPy_NULL;
    }
    HPyTracker_Close(ctx, ht);
    HPyTracker_Close(ctx, ht);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(tracked_and_closed, "tracked_and_closed", HPyFunc_O)
static HPy tracked_and_closed_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker ht = HPyTracker_New(ctx, 1);
    HPy h = HPy_Dup(ctx, arg);
    (void)self;
    if (HPyTracker_Add(ctx, ht, h) < 0) {
        HPy_Close(ctx, h);
        HPyTracker_Close(ctx, ht);
        return HPy_NULL;
    }
    HPy_Close(ctx, h);
    HPyTracker_Close(ctx, ht); /* closes h a second time */
    return HPy_Dup(ctx, ctx->h_None);
}

@EXPORT(ctx_name)
@EXPORT(leak)
@EXPORT(dup_and_close)
@EXPORT(repr_after_close)
@EXPORT(close_twice)
@EXPORT(close_none)
@EXPORT(repr_of_invalid)
@EXPORT(repr_of_null)
@EXPORT(return_closed)
@EXPORT(return_arg)
@EXPORT(keep)
@EXPORT(repr_of_kept)
@EXPORT(set_after_build)
@EXPORT(build_after_cancel)
@EXPORT(tracker_close_twice)
@EXPORT(tracked_and_closed)
@INIT
"""

MODULE_NAME = "debug_checks"


class Thing:
    """An object of a type of our own, so that reports can be matched on its name."""


def load_debug(path: Path):
    name = path.name.split(".", 1)[0]
    spec = importlib.util.spec_from_file_location(name, str(path))
    return hpykit.universal.load(name, str(path), spec, debug=True)


@pytest.fixture
def mod(compiler):
    return load_debug(compiler.compile_module(SOURCE, MODULE_NAME))


@pytest.fixture
def on_invalid():
    """Take over the fatal errors: the list of callback calls; reports go to stderr."""
    calls = []
    _debug.set_on_invalid_handle(lambda: calls.append(True))
    yield calls
    _debug.set_on_invalid_handle(None)


def debug_error(func, *args):
    with pytest.raises(HPyDebugError) as info:
        func(*args)
    return str(info.value)


# ---- the context -------------------------------------------------------------------------


@universal_only
def test_debug_load_gives_the_debug_context(mod):
    assert mod.ctx_name() == "HPy Debug Mode ABI"


@universal_only
def test_mode_debug_is_the_same_as_debug_true(compiler):
    path = compiler.compile_module(SOURCE, MODULE_NAME)
    spec = importlib.util.spec_from_file_location(MODULE_NAME, str(path))
    m = hpykit.universal.load(MODULE_NAME, str(path), spec, mode=hpykit.universal.MODE_DEBUG)
    assert m.ctx_name() == "HPy Debug Mode ABI"


# ---- leaks ----------------------------------------------------------------------------------


@universal_only
def test_leaked_handle_is_reported_by_leak_detector(mod):
    thing = Thing()
    detector = LeakDetector()
    detector.start()
    mod.leak(thing)
    with pytest.raises(HPyLeakError) as info:
        detector.stop()
    leaks = info.value.leaks
    try:
        assert [leak.obj for leak in leaks] == [thing]
        assert str(info.value).splitlines()[0] == "1 unclosed handle:"
        assert str(info.value).splitlines()[1].startswith(f"    <DebugHandle 0x{leaks[0].id:x} for <")
    finally:
        for leak in leaks:
            leak._force_close()


@universal_only
def test_closed_handle_is_not_a_leak(mod):
    with LeakDetector():
        mod.dup_and_close(Thing())


@universal_only
def test_leak_error_header_counts_handles(mod):
    detector = LeakDetector()
    detector.start()
    mod.leak(1)
    mod.leak(2)
    with pytest.raises(HPyLeakError) as info:
        detector.stop()
    for leak in info.value.leaks:
        leak._force_close()
    assert str(info.value).splitlines()[0] == "2 unclosed handles:"
    assert all(leak.is_closed for leak in info.value.leaks)


# ---- checks that raise --------------------------------------------------------------------


@universal_only
def test_use_after_close_raises(mod):
    message = debug_error(mod.repr_after_close, Thing())
    assert message.startswith("use of a closed handle in HPy_Repr: the handle 0x")
    assert "to an object of type 'Thing' was closed in HPy_Close" in message


@universal_only
def test_invalid_handle_raises(mod):
    message = debug_error(mod.repr_of_invalid)
    assert message.startswith("invalid handle in HPy_Repr: 0x1230 is not a handle of the debug context")


@universal_only
def test_null_handle_raises_where_not_allowed(mod):
    assert debug_error(mod.repr_of_null) == (
        "HPy_NULL handle in HPy_Repr: got HPy_NULL where a handle is required")


@universal_only
def test_returning_a_closed_handle_raises(mod):
    message = debug_error(mod.return_closed, Thing())
    assert message.startswith("closed handle returned in the result of an HPyFunc_O implementation: ")
    assert "type 'Thing' was closed in HPy_Close" in message


@universal_only
def test_returning_an_argument_without_dup_raises(mod):
    message = debug_error(mod.return_arg, 12345)
    assert message.startswith(
        "argument handle returned without HPy_Dup in the result of an HPyFunc_O implementation: ")
    assert "type 'int': 12345" in message


@universal_only
def test_argument_handle_used_after_its_call_raises(mod):
    mod.keep(Thing())
    message = debug_error(mod.repr_of_kept)
    assert message.startswith("argument handle used after its call returned in HPy_Repr: ")
    assert "type 'Thing'" in message


@universal_only
def test_builder_set_after_build_raises(mod):
    message = debug_error(mod.set_after_build, 1)
    assert message.startswith("builder used after it was closed in HPyListBuilder_Set: ")
    assert message.endswith("was closed by HPyListBuilder_Build")


@universal_only
def test_builder_build_after_cancel_raises(mod):
    message = debug_error(mod.build_after_cancel)
    assert message.startswith("builder used after it was closed in HPyTupleBuilder_Build: ")
    assert message.endswith("was closed by HPyTupleBuilder_Cancel")


@universal_only
def test_process_survives_a_raising_check(mod):
    debug_error(mod.repr_after_close, Thing())
    assert mod.ctx_name() == "HPy Debug Mode ABI"


# ---- checks where the API cannot raise: fatal unless a callback takes over -----------------


@universal_only
def test_double_close_calls_on_invalid_handle(mod, on_invalid, capfd):
    assert mod.close_twice(Thing()) is None
    assert on_invalid == [True]
    err = capfd.readouterr().err
    assert "hpykit debug mode: handle closed twice in HPy_Close: " in err
    assert "type 'Thing' was closed in HPy_Close" in err


@universal_only
def test_closing_a_context_constant_calls_on_invalid_handle(mod, on_invalid, capfd):
    mod.close_none()
    assert on_invalid == [True]
    err = capfd.readouterr().err
    assert "hpykit debug mode: context constant closed in HPy_Close: " in err
    assert "type 'NoneType': None is a context constant" in err


@universal_only
def test_tracker_closed_twice_calls_on_invalid_handle(mod, on_invalid, capfd):
    mod.tracker_close_twice(Thing())
    assert on_invalid == [True]
    err = capfd.readouterr().err
    assert "hpykit debug mode: tracker used after HPyTracker_Close in HPyTracker_Close: " in err


@universal_only
def test_handle_closed_and_tracked_is_closed_twice(mod, on_invalid, capfd):
    mod.tracked_and_closed(Thing())
    assert on_invalid == [True]
    err = capfd.readouterr().err
    assert "hpykit debug mode: handle closed twice in HPy_Close: " in err
    assert "type 'Thing'" in err


@universal_only
def test_double_close_without_callback_is_fatal(compiler):
    path = compiler.compile_module(SOURCE, MODULE_NAME)
    script = textwrap.dedent(f"""
        import importlib.util, hpykit.universal
        p = {str(path)!r}
        spec = importlib.util.spec_from_file_location({MODULE_NAME!r}, p)
        m = hpykit.universal.load({MODULE_NAME!r}, p, spec, debug=True)
        m.close_twice("some text")
        print("survived")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={"PYTHONPATH": str(Path(hpykit.universal.__file__).parent.parent)})
    assert out.returncode != 0
    assert "survived" not in out.stdout
    assert "hpykit debug mode: handle closed twice in HPy_Close: the handle 0x" in out.stderr
    assert "to an object of type 'str' was closed in HPy_Close" in out.stderr


# ---- hpykit.universal._debug --------------------------------------------------------------


@universal_only
def test_open_handles_of_a_generation(mod):
    gen = _debug.new_generation()
    thing = Thing()
    mod.leak(thing)
    [handle] = _debug.get_open_handles(gen)
    assert handle.obj is thing and not handle.is_closed
    assert repr(handle).startswith(f"<DebugHandle 0x{handle.id:x} for {thing!r}>\n")
    handle._force_close()
    assert handle.is_closed
    assert repr(handle).startswith(f"<DebugHandle 0x{handle.id:x} CLOSED>\n")
    assert _debug.get_open_handles(gen) == []
    assert handle in _debug.get_closed_handles(gen)


def test_closed_handles_queue_max_size_default_and_set():
    old = _debug.get_closed_handles_queue_max_size()
    assert old == 1024
    try:
        _debug.set_closed_handles_queue_max_size(3)
        assert _debug.get_closed_handles_queue_max_size() == 3
        assert len(_debug.get_closed_handles()) <= 3
    finally:
        _debug.set_closed_handles_queue_max_size(old)


@universal_only
def test_reclaimed_handle_use_is_an_invalid_handle(mod):
    old = _debug.get_closed_handles_queue_max_size()
    _debug.set_closed_handles_queue_max_size(0)
    try:
        message = debug_error(mod.repr_after_close, Thing())
    finally:
        _debug.set_closed_handles_queue_max_size(old)
    assert message.startswith("invalid handle in HPy_Repr: ")


def test_get_closed_handles_takes_at_most_one_argument():
    with pytest.raises(TypeError):
        _debug.get_closed_handles(0, 1)


def test_set_on_invalid_handle_refuses_a_non_callable():
    with pytest.raises(TypeError, match="set_on_invalid_handle: expected a callable or None, got int"):
        _debug.set_on_invalid_handle(42)


# ---- hpykit.debug -------------------------------------------------------------------------


def test_leak_detector_cannot_start_twice():
    detector = LeakDetector()
    detector.start()
    with pytest.raises(ValueError):
        detector.start()
    detector.stop()


def test_leak_detector_cannot_stop_before_start():
    with pytest.raises(ValueError):
        LeakDetector().stop()


def test_debug_error_is_the_one_debug_mode_raises():
    assert _debug.HPyDebugError is HPyDebugError
    assert issubclass(HPyLeakError, HPyDebugError) and issubclass(HPyDebugError, Exception)


# ==== creation sites, raw data, contexts, builders, fields, threads ============================

MISUSE = r"""
static HPyContext *kept_ctx; /* a context kept beyond its call: a bug on purpose */

HPyDef_METH(leak, "leak", HPyFunc_O)
static HPy leak_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPy_Dup(ctx, arg); /* never closed */
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(repr_after_close, "repr_after_close", HPyFunc_O)
static HPy repr_after_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    (void)self;
    HPy_Close(ctx, h);
    return HPy_Repr(ctx, h);
}

/* leak_raw(x): a handle to x left open after asking for its raw data */
HPyDef_METH(leak_raw, "leak_raw", HPyFunc_O)
static HPy leak_raw_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    HPy_ssize_t n;
    (void)self;
    if (HPyBytes_Check(ctx, h) ? HPyBytes_AsString(ctx, h) == NULL
                               : HPyUnicode_AsUTF8AndSize(ctx, h, &n) == NULL) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    return HPy_Dup(ctx, ctx->h_None);
}

/* read_after_close(x): the first byte of x's raw data, read after its handle closed */
HPyDef_METH(read_after_close, "read_after_close", HPyFunc_O)
static HPy read_after_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    HPy_ssize_t n = 0;
    const char *data;
    (void)self;
    data = HPyBytes_Check(ctx, h) ? HPyBytes_AsString(ctx, h) : HPyUnicode_AsUTF8AndSize(ctx, h, &n);
    HPy_Close(ctx, h);
    if (data == NULL)
        return HPy_NULL;
    return HPyLong_FromLong(ctx, (long)((volatile const char *)data)[0]);
}

/* raw_read_while_open(x): the same read before the close is fine */
HPyDef_METH(read_while_open, "read_while_open", HPyFunc_O)
static HPy read_while_open_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    HPy_ssize_t n = 0;
    const char *data = HPyUnicode_AsUTF8AndSize(ctx, h, &n);
    long first = data != NULL && n > 0 ? (long)data[0] : -1;
    (void)self;
    HPy_Close(ctx, h);
    return HPyLong_FromLong(ctx, first);
}

HPyDef_METH(keep_ctx, "keep_ctx", HPyFunc_NOARGS)
static HPy keep_ctx_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    kept_ctx = ctx;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(use_kept_ctx, "use_kept_ctx", HPyFunc_NOARGS)
static HPy use_kept_ctx_impl(HPyContext *ctx, HPy self)
{
    HPy result;
    (void)self;
    result = HPyLong_FromLong(kept_ctx, 42);
    if (HPy_IsNull(result) || kept_ctx == ctx)
        return result;
    HPy_Close(ctx, result); /* not reached when debug mode catches the stale ctx */
    return HPyLong_FromLong(ctx, -1);
}

HPyDef_METH(ctx_is_per_call, "ctx_is_per_call", HPyFunc_NOARGS)
static HPy ctx_is_per_call_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBool_FromLong(ctx, ctx != kept_ctx);
}

HPyDef_METH(cancel_twice, "cancel_twice", HPyFunc_NOARGS)
static HPy cancel_twice_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder b = HPyListBuilder_New(ctx, 2);
    (void)self;
    HPyListBuilder_Cancel(ctx, b);
    HPyListBuilder_Cancel(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(field_outside, "field_outside", HPyFunc_O)
static HPy field_outside_impl(HPyContext *ctx, HPy self, HPy arg)
{
    static HPyField not_in_arg;
    (void)self;
    HPyField_Store(ctx, arg, &not_in_arg, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(close_arg, "close_arg", HPyFunc_O)
static HPy close_arg_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPy_Close(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(return_none_constant, "return_none_constant", HPyFunc_NOARGS)
static HPy return_none_constant_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return ctx->h_None; /* without HPy_Dup */
}

HPyDef_METH(tracker_add_after_close, "tracker_add_after_close", HPyFunc_O)
static HPy tracker_add_after_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker ht = HPyTracker_New(ctx, 1);
    (void)self;
    HPyTracker_Close(ctx, ht);
    if (HPyTracker_Add(ctx, ht, arg) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

/* with_gil_released(x): handles made and closed around a GIL release */
HPyDef_METH(with_gil_released, "with_gil_released", HPyFunc_O)
static HPy with_gil_released_impl(HPyContext *ctx, HPy self, HPy arg)
{
    volatile long sink = 0;
    long i;
    HPy before = HPy_Dup(ctx, arg), after, result;
    HPyThreadState state;
    (void)self;
    state = HPy_LeavePythonExecution(ctx);
    for (i = 0; i < 20000; i++)
        sink += i;
    HPy_ReenterPythonExecution(ctx, state);
    after = HPy_Dup(ctx, arg);
    result = HPy_Add(ctx, before, after);
    HPy_Close(ctx, before);
    HPy_Close(ctx, after);
    return result;
}

@EXPORT(leak)
@EXPORT(repr_after_close)
@EXPORT(leak_raw)
@EXPORT(read_after_close)
@EXPORT(read_while_open)
@EXPORT(keep_ctx)
@EXPORT(use_kept_ctx)
@EXPORT(ctx_is_per_call)
@EXPORT(cancel_twice)
@EXPORT(field_outside)
@EXPORT(close_arg)
@EXPORT(return_none_constant)
@EXPORT(tracker_add_after_close)
@EXPORT(with_gil_released)
@INIT
"""

MISUSE_NAME = "debug_misuse"


@pytest.fixture
def misuse(compiler):
    return load_debug(compiler.compile_module(MISUSE, MISUSE_NAME))


@pytest.fixture
def stack_traces():
    """Creation sites recorded for the test, off again afterwards."""
    set_handle_stack_trace_limit(8)
    yield
    disable_handle_stack_traces()


def run_fatal(compiler, source, name, body, env=None):
    """Load the module in debug mode in a fresh interpreter and run body (code using `m`)."""
    path = compiler.compile_module(source, name)
    script = textwrap.dedent(f"""
        import importlib.util, hpykit.universal, hpykit.debug
        p = {str(path)!r}
        spec = importlib.util.spec_from_file_location({name!r}, p)
        m = hpykit.universal.load({name!r}, p, spec, debug=True)
    """) + textwrap.dedent(body)
    environ = {"PYTHONPATH": str(Path(hpykit.universal.__file__).parent.parent), **(env or {})}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=environ)


# ---- where handles were created -----------------------------------------------------------


@universal_only
def test_repr_names_the_creation_site_when_capture_is_on(misuse, stack_traces):
    gen = _debug.new_generation()
    misuse.leak(Thing())
    [handle] = _debug.get_open_handles(gen)
    text = repr(handle)
    handle._force_close()
    assert "\n  the handle was created at (Python, innermost first):\n" in text
    assert ", in test_repr_names_the_creation_site_when_capture_is_on" in text
    assert "\n  and in C (innermost first):\n    #0 leak_impl+0x" in text
    assert MISUSE_NAME in text  # the file of the C frame


@universal_only
def test_report_names_the_creation_site_when_capture_is_on(misuse, stack_traces):
    message = debug_error(misuse.repr_after_close, Thing())
    assert message.startswith("use of a closed handle in HPy_Repr: the handle 0x")
    assert "type 'Thing' was closed in HPy_Close" in message
    assert ", in test_report_names_the_creation_site_when_capture_is_on" in message
    assert "#0 repr_after_close_impl+0x" in message


@universal_only
def test_repr_has_a_hint_when_capture_is_off(misuse):
    disable_handle_stack_traces()
    gen = _debug.new_generation()
    misuse.leak(Thing())
    [handle] = _debug.get_open_handles(gen)
    handle._force_close()
    assert repr(handle).endswith(
        "\n(allocation stack traces are off: enable them with "
        "hpykit.debug.set_handle_stack_trace_limit(n))")


def test_stack_trace_limit_is_checked():
    with pytest.raises(ValueError, match="set_handle_stack_trace_limit: limit -1 is not in 0..1000"):
        set_handle_stack_trace_limit(-1)
    set_handle_stack_trace_limit(None)


# ---- raw data -------------------------------------------------------------------------------


def test_protected_raw_data_max_size_default_and_set():
    assert _debug.get_protected_raw_data_max_size() == 10485760
    try:
        _debug.set_protected_raw_data_max_size(4096)
        assert _debug.get_protected_raw_data_max_size() == 4096
    finally:
        _debug.set_protected_raw_data_max_size(10485760)


@universal_only
def test_raw_data_size_of_an_open_handle(misuse):
    gen = _debug.new_generation()
    misuse.leak_raw(b"abcde")
    misuse.leak(Thing())
    raw, plain = _debug.get_open_handles(gen)
    sizes = (raw.raw_data_size, plain.raw_data_size)
    raw._force_close()
    plain._force_close()
    assert sizes == (5, -1)
    assert raw.raw_data_size == -1


@universal_only
def test_raw_data_not_copied_when_protection_is_off(misuse):
    gen = _debug.new_generation()
    _debug.set_protected_raw_data_max_size(0)
    try:
        misuse.leak_raw(b"abcde")
    finally:
        _debug.set_protected_raw_data_max_size(10485760)
    [raw] = _debug.get_open_handles(gen)
    size = raw.raw_data_size
    raw._force_close()
    assert size == -1


@universal_only
@pytest.mark.parametrize("size", [100, 100_000])  # carved from shared chunks / mapped alone
def test_raw_data_copies_beyond_the_maximum_are_released(compiler, size):
    # a copy released from the quarantine once the protected data exceeds the maximum
    # must not be taken for a read after close (the release used to fault on its own)
    out = run_fatal(compiler, MISUSE, MISUSE_NAME, f"""
        from hpykit.universal import _debug
        _debug.set_protected_raw_data_max_size(256 * 1024)
        for i in range(300):
            assert m.read_while_open("x" * {size} + str(i)) == ord("x")
        print("done")
    """)
    assert (out.returncode, out.stdout, out.stderr) == (0, "done\n", "")


@universal_only
def test_raw_data_read_while_open_is_fine(misuse):
    assert misuse.read_while_open("xyz") == ord("x")


@universal_only
@pytest.mark.parametrize("value, func, tname", [
    ("some text", "HPyUnicode_AsUTF8AndSize", "str"),
    (b"some bytes", "HPyBytes_AsString", "bytes"),
])
def test_raw_data_read_after_close_is_reported_and_aborts(compiler, value, func, tname):
    out = run_fatal(compiler, MISUSE, MISUSE_NAME, f"""
        hpykit.debug.set_handle_stack_trace_limit(4)
        def caller():
            return m.read_after_close({value!r})
        caller()
        print("survived")
    """)
    assert out.returncode != 0 and "survived" not in out.stdout
    assert ("hpykit debug mode: raw data of a closed handle read: the pointer 0x") in out.stderr
    assert (f"returned by {func} for the handle 0x") in out.stderr
    assert f"to an object of type '{tname}'" in out.stderr
    assert "was read after the handle was closed in HPy_Close" in out.stderr
    assert "#0 read_after_close_impl+0x" in out.stderr and "in caller" in out.stderr


# ---- contexts kept beyond their call --------------------------------------------------------


@universal_only
def test_each_call_gets_its_own_context(misuse):
    misuse.keep_ctx()
    assert misuse.ctx_is_per_call() is True


@universal_only
def test_context_used_after_its_call_raises(misuse):
    misuse.keep_ctx()
    message = debug_error(misuse.use_kept_ctx)
    # HPyLong_FromLong is the context member HPyLong_FromInt64_t on LP64
    assert message.startswith("context used after its call returned in HPyLong_FromInt64_t: "
                              "the HPyContext 0x")
    assert message.endswith("use the ctx of the current call (do not keep an HPyContext pointer)")


# ---- builders, fields, arguments, constants, trackers -------------------------------------


@universal_only
def test_builder_misuse_goes_to_the_builder_callback(misuse, capfd):
    builder_calls, handle_calls = [], []
    _debug.set_on_invalid_builder_handle(lambda: builder_calls.append(True))
    _debug.set_on_invalid_handle(lambda: handle_calls.append(True))
    try:
        misuse.cancel_twice()
    finally:
        _debug.set_on_invalid_builder_handle(None)
        _debug.set_on_invalid_handle(None)
    assert (builder_calls, handle_calls) == ([True], [])
    err = capfd.readouterr().err
    assert "hpykit debug mode: builder used after it was closed in HPyListBuilder_Cancel: " in err
    assert err.rstrip().endswith("was closed by HPyListBuilder_Cancel")


def test_set_on_invalid_builder_handle_refuses_a_non_callable():
    with pytest.raises(TypeError, match="set_on_invalid_builder_handle: expected a callable or None, got str"):
        _debug.set_on_invalid_builder_handle("no")


@universal_only
def test_field_outside_its_object_is_reported(misuse, on_invalid, capfd):
    misuse.field_outside(Thing())
    assert on_invalid == [True]
    err = capfd.readouterr().err
    assert "hpykit debug mode: HPyField outside its object in HPyField_Store: the HPyField at 0x" in err
    assert "is not inside the handle 0x" in err and "type 'Thing'" in err


@universal_only
def test_closing_an_argument_is_reported(misuse, on_invalid, capfd, stack_traces):
    misuse.close_arg(Thing())
    assert on_invalid == [True]
    err = capfd.readouterr().err
    assert "hpykit debug mode: argument handle closed in HPy_Close: the handle 0x" in err
    assert "type 'Thing' is an argument of the running call" in err
    assert ", in test_closing_an_argument_is_reported" in err


@universal_only
def test_returning_a_context_constant_without_dup_raises(misuse):
    message = debug_error(misuse.return_none_constant)
    assert message.startswith("context constant returned without HPy_Dup in the result of an "
                              "HPyFunc_NOARGS implementation: ")
    assert "type 'NoneType': None" in message


@universal_only
def test_tracker_add_after_close_raises(misuse):
    message = debug_error(misuse.tracker_add_after_close, 1)
    assert message.startswith("tracker used after HPyTracker_Close in HPyTracker_Add: tracker 0x")


# ---- leaks at exit ----------------------------------------------------------------------------


@universal_only
def test_leaks_are_reported_at_exit_when_asked(compiler):
    out = run_fatal(compiler, MISUSE, MISUSE_NAME, """
        m.leak(b"left open")
    """, env={"HPYKIT_DEBUG_LEAKS_AT_EXIT": "1"})
    assert out.returncode == 0
    assert "hpykit debug mode: 1 handle still open at exit:\n    <DebugHandle 0x" in out.stderr
    assert "for b'left open'>" in out.stderr


@universal_only
def test_no_exit_report_by_default(compiler):
    out = run_fatal(compiler, MISUSE, MISUSE_NAME, """
        m.leak(b"left open")
    """)
    assert out.returncode == 0 and "still open at exit" not in out.stderr


# ---- threads ----------------------------------------------------------------------------------


@universal_only
def test_threads_releasing_the_gil_keep_debug_state_consistent(misuse):
    errors = []

    def work():
        try:
            for i in range(100):
                assert misuse.with_gil_released(i) == 2 * i
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    gen = _debug.new_generation()
    with LeakDetector():
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert _debug.get_open_handles(gen) == []
    closed = _debug.get_closed_handles(gen)
    assert len(closed) == len({h.id for h in closed})  # no record is in the queue twice
