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

/* Flags of the checks. RAISES: the member can fail, so a misuse becomes an exception;
   otherwise it is a fatal error (or the on_invalid_handle callback). NULLABLE: HPy_NULL
   is accepted. BUILDER: a builder misuse (the on_invalid_builder_handle callback). */
#define HPYKIT_DH_RAISES 1
#define HPYKIT_DH_NULLABLE 2
#define HPYKIT_DH_BUILDER 4

typedef enum {
    HPYKIT_DH_FREE = 0, /* a reclaimed record, waiting for reuse */
    HPYKIT_DH_OPEN = 1,
    HPYKIT_DH_CLOSED = 2,
    HPYKIT_DH_CONSTANT = 3 /* ctx->h_None & co.: never closed */
} hpykit_dh_state;

/* Where a handle was created (when stack capture is on): the innermost Python frames as
   (code object, line) pairs and the C return addresses, innermost first. */
typedef struct {
    int n_py, n_c;
    PyObject **code;     /* n_py new references */
    int *line;
    void **pc;
} hpykit_dh_site;

/* A copy of raw data (HPyBytes_AsString & co.) handed out for a handle: a header followed
   by the bytes, carved out of a chunk of pre-mapped pages (see debug_raw.c). */
typedef struct hpykit_raw_chunk hpykit_raw_chunk;
typedef struct hpykit_raw {
    uint32_t magic;      /* HPYKIT_RAW_MAGIC: lets the fault handler walk a chunk */
    uint32_t epoch;      /* the chunk's epoch when it was carved (older data is stale) */
    size_t size;         /* bytes of data (a NUL follows) */
    const char *src;     /* the universal pointer it copies: asked again, the copy is reused */
    const char *func;    /* the API function that returned the pointer */
    const char *closed_in; /* set at the close */
    const void *handle;  /* the record, for the report */
    char *message;       /* the full report, when the record had a creation site (malloc'd) */
    hpykit_raw_chunk *chunk;
    struct hpykit_raw *next; /* of the same handle */
    char type_name[40];  /* the object's type, set at the close */
} hpykit_raw;

typedef struct hpykit_dh {
    HPy uh;              /* universal handle; owns the reference while open */
    uint64_t serial;     /* unique over the process: tells records at one address apart */
    long generation;
    unsigned char state; /* hpykit_dh_state */
    unsigned char is_arg; /* an argument handle: the runtime closes it after the call */
    const char *closed_in; /* API function that closed it */
    const char *type_name; /* the object's type, kept at close for later reports (a name,
                              not a reference: a quarantined record must not keep a type
                              alive): a static type's tp_name, or type_buf */
    char type_buf[48];   /* sized so that a record takes 128 bytes: see below */
    hpykit_dh_site *site; /* where it was created, or NULL */
    hpykit_raw *raw;     /* raw data copies handed out while open */
    struct hpykit_dh *prev, *next; /* open list or quarantine queue */
} hpykit_dh;

/* Checking that a handle is a record boundary (hpykit_dh_known, on every handle debug
   mode sees) is then a mask, not a division. */
_Static_assert(sizeof(hpykit_dh) == 128, "a debug handle record is 128 bytes");

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
    hpykit_ptrset slabs;     /* the blocks records are allocated from (see hpykit_dh_known) */
    hpykit_ptrset builders;
    hpykit_ptrset trackers;
    hpykit_retired retired_builders;
    hpykit_retired retired_trackers;
    PyObject *on_invalid_handle; /* Python callable or NULL */
    PyObject *on_invalid_builder_handle; /* Python callable or NULL */
    int stack_limit;             /* frames captured at handle creation; 0: off */
    Py_ssize_t raw_max;          /* bytes of closed raw data kept protected */
    Py_ssize_t raw_protected;    /* bytes of closed raw data protected now */
    hpykit_dh_list free_records; /* reclaimed records, reused oldest first */
    PyObject *error_type;        /* hpykit.debug.HPyDebugError */
} hpykit_debug_state;

extern hpykit_debug_state hpykit_debug;

/* What a debug context knows about itself (ctx->_private). */
typedef struct {
    HPyContext *uctx;    /* the context its members forward to */
    HPyContext *base;    /* the flavour's base context */
    unsigned char valid; /* 0: a copy whose call has returned */
    unsigned char in_use;
} hpykit_debug_ctxinfo;

/* ---- debug_ctx.c: contexts ------------------------------------------------------------- */

/* Debug checks over the trace context (MODE_DEBUG | MODE_TRACE). */
HPyContext *hpykit_debug_trace_ctx(void);

/* A trampoline call: the copy of ctx's flavour to pass to the implementation, and its
   release when the implementation returned. */
HPyContext *hpykit_debug_call_begin(HPyContext *ctx);
void hpykit_debug_call_end(HPyContext *call_ctx);

/* Report a stale context used in func; NULL if that raised, else the context to forward to. */
HPyContext *hpykit_debug_stale_ctx(HPyContext *ctx, const char *func, int flags);

/* Process-wide set-up on the first debug context (signal handler, exit report). */
void hpykit_debug_init_once(void);

/* Every member starts here: the context to forward to, after checking that ctx is not a
   copy whose call has returned. NULL only if flags has HPYKIT_DH_RAISES and it was. */
static inline HPyContext *hpykit_debug_enter(HPyContext *ctx, const char *func, int flags)
{
    hpykit_debug_ctxinfo *info = (hpykit_debug_ctxinfo *)ctx->_private;
    if (info->valid) {
        return info->uctx;
    }
    return hpykit_debug_stale_ctx(ctx, func, flags);
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


/* Whether p is a record of debug mode that is open, constant or quarantined (reading no
   memory p might not point to: records live in aligned blocks whose addresses are known). */
/* The region of address space records are carved from first (debug_handles.c). */
extern uintptr_t hpykit_dh_region, hpykit_dh_region_used;
#define HPYKIT_DH_SLAB ((uintptr_t)1 << 16)

/* Whether p is a debug handle record: on a record boundary of a block of ours, and not
   free. Inline: every handle debug mode sees goes through it. */
static inline int hpykit_dh_known(const void *p)
{
    uintptr_t addr = (uintptr_t)p, base = addr & ~(HPYKIT_DH_SLAB - 1);
    return addr != 0 && (addr & (sizeof(hpykit_dh) - 1)) == 0 &&
           (base - hpykit_dh_region < hpykit_dh_region_used ||
            hpykit_ptrset_contains(&hpykit_debug.slabs, (void *)base)) &&
           ((const hpykit_dh *)p)->state != HPYKIT_DH_FREE;
}

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

/* ---- debug_site.c: where handles were created ------------------------------------------ */

/* The creation site of a new record when capture is on, else NULL. */
hpykit_dh_site *hpykit_site_capture(void);
void hpykit_site_free(hpykit_dh_site *site);

/* Append "\n  created at:\n..." lines for the site to buf (of size size, holding a string). */
void hpykit_site_format(const hpykit_dh_site *site, char *buf, size_t size);

/* The name of the function containing pc ("name+0xoff in file"), from the dynamic symbols
   or, for static functions, the file's ELF symbol table. */
void hpykit_symbolize(void *pc, char *buf, size_t size);

/* ---- debug_raw.c: protected raw data --------------------------------------------------- */

/* A debug-owned copy of size bytes at data (plus a NUL) for the open record dh, handed
   out by func; NULL with MemoryError. */
const char *hpykit_raw_copy(hpykit_dh *dh, const char *data, size_t size, const char *func);

/* The record is being closed by func: make its copies inaccessible (bounded by raw_max). */
void hpykit_raw_protect(hpykit_dh *dh, const char *func);

/* Total size of the copies of an open record, -1 if none. */
Py_ssize_t hpykit_raw_size(hpykit_dh *dh);

/* Apply a new raw_max: release the oldest protected copies beyond it. */
void hpykit_raw_trim(void);

/* Buffer sizes of reports: a description of a record, and details with a creation site. */
#define HPYKIT_DESC_SIZE 200
#define HPYKIT_DETAILS_SIZE 6000

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

/* Report an HPy_Close of h that is not allowed (unknown, closed, constant, argument). */
void hpykit_dh_report_close(HPy h);

#include "debug/autogen_debug_ctx.h"

#endif /* HPYKIT_LOADER_DEBUG_INTERNAL_H */
