/*
 * tuple.c: fixed-size sequences. A tuple is created with empty slots and
 * filled with rco_tuple_set*; the collector may stop tracking a tuple once
 * it holds only atomic values, and setting a container into it tracks it
 * again.
 */
#include "internal.h"

#include <stdarg.h>

static size_t tuple_size(const rco_object *o)
{
    return sizeof(rco__tuple) + ((const rco__tuple *)o)->size * sizeof(rco_object *);
}

static int tuple_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    rco__tuple *t = (rco__tuple *)self;
    for (size_t i = 0; i < t->size; i++)
        RCO_VISIT(t->items[i]);
    return 0;
}

/* Tuples can be filled after creation, so they can form cycles on their
 * own; clearing breaks them. */
static void tuple_clear(rco_object *self)
{
    rco__tuple *t = (rco__tuple *)self;
    for (size_t i = 0; i < t->size; i++)
        RCO__CLEAR(t->items[i]);
}

static void tuple_dealloc(rco_object *self)
{
    rco__tuple *t = (rco__tuple *)self;
    for (size_t i = 0; i < t->size; i++)
        RCO__XDECREF(t->items[i]);
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

rco_object *rco__tuple_new(size_t n)
{
    if (n == 0)
        return &empty_tuple.tuple.ob;
    if (n > (RCO__MAX_OBJECT_SIZE - sizeof(rco__tuple)) / sizeof(rco_object *)) {
        rco__err_set(RCO_ERR_OVERFLOW, "a tuple of %zu items is too large", n);
        return NULL;
    }
    rco__tuple *t = (rco__tuple *)rco__gc_object_alloc(&rco__tuple_type,
                                                       sizeof(rco__tuple) + n * sizeof(rco_object *));
    if (!t)
        return NULL;
    t->size = n;
    memset(t->items, 0, n * sizeof(rco_object *));
    rco__gc_track(&t->ob);
    return &t->ob;
}

rco_object *rco_tuple_new(size_t n)
{
    rco_object *t = rco__tuple_new(n);
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
    t->items[i] = item;
    if (!rco__gc_is_tracked_head(rco__gc_of(&t->ob)) && t->size && rco__may_be_tracked(item))
        rco__gc_track(&t->ob);
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
    /* Check every argument before allocating, so a NULL fails cleanly. */
    va_list scan;
    va_copy(scan, ap);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = rco__check_obj(va_arg(scan, rco_object *), "rco_tuple_pack");
    va_end(scan);
    rco_object *t = ok ? rco__tuple_new(n) : NULL;
    if (!t)
        return NULL;
    rco_object **items = ((rco__tuple *)t)->items;
    for (size_t i = 0; i < n; i++) {
        items[i] = va_arg(ap, rco_object *);
        RCO__INCREF(items[i]);
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

/* Called by the collector on surviving tuples: a tuple holding only values
 * that can never be part of a cycle need not be examined again. */
void rco__tuple_maybe_untrack(rco_object *o)
{
    rco__tuple *t = (rco__tuple *)o;
    for (size_t i = 0; i < t->size; i++) {
        rco_object *item = t->items[i];
        if (!item || rco__may_be_tracked(item))
            return; /* a slot not yet filled may receive a container */
    }
    rco__gc_untrack(o);
}
