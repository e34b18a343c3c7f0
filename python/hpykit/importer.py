"""Plain ``import`` of universal and hybrid modules: a finder on ``sys.meta_path``.

hpykit installs ``hpykit.pth`` into site-packages; its one line calls
:func:`install` at start-up, which appends an :class:`HPyFinder` to
``sys.meta_path``. Then ``import pkg.mod`` finds ``pkg/mod.hpy0.so`` (or the
hybrid ``pkg/mod.hpy0-cp311.so``) on ``sys.path`` or the package's
``__path__`` and loads it through ``hpykit.universal.load`` in the mode that
the ``HPY`` environment variable selects (:mod:`hpykit.modes`).

The finder sits *after* the standard path finder, so it costs nothing for the
imports that the standard machinery satisfies, and a ``.py`` or plain extension
of the same name wins over a universal binary. Only names the standard
finders did not find reach it; for those it checks two file names per
directory.

Start-up cost matters here (the ``.pth`` line runs in every Python process):
this module imports only what the interpreter has already imported, and
``hpykit.universal`` only when a universal module is actually loaded.
"""

# no `from __future__ import annotations`: it would import __future__ at start-up;
# annotations naming what is imported only for type checkers are strings
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (slow) at start-up
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Sequence

_HPY_ABI_TAG = "hpy0"  # hpykit.abitag.HPY_ABI_TAG; a test checks they agree


def hpy_suffixes() -> "tuple[str, ...]":
    """The file-name suffixes of binaries this interpreter can load (universal first).

    ``hpykit.abitag.get_hpy_ext_suffix('universal')`` and ``('hybrid')``, computed
    without ``sysconfig`` (slow to import, and this runs in the middle of other
    imports). Hybrid binaries exist for CPython and PyPy (whose cpyext runs their
    C-API parts); elsewhere only the universal suffix.
    """
    ext = "pyd" if sys.platform == "win32" else "so"
    universal = f".{_HPY_ABI_TAG}.{ext}"
    cache_tag = sys.implementation.cache_tag or ""
    if sys.implementation.name == "cpython" and cache_tag.startswith("cpython-"):
        return (universal, f".{_HPY_ABI_TAG}-cp{cache_tag[len('cpython-'):]}.{ext}")
    if sys.implementation.name == "pypy":
        import _imp  # built in and already imported: the interpreter's EXT_SUFFIX first

        # '.pypy39-pp73-x86_64-linux-gnu.so': the tag is the first two fields, as in
        # hpykit.abitag.parse_ext_suffix
        middle = _imp.extension_suffixes()[0].split(".")[1]
        return (universal, f".{_HPY_ABI_TAG}-{'-'.join(middle.split('-')[:2])}.{ext}")
    return (universal,)


class HPyLoader:
    """Loads one universal or hybrid binary (a loader in the importlib protocol)."""

    def __init__(self, fullname: str, path: str) -> None:
        self.name = fullname
        self.path = path

    def __repr__(self) -> str:
        return f"<HPyLoader {self.name!r} from {self.path!r}>"

    def create_module(self, spec: "ModuleSpec") -> "ModuleType":
        import hpykit.universal
        from hpykit import modes

        mode = modes.mode_for(spec.name, os.environ)
        if modes.log_enabled(os.environ):
            print(modes.log_line(spec.name, mode, self.path), file=sys.stderr)
        return hpykit.universal.load(spec.name, self.path, spec, mode=mode)

    def exec_module(self, module: "ModuleType") -> None:
        """Nothing to do: ``load`` ran the module's initialisation in ``create_module``."""

    def is_package(self, fullname: str) -> bool:
        return False

    def get_code(self, fullname: str) -> None:
        """No code object, as for any extension module (``python -m`` says so)."""
        return None

    def get_source(self, fullname: str) -> None:
        return None

    def get_filename(self, fullname: str) -> str:
        return self.path


class HPyFinder:
    """Finds ``<name>.hpy0.so`` / ``<name>.hpy0-<abi tag>.so`` on a search path."""

    def __init__(self) -> None:
        self._suffixes: "tuple[str, ...] | None" = None

    def __repr__(self) -> str:
        return "<hpykit.importer.HPyFinder>"

    def suffixes(self) -> "tuple[str, ...]":
        if self._suffixes is None:
            self._suffixes = hpy_suffixes()
        return self._suffixes

    def find_path(self, fullname: str, path: "Sequence[str] | None" = None) -> "str | None":
        """The binary that ``import fullname`` would load, or None."""
        tail = fullname.rpartition(".")[2]
        names = [tail + suffix for suffix in self.suffixes()]
        for entry in sys.path if path is None else path:
            if not isinstance(entry, str):
                continue
            for name in names:
                candidate = os.path.join(entry or ".", name)
                if os.path.isfile(candidate):
                    return os.path.abspath(candidate)
        return None

    def find_spec(
        self,
        fullname: str,
        path: "Sequence[str] | None" = None,
        target: "ModuleType | None" = None,
    ) -> "ModuleSpec | None":
        found = self.find_path(fullname, path)
        if found is None:
            return None
        # the class of every module's __spec__ is importlib.machinery.ModuleSpec;
        # taking it from there spares importing importlib at start-up. HPyLoader
        # follows the protocol of importlib.abc.Loader without importing it.
        spec_class = type(__spec__)
        loader = HPyLoader(fullname, found)
        spec: "ModuleSpec" = spec_class(fullname, loader, origin=found)  # type: ignore[arg-type]
        spec.has_location = True
        return spec

    def invalidate_caches(self) -> None:
        """Nothing is cached but the suffixes, which cannot change."""


def installed_finder() -> "HPyFinder | None":
    """The HPyFinder on ``sys.meta_path``, if there is one."""
    for finder in sys.meta_path:
        if isinstance(finder, HPyFinder):
            return finder
    return None


def install() -> HPyFinder:
    """Append an HPyFinder to ``sys.meta_path`` unless one is there; return it."""
    finder = installed_finder()
    if finder is None:
        finder = HPyFinder()
        sys.meta_path.append(finder)
    return finder


def uninstall() -> None:
    """Remove every HPyFinder from ``sys.meta_path``."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, HPyFinder)]
