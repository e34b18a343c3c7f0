"""Build script of hpykit itself.

Metadata lives in pyproject.toml; this file adds what needs code:

* the C extension ``hpykit.universal`` (the universal loader) from ``loader/``;
* the static runtime-helper libraries from ``runtime/*.c``, one per helper ABI,
  written to ``hpykit/lib/<abi>/`` next to the built package;
* a copy of ``include/`` as ``hpykit/include`` in the built package.

On PyPy there is no C extension: ``hpykit.universal`` is python/hpykit/universal.py,
and build_ext builds the bridge ``hpykit/lib/pypy/hpykit_bridge.so`` from
``loader/pypy/`` instead (an HPy 0.0.4 module that PyPy's own loader loads; see
docs/pypy.md). It needs libffi's headers (Debian: libffi-dev).

Run it from the repository root (pip does).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import setuptools
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "python"))

from hpykit.build.flags import HPyBuildFlags, helpers_library_flags  # noqa: E402
from hpykit.paths import HELPERS_LIBRARY_NAME, helpers_library_filename  # noqa: E402

HELPER_ABIS = ("universal", "cpython")
IS_PYPY = sys.implementation.name == "pypy"
PYPY_LOADER_DIR = "loader/pypy/"
PYPY_BRIDGE = "hpykit_bridge.so"


def _relative(paths: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in sorted(paths)]


def _files(pattern: str) -> list[str]:
    return _relative([p for p in ROOT.glob(pattern) if p.is_file()])


def _helpers_digest(flags: HPyBuildFlags, sources: list[str]) -> str:
    """Digest of everything the helper library is made from, except the compiler.

    Written next to the library; the test harness keys its build cache on it so
    that a universal binary built under one Python is reused by every other.
    """
    digest = hashlib.sha256()
    digest.update(repr((flags.abi, flags.define_macros, flags.extra_compile_args)).encode())
    for name in sources + _files("include/**/*"):
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()


class BuildExt(build_ext):
    """build_ext that also builds the static runtime-helper libraries."""

    def _helper_outputs(self) -> list[tuple[str, Path]]:
        if not _files("runtime/*.c"):
            return []
        lib_root = Path(self.get_ext_fullpath("hpykit.universal")).parent / "lib"
        return [(abi, lib_root / abi / helpers_library_filename()) for abi in HELPER_ABIS]

    def _bridge_output(self) -> Path:
        lib_root = Path(self.get_ext_fullpath("hpykit.universal")).parent / "lib"
        return lib_root / "pypy" / PYPY_BRIDGE

    def run(self) -> None:
        self._build_helpers()
        if IS_PYPY:
            self._build_pypy_bridge()
        super().run()

    def _build_pypy_bridge(self) -> None:
        from distutils.ccompiler import new_compiler
        from distutils.sysconfig import customize_compiler

        compiler = new_compiler(compiler=self.compiler, force=bool(self.force))
        customize_compiler(compiler)
        sources = _files(PYPY_LOADER_DIR + "*.c") + ["loader/elfcheck.c"]
        objects = compiler.compile(
            sources,
            output_dir=os.path.join(self.build_temp, "hpykit-pypy-bridge"),
            macros=[("HPY_ABI_UNIVERSAL", None), ("HPY", None)],
            include_dirs=["include/hpy/forbid_python_h", "include", "loader"],
            extra_postargs=["-Wall", "-Wextra", "-fvisibility=hidden"],
            depends=_files("include/**/*.h") + _files(PYPY_LOADER_DIR + "*.h"),
        )
        target = self._bridge_output()
        target.parent.mkdir(parents=True, exist_ok=True)
        compiler.link_shared_object(objects, str(target), libraries=["ffi", "dl"])

    def _build_helpers(self) -> None:
        from distutils.ccompiler import new_compiler
        from distutils.sysconfig import customize_compiler

        sources = _files("runtime/*.c")
        if not sources:
            print("hpykit: runtime/ has no C sources; no helper library is built")
            return
        compiler = new_compiler(compiler=self.compiler, force=bool(self.force))
        customize_compiler(compiler)
        headers = _files("include/**/*.h") + _files("runtime/*.h")
        for abi, library in self._helper_outputs():
            flags = helpers_library_flags(abi, Path("include"))
            objects = compiler.compile(
                sources,
                output_dir=os.path.join(self.build_temp, f"hpykit-helpers-{abi}"),
                macros=list(flags.define_macros),
                include_dirs=[str(d) for d in flags.include_dirs],
                extra_postargs=list(flags.extra_compile_args),
                depends=headers,
            )
            library.parent.mkdir(parents=True, exist_ok=True)
            compiler.create_static_lib(
                objects, HELPERS_LIBRARY_NAME, output_dir=str(library.parent)
            )
            stamp = library.with_name(library.name + ".sha256")
            stamp.write_text(_helpers_digest(flags, sources) + "\n")

    def get_outputs(self) -> list[str]:
        outputs = list(super().get_outputs())
        for _, library in self._helper_outputs():
            outputs += [str(library), str(library) + ".sha256"]
        if IS_PYPY:
            outputs.append(str(self._bridge_output()))
        return outputs


PTH_FILE = "python/hpykit.pth"


class BuildPy(build_py):
    """build_py that ships a copy of include/ as hpykit/include, and ``hpykit.pth``.

    ``hpykit.pth`` lands at the top of site-packages; at start-up it adds the
    finder that lets ``import mod`` load ``mod.hpy0.so`` (hpykit.importer).
    """

    def _include_target(self) -> Path:
        return Path(self.build_lib) / "hpykit" / "include"

    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        """hpykit/universal.py is the PyPy loader; on CPython the C extension is."""
        modules: list[tuple[str, str, str]] = super().find_package_modules(  # type: ignore[no-untyped-call]
            package, package_dir)
        if IS_PYPY:
            return modules
        return [m for m in modules if (m[0], m[1]) != ("hpykit", "universal")]

    def run(self) -> None:
        super().run()
        target = self._include_target()
        if target.exists() and not self.dry_run:
            shutil.rmtree(target)
        self.copy_tree("include", str(target))
        self.copy_file(PTH_FILE, str(Path(self.build_lib) / Path(PTH_FILE).name))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        target = self._include_target()
        for name in _files("include/**/*"):
            outputs.append(str(target / Path(name).relative_to("include")))
        outputs.append(str(Path(self.build_lib) / Path(PTH_FILE).name))
        return outputs


def _loader_extension() -> list[Extension]:
    if IS_PYPY:
        return []  # BuildExt builds the PyPy bridge instead
    sources = [s for s in _files("loader/**/*.c") if not s.startswith(PYPY_LOADER_DIR)]
    if not sources:
        print("hpykit: loader/ has no C sources yet; hpykit.universal is not built")
        return []
    return [
        Extension(
            "hpykit.universal",
            sources=sources,
            include_dirs=["include", "loader"],
            define_macros=[("HPY_ABI_HYBRID", None), ("HPYKIT_LOADER", None), ("HPY", None)],
            # an undeclared C-API function must not compile into a bad call on some Python;
            # -fno-plt: every context function calls the C-API, and a call through the GOT
            # saves the PLT's extra jump on each
            extra_compile_args=(["-Wall", "-Wextra", "-Werror=implicit-function-declaration",
                                 "-fno-plt"]
                                if os.name == "posix" else []),
            depends=[h for h in _files("include/**/*.h") + _files("loader/**/*.h")
                     if not h.startswith(PYPY_LOADER_DIR)],
        )
    ]


class Distribution(setuptools.Distribution):
    """Always a platform build: on PyPy the bridge is a binary although no Extension is."""

    def has_ext_modules(self) -> bool:
        return True


setup(
    distclass=Distribution,
    ext_modules=_loader_extension(),
    cmdclass={"build_ext": BuildExt, "build_py": BuildPy},
)
