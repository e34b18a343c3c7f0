"""Debug mode from Python: leak detection and handle creation sites for modules loaded
with ``debug=True``.

Only handles of modules loaded in debug mode are seen (``hpykit.universal.load(...,
debug=True)``, ``mode=hpykit.universal.MODE_DEBUG`` or ``MODE_DEBUG | MODE_TRACE``). The
pytest plugin ``hpykit.debug.pytest`` offers the fixture ``hpy_debug``. With the
environment variable ``HPYKIT_DEBUG_LEAKS_AT_EXIT=1`` the handles still open when the
interpreter exits are printed to stderr.
"""

from __future__ import annotations

from typing import Optional

from hpykit.universal import _debug

from .leakdetector import HPyDebugError, HPyLeakError, LeakDetector


def set_handle_stack_trace_limit(limit: Optional[int]) -> None:
    """Record up to ``limit`` Python frames and C frames where each new debug handle is
    created (shown in reports and in ``repr(DebugHandle)``); None switches it off."""
    _debug.set_handle_stack_trace_limit(limit)


def disable_handle_stack_traces() -> None:
    """Stop recording where handles are created (the default: it costs time)."""
    _debug.set_handle_stack_trace_limit(None)


__all__ = [
    "HPyDebugError",
    "HPyLeakError",
    "LeakDetector",
    "disable_handle_stack_traces",
    "set_handle_stack_trace_limit",
]
