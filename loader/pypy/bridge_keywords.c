/* The HPyFunc_KEYWORDS adapter: PyPy calls a 0.0.4 KEYWORDS impl with the keyword
   arguments in a dict; hpy0 wants their values after the positional arguments and a
   tuple of their names, in the order of the call.

   The names come from one builtin call, '\0'.join(kw) (keyword names are str), split
   here at the NULs: on PyPy 7.3.11 a builtin method call from C costs about a third of
   list(kw), and the pieces are ready-terminated C strings. A name that itself contains
   a NUL, or that PyPy cannot hand back as UTF-8, makes the split ambiguous: the pieces
   do not number len(kw), and the names are read with list(kw) instead.

   A call with one keyword, the commonest kind, needs no Python-level call at all once
   the function has been called with that keyword before: each impl remembers the name
   of its last one-keyword call and its 1-tuple (in a list the context owns, so that no
   handle stays open), and `name in kw` tells whether it is the same. With one keyword
   the order of the names cannot differ; with more it could, so those are never cached. */
#include "pypy/bridge.h"

#include <stdlib.h>
#include <string.h>

/* handles on the C stack for calls with at most this many arguments (values and names) */
#define STACK_ITEMS 24

/* One-argument call of a cached callable. */
static HPy call1(hpykit_ctx004 *pp, HPy callable, HPy arg)
{
    HPy targs = pp->ctx_Tuple_FromArray(pp, &arg, 1), result;
    if (HPy_IsNull(targs)) {
        return HPy_NULL;
    }
    result = pp->ctx_CallTupleDict(pp, callable, targs, HPy_NULL);
    pp->ctx_Close(pp, targs);
    return result;
}

/* Close the first n handles of items. */
static void close_all(hpykit_ctx004 *pp, HPy *items, HPy_ssize_t n)
{
    HPy_ssize_t i;
    for (i = 0; i < n; i++) {
        pp->ctx_Close(pp, items[i]);
    }
}

/* names[0..nkw) from '\0'.join(kw): nkw on success, 0 when the split is ambiguous (no
   error set, nothing left open), -1 with an error set. */
static HPy_ssize_t names_by_join(hpykit_pp_mode *mode, HPy kw, HPy_ssize_t nkw, HPy *names)
{
    hpykit_ctx004 *pp = mode->pp;
    HPy joined = call1(pp, hpykit_pp_cached_get(mode, PPC_JOIN_NAMES), kw);
    const char *text, *at, *end;
    HPy_ssize_t size = 0, pieces = 1, i;
    if (HPy_IsNull(joined)) {
        return -1;
    }
    text = pp->ctx_Unicode_AsUTF8AndSize(pp, joined, &size);
    if (text == NULL) {
        pp->ctx_Err_Clear(pp);
        pp->ctx_Close(pp, joined);
        return 0;
    }
    end = text + size;
    for (at = text; (at = (const char *)memchr(at, '\0', (size_t)(end - at))) != NULL; at++) {
        pieces++;
    }
    for (i = 0, at = text; pieces == nkw && i < nkw; i++, at += strlen(at) + 1) {
        names[i] = pp->ctx_Unicode_FromString(pp, at);
        if (HPy_IsNull(names[i])) {
            pp->ctx_Err_Clear(pp); /* not valid UTF-8: a name with lone surrogates */
            close_all(pp, names, i);
            break;
        }
    }
    pp->ctx_Close(pp, joined);
    return pieces == nkw && i == nkw ? nkw : 0;
}

/* names[0..nkw) from list(kw): nkw, or -1 with an error set. */
static HPy_ssize_t names_by_list(hpykit_pp_mode *mode, HPy kw, HPy_ssize_t nkw, HPy *names)
{
    hpykit_ctx004 *pp = mode->pp;
    HPy keys = call1(pp, hpykit_pp_cached_get(mode, PPC_LIST), kw);
    HPy_ssize_t i;
    if (HPy_IsNull(keys)) {
        return -1;
    }
    for (i = 0; i < nkw; i++) {
        names[i] = pp->ctx_GetItem_i(pp, keys, i);
        if (HPy_IsNull(names[i])) {
            close_all(pp, names, i);
            pp->ctx_Close(pp, keys);
            return -1;
        }
    }
    pp->ctx_Close(pp, keys);
    return nkw;
}

int hpykit_pp_keywords_init(hpykit_pp_mode *mode)
{
    mode->kw_names = mode->pp->ctx_List_New(mode->pp, 0);
    return HPy_IsNull(mode->kw_names) ? -1 : 0;
}

/* The remembered name and 1-tuple of names when kw's one key is the name last remembered
   in *last: 1; 0 when it is not (nothing open); -1 with an error set. */
static int remembered(hpykit_pp_mode *mode, HPy kw, HPy_ssize_t last, HPy *name,
                      HPy *kwnames)
{
    hpykit_ctx004 *pp = mode->pp;
    int found;
    if (last == 0) {
        return 0;
    }
    *name = pp->ctx_GetItem_i(pp, mode->kw_names, 2 * (last - 1));
    if (HPy_IsNull(*name)) {
        return -1;
    }
    found = pp->ctx_Contains(pp, kw, *name);
    if (found != 1) {
        pp->ctx_Close(pp, *name);
        return found;
    }
    *kwnames = pp->ctx_GetItem_i(pp, mode->kw_names, 2 * (last - 1) + 1);
    if (HPy_IsNull(*kwnames)) {
        pp->ctx_Close(pp, *name);
        return -1;
    }
    return 1;
}

/* Remember name (and its 1-tuple kwnames) as the last one-keyword call's. A cache: a
   failure leaves the earlier one and no error. */
static void remember(hpykit_pp_mode *mode, HPy_ssize_t *last, HPy name, HPy kwnames)
{
    hpykit_ctx004 *pp = mode->pp;
    if (*last != 0) {
        if (pp->ctx_SetItem_i(pp, mode->kw_names, 2 * (*last - 1), name) < 0 ||
            pp->ctx_SetItem_i(pp, mode->kw_names, 2 * (*last - 1) + 1, kwnames) < 0) {
            pp->ctx_Err_Clear(pp);
            *last = 0; /* half written: forget it (the slot is left unused) */
        }
        return;
    }
    {
        HPy_ssize_t pairs = pp->ctx_Length(pp, mode->kw_names) / 2;
        if (pp->ctx_List_Append(pp, mode->kw_names, name) < 0 ||
            pp->ctx_List_Append(pp, mode->kw_names, kwnames) < 0) {
            pp->ctx_Err_Clear(pp);
            return;
        }
        *last = pairs + 1;
    }
}

/* The call with one keyword argument that the impl remembers. */
static HPy call_remembered(HPyContext *ctx, HPyFunc_keywords impl, HPy self, const HPy *args,
                           HPy_ssize_t nargs, HPy kw, HPy name, HPy kwnames)
{
    hpykit_ctx004 *pp = PP(ctx);
    HPy stack[STACK_ITEMS], *all = stack, result = HPy_NULL;
    if (nargs + 1 > STACK_ITEMS) {
        all = (HPy *)malloc(sizeof(HPy) * (size_t)(nargs + 1));
        if (all == NULL) {
            pp->ctx_Err_NoMemory(pp);
            return HPy_NULL;
        }
    }
    memcpy(all, args, sizeof(HPy) * (size_t)nargs);
    all[nargs] = pp->ctx_GetItem(pp, kw, name);
    if (!HPy_IsNull(all[nargs])) {
        result = impl(ctx, self, all, (size_t)nargs, kwnames);
        pp->ctx_Close(pp, all[nargs]);
    }
    if (all != stack) {
        free(all);
    }
    return result;
}

HPy hpykit_pp_call_keywords(HPyContext *ctx, HPyFunc_keywords impl, HPy self,
                            const HPy *args, HPy_ssize_t nargs, HPy kw, HPy_ssize_t *last)
{
    hpykit_pp_mode *mode = (hpykit_pp_mode *)ctx;
    hpykit_ctx004 *pp = mode->pp;
    HPy stack[STACK_ITEMS], *all = stack, *names, kwnames, result = HPy_NULL;
    HPy_ssize_t nkw, named, got = 0;
    if (HPy_IsNull(kw) || (nkw = pp->ctx_Length(pp, kw)) == 0) {
        return impl(ctx, self, args, (size_t)nargs, HPy_NULL);
    }
    if (nkw < 0) {
        return HPy_NULL;
    }
    if (nkw == 1) {
        HPy name, names1;
        int r = remembered(mode, kw, *last, &name, &names1);
        if (r < 0) {
            return HPy_NULL;
        }
        if (r > 0) {
            result = call_remembered(ctx, impl, self, args, nargs, kw, name, names1);
            pp->ctx_Close(pp, names1);
            pp->ctx_Close(pp, name);
            return result;
        }
    }
    /* values at all[nargs ...], names at all[nargs + nkw ...] */
    if (nargs + 2 * nkw > STACK_ITEMS) {
        all = (HPy *)malloc(sizeof(HPy) * (size_t)(nargs + 2 * nkw));
        if (all == NULL) {
            pp->ctx_Err_NoMemory(pp);
            return HPy_NULL;
        }
    }
    memcpy(all, args, sizeof(HPy) * (size_t)nargs);
    names = all + nargs + nkw;
    named = names_by_join(mode, kw, nkw, names);
    if (named == 0) {
        named = names_by_list(mode, kw, nkw, names);
    }
    if (named < 0) {
        named = 0;
        goto cleanup;
    }
    for (got = 0; got < nkw; got++) {
        all[nargs + got] = pp->ctx_GetItem(pp, kw, names[got]);
        if (HPy_IsNull(all[nargs + got])) {
            goto cleanup;
        }
    }
    kwnames = pp->ctx_Tuple_FromArray(pp, names, nkw);
    if (!HPy_IsNull(kwnames)) {
        if (nkw == 1) {
            remember(mode, last, names[0], kwnames);
        }
        result = impl(ctx, self, all, (size_t)nargs, kwnames);
        pp->ctx_Close(pp, kwnames);
    }

cleanup:
    close_all(pp, all + nargs, got);
    close_all(pp, names, named);
    if (all != stack) {
        free(all);
    }
    return result;
}
