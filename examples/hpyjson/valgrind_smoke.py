"""Valgrind smoke run of hpyjson: no invalid read or write while decoding and encoding.

    python examples/hpyjson/valgrind_smoke.py        # needs valgrind; about a minute

Builds the CPython-ABI and universal modules (cached), then reruns itself under
``valgrind --error-exitcode=99`` with ``PYTHONMALLOC=malloc`` to decode JSONTestSuite's
cases (when the corpus is available), mutated and random documents, and to encode what
it decoded. Not part of the test suite: it is slow. Exit status 0 means no error.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "bench" / "json"))

import devbuild  # noqa: E402

CACHE = REPO / ".cache" / "hpyjson-builds"
SEEDS = [b'{"a": [1, 2.5e3, "x\\u00e9\xc3\xa9", true, null], "b": {"c": -0}}',
         b'[[[]], {}, "\\ud83d\\ude00", 123456789012345678901234567890, NaN, 1e400]']


def documents() -> list[bytes]:
    docs: list[bytes] = []
    try:
        import corpus

        docs += corpus.parsing_cases().values()
    except Exception as e:  # noqa: BLE001 - the corpus is optional here
        print(f"(no JSONTestSuite cases: {e})")
    rnd = random.Random(3)
    for _ in range(300):
        data = bytearray(rnd.choice(SEEDS))
        for _ in range(rnd.randint(1, 3)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        docs.append(bytes(data))
        docs.append(bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 30))))
    return docs


def workload() -> None:
    for abi in ("cpython", "universal"):
        module = devbuild.load_package(devbuild.build(abi, CACHE), abi)
        ok = 0
        for data in documents():
            for doc in (data, data.decode("utf-8", "surrogateescape")):
                try:
                    value = module.loads(doc)
                except (ValueError, RecursionError):
                    continue
                ok += 1
                module.dumps(value)
                module.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)
        print(f"{abi}: {ok} documents decoded and encoded")


def bad_reports(log: str) -> list[str]:
    """Valgrind reports that count: invalid accesses and frees anywhere, and any report
    whose stack is in hpyjson or hpykit (the interpreter itself, as built by pyenv without
    valgrind support, reports a few uninitialised values at start-up and exit)."""
    lines = [re.sub(r"^==\d+== ?", "", line) for line in log.splitlines()]
    found = []
    for chunk in "\n".join(lines).split("\n\n"):
        head = chunk.strip().split("\n", 1)[0]
        stack = [line for line in chunk.splitlines() if re.match(r"\s+(at|by) 0x", line)]
        in_ours = any("hpyjson" in line or "hpykit" in line for line in stack)
        if head.startswith(("Invalid read", "Invalid write", "Invalid free")) or (
                stack and in_ours):
            found.append(chunk)
    return found


def main() -> int:
    if "--inner" in sys.argv:
        workload()
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("valgrind not found")
        return 2
    for abi in ("cpython", "universal"):
        devbuild.build(abi, CACHE)  # outside valgrind
    env = dict(os.environ, PYTHONMALLOC="malloc")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "valgrind.log"
        argv = [valgrind, "--errors-for-leak-kinds=none", f"--log-file={log}",
                sys.executable, __file__, "--inner"]
        code = subprocess.run(argv, env=env, check=False).returncode
        found = bad_reports(log.read_text(errors="replace"))
    for report in found:
        print(report)
    if code != 0 or found:
        print(f"valgrind: exit code {code}, {len(found)} reports in hpyjson/hpykit or invalid")
        return 1
    print("valgrind: no invalid access, no report in hpyjson or hpykit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
