"""Build test modules with the C compiler directly and load them.

Flags come from ``hpykit.build.flags``; builds are cached by content (see
:func:`ExtensionCompiler.compile_module` for the key), so a universal binary
is built by the first Python that needs it and reused by every other.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shlex
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from importlib.machinery import ExtensionFileLoader
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType
from typing import Sequence

from hpykit import paths
from hpykit.build.flags import HPyBuildFlags, hpy_build_flags
from support.abis import AbiMode
from support.cache import cache_root, cached_dir, make_key, tree_digest
from support.source import expand_source

# Bump when the way modules are built changes in a way the key does not show.
HARNESS_VERSION = 1

WARNINGS = ("-Wall", "-Wextra", "-Werror")
COMMON_ARGS = ("-shared", "-fPIC", "-O1", "-g")
C_ARGS = ("-std=c99",)
CXX_ARGS = ("-x", "c++", "-std=c++17")


class CompilationError(Exception):
    """The compiler rejected a test module; the message has its full output."""

    def __init__(self, argv: Sequence[str], output: str) -> None:
        self.argv = list(argv)
        self.output = output
        super().__init__(f"compilation failed:\n$ {shlex.join(self.argv)}\n{output}")


@dataclass(frozen=True)
class Toolchain:
    cc: tuple[str, ...]
    cxx: tuple[str, ...]

    @classmethod
    def from_environment(cls) -> Toolchain:
        cc = tuple(shlex.split(os.environ.get("CC", "cc")))
        cxx = tuple(shlex.split(os.environ.get("CXX", "c++")))
        return cls(cc, cxx)

    @functools.cached_property
    def identity(self) -> str:
        """First line of each compiler's ``--version``: part of the cache key."""
        lines = []
        for command in (self.cc, self.cxx):
            result = subprocess.run(
                [*command, "--version"], capture_output=True, text=True, check=False
            )
            lines.append(result.stdout.splitlines()[0] if result.stdout else " ".join(command))
        return "\n".join(lines)


@dataclass(frozen=True)
class BuildInputs:
    """What a build for one ABI depends on besides the module source."""

    flags: HPyBuildFlags
    include_digest: str
    helpers_digest: str


def _helpers_digest(library: Path | None) -> str:
    if library is None:
        return "none"
    # setup.py writes a digest of the library's inputs next to it; it is the
    # same for every Python, unlike the bytes of the library itself
    stamp = library.with_name(library.name + ".sha256")
    if stamp.is_file():
        return stamp.read_text().strip()
    return hashlib.sha256(library.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=None)
def build_inputs(abi: str) -> BuildInputs:
    flags = hpy_build_flags(abi)
    library = flags.extra_objects[0] if flags.extra_objects else None
    return BuildInputs(
        flags=flags,
        include_digest=tree_digest(paths.include_dir()),
        helpers_digest=_helpers_digest(library),
    )


def load_module(path: Path, name: str, mode: AbiMode) -> ModuleType:
    """Load the binary at ``path`` as module ``name`` in the given mode."""
    if not mode.uses_loader:
        loader = ExtensionFileLoader(name, str(path))
        spec = spec_from_file_location(name, str(path), loader=loader)
        assert spec is not None
        module = module_from_spec(spec)
        loader.exec_module(module)
        return module
    import hpykit.universal

    if mode.debug:
        path = _private_copy(path, "debug")
    spec = spec_from_file_location(name, str(path))
    return hpykit.universal.load(name, str(path), spec, debug=mode.debug)


def _private_copy(path: Path, mode_name: str) -> Path:
    """A copy of a cached universal binary for one mode. The dynamic linker loads a file
    once per process, and a universal binary keeps one context pointer for all its
    trampolines: the universal and the debug test of the same source must not share it."""
    target = path.parent / mode_name / path.name
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)  # atomic: parallel workers may race here
    return target


class ExtensionCompiler:
    """The ``compiler`` fixture: builds and loads test modules for one ABI mode."""

    def __init__(self, mode: AbiMode, default_name: str, toolchain: Toolchain) -> None:
        self.mode = mode
        self.hpy_abi = mode.name
        self._default_name = default_name
        self._toolchain = toolchain
        self._names_used = 0

    def _next_name(self) -> str:
        self._names_used += 1
        if self._names_used == 1:
            return self._default_name
        return f"{self._default_name}_{self._names_used}"

    def compile_module(
        self,
        source: str,
        name: str | None = None,
        *,
        cplusplus: bool = False,
        extra_args: Sequence[str] = (),
    ) -> Path:
        """Build ``source`` (see support.source) and return the binary's path."""
        if name is None:
            name = self._next_name()
        full_source = expand_source(source, name)
        abi = self.mode.build_abi
        inputs = build_inputs(abi)
        flags = inputs.flags
        language_args = CXX_ARGS if cplusplus else C_ARGS
        key_parts: dict[str, object] = {
            "harness": HARNESS_VERSION,
            "source": full_source,
            "name": name,
            "abi": abi,
            "args": [*language_args, *WARNINGS, *COMMON_ARGS, *extra_args],
            "macros": [list(m) for m in flags.define_macros],
            "flag_args": list(flags.extra_compile_args),
            "include": inputs.include_digest,
            "helpers": inputs.helpers_digest,
            "compiler": self._toolchain.identity,
        }
        if abi != "universal":
            # a universal binary does not depend on the Python that builds it
            key_parts["ext_suffix"] = sysconfig.get_config_var("EXT_SUFFIX")
        filename = name + flags.ext_suffix

        def build(directory: Path) -> None:
            src = directory / (name + (".cpp" if cplusplus else ".c"))
            src.write_text(full_source)
            compiler = self._toolchain.cxx if cplusplus else self._toolchain.cc
            argv = [
                *compiler,
                *language_args,
                *WARNINGS,
                *COMMON_ARGS,
                *flags.compile_args(),
                *extra_args,
                str(src),
                *(("-x", "none") if cplusplus else ()),
                *flags.link_inputs(),
                "-o",
                str(directory / filename),
            ]
            result = subprocess.run(
                argv, capture_output=True, text=True, check=False, cwd=directory
            )
            if result.returncode != 0:
                raise CompilationError(argv, result.stdout + result.stderr)

        return cached_dir(cache_root(), make_key(key_parts), build) / filename

    def load_module(self, path: Path, name: str | None = None) -> ModuleType:
        """Load a binary built by :meth:`compile_module` in this ABI mode."""
        if name is None:
            name = path.name.split(".", 1)[0]
        return load_module(path, name, self.mode)

    def make_module(
        self,
        source: str,
        name: str | None = None,
        *,
        cplusplus: bool = False,
        extra_args: Sequence[str] = (),
    ) -> ModuleType:
        """Build ``source`` and return the loaded module."""
        path = self.compile_module(source, name, cplusplus=cplusplus, extra_args=extra_args)
        return self.load_module(path)
