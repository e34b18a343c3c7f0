/* What the loader's context code shares: hpy.h in hybrid mode (the universal context
   struct plus Python.h) and the CPython backend that implements each member. */
#ifndef HPYKIT_LOADER_CTX_H
#define HPYKIT_LOADER_CTX_H

/* The loader implements every minor: it sees all of the API. */
#define HPY_TARGET_ABI_MINOR HPYKIT_ABI_VERSION_MINOR_MAX
#include "hpy.h"
#include "hpy/cpython/backend.h"

/* Defined by hand in ctx_trampoline.c: the only member with no CPython-ABI counterpart. */
void ctx_CallRealFunctionFromTrampoline(HPyContext *ctx, HPyFunc_Signature sig,
                                        HPyCFunction func, void *args);

/* autogen_ctx_table.c */
void hpykit_ctx_fill_functions(HPyContext *ctx);

/* ctx_universal.c: the universal context, built on first use; NULL with an exception set
   if that fails. The struct itself is visible so that direct entries reach it without a
   call. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((visibility("hidden")))
#endif
extern HPyContext hpykit_universal_context;
HPyContext *hpykit_universal_ctx(void);

/* direct_entries.c: record which context the binary holding code_in_binary was bound to;
   methods and tp_new of binaries bound to the universal context get direct entries. */
void hpykit_direct_entries_bind(const void *code_in_binary, HPyContext *ctx);

#endif /* HPYKIT_LOADER_CTX_H */
