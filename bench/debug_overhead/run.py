"""Debug-mode and trace-mode overhead: one universal binary (bench/call_overhead/hpy.c)
loaded in universal, debug, trace and debug+trace mode (copies of the file, since a binary
is bound to one context), timed interleaved round by round in one process; and, when
examples/hpyjson is built, its loads/dumps in the same modes.

    python bench/debug_overhead/run.py [--rounds N]

Prints per-call times (median over rounds) and each mode's ratio to universal mode.
Targets: debug <= 2.0x, trace <= 1.5x."""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Dict, List, Optional

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
sys.path.insert(0, str(BENCH))
from benchsupport import Measure, build_hpy, interleave, per_call  # noqa: E402

import hpykit.universal  # noqa: E402
from hpykit.build.flags import hpy_build_flags  # noqa: E402

MODES = {
    "universal": hpykit.universal.MODE_UNIVERSAL,
    "debug": hpykit.universal.MODE_DEBUG,
    "trace": hpykit.universal.MODE_TRACE,
    "debug+trace": hpykit.universal.MODE_DEBUG | hpykit.universal.MODE_TRACE,
}
TARGETS = {"debug": 2.0, "trace": 1.5}


def call_overhead_cases() -> tuple[Dict[str, Measure], Dict[str, int]]:
    """The cases and call counts of bench/call_overhead/run.py."""
    spec = importlib.util.spec_from_file_location("call_overhead_run", BENCH / "call_overhead" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases: Dict[str, Measure] = module.cases()
    calls: Dict[str, int] = module.CALLS
    return cases, calls


def load_in_modes(binary: Path, name: str, out: Path) -> Dict[str, ModuleType]:
    """The binary loaded once per mode, each from its own copy of the file."""
    modules = {}
    for label, mode in MODES.items():
        folder = out / ("mode-" + label.replace("+", "_"))
        folder.mkdir(exist_ok=True)
        copy = folder / binary.name
        shutil.copy(binary, copy)
        spec = importlib.util.spec_from_file_location(name, str(copy))
        modules[label] = hpykit.universal.load(name, str(copy), spec, mode=mode)
    return modules


def json_cases(hpyjson: ModuleType) -> Optional[tuple[Dict[str, Measure], Dict[str, int]]]:
    """loads/dumps of a small document, if the module offers them."""
    if not (hasattr(hpyjson, "loads") and hasattr(hpyjson, "dumps")):
        return None
    doc = {"name": "hpykit", "values": list(range(50)), "nested": [{"a": 1.5, "b": None}] * 10,
           "text": "x" * 100, "flag": True}
    text = hpyjson.dumps(doc)

    def loads(m: ModuleType, n: int) -> float:
        f = m.loads

        def loop(n: int) -> None:
            for _ in range(n):
                f(text)
        return per_call(loop, n)

    def dumps(m: ModuleType, n: int) -> float:
        f = m.dumps

        def loop(n: int) -> None:
            for _ in range(n):
                f(doc)
        return per_call(loop, n)

    return {"json loads": loads, "json dumps": dumps}, {"json loads": 5_000, "json dumps": 5_000}


def find_hpyjson_binary() -> Optional[Path]:
    """A universal build of examples/hpyjson's extension, if one exists in its tree."""
    root = BENCH.parent / "examples" / "hpyjson"
    found = sorted(root.rglob("*.hpy0.so")) if root.is_dir() else []
    return found[0] if found else None


def print_ratios(title: str, medians: Dict[str, Dict[str, float]], rounds: int) -> None:
    others = [m for m in MODES if m != "universal"]
    print(f"{title}, median of {rounds} interleaved rounds (Python {sys.version.split()[0]})")
    print(f"{'case':<20}" + "".join(f"{m:>16}" for m in MODES) +
          "".join(f"{m + '/univ':>18}" for m in others))
    for case, per in medians.items():
        base = per["universal"]
        row = f"{case:<20}" + "".join(f"{per[m] * 1e9:>13.1f} ns" for m in MODES)
        row += "".join(f"{per[m] / base:>17.2f}x" for m in others)
        print(row)
    for mode, target in TARGETS.items():
        worst = max(per[mode] / per["universal"] for per in medians.values())
        print(f"  {mode}: worst ratio {worst:.2f}x (target <= {target}x)")


def run(title: str, cases: Dict[str, Measure], calls: Dict[str, int],
        modules: Dict[str, ModuleType], rounds: int) -> None:
    print_ratios(title, interleave(cases, calls, modules, rounds), rounds)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hpykit-bench-") as tmp:
        out = Path(tmp)
        build_hpy(BENCH / "call_overhead" / "hpy.c", "bench_hpy", "universal", out)
        binary = out / "universal" / ("bench_hpy" + hpy_build_flags("universal").ext_suffix)
        cases, calls = call_overhead_cases()
        run("call overhead", cases, calls, load_in_modes(binary, "bench_hpy", out), args.rounds)
        json_binary = find_hpyjson_binary()
        if json_binary is None:
            print("examples/hpyjson: no universal build (*.hpy0.so) found; JSON cases skipped")
            return 0
        name = json_binary.name.split(".", 1)[0]
        modules = load_in_modes(json_binary, name, out)
        found = json_cases(modules["universal"])
        if found is None:
            print(f"{json_binary}: no loads/dumps; JSON cases skipped")
            return 0
        run("hpyjson", found[0], found[1], modules, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
