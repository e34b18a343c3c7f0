"""HPyDef_MEMBER of every HPyMember_FieldType: read, write, readonly, doc; OBJECT and
OBJECT_EX members point at an HPyField."""

import gc
import warnings
import weakref

import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


MEMBERS = """
#include <string.h>

typedef struct {
    short s;
    int i;
    long l;
    float f;
    double d;
    const char *str;
    HPyField obj;
    char c;
    signed char b;
    unsigned char ub;
    unsigned short us;
    unsigned int ui;
    unsigned long ul;
    char inplace[16];
    char flag;
    HPyField obj_ex;
    long long ll;
    unsigned long long ull;
    HPy_ssize_t ssz;
    long ro;
} MembersObject;
HPyType_HELPERS(MembersObject)

HPyDef_SLOT(Members_new, HPy_tp_new)
static HPy Members_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs,
                            HPy kw)
{
    MembersObject *m;
    HPy h = HPy_New(ctx, cls, &m);
    (void)args; (void)nargs; (void)kw;
    if (HPy_IsNull(h))
        return HPy_NULL;
    m->s = -1234;
    m->i = -123456;
    m->l = -1234567890L;
    m->f = 1.25f;
    m->d = -2.5;
    m->str = "hello";
    m->c = 'a';
    m->b = -100;
    m->ub = 200;
    m->us = 60000;
    m->ui = 4000000000U;
    m->ul = 9000000000000000000UL;
    strcpy(m->inplace, "inplace");
    m->flag = 1;
    m->ll = -4000000000000000000LL;
    m->ull = 18000000000000000000ULL;
    m->ssz = -7;
    m->ro = 99;
    return h;
}

HPyDef_SLOT(Members_traverse, HPy_tp_traverse)
static int Members_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    MembersObject *m = (MembersObject *)self;
    HPy_VISIT(&m->obj);
    HPy_VISIT(&m->obj_ex);
    return 0;
}

HPyDef_MEMBER(Members_s, "s", HPyMember_SHORT, offsetof(MembersObject, s))
HPyDef_MEMBER(Members_i, "i", HPyMember_INT, offsetof(MembersObject, i), .doc = "an int")
HPyDef_MEMBER(Members_l, "l", HPyMember_LONG, offsetof(MembersObject, l))
HPyDef_MEMBER(Members_f, "f", HPyMember_FLOAT, offsetof(MembersObject, f))
HPyDef_MEMBER(Members_d, "d", HPyMember_DOUBLE, offsetof(MembersObject, d))
HPyDef_MEMBER(Members_str, "str", HPyMember_STRING, offsetof(MembersObject, str))
HPyDef_MEMBER(Members_obj, "obj", HPyMember_OBJECT, offsetof(MembersObject, obj))
HPyDef_MEMBER(Members_c, "c", HPyMember_CHAR, offsetof(MembersObject, c))
HPyDef_MEMBER(Members_b, "b", HPyMember_BYTE, offsetof(MembersObject, b))
HPyDef_MEMBER(Members_ub, "ub", HPyMember_UBYTE, offsetof(MembersObject, ub))
HPyDef_MEMBER(Members_us, "us", HPyMember_USHORT, offsetof(MembersObject, us))
HPyDef_MEMBER(Members_ui, "ui", HPyMember_UINT, offsetof(MembersObject, ui))
HPyDef_MEMBER(Members_ul, "ul", HPyMember_ULONG, offsetof(MembersObject, ul))
HPyDef_MEMBER(Members_inplace, "inplace", HPyMember_STRING_INPLACE,
              offsetof(MembersObject, inplace))
HPyDef_MEMBER(Members_flag, "flag", HPyMember_BOOL, offsetof(MembersObject, flag))
HPyDef_MEMBER(Members_obj_ex, "obj_ex", HPyMember_OBJECT_EX, offsetof(MembersObject, obj_ex))
HPyDef_MEMBER(Members_ll, "ll", HPyMember_LONGLONG, offsetof(MembersObject, ll))
HPyDef_MEMBER(Members_ull, "ull", HPyMember_ULONGLONG, offsetof(MembersObject, ull))
HPyDef_MEMBER(Members_ssz, "ssz", HPyMember_HPYSSIZET, offsetof(MembersObject, ssz))
HPyDef_MEMBER(Members_none, "none", HPyMember_NONE, offsetof(MembersObject, ro))
HPyDef_MEMBER(Members_ro, "ro", HPyMember_LONG, offsetof(MembersObject, ro), .readonly = 1,
              .doc = "read only")

/* what C sees, in the order of C_FIELDS in the test */
HPyDef_METH(Members_c_values, "c_values", HPyFunc_NOARGS)
static HPy Members_c_values_impl(HPyContext *ctx, HPy self)
{
    MembersObject *m = MembersObject_AsStruct(ctx, self);
    char c[2] = { m->c, 0 };
    return HPy_BuildValue(ctx, "(lllddslllIkiLKnl)", (long)m->s, (long)m->i, m->l,
                          (double)m->f, m->d, c, (long)m->b, (long)m->ub, (long)m->us,
                          m->ui, m->ul, (int)m->flag, m->ll, m->ull, m->ssz, m->ro);
}

/* C view of the two fields: (obj or None, obj_ex or None) */
HPyDef_METH(Members_c_fields, "c_fields", HPyFunc_NOARGS)
static HPy Members_c_fields_impl(HPyContext *ctx, HPy self)
{
    MembersObject *m = MembersObject_AsStruct(ctx, self);
    HPy a = HPyField_Load(ctx, self, m->obj), b = HPyField_Load(ctx, self, m->obj_ex), result;
    result = HPy_BuildValue(ctx, "(OO)", HPy_IsNull(a) ? ctx->h_None : a,
                            HPy_IsNull(b) ? ctx->h_None : b);
    if (!HPy_IsNull(a))
        HPy_Close(ctx, a);
    if (!HPy_IsNull(b))
        HPy_Close(ctx, b);
    return result;
}

/* set_fields(obj, obj_ex): stores from C */
HPyDef_METH(Members_set_fields, "set_fields", HPyFunc_VARARGS)
static HPy Members_set_fields_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    MembersObject *m = MembersObject_AsStruct(ctx, self);
    (void)nargs;
    HPyField_Store(ctx, self, &m->obj, args[0]);
    HPyField_Store(ctx, self, &m->obj_ex, args[1]);
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyDef *Members_defines[] = {
    &Members_new, &Members_traverse,
    &Members_s, &Members_i, &Members_l, &Members_f, &Members_d, &Members_str, &Members_obj,
    &Members_c, &Members_b, &Members_ub, &Members_us, &Members_ui, &Members_ul,
    &Members_inplace, &Members_flag, &Members_obj_ex, &Members_ll, &Members_ull,
    &Members_ssz, &Members_none, &Members_ro,
    &Members_c_values, &Members_c_fields, &Members_set_fields, NULL
};
static HPyType_Spec Members_spec = {
    .name = "mytest.Members",
    .basicsize = sizeof(MembersObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE | HPy_TPFLAGS_HAVE_GC,
    .defines = Members_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Members", &Members_spec, NULL) ? 0 : -1;
}

@EXPORT(exec)
@INIT
"""

C_FIELDS = ["s", "i", "l", "f", "d", "c", "b", "ub", "us", "ui", "ul", "flag", "ll", "ull",
            "ssz", "ro"]

# name: (HPyMember_ type, value set by C, a new value written from Python)
SCALARS = {
    "s": ("HPyMember_SHORT", -1234, 32767),
    "i": ("HPyMember_INT", -123456, 2**31 - 1),
    "l": ("HPyMember_LONG", -1234567890, -(2**63)),
    "f": ("HPyMember_FLOAT", 1.25, -0.5),
    "d": ("HPyMember_DOUBLE", -2.5, 1e300),
    "c": ("HPyMember_CHAR", "a", "z"),
    "b": ("HPyMember_BYTE", -100, 127),
    "ub": ("HPyMember_UBYTE", 200, 255),
    "us": ("HPyMember_USHORT", 60000, 65535),
    "ui": ("HPyMember_UINT", 4000000000, 2**32 - 1),
    "ul": ("HPyMember_ULONG", 9000000000000000000, 2**64 - 1),
    "flag": ("HPyMember_BOOL", True, False),
    "ll": ("HPyMember_LONGLONG", -4000000000000000000, 2**63 - 1),
    "ull": ("HPyMember_ULONGLONG", 18000000000000000000, 2**64 - 1),
    "ssz": ("HPyMember_HPYSSIZET", -7, 2**62),
}


def c_value(m, name):
    value = m.c_values()[C_FIELDS.index(name)]
    return bool(value) if name == "flag" else value


@pytest.mark.parametrize("name", sorted(SCALARS))
def test_member_reads_the_c_value(compiler, name):
    mod = compiler.make_module(MEMBERS)
    _, initial, _ = SCALARS[name]
    value = getattr(mod.Members(), name)
    assert (type(value), value) == (type(initial), initial)


@pytest.mark.parametrize("name", sorted(SCALARS))
def test_member_write_reaches_the_c_struct(compiler, name):
    mod = compiler.make_module(MEMBERS)
    _, _, new = SCALARS[name]
    m = mod.Members()
    setattr(m, name, new)
    assert getattr(m, name) == new
    assert c_value(m, name) == new


@pytest.mark.parametrize("name", sorted(SCALARS))
def test_member_write_leaves_the_other_members_alone(compiler, name):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    before = dict(zip(C_FIELDS, m.c_values()))
    setattr(m, name, SCALARS[name][2])
    after = dict(zip(C_FIELDS, m.c_values()))
    del before[name], after[name]
    assert after == before


@pytest.mark.parametrize("name", sorted(set(SCALARS) - {"c", "flag"}))
def test_member_numeric_write_of_a_str_raises_type_error(compiler, name):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(TypeError):
        setattr(mod.Members(), name, "text")


@pytest.mark.parametrize("name", sorted(set(SCALARS) - {"c", "flag"}))
def test_member_is_a_member_descriptor_on_the_type(compiler, name):
    mod = compiler.make_module(MEMBERS)
    assert type(mod.Members.__dict__[name]).__name__ == "member_descriptor"


def test_member_float_keeps_float_precision(compiler):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    m.f = 0.1
    assert m.f != 0.1 and abs(m.f - 0.1) < 1e-7


def test_member_char_write_of_two_chars_raises_type_error(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(TypeError):
        mod.Members().c = "ab"


def test_member_bool_write_of_non_bool_raises_type_error(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(TypeError):
        mod.Members().flag = 1


def test_member_unsigned_write_of_negative_raises(compiler):
    mod = compiler.make_module(MEMBERS)
    # CPython's member code refuses it; 3.13 only warns (RuntimeWarning), so as an error
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises((OverflowError, TypeError, RuntimeWarning)):
            mod.Members().ull = -1


def test_member_string_reads_the_c_string(compiler):
    mod = compiler.make_module(MEMBERS)
    assert mod.Members().str == "hello"


def test_member_string_is_read_only(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(TypeError) as info:
        mod.Members().str = "x"
    assert "readonly attribute" in str(info.value)


def test_member_string_inplace_reads_the_array(compiler):
    mod = compiler.make_module(MEMBERS)
    assert mod.Members().inplace == "inplace"


def test_member_string_inplace_is_read_only(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(TypeError) as info:
        mod.Members().inplace = "x"
    assert "readonly attribute" in str(info.value)


def test_member_none_reads_none(compiler):
    mod = compiler.make_module(MEMBERS)
    assert mod.Members().none is None


def test_member_none_is_read_only_without_the_readonly_flag(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(AttributeError) as info:
        mod.Members().none = 1
    assert "readonly attribute" in str(info.value)


def test_member_readonly_reads(compiler):
    mod = compiler.make_module(MEMBERS)
    assert mod.Members().ro == 99


def test_member_readonly_write_raises_attribute_error(compiler):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    with pytest.raises(AttributeError) as info:
        m.ro = 1
    assert "readonly attribute" in str(info.value)
    assert m.ro == 99


def test_member_readonly_delete_raises_attribute_error(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(AttributeError):
        del mod.Members().ro


def test_member_doc(compiler):
    mod = compiler.make_module(MEMBERS)
    assert (mod.Members.i.__doc__, mod.Members.ro.__doc__) == ("an int", "read only")


def test_member_without_doc_has_none_doc(compiler):
    mod = compiler.make_module(MEMBERS)
    assert mod.Members.l.__doc__ is None


def test_member_works_on_python_subclass_instances(compiler):
    mod = compiler.make_module(MEMBERS)

    class Sub(mod.Members):
        pass

    s = Sub()
    s.l = 5
    assert (s.l, s.ro, c_value(s, "l")) == (5, 99, 5)


# ---- HPyMember_OBJECT, HPyMember_OBJECT_EX: HPyFields -----------------------------------


def test_member_object_empty_field_reads_none(compiler):
    mod = compiler.make_module(MEMBERS)
    assert mod.Members().obj is None


def test_member_object_write_stores_into_the_field(compiler):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    value = ["x"]
    m.obj = value
    assert m.obj is value
    assert m.c_fields()[0] is value


def test_member_object_reads_what_c_stored(compiler):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    a, b = object(), object()
    m.set_fields(a, b)
    assert (m.obj, m.obj_ex) == (a, b)


def test_member_object_delete_clears_the_field(compiler):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    m.obj = "v"
    del m.obj
    assert m.obj is None
    assert m.c_fields() == (None, None)


def test_member_object_ex_empty_field_raises_attribute_error(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(AttributeError):
        mod.Members().obj_ex


def test_member_object_ex_write_then_read(compiler):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    m.obj_ex = value = {"k": 1}
    assert m.obj_ex is value
    assert m.c_fields()[1] is value


def test_member_object_ex_delete_makes_it_missing(compiler):
    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    m.obj_ex = 1
    del m.obj_ex
    assert not hasattr(m, "obj_ex")
    assert m.c_fields() == (None, None)


def test_member_object_ex_delete_when_empty_raises_attribute_error(compiler):
    mod = compiler.make_module(MEMBERS)
    with pytest.raises(AttributeError):
        del mod.Members().obj_ex


def test_member_object_write_keeps_the_value_alive_and_releases_the_old(compiler):
    class Value:
        pass

    mod = compiler.make_module(MEMBERS)
    m = mod.Members()
    m.obj = Value()
    ref = weakref.ref(m.obj)
    gc.collect()
    assert ref() is not None
    m.obj = None
    gc.collect()
    assert ref() is None
