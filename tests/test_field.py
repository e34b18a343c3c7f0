"""HPyField_Store and HPyField_Load: what a field keeps alive, what the GC sees through
HPy_tp_traverse, and what deallocation releases."""

import gc
import weakref

import pytest


class Value:
    """A weakly referenceable object to watch."""


FIELD = """
typedef struct { HPyField a; HPyField b; } BoxObject;
HPyType_HELPERS(BoxObject)

HPyDef_SLOT(Box_traverse, HPy_tp_traverse)
static int Box_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    BoxObject *box = (BoxObject *)self;
    HPy_VISIT(&box->a);
    HPy_VISIT(&box->b);
    return 0;
}

/* store(x): field a = x */
HPyDef_METH(Box_store, "store", HPyFunc_O)
static HPy Box_store_impl(HPyContext *ctx, HPy self, HPy x)
{
    HPyField_Store(ctx, self, &BoxObject_AsStruct(ctx, self)->a, x);
    return HPy_Dup(ctx, ctx->h_None);
}

/* store_b(x): field b = x */
HPyDef_METH(Box_store_b, "store_b", HPyFunc_O)
static HPy Box_store_b_impl(HPyContext *ctx, HPy self, HPy x)
{
    HPyField_Store(ctx, self, &BoxObject_AsStruct(ctx, self)->b, x);
    return HPy_Dup(ctx, ctx->h_None);
}

/* clear(): field a = HPy_NULL */
HPyDef_METH(Box_clear, "clear", HPyFunc_NOARGS)
static HPy Box_clear_impl(HPyContext *ctx, HPy self)
{
    HPyField_Store(ctx, self, &BoxObject_AsStruct(ctx, self)->a, HPy_NULL);
    return HPy_Dup(ctx, ctx->h_None);
}

/* load(): (a,) or () when a is empty */
HPyDef_METH(Box_load, "load", HPyFunc_NOARGS)
static HPy Box_load_impl(HPyContext *ctx, HPy self)
{
    HPy a = HPyField_Load(ctx, self, BoxObject_AsStruct(ctx, self)->a), result;
    if (HPy_IsNull(a))
        return HPyTuple_FromArray(ctx, NULL, 0);
    result = HPyTuple_Pack(ctx, 1, a);
    HPy_Close(ctx, a);
    return result;
}

/* is_null(): HPyField_IsNull on field a */
HPyDef_METH(Box_is_null, "is_null", HPyFunc_NOARGS)
static HPy Box_is_null_impl(HPyContext *ctx, HPy self)
{
    return HPyBool_FromLong(ctx, HPyField_IsNull(BoxObject_AsStruct(ctx, self)->a));
}

/* field_null(): HPyField_NULL is null */
HPyDef_METH(field_null, "field_null", HPyFunc_NOARGS)
static HPy field_null_impl(HPyContext *ctx, HPy self)
{
    HPyField f = HPyField_NULL;
    (void)self;
    return HPyBool_FromLong(ctx, HPyField_IsNull(f));
}

static HPyDef *Box_defines[] = {
    &Box_traverse, &Box_store, &Box_store_b, &Box_clear, &Box_load, &Box_is_null, NULL
};
static HPyType_Spec Box_spec = {
    .name = "mytest.Box",
    .basicsize = sizeof(BoxObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE | HPy_TPFLAGS_HAVE_GC,
    .defines = Box_defines,
};
/* the same without HPy_TPFLAGS_HAVE_GC: traverse still releases the fields */
static HPyType_Spec PlainBox_spec = {
    .name = "mytest.PlainBox",
    .basicsize = sizeof(BoxObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Box_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Box", &Box_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "PlainBox", &PlainBox_spec, NULL))
        return -1;
    return 0;
}

@EXPORT(field_null)
@EXPORT(exec)
@INIT
"""


def test_field_empty_loads_null(compiler):
    mod = compiler.make_module(FIELD)
    box = mod.Box()
    assert (box.load(), box.is_null()) == ((), True)


def test_field_null_constant_is_null(compiler):
    mod = compiler.make_module(FIELD)
    assert mod.field_null() is True


def test_field_store_then_load_gives_the_object(compiler):
    mod = compiler.make_module(FIELD)
    box, value = mod.Box(), Value()
    box.store(value)
    assert box.load()[0] is value
    assert box.is_null() is False


def test_field_store_replaces_and_releases_the_old_object(compiler):
    mod = compiler.make_module(FIELD)
    box, old, new = mod.Box(), Value(), Value()
    ref = weakref.ref(old)
    box.store(old)
    del old
    box.store(new)
    assert box.load()[0] is new
    assert ref() is None


def test_field_store_the_same_object_again_keeps_it(compiler):
    mod = compiler.make_module(FIELD)
    box, value = mod.Box(), Value()
    ref = weakref.ref(value)
    box.store(value)
    del value
    box.store(box.load()[0])
    gc.collect()
    assert box.load()[0] is ref()


def test_field_store_null_clears_and_releases(compiler):
    mod = compiler.make_module(FIELD)
    box, value = mod.Box(), Value()
    ref = weakref.ref(value)
    box.store(value)
    del value
    box.clear()
    assert (box.load(), box.is_null(), ref()) == ((), True, None)


def test_field_two_fields_are_independent(compiler):
    mod = compiler.make_module(FIELD)
    box = mod.Box()
    box.store("a")
    box.store_b("b")
    box.clear()
    assert box.load() == ()


@pytest.mark.parametrize("type_name", ["Box", "PlainBox"])
def test_field_keeps_an_object_only_it_references_alive(compiler, type_name):
    mod = compiler.make_module(FIELD)
    box = getattr(mod, type_name)()
    box.store(Value())
    ref = weakref.ref(box.load()[0])
    gc.collect()
    assert isinstance(ref(), Value)
    assert box.load()[0] is ref()


@pytest.mark.parametrize("type_name", ["Box", "PlainBox"])
def test_field_released_when_the_owner_dies(compiler, type_name):
    mod = compiler.make_module(FIELD)
    box, a, b = getattr(mod, type_name)(), Value(), Value()
    refs = weakref.ref(a), weakref.ref(b)
    box.store(a)
    box.store_b(b)
    del a, b, box
    assert (refs[0](), refs[1]()) == (None, None)


def test_field_released_when_a_python_subclass_owner_dies(compiler):
    mod = compiler.make_module(FIELD)

    class Sub(mod.Box):
        pass

    box, value = Sub(), Value()
    ref = weakref.ref(value)
    box.store(value)
    del value, box
    gc.collect()
    assert ref() is None


def test_field_traverse_shows_the_fields_to_the_gc(compiler):
    mod = compiler.make_module(FIELD)
    box, a, b = mod.Box(), Value(), Value()
    box.store(a)
    box.store_b(b)
    referents = gc.get_referents(box)
    assert any(r is a for r in referents) and any(r is b for r in referents)


def test_field_self_cycle_is_collected(compiler):
    mod = compiler.make_module(FIELD)
    box, witness = mod.Box(), Value()
    box.store(box)
    box.store_b(witness)
    ref = weakref.ref(witness)
    del box, witness
    gc.collect()
    assert ref() is None


def test_field_cycle_through_a_python_object_is_collected(compiler):
    mod = compiler.make_module(FIELD)
    box, value = mod.Box(), Value()
    box.store(value)
    value.box = box  # box -> value -> box
    ref = weakref.ref(value)
    del box, value
    gc.collect()
    assert ref() is None


def test_field_cycle_between_two_boxes_is_collected(compiler):
    mod = compiler.make_module(FIELD)
    a, b, witness = mod.Box(), mod.Box(), Value()
    a.store(b)
    b.store(a)
    a.store_b(witness)
    ref = weakref.ref(witness)
    del a, b, witness
    gc.collect()
    assert ref() is None


def test_field_object_reachable_from_a_live_cycle_stays(compiler):
    mod = compiler.make_module(FIELD)
    box, value = mod.Box(), Value()
    box.store(box)
    box.store_b(value)
    ref = weakref.ref(value)
    del value
    gc.collect()
    assert ref() is not None
    box.clear()
