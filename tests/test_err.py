"""HPyErr_*: setting, inspecting and clearing exceptions; new exception classes;
warnings; unraisable errors; OSError from errno; HPy_FatalError; HPyErr_Format."""
import contextlib
import errno
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

import hpykit


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the exception."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return info.value


SOURCE = r"""
#include <errno.h>

/* set_string(type, message) */
HPyDef_METH(set_string, "set_string", HPyFunc_VARARGS)
static HPy set_string_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *msg;
    (void)self; (void)nargs;
    msg = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    if (msg == NULL)
        return HPy_NULL;
    return HPyErr_SetString(ctx, args[0], msg);
}

HPyDef_METH(set_string_utf8, "set_string_utf8", HPyFunc_NOARGS)
static HPy set_string_utf8_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyErr_SetString(ctx, ctx->h_ValueError, "caf\xc3\xa9 \xe2\x82\xac");
    return HPy_NULL;
}

/* set_object(type, value) */
HPyDef_METH(set_object, "set_object", HPyFunc_VARARGS)
static HPy set_object_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return HPyErr_SetObject(ctx, args[0], args[1]);
}

HPyDef_METH(occurred_without_error, "occurred_without_error", HPyFunc_NOARGS)
static HPy occurred_without_error_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyErr_Occurred(ctx));
}

/* HPyErr_Occurred after setting an error; the error is then cleared */
HPyDef_METH(occurred_with_error, "occurred_with_error", HPyFunc_NOARGS)
static HPy occurred_with_error_impl(HPyContext *ctx, HPy self)
{
    int r;
    (void)self;
    HPyErr_SetString(ctx, ctx->h_ValueError, "pending");
    r = HPyErr_Occurred(ctx);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, r);
}

/* HPyErr_Occurred after HPyErr_Clear */
HPyDef_METH(occurred_after_clear, "occurred_after_clear", HPyFunc_NOARGS)
static HPy occurred_after_clear_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyErr_SetString(ctx, ctx->h_ValueError, "pending");
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, HPyErr_Occurred(ctx));
}

/* clear(): an error is set and cleared; the function then returns None normally */
HPyDef_METH(clear, "clear", HPyFunc_NOARGS)
static HPy clear_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyErr_SetString(ctx, ctx->h_KeyError, "gone");
    HPyErr_Clear(ctx);
    return HPy_Dup(ctx, ctx->h_None);
}

/* HPyErr_Clear without a pending error */
HPyDef_METH(clear_without_error, "clear_without_error", HPyFunc_NOARGS)
static HPy clear_without_error_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyErr_Clear(ctx);
    return HPy_Dup(ctx, ctx->h_None);
}

/* matches(raised_type, exc): raises raised_type, returns HPyErr_ExceptionMatches(exc) */
HPyDef_METH(matches, "matches", HPyFunc_VARARGS)
static HPy matches_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int r;
    (void)self; (void)nargs;
    HPyErr_SetString(ctx, args[0], "raised");
    r = HPyErr_ExceptionMatches(ctx, args[1]);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, r);
}

HPyDef_METH(matches_without_error, "matches_without_error", HPyFunc_O)
static HPy matches_without_error_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyErr_ExceptionMatches(ctx, arg));
}

HPyDef_METH(no_memory, "no_memory", HPyFunc_NOARGS)
static HPy no_memory_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyErr_NoMemory(ctx);
}

/* new_exception(name, base or None, dict or None) */
HPyDef_METH(new_exception, "new_exception", HPyFunc_VARARGS)
static HPy new_exception_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *name;
    HPy base, dict;
    (void)self; (void)nargs;
    name = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    if (name == NULL)
        return HPy_NULL;
    base = HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1];
    dict = HPy_Is(ctx, args[2], ctx->h_None) ? HPy_NULL : args[2];
    return HPyErr_NewException(ctx, name, base, dict);
}

/* new_exception_with_doc(name, doc or None, base or None, dict or None) */
HPyDef_METH(new_exception_with_doc, "new_exception_with_doc", HPyFunc_VARARGS)
static HPy new_exception_with_doc_impl(HPyContext *ctx, HPy self, const HPy *args,
                                       size_t nargs)
{
    const char *name, *doc = NULL;
    HPy base, dict;
    (void)self; (void)nargs;
    name = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    if (name == NULL)
        return HPy_NULL;
    if (!HPy_Is(ctx, args[1], ctx->h_None)) {
        doc = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
        if (doc == NULL)
            return HPy_NULL;
    }
    base = HPy_Is(ctx, args[2], ctx->h_None) ? HPy_NULL : args[2];
    dict = HPy_Is(ctx, args[3], ctx->h_None) ? HPy_NULL : args[3];
    return HPyErr_NewExceptionWithDoc(ctx, name, doc, base, dict);
}

/* (the C symbol is not "warn": that would be interposed by libc's warn())
   warn(category or None, message, stack_level) -> the C result of HPyErr_WarnEx; an
   exception from a warning turned into an error propagates */
HPyDef_METH(warn_ex, "warn", HPyFunc_VARARGS)
static HPy warn_ex_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *msg;
    HPy category;
    HPy_ssize_t level;
    (void)self; (void)nargs;
    category = HPy_Is(ctx, args[0], ctx->h_None) ? HPy_NULL : args[0];
    msg = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    if (msg == NULL)
        return HPy_NULL;
    level = HPyLong_AsSsize_t(ctx, args[2]);
    if (level == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (HPyErr_WarnEx(ctx, category, msg, level) < 0)
        return HPy_NULL;
    return HPyLong_FromLong(ctx, 0);
}

/* the C result of HPyErr_WarnEx when the warning is an error; exception cleared */
HPyDef_METH(warn_error_value, "warn_error_value", HPyFunc_NOARGS)
static HPy warn_error_value_impl(HPyContext *ctx, HPy self)
{
    int r;
    (void)self;
    r = HPyErr_WarnEx(ctx, ctx->h_UserWarning, "to error", 1);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, r);
}

/* write_unraisable(obj): raises ValueError("lost"), reports it for obj, returns None */
HPyDef_METH(write_unraisable, "write_unraisable", HPyFunc_O)
static HPy write_unraisable_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyErr_SetString(ctx, ctx->h_ValueError, "lost");
    HPyErr_WriteUnraisable(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

/* after HPyErr_WriteUnraisable no error is pending */
HPyDef_METH(write_unraisable_clears, "write_unraisable_clears", HPyFunc_O)
static HPy write_unraisable_clears_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyErr_SetString(ctx, ctx->h_ValueError, "lost");
    HPyErr_WriteUnraisable(ctx, arg);
    return HPyLong_FromLong(ctx, HPyErr_Occurred(ctx));
}

static int set_errno(HPyContext *ctx, HPy h)
{
    long value = HPyLong_AsLong(ctx, h);
    if (value == -1 && HPyErr_Occurred(ctx))
        return -1;
    errno = (int)value;
    return 0;
}

/* from_errno(type, errno) */
HPyDef_METH(from_errno, "from_errno", HPyFunc_VARARGS)
static HPy from_errno_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    if (set_errno(ctx, args[1]) < 0)
        return HPy_NULL;
    return HPyErr_SetFromErrno(ctx, args[0]);
}

/* from_errno_filename(type, errno, filename as bytes) */
HPyDef_METH(from_errno_filename, "from_errno_filename", HPyFunc_VARARGS)
static HPy from_errno_filename_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *filename;
    (void)self; (void)nargs;
    filename = HPyBytes_AsString(ctx, args[2]);
    if (filename == NULL)
        return HPy_NULL;
    if (set_errno(ctx, args[1]) < 0)
        return HPy_NULL;
    return HPyErr_SetFromErrnoWithFilename(ctx, args[0], filename);
}

/* HPyErr_SetFromErrnoWithFilename with a NULL file name */
HPyDef_METH(from_errno_filename_null, "from_errno_filename_null", HPyFunc_VARARGS)
static HPy from_errno_filename_null_impl(HPyContext *ctx, HPy self, const HPy *args,
                                         size_t nargs)
{
    (void)self; (void)nargs;
    if (set_errno(ctx, args[1]) < 0)
        return HPy_NULL;
    return HPyErr_SetFromErrnoWithFilename(ctx, args[0], NULL);
}

/* from_errno_filename_object(type, errno, filename) */
HPyDef_METH(from_errno_filename_object, "from_errno_filename_object", HPyFunc_VARARGS)
static HPy from_errno_filename_object_impl(HPyContext *ctx, HPy self, const HPy *args,
                                           size_t nargs)
{
    (void)self; (void)nargs;
    if (set_errno(ctx, args[1]) < 0)
        return HPy_NULL;
    return HPyErr_SetFromErrnoWithFilenameObject(ctx, args[0], args[2]);
}

/* from_errno_filename_objects(type, errno, filename1, filename2 or None) */
HPyDef_METH(from_errno_filename_objects, "from_errno_filename_objects", HPyFunc_VARARGS)
static HPy from_errno_filename_objects_impl(HPyContext *ctx, HPy self, const HPy *args,
                                            size_t nargs)
{
    HPy filename2;
    (void)self; (void)nargs;
    filename2 = HPy_Is(ctx, args[3], ctx->h_None) ? HPy_NULL : args[3];
    if (set_errno(ctx, args[1]) < 0)
        return HPy_NULL;
    return HPyErr_SetFromErrnoWithFilenameObjects(ctx, args[0], args[2], filename2);
}

/* the HPy returned by each errno helper is HPy_NULL (exception cleared) */
HPyDef_METH(from_errno_results_are_null, "from_errno_results_are_null", HPyFunc_NOARGS)
static HPy from_errno_results_are_null_impl(HPyContext *ctx, HPy self)
{
    int all_null = 1;
    (void)self;
    errno = ENOENT;
    all_null &= HPy_IsNull(HPyErr_SetFromErrno(ctx, ctx->h_OSError));
    HPyErr_Clear(ctx);
    errno = ENOENT;
    all_null &= HPy_IsNull(HPyErr_SetFromErrnoWithFilename(ctx, ctx->h_OSError, "f"));
    HPyErr_Clear(ctx);
    errno = ENOENT;
    all_null &= HPy_IsNull(HPyErr_SetFromErrnoWithFilenameObject(ctx, ctx->h_OSError,
                                                                  ctx->h_None));
    HPyErr_Clear(ctx);
    errno = ENOENT;
    all_null &= HPy_IsNull(HPyErr_SetFromErrnoWithFilenameObjects(ctx, ctx->h_OSError,
                                                                   ctx->h_None, ctx->h_None));
    HPyErr_Clear(ctx);
    return HPyBool_FromLong(ctx, all_null);
}

/* format(value): ValueError with a message made by HPyErr_Format */
HPyDef_METH(format, "format", HPyFunc_O)
static HPy format_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyErr_Format(ctx, ctx->h_ValueError, "bad value %R (%d of %s)", arg, 3, "max");
}

/* the result of HPyErr_Format is HPy_NULL (exception cleared) */
HPyDef_METH(format_result_is_null, "format_result_is_null", HPyFunc_NOARGS)
static HPy format_result_is_null_impl(HPyContext *ctx, HPy self)
{
    HPy r;
    (void)self;
    r = HPyErr_Format(ctx, ctx->h_KeyError, "k%d", 1);
    HPyErr_Clear(ctx);
    return HPyBool_FromLong(ctx, HPy_IsNull(r));
}

HPyDef_METH(fatal, "fatal", HPyFunc_NOARGS)
static HPy fatal_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPy_FatalError(ctx, "hpykit test: this is fatal");
    return HPy_Dup(ctx, ctx->h_None); /* not reached */
}

@EXPORT(set_string)
@EXPORT(set_string_utf8)
@EXPORT(set_object)
@EXPORT(occurred_without_error)
@EXPORT(occurred_with_error)
@EXPORT(occurred_after_clear)
@EXPORT(clear)
@EXPORT(clear_without_error)
@EXPORT(matches)
@EXPORT(matches_without_error)
@EXPORT(no_memory)
@EXPORT(new_exception)
@EXPORT(new_exception_with_doc)
@EXPORT(warn_ex)
@EXPORT(warn_error_value)
@EXPORT(write_unraisable)
@EXPORT(write_unraisable_clears)
@EXPORT(from_errno)
@EXPORT(from_errno_filename)
@EXPORT(from_errno_filename_null)
@EXPORT(from_errno_filename_object)
@EXPORT(from_errno_filename_objects)
@EXPORT(from_errno_results_are_null)
@EXPORT(format)
@EXPORT(format_result_is_null)
@EXPORT(fatal)
@INIT
"""

MODULE_NAME = "err_api"


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name=MODULE_NAME)


class MyError(Exception):
    pass


# ---- HPyErr_SetString ---------------------------------------------------------------


def test_set_string_raises_the_type_with_the_message(mod):
    assert str(raises(ValueError, mod.set_string, ValueError, "boom")) == "boom"


def test_set_string_user_exception_class(mod):
    assert raises(MyError, mod.set_string, MyError, "mine").args == ("mine",)


def test_set_string_decodes_utf8(mod):
    assert str(raises(ValueError, mod.set_string_utf8)) == "caf\u00e9 \u20ac"


# ---- HPyErr_SetObject ---------------------------------------------------------------


def test_set_object_with_a_value(mod):
    assert raises(KeyError, mod.set_object, KeyError, "k").args == ("k",)


def test_set_object_with_a_non_str_value(mod):
    assert raises(ValueError, mod.set_object, ValueError, 42).args == (42,)


def test_set_object_with_an_instance_raises_that_instance(mod):
    exc = MyError("instance")
    assert raises(MyError, mod.set_object, MyError, exc) is exc


# ---- HPyErr_Occurred / HPyErr_Clear -------------------------------------------------


def test_occurred_without_error_is_0(mod):
    assert mod.occurred_without_error() == 0


def test_occurred_with_error_is_1(mod):
    assert mod.occurred_with_error() == 1


def test_occurred_after_clear_is_0(mod):
    assert mod.occurred_after_clear() == 0


def test_clear_discards_the_error(mod):
    assert mod.clear() is None


def test_clear_without_error_does_nothing(mod):
    assert mod.clear_without_error() is None


# ---- HPyErr_ExceptionMatches --------------------------------------------------------


def test_exception_matches_same_class(mod):
    assert mod.matches(KeyError, KeyError) == 1


def test_exception_matches_base_class(mod):
    assert mod.matches(KeyError, LookupError) == 1


def test_exception_matches_tuple_of_classes(mod):
    assert mod.matches(KeyError, (TypeError, KeyError)) == 1


def test_exception_matches_other_class_is_0(mod):
    assert mod.matches(KeyError, ValueError) == 0


def test_exception_matches_subclass_is_0(mod):
    assert mod.matches(LookupError, KeyError) == 0


def test_exception_matches_without_error_is_0(mod):
    assert mod.matches_without_error(Exception) == 0


# ---- HPyErr_NoMemory ----------------------------------------------------------------


def test_no_memory_raises_memory_error(mod):
    assert raises(MemoryError, mod.no_memory).args == ()


# ---- HPyErr_NewException / HPyErr_NewExceptionWithDoc -------------------------------


def test_new_exception_is_an_exception_subclass(mod):
    cls = mod.new_exception("mymod.MyError", None, None)
    assert isinstance(cls, type) and cls.__bases__ == (Exception,)


def test_new_exception_name_and_module(mod):
    cls = mod.new_exception("mymod.sub.MyError", None, None)
    assert (cls.__name__, cls.__module__) == ("MyError", "mymod.sub")


def test_new_exception_can_be_raised_and_caught(mod):
    cls = mod.new_exception("mymod.MyError", None, None)
    with pytest.raises(cls, match="^raised$"):
        mod.set_string(cls, "raised")


def test_new_exception_with_base(mod):
    cls = mod.new_exception("mymod.MyKeyError", KeyError, None)
    assert cls.__bases__ == (KeyError,)


def test_new_exception_with_tuple_of_bases(mod):
    cls = mod.new_exception("mymod.Both", (KeyError, TypeError), None)
    assert cls.__bases__ == (KeyError, TypeError)


def test_new_exception_with_dict(mod):
    cls = mod.new_exception("mymod.WithAttr", None, {"code": 7})
    assert cls.code == 7


def test_new_exception_name_without_dot_raises_system_error(mod):
    exc = raises(SystemError, mod.new_exception, "nodot", None, None)
    assert "name must be module.class" in str(exc)


def test_new_exception_with_doc_sets_doc(mod):
    cls = mod.new_exception_with_doc("mymod.Documented", "It is documented.", None, None)
    assert cls.__doc__ == "It is documented."


def test_new_exception_with_doc_name_and_module(mod):
    cls = mod.new_exception_with_doc("mymod.Documented", "doc", None, None)
    assert (cls.__name__, cls.__module__) == ("Documented", "mymod")


def test_new_exception_with_doc_null_doc(mod):
    cls = mod.new_exception_with_doc("mymod.NoDoc", None, None, None)
    assert cls.__doc__ is None


def test_new_exception_with_doc_with_base_and_dict(mod):
    cls = mod.new_exception_with_doc("mymod.Full", "doc", ValueError, {"x": 1})
    assert (cls.__bases__, cls.x) == ((ValueError,), 1)


# ---- HPyErr_WarnEx ------------------------------------------------------------------


def test_warn_issues_the_warning(mod):
    with pytest.warns(UserWarning, match="^careful$"):
        mod.warn(UserWarning, "careful", 1)


def test_warn_returns_0(mod):
    with pytest.warns(DeprecationWarning):
        assert mod.warn(DeprecationWarning, "old", 1) == 0


def test_warn_null_category_is_runtime_warning(mod):
    with pytest.warns(RuntimeWarning, match="^default category$"):
        mod.warn(None, "default category", 1)


def test_warn_stack_level_1_points_at_the_caller(mod):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mod.warn(UserWarning, "where", 1)
    assert caught[0].filename == __file__


def test_warn_turned_into_error_raises(mod):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="^now an error$"):
            mod.warn(UserWarning, "now an error", 1)


def test_warn_turned_into_error_returns_minus_1(mod):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mod.warn_error_value() == -1


def test_warn_ignored_returns_0(mod):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert mod.warn(UserWarning, "ignored", 1) == 0


# ---- HPyErr_WriteUnraisable ---------------------------------------------------------


@contextlib.contextmanager
def unraisable():
    """Collect what reaches sys.unraisablehook (set inside the test: pytest installs its own
    hook around each test call)."""
    seen = []
    old, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        yield seen
    finally:
        sys.unraisablehook = old


def test_write_unraisable_returns_normally(mod):
    with unraisable():
        assert mod.write_unraisable("context") is None


def test_write_unraisable_reports_the_exception(mod):
    with unraisable() as seen:
        mod.write_unraisable("context")
    assert [(type(u.exc_value), str(u.exc_value)) for u in seen] == [(ValueError, "lost")]


def test_write_unraisable_reports_the_object(mod):
    obj = object()
    with unraisable() as seen:
        mod.write_unraisable(obj)
    assert seen[0].object is obj


def test_write_unraisable_clears_the_error(mod):
    with unraisable():
        assert mod.write_unraisable_clears(None) == 0


# ---- HPyErr_SetFromErrno* -----------------------------------------------------------


def test_set_from_errno_raises_the_matching_oserror_subclass(mod):
    raises(FileNotFoundError, mod.from_errno, OSError, errno.ENOENT)


def test_set_from_errno_sets_errno_and_strerror(mod):
    exc = raises(PermissionError, mod.from_errno, OSError, errno.EACCES)
    assert (exc.errno, exc.strerror) == (errno.EACCES, os.strerror(errno.EACCES))


def test_set_from_errno_has_no_filename(mod):
    assert raises(FileNotFoundError, mod.from_errno, OSError, errno.ENOENT).filename is None


def test_set_from_errno_with_other_type(mod):
    class MyOSError(OSError):
        pass

    exc = raises(MyOSError, mod.from_errno, MyOSError, errno.EINVAL)
    assert exc.errno == errno.EINVAL


def test_set_from_errno_with_filename(mod):
    exc = raises(FileNotFoundError, mod.from_errno_filename, OSError, errno.ENOENT,
                 b"/no/such/file")
    assert (exc.errno, exc.filename) == (errno.ENOENT, "/no/such/file")


def test_set_from_errno_with_filename_appears_in_message(mod):
    exc = raises(FileNotFoundError, mod.from_errno_filename, OSError, errno.ENOENT, b"/x")
    assert str(exc) == f"[Errno {errno.ENOENT}] {os.strerror(errno.ENOENT)}: '/x'"


def test_set_from_errno_with_filename_decodes_with_fs_encoding(mod):
    exc = raises(FileNotFoundError, mod.from_errno_filename, OSError, errno.ENOENT, b"a\xffb")
    assert exc.filename == os.fsdecode(b"a\xffb")


def test_set_from_errno_with_null_filename(mod):
    exc = raises(FileExistsError, mod.from_errno_filename_null, OSError, errno.EEXIST)
    assert (exc.errno, exc.filename) == (errno.EEXIST, None)


def test_set_from_errno_with_filename_object(mod):
    path = Path("/some/path")
    exc = raises(IsADirectoryError, mod.from_errno_filename_object, OSError, errno.EISDIR, path)
    assert (exc.errno, exc.filename, exc.filename2) == (errno.EISDIR, path, None)


def test_set_from_errno_with_filename_objects(mod):
    exc = raises(FileExistsError, mod.from_errno_filename_objects, OSError, errno.EEXIST,
                 "src", "dst")
    assert (exc.errno, exc.filename, exc.filename2) == (errno.EEXIST, "src", "dst")


def test_set_from_errno_with_filename_objects_both_in_message(mod):
    exc = raises(FileExistsError, mod.from_errno_filename_objects, OSError, errno.EEXIST,
                 "src", "dst")
    assert str(exc) == f"[Errno {errno.EEXIST}] {os.strerror(errno.EEXIST)}: 'src' -> 'dst'"


def test_set_from_errno_with_filename_objects_second_null(mod):
    exc = raises(FileNotFoundError, mod.from_errno_filename_objects, OSError, errno.ENOENT,
                 "only", None)
    assert (exc.filename, exc.filename2) == ("only", None)


def test_set_from_errno_functions_return_null(mod):
    assert mod.from_errno_results_are_null() is True


# ---- HPyErr_Format ------------------------------------------------------------------


def test_format_raises_the_type_with_the_formatted_message(mod):
    assert str(raises(ValueError, mod.format, "x")) == "bad value 'x' (3 of max)"


def test_format_returns_null(mod):
    assert mod.format_result_is_null() is True


# ---- HPy_FatalError -----------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent

FATAL_SCRIPT = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))   # no core file from the abort
sys.path[:0] = {paths!r}
from support.abis import ABI_MODES
from support.compiler import load_module
mod = load_module(Path({path!r}), {name!r}, ABI_MODES[{abi!r}])
print("loaded", flush=True)
mod.fatal()
print("returned", flush=True)
"""


@pytest.fixture
def fatal_run(compiler):
    path = compiler.compile_module(SOURCE, name=MODULE_NAME)
    script = FATAL_SCRIPT.format(
        # the harness's own path: the installed hpykit, or the source tree's if it is used
        paths=[str(Path(hpykit.__file__).resolve().parent.parent), str(REPO / "tests")],
        path=str(path), name=MODULE_NAME, abi=compiler.hpy_abi)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_fatal_error_aborts_the_process(fatal_run):
    assert (fatal_run.stdout, fatal_run.returncode) == ("loaded\n", -6)


def test_fatal_error_prints_the_message(fatal_run):
    assert "Fatal Python error" in fatal_run.stderr
    assert "hpykit test: this is fatal" in fatal_run.stderr
