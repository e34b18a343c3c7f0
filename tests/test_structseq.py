"""HPyStructSequence_NewType, HPyStructSequence_New, HPyStructSequence_UnnamedField
(runtime/structseq.c): a real struct sequence in the CPython ABI, a namedtuple with the
same counters in universal and hybrid builds."""

import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


STRUCTSEQ = """
static HPyStructSequence_Field Point_fields[] = {
    {"x", "the x coordinate"},
    {"y", NULL},
    {NULL, NULL},
};
static HPyStructSequence_Desc Point_desc = {"mytest.Point", "a point", Point_fields};

/* the middle field is unnamed: its name is set at run time (a variable, not a constant) */
static HPyStructSequence_Field Mixed_fields[] = {
    {"a", NULL},
    {NULL, NULL},
    {"c", NULL},
    {NULL, NULL},
};
static HPyStructSequence_Desc Mixed_desc = {"mytest.Mixed", NULL, Mixed_fields};

static HPyStructSequence_Field Empty_fields[] = { {NULL, NULL} };
static HPyStructSequence_Desc Empty_desc = {"mytest.Empty", NULL, Empty_fields};

static HPyStructSequence_Desc Nameless_desc = {NULL, NULL, Point_fields};

HPyDef_METH(point_type, "point_type", HPyFunc_NOARGS)
static HPy point_type_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyStructSequence_NewType(ctx, &Point_desc);
}

HPyDef_METH(mixed_type, "mixed_type", HPyFunc_NOARGS)
static HPy mixed_type_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    Mixed_fields[1].name = HPyStructSequence_UnnamedField;
    return HPyStructSequence_NewType(ctx, &Mixed_desc);
}

HPyDef_METH(empty_type, "empty_type", HPyFunc_NOARGS)
static HPy empty_type_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyStructSequence_NewType(ctx, &Empty_desc);
}

HPyDef_METH(nameless_type, "nameless_type", HPyFunc_NOARGS)
static HPy nameless_type_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyStructSequence_NewType(ctx, &Nameless_desc);
}

/* make(type, *items) -> HPyStructSequence_New(type, items) */
HPyDef_METH(make, "make", HPyFunc_VARARGS)
static HPy make_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    return HPyStructSequence_New(ctx, args[0], (HPy_ssize_t)nargs - 1, (HPy *)args + 1);
}

HPyDef_METH(unnamed_field, "unnamed_field", HPyFunc_NOARGS)
static HPy unnamed_field_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, HPyStructSequence_UnnamedField);
}

@EXPORT(point_type)
@EXPORT(mixed_type)
@EXPORT(empty_type)
@EXPORT(nameless_type)
@EXPORT(make)
@EXPORT(unnamed_field)
@INIT
"""


# ---- HPyStructSequence_NewType ------------------------------------------------------


def test_structseq_new_type_splits_name_and_module(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    Point = mod.point_type()
    assert (Point.__name__, Point.__module__) == ("Point", "mytest")


def test_structseq_new_type_is_a_tuple_subclass(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert issubclass(mod.point_type(), tuple)


def test_structseq_new_type_has_the_doc(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert mod.point_type().__doc__ == "a point"


def test_structseq_new_type_field_has_the_doc(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert mod.point_type().x.__doc__ == "the x coordinate"


def test_structseq_new_type_counts_named_fields(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    Point = mod.point_type()
    assert (Point.n_fields, Point.n_sequence_fields, Point.n_unnamed_fields) == (2, 2, 0)


def test_structseq_new_type_counts_unnamed_fields(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    Mixed = mod.mixed_type()
    assert (Mixed.n_fields, Mixed.n_sequence_fields, Mixed.n_unnamed_fields) == (3, 3, 1)


def test_structseq_new_type_without_fields_is_empty(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    Empty = mod.empty_type()
    assert Empty.n_fields == 0
    assert mod.make(Empty) == ()


def test_structseq_new_type_null_name_raises_system_error(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert raises(SystemError, mod.nameless_type) == (
        "HPyStructSequence_NewType: desc->name is NULL")


def test_structseq_unnamed_field_is_underscore(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert mod.unnamed_field() == "_"


# ---- HPyStructSequence_New ----------------------------------------------------------


def test_structseq_new_makes_an_instance_of_the_type(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    Point = mod.point_type()
    assert type(mod.make(Point, 1, 2)) is Point


def test_structseq_new_fields_by_name(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    p = mod.make(mod.point_type(), 1, "two")
    assert (p.x, p.y) == (1, "two")


def test_structseq_new_fields_by_index(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    p = mod.make(mod.point_type(), 1, "two")
    assert (p[0], p[1], p[-1]) == (1, "two", "two")


def test_structseq_new_compares_equal_to_the_tuple(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    p = mod.make(mod.point_type(), 1, 2)
    assert p == (1, 2) and len(p) == 2


def test_structseq_new_index_out_of_range_raises_index_error(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    p = mod.make(mod.point_type(), 1, 2)
    with pytest.raises(IndexError):
        p[2]


def test_structseq_new_instance_is_immutable(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    p = mod.make(mod.point_type(), 1, 2)
    with pytest.raises(AttributeError):
        p.x = 3


def test_structseq_unnamed_field_is_reachable_by_index(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    m = mod.make(mod.mixed_type(), "A", "B", "C")
    assert tuple(m) == ("A", "B", "C")
    assert m[1] == "B"


def test_structseq_named_fields_around_an_unnamed_one(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    m = mod.make(mod.mixed_type(), "A", "B", "C")
    assert (m.a, m.c) == ("A", "C")
    assert not hasattr(m, "_")


def test_structseq_new_too_few_items_raises_type_error(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert raises(TypeError, mod.make, mod.point_type(), 1) == (
        "HPyStructSequence_New: 'Point' needs 2 items, got 1")


def test_structseq_new_too_many_items_raises_type_error(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert raises(TypeError, mod.make, mod.point_type(), 1, 2, 3) == (
        "HPyStructSequence_New: 'Point' needs 2 items, got 3")


@pytest.mark.parametrize("not_structseq", [int, tuple, type("T", (tuple,), {})])
def test_structseq_new_on_other_type_raises_type_error(compiler, not_structseq):
    mod = compiler.make_module(STRUCTSEQ)
    assert raises(TypeError, mod.make, not_structseq, 1, 2) == (
        "HPyStructSequence_New: the type is not a struct sequence (no n_fields attribute)")


def test_structseq_new_on_non_type_raises_type_error(compiler):
    mod = compiler.make_module(STRUCTSEQ)
    assert raises(TypeError, mod.make, (1, 2), 1, 2) == (
        "HPyStructSequence_New: the type is not a struct sequence (no n_fields attribute)")


def test_structseq_new_items_are_kept_alive(compiler):
    import gc
    import weakref

    class Item:
        pass

    mod = compiler.make_module(STRUCTSEQ)
    item = Item()
    ref = weakref.ref(item)
    p = mod.make(mod.point_type(), item, 2)
    del item
    gc.collect()
    assert p.x is ref()
    del p
    gc.collect()
    assert ref() is None
