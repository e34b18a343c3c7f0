"""ABI version numbers and the file-name suffixes of HPy extensions.

A universal binary is named ``<name>.hpy0.<ext>``, a hybrid one
``<name>.hpy0-<abi tag>.<ext>`` and a CPython-ABI one uses the interpreter's own
``EXT_SUFFIX``. ``<ext>`` and ``<abi tag>`` are taken from ``EXT_SUFFIX``.
"""

from __future__ import annotations

import sysconfig

HPY_ABI_VERSION = 0
HPY_ABI_VERSION_MINOR = 0
HPY_ABI_TAG = f"hpy{HPY_ABI_VERSION}"

HPY_ABIS = ("cpython", "universal", "hybrid")

# Leading text of the middle part of EXT_SUFFIX -> how many dash-separated
# fields form the interpreter's ABI tag. Checked in this order ("cpython"
# before "cp"); anything not listed keeps every field.
_TAG_FIELDS = (("cpython", 2), ("pypy", 2), ("graalpy", 3), ("cp", 1))


def _interpreter_ext_suffix() -> str:
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if not isinstance(suffix, str):
        raise RuntimeError("this interpreter does not define EXT_SUFFIX")
    return suffix


def parse_ext_suffix(ext_suffix: str | None = None) -> tuple[str, str]:
    """Split an ``EXT_SUFFIX`` into ``(abi_tag, extension)``.

    ``'.cpython-311-x86_64-linux-gnu.so'`` gives ``('cp311', 'so')``. The
    default input is the running interpreter's ``EXT_SUFFIX``.
    """
    if ext_suffix is None:
        ext_suffix = _interpreter_ext_suffix()
    parts = ext_suffix.split(".")
    if not ext_suffix.startswith(".") or len(parts) != 3:
        raise ValueError(
            f"parse_ext_suffix: expected '.<abi>.<ext>', got {ext_suffix!r}"
        )
    _, middle, ext = parts
    fields = middle.split("-")
    keep = len(fields)
    for prefix, count in _TAG_FIELDS:
        if middle.startswith(prefix):
            keep = count
            break
    abi_tag = "-".join(fields[:keep])
    if abi_tag.startswith("cpython-"):
        abi_tag = "cp" + abi_tag[len("cpython-"):]
    return abi_tag, ext


def get_hpy_ext_suffix(hpy_abi: str, ext_suffix: str | None = None) -> str:
    """Return the file-name suffix of an HPy extension built for ``hpy_abi``.

    ``ext_suffix`` stands in for the interpreter's ``EXT_SUFFIX`` when the
    universal or hybrid name is derived from it. The cpython ABI always gets
    the running interpreter's own ``EXT_SUFFIX`` (the argument is ignored),
    as in HPy 0.9.
    """
    if hpy_abi not in HPY_ABIS:
        raise ValueError(
            f"get_hpy_ext_suffix: invalid hpy_abi {hpy_abi!r} "
            f"(expected one of {', '.join(HPY_ABIS)})"
        )
    if hpy_abi == "cpython":
        return _interpreter_ext_suffix()
    abi_tag, ext = parse_ext_suffix(ext_suffix)
    if hpy_abi == "universal":
        return f".{HPY_ABI_TAG}.{ext}"
    return f".{HPY_ABI_TAG}-{abi_tag}.{ext}"
