/*
 * gc/gc.h: the cycle collector's state and list primitives, shared by the
 * algorithm (collect.c) and the public gc module (module.c). The lists
 * themselves (one set per thread), and tracking, are the object layer's
 * (object/object.h); collect.c states what each list holds and what the
 * head bits mean. The list primitives take no lock: they are for a
 * stopped world, or for lists nobody else can see.
 */
#ifndef RCO_GC_H
#define RCO_GC_H

#include "types/traverse.h"
#include "types/weakref.h"

#include <stdio.h>

#define GEN_COUNT RCO__GENERATIONS
#define OLDEST (GEN_COUNT - 1)

typedef struct rco__gc_callback_entry {
    rco_gc_callback fn;
    void *arg;
} rco__gc_callback_entry;

typedef struct rco__gc_state {
    bool enabled;             /* atomic */
    bool tearing_down;        /* rco_shutdown: no collection */
    uint16_t collector;       /* the thread index collecting now, or 0 (atomic) */
    unsigned debug;           /* atomic */
    FILE *debug_stream;       /* atomic */
    rco_object *garbage;      /* list, created on first need (under config_lock) */
    /* Under the collection lock: */
    ssize_t long_lived_total;
    ssize_t long_lived_pending;
    int counts[GEN_COUNT];    /* [1], [2]: collections of the younger one since
                                 this one's last (generation 0's is per thread) */
    /* Under config_lock: */
    rco_gc_stats stats[GEN_COUNT];
    rco__gc_callback_entry *callbacks;
    size_t ncallbacks;
    size_t callbacks_capacity;
} rco__gc_state;

/* For what the gc module's setters and getters share with collections
 * (statistics, callbacks, the garbage list); never held across user code. */
RCO__HIDDEN void rco__gc_config_lock(void);
RCO__HIDDEN void rco__gc_config_unlock(void);

/* Every thread's lists (the world stopped, or one thread left). A thread
 * making its first lists publishes them even while the world is stopped
 * (outside a critical section): acquire, to see them initialised. */
#define RCO__FOR_EACH_LISTS(l)                                                                    \
    for (uint16_t l##_i = 0, l##_n = rco__thread_high_water(); l##_i <= l##_n; l##_i++)          \
        for (rco__gc_lists *l = __atomic_load_n(&rco__gc_lists_of[l##_i], __ATOMIC_ACQUIRE); l; l = NULL)

extern rco__gc_state rco__gc RCO__HIDDEN;

/* A collection of generation (0..OLDEST) with the gc callbacks around it.
 * 0 at once when this thread is collecting already (a finalizer asking),
 * or when automatic and another thread is collecting; else it waits for
 * the other thread's collection, then collects. */
RCO__HIDDEN ssize_t rco__gc_collect_now(int generation, bool automatic);
/* Is this thread running a collection (then it may be inside a finalizer
 * or callback the collection runs)? */
RCO__HIDDEN bool rco__gc_collecting_here(void);
/* The list of uncollectable objects, created on first need (NULL if that
 * fails). */
RCO__HIDDEN rco_object *rco__gc_garbage_list(void);
/* Where "gc: ..." debug lines go. */
RCO__HIDDEN FILE *rco__gc_debug_stream(void);
/* The last collection, then every remaining reference between tracked
 * objects broken, so that what C code does not hold is freed (rco_shutdown). */
RCO__HIDDEN void rco__gc_shutdown(void);
/* Every tracked object, with the world stopped (fn must not free objects,
 * nor run user code). */
RCO__HIDDEN void rco__gc_for_each_tracked(void (*fn)(rco_object *, void *), void *arg);

/* ---- list primitives -------------------------------------------------- */

static inline rco__gc_head *gc_next(const rco__gc_head *g)
{
    return rco__gc_next(g);
}
static inline rco__gc_head *gc_prev(const rco__gc_head *g)
{
    return rco__gc_unhide(g->prev);
}
static inline void set_prev(rco__gc_head *g, rco__gc_head *p)
{
    g->prev = (g->prev & RCO__GC_FLAGS) | rco__gc_hide(p);
}

static inline void list_init(rco__gc_head *list)
{
    list->next = list->prev = rco__gc_hide(list);
}

static inline bool list_is_empty(const rco__gc_head *list)
{
    return gc_next(list) == list;
}

/* The list functions keep each node's generation bits: moving an object to
 * another generation's list also needs set_generation. */
static inline void list_append(rco__gc_head *node, rco__gc_head *list)
{
    rco__gc_head *last = gc_prev(list);
    set_prev(node, last);
    rco__gc_set_next(last, node);
    rco__gc_set_next(node, list);
    set_prev(list, node);
}

static inline void list_unlink(rco__gc_head *node)
{
    rco__gc_head *prev = gc_prev(node), *next = gc_next(node);
    rco__gc_set_next(prev, next);
    set_prev(next, prev);
}

static inline void list_move(rco__gc_head *node, rco__gc_head *list)
{
    list_unlink(node);
    list_append(node, list);
}

static inline void list_merge(rco__gc_head *from, rco__gc_head *to)
{
    if (!list_is_empty(from)) {
        rco__gc_head *tail = gc_prev(to);
        rco__gc_set_next(tail, gc_next(from));
        set_prev(gc_next(from), tail);
        to->prev = from->prev;
        rco__gc_set_next(gc_prev(from), to);
    }
    list_init(from);
}

static inline ssize_t list_size(const rco__gc_head *list)
{
    ssize_t n = 0;
    for (const rco__gc_head *g = gc_next(list); g != list; g = gc_next(g))
        n++;
    return n;
}

static inline unsigned generation_of(const rco__gc_head *g)
{
    return (unsigned)((g->next & RCO__GC_GEN_BITS) >> RCO__GC_GEN_SHIFT);
}

static inline void set_generation(rco__gc_head *g, unsigned gen)
{
    g->next = (g->next & ~RCO__GC_GEN_BITS) | ((uintptr_t)gen << RCO__GC_GEN_SHIFT);
}

/* Move every object of from onto generation gen's list. */
static inline void merge_into(rco__gc_head *from, rco__gc_head *to, unsigned gen)
{
    for (rco__gc_head *g = gc_next(from); g != from; g = gc_next(g))
        set_generation(g, gen);
    list_merge(from, to);
}

static inline void move_into(rco__gc_head *g, rco__gc_head *to, unsigned gen)
{
    list_move(g, to);
    set_generation(g, gen);
}

static inline bool is_collecting(const rco__gc_head *g)
{
    return g->prev & RCO__GC_COLLECTING;
}

static inline uintptr_t get_refs(const rco__gc_head *g)
{
    return g->prev >> RCO__GC_REFS_SHIFT;
}

static inline void set_refs(rco__gc_head *g, uintptr_t refs)
{
    g->prev = (g->prev & RCO__GC_FLAGS) | (refs << RCO__GC_REFS_SHIFT);
}

/* The one thread whose lists the objects being collected came from, or
 * NULL when they came from several (collect.c). With one, every object
 * goes back to it: lists are joined whole instead of object by object. */
extern rco__gc_lists *rco__gc_sole_owner RCO__HIDDEN;

/* Move every object of from onto its owner's list of generation gen; the
 * caller has set their generation bits to gen already (each pass over the
 * objects is a pass over memory that a big collection pays in cache
 * misses: the bits are set in a pass the caller makes anyway). */
static inline void distribute_to_owners(rco__gc_head *from, unsigned gen)
{
    rco__gc_lists *sole = rco__gc_sole_owner;
    if (sole) {
        list_merge(from, gen == RCO__GC_PERMANENT ? &sole->permanent : &sole->generations[gen]);
        return;
    }
    while (!list_is_empty(from)) {
        rco__gc_head *g = gc_next(from);
        rco__gc_lists *l = rco__gc_lists_owning(rco__obj_of_gc(g));
        rco__gc_head *to = gen == RCO__GC_PERMANENT ? &l->permanent : &l->generations[gen];
        move_into(g, to, gen);
    }
}

/* Take every thread's list of generation gen (or the permanent ones) onto
 * one list; the lists it took from are counted into *sources (and the
 * last one named in *source). */
static inline void gather_generation(rco__gc_head *into, unsigned gen, int *sources, rco__gc_lists **source)
{
    RCO__FOR_EACH_LISTS(l)
    {
        rco__gc_head *list = gen == RCO__GC_PERMANENT ? &l->permanent : &l->generations[gen];
        if (list_is_empty(list))
            continue;
        list_merge(list, into);
        if (*source != l) {
            (*sources)++;
            *source = l;
        }
    }
}

#endif
