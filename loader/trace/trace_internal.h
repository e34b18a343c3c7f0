/* Trace mode's shared state: per-member call counts and accumulated durations, and the
   optional on_enter/on_exit hooks. The trace context counts and times each call, then
   forwards it unchanged to the inner (universal) context.

   The counters are plain integers guarded by the GIL: every member is called with the GIL
   held, except the two halves of HPy_LeavePythonExecution/HPy_ReenterPythonExecution that
   run without it; those are written by hand and count under a mutex.

   Every call is counted. Reading the monotonic clock costs about as much as a whole
   universal API call, so durations are sampled: the first HPYKIT_TRACE_EXACT calls of each
   member are timed, then one call in `period` (256 by default, 1 = every call, set with
   _trace.set_sampling_period) is timed and weighs `period` calls. With no hook set, an
   untimed call costs an increment and a test. */
#ifndef HPYKIT_LOADER_TRACE_INTERNAL_H
#define HPYKIT_LOADER_TRACE_INTERNAL_H

#include "ctx/ctx.h"
#include "trace/trace.h"
#include "trace/autogen_trace_ctx.h"

#include <stdint.h>
#include <time.h>

typedef struct {
    HPyContext *inner;                       /* the context trace mode forwards to */
    uint64_t counts[HPYKIT_TRACE_NSLOTS];    /* by slot id */
    uint64_t durations[HPYKIT_TRACE_NSLOTS]; /* nanoseconds, by slot id */
    uint64_t mask;                           /* period - 1: time calls with count & mask == 0 */
    PyObject *on_enter;                      /* Python callables or NULL */
    PyObject *on_exit;
} hpykit_trace_state;

#define HPYKIT_TRACE_EXACT 64

extern hpykit_trace_state hpykit_trace;

static inline uint64_t hpykit_trace_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * UINT64_C(1000000000) + (uint64_t)t.tv_nsec;
}

/* Call hook(name of slot id); an exception in a hook is a fatal error. */
void hpykit_trace_call_hook(PyObject *hook, int id);

/* Count the call; 0 if it is not timed, else its start time with the lowest bit telling
   a sampled call (weighs period calls) from one timed exactly. */
static inline uint64_t hpykit_trace_enter(int id)
{
    uint64_t n = hpykit_trace.counts[id]++;
    if (hpykit_trace.on_enter != NULL) {
        hpykit_trace_call_hook(hpykit_trace.on_enter, id);
    }
    if (n < HPYKIT_TRACE_EXACT) {
        return hpykit_trace_now() & ~UINT64_C(1);
    }
    if ((n & hpykit_trace.mask) == 0) {
        return hpykit_trace_now() | 1;
    }
    return 0;
}

static inline void hpykit_trace_exit(int id, uint64_t start)
{
    if (start != 0) {
        uint64_t elapsed = hpykit_trace_now() - (start & ~UINT64_C(1));
        hpykit_trace.durations[id] += (start & 1) ? elapsed * (hpykit_trace.mask + 1) : elapsed;
    }
    if (hpykit_trace.on_exit != NULL) {
        hpykit_trace_call_hook(hpykit_trace.on_exit, id);
    }
}

/* The generated wrappers: `ctx` is the trace context, the call goes to the inner one. */
#define HPYKIT_TRACE_ENTER(id) uint64_t trace_start_ = ((void)ctx, hpykit_trace_enter(id))
#define HPYKIT_TRACE_EXIT(id) hpykit_trace_exit(id, trace_start_)

#endif /* HPYKIT_LOADER_TRACE_INTERNAL_H */
