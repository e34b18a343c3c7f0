"""Build hpyjson's C module for one ABI with the compiler directly, and load the package.

For the tests and benchmarks, which need several builds in one process; users build
with setup.py. The flags come from ``hpykit.build.flags`` (the same ones setup.py uses);
builds are cached in a directory named by a digest of the sources, ABI and options.

    binary = build("universal", Path(".cache/hpyjson"))
    hpyjson = load_package(binary, "universal", debug=True)
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import List

import hpykit.universal
from hpykit.build.flags import hpy_build_flags

HERE = Path(__file__).resolve().parent
SOURCES = ["module.c", "decode.c", "encode.c", "encode_legacy.c", "jsonbuf.c"]
CFLAGS = ["-O2", "-g", "-shared", "-fPIC", "-std=c99", "-Wall", "-Wextra", "-Werror"]


class BuildError(RuntimeError):
    """The compiler refused: the message carries its output."""


def _digest(parts: List[str]) -> str:
    h = hashlib.sha256()
    for path in sorted((HERE / "src").iterdir()):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for part in parts:
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:16]


def build(abi: str, cache: Path, legacy: bool = False, copy: str = "") -> Path:
    """The C module ``_hpyjson`` built for ``abi`` (cpython, universal or hybrid); with
    ``legacy``, dumps is the C-API version (cpython and hybrid only).

    A binary's HPyGlobals are C statics, shared by every module object made from it: a
    module loaded twice (say universal and debug mode in one process) must load two
    files. ``copy`` names a separate build of the same thing."""
    flags = hpy_build_flags(abi)
    cc = os.environ.get("CC", "cc").split()
    args = [*CFLAGS, *flags.compile_args()]
    if legacy:
        args.append("-DHPYJSON_LEGACY_DUMPS")
    key = _digest([abi, " ".join(cc), *args, *flags.link_inputs(), sys.version, copy])
    folder = cache / f"{abi}{'-legacy' if legacy else ''}{'-' + copy if copy else ''}-{key}"
    target = folder / ("_hpyjson" + flags.ext_suffix)
    if target.exists():
        return target
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    sources = [str(HERE / "src" / name) for name in SOURCES]
    done = subprocess.run([*cc, *args, *sources, *flags.link_inputs(), "-lm", "-o",
                           str(tmp / target.name)], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"building hpyjson for the {abi} ABI failed:\n{done.stderr}")
    try:
        os.rename(tmp, folder)
    except OSError:
        if not target.exists():
            raise
    return target


def load_extension(binary: Path, abi: str, name: str, debug: bool = False) -> ModuleType:
    """Load the built C module as ``name``: cpython directly, others through the loader."""
    if abi == "cpython":
        loader = importlib.machinery.ExtensionFileLoader(name, str(binary))
        spec = importlib.util.spec_from_file_location(name, str(binary), loader=loader)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
        return module
    spec = importlib.util.spec_from_file_location(name, str(binary))
    loaded: ModuleType = hpykit.universal.load(name, str(binary), spec, debug=debug)
    return loaded


def load_package(binary: Path, abi: str, debug: bool = False, legacy: bool = False) -> ModuleType:
    """The hpyjson package (its Python part from this directory) around one build, under
    a name of its own (``hpyjson_universal_debug``...), so that builds coexist."""
    name = f"hpyjson_{abi}{'_legacy' if legacy else ''}{'_debug' if debug else ''}"
    if name in sys.modules:
        return sys.modules[name]
    sys.modules[name + "._hpyjson"] = load_extension(binary, abi, name + "._hpyjson", debug)
    init = HERE / "hpyjson" / "__init__.py"
    spec = importlib.util.spec_from_file_location(name, str(init), submodule_search_locations=[])
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return package

