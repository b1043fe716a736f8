/*
 * types/set.h: insertion-ordered sets (set.c).
 */
#ifndef RCO_TYPES_SET_H
#define RCO_TYPES_SET_H

#include "types/types.h"

typedef struct rco__table rco__table;

typedef struct rco__set {
    rco_object ob;
    rco__table *table;
    size_t used;
} rco__set;

extern rco_type rco__set_type RCO__HIDDEN;

/* An empty set, tracked, without the debug ledger's event or a
 * collection (for the library's own use). */
RCO__HIDDEN rco_object *rco__set_new(void);

#endif
