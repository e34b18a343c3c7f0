"""The number protocol: HPyNumber_Check, the binary, unary and in-place operations,
HPy_Power / HPy_InPlacePower, HPy_Index, HPy_Long and HPy_Float."""
import operator

import pytest

from support.pypy import IS_PYPY


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


def python_message(exc_type, func, *args):
    """The message the host Python gives for the same operation."""
    with pytest.raises(exc_type) as info:
        func(*args)
    return str(info.value)


BINARY = {
    # api: (Python operator, dunder name)
    "HPy_Add": (operator.add, "add"),
    "HPy_Subtract": (operator.sub, "sub"),
    "HPy_Multiply": (operator.mul, "mul"),
    "HPy_MatrixMultiply": (operator.matmul, "matmul"),
    "HPy_FloorDivide": (operator.floordiv, "floordiv"),
    "HPy_TrueDivide": (operator.truediv, "truediv"),
    "HPy_Remainder": (operator.mod, "mod"),
    "HPy_Divmod": (divmod, "divmod"),
    "HPy_Lshift": (operator.lshift, "lshift"),
    "HPy_Rshift": (operator.rshift, "rshift"),
    "HPy_And": (operator.and_, "and"),
    "HPy_Xor": (operator.xor, "xor"),
    "HPy_Or": (operator.or_, "or"),
}
INT_BINARY = [api for api in BINARY if api != "HPy_MatrixMultiply"]
ARITHMETIC = ["HPy_Add", "HPy_Subtract", "HPy_Multiply", "HPy_FloorDivide", "HPy_TrueDivide",
              "HPy_Remainder", "HPy_Divmod"]
DIVISIONS = ["HPy_FloorDivide", "HPy_TrueDivide", "HPy_Remainder", "HPy_Divmod"]

INPLACE = {
    # api: (Python in-place operator, binary api it falls back to, dunder name)
    "HPy_InPlaceAdd": (operator.iadd, "HPy_Add", "add"),
    "HPy_InPlaceSubtract": (operator.isub, "HPy_Subtract", "sub"),
    "HPy_InPlaceMultiply": (operator.imul, "HPy_Multiply", "mul"),
    "HPy_InPlaceMatrixMultiply": (operator.imatmul, "HPy_MatrixMultiply", "matmul"),
    "HPy_InPlaceFloorDivide": (operator.ifloordiv, "HPy_FloorDivide", "floordiv"),
    "HPy_InPlaceTrueDivide": (operator.itruediv, "HPy_TrueDivide", "truediv"),
    "HPy_InPlaceRemainder": (operator.imod, "HPy_Remainder", "mod"),
    "HPy_InPlaceLshift": (operator.ilshift, "HPy_Lshift", "lshift"),
    "HPy_InPlaceRshift": (operator.irshift, "HPy_Rshift", "rshift"),
    "HPy_InPlaceAnd": (operator.iand, "HPy_And", "and"),
    "HPy_InPlaceXor": (operator.ixor, "HPy_Xor", "xor"),
    "HPy_InPlaceOr": (operator.ior, "HPy_Or", "or"),
}
INT_INPLACE = [api for api in INPLACE if api != "HPy_InPlaceMatrixMultiply"]

UNARY = {
    # api: (Python equivalent, dunder name)
    "HPy_Negative": (operator.neg, "neg"),
    "HPy_Positive": (operator.pos, "pos"),
    "HPy_Absolute": (abs, "abs"),
    "HPy_Invert": (operator.invert, "invert"),
    "HPy_Index": (operator.index, "index"),
    "HPy_Long": (int, "int"),
    "HPy_Float": (float, "float"),
}

TERNARY = {
    # api: Python equivalent
    "HPy_Power": pow,
    "HPy_InPlacePower": lambda a, b, c: operator.ipow(a, b) if c is None else pow(a, b, c),
}


def c_function(api, nargs):
    """A VARARGS function <api>(*args) returning api(ctx, *args)."""
    call_args = ", ".join(f"args[{i}]" for i in range(nargs))
    return f"""
HPyDef_METH(t_{api}, "{api}", HPyFunc_VARARGS)
static HPy t_{api}_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{{
    (void)self;
    if (nargs != {nargs}) {{
        HPyErr_SetString(ctx, ctx->h_TypeError, "{api}: expected {nargs} arguments");
        return HPy_NULL;
    }}
    return {api}(ctx, {call_args});
}}
"""


def number_source():
    parts = ["""
HPyDef_METH(number_check, "number_check", HPyFunc_O)
static HPy number_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyNumber_Check(ctx, arg));
}
"""]
    exports = ["@EXPORT(number_check)"]
    for apis, nargs in ((UNARY, 1), (BINARY, 2), (INPLACE, 2), (TERNARY, 3)):
        for api in apis:
            parts.append(c_function(api, nargs))
            exports.append(f"@EXPORT(t_{api})")
    return "".join(parts) + "\n".join(exports) + "\n@INIT\n"


class Recorder:
    """Every numeric dunder returns (its name, *its arguments); the in-place ones also
    record the call in self.calls and return self."""

    def __init__(self):
        self.calls = []


def _binary(name):
    return lambda self, other: (name, other)


def _unary(name):
    return lambda self: (name,)


def _inplace(name):
    def method(self, other):
        self.calls.append((name, other))
        return self
    return method


for _name in [d for _, d in BINARY.values()] + ["pow"]:
    setattr(Recorder, f"__{_name}__", _binary(f"__{_name}__"))
    setattr(Recorder, f"__r{_name}__", _binary(f"__r{_name}__"))
for _name in [d for _, _, d in INPLACE.values()] + ["pow"]:
    setattr(Recorder, f"__i{_name}__", _inplace(f"__i{_name}__"))
for _name in ["neg", "pos", "abs", "invert"]:
    setattr(Recorder, f"__{_name}__", _unary(f"__{_name}__"))
Recorder.__pow__ = lambda self, other, mod=None: ("__pow__", other, mod)
Recorder.__index__ = lambda self: 41
Recorder.__int__ = lambda self: 42
Recorder.__float__ = lambda self: 43.5


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


# ---- HPyNumber_Check -------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -3, 2 ** 100, 1.5, 2j, True, Index(1), Recorder()],
                         ids=lambda v: type(v).__name__)
def test_number_check_true_for_numbers(compiler, value):
    mod = compiler.make_module(number_source())
    assert mod.number_check(value) == 1


@pytest.mark.parametrize("value", ["1", b"1", None, [1], (1,), object()],
                         ids=lambda v: type(v).__name__)
def test_number_check_false_for_non_numbers(compiler, value):
    mod = compiler.make_module(number_source())
    assert mod.number_check(value) == 0


# ---- binary operations -----------------------------------------------------------------


@pytest.mark.parametrize("api", INT_BINARY)
def test_binary_on_ints(compiler, api):
    mod = compiler.make_module(number_source())
    assert getattr(mod, api)(23, 5) == BINARY[api][0](23, 5)


@pytest.mark.parametrize("api", INT_BINARY)
def test_binary_on_negative_ints(compiler, api):
    mod = compiler.make_module(number_source())
    assert getattr(mod, api)(-23, 5) == BINARY[api][0](-23, 5)


@pytest.mark.parametrize("api", ARITHMETIC)
def test_binary_on_int_and_float_gives_float(compiler, api):
    mod = compiler.make_module(number_source())
    result = getattr(mod, api)(7, 2.0)
    assert (result, type(result)) == (BINARY[api][0](7, 2.0), type(BINARY[api][0](7, 2.0)))


def test_true_divide_of_ints_gives_float(compiler):
    mod = compiler.make_module(number_source())
    result = mod.HPy_TrueDivide(6, 3)
    assert (type(result), result) == (float, 2.0)


def test_divmod_gives_quotient_and_remainder(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Divmod(-7, 2) == (-4, 1)


def test_add_concatenates_sequences(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Add([1], [2]) == [1, 2]


def test_multiply_repeats_sequences(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Multiply("ab", 3) == "ababab"


def test_remainder_formats_strings(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Remainder("%d-%s", (1, "x")) == "1-x"


def test_binary_on_big_ints(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Multiply(2 ** 100, 2 ** 100) == 2 ** 200


@pytest.mark.parametrize("api", list(BINARY))
def test_binary_calls_dunder_of_left_operand(compiler, api):
    mod = compiler.make_module(number_source())
    obj = Recorder()
    assert getattr(mod, api)(obj, 5) == (f"__{BINARY[api][1]}__", 5)


@pytest.mark.parametrize("api", list(BINARY))
def test_binary_calls_reflected_dunder_of_right_operand(compiler, api):
    mod = compiler.make_module(number_source())
    obj = Recorder()
    assert getattr(mod, api)(5, obj) == (f"__r{BINARY[api][1]}__", 5)


@pytest.mark.parametrize("api", list(BINARY))
def test_binary_unsupported_operands_raises_type_error(compiler, api):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, getattr(mod, api), None, 1.5)
    assert message == python_message(TypeError, BINARY[api][0], None, 1.5)
    assert "unsupported operand type(s)" in message


@pytest.mark.parametrize("api", DIVISIONS)
def test_division_by_zero_raises_zero_division_error(compiler, api):
    mod = compiler.make_module(number_source())
    message = raises(ZeroDivisionError, getattr(mod, api), 1, 0)
    assert message == python_message(ZeroDivisionError, BINARY[api][0], 1, 0)


@pytest.mark.parametrize("api", ["HPy_Lshift", "HPy_Rshift"])
def test_shift_by_negative_count_raises_value_error(compiler, api):
    mod = compiler.make_module(number_source())
    assert "negative shift count" in raises(ValueError, getattr(mod, api), 1, -1)


def test_binary_dunder_raising_propagates(compiler):
    class Bad:
        def __add__(self, other):
            raise KeyError("no add today")

    mod = compiler.make_module(number_source())
    assert raises(KeyError, mod.HPy_Add, Bad(), 1) == "'no add today'"


# ---- HPy_Power -------------------------------------------------------------------------


def test_power_with_none_is_two_argument_pow(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Power(2, 100, None) == 2 ** 100


def test_power_with_modulo(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Power(2, 100, 1000) == pow(2, 100, 1000)


def test_power_negative_exponent_gives_float(compiler):
    mod = compiler.make_module(number_source())
    result = mod.HPy_Power(2, -2, None)
    assert (type(result), result) == (float, 0.25)


def test_power_float(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Power(2.0, 0.5, None) == 2.0 ** 0.5


def test_power_modulo_zero_raises_value_error(compiler):
    mod = compiler.make_module(number_source())
    assert "cannot be 0" in raises(ValueError, mod.HPy_Power, 2, 3, 0)


def test_power_modulo_with_float_raises_type_error(compiler):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, mod.HPy_Power, 2.0, 3, 5)
    assert message == python_message(TypeError, pow, 2.0, 3, 5)


def test_power_calls_dunder_pow_with_modulo(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Power(Recorder(), 3, 7) == ("__pow__", 3, 7)


def test_power_calls_dunder_pow_without_modulo(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Power(Recorder(), 3, None) == ("__pow__", 3, None)


def test_power_calls_reflected_dunder_rpow(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Power(3, Recorder(), None) == ("__rpow__", 3)


def test_power_unsupported_operands_raises_type_error(compiler):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, mod.HPy_Power, None, 2, None)
    assert message == python_message(TypeError, pow, None, 2)
    # PyPy's own wording of the host message checked above
    assert ("operands do not support **" if IS_PYPY
            else "unsupported operand type(s) for ** or pow()") in message


# ---- unary operations, HPy_Index, HPy_Long, HPy_Float ------------------------------------


@pytest.mark.parametrize("api", list(UNARY))
def test_unary_on_int(compiler, api):
    mod = compiler.make_module(number_source())
    result = getattr(mod, api)(-5)
    expected = UNARY[api][0](-5)
    assert (type(result), result) == (type(expected), expected)


@pytest.mark.parametrize("api", ["HPy_Negative", "HPy_Positive", "HPy_Absolute"])
def test_unary_on_float(compiler, api):
    mod = compiler.make_module(number_source())
    assert getattr(mod, api)(-2.5) == UNARY[api][0](-2.5)


@pytest.mark.parametrize("api", ["HPy_Negative", "HPy_Positive", "HPy_Absolute",
                                 "HPy_Invert"])
def test_unary_calls_dunder(compiler, api):
    mod = compiler.make_module(number_source())
    assert getattr(mod, api)(Recorder()) == (f"__{UNARY[api][1]}__",)


@pytest.mark.parametrize("api", list(UNARY))
def test_unary_unsupported_operand_raises_type_error(compiler, api):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, getattr(mod, api), None)
    assert message == python_message(TypeError, UNARY[api][0], None)


def test_absolute_of_complex_is_its_magnitude(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Absolute(3 + 4j) == 5.0


def test_index_calls_dunder_index(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Index(Index(2 ** 70)) == 2 ** 70


def test_index_of_bool_is_like_operator_index(compiler):
    mod = compiler.make_module(number_source())
    result = mod.HPy_Index(True)
    expected = operator.index(True)  # int from Python 3.10 on, bool before
    assert (type(result), result) == (type(expected), 1)


def test_index_of_float_raises_type_error(compiler):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, mod.HPy_Index, 1.5)
    assert "'float' object cannot be interpreted as an integer" in message


def test_index_returning_non_int_raises_type_error(compiler):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, mod.HPy_Index, Index("1"))
    assert "__index__ returned non-int (type str)" in message


def test_long_truncates_float(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Long(-3.9) == -3


def test_long_parses_str(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Long(" 123 ") == 123


def test_long_of_bad_str_raises_value_error(compiler):
    mod = compiler.make_module(number_source())
    message = raises(ValueError, mod.HPy_Long, "12x")
    assert "invalid literal for int() with base 10: '12x'" in message


def test_long_calls_dunder_int(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Long(Recorder()) == 42


def test_long_of_float_infinity_raises_overflow(compiler):
    mod = compiler.make_module(number_source())
    message = raises(OverflowError, mod.HPy_Long, float("inf"))
    assert "cannot convert float infinity to integer" in message


def test_float_of_int_gives_float(compiler):
    mod = compiler.make_module(number_source())
    result = mod.HPy_Float(3)
    assert (type(result), result) == (float, 3.0)


def test_float_parses_str(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Float("1.25") == 1.25


def test_float_of_bad_str_raises_value_error(compiler):
    mod = compiler.make_module(number_source())
    message = raises(ValueError, mod.HPy_Float, "x1")
    assert "could not convert string to float: 'x1'" in message


def test_float_calls_dunder_float(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_Float(Recorder()) == 43.5


# ---- in-place operations ---------------------------------------------------------------


def test_inplace_add_extends_list_in_place(compiler):
    mod = compiler.make_module(number_source())
    items = [1]
    result = mod.HPy_InPlaceAdd(items, (2, 3))
    assert (result is items, items) == (True, [1, 2, 3])


def test_inplace_multiply_repeats_list_in_place(compiler):
    mod = compiler.make_module(number_source())
    items = [1, 2]
    result = mod.HPy_InPlaceMultiply(items, 2)
    assert (result is items, items) == (True, [1, 2, 1, 2])


@pytest.mark.parametrize("api, expected", [
    ("HPy_InPlaceSubtract", {1}),
    ("HPy_InPlaceAnd", {2, 3}),
    ("HPy_InPlaceXor", {1, 4}),
    ("HPy_InPlaceOr", {1, 2, 3, 4}),
])
def test_inplace_set_operation_modifies_set_in_place(compiler, api, expected):
    mod = compiler.make_module(number_source())
    items = {1, 2, 3}
    result = mod.__dict__[api](items, {2, 3, 4})
    assert (result is items, items) == (True, expected)


@pytest.mark.parametrize("api", list(INPLACE))
def test_inplace_calls_inplace_dunder(compiler, api):
    mod = compiler.make_module(number_source())
    obj = Recorder()
    result = getattr(mod, api)(obj, 5)
    assert (result is obj, obj.calls) == (True, [(f"__i{INPLACE[api][2]}__", 5)])


@pytest.mark.parametrize("api", INT_INPLACE)
def test_inplace_on_immutable_ints_gives_new_value(compiler, api):
    mod = compiler.make_module(number_source())
    assert getattr(mod, api)(23, 5) == INPLACE[api][0](23, 5)


@pytest.mark.parametrize("api", list(INPLACE))
def test_inplace_without_inplace_dunder_falls_back_to_binary_dunder(compiler, api):
    class OnlyBinary:
        pass

    name = INPLACE[api][2]
    setattr(OnlyBinary, f"__{name}__", lambda self, other: (f"__{name}__", other))
    mod = compiler.make_module(number_source())
    assert getattr(mod, api)(OnlyBinary(), 5) == (f"__{name}__", 5)


def test_inplace_add_on_tuple_gives_new_tuple(compiler):
    mod = compiler.make_module(number_source())
    items = (1,)
    result = mod.HPy_InPlaceAdd(items, (2,))
    assert (result, items) == ((1, 2), (1,))


@pytest.mark.parametrize("api", list(INPLACE))
def test_inplace_unsupported_operands_raises_type_error(compiler, api):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, getattr(mod, api), None, 1.5)
    assert message == python_message(TypeError, INPLACE[api][0], None, 1.5)
    assert "unsupported operand type(s)" in message


def test_inplace_power_with_none(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_InPlacePower(3, 4, None) == 81


def test_inplace_power_with_modulo(compiler):
    mod = compiler.make_module(number_source())
    assert mod.HPy_InPlacePower(3, 100, 7) == pow(3, 100, 7)


def test_inplace_power_calls_dunder_ipow(compiler):
    mod = compiler.make_module(number_source())
    obj = Recorder()
    result = mod.HPy_InPlacePower(obj, 3, None)
    assert (result is obj, obj.calls) == (True, [("__ipow__", 3)])


def test_inplace_power_unsupported_operands_raises_type_error(compiler):
    mod = compiler.make_module(number_source())
    message = raises(TypeError, mod.HPy_InPlacePower, None, 2, None)
    assert message == python_message(TypeError, operator.ipow, None, 2)
    # PyPy's own wording of the host message checked above
    assert ("operands do not support **" if IS_PYPY
            else "unsupported operand type(s) for **") in message
