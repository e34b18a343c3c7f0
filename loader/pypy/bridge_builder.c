/* List and tuple builders: an array of handles owned by the builder, turned into the
   object by Build (PyPy's own builders crash on Cancel). The builder value is the array's
   address; 0 is a failed New (the error is set, and Set/Build/Cancel accept it). */
#include "pypy/bridge.h"

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
                                   "HPyListBuilder/HPyTupleBuilder: negative size");
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

static void builder_set(HPyContext *ctx, builder *b, HPy_ssize_t index, HPy h)
{
    if (b == NULL || index < 0 || index >= b->size) {
        return;
    }
    if (!HPy_IsNull(b->items[index])) {
        PP(ctx)->ctx_Close(PP(ctx), b->items[index]);
    }
    b->items[index] = HPy_IsNull(h) ? HPy_NULL : PP(ctx)->ctx_Dup(PP(ctx), h);
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
    for (i = 0; i < b->size; i++) {
        if (HPy_IsNull(b->items[i])) {
            pp->ctx_Err_SetString(pp, pp->h_SystemError, as_list
                ? "HPyListBuilder_Build: an item was not set"
                : "HPyTupleBuilder_Build: an item was not set");
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
    builder_set(ctx, (struct builder_s *)builder._lst, index, h_item);
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
    builder_set(ctx, (struct builder_s *)builder._tup, index, h_item);
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
