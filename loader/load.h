/* Loading a universal binary: from a path to a module object. */
#ifndef HPYKIT_LOADER_LOAD_H
#define HPYKIT_LOADER_LOAD_H

#include "ctx/ctx.h"

/* The context a module is bound to; the values are hpykit.universal.MODE_*. */
typedef enum {
    HPYKIT_MODE_UNIVERSAL = 0,
    HPYKIT_MODE_DEBUG = 1,
    HPYKIT_MODE_TRACE = 2,
    HPYKIT_MODE_DEBUG_TRACE = 3 /* MODE_DEBUG | MODE_TRACE: debug checks over tracing */
} hpykit_mode;

/* Load the universal module `name` (a dotted name; the symbols use its last component)
   from `path` and create it from `spec`. New reference, or NULL with ImportError set. */
PyObject *hpykit_load(PyObject *name, PyObject *path, PyObject *spec, hpykit_mode mode);

#endif /* HPYKIT_LOADER_LOAD_H */
