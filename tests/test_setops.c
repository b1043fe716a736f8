/*
 * test_setops.c: set algebra, update, pop and inclusion (ops/setops.c),
 * with b a set or any iterable. Each result equals Python 3.11's; since
 * rco's sets keep insertion order, each result's order is pinned too (the
 * one rco.h promises), and the objects kept are CPython's ({1} & {True} is
 * {True}, {1} | {True} is {1}). A failed update changes nothing (Python
 * keeps the items before the bad one).
 */
#include "fault_sweep.h"

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

/* A set of the items of a list built from fmt. */
static rco_object *set_of(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rco_object *items = rco_build_va(fmt, ap);
    va_end(ap);
    rco_object *s = rco_set_new();
    assert_int_equal(rco_set_update(s, items), 0);
    rco_decref(items);
    return s;
}

static void assert_repr_of(rco_object *o, const char *expected)
{
    assert_non_null(o);
    assert_repr(o, expected);
    rco_decref(o);
}

static void union_keeps_as_items_then_bs_new_ones(void **state)
{
    rco_object *a = set_of("[i]", 1), *b = set_of("[Oi]", rco_true(), 2), *l = rco_build("[id]", 5, 1.0);
    assert_repr_of(rco_set_union(a, b), "{1, 2}");
    assert_repr_of(rco_set_union(b, a), "{True, 2}");
    assert_repr_of(rco_set_union(a, l), "{1, 5}");
    rco_decref(a); rco_decref(b); rco_decref(l);
}

static void intersection_keeps_the_smaller_operands_items(void **state)
{
    rco_object *one = set_of("[i]", 1), *yes = set_of("[O]", rco_true()), *pair = set_of("[ii]", 1, 5);
    assert_repr_of(rco_set_intersection(one, yes), "{True}"); /* equal sizes: b's */
    assert_repr_of(rco_set_intersection(yes, pair), "{True}"); /* a is smaller */
    assert_repr_of(rco_set_intersection(pair, yes), "{True}"); /* b is smaller */
    rco_object *abc = set_of("[iii]", 1, 2, 3), *l = rco_build("[ddi]", 3.0, 1.0, 3);
    assert_repr_of(rco_set_intersection(abc, l), "{3.0, 1.0}"); /* an iterable's, in its order */
    rco_object *none = set_of("[i]", 9);
    assert_repr_of(rco_set_intersection(abc, none), "set()");
    rco_decref(one); rco_decref(yes); rco_decref(pair); rco_decref(abc); rco_decref(l); rco_decref(none);
}

static void difference_and_symmetric_difference_keep_as_order(void **state)
{
    rco_object *abc = set_of("[iii]", 1, 2, 3), *two = rco_build("[i]", 2), *s345 = set_of("[iii]", 3, 4, 5);
    rco_object *l = rco_build("[iiii]", 3, 4, 4, 5), *mixed = set_of("[id]", 1, 2.0), *s2 = set_of("[i]", 2);
    assert_repr_of(rco_set_difference(abc, two), "{1, 3}");
    assert_repr_of(rco_set_difference(mixed, s2), "{1}");
    assert_repr_of(rco_set_symmetric_difference(abc, s345), "{1, 2, 4, 5}");
    assert_repr_of(rco_set_symmetric_difference(abc, l), "{1, 2, 4, 5}");
    assert_repr_of(rco_set_symmetric_difference(s345, abc), "{4, 5, 1, 2}");
    rco_decref(abc); rco_decref(two); rco_decref(s345); rco_decref(l); rco_decref(mixed); rco_decref(s2);
}

static void the_operands_are_left_alone(void **state)
{
    rco_object *a = set_of("[ii]", 1, 2), *b = set_of("[ii]", 2, 3);
    rco_object *results[] = { rco_set_union(a, b), rco_set_intersection(a, b), rco_set_difference(a, b),
                              rco_set_symmetric_difference(a, b) };
    assert_repr(a, "{1, 2}");
    assert_repr(b, "{2, 3}");
    for (int i = 0; i < 4; i++) {
        assert_ptr_not_equal(results[i], a);
        rco_decref(results[i]);
    }
    rco_decref(a);
    rco_decref(b);
}

static void update_adds_in_order_or_not_at_all(void **state)
{
    rco_object *s = set_of("[i]", 1), *more = rco_build("[iiO]", 3, 2, rco_true());
    assert_int_equal(rco_set_update(s, more), 0);
    assert_repr(s, "{1, 3, 2}");
    rco_object *text = rco_str("ab");
    assert_int_equal(rco_set_update(s, text), 0);
    assert_repr(s, "{1, 3, 2, 'a', 'b'}");
    assert_int_equal(rco_set_update(s, s), 0);
    assert_int_equal(rco_len(s), 5);
    rco_object *bad = rco_build("[i[]]", 7);
    assert_int_equal(rco_set_update(s, bad), -1);
    assert_string_equal(rco_err_message(), "unhashable type: 'list'");
    assert_error(RCO_ERR_TYPE);
    assert_repr(s, "{1, 3, 2, 'a', 'b'}"); /* Python would have added 7 */
    assert_int_equal(rco_set_update(s, rco_int(1)), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(bad); rco_decref(text); rco_decref(more); rco_decref(s);
}

static void pop_takes_the_newest_item(void **state)
{
    rco_object *s = set_of("[iii]", 1000, 2000, 3000), *x;
    x = rco_set_pop(s);
    assert_int_equal(rco_int_value(x), 3000);
    assert_int_equal(rco_refcount(x), 1);
    rco_decref(x);
    x = rco_set_pop(s);
    assert_int_equal(rco_int_value(x), 2000);
    rco_decref(x);
    rco_set_add(s, rco_int(4));
    x = rco_set_pop(s);
    assert_int_equal(rco_int_value(x), 4);
    rco_decref(x);
    x = rco_set_pop(s);
    assert_int_equal(rco_int_value(x), 1000);
    rco_decref(x);
    assert_null(rco_set_pop(s));
    assert_string_equal(rco_err_message(), "pop from an empty set");
    assert_error(RCO_ERR_KEY);
    assert_int_equal(rco_len(s), 0);
    /* many adds and pops: the pops stay cheap and the set usable */
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1000; i++) {
            rco_object *item = rco_int(i);
            rco_set_add(s, item);
            rco_decref(item);
        }
        for (int i = 999; i >= 0; i--) {
            x = rco_set_pop(s);
            assert_int_equal(rco_int_value(x), i);
            rco_decref(x);
        }
    }
    assert_int_equal(rco_len(s), 0);
    rco_decref(s);
}

static void inclusion_takes_any_iterable(void **state)
{
    rco_object *s = set_of("[ii]", 1, 2), *l123 = rco_build("[iii]", 1, 2, 3), *l1 = rco_build("[i]", 1);
    rco_object *l3 = rco_build("[i]", 3), *t2 = rco_build("(i)", 2), *same = set_of("[ii]", 2, 1);
    assert_int_equal(rco_set_issubset(s, l123), 1);
    assert_int_equal(rco_set_issubset(s, l1), 0);
    assert_int_equal(rco_set_issubset(s, same), 1);
    assert_int_equal(rco_set_issuperset(s, l1), 1);
    assert_int_equal(rco_set_issuperset(s, l123), 0);
    assert_int_equal(rco_set_isdisjoint(s, l3), 1);
    assert_int_equal(rco_set_isdisjoint(s, t2), 0);
    assert_int_equal(rco_set_isdisjoint(same, s), 0);
    rco_decref(s); rco_decref(l123); rco_decref(l1); rco_decref(l3); rco_decref(t2); rco_decref(same);
}

static void wrong_arguments_are_type_errors(void **state)
{
    rco_object *s = rco_set_new(), *l = rco_list_new(0), *five = rco_int(5);
    assert_null(rco_set_union(l, s));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_set_intersection(s, five));
    assert_string_equal(rco_err_message(), "'int' object is not iterable");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_set_difference(s, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_set_symmetric_difference(NULL, s));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_set_pop(l));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_issubset(s, five), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_issuperset(l, s), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_set_isdisjoint(s, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_object *unhashable = rco_build("[[]]");
    assert_null(rco_set_union(s, unhashable));
    assert_error(RCO_ERR_TYPE);
    rco_decref(unhashable); rco_decref(s); rco_decref(l); rco_decref(five);
}

/* ---- allocation failure -------------------------------------------------- */

static int set_workload(world *w)
{
    rco_object *a, *b, *l, *r, *x;
    NEW(w, a, rco_set_new());
    NEW(w, b, rco_set_new());
    for (int i = 0; i < 15; i++) {
        NEW(w, x, rco_int(3000 + i));
        DO(w, rco_set_add(a, x));
    }
    NEW(w, l, rco_build("[iiiiisss]", 3001, 3003, 4000, 4001, 3005, "x", "y", "x"));
    DO(w, rco_set_update(b, l));
    NEW(w, r, rco_set_union(a, b));
    NEW(w, r, rco_set_union(a, l));
    NEW(w, r, rco_set_intersection(a, b));
    NEW(w, r, rco_set_intersection(a, l));
    NEW(w, r, rco_set_difference(a, b));
    NEW(w, r, rco_set_difference(a, l));
    NEW(w, r, rco_set_symmetric_difference(a, b));
    NEW(w, r, rco_set_symmetric_difference(a, l));
    DO(w, rco_set_issubset(b, l));
    DO(w, rco_set_issuperset(a, l));
    DO(w, rco_set_isdisjoint(a, l));
    DO(w, rco_set_update(a, l));
    NEW(w, r, rco_set_pop(a));
    assert_int_equal(rco_len(a), 18);
    return 0;
}

static void set_algebra_survives_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("set algebra", set_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(union_keeps_as_items_then_bs_new_ones),
        RCO_TEST(intersection_keeps_the_smaller_operands_items),
        RCO_TEST(difference_and_symmetric_difference_keep_as_order),
        RCO_TEST(the_operands_are_left_alone),
        RCO_TEST(update_adds_in_order_or_not_at_all),
        RCO_TEST(pop_takes_the_newest_item),
        RCO_TEST(inclusion_takes_any_iterable),
        RCO_TEST(wrong_arguments_are_type_errors),
        RCO_TEST(set_algebra_survives_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
