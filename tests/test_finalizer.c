/*
 * test_finalizer.c: finalizers (PEP 442) and legacy dels. A finalizer runs
 * once per object, whether its count reached zero or the collector found it
 * in garbage; it sees the object intact and may resurrect it, and then
 * nothing the object keeps alive is freed. A legacy del (Python 2's
 * __del__) runs on every count death. Errors set inside either stay there.
 */
#include "rco_test.h"

#include <stdbool.h>

/* ---- a log of what ran, in order ------------------------------------- */

static char events[256];

static void log_event(char c)
{
    size_t n = strlen(events);
    if (n + 1 < sizeof events) {
        events[n] = c;
        events[n + 1] = '\0';
    }
}

static void reset_log(void)
{
    events[0] = '\0';
}

static int finalized;
static rco_object *storage; /* where resurrected objects go */

static void count_finalize(rco_object *self)
{
    finalized++;
    log_event('F');
}

static void resurrect(rco_object *self)
{
    finalized++;
    log_event('F');
    rco_list_append(storage, self);
}

static rco_type *class_with(rco_finalizer finalize, rco_finalizer legacy_del)
{
    rco_type *cls = rco_class_new("C", finalize, legacy_del);
    assert_non_null(cls);
    return cls;
}

static void release_class(rco_type *cls)
{
    rco_decref((rco_object *)cls);
}

static void start(void)
{
    finalized = 0;
    reset_log();
    storage = rco_list_new(0);
}

static void finish(void)
{
    RCO_CLEAR(storage);
}

/* ---- running once ---------------------------------------------------- */

static void finalizer_runs_once_when_count_reaches_zero(void **state)
{
    start();
    rco_type *cls = class_with(count_finalize, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_decref(a);
    assert_int_equal(finalized, 1);
    rco_gc_collect(-1);
    assert_int_equal(finalized, 1);
    release_class(cls);
    finish();
}

static void finalizer_runs_for_cyclic_garbage(void **state)
{
    start();
    rco_type *cls = class_with(count_finalize, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_object *w = rco_weakref_new(a, NULL, NULL);
    rco_decref(a);
    assert_int_equal(finalized, 0);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_int_equal(finalized, 1);
    assert_null(rco_weakref_get(w)); /* and the object is gone */
    rco_decref(w);
    release_class(cls);
    finish();
}

static rco_object *seen_attr;

static void look_at_attribute(rco_object *self)
{
    finalized++;
    RCO_CLEAR(seen_attr);
    seen_attr = rco_getattr(self, "data");
}

static void finalizer_sees_its_object_intact_on_count_death(void **state)
{
    start();
    rco_type *cls = class_with(look_at_attribute, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_object *data = rco_build("[is]", 1, "x");
    rco_setattr(a, "data", data);
    rco_decref(data);
    rco_decref(a);
    assert_non_null(seen_attr);
    assert_repr(seen_attr, "[1, 'x']");
    RCO_CLEAR(seen_attr);
    release_class(cls);
    finish();
}

static void finalizers_of_garbage_all_run_before_anything_is_cleared(void **state)
{
    start();
    rco_type *cls = class_with(look_at_attribute, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_object *b = rco_instance_new(cls);
    rco_setattr(a, "data", b); /* a -> b -> a */
    rco_setattr(b, "data", a);
    rco_decref(a);
    rco_decref(b);
    assert_int_equal(rco_gc_collect(-1), 0); /* the reference kept resurrects both */
    assert_int_equal(finalized, 2);
    /* whichever ran last found its partner, attributes and all */
    assert_non_null(seen_attr);
    assert_int_equal(rco_hasattr(seen_attr, "data"), 1);
    RCO_CLEAR(seen_attr);
    assert_int_equal(rco_gc_collect(-1), 4); /* garbage again, not finalized again */
    assert_int_equal(finalized, 2);
    release_class(cls);
    finish();
}

/* ---- resurrection ----------------------------------------------------- */

static void resurrection_by_count_keeps_what_the_object_holds(void **state)
{
    start();
    rco_type *cls = class_with(resurrect, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_object *child = rco_test_node_new(); /* watched by a weakref: not a list */
    ((rco_test_node *)child)->a = rco_build("[i(s)]", 7, "kept");
    rco_object *w = rco_weakref_new(child, NULL, NULL);
    rco_setattr(a, "child", child);
    rco_decref(child);
    rco_decref(a);
    assert_int_equal(finalized, 1);
    assert_int_equal(rco_len(storage), 1);
    rco_object *back = rco_list_get(storage, 0);
    assert_ptr_equal(back, a);
    assert_int_equal(rco_refcount(back), 1);
    rco_object *got = rco_getattr(back, "child");
    assert_repr(((rco_test_node *)got)->a, "[7, ('kept',)]");
    rco_decref(got);
    got = rco_weakref_get(w); /* the child was never freed */
    assert_ptr_equal(got, child);
    rco_decref(got);
    assert_int_equal(rco_gc_is_finalized(back), 1);
    assert_int_equal(rco_gc_is_tracked(back), 1);

    rco_list_clear(storage); /* dies again: no second finalization */
    assert_int_equal(finalized, 1);
    assert_null(rco_weakref_get(w));
    rco_decref(w);
    release_class(cls);
    finish();
}

static void resurrection_in_collection_keeps_what_the_object_holds(void **state)
{
    start();
    rco_type *cls = class_with(resurrect, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_object *cycle = rco_list_new(0);
    rco_list_append(cycle, cycle);
    rco_list_append(cycle, a);
    rco_setattr(a, "cycle", cycle);
    rco_decref(cycle);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_int_equal(finalized, 1);
    rco_object *back = rco_list_get(storage, 0);
    rco_object *got = rco_getattr(back, "cycle");
    assert_ptr_equal(got, cycle);
    assert_int_equal(rco_len(got), 2); /* not cleared */
    rco_decref(got);

    rco_list_clear(storage);
    assert_int_equal(rco_gc_collect(-1), 3); /* the list, a, a's dict */
    assert_int_equal(finalized, 1);
    release_class(cls);
    finish();
}

static void object_resurrected_by_count_is_not_finalized_again_by_collector(void **state)
{
    start();
    rco_type *cls = class_with(resurrect, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_decref(a);
    assert_int_equal(finalized, 1);
    rco_object *back = rco_list_pop(storage, 0);
    rco_setattr(back, "me", back);
    rco_decref(back);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_int_equal(finalized, 1);
    assert_int_equal(rco_len(storage), 0);
    release_class(cls);
    finish();
}

static void resurrected_object_has_lost_its_weakrefs(void **state)
{
    start();
    rco_type *cls = class_with(resurrect, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_object *w = rco_weakref_new(a, NULL, NULL);
    rco_decref(a);
    rco_gc_collect(-1);
    assert_int_equal(rco_len(storage), 1);
    assert_null(rco_weakref_get(w)); /* cleared before the finalizer ran */
    assert_int_equal(rco_weakref_count(a), 0);
    rco_delattr(a, "me");
    rco_decref(w);
    release_class(cls);
    finish();
}

/* ---- finalizers and weakrefs ------------------------------------------ */

static rco_object *probe_ref;
static int probe_saw_object;

static void probe_weakref(rco_object *self)
{
    rco_object *target = rco_weakref_get(probe_ref);
    probe_saw_object = target == self;
    rco_xdecref(target);
}

static void weakref_still_gives_object_inside_finalizer_on_count_death(void **state)
{
    rco_type *cls = class_with(probe_weakref, NULL);
    rco_object *a = rco_instance_new(cls);
    probe_ref = rco_weakref_new(a, NULL, NULL);
    probe_saw_object = -1;
    rco_decref(a);
    assert_int_equal(probe_saw_object, 1); /* as in CPython: cleared after */
    assert_null(rco_weakref_get(probe_ref));
    RCO_CLEAR(probe_ref);
    release_class(cls);
}

static void weakref_is_cleared_before_finalizer_in_collection(void **state)
{
    rco_type *cls = class_with(probe_weakref, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    probe_ref = rco_weakref_new(a, NULL, NULL);
    probe_saw_object = -1;
    rco_decref(a);
    rco_gc_collect(-1);
    assert_int_equal(probe_saw_object, 0);
    RCO_CLEAR(probe_ref);
    release_class(cls);
}

static void log_del(rco_object *self)
{
    log_event('D');
}

static void log_callback(rco_object *ref, void *arg)
{
    log_event('W');
}

static void finalizer_then_weakref_callbacks_then_legacy_del(void **state)
{
    start();
    rco_type *cls = class_with(count_finalize, log_del);
    rco_object *a = rco_instance_new(cls);
    rco_object *w = rco_weakref_new(a, log_callback, NULL);
    rco_decref(a);
    assert_string_equal(events, "FWD");
    rco_decref(w);
    release_class(cls);
    finish();
}

static int dels;

static void del_resurrecting_once(rco_object *self)
{
    log_event('D');
    if (dels++ == 0)
        rco_list_append(storage, self);
}

static void legacy_del_runs_on_every_death_finalizer_once(void **state)
{
    start();
    dels = 0;
    rco_type *cls = class_with(count_finalize, del_resurrecting_once);
    rco_object *a = rco_instance_new(cls);
    rco_decref(a);
    assert_string_equal(events, "FD");
    assert_int_equal(rco_len(storage), 1);
    rco_list_clear(storage);
    assert_string_equal(events, "FDD");
    release_class(cls);
    finish();
}

static void legacy_del_cycle_is_neither_finalized_nor_deleted(void **state)
{
    start();
    rco_type *cls = class_with(count_finalize, log_del);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_string_equal(events, ""); /* uncollectable: nothing ran */
    assert_ptr_equal(rco_list_get(rco_gc_garbage(), 0), a);
    rco_delattr(a, "me");
    rco_list_clear(rco_gc_garbage());
    assert_string_equal(events, "FD"); /* freed by count at last */
    release_class(cls);
    finish();
}

/* ---- finalizers that release or collect ------------------------------- */

static rco_object *victim;

static void drop_victim(rco_object *self)
{
    log_event('F');
    RCO_CLEAR(victim);
}

static void victim_finalize(rco_object *self)
{
    log_event('V');
}

static void finalizer_may_drop_last_reference_to_another_object(void **state)
{
    start();
    rco_type *cls = class_with(drop_victim, NULL);
    rco_type *victim_cls = class_with(victim_finalize, NULL);
    victim = rco_instance_new(victim_cls);
    rco_object *w = rco_weakref_new(victim, NULL, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_decref(a);
    assert_string_equal(events, "FV"); /* the victim died inside */
    assert_null(victim);
    assert_null(rco_weakref_get(w));
    rco_decref(w);
    release_class(cls);
    release_class(victim_cls);
    finish();
}

static void finalizer_may_drop_last_reference_during_collection(void **state)
{
    start();
    rco_type *cls = class_with(drop_victim, NULL);
    rco_type *victim_cls = class_with(victim_finalize, NULL);
    victim = rco_instance_new(victim_cls);
    rco_setattr(victim, "me", victim); /* the victim is in a cycle of its own, alive */
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_string_equal(events, "F");
    assert_null(victim);
    assert_int_equal(rco_gc_collect(-1), 2); /* the victim's cycle, now garbage */
    assert_string_equal(events, "FV");
    release_class(cls);
    release_class(victim_cls);
    finish();
}

static void break_cycle(rco_object *self)
{
    log_event('F');
    rco_delattr(self, "partner");
}

static void finalizer_breaking_its_cycle_frees_garbage_by_count(void **state)
{
    start();
    rco_type *cls = class_with(break_cycle, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_object *b = rco_instance_new(cls);
    rco_setattr(a, "partner", b);
    rco_setattr(b, "partner", a);
    rco_decref(a);
    rco_decref(b);
    rco_gc_collect(-1);
    assert_string_equal(events, "FF");
    assert_int_equal(rco_gc_collect(-1), 0); /* nothing left behind */
    release_class(cls);
    finish();
}

static rco_object *collected_while_finalizing;

static void collect_inside(rco_object *self)
{
    log_event('F');
    rco_gc_collect(-1);
    RCO_CLEAR(collected_while_finalizing);
    collected_while_finalizing = rco_getattr(self, "child");
}

static void finalizer_may_run_a_collection(void **state)
{
    start();
    rco_type *cls = class_with(collect_inside, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_object *child = rco_list_new(0);
    rco_list_append(child, child);
    rco_list_append_steal(child, rco_int(42));
    rco_setattr(a, "child", child);
    rco_decref(child);
    rco_decref(a);
    assert_string_equal(events, "F");
    assert_non_null(collected_while_finalizing);
    assert_repr(collected_while_finalizing, "[[...], 42]"); /* survived the collection */
    rco_list_clear(collected_while_finalizing);
    RCO_CLEAR(collected_while_finalizing);
    release_class(cls);
    finish();
}

static void make_garbage(rco_object *self)
{
    log_event('F');
    for (int i = 0; i < 10; i++) {
        rco_object *l = rco_list_new(0);
        rco_list_append(l, l);
        rco_decref(l);
    }
}

static void finalizer_may_create_cycles_during_collection(void **state)
{
    start();
    rco_type *cls = class_with(make_garbage, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_int_equal(rco_gc_collect(-1), 10); /* what it made */
    release_class(cls);
    finish();
}

/* ---- errors inside finalizers ---------------------------------------- */

static void set_error(rco_object *self)
{
    log_event('F');
    rco_err_set(RCO_ERR_VALUE, "from the finalizer");
}

static void error_set_in_finalizer_does_not_reach_the_caller(void **state)
{
    start();
    rco_type *cls = class_with(set_error, NULL);
    rco_decref(rco_instance_new(cls));
    assert_string_equal(events, "F");
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    release_class(cls);
    finish();
}

static void error_set_in_finalizer_keeps_the_callers_error(void **state)
{
    start();
    rco_type *cls = class_with(set_error, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_err_set(RCO_ERR_KEY, "the caller's");
    rco_decref(a);
    assert_int_equal(rco_err_occurred(), RCO_ERR_KEY);
    assert_string_equal(rco_err_message(), "the caller's");
    rco_err_clear();
    release_class(cls);
    finish();
}

static void error_set_in_finalizer_during_collection_does_not_leak(void **state)
{
    start();
    rco_type *cls = class_with(set_error, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_string_equal(events, "F");
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    release_class(cls);
    finish();
}

static rco_errkind error_seen_inside;

static void observe_error(rco_object *self)
{
    error_seen_inside = rco_err_occurred();
}

static void finalizer_does_not_see_the_callers_error(void **state)
{
    rco_type *cls = class_with(observe_error, NULL);
    rco_object *a = rco_instance_new(cls);
    error_seen_inside = RCO_ERR_MEMORY;
    rco_err_set(RCO_ERR_INDEX, "pending");
    rco_decref(a);
    assert_int_equal(error_seen_inside, RCO_ERR_NONE);
    assert_error(RCO_ERR_INDEX);
    release_class(cls);
}

static void error_set_in_legacy_del_does_not_reach_the_caller(void **state)
{
    start();
    rco_type *cls = class_with(NULL, set_error);
    rco_decref(rco_instance_new(cls));
    assert_string_equal(events, "F");
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    release_class(cls);
    finish();
}

/* ---- user C types with a finalize slot --------------------------------- */

static rco_type gc_node_type = {
    .name = "GcNode",
    .size = sizeof(rco_test_node),
    .flags = RCO_TYPE_GC,
    .dealloc = rco_test_node_clear,
    .traverse = rco_test_node_traverse,
    .clear = rco_test_node_clear,
    .finalize = resurrect,
};

static rco_type plain_node_type = {
    .name = "PlainNode",
    .size = sizeof(rco_test_node),
    .dealloc = rco_test_node_clear,
    .finalize = resurrect,
};

static void gc_type_finalizer_runs_once_and_may_resurrect(void **state)
{
    start();
    rco_object *n = rco_gc_new(&gc_node_type);
    assert_non_null(n);
    ((rco_test_node *)n)->a = n; /* a self cycle: the collector finds it */
    rco_incref(n);
    rco_decref(n);
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_int_equal(finalized, 1);
    assert_ptr_equal(rco_list_get(storage, 0), n);
    assert_int_equal(rco_gc_is_finalized(n), 1);
    rco_list_clear(storage);
    assert_int_equal(rco_gc_collect(-1), 1);
    assert_int_equal(finalized, 1);
    finish();
}

static void untracked_type_finalizer_runs_once_and_may_resurrect(void **state)
{
    start();
    rco_object *n = rco_new(&plain_node_type);
    assert_non_null(n);
    ((rco_test_node *)n)->a = rco_str("payload");
    rco_decref(n);
    assert_int_equal(finalized, 1);
    assert_ptr_equal(rco_list_get(storage, 0), n);
    assert_int_equal(rco_gc_is_tracked(n), 0);
    assert_int_equal(rco_gc_is_finalized(n), 1);
    assert_repr(((rco_test_node *)n)->a, "'payload'");
    rco_list_clear(storage);
    assert_int_equal(finalized, 1);
    finish();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(finalizer_runs_once_when_count_reaches_zero),
        RCO_TEST(finalizer_runs_for_cyclic_garbage),
        RCO_TEST(finalizer_sees_its_object_intact_on_count_death),
        RCO_TEST(finalizers_of_garbage_all_run_before_anything_is_cleared),
        RCO_TEST(resurrection_by_count_keeps_what_the_object_holds),
        RCO_TEST(resurrection_in_collection_keeps_what_the_object_holds),
        RCO_TEST(object_resurrected_by_count_is_not_finalized_again_by_collector),
        RCO_TEST(resurrected_object_has_lost_its_weakrefs),
        RCO_TEST(weakref_still_gives_object_inside_finalizer_on_count_death),
        RCO_TEST(weakref_is_cleared_before_finalizer_in_collection),
        RCO_TEST(finalizer_then_weakref_callbacks_then_legacy_del),
        RCO_TEST(legacy_del_runs_on_every_death_finalizer_once),
        RCO_TEST(legacy_del_cycle_is_neither_finalized_nor_deleted),
        RCO_TEST(finalizer_may_drop_last_reference_to_another_object),
        RCO_TEST(finalizer_may_drop_last_reference_during_collection),
        RCO_TEST(finalizer_breaking_its_cycle_frees_garbage_by_count),
        RCO_TEST(finalizer_may_run_a_collection),
        RCO_TEST(finalizer_may_create_cycles_during_collection),
        RCO_TEST(error_set_in_finalizer_does_not_reach_the_caller),
        RCO_TEST(error_set_in_finalizer_keeps_the_callers_error),
        RCO_TEST(error_set_in_finalizer_during_collection_does_not_leak),
        RCO_TEST(finalizer_does_not_see_the_callers_error),
        RCO_TEST(error_set_in_legacy_del_does_not_reach_the_caller),
        RCO_TEST(gc_type_finalizer_runs_once_and_may_resurrect),
        RCO_TEST(untracked_type_finalizer_runs_once_and_may_resurrect),
    };
    RCO_RUN_TESTS(tests);
}
