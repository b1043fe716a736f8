/*
 * gc/module.c: the public gc module (Python's gc), around the collector of
 * collect.c: enabling, thresholds, debug flags, what the collector's lists
 * hold, freezing, callbacks, statistics.
 */
#include "gc/gc.h"

static rco__gc_state *state(void)
{
    return &rco__gc;
}

ssize_t rco_gc_collect(int generation)
{
    if (generation < -1 || generation > OLDEST) {
        rco__err_set(RCO_ERR_VALUE, "rco_gc_collect: invalid generation %d", generation);
        return -1;
    }
    return rco__gc_collect_now(generation == -1 ? OLDEST : generation);
}

void rco_gc_enable(void)
{
    state()->enabled = true;
}

void rco_gc_disable(void)
{
    state()->enabled = false;
}

int rco_gc_is_enabled(void)
{
    return state()->enabled;
}

void rco_gc_set_threshold(int t0, int t1, int t2)
{
    int t[GEN_COUNT] = { t0, t1, t2 };
    for (int i = 0; i < GEN_COUNT; i++)
        rco__gcl.generations[i].threshold = t[i] < 0 ? 0 : t[i];
}

void rco_gc_get_threshold(int *t0, int *t1, int *t2)
{
    int *out[GEN_COUNT] = { t0, t1, t2 };
    for (int i = 0; i < GEN_COUNT; i++)
        if (out[i])
            *out[i] = rco__gcl.generations[i].threshold;
}

void rco_gc_get_count(int *c0, int *c1, int *c2)
{
    int *out[GEN_COUNT] = { c0, c1, c2 };
    for (int i = 0; i < GEN_COUNT; i++)
        if (out[i])
            *out[i] = rco__gcl.generations[i].count;
}

void rco_gc_set_debug(unsigned flags)
{
    state()->debug = flags;
}

unsigned rco_gc_get_debug(void)
{
    return state()->debug;
}

void rco_gc_set_debug_stream(FILE *f)
{
    state()->debug_stream = f;
}

rco_object *rco_gc_garbage(void)
{
    return rco__gc_garbage_list();
}

/* Append every object of list (but not result itself) to result. */
static int append_all(rco_object *result, rco__gc_head *list)
{
    for (rco__gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
        rco_object *o = rco__obj_of_gc(g);
        if (o != result && rco__list_append(result, o) < 0)
            return -1;
    }
    return 0;
}

rco_object *rco_gc_get_objects(int generation)
{
    if (generation < -1 || generation > OLDEST) {
        rco__err_set(RCO_ERR_VALUE, "rco_gc_get_objects: invalid generation %d", generation);
        return NULL;
    }
    rco_object *result = rco__list_new(0);
    if (!result)
        return NULL;
    for (int i = 0; i < GEN_COUNT; i++) {
        if ((generation == -1 || generation == i) && append_all(result, gen_head(i)) < 0) {
            RCO__DECREF(result);
            return NULL;
        }
    }
    RCO__LEDGER_GIVE(result);
    return result;
}

typedef struct referrer_search {
    rco_object *target;
    bool found;
} referrer_search;

static int visit_find(rco_object *child, void *arg)
{
    referrer_search *s = arg;
    if (child == s->target) {
        s->found = true;
        return 1;
    }
    return 0;
}

rco_object *rco_gc_get_referrers(rco_object *target)
{
    if (!rco__check_obj(target, "rco_gc_get_referrers"))
        return NULL;
    rco_object *result = rco__list_new(0);
    if (!result)
        return NULL;
    for (int i = 0; i < GEN_COUNT; i++) {
        rco__gc_head *list = gen_head(i);
        for (rco__gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
            rco_object *o = rco__obj_of_gc(g);
            referrer_search s = { target, false };
            if (o == result)
                continue;
            o->type->traverse(o, visit_find, &s);
            if (s.found && rco__list_append(result, o) < 0) {
                RCO__DECREF(result);
                return NULL;
            }
        }
    }
    RCO__LEDGER_GIVE(result);
    return result;
}

static int visit_append(rco_object *child, void *result)
{
    return rco__list_append(result, child) < 0 ? -1 : 0;
}

rco_object *rco_gc_get_referents(rco_object *o)
{
    if (!rco__check_obj(o, "rco_gc_get_referents"))
        return NULL;
    rco_object *result = rco__list_new(0);
    if (!result)
        return NULL;
    if (rco__holds_references(o) && o->type->traverse(o, visit_append, result) != 0) {
        RCO__DECREF(result);
        return NULL;
    }
    RCO__LEDGER_GIVE(result);
    return result;
}

int rco_gc_is_tracked(rco_object *o)
{
    if (!rco__check_obj(o, "rco_gc_is_tracked"))
        return -1;
    return rco__gc_is_tracked(o);
}

int rco_gc_is_finalized(rco_object *o)
{
    if (!rco__check_obj(o, "rco_gc_is_finalized"))
        return -1;
    return rco__has_gc_head(o) && (rco__gc_of(o)->prev & RCO__GC_FINALIZED) != 0;
}

void rco_gc_freeze(void)
{
    for (int i = 0; i < GEN_COUNT; i++)
        merge_into(gen_head(i), &rco__gcl.permanent, RCO__GC_PERMANENT);
    rco__gcl.generations[0].count = 0;
}

void rco_gc_unfreeze(void)
{
    merge_into(&rco__gcl.permanent, gen_head(OLDEST), OLDEST);
}

size_t rco_gc_get_freeze_count(void)
{
    return (size_t)list_size(&rco__gcl.permanent);
}

int rco_gc_callback_add(rco_gc_callback cb, void *arg)
{
    if (!cb) {
        rco__err_set(RCO_ERR_TYPE, "rco_gc_callback_add: callback is NULL");
        return -1;
    }
    rco__gc_state *gc = state();
    if (gc->ncallbacks == gc->callbacks_capacity) {
        size_t entry = sizeof(rco__gc_callback_entry);
        size_t capacity = gc->callbacks_capacity ? gc->callbacks_capacity * 2 : 4;
        rco__gc_callback_entry *grown = rco__realloc(gc->callbacks, gc->callbacks_capacity * entry,
                                                     capacity * entry);
        if (!grown)
            return -1;
        gc->callbacks = grown;
        gc->callbacks_capacity = capacity;
    }
    gc->callbacks[gc->ncallbacks].fn = cb;
    gc->callbacks[gc->ncallbacks].arg = arg;
    gc->ncallbacks++;
    return 0;
}

int rco_gc_callback_remove(rco_gc_callback cb, void *arg)
{
    rco__gc_state *gc = state();
    for (size_t i = 0; i < gc->ncallbacks; i++) {
        if (gc->callbacks[i].fn == cb && gc->callbacks[i].arg == arg) {
            memmove(&gc->callbacks[i], &gc->callbacks[i + 1],
                    (gc->ncallbacks - i - 1) * sizeof(rco__gc_callback_entry));
            if (--gc->ncallbacks == 0) {
                rco__free(gc->callbacks, gc->callbacks_capacity * sizeof(rco__gc_callback_entry));
                gc->callbacks = NULL;
                gc->callbacks_capacity = 0;
            }
            return 0;
        }
    }
    rco__err_set(RCO_ERR_VALUE, "rco_gc_callback_remove: no such callback");
    return -1;
}

int rco_gc_get_stats(int generation, rco_gc_stats *out)
{
    if (generation < 0 || generation > OLDEST || !out) {
        rco__err_set(RCO_ERR_VALUE, "rco_gc_get_stats: invalid generation %d or NULL output",
                     generation);
        return -1;
    }
    *out = state()->stats[generation];
    return 0;
}

