/*
 * ops/dictops.c: a dict's methods beyond getting and setting: keys(),
 * values(), items() as lists, get() with a default, pop(), setdefault()
 * and update().
 *
 * update() keeps rco's promise that a failed call changes nothing: it
 * first takes every pair out of `other` (so other may be d itself) and
 * hashes every key, then counts the keys d lacks and makes room for them
 * in one rebuild, and only then stores; the values it replaces are
 * released at the very end, when d is whole (their finalizers may look).
 */
#include "ops/ops.h"

#include "types/list.h"
#include "types/table.h"
#include "types/tuple.h"

static bool check_dict(rco_object *d, const char *fn)
{
    return rco__check_kind(d, RCO__KIND_DICT, fn, "dict");
}

/* The dict must be tracked once it may hold something leading back to it
 * (dict.c's rule: an untracked dict holds only atoms). */
static void track_if_needed(rco__dict *d, rco_object *key, rco_object *value)
{
    if (!rco__gc_is_tracked(&d->ob) && (rco__may_lead_to_cycles(key) || rco__may_lead_to_cycles(value)))
        rco__gc_track(&d->ob);
}

/* ---- keys(), values(), items() ------------------------------------- */

enum view { KEYS, VALUES, ITEMS };

static rco_object *view_list(rco_object *o, enum view view, const char *fn)
{
    if (!check_dict(o, fn))
        return NULL;
    rco__dict *d = (rco__dict *)o;
    /* Keys and values out at once, held; the tuples are made after. */
    size_t per = view == ITEMS ? 2 : 1;
    rco__items pairs = { 0 };
    rco__lock(o);
    size_t n = d->used;
    rco_object **got = n ? rco__alloc(rco__mul_size(n * per, sizeof(rco_object *))) : NULL;
    if (got) {
        pairs = (rco__items){ got, 0, n * per };
        const rco__entry *e = rco__table_entries(d->table);
        for (size_t i = 0; i < d->table->nentries; i++) {
            if (!e[i].key)
                continue;
            if (view != VALUES)
                got[pairs.n++] = e[i].key;
            if (view != KEYS)
                got[pairs.n++] = e[i].value;
        }
        for (size_t i = 0; i < pairs.n; i++)
            RCO__INCREF(got[i]);
    }
    rco__unlock(o);
    if (n && !got)
        return NULL;
    if (view != ITEMS) {
        rco_object *l = rco__list_from_items(&pairs);
        if (l)
            rco__gc_maybe_collect();
        RCO__LEDGER_GIVE(l);
        return l;
    }
    rco_object *l = rco__list_new(n);
    if (!l) {
        rco__items_release(&pairs);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        rco_object *t = rco__tuple_new(2);
        if (!t) {
            /* The pairs not yet in a tuple go; the list takes the rest. */
            for (size_t k = 2 * i; k < pairs.n; k++)
                RCO__DECREF(pairs.items[k]);
            rco__items_free(&pairs);
            __atomic_store_n(&((rco__list *)l)->size, i, __ATOMIC_RELAXED);
            RCO__DECREF(l);
            return NULL;
        }
        rco__tuple_fill(t, 0, pairs.items[2 * i]);
        rco__tuple_fill(t, 1, pairs.items[2 * i + 1]);
        rco__list_fill(l, i, &t, 1);
    }
    rco__items_free(&pairs);
    rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(l);
    return l;
}

rco_object *rco_dict_keys(rco_object *d)
{
    return view_list(d, KEYS, "rco_dict_keys");
}

rco_object *rco_dict_values(rco_object *d)
{
    return view_list(d, VALUES, "rco_dict_values");
}

rco_object *rco_dict_items(rco_object *d)
{
    return view_list(d, ITEMS, "rco_dict_items");
}

/* ---- one key ---------------------------------------------------------- */

/* The entry of key in d, or RCO__TABLE_NOT_FOUND (with *slot where it
 * would go, if slot), or RCO__TABLE_ERROR. Hashes first, then locks d: on
 * return d's lock is held unless *locked is false (the hash failed). */
static ssize_t find(rco__dict *d, rco_object *key, int64_t *hash, size_t *slot, bool *locked)
{
    *locked = false;
    if ((*hash = rco__hash(key)) == -1)
        return RCO__TABLE_ERROR;
    rco__lock(&d->ob);
    *locked = true;
    return rco__table_lookup(&d->ob, &d->table, key, *hash, slot);
}

static void set_used(rco__dict *d, size_t n)
{
    __atomic_store_n(&d->used, n, __ATOMIC_RELAXED);
}

static void key_error(rco_object *key)
{
    char shown[120];
    rco__repr_for_message(key, shown, sizeof shown);
    rco__err_set(RCO_ERR_KEY, "%s", shown);
}

rco_object *rco_dict_get_default(rco_object *d, rco_object *key, rco_object *dflt)
{
    if (!check_dict(d, "rco_dict_get_default") || !rco__check_obj(key, "rco_dict_get_default"))
        return NULL;
    rco__dict *dict = (rco__dict *)d;
    int64_t hash;
    bool locked;
    ssize_t ix = find(dict, key, &hash, NULL, &locked);
    rco_object *value = ix >= 0 ? rco__table_entries(dict->table)[ix].value : dflt ? dflt : rco_none();
    if (ix != RCO__TABLE_ERROR)
        RCO__INCREF(value);
    if (locked)
        rco__unlock(d);
    if (ix == RCO__TABLE_ERROR)
        return NULL;
    RCO__LEDGER_GIVE(value);
    return value;
}

rco_object *rco_dict_pop(rco_object *d, rco_object *key)
{
    if (!check_dict(d, "rco_dict_pop") || !rco__check_obj(key, "rco_dict_pop"))
        return NULL;
    rco__dict *dict = (rco__dict *)d;
    int64_t hash;
    bool locked;
    ssize_t ix = find(dict, key, &hash, NULL, &locked);
    if (ix < 0) {
        if (locked)
            rco__unlock(d);
        if (ix == RCO__TABLE_NOT_FOUND)
            key_error(key);
        return NULL;
    }
    rco_object *old_key, *value;
    bool shared = rco__table_is_read_shared(dict->table);
    rco__table_remove(dict->table, (size_t)ix, &old_key, &value);
    set_used(dict, dict->used - 1);
    rco__unlock(d);
    rco__table_settle(shared); /* before the caller may release value */
    RCO__DECREF(old_key);
    RCO__LEDGER_GIVE(value);
    return value;
}

rco_object *rco_dict_setdefault(rco_object *d, rco_object *key, rco_object *dflt)
{
    if (!check_dict(d, "rco_dict_setdefault") || !rco__check_obj(key, "rco_dict_setdefault") ||
        !rco__check_obj(dflt, "rco_dict_setdefault"))
        return NULL;
    rco__dict *dict = (rco__dict *)d;
    int64_t hash;
    size_t slot;
    bool locked;
    ssize_t ix = find(dict, key, &hash, &slot, &locked);
    rco_object *value = NULL;
    if (ix >= 0) {
        value = rco__table_entries(dict->table)[ix].value;
    } else if (ix == RCO__TABLE_NOT_FOUND &&
               rco__table_add(&dict->table, dict->used, slot, key, hash, dflt) == 0) {
        RCO__INCREF(key);
        RCO__INCREF(dflt);
        set_used(dict, dict->used + 1);
        track_if_needed(dict, key, dflt);
        value = dflt;
    }
    RCO__XINCREF(value);
    if (locked)
        rco__unlock(d);
    rco__table_settle(false); /* the table it replaced, if any */
    RCO__LEDGER_GIVE(value);
    return value;
}

int rco__dict_store_steal(rco_object *o, rco_object *key, int64_t hash, rco_object *value)
{
    rco__dict *d = (rco__dict *)o;
    size_t slot;
    rco__lock(o);
    ssize_t ix = rco__table_lookup(o, &d->table, key, hash, &slot);
    rco_object *old = NULL;
    int r = ix == RCO__TABLE_ERROR ? -1 : 0;
    bool shared = rco__table_is_read_shared(d->table);
    if (ix >= 0) {
        rco__entry *e = &rco__table_entries(d->table)[ix];
        old = e->value;
        rco__table_set_value(d->table, ix, value);
        track_if_needed(d, e->key, value);
    } else if (r == 0 && (r = rco__table_add(&d->table, d->used, slot, key, hash, value)) == 0) {
        set_used(d, d->used + 1);
        track_if_needed(d, key, value);
    }
    rco__unlock(o);
    rco__table_settle(shared && old);
    if (r < 0) {
        RCO__DECREF(key);
        RCO__DECREF(value);
    } else if (old) {
        RCO__DECREF(key); /* the equal key already there stays */
        RCO__DECREF(old);
    }
    return r;
}

/* ---- update() ---------------------------------------------------------- */

/* A pair to store: held key and value, and the key's hash. */
typedef struct pair {
    rco_object *key, *value;
    int64_t hash;
} pair;

typedef struct pairs {
    pair *at;
    size_t n, cap;
} pairs;

static void pairs_release(pairs *p)
{
    for (size_t i = 0; i < p->n; i++) {
        RCO__XDECREF(p->at[i].key);
        RCO__XDECREF(p->at[i].value);
    }
    if (p->at)
        rco__free(p->at, p->cap * sizeof(pair));
}

static int pairs_alloc(pairs *p, size_t n)
{
    p->n = 0;
    p->at = n ? rco__alloc(rco__mul_size(n, sizeof(pair))) : NULL;
    p->cap = p->at ? n : 0;
    return n && !p->at ? -1 : 0;
}

/* A dict's items, with their hashes, at once. */
static int pairs_of_dict(rco_object *o, pairs *p)
{
    rco__dict *d = (rco__dict *)o;
    rco__lock(o);
    int r = pairs_alloc(p, d->used);
    if (r == 0 && d->table) {
        const rco__entry *e = rco__table_entries(d->table);
        for (size_t i = 0; i < d->table->nentries; i++) {
            if (e[i].key) {
                p->at[p->n++] = (pair){ e[i].key, e[i].value, e[i].hash };
                RCO__INCREF(e[i].key);
                RCO__INCREF(e[i].value);
            }
        }
    }
    rco__unlock(o);
    return r;
}

/* Element i of an update sequence as a key and a value: any iterable of
 * two, as Python's (a 2-tuple or 2-list usually; "ab" gives 'a': 'b'). */
static int split_pair(rco_object *element, size_t i, pair *out)
{
    if (!element->type->iter_step && !rco__is_iterator(element)) {
        rco__err_set(RCO_ERR_TYPE, "cannot convert dictionary update sequence element #%zu to a sequence", i);
        return -1;
    }
    rco__items two;
    if (rco__items_of(element, &two, "rco_dict_update") < 0)
        return -1;
    if (two.n != 2) {
        rco__err_set(RCO_ERR_VALUE, "dictionary update sequence element #%zu has length %zu; 2 is required",
                     i, two.n);
        rco__items_release(&two);
        return -1;
    }
    out->key = two.items[0];
    out->value = two.items[1];
    rco__items_free(&two);
    if ((out->hash = rco__hash(out->key)) == -1)
        return -1;
    return 0;
}

static int pairs_of_iterable(rco_object *o, pairs *p)
{
    rco__items elements;
    if (rco__items_of(o, &elements, "rco_dict_update") < 0)
        return -1;
    int r = pairs_alloc(p, elements.n);
    for (size_t i = 0; i < elements.n && r == 0; i++) {
        p->at[i] = (pair){ 0 };
        p->n = i + 1;
        r = split_pair(elements.items[i], i, &p->at[i]);
    }
    rco__items_release(&elements);
    return r;
}

/* Store every pair; the value each replaces takes its place in p, to be
 * released when the dict is whole. */
static int store_pairs(rco__dict *d, pairs *p)
{
    size_t absent = 0;
    bool replaced = false;
    rco__lock(&d->ob);
    for (size_t i = 0; i < p->n; i++) {
        ssize_t ix = rco__table_lookup(&d->ob, &d->table, p->at[i].key, p->at[i].hash, NULL);
        if (ix == RCO__TABLE_ERROR) {
            rco__unlock(&d->ob);
            return -1;
        }
        absent += ix < 0;
    }
    int r = absent ? rco__table_reserve(&d->table, d->used, absent) : 0;
    for (size_t i = 0; i < p->n && r == 0; i++) {
        pair *q = &p->at[i];
        size_t slot;
        ssize_t ix = rco__table_lookup(&d->ob, &d->table, q->key, q->hash, &slot);
        if (ix == RCO__TABLE_ERROR) {
            r = -1; /* a user equal slot failed: the pairs before stay, as in Python */
        } else if (ix >= 0) {
            rco__entry *e = &rco__table_entries(d->table)[ix];
            rco_object *old = e->value;
            rco__table_set_value(d->table, ix, q->value);
            q->value = old;
            replaced = true;
            track_if_needed(d, e->key, e->value);
        } else if ((r = rco__table_add(&d->table, d->used, slot, q->key, q->hash, q->value)) == 0) {
            set_used(d, d->used + 1);
            track_if_needed(d, q->key, q->value);
            q->key = q->value = NULL; /* the dict's now */
        }
        /* r < 0 here only if user code or another thread ate the room made above */
    }
    bool shared = rco__table_is_read_shared(d->table);
    rco__unlock(&d->ob);
    rco__table_settle(shared && replaced);
    return r;
}

rco_object *rco__dict_copy(rco_object *d)
{
    pairs p = { 0 };
    if (pairs_of_dict(d, &p) < 0)
        return NULL;
    rco_object *copy = rco__dict_new();
    rco__dict *c = (rco__dict *)copy;
    if (copy && p.n && rco__table_reserve(&c->table, 0, p.n) < 0) /* not shared yet: no lock */
        RCO__CLEAR(copy);
    for (size_t i = 0; copy && i < p.n; i++) {
        pair *q = &p.at[i];
        int r = rco__dict_store_steal(copy, q->key, q->hash, q->value);
        q->key = q->value = NULL;
        if (r < 0)
            RCO__CLEAR(copy);
    }
    pairs_release(&p);
    return copy;
}

int rco_dict_update(rco_object *d, rco_object *other)
{
    if (!check_dict(d, "rco_dict_update") || !rco__check_obj(other, "rco_dict_update"))
        return -1;
    pairs p = { 0 };
    int r = other->type->kind == RCO__KIND_DICT ? pairs_of_dict(other, &p) : pairs_of_iterable(other, &p);
    if (r == 0)
        r = store_pairs((rco__dict *)d, &p);
    pairs_release(&p);
    return r;
}
