/* Names a universal binary is found by: the short module name its exported symbols carry,
   symbol lookup, and the ".hpy<major>" tag of its file name. Plain C, shared by the
   CPython loader (load.c) and the PyPy bridge (pypy/bridge_load.c). */
#ifndef HPYKIT_LOADER_BINARY_NAMES_H
#define HPYKIT_LOADER_BINARY_NAMES_H

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* "a.b.c-d" -> "c_d": the part of the name the exported symbols carry. */
static inline int hpykit_short_name(const char *full, char *out, size_t size)
{
    const char *dot = strrchr(full, '.');
    const char *start = dot ? dot + 1 : full;
    size_t i, n = strlen(start);
    if (n == 0 || n >= size) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        char c = start[i] == '-' ? '_' : start[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (c >= '0' && c <= '9' && i > 0))) {
            return -1;
        }
        out[i] = c;
    }
    out[n] = '\0';
    return 0;
}

static inline void *hpykit_symbol(void *lib, const char *prefix, const char *name)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s%s", prefix, name);
    return dlsym(lib, buf);
}

/* The file name must carry ".hpy<major>" (e.g. mod.hpy0.so). */
static inline int hpykit_has_abi_tag(const char *path, uint32_t major)
{
    char tag[32];
    const char *base = strrchr(path, '/');
    const char *found;
    size_t len;
    snprintf(tag, sizeof(tag), ".hpy%u", (unsigned)major);
    len = strlen(tag);
    base = base ? base + 1 : path;
    for (found = strstr(base, tag); found != NULL; found = strstr(found + 1, tag)) {
        if (found[len] == '.' || found[len] == '-') {
            return 1;
        }
    }
    return 0;
}

#endif /* HPYKIT_LOADER_BINARY_NAMES_H */
