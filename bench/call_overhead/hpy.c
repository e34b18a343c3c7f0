/* The same functions as capi.c, written once with hpykit and built in the CPython and the
   universal ABI. */
#include "hpy.h"

HPyDef_METH(noop, "noop", HPyFunc_NOARGS)
static HPy noop_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(onearg, "onearg", HPyFunc_O)
static HPy onearg_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}

HPyDef_METH(varargs, "varargs", HPyFunc_VARARGS)
static HPy varargs_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll", &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

HPyDef_METH(keywords, "keywords", HPyFunc_KEYWORDS)
static HPy keywords_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *names[] = {"a", "b", NULL};
    long a, b;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "ll", names, &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

HPyDef_METH(list100, "list100", HPyFunc_O)
static HPy list100_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long start = HPyLong_AsLong(ctx, arg), i;
    HPyListBuilder builder;
    (void)self;
    if (start == -1 && HPyErr_Occurred(ctx)) {
        return HPy_NULL;
    }
    builder = HPyListBuilder_New(ctx, 100);
    for (i = 0; i < 100; i++) {
        HPy item = HPyLong_FromLong(ctx, start + i);
        if (HPy_IsNull(item)) {
            HPyListBuilder_Cancel(ctx, builder);
            return HPy_NULL;
        }
        HPyListBuilder_Set(ctx, builder, i, item);
        HPy_Close(ctx, item);
    }
    return HPyListBuilder_Build(ctx, builder);
}

HPyDef_METH(pair, "pair", HPyFunc_VARARGS)
static HPy pair_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy first, second;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "OO", &first, &second)) {
        return HPy_NULL;
    }
    return HPyTuple_Pack(ctx, 2, first, second);
}

static HPyDef *defines[] = {&noop, &onearg, &varargs, &keywords, &list100, &pair, NULL};
static HPyModuleDef moduledef = {.doc = NULL, .size = 0, .legacy_methods = NULL,
                                 .defines = defines, .globals = NULL};
HPy_MODINIT(bench_hpy, moduledef)
