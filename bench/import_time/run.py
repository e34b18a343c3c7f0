"""Import-time benchmark: ``import mod`` of a plain C extension against a universal HPy
module, each in a fresh interpreter, interleaved round by round.

    python bench/import_time/run.py [--rounds N]

Cases, built from capi.c and hpy.c (the same two functions):

* ``C-API``: ``imp_capi.cpython-XY-....so``, found by CPython's own path finder;
* ``finder``: ``imp_hpy.hpy0.so`` alone, found by hpykit's meta-path finder
  (``hpykit.pth``, the chosen design);
* ``stub``: the same binary with a small ``imp_hpy.py`` next to it that loads it
  through ``hpykit.universal.load`` (the alternative: a stdlib-only stub);
* ``finder, loader warm``: the finder with ``hpykit.universal`` imported before the
  clock starts, i.e. the cost of a second universal module in a process.

Each sample is the ``perf_counter`` time around the ``import`` statement in a new
process (so it includes importing ``hpykit.universal`` where needed); medians over
the rounds, with differences and ratios to the C-API. Also prints what the
``hpykit.pth`` line costs at start-up (``-X importtime`` of ``hpykit.importer``).
Needs hpykit installed with its ``.pth`` (``pip install .``).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

from hpykit.build.flags import hpy_build_flags

HERE = Path(__file__).resolve().parent
CFLAGS = ["-O2", "-shared", "-fPIC", "-DNDEBUG"]
BASELINE = "C-API"

# the alternative measured against the finder: a stub in the standard library only
STUB = """\
def _load():
    import os
    import sys

    import hpykit.universal

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "imp_hpy.hpy0.so")
    sys.modules[__name__] = hpykit.universal.load(__name__, path, __spec__)


_load()
"""

TIMED = (
    "import time; {warm}t0 = time.perf_counter(); import {name}; "
    "t1 = time.perf_counter(); assert {name}.add(1, 2) == 3; print(t1 - t0)"
)


def compile_capi(out: Path) -> None:
    target = out / ("imp_capi" + sysconfig.get_config_var("EXT_SUFFIX"))
    include = sysconfig.get_paths()["include"]
    subprocess.run(["cc", *CFLAGS, f"-I{include}", str(HERE / "capi.c"), "-o", str(target)],
                   check=True)


def compile_universal(out: Path) -> None:
    flags = hpy_build_flags("universal")
    target = out / ("imp_hpy" + flags.ext_suffix)
    subprocess.run(["cc", *CFLAGS, *flags.compile_args(), str(HERE / "hpy.c"),
                    *flags.link_inputs(), "-o", str(target)], check=True)


def prepare(root: Path) -> Dict[str, Tuple[Path, str, str]]:
    """case -> (directory to run in, module name, code run before the clock starts)"""
    dirs = {name: root / name for name in ("capi", "finder", "stub")}
    for d in dirs.values():
        d.mkdir()
    compile_capi(dirs["capi"])
    compile_universal(dirs["finder"])
    compile_universal(dirs["stub"])
    (dirs["stub"] / "imp_hpy.py").write_text(STUB)
    return {
        BASELINE: (dirs["capi"], "imp_capi", ""),
        "finder": (dirs["finder"], "imp_hpy", ""),
        "stub": (dirs["stub"], "imp_hpy", ""),
        "finder, loader warm": (dirs["finder"], "imp_hpy", "import hpykit.universal; "),
    }


def sample(directory: Path, name: str, warm: str) -> float:
    code = TIMED.format(name=name, warm=warm)
    result = subprocess.run([sys.executable, "-c", code], cwd=directory, capture_output=True,
                            text=True, check=True)
    return float(result.stdout)


def pth_startup_cost() -> float:
    """Seconds that importing hpykit.importer (the .pth line) adds to start-up."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"],
                            capture_output=True, text=True, check=True)
    total = 0
    for line in result.stderr.splitlines():
        fields = [f.strip() for f in line.split("|")]
        # the cumulative time of the top-level import the .pth line makes
        if len(fields) == 3 and fields[2] in ("hpykit", "hpykit.importer"):
            total += int(fields[1])
    if total == 0:
        raise SystemExit("hpykit.pth did not run: install hpykit with pip install .")
    return total * 1e-6


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hpykit-bench-import-") as tmp:
        cases = prepare(Path(tmp))
        samples: Dict[str, List[float]] = {case: [] for case in cases}
        for round_no in range(args.rounds + 2):  # two warm-up rounds (page cache, .pyc)
            for case, (directory, name, warm) in cases.items():
                t = sample(directory, name, warm)
                if round_no >= 2:
                    samples[case].append(t)
        pth = statistics.median(pth_startup_cost() for _ in range(5))
    medians = {case: statistics.median(ts) for case, ts in samples.items()}
    base = medians[BASELINE]
    print(f"import time on {platform.python_implementation()} {platform.python_version()}, "
          f"median of {args.rounds} interleaved rounds, a fresh process per sample")
    print(f"{'case':<22}{'import':>12}{'- C-API':>12}{'/ C-API':>10}")
    for case, t in medians.items():
        print(f"{case:<22}{t * 1e3:>9.3f} ms{(t - base) * 1e3:>9.3f} ms{t / base:>9.2f}x")
    print(f"hpykit.pth at start-up (import of hpykit.importer): {pth * 1e3:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
