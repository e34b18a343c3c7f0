"""HPyDef_CALL_FUNCTION and HPy_SetCallFunction: per-instance call functions, the
HPy_tp_call default, and a __vectorcalloffset__ member."""

import pytest


def raises(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


CALL = """
static HPy or_none(HPyContext *ctx, HPy h)
{
    return HPy_IsNull(h) ? ctx->h_None : h;
}

/* (name, args tuple, kwargs dict or None) */
static HPy record(HPyContext *ctx, const char *name, const HPy *args, size_t nargs,
                  HPy kwnames)
{
    HPy t, d, result;
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames, &t, &d))
        return HPy_NULL;
    if (HPy_IsNull(t))
        t = HPyTuple_FromArray(ctx, NULL, 0);
    result = HPy_BuildValue(ctx, "sOO", name, t, or_none(ctx, d));
    HPy_Close(ctx, t);
    if (!HPy_IsNull(d))
        HPy_Close(ctx, d);
    return result;
}

HPyDef_CALL_FUNCTION(call_first)
static HPy call_first_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs,
                           HPy kwnames)
{
    (void)callable;
    return record(ctx, "first", args, nargs, kwnames);
}

/* the callable itself is passed: returns its type's name and the number of arguments */
HPyDef_CALL_FUNCTION(call_second)
static HPy call_second_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs,
                            HPy kwnames)
{
    HPy type = HPy_Type(ctx, callable), result;
    HPy_ssize_t nkw = HPy_IsNull(kwnames) ? 0 : HPy_Length(ctx, kwnames);
    (void)args;
    result = HPy_BuildValue(ctx, "ssnn", "second", HPyType_GetName(ctx, type),
                            (HPy_ssize_t)nargs, nkw);
    HPy_Close(ctx, type);
    return result;
}

HPyDef_CALL_FUNCTION(call_fails)
static HPy call_fails_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs,
                           HPy kwnames)
{
    (void)callable; (void)args; (void)nargs; (void)kwnames;
    HPyErr_SetString(ctx, ctx->h_RuntimeError, "call_fails: refused");
    return HPy_NULL;
}

/* set_call(obj, which): 1 first, 2 second, 3 fails */
HPyDef_METH(set_call, "set_call", HPyFunc_VARARGS)
static HPy set_call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyCallFunction *funcs[] = { NULL, &call_first, &call_second, &call_fails };
    long which = HPyLong_AsLong(ctx, args[1]);
    (void)self; (void)nargs;
    if (which == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    if (HPy_SetCallFunction(ctx, args[0], funcs[which]) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

/* Caller: HPy_tp_call is the default call function */
typedef struct { long value; } CallerObject;

HPyDef_SLOT(Caller_call, HPy_tp_call)
static HPy Caller_call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                            HPy kwnames)
{
    (void)self;
    return record(ctx, "default", args, nargs, kwnames);
}
static HPyDef *Caller_defines[] = { &Caller_call, NULL };
static HPyType_Spec Caller_spec = {
    .name = "mytest.Caller",
    .basicsize = sizeof(CallerObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = Caller_defines,
};

/* VC: a __vectorcalloffset__ member; tp_new installs call_first */
typedef struct { long value; void *call; } VCObject;

HPyDef_MEMBER(VC_vcoffset, "__vectorcalloffset__", HPyMember_HPYSSIZET,
              offsetof(VCObject, call), .readonly = 1)
HPyDef_MEMBER(VC_value, "value", HPyMember_LONG, offsetof(VCObject, value))

HPyDef_SLOT(VC_new, HPy_tp_new)
static HPy VC_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    VCObject *data;
    HPy h = HPy_New(ctx, cls, &data);
    (void)kw;
    if (HPy_IsNull(h))
        return HPy_NULL;
    data->value = 7;
    if (nargs == 0 && HPy_SetCallFunction(ctx, h, &call_first) < 0) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    (void)args;
    return h;
}
static HPyDef *VC_defines[] = { &VC_vcoffset, &VC_value, &VC_new, NULL };
static HPyType_Spec VC_spec = {
    .name = "mytest.VC",
    .basicsize = sizeof(VCObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = VC_defines,
};

/* Plain: no call slot at all */
static HPyType_Spec Plain_spec = { .name = "mytest.Plain", .flags = HPy_TPFLAGS_DEFAULT };

/* Both: HPy_tp_call and __vectorcalloffset__, refused */
static HPyDef *Both_defines[] = { &Caller_call, &VC_vcoffset, NULL };
static HPyType_Spec Both_spec = {
    .name = "mytest.Both",
    .basicsize = sizeof(VCObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Both_defines,
};

HPyDef_METH(make_both, "make_both", HPyFunc_NOARGS)
static HPy make_both_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyType_FromSpec(ctx, &Both_spec, NULL);
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Caller", &Caller_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "VC", &VC_spec, NULL) ||
        !HPyHelpers_AddType(ctx, module, "Plain", &Plain_spec, NULL))
        return -1;
    return 0;
}

@EXPORT(set_call)
@EXPORT(make_both)
@EXPORT(exec)
@INIT
"""


# ---- HPy_tp_call: the default -------------------------------------------------------


def test_tp_call_is_the_default_call_function(compiler):
    mod = compiler.make_module(CALL)
    assert mod.Caller()(1, k=2) == ("default", (1,), {"k": 2})


def test_tp_call_default_for_python_subclass_instances(compiler):
    mod = compiler.make_module(CALL)

    class Sub(mod.Caller):
        pass

    assert Sub()("a") == ("default", ("a",), None)


def test_tp_call_through_call_method_and_functools(compiler):
    import functools

    mod = compiler.make_module(CALL)
    c = mod.Caller()
    assert c.__call__(1) == ("default", (1,), None)
    assert functools.partial(c, 1, a=2)(3) == ("default", (1, 3), {"a": 2})


# ---- HPy_SetCallFunction --------------------------------------------------------------


def test_set_call_function_replaces_the_default(compiler):
    mod = compiler.make_module(CALL)
    c = mod.Caller()
    mod.set_call(c, 1)
    assert c(1, 2, x=3, y=4) == ("first", (1, 2), {"x": 3, "y": 4})


def test_set_call_function_is_per_instance(compiler):
    mod = compiler.make_module(CALL)
    a, b, c = mod.Caller(), mod.Caller(), mod.Caller()
    mod.set_call(a, 1)
    mod.set_call(b, 2)
    assert (a(), b(1, 2, k=3), c()) == (
        ("first", (), None), ("second", "Caller", 2, 1), ("default", (), None))


def test_set_call_function_receives_the_callable(compiler):
    mod = compiler.make_module(CALL)

    class Sub(mod.Caller):
        pass

    s = Sub()
    mod.set_call(s, 2)
    assert s("x") == ("second", "Sub", 1, 0)


def test_set_call_function_can_be_set_again(compiler):
    mod = compiler.make_module(CALL)
    c = mod.Caller()
    mod.set_call(c, 1)
    mod.set_call(c, 2)
    assert c() == ("second", "Caller", 0, 0)


def test_call_function_error_propagates(compiler):
    mod = compiler.make_module(CALL)
    c = mod.Caller()
    mod.set_call(c, 3)
    assert raises(RuntimeError, c) == "call_fails: refused"


def test_set_call_function_on_an_object_without_call_slot_raises_type_error(compiler):
    mod = compiler.make_module(CALL)
    assert raises(TypeError, mod.set_call, mod.Plain(), 1) == (
        "HPy_SetCallFunction: 'mytest.Plain' objects have no call function slot "
        "(define HPy_tp_call or a __vectorcalloffset__ member)")


def test_set_call_function_on_a_builtin_object_raises_type_error(compiler):
    mod = compiler.make_module(CALL)
    assert raises(TypeError, mod.set_call, [], 1) == (
        "HPy_SetCallFunction: 'list' objects have no call function slot "
        "(define HPy_tp_call or a __vectorcalloffset__ member)")


def test_call_function_in_a_hot_loop(compiler):
    mod = compiler.make_module(CALL)
    a, b = mod.Caller(), mod.Caller()
    mod.set_call(b, 1)
    results = [(a if i % 2 else b)(i) for i in range(10_000)]
    assert results[:2] == [("first", (0,), None), ("default", (1,), None)]
    assert results[-1] == ("default", (9_999,), None)


# ---- a __vectorcalloffset__ member ----------------------------------------------------


def test_vectorcalloffset_member_calls_what_tp_new_set(compiler):
    mod = compiler.make_module(CALL)
    assert mod.VC()(1, k=2) == ("first", (1,), {"k": 2})


def test_vectorcalloffset_member_set_call_function_replaces_it(compiler):
    mod = compiler.make_module(CALL)
    v = mod.VC()
    mod.set_call(v, 2)
    assert v(1) == ("second", "VC", 1, 0)


def test_vectorcalloffset_member_without_call_function_is_not_callable(compiler):
    mod = compiler.make_module(CALL)
    v = mod.VC("no call function")
    with pytest.raises(TypeError) as info:
        v()
    assert "'mytest.VC' object is not callable" in str(info.value)


def test_vectorcalloffset_member_keeps_the_struct_intact(compiler):
    mod = compiler.make_module(CALL)
    v = mod.VC()
    v.value = 8
    mod.set_call(v, 1)
    assert v.value == 8


def test_vectorcalloffset_member_python_subclass(compiler):
    mod = compiler.make_module(CALL)

    class Sub(mod.VC):
        pass

    s = Sub()
    assert s(5) == ("first", (5,), None)


def test_tp_call_and_vectorcalloffset_combined_raise_type_error(compiler):
    mod = compiler.make_module(CALL)
    assert raises(TypeError, mod.make_both) == (
        "HPyType_FromSpec('mytest.Both'): HPy_tp_call and a __vectorcalloffset__ member "
        "cannot be combined")
