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
 *     rco_object      refcnt, type        <- the pointer users hold
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
    return o->refcnt >= RCO_IMMORTAL_REFCNT / 2;
}

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
 * prev: the previous head, with flags in the low three bits. While the
 *       collector computes reachability, the bits above the flags hold the
 *       object's gc_refs instead of a pointer (see gc/collect.c). While the
 *       object waits on the deferred-destruction list (object.c), they hold
 *       the next object of that list. */
typedef struct rco__gc_head {
    uintptr_t next;
    uintptr_t prev;
} rco__gc_head;

#define RCO__GC_FINALIZED ((uintptr_t)1)  /* its finalize slot has run */
#define RCO__GC_COLLECTING ((uintptr_t)2) /* in the set a collection examines */
#define RCO__GC_WEAKREFS ((uintptr_t)4)   /* weakrefs point at it (types/weakref.c) */
#define RCO__GC_FLAGS ((uintptr_t)7)
#define RCO__GC_REFS_SHIFT 3
#define RCO__GC_NEXT_UNREACHABLE ((uintptr_t)1)
#define RCO__GC_GEN_SHIFT 1
#define RCO__GC_GEN_BITS ((uintptr_t)6)
#define RCO__GC_NEXT_BITS ((uintptr_t)7)
#define RCO__GC_PERMANENT 3
#define RCO__GENERATIONS 3

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

typedef struct rco__generation {
    rco__gc_head head;  /* sentinel of a circular list */
    int threshold;
    int count;
} rco__generation;

/* The lists the collector examines; every tracked object is on exactly one
 * (gc/collect.c states the invariants). */
typedef struct rco__gc_lists {
    rco__generation generations[RCO__GENERATIONS];
    rco__gc_head permanent;   /* rco_gc_freeze */
} rco__gc_lists;

extern rco__gc_lists rco__gcl RCO__HIDDEN;
/* Empty lists and default thresholds again (rco_shutdown). */
RCO__HIDDEN void rco__gc_lists_reset(void);

static inline bool rco__gc_is_tracked(const rco_object *o)
{
    return rco__has_gc_head(o) && rco__gc_of(o)->next != 0;
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
    return o->type->kind != RCO__KIND_TUPLE || *(const size_t *)((const char *)o + o->type->count_offset) != 0;
}
static inline rco__gc_head *rco__gc_next(const rco__gc_head *g)
{
    return (rco__gc_head *)(g->next & ~RCO__GC_NEXT_BITS);
}
/* Point g's next at n, keeping g's own bits (its generation). */
static inline void rco__gc_set_next(rco__gc_head *g, const rco__gc_head *n)
{
    g->next = (g->next & RCO__GC_NEXT_BITS) | (uintptr_t)n;
}
/* Join generation 0 (a no-op when tracked already). */
static inline void rco__gc_track(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    if (g->next)
        return;
    rco__gc_head *list = &rco__gcl.generations[0].head;
    rco__gc_head *last = (rco__gc_head *)list->prev; /* list heads carry no flags */
    g->prev = (g->prev & RCO__GC_FLAGS) | (uintptr_t)last;
    rco__gc_set_next(last, g);
    g->next = (uintptr_t)list; /* generation 0 */
    list->prev = (uintptr_t)g;
}
/* Leave whichever list holds it (a no-op when not tracked); keeps the
 * FINALIZED and WEAKREFS bits. */
static inline void rco__gc_untrack(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    if (!g->next)
        return;
    rco__gc_head *prev = (rco__gc_head *)(g->prev & ~RCO__GC_FLAGS);
    rco__gc_head *next = rco__gc_next(g);
    rco__gc_set_next(prev, next);
    next->prev = (next->prev & RCO__GC_FLAGS) | (uintptr_t)prev;
    g->next = 0;
    g->prev &= RCO__GC_FINALIZED | RCO__GC_WEAKREFS;
}
/* Start an automatic collection if generation 0 is over its threshold.
 * Called only where the library is consistent: on return from public
 * constructors, with the new object owned by the caller. */
static inline void rco__gc_maybe_collect(void)
{
    const rco__generation *g0 = &rco__gcl.generations[0];
    if (RCO__UNLIKELY(g0->count > g0->threshold) && rco__hook.collect_young)
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
    o->refcnt = 1;
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
    rco_object *o = rco__object_alloc_with(t, size, RCO__GC_PREFIX);
    if (RCO__LIKELY(o != NULL)) {
        rco__gc_head *g = (rco__gc_head *)o - 1;
        g->next = 0;
        g->prev = 0;
        rco__gcl.generations[0].count++;
    }
    return o;
}
/* An object with a gc head left generation 0's count without being freed
 * (a tuple kept for reuse), or comes back to it. */
static inline void rco__gc_count_leave(void)
{
    int *young = &rco__gcl.generations[0].count;
    if (*young > 0)
        (*young)--;
}
static inline void rco__gc_count_join(void)
{
    rco__gcl.generations[0].count++;
}
/* Give an object's memory back (after its type released its contents). */
RCO__HIDDEN void rco__object_free(rco_object *o);

/* Run a finalizer-like callback with the caller's error state kept aside. */
RCO__HIDDEN void rco__call_finalizer(rco_finalizer fn, rco_object *o);

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
    o->refcnt++;
}
static inline void rco__debug_internal_decref(rco_object *o)
{
    if (RCO__UNLIKELY(o->type->kind == RCO__KIND_FREED || (o->refcnt <= 0 && !rco__is_immortal(o))) &&
        !rco__hook.release_allowed(o))
        return;
    if (--o->refcnt == 0)
        rco__dealloc(o);
}
#define RCO__INCREF(o) rco__debug_internal_incref((rco_object *)(o))
#define RCO__DECREF(o) rco__debug_internal_decref((rco_object *)(o))
#else
#define RCO__INCREF(o) ((void)(((rco_object *)(o))->refcnt++))
#define RCO__DECREF(o)                                                 \
    do {                                                               \
        rco_object *rco_dec_ = (rco_object *)(o);                      \
        if (--rco_dec_->refcnt == 0)                                   \
            rco__dealloc(rco_dec_);                                    \
    } while (0)
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
 * dict's or set's table, an instance's attribute dict pointer) happens
 * with its lock held, rco__lock(o) ... rco__unlock(o), so that each
 * operation is atomic for other threads. A lock is held only across code
 * that runs no user code (no equal, hash, repr or key slot; no release of
 * a reference, which may run a finalizer: hold what you take out, release
 * it after unlocking), takes no other container's lock and starts no
 * collection; allocating is allowed. Objects the calling code made and has
 * not shared yet need no lock. (The threads work makes these real; they
 * are no-ops until then.) */
static inline void rco__lock(rco_object *o)
{
    (void)o;
}
static inline void rco__unlock(rco_object *o)
{
    (void)o;
}

/* ======================================================================
 * The generic protocols (protocol.c): each dispatches to the type's slot
 * ====================================================================== */

/* a == b with Python's meaning; 1, 0 or -1. Identity first; a user type's
 * equal is asked first from either side, as Python asks __eq__. Nesting is
 * limited to RCO_MAX_DEPTH per thread (container slots call back here). */
RCO__HIDDEN int rco__equal(rco_object *a, rco_object *b);
/* hash(o) through its type's slot, nesting limited as rco__equal's. */
RCO__HIDDEN int64_t rco__hash_slow(rco_object *o);
/* Enter and leave one level of nesting of equal/hash; false (with
 * RCO_ERR_OVERFLOW set) when the limit is reached. */
RCO__HIDDEN bool rco__nesting_enter(void);
RCO__HIDDEN void rco__nesting_leave(void);

#endif
