"""Capsules: HPyCapsule_New/Get/Set/IsValid and the inline accessors, destructors."""
import gc

import pytest

from support.pypy import IS_PYPY


def let_die() -> None:
    """PyPy frees an object at a collection, not when its last reference goes."""
    if IS_PYPY:
        gc.collect()

CAPSULES = """
static int payload = 42;
static int other = 7;
static int context_value = 3;
static int destroyed = 0;

HPyCapsule_DESTRUCTOR(count_destruction)
static void count_destruction_impl(const char *name, void *pointer, void *context)
{
    (void)name; (void)context;
    destroyed += *(int *)pointer;
}

HPyDef_METH(make, "make", HPyFunc_O)
static HPy make_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    int with_destructor = HPy_IsTrue(ctx, arg);
    return HPyCapsule_New(ctx, &payload, "test.payload",
                          with_destructor ? &count_destruction : NULL);
}

HPyDef_METH(read_payload, "read", HPyFunc_O)
static HPy read_payload_impl(HPyContext *ctx, HPy self, HPy capsule)
{
    (void)self;
    int *p = (int *)HPyCapsule_GetPointer(ctx, capsule, "test.payload");
    if (p == NULL) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, *p);
}

HPyDef_METH(read_named, "read_named", HPyFunc_VARARGS)
static HPy read_named_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    const char *name;
    HPy capsule;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "Os", &capsule, &name)) {
        return HPy_NULL;
    }
    int *p = (int *)HPyCapsule_GetPointer(ctx, capsule, name);
    return p == NULL ? HPy_NULL : HPyLong_FromLong(ctx, *p);
}

HPyDef_METH(inspect, "inspect", HPyFunc_O)
static HPy inspect_impl(HPyContext *ctx, HPy self, HPy capsule)
{
    (void)self;
    const char *name = HPyCapsule_GetName(ctx, capsule);
    int *context = (int *)HPyCapsule_GetContext(ctx, capsule);
    return HPy_BuildValue(ctx, "(sii)", name ? name : "<none>", context ? *context : -1,
                          HPyCapsule_IsValid(ctx, capsule, "test.payload"));
}

HPyDef_METH(modify, "modify", HPyFunc_O)
static HPy modify_impl(HPyContext *ctx, HPy self, HPy capsule)
{
    (void)self;
    if (HPyCapsule_SetPointer(ctx, capsule, &other) < 0 ||
        HPyCapsule_SetContext(ctx, capsule, &context_value) < 0 ||
        HPyCapsule_SetName(ctx, capsule, "test.other") < 0 ||
        HPyCapsule_SetDestructor(ctx, capsule, &count_destruction) < 0) {
        return HPy_NULL;
    }
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(get_destroyed, "get_destroyed", HPyFunc_NOARGS)
static HPy get_destroyed_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromLong(ctx, destroyed);
}

HPyDef_METH(is_capsule, "is_capsule", HPyFunc_O)
static HPy is_capsule_impl(HPyContext *ctx, HPy self, HPy obj)
{
    (void)self;
    return HPyBool_FromLong(ctx, HPy_TypeCheck(ctx, obj, ctx->h_CapsuleType));
}

@EXPORT(make)
@EXPORT(read_payload)
@EXPORT(read_named)
@EXPORT(inspect)
@EXPORT(modify)
@EXPORT(get_destroyed)
@EXPORT(is_capsule)
@INIT
"""


def test_capsule_new_and_get_pointer(compiler):
    mod = compiler.make_module(CAPSULES)
    capsule = mod.make(False)
    assert mod.is_capsule(capsule) and not mod.is_capsule(1)
    assert mod.read(capsule) == 42


def test_capsule_get_pointer_with_wrong_name_raises(compiler):
    mod = compiler.make_module(CAPSULES)
    with pytest.raises(ValueError, match="incorrect name"):
        mod.read_named(mod.make(False), "test.wrong")


def test_capsule_get_pointer_of_non_capsule_raises(compiler):
    mod = compiler.make_module(CAPSULES)
    with pytest.raises(ValueError):
        mod.read(object())


def test_capsule_name_context_and_is_valid(compiler):
    mod = compiler.make_module(CAPSULES)
    capsule = mod.make(False)
    assert mod.inspect(capsule) == ("test.payload", -1, 1)


def test_capsule_setters(compiler):
    mod = compiler.make_module(CAPSULES)
    capsule = mod.make(False)
    mod.modify(capsule)
    assert mod.inspect(capsule) == ("test.other", 3, 0)
    assert mod.read_named(capsule, "test.other") == 7


def test_capsule_destructor_runs_when_the_capsule_dies(compiler):
    mod = compiler.make_module(CAPSULES)
    before = mod.get_destroyed()
    capsule = mod.make(True)
    del capsule
    let_die()
    assert mod.get_destroyed() == before + 42


def test_capsule_destructor_set_later_runs_too(compiler):
    mod = compiler.make_module(CAPSULES)
    before = mod.get_destroyed()
    capsule = mod.make(False)
    mod.modify(capsule)  # points at `other` (7) and installs the destructor
    del capsule
    let_die()
    assert mod.get_destroyed() == before + 7
