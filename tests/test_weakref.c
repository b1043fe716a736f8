/*
 * test_weakref.c: weak references. A weakref is cleared when its target
 * dies, by count or by the collector, and then its callback runs with the
 * weakref; callbacks may do anything (drop the weakref, allocate, collect)
 * without crashing or leaking.
 */
#include "rco_test.h"

#include <stdbool.h>

/* What a callback saw. */
typedef struct seen {
    int calls;
    rco_object *ref;          /* the weakref it was given */
    bool target_was_gone;     /* rco_weakref_get(ref) was NULL inside */
    rco_errkind error_inside; /* the error state the callback found */
} seen;

static void note_call(rco_object *ref, void *arg)
{
    seen *s = arg;
    s->calls++;
    s->ref = ref;
    rco_object *target = rco_weakref_get(ref);
    s->target_was_gone = target == NULL;
    rco_xdecref(target);
    s->error_inside = rco_err_occurred();
}

/* Targets are nodes (tests/rco_test.h): lists, dicts and tuples cannot be
 * weakly referenced, as in CPython. */
static rco_object *self_cycle(void)
{
    return rco_test_node_cycle();
}

/* ---- the basics -------------------------------------------------------- */

static void weakref_get_returns_a_new_reference_to_the_target(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, NULL, NULL);
    assert_non_null(w);
    assert_int_equal(rco_refcount(l), 1); /* a weakref does not keep it alive */
    rco_object *got = rco_weakref_get(w);
    assert_ptr_equal(got, l);
    assert_int_equal(rco_refcount(l), 2);
    rco_decref(got);
    rco_decref(l);
    rco_decref(w);
}

static void weakref_is_cleared_when_target_dies_by_count(void **state)
{
    seen s = { 0 };
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, note_call, &s);
    rco_decref(l);
    assert_int_equal(s.calls, 1);
    assert_ptr_equal(s.ref, w);
    assert_true(s.target_was_gone);
    assert_null(rco_weakref_get(w));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE); /* NULL without error */
    rco_decref(w);
}

static void weakref_is_cleared_when_collector_frees_target(void **state)
{
    seen s = { 0 };
    rco_object *l = self_cycle();
    rco_object *w = rco_weakref_new(l, note_call, &s);
    rco_decref(l);
    assert_int_equal(s.calls, 0);
    assert_int_equal(rco_gc_collect(-1), 1);
    assert_int_equal(s.calls, 1);
    assert_ptr_equal(s.ref, w);
    assert_true(s.target_was_gone);
    assert_null(rco_weakref_get(w));
    rco_decref(w);
}

static void weakref_without_callback_is_cleared_silently(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, NULL, NULL);
    rco_decref(l);
    assert_null(rco_weakref_get(w));
    rco_decref(w);
}

static void weakref_to_atomic_object_is_type_error(void **state)
{
    rco_object *i = rco_int(12345);
    rco_object *s = rco_str("text");
    rco_object *f = rco_float(0.5);
    assert_null(rco_weakref_new(i, NULL, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_weakref_new(s, NULL, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_weakref_new(f, NULL, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_weakref_new(rco_none(), NULL, NULL));
    assert_error(RCO_ERR_TYPE);
    rco_decref(i);
    rco_decref(s);
    rco_decref(f);
}

static void weakref_error_message_names_the_type(void **state)
{
    rco_object *s = rco_str("text");
    assert_null(rco_weakref_new(s, NULL, NULL));
    assert_string_equal(rco_err_message(), "cannot create weak reference to 'str' object");
    rco_err_clear();
    rco_decref(s);
}

static void weakref_to_null_is_type_error(void **state)
{
    assert_null(rco_weakref_new(NULL, NULL, NULL));
    assert_error(RCO_ERR_TYPE);
}

static void weakref_get_of_non_weakref_is_type_error(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_null(rco_weakref_get(l));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_weakref_get(NULL));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

/* As in CPython: lists, dicts and tuples cannot be weakly referenced. */
static void weakrefs_to_lists_dicts_and_tuples_are_refused(void **state)
{
    rco_object *refused[] = { rco_list_new(0), rco_dict_new(), rco_tuple_pack(1, rco_none()) };
    const char *names[] = { "list", "dict", "tuple" };
    for (size_t i = 0; i < 3; i++) {
        assert_null(rco_weakref_new(refused[i], NULL, NULL));
        char expected[64];
        snprintf(expected, sizeof expected, "cannot create weak reference to '%s' object", names[i]);
        assert_string_equal(rco_err_message(), expected);
        assert_error(RCO_ERR_TYPE);
        rco_decref(refused[i]);
    }
}

static void weakrefs_can_watch_sets_instances_classes_and_gc_types(void **state)
{
    rco_type *cls = rco_class_new("A", NULL, NULL);
    rco_object *targets[] = { rco_set_new(), rco_test_node_new(), rco_instance_new(cls), (rco_object *)cls };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        rco_object *w = rco_weakref_new(targets[i], NULL, NULL);
        assert_non_null(w);
        rco_object *got = rco_weakref_get(w);
        assert_ptr_equal(got, targets[i]);
        rco_decref(got);
        if (i + 1 < sizeof targets / sizeof targets[0])
            rco_decref(targets[i]);
        else
            rco_decref((rco_object *)cls);
        assert_null(rco_weakref_get(w));
        rco_decref(w);
    }
}

static void weakref_repr_names_target_or_says_dead(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, NULL, NULL);
    char expected[128];
    snprintf(expected, sizeof expected, "<weakref at %p; to 'Node' at %p>", (void *)w, (void *)l);
    assert_repr(w, expected);
    rco_decref(l);
    snprintf(expected, sizeof expected, "<weakref at %p; dead>", (void *)w);
    assert_repr(w, expected);
    rco_decref(w);
}

/* ---- several weakrefs ------------------------------------------------- */

static void several_weakrefs_to_one_target_are_all_cleared(void **state)
{
    seen s[3] = { { 0 } };
    rco_object *l = rco_test_node_new();
    rco_object *w[3];
    for (int i = 0; i < 3; i++)
        w[i] = rco_weakref_new(l, note_call, &s[i]);
    assert_int_equal(rco_weakref_count(l), 3);
    rco_decref(l);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(s[i].calls, 1);
        assert_ptr_equal(s[i].ref, w[i]);
        assert_true(s[i].target_was_gone);
        assert_null(rco_weakref_get(w[i]));
        rco_decref(w[i]);
    }
}

static void several_weakrefs_are_all_cleared_before_any_callback_runs(void **state)
{
    seen s[2] = { { 0 } };
    rco_object *l = self_cycle();
    rco_object *w0 = rco_weakref_new(l, note_call, &s[0]);
    rco_object *w1 = rco_weakref_new(l, note_call, &s[1]);
    rco_decref(l);
    rco_gc_collect(-1);
    assert_true(s[0].target_was_gone);
    assert_true(s[1].target_was_gone);
    rco_decref(w0);
    rco_decref(w1);
}

static void weakref_count_follows_weakrefs_alive(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *n = rco_int(5);
    assert_int_equal(rco_weakref_count(l), 0);
    assert_int_equal(rco_weakref_count(n), 0);
    rco_object *w1 = rco_weakref_new(l, NULL, NULL);
    rco_object *w2 = rco_weakref_new(l, NULL, NULL);
    assert_int_equal(rco_weakref_count(l), 2);
    rco_decref(w1);
    assert_int_equal(rco_weakref_count(l), 1);
    rco_decref(w2);
    assert_int_equal(rco_weakref_count(l), 0);
    assert_int_equal(rco_weakref_count(NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

static void weakref_dying_before_target_never_calls_back(void **state)
{
    seen s = { 0 };
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, note_call, &s);
    rco_decref(w);
    rco_decref(l);
    assert_int_equal(s.calls, 0);
}

static void weakref_that_is_garbage_with_its_target_never_calls_back(void **state)
{
    seen s = { 0 };
    rco_object *l = self_cycle();
    rco_object *w = rco_weakref_new(l, note_call, &s);
    ((rco_test_node *)l)->b = rco_incref(w); /* the weakref dies with its target */
    rco_decref(w);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_int_equal(s.calls, 0);
}

static void weakref_to_a_weakref_is_refused(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, NULL, NULL);
    assert_null(rco_weakref_new(w, NULL, NULL));
    assert_string_equal(rco_err_message(), "cannot create weak reference to 'weakref' object");
    assert_error(RCO_ERR_TYPE);
    rco_decref(w);
    rco_decref(l);
}

/* ---- callbacks that do things ----------------------------------------- */

static void drop_own_weakref(rco_object *ref, void *arg)
{
    *(int *)arg += 1;
    rco_decref(ref); /* the reference the test handed over */
}

static void callback_may_drop_last_reference_to_its_weakref(void **state)
{
    int calls = 0;
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, drop_own_weakref, &calls);
    (void)w; /* owned by the callback from now on */
    rco_decref(l);
    assert_int_equal(calls, 1);
}

static void callback_may_drop_its_weakref_during_collection(void **state)
{
    int calls = 0;
    rco_object *l = self_cycle();
    rco_weakref_new(l, drop_own_weakref, &calls);
    rco_decref(l);
    /* the weakref its callback freed counts as collected, as in CPython */
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_int_equal(calls, 1);
}

static void drop_sibling_weakref(rco_object *ref, void *arg)
{
    rco_object **other = arg;
    RCO_CLEAR(*other);
}

static void callback_may_drop_another_pending_weakref(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *first = NULL, *second = NULL;
    first = rco_weakref_new(l, drop_sibling_weakref, &second);
    second = rco_weakref_new(l, drop_sibling_weakref, &first);
    rco_decref(l);
    assert_null(first);
    assert_null(second);
}

static void allocate_things(rco_object *ref, void *arg)
{
    rco_type *cls = arg;
    rco_object *keep = rco_list_new(0);
    for (int i = 0; i < 50; i++) {
        rco_object *x = rco_instance_new(cls);
        rco_setattr(x, "me", x);
        rco_list_append_steal(keep, x);
        rco_list_append_steal(keep, rco_str_printf("item %d", i));
    }
    rco_list_append(keep, keep);
    rco_decref(keep);
}

static void callback_may_create_objects_and_trigger_collections(void **state)
{
    rco_gc_set_threshold(5, 2, 2);
    rco_type *cls = rco_class_new("A", NULL, NULL);
    rco_object *l = self_cycle();
    rco_object *w1 = rco_weakref_new(l, allocate_things, cls);
    rco_object *m = rco_test_node_new();
    rco_object *w2 = rco_weakref_new(m, allocate_things, cls);
    rco_decref(m); /* by count: its callback leaves a list and 50 instances with dicts */
    rco_decref(l); /* by the collector */
    assert_int_equal(rco_gc_collect(-1), 1 + (1 + 2 * 50));
    rco_gc_set_threshold(700, 10, 10);
    assert_int_equal(rco_gc_collect(-1), 1 + 2 * 50); /* what l's callback left */
    rco_decref(w1);
    rco_decref(w2);
    rco_decref((rco_object *)cls);
}

static void collect_in_callback(rco_object *ref, void *arg)
{
    *(ssize_t *)arg = rco_gc_collect(-1);
}

static void callback_may_run_a_collection_after_count_death(void **state)
{
    ssize_t found = -1;
    rco_object *garbage = self_cycle();
    rco_decref(garbage);
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, collect_in_callback, &found);
    rco_decref(l);
    assert_int_equal(found, 1); /* the collection ran and found the cycle */
    rco_decref(w);
}

static void callback_collecting_during_a_collection_is_harmless(void **state)
{
    ssize_t found = -1;
    rco_object *l = self_cycle();
    rco_object *w = rco_weakref_new(l, collect_in_callback, &found);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1);
    assert_int_equal(found, 0); /* no nested collection */
    rco_decref(w);
}

static void set_error_in_callback(rco_object *ref, void *arg)
{
    rco_err_set(RCO_ERR_VALUE, "from the callback");
}

static void error_set_in_callback_does_not_reach_the_caller(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, set_error_in_callback, NULL);
    rco_decref(l);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(w);
}

static void callback_does_not_see_nor_clobber_the_callers_error(void **state)
{
    seen s = { 0 };
    rco_object *l = rco_test_node_new();
    rco_object *w = rco_weakref_new(l, note_call, &s);
    rco_object *w2 = rco_weakref_new(l, set_error_in_callback, NULL);
    rco_err_set(RCO_ERR_KEY, "the caller's");
    rco_decref(l);
    assert_int_equal(s.error_inside, RCO_ERR_NONE);
    assert_int_equal(rco_err_occurred(), RCO_ERR_KEY);
    assert_string_equal(rco_err_message(), "the caller's");
    rco_err_clear();
    rco_decref(w);
    rco_decref(w2);
}

/* ---- weakrefs and deep destruction ------------------------------------ */

/* [[[...[weakref, target]...]]]: destruction this deep is deferred, so the
 * weakref may still wait to be destroyed when its target dies. */
static rco_object *nest(rco_object *inner, int depth)
{
    for (int i = 0; i < depth; i++) {
        rco_object *outer = rco_list_new(0);
        rco_list_append_steal(outer, inner);
        inner = outer;
    }
    return inner;
}

static void weakref_and_target_freed_deep_in_nested_lists(void **state)
{
    for (int depth = 90; depth < 110; depth++) {
        seen s = { 0 };
        rco_object *target = rco_test_node_new();
        rco_object *pair = rco_list_new(0);
        rco_list_append_steal(pair, rco_weakref_new(target, note_call, &s));
        rco_list_append_steal(pair, target);
        rco_decref(nest(pair, depth));
        assert_int_equal(s.calls, 0); /* the weakref died first, or with it */
    }
    for (int depth = 90; depth < 110; depth++) {
        seen s = { 0 };
        rco_object *target = rco_test_node_new();
        rco_object *pair = rco_list_new(0);
        rco_list_append_steal(pair, target);
        rco_list_append_steal(pair, rco_weakref_new(target, note_call, &s));
        rco_decref(nest(pair, depth));
        assert_in_range(s.calls, 0, 1);
    }
}

static void collect_when_finalized(rco_object *self)
{
    rco_gc_collect(-1);
}

/* The same, with the target cyclic garbage and a finalizer that runs a
 * collection while the weakref waits to be destroyed. */
static void collection_while_dead_weakref_waits_in_deferred_list(void **state)
{
    rco_type *cls = rco_class_new("CollectOnDeath", collect_when_finalized, NULL);
    for (int depth = 90; depth < 110; depth++) {
        seen s = { 0 };
        rco_object *target = self_cycle();
        rco_object *pair = rco_list_new(0);
        rco_list_append_steal(pair, rco_weakref_new(target, note_call, &s));
        rco_list_append_steal(pair, rco_instance_new(cls));
        rco_decref(target);
        rco_decref(nest(pair, depth));
        assert_int_equal(s.calls, 0);
    }
    rco_decref((rco_object *)cls);
}

/* ---- allocation failure ---------------------------------------------- */

static void weakref_new_survives_allocation_failure(void **state)
{
    rco_object *l = rco_test_node_new();
    rco_object *kept = rco_weakref_new(l, NULL, NULL);
    for (long nth = 1; nth < 20; nth++) {
        rco_debug_fail_alloc(nth);
        rco_object *w = rco_weakref_new(l, NULL, NULL);
        rco_debug_fail_alloc(0);
        if (w) {
            assert_int_equal(rco_weakref_count(l), 2);
            rco_decref(w);
            break;
        }
        assert_error(RCO_ERR_MEMORY);
        assert_int_equal(rco_weakref_count(l), 1);
    }
    rco_object *got = rco_weakref_get(kept);
    assert_ptr_equal(got, l);
    rco_decref(got);
    rco_decref(l);
    assert_null(rco_weakref_get(kept));
    rco_decref(kept);
}

static void first_weakref_to_many_targets_survives_allocation_failure(void **state)
{
    enum { N = 64 };
    rco_object *targets[N], *refs[N];
    for (int i = 0; i < N; i++) {
        targets[i] = rco_test_node_new();
        refs[i] = NULL;
        for (long nth = 1; !refs[i]; nth++) {
            rco_debug_fail_alloc(i % 3 == 0 ? nth : 0);
            refs[i] = rco_weakref_new(targets[i], NULL, NULL);
            rco_debug_fail_alloc(0);
            if (!refs[i]) {
                assert_error(RCO_ERR_MEMORY);
                assert_int_equal(rco_weakref_count(targets[i]), 0);
            }
        }
    }
    for (int i = 0; i < N; i++) {
        rco_decref(targets[i]);
        assert_null(rco_weakref_get(refs[i]));
        rco_decref(refs[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(weakref_get_returns_a_new_reference_to_the_target),
        RCO_TEST(weakref_is_cleared_when_target_dies_by_count),
        RCO_TEST(weakref_is_cleared_when_collector_frees_target),
        RCO_TEST(weakref_without_callback_is_cleared_silently),
        RCO_TEST(weakref_to_atomic_object_is_type_error),
        RCO_TEST(weakref_error_message_names_the_type),
        RCO_TEST(weakref_to_null_is_type_error),
        RCO_TEST(weakref_get_of_non_weakref_is_type_error),
        RCO_TEST(weakrefs_to_lists_dicts_and_tuples_are_refused),
        RCO_TEST(weakrefs_can_watch_sets_instances_classes_and_gc_types),
        RCO_TEST(weakref_repr_names_target_or_says_dead),
        RCO_TEST(several_weakrefs_to_one_target_are_all_cleared),
        RCO_TEST(several_weakrefs_are_all_cleared_before_any_callback_runs),
        RCO_TEST(weakref_count_follows_weakrefs_alive),
        RCO_TEST(weakref_dying_before_target_never_calls_back),
        RCO_TEST(weakref_that_is_garbage_with_its_target_never_calls_back),
        RCO_TEST(weakref_to_a_weakref_is_refused),
        RCO_TEST(callback_may_drop_last_reference_to_its_weakref),
        RCO_TEST(callback_may_drop_its_weakref_during_collection),
        RCO_TEST(callback_may_drop_another_pending_weakref),
        RCO_TEST(callback_may_create_objects_and_trigger_collections),
        RCO_TEST(callback_may_run_a_collection_after_count_death),
        RCO_TEST(callback_collecting_during_a_collection_is_harmless),
        RCO_TEST(error_set_in_callback_does_not_reach_the_caller),
        RCO_TEST(callback_does_not_see_nor_clobber_the_callers_error),
        RCO_TEST(weakref_and_target_freed_deep_in_nested_lists),
        RCO_TEST(collection_while_dead_weakref_waits_in_deferred_list),
        RCO_TEST(weakref_new_survives_allocation_failure),
        RCO_TEST(first_weakref_to_many_targets_survives_allocation_failure),
    };
    RCO_RUN_TESTS(tests);
}
