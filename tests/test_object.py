"""The object protocol: attributes, items, containment and length, types and identity,
conversions to str/bytes, comparison, hashing, callability and _HPy_Dump."""
import collections
import collections.abc
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


def ident(value):
    """A test id for a parameter that is the same in every process."""
    text = repr(value)
    return type(value).__name__ if " at 0x" in text else text


def python_message(exc_type, func, *args):
    """The message the host Python gives for the same operation."""
    with pytest.raises(exc_type) as info:
        func(*args)
    return str(info.value)


class Obj:
    """A plain instance with a __dict__."""

    def __init__(self, **attrs):
        self.__dict__.update(attrs)


class Recorder:
    """__getitem__/__setitem__/__delitem__ record the exact key they get."""

    def __init__(self):
        self.calls = []

    def __getitem__(self, key):
        self.calls.append(("get", key))
        return ("item", key)

    def __setitem__(self, key, value):
        self.calls.append(("set", key, value))

    def __delitem__(self, key):
        self.calls.append(("del", key))


LT, LE, EQ, NE, GT, GE = range(6)
OPS = {"LT": (LT, lambda a, b: a < b), "LE": (LE, lambda a, b: a <= b),
       "EQ": (EQ, lambda a, b: a == b), "NE": (NE, lambda a, b: a != b),
       "GT": (GT, lambda a, b: a > b), "GE": (GE, lambda a, b: a >= b)}

OBJECT = """
#define NARGS(n)                                                                        \\
    do {                                                                                \\
        (void)self;                                                                     \\
        if (nargs != (n)) {                                                             \\
            HPyErr_SetString(ctx, ctx->h_TypeError, "wrong number of arguments");       \\
            return HPy_NULL;                                                            \\
        }                                                                               \\
    } while (0)

/* r as an int; -1 must come with an exception and an exception with -1 */
static HPy checked(HPyContext *ctx, HPy_ssize_t r)
{
    if (HPyErr_Occurred(ctx)) {
        if (r == -1)
            return HPy_NULL;
        HPyErr_Clear(ctx);
        HPyErr_SetString(ctx, ctx->h_SystemError, "an exception is set but -1 not returned");
        return HPy_NULL;
    }
    if (r == -1) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "-1 returned without an exception");
        return HPy_NULL;
    }
    return HPyLong_FromSsize_t(ctx, r);
}

/* None for a status of 0, else like checked() */
static HPy status(HPyContext *ctx, int r)
{
    HPy h = checked(ctx, r);
    if (HPy_IsNull(h))
        return h;
    HPy_Close(ctx, h);
    if (r != 0) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "status is neither 0 nor -1");
        return HPy_NULL;
    }
    return HPy_Dup(ctx, ctx->h_None);
}

#define UTF8(var, h)                                                                    \\
    const char *var = HPyUnicode_AsUTF8AndSize(ctx, (h), NULL);                         \\
    if (var == NULL)                                                                    \\
        return HPy_NULL

#define SSIZE(var, h)                                                                   \\
    HPy_ssize_t var = HPyLong_AsSsize_t(ctx, (h));                                      \\
    if (var == -1 && HPyErr_Occurred(ctx))                                              \\
        return HPy_NULL

/* ---- attributes ---- */

HPyDef_METH(m_getattr_, "getattr", HPyFunc_VARARGS)
static HPy m_getattr__impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return HPy_GetAttr(ctx, args[0], args[1]);
}

HPyDef_METH(m_getattr_s, "getattr_s", HPyFunc_VARARGS)
static HPy m_getattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    UTF8(name, args[1]);
    return HPy_GetAttr_s(ctx, args[0], name);
}

HPyDef_METH(m_hasattr_, "hasattr", HPyFunc_VARARGS)
static HPy m_hasattr__impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return checked(ctx, HPy_HasAttr(ctx, args[0], args[1]));
}

HPyDef_METH(m_hasattr_s, "hasattr_s", HPyFunc_VARARGS)
static HPy m_hasattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    UTF8(name, args[1]);
    return checked(ctx, HPy_HasAttr_s(ctx, args[0], name));
}

HPyDef_METH(m_setattr_, "setattr", HPyFunc_VARARGS)
static HPy m_setattr__impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    return status(ctx, HPy_SetAttr(ctx, args[0], args[1], args[2]));
}

HPyDef_METH(m_setattr_s, "setattr_s", HPyFunc_VARARGS)
static HPy m_setattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    UTF8(name, args[1]);
    return status(ctx, HPy_SetAttr_s(ctx, args[0], name, args[2]));
}

HPyDef_METH(m_setattr_null, "setattr_null", HPyFunc_VARARGS)
static HPy m_setattr_null_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return status(ctx, HPy_SetAttr(ctx, args[0], args[1], HPy_NULL));
}

HPyDef_METH(m_setattr_s_null, "setattr_s_null", HPyFunc_VARARGS)
static HPy m_setattr_s_null_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    UTF8(name, args[1]);
    return status(ctx, HPy_SetAttr_s(ctx, args[0], name, HPy_NULL));
}

HPyDef_METH(m_delattr_, "delattr", HPyFunc_VARARGS)
static HPy m_delattr__impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return status(ctx, HPy_DelAttr(ctx, args[0], args[1]));
}

HPyDef_METH(m_delattr_s, "delattr_s", HPyFunc_VARARGS)
static HPy m_delattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    UTF8(name, args[1]);
    return status(ctx, HPy_DelAttr_s(ctx, args[0], name));
}

/* ---- items ---- */

HPyDef_METH(m_getitem, "getitem", HPyFunc_VARARGS)
static HPy m_getitem_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return HPy_GetItem(ctx, args[0], args[1]);
}

HPyDef_METH(m_getitem_i, "getitem_i", HPyFunc_VARARGS)
static HPy m_getitem_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    SSIZE(idx, args[1]);
    return HPy_GetItem_i(ctx, args[0], idx);
}

HPyDef_METH(m_getitem_s, "getitem_s", HPyFunc_VARARGS)
static HPy m_getitem_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    UTF8(key, args[1]);
    return HPy_GetItem_s(ctx, args[0], key);
}

HPyDef_METH(m_setitem, "setitem", HPyFunc_VARARGS)
static HPy m_setitem_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    return status(ctx, HPy_SetItem(ctx, args[0], args[1], args[2]));
}

HPyDef_METH(m_setitem_i, "setitem_i", HPyFunc_VARARGS)
static HPy m_setitem_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    SSIZE(idx, args[1]);
    return status(ctx, HPy_SetItem_i(ctx, args[0], idx, args[2]));
}

HPyDef_METH(m_setitem_s, "setitem_s", HPyFunc_VARARGS)
static HPy m_setitem_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    UTF8(key, args[1]);
    return status(ctx, HPy_SetItem_s(ctx, args[0], key, args[2]));
}

HPyDef_METH(m_delitem, "delitem", HPyFunc_VARARGS)
static HPy m_delitem_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return status(ctx, HPy_DelItem(ctx, args[0], args[1]));
}

HPyDef_METH(m_delitem_i, "delitem_i", HPyFunc_VARARGS)
static HPy m_delitem_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    SSIZE(idx, args[1]);
    return status(ctx, HPy_DelItem_i(ctx, args[0], idx));
}

HPyDef_METH(m_delitem_s, "delitem_s", HPyFunc_VARARGS)
static HPy m_delitem_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    UTF8(key, args[1]);
    return status(ctx, HPy_DelItem_s(ctx, args[0], key));
}

HPyDef_METH(m_contains, "contains", HPyFunc_VARARGS)
static HPy m_contains_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return checked(ctx, HPy_Contains(ctx, args[0], args[1]));
}

HPyDef_METH(m_length, "length", HPyFunc_O)
static HPy m_length_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return checked(ctx, HPy_Length(ctx, arg));
}

/* ---- types and identity ---- */

HPyDef_METH(m_type_, "type", HPyFunc_O)
static HPy m_type__impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Type(ctx, arg);
}

HPyDef_METH(m_type_check, "type_check", HPyFunc_VARARGS)
static HPy m_type_check_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return checked(ctx, HPy_TypeCheck(ctx, args[0], args[1]));
}

HPyDef_METH(m_is_subtype, "is_subtype", HPyFunc_VARARGS)
static HPy m_is_subtype_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return checked(ctx, HPyType_IsSubtype(ctx, args[0], args[1]));
}

HPyDef_METH(m_type_get_name, "type_get_name", HPyFunc_O)
static HPy m_type_get_name_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *name = HPyType_GetName(ctx, arg);
    (void)self;
    if (name == NULL)
        return HPy_NULL;
    return HPyUnicode_FromString(ctx, name);
}

HPyDef_METH(m_is_, "is_", HPyFunc_VARARGS)
static HPy m_is__impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(2);
    return checked(ctx, HPy_Is(ctx, args[0], args[1]));
}

HPyDef_METH(m_callable_check, "callable_check", HPyFunc_O)
static HPy m_callable_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return checked(ctx, HPyCallable_Check(ctx, arg));
}

/* ---- conversions ---- */

HPyDef_METH(m_repr_, "repr", HPyFunc_O)
static HPy m_repr__impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Repr(ctx, arg);
}

HPyDef_METH(m_str_, "str", HPyFunc_O)
static HPy m_str__impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Str(ctx, arg);
}

HPyDef_METH(m_ascii_, "ascii", HPyFunc_O)
static HPy m_ascii__impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_ASCII(ctx, arg);
}

HPyDef_METH(m_bytes_, "bytes", HPyFunc_O)
static HPy m_bytes__impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Bytes(ctx, arg);
}

HPyDef_METH(m_hash_, "hash", HPyFunc_O)
static HPy m_hash__impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return checked(ctx, (HPy_ssize_t)HPy_Hash(ctx, arg));
}

/* ---- comparisons ---- */

HPyDef_METH(m_compare_ops, "compare_ops", HPyFunc_NOARGS)
static HPy m_compare_ops_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_BuildValue(ctx, "(iiiiii)", (int)HPy_LT, (int)HPy_LE, (int)HPy_EQ,
                          (int)HPy_NE, (int)HPy_GT, (int)HPy_GE);
}

HPyDef_METH(m_richcompare, "richcompare", HPyFunc_VARARGS)
static HPy m_richcompare_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    SSIZE(op, args[2]);
    return HPy_RichCompare(ctx, args[0], args[1], (int)op);
}

HPyDef_METH(m_richcompare_bool, "richcompare_bool", HPyFunc_VARARGS)
static HPy m_richcompare_bool_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    SSIZE(op, args[2]);
    return checked(ctx, HPy_RichCompareBool(ctx, args[0], args[1], (int)op));
}

/* the usual tp_richcompare of a C type: compare two C values */
HPyDef_METH(m_return_richcompare, "return_richcompare", HPyFunc_VARARGS)
static HPy m_return_richcompare_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    NARGS(3);
    SSIZE(a, args[0]);
    SSIZE(b, args[1]);
    SSIZE(op, args[2]);
    HPy_RETURN_RICHCOMPARE(ctx, a, b, (HPy_RichCmpOp)op);
}

/* ---- debugging ---- */

HPyDef_METH(m_dump, "dump", HPyFunc_O)
static HPy m_dump_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    _HPy_Dump(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

@EXPORT(m_getattr_)
@EXPORT(m_getattr_s)
@EXPORT(m_hasattr_)
@EXPORT(m_hasattr_s)
@EXPORT(m_setattr_)
@EXPORT(m_setattr_s)
@EXPORT(m_setattr_null)
@EXPORT(m_setattr_s_null)
@EXPORT(m_delattr_)
@EXPORT(m_delattr_s)
@EXPORT(m_getitem)
@EXPORT(m_getitem_i)
@EXPORT(m_getitem_s)
@EXPORT(m_setitem)
@EXPORT(m_setitem_i)
@EXPORT(m_setitem_s)
@EXPORT(m_delitem)
@EXPORT(m_delitem_i)
@EXPORT(m_delitem_s)
@EXPORT(m_contains)
@EXPORT(m_length)
@EXPORT(m_type_)
@EXPORT(m_type_check)
@EXPORT(m_is_subtype)
@EXPORT(m_type_get_name)
@EXPORT(m_is_)
@EXPORT(m_callable_check)
@EXPORT(m_repr_)
@EXPORT(m_str_)
@EXPORT(m_ascii_)
@EXPORT(m_bytes_)
@EXPORT(m_hash_)
@EXPORT(m_compare_ops)
@EXPORT(m_richcompare)
@EXPORT(m_richcompare_bool)
@EXPORT(m_return_richcompare)
@EXPORT(m_dump)
@INIT
"""


# ---- HPy_GetAttr / HPy_GetAttr_s -------------------------------------------------------


def test_getattr_returns_attribute(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getattr(Obj(x=42), "x") == 42


def test_getattr_finds_class_attributes_and_methods(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getattr([3, 1], "count")(3) == 1


def test_getattr_missing_raises_attribute_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(AttributeError, mod.getattr, Obj(), "missing")
    assert message == python_message(AttributeError, getattr, Obj(), "missing")


def test_getattr_non_str_name_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert "attribute name must be string" in raises(TypeError, mod.getattr, Obj(), 1)


def test_getattr_calls_dunder_getattr(compiler):
    class Dynamic:
        def __getattr__(self, name):
            return "dynamic " + name

    mod = compiler.make_module(OBJECT)
    assert mod.getattr(Dynamic(), "thing") == "dynamic thing"


def test_getattr_s_returns_attribute(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getattr_s(Obj(x=42), "x") == 42


def test_getattr_s_decodes_name_as_utf8(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Obj()
    setattr(obj, "\u00f1ame", "spanish")
    assert mod.getattr_s(obj, "\u00f1ame") == "spanish"


def test_getattr_s_missing_raises_attribute_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(AttributeError, mod.getattr_s, Obj(), "missing")
    assert message == python_message(AttributeError, getattr, Obj(), "missing")


# ---- HPy_HasAttr / HPy_HasAttr_s -------------------------------------------------------


class GetattrRaises:
    def __getattr__(self, name):
        raise ValueError("no attributes today")


@pytest.mark.parametrize("func", ["hasattr", "hasattr_s"])
def test_hasattr_present_gives_one(compiler, func):
    mod = compiler.make_module(OBJECT)
    assert getattr(mod, func)(Obj(x=1), "x") == 1


@pytest.mark.parametrize("func", ["hasattr", "hasattr_s"])
def test_hasattr_missing_gives_zero(compiler, func):
    mod = compiler.make_module(OBJECT)
    assert getattr(mod, func)(Obj(x=1), "y") == 0


@pytest.mark.parametrize("func", ["hasattr", "hasattr_s"])
def test_hasattr_swallows_errors_and_gives_zero(compiler, func):
    mod = compiler.make_module(OBJECT)
    assert getattr(mod, func)(GetattrRaises(), "x") == 0


@pytest.mark.parametrize("func", ["hasattr", "hasattr_s"])
def test_hasattr_swallows_errors_without_reporting_them(compiler, func, monkeypatch):
    mod = compiler.make_module(OBJECT)
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    assert getattr(mod, func)(GetattrRaises(), "x") == 0
    assert reported == []


def test_hasattr_non_str_name_gives_zero(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.hasattr(Obj(), 1) == 0


# ---- HPy_SetAttr / HPy_SetAttr_s / HPy_DelAttr / HPy_DelAttr_s -------------------------


@pytest.mark.parametrize("func", ["setattr", "setattr_s"])
def test_setattr_sets_attribute(compiler, func):
    mod = compiler.make_module(OBJECT)
    obj = Obj()
    assert getattr(mod, func)(obj, "x", 5) is None
    assert obj.x == 5


def test_setattr_s_decodes_name_as_utf8(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Obj()
    mod.setattr_s(obj, "\u00f1ame", 1)
    assert getattr(obj, "\u00f1ame") == 1


@pytest.mark.parametrize("func", ["setattr", "setattr_s"])
def test_setattr_on_object_without_dict_raises_attribute_error(compiler, func):
    mod = compiler.make_module(OBJECT)
    message = raises(AttributeError, getattr(mod, func), object(), "x", 1)
    assert message == python_message(AttributeError, setattr, object(), "x", 1)


def test_setattr_non_str_name_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.setattr, Obj(), 1, 2)
    assert message == python_message(TypeError, setattr, Obj(), 1, 2)


def test_setattr_calls_dunder_setattr(compiler):
    class Logged:
        def __init__(self):
            self.__dict__["log"] = []

        def __setattr__(self, name, value):
            self.log.append((name, value))

    mod = compiler.make_module(OBJECT)
    obj = Logged()
    mod.setattr(obj, "x", 3)
    assert obj.log == [("x", 3)]


@pytest.mark.parametrize("func", ["setattr_null", "setattr_s_null"])
def test_setattr_null_value_deletes_attribute(compiler, func):
    mod = compiler.make_module(OBJECT)
    obj = Obj(x=1, y=2)
    assert getattr(mod, func)(obj, "x") is None
    assert vars(obj) == {"y": 2}


@pytest.mark.parametrize("func", ["setattr_null", "setattr_s_null"])
def test_setattr_null_value_missing_attribute_raises_attribute_error(compiler, func):
    mod = compiler.make_module(OBJECT)
    message = raises(AttributeError, getattr(mod, func), Obj(), "x")
    assert message == python_message(AttributeError, delattr, Obj(), "x")


@pytest.mark.parametrize("func", ["delattr", "delattr_s"])
def test_delattr_deletes_attribute(compiler, func):
    mod = compiler.make_module(OBJECT)
    obj = Obj(x=1, y=2)
    assert getattr(mod, func)(obj, "x") is None
    assert vars(obj) == {"y": 2}


@pytest.mark.parametrize("func", ["delattr", "delattr_s"])
def test_delattr_missing_attribute_raises_attribute_error(compiler, func):
    mod = compiler.make_module(OBJECT)
    message = raises(AttributeError, getattr(mod, func), Obj(), "x")
    assert message == python_message(AttributeError, delattr, Obj(), "x")


def test_delattr_calls_dunder_delattr(compiler):
    class Logged:
        def __init__(self):
            self.log = []

        def __delattr__(self, name):
            self.log.append(name)

    mod = compiler.make_module(OBJECT)
    obj = Logged()
    mod.delattr_s(obj, "anything")
    assert obj.log == ["anything"]


# ---- HPy_GetItem / _i / _s -------------------------------------------------------------


def test_getitem_of_dict(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem({(1, 2): "t"}, (1, 2)) == "t"


def test_getitem_of_list(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem([10, 20, 30], 1) == 20


def test_getitem_with_slice(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem([10, 20, 30], slice(1, None)) == [20, 30]


def test_getitem_missing_key_raises_key_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert raises(KeyError, mod.getitem, {}, "k") == "'k'"


def test_getitem_unsubscriptable_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.getitem, 5, 0)
    assert message == python_message(TypeError, lambda o, k: o[k], 5, 0)


def test_getitem_passes_key_object_to_dunder_getitem(compiler):
    mod = compiler.make_module(OBJECT)
    key = (1, "a")
    assert mod.getitem(Recorder(), key) == ("item", key)


@pytest.mark.parametrize("seq", [[10, 20, 30], (10, 20, 30), "abc", range(10, 40, 10)],
                         ids=lambda s: type(s).__name__)
def test_getitem_i_of_sequence(compiler, seq):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem_i(seq, 1) == seq[1]


@pytest.mark.parametrize("seq", [[10, 20, 30], (10, 20, 30), "abc"],
                         ids=lambda s: type(s).__name__)
def test_getitem_i_negative_index_counts_from_end(compiler, seq):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem_i(seq, -1) == seq[-1]


def test_getitem_i_of_list_subclass(compiler):
    class MyList(list):
        pass

    mod = compiler.make_module(OBJECT)
    assert mod.getitem_i(MyList([1, 2, 3]), -2) == 2


@pytest.mark.parametrize("seq", [[1], (1,)], ids=lambda s: type(s).__name__)
def test_getitem_i_out_of_range_raises_index_error(compiler, seq):
    mod = compiler.make_module(OBJECT)
    message = raises(IndexError, mod.getitem_i, seq, 5)
    assert message == python_message(IndexError, lambda s: s[5], seq)


def test_getitem_i_of_dict_uses_int_key(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem_i({7: "seven"}, 7) == "seven"


def test_getitem_i_passes_int_key_to_dunder_getitem(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Recorder()
    mod.getitem_i(obj, -3)
    assert obj.calls == [("get", -3)] and type(obj.calls[0][1]) is int


def test_getitem_s_of_dict(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem_s({"k": "v"}, "k") == "v"


def test_getitem_s_decodes_key_as_utf8(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.getitem_s({"\u20ac": "euro"}, "\u20ac") == "euro"


def test_getitem_s_missing_key_raises_key_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert raises(KeyError, mod.getitem_s, {}, "k") == "'k'"


def test_getitem_s_passes_str_key_to_dunder_getitem(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Recorder()
    mod.getitem_s(obj, "key")
    assert obj.calls == [("get", "key")] and type(obj.calls[0][1]) is str


def test_getitem_s_of_list_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.getitem_s, [1], "a")
    assert "list indices must be integers or slices, not str" in message


# ---- HPy_SetItem / _i / _s -------------------------------------------------------------


def test_setitem_in_dict(compiler):
    mod = compiler.make_module(OBJECT)
    d = {}
    assert mod.setitem(d, (1, 2), "t") is None
    assert d == {(1, 2): "t"}


def test_setitem_in_list(compiler):
    mod = compiler.make_module(OBJECT)
    items = [1, 2, 3]
    mod.setitem(items, 0, "a")
    assert items == ["a", 2, 3]


def test_setitem_unhashable_key_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert "unhashable type: 'list'" in raises(TypeError, mod.setitem, {}, [], 1)


def test_setitem_in_tuple_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.setitem, (1,), 0, 2)
    assert "'tuple' object does not support item assignment" in message


def test_setitem_i_in_list(compiler):
    mod = compiler.make_module(OBJECT)
    items = [1, 2, 3]
    mod.setitem_i(items, 1, "b")
    assert items == [1, "b", 3]


def test_setitem_i_negative_index_counts_from_end(compiler):
    mod = compiler.make_module(OBJECT)
    items = [1, 2, 3]
    mod.setitem_i(items, -1, "c")
    assert items == [1, 2, "c"]


def test_setitem_i_out_of_range_raises_index_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(IndexError, mod.setitem_i, [], 0, 1)
    # the host list's message: PyPy's says "list index out of range" for assignments too
    assert ("list index out of range" if IS_PYPY
            else "list assignment index out of range") in message


def test_setitem_i_in_dict_uses_int_key(compiler):
    mod = compiler.make_module(OBJECT)
    d = {}
    mod.setitem_i(d, 5, "five")
    assert d == {5: "five"}


def test_setitem_i_passes_int_key_to_dunder_setitem(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Recorder()
    mod.setitem_i(obj, 4, "v")
    assert obj.calls == [("set", 4, "v")] and type(obj.calls[0][1]) is int


def test_setitem_s_in_dict(compiler):
    mod = compiler.make_module(OBJECT)
    d = {}
    mod.setitem_s(d, "\u00e9", 1)
    assert d == {"\u00e9": 1}


def test_setitem_s_passes_str_key_to_dunder_setitem(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Recorder()
    mod.setitem_s(obj, "k", "v")
    assert obj.calls == [("set", "k", "v")] and type(obj.calls[0][1]) is str


def test_setitem_s_in_list_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.setitem_s, [1], "a", 2)
    assert "list indices must be integers or slices, not str" in message


# ---- HPy_DelItem / _i / _s -------------------------------------------------------------


def test_delitem_from_dict(compiler):
    mod = compiler.make_module(OBJECT)
    d = {(1, 2): "t", 3: 4}
    assert mod.delitem(d, (1, 2)) is None
    assert d == {3: 4}


def test_delitem_slice_from_list(compiler):
    mod = compiler.make_module(OBJECT)
    items = [1, 2, 3, 4]
    mod.delitem(items, slice(1, 3))
    assert items == [1, 4]


def test_delitem_missing_key_raises_key_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert raises(KeyError, mod.delitem, {}, "k") == "'k'"


def test_delitem_i_from_list(compiler):
    mod = compiler.make_module(OBJECT)
    items = [1, 2, 3]
    mod.delitem_i(items, 0)
    assert items == [2, 3]


def test_delitem_i_negative_index_counts_from_end(compiler):
    mod = compiler.make_module(OBJECT)
    items = [1, 2, 3]
    mod.delitem_i(items, -1)
    assert items == [1, 2]


def test_delitem_i_out_of_range_raises_index_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(IndexError, mod.delitem_i, [], 0)
    # the host list's message: PyPy's says "list index out of range" for deletions too
    assert ("list index out of range" if IS_PYPY
            else "list assignment index out of range") in message


def test_delitem_i_from_dict_uses_int_key(compiler):
    mod = compiler.make_module(OBJECT)
    d = {1: "a", "1": "b"}
    mod.delitem_i(d, 1)
    assert d == {"1": "b"}


def test_delitem_i_passes_int_key_to_dunder_delitem(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Recorder()
    mod.delitem_i(obj, 2)
    assert obj.calls == [("del", 2)] and type(obj.calls[0][1]) is int


def test_delitem_s_from_dict(compiler):
    mod = compiler.make_module(OBJECT)
    d = {1: "a", "1": "b"}
    mod.delitem_s(d, "1")
    assert d == {1: "a"}


def test_delitem_s_missing_key_raises_key_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert raises(KeyError, mod.delitem_s, {}, "k") == "'k'"


def test_delitem_s_passes_str_key_to_dunder_delitem(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Recorder()
    mod.delitem_s(obj, "k")
    assert obj.calls == [("del", "k")] and type(obj.calls[0][1]) is str


# ---- HPy_Contains and HPy_Length -------------------------------------------------------


@pytest.mark.parametrize("container, key, expected", [
    ([1, 2], 2, 1), ([1, 2], 3, 0), ({"k": 1}, "k", 1), ({"k": 1}, 1, 0),
    ("hello", "ell", 1), ("hello", "z", 0), (range(5), 4, 1),
], ids=ident)
def test_contains_builtin_containers(compiler, container, key, expected):
    mod = compiler.make_module(OBJECT)
    assert mod.contains(container, key) == expected


def test_contains_calls_dunder_contains(compiler):
    class Evens:
        def __contains__(self, item):
            return item % 2 == 0

    mod = compiler.make_module(OBJECT)
    assert (mod.contains(Evens(), 4), mod.contains(Evens(), 5)) == (1, 0)


def test_contains_falls_back_to_iteration(compiler):
    class Iterable:
        def __iter__(self):
            return iter([1, 2, 3])

    mod = compiler.make_module(OBJECT)
    assert mod.contains(Iterable(), 3) == 1


def test_contains_non_container_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.contains, 5, 1)
    assert message == python_message(TypeError, lambda c, k: k in c, 5, 1)


def test_contains_unhashable_key_in_dict_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert "unhashable type: 'list'" in raises(TypeError, mod.contains, {}, [])


@pytest.mark.parametrize("obj", [[], [1, 2, 3], (1,), {"a": 1}, "h\u00e9", b"xy", set(), range(7)],
                         ids=ident)
def test_length_of_builtin(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.length(obj) == len(obj)


def test_length_calls_dunder_len(compiler):
    class Sized:
        def __len__(self):
            return 12

    mod = compiler.make_module(OBJECT)
    assert mod.length(Sized()) == 12


def test_length_without_len_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.length, 5)
    assert message == python_message(TypeError, len, 5)


def test_length_dunder_len_raising_propagates(compiler):
    class Bad:
        def __len__(self):
            raise RuntimeError("no length today")

    mod = compiler.make_module(OBJECT)
    assert raises(RuntimeError, mod.length, Bad()) == "no length today"


# ---- HPy_Type, HPy_TypeCheck, HPyType_IsSubtype, HPyType_GetName, HPy_Is ---------------


@pytest.mark.parametrize("obj", [1, "s", None, [], Obj(), int, True], ids=ident)
def test_type_returns_type_of_object(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.type(obj) is type(obj)


@pytest.mark.parametrize("obj, cls, expected", [
    (1, int, 1), (True, int, 1), (1, bool, 0), (1, object, 1), ("s", int, 0),
    (Obj(), Obj, 1), (int, type, 1),
], ids=ident)
def test_type_check_is_isinstance(compiler, obj, cls, expected):
    mod = compiler.make_module(OBJECT)
    assert mod.type_check(obj, cls) == expected


def test_type_check_ignores_dunder_instancecheck(compiler):
    mod = compiler.make_module(OBJECT)
    assert isinstance([], collections.abc.Sized)
    assert mod.type_check([], collections.abc.Sized) == 0


@pytest.mark.parametrize("sub, cls, expected", [
    (bool, int, 1), (int, bool, 0), (int, int, 1), (list, object, 1), (type, object, 1),
    (str, bytes, 0), (collections.OrderedDict, dict, 1),
], ids=ident)
def test_is_subtype(compiler, sub, cls, expected):
    mod = compiler.make_module(OBJECT)
    assert mod.is_subtype(sub, cls) == expected


def test_is_subtype_ignores_virtual_subclasses(compiler):
    mod = compiler.make_module(OBJECT)
    assert issubclass(list, collections.abc.Sized)
    assert mod.is_subtype(list, collections.abc.Sized) == 0


def test_is_subtype_of_user_class(compiler):
    class Base:
        pass

    class Derived(Base):
        pass

    mod = compiler.make_module(OBJECT)
    assert (mod.is_subtype(Derived, Base), mod.is_subtype(Base, Derived)) == (1, 0)


@pytest.mark.parametrize("cls, name", [
    (int, "int"), (type, "type"), (Obj, "Obj"),
    (collections.OrderedDict, "OrderedDict"), (bool, "bool"),
], ids=ident)
def test_type_get_name_is_name_without_module(compiler, cls, name):
    mod = compiler.make_module(OBJECT)
    assert mod.type_get_name(cls) == name


def test_type_get_name_of_non_type_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert raises(TypeError, mod.type_get_name, 5) == "HPyType_GetName: 5 is not a type"


def test_is_same_object_gives_one(compiler):
    mod = compiler.make_module(OBJECT)
    obj = Obj()
    assert mod.is_(obj, obj) == 1


def test_is_equal_but_distinct_objects_gives_zero(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.is_([1], [1]) == 0


def test_is_singletons(compiler):
    mod = compiler.make_module(OBJECT)
    assert (mod.is_(None, None), mod.is_(None, False)) == (1, 0)


# ---- HPyCallable_Check -----------------------------------------------------------------


class WithCall:
    def __call__(self):
        return 1


@pytest.mark.parametrize("obj", [len, lambda: 0, int, WithCall(), [].append, Obj],
                         ids=lambda o: type(o).__name__)
def test_callable_check_true_for_callables(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.callable_check(obj) == 1


@pytest.mark.parametrize("obj", [1, "len", None, [], Obj()], ids=lambda o: type(o).__name__)
def test_callable_check_false_for_non_callables(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.callable_check(obj) == 0


# ---- HPy_Repr, HPy_Str, HPy_ASCII, HPy_Bytes -------------------------------------------


class Custom:
    def __repr__(self):
        return "<Custom \u00e9>"

    def __str__(self):
        return "custom str"


@pytest.mark.parametrize("obj", [1, "a'b", "\u00e9", [1, "x"], None, Custom()], ids=ident)
def test_repr_is_python_repr(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.repr(obj) == repr(obj)


def test_repr_returning_non_str_raises_type_error(compiler):
    class Bad:
        def __repr__(self):
            return 1

    mod = compiler.make_module(OBJECT)
    # the host's repr() message: PyPy quotes the type name
    type_name = "'int'" if IS_PYPY else "int"
    assert f"__repr__ returned non-string (type {type_name})" in raises(TypeError, mod.repr,
                                                                         Bad())


def test_repr_raising_propagates(compiler):
    class Bad:
        def __repr__(self):
            raise ValueError("no repr today")

    mod = compiler.make_module(OBJECT)
    assert raises(ValueError, mod.repr, Bad()) == "no repr today"


@pytest.mark.parametrize("obj", [1, "text", 1.5, None, Custom()], ids=ident)
def test_str_is_python_str(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.str(obj) == str(obj)


def test_str_of_str_is_same_object(compiler):
    mod = compiler.make_module(OBJECT)
    text = "some text"
    assert mod.str(text) is text


def test_str_raising_propagates(compiler):
    class Bad:
        def __str__(self):
            raise ValueError("no str today")

    mod = compiler.make_module(OBJECT)
    assert raises(ValueError, mod.str, Bad()) == "no str today"


@pytest.mark.parametrize("obj", ["\u00e9", "plain", ["\u20ac"], Custom()], ids=ident)
def test_ascii_escapes_non_ascii(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.ascii(obj) == ascii(obj)


def test_ascii_result_is_ascii(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.ascii("\u00e9\u20ac").isascii()


@pytest.mark.parametrize("obj, expected", [
    (b"abc", b"abc"), (bytearray(b"xy"), b"xy"), (memoryview(b"mv"), b"mv"),
    ([65, 66], b"AB"),
], ids=ident)
def test_bytes_converts_buffers_and_int_lists(compiler, obj, expected):
    mod = compiler.make_module(OBJECT)
    result = mod.bytes(obj)
    assert (type(result), result) == (bytes, expected)


def test_bytes_calls_dunder_bytes(compiler):
    class WithBytes:
        def __bytes__(self):
            return b"from dunder"

    mod = compiler.make_module(OBJECT)
    assert mod.bytes(WithBytes()) == b"from dunder"


def test_bytes_of_bytes_is_same_object(compiler):
    mod = compiler.make_module(OBJECT)
    data = b"some bytes"
    assert mod.bytes(data) is data


def test_bytes_of_str_raises_type_error(compiler):
    mod = compiler.make_module(OBJECT)
    assert "str" in raises(TypeError, mod.bytes, "text")


def test_bytes_dunder_bytes_returning_non_bytes_raises_type_error(compiler):
    class Bad:
        def __bytes__(self):
            return "text"

    mod = compiler.make_module(OBJECT)
    # the host's bytes() message: PyPy quotes the type name
    type_name = "'str'" if IS_PYPY else "str"
    assert f"__bytes__ returned non-bytes (type {type_name})" in raises(TypeError, mod.bytes,
                                                                        Bad())


# ---- HPy_Hash --------------------------------------------------------------------------


@pytest.mark.parametrize("obj", [0, 12345, 2 ** 100, "text", b"b", (1, "a"), 1.5, None],
                         ids=ident)
def test_hash_is_python_hash(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert mod.hash(obj) == hash(obj)


def test_hash_of_minus_one_is_not_minus_one(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.hash(-1) == hash(-1) == -2


def test_hash_calls_dunder_hash(compiler):
    class Hashed:
        def __hash__(self):
            return 77

    mod = compiler.make_module(OBJECT)
    assert mod.hash(Hashed()) == 77


@pytest.mark.parametrize("obj", [[], {}, set()], ids=ident)
def test_hash_unhashable_raises_type_error(compiler, obj):
    mod = compiler.make_module(OBJECT)
    assert f"unhashable type: '{type(obj).__name__}'" in raises(TypeError, mod.hash, obj)


def test_hash_dunder_hash_raising_propagates(compiler):
    class Bad:
        def __hash__(self):
            raise ValueError("no hash today")

    mod = compiler.make_module(OBJECT)
    assert raises(ValueError, mod.hash, Bad()) == "no hash today"


# ---- HPy_RichCompare, HPy_RichCompareBool, HPy_RETURN_RICHCOMPARE ----------------------


def test_compare_op_constants_have_the_python_values(compiler):
    mod = compiler.make_module(OBJECT)
    assert mod.compare_ops() == (LT, LE, EQ, NE, GT, GE)


PAIRS = [(1, 2), (2, 2), (3, 2)]


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("a, b", PAIRS, ids=ident)
def test_richcompare_ints(compiler, op, a, b):
    mod = compiler.make_module(OBJECT)
    assert mod.richcompare(a, b, OPS[op][0]) is OPS[op][1](a, b)


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("a, b", [("abc", "abd"), ("b", "b"), ((1, 3), (1, 2))], ids=ident)
def test_richcompare_bool_sequences(compiler, op, a, b):
    mod = compiler.make_module(OBJECT)
    assert mod.richcompare_bool(a, b, OPS[op][0]) == int(OPS[op][1](a, b))


class Rich:
    """Each comparison dunder returns its name (a true, non-bool object)."""


for _name in ["lt", "le", "eq", "ne", "gt", "ge"]:
    setattr(Rich, f"__{_name}__", (lambda n: lambda self, other: f"__{n}__")(_name))


@pytest.mark.parametrize("op", list(OPS))
def test_richcompare_returns_dunder_result_as_is(compiler, op):
    mod = compiler.make_module(OBJECT)
    assert mod.richcompare(Rich(), 1, OPS[op][0]) == f"__{op.lower()}__"


@pytest.mark.parametrize("op", list(OPS))
def test_richcompare_bool_gives_truth_of_dunder_result(compiler, op):
    mod = compiler.make_module(OBJECT)
    assert mod.richcompare_bool(Rich(), 1, OPS[op][0]) == 1


def test_richcompare_nan_is_not_equal_to_itself(compiler):
    mod = compiler.make_module(OBJECT)
    nan = math.nan
    assert mod.richcompare(nan, nan, EQ) is False


def test_richcompare_bool_identity_implies_equality(compiler):
    mod = compiler.make_module(OBJECT)
    nan = math.nan
    assert (mod.richcompare_bool(nan, nan, EQ), mod.richcompare_bool(nan, nan, NE)) == (1, 0)


@pytest.mark.parametrize("op", ["LT", "LE", "GT", "GE"])
def test_richcompare_unorderable_raises_type_error(compiler, op):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.richcompare, 1, "a", OPS[op][0])
    assert message == python_message(TypeError, OPS[op][1], 1, "a")


@pytest.mark.parametrize("op", ["LT", "LE", "GT", "GE"])
def test_richcompare_bool_unorderable_raises_type_error(compiler, op):
    mod = compiler.make_module(OBJECT)
    message = raises(TypeError, mod.richcompare_bool, 1, "a", OPS[op][0])
    assert message == python_message(TypeError, OPS[op][1], 1, "a")


def test_richcompare_bool_result_without_truth_raises(compiler):
    class NoTruth:
        def __bool__(self):
            raise ValueError("no truth today")

    class Odd:
        def __eq__(self, other):
            return NoTruth()

    mod = compiler.make_module(OBJECT)
    assert raises(ValueError, mod.richcompare_bool, Odd(), 1, EQ) == "no truth today"


def test_richcompare_unrelated_objects_equality_is_identity(compiler):
    mod = compiler.make_module(OBJECT)
    a, b = Obj(), Obj()
    assert (mod.richcompare(a, b, EQ), mod.richcompare(a, b, NE)) == (False, True)


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("a, b", PAIRS + [(-5, 2 ** 40)], ids=ident)
def test_return_richcompare_compares_c_values(compiler, op, a, b):
    mod = compiler.make_module(OBJECT)
    assert mod.return_richcompare(a, b, OPS[op][0]) is OPS[op][1](a, b)


# ---- _HPy_Dump -------------------------------------------------------------------------


class DumpMe:
    def __repr__(self):
        return "<DumpMe 4711>"


def test_dump_writes_type_name_to_stderr(compiler, capfd):
    mod = compiler.make_module(OBJECT)
    assert mod.dump(DumpMe()) is None
    assert "DumpMe" in capfd.readouterr().err


def test_dump_writes_repr_to_stderr(compiler, capfd):
    mod = compiler.make_module(OBJECT)
    mod.dump(DumpMe())
    assert "<DumpMe 4711>" in capfd.readouterr().err


def test_dump_writes_nothing_to_stdout(compiler, capfd):
    mod = compiler.make_module(OBJECT)
    mod.dump(DumpMe())
    assert capfd.readouterr().out == ""


def test_dump_with_failing_repr_does_not_raise(compiler, capfd):
    class Bad:
        def __repr__(self):
            raise ValueError("no repr today")

    mod = compiler.make_module(OBJECT)
    assert mod.dump(Bad()) is None
    assert "Bad" in capfd.readouterr().err
