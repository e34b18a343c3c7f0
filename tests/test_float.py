"""float conversions: HPyFloat_FromDouble and HPyFloat_AsDouble."""
import math
import sys

import pytest

from support.pypy import IS_PYPY


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


class HasFloat:
    """Not a float, but convertible to one by __float__."""

    def __init__(self, value):
        self.value = value

    def __float__(self):
        return self.value


class FloatSubclass(float):
    pass


# ---- HPyFloat_FromDouble ---------------------------------------------------------------

FROM_DOUBLE = """
#include <float.h>
#include <math.h>

HPyDef_METH(from_double, "from_double", HPyFunc_O)
static HPy from_double_impl(HPyContext *ctx, HPy self, HPy arg)
{
    /* the double comes from the index of a table, so no float API is needed to pass it */
    static const double values[] = {1.5, -0.0, DBL_MAX, DBL_MIN, -DBL_MAX, 0.1};
    HPy_ssize_t i = HPyLong_AsSsize_t(ctx, arg);
    (void)self;
    if (i == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyFloat_FromDouble(ctx, values[i]);
}

HPyDef_METH(from_double_inf, "from_double_inf", HPyFunc_NOARGS)
static HPy from_double_inf_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyFloat_FromDouble(ctx, HUGE_VAL);
}

HPyDef_METH(from_double_nan, "from_double_nan", HPyFunc_NOARGS)
static HPy from_double_nan_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyFloat_FromDouble(ctx, nan(""));
}

HPyDef_METH(from_double_denormal, "from_double_denormal", HPyFunc_NOARGS)
static HPy from_double_denormal_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyFloat_FromDouble(ctx, DBL_MIN / 4.0);
}

@EXPORT(from_double)
@EXPORT(from_double_inf)
@EXPORT(from_double_nan)
@EXPORT(from_double_denormal)
@INIT
"""

TABLE = [1.5, -0.0, sys.float_info.max, sys.float_info.min, -sys.float_info.max, 0.1]


@pytest.mark.parametrize("index", range(len(TABLE)), ids=[repr(v) for v in TABLE])
def test_from_double_gives_exact_float(compiler, index):
    mod = compiler.make_module(FROM_DOUBLE)
    result = mod.from_double(index)
    assert (type(result), result) == (float, TABLE[index])


def test_from_double_keeps_sign_of_negative_zero(compiler):
    mod = compiler.make_module(FROM_DOUBLE)
    assert math.copysign(1.0, mod.from_double(1)) == -1.0


def test_from_double_infinity(compiler):
    mod = compiler.make_module(FROM_DOUBLE)
    assert mod.from_double_inf() == math.inf


def test_from_double_nan(compiler):
    mod = compiler.make_module(FROM_DOUBLE)
    assert math.isnan(mod.from_double_nan())


def test_from_double_denormal(compiler):
    mod = compiler.make_module(FROM_DOUBLE)
    assert mod.from_double_denormal() == sys.float_info.min / 4


# ---- HPyFloat_AsDouble -----------------------------------------------------------------

AS_DOUBLE = """
HPyDef_METH(as_double, "as_double", HPyFunc_O)
static HPy as_double_impl(HPyContext *ctx, HPy self, HPy arg)
{
    double value = HPyFloat_AsDouble(ctx, arg);
    (void)self;
    if (value == -1.0 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyFloat_FromDouble(ctx, value);
}

HPyDef_METH(as_double_error_value, "as_double_error_value", HPyFunc_O)
static HPy as_double_error_value_impl(HPyContext *ctx, HPy self, HPy arg)
{
    double value = HPyFloat_AsDouble(ctx, arg);
    (void)self;
    if (!HPyErr_Occurred(ctx))
        return HPy_Dup(ctx, ctx->h_None);
    HPyErr_Clear(ctx);
    return HPyFloat_FromDouble(ctx, value);
}

@EXPORT(as_double)
@EXPORT(as_double_error_value)
@INIT
"""


@pytest.mark.parametrize("value", [0.0, -2.5, 1e300, sys.float_info.min, math.inf, -math.inf],
                         ids=repr)
def test_as_double_of_float_is_its_value(compiler, value):
    mod = compiler.make_module(AS_DOUBLE)
    assert mod.as_double(value) == value


def test_as_double_of_nan_is_nan(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert math.isnan(mod.as_double(math.nan))


def test_as_double_of_negative_zero_keeps_sign(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert math.copysign(1.0, mod.as_double(-0.0)) == -1.0


def test_as_double_of_float_subclass(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert mod.as_double(FloatSubclass(4.25)) == 4.25


def test_as_double_of_int_converts(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    result = mod.as_double(3)
    assert (type(result), result) == (float, 3.0)


def test_as_double_of_big_int_raises_overflow(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert "too large to convert to float" in raises(OverflowError, mod.as_double, 2 ** 1024)


def test_as_double_calls_dunder_float(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert mod.as_double(HasFloat(6.5)) == 6.5


def test_as_double_dunder_float_returning_non_float_raises_type_error(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    message = raises(TypeError, mod.as_double, HasFloat(1))
    # the host's float() message: PyPy names the result's type, not the class
    assert ("__float__ returned non-float (type 'int')" if IS_PYPY
            else "HasFloat.__float__ returned non-float") in message


def test_as_double_dunder_float_raising_propagates(compiler):
    class Bad:
        def __float__(self):
            raise ValueError("no float today")

    mod = compiler.make_module(AS_DOUBLE)
    assert raises(ValueError, mod.as_double, Bad()) == "no float today"


def test_as_double_str_raises_type_error(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert "must be real number, not str" in raises(TypeError, mod.as_double, "1.0")


def test_as_double_none_raises_type_error(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert "must be real number, not NoneType" in raises(TypeError, mod.as_double, None)


def test_as_double_error_returns_minus_one(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert mod.as_double_error_value("1.0") == -1.0


def test_as_double_minus_one_is_a_value_not_an_error(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert mod.as_double_error_value(-1.0) is None
