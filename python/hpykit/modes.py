"""Which context a universal module is loaded with: the ``HPY`` environment variable.

``HPY`` unset or empty loads every module in universal mode. Otherwise it is
either one mode for every module::

    HPY=debug

or a comma-separated list of ``module:mode`` entries::

    HPY=pkg.fast:universal,pkg.slow:debug,other:trace

In the list form a name matches a module only when it equals the module's full
dotted name (``pkg.slow``) or its last component (``slow``); there is no prefix
matching, and a module that no entry names loads in universal mode. Modes are
``universal``, ``debug`` and ``trace``, written exactly so; anything else is a
ValueError that names it. ``HPY_LOG`` set to anything but ``""`` or ``"0"``
makes the loader print the mode each module got to stderr.

Standard library only, and nothing that is not already imported at start-up:
this module runs inside every ``import`` of a universal module.
"""

# no `from __future__ import annotations` (it imports __future__): string annotations
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (slow)
if TYPE_CHECKING:
    from typing import Mapping

# the values of hpykit.universal.MODE_UNIVERSAL / MODE_DEBUG / MODE_TRACE
MODES = {"universal": 0, "debug": 1, "trace": 2}


def _mode_value(text: str, where: str) -> int:
    mode = MODES.get(text)
    if mode is None:
        raise ValueError(f"HPY: unknown mode {text!r}{where} (expected one of {', '.join(MODES)})")
    return mode


def parse_hpy_setting(setting: str) -> "tuple[int | None, dict[str, int]]":
    """Split a value of ``HPY`` into ``(global mode or None, {module name: mode})``.

    Raises ValueError naming the offending part if the value is malformed.
    """
    setting = setting.strip()
    if not setting:
        return None, {}
    if ":" not in setting:
        return _mode_value(setting, ""), {}
    per_module: "dict[str, int]" = {}
    for entry in setting.split(","):
        name, sep, mode = (part.strip() for part in entry.partition(":"))
        if not sep or not name:
            raise ValueError(
                f"HPY: malformed entry {entry.strip()!r} in {setting!r} "
                "(expected MODE or NAME:MODE[,NAME:MODE...])"
            )
        per_module[name] = _mode_value(mode, f" for {name!r} in {setting!r}")
    return None, per_module


def mode_for(fullname: str, environ: "Mapping[str, str]") -> int:
    """The mode (an ``hpykit.universal.MODE_*`` value) of module ``fullname`` under ``environ``."""
    global_mode, per_module = parse_hpy_setting(environ.get("HPY", ""))
    if global_mode is not None:
        return global_mode
    for name in (fullname, fullname.rpartition(".")[2]):
        if name in per_module:
            return per_module[name]
    return MODES["universal"]


def mode_name(mode: int) -> str:
    """``'debug'`` for ``MODE_DEBUG`` and so on."""
    for name, value in MODES.items():
        if value == mode:
            return name
    raise ValueError(f"mode_name: unknown mode {mode!r}")


def log_enabled(environ: "Mapping[str, str]") -> bool:
    """Whether ``HPY_LOG`` asks for a line per loaded module."""
    return environ.get("HPY_LOG", "") not in ("", "0")


def log_line(fullname: str, mode: int, path: str) -> str:
    """What ``HPY_LOG`` prints for one module."""
    return f"hpykit: loading {fullname!r} in {mode_name(mode)} mode from {path}"
