/* The HPy module of the import-time benchmark: the same functions as capi.c. */
#include "hpy.h"

HPyDef_METH(add, "add", HPyFunc_VARARGS, .doc = "add two ints")
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll", &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

HPyDef_METH(noop, "noop", HPyFunc_NOARGS, .doc = "do nothing")
static HPy noop_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyDef *module_defines[] = {&add, &noop, NULL};
static HPyModuleDef moduledef = {.doc = "import-time benchmark", .defines = module_defines};

HPy_MODINIT(imp_hpy, moduledef)
