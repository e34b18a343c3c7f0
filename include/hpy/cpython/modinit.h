/* HPy_MODINIT in the CPython ABI: an ordinary PyInit_<name> returning a multi-phase
   definition converted from the HPyModuleDef on first use. */
#ifndef HPY_CPYTHON_MODINIT_H
#define HPY_CPYTHON_MODINIT_H

/* Python 3.8's PyMODINIT_FUNC does not set the visibility: say it here, since HPy
   extensions are compiled with -fvisibility=hidden. */
#if defined(__GNUC__) || defined(__clang__)
#  define _HPy_VISIBLE __attribute__((visibility("default")))
#else
#  define _HPy_VISIBLE
#endif

#define HPy_MODINIT(ext_name, mod_def)                                              \
    PyMODINIT_FUNC PyInit_##ext_name(void) _HPy_VISIBLE;                            \
    PyMODINIT_FUNC PyInit_##ext_name(void)                                          \
    {                                                                               \
        static PyModuleDef *pydef = NULL;                                           \
        if (pydef == NULL) {                                                        \
            pydef = _HPyModuleDef_AsCPython(&(mod_def), #ext_name, HPY_TARGET_ABI_MINOR); \
            if (pydef == NULL) {                                                    \
                return NULL;                                                        \
            }                                                                       \
        }                                                                           \
        return PyModuleDef_Init(pydef);                                             \
    }

#define HPY_MOD_EMBEDDABLE(modname)

#endif /* HPY_CPYTHON_MODINIT_H */
