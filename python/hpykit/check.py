"""``hpykit check FILE``: is this a valid universal binary, and if not, why.

A universal binary named ``<name>.hpy0.so``

* is an ELF shared object;
* exports ``HPyInit_<name>``, ``HPyInitGlobalContext_<name>``,
  ``get_required_hpy_major_version_<name>`` and ``..._minor_version_<name>``,
  and no ``PyInit_<name>`` (that would make it a CPython extension);
* needs no CPython symbol (no undefined ``Py*`` / ``_Py*``: those make a hybrid
  or CPython-ABI build);
* has the universal tag in its file name;
* requires an HPy ABI version this hpykit implements.

The checks run in that order and the first failure is the reason. The ABI
version is read by calling the binary's version functions (the binary is loaded
with ``ctypes``, as the loader would, only after the symbol checks passed).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

from hpykit.abitag import HPY_ABI_TAG, HPY_ABI_VERSION, HPY_ABI_VERSION_MINOR, get_hpy_ext_suffix
from hpykit.elf import ET_DYN, ElfError, read_symbols

REQUIRED_EXPORTS = (
    "HPyInit_{}",
    "HPyInitGlobalContext_{}",
    "get_required_hpy_major_version_{}",
    "get_required_hpy_minor_version_{}",
)
_SHOWN = 3  # how many offending symbols a reason names


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str


def _fail(message: str) -> CheckResult:
    return CheckResult(False, message)


def _names(symbols: list[str]) -> str:
    shown = ", ".join(symbols[:_SHOWN])
    more = len(symbols) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def loader_abi_minor() -> int:
    """The newest HPy ABI minor version the installed loader loads."""
    try:
        import hpykit.universal
    except ImportError:
        return HPY_ABI_VERSION_MINOR
    return int(getattr(hpykit.universal, "HPY_ABI_VERSION_MINOR", HPY_ABI_VERSION_MINOR))


def _required_version(path: Path, name: str) -> tuple[int, int]:
    library = ctypes.CDLL(str(path.resolve()))
    major = getattr(library, f"get_required_hpy_major_version_{name}")
    minor = getattr(library, f"get_required_hpy_minor_version_{name}")
    major.restype = minor.restype = ctypes.c_uint32
    return int(major()), int(minor())


def check_universal_binary(path: Path) -> CheckResult:
    """Whether ``path`` is a universal binary; the message says why not, or what it is."""
    if not path.is_file():
        return _fail("no such file")
    try:
        symbols = read_symbols(path)
    except ElfError as e:
        return _fail(f"not a shared object: {e}")
    except OSError as e:
        return _fail(f"cannot read it: {e.strerror}")
    if symbols.elf_type != ET_DYN:
        return _fail(f"not a shared object (ELF type {symbols.elf_type})")
    name = path.name.split(".", 1)[0]
    if f"PyInit_{name}" in symbols.defined:
        return _fail(f"a CPython-ABI extension: it exports PyInit_{name}")
    missing = [f.format(name) for f in REQUIRED_EXPORTS if f.format(name) not in symbols.defined]
    if missing:
        return _fail(f"not an HPy module named {name!r}: it does not export {_names(missing)}")
    cpython = sorted(s for s in symbols.undefined if s.startswith(("Py", "_Py")))
    if cpython:
        return _fail(f"uses the CPython C-API (a hybrid build?): it needs {_names(cpython)}")
    suffix = get_hpy_ext_suffix("universal")
    if not path.name.endswith(suffix):
        return _fail(f"the file name lacks the universal tag: expected {name}{suffix}")
    major, minor = _required_version(path, name)
    newest = loader_abi_minor()
    if major != HPY_ABI_VERSION or minor > newest:
        return _fail(f"it requires HPy ABI {major}.{minor}; this hpykit loads "
                     f"{HPY_ABI_VERSION}.0 to {HPY_ABI_VERSION}.{newest}")
    return CheckResult(True, f"universal HPy binary of module {name!r} "
                             f"(ABI {HPY_ABI_TAG}, requires {major}.{minor})")
