"""Handles: HPy_Dup, HPy_Close, HPy_IsNull, HPy_FromVoidP/HPy_AsVoidP and the context's
constant, exception, warning and type handles."""
import builtins
import datetime
import gc
import re
import weakref
from pathlib import Path

import pytest

SPEC = Path(__file__).resolve().parent.parent / "spec" / "api.toml"


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


class Plain:
    """An instance that can be weakly referenced."""


# ---- HPy_Dup and HPy_Close ------------------------------------------------------------

DUP_CLOSE = """
HPyDef_METH(f_dup, "dup", HPyFunc_O)
static HPy f_dup_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}

/* the dup stays valid after the original is closed */
HPyDef_METH(dup_outlives_original, "dup_outlives_original", HPyFunc_NOARGS)
static HPy dup_outlives_original_impl(HPyContext *ctx, HPy self)
{
    HPy original, copy;
    (void)self;
    original = HPyList_New(ctx, 0);
    if (HPy_IsNull(original))
        return HPy_NULL;
    copy = HPy_Dup(ctx, original);
    HPy_Close(ctx, original);
    if (HPyList_Append(ctx, copy, ctx->h_True) < 0) {
        HPy_Close(ctx, copy);
        return HPy_NULL;
    }
    return copy;
}

HPyDef_METH(dup_is_same_object, "dup_is_same_object", HPyFunc_O)
static HPy dup_is_same_object_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy copy = HPy_Dup(ctx, arg);
    int same = HPy_Is(ctx, copy, arg);
    (void)self;
    HPy_Close(ctx, copy);
    return HPyBool_FromLong(ctx, same);
}

/* n dups closed again: the object's lifetime is unchanged */
HPyDef_METH(dup_close_many, "dup_close_many", HPyFunc_O)
static HPy dup_close_many_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy copies[10];
    int i;
    (void)self;
    for (i = 0; i < 10; i++)
        copies[i] = HPy_Dup(ctx, i == 0 ? arg : copies[i - 1]);
    for (i = 0; i < 10; i++)
        HPy_Close(ctx, copies[i]);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(close_null, "close_null", HPyFunc_NOARGS)
static HPy close_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPy_Close(ctx, HPy_NULL);
    return HPy_Dup(ctx, ctx->h_None);
}

@EXPORT(f_dup)
@EXPORT(dup_outlives_original)
@EXPORT(dup_is_same_object)
@EXPORT(dup_close_many)
@EXPORT(close_null)
@INIT
"""


def test_dup_returns_the_same_object(compiler):
    mod = compiler.make_module(DUP_CLOSE)
    obj = Plain()
    assert mod.dup(obj) is obj


def test_dup_handle_is_the_same_object_in_c(compiler):
    mod = compiler.make_module(DUP_CLOSE)
    assert mod.dup_is_same_object(Plain()) is True


def test_dup_stays_valid_after_original_is_closed(compiler):
    mod = compiler.make_module(DUP_CLOSE)
    assert mod.dup_outlives_original() == [True]


def test_dup_and_close_balance_so_the_object_dies(compiler):
    mod = compiler.make_module(DUP_CLOSE)
    obj = Plain()
    ref = weakref.ref(obj)
    assert mod.dup_close_many(obj) is None
    del obj
    gc.collect()
    assert ref() is None


def test_dup_and_close_keep_the_callers_reference(compiler):
    mod = compiler.make_module(DUP_CLOSE)
    obj = Plain()
    ref = weakref.ref(obj)
    mod.dup_close_many(obj)
    gc.collect()
    assert ref() is obj


def test_close_null_does_nothing(compiler):
    mod = compiler.make_module(DUP_CLOSE)
    assert mod.close_null() is None


# ---- HPy_IsNull -----------------------------------------------------------------------

IS_NULL = """
HPyDef_METH(is_null_of_null, "is_null_of_null", HPyFunc_NOARGS)
static HPy is_null_of_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBool_FromLong(ctx, HPy_IsNull(HPy_NULL));
}

HPyDef_METH(is_null, "is_null", HPyFunc_O)
static HPy is_null_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromLong(ctx, HPy_IsNull(arg));
}

/* the result of a failed call is HPy_NULL */
HPyDef_METH(is_null_after_error, "is_null_after_error", HPyFunc_NOARGS)
static HPy is_null_after_error_impl(HPyContext *ctx, HPy self)
{
    HPy h = HPy_GetAttr_s(ctx, ctx->h_None, "no_such_attribute");
    int null = HPy_IsNull(h);
    (void)self;
    if (!null)
        HPy_Close(ctx, h);
    HPyErr_Clear(ctx);
    return HPyBool_FromLong(ctx, null);
}

@EXPORT(is_null_of_null)
@EXPORT(is_null)
@EXPORT(is_null_after_error)
@INIT
"""


def test_is_null_true_for_hpy_null(compiler):
    mod = compiler.make_module(IS_NULL)
    assert mod.is_null_of_null() is True


@pytest.mark.parametrize("value", [None, 0, False, ""], ids=repr)
def test_is_null_false_for_any_object(compiler, value):
    mod = compiler.make_module(IS_NULL)
    assert mod.is_null(value) is False


def test_is_null_true_for_result_of_failed_call(compiler):
    mod = compiler.make_module(IS_NULL)
    assert mod.is_null_after_error() is True


# ---- HPy_FromVoidP / HPy_AsVoidP ------------------------------------------------------

VOIDP = """
HPyDef_METH(voidp_round_trip, "voidp_round_trip", HPyFunc_O)
static HPy voidp_round_trip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    void *p = HPy_AsVoidP(arg);
    HPy h = HPy_FromVoidP(p);
    (void)self;
    return HPy_Dup(ctx, h);
}

HPyDef_METH(voidp_of_null, "voidp_of_null", HPyFunc_NOARGS)
static HPy voidp_of_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBool_FromLong(ctx, HPy_AsVoidP(HPy_NULL) == NULL);
}

HPyDef_METH(null_from_voidp, "null_from_voidp", HPyFunc_NOARGS)
static HPy null_from_voidp_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyBool_FromLong(ctx, HPy_IsNull(HPy_FromVoidP(NULL)));
}

HPyDef_METH(voidp_of_live_handle, "voidp_of_live_handle", HPyFunc_O)
static HPy voidp_of_live_handle_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyBool_FromLong(ctx, HPy_AsVoidP(arg) != NULL);
}

@EXPORT(voidp_round_trip)
@EXPORT(voidp_of_null)
@EXPORT(null_from_voidp)
@EXPORT(voidp_of_live_handle)
@INIT
"""


def test_voidp_round_trip_gives_the_same_object(compiler):
    mod = compiler.make_module(VOIDP)
    obj = Plain()
    assert mod.voidp_round_trip(obj) is obj


def test_as_voidp_of_null_is_null_pointer(compiler):
    mod = compiler.make_module(VOIDP)
    assert mod.voidp_of_null() is True


def test_from_voidp_of_null_pointer_is_null_handle(compiler):
    mod = compiler.make_module(VOIDP)
    assert mod.null_from_voidp() is True


def test_as_voidp_of_live_handle_is_not_null(compiler):
    mod = compiler.make_module(VOIDP)
    assert mod.voidp_of_live_handle(None) is True


# ---- context handles ------------------------------------------------------------------

CONSTANTS = {
    "h_None": None,
    "h_True": True,
    "h_False": False,
    "h_NotImplemented": NotImplemented,
    "h_Ellipsis": Ellipsis,
    "h_Builtins": builtins,
}

EXCEPTIONS = [
    "h_BaseException", "h_Exception", "h_StopAsyncIteration", "h_StopIteration",
    "h_GeneratorExit", "h_ArithmeticError", "h_LookupError", "h_AssertionError",
    "h_AttributeError", "h_BufferError", "h_EOFError", "h_FloatingPointError", "h_OSError",
    "h_ImportError", "h_ModuleNotFoundError", "h_IndexError", "h_KeyError",
    "h_KeyboardInterrupt", "h_MemoryError", "h_NameError", "h_OverflowError",
    "h_RuntimeError", "h_RecursionError", "h_NotImplementedError", "h_SyntaxError",
    "h_IndentationError", "h_TabError", "h_ReferenceError", "h_SystemError", "h_SystemExit",
    "h_TypeError", "h_UnboundLocalError", "h_UnicodeError", "h_UnicodeEncodeError",
    "h_UnicodeDecodeError", "h_UnicodeTranslateError", "h_ValueError",
    "h_ZeroDivisionError", "h_BlockingIOError", "h_BrokenPipeError", "h_ChildProcessError",
    "h_ConnectionError", "h_ConnectionAbortedError", "h_ConnectionRefusedError",
    "h_ConnectionResetError", "h_FileExistsError", "h_FileNotFoundError",
    "h_InterruptedError", "h_IsADirectoryError", "h_NotADirectoryError",
    "h_PermissionError", "h_ProcessLookupError", "h_TimeoutError",
]

WARNINGS = [
    "h_Warning", "h_UserWarning", "h_DeprecationWarning", "h_PendingDeprecationWarning",
    "h_SyntaxWarning", "h_RuntimeWarning", "h_FutureWarning", "h_ImportWarning",
    "h_UnicodeWarning", "h_BytesWarning", "h_ResourceWarning",
]

# PyPy's datetime exports no capsule (its h_CapsuleType tests skip: support/pypy.py)
CAPSULE_TYPE = type(getattr(datetime, "datetime_CAPI", None))

TYPES = {
    "h_BaseObjectType": object,
    "h_TypeType": type,
    "h_BoolType": bool,
    "h_LongType": int,
    "h_FloatType": float,
    "h_UnicodeType": str,
    "h_TupleType": tuple,
    "h_ListType": list,
    "h_ComplexType": complex,
    "h_BytesType": bytes,
    "h_MemoryViewType": memoryview,
    "h_CapsuleType": CAPSULE_TYPE,
    "h_SliceType": slice,
}

EXPECTED = {
    **CONSTANTS,
    **{name: getattr(builtins, name[2:]) for name in EXCEPTIONS + WARNINGS},
    **TYPES,
}


def handles_source():
    """A function get_handle(name) returning a new handle to ctx-><name>."""
    lookups = "".join(
        f'    if (strcmp(name, "{member}") == 0)\n'
        f"        return HPy_Dup(ctx, ctx->{member});\n"
        for member in EXPECTED
    )
    return f"""
#include <string.h>

HPyDef_METH(get_handle, "get_handle", HPyFunc_O)
static HPy get_handle_impl(HPyContext *ctx, HPy self, HPy arg)
{{
    const char *name = HPyUnicode_AsUTF8AndSize(ctx, arg, NULL);
    (void)self;
    if (name == NULL)
        return HPy_NULL;
{lookups}
    HPyErr_SetString(ctx, ctx->h_KeyError, name);
    return HPy_NULL;
}}

@EXPORT(get_handle)
@INIT
"""


def hpy09_handles_of_the_spec():
    """The handle slots of spec/api.toml that HPy 0.9 has (ABI minor 0: no `since`)."""
    names = []
    for block in SPEC.read_text().split("[[slot]]")[1:]:
        handle = re.search(r'^handle = "(h_\w+)"$', block, re.MULTILINE)
        since = re.search(r"^since = (\d+)$", block, re.MULTILINE)
        if handle is not None and (since is None or since.group(1) == "0"):
            names.append(handle.group(1))
    return names


def test_expected_handles_are_every_hpy09_handle_slot_of_the_spec():
    assert sorted(hpy09_handles_of_the_spec()) == sorted(EXPECTED)


def test_capsule_type_used_for_comparison_is_the_capsule_type():
    assert CAPSULE_TYPE.__name__ == "PyCapsule"


@pytest.mark.parametrize("member", list(CONSTANTS))
def test_constant_handle_is_the_python_constant(compiler, member):
    mod = compiler.make_module(handles_source())
    assert mod.get_handle(member) is CONSTANTS[member]


@pytest.mark.parametrize("member", EXCEPTIONS)
def test_exception_handle_is_the_builtin_exception(compiler, member):
    mod = compiler.make_module(handles_source())
    assert mod.get_handle(member) is getattr(builtins, member[2:])


@pytest.mark.parametrize("member", WARNINGS)
def test_warning_handle_is_the_builtin_warning(compiler, member):
    mod = compiler.make_module(handles_source())
    assert mod.get_handle(member) is getattr(builtins, member[2:])


@pytest.mark.parametrize("member", list(TYPES))
def test_type_handle_is_the_builtin_type(compiler, member):
    mod = compiler.make_module(handles_source())
    assert mod.get_handle(member) is TYPES[member]

