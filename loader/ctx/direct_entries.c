/* Direct entries: C functions of the loader's own that CPython calls in place of a
   universal binary's trampolines.

   A trampoline in the extension packs its arguments, calls the context's
   ctx_CallRealFunctionFromTrampoline, which switches on the signature and only then calls
   the implementation. For a binary bound to the universal context that round trip is pure
   cost: handles are PyObject pointers, so the loader can call the implementation itself.
   It keeps, per signature, a fixed pool of small entry functions, each reading its
   implementation from its own slot of a table. An implementation gets one entry for the
   life of the process; when a pool is full, methods fall back to their trampolines, which
   behave the same, only slower.

   Only binaries bound to the universal context get direct entries: in debug and trace
   mode every call must pass through the wrapping context, which the trampolines do. The
   binary a definition belongs to is found from the address of its implementation. */
#include "ctx/ctx.h"

#include <dlfcn.h>

#define POOL_SIZE 256

/* Repeat M(i) for i = 0x00 .. 0xff (each i a valid C integer constant). */
#define REPEAT_16(M, H)                                                             \
    M(H##0) M(H##1) M(H##2) M(H##3) M(H##4) M(H##5) M(H##6) M(H##7)                 \
    M(H##8) M(H##9) M(H##a) M(H##b) M(H##c) M(H##d) M(H##e) M(H##f)
#define REPEAT_256(M)                                                               \
    REPEAT_16(M, 0x0) REPEAT_16(M, 0x1) REPEAT_16(M, 0x2) REPEAT_16(M, 0x3)         \
    REPEAT_16(M, 0x4) REPEAT_16(M, 0x5) REPEAT_16(M, 0x6) REPEAT_16(M, 0x7)         \
    REPEAT_16(M, 0x8) REPEAT_16(M, 0x9) REPEAT_16(M, 0xa) REPEAT_16(M, 0xb)         \
    REPEAT_16(M, 0xc) REPEAT_16(M, 0xd) REPEAT_16(M, 0xe) REPEAT_16(M, 0xf)

#define UCTX (&hpykit_universal_context)

/* One pool per signature: the implementations, and the entries that call them. */
#define DEFINE_POOL(SIG, ENTRY_TYPE)                                                \
    static HPyCFunction impls_##SIG[POOL_SIZE];                                     \
    REPEAT_256(ENTRY_##SIG)                                                         \
    static ENTRY_TYPE const entries_##SIG[POOL_SIZE] = {REPEAT_256(ADDRESS_##SIG)}; \
    static int used_##SIG;

/* METH_NOARGS */
#define ENTRY_NOARGS(i)                                                             \
    static PyObject *entry_NOARGS_##i(PyObject *self, PyObject *unused)             \
    {                                                                               \
        (void)unused;                                                               \
        return _h2py(_HPy_FUNC_CAST(HPyFunc_noargs, impls_NOARGS[i])(UCTX, _py2h(self))); \
    }
#define ADDRESS_NOARGS(i) entry_NOARGS_##i,
DEFINE_POOL(NOARGS, PyCFunction)

/* METH_O */
#define ENTRY_O(i)                                                                  \
    static PyObject *entry_O_##i(PyObject *self, PyObject *arg)                     \
    {                                                                               \
        return _h2py(_HPy_FUNC_CAST(HPyFunc_o, impls_O[i])(UCTX, _py2h(self), _py2h(arg))); \
    }
#define ADDRESS_O(i) entry_O_##i,
DEFINE_POOL(O, PyCFunction)

/* METH_FASTCALL */
typedef PyObject *(*fastcall_entry)(PyObject *, PyObject *const *, Py_ssize_t);
#define ENTRY_VARARGS(i)                                                            \
    static PyObject *entry_VARARGS_##i(PyObject *self, PyObject *const *args,       \
                                       Py_ssize_t nargs)                            \
    {                                                                               \
        return _h2py(_HPy_FUNC_CAST(HPyFunc_varargs, impls_VARARGS[i])(             \
            UCTX, _py2h(self), _arr_py2h(args), (size_t)nargs));                    \
    }
#define ADDRESS_VARARGS(i) entry_VARARGS_##i,
DEFINE_POOL(VARARGS, fastcall_entry)

/* METH_FASTCALL | METH_KEYWORDS */
typedef PyObject *(*fastcall_kw_entry)(PyObject *, PyObject *const *, Py_ssize_t, PyObject *);
#define ENTRY_KEYWORDS(i)                                                           \
    static PyObject *entry_KEYWORDS_##i(PyObject *self, PyObject *const *args,      \
                                        Py_ssize_t nargs, PyObject *kwnames)        \
    {                                                                               \
        return _h2py(_HPy_FUNC_CAST(HPyFunc_keywords, impls_KEYWORDS[i])(           \
            UCTX, _py2h(self), _arr_py2h(args), (size_t)nargs, _py2h(kwnames)));    \
    }
#define ADDRESS_KEYWORDS(i) entry_KEYWORDS_##i,
DEFINE_POOL(KEYWORDS, fastcall_kw_entry)

/* tp_new: the argument tuple's items are the argument array. */
#define ENTRY_NEWFUNC(i)                                                            \
    static PyObject *entry_NEWFUNC_##i(PyTypeObject *type, PyObject *args, PyObject *kw) \
    {                                                                               \
        return _h2py(_HPy_FUNC_CAST(HPyFunc_newfunc, impls_NEWFUNC[i])(             \
            UCTX, _py2h((PyObject *)type), _arr_py2h(&PyTuple_GET_ITEM(args, 0)),   \
            PyTuple_GET_SIZE(args), _py2h(kw)));                                    \
    }
#define ADDRESS_NEWFUNC(i) entry_NEWFUNC_##i,
DEFINE_POOL(NEWFUNC, newfunc)

/* The entry of impl in a pool: the one it already has, a free one, or -1 when full. */
static int pool_index(HPyCFunction *impls, int *used, HPyCFunction impl)
{
    int i;
    for (i = 0; i < *used; i++) {
        if (impls[i] == impl) {
            return i;
        }
    }
    if (*used == POOL_SIZE) {
        return -1;
    }
    impls[*used] = impl;
    return (*used)++;
}

#define POOL_INDEX(SIG, IMPL) pool_index(impls_##SIG, &used_##SIG, (IMPL))

/* ---- which binaries are bound to the universal context ------------------------- */

/* Load addresses of the binaries whose trampolines call the universal context. A binary
   bound again to another context (the same file loaded in another mode) leaves the list. */
#define MAX_BINARIES 1024
static const void *universal_binaries[MAX_BINARIES];
static int n_universal_binaries;

static const void *binary_base(const void *address)
{
    Dl_info info;
    if (address == NULL || dladdr(address, &info) == 0) {
        return NULL;
    }
    return info.dli_fbase;
}

void hpykit_direct_entries_bind(const void *code_in_binary, HPyContext *ctx)
{
    const void *base = binary_base(code_in_binary);
    int i;
    if (base == NULL) {
        return;
    }
    for (i = 0; i < n_universal_binaries; i++) {
        if (universal_binaries[i] == base) {
            if (ctx != UCTX) {
                universal_binaries[i] = universal_binaries[--n_universal_binaries];
            }
            return;
        }
    }
    if (ctx == UCTX && n_universal_binaries < MAX_BINARIES) {
        universal_binaries[n_universal_binaries++] = base;
    }
}

static int bound_to_universal(HPyCFunction impl)
{
    const void *base = binary_base(_HPy_FUNC_PTR(impl));
    int i;
    for (i = 0; base != NULL && i < n_universal_binaries; i++) {
        if (universal_binaries[i] == base) {
            return 1;
        }
    }
    return 0;
}

/* ---- the entries handed to CPython ------------------------------------------------ */

cpy_PyCFunction hpykit_meth_entry(const HPyMeth *meth)
{
    int i;
    if (meth->impl == NULL || !bound_to_universal(meth->impl)) {
        return meth->cpy_trampoline;
    }
    switch (meth->signature) {
    case HPyFunc_NOARGS:
        i = POOL_INDEX(NOARGS, meth->impl);
        return i < 0 ? meth->cpy_trampoline : entries_NOARGS[i];
    case HPyFunc_O:
        i = POOL_INDEX(O, meth->impl);
        return i < 0 ? meth->cpy_trampoline : entries_O[i];
    case HPyFunc_VARARGS:
        i = POOL_INDEX(VARARGS, meth->impl);
        return i < 0 ? meth->cpy_trampoline : _HPy_FUNC_CAST(PyCFunction, entries_VARARGS[i]);
    case HPyFunc_KEYWORDS:
        i = POOL_INDEX(KEYWORDS, meth->impl);
        return i < 0 ? meth->cpy_trampoline : _HPy_FUNC_CAST(PyCFunction, entries_KEYWORDS[i]);
    default:
        return meth->cpy_trampoline;
    }
}

void *hpykit_slot_entry(const HPySlot *slot)
{
    int i;
    if (slot->slot == HPy_tp_new && slot->impl != NULL && bound_to_universal(slot->impl)) {
        i = POOL_INDEX(NEWFUNC, slot->impl);
        if (i >= 0) {
            return _HPy_FUNC_PTR(entries_NEWFUNC[i]);
        }
    }
    return _HPy_FUNC_PTR(slot->cpy_trampoline);
}
