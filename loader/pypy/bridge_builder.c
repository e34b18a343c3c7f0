/* List and tuple builders: an array of handles owned by the builder, turned into the
   object by Build (PyPy's own builders crash on Cancel). The builder value is the array's
   address; 0 is a failed New (the error is set, and Set/Build/Cancel accept it).

   As in hpy0 on CPython, a bad Set (index out of range, HPy_NULL item) raises at once and
   the pending error makes Build fail. An item never set makes Build fail too, since PyPy
   cannot hold a NULL item; with PyPy's debug context, setting an index twice raises, as
   hpykit's debug mode does. */
#include "pypy/bridge.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct builder_s {
    HPy_ssize_t size;
    HPy items[1];
} builder;

static builder *builder_new(HPyContext *ctx, HPy_ssize_t size)
{
    builder *b;
    if (size < 0) {
        PP(ctx)->ctx_Err_SetString(PP(ctx), PP(ctx)->h_SystemError,
                                   "bad argument to internal function");
        return NULL;
    }
    b = (builder *)calloc(1, sizeof(builder) + sizeof(HPy) * (size_t)size);
    if (b == NULL) {
        PP(ctx)->ctx_Err_NoMemory(PP(ctx));
        return NULL;
    }
    b->size = size;
    return b;
}

static void set_failed(hpykit_ctx004 *pp, HPy type, const char *format, const char *func,
                       HPy_ssize_t index, HPy_ssize_t size)
{
    char message[160];
    snprintf(message, sizeof(message), format, func, (long long)index, (long long)size);
    pp->ctx_Err_SetString(pp, type, message);
}

static void builder_set(HPyContext *ctx, builder *b, HPy_ssize_t index, HPy h,
                        const char *func)
{
    hpykit_ctx004 *pp = PP(ctx);
    if (b == NULL) {
        return; /* New failed and set the error; Build reports it */
    }
    if (index < 0 || index >= b->size) {
        set_failed(pp, pp->h_IndexError,
                   "%s: index %lld out of range for a builder of size %lld", func, index,
                   b->size);
        return;
    }
    if (HPy_IsNull(h)) {
        set_failed(pp, pp->h_SystemError, "%s: item %lld is HPy_NULL", func, index, 0);
        return;
    }
    if (!HPy_IsNull(b->items[index])) {
        if (pp->ctx_version != 0) {
            set_failed(pp, pp->h_SystemError, "%s: item %lld is set twice", func, index, 0);
            return;
        }
        pp->ctx_Close(pp, b->items[index]);
    }
    b->items[index] = pp->ctx_Dup(pp, h);
}

static void builder_free(HPyContext *ctx, builder *b)
{
    HPy_ssize_t i;
    for (i = 0; i < b->size; i++) {
        if (!HPy_IsNull(b->items[i])) {
            PP(ctx)->ctx_Close(PP(ctx), b->items[i]);
        }
    }
    free(b);
}

static HPy builder_build(HPyContext *ctx, builder *b, int as_list)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy result = HPy_NULL;
    HPy_ssize_t i;
    if (b == NULL) {
        return HPy_NULL;
    }
    if (pp->ctx_Err_Occurred(pp)) { /* a failed Set */
        builder_free(ctx, b);
        return HPy_NULL;
    }
    for (i = 0; i < b->size; i++) {
        if (HPy_IsNull(b->items[i])) {
            set_failed(pp, pp->h_SystemError, "%s: item %lld was never set",
                       as_list ? "HPyListBuilder_Build" : "HPyTupleBuilder_Build", i, 0);
            builder_free(ctx, b);
            return HPy_NULL;
        }
    }
    if (as_list) {
        result = pp->ctx_List_New(pp, 0);
        for (i = 0; !HPy_IsNull(result) && i < b->size; i++) {
            if (pp->ctx_List_Append(pp, result, b->items[i]) < 0) {
                pp->ctx_Close(pp, result);
                result = HPy_NULL;
            }
        }
    }
    else {
        result = pp->ctx_Tuple_FromArray(pp, b->items, b->size);
    }
    builder_free(ctx, b);
    return result;
}

HPyListBuilder pp_ctx_ListBuilder_New(HPyContext *ctx, HPy_ssize_t size)
{
    HPyListBuilder lb;
    lb._lst = (intptr_t)builder_new(ctx, size);
    return lb;
}

void pp_ctx_ListBuilder_Set(HPyContext *ctx, HPyListBuilder builder, HPy_ssize_t index,
                            HPy h_item)
{
    builder_set(ctx, (struct builder_s *)builder._lst, index, h_item, "HPyListBuilder_Set");
}

HPy pp_ctx_ListBuilder_Build(HPyContext *ctx, HPyListBuilder builder)
{
    return builder_build(ctx, (struct builder_s *)builder._lst, 1);
}

void pp_ctx_ListBuilder_Cancel(HPyContext *ctx, HPyListBuilder builder)
{
    if (builder._lst != 0) {
        builder_free(ctx, (struct builder_s *)builder._lst);
    }
}

HPyTupleBuilder pp_ctx_TupleBuilder_New(HPyContext *ctx, HPy_ssize_t size)
{
    HPyTupleBuilder tb;
    tb._tup = (intptr_t)builder_new(ctx, size);
    return tb;
}

void pp_ctx_TupleBuilder_Set(HPyContext *ctx, HPyTupleBuilder builder, HPy_ssize_t index,
                             HPy h_item)
{
    builder_set(ctx, (struct builder_s *)builder._tup, index, h_item, "HPyTupleBuilder_Set");
}

HPy pp_ctx_TupleBuilder_Build(HPyContext *ctx, HPyTupleBuilder builder)
{
    return builder_build(ctx, (struct builder_s *)builder._tup, 0);
}

void pp_ctx_TupleBuilder_Cancel(HPyContext *ctx, HPyTupleBuilder builder)
{
    if (builder._tup != 0) {
        builder_free(ctx, (struct builder_s *)builder._tup);
    }
}
