/* Debug mode, as the rest of the loader sees it. */
#ifndef HPYKIT_LOADER_DEBUG_H
#define HPYKIT_LOADER_DEBUG_H

#include "ctx/ctx.h"

/* The debug context, built on first use over the universal one; NULL with an exception
   set if that fails. */
HPyContext *hpykit_debug_ctx(void);

/* The same over the trace context (MODE_DEBUG | MODE_TRACE): debug checks on top of
   tracing, so the counts are of the calls that passed the checks. */
HPyContext *hpykit_debug_trace_ctx(void);

/* Add the submodule `_debug` (hpykit.universal._debug) to the loader module. */
int hpykit_debug_add_module(PyObject *loader_module);

#endif /* HPYKIT_LOADER_DEBUG_H */
