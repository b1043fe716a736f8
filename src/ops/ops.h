/*
 * ops/ops.h: operations across types, built on the types' slots: ordering
 * and truth (compare.c), sorting (sort.c), sequences (sequence.c),
 * iteration and the constructors from iterables (iter.c), dict, set and
 * str operations (dictops.c, setops.c, strops.c), copying (copy.c).
 *
 * Every file follows object/object.h's lock discipline: a container's
 * fields are read and written with its lock held, and nothing that may
 * run user code (equal, hash or key slots, releasing a reference) happens
 * under a lock. So an operation that compares items takes each item out
 * held, unlocks, compares, and locks again to read the next; one that
 * reads many items at once copies them out held (rco__items_of) and works
 * on the copy.
 */
#ifndef RCO_OPS_H
#define RCO_OPS_H

#include "types/types.h"

/* The containers whose fields change after they are shared, so that
 * reading them takes their lock. */
static inline bool rco__is_mutable(const rco_object *o)
{
    int kind = o->type->kind;
    return kind == RCO__KIND_LIST || kind == RCO__KIND_DICT || kind == RCO__KIND_SET;
}
/* len(o) for a type with a len slot, read under o's lock if it has one. */
static inline ssize_t rco__len_locked(rco_object *o)
{
    if (!rco__is_mutable(o))
        return o->type->len(o);
    rco__lock(o);
    ssize_t n = o->type->len(o);
    rco__unlock(o);
    return n;
}

/* References to the items of an iterable, in order: each is a reference
 * of the holder's own. */
typedef struct rco__items {
    rco_object **items;
    size_t n, cap;
} rco__items;

/* The items of a list, tuple, dict (its keys), set, str (one-character
 * strs), bytes (ints) or iterator (which it consumes), copied at once
 * where the container is locked (a list changed by another thread meanwhile
 * is seen whole, before or after). 0, or -1 with out empty and the error
 * set ("'int' object is not iterable" naming fn). */
RCO__HIDDEN int rco__items_of(rco_object *iterable, rco__items *out, const char *fn);
/* Append one item, a reference handed over (released on failure). */
RCO__HIDDEN int rco__items_push(rco__items *it, rco_object *item);
/* Release every item and the array. */
RCO__HIDDEN void rco__items_release(rco__items *it);
/* Free the array only: its references were handed on. */
RCO__HIDDEN void rco__items_free(rco__items *it);

/* Whether o is an iterator made by rco_iter, and its next item: 1 and a
 * new reference, 0 at the end, -1 on error (iter.c). */
RCO__HIDDEN bool rco__is_iterator(const rco_object *o);
RCO__HIDDEN int rco__iter_step(rco_object *it, rco_object **item);

/* A new list made of the n references in items, handed over (freed on
 * failure too). */
RCO__HIDDEN rco_object *rco__list_from_items(rco__items *it);

#endif
