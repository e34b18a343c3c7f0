"""HPyUnicode_*: creating str objects, checking them, encoding and decoding."""
import sys

import pytest

from support.pypy import IS_PYPY


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


SOURCE = r"""
#include <wchar.h>

HPyDef_METH(from_string_ascii, "from_string_ascii", HPyFunc_NOARGS)
static HPy from_string_ascii_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "hello");
}

HPyDef_METH(from_string_utf8, "from_string_utf8", HPyFunc_NOARGS)
static HPy from_string_utf8_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    /* "h" U+00E9 "llo " U+20AC " " U+1F600 */
    return HPyUnicode_FromString(ctx, "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80");
}

HPyDef_METH(from_string_empty, "from_string_empty", HPyFunc_NOARGS)
static HPy from_string_empty_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "");
}

HPyDef_METH(from_string_invalid, "from_string_invalid", HPyFunc_NOARGS)
static HPy from_string_invalid_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "ab\xff");
}

HPyDef_METH(check, "check", HPyFunc_O)
static HPy check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyUnicode_Check(ctx, arg));
}

HPyDef_METH(as_ascii, "as_ascii", HPyFunc_O)
static HPy as_ascii_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_AsASCIIString(ctx, arg);
}

HPyDef_METH(as_latin1, "as_latin1", HPyFunc_O)
static HPy as_latin1_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_AsLatin1String(ctx, arg);
}

HPyDef_METH(as_utf8, "as_utf8", HPyFunc_O)
static HPy as_utf8_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_AsUTF8String(ctx, arg);
}

/* (bytes of the UTF-8 buffer, reported size) */
HPyDef_METH(utf8_and_size, "utf8_and_size", HPyFunc_O)
static HPy utf8_and_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t size = -7;
    HPy data, n, result;
    const char *buf;
    (void)self;
    buf = HPyUnicode_AsUTF8AndSize(ctx, arg, &size);
    if (buf == NULL)
        return HPy_NULL;
    data = HPyBytes_FromStringAndSize(ctx, buf, size);
    if (HPy_IsNull(data))
        return HPy_NULL;
    n = HPyLong_FromSsize_t(ctx, size);
    if (HPy_IsNull(n)) {
        HPy_Close(ctx, data);
        return HPy_NULL;
    }
    result = HPyTuple_Pack(ctx, 2, data, n);
    HPy_Close(ctx, n);
    HPy_Close(ctx, data);
    return result;
}

/* size pointer NULL: the buffer is NUL-terminated */
HPyDef_METH(utf8_no_size, "utf8_no_size", HPyFunc_O)
static HPy utf8_no_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *buf;
    (void)self;
    buf = HPyUnicode_AsUTF8AndSize(ctx, arg, NULL);
    if (buf == NULL)
        return HPy_NULL;
    return HPyBytes_FromString(ctx, buf);
}

HPyDef_METH(from_wide_terminated, "from_wide_terminated", HPyFunc_NOARGS)
static HPy from_wide_terminated_impl(HPyContext *ctx, HPy self)
{
    static const wchar_t text[] = {'w', 0xE9, 0x20AC, '!', 0};
    (void)self;
    return HPyUnicode_FromWideChar(ctx, text, -1);
}

HPyDef_METH(from_wide_sized, "from_wide_sized", HPyFunc_NOARGS)
static HPy from_wide_sized_impl(HPyContext *ctx, HPy self)
{
    static const wchar_t text[] = {'a', 0, 'b', 'c', 'd', 0};
    (void)self;
    return HPyUnicode_FromWideChar(ctx, text, 3);
}

HPyDef_METH(decode_fs, "decode_fs", HPyFunc_O)
static HPy decode_fs_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *buf;
    (void)self;
    buf = HPyBytes_AsString(ctx, arg);
    if (buf == NULL)
        return HPy_NULL;
    return HPyUnicode_DecodeFSDefault(ctx, buf);
}

HPyDef_METH(decode_fs_size, "decode_fs_size", HPyFunc_VARARGS)
static HPy decode_fs_size_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *buf;
    HPy_ssize_t size;
    (void)self; (void)nargs;
    buf = HPyBytes_AsString(ctx, args[0]);
    if (buf == NULL)
        return HPy_NULL;
    size = HPyLong_AsSsize_t(ctx, args[1]);
    if (size == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_DecodeFSDefaultAndSize(ctx, buf, size);
}

HPyDef_METH(encode_fs, "encode_fs", HPyFunc_O)
static HPy encode_fs_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyUnicode_EncodeFSDefault(ctx, arg);
}

HPyDef_METH(read_char, "read_char", HPyFunc_VARARGS)
static HPy read_char_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t index;
    HPy_UCS4 c;
    (void)self; (void)nargs;
    index = HPyLong_AsSsize_t(ctx, args[1]);
    if (index == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    c = HPyUnicode_ReadChar(ctx, args[0], index);
    if (c == (HPy_UCS4)-1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromUnsignedLong(ctx, (unsigned long)c);
}

/* read_char_error_value(s, i): the C return value on failure, exception cleared */
HPyDef_METH(read_char_error_value, "read_char_error_value", HPyFunc_VARARGS)
static HPy read_char_error_value_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t index;
    HPy_UCS4 c;
    (void)self; (void)nargs;
    index = HPyLong_AsSsize_t(ctx, args[1]);
    if (index == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    c = HPyUnicode_ReadChar(ctx, args[0], index);
    HPyErr_Clear(ctx);
    return HPyLong_FromUnsignedLong(ctx, (unsigned long)c);
}

/* errors: None -> NULL */
static const char *errors_arg(HPyContext *ctx, HPy h)
{
    if (HPy_Is(ctx, h, ctx->h_None))
        return NULL;
    return HPyUnicode_AsUTF8AndSize(ctx, h, NULL);
}

HPyDef_METH(decode_ascii, "decode_ascii", HPyFunc_VARARGS)
static HPy decode_ascii_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *buf, *errors;
    (void)self; (void)nargs;
    buf = HPyBytes_AsString(ctx, args[0]);
    if (buf == NULL)
        return HPy_NULL;
    errors = errors_arg(ctx, args[1]);
    if (errors == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_DecodeASCII(ctx, buf, HPyBytes_Size(ctx, args[0]), errors);
}

HPyDef_METH(decode_latin1, "decode_latin1", HPyFunc_VARARGS)
static HPy decode_latin1_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *buf, *errors;
    (void)self; (void)nargs;
    buf = HPyBytes_AsString(ctx, args[0]);
    if (buf == NULL)
        return HPy_NULL;
    errors = errors_arg(ctx, args[1]);
    if (errors == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_DecodeLatin1(ctx, buf, HPyBytes_Size(ctx, args[0]), errors);
}

/* from_encoded(obj, encoding or None, errors or None) */
HPyDef_METH(from_encoded, "from_encoded", HPyFunc_VARARGS)
static HPy from_encoded_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *encoding, *errors;
    (void)self; (void)nargs;
    encoding = errors_arg(ctx, args[1]);
    if (encoding == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    errors = errors_arg(ctx, args[2]);
    if (errors == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_FromEncodedObject(ctx, args[0], encoding, errors);
}

HPyDef_METH(substring, "substring", HPyFunc_VARARGS)
static HPy substring_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t start, end;
    (void)self; (void)nargs;
    start = HPyLong_AsSsize_t(ctx, args[1]);
    if (start == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    end = HPyLong_AsSsize_t(ctx, args[2]);
    if (end == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_Substring(ctx, args[0], start, end);
}

@EXPORT(from_string_ascii)
@EXPORT(from_string_utf8)
@EXPORT(from_string_empty)
@EXPORT(from_string_invalid)
@EXPORT(check)
@EXPORT(as_ascii)
@EXPORT(as_latin1)
@EXPORT(as_utf8)
@EXPORT(utf8_and_size)
@EXPORT(utf8_no_size)
@EXPORT(from_wide_terminated)
@EXPORT(from_wide_sized)
@EXPORT(decode_fs)
@EXPORT(decode_fs_size)
@EXPORT(encode_fs)
@EXPORT(read_char)
@EXPORT(read_char_error_value)
@EXPORT(decode_ascii)
@EXPORT(decode_latin1)
@EXPORT(from_encoded)
@EXPORT(substring)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="unicode_api")


class Str(str):
    pass


# ---- HPyUnicode_FromString ----------------------------------------------------------


def test_from_string_ascii(mod):
    assert mod.from_string_ascii() == "hello"


def test_from_string_returns_exact_str(mod):
    assert type(mod.from_string_ascii()) is str


def test_from_string_decodes_utf8(mod):
    assert mod.from_string_utf8() == "h\u00e9llo \u20ac \U0001F600"


def test_from_string_empty(mod):
    assert mod.from_string_empty() == ""


def test_from_string_invalid_utf8_raises_unicode_decode_error(mod):
    msg = raises(UnicodeDecodeError, mod.from_string_invalid)
    assert "'utf-8' codec can't decode byte 0xff in position 2" in msg


# ---- HPyUnicode_Check ---------------------------------------------------------------


def test_check_str_is_1(mod):
    assert mod.check("abc") == 1


def test_check_str_subclass_is_1(mod):
    assert mod.check(Str("abc")) == 1


@pytest.mark.parametrize("value", [b"abc", 1, None, ["a"]], ids=["bytes", "int", "None", "list"])
def test_check_non_str_is_0(mod, value):
    assert mod.check(value) == 0


# ---- HPyUnicode_AsASCIIString / AsLatin1String / AsUTF8String -----------------------


def test_as_ascii_string_encodes(mod):
    assert mod.as_ascii("abc") == b"abc"


def test_as_ascii_string_returns_bytes(mod):
    assert type(mod.as_ascii("abc")) is bytes


def test_as_ascii_string_non_ascii_raises_unicode_encode_error(mod):
    msg = raises(UnicodeEncodeError, mod.as_ascii, "ab\u00e9")
    assert "'ascii' codec can't encode character '\\xe9' in position 2" in msg


def test_as_ascii_string_non_str_raises_type_error(mod):
    assert "bad argument type" in raises(TypeError, mod.as_ascii, b"abc")


def test_as_latin1_string_encodes_latin1_range(mod):
    assert mod.as_latin1("a\u00e9\u00ff") == b"a\xe9\xff"


def test_as_latin1_string_beyond_latin1_raises_unicode_encode_error(mod):
    msg = raises(UnicodeEncodeError, mod.as_latin1, "a\u20ac")
    codec = "'latin1'" if IS_PYPY else "'latin-1'"  # the host codec's name for itself
    assert f"{codec} codec can't encode character '\\u20ac' in position 1" in msg


def test_as_latin1_string_non_str_raises_type_error(mod):
    assert "bad argument type" in raises(TypeError, mod.as_latin1, 1)


def test_as_utf8_string_encodes(mod):
    assert mod.as_utf8("\u00e9\u20ac\U0001F600") == "\u00e9\u20ac\U0001F600".encode()


def test_as_utf8_string_lone_surrogate_raises_unicode_encode_error(mod):
    msg = raises(UnicodeEncodeError, mod.as_utf8, "a\ud800")
    assert "surrogates not allowed" in msg


def test_as_utf8_string_non_str_raises_type_error(mod):
    assert "bad argument type" in raises(TypeError, mod.as_utf8, None)


# ---- HPyUnicode_AsUTF8AndSize -------------------------------------------------------


def test_as_utf8_and_size_ascii(mod):
    assert mod.utf8_and_size("hello") == (b"hello", 5)


def test_as_utf8_and_size_counts_bytes_not_characters(mod):
    assert mod.utf8_and_size("\u00e9\u20ac\U0001F600") == ("\u00e9\u20ac\U0001F600".encode(), 9)


def test_as_utf8_and_size_keeps_embedded_nul(mod):
    assert mod.utf8_and_size("a\0b") == (b"a\0b", 3)


def test_as_utf8_and_size_empty(mod):
    assert mod.utf8_and_size("") == (b"", 0)


def test_as_utf8_and_size_without_size_pointer(mod):
    assert mod.utf8_no_size("h\u00e9llo") == "h\u00e9llo".encode()


def test_as_utf8_and_size_buffer_is_nul_terminated(mod):
    # without a size the C string ends at the first NUL
    assert mod.utf8_no_size("ab\0cd") == b"ab"


def test_as_utf8_and_size_lone_surrogate_raises_unicode_encode_error(mod):
    assert "surrogates not allowed" in raises(UnicodeEncodeError, mod.utf8_and_size, "\udc80")


def test_as_utf8_and_size_non_str_raises_type_error(mod):
    assert "bad argument type" in raises(TypeError, mod.utf8_and_size, b"abc")


# ---- HPyUnicode_FromWideChar --------------------------------------------------------


def test_from_wide_char_nul_terminated_with_size_minus_1(mod):
    assert mod.from_wide_terminated() == "w\u00e9\u20ac!"


def test_from_wide_char_explicit_size_keeps_embedded_nul(mod):
    assert mod.from_wide_sized() == "a\0b"


# ---- HPyUnicode_DecodeFSDefault(AndSize) / EncodeFSDefault --------------------------

needs_utf8_fs = pytest.mark.skipif(
    sys.getfilesystemencoding() != "utf-8", reason="expects a UTF-8 file system encoding")


def test_decode_fs_default_ascii(mod):
    assert mod.decode_fs(b"/tmp/file.txt") == "/tmp/file.txt"


@needs_utf8_fs
def test_decode_fs_default_utf8(mod):
    assert mod.decode_fs("caf\u00e9".encode()) == "caf\u00e9"


@needs_utf8_fs
def test_decode_fs_default_undecodable_byte_becomes_surrogate(mod):
    assert mod.decode_fs(b"a\xffb") == "a\udcffb"


def test_decode_fs_default_stops_at_nul(mod):
    assert mod.decode_fs(b"ab\0cd") == "ab"


def test_decode_fs_default_and_size_uses_size(mod):
    assert mod.decode_fs_size(b"abcdef", 3) == "abc"


def test_decode_fs_default_and_size_keeps_embedded_nul(mod):
    assert mod.decode_fs_size(b"ab\0cd", 5) == "ab\0cd"


@needs_utf8_fs
def test_decode_fs_default_and_size_undecodable_byte_becomes_surrogate(mod):
    assert mod.decode_fs_size(b"\xfe\xff", 2) == "\udcfe\udcff"


def test_encode_fs_default_ascii(mod):
    assert mod.encode_fs("/tmp/x") == b"/tmp/x"


@needs_utf8_fs
def test_encode_fs_default_utf8(mod):
    assert mod.encode_fs("caf\u00e9") == "caf\u00e9".encode()


@needs_utf8_fs
def test_encode_fs_default_surrogate_escape_round_trips(mod):
    assert mod.encode_fs("a\udcffb") == b"a\xffb"


def test_encode_fs_default_non_str_raises_type_error(mod):
    with pytest.raises(TypeError):
        mod.encode_fs(b"abc")


# ---- HPyUnicode_ReadChar ------------------------------------------------------------


def test_read_char_first(mod):
    assert mod.read_char("abc", 0) == ord("a")


def test_read_char_non_bmp(mod):
    assert mod.read_char("a\U0001F600", 1) == 0x1F600


def test_read_char_past_end_raises_index_error(mod):
    assert "string index out of range" in raises(IndexError, mod.read_char, "abc", 3)


def test_read_char_negative_index_raises_index_error(mod):
    assert "string index out of range" in raises(IndexError, mod.read_char, "abc", -1)


def test_read_char_out_of_range_returns_minus_1(mod):
    assert mod.read_char_error_value("abc", 10) == 0xFFFFFFFF


def test_read_char_non_str_raises_type_error(mod):
    assert "bad argument type" in raises(TypeError, mod.read_char, b"abc", 0)


# ---- HPyUnicode_DecodeASCII ---------------------------------------------------------


def test_decode_ascii(mod):
    assert mod.decode_ascii(b"hello", "strict") == "hello"


def test_decode_ascii_uses_size_not_nul(mod):
    assert mod.decode_ascii(b"a\0b", "strict") == "a\0b"


def test_decode_ascii_strict_raises_unicode_decode_error(mod):
    msg = raises(UnicodeDecodeError, mod.decode_ascii, b"ab\xe9", "strict")
    assert "'ascii' codec can't decode byte 0xe9 in position 2" in msg


def test_decode_ascii_errors_null_means_strict(mod):
    msg = raises(UnicodeDecodeError, mod.decode_ascii, b"\x80", None)
    assert "'ascii' codec can't decode byte 0x80 in position 0" in msg


def test_decode_ascii_replace(mod):
    assert mod.decode_ascii(b"a\xe9b", "replace") == "a\ufffdb"


def test_decode_ascii_ignore(mod):
    assert mod.decode_ascii(b"a\xe9b", "ignore") == "ab"


def test_decode_ascii_surrogateescape(mod):
    assert mod.decode_ascii(b"a\xe9", "surrogateescape") == "a\udce9"


def test_decode_ascii_unknown_error_handler_raises_lookup_error(mod):
    msg = raises(LookupError, mod.decode_ascii, b"a\xe9", "no-such-handler")
    # the host codec's wording: PyPy does not quote the name
    name = "no-such-handler" if IS_PYPY else "'no-such-handler'"
    assert f"unknown error handler name {name}" in msg


# ---- HPyUnicode_DecodeLatin1 --------------------------------------------------------


def test_decode_latin1_maps_every_byte(mod):
    data = bytes(range(1, 256))
    assert mod.decode_latin1(data, "strict") == data.decode("latin-1")


def test_decode_latin1_keeps_embedded_nul(mod):
    assert mod.decode_latin1(b"\xe9\0\xff", None) == "\u00e9\0\u00ff"


def test_decode_latin1_empty(mod):
    assert mod.decode_latin1(b"", "strict") == ""


# ---- HPyUnicode_FromEncodedObject ---------------------------------------------------


def test_from_encoded_object_utf8(mod):
    assert mod.from_encoded("caf\u00e9".encode(), "utf-8", "strict") == "caf\u00e9"


def test_from_encoded_object_default_encoding_is_utf8(mod):
    assert mod.from_encoded("\u20ac".encode(), None, None) == "\u20ac"


def test_from_encoded_object_other_encoding(mod):
    assert mod.from_encoded(b"\xe9", "latin-1", None) == "\u00e9"


def test_from_encoded_object_accepts_bytearray(mod):
    assert mod.from_encoded(bytearray(b"abc"), "ascii", None) == "abc"


def test_from_encoded_object_strict_raises_unicode_decode_error(mod):
    msg = raises(UnicodeDecodeError, mod.from_encoded, b"a\xff", "utf-8", "strict")
    assert "can't decode byte 0xff in position 1" in msg


def test_from_encoded_object_replace(mod):
    assert mod.from_encoded(b"a\xffb", "utf-8", "replace") == "a\ufffdb"


def test_from_encoded_object_str_raises_type_error(mod):
    msg = raises(TypeError, mod.from_encoded, "abc", "utf-8", None)
    assert "decoding str is not supported" in msg


def test_from_encoded_object_unknown_encoding_raises_lookup_error(mod):
    msg = raises(LookupError, mod.from_encoded, b"abc", "no-such-codec", None)
    assert "unknown encoding: no-such-codec" in msg


# ---- HPyUnicode_Substring -----------------------------------------------------------


def test_substring(mod):
    assert mod.substring("hello", 1, 3) == "el"


def test_substring_non_bmp(mod):
    assert mod.substring("a\U0001F600b\u20ac", 1, 3) == "\U0001F600b"


def test_substring_end_past_length_is_clamped(mod):
    assert mod.substring("hello", 2, 100) == "llo"


def test_substring_start_after_end_is_empty(mod):
    assert mod.substring("hello", 4, 2) == ""


def test_substring_negative_start_raises_index_error(mod):
    assert "string index out of range" in raises(IndexError, mod.substring, "hello", -1, 2)
