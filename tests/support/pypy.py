"""What the test suite skips on PyPy, and why: one table instead of markers in every file.

On PyPy, hpykit.universal loads universal binaries through PyPy's native HPy 0.0.4
(docs/pypy.md). Tests are skipped on PyPy when they measure CPython itself
(``sys.getrefcount``), test hpykit's CPython-only modes (its own debug and trace
contexts, hybrid and CPython ABIs), or use a feature the PyPy backend does not provide
yet; each entry says which.
"""

from __future__ import annotations

import inspect
import re
import sys
from typing import Iterable, Optional

import pytest

IS_PYPY = sys.implementation.name == "pypy"

# test modules not collected on PyPy (they fail at import there)
COLLECT_IGNORE = [
    "test_trace.py",  # hpykit.trace: CPython's trace context only
]

# (test module, regular expression on the test name, reason); first match wins
SKIPS = [
    ("test_debug.py", ".*", "hpykit's debug context is CPython-only; on PyPy debug=True "
     "binds PyPy's own debug context"),
    ("test_hpy09_compat.py", ".*", "uses HPy 0.9.0's own CPython loader"),
    ("test_handles.py", "[Cc]apsule", "PyPy has no capsule type to compare h_CapsuleType "
     "with (its datetime exports no capsule; the bridge's capsules are a type of its own)"),
    ("test_call_function.py", "set_call_function|vectorcalloffset|call_function_in_a_hot_loop|"
     "tp_call_and_vectorcalloffset|call_function_error", "PyPy backend: HPy_SetCallFunction "
     "and __vectorcalloffset__ not built yet"),
    ("test_call.py", "set_call_function", "PyPy backend: HPy_SetCallFunction not built yet"),
    ("test_shapes.py", "float_shape|unicode_shape|list_shape|type_shape|long_shape|"
     "tuple_shape|long_and_tuple|shape_instances_release", "PyPy's HPy 0.0.4 cannot give a "
     "builtin-shaped type a C struct"),
    ("test_abi_minor.py", "module_state|dict_shaped", "PyPy backend: module state and the "
     "dict shape not built yet"),
    ("test_getset.py", "setter_error|setter_conversion_error|delete_calls_the_setter|"
     "setter_may_refuse|python_subclass|delete_error", "PyPy 7.3.11's HPy ignores the error "
     "result of a setter"),
    ("test_getset.py", "impl_without_closure", "crashes PyPy 7.3.11 (not investigated yet)"),
    ("test_type_slots.py", "tp_destroy", "crashes PyPy 7.3.11 (not investigated yet)"),
]


def _skip_reason(module: str, name: str, source: str) -> Optional[str]:
    for mod, pattern, reason in SKIPS:
        if module == mod and re.search(pattern, name):
            return reason
    if "sys.getrefcount" in source:
        return "measures reference counts (sys.getrefcount is CPython's)"
    return None


def skip_on_pypy(items: Iterable[pytest.Item]) -> None:
    """Add a skip marker, with the reason, to each item PyPy cannot run."""
    for item in items:
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function is not None else ""
        except (OSError, TypeError):
            source = ""
        reason = _skip_reason(item.path.name, item.name, source)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=f"on PyPy: {reason}"))
