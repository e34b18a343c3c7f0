"""The ``[tool.hpykit]`` table of a project's pyproject.toml.

Projects that have no setup.py declare their HPy extensions and may pick the
ABI there::

    [tool.hpykit]
    hpy-abi = "universal"          # optional; --hpy-abi on the command line wins

    [[tool.hpykit.ext-modules]]
    name = "pkg.mod"
    sources = ["src/mod.c"]
    # optional lists of strings: include-dirs, define-macros ("NAME" or
    # "NAME=VALUE"), undef-macros, library-dirs, libraries,
    # runtime-library-dirs, extra-objects, extra-compile-args,
    # extra-link-args, export-symbols, depends; optional string: language
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

TABLE = "[tool.hpykit]"
TABLE_KEYS = ("hpy-abi", "ext-modules")

_LIST_KEYS = (
    "sources",
    "include-dirs",
    "define-macros",
    "undef-macros",
    "library-dirs",
    "libraries",
    "runtime-library-dirs",
    "extra-objects",
    "extra-compile-args",
    "extra-link-args",
    "export-symbols",
    "depends",
)
_STRING_KEYS = ("name", "language")


class PyprojectError(ValueError):
    """``[tool.hpykit]`` holds something hpykit does not understand."""


def read_hpykit_table(project_dir: Path) -> dict[str, Any]:
    """The ``[tool.hpykit]`` table of ``project_dir/pyproject.toml`` ({} if absent)."""
    path = project_dir / "pyproject.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        data = tomllib.load(f)
    tool = data.get("tool", {})
    table = tool.get("hpykit", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise PyprojectError(f"{TABLE} in pyproject.toml must be a table")
    for key in table:
        if key not in TABLE_KEYS:
            raise PyprojectError(
                f"{TABLE} in pyproject.toml: unknown key {key!r} "
                f"(expected one of {', '.join(TABLE_KEYS)})"
            )
    return table


def _macro(text: str) -> tuple[str, str | None]:
    name, sep, value = text.partition("=")
    return (name, value) if sep else (name, None)


def extension_arguments(entries: object) -> list[dict[str, Any]]:
    """Keyword arguments of ``Extension(**kwargs)`` for each ``ext-modules`` entry."""
    if not isinstance(entries, list):
        raise PyprojectError(f"{TABLE} ext-modules must be an array of tables")
    result: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        where = f"{TABLE} ext-modules[{index}]"
        if not isinstance(entry, dict):
            raise PyprojectError(f"{where} must be a table")
        kwargs: dict[str, Any] = {}
        for key, value in entry.items():
            if key in _STRING_KEYS:
                if not isinstance(value, str):
                    raise PyprojectError(f"{where}: {key} must be a string")
            elif key in _LIST_KEYS:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise PyprojectError(f"{where}: {key} must be an array of strings")
                if key == "define-macros":
                    value = [_macro(v) for v in value]
            else:
                raise PyprojectError(f"{where}: unknown key {key!r}")
            kwargs[key.replace("-", "_")] = value
        for required in ("name", "sources"):
            if required not in entry:
                raise PyprojectError(f"{where}: missing key {required!r}")
        result.append(kwargs)
    return result
