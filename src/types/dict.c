/*
 * types/dict.c: insertion-ordered mappings on the shared hash table (table.h).
 *
 * A dict starts untracked by the collector, as in CPython: it only needs
 * tracking once it holds something that could lead back to it, and the
 * collector untracks dicts that hold only atomic values again.
 *
 * Threads: the table and `used` change under the dict's lock, and are read
 * under it (`used` alone with one atomic load: rco_len), except by lookups
 * in a dict other threads read, which read without it (below). Hashing
 * happens before locking, user equality with the lock let go (table.c);
 * values handed out as new references are taken before unlocking (or
 * before the read section ends).
 */
#include "types/traverse.h"

#include "core/utf8.h"

static int dict_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    return rco__traverse_table(((rco__dict *)self)->table, true, visit, arg);
}

/* Destroying, or clearing as garbage: nobody can be looking up in it. */
static void dict_clear(rco_object *self)
{
    rco__table_clear(self, &((rco__dict *)self)->table, &((rco__dict *)self)->used, false);
}

static inline size_t used_of(rco__dict *d)
{
    return __atomic_load_n(&d->used, __ATOMIC_RELAXED);
}

static inline void set_used(rco__dict *d, size_t n)
{
    __atomic_store_n(&d->used, n, __ATOMIC_RELAXED);
}

/* Entry i from *i on (skipping deleted ones), its key and value held;
 * false at the end. */
static bool entry_ref(rco__dict *d, size_t *i, rco_object **key, rco_object **value, int64_t *hash)
{
    bool found = false;
    rco__lock(&d->ob);
    for (rco__table *t = d->table; t && *i < t->nentries && !found; (*i)++) {
        rco__entry *e = &rco__table_entries(t)[*i];
        if (e->key) {
            *key = e->key;
            *value = e->value;
            *hash = e->hash;
            RCO__INCREF(*key);
            RCO__INCREF(*value);
            found = true;
        }
    }
    rco__unlock(&d->ob);
    return found;
}

/* The value under key in d, held; NULL if absent (or on error: *failed). */
static rco_object *value_ref(rco__dict *d, rco_object *key, int64_t hash, bool *failed)
{
    rco__lock(&d->ob);
    ssize_t ix = rco__table_lookup(&d->ob, &d->table, key, hash, NULL);
    rco_object *value = ix >= 0 ? rco__table_entries(d->table)[ix].value : NULL;
    if (value)
        RCO__INCREF(value);
    rco__unlock(&d->ob);
    *failed = ix == RCO__TABLE_ERROR;
    return value;
}

/* Every key of a with an equal value under an equal key in b (sizes
 * equal). Comparisons may run user code that changes either dict: a's
 * table and entry are read again at each step (one lock at a time), and
 * the pair is held. */
static int dict_equal(rco_object *self, rco_object *other)
{
    if (other->type->kind != RCO__KIND_DICT)
        return 0;
    rco__dict *a = (rco__dict *)self, *b = (rco__dict *)other;
    if (used_of(a) != used_of(b))
        return 0;
    rco_object *key, *value;
    int64_t hash;
    for (size_t i = 0; entry_ref(a, &i, &key, &value, &hash);) {
        bool failed;
        rco_object *found = value_ref(b, key, hash, &failed);
        int eq = failed ? -1 : !found ? 0 : found == value ? 1 : rco__equal(value, found);
        RCO__XDECREF(found);
        RCO__DECREF(key);
        RCO__DECREF(value);
        if (eq != 1)
            return eq;
    }
    return 1;
}

static ssize_t dict_len(rco_object *self)
{
    return (ssize_t)used_of((rco__dict *)self);
}

static int dict_next_item(rco_object *self, size_t *pos, rco_object **key, rco_object **value)
{
    int found = 0;
    rco__lock(self);
    rco__table *t = ((rco__dict *)self)->table;
    while (t && *pos < t->nentries && !found) {
        rco__entry *e = &rco__table_entries(t)[(*pos)++];
        if (e->key) {
            *key = e->key;
            *value = e->value;
            found = 1;
        }
    }
    rco__unlock(self);
    return found;
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

/* With the lock held. */
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
    rco__lock(&d->ob);
    ssize_t ix = rco__table_lookup(&d->ob, &d->table, key, hash, &slot);
    if (ix == RCO__TABLE_ERROR)
        goto fail;
    if (ix >= 0) {
        rco_object *old = rco__table_entries(d->table)[ix].value;
        bool shared = rco__table_is_read_shared(d->table);
        rco__table_set_value(d->table, ix, value);
        maintain_tracking(d, key, value);
        rco__unlock(&d->ob);
        rco__table_settle(shared);
        RCO__DECREF(old);
        RCO__DECREF(key); /* the equal key already present stays */
        return 0;
    }
    if (rco__table_add(&d->table, d->used, slot, key, hash, value) < 0)
        goto fail;
    set_used(d, d->used + 1);
    maintain_tracking(d, key, value);
    rco__unlock(&d->ob);
    rco__table_settle(false);
    return 0;
fail:
    rco__unlock(&d->ob);
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

/* A str key for d[key] = ...: the dict's own when present (no str is
 * made), else a new one. NULL + error for bytes that are not UTF-8. */
static rco_object *str_key(rco__dict *d, const char *key, size_t n, int64_t hash, const char *fn)
{
    rco__lock(&d->ob);
    ssize_t ix = rco__table_lookup_str(d->table, key, n, hash, NULL);
    rco_object *k = ix >= 0 ? rco__table_entries(d->table)[ix].key : NULL;
    if (k)
        RCO__INCREF(k);
    rco__unlock(&d->ob);
    if (k)
        return k;
    size_t codepoints, bad_at;
    if (!rco__utf8_check(key, n, &codepoints, &bad_at)) {
        rco__err_set(RCO_ERR_VALUE, "%s: key is not valid UTF-8 (byte %zu)", fn, bad_at);
        return NULL;
    }
    k = rco__str_new_unchecked(key, n, codepoints);
    if (k)
        ((rco__str *)k)->hash = hash;
    return k;
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
    size_t n = strlen(key);
    int64_t hash = rco__hash_bytes(key, n);
    rco_object *k = str_key((rco__dict *)d, key, n, hash, "rco_dict_set_str");
    if (!k)
        return -1;
    RCO__INCREF(value);
    return insert((rco__dict *)d, k, hash, value);
}

/* Lookups while other threads run: a dict another thread made is read
 * without its lock once a lookup has marked its table as read by others
 * (types/table.h), so that threads looking up in a shared dict do not
 * take turns at one lock. A dict read only by the thread that made it
 * keeps the lock, which then costs little, and its writers never wait for
 * readers; so do all dicts under valgrind, where a writer waiting for a
 * reader would wait for valgrind to switch threads. The value is held
 * (when asked) before the read section ends: until then no writer
 * releases it. */
static inline void share_reads(rco__dict *d, bool multithreaded)
{
    if (multithreaded && __atomic_load_n(&d->ob.ref_owner, __ATOMIC_RELAXED) != rco__thread_index &&
        !rco__mem.one_thread_at_a_time)
        rco__table_share_reads(d->table);
}

/* The lock-free half of a lookup, once the probe gave ix: true with
 * *value (NULL: absent) when it could tell, false when the lookup must
 * take the lock. Ends the read section. */
static bool peeked(ssize_t ix, const rco__table *t, bool ref, rco_object **value)
{
    rco_object *v = ix >= 0 ? rco__table_peek_value(t, ix) : NULL;
    if (v && ref)
        RCO__INCREF(v);
    rco__read_end();
    *value = v;
    return ix == RCO__TABLE_NOT_FOUND || v;
}

static RCO__NOINLINE bool peek_key(rco__dict *d, rco_object *key, int64_t hash, bool ref, rco_object **value)
{
    if (!rco__read_begin())
        return false;
    const rco__table *t;
    ssize_t ix = rco__table_peek(&d->table, &t, key, hash);
    return peeked(ix, t, ref, value);
}

static RCO__NOINLINE bool peek_text(rco__dict *d, const char *key, size_t n, int64_t hash, bool ref,
                                    rco_object **value)
{
    if (!rco__read_begin())
        return false;
    const rco__table *t;
    ssize_t ix = rco__table_peek_str(&d->table, &t, key, n, hash);
    return peeked(ix, t, ref, value);
}

/* The value under key (hash known): borrowed, or held when ref. NULL if
 * absent (no error) or on error (*failed). */
static RCO__ALWAYS_INLINE rco_object *lookup(rco_object *d, rco_object *key, int64_t hash, bool ref, bool *failed)
{
    rco__dict *dict = (rco__dict *)d;
    rco_object *value;
    *failed = false;
    bool multithreaded = rco__multithreaded();
    if (multithreaded && peek_key(dict, key, hash, ref, &value))
        return value;
    rco__lock(d);
    ssize_t ix = rco__table_lookup(d, &dict->table, key, hash, NULL);
    value = ix >= 0 ? rco__table_entries(dict->table)[ix].value : NULL;
    if (value && ref)
        RCO__INCREF(value);
    share_reads(dict, multithreaded);
    rco__unlock(d);
    *failed = ix == RCO__TABLE_ERROR;
    return value;
}

static RCO__ALWAYS_INLINE rco_object *lookup_str(rco_object *d, const char *key, size_t n, bool ref)
{
    rco__dict *dict = (rco__dict *)d;
    int64_t hash = rco__hash_bytes(key, n);
    rco_object *value;
    bool multithreaded = rco__multithreaded();
    if (multithreaded && peek_text(dict, key, n, hash, ref, &value))
        return value;
    rco__lock(d);
    ssize_t ix = rco__table_lookup_str(dict->table, key, n, hash, NULL);
    value = ix >= 0 ? rco__table_entries(dict->table)[ix].value : NULL;
    if (value && ref)
        RCO__INCREF(value);
    share_reads(dict, multithreaded);
    rco__unlock(d);
    return value;
}

rco_object *rco_dict_get(rco_object *d, rco_object *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_get", "dict") ||
        !rco__check_obj(key, "rco_dict_get"))
        return NULL;
    int64_t hash = rco__hash(key);
    if (hash == -1)
        return NULL;
    bool failed;
    rco_object *value = lookup(d, key, hash, false, &failed);
    RCO__LEDGER_LEND(value);
    return value;
}

rco_object *rco__dict_get_str(rco_object *d, const char *key, size_t n)
{
    return lookup_str(d, key, n, false);
}

rco_object *rco__dict_get_str_ref(rco_object *d, const char *key, size_t n)
{
    return lookup_str(d, key, n, true);
}

rco_object *rco_dict_get_str(rco_object *d, const char *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_get_str", "dict"))
        return NULL;
    if (!key) {
        rco__err_set(RCO_ERR_TYPE, "rco_dict_get_str: key is NULL");
        return NULL;
    }
    rco_object *value = lookup_str(d, key, strlen(key), false);
    RCO__LEDGER_LEND(value);
    return value;
}

/* The result of the new-reference getters: 1, 0 or -1, *out set to match. */
static int give(rco_object *value, bool failed, rco_object **out)
{
    *out = value;
    if (!value)
        return failed ? -1 : 0;
    RCO__LEDGER_GIVE(value);
    return 1;
}

static bool check_out(rco_object **out, const char *fn)
{
    if (out)
        return true;
    rco__err_set(RCO_ERR_TYPE, "%s: out is NULL", fn);
    return false;
}

int rco_dict_get_ref(rco_object *d, rco_object *key, rco_object **out)
{
    if (!check_out(out, "rco_dict_get_ref"))
        return -1;
    *out = NULL;
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_get_ref", "dict") ||
        !rco__check_obj(key, "rco_dict_get_ref"))
        return -1;
    int64_t hash = rco__hash(key);
    if (hash == -1)
        return -1;
    bool failed;
    rco_object *value = lookup(d, key, hash, true, &failed);
    return give(value, failed, out);
}

int rco_dict_get_str_ref(rco_object *d, const char *key, rco_object **out)
{
    if (!check_out(out, "rco_dict_get_str_ref"))
        return -1;
    *out = NULL;
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_get_str_ref", "dict"))
        return -1;
    if (!key) {
        rco__err_set(RCO_ERR_TYPE, "rco_dict_get_str_ref: key is NULL");
        return -1;
    }
    return give(lookup_str(d, key, strlen(key), true), false, out);
}

int rco_dict_contains(rco_object *d, rco_object *key)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_contains", "dict") ||
        !rco__check_obj(key, "rco_dict_contains"))
        return -1;
    int64_t hash = rco__hash(key);
    if (hash == -1)
        return -1;
    rco__dict *dict = (rco__dict *)d;
    rco_object *value;
    bool multithreaded = rco__multithreaded();
    if (multithreaded && peek_key(dict, key, hash, false, &value))
        return value != NULL;
    rco__lock(d);
    ssize_t ix = rco__table_lookup(d, &dict->table, key, hash, NULL);
    share_reads(dict, multithreaded);
    rco__unlock(d);
    return ix == RCO__TABLE_ERROR ? -1 : ix >= 0;
}

/* Unlink entry ix (the lock held), unlock, release what it held. */
static void remove_entry(rco__dict *d, size_t ix)
{
    rco_object *key, *value;
    bool shared = rco__table_is_read_shared(d->table);
    rco__table_remove(d->table, ix, &key, &value);
    set_used(d, d->used - 1);
    rco__unlock(&d->ob);
    rco__table_settle(shared);
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
    rco__lock(d);
    ssize_t ix = rco__table_lookup(d, &dict->table, key, hash, NULL);
    if (ix < 0) {
        rco__unlock(d);
        if (ix == RCO__TABLE_NOT_FOUND)
            rco__err_set(RCO_ERR_KEY, "rco_dict_del: key not found");
        return -1;
    }
    remove_entry(dict, (size_t)ix);
    return 0;
}

int rco__dict_del_str(rco_object *d, const char *key, size_t n)
{
    rco__dict *dict = (rco__dict *)d;
    int64_t hash = rco__hash_bytes(key, n);
    rco__lock(d);
    ssize_t ix = rco__table_lookup_str(dict->table, key, n, hash, NULL);
    if (ix < 0) {
        rco__unlock(d);
        return -1;
    }
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
    size_t n = strlen(key), codepoints, bad_at;
    if (rco__dict_del_str(d, key, n) == 0)
        return 0;
    /* Absent; a name that is not UTF-8 could not have been a key (Python
     * fails decoding it, before any lookup). */
    if (!rco__utf8_check(key, n, &codepoints, &bad_at))
        rco__err_set(RCO_ERR_VALUE, "rco_dict_del_str: key is not valid UTF-8 (byte %zu)", bad_at);
    else
        rco__err_set(RCO_ERR_KEY, "rco_dict_del_str: key '%s' not found", key);
    return -1;
}

int rco_dict_next(rco_object *d, size_t *pos, rco_object **key, rco_object **value)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_next", "dict"))
        return -1;
    if (!pos) {
        rco__err_set(RCO_ERR_TYPE, "rco_dict_next: pos is NULL");
        return -1;
    }
    rco__entry *e;
    rco__lock(d);
    int r = rco__table_next(((rco__dict *)d)->table, pos, &e);
    rco_object *k = r > 0 ? e->key : NULL, *v = r > 0 ? e->value : NULL;
    rco__unlock(d);
    if (r < 0) {
        rco__err_set(RCO_ERR_RUNTIME, "dictionary changed size during iteration");
        return -1;
    }
    if (r == 0)
        return 0;
    if (key)
        *key = k;
    if (value)
        *value = v;
    RCO__LEDGER_LEND(k);
    RCO__LEDGER_LEND(v);
    return 1;
}

int rco_dict_clear(rco_object *d)
{
    if (!rco__check_kind(d, RCO__KIND_DICT, "rco_dict_clear", "dict"))
        return -1;
    rco__table_clear(d, &((rco__dict *)d)->table, &((rco__dict *)d)->used, true);
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
