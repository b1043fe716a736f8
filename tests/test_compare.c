/*
 * test_compare.c: equality, hashing and length of any object (compare.c),
 * with Python's meaning: numbers by value across int, float and bool,
 * containers by content, the rest by identity unless the type says
 * otherwise; equal objects hash equal; nesting deeper than RCO_MAX_DEPTH
 * is an error, not a crash.
 */
#include "rco_test.h"

#include <math.h>

/* ---- equality across numbers ----------------------------------------- */

static void one_and_one_point_zero_and_true_are_equal(void **state)
{
    rco_object *i = rco_int(1), *f = rco_float(1.0), *b = rco_true();
    assert_int_equal(rco_equal(i, f), 1);
    assert_int_equal(rco_equal(f, i), 1);
    assert_int_equal(rco_equal(i, b), 1);
    assert_int_equal(rco_equal(f, b), 1);
    assert_int_equal(rco_equal(b, f), 1);
    rco_decref(f);
}

static void zero_false_and_negative_zero_are_equal(void **state)
{
    rco_object *z = rco_float(-0.0);
    assert_int_equal(rco_equal(rco_int(0), rco_false()), 1);
    assert_int_equal(rco_equal(z, rco_false()), 1);
    assert_int_equal(rco_equal(z, rco_int(0)), 1);
    rco_decref(z);
}

static void different_numbers_are_not_equal(void **state)
{
    rco_object *half = rco_float(0.5), *two = rco_float(2.0);
    assert_int_equal(rco_equal(half, rco_int(0)), 0);
    assert_int_equal(rco_equal(two, rco_true()), 0);
    assert_int_equal(rco_equal(rco_int(1), rco_int(2)), 0);
    rco_decref(half);
    rco_decref(two);
}

static void int_and_float_compare_exactly(void **state)
{
    /* 2**53 + 1 has no double: it must not equal 2.0**53. */
    rco_object *big_int = rco_int(9007199254740993LL), *big_float = rco_float(9007199254740992.0);
    assert_int_equal(rco_equal(big_int, big_float), 0);
    rco_object *exact = rco_int(9007199254740992LL);
    assert_int_equal(rco_equal(exact, big_float), 1);
    assert_int_equal(rco_hash(exact), rco_hash(big_float));
    /* INT64_MAX rounds to 2.0**63 as a double, which is outside int64. */
    rco_object *max = rco_int(INT64_MAX), *two63 = rco_float(9223372036854775808.0);
    assert_int_equal(rco_equal(max, two63), 0);
    rco_object *min = rco_int(INT64_MIN), *minus_two63 = rco_float(-9223372036854775808.0);
    assert_int_equal(rco_equal(min, minus_two63), 1);
    assert_int_equal(rco_hash(min), rco_hash(minus_two63));
    rco_decref(big_int); rco_decref(big_float); rco_decref(exact);
    rco_decref(max); rco_decref(two63); rco_decref(min); rco_decref(minus_two63);
}

static void infinity_and_nan_equal_no_int(void **state)
{
    rco_object *inf = rco_float(INFINITY), *nan = rco_float(NAN), *max = rco_int(INT64_MAX);
    assert_int_equal(rco_equal(inf, max), 0);
    assert_int_equal(rco_equal(nan, rco_int(0)), 0);
    assert_int_equal(rco_equal(rco_int(0), nan), 0);
    rco_decref(inf); rco_decref(nan); rco_decref(max);
}

static void nan_is_not_equal_to_itself_but_a_list_of_it_is(void **state)
{
    rco_object *nan = rco_float(NAN), *l = rco_list_new(0), *t = rco_tuple_pack(1, nan);
    rco_list_append(l, nan);
    assert_int_equal(rco_equal(nan, nan), 0);
    assert_int_equal(rco_equal(l, l), 1);
    assert_int_equal(rco_equal(t, t), 1);
    rco_object *t2 = rco_tuple_pack(1, nan);
    assert_int_equal(rco_equal(t, t2), 1);
    rco_decref(t2); rco_decref(t); rco_decref(l); rco_decref(nan);
}

/* ---- equality of other objects ---------------------------------------- */

static void none_equals_only_none(void **state)
{
    assert_int_equal(rco_equal(rco_none(), rco_none()), 1);
    assert_int_equal(rco_equal(rco_none(), rco_int(0)), 0);
    assert_int_equal(rco_equal(rco_false(), rco_none()), 0);
}

static void strs_compare_by_content(void **state)
{
    rco_object *a = rco_str("abc"), *b = rco_str_n("abcd", 3), *c = rco_str("abd");
    assert_int_equal(rco_equal(a, b), 1);
    assert_int_equal(rco_equal(a, c), 0);
    rco_object *empty1 = rco_str(""), *empty2 = rco_str_n(NULL, 0);
    assert_int_equal(rco_equal(empty1, empty2), 1);
    rco_decref(a); rco_decref(b); rco_decref(c); rco_decref(empty1); rco_decref(empty2);
}

static void different_types_are_not_equal(void **state)
{
    rco_object *s = rco_str("1"), *b = rco_bytes("1", 1), *t = rco_tuple_new(0);
    rco_object *l = rco_list_new(0), *d = rco_dict_new(), *st = rco_set_new();
    assert_int_equal(rco_equal(s, rco_int(1)), 0);
    assert_int_equal(rco_equal(s, b), 0);
    assert_int_equal(rco_equal(t, l), 0);
    assert_int_equal(rco_equal(l, d), 0);
    assert_int_equal(rco_equal(d, st), 0);
    rco_decref(s); rco_decref(b); rco_decref(l); rco_decref(d); rco_decref(st);
}

static void containers_compare_by_content_deeply(void **state)
{
    rco_object *a = rco_list_new(0), *b = rco_list_new(0);
    rco_object *inner_a = rco_dict_new(), *inner_b = rco_dict_new();
    rco_dict_set_steal(inner_a, rco_str("k"), rco_tuple_pack(2, rco_int(1), rco_none()));
    rco_object *t = rco_tuple_new(2);
    rco_tuple_set_steal(t, 0, rco_float(1.0));
    rco_tuple_set(t, 1, rco_none());
    rco_dict_set_steal(inner_b, rco_str("k"), t);
    rco_list_append_steal(a, inner_a);
    rco_list_append_steal(b, inner_b);
    assert_int_equal(rco_equal(a, b), 1);
    rco_tuple_set(t, 1, rco_false());
    assert_int_equal(rco_equal(a, b), 0);
    rco_decref(a);
    rco_decref(b);
}

static void equal_with_null_is_a_type_error(void **state)
{
    assert_int_equal(rco_equal(NULL, rco_none()), -1);
    assert_non_null(strstr(rco_err_message(), "rco_equal"));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_equal(rco_none(), NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

/* Two lists nested `depth` deep around 0. */
static rco_object *nested_lists(int depth)
{
    rco_object *l = rco_list_new(0);
    rco_list_append_steal(l, rco_int(0));
    for (int i = 0; i < depth; i++) {
        rco_object *outer = rco_list_new(1);
        rco_list_set_steal(outer, 0, l);
        l = outer;
    }
    return l;
}

static void equality_deeper_than_the_limit_is_an_overflow(void **state)
{
    rco_object *a = nested_lists(RCO_MAX_DEPTH + 100), *b = nested_lists(RCO_MAX_DEPTH + 100);
    assert_int_equal(rco_equal(a, b), -1);
    assert_error(RCO_ERR_OVERFLOW);
    rco_decref(a);
    rco_decref(b);
}

static void equality_within_the_limit_succeeds(void **state)
{
    rco_object *a = nested_lists(RCO_MAX_DEPTH - 10), *b = nested_lists(RCO_MAX_DEPTH - 10);
    assert_int_equal(rco_equal(a, b), 1);
    rco_decref(a);
    rco_decref(b);
}

static void deep_identical_structure_is_equal_without_descending(void **state)
{
    rco_object *a = nested_lists(RCO_MAX_DEPTH * 3);
    assert_int_equal(rco_equal(a, a), 1);
    rco_decref(a);
}

/* ---- user types ------------------------------------------------------ */

typedef struct celsius {
    rco_object ob;
    double degrees;
} celsius;

static int celsius_equal(rco_object *self, rco_object *other)
{
    double d = ((celsius *)self)->degrees;
    if (rco_is_type(other, rco_typeof(self)))
        return d == ((celsius *)other)->degrees;
    double v = rco_float_value(other);
    if (v == -1.0 && rco_err_occurred()) {
        rco_err_clear();
        return 0;
    }
    return d == v;
}

static rco_type celsius_type = {
    .name = "Celsius",
    .size = sizeof(celsius),
    .equal = celsius_equal,
};

static rco_object *new_celsius(double degrees)
{
    rco_object *o = rco_new(&celsius_type);
    ((celsius *)o)->degrees = degrees;
    return o;
}

static void user_equal_slot_compares_objects_of_its_type(void **state)
{
    rco_object *c = new_celsius(20.0), *c2 = new_celsius(20.0), *c3 = new_celsius(21.0);
    assert_int_equal(rco_equal(c, c2), 1);
    assert_int_equal(rco_equal(c2, c), 1);
    assert_int_equal(rco_equal(c, c3), 0);
    rco_decref(c); rco_decref(c2); rco_decref(c3);
}

/* Python asks the user type's __eq__ when the built-in one does not know
 * the other type: Celsius(20) == 20 and 20 == Celsius(20). */
static void user_equal_slot_is_consulted_against_builtins(void **state)
{
    rco_object *c = new_celsius(20.0), *i = rco_int(20), *s = rco_str("20");
    int c_i = rco_equal(c, i), i_c = rco_equal(i, c), c_s = rco_equal(c, s);
    rco_decref(c);
    rco_decref(s);
    assert_int_equal(c_s, 0);
    assert_int_equal(c_i, 1);
    assert_int_equal(i_c, 1);
}

static int equal_fails(rco_object *self, rco_object *other)
{
    rco_err_set(RCO_ERR_VALUE, "cannot compare");
    return -1;
}

static rco_type failing_equal_type = {
    .name = "Incomparable",
    .size = sizeof(rco_object),
    .equal = equal_fails,
};

static int64_t constant_hash(rco_object *self)
{
    return 42;
}

static rco_type failing_key_type = {
    .name = "BadKey",
    .size = sizeof(rco_object),
    .hash = constant_hash,
    .equal = equal_fails,
};

static void user_equal_error_is_passed_on(void **state)
{
    rco_object *a = rco_new(&failing_equal_type), *b = rco_new(&failing_equal_type);
    assert_int_equal(rco_equal(a, b), -1);
    assert_string_equal(rco_err_message(), "cannot compare");
    assert_error(RCO_ERR_VALUE);
    rco_object *la = rco_list_new(0), *lb = rco_list_new(0);
    rco_list_append(la, a);
    rco_list_append(lb, b);
    assert_int_equal(rco_equal(la, lb), -1);
    assert_error(RCO_ERR_VALUE);
    rco_decref(la); rco_decref(lb); rco_decref(a); rco_decref(b);
}

static void dict_lookup_passes_on_a_key_equality_error(void **state)
{
    rco_object *d = rco_dict_new(), *a = rco_new(&failing_key_type), *b = rco_new(&failing_key_type);
    assert_int_equal(rco_dict_set(d, a, rco_int(1)), 0);
    assert_null(rco_dict_get(d, b)); /* same hash: the keys must be compared */
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_dict_contains(d, b), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_dict_set(d, b, rco_int(2)), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_len(d), 1);
    assert_int_equal(rco_refcount(b), 1);
    assert_ptr_equal(rco_dict_get(d, a), rco_int(1)); /* identity needs no comparison */
    rco_decref(d); rco_decref(a); rco_decref(b);
}

/* ---- hashing --------------------------------------------------------- */

static void equal_numbers_hash_equal(void **state)
{
    rco_object *f = rco_float(1.0), *big = rco_int(1000000), *bigf = rco_float(1e6);
    rco_object *neg = rco_int(-12345), *negf = rco_float(-12345.0);
    assert_int_equal(rco_hash(rco_int(1)), rco_hash(f));
    assert_int_equal(rco_hash(rco_true()), rco_hash(f));
    assert_int_equal(rco_hash(rco_false()), rco_hash(rco_int(0)));
    assert_int_equal(rco_hash(big), rco_hash(bigf));
    assert_int_equal(rco_hash(neg), rco_hash(negf));
    rco_decref(f); rco_decref(big); rco_decref(bigf); rco_decref(neg); rco_decref(negf);
}

static void hashes_are_stable(void **state)
{
    rco_object *f = rco_float(2.5), *s = rco_str("stable");
    assert_int_equal(rco_hash(f), rco_hash(f));
    assert_int_equal(rco_hash(s), rco_hash(s));
    rco_decref(f);
    rco_decref(s);
}

static void hash_is_never_minus_one(void **state)
{
    rco_object *objects[] = { rco_int(-1), rco_int(-2), rco_float(-1.0), rco_float(-1.5),
                              rco_str("-1"), rco_none(), rco_tuple_pack(1, rco_int(-1)) };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        assert_int_not_equal(rco_hash(objects[i]), -1);
        assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
        rco_decref(objects[i]);
    }
}

static void unhashable_types_are_type_errors(void **state)
{
    rco_object *objects[] = { rco_list_new(0), rco_dict_new(), rco_set_new() };
    const char *names[] = { "'list'", "'dict'", "'set'" };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rco_hash(objects[i]), -1);
        assert_non_null(strstr(rco_err_message(), names[i]));
        assert_error(RCO_ERR_TYPE);
        rco_decref(objects[i]);
    }
}

static void user_type_flagged_unhashable_is_a_type_error(void **state)
{
    static rco_type mutable_type = {
        .name = "Mutable", .size = sizeof(rco_object), .flags = RCO_TYPE_UNHASHABLE,
    };
    rco_object *o = rco_new(&mutable_type);
    assert_int_equal(rco_hash(o), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(o);
}

static void hash_of_null_is_a_type_error(void **state)
{
    assert_int_equal(rco_hash(NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

static void hash_of_tuples_nested_past_the_limit_is_an_overflow(void **state)
{
    rco_object *t = rco_tuple_pack(1, rco_int(0));
    for (int i = 0; i < RCO_MAX_DEPTH + 100; i++) {
        rco_object *outer = rco_tuple_new(1);
        rco_tuple_set_steal(outer, 0, t);
        t = outer;
    }
    assert_int_equal(rco_hash(t), -1);
    assert_error(RCO_ERR_OVERFLOW);
    rco_decref(t);
}

static void none_types_and_classes_are_hashable(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_type *cls = rco_class_new("C", NULL, NULL);
    assert_int_not_equal(rco_hash(rco_none()), -1);
    assert_int_not_equal(rco_hash((rco_object *)rco_typeof(l)), -1);
    assert_int_not_equal(rco_hash((rco_object *)cls), -1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref((rco_object *)cls);
    rco_decref(l);
}

/* ---- length ---------------------------------------------------------- */

static void len_of_each_sized_type(void **state)
{
    rco_object *s = rco_str("h\xc3\xa9llo"), *b = rco_bytes("h\xc3\xa9llo", 6);
    rco_object *t = rco_tuple_new(4), *l = rco_list_new(2), *d = rco_dict_new(), *st = rco_set_new();
    rco_dict_set_str(d, "a", rco_none());
    rco_set_add(st, rco_int(1));
    rco_set_add(st, rco_int(2));
    rco_set_add(st, rco_int(3));
    assert_int_equal(rco_len(s), 5);
    assert_int_equal(rco_len(b), 6);
    assert_int_equal(rco_len(t), 4);
    assert_int_equal(rco_len(l), 2);
    assert_int_equal(rco_len(d), 1);
    assert_int_equal(rco_len(st), 3);
    rco_decref(s); rco_decref(b); rco_decref(t); rco_decref(l); rco_decref(d); rco_decref(st);
}

static void len_of_unsized_objects_is_a_type_error(void **state)
{
    rco_object *f = rco_float(1.0);
    rco_type *cls = rco_class_new("C", NULL, NULL);
    rco_object *inst = rco_instance_new(cls);
    rco_object *unsized[] = { rco_int(3), f, rco_none(), rco_true(), inst, (rco_object *)cls };
    for (size_t i = 0; i < sizeof unsized / sizeof unsized[0]; i++) {
        assert_int_equal(rco_len(unsized[i]), -1);
        assert_non_null(strstr(rco_err_message(), "rco_len"));
        assert_error(RCO_ERR_TYPE);
    }
    assert_int_equal(rco_len(NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(inst);
    rco_decref((rco_object *)cls);
    rco_decref(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(one_and_one_point_zero_and_true_are_equal),
        RCO_TEST(zero_false_and_negative_zero_are_equal),
        RCO_TEST(different_numbers_are_not_equal),
        RCO_TEST(int_and_float_compare_exactly),
        RCO_TEST(infinity_and_nan_equal_no_int),
        RCO_TEST(nan_is_not_equal_to_itself_but_a_list_of_it_is),
        RCO_TEST(none_equals_only_none),
        RCO_TEST(strs_compare_by_content),
        RCO_TEST(different_types_are_not_equal),
        RCO_TEST(containers_compare_by_content_deeply),
        RCO_TEST(equal_with_null_is_a_type_error),
        RCO_TEST(equality_deeper_than_the_limit_is_an_overflow),
        RCO_TEST(equality_within_the_limit_succeeds),
        RCO_TEST(deep_identical_structure_is_equal_without_descending),
        RCO_TEST(user_equal_slot_compares_objects_of_its_type),
        RCO_TEST(user_equal_slot_is_consulted_against_builtins),
        RCO_TEST(user_equal_error_is_passed_on),
        RCO_TEST(dict_lookup_passes_on_a_key_equality_error),
        RCO_TEST(equal_numbers_hash_equal),
        RCO_TEST(hashes_are_stable),
        RCO_TEST(hash_is_never_minus_one),
        RCO_TEST(unhashable_types_are_type_errors),
        RCO_TEST(user_type_flagged_unhashable_is_a_type_error),
        RCO_TEST(hash_of_null_is_a_type_error),
        RCO_TEST(hash_of_tuples_nested_past_the_limit_is_an_overflow),
        RCO_TEST(none_types_and_classes_are_hashable),
        RCO_TEST(len_of_each_sized_type),
        RCO_TEST(len_of_unsized_objects_is_a_type_error),
    };
    RCO_RUN_TESTS(tests);
}
