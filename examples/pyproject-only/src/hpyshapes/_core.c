/* hpyshapes._core: an HPy module built by setuptools from pyproject.toml alone. */
#include "hpy.h"

HPyDef_METH(add, "add", HPyFunc_VARARGS, .doc = "add(a, b): the sum of two C longs.")
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a, b;
    (void)self;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll:add", &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, a + b);
}

HPyDef_METH(abi, "abi", HPyFunc_NOARGS, .doc = "abi(): the ABI this module was built for.")
static HPy abi_impl(HPyContext *ctx, HPy self)
{
    (void)self;
#if defined(HPY_ABI_UNIVERSAL)
    return HPyUnicode_FromString(ctx, "universal");
#elif defined(HPY_ABI_HYBRID)
    return HPyUnicode_FromString(ctx, "hybrid");
#else
    return HPyUnicode_FromString(ctx, "cpython");
#endif
}

static HPyDef *module_defines[] = { &add, &abi, NULL };
static HPyModuleDef moduledef = { .doc = "hpyshapes._core: an HPy module built by setuptools from pyproject.toml alone.", .defines = module_defines };

HPy_MODINIT(_core, moduledef)
