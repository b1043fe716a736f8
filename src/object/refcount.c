/*
 * object/refcount.c: biased reference counting, after CPython's
 * free-threaded build (PEP 703, Objects/object.c, Python/brc.c).
 *
 * An object's count is ref_local + (ref_shared >> 2). ref_local belongs to
 * the owner (the thread that made it: ref_owner), which changes it with
 * plain loads and stores (relaxed atomics); every other thread changes
 * ref_shared with atomic operations. The two low bits of ref_shared say
 * where the count stands:
 *
 *   0       owned: the owner counts in ref_local; ref_shared holds the
 *           others' references, and may be negative when references the
 *           owner counted were released by others;
 *   WEAK    the same, and weakrefs point at the object: ref_shared is never
 *           exactly 0, so the owner's last release always takes the slow
 *           path, where a thread turning a weakref into a reference
 *           (rco__count_try_incref) meets it on the same word;
 *   QUEUED  the same, and the object waits in its owner's queue: a thread
 *           that would have taken ref_shared below zero handed its release
 *           to the owner instead (the queue holds that reference);
 *   MERGED  the owner gave up counting (ref_local is RCO__LOCAL_MERGED):
 *           everyone counts in ref_shared, and the release that takes it
 *           to zero destroys the object.
 *
 * Only the owner (or a thread acting for it while it is detached or gone,
 * or while the world is stopped) merges: it reads ref_local, which nobody
 * else may. The owner keeps its index in ref_owner after merging, because
 * that is also whose collector lists hold the object and whose pools its
 * memory came from.
 *
 * A collection may read counts while threads outside critical sections
 * change them (core/thread.h): every step taken outside one leaves the
 * count readable as at least the true count, never less, so that the
 * collector errs towards keeping objects alive. A merge runs inside a
 * critical section (or with the world stopped), so it may stop counting
 * locally before it publishes the merged count, and must: once the merged
 * count is out, another thread may release the last reference and free
 * the object.
 *
 * A count that would overflow (2^31 references from the owner, 2^29 from
 * others) saturates: the object becomes immortal, as in CPython.
 */
#include "object/object.h"

#include "core/thread.h"

#include <stdlib.h>

#define SHARED_SHIFT RCO__SHARED_SHIFT
#define SHARED_FLAGS RCO__SHARED_FLAGS
#define SHARED_WEAK RCO__SHARED_WEAK
#define SHARED_QUEUED RCO__SHARED_QUEUED
#define SHARED_MERGED RCO__SHARED_MERGED
#define SHARED_ONE ((int32_t)1 << SHARED_SHIFT)
#define SHARED_LIMIT (((int32_t)1 << 29) - 1)

static inline uint32_t load_local(const rco_object *o)
{
    return __atomic_load_n(&o->ref_local, __ATOMIC_RELAXED);
}

static inline void store_local(rco_object *o, uint32_t v)
{
    __atomic_store_n(&o->ref_local, v, __ATOMIC_RELAXED);
}

static inline int32_t shared_count(int32_t shared)
{
    return shared >> SHARED_SHIFT; /* arithmetic: the count may be negative */
}

static inline bool owned_here(const rco_object *o)
{
    return __atomic_load_n(&o->ref_owner, __ATOMIC_RELAXED) == rco__thread_index;
}

static void make_immortal(rco_object *o)
{
    store_local(o, RCO__LOCAL_IMMORTAL);
}

/* ---- the count ------------------------------------------------------- */

intptr_t rco__count_slow(const rco_object *o)
{
    uint32_t local = load_local(o);
    if (local == RCO__LOCAL_IMMORTAL)
        return RCO_IMMORTAL_REFCNT;
    int32_t shared = __atomic_load_n(&o->ref_shared, __ATOMIC_ACQUIRE);
    return (intptr_t)shared_count(shared) + (local == RCO__LOCAL_MERGED ? 0 : (intptr_t)local);
}

void rco__count_revive(rco_object *o)
{
    if (owned_here(o) && load_local(o) != RCO__LOCAL_MERGED) {
        store_local(o, 1);
        /* still watched by its weakrefs until they are cleared */
        __atomic_store_n(&o->ref_shared, rco__flag(o, RCO__FLAG_WEAKREFS) ? SHARED_WEAK : 0, __ATOMIC_RELEASE);
    } else {
        store_local(o, RCO__LOCAL_MERGED);
        __atomic_store_n(&o->ref_shared, SHARED_ONE | SHARED_MERGED, __ATOMIC_RELEASE);
    }
}

bool rco__count_try_incref(rco_object *o)
{
    uint32_t local = load_local(o);
    if (local == RCO__LOCAL_IMMORTAL)
        return true;
    if (owned_here(o) && local != RCO__LOCAL_MERGED) {
        if (local == 0)
            return false; /* this thread is destroying it */
        store_local(o, local + 1);
        return true;
    }
    int32_t shared = __atomic_load_n(&o->ref_shared, __ATOMIC_RELAXED);
    for (;;) {
        /* 0: the owner may have let go of the last reference and be
         * destroying it; MERGED alone: a count of zero. */
        if (shared == 0 || shared == SHARED_MERGED)
            return false;
        if (__atomic_compare_exchange_n(&o->ref_shared, &shared, shared + SHARED_ONE, true, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED))
            return true;
    }
}

void rco__count_mark_weak(rco_object *o)
{
    int32_t shared = __atomic_load_n(&o->ref_shared, __ATOMIC_RELAXED);
    while ((shared & SHARED_FLAGS) == 0 &&
           !__atomic_compare_exchange_n(&o->ref_shared, &shared, shared | SHARED_WEAK, true, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED)) {
    }
}

/* ---- merging --------------------------------------------------------- */

/* The owner (or a thread acting for it) adds ref_local into ref_shared and
 * stops counting locally; the count plus extra is returned. In a critical
 * section: the count reads low between the two stores. */
static intptr_t merge(rco_object *o, int32_t extra)
{
    uint32_t local = load_local(o);
    if (local == RCO__LOCAL_IMMORTAL)
        return RCO_IMMORTAL_REFCNT;
    int32_t own = local == RCO__LOCAL_MERGED ? 0 : (int32_t)local;
    store_local(o, RCO__LOCAL_MERGED);
    int32_t shared = __atomic_load_n(&o->ref_shared, __ATOMIC_RELAXED);
    int32_t count, merged;
    do {
        count = shared_count(shared) + own + extra;
        merged = (int32_t)((uint32_t)count << SHARED_SHIFT) | SHARED_MERGED;
    } while (!__atomic_compare_exchange_n(&o->ref_shared, &shared, merged, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    return count;
}

/* Objects whose releases other threads handed to their owner. */
typedef struct merge_queue {
    uint8_t lock;
    rco_object **items;
    size_t n, cap;
} merge_queue;

static merge_queue *queues[RCO__MAX_THREADS];
static uint8_t queues_lock;

static merge_queue *queue_of(uint16_t index)
{
    merge_queue *q = __atomic_load_n(&queues[index], __ATOMIC_ACQUIRE);
    if (q)
        return q;
    rco__spin_lock(&queues_lock);
    q = queues[index];
    if (!q) {
        q = calloc(1, sizeof *q);
        __atomic_store_n(&queues[index], q, __ATOMIC_RELEASE);
    }
    rco__spin_unlock(&queues_lock);
    return q;
}

/* Take everything out of index's queue (NULL when empty). */
static rco_object **take_queue(uint16_t index, size_t *n)
{
    merge_queue *q = __atomic_load_n(&queues[index], __ATOMIC_ACQUIRE);
    *n = 0;
    if (!q)
        return NULL;
    rco__spin_lock(&q->lock);
    rco_object **items = q->items;
    *n = q->n;
    q->items = NULL;
    q->n = q->cap = 0;
    rco__spin_unlock(&q->lock);
    return items;
}

/* Merge each object taken from a queue, dropping the queue's reference;
 * those that reach zero stay in items (their number is returned), to be
 * destroyed once nobody acts for the owner any more. */
static size_t merge_all(rco_object **items, size_t n)
{
    size_t dead = 0;
    rco__critical_enter(); /* no collection reads these counts halfway */
    for (size_t i = 0; i < n; i++)
        if (merge(items[i], -1) == 0)
            items[dead++] = items[i];
    rco__critical_leave();
    return dead;
}

static void destroy_all(rco_object **items, size_t dead)
{
    for (size_t i = 0; i < dead; i++)
        rco__dealloc(items[i]);
    free(items);
}

void rco__merge_queued(uint16_t index)
{
    size_t n;
    rco_object **items = take_queue(index, &n);
    if (items)
        destroy_all(items, merge_all(items, n));
}

/* A release that would have taken ref_shared below zero: the owner must
 * merge. The queue takes over the reference being released. */
static void queue_to_owner(rco_object *o)
{
    uint16_t owner = __atomic_load_n(&o->ref_owner, __ATOMIC_RELAXED);
    merge_queue *q = queue_of(owner);
    bool pushed = false;
    if (q) {
        rco__spin_lock(&q->lock);
        if (q->n == q->cap) {
            size_t cap = q->cap ? q->cap * 2 : 16;
            rco_object **grown = realloc(q->items, cap * sizeof *grown);
            if (grown) {
                q->items = grown;
                q->cap = cap;
            }
        }
        if (q->n < q->cap) {
            q->items[q->n++] = o;
            pushed = true;
        }
        rco__spin_unlock(&q->lock);
    }
    if (pushed) {
        /* An owner that is detached or gone would not merge for a long
         * time, or ever: merge its queue for it, holding it from
         * attaching meanwhile. Else it merges at its next safe point. */
        if (rco__thread_hold_if_idle(owner)) {
            size_t n;
            rco_object **items = take_queue(owner, &n);
            size_t dead = merge_all(items, n);
            rco__thread_release(owner);
            destroy_all(items, dead);
        } else {
            rco__thread_attend(owner, RCO__ATTEND_MERGE);
        }
        return;
    }
    /* Out of memory for the queue: stop everyone and merge here. */
    rco__stop_the_world();
    intptr_t count = merge(o, -1);
    rco__start_the_world();
    if (count == 0)
        rco__dealloc(o);
}

/* ---- the slow paths -------------------------------------------------- */

void rco__incref_slow(rco_object *o)
{
    uint32_t local = load_local(o);
    if (local == RCO__LOCAL_IMMORTAL)
        return;
    if (owned_here(o) && local != RCO__LOCAL_MERGED) {
        make_immortal(o); /* 2^31 references from the owner */
        return;
    }
    int32_t old = __atomic_fetch_add(&o->ref_shared, SHARED_ONE, __ATOMIC_RELAXED);
    if (RCO__UNLIKELY(shared_count(old) >= SHARED_LIMIT))
        __atomic_store_n(&o->ref_shared, (int32_t)((uint32_t)SHARED_LIMIT << SHARED_SHIFT) | (old & SHARED_FLAGS),
                         __ATOMIC_RELAXED);
}

/* The owner releases its last local reference. */
static bool owner_drops_last(rco_object *o)
{
    int32_t shared = __atomic_load_n(&o->ref_shared, __ATOMIC_ACQUIRE);
    if (shared == 0) {
        store_local(o, 0);
        return true; /* nobody else ever held one: the common case */
    }
    store_local(o, RCO__LOCAL_MERGED);
    int32_t merged;
    do {
        merged = (shared & ~SHARED_FLAGS) | SHARED_MERGED;
    } while (!__atomic_compare_exchange_n(&o->ref_shared, &shared, merged, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    return merged == SHARED_MERGED;
}

/* A release in ref_shared. */
static bool shared_drops(rco_object *o)
{
    int32_t shared = __atomic_load_n(&o->ref_shared, __ATOMIC_RELAXED);
    int32_t next;
    bool to_owner;
    do {
        if (RCO__UNLIKELY(shared_count(shared) >= SHARED_LIMIT))
            return false; /* saturated: immortal */
        /* owned, and this reference was the owner's count */
        to_owner = shared == 0 || shared == SHARED_WEAK;
        next = to_owner ? SHARED_QUEUED : shared - SHARED_ONE;
    } while (!__atomic_compare_exchange_n(&o->ref_shared, &shared, next, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    if (to_owner) {
        if (load_local(o) == RCO__LOCAL_MERGED) {
            /* The owner merged meanwhile: release as everyone does now. */
            return shared_drops(o);
        }
        queue_to_owner(o);
        return false;
    }
    return next == SHARED_MERGED;
}

static inline bool drop(rco_object *o)
{
    uint32_t local = load_local(o);
    if (local == RCO__LOCAL_IMMORTAL)
        return false;
    if (owned_here(o) && local != RCO__LOCAL_MERGED) {
        if (local == 1)
            return owner_drops_last(o);
        store_local(o, local - 1);
        return false;
    }
    return shared_drops(o);
}

bool rco__count_drop(rco_object *o)
{
    return drop(o);
}

void rco__decref_slow(rco_object *o)
{
    rco__safepoint(); /* before the release: o is still alive */
    if (drop(o))
        rco__dealloc(o);
}

/* ---- threads coming and going ---------------------------------------- */

/* An exiting thread merges what others queued to it; what it still owns
 * stays counted, for the next thread that takes its index (or for others
 * acting for it, queue_to_owner). */
static void merge_at_exit(uint16_t index)
{
    rco__merge_queued(index);
}

__attribute__((constructor)) static void install_hooks(void)
{
    rco__thread_on_merge(rco__merge_queued);
    rco__thread_on_exit(merge_at_exit);
}
