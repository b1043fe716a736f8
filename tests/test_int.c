/*
 * test_int.c: signed 64-bit ints (int.c): the shared immortal small ints,
 * values at the edges of the range, refusal to wrap, and reading values
 * back from ints and bools.
 */
#include "rco_test.h"

static void small_ints_are_shared(void **state)
{
    for (int64_t v = -5; v <= 256; v++) {
        rco_object *a = rco_int(v), *b = rco_int(v);
        assert_ptr_equal(a, b);
        assert_int_equal(rco_int_value(a), v);
    }
}

static void small_ints_are_immortal(void **state)
{
    rco_object *edges[] = { rco_int(-5), rco_int(0), rco_int(256) };
    for (size_t i = 0; i < 3; i++)
        assert_true(rco_refcount(edges[i]) >= RCO_IMMORTAL_REFCNT / 2);
}

static void creating_a_small_int_allocates_nothing(void **state)
{
    long failed = rco_debug_failed_allocs();
    rco_debug_fail_alloc(1);
    assert_non_null(rco_int(7));
    assert_non_null(rco_int_from_uint64(200));
    assert_int_equal(rco_debug_failed_allocs(), failed);
    rco_debug_fail_alloc(0);
}

static void ints_outside_the_small_range_are_new_objects(void **state)
{
    int64_t values[] = { -6, 257, 1000, -1000 };
    for (size_t i = 0; i < 4; i++) {
        rco_object *a = rco_int(values[i]), *b = rco_int(values[i]);
        assert_ptr_not_equal(a, b);
        assert_int_equal(rco_refcount(a), 1);
        assert_int_equal(rco_refcount(b), 1);
        assert_int_equal(rco_int_value(a), values[i]);
        rco_decref(a);
        rco_decref(b);
    }
}

static void extreme_values_round_trip(void **state)
{
    rco_object *max = rco_int(INT64_MAX), *min = rco_int(INT64_MIN);
    assert_int_equal(rco_int_value(max), INT64_MAX);
    assert_int_equal(rco_int_value(min), INT64_MIN);
    assert_repr(max, "9223372036854775807");
    assert_repr(min, "-9223372036854775808");
    rco_decref(max);
    rco_decref(min);
}

static void repr_is_decimal(void **state)
{
    rco_object *values[] = { rco_int(0), rco_int(-5), rco_int(1000), rco_int(-123456789) };
    const char *expected[] = { "0", "-5", "1000", "-123456789" };
    for (size_t i = 0; i < 4; i++) {
        assert_repr(values[i], expected[i]);
        rco_decref(values[i]);
    }
}

static void from_uint64_accepts_up_to_int64_max(void **state)
{
    rco_object *o = rco_int_from_uint64((uint64_t)INT64_MAX);
    assert_non_null(o);
    assert_int_equal(rco_int_value(o), INT64_MAX);
    assert_int_equal(rco_refcount(o), 1);
    rco_decref(o);
}

static void from_uint64_shares_small_ints(void **state)
{
    assert_ptr_equal(rco_int_from_uint64(42), rco_int(42));
    assert_ptr_equal(rco_int_from_uint64(0), rco_int(0));
}

static void from_uint64_above_int64_max_is_overflow(void **state)
{
    assert_null(rco_int_from_uint64((uint64_t)INT64_MAX + 1));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_int_from_uint64(UINT64_MAX));
    assert_non_null(strstr(rco_err_message(), "rco_int_from_uint64"));
    assert_error(RCO_ERR_OVERFLOW);
}

static void allocation_failure_gives_memory_error(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_int(1000));
    assert_error(RCO_ERR_MEMORY);
    rco_debug_fail_alloc(1);
    assert_null(rco_int_from_uint64(1000));
    assert_error(RCO_ERR_MEMORY);
    rco_object *o = rco_int(1000); /* a one-shot failure is spent */
    assert_non_null(o);
    rco_decref(o);
}

static void persistent_allocation_failure_fails_every_big_int(void **state)
{
    rco_debug_fail_alloc_persistent(1);
    for (int i = 0; i < 10; i++) {
        assert_null(rco_int(1000 + i));
        assert_error(RCO_ERR_MEMORY);
    }
    rco_debug_fail_alloc_persistent(0);
    rco_object *o = rco_int(1000);
    assert_non_null(o);
    rco_decref(o);
}

static void int_value_of_bool_is_zero_or_one(void **state)
{
    assert_int_equal(rco_int_value(rco_true()), 1);
    assert_int_equal(rco_int_value(rco_false()), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
}

static void int_value_minus_one_is_not_an_error(void **state)
{
    rco_object *o = rco_int(-1);
    assert_int_equal(rco_int_value(o), -1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
}

static void int_value_of_null_is_a_type_error(void **state)
{
    assert_int_equal(rco_int_value(NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

static void int_value_of_other_types_is_a_type_error(void **state)
{
    rco_object *f = rco_float(1.0), *s = rco_str("1");
    assert_int_equal(rco_int_value(f), -1);
    assert_non_null(strstr(rco_err_message(), "rco_int_value"));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_int_value(s), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_int_value(rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(f);
    rco_decref(s);
}

static void float_value_of_int_converts(void **state)
{
    rco_object *o = rco_int(-1000);
    assert_true(rco_float_value(o) == -1000.0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(o);
}

static void ints_are_not_sized(void **state)
{
    rco_object *o = rco_int(5);
    assert_int_equal(rco_len(o), -1);
    assert_error(RCO_ERR_TYPE);
}

static void equal_ints_hash_equal(void **state)
{
    rco_object *a = rco_int(123456789), *b = rco_int(123456789);
    assert_int_equal(rco_equal(a, b), 1);
    assert_int_equal(rco_hash(a), rco_hash(b));
    rco_decref(a);
    rco_decref(b);
}

static void hash_of_an_int_is_never_minus_one(void **state)
{
    int64_t values[] = { -1, -2, 0, INT64_MIN, INT64_MAX };
    for (size_t i = 0; i < 5; i++) {
        rco_object *o = rco_int(values[i]);
        assert_int_not_equal(rco_hash(o), -1);
        assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
        rco_decref(o);
    }
}

static void distinct_ints_are_distinct_dict_keys(void **state)
{
    rco_object *d = rco_dict_new();
    for (int64_t v = -1000; v < 1000; v++)
        assert_int_equal(rco_dict_set_steal(d, rco_int(v * 7919), rco_int(v)), 0);
    assert_int_equal(rco_len(d), 2000);
    for (int64_t v = -1000; v < 1000; v++) {
        rco_object *k = rco_int(v * 7919);
        assert_int_equal(rco_int_value(rco_dict_get(d, k)), v);
        rco_decref(k);
    }
    rco_decref(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(small_ints_are_shared),
        RCO_TEST(small_ints_are_immortal),
        RCO_TEST(creating_a_small_int_allocates_nothing),
        RCO_TEST(ints_outside_the_small_range_are_new_objects),
        RCO_TEST(extreme_values_round_trip),
        RCO_TEST(repr_is_decimal),
        RCO_TEST(from_uint64_accepts_up_to_int64_max),
        RCO_TEST(from_uint64_shares_small_ints),
        RCO_TEST(from_uint64_above_int64_max_is_overflow),
        RCO_TEST(allocation_failure_gives_memory_error),
        RCO_TEST(persistent_allocation_failure_fails_every_big_int),
        RCO_TEST(int_value_of_bool_is_zero_or_one),
        RCO_TEST(int_value_minus_one_is_not_an_error),
        RCO_TEST(int_value_of_null_is_a_type_error),
        RCO_TEST(int_value_of_other_types_is_a_type_error),
        RCO_TEST(float_value_of_int_converts),
        RCO_TEST(ints_are_not_sized),
        RCO_TEST(equal_ints_hash_equal),
        RCO_TEST(hash_of_an_int_is_never_minus_one),
        RCO_TEST(distinct_ints_are_distinct_dict_keys),
    };
    RCO_RUN_TESTS(tests);
}
