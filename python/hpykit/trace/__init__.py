"""Trace mode from Python: call counts and durations of the HPy API.

Modules loaded with ``hpykit.universal.load(..., mode=MODE_TRACE)`` (or
``mode=MODE_DEBUG | MODE_TRACE``, debug checks on top of tracing) get the trace context:
every context member they call is counted and timed. The four functions are those of
``hpykit.universal._trace``:

* ``get_call_counts()``: member name (``'ctx_Dup'``) -> number of calls;
* ``get_durations()``: the same keys -> accumulated nanoseconds (monotonic clock; after a
  member's first 64 calls one call in 256 is timed and weighs 256, see
  ``hpykit.universal._trace.set_sampling_period``);
* ``set_trace_functions(on_enter=..., on_exit=...)``: hooks called with the member name
  around every traced call (omitted: unchanged, None: removed);
* ``get_frequency()``: the clock's resolution in Hz.
"""

from __future__ import annotations

from hpykit.universal import _trace

get_call_counts = _trace.get_call_counts
get_durations = _trace.get_durations
set_trace_functions = _trace.set_trace_functions
get_frequency = _trace.get_frequency

__all__ = ["get_call_counts", "get_durations", "get_frequency", "set_trace_functions"]
