"""HPyDef_GET, HPyDef_SET, HPyDef_GETSET and their _IMPL variants: closure, doc, errors
raised by getters and setters, deletion (the setter gets HPy_NULL)."""

import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


GETSET = """
typedef struct { long value; HPyField label; } GSObject;
HPyType_HELPERS(GSObject)

static long TWO = 2, THREE = 3;

/* value: get and set; deletion resets it to 0; negative values are refused */
HPyDef_GETSET(GS_value, "value", .doc = "the value")
static HPy GS_value_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyLong_FromLong(ctx, GSObject_AsStruct(ctx, self)->value);
}
static int GS_value_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    long v;
    (void)closure;
    if (HPy_IsNull(value)) {
        GSObject_AsStruct(ctx, self)->value = 0;
        return 0;
    }
    v = HPyLong_AsLong(ctx, value);
    if (v == -1 && HPyErr_Occurred(ctx))
        return -1;
    if (v < 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "GS.value: must not be negative");
        return -1;
    }
    GSObject_AsStruct(ctx, self)->value = v;
    return 0;
}

/* twice: get only */
HPyDef_GET(GS_twice, "twice", .doc = "twice the value")
static HPy GS_twice_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyLong_FromLong(ctx, 2 * GSObject_AsStruct(ctx, self)->value);
}

/* half: set only (value = x // 2); deletion is refused */
HPyDef_SET(GS_half, "half", .doc = "set the value to half of this")
static int GS_half_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    long v;
    (void)closure;
    if (HPy_IsNull(value)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "GS.half: cannot delete");
        return -1;
    }
    v = HPyLong_AsLong(ctx, value);
    if (v == -1 && HPyErr_Occurred(ctx))
        return -1;
    GSObject_AsStruct(ctx, self)->value = v / 2;
    return 0;
}

/* scaled: one pair of impls, the factor comes from the closure (NULL: factor 1) */
static long factor_of(void *closure)
{
    return closure == NULL ? 1 : *(long *)closure;
}
static HPy scaled_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPyLong_FromLong(ctx, factor_of(closure) * GSObject_AsStruct(ctx, self)->value);
}
static int scaled_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    long v;
    if (HPy_IsNull(value)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "cannot delete a scaled value");
        return -1;
    }
    v = HPyLong_AsLong(ctx, value);
    if (v == -1 && HPyErr_Occurred(ctx))
        return -1;
    GSObject_AsStruct(ctx, self)->value = v / factor_of(closure);
    return 0;
}
HPyDef_GETSET_IMPL(GS_single, "single", scaled_get, scaled_set)
HPyDef_GETSET_IMPL(GS_double, "double", scaled_get, scaled_set, .closure = (void *)&TWO)
HPyDef_GET_IMPL(GS_triple, "triple", scaled_get, .closure = (void *)&THREE,
                .doc = "three times the value")
HPyDef_SET_IMPL(GS_set_triple, "set_triple", scaled_set, .closure = (void *)&THREE)

/* label: an HPyField behind a getset; reading it empty raises AttributeError */
HPyDef_GETSET(GS_label, "label")
static HPy GS_label_get(HPyContext *ctx, HPy self, void *closure)
{
    HPy label = HPyField_Load(ctx, self, GSObject_AsStruct(ctx, self)->label);
    (void)closure;
    if (HPy_IsNull(label))
        HPyErr_SetString(ctx, ctx->h_AttributeError, "GS.label: no label yet");
    return label;
}
static int GS_label_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    GSObject *gs = GSObject_AsStruct(ctx, self);
    (void)closure;
    HPyField_Store(ctx, self, &gs->label, value); /* HPy_NULL (deletion) clears it */
    return 0;
}

HPyDef_SLOT(GS_traverse, HPy_tp_traverse)
static int GS_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((GSObject *)self)->label);
    return 0;
}

static HPyDef *GS_defines[] = {
    &GS_value, &GS_twice, &GS_half, &GS_single, &GS_double, &GS_triple, &GS_set_triple,
    &GS_label, &GS_traverse, NULL
};
static HPyType_Spec GS_spec = {
    .name = "mytest.GS",
    .basicsize = sizeof(GSObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE | HPy_TPFLAGS_HAVE_GC,
    .defines = GS_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "GS", &GS_spec, NULL) ? 0 : -1;
}

@EXPORT(exec)
@INIT
"""


def make(compiler, value=0):
    mod = compiler.make_module(GETSET)
    o = mod.GS()
    o.value = value
    return mod, o


# ---- HPyDef_GETSET ------------------------------------------------------------------


def test_getset_get_reads_the_struct(compiler):
    _, o = make(compiler, 7)
    assert o.value == 7


def test_getset_set_writes_the_struct(compiler):
    _, o = make(compiler)
    o.value = 12
    assert (o.value, o.twice) == (12, 24)


def test_getset_is_a_getset_descriptor_on_the_type(compiler):
    mod, _ = make(compiler)
    assert type(mod.GS.__dict__["value"]).__name__ == "getset_descriptor"


def test_getset_doc(compiler):
    mod, _ = make(compiler)
    assert mod.GS.value.__doc__ == "the value"


def test_getset_without_doc_has_none_doc(compiler):
    mod, _ = make(compiler)
    assert mod.GS.single.__doc__ is None


def test_getset_setter_error_propagates(compiler):
    _, o = make(compiler, 3)
    assert raises(ValueError, setattr, o, "value", -1) == "GS.value: must not be negative"
    assert o.value == 3


def test_getset_setter_conversion_error_propagates(compiler):
    _, o = make(compiler, 3)
    with pytest.raises(TypeError):
        o.value = "x"
    assert o.value == 3


def test_getset_delete_calls_the_setter_with_null(compiler):
    _, o = make(compiler, 3)
    del o.value
    assert o.value == 0


def test_getset_setter_may_refuse_deletion(compiler):
    _, o = make(compiler, 3)
    with pytest.raises(TypeError) as info:
        del o.single
    assert str(info.value) == "cannot delete a scaled value"


def test_getset_getter_error_propagates(compiler):
    _, o = make(compiler)
    assert raises(AttributeError, getattr, o, "label") == "GS.label: no label yet"
    assert not hasattr(o, "label")


def test_getset_over_a_field_stores_loads_and_clears(compiler):
    _, o = make(compiler)
    o.label = label = ["a"]
    assert o.label is label
    del o.label
    assert not hasattr(o, "label")


def test_getset_works_on_python_subclass_instances(compiler):
    mod, _ = make(compiler)

    class Sub(mod.GS):
        pass

    s = Sub()
    s.value = 4
    assert (s.value, s.twice, s.double) == (4, 8, 8)


# ---- HPyDef_GET, HPyDef_SET -----------------------------------------------------------


def test_get_reads(compiler):
    _, o = make(compiler, 5)
    assert o.twice == 10


def test_get_doc(compiler):
    mod, _ = make(compiler)
    assert mod.GS.twice.__doc__ == "twice the value"


def test_get_only_write_raises_attribute_error(compiler):
    _, o = make(compiler, 5)
    with pytest.raises(AttributeError) as info:
        o.twice = 1
    assert "'twice'" in str(info.value) and "not writable" in str(info.value)


def test_get_only_delete_raises_attribute_error(compiler):
    _, o = make(compiler, 5)
    with pytest.raises(AttributeError):
        del o.twice


def test_set_writes(compiler):
    _, o = make(compiler)
    o.half = 9
    assert o.value == 4


def test_set_doc(compiler):
    mod, _ = make(compiler)
    assert mod.GS.half.__doc__ == "set the value to half of this"


def test_set_only_read_raises_attribute_error(compiler):
    _, o = make(compiler)
    with pytest.raises(AttributeError) as info:
        o.half
    assert "'half'" in str(info.value) and "not readable" in str(info.value)


def test_set_delete_error_propagates(compiler):
    _, o = make(compiler)
    assert raises(TypeError, delattr, o, "half") == "GS.half: cannot delete"


# ---- closures and the _IMPL variants ------------------------------------------------


def test_getset_impl_without_closure_gets_null(compiler):
    _, o = make(compiler, 5)
    assert o.single == 5
    o.single = 6
    assert o.value == 6


def test_getset_impl_closure_reaches_getter_and_setter(compiler):
    _, o = make(compiler, 5)
    assert o.double == 10
    o.double = 30
    assert o.value == 15


def test_get_impl_closure_and_doc(compiler):
    mod, o = make(compiler, 5)
    assert o.triple == 15
    assert mod.GS.triple.__doc__ == "three times the value"


def test_set_impl_closure(compiler):
    _, o = make(compiler)
    o.set_triple = 30
    assert o.value == 10


def test_getset_hot_loop_reads_and_writes(compiler):
    _, o = make(compiler)
    total = 0
    for i in range(10_000):
        o.double = 2 * i
        total += o.value
    assert total == 10_000 * 9_999 // 2
