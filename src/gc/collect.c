/*
 * gc/collect.c: the cycle collector, after CPython 3.11, run across
 * threads as CPython 3.13's free-threaded build runs it (the public gc
 * module that drives it is module.c).
 *
 * Reference counting frees everything except cycles. Objects that can hold
 * references (types with RCO_TYPE_GC) carry a gc head and, while tracked,
 * sit on exactly one of their owner thread's lists (object/object.h):
 *
 *   generations[0..2]  young to old. New objects join generation 0; the
 *                      survivors of a collection of generation n move to
 *                      n + 1 (the oldest keeps its own).
 *   permanent          rco_gc_freeze: never examined.
 *   during a collection, also the collector's temporary lists below.
 *
 * An object's next is 0 exactly when it is untracked; bits 1-2 of next are
 * the generation of the list it is on (every move to a generation list
 * sets them: set_generation, merge_into, move_into). The low bits of prev
 * hold RCO__GC_COLLECTING (it is in the set being examined; clear outside
 * the stopped phases).
 *
 * A collection of generation g (which takes in the younger ones). First,
 * with the world stopped (core/thread.h: no other thread is in a critical
 * section, so no container, list or weakref changes; counts may still
 * move, only ever erring towards "referenced"):
 *   1. every thread's lists of generations 0..g are gathered into one;
 *      count_outside_refs: copy each count into gc_refs (stored in prev
 *      above the flags, so prev is not a pointer in this phase) and
 *      subtract every reference that comes from inside the set (through
 *      traverse), in one pass: the set is the tracked objects whose
 *      generation bits are at most g, marked COLLECTING when first met. An
 *      object with count 0 is being destroyed by a thread that will untrack
 *      it once the world restarts: it counts as referenced from outside.
 *      move_unreachable: everything still referenced from outside, and
 *      all it reaches, is reachable; the rest moves to `unreachable`
 *      (marked by bit 0 of next, RCO__GC_NEXT_UNREACHABLE, until step 3).
 *      prev is a pointer again when this returns.
 *   2. survivors go back to their owners' lists, one generation older (in
 *      full collections, dicts that hold only atomic values are untracked;
 *      tuples are tracked only once they hold a container, see
 *      rco__tuple_fill);
 *   3. objects with a legacy_del, and all they reach, move to `legacy`:
 *      they are uncollectable (Python 2 semantics) and go to
 *      rco_gc_garbage();
 *   4. weakrefs to the garbage are cleared, so that no thread can reach
 *      it any more; those that are not garbage themselves and have a
 *      callback are kept, with a reference, for step 5;
 *   then the garbage is held (one reference each, in an array) and goes
 *   back onto its owners' lists, and the world starts again. User code
 *   runs from here on, on this thread, while the others run too:
 *   5. the kept weakrefs' callbacks run;
 *   6. finalize runs once on each garbage object that has one;
 *   7. if user code ran, the world stops again: reachability is computed
 *      among the garbage (its references from the array not counted),
 *      and whatever a callback or finalizer made reachable, with all it
 *      reaches, is resurrected; weakrefs the finalizers made to what is
 *      still garbage are cleared (CPython's gh-91636); the world starts;
 *   8. the rest is broken with each type's clear (or kept in the garbage
 *      list under RCO_GC_DEBUG_SAVEALL) and the array's references are
 *      released, which frees it; then the callbacks of the weakrefs
 *      cleared in step 7 run.
 * Steps 5-7 run only when the garbage needs them (a weakref to it or among
 * it, a finalizer not yet run): plain cycles go from step 4 to step 8.
 */
#include "gc/gc.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

rco__gc_state rco__gc = { .enabled = true };
rco__gc_lists *rco__gc_sole_owner;

/* One collection at a time. A thread waiting here is in no critical
 * section, so the collector can stop the world without it. */
static pthread_mutex_t collection_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;

void rco__gc_config_lock(void)
{
    rco__mutex_lock(&config_lock);
}

void rco__gc_config_unlock(void)
{
    rco__mutex_unlock(&config_lock);
}

static rco__gc_state *state(void)
{
    return &rco__gc;
}

/* ---- reachability ---------------------------------------------------- */

/* Mark o COLLECTING with gc_refs = its count less `held` references the
 * collector holds itself (prev holds no pointer now). A count of zero
 * (an object another thread is destroying) counts as one reference from
 * outside: that thread will untrack it. */
static inline void start_refs(rco__gc_head *g, const rco_object *o, intptr_t held)
{
    intptr_t count = rco__count(o);
    uintptr_t refs = count == 0 ? 1 : (uintptr_t)(count - held);
    g->prev = RCO__GC_COLLECTING | (refs << RCO__GC_REFS_SHIFT);
}

static inline int visit_decref(rco_object *child, void *unused)
{
    (void)unused;
    if (rco__has_gc_head(child)) {
        rco__gc_head *g = rco__gc_of(child);
        if (is_collecting(g))
            g->prev -= (uintptr_t)1 << RCO__GC_REFS_SHIFT;
    }
    return 0;
}

/* In a collection of generation *gen_limit, the set examined is every
 * tracked object of that generation or a younger one; its members start
 * their gc_refs when first met, as a child or in the scan. */
static inline int visit_decref_young(rco_object *child, void *gen_limit)
{
    if (rco__has_gc_head(child)) {
        rco__gc_head *g = rco__gc_of(child);
        if (!is_collecting(g)) {
            if (!g->next || generation_of(g) > *(const unsigned *)gen_limit)
                return 0; /* untracked, or older than the collection */
            start_refs(g, child, 0);
        }
        g->prev -= (uintptr_t)1 << RCO__GC_REFS_SHIFT;
    }
    return 0;
}

/* gc_refs = count minus the references from inside the set, for every
 * object of young: what is left comes from outside. One pass: objects are
 * marked as they are first met. */
static void count_outside_refs(rco__gc_head *young, unsigned gen)
{
    for (rco__gc_head *g = gc_next(young); g != young; g = gc_next(g)) {
        rco_object *o = rco__obj_of_gc(g);
        if (!is_collecting(g))
            start_refs(g, o, 0);
        rco__traverse(o, visit_decref_young, &gen);
    }
}

/* The same for a set that is not a generation (the garbage, checked again
 * after finalizers ran, each member held once by the collector): marked
 * in a first pass. */
static void count_outside_refs_of_list(rco__gc_head *set)
{
    for (rco__gc_head *g = gc_next(set); g != set; g = gc_next(g))
        start_refs(g, rco__obj_of_gc(g), 1);
    for (rco__gc_head *g = gc_next(set); g != set; g = gc_next(g))
        rco__traverse(rco__obj_of_gc(g), visit_decref, NULL);
}

static inline int visit_reachable(rco_object *child, void *young_list)
{
    if (!rco__has_gc_head(child))
        return 0;
    rco__gc_head *g = rco__gc_of(child);
    if (!is_collecting(g))
        return 0; /* another generation, or already scanned */
    if (g->next & RCO__GC_NEXT_UNREACHABLE) {
        /* Moved to unreachable too early: unlink it by hand (the marks make
         * the list functions unusable there) and put it back in young. */
        rco__gc_head *prev = gc_prev(g);
        rco__gc_head *next = gc_next(g);
        prev->next = g->next;
        set_prev(next, prev);
        list_append(g, young_list);
        g->next &= ~RCO__GC_NEXT_UNREACHABLE; /* list_append keeps a node's bits */
        set_refs(g, 1);
    } else if (get_refs(g) == 0) {
        set_refs(g, 1); /* not scanned yet: the scan will see it is reachable */
    }
    return 0;
}

/* Scan young left to right: an object with gc_refs > 0 is reachable; it
 * marks what it refers to reachable (possibly pulling objects back from
 * unreachable to the end of young), and joins generation new_gen. An
 * object with gc_refs == 0 moves to unreachable, tentatively. prev pointers
 * of young are rebuilt as the scan passes, since gc_refs occupied them.
 * With untrack_dicts (full collections only: CPython issue #14775),
 * reachable dicts holding only atomic values leave the list as they are
 * passed. Returns how many objects stay in young. */
static ssize_t move_unreachable(rco__gc_head *young, rco__gc_head *unreachable, unsigned new_gen,
                                bool untrack_dicts)
{
    ssize_t kept = 0;
    rco__gc_head *prev = young;
    rco__gc_head *g = gc_next(young);
    list_init(unreachable);
    while (g != young) {
        if (get_refs(g)) {
            rco_object *o = rco__obj_of_gc(g);
            rco__traverse(o, visit_reachable, young);
            if (untrack_dicts && o->type->kind == RCO__KIND_DICT && rco__dict_holds_only_atoms(o)) {
                rco__gc_set_next(prev, gc_next(g));
                g->next = 0;
                g->prev = 0;
            } else {
                /* One store: prev is a pointer again, COLLECTING is clear. */
                g->prev = rco__gc_hide(prev);
                set_generation(g, new_gen);
                prev = g;
                kept++;
            }
        } else {
            rco__gc_set_next(prev, gc_next(g));
            rco__gc_head *last = gc_prev(unreachable);
            last->next = RCO__GC_NEXT_UNREACHABLE | rco__gc_hide(g);
            set_prev(g, last);
            g->next = RCO__GC_NEXT_UNREACHABLE | rco__gc_hide(unreachable);
            unreachable->prev = rco__gc_hide(g);
        }
        g = gc_next(prev);
    }
    young->prev = rco__gc_hide(prev);
    unreachable->next &= ~RCO__GC_NEXT_UNREACHABLE;
    return kept;
}

static void clear_unreachable_marks(rco__gc_head *unreachable)
{
    for (rco__gc_head *g = gc_next(unreachable); g != unreachable; g = gc_next(g))
        g->next &= ~RCO__GC_NEXT_UNREACHABLE;
}

/* ---- legacy finalizers ---------------------------------------------- */

/* What the garbage needs beyond being cleared, found on the way through it,
 * so that a collection of plain cycles skips the passes for the rest. */
typedef struct garbage_needs {
    ssize_t count;     /* objects left in unreachable */
    bool finalizers;   /* some have a finalize that has not run */
    bool weakrefs;     /* some are weakly referenced, or are weakrefs */
} garbage_needs;

/* Clears the unreachable marks, so unreachable is a normal list after. */
static garbage_needs move_legacy_finalizers(rco__gc_head *unreachable, rco__gc_head *legacy)
{
    garbage_needs needs = { 0, false, false };
    rco__gc_head *g = gc_next(unreachable);
    while (g != unreachable) {
        g->next &= ~RCO__GC_NEXT_UNREACHABLE;
        rco__gc_head *next = gc_next(g);
        const rco_type *t = rco__obj_of_gc(g)->type;
        if (t->legacy_del) {
            g->prev &= ~RCO__GC_COLLECTING;
            list_move(g, legacy);
        } else {
            needs.count++;
            rco_object *o = rco__obj_of_gc(g);
            needs.finalizers |= t->finalize && !rco__flag(o, RCO__FLAG_FINALIZED);
            needs.weakrefs |= rco__flag(o, RCO__FLAG_WEAKREFS) || t->kind == RCO__KIND_WEAKREF;
        }
        g = next;
    }
    return needs;
}

typedef struct move_visit {
    rco__gc_head *to;
    ssize_t moved;
} move_visit;

static int visit_move(rco_object *child, void *arg)
{
    move_visit *m = arg;
    if (rco__has_gc_head(child)) {
        rco__gc_head *g = rco__gc_of(child);
        if (is_collecting(g)) {
            list_move(g, m->to);
            g->prev &= ~RCO__GC_COLLECTING;
            m->moved++;
        }
    }
    return 0;
}

/* Everything the legacy objects reach is uncollectable too; the list grows
 * while it is walked. Returns how many objects came from unreachable. */
static ssize_t move_legacy_finalizer_reachable(rco__gc_head *legacy)
{
    move_visit m = { legacy, 0 };
    for (rco__gc_head *g = gc_next(legacy); g != legacy; g = gc_next(g))
        rco__traverse(rco__obj_of_gc(g), visit_move, &m);
    return m.moved;
}

/* ---- debug output ---------------------------------------------------- */

FILE *rco__gc_debug_stream(void)
{
    FILE *f = __atomic_load_n(&state()->debug_stream, __ATOMIC_RELAXED);
    return f ? f : stderr;
}

static unsigned debug_flags(void)
{
    return __atomic_load_n(&state()->debug, __ATOMIC_RELAXED);
}

static void debug_cycle(const char *what, rco_object *o)
{
    fprintf(rco__gc_debug_stream(), "gc: %s <%s %p>\n", what, o->type->name, (void *)o);
}

static void debug_list(const char *what, rco__gc_head *list)
{
    for (rco__gc_head *g = gc_next(list); g != list; g = gc_next(g))
        debug_cycle(what, rco__obj_of_gc(g));
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The world stopped. */
static void show_generations(void)
{
    FILE *f = rco__gc_debug_stream();
    ssize_t sizes[GEN_COUNT] = { 0 }, frozen = 0;
    RCO__FOR_EACH_LISTS(l)
    {
        for (int i = 0; i < GEN_COUNT; i++)
            sizes[i] += list_size(&l->generations[i]);
        frozen += list_size(&l->permanent);
    }
    fprintf(f, "gc: objects in each generation:");
    for (int i = 0; i < GEN_COUNT; i++)
        fprintf(f, " %zd", sizes[i]);
    fprintf(f, "\ngc: objects in permanent generation: %zd\n", frozen);
}

/* ---- what the collector holds while the world runs --------------------- */

/* Objects the collector holds a reference to, in the system allocator's
 * memory (not subject to rco_debug_fail_alloc: a collection does not fail
 * halfway because a test injects failures). */
typedef struct held {
    rco_object **items;
    size_t n, cap;
    bool failed; /* out of memory: some could not be held */
} held;

static bool held_push(held *h, rco_object *o)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        rco_object **grown = realloc(h->items, cap * sizeof *grown);
        if (!grown) {
            h->failed = true;
            return false;
        }
        h->items = grown;
        h->cap = cap;
    }
    h->items[h->n++] = o;
    return true;
}

/* Room for n more, so that pushing them cannot fail. */
static bool held_reserve(held *h, size_t n)
{
    if (h->cap - h->n >= n)
        return true;
    rco_object **grown = realloc(h->items, (h->n + n) * sizeof *grown);
    if (!grown)
        return false;
    h->items = grown;
    h->cap = h->n + n;
    return true;
}

static void held_free(held *h)
{
    free(h->items);
    *h = (held){ NULL, 0, 0, false };
}

/* ---- weakrefs, finalizers, clearing ----------------------------------- */

static void keep_if_reachable(rco__weakref *wr, void *callbacks)
{
    rco__gc_head *g = rco__gc_of(&wr->ob);
    if (is_collecting(g))
        return; /* the weakref is garbage too: its callback must not run */
    if (rco__count_try_incref(&wr->ob) && !held_push(callbacks, &wr->ob))
        rco__count_drop(&wr->ob); /* out of memory: no callback (never the last reference: it is alive) */
}

/* Clear the weakrefs to the garbage and those that are garbage (world
 * stopped); the reachable weakrefs with a callback are held in
 * `callbacks`, to be called once nothing can reach the garbage through
 * them. */
static void clear_weakrefs(rco__gc_head *garbage, held *callbacks)
{
    for (rco__gc_head *g = gc_next(garbage); g != garbage; g = gc_next(g)) {
        rco_object *o = rco__obj_of_gc(g);
        if (o->type->kind == RCO__KIND_WEAKREF)
            o->type->clear(o);
        if (rco__flag(o, RCO__FLAG_WEAKREFS))
            rco__weakref_detach_all(o, keep_if_reachable, callbacks);
    }
}

/* Run the held weakrefs' callbacks and let the weakrefs go; returns how
 * many died by their own callback (as far as the collector can tell:
 * exactly, when no other thread holds them). */
static ssize_t run_weakref_callbacks(held *callbacks)
{
    ssize_t freed = 0;
    for (size_t i = 0; i < callbacks->n; i++) {
        rco__weakref *wr = (rco__weakref *)callbacks->items[i];
        rco__weakref_run_callback(wr);
        if (rco__count(&wr->ob) == 1)
            freed++;
        RCO__DECREF(wr);
    }
    held_free(callbacks);
    return freed;
}

static void finalize_garbage(held *garbage)
{
    for (size_t i = 0; i < garbage->n; i++) {
        rco_object *o = garbage->items[i];
        if (o->type->finalize && !rco__flag(o, RCO__FLAG_FINALIZED)) {
            rco__flag_set(o, RCO__FLAG_FINALIZED);
            rco__call_finalizer(o->type->finalize, o);
        }
    }
}

/* Hold each object of the garbage list (room reserved) and clear its
 * COLLECTING mark; on return the list is empty again, its objects on their
 * owners' lists of generation gen (world stopped). */
static void hold_garbage(rco__gc_head *garbage, held *into, unsigned gen)
{
    for (rco__gc_head *g = gc_next(garbage); g != garbage; g = gc_next(g)) {
        rco_object *o = rco__obj_of_gc(g);
        held_push(into, o);
        RCO__INCREF(o);
        g->prev &= ~RCO__GC_COLLECTING;
        set_generation(g, gen);
    }
    distribute_to_owners(garbage, gen);
}

/* Out of memory for holding the garbage: it survives, to the next
 * collection (world stopped). */
static void let_garbage_survive(rco__gc_head *garbage, unsigned gen)
{
    for (rco__gc_head *g = gc_next(garbage); g != garbage; g = gc_next(g)) {
        g->prev &= ~RCO__GC_COLLECTING;
        set_generation(g, gen);
    }
    distribute_to_owners(garbage, gen);
}

/* After user code ran (world stopped): what it made reachable again
 * survives, with all it reaches, and its reference from the array is
 * moved to `resurrected` (released once the world runs); what is still
 * garbage stays in the array, its new weakrefs cleared into callbacks. */
static void handle_resurrected(held *garbage, held *resurrected, held *callbacks, unsigned gen)
{
    rco__gc_head set, still;
    list_init(&set);
    for (size_t i = 0; i < garbage->n; i++) {
        rco__gc_head *g = rco__gc_of(garbage->items[i]);
        if (g->next) /* one that got untracked is no longer a candidate */
            move_into(g, &set, 0);
    }
    count_outside_refs_of_list(&set);
    move_unreachable(&set, &still, gen, false);
    clear_unreachable_marks(&still);
    clear_weakrefs(&still, callbacks);
    size_t kept = 0;
    for (size_t i = 0; i < garbage->n; i++) {
        rco_object *o = garbage->items[i];
        if (is_collecting(rco__gc_of(o)))
            garbage->items[kept++] = o;
        else
            held_push(resurrected, o); /* room reserved */
    }
    garbage->n = kept;
    for (rco__gc_head *g = gc_next(&still); g != &still; g = gc_next(g)) {
        g->prev &= ~RCO__GC_COLLECTING;
        set_generation(g, gen);
    }
    distribute_to_owners(&set, gen);
    distribute_to_owners(&still, gen);
}

static void release_all(held *h)
{
    for (size_t i = 0; i < h->n; i++)
        RCO__DECREF(h->items[i]);
    held_free(h);
}

rco_object *rco__gc_garbage_list(void)
{
    rco__gc_config_lock();
    if (!state()->garbage)
        state()->garbage = rco__list_new(0);
    rco_object *garbage = state()->garbage;
    rco__gc_config_unlock();
    return garbage;
}

static void save_garbage(rco_object *o)
{
    rco_object *garbage = rco__gc_garbage_list();
    if (!garbage || rco__list_append(garbage, o) < 0)
        rco_err_clear(); /* out of memory: the object stays alive, unlisted */
}

/* Each object cleared, then let go (one pass: the clears of those before
 * it have broken their references to it, so it is freed now unless
 * others remain). */
static void delete_garbage(held *garbage)
{
    bool save_all = debug_flags() & RCO_GC_DEBUG_SAVEALL;
    for (size_t i = 0; i < garbage->n; i++) {
        rco_object *o = garbage->items[i];
        if (save_all)
            save_garbage(o);
        else if (o->type->clear)
            o->type->clear(o);
        RCO__DECREF(o);
    }
    held_free(garbage);
}

/* The uncollectable objects, saved to the garbage list; the list is empty
 * after, its objects on their owners' lists. World stopped. */
static ssize_t handle_legacy_finalizers(rco__gc_head *legacy, unsigned gen)
{
    ssize_t n = 0;
    bool save_all = debug_flags() & RCO_GC_DEBUG_SAVEALL;
    for (rco__gc_head *g = gc_next(legacy); g != legacy; g = gc_next(g)) {
        rco_object *o = rco__obj_of_gc(g);
        n++;
        set_generation(g, gen);
        if (debug_flags() & RCO_GC_DEBUG_UNCOLLECTABLE)
            debug_cycle("uncollectable", o);
        if (save_all || o->type->legacy_del)
            save_garbage(o);
    }
    distribute_to_owners(legacy, gen);
    return n;
}

/* ---- a collection ---------------------------------------------------- */

static ssize_t collect(int generation, ssize_t *collected_out, ssize_t *uncollectable_out)
{
    rco__gc_state *gc = state();
    double started = 0;
    unsigned gen = generation < OLDEST ? (unsigned)generation + 1 : OLDEST;

    rco__stop_the_world();
    if (debug_flags() & RCO_GC_DEBUG_STATS) {
        fprintf(rco__gc_debug_stream(), "gc: collecting generation %d...\n", generation);
        show_generations();
        started = now_seconds();
    }
    if (generation + 1 < GEN_COUNT)
        __atomic_store_n(&gc->counts[generation + 1], gc->counts[generation + 1] + 1, __ATOMIC_RELAXED);
    for (int i = 1; i <= generation; i++)
        __atomic_store_n(&gc->counts[i], 0, __ATOMIC_RELAXED);
    RCO__FOR_EACH_LISTS(l)
    {
        __atomic_store_n(&l->young, 0, __ATOMIC_RELAXED);
    }

    rco__gc_head young, unreachable, legacy;
    list_init(&young);
    int sources = 0;
    rco__gc_lists *source = NULL;
    for (int i = 0; i <= generation; i++)
        gather_generation(&young, (unsigned)i, &sources, &source);
    /* Until the last distribution (whoever resurrects an object, its owner
     * stays the same): */
    rco__gc_sole_owner = sources == 1 ? source : NULL;
    count_outside_refs(&young, (unsigned)generation);
    ssize_t survivors = move_unreachable(&young, &unreachable, gen, generation == OLDEST);
    distribute_to_owners(&young, gen);
    if (generation == OLDEST) {
        __atomic_store_n(&gc->long_lived_total, survivors, __ATOMIC_RELAXED);
        __atomic_store_n(&gc->long_lived_pending, 0, __ATOMIC_RELAXED);
    } else if (generation == OLDEST - 1) {
        __atomic_store_n(&gc->long_lived_pending, gc->long_lived_pending + survivors, __ATOMIC_RELAXED);
    }

    list_init(&legacy);
    garbage_needs needs = move_legacy_finalizers(&unreachable, &legacy);
    needs.count -= move_legacy_finalizer_reachable(&legacy);
    if (debug_flags() & RCO_GC_DEBUG_COLLECTABLE)
        debug_list("collectable", &unreachable);

    held callbacks = { NULL, 0, 0, false }, late_callbacks = { NULL, 0, 0, false };
    held garbage = { NULL, 0, 0, false }, resurrected = { NULL, 0, 0, false };
    bool holding = held_reserve(&garbage, (size_t)needs.count); /* what unreachable holds */
    if (holding) {
        if (needs.weakrefs)
            clear_weakrefs(&unreachable, &callbacks);
        hold_garbage(&unreachable, &garbage, gen);
    } else {
        let_garbage_survive(&unreachable, gen);
    }
    ssize_t uncollectable = handle_legacy_finalizers(&legacy, gen);
    rco__start_the_world();

    ssize_t collected = 0;
    bool user_code_ran = callbacks.n > 0;
    collected += run_weakref_callbacks(&callbacks);
    if (needs.finalizers) {
        finalize_garbage(&garbage);
        user_code_ran = true;
    }
    /* Only user code (a finalizer; a weakref callback holding a pointer in
     * its arg) can make garbage reachable again: without it, the garbage
     * found is the garbage to tear down. */
    if (user_code_ran) {
        if (held_reserve(&resurrected, garbage.n)) {
            rco__stop_the_world();
            handle_resurrected(&garbage, &resurrected, &late_callbacks, gen);
            rco__start_the_world();
            release_all(&resurrected);
        } else {
            release_all(&garbage); /* out of memory: survives, as above */
        }
    }
    collected += (ssize_t)garbage.n;
    delete_garbage(&garbage);
    collected += run_weakref_callbacks(&late_callbacks);

    if (debug_flags() & RCO_GC_DEBUG_STATS)
        fprintf(rco__gc_debug_stream(), "gc: done, %zd unreachable, %zd uncollectable, %.4fs elapsed\n",
                collected + uncollectable, uncollectable, now_seconds() - started);
    if (generation == OLDEST)
        rco__tuple_cache_clear(); /* as CPython empties its free lists */

    rco__gc_config_lock();
    rco_gc_stats *stats = &gc->stats[generation];
    stats->collections++;
    stats->collected += collected;
    stats->uncollectable += uncollectable;
    rco__gc_config_unlock();
    *collected_out = collected;
    *uncollectable_out = uncollectable;
    return collected + uncollectable;
}

/* The callbacks as they are now: one may add or remove callbacks. */
static void run_callbacks(const char *phase, const rco_gc_info *info)
{
    rco__gc_state *gc = state();
    rco__gc_config_lock();
    size_t n = gc->ncallbacks;
    rco__gc_callback_entry *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (copy)
        memcpy(copy, gc->callbacks, n * sizeof *copy);
    else
        n = 0;
    rco__gc_config_unlock();
    for (size_t i = 0; i < n; i++) {
        rco__err_saved saved;
        rco__err_save(&saved);
        rco__user_code_enter();
        copy[i].fn(phase, info, copy[i].arg);
        rco__user_code_leave();
        rco__err_restore(&saved);
    }
    free(copy);
}

/* A collection with the callbacks around it; the caller holds the
 * collection lock. The caller's error state is kept aside: a collection
 * can start inside any constructor, and finalizers must not see or
 * clobber the error. */
static ssize_t collect_with_callbacks(int generation)
{
    rco__err_saved saved;
    rco__err_save(&saved);
    rco_gc_info info = { generation, 0, 0 };
    run_callbacks("start", &info);
    ssize_t n = collect(generation, &info.collected, &info.uncollectable);
    run_callbacks("stop", &info);
    rco__err_restore(&saved);
    return n;
}

static int threshold(int gen)
{
    return __atomic_load_n(&rco__gc_threshold[gen], __ATOMIC_RELAXED);
}

/* The hook constructors call (object/object.h: rco__gc_maybe_collect),
 * when this thread's generation 0 is over its threshold. */
static void collect_young(void)
{
    rco__gc_state *gc = state();
    if (!__atomic_load_n(&gc->enabled, __ATOMIC_RELAXED) || threshold(0) == 0)
        return;
    if (__atomic_load_n(&gc->collector, __ATOMIC_RELAXED) != 0)
        return;
    int generation = 0;
    for (int i = OLDEST; i >= 1; i--) {
        if (__atomic_load_n(&gc->counts[i], __ATOMIC_RELAXED) <= threshold(i))
            continue;
        /* Full collections only once the objects waiting to join the oldest
         * generation are a quarter of it: keeps the total work linear. */
        if (i == OLDEST && __atomic_load_n(&gc->long_lived_pending, __ATOMIC_RELAXED) <
                               __atomic_load_n(&gc->long_lived_total, __ATOMIC_RELAXED) / 4)
            continue;
        generation = i;
        break;
    }
    rco__gc_collect_now(generation, true);
}

__attribute__((constructor)) static void install_hooks(void)
{
    rco__hook.collect_young = collect_young;
}

bool rco__gc_collecting_here(void)
{
    uint16_t me = rco__thread_index;
    return me != RCO__NO_THREAD && __atomic_load_n(&state()->collector, __ATOMIC_RELAXED) == me;
}

ssize_t rco__gc_collect_now(int generation, bool automatic)
{
    rco__gc_state *gc = state();
    uint16_t me = rco__thread_me();
    if (me == 0 || rco__gc_collecting_here() || gc->tearing_down)
        return 0;
    if (automatic) {
        if (pthread_mutex_trylock(&collection_lock) != 0)
            return 0;
    } else {
        pthread_mutex_lock(&collection_lock);
    }
    __atomic_store_n(&gc->collector, me, __ATOMIC_RELAXED);
    ssize_t n = collect_with_callbacks(generation);
    __atomic_store_n(&gc->collector, 0, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&collection_lock);
    return n;
}

void rco__gc_for_each_tracked(void (*fn)(rco_object *, void *), void *arg)
{
    RCO__FOR_EACH_LISTS(l)
    {
        for (int i = 0; i < GEN_COUNT; i++)
            for (rco__gc_head *g = gc_next(&l->generations[i]); g != &l->generations[i]; g = gc_next(g))
                fn(rco__obj_of_gc(g), arg);
        for (rco__gc_head *g = gc_next(&l->permanent); g != &l->permanent; g = gc_next(g))
            fn(rco__obj_of_gc(g), arg);
    }
}

/* ---- shutdown (one thread left: rco_shutdown's contract) --------------- */

/* Every tracked object, on one list. */
static void gather_everything(rco__gc_head *all)
{
    int sources = 0;
    rco__gc_lists *source = NULL;
    for (unsigned i = 0; i < GEN_COUNT; i++)
        gather_generation(all, i, &sources, &source);
    gather_generation(all, RCO__GC_PERMANENT, &sources, &source);
    rco__gc_sole_owner = NULL; /* finalizers may make objects of other owners */
}

/* Run each finalize that has not run yet, on every tracked object, before
 * anything is cleared: PEP 442's promise (a finalizer sees its object
 * whole) holds at shutdown too. Repeats while finalizers make objects with
 * finalizers of their own. */
static void finalize_everything(void)
{
    for (int round = 0; round < 8; round++) {
        rco__gc_head all, done;
        list_init(&all);
        list_init(&done);
        gather_everything(&all);
        bool ran = false;
        while (!list_is_empty(&all)) {
            rco__gc_head *g = gc_next(&all);
            rco_object *o = rco__obj_of_gc(g);
            list_move(g, &done);
            if (o->type->finalize && !rco__flag(o, RCO__FLAG_FINALIZED)) {
                rco__flag_set(o, RCO__FLAG_FINALIZED);
                ran = true;
                RCO__INCREF(o);
                rco__call_finalizer(o->type->finalize, o);
                RCO__DECREF(o);
            }
        }
        distribute_to_owners(&done, OLDEST);
        if (!ran)
            break;
    }
}

/* Break every remaining reference between tracked objects, so that what is
 * not held by C code is freed through the types' dealloc (releasing what
 * user types hold outside rco). Repeats while finalizers create more. */
static void clear_everything(void)
{
    rco__gc_head all, done;
    list_init(&done);
    for (int round = 0; round < 8; round++) {
        list_init(&all);
        gather_everything(&all);
        if (list_is_empty(&all))
            break;
        while (!list_is_empty(&all)) {
            rco__gc_head *g = gc_next(&all);
            rco_object *o = rco__obj_of_gc(g);
            if (o->type->clear) {
                RCO__INCREF(o);
                o->type->clear(o);
                RCO__DECREF(o);
            }
            if (gc_next(&all) == g)
                list_move(g, &done);
        }
    }
    distribute_to_owners(&done, OLDEST);
}

void rco__gc_shutdown(void)
{
    rco__gc_state *gc = state();
    if (rco__gc_collecting_here() || gc->tearing_down)
        return;
    rco__gc_collect_now(OLDEST, false);
    ssize_t left = gc->garbage ? (ssize_t)((rco__list *)gc->garbage)->size : 0;
    if (left > 0) {
        fprintf(rco__gc_debug_stream(), "gc: %zd uncollectable objects at shutdown", left);
        if (!(debug_flags() & RCO_GC_DEBUG_UNCOLLECTABLE))
            fprintf(rco__gc_debug_stream(),
                    "; use rco_gc_set_debug(RCO_GC_DEBUG_UNCOLLECTABLE) to list them");
        fputc('\n', rco__gc_debug_stream());
    }
    RCO__CLEAR(gc->garbage);
    gc->tearing_down = true; /* no collection while everything is torn down */
    finalize_everything();
    clear_everything();
    if (gc->callbacks)
        rco__free(gc->callbacks, gc->callbacks_capacity * sizeof(rco__gc_callback_entry));
    *gc = (rco__gc_state){ .enabled = true };
}
