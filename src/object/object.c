/*
 * object/object.c: the object header's life: objects allocated and
 * destroyed, reference counts, inspection.
 *
 * Destruction of an object whose count reached zero:
 *   1. untrack it, so that a collection started by the code below never
 *      sees an object with count 0;
 *   2. finalize (PEP 442), once per object, with the count held at 1 and the
 *      object tracked again: if the count is still above 1 afterwards the
 *      finalizer resurrected it, and destruction stops;
 *   3. clear the weakrefs to it, running their callbacks;
 *   4. legacy_del (Python 2 __del__), the same way as finalize but on every
 *      death;
 *   5. the type's dealloc releases what the object holds; its memory goes
 *      back; a heap class loses the reference its instance held.
 * Step 5 releases children, whose destruction nests. After
 * DEALLOC_NEST_LIMIT nested destructions the next object with a gc head is
 * put on a deferred list (linked through its gc head) and destroyed when the
 * outermost destruction returns, so a list nested a million deep is freed in
 * constant stack (CPython's trashcan, QuickJS's pending list).
 */
#define RCO__OUT_OF_LINE_REFCOUNT 1
#include "object/object.h"

#include <stdlib.h>

#define DEALLOC_NEST_LIMIT 100

/* ---- collector lists ------------------------------------------------- */

rco__gc_lists *rco__gc_lists_of[RCO__MAX_THREADS];
RCO__TLS rco__gc_lists *rco__my_gc_lists;
int rco__gc_threshold[RCO__GENERATIONS] = { 700, 10, 10 };

static void lists_init(rco__gc_lists *l)
{
    for (int i = 0; i < RCO__GENERATIONS; i++)
        l->generations[i].next = l->generations[i].prev = rco__gc_hide(&l->generations[i]);
    l->permanent.next = l->permanent.prev = rco__gc_hide(&l->permanent);
    l->young = 0;
}

/* Index 0 (immortal objects) has lists too, always empty, so that no
 * object's owner is without. */
static rco__gc_lists immortal_lists;
__attribute__((constructor)) static void immortal_lists_init(void)
{
    lists_init(&immortal_lists);
    rco__gc_lists_of[0] = &immortal_lists;
}

/* Kept per index, as the heaps are: a thread taking an abandoned index
 * takes the lists with the objects. */
rco__gc_lists *rco__gc_lists_mine_slow(void)
{
    uint16_t me = rco__thread_me();
    if (me == 0) {
        rco__err_set(RCO_ERR_RUNTIME, "too many threads use rco at once (at most %d)", RCO__MAX_THREADS - 1);
        return NULL;
    }
    rco__gc_lists *l = __atomic_load_n(&rco__gc_lists_of[me], __ATOMIC_ACQUIRE);
    if (!l) {
        l = calloc(1, sizeof *l);
        if (!l) {
            rco__err_memory();
            return NULL;
        }
        lists_init(l);
        __atomic_store_n(&rco__gc_lists_of[me], l, __ATOMIC_RELEASE);
    }
    rco__my_gc_lists = l;
    return l;
}

void rco__gc_lists_reset(void)
{
    for (size_t i = 0; i < RCO__MAX_THREADS; i++)
        if (rco__gc_lists_of[i])
            lists_init(rco__gc_lists_of[i]);
    rco__gc_threshold[0] = 700;
    rco__gc_threshold[1] = rco__gc_threshold[2] = 10;
}

void rco__gc_track_shared(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    rco__critical_enter();
    if (!rco__gc_load_next(g)) {
        rco__gc_lists *l = rco__gc_lists_owning(o);
        rco__spin_lock(&l->lock);
        if (!g->next)
            rco__gc_link(l, g);
        rco__spin_unlock(&l->lock);
    }
    rco__critical_leave();
}

void rco__gc_untrack_shared(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    rco__critical_enter();
    if (rco__gc_load_next(g)) {
        rco__gc_lists *l = rco__gc_lists_owning(o);
        rco__spin_lock(&l->lock);
        if (g->next)
            rco__gc_unlink(g);
        rco__spin_unlock(&l->lock);
    }
    rco__critical_leave();
}

static void lists_at_exit(uint16_t index)
{
    (void)index;
    rco__my_gc_lists = NULL;
}

__attribute__((constructor)) static void install_exit_hook(void)
{
    rco__thread_on_exit(lists_at_exit);
}

/* ---- allocation ------------------------------------------------------ */

void rco__err_too_large(size_t size)
{
    rco__err_set(RCO_ERR_OVERFLOW, "an object of %zu bytes is too large", size);
}

#ifdef RCO_DEBUG
void rco__debug_record_init(rco_object *o)
{
    if (rco__hook.on_alloc)
        rco__hook.on_alloc(o);
    else
        memset((char *)o - RCO__PLAIN_PREFIX, 0, RCO__DEBUG_RECORD_SIZE);
}
#endif

static inline void free_block(rco_object *o, size_t prefix, size_t block)
{
#ifdef RCO_DEBUG
    if (rco__hook.on_free && rco__hook.on_free(o, block))
        return;
#endif
    rco__free((char *)o - prefix, block);
}

/* The memory of an object without a gc head. */
static inline void free_plain(rco_object *o, const rco_type *t)
{
    size_t block = t->block_size ? t->block_size : rco__object_size(o) + RCO__PLAIN_PREFIX;
    free_block(o, RCO__PLAIN_PREFIX, block);
}

/* The memory of an object with a gc head (it leaves generation 0's count,
 * as it joined it when allocated). */
static inline void free_with_head(rco_object *o, const rco_type *t)
{
    rco__gc_count_leave();
    size_t block = t->block_size ? t->block_size : rco__object_size(o) + RCO__GC_PREFIX;
    free_block(o, RCO__GC_PREFIX, block);
}

void rco__object_free(rco_object *o)
{
    if (o->type->has_gc_head)
        free_with_head(o, o->type);
    else
        free_plain(o, o->type);
}

/* ---- destruction ----------------------------------------------------- */

RCO__TLS int rco__in_user_code;

#ifdef RCO_DEBUG
/* The objects whose finalizers run on this thread, innermost first: one of
 * them reaching a count of zero means its finalizer released a reference
 * it did not own (self is borrowed). */
typedef struct finalizing {
    rco_object *o;
    bool over_released;
    struct finalizing *outer;
} finalizing;
static RCO__TLS finalizing *finalizers_running;

/* true (after reporting it) if o's count reached zero inside its own
 * finalizer: its destruction is then refused. */
static bool over_released_in_finalizer(rco_object *o)
{
    for (finalizing *f = finalizers_running; f; f = f->outer) {
        if (f->o == o) {
            if (rco__hook.finalizer_over_release)
                rco__hook.finalizer_over_release(o);
            f->over_released = true;
            return true;
        }
    }
    return false;
}
#endif

void rco__call_finalizer(rco_finalizer fn, rco_object *o)
{
    rco__err_saved saved;
    rco__err_save(&saved);
#ifdef RCO_DEBUG
    finalizing self = { o, false, finalizers_running };
    finalizers_running = &self;
#endif
    rco__user_code_enter();
    fn(o);
    rco__user_code_leave();
#ifdef RCO_DEBUG
    finalizers_running = self.outer;
    if (self.over_released)
        rco__count_revive(o); /* undo the release the finalizer did not own */
#endif
    rco__err_restore(&saved);
}

/* Run fn on o with the count held at 1; true if fn resurrected o. */
static bool resurrected_by(rco_finalizer fn, rco_object *o)
{
    rco_type *t = o->type;
    if (t->flags & RCO_TYPE_GC)
        rco__gc_track(o);
    rco__count_revive(o);
    rco__call_finalizer(fn, o);
    if (!rco__count_drop(o))
        return true; /* stays tracked: it lives on */
    if (t->flags & RCO_TYPE_GC)
        rco__gc_untrack(o);
    return false;
}

/* Steps 2-4 of the header comment; true if the object lives on. */
static bool run_finalizers(rco_object *o)
{
    rco_type *t = o->type;
    if (t->finalize && !rco__flag(o, RCO__FLAG_FINALIZED)) {
        rco__flag_set(o, RCO__FLAG_FINALIZED);
        if (resurrected_by(t->finalize, o))
            return true;
    }
    if (rco__flag(o, RCO__FLAG_WEAKREFS))
        rco__hook.clear_weakrefs(o, true);
    return t->legacy_del && resurrected_by(t->legacy_del, o);
}

/* Weakrefs that a weakref callback, legacy_del or dealloc made to o while
 * it was dying would outlive it: they are cleared, without their callbacks
 * (which could see o half torn down), as CPython's subtype_dealloc does. */
static inline void clear_late_weakrefs(rco_object *o)
{
    if (RCO__UNLIKELY(rco__flag(o, RCO__FLAG_WEAKREFS)))
        rco__hook.clear_weakrefs(o, false);
}

static inline __attribute__((always_inline)) void destroy(rco_object *o)
{
    rco_type *t = o->type;
    rco__gc_untrack(o);
    if (RCO__UNLIKELY(t->finalize || t->legacy_del || rco__flag(o, RCO__FLAG_WEAKREFS)) && run_finalizers(o))
        return;
    if (t->flags & RCO__TYPE_FREES_ITSELF) {
        t->dealloc(o); /* tuples: no weakrefs, not a heap class's instance */
        return;
    }
    if (t->dealloc) {
        bool user = t->kind == RCO__KIND_USER;
        if (user)
            rco__user_code_enter();
        t->dealloc(o);
        if (user)
            rco__user_code_leave();
    }
    clear_late_weakrefs(o);
    free_with_head(o, t);
    if (t->flags & RCO_TYPE_HEAP)
        RCO__DECREF(&t->ob); /* t outlives the object: the object held this reference */
}

/* How deep destructions nest right now on this thread, and the objects
 * waiting until the outermost one returns. */
static RCO__TLS int dealloc_depth;
static RCO__TLS rco__gc_head *deferred;

static void defer(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    rco__gc_untrack(o);
    g->prev = (uintptr_t)deferred;
    deferred = g;
}

static void destroy_deferred(void)
{
    while (deferred) {
        rco__gc_head *g = deferred;
        deferred = (rco__gc_head *)g->prev;
        g->prev = 0;
        dealloc_depth++;
        destroy(rco__obj_of_gc(g));
        dealloc_depth--;
    }
}

static RCO__NOINLINE void user_dealloc(rco_object *o, const rco_type *t)
{
    rco__user_code_enter();
    t->dealloc(o);
    rco__user_code_leave();
}

bool rco__destroying(void)
{
    return dealloc_depth > 0;
}

void rco__dealloc(rco_object *o)
{
#ifdef RCO_DEBUG
    if (o->type->kind == RCO__KIND_FREED) {
        rco__hook.freed_release(o, true);
        return;
    }
    if (finalizers_running && over_released_in_finalizer(o))
        return;
#endif
    rco_type *t = o->type;
    if (RCO__LIKELY(!t->has_gc_head)) {
        /* Atomic objects hold no references: nothing can nest; only user
         * types have a dealloc here. */
        if (RCO__UNLIKELY(t->dealloc != NULL))
            user_dealloc(o, t);
        free_plain(o, t);
        return;
    }
    if (RCO__UNLIKELY(dealloc_depth >= DEALLOC_NEST_LIMIT)) {
        defer(o);
        return;
    }
    dealloc_depth++;
    destroy(o);
    dealloc_depth--;
    if (dealloc_depth == 0 && deferred)
        destroy_deferred();
}

/* ---- out-of-line reference counting (for FFI and address-taking) ----- */

#ifndef RCO_DEBUG
rco_object *rco_incref(rco_object *o)
{
    return rco__incref_fast(o);
}

void rco_decref(rco_object *o)
{
    rco__decref_fast(o);
}

void rco_xincref(rco_object *o)
{
    if (o)
        rco__incref_fast(o);
}

void rco_xdecref(rco_object *o)
{
    if (o)
        rco__decref_fast(o);
}
#endif

/* ---- inspection and argument checks ---------------------------------- */

intptr_t rco_refcount(const rco_object *o)
{
    rco__safepoint(); /* releases queued to this thread count first */
    if (!rco__check_obj(o, "rco_refcount"))
        return -1;
    return rco__count(o);
}

const rco_type *rco_typeof(const rco_object *o)
{
    if (!rco__check_obj(o, "rco_typeof"))
        return NULL;
    return o->type;
}

const char *rco_type_name(const rco_object *o)
{
    if (!o)
        return "NULL";
    return o->type->name;
}

int rco_is_type(const rco_object *o, const rco_type *t)
{
    return o && o->type == t;
}

bool rco__check_obj_slow(const rco_object *o, const char *fn)
{
    if (!o) {
        rco__err_set(RCO_ERR_TYPE, "%s: object is NULL", fn);
        return false;
    }
#ifdef RCO_DEBUG
    if (o->type->kind == RCO__KIND_FREED) {
        rco__hook.freed_use(o, fn);
        rco__err_set(RCO_ERR_VALUE, "%s: object was already freed", fn);
        return false;
    }
#endif
    return true;
}

bool rco__wrong_type(const rco_object *o, const char *fn, const char *expected)
{
    rco__err_set(RCO_ERR_TYPE, "%s: expected %s, got %s", fn, expected, o->type->name);
    return false;
}
