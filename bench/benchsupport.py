"""What the side-by-side benchmarks share: building the same functions with the C-API and
with hpykit in several ABIs, loading them, timing them interleaved round by round in one
process, and printing medians with ratios to the C-API."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import platform
import statistics
import subprocess
import sysconfig
import time
from pathlib import Path
from types import ModuleType
from typing import Callable, Dict, List, Sequence

import hpykit.universal
from hpykit.build.flags import hpy_build_flags

CFLAGS = ["-O2", "-shared", "-fPIC", "-DNDEBUG"]
BASELINE = "C-API"
Measure = Callable[[ModuleType, int], float]


def build_capi(source: Path, name: str, out: Path) -> ModuleType:
    target = out / (name + sysconfig.get_config_var("EXT_SUFFIX"))
    include = sysconfig.get_paths()["include"]
    subprocess.run(["cc", *CFLAGS, f"-I{include}", str(source), "-o", str(target)], check=True)
    return load_extension(target, name)


def build_hpy(source: Path, name: str, abi: str, out: Path) -> ModuleType:
    """Build source in the given hpykit ABI and load it (universal through the loader)."""
    flags = hpy_build_flags(abi)
    folder = out / abi
    folder.mkdir(exist_ok=True)
    target = folder / (name + flags.ext_suffix)
    subprocess.run(["cc", *CFLAGS, *flags.compile_args(), str(source), *flags.link_inputs(),
                    "-o", str(target)], check=True)
    if abi == "cpython":
        return load_extension(target, name)
    spec = importlib.util.spec_from_file_location(name, str(target))
    module: ModuleType = hpykit.universal.load(name, str(target), spec)
    return module


def load_extension(path: Path, name: str) -> ModuleType:
    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
    spec = importlib.util.spec_from_file_location(name, str(path), loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def per_call(loop: Callable[[int], None], n: int) -> float:
    """Seconds per iteration of loop(n)."""
    start = time.perf_counter()
    loop(n)
    return (time.perf_counter() - start) / n


def interleave(cases: Dict[str, Measure], calls: Dict[str, int], modules: Dict[str, ModuleType],
               rounds: int, warmup: int = 2) -> Dict[str, Dict[str, float]]:
    """Median seconds per call of every case for every module, measured round by round so
    that machine noise hits all implementations alike."""
    samples: Dict[str, Dict[str, List[float]]] = {c: {m: [] for m in modules} for c in cases}
    for round_no in range(warmup + rounds):
        for case, measure in cases.items():
            for name, module in modules.items():
                try:
                    t = measure(module, calls[case] // 10 if round_no < warmup else calls[case])
                except AttributeError:
                    continue  # a module without this case's function (a partial reference)
                if round_no >= warmup:
                    samples[case][name].append(t)
    return {c: {m: statistics.median(ts) for m, ts in per.items() if ts}
            for c, per in samples.items()}


def print_table(title: str, medians: Dict[str, Dict[str, float]], rounds: int,
                others: Sequence[str]) -> None:
    print(f"{title} on {platform.python_implementation()} {platform.python_version()}, "
          f"median of {rounds} interleaved rounds")
    columns = [BASELINE, *others]
    width = max(20, *(len(case) + 2 for case in medians))
    header = f"{'case':<{width}}" + "".join(f"{m:>22}" for m in columns)
    header += "".join(f"{m + '/C-API':>30}" for m in others)
    print(header)
    for case, per in medians.items():
        base = per[BASELINE]
        row = f"{case:<{width}}"
        row += "".join(f"{per[m] * 1e9:>19.1f} ns" if m in per else f"{'-':>22}" for m in columns)
        row += "".join(f"{per[m] / base:>29.3f}x" if m in per else f"{'-':>30}" for m in others)
        print(row)
