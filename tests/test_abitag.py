"""hpykit.abitag: ABI numbers and file-name suffixes (no C involved)."""

from __future__ import annotations

import sysconfig

import pytest

from hpykit import abitag


def test_abi_version_numbers() -> None:
    assert abitag.HPY_ABI_VERSION == 0
    assert abitag.HPY_ABI_VERSION_MINOR == 0
    assert abitag.HPY_ABI_TAG == "hpy0"


@pytest.mark.parametrize(
    ("ext_suffix", "expected"),
    [
        (".cpython-311-x86_64-linux-gnu.so", ("cp311", "so")),
        (".cpython-38-darwin.so", ("cp38", "so")),
        (".cp311-win_amd64.pyd", ("cp311", "pyd")),
        (".pypy39-pp73-x86_64-linux-gnu.so", ("pypy39-pp73", "so")),
        (".graalpy231-310-native-x86_64-linux.so", ("graalpy231-310-native", "so")),
        (".other-1-2-3.dylib", ("other-1-2-3", "dylib")),
    ],
)
def test_parse_ext_suffix(ext_suffix: str, expected: tuple[str, str]) -> None:
    assert abitag.parse_ext_suffix(ext_suffix) == expected


def test_parse_ext_suffix_defaults_to_interpreter() -> None:
    assert abitag.parse_ext_suffix() == abitag.parse_ext_suffix(
        sysconfig.get_config_var("EXT_SUFFIX")
    )


@pytest.mark.parametrize("bad", [".so", "cpython-311-x86_64-linux-gnu.so", ".a.b.so"])
def test_parse_ext_suffix_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        abitag.parse_ext_suffix(bad)
    assert str(excinfo.value) == f"parse_ext_suffix: expected '.<abi>.<ext>', got {bad!r}"


def test_universal_suffix() -> None:
    assert abitag.get_hpy_ext_suffix("universal", ".cpython-311-x86_64-linux-gnu.so") == ".hpy0.so"
    assert abitag.get_hpy_ext_suffix("universal", ".cp311-win_amd64.pyd") == ".hpy0.pyd"


def test_hybrid_suffix() -> None:
    suffix = abitag.get_hpy_ext_suffix("hybrid", ".cpython-311-x86_64-linux-gnu.so")
    assert suffix == ".hpy0-cp311.so"
    pypy = abitag.get_hpy_ext_suffix("hybrid", ".pypy39-pp73-x86_64-linux-gnu.so")
    assert pypy == ".hpy0-pypy39-pp73.so"


def test_cpython_suffix_is_the_interpreters() -> None:
    ext_suffix = sysconfig.get_config_var("EXT_SUFFIX")
    assert abitag.get_hpy_ext_suffix("cpython") == ext_suffix
    # as in HPy 0.9, an explicit suffix does not change the cpython answer
    assert abitag.get_hpy_ext_suffix("cpython", ".cp311-win_amd64.pyd") == ext_suffix


def test_default_suffixes_follow_interpreter() -> None:
    tag, ext = abitag.parse_ext_suffix()
    assert abitag.get_hpy_ext_suffix("universal") == f".hpy0.{ext}"
    assert abitag.get_hpy_ext_suffix("hybrid") == f".hpy0-{tag}.{ext}"


def test_invalid_abi_is_rejected() -> None:
    with pytest.raises(ValueError) as excinfo:
        abitag.get_hpy_ext_suffix("debug")
    assert str(excinfo.value) == (
        "get_hpy_ext_suffix: invalid hpy_abi 'debug' (expected one of cpython, universal, hybrid)"
    )
