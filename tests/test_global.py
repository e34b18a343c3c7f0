"""HPyGlobal_Store and HPyGlobal_Load on the globals of a module's HPyModuleDef."""
import gc
import sys
import weakref

import pytest

NAME = "global_api"

SOURCE = r"""
static HPyGlobal g_one;
static HPyGlobal g_two;
static HPyGlobal g_exec;

HPyDef_METH(store, "store", HPyFunc_O)
static HPy store_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyGlobal_Store(ctx, &g_one, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(load, "load", HPyFunc_NOARGS)
static HPy load_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, g_one);
}

HPyDef_METH(store_two, "store_two", HPyFunc_O)
static HPy store_two_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyGlobal_Store(ctx, &g_two, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(load_two, "load_two", HPyFunc_NOARGS)
static HPy load_two_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, g_two);
}

/* store and load in one call */
HPyDef_METH(store_and_load, "store_and_load", HPyFunc_O)
static HPy store_and_load_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyGlobal_Store(ctx, &g_one, arg);
    return HPyGlobal_Load(ctx, g_one);
}

/* store a value made in C and close the only handle to it: the global keeps it */
HPyDef_METH(store_owned, "store_owned", HPyFunc_NOARGS)
static HPy store_owned_impl(HPyContext *ctx, HPy self)
{
    HPy value;
    (void)self;
    value = HPyUnicode_FromString(ctx, "made in C");
    if (HPy_IsNull(value))
        return HPy_NULL;
    HPyGlobal_Store(ctx, &g_one, value);
    HPy_Close(ctx, value);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(store_null, "store_null", HPyFunc_NOARGS)
static HPy store_null_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyGlobal_Store(ctx, &g_one, HPy_NULL);
    return HPy_Dup(ctx, ctx->h_None);
}

/* each load is a new handle: close the first one, load again */
HPyDef_METH(load_twice, "load_twice", HPyFunc_NOARGS)
static HPy load_twice_impl(HPyContext *ctx, HPy self)
{
    HPy first;
    (void)self;
    first = HPyGlobal_Load(ctx, g_one);
    HPy_Close(ctx, first);
    return HPyGlobal_Load(ctx, g_one);
}

HPyDef_METH(load_exec, "load_exec", HPyFunc_NOARGS)
static HPy load_exec_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, g_exec);
}

/* module initialisation stores a value in g_exec */
HPyDef_SLOT(exec_store, HPy_mod_exec)
static int exec_store_impl(HPyContext *ctx, HPy module)
{
    HPy value;
    (void)module;
    value = HPyUnicode_FromString(ctx, "stored by exec");
    if (HPy_IsNull(value))
        return -1;
    HPyGlobal_Store(ctx, &g_exec, value);
    HPy_Close(ctx, value);
    return 0;
}

static HPyDef *module_defines[] = {
    &store, &load, &store_two, &load_two, &store_and_load, &store_owned, &store_null,
    &load_twice, &load_exec, &exec_store, NULL
};
static HPyGlobal *module_globals[] = { &g_one, &g_two, &g_exec, NULL };
static HPyModuleDef moduledef = {
    .doc = "HPyGlobal tests",
    .defines = module_defines,
    .globals = module_globals,
};
HPy_MODINIT(global_api, moduledef)
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file; every test stores before it loads
    return compiler.make_module(SOURCE, name=NAME)


class Thing:
    pass


def test_load_returns_the_stored_object(mod):
    obj = Thing()
    assert mod.store_and_load(obj) is obj


def test_stored_object_survives_across_calls(mod):
    obj = Thing()
    mod.store(obj)
    assert mod.load() is obj


def test_store_replaces_the_previous_object(mod):
    first, second = Thing(), Thing()
    mod.store(first)
    mod.store(second)
    assert mod.load() is second


def test_store_releases_the_replaced_object(mod):
    first = Thing()
    before = sys.getrefcount(first)
    mod.store(first)
    mod.store(None)
    assert sys.getrefcount(first) == before


def test_store_takes_its_own_reference(mod):
    obj = Thing()
    before = sys.getrefcount(obj)
    mod.store(obj)
    assert sys.getrefcount(obj) == before + 1
    mod.store(None)


def test_stored_object_is_kept_alive(mod):
    obj = Thing()
    ref = weakref.ref(obj)
    mod.store(obj)
    del obj
    gc.collect()
    assert ref() is not None
    mod.store(None)


def test_replaced_object_can_die(mod):
    obj = Thing()
    ref = weakref.ref(obj)
    mod.store(obj)
    del obj
    mod.store(None)
    gc.collect()
    assert ref() is None


def test_store_null_clears_the_global(mod):
    obj = Thing()
    ref = weakref.ref(obj)
    mod.store(obj)
    del obj
    mod.store_null()
    gc.collect()
    assert ref() is None


def test_object_made_in_c_is_kept_by_the_global(mod):
    mod.store_owned()
    assert mod.load() == "made in C"


def test_each_load_is_a_new_handle(mod):
    obj = Thing()
    mod.store(obj)
    assert mod.load_twice() is obj


def test_globals_are_independent(mod):
    one, two = Thing(), Thing()
    mod.store(one)
    mod.store_two(two)
    assert (mod.load(), mod.load_two()) == (one, two)


def test_global_stored_by_module_exec_is_visible_to_methods(mod):
    assert mod.load_exec() == "stored by exec"


def test_globals_of_a_universal_and_a_debug_module_are_separate(compiler, hpy_abi):
    # the same source loaded in both modes in one process (from two files): each module's
    # globals hold what that module stored (PyPy's own HPy mixes up the two contexts' globals)
    if hpy_abi != "universal":
        pytest.skip("loads the universal binary in universal and in debug mode itself")
    from support.abis import ABI_MODES
    from support.compiler import load_module

    path = compiler.compile_module(SOURCE, NAME)
    modules = [load_module(path, NAME, ABI_MODES[mode])
               for mode in ("universal", "debug")]
    things = [[Thing() for _ in range(2)] for _ in modules]
    for module, (one, two) in zip(modules, things):
        module.store(one)
        module.store_two(two)
    for module, (one, two) in zip(modules, things):
        assert module.load() is one
        assert module.load_two() is two
        module.store(None)
        module.store_two(None)
