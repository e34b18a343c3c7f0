"""Exercise an imported pof module: `python check_pof.py` from the folder holding it."""
import pof

assert pof.do_nothing() is None
assert pof.double(21) == 42 and pof.double("ab") == "abab"
assert pof.add_ints(40, 2) == 42
assert pof.add_ints_kw(b=2, a=40) == 42
try:
    pof.add_ints(1)
except TypeError as exc:
    assert "add_ints" in str(exc), exc
else:
    raise AssertionError("add_ints(1) should raise TypeError")
p = pof.Point(1.5, y=2)
assert (p.x, p.y) == (1.5, 2.0) and repr(p) == "Point(1.5, 2.0)"
print(f"pof OK ({pof.hpy_abi} ABI): add_ints(40, 2) = {pof.add_ints(40, 2)}, {p!r}")
