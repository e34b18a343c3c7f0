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
    ("test_abi_minor.py", "dict_shaped", "PyPy backend: the dict shape not built yet"),
    ("test_type_slots.py", "python_subclass|tp_call_through_dunder_call_and_subclass|"
     "cycle_through_the_type", "PyPy 7.3.11 aborts (AssertionError in W_HPyObject._finalize_) "
     "when it finalizes an instance of a Python subclass of an HPy type with tp_finalize, "
     "tp_destroy or __del__"),
    ("test_type.py", "basicsize_holds_the_struct", "PyPy's types have no __basicsize__"),
    ("test_type.py", "basetype_flag_is_kept|without_basetype_forbids", "PyPy 7.3.11's HPy "
     "ignores HPy_TPFLAGS_BASETYPE: __flags__ lacks it and every HPy type accepts Python "
     "subclasses"),
    ("test_type.py", "hpy_new_of_a_non_hpy_type", "PyPy's HPy_New of a non-HPy type raises "
     "PyPy's own TypeError ('object.__new__(int) is not safe'), and PyPy's HPy has no way "
     "to tell an HPy type from another"),
    ("test_type.py", "metaclass_sets_the_type", "PyPy's HPy 0.0.4 has no "
     "HPyType_SpecParam_Metaclass"),
    ("test_type.py", "get_builtin_shape", "the test module defines a builtin-shaped type "
     "with a C struct, which PyPy's HPy 0.0.4 cannot give"),
    ("test_field.py", "store_replaces_and_releases|store_null_clears_and_releases|"
     "released_when_the_owner_dies", "PyPy has no reference counts: a released object is "
     "freed by a collection, not at once"),
    ("test_type_slots.py", "tp_traverse_shows_the_fields", "PyPy's gc module has no "
     "is_tracked"),
    ("test_type_slots.py", "tp_finalize_runs_when_the_last_reference_goes", "PyPy has no "
     "reference counts: an object is finalized by a collection, not when its last reference "
     "goes"),
    ("test_type_slots.py", "bf_getbuffer_gives_a_memoryview|bf_releasebuffer", "PyPy 7.3.11's "
     "HPy memoryview has obj None and never calls bf_releasebuffer on release()"),
    ("test_methods.py", "method_name|python_name_differs|is_a_builtin_function|"
     "self_attribute|module_attribute|impl_name_and_doc", "PyPy 7.3.11's HPy makes module "
     "functions 'extension_function' objects, which have __doc__ and __call__ only (no "
     "__name__, __qualname__, __module__ or __self__) and are not builtin functions"),
    ("test_legacy.py", r"legacy_shaped_type.*\[hybrid\]", "PyPy 7.3.11's HPy gives an "
     "instance of a legacy type two structs: the one HPy_New and _HPy_AsStruct_Legacy return "
     "is not the PyObject that cpyext (HPy_AsPyObject, legacy slots) sees (checked with a "
     "native HPy 0.0.4 module)"),
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
