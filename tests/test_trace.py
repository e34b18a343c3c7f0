"""Trace mode: the trace context counts and times every HPy API call of a module loaded
with ``load(..., mode=MODE_TRACE)`` and calls optional on_enter/on_exit hooks;
``hpykit.trace`` (= ``hpykit.universal._trace``) reads the counts and sets the hooks.
``mode=MODE_DEBUG | MODE_TRACE`` runs debug mode's checks on top of tracing.
"""

import importlib.util
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import hpykit.trace
import hpykit.universal
from hpykit.debug import HPyDebugError, LeakDetector
from hpykit.universal import MODE_DEBUG, MODE_TRACE, _trace

universal_only = pytest.mark.parametrize("hpy_abi", ["universal"], indirect=True)

SOURCE = r"""
HPyDef_METH(ctx_name, "ctx_name", HPyFunc_NOARGS)
static HPy ctx_name_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, ctx->name);
}

HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "add: two arguments");
        return HPy_NULL;
    }
    return HPy_Add(ctx, args[0], args[1]);
}

HPyDef_METH(repr_after_close, "repr_after_close", HPyFunc_O)
static HPy repr_after_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_Dup(ctx, arg);
    (void)self;
    HPy_Close(ctx, h);
    return HPy_Repr(ctx, h);
}

HPyDef_METH(released, "released", HPyFunc_O)
static HPy released_impl(HPyContext *ctx, HPy self, HPy arg)
{
    volatile long sink = 0;
    long i;
    HPy copy;
    (void)self;
    HPyThreadState state = HPy_LeavePythonExecution(ctx);
    for (i = 0; i < 20000; i++) {
        sink += i;
    }
    HPy_ReenterPythonExecution(ctx, state);
    copy = HPy_Dup(ctx, arg);
    HPy_Close(ctx, copy);
    return HPyLong_FromLong(ctx, (long)(sink > 0));
}

@EXPORT(ctx_name)
@EXPORT(add)
@EXPORT(repr_after_close)
@EXPORT(released)
@INIT
"""

MODULE_NAME = "trace_checks"


@pytest.fixture
def binary(compiler):
    return compiler.compile_module(SOURCE, MODULE_NAME)


def load(binary: Path, tmp_path: Path, mode: int):
    """The binary loaded in `mode` from a copy of its own (a binary is bound to one context)."""
    folder = tmp_path / f"mode{mode}"
    folder.mkdir()
    copy = folder / binary.name
    shutil.copy(binary, copy)
    spec = importlib.util.spec_from_file_location(MODULE_NAME, str(copy))
    return hpykit.universal.load(MODULE_NAME, str(copy), spec, mode=mode)


@pytest.fixture
def mod(binary, tmp_path):
    return load(binary, tmp_path, MODE_TRACE)


@pytest.fixture
def hooks():
    """Record every hook call; the hooks are removed afterwards."""
    calls = []
    _trace.set_trace_functions(on_enter=lambda name: calls.append(("enter", name)),
                               on_exit=lambda name: calls.append(("exit", name)))
    yield calls
    _trace.set_trace_functions(on_enter=None, on_exit=None)


def count_delta(before, name):
    return _trace.get_call_counts()[name] - before[name]


# ---- the context and the Python API -------------------------------------------------------


@universal_only
def test_trace_load_gives_the_trace_context(mod):
    assert mod.ctx_name() == "HPy Trace Mode ABI"


def test_call_counts_have_one_key_per_context_function():
    counts = _trace.get_call_counts()
    assert len(counts) == 193
    assert {"ctx_Dup", "ctx_Close", "ctx_Add", "ctx_CallRealFunctionFromTrampoline"} <= set(counts)
    assert all(isinstance(v, int) and v >= 0 for v in counts.values())


def test_durations_have_the_keys_of_the_call_counts():
    assert set(_trace.get_durations()) == set(_trace.get_call_counts())


def test_frequency_is_nanosecond_resolution():
    assert _trace.get_frequency() == 1_000_000_000


def test_hpykit_trace_reexports_the_trace_functions():
    for name in ("get_call_counts", "get_durations", "set_trace_functions", "get_frequency"):
        assert getattr(hpykit.trace, name) is getattr(_trace, name)


def test_set_trace_functions_refuses_a_non_callable():
    with pytest.raises(TypeError, match="set_trace_functions: on_exit must be a callable or None, got int"):
        _trace.set_trace_functions(on_exit=3)


@universal_only
def test_unknown_mode_is_refused(binary, tmp_path):
    with pytest.raises(ValueError, match="load\\(\\): unknown mode 4"):
        load(binary, tmp_path, 4)


# ---- counting and timing ------------------------------------------------------------------


@universal_only
def test_each_api_call_is_counted(mod):
    before = _trace.get_call_counts()
    for i in range(100):
        assert mod.add(i, 1) == i + 1
    assert count_delta(before, "ctx_Add") == 100
    assert count_delta(before, "ctx_CallRealFunctionFromTrampoline") == 100
    assert count_delta(before, "ctx_Dup") == 0


@universal_only
def test_durations_accumulate(mod):
    for i in range(200):  # beyond the first 64 calls, timed exactly, into sampled ones
        mod.add(i, 1)
    first = _trace.get_durations()["ctx_Add"]
    mod.add(1, 2)
    assert first > 0
    assert _trace.get_durations()["ctx_Add"] >= first


def test_sampling_period_must_be_a_power_of_two():
    with pytest.raises(ValueError, match="set_sampling_period: 3 is not a power of two in 1..65536"):
        _trace.set_sampling_period(3)
    _trace.set_sampling_period(1)
    _trace.set_sampling_period(256)


@universal_only
def test_hooks_see_every_member_in_order(mod, hooks):
    mod.add(1, 2)
    assert hooks == [
        ("enter", "ctx_CallRealFunctionFromTrampoline"),
        ("enter", "ctx_Add"),
        ("exit", "ctx_Add"),
        ("exit", "ctx_CallRealFunctionFromTrampoline"),
    ]


@universal_only
def test_omitted_hook_is_left_and_none_removes_it(mod, hooks):
    _trace.set_trace_functions(on_exit=None)
    mod.add(1, 2)
    assert [kind for kind, _ in hooks] == ["enter", "enter"]
    hooks.clear()
    _trace.set_trace_functions()
    mod.add(1, 2)
    assert [kind for kind, _ in hooks] == ["enter", "enter"]


@universal_only
def test_exception_in_a_hook_is_fatal(binary, tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    shutil.copy(binary, folder / binary.name)
    script = textwrap.dedent(f"""
        import importlib.util, hpykit.universal as u
        p = {str(folder / binary.name)!r}
        m = u.load({MODULE_NAME!r}, p, importlib.util.spec_from_file_location({MODULE_NAME!r}, p),
                   mode=u.MODE_TRACE)
        def boom(name):
            raise RuntimeError("hook failed in " + name)
        u._trace.set_trace_functions(on_enter=boom)
        m.add(1, 2)
        print("survived")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={"PYTHONPATH": str(Path(hpykit.universal.__file__).parent.parent)})
    assert out.returncode != 0 and "survived" not in out.stdout
    assert "RuntimeError: hook failed in ctx_CallRealFunctionFromTrampoline" in out.stderr
    assert "hpykit trace mode: an on_enter/on_exit hook raised an exception" in out.stderr


# ---- threads ------------------------------------------------------------------------------


@universal_only
def test_leave_and_reenter_are_counted_from_many_threads(mod):
    before = _trace.get_call_counts()
    threads = [threading.Thread(target=lambda: [mod.released(i) for i in range(50)])
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count_delta(before, "ctx_LeavePythonExecution") == 200
    assert count_delta(before, "ctx_ReenterPythonExecution") == 200
    assert count_delta(before, "ctx_Dup") == 200


# ---- debug checks on top of tracing -------------------------------------------------------


@universal_only
def test_debug_over_trace_checks_and_counts(binary, tmp_path):
    mod = load(binary, tmp_path, MODE_DEBUG | MODE_TRACE)
    assert mod.ctx_name() == "HPy Debug Mode ABI"
    before = _trace.get_call_counts()
    with LeakDetector():
        assert mod.add(2, 3) == 5
        with pytest.raises(HPyDebugError, match="^use of a closed handle in HPy_Repr: "):
            mod.repr_after_close(object())
    assert count_delta(before, "ctx_Add") == 1
    # the checked calls reach the trace context; the refused HPy_Repr does not
    assert count_delta(before, "ctx_Dup") == 1 and count_delta(before, "ctx_Close") == 1
    assert count_delta(before, "ctx_Repr") == 0
