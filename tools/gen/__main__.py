"""Regenerate every generated file from spec/api.toml (`--check`: fail if any is stale)."""

from __future__ import annotations

import argparse
import sys
from typing import List

from . import (
    emit_cpython,
    emit_debug,
    emit_docs,
    emit_loader,
    emit_pypy,
    emit_signatures,
    emit_trace,
    emit_universal,
)
from .output import Generated, stale, write_all
from .spec import load


def generate() -> List[Generated]:
    spec = load()
    files: List[Generated] = []
    for emitter in (emit_signatures, emit_universal, emit_cpython, emit_loader, emit_debug, emit_trace,
                    emit_pypy, emit_docs):
        files.extend(emitter.emit(spec))
    return files


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tools.gen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        bad = stale(files)
        for path in bad:
            print(f"stale generated file: {path} (run `python3 -m tools.gen`)")
        return 1 if bad else 0
    for path in write_all(files):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
