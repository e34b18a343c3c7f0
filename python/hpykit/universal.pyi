# Type stub of the C extension hpykit.universal (built from loader/).
from importlib.machinery import ModuleSpec
from types import ModuleType

def load(
    name: str, path: str, spec: ModuleSpec | None, debug: bool = False, mode: int = -1
) -> ModuleType: ...
