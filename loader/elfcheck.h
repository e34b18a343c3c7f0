/* Checking a shared object's headers before dlopen: the dynamic linker trusts them, and a
   truncated or corrupt file can crash the process (SIGBUS) instead of failing. */
#ifndef HPYKIT_LOADER_ELFCHECK_H
#define HPYKIT_LOADER_ELFCHECK_H

#include <stddef.h>

/* 0 if the file at path looks like a complete shared object for this machine; otherwise
   -1 with a reason written to why. */
int hpykit_check_shared_object(const char *path, char *why, size_t why_size);

#endif /* HPYKIT_LOADER_ELFCHECK_H */
