/* Debug mode's shared state: the debug handle records, the checks every member runs and
   the reports they make. The debug context checks, then forwards to the universal one.

   A debug handle is the address of a record that owns the universal handle (so the
   object reference) while it is open. Closed records wait in a bounded quarantine queue
   so that a later use is recognised; then their memory is reclaimed. Every record, open
   or quarantined, is in a set of known addresses: a handle is checked without reading
   memory it might not point to. */
#ifndef HPYKIT_LOADER_DEBUG_INTERNAL_H
#define HPYKIT_LOADER_DEBUG_INTERNAL_H

#include "ctx/ctx.h"
#include "debug/debug.h"
#include "debug/ptrset.h"

#include <stdint.h>

typedef enum {
    HPYKIT_DH_OPEN = 1,
    HPYKIT_DH_CLOSED = 2,
    HPYKIT_DH_CONSTANT = 3 /* ctx->h_None & co.: never closed */
} hpykit_dh_state;

typedef struct hpykit_dh {
    HPy uh;              /* universal handle; owns the reference while open */
    uint64_t serial;     /* unique over the process: tells records at one address apart */
    long generation;
    unsigned char state; /* hpykit_dh_state */
    unsigned char is_arg; /* an argument handle: the runtime closes it after the call */
    const char *closed_in; /* API function that closed it */
    char type_name[48];  /* the object's type, kept at close for later reports */
    struct hpykit_dh *prev, *next; /* open list or quarantine queue */
} hpykit_dh;

/* A circular list with a sentinel. */
typedef struct {
    hpykit_dh head;
    Py_ssize_t length;
} hpykit_dh_list;

/* Builders and trackers of debug mode: what a list/tuple builder or a tracker holds. */
typedef struct hpykit_debug_builder hpykit_debug_builder;
typedef struct hpykit_debug_tracker hpykit_debug_tracker;

typedef struct {
    HPyContext *uctx;        /* the context debug mode forwards to */
    hpykit_dh_list open;
    hpykit_dh_list closed;   /* quarantine, oldest first */
    Py_ssize_t closed_max;
    long generation;
    uint64_t next_serial;
    hpykit_ptrset handles;   /* every record: open, constant or quarantined */
    hpykit_ptrset builders;
    hpykit_ptrset trackers;
    hpykit_retired retired_builders;
    hpykit_retired retired_trackers;
    PyObject *on_invalid_handle; /* Python callable or NULL */
    PyObject *error_type;        /* hpykit.debug.HPyDebugError */
} hpykit_debug_state;

extern hpykit_debug_state hpykit_debug;

static inline HPyContext *hpykit_debug_uctx(HPyContext *ctx)
{
    (void)ctx;
    return hpykit_debug.uctx;
}

static inline hpykit_dh *hpykit_dh_of(HPy h)
{
    return (hpykit_dh *)h._i;
}

static inline HPy hpykit_dh_handle(hpykit_dh *dh)
{
    HPy h;
    h._i = (intptr_t)dh;
    return h;
}

/* ---- debug_handles.c: records ---------------------------------------------------------- */

/* Flags of hpykit_dh_unwrap. RAISES: the member can fail, so a bad handle becomes an
   exception; otherwise it is a fatal error (or the on_invalid_handle callback). */
#define HPYKIT_DH_RAISES 1
#define HPYKIT_DH_NULLABLE 2

/* Check h for a use by `func`; 0 and the universal handle in *out, or -1 once reported. */
int hpykit_dh_unwrap(HPyContext *ctx, HPy h, HPy *out, const char *func, int flags);

/* The open record behind h, or NULL once reported (HPy_NULL is reported unless nullable;
   then NULL is returned with nothing reported: check HPy_IsNull first). */
hpykit_dh *hpykit_dh_lookup(HPy h, const char *func, int flags);

/* A new debug handle that takes over the universal handle uh (HPy_NULL stays HPy_NULL).
   HPy_NULL with MemoryError if no record can be allocated (uh is then closed). */
HPy hpykit_dh_wrap(HPyContext *ctx, HPy uh);

/* A permanent debug handle for a context constant (the universal handle is borrowed). */
HPy hpykit_dh_constant(HPyContext *ctx, HPy uh);

/* Close an open record: release the universal handle and move it to quarantine. */
void hpykit_dh_close(hpykit_dh *dh, const char *func);

/* Give up the universal handle of an open record without releasing it, and quarantine it. */
HPy hpykit_dh_steal(hpykit_dh *dh, const char *func);

/* Trampolines: a CPython argument as a fresh debug handle (borrowed -> owned: a new
   reference); closed by hpykit_dh_close_arg after the call. */
HPy hpykit_dh_arg(HPyContext *ctx, PyObject *obj);
void hpykit_dh_close_arg(HPyContext *ctx, HPy h);

/* Trampolines: the handle an implementation returned, as a new reference (NULL passes;
   a handle that is not open and owned by the implementation raises). */
PyObject *hpykit_dh_result(HPyContext *ctx, HPy h, const char *func);

/* The record's object, or NULL if closed. Borrowed. */
PyObject *hpykit_dh_object(hpykit_dh *dh);

/* Reclaim quarantined records beyond the queue's maximum size. */
void hpykit_dh_trim_quarantine(void);

/* ---- debug_report.c: reports --------------------------------------------------------- */

/* Report a misuse detected in `func`. With HPYKIT_DH_RAISES in flags, raise HPyDebugError
   and return; otherwise print it and call the on_invalid_handle callback, or abort with a
   fatal error if none is set. The message is "<what> in <func>: <details>"; details may
   be NULL. */
void hpykit_debug_report(const char *what, const char *func, int flags, const char *fmt, ...);

/* Text that describes the object of a record for a report: type and, when it is safe to
   compute, a short repr. */
void hpykit_dh_describe(hpykit_dh *dh, char *buf, size_t size);

/* Why h cannot be used: returns the kind of error and writes the details. */
const char *hpykit_dh_explain(HPy h, char *details, size_t size);

/* Raise (or report) the misuse of the handle h in func: HPy_NULL, closed or unknown. */
void hpykit_dh_report_bad(HPy h, const char *func, int flags);

#include "debug/autogen_debug_ctx.h"

#endif /* HPYKIT_LOADER_DEBUG_INTERNAL_H */
