/*
 * test_float.c: doubles (float.c): creation, reading values back from
 * floats, ints and bools, repr as Python writes it, and the special values
 * (NaN, infinities, negative zero).
 */
#include "rco_test.h"

#include <math.h>

static void float_is_a_new_object_with_count_one(void **state)
{
    rco_object *a = rco_float(1.5), *b = rco_float(1.5);
    assert_ptr_not_equal(a, b);
    assert_int_equal(rco_refcount(a), 1);
    assert_string_equal(rco_type_name(a), "float");
    rco_decref(a);
    rco_decref(b);
}

static void value_round_trips_exactly(void **state)
{
    double values[] = { 0.0, 1.5, -2.25, 0.1, 1e300, -1e-300, 4.9e-324, 1.7976931348623157e308 };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        rco_object *o = rco_float(values[i]);
        assert_true(rco_float_value(o) == values[i]);
        rco_decref(o);
    }
}

static void special_values_round_trip(void **state)
{
    rco_object *inf = rco_float(INFINITY), *ninf = rco_float(-INFINITY);
    rco_object *nan = rco_float(NAN), *nzero = rco_float(-0.0);
    assert_true(isinf(rco_float_value(inf)) && rco_float_value(inf) > 0);
    assert_true(isinf(rco_float_value(ninf)) && rco_float_value(ninf) < 0);
    assert_true(isnan(rco_float_value(nan)));
    assert_true(rco_float_value(nzero) == 0.0 && signbit(rco_float_value(nzero)));
    rco_decref(inf);
    rco_decref(ninf);
    rco_decref(nan);
    rco_decref(nzero);
}

static void repr_matches_python(void **state)
{
    struct { double v; const char *repr; } cases[] = {
        { 1.0, "1.0" },       { 0.1, "0.1" },         { -2.5, "-2.5" },
        { 1e16, "1e+16" },    { 1e15, "1000000000000000.0" },
        { 1e-5, "1e-05" },    { 0.0001, "0.0001" },   { -0.0, "-0.0" },
        { 1.0 / 3, "0.3333333333333333" },            { INFINITY, "inf" },
        { -INFINITY, "-inf" }, { NAN, "nan" },         { 1.5e300, "1.5e+300" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rco_object *o = rco_float(cases[i].v);
        assert_repr(o, cases[i].repr);
        rco_decref(o);
    }
}

static void float_value_of_int_and_bool_converts(void **state)
{
    rco_object *i = rco_int(-7);
    assert_true(rco_float_value(i) == -7.0);
    assert_true(rco_float_value(rco_true()) == 1.0);
    assert_true(rco_float_value(rco_false()) == 0.0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(i);
}

static void float_value_minus_one_is_not_an_error(void **state)
{
    rco_object *o = rco_float(-1.0);
    assert_true(rco_float_value(o) == -1.0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(o);
}

static void float_value_of_null_is_a_type_error(void **state)
{
    assert_true(rco_float_value(NULL) == -1.0);
    assert_error(RCO_ERR_TYPE);
}

static void float_value_of_other_types_is_a_type_error(void **state)
{
    rco_object *s = rco_str("1.0"), *l = rco_list_new(0);
    assert_true(rco_float_value(s) == -1.0);
    assert_non_null(strstr(rco_err_message(), "rco_float_value"));
    assert_error(RCO_ERR_TYPE);
    assert_true(rco_float_value(l) == -1.0);
    assert_error(RCO_ERR_TYPE);
    assert_true(rco_float_value(rco_none()) == -1.0);
    assert_error(RCO_ERR_TYPE);
    rco_decref(s);
    rco_decref(l);
}

static void int_value_of_a_float_is_a_type_error(void **state)
{
    rco_object *o = rco_float(3.0);
    assert_int_equal(rco_int_value(o), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(o);
}

static void allocation_failure_gives_memory_error(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_float(2.5));
    assert_error(RCO_ERR_MEMORY);
    rco_object *o = rco_float(2.5);
    assert_non_null(o);
    rco_decref(o);
}

static void nan_is_not_equal_to_itself(void **state)
{
    rco_object *nan = rco_float(NAN);
    assert_int_equal(rco_equal(nan, nan), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(nan);
}

static void two_nans_are_not_equal(void **state)
{
    rco_object *a = rco_float(NAN), *b = rco_float(NAN);
    assert_int_equal(rco_equal(a, b), 0);
    rco_decref(a);
    rco_decref(b);
}

static void list_holding_a_nan_equals_itself(void **state)
{
    rco_object *nan = rco_float(NAN);
    rco_object *l = rco_list_new(0);
    rco_list_append(l, nan);
    assert_int_equal(rco_equal(l, l), 1);
    rco_decref(l);
    rco_decref(nan);
}

static void lists_holding_the_same_nan_are_equal(void **state)
{
    rco_object *nan = rco_float(NAN);
    rco_object *b = rco_list_new(0), *c = rco_list_new(0);
    rco_list_append(b, nan);
    rco_list_append(c, nan);
    assert_int_equal(rco_equal(b, c), 1); /* [x] == [x]: identity first */
    rco_object *other = rco_float(NAN);
    rco_list_set(c, 0, other);
    assert_int_equal(rco_equal(b, c), 0); /* different NaNs */
    rco_decref(other);
    rco_decref(b);
    rco_decref(c);
    rco_decref(nan);
}

static void nan_is_found_in_a_dict_by_identity_only(void **state)
{
    rco_object *nan = rco_float(NAN), *other = rco_float(NAN);
    rco_object *d = rco_dict_new();
    rco_dict_set(d, nan, rco_true());
    assert_ptr_equal(rco_dict_get(d, nan), rco_true());
    assert_null(rco_dict_get(d, other));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_int_equal(rco_dict_set(d, other, rco_false()), 0);
    assert_int_equal(rco_len(d), 2);
    rco_decref(d);
    rco_decref(nan);
    rco_decref(other);
}

static void hash_of_nan_succeeds(void **state)
{
    rco_object *nan = rco_float(NAN);
    int64_t h = rco_hash(nan);
    assert_int_not_equal(h, -1);
    assert_int_equal(rco_hash(nan), h);
    rco_decref(nan);
}

static void negative_zero_equals_zero_and_hashes_alike(void **state)
{
    rco_object *nz = rco_float(-0.0), *z = rco_float(0.0), *i = rco_int(0);
    assert_int_equal(rco_equal(nz, z), 1);
    assert_int_equal(rco_equal(nz, i), 1);
    assert_int_equal(rco_hash(nz), rco_hash(z));
    assert_int_equal(rco_hash(nz), rco_hash(i));
    rco_decref(nz);
    rco_decref(z);
}

static void infinities_hash_without_error(void **state)
{
    rco_object *a = rco_float(INFINITY), *b = rco_float(INFINITY), *c = rco_float(-INFINITY);
    assert_int_equal(rco_hash(a), rco_hash(b));
    assert_int_not_equal(rco_hash(c), -1);
    assert_int_equal(rco_equal(a, b), 1);
    assert_int_equal(rco_equal(a, c), 0);
    rco_decref(a);
    rco_decref(b);
    rco_decref(c);
}

static void hash_of_minus_one_point_zero_is_not_minus_one(void **state)
{
    rco_object *o = rco_float(-1.0);
    assert_int_not_equal(rco_hash(o), -1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(float_is_a_new_object_with_count_one),
        RCO_TEST(value_round_trips_exactly),
        RCO_TEST(special_values_round_trip),
        RCO_TEST(repr_matches_python),
        RCO_TEST(float_value_of_int_and_bool_converts),
        RCO_TEST(float_value_minus_one_is_not_an_error),
        RCO_TEST(float_value_of_null_is_a_type_error),
        RCO_TEST(float_value_of_other_types_is_a_type_error),
        RCO_TEST(int_value_of_a_float_is_a_type_error),
        RCO_TEST(allocation_failure_gives_memory_error),
        RCO_TEST(nan_is_not_equal_to_itself),
        RCO_TEST(two_nans_are_not_equal),
        RCO_TEST(list_holding_a_nan_equals_itself),
        RCO_TEST(lists_holding_the_same_nan_are_equal),
        RCO_TEST(nan_is_found_in_a_dict_by_identity_only),
        RCO_TEST(hash_of_nan_succeeds),
        RCO_TEST(negative_zero_equals_zero_and_hashes_alike),
        RCO_TEST(infinities_hash_without_error),
        RCO_TEST(hash_of_minus_one_point_zero_is_not_minus_one),
    };
    RCO_RUN_TESTS(tests);
}
