/* Thunks: PyPy calls a 0.0.4 impl with its own context and no user data, so every hpy0
   impl gets a closure that carries (impl, hpy0 context) and calls the impl with the hpy0
   context. Closures are made once per (context, impl, adapter) and kept.

   Where only the context changes (the "swap" shapes) and the machine is x86-64, the
   closure is three instructions written into an executable page: load the hpy0 context
   into the first argument register, jump to the impl; every other argument and the
   result pass through untouched, so the call costs what a direct call costs. Elsewhere,
   and for the adapters that convert arguments, it is a libffi closure. */
#include "pypy/bridge.h"

#if defined(__x86_64__) && defined(__linux__)
#  define HPYKIT_PP_NATIVE_THUNKS 1
#  include <sys/mman.h>
#  include <string.h>
#  include <unistd.h>
#endif

#include <stdio.h>
#include <stdlib.h>

typedef struct thunk_entry {
    hpykit_pp_thunk thunk;
    int kind; /* signature, or HPYKIT_PP_NSIGS + adapter */
    ffi_closure *closure;
    struct thunk_entry *next;
} thunk_entry;

#define NBUCKETS 1024
static thunk_entry *buckets[NBUCKETS];

static size_t bucket(void *impl, HPyContext *ctx, int kind)
{
    uintptr_t h = (uintptr_t)impl ^ ((uintptr_t)ctx >> 4) ^ ((uintptr_t)kind * 2654435761u);
    return (size_t)((h >> 3) ^ (h >> 13)) % NBUCKETS;
}

/* ---- hand-written adapters ------------------------------------------------------------ */

static void adapt_keywords(ffi_cif *cif, void *ret, void **args, void *data)
{
    hpykit_pp_thunk *t = (hpykit_pp_thunk *)data;
    (void)cif;
    *(ffi_sarg *)ret = (ffi_sarg)hpykit_pp_call_keywords(
        t->ctx, (HPyFunc_keywords)t->impl, *(HPy *)args[1], *(HPy **)args[2],
        *(HPy_ssize_t *)args[3], *(HPy *)args[4], &t->kw_last)._i;
}

static void adapt_hash_meth(ffi_cif *cif, void *ret, void **args, void *data)
{
    const hpykit_pp_thunk *t = (const hpykit_pp_thunk *)data;
    hpykit_ctx004 *pp = PP(t->ctx);
    HPy_hash_t h;
    (void)cif;
    h = ((HPyFunc_hashfunc)t->impl)(t->ctx, *(HPy *)args[1]);
    if (h == -1 && pp->ctx_Err_Occurred(pp)) {
        *(ffi_sarg *)ret = 0;
        return;
    }
    *(ffi_sarg *)ret = (ffi_sarg)pp->ctx_Long_FromSsize_t(pp, h)._i;
}

/* other OP self: PyPy's HPy gives a slot only its left-operand method (__add__), so the
   reflected one (__radd__) calls the same impl with the operands swapped */
static void adapt_reflected(ffi_cif *cif, void *ret, void **args, void *data)
{
    const hpykit_pp_thunk *t = (const hpykit_pp_thunk *)data;
    (void)cif;
    *(ffi_sarg *)ret = (ffi_sarg)((HPyFunc_binaryfunc)t->impl)(t->ctx, *(HPy *)args[2],
                                                               *(HPy *)args[1])._i;
}

/* __rpow__(self, other[, modulo]) -> nb_power(other, self, modulo or None) */
static void adapt_rpow(ffi_cif *cif, void *ret, void **args, void *data)
{
    const hpykit_pp_thunk *t = (const hpykit_pp_thunk *)data;
    hpykit_ctx004 *pp = PP(t->ctx);
    const HPy *argv = *(HPy **)args[2];
    HPy_ssize_t nargs = *(HPy_ssize_t *)args[3];
    (void)cif;
    if (nargs < 1 || nargs > 2) {
        pp->ctx_Err_SetString(pp, pp->h_TypeError, "__rpow__ expected 1 or 2 arguments");
        *(ffi_sarg *)ret = 0;
        return;
    }
    *(ffi_sarg *)ret = (ffi_sarg)((HPyFunc_ternaryfunc)t->impl)(
        t->ctx, argv[0], *(HPy *)args[1], nargs == 2 ? argv[1] : pp->h_None)._i;
}

/* n * seq -> sq_repeat(seq, n); NotImplemented when n is not an integer (CPython's rule) */
static void adapt_rrepeat(ffi_cif *cif, void *ret, void **args, void *data)
{
    const hpykit_pp_thunk *t = (const hpykit_pp_thunk *)data;
    hpykit_ctx004 *pp = PP(t->ctx);
    HPy other = *(HPy *)args[2], index;
    HPy_ssize_t n;
    (void)cif;
    if (!pp->ctx_HasAttr_s(pp, other, "__index__")) {
        *(ffi_sarg *)ret = (ffi_sarg)pp->ctx_Dup(pp, pp->h_NotImplemented)._i;
        return;
    }
    index = pp->ctx_Index(pp, other);
    n = HPy_IsNull(index) ? -1 : pp->ctx_Long_AsSsize_t(pp, index);
    if (!HPy_IsNull(index)) {
        pp->ctx_Close(pp, index);
    }
    if (n == -1 && pp->ctx_Err_Occurred(pp)) {
        *(ffi_sarg *)ret = 0;
        return;
    }
    *(ffi_sarg *)ret = (ffi_sarg)((HPyFunc_ssizeargfunc)t->impl)(t->ctx, *(HPy *)args[1], n)._i;
}

static ffi_type *types_keywords[] = {&ffi_type_pointer, HPYKIT_FFI_INTPTR, &ffi_type_pointer,
                                     HPYKIT_FFI_INTPTR, HPYKIT_FFI_INTPTR};
static ffi_type *types_hash_meth[] = {&ffi_type_pointer, HPYKIT_FFI_INTPTR};
static ffi_type *types_o_meth[] = {&ffi_type_pointer, HPYKIT_FFI_INTPTR, HPYKIT_FFI_INTPTR};
static ffi_type *types_varargs[] = {&ffi_type_pointer, HPYKIT_FFI_INTPTR, &ffi_type_pointer,
                                    HPYKIT_FFI_INTPTR};


static const hpykit_pp_shape adapters[HPYKIT_PP_NADAPTERS] = {
    [HPYKIT_PP_KEYWORDS] = {adapt_keywords, HPYKIT_FFI_INTPTR, 5, types_keywords},
    [HPYKIT_PP_HASH_METH] = {adapt_hash_meth, HPYKIT_FFI_INTPTR, 2, types_hash_meth},
    [HPYKIT_PP_REFLECTED] = {adapt_reflected, HPYKIT_FFI_INTPTR, 3, types_o_meth},
    [HPYKIT_PP_RPOW] = {adapt_rpow, HPYKIT_FFI_INTPTR, 4, types_varargs},
    [HPYKIT_PP_RREPEAT] = {adapt_rrepeat, HPYKIT_FFI_INTPTR, 3, types_o_meth},
};

/* ---- closures ---------------------------------------------------------------------- */

static ffi_cif cifs[HPYKIT_PP_NSIGS + HPYKIT_PP_NADAPTERS];
static char cif_ready[HPYKIT_PP_NSIGS + HPYKIT_PP_NADAPTERS];

static void *make(hpykit_pp_mode *mode, int kind, const hpykit_pp_shape *shape, void *impl)
{
    HPyContext *ctx = &mode->ctx;
    hpykit_ctx004 *pp = mode->pp;
    size_t b = bucket(impl, ctx, kind);
    thunk_entry *e;
    for (e = buckets[b]; e != NULL; e = e->next) {
        if (e->thunk.impl == impl && e->thunk.ctx == ctx && e->kind == kind) {
            return e->thunk.code;
        }
    }
    if (!cif_ready[kind]) {
        if (ffi_prep_cif(&cifs[kind], FFI_DEFAULT_ABI, shape->nargs, shape->rtype,
                         shape->types) != FFI_OK) {
            pp->ctx_Err_SetString(pp, pp->h_SystemError, "hpykit: ffi_prep_cif failed");
            return NULL;
        }
        cif_ready[kind] = 1;
    }
    e = (thunk_entry *)calloc(1, sizeof(thunk_entry));
    if (e == NULL) {
        pp->ctx_Err_NoMemory(pp);
        return NULL;
    }
    e->closure = (ffi_closure *)ffi_closure_alloc(sizeof(ffi_closure), &e->thunk.code);
    if (e->closure == NULL) {
        free(e);
        pp->ctx_Err_NoMemory(pp);
        return NULL;
    }
    e->thunk.impl = impl;
    e->thunk.ctx = ctx;
    e->kind = kind;
    if (ffi_prep_closure_loc(e->closure, &cifs[kind], shape->handler, &e->thunk,
                             e->thunk.code) != FFI_OK) {
        ffi_closure_free(e->closure);
        free(e);
        pp->ctx_Err_SetString(pp, pp->h_SystemError, "hpykit: ffi_prep_closure_loc failed");
        return NULL;
    }
    e->next = buckets[b];
    buckets[b] = e;
    return e->thunk.code;
}

#ifdef HPYKIT_PP_NATIVE_THUNKS
#define NATIVE_SIZE 32
static unsigned char *native_page;
static size_t native_used, native_page_size;

/* movabs rdi, ctx; movabs rax, impl; jmp rax */
static void *native_thunk(hpykit_ctx004 *pp, HPyContext *ctx, void *impl)
{
    unsigned char code[NATIVE_SIZE];
    uint64_t c = (uint64_t)(uintptr_t)ctx, f = (uint64_t)(uintptr_t)impl;
    unsigned char *at;
    if (native_page == NULL || native_used + NATIVE_SIZE > native_page_size) {
        long size = sysconf(_SC_PAGESIZE);
        void *page;
        native_page_size = size > 0 ? (size_t)size : 4096;
        page = mmap(NULL, native_page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0);
        if (page == MAP_FAILED) {
            pp->ctx_Err_NoMemory(pp);
            return NULL;
        }
        native_page = (unsigned char *)page;
        native_used = 0;
    }
    else if (mprotect(native_page, native_page_size, PROT_READ | PROT_WRITE) != 0) {
        pp->ctx_Err_NoMemory(pp);
        return NULL;
    }
    memset(code, 0xcc, sizeof(code)); /* int3 padding */
    code[0] = 0x48;
    code[1] = 0xbf;
    memcpy(code + 2, &c, 8);
    code[10] = 0x48;
    code[11] = 0xb8;
    memcpy(code + 12, &f, 8);
    code[20] = 0xff;
    code[21] = 0xe0;
    at = native_page + native_used;
    memcpy(at, code, sizeof(code));
    native_used += NATIVE_SIZE;
    if (mprotect(native_page, native_page_size, PROT_READ | PROT_EXEC) != 0) {
        pp->ctx_Err_NoMemory(pp);
        return NULL;
    }
    return at;
}
#endif

static void *swap_thunk(hpykit_pp_mode *mode, HPyFunc_Signature sig, void *impl)
{
#ifdef HPYKIT_PP_NATIVE_THUNKS
    HPyContext *ctx = &mode->ctx;
    size_t b = bucket(impl, ctx, (int)sig);
    thunk_entry *e;
    for (e = buckets[b]; e != NULL; e = e->next) {
        if (e->thunk.impl == impl && e->thunk.ctx == ctx && e->kind == (int)sig) {
            return e->thunk.code;
        }
    }
    e = (thunk_entry *)calloc(1, sizeof(thunk_entry));
    if (e == NULL) {
        mode->pp->ctx_Err_NoMemory(mode->pp);
        return NULL;
    }
    e->thunk.code = native_thunk(mode->pp, ctx, impl);
    if (e->thunk.code == NULL) {
        free(e);
        return NULL;
    }
    e->thunk.impl = impl;
    e->thunk.ctx = ctx;
    e->kind = (int)sig;
    e->next = buckets[b];
    buckets[b] = e;
    return e->thunk.code;
#else
    return make(mode, (int)sig, &hpykit_pp_swap_shapes[sig], impl);
#endif
}

void *hpykit_pp_thunk_for(hpykit_pp_mode *mode, HPyFunc_Signature sig, void *impl)
{
    if (sig == HPyFunc_KEYWORDS) {
        return hpykit_pp_adapter_for(mode, HPYKIT_PP_KEYWORDS, impl);
    }
    if ((int)sig <= 0 || (int)sig >= HPYKIT_PP_NSIGS ||
        hpykit_pp_swap_shapes[sig].handler == NULL) {
        hpykit_ctx004 *pp = mode->pp;
        char message[128];
        snprintf(message, sizeof(message), "hpykit on PyPy: HPyFunc_Signature %d has no PyPy "
                 "equivalent", (int)sig);
        pp->ctx_Err_SetString(pp, pp->h_SystemError, message);
        return NULL;
    }
    return swap_thunk(mode, sig, impl);
}

void *hpykit_pp_adapter_for(hpykit_pp_mode *mode, hpykit_pp_adapter which, void *impl)
{
    return make(mode, HPYKIT_PP_NSIGS + (int)which, &adapters[which], impl);
}
