/* HPyListBuilder and HPyTupleBuilder in debug mode: a debug builder is a record around the
   universal builder, so that its use after Build or Cancel is recognised. */
#include "debug/debug_internal.h"

#include <stdlib.h>

struct hpykit_debug_builder {
    intptr_t ub;           /* the universal builder */
    const char *closed_in; /* NULL while open */
};

static intptr_t new_builder(intptr_t ub)
{
    hpykit_debug_builder *b;
    if (ub == 0) {
        return 0; /* the universal New failed and set the error; Build reports it */
    }
    b = (hpykit_debug_builder *)malloc(sizeof(hpykit_debug_builder));
    if (b == NULL || hpykit_ptrset_add(&hpykit_debug.builders, b) < 0) {
        free(b);
        PyErr_NoMemory();
        return -1;
    }
    b->ub = ub;
    b->closed_in = NULL;
    return (intptr_t)b;
}

/* The builder last found open: the Sets of one loop all name it, and it skips the set
   lookup. Cleared when that builder closes, so it never names freed memory. */
static hpykit_debug_builder *last_open = NULL;

/* The open builder behind b, or NULL once reported. A zero builder (a failed New) is
   passed on as it is: *ub = 0. */
static hpykit_debug_builder *lookup(intptr_t b, intptr_t *ub, const char *func, int flags)
{
    hpykit_debug_builder *builder = (hpykit_debug_builder *)b;
    *ub = 0;
    if (b == 0) {
        return NULL;
    }
    flags |= HPYKIT_DH_BUILDER;
    if (builder != last_open && !hpykit_ptrset_contains(&hpykit_debug.builders, builder)) {
        hpykit_debug_report("invalid builder", func, flags,
                            "0x%lx is not a builder of the debug context", (unsigned long)b);
        return NULL;
    }
    if (builder->closed_in != NULL) {
        hpykit_debug_report("builder used after it was closed", func, flags,
                            "builder 0x%lx was closed by %s", (unsigned long)b,
                            builder->closed_in);
        return NULL;
    }
    *ub = builder->ub;
    last_open = builder;
    return builder;
}

static int is_bad(intptr_t b, hpykit_debug_builder *found)
{
    return b != 0 && found == NULL;
}

static void close_builder(hpykit_debug_builder *builder, const char *func)
{
    if (last_open == builder) {
        last_open = NULL;
    }
    builder->closed_in = func;
    hpykit_retire(&hpykit_debug.retired_builders, &hpykit_debug.builders, builder);
}

/* Each index must be set exactly once. The universal Set and Build leave that to the
   extension, as PyList_SET_ITEM does, rather than pay for it on every item: debug mode
   checks it. Setting an index again raises (the pending error makes Build fail, like any
   failed Set); Build refuses a container with an item never set, and the container and
   its items go, as on Cancel. */
static int set_again(intptr_t ub, HPy_ssize_t index, const char *func)
{
    PyObject *seq = (PyObject *)ub;
    if (ub == 0 || index < 0 || index >= PySequence_Fast_GET_SIZE(seq) ||
        PySequence_Fast_ITEMS(seq)[index] == NULL) {
        return 0; /* the universal Set deals with a failed New or a bad index */
    }
    PyErr_Format(PyExc_SystemError, "%s: item %zd is set twice", func, index);
    return 1;
}

static int all_items_set(PyObject *seq, const char *func)
{
    Py_ssize_t i, n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (i = 0; i < n; i++) {
        if (items[i] == NULL) {
            PyErr_Format(PyExc_SystemError, "%s: item %zd was never set", func, i);
            return 0;
        }
    }
    return 1;
}

HPyListBuilder debug_ctx_ListBuilder_New(HPyContext *ctx, HPy_ssize_t size)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyListBuilder_New", 0);
    HPyListBuilder ub = uctx->ctx_ListBuilder_New(uctx, size), b;
    b._lst = new_builder(ub._lst);
    if (b._lst == -1) {
        uctx->ctx_ListBuilder_Cancel(uctx, ub);
        b._lst = 0;
    }
    return b;
}

void debug_ctx_ListBuilder_Set(HPyContext *ctx, HPyListBuilder builder, HPy_ssize_t index,
                               HPy h_item)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyListBuilder_Set", 0);
    HPyListBuilder ub;
    HPy item;
    /* the universal Set raises (Build then fails): so does debug mode; HPy_NULL items
       are the universal Set's to refuse */
    if (is_bad(builder._lst, lookup(builder._lst, &ub._lst, "HPyListBuilder_Set", HPYKIT_DH_RAISES)) ||
        hpykit_dh_unwrap(ctx, h_item, &item, "HPyListBuilder_Set",
                         HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0 ||
        set_again(ub._lst, index, "HPyListBuilder_Set")) {
        return;
    }
    uctx->ctx_ListBuilder_Set(uctx, ub, index, item);
}

HPy debug_ctx_ListBuilder_Build(HPyContext *ctx, HPyListBuilder builder)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyListBuilder_Build", 0);
    HPyListBuilder ub;
    hpykit_debug_builder *found = lookup(builder._lst, &ub._lst, "HPyListBuilder_Build",
                                         HPYKIT_DH_RAISES);
    if (is_bad(builder._lst, found)) {
        return HPy_NULL;
    }
    if (found != NULL) {
        close_builder(found, "HPyListBuilder_Build");
    }
    if (ub._lst != 0 && !PyErr_Occurred() && !all_items_set((PyObject *)ub._lst, "HPyListBuilder_Build")) {
        uctx->ctx_ListBuilder_Cancel(uctx, ub);
        return HPy_NULL;
    }
    return hpykit_dh_wrap(ctx, uctx->ctx_ListBuilder_Build(uctx, ub));
}

void debug_ctx_ListBuilder_Cancel(HPyContext *ctx, HPyListBuilder builder)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyListBuilder_Cancel", 0);
    HPyListBuilder ub;
    hpykit_debug_builder *found = lookup(builder._lst, &ub._lst, "HPyListBuilder_Cancel", 0);
    if (is_bad(builder._lst, found)) {
        return;
    }
    if (found != NULL) {
        close_builder(found, "HPyListBuilder_Cancel");
    }
    uctx->ctx_ListBuilder_Cancel(uctx, ub);
}

HPyTupleBuilder debug_ctx_TupleBuilder_New(HPyContext *ctx, HPy_ssize_t size)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyTupleBuilder_New", 0);
    HPyTupleBuilder ub = uctx->ctx_TupleBuilder_New(uctx, size), b;
    b._tup = new_builder(ub._tup);
    if (b._tup == -1) {
        uctx->ctx_TupleBuilder_Cancel(uctx, ub);
        b._tup = 0;
    }
    return b;
}

void debug_ctx_TupleBuilder_Set(HPyContext *ctx, HPyTupleBuilder builder, HPy_ssize_t index,
                                HPy h_item)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyTupleBuilder_Set", 0);
    HPyTupleBuilder ub;
    HPy item;
    if (is_bad(builder._tup, lookup(builder._tup, &ub._tup, "HPyTupleBuilder_Set", HPYKIT_DH_RAISES)) ||
        hpykit_dh_unwrap(ctx, h_item, &item, "HPyTupleBuilder_Set",
                         HPYKIT_DH_RAISES | HPYKIT_DH_NULLABLE) < 0 ||
        set_again(ub._tup, index, "HPyTupleBuilder_Set")) {
        return;
    }
    uctx->ctx_TupleBuilder_Set(uctx, ub, index, item);
}

HPy debug_ctx_TupleBuilder_Build(HPyContext *ctx, HPyTupleBuilder builder)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyTupleBuilder_Build", 0);
    HPyTupleBuilder ub;
    hpykit_debug_builder *found = lookup(builder._tup, &ub._tup, "HPyTupleBuilder_Build",
                                         HPYKIT_DH_RAISES);
    if (is_bad(builder._tup, found)) {
        return HPy_NULL;
    }
    if (found != NULL) {
        close_builder(found, "HPyTupleBuilder_Build");
    }
    if (ub._tup != 0 && !PyErr_Occurred() && !all_items_set((PyObject *)ub._tup, "HPyTupleBuilder_Build")) {
        uctx->ctx_TupleBuilder_Cancel(uctx, ub);
        return HPy_NULL;
    }
    return hpykit_dh_wrap(ctx, uctx->ctx_TupleBuilder_Build(uctx, ub));
}

void debug_ctx_TupleBuilder_Cancel(HPyContext *ctx, HPyTupleBuilder builder)
{
    HPyContext *uctx = hpykit_debug_enter(ctx, "HPyTupleBuilder_Cancel", 0);
    HPyTupleBuilder ub;
    hpykit_debug_builder *found = lookup(builder._tup, &ub._tup, "HPyTupleBuilder_Cancel", 0);
    if (is_bad(builder._tup, found)) {
        return;
    }
    if (found != NULL) {
        close_builder(found, "HPyTupleBuilder_Cancel");
    }
    uctx->ctx_TupleBuilder_Cancel(uctx, ub);
}
