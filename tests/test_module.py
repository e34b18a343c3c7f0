"""HPyModuleDef: doc, defines, globals, size, and the module slots HPy_mod_exec and
HPy_mod_create.

Every test defines its own module; NAME in a source is replaced by the module's name,
which is the test's name.
"""
import types

import pytest


def raises(exc_type, func, *args, **kwargs):
    """Call func, expect exactly exc_type, return the message."""
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    assert type(info.value) is exc_type
    return str(info.value)


@pytest.fixture
def name(request):
    return request.node.originalname


@pytest.fixture
def build(compiler, name):
    """build(source) -> the loaded module; NAME in the source is the module's name."""
    def build(source):
        return compiler.make_module(source.replace("NAME", name), name=name)
    return build


METHOD = r"""
HPyDef_METH(f, "f", HPyFunc_NOARGS)
static HPy f_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromLong(ctx, 42);
}
"""

EXEC_SET_ANSWER = r"""
HPyDef_SLOT(exec_answer, HPy_mod_exec)
static int exec_answer_impl(HPyContext *ctx, HPy module)
{
    HPy value = HPyLong_FromLong(ctx, 42);
    int r;
    if (HPy_IsNull(value))
        return -1;
    r = HPy_SetAttr_s(ctx, module, "answer", value);
    HPy_Close(ctx, value);
    return r;
}
"""

CREATE_NAMESPACE = r"""
/* a types.SimpleNamespace with the name of the spec as attribute spec_name */
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec)
{
    HPy types_mod, cls, ns, spec_name;
    types_mod = HPyImport_ImportModule(ctx, "types");
    if (HPy_IsNull(types_mod))
        return HPy_NULL;
    cls = HPy_GetAttr_s(ctx, types_mod, "SimpleNamespace");
    HPy_Close(ctx, types_mod);
    if (HPy_IsNull(cls))
        return HPy_NULL;
    ns = HPy_Call(ctx, cls, NULL, 0, HPy_NULL);
    HPy_Close(ctx, cls);
    if (HPy_IsNull(ns))
        return HPy_NULL;
    spec_name = HPy_GetAttr_s(ctx, spec, "name");
    if (HPy_IsNull(spec_name) || HPy_SetAttr_s(ctx, ns, "spec_name", spec_name) < 0) {
        HPy_Close(ctx, spec_name);
        HPy_Close(ctx, ns);
        return HPy_NULL;
    }
    HPy_Close(ctx, spec_name);
    return ns;
}
"""


# ---- doc, name, defines, globals ----------------------------------------------------


def test_doc_becomes_the_module_docstring(build):
    mod = build(METHOD + r"""
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef def = { .doc = "The module's doc.", .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert mod.__doc__ == "The module's doc."


def test_doc_null_gives_no_docstring(build):
    mod = build(METHOD + r"""
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert mod.__doc__ is None


def test_module_name_comes_from_the_spec(build, name):
    mod = build(METHOD + r"""
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert mod.__name__ == name


def test_module_object_is_a_module(build):
    mod = build(METHOD + r"""
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert type(mod) is types.ModuleType


def test_defined_methods_are_module_attributes(build):
    mod = build(METHOD + r"""
HPyDef_METH(g, "g", HPyFunc_NOARGS)
static HPy g_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "g");
}
static HPyDef *defines[] = { &f, &g, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert (mod.f(), mod.g()) == (42, "g")


def test_defines_null_gives_a_module_without_functions(build):
    mod = build(r"""
static HPyModuleDef def = { .doc = "nothing", .defines = NULL };
HPy_MODINIT(NAME, def)
""")
    assert [n for n in vars(mod) if not n.startswith("__")] == []


def test_empty_defines_gives_a_module_without_functions(build):
    mod = build(r"""
static HPyDef *defines[] = { NULL };
static HPyModuleDef def = { .doc = "nothing", .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert [n for n in vars(mod) if not n.startswith("__")] == []


def test_module_with_globals_loads_and_uses_them(build):
    mod = build(r"""
static HPyGlobal counter_name;
HPyDef_METH(remember, "remember", HPyFunc_O)
static HPy remember_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyGlobal_Store(ctx, &counter_name, arg);
    return HPyGlobal_Load(ctx, counter_name);
}
static HPyDef *defines[] = { &remember, NULL };
static HPyGlobal *globals[] = { &counter_name, NULL };
static HPyModuleDef def = { .doc = "with globals", .defines = defines, .globals = globals };
HPy_MODINIT(NAME, def)
""")
    assert mod.remember("kept") == "kept"


def test_size_not_0_raises_system_error(build, name):
    msg = raises(SystemError, build, METHOD + r"""
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef def = { .size = 8, .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert msg.startswith(f"module '{name}': HPyModuleDef.size must be 0 (")
    assert msg.endswith("got 8")


def test_size_negative_raises_system_error(build, name):
    msg = raises(SystemError, build, METHOD + r"""
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef def = { .size = -1, .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert msg.startswith(f"module '{name}': HPyModuleDef.size must be 0 (")
    assert msg.endswith("got -1")


def test_type_slot_in_module_raises_system_error(build, name):
    msg = raises(SystemError, build, r"""
HPyDef_SLOT(repr, HPy_tp_repr)
static HPy repr_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, "r");
}
static HPyDef *defines[] = { &repr, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert msg == (f"module '{name}': define #0 is not allowed in a module (kind 1, a type "
                   "slot); only methods, HPy_mod_create and HPy_mod_exec are")


def test_member_in_module_raises_system_error(build, name):
    msg = raises(SystemError, build, METHOD + r"""
HPyDef_MEMBER(member, "member", HPyMember_INT, 0)
static HPyDef *defines[] = { &f, &member, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert msg == (f"module '{name}': define #1 is not allowed in a module (kind 3); only "
                   "methods, HPy_mod_create and HPy_mod_exec are")


# ---- HPy_mod_exec -------------------------------------------------------------------


def test_exec_runs_on_the_new_module(build):
    mod = build(EXEC_SET_ANSWER + r"""
static HPyDef *defines[] = { &exec_answer, NULL };
static HPyModuleDef def = { .doc = "exec", .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert mod.answer == 42


def test_exec_next_to_methods(build):
    mod = build(METHOD + EXEC_SET_ANSWER + r"""
static HPyDef *defines[] = { &f, &exec_answer, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert (mod.f(), mod.answer) == (42, 42)


def test_exec_sees_the_methods(build):
    mod = build(METHOD + r"""
/* calls the module's own f() and stores the result as from_f */
HPyDef_SLOT(exec_call_f, HPy_mod_exec)
static int exec_call_f_impl(HPyContext *ctx, HPy module)
{
    HPy f_obj, value;
    int r;
    f_obj = HPy_GetAttr_s(ctx, module, "f");
    if (HPy_IsNull(f_obj))
        return -1;
    value = HPy_Call(ctx, f_obj, NULL, 0, HPy_NULL);
    HPy_Close(ctx, f_obj);
    if (HPy_IsNull(value))
        return -1;
    r = HPy_SetAttr_s(ctx, module, "from_f", value);
    HPy_Close(ctx, value);
    return r;
}
static HPyDef *defines[] = { &exec_call_f, &f, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert mod.from_f == 42


def test_several_execs_run_in_order(build):
    mod = build(r"""
/* each exec appends its tag to the module's list "order" (created by the first) */
static int append_tag(HPyContext *ctx, HPy module, const char *tag, int create)
{
    HPy lst, item;
    int r;
    if (create) {
        lst = HPyList_New(ctx, 0);
        if (HPy_IsNull(lst) || HPy_SetAttr_s(ctx, module, "order", lst) < 0) {
            HPy_Close(ctx, lst);
            return -1;
        }
    }
    else {
        lst = HPy_GetAttr_s(ctx, module, "order");
        if (HPy_IsNull(lst))
            return -1;
    }
    item = HPyUnicode_FromString(ctx, tag);
    r = HPy_IsNull(item) ? -1 : HPyList_Append(ctx, lst, item);
    HPy_Close(ctx, item);
    HPy_Close(ctx, lst);
    return r;
}
HPyDef_SLOT(exec_first, HPy_mod_exec)
static int exec_first_impl(HPyContext *ctx, HPy module)
{
    return append_tag(ctx, module, "first", 1);
}
HPyDef_SLOT(exec_second, HPy_mod_exec)
static int exec_second_impl(HPyContext *ctx, HPy module)
{
    return append_tag(ctx, module, "second", 0);
}
HPyDef_SLOT(exec_third, HPy_mod_exec)
static int exec_third_impl(HPyContext *ctx, HPy module)
{
    return append_tag(ctx, module, "third", 0);
}
static HPyDef *defines[] = { &exec_first, &exec_second, &exec_third, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert mod.order == ["first", "second", "third"]


def test_exec_failing_makes_the_import_raise(build):
    assert raises(ValueError, build, r"""
HPyDef_SLOT(exec_fail, HPy_mod_exec)
static int exec_fail_impl(HPyContext *ctx, HPy module)
{
    (void)module;
    HPyErr_SetString(ctx, ctx->h_ValueError, "exec failed on purpose");
    return -1;
}
static HPyDef *defines[] = { &exec_fail, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""") == "exec failed on purpose"


def test_exec_failing_stops_the_later_execs(build, name):
    # the later exec would raise KeyError: only the first failure is seen
    assert raises(ValueError, build, r"""
HPyDef_SLOT(exec_fail, HPy_mod_exec)
static int exec_fail_impl(HPyContext *ctx, HPy module)
{
    (void)module;
    HPyErr_SetString(ctx, ctx->h_ValueError, "first exec failed");
    return -1;
}
HPyDef_SLOT(exec_later, HPy_mod_exec)
static int exec_later_impl(HPyContext *ctx, HPy module)
{
    (void)module;
    HPyErr_SetString(ctx, ctx->h_KeyError, "must not run");
    return -1;
}
static HPyDef *defines[] = { &exec_fail, &exec_later, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""") == "first exec failed"


def test_exec_failing_without_exception_raises_system_error(build, name):
    msg = raises(SystemError, build, r"""
HPyDef_SLOT(exec_fail, HPy_mod_exec)
static int exec_fail_impl(HPyContext *ctx, HPy module)
{
    (void)ctx; (void)module;
    return -1;
}
static HPyDef *defines[] = { &exec_fail, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert f"execution of module {name} failed without setting an exception" in msg


# ---- HPy_mod_create -----------------------------------------------------------------


def test_create_returns_a_non_module_object(build):
    mod = build(CREATE_NAMESPACE + r"""
static HPyDef *defines[] = { &create, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert type(mod) is types.SimpleNamespace


def test_create_receives_the_module_spec(build, name):
    mod = build(CREATE_NAMESPACE + r"""
static HPyDef *defines[] = { &create, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""")
    assert mod.spec_name == name


def test_create_returning_a_module_raises_system_error(build):
    assert raises(SystemError, build, r"""
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec)
{
    (void)spec;
    return HPyImport_ImportModule(ctx, "types");
}
static HPyDef *defines[] = { &create, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""") == ("HPy_mod_create returned a module object; it must create some other object (the "
         "runtime makes module objects itself)")


def test_create_failing_makes_the_import_raise(build):
    assert raises(KeyError, build, r"""
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec)
{
    (void)spec;
    return HPyErr_SetString(ctx, ctx->h_KeyError, "no object for you");
}
static HPyDef *defines[] = { &create, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""") == "'no object for you'"


def create_must_be_alone(name):
    return (f"module '{name}': a module with HPy_mod_create must define nothing else (no "
            "other defines, doc, legacy_methods or globals)")


def test_create_with_a_method_raises_system_error(build, name):
    assert raises(SystemError, build, CREATE_NAMESPACE + METHOD + r"""
static HPyDef *defines[] = { &create, &f, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""") == create_must_be_alone(name)


def test_create_with_exec_raises_system_error(build, name):
    assert raises(SystemError, build, CREATE_NAMESPACE + EXEC_SET_ANSWER + r"""
static HPyDef *defines[] = { &exec_answer, &create, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""") == create_must_be_alone(name)


def test_create_with_doc_raises_system_error(build, name):
    assert raises(SystemError, build, CREATE_NAMESPACE + r"""
static HPyDef *defines[] = { &create, NULL };
static HPyModuleDef def = { .doc = "not allowed", .defines = defines };
HPy_MODINIT(NAME, def)
""") == create_must_be_alone(name)


def test_create_with_globals_raises_system_error(build, name):
    assert raises(SystemError, build, CREATE_NAMESPACE + r"""
static HPyGlobal g;
static HPyDef *defines[] = { &create, NULL };
static HPyGlobal *globals[] = { &g, NULL };
static HPyModuleDef def = { .defines = defines, .globals = globals };
HPy_MODINIT(NAME, def)
""") == create_must_be_alone(name)


def test_create_twice_raises_system_error(build, name):
    assert raises(SystemError, build, CREATE_NAMESPACE + r"""
HPyDef_SLOT(create2, HPy_mod_create)
static HPy create2_impl(HPyContext *ctx, HPy spec)
{
    (void)spec;
    return HPy_Dup(ctx, ctx->h_None);
}
static HPyDef *defines[] = { &create, &create2, NULL };
static HPyModuleDef def = { .defines = defines };
HPy_MODINIT(NAME, def)
""") == f"module '{name}': HPy_mod_create is defined 2 times"
