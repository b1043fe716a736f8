/*
 * core/ptrmap.c: a map from pointers to pointers, for the runtime's side tables
 * (which objects have weakrefs; what a repr is in the middle of; the debug
 * build's reports). Open addressing with linear probing; removal shifts the
 * following entries back, so there are no tombstones and lookups stay short.
 */
#include "core/alloc.h"
#include "core/ptrmap.h"

struct rco__ptrmap_slot {
    const void *key; /* NULL: empty */
    void *value;
};

static size_t slot_of(const rco__ptrmap *m, const void *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 20) & m->mask;
}

void *rco__ptrmap_get(const rco__ptrmap *m, const void *key)
{
    if (!m->slots)
        return NULL;
    for (size_t i = slot_of(m, key);; i = (i + 1) & m->mask) {
        if (m->slots[i].key == key)
            return m->slots[i].value;
        if (m->slots[i].key == NULL)
            return NULL;
    }
}

static int grow(rco__ptrmap *m)
{
    size_t old_cap = m->slots ? m->mask + 1 : 0;
    size_t cap = old_cap ? old_cap * 2 : 16;
    struct rco__ptrmap_slot *slots = rco__alloc(rco__mul_size(cap, sizeof *slots));
    if (!slots)
        return -1;
    memset(slots, 0, cap * sizeof *slots);
    struct rco__ptrmap_slot *old = m->slots;
    m->slots = slots;
    m->mask = cap - 1;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].key)
            continue;
        size_t j = slot_of(m, old[i].key);
        while (slots[j].key)
            j = (j + 1) & m->mask;
        slots[j] = old[i];
    }
    if (old)
        rco__free(old, old_cap * sizeof *old);
    return 0;
}

int rco__ptrmap_put(rco__ptrmap *m, const void *key, void *value)
{
    if (m->slots) {
        /* Replacing a value never allocates, so it cannot fail. */
        for (size_t i = slot_of(m, key); m->slots[i].key; i = (i + 1) & m->mask) {
            if (m->slots[i].key == key) {
                m->slots[i].value = value;
                return 0;
            }
        }
    }
    if ((!m->slots || (m->count + 1) * 2 > m->mask + 1) && grow(m) < 0)
        return -1;
    size_t i = slot_of(m, key);
    while (m->slots[i].key)
        i = (i + 1) & m->mask;
    m->count++;
    m->slots[i].key = key;
    m->slots[i].value = value;
    return 0;
}

void *rco__ptrmap_remove(rco__ptrmap *m, const void *key)
{
    if (!m->slots)
        return NULL;
    size_t i = slot_of(m, key);
    while (m->slots[i].key != key) {
        if (!m->slots[i].key)
            return NULL;
        i = (i + 1) & m->mask;
    }
    void *value = m->slots[i].value;
    m->count--;
    /* Shift back each following entry whose home slot is at or before the
     * hole, so that no probe sequence crosses an empty slot. */
    size_t hole = i;
    for (size_t j = (i + 1) & m->mask; m->slots[j].key; j = (j + 1) & m->mask) {
        size_t home = slot_of(m, m->slots[j].key);
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m->slots[hole] = m->slots[j];
            hole = j;
        }
    }
    m->slots[hole].key = NULL;
    m->slots[hole].value = NULL;
    if (m->count == 0)
        rco__ptrmap_free(m); /* an empty side table holds no memory */
    return value;
}

void rco__ptrmap_free(rco__ptrmap *m)
{
    if (m->slots)
        rco__free(m->slots, (m->mask + 1) * sizeof *m->slots);
    m->slots = NULL;
    m->mask = 0;
    m->count = 0;
}
