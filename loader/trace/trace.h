/* Trace mode, as the rest of the loader sees it. */
#ifndef HPYKIT_LOADER_TRACE_H
#define HPYKIT_LOADER_TRACE_H

#include "ctx/ctx.h"

/* The trace context over the universal one, built on first use; NULL with an exception
   set if that fails. */
HPyContext *hpykit_trace_ctx(void);

/* Add the submodule `_trace` (hpykit.universal._trace) to the loader module. */
int hpykit_trace_add_module(PyObject *loader_module);

#endif /* HPYKIT_LOADER_TRACE_H */
