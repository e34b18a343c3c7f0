/* The CPython backend's cold functions (module and type creation, context set-up),
   compiled once into the CPython-ABI helper library instead of into every extension:
   see include/hpy/cpython/backend.h. Other ABIs have nothing here. */
#define HPYKIT_DEFINE_COLD
#include "hpy.h"

#ifndef HPY_ABI_CPYTHON
typedef int hpykit_cold_functions_are_cpython_abi_only;
#endif
