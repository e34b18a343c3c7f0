/* HPyTracker in debug mode: the tracker holds debug handles and closes them through the
   debug HPy_Close, so a handle closed twice (by hand and by the tracker) is reported; a
   closed tracker stays known for a while so that its reuse is reported too. */
#include "debug/debug_internal.h"

#include <stdlib.h>

struct hpykit_debug_tracker {
    HPy *handles;
    HPy_ssize_t length;
    HPy_ssize_t capacity;
    int closed;
};

HPyTracker debug_ctx_Tracker_New(HPyContext *ctx, HPy_ssize_t size)
{
    HPyTracker ht = {0};
    hpykit_debug_tracker *t;
    (void)ctx;
    if (size < 0) {
        PyErr_Format(PyExc_ValueError, "HPyTracker_New: negative size %zd", size);
        return ht;
    }
    if (size < 8) {
        size = 8;
    }
    t = (hpykit_debug_tracker *)malloc(sizeof(hpykit_debug_tracker));
    if (t == NULL) {
        PyErr_NoMemory();
        return ht;
    }
    t->handles = (HPy *)malloc((size_t)size * sizeof(HPy));
    if (t->handles == NULL || hpykit_ptrset_add(&hpykit_debug.trackers, t) < 0) {
        free(t->handles);
        free(t);
        PyErr_NoMemory();
        return ht;
    }
    t->length = 0;
    t->capacity = size;
    t->closed = 0;
    ht._i = (intptr_t)t;
    return ht;
}

/* The open tracker behind ht, or NULL once reported. */
static hpykit_debug_tracker *lookup(HPyTracker ht, const char *func, int flags)
{
    hpykit_debug_tracker *t = (hpykit_debug_tracker *)ht._i;
    if (!hpykit_ptrset_contains(&hpykit_debug.trackers, t)) {
        hpykit_debug_report("invalid tracker", func, flags,
                            "0x%lx is not a tracker of the debug context", (unsigned long)ht._i);
        return NULL;
    }
    if (t->closed) {
        hpykit_debug_report("tracker used after HPyTracker_Close", func, flags,
                            "tracker 0x%lx was closed already", (unsigned long)ht._i);
        return NULL;
    }
    return t;
}

int debug_ctx_Tracker_Add(HPyContext *ctx, HPyTracker ht, HPy h)
{
    hpykit_debug_tracker *t;
    if (ht._i == 0) {
        PyErr_SetString(PyExc_SystemError, "HPyTracker_Add: the tracker is NULL");
        return -1;
    }
    t = lookup(ht, "HPyTracker_Add", HPYKIT_DH_RAISES);
    if (t == NULL || hpykit_dh_lookup(h, "HPyTracker_Add", HPYKIT_DH_RAISES) == NULL) {
        return -1;
    }
    (void)ctx;
    if (t->length == t->capacity) {
        HPy_ssize_t capacity = t->capacity * 2;
        HPy *grown = (HPy *)realloc(t->handles, (size_t)capacity * sizeof(HPy));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        t->handles = grown;
        t->capacity = capacity;
    }
    t->handles[t->length++] = h;
    return 0;
}

void debug_ctx_Tracker_ForgetAll(HPyContext *ctx, HPyTracker ht)
{
    hpykit_debug_tracker *t;
    (void)ctx;
    if (ht._i == 0) {
        return;
    }
    t = lookup(ht, "HPyTracker_ForgetAll", 0);
    if (t != NULL) {
        t->length = 0;
    }
}

void debug_ctx_Tracker_Close(HPyContext *ctx, HPyTracker ht)
{
    hpykit_debug_tracker *t;
    HPy_ssize_t i;
    if (ht._i == 0) {
        return; /* New failed: nothing to close */
    }
    t = lookup(ht, "HPyTracker_Close", 0);
    if (t == NULL) {
        return;
    }
    t->closed = 1;
    for (i = 0; i < t->length; i++) {
        debug_ctx_Close(ctx, t->handles[i]);
    }
    free(t->handles);
    t->handles = NULL;
    t->length = t->capacity = 0;
    hpykit_retire(&hpykit_debug.retired_trackers, &hpykit_debug.trackers, t);
}
