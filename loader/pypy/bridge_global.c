/* HPyGlobal on PyPy, kept by the bridge instead of PyPy: PyPy 7.3.11 numbers the globals
   of each of its contexts separately but stores them in one table, so a global stored by
   a module in its debug context overwrites one of a module in its universal context (and
   every global a module definition does not list shares one slot).

   Each bridge context owns a list, opened when the context is made, holding the stored
   objects. A global's _i is 0 until the first store, then (slot + 1) << TAG_BITS | tag,
   tag naming the context whose list holds it. An empty slot holds the list itself, an
   object no extension can store. */
#include "pypy/bridge.h"

#define TAG_BITS 4
#define TAG_MASK (((intptr_t)1 << TAG_BITS) - 1)

int hpykit_pp_globals_init(hpykit_pp_mode *mode, int tag)
{
    mode->globals = mode->pp->ctx_List_New(mode->pp, 0);
    mode->globals_tag = tag;
    return HPy_IsNull(mode->globals) ? -1 : 0;
}

/* The object to keep for h: h itself, or the list's own handle for HPy_NULL. */
static HPy kept(hpykit_pp_mode *mode, HPy h)
{
    return HPy_IsNull(h) ? mode->globals : h;
}

void pp_ctx_Global_Store(HPyContext *ctx, HPyGlobal *global, HPy h)
{
    hpykit_pp_mode *mode = (hpykit_pp_mode *)ctx;
    hpykit_ctx004 *pp = mode->pp;
    HPy_ssize_t slot;
    if (global->_i != 0 && (global->_i & TAG_MASK) == mode->globals_tag) {
        slot = (HPy_ssize_t)(global->_i >> TAG_BITS) - 1;
        if (pp->ctx_SetItem_i(pp, mode->globals, slot, kept(mode, h)) < 0) {
            /* cannot fail on a slot of our own list but for lack of memory */
            pp->ctx_Err_Clear(pp);
        }
        return;
    }
    /* the first store, or one after a store from a module loaded in another mode: a slot
       of this context's list */
    slot = pp->ctx_Length(pp, mode->globals);
    if (slot < 0 || pp->ctx_List_Append(pp, mode->globals, kept(mode, h)) < 0) {
        pp->ctx_Err_Clear(pp);
        return;
    }
    global->_i = ((intptr_t)(slot + 1) << TAG_BITS) | mode->globals_tag;
}

HPy pp_ctx_Global_Load(HPyContext *ctx, HPyGlobal global)
{
    hpykit_pp_mode *mode = (hpykit_pp_mode *)ctx;
    hpykit_ctx004 *pp = mode->pp;
    HPy value;
    if (global._i == 0) {
        return HPy_NULL; /* never stored */
    }
    if ((global._i & TAG_MASK) != mode->globals_tag) {
        pp->ctx_Err_SetString(pp, pp->h_SystemError,
                              "HPyGlobal_Load: the global was stored by a module loaded in "
                              "another mode (universal or debug); a binary whose modules run "
                              "in two modes must be loaded from two files");
        return HPy_NULL;
    }
    value = pp->ctx_GetItem_i(pp, mode->globals, (HPy_ssize_t)(global._i >> TAG_BITS) - 1);
    if (!HPy_IsNull(value) && pp->ctx_Is(pp, value, mode->globals)) {
        pp->ctx_Close(pp, value);
        return HPy_NULL; /* HPy_NULL was stored */
    }
    return value;
}
