/*
 * ops/setops.c: set algebra (|, &, -, ^), update, pop and the inclusion
 * tests, with b any iterable.
 *
 * Results are new sets filled in a defined order (rco.h says which), and
 * keep the objects CPython keeps: union keeps a's 1 over b's True,
 * intersection the items of the operand it walks (the smaller one, as
 * CPython). Items are taken out of a set with their hashes under its lock
 * and looked up after, outside it (a lookup may run a user equal slot).
 */
#include "ops/ops.h"

#include "types/set.h"
#include "types/table.h"

/* Items with their hashes, each held. */
typedef struct keys {
    struct hashed {
        rco_object *key;
        int64_t hash;
    } *at;
    size_t n, cap;
} keys;

static void keys_release(keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        RCO__DECREF(k->at[i].key);
    if (k->at)
        rco__free(k->at, k->cap * sizeof *k->at);
    *k = (keys){ 0 };
}

static int keys_alloc(keys *k, size_t n)
{
    *k = (keys){ 0 };
    if (n && !(k->at = rco__alloc(rco__mul_size(n, sizeof *k->at))))
        return -1;
    k->cap = n;
    return 0;
}

static bool is_set(const rco_object *o)
{
    return o->type->kind == RCO__KIND_SET;
}

/* A set's items at once, in order. */
static int keys_of_set(rco_object *o, keys *k)
{
    rco__set *s = (rco__set *)o;
    rco__lock(o);
    int r = keys_alloc(k, s->used);
    if (r == 0 && s->table) {
        const rco__entry *e = rco__table_entries(s->table);
        for (size_t i = 0; i < s->table->nentries; i++) {
            if (e[i].key) {
                k->at[k->n++] = (struct hashed){ e[i].key, e[i].hash };
                RCO__INCREF(e[i].key);
            }
        }
    }
    rco__unlock(o);
    return r;
}

/* Any iterable's items, hashed (an unhashable one is a TypeError). */
static int keys_of(rco_object *o, keys *k, const char *fn)
{
    if (is_set(o))
        return keys_of_set(o, k);
    rco__items items;
    if (rco__items_of(o, &items, fn) < 0)
        return -1;
    int r = keys_alloc(k, items.n);
    for (size_t i = 0; i < items.n && r == 0; i++) {
        int64_t h = rco__hash(items.items[i]);
        if (h == -1) {
            r = -1;
            break;
        }
        k->at[k->n++] = (struct hashed){ items.items[i], h };
        items.items[i] = NULL;
    }
    for (size_t i = 0; i < items.n; i++)
        RCO__XDECREF(items.items[i]);
    rco__items_free(&items);
    if (r < 0)
        keys_release(k);
    return r;
}

/* Is h's key in s: its entry, RCO__TABLE_NOT_FOUND or RCO__TABLE_ERROR
 * (the answer of a moment: other threads may change s right after). */
static ssize_t lookup(rco_object *s, const struct hashed *h)
{
    rco__lock(s);
    ssize_t ix = rco__table_lookup(s, &((rco__set *)s)->table, h->key, h->hash, NULL);
    rco__unlock(s);
    return ix;
}

static void add_to_used(rco__set *set, size_t delta_plus, size_t delta_minus)
{
    __atomic_store_n(&set->used, set->used + delta_plus - delta_minus, __ATOMIC_RELAXED);
}

/* Add h's key unless an equal one is there: 1 added, 0 present, -1. The
 * lookup and the insertion under one hold of the lock (the lookup lets it
 * go only while a user equal runs, and starts again if the set changed). */
static int add(rco_object *s, const struct hashed *h)
{
    rco__set *set = (rco__set *)s;
    size_t slot;
    rco__lock(s);
    ssize_t ix = rco__table_lookup(s, &set->table, h->key, h->hash, &slot);
    int r = ix == RCO__TABLE_ERROR ? -1 : 0;
    if (ix == RCO__TABLE_NOT_FOUND) {
        r = rco__table_add(&set->table, set->used, slot, h->key, h->hash, NULL);
        if (r == 0) {
            RCO__INCREF(h->key);
            add_to_used(set, 1, 0);
            r = 1;
        }
    }
    rco__unlock(s);
    return r;
}

int rco__set_add_steal(rco_object *s, rco_object *key, int64_t hash)
{
    struct hashed h = { key, hash };
    int r = add(s, &h);
    RCO__DECREF(key); /* add took its own reference if it added */
    return r < 0 ? -1 : 0;
}

/* Remove h's key if there: 1 removed, 0 absent, -1. */
static int discard(rco_object *s, const struct hashed *h)
{
    rco__set *set = (rco__set *)s;
    rco__lock(s);
    ssize_t ix = rco__table_lookup(s, &set->table, h->key, h->hash, NULL);
    if (ix < 0) {
        rco__unlock(s);
        return ix == RCO__TABLE_ERROR ? -1 : 0;
    }
    rco_object *key, *unused;
    rco__table_remove(set->table, (size_t)ix, &key, &unused);
    add_to_used(set, 0, 1);
    rco__unlock(s);
    RCO__DECREF(key);
    return 1;
}

/* A new set of k's keys, in order (later equal ones dropped). */
static rco_object *set_of_keys(const keys *k)
{
    rco_object *s = rco__set_new();
    for (size_t i = 0; s && i < k->n; i++)
        if (add(s, &k->at[i]) < 0)
            RCO__CLEAR(s);
    return s;
}

/* o itself, held, if it is a set; else a new set of its items. */
static rco_object *as_set(rco_object *o, const char *fn)
{
    if (is_set(o)) {
        RCO__INCREF(o);
        return o;
    }
    keys k;
    if (keys_of(o, &k, fn) < 0)
        return NULL;
    rco_object *s = set_of_keys(&k);
    keys_release(&k);
    return s;
}

rco_object *rco__set_copy(rco_object *o)
{
    keys k;
    if (keys_of_set(o, &k) < 0)
        return NULL;
    rco_object *s = set_of_keys(&k);
    keys_release(&k);
    return s;
}

static bool check_args(rco_object *a, rco_object *b, const char *fn)
{
    return rco__check_kind(a, RCO__KIND_SET, fn, "set") && rco__check_obj(b, fn);
}

static rco_object *done(rco_object *s)
{
    if (s)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(s);
    return s;
}

/* ---- the algebra ------------------------------------------------------ */

rco_object *rco_set_union(rco_object *a, rco_object *b)
{
    if (!check_args(a, b, "rco_set_union"))
        return NULL;
    keys ka, kb;
    if (keys_of_set(a, &ka) < 0)
        return NULL;
    if (keys_of(b, &kb, "rco_set_union") < 0) {
        keys_release(&ka);
        return NULL;
    }
    rco_object *s = set_of_keys(&ka);
    for (size_t i = 0; s && i < kb.n; i++)
        if (add(s, &kb.at[i]) < 0)
            RCO__CLEAR(s);
    keys_release(&ka);
    keys_release(&kb);
    return done(s);
}

/* The items of `walked` that `other` holds, in walked's order. */
static rco_object *common(const keys *walked, rco_object *other)
{
    rco_object *s = rco__set_new();
    for (size_t i = 0; s && i < walked->n; i++) {
        ssize_t ix = lookup(other, &walked->at[i]);
        if (ix == RCO__TABLE_ERROR || (ix >= 0 && add(s, &walked->at[i]) < 0))
            RCO__CLEAR(s);
    }
    return s;
}

rco_object *rco_set_intersection(rco_object *a, rco_object *b)
{
    if (!check_args(a, b, "rco_set_intersection"))
        return NULL;
    rco_object *walked = b, *other = a;
    if (is_set(b) && rco__len_locked(b) > rco__len_locked(a)) {
        walked = a;
        other = b;
    }
    keys k;
    if (keys_of(walked, &k, "rco_set_intersection") < 0)
        return NULL;
    rco_object *s = common(&k, other);
    keys_release(&k);
    return done(s);
}

rco_object *rco_set_difference(rco_object *a, rco_object *b)
{
    if (!check_args(a, b, "rco_set_difference"))
        return NULL;
    rco_object *other = as_set(b, "rco_set_difference");
    if (!other)
        return NULL;
    keys k;
    rco_object *s = NULL;
    if (keys_of_set(a, &k) == 0) {
        s = rco__set_new();
        for (size_t i = 0; s && i < k.n; i++) {
            ssize_t ix = lookup(other, &k.at[i]);
            if (ix == RCO__TABLE_ERROR || (ix < 0 && add(s, &k.at[i]) < 0))
                RCO__CLEAR(s);
        }
        keys_release(&k);
    }
    RCO__DECREF(other);
    return done(s);
}

rco_object *rco_set_symmetric_difference(rco_object *a, rco_object *b)
{
    if (!check_args(a, b, "rco_set_symmetric_difference"))
        return NULL;
    keys ka, kb;
    if (keys_of_set(a, &ka) < 0)
        return NULL;
    rco_object *other = as_set(b, "rco_set_symmetric_difference");
    rco_object *s = NULL;
    if (other && keys_of_set(other, &kb) == 0) {
        s = set_of_keys(&ka);
        for (size_t i = 0; s && i < kb.n; i++) {
            int r = discard(s, &kb.at[i]);
            if (r < 0 || (r == 0 && add(s, &kb.at[i]) < 0))
                RCO__CLEAR(s);
        }
        keys_release(&kb);
    }
    RCO__XDECREF(other);
    keys_release(&ka);
    return done(s);
}

/* ---- in place ----------------------------------------------------------- */

int rco_set_update(rco_object *s, rco_object *iterable)
{
    if (!check_args(s, iterable, "rco_set_update"))
        return -1;
    keys k;
    if (keys_of(iterable, &k, "rco_set_update") < 0)
        return -1;
    /* Room for every new item first, so that nothing is added unless all
     * is (unless other threads add to s meanwhile: then an insertion may
     * still need memory, and fail). */
    size_t absent = 0;
    int r = 0;
    for (size_t i = 0; i < k.n && r == 0; i++) {
        ssize_t ix = lookup(s, &k.at[i]);
        if (ix == RCO__TABLE_ERROR)
            r = -1;
        absent += ix == RCO__TABLE_NOT_FOUND;
    }
    if (r == 0 && absent) {
        rco__set *set = (rco__set *)s;
        rco__lock(s);
        r = rco__table_reserve(&set->table, set->used, absent);
        rco__unlock(s);
    }
    for (size_t i = 0; i < k.n && r == 0; i++)
        r = add(s, &k.at[i]) < 0 ? -1 : 0;
    keys_release(&k);
    return r;
}

rco_object *rco_set_pop(rco_object *s)
{
    if (!rco__check_kind(s, RCO__KIND_SET, "rco_set_pop", "set"))
        return NULL;
    rco__set *set = (rco__set *)s;
    rco_object *item = NULL, *unused;
    rco__lock(s);
    if (set->table && rco__table_pop_last(set->table, &item, &unused))
        add_to_used(set, 0, 1);
    rco__unlock(s);
    if (!item)
        rco__err_set(RCO_ERR_KEY, "pop from an empty set");
    RCO__LEDGER_GIVE(item);
    return item;
}

/* ---- inclusion ---------------------------------------------------------- */

/* How many of k's keys s holds (stopping at the first one it lacks when
 * all_needed, at the first it holds when none_wanted): the answer, or -1. */
static int holds(rco_object *s, const keys *k, bool all_needed)
{
    for (size_t i = 0; i < k->n; i++) {
        ssize_t ix = lookup(s, &k->at[i]);
        if (ix == RCO__TABLE_ERROR)
            return -1;
        if (all_needed && ix < 0)
            return 0;
        if (!all_needed && ix >= 0)
            return 0;
    }
    return 1;
}

int rco_set_issubset(rco_object *a, rco_object *b)
{
    if (!check_args(a, b, "rco_set_issubset"))
        return -1;
    rco_object *other = as_set(b, "rco_set_issubset");
    if (!other)
        return -1;
    int r = rco__order(a, other, RCO_LE);
    RCO__DECREF(other);
    return r;
}

int rco_set_issuperset(rco_object *a, rco_object *b)
{
    if (!check_args(a, b, "rco_set_issuperset"))
        return -1;
    keys k;
    if (keys_of(b, &k, "rco_set_issuperset") < 0)
        return -1;
    int r = holds(a, &k, true);
    keys_release(&k);
    return r;
}

int rco_set_isdisjoint(rco_object *a, rco_object *b)
{
    if (!check_args(a, b, "rco_set_isdisjoint"))
        return -1;
    rco_object *walked = b, *other = a;
    if (is_set(b) && rco__len_locked(b) > rco__len_locked(a)) {
        walked = a;
        other = b;
    }
    keys k;
    if (keys_of(walked, &k, "rco_set_isdisjoint") < 0)
        return -1;
    int r = holds(other, &k, false);
    keys_release(&k);
    return r;
}
