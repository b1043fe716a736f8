/*
 * types/dict.h: insertion-ordered mappings (dict.c).
 */
#ifndef RCO_TYPES_DICT_H
#define RCO_TYPES_DICT_H

#include "types/types.h"

typedef struct rco__table rco__table; /* table.h: the ordered hash table */

typedef struct rco__dict {
    rco_object ob;
    rco__table *table;   /* NULL while empty and never grown */
    size_t used;         /* live items */
} rco__dict;

extern rco_type rco__dict_type RCO__HIDDEN;

RCO__HIDDEN rco_object *rco__dict_new(void);
RCO__HIDDEN int rco__dict_set(rco_object *d, rco_object *key, rco_object *value);
/* d[key] for a str key given as n bytes of UTF-8: borrowed, NULL if absent. */
RCO__HIDDEN rco_object *rco__dict_get_str(rco_object *d, const char *key, size_t n);
/* The same as a new reference, taken under the dict's lock. */
RCO__HIDDEN rco_object *rco__dict_get_str_ref(rco_object *d, const char *key, size_t n);
/* del d[key] for such a key: 0, or -1 (no error set) if absent. */
RCO__HIDDEN int rco__dict_del_str(rco_object *d, const char *key, size_t n);
/* A dict holding only atomic keys and values cannot be part of a cycle
 * until something else is stored in it (which tracks it again): the
 * collector may untrack it. */
RCO__HIDDEN bool rco__dict_holds_only_atoms(const rco_object *d);

#endif
