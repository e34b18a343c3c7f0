"""HPy_Call, HPy_CallMethod, HPy_CallTupleDict, HPy_CallMethodTupleDict(_s),
HPyCallable_Check and HPy_SetCallFunction."""
import pytest


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


SOURCE = r"""
static HPy null_if_none(HPyContext *ctx, HPy h)
{
    return HPy_Is(ctx, h, ctx->h_None) ? HPy_NULL : h;
}

/* call(f, *args, **kwargs): HPy_Call with the caller's vectorcall arguments as they are */
HPyDef_METH(call, "call", HPyFunc_KEYWORDS)
static HPy call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    (void)self;
    return HPy_Call(ctx, args[0], args + 1, nargs - 1, kwnames);
}

/* call_no_args(f): HPy_Call with args NULL, nargs 0 and kwnames HPy_NULL */
HPyDef_METH(call_no_args, "call_no_args", HPyFunc_O)
static HPy call_no_args_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Call(ctx, arg, NULL, 0, HPy_NULL);
}

/* call_built_in_c(f): f(1, "two", key=3.5, other=None), arguments and kwnames made in C */
HPyDef_METH(call_built_in_c, "call_built_in_c", HPyFunc_O)
static HPy call_built_in_c_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy args[4], n1, n2, kwnames = HPy_NULL, result = HPy_NULL;
    (void)self;
    args[0] = HPyLong_FromLong(ctx, 1);
    args[1] = HPyUnicode_FromString(ctx, "two");
    args[2] = HPyFloat_FromDouble(ctx, 3.5);
    args[3] = ctx->h_None;
    n1 = HPyUnicode_FromString(ctx, "key");
    n2 = HPyUnicode_FromString(ctx, "other");
    if (!HPy_IsNull(args[0]) && !HPy_IsNull(args[1]) && !HPy_IsNull(args[2]) &&
            !HPy_IsNull(n1) && !HPy_IsNull(n2))
        kwnames = HPyTuple_Pack(ctx, 2, n1, n2);
    if (!HPy_IsNull(kwnames))
        result = HPy_Call(ctx, arg, args, 2, kwnames);
    HPy_Close(ctx, kwnames);
    HPy_Close(ctx, n2);
    HPy_Close(ctx, n1);
    HPy_Close(ctx, args[2]);
    HPy_Close(ctx, args[1]);
    HPy_Close(ctx, args[0]);
    return result;
}

/* call_kwnames_list(f): HPy_Call whose kwnames is the list ["key"] */
HPyDef_METH(call_kwnames_list, "call_kwnames_list", HPyFunc_O)
static HPy call_kwnames_list_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy name, names, result;
    (void)self;
    names = HPyList_New(ctx, 0);
    if (HPy_IsNull(names))
        return HPy_NULL;
    name = HPyUnicode_FromString(ctx, "key");
    if (HPy_IsNull(name) || HPyList_Append(ctx, names, name) < 0) {
        HPy_Close(ctx, name);
        HPy_Close(ctx, names);
        return HPy_NULL;
    }
    result = HPy_Call(ctx, arg, &ctx->h_None, 0, names);
    HPy_Close(ctx, name);
    HPy_Close(ctx, names);
    return result;
}

/* call_method(name, receiver, *args, **kwargs): HPy_CallMethod, receiver in args[0] */
HPyDef_METH(call_method, "call_method", HPyFunc_KEYWORDS)
static HPy call_method_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                            HPy kwnames)
{
    (void)self;
    return HPy_CallMethod(ctx, args[0], args + 1, nargs - 1, kwnames);
}

/* call_method_no_receiver(name): HPy_CallMethod with nargs 0 */
HPyDef_METH(call_method_no_receiver, "call_method_no_receiver", HPyFunc_O)
static HPy call_method_no_receiver_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_CallMethod(ctx, arg, NULL, 0, HPy_NULL);
}

/* call_method_kwnames_list(name, receiver, value): kwnames is the list ["key"] */
HPyDef_METH(call_method_kwnames_list, "call_method_kwnames_list", HPyFunc_VARARGS)
static HPy call_method_kwnames_list_impl(HPyContext *ctx, HPy self, const HPy *args,
                                         size_t nargs)
{
    HPy name, names, result;
    (void)self; (void)nargs;
    names = HPyList_New(ctx, 0);
    if (HPy_IsNull(names))
        return HPy_NULL;
    name = HPyUnicode_FromString(ctx, "key");
    if (HPy_IsNull(name) || HPyList_Append(ctx, names, name) < 0) {
        HPy_Close(ctx, name);
        HPy_Close(ctx, names);
        return HPy_NULL;
    }
    result = HPy_CallMethod(ctx, args[0], args + 1, 1, names);
    HPy_Close(ctx, name);
    HPy_Close(ctx, names);
    return result;
}

/* call_tuple_dict(f, args or None, kw or None) */
HPyDef_METH(call_tuple_dict, "call_tuple_dict", HPyFunc_VARARGS)
static HPy call_tuple_dict_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self; (void)nargs;
    return HPy_CallTupleDict(ctx, args[0], null_if_none(ctx, args[1]),
                             null_if_none(ctx, args[2]));
}

/* call_method_tuple_dict(name, receiver, args or None, kw or None) */
HPyDef_METH(call_method_tuple_dict, "call_method_tuple_dict", HPyFunc_VARARGS)
static HPy call_method_tuple_dict_impl(HPyContext *ctx, HPy self, const HPy *args,
                                       size_t nargs)
{
    (void)self; (void)nargs;
    return HPy_CallMethodTupleDict(ctx, args[0], args[1], null_if_none(ctx, args[2]),
                                   null_if_none(ctx, args[3]));
}

/* call_method_tuple_dict_s(name as str, receiver, args or None, kw or None) */
HPyDef_METH(call_method_tuple_dict_s, "call_method_tuple_dict_s", HPyFunc_VARARGS)
static HPy call_method_tuple_dict_s_impl(HPyContext *ctx, HPy self, const HPy *args,
                                         size_t nargs)
{
    const char *name;
    (void)self; (void)nargs;
    name = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    if (name == NULL)
        return HPy_NULL;
    return HPy_CallMethodTupleDict_s(ctx, name, args[1], null_if_none(ctx, args[2]),
                                     null_if_none(ctx, args[3]));
}

/* callable_check(obj) -> HPyCallable_Check(obj) */
HPyDef_METH(callable_check, "callable_check", HPyFunc_O)
static HPy callable_check_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyLong_FromLong(ctx, HPyCallable_Check(ctx, arg));
}

/* Caller: a type whose instances are called through a per-object call function */
typedef struct {
    long factor;
} CallerObject;
HPyType_HELPERS(CallerObject)

/* the default call function of every instance (HPy_tp_call) */
HPyDef_SLOT(Caller_call, HPy_tp_call)
static HPy Caller_call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs,
                            HPy kwnames)
{
    (void)self; (void)args; (void)kwnames;
    return HPyUnicode_FromFormat(ctx, "default call with %zu args", nargs);
}

/* installed by set_call_function: factor * number of positional args */
HPyDef_CALL_FUNCTION(Caller_scaled)
static HPy Caller_scaled_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs,
                              HPy kwnames)
{
    (void)args; (void)kwnames;
    return HPyLong_FromLong(ctx, CallerObject_AsStruct(ctx, callable)->factor * (long)nargs);
}

static HPyDef *Caller_defines[] = { &Caller_call, NULL };
static HPyType_Spec Caller_spec = {
    .name = "call_api.Caller",
    .basicsize = sizeof(CallerObject),
    .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Caller_defines,
};

HPyDef_SLOT(add_caller_type, HPy_mod_exec)
static int add_caller_type_impl(HPyContext *ctx, HPy module)
{
    return HPyHelpers_AddType(ctx, module, "Caller", &Caller_spec, NULL) ? 0 : -1;
}

/* new_caller(factor): a Caller instance (self is the module, which holds the type) */
HPyDef_METH(new_caller, "new_caller", HPyFunc_O)
static HPy new_caller_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy type, obj;
    CallerObject *data;
    long factor = HPyLong_AsLong(ctx, arg);
    if (factor == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    type = HPy_GetAttr_s(ctx, self, "Caller");
    if (HPy_IsNull(type))
        return HPy_NULL;
    obj = HPy_New(ctx, type, &data);
    HPy_Close(ctx, type);
    if (HPy_IsNull(obj))
        return HPy_NULL;
    data->factor = factor;
    return obj;
}

/* set_call_function(obj): install Caller_scaled as the call function of obj */
HPyDef_METH(set_call_function, "set_call_function", HPyFunc_O)
static HPy set_call_function_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    if (HPy_SetCallFunction(ctx, arg, &Caller_scaled) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

/* the C result of HPy_SetCallFunction on failure, exception cleared */
HPyDef_METH(set_call_function_error_value, "set_call_function_error_value", HPyFunc_O)
static HPy set_call_function_error_value_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int r;
    (void)self;
    r = HPy_SetCallFunction(ctx, arg, &Caller_scaled);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, r);
}

@EXPORT(call)
@EXPORT(call_no_args)
@EXPORT(call_built_in_c)
@EXPORT(call_kwnames_list)
@EXPORT(call_method)
@EXPORT(call_method_no_receiver)
@EXPORT(call_method_kwnames_list)
@EXPORT(call_tuple_dict)
@EXPORT(call_method_tuple_dict)
@EXPORT(call_method_tuple_dict_s)
@EXPORT(callable_check)
@EXPORT(add_caller_type)
@EXPORT(new_caller)
@EXPORT(set_call_function)
@EXPORT(set_call_function_error_value)
@INIT
"""


@pytest.fixture
def mod(compiler):
    # one binary per ABI for the whole file: the tests only call its functions
    return compiler.make_module(SOURCE, name="call_api")


def record(*args, **kwargs):
    return args, kwargs


def fail(*args, **kwargs):
    raise ZeroDivisionError("from the callee")


class Receiver:
    def __init__(self, name="r"):
        self.name = name

    def method(self, *args, **kwargs):
        return self.name, args, kwargs

    def fail(self, *args, **kwargs):
        raise KeyError("from the method")


# ---- HPy_Call -----------------------------------------------------------------------


def test_call_positional(mod):
    assert mod.call(record, 1, "a") == ((1, "a"), {})


def test_call_keywords_follow_the_positional_args(mod):
    assert mod.call(record, 1, x=2, y=3) == ((1,), {"x": 2, "y": 3})


def test_call_keywords_only(mod):
    assert mod.call(record, k="v") == ((), {"k": "v"})


def test_call_no_args(mod):
    assert mod.call(record) == ((), {})


def test_call_null_args_and_null_kwnames(mod):
    assert mod.call_no_args(record) == ((), {})


def test_call_with_arguments_and_kwnames_built_in_c(mod):
    assert mod.call_built_in_c(record) == ((1, "two"), {"key": 3.5, "other": None})


def test_call_builtin_function(mod):
    assert mod.call(max, 3, 9, 4) == 9


def test_call_type(mod):
    assert mod.call(dict, a=1) == {"a": 1}


def test_call_bound_method(mod):
    assert mod.call(Receiver("b").method, 5, z=6) == ("b", (5,), {"z": 6})


def test_call_propagates_the_callee_exception(mod):
    assert raises(ZeroDivisionError, mod.call, fail, 1) == "from the callee"


def test_call_non_callable_raises_type_error(mod):
    assert "'int' object is not callable" in raises(TypeError, mod.call, 42)


def test_call_kwnames_not_a_tuple_raises_type_error(mod):
    assert raises(TypeError, mod.call_kwnames_list, record) == (
        "HPy_Call requires kwnames to be a tuple or HPy_NULL, not list")


# ---- HPy_CallMethod -----------------------------------------------------------------


def test_call_method_receiver_is_args_0(mod):
    assert mod.call_method("method", Receiver("me")) == ("me", (), {})


def test_call_method_positional(mod):
    assert mod.call_method("method", Receiver(), 1, 2) == ("r", (1, 2), {})


def test_call_method_keywords(mod):
    assert mod.call_method("method", Receiver(), 1, k=2) == ("r", (1,), {"k": 2})


def test_call_method_builtin_method(mod):
    assert mod.call_method("upper", "abc") == "ABC"


def test_call_method_missing_method_raises_attribute_error(mod):
    assert "has no attribute 'nope'" in raises(AttributeError, mod.call_method, "nope",
                                               Receiver())


def test_call_method_propagates_the_callee_exception(mod):
    assert raises(KeyError, mod.call_method, "fail", Receiver()) == "'from the method'"


def test_call_method_without_receiver_raises_type_error(mod):
    assert raises(TypeError, mod.call_method_no_receiver, "method") == (
        "HPy_CallMethod requires the receiver as args[0]")


def test_call_method_kwnames_not_a_tuple_raises_type_error(mod):
    assert raises(TypeError, mod.call_method_kwnames_list, "method", Receiver(), 1) == (
        "HPy_CallMethod requires kwnames to be a tuple or HPy_NULL, not list")


# ---- HPy_CallTupleDict --------------------------------------------------------------


def test_call_tuple_dict_args_and_kw(mod):
    assert mod.call_tuple_dict(record, (1, 2), {"k": 3}) == ((1, 2), {"k": 3})


def test_call_tuple_dict_args_only(mod):
    assert mod.call_tuple_dict(record, (1,), None) == ((1,), {})


def test_call_tuple_dict_kw_only(mod):
    assert mod.call_tuple_dict(record, None, {"k": 1}) == ((), {"k": 1})


def test_call_tuple_dict_args_null_and_kw_null(mod):
    assert mod.call_tuple_dict(record, None, None) == ((), {})


def test_call_tuple_dict_empty_tuple_and_dict(mod):
    assert mod.call_tuple_dict(record, (), {}) == ((), {})


def test_call_tuple_dict_propagates_the_callee_exception(mod):
    assert raises(ZeroDivisionError, mod.call_tuple_dict, fail, (), None) == "from the callee"


def test_call_tuple_dict_args_list_raises_type_error(mod):
    assert raises(TypeError, mod.call_tuple_dict, record, [1], None) == (
        "HPy_CallTupleDict requires args to be a tuple or HPy_NULL, not list")


def test_call_tuple_dict_kw_list_raises_type_error(mod):
    assert raises(TypeError, mod.call_tuple_dict, record, (), [("k", 1)]) == (
        "HPy_CallTupleDict requires kw to be a dict or HPy_NULL, not list")


def test_call_tuple_dict_non_callable_raises_type_error(mod):
    assert "'str' object is not callable" in raises(TypeError, mod.call_tuple_dict, "s", (),
                                                    None)


# ---- HPy_CallMethodTupleDict / HPy_CallMethodTupleDict_s ----------------------------


def test_call_method_tuple_dict(mod):
    assert mod.call_method_tuple_dict("method", Receiver("m"), (1,), {"k": 2}) == (
        "m", (1,), {"k": 2})


def test_call_method_tuple_dict_null_args_and_kw(mod):
    assert mod.call_method_tuple_dict("method", Receiver(), None, None) == ("r", (), {})


def test_call_method_tuple_dict_missing_method_raises_attribute_error(mod):
    assert "has no attribute 'nope'" in raises(AttributeError, mod.call_method_tuple_dict,
                                               "nope", Receiver(), None, None)


def test_call_method_tuple_dict_propagates_the_callee_exception(mod):
    assert raises(KeyError, mod.call_method_tuple_dict, "fail", Receiver(), (), None) == (
        "'from the method'")


def test_call_method_tuple_dict_args_list_raises_type_error(mod):
    assert raises(TypeError, mod.call_method_tuple_dict, "method", Receiver(), [1], None) == (
        "HPy_CallTupleDict requires args to be a tuple or HPy_NULL, not list")


def test_call_method_tuple_dict_s(mod):
    assert mod.call_method_tuple_dict_s("method", Receiver("s"), (1, 2), None) == (
        "s", (1, 2), {})


def test_call_method_tuple_dict_s_keywords(mod):
    assert mod.call_method_tuple_dict_s("method", Receiver(), None, {"a": 1}) == (
        "r", (), {"a": 1})


def test_call_method_tuple_dict_s_missing_method_raises_attribute_error(mod):
    assert "has no attribute 'nope'" in raises(AttributeError, mod.call_method_tuple_dict_s,
                                               "nope", Receiver(), None, None)


def test_call_method_tuple_dict_s_propagates_the_callee_exception(mod):
    assert raises(KeyError, mod.call_method_tuple_dict_s, "fail", Receiver(), None, None) == (
        "'from the method'")


def test_call_method_tuple_dict_s_kw_list_raises_type_error(mod):
    assert raises(TypeError, mod.call_method_tuple_dict_s, "method", Receiver(), (),
                  [1]) == "HPy_CallTupleDict requires kw to be a dict or HPy_NULL, not list"


# ---- HPyCallable_Check --------------------------------------------------------------


class WithCall:
    def __call__(self):
        return "called"


@pytest.mark.parametrize("value", [record, len, dict, Receiver().method, WithCall()],
                         ids=["function", "builtin", "type", "bound_method", "with_call"])
def test_callable_check_callable_is_1(mod, value):
    assert mod.callable_check(value) == 1


@pytest.mark.parametrize("value", [42, "s", None, Receiver()],
                         ids=["int", "str", "None", "instance_without_call"])
def test_callable_check_not_callable_is_0(mod, value):
    assert mod.callable_check(value) == 0


def test_callable_check_instance_of_type_with_tp_call_is_1(mod):
    assert mod.callable_check(mod.new_caller(1)) == 1


# ---- HPy_SetCallFunction ------------------------------------------------------------


def test_instance_uses_the_default_call_function(mod):
    assert mod.new_caller(3)(1, 2) == "default call with 2 args"


def test_set_call_function_replaces_the_call_function(mod):
    obj = mod.new_caller(3)
    mod.set_call_function(obj)
    assert obj(1, 2) == 6


def test_set_call_function_is_per_object(mod):
    changed, unchanged = mod.new_caller(5), mod.new_caller(5)
    mod.set_call_function(changed)
    assert (changed(1), unchanged(1)) == (5, "default call with 1 args")


def test_set_call_function_receives_keywords_separately(mod):
    obj = mod.new_caller(10)
    mod.set_call_function(obj)
    assert obj(1, 2, 3, k=4) == 30


def test_set_call_function_on_object_without_call_slot_raises_type_error(mod):
    assert raises(TypeError, mod.set_call_function, 42) == (
        "HPy_SetCallFunction: 'int' objects have no call function slot (define HPy_tp_call "
        "or a __vectorcalloffset__ member)")


def test_set_call_function_on_object_without_call_slot_returns_minus_1(mod):
    assert mod.set_call_function_error_value(42) == -1
