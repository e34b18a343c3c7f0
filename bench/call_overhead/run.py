"""Call-overhead micro-benchmark: plain C-API against hpykit's CPython ABI and universal
ABI, built from capi.c and hpy.c, interleaved round by round in one process.

    python bench/call_overhead/run.py [--rounds N]

Prints per-call times (median over rounds) and the ratio of each hpykit build to the
C-API. Needs hpykit installed (the loader and the build flags come from it)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchsupport import (  # noqa: E402
    BASELINE,
    CFLAGS,
    Measure,
    build_capi,
    build_hpy,
    interleave,
    per_call,
    print_table,
)

HERE = Path(__file__).resolve().parent
IS_PYPY = sys.implementation.name == "pypy"
PYPY_NATIVE = "PyPy HPy 0.0.4"


def build_pypy_native(out: Path) -> ModuleType:
    """pypy_native.c built against PyPy's own HPy 0.0.4 and loaded by PyPy's loader."""
    import _hpy_universal  # type: ignore[import-not-found]  # PyPy's
    import hpy.devel  # type: ignore[import-not-found]  # PyPy's own distribution

    target = out / "bench_pypy_native.hpy.so"
    subprocess.run(["cc", *CFLAGS, "-DHPY_UNIVERSAL_ABI", f"-I{hpy.devel.HPyDevel().include_dir}",
                    str(HERE / "pypy_native.c"), "-o", str(target)], check=True)
    module: ModuleType = _hpy_universal.load("bench_pypy_native", str(target), False)
    return module


def cases() -> Dict[str, Measure]:
    def noop(m: ModuleType, n: int) -> float:
        f = m.noop

        def loop(n: int) -> None:
            for _ in range(n):
                f()
        return per_call(loop, n)

    def onearg(m: ModuleType, n: int) -> float:
        f = m.onearg

        def loop(n: int) -> None:
            for _ in range(n):
                f(n)
        return per_call(loop, n)

    def varargs(m: ModuleType, n: int) -> float:
        f = m.varargs

        def loop(n: int) -> None:
            for _ in range(n):
                f(1, 2)
        return per_call(loop, n)

    def keywords(m: ModuleType, n: int) -> float:
        f = m.keywords

        def loop(n: int) -> None:
            for _ in range(n):
                f(1, b=2)
        return per_call(loop, n)

    def list100(m: ModuleType, n: int) -> float:
        f = m.list100

        def loop(n: int) -> None:
            for _ in range(n):
                f(1000)
        return per_call(loop, n)

    def pair(m: ModuleType, n: int) -> float:
        f, text, obj = m.pair, "text", Thing()

        def loop(n: int) -> None:
            for _ in range(n):
                f(text, obj)
        return per_call(loop, n)

    return {"noop": noop, "O": onearg, "VARARGS": varargs, "KEYWORDS": keywords,
            "list of 100 ints": list100, "tuple of a str and an object": pair}


CALLS = {"noop": 200_000, "O": 200_000, "VARARGS": 100_000, "KEYWORDS": 100_000,
         "list of 100 ints": 20_000, "tuple of a str and an object": 100_000}


class Thing:
    """An instance of a Python class, passed to and returned from C."""


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hpykit-bench-") as tmp:
        out = Path(tmp)
        modules = {
            BASELINE: build_capi(HERE / "capi.c", "bench_capi", out),
            "CPython ABI": build_hpy(HERE / "hpy.c", "bench_hpy", "cpython", out),
            "universal": build_hpy(HERE / "hpy.c", "bench_hpy", "universal", out),
        }
        if IS_PYPY:
            modules[PYPY_NATIVE] = build_pypy_native(out)
        medians = interleave(cases(), CALLS, modules, args.rounds)
    others = ["CPython ABI", "universal"] + [PYPY_NATIVE] * IS_PYPY
    print_table("call overhead", medians, args.rounds, others)
    if IS_PYPY:
        print(f"{PYPY_NATIVE}: the same functions written against PyPy's own HPy 0.0.4 "
              "(pypy_native.c; those needing HPyArg_Parse left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
