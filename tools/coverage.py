"""Which tests exercise each context member of spec/api.toml.

    python3 -m tools.coverage [--families a,b] [--missing-only]

A member counts as tested by a test file whose text names it: the API name, the context
member name for handles (`h_None`), or one of the spellings listed in its `via`. Exits
with status 1 when a member of the selected families has no test."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, List

from tools.gen.spec import REPO, Slot, load

TESTS = REPO / "tests"


def spellings(slot: Slot) -> List[str]:
    if slot.is_handle:
        return [slot.member]  # ctx->h_X in C, or the name in a parametrized list
    return [slot.api, *slot.via]


def coverage(slots: List[Slot]) -> Dict[int, List[str]]:
    texts = {p.relative_to(REPO).as_posix(): p.read_text() for p in sorted(TESTS.glob("test_*.py"))}
    result: Dict[int, List[str]] = {}
    for slot in slots:
        patterns = [re.compile(r"(?<!\w)" + re.escape(s) + r"\b") for s in spellings(slot)]
        result[slot.id] = [name for name, text in texts.items()
                           if any(p.search(text) for p in patterns)]
    return result


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tools.coverage", description=__doc__)
    parser.add_argument("--families", help="comma list of families (default: all)")
    parser.add_argument("--missing-only", action="store_true")
    args = parser.parse_args(argv)
    spec = load()
    slots = spec.slots
    if args.families:
        wanted = set(args.families.split(","))
        unknown = wanted - {s.family for s in slots}
        if unknown:
            parser.error(f"unknown families: {', '.join(sorted(unknown))}")
        slots = [s for s in slots if s.family in wanted]
    table = coverage(slots)
    missing = [s for s in slots if not table[s.id]]
    for slot in slots:
        if args.missing_only and table[slot.id]:
            continue
        tests = ", ".join(Path(t).name for t in table[slot.id]) or "MISSING"
        print(f"{slot.id:3d}  {slot.family:<11} {slot.api:<42} {tests}")
    print(f"\n{len(slots) - len(missing)} of {len(slots)} members have tests; "
          f"{len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
