/* The address set of debug mode (see ptrset.h). */
#include "debug/ptrset.h"

#include <stdlib.h>

#define EMPTY ((uintptr_t)0)
#define DELETED ((uintptr_t)1)

static size_t start_of(uintptr_t key, size_t capacity)
{
    /* records are aligned: drop the low bits, then spread with a multiplicative hash */
    uint64_t h = (uint64_t)(key >> 4) * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 17) & (capacity - 1);
}

static int grow(hpykit_ptrset *set)
{
    size_t i, capacity = set->capacity == 0 ? 1024 : set->capacity;
    uintptr_t *slots;
    if (set->count * 4 >= capacity) {
        capacity *= 2; /* otherwise the same size, only without the deleted markers */
    }
    slots = (uintptr_t *)calloc(capacity, sizeof(uintptr_t));
    if (slots == NULL) {
        return -1;
    }
    for (i = 0; i < set->capacity; i++) {
        uintptr_t key = set->slots[i];
        if (key != EMPTY && key != DELETED) {
            size_t j = start_of(key, capacity);
            while (slots[j] != EMPTY) {
                j = (j + 1) & (capacity - 1);
            }
            slots[j] = key;
        }
    }
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    set->used = set->count;
    return 0;
}

static size_t find(const hpykit_ptrset *set, uintptr_t key);

int hpykit_ptrset_add(hpykit_ptrset *set, void *p)
{
    uintptr_t key = (uintptr_t)p;
    size_t i;
    if (find(set, key) != (size_t)-1) {
        return 0;
    }
    if ((set->used + 1) * 2 > set->capacity && grow(set) < 0) {
        return -1;
    }
    i = start_of(key, set->capacity);
    while (set->slots[i] != EMPTY && set->slots[i] != DELETED) {
        i = (i + 1) & (set->capacity - 1);
    }
    if (set->slots[i] == EMPTY) {
        set->used++;
    }
    set->slots[i] = key;
    set->count++;
    return 0;
}

static size_t find(const hpykit_ptrset *set, uintptr_t key)
{
    size_t i;
    if (set->capacity == 0 || key == EMPTY || key == DELETED) {
        return (size_t)-1;
    }
    for (i = start_of(key, set->capacity); set->slots[i] != EMPTY; i = (i + 1) & (set->capacity - 1)) {
        if (set->slots[i] == key) {
            return i;
        }
    }
    return (size_t)-1;
}

int hpykit_ptrset_contains(const hpykit_ptrset *set, const void *p)
{
    return find(set, (uintptr_t)p) != (size_t)-1;
}

void hpykit_ptrset_remove(hpykit_ptrset *set, const void *p)
{
    size_t i = find(set, (uintptr_t)p);
    if (i != (size_t)-1) {
        set->slots[i] = DELETED;
        set->count--;
    }
}

void hpykit_retire(hpykit_retired *ring, hpykit_ptrset *set, void *p)
{
    void *oldest = ring->items[ring->next];
    if (oldest != NULL) {
        hpykit_ptrset_remove(set, oldest);
        free(oldest);
    }
    ring->items[ring->next] = p;
    ring->next = (ring->next + 1) % HPYKIT_RETIRED_MAX;
}
