/* Raw data in debug mode: HPyBytes_AsString, HPyBytes_AS_STRING and
   HPyUnicode_AsUTF8AndSize hand out a pointer into a debug-owned copy on pages of its
   own. When the handle is closed the pages are made inaccessible (mprotect PROT_NONE)
   and kept, up to get_protected_raw_data_max_size() bytes (oldest released first); a read
   through the stale pointer faults, and the SIGSEGV handler installed with the first copy
   recognises the address, prints which API function returned the pointer, for which
   handle, and aborts. A fault elsewhere goes to the handler that was there before. */
#include "debug/debug_internal.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static hpykit_raw *protected_head = NULL, *protected_tail = NULL;
static struct sigaction previous_action;
static int handler_installed = 0;

static void on_segv(int signum, siginfo_t *info, void *context)
{
    char *addr = (char *)info->si_addr;
    hpykit_raw *raw;
    (void)context;
    for (raw = protected_head; raw != NULL; raw = raw->next) {
        if (addr >= raw->base && addr < raw->base + raw->mapped) {
            static const char prefix[] = "hpykit debug mode: ";
            const char *text = raw->message != NULL ? raw->message
                                                    : "raw data of a closed handle read";
            ssize_t ignored = write(STDERR_FILENO, prefix, sizeof(prefix) - 1);
            ignored = write(STDERR_FILENO, text, strlen(text));
            ignored = write(STDERR_FILENO, "\n", 1);
            (void)ignored;
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

const char *hpykit_raw_copy(hpykit_dh *dh, const char *data, size_t size, const char *func)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t mapped = (size + 1 + page - 1) / page * page;
    hpykit_raw *raw;
    void *base;
    for (raw = dh->raw; raw != NULL; raw = raw->next) {
        if (raw->src == data && raw->size == size) {
            return raw->base; /* the same buffer asked for again: the same pointer */
        }
    }
    raw = (hpykit_raw *)malloc(sizeof(hpykit_raw));
    base = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == NULL || base == MAP_FAILED) {
        free(raw);
        if (base != MAP_FAILED) {
            munmap(base, mapped);
        }
        PyErr_NoMemory();
        return NULL;
    }
    if (!handler_installed) {
        install_handler();
    }
    raw->base = (char *)base;
    raw->mapped = mapped;
    raw->size = size;
    raw->src = data;
    raw->func = func;
    raw->message = NULL;
    memcpy(raw->base, data, size);
    raw->base[size] = '\0';
    raw->next = dh->raw;
    dh->raw = raw;
    return raw->base;
}

static void release(hpykit_raw *raw)
{
    munmap(raw->base, raw->mapped);
    free(raw->message);
    free(raw);
}

void hpykit_raw_trim(void)
{
    while (protected_head != NULL && hpykit_debug.raw_protected > hpykit_debug.raw_max) {
        hpykit_raw *oldest = protected_head;
        protected_head = oldest->next;
        if (protected_head == NULL) {
            protected_tail = NULL;
        }
        hpykit_debug.raw_protected -= (Py_ssize_t)oldest->mapped;
        release(oldest);
    }
}

void hpykit_raw_protect(hpykit_dh *dh, const char *func)
{
    hpykit_raw *raw = dh->raw, *next;
    char desc[HPYKIT_DESC_SIZE];
    hpykit_dh_describe(dh, desc, sizeof(desc));
    dh->raw = NULL;
    for (; raw != NULL; raw = next) {
        char message[HPYKIT_DETAILS_SIZE];
        next = raw->next;
        snprintf(message, sizeof(message), "raw data of a closed handle read: the pointer %p "
                 "(%lu bytes) returned by %s for the %s was read after the handle was closed "
                 "in %s", (void *)raw->base, (unsigned long)raw->size, raw->func, desc, func);
        hpykit_site_format(dh->site, message, sizeof(message));
        raw->message = strdup(message);
        raw->next = NULL;
        if (mprotect(raw->base, raw->mapped, PROT_NONE) < 0) {
            release(raw);
            continue;
        }
        if (protected_tail != NULL) {
            protected_tail->next = raw;
        }
        else {
            protected_head = raw;
        }
        protected_tail = raw;
        hpykit_debug.raw_protected += (Py_ssize_t)raw->mapped;
    }
    hpykit_raw_trim();
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
