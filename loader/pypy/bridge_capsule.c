/* Capsules on PyPy: not built yet (PyPy's HPy 0.0.4 has none); the HPyCapsule_* members
   report SystemError and h_CapsuleType is HPy_NULL. */
#include "pypy/bridge.h"

int hpykit_pp_capsule_init(hpykit_pp_mode *mode);

int hpykit_pp_capsule_init(hpykit_pp_mode *mode)
{
    mode->capsule_type = HPy_NULL;
    return 0;
}
