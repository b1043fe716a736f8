/*
 * types/dict.c: insertion-ordered mappings on the shared hash table (table.h).
 *
 * A dict starts untracked by the collector, as in CPython: it only needs
 * tracking once it holds something that could lead back to it, and the
 * collector untracks dicts that hold only atomic values again.
 */
#include "types/traverse.h"

#include "core/utf8.h"

static int dict_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    return rco__traverse_table(((rco__dict *)self)->table, true, visit, arg);
}

static void dict_clear(rco_object *self)
{
    rco__table_clear(&((rco__dict *)self)->table, &((rco__dict *)self)->used);
}

/* Every key of a with an equal value under an equal key in b (sizes
 * equal). Comparisons may run user code that changes either dict: a's
 * table and entry are read again at each step, and the pair is held. */
static int dict_equal(rco_object *self, rco_object *other)
{
    if (other->type->kind != RCO__KIND_DICT)
        return 0;
    rco__dict *a = (rco__dict *)self, *b = (rco__dict *)other;
    if (a->used != b->used)
        return 0;
    for (size_t i = 0; a->table && i < a->table->nentries; i++) {
        rco__entry *e = &rco__table_entries(a->table)[i];
        if (!e->key)
            continue;
        rco_object *key = e->key, *value = e->value;
        RCO__INCREF(key);
        RCO__INCREF(value);
        ssize_t ix = rco__table_lookup(&b->table, key, e->hash, NULL);
        int eq = ix == RCO__TABLE_ERROR ? -1 : 0;
        if (ix >= 0) {
            rco_object *found = rco__table_entries(b->table)[ix].value;
            RCO__INCREF(found);
            eq = found == value ? 1 : rco__equal(value, found);
            RCO__DECREF(found);
        }
        RCO__DECREF(key);
        RCO__DECREF(value);
        if (eq != 1)
            return eq;
    }
    return 1;
}

static ssize_t dict_len(rco_object *self)
{
    return (ssize_t)((rco__dict *)self)->used;
}

static int dict_next_item(rco_object *self, size_t *pos, rco_object **key, rco_object **value)
{
    rco__table *t = ((rco__dict *)self)->table;
    while (t && *pos < t->nentries) {
        rco__entry *e = &rco__table_entries(t)[(*pos)++];
        if (e->key) {
            *key = e->key;
            *value = e->value;
            return 1;
        }
    }
    return 0;
}

/* The keys, failing as Python's iterators do when the dict changes size
 * (every later step fails too), or when it yields more keys than it had
 * (keys were removed and others added meanwhile). */
static int dict_iter_step(rco_object *self, rco__iter_pos *pos, rco_object **item)
{
    rco__dict *d = (rco__dict *)self;
    const char *failure = NULL;
    int r = 0;
    rco__lock(self);
    if (pos->done)
        goto out;
    if (d->used != pos->expected) {
        pos->expected = RCO__ITER_BROKEN;
        failure = "dictionary changed size during iteration";
        goto out;
    }
    for (rco__table *t = d->table; t && pos->index < t->nentries;) {
        rco__entry *e = &rco__table_entries(t)[pos->index++];
        if (!e->key)
            continue;
        if (pos->remaining == 0) {
            pos->done = true;
            failure = "dictionary keys changed during iteration";
            goto out;
        }
        pos->remaining--;
        *item = e->key;
        RCO__INCREF(*item);
        r = 1;
        goto out;
    }
    pos->done = true;
out:
    rco__unlock(self);
    if (failure) {
        rco__err_set(RCO_ERR_RUNTIME, "%s", failure);
        return -1;
    }
    return r;
}

static const rco__container dict_container = {
    .open = "{", .close = "}", .empty = "{}", .cycle = "{...}", .next = dict_next_item,
};

rco_type rco__dict_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "dict",
    .size = sizeof(rco__dict),
    .flags = RCO_TYPE_READY | RCO_TYPE_GC | RCO_TYPE_UNHASHABLE,
    .dealloc = dict_clear,
    .traverse = dict_traverse,
    .clear = dict_clear,
    .equal = dict_equal,
    .kind = RCO__KIND_DICT,
    .has_gc_head = 1,
    .block_size = RCO__BLOCK(sizeof(rco__dict), 1),
    .len = dict_len,
    .container = &dict_container,
    .iter_step = dict_iter_step,
};

rco_object *rco__dict_new(void)
{
    rco__dict *d = (rco__dict *)rco__gc_object_alloc(&rco__dict_type, sizeof(rco__dict));
    if (!d)
        return NULL;
    d->table = NULL;
    d->used = 0;
    return &d->ob;
}

rco_object *rco_dict_new(void)
{
    rco_object *d = rco__dict_new();
    if (d)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(d);
    return d;
}

static void maintain_tracking(rco__dict *d, rco_object *key, rco_object *value)
{
    if (!rco__gc_is_tracked(&d->ob) &&
        (rco__may_lead_to_cycles(key) || rco__may_lead_to_cycles(value)))
        rco__gc_track(&d->ob);
}

/* d[key] = value with key's hash known; the references to key and value
 * are handed over (and released on failure). */
static int insert(rco__dict *d, rco_object *key, int64_t hash, rco_object *value)
{
    size_t slot;
    ssize_t ix = rco__table_lookup(&d->table, key, hash, &slot);
    if (ix == RCO__TABLE_ERROR)
        goto fail;
    if (ix >= 0) {
        rco__entry *e = &rco__table_entries(d->table)[ix];
        rco_object *old = e->value;
        e->value = value;
        maintain_tracking(d, key, value);
        RCO__DECREF(old);
        RCO__DECREF(key); /* the equal key already present stays */
        return 0;
    }
    if (rco__table_add(&d->table, d->used, slot, key, hash, value) < 0)
        goto fail;
    d->used++;
    maintain_tracking(d, key, value);
    return 0;
fail:
    RCO__DECREF(key);
    RCO__DECREF(value);
    return -1;
}

int rco__dict_set(rco_object *d, rco_object *key, rco_object *value)
{
    int64_t hash = rco__hash(key);
    if (hash == -1)
        return -1;
    RCO__INCREF(key);
    RCO__INCREF(value);
    return insert((rco__dict *)d, key, hash, value);
}

int rco_dict_set(rco_object *d, rco_object *key, rco_object *value)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_set", "dict") ||
        !rco__check_obj(key, "rco_dict_set") || !rco__check_obj(value, "rco_dict_set"))
        return -1;
    return rco__dict_set(d, key, value);
}

int rco_dict_set_steal(rco_object *d, rco_object *key, rco_object *value)
{
    if (key)
        RCO__LEDGER_STEAL(key);
    if (value)
        RCO__LEDGER_STEAL(value);
    if (!key || !value || !rco__check_kind(d, RCO__KIND_DICT, "rco_dict_set_steal", "dict"))
        goto fail;
    int64_t hash = rco__hash(key);
    if (hash == -1)
        goto fail;
    return insert((rco__dict *)d, key, hash, value);
fail:
    RCO__XDECREF(key);
    RCO__XDECREF(value);
    return -1;
}

int rco_dict_set_str(rco_object *d, const char *key, rco_object *value)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_set_str", "dict") ||
        !rco__check_obj(value, "rco_dict_set_str"))
        return -1;
    if (!key) {
        rco__err_set(RCO_ERR_TYPE, "rco_dict_set_str: key is NULL");
        return -1;
    }
    rco__dict *dict = (rco__dict *)d;
    size_t n = strlen(key);
    int64_t hash = rco__hash_bytes(key, n);
    size_t slot;
    ssize_t ix = rco__table_lookup_str(dict->table, key, n, hash, &slot);
    if (ix >= 0) {
        rco__entry *e = &rco__table_entries(dict->table)[ix];
        rco_object *old = e->value;
        RCO__INCREF(value);
        e->value = value;
        maintain_tracking(dict, e->key, value);
        RCO__DECREF(old);
        return 0;
    }
    size_t codepoints, bad_at;
    if (!rco__utf8_check(key, n, &codepoints, &bad_at)) {
        rco__err_set(RCO_ERR_VALUE, "rco_dict_set_str: key is not valid UTF-8 (byte %zu)", bad_at);
        return -1;
    }
    rco_object *k = rco__str_new_unchecked(key, n, codepoints);
    if (!k)
        return -1;
    ((rco__str *)k)->hash = hash;
    if (rco__table_add(&dict->table, dict->used, slot, k, hash, value) < 0) {
        RCO__DECREF(k);
        return -1;
    }
    RCO__INCREF(value);
    dict->used++;
    maintain_tracking(dict, k, value);
    return 0;
}

rco_object *rco_dict_get(rco_object *d, rco_object *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_get", "dict") ||
        !rco__check_obj(key, "rco_dict_get"))
        return NULL;
    int64_t hash = rco__hash(key);
    if (hash == -1)
        return NULL;
    rco__dict *dict = (rco__dict *)d;
    ssize_t ix = rco__table_lookup(&dict->table, key, hash, NULL);
    rco_object *value = ix >= 0 ? rco__table_entries(dict->table)[ix].value : NULL;
    RCO__LEDGER_LEND(value);
    return value;
}

rco_object *rco__dict_get_str(rco_object *d, const char *key, size_t n)
{
    rco__dict *dict = (rco__dict *)d;
    ssize_t ix = rco__table_lookup_str(dict->table, key, n, rco__hash_bytes(key, n), NULL);
    return ix >= 0 ? rco__table_entries(dict->table)[ix].value : NULL;
}

rco_object *rco_dict_get_str(rco_object *d, const char *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_get_str", "dict"))
        return NULL;
    if (!key) {
        rco__err_set(RCO_ERR_TYPE, "rco_dict_get_str: key is NULL");
        return NULL;
    }
    rco_object *value = rco__dict_get_str(d, key, strlen(key));
    RCO__LEDGER_LEND(value);
    return value;
}

int rco_dict_contains(rco_object *d, rco_object *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_contains", "dict") ||
        !rco__check_obj(key, "rco_dict_contains"))
        return -1;
    int64_t hash = rco__hash(key);
    if (hash == -1)
        return -1;
    ssize_t ix = rco__table_lookup(&((rco__dict *)d)->table, key, hash, NULL);
    return ix == RCO__TABLE_ERROR ? -1 : ix >= 0;
}

static void remove_entry(rco__dict *d, size_t ix)
{
    rco_object *key, *value;
    rco__table_remove(d->table, ix, &key, &value);
    d->used--;
    RCO__DECREF(key);
    RCO__DECREF(value);
}

int rco_dict_del(rco_object *d, rco_object *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_del", "dict") ||
        !rco__check_obj(key, "rco_dict_del"))
        return -1;
    int64_t hash = rco__hash(key);
    if (hash == -1)
        return -1;
    rco__dict *dict = (rco__dict *)d;
    ssize_t ix = rco__table_lookup(&dict->table, key, hash, NULL);
    if (ix == RCO__TABLE_ERROR)
        return -1;
    if (ix < 0) {
        rco__err_set(RCO_ERR_KEY, "rco_dict_del: key not found");
        return -1;
    }
    remove_entry(dict, (size_t)ix);
    return 0;
}

int rco__dict_del_str(rco_object *d, const char *key, size_t n)
{
    rco__dict *dict = (rco__dict *)d;
    ssize_t ix = rco__table_lookup_str(dict->table, key, n, rco__hash_bytes(key, n), NULL);
    if (ix < 0)
        return -1;
    remove_entry(dict, (size_t)ix);
    return 0;
}

int rco_dict_del_str(rco_object *d, const char *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_del_str", "dict"))
        return -1;
    if (!key) {
        rco__err_set(RCO_ERR_TYPE, "rco_dict_del_str: key is NULL");
        return -1;
    }
    if (rco__dict_del_str(d, key, strlen(key)) < 0) {
        rco__err_set(RCO_ERR_KEY, "rco_dict_del_str: key '%.100s' not found", key);
        return -1;
    }
    return 0;
}

int rco_dict_next(rco_object *d, size_t *pos, rco_object **key, rco_object **value)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_next", "dict"))
        return -1;
    if (!pos) {
        rco__err_set(RCO_ERR_TYPE, "rco_dict_next: pos is NULL");
        return -1;
    }
    rco__table *t = ((rco__dict *)d)->table;
    if (!t)
        return 0;
    rco__entry *e = rco__table_entries(t);
    for (size_t i = *pos; i < t->nentries; i++) {
        if (!e[i].key)
            continue;
        *pos = i + 1;
        if (key)
            *key = e[i].key;
        if (value)
            *value = e[i].value;
        RCO__LEDGER_LEND(e[i].key);
        RCO__LEDGER_LEND(e[i].value);
        return 1;
    }
    *pos = t->nentries;
    return 0;
}

int rco_dict_clear(rco_object *d)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_clear", "dict"))
        return -1;
    dict_clear(d);
    return 0;
}

/* A dict holding only atomic keys and values cannot be part of a cycle
 * until something else is stored in it, which tracks it again: the
 * collector may untrack it. */
bool rco__dict_holds_only_atoms(const rco_object *o)
{
    const rco__table *t = ((const rco__dict *)o)->table;
    if (!t)
        return true;
    const rco__entry *e = rco__table_entries(t);
    for (size_t i = 0; i < t->nentries; i++)
        if (e[i].key && (rco__may_lead_to_cycles(e[i].key) || rco__may_lead_to_cycles(e[i].value)))
            return false;
    return true;
}
