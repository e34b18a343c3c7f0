"""HPyBytes_*: checking, measuring, reading and creating bytes objects."""
import pytest

from support.pypy import IS_PYPY


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


SOURCE = r"""
HPyDef_METH(check, "check", HPyFunc_O)
static HPy check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyBytes_Check(ctx, arg));
}

HPyDef_METH(size, "size", HPyFunc_O)
static HPy size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    n = HPyBytes_Size(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromSsize_t(ctx, n);
}

/* the C return value of HPyBytes_Size on failure, exception cleared */
HPyDef_METH(size_error_value, "size_error_value", HPyFunc_O)
static HPy size_error_value_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    n = HPyBytes_Size(ctx, arg);
    HPyErr_Clear(ctx);
    return HPyLong_FromSsize_t(ctx, n);
}

HPyDef_METH(get_size, "get_size", HPyFunc_O)
static HPy get_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromSsize_t(ctx, HPyBytes_GET_SIZE(ctx, arg));
}

/* copy of the buffer returned by HPyBytes_AsString, HPyBytes_Size bytes long */
HPyDef_METH(as_string, "as_string", HPyFunc_O)
static HPy as_string_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *buf;
    (void)self;
    buf = HPyBytes_AsString(ctx, arg);
    if (buf == NULL)
        return HPy_NULL;
    return HPyBytes_FromStringAndSize(ctx, buf, HPyBytes_Size(ctx, arg));
}

/* 1 if the buffer of HPyBytes_AsString has a NUL after the last byte */
HPyDef_METH(as_string_terminated, "as_string_terminated", HPyFunc_O)
static HPy as_string_terminated_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *buf;
    (void)self;
    buf = HPyBytes_AsString(ctx, arg);
    if (buf == NULL)
        return HPy_NULL;
    return HPyBool_FromLong(ctx, buf[HPyBytes_Size(ctx, arg)] == '\0');
}

/* HPyBytes_AsString on a non-bytes: did it return NULL? (exception cleared) */
HPyDef_METH(as_string_error_is_null, "as_string_error_is_null", HPyFunc_O)
static HPy as_string_error_is_null_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *buf;
    (void)self;
    buf = HPyBytes_AsString(ctx, arg);
    HPyErr_Clear(ctx);
    return HPyBool_FromLong(ctx, buf == NULL);
}

HPyDef_METH(as_string_unchecked, "as_string_unchecked", HPyFunc_O)
static HPy as_string_unchecked_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBytes_FromStringAndSize(ctx, HPyBytes_AS_STRING(ctx, arg),
                                      HPyBytes_GET_SIZE(ctx, arg));
}

/* both accessors of the buffer give the same pointer */
HPyDef_METH(as_string_same_pointer, "as_string_same_pointer", HPyFunc_O)
static HPy as_string_same_pointer_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromLong(ctx, HPyBytes_AsString(ctx, arg) == HPyBytes_AS_STRING(ctx, arg));
}

HPyDef_METH(from_string, "from_string", HPyFunc_NOARGS)
static HPy from_string_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBytes_FromString(ctx, "abc\xff");
}

HPyDef_METH(from_string_stops_at_nul, "from_string_stops_at_nul", HPyFunc_NOARGS)
static HPy from_string_stops_at_nul_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBytes_FromString(ctx, "ab\0cd");
}

HPyDef_METH(from_string_empty, "from_string_empty", HPyFunc_NOARGS)
static HPy from_string_empty_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBytes_FromString(ctx, "");
}

HPyDef_METH(from_string_and_size, "from_string_and_size", HPyFunc_O)
static HPy from_string_and_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    n = HPyLong_AsSsize_t(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBytes_FromStringAndSize(ctx, "ab\0cd\0ef", n);
}

HPyDef_METH(from_null_and_size, "from_null_and_size", HPyFunc_O)
static HPy from_null_and_size_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    (void)self;
    n = HPyLong_AsSsize_t(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyBytes_FromStringAndSize(ctx, NULL, n);
}

@EXPORT(check)
@EXPORT(size)
@EXPORT(size_error_value)
@EXPORT(get_size)
@EXPORT(as_string)
@EXPORT(as_string_terminated)
@EXPORT(as_string_error_is_null)
@EXPORT(as_string_unchecked)
@EXPORT(as_string_same_pointer)
@EXPORT(from_string)
@EXPORT(from_string_stops_at_nul)
@EXPORT(from_string_empty)
@EXPORT(from_string_and_size)
@EXPORT(from_null_and_size)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="bytes_api")


class Bytes(bytes):
    pass


# ---- HPyBytes_Check -----------------------------------------------------------------


def test_check_bytes_is_1(mod):
    assert mod.check(b"abc") == 1


def test_check_bytes_subclass_is_1(mod):
    assert mod.check(Bytes(b"abc")) == 1


@pytest.mark.parametrize("value", ["abc", bytearray(b"abc"), memoryview(b"abc"), 1, None],
                         ids=["str", "bytearray", "memoryview", "int", "None"])
def test_check_non_bytes_is_0(mod, value):
    assert mod.check(value) == 0


# ---- HPyBytes_Size / HPyBytes_GET_SIZE ----------------------------------------------


def test_size(mod):
    assert mod.size(b"hello") == 5


def test_size_empty(mod):
    assert mod.size(b"") == 0


def test_size_counts_embedded_nul(mod):
    assert mod.size(b"a\0b\0") == 4


def test_size_of_subclass(mod):
    assert mod.size(Bytes(b"xyz")) == 3


def test_size_non_bytes_raises_type_error(mod):
    assert "expected bytes, str found" in raises(TypeError, mod.size, "abc")


def test_size_non_bytes_returns_minus_1(mod):
    assert mod.size_error_value("abc") == -1


def test_get_size(mod):
    assert mod.get_size(b"hello") == 5


def test_get_size_counts_embedded_nul(mod):
    assert mod.get_size(b"\0\0\0") == 3


def test_get_size_empty(mod):
    assert mod.get_size(b"") == 0


# ---- HPyBytes_AsString / HPyBytes_AS_STRING -----------------------------------------


def test_as_string_gives_the_contents(mod):
    assert mod.as_string(b"a\0b\xff") == b"a\0b\xff"


def test_as_string_is_nul_terminated(mod):
    assert mod.as_string_terminated(b"abc") is True


def test_as_string_of_subclass(mod):
    assert mod.as_string(Bytes(b"sub")) == b"sub"


def test_as_string_non_bytes_raises_type_error(mod):
    assert "expected bytes, bytearray found" in raises(TypeError, mod.as_string, bytearray(b"x"))


def test_as_string_non_bytes_returns_null(mod):
    assert mod.as_string_error_is_null("abc") is True


def test_as_string_unchecked_gives_the_contents(mod):
    assert mod.as_string_unchecked(b"x\0y") == b"x\0y"


def test_as_string_and_as_string_unchecked_agree(mod):
    assert mod.as_string_same_pointer(b"same") is True


# ---- HPyBytes_FromString ------------------------------------------------------------


def test_from_string(mod):
    assert mod.from_string() == b"abc\xff"


def test_from_string_returns_exact_bytes(mod):
    assert type(mod.from_string()) is bytes


def test_from_string_stops_at_nul(mod):
    assert mod.from_string_stops_at_nul() == b"ab"


def test_from_string_empty(mod):
    assert mod.from_string_empty() == b""


# ---- HPyBytes_FromStringAndSize -----------------------------------------------------


def test_from_string_and_size_keeps_embedded_nuls(mod):
    assert mod.from_string_and_size(8) == b"ab\0cd\0ef"


def test_from_string_and_size_takes_a_prefix(mod):
    assert mod.from_string_and_size(4) == b"ab\0c"


def test_from_string_and_size_zero(mod):
    assert mod.from_string_and_size(0) == b""


def test_from_string_and_size_negative_raises_system_error(mod):
    msg = raises(SystemError, mod.from_string_and_size, -1)
    # the host's message: PyPy's native HPy names its own function
    api = "HPyBytes_FromStringAndSize" if IS_PYPY else "PyBytes_FromStringAndSize"
    assert f"Negative size passed to {api}" in msg


def test_from_string_and_size_null_source_has_the_size(mod):
    assert len(mod.from_null_and_size(10)) == 10


def test_from_string_and_size_null_source_is_zero_filled(mod):
    for size in (1, 7, 100, 1000, 100000):
        assert mod.from_null_and_size(size) == bytes(size)


def test_from_string_and_size_null_source_size_zero(mod):
    assert mod.from_null_and_size(0) == b""
