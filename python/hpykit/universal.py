"""hpykit.universal on PyPy: load hpy0 universal binaries through PyPy's native HPy.

On CPython ``hpykit.universal`` is a C extension (built from ``loader/``) and this
file is not installed. On PyPy it is this module: it has PyPy's own HPy loader
(``_hpy_universal``, which speaks the older HPy 0.0.4 ABI) load hpykit's bridge
(``lib/pypy/hpykit_bridge.so``, built from ``loader/pypy/``). The bridge presents
the hpy0 context to a binary and forwards every call to PyPy's native context, so
no call goes through cpyext. See docs/pypy.md.
"""

from __future__ import annotations

import os
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any, Dict

import _hpy_universal  # type: ignore[import-not-found]  # PyPy's native HPy loader

MODE_UNIVERSAL = 0
MODE_DEBUG = 1
MODE_TRACE = 2

HPY_ABI_VERSION = 0


class HPyDebugError(Exception):
    """A misuse of the HPy API detected in debug mode."""


def _make_debug() -> ModuleType:
    """hpykit.universal._debug: PyPy's own debug-mode functions (same names as hpykit's
    on CPython: new_generation, get_open_handles, DebugHandle, ...) plus HPyDebugError."""
    debug = ModuleType("hpykit.universal._debug")
    for attr in dir(_hpy_universal._debug):
        if not attr.startswith("__"):
            setattr(debug, attr, getattr(_hpy_universal._debug, attr))
    vars(debug).update(HPyDebugError=HPyDebugError, new_generation=_new_generation)
    return debug


def _new_generation() -> int:
    """PyPy's new_generation, once the debug bridge is loaded: the handles the bridge keeps
    for its whole life (builtins hpy0's context has and PyPy's lacks, callables it looks up
    once) are opened when it loads, so they belong to an older generation than any leak
    check's and are never reported as the extension's leaks."""
    _bridge(MODE_DEBUG)
    generation: int = _hpy_universal._debug.new_generation()
    return generation


_debug = _make_debug()

_BRIDGE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib", "pypy",
                            "hpykit_bridge.so")
_bridges: Dict[int, Any] = {}


def _bridge(mode: int) -> Any:
    """The bridge bound to PyPy's universal (or debug) context, loaded once per mode."""
    bridge = _bridges.get(mode)
    if bridge is None:
        if not os.path.exists(_BRIDGE_PATH):
            raise ImportError(f"hpykit on PyPy: the bridge {_BRIDGE_PATH} is missing "
                              "(reinstall hpykit on this PyPy)", path=_BRIDGE_PATH)
        bridge = _hpy_universal.load("hpykit._bridge", _BRIDGE_PATH, mode == MODE_DEBUG)
        _bridges[mode] = bridge
    return bridge


def load(name: str, path: str, spec: ModuleSpec | None, debug: bool = False,
         mode: int = -1) -> ModuleType:
    """Load the HPy universal binary at path as module name and return the module.

    mode is MODE_UNIVERSAL or MODE_DEBUG (PyPy's own debug context); debug=True
    means MODE_DEBUG. Trace mode is not available on PyPy.
    """
    chosen = MODE_DEBUG if debug else MODE_UNIVERSAL
    if mode > 0:
        chosen = mode
    if chosen > MODE_DEBUG | MODE_TRACE:
        # the same message as the C loader's on CPython
        raise ValueError(f"load(): unknown mode {mode} (use MODE_UNIVERSAL, MODE_DEBUG, "
                         "MODE_TRACE or MODE_DEBUG | MODE_TRACE)")
    if chosen not in (MODE_UNIVERSAL, MODE_DEBUG):
        raise ValueError(f"load(): mode {mode} is not available on PyPy (use MODE_UNIVERSAL "
                         "or MODE_DEBUG)")
    path = os.path.abspath(os.fspath(path))
    if spec is None:
        # PyPy's extension suffixes do not include a plain ".so": without a loader given,
        # spec_from_file_location finds none for a universal binary and returns None
        from importlib.util import spec_from_file_location

        from hpykit.importer import HPyLoader

        spec = spec_from_file_location(name, path, loader=HPyLoader(name, path))
    try:
        module: ModuleType = _bridge(chosen).load(name, path, spec)
    except ImportError as error:
        # the bridge's refusals (an HPy 0.0.4 module can only raise with a message) get
        # name and path as on CPython; an ImportError of the module's own code is left alone
        if error.name is None and str(error).startswith(f"cannot load HPy module '{name}'"):
            error.name, error.path = name, path
        raise
    if isinstance(module, ModuleType):
        module.__file__ = path
        module.__spec__ = spec
        if spec is not None:
            module.__loader__ = spec.loader
    return module


def get_version() -> tuple[str, str]:
    """Return (HPy API version, hpykit version)."""
    from hpykit import __version__

    return ("0.9.0", __version__)


def __getattr__(name: str) -> Any:
    if name == "HPY_ABI_VERSION_MINOR":
        return _bridge(MODE_UNIVERSAL).HPY_ABI_VERSION_MINOR
    raise AttributeError(f"module 'hpykit.universal' has no attribute {name!r}")
