/* A set of addresses (open addressing, linear probing): debug mode asks it whether a
   handle, builder or tracker is one of its own before reading through it. */
#ifndef HPYKIT_LOADER_DEBUG_PTRSET_H
#define HPYKIT_LOADER_DEBUG_PTRSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uintptr_t *slots; /* 0: empty, 1: deleted, else an address */
    size_t capacity;  /* a power of two, or 0 before the first insertion */
    size_t used;      /* addresses plus deleted markers */
    size_t count;     /* addresses */
} hpykit_ptrset;

/* 0, or -1 if memory ran out (nothing is set). */
int hpykit_ptrset_add(hpykit_ptrset *set, void *p);
int hpykit_ptrset_contains(const hpykit_ptrset *set, const void *p);
void hpykit_ptrset_remove(hpykit_ptrset *set, const void *p);

/* Objects that were closed stay known for a while so that a later use is recognised as
   such; the oldest is released when the ring is full. */
#define HPYKIT_RETIRED_MAX 256

typedef struct {
    void *items[HPYKIT_RETIRED_MAX];
    size_t next;
} hpykit_retired;

/* Keep p (a member of set) in the ring; release the object it displaces with free(). */
void hpykit_retire(hpykit_retired *ring, hpykit_ptrset *set, void *p);

#endif /* HPYKIT_LOADER_DEBUG_PTRSET_H */
