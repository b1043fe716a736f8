/*
 * test_set.c: insertion-ordered sets (set.c): membership with Python's
 * equality (1, 1.0 and True are one item), ownership of items, iteration,
 * unhashable items, and allocation failure when an add grows the table.
 */
#include "rco_test.h"

/* {0, 1, ..., n-1} (small ints: adding allocates only the table). */
static rco_object *set_of(int n)
{
    rco_object *s = rco_set_new();
    for (int i = 0; i < n; i++)
        assert_int_equal(rco_set_add(s, rco_int(i)), 0);
    return s;
}

static void new_set_is_empty(void **state)
{
    rco_object *s = rco_set_new();
    assert_non_null(s);
    assert_int_equal(rco_refcount(s), 1);
    assert_int_equal(rco_len(s), 0);
    assert_repr(s, "set()");
    assert_string_equal(rco_type_name(s), "set");
    rco_decref(s);
}

static void new_fails_cleanly_when_allocation_fails(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_set_new());
    assert_error(RCO_ERR_MEMORY);
}

static void add_takes_its_own_reference(void **state)
{
    rco_object *s = rco_set_new(), *item = rco_str("x");
    assert_int_equal(rco_set_add(s, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    assert_int_equal(rco_set_contains(s, item), 1);
    rco_decref(s);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
}

static void adding_an_equal_item_again_changes_nothing(void **state)
{
    rco_object *s = rco_set_new(), *a = rco_str("x"), *b = rco_str("x");
    rco_set_add(s, a);
    assert_int_equal(rco_set_add(s, b), 0);
    assert_int_equal(rco_len(s), 1);
    assert_int_equal(rco_refcount(b), 1);
    assert_int_equal(rco_refcount(a), 2);
    rco_decref(s);
    rco_decref(a);
    rco_decref(b);
}

static void one_and_one_point_zero_and_true_are_one_item(void **state)
{
    rco_object *s = rco_set_new(), *f = rco_float(1.0);
    rco_set_add(s, rco_int(1));
    rco_set_add(s, f);
    rco_set_add(s, rco_true());
    assert_int_equal(rco_len(s), 1);
    assert_repr(s, "{1}"); /* the first item stays */
    assert_int_equal(rco_set_contains(s, rco_true()), 1);
    assert_int_equal(rco_set_contains(s, f), 1);
    rco_decref(f);
    rco_decref(s);
}

static void contains_answers_one_or_zero(void **state)
{
    rco_object *s = set_of(3), *f = rco_float(2.0), *g = rco_float(2.5);
    assert_int_equal(rco_set_contains(s, f), 1);
    assert_int_equal(rco_set_contains(s, g), 0);
    assert_int_equal(rco_set_contains(s, rco_none()), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(f);
    rco_decref(g);
    rco_decref(s);
}

static void discard_removes_and_releases(void **state)
{
    rco_object *s = rco_set_new(), *item = rco_str("x"), *probe = rco_str("x");
    rco_set_add(s, item);
    assert_int_equal(rco_set_discard(s, probe), 1);
    assert_int_equal(rco_refcount(item), 1);
    assert_int_equal(rco_len(s), 0);
    assert_int_equal(rco_set_discard(s, probe), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(item);
    rco_decref(probe);
    rco_decref(s);
}

static void unhashable_items_are_type_errors(void **state)
{
    rco_object *s = set_of(2);
    rco_object *items[] = { rco_list_new(0), rco_dict_new(), rco_set_new() };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rco_set_add(s, items[i]), -1);
        assert_non_null(strstr(rco_err_message(), "unhashable"));
        assert_error(RCO_ERR_TYPE);
        assert_int_equal(rco_set_contains(s, items[i]), -1);
        assert_error(RCO_ERR_TYPE);
        assert_int_equal(rco_set_discard(s, items[i]), -1);
        assert_error(RCO_ERR_TYPE);
        assert_int_equal(rco_refcount(items[i]), 1);
        rco_decref(items[i]);
    }
    assert_repr(s, "{0, 1}");
    rco_decref(s);
}

static void null_and_wrong_arguments_are_type_errors(void **state)
{
    rco_object *s = rco_set_new(), *d = rco_dict_new();
    assert_int_equal(rco_set_add(NULL, rco_none()), -1);
    assert_non_null(strstr(rco_err_message(), "rco_set_add"));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_add(d, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_add(s, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_contains(d, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_contains(s, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_discard(NULL, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    size_t pos = 0;
    assert_int_equal(rco_set_next(d, &pos, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_next(s, NULL, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_len(s), 0);
    rco_decref(s);
    rco_decref(d);
}

static void tuples_are_items_by_content(void **state)
{
    rco_object *s = rco_set_new();
    rco_object *a = rco_tuple_pack(2, rco_int(1), rco_none());
    rco_object *b = rco_tuple_new(2);
    rco_tuple_set_steal(b, 0, rco_float(1.0));
    rco_tuple_set(b, 1, rco_none());
    rco_set_add(s, a);
    assert_int_equal(rco_set_contains(s, b), 1);
    rco_set_add(s, b);
    assert_int_equal(rco_len(s), 1);
    rco_decref(a);
    rco_decref(b);
    rco_decref(s);
}

static void next_iterates_in_insertion_order(void **state)
{
    const char *words[] = { "pear", "apple", "fig", "kiwi" };
    rco_object *s = rco_set_new();
    for (size_t i = 0; i < 4; i++) {
        rco_object *w = rco_str(words[i]);
        rco_set_add(s, w);
        rco_decref(w);
    }
    rco_object *apple = rco_str("apple");
    rco_set_discard(s, apple);
    rco_set_add(s, apple); /* re-added: now last */
    const char *expected[] = { "pear", "fig", "kiwi", "apple" };
    size_t pos = 0;
    rco_object *item;
    int seen = 0;
    while (rco_set_next(s, &pos, &item) == 1) {
        assert_string_equal(rco_str_utf8(item), expected[seen]);
        seen++;
    }
    assert_int_equal(seen, 4);
    assert_int_equal(rco_set_next(s, &pos, &item), 0);
    assert_repr(s, "{'pear', 'fig', 'kiwi', 'apple'}");
    rco_decref(apple);
    rco_decref(s);
}

static void next_gives_borrowed_items_and_accepts_null(void **state)
{
    rco_object *s = rco_set_new();
    rco_object *f = rco_float(1.5);
    rco_set_add(s, f);
    rco_decref(f);
    size_t pos = 0;
    rco_object *item = NULL;
    assert_int_equal(rco_set_next(s, &pos, &item), 1);
    assert_int_equal(rco_refcount(item), 1);
    pos = 0;
    assert_int_equal(rco_set_next(s, &pos, NULL), 1);
    assert_int_equal(rco_set_next(s, &pos, NULL), 0);
    rco_decref(s);
}

static void next_over_an_empty_set_is_zero(void **state)
{
    rco_object *s = rco_set_new();
    size_t pos = 0;
    assert_int_equal(rco_set_next(s, &pos, NULL), 0);
    rco_decref(s);
}

static void many_items_with_churn_are_all_found(void **state)
{
    rco_object *s = rco_set_new();
    for (int i = 0; i < 5000; i++) {
        rco_object *item = rco_int(i * 7919);
        assert_int_equal(rco_set_add(s, item), 0);
        rco_decref(item);
    }
    for (int i = 0; i < 5000; i += 2) {
        rco_object *item = rco_int(i * 7919);
        assert_int_equal(rco_set_discard(s, item), 1);
        rco_decref(item);
    }
    assert_int_equal(rco_len(s), 2500);
    for (int i = 0; i < 5000; i++) {
        rco_object *item = rco_int(i * 7919);
        assert_int_equal(rco_set_contains(s, item), i % 2);
        rco_decref(item);
    }
    rco_decref(s);
}

/* ---- allocation failure ---------------------------------------------- */

/* Add item to s with the nth allocation failing, n = 1, 2, ... until it
 * succeeds; each failure must leave s and item as they were. */
static int fail_each_allocation_of_add(rco_object *s, rco_object *item)
{
    rco_object *before = rco_repr(s);
    intptr_t count = rco_refcount(item);
    int failures = 0;
    for (long n = 1;; n++) {
        rco_debug_fail_alloc(n);
        int rc = rco_set_add(s, item);
        rco_debug_fail_alloc(0);
        if (rc == 0)
            break;
        assert_int_equal(rc, -1);
        assert_error(RCO_ERR_MEMORY);
        assert_repr(s, rco_str_utf8(before));
        assert_int_equal(rco_refcount(item), count);
        failures++;
        assert_true(n < 100);
    }
    rco_decref(before);
    return failures;
}

static void first_add_fails_cleanly_at_each_allocation(void **state)
{
    rco_object *s = rco_set_new(), *item = rco_str("x");
    assert_true(fail_each_allocation_of_add(s, item) >= 1);
    assert_repr(s, "{'x'}");
    rco_decref(item);
    rco_decref(s);
}

static void add_that_grows_the_table_fails_cleanly(void **state)
{
    rco_object *s = set_of(1);
    int n = 1;
    for (;;) {
        rco_debug_fail_alloc(1);
        int rc = rco_set_add(s, rco_int(n));
        rco_debug_fail_alloc(0);
        if (rc < 0) {
            rco_err_clear();
            break;
        }
        n++;
    }
    rco_object *item = rco_str("new");
    assert_true(fail_each_allocation_of_add(s, item) >= 1);
    assert_int_equal(rco_len(s), n + 1);
    assert_int_equal(rco_set_contains(s, item), 1);
    rco_decref(item);
    rco_decref(s);
}

static void persistent_failure_leaves_the_set_as_it_was(void **state)
{
    rco_object *s = set_of(5);
    rco_debug_fail_alloc_persistent(1);
    for (int i = 5; i < 10; i++) {
        assert_int_equal(rco_set_add(s, rco_int(i)), -1);
        assert_error(RCO_ERR_MEMORY);
    }
    rco_debug_fail_alloc_persistent(0);
    assert_repr(s, "{0, 1, 2, 3, 4}");
    rco_decref(s);
}

/* ---- equality, hashing, the collector --------------------------------- */

static void sets_compare_regardless_of_order(void **state)
{
    rco_object *a = set_of(3), *b = rco_set_new();
    rco_set_add(b, rco_int(2));
    rco_set_add(b, rco_true());
    rco_object *zero = rco_float(0.0);
    rco_set_add(b, zero);
    assert_int_equal(rco_equal(a, b), 1);
    rco_set_add(b, rco_int(3));
    assert_int_equal(rco_equal(a, b), 0);
    rco_decref(zero);
    rco_decref(a);
    rco_decref(b);
}

static void set_never_equals_a_dict_or_list(void **state)
{
    rco_object *s = rco_set_new(), *d = rco_dict_new(), *l = rco_list_new(0);
    assert_int_equal(rco_equal(s, d), 0);
    assert_int_equal(rco_equal(s, l), 0);
    rco_decref(s);
    rco_decref(d);
    rco_decref(l);
}

static void sets_are_unhashable(void **state)
{
    rco_object *s = rco_set_new();
    assert_int_equal(rco_hash(s), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(s);
}

static void tuple_holding_a_set_cannot_be_an_item(void **state)
{
    rco_object *s = rco_set_new(), *t = rco_tuple_pack(1, s);
    assert_int_equal(rco_set_add(s, t), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_len(s), 0);
    rco_decref(t);
    rco_decref(s);
}

static void set_in_a_cycle_through_an_instance_is_collected(void **state)
{
    rco_type *cls = rco_class_new("Member", NULL, NULL);
    rco_object *s = rco_set_new(), *member = rco_instance_new(cls);
    rco_setattr(member, "owner", s);
    assert_int_equal(rco_set_add(s, member), 0); /* s -> member -> s */
    rco_decref(member);
    rco_decref(s);
    rco_decref((rco_object *)cls);
    assert_true(rco_gc_collect(-1) >= 3); /* the set, the instance, its dict */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(new_set_is_empty),
        RCO_TEST(new_fails_cleanly_when_allocation_fails),
        RCO_TEST(add_takes_its_own_reference),
        RCO_TEST(adding_an_equal_item_again_changes_nothing),
        RCO_TEST(one_and_one_point_zero_and_true_are_one_item),
        RCO_TEST(contains_answers_one_or_zero),
        RCO_TEST(discard_removes_and_releases),
        RCO_TEST(unhashable_items_are_type_errors),
        RCO_TEST(null_and_wrong_arguments_are_type_errors),
        RCO_TEST(tuples_are_items_by_content),
        RCO_TEST(next_iterates_in_insertion_order),
        RCO_TEST(next_gives_borrowed_items_and_accepts_null),
        RCO_TEST(next_over_an_empty_set_is_zero),
        RCO_TEST(many_items_with_churn_are_all_found),
        RCO_TEST(first_add_fails_cleanly_at_each_allocation),
        RCO_TEST(add_that_grows_the_table_fails_cleanly),
        RCO_TEST(persistent_failure_leaves_the_set_as_it_was),
        RCO_TEST(sets_compare_regardless_of_order),
        RCO_TEST(set_never_equals_a_dict_or_list),
        RCO_TEST(sets_are_unhashable),
        RCO_TEST(tuple_holding_a_set_cannot_be_an_item),
        RCO_TEST(set_in_a_cycle_through_an_instance_is_collected),
    };
    RCO_RUN_TESTS(tests);
}
