/* The CPython backend: every context function implemented with the C-API, as static
   inline functions. CPython-ABI extensions inline them; the universal loader takes their
   addresses for its context table. */
#ifndef HPY_CPYTHON_BACKEND_H
#define HPY_CPYTHON_BACKEND_H

#include <string.h>
#include <structmember.h> /* PyMemberDef: public in every supported version */

#ifdef HPY_ABI_CPYTHON
#  include "hpy/cpython/autogen_ctx.h"
#endif
#include "hpy/cpython/handles.h"
#include "hpy/cpython/autogen_handles.h"
#include "hpy/cpython/autogen_ctx_impl.h"
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
