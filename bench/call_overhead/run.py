"""Call-overhead micro-benchmark: plain C-API against hpykit's CPython ABI and universal
ABI, built from capi.c and hpy.c, interleaved round by round in one process.

    python bench/call_overhead/run.py [--rounds N]

Prints per-call times (median over rounds) and the ratio of each hpykit build to the
C-API. Needs hpykit installed (the loader and the build flags come from it)."""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import platform
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Callable, Dict, List

import hpykit.universal
from hpykit.build.flags import hpy_build_flags

HERE = Path(__file__).resolve().parent
CFLAGS = ["-O2", "-shared", "-fPIC", "-DNDEBUG"]


def build_capi(out: Path) -> Path:
    target = out / ("bench_capi" + sysconfig.get_config_var("EXT_SUFFIX"))
    include = sysconfig.get_paths()["include"]
    subprocess.run(["cc", *CFLAGS, f"-I{include}", str(HERE / "capi.c"), "-o", str(target)],
                   check=True)
    return target


def build_hpy(out: Path, abi: str) -> Path:
    flags = hpy_build_flags(abi)
    target = out / abi / ("bench_hpy" + flags.ext_suffix)
    target.parent.mkdir()
    subprocess.run(["cc", *CFLAGS, *flags.compile_args(), str(HERE / "hpy.c"),
                    *flags.link_inputs(), "-o", str(target)], check=True)
    return target


def load_extension(path: Path, name: str) -> ModuleType:
    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
    spec = importlib.util.spec_from_file_location(name, str(path), loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def load_universal(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, str(path))
    module: ModuleType = hpykit.universal.load(name, str(path), spec)
    return module


# Each case: a name, how many calls per timing, and a function making the loop for a module.
def cases() -> Dict[str, Callable[[ModuleType, int], float]]:
    def timed(loop: Callable[[int], None], n: int) -> float:
        start = time.perf_counter()
        loop(n)
        return (time.perf_counter() - start) / n

    def noop(m: ModuleType, n: int) -> float:
        f = m.noop

        def loop(n: int) -> None:
            for _ in range(n):
                f()
        return timed(loop, n)

    def onearg(m: ModuleType, n: int) -> float:
        f = m.onearg

        def loop(n: int) -> None:
            for _ in range(n):
                f(n)
        return timed(loop, n)

    def varargs(m: ModuleType, n: int) -> float:
        f = m.varargs

        def loop(n: int) -> None:
            for _ in range(n):
                f(1, 2)
        return timed(loop, n)

    def keywords(m: ModuleType, n: int) -> float:
        f = m.keywords

        def loop(n: int) -> None:
            for _ in range(n):
                f(1, b=2)
        return timed(loop, n)

    def list100(m: ModuleType, n: int) -> float:
        f = m.list100

        def loop(n: int) -> None:
            for _ in range(n):
                f(1000)
        return timed(loop, n)

    return {"noop": noop, "O": onearg, "VARARGS": varargs, "KEYWORDS": keywords,
            "list of 100 ints": list100}


CALLS = {"noop": 200_000, "O": 200_000, "VARARGS": 100_000, "KEYWORDS": 100_000,
         "list of 100 ints": 20_000}


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hpykit-bench-") as tmp:
        out = Path(tmp)
        modules = {
            "C-API": load_extension(build_capi(out), "bench_capi"),
            "hpykit CPython ABI": load_extension(build_hpy(out, "cpython"), "bench_hpy"),
            "hpykit universal": load_universal(build_hpy(out, "universal"), "bench_hpy"),
        }
        results: Dict[str, Dict[str, List[float]]] = {c: {m: [] for m in modules} for c in cases()}
        for round_no in range(args.rounds + 2):
            for case, measure in cases().items():
                for name, module in modules.items():
                    t = measure(module, CALLS[case] // 10 if round_no < 2 else CALLS[case])
                    if round_no >= 2:  # the first two rounds warm up
                        results[case][name].append(t)
    print(f"call overhead on {platform.python_implementation()} {platform.python_version()}, "
          f"median of {args.rounds} interleaved rounds")
    header = f"{'case':<18}" + "".join(f"{m:>22}" for m in modules)
    header += f"{'CPython ABI/C-API':>20}{'universal/C-API':>18}"
    print(header)
    for case, per_module in results.items():
        med = {m: statistics.median(ts) for m, ts in per_module.items()}
        base = med["C-API"]
        row = f"{case:<18}" + "".join(f"{med[m] * 1e9:>19.1f} ns" for m in modules)
        row += f"{med['hpykit CPython ABI'] / base:>19.3f}x{med['hpykit universal'] / base:>17.3f}x"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
