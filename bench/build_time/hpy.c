/* The same function with hpykit. */
#include "hpy.h"

HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b;
    (void)self;
    if (nargs != 2) {
        return HPyErr_SetString(ctx, ctx->h_TypeError, "add() takes 2 arguments");
    }
    a = HPyLong_AsLong(ctx, args[0]);
    b = HPyLong_AsLong(ctx, args[1]);
    if ((a == -1 || b == -1) && HPyErr_Occurred(ctx)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

static HPyDef *defines[] = {&add, NULL};
static HPyModuleDef moduledef = {.doc = NULL, .size = 0, .legacy_methods = NULL,
                                 .defines = defines, .globals = NULL};
HPy_MODINIT(one, moduledef)
