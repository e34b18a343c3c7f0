"""HPyArg_Parse, HPyArg_ParseKeywords, HPyArg_ParseKeywordsDict (runtime/argparse.c)."""
import ctypes
import gc
import struct
import sys

import pytest

LONG_BITS = 8 * ctypes.sizeof(ctypes.c_long)
LONG_MIN, LONG_MAX = -2 ** (LONG_BITS - 1), 2 ** (LONG_BITS - 1) - 1
LLONG_MIN, LLONG_MAX = -2 ** 63, 2 ** 63 - 1
SSIZE_MIN, SSIZE_MAX = -sys.maxsize - 1, sys.maxsize


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


# ---- one function per unit: p_<unit>(x) returns what HPyArg_Parse stored ------------

UNITS = {
    # unit: (C type of the output, expression turning x into an HPy)
    "b": ("unsigned char", "HPyLong_FromLong(ctx, (long)x)"),
    "B": ("unsigned char", "HPyLong_FromLong(ctx, (long)x)"),
    "h": ("short", "HPyLong_FromLong(ctx, (long)x)"),
    "H": ("unsigned short", "HPyLong_FromLong(ctx, (long)x)"),
    "i": ("int", "HPyLong_FromLong(ctx, (long)x)"),
    "I": ("unsigned int", "HPyLong_FromUnsignedLong(ctx, (unsigned long)x)"),
    "l": ("long", "HPyLong_FromLong(ctx, x)"),
    "k": ("unsigned long", "HPyLong_FromUnsignedLong(ctx, x)"),
    "L": ("long long", "HPyLong_FromLongLong(ctx, x)"),
    "K": ("unsigned long long", "HPyLong_FromUnsignedLongLong(ctx, x)"),
    "n": ("HPy_ssize_t", "HPyLong_FromSsize_t(ctx, x)"),
    "f": ("float", "HPyFloat_FromDouble(ctx, (double)x)"),
    "d": ("double", "HPyFloat_FromDouble(ctx, x)"),
    "s": ("const char *", "HPyUnicode_FromString(ctx, x)"),
    "O": ("HPy", "HPy_Dup(ctx, x)"),
    "p": ("int", "HPyLong_FromLong(ctx, (long)x)"),
}


def units_module(compiler):
    parts = []
    for unit, (ctype, build) in UNITS.items():
        name = f"p_{unit}"
        parts.append(f"""
HPyDef_METH({name}, "{name}", HPyFunc_VARARGS)
static HPy {name}_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{{
    {ctype} x;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "{unit}:{name}", &x))
        return HPy_NULL;
    return {build};
}}
@EXPORT({name})
""")
    parts.append("@INIT")
    return compiler.make_module("\n".join(parts))


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class Float:
    def __float__(self):
        return 2.5


class BadBool:
    def __bool__(self):
        raise ZeroDivisionError("no truth")


def range_message(name, lo, hi, value):
    return f"{name}() argument 1 must be between {lo} and {hi}, not {value}"


def test_parse_b_bounds_are_accepted(compiler):
    mod = units_module(compiler)
    assert (mod.p_b(0), mod.p_b(255)) == (0, 255)


def test_parse_b_below_0_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_b, -1) == range_message("p_b", 0, 255, -1)


def test_parse_b_above_255_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_b, 256) == range_message("p_b", 0, 255, 256)


def test_parse_b_str_raises_type_error(compiler):
    mod = units_module(compiler)
    assert raises(TypeError, mod.p_b, "1") == "p_b() argument 1 must be int, not str"


def test_parse_b_float_raises_type_error(compiler):
    mod = units_module(compiler)
    assert raises(TypeError, mod.p_b, 1.0) == "p_b() argument 1 must be int, not float"


def test_parse_B_masks_without_overflow_check(compiler):
    mod = units_module(compiler)
    assert (mod.p_B(258), mod.p_B(-1)) == (2, 255)


def test_parse_h_bounds_are_accepted(compiler):
    mod = units_module(compiler)
    assert (mod.p_h(-32768), mod.p_h(32767)) == (-32768, 32767)


def test_parse_h_above_max_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_h, 32768) == range_message(
        "p_h", -32768, 32767, 32768)


def test_parse_h_below_min_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_h, -32769) == range_message(
        "p_h", -32768, 32767, -32769)


def test_parse_H_masks_without_overflow_check(compiler):
    mod = units_module(compiler)
    assert (mod.p_H(65536 + 5), mod.p_H(-1)) == (5, 65535)


def test_parse_i_bounds_are_accepted(compiler):
    mod = units_module(compiler)
    assert (mod.p_i(-2 ** 31), mod.p_i(2 ** 31 - 1)) == (-2 ** 31, 2 ** 31 - 1)


def test_parse_i_above_int_max_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_i, 2 ** 31) == range_message(
        "p_i", -2 ** 31, 2 ** 31 - 1, 2 ** 31)


def test_parse_i_below_int_min_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_i, -2 ** 31 - 1) == range_message(
        "p_i", -2 ** 31, 2 ** 31 - 1, -2 ** 31 - 1)


def test_parse_i_huge_int_raises_overflow_naming_the_value(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_i, 2 ** 100) == range_message(
        "p_i", -2 ** 31, 2 ** 31 - 1, 2 ** 100)


def test_parse_i_accepts_index_objects(compiler):
    mod = units_module(compiler)
    assert mod.p_i(Index(5)) == 5


def test_parse_i_none_raises_type_error(compiler):
    mod = units_module(compiler)
    assert raises(TypeError, mod.p_i, None) == "p_i() argument 1 must be int, not NoneType"


def test_parse_I_masks_without_overflow_check(compiler):
    mod = units_module(compiler)
    assert (mod.p_I(2 ** 32 + 5), mod.p_I(-1)) == (5, 2 ** 32 - 1)


def test_parse_l_bounds_are_accepted(compiler):
    mod = units_module(compiler)
    assert (mod.p_l(LONG_MIN), mod.p_l(LONG_MAX)) == (LONG_MIN, LONG_MAX)


def test_parse_l_above_max_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_l, LONG_MAX + 1) == range_message(
        "p_l", LONG_MIN, LONG_MAX, LONG_MAX + 1)


def test_parse_k_masks_without_overflow_check(compiler):
    mod = units_module(compiler)
    assert (mod.p_k(2 ** LONG_BITS + 3), mod.p_k(-1)) == (3, 2 ** LONG_BITS - 1)


def test_parse_L_bounds_are_accepted(compiler):
    mod = units_module(compiler)
    assert (mod.p_L(LLONG_MIN), mod.p_L(LLONG_MAX)) == (LLONG_MIN, LLONG_MAX)


def test_parse_L_below_min_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_L, LLONG_MIN - 1) == range_message(
        "p_L", LLONG_MIN, LLONG_MAX, LLONG_MIN - 1)


def test_parse_K_masks_without_overflow_check(compiler):
    mod = units_module(compiler)
    assert (mod.p_K(2 ** 100 + 9), mod.p_K(-1)) == (9, 2 ** 64 - 1)


def test_parse_K_str_raises_type_error(compiler):
    mod = units_module(compiler)
    assert raises(TypeError, mod.p_K, "9") == "p_K() argument 1 must be int, not str"


def test_parse_n_bounds_are_accepted(compiler):
    mod = units_module(compiler)
    assert (mod.p_n(SSIZE_MIN), mod.p_n(SSIZE_MAX)) == (SSIZE_MIN, SSIZE_MAX)


def test_parse_n_above_max_raises_overflow(compiler):
    mod = units_module(compiler)
    assert raises(OverflowError, mod.p_n, SSIZE_MAX + 1) == range_message(
        "p_n", SSIZE_MIN, SSIZE_MAX, SSIZE_MAX + 1)


def test_parse_f_rounds_to_float(compiler):
    mod = units_module(compiler)
    assert mod.p_f(0.1) == struct.unpack("f", struct.pack("f", 0.1))[0]


def test_parse_d_accepts_float_and_int(compiler):
    mod = units_module(compiler)
    assert (mod.p_d(0.1), mod.p_d(3)) == (0.1, 3.0)


def test_parse_d_accepts_objects_with_float(compiler):
    mod = units_module(compiler)
    assert mod.p_d(Float()) == 2.5


def test_parse_d_str_raises_type_error(compiler):
    mod = units_module(compiler)
    assert raises(TypeError, mod.p_d, "1.0") == "p_d() argument 1 must be float, not str"


def test_parse_f_none_raises_type_error(compiler):
    mod = units_module(compiler)
    assert raises(TypeError, mod.p_f, None) == "p_f() argument 1 must be float, not NoneType"


def test_parse_s_returns_utf8(compiler):
    mod = units_module(compiler)
    assert mod.p_s("h\u00e9llo \U0001f600") == "h\u00e9llo \U0001f600"


def test_parse_s_bytes_raises_type_error(compiler):
    mod = units_module(compiler)
    assert raises(TypeError, mod.p_s, b"x") == "p_s() argument 1 must be str, not bytes"


def test_parse_s_embedded_null_raises_value_error(compiler):
    mod = units_module(compiler)
    assert raises(ValueError, mod.p_s, "a\x00b") == (
        "p_s() argument 1 must not contain null characters")


def test_parse_O_stores_the_object(compiler):
    mod = units_module(compiler)
    obj = object()
    assert mod.p_O(obj) is obj


def test_parse_p_gives_truth_value(compiler):
    mod = units_module(compiler)
    assert (mod.p_p([]), mod.p_p([0]), mod.p_p("x")) == (0, 1, 1)


def test_parse_p_propagates_bool_error(compiler):
    mod = units_module(compiler)
    assert raises(ZeroDivisionError, mod.p_p, BadBool()) == "no truth"


# ---- HPyArg_Parse: counts, names, messages, format errors --------------------------

POSITIONAL = """
#define PARSE3(NAME, FMT)                                                        \\
HPyDef_METH(NAME, #NAME, HPyFunc_VARARGS)                                        \\
static HPy NAME##_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) \\
{                                                                                \\
    int a = -1, b = -2, c = -3;                                                  \\
    (void)self;                                                                  \\
    if (!HPyArg_Parse(ctx, NULL, args, nargs, FMT, &a, &b, &c))                  \\
        return HPy_NULL;                                                         \\
    return HPy_BuildValue(ctx, "iii", a, b, c);                                  \\
}

PARSE3(opt, "ii|i:opt")
PARSE3(exact, "iii:exact")
PARSE3(anon, "iii")
PARSE3(custom, "iii;custom message")
PARSE3(bad_unit, "ix")
PARSE3(bad_dollar, "i$i")
PARSE3(bad_bar, "i||i")

HPyDef_METH(one, "one", HPyFunc_VARARGS)
static HPy one_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int a;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "i:one", &a))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, a);
}

HPyDef_METH(none, "none", HPyFunc_VARARGS)
static HPy none_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, ":none"))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(tracked, "tracked", HPyFunc_VARARGS)
static HPy tracked_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTracker ht;
    HPy o, result;
    int i = 0;
    (void)self;
    if (!HPyArg_Parse(ctx, &ht, args, nargs, "O|i:tracked", &o, &i))
        return HPy_NULL;
    result = HPy_BuildValue(ctx, "Oi", o, i);
    HPyTracker_Close(ctx, ht);
    return result;
}

@EXPORT(opt)
@EXPORT(exact)
@EXPORT(anon)
@EXPORT(custom)
@EXPORT(bad_unit)
@EXPORT(bad_dollar)
@EXPORT(bad_bar)
@EXPORT(one)
@EXPORT(none)
@EXPORT(tracked)
@INIT
"""


def test_parse_optional_units_keep_their_defaults(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert mod.opt(1, 2) == (1, 2, -3)


def test_parse_optional_units_are_filled_when_given(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert mod.opt(1, 2, 3) == (1, 2, 3)


def test_parse_too_many_with_optional_says_at_most(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.opt, 1, 2, 3, 4) == "opt() takes at most 3 arguments (4 given)"


def test_parse_too_few_with_optional_says_at_least(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.opt, 1) == "opt() takes at least 2 arguments (1 given)"


def test_parse_too_few_without_optional_says_exactly(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.exact, 1) == "exact() takes exactly 3 arguments (1 given)"


def test_parse_too_many_without_optional_says_exactly(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.exact, 1, 2, 3, 4) == (
        "exact() takes exactly 3 arguments (4 given)")


def test_parse_one_argument_is_singular(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.one) == "one() takes exactly 1 argument (0 given)"


def test_parse_no_units_takes_no_arguments(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert mod.none() is None
    assert raises(TypeError, mod.none, 1) == "none() takes no arguments (1 given)"


def test_parse_type_error_names_the_position(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.exact, 1, 2, "3") == "exact() argument 3 must be int, not str"


def test_parse_without_name_says_function(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.anon, 1) == "function takes exactly 3 arguments (1 given)"


def test_parse_type_error_without_name_says_function(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.anon, 1, [], 3) == "function argument 2 must be int, not list"


def test_parse_custom_message_replaces_count_error(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.custom, 1) == "custom message"


def test_parse_custom_message_replaces_type_error(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.custom, 1, 2, "x") == "custom message"


def test_parse_custom_message_keeps_overflow_error(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(OverflowError, mod.custom, 1, 2 ** 40, 3) == (
        "function argument 2 must be between -2147483648 and 2147483647, not 1099511627776")


def test_parse_unknown_unit_raises_system_error(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(SystemError, mod.bad_unit, 1) == (
        "HPyArg_Parse: unknown unit 'x' in format \"ix\"")


def test_parse_dollar_raises_system_error(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(SystemError, mod.bad_dollar, 1) == (
        "HPyArg_Parse: '$' (keyword-only) is not allowed without keywords in format \"i$i\"")


def test_parse_bar_twice_raises_system_error(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(SystemError, mod.bad_bar, 1) == (
        "HPyArg_Parse: '|' given twice in format \"i||i\"")


def test_parse_O_with_tracker_stores_callers_handle(compiler):
    mod = compiler.make_module(POSITIONAL)
    obj = object()
    result = mod.tracked(obj, 4)
    assert result[0] is obj and result[1] == 4


def test_parse_failure_closes_tracker(compiler):
    mod = compiler.make_module(POSITIONAL)
    assert raises(TypeError, mod.tracked, object(), "4") == (
        "tracked() argument 2 must be int, not str")


# ---- HPyArg_ParseKeywords ---------------------------------------------------------

KEYWORDS = """
HPyDef_METH(kw, "kw", HPyFunc_KEYWORDS)
static HPy kw_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = {"a", "b", "c", NULL};
    long a = -1, b = -2, c = -3;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "l|l$l:kw", kwlist,
                              &a, &b, &c))
        return HPy_NULL;
    return HPy_BuildValue(ctx, "lll", a, b, c);
}

HPyDef_METH(posonly, "posonly", HPyFunc_KEYWORDS)
static HPy posonly_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                        HPy kwnames)
{
    static const char *kwlist[] = {"", "b", NULL};
    long a = -1, b = -2;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "ll:posonly", kwlist, &a, &b))
        return HPy_NULL;
    return HPy_BuildValue(ctx, "ll", a, b);
}

HPyDef_METH(kwonly, "kwonly", HPyFunc_KEYWORDS)
static HPy kwonly_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                       HPy kwnames)
{
    static const char *kwlist[] = {"a", NULL};
    long a = -1;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "$l:kwonly", kwlist, &a))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, a);
}

HPyDef_METH(objs, "objs", HPyFunc_KEYWORDS)
static HPy objs_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = {"o", "p", NULL};
    HPyTracker ht;
    HPy o, p = ctx->h_None, result;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|O:objs", kwlist, &o, &p))
        return HPy_NULL;
    result = HPy_BuildValue(ctx, "OO", o, p);
    HPyTracker_Close(ctx, ht);
    return result;
}

HPyDef_METH(kwstr, "kwstr", HPyFunc_KEYWORDS)
static HPy kwstr_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = {"s", NULL};
    const char *s;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "s:kwstr", kwlist, &s))
        return HPy_NULL;
    return HPyUnicode_FromString(ctx, s);
}

#define KW1(NAME, FMT, ...)                                                      \\
HPyDef_METH(NAME, #NAME, HPyFunc_KEYWORDS)                                       \\
static HPy NAME##_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, \\
                       HPy kwnames)                                              \\
{                                                                                \\
    static const char *kwlist[] = {__VA_ARGS__};                                 \\
    long a = -1, b = -2;                                                         \\
    (void)self;                                                                  \\
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, FMT, kwlist,      \\
                              &a, &b))                                           \\
        return HPy_NULL;                                                         \\
    return HPy_BuildValue(ctx, "ll", a, b);                                      \\
}

HPyDef_METH(obj_then_int, "obj_then_int", HPyFunc_KEYWORDS)
static HPy obj_then_int_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                             HPy kwnames)
{
    static const char *kwlist[] = {"o", "n", NULL};
    HPyTracker ht;
    HPy o;
    long n = 0;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "O|l:obj_then_int", kwlist,
                              &o, &n))
        return HPy_NULL;
    HPyTracker_Close(ctx, ht);
    return HPyLong_FromLong(ctx, n);
}

KW1(custom_kw, "l|l;custom kw message", "a", "b", NULL)
KW1(anon_kw, "l|l", "a", "b", NULL)
KW1(kw_no_ht, "O:kw_no_ht", "o", NULL)
KW1(kw_count, "ll", "a", NULL)
KW1(kw_empty_after, "ll", "a", "", NULL)
KW1(kw_dollar_bar, "l$|l", "a", "b", NULL)

@EXPORT(kw)
@EXPORT(posonly)
@EXPORT(kwonly)
@EXPORT(objs)
@EXPORT(kwstr)
@EXPORT(obj_then_int)
@EXPORT(custom_kw)
@EXPORT(anon_kw)
@EXPORT(kw_no_ht)
@EXPORT(kw_count)
@EXPORT(kw_empty_after)
@EXPORT(kw_dollar_bar)
@INIT
"""


def test_parse_keywords_positional_only_required(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert mod.kw(1) == (1, -2, -3)


def test_parse_keywords_positional_and_optional(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert mod.kw(1, 2) == (1, 2, -3)


def test_parse_keywords_all_by_name(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert mod.kw(c=3, b=2, a=1) == (1, 2, 3)


def test_parse_keywords_keyword_only_by_name(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert mod.kw(1, c=5) == (1, -2, 5)


def test_parse_keywords_keyword_only_by_position_raises(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.kw, 1, 2, 3) == (
        "kw() takes at most 2 positional arguments (3 given)")


def test_parse_keywords_missing_required_names_it(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.kw, b=2) == "kw() missing required argument 'a' (pos 1)"


def test_parse_keywords_given_twice_raises(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.kw, 1, a=2) == (
        "kw() got multiple values for argument 'a' (pos 1)")


def test_parse_keywords_unexpected_keyword_raises(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.kw, 1, d=4) == "kw() got an unexpected keyword argument 'd'"


def test_parse_keywords_type_error_by_keyword_names_it(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.kw, 1, b="x") == "kw() argument 'b' must be int, not str"


def test_parse_keywords_type_error_by_position_names_position(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.kw, "x") == "kw() argument 1 must be int, not str"


def test_parse_keywords_overflow_by_keyword_names_it(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(OverflowError, mod.kw, 1, c=2 ** 70) == (
        f"kw() argument 'c' must be between {LONG_MIN} and {LONG_MAX}, not {2 ** 70}")


def test_parse_keywords_positional_only_by_position(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert mod.posonly(1, 2) == (1, 2)


def test_parse_keywords_positional_only_then_keyword(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert mod.posonly(1, b=2) == (1, 2)


def test_parse_keywords_missing_positional_only_raises(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.posonly, b=2) == (
        "posonly() takes at least 1 positional argument (0 given)")


def test_parse_keywords_positional_only_has_no_name(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.posonly, 1, **{"": 2}) == (
        "posonly() got an unexpected keyword argument ''")


def test_parse_keywords_keyword_only_is_optional(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert (mod.kwonly(), mod.kwonly(a=3)) == (-1, 3)


def test_parse_keywords_no_positional_allowed(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.kwonly, 1) == (
        "kwonly() takes no positional arguments (1 given)")


def test_parse_keywords_O_returns_objects(compiler):
    mod = compiler.make_module(KEYWORDS)
    o, p = object(), object()
    result = mod.objs(o, p=p)
    assert result[0] is o and result[1] is p


def test_parse_keywords_O_failure_closes_tracker(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.objs, 1, p=2, q=3) == (
        "objs() got an unexpected keyword argument 'q'")


def test_parse_keywords_O_failure_after_O_releases_the_object(compiler):
    mod = compiler.make_module(KEYWORDS)
    obj = object()
    before = sys.getrefcount(obj)
    assert raises(TypeError, mod.obj_then_int, obj, n="x") == (
        "obj_then_int() argument 'n' must be int, not str")
    gc.collect()  # the traceback kept by pytest refers to obj through a cycle
    assert sys.getrefcount(obj) == before


def test_parse_keywords_O_success_releases_the_object_with_tracker(compiler):
    mod = compiler.make_module(KEYWORDS)
    obj = object()
    before = sys.getrefcount(obj)
    assert mod.obj_then_int(o=obj, n=3) == 3
    assert sys.getrefcount(obj) == before


def test_parse_keywords_s_by_keyword(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert mod.kwstr(s="\u00e9t\u00e9") == "\u00e9t\u00e9"


def test_parse_keywords_custom_message_replaces_keyword_errors(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.custom_kw, 1, z=2) == "custom kw message"


def test_parse_keywords_custom_message_replaces_type_error(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.custom_kw, a="x") == "custom kw message"


def test_parse_keywords_without_name_says_function(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(TypeError, mod.anon_kw, 1, zz=1) == (
        "function got an unexpected keyword argument 'zz'")


def test_parse_keywords_O_without_tracker_raises_system_error(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(SystemError, mod.kw_no_ht, 1) == (
        "HPyArg_ParseKeywords: unit 'O' needs a tracker but ht is NULL "
        "in format \"O:kw_no_ht\"")


def test_parse_keywords_wrong_number_of_names_raises_system_error(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(SystemError, mod.kw_count, 1, 2) == (
        "HPyArg_ParseKeywords: keywords[] does not have one name per unit (2 units) "
        "in format \"ll\"")


def test_parse_keywords_empty_name_after_named_raises_system_error(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(SystemError, mod.kw_empty_after, 1, 2) == (
        "HPyArg_ParseKeywords: empty keyword for unit 2 after a named one in format \"ll\"")


def test_parse_keywords_bar_after_dollar_raises_system_error(compiler):
    mod = compiler.make_module(KEYWORDS)
    assert raises(SystemError, mod.kw_dollar_bar, 1) == (
        "HPyArg_ParseKeywords: '|' after '$' in format \"l$|l\"")


# ---- HPyArg_ParseKeywordsDict: kd(args_tuple, kw_dict_or_None) -------------------

KWDICT = """
#define MAXARGS 8

static int unpack(HPyContext *ctx, HPy tuple, HPy *items, HPy_ssize_t *n)
{
    HPy_ssize_t i;
    *n = HPy_Length(ctx, tuple);
    if (*n < 0)
        return -1;
    if (*n > MAXARGS) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "test: too many arguments");
        return -1;
    }
    for (i = 0; i < *n; i++)
        items[i] = HPy_GetItem_i(ctx, tuple, i);
    return 0;
}

static void close_all(HPyContext *ctx, HPy *items, HPy_ssize_t n)
{
    HPy_ssize_t i;
    for (i = 0; i < n; i++)
        HPy_Close(ctx, items[i]);
}

static HPy kw_of(HPyContext *ctx, HPy h)
{
    return HPy_Is(ctx, h, ctx->h_None) ? HPy_NULL : h;
}

HPyDef_METH(kd, "kd", HPyFunc_VARARGS)
static HPy kd_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    static const char *kwlist[] = {"a", "b", "o", NULL};
    HPy items[MAXARGS];
    HPy_ssize_t n;
    HPyTracker ht;
    long a = -1, b = -2;
    HPy o = ctx->h_None, result;
    int ok;
    (void)self; (void)nargs;
    if (unpack(ctx, args[0], items, &n) < 0)
        return HPy_NULL;
    ok = HPyArg_ParseKeywordsDict(ctx, &ht, items, n, kw_of(ctx, args[1]), "l|lO:kd",
                                  kwlist, &a, &b, &o);
    if (!ok) {
        close_all(ctx, items, n);
        return HPy_NULL;
    }
    result = HPy_BuildValue(ctx, "llO", a, b, o);
    HPyTracker_Close(ctx, ht);
    close_all(ctx, items, n);
    return result;
}

#define KD_STR(NAME, USE_HT)                                                       \\
HPyDef_METH(NAME, #NAME, HPyFunc_VARARGS)                                        \\
static HPy NAME##_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) \\
{                                                                                \\
    static const char *kwlist[] = {"s", NULL};                                   \\
    HPy items[MAXARGS], result;                                                  \\
    HPy_ssize_t n;                                                               \\
    HPyTracker ht;                                                               \\
    const char *s = "default";                                                   \\
    int ok;                                                                      \\
    (void)self; (void)nargs; (void)ht;                                           \\
    if (unpack(ctx, args[0], items, &n) < 0)                                     \\
        return HPy_NULL;                                                         \\
    ok = HPyArg_ParseKeywordsDict(ctx, USE_HT ? &ht : NULL, items, n,          \\
                                  kw_of(ctx, args[1]), "|s:" #NAME, kwlist, &s); \\
    if (!ok) {                                                                   \\
        close_all(ctx, items, n);                                                \\
        return HPy_NULL;                                                         \\
    }                                                                            \\
    result = HPyUnicode_FromString(ctx, s);                                      \\
    if (USE_HT)                                                                  \\
        HPyTracker_Close(ctx, ht);                                               \\
    close_all(ctx, items, n);                                                    \\
    return result;                                                               \\
}

KD_STR(kd_s, 1)
KD_STR(kd_s_noht, 0)

@EXPORT(kd)
@EXPORT(kd_s)
@EXPORT(kd_s_noht)
@INIT
"""


def test_parse_dict_positional_only(compiler):
    mod = compiler.make_module(KWDICT)
    assert mod.kd((1,), None) == (1, -2, None)


def test_parse_dict_empty_dict_is_no_keywords(compiler):
    mod = compiler.make_module(KWDICT)
    assert mod.kd((1, 2), {}) == (1, 2, None)


def test_parse_dict_keyword_value(compiler):
    mod = compiler.make_module(KWDICT)
    assert mod.kd((1,), {"b": 2}) == (1, 2, None)


def test_parse_dict_O_by_keyword_returns_object(compiler):
    mod = compiler.make_module(KWDICT)
    obj = object()
    result = mod.kd((), {"a": 1, "o": obj})
    assert result[:2] == (1, -2) and result[2] is obj


def test_parse_dict_too_many_positional_raises(compiler):
    mod = compiler.make_module(KWDICT)
    assert raises(TypeError, mod.kd, (1, 2, 3, 4), None) == (
        "kd() takes at most 3 positional arguments (4 given)")


def test_parse_dict_unexpected_keyword_raises(compiler):
    mod = compiler.make_module(KWDICT)
    assert raises(TypeError, mod.kd, (1,), {"x": 1}) == (
        "kd() got an unexpected keyword argument 'x'")


def test_parse_dict_non_str_key_raises(compiler):
    mod = compiler.make_module(KWDICT)
    assert raises(TypeError, mod.kd, (1,), {1: 2}) == "kd() keywords must be strings, not 1"


def test_parse_dict_given_twice_raises(compiler):
    mod = compiler.make_module(KWDICT)
    assert raises(TypeError, mod.kd, (1,), {"a": 2}) == (
        "kd() got multiple values for argument 'a' (pos 1)")


def test_parse_dict_missing_required_raises(compiler):
    mod = compiler.make_module(KWDICT)
    assert raises(TypeError, mod.kd, (), {"b": 2}) == (
        "kd() missing required argument 'a' (pos 1)")


def test_parse_dict_type_error_by_keyword_names_it(compiler):
    mod = compiler.make_module(KWDICT)
    assert raises(TypeError, mod.kd, (1,), {"b": 2.5}) == (
        "kd() argument 'b' must be int, not float")


def test_parse_dict_s_by_keyword_with_tracker(compiler):
    mod = compiler.make_module(KWDICT)
    assert mod.kd_s((), {"s": "".join(["\u00e9", "x"])}) == "\u00e9x"


def test_parse_dict_s_by_keyword_without_tracker_raises_system_error(compiler):
    mod = compiler.make_module(KWDICT)
    kw = {"s": "".join(["a", "bc"])}
    assert raises(SystemError, mod.kd_s_noht, (), kw) == (
        "HPyArg_ParseKeywordsDict: unit 's' that can be given by keyword needs a tracker "
        "but ht is NULL in format \"|s:kd_s_noht\"")


def test_parse_dict_s_by_keyword_releases_the_str(compiler):
    mod = compiler.make_module(KWDICT)
    value = "".join(["x", "yz"])
    before = sys.getrefcount(value)
    assert mod.kd_s((), {"s": value}) == "xyz"
    assert sys.getrefcount(value) == before


def test_parse_dict_failure_releases_keyword_values(compiler):
    mod = compiler.make_module(KWDICT)
    obj = object()
    kw = {"o": obj, "b": "x"}
    before = sys.getrefcount(obj)
    assert raises(TypeError, mod.kd, (1,), kw) == "kd() argument 'b' must be int, not str"
    gc.collect()
    assert sys.getrefcount(obj) == before


def test_parse_dict_s_default_when_not_given(compiler):
    mod = compiler.make_module(KWDICT)
    assert mod.kd_s((), None) == "default"


def test_parse_dict_kw_not_a_dict_raises_system_error(compiler):
    mod = compiler.make_module(KWDICT)
    assert raises(SystemError, mod.kd, (1,), [1]) == (
        "HPyArg_ParseKeywordsDict: kw is not a dict but [1]")
