/*
 * test_build.c: rco_build, Py_BuildValue's formats. Every code, nesting,
 * the top-level rules, errors that name their position in the format, and
 * the N arguments released on every path that fails.
 */
#include "rco_test.h"

#include <limits.h>
#include <stdbool.h>

/* The error's message contains `part`; clears nothing. */
static void assert_message_has(const char *part)
{
    const char *message = rco_err_message();
    if (!strstr(message, part)) {
        fprintf(stderr, "expected \"%s\" in \"%s\"\n", part, message);
        fail();
    }
}

/* A fresh object to hand to N: the test keeps one reference of its own,
 * so after the call the count says whether N's reference was released. */
static rco_object *stealable(void)
{
    rco_object *o = rco_list_new(0);
    assert_non_null(o);
    rco_incref(o); /* the reference N takes */
    return o;
}

static rco_object *build_through_va(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rco_object *o = rco_build_va(fmt, ap);
    va_end(ap);
    return o;
}

/* ---- the seed examples and the top level ---------------------------- */

static void seed_tuple_example(void **state)
{
    rco_object *t = rco_build("(iis)", 1, 2, "three");
    assert_repr(t, "(1, 2, 'three')");
    rco_decref(t);
}

static void seed_list_example(void **state)
{
    rco_object *l = rco_build("[iis]", 1, 2, "three");
    assert_repr(l, "[1, 2, 'three']");
    rco_decref(l);
}

static void several_top_level_items_make_a_tuple(void **state)
{
    rco_object *t = rco_build("iis", 1, 2, "three");
    assert_repr(t, "(1, 2, 'three')");
    rco_decref(t);
}

static void one_top_level_item_is_itself(void **state)
{
    rco_object *o = rco_build("i", 1234);
    assert_string_equal(rco_type_name(o), "int");
    assert_int_equal(rco_int_value(o), 1234);
    rco_decref(o);
}

static void one_top_level_container_is_not_wrapped(void **state)
{
    rco_object *t = rco_build("(i)", 5);
    assert_repr(t, "(5,)");
    rco_decref(t);
}

static void empty_format_is_none(void **state)
{
    rco_object *o = rco_build("");
    assert_true(rco_is_none(o));
    rco_decref(o);
}

static void format_of_separators_only_is_none(void **state)
{
    rco_object *o = rco_build(" , : ");
    assert_true(rco_is_none(o));
    rco_decref(o);
}

static void empty_brackets_make_empty_containers(void **state)
{
    rco_object *o = rco_build("()[]{}");
    assert_repr(o, "((), [], {})");
    rco_decref(o);
}

static void separators_between_items_are_ignored(void **state)
{
    rco_object *o = rco_build(" ( i , i:i ) ,\t[ i ]", 1, 2, 3, 4);
    assert_repr(o, "((1, 2, 3), [4])");
    rco_decref(o);
}

static void dict_pairs_keys_with_values(void **state)
{
    rco_object *d = rco_build("{s:i, s:(ii)}", "a", 1, "b", 2, 3);
    assert_repr(d, "{'a': 1, 'b': (2, 3)}");
    rco_decref(d);
}

static void dict_keeps_the_last_value_of_a_repeated_key(void **state)
{
    rco_object *d = rco_build("{s:i, s:i}", "k", 1, "k", 2);
    assert_repr(d, "{'k': 2}");
    rco_decref(d);
}

static void containers_nest(void **state)
{
    rco_object *o = rco_build("[(ii){s:[ss]}(())]", 1, 2, "k", "x", "y");
    assert_repr(o, "[(1, 2), {'k': ['x', 'y']}, ((),)]");
    rco_decref(o);
}

static void nesting_up_to_the_limit_is_accepted(void **state)
{
    char fmt[2 * 64 + 2];
    memset(fmt, '[', 64);
    fmt[64] = 'i';
    memset(fmt + 65, ']', 64);
    fmt[129] = '\0';
    rco_object *o = rco_build(fmt, 7);
    assert_non_null(o);
    rco_object *inner = o;
    for (int i = 0; i < 63; i++)
        inner = rco_list_get(inner, 0);
    assert_repr(inner, "[7]");
    rco_decref(o);
}

static void build_va_takes_a_va_list(void **state)
{
    rco_object *o = build_through_va("[is]", 9, "nine");
    assert_repr(o, "[9, 'nine']");
    rco_decref(o);
}

/* ---- numbers ------------------------------------------------------- */

static void int_codes_read_their_c_types(void **state)
{
    rco_object *o = rco_build("(ibhlLn)", INT_MIN, (signed char)-7, (short)SHRT_MAX, LONG_MAX,
                              LLONG_MIN, (ssize_t)-300);
    char expected[160];
    snprintf(expected, sizeof expected, "(%d, -7, %d, %ld, %lld, -300)", INT_MIN, SHRT_MAX,
             LONG_MAX, LLONG_MIN);
    assert_repr(o, expected);
    rco_decref(o);
}

static void unsigned_codes_read_their_c_types(void **state)
{
    rco_object *o = rco_build("(IkK)", UINT_MAX, 4000000000UL, (unsigned long long)INT64_MAX);
    char expected[80];
    snprintf(expected, sizeof expected, "(%u, 4000000000, %lld)", UINT_MAX, (long long)INT64_MAX);
    assert_repr(o, expected);
    rco_decref(o);
}

static void K_above_int64_max_is_overflow_at_its_position(void **state)
{
    rco_object *o = rco_build("(iK)", 1, (unsigned long long)INT64_MAX + 1);
    assert_null(o);
    assert_message_has("at position 2");
    assert_message_has("9223372036854775808");
    assert_error(RCO_ERR_OVERFLOW);
}

static void k_above_int64_max_is_overflow(void **state)
{
#if ULONG_MAX > INT64_MAX
    rco_object *o = rco_build("k", ULONG_MAX);
    assert_null(o);
    assert_message_has("at position 0");
    assert_error(RCO_ERR_OVERFLOW);
#else
    skip(); /* unsigned long fits an int64 here */
#endif
}

static void small_ints_are_the_shared_immortal_ones(void **state)
{
    rco_object *o = rco_build("(ii)", 256, -5);
    rco_object *two_five_six = rco_int(256);
    assert_ptr_equal(rco_tuple_get(o, 0), two_five_six);
    assert_true(rco_refcount(rco_tuple_get(o, 1)) >= RCO_IMMORTAL_REFCNT / 2);
    rco_decref(two_five_six);
    rco_decref(o);
}

static void d_and_f_make_floats(void **state)
{
    float quarter = 0.25f;
    rco_object *o = rco_build("(df)", 1.5, quarter);
    assert_repr(o, "(1.5, 0.25)");
    assert_string_equal(rco_type_name(rco_tuple_get(o, 1)), "float");
    rco_decref(o);
}

static void c_makes_a_bytes_of_one(void **state)
{
    rco_object *o = rco_build("(cc)", 'A', 0);
    assert_repr(o, "(b'A', b'\\x00')");
    rco_decref(o);
}

static void p_makes_a_bool(void **state)
{
    rco_object *o = rco_build("(pp)", 42, 0);
    assert_repr(o, "(True, False)");
    assert_ptr_equal(rco_tuple_get(o, 0), rco_true());
    rco_decref(o);
}

/* ---- strings and bytes ----------------------------------------------- */

static void s_makes_a_str_from_utf8(void **state)
{
    rco_object *o = rco_build("s", "h\xc3\xa9llo");
    assert_string_equal(rco_type_name(o), "str");
    assert_int_equal(rco_len(o), 5);
    assert_repr(o, "'h\xc3\xa9llo'");
    rco_decref(o);
}

static void s_and_z_of_null_give_none(void **state)
{
    rco_object *o = rco_build("(sz)", (char *)NULL, (char *)NULL);
    assert_repr(o, "(None, None)");
    rco_decref(o);
}

static void z_of_a_string_is_a_str(void **state)
{
    rco_object *o = rco_build("z", "zed");
    assert_repr(o, "'zed'");
    rco_decref(o);
}

static void s_hash_takes_a_length_and_keeps_nul_bytes(void **state)
{
    rco_object *o = rco_build("(s#z#)", "a\0bc", (ssize_t)3, "xyz", (ssize_t)2);
    assert_repr(o, "('a\\x00b', 'xy')");
    rco_decref(o);
}

static void s_hash_with_negative_length_reads_to_the_nul(void **state)
{
    rco_object *o = rco_build("s#", "whole", (ssize_t)-1);
    assert_repr(o, "'whole'");
    rco_decref(o);
}

static void s_hash_of_null_gives_none(void **state)
{
    rco_object *o = rco_build("(s#y#)", (char *)NULL, (ssize_t)4, (char *)NULL, (ssize_t)4);
    assert_repr(o, "(None, None)");
    rco_decref(o);
}

static void y_makes_bytes(void **state)
{
    rco_object *o = rco_build("(yy#)", "hi", "a\0\xff", (ssize_t)3);
    assert_repr(o, "(b'hi', b'a\\x00\\xff')");
    rco_decref(o);
}

static void y_of_null_gives_none(void **state)
{
    rco_object *o = rco_build("y", (char *)NULL);
    assert_true(rco_is_none(o));
    rco_decref(o);
}

static void invalid_utf8_in_s_is_a_value_error_at_its_position(void **state)
{
    rco_object *o = rco_build("[is]", 1, "ok\xff");
    assert_null(o);
    assert_message_has("invalid UTF-8 at byte 2");
    assert_message_has("at position 2");
    assert_error(RCO_ERR_VALUE);
}

static void invalid_utf8_in_s_hash_is_checked_within_the_length(void **state)
{
    rco_object *o = rco_build("s#", "ok\xff", (ssize_t)2);
    assert_repr(o, "'ok'");
    rco_decref(o);
    assert_null(rco_build("s#", "\xc3", (ssize_t)1));
    assert_error(RCO_ERR_VALUE);
}

/* ---- objects ------------------------------------------------------- */

static void O_takes_its_own_reference(void **state)
{
    rco_object *x = rco_list_new(0);
    rco_object *o = rco_build("[O]", x);
    assert_int_equal(rco_refcount(x), 2);
    assert_ptr_equal(rco_list_get(o, 0), x);
    rco_decref(o);
    assert_int_equal(rco_refcount(x), 1);
    rco_decref(x);
}

static void S_is_the_same_as_O(void **state)
{
    rco_object *x = rco_str("shared");
    rco_object *o = rco_build("S", x);
    assert_ptr_equal(o, x);
    assert_int_equal(rco_refcount(x), 2);
    rco_decref(o);
    rco_decref(x);
}

static void N_steals_the_reference(void **state)
{
    rco_object *x = stealable();
    rco_object *o = rco_build("(N)", x);
    assert_int_equal(rco_refcount(x), 2);
    rco_decref(o);
    assert_int_equal(rco_refcount(x), 1);
    rco_decref(x);
}

static void N_alone_returns_the_object_itself(void **state)
{
    rco_object *x = stealable();
    rco_object *o = rco_build("N", x);
    assert_ptr_equal(o, x);
    assert_int_equal(rco_refcount(x), 2);
    rco_decref(o);
    rco_decref(x);
}

static void O_of_null_is_a_type_error_at_its_position(void **state)
{
    assert_null(rco_build("(iO)", 1, (rco_object *)NULL));
    assert_string_equal(rco_err_message(), "rco_build: NULL object for 'O' at position 2");
    assert_error(RCO_ERR_TYPE);
}

static void N_of_null_passes_on_the_constructors_error(void **state)
{
    assert_null(rco_build("(iN)", 1, rco_str("bad \xff")));
    assert_message_has("invalid UTF-8");
    assert_message_has("at position 2");
    assert_error(RCO_ERR_VALUE);
}

static void N_of_null_without_an_error_is_a_type_error(void **state)
{
    assert_null(rco_build("N", (rco_object *)NULL));
    assert_message_has("NULL object for 'N' at position 0");
    assert_error(RCO_ERR_TYPE);
}

static void unhashable_key_is_a_type_error_at_the_keys_position(void **state)
{
    rco_object *key = rco_list_new(0);
    assert_null(rco_build("{s:i, O:i}", "a", 1, key, 2));
    assert_message_has("unhashable");
    assert_message_has("at position 6");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(key), 1);
    rco_decref(key);
}

/* ---- format errors --------------------------------------------------- */

static void bad_format_character_names_its_position(void **state)
{
    assert_null(rco_build("(iix)", 1, 2));
    assert_string_equal(rco_err_message(), "rco_build: bad format character 'x' at position 3");
    assert_error(RCO_ERR_VALUE);
}

static void unprintable_format_character_is_shown_in_hex(void **state)
{
    assert_null(rco_build("i\x01", 1));
    assert_string_equal(rco_err_message(),
                        "rco_build: bad format character '\\x01' at position 1");
    assert_error(RCO_ERR_VALUE);
}

static void unbalanced_closer_is_a_format_error(void **state)
{
    assert_null(rco_build("(i))", 1));
    assert_string_equal(rco_err_message(), "rco_build: unbalanced ')' at position 3");
    assert_error(RCO_ERR_VALUE);
}

static void mismatched_closer_is_a_format_error(void **state)
{
    assert_null(rco_build("[i)", 1));
    assert_message_has("')' at position 2");
    assert_error(RCO_ERR_VALUE);
}

static void unclosed_bracket_is_a_format_error_at_the_end(void **state)
{
    assert_null(rco_build("{s:[i", "k", 1));
    assert_message_has("'[' opened at position 3");
    assert_message_has("position 5");
    assert_error(RCO_ERR_VALUE);
}

static void dict_with_odd_items_is_a_format_error(void **state)
{
    assert_null(rco_build("{s:i, s}", "a", 1, "b"));
    assert_message_has("odd number of items (3)");
    assert_message_has("at position 7");
    assert_error(RCO_ERR_VALUE);
}

static void hash_after_a_code_without_length_is_a_format_error(void **state)
{
    assert_null(rco_build("i#", 1, (ssize_t)1));
    assert_message_has("'#' at position 1");
    assert_error(RCO_ERR_VALUE);
}

static void nesting_beyond_the_limit_is_an_overflow(void **state)
{
    char fmt[2 * 65 + 1];
    memset(fmt, '(', 65);
    memset(fmt + 65, ')', 65);
    fmt[130] = '\0';
    assert_null(rco_build(fmt));
    assert_message_has("at position 64");
    assert_error(RCO_ERR_OVERFLOW);
}

static void null_format_is_a_type_error(void **state)
{
    assert_null(rco_build(NULL));
    assert_error(RCO_ERR_TYPE);
}

/* ---- N released on every failure ------------------------------------ */

static void format_error_releases_N_before_it(void **state)
{
    rco_object *a = stealable(), *b = stealable();
    assert_null(rco_build("(N s# N x)", a, "ab", (ssize_t)2, b));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_refcount(a), 1);
    assert_int_equal(rco_refcount(b), 1);
    rco_decref(a);
    rco_decref(b);
}

static void format_error_leaves_N_after_it_alone(void **state)
{
    rco_object *before = stealable(), *after = stealable();
    assert_null(rco_build("[N] ? [N]", before, after));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_refcount(before), 1);
    assert_int_equal(rco_refcount(after), 2); /* never read: still the caller's */
    rco_decref(before);
    rco_decref(after);
    rco_decref(after);
}

static void unclosed_bracket_releases_every_N(void **state)
{
    rco_object *a = stealable(), *b = stealable();
    assert_null(rco_build("[N(N", a, b));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_refcount(a), 1);
    assert_int_equal(rco_refcount(b), 1);
    rco_decref(a);
    rco_decref(b);
}

static void odd_dict_releases_N_inside_it(void **state)
{
    rco_object *a = stealable();
    assert_null(rco_build("{sN s}", "k", a, "j"));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_refcount(a), 1);
    rco_decref(a);
}

static void failure_releases_N_before_and_after_it(void **state)
{
    rco_object *before = stealable(), *after = stealable();
    assert_null(rco_build("[N, (s), {s:N}]", before, "\xfe", "k", after));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_refcount(before), 1);
    assert_int_equal(rco_refcount(after), 1);
    rco_decref(before);
    rco_decref(after);
}

static void null_O_releases_the_N_after_it(void **state)
{
    rco_object *a = stealable();
    assert_null(rco_build("(O(iN))", (rco_object *)NULL, 3, a));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(a), 1);
    rco_decref(a);
}

static void overflow_releases_the_N_after_it(void **state)
{
    rco_object *a = stealable();
    assert_null(rco_build("KN", ULLONG_MAX, a));
    assert_error(RCO_ERR_OVERFLOW);
    assert_int_equal(rco_refcount(a), 1);
    rco_decref(a);
}

static void null_N_releases_the_other_N(void **state)
{
    rco_object *a = stealable(), *b = stealable();
    assert_null(rco_build("(N N N)", a, (rco_object *)NULL, b));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(a), 1);
    assert_int_equal(rco_refcount(b), 1);
    rco_decref(a);
    rco_decref(b);
}

static void unhashable_key_releases_N_key_and_value(void **state)
{
    rco_object *key = stealable(), *value = stealable(), *after = stealable();
    assert_null(rco_build("{N:N, s:N}", key, value, "k", after));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(key), 1);
    assert_int_equal(rco_refcount(value), 1);
    assert_int_equal(rco_refcount(after), 1);
    rco_decref(key);
    rco_decref(value);
    rco_decref(after);
}

static void failure_leaves_O_arguments_as_they_were(void **state)
{
    rco_object *x = rco_list_new(0);
    assert_null(rco_build("[O, O, s]", x, x, "\xff"));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_refcount(x), 1);
    rco_decref(x);
}

/* ---- allocation failure ---------------------------------------------- */

static void every_allocation_failure_is_clean(void **state)
{
    const char *fmt = "[N, {s:[l, l, (s#, d, y)], s:N}, (O, K), N]";
    rco_object *keep = rco_list_new(0);
    long failures = 0;
    for (long n = 1;; n++) {
        rco_object *a = stealable(), *b = stealable(), *c = stealable();
        long failed_before = rco_debug_failed_allocs();
        rco_debug_fail_alloc(n);
        rco_object *o = rco_build(fmt, a, "first", 1000L, 2000L, "xyz", (ssize_t)3, 2.5, "by",
                                  "second", b, keep, 3000ULL, c);
        bool injected = rco_debug_failed_allocs() != failed_before;
        rco_debug_fail_alloc(0);
        if (o) {
            assert_false(injected);
            assert_repr(o, "[[], {'first': [1000, 2000, ('xyz', 2.5, b'by')], 'second': []}, "
                           "([], 3000), []]");
            rco_decref(o);
        } else {
            assert_true(injected);
            assert_message_has("at position");
            assert_error(RCO_ERR_MEMORY);
            failures++;
        }
        assert_int_equal(rco_refcount(a), 1);
        assert_int_equal(rco_refcount(b), 1);
        assert_int_equal(rco_refcount(c), 1);
        assert_int_equal(rco_refcount(keep), 1);
        rco_decref(a);
        rco_decref(b);
        rco_decref(c);
        if (o)
            break;
    }
    assert_true(failures >= 10); /* each container and large number allocates */
    rco_decref(keep);
}

/* ---- the collector ----------------------------------------------------- */

static void collection_after_build_keeps_the_result(void **state)
{
    rco_gc_set_threshold(1, 1, 1);
    rco_object *o = rco_build("[[i], {s:[i]}, ([],)]", 1001, "k", 1002);
    assert_repr(o, "[[1001], {'k': [1002]}, ([],)]");
    rco_gc_collect(-1);
    assert_repr(o, "[[1001], {'k': [1002]}, ([],)]");
    rco_decref(o);
}

static void built_containers_are_tracked(void **state)
{
    rco_object *o = rco_build("[([])(O)]", rco_none());
    assert_true(rco_gc_is_tracked(o));
    assert_true(rco_gc_is_tracked(rco_list_get(o, 0)));   /* holds a list */
    assert_false(rco_gc_is_tracked(rco_list_get(o, 1)));  /* only atoms: never needs it */
    rco_decref(o);
}

static void cycle_through_an_N_argument_is_collected(void **state)
{
    rco_object *outer = rco_build("[N]", rco_list_new(0));
    rco_object *inner = rco_list_get(outer, 0);
    rco_list_append(inner, outer); /* outer -> inner -> outer */
    rco_decref(outer);
    assert_int_equal(rco_gc_collect(-1), 2);
}

#ifdef RCO_DEBUG
static char *leak_report(uint64_t since)
{
    FILE *f = tmpfile();
    rco_debug_leaks(since, f);
    return rco_test_stream_text(f);
}

/* The ledger sees only what crosses the API: an item taken out of a built
 * list and kept is charged to the line that took it, not to rco_build. */
static void built_items_are_not_charged_to_the_caller(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    rco_object *o = rco_build("[l]", 5000L);
    rco_object *x = rco_list_get(o, 0);
    rco_incref(x);
    rco_decref(o);
    char *text = leak_report(mark);
    assert_non_null(strstr(text, "rco_incref): 1 taken, 0 released"));
    assert_null(strstr(text, "rco_build): 1 taken"));
    free(text);
    rco_decref(x);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(seed_tuple_example),
        RCO_TEST(seed_list_example),
        RCO_TEST(several_top_level_items_make_a_tuple),
        RCO_TEST(one_top_level_item_is_itself),
        RCO_TEST(one_top_level_container_is_not_wrapped),
        RCO_TEST(empty_format_is_none),
        RCO_TEST(format_of_separators_only_is_none),
        RCO_TEST(empty_brackets_make_empty_containers),
        RCO_TEST(separators_between_items_are_ignored),
        RCO_TEST(dict_pairs_keys_with_values),
        RCO_TEST(dict_keeps_the_last_value_of_a_repeated_key),
        RCO_TEST(containers_nest),
        RCO_TEST(nesting_up_to_the_limit_is_accepted),
        RCO_TEST(build_va_takes_a_va_list),
        RCO_TEST(int_codes_read_their_c_types),
        RCO_TEST(unsigned_codes_read_their_c_types),
        RCO_TEST(K_above_int64_max_is_overflow_at_its_position),
        RCO_TEST(k_above_int64_max_is_overflow),
        RCO_TEST(small_ints_are_the_shared_immortal_ones),
        RCO_TEST(d_and_f_make_floats),
        RCO_TEST(c_makes_a_bytes_of_one),
        RCO_TEST(p_makes_a_bool),
        RCO_TEST(s_makes_a_str_from_utf8),
        RCO_TEST(s_and_z_of_null_give_none),
        RCO_TEST(z_of_a_string_is_a_str),
        RCO_TEST(s_hash_takes_a_length_and_keeps_nul_bytes),
        RCO_TEST(s_hash_with_negative_length_reads_to_the_nul),
        RCO_TEST(s_hash_of_null_gives_none),
        RCO_TEST(y_makes_bytes),
        RCO_TEST(y_of_null_gives_none),
        RCO_TEST(invalid_utf8_in_s_is_a_value_error_at_its_position),
        RCO_TEST(invalid_utf8_in_s_hash_is_checked_within_the_length),
        RCO_TEST(O_takes_its_own_reference),
        RCO_TEST(S_is_the_same_as_O),
        RCO_TEST(N_steals_the_reference),
        RCO_TEST(N_alone_returns_the_object_itself),
        RCO_TEST(O_of_null_is_a_type_error_at_its_position),
        RCO_TEST(N_of_null_passes_on_the_constructors_error),
        RCO_TEST(N_of_null_without_an_error_is_a_type_error),
        RCO_TEST(unhashable_key_is_a_type_error_at_the_keys_position),
        RCO_TEST(bad_format_character_names_its_position),
        RCO_TEST(unprintable_format_character_is_shown_in_hex),
        RCO_TEST(unbalanced_closer_is_a_format_error),
        RCO_TEST(mismatched_closer_is_a_format_error),
        RCO_TEST(unclosed_bracket_is_a_format_error_at_the_end),
        RCO_TEST(dict_with_odd_items_is_a_format_error),
        RCO_TEST(hash_after_a_code_without_length_is_a_format_error),
        RCO_TEST(nesting_beyond_the_limit_is_an_overflow),
        RCO_TEST(null_format_is_a_type_error),
        RCO_TEST(format_error_releases_N_before_it),
        RCO_TEST(format_error_leaves_N_after_it_alone),
        RCO_TEST(unclosed_bracket_releases_every_N),
        RCO_TEST(odd_dict_releases_N_inside_it),
        RCO_TEST(failure_releases_N_before_and_after_it),
        RCO_TEST(null_O_releases_the_N_after_it),
        RCO_TEST(overflow_releases_the_N_after_it),
        RCO_TEST(null_N_releases_the_other_N),
        RCO_TEST(unhashable_key_releases_N_key_and_value),
        RCO_TEST(failure_leaves_O_arguments_as_they_were),
        RCO_TEST(every_allocation_failure_is_clean),
        RCO_TEST(collection_after_build_keeps_the_result),
        RCO_TEST(built_containers_are_tracked),
        RCO_TEST(cycle_through_an_N_argument_is_collected),
#ifdef RCO_DEBUG
        RCO_TEST(built_items_are_not_charged_to_the_caller),
#endif
    };
    RCO_RUN_TESTS(tests);
}
