/* Functions across toolchains: every method kind, argument parsing, BuildValue, errors,
   builders and module globals. */
#include "hpy.h"

static HPyGlobal counter_type;

HPyDef_METH(noargs, "noargs", HPyFunc_NOARGS, .doc = "returns None")
static HPy noargs_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(onearg, "onearg", HPyFunc_O)
static HPy onearg_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPy_Repr(ctx, arg);
}

HPyDef_METH(parse, "parse", HPyFunc_VARARGS)
static HPy parse_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a;
    double b = 0.5;
    const char *s = NULL;
    (void)self;
    /* an optional 's' left out crashes hpy 0.9.0's own HPyArg_Parse: keep it required */
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ls|d:parse", &a, &s, &b)) {
        return HPy_NULL;
    }
    return HPy_BuildValue(ctx, "(lds)", a, b, s);
}

HPyDef_METH(kw, "kw", HPyFunc_KEYWORDS)
static HPy kw_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *keywords[] = {"x", "y", NULL};
    long x, y = 10;
    HPyTracker ht;
    (void)self;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "l|l:kw", keywords, &x, &y)) {
        return HPy_NULL;
    }
    HPyTracker_Close(ctx, ht);
    return HPyLong_FromLong(ctx, x * y);
}

HPyDef_METH(squares, "squares", HPyFunc_O)
static HPy squares_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t i, n = HPyLong_AsSsize_t(ctx, arg);
    HPyListBuilder builder;
    (void)self;
    if (n < 0) {
        return HPyErr_Occurred(ctx) ? HPy_NULL
                                    : HPyErr_SetString(ctx, ctx->h_ValueError, "negative size");
    }
    builder = HPyListBuilder_New(ctx, n);
    for (i = 0; i < n; i++) {
        HPy item = HPyLong_FromSsize_t(ctx, i * i);
        HPyListBuilder_Set(ctx, builder, i, item);
        HPy_Close(ctx, item);
    }
    return HPyListBuilder_Build(ctx, builder);
}

HPyDef_METH(fail, "fail", HPyFunc_O)
static HPy fail_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    return HPyErr_Format(ctx, ctx->h_KeyError, "no such key: %R", arg);
}

HPyDef_METH(remember, "remember", HPyFunc_O)
static HPy remember_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    HPyGlobal_Store(ctx, &counter_type, arg);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(recall, "recall", HPyFunc_NOARGS)
static HPy recall_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyGlobal_Load(ctx, counter_type);
}

HPyDef_METH(call, "call", HPyFunc_VARARGS)
static HPy call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    if (nargs < 1) {
        return HPyErr_SetString(ctx, ctx->h_TypeError, "call(f, *args)");
    }
    return HPy_Call(ctx, args[0], args + 1, nargs - 1, HPy_NULL);
}

static HPyDef *defines[] = {&noargs, &onearg, &parse, &kw, &squares, &fail, &remember,
                            &recall, &call, NULL};
static HPyGlobal *globals[] = {&counter_type, NULL};
static HPyModuleDef moduledef = {.doc = "functions across toolchains", .size = 0,
                                 .legacy_methods = NULL, .defines = defines, .globals = globals};

HPy_MODINIT(compat_functions, moduledef)
