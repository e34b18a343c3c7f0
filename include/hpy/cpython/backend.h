/* The CPython backend: every context function implemented with the C-API, as static
   inline functions. CPython-ABI extensions inline them; the universal loader takes their
   addresses for its context table. */
#ifndef HPY_CPYTHON_BACKEND_H
#define HPY_CPYTHON_BACKEND_H

/* Functions that are big and run once per module or type (module and type creation,
   context set-up) are "cold": in the CPython ABI they are compiled once into hpykit's
   helper library (runtime/cpython_cold.c defines HPYKIT_DEFINE_COLD) and extensions only
   declare them, which keeps an extension's build close to a plain C-API one. The loader
   compiles them inline like everything else. */
#if defined(HPY_ABI_CPYTHON) && !defined(HPYKIT_DEFINE_COLD)
#  define _HPY_COLD_DECLARE_ONLY
#endif
#ifdef HPYKIT_DEFINE_COLD
#  define _HPY_COLD HPyAPI_HELPER
#else
#  define _HPY_COLD static inline
#endif
#define _HPY_COLD_DECL _HPy_EXTERN_DECL HPyAPI_HELPER

#include <string.h>
#include <structmember.h> /* PyMemberDef: public in every supported version */

#ifdef HPY_ABI_CPYTHON
#  include "hpy/cpython/autogen_ctx.h"
#endif
#include "hpy/cpython/handles.h"
#include "hpy/cpython/autogen_handles.h"
#ifndef HPY_ABI_CPYTHON
/* the loader's ctx_ one-liners; CPython-ABI wrappers make the C-API call themselves */
#  include "hpy/cpython/tail_call.h"
#  include "hpy/cpython/autogen_ctx_impl.h"
#endif
#include "hpy/cpython/ctx_handle.h"
#include "hpy/cpython/ctx_long.h"
#include "hpy/cpython/ctx_err.h"
#include "hpy/cpython/ctx_object.h"
#include "hpy/cpython/ctx_call.h"
#include "hpy/cpython/ctx_sequence.h"
#include "hpy/cpython/ctx_builder.h"
#include "hpy/cpython/ctx_tracker.h"
#include "hpy/cpython/ctx_storage.h"
#include "hpy/cpython/ctx_gil.h"
#include "hpy/cpython/ctx_capsule.h"
#include "hpy/cpython/ctx_eval.h"
#include "hpy/cpython/ctx_iter.h"
#include "hpy/cpython/module.h"
#include "hpy/cpython/ctx_type.h"
#ifdef HPY_ABI_CPYTHON
#  include "hpy/cpython/context.h"
#endif

#endif /* HPY_CPYTHON_BACKEND_H */
