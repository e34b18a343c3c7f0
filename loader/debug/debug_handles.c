/* Debug handle records: creation, checks, closing and the quarantine of closed records. */
#include "debug/debug_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

hpykit_debug_state hpykit_debug = {.closed_max = 1024, .raw_max = 10485760};

static void list_init(hpykit_dh_list *list)
{
    if (list->head.next == NULL) {
        list->head.next = list->head.prev = &list->head;
    }
}

/* The open list is doubly linked: any record leaves it at its close. */
static void list_append(hpykit_dh_list *list, hpykit_dh *dh)
{
    dh->prev = list->head.prev;
    dh->next = &list->head;
    list->head.prev->next = dh;
    list->head.prev = dh;
    list->length++;
}

static void list_remove(hpykit_dh_list *list, hpykit_dh *dh)
{
    dh->prev->next = dh->next;
    dh->next->prev = dh->prev;
    dh->prev = dh->next = NULL;
    list->length--;
}

/* The quarantine and the free records are queues, oldest first: records join at the tail
   (head.prev) and leave at the head, so only the next links are kept. */
static void queue_push(hpykit_dh_list *queue, hpykit_dh *dh)
{
    dh->next = &queue->head;
    queue->head.prev->next = dh;
    queue->head.prev = dh;
    queue->length++;
}

static hpykit_dh *queue_pop(hpykit_dh_list *queue)
{
    hpykit_dh *dh = queue->head.next;
    queue->head.next = dh->next;
    if (queue->head.next == &queue->head) {
        queue->head.prev = &queue->head;
    }
    dh->next = NULL;
    queue->length--;
    return dh;
}

/* Records are allocated in aligned blocks of SLAB bytes: a handle is known if its block
   is one of ours, it sits on a record boundary and the record is not free. Reclaimed
   records are reused oldest first, so a stale handle stays invalid for a long time.
   Blocks are taken in order from one region of address space reserved up front (pages
   are only backed once used), so that "one of ours" is a range check; blocks beyond it
   come from malloc and are found in the slabs set. */
#define SLAB HPYKIT_DH_SLAB
#define SLAB_RECORDS (SLAB / sizeof(hpykit_dh))
#define REGION_SLABS ((uintptr_t)4096) /* 256 MiB of address space */

uintptr_t hpykit_dh_region = 0;      /* SLAB-aligned, or 0 if it could not be reserved */
uintptr_t hpykit_dh_region_used = 0; /* bytes of it handed out as blocks */
static int region_tried = 0;

static void reserve_region(void)
{
    size_t size = (size_t)(REGION_SLABS * SLAB + SLAB);
    void *p;
    region_tried = 1;
    p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
             -1, 0);
    if (p != MAP_FAILED) {
        hpykit_dh_region = ((uintptr_t)p + SLAB - 1) & ~(SLAB - 1);
    }
}

static void *next_block(void)
{
    void *block = NULL;
    if (!region_tried) {
        reserve_region();
    }
    if (hpykit_dh_region != 0 && hpykit_dh_region_used < REGION_SLABS * SLAB) {
        block = (void *)(hpykit_dh_region + hpykit_dh_region_used);
        hpykit_dh_region_used += SLAB;
        return block;
    }
    if (posix_memalign(&block, SLAB, SLAB) != 0) {
        return NULL;
    }
    if (hpykit_ptrset_add(&hpykit_debug.slabs, block) < 0) {
        free(block);
        return NULL;
    }
    return block;
}

static int new_slab(void)
{
    void *block = next_block();
    size_t i;
    if (block == NULL) {
        return -1;
    }
    /* the first slab comes before the first record: the lists start here */
    list_init(&hpykit_debug.free_records);
    list_init(&hpykit_debug.open);
    list_init(&hpykit_debug.closed);
    for (i = 0; i < SLAB_RECORDS; i++) {
        hpykit_dh *dh = (hpykit_dh *)block + i;
        dh->state = HPYKIT_DH_FREE;
        dh->serial = 0;
        dh->site = NULL;
        queue_push(&hpykit_debug.free_records, dh);
    }
    return 0;
}

/* A record taken for a new handle: everything but its place in the lists. */
static void fill_record(hpykit_dh *dh, HPy uh, unsigned char state, unsigned char is_arg)
{
    dh->uh = uh;
    dh->serial = ++hpykit_debug.next_serial;
    dh->generation = hpykit_debug.generation;
    dh->state = state;
    dh->is_arg = is_arg;
    dh->closed_in = NULL;
    dh->type_name = "";
    dh->site = hpykit_debug.stack_limit > 0 ? hpykit_site_capture() : NULL;
    dh->raw = NULL;
}

static hpykit_dh *new_record(HPy uh, unsigned char state)
{
    hpykit_dh_list *free_records = &hpykit_debug.free_records;
    hpykit_dh *dh;
    if (free_records->length == 0 && new_slab() < 0) {
        return NULL;
    }
    dh = queue_pop(free_records);
    fill_record(dh, uh, state, 0);
    if (state == HPYKIT_DH_OPEN) {
        list_append(&hpykit_debug.open, dh);
    }
    return dh;
}

static void release_record(hpykit_dh *dh)
{
    dh->state = HPYKIT_DH_FREE;
    if (dh->site != NULL) {
        hpykit_site_free(dh->site);
        dh->site = NULL;
    }
    queue_push(&hpykit_debug.free_records, dh);
}

HPy hpykit_dh_wrap(HPyContext *ctx, HPy uh)
{
    hpykit_dh *dh;
    (void)ctx;
    if (HPy_IsNull(uh)) {
        return HPy_NULL;
    }
    dh = new_record(uh, HPYKIT_DH_OPEN);
    if (dh == NULL) {
        HPyContext *uctx = hpykit_debug.uctx;
        uctx->ctx_Close(uctx, uh);
        PyErr_NoMemory();
        return HPy_NULL;
    }
    return hpykit_dh_handle(dh);
}

HPy hpykit_dh_constant(HPyContext *ctx, HPy uh)
{
    hpykit_dh *dh;
    (void)ctx;
    dh = new_record(uh, HPYKIT_DH_CONSTANT);
    if (dh == NULL) {
        Py_FatalError("hpykit debug mode: no memory for the context's constant handles");
    }
    return hpykit_dh_handle(dh);
}

PyObject *hpykit_dh_object(hpykit_dh *dh)
{
    return dh->state == HPYKIT_DH_CLOSED ? NULL : _h2py(dh->uh);
}

/* The name of a static type lives as long as the process; a heap type's is copied, since
   a quarantined record must not keep its type alive. */
static void remember_type(hpykit_dh *dh)
{
    PyObject *obj = _h2py(dh->uh);
    const char *name;
    size_t n;
    if (obj == NULL) {
        dh->type_name = "NULL";
        return;
    }
    name = Py_TYPE(obj)->tp_name;
    if (!(Py_TYPE(obj)->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        dh->type_name = name;
        return;
    }
    n = strlen(name);
    if (n >= sizeof(dh->type_buf)) {
        n = sizeof(dh->type_buf) - 1;
    }
    memcpy(dh->type_buf, name, n);
    dh->type_buf[n] = '\0';
    dh->type_name = dh->type_buf;
}

void hpykit_dh_trim_quarantine(void)
{
    hpykit_dh_list *closed = &hpykit_debug.closed;
    while (closed->length > hpykit_debug.closed_max) {
        release_record(queue_pop(closed));
    }
}

/* What every close does to a record, listed or not; returns the universal handle, which
   the caller releases (after the record is closed: a destructor may use handles). */
static HPy mark_closed(hpykit_dh *dh, const char *func)
{
    HPy uh = dh->uh;
    remember_type(dh);
    if (dh->raw != NULL) {
        hpykit_raw_protect(dh, func);
    }
    dh->uh = HPy_NULL;
    dh->state = HPYKIT_DH_CLOSED;
    dh->closed_in = func;
    return uh;
}

static void quarantine(hpykit_dh *dh)
{
    list_remove(&hpykit_debug.open, dh);
    queue_push(&hpykit_debug.closed, dh);
    if (hpykit_debug.closed.length > hpykit_debug.closed_max) {
        /* the usual case once the quarantine is full: one record leaves it */
        release_record(queue_pop(&hpykit_debug.closed));
    }
}

HPy hpykit_dh_steal(hpykit_dh *dh, const char *func)
{
    HPy uh = mark_closed(dh, func);
    quarantine(dh);
    return uh;
}

void hpykit_dh_close(hpykit_dh *dh, const char *func)
{
    HPyContext *uctx = hpykit_debug.uctx;
    /* quarantined before the object is released: a destructor may use handles */
    HPy uh = hpykit_dh_steal(dh, func);
    uctx->ctx_Close(uctx, uh);
}

hpykit_dh *hpykit_dh_lookup(HPy h, const char *func, int flags)
{
    hpykit_dh *dh = hpykit_dh_of(h);
    if (HPy_IsNull(h) && (flags & HPYKIT_DH_NULLABLE)) {
        return NULL;
    }
    if (!HPy_IsNull(h) && hpykit_dh_known(dh) &&
        dh->state != HPYKIT_DH_CLOSED) {
        return dh;
    }
    hpykit_dh_report_bad(h, func, flags);
    return NULL;
}

int hpykit_dh_unwrap(HPyContext *ctx, HPy h, HPy *out, const char *func, int flags)
{
    hpykit_dh *dh;
    (void)ctx;
    if (HPy_IsNull(h) && (flags & HPYKIT_DH_NULLABLE)) {
        *out = HPy_NULL;
        return 0;
    }
    dh = hpykit_dh_lookup(h, func, flags);
    if (dh == NULL) {
        *out = HPy_NULL;
        return -1;
    }
    *out = dh->uh;
    return 0;
}

/* ---- argument handles ------------------------------------------------------------------ */

/* The runtime closes argument handles as their call returns, so they never leak and need
   not be listed as open; what matters is that a kept one stays recognisably closed for a
   long while. They have records of their own, reused round robin and skipping any still
   open in an outer call: a closed argument record is reused only after ARG_SLABS *
   SLAB_RECORDS other argument handles, and opening or closing one touches no list. When
   every one is open (a very deep recursion), records come from the general pool. */
#define ARG_SLABS 8
#define ARG_IN_RING 2 /* is_arg of a record of the ring; 1: from the general pool */

static hpykit_dh *arg_slabs[ARG_SLABS];
static size_t arg_total = 0, arg_next = 0;

static hpykit_dh *next_arg_record(void)
{
    size_t tries;
    if (arg_total == 0) {
        for (; arg_total < ARG_SLABS * SLAB_RECORDS; arg_total += SLAB_RECORDS) {
            hpykit_dh *block = (hpykit_dh *)next_block();
            size_t i;
            if (block == NULL) {
                break;
            }
            for (i = 0; i < SLAB_RECORDS; i++) {
                block[i].state = HPYKIT_DH_FREE;
                block[i].site = NULL;
            }
            arg_slabs[arg_total / SLAB_RECORDS] = block;
        }
    }
    for (tries = 0; tries < arg_total; tries++) {
        hpykit_dh *dh = arg_slabs[arg_next / SLAB_RECORDS] + arg_next % SLAB_RECORDS;
        arg_next = arg_next + 1 == arg_total ? 0 : arg_next + 1;
        if (dh->state != HPYKIT_DH_OPEN) {
            if (dh->site != NULL) {
                hpykit_site_free(dh->site);
            }
            return dh;
        }
    }
    return NULL;
}

HPy hpykit_dh_arg(HPyContext *ctx, PyObject *obj)
{
    HPyContext *uctx = hpykit_debug.uctx;
    HPy uh;
    hpykit_dh *dh;
    (void)ctx;
    if (obj == NULL) {
        return HPy_NULL;
    }
    uh = uctx->ctx_FromPyObject(uctx, obj);
    dh = next_arg_record();
    if (dh == NULL) {
        dh = new_record(uh, HPYKIT_DH_OPEN);
        if (dh == NULL) {
            Py_FatalError("hpykit debug mode: no memory for an argument handle");
        }
        dh->is_arg = 1;
        return hpykit_dh_handle(dh);
    }
    fill_record(dh, uh, HPYKIT_DH_OPEN, ARG_IN_RING);
    return hpykit_dh_handle(dh);
}

void hpykit_dh_close_arg(HPyContext *ctx, HPy h)
{
    static const char closed_by_runtime[] =
        "the end of the call (argument handles are closed by the runtime)";
    hpykit_dh *dh = hpykit_dh_of(h);
    HPyContext *uctx = hpykit_debug.uctx;
    HPy uh;
    (void)ctx;
    if (HPy_IsNull(h)) {
        return;
    }
    /* argument records are ours: closed by now only if reported already */
    if (dh->state != HPYKIT_DH_OPEN) {
        return;
    }
    if (dh->is_arg != ARG_IN_RING) {
        hpykit_dh_close(dh, closed_by_runtime);
        return;
    }
    /* as hpykit_dh_close, without the quarantine: the ring is one */
    uh = mark_closed(dh, closed_by_runtime);
    uctx->ctx_Close(uctx, uh);
}

PyObject *hpykit_dh_result(HPyContext *ctx, HPy h, const char *func)
{
    hpykit_dh *dh = hpykit_dh_of(h);
    char where[160], details[HPYKIT_DETAILS_SIZE];
    (void)ctx;
    if (HPy_IsNull(h)) {
        return NULL;
    }
    if (!hpykit_dh_known(dh) || dh->state == HPYKIT_DH_CLOSED) {
        const char *kind = hpykit_dh_explain(h, details, sizeof(details));
        snprintf(where, sizeof(where), "the result of an %s implementation", func);
        hpykit_debug_report(strcmp(kind, "invalid handle") == 0 ? "invalid handle returned"
                                                                 : "closed handle returned",
                            where, HPYKIT_DH_RAISES, "%s", details);
        return NULL;
    }
    if (dh->state == HPYKIT_DH_CONSTANT || dh->is_arg) {
        char desc[HPYKIT_DESC_SIZE];
        snprintf(where, sizeof(where), "the result of an %s implementation", func);
        hpykit_dh_describe(dh, desc, sizeof(desc));
        snprintf(details, sizeof(details), "the implementation returned a handle it does not "
                 "own (%s); return HPy_Dup(ctx, h) instead", desc);
        hpykit_site_format(dh->site, details, sizeof(details));
        hpykit_debug_report(dh->is_arg ? "argument handle returned without HPy_Dup"
                                       : "context constant returned without HPy_Dup",
                            where, HPYKIT_DH_RAISES, "%s", details);
        return NULL;
    }
    return _h2py(hpykit_dh_steal(dh, func));
}
