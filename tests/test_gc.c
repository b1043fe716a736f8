/*
 * test_gc.c: the cycle collector, checked for the behaviours CPython 3.11's
 * Lib/test/test_gc.py pins, written against rco's C API: cycles through
 * every container kind, legacy finalizers and rco_gc_garbage(), SAVEALL,
 * counts and generations, automatic collections and the 25% rule, the
 * trashcan, referrers and referents, tracking, resurrection, the weakref
 * ordering bugs of bpo-1055820, callbacks, freezing and the debug output.
 */
#include "rco_test.h"

#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers ----------------------------------------------------------- */

/* l = []; l.append(l) */
static rco_object *self_cycle_list(void)
{
    rco_object *l = rco_list_new(0);
    assert_non_null(l);
    assert_int_equal(rco_list_append(l, l), 0);
    return l;
}

/* An instance of cls with a self loop: x.loop = x (CPython's C1055820). */
static rco_object *self_loop_instance(rco_type *cls, int64_t i)
{
    rco_object *x = rco_instance_new(cls);
    assert_non_null(x);
    rco_object *value = rco_int(i);
    assert_int_equal(rco_setattr(x, "i", value), 0);
    rco_decref(value);
    assert_int_equal(rco_setattr(x, "loop", x), 0);
    return x;
}

static rco_type *plain_class(const char *name)
{
    rco_type *cls = rco_class_new(name, NULL, NULL);
    assert_non_null(cls);
    return cls;
}

static void release_class(rco_type *cls)
{
    rco_decref((rco_object *)cls);
}

static bool list_holds(rco_object *list, rco_object *o)
{
    for (ssize_t i = 0; i < rco_len(list); i++)
        if (rco_list_get(list, (size_t)i) == o)
            return true;
    return false;
}

/* Is o among the tracked objects of generation gen? */
static bool in_generation(rco_object *o, int gen)
{
    rco_object *objects = rco_gc_get_objects(gen);
    assert_non_null(objects);
    bool found = list_holds(objects, o);
    rco_decref(objects);
    return found;
}

static ssize_t generation_size(int gen)
{
    rco_object *objects = rco_gc_get_objects(gen);
    assert_non_null(objects);
    ssize_t n = rco_len(objects);
    rco_decref(objects);
    return n;
}

/* Empty the runtime's garbage list, clearing each item first so that the
 * cycles through it are broken. */
static void clear_garbage(void)
{
    rco_object *garbage = rco_gc_garbage();
    for (ssize_t i = 0; i < rco_len(garbage); i++) {
        rco_object *o = rco_list_get(garbage, (size_t)i);
        if (rco_is_type(o, rco_typeof(garbage)))
            rco_list_clear(o);
    }
    rco_list_clear(garbage);
}

/* Records of the collector's start/stop callbacks. */
typedef struct gc_event {
    char phase[8];
    rco_gc_info info;
    int counts[3]; /* rco_gc_get_count as the callback saw it */
} gc_event;

typedef struct gc_log {
    gc_event events[256];
    int n;
    int dropped;
} gc_log;

static void record_event(const char *phase, const rco_gc_info *info, void *arg)
{
    gc_log *log = arg;
    if (log->n == (int)(sizeof log->events / sizeof log->events[0])) {
        log->dropped++;
        return;
    }
    gc_event *e = &log->events[log->n++];
    snprintf(e->phase, sizeof e->phase, "%s", phase);
    e->info = *info;
    rco_gc_get_count(&e->counts[0], &e->counts[1], &e->counts[2]);
}

static int starts_of_generation(const gc_log *log, int gen)
{
    int n = 0;
    for (int i = 0; i < log->n; i++)
        if (!strcmp(log->events[i].phase, "start") && log->events[i].info.generation == gen)
            n++;
    return n;
}

static int collections_started(const gc_log *log)
{
    return starts_of_generation(log, 0) + starts_of_generation(log, 1) + starts_of_generation(log, 2);
}

/* ---- cycles through each kind of container ----------------------------- */

static void list_in_self_cycle_is_collected(void **state)
{
    rco_object *l = self_cycle_list();
    rco_gc_collect(-1);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1);
}

static void dict_in_self_cycle_is_collected(void **state)
{
    rco_object *d = rco_dict_new();
    rco_object *one = rco_int(1);
    assert_int_equal(rco_dict_set(d, one, d), 0);
    rco_decref(one);
    rco_gc_collect(-1);
    rco_decref(d);
    assert_int_equal(rco_gc_collect(-1), 1);
}

static void tuple_in_cycle_through_list_is_collected(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_object *t = rco_tuple_pack(1, l);
    assert_int_equal(rco_list_append(l, t), 0);
    rco_gc_collect(-1);
    rco_decref(t);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 2);
}

static void set_in_cycle_through_instance_is_collected(void **state)
{
    rco_type *cls = plain_class("A");
    rco_object *s = rco_set_new();
    rco_object *a = rco_instance_new(cls);
    assert_int_equal(rco_set_add(s, a), 0);
    assert_int_equal(rco_setattr(a, "s", s), 0);
    rco_decref(a);
    rco_decref(s);
    assert_int_equal(rco_gc_collect(-1), 3); /* the set, the instance, its dict */
    release_class(cls);
}

static void class_referring_to_itself_is_collected(void **state)
{
    rco_type *cls = plain_class("A");
    assert_int_equal(rco_setattr((rco_object *)cls, "a", (rco_object *)cls), 0);
    rco_gc_collect(-1);
    release_class(cls);
    assert_int_equal(rco_gc_collect(-1), 2); /* the class and its attribute dict */
}

static void instance_in_self_cycle_is_collected(void **state)
{
    rco_type *cls = plain_class("A");
    rco_object *a = rco_instance_new(cls);
    assert_int_equal(rco_setattr(a, "a", a), 0);
    rco_gc_collect(-1);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 2); /* the instance and its attribute dict */
    release_class(cls);
}

static void class_kept_only_by_garbage_instance_is_collected_with_it(void **state)
{
    rco_type *cls = plain_class("A");
    rco_object *a = rco_instance_new(cls);
    assert_int_equal(rco_setattr(a, "a", a), 0);
    release_class(cls);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 3); /* instance, its dict, its class */
}

static void collect_without_garbage_returns_zero(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_int_equal(rco_gc_collect(-1), 0);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 0);
}

static void collect_of_bad_generation_is_value_error(void **state)
{
    assert_int_equal(rco_gc_collect(3), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_gc_collect(-2), -1);
    assert_error(RCO_ERR_VALUE);
}

static void cycle_reachable_from_outside_is_not_collected(void **state)
{
    rco_object *l = self_cycle_list();
    rco_object *holder = rco_list_new(0);
    rco_list_append(holder, l);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_repr(holder, "[[[...]]]");
    rco_decref(holder);
    assert_int_equal(rco_gc_collect(-1), 1);
}

static void young_collection_ignores_cycle_in_older_generation(void **state)
{
    rco_object *l = self_cycle_list();
    rco_gc_collect(0); /* l moves to generation 1 */
    rco_decref(l);
    assert_int_equal(rco_gc_collect(0), 0);
    assert_int_equal(rco_gc_collect(1), 1);
}

/* ---- legacy finalizers ------------------------------------------------- */

static int legacy_dels;

static void count_legacy_del(rco_object *self)
{
    legacy_dels++;
}

static void legacy_del_cycle_is_uncollectable_and_kept_in_garbage(void **state)
{
    legacy_dels = 0;
    rco_type *with_del = rco_class_new("A", NULL, count_legacy_del);
    rco_type *plain = plain_class("B");
    rco_object *a = rco_instance_new(with_del);
    rco_setattr(a, "a", a);
    rco_object *b = rco_instance_new(plain);
    rco_setattr(b, "b", b);
    rco_gc_collect(-1);
    rco_decref(a);
    rco_decref(b);

    assert_int_equal(rco_gc_collect(-1), 4); /* a, its dict, b, its dict */
    rco_object *garbage = rco_gc_garbage();
    assert_int_equal(rco_len(garbage), 1);
    assert_ptr_equal(rco_list_get(garbage, 0), a);
    assert_int_equal(legacy_dels, 0); /* its del never ran */

    assert_int_equal(rco_delattr(rco_list_get(garbage, 0), "a"), 0);
    assert_int_equal(rco_list_clear(garbage), 0);
    assert_int_equal(legacy_dels, 1); /* died by count: now it runs */
    assert_int_equal(rco_gc_collect(-1), 0);
    release_class(with_del);
    release_class(plain);
}

static void everything_a_legacy_del_object_reaches_is_uncollectable(void **state)
{
    rco_type *with_del = rco_class_new("A", NULL, count_legacy_del);
    rco_type *plain = plain_class("B");
    rco_object *a = rco_instance_new(with_del);
    rco_object *b = rco_instance_new(plain);
    rco_object *l = rco_list_new(0);
    rco_list_append(l, a);
    rco_list_append(l, b);
    rco_setattr(a, "l", l);            /* a -> dict -> l -> a: the cycle */
    rco_setattr(b, "me", b);           /* b only hangs from the cycle */
    rco_decref(l);
    rco_decref(a);
    rco_decref(b);

    assert_int_equal(rco_gc_collect(-1), 5); /* a, a's dict, l, b, b's dict */
    rco_object *garbage = rco_gc_garbage();
    assert_int_equal(rco_len(garbage), 1); /* only the object with the del */
    /* b was not cleared: its self loop and attributes are intact */
    assert_true(rco_hasattr(b, "me"));

    rco_delattr(rco_list_get(garbage, 0), "l");
    rco_list_clear(garbage);
    assert_int_equal(rco_gc_collect(-1), 2); /* b and its dict, collectable now */
    release_class(with_del);
    release_class(plain);
}

static void legacy_del_outside_cycle_runs_on_count_death(void **state)
{
    legacy_dels = 0;
    rco_type *with_del = rco_class_new("A", NULL, count_legacy_del);
    rco_object *a = rco_instance_new(with_del);
    rco_setattr(a, "x", rco_int(1));
    rco_decref(a);
    assert_int_equal(legacy_dels, 1);
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    release_class(with_del);
}

static void uncollectable_count_is_reported_in_stats(void **state)
{
    rco_type *with_del = rco_class_new("A", NULL, count_legacy_del);
    rco_object *a = rco_instance_new(with_del);
    rco_setattr(a, "a", a);
    rco_decref(a);
    rco_gc_stats before, after;
    rco_gc_get_stats(2, &before);
    assert_int_equal(rco_gc_collect(-1), 2);
    rco_gc_get_stats(2, &after);
    assert_int_equal(after.collections - before.collections, 1);
    assert_int_equal(after.collected - before.collected, 0);
    assert_int_equal(after.uncollectable - before.uncollectable, 2);
    rco_delattr(rco_list_get(rco_gc_garbage(), 0), "a");
    rco_list_clear(rco_gc_garbage());
    release_class(with_del);
}

/* ---- SAVEALL ----------------------------------------------------------- */

static void saveall_keeps_collected_garbage_in_garbage_list(void **state)
{
    rco_gc_collect(-1);
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    rco_object *l = self_cycle_list();
    rco_gc_set_debug(RCO_GC_DEBUG_SAVEALL);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1);
    rco_gc_set_debug(0);

    rco_object *garbage = rco_gc_garbage();
    assert_int_equal(rco_len(garbage), 1);
    assert_ptr_equal(rco_list_get(garbage, 0), l);
    assert_repr(l, "[[...]]"); /* saved whole, not cleared */
    clear_garbage(); /* breaks the cycle, then lets it go */
}

static void saveall_also_lists_everything_legacy_objects_reach(void **state)
{
    rco_type *with_del = rco_class_new("A", NULL, count_legacy_del);
    rco_object *a = rco_instance_new(with_del);
    rco_setattr(a, "a", a);
    rco_decref(a);
    rco_gc_set_debug(RCO_GC_DEBUG_SAVEALL);
    assert_int_equal(rco_gc_collect(-1), 2);
    rco_gc_set_debug(0);
    assert_int_equal(rco_len(rco_gc_garbage()), 2); /* the instance and its dict */
    rco_delattr(a, "a");
    rco_list_clear(rco_gc_garbage());
    release_class(with_del);
}

static void uncollectable_left_unlisted_when_memory_fails_is_found_again(void **state)
{
    rco_type *with_del = rco_class_new("A", NULL, count_legacy_del);
    rco_object *a = rco_instance_new(with_del);
    rco_setattr(a, "a", a);
    rco_decref(a);
    rco_list_clear(rco_gc_garbage()); /* no spare room: appending must allocate */
    rco_debug_fail_alloc_persistent(1);
    ssize_t found = rco_gc_collect(-1);
    rco_debug_fail_alloc(0);
    assert_int_equal(found, 2);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_int_equal(rco_len(rco_gc_garbage()), 0); /* could not be listed */
    assert_int_equal(rco_hasattr(a, "a"), 1);      /* but nothing was torn down */
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_int_equal(rco_len(rco_gc_garbage()), 1);
    rco_delattr(a, "a");
    rco_list_clear(rco_gc_garbage());
    release_class(with_del);
}

static void saveall_garbage_left_unlisted_when_memory_fails_is_found_again(void **state)
{
    rco_object *l = self_cycle_list();
    rco_decref(l);
    rco_list_clear(rco_gc_garbage());
    rco_gc_set_debug(RCO_GC_DEBUG_SAVEALL);
    rco_debug_fail_alloc_persistent(1);
    ssize_t found = rco_gc_collect(-1);
    rco_debug_fail_alloc(0);
    assert_int_equal(found, 1);
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    assert_repr(l, "[[...]]"); /* alive and whole */
    assert_int_equal(rco_gc_collect(-1), 1);
    rco_gc_set_debug(0);
    assert_int_equal(rco_len(rco_gc_garbage()), 1);
    clear_garbage();
}

/* ---- counts and generations -------------------------------------------- */

static void get_count_counts_tracked_allocations(void **state)
{
    rco_gc_collect(-1);
    int a, b, c, d, e, f;
    rco_gc_get_count(&a, &b, &c);
    rco_object *x = rco_list_new(0);
    rco_gc_get_count(&d, &e, &f);
    assert_int_equal(b, 0);
    assert_int_equal(c, 0);
    assert_int_equal(e, 0);
    assert_int_equal(f, 0);
    assert_int_equal(a, 0);
    assert_int_equal(d, a + 1);
    rco_decref(x);
}

static void get_count_ignores_atomic_objects(void **state)
{
    rco_gc_collect(-1);
    int before, after;
    rco_gc_get_count(&before, NULL, NULL);
    rco_object *i = rco_int(123456789);
    rco_object *s = rco_str("text");
    rco_object *f = rco_float(1.5);
    rco_gc_get_count(&after, NULL, NULL);
    assert_int_equal(after, before);
    rco_decref(i);
    rco_decref(s);
    rco_decref(f);
}

static void get_count_drops_when_tracked_objects_are_freed(void **state)
{
    rco_gc_collect(-1);
    int before, during, after;
    rco_gc_get_count(&before, NULL, NULL);
    rco_object *x = rco_list_new(0);
    rco_object *y = rco_set_new();
    rco_gc_get_count(&during, NULL, NULL);
    rco_decref(x);
    rco_decref(y);
    rco_gc_get_count(&after, NULL, NULL);
    assert_int_equal(during, before + 2);
    assert_int_equal(after, before);
}

static void survivors_trickle_up_one_generation_per_collection(void **state)
{
    rco_gc_collect(-1);
    rco_object *x = rco_list_new(0);
    assert_true(in_generation(x, 0));
    int a, b, c, d, e, f, g, h, i;
    rco_gc_collect(0);
    rco_gc_get_count(&a, &b, &c);
    assert_true(in_generation(x, 1));
    assert_false(in_generation(x, 0));
    rco_gc_collect(1);
    rco_gc_get_count(&d, &e, &f);
    assert_true(in_generation(x, 2));
    assert_false(in_generation(x, 1));
    rco_gc_collect(2);
    rco_gc_get_count(&g, &h, &i);
    assert_true(in_generation(x, 2));
    (void)a, (void)d, (void)g;
    assert_int_equal(b, 1);
    assert_int_equal(c, 0);
    assert_int_equal(e, 0);
    assert_int_equal(f, 1);
    assert_int_equal(h, 0);
    assert_int_equal(i, 0);
    rco_decref(x);
}

static void get_objects_of_bad_generation_is_value_error(void **state)
{
    assert_null(rco_gc_get_objects(3));
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_gc_get_objects(-2));
    assert_error(RCO_ERR_VALUE);
}

static void get_objects_of_all_generations_is_their_union(void **state)
{
    rco_object *x = rco_list_new(0);
    rco_gc_collect(0);
    rco_object *y = rco_list_new(0);
    ssize_t total = generation_size(0) + generation_size(1) + generation_size(2);
    rco_object *all = rco_gc_get_objects(-1);
    assert_true(list_holds(all, x));
    assert_true(list_holds(all, y));
    assert_int_equal(rco_len(all), total);
    rco_decref(all);
    rco_decref(x);
    rco_decref(y);
}

static void get_stats_counts_collections_per_generation(void **state)
{
    rco_gc_stats old[3], now[3];
    for (int g = 0; g < 3; g++)
        assert_int_equal(rco_gc_get_stats(g, &old[g]), 0);
    rco_gc_collect(0);
    for (int g = 0; g < 3; g++)
        rco_gc_get_stats(g, &now[g]);
    assert_int_equal(now[0].collections, old[0].collections + 1);
    assert_int_equal(now[1].collections, old[1].collections);
    assert_int_equal(now[2].collections, old[2].collections);
    rco_gc_collect(2);
    for (int g = 0; g < 3; g++)
        rco_gc_get_stats(g, &now[g]);
    assert_int_equal(now[0].collections, old[0].collections + 1);
    assert_int_equal(now[1].collections, old[1].collections);
    assert_int_equal(now[2].collections, old[2].collections + 1);
}

static void get_stats_of_bad_generation_fails(void **state)
{
    rco_gc_stats s;
    assert_int_equal(rco_gc_get_stats(3, &s), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_gc_get_stats(0, NULL), -1);
    assert_error(RCO_ERR_VALUE);
}

/* ---- automatic collection ---------------------------------------------- */

static void default_thresholds_are_700_10_10(void **state)
{
    int t0, t1, t2;
    rco_gc_get_threshold(&t0, &t1, &t2);
    assert_int_equal(t0, 700);
    assert_int_equal(t1, 10);
    assert_int_equal(t2, 10);
    rco_gc_set_threshold(5, 6, 7);
    rco_gc_get_threshold(&t0, &t1, &t2);
    assert_int_equal(t0, 5);
    assert_int_equal(t1, 6);
    assert_int_equal(t2, 7);
}

static void automatic_collection_starts_past_threshold0(void **state)
{
    enum { T0 = 50 };
    rco_gc_set_threshold(T0, 10, 10);
    rco_gc_collect(-1);
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    rco_object *kept[T0 + 10];
    int made = 0;
    while (log.n == 0 && made < T0 + 10)
        kept[made++] = rco_list_new(0);
    rco_gc_callback_remove(record_event, &log);
    assert_int_equal(made, T0 + 1); /* count > threshold */
    assert_int_equal(log.n, 2);
    assert_string_equal(log.events[0].phase, "start");
    assert_int_equal(log.events[0].info.generation, 0);
    assert_string_equal(log.events[1].phase, "stop");
    for (int i = 0; i < made; i++)
        rco_decref(kept[i]);
}

static void automatic_collection_frees_cycles_with_default_threshold(void **state)
{
    rco_gc_collect(-1);
    rco_object *l = rco_test_node_cycle(); /* weakrefs cannot watch lists */
    rco_object *w = rco_weakref_new(l, NULL, NULL);
    rco_decref(l);
    rco_object *keeper = rco_list_new(0);
    int made = 0;
    rco_object *target;
    while ((target = rco_weakref_get(w)) != NULL && made < 2000) {
        rco_decref(target);
        rco_list_append_steal(keeper, rco_list_new(0));
        made++;
    }
    assert_null(target);
    assert_in_range(made, 690, 700);
    rco_decref(keeper);
    rco_decref(w);
}

static void threshold0_of_zero_disables_automatic_collection(void **state)
{
    rco_gc_set_threshold(0, 10, 10);
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    rco_object *keeper = rco_list_new(0);
    for (int i = 0; i < 3000; i++)
        rco_list_append_steal(keeper, rco_list_new(0));
    rco_gc_callback_remove(record_event, &log);
    assert_int_equal(log.n, 0);
    rco_decref(keeper);
}

static void disabled_collector_collects_only_on_demand(void **state)
{
    rco_gc_set_threshold(10, 10, 10);
    rco_gc_disable();
    assert_false(rco_gc_is_enabled());
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    rco_object *keeper = rco_list_new(0);
    for (int i = 0; i < 500; i++)
        rco_list_append_steal(keeper, rco_list_new(0));
    assert_int_equal(log.n, 0);
    assert_int_equal(rco_gc_collect(0), 0);
    assert_int_equal(log.n, 2);
    rco_gc_callback_remove(record_event, &log);
    rco_gc_enable();
    assert_true(rco_gc_is_enabled());
    rco_decref(keeper);
}

static void older_generation_collected_after_threshold_younger_collections(void **state)
{
    rco_gc_set_threshold(5, 2, 1000);
    rco_gc_collect(-1);
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    rco_object *keeper = rco_list_new(0);
    while (collections_started(&log) < 8)
        rco_list_append_steal(keeper, rco_list_new(0));
    rco_gc_callback_remove(record_event, &log);
    int expected[8] = { 0, 0, 0, 1, 0, 0, 0, 1 };
    int seen = 0;
    for (int i = 0; i < log.n; i++)
        if (!strcmp(log.events[i].phase, "start"))
            assert_int_equal(log.events[i].info.generation, expected[seen++]);
    rco_decref(keeper);
}

/* A full automatic collection waits until the objects that joined the
 * oldest generation since the last one are 25% of it, even though the
 * count of generation 2 is over its threshold long before. */
static void full_automatic_collection_waits_for_25_percent_growth(void **state)
{
    enum { LONG_LIVED = 800 };
    rco_object *old = rco_list_new(0);
    for (int i = 0; i < LONG_LIVED; i++)
        rco_list_append_steal(old, rco_list_new(0));
    rco_gc_collect(-1);
    ssize_t long_lived_total = generation_size(2);
    assert_true(long_lived_total > LONG_LIVED);

    rco_gc_set_threshold(1, 1, 1);
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    rco_object *young = rco_list_new(0);
    ssize_t survivors = 1;
    rco_gc_stats before, now;
    rco_gc_get_stats(2, &before);
    ssize_t survivors_at_full = -1;
    while (survivors < 2 * long_lived_total) {
        rco_list_append_steal(young, rco_list_new(0));
        survivors++;
        rco_gc_get_stats(2, &now);
        if (now.collections > before.collections) {
            survivors_at_full = survivors;
            break;
        }
    }
    rco_gc_callback_remove(record_event, &log);

    /* generation 2 was over its threshold when generation 1 went instead */
    int skipped_full = 0;
    for (int i = 0; i < log.n; i++) {
        const gc_event *e = &log.events[i];
        if (!strcmp(e->phase, "start") && e->info.generation == 1 && e->counts[2] > 1)
            skipped_full++;
    }
    assert_true(skipped_full > 0);
    assert_true(survivors_at_full >= long_lived_total / 4);
    assert_true(survivors_at_full <= long_lived_total / 4 + 8);
    rco_decref(young);
    rco_decref(old);
}

static int collections_in_callback;

static void collect_from_gc_callback(const char *phase, const rco_gc_info *info, void *arg)
{
    if (rco_gc_collect(-1) != 0)
        collections_in_callback++;
}

static void collect_during_a_collection_returns_zero(void **state)
{
    collections_in_callback = 0;
    rco_gc_callback_add(collect_from_gc_callback, NULL);
    rco_object *l = self_cycle_list();
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1);
    rco_gc_callback_remove(collect_from_gc_callback, NULL);
    assert_int_equal(collections_in_callback, 0);
}

/* ---- trashcan: deep destruction with finalizers ----------------------- */

static long ouch_count;

static void ouch_finalize(rco_object *self)
{
    ouch_count++;
    if (ouch_count % 17 == 0)
        rco_gc_collect(0);
    if (ouch_count % 25000 == 0)
        rco_gc_collect(-1);
}

static void deep_chain_of_finalized_instances_is_freed(void **state)
{
    enum { DEPTH = 100000 };
    ouch_count = 0;
    rco_type *ouch = rco_class_new("Ouch", ouch_finalize, NULL);
    rco_object *head = rco_instance_new(ouch);
    for (int i = 1; i < DEPTH; i++) {
        rco_object *node = rco_instance_new(ouch);
        assert_int_equal(rco_setattr(node, "next", head), 0);
        rco_decref(head);
        head = node;
    }
    rco_gc_collect(-1);
    assert_int_equal(ouch_count, 0);
    rco_decref(head);
    assert_int_equal(ouch_count, DEPTH);
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_int_equal(ouch_count, DEPTH);
    release_class(ouch);
}

static void nested_containers_with_finalizers_are_freed(void **state)
{
    enum { N = 150 };
    ouch_count = 0;
    rco_gc_set_threshold(1, 1, 1);
    rco_type *ouch = rco_class_new("Ouch", ouch_finalize, NULL);
    for (int round = 0; round < 2; round++) {
        rco_object *t = rco_list_new(0);
        for (int i = 0; i < N; i++) {
            rco_object *pair = rco_list_new(0);
            rco_list_append_steal(pair, t);
            rco_list_append_steal(pair, rco_instance_new(ouch));
            t = pair;
        }
        rco_object *v = rco_dict_new();
        for (int i = 0; i < N; i++) {
            rco_object *d = rco_dict_new();
            rco_dict_set_steal(d, rco_int(1), v);
            rco_dict_set_steal(d, rco_int(2), rco_instance_new(ouch));
            v = d;
        }
        rco_decref(t);
        rco_decref(v);
    }
    assert_int_equal(ouch_count, 4 * N);
    release_class(ouch);
}

/* ---- referrers and referents -------------------------------------------- */

static void get_referents_of_containers_are_their_items(void **state)
{
    rco_object *l = rco_build("[iii]", 1, 3, 5);
    rco_object *got = rco_gc_get_referents(l);
    assert_repr(got, "[1, 3, 5]");
    rco_decref(got);

    rco_object *t = rco_build("(iii)", 1, 3, 5);
    got = rco_gc_get_referents(t);
    assert_repr(got, "[1, 3, 5]");
    rco_decref(got);

    rco_object *d = rco_build("{i:i,i:i}", 1, 3, 5, 7);
    got = rco_gc_get_referents(d); /* keys and values, in the order traverse visits */
    assert_int_equal(rco_len(got), 4);
    int64_t sum = 0, product = 1;
    for (size_t i = 0; i < 4; i++) {
        sum += rco_int_value(rco_list_get(got, i));
        product *= rco_int_value(rco_list_get(got, i));
    }
    assert_int_equal(sum, 1 + 3 + 5 + 7);
    assert_int_equal(product, 1 * 3 * 5 * 7);
    rco_decref(got);
    rco_decref(l);
    rco_decref(t);
    rco_decref(d);
}

static void get_referents_of_atomic_objects_is_empty(void **state)
{
    rco_object *i = rco_int(1);
    rco_object *s = rco_str("a");
    rco_object *got = rco_gc_get_referents(i);
    assert_repr(got, "[]");
    rco_decref(got);
    got = rco_gc_get_referents(s);
    assert_repr(got, "[]");
    rco_decref(got);
    rco_decref(i);
    rco_decref(s);
}

static void get_referents_of_instance_are_its_class_and_dict(void **state)
{
    rco_type *cls = plain_class("A");
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "x", rco_int(7));
    rco_object *got = rco_gc_get_referents(a);
    assert_int_equal(rco_len(got), 2);
    assert_true(list_holds(got, (rco_object *)cls));
    assert_repr(rco_list_get(got, 1), "{'x': 7}");
    rco_decref(got);
    rco_decref(a);
    release_class(cls);
}

static void get_referents_of_null_is_type_error(void **state)
{
    assert_null(rco_gc_get_referents(NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_gc_get_referrers(NULL));
    assert_error(RCO_ERR_TYPE);
}

static void get_referrers_finds_the_containers_holding_an_object(void **state)
{
    rco_object *x = rco_list_new(0);
    rco_object *in_list = rco_list_new(0);
    rco_list_append(in_list, x);
    rco_object *in_dict = rco_dict_new();
    rco_dict_set_str(in_dict, "k", x);
    rco_object *in_tuple = rco_tuple_pack(1, x);
    rco_object *unrelated = rco_list_new(0);
    rco_gc_collect(0); /* referrers are found in every generation */

    rco_object *got = rco_gc_get_referrers(x);
    assert_int_equal(rco_len(got), 3);
    assert_true(list_holds(got, in_list));
    assert_true(list_holds(got, in_dict));
    assert_true(list_holds(got, in_tuple));
    assert_false(list_holds(got, unrelated));
    rco_decref(got);
    rco_decref(in_list);
    rco_decref(in_dict);
    rco_decref(in_tuple);
    rco_decref(unrelated);
    rco_decref(x);
}

static void get_referrers_survives_allocation_failure(void **state)
{
    rco_object *x = rco_list_new(0);
    rco_object *holders[4];
    for (int i = 0; i < 4; i++) {
        holders[i] = rco_list_new(0);
        rco_list_append(holders[i], x);
    }
    for (long nth = 1; nth < 20; nth++) {
        rco_debug_fail_alloc(nth);
        rco_object *got = rco_gc_get_referrers(x);
        rco_debug_fail_alloc(0);
        if (got) {
            assert_int_equal(rco_len(got), 4);
            rco_decref(got);
            break;
        }
        assert_error(RCO_ERR_MEMORY);
    }
    for (long nth = 1; nth < 20; nth++) {
        rco_debug_fail_alloc(nth);
        rco_object *got = rco_gc_get_referents(holders[0]);
        rco_debug_fail_alloc(0);
        if (got) {
            assert_int_equal(rco_len(got), 1);
            rco_decref(got);
            break;
        }
        assert_error(RCO_ERR_MEMORY);
    }
    for (int i = 0; i < 4; i++)
        rco_decref(holders[i]);
    rco_decref(x);
}

/* ---- tracking --------------------------------------------------------- */

static void atomic_objects_are_never_tracked(void **state)
{
    rco_object *objs[] = { rco_none(), rco_true(), rco_false(), rco_int(1), rco_int(1 << 30),
                           rco_float(1.0), rco_str("a"), rco_bytes("a", 1) };
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        assert_int_equal(rco_gc_is_tracked(objs[i]), 0);
        rco_decref(objs[i]);
    }
}

static void containers_and_instances_are_tracked(void **state)
{
    rco_type *cls = plain_class("UserClass");
    rco_object *objs[] = { rco_list_new(0), rco_set_new(), rco_instance_new(cls),
                           rco_build("([])") };
    assert_int_equal(rco_gc_is_tracked((rco_object *)cls), 1);
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        assert_int_equal(rco_gc_is_tracked(objs[i]), 1);
        rco_decref(objs[i]);
    }
    release_class(cls);
}

static void is_tracked_of_null_is_type_error(void **state)
{
    assert_int_equal(rco_gc_is_tracked(NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_gc_is_finalized(NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

static void dict_is_untracked_until_it_holds_a_container(void **state)
{
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_gc_is_tracked(d), 0);
    rco_dict_set_steal(d, rco_str("a"), rco_int(1));
    rco_dict_set_steal(d, rco_int(2), rco_str("b"));
    rco_dict_set_steal(d, rco_str("c"), rco_tuple_new(0));
    assert_int_equal(rco_gc_is_tracked(d), 0);
    rco_dict_set_steal(d, rco_str("d"), rco_list_new(0));
    assert_int_equal(rco_gc_is_tracked(d), 1);
    rco_decref(d);
}

static void dict_of_atomics_is_untracked_by_full_collection_only(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_str("l"), rco_list_new(0));
    rco_dict_del_str(d, "l");
    rco_dict_set_steal(d, rco_str("a"), rco_int(1));
    assert_int_equal(rco_gc_is_tracked(d), 1);
    rco_gc_collect(1);
    assert_int_equal(rco_gc_is_tracked(d), 1);
    rco_gc_collect(2);
    assert_int_equal(rco_gc_is_tracked(d), 0);
    rco_decref(d);
}

/* Tuples join the collector only once they hold a container (CPython
 * tracks every tuple and untracks atomic ones in collections: the same
 * outcome, without the cost). */
static void tuple_of_atomics_is_never_tracked(void **state)
{
    rco_object *t = rco_build("(is)", 1, "a");
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_gc_collect(0);
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_object *l = rco_list_new(0);
    assert_int_equal(rco_tuple_set(t, 0, l), 0);
    assert_int_equal(rco_gc_is_tracked(t), 1);
    rco_decref(l);
    rco_decref(t);
}

static void tuple_holding_tracked_tuple_stays_tracked(void **state)
{
    rco_object *inner = rco_list_new(0);
    rco_object *t = rco_tuple_pack(1, inner);
    rco_object *outer = rco_tuple_pack(1, t);
    rco_gc_collect(0);
    assert_int_equal(rco_gc_is_tracked(t), 1);
    assert_int_equal(rco_gc_is_tracked(outer), 1);
    rco_decref(outer);
    rco_decref(t);
    rco_decref(inner);
}

static void tuple_with_unfilled_slot_is_tracked_once_filled_with_a_container(void **state)
{
    rco_object *t = rco_tuple_new(2);
    rco_tuple_set_steal(t, 0, rco_int(1));
    rco_gc_collect(0);
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_object *l = self_cycle_list();
    rco_tuple_set(t, 1, l);
    assert_int_equal(rco_gc_is_tracked(t), 1);
    rco_decref(l);
    rco_decref(t);
}

/* ---- finalizers seen by the collector --------------------------------- */

static rco_object *storage; /* where Lazarus goes back to life */
static int lazarus_finalized;

static void lazarus_finalize(rco_object *self)
{
    lazarus_finalized++;
    rco_list_append(storage, self);
}

static void is_finalized_after_resurrection(void **state)
{
    rco_object *three = rco_int(3);
    assert_int_equal(rco_gc_is_finalized(three), 0);
    storage = rco_list_new(0);
    rco_type *cls = rco_class_new("Lazarus", lazarus_finalize, NULL);
    rco_object *lazarus = rco_instance_new(cls);
    rco_setattr(lazarus, "me", lazarus);
    assert_int_equal(rco_gc_is_finalized(lazarus), 0);
    rco_decref(lazarus);
    rco_gc_collect(-1);
    lazarus = rco_list_pop(storage, 0);
    assert_int_equal(rco_gc_is_finalized(lazarus), 1);
    rco_delattr(lazarus, "me");
    rco_decref(lazarus);
    rco_decref(storage);
    release_class(cls);
}

static void resurrection_happens_once_per_object(void **state)
{
    storage = rco_list_new(0);
    lazarus_finalized = 0;
    rco_type *cls = rco_class_new("Lazarus", lazarus_finalize, NULL);
    rco_object *laz = rco_instance_new(cls);
    rco_setattr(laz, "me", laz);
    rco_decref(laz);
    rco_gc_collect(-1);
    assert_int_equal(lazarus_finalized, 1);
    assert_int_equal(rco_len(storage), 1);

    rco_list_clear(storage);
    assert_int_equal(rco_gc_collect(-1), 2); /* dies for good: instance and dict */
    assert_int_equal(lazarus_finalized, 1);
    assert_int_equal(rco_len(storage), 0);
    rco_decref(storage);
    release_class(cls);
}

static void resurrection_is_transitive(void **state)
{
    storage = rco_list_new(0);
    rco_type *lazarus_cls = rco_class_new("Lazarus", lazarus_finalize, NULL);
    rco_type *cargo_cls = plain_class("Cargo");
    rco_object *laz = rco_instance_new(lazarus_cls);
    rco_object *cargo = rco_instance_new(cargo_cls);
    rco_setattr(cargo, "me", cargo);
    rco_setattr(laz, "cargo", cargo);
    rco_setattr(cargo, "laz", laz);
    rco_decref(laz);
    rco_decref(cargo);
    assert_int_equal(rco_gc_collect(-1), 0); /* everything came back */
    assert_int_equal(rco_len(storage), 1);
    rco_object *back = rco_list_pop(storage, 0);
    rco_object *got = rco_getattr(back, "cargo");
    assert_ptr_equal(got, cargo);
    assert_int_equal(rco_hasattr(got, "me"), 1);
    rco_decref(got);
    rco_decref(back);
    assert_int_equal(rco_gc_collect(-1), 4);
    rco_decref(storage);
    release_class(lazarus_cls);
    release_class(cargo_cls);
}

static void resurrection_does_not_block_collection_of_other_garbage(void **state)
{
    enum { N = 100 };
    storage = rco_list_new(0);
    rco_type *a_cls = plain_class("A");
    rco_type *z_cls = rco_class_new("Z", lazarus_finalize, NULL);
    rco_gc_collect(-1);
    rco_gc_disable();
    rco_gc_stats s0, s1;

    rco_gc_get_stats(2, &s0);
    for (int i = 0; i < N; i++)
        rco_decref(self_loop_instance(a_cls, i));
    assert_int_equal(rco_gc_collect(-1), 2 * N);
    rco_gc_get_stats(2, &s1);
    assert_int_equal(s1.collected - s0.collected, 2 * N);
    assert_int_equal(s1.uncollectable - s0.uncollectable, 0);

    s0 = s1;
    rco_decref(self_loop_instance(z_cls, 0));
    assert_int_equal(rco_gc_collect(-1), 0); /* merely resurrected */
    rco_gc_get_stats(2, &s1);
    assert_int_equal(s1.collected - s0.collected, 0);

    s0 = s1;
    for (int i = 0; i < N; i++)
        rco_decref(self_loop_instance(a_cls, i));
    rco_decref(self_loop_instance(z_cls, 1));
    assert_int_equal(rco_gc_collect(-1), 2 * N);
    rco_gc_get_stats(2, &s1);
    assert_int_equal(s1.collected - s0.collected, 2 * N);
    assert_int_equal(s1.uncollectable - s0.uncollectable, 0);

    s0 = s1;
    rco_list_clear(storage);
    assert_int_equal(rco_gc_collect(-1), 4); /* the two Zs and their dicts */
    rco_gc_get_stats(2, &s1);
    assert_int_equal(s1.collected - s0.collected, 4);
    rco_gc_enable();
    rco_decref(storage);
    release_class(a_cls);
    release_class(z_cls);
}

/* bpo-21435: a finalizer that mutates garbage that was already visited. */
static void b_finalize_sets_attr(rco_object *self)
{
    rco_setattr(self, "attr", rco_none());
}

static void finalizer_mutating_garbage_does_not_break_collection(void **state)
{
    rco_type *a_cls = plain_class("A");
    rco_type *b_cls = rco_class_new("B", b_finalize_sets_attr, NULL);
    rco_object *a = rco_instance_new(a_cls);
    rco_object *b = rco_instance_new(b_cls);
    rco_object *x = rco_instance_new(a_cls);
    rco_setattr(b, "x", x);
    rco_decref(x);
    rco_setattr(a, "attr", b);
    rco_setattr(b, "attr", a);
    rco_decref(a);
    rco_decref(b);
    rco_gc_collect(-1); /* the finalizer broke the cycle: a is freed by count */
    assert_int_equal(rco_gc_collect(-1), 0);
    release_class(a_cls);
    release_class(b_cls);
}

/* ---- weakrefs and the collector: bpo-1055820 ------------------------- */

typedef struct ouch_state {
    rco_object *wrs[2];
    rco_object *seen[2];
    int len;
    int calls;
} ouch_state;

static void materialize_all(rco_object *ref, void *arg)
{
    ouch_state *s = arg;
    s->calls++;
    for (int i = 0; i < 2; i++) {
        rco_xdecref(s->seen[i]);
        s->seen[i] = rco_weakref_get(s->wrs[i]);
    }
    s->len = 2;
}

/* temp2b.py: the callbacks of reachable weakrefs to garbage run after the
 * weakrefs are cleared, so they cannot resurrect damaged objects. */
static void bug1055820b_callbacks_see_only_cleared_weakrefs(void **state)
{
    ouch_state s = { 0 };
    rco_type *cls = plain_class("C1055820");
    rco_object *cs[2];
    for (int i = 0; i < 2; i++) {
        cs[i] = self_loop_instance(cls, i);
        s.wrs[i] = rco_weakref_new(cs[i], materialize_all, &s);
    }
    rco_gc_collect(-1);
    assert_int_equal(s.len, 0);
    for (int i = 0; i < 2; i++)
        rco_decref(cs[i]);
    rco_gc_collect(-1);
    assert_int_equal(s.len, 2); /* else the callbacks did not run */
    assert_int_equal(s.calls, 2);
    assert_null(s.seen[0]);
    assert_null(s.seen[1]);
    for (int i = 0; i < 2; i++)
        rco_decref(s.wrs[i]);
    release_class(cls);
}

/* A piece of cyclic garbage whose weakref callback says a collection
 * happened (CPython's GC_Detector). */
typedef struct gc_detector {
    rco_object *wr;
    bool happened;
} gc_detector;

static void detector_fired(rco_object *ref, void *arg)
{
    ((gc_detector *)arg)->happened = true;
}

static void detector_start(gc_detector *d, rco_type *cls)
{
    d->happened = false;
    rco_object *trash = self_loop_instance(cls, 666);
    d->wr = rco_weakref_new(trash, detector_fired, d);
    rco_decref(trash);
}

/* Allocate until the detector fires, the way a program would; checks that
 * *ouch_len stays 0 until then. */
static void allocate_until_detected(gc_detector *d, const int *ouch_len)
{
    rco_object *junk = rco_list_new(0);
    for (int i = 0; !d->happened; i++) {
        assert_true(i < 10000);
        assert_int_equal(*ouch_len, 0);
        rco_list_append_steal(junk, rco_list_new(0));
    }
    rco_decref(junk);
    rco_decref(d->wr);
}

typedef struct c2_probe {
    rco_object *c2wr;
    rco_object *seen;
    int len;
} c2_probe;

static void probe_c2(rco_object *ref, void *arg)
{
    c2_probe *p = arg;
    rco_xdecref(p->seen);
    p->seen = rco_weakref_get(p->c2wr);
    p->len = 1;
}

/* temp2c.py: a callback on an old object that dies as a side effect of
 * clearing young garbage must not see the young garbage alive. */
static void bug1055820c_callback_of_old_object_sees_young_garbage_cleared(void **state)
{
    rco_type *cls = plain_class("C1055820");
    rco_object *c0 = self_loop_instance(cls, 0);
    rco_gc_collect(-1); /* c0 moves to generation 2 */

    rco_object *c1 = self_loop_instance(cls, 1);
    rco_setattr(c1, "keep_c0_alive", c0);
    rco_delattr(c0, "loop"); /* now only c1 keeps c0 alive */
    rco_object *c2 = self_loop_instance(cls, 2);
    c2_probe probe = { rco_weakref_new(c2, NULL, NULL), NULL, 0 };
    rco_object *c0wr = rco_weakref_new(c0, probe_c2, &probe);
    rco_decref(c0);
    rco_decref(c1);
    rco_decref(c2);

    gc_detector detector;
    detector_start(&detector, cls);
    allocate_until_detected(&detector, &probe.len);
    assert_int_equal(probe.len, 1); /* else the callback was not invoked */
    assert_null(probe.seen);
    rco_decref(c0wr);
    rco_decref(probe.c2wr);
    release_class(cls);
}

static c2_probe *d_probe;

static void d_finalize(rco_object *self)
{
    probe_c2(NULL, d_probe);
}

/* temp2d.py: the same with a finalizer instead of a weakref callback. */
static void bug1055820d_finalizer_of_old_object_sees_young_garbage_cleared(void **state)
{
    rco_type *cls = plain_class("C1055820");
    rco_type *d_cls = rco_class_new("D", d_finalize, NULL);
    c2_probe probe = { NULL, NULL, 0 };
    d_probe = &probe;
    rco_object *d0 = self_loop_instance(d_cls, 0);
    rco_gc_collect(-1); /* d0 moves to generation 2 */

    rco_object *c1 = self_loop_instance(cls, 1);
    rco_setattr(c1, "keep_d0_alive", d0);
    rco_delattr(d0, "loop");
    rco_object *c2 = self_loop_instance(cls, 2);
    probe.c2wr = rco_weakref_new(c2, NULL, NULL);
    rco_decref(d0);
    rco_decref(c1);
    rco_decref(c2);

    gc_detector detector;
    detector_start(&detector, cls);
    allocate_until_detected(&detector, &probe.len);
    assert_int_equal(probe.len, 1); /* else the finalizer was not invoked */
    assert_null(probe.seen);
    rco_decref(probe.c2wr);
    release_class(cls);
    release_class(d_cls);
}

/* A C type that holds a reference but is invisible to the collector (no
 * RCO_TYPE_GC, no traverse): CPython's ContainerNoGC. */
typedef struct container_no_gc {
    rco_object ob;
    rco_object *value;
} container_no_gc;

static void container_no_gc_dealloc(rco_object *self)
{
    RCO_CLEAR(((container_no_gc *)self)->value);
}

static rco_type container_no_gc_type = {
    .name = "ContainerNoGC",
    .size = sizeof(container_no_gc),
    .dealloc = container_no_gc_dealloc,
};

static int trash_callback_calls;

static void trash_callback(rco_object *ref, void *arg)
{
    trash_callback_calls++;
}

/* bpo-38006: a weakref that is garbage is cleared before anything is torn
 * down, even when its target is not known to be garbage. */
static void weakref_in_garbage_is_cleared_before_clearing_starts(void **state)
{
    trash_callback_calls = 0;
    rco_type *a_cls = plain_class("A");
    rco_type *z_cls = plain_class("Z");
    rco_object *a = rco_instance_new(a_cls);
    rco_setattr(a, "a", a);
    container_no_gc *y = (container_no_gc *)rco_new(&container_no_gc_type);
    assert_non_null(y);
    y->value = rco_instance_new(z_cls);
    rco_setattr(a, "y", &y->ob);
    rco_object *wz = rco_weakref_new(y->value, trash_callback, NULL);
    rco_setattr(a, "wz", wz);
    rco_object *wr_cycle = rco_list_new(0);
    rco_list_append(wr_cycle, wz);
    rco_list_append(wr_cycle, wr_cycle);
    rco_decref(&y->ob);
    rco_decref(wz);
    rco_gc_collect(-1);
    rco_gc_disable();
    rco_decref(a);
    rco_decref(wr_cycle);
    rco_gc_collect(-1);
    assert_int_equal(trash_callback_calls, 0);
    rco_gc_enable();
    release_class(a_cls);
    release_class(z_cls);
}

/* GH-91636: weakrefs that finalizers create to garbage are cleared before
 * the garbage is torn down, so their callbacks cannot reach it either. */
typedef struct late_refs {
    rco_object *refs[4];
    int n;
    int calls;
    int saw_torn_down;
} late_refs;

static late_refs *late;

static void reach_through_late_refs(rco_object *ref, void *arg)
{
    late->calls++;
    for (int i = 0; i < late->n; i++) {
        rco_object *target = rco_weakref_get(late->refs[i]);
        if (target) {
            late->saw_torn_down++;
            rco_decref(target);
        }
    }
}

static void watch_self_with_late_weakref(rco_object *self)
{
    if (late->n < 4)
        late->refs[late->n++] = rco_weakref_new(self, reach_through_late_refs, NULL);
}

static void weakrefs_created_by_finalizers_are_cleared_before_teardown(void **state)
{
    late_refs refs = { 0 };
    late = &refs;
    rco_type *cls = rco_class_new("Watched", watch_self_with_late_weakref, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_object *b = rco_instance_new(cls);
    rco_setattr(a, "partner", b);
    rco_setattr(b, "partner", a);
    rco_decref(a);
    rco_decref(b);
    assert_int_equal(rco_gc_collect(-1), 4);
    assert_int_equal(refs.n, 2);
    assert_int_equal(refs.calls, 2); /* the callbacks still run, afterwards */
    assert_int_equal(refs.saw_torn_down, 0);
    for (int i = 0; i < refs.n; i++) {
        assert_null(rco_weakref_get(refs.refs[i]));
        rco_decref(refs.refs[i]);
    }
    release_class(cls);
}

/* ---- collector callbacks ---------------------------------------------- */

static void callbacks_see_start_and_stop_of_each_collection(void **state)
{
    gc_log one = { 0 }, two = { 0 };
    assert_int_equal(rco_gc_callback_add(record_event, &one), 0);
    assert_int_equal(rco_gc_callback_add(record_event, &two), 0);
    rco_gc_collect(-1);
    rco_gc_callback_remove(record_event, &one);
    rco_gc_callback_remove(record_event, &two);
    for (int k = 0; k < 2; k++) {
        gc_log *log = k ? &two : &one;
        assert_int_equal(log->n, 2);
        assert_string_equal(log->events[0].phase, "start");
        assert_string_equal(log->events[1].phase, "stop");
    }
}

static void callbacks_receive_the_generation_collected(void **state)
{
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    rco_gc_collect(2);
    rco_gc_collect(1);
    rco_gc_collect(0);
    rco_gc_collect(-1);
    rco_gc_callback_remove(record_event, &log);
    int expected[] = { 2, 2, 1, 1, 0, 0, 2, 2 };
    assert_int_equal(log.n, 8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(log.events[i].info.generation, expected[i]);
}

static rco_type *uncollectable_cls;

static void uncollectable_del(rco_object *self)
{
}

/* Two instances with legacy dels, partners of each other. */
static void make_uncollectable_pair(void)
{
    rco_object *a = rco_instance_new(uncollectable_cls);
    rco_object *b = rco_instance_new(uncollectable_cls);
    rco_setattr(a, "partner", b);
    rco_setattr(b, "partner", a);
    rco_decref(a);
    rco_decref(b);
}

static void free_uncollectables(const char *phase, const rco_gc_info *info, void *arg)
{
    if (strcmp(phase, "stop"))
        return;
    rco_object *garbage = rco_gc_garbage();
    while (rco_len(garbage) > 0) {
        rco_object *o = rco_list_pop(garbage, 0);
        rco_setattr(o, "partner", rco_none());
        rco_decref(o);
    }
}

static void stop_callback_reports_collected_and_uncollectable(void **state)
{
    uncollectable_cls = rco_class_new("Uncollectable", NULL, uncollectable_del);
    rco_type *cls = plain_class("C1055820");
    make_uncollectable_pair();
    make_uncollectable_pair();
    rco_decref(self_loop_instance(cls, 666));
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    rco_gc_collect(-1);
    assert_int_equal(log.n, 2);
    assert_int_equal(log.events[0].info.collected, 0);
    assert_int_equal(log.events[0].info.uncollectable, 0);
    assert_int_equal(log.events[1].info.collected, 2);
    assert_int_equal(log.events[1].info.uncollectable, 8); /* 4 instances, 4 dicts */
    assert_int_equal(rco_len(rco_gc_garbage()), 4);

    /* Let a callback free the uncollectables when the next one stops. */
    log.n = 0;
    rco_list_clear(rco_gc_garbage());
    rco_gc_callback_add(free_uncollectables, NULL);
    rco_gc_collect(-1);
    assert_int_equal(log.events[1].info.collected, 0);
    assert_int_equal(log.events[1].info.uncollectable, 8);
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    rco_gc_callback_remove(free_uncollectables, NULL);
    rco_gc_callback_remove(record_event, &log);
    assert_int_equal(rco_gc_collect(-1), 0); /* the callback's cleanup freed them by count */
    rco_list_clear(rco_gc_garbage()); /* give back the list's emptied storage */
    release_class(cls);
    release_class(uncollectable_cls);
}

static void removed_callback_is_not_called(void **state)
{
    gc_log log = { 0 };
    rco_gc_callback_add(record_event, &log);
    assert_int_equal(rco_gc_callback_remove(record_event, &log), 0);
    rco_gc_collect(-1);
    assert_int_equal(log.n, 0);
}

static void removing_an_absent_callback_is_value_error(void **state)
{
    gc_log log = { 0 }, other = { 0 };
    assert_int_equal(rco_gc_callback_remove(record_event, &log), -1);
    assert_error(RCO_ERR_VALUE);
    rco_gc_callback_add(record_event, &log);
    assert_int_equal(rco_gc_callback_remove(record_event, &other), -1); /* other arg */
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_gc_callback_remove(record_event, &log), 0);
}

static void adding_a_null_callback_is_type_error(void **state)
{
    assert_int_equal(rco_gc_callback_add(NULL, NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

static void adding_a_callback_survives_allocation_failure(void **state)
{
    gc_log log = { 0 };
    rco_debug_fail_alloc(1);
    int r = rco_gc_callback_add(record_event, &log);
    rco_debug_fail_alloc(0);
    assert_int_equal(r, -1);
    assert_error(RCO_ERR_MEMORY);
    rco_gc_collect(0);
    assert_int_equal(log.n, 0);
}

static void collection_keeps_the_callers_error(void **state)
{
    rco_object *l = self_cycle_list();
    rco_decref(l);
    rco_err_set(RCO_ERR_KEY, "caller's own");
    assert_int_equal(rco_gc_collect(-1), 1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_KEY);
    assert_string_equal(rco_err_message(), "caller's own");
    rco_err_clear();
}

static void set_error(const char *phase, const rco_gc_info *info, void *arg)
{
    rco_err_set(RCO_ERR_VALUE, "from the callback");
}

static void error_set_inside_gc_callback_is_discarded(void **state)
{
    rco_gc_callback_add(set_error, NULL);
    rco_gc_collect(0);
    rco_gc_callback_remove(set_error, NULL);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
}

static void remove_self(const char *phase, const rco_gc_info *info, void *arg)
{
    (*(int *)arg)++;
    rco_gc_callback_remove(remove_self, arg);
}

static void callback_may_remove_itself(void **state)
{
    int calls = 0;
    gc_log log = { 0 };
    rco_gc_callback_add(remove_self, &calls);
    rco_gc_callback_add(record_event, &log);
    rco_gc_collect(0);
    rco_gc_collect(0);
    rco_gc_callback_remove(record_event, &log);
    assert_int_equal(calls, 1);
    assert_true(log.n >= 3); /* the other callback kept running */
}

/* ---- shutdown (in a child process: the runtime ends there) ---------- */

/* The child's runtime ends there: the detective's shutdown report would
 * list what it leaves on purpose. */
static int quiet_child(void *fn)
{
    rco_debug_set_report_stream(tmpfile());
    return ((int (*)(void))fn)();
}

static void in_child(int (*fn)(void))
{
    rco_test_in_child(quiet_child, (void *)fn);
}

/* x = X('first'); x.x = x; x.y = X('second'); del x */
static void leave_two_uncollectables(void)
{
    rco_type *cls = rco_class_new("X", NULL, count_legacy_del);
    rco_object *x = rco_instance_new(cls);
    rco_object *y = rco_instance_new(cls);
    rco_setattr(x, "x", x);
    rco_setattr(x, "y", y);
    rco_decref(y);
    rco_decref(x);
    rco_decref((rco_object *)cls);
}

static int shutdown_report(unsigned flags, const char *expected_line)
{
    FILE *f = tmpfile();
    leave_two_uncollectables();
    rco_gc_set_debug_stream(f);
    rco_gc_set_debug(flags);
    rco_shutdown();
    fflush(f);
    long size = ftell(f);
    char text[4096] = "";
    rewind(f);
    if (size <= 0 || size >= (long)sizeof text || fread(text, 1, (size_t)size, f) != (size_t)size)
        return 2;
    if (!strstr(text, expected_line)) {
        fprintf(stderr, "expected \"%s\" in:\n%s", expected_line, text);
        return 1;
    }
    return 0;
}

static int warn_without_debug_flags(void)
{
    return shutdown_report(0, "gc: 2 uncollectable objects at shutdown; "
                              "use rco_gc_set_debug(RCO_GC_DEBUG_UNCOLLECTABLE) to list them\n");
}

static int warn_with_debug_uncollectable(void)
{
    return shutdown_report(RCO_GC_DEBUG_UNCOLLECTABLE, "gc: 2 uncollectable objects at shutdown\n");
}

static void shutdown_warns_about_uncollectable_garbage(void **state)
{
    in_child(warn_without_debug_flags);
    in_child(warn_with_debug_uncollectable);
}

static int finalizer_ran_at_shutdown;

static void note_finalized(rco_object *self)
{
    finalizer_ran_at_shutdown++;
}

static int cycle_finalized_by_shutdown(void)
{
    rco_type *cls = rco_class_new("C", note_finalized, NULL);
    rco_object *l = rco_list_new(0);
    rco_list_append_steal(l, rco_instance_new(cls));
    rco_list_append(l, l);
    rco_decref(l);
    rco_decref((rco_object *)cls);
    rco_shutdown();
    return finalizer_ran_at_shutdown == 1 ? 0 : 1;
}

static void shutdown_collects_cycles_and_runs_their_finalizers(void **state)
{
    in_child(cycle_finalized_by_shutdown);
}

/* ---- freezing ------------------------------------------------------- */

static void freeze_moves_every_tracked_object_to_permanent_generation(void **state)
{
    rco_object *l = rco_list_new(0);
    ssize_t tracked = generation_size(-1);
    rco_gc_freeze();
    assert_int_equal(rco_gc_get_freeze_count(), (size_t)tracked);
    assert_false(in_generation(l, -1));
    int c0;
    rco_gc_get_count(&c0, NULL, NULL);
    assert_int_equal(c0, 0);
    rco_gc_unfreeze();
    assert_int_equal(rco_gc_get_freeze_count(), 0);
    assert_true(in_generation(l, 2));
    rco_decref(l);
}

static void frozen_garbage_is_not_collected_until_unfrozen(void **state)
{
    rco_object *l = rco_test_node_cycle(); /* weakrefs cannot watch lists */
    rco_object *w = rco_weakref_new(l, NULL, NULL);
    rco_gc_freeze();
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 0);
    rco_object *alive = rco_weakref_get(w);
    assert_ptr_equal(alive, l);
    rco_decref(alive);
    rco_gc_unfreeze();
    assert_int_equal(rco_gc_collect(1), 0); /* unfrozen objects join the oldest */
    assert_int_equal(rco_gc_collect(2), 1);
    assert_null(rco_weakref_get(w));
    rco_decref(w);
}

/* ---- debug output ---------------------------------------------------- */

static void debug_collectable_names_each_garbage_object(void **state)
{
    rco_object *l = self_cycle_list();
    char expected[128];
    snprintf(expected, sizeof expected, "gc: collectable <list %p>\n", (void *)l);
    rco_gc_collect(-1);
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_COLLECTABLE);
    rco_decref(l);
    rco_gc_collect(-1);
    char *text = rco_test_gc_captured(f);
    assert_string_equal(text, expected);
    free(text);
}

static void debug_uncollectable_names_legacy_object_and_its_dict(void **state)
{
    rco_type *cls = rco_class_new("CGcLeak", NULL, count_legacy_del);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "_self", a);
    rco_object *referents = rco_gc_get_referents(a);
    rco_object *attrs = rco_list_get(referents, 1);
    char expected[256];
    snprintf(expected, sizeof expected, "gc: uncollectable <CGcLeak %p>\ngc: uncollectable <dict %p>\n",
             (void *)a, (void *)attrs);
    rco_decref(referents);
    rco_gc_collect(-1);
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_UNCOLLECTABLE | RCO_GC_DEBUG_COLLECTABLE);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 2);
    char *text = rco_test_gc_captured(f);
    assert_string_equal(text, expected);
    free(text);
    rco_delattr(a, "_self");
    rco_list_clear(rco_gc_garbage());
    release_class(cls);
}

static void debug_collectable_lines_come_before_uncollectable_ones(void **state)
{
    rco_type *cls = rco_class_new("CGcLeak", NULL, count_legacy_del);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "_self", a);
    rco_object *referents = rco_gc_get_referents(a);
    rco_object *attrs = rco_list_get(referents, 1);
    rco_object *l = self_cycle_list();
    char expected[256];
    snprintf(expected, sizeof expected,
             "gc: collectable <list %p>\n"
             "gc: uncollectable <CGcLeak %p>\n"
             "gc: uncollectable <dict %p>\n",
             (void *)l, (void *)a, (void *)attrs);
    rco_decref(referents);
    rco_gc_collect(-1);
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_UNCOLLECTABLE | RCO_GC_DEBUG_COLLECTABLE);
    rco_decref(a);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 3);
    char *text = rco_test_gc_captured(f);
    assert_string_equal(text, expected);
    free(text);
    rco_delattr(a, "_self");
    rco_list_clear(rco_gc_garbage());
    release_class(cls);
}

static void debug_stats_summarizes_each_collection(void **state)
{
    rco_object *l = self_cycle_list();
    rco_gc_collect(0);
    rco_decref(l);
    ssize_t sizes[3];
    for (int g = 0; g < 3; g++)
        sizes[g] = generation_size(g);
    char head[256];
    snprintf(head, sizeof head,
             "gc: collecting generation 2...\n"
             "gc: objects in each generation: %zd %zd %zd\n"
             "gc: objects in permanent generation: 0\n",
             sizes[0], sizes[1], sizes[2]);
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_STATS);
    assert_int_equal(rco_gc_collect(2), 1);
    char *text = rco_test_gc_captured(f);
    assert_memory_equal(text, head, strlen(head));
    const char *done = text + strlen(head);
    ssize_t unreachable = -1, uncollectable = -1;
    double elapsed = -1;
    char end = 0;
    assert_int_equal(sscanf(done, "gc: done, %zd unreachable, %zd uncollectable, %lfs elapsed%c",
                            &unreachable, &uncollectable, &elapsed, &end),
                     4);
    assert_int_equal(unreachable, 1);
    assert_int_equal(uncollectable, 0);
    assert_true(elapsed >= 0);
    assert_int_equal(end, '\n');
    assert_non_null(strstr(done, "s elapsed\n"));
    assert_int_equal(strlen(strstr(done, "s elapsed\n")), strlen("s elapsed\n"));
    /* four decimals, as CPython prints */
    const char *dot = strchr(done, '.');
    assert_non_null(dot);
    assert_ptr_equal(strstr(done, "s elapsed"), dot + 5);
    free(text);
}

static void debug_stats_count_frozen_objects(void **state)
{
    rco_object *l = rco_list_new(0);
    ssize_t tracked = generation_size(-1);
    rco_gc_freeze();
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_STATS);
    rco_gc_collect(0);
    char *text = rco_test_gc_captured(f);
    rco_gc_unfreeze();
    char expected[128];
    snprintf(expected, sizeof expected, "gc: objects in permanent generation: %zd\n", tracked);
    assert_non_null(strstr(text, expected));
    assert_non_null(strstr(text, "gc: collecting generation 0...\n"));
    free(text);
    rco_decref(l);
}

static void debug_leak_reports_and_saves_collectable_garbage(void **state)
{
    assert_int_equal(RCO_GC_DEBUG_LEAK,
                     RCO_GC_DEBUG_COLLECTABLE | RCO_GC_DEBUG_UNCOLLECTABLE | RCO_GC_DEBUG_SAVEALL);
    rco_object *l = self_cycle_list();
    char expected[128];
    snprintf(expected, sizeof expected, "gc: collectable <list %p>\n", (void *)l);
    rco_gc_collect(-1);
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_LEAK);
    assert_int_equal(rco_gc_get_debug(), RCO_GC_DEBUG_LEAK);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1);
    char *text = rco_test_gc_captured(f);
    assert_string_equal(text, expected);
    free(text);
    assert_int_equal(rco_len(rco_gc_garbage()), 1);
    assert_ptr_equal(rco_list_get(rco_gc_garbage(), 0), l);
    assert_repr(l, "[[...]]");
    clear_garbage();
}

static void no_debug_flags_write_nothing(void **state)
{
    FILE *f = rco_test_gc_capture(0);
    rco_object *l = self_cycle_list();
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1);
    char *text = rco_test_gc_captured(f);
    assert_string_equal(text, "");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(list_in_self_cycle_is_collected),
        RCO_TEST(dict_in_self_cycle_is_collected),
        RCO_TEST(tuple_in_cycle_through_list_is_collected),
        RCO_TEST(set_in_cycle_through_instance_is_collected),
        RCO_TEST(class_referring_to_itself_is_collected),
        RCO_TEST(instance_in_self_cycle_is_collected),
        RCO_TEST(class_kept_only_by_garbage_instance_is_collected_with_it),
        RCO_TEST(collect_without_garbage_returns_zero),
        RCO_TEST(collect_of_bad_generation_is_value_error),
        RCO_TEST(cycle_reachable_from_outside_is_not_collected),
        RCO_TEST(young_collection_ignores_cycle_in_older_generation),
        RCO_TEST(legacy_del_cycle_is_uncollectable_and_kept_in_garbage),
        RCO_TEST(everything_a_legacy_del_object_reaches_is_uncollectable),
        RCO_TEST(legacy_del_outside_cycle_runs_on_count_death),
        RCO_TEST(uncollectable_count_is_reported_in_stats),
        RCO_TEST(saveall_keeps_collected_garbage_in_garbage_list),
        RCO_TEST(saveall_also_lists_everything_legacy_objects_reach),
        RCO_TEST(uncollectable_left_unlisted_when_memory_fails_is_found_again),
        RCO_TEST(saveall_garbage_left_unlisted_when_memory_fails_is_found_again),
        RCO_TEST(get_count_counts_tracked_allocations),
        RCO_TEST(get_count_ignores_atomic_objects),
        RCO_TEST(get_count_drops_when_tracked_objects_are_freed),
        RCO_TEST(survivors_trickle_up_one_generation_per_collection),
        RCO_TEST(get_objects_of_bad_generation_is_value_error),
        RCO_TEST(get_objects_of_all_generations_is_their_union),
        RCO_TEST(get_stats_counts_collections_per_generation),
        RCO_TEST(get_stats_of_bad_generation_fails),
        RCO_TEST(default_thresholds_are_700_10_10),
        RCO_TEST(automatic_collection_starts_past_threshold0),
        RCO_TEST(automatic_collection_frees_cycles_with_default_threshold),
        RCO_TEST(threshold0_of_zero_disables_automatic_collection),
        RCO_TEST(disabled_collector_collects_only_on_demand),
        RCO_TEST(older_generation_collected_after_threshold_younger_collections),
        RCO_TEST(full_automatic_collection_waits_for_25_percent_growth),
        RCO_TEST(collect_during_a_collection_returns_zero),
        RCO_TEST(deep_chain_of_finalized_instances_is_freed),
        RCO_TEST(nested_containers_with_finalizers_are_freed),
        RCO_TEST(get_referents_of_containers_are_their_items),
        RCO_TEST(get_referents_of_atomic_objects_is_empty),
        RCO_TEST(get_referents_of_instance_are_its_class_and_dict),
        RCO_TEST(get_referents_of_null_is_type_error),
        RCO_TEST(get_referrers_finds_the_containers_holding_an_object),
        RCO_TEST(get_referrers_survives_allocation_failure),
        RCO_TEST(atomic_objects_are_never_tracked),
        RCO_TEST(containers_and_instances_are_tracked),
        RCO_TEST(is_tracked_of_null_is_type_error),
        RCO_TEST(dict_is_untracked_until_it_holds_a_container),
        RCO_TEST(dict_of_atomics_is_untracked_by_full_collection_only),
        RCO_TEST(tuple_of_atomics_is_never_tracked),
        RCO_TEST(tuple_holding_tracked_tuple_stays_tracked),
        RCO_TEST(tuple_with_unfilled_slot_is_tracked_once_filled_with_a_container),
        RCO_TEST(is_finalized_after_resurrection),
        RCO_TEST(resurrection_happens_once_per_object),
        RCO_TEST(resurrection_is_transitive),
        RCO_TEST(resurrection_does_not_block_collection_of_other_garbage),
        RCO_TEST(finalizer_mutating_garbage_does_not_break_collection),
        RCO_TEST(bug1055820b_callbacks_see_only_cleared_weakrefs),
        RCO_TEST(bug1055820c_callback_of_old_object_sees_young_garbage_cleared),
        RCO_TEST(bug1055820d_finalizer_of_old_object_sees_young_garbage_cleared),
        RCO_TEST(weakref_in_garbage_is_cleared_before_clearing_starts),
        RCO_TEST(weakrefs_created_by_finalizers_are_cleared_before_teardown),
        RCO_TEST(callbacks_see_start_and_stop_of_each_collection),
        RCO_TEST(callbacks_receive_the_generation_collected),
        RCO_TEST(stop_callback_reports_collected_and_uncollectable),
        RCO_TEST(removed_callback_is_not_called),
        RCO_TEST(removing_an_absent_callback_is_value_error),
        RCO_TEST(adding_a_null_callback_is_type_error),
        RCO_TEST(adding_a_callback_survives_allocation_failure),
        RCO_TEST(collection_keeps_the_callers_error),
        RCO_TEST(error_set_inside_gc_callback_is_discarded),
        RCO_TEST(callback_may_remove_itself),
        RCO_TEST(shutdown_warns_about_uncollectable_garbage),
        RCO_TEST(shutdown_collects_cycles_and_runs_their_finalizers),
        RCO_TEST(freeze_moves_every_tracked_object_to_permanent_generation),
        RCO_TEST(frozen_garbage_is_not_collected_until_unfrozen),
        RCO_TEST(debug_collectable_names_each_garbage_object),
        RCO_TEST(debug_uncollectable_names_legacy_object_and_its_dict),
        RCO_TEST(debug_collectable_lines_come_before_uncollectable_ones),
        RCO_TEST(debug_stats_summarizes_each_collection),
        RCO_TEST(debug_stats_count_frozen_objects),
        RCO_TEST(debug_leak_reports_and_saves_collectable_garbage),
        RCO_TEST(no_debug_flags_write_nothing),
    };
    RCO_RUN_TESTS(tests);
}
