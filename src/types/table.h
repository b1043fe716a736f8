/*
 * types/table.h: the insertion-ordered hash table behind dict and set.
 *
 * Two arrays in one block, as in CPython's compact dict: a sparse index of
 * nslots (a power of two) small integers, and a dense array of entries in
 * insertion order. An index slot holds RCO__TABLE_EMPTY, RCO__TABLE_DUMMY (an entry was
 * deleted: probing continues past it) or the position of an entry, with 7
 * bits of the entry's hash above it (the tag): a probe that meets another
 * key's slot usually sees a different tag and goes on without reading the
 * entry, which in a big table is a cache miss. Deleted entries keep their
 * place with key NULL until the table is rebuilt.
 *
 * User code (a key type's equal slot) can run in the middle of a lookup and
 * change the table, even free it. Every change bumps the table's version,
 * and every table starts from a version no other table had, so a lookup
 * that sees the same table and version after user code knows nothing moved;
 * otherwise it starts again.
 *
 * Threads: a table belongs to one dict or set (its owner), whose lock
 * guards it (object/object.h). The functions here are called with that
 * lock held; a lookup lets go of it only while a user equal slot runs
 * (which is then one more way for the table to change under it). The
 * exception is a dict's table that other threads read (read_shared): it
 * is also read without the lock, in a read section (core/thread.h), by
 * rco__table_peek. For those readers every store into what they read
 * (the container's table pointer, the slots, the entries) is atomic,
 * a new entry is filled before its slot points at it, and an entry, once
 * unlinked, is never reused in that table; what a writer unlinks from
 * such a table, and the table itself when rebuilt, stays valid until the
 * writer has called rco__table_settle after unlocking.
 */
#ifndef RCO_TABLE_H
#define RCO_TABLE_H

#include "types/dict.h"
#include "types/number.h"
#include "types/str.h"

#include "core/hash.h"

typedef struct rco__entry {
    int64_t hash;
    rco_object *key;   /* NULL: deleted */
    rco_object *value; /* NULL in sets */
} rco__entry;

struct rco__table {
    uint64_t version; /* changes with every insertion and removal (see above) */
    size_t nslots;    /* index slots, a power of two */
    size_t usable;    /* entries that fit before the table must be rebuilt */
    size_t nentries;  /* entries used, deleted ones included */
    bool wide;        /* index slots are int64 (else int32: up to 2^24 slots) */
    bool read_shared; /* read without the lock too (above); never cleared */
    _Alignas(8) char index[]; /* nslots slots, then the entries */
};

#define RCO__TABLE_EMPTY (-1)
#define RCO__TABLE_DUMMY (-2)
/* Returned by lookups. */
#define RCO__TABLE_NOT_FOUND (-1)
#define RCO__TABLE_ERROR (-2)
#define RCO__TABLE_UNSURE (-4) /* rco__table_peek: look again with the lock */

static inline rco__entry *rco__table_entries(const rco__table *t)
{
    return (rco__entry *)(t->index + t->nslots * (t->wide ? 8 : 4));
}

/* The entry holding a key equal to key (hash is its hash),
 * RCO__TABLE_NOT_FOUND, or RCO__TABLE_ERROR if comparing failed, with
 * owner's lock held (it is let go while user equality runs, which may
 * change *tp: the lookup then starts again, so what it returns holds for
 * *tp as it is on return). When the key is not found and free_slot is not
 * NULL, *free_slot is where the key goes: pass it to rco__table_add before
 * anything else changes the table. */
RCO__HIDDEN ssize_t rco__table_lookup(rco_object *owner, rco__table *const *tp, rco_object *key, int64_t hash,
                                      size_t *free_slot);
/* The same for a str key given as UTF-8 bytes. */
RCO__HIDDEN ssize_t rco__table_lookup_str(const rco__table *t, const char *p, size_t n, int64_t hash,
                                          size_t *free_slot);
/* Put a str key (hash its hash) and its value into t, which has room for
 * it, unless an equal key is there: then nothing is stored and that
 * entry's position is returned; -1 when stored (the references handed
 * over). For filling a table made by rco__table_new_exact: one probe, no
 * user code. */
RCO__HIDDEN ssize_t rco__table_insert_str(rco__table *t, rco_object *key, int64_t hash, rco_object *value);
/* Add an entry for a key a lookup just found absent, at the free slot it
 * reported, rebuilding *tp for `used` live entries when it is full. The
 * references to key and value are handed over on success. 0, or -1 with
 * the table unchanged. */
RCO__HIDDEN int rco__table_add(rco__table **tp, size_t used, size_t slot, rco_object *key, int64_t hash,
                               rco_object *value);
/* Unlink entry ix (found by a lookup); its key and value go to *key and
 * *value for the caller to release once its container is consistent. */
RCO__HIDDEN void rco__table_remove(rco__table *t, size_t ix, rco_object **key, rco_object **value);
/* Make room for `extra` more entries without a rebuild, rebuilding *tp
 * now if need be (so a bulk insertion cannot fail halfway for memory).
 * Call it only when at least one key will be added: a rebuild moves the
 * entries, which only a change of size may do (iterators check the size).
 * 0, or -1 with the table unchanged. */
RCO__HIDDEN int rco__table_reserve(rco__table **tp, size_t used, size_t extra);
/* Unlink the last live entry (as rco__table_remove) and drop the deleted
 * entries after it, so that repeated pops cost O(1) each; false if there
 * is none. */
RCO__HIDDEN bool rco__table_pop_last(rco__table *t, rco_object **key, rco_object **value);
RCO__HIDDEN void rco__table_free(rco__table *t);

/* ---- reading without the lock (see above) ---------------------------- */

/* Mark t as read by other threads (owner's lock held): from now on
 * lookups may peek at it without the lock. */
static inline void rco__table_share_reads(rco__table *t)
{
    if (t && !__atomic_load_n(&t->read_shared, __ATOMIC_RELAXED))
        __atomic_store_n(&t->read_shared, true, __ATOMIC_RELEASE);
}
static inline bool rco__table_is_read_shared(const rco__table *t)
{
    return t && __atomic_load_n(&t->read_shared, __ATOMIC_RELAXED);
}
/* rco__table_lookup without the lock, in a read section: the entry of a
 * key equal to key in the table *tp (*t: that table),
 * RCO__TABLE_NOT_FOUND, or RCO__TABLE_UNSURE when the table is not
 * read_shared or telling needs user code (the key's type has its own
 * equal). Read the entry's value with rco__table_peek_value. */
RCO__HIDDEN ssize_t rco__table_peek(rco__table *const *tp, const rco__table **t, rco_object *key, int64_t hash);
/* The same for a str key given as UTF-8 bytes. */
RCO__HIDDEN ssize_t rco__table_peek_str(rco__table *const *tp, const rco__table **t, const char *p, size_t n,
                                        int64_t hash);
/* Entry ix's value as a reader without the lock sees it; NULL if it was
 * removed meanwhile (look again with the lock). */
static inline rco_object *rco__table_peek_value(const rco__table *t, ssize_t ix)
{
    return __atomic_load_n(&rco__table_entries(t)[ix].value, __ATOMIC_ACQUIRE);
}
/* Store a new value into entry ix (owner's lock held); the old one is the
 * caller's to release, after rco__table_settle if the table is read_shared. */
static inline void rco__table_set_value(rco__table *t, ssize_t ix, rco_object *value)
{
    __atomic_store_n(&rco__table_entries(t)[ix].value, value, __ATOMIC_RELEASE);
}
/* After unlocking: if `removed` (something was unlinked from a read_shared
 * table) or a read_shared table was rebuilt by this thread, wait until no
 * reader can still see it (rco__wait_for_readers), then free the tables
 * rebuilt. No lock may be held. */
RCO__HIDDEN void rco__table_settle_slow(void);
extern RCO__TLS rco__table *rco__tables_retired RCO__HIDDEN;
static inline void rco__table_settle(bool removed)
{
    if (RCO__UNLIKELY(removed || rco__tables_retired))
        rco__table_settle_slow();
}
/* An empty table with room for exactly n entries and no more (a container
 * built at its final size, as text/json_load.c builds them: a dict of 13
 * keys takes 480 bytes instead of 1 KiB); the next insertion past n
 * rebuilds it with room to grow. NULL + error. */
RCO__HIDDEN rco__table *rco__table_new_exact(size_t n);
/* Empty a dict's or set's table: detach it first (*tp NULL, *used 0) under
 * owner's lock, so that finalizers the releases run find the container
 * consistent, then release every key and value and free the table.
 * in_use: a dict that other threads may be looking up in (not one being
 * destroyed, nor a set), whose lookups' read sections are waited for. */
RCO__HIDDEN void rco__table_clear(rco_object *owner, rco__table **tp, size_t *used, bool in_use);
/* The next entry of an iteration (rco_dict_next, rco_set_next) with the
 * cursor *pos, 0 to start: 1 and *entry, 0 at the end, or -1 (no error
 * set) when a key was inserted or removed since the iteration started.
 * The cursor holds the index of the next entry and a digest of the
 * table's version then, so that nothing else needs keeping. */
RCO__HIDDEN int rco__table_next(const rco__table *t, size_t *pos, rco__entry **entry);
/* Bytes of the table's block. */
RCO__HIDDEN size_t rco__table_bytes(const rco__table *t);

/* rco_hash without the argument check, the common keys inline. */
static inline int64_t rco__hash(rco_object *o)
{
    int kind = o->type->kind;
    if (rco__is_int_kind(kind))
        return rco__hash_int(((rco__int *)o)->value);
    if (kind == RCO__KIND_STR)
        return rco__str_hash((rco__str *)o);
    return rco__hash_slow(o);
}

#endif
