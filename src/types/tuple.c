/*
 * types/tuple.c: fixed-size sequences. A tuple is created with empty slots and
 * filled with rco_tuple_set*. It is not tracked by the collector until a
 * value that could lead back to it is stored (rco__tuple_fill): the
 * commonest tuples, of numbers and strings, never cost a collection.
 */
#include "types/traverse.h"

#include "core/hash.h"

#include <stdarg.h>

/* Dead tuples of 1..KEEP_SIZE items wait here for reuse (as in CPython): a
 * new small tuple then costs a pop, not an allocation. Linked through their
 * count field; emptied by full collections and shutdown; not in
 * librco-debug, whose freed objects go to the quarantine, nor with system
 * blocks or under ASan (core/alloc.c). */
#define KEEP_SIZE 8
#define KEEP_MAX 1000

/* Per thread: a tuple freed by another thread goes back to its pool. */
static __thread struct {
    rco__tuple *dead[KEEP_SIZE + 1];
    uint32_t count[KEEP_SIZE + 1];
} cache __attribute__((tls_model("initial-exec")));

/* A kept tuple links to the next through its header's first word (its
 * counts are not needed while it is dead). */
static rco__tuple *next_kept(const rco__tuple *t)
{
    rco__tuple *next;
    memcpy(&next, &t->ob, sizeof next);
    return next;
}

static __attribute__((unused)) void set_next_kept(rco__tuple *t, rco__tuple *next)
{
    memcpy(&t->ob, &next, sizeof next);
}

static size_t tuple_block(size_t n)
{
    return RCO__GC_PREFIX + sizeof(rco__tuple) + n * sizeof(rco_object *);
}

/* Keep a dead tuple (items released) for reuse; false if it must be freed. */
static inline bool keep(rco__tuple *t)
{
#ifdef RCO_DEBUG
    (void)t;
    return false; /* freed objects must reach the quarantine */
#else
    size_t n = t->ob.size;
    /* With system blocks, or pools that poison, a dead tuple must reach
     * the allocator for the tools to see its later use. */
    if (n > KEEP_SIZE || cache.count[n] >= KEEP_MAX || RCO__ASAN || rco__mem.system_blocks)
        return false;
    set_next_kept(t, cache.dead[n]);
    cache.dead[n] = t;
    cache.count[n]++;
    rco__gc_count_leave();
    return true;
#endif
}

void rco__tuple_cache_clear(void)
{
    for (size_t n = 1; n <= KEEP_SIZE; n++) {
        while (cache.dead[n]) {
            rco__tuple *t = cache.dead[n];
            cache.dead[n] = next_kept(t);
            rco__free((char *)t - RCO__GC_PREFIX, tuple_block(n));
        }
        cache.count[n] = 0;
    }
}

/* The kept tuples are free memory as far as the program is concerned. */
static size_t parked_bytes(size_t *blocks)
{
    size_t bytes = 0;
    *blocks = 0;
    for (size_t n = 1; n <= KEEP_SIZE; n++) {
        *blocks += cache.count[n];
        bytes += cache.count[n] * tuple_block(n);
    }
    return bytes;
}

/* A thread's kept tuples go back to their pools when it exits. */
static void cache_at_exit(uint16_t index)
{
    (void)index;
    rco__tuple_cache_clear();
}

__attribute__((constructor)) static void install_hooks(void)
{
    rco__hook.parked_bytes = parked_bytes;
    rco__thread_on_exit(cache_at_exit);
}

static size_t tuple_object_size(const rco_object *o)
{
    return sizeof(rco__tuple) + o->size * sizeof(rco_object *);
}

static int tuple_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    return rco__traverse_items(((rco__tuple *)self)->items, ((rco__tuple *)self)->ob.size, visit, arg);
}

/* Tuples can be filled after creation, so they can form cycles on their
 * own; clearing breaks them. */
static void tuple_clear(rco_object *self)
{
    rco__tuple *t = (rco__tuple *)self;
    for (size_t i = 0; i < t->ob.size; i++)
        RCO__CLEAR(t->items[i]);
}

/* Empties the slots as it goes, so that a kept tuple is reused with its
 * slots already NULL; then keeps or frees the memory. */
static void tuple_dealloc(rco_object *self)
{
    rco__tuple *t = (rco__tuple *)self;
    rco_object **items = t->items;
    size_t n = t->ob.size; /* read once: releases may write anywhere */
    for (size_t i = 0; i < n; i++) {
        rco_object *item = items[i];
        if (item) {
            items[i] = NULL;
            RCO__DECREF(item);
        }
    }
    if (!keep(t))
        rco__object_free(self);
}

static int tuple_equal(rco_object *self, rco_object *other)
{
    if (other->type->kind != RCO__KIND_TUPLE)
        return 0;
    rco__tuple *a = (rco__tuple *)self, *b = (rco__tuple *)other;
    if (a->ob.size != b->ob.size)
        return 0;
    for (size_t i = 0; i < a->ob.size; i++) {
        if (a->items[i] == b->items[i])
            continue;
        if (!a->items[i] || !b->items[i])
            return 0;
        int eq = rco__equal(a->items[i], b->items[i]);
        if (eq != 1)
            return eq;
    }
    return 1;
}

int rco__sequence_order(rco_object *a, rco_object *b, int op, rco__item_at_fn item_at)
{
    for (size_t i = 0;; i++) {
        size_t na, nb;
        rco_object *x = item_at(a, i, &na), *y = item_at(b, i, &nb);
        if (i >= na || i >= nb) {
            RCO__XDECREF(x);
            RCO__XDECREF(y);
            return rco__order_holds(rco__three_way(na, nb), op);
        }
        if (!x || !y) {
            RCO__XDECREF(x);
            RCO__XDECREF(y);
            rco__err_set(RCO_ERR_VALUE, "slot %zu of a %s has not been set", i, (x ? b : a)->type->name);
            return -1;
        }
        int r = x == y ? 1 : rco__equal(x, y);
        if (r == 0)
            r = rco__order(x, y, op);
        else if (r == 1)
            r = -2; /* equal: go on */
        RCO__DECREF(x);
        RCO__DECREF(y);
        if (r != -2)
            return r;
    }
}

static rco_object *tuple_item_at(rco_object *self, size_t i, size_t *len)
{
    rco__tuple *t = (rco__tuple *)self;
    *len = t->ob.size;
    rco_object *item = i < t->ob.size ? t->items[i] : NULL;
    RCO__XINCREF(item);
    return item;
}

static int tuple_order(rco_object *self, rco_object *other, int op)
{
    if (other->type->kind != RCO__KIND_TUPLE)
        return RCO__NOT_ORDERED;
    return rco__sequence_order(self, other, op, tuple_item_at);
}

/* Combine item hashes in order (a multiply-rotate accumulator, like the
 * xxHash rounds CPython uses for tuples). */
static int64_t tuple_hash(rco_object *self)
{
    rco__tuple *t = (rco__tuple *)self;
    uint64_t acc = 0x27d4eb2f165667c5ULL ^ rco__hash_salt();
    for (size_t i = 0; i < t->ob.size; i++) {
        if (!t->items[i]) {
            rco__err_set(RCO_ERR_VALUE, "rco_hash: tuple slot %zu has not been set", i);
            return -1;
        }
        int64_t h = rco__hash(t->items[i]);
        if (h == -1)
            return -1;
        acc += (uint64_t)h * 0xc2b2ae3d27d4eb4fULL;
        acc = (acc << 31) | (acc >> 33);
        acc *= 0x9e3779b185ebca87ULL;
    }
    acc += t->ob.size ^ 0x165667b19e3779f9ULL;
    return rco__hash_fix((int64_t)acc);
}

static ssize_t tuple_len(rco_object *self)
{
    return (ssize_t)((rco__tuple *)self)->ob.size;
}

static int tuple_next(rco_object *self, size_t *pos, rco_object **item, rco_object **value)
{
    rco__tuple *t = (rco__tuple *)self;
    (void)value;
    if (*pos >= t->ob.size)
        return 0;
    *item = t->items[(*pos)++];
    return 1;
}

static int tuple_iter_step(rco_object *self, rco__iter_pos *pos, rco_object **item)
{
    size_t len;
    if (pos->done || !(*item = tuple_item_at(self, pos->index, &len))) {
        if (!pos->done && pos->index < len) {
            rco__err_set(RCO_ERR_VALUE, "tuple slot %zu has not been set", pos->index);
            return -1;
        }
        pos->done = true;
        return 0;
    }
    pos->index++;
    return 1;
}

static const rco__container tuple_container = {
    .open = "(", .close = ")", .empty = "()", .cycle = "(...)", .close_single = ",)",
    .next = tuple_next,
};

rco_type rco__tuple_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "tuple",
    .size = sizeof(rco__tuple),
    .flags = RCO_TYPE_READY | RCO_TYPE_GC | RCO__TYPE_FREES_ITSELF,
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
    .clear = tuple_clear,
    .hash = tuple_hash,
    .equal = tuple_equal,
    .kind = RCO__KIND_TUPLE,
    .has_gc_head = 1,
    .var_size = tuple_object_size,
    .len = tuple_len,
    .container = &tuple_container,
    .order = tuple_order,
    .iter_step = tuple_iter_step,
};

/* The empty tuple is immortal and shared; it has an (untracked) gc head
 * like every tuple, so code reading heads need not special-case it. */
static struct {
    rco__gc_head gc;
    rco__tuple tuple;
} empty_tuple = { { 0, 0 }, { RCO__IMMORTAL_HEAD(&rco__tuple_type) } };

/* Inline here so that rco_tuple_new is one call; rco__tuple_new is the
 * same for the other files. */
static inline rco_object *tuple_new(size_t n)
{
    if (n == 0)
        return &empty_tuple.tuple.ob;
    if (n > UINT32_MAX || n > (RCO__MAX_OBJECT_SIZE - sizeof(rco__tuple)) / sizeof(rco_object *)) {
        rco__err_set(RCO_ERR_OVERFLOW, "a tuple of %zu items is too large", n);
        return NULL;
    }
    rco__tuple *t;
    if (n <= KEEP_SIZE && (t = cache.dead[n]) != NULL) {
        cache.dead[n] = next_kept(t);
        cache.count[n]--;
        rco__count_init(&t->ob); /* its gc head is clear: it died untracked, without weakrefs */
        t->ob.lock = 0;
        t->ob.flags = 0;
        rco__gc_count_join();
        return &t->ob;
    }
    t = (rco__tuple *)rco__gc_object_alloc(&rco__tuple_type, sizeof(rco__tuple) + n * sizeof(rco_object *));
    if (!t)
        return NULL;
    t->ob.size = n;
    memset(t->items, 0, n * sizeof(rco_object *));
    return &t->ob;
}

rco_object *rco__tuple_new(size_t n)
{
    return tuple_new(n);
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
    if (i >= ((rco__tuple *)t)->ob.size) {
        rco__err_set(RCO_ERR_INDEX, "%s: index %zu out of range for a tuple of %zu", fn, i,
                     (size_t)((rco__tuple *)t)->ob.size);
        return false;
    }
    return true;
}

/* Store item (a reference handed over) in slot i, under the tuple's lock
 * (readers take the slot with one atomic load); the slot's old item is
 * released after the tuple is consistent again. */
static void store(rco__tuple *t, size_t i, rco_object *item)
{
    rco__lock(&t->ob);
    rco_object *old = t->items[i];
    __atomic_store_n(&t->items[i], item, __ATOMIC_RELEASE);
    if (RCO__UNLIKELY(rco__may_lead_to_cycles(item)))
        rco__gc_track(&t->ob);
    rco__unlock(&t->ob);
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
    rco_object *item = __atomic_load_n(&((rco__tuple *)t)->items[i], __ATOMIC_ACQUIRE);
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
