/* PyPy only: the functions of hpy.c that need no helper, written against PyPy's own HPy
   0.0.4 (its headers, built with -DHPY_UNIVERSAL_ABI, loaded with _hpy_universal.load).
   They show what PyPy's native HPy costs, the floor a bridge over it can reach. */
#include "hpy.h"

HPyDef_METH(noop, "noop", noop_impl, HPyFunc_NOARGS)
static HPy noop_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(onearg, "onearg", onearg_impl, HPyFunc_O)
static HPy onearg_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Dup(ctx, arg);
}

HPyDef_METH(list100, "list100", list100_impl, HPyFunc_O)
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

/* as hpy.c's pair, with the argument count checked by hand (0.0.4's HPyArg_Parse is a
   helper PyPy does not ship) */
HPyDef_METH(pair, "pair", pair_impl, HPyFunc_VARARGS)
static HPy pair_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    (void)self;
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "pair() takes 2 arguments");
        return HPy_NULL;
    }
    return HPyTuple_FromArray(ctx, args, 2);
}

static HPyDef *defines[] = {&noop, &onearg, &list100, &pair, NULL};
static HPyModuleDef moduledef = {.name = "bench_pypy_native", .defines = defines};

HPy_MODINIT(bench_pypy_native)
static HPy init_bench_pypy_native_impl(HPyContext *ctx)
{
    return HPyModule_Create(ctx, &moduledef);
}
