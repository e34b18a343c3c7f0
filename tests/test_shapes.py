"""HPyType_HELPERS / TYPE_AsStruct for each builtin shape: subclasses of float, str, list,
type, int and tuple, and the Legacy shape with HPyType_LEGACY_HELPERS and legacy_slots."""

import gc
import sys
import weakref

import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


def shape_module(struct, shape, name, extra_defines=""):
    """A type named `name` of the given shape carrying `struct` with a long member `tag`,
    a method `c_tag()` reading it through TYPE_AsStruct, and `make(cls, tag)` (HPy_New)."""
    return """
typedef struct { %(struct)s long tag; } %(name)sObject;
HPyType_HELPERS(%(name)sObject, %(shape)s)

HPyDef_MEMBER(%(name)s_tag, "tag", HPyMember_LONG, offsetof(%(name)sObject, tag))

HPyDef_METH(%(name)s_c_tag, "c_tag", HPyFunc_NOARGS)
static HPy %(name)s_c_tag_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, %(name)sObject_AsStruct(ctx, self)->tag);
}

/* make(cls, tag): HPy_New, then the struct is written through the data pointer */
HPyDef_METH(make, "make", HPyFunc_VARARGS)
static HPy make_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    %(name)sObject *data;
    HPy h;
    (void)self; (void)nargs;
    h = HPy_New(ctx, args[0], &data);
    if (HPy_IsNull(h))
        return HPy_NULL;
    data->tag = HPyLong_AsLong(ctx, args[1]);
    return h;
}

%(extra_defines)s

static HPyDef *%(name)s_defines[] = { &%(name)s_tag, &%(name)s_c_tag, NULL };
static HPyType_Spec %(name)s_spec = {
    .name = "mytest.%(name)s",
    .basicsize = sizeof(%(name)sObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(%(name)sObject),
    .defines = %(name)s_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "%(name)s", &%(name)s_spec, NULL) ? 0 : -1;
}

@EXPORT(make)
@EXPORT(exec)
@INIT
""" % dict(struct=struct, shape=shape, name=name, extra_defines=extra_defines)


# ---- HPyType_BuiltinShape_Float ---------------------------------------------------------

FLOAT = shape_module("double scale;", "HPyType_BuiltinShape_Float", "FloatSub")


def test_float_shape_derives_from_float(compiler):
    mod = compiler.make_module(FLOAT)
    assert mod.FloatSub.__bases__ == (float,)


def test_float_shape_value_is_the_float(compiler):
    mod = compiler.make_module(FLOAT)
    f = mod.FloatSub(1.5)
    assert (f, f + 1, float(f), isinstance(f, float)) == (1.5, 2.5, 1.5, True)


def test_float_shape_struct_data_does_not_touch_the_value(compiler):
    mod = compiler.make_module(FLOAT)
    f = mod.FloatSub(1.5)
    assert f.tag == 0
    f.tag = -77
    assert (f.tag, f.c_tag(), f) == (-77, -77, 1.5)


def test_float_shape_hpy_new_gives_a_zero_float_with_the_struct(compiler):
    mod = compiler.make_module(FLOAT)
    f = mod.make(mod.FloatSub, 9)
    assert (type(f), f, f.tag) == (mod.FloatSub, 0.0, 9)


# ---- HPyType_BuiltinShape_Unicode -------------------------------------------------------

UNICODE = shape_module("", "HPyType_BuiltinShape_Unicode", "StrSub")


def test_unicode_shape_derives_from_str(compiler):
    mod = compiler.make_module(UNICODE)
    assert mod.StrSub.__bases__ == (str,)


def test_unicode_shape_value_is_the_string(compiler):
    mod = compiler.make_module(UNICODE)
    s = mod.StrSub("abc\u20ac")
    assert (s, s.upper(), len(s), s + "!") == ("abc\u20ac", "ABC\u20ac", 4, "abc\u20ac!")


def test_unicode_shape_struct_data_does_not_touch_the_value(compiler):
    mod = compiler.make_module(UNICODE)
    s = mod.StrSub("hello")
    s.tag = 12
    assert (s.tag, s.c_tag(), s, hash(s) == hash("hello")) == (12, 12, "hello", True)


def test_unicode_shape_instances_are_released(compiler):
    mod = compiler.make_module(UNICODE)

    class Sub(mod.StrSub):
        pass

    s = Sub("x" * 1000)
    ref = weakref.ref(s)
    del s
    gc.collect()
    assert ref() is None


# ---- HPyType_BuiltinShape_List ----------------------------------------------------------

LIST = shape_module("", "HPyType_BuiltinShape_List", "ListSub")


def test_list_shape_derives_from_list(compiler):
    mod = compiler.make_module(LIST)
    assert mod.ListSub.__bases__ == (list,)


def test_list_shape_is_a_working_list(compiler):
    mod = compiler.make_module(LIST)
    items = mod.ListSub([1, 2])
    items.append(3)
    items.extend(range(100))
    assert (len(items), items[:3], sum(items)) == (103, [1, 2, 3], 6 + 4950)


def test_list_shape_struct_data_survives_list_growth(compiler):
    mod = compiler.make_module(LIST)
    items = mod.ListSub()
    items.tag = 5
    items.extend(range(1000))
    assert (items.tag, items.c_tag(), items[-1]) == (5, 5, 999)


def test_list_shape_hpy_new_gives_an_empty_list_with_the_struct(compiler):
    mod = compiler.make_module(LIST)
    items = mod.make(mod.ListSub, 3)
    assert (type(items), items, items.tag) == (mod.ListSub, [], 3)


def test_list_shape_items_are_released_and_cycles_collected(compiler):
    class Value:
        pass

    mod = compiler.make_module(LIST)
    items, value = mod.ListSub(), Value()
    ref = weakref.ref(value)
    items.append(value)
    items.append(items)
    del items, value
    gc.collect()
    assert ref() is None


# ---- HPyType_BuiltinShape_Type: a metaclass ---------------------------------------------

TYPE = shape_module("", "HPyType_BuiltinShape_Type", "Meta", extra_defines="""
static HPyType_Spec WithMeta_spec = { .name = "mytest.WithMeta", .flags = HPy_TPFLAGS_DEFAULT };

/* with_meta(meta): an HPy type whose metaclass is meta */
HPyDef_METH(with_meta, "with_meta", HPyFunc_O)
static HPy with_meta_impl(HPyContext *ctx, HPy self, HPy meta)
{
    HPyType_SpecParam params[] = {
        {HPyType_SpecParam_Metaclass, meta}, {(HPyType_SpecParam_Kind)0, HPy_NULL} };
    (void)self;
    return HPyType_FromSpec(ctx, &WithMeta_spec, params);
}
""").replace("@EXPORT(make)", "@EXPORT(make)\n@EXPORT(with_meta)")


def test_type_shape_derives_from_type(compiler):
    mod = compiler.make_module(TYPE)
    assert mod.Meta.__bases__ == (type,)


def test_type_shape_makes_classes(compiler):
    mod = compiler.make_module(TYPE)

    class WithMeta(metaclass=mod.Meta):
        def method(self):
            return "m"

    assert (type(WithMeta), WithMeta().method()) == (mod.Meta, "m")


def test_type_shape_struct_data_per_class(compiler):
    mod = compiler.make_module(TYPE)
    A = mod.Meta("A", (), {})
    B = mod.Meta("B", (), {"x": 1})
    A.tag, B.tag = 1, 2
    assert (A.tag, A.c_tag(), B.tag, B.c_tag(), B.x) == (1, 1, 2, 2, 1)


def test_type_shape_classes_are_released(compiler):
    mod = compiler.make_module(TYPE)
    A = mod.Meta("A", (), {})
    ref = weakref.ref(A)
    del A
    gc.collect()
    assert ref() is None


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PyType_FromMetaclass is 3.12+")
def test_type_shape_as_metaclass_param_of_an_hpy_type(compiler):
    mod = compiler.make_module(TYPE)
    WithMeta = mod.with_meta(mod.Meta)
    WithMeta.tag = 6
    assert (type(WithMeta), WithMeta.c_tag(), type(WithMeta())) == (mod.Meta, 6, WithMeta)


# ---- HPyType_BuiltinShape_Long and _Tuple: no C struct ----------------------------------

VARSIZE = """
HPyDef_METH(LongSub_twice, "twice", HPyFunc_NOARGS)
static HPy LongSub_twice_impl(HPyContext *ctx, HPy self)
{
    return HPy_Add(ctx, self, self);
}
static HPyDef *LongSub_defines[] = { &LongSub_twice, NULL };
static HPyType_Spec LongSub_spec = {
    .name = "mytest.LongSub",
    .basicsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = HPyType_BuiltinShape_Long,
    .defines = LongSub_defines,
};

HPyDef_METH(TupleSub_first, "first", HPyFunc_NOARGS)
static HPy TupleSub_first_impl(HPyContext *ctx, HPy self)
{
    return HPy_GetItem_i(ctx, self, 0);
}
static HPyDef *TupleSub_defines[] = { &TupleSub_first, NULL };
static HPyType_Spec TupleSub_spec = {
    .name = "mytest.TupleSub",
    .basicsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = HPyType_BuiltinShape_Tuple,
    .defines = TupleSub_defines,
};

typedef struct { long tag; } BadObject;
static HPyType_Spec BadLong_spec = {
    .name = "mytest.BadLong",
    .basicsize = sizeof(BadObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .builtin_shape = HPyType_BuiltinShape_Long,
};
static HPyType_Spec BadTuple_spec = {
    .name = "mytest.BadTuple",
    .basicsize = sizeof(BadObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .builtin_shape = HPyType_BuiltinShape_Tuple,
};

HPyDef_METH(bad_long, "bad_long", HPyFunc_NOARGS)
static HPy bad_long_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyType_FromSpec(ctx, &BadLong_spec, NULL);
}

HPyDef_METH(bad_tuple, "bad_tuple", HPyFunc_NOARGS)
static HPy bad_tuple_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyType_FromSpec(ctx, &BadTuple_spec, NULL);
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "LongSub", &LongSub_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "TupleSub", &TupleSub_spec, NULL))
        return -1;
    return 0;
}

@EXPORT(bad_long)
@EXPORT(bad_tuple)
@EXPORT(exec)
@INIT
"""


def test_long_shape_value_is_the_int(compiler):
    mod = compiler.make_module(VARSIZE)
    n = mod.LongSub(2**100)
    assert (mod.LongSub.__bases__, n, n + 1, isinstance(n, int)) == (
        (int,), 2**100, 2**100 + 1, True)


def test_long_shape_methods_see_the_value(compiler):
    mod = compiler.make_module(VARSIZE)
    assert (mod.LongSub(21).twice(), mod.LongSub(-(2**70)).twice()) == (42, -(2**71))


def test_tuple_shape_value_is_the_tuple(compiler):
    mod = compiler.make_module(VARSIZE)
    t = mod.TupleSub((1, "b", None))
    assert (mod.TupleSub.__bases__, t, len(t), t[1]) == ((tuple,), (1, "b", None), 3, "b")


def test_tuple_shape_methods_see_the_items(compiler):
    mod = compiler.make_module(VARSIZE)
    assert mod.TupleSub(("x", "y")).first() == "x"


def test_tuple_shape_items_are_released(compiler):
    class Value:
        pass

    mod = compiler.make_module(VARSIZE)
    value = Value()
    ref = weakref.ref(value)
    t = mod.TupleSub((value,))
    del value, t
    gc.collect()
    assert ref() is None


@pytest.mark.parametrize("func, name", [("bad_long", "BadLong"), ("bad_tuple", "BadTuple")])
def test_long_and_tuple_shape_with_a_struct_raise_type_error(compiler, func, name):
    mod = compiler.make_module(VARSIZE)
    assert raises(TypeError, getattr(mod, func)) == (
        f"HPyType_FromSpec('mytest.{name}'): subclasses of int and tuple are variable-size "
        "and cannot carry a C struct (basicsize must be 0)")


# ---- every shape: deallocation releases the instance's reference to its type -----------


@pytest.mark.parametrize("source, make", [
    (FLOAT, lambda mod: mod.FloatSub(1.0)),
    (UNICODE, lambda mod: mod.StrSub("s")),
    (LIST, lambda mod: mod.ListSub([1])),
    (TYPE, lambda mod: mod.Meta("C", (), {})),
    (VARSIZE, lambda mod: mod.LongSub(2**70)),
    (VARSIZE, lambda mod: mod.TupleSub((1, 2))),
], ids=["Float", "Unicode", "List", "Type", "Long", "Tuple"])
def test_shape_instances_release_their_type(compiler, source, make):
    mod = compiler.make_module(source)
    cls = type(make(mod))
    gc.collect()
    before = sys.getrefcount(cls)
    for _ in range(100):
        make(mod)
    gc.collect()
    assert sys.getrefcount(cls) == before


# ---- HPyType_BuiltinShape_Legacy (needs Python.h: hybrid and cpython ABIs) -------------

LEGACY = """
typedef struct {
    PyObject_HEAD
    long tag;
} LegacyObject;
HPyType_LEGACY_HELPERS(LegacyObject)

/* C-API slots, given as legacy_slots */
static PyObject *Legacy_repr(PyObject *self)
{
    return PyUnicode_FromFormat("<Legacy tag=%ld>", ((LegacyObject *)self)->tag);
}
static PyObject *Legacy_negative(PyObject *self)
{
    return PyLong_FromLong(-((LegacyObject *)self)->tag);
}
static PyType_Slot Legacy_slots[] = {
    {Py_tp_repr, (void *)Legacy_repr},
    {Py_nb_negative, (void *)Legacy_negative},
    {0, NULL},
};

/* HPy defines on the same struct */
HPyDef_SLOT(Legacy_new, HPy_tp_new)
static HPy Legacy_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs,
                           HPy kw)
{
    LegacyObject *data;
    long tag = 0;
    HPy h;
    (void)kw;
    if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "|l", &tag))
        return HPy_NULL;
    h = HPy_New(ctx, cls, &data);
    if (HPy_IsNull(h))
        return HPy_NULL;
    data->tag = tag;
    return h;
}

HPyDef_MEMBER(Legacy_tag, "tag", HPyMember_LONG, offsetof(LegacyObject, tag))

HPyDef_METH(Legacy_c_tag, "c_tag", HPyFunc_NOARGS)
static HPy Legacy_c_tag_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, LegacyObject_AsStruct(ctx, self)->tag);
}

/* the struct is the object: the C-API and HPy see the same memory */
HPyDef_METH(Legacy_is_object, "is_object", HPyFunc_NOARGS)
static HPy Legacy_is_object_impl(HPyContext *ctx, HPy self)
{
    PyObject *obj = HPy_AsPyObject(ctx, self);
    int same = (void *)obj == (void *)LegacyObject_AsStruct(ctx, self);
    Py_DECREF(obj);
    return HPyBool_FromLong(ctx, same);
}

static HPyDef *Legacy_defines[] = { &Legacy_new, &Legacy_tag, &Legacy_c_tag, &Legacy_is_object,
                                    NULL };
static HPyType_Spec Legacy_spec = {
    .name = "mytest.Legacy",
    .basicsize = sizeof(LegacyObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(LegacyObject),
    .legacy_slots = Legacy_slots,
    .defines = Legacy_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Legacy", &Legacy_spec, NULL) ? 0 : -1;
}

@EXPORT(exec)
@INIT
"""


def legacy_module(compiler):
    if compiler.mode.build_abi == "universal":
        pytest.skip("a legacy struct starts with PyObject_HEAD, and universal builds "
                    "cannot include Python.h")
    return compiler.make_module(LEGACY)


def test_legacy_shape_hpy_new_and_member(compiler):
    mod = legacy_module(compiler)
    o = mod.Legacy(5)
    assert (o.tag, o.c_tag()) == (5, 5)


def test_legacy_shape_struct_is_the_object(compiler):
    mod = legacy_module(compiler)
    assert mod.Legacy().is_object() is True


def test_legacy_shape_legacy_slots_are_installed(compiler):
    mod = legacy_module(compiler)
    o = mod.Legacy(7)
    o.tag = 8
    assert (repr(o), -o) == ("<Legacy tag=8>", -8)


def test_legacy_shape_python_subclass(compiler):
    mod = legacy_module(compiler)

    class Sub(mod.Legacy):
        pass

    s = Sub(3)
    assert (s.c_tag(), repr(s), -s) == (3, "<Legacy tag=3>", -3)


def test_legacy_shape_instances_are_released(compiler):
    mod = legacy_module(compiler)

    class Sub(mod.Legacy):
        pass

    s = Sub(1)
    ref = weakref.ref(s)
    del s
    gc.collect()
    assert ref() is None
