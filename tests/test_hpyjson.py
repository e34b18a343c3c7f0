"""examples/hpyjson against CPython's json as the oracle, in every ABI mode.

The ``hpyjson`` fixture builds the example with hpykit's build flags (cached by content
under the test cache) and loads its package once per mode: cpython and universal with
dumps ported to HPy, hybrid with the legacy C-API dumps (the first migration step), and
debug: the universal binary in debug mode, every test inside a LeakDetector.
JSONTestSuite's cases come from the orjson 3.10.0 sdist (bench/json/corpus.py, downloaded
once into .cache/jsondata); those tests skip, saying why, only if it cannot be had.
"""

from __future__ import annotations

import array
import io
import json
import math
import random
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator, List

import pytest

from support.cache import cache_root
from support.pypy import IS_PYPY

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "examples" / "hpyjson"))
sys.path.insert(0, str(REPO / "bench" / "json"))

import corpus  # noqa: E402
import devbuild  # noqa: E402

# mode -> (binary ABI, dumps is the legacy C-API version, debug mode)
MODES = {
    "cpython": ("cpython", False, False),
    "universal": ("universal", False, False),
    "hybrid": ("hybrid", True, False),
    "debug": ("universal", False, True),
}


def load_mode(mode: str) -> ModuleType:
    abi, legacy, debug = MODES[mode]
    # debug mode loads its own copy of the universal binary: the two modules must not
    # share the binary's HPyGlobals
    binary = devbuild.build(abi, cache_root() / "hpyjson", legacy=legacy,
                            copy="debug" if debug else "")
    try:
        return devbuild.load_package(binary, abi, debug=debug, legacy=legacy)
    except TypeError as e:  # a loader without the debug argument
        pytest.skip(f"hpykit.universal.load(..., debug=True) is not available: {e}")


@pytest.fixture
def hpyjson(hpy_abi: str) -> Iterator[ModuleType]:
    module = load_mode(hpy_abi)
    if not MODES[hpy_abi][2]:
        yield module
        return
    from hpykit.debug import LeakDetector

    with LeakDetector():
        yield module


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values, NaN included, and of the same types."""
    return repr(a) == repr(b)


# ------------------------------------------------------------------ the module


def test_module_says_its_abi_and_dumps_variant(hpyjson: ModuleType, hpy_abi: str) -> None:
    abi, legacy, _ = MODES[hpy_abi]
    assert hpyjson.hpy_abi == abi
    assert hpyjson.dumps_variant == ("legacy" if legacy else "hpy")


def test_decode_error_is_a_value_error(hpyjson: ModuleType) -> None:
    assert issubclass(hpyjson.JSONDecodeError, ValueError)
    assert hpyjson.JSONDecodeError.__module__ == "hpyjson"


# ------------------------------------------------------------------ loads: values

VALID = [
    "0", "-0", "1", "-1", "123456789", "9223372036854775807", "-9223372036854775808",
    "9223372036854775808", "123456789012345678901234567890", "-98765432109876543210",
    "1.5", "-0.0", "0.1", "1e10", "1E+2", "1e-7", "2.5e-320", "1.7976931348623157e308",
    "1e400", "-1e400", "0.30000000000000004", "3.141592653589793238462643383279",
    "123456789012345678901.5", "true", "false", "null", '""', '"abc"',
    '"\\" \\\\ \\/ \\b \\f \\n \\r \\t"', '"\\u00e9\\u4e2d\\ud83d\\ude00"', '"é中😀"',
    '"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"\\udc00\\ud800"', '"\\ud800x"',
    '"\\ud83d\\ud83d\\ude00"', "[]", "{}", "[[]]", '{"a": {"b": [1, {"c": null}]}}',
    ' \t\n\r[1 , 2 ,\n3 ] \n', '{"a":1,"a":2}', '{"":0}', '"\x7f"', "NaN", "Infinity",
    "-Infinity", '[1.0, 2.50, -3e-2]', '{"k": "' + "x" * 100 + '"}',
    '{"long key that is longer than the cache": 1, "long key that is longer than the cache": 2}',
]


@pytest.mark.parametrize("doc", VALID)
def test_loads_matches_json(hpyjson: ModuleType, doc: str) -> None:
    assert same(hpyjson.loads(doc), json.loads(doc))


@pytest.mark.parametrize("doc", VALID)
def test_loads_bytes_matches_json(hpyjson: ModuleType, doc: str) -> None:
    data = doc.encode("utf-8")
    assert same(hpyjson.loads(data), json.loads(data))


def test_loads_bytearray_and_memoryview(hpyjson: ModuleType) -> None:
    doc = b'{"a": [1, "\xc3\xa9"]}'
    assert hpyjson.loads(bytearray(doc)) == {"a": [1, "é"]}
    assert hpyjson.loads(memoryview(doc)) == {"a": [1, "é"]}
    assert hpyjson.loads(memoryview(b"x[2]x")[1:4]) == [2]


def test_loads_str_with_lone_surrogates(hpyjson: ModuleType) -> None:
    doc = '["\ud800", "a\udfffb", {"\udc00": 1}]'
    assert same(hpyjson.loads(doc), json.loads(doc))


def test_loads_duplicate_keys_last_wins(hpyjson: ModuleType) -> None:
    assert hpyjson.loads('{"a": 1, "b": 2, "a": 3}') == {"a": 3, "b": 2}
    assert list(hpyjson.loads('{"b": 1, "a": 2, "b": 3}')) == ["b", "a"]


def test_loads_repeated_keys_share_one_str(hpyjson: ModuleType) -> None:
    first, second = hpyjson.loads('[{"name": 1}, {"name": 2}]')
    assert next(iter(first)) is next(iter(second))


def test_loads_bytes_with_utf8_bom(hpyjson: ModuleType) -> None:
    assert hpyjson.loads(b"\xef\xbb\xbf[1]") == [1]


def test_loads_keys_cached_across_calls_stay_right(hpyjson: ModuleType) -> None:
    # more distinct keys than the cache has slots, short and long, ASCII and not, read
    # again in later calls: every key is the key of the document being read
    rnd = random.Random(11)
    keys = [f"k{i}" for i in range(600)] + ["é" * (i % 20) + str(i) for i in range(300)]
    keys += ["x" * 40 + str(i) for i in range(50)]
    for _ in range(3):
        rnd.shuffle(keys)
        doc = {k: i for i, k in enumerate(keys)}
        assert hpyjson.loads(json.dumps(doc)) == doc
        assert hpyjson.loads(json.dumps(doc).encode()) == doc
        assert hpyjson.loads(json.dumps(doc, ensure_ascii=False).encode()) == doc


def test_loads_str_with_bom_raises(hpyjson: ModuleType) -> None:
    with pytest.raises(hpyjson.JSONDecodeError) as info:
        hpyjson.loads("\ufeff[1]")
    assert info.value.msg == "Unexpected UTF-8 BOM (decode using utf-8-sig)"


def test_loads_allow_nan_false_rejects_constants(hpyjson: ModuleType) -> None:
    for doc in ("NaN", "[Infinity]", "-Infinity"):
        with pytest.raises(hpyjson.JSONDecodeError, match="Expecting value"):
            hpyjson.loads(doc, allow_nan=False)
    assert hpyjson.loads("[1.5]", allow_nan=False) == [1.5]


def test_loads_rejects_other_types(hpyjson: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        hpyjson.loads(12)
    assert str(info.value) == (
        "the JSON object must be str, bytes, bytearray or memoryview, not int")


@pytest.mark.skipif(not hasattr(sys, "get_int_max_str_digits"), reason="Python < 3.11")
def test_loads_huge_int_obeys_the_int_digit_limit(hpyjson: ModuleType) -> None:
    doc = "1" * (sys.get_int_max_str_digits() + 1)
    with pytest.raises(ValueError, match="limit"):
        hpyjson.loads(doc)


def test_loads_floats_are_read_exactly(hpyjson: ModuleType) -> None:
    rnd = random.Random(5)
    texts = [repr(rnd.uniform(-1e6, 1e6)) for _ in range(500)]
    texts += [f"{rnd.random():.{rnd.randint(1, 25)}f}e{rnd.randint(-40, 40)}" for _ in range(500)]
    doc = "[" + ",".join(texts) + "]"
    assert same(hpyjson.loads(doc), json.loads(doc))


# ------------------------------------------------------------------ loads: errors

# malformed documents, with the message and position hpyjson reports: what CPython's json
# reports, the same on 3.8-3.13 (checked against json there). PyPy's json words its errors
# differently, so on PyPy the table is the oracle.
EXPECTED_ERRORS = [
    ('', 'Expecting value', 0),
    (' ', 'Expecting value', 1),
    ('[', 'Expecting value', 1),
    ('[1', "Expecting ',' delimiter", 2),
    ('[1,', 'Expecting value', 3),
    ('[1 2]', "Expecting ',' delimiter", 3),
    ('{', 'Expecting property name enclosed in double quotes', 1),
    ('{"a"', "Expecting ':' delimiter", 4),
    ('{"a" 1}', "Expecting ':' delimiter", 5),
    ('{"a":', 'Expecting value', 5),
    ('{"a":1', "Expecting ',' delimiter", 6),
    ('{"a":1 "b":2}', "Expecting ',' delimiter", 7),
    ('{1:2}', 'Expecting property name enclosed in double quotes', 1),
    ('01', 'Extra data', 1),
    ('2.', 'Extra data', 1),
    ('1e', 'Extra data', 1),
    ('-', 'Expecting value', 0),
    ('-x', 'Expecting value', 0),
    ('1.e3', 'Extra data', 1),
    ('tru', 'Expecting value', 0),
    ('nul', 'Expecting value', 0),
    ('"abc', 'Unterminated string starting at', 0),
    ('"a\tb"', 'Invalid control character at', 2),
    ('"a\nb"', 'Invalid control character at', 2),
    ('"\\x"', 'Invalid \\escape', 1),
    ('"\\u12"', 'Invalid \\uXXXX escape', 2),
    ('"\\u12g4"', 'Invalid \\uXXXX escape', 2),
    ('[1]]', 'Extra data', 3),
    ('{"a":1}}', 'Extra data', 7),
    ('1 2', 'Extra data', 2),
    ('[NaN', "Expecting ',' delimiter", 4),
    ('infinity', 'Expecting value', 0),
    ('+1', 'Expecting value', 0),
    ('.5', 'Expecting value', 0),
    ('"\\', 'Unterminated string starting at', 0),
    ('[\n1,\n2\n', "Expecting ',' delimiter", 7),
    ('{\n  "a": [1,\n  2,,\n]}', 'Expecting value', 17),
    ('["é", x]', 'Expecting value', 6),
    ('"é\\q"', 'Invalid \\escape', 2),
]
# hpyjson says what CPython 3.13's json says; older versions said "Expecting value" or
# "Expecting property name enclosed in double quotes" after the comma
TRAILING_COMMA = {"[1,]": ("Illegal trailing comma before end of array", 2),
                  '{"a":1,}': ("Illegal trailing comma before end of object", 6),
                  "[[1], \n 2 , ]": ("Illegal trailing comma before end of array", 10)}


@pytest.mark.parametrize(("doc", "msg", "pos"), EXPECTED_ERRORS)
def test_loads_error_matches_json(hpyjson: ModuleType, doc: str, msg: str, pos: int) -> None:
    with pytest.raises(hpyjson.JSONDecodeError) as info:
        hpyjson.loads(doc)
    got = info.value
    want = json.JSONDecodeError(msg, doc, pos)
    assert (got.msg, got.pos, got.lineno, got.colno) == (msg, pos, want.lineno, want.colno)
    assert str(got) == str(want)
    assert got.doc is doc
    if not IS_PYPY:
        with pytest.raises(json.JSONDecodeError) as expected:
            json.loads(doc)
        assert (expected.value.msg, expected.value.pos) == (msg, pos)


@pytest.mark.parametrize("doc", list(TRAILING_COMMA))
def test_loads_trailing_comma_error(hpyjson: ModuleType, doc: str) -> None:
    with pytest.raises(hpyjson.JSONDecodeError) as info:
        hpyjson.loads(doc)
    assert (info.value.msg, info.value.pos) == TRAILING_COMMA[doc]
    if sys.version_info >= (3, 13):
        with pytest.raises(json.JSONDecodeError) as expected:
            json.loads(doc)
        assert str(info.value) == str(expected.value)


def test_loads_error_position_counts_characters_in_bytes(hpyjson: ModuleType) -> None:
    with pytest.raises(hpyjson.JSONDecodeError) as info:
        hpyjson.loads('["éé", x]'.encode())
    assert (info.value.pos, info.value.colno) == (7, 8)


@pytest.mark.parametrize("data", [b'"\xff"', b'"\xc3"', b'"\xc3("', b'"\xed\xa0\x80"',
                                  b'"\xf4\x90\x80\x80"', b'"\xe0\x80\xaf"', b'"\xc0\xaf"'])
def test_loads_invalid_utf8_raises_with_position(hpyjson: ModuleType, data: bytes) -> None:
    with pytest.raises(hpyjson.JSONDecodeError) as info:
        hpyjson.loads(data)
    assert info.value.msg == "Invalid UTF-8 in string at"
    assert info.value.pos == 1


def test_loads_invalid_utf8_outside_strings_raises(hpyjson: ModuleType) -> None:
    with pytest.raises(hpyjson.JSONDecodeError, match="Expecting value"):
        hpyjson.loads(b"[\xff]")


def test_loads_nesting_limit(hpyjson: ModuleType) -> None:
    value, depth = hpyjson.loads("[" * 1024 + "]" * 1024), 1
    while value:
        (value,), depth = value, depth + 1
    assert (value, depth) == ([], 1024)
    with pytest.raises(RecursionError) as info:
        hpyjson.loads("[" * 1025 + "]" * 1025)
    assert str(info.value) == "maximum JSON nesting depth exceeded while decoding"
    with pytest.raises(RecursionError):
        hpyjson.loads('{"a":' * 100_000)


# ------------------------------------------------------------------ dumps

OBJECTS: List[Any] = [
    None, True, False, 0, -1, 2**63, -(2**100), 1.5, -0.0, 1e16, 1e-7, 123456789.125, 0.1,
    "", "abc", "é中😀", "\x00\x1f\x7f", 'q"b\\s/', [], {}, [1, [2, [3]]], (1, 2),
    {"a": {"b": [None]}}, ["x" * 1000] * 3, {"k%d" % i: i for i in range(50)},
]


@pytest.mark.parametrize("obj", OBJECTS, ids=repr)
def test_dumps_matches_json_without_slash_escapes(hpyjson: ModuleType, obj: Any) -> None:
    got = hpyjson.dumps(obj, escape_forward_slashes=False)
    assert got == json.dumps(obj, separators=(",", ":"))


@pytest.mark.parametrize("obj", OBJECTS, ids=repr)
def test_dumps_non_ascii_matches_json(hpyjson: ModuleType, obj: Any) -> None:
    got = hpyjson.dumps(obj, ensure_ascii=False, escape_forward_slashes=False)
    assert got == json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def test_dumps_defaults_are_ujsons(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps({"u": "a/b", "e": "é"}) == '{"u":"a\\/b","e":"\\u00e9"}'


def test_dumps_encode_html_chars(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps("<a&b>", encode_html_chars=True) == '"\\u003ca\\u0026b\\u003e"'
    assert hpyjson.dumps("<a&b>") == '"<a&b>"'


def test_dumps_sort_keys(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps({"b": 1, "a": {"d": 2, "c": 3}}, sort_keys=True) == (
        '{"a":{"c":3,"d":2},"b":1}')


def test_dumps_sort_keys_of_mixed_types_raises(hpyjson: ModuleType) -> None:
    with pytest.raises(TypeError, match="not supported between"):
        hpyjson.dumps({1: 1, "a": 2}, sort_keys=True)


@pytest.mark.parametrize("indent", [1, 2, 4])
def test_dumps_indent_matches_json(hpyjson: ModuleType, indent: int) -> None:
    obj = {"a": [1, 2, {"b": [], "c": {}}], "d": "x"}
    assert hpyjson.dumps(obj, indent=indent) == json.dumps(obj, indent=indent)


def test_dumps_indent_zero_or_none_is_compact(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps([1, {"a": 2}], indent=0) == '[1,{"a":2}]'
    assert hpyjson.dumps([1, {"a": 2}], indent=None) == '[1,{"a":2}]'


def test_dumps_separators(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps({"a": [1, 2]}, separators=(", ", ": ")) == '{"a": [1, 2]}'
    with pytest.raises(TypeError, match="separators"):
        hpyjson.dumps([1], separators=(1, 2))


def test_dumps_keys_are_converted_like_json(hpyjson: ModuleType) -> None:
    obj = {3: 0, 2.5: 0, True: 1, None: 0, False: 0}
    assert hpyjson.dumps(obj) == json.dumps(obj, separators=(",", ":"))
    with pytest.raises(TypeError) as info:
        hpyjson.dumps({(1,): 2})
    assert str(info.value) == "keys must be str, int, float, bool or None, not tuple"


def test_dumps_default_is_called_for_unknown_objects(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps({"s": {1, 2}}, default=sorted) == '{"s":[1,2]}'


def test_dumps_unknown_object_raises(hpyjson: ModuleType) -> None:
    class Thing:
        pass

    with pytest.raises(TypeError) as info:
        hpyjson.dumps([Thing()])
    assert str(info.value) == "Object of type Thing is not JSON serializable"


def test_dumps_default_errors_propagate(hpyjson: ModuleType) -> None:
    def default(obj: object) -> object:
        raise KeyError("nope")

    with pytest.raises(KeyError):
        hpyjson.dumps(object(), default=default)


def test_dumps_bytes(hpyjson: ModuleType) -> None:
    with pytest.raises(TypeError, match="bytes is not JSON serializable"):
        hpyjson.dumps(b"abc")
    assert hpyjson.dumps([b"\xc3\xa9"], reject_bytes=False) == '["\\u00e9"]'
    with pytest.raises(UnicodeDecodeError):
        hpyjson.dumps(b"\xff", reject_bytes=False)


def test_dumps_nan_and_infinity(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps([math.nan, math.inf, -math.inf]) == "[NaN,Infinity,-Infinity]"
    with pytest.raises(ValueError) as info:
        hpyjson.dumps([math.inf], allow_nan=False)
    assert str(info.value) == "Out of range float values are not JSON compliant"


def float_reprs(values: List[float]) -> str:
    return "[" + ",".join(map(repr, values)) + "]"


def adjacent_doubles(v: float) -> List[float]:
    """v > 0 and the doubles just below and above it (math.nextafter is 3.9+)."""
    bits = struct.unpack("<q", struct.pack("<d", v))[0]
    return [struct.unpack("<d", struct.pack("<q", b))[0] for b in (bits, bits - 1, bits + 1)
            if b > 0]


def test_dumps_floats_switch_to_exponents_where_repr_does(hpyjson: ModuleType) -> None:
    values = [0.0001, 1e-05, 0.00012345, 1.2345e-05, 1e15, 1e16, 9999999999999998.0,
              1234567890123456.8, 1.5e16, 1e22, 1e23, 1e100, 1.5e-300, 123.0, -0.0, 0.0]
    assert hpyjson.dumps(values) == float_reprs(values)
    assert hpyjson.dumps(values) == (
        "[0.0001,1e-05,0.00012345,1.2345e-05,1000000000000000.0,1e+16,9999999999999998.0,"
        "1234567890123456.8,1.5e+16,1e+22,1e+23,1e+100,1.5e-300,123.0,-0.0,0.0]")


def test_dumps_floats_are_shortest_reprs_at_the_edges(hpyjson: ModuleType) -> None:
    values = [5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
              0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 9007199254740993.0]
    for exponent in range(-325, 309):
        for mantissa in ("1", "2", "5", "9.999999999999999"):
            values.append(float(f"{mantissa}e{exponent}"))
    for exponent in range(-1074, 1024):
        values.append(2.0**exponent)
    values = [v for v in values for v in adjacent_doubles(v) if math.isfinite(v)]
    values += [-v for v in values]
    assert hpyjson.dumps(values) == float_reprs(values)


def test_dumps_floats_match_repr_on_random_doubles(hpyjson: ModuleType) -> None:
    rng = random.Random(5)
    bits = array.array("d")
    bits.frombytes(rng.getrandbits(64 * 1_000_000).to_bytes(8 * 1_000_000, "little"))
    every_pattern = [v for v in bits.tolist() if math.isfinite(v)]
    subnormal = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(52)))[0]
                 for _ in range(50_000)]
    scaled = [rng.random() * 10.0 ** rng.randint(-30, 30) for _ in range(200_000)]
    rounded = [round(rng.uniform(-180, 180), rng.randint(0, 15)) for _ in range(200_000)]
    for values in (every_pattern, subnormal, scaled, rounded):
        assert hpyjson.dumps(values) == float_reprs(values)


def test_dumps_lone_surrogates_are_escaped(hpyjson: ModuleType) -> None:
    assert hpyjson.dumps("a\ud800") == '"a\\ud800"'
    assert hpyjson.dumps("a\udc00é", ensure_ascii=False) == '"a\\udc00é"'
    assert hpyjson.loads(hpyjson.dumps("x\udfff", ensure_ascii=False)) == "x\udfff"


def test_dumps_int_and_float_subclasses_use_their_value(hpyjson: ModuleType) -> None:
    class MyInt(int):
        def __repr__(self) -> str:
            return "nope"

    class MyFloat(float):
        def __repr__(self) -> str:
            return "nope"

    assert hpyjson.dumps([MyInt(5), MyInt(2**80), MyFloat(0.5)]) == (
        json.dumps([5, 2**80, 0.5], separators=(",", ":")))


def test_dumps_nesting_limit(hpyjson: ModuleType) -> None:
    deep: List[Any] = []
    for _ in range(1100):
        deep = [deep]
    with pytest.raises(RecursionError) as info:
        hpyjson.dumps(deep)
    assert str(info.value) == "maximum recursion depth exceeded while encoding a JSON object"


def test_dumps_cycle_raises_recursion_error(hpyjson: ModuleType) -> None:
    cycle: Dict[str, Any] = {}
    cycle["self"] = cycle
    with pytest.raises(RecursionError):
        hpyjson.dumps(cycle)


def test_load_and_dump_use_files(hpyjson: ModuleType) -> None:
    out = io.StringIO()
    hpyjson.dump({"a": [1]}, out, sort_keys=True)
    assert out.getvalue() == '{"a":[1]}'
    assert hpyjson.load(io.StringIO('{"a": [1]}')) == {"a": [1]}
    assert hpyjson.load(io.BytesIO(b"[2]")) == [2]


# ------------------------------------------------------------------ JSONTestSuite


@pytest.fixture(scope="session")
def suite() -> Dict[str, bytes]:
    try:
        return corpus.parsing_cases()
    except corpus.CorpusUnavailable as e:
        pytest.skip(f"JSONTestSuite cases (orjson 3.10.0 sdist) unavailable: {e}")


def outcome(module: Any, data: bytes, **kwargs: Any) -> str:
    try:
        module.loads(data, **kwargs)
    except (ValueError, RecursionError):
        return "rejected"
    return "accepted"


# JSON has no NaN or Infinity; json and ujson accept them by default, and so does hpyjson
# unless allow_nan=False
CONSTANTS = ["n_number_NaN.json", "n_number_infinity.json", "n_number_minus_infinity.json"]


def test_jsontestsuite_must_accept_cases_match_json(hpyjson: ModuleType,
                                                    suite: Dict[str, bytes]) -> None:
    wrong = [name for name, data in suite.items() if name.startswith("y_")
             and (outcome(hpyjson, data) != "accepted"
                  or not same(hpyjson.loads(data), json.loads(data)))]
    assert wrong == []


def test_jsontestsuite_must_reject_cases_are_rejected(hpyjson: ModuleType,
                                                      suite: Dict[str, bytes]) -> None:
    accepted = [name for name, data in suite.items()
                if name.startswith("n_") and outcome(hpyjson, data, allow_nan=False) != "rejected"]
    assert accepted == []


def test_jsontestsuite_must_reject_cases_but_constants_are_rejected_by_default(
        hpyjson: ModuleType, suite: Dict[str, bytes]) -> None:
    accepted = [name for name, data in suite.items()
                if name.startswith("n_") and outcome(hpyjson, data) != "rejected"]
    assert sorted(accepted) == sorted(CONSTANTS)


def test_jsontestsuite_implementation_defined_cases_do_not_crash(
        hpyjson: ModuleType, suite: Dict[str, bytes]) -> None:
    for name, data in suite.items():
        if name.startswith("i_") and outcome(hpyjson, data) == "accepted":
            try:
                expected = json.loads(data)
            except (ValueError, RecursionError):
                continue  # json rejects it (e.g. not UTF-8): either answer is allowed
            assert same(hpyjson.loads(data), expected), name


# ------------------------------------------------------------------ properties

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:
    st = None

if st is None:

    def test_properties_need_hypothesis() -> None:
        pytest.skip("hypothesis is not installed (scripts/test.py installs it)")

else:
    scalars = (st.none() | st.booleans() | st.integers() | st.integers(-(2**200), 2**200)
               | st.floats(allow_nan=False) | st.text())
    documents = st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(), children,
                                                                           max_size=6),
        max_leaves=40)
    PROPERTY = settings(max_examples=150, deadline=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])


    @PROPERTY
    @given(doc=documents)
    def test_roundtrip_through_hpyjson(hpyjson: ModuleType, doc: Any) -> None:
        assert same(hpyjson.loads(hpyjson.dumps(doc)), doc)
        assert same(hpyjson.loads(hpyjson.dumps(doc, ensure_ascii=False).encode()), doc)


    @PROPERTY
    @given(doc=documents)
    def test_dumps_text_is_jsons(hpyjson: ModuleType, doc: Any) -> None:
        assert hpyjson.dumps(doc, escape_forward_slashes=False) == json.dumps(
            doc, separators=(",", ":"))


    @PROPERTY
    @given(doc=documents, indent=st.sampled_from([None, 2]))
    def test_loads_reads_json_output(hpyjson: ModuleType, doc: Any, indent: Any) -> None:
        assert same(hpyjson.loads(json.dumps(doc, indent=indent)), doc)


    @settings(max_examples=2000, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(values=st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=20))
    def test_dumps_floats_are_reprs(hpyjson: ModuleType, values: List[float]) -> None:
        assert hpyjson.dumps(values) == float_reprs(values)


    @PROPERTY
    @given(text=st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xE000) | st.characters()))
    def test_strings_with_any_code_points_roundtrip(hpyjson: ModuleType, text: str) -> None:
        # as with json: a lone high surrogate followed by a lone low one comes back as
        # the one astral character that the pair of \u escapes denotes
        expected = json.loads(json.dumps(text))
        assert hpyjson.loads(hpyjson.dumps(text)) == expected
        assert hpyjson.loads(json.dumps(text)) == expected


# ------------------------------------------------------------------ fuzzing

SEEDS = [b'{"a": [1, 2.5e3, "x\\u00e9\xc3\xa9", true, null], "b": {"c": -0}}',
         b'[[[]], {}, "\\ud83d\\ude00", 123456789012345678901234567890, NaN]',
         b'{"events": [{"id": "1", "payload": {"ref": "refs/heads/master"}}]}']


def mutations(rnd: random.Random, n: int) -> Iterator[bytes]:
    for _ in range(n):
        data = bytearray(rnd.choice(SEEDS))
        for _ in range(rnd.randint(1, 4)):
            op = rnd.randrange(4)
            pos = rnd.randrange(len(data) + 1)
            if op == 0 and data:
                del data[min(pos, len(data) - 1)]
            elif op == 1:
                data.insert(pos, rnd.randrange(256))
            elif op == 2 and data:
                data[min(pos, len(data) - 1)] = rnd.choice(b'{}[]",:\\0123456789eE.-+ \xc3\xff')
            else:
                data[pos:pos] = data[rnd.randrange(len(data) + 1):][:8]
        yield bytes(data)


def test_fuzz_mutated_documents_match_json_or_raise(hpyjson: ModuleType) -> None:
    rnd = random.Random(20240605)
    for data in mutations(rnd, 3000):
        try:
            expected: Any = json.loads(data)
        except (ValueError, RecursionError):
            expected = ValueError
        try:
            got: Any = hpyjson.loads(data)
        except (ValueError, RecursionError):
            got = ValueError
        if b"\x00" in data[:4]:
            continue  # json detects UTF-16/32 by NUL bytes; hpyjson reads UTF-8 only
        if expected is ValueError or got is ValueError:
            assert got is expected, data
        else:
            assert same(got, expected), data


def test_fuzz_random_bytes_never_crash(hpyjson: ModuleType) -> None:
    rnd = random.Random(7)
    alphabet = b'{}[]",:\\/0123456789eE.-+ \t\ntruefalsnulNaIy\x00\x1f\x7f\x80\xc3\xed\xf4\xff'
    for _ in range(3000):
        data = bytes(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        try:
            hpyjson.loads(data)
        except (ValueError, RecursionError):
            pass
        try:
            hpyjson.loads(data.decode("latin-1"))
        except (ValueError, RecursionError):
            pass
