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

#include "types/str.h"

#include <stdio.h>

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

/* o's repr cut short, for an error message ("2 is not in list"): text/'s,
 * through a hook; never fails, keeps the error state. */
static inline void rco__repr_for_message(rco_object *o, char *buf, size_t n)
{
    if (rco__hook.short_repr)
        rco__hook.short_repr(o, buf, n);
    else
        snprintf(buf, n, "<%s object>", o->type->name);
}

/* ---- UTF-8 positions: code points start at bytes that are not 10xxxxxx */

static inline bool rco__str_is_ascii(const rco__str *s)
{
    return s->length == s->size;
}
/* Code points in p[0..n). */
static inline size_t rco__utf8_length(const char *p, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)p[i] & 0xC0) != 0x80;
    return count;
}
/* The byte where code point `index` of s starts (s->size for its length). */
static inline size_t rco__str_offset(const rco__str *s, size_t index)
{
    if (rco__str_is_ascii(s) || index == 0)
        return index;
    size_t at = 0;
    for (size_t seen = 0; at < s->size; at++)
        if (((unsigned char)s->data[at] & 0xC0) != 0x80 && seen++ == index)
            return at;
    return s->size;
}
/* The code-point index of byte offset `at` of s. */
static inline size_t rco__str_index_of(const rco__str *s, size_t at)
{
    return rco__str_is_ascii(s) ? at : rco__utf8_length(s->data, at);
}
/* The first occurrence of needle in hay[from..n), as a byte offset, or -1
 * (memmem: linear time). The empty needle is found at from. */
RCO__HIDDEN ssize_t rco__find_bytes(const char *hay, size_t n, size_t from, const char *needle, size_t m);
/* How many non-overlapping occurrences (the empty needle: n + 1), at most
 * max. */
RCO__HIDDEN size_t rco__count_bytes(const char *hay, size_t n, const char *needle, size_t m, size_t max);

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

/* d[key] = value (d a dict not yet shared, key's hash known), the
 * references handed over (released on failure). 0 or -1 (dictops.c). */
RCO__HIDDEN int rco__dict_store_steal(rco_object *d, rco_object *key, int64_t hash, rco_object *value);
/* Add key to a set, the reference handed over (released if an equal one is
 * there, or on failure). 0 or -1 (setops.c). */
RCO__HIDDEN int rco__set_add_steal(rco_object *s, rco_object *key, int64_t hash);

/* New dicts and sets with the same items in the same order (dictops.c,
 * setops.c). */
RCO__HIDDEN rco_object *rco__dict_copy(rco_object *d);
RCO__HIDDEN rco_object *rco__set_copy(rco_object *s);

/* A new list made of the n references in items, handed over (freed on
 * failure too). */
RCO__HIDDEN rco_object *rco__list_from_items(rco__items *it);

#endif
