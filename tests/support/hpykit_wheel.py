"""A wheel of the hpykit in this repository, built once and cached.

Isolated PEP 517 builds of sample projects get hpykit from it through
``pip --find-links``. The wheel is built from a copy of the files an sdist
would hold, so a file missing from that set shows up here, and the
repository's own build directories are never touched.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from support.cache import REPO, cache_root, cached_dir

SOURCE_FILES = ("setup.py", "pyproject.toml", "MANIFEST.in", "README.md", "python/hpykit.pth")
SOURCE_DIRS = ("python/hpykit", "include", "loader", "runtime")


# build outputs that may sit in the source tree (see .gitignore)
_OUTPUT_DIRS = ("python/hpykit/include", "python/hpykit/lib")
_OUTPUT_SUFFIXES = (".so", ".a", ".o", ".pyc", ".sha256")


def _is_source(path: Path) -> bool:
    relative = path.relative_to(REPO).as_posix()
    if any(relative.startswith(d + "/") for d in _OUTPUT_DIRS):
        return False
    if "__pycache__" in path.parts or any(part.endswith(".egg-info") for part in path.parts):
        return False
    return path.is_file() and path.suffix not in _OUTPUT_SUFFIXES


def _source_paths() -> list[Path]:
    files = [REPO / name for name in SOURCE_FILES]
    for directory in SOURCE_DIRS:
        files += [p for p in (REPO / directory).rglob("*") if _is_source(p)]
    return sorted(files)


_DESCRIBE = "import sys, sysconfig; print(sys.version); print(sysconfig.get_platform())"


def _key(files: list[Path], python: str) -> str:
    if python == sys.executable:
        identity = f"{sys.version}\n{sysconfig.get_platform()}\n"
    else:
        identity = subprocess.run([python, "-c", _DESCRIBE], capture_output=True, text=True,
                                  check=True).stdout
    digest = hashlib.sha256(identity.encode())
    for path in files:
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _has_build_tools(python: str) -> bool:
    if python == sys.executable:
        return bool(importlib.util.find_spec("setuptools") and importlib.util.find_spec("wheel"))
    check = "import setuptools, wheel"
    return subprocess.run([python, "-c", check], capture_output=True, check=False).returncode == 0


def hpykit_wheel_dir(python: str | None = None) -> Path:
    """A directory holding exactly one hpykit wheel for ``python`` (default: this interpreter)."""
    interpreter = sys.executable if python is None else python
    files = _source_paths()

    def build(directory: Path) -> None:
        source = directory / "src"
        for path in files:
            target = source / path.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        isolation = ["--no-build-isolation"] if _has_build_tools(interpreter) else []
        result = subprocess.run(
            [interpreter, "-m", "pip", "wheel", "--no-deps", *isolation,
             "-w", str(directory / "wheel"), str(source)],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"building the hpykit wheel failed:\n{result.stdout}{result.stderr}")
        shutil.rmtree(source)

    return cached_dir(cache_root() / "hpykit-wheels", _key(files, interpreter), build) / "wheel"
