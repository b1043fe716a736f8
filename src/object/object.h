/*
 * object/object.h: the object header's life (object.c), the collector's
 * heads and the tracking of containers, and the generic protocols
 * (protocol.c). Nothing here knows a particular type: types/ builds on it.
 *
 * Memory layout of an object (lowest address first):
 *
 *     [debug record]  only in librco-debug, before every heap object
 *     [gc head]       16 bytes, only when the type has_gc_head (and always in
 *                     librco-debug, so the debug record sits at a fixed offset)
 *     rco_object      counts, owner, lock, flags, size, type  <- the pointer users hold
 *     fields of the type
 *
 * Immortal objects (None, bools, small ints, the empty tuple, built-in types)
 * are static data: they have no debug record, and their count never reaches
 * zero. Static objects of a GC type carry an untracked gc head in front.
 */
#ifndef RCO_OBJECT_H
#define RCO_OBJECT_H

#include "core/alloc.h"
#include "core/error.h"
#include "core/hooks.h"

/* Which built-in type an object is: the kind field of its type. */
enum rco__kind {
    RCO__KIND_USER = 0,
    RCO__KIND_NONE,
    RCO__KIND_BOOL,
    RCO__KIND_INT,
    RCO__KIND_FLOAT,
    RCO__KIND_STR,
    RCO__KIND_BYTES,
    RCO__KIND_TUPLE,
    RCO__KIND_LIST,
    RCO__KIND_DICT,
    RCO__KIND_SET,
    RCO__KIND_TYPE,     /* a static type object */
    RCO__KIND_CLASS,    /* a class made by rco_class_new */
    RCO__KIND_INSTANCE, /* an instance of such a class */
    RCO__KIND_WEAKREF,
    RCO__KIND_ITERATOR, /* an iterator over a built-in container (ops/iter.c) */
    RCO__KIND_FREED     /* librco-debug: a quarantined, freed object */
};

/* Internal type flags, above the public RCO_TYPE_* ones. */
enum {
    /* The type's dealloc gives the object's memory back itself (through
     * rco__object_free), or keeps it for reuse: tuples. */
    RCO__TYPE_FREES_ITSELF = 1u << 16
};

static inline int rco__kind(const rco_object *o)
{
    return o->type->kind;
}
static inline bool rco__is_immortal(const rco_object *o)
{
    return __atomic_load_n(&o->ref_local, __ATOMIC_RELAXED) == RCO__LOCAL_IMMORTAL;
}
/* The header of a static, immortal object of type t. */
#define RCO__IMMORTAL_HEAD(t) { .ref_local = RCO__LOCAL_IMMORTAL, .type = (t) }

/* ---- counts (refcount.c; the scheme is described there) ---------------- */

/* ref_shared's encoding, here rather than in refcount.c because the
 * debugger's table (debug/layout.c) publishes it too. */
#define RCO__SHARED_SHIFT 2
#define RCO__SHARED_FLAGS 3
#define RCO__SHARED_WEAK 1
#define RCO__SHARED_QUEUED 2
#define RCO__SHARED_MERGED 3

/* The count now: exact for the owner, and while the world is stopped;
 * RCO_IMMORTAL_REFCNT for immortal objects. */
RCO__HIDDEN intptr_t rco__count_slow(const rco_object *o);
static inline intptr_t rco__count(const rco_object *o)
{
    uint32_t local = __atomic_load_n(&o->ref_local, __ATOMIC_RELAXED);
    if (RCO__LIKELY(local < RCO__LOCAL_MERGED && __atomic_load_n(&o->ref_shared, __ATOMIC_RELAXED) == 0))
        return (intptr_t)local; /* nobody but the owner ever counted it */
    return rco__count_slow(o);
}
/* A new object: one reference, owned by this thread (which allocating
 * registered). */
static inline void rco__count_init(rco_object *o)
{
    o->ref_local = 1;
    o->ref_owner = rco__thread_index;
    o->ref_shared = 0;
}
/* An object being destroyed (count zero) gets one reference again, held
 * by this thread, for its finalizer to run with. */
RCO__HIDDEN void rco__count_revive(rco_object *o);
/* Drop one reference; true if that was the last (the caller destroys). */
RCO__HIDDEN bool rco__count_drop(rco_object *o);
/* A new reference to o unless its count is zero (it is being destroyed):
 * how a weakref becomes a reference, safely against a concurrent last
 * release, provided o was marked first (under the weakref lock). */
RCO__HIDDEN bool rco__count_try_incref(rco_object *o);
RCO__HIDDEN void rco__count_mark_weak(rco_object *o);
/* Merge the references other threads queued to thread index (its owner,
 * or anyone acting for it). */
RCO__HIDDEN void rco__merge_queued(uint16_t index);

/* ======================================================================
 * The collector's head
 * ====================================================================== */

/* Two words in front of every object of a type with has_gc_head.
 *
 * next: the next head on the object's generation list; 0 while the object is
 *       not tracked. Bits 1-2 hold the generation of the list the object is
 *       on (0..2, 3 for the permanent one), so that a collection knows which
 *       objects it examines without marking them first. During a collection
 *       bit 0 marks objects moved to the tentatively unreachable list
 *       (RCO__GC_NEXT_UNREACHABLE).
 * prev: the previous head, with RCO__GC_COLLECTING in the low bits. While
 *       the collector computes reachability (the world stopped), the bits
 *       above hold the object's gc_refs instead of a pointer (see
 *       gc/collect.c). While the object waits on the deferred-destruction
 *       list (object.c), they hold the next object of that list.
 * The lists are its owner thread's (ref_owner: rco__gc_lists below). */
typedef struct rco__gc_head {
    uintptr_t next;
    uintptr_t prev;
} rco__gc_head;

#define RCO__GC_COLLECTING ((uintptr_t)2) /* in the set a collection examines */
#define RCO__GC_FLAGS ((uintptr_t)7)
#define RCO__GC_REFS_SHIFT 3
#define RCO__GC_NEXT_UNREACHABLE ((uintptr_t)1)
#define RCO__GC_GEN_SHIFT 1
#define RCO__GC_GEN_BITS ((uintptr_t)6)
#define RCO__GC_NEXT_BITS ((uintptr_t)7)
#define RCO__GC_PERMANENT 3
#define RCO__GENERATIONS 3

/* The object header's flags (atomic: threads may set different bits). */
enum {
    RCO__FLAG_FINALIZED = 1, /* its finalize slot has run */
    RCO__FLAG_WEAKREFS = 2   /* weakrefs point at it (types/weakref.c) */
};
static inline bool rco__flag(const rco_object *o, uint8_t flag)
{
    return __atomic_load_n(&o->flags, __ATOMIC_ACQUIRE) & flag;
}
static inline void rco__flag_set(rco_object *o, uint8_t flag)
{
    __atomic_fetch_or(&o->flags, flag, __ATOMIC_RELEASE);
}
static inline void rco__flag_clear(rco_object *o, uint8_t flag)
{
    __atomic_fetch_and(&o->flags, (uint8_t)~flag, __ATOMIC_RELEASE);
}

static inline rco__gc_head *rco__gc_of(const rco_object *o)
{
    return (rco__gc_head *)o - 1;
}
static inline rco_object *rco__obj_of_gc(const rco__gc_head *g)
{
    return (rco_object *)(g + 1);
}
/* What an object can be, as far as the collector is concerned:
 *   holds references   its type is RCO_TYPE_GC (and has traverse): it may
 *                      be part of a cycle, and be weakly referenced;
 *   has a gc head      holds references, or has a finalizer (whose
 *                      FINALIZED bit lives in the head);
 *   is tracked         on one of the collector's lists now (containers
 *                      that hold only atomic objects may not be). */
static inline bool rco__holds_references(const rco_object *o)
{
    return o->type->flags & RCO_TYPE_GC;
}
static inline bool rco__has_gc_head(const rco_object *o)
{
    return o->type->has_gc_head;
}

/* ======================================================================
 * Prefixes: what sits in front of an object
 * ====================================================================== */

#ifdef RCO_DEBUG
#define RCO__DEBUG_RECORD_SIZE 112 /* debug/debug.h: sizeof(rco__debug_record) */
/* In librco-debug every object has the gc head slot, so the debug record is
 * always at the same distance. */
#define RCO__PLAIN_PREFIX (RCO__DEBUG_RECORD_SIZE + sizeof(rco__gc_head))
#else
#define RCO__DEBUG_RECORD_SIZE 0
#define RCO__PLAIN_PREFIX ((size_t)0)
#endif
#define RCO__GC_PREFIX (RCO__DEBUG_RECORD_SIZE + sizeof(rco__gc_head))
#define RCO__PREFIX(t) ((t)->has_gc_head ? RCO__GC_PREFIX : RCO__PLAIN_PREFIX)
/* The block_size of a static type of fixed size. */
#define RCO__BLOCK(size, gc) ((size) + ((gc) ? RCO__GC_PREFIX : RCO__PLAIN_PREFIX))

/* Bytes the object occupies, header included, prefix excluded: a fixed
 * size, or for variable-size built-ins a fixed part and item_size bytes
 * per item, their count read at count_offset (as CPython's basicsize and
 * itemsize), or else what var_size says. */
static inline size_t rco__object_size(const rco_object *o)
{
    const rco_type *t = o->type;
    if (t->item_size)
        return t->size + t->item_size * *(const size_t *)((const char *)o + t->count_offset);
    return t->var_size ? t->var_size(o) : t->size;
}

/* ======================================================================
 * Generations and tracking
 * ====================================================================== */

/* A thread's collector lists: every tracked object is on exactly one
 * list of its owner's (gc/collect.c states the invariants). The owner and
 * any thread releasing or tracking one of its objects change them under
 * `lock`; a collection, with the world stopped, takes them all. */
typedef struct rco__gc_lists {
    rco__gc_head generations[RCO__GENERATIONS]; /* sentinels of circular lists */
    rco__gc_head permanent;                     /* rco_gc_freeze */
    int young;    /* objects with a gc head this thread made, less those it
                     freed, since the last collection (atomic) */
    uint8_t lock;
} rco__gc_lists;

/* Per thread index, made on first need (object.c). */
extern rco__gc_lists *rco__gc_lists_of[RCO__MAX_THREADS] RCO__HIDDEN;
extern RCO__TLS rco__gc_lists *rco__my_gc_lists RCO__HIDDEN;
RCO__HIDDEN rco__gc_lists *rco__gc_lists_mine_slow(void);
static inline rco__gc_lists *rco__gc_lists_mine(void)
{
    rco__gc_lists *l = rco__my_gc_lists;
    return RCO__LIKELY(l != NULL) ? l : rco__gc_lists_mine_slow();
}
/* Generation thresholds (rco_gc_set_threshold; atomic). */
extern int rco__gc_threshold[RCO__GENERATIONS] RCO__HIDDEN;
/* Every list empty and the thresholds back to their defaults
 * (rco_shutdown). */
RCO__HIDDEN void rco__gc_lists_reset(void);

static inline uintptr_t rco__gc_load_next(const rco__gc_head *g)
{
    return __atomic_load_n(&g->next, __ATOMIC_RELAXED);
}
/* In a critical section, or with one thread (a collection changes heads). */
static inline bool rco__gc_is_tracked(const rco_object *o)
{
    return rco__has_gc_head(o) && rco__gc_load_next(rco__gc_of(o)) != 0;
}
/* Whether a container storing o must be tracked: o holds references, or
 * may later (untracked tuples and dicts included: CPython lets an
 * untracked tuple count as atomic because its tuples never change; rco's
 * tuples can be filled later, so a container holding one must be
 * examined). The invariant kept: an untracked container holds only atomic
 * objects. */
static inline bool rco__may_lead_to_cycles(const rco_object *o)
{
    if (!rco__holds_references(o))
        return false;
    /* The empty tuple can never hold anything. */
    return o->type->kind != RCO__KIND_TUPLE || o->size != 0;
}
/* The links of the collector's lists are stored with their pointer bits
 * flipped: memcheck and LeakSanitizer find leaks by scanning memory for
 * pointers, and through plain links every tracked object would be
 * reachable from the lists, a leaked one too (core/alloc.c's system
 * blocks). The low bits (flags) are kept as they are, and 0 (untracked)
 * stays 0: a hidden pointer is never 0. */
#define RCO__GC_HIDE (~(uintptr_t)7)
static inline uintptr_t rco__gc_hide(const rco__gc_head *g)
{
    return (uintptr_t)g ^ RCO__GC_HIDE;
}
/* A link word, flags and all, as a pointer. */
static inline rco__gc_head *rco__gc_unhide(uintptr_t link)
{
    return (rco__gc_head *)((link & ~(uintptr_t)7) ^ RCO__GC_HIDE);
}
static inline rco__gc_head *rco__gc_next(const rco__gc_head *g)
{
    return rco__gc_unhide(g->next);
}
/* Point g's next at n, keeping g's own bits (its generation). */
static inline void rco__gc_set_next(rco__gc_head *g, const rco__gc_head *n)
{
    g->next = (g->next & RCO__GC_NEXT_BITS) | rco__gc_hide(n);
}
/* The lists that hold (or will hold) o. */
static inline rco__gc_lists *rco__gc_lists_owning(const rco_object *o)
{
    return rco__gc_lists_of[o->ref_owner];
}
/* With the owner's lists locked. */
static inline void rco__gc_link(rco__gc_lists *l, rco__gc_head *g)
{
    rco__gc_head *list = &l->generations[0];
    rco__gc_head *last = rco__gc_unhide(list->prev); /* list heads carry no flags */
    g->prev = rco__gc_hide(last);
    __atomic_store_n(&last->next, (last->next & RCO__GC_NEXT_BITS) | rco__gc_hide(g), __ATOMIC_RELAXED);
    __atomic_store_n(&g->next, rco__gc_hide(list), __ATOMIC_RELAXED); /* generation 0 */
    list->prev = rco__gc_hide(g);
}
static inline void rco__gc_unlink(rco__gc_head *g)
{
    rco__gc_head *prev = rco__gc_unhide(g->prev);
    rco__gc_head *next = rco__gc_next(g);
    __atomic_store_n(&prev->next, (prev->next & RCO__GC_NEXT_BITS) | rco__gc_hide(next), __ATOMIC_RELAXED);
    next->prev = (next->prev & RCO__GC_FLAGS) | rco__gc_hide(prev);
    __atomic_store_n(&g->next, 0, __ATOMIC_RELAXED);
    g->prev = 0;
}
RCO__HIDDEN void rco__gc_track_shared(rco_object *o);
RCO__HIDDEN void rco__gc_untrack_shared(rco_object *o);
/* Join generation 0 of its owner (a no-op when tracked already). With
 * more than one thread, the test and the change happen in a critical
 * section, under the owner's lists lock (object.c). */
static inline void rco__gc_track(rco_object *o)
{
    if (rco__multithreaded()) {
        rco__gc_track_shared(o);
        return;
    }
    rco__gc_head *g = rco__gc_of(o);
    if (!g->next)
        rco__gc_link(rco__gc_lists_owning(o), g);
}
/* Leave whichever list holds it (a no-op when not tracked). */
static inline void rco__gc_untrack(rco_object *o)
{
    if (rco__multithreaded()) {
        rco__gc_untrack_shared(o);
        return;
    }
    rco__gc_head *g = rco__gc_of(o);
    if (g->next)
        rco__gc_unlink(g);
}
/* Start an automatic collection if generation 0 is over its threshold,
 * after the safe point's work (core/thread.h). Called only where the
 * library is consistent: on return from public constructors, with the new
 * object owned by the caller. */
static inline void rco__gc_maybe_collect(void)
{
    rco__safepoint(); /* a constructor's return: also where queued releases merge */
    const rco__gc_lists *l = rco__my_gc_lists;
    if (RCO__UNLIKELY(l && __atomic_load_n(&l->young, __ATOMIC_RELAXED) >
                               __atomic_load_n(&rco__gc_threshold[0], __ATOMIC_RELAXED)) &&
        rco__hook.collect_young)
        rco__hook.collect_young();
}

/* ======================================================================
 * Allocation and destruction (object.c)
 * ====================================================================== */

RCO__HIDDEN RCO__COLD void rco__err_too_large(size_t size);
#ifdef RCO_DEBUG
RCO__HIDDEN void rco__debug_record_init(rco_object *o);
#endif

/* The header of a new object of t at o, in memory allocated for it with
 * its prefix in front: count 1 (also for objects built in place, as
 * types/str.c's written strs). */
static inline void rco__object_init(rco_object *o, rco_type *t)
{
    rco__count_init(o);
    o->lock = 0;
    o->flags = 0;
    o->type = t;
#ifdef RCO_DEBUG
    rco__debug_record_init(o);
#endif
}

/* Allocate an object of t with `size` bytes (header included) and `prefix`
 * bytes in front: count 1, the rest not initialised. NULL + error. */
static inline rco_object *rco__object_alloc_with(rco_type *t, size_t size, size_t prefix)
{
    if (RCO__UNLIKELY(size > RCO__MAX_OBJECT_SIZE)) {
        rco__err_too_large(size);
        return NULL;
    }
    char *p = (char *)rco__alloc(size + prefix);
    if (RCO__UNLIKELY(!p))
        return NULL;
    rco_object *o = (rco_object *)(p + prefix);
    rco__object_init(o, t);
    return o;
}

/* An object of a type without a gc head. */
static inline rco_object *rco__object_alloc(rco_type *t, size_t size)
{
    return rco__object_alloc_with(t, size, RCO__PLAIN_PREFIX);
}

/* An object of a type with a gc head, untracked; counts towards generation
 * 0's threshold (but never starts a collection: see rco__gc_maybe_collect). */
static inline rco_object *rco__gc_object_alloc(rco_type *t, size_t size)
{
    rco__gc_lists *l = rco__gc_lists_mine();
    if (RCO__UNLIKELY(!l))
        return NULL;
    rco_object *o = rco__object_alloc_with(t, size, RCO__GC_PREFIX);
    if (RCO__LIKELY(o != NULL)) {
        rco__gc_head *g = (rco__gc_head *)o - 1;
        g->next = 0;
        g->prev = 0;
        __atomic_store_n(&l->young, __atomic_load_n(&l->young, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
    }
    return o;
}
/* An object with a gc head left generation 0's count without being freed
 * (a tuple kept for reuse), or comes back to it: this thread's count,
 * whoever made the object. */
static inline void rco__gc_count_leave(void)
{
    rco__gc_lists *l = rco__my_gc_lists;
    int young = l ? __atomic_load_n(&l->young, __ATOMIC_RELAXED) : 0;
    if (young > 0)
        __atomic_store_n(&l->young, young - 1, __ATOMIC_RELAXED);
}
static inline void rco__gc_count_join(void)
{
    rco__gc_lists *l = rco__my_gc_lists;
    if (l)
        __atomic_store_n(&l->young, __atomic_load_n(&l->young, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
}
/* Give an object's memory back (after its type released its contents). */
RCO__HIDDEN void rco__object_free(rco_object *o);

/* Run a finalizer (finalize or legacy_del) on o with the caller's error
 * state kept aside. While it runs, o's count must not reach zero: its
 * caller holds a reference (librco-debug reports a finalizer that releases
 * one it did not own, and keeps the object from being destroyed twice). */
RCO__HIDDEN void rco__call_finalizer(rco_finalizer fn, rco_object *o);

/* User code running on this thread, called by the library in the middle
 * of an operation: a finalizer, a weakref or gc callback, a user type's
 * slot. rco_shutdown is refused meanwhile. */
extern RCO__TLS int rco__in_user_code RCO__HIDDEN;
static inline void rco__user_code_enter(void)
{
    rco__in_user_code++;
}
static inline void rco__user_code_leave(void)
{
    rco__in_user_code--;
}
/* Is an object being destroyed on this thread right now? */
RCO__HIDDEN bool rco__destroying(void);

/* ======================================================================
 * Argument checks
 * ====================================================================== */

/* NULL and wrong types are errors naming the function. In librco-debug
 * they also catch freed objects. */
RCO__HIDDEN bool rco__check_obj_slow(const rco_object *o, const char *fn);
static inline bool rco__check_obj(const rco_object *o, const char *fn)
{
#ifdef RCO_DEBUG
    return rco__check_obj_slow(o, fn);
#else
    if (RCO__LIKELY(o != NULL))
        return true;
    return rco__check_obj_slow(o, fn);
#endif
}
RCO__HIDDEN bool rco__wrong_type(const rco_object *o, const char *fn, const char *expected);
static inline bool rco__check_kind(const rco_object *o, int kind, const char *fn,
                                   const char *expected)
{
    if (RCO__UNLIKELY(!rco__check_obj(o, fn)))
        return false;
    if (RCO__LIKELY(o->type->kind == kind))
        return true;
    return rco__wrong_type(o, fn, expected);
}

/* ======================================================================
 * The library's own reference counting
 * ====================================================================== */

/* The library's own references are not recorded in the debug ledger (they
 * are explained by traverse), but librco-debug still checks them against
 * freed and dying objects. */
#ifdef RCO_DEBUG
static inline void rco__debug_internal_incref(rco_object *o)
{
    if (RCO__UNLIKELY(o->type->kind == RCO__KIND_FREED)) {
        rco__hook.freed_use(o, "a container storing it");
        return;
    }
    rco__incref_fast(o);
}
static inline void rco__debug_internal_decref(rco_object *o)
{
    if (RCO__UNLIKELY(o->type->kind == RCO__KIND_FREED || rco__count(o) <= 0) &&
        !rco__hook.release_allowed(o))
        return;
    rco__decref_fast(o);
}
#define RCO__INCREF(o) rco__debug_internal_incref((rco_object *)(o))
#define RCO__DECREF(o) rco__debug_internal_decref((rco_object *)(o))
#else
#define RCO__INCREF(o) ((void)rco__incref_fast((rco_object *)(o)))
#define RCO__DECREF(o) rco__decref_fast((rco_object *)(o))
#endif
#define RCO__XINCREF(o)                                                \
    do {                                                               \
        if (o)                                                         \
            RCO__INCREF(o);                                            \
    } while (0)
#define RCO__XDECREF(o)                                                \
    do {                                                               \
        rco_object *rco_xdec_ = (rco_object *)(o);                     \
        if (rco_xdec_)                                                 \
            RCO__DECREF(rco_xdec_);                                    \
    } while (0)
/* Set the field to NULL, then release what it held. */
#define RCO__CLEAR(field)                                              \
    do {                                                               \
        rco_object *rco_clr_ = (rco_object *)(field);                  \
        if (rco_clr_) {                                                \
            (field) = NULL;                                            \
            RCO__DECREF(rco_clr_);                                     \
        }                                                              \
    } while (0)

/* Ownership crossing the public API, recorded by librco-debug's ledger: a
 * new reference handed to the caller (GIVE), a caller's reference taken
 * back by a _steal function (STEAL), a borrowed reference handed out,
 * remembered so that a later use after the owner let go can name the line
 * that borrowed it (LEND). */
#ifdef RCO_DEBUG
static inline void rco__ledger(void (*event)(rco_object *), rco_object *o)
{
    if (event && o)
        event(o);
}
#define RCO__LEDGER_GIVE(o) rco__ledger(rco__hook.ledger_give, (rco_object *)(o))
#define RCO__LEDGER_STEAL(o) rco__ledger(rco__hook.ledger_steal, (rco_object *)(o))
#define RCO__LEDGER_LEND(o) rco__ledger(rco__hook.ledger_lend, (rco_object *)(o))
#else
#define RCO__LEDGER_GIVE(o) ((void)0)
#define RCO__LEDGER_STEAL(o) ((void)0)
#define RCO__LEDGER_LEND(o) ((void)0)
#endif

/* ======================================================================
 * Threads: a container's lock
 * ====================================================================== */

/* Every read or write of a mutable container's fields (a list's items, a
 * dict's or set's table, an instance's attribute dict pointer, a tuple's
 * slot being set) happens with its lock held, rco__lock(o) ...
 * rco__unlock(o), so that each operation is atomic for other threads and
 * is a critical section for the collector (core/thread.h). A lock is held
 * only across code that runs no user code (no equal, hash, repr or key
 * slot; no release of a reference, which may run a finalizer: hold what
 * you take out, release it after unlocking), takes no other container's
 * lock and starts no collection; allocating, and tracking (the lists'
 * lock nests inside), are allowed. Objects the calling code made and has
 * not shared yet need no lock; while the process has one thread, no lock
 * costs more than a load. The one exception: lookups in a dict that other
 * threads read, which read without the lock (types/table.h). */
static inline void rco__lock(rco_object *o)
{
    rco__spin_lock(&o->lock);
}
static inline void rco__unlock(rco_object *o)
{
    rco__spin_unlock(&o->lock);
}

/* ======================================================================
 * The generic protocols (protocol.c): each dispatches to the type's slot
 * ====================================================================== */

/* a == b with Python's meaning; 1, 0 or -1. Identity first; a user type's
 * equal is asked first from either side, as Python asks __eq__. Nesting is
 * limited to RCO_MAX_DEPTH per thread (container slots call back here). */
RCO__HIDDEN int rco__equal(rco_object *a, rco_object *b);
/* A user slot's 1/0/-1 result, with an error set when the slot broke its
 * contract: -1 without saying why, or anything but 1, 0 and -1. */
RCO__HIDDEN int rco__checked_result(int r, const rco_type *t, const char *slot);
/* hash(o) through its type's slot, nesting limited as rco__equal's. */
RCO__HIDDEN int64_t rco__hash_slow(rco_object *o);
/* Enter and leave one level of nesting of equal/hash; false (with
 * RCO_ERR_OVERFLOW set) when the limit is reached. */
RCO__HIDDEN bool rco__nesting_enter(void);
RCO__HIDDEN void rco__nesting_leave(void);

/* What an order slot returns when it cannot order self against other
 * (Python's NotImplemented): the other operand's slot is asked next. */
#define RCO__NOT_ORDERED 2
/* a < b, a <= b, a > b or a >= b (op RCO_LT ...) with Python's meaning:
 * a's order slot, then b's with the reflected operator, then TypeError.
 * 1, 0 or -1; nesting limited as rco__equal's. */
RCO__HIDDEN int rco__order(rco_object *a, rco_object *b, int op);
/* Any of the six: EQ and NE through rco__equal, the others rco__order. */
RCO__HIDDEN int rco__compare(rco_object *a, rco_object *b, int op);
/* Whether op holds between two values whose three-way comparison is c. */
static inline int rco__order_holds(int c, int op)
{
    switch (op) {
    case RCO_LT: return c < 0;
    case RCO_LE: return c <= 0;
    case RCO_EQ: return c == 0;
    case RCO_NE: return c != 0;
    case RCO_GT: return c > 0;
    default: return c >= 0;
    }
}
static inline int rco__three_way(size_t a, size_t b)
{
    return (a > b) - (a < b);
}

#endif
