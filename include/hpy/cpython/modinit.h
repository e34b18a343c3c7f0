/* HPy_MODINIT in the CPython ABI: an ordinary PyInit_<name> returning a multi-phase
   definition converted from the HPyModuleDef on first use. */
#ifndef HPY_CPYTHON_MODINIT_H
#define HPY_CPYTHON_MODINIT_H

#define HPy_MODINIT(ext_name, mod_def)                                              \
    PyMODINIT_FUNC PyInit_##ext_name(void);                                         \
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
