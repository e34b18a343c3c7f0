"""The seed's JSON benchmark: hpyjson (CPython ABI, universal, universal in debug mode,
hybrid with the legacy C-API dumps) against ujson, json and orjson.

    python bench/json/deps.py               # ujson and orjson, into the venv that runs this
    python bench/json/run.py [--rounds 100] [--warmup 3] [--files events,twitter,...]

For each file and each implementation in turn, round after round (the implementations
interleaved, so that machine noise hits them alike, after a few warm-up rounds): the
GitHub-events file (bench/json/gen_events.py, one JSON object per line) is opened in
binary mode and every line given to ``loads``; the corpus files (bench/json/corpus.py)
are read whole and given to ``loads``. The second figure is ``dumps`` of every parsed
object. Prints milliseconds per iteration (median, mean, min) and the ratios the issue
asks for. Implementations that are not installed are left out, saying so.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import platform
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, List, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "examples" / "hpyjson"))

# found through sys.path above; mypy (run from the repository root) does not see them
import corpus  # type: ignore[import-not-found, unused-ignore]  # noqa: E402
import devbuild  # type: ignore[import-not-found, unused-ignore]  # noqa: E402
import gen_events  # type: ignore[import-not-found, unused-ignore]  # noqa: E402

BUILDS = REPO / ".cache" / "hpyjson-builds"
EVENTS: Path = REPO / ".cache" / "jsondata" / "github-events-2015-01-01-15.json"
IS_PYPY = sys.implementation.name == "pypy"
DEBUG_ROW = "hpyjson univ. debug"
FILES = ["events", "twitter.json", "citm_catalog.json", "canada.json", "github.json"]


def implementations(skipped: List[str]) -> Dict[str, Any]:
    """The rows of the table, in order; a row that cannot be built or imported here (say
    the CPython ABI on PyPy without a working cpyext build) is left out, saying why."""
    rows: List[Tuple[str, Callable[[], Any]]] = [
        ("ujson", lambda: importlib.import_module("ujson")),
        ("hpyjson cpython", lambda: devbuild.load_package(devbuild.build("cpython", BUILDS),
                                                          "cpython")),
        ("hpyjson universal", lambda: devbuild.load_package(
            devbuild.build("universal", BUILDS), "universal")),
        (DEBUG_ROW, lambda: devbuild.load_package(
            devbuild.build("universal", BUILDS, copy="debug"), "universal", debug=True)),
        ("hpyjson hybrid legacy", lambda: devbuild.load_package(
            devbuild.build("hybrid", BUILDS, legacy=True), "hybrid", legacy=True)),
        ("json", lambda: importlib.import_module("json")),
        ("orjson", lambda: importlib.import_module("orjson")),
    ]
    impls: Dict[str, Any] = {}
    for name, make in rows:
        if name in skipped:
            print(f"({name} left out: --skip)")
            continue
        try:
            impls[name] = make()
        except ModuleNotFoundError:
            print(f"({name} not installed: python bench/json/deps.py)")
        except (ImportError, OSError, TypeError, devbuild.BuildError) as e:
            print(f"({name} left out: {first_error_line(e)})")
    return impls


def first_error_line(e: Exception) -> str:
    lines = str(e).splitlines() or [type(e).__name__]
    return next((line.strip() for line in lines if "error:" in line), lines[0])


def events_file() -> Path:
    if not EVENTS.is_file():
        EVENTS.parent.mkdir(parents=True, exist_ok=True)
        tmp = EVENTS.with_suffix(".tmp")
        tmp.write_bytes(gen_events.generate())
        tmp.replace(EVENTS)
    return EVENTS


Work = Tuple[Callable[[ModuleType], None], Callable[[ModuleType], None]]


def workload(name: str) -> Tuple[str, Work]:
    """(description, (loads one iteration, dumps one iteration)) for a file."""
    if name == "events":
        path = events_file()
        objects = [corpus_json().loads(line) for line in path.read_bytes().splitlines()]

        def loads_lines(m: ModuleType) -> None:
            f = m.loads
            with path.open("rb") as fp:
                for line in fp:
                    f(line)

        def dumps_lines(m: ModuleType) -> None:
            f = m.dumps
            for obj in objects:
                f(obj)

        size = path.stat().st_size
        return (f"GitHub events (generated, {size / 1e6:.1f} MB, {len(objects)} lines)",
                (loads_lines, dumps_lines))
    whole: Path = corpus.corpus_file(name)
    data = whole.read_bytes()
    obj = corpus_json().loads(data)

    def loads_whole(m: ModuleType) -> None:
        m.loads(data)

    def dumps_whole(m: ModuleType) -> None:
        m.dumps(obj)

    return f"{name} ({len(data):,} bytes)", (loads_whole, dumps_whole)


def corpus_json() -> ModuleType:
    return importlib.import_module("json")


def measure(impls: Dict[str, Any], work: Work, rounds: int, warmup: int
            ) -> Dict[str, Tuple[List[float], List[float]]]:
    times: Dict[str, Tuple[List[float], List[float]]] = {n: ([], []) for n in impls}
    for round_no in range(warmup + rounds):
        for name, module in impls.items():
            for which, run in enumerate(work):
                # each run starts from a collected heap, so that one module's garbage is
                # not collected on the next one's time (on PyPy, cpyext's objects above all)
                gc.collect()
                start = time.perf_counter()
                run(module)
                elapsed = (time.perf_counter() - start) * 1e3
                if round_no >= warmup:
                    times[name][which].append(elapsed)
    return times


def report(title: str, times: Dict[str, Tuple[List[float], List[float]]], rounds: int,
           warmup: int) -> None:
    print(f"\n{title}: {platform.python_implementation()} {platform.python_version()}, "
          f"ms per iteration, {rounds} interleaved rounds after {warmup} warm-up")
    print(f"{'':<24}{'loads median':>13}{'mean':>9}{'min':>9}   "
          f"{'dumps median':>13}{'mean':>9}{'min':>9}")
    med: Dict[str, Tuple[float, float]] = {}
    for name, (loads, dumps) in times.items():
        med[name] = (statistics.median(loads), statistics.median(dumps))
        print(f"{name:<24}{med[name][0]:>13.2f}{statistics.mean(loads):>9.2f}{min(loads):>9.2f}   "
              f"{med[name][1]:>13.2f}{statistics.mean(dumps):>9.2f}{min(dumps):>9.2f}")
    ratios = [("hpyjson cpython", "ujson"), ("hpyjson universal", "ujson"),
              ("hpyjson universal", "hpyjson cpython"),
              ("hpyjson univ. debug", "hpyjson universal"), ("hpyjson hybrid legacy", "ujson"),
              ("json", "hpyjson cpython"), ("json", "hpyjson universal"),
              ("orjson", "hpyjson cpython")]
    parts = []
    for a, b in ratios:
        if a in med and b in med:
            parts.append(f"{a} / {b}: loads {med[a][0] / med[b][0]:.2f}x, "
                         f"dumps {med[a][1] / med[b][1]:.2f}x")
    print("ratios of medians:\n  " + "\n  ".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--files", default=",".join(FILES),
                        help=f"comma list of {', '.join(FILES)}")
    parser.add_argument("--skip", default=DEBUG_ROW if IS_PYPY else "",
                        help="comma list of rows to leave out (default on PyPy: the debug row, "
                        "whose PyPy debug context costs 100-400x)")
    args = parser.parse_args()
    skipped = [row for row in args.skip.split(",") if row]
    impls = implementations(skipped)
    for name in args.files.split(","):
        try:
            title, work = workload(name)
        except corpus.CorpusUnavailable as e:
            print(f"\n{name}: skipped ({e})")
            continue
        report(title, measure(impls, work, args.rounds, args.warmup), args.rounds, args.warmup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
