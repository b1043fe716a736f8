/*
 * test_alloc.c: the single door to memory (alloc.c) and the pointer map
 * behind the runtime's side tables (ptrmap.c): live-block accounting,
 * blocks of every size class and large ones, failure injection, a custom
 * system allocator (in a child process, which can start its runtime
 * afresh), and side tables under growth, removal and failure.
 */
#include "rco_test.h"

#include <sys/wait.h>
#include <unistd.h>

static rco_mem_stats stats_now(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return s;
}

/* The text of length n used by the size tests: recognisable per length. */
static void fill_pattern(char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)('a' + (i * 7 + n) % 26);
    buf[n] = '\0';
}

/* ---- accounting ------------------------------------------------------ */

static void live_blocks_go_up_and_back_down(void **state)
{
    rco_mem_stats before = stats_now();
    rco_object *objects[100];
    for (int i = 0; i < 100; i++)
        objects[i] = rco_float(i);
    rco_mem_stats during = stats_now();
    assert_true(during.blocks_in_use >= before.blocks_in_use + 100);
    assert_true(during.bytes_in_use >= before.bytes_in_use + 100 * 2 * sizeof(void *));
    for (int i = 0; i < 100; i++)
        rco_decref(objects[i]);
    rco_mem_stats after = stats_now();
    assert_int_equal(after.blocks_in_use, before.blocks_in_use);
    assert_int_equal(after.bytes_in_use, before.bytes_in_use);
}

static void large_blocks_are_counted(void **state)
{
    rco_mem_stats before = stats_now();
    char *text = malloc(100001);
    fill_pattern(text, 100000);
    rco_object *s = rco_str(text);
    free(text);
    rco_mem_stats during = stats_now();
    assert_true(during.blocks_in_use >= before.blocks_in_use + 1);
    assert_true(during.bytes_in_use >= before.bytes_in_use + 100000);
    rco_decref(s);
    rco_mem_stats after = stats_now();
    assert_int_equal(after.blocks_in_use, before.blocks_in_use);
    assert_int_equal(after.bytes_in_use, before.bytes_in_use);
}

static void reserved_bytes_cover_the_bytes_in_use(void **state)
{
    rco_object *l = rco_list_new(0);
    for (int i = 0; i < 1000; i++)
        rco_list_append_steal(l, rco_float(i));
    rco_mem_stats s = stats_now();
    assert_true(s.bytes_reserved > 0);
    assert_true(s.bytes_in_use > 0);
    rco_decref(l);
}

/* Large blocks come from the system allocator too. */
static void reserved_bytes_include_large_blocks(void **state)
{
    rco_mem_stats before = stats_now();
    char *text = malloc(4000001);
    fill_pattern(text, 4000000);
    rco_object *s = rco_str(text);
    free(text);
    rco_mem_stats during = stats_now();
    rco_decref(s);
    assert_true(during.bytes_reserved >= before.bytes_reserved + 4000000);
    assert_true(during.bytes_reserved >= during.bytes_in_use);
}

static void stats_into_null_is_harmless(void **state)
{
    rco_mem_get_stats(NULL);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
}

#ifndef RCO_DEBUG /* librco-debug keeps freed objects in a quarantine */
static void freed_arenas_go_back_to_the_system(void **state)
{
    rco_mem_stats before = stats_now();
    rco_object *l = rco_list_new(0);
    for (int i = 0; i < 200000; i++)
        rco_list_append_steal(l, rco_float(i));
    rco_mem_stats peak = stats_now();
    assert_true(peak.bytes_reserved > before.bytes_reserved);
    rco_decref(l);
    rco_mem_stats after = stats_now();
    assert_true(after.bytes_reserved < peak.bytes_reserved);
}
#endif

/* ---- sizes ----------------------------------------------------------- */

static void strs_of_every_size_up_to_2000_round_trip(void **state)
{
    enum { MAX = 2000 };
    rco_mem_stats before = stats_now();
    rco_object *all = rco_list_new(0);
    char *buf = malloc(MAX + 1);
    for (size_t n = 0; n <= MAX; n++) {
        fill_pattern(buf, n);
        assert_int_equal(rco_list_append_steal(all, rco_str_n(buf, n)), 0);
    }
    assert_true(stats_now().blocks_in_use >= before.blocks_in_use + MAX + 1);
    for (size_t n = 0; n <= MAX; n++) {
        fill_pattern(buf, n);
        rco_object *s = rco_list_get(all, n);
        assert_int_equal(rco_str_size(s), (ssize_t)n);
        assert_string_equal(rco_str_utf8(s), buf);
    }
    free(buf);
    rco_decref(all);
    assert_int_equal(stats_now().blocks_in_use, before.blocks_in_use);
}

static void bytes_of_every_size_up_to_2000_round_trip(void **state)
{
    enum { MAX = 2000 };
    rco_object *all[MAX + 1];
    char *buf = malloc(MAX + 1);
    for (size_t n = 0; n <= MAX; n++) {
        fill_pattern(buf, n);
        all[n] = rco_bytes(buf, n);
        assert_non_null(all[n]);
    }
    for (size_t n = 0; n <= MAX; n++) {
        fill_pattern(buf, n);
        assert_int_equal(rco_len(all[n]), (ssize_t)n);
        assert_memory_equal(rco_bytes_data(all[n]), buf, n + 1);
    }
    for (size_t n = 0; n <= MAX; n++)
        rco_decref(all[n]);
    free(buf);
}

/* Free every other block and allocate again into the holes: what is still
 * alive must be untouched. */
static void interleaved_frees_and_allocations_keep_contents(void **state)
{
    enum { COUNT = 6000 };
    static rco_object *objects[COUNT];
    char buf[700];
    for (int i = 0; i < COUNT; i++) {
        size_t n = (size_t)(i * 37) % 600;
        fill_pattern(buf, n);
        objects[i] = rco_str_n(buf, n);
    }
    for (int i = 0; i < COUNT; i += 2)
        rco_decref(objects[i]);
    for (int i = 0; i < COUNT; i += 2) {
        size_t n = (size_t)(i * 53) % 650;
        fill_pattern(buf, n);
        objects[i] = rco_bytes(buf, n);
    }
    for (int i = 0; i < COUNT; i++) {
        size_t n = (size_t)(i * (i % 2 ? 37 : 53)) % (i % 2 ? 600 : 650);
        fill_pattern(buf, n);
        const char *data = i % 2 ? rco_str_utf8(objects[i]) : rco_bytes_data(objects[i]);
        assert_memory_equal(data, buf, n + 1);
        rco_decref(objects[i]);
    }
}

/* ---- failure injection ----------------------------------------------- */

static void fail_alloc_one_fails_only_the_next_allocation(void **state)
{
    long failed = rco_debug_failed_allocs();
    rco_debug_fail_alloc(1);
    assert_null(rco_float(1.0));
    assert_error(RCO_ERR_MEMORY);
    assert_int_equal(rco_debug_failed_allocs(), failed + 1);
    rco_object *f = rco_float(1.0);
    assert_non_null(f);
    assert_int_equal(rco_debug_failed_allocs(), failed + 1);
    rco_decref(f);
}

static void fail_alloc_n_lets_the_first_n_minus_one_succeed(void **state)
{
    rco_object *f[4] = { 0 };
    rco_debug_fail_alloc(3);
    for (int i = 0; i < 4; i++)
        f[i] = rco_float(i);
    assert_non_null(f[0]);
    assert_non_null(f[1]);
    assert_null(f[2]);
    assert_error(RCO_ERR_MEMORY);
    assert_non_null(f[3]);
    rco_decref(f[0]);
    rco_decref(f[1]);
    rco_decref(f[3]);
}

static void fail_alloc_zero_or_negative_disarms(void **state)
{
    rco_debug_fail_alloc(1);
    rco_debug_fail_alloc(0);
    rco_object *a = rco_float(1.0);
    assert_non_null(a);
    rco_debug_fail_alloc(-5);
    rco_object *b = rco_float(2.0);
    assert_non_null(b);
    rco_decref(a);
    rco_decref(b);
}

static void persistent_failure_fails_every_allocation_from_the_nth(void **state)
{
    long failed = rco_debug_failed_allocs();
    rco_debug_fail_alloc_persistent(2);
    rco_object *first = rco_float(1.0);
    assert_non_null(first);
    for (int i = 0; i < 10; i++) {
        assert_null(rco_float(2.0));
        assert_error(RCO_ERR_MEMORY);
    }
    assert_int_equal(rco_debug_failed_allocs(), failed + 10);
    rco_debug_fail_alloc_persistent(0);
    rco_object *again = rco_float(3.0);
    assert_non_null(again);
    rco_decref(first);
    rco_decref(again);
}

static void one_shot_failure_replaces_a_persistent_one(void **state)
{
    rco_debug_fail_alloc_persistent(1);
    rco_debug_fail_alloc(1);
    assert_null(rco_float(1.0));
    assert_error(RCO_ERR_MEMORY);
    rco_object *f = rco_float(1.0);
    assert_non_null(f);
    rco_decref(f);
}

static void large_allocations_fail_too(void **state)
{
    char *buf = malloc(50001);
    fill_pattern(buf, 50000);
    rco_debug_fail_alloc(1);
    assert_null(rco_str(buf));
    assert_error(RCO_ERR_MEMORY);
    rco_debug_fail_alloc(1);
    assert_null(rco_bytes(buf, 50000));
    assert_error(RCO_ERR_MEMORY);
    free(buf);
}

static void failed_growth_keeps_a_large_block_intact(void **state)
{
    rco_object *l = rco_list_new(0);
    for (int i = 0; i < 300; i++)
        rco_list_append_steal(l, rco_int(i % 200));
    rco_debug_fail_alloc_persistent(1);
    int failures = 0;
    for (int i = 0; i < 300; i++)
        if (rco_list_append(l, rco_none()) < 0) {
            assert_error(RCO_ERR_MEMORY);
            failures++;
        }
    rco_debug_fail_alloc_persistent(0);
    assert_true(failures > 0);
    for (int i = 0; i < 300; i++)
        assert_int_equal(rco_int_value(rco_list_get(l, (size_t)i)), i % 200);
    rco_decref(l);
}

/* ---- the system allocator -------------------------------------------- */

static void set_allocator_after_use_is_a_value_error(void **state)
{
    rco_object *f = rco_float(1.0); /* rco has surely allocated now */
    assert_int_equal(rco_set_allocator(NULL, NULL, NULL, NULL), -1);
    assert_non_null(strstr(rco_err_message(), "rco_set_allocator"));
    assert_error(RCO_ERR_VALUE);
    rco_decref(f);
}

typedef struct counting {
    long mallocs, reallocs, frees;
    size_t live;
} counting;

static void *counting_malloc(size_t n, void *ctx)
{
    ((counting *)ctx)->mallocs++;
    ((counting *)ctx)->live++;
    return malloc(n);
}

static void *counting_realloc(void *p, size_t n, void *ctx)
{
    ((counting *)ctx)->reallocs++;
    return realloc(p, n);
}

static void counting_free(void *p, void *ctx)
{
    ((counting *)ctx)->frees++;
    ((counting *)ctx)->live--;
    free(p);
}

/* A failed check of a child process: said on stderr, counted. */
static int check(int ok, const char *what)
{
    if (!ok)
        fprintf(stderr, "custom allocator: %s\n", what);
    return !ok;
}

/* Runs in a child process (rco is configured before first use there). */
static int custom_allocator_checks(void *with_realloc_arg)
{
    int with_realloc = with_realloc_arg != NULL;
    static counting c;
    int failed = 0;
    rco_shutdown(); /* everything back to the system: rco can be configured */
    rco_err_clear();
    failed += check(rco_set_allocator(counting_malloc, NULL, NULL, &c) == -1 &&
                        rco_err_occurred() == RCO_ERR_VALUE,
                    "malloc without free is refused");
    rco_err_clear();
    failed += check(rco_set_allocator(counting_malloc, with_realloc ? counting_realloc : NULL,
                                      counting_free, &c) == 0,
                    "the allocator is accepted before first use");
    rco_object *l = rco_list_new(0);
    for (int i = 0; i < 5000; i++)
        rco_list_append_steal(l, rco_str_printf("item %d", i));
    char big[3000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    rco_list_append_steal(l, rco_str(big));
    failed += check(c.mallocs > 0, "blocks come from the custom malloc");
    failed += check(rco_len(l) == 5001 && strcmp(rco_str_utf8(rco_list_get(l, 4999)), "item 4999") == 0 &&
                        rco_str_size(rco_list_get(l, 5000)) == 2999,
                    "the objects hold their values");
    failed += check(!with_realloc || c.reallocs > 0, "the item array grew large to large by realloc");
    failed += check(rco_set_allocator(NULL, NULL, NULL, NULL) == -1 && rco_err_occurred() == RCO_ERR_VALUE,
                    "the allocator cannot change after first use");
    rco_err_clear();
    rco_decref(l);
    rco_shutdown();
    failed += check(c.live == 0 && c.frees == c.mallocs, "shutdown gave every block back");
    return failed != 0;
}

static void custom_allocator_serves_every_block(void **state)
{
    rco_test_in_child(custom_allocator_checks, (void *)1);
}

static void custom_allocator_without_realloc_serves_every_block(void **state)
{
    rco_test_in_child(custom_allocator_checks, NULL);
}

/* ---- side tables (ptrmap.c) ------------------------------------------- */

/* Weakrefs to many targets fill the runtime's target table; targets dying
 * in a scattered order remove entries from the middle of probe runs. */
static void weakref_table_survives_growth_and_scattered_removal(void **state)
{
    enum { COUNT = 3000 };
    static rco_object *targets[COUNT], *refs[COUNT];
    for (int i = 0; i < COUNT; i++) {
        targets[i] = rco_set_new();
        refs[i] = rco_weakref_new(targets[i], NULL, NULL);
        assert_non_null(refs[i]);
    }
    for (int i = 0; i < COUNT; i++) {
        int k = (int)(((long)i * 1237) % COUNT); /* a permutation: 1237 is prime */
        if (k % 3 == 0)
            RCO_CLEAR(targets[k]);
    }
    for (int i = 0; i < COUNT; i++) {
        rco_object *got = rco_weakref_get(refs[i]);
        if (i % 3 == 0) {
            assert_null(got);
        } else {
            assert_ptr_equal(got, targets[i]);
            assert_int_equal(rco_weakref_count(targets[i]), 1);
            rco_decref(got);
        }
    }
    for (int i = 0; i < COUNT; i++) {
        rco_xdecref(targets[i]);
        rco_decref(refs[i]);
    }
}

static void weakref_fails_cleanly_when_the_table_cannot_grow(void **state)
{
    rco_object *target = rco_set_new();
    int failures = 0;
    for (long n = 1;; n++) {
        rco_debug_fail_alloc(n);
        rco_object *ref = rco_weakref_new(target, NULL, NULL);
        rco_debug_fail_alloc(0);
        if (ref) {
            assert_int_equal(rco_weakref_count(target), 1);
            rco_decref(ref);
            break;
        }
        assert_error(RCO_ERR_MEMORY);
        assert_int_equal(rco_weakref_count(target), 0);
        failures++;
        assert_true(n < 100);
    }
    assert_true(failures >= 1);
    assert_int_equal(rco_weakref_count(target), 0);
    rco_decref(target);
}

/* repr keeps the containers it is inside in a side table. */
static void repr_of_deep_nesting_with_back_references(void **state)
{
    enum { DEPTH = 3000 };
    rco_object *root = rco_list_new(0), *l = root;
    for (int i = 0; i < DEPTH; i++) {
        rco_object *inner = rco_list_new(0);
        rco_list_append_steal(l, inner);
        l = inner;
    }
    rco_list_append(l, root); /* the innermost holds the outermost */
    rco_object *r = rco_repr(root);
    assert_non_null(r);
    const char *text = rco_str_utf8(r);
    size_t len = strlen(text);
    assert_int_equal(len, 2 * (size_t)DEPTH + 2 + 5);
    assert_memory_equal(text + DEPTH + 1, "[...]", 5);
    rco_decref(r);
    rco_list_clear(root);
    rco_decref(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(live_blocks_go_up_and_back_down),
        RCO_TEST(large_blocks_are_counted),
        RCO_TEST(reserved_bytes_cover_the_bytes_in_use),
        RCO_TEST(reserved_bytes_include_large_blocks),
        RCO_TEST(stats_into_null_is_harmless),
#ifndef RCO_DEBUG
        RCO_TEST(freed_arenas_go_back_to_the_system),
#endif
        RCO_TEST(strs_of_every_size_up_to_2000_round_trip),
        RCO_TEST(bytes_of_every_size_up_to_2000_round_trip),
        RCO_TEST(interleaved_frees_and_allocations_keep_contents),
        RCO_TEST(fail_alloc_one_fails_only_the_next_allocation),
        RCO_TEST(fail_alloc_n_lets_the_first_n_minus_one_succeed),
        RCO_TEST(fail_alloc_zero_or_negative_disarms),
        RCO_TEST(persistent_failure_fails_every_allocation_from_the_nth),
        RCO_TEST(one_shot_failure_replaces_a_persistent_one),
        RCO_TEST(large_allocations_fail_too),
        RCO_TEST(failed_growth_keeps_a_large_block_intact),
        RCO_TEST(set_allocator_after_use_is_a_value_error),
        RCO_TEST(custom_allocator_serves_every_block),
        RCO_TEST(custom_allocator_without_realloc_serves_every_block),
        RCO_TEST(weakref_table_survives_growth_and_scattered_removal),
        RCO_TEST(weakref_fails_cleanly_when_the_table_cannot_grow),
        RCO_TEST(repr_of_deep_nesting_with_back_references),
    };
    RCO_RUN_TESTS(tests);
}
