"""Load one compat module with one loader and check it: `python check.py LOADER NAME PATH`,
LOADER being `hpykit` (hpykit.universal) or `hpy` (hpy 0.9.0's hpy.universal). Prints OK."""

import gc
import importlib
import importlib.util
import sys
import weakref


def check_compat_functions(m):
    assert m.noargs() is None and m.noargs.__doc__ == "returns None"
    assert m.onearg([1]) == "[1]"
    assert m.parse(7, "t") == (7, 0.5, "t")
    assert m.parse(7, "s", 2.0) == (7, 2.0, "s")
    try:
        m.parse("x")
    except TypeError:
        pass
    else:
        raise AssertionError("parse('x') must raise TypeError")
    assert m.kw(3) == 30 and m.kw(y=2, x=4) == 8
    assert m.squares(5) == [0, 1, 4, 9, 16]
    try:
        m.fail("k")
    except KeyError as exc:
        assert str(exc) == "\"no such key: 'k'\"", str(exc)
    else:
        raise AssertionError("fail() must raise KeyError")
    m.remember(int)
    assert m.recall() is int
    assert m.call(max, 3, 9, 4) == 9


def check_compat_types(m):
    P = m.Point
    p = P(3, 4)
    assert (p.x, p.y, p.z, p.norm(), repr(p)) == (3, 4, 7, 25, "<Point>")

    class Thing:
        pass

    thing = Thing()
    ref = weakref.ref(thing)
    q = P(1, 2, thing)
    del thing
    gc.collect()
    assert ref() is not None and q.obj is ref(), "an object stored in a field stays alive"

    cyc = Thing()
    cyc.p = P(0, 0, cyc)
    ref = weakref.ref(cyc)
    del cyc
    gc.collect()
    assert ref() is None, "a cycle through a field is collected"
    before = m.ndestroyed()
    for i in range(10000):
        P(i, 1).norm()
    assert m.ndestroyed() >= before + 10000


def check_compat_legacy(m):
    assert m.legacy_add(2, 3) == 5
    assert m.roundtrip("x") == ("x", 1)


def main() -> None:
    loader, name, path = sys.argv[1:4]
    universal = importlib.import_module("hpykit.universal" if loader == "hpykit" else "hpy.universal")
    spec = importlib.util.spec_from_file_location(name, path)
    module = universal.load(name, path, spec)
    globals()["check_" + name](module)
    print(f"OK {name} with {loader} on Python {sys.version_info[0]}.{sys.version_info[1]}")


if __name__ == "__main__":
    main()
