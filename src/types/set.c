/*
 * types/set.c: insertion-ordered sets on the shared hash table (table.h), with
 * values left NULL. Unlike CPython's sets they iterate (and print) in
 * insertion order, so output does not depend on the hash key.
 *
 * Threads: as dicts (dict.c): the table and `used` under the set's lock.
 */
#include "types/traverse.h"

static int set_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    return rco__traverse_table(((rco__set *)self)->table, false, visit, arg);
}

static void set_clear(rco_object *self)
{
    rco__table_clear(self, &((rco__set *)self)->table, &((rco__set *)self)->used, false);
}

static inline size_t used_of(rco__set *s)
{
    return __atomic_load_n(&s->used, __ATOMIC_RELAXED);
}

static inline void set_used(rco__set *s, size_t n)
{
    __atomic_store_n(&s->used, n, __ATOMIC_RELAXED);
}

/* The item at entry *i or after (skipping deleted ones), held; NULL at
 * the end. */
static rco_object *item_ref(rco__set *s, size_t *i, int64_t *hash)
{
    rco_object *item = NULL;
    rco__lock(&s->ob);
    for (rco__table *t = s->table; t && *i < t->nentries && !item; (*i)++) {
        rco__entry *e = &rco__table_entries(t)[*i];
        if (e->key) {
            item = e->key;
            *hash = e->hash;
            RCO__INCREF(item);
        }
    }
    rco__unlock(&s->ob);
    return item;
}

/* The entry of item (hash known) in s, with s's lock held on return. */
static ssize_t find_locked(rco__set *s, rco_object *item, int64_t hash, size_t *slot)
{
    rco__lock(&s->ob);
    return rco__table_lookup(&s->ob, &s->table, item, hash, slot);
}

static int set_equal(rco_object *self, rco_object *other)
{
    if (other->type->kind != RCO__KIND_SET)
        return 0;
    rco__set *a = (rco__set *)self, *b = (rco__set *)other;
    if (used_of(a) != used_of(b))
        return 0;
    int64_t hash;
    rco_object *key;
    for (size_t i = 0; (key = item_ref(a, &i, &hash)) != NULL;) {
        ssize_t ix = find_locked(b, key, hash, NULL);
        rco__unlock(&b->ob);
        RCO__DECREF(key);
        if (ix == RCO__TABLE_ERROR)
            return -1;
        if (ix < 0)
            return 0;
    }
    return 1;
}

/* Every item of a is in b. Each item is held while it is looked up: a
 * user equal slot may change either set. */
static int is_subset(rco__set *a, rco__set *b)
{
    if (used_of(a) > used_of(b))
        return 0;
    for (size_t i = 0;; i++) {
        rco__lock(&a->ob);
        rco__table *t = a->table;
        rco_object *key = NULL;
        int64_t hash = 0;
        for (; t && i < t->nentries; i++) {
            rco__entry *e = &rco__table_entries(t)[i];
            if (e->key) {
                key = e->key;
                hash = e->hash;
                RCO__INCREF(key);
                break;
            }
        }
        rco__unlock(&a->ob);
        if (!key)
            return 1;
        ssize_t ix = find_locked(b, key, hash, NULL);
        rco__unlock(&b->ob);
        RCO__DECREF(key);
        if (ix == RCO__TABLE_ERROR)
            return -1;
        if (ix < 0)
            return 0;
    }
}

/* Sets are ordered by inclusion: a < b is a proper subset. */
static int set_order(rco_object *self, rco_object *other, int op)
{
    if (other->type->kind != RCO__KIND_SET)
        return RCO__NOT_ORDERED;
    rco__set *a = (rco__set *)self, *b = (rco__set *)other;
    switch (op) {
    case RCO_LT:
        return used_of(a) < used_of(b) ? is_subset(a, b) : 0;
    case RCO_LE:
        return is_subset(a, b);
    case RCO_GT:
        return used_of(a) > used_of(b) ? is_subset(b, a) : 0;
    default:
        return is_subset(b, a);
    }
}

static int set_iter_step(rco_object *self, rco__iter_pos *pos, rco_object **item)
{
    rco__set *s = (rco__set *)self;
    int r = 0;
    rco__lock(self);
    if (pos->done) {
        r = 0;
    } else if (s->used != pos->expected) {
        pos->expected = RCO__ITER_BROKEN;
        r = -1;
    } else {
        pos->done = true;
        for (rco__table *t = s->table; t && pos->index < t->nentries;) {
            rco__entry *e = &rco__table_entries(t)[pos->index++];
            if (e->key) {
                *item = e->key;
                RCO__INCREF(*item);
                pos->done = false;
                r = 1;
                break;
            }
        }
    }
    rco__unlock(self);
    if (r < 0)
        rco__err_set(RCO_ERR_RUNTIME, "Set changed size during iteration");
    return r;
}

static ssize_t set_len(rco_object *self)
{
    return (ssize_t)used_of((rco__set *)self);
}

static int set_next_item(rco_object *self, size_t *pos, rco_object **item, rco_object **value)
{
    (void)value;
    int found = 0;
    rco__lock(self);
    rco__table *t = ((rco__set *)self)->table;
    while (t && *pos < t->nentries && !found) {
        rco__entry *e = &rco__table_entries(t)[(*pos)++];
        if (e->key) {
            *item = e->key;
            found = 1;
        }
    }
    rco__unlock(self);
    return found;
}

static const rco__container set_container = {
    .open = "{", .close = "}", .empty = "set()", .cycle = "set(...)", .next = set_next_item,
};

rco_type rco__set_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "set",
    .size = sizeof(rco__set),
    .flags = RCO_TYPE_READY | RCO_TYPE_GC | RCO_TYPE_UNHASHABLE,
    .dealloc = set_clear,
    .traverse = set_traverse,
    .clear = set_clear,
    .equal = set_equal,
    .kind = RCO__KIND_SET,
    .has_gc_head = 1,
    .block_size = RCO__BLOCK(sizeof(rco__set), 1),
    .len = set_len,
    .container = &set_container,
    .order = set_order,
    .iter_step = set_iter_step,
};

rco_object *rco__set_new(void)
{
    rco__set *s = (rco__set *)rco__gc_object_alloc(&rco__set_type, sizeof(rco__set));
    if (!s)
        return NULL;
    s->table = NULL;
    s->used = 0;
    rco__gc_track(&s->ob);
    return &s->ob;
}

rco_object *rco_set_new(void)
{
    rco_object *s = rco__set_new();
    if (!s)
        return NULL;
    rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(s);
    return s;
}

/* The entry of item, RCO__TABLE_NOT_FOUND (with *slot where it would go),
 * or RCO__TABLE_ERROR; *hash is item's hash. s's lock is held on return,
 * except after an error in the arguments or the hash (*locked false). */
static ssize_t find(rco_object *s, rco_object *item, int64_t *hash, size_t *slot, bool *locked,
                    const char *fn)
{
    *locked = false;
    if (!rco__check_kind(s, RCO__KIND_SET, fn, "set") || !rco__check_obj(item, fn))
        return RCO__TABLE_ERROR;
    *hash = rco__hash(item);
    if (*hash == -1)
        return RCO__TABLE_ERROR;
    *locked = true;
    return find_locked((rco__set *)s, item, *hash, slot);
}

int rco_set_add(rco_object *s, rco_object *item)
{
    int64_t hash;
    size_t slot;
    bool locked;
    ssize_t ix = find(s, item, &hash, &slot, &locked, "rco_set_add");
    rco__set *set = (rco__set *)s;
    int r = ix == RCO__TABLE_ERROR ? -1 : 0;
    if (ix == RCO__TABLE_NOT_FOUND) {
        r = rco__table_add(&set->table, set->used, slot, item, hash, NULL);
        if (r == 0) {
            RCO__INCREF(item);
            set_used(set, set->used + 1);
        }
    }
    if (locked)
        rco__unlock(s);
    return r;
}

int rco_set_contains(rco_object *s, rco_object *item)
{
    int64_t hash;
    bool locked;
    ssize_t ix = find(s, item, &hash, NULL, &locked, "rco_set_contains");
    if (locked)
        rco__unlock(s);
    return ix == RCO__TABLE_ERROR ? -1 : ix >= 0;
}

int rco_set_discard(rco_object *s, rco_object *item)
{
    int64_t hash;
    bool locked;
    ssize_t ix = find(s, item, &hash, NULL, &locked, "rco_set_discard");
    if (ix < 0) {
        if (locked)
            rco__unlock(s);
        return ix == RCO__TABLE_ERROR ? -1 : 0;
    }
    rco__set *set = (rco__set *)s;
    rco_object *key, *unused;
    rco__table_remove(set->table, (size_t)ix, &key, &unused);
    set_used(set, set->used - 1);
    rco__unlock(s);
    RCO__DECREF(key);
    return 1;
}

int rco_set_next(rco_object *s, size_t *pos, rco_object **item)
{
    if (!rco__check_kind(s, RCO__KIND_SET, "rco_set_next", "set"))
        return -1;
    if (!pos) {
        rco__err_set(RCO_ERR_TYPE, "rco_set_next: pos is NULL");
        return -1;
    }
    rco__entry *e;
    rco__lock(s);
    int r = rco__table_next(((rco__set *)s)->table, pos, &e);
    rco_object *k = r > 0 ? e->key : NULL;
    rco__unlock(s);
    if (r < 0) {
        rco__err_set(RCO_ERR_RUNTIME, "Set changed size during iteration");
        return -1;
    }
    if (r == 0)
        return 0;
    if (item)
        *item = k;
    RCO__LEDGER_LEND(k);
    return 1;
}
