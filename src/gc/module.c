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
    rco__safepoint();
    return rco__gc_collect_now(generation == -1 ? OLDEST : generation, false);
}

void rco_gc_enable(void)
{
    __atomic_store_n(&state()->enabled, true, __ATOMIC_RELAXED);
}

void rco_gc_disable(void)
{
    __atomic_store_n(&state()->enabled, false, __ATOMIC_RELAXED);
}

int rco_gc_is_enabled(void)
{
    return __atomic_load_n(&state()->enabled, __ATOMIC_RELAXED);
}

void rco_gc_set_threshold(int t0, int t1, int t2)
{
    int t[GEN_COUNT] = { t0, t1, t2 };
    for (int i = 0; i < GEN_COUNT; i++)
        __atomic_store_n(&rco__gc_threshold[i], t[i] < 0 ? 0 : t[i], __ATOMIC_RELAXED);
}

void rco_gc_get_threshold(int *t0, int *t1, int *t2)
{
    int *out[GEN_COUNT] = { t0, t1, t2 };
    for (int i = 0; i < GEN_COUNT; i++)
        if (out[i])
            *out[i] = __atomic_load_n(&rco__gc_threshold[i], __ATOMIC_RELAXED);
}

/* Generation 0's count is the sum of every thread's (a snapshot while
 * threads run). */
void rco_gc_get_count(int *c0, int *c1, int *c2)
{
    int young = 0;
    RCO__FOR_EACH_LISTS(l)
    {
        young += __atomic_load_n(&l->young, __ATOMIC_RELAXED);
    }
    if (c0)
        *c0 = young;
    if (c1)
        *c1 = __atomic_load_n(&state()->counts[1], __ATOMIC_RELAXED);
    if (c2)
        *c2 = __atomic_load_n(&state()->counts[2], __ATOMIC_RELAXED);
}

void rco_gc_set_debug(unsigned flags)
{
    __atomic_store_n(&state()->debug, flags, __ATOMIC_RELAXED);
}

unsigned rco_gc_get_debug(void)
{
    return __atomic_load_n(&state()->debug, __ATOMIC_RELAXED);
}

void rco_gc_set_debug_stream(FILE *f)
{
    __atomic_store_n(&state()->debug_stream, f, __ATOMIC_RELAXED);
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
    int failed = 0;
    rco__stop_the_world();
    RCO__FOR_EACH_LISTS(l)
    {
        for (int i = 0; i < GEN_COUNT && !failed; i++)
            if (generation == -1 || generation == i)
                failed = append_all(result, &l->generations[i]);
    }
    rco__start_the_world();
    if (failed) {
        RCO__DECREF(result);
        return NULL;
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

typedef struct referrers {
    rco_object *target, *result;
    bool failed;
} referrers;

/* Generations only: the permanent list is not searched (as CPython). */
static void add_if_referrer(rco_object *o, void *arg)
{
    referrers *r = arg;
    referrer_search s = { r->target, false };
    if (o == r->result || r->failed || generation_of(rco__gc_of(o)) == RCO__GC_PERMANENT)
        return;
    o->type->traverse(o, visit_find, &s);
    if (s.found && rco__list_append(r->result, o) < 0)
        r->failed = true;
}

rco_object *rco_gc_get_referrers(rco_object *target)
{
    if (!rco__check_obj(target, "rco_gc_get_referrers"))
        return NULL;
    rco_object *result = rco__list_new(0);
    if (!result)
        return NULL;
    referrers r = { target, result, false };
    rco__stop_the_world();
    rco__gc_for_each_tracked(add_if_referrer, &r);
    rco__start_the_world();
    if (r.failed) {
        RCO__DECREF(result);
        return NULL;
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
    rco__critical_enter(); /* not while a collection moves heads */
    int tracked = rco__gc_is_tracked(o);
    rco__critical_leave();
    return tracked;
}

int rco_gc_is_finalized(rco_object *o)
{
    if (!rco__check_obj(o, "rco_gc_is_finalized"))
        return -1;
    return rco__has_gc_head(o) && rco__flag(o, RCO__FLAG_FINALIZED);
}

void rco_gc_freeze(void)
{
    rco__stop_the_world();
    RCO__FOR_EACH_LISTS(l)
    {
        for (int i = 0; i < GEN_COUNT; i++)
            merge_into(&l->generations[i], &l->permanent, RCO__GC_PERMANENT);
        __atomic_store_n(&l->young, 0, __ATOMIC_RELAXED);
    }
    rco__start_the_world();
}

void rco_gc_unfreeze(void)
{
    rco__stop_the_world();
    RCO__FOR_EACH_LISTS(l)
    {
        merge_into(&l->permanent, &l->generations[OLDEST], OLDEST);
    }
    rco__start_the_world();
}

size_t rco_gc_get_freeze_count(void)
{
    size_t n = 0;
    rco__stop_the_world();
    RCO__FOR_EACH_LISTS(l)
    {
        n += (size_t)list_size(&l->permanent);
    }
    rco__start_the_world();
    return n;
}

int rco_gc_callback_add(rco_gc_callback cb, void *arg)
{
    if (!cb) {
        rco__err_set(RCO_ERR_TYPE, "rco_gc_callback_add: callback is NULL");
        return -1;
    }
    rco__gc_state *gc = state();
    rco__gc_config_lock();
    if (gc->ncallbacks == gc->callbacks_capacity) {
        size_t entry = sizeof(rco__gc_callback_entry);
        size_t capacity = gc->callbacks_capacity ? gc->callbacks_capacity * 2 : 4;
        rco__gc_callback_entry *grown = rco__realloc(gc->callbacks, gc->callbacks_capacity * entry,
                                                     capacity * entry);
        if (!grown) {
            rco__gc_config_unlock();
            return -1;
        }
        gc->callbacks = grown;
        gc->callbacks_capacity = capacity;
    }
    gc->callbacks[gc->ncallbacks].fn = cb;
    gc->callbacks[gc->ncallbacks].arg = arg;
    gc->ncallbacks++;
    rco__gc_config_unlock();
    return 0;
}

int rco_gc_callback_remove(rco_gc_callback cb, void *arg)
{
    rco__gc_state *gc = state();
    rco__gc_config_lock();
    for (size_t i = 0; i < gc->ncallbacks; i++) {
        if (gc->callbacks[i].fn == cb && gc->callbacks[i].arg == arg) {
            memmove(&gc->callbacks[i], &gc->callbacks[i + 1],
                    (gc->ncallbacks - i - 1) * sizeof(rco__gc_callback_entry));
            if (--gc->ncallbacks == 0) {
                rco__free(gc->callbacks, gc->callbacks_capacity * sizeof(rco__gc_callback_entry));
                gc->callbacks = NULL;
                gc->callbacks_capacity = 0;
            }
            rco__gc_config_unlock();
            return 0;
        }
    }
    rco__gc_config_unlock();
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
    rco__gc_config_lock();
    *out = state()->stats[generation];
    rco__gc_config_unlock();
    return 0;
}

