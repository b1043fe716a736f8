/*
 * test_sort.c: rco_list_sort and rco_list_sort_key (ops/sort.c and the
 * merge sort of ops/merge_sort.h): Python's order and stability, the key
 * function called once per item, no more comparisons than CPython 3.11's
 * list.sort on random, sorted, reversed and partly sorted input (its
 * counts measured in python3 with a class counting __lt__, on the same
 * generated inputs), NaNs coming out where Python puts them (which holds
 * only if every comparison is the one CPython makes), and every failure
 * (unorderable items, a failing key function, a list changed meanwhile,
 * allocation failure anywhere) leaving the list as it was.
 */
#include "fault_sweep.h"

#include <math.h>
#include <stdlib.h>

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

static rco_object *list_of_doubles(const double *v, size_t n)
{
    rco_object *l = rco_list_new(0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rco_list_append_steal(l, rco_float(v[i])), 0);
    return l;
}

static void sorted_is(rco_object *l, int reverse, const char *expected)
{
    assert_int_equal(rco_list_sort(l, reverse), 0);
    assert_repr(l, expected);
}

/* ---- Python's order ----------------------------------------------------- */

static void each_kind_sorts_in_pythons_order(void **state)
{
    rco_object *l;
    sorted_is(l = rco_build("[sssssss]", "b", "a", "", "ab", "\xc3\xa9", "", ""), 0,
              "['', '', '', 'a', 'ab', 'b', '\xc3\xa9']");
    rco_decref(l);
    l = rco_list_new(0);
    const char *texts[] = { "b", "a\0", "a", "", "ab", "\xc3\xa9", "a\0b" };
    size_t sizes[] = { 1, 2, 1, 0, 2, 2, 3 };
    for (size_t i = 0; i < 7; i++)
        rco_list_append_steal(l, rco_str_n(texts[i], sizes[i]));
    sorted_is(l, 0, "['', 'a', 'a\\x00', 'a\\x00b', 'ab', 'b', '\xc3\xa9']");
    rco_decref(l);
    sorted_is(l = rco_build("[iOiOi]", 1, rco_true(), 0, rco_false(), -1), 0, "[-1, 0, False, 1, True]");
    rco_decref(l);
    sorted_is(l = rco_build("[idOdi]", 2, 1.5, rco_true(), 0.5, 3), 0, "[0.5, True, 1.5, 2, 3]");
    rco_decref(l);
    sorted_is(l = rco_build("[(is)(is)(is)]", 1, "b", 1, "a", 0, "z"), 0, "[(0, 'z'), (1, 'a'), (1, 'b')]");
    rco_decref(l);
    sorted_is(l = rco_build("[[i][ii][i]]", 2, 1, 5, 1), 0, "[[1], [1, 5], [2]]");
    rco_decref(l);
    sorted_is(l = rco_build("[y#y#y#]", "b", (ssize_t)1, "a\0", (ssize_t)2, "a", (ssize_t)1), 0,
              "[b'a', b'a\\x00', b'b']");
    rco_decref(l);
    sorted_is(l = rco_build("[LLLi]", (long long)INT64_MAX, (long long)INT64_MIN, 0LL, -7), 0,
              "[-9223372036854775808, -7, 0, 9223372036854775807]");
    rco_decref(l);
    /* a kind that changes after the first item: the generic order */
    sorted_is(l = rco_build("[did]", 1.5, 1, 0.5), 0, "[0.5, 1, 1.5]");
    rco_decref(l);
    sorted_is(l = rco_build("[didi]", NAN, 1, 0.5, 2), 0, "[nan, 0.5, 1, 2]");
    rco_decref(l);
    /* strs sharing more than 8 bytes */
    sorted_is(l = rco_build("[ssss#]", "b", "aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaab",
                            "aaaaaaaaaaaaaaaaaaaa\0", (ssize_t)21), 0,
              "['aaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaa\\x00', 'aaaaaaaaaaaaaaaaaaab', 'b']");
    rco_decref(l);
    double v[] = { INFINITY, -1e308, -INFINITY, 5e-324, 0.0 };
    sorted_is(l = list_of_doubles(v, 5), 1, "[inf, 5e-324, 0.0, -1e+308, -inf]");
    rco_decref(l);
}

static void equal_items_keep_their_order_either_way(void **state)
{
    /* 0.0 and -0.0 are equal: Python keeps them as they came. */
    double v[] = { 0.0, -0.0, -0.0, 0.0 };
    rco_object *l = list_of_doubles(v, 4);
    sorted_is(l, 0, "[0.0, -0.0, -0.0, 0.0]");
    rco_decref(l);
    double w[] = { -0.0, 0.0 };
    sorted_is(l = list_of_doubles(w, 2), 1, "[-0.0, 0.0]");
    rco_decref(l);
    /* 1, 1.0 and True are equal */
    sorted_is(l = rco_build("[dOii]", 1.0, rco_true(), 1, 0), 0, "[0, 1.0, True, 1]");
    rco_decref(l);
    sorted_is(l = rco_build("[dOii]", 1.0, rco_true(), 1, 0), 1, "[1.0, True, 1, 0]");
    rco_decref(l);
}

static rco_object *first_item(rco_object *item, void *arg)
{
    (void)arg;
    return rco_incref(rco_tuple_get(item, 0));
}

static void a_key_sort_is_stable_forward_and_reversed(void **state)
{
    rco_object *l = rco_build("[(is)(is)(is)(is)(is)]", 2, "a", 1, "b", 2, "c", 1, "d", 3, "e");
    assert_int_equal(rco_list_sort_key(l, first_item, NULL, 0), 0);
    assert_repr(l, "[(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c'), (3, 'e')]");
    assert_int_equal(rco_list_sort_key(l, first_item, NULL, 1), 0);
    assert_repr(l, "[(3, 'e'), (2, 'a'), (2, 'c'), (1, 'b'), (1, 'd')]");
    rco_decref(l);
}

/* Python: sorted(l) for l = [3.0, nan, 1.0, 2.0, nan, 0.5, -1.0, nan, 7.0,
 * 2.0], and for a list of 40 with NaNs: where NaNs land depends on every
 * comparison the sort makes. */
static void nans_land_where_python_leaves_them(void **state)
{
    double v[] = { 3.0, NAN, 1.0, 2.0, NAN, 0.5, -1.0, NAN, 7.0, 2.0 };
    rco_object *l = list_of_doubles(v, 10);
    sorted_is(l, 0, "[3.0, nan, -1.0, 1.0, 2.0, nan, 0.5, nan, 2.0, 7.0]");
    rco_decref(l);
    l = list_of_doubles(v, 10);
    sorted_is(l, 1, "[3.0, nan, 2.0, 1.0, nan, 0.5, -1.0, nan, 7.0, 2.0]");
    rco_decref(l);
    double w[] = { 17, NAN, 15, 2, 15, 7, NAN, 17, 15, 4, 4, 16, 0, 2, NAN, 1, 0, 8, 12, 13,
                   18, 4, 3, NAN, 8, 13, 9, 12, 17, 18, 10, 0, 19, 5, 10, 18, 6, 18, 3, NAN };
    l = list_of_doubles(w, 40);
    sorted_is(l, 0,
              "[17.0, nan, 0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 4.0, 5.0, 6.0, 7.0, 8.0, 8.0, "
              "9.0, 10.0, 10.0, 12.0, 12.0, 13.0, 15.0, 15.0, nan, 13.0, 15.0, 16.0, 17.0, nan, 18.0, nan, "
              "17.0, 18.0, 18.0, 18.0, 19.0, nan]");
    rco_decref(l);
}

/* ---- comparisons: no more than CPython's ---------------------------------- */

static uint64_t lcg_state;
static int64_t lcg_next(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int64_t)(lcg_state >> 33);
}

#define COUNT_N 20000

/* The inputs of counts.py, in its order (each draws on the same stream). */
static void make_inputs(int64_t inputs[8][COUNT_N], size_t *lengths)
{
    size_t n = COUNT_N;
    lcg_state = 42;
    for (size_t i = 0; i < n; i++)
        inputs[0][i] = lcg_next() % 1000000;
    for (size_t i = 0; i < n; i++) {
        inputs[1][i] = (int64_t)i;
        inputs[2][i] = (int64_t)(n - i);
        inputs[3][i] = inputs[4][i] = inputs[5][i] = (int64_t)i;
    }
    for (int k = 0; k < 3; k++) {
        size_t i = (size_t)(lcg_next() % (int64_t)n), j = (size_t)(lcg_next() % (int64_t)n);
        int64_t t = inputs[3][i];
        inputs[3][i] = inputs[3][j];
        inputs[3][j] = t;
    }
    for (size_t k = 0; k < n / 100; k++) {
        int64_t value = lcg_next() % (int64_t)n; /* Python evaluates a[i] = v's v first */
        inputs[4][lcg_next() % (int64_t)n] = value;
    }
    for (size_t k = 0; k < 10; k++)
        inputs[5][n - 10 + k] = lcg_next() % (int64_t)n;
    for (size_t i = 0; i < n; i++)
        inputs[6][i] = lcg_next() % 4;
    size_t len = 0;
    while (len < n) {
        size_t k = 1 + (size_t)(lcg_next() % 500);
        int64_t run[500];
        for (size_t i = 0; i < k; i++)
            run[i] = lcg_next() % 100000;
        for (size_t i = 1; i < k; i++) /* sorted(...): a stable insertion sort will do */
            for (size_t j = i; j > 0 && run[j] < run[j - 1]; j--) {
                int64_t t = run[j];
                run[j] = run[j - 1];
                run[j - 1] = t;
            }
        bool reversed = lcg_next() % 2;
        for (size_t i = 0; i < k && len < n; i++)
            inputs[7][len++] = reversed ? run[k - 1 - i] : run[i];
    }
    for (int i = 0; i < 8; i++)
        lengths[i] = n;
}

/* counts.py's output: CPython 3.11.7's __lt__ calls, forward and reversed. */
static const struct {
    const char *input;
    uint64_t forward, reversed;
} cpython_counts[8] = {
    { "random", 259509, 259593 },
    { "sorted", 19999, 19999 },
    { "reversed", 19999, 19999 },
    { "three_swaps", 20195, 20254 },
    { "one_percent_random", 31562, 32469 },
    { "ten_appended", 20253, 20391 },
    { "few_values", 111722, 111798 },
    { "runs", 141388, 140764 },
};

static uint64_t comparisons_of_sort(const int64_t *values, size_t n, int reverse, bool as_tuples)
{
    rco_object *l = rco_list_new(n);
    for (size_t i = 0; i < n; i++)
        rco_list_set_steal(l, i, as_tuples ? rco_build("(L)", (long long)values[i]) : rco_int(values[i]));
    uint64_t before = rco_debug_sort_comparisons();
    assert_int_equal(rco_list_sort(l, reverse), 0);
    uint64_t made = rco_debug_sort_comparisons() - before;
    for (size_t i = 1; i < n; i++)
        assert_int_equal(rco_compare(rco_list_get(l, i - 1), rco_list_get(l, i), reverse ? RCO_GE : RCO_LE), 1);
    rco_decref(l);
    return made;
}

static void no_more_comparisons_than_cpython(void **state)
{
    static int64_t inputs[8][COUNT_N];
    size_t lengths[8];
    make_inputs(inputs, lengths);
    for (int i = 0; i < 8; i++) {
        for (int reverse = 0; reverse < 2; reverse++) {
            uint64_t cpython = reverse ? cpython_counts[i].reversed : cpython_counts[i].forward;
            /* ints take the specialised path, 1-tuples the generic one */
            uint64_t ints = comparisons_of_sort(inputs[i], lengths[i], reverse, false);
            uint64_t tuples = comparisons_of_sort(inputs[i], lengths[i], reverse, true);
            printf("%-20s %-8s rco %7llu (generic %7llu), CPython %7llu\n", cpython_counts[i].input,
                   reverse ? "reversed" : "forward", (unsigned long long)ints, (unsigned long long)tuples,
                   (unsigned long long)cpython);
            assert_true(ints <= cpython);
            assert_true(tuples <= cpython);
        }
    }
}

/* ---- the key function --------------------------------------------------- */

typedef struct key_log {
    rco_object *list;   /* the list being sorted */
    ssize_t len_seen;   /* its length while keys are computed */
    rco_object *seen;   /* the items in the order the key saw them */
    int calls, fail_at;
    bool return_null_silently;
    bool append_to_list;
} key_log;

static rco_object *logging_key(rco_object *item, void *arg)
{
    key_log *log = arg;
    log->len_seen = rco_len(log->list);
    if (log->calls++ == log->fail_at) {
        if (!log->return_null_silently)
            rco_err_set(RCO_ERR_KEY, "the key failed at %d", log->fail_at);
        return NULL;
    }
    if (log->append_to_list)
        rco_list_append(log->list, rco_none());
    rco_list_append(log->seen, item);
    return rco_int(-rco_int_value(item)); /* largest first */
}

static void the_key_is_called_once_per_item_in_order_on_an_empty_list(void **state)
{
    rco_object *l = rco_build("[iiiii]", 3, 1, 4, 1, 5);
    key_log log = { .list = l, .seen = rco_list_new(0), .fail_at = -1 };
    assert_int_equal(rco_list_sort_key(l, logging_key, &log, 0), 0);
    assert_int_equal(log.calls, 5);
    assert_repr(log.seen, "[3, 1, 4, 1, 5]");
    assert_int_equal(log.len_seen, 0);
    assert_repr(l, "[5, 4, 3, 1, 1]");
    rco_decref(log.seen);
    rco_decref(l);
}

static void the_key_of_a_single_item_is_still_called(void **state)
{
    rco_object *l = rco_build("[i]", 9);
    key_log log = { .list = l, .seen = rco_list_new(0), .fail_at = -1 };
    assert_int_equal(rco_list_sort_key(l, logging_key, &log, 0), 0);
    assert_int_equal(log.calls, 1);
    rco_object *empty = rco_list_new(0);
    log.list = empty;
    assert_int_equal(rco_list_sort_key(empty, logging_key, &log, 0), 0);
    assert_int_equal(log.calls, 1);
    rco_decref(empty);
    rco_decref(log.seen);
    rco_decref(l);
}

static rco_object *big_key(rco_object *item, void *arg)
{
    (void)arg;
    return rco_int(rco_int_value(item) * 1000);
}

static void the_keys_are_released_and_the_items_kept_once(void **state)
{
    rco_object *l = rco_build("[iii]", 3000, 1000, 2000);
    assert_int_equal(rco_list_sort_key(l, big_key, NULL, 0), 0);
    assert_repr(l, "[1000, 2000, 3000]");
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(rco_refcount(rco_list_get(l, i)), 1);
    assert_int_equal(rco_list_sort(l, 1), 0);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(rco_refcount(rco_list_get(l, i)), 1);
    rco_decref(l); /* the teardown's leak check sees the keys gone */
}

/* ---- failures ---------------------------------------------------------- */

static void unorderable_items_leave_the_list_as_it_was(void **state)
{
    rco_object *l = rco_build("[iiisi]", 5, 3, 1, "a", 0);
    rco_object *before = rco_repr(l);
    assert_int_equal(rco_list_sort(l, 0), -1);
    assert_string_equal(rco_err_message(), "'<' not supported between instances of 'str' and 'int'");
    assert_error(RCO_ERR_TYPE);
    assert_repr(l, rco_str_utf8(before));
    rco_decref(before);
    rco_decref(l);
    /* and an error late in a long sort: after many merges */
    l = rco_list_new(0);
    for (int i = 0; i < 5000; i++)
        rco_list_append_steal(l, rco_build("(i)", (i * 7919) % 5000));
    rco_list_append_steal(l, rco_build("(s)", "x"));
    before = rco_repr(l);
    assert_int_equal(rco_list_sort(l, 1), -1);
    assert_error(RCO_ERR_TYPE);
    assert_repr(l, rco_str_utf8(before));
    rco_decref(before);
    rco_decref(l);
}

static void a_failing_key_leaves_the_list_and_releases_the_keys(void **state)
{
    rco_object *l = rco_build("[iiii]", 1000, 3000, 2000, 4000), *before = rco_repr(l);
    key_log log = { .list = l, .seen = rco_list_new(0), .fail_at = 2 };
    assert_int_equal(rco_list_sort_key(l, logging_key, &log, 0), -1);
    assert_string_equal(rco_err_message(), "the key failed at 2");
    assert_error(RCO_ERR_KEY);
    assert_repr(l, rco_str_utf8(before));
    log = (key_log){ .list = l, .seen = log.seen, .fail_at = 0, .return_null_silently = true };
    assert_int_equal(rco_list_sort_key(l, logging_key, &log, 0), -1);
    assert_error(RCO_ERR_VALUE);
    assert_repr(l, rco_str_utf8(before));
    rco_decref(log.seen);
    rco_decref(before);
    rco_decref(l);
}

static void a_list_changed_during_the_sort_is_a_value_error(void **state)
{
    rco_object *l = rco_build("[iii]", 3, 1, 2), *before = rco_repr(l);
    key_log log = { .list = l, .seen = rco_list_new(0), .fail_at = -1, .append_to_list = true };
    assert_int_equal(rco_list_sort_key(l, logging_key, &log, 0), -1);
    assert_string_equal(rco_err_message(), "list modified during sort");
    assert_error(RCO_ERR_VALUE);
    assert_repr(l, rco_str_utf8(before)); /* what was appended is gone, the order kept */
    rco_decref(log.seen);
    rco_decref(before);
    rco_decref(l);
}

static void wrong_arguments_are_errors(void **state)
{
    rco_object *t = rco_build("(ii)", 2, 1), *holes = rco_list_new(2);
    assert_int_equal(rco_list_sort(t, 0), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_sort(NULL, 0), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_sort_key(NULL, big_key, NULL, 0), -1);
    assert_error(RCO_ERR_TYPE);
    rco_list_set_steal(holes, 1, rco_int(1));
    assert_int_equal(rco_list_sort(holes, 0), -1);
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_list_get(holes, 0)); /* still a hole, still where it was */
    rco_err_clear();
    assert_int_equal(rco_int_value(rco_list_get(holes, 1)), 1);
    rco_object *l = rco_build("[ii]", 2, 1);
    assert_int_equal(rco_list_sort_key(l, NULL, NULL, 0), 0); /* no key: the items */
    assert_repr(l, "[1, 2]");
    rco_decref(l);
    rco_decref(holes);
    rco_decref(t);
}

/* ---- allocation failure -------------------------------------------------- */

static rco_object *negated(rco_object *item, void *arg)
{
    (void)arg;
    return rco_float(-rco_float_value(item));
}

static rco_object *as_text(rco_object *item, void *arg)
{
    (void)arg;
    return rco_repr(item);
}

enum { INTS, FLOATS, STRS, MIXED, TUPLES };

/* A list of items of a kind in a scrambled order, or NULL with nothing
 * left behind. Long enough for the sort to merge runs: 130 items make
 * runs of 33, 70 under valgrind (two runs of 35) where the sweep's quadratic
 * cost would otherwise pass the test's timeout. */
static int scrambled_length(void)
{
    return getenv("RCO_TEST_UNDER_VALGRIND") ? 70 : 130;
}

static rco_object *scrambled(int kind)
{
    int n = scrambled_length();
    rco_object *l = rco_list_new(0);
    for (int i = 0; l && i < n; i++) {
        int v = (i * 37) % 101;
        rco_object *item = kind == INTS     ? rco_int(1000 + v)
                           : kind == FLOATS ? rco_float(v / 7.0)
                           : kind == STRS   ? rco_str_printf("item-%03d", v)
                           : kind == MIXED  ? (i % 2 ? rco_int(v) : rco_float(v + 0.5))
                                            : rco_build("(is)", v % 10, "x");
        if (rco_list_append_steal(l, item) < 0)
            RCO_CLEAR(l);
    }
    return l;
}

static int sort_workload(world *w)
{
    rco_object *ints, *floats, *strs, *mixed, *tuples;
    NEW(w, ints, scrambled(INTS));
    NEW(w, floats, scrambled(FLOATS));
    NEW(w, strs, scrambled(STRS));
    NEW(w, mixed, scrambled(MIXED));
    NEW(w, tuples, scrambled(TUPLES));
    DO(w, rco_list_sort(ints, 0));
    DO(w, rco_list_sort(floats, 1));
    DO(w, rco_list_sort(strs, 0));
    DO(w, rco_list_sort(mixed, 0));
    DO(w, rco_list_sort(tuples, 1));
    DO(w, rco_list_sort_key(floats, negated, NULL, 0));
    DO(w, rco_list_sort_key(ints, as_text, NULL, 1));
    assert_int_equal(rco_len(ints), scrambled_length());
    return 0;
}

static void sorting_survives_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("sorting", sort_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(each_kind_sorts_in_pythons_order),
        RCO_TEST(equal_items_keep_their_order_either_way),
        RCO_TEST(a_key_sort_is_stable_forward_and_reversed),
        RCO_TEST(nans_land_where_python_leaves_them),
        RCO_TEST(no_more_comparisons_than_cpython),
        RCO_TEST(the_key_is_called_once_per_item_in_order_on_an_empty_list),
        RCO_TEST(the_key_of_a_single_item_is_still_called),
        RCO_TEST(the_keys_are_released_and_the_items_kept_once),
        RCO_TEST(unorderable_items_leave_the_list_as_it_was),
        RCO_TEST(a_failing_key_leaves_the_list_and_releases_the_keys),
        RCO_TEST(a_list_changed_during_the_sort_is_a_value_error),
        RCO_TEST(wrong_arguments_are_errors),
        RCO_TEST(sorting_survives_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
