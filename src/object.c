/*
 * object.c: the object header's life: types made ready, objects allocated
 * and destroyed.
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
#include "internal.h"

#ifdef RCO_DEBUG
#include "debug/debug.h"
#endif

#define DEALLOC_NEST_LIMIT 100

/* ---- types ----------------------------------------------------------- */

static rco_object *type_repr(rco_object *self)
{
    return rco_str_printf("<class '%s'>", ((rco_type *)self)->name);
}

rco_type rco__type_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "type",
    .size = sizeof(rco_type),
    .flags = RCO_TYPE_READY,
    .repr = type_repr,
    .kind = RCO__KIND_TYPE,
};

int rco__type_ready(rco_type *t)
{
    if (t->flags & RCO_TYPE_READY)
        return 0;
    if (!t->name || t->size < sizeof(rco_object)) {
        rco__err_set(RCO_ERR_VALUE, "type %s: needs a name and a size of at least sizeof(rco_object)",
                     t->name ? t->name : "(unnamed)");
        return -1;
    }
    if ((t->flags & RCO_TYPE_GC) && !t->traverse) {
        rco__err_set(RCO_ERR_VALUE, "type %s: RCO_TYPE_GC needs a traverse slot", t->name);
        return -1;
    }
    if (t->kind != RCO__KIND_USER || t->var_size || t->block_size) {
        rco__err_set(RCO_ERR_VALUE, "type %s: leave the fields after 'equal' zero", t->name);
        return -1;
    }
    /* A finalizer needs the FINALIZED bit, which lives in the gc head. */
    t->has_gc_head = (t->flags & RCO_TYPE_GC) || t->finalize || t->legacy_del;
    t->block_size = RCO__BLOCK(t->size, t->has_gc_head);
    if (!t->ob.type) {
        t->ob.type = &rco__type_type;
        t->ob.refcnt = RCO_IMMORTAL_REFCNT;
    }
    t->flags |= RCO_TYPE_READY;
    return 0;
}

/* ---- allocation ------------------------------------------------------ */

void rco__err_too_large(size_t size)
{
    rco__err_set(RCO_ERR_OVERFLOW, "an object of %zu bytes is too large", size);
}

static inline void free_block(rco_object *o, size_t prefix, size_t block)
{
#ifdef RCO_DEBUG
    if (rco__debug_quarantine(o, block))
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
    int *young = &rco__rt.gc.generations[0].count;
    if (*young > 0)
        (*young)--;
    if (t->kind == RCO__KIND_TUPLE && rco__tuple_keep(o))
        return;
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

static rco_object *new_user_object(rco_type *t, bool gc, const char *fn)
{
    if (!t) {
        rco__err_set(RCO_ERR_TYPE, "%s: type is NULL", fn);
        return NULL;
    }
    if (rco__type_ready(t) < 0)
        return NULL;
    if (t->kind == RCO__KIND_INSTANCE) {
        rco__err_set(RCO_ERR_TYPE, "%s: '%s' is a class; use rco_instance_new", fn, t->name);
        return NULL;
    }
    if (t->kind != RCO__KIND_USER) {
        rco__err_set(RCO_ERR_TYPE, "%s: '%s' is a built-in type; use its constructor", fn, t->name);
        return NULL;
    }
    if (gc != !!(t->flags & RCO_TYPE_GC)) {
        rco__err_set(RCO_ERR_TYPE, "%s: type '%s' %s RCO_TYPE_GC; use %s", fn, t->name,
                     gc ? "lacks" : "has", gc ? "rco_new" : "rco_gc_new");
        return NULL;
    }
    rco_object *o = t->has_gc_head ? rco__gc_object_alloc(t, t->size) : rco__object_alloc(t, t->size);
    if (!o)
        return NULL;
    memset((char *)o + sizeof(rco_object), 0, t->size - sizeof(rco_object));
    if (gc)
        rco__gc_track(o);
    return o;
}

rco_object *rco_new(rco_type *t)
{
    rco_object *o = new_user_object(t, false, "rco_new");
    RCO__LEDGER_GIVE(o);
    return o;
}

rco_object *rco_gc_new(rco_type *t)
{
    rco_object *o = new_user_object(t, true, "rco_gc_new");
    if (o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(o);
    return o;
}

/* ---- destruction ----------------------------------------------------- */

void rco__call_finalizer(rco_finalizer fn, rco_object *o)
{
    rco__err_saved saved;
    rco__err_save(&saved);
    fn(o);
    rco__err_restore(&saved);
}

/* Run fn on o with the count held at 1; true if fn resurrected o. */
static bool resurrected_by(rco_finalizer fn, rco_object *o)
{
    rco_type *t = o->type;
    if (t->flags & RCO_TYPE_GC)
        rco__gc_track(o);
    o->refcnt = 1;
    rco__call_finalizer(fn, o);
    if (--o->refcnt != 0)
        return true; /* stays tracked: it lives on */
    if (t->flags & RCO_TYPE_GC)
        rco__gc_untrack(o);
    return false;
}

/* Steps 2-4 of the header comment; true if the object lives on. */
static bool run_finalizers(rco_object *o)
{
    rco_type *t = o->type;
    rco__gc_head *g = rco__gc_of(o);
    if (t->finalize && !(g->prev & RCO__GC_FINALIZED)) {
        g->prev |= RCO__GC_FINALIZED;
        if (resurrected_by(t->finalize, o))
            return true;
    }
    if (g->prev & RCO__GC_WEAKREFS)
        rco__weakref_clear_all(o, true);
    return t->legacy_del && resurrected_by(t->legacy_del, o);
}

static inline __attribute__((always_inline)) void destroy(rco_object *o)
{
    rco_type *t = o->type;
    rco__gc_head *g = rco__gc_of(o);
    rco__gc_untrack(o);
    if (RCO__UNLIKELY(t->finalize || t->legacy_del || (g->prev & RCO__GC_WEAKREFS)) && run_finalizers(o))
        return;
    if (t->dealloc)
        t->dealloc(o);
    free_with_head(o, t);
    if (t->flags & RCO_TYPE_HEAP)
        RCO__DECREF(&t->ob); /* t outlives the object: the object held this reference */
}

static void defer(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    rco__gc_untrack(o);
    g->prev = (uintptr_t)rco__rt.deferred | (g->prev & RCO__GC_FLAGS);
    rco__rt.deferred = g;
}

static void destroy_deferred(void)
{
    while (rco__rt.deferred) {
        rco__gc_head *g = rco__rt.deferred;
        rco__rt.deferred = (rco__gc_head *)(g->prev & ~RCO__GC_FLAGS);
        g->prev &= RCO__GC_FLAGS;
        rco__rt.dealloc_depth++;
        destroy(rco__obj_of_gc(g));
        rco__rt.dealloc_depth--;
    }
}

void rco__dealloc(rco_object *o)
{
#ifdef RCO_DEBUG
    if (!rco__debug_dealloc_allowed(o))
        return;
#endif
    rco_type *t = o->type;
    if (RCO__LIKELY(!t->has_gc_head)) {
        /* Atomic objects hold no references: nothing can nest. */
        if (t->dealloc)
            t->dealloc(o);
        free_plain(o, t);
        return;
    }
    if (RCO__UNLIKELY(rco__rt.dealloc_depth >= DEALLOC_NEST_LIMIT)) {
        defer(o);
        return;
    }
    rco__rt.dealloc_depth++;
    destroy(o);
    rco__rt.dealloc_depth--;
    if (rco__rt.dealloc_depth == 0 && rco__rt.deferred)
        destroy_deferred();
}

/* ---- out-of-line reference counting (for FFI and address-taking) ----- */

#ifndef RCO_DEBUG
rco_object *rco_incref(rco_object *o)
{
    o->refcnt++;
    return o;
}

void rco_decref(rco_object *o)
{
    if (--o->refcnt == 0)
        rco__dealloc(o);
}

void rco_xincref(rco_object *o)
{
    if (o)
        o->refcnt++;
}

void rco_xdecref(rco_object *o)
{
    if (o && --o->refcnt == 0)
        rco__dealloc(o);
}
#endif

/* ---- inspection and argument checks ---------------------------------- */

intptr_t rco_refcount(const rco_object *o)
{
    if (!rco__check_obj(o, "rco_refcount"))
        return -1;
    return o->refcnt;
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
        rco__debug_report_freed_use(o, fn);
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
