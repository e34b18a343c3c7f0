"""bool: HPyBool_FromBool, HPyBool_FromLong and HPy_IsTrue."""
import ctypes

import pytest

from support.pypy import IS_PYPY

LONG_BITS = 8 * ctypes.sizeof(ctypes.c_long)
LONG_MIN, LONG_MAX = -2 ** (LONG_BITS - 1), 2 ** (LONG_BITS - 1) - 1


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


BOOL = """
HPyDef_METH(from_bool_true, "from_bool_true", HPyFunc_NOARGS)
static HPy from_bool_true_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBool_FromBool(ctx, true);
}

HPyDef_METH(from_bool_false, "from_bool_false", HPyFunc_NOARGS)
static HPy from_bool_false_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBool_FromBool(ctx, false);
}

/* a bool made from a C comparison, the usual way to get one */
HPyDef_METH(from_bool_is_positive, "from_bool_is_positive", HPyFunc_O)
static HPy from_bool_is_positive_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long v = HPyLong_AsLong(ctx, arg);
    (void)self;
    if (v == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBool_FromBool(ctx, v > 0);
}

HPyDef_METH(from_long, "from_long", HPyFunc_O)
static HPy from_long_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long v = HPyLong_AsLong(ctx, arg);
    (void)self;
    if (v == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBool_FromLong(ctx, v);
}

/* HPy_IsTrue's C result (1, 0 or -1) as an int; -1 keeps the exception */
HPyDef_METH(is_true, "is_true", HPyFunc_O)
static HPy is_true_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int result = HPy_IsTrue(ctx, arg);
    (void)self;
    if (result == -1)
        return HPy_NULL;
    return HPyLong_FromLong(ctx, result);
}

HPyDef_METH(is_true_error_value, "is_true_error_value", HPyFunc_O)
static HPy is_true_error_value_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int result = HPy_IsTrue(ctx, arg);
    (void)self;
    if (!HPyErr_Occurred(ctx))
        return HPy_Dup(ctx, ctx->h_None);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, result);
}

@EXPORT(from_bool_true)
@EXPORT(from_bool_false)
@EXPORT(from_bool_is_positive)
@EXPORT(from_long)
@EXPORT(is_true)
@EXPORT(is_true_error_value)
@INIT
"""


# ---- HPyBool_FromBool ------------------------------------------------------------------


def test_from_bool_true_is_true(compiler):
    mod = compiler.make_module(BOOL)
    assert mod.from_bool_true() is True


def test_from_bool_false_is_false(compiler):
    mod = compiler.make_module(BOOL)
    assert mod.from_bool_false() is False


@pytest.mark.parametrize("value, expected", [(5, True), (0, False), (-5, False)])
def test_from_bool_of_c_comparison(compiler, value, expected):
    mod = compiler.make_module(BOOL)
    assert mod.from_bool_is_positive(value) is expected


# ---- HPyBool_FromLong ------------------------------------------------------------------


def test_from_long_zero_is_false(compiler):
    mod = compiler.make_module(BOOL)
    assert mod.from_long(0) is False


@pytest.mark.parametrize("value", [1, -1, 2, LONG_MAX, LONG_MIN], ids=str)
def test_from_long_non_zero_is_true(compiler, value):
    mod = compiler.make_module(BOOL)
    assert mod.from_long(value) is True


def test_from_long_value_with_zero_low_32_bits_is_true(compiler):
    mod = compiler.make_module(BOOL)
    value = 2 ** 32 if LONG_BITS == 64 else 2 ** 16
    assert mod.from_long(value) is True


# ---- HPy_IsTrue ------------------------------------------------------------------------


class Truth:
    def __init__(self, value):
        self.value = value

    def __bool__(self):
        return self.value


class Sized:
    def __init__(self, length):
        self.length = length

    def __len__(self):
        return self.length


class BoolRaises:
    def __bool__(self):
        raise ZeroDivisionError("no truth today")


FALSY = [False, None, 0, 0.0, 0j, "", b"", (), [], {}, set(), range(0)]
TRUTHY = [True, 1, -1, 0.5, "0", b"\0", (0,), [0], {0: 0}, object(), int, range(1)]


@pytest.mark.parametrize("value", FALSY, ids=repr)
def test_is_true_falsy_builtin_gives_zero(compiler, value):
    mod = compiler.make_module(BOOL)
    assert mod.is_true(value) == 0


@pytest.mark.parametrize("value", TRUTHY, ids=lambda v: type(v).__name__ + "-" + repr(v)[:10])
def test_is_true_truthy_builtin_gives_one(compiler, value):
    mod = compiler.make_module(BOOL)
    assert mod.is_true(value) == 1


@pytest.mark.parametrize("value, expected", [(True, 1), (False, 0)])
def test_is_true_calls_dunder_bool(compiler, value, expected):
    mod = compiler.make_module(BOOL)
    assert mod.is_true(Truth(value)) == expected


@pytest.mark.parametrize("length, expected", [(3, 1), (0, 0)])
def test_is_true_falls_back_to_dunder_len(compiler, length, expected):
    mod = compiler.make_module(BOOL)
    assert mod.is_true(Sized(length)) == expected


def test_is_true_dunder_bool_raising_propagates(compiler):
    mod = compiler.make_module(BOOL)
    assert raises(ZeroDivisionError, mod.is_true, BoolRaises()) == "no truth today"


def test_is_true_dunder_bool_raising_returns_minus_one(compiler):
    mod = compiler.make_module(BOOL)
    assert mod.is_true_error_value(BoolRaises()) == -1


def test_is_true_dunder_bool_returning_int_raises_type_error(compiler):
    mod = compiler.make_module(BOOL)
    message = raises(TypeError, mod.is_true, Truth(1))
    # the host's bool() message: PyPy names the class of __bool__, CPython the result's type
    assert ("__bool__ should return bool, returned Truth" if IS_PYPY
            else "__bool__ should return bool, returned int") in message


def test_is_true_dunder_len_negative_raises_value_error(compiler):
    mod = compiler.make_module(BOOL)
    assert "__len__() should return >= 0" in raises(ValueError, mod.is_true, Sized(-1))


def test_is_true_success_sets_no_error(compiler):
    mod = compiler.make_module(BOOL)
    assert mod.is_true_error_value(Truth(False)) is None
