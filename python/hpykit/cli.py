"""The ``hpykit`` command (also ``python -m hpykit``).

Flags for other build systems, in the shell syntax of a gcc-style compiler::

    hpykit --includes                 -I of hpykit's headers
    hpykit --cflags [--abi ABI]       every compile flag of an HPy extension
    hpykit --ldflags [--abi ABI]      what to link (the runtime-helper library)
    hpykit --ext-suffix [--abi ABI]   the binary's file-name suffix (.hpy0.so)
    hpykit --cmake-dir                the directory of hpykitConfig.cmake

``--abi`` is cpython, universal (default) or hybrid. Sub-commands::

    hpykit info                       versions, ABI, the Pythons on this machine
    hpykit check FILE                 is FILE a valid universal binary (exit 1 if not)
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Sequence

import hpykit
from hpykit import paths
from hpykit.abitag import HPY_ABI_TAG, HPY_ABI_VERSION, HPY_ABIS
from hpykit.build.flags import hpy_build_flags

HPY_API_VERSION = "0.9.0"


def cmake_dir() -> Path:
    """Where ``hpykitConfig.cmake`` is (``find_package(hpykit)`` looks there)."""
    return Path(__file__).resolve().parent / "cmake"


def _quote(args: Sequence[str]) -> str:
    return " ".join(shlex.quote(a) for a in args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hpykit", description="hpykit: build and check HPy extensions.")
    parser.add_argument("--version", action="version", version=f"hpykit {hpykit.__version__}")
    flags = parser.add_argument_group("flags for other build systems")
    flags.add_argument("--includes", action="store_true", help="-I option of hpykit's headers")
    flags.add_argument("--cflags", action="store_true", help="compile flags of an HPy extension")
    flags.add_argument("--ldflags", action="store_true", help="what to link (helper library)")
    flags.add_argument("--ext-suffix", action="store_true", help="file-name suffix of the binary")
    flags.add_argument("--cmake-dir", action="store_true", help="directory of hpykitConfig.cmake")
    flags.add_argument("--abi", choices=HPY_ABIS, default="universal",
                       help="ABI for --cflags, --ldflags and --ext-suffix (default: universal)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("info", help="versions, ABI and the Pythons on this machine")
    check = commands.add_parser("check", help="is FILE a valid universal binary")
    check.add_argument("file", type=Path, metavar="FILE")
    return parser


def _loader_facts() -> tuple[str, str]:
    """(HPy API version, loader ABI minor) as the installed loader reports them."""
    from hpykit.check import loader_abi_minor

    try:
        import hpykit.universal
    except ImportError as e:
        return HPY_API_VERSION, f"unavailable ({e})"
    api = str(hpykit.universal.get_version()[0]) if hasattr(hpykit.universal, "get_version") \
        else HPY_API_VERSION
    return api, str(loader_abi_minor())


def info() -> str:
    from hpykit.interpreters import find_interpreters

    api, minor = _loader_facts()
    impl = sys.implementation.name
    lines = [
        f"hpykit {hpykit.__version__} at {Path(hpykit.__file__).resolve().parent}",
        f"HPy API version: {api}",
        f"ABI: {HPY_ABI_TAG} (universal binaries *{hpy_build_flags('universal').ext_suffix})",
        f"loader ABI version: {HPY_ABI_VERSION}.{minor}",
        f"running on: {impl} {sys.version.split()[0]} ({sys.executable})",
        "Pythons on this machine:",
    ]
    found = find_interpreters()
    lines += [f"  {i.label}: {i.executable}" for i in found] or ["  none found"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "info":
        print(info())
        return 0
    if args.command == "check":
        from hpykit.check import check_universal_binary

        result = check_universal_binary(args.file)
        if result.ok:
            print(f"{args.file}: ok, {result.message}")
            return 0
        print(f"{args.file}: not a universal binary: {result.message}")
        return 1
    out: list[str] = []
    flags = hpy_build_flags(args.abi)
    if args.includes:
        out.append(_quote([f"-I{paths.include_dir()}"]))
    if args.cflags:
        out.append(_quote(flags.compile_args()))
    if args.ldflags:
        if not flags.link_inputs():
            print(f"hpykit: the {args.abi} helper library is not built", file=sys.stderr)
            return 1
        out.append(_quote(flags.link_inputs()))
    if args.ext_suffix:
        out.append(flags.ext_suffix)
    if args.cmake_dir:
        out.append(str(cmake_dir()))
    if not out:
        _parser().print_help()
        return 2
    print(" ".join(out))
    return 0
