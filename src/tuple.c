/*
 * tuple.c: fixed-size sequences. A tuple is created with empty slots and
 * filled with rco_tuple_set*. It is not tracked by the collector until a
 * value that could lead back to it is stored (rco__tuple_fill): the
 * commonest tuples, of numbers and strings, never cost a collection.
 */
#include "traverse.h"

#include <stdarg.h>

static size_t tuple_size(const rco_object *o)
{
    return sizeof(rco__tuple) + ((const rco__tuple *)o)->size * sizeof(rco_object *);
}

static int tuple_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    return rco__traverse_items(((rco__tuple *)self)->items, ((rco__tuple *)self)->size, visit, arg);
}

/* Tuples can be filled after creation, so they can form cycles on their
 * own; clearing breaks them. */
static void tuple_clear(rco_object *self)
{
    rco__tuple *t = (rco__tuple *)self;
    for (size_t i = 0; i < t->size; i++)
        RCO__CLEAR(t->items[i]);
}

/* Empties the slots as it goes: a kept tuple is reused with its slots
 * already NULL. */
static void tuple_dealloc(rco_object *self)
{
    rco__tuple *t = (rco__tuple *)self;
    rco_object **items = t->items;
    size_t n = t->size; /* read once: releases may write anywhere */
    for (size_t i = 0; i < n; i++) {
        rco_object *item = items[i];
        if (item) {
            items[i] = NULL;
            RCO__DECREF(item);
        }
    }
}

rco_type rco__tuple_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "tuple",
    .size = sizeof(rco__tuple),
    .flags = RCO_TYPE_READY | RCO_TYPE_GC,
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
    .clear = tuple_clear,
    .kind = RCO__KIND_TUPLE,
    .has_gc_head = 1,
    .var_size = tuple_size,
};

/* The empty tuple is immortal and shared; it has an (untracked) gc head
 * like every tuple, so code reading heads need not special-case it. */
static struct {
    rco__gc_head gc;
    rco__tuple tuple;
} empty_tuple = { { 0, 0 }, { { RCO_IMMORTAL_REFCNT, &rco__tuple_type }, 0 } };

static size_t tuple_block(size_t n)
{
    return RCO__GC_PREFIX + sizeof(rco__tuple) + n * sizeof(rco_object *);
}

/* Inline here so that rco_tuple_new is one call; rco__tuple_new is the
 * same for the other files. */
static inline rco_object *tuple_new(size_t n)
{
    if (n == 0)
        return &empty_tuple.tuple.ob;
    if (n > (RCO__MAX_OBJECT_SIZE - sizeof(rco__tuple)) / sizeof(rco_object *)) {
        rco__err_set(RCO_ERR_OVERFLOW, "a tuple of %zu items is too large", n);
        return NULL;
    }
    rco__tuple_cache *cache = &rco__rt.tuples;
    rco__tuple *t;
    if (n <= RCO__TUPLE_KEEP_SIZE && (t = cache->dead[n]) != NULL) {
        cache->dead[n] = (rco__tuple *)t->ob.refcnt;
        cache->count[n]--;
        t->ob.refcnt = 1; /* its gc head is clear: it died untracked, without weakrefs */
        rco__rt.gc.generations[0].count++;
        return &t->ob;
    }
    t = (rco__tuple *)rco__gc_object_alloc(&rco__tuple_type, sizeof(rco__tuple) + n * sizeof(rco_object *));
    if (!t)
        return NULL;
    t->size = n;
    memset(t->items, 0, n * sizeof(rco_object *));
    return &t->ob;
}

rco_object *rco__tuple_new(size_t n)
{
    return tuple_new(n);
}

void rco__tuple_cache_clear(void)
{
    rco__tuple_cache *cache = &rco__rt.tuples;
    for (size_t n = 1; n <= RCO__TUPLE_KEEP_SIZE; n++) {
        while (cache->dead[n]) {
            rco__tuple *t = cache->dead[n];
            cache->dead[n] = (rco__tuple *)t->ob.refcnt;
            rco__free((char *)t - RCO__GC_PREFIX, tuple_block(n));
        }
        cache->count[n] = 0;
    }
}

size_t rco__tuple_cache_bytes(size_t *blocks)
{
    size_t bytes = 0;
    *blocks = 0;
    for (size_t n = 1; n <= RCO__TUPLE_KEEP_SIZE; n++) {
        *blocks += rco__rt.tuples.count[n];
        bytes += rco__rt.tuples.count[n] * tuple_block(n);
    }
    return bytes;
}

rco_object *rco_tuple_new(size_t n)
{
    rco_object *t = tuple_new(n);
    if (t)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(t);
    return t;
}

static bool check_slot(rco_object *t, size_t i, const char *fn)
{
    if (!rco__check_kind(t, RCO__KIND_TUPLE, fn, "tuple"))
        return false;
    if (i >= ((rco__tuple *)t)->size) {
        rco__err_set(RCO_ERR_INDEX, "%s: index %zu out of range for a tuple of %zu", fn, i,
                     ((rco__tuple *)t)->size);
        return false;
    }
    return true;
}

/* Store item (a reference handed over) in slot i; the slot's old item is
 * released after the tuple is consistent again. */
static void store(rco__tuple *t, size_t i, rco_object *item)
{
    rco_object *old = t->items[i];
    rco__tuple_fill(&t->ob, i, item);
    RCO__XDECREF(old);
}

int rco_tuple_set(rco_object *t, size_t i, rco_object *item)
{
    if (!check_slot(t, i, "rco_tuple_set") || !rco__check_obj(item, "rco_tuple_set"))
        return -1;
    RCO__INCREF(item);
    store((rco__tuple *)t, i, item);
    return 0;
}

int rco_tuple_set_steal(rco_object *t, size_t i, rco_object *item)
{
    if (!item)
        return -1; /* the error of the constructor that failed stands */
    RCO__LEDGER_STEAL(item);
    if (!check_slot(t, i, "rco_tuple_set_steal")) {
        RCO__DECREF(item);
        return -1;
    }
    store((rco__tuple *)t, i, item);
    return 0;
}

rco_object *rco_tuple_get(rco_object *t, size_t i)
{
    if (!check_slot(t, i, "rco_tuple_get"))
        return NULL;
    rco_object *item = ((rco__tuple *)t)->items[i];
    if (!item)
        rco__err_set(RCO_ERR_VALUE, "rco_tuple_get: slot %zu has not been set", i);
    RCO__LEDGER_LEND(item);
    return item;
}

rco_object *rco__tuple_pack_va(size_t n, va_list ap)
{
    rco_object *t = tuple_new(n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        rco_object *item = va_arg(ap, rco_object *);
        if (!rco__check_obj(item, "rco_tuple_pack")) {
            RCO__DECREF(t); /* releases the items stored so far */
            return NULL;
        }
        RCO__INCREF(item);
        rco__tuple_fill(t, i, item);
    }
    rco__gc_maybe_collect();
    return t;
}

rco_object *rco_tuple_pack(size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    rco_object *t = rco__tuple_pack_va(n, ap);
    va_end(ap);
    RCO__LEDGER_GIVE(t);
    return t;
}
