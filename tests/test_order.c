/*
 * test_order.c: rco_compare, rco_truth and rco_str_of (ops/compare.c, the
 * types' order and truth slots, text/str_of.c) against what Python 3.11
 * answers for the same expressions (each expected value was printed by
 * python3): numbers exactly across int, bool and float, NaN, str by code
 * points, bytes, lists and tuples lexicographically, sets by inclusion,
 * the TypeError of objects without an order, and nesting too deep.
 */
#include "fault_sweep.h"

#include <math.h>

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

/* a op b, both new references released after. */
static int compare_built(rco_object *a, rco_object *b, int op)
{
    assert_non_null(a);
    assert_non_null(b);
    int r = rco_compare(a, b, op);
    rco_decref(a);
    rco_decref(b);
    return r;
}

#define CMP(a, op, b) compare_built((a), (b), (op))

/* ---- numbers ------------------------------------------------------------ */

static void ints_and_floats_compare_exactly(void **state)
{
    /* 2**53 + 1 > 2.0**53, though (double)(2**53 + 1) == 2.0**53 */
    assert_int_equal(CMP(rco_int(9007199254740993LL), RCO_GT, rco_float(9007199254740992.0)), 1);
    assert_int_equal(CMP(rco_int(9007199254740993LL), RCO_LT, rco_float(9007199254740994.0)), 1);
    assert_int_equal(CMP(rco_float(9007199254740992.0), RCO_LT, rco_int(9007199254740993LL)), 1);
    assert_int_equal(CMP(rco_int(INT64_MAX), RCO_LT, rco_float(9223372036854775808.0)), 1);
    assert_int_equal(CMP(rco_int(INT64_MIN), RCO_LE, rco_float(-9223372036854775808.0)), 1);
    assert_int_equal(CMP(rco_int(INT64_MIN), RCO_GE, rco_float(-9223372036854775808.0)), 1);
    assert_int_equal(CMP(rco_float(INFINITY), RCO_GT, rco_int(INT64_MAX)), 1);
    assert_int_equal(CMP(rco_float(-INFINITY), RCO_LT, rco_int(INT64_MIN)), 1);
}

static void fractions_and_signs_order_against_ints(void **state)
{
    assert_int_equal(CMP(rco_float(-0.5), RCO_LT, rco_int(0)), 1);
    assert_int_equal(CMP(rco_int(0), RCO_LE, rco_float(-0.0)), 1);
    assert_int_equal(CMP(rco_int(0), RCO_LT, rco_float(-0.0)), 0);
    assert_int_equal(CMP(rco_int(-1), RCO_LT, rco_float(-0.5)), 1);
    assert_int_equal(CMP(rco_int(2), RCO_GT, rco_float(1.5)), 1);
    assert_int_equal(CMP(rco_float(2.5), RCO_GE, rco_int(3)), 0);
}

static void bools_order_as_ints(void **state)
{
    assert_int_equal(CMP(rco_true(), RCO_LT, rco_int(2)), 1);
    assert_int_equal(CMP(rco_float(1.5), RCO_GT, rco_true()), 1);
    assert_int_equal(CMP(rco_false(), RCO_LT, rco_true()), 1);
    assert_int_equal(CMP(rco_true(), RCO_EQ, rco_float(1.0)), 1);
}

static void every_order_with_nan_is_false(void **state)
{
    int ops[] = { RCO_LT, RCO_LE, RCO_GT, RCO_GE, RCO_EQ };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(CMP(rco_float(NAN), ops[i], rco_int(1)), 0);
        assert_int_equal(CMP(rco_int(1), ops[i], rco_float(NAN)), 0);
        assert_int_equal(CMP(rco_float(NAN), ops[i], rco_float(NAN)), 0);
    }
    rco_object *nan = rco_float(NAN);
    assert_int_equal(rco_compare(nan, nan, RCO_NE), 1); /* the same object too */
    assert_int_equal(rco_compare(nan, nan, RCO_EQ), 0);
    rco_decref(nan);
}

/* ---- text ------------------------------------------------------------- */

static void strs_order_by_code_points(void **state)
{
    assert_int_equal(CMP(rco_str("ab"), RCO_LT, rco_str("b")), 1);
    assert_int_equal(CMP(rco_str("\xc3\xa9"), RCO_GT, rco_str("z")), 1);            /* 'é' > 'z' */
    assert_int_equal(CMP(rco_str("\xef\xbf\xbf"), RCO_LT, rco_str("\xf0\x9f\x98\x80")), 1); /* U+FFFF < U+1F600 */
    assert_int_equal(CMP(rco_str("a"), RCO_LT, rco_str("ab")), 1);
    assert_int_equal(CMP(rco_str_n("a\0", 2), RCO_GT, rco_str("a")), 1);
    assert_int_equal(CMP(rco_str(""), RCO_LE, rco_str("")), 1);
}

static void bytes_order_by_bytes(void **state)
{
    assert_int_equal(CMP(rco_bytes("a\0", 2), RCO_GT, rco_bytes("a", 1)), 1);
    assert_int_equal(CMP(rco_bytes("\xff", 1), RCO_GT, rco_bytes("\x01", 1)), 1);
    assert_int_equal(CMP(rco_bytes("ab", 2), RCO_LT, rco_bytes("b", 1)), 1);
}

/* ---- containers ------------------------------------------------------- */

static void sequences_order_lexicographically(void **state)
{
    assert_int_equal(CMP(rco_build("[ii]", 1, 2), RCO_LT, rco_build("[iii]", 1, 2, 3)), 1);
    assert_int_equal(CMP(rco_build("(ii)", 1, 2), RCO_GT, rco_build("(i)", 1)), 1);
    assert_int_equal(CMP(rco_build("[i]", 2), RCO_GT, rco_build("[ii]", 1, 5)), 1);
    assert_int_equal(CMP(rco_build("[is]", 1, "a"), RCO_LT, rco_build("[is]", 2, "b")), 1);
    assert_int_equal(CMP(rco_build("[[i]]", 1), RCO_LT, rco_build("[[ii]]", 1, 0)), 1);
    assert_int_equal(CMP(rco_build("()"), RCO_LT, rco_build("(N)", rco_none())), 1);
}

static void equal_items_decide_nothing(void **state)
{
    /* [1, nan] < [1, nan] with two NaNs: they differ (nan != nan), and
     * nan < nan is false. The same NaN object is equal to itself. */
    assert_int_equal(CMP(rco_build("[id]", 1, NAN), RCO_LT, rco_build("[id]", 1, NAN)), 0);
    rco_object *nan = rco_float(NAN);
    rco_object *a = rco_build("[iO]", 1, nan), *b = rco_build("[iO]", 1, nan);
    assert_int_equal(rco_compare(a, b, RCO_LE), 1);
    assert_int_equal(rco_compare(a, b, RCO_EQ), 1);
    rco_decref(a);
    rco_decref(b);
    rco_decref(nan);
}

static void sets_order_by_inclusion(void **state)
{
    rco_object *one = rco_set_new(), *both = rco_set_new(), *three = rco_set_new(), *two = rco_set_new();
    rco_set_add(one, rco_int(1));
    rco_set_add(both, rco_int(1));
    rco_set_add(both, rco_int(2));
    rco_set_add(three, rco_int(1));
    rco_set_add(three, rco_int(3));
    rco_set_add(two, rco_int(2));
    assert_int_equal(rco_compare(one, both, RCO_LT), 1);
    assert_int_equal(rco_compare(both, both, RCO_LT), 0);
    assert_int_equal(rco_compare(both, both, RCO_LE), 1);
    assert_int_equal(rco_compare(three, one, RCO_GT), 1);
    assert_int_equal(rco_compare(three, two, RCO_GE), 0);
    assert_int_equal(rco_compare(two, three, RCO_LE), 0); /* neither includes the other */
    assert_int_equal(rco_compare(three, two, RCO_LE), 0);
    rco_decref(one);
    rco_decref(both);
    rco_decref(three);
    rco_decref(two);
}

/* ---- what has no order -------------------------------------------------- */

static void unorderable_pairs_are_type_errors_worded_as_python(void **state)
{
    assert_int_equal(CMP(rco_int(1), RCO_LT, rco_str("a")), -1);
    assert_string_equal(rco_err_message(), "'<' not supported between instances of 'int' and 'str'");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(CMP(rco_build("(i)", 1), RCO_GE, rco_build("[i]", 1)), -1);
    assert_string_equal(rco_err_message(), "'>=' not supported between instances of 'tuple' and 'list'");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(CMP(rco_dict_new(), RCO_LT, rco_dict_new()), -1);
    assert_string_equal(rco_err_message(), "'<' not supported between instances of 'dict' and 'dict'");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_compare(rco_none(), rco_none(), RCO_LT), -1);
    assert_string_equal(rco_err_message(), "'<' not supported between instances of 'NoneType' and 'NoneType'");
    assert_error(RCO_ERR_TYPE);
    /* the items that differ are the ones compared */
    assert_int_equal(CMP(rco_build("[is]", 1, "a"), RCO_LT, rco_build("[ii]", 1, 2)), -1);
    assert_string_equal(rco_err_message(), "'<' not supported between instances of 'str' and 'int'");
    assert_error(RCO_ERR_TYPE);
}

static void equality_never_needs_an_order(void **state)
{
    assert_int_equal(CMP(rco_int(1), RCO_EQ, rco_str("1")), 0);
    assert_int_equal(CMP(rco_int(1), RCO_NE, rco_str("1")), 1);
    assert_int_equal(CMP(rco_dict_new(), RCO_EQ, rco_dict_new()), 1);
    assert_int_equal(CMP(rco_build("[i]", 1), RCO_EQ, rco_build("[d]", 1.0)), 1);
    rco_type *cls = rco_class_new("C", NULL, NULL);
    rco_object *a = rco_instance_new(cls), *b = rco_instance_new(cls);
    assert_int_equal(rco_compare(a, a, RCO_EQ), 1);
    assert_int_equal(rco_compare(a, b, RCO_NE), 1);
    assert_int_equal(rco_compare(a, b, RCO_LT), -1);
    assert_string_equal(rco_err_message(), "'<' not supported between instances of 'C' and 'C'");
    assert_error(RCO_ERR_TYPE);
    rco_decref(a);
    rco_decref(b);
    rco_decref((rco_object *)cls);
}

static void bad_arguments_are_errors(void **state)
{
    assert_int_equal(rco_compare(NULL, rco_int(1), RCO_LT), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_compare(rco_int(1), NULL, RCO_EQ), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_compare(rco_int(1), rco_int(2), 6), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_compare(rco_int(1), rco_int(2), -1), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_truth(NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_of(NULL));
    assert_error(RCO_ERR_TYPE);
}

static void unfilled_slots_are_value_errors(void **state)
{
    rco_object *a = rco_tuple_new(2), *b = rco_build("(ii)", 1, 2);
    rco_tuple_set_steal(a, 0, rco_int(1));
    assert_int_equal(rco_compare(a, b, RCO_LT), -1);
    assert_error(RCO_ERR_VALUE);
    rco_decref(a);
    rco_decref(b);
}

/* Lists nested deeper than RCO_MAX_DEPTH: an error, not a stack overflow. */
static void deep_nesting_is_an_overflow_error(void **state)
{
    rco_object *a = rco_list_new(0), *b = rco_list_new(0), *ta = a, *tb = b;
    for (int i = 0; i < 3 * RCO_MAX_DEPTH; i++) {
        rco_list_append_steal(ta, rco_list_new(0));
        rco_list_append_steal(tb, rco_list_new(0));
        ta = rco_list_get(ta, 0);
        tb = rco_list_get(tb, 0);
    }
    rco_list_append_steal(ta, rco_int(1));
    rco_list_append_steal(tb, rco_int(2));
    assert_int_equal(rco_compare(a, b, RCO_LT), -1);
    assert_error(RCO_ERR_OVERFLOW);
    rco_decref(a);
    rco_decref(b);
}

/* ---- truth and str() ---------------------------------------------------- */

static void truth_is_pythons_bool(void **state)
{
    assert_int_equal(rco_truth(rco_none()), 0);
    assert_int_equal(rco_truth(rco_false()), 0);
    assert_int_equal(rco_truth(rco_true()), 1);
    assert_int_equal(rco_truth(rco_int(0)), 0);
    assert_int_equal(rco_truth(rco_int(-3)), 1); /* small ints are immortal */
    rco_object *objects[] = { rco_float(0.0), rco_float(-0.0), rco_float(NAN), rco_float(0.1), rco_str(""),
                              rco_str("x"), rco_bytes("", 0), rco_bytes("\0", 1), rco_tuple_new(0),
                              rco_build("(i)", 0), rco_list_new(0), rco_build("[O]", rco_none()),
                              rco_dict_new(), rco_build("{i:i}", 1, 2), rco_set_new() };
    int expected[] = { 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0 };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        assert_int_equal(rco_truth(objects[i]), expected[i]);
        rco_decref(objects[i]);
    }
    rco_type *cls = rco_class_new("Empty", NULL, NULL);
    rco_object *inst = rco_instance_new(cls);
    assert_int_equal(rco_truth(inst), 1);
    assert_int_equal(rco_truth((rco_object *)cls), 1);
    rco_object *it = rco_iter(rco_tuple_new(0));
    assert_int_equal(rco_truth(it), 1);
    rco_decref(it);
    rco_decref(inst);
    rco_decref((rco_object *)cls);
}

static void str_of_a_str_is_itself_and_of_the_rest_their_repr(void **state)
{
    rco_object *s = rco_str("h\xc3\xa9"), *r = rco_str_of(s);
    assert_ptr_equal(r, s);
    rco_decref(r);
    rco_decref(s);
    const char *expected[] = { "1.5", "[1, 'a']", "b'x'", "None", "-0.0", "(1,)", "{'k': [None]}", "True" };
    rco_object *objects[] = { rco_float(1.5), rco_build("[is]", 1, "a"), rco_bytes("x", 1), rco_none(),
                              rco_float(-0.0), rco_build("(i)", 1), rco_build("{s:[O]}", "k", rco_none()),
                              rco_true() };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        rco_object *str = rco_str_of(objects[i]);
        assert_string_equal(rco_str_utf8(str), expected[i]);
        rco_decref(str);
        rco_decref(objects[i]);
    }
}

/* ---- NULL everywhere ------------------------------------------------------ */

static rco_object *identity_key(rco_object *item, void *arg)
{
    (void)arg;
    return rco_incref(item);
}

/* Every function of the values sections, given NULL for each object
 * argument in turn: a TypeError naming nothing wrongly, never a crash. */
static void every_values_function_refuses_null(void **state)
{
    rco_object *l = rco_build("[i]", 1), *d = rco_dict_new(), *s = rco_set_new(), *str = rco_str("a");
#define NULL_FAILS(call)                                               \
    do {                                                               \
        rco_err_clear();                                               \
        intptr_t result_ = (intptr_t)(call);                           \
        assert_true(result_ == -1 || result_ == 0); /* -1 or NULL */   \
        assert_int_equal(rco_err_occurred(), RCO_ERR_TYPE);            \
    } while (0)
    NULL_FAILS(rco_compare(NULL, l, RCO_EQ));
    NULL_FAILS(rco_truth(NULL));
    NULL_FAILS(rco_str_of(NULL));
    NULL_FAILS(rco_contains(NULL, l));
    NULL_FAILS(rco_contains(l, NULL));
    NULL_FAILS(rco_concat(l, NULL));
    NULL_FAILS(rco_slice(NULL, 0, 1, 1));
    NULL_FAILS(rco_index(NULL, l));
    NULL_FAILS(rco_index(l, NULL));
    NULL_FAILS(rco_count(l, NULL));
    NULL_FAILS(rco_iter(NULL));
    NULL_FAILS(rco_iter_next(NULL));
    NULL_FAILS(rco_list_from(NULL));
    NULL_FAILS(rco_tuple_from(NULL));
    NULL_FAILS(rco_list_extend(NULL, l));
    NULL_FAILS(rco_list_extend(l, NULL));
    NULL_FAILS(rco_list_reverse(NULL));
    NULL_FAILS(rco_list_remove(NULL, l));
    NULL_FAILS(rco_list_sort(NULL, 0));
    NULL_FAILS(rco_list_sort_key(NULL, identity_key, NULL, 0));
    NULL_FAILS(rco_dict_keys(NULL));
    NULL_FAILS(rco_dict_values(NULL));
    NULL_FAILS(rco_dict_items(NULL));
    NULL_FAILS(rco_dict_get_default(NULL, l, l));
    NULL_FAILS(rco_dict_pop(d, NULL));
    NULL_FAILS(rco_dict_setdefault(d, NULL, l));
    NULL_FAILS(rco_dict_update(d, NULL));
    NULL_FAILS(rco_set_union(s, NULL));
    NULL_FAILS(rco_set_intersection(NULL, s));
    NULL_FAILS(rco_set_difference(s, NULL));
    NULL_FAILS(rco_set_symmetric_difference(s, NULL));
    NULL_FAILS(rco_set_update(s, NULL));
    NULL_FAILS(rco_set_pop(NULL));
    NULL_FAILS(rco_set_issubset(s, NULL));
    NULL_FAILS(rco_set_issuperset(NULL, s));
    NULL_FAILS(rco_set_isdisjoint(s, NULL));
    NULL_FAILS(rco_str_join(NULL, l));
    NULL_FAILS(rco_str_join(str, NULL));
    NULL_FAILS(rco_str_split(NULL, NULL, -1));
    NULL_FAILS(rco_str_find(str, NULL));
    NULL_FAILS(rco_str_replace(str, NULL, str, -1));
    NULL_FAILS(rco_str_replace(str, str, NULL, -1));
    NULL_FAILS(rco_str_strip(NULL, str));
    NULL_FAILS(rco_copy(NULL));
    NULL_FAILS(rco_deepcopy(NULL));
#undef NULL_FAILS
    assert_repr(l, "[1]");
    assert_repr(d, "{}");
    rco_decref(l); rco_decref(d); rco_decref(s); rco_decref(str);
}

/* ---- allocation failure -------------------------------------------------- */

/* Comparing allocates nothing; str() of containers does (their repr). */
static int order_workload(world *w)
{
    rco_object *a, *b, *s;
    NEW(w, a, rco_build("[i(sd)[O]]", 1000, "x", 1.5, rco_none()));
    NEW(w, b, rco_build("[i(sd)[i]]", 1000, "x", 1.5, 2));
    DO(w, rco_compare(a, b, RCO_NE));
    DO(w, rco_truth(a));
    NEW(w, s, rco_str_of(a));
    NEW(w, s, rco_str_of(rco_list_get(a, 1)));
    assert_int_equal(rco_compare(b, b, RCO_LE), 1);
    return 0;
}

static void str_of_survives_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("order and str()", order_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(ints_and_floats_compare_exactly),
        RCO_TEST(fractions_and_signs_order_against_ints),
        RCO_TEST(bools_order_as_ints),
        RCO_TEST(every_order_with_nan_is_false),
        RCO_TEST(strs_order_by_code_points),
        RCO_TEST(bytes_order_by_bytes),
        RCO_TEST(sequences_order_lexicographically),
        RCO_TEST(equal_items_decide_nothing),
        RCO_TEST(sets_order_by_inclusion),
        RCO_TEST(unorderable_pairs_are_type_errors_worded_as_python),
        RCO_TEST(equality_never_needs_an_order),
        RCO_TEST(bad_arguments_are_errors),
        RCO_TEST(unfilled_slots_are_value_errors),
        RCO_TEST(deep_nesting_is_an_overflow_error),
        RCO_TEST(truth_is_pythons_bool),
        RCO_TEST(str_of_a_str_is_itself_and_of_the_rest_their_repr),
        RCO_TEST(every_values_function_refuses_null),
        RCO_TEST(str_of_survives_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
