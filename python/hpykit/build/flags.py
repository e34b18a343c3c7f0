"""The compile and link configuration of an HPy extension, per ABI.

This module is the one place that knows which include directories, macros
and helper library an HPy build needs. The setuptools integration, hpykit's
own ``setup.py`` (for the helper libraries), the test harness and any other
build front end ask it instead of repeating these facts.
"""

from __future__ import annotations

import sys

import sysconfig
from dataclasses import dataclass
from pathlib import Path

from hpykit import paths
from hpykit.abitag import HPY_ABIS, get_hpy_ext_suffix

_ABI_MACROS = {
    "cpython": "HPY_ABI_CPYTHON",
    "universal": "HPY_ABI_UNIVERSAL",
    "hybrid": "HPY_ABI_HYBRID",
}


@dataclass(frozen=True)
class HPyBuildFlags:
    """How to compile and link C code for one HPy ABI.

    ``include_dirs`` is in search order and complete for a plain compiler
    call: for cpython and hybrid it ends with the interpreter's include
    directories; for universal it starts with ``forbid_python_h`` and has no
    Python directory at all.
    """

    abi: str
    include_dirs: tuple[Path, ...]
    define_macros: tuple[tuple[str, str | None], ...]
    extra_objects: tuple[Path, ...]
    extra_compile_args: tuple[str, ...]

    @property
    def ext_suffix(self) -> str:
        """File-name suffix of the built extension (``.hpy0.so`` for universal)."""
        return get_hpy_ext_suffix(self.abi)

    @property
    def may_link_libpython(self) -> bool:
        """False for universal: the binary must not depend on any libpython."""
        return self.abi != "universal"

    def compile_args(self) -> list[str]:
        """``-I``/``-D`` options plus extra arguments, for a gcc-style compiler."""
        args = [f"-I{d}" for d in self.include_dirs]
        for name, value in self.define_macros:
            args.append(f"-D{name}" if value is None else f"-D{name}={value}")
        args.extend(self.extra_compile_args)
        return args

    def link_inputs(self) -> list[str]:
        """Objects and libraries to pass to the linker after the sources."""
        return [str(p) for p in self.extra_objects]


def check_abi(abi: str, where: str) -> str:
    """Return ``abi`` if it is an HPy ABI name, else raise ValueError naming ``where``."""
    if abi not in HPY_ABIS:
        expected = ", ".join(HPY_ABIS)
        raise ValueError(f"{where}: invalid HPy ABI {abi!r} (expected one of {expected})")
    return abi


def python_include_dirs() -> tuple[Path, ...]:
    """The running interpreter's C header directories, without duplicates."""
    dirs: list[Path] = []
    for key in ("include", "platinclude"):
        path = Path(sysconfig.get_path(key))
        if path not in dirs:
            dirs.append(path)
    return tuple(dirs)


def _compile_config(
    abi: str, include_dir: Path
) -> tuple[tuple[Path, ...], tuple[tuple[str, str | None], ...]]:
    dirs: list[Path] = []
    if abi == "universal":
        dirs.append(include_dir / "hpy" / "forbid_python_h")
    dirs.append(include_dir)
    if abi != "universal":
        dirs.extend(python_include_dirs())
    macros: tuple[tuple[str, str | None], ...] = (("HPY", None), (_ABI_MACROS[abi], None))
    return tuple(dirs), macros


def hpy_build_flags(
    abi: str,
    *,
    include_dir: Path | None = None,
    helpers: Path | None = None,
    use_helpers: bool = True,
) -> HPyBuildFlags:
    """The configuration of an HPy extension built for ``abi``.

    By default the headers and the helper library come from
    :mod:`hpykit.paths`; ``include_dir`` and ``helpers`` override them.
    ``use_helpers=False`` leaves the helper library out.
    """
    check_abi(abi, "hpy_build_flags")
    if include_dir is None:
        include_dir = paths.include_dir()
    include_dirs, macros = _compile_config(abi, include_dir)
    if helpers is None and use_helpers:
        helpers = paths.helpers_library(abi)
    objects = (helpers,) if helpers is not None and use_helpers else ()
    return HPyBuildFlags(
        abi=abi,
        include_dirs=include_dirs,
        define_macros=macros,
        extra_objects=objects,
        # only the init functions are exported (they say so themselves): an HPyDef named
        # like a libc function (`read`, `warn`) must not interpose on it or be interposed
        extra_compile_args=() if sys.platform == "win32" else ("-fvisibility=hidden",),
    )


def helpers_library_flags(abi: str, include_dir: Path) -> HPyBuildFlags:
    """How to compile ``runtime/*.c`` into the static helper library for ``abi``.

    Only ``cpython`` and ``universal`` libraries exist (hybrid links the
    universal one). Universal objects hide their symbols so that two
    extensions never clash over a helper.
    """
    if abi not in ("cpython", "universal"):
        raise ValueError(
            f"helpers_library_flags: invalid abi {abi!r} (expected cpython or universal)"
        )
    include_dirs, macros = _compile_config(abi, include_dir)
    extra = ("-fPIC", "-fvisibility=hidden") if abi == "universal" else ("-fPIC",)
    return HPyBuildFlags(
        abi=abi,
        include_dirs=include_dirs,
        define_macros=macros,
        extra_objects=(),
        extra_compile_args=extra,
    )
