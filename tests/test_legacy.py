"""Hybrid and CPython ABIs: legacy C-API code next to HPy code in one module —
legacy_methods, legacy_slots, legacy-shaped types, HPy_FromPyObject / HPy_AsPyObject.
A pure universal binary cannot use any of this (test_headers checks it fails to compile)."""

import pytest

LEGACY_ONLY = pytest.mark.parametrize("hpy_abi", ["cpython", "hybrid"], indirect=True)

MODULE = """
static PyObject *legacy_sum(PyObject *self, PyObject *args)
{
    long a, b;
    (void)self;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

static PyMethodDef legacy_methods[] = {
    {"legacy_sum", legacy_sum, METH_VARARGS, "summed with the C-API"},
    {NULL, NULL, 0, NULL},
};

HPyDef_METH(hpy_sum, "hpy_sum", HPyFunc_VARARGS)
static HPy hpy_sum_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs != 2) {
        return HPyErr_SetString(ctx, ctx->h_TypeError, "hpy_sum takes 2 arguments");
    }
    return HPy_Add(ctx, args[0], args[1]);
}

HPyDef_METH(via_legacy, "via_legacy", HPyFunc_O)
static HPy via_legacy_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    PyObject *obj = HPy_AsPyObject(ctx, arg);       /* a new reference */
    PyObject *doubled = PyNumber_Multiply(obj, obj);
    Py_DECREF(obj);
    if (doubled == NULL) {
        return HPy_NULL;
    }
    HPy result = HPy_FromPyObject(ctx, doubled);    /* does not steal */
    Py_DECREF(doubled);
    return result;
}

HPyDef_METH(refcount_unchanged, "refcount_unchanged", HPyFunc_O)
static HPy refcount_unchanged_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    PyObject *obj = HPy_AsPyObject(ctx, arg);
    Py_ssize_t before = Py_REFCNT(obj);
    HPy h = HPy_FromPyObject(ctx, obj);
    HPy_Close(ctx, h);
    Py_ssize_t after = Py_REFCNT(obj);
    Py_DECREF(obj);
    return HPyBool_FromLong(ctx, before == after);
}

static HPyDef *defines[] = { &hpy_sum, &via_legacy, &refcount_unchanged, NULL };
static HPyModuleDef moduledef = { .doc = "hybrid", .size = 0, .legacy_methods = legacy_methods,
                                  .defines = defines, .globals = NULL };
HPy_MODINIT(@NAME@, moduledef)
"""


def make(compiler, source, name):
    return compiler.make_module(source.replace("@NAME@", name), name)


@LEGACY_ONLY
def test_legacy_methods_live_next_to_hpy_methods(compiler):
    mod = make(compiler, MODULE, "legacy_methods_mod")
    assert mod.legacy_sum(2, 3) == 5 and mod.hpy_sum(2, 3) == 5
    assert mod.legacy_sum.__doc__ == "summed with the C-API"


@LEGACY_ONLY
def test_as_py_object_and_from_py_object(compiler):
    mod = make(compiler, MODULE, "legacy_convert")
    assert mod.via_legacy(7) == 49
    assert mod.via_legacy(1.5) == 2.25
    with pytest.raises(TypeError):
        mod.via_legacy("x")


@LEGACY_ONLY
def test_from_py_object_does_not_steal(compiler):
    mod = make(compiler, MODULE, "legacy_refs")
    assert mod.refcount_unchanged(object()) is True


TYPES = """
/* A legacy-shaped type: its struct starts with PyObject_HEAD, and it mixes a C-API slot
   (tp_repr via legacy_slots) with HPy defines. */
typedef struct {
    PyObject_HEAD
    long value;
} CounterObject;

HPyType_LEGACY_HELPERS(CounterObject)

static PyObject *Counter_repr(PyObject *self)
{
    return PyUnicode_FromFormat("Counter(%ld)", ((CounterObject *)self)->value);
}

static PyType_Slot Counter_legacy_slots[] = {
    {Py_tp_repr, (void *)Counter_repr},
    {0, NULL},
};

HPyDef_SLOT(Counter_new, HPy_tp_new)
static HPy Counter_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    (void)args; (void)nargs; (void)kw;
    CounterObject *counter;
    HPy h = HPy_New(ctx, cls, &counter);
    if (!HPy_IsNull(h)) {
        counter->value = 0;
    }
    return h;
}

HPyDef_METH(Counter_bump, "bump", HPyFunc_NOARGS)
static HPy Counter_bump_impl(HPyContext *ctx, HPy self)
{
    CounterObject *counter = CounterObject_AsStruct(ctx, self);
    return HPyLong_FromLong(ctx, ++counter->value);
}

HPyDef_MEMBER(Counter_value, "value", HPyMember_LONG, offsetof(CounterObject, value))

static HPyDef *Counter_defines[] = { &Counter_new, &Counter_bump, &Counter_value, NULL };
static HPyType_Spec Counter_spec = {
    .name = "legacy.Counter", .basicsize = sizeof(CounterObject), .itemsize = 0,
    .flags = HPy_TPFLAGS_DEFAULT, .builtin_shape = SHAPE(CounterObject),
    .legacy_slots = Counter_legacy_slots, .defines = Counter_defines, .doc = NULL,
};

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Counter", &Counter_spec, NULL) ? 0 : -1;
}

HPyDef_METH(peek, "peek", HPyFunc_O)
static HPy peek_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    PyObject *obj = HPy_AsPyObject(ctx, arg);
    long value = ((CounterObject *)obj)->value;   /* legacy code reads the struct directly */
    Py_DECREF(obj);
    return HPyLong_FromLong(ctx, value);
}

@EXPORT(exec)
@EXPORT(peek)
@INIT
"""


@LEGACY_ONLY
def test_legacy_shaped_type_with_legacy_slots(compiler):
    mod = compiler.make_module(TYPES)
    counter = mod.Counter()
    assert [counter.bump(), counter.bump()] == [1, 2]
    assert counter.value == 2 and repr(counter) == "Counter(2)"
    assert mod.peek(counter) == 2


@LEGACY_ONLY
def test_legacy_shaped_type_hot_loop(compiler):
    mod = compiler.make_module(TYPES)
    counter = mod.Counter()
    for _ in range(10000):
        counter.bump()
        counter.value
    assert counter.value == 10000 and mod.peek(counter) == 10000
