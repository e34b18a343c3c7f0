"""Build time of a one-function extension: plain C-API against hpykit's CPython ABI (and,
for reference, the universal ABI), compiled and linked the same way, interleaved.

    python bench/build_time/run.py [--rounds N]"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from hpykit.build.flags import hpy_build_flags

HERE = Path(__file__).resolve().parent
CFLAGS = ["-O2", "-g", "-shared", "-fPIC"]


def commands(out: Path) -> Dict[str, List[str]]:
    include = sysconfig.get_paths()["include"]
    result = {"C-API": ["cc", *CFLAGS, f"-I{include}", str(HERE / "capi.c"),
                        "-o", str(out / "capi.so")]}
    for abi in ("cpython", "universal"):
        flags = hpy_build_flags(abi)
        result[f"hpykit {abi}"] = ["cc", *CFLAGS, *flags.compile_args(), str(HERE / "hpy.c"),
                                   *flags.link_inputs(), "-o", str(out / f"{abi}.so")]
    return result


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args(argv)
    times: Dict[str, List[float]] = {}
    with tempfile.TemporaryDirectory(prefix="hpykit-build-") as tmp:
        cmds = commands(Path(tmp))
        for round_no in range(args.rounds + 1):
            for name, argv_ in cmds.items():
                start = time.perf_counter()
                subprocess.run(argv_, check=True)
                if round_no > 0:  # the first round warms the file cache
                    times.setdefault(name, []).append(time.perf_counter() - start)
    base = statistics.median(times["C-API"])
    print(f"build time of a one-function module (cc {' '.join(CFLAGS)}), "
          f"median of {args.rounds} interleaved rounds")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:<18} {med * 1000:7.1f} ms   {med / base:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
