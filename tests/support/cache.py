"""A content-addressed directory cache that is safe for concurrent builders.

Each entry is a directory named by a key. It is built in a private temporary
directory next to its final place and then renamed into place in one step, so
parallel xdist workers and other Pythons never see half an entry; when two
build the same key, the first rename wins and the other copy is dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent.parent
ENV_VAR = "HPYKIT_TEST_CACHE"


def cache_root() -> Path:
    """``$HPYKIT_TEST_CACHE``, else ``.cache/test-builds`` in the repository."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else REPO / ".cache" / "test-builds"


def make_key(parts: dict[str, object]) -> str:
    """A stable hex digest of a JSON-serialisable description."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def tree_digest(root: Path) -> str:
    """Digest of every file under ``root`` (relative names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached_dir(root: Path, key: str, build: Callable[[Path], None]) -> Path:
    """The entry ``key`` under ``root``, calling ``build(tmpdir)`` to fill it if absent."""
    final = root / key[:2] / key
    if final.is_dir():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=final.parent))
    try:
        build(tmp)
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final
