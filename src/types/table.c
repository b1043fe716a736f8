/*
 * types/table.c: lookups, insertion, removal and rebuilding of the ordered hash
 * table (layout in table.h). Probing follows CPython's recurrence
 * i = 5i + 1 + perturb, with perturb the hash shifted down 5 bits each step,
 * so every bit of the (keyed) hash takes part.
 */
#include "types/table.h"

#include "core/alloc.h"
#include "core/thread.h"

#define MIN_SLOTS 8

/* A slot of an int32 index keeps the entry's position in its low 24 bits
 * and the tag in the 7 above; an int64 one, 56 and 7. The sign bit stays 0
 * for used slots. */
#define NARROW_MAX_SLOTS ((size_t)1 << 24)
#define TAG_BITS 7

static inline ssize_t slot_get(const rco__table *t, size_t i)
{
    return t->wide ? (ssize_t)((const int64_t *)t->index)[i] : ((const int32_t *)t->index)[i];
}

/* Release: a reader without the lock that sees the slot sees the entry. */
static inline void slot_set(rco__table *t, size_t i, ssize_t v)
{
    if (t->wide)
        __atomic_store_n(&((int64_t *)t->index)[i], (int64_t)v, __ATOMIC_RELEASE);
    else
        __atomic_store_n(&((int32_t *)t->index)[i], (int32_t)v, __ATOMIC_RELEASE);
}

static inline ssize_t slot_peek(const rco__table *t, size_t i)
{
    return t->wide ? (ssize_t)__atomic_load_n(&((const int64_t *)t->index)[i], __ATOMIC_ACQUIRE)
                   : __atomic_load_n(&((const int32_t *)t->index)[i], __ATOMIC_ACQUIRE);
}

static inline unsigned position_bits(const rco__table *t)
{
    return t->wide ? 56 : 24;
}

/* Seven bits that depend on every bit of the hash: the keys that meet in a
 * slot share its low bits, and ints (which hash as themselves) mostly have
 * no high bits at all. */
static inline size_t tag_of(int64_t hash)
{
    return (size_t)(((uint64_t)hash * 0x9e3779b97f4a7c15ULL) >> (64 - TAG_BITS));
}

static inline ssize_t make_slot(const rco__table *t, size_t ix, int64_t hash)
{
    return (ssize_t)((tag_of(hash) << position_bits(t)) | ix);
}

static inline size_t slot_position(const rco__table *t, ssize_t v)
{
    return (size_t)v & (((size_t)1 << position_bits(t)) - 1);
}

static inline bool slot_tag_matches(const rco__table *t, ssize_t v, int64_t hash)
{
    return ((size_t)v >> position_bits(t)) == tag_of(hash);
}

size_t rco__table_bytes(const rco__table *t)
{
    return sizeof(rco__table) + t->nslots * (t->wide ? 8 : 4) + t->usable * sizeof(rco__entry);
}

/* Where new tables' versions start: each table starts at a multiple of
 * 2^32 no other table started at. */
static uint64_t tables_made;

/* The entries a table of nslots may hold: 2/3 full at most. */
static size_t usable_of(size_t nslots)
{
    return nslots / 3 * 2 + (nslots % 3) * 2 / 3;
}

static rco__table *table_alloc(size_t nslots, size_t usable)
{
    bool wide = nslots > NARROW_MAX_SLOTS;
    size_t bytes = rco__mul_size(nslots, wide ? 8 : 4);
    size_t entry_bytes = rco__mul_size(usable, sizeof(rco__entry));
    if (bytes == SIZE_MAX || entry_bytes == SIZE_MAX ||
        bytes + entry_bytes > RCO__MAX_OBJECT_SIZE) {
        rco__err_set(RCO_ERR_OVERFLOW, "hash table of %zu slots is too large", nslots);
        return NULL;
    }
    rco__table *t = rco__alloc(sizeof(rco__table) + bytes + entry_bytes);
    if (!t)
        return NULL;
    t->version = __atomic_add_fetch(&tables_made, 1, __ATOMIC_RELAXED) << 32;
    t->nslots = nslots;
    t->usable = usable;
    t->nentries = 0;
    t->wide = wide;
    t->read_shared = false;
    memset(t->index, 0xff, bytes); /* every slot RCO__TABLE_EMPTY (-1) */
    return t;
}

static rco__table *table_new(size_t nslots)
{
    return table_alloc(nslots, usable_of(nslots));
}

rco__table *rco__table_new_exact(size_t n)
{
    size_t nslots = MIN_SLOTS;
    while (usable_of(nslots) < n) {
        if (nslots > SIZE_MAX / 4) {
            rco__err_set(RCO_ERR_OVERFLOW, "hash table too large");
            return NULL;
        }
        nslots *= 2;
    }
    return table_alloc(nslots, n ? n : 1);
}

void rco__table_free(rco__table *t)
{
    if (t)
        rco__free(t, rco__table_bytes(t));
}

void rco__table_clear(rco_object *owner, rco__table **tp, size_t *used, bool in_use)
{
    rco__lock(owner);
    rco__table *t = *tp;
    __atomic_store_n(tp, NULL, __ATOMIC_RELEASE);
    __atomic_store_n(used, 0, __ATOMIC_RELAXED);
    rco__unlock(owner);
    if (!t)
        return;
    /* (As in replace: a lookup may be reading t's read_shared.) */
    if (rco__table_is_read_shared(t) || (in_use && rco__multithreaded()))
        rco__wait_for_readers();
    rco__entry *e = rco__table_entries(t);
    for (size_t i = 0; i < t->nentries; i++) {
        if (!e[i].key)
            continue; /* deleted */
        RCO__DECREF(e[i].key);
        RCO__XDECREF(e[i].value); /* NULL in sets */
    }
    rco__table_free(t);
}

/* Keys that compare without running user code, by value. -1 if the
 * generic comparison is needed. */
static inline int builtin_keys_equal(const rco_object *a, const rco_object *b)
{
    int ka = a->type->kind, kb = b->type->kind;
    if (ka == RCO__KIND_STR && kb == RCO__KIND_STR) {
        const rco__str *sa = (const rco__str *)a, *sb = (const rco__str *)b;
        return sa->size == sb->size && memcmp(sa->data, sb->data, sa->size) == 0;
    }
    if ((ka == RCO__KIND_INT || ka == RCO__KIND_BOOL) && (kb == RCO__KIND_INT || kb == RCO__KIND_BOOL))
        return ((const rco__int *)a)->value == ((const rco__int *)b)->value;
    return -1;
}

/* What a matcher says of an entry whose tag fits the key's. */
enum match { NO_MATCH, MATCH, MATCH_FAILED, TABLE_CHANGED };
#define RCO__TABLE_RESTART (-3)

/* The probe shared by the lookups: walk the key's probe sequence until an
 * entry matches or an empty slot ends it (then *free_slot is where the key
 * would go). Inlined with each matcher, so no call per entry. */
static inline __attribute__((always_inline)) ssize_t
probe(const rco__table *t, int64_t hash, enum match (*match)(const rco__entry *, void *), void *ctx,
      size_t *free_slot)
{
    const rco__entry *entries = rco__table_entries(t);
    size_t mask = t->nslots - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    size_t first_free = SIZE_MAX;
    for (;;) {
        ssize_t v = slot_get(t, i);
        if (v == RCO__TABLE_EMPTY) {
            if (free_slot)
                *free_slot = first_free != SIZE_MAX ? first_free : i;
            return RCO__TABLE_NOT_FOUND;
        }
        if (v >= 0 && slot_tag_matches(t, v, hash)) {
            size_t ix = slot_position(t, v);
            switch (match(&entries[ix], ctx)) {
            case MATCH:
                return (ssize_t)ix;
            case MATCH_FAILED:
                return RCO__TABLE_ERROR;
            case TABLE_CHANGED:
                return RCO__TABLE_RESTART;
            case NO_MATCH:
                break;
            }
        } else if (v < 0 && first_free == SIZE_MAX) {
            first_free = i; /* a dummy: reusable for an insertion */
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

typedef struct object_key {
    rco_object *owner;
    rco__table *const *tp;
    const rco__table *t;
    uint64_t version;  /* of t when the probe started */
    rco_object *key;
    int64_t hash;
} object_key;

static inline enum match match_object(const rco__entry *e, void *arg)
{
    object_key *k = arg;
    if (e->key == k->key)
        return MATCH;
    if (e->hash != k->hash || !e->key)
        return NO_MATCH;
    int eq = builtin_keys_equal(e->key, k->key);
    if (eq >= 0)
        return eq ? MATCH : NO_MATCH;
    /* User equality may change the table under us, even free it, and runs
     * without the owner's lock: hold the entry's key, and start again if
     * the table is another one or another version (e may then point into
     * freed memory: read only *k->tp). */
    rco_object *held = e->key;
    RCO__INCREF(held);
    rco__unlock(k->owner);
    eq = rco__equal(held, k->key);
    RCO__DECREF(held);
    rco__lock(k->owner);
    bool changed = *k->tp != k->t || (*k->tp)->version != k->version;
    if (eq < 0)
        return MATCH_FAILED;
    if (changed)
        return TABLE_CHANGED;
    return eq ? MATCH : NO_MATCH;
}

ssize_t rco__table_lookup(rco_object *owner, rco__table *const *tp, rco_object *key, int64_t hash,
                          size_t *free_slot)
{
    for (;;) {
        const rco__table *t = *tp;
        if (!t)
            return RCO__TABLE_NOT_FOUND;
        object_key k = { owner, tp, t, t->version, key, hash };
        ssize_t ix = probe(t, hash, match_object, &k, free_slot);
        if (ix != RCO__TABLE_RESTART)
            return ix;
    }
}

typedef struct text_key {
    const char *p;
    size_t n;
    int64_t hash;
} text_key;

static inline enum match match_text(const rco__entry *e, void *arg)
{
    const text_key *k = arg;
    return e->hash == k->hash && e->key && e->key->type->kind == RCO__KIND_STR &&
                   rco__str_equals_bytes((rco__str *)e->key, k->p, k->n)
               ? MATCH
               : NO_MATCH;
}

ssize_t rco__table_lookup_str(const rco__table *t, const char *p, size_t n, int64_t hash, size_t *free_slot)
{
    if (!t)
        return RCO__TABLE_NOT_FOUND;
    text_key k = { p, n, hash };
    return probe(t, hash, match_text, &k, free_slot);
}

/* ---- lookups without the lock (table.h) --------------------------------
 *
 * The probe of rco__table_lookup with atomic loads. What it reads stays
 * valid for the read section: writers unlink under the lock and free or
 * release only after rco__table_settle. A slot seen pointing at an entry
 * whose key is gone (removed meanwhile) is passed over, as a dummy. */

enum peek { PEEK_NO, PEEK_MATCH, PEEK_UNSURE };

static inline __attribute__((always_inline)) ssize_t
peek(rco__table *const *tp, const rco__table **tout, int64_t hash, enum peek (*match)(rco_object *, void *),
     void *ctx)
{
    const rco__table *t = __atomic_load_n(tp, __ATOMIC_ACQUIRE);
    *tout = t;
    if (!t)
        return RCO__TABLE_NOT_FOUND;
    if (!__atomic_load_n(&t->read_shared, __ATOMIC_ACQUIRE))
        return RCO__TABLE_UNSURE;
    const rco__entry *entries = rco__table_entries(t);
    size_t mask = t->nslots - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        ssize_t v = slot_peek(t, i);
        if (v == RCO__TABLE_EMPTY)
            return RCO__TABLE_NOT_FOUND;
        if (v >= 0 && slot_tag_matches(t, v, hash)) {
            size_t ix = slot_position(t, v);
            const rco__entry *e = &entries[ix];
            rco_object *k = __atomic_load_n(&e->key, __ATOMIC_ACQUIRE);
            if (k && __atomic_load_n(&e->hash, __ATOMIC_RELAXED) == hash) {
                enum peek m = match(k, ctx);
                if (m == PEEK_MATCH)
                    return (ssize_t)ix;
                if (m == PEEK_UNSURE)
                    return RCO__TABLE_UNSURE;
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static inline enum peek peek_object(rco_object *k, void *key)
{
    if (k == key)
        return PEEK_MATCH;
    int eq = builtin_keys_equal(k, key);
    return eq < 0 ? PEEK_UNSURE : eq ? PEEK_MATCH : PEEK_NO;
}

ssize_t rco__table_peek(rco__table *const *tp, const rco__table **t, rco_object *key, int64_t hash)
{
    return peek(tp, t, hash, peek_object, key);
}

static inline enum peek peek_text(rco_object *k, void *arg)
{
    const text_key *key = arg;
    return k->type->kind == RCO__KIND_STR && rco__str_equals_bytes((rco__str *)k, key->p, key->n) ? PEEK_MATCH
                                                                                                   : PEEK_NO;
}

ssize_t rco__table_peek_str(rco__table *const *tp, const rco__table **t, const char *p, size_t n, int64_t hash)
{
    text_key key = { p, n, hash };
    return peek(tp, t, hash, peek_text, &key);
}

static size_t free_slot(const rco__table *t, int64_t hash)
{
    size_t mask = t->nslots - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    while (slot_get(t, i) >= 0) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

static RCO__ALWAYS_INLINE void append_at(rco__table *t, size_t slot, rco_object *key, int64_t hash,
                                          rco_object *value)
{
    t->version++;
    size_t ix = t->nentries++;
    rco__entry *e = &rco__table_entries(t)[ix];
    __atomic_store_n(&e->hash, hash, __ATOMIC_RELAXED);
    __atomic_store_n(&e->value, value, __ATOMIC_RELAXED);
    __atomic_store_n(&e->key, key, __ATOMIC_RELAXED);
    slot_set(t, slot, make_slot(t, ix, hash));
}

static void append(rco__table *t, rco_object *key, int64_t hash, rco_object *value)
{
    append_at(t, free_slot(t, hash), key, hash, value);
}

/* A table for `used` live entries with room to grow, holding the live
 * entries of old in order. */
static rco__table *rebuilt(const rco__table *old, size_t used)
{
    size_t want = used < 2 ? 2 : used;
    if (want > SIZE_MAX / 3) {
        rco__err_set(RCO_ERR_OVERFLOW, "hash table too large");
        return NULL;
    }
    want *= 3;
    size_t nslots = MIN_SLOTS;
    while (nslots < want) {
        if (nslots > SIZE_MAX / 2) {
            rco__err_set(RCO_ERR_OVERFLOW, "hash table too large");
            return NULL;
        }
        nslots *= 2;
    }
    rco__table *t = table_new(nslots);
    if (!t || !old)
        return t;
    const rco__entry *from = rco__table_entries(old);
    for (size_t i = 0; i < old->nentries; i++)
        if (from[i].key)
            append(t, from[i].key, from[i].hash, from[i].value);
    return t;
}

/* A str key: the same object, or the same text. */
static inline enum match match_str_key(const rco__entry *e, void *arg)
{
    const rco__str *k = arg;
    if (e->key == &k->ob)
        return MATCH;
    return e->key && e->key->type->kind == RCO__KIND_STR &&
                   rco__str_equals_bytes((const rco__str *)e->key, k->data, k->size)
               ? MATCH
               : NO_MATCH;
}

ssize_t rco__table_insert_str(rco__table *t, rco_object *key, int64_t hash, rco_object *value)
{
    size_t slot;
    ssize_t ix = probe(t, hash, match_str_key, key, &slot);
    if (ix >= 0)
        return ix;
    append_at(t, slot, key, hash, value);
    return -1;
}

RCO__TLS rco__table *rco__tables_retired;

/* *tp becomes nt, a rebuilt copy; the old table is freed now, or when this
 * thread next settles (table.h) if readers without the lock may be in it.
 * A retired table's version links the list: nothing reads a version but
 * of a container's current table. */
static void replace(rco__table **tp, rco__table *nt)
{
    rco__table *old = *tp;
    nt->read_shared = rco__table_is_read_shared(old);
    __atomic_store_n(tp, nt, __ATOMIC_RELEASE);
    if (!nt->read_shared) {
        /* Not read without the lock, but a lookup on another thread may
         * have loaded *tp just before and be reading old's read_shared to
         * learn that (ThreadSanitizer saw it read freed memory): its read
         * section ends before old is freed. Waiting under the lock is
         * allowed, readers take none; one thread, none can be there. */
        if (rco__multithreaded())
            rco__wait_for_readers();
        rco__table_free(old);
        return;
    }
    old->version = (uint64_t)(uintptr_t)rco__tables_retired;
    rco__tables_retired = old;
}

void rco__table_settle_slow(void)
{
    rco__wait_for_readers();
    while (rco__tables_retired) {
        rco__table *t = rco__tables_retired;
        rco__tables_retired = (rco__table *)(uintptr_t)t->version;
        rco__table_free(t);
    }
}

int rco__table_add(rco__table **tp, size_t used, size_t slot, rco_object *key, int64_t hash,
                   rco_object *value)
{
    rco__table *t = *tp;
    if (t && t->nentries < t->usable) {
        append_at(t, slot, key, hash, value);
        return 0;
    }
    rco__table *nt = rebuilt(t, used + 1);
    if (!nt)
        return -1;
    append(nt, key, hash, value);
    replace(tp, nt);
    return 0;
}

/* The cursor: bit 63 set once started, bits 40-62 the digest, 0-39 the
 * index of the next entry (tables of more than 2^40 entries do not fit in
 * memory). */
#define CURSOR_STARTED ((size_t)1 << 63)
#define CURSOR_INDEX_BITS 40
#define CURSOR_INDEX_MASK (((size_t)1 << CURSOR_INDEX_BITS) - 1)

static size_t version_digest(const rco__table *t)
{
    uint64_t v = t->version;
    return (size_t)((v ^ (v >> 23) ^ (v >> 46)) & 0x7fffff) << CURSOR_INDEX_BITS;
}

int rco__table_next(const rco__table *t, size_t *pos, rco__entry **entry)
{
    size_t cursor = *pos;
    if (cursor == 0) {
        if (!t)
            return 0;
        cursor = CURSOR_STARTED | version_digest(t);
    } else if (!t || (cursor & ~CURSOR_INDEX_MASK) != (CURSOR_STARTED | version_digest(t))) {
        return -1; /* cleared, rebuilt, or a key came or went */
    }
    rco__entry *e = rco__table_entries(t);
    for (size_t i = cursor & CURSOR_INDEX_MASK; i < t->nentries; i++) {
        if (e[i].key) {
            *pos = (cursor & ~CURSOR_INDEX_MASK) | (i + 1);
            *entry = &e[i];
            return 1;
        }
    }
    *pos = (cursor & ~CURSOR_INDEX_MASK) | t->nentries;
    return 0;
}

void rco__table_remove(rco__table *t, size_t ix, rco_object **key, rco_object **value)
{
    rco__entry *e = &rco__table_entries(t)[ix];
    size_t mask = t->nslots - 1;
    size_t perturb = (size_t)e->hash;
    size_t i = (size_t)e->hash & mask;
    for (ssize_t v; (v = slot_get(t, i)) < 0 || slot_position(t, v) != ix;) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    slot_set(t, i, RCO__TABLE_DUMMY);
    t->version++;
    *key = e->key;
    *value = e->value;
    __atomic_store_n(&e->key, NULL, __ATOMIC_RELAXED);
    __atomic_store_n(&e->value, NULL, __ATOMIC_RELAXED);
}

int rco__table_reserve(rco__table **tp, size_t used, size_t extra)
{
    rco__table *t = *tp;
    if (t && t->usable - t->nentries >= extra)
        return 0;
    if (extra > SIZE_MAX / 4 - used) {
        rco__err_set(RCO_ERR_OVERFLOW, "hash table too large");
        return -1;
    }
    rco__table *nt = rebuilt(t, used + extra);
    if (!nt)
        return -1;
    replace(tp, nt);
    return 0;
}

/* Sets only: the entries it drops are used again, which a table read
 * without the lock must not do (table.h). */
bool rco__table_pop_last(rco__table *t, rco_object **key, rco_object **value)
{
    const rco__entry *e = rco__table_entries(t);
    size_t end = t->nentries;
    while (end > 0 && !e[end - 1].key)
        end--;
    t->nentries = end;
    if (end == 0)
        return false;
    rco__table_remove(t, end - 1, key, value);
    t->nentries = end - 1;
    return true;
}
