/*
 * test_str.c: Unicode strings (str.c) and the UTF-8 validation behind them
 * (utf8.c): text round-trips, lengths in code points, the decoder's
 * strictness (as strict as Python's), printf formatting, the cached hash.
 */
#include "rco_test.h"

#include <time.h>

/* ---- valid text ------------------------------------------------------ */

static void str_round_trips_its_text(void **state)
{
    rco_object *s = rco_str("hello, world");
    assert_non_null(s);
    assert_int_equal(rco_refcount(s), 1);
    assert_string_equal(rco_str_utf8(s), "hello, world");
    assert_int_equal(rco_str_size(s), 12);
    assert_int_equal(rco_len(s), 12);
    assert_string_equal(rco_type_name(s), "str");
    rco_decref(s);
}

static void empty_str_has_length_zero(void **state)
{
    rco_object *s = rco_str("");
    assert_string_equal(rco_str_utf8(s), "");
    assert_int_equal(rco_len(s), 0);
    assert_int_equal(rco_str_size(s), 0);
    assert_repr(s, "''");
    rco_decref(s);
}

static void length_counts_code_points_not_bytes(void **state)
{
    struct { const char *text; ssize_t len, size; } cases[] = {
        { "\xc3\xa9", 1, 2 },                      /* é */
        { "caf\xc3\xa9", 4, 5 },                   /* café */
        { "\xe6\x97\xa5\xe6\x9c\xac", 2, 6 },      /* 日本 */
        { "\xf0\x9f\x98\x80", 1, 4 },              /* 😀 */
        { "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", 5, 11 },
        { "0123456789abcdef\xc3\xa9", 17, 18 },    /* past the ASCII fast path */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rco_object *s = rco_str(cases[i].text);
        assert_non_null(s);
        assert_int_equal(rco_len(s), cases[i].len);
        assert_int_equal(rco_str_size(s), cases[i].size);
        rco_decref(s);
    }
}

static void repr_keeps_printable_non_ascii(void **state)
{
    rco_object *s = rco_str("caf\xc3\xa9");
    assert_repr(s, "'caf\xc3\xa9'");
    rco_decref(s);
}

static void str_n_keeps_embedded_nul(void **state)
{
    rco_object *s = rco_str_n("a\0b", 3);
    assert_non_null(s);
    assert_int_equal(rco_len(s), 3);
    assert_int_equal(rco_str_size(s), 3);
    assert_memory_equal(rco_str_utf8(s), "a\0b", 4); /* NUL-terminated too */
    assert_repr(s, "'a\\x00b'");
    rco_decref(s);
}

static void str_n_takes_only_n_bytes(void **state)
{
    rco_object *s = rco_str_n("abcdef", 3);
    assert_string_equal(rco_str_utf8(s), "abc");
    rco_decref(s);
}

static void str_n_of_null_and_zero_is_empty(void **state)
{
    rco_object *s = rco_str_n(NULL, 0);
    assert_non_null(s);
    assert_int_equal(rco_len(s), 0);
    rco_decref(s);
}

static void str_of_null_is_a_type_error(void **state)
{
    assert_null(rco_str(NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_n(NULL, 1));
    assert_error(RCO_ERR_TYPE);
}

/* Like rco_bytes: a size no str can have is refused before the text is
 * read (the buffer here ends in an invalid byte, so a reader stops there
 * instead of running off the end). */
static void str_n_with_an_absurd_size_is_an_overflow_without_reading(void **state)
{
    const char text[16] = "abcdefgh\xff";
    assert_null(rco_str_n(text, SIZE_MAX));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_str_n(text, SIZE_MAX / 2));
    assert_error(RCO_ERR_OVERFLOW);
}

static void str_copies_its_text(void **state)
{
    char buf[] = "mutable";
    rco_object *s = rco_str(buf);
    buf[0] = 'M';
    assert_string_equal(rco_str_utf8(s), "mutable");
    rco_decref(s);
}

static void boundary_code_points_are_valid(void **state)
{
    const char *valid[] = {
        "\x7f",             /* U+007F */
        "\xc2\x80",         /* U+0080 */
        "\xdf\xbf",         /* U+07FF */
        "\xe0\xa0\x80",     /* U+0800 */
        "\xed\x9f\xbf",     /* U+D7FF, just below the surrogates */
        "\xee\x80\x80",     /* U+E000, just above them */
        "\xef\xbf\xbf",     /* U+FFFF */
        "\xf0\x90\x80\x80", /* U+10000 */
        "\xf4\x8f\xbf\xbf", /* U+10FFFF */
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        rco_object *s = rco_str(valid[i]);
        assert_non_null(s);
        assert_int_equal(rco_len(s), 1);
        rco_decref(s);
    }
}

/* ---- invalid UTF-8 --------------------------------------------------- */

static void assert_invalid_utf8(const char *p, size_t n)
{
    rco_object *s = rco_str_n(p, n);
    if (s) {
        fprintf(stderr, "accepted invalid UTF-8 of %zu bytes: %s\n", n, p);
        rco_decref(s);
        fail();
    }
    assert_error(RCO_ERR_VALUE);
}

#define INVALID(literal) assert_invalid_utf8(literal, sizeof(literal) - 1)

static void overlong_forms_are_invalid(void **state)
{
    INVALID("\xc0\xaf");
    INVALID("\xc1\xbf");
    INVALID("\xe0\x80\xaf");
    INVALID("\xe0\x9f\xbf");
    INVALID("\xf0\x80\x80\xaf");
    INVALID("\xf0\x8f\xbf\xbf");
    INVALID("\xc0\x80"); /* Java's "modified UTF-8" NUL */
}

static void surrogates_are_invalid(void **state)
{
    INVALID("\xed\xa0\x80"); /* U+D800 */
    INVALID("\xed\xaf\xbf"); /* U+DBFF */
    INVALID("\xed\xb0\x80"); /* U+DC00 */
    INVALID("\xed\xbf\xbf"); /* U+DFFF */
    INVALID("\xed\xa0\xbd\xed\xb8\x80"); /* a CESU-8 pair */
}

static void code_points_above_10ffff_are_invalid(void **state)
{
    INVALID("\xf4\x90\x80\x80");
    INVALID("\xf5\x80\x80\x80");
    INVALID("\xf7\xbf\xbf\xbf");
    INVALID("\xf8\x88\x80\x80\x80");
    INVALID("\xfe");
    INVALID("\xff");
}

static void truncated_sequences_are_invalid(void **state)
{
    INVALID("\xc3");
    INVALID("\xe2\x82");
    INVALID("\xf0\x9f\x98");
    INVALID("abc\xe2\x82");
    INVALID("abcdefgh\xc3");       /* after a full ASCII word */
    INVALID("\xc3" "A");           /* a lead byte followed by ASCII */
    INVALID("\xe2\x82" "A");
    INVALID("\xf0\x9f\x98" "AAAA");
}

static void lone_continuation_bytes_are_invalid(void **state)
{
    INVALID("\x80");
    INVALID("\xbf");
    INVALID("a\x80z");
    INVALID("abcdefghijklmnop\x80");
    INVALID("\xc3\xa9\xa9"); /* one continuation too many */
}

static void invalid_byte_past_the_terminator_is_not_read(void **state)
{
    rco_object *s = rco_str_n("ok\xff", 2);
    assert_non_null(s);
    assert_string_equal(rco_str_utf8(s), "ok");
    rco_decref(s);
}

static void invalid_utf8_error_names_the_function_and_offset(void **state)
{
    assert_null(rco_str("abc\xff"));
    assert_non_null(strstr(rco_err_message(), "rco_str"));
    assert_non_null(strstr(rco_err_message(), "3"));
    assert_error(RCO_ERR_VALUE);
}

/* ---- printf ---------------------------------------------------------- */

static void printf_formats_like_printf(void **state)
{
    rco_object *s = rco_str_printf("%d-%s-%.2f", 42, "x\xc3\xa9", 1.5);
    assert_string_equal(rco_str_utf8(s), "42-x\xc3\xa9-1.50");
    assert_int_equal(rco_len(s), 10);
    assert_int_equal(rco_refcount(s), 1);
    rco_decref(s);
}

static void printf_handles_long_output(void **state)
{
    rco_object *s = rco_str_printf("%0900d|%s", 7, "end");
    assert_non_null(s);
    assert_int_equal(rco_str_size(s), 904);
    assert_int_equal(rco_str_utf8(s)[899], '7');
    assert_string_equal(rco_str_utf8(s) + 900, "|end");
    rco_decref(s);
}

static void printf_output_around_its_buffer_size_is_whole(void **state)
{
    for (int width = 250; width <= 262; width++) {
        rco_object *s = rco_str_printf("%0*d", width, 5);
        assert_non_null(s);
        assert_int_equal(rco_str_size(s), width);
        assert_int_equal(rco_str_utf8(s)[width - 1], '5');
        assert_int_equal(rco_str_utf8(s)[0], '0');
        rco_decref(s);
    }
}

static void printf_of_null_format_is_a_type_error(void **state)
{
    rco_object *(*printf_fn)(const char *, ...) = (&rco_str_printf);
    assert_null(printf_fn(NULL));
    assert_error(RCO_ERR_TYPE);
}

static void printf_producing_invalid_utf8_is_a_value_error(void **state)
{
    assert_null(rco_str_printf("%s", "bad \xff"));
    assert_error(RCO_ERR_VALUE);
    char long_bad[600];
    memset(long_bad, 'a', sizeof long_bad - 2);
    long_bad[sizeof long_bad - 2] = '\xc3';
    long_bad[sizeof long_bad - 1] = '\0';
    assert_null(rco_str_printf("%s", long_bad));
    assert_error(RCO_ERR_VALUE);
}

/* ---- accessors on wrong arguments ----------------------------------- */

static void utf8_of_a_non_str_is_a_type_error(void **state)
{
    rco_object *b = rco_bytes("x", 1);
    assert_null(rco_str_utf8(b));
    assert_non_null(strstr(rco_err_message(), "rco_str_utf8"));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_utf8(NULL));
    assert_error(RCO_ERR_TYPE);
    rco_decref(b);
}

static void size_of_a_non_str_is_a_type_error(void **state)
{
    assert_int_equal(rco_str_size(rco_int(1)), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_str_size(NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

/* ---- allocation failure --------------------------------------------- */

static void creation_fails_cleanly_when_allocation_fails(void **state)
{
    const char *texts[] = { "", "short", "a text long enough to need more than one size class" };
    for (size_t i = 0; i < 3; i++) {
        rco_debug_fail_alloc(1);
        assert_null(rco_str(texts[i]));
        assert_error(RCO_ERR_MEMORY);
        rco_debug_fail_alloc(1);
        assert_null(rco_str_n(texts[i], strlen(texts[i])));
        assert_error(RCO_ERR_MEMORY);
    }
}

static void large_str_fails_cleanly_when_allocation_fails(void **state)
{
    size_t n = 100000;
    char *text = malloc(n + 1);
    memset(text, 'x', n);
    text[n] = '\0';
    rco_debug_fail_alloc(1);
    assert_null(rco_str(text));
    assert_error(RCO_ERR_MEMORY);
    rco_object *s = rco_str(text);
    assert_int_equal(rco_len(s), (ssize_t)n);
    rco_decref(s);
    free(text);
}

static void long_printf_fails_cleanly_at_each_allocation(void **state)
{
    int failures = 0;
    for (long n = 1;; n++) {
        rco_debug_fail_alloc(n);
        rco_object *s = rco_str_printf("%0700d", 1);
        rco_debug_fail_alloc(0);
        if (s) {
            assert_int_equal(rco_str_size(s), 700);
            rco_decref(s);
            break;
        }
        assert_error(RCO_ERR_MEMORY);
        failures++;
        assert_true(n < 100);
    }
    assert_true(failures >= 1);
}

/* ---- hashing --------------------------------------------------------- */

static void equal_strs_hash_equal(void **state)
{
    rco_object *a = rco_str("caf\xc3\xa9"), *b = rco_str_printf("caf%s", "\xc3\xa9");
    assert_ptr_not_equal(a, b);
    assert_int_equal(rco_equal(a, b), 1);
    assert_int_equal(rco_hash(a), rco_hash(b));
    rco_decref(a);
    rco_decref(b);
}

static void different_strs_are_different_keys(void **state)
{
    rco_object *d = rco_dict_new();
    char key[16];
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof key, "k%d", i);
        rco_dict_set_steal(d, rco_str(key), rco_int(i));
    }
    assert_int_equal(rco_len(d), 500);
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(rco_int_value(rco_dict_get_str(d, key)), i);
    }
    rco_decref(d);
}

static double thread_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The first hash of 16 MiB reads every byte; a cached hash reads none, so
 * a thousand more hashes cost less than the first one. */
static void str_hash_is_computed_once(void **state)
{
    size_t n = (size_t)16 << 20;
    char *text = malloc(n);
    memset(text, 'h', n);
    rco_object *s = rco_str_n(text, n);
    free(text);
    assert_non_null(s);
    double t0 = thread_seconds();
    int64_t h = rco_hash(s);
    double first = thread_seconds() - t0;
    t0 = thread_seconds();
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rco_hash(s), h);
    double thousand_more = thread_seconds() - t0;
    assert_true(thousand_more < first);
    rco_decref(s);
}

static void str_and_bytes_with_equal_content_differ(void **state)
{
    rco_object *s = rco_str("abc"), *b = rco_bytes("abc", 3);
    assert_int_equal(rco_equal(s, b), 0);
    rco_object *d = rco_dict_new();
    rco_dict_set(d, s, rco_int(1));
    rco_dict_set(d, b, rco_int(2));
    assert_int_equal(rco_len(d), 2);
    rco_decref(d);
    rco_decref(s);
    rco_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(str_round_trips_its_text),
        RCO_TEST(empty_str_has_length_zero),
        RCO_TEST(length_counts_code_points_not_bytes),
        RCO_TEST(repr_keeps_printable_non_ascii),
        RCO_TEST(str_n_keeps_embedded_nul),
        RCO_TEST(str_n_takes_only_n_bytes),
        RCO_TEST(str_n_of_null_and_zero_is_empty),
        RCO_TEST(str_of_null_is_a_type_error),
        RCO_TEST(str_n_with_an_absurd_size_is_an_overflow_without_reading),
        RCO_TEST(str_copies_its_text),
        RCO_TEST(boundary_code_points_are_valid),
        RCO_TEST(overlong_forms_are_invalid),
        RCO_TEST(surrogates_are_invalid),
        RCO_TEST(code_points_above_10ffff_are_invalid),
        RCO_TEST(truncated_sequences_are_invalid),
        RCO_TEST(lone_continuation_bytes_are_invalid),
        RCO_TEST(invalid_byte_past_the_terminator_is_not_read),
        RCO_TEST(invalid_utf8_error_names_the_function_and_offset),
        RCO_TEST(printf_formats_like_printf),
        RCO_TEST(printf_handles_long_output),
        RCO_TEST(printf_output_around_its_buffer_size_is_whole),
        RCO_TEST(printf_of_null_format_is_a_type_error),
        RCO_TEST(printf_producing_invalid_utf8_is_a_value_error),
        RCO_TEST(utf8_of_a_non_str_is_a_type_error),
        RCO_TEST(size_of_a_non_str_is_a_type_error),
        RCO_TEST(creation_fails_cleanly_when_allocation_fails),
        RCO_TEST(large_str_fails_cleanly_when_allocation_fails),
        RCO_TEST(long_printf_fails_cleanly_at_each_allocation),
        RCO_TEST(equal_strs_hash_equal),
        RCO_TEST(different_strs_are_different_keys),
        RCO_TEST(str_hash_is_computed_once),
        RCO_TEST(str_and_bytes_with_equal_content_differ),
    };
    RCO_RUN_TESTS(tests);
}
