"""setuptools integration: ``setup(hpy_ext_modules=[...])`` and ``--hpy-abi``.

Configuration in, extensions out. Nothing in setuptools is patched: the hooks
below only touch the Distribution *instance* they are given --

* ``dist.global_options`` becomes an instance-level copy extended with
  ``--hpy-abi`` (given before the command: ``setup.py --hpy-abi=universal
  build_ext``);
* the HPy extensions are appended to ``dist.ext_modules`` as
  :class:`HPyExtension` objects;
* ``dist.cmdclass['build_ext']`` becomes a subclass of whatever build_ext class
  the project had, which adds the ABI's flags and names the binary;
* ``dist.cmdclass['bdist_wheel']`` (when wheel building is available) becomes a
  subclass of the project's bdist_wheel class that tags a universal-only wheel
  ``py3-none-<platform>`` (one wheel for every Python) and makes universal and
  hybrid wheels depend on hpykit (the loader).

No loader stub is written: hpykit's meta-path finder (:mod:`hpykit.importer`)
imports ``mod.hpy0.so`` with a plain ``import mod``.

The ABI is read when the extensions are built: ``--hpy-abi``, else
``[tool.hpykit] hpy-abi`` in pyproject.toml, else ``cpython`` on CPython and
``universal`` elsewhere.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
import re
from typing import Any, Iterable, cast

from setuptools import Distribution, Extension
from setuptools.command.build_ext import build_ext
from setuptools.errors import BaseError, ModuleError, SetupError

from hpykit.abitag import get_hpy_ext_suffix
from hpykit.build.flags import HPyBuildFlags, check_abi, hpy_build_flags
from hpykit.build.pyproject import (
    TABLE,
    PyprojectError,
    extension_arguments,
    read_hpykit_table,
)

DEFAULT_HPY_ABI = "cpython" if sys.implementation.name == "cpython" else "universal"

HPY_ABI_OPTION = (
    "hpy-abi=",
    None,
    f"ABI of the HPy extensions: cpython, universal or hybrid [default: {DEFAULT_HPY_ABI}]",
)


class HPyExtension(Extension):
    """An extension written against HPy; its ABI is picked at build time."""

    @classmethod
    def from_extension(cls, ext: Extension) -> HPyExtension:
        """Copy of ``ext`` (a setuptools or distutils Extension) as an HPyExtension."""
        if isinstance(ext, cls):
            return ext
        hpy_ext = cls(ext.name, list(ext.sources))
        hpy_ext.__dict__.update(vars(ext))
        return hpy_ext


def project_dir(dist: Distribution) -> Path:
    """The directory of the project being built (where setup.py/pyproject.toml are)."""
    script = getattr(dist, "script_name", None)
    if isinstance(script, str) and os.path.basename(script) == "setup.py":
        return Path(script).resolve().parent
    return Path.cwd()


def _pyproject_table(dist: Distribution) -> dict[str, Any]:
    try:
        return read_hpykit_table(project_dir(dist))
    except PyprojectError as e:
        raise SetupError(str(e)) from None


def configured_hpy_abi(dist: Distribution) -> str:
    """The ABI to build HPy extensions for; raises DistutilsError if it is invalid."""
    value = getattr(dist, "hpy_abi", None)
    where = "--hpy-abi"
    if value is None:
        value = _pyproject_table(dist).get("hpy-abi")
        where = f"{TABLE} hpy-abi in pyproject.toml"
    if value is None:
        return DEFAULT_HPY_ABI
    if not isinstance(value, str):
        raise BaseError(f"{where}: expected a string, got {value!r}")
    try:
        return check_abi(value, where)
    except ValueError as e:
        raise BaseError(str(e)) from None


def add_hpy_extensions(dist: Distribution, extensions: Iterable[Extension]) -> None:
    """Register HPy extensions with ``dist`` (the one entry point of both hooks)."""
    # instance attributes only: the Distribution class stays untouched
    if not any(option[0] == HPY_ABI_OPTION[0] for option in dist.global_options):
        setattr(dist, "global_options", [*dist.global_options, HPY_ABI_OPTION])  # noqa: B010
    if not hasattr(dist, "hpy_abi"):
        setattr(dist, "hpy_abi", None)  # noqa: B010
    ext_modules = list(dist.ext_modules or [])
    known = {ext.name for ext in ext_modules if isinstance(ext, HPyExtension)}
    for ext in extensions:
        if not isinstance(ext, Extension):
            raise SetupError(f"hpy_ext_modules: expected Extension objects, got {ext!r}")
        if ext.name not in known:
            ext_modules.append(HPyExtension.from_extension(ext))
            known.add(ext.name)
    dist.ext_modules = ext_modules
    base = dist.cmdclass.get("build_ext", build_ext)
    if not issubclass(base, build_ext):
        raise SetupError(
            f"hpy_ext_modules: cmdclass['build_ext'] must derive from "
            f"setuptools.command.build_ext.build_ext, got {base!r}"
        )
    dist.cmdclass["build_ext"] = hpy_build_ext_class(base)
    wheel_base = _bdist_wheel_base(dist)
    if wheel_base is not None:
        dist.cmdclass["bdist_wheel"] = hpy_bdist_wheel_class(wheel_base)


def handle_hpy_ext_modules(dist: Distribution, attr: str, value: object) -> None:
    """Hook of the ``hpy_ext_modules`` setup() keyword (entry point)."""
    if attr != "hpy_ext_modules":
        raise SetupError(f"handle_hpy_ext_modules: unexpected keyword {attr!r}")
    if not isinstance(value, (list, tuple)):
        raise SetupError(f"hpy_ext_modules: expected a list of Extension objects, got {value!r}")
    add_hpy_extensions(dist, value)


class _FinalizeDistributionOptions:
    """setuptools hook (``setuptools.finalize_distribution_options``): registers the HPy
    extensions of ``setup(hpy_ext_modules=...)`` and of ``[[tool.hpykit.ext-modules]]``
    in pyproject.toml. Does nothing for projects that have neither.

    It runs before setuptools hands setup() keywords to their handlers (``order`` < 0;
    setuptools runs its keyword step at order 0) and consumes ``hpy_ext_modules``: the
    keyword is None on the instance afterwards. Another distribution may claim the same
    keyword -- PyPy ships the ``hpy`` of HPy 0.0.4, whose handler would add sources PyPy
    does not install -- and finds nothing left to build.
    """

    order = -10

    def __call__(self, dist: Distribution) -> None:
        value = getattr(dist, "hpy_ext_modules", None)
        if value is not None:
            handle_hpy_ext_modules(dist, "hpy_ext_modules", value)
            setattr(dist, "hpy_ext_modules", None)  # noqa: B010
        _add_pyproject_extensions(dist)


finalize_distribution_options = _FinalizeDistributionOptions()


def _add_pyproject_extensions(dist: Distribution) -> None:
    """The extensions of ``[[tool.hpykit.ext-modules]]`` in pyproject.toml, if any."""
    entries = _pyproject_table(dist).get("ext-modules")
    if entries is None:
        return
    try:
        arguments = extension_arguments(entries)
    except PyprojectError as e:
        raise SetupError(str(e)) from None
    add_hpy_extensions(dist, [Extension(**kwargs) for kwargs in arguments])


def _with_flags(ext: HPyExtension, flags: HPyBuildFlags) -> HPyExtension:
    built = copy.copy(ext)
    built.include_dirs = [str(d) for d in flags.include_dirs] + list(ext.include_dirs)
    built.define_macros = list(ext.define_macros) + list(flags.define_macros)
    built.extra_objects = list(ext.extra_objects) + flags.link_inputs()
    built.extra_compile_args = list(flags.extra_compile_args) + list(ext.extra_compile_args)
    return built


class HPyBuildExt(build_ext):
    """Builds :class:`HPyExtension` objects for the configured ABI.

    Used as the first base of a subclass of the project's own build_ext class
    (see :func:`hpy_build_ext_class`); other extensions are left alone.
    """

    _hpykit_abi: str | None = None

    def hpy_abi(self) -> str:
        if self._hpykit_abi is None:
            self._hpykit_abi = configured_hpy_abi(self.distribution)
        return self._hpykit_abi

    def _hpy_extensions(self) -> list[HPyExtension]:
        return [ext for ext in self.extensions if isinstance(ext, HPyExtension)]

    def _hpy_extension(self, fullname: str) -> HPyExtension | None:
        for ext in self._hpy_extensions():
            if self.get_ext_fullname(ext.name) == fullname:
                return ext
        return None

    def run(self) -> None:
        hpy_extensions = self._hpy_extensions()
        if hpy_extensions and self.hpy_abi() != "cpython":
            # keep objects of different ABIs apart
            self.build_temp = f"{self.build_temp}-hpy-{self.hpy_abi()}"
        super().run()

    def build_extension(self, ext: Extension) -> None:
        if not isinstance(ext, HPyExtension):
            super().build_extension(ext)
            return
        flags = hpy_build_flags(self.hpy_abi())
        super().build_extension(_with_flags(ext, flags))

    def get_ext_filename(self, fullname: str) -> str:
        if self._hpy_extension(fullname) is None or self.hpy_abi() == "cpython":
            return cast(str, super().get_ext_filename(fullname))  # type: ignore[no-untyped-call]
        return os.path.join(*fullname.split(".")) + get_hpy_ext_suffix(self.hpy_abi())

    def get_ext_fullpath(self, ext_name: str) -> str:
        # the base class may name the file from the last name component only
        path = super().get_ext_fullpath(ext_name)
        if self._hpy_extension(self.get_ext_fullname(ext_name)) is None or (
            self.hpy_abi() == "cpython"
        ):
            return path
        short = ext_name.split(".")[-1]
        return os.path.join(os.path.dirname(path), short + get_hpy_ext_suffix(self.hpy_abi()))

    def get_libraries(self, ext: Any) -> list[str]:
        libraries = list(super().get_libraries(ext))
        if isinstance(ext, HPyExtension) and self.hpy_abi() == "universal":
            # whatever the base class added links libpython: not for universal
            return list(ext.libraries)
        return libraries

    def get_export_symbols(self, ext: Any) -> list[str]:
        symbols = list(super().get_export_symbols(ext))  # type: ignore[no-untyped-call]
        if isinstance(ext, HPyExtension) and self.hpy_abi() != "cpython":
            short = ext.name.split(".")[-1]
            symbols = [s for s in symbols if s != f"PyInit_{short}"] + [f"HPyInit_{short}"]
        return symbols


def hpy_build_ext_class(base: type[build_ext]) -> type[build_ext]:
    """A subclass of ``base`` that also builds HPy extensions (``base`` if it already does)."""
    if issubclass(base, HPyBuildExt):
        return base
    name = f"{base.__name__}_hpykit"
    return cast("type[build_ext]", type(name, (HPyBuildExt, base), {"__module__": __name__}))


# ---- wheels ----------------------------------------------------------------------------

LOADER_REQUIREMENT = "hpykit"
_REQUIRES_HPYKIT = re.compile(r"^Requires-Dist:\s*hpykit(?![\w.-])", re.IGNORECASE | re.MULTILINE)


def _bdist_wheel_base(dist: Distribution) -> type[Any] | None:
    """The project's bdist_wheel class, or None where wheels cannot be built."""
    try:
        return cast("type[Any]", dist.get_command_class("bdist_wheel"))
    except (ModuleError, ImportError):
        return None


def is_universal_only(dist: Distribution, abi: str) -> bool:
    """Whether every extension of ``dist`` is an HPy one built as universal."""
    extensions = list(dist.ext_modules or [])
    return abi == "universal" and bool(extensions) and all(
        isinstance(ext, HPyExtension) for ext in extensions
    )


def with_loader_requirement(metadata: str) -> str:
    """Core metadata text with ``Requires-Dist: hpykit`` added unless it requires hpykit."""
    if _REQUIRES_HPYKIT.search(metadata):
        return metadata
    headers, sep, body = metadata.partition("\n\n")
    return f"{headers.rstrip(chr(10))}\nRequires-Dist: {LOADER_REQUIREMENT}\n{sep[1:]}{body}"


class HPyBdistWheel:
    """Mixin placed before the project's bdist_wheel class (see :func:`hpy_bdist_wheel_class`).

    Only the public methods of the command are extended: ``get_tag`` (the wheel's
    tag) and ``egg2dist`` (which writes the ``.dist-info`` metadata, also for
    ``prepare_metadata_for_build_wheel``).
    """

    distribution: Distribution

    def get_tag(self) -> tuple[str, str, str]:
        base: Any = super()
        impl, abi_tag, plat = base.get_tag()
        if is_universal_only(self.distribution, configured_hpy_abi(self.distribution)):
            return ("py3", "none", plat)
        return (impl, abi_tag, plat)

    def egg2dist(self, egginfo_path: str, distinfo_path: str) -> None:
        base: Any = super()
        base.egg2dist(egginfo_path, distinfo_path)
        has_hpy = any(isinstance(e, HPyExtension) for e in self.distribution.ext_modules or [])
        if has_hpy and configured_hpy_abi(self.distribution) != "cpython":
            metadata = Path(distinfo_path) / "METADATA"
            metadata.write_text(with_loader_requirement(metadata.read_text(encoding="utf-8")),
                                encoding="utf-8")


def hpy_bdist_wheel_class(base: type[Any]) -> type[Any]:
    """A subclass of ``base`` (a bdist_wheel class) that tags and describes HPy wheels."""
    if issubclass(base, HPyBdistWheel):
        return base
    return type(f"{base.__name__}_hpykit", (HPyBdistWheel, base), {"__module__": __name__})
