/* hpy.h: the HPy 0.9 API as implemented by hpykit.

   Define exactly one of HPY_ABI_CPYTHON, HPY_ABI_UNIVERSAL or HPY_ABI_HYBRID (the build
   integration does it for you):
     - CPython ABI: every API function is an inline C-API call; the result is an ordinary
       extension for one CPython version.
     - universal ABI: every call goes through the context; one binary loads on every
       Python that has an hpy0 loader, in universal, debug or trace mode.
     - hybrid ABI: universal, plus Python.h and the legacy C-API for porting step by step. */
#ifndef HPY_H
#define HPY_H

#if defined(HPY_ABI_CPYTHON) + defined(HPY_ABI_UNIVERSAL) + defined(HPY_ABI_HYBRID) > 1
#  error "hpy.h: define only one of HPY_ABI_CPYTHON, HPY_ABI_UNIVERSAL, HPY_ABI_HYBRID"
#endif
#if !defined(HPY_ABI_CPYTHON) && !defined(HPY_ABI_UNIVERSAL) && !defined(HPY_ABI_HYBRID)
#  error "hpy.h: define one of HPY_ABI_CPYTHON, HPY_ABI_UNIVERSAL, HPY_ABI_HYBRID to choose the ABI"
#endif

#if defined(HPY_ABI_UNIVERSAL) && defined(Py_PYTHON_H)
#  error "hpy.h: Python.h was included before hpy.h in a universal build; a universal binary cannot use the C-API (use HPY_ABI_HYBRID)"
#endif

#include "hpy/common/autogen_version.h"

#if defined(HPY_ABI_CPYTHON)
#  define HPY_ABI "cpython"
#elif defined(HPY_ABI_HYBRID)
#  define HPY_ABI "hybrid"
#else
#  define HPY_ABI "universal"
#endif

#if defined(HPY_ABI_CPYTHON) || defined(HPY_ABI_HYBRID)
#  ifndef PY_SSIZE_T_CLEAN
#    define PY_SSIZE_T_CLEAN
#  endif
#  include <Python.h>
#endif

#include "hpy/common/macros.h"
#include "hpy/common/types.h"
#include "hpy/common/autogen_signatures.h"
#include "hpy/common/def.h"
#include "hpy/common/type.h"
#include "hpy/common/module.h"

#ifdef HPY_ABI_CPYTHON
#  include "hpy/cpython/backend.h"
#  include "hpy/cpython/autogen_api.h"
#  include "hpy/cpython/autogen_trampolines.h"
#  include "hpy/cpython/trampolines.h"
#  include "hpy/cpython/modinit.h"
#  define _HPyCapsule_Get ctx_Capsule_Get
#  define _HPyCapsule_Set ctx_Capsule_Set
#else
#  include "hpy/universal/autogen_ctx.h"
#  include "hpy/universal/legacy.h"
#  include "hpy/universal/autogen_api.h"
#  include "hpy/universal/autogen_trampolines.h"
#  include "hpy/universal/trampolines.h"
#  include "hpy/universal/modinit.h"
#  define _HPyCapsule_Get HPyCapsule_Get
#  define _HPyCapsule_Set HPyCapsule_Set
#endif

#include "hpy/common/inline_helpers.h"
#include "hpy/common/runtime_helpers.h"

#endif /* HPY_H */
