/*
 * types/weakref.c: references that do not keep their target alive.
 *
 * A target's weakrefs form a doubly linked list, newest first; the runtime
 * maps each target that has any to the list's head (`targets`), and
 * the RCO__FLAG_WEAKREFS flag of the target says whether to look
 * there, so objects without weakrefs pay nothing. Only objects with a gc
 * head can be targets.
 *
 * Weakrefs are tracked by the collector although they hold no references:
 * it must know whether a weakref is itself garbage, because then its
 * callback must not run (it could see objects being torn down).
 *
 * Threads: the table and every weakref's target and links change under
 * one lock (weak_lock). A weakref becomes a reference with
 * rco__count_try_incref, which fails on an object whose last reference is
 * being released on another thread at that moment; targets and weakrefs
 * are marked (rco__count_mark_weak) so that the owner's last release meets
 * such an attempt on the same word. Callbacks run outside the lock.
 */
#include "types/weakref.h"

#include "core/ptrmap.h"

/* object -> its newest weakref */
static rco__ptrmap targets;
static uint8_t weak_lock;

static void unlink_from_target(rco__weakref *wr)
{
    rco_object *target = wr->target;
    if (!target)
        return;
    if (wr->prev_of_target) {
        wr->prev_of_target->next_of_target = wr->next_of_target;
    } else if (wr->next_of_target) {
        rco__ptrmap_put(&targets, target, wr->next_of_target); /* replaces: cannot fail */
    } else {
        rco__ptrmap_remove(&targets, target);
        rco__flag_clear(target, RCO__FLAG_WEAKREFS);
    }
    if (wr->next_of_target)
        wr->next_of_target->prev_of_target = wr->prev_of_target;
    wr->target = NULL;
    wr->next_of_target = wr->prev_of_target = NULL;
}

static int weakref_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    (void)self, (void)visit, (void)arg;
    return 0;
}

/* Clearing a weakref that is garbage itself: it no longer watches its
 * target, so its callback cannot run later. */
static void weakref_clear(rco_object *self)
{
    rco__spin_lock(&weak_lock);
    unlink_from_target((rco__weakref *)self);
    rco__spin_unlock(&weak_lock);
}

static void weakref_repr(rco_object *self, rco__buf *b)
{
    rco__weakref *wr = (rco__weakref *)self;
    rco__spin_lock(&weak_lock);
    rco_object *target = wr->target;
    const char *name = target ? target->type->name : NULL;
    rco__spin_unlock(&weak_lock);
    if (!target)
        rco__buf_printf(b, "<weakref at %p; dead>", (void *)self);
    else
        rco__buf_printf(b, "<weakref at %p; to '%s' at %p>", (void *)self, name, (void *)target);
}

rco_type rco__weakref_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "weakref",
    .size = sizeof(rco__weakref),
    .flags = RCO_TYPE_READY | RCO_TYPE_GC,
    .dealloc = weakref_clear,
    .traverse = weakref_traverse,
    .clear = weakref_clear,
    .kind = RCO__KIND_WEAKREF,
    .has_gc_head = 1,
    .block_size = RCO__BLOCK(sizeof(rco__weakref), 1),
    .repr_into = weakref_repr,
};

rco_object *rco_weakref_new(rco_object *target, rco_weak_callback cb, void *arg)
{
    if (!rco__check_obj(target, "rco_weakref_new"))
        return NULL;
    /* As in CPython: instances, classes, sets and C types that hold
     * references can be weakly referenced; lists, dicts, tuples and weakrefs
     * cannot. */
    int kind = target->type->kind;
    if (!rco__holds_references(target) || kind == RCO__KIND_LIST || kind == RCO__KIND_DICT ||
        kind == RCO__KIND_TUPLE || kind == RCO__KIND_WEAKREF) {
        rco__err_set(RCO_ERR_TYPE, "cannot create weak reference to '%s' object", target->type->name);
        return NULL;
    }
    rco__weakref *wr = (rco__weakref *)rco__gc_object_alloc(&rco__weakref_type, sizeof(rco__weakref));
    if (!wr)
        return NULL;
    rco__count_mark_weak(&wr->ob);
    rco__spin_lock(&weak_lock);
    rco__weakref *head = rco__ptrmap_get(&targets, target);
    if (rco__ptrmap_put(&targets, target, wr) < 0) {
        rco__spin_unlock(&weak_lock);
        wr->target = NULL;
        RCO__DECREF(wr);
        return NULL;
    }
    wr->target = target;
    wr->callback = cb;
    wr->callback_arg = arg;
    wr->prev_of_target = NULL;
    wr->next_of_target = head;
    if (head)
        head->prev_of_target = wr;
    rco__count_mark_weak(target);
    rco__flag_set(target, RCO__FLAG_WEAKREFS);
    rco__spin_unlock(&weak_lock);
    rco__gc_track(&wr->ob);
    rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(wr);
    return &wr->ob;
}

rco_object *rco_weakref_get(rco_object *ref)
{
    if (!rco__check_kind(ref, RCO__KIND_WEAKREF, "rco_weakref_get", "weakref"))
        return NULL;
    rco__spin_lock(&weak_lock);
    rco_object *target = ((rco__weakref *)ref)->target;
    if (target && !rco__count_try_incref(target))
        target = NULL; /* being destroyed */
    rco__spin_unlock(&weak_lock);
    if (!target)
        return NULL;
    RCO__LEDGER_GIVE(target);
    return target;
}

ssize_t rco_weakref_count(rco_object *o)
{
    if (!rco__check_obj(o, "rco_weakref_count"))
        return -1;
    if (!o->type->has_gc_head || !rco__flag(o, RCO__FLAG_WEAKREFS))
        return 0;
    ssize_t n = 0;
    rco__spin_lock(&weak_lock);
    for (rco__weakref *wr = rco__ptrmap_get(&targets, o); wr; wr = wr->next_of_target)
        n++;
    rco__spin_unlock(&weak_lock);
    return n;
}

void rco__weakref_run_callback(rco__weakref *wr)
{
    if (!wr->callback)
        return;
    rco__err_saved saved;
    rco__err_save(&saved);
    rco__user_code_enter();
    wr->callback(&wr->ob, wr->callback_arg);
    rco__user_code_leave();
    rco__err_restore(&saved);
}

/* Detach every weakref from target (newest first), leaving each cleared.
 * Those with a callback are handed to keep() before any callback runs,
 * under the lock: keep takes a reference with rco__count_try_incref if it
 * wants the weakref, which fails for a weakref whose own count already
 * reached zero (it is being destroyed, or waits on the deferred list of
 * object.c, and a reference taken to it now would destroy it twice). */
void rco__weakref_detach_all(rco_object *target, void (*keep)(rco__weakref *, void *), void *ctx)
{
    rco__spin_lock(&weak_lock);
    rco__weakref *wr = rco__ptrmap_remove(&targets, target);
    rco__flag_clear(target, RCO__FLAG_WEAKREFS);
    while (wr) {
        rco__weakref *next = wr->next_of_target;
        wr->target = NULL;
        wr->next_of_target = wr->prev_of_target = NULL;
        if (wr->callback)
            keep(wr, ctx);
        wr = next;
    }
    rco__spin_unlock(&weak_lock);
}

typedef struct pending {
    rco__weakref **items;
    size_t n, cap;
    rco__weakref *inline_items[8];
} pending;

/* Hold a reference to each weakref with a callback, so a callback cannot
 * free one that is still waiting. (Allocating under the weakref lock is
 * allowed; when it fails, the callback is skipped rather than run
 * unprotected.) */
static void hold(rco__weakref *wr, void *ctx)
{
    pending *p = ctx;
    if (p->n == p->cap) {
        size_t cap = p->cap * 2;
        rco__weakref **grown = rco__alloc(cap * sizeof *grown);
        if (!grown) {
            rco_err_clear();
            return;
        }
        memcpy(grown, p->items, p->n * sizeof *grown);
        if (p->items != p->inline_items)
            rco__free(p->items, p->cap * sizeof *grown);
        p->items = grown;
        p->cap = cap;
    }
    if (rco__count_try_incref(&wr->ob))
        p->items[p->n++] = wr;
}

/* The target's count reached zero: clear its weakrefs, then run the
 * callbacks, newest weakref first. */
static void clear_all(rco_object *target, bool run_callbacks)
{
    pending p = { NULL, 0, 8, { NULL } };
    p.items = p.inline_items;
    rco__weakref_detach_all(target, hold, &p);
    for (size_t i = 0; i < p.n; i++) {
        if (run_callbacks)
            rco__weakref_run_callback(p.items[i]);
        RCO__DECREF(p.items[i]);
    }
    if (p.items != p.inline_items)
        rco__free(p.items, p.cap * sizeof *p.items);
}

void rco__weakref_forget_all(void)
{
    rco__spin_lock(&weak_lock);
    rco__ptrmap_free(&targets);
    rco__spin_unlock(&weak_lock);
}

__attribute__((constructor)) static void install_hooks(void)
{
    rco__hook.clear_weakrefs = clear_all;
}
