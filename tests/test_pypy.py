"""One universal binary, every interpreter: CPython 3.8-3.13 and PyPy run the same file.

The binary is built once; a script with the same assertions runs in every
``.venvs/<X.Y>`` and in ``.venvs/pypy`` (scripts/test.py makes them) and prints what
it saw, which must agree. On PyPy the binary goes through hpykit's bridge to PyPy's
native HPy (docs/pypy.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support.abis import ABI_MODES
from support.compiler import ExtensionCompiler

REPO = Path(__file__).resolve().parent.parent

EVERY_KIND = """
#include "hpy.h"

static HPyGlobal counter_type;

typedef struct { long x; double y; HPyField tag; } Point;
HPyType_HELPERS(Point)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    long x = 0;
    double y = 0.0;
    Point *p;
    HPy h;
    (void)kw;
    if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "|ld", &x, &y))
        return HPy_NULL;
    h = HPy_New(ctx, cls, &p);
    if (HPy_IsNull(h))
        return HPy_NULL;
    p->x = x;
    p->y = y;
    return h;
}

HPyDef_SLOT(Point_repr, HPy_tp_repr)
static HPy Point_repr_impl(HPyContext *ctx, HPy self)
{
    Point *p = Point_AsStruct(ctx, self);
    return HPyUnicode_FromFormat(ctx, "Point(%ld)", p->x);
}

HPyDef_SLOT(Point_add, HPy_nb_add)
static HPy Point_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    (void)b;
    return HPyLong_FromLong(ctx, Point_AsStruct(ctx, a)->x + 100);
}

HPyDef_MEMBER(Point_x, "x", HPyMember_LONG, offsetof(Point, x))
HPyDef_MEMBER(Point_y, "y", HPyMember_DOUBLE, offsetof(Point, y), .readonly = 1)

HPyDef_GETSET(Point_tag, "tag")
static HPy Point_tag_get(HPyContext *ctx, HPy self, void *closure)
{
    HPy v = HPyField_Load(ctx, self, Point_AsStruct(ctx, self)->tag);
    (void)closure;
    return HPy_IsNull(v) ? HPy_Dup(ctx, ctx->h_None) : v;
}
static int Point_tag_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    (void)closure;
    HPyField_Store(ctx, self, &Point_AsStruct(ctx, self)->tag, value);
    return 0;
}

HPyDef_METH(Point_norm1, "norm1", HPyFunc_NOARGS)
static HPy Point_norm1_impl(HPyContext *ctx, HPy self)
{
    Point *p = Point_AsStruct(ctx, self);
    return HPyFloat_FromDouble(ctx, (double)p->x + p->y);
}

HPyDef_SLOT(Point_traverse, HPy_tp_traverse)
static int Point_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((Point *)self)->tag);
    return 0;
}

static HPyDef *Point_defines[] = {
    &Point_new, &Point_repr, &Point_add, &Point_x, &Point_y, &Point_tag, &Point_norm1,
    &Point_traverse, NULL
};
static HPyType_Spec Point_spec = {
    .name = "everykind.Point", .basicsize = sizeof(Point),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC, .defines = Point_defines,
};

HPyDef_METH(noargs, "noargs", HPyFunc_NOARGS)
static HPy noargs_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyUnicode_FromString(ctx, ctx->name);
}

HPyDef_METH(one, "one", HPyFunc_O)
static HPy one_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Add(ctx, arg, arg);
}

HPyDef_METH(varargs, "varargs", HPyFunc_VARARGS)
static HPy varargs_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    (void)args;
    return HPyLong_FromSize_t(ctx, nargs);
}

HPyDef_METH(keywords, "keywords", HPyFunc_KEYWORDS)
static HPy keywords_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = {"a", "b", NULL};
    long a = 0, b = 0;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "l|l", kwlist, &a, &b))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, a * 10 + b);
}

HPyDef_METH(fails, "fails", HPyFunc_NOARGS)
static HPy fails_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyErr_SetString(ctx, ctx->h_ValueError, "fails: as asked");
    return HPy_NULL;
}

HPyDef_METH(counter, "counter", HPyFunc_NOARGS)
static HPy counter_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, counter_type);
}

HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy module)
{
    HPy t = HPyType_FromSpec(ctx, &Point_spec, NULL);
    int r;
    if (HPy_IsNull(t))
        return -1;
    HPyGlobal_Store(ctx, &counter_type, t);
    r = HPy_SetAttr_s(ctx, module, "Point", t);
    HPy_Close(ctx, t);
    return r;
}

static HPyDef *defines[] = {
    &noargs, &one, &varargs, &keywords, &fails, &counter, &exec, NULL
};
static HPyGlobal *globals[] = { &counter_type, NULL };
static HPyModuleDef moduledef = { .doc = "every kind", .defines = defines, .globals = globals };
HPy_MODINIT(everykind, moduledef)
"""

CHECKS = """
import importlib.util, json, sys, hpykit.universal as u
path = sys.argv[1]
m = u.load("everykind", path, importlib.util.spec_from_file_location("everykind", path))
assert m.__doc__ == "every kind"
assert m.noargs().startswith("HPy Universal ABI")
assert m.one(21) == 42 and m.one("ab") == "abab"
assert m.varargs() == 0 and m.varargs(1, 2, 3) == 3
assert m.keywords(4) == 40 and m.keywords(4, b=2) == 42 and m.keywords(b=3, a=1) == 13
try:
    m.fails()
except ValueError as e:
    assert str(e) == "fails: as asked"
else:
    raise AssertionError("fails() did not raise")
p = m.Point(7, 0.5)
assert (p.x, p.y, repr(p), p + p, p.norm1()) == (7, 0.5, "Point(7)", 107, 7.5)
p.x = 8
assert p.x == 8
try:
    p.y = 1.0
except (AttributeError, TypeError):
    pass
else:
    raise AssertionError("y is read-only")
assert p.tag is None
p.tag = [1]
assert p.tag == [1]
assert m.counter() is m.Point
print(json.dumps([m.one(5), m.keywords(1, b=2), repr(p), p.norm1()]))
"""


@pytest.fixture
def universal(request: pytest.FixtureRequest, toolchain) -> ExtensionCompiler:
    from conftest import module_name_for

    return ExtensionCompiler(ABI_MODES["universal"], module_name_for(request.node.nodeid), toolchain)


def _interpreters() -> list[tuple[str, Path]]:
    found = []
    for venv in sorted((REPO / ".venvs").glob("*")):
        python = venv / "bin" / "python"
        if python.is_file() and (venv.name == "pypy" or venv.name[:1].isdigit()):
            found.append((venv.name, python))
    return found


def test_same_universal_binary_runs_on_every_cpython_and_pypy(universal):
    """The seed's promise: the very same .hpy0.so on CPython 3.8-3.13 and on PyPy."""
    path = universal.compile_module(EVERY_KIND, "everykind")
    outputs = {}
    for name, python in _interpreters():
        out = subprocess.run([str(python), "-c", CHECKS, str(path)], capture_output=True,
                             text=True)
        if out.returncode != 0 and "No module named 'hpykit'" in out.stderr:
            continue
        assert out.returncode == 0, f"{name}: {out.stderr}"
        outputs[name] = out.stdout.strip()
    if "pypy" not in outputs:
        pytest.skip("no .venvs/pypy with hpykit installed (scripts/test.py makes it)")
    assert len(set(outputs.values())) == 1, outputs
    print("the same binary ran on " + ", ".join(sorted(outputs)))


@pytest.mark.skipif(sys.implementation.name != "pypy", reason="PyPy's loader only")
def test_hpy004_binary_is_an_import_error_not_a_crash(universal, tmp_path):
    """A binary of PyPy's own older HPy ABI (HPyInit_<name>, no version getters)."""
    import hpykit.universal

    src = tmp_path / "old.c"
    src.write_text('__attribute__((visibility("default"))) void *HPyInit_old(void *ctx)\n'
                   "{ return ctx; }\n")
    path = tmp_path / "old.hpy0.so"
    subprocess.run(["cc", "-shared", "-fPIC", str(src), "-o", str(path)], check=True)
    with pytest.raises(ImportError) as info:
        hpykit.universal.load("old", str(path), None)
    assert "it is an HPy universal module of an older ABI (it exports HPyInit_old" in str(
        info.value)
