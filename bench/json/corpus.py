"""The classic JSON corpus and JSONTestSuite's parsing cases, from the orjson 3.10.0 sdist.

That sdist ships twitter.json, citm_catalog.json, canada.json and github.json
xz-compressed under ``data/`` (newer sdists do not), and JSONTestSuite's cases under
``data/parsing``. They are downloaded once with pip into ``.cache/jsondata`` (never
committed) and checked by size:

    python bench/json/corpus.py          # download, extract, print what is there
"""

from __future__ import annotations

import contextlib
import fcntl
import lzma
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Dict, Iterator

REPO = Path(__file__).resolve().parent.parent.parent
CACHE = REPO / ".cache" / "jsondata"
SDIST = "orjson-3.10.0.tar.gz"
FILES: Dict[str, int] = {
    "twitter.json": 631_514,
    "citm_catalog.json": 1_727_204,
    "canada.json": 2_251_060,
    "github.json": 55_827,
}
PARSING_COUNTS = {"y": 95, "n": 188, "i": 35}


class CorpusUnavailable(Exception):
    """The sdist could not be downloaded (no network, no pip...)."""


def sdist(cache: Path = CACHE) -> Path:
    """The orjson 3.10.0 sdist, downloaded with pip on first use."""
    target = cache / SDIST
    if target.is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             "orjson", "orjson==3.10.0", "-d", tmp],
            capture_output=True, text=True, check=False)
        got = Path(tmp) / SDIST
        if result.returncode != 0 or not got.is_file():
            raise CorpusUnavailable(
                f"pip download orjson==3.10.0 failed (exit {result.returncode}): "
                f"{result.stderr.strip()[-500:]}")
        try:
            os.rename(got, target)
        except OSError:
            if not target.is_file():
                raise
    return target


@contextlib.contextmanager
def _locked(cache: Path) -> Iterator[None]:
    """One process at a time downloads and extracts (parallel test workers share cache)."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _extract(cache: Path) -> Path:
    """Extract ``data/`` of the sdist into ``cache/orjson-3.10.0/data`` (once)."""
    with _locked(cache):
        return _extract_unlocked(cache)


def _extract_unlocked(cache: Path) -> Path:
    root = cache / "orjson-3.10.0" / "data"
    if (root / "parsing").is_dir():
        return root
    with tempfile.TemporaryDirectory(dir=cache) as tmp, tarfile.open(sdist(cache)) as tar:
        members = [m for m in tar.getmembers()
                   if m.name.startswith("orjson-3.10.0/data/") and (m.isfile() or m.isdir())]
        tar.extractall(tmp, members=members)  # noqa: S202 - names checked above
        try:
            os.rename(Path(tmp) / "orjson-3.10.0", cache / "orjson-3.10.0")
        except OSError:
            if not (root / "parsing").is_dir():
                raise
    return root


def parsing_cases(cache: Path = CACHE) -> Dict[str, bytes]:
    """JSONTestSuite's y_/n_/i_ parsing cases: file name (without .xz) -> document."""
    folder = _extract(cache) / "parsing"
    cases: Dict[str, bytes] = {}
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".json.xz"):  # the three big ones are compressed
            cases[path.name[:-3]] = lzma.decompress(path.read_bytes())
        elif path.name.endswith(".json"):
            cases[path.name] = path.read_bytes()
    counts = {k: sum(1 for n in cases if n.startswith(k + "_")) for k in PARSING_COUNTS}
    if counts != PARSING_COUNTS:
        raise CorpusUnavailable(f"{folder}: expected {PARSING_COUNTS} cases, found {counts}")
    return cases


def corpus_file(name: str, cache: Path = CACHE) -> Path:
    """One of FILES, decompressed, its size checked."""
    target = cache / name
    if not target.is_file() or target.stat().st_size != FILES[name]:
        data = lzma.decompress((_extract(cache) / (name + ".xz")).read_bytes())
        if len(data) != FILES[name]:
            raise CorpusUnavailable(f"{name}: {len(data)} bytes, expected {FILES[name]}")
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def main() -> int:
    for name in FILES:
        path = corpus_file(name)
        print(f"{path}  {path.stat().st_size:>10,} bytes")
    print(f"{len(parsing_cases())} JSONTestSuite parsing cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
