"""Type benchmark: allocate an instance of a small type and call a method on it, with the
type written in the C-API (capi.c) and with hpykit (hpy.c) in the CPython and universal
ABIs, interleaved round by round in one process.

    python bench/type_overhead/run.py [--rounds N]"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchsupport import (  # noqa: E402
    BASELINE,
    Measure,
    build_capi,
    build_hpy,
    interleave,
    per_call,
    print_table,
)

HERE = Path(__file__).resolve().parent


def cases() -> Dict[str, Measure]:
    def alloc_and_call(m: ModuleType, n: int) -> float:
        point = m.Point

        def loop(n: int) -> None:
            for _ in range(n):
                point(3.0, 4.0).norm2()
        return per_call(loop, n)

    def call_only(m: ModuleType, n: int) -> float:
        p = m.Point(3.0, 4.0)

        def loop(n: int) -> None:
            for _ in range(n):
                p.norm2()
        return per_call(loop, n)

    return {"new + method": alloc_and_call, "method only": call_only}


CALLS = {"new + method": 100_000, "method only": 200_000}


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hpykit-bench-") as tmp:
        out = Path(tmp)
        modules = {
            BASELINE: build_capi(HERE / "capi.c", "bench_type_capi", out),
            "CPython ABI": build_hpy(HERE / "hpy.c", "bench_type_hpy", "cpython", out),
            "universal": build_hpy(HERE / "hpy.c", "bench_type_hpy", "universal", out),
        }
        medians = interleave(cases(), CALLS, modules, args.rounds)
    print_table("type overhead", medians, args.rounds, ["CPython ABI", "universal"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
