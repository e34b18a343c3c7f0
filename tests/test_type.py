"""HPyType_FromSpec and its params, HPy_New, HPyType_GenericNew, HPyType_GetName,
HPyType_IsSubtype, HPy_TypeCheck, _HPyType_GetBuiltinShape; hot loops through the
specializing interpreter."""


import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


POINT = """
typedef struct { long x; long y; } PointObject;
HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    long x = 0, y = 0;
    PointObject *p;
    HPy h;
    (void)kw;
    if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "|ll:Point", &x, &y))
        return HPy_NULL;
    h = HPy_New(ctx, cls, &p);
    if (HPy_IsNull(h))
        return HPy_NULL;
    p->x = x;
    p->y = y;
    return h;
}

HPyDef_MEMBER(Point_x, "x", HPyMember_LONG, offsetof(PointObject, x))
HPyDef_MEMBER(Point_y, "y", HPyMember_LONG, offsetof(PointObject, y))

HPyDef_METH(Point_norm1, "norm1", HPyFunc_NOARGS)
static HPy Point_norm1_impl(HPyContext *ctx, HPy self)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    return HPyLong_FromLong(ctx, (p->x < 0 ? -p->x : p->x) + (p->y < 0 ? -p->y : p->y));
}

static HPyDef *Point_defines[] = { &Point_new, &Point_x, &Point_y, &Point_norm1, NULL };
static HPyType_Spec Point_spec = {
    .name = "mytest.Point",
    .basicsize = sizeof(PointObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = Point_defines,
    .doc = "a point",
};

/* no BASETYPE, no defines, no doc */
static HPyType_Spec Final_spec = {
    .name = "mytest.Final",
    .flags = HPy_TPFLAGS_DEFAULT,
};

/* HPyType_GenericNew as tp_new */
HPyDef_SLOT(Generic_new, HPy_tp_new)
static HPy Generic_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs,
                            HPy kw)
{
    return HPyType_GenericNew(ctx, cls, args, nargs, kw);
}
static HPyDef *Generic_defines[] = { &Generic_new, &Point_x, &Point_y, NULL };
static HPyType_Spec Generic_spec = {
    .name = "mytest.Generic",
    .basicsize = sizeof(PointObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Generic_defines,
};

/* new_point(cls, x): HPy_New outside of tp_new */
HPyDef_METH(new_point, "new_point", HPyFunc_VARARGS)
static HPy new_point_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    PointObject *p;
    HPy h;
    (void)self; (void)nargs;
    h = HPy_New(ctx, args[0], &p);
    if (HPy_IsNull(h))
        return HPy_NULL;
    p->x = HPyLong_AsLong(ctx, args[1]);
    if (HPyErr_Occurred(ctx)) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    return h;
}

HPyDef_METH(get_name, "get_name", HPyFunc_O)
static HPy get_name_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *name = HPyType_GetName(ctx, arg);
    (void)self;
    if (name == NULL)
        return HPy_NULL;
    return HPyUnicode_FromString(ctx, name);
}

HPyDef_METH(is_subtype, "is_subtype", HPyFunc_VARARGS)
static HPy is_subtype_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return HPyBool_FromLong(ctx, HPyType_IsSubtype(ctx, args[0], args[1]));
}

HPyDef_METH(type_check, "type_check", HPyFunc_VARARGS)
static HPy type_check_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return HPyBool_FromLong(ctx, HPy_TypeCheck(ctx, args[0], args[1]));
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Point", &Point_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "Final", &Final_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "Generic", &Generic_spec, NULL))
        return -1;
    return 0;
}

@EXPORT(new_point)
@EXPORT(get_name)
@EXPORT(is_subtype)
@EXPORT(type_check)
@EXPORT(exec)
@INIT
"""

HPY_TPFLAGS_HEAPTYPE = 1 << 9
HPY_TPFLAGS_BASETYPE = 1 << 10


# ---- HPyType_FromSpec: the spec ------------------------------------------------------


def test_from_spec_splits_name_and_module(compiler):
    mod = compiler.make_module(POINT)
    assert (mod.Point.__name__, mod.Point.__qualname__, mod.Point.__module__) == (
        "Point", "Point", "mytest")


def test_from_spec_sets_doc(compiler):
    mod = compiler.make_module(POINT)
    assert mod.Point.__doc__ == "a point"


def test_from_spec_without_doc_has_none_doc(compiler):
    mod = compiler.make_module(POINT)
    assert mod.Final.__doc__ is None


def test_from_spec_basicsize_holds_the_struct(compiler):
    mod = compiler.make_module(POINT)
    assert mod.Point.__basicsize__ >= object.__basicsize__ + 2 * 8
    assert mod.Final.__basicsize__ >= object.__basicsize__


def test_from_spec_type_is_a_heap_type(compiler):
    mod = compiler.make_module(POINT)
    assert mod.Point.__flags__ & HPY_TPFLAGS_HEAPTYPE


def test_from_spec_basetype_flag_is_kept(compiler):
    mod = compiler.make_module(POINT)
    assert mod.Point.__flags__ & HPY_TPFLAGS_BASETYPE
    assert not mod.Final.__flags__ & HPY_TPFLAGS_BASETYPE


def test_from_spec_basetype_allows_python_subclasses(compiler):
    mod = compiler.make_module(POINT)

    class Sub(mod.Point):
        def total(self):
            return self.x + self.y

    s = Sub(3, 4)
    assert (s.x, s.y, s.total(), s.norm1()) == (3, 4, 7, 7)


def test_from_spec_python_subclass_gets_a_dict(compiler):
    mod = compiler.make_module(POINT)

    class Sub(mod.Point):
        pass

    s = Sub(1, 2)
    s.extra = "e"
    assert (s.extra, s.x) == ("e", 1)


def test_from_spec_without_basetype_forbids_python_subclasses(compiler):
    mod = compiler.make_module(POINT)
    with pytest.raises(TypeError) as info:
        type("Sub", (mod.Final,), {})
    assert "is not an acceptable base type" in str(info.value)


def test_from_spec_type_without_tp_new_is_instantiable(compiler):
    mod = compiler.make_module(POINT)
    assert type(mod.Final()) is mod.Final


def test_from_spec_tp_new_receives_arguments(compiler):
    mod = compiler.make_module(POINT)
    p = mod.Point(5, -6)
    assert (p.x, p.y, p.norm1()) == (5, -6, 11)


def test_from_spec_tp_new_errors_propagate(compiler):
    mod = compiler.make_module(POINT)
    with pytest.raises(TypeError):
        mod.Point("a")


def test_from_spec_instances_are_independent(compiler):
    mod = compiler.make_module(POINT)
    a, b = mod.Point(1, 2), mod.Point(3, 4)
    a.x = 10
    assert (a.x, b.x) == (10, 3)


# ---- HPy_New, HPyType_GenericNew -----------------------------------------------------


def test_hpy_new_outside_tp_new_makes_an_instance(compiler):
    mod = compiler.make_module(POINT)
    p = mod.new_point(mod.Point, 7)
    assert type(p) is mod.Point
    assert (p.x, p.y) == (7, 0)


def test_hpy_new_of_a_python_subclass_makes_a_subclass_instance(compiler):
    mod = compiler.make_module(POINT)

    class Sub(mod.Point):
        pass

    p = mod.new_point(Sub, 7)
    assert type(p) is Sub and p.x == 7


def test_hpy_new_of_a_non_hpy_type_raises_type_error(compiler):
    mod = compiler.make_module(POINT)
    assert raises(TypeError, mod.new_point, int, 1) == (
        "HPy_New: <class 'int'> is not an HPy type")


def test_generic_new_as_tp_new_zeroes_the_struct(compiler):
    mod = compiler.make_module(POINT)
    g = mod.Generic()
    assert type(g) is mod.Generic
    assert (g.x, g.y) == (0, 0)


def test_generic_new_as_tp_new_ignores_arguments(compiler):
    mod = compiler.make_module(POINT)
    g = mod.Generic(1, 2, key=3)
    assert (g.x, g.y) == (0, 0)


# ---- HPyType_GetName, HPyType_IsSubtype, HPy_TypeCheck -----------------------------


def test_type_get_name_of_hpy_type_is_the_short_name(compiler):
    mod = compiler.make_module(POINT)
    assert mod.get_name(mod.Point) == "Point"


def test_type_get_name_of_builtin_and_python_types(compiler):
    mod = compiler.make_module(POINT)

    class Local:
        pass

    assert (mod.get_name(int), mod.get_name(Local)) == ("int", "Local")


def test_type_get_name_of_non_type_raises_type_error(compiler):
    mod = compiler.make_module(POINT)
    assert raises(TypeError, mod.get_name, 42) == "HPyType_GetName: 42 is not a type"


def test_type_is_subtype_true_for_subclass_and_self(compiler):
    mod = compiler.make_module(POINT)

    class Sub(mod.Point):
        pass

    assert mod.is_subtype(Sub, mod.Point) is True
    assert mod.is_subtype(mod.Point, mod.Point) is True
    assert mod.is_subtype(mod.Point, object) is True


def test_type_is_subtype_false_for_unrelated_and_base(compiler):
    mod = compiler.make_module(POINT)

    class Sub(mod.Point):
        pass

    assert mod.is_subtype(mod.Point, Sub) is False
    assert mod.is_subtype(mod.Final, mod.Point) is False
    assert mod.is_subtype(int, mod.Point) is False


def test_type_check_true_for_instances_and_subclass_instances(compiler):
    mod = compiler.make_module(POINT)

    class Sub(mod.Point):
        pass

    assert mod.type_check(mod.Point(), mod.Point) is True
    assert mod.type_check(Sub(), mod.Point) is True
    assert mod.type_check(mod.Point(), object) is True


def test_type_check_false_for_other_objects(compiler):
    mod = compiler.make_module(POINT)
    assert mod.type_check(mod.Final(), mod.Point) is False
    assert mod.type_check(1, mod.Point) is False
    assert mod.type_check(mod.Point(), int) is False


# ---- _HPyType_GetBuiltinShape (not part of the CPython ABI) -------------------------

SHAPES = """
typedef struct { double extra; } FloatSubObject;
HPyType_HELPERS(FloatSubObject, HPyType_BuiltinShape_Float)

static HPyType_Spec Plain_spec = { .name = "mytest.Plain", .flags = HPy_TPFLAGS_DEFAULT };
static HPyType_Spec FloatSub_spec = {
    .name = "mytest.FloatSub",
    .basicsize = sizeof(FloatSubObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .builtin_shape = SHAPE(FloatSubObject),
};

HPyDef_METH(get_shape, "get_shape", HPyFunc_O)
static HPy get_shape_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyType_BuiltinShape shape = _HPyType_GetBuiltinShape(ctx, arg);
    (void)self;
    if ((int)shape == -2 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, (long)shape);
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Plain", &Plain_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "FloatSub", &FloatSub_spec, NULL))
        return -1;
    return 0;
}

@EXPORT(get_shape)
@EXPORT(exec)
@INIT
"""


def skip_cpython_abi(compiler):
    if compiler.mode.build_abi == "cpython":
        pytest.skip("_HPyType_GetBuiltinShape is not declared in the CPython ABI")


@pytest.mark.parametrize(
    "builtin, shape",
    [(object, 0), (type, 1), (int, 2), (float, 3), (str, 4), (tuple, 5), (list, 6)],
)
def test_get_builtin_shape_of_builtin_types(compiler, builtin, shape):
    skip_cpython_abi(compiler)
    mod = compiler.make_module(SHAPES)
    assert mod.get_shape(builtin) == shape


def test_get_builtin_shape_of_other_builtin_type_is_legacy(compiler):
    skip_cpython_abi(compiler)
    mod = compiler.make_module(SHAPES)
    assert (mod.get_shape(set), mod.get_shape(bytes)) == (-1, -1)


def test_get_builtin_shape_of_hpy_types(compiler):
    skip_cpython_abi(compiler)
    mod = compiler.make_module(SHAPES)
    assert (mod.get_shape(mod.Plain), mod.get_shape(mod.FloatSub)) == (0, 3)


def test_get_builtin_shape_of_non_type_raises_type_error(compiler):
    skip_cpython_abi(compiler)
    mod = compiler.make_module(SHAPES)
    assert raises(TypeError, mod.get_shape, 1.5) == (
        "_HPyType_GetBuiltinShape: 1.5 is not a type")


# ---- HPyType_SpecParam --------------------------------------------------------------

PARAMS = """
typedef struct { long x; } BaseObject;
HPyType_HELPERS(BaseObject)
typedef struct { BaseObject base; long z; } DerivedObject;
HPyType_HELPERS(DerivedObject)

HPyDef_MEMBER(Base_x, "x", HPyMember_LONG, offsetof(BaseObject, x))
HPyDef_METH(Base_getx, "getx", HPyFunc_NOARGS)
static HPy Base_getx_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, BaseObject_AsStruct(ctx, self)->x);
}
static HPyDef *Base_defines[] = { &Base_x, &Base_getx, NULL };
static HPyType_Spec Base_spec = {
    .name = "mytest.Base",
    .basicsize = sizeof(BaseObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = Base_defines,
};

/* a struct-less type: combines with Base without a layout conflict */
HPyDef_METH(Mixin_hello, "hello", HPyFunc_NOARGS)
static HPy Mixin_hello_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "hello");
}
static HPyDef *Mixin_defines[] = { &Mixin_hello, NULL };
static HPyType_Spec Mixin_spec = {
    .name = "mytest.Mixin",
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = Mixin_defines,
};

HPyDef_MEMBER(Derived_z, "z", HPyMember_LONG, offsetof(DerivedObject, z))
static HPyDef *Derived_defines[] = { &Derived_z, NULL };
static HPyType_Spec Derived_spec = {
    .name = "mytest.Derived",
    .basicsize = sizeof(DerivedObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = Derived_defines,
};

static HPyType_Spec Multi_spec = {
    .name = "mytest.Multi",
    .basicsize = sizeof(BaseObject),
    .flags = HPy_TPFLAGS_DEFAULT,
};

static HPyType_Spec WithMeta_spec = {
    .name = "mytest.WithMeta",
    .flags = HPy_TPFLAGS_DEFAULT,
};

static HPy from_spec_with(HPyContext *ctx, HPyType_Spec *spec, HPyType_SpecParam_Kind k1,
                          HPy o1, HPyType_SpecParam_Kind k2, HPy o2)
{
    HPyType_SpecParam params[] = { {k1, o1}, {k2, o2}, {(HPyType_SpecParam_Kind)0, HPy_NULL} };
    return HPyType_FromSpec(ctx, spec, params);
}

/* one_base(base) -> Derived with HPyType_SpecParam_Base */
HPyDef_METH(one_base, "one_base", HPyFunc_O)
static HPy one_base_impl(HPyContext *ctx, HPy self, HPy base)
{
    (void)self;
    return from_spec_with(ctx, &Derived_spec, HPyType_SpecParam_Base, base,
                          (HPyType_SpecParam_Kind)0, HPy_NULL);
}

/* two_bases(a, b) -> Multi with HPyType_SpecParam_Base twice */
HPyDef_METH(two_bases, "two_bases", HPyFunc_VARARGS)
static HPy two_bases_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return from_spec_with(ctx, &Multi_spec, HPyType_SpecParam_Base, args[0],
                          HPyType_SpecParam_Base, args[1]);
}

/* bases_tuple(t) -> Multi with HPyType_SpecParam_BasesTuple */
HPyDef_METH(bases_tuple, "bases_tuple", HPyFunc_O)
static HPy bases_tuple_impl(HPyContext *ctx, HPy self, HPy bases)
{
    (void)self;
    return from_spec_with(ctx, &Multi_spec, HPyType_SpecParam_BasesTuple, bases,
                          (HPyType_SpecParam_Kind)0, HPy_NULL);
}

/* base_and_tuple(base, t): Base and BasesTuple combined */
HPyDef_METH(base_and_tuple, "base_and_tuple", HPyFunc_VARARGS)
static HPy base_and_tuple_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return from_spec_with(ctx, &Multi_spec, HPyType_SpecParam_Base, args[0],
                          HPyType_SpecParam_BasesTuple, args[1]);
}

/* with_meta(meta) -> WithMeta with HPyType_SpecParam_Metaclass */
HPyDef_METH(with_meta, "with_meta", HPyFunc_O)
static HPy with_meta_impl(HPyContext *ctx, HPy self, HPy meta)
{
    (void)self;
    return from_spec_with(ctx, &WithMeta_spec, HPyType_SpecParam_Metaclass, meta,
                          (HPyType_SpecParam_Kind)0, HPy_NULL);
}

/* null_params() -> a type made with params == NULL */
HPyDef_METH(null_params, "null_params", HPyFunc_NOARGS)
static HPy null_params_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyType_FromSpec(ctx, &WithMeta_spec, NULL);
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Base", &Base_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "Mixin", &Mixin_spec, NULL))
        return -1;
    return 0;
}

@EXPORT(one_base)
@EXPORT(two_bases)
@EXPORT(bases_tuple)
@EXPORT(base_and_tuple)
@EXPORT(with_meta)
@EXPORT(null_params)
@EXPORT(exec)
@INIT
"""


def test_param_base_sets_the_base(compiler):
    mod = compiler.make_module(PARAMS)
    Derived = mod.one_base(mod.Base)
    assert Derived.__bases__ == (mod.Base,)


def test_param_base_inherits_struct_and_methods(compiler):
    mod = compiler.make_module(PARAMS)
    d = mod.one_base(mod.Base)()
    d.x, d.z = 4, 5
    assert (d.x, d.z, d.getx()) == (4, 5, 4)


def test_param_base_may_be_a_python_class(compiler):
    mod = compiler.make_module(PARAMS)

    class PyBase(mod.Base):
        def twice(self):
            return 2 * self.x

    d = mod.one_base(PyBase)()
    d.x = 21
    assert d.twice() == 42


def test_param_base_repeated_gives_several_bases(compiler):
    mod = compiler.make_module(PARAMS)
    Multi = mod.two_bases(mod.Base, mod.Mixin)
    assert Multi.__bases__ == (mod.Base, mod.Mixin)
    m = Multi()
    m.x = 3
    assert (m.getx(), m.hello()) == (3, "hello")


def test_param_bases_tuple_gives_the_bases(compiler):
    mod = compiler.make_module(PARAMS)
    Multi = mod.bases_tuple((mod.Base, mod.Mixin))
    assert Multi.__bases__ == (mod.Base, mod.Mixin)
    assert Multi().hello() == "hello"


def test_param_null_params_derive_from_object(compiler):
    mod = compiler.make_module(PARAMS)
    assert mod.null_params().__bases__ == (object,)


def test_param_base_and_bases_tuple_combined_raise_type_error(compiler):
    mod = compiler.make_module(PARAMS)
    assert raises(TypeError, mod.base_and_tuple, mod.Base, (mod.Mixin,)) == (
        "HPyType_FromSpec('mytest.Multi'): HPyType_SpecParam_Base and "
        "HPyType_SpecParam_BasesTuple cannot be combined")


def test_param_bases_tuple_not_a_tuple_raises_type_error(compiler):
    mod = compiler.make_module(PARAMS)
    assert raises(TypeError, mod.bases_tuple, [mod.Base]) == (
        "HPyType_FromSpec('mytest.Multi'): HPyType_SpecParam_BasesTuple must be given once, "
        "with a tuple")


def test_param_metaclass_not_a_type_raises_type_error(compiler):
    mod = compiler.make_module(PARAMS)
    assert raises(TypeError, mod.with_meta, 42) == (
        "HPyType_FromSpec('mytest.WithMeta'): HPyType_SpecParam_Metaclass must be given once, "
        "with a type")


def test_param_metaclass_sets_the_type_of_the_type(compiler):
    mod = compiler.make_module(PARAMS)

    class Meta(type):
        def describe(cls):
            return "meta " + cls.__name__

    WithMeta = mod.with_meta(Meta)
    assert type(WithMeta) is Meta
    assert WithMeta.describe() == "meta WithMeta"


# ---- HPyType_FromSpec: errors ---------------------------------------------------------

ERRORS = """
static HPyType_Spec NoDot_spec = { .name = "X", .flags = HPy_TPFLAGS_DEFAULT };

/* a PyType_Slot look-alike: the check comes before the slots are used */
typedef struct { int slot; void *pfunc; } FakeSlot;
static FakeSlot fake_slots[] = { {56, NULL}, {0, NULL} };
static HPyType_Spec LegacyObject_spec = {
    .name = "mytest.LegacyObject",
    .flags = HPy_TPFLAGS_DEFAULT,
    .builtin_shape = HPyType_BuiltinShape_Object,
    .legacy_slots = fake_slots,
};

static HPyType_Spec NegativeSize_spec = {
    .name = "mytest.NegativeSize",
    .basicsize = -8,
    .flags = HPy_TPFLAGS_DEFAULT,
};

HPyDef_SLOT(mod_exec_in_type, HPy_mod_exec)
static int mod_exec_in_type_impl(HPyContext *ctx, HPy module)
{
    (void)ctx; (void)module;
    return 0;
}
static HPyDef *ModSlot_defines[] = { &mod_exec_in_type, NULL };
static HPyType_Spec ModSlot_spec = {
    .name = "mytest.ModSlot",
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = ModSlot_defines,
};

HPyDef_METH(from_spec, "from_spec", HPyFunc_O)
static HPy from_spec_impl(HPyContext *ctx, HPy self, HPy which)
{
    static HPyType_Spec *specs[] = {
        &NoDot_spec, &LegacyObject_spec, &NegativeSize_spec, &ModSlot_spec,
    };
    long i = HPyLong_AsLong(ctx, which);
    (void)self;
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyType_FromSpec(ctx, specs[i], NULL);
}

@EXPORT(from_spec)
@INIT
"""


def test_from_spec_name_without_dot_raises_system_error(compiler):
    mod = compiler.make_module(ERRORS)
    assert raises(SystemError, mod.from_spec, 0) == (
        "HPyType_FromSpec: the name must be 'module.Type', got 'X'")


def test_from_spec_legacy_slots_without_legacy_shape_raise_type_error(compiler):
    mod = compiler.make_module(ERRORS)
    assert raises(TypeError, mod.from_spec, 1) == (
        "HPyType_FromSpec('mytest.LegacyObject'): legacy_slots need "
        "builtin_shape = HPyType_BuiltinShape_Legacy")


def test_from_spec_negative_basicsize_raises_system_error(compiler):
    mod = compiler.make_module(ERRORS)
    assert raises(SystemError, mod.from_spec, 2) == (
        "HPyType_FromSpec('mytest.NegativeSize'): negative basicsize or itemsize")


def test_from_spec_module_slot_in_a_type_raises_type_error(compiler):
    mod = compiler.make_module(ERRORS)
    assert raises(TypeError, mod.from_spec, 3) == (
        "HPyType_FromSpec('mytest.ModSlot'): module slot 2001 in a type")


# ---- hot loops: CPython 3.11+ specializes attribute loads and calls ---------------------

HOT = """
typedef struct { long value; } CounterObject;
HPyType_HELPERS(CounterObject)

HPyDef_MEMBER(Counter_value, "value", HPyMember_LONG, offsetof(CounterObject, value))

HPyDef_METH(Counter_bump, "bump", HPyFunc_O)
static HPy Counter_bump_impl(HPyContext *ctx, HPy self, HPy arg)
{
    CounterObject *c = CounterObject_AsStruct(ctx, self);
    long n = HPyLong_AsLong(ctx, arg);
    if (n == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    c->value += n;
    return HPyLong_FromLong(ctx, c->value);
}

HPyDef_GET(Counter_double, "double")
static HPy Counter_double_get(HPyContext *ctx, HPy self, void *closure)
{
    (void)closure;
    return HPyLong_FromLong(ctx, 2 * CounterObject_AsStruct(ctx, self)->value);
}

static HPyDef *Counter_defines[] = { &Counter_value, &Counter_bump, &Counter_double, NULL };
static HPyType_Spec Counter_spec = {
    .name = "mytest.Counter",
    .basicsize = sizeof(CounterObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = Counter_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Counter", &Counter_spec, NULL) ? 0 : -1;
}

@EXPORT(exec)
@INIT
"""

LOOPS = 10_000


def test_hot_loop_method_call_gives_each_result(compiler):
    mod = compiler.make_module(HOT)
    c = mod.Counter()
    results = [c.bump(1) for _ in range(LOOPS)]
    assert results == list(range(1, LOOPS + 1))


def test_hot_loop_member_read_sees_each_write(compiler):
    mod = compiler.make_module(HOT)
    c = mod.Counter()
    total = 0
    for i in range(LOOPS):
        c.value = i
        total += c.value
    assert total == LOOPS * (LOOPS - 1) // 2


def test_hot_loop_getset_read_follows_the_struct(compiler):
    mod = compiler.make_module(HOT)
    c = mod.Counter()
    total = 0
    for _ in range(LOOPS):
        c.bump(1)
        total += c.double
    assert total == LOOPS * (LOOPS + 1)


def test_hot_loop_call_site_sees_base_and_subclass_instances(compiler):
    mod = compiler.make_module(HOT)

    class Sub(mod.Counter):
        def bump(self, n):
            return super().bump(10 * n)

    objs = [mod.Counter(), Sub()]
    for i in range(LOOPS):
        objs[i % 2].bump(1)
    assert (objs[0].value, objs[1].value) == (LOOPS // 2, 10 * (LOOPS // 2))


def test_hot_loop_attribute_read_after_type_change(compiler):
    mod = compiler.make_module(HOT)
    c = mod.Counter()
    c.value = 5
    seen = []
    for i in range(LOOPS):
        if i == LOOPS // 2:
            # an assignment to the type invalidates specialized loads of "value"
            mod.Counter.value_alias = property(lambda self: -1)
        seen.append(c.value)
    assert seen == [5] * LOOPS
    assert c.value_alias == -1
