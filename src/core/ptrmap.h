/*
 * core/ptrmap.h: a map from pointers to pointers (ptrmap.c), for side
 * tables: which objects have weakrefs, which containers a repr is inside.
 */
#ifndef RCO_CORE_PTRMAP_H
#define RCO_CORE_PTRMAP_H

#include "core/core.h"

typedef struct rco__ptrmap {
    struct rco__ptrmap_slot *slots;
    size_t mask;
    size_t count;
} rco__ptrmap;

RCO__HIDDEN void *rco__ptrmap_get(const rco__ptrmap *m, const void *key);
/* 0, or -1 with RCO_ERR_MEMORY; replacing a key's value never fails. */
RCO__HIDDEN int rco__ptrmap_put(rco__ptrmap *m, const void *key, void *value);
RCO__HIDDEN void *rco__ptrmap_remove(rco__ptrmap *m, const void *key);
RCO__HIDDEN void rco__ptrmap_free(rco__ptrmap *m);

#endif
