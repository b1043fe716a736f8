/*
 * test_bytes.c: immutable byte strings (bytes.c): a copy of any bytes,
 * NUL-terminated for convenience, hashable, never equal to a str.
 */
#include "rco_test.h"

static void bytes_copies_its_data(void **state)
{
    char buf[] = { 'a', 'b', 'c' };
    rco_object *b = rco_bytes(buf, sizeof buf);
    buf[0] = 'X';
    assert_non_null(b);
    assert_int_equal(rco_refcount(b), 1);
    assert_memory_equal(rco_bytes_data(b), "abc", 3);
    assert_int_equal(rco_len(b), 3);
    assert_string_equal(rco_type_name(b), "bytes");
    rco_decref(b);
}

static void data_is_followed_by_a_nul(void **state)
{
    rco_object *b = rco_bytes("abcdef", 3);
    assert_string_equal(rco_bytes_data(b), "abc");
    rco_decref(b);
}

static void embedded_nul_and_high_bytes_are_kept(void **state)
{
    const char data[] = { 'a', '\0', 'b', '\xff', '\x80' };
    rco_object *b = rco_bytes(data, sizeof data);
    assert_int_equal(rco_len(b), 5);
    assert_memory_equal(rco_bytes_data(b), data, sizeof data);
    assert_repr(b, "b'a\\x00b\\xff\\x80'");
    rco_decref(b);
}

static void empty_bytes_from_null_and_zero(void **state)
{
    rco_object *b = rco_bytes(NULL, 0);
    assert_non_null(b);
    assert_int_equal(rco_len(b), 0);
    assert_string_equal(rco_bytes_data(b), "");
    assert_repr(b, "b''");
    rco_decref(b);
}

static void null_data_with_a_length_is_a_type_error(void **state)
{
    assert_null(rco_bytes(NULL, 4));
    assert_non_null(strstr(rco_err_message(), "rco_bytes"));
    assert_error(RCO_ERR_TYPE);
}

static void size_max_is_an_overflow_without_reading(void **state)
{
    char one = 'x';
    assert_null(rco_bytes(&one, SIZE_MAX));
    assert_error(RCO_ERR_OVERFLOW);
}

/* Sizes no allocator could give are refused before the data is read (and
 * before the system allocator is asked, which sanitizers would abort on). */
static void absurd_sizes_fail_without_reading(void **state)
{
    char one = 'x';
    size_t sizes[] = { SIZE_MAX - 1, SIZE_MAX / 2, SIZE_MAX / 4 };
    for (size_t i = 0; i < 3; i++) {
        assert_null(rco_bytes(&one, sizes[i]));
        rco_errkind kind = rco_err_occurred();
        assert_true(kind == RCO_ERR_OVERFLOW || kind == RCO_ERR_MEMORY);
        rco_err_clear();
    }
}

static void data_of_a_non_bytes_is_a_type_error(void **state)
{
    rco_object *s = rco_str("abc");
    assert_null(rco_bytes_data(s));
    assert_non_null(strstr(rco_err_message(), "rco_bytes_data"));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_bytes_data(NULL));
    assert_error(RCO_ERR_TYPE);
    rco_decref(s);
}

static void allocation_failure_gives_memory_error(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_bytes("abc", 3));
    assert_error(RCO_ERR_MEMORY);
    char big[4000] = { 0 };
    rco_debug_fail_alloc(1);
    assert_null(rco_bytes(big, sizeof big));
    assert_error(RCO_ERR_MEMORY);
    rco_object *b = rco_bytes(big, sizeof big);
    assert_int_equal(rco_len(b), 4000);
    rco_decref(b);
}

static void large_bytes_round_trip(void **state)
{
    size_t n = 1 << 20;
    unsigned char *data = malloc(n);
    for (size_t i = 0; i < n; i++)
        data[i] = (unsigned char)(i * 31 + 7);
    rco_object *b = rco_bytes(data, n);
    assert_int_equal(rco_len(b), (ssize_t)n);
    assert_memory_equal(rco_bytes_data(b), data, n);
    rco_decref(b);
    free(data);
}

static void equal_bytes_are_equal_and_hash_equal(void **state)
{
    rco_object *a = rco_bytes("\x00\x01\x02", 3), *b = rco_bytes("\x00\x01\x02", 3);
    rco_object *c = rco_bytes("\x00\x01", 2);
    assert_int_equal(rco_equal(a, b), 1);
    assert_int_equal(rco_hash(a), rco_hash(b));
    assert_int_equal(rco_equal(a, c), 0);
    rco_decref(a);
    rco_decref(b);
    rco_decref(c);
}

static void bytes_are_dict_keys(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_bytes("k", 1), rco_int(1));
    rco_object *k = rco_bytes("k", 1);
    assert_int_equal(rco_dict_contains(d, k), 1);
    assert_int_equal(rco_int_value(rco_dict_get(d, k)), 1);
    assert_null(rco_dict_get_str(d, "k")); /* b'k' is not 'k' */
    rco_decref(k);
    rco_decref(d);
}

static void bytes_never_equal_a_str(void **state)
{
    rco_object *b = rco_bytes("abc", 3), *s = rco_str("abc");
    assert_int_equal(rco_equal(b, s), 0);
    assert_int_equal(rco_equal(s, b), 0);
    rco_decref(b);
    rco_decref(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(bytes_copies_its_data),
        RCO_TEST(data_is_followed_by_a_nul),
        RCO_TEST(embedded_nul_and_high_bytes_are_kept),
        RCO_TEST(empty_bytes_from_null_and_zero),
        RCO_TEST(null_data_with_a_length_is_a_type_error),
        RCO_TEST(size_max_is_an_overflow_without_reading),
        RCO_TEST(absurd_sizes_fail_without_reading),
        RCO_TEST(data_of_a_non_bytes_is_a_type_error),
        RCO_TEST(allocation_failure_gives_memory_error),
        RCO_TEST(large_bytes_round_trip),
        RCO_TEST(equal_bytes_are_equal_and_hash_equal),
        RCO_TEST(bytes_are_dict_keys),
        RCO_TEST(bytes_never_equal_a_str),
    };
    RCO_RUN_TESTS(tests);
}
