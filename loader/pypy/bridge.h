/* The PyPy bridge: hpykit's hpy0 context on top of PyPy's native HPy 0.0.4 context.

   The bridge is itself an HPy 0.0.4 universal module (it exports HPyInit_<name>), loaded
   by PyPy's _hpy_universal; its init receives PyPy's context. An hpy0 binary loaded
   through it is bound to a hpy0 context whose members forward to PyPy's (handles are
   PyPy's own, unchanged), and its definitions are rewritten into 0.0.4 definitions whose
   impls are libffi closures that call the hpy0 impl with the hpy0 context. No call goes
   through cpyext. See docs/pypy.md. */
#ifndef HPYKIT_PYPY_BRIDGE_H
#define HPYKIT_PYPY_BRIDGE_H

#include "hpy.h"
#include "pypy/autogen_ctx004.h"
#include "pypy/autogen_bridge_hand.h"

#include <ffi.h>
#include <stddef.h>

/* ---- PyPy's 0.0.4 declarative structs (layouts: docs/pypy-hpy004-facts.md) ---------- */

/* A 0.0.4 HPyDef has the layout of an hpy0 HPyDef; what differs is the meaning of some
   values (signature numbers, slots), so converted definitions reuse the hpy0 type. */
typedef HPyDef hpykit_def004;

struct hpykit_moduledef004_s {
    const char *name;
    const char *doc;
    HPy_ssize_t size;
    void *legacy_methods;
    hpykit_def004 **defines;
    HPyGlobal **globals;
};

struct hpykit_typespec004_s {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned long flags;
    int legacy;
    void *legacy_slots;
    hpykit_def004 **defines;
    const char *doc;
};

struct hpykit_specparam004_s {
    int kind; /* 1 base, 2 bases tuple; 0 ends the array */
    HPy object;
};

/* 0.0.4 signature numbers that differ from hpy0's (1..30 are the same). */
#define HPYKIT_SIG004_GETTER 31
#define HPYKIT_SIG004_SETTER 32

/* ---- one hpy0 context per PyPy context ------------------------------------------------ */

/* Python callables the hand-written members use, looked up once per context. */
typedef enum {
    PPC_LIST, PPC_SLICE, PPC_ITER, PPC_NEXT, PPC_DELITEM, PPC_COMPILE, PPC_EVAL,
    PPC_CONTEXTVAR, PPC_ISSUBCLASS, PPC_STOPITERATION_MATCH, PPC_UNRAISABLE, PPC_JOIN_NAMES,
    PPC_NCACHED
} hpykit_pp_cached;

typedef struct {
    HPyContext ctx;          /* what hpy0 binaries see; must stay the first member */
    hpykit_ctx004 *pp;       /* PyPy's context it forwards to */
    HPy cached[PPC_NCACHED]; /* builtins used by hand-written members (HPy_NULL: not yet) */
    HPy capsule_type;
    HPy state_base;          /* hpykit.ModuleState (bridge_state.c) */
    HPy state_types;         /* {size: subclass of state_base} (bridge_state.c) */
    HPy globals;             /* the objects HPyGlobals hold (bridge_global.c) */
    HPy kw_names;            /* (name, (name,)) pairs of one-keyword calls (bridge_keywords.c) */
    intptr_t globals_tag;    /* tells this context's globals from others' */
} hpykit_pp_mode;

#define PP(ctx) (((hpykit_pp_mode *)(ctx))->pp)

/* The hpy0 context bound to PyPy context pp, created on first use (NULL: no memory). */
hpykit_pp_mode *hpykit_pp_mode_for(hpykit_ctx004 *pp);

/* autogen_bridge_ctx.c */
void hpykit_pp_fill_functions(HPyContext *ctx);
void hpykit_pp_fill_handles(HPyContext *ctx, hpykit_ctx004 *pp);
typedef struct {
    size_t offset;    /* of the handle in HPyContext */
    const char *name; /* "h_DictType": looked up by bridge_module.c */
} hpykit_pp_extra_handle;
extern const hpykit_pp_extra_handle hpykit_pp_extra_handles[];

/* Raise SystemError: PyPy's HPy has no equivalent of `api` (and hpykit builds none). */
void hpykit_pp_missing(HPyContext *ctx, const char *api);

/* bridge_api.c: type(obj).__name__ into buf (truncated; "?" if it cannot be read), to be
   called with no error pending (it leaves none); and the TypeError of a C-API function given an object of a wrong type
   ("bad argument type for built-in operation"). */
const char *hpykit_pp_type_name(hpykit_ctx004 *pp, HPy obj, char *buf, size_t size);
void hpykit_pp_bad_argument(hpykit_ctx004 *pp);

/* A cached builtin (a new handle is not returned: the cache owns it). */
HPy hpykit_pp_cached_get(hpykit_pp_mode *mode, hpykit_pp_cached which);

/* ---- thunks: libffi closures that call an hpy0 impl ---------------------------------- */

typedef struct {
    void *impl;       /* the hpy0 implementation */
    HPyContext *ctx;  /* the hpy0 context it is called with */
    void *code;       /* the closure's entry point, handed to PyPy */
    HPy_ssize_t kw_last; /* KEYWORDS adapter: its slot in kw_names + 1, or 0 */
} hpykit_pp_thunk;

typedef void (*hpykit_pp_handler)(ffi_cif *, void *, void **, void *);

typedef struct {
    hpykit_pp_handler handler;
    ffi_type *rtype;
    unsigned nargs;
    ffi_type **types;
} hpykit_pp_shape;

#define HPYKIT_PP_NSIGS 40
#define HPYKIT_FFI_INTPTR (sizeof(intptr_t) == 8 ? &ffi_type_sint64 : &ffi_type_sint32)

/* autogen_bridge_thunks.c: shapes where only the context changes, by hpy0 signature. */
extern const hpykit_pp_shape hpykit_pp_swap_shapes[HPYKIT_PP_NSIGS];

/* Adapters written by hand (bridge_thunk.c). */
typedef enum {
    HPYKIT_PP_KEYWORDS,   /* 0.0.4 (args, nargs, kw dict) -> hpy0 (args, nargs, kwnames) */
    HPYKIT_PP_HASH_METH,  /* __hash__ as a NOARGS method over an hpy0 HPyFunc_hashfunc */
    HPYKIT_PP_REFLECTED,  /* __radd__ etc. (O method) over an hpy0 HPyFunc_binaryfunc */
    HPYKIT_PP_RPOW,       /* __rpow__ (VARARGS method) over an hpy0 HPyFunc_ternaryfunc */
    HPYKIT_PP_RREPEAT,    /* __rmul__ (O method) over an hpy0 HPyFunc_ssizeargfunc */
    HPYKIT_PP_NADAPTERS
} hpykit_pp_adapter;

/* The entry point PyPy calls for hpy0 impl of signature sig (swap shapes), or NULL with
   SystemError set. Thunks live as long as the process. */
void *hpykit_pp_thunk_for(hpykit_pp_mode *mode, HPyFunc_Signature sig, void *impl);
void *hpykit_pp_adapter_for(hpykit_pp_mode *mode, hpykit_pp_adapter which, void *impl);

/* ---- definitions (bridge_defs.c) ----------------------------------------------------- */

/* A NULL-terminated 0.0.4 define array for hpy0 defines of a type (in_module 0) or a
   module (1: methods only; HPy_mod_exec/HPy_mod_create are left to the loader). NULL with
   an exception set on failure. */
hpykit_def004 **hpykit_pp_convert_defines(hpykit_pp_mode *mode, HPyDef **defines,
                                          int in_module, const char *owner);

/* Set a bridge-made descriptor on the new type for each HPyDef_MEMBER and HPyDef_GETSET
   of spec (bridge_descr.c). 0, or -1 with an exception set. */
int hpykit_pp_add_descriptors(hpykit_pp_mode *mode, HPy type, const HPyType_Spec *spec);
/* Make the descriptor types for PyPy context pp (when the bridge binds it). 0 or -1. */
int hpykit_pp_descr_init(hpykit_ctx004 *pp);

/* ---- per-module state (bridge_state.c) ------------------------------------------------ */

int hpykit_pp_state_init(hpykit_pp_mode *mode);

/* ---- HPyGlobal (bridge_global.c) ------------------------------------------------------ */

/* Open the list of context mode's globals; tag (1..15) is unique per context. 0 or -1. */
int hpykit_pp_globals_init(hpykit_pp_mode *mode, int tag);
/* Give module a zeroed state of size bytes; -1 with an exception set on failure. */
int hpykit_pp_attach_state(hpykit_pp_mode *mode, HPy module, HPy_ssize_t size);

/* The hpy0 HPyFunc_KEYWORDS call with a 0.0.4 keyword dict (bridge_keywords.c); *last is
   the impl's cache of the name of its last one-keyword call (0: none yet). */
HPy hpykit_pp_call_keywords(HPyContext *ctx, HPyFunc_keywords impl, HPy self,
                            const HPy *args, HPy_ssize_t nargs, HPy kw, HPy_ssize_t *last);
/* Open the context's list of keyword names (bridge_keywords.c). 0 or -1. */
int hpykit_pp_keywords_init(hpykit_pp_mode *mode);

#endif /* HPYKIT_PYPY_BRIDGE_H */
