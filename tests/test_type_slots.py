"""Every HPySlot_Slot of a type, exercised from Python: tp_*, nb_*, sq_*, mp_*, bf_*.

Most slot impls return a record ("HPy_<slot>", operands...) so that a test sees which slot
ran and with which arguments."""

import gc
import operator
import sys
import weakref

import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


# ---- tp_* and bf_* --------------------------------------------------------------------

OBJ = """
typedef struct {
    long value;
    HPyField log; /* a list: what the slots saw */
    long getbuffers;
    long releases;
    unsigned char data[8];
    HPy_ssize_t shape[1];
    HPy_ssize_t strides[1];
} ObjObject;
HPyType_HELPERS(ObjObject)

static long finalized_count = 0;
static long destroyed_count = 0;
static long destroyed_value = 0;

static HPy or_none(HPyContext *ctx, HPy h)
{
    return HPy_IsNull(h) ? ctx->h_None : h;
}

static int log_append(HPyContext *ctx, HPy self, HPy item)
{
    HPy log = HPyField_Load(ctx, self, ObjObject_AsStruct(ctx, self)->log);
    int rc;
    if (HPy_IsNull(log)) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "no log");
        return -1;
    }
    rc = HPyList_Append(ctx, log, item);
    HPy_Close(ctx, log);
    return rc;
}

/* ("HPy_tp_xxx", args tuple, kw dict or None) */
static HPy record_call(HPyContext *ctx, const char *slot, const HPy *args, HPy_ssize_t nargs,
                       HPy kw)
{
    HPy tuple = HPyTuple_FromArray(ctx, (HPy *)args, nargs), result;
    if (HPy_IsNull(tuple))
        return HPy_NULL;
    result = HPy_BuildValue(ctx, "sOO", slot, tuple, or_none(ctx, kw));
    HPy_Close(ctx, tuple);
    return result;
}

static int log_call(HPyContext *ctx, HPy self, const char *slot, const HPy *args,
                    HPy_ssize_t nargs, HPy kw)
{
    HPy rec = record_call(ctx, slot, args, nargs, kw);
    int rc;
    if (HPy_IsNull(rec))
        return -1;
    rc = log_append(ctx, self, rec);
    HPy_Close(ctx, rec);
    return rc;
}

HPyDef_SLOT(Obj_new, HPy_tp_new)
static HPy Obj_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    ObjObject *o;
    HPy h = HPy_New(ctx, cls, &o), log;
    if (HPy_IsNull(h))
        return HPy_NULL;
    o->shape[0] = 8;
    o->strides[0] = 1;
    log = HPyList_New(ctx, 0);
    if (HPy_IsNull(log))
        goto fail;
    HPyField_Store(ctx, h, &o->log, log);
    HPy_Close(ctx, log);
    if (log_call(ctx, h, "HPy_tp_new", args, nargs, kw) < 0)
        goto fail;
    return h;
fail:
    HPy_Close(ctx, h);
    return HPy_NULL;
}

HPyDef_SLOT(Obj_init, HPy_tp_init)
static int Obj_init_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    if (!HPy_IsNull(kw)) {
        HPy key = HPyUnicode_FromString(ctx, "refuse");
        int refuse = HPy_IsNull(key) ? -1 : HPy_Contains(ctx, kw, key);
        if (!HPy_IsNull(key))
            HPy_Close(ctx, key);
        if (refuse < 0)
            return -1;
        if (refuse) {
            HPyErr_SetString(ctx, ctx->h_ValueError, "Obj.__init__: refused");
            return -1;
        }
    }
    return log_call(ctx, self, "HPy_tp_init", args, nargs, kw);
}

HPyDef_SLOT(Obj_call, HPy_tp_call)
static HPy Obj_call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                         HPy kwnames)
{
    HPy t, d, result;
    (void)self;
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames, &t, &d))
        return HPy_NULL;
    if (HPy_IsNull(t))
        t = HPyTuple_FromArray(ctx, NULL, 0);
    result = HPy_BuildValue(ctx, "sOO", "HPy_tp_call", t, or_none(ctx, d));
    HPy_Close(ctx, t);
    if (!HPy_IsNull(d))
        HPy_Close(ctx, d);
    return result;
}

HPyDef_SLOT(Obj_hash, HPy_tp_hash)
static HPy_hash_t Obj_hash_impl(HPyContext *ctx, HPy self)
{
    long v = ObjObject_AsStruct(ctx, self)->value;
    if (v < 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "Obj.__hash__: negative value");
        return -1;
    }
    return (HPy_hash_t)(7 * v + 1);
}

HPyDef_SLOT(Obj_repr, HPy_tp_repr)
static HPy Obj_repr_impl(HPyContext *ctx, HPy self)
{
    return HPyUnicode_FromFormat(ctx, "<Obj value=%ld>", ObjObject_AsStruct(ctx, self)->value);
}

HPyDef_SLOT(Obj_str, HPy_tp_str)
static HPy Obj_str_impl(HPyContext *ctx, HPy self)
{
    return HPyUnicode_FromFormat(ctx, "Obj(%ld)", ObjObject_AsStruct(ctx, self)->value);
}

HPyDef_SLOT(Obj_richcompare, HPy_tp_richcompare)
static HPy Obj_richcompare_impl(HPyContext *ctx, HPy self, HPy other, HPy_RichCmpOp op)
{
    HPy type = HPy_Type(ctx, self);
    int same = HPy_TypeCheck(ctx, other, type);
    long a, b;
    HPy_Close(ctx, type);
    if (!same)
        return HPy_Dup(ctx, ctx->h_NotImplemented);
    a = ObjObject_AsStruct(ctx, self)->value;
    b = ObjObject_AsStruct(ctx, other)->value;
    HPy_RETURN_RICHCOMPARE(ctx, a, b, op);
}

HPyDef_SLOT(Obj_traverse, HPy_tp_traverse)
static int Obj_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((ObjObject *)self)->log);
    return 0;
}

HPyDef_SLOT(Obj_finalize, HPy_tp_finalize)
static void Obj_finalize_impl(HPyContext *ctx, HPy self)
{
    HPy s = HPyUnicode_FromString(ctx, "HPy_tp_finalize");
    finalized_count++;
    if (HPy_IsNull(s) || log_append(ctx, self, s) < 0)
        HPyErr_Clear(ctx);
    if (!HPy_IsNull(s))
        HPy_Close(ctx, s);
}

HPyDef_SLOT(Obj_destroy, HPy_tp_destroy)
static void Obj_destroy_impl(void *data)
{
    destroyed_count++;
    destroyed_value = ((ObjObject *)data)->value;
}

HPyDef_SLOT(Obj_getbuffer, HPy_bf_getbuffer)
static int Obj_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *view, int flags)
{
    ObjObject *o = ObjObject_AsStruct(ctx, self);
    (void)flags;
    view->buf = o->data;
    view->obj = HPy_Dup(ctx, self);
    view->len = 8;
    view->itemsize = 1;
    view->readonly = 0;
    view->ndim = 1;
    view->format = (char *)"B";
    view->shape = o->shape;
    view->strides = o->strides;
    view->suboffsets = NULL;
    view->internal = NULL;
    o->getbuffers++;
    return 0;
}

HPyDef_SLOT(Obj_releasebuffer, HPy_bf_releasebuffer)
static void Obj_releasebuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *view)
{
    ObjObject *o = ObjObject_AsStruct(ctx, self);
    if (view->buf == o->data)
        o->releases++;
}

HPyDef_MEMBER(Obj_value, "value", HPyMember_LONG, offsetof(ObjObject, value))
HPyDef_MEMBER(Obj_log, "log", HPyMember_OBJECT, offsetof(ObjObject, log), .readonly = 1)
HPyDef_MEMBER(Obj_getbuffers, "getbuffers", HPyMember_LONG, offsetof(ObjObject, getbuffers),
              .readonly = 1)
HPyDef_MEMBER(Obj_releases, "releases", HPyMember_LONG, offsetof(ObjObject, releases),
              .readonly = 1)
HPyDef_MEMBER(Obj_first, "first", HPyMember_UBYTE, offsetof(ObjObject, data))

static HPyDef *Obj_defines[] = {
    &Obj_new, &Obj_init, &Obj_call, &Obj_hash, &Obj_repr, &Obj_str, &Obj_richcompare,
    &Obj_traverse, &Obj_finalize, &Obj_destroy, &Obj_getbuffer, &Obj_releasebuffer,
    &Obj_value, &Obj_log, &Obj_getbuffers, &Obj_releases, &Obj_first, NULL
};
static HPyType_Spec Obj_spec = {
    .name = "mytest.Obj",
    .basicsize = sizeof(ObjObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE | HPy_TPFLAGS_HAVE_GC,
    .defines = Obj_defines,
};

HPyDef_METH(finalized, "finalized", HPyFunc_NOARGS)
static HPy finalized_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromLong(ctx, finalized_count);
}

HPyDef_METH(destroyed, "destroyed", HPyFunc_NOARGS)
static HPy destroyed_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_BuildValue(ctx, "ll", destroyed_count, destroyed_value);
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Obj", &Obj_spec, NULL) ? 0 : -1;
}

@EXPORT(finalized)
@EXPORT(destroyed)
@EXPORT(exec)
@INIT
"""


def test_tp_new_makes_an_instance_of_the_class(compiler):
    mod = compiler.make_module(OBJ)
    assert type(mod.Obj()) is mod.Obj


def test_tp_new_receives_positional_and_keyword_arguments(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj(1, "two", k=3)
    assert o.log[0] == ("HPy_tp_new", (1, "two"), {"k": 3})


def test_tp_new_without_keywords_receives_null_kw(compiler):
    mod = compiler.make_module(OBJ)
    assert mod.Obj(1).log[0] == ("HPy_tp_new", (1,), None)


def test_tp_new_receives_the_python_subclass(compiler):
    mod = compiler.make_module(OBJ)

    class Sub(mod.Obj):
        pass

    s = Sub(5)
    assert type(s) is Sub
    assert s.log == [("HPy_tp_new", (5,), None), ("HPy_tp_init", (5,), None)]


def test_tp_init_receives_the_arguments_after_tp_new(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj(1, 2, k=3)
    assert o.log == [("HPy_tp_new", (1, 2), {"k": 3}), ("HPy_tp_init", (1, 2), {"k": 3})]


def test_tp_init_called_again_through_dunder_init(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    o.__init__("again")
    assert o.log[-1] == ("HPy_tp_init", ("again",), None)


def test_tp_init_error_propagates(compiler):
    mod = compiler.make_module(OBJ)
    assert raises(ValueError, mod.Obj, refuse=1) == "Obj.__init__: refused"


def test_tp_call_receives_positional_and_keyword_arguments(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    assert o(1, 2, k=3) == ("HPy_tp_call", (1, 2), {"k": 3})


def test_tp_call_without_arguments(compiler):
    mod = compiler.make_module(OBJ)
    assert mod.Obj()() == ("HPy_tp_call", (), None)


def test_tp_call_through_dunder_call_and_subclass(compiler):
    mod = compiler.make_module(OBJ)

    class Sub(mod.Obj):
        pass

    assert Sub().__call__(1, a=2) == ("HPy_tp_call", (1,), {"a": 2})


def test_tp_hash_gives_the_hash(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    o.value = 5
    assert hash(o) == 36
    assert {o: "v"}[o] == "v"


def test_tp_hash_error_propagates(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    o.value = -1
    assert raises(ValueError, hash, o) == "Obj.__hash__: negative value"


def test_tp_repr_gives_repr(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    o.value = 4
    assert repr(o) == "<Obj value=4>"


def test_tp_str_gives_str(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    o.value = 4
    assert (str(o), f"{o}") == ("Obj(4)", "Obj(4)")


@pytest.mark.parametrize(
    "op", [operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge]
)
@pytest.mark.parametrize("a, b", [(1, 2), (2, 2), (3, 2)])
def test_tp_richcompare_with_return_richcompare(compiler, op, a, b):
    mod = compiler.make_module(OBJ)
    x, y = mod.Obj(), mod.Obj()
    x.value, y.value = a, b
    assert op(x, y) is op(a, b)


def test_tp_richcompare_not_implemented_falls_back(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    assert (o == "x", o != "x") == (False, True)
    with pytest.raises(TypeError) as info:
        o < "x"
    assert "'<' not supported" in str(info.value)


def test_tp_traverse_shows_the_fields_to_the_gc(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    assert gc.is_tracked(o)
    assert any(r is o.log for r in gc.get_referents(o))


@pytest.mark.skipif(sys.version_info < (3, 9), reason="heap-type instances visit their type since 3.9")
def test_tp_traverse_shows_the_type_to_the_gc(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    assert any(r is mod.Obj for r in gc.get_referents(o))


@pytest.mark.skipif(sys.version_info < (3, 9), reason="heap-type instances visit their type since 3.9")
def test_tp_traverse_cycle_through_the_type_is_collected(compiler):
    mod = compiler.make_module(OBJ)

    class Sub(mod.Obj):
        pass

    Sub.instance = Sub()  # type -> instance -> type
    ref = weakref.ref(Sub)
    del Sub
    gc.collect()
    assert ref() is None


def test_tp_finalize_runs_when_the_last_reference_goes(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    log = o.log
    del o
    assert log[-1] == "HPy_tp_finalize"


def test_tp_finalize_runs_once_for_cyclic_garbage(compiler):
    mod = compiler.make_module(OBJ)
    class Witness:
        pass

    o = mod.Obj()
    o.log.append(o)  # o -> log -> o
    o.log.append(Witness())
    ref = weakref.ref(o.log[-1])
    before = mod.finalized()
    del o
    gc.collect()
    assert (mod.finalized(), ref()) == (before + 1, None)


def test_tp_finalize_runs_once_for_python_subclass_instances(compiler):
    mod = compiler.make_module(OBJ)

    class Sub(mod.Obj):
        pass

    before = mod.finalized()
    s = Sub()
    log = s.log
    del s
    gc.collect()
    assert mod.finalized() == before + 1
    assert log[-1] == "HPy_tp_finalize"


def test_tp_destroy_runs_with_the_struct_at_deallocation(compiler):
    mod = compiler.make_module(OBJ)
    count, _ = mod.destroyed()
    o = mod.Obj()
    o.value = 42
    del o
    gc.collect()
    assert mod.destroyed() == (count + 1, 42)


def test_tp_destroy_runs_for_python_subclass_instances(compiler):
    mod = compiler.make_module(OBJ)

    class Sub(mod.Obj):
        pass

    count, _ = mod.destroyed()
    s = Sub()
    s.value = 43
    del s
    gc.collect()
    assert mod.destroyed() == (count + 1, 43)


def test_bf_getbuffer_gives_a_memoryview_of_the_struct(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    with memoryview(o) as m:
        assert (m.nbytes, m.format, m.itemsize, m.ndim, m.readonly) == (8, "B", 1, 1, False)
        assert m.obj is o
        assert bytes(m) == bytes(8)
    assert o.getbuffers == 1


def test_bf_getbuffer_writes_reach_the_object(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    with memoryview(o) as m:
        m[0] = 65
    assert o.first == 65
    assert bytes(o) == b"A" + bytes(7)


def test_bf_releasebuffer_called_on_release(compiler):
    mod = compiler.make_module(OBJ)
    o = mod.Obj()
    m = memoryview(o)
    assert o.releases == 0
    m.release()
    assert o.releases == 1


# ---- nb_* -----------------------------------------------------------------------------

NUM = """
typedef struct { long value; } NumObject;
HPyType_HELPERS(NumObject)

static HPy rec1(HPyContext *ctx, const char *slot, HPy a)
{
    return HPy_BuildValue(ctx, "sO", slot, a);
}
static HPy rec2(HPyContext *ctx, const char *slot, HPy a, HPy b)
{
    return HPy_BuildValue(ctx, "sOO", slot, a, b);
}
static HPy rec3(HPyContext *ctx, const char *slot, HPy a, HPy b, HPy c)
{
    return HPy_BuildValue(ctx, "sOOO", slot, a, b, c);
}

#define UNARY(SYM, SLOT)                                                     \\
    HPyDef_SLOT(SYM, SLOT)                                                   \\
    static HPy SYM##_impl(HPyContext *ctx, HPy a) { return rec1(ctx, #SLOT, a); }
#define BINARY(SYM, SLOT)                                                    \\
    HPyDef_SLOT(SYM, SLOT)                                                   \\
    static HPy SYM##_impl(HPyContext *ctx, HPy a, HPy b) { return rec2(ctx, #SLOT, a, b); }
#define TERNARY(SYM, SLOT)                                                   \\
    HPyDef_SLOT(SYM, SLOT)                                                   \\
    static HPy SYM##_impl(HPyContext *ctx, HPy a, HPy b, HPy c)              \\
    {                                                                        \\
        return rec3(ctx, #SLOT, a, b, c);                                    \\
    }

UNARY(Num_negative, HPy_nb_negative)
UNARY(Num_positive, HPy_nb_positive)
UNARY(Num_absolute, HPy_nb_absolute)
UNARY(Num_invert, HPy_nb_invert)
BINARY(Num_add, HPy_nb_add)
BINARY(Num_subtract, HPy_nb_subtract)
BINARY(Num_multiply, HPy_nb_multiply)
BINARY(Num_remainder, HPy_nb_remainder)
BINARY(Num_divmod, HPy_nb_divmod)
BINARY(Num_lshift, HPy_nb_lshift)
BINARY(Num_rshift, HPy_nb_rshift)
BINARY(Num_and, HPy_nb_and)
BINARY(Num_xor, HPy_nb_xor)
BINARY(Num_or, HPy_nb_or)
BINARY(Num_floor_divide, HPy_nb_floor_divide)
BINARY(Num_true_divide, HPy_nb_true_divide)
BINARY(Num_matrix_multiply, HPy_nb_matrix_multiply)
BINARY(Num_inplace_add, HPy_nb_inplace_add)
BINARY(Num_inplace_subtract, HPy_nb_inplace_subtract)
BINARY(Num_inplace_multiply, HPy_nb_inplace_multiply)
BINARY(Num_inplace_remainder, HPy_nb_inplace_remainder)
BINARY(Num_inplace_lshift, HPy_nb_inplace_lshift)
BINARY(Num_inplace_rshift, HPy_nb_inplace_rshift)
BINARY(Num_inplace_and, HPy_nb_inplace_and)
BINARY(Num_inplace_xor, HPy_nb_inplace_xor)
BINARY(Num_inplace_or, HPy_nb_inplace_or)
BINARY(Num_inplace_floor_divide, HPy_nb_inplace_floor_divide)
BINARY(Num_inplace_true_divide, HPy_nb_inplace_true_divide)
BINARY(Num_inplace_matrix_multiply, HPy_nb_inplace_matrix_multiply)
TERNARY(Num_power, HPy_nb_power)
TERNARY(Num_inplace_power, HPy_nb_inplace_power)

HPyDef_SLOT(Num_bool, HPy_nb_bool)
static int Num_bool_impl(HPyContext *ctx, HPy self)
{
    long v = NumObject_AsStruct(ctx, self)->value;
    if (v < 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "Num.__bool__: negative value");
        return -1;
    }
    return v != 0;
}

HPyDef_SLOT(Num_int, HPy_nb_int)
static HPy Num_int_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, NumObject_AsStruct(ctx, self)->value);
}

HPyDef_SLOT(Num_float, HPy_nb_float)
static HPy Num_float_impl(HPyContext *ctx, HPy self)
{
    return HPyFloat_FromDouble(ctx, NumObject_AsStruct(ctx, self)->value + 0.5);
}

HPyDef_SLOT(Num_index, HPy_nb_index)
static HPy Num_index_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, 10 * NumObject_AsStruct(ctx, self)->value);
}

HPyDef_MEMBER(Num_value, "value", HPyMember_LONG, offsetof(NumObject, value))

static HPyDef *Num_defines[] = {
    &Num_negative, &Num_positive, &Num_absolute, &Num_invert,
    &Num_add, &Num_subtract, &Num_multiply, &Num_remainder, &Num_divmod, &Num_lshift,
    &Num_rshift, &Num_and, &Num_xor, &Num_or, &Num_floor_divide, &Num_true_divide,
    &Num_matrix_multiply,
    &Num_inplace_add, &Num_inplace_subtract, &Num_inplace_multiply, &Num_inplace_remainder,
    &Num_inplace_lshift, &Num_inplace_rshift, &Num_inplace_and, &Num_inplace_xor,
    &Num_inplace_or, &Num_inplace_floor_divide, &Num_inplace_true_divide,
    &Num_inplace_matrix_multiply,
    &Num_power, &Num_inplace_power,
    &Num_bool, &Num_int, &Num_float, &Num_index, &Num_value, NULL
};
static HPyType_Spec Num_spec = {
    .name = "mytest.Num",
    .basicsize = sizeof(NumObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Num_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Num", &Num_spec, NULL) ? 0 : -1;
}

@EXPORT(exec)
@INIT
"""

UNARY_SLOTS = {
    "HPy_nb_negative": operator.neg,
    "HPy_nb_positive": operator.pos,
    "HPy_nb_absolute": abs,
    "HPy_nb_invert": operator.invert,
}

BINARY_SLOTS = {
    "HPy_nb_add": operator.add,
    "HPy_nb_subtract": operator.sub,
    "HPy_nb_multiply": operator.mul,
    "HPy_nb_remainder": operator.mod,
    "HPy_nb_divmod": divmod,
    "HPy_nb_lshift": operator.lshift,
    "HPy_nb_rshift": operator.rshift,
    "HPy_nb_and": operator.and_,
    "HPy_nb_xor": operator.xor,
    "HPy_nb_or": operator.or_,
    "HPy_nb_floor_divide": operator.floordiv,
    "HPy_nb_true_divide": operator.truediv,
    "HPy_nb_matrix_multiply": operator.matmul,
}

INPLACE_SLOTS = {
    "HPy_nb_inplace_add": operator.iadd,
    "HPy_nb_inplace_subtract": operator.isub,
    "HPy_nb_inplace_multiply": operator.imul,
    "HPy_nb_inplace_remainder": operator.imod,
    "HPy_nb_inplace_lshift": operator.ilshift,
    "HPy_nb_inplace_rshift": operator.irshift,
    "HPy_nb_inplace_and": operator.iand,
    "HPy_nb_inplace_xor": operator.ixor,
    "HPy_nb_inplace_or": operator.ior,
    "HPy_nb_inplace_floor_divide": operator.ifloordiv,
    "HPy_nb_inplace_true_divide": operator.itruediv,
    "HPy_nb_inplace_matrix_multiply": operator.imatmul,
}


@pytest.mark.parametrize("slot", sorted(UNARY_SLOTS))
def test_nb_unary_slot(compiler, slot):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    assert UNARY_SLOTS[slot](n) == (slot, n)


@pytest.mark.parametrize("slot", sorted(BINARY_SLOTS))
def test_nb_binary_slot_with_the_object_on_the_left(compiler, slot):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    assert BINARY_SLOTS[slot](n, 5) == (slot, n, 5)


@pytest.mark.parametrize("slot", sorted(BINARY_SLOTS))
def test_nb_binary_slot_with_the_object_on_the_right(compiler, slot):
    mod = compiler.make_module(NUM)
    n, left = mod.Num(), object()
    assert BINARY_SLOTS[slot](left, n) == (slot, left, n)


@pytest.mark.parametrize("slot", sorted(INPLACE_SLOTS))
def test_nb_inplace_slot(compiler, slot):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    assert INPLACE_SLOTS[slot](n, 5) == (slot, n, 5)


def test_nb_inplace_slot_through_augmented_assignment(compiler):
    mod = compiler.make_module(NUM)
    n = original = mod.Num()
    n += 1
    assert n == ("HPy_nb_inplace_add", original, 1)


def test_nb_power_without_modulo_gets_none(compiler):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    assert (n ** 2, pow(n, 2)) == (("HPy_nb_power", n, 2, None),) * 2


def test_nb_power_with_modulo(compiler):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    assert pow(n, 2, 7) == ("HPy_nb_power", n, 2, 7)


def test_nb_power_with_the_object_on_the_right(compiler):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    assert 2 ** n == ("HPy_nb_power", 2, n, None)


def test_nb_inplace_power(compiler):
    mod = compiler.make_module(NUM)
    n = original = mod.Num()
    n **= 3
    assert n == ("HPy_nb_inplace_power", original, 3, None)


@pytest.mark.parametrize("value, expected", [(0, False), (3, True)])
def test_nb_bool_gives_truth(compiler, value, expected):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    n.value = value
    assert bool(n) is expected
    assert (not n) is (not expected)


def test_nb_bool_error_propagates(compiler):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    n.value = -1
    assert raises(ValueError, bool, n) == "Num.__bool__: negative value"


def test_nb_int_gives_int(compiler):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    n.value = 7
    assert int(n) == 7


def test_nb_float_gives_float(compiler):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    n.value = 7
    assert float(n) == 7.5


def test_nb_index_used_for_indexing_and_hex(compiler):
    mod = compiler.make_module(NUM)
    n = mod.Num()
    n.value = 1
    assert (operator.index(n), hex(n), list(range(20))[n]) == (10, "0xa", 10)


# ---- sq_* -----------------------------------------------------------------------------

SEQ = """
typedef struct { HPyField items; } SeqObject;
HPyType_HELPERS(SeqObject)

static HPy items_of(HPyContext *ctx, HPy self)
{
    return HPyField_Load(ctx, self, SeqObject_AsStruct(ctx, self)->items);
}

HPyDef_SLOT(Seq_new, HPy_tp_new)
static HPy Seq_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    SeqObject *s;
    HPy h, items;
    HPy_ssize_t i;
    (void)kw;
    h = HPy_New(ctx, cls, &s);
    if (HPy_IsNull(h))
        return HPy_NULL;
    items = HPyList_New(ctx, 0);
    if (HPy_IsNull(items)) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    for (i = 0; i < nargs; i++) {
        if (HPyList_Append(ctx, items, args[i]) < 0) {
            HPy_Close(ctx, items);
            HPy_Close(ctx, h);
            return HPy_NULL;
        }
    }
    HPyField_Store(ctx, h, &s->items, items);
    HPy_Close(ctx, items);
    return h;
}

HPyDef_SLOT(Seq_traverse, HPy_tp_traverse)
static int Seq_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((SeqObject *)self)->items);
    return 0;
}

HPyDef_SLOT(Seq_length, HPy_sq_length)
static HPy_ssize_t Seq_length_impl(HPyContext *ctx, HPy self)
{
    HPy items = items_of(ctx, self);
    HPy_ssize_t n = HPy_Length(ctx, items);
    HPy_Close(ctx, items);
    return n;
}

HPyDef_SLOT(Seq_item, HPy_sq_item)
static HPy Seq_item_impl(HPyContext *ctx, HPy self, HPy_ssize_t i)
{
    HPy items = items_of(ctx, self);
    HPy result;
    if (i == 99) {
        HPy_Close(ctx, items);
        return HPy_BuildValue(ctx, "sn", "HPy_sq_item", i);
    }
    result = HPy_GetItem_i(ctx, items, i);
    HPy_Close(ctx, items);
    return result;
}

HPyDef_SLOT(Seq_ass_item, HPy_sq_ass_item)
static int Seq_ass_item_impl(HPyContext *ctx, HPy self, HPy_ssize_t i, HPy value)
{
    HPy items = items_of(ctx, self);
    int rc = HPy_IsNull(value) ? HPy_DelItem_i(ctx, items, i)
                               : HPy_SetItem_i(ctx, items, i, value);
    HPy_Close(ctx, items);
    return rc;
}

HPyDef_SLOT(Seq_contains, HPy_sq_contains)
static int Seq_contains_impl(HPyContext *ctx, HPy self, HPy x)
{
    HPy items = items_of(ctx, self);
    int rc = HPy_Contains(ctx, items, x);
    HPy_Close(ctx, items);
    return rc;
}

HPyDef_SLOT(Seq_concat, HPy_sq_concat)
static HPy Seq_concat_impl(HPyContext *ctx, HPy self, HPy other)
{
    return HPy_BuildValue(ctx, "sOO", "HPy_sq_concat", self, other);
}

HPyDef_SLOT(Seq_inplace_concat, HPy_sq_inplace_concat)
static HPy Seq_inplace_concat_impl(HPyContext *ctx, HPy self, HPy other)
{
    return HPy_BuildValue(ctx, "sOO", "HPy_sq_inplace_concat", self, other);
}

HPyDef_SLOT(Seq_repeat, HPy_sq_repeat)
static HPy Seq_repeat_impl(HPyContext *ctx, HPy self, HPy_ssize_t n)
{
    return HPy_BuildValue(ctx, "sOn", "HPy_sq_repeat", self, n);
}

HPyDef_SLOT(Seq_inplace_repeat, HPy_sq_inplace_repeat)
static HPy Seq_inplace_repeat_impl(HPyContext *ctx, HPy self, HPy_ssize_t n)
{
    return HPy_BuildValue(ctx, "sOn", "HPy_sq_inplace_repeat", self, n);
}

HPyDef_MEMBER(Seq_items, "items", HPyMember_OBJECT, offsetof(SeqObject, items), .readonly = 1)

static HPyDef *Seq_defines[] = {
    &Seq_new, &Seq_traverse, &Seq_length, &Seq_item, &Seq_ass_item, &Seq_contains,
    &Seq_concat, &Seq_inplace_concat, &Seq_repeat, &Seq_inplace_repeat, &Seq_items, NULL
};
static HPyType_Spec Seq_spec = {
    .name = "mytest.Seq",
    .basicsize = sizeof(SeqObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .defines = Seq_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Seq", &Seq_spec, NULL) ? 0 : -1;
}

@EXPORT(exec)
@INIT
"""


def test_sq_length_gives_len(compiler):
    mod = compiler.make_module(SEQ)
    assert (len(mod.Seq()), len(mod.Seq("a", "b", "c"))) == (0, 3)


def test_sq_item_gives_items(compiler):
    mod = compiler.make_module(SEQ)
    s = mod.Seq("a", "b", "c")
    assert (s[0], s[2]) == ("a", "c")


def test_sq_item_negative_index_is_adjusted_by_length(compiler):
    mod = compiler.make_module(SEQ)
    s = mod.Seq("a", "b", "c")
    assert (s[-1], s[-3]) == ("c", "a")


def test_sq_item_receives_the_index(compiler):
    mod = compiler.make_module(SEQ)
    assert mod.Seq()[99] == ("HPy_sq_item", 99)


def test_sq_item_error_propagates(compiler):
    mod = compiler.make_module(SEQ)
    with pytest.raises(IndexError):
        mod.Seq("a")[5]


def test_sq_item_makes_the_object_iterable(compiler):
    mod = compiler.make_module(SEQ)
    assert list(mod.Seq(1, 2, 3)) == [1, 2, 3]


def test_sq_ass_item_sets_an_item(compiler):
    mod = compiler.make_module(SEQ)
    s = mod.Seq("a", "b")
    s[1] = "B"
    s[-2] = "A"
    assert s.items == ["A", "B"]


def test_sq_ass_item_with_null_value_deletes(compiler):
    mod = compiler.make_module(SEQ)
    s = mod.Seq("a", "b", "c")
    del s[1]
    del s[-1]
    assert s.items == ["a"]


def test_sq_contains_gives_membership(compiler):
    mod = compiler.make_module(SEQ)
    s = mod.Seq("a", "b")
    assert ("a" in s, "z" in s, "z" not in s) == (True, False, True)


def test_sq_concat_on_plus(compiler):
    mod = compiler.make_module(SEQ)
    s = mod.Seq()
    assert s + [1] == ("HPy_sq_concat", s, [1])


def test_sq_repeat_on_times_either_side(compiler):
    mod = compiler.make_module(SEQ)
    s = mod.Seq()
    assert (s * 3, 4 * s) == (("HPy_sq_repeat", s, 3), ("HPy_sq_repeat", s, 4))


def test_sq_inplace_concat_on_plus_equal(compiler):
    mod = compiler.make_module(SEQ)
    s = original = mod.Seq()
    s += (1,)
    assert s == ("HPy_sq_inplace_concat", original, (1,))


def test_sq_inplace_repeat_on_times_equal(compiler):
    mod = compiler.make_module(SEQ)
    s = original = mod.Seq()
    s *= 5
    assert s == ("HPy_sq_inplace_repeat", original, 5)


# ---- mp_* -----------------------------------------------------------------------------

MAP = """
typedef struct { HPyField dict; } MapObject;
HPyType_HELPERS(MapObject)

static HPy dict_of(HPyContext *ctx, HPy self)
{
    return HPyField_Load(ctx, self, MapObject_AsStruct(ctx, self)->dict);
}

HPyDef_SLOT(Map_new, HPy_tp_new)
static HPy Map_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    MapObject *m;
    HPy h, d;
    (void)args; (void)nargs; (void)kw;
    h = HPy_New(ctx, cls, &m);
    if (HPy_IsNull(h))
        return HPy_NULL;
    d = HPyDict_New(ctx);
    if (HPy_IsNull(d)) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    HPyField_Store(ctx, h, &m->dict, d);
    HPy_Close(ctx, d);
    return h;
}

HPyDef_SLOT(Map_traverse, HPy_tp_traverse)
static int Map_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((MapObject *)self)->dict);
    return 0;
}

HPyDef_SLOT(Map_length, HPy_mp_length)
static HPy_ssize_t Map_length_impl(HPyContext *ctx, HPy self)
{
    HPy d = dict_of(ctx, self);
    HPy_ssize_t n = HPy_Length(ctx, d);
    HPy_Close(ctx, d);
    return n;
}

HPyDef_SLOT(Map_subscript, HPy_mp_subscript)
static HPy Map_subscript_impl(HPyContext *ctx, HPy self, HPy key)
{
    HPy d = dict_of(ctx, self);
    HPy result = HPy_GetItem(ctx, d, key);
    HPy_Close(ctx, d);
    return result;
}

HPyDef_SLOT(Map_ass_subscript, HPy_mp_ass_subscript)
static int Map_ass_subscript_impl(HPyContext *ctx, HPy self, HPy key, HPy value)
{
    HPy d = dict_of(ctx, self);
    int rc = HPy_IsNull(value) ? HPy_DelItem(ctx, d, key) : HPy_SetItem(ctx, d, key, value);
    HPy_Close(ctx, d);
    return rc;
}

HPyDef_MEMBER(Map_dict, "dict", HPyMember_OBJECT, offsetof(MapObject, dict), .readonly = 1)

static HPyDef *Map_defines[] = {
    &Map_new, &Map_traverse, &Map_length, &Map_subscript, &Map_ass_subscript, &Map_dict, NULL
};
static HPyType_Spec Map_spec = {
    .name = "mytest.Map",
    .basicsize = sizeof(MapObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .defines = Map_defines,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Map", &Map_spec, NULL) ? 0 : -1;
}

@EXPORT(exec)
@INIT
"""


def test_mp_ass_subscript_stores_by_key(compiler):
    mod = compiler.make_module(MAP)
    m = mod.Map()
    m["a"] = 1
    m[(1, 2)] = "t"
    assert m.dict == {"a": 1, (1, 2): "t"}


def test_mp_subscript_gives_the_value(compiler):
    mod = compiler.make_module(MAP)
    m = mod.Map()
    m["a"] = 1
    assert m["a"] == 1


def test_mp_subscript_error_propagates(compiler):
    mod = compiler.make_module(MAP)
    with pytest.raises(KeyError) as info:
        mod.Map()["missing"]
    assert info.value.args == ("missing",)


def test_mp_length_gives_len(compiler):
    mod = compiler.make_module(MAP)
    m = mod.Map()
    m["a"] = m["b"] = 0
    assert len(m) == 2


def test_mp_ass_subscript_with_null_value_deletes(compiler):
    mod = compiler.make_module(MAP)
    m = mod.Map()
    m["a"] = m["b"] = 0
    del m["a"]
    assert m.dict == {"b": 0}


def test_mp_ass_subscript_delete_error_propagates(compiler):
    mod = compiler.make_module(MAP)
    with pytest.raises(KeyError):
        del mod.Map()["missing"]

