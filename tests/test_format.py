"""HPyUnicode_FromFormat, HPyUnicode_FromFormatV and HPyErr_Format (runtime/format.c).

Each test builds a module whose function `f` returns the result of one C call;
Python objects passed to `f` are `args[0]`, `args[1]`... in C.
"""
import pytest


def make_calls(compiler, **calls):
    """Module with one VARARGS function per keyword: name -> C expression (HPy)."""
    parts = []
    for name, expr in calls.items():
        parts.append(f"""
HPyDef_METH({name}, "{name}", HPyFunc_VARARGS)
static HPy {name}_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{{
    (void)self; (void)args; (void)nargs;
    return {expr};
}}
@EXPORT({name})
""")
    parts.append("@INIT")
    return compiler.make_module("\n".join(parts))


def fmt(compiler, c_args, *py_args):
    """HPyUnicode_FromFormat(ctx, <c_args>) called with py_args as args[]."""
    mod = make_calls(compiler, f=f"HPyUnicode_FromFormat(ctx, {c_args})")
    return mod.f(*py_args)


def fmt_error(compiler, exc_type, c_args, *py_args):
    with pytest.raises(exc_type) as info:
        fmt(compiler, c_args, *py_args)
    return str(info.value)


# ---- plain text and %% ------------------------------------------------------------


def test_format_plain_text_is_copied(compiler):
    assert fmt(compiler, '"hello world"') == "hello world"


def test_format_empty_format_gives_empty_str(compiler):
    assert fmt(compiler, '""') == ""


def test_format_non_ascii_text_is_decoded_as_utf8(compiler):
    assert fmt(compiler, '"caf\\xc3\\xa9 %d", 1') == "caf\u00e9 1"


def test_format_invalid_utf8_text_is_replaced(compiler):
    assert fmt(compiler, '"a\\xff" "b"') == "a\ufffdb"


def test_format_percent_percent_gives_percent(compiler):
    assert fmt(compiler, '"100%%"') == "100%"


# ---- %c -----------------------------------------------------------------------------


def test_format_c_ascii(compiler):
    assert fmt(compiler, '"%c", 65') == "A"


def test_format_c_bmp_and_astral(compiler):
    assert fmt(compiler, '"%c%c", 0x20AC, 0x1F600') == "\u20ac\U0001f600"


def test_format_c_zero_gives_nul_character(compiler):
    assert fmt(compiler, '"a%cb", 0') == "a\x00b"


def test_format_c_lone_surrogate_is_kept(compiler):
    assert fmt(compiler, '"%c", 0xD800') == "\ud800"


def test_format_c_above_max_raises_overflow(compiler):
    assert fmt_error(compiler, OverflowError, '"%c", 0x110000') == (
        "HPyUnicode_FromFormat: %c argument 1114112 is not in range(0x110000)")


def test_format_c_negative_raises_overflow(compiler):
    assert fmt_error(compiler, OverflowError, '"%c", -1') == (
        "HPyUnicode_FromFormat: %c argument -1 is not in range(0x110000)")


def test_format_c_with_width_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%5c", 65') == (
        "HPyUnicode_FromFormat: width, precision and '0' are not allowed in unit "
        "'%5c' in format \"%5c\"")


def test_format_c_with_precision_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"x%.1c", 65') == (
        "HPyUnicode_FromFormat: width, precision and '0' are not allowed in unit "
        "'%.1c' in format \"x%.1c\"")


# ---- integers -----------------------------------------------------------------------


def test_format_d_and_i_int_bounds(compiler):
    assert fmt(compiler, '"%d %i", INT_MIN, INT_MAX') == "-2147483648 2147483647"


def test_format_u_unsigned_int_max(compiler):
    assert fmt(compiler, '"%u", UINT_MAX') == "4294967295"


def test_format_x_lowercase_hex(compiler):
    assert fmt(compiler, '"%x %x", 255u, 0u') == "ff 0"


def test_format_ld_li_long_bounds(compiler):
    import ctypes
    bits = 8 * ctypes.sizeof(ctypes.c_long)
    assert fmt(compiler, '"%ld %li", LONG_MIN, LONG_MAX') == (
        f"{-2 ** (bits - 1)} {2 ** (bits - 1) - 1}")


def test_format_lu_unsigned_long_max(compiler):
    import ctypes
    bits = 8 * ctypes.sizeof(ctypes.c_ulong)
    assert fmt(compiler, '"%lu", ULONG_MAX') == str(2 ** bits - 1)


def test_format_lld_lli_long_long_bounds(compiler):
    assert fmt(compiler, '"%lld %lli", LLONG_MIN, LLONG_MAX') == (
        "-9223372036854775808 9223372036854775807")


def test_format_llu_unsigned_long_long_max(compiler):
    assert fmt(compiler, '"%llu", ULLONG_MAX') == "18446744073709551615"


def test_format_zd_zi_ssize_bounds(compiler):
    import sys
    assert fmt(compiler, '"%zd %zi", (HPy_ssize_t)(-HPY_SSIZE_T_MAX - 1), HPY_SSIZE_T_MAX') == (
        f"{-sys.maxsize - 1} {sys.maxsize}")


def test_format_zu_size_max(compiler):
    import sys
    assert fmt(compiler, '"%zu", (size_t)-1') == str(2 * sys.maxsize + 1)


def test_format_d_width_pads_with_spaces(compiler):
    assert fmt(compiler, '"[%5d]", -42') == "[  -42]"


def test_format_d_zero_flag_pads_after_sign(compiler):
    assert fmt(compiler, '"[%05d]", -42') == "[-0042]"


def test_format_d_precision_is_minimum_digits(compiler):
    assert fmt(compiler, '"[%.3d]", 7') == "[007]"


def test_format_d_width_and_precision(compiler):
    assert fmt(compiler, '"[%6.3d]", -7') == "[  -007]"


def test_format_d_zero_flag_ignored_with_precision(compiler):
    assert fmt(compiler, '"[%05.3d]", 7') == "[  007]"


def test_format_d_width_smaller_than_number(compiler):
    assert fmt(compiler, '"[%1d]", 12345') == "[12345]"


def test_format_x_zero_padded(compiler):
    assert fmt(compiler, '"%08x", 0xbeefu') == "0000beef"


def test_format_lld_width_and_precision(compiler):
    assert fmt(compiler, '"[%12.10lld]", -5LL') == "[ -0000000005]"


def test_format_zu_zero_flag(compiler):
    assert fmt(compiler, '"%04zu", (size_t)7') == "0007"


def test_format_large_width_grows_the_buffer(compiler):
    assert fmt(compiler, '"%5000d|%3000.2000d", 1, 2') == (
        " " * 4999 + "1|" + " " * 1000 + "0" * 1999 + "2")


def test_format_long_strings_grow_the_buffer(compiler):
    text = "\u00e9" * 10000
    assert fmt(compiler, '"%U%s%U", args[0], "-", args[0]', text) == text + "-" + text


def test_format_width_too_large_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%99999999999999999999d", 1') == (
        "HPyUnicode_FromFormat: width or precision too large in unit "
        "'%99999999999999999999d' in format \"%99999999999999999999d\"")


# ---- %p -----------------------------------------------------------------------------


def test_format_p_starts_with_0x(compiler):
    assert fmt(compiler, '"%p", (void *)0x1234') == "0x1234"


def test_format_p_null(compiler):
    assert fmt(compiler, '"%p", (void *)0') == "0x0"


def test_format_p_with_zero_flag_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%0p", (void *)0') == (
        "HPyUnicode_FromFormat: width, precision and '0' are not allowed in unit "
        "'%0p' in format \"%0p\"")


# ---- %s -----------------------------------------------------------------------------


def test_format_s_utf8(compiler):
    assert fmt(compiler, '"<%s>", "h\\xc3\\xa9llo"') == "<h\u00e9llo>"


def test_format_s_precision_counts_bytes(compiler):
    assert fmt(compiler, '"%.3s", "abcdef"') == "abc"


def test_format_s_precision_keeps_whole_character(compiler):
    assert fmt(compiler, '"%.2s", "\\xc3\\xa9x"') == "\u00e9"


def test_format_s_precision_cutting_a_character_gives_replacement(compiler):
    assert fmt(compiler, '"%.1s", "\\xc3\\xa9"') == "\ufffd"


def test_format_s_precision_longer_than_string(compiler):
    assert fmt(compiler, '"%.10s|", "ab"') == "ab|"


def test_format_s_width_counts_characters(compiler):
    assert fmt(compiler, '"[%4s]", "\\xc3\\xa9\\xc3\\xa9"') == "[  \u00e9\u00e9]"


def test_format_s_width_and_precision(compiler):
    assert fmt(compiler, '"[%5.2s]", "abcdef"') == "[   ab]"


def test_format_s_invalid_utf8_is_replaced(compiler):
    assert fmt(compiler, '"%s", "a\\xff" "b\\xe2\\x82"') == "a\ufffdb\ufffd"


def test_format_s_null_pointer(compiler):
    assert fmt(compiler, '"%s", (const char *)NULL') == "(null)"


def test_format_s_with_zero_flag_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%05s", "a"') == (
        "HPyUnicode_FromFormat: '0' is not allowed in unit '%05s' in format \"%05s\"")


# ---- HPy units: %A %U %S %R %V ----------------------------------------------------


def test_format_A_uses_ascii(compiler):
    assert fmt(compiler, '"%A", args[0]', "\u00e9") == "'\\xe9'"


def test_format_U_inserts_str(compiler):
    assert fmt(compiler, '"<%U>", args[0]', "ab\u00e9") == "<ab\u00e9>"


def test_format_U_keeps_nul_characters(compiler):
    assert fmt(compiler, '"%U", args[0]', "a\x00b") == "a\x00b"


def test_format_S_uses_str(compiler):
    assert fmt(compiler, '"%S", args[0]', 42) == "42"


def test_format_R_uses_repr(compiler):
    assert fmt(compiler, '"%R", args[0]', "x") == "'x'"


def test_format_U_precision_counts_characters(compiler):
    assert fmt(compiler, '"%.2U", args[0]', "\u00e9\u00e8\u00e0") == "\u00e9\u00e8"


def test_format_U_width_counts_characters(compiler):
    assert fmt(compiler, '"[%3U]", args[0]', "\u00e9") == "[  \u00e9]"


def test_format_R_width_and_precision(compiler):
    assert fmt(compiler, '"[%5.2R]", args[0]', "abc") == "[   'a]"


def test_format_S_propagates_str_error(compiler):
    class Bad:
        def __str__(self):
            raise KeyError("no str")
    with pytest.raises(KeyError):
        fmt(compiler, '"%S", args[0]', Bad())


def test_format_V_uses_handle_when_not_null(compiler):
    assert fmt(compiler, '"%V", args[0], "fallback"', "obj") == "obj"


def test_format_V_uses_fallback_for_null_handle(compiler):
    assert fmt(compiler, '"%V", HPy_NULL, "fallback"') == "fallback"


def test_format_V_fallback_precision_counts_bytes(compiler):
    assert fmt(compiler, '"%.3V", HPy_NULL, "abcdef"') == "abc"


def test_format_V_handle_precision_counts_characters(compiler):
    assert fmt(compiler, '"%.1V", args[0], "fallback"', "\u00e9\u00e8") == "\u00e9"


def test_format_S_null_handle_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%S", HPy_NULL') == (
        "HPyUnicode_FromFormat: HPy_NULL passed for unit '%S' in format \"%S\"")


def test_format_U_non_str_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%U", args[0]', 42) == (
        "HPyUnicode_FromFormat: object that is not a str passed for unit '%U' "
        "in format \"%U\"")


def test_format_R_with_zero_flag_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%03R", args[0]', 1) == (
        "HPyUnicode_FromFormat: '0' is not allowed in unit '%03R' in format \"%03R\"")


# ---- bad formats --------------------------------------------------------------------


def test_format_unknown_unit_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"a %q"') == (
        "HPyUnicode_FromFormat: unknown unit '%q' in format \"a %q\"")


def test_format_length_modifier_on_x_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%lx", 1L') == (
        "HPyUnicode_FromFormat: unknown unit '%lx' in format \"%lx\"")


def test_format_width_on_percent_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"%5%"') == (
        "HPyUnicode_FromFormat: unknown unit '%5%' in format \"%5%\"")


def test_format_trailing_percent_raises_system_error(compiler):
    assert fmt_error(compiler, SystemError, '"abc%"') == (
        "HPyUnicode_FromFormat: incomplete unit '%' in format \"abc%\"")


# ---- HPyUnicode_FromFormatV ---------------------------------------------------------

FROM_FORMAT_V = """
static HPy call_v(HPyContext *ctx, const char *fmt, ...)
{
    va_list vl;
    HPy result;
    va_start(vl, fmt);
    result = HPyUnicode_FromFormatV(ctx, fmt, vl);
    va_end(vl);
    return result;
}
"""


def test_format_v_formats_like_from_format(compiler):
    mod = compiler.make_module(FROM_FORMAT_V + """
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return call_v(ctx, "%s=%03d %R", "x", 7, args[0]);
}
@EXPORT(f)
@INIT
""")
    assert mod.f([1]) == "x=007 [1]"


def test_format_v_error_names_from_format_v(compiler):
    mod = compiler.make_module(FROM_FORMAT_V + """
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)args; (void)nargs;
    return call_v(ctx, "%y");
}
@EXPORT(f)
@INIT
""")
    with pytest.raises(SystemError) as info:
        mod.f()
    assert str(info.value) == (
        "HPyUnicode_FromFormatV: unknown unit '%y' in format \"%y\"")


# ---- HPyErr_Format --------------------------------------------------------------------


def test_err_format_sets_exception_with_message(compiler):
    mod = make_calls(compiler, f='HPyErr_Format(ctx, ctx->h_ValueError, "bad %s: %R", "value", args[0])')
    with pytest.raises(ValueError) as info:
        mod.f(3.5)
    assert str(info.value) == "bad value: 3.5"


def test_err_format_returns_null(compiler):
    mod = compiler.make_module("""
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy r;
    (void)self; (void)args; (void)nargs;
    r = HPyErr_Format(ctx, ctx->h_KeyError, "k%d", 1);
    if (!HPy_IsNull(r)) {
        HPyErr_Clear(ctx);
        return HPyUnicode_FromString(ctx, "not null");
    }
    return HPy_NULL;
}
@EXPORT(f)
@INIT
""")
    with pytest.raises(KeyError):
        mod.f()


def test_err_format_bad_format_raises_system_error_instead(compiler):
    mod = make_calls(compiler, f='HPyErr_Format(ctx, ctx->h_ValueError, "%5c", 65)')
    with pytest.raises(SystemError) as info:
        mod.f()
    assert str(info.value) == (
        "HPyErr_Format: width, precision and '0' are not allowed in unit '%5c' "
        "in format \"%5c\"")
