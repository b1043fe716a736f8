/*
 * gc/collect.c: the cycle collector, after CPython 3.11 (the public gc
 * module that drives it is module.c).
 *
 * Reference counting frees everything except cycles. Objects that can hold
 * references (types with RCO_TYPE_GC) carry a gc head and, while tracked,
 * sit on exactly one of these circular lists:
 *
 *   generations[0..2]  young to old. New objects join generation 0; the
 *                      survivors of a collection of generation n move to
 *                      n + 1 (the oldest keeps its own).
 *   permanent          rco_gc_freeze: never examined.
 *   during a collection, also the temporary lists below.
 *
 * An object's next is 0 exactly when it is untracked; bits 1-2 of next are
 * the generation of the list it is on (every move to a generation list
 * sets them: set_generation, merge_into, move_into). The low bits of prev
 * hold RCO__GC_FINALIZED (its finalize ran), RCO__GC_WEAKREFS (weakrefs
 * point at it) and RCO__GC_COLLECTING (it is in the set being examined;
 * clear outside collections).
 *
 * A collection of generation g (which takes in the younger ones):
 *   1. count_outside_refs: copy each count into gc_refs (stored in prev
 *      above the flags, so prev is not a pointer in this phase) and
 *      subtract every reference that comes from inside the set (through
 *      traverse), in one pass: the set is the tracked objects whose
 *      generation bits are at most g, marked COLLECTING when first met.
 *      move_unreachable: everything still referenced from outside, and
 *      all it reaches, is reachable; the rest moves to `unreachable`
 *      (marked by bit 0 of next, RCO__GC_NEXT_UNREACHABLE, until step 3).
 *      prev is a pointer again when this returns.
 *   2. survivors move to the next generation (in full collections, dicts
 *      that hold only atomic values are untracked; tuples are tracked only
 *      once they hold a container, see rco__tuple_fill);
 *   3. objects with a legacy_del, and all they reach, move to `legacy`:
 *      they are uncollectable (Python 2 semantics) and go to
 *      rco_gc_garbage();
 *   4. weakrefs to the garbage are cleared; callbacks run only for weakrefs
 *      that are not garbage themselves;
 *   5. finalize runs once on each garbage object that has one;
 *   6. reachability is computed again among the garbage: whatever a
 *      finalizer made reachable, with all it reaches, is resurrected and
 *      survives;
 *   7. weakrefs the finalizers made to what is still garbage are cleared,
 *      so that no code can reach an object after its clear ran;
 *   8. the rest is broken with each type's clear (or kept in the garbage
 *      list under RCO_GC_DEBUG_SAVEALL) and freed by reference counting;
 *      then the callbacks of the weakrefs cleared in step 7 run.
 * Steps 4-7 run only when the garbage needs them (a weakref to it or among
 * it, a finalizer not yet run): plain cycles go from step 3 to step 8.
 * Objects still COLLECTING after step 1 are exactly the garbage; in steps
 * 4-8 user code runs and may free any object, which unlinks it from
 * whichever list holds it, so every loop below takes the list's first
 * element and moves it on.
 */
#include "gc/gc.h"

#include <time.h>

rco__gc_state rco__gc = { .enabled = true };

static rco__gc_state *state(void)
{
    return &rco__gc;
}

/* ---- reachability ---------------------------------------------------- */

/* Mark o COLLECTING with gc_refs = its count (prev holds no pointer now). */
static inline void start_refs(rco__gc_head *g, const rco_object *o)
{
    g->prev = (g->prev & (RCO__GC_FINALIZED | RCO__GC_WEAKREFS)) | RCO__GC_COLLECTING |
              ((uintptr_t)rco__count(o) << RCO__GC_REFS_SHIFT);
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
            start_refs(g, child);
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
            start_refs(g, o);
        rco__traverse(o, visit_decref_young, &gen);
    }
}

/* The same for a set that is not a generation (the garbage, checked again
 * after finalizers ran): marked in a first pass. */
static void count_outside_refs_of_list(rco__gc_head *set)
{
    for (rco__gc_head *g = gc_next(set); g != set; g = gc_next(g))
        start_refs(g, rco__obj_of_gc(g));
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
                g->prev &= RCO__GC_FINALIZED | RCO__GC_WEAKREFS;
            } else {
                /* One store: prev is a pointer again, COLLECTING is clear. */
                g->prev = (g->prev & (RCO__GC_FINALIZED | RCO__GC_WEAKREFS)) | (uintptr_t)prev;
                set_generation(g, new_gen);
                prev = g;
                kept++;
            }
        } else {
            rco__gc_set_next(prev, gc_next(g));
            rco__gc_head *last = gc_prev(unreachable);
            last->next = RCO__GC_NEXT_UNREACHABLE | (uintptr_t)g;
            set_prev(g, last);
            g->next = RCO__GC_NEXT_UNREACHABLE | (uintptr_t)unreachable;
            unreachable->prev = (uintptr_t)g;
        }
        g = gc_next(prev);
    }
    young->prev = (uintptr_t)prev;
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
            needs.finalizers |= t->finalize && !(g->prev & RCO__GC_FINALIZED);
            needs.weakrefs |= (g->prev & RCO__GC_WEAKREFS) || t->kind == RCO__KIND_WEAKREF;
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
    return state()->debug_stream ? state()->debug_stream : stderr;
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

static void show_generations(void)
{
    FILE *f = rco__gc_debug_stream();
    fprintf(f, "gc: objects in each generation:");
    for (int i = 0; i < GEN_COUNT; i++)
        fprintf(f, " %zd", list_size(gen_head(i)));
    fprintf(f, "\ngc: objects in permanent generation: %zd\n", list_size(&rco__gcl.permanent));
}

/* ---- weakrefs, finalizers, clearing ----------------------------------- */

static void keep_if_reachable(rco__weakref *wr, void *callbacks_list)
{
    rco__gc_head *g = rco__gc_of(&wr->ob);
    if (is_collecting(g))
        return; /* the weakref is garbage too: its callback must not run */
    RCO__INCREF(wr);
    list_move(g, callbacks_list);
}

/* Clear the weakrefs to the garbage and those that are garbage; the
 * reachable weakrefs with a callback move to `callbacks`, each holding a
 * reference, to be called once nothing can reach the garbage through them. */
static void clear_weakrefs(rco__gc_head *garbage, rco__gc_head *callbacks)
{
    for (rco__gc_head *g = gc_next(garbage); g != garbage; g = gc_next(g)) {
        rco_object *o = rco__obj_of_gc(g);
        if (o->type->kind == RCO__KIND_WEAKREF)
            o->type->clear(o);
        if (g->prev & RCO__GC_WEAKREFS)
            rco__weakref_detach_all(o, keep_if_reachable, callbacks);
    }
}

/* Returns how many of the weakrefs died by their own callback. */
static ssize_t run_weakref_callbacks(rco__gc_head *callbacks, rco__gc_head *old)
{
    ssize_t freed = 0;
    while (!list_is_empty(callbacks)) {
        rco__gc_head *g = gc_next(callbacks);
        rco__weakref *wr = (rco__weakref *)rco__obj_of_gc(g);
        rco__weakref_run_callback(wr);
        RCO__DECREF(wr);
        if (gc_next(callbacks) == g)
            move_into(g, old, generation_of_list(old)); /* still alive */
        else
            freed++;
    }
    return freed;
}

static void finalize_garbage(rco__gc_head *garbage)
{
    rco__gc_head seen;
    list_init(&seen);
    while (!list_is_empty(garbage)) {
        rco__gc_head *g = gc_next(garbage);
        rco_object *o = rco__obj_of_gc(g);
        list_move(g, &seen);
        if (o->type->finalize && !(g->prev & RCO__GC_FINALIZED)) {
            g->prev |= RCO__GC_FINALIZED;
            RCO__INCREF(o);
            rco__call_finalizer(o->type->finalize, o);
            RCO__DECREF(o);
        }
    }
    list_merge(&seen, garbage);
}

/* After finalizers ran: what they made reachable again survives, with all
 * it reaches; the rest goes to still_garbage. */
static void handle_resurrected(rco__gc_head *garbage, rco__gc_head *still_garbage, rco__gc_head *old)
{
    for (rco__gc_head *g = gc_next(garbage); g != garbage; g = gc_next(g))
        g->prev &= ~RCO__GC_COLLECTING;
    count_outside_refs_of_list(garbage);
    move_unreachable(garbage, still_garbage, generation_of_list(old), false);
    clear_unreachable_marks(still_garbage);
    list_merge(garbage, old);
}

rco_object *rco__gc_garbage_list(void)
{
    if (!state()->garbage)
        state()->garbage = rco__list_new(0);
    return state()->garbage;
}

static void save_garbage(rco_object *o)
{
    rco_object *garbage = rco__gc_garbage_list();
    if (!garbage || rco__list_append(garbage, o) < 0)
        rco_err_clear(); /* out of memory: the object stays alive, unlisted */
}

static void delete_garbage(rco__gc_head *garbage, rco__gc_head *old)
{
    while (!list_is_empty(garbage)) {
        rco__gc_head *g = gc_next(garbage);
        rco_object *o = rco__obj_of_gc(g);
        if (state()->debug & RCO_GC_DEBUG_SAVEALL) {
            save_garbage(o);
        } else if (o->type->clear) {
            RCO__INCREF(o);
            o->type->clear(o);
            RCO__DECREF(o);
        }
        if (gc_next(garbage) == g) {
            g->prev &= ~RCO__GC_COLLECTING;
            move_into(g, old, generation_of_list(old)); /* alive still: perhaps freed later */
        }
    }
}

static void handle_legacy_finalizers(rco__gc_head *legacy, rco__gc_head *old)
{
    for (rco__gc_head *g = gc_next(legacy); g != legacy; g = gc_next(g)) {
        rco_object *o = rco__obj_of_gc(g);
        if ((state()->debug & RCO_GC_DEBUG_SAVEALL) || o->type->legacy_del)
            save_garbage(o);
    }
    merge_into(legacy, old, generation_of_list(old));
}

/* ---- a collection ---------------------------------------------------- */

static ssize_t collect(int generation, ssize_t *collected_out, ssize_t *uncollectable_out)
{
    rco__gc_state *gc = state();
    double started = 0;
    if (gc->debug & RCO_GC_DEBUG_STATS) {
        fprintf(rco__gc_debug_stream(), "gc: collecting generation %d...\n", generation);
        show_generations();
        started = now_seconds();
    }
    if (generation + 1 < GEN_COUNT)
        rco__gcl.generations[generation + 1].count++;
    for (int i = 0; i <= generation; i++)
        rco__gcl.generations[i].count = 0;
    for (int i = 0; i < generation; i++)
        list_merge(gen_head(i), gen_head(generation));

    rco__gc_head *young = gen_head(generation);
    rco__gc_head *old = generation < OLDEST ? gen_head(generation + 1) : young;
    rco__gc_head unreachable, legacy, still_garbage;

    count_outside_refs(young, (unsigned)generation);
    ssize_t survivors = move_unreachable(young, &unreachable, generation_of_list(old), young == old);
    if (young != old) {
        if (generation == OLDEST - 1)
            gc->long_lived_pending += survivors;
        list_merge(young, old);
    } else {
        gc->long_lived_total = survivors;
        gc->long_lived_pending = 0;
    }

    list_init(&legacy);
    garbage_needs needs = move_legacy_finalizers(&unreachable, &legacy);
    needs.count -= move_legacy_finalizer_reachable(&legacy);
    if (gc->debug & RCO_GC_DEBUG_COLLECTABLE)
        debug_list("collectable", &unreachable);

    rco__gc_head callbacks, *garbage = &unreachable;
    list_init(&callbacks);
    ssize_t collected = 0;
    bool user_code_ran = false;
    if (needs.weakrefs) {
        clear_weakrefs(&unreachable, &callbacks);
        user_code_ran = !list_is_empty(&callbacks);
        collected += run_weakref_callbacks(&callbacks, old);
    }
    if (needs.finalizers) {
        finalize_garbage(&unreachable);
        user_code_ran = true;
    }
    /* Only user code (a finalizer; a weakref callback holding a pointer in
     * its arg) can make garbage reachable again: without it, the garbage
     * found is the garbage to tear down. */
    if (user_code_ran) {
        handle_resurrected(&unreachable, &still_garbage, old);
        /* Finalizers may have made new weakrefs to the garbage (CPython's
         * gh-91636): clear those too before anything is torn down, and
         * call their callbacks only when the garbage is gone. */
        clear_weakrefs(&still_garbage, &callbacks);
        garbage = &still_garbage;
        needs.count = list_size(garbage);
    }
    collected += needs.count;
    delete_garbage(garbage, old);
    collected += run_weakref_callbacks(&callbacks, old);

    ssize_t uncollectable = list_size(&legacy);
    if (gc->debug & RCO_GC_DEBUG_UNCOLLECTABLE)
        debug_list("uncollectable", &legacy);
    if (gc->debug & RCO_GC_DEBUG_STATS)
        fprintf(rco__gc_debug_stream(), "gc: done, %zd unreachable, %zd uncollectable, %.4fs elapsed\n",
                collected + uncollectable, uncollectable, now_seconds() - started);
    handle_legacy_finalizers(&legacy, old);

    if (generation == OLDEST)
        rco__tuple_cache_clear(); /* as CPython empties its free lists */

    rco_gc_stats *stats = &gc->stats[generation];
    stats->collections++;
    stats->collected += collected;
    stats->uncollectable += uncollectable;
    *collected_out = collected;
    *uncollectable_out = uncollectable;
    return collected + uncollectable;
}

static void run_callbacks(const char *phase, const rco_gc_info *info)
{
    rco__gc_state *gc = state();
    for (size_t i = 0; i < gc->ncallbacks; i++) {
        rco__err_saved saved;
        rco__err_save(&saved);
        rco__user_code_enter();
        gc->callbacks[i].fn(phase, info, gc->callbacks[i].arg);
        rco__user_code_leave();
        rco__err_restore(&saved);
    }
}

/* A collection with the callbacks around it; the caller set collecting.
 * The caller's error state is kept aside: a collection can start inside
 * any constructor, and finalizers must not see or clobber the error. */
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

/* The hook constructors call (object/object.h: rco__gc_maybe_collect). */
static void collect_young(void)
{
    rco__gc_state *gc = state();
    if (!gc->enabled || gc->collecting || rco__gcl.generations[0].threshold == 0)
        return;
    for (int i = OLDEST; i >= 0; i--) {
        if (rco__gcl.generations[i].count <= rco__gcl.generations[i].threshold)
            continue;
        /* Full collections only once the objects waiting to join the oldest
         * generation are a quarter of it: keeps the total work linear. */
        if (i == OLDEST && gc->long_lived_pending < gc->long_lived_total / 4)
            continue;
        rco__gc_collect_now(i);
        break;
    }
}

__attribute__((constructor)) static void install_hooks(void)
{
    rco__hook.collect_young = collect_young;
}

ssize_t rco__gc_collect_now(int generation)
{
    rco__gc_state *gc = state();
    if (gc->collecting)
        return 0;
    gc->collecting = true;
    ssize_t n = collect_with_callbacks(generation);
    gc->collecting = false;
    return n;
}

void rco__gc_for_each_tracked(void (*fn)(rco_object *, void *), void *arg)
{
    for (int i = 0; i < GEN_COUNT; i++)
        for (rco__gc_head *g = gc_next(gen_head(i)); g != gen_head(i); g = gc_next(g))
            fn(rco__obj_of_gc(g), arg);
    for (rco__gc_head *g = gc_next(&rco__gcl.permanent); g != &rco__gcl.permanent; g = gc_next(g))
        fn(rco__obj_of_gc(g), arg);
}

/* ---- shutdown -------------------------------------------------------- */

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
        for (int i = 0; i < GEN_COUNT; i++)
            list_merge(gen_head(i), &all);
        list_merge(&rco__gcl.permanent, &all);
        bool ran = false;
        while (!list_is_empty(&all)) {
            rco__gc_head *g = gc_next(&all);
            rco_object *o = rco__obj_of_gc(g);
            list_move(g, &done);
            if (o->type->finalize && !(g->prev & RCO__GC_FINALIZED)) {
                g->prev |= RCO__GC_FINALIZED;
                ran = true;
                RCO__INCREF(o);
                rco__call_finalizer(o->type->finalize, o);
                RCO__DECREF(o);
            }
        }
        merge_into(&done, gen_head(OLDEST), OLDEST);
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
        for (int i = 0; i < GEN_COUNT; i++)
            list_merge(gen_head(i), &all);
        list_merge(&rco__gcl.permanent, &all);
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
    merge_into(&done, gen_head(OLDEST), OLDEST);
}

void rco__gc_shutdown(void)
{
    rco__gc_state *gc = state();
    if (gc->collecting)
        return;
    gc->collecting = true;
    collect_with_callbacks(OLDEST);
    gc->collecting = false;
    ssize_t left = gc->garbage ? (ssize_t)((rco__list *)gc->garbage)->size : 0;
    if (left > 0) {
        fprintf(rco__gc_debug_stream(), "gc: %zd uncollectable objects at shutdown", left);
        if (!(gc->debug & RCO_GC_DEBUG_UNCOLLECTABLE))
            fprintf(rco__gc_debug_stream(),
                    "; use rco_gc_set_debug(RCO_GC_DEBUG_UNCOLLECTABLE) to list them");
        fputc('\n', rco__gc_debug_stream());
    }
    RCO__CLEAR(gc->garbage);
    gc->collecting = true; /* no collection while everything is torn down */
    finalize_everything();
    clear_everything();
    gc->collecting = false;
    if (gc->callbacks)
        rco__free(gc->callbacks, gc->callbacks_capacity * sizeof(rco__gc_callback_entry));
    *gc = (rco__gc_state){ .enabled = true };
}
