"""hpykit.modes: the HPY and HPY_LOG environment variables."""

from __future__ import annotations

import pytest

from hpykit import modes

UNIVERSAL, DEBUG, TRACE = modes.MODES["universal"], modes.MODES["debug"], modes.MODES["trace"]


def test_mode_values_match_the_loader() -> None:
    universal = pytest.importorskip("hpykit.universal")
    assert (universal.MODE_UNIVERSAL, universal.MODE_DEBUG, universal.MODE_TRACE) == (
        UNIVERSAL, DEBUG, TRACE)


def test_unset_is_universal() -> None:
    assert modes.mode_for("pkg.mod", {}) == UNIVERSAL


def test_empty_is_universal() -> None:
    assert modes.mode_for("pkg.mod", {"HPY": ""}) == UNIVERSAL


@pytest.mark.parametrize("name, mode", [("universal", UNIVERSAL), ("debug", DEBUG), ("trace", TRACE)])
def test_global_mode_applies_to_every_module(name: str, mode: int) -> None:
    assert modes.mode_for("pkg.mod", {"HPY": name}) == mode
    assert modes.mode_for("other", {"HPY": name}) == mode


def test_per_module_mode_matches_the_full_name() -> None:
    assert modes.mode_for("pkg.mod", {"HPY": "pkg.mod:debug"}) == DEBUG


def test_per_module_mode_matches_the_last_component() -> None:
    assert modes.mode_for("pkg.mod", {"HPY": "mod:trace"}) == TRACE


def test_per_module_list_with_several_entries() -> None:
    env = {"HPY": "a:debug, b:trace"}
    assert modes.mode_for("a", env) == DEBUG
    assert modes.mode_for("b", env) == TRACE


def test_unnamed_module_loads_in_universal_mode() -> None:
    assert modes.mode_for("other", {"HPY": "mod:debug"}) == UNIVERSAL


def test_prefix_does_not_match() -> None:
    assert modes.mode_for("tiny", {"HPY": "ti:debug"}) == UNIVERSAL
    assert modes.mode_for("mod", {"HPY": "module:debug"}) == UNIVERSAL


def test_package_name_does_not_match_its_submodule() -> None:
    assert modes.mode_for("pkg.mod", {"HPY": "pkg:debug"}) == UNIVERSAL


def test_unknown_global_mode_raises_naming_it() -> None:
    with pytest.raises(ValueError) as info:
        modes.mode_for("mod", {"HPY": "fast"})
    assert str(info.value) == "HPY: unknown mode 'fast' (expected one of universal, debug, trace)"


def test_unknown_per_module_mode_raises_naming_it() -> None:
    with pytest.raises(ValueError) as info:
        modes.mode_for("a", {"HPY": "a:debug,b:Debug"})
    assert str(info.value) == (
        "HPY: unknown mode 'Debug' for 'b' in 'a:debug,b:Debug' "
        "(expected one of universal, debug, trace)"
    )


def test_mode_names_are_case_sensitive() -> None:
    with pytest.raises(ValueError, match="unknown mode 'DEBUG'"):
        modes.mode_for("mod", {"HPY": "DEBUG"})


def test_entry_without_mode_is_malformed() -> None:
    with pytest.raises(ValueError) as info:
        modes.mode_for("a", {"HPY": "a:debug,b"})
    assert str(info.value) == (
        "HPY: malformed entry 'b' in 'a:debug,b' (expected MODE or NAME:MODE[,NAME:MODE...])"
    )


def test_entry_without_name_is_malformed() -> None:
    with pytest.raises(ValueError, match="malformed entry ':debug'"):
        modes.mode_for("a", {"HPY": ":debug"})


@pytest.mark.parametrize("value, enabled", [(None, False), ("", False), ("0", False), ("1", True),
                                            ("yes", True)])
def test_hpy_log(value: str | None, enabled: bool) -> None:
    env = {} if value is None else {"HPY_LOG": value}
    assert modes.log_enabled(env) is enabled


def test_log_line_names_module_mode_and_file() -> None:
    assert modes.log_line("pkg.mod", DEBUG, "/x/mod.hpy0.so") == (
        "hpykit: loading 'pkg.mod' in debug mode from /x/mod.hpy0.so"
    )


def test_mode_name_of_unknown_mode_raises() -> None:
    with pytest.raises(ValueError, match="mode_name: unknown mode 7"):
        modes.mode_name(7)
