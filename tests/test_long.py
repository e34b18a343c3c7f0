"""int conversions: HPyLong_From*/HPyLong_As* (fixed-width slots, their Mask variants) and
the C-type inline helpers (long, unsigned long, long long, pid_t)."""
import ctypes
import sys

import pytest

LONG_BITS = 8 * ctypes.sizeof(ctypes.c_long)
LONG_MIN, LONG_MAX = -2 ** (LONG_BITS - 1), 2 ** (LONG_BITS - 1) - 1
ULONG_MAX = 2 ** LONG_BITS - 1
SIZE_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)) - 1
SSIZE_MIN, SSIZE_MAX = -sys.maxsize - 1, sys.maxsize
POINTER_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_void_p)) - 1

INT32_MESSAGE = "Python int too large to convert to C int32_t"
UINT32_MESSAGE = "Python int too large to convert to C uint32_t"


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


class Index:
    """Not an int, but convertible to one by __index__."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class IntSubclass(int):
    pass


# ---- HPyLong_From* --------------------------------------------------------------------

FROM = {
    # api: (C type, C minimum, C maximum, Python minimum, Python maximum)
    "HPyLong_FromInt32_t": ("int32_t", "INT32_MIN", "INT32_MAX", -2 ** 31, 2 ** 31 - 1),
    "HPyLong_FromUInt32_t": ("uint32_t", "0", "UINT32_MAX", 0, 2 ** 32 - 1),
    "HPyLong_FromInt64_t": ("int64_t", "INT64_MIN", "INT64_MAX", -2 ** 63, 2 ** 63 - 1),
    "HPyLong_FromUInt64_t": ("uint64_t", "0", "UINT64_MAX", 0, 2 ** 64 - 1),
    "HPyLong_FromSize_t": ("size_t", "0", "SIZE_MAX", 0, SIZE_MAX),
    "HPyLong_FromSsize_t": ("HPy_ssize_t", "HPY_SSIZE_T_MIN", "HPY_SSIZE_T_MAX",
                            SSIZE_MIN, SSIZE_MAX),
    "HPyLong_FromLong": ("long", "LONG_MIN", "LONG_MAX", LONG_MIN, LONG_MAX),
    "HPyLong_FromUnsignedLong": ("unsigned long", "0", "ULONG_MAX", 0, ULONG_MAX),
    "HPyLong_FromLongLong": ("long long", "LLONG_MIN", "LLONG_MAX", -2 ** 63, 2 ** 63 - 1),
    "HPyLong_FromUnsignedLongLong": ("unsigned long long", "0", "ULLONG_MAX",
                                     0, 2 ** 64 - 1),
}


def from_source():
    """For each api: <api>_min(), <api>_max() and <api>_42() return api(constant)."""
    parts = ["#include <limits.h>\n"]
    exports = []
    for api, (ctype, c_min, c_max, _, _) in FROM.items():
        for suffix, value in (("min", c_min), ("max", c_max), ("42", "42")):
            name = f"{api}_{suffix}"
            parts.append(f"""
HPyDef_METH(t_{name}, "{name}", HPyFunc_NOARGS)
static HPy t_{name}_impl(HPyContext *ctx, HPy self)
{{
    {ctype} value = {value};
    (void)self;
    return {api}(ctx, value);
}}
""")
            exports.append(f"@EXPORT(t_{name})")
    return "".join(parts) + "\n".join(exports) + "\n@INIT\n"


@pytest.mark.parametrize("api", list(FROM))
def test_from_minimum_of_c_type_gives_exact_int(compiler, api):
    mod = compiler.make_module(from_source())
    result = getattr(mod, f"{api}_min")()
    assert (type(result), result) == (int, FROM[api][3])


@pytest.mark.parametrize("api", list(FROM))
def test_from_maximum_of_c_type_gives_exact_int(compiler, api):
    mod = compiler.make_module(from_source())
    result = getattr(mod, f"{api}_max")()
    assert (type(result), result) == (int, FROM[api][4])


@pytest.mark.parametrize("api", list(FROM))
def test_from_small_value_gives_int(compiler, api):
    mod = compiler.make_module(from_source())
    result = getattr(mod, f"{api}_42")()
    assert (type(result), result) == (int, 42)


# ---- HPyLong_As* with overflow checking ----------------------------------------------

AS = {
    # api: (C type, api converting the C value back, minimum, maximum)
    "HPyLong_AsInt32_t": ("int32_t", "HPyLong_FromInt32_t", -2 ** 31, 2 ** 31 - 1),
    "HPyLong_AsUInt32_t": ("uint32_t", "HPyLong_FromUInt32_t", 0, 2 ** 32 - 1),
    "HPyLong_AsInt64_t": ("int64_t", "HPyLong_FromInt64_t", -2 ** 63, 2 ** 63 - 1),
    "HPyLong_AsUInt64_t": ("uint64_t", "HPyLong_FromUInt64_t", 0, 2 ** 64 - 1),
    "HPyLong_AsSize_t": ("size_t", "HPyLong_FromSize_t", 0, SIZE_MAX),
    "HPyLong_AsSsize_t": ("HPy_ssize_t", "HPyLong_FromSsize_t", SSIZE_MIN, SSIZE_MAX),
    "HPyLong_AsLong": ("long", "HPyLong_FromLong", LONG_MIN, LONG_MAX),
    "HPyLong_AsUnsignedLong": ("unsigned long", "HPyLong_FromUnsignedLong", 0, ULONG_MAX),
    "HPyLong_AsLongLong": ("long long", "HPyLong_FromLongLong", -2 ** 63, 2 ** 63 - 1),
    "HPyLong_AsUnsignedLongLong": ("unsigned long long", "HPyLong_FromUnsignedLongLong",
                                   0, 2 ** 64 - 1),
}
SIGNED = [api for api in AS if AS[api][2] < 0]
UNSIGNED = [api for api in AS if AS[api][2] == 0]
# the signed conversions that call __index__ on a non-int (HPyLong_AsSsize_t does not)
INDEX_ACCEPTING = ["HPyLong_AsInt32_t", "HPyLong_AsInt64_t", "HPyLong_AsLong",
                   "HPyLong_AsLongLong"]
# the messages that are ours; the others come from CPython (checked by a fragment)
OUR_MESSAGES = {"HPyLong_AsInt32_t": INT32_MESSAGE, "HPyLong_AsUInt32_t": UINT32_MESSAGE}

MASK = {
    # api: (C type, api converting the C value back, bits)
    "HPyLong_AsUInt32_tMask": ("uint32_t", "HPyLong_FromUInt32_t", 32),
    "HPyLong_AsUInt64_tMask": ("uint64_t", "HPyLong_FromUInt64_t", 64),
    "HPyLong_AsUnsignedLongMask": ("unsigned long", "HPyLong_FromUnsignedLong", LONG_BITS),
    "HPyLong_AsUnsignedLongLongMask": ("unsigned long long", "HPyLong_FromUnsignedLongLong",
                                       64),
}


def as_source():
    """For each api: <api>(x) converts x and back to int; <api>_error_value(x) returns
    what api returned while setting an exception (after clearing it), or None."""
    parts = []
    exports = []
    for api, (ctype, back, *_) in {**AS, **MASK}.items():
        parts.append(f"""
HPyDef_METH(t_{api}, "{api}", HPyFunc_O)
static HPy t_{api}_impl(HPyContext *ctx, HPy self, HPy arg)
{{
    {ctype} value = {api}(ctx, arg);
    (void)self;
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return {back}(ctx, value);
}}

HPyDef_METH(t_{api}_error_value, "{api}_error_value", HPyFunc_O)
static HPy t_{api}_error_value_impl(HPyContext *ctx, HPy self, HPy arg)
{{
    {ctype} value = {api}(ctx, arg);
    (void)self;
    if (!HPyErr_Occurred(ctx))
        return HPy_Dup(ctx, ctx->h_None);
    HPyErr_Clear(ctx);
    return {back}(ctx, value);
}}
""")
        exports += [f"@EXPORT(t_{api})", f"@EXPORT(t_{api}_error_value)"]
    return "".join(parts) + "\n".join(exports) + "\n@INIT\n"


def check_overflow_message(api, message):
    if api in OUR_MESSAGES:
        assert message == OUR_MESSAGES[api]
    else:
        assert "to convert" in message


@pytest.mark.parametrize("api", list(AS))
def test_as_minimum_of_range_round_trips(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(AS[api][2]) == AS[api][2]


@pytest.mark.parametrize("api", list(AS))
def test_as_maximum_of_range_round_trips(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(AS[api][3]) == AS[api][3]


@pytest.mark.parametrize("api", list(AS))
def test_as_small_value_round_trips(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(42) == 42


@pytest.mark.parametrize("api", list(AS))
def test_as_one_above_maximum_raises_overflow(compiler, api):
    mod = compiler.make_module(as_source())
    message = raises(OverflowError, getattr(mod, api), AS[api][3] + 1)
    check_overflow_message(api, message)


@pytest.mark.parametrize("api", SIGNED)
def test_as_one_below_minimum_raises_overflow(compiler, api):
    mod = compiler.make_module(as_source())
    message = raises(OverflowError, getattr(mod, api), AS[api][2] - 1)
    check_overflow_message(api, message)


@pytest.mark.parametrize("api", list(AS))
def test_as_big_int_raises_overflow(compiler, api):
    mod = compiler.make_module(as_source())
    message = raises(OverflowError, getattr(mod, api), 2 ** 100)
    check_overflow_message(api, message)


@pytest.mark.parametrize("api", SIGNED)
def test_as_big_negative_int_raises_overflow(compiler, api):
    mod = compiler.make_module(as_source())
    message = raises(OverflowError, getattr(mod, api), -2 ** 100)
    check_overflow_message(api, message)


@pytest.mark.parametrize("api", UNSIGNED)
def test_as_unsigned_of_minus_one_raises_overflow(compiler, api):
    mod = compiler.make_module(as_source())
    assert "negative" in raises(OverflowError, getattr(mod, api), -1)


@pytest.mark.parametrize("api", UNSIGNED)
def test_as_unsigned_of_big_negative_int_raises_overflow(compiler, api):
    mod = compiler.make_module(as_source())
    assert "negative" in raises(OverflowError, getattr(mod, api), -2 ** 100)


@pytest.mark.parametrize("api", list(AS))
def test_as_str_raises_type_error(compiler, api):
    mod = compiler.make_module(as_source())
    assert "integer" in raises(TypeError, getattr(mod, api), "42")


@pytest.mark.parametrize("api", list(AS))
def test_as_none_raises_type_error(compiler, api):
    mod = compiler.make_module(as_source())
    assert "integer" in raises(TypeError, getattr(mod, api), None)


@pytest.mark.parametrize("api", list(AS))
def test_as_error_returns_minus_one_cast_to_c_type(compiler, api):
    mod = compiler.make_module(as_source())
    expected = -1 if api in SIGNED else AS[api][3]
    assert getattr(mod, f"{api}_error_value")("42") == expected


@pytest.mark.parametrize("api", list(AS))
def test_as_overflow_returns_minus_one_cast_to_c_type(compiler, api):
    mod = compiler.make_module(as_source())
    expected = -1 if api in SIGNED else AS[api][3]
    assert getattr(mod, f"{api}_error_value")(2 ** 100) == expected


@pytest.mark.parametrize("api", list(AS))
def test_as_minus_one_is_a_value_not_an_error(compiler, api):
    mod = compiler.make_module(as_source())
    value = -1 if api in SIGNED else AS[api][3]
    assert getattr(mod, f"{api}_error_value")(value) is None


@pytest.mark.parametrize("api", list(AS))
def test_as_accepts_bool(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(True) == 1


@pytest.mark.parametrize("api", list(AS))
def test_as_accepts_int_subclass(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(IntSubclass(7)) == 7


@pytest.mark.parametrize("api", INDEX_ACCEPTING)
def test_as_accepts_object_with_index(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(Index(-5)) == -5


def test_as_int32_index_result_out_of_range_raises_overflow(compiler):
    mod = compiler.make_module(as_source())
    assert raises(OverflowError, mod.HPyLong_AsInt32_t, Index(2 ** 31)) == INT32_MESSAGE


def test_as_int32_index_raising_propagates(compiler):
    class Bad:
        def __index__(self):
            raise ValueError("no index today")

    mod = compiler.make_module(as_source())
    assert raises(ValueError, mod.HPyLong_AsInt32_t, Bad()) == "no index today"


# ---- Mask variants ---------------------------------------------------------------------


@pytest.mark.parametrize("api", list(MASK))
def test_mask_keeps_value_in_range(compiler, api):
    mod = compiler.make_module(as_source())
    top = 2 ** MASK[api][2] - 1
    assert (getattr(mod, api)(0), getattr(mod, api)(top)) == (0, top)


@pytest.mark.parametrize("api", list(MASK))
def test_mask_wraps_one_above_maximum_to_zero(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(2 ** MASK[api][2]) == 0


@pytest.mark.parametrize("api", list(MASK))
def test_mask_minus_one_gives_all_bits_set(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(-1) == 2 ** MASK[api][2] - 1


@pytest.mark.parametrize("api", list(MASK))
def test_mask_big_int_keeps_low_bits(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(2 ** 100 + 2 ** 70 + 5) == 5


@pytest.mark.parametrize("api", list(MASK))
def test_mask_big_negative_int_is_taken_modulo(compiler, api):
    mod = compiler.make_module(as_source())
    value = -2 ** 100 - 3
    assert getattr(mod, api)(value) == value % 2 ** MASK[api][2]


@pytest.mark.parametrize("api", list(MASK))
def test_mask_accepts_object_with_index(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, api)(Index(2 ** MASK[api][2] + 9)) == 9


@pytest.mark.parametrize("api", list(MASK))
def test_mask_str_raises_type_error(compiler, api):
    mod = compiler.make_module(as_source())
    assert "integer" in raises(TypeError, getattr(mod, api), "42")


@pytest.mark.parametrize("api", list(MASK))
def test_mask_error_returns_all_bits_set(compiler, api):
    mod = compiler.make_module(as_source())
    assert getattr(mod, f"{api}_error_value")(None) == 2 ** MASK[api][2] - 1


# ---- HPyLong_AsDouble ------------------------------------------------------------------

AS_DOUBLE = """
HPyDef_METH(as_double, "as_double", HPyFunc_O)
static HPy as_double_impl(HPyContext *ctx, HPy self, HPy arg)
{
    double value = HPyLong_AsDouble(ctx, arg);
    (void)self;
    if (value == -1.0 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyFloat_FromDouble(ctx, value);
}

HPyDef_METH(as_double_error_value, "as_double_error_value", HPyFunc_O)
static HPy as_double_error_value_impl(HPyContext *ctx, HPy self, HPy arg)
{
    double value = HPyLong_AsDouble(ctx, arg);
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


@pytest.mark.parametrize("value", [0, -7, 2 ** 53, -2 ** 53, 2 ** 1023], ids=str)
def test_as_double_exact_values(compiler, value):
    mod = compiler.make_module(AS_DOUBLE)
    result = mod.as_double(value)
    assert (type(result), result) == (float, float(value))


def test_as_double_rounds_like_float(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    value = 2 ** 53 + 1
    assert mod.as_double(value) == float(value)


def test_as_double_too_large_raises_overflow(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert "too large to convert to float" in raises(OverflowError, mod.as_double, 2 ** 1024)


def test_as_double_too_negative_raises_overflow(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert "too large to convert to float" in raises(OverflowError, mod.as_double, -2 ** 1024)


def test_as_double_str_raises_type_error(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert "integer" in raises(TypeError, mod.as_double, "1")


def test_as_double_error_returns_minus_one(compiler):
    mod = compiler.make_module(AS_DOUBLE)
    assert mod.as_double_error_value(2 ** 1024) == -1.0


# ---- HPyLong_AsVoidPtr -----------------------------------------------------------------

AS_VOIDPTR = """
static int target;

/* the address of a C variable as an int */
HPyDef_METH(address_of_target, "address_of_target", HPyFunc_NOARGS)
static HPy address_of_target_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromSize_t(ctx, (size_t)(uintptr_t)&target);
}

HPyDef_METH(points_to_target, "points_to_target", HPyFunc_O)
static HPy points_to_target_impl(HPyContext *ctx, HPy self, HPy arg)
{
    void *p = HPyLong_AsVoidPtr(ctx, arg);
    (void)self;
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBool_FromLong(ctx, p == (void *)&target);
}

HPyDef_METH(as_voidptr, "as_voidptr", HPyFunc_O)
static HPy as_voidptr_impl(HPyContext *ctx, HPy self, HPy arg)
{
    void *p = HPyLong_AsVoidPtr(ctx, arg);
    (void)self;
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromSize_t(ctx, (size_t)(uintptr_t)p);
}

HPyDef_METH(as_voidptr_is_null, "as_voidptr_is_null", HPyFunc_O)
static HPy as_voidptr_is_null_impl(HPyContext *ctx, HPy self, HPy arg)
{
    void *p = HPyLong_AsVoidPtr(ctx, arg);
    (void)self;
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBool_FromLong(ctx, p == NULL);
}

HPyDef_METH(as_voidptr_error_is_null, "as_voidptr_error_is_null", HPyFunc_O)
static HPy as_voidptr_error_is_null_impl(HPyContext *ctx, HPy self, HPy arg)
{
    void *p = HPyLong_AsVoidPtr(ctx, arg);
    (void)self;
    if (!HPyErr_Occurred(ctx))
        return HPy_Dup(ctx, ctx->h_None);
    HPyErr_Clear(ctx);
    return HPyBool_FromLong(ctx, p == NULL);
}

@EXPORT(address_of_target)
@EXPORT(points_to_target)
@EXPORT(as_voidptr)
@EXPORT(as_voidptr_is_null)
@EXPORT(as_voidptr_error_is_null)
@INIT
"""


def test_as_voidptr_round_trips_a_c_address(compiler):
    mod = compiler.make_module(AS_VOIDPTR)
    assert mod.points_to_target(mod.address_of_target()) is True


def test_as_voidptr_other_address_is_a_different_pointer(compiler):
    mod = compiler.make_module(AS_VOIDPTR)
    assert mod.points_to_target(mod.address_of_target() + 8) is False


def test_as_voidptr_zero_is_null(compiler):
    mod = compiler.make_module(AS_VOIDPTR)
    assert mod.as_voidptr_is_null(0) is True


@pytest.mark.parametrize("value", [1, 2 ** 40 + 12, POINTER_MAX], ids=hex)
def test_as_voidptr_keeps_every_bit(compiler, value):
    mod = compiler.make_module(AS_VOIDPTR)
    assert mod.as_voidptr(value) == value


def test_as_voidptr_too_large_raises_overflow(compiler):
    mod = compiler.make_module(AS_VOIDPTR)
    assert "to convert" in raises(OverflowError, mod.as_voidptr, POINTER_MAX + 1)


def test_as_voidptr_str_raises_type_error(compiler):
    mod = compiler.make_module(AS_VOIDPTR)
    assert "integer" in raises(TypeError, mod.as_voidptr, "0")


def test_as_voidptr_error_returns_null(compiler):
    mod = compiler.make_module(AS_VOIDPTR)
    assert mod.as_voidptr_error_is_null(None) is True


# ---- HPyLong_FromPid / HPyLong_AsPid ---------------------------------------------------

PID = """
#include <sys/types.h>

HPyDef_METH(pid_round_trip, "pid_round_trip", HPyFunc_O)
static HPy pid_round_trip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    pid_t pid = HPyLong_AsPid(ctx, arg);
    (void)self;
    if (pid == (pid_t)-1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromPid(ctx, pid);
}

HPyDef_METH(from_pid_12345, "from_pid_12345", HPyFunc_NOARGS)
static HPy from_pid_12345_impl(HPyContext *ctx, HPy self)
{
    pid_t pid = 12345;
    (void)self;
    return HPyLong_FromPid(ctx, pid);
}

@EXPORT(pid_round_trip)
@EXPORT(from_pid_12345)
@INIT
"""


def test_from_pid_gives_int(compiler):
    mod = compiler.make_module(PID)
    result = mod.from_pid_12345()
    assert (type(result), result) == (int, 12345)


@pytest.mark.parametrize("value", [4194304, 0, -1, 2 ** 31 - 1], ids=str)
def test_as_pid_round_trips(compiler, value):
    mod = compiler.make_module(PID)
    assert mod.pid_round_trip(value) == value


def test_as_pid_str_raises_type_error(compiler):
    mod = compiler.make_module(PID)
    assert "integer" in raises(TypeError, mod.pid_round_trip, "1")


def test_as_pid_big_int_raises_overflow(compiler):
    mod = compiler.make_module(PID)
    assert "to convert" in raises(OverflowError, mod.pid_round_trip, 2 ** 100)
