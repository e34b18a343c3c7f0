/* Raw data in debug mode: HPyBytes_AsString, HPyBytes_AS_STRING and
   HPyUnicode_AsUTF8AndSize hand out a pointer into a debug-owned copy that is made
   inaccessible (PROT_NONE) once the handle is closed; a read through the stale pointer
   faults, and the SIGSEGV handler installed with the first copy recognises the address,
   prints which API function returned the pointer, for which handle, and aborts. A fault
   elsewhere goes to the handler that was there before.

   The common path makes no system call. Copies are carved, each behind a header, out of
   chunks of CHUNK bytes mapped once and reused. A chunk counts its copies still open; its
   pages are protected only when none is, so one mprotect covers many copies:
   * when the chunk is full ("retired"), its remaining pages are protected as a whole at
     the close of its last open copy, and it joins the quarantine of protected chunks;
   * before that, the pages used so far are protected at once when the close leaves no
     copy open and the eager budget allows it: a budget of one protection per EAGER_EVERY
     copies, saved up to EAGER_SAVED. So a read right after a close is caught at once
     unless copies are made and closed faster than that; then it is caught when the
     chunk's pages are protected (at the latest when the chunk is full).
   Copies that would fill more than a quarter of a chunk get a mapping of their own,
   protected at their close. Protected chunks are kept up to get_protected_raw_data_max_size()
   bytes, oldest released first: released chunks wait, still protected, in a small pool
   and are made writable again (one mprotect) when reused; a read there is reported too,
   only without the details of the copy. With a maximum of 0 nothing is copied: the
   universal pointer is returned. */
#include "debug/debug_internal.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HPYKIT_RAW_MAGIC 0x52415721u
#define CHUNK ((size_t)1 << 16)
#define POOL_MAX 16
#define EAGER_EVERY 256
#define EAGER_SAVED (4 * EAGER_EVERY)
#define ALIGN 16

struct hpykit_raw_chunk {
    char *base;
    size_t mapped;
    size_t used;           /* bytes carved so far */
    size_t protected_upto; /* [base, base + protected_upto) is PROT_NONE */
    Py_ssize_t live;       /* copies still open */
    uint32_t epoch;        /* headers of an earlier use of the chunk are stale */
    unsigned char retired; /* full: no more copies are carved out of it */
    unsigned char pooled;  /* released: its copies are no longer described */
    hpykit_raw_chunk *next; /* in the quarantine or the pool */
    hpykit_raw_chunk *all;  /* every chunk, for the fault handler */
};

static hpykit_raw_chunk *current = NULL;   /* where copies are carved */
static hpykit_raw_chunk *all_chunks = NULL;
static hpykit_raw_chunk *quarantine_head = NULL, *quarantine_tail = NULL;
static hpykit_raw_chunk *pool = NULL;
static int pool_size = 0;
static long eager_budget = EAGER_SAVED;
static size_t page_size = 0;
static struct sigaction previous_action;
static int handler_installed = 0;

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

/* ---- the fault handler ------------------------------------------------------------------ */

static void write_text(const char *text)
{
    ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
    (void)ignored;
}

/* The copy of chunk c whose header or data contains addr (the nearest before it), or NULL.
   The chunk is made readable first: the process aborts after the report anyway. */
static const hpykit_raw *find_copy(hpykit_raw_chunk *c, const char *addr)
{
    const hpykit_raw *found = NULL;
    size_t offset = 0;
    mprotect(c->base, c->mapped, PROT_READ);
    while (offset + sizeof(hpykit_raw) <= c->used) {
        const hpykit_raw *raw = (const hpykit_raw *)(c->base + offset);
        if (raw->magic != HPYKIT_RAW_MAGIC || raw->epoch != c->epoch) {
            offset = round_up(offset + 1, page_size); /* a gap up to the next page */
            continue;
        }
        if ((const char *)raw > addr) {
            break;
        }
        found = raw;
        offset += sizeof(hpykit_raw) + round_up(raw->size + 1, ALIGN);
    }
    return found;
}

static void on_segv(int signum, siginfo_t *info, void *context)
{
    const char *addr = (const char *)info->si_addr;
    hpykit_raw_chunk *c;
    (void)context;
    for (c = all_chunks; c != NULL; c = c->all) {
        if (addr >= c->base && addr < c->base + c->mapped) {
            static char text[HPYKIT_DETAILS_SIZE];
            const hpykit_raw *raw = c->pooled ? NULL : find_copy(c, addr);
            write_text("hpykit debug mode: ");
            if (raw != NULL && raw->message != NULL) {
                write_text(raw->message);
            }
            else if (raw != NULL) {
                snprintf(text, sizeof(text), "raw data of a closed handle read: the pointer %p "
                         "(%lu bytes) returned by %s for the handle 0x%lx to an object of type "
                         "'%s' was read after the handle was closed in %s",
                         (const void *)(raw + 1), (unsigned long)raw->size, raw->func,
                         (unsigned long)(uintptr_t)raw->handle, raw->type_name,
                         raw->closed_in != NULL ? raw->closed_in : "?");
                write_text(text);
            }
            else {
                write_text("raw data of a closed handle read (a copy released from the "
                           "quarantine of get_protected_raw_data_max_size() bytes)");
            }
            write_text("\n");
            abort();
        }
    }
    /* not ours: let the previous handler (or the default action) see the fault again */
    sigaction(signum, &previous_action, NULL);
}

static void install_handler(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_segv;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGSEGV, &action, &previous_action) == 0) {
        handler_installed = 1;
    }
}

/* ---- chunks --------------------------------------------------------------------------- */

static void free_messages(hpykit_raw_chunk *c)
{
    size_t offset = 0;
    while (offset + sizeof(hpykit_raw) <= c->used) {
        hpykit_raw *raw = (hpykit_raw *)(c->base + offset);
        if (raw->magic != HPYKIT_RAW_MAGIC || raw->epoch != c->epoch) {
            offset = round_up(offset + 1, page_size);
            continue;
        }
        free(raw->message);
        raw->message = NULL;
        offset += sizeof(hpykit_raw) + round_up(raw->size + 1, ALIGN);
    }
}

static void unlink_all(hpykit_raw_chunk *c)
{
    hpykit_raw_chunk **p = &all_chunks;
    while (*p != c) {
        p = &(*p)->all;
    }
    *p = c->all;
}

/* A chunk of at least size bytes, writable and empty: from the pool if it fits. */
static hpykit_raw_chunk *take_chunk(size_t size)
{
    hpykit_raw_chunk *c;
    void *base;
    if (size <= CHUNK && pool != NULL) {
        c = pool;
        pool = c->next;
        pool_size--;
        if (mprotect(c->base, c->mapped, PROT_READ | PROT_WRITE) == 0) {
            free_messages(c);
            c->used = c->protected_upto = 0;
            c->live = 0;
            c->epoch++;
            c->retired = c->pooled = 0;
            c->next = NULL;
            return c;
        }
        unlink_all(c);
        munmap(c->base, c->mapped);
        free(c);
    }
    size = size <= CHUNK ? CHUNK : round_up(size, page_size);
    c = (hpykit_raw_chunk *)calloc(1, sizeof(hpykit_raw_chunk));
    base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (c == NULL || base == MAP_FAILED) {
        free(c);
        if (base != MAP_FAILED) {
            munmap(base, size);
        }
        return NULL;
    }
    c->base = (char *)base;
    c->mapped = size;
    c->all = all_chunks;
    all_chunks = c;
    return c;
}

/* Release a protected chunk from the quarantine: to the pool, or unmapped. */
static void release_chunk(hpykit_raw_chunk *c)
{
    if (c->mapped == CHUNK && pool_size < POOL_MAX) {
        c->pooled = 1;
        c->next = pool;
        pool = c;
        pool_size++;
        return;
    }
    /* writable: free_messages clears each copy's message */
    if (mprotect(c->base, c->mapped, PROT_READ | PROT_WRITE) == 0) {
        free_messages(c);
    }
    unlink_all(c);
    munmap(c->base, c->mapped);
    free(c);
}

void hpykit_raw_trim(void)
{
    while (quarantine_head != NULL && hpykit_debug.raw_protected > hpykit_debug.raw_max) {
        hpykit_raw_chunk *oldest = quarantine_head;
        quarantine_head = oldest->next;
        if (quarantine_head == NULL) {
            quarantine_tail = NULL;
        }
        hpykit_debug.raw_protected -= (Py_ssize_t)oldest->mapped;
        release_chunk(oldest);
    }
}

/* Protect [protected_upto, upto) of a chunk with no open copy. */
static void protect_upto(hpykit_raw_chunk *c, size_t upto)
{
    if (upto > c->protected_upto &&
        mprotect(c->base + c->protected_upto, upto - c->protected_upto, PROT_NONE) == 0) {
        c->protected_upto = upto;
    }
    c->used = upto > c->used ? upto : c->used;
}

/* A retired chunk whose copies are all closed: protected as a whole, into the quarantine. */
static void quarantine_chunk(hpykit_raw_chunk *c)
{
    protect_upto(c, c->mapped);
    c->next = NULL;
    if (quarantine_tail != NULL) {
        quarantine_tail->next = c;
    }
    else {
        quarantine_head = c;
    }
    quarantine_tail = c;
    hpykit_debug.raw_protected += (Py_ssize_t)c->mapped;
    hpykit_raw_trim();
}

static void retire(hpykit_raw_chunk *c)
{
    c->retired = 1;
    if (c == current) {
        current = NULL;
    }
    if (c->live == 0) {
        quarantine_chunk(c);
    }
}

/* Room for a copy of size bytes (header included): carved out of the current chunk, or
   a chunk of its own when it is big. NULL if no memory. */
static hpykit_raw *carve(size_t size)
{
    hpykit_raw_chunk *c;
    hpykit_raw *raw;
    if (size > CHUNK / 4) {
        c = take_chunk(size);
        if (c == NULL) {
            return NULL;
        }
        c->used = size;
        c->retired = 1;
    }
    else {
        if (current != NULL && current->used + size > current->mapped) {
            retire(current);
        }
        if (current == NULL) {
            current = take_chunk(CHUNK);
            if (current == NULL) {
                return NULL;
            }
        }
        c = current;
        c->used += size;
    }
    raw = (hpykit_raw *)(c->base + c->used - size);
    raw->chunk = c;
    raw->epoch = c->epoch;
    c->live++;
    return raw;
}

const char *hpykit_raw_copy(hpykit_dh *dh, const char *data, size_t size, const char *func)
{
    hpykit_raw *raw;
    if (hpykit_debug.raw_max == 0) {
        return data; /* no protection asked for: nothing to copy */
    }
    for (raw = dh->raw; raw != NULL; raw = raw->next) {
        if (raw->src == data && raw->size == size) {
            return (const char *)(raw + 1); /* the same buffer asked for again: the same pointer */
        }
    }
    if (page_size == 0) {
        page_size = (size_t)sysconf(_SC_PAGESIZE);
    }
    if (!handler_installed) {
        install_handler();
    }
    if (size > (size_t)PY_SSIZE_T_MAX - sizeof(hpykit_raw) - ALIGN ||
        (raw = carve(sizeof(hpykit_raw) + round_up(size + 1, ALIGN))) == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    raw->magic = HPYKIT_RAW_MAGIC;
    raw->size = size;
    raw->src = data;
    raw->func = func;
    raw->closed_in = NULL;
    raw->handle = dh;
    raw->message = NULL;
    raw->next = dh->raw;
    dh->raw = raw;
    memcpy(raw + 1, data, size);
    ((char *)(raw + 1))[size] = '\0';
    if (eager_budget < EAGER_SAVED) {
        eager_budget++;
    }
    return (const char *)(raw + 1);
}

/* The full report of a read after the close, made at the close when the record has a
   creation site (formatting it is too slow for the fault handler). */
static char *full_message(hpykit_dh *dh, const hpykit_raw *raw, const char *func)
{
    char desc[HPYKIT_DESC_SIZE], message[HPYKIT_DETAILS_SIZE];
    hpykit_dh_describe(dh, desc, sizeof(desc));
    snprintf(message, sizeof(message), "raw data of a closed handle read: the pointer %p "
             "(%lu bytes) returned by %s for the %s was read after the handle was closed "
             "in %s", (const void *)(raw + 1), (unsigned long)raw->size, raw->func, desc, func);
    hpykit_site_format(dh->site, message, sizeof(message));
    return strdup(message);
}

static void close_copy(hpykit_raw_chunk *c)
{
    if (--c->live > 0) {
        return;
    }
    if (c->retired) {
        quarantine_chunk(c);
    }
    else if (eager_budget >= EAGER_EVERY) {
        eager_budget -= EAGER_EVERY;
        protect_upto(c, round_up(c->used, page_size));
        if (c->used >= c->mapped) {
            retire(c);
        }
    }
}

void hpykit_raw_protect(hpykit_dh *dh, const char *func)
{
    hpykit_raw *raw = dh->raw, *next;
    const char *type_name = dh->type_name;
    size_t n = strlen(type_name);
    if (n >= sizeof(raw->type_name)) {
        n = sizeof(raw->type_name) - 1;
    }
    dh->raw = NULL;
    for (; raw != NULL; raw = next) {
        next = raw->next;
        raw->closed_in = func;
        memcpy(raw->type_name, type_name, n);
        raw->type_name[n] = '\0';
        if (dh->site != NULL) {
            raw->message = full_message(dh, raw, func);
        }
        raw->next = NULL;
        close_copy(raw->chunk);
    }
}

Py_ssize_t hpykit_raw_size(hpykit_dh *dh)
{
    Py_ssize_t total = 0;
    hpykit_raw *raw;
    if (dh->raw == NULL) {
        return -1;
    }
    for (raw = dh->raw; raw != NULL; raw = raw->next) {
        total += (Py_ssize_t)raw->size;
    }
    return total;
}

/* ---- the members that hand out raw data ------------------------------------------------- */

static const char *raw_result(HPyContext *ctx, HPy h, const char *data, size_t size,
                              const char *func)
{
    (void)ctx;
    if (data == NULL) {
        return NULL;
    }
    return hpykit_raw_copy(hpykit_dh_of(h), data, size, func);
}

const char *debug_ctx_Bytes_AsString(HPyContext *ctx, HPy h)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyBytes_AsString", HPYKIT_DH_RAISES);
    HPy u_h;
    const char *data;
    if (uctx == NULL || hpykit_dh_unwrap(ctx, h, &u_h, "HPyBytes_AsString", HPYKIT_DH_RAISES) < 0) {
        return NULL;
    }
    data = uctx->ctx_Bytes_AsString(uctx, u_h);
    return raw_result(ctx, h, data, data != NULL ? (size_t)PyBytes_GET_SIZE(_h2py(u_h)) : 0,
                      "HPyBytes_AsString");
}

const char *debug_ctx_Bytes_AS_STRING(HPyContext *ctx, HPy h)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyBytes_AS_STRING", HPYKIT_DH_RAISES);
    HPy u_h;
    const char *data;
    if (uctx == NULL || hpykit_dh_unwrap(ctx, h, &u_h, "HPyBytes_AS_STRING", HPYKIT_DH_RAISES) < 0) {
        return NULL;
    }
    if (!PyBytes_Check(_h2py(u_h))) {
        hpykit_debug_report("wrong type", "HPyBytes_AS_STRING", HPYKIT_DH_RAISES,
                            "expected a bytes object, got an object of type '%s'",
                            Py_TYPE(_h2py(u_h))->tp_name);
        return NULL;
    }
    data = uctx->ctx_Bytes_AS_STRING(uctx, u_h);
    return raw_result(ctx, h, data, (size_t)PyBytes_GET_SIZE(_h2py(u_h)), "HPyBytes_AS_STRING");
}

const char *debug_ctx_Unicode_AsUTF8AndSize(HPyContext *ctx, HPy h, HPy_ssize_t *size)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyUnicode_AsUTF8AndSize", HPYKIT_DH_RAISES);
    HPy u_h;
    HPy_ssize_t n = 0;
    const char *data;
    if (uctx == NULL ||
        hpykit_dh_unwrap(ctx, h, &u_h, "HPyUnicode_AsUTF8AndSize", HPYKIT_DH_RAISES) < 0) {
        return NULL;
    }
    data = uctx->ctx_Unicode_AsUTF8AndSize(uctx, u_h, size != NULL ? size : &n);
    if (size != NULL) {
        n = *size;
    }
    return raw_result(ctx, h, data, (size_t)n, "HPyUnicode_AsUTF8AndSize");
}
