# Type stub of the C extension hpykit.universal (built from loader/).
from importlib.machinery import ModuleSpec
from types import ModuleType

from hpykit.debug import _debug as _debug
from hpykit.trace import _trace as _trace

def load(
    name: str, path: str, spec: ModuleSpec | None, debug: bool = False, mode: int = -1
) -> ModuleType: ...

MODE_UNIVERSAL: int
MODE_DEBUG: int
MODE_TRACE: int
