/*
 * test_debug.c: the leak detective. Each report element is checked for the
 * exact file:line it must name (lines are captured with __LINE__ next to
 * the statement). Built against librco too, where the detective's entry
 * points must say that they need the debug build.
 */
#include "rco_test.h"

#include <sys/wait.h>
#include <unistd.h>

#ifdef RCO_DEBUG

/* "test_debug.c:<line>" appears in text after the first occurrence of what. */
static void assert_names_line(const char *text, const char *what, int line)
{
    char needle[64];
    snprintf(needle, sizeof needle, "test_debug.c:%d ", line);
    const char *at = strstr(text, what);
    if (!at || !strstr(at, needle)) {
        fprintf(stderr, "expected \"%s\" ... \"%s\" in:\n%s\n", what, needle, text);
        fail();
    }
}

static char *leak_report(uint64_t since, ssize_t *count)
{
    FILE *f = tmpfile();
    *count = rco_debug_leaks(since, f);
    return rco_test_stream_text(f);
}

static FILE *misuse_stream;

static void capture_misuse(void)
{
    misuse_stream = tmpfile();
    rco_debug_set_report_stream(misuse_stream);
}

static char *misuse_report(void)
{
    rco_debug_set_report_stream(NULL);
    return rco_test_stream_text(misuse_stream);
}

static void report_names_creation_line(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    rco_object *leaked = rco_str("forgotten"); int line = __LINE__;
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
    assert_names_line(text, "str object created at", line);
    assert_non_null(strstr(text, "'forgotten'"));
    assert_non_null(strstr(text, "count 1"));
    free(text);
    rco_decref(leaked);
}

static void report_names_unreleased_incref(void **state)
{
    rco_object *l = rco_list_new(0);
    uint64_t mark = rco_debug_checkpoint();
    rco_object *x = rco_float(2.5);
    rco_list_append(l, x);
    rco_decref(x);
    rco_incref(x); int incref_line = __LINE__;
    rco_decref(l); /* x survives: the incref was never released */
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
    assert_names_line(text, "never released", incref_line);
    assert_non_null(strstr(text, "rco_incref): 1 taken, 0 released"));
    free(text);
    rco_decref(x);
}

static void report_explains_references_held_by_objects(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    rco_object *l = rco_list_new(0);
    rco_object *x = rco_int(5000); int created_line = __LINE__;
    rco_list_append(l, x); /* the seed's bug: x's own reference is never given back */
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 2);
    /* x: count 2, one explained by the list, one from C code */
    assert_names_line(text, "int object created at", created_line);
    assert_non_null(strstr(text, "count 2: 1 held by other objects (e.g. list"));
    assert_non_null(strstr(text, "1 held by C code"));
    free(text);
    rco_decref(x);
    rco_decref(l);
}

static void children_of_a_leak_are_listed_under_it(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    rco_object *root = rco_list_new(0); int root_line = __LINE__;
    for (int i = 0; i < 3; i++)
        rco_list_append_steal(root, rco_int(7000 + i));
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 4);
    assert_names_line(text, "list object created at", root_line);
    assert_non_null(strstr(text, "keeps alive 3 more objects"));
    assert_non_null(strstr(text, "4 objects created since checkpoint"));
    assert_non_null(strstr(text, "1 held by C code"));
    assert_null(strstr(text, "int object created at")); /* not roots of their own */
    free(text);
    rco_decref(root);
}

static void a_leak_in_a_loop_is_one_entry(void **state)
{
    enum { ITERATIONS = 10000 };
    rco_object *keep[ITERATIONS];
    uint64_t mark = rco_debug_checkpoint();
    for (int i = 0; i < ITERATIONS; i++) {
        keep[i] = rco_int(100000 + i); int line = __LINE__;
        (void)line;
    }
    int loop_line = __LINE__ - 3;
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, ITERATIONS);
    char expected[96];
    snprintf(expected, sizeof expected, "rco: leak: %d int objects created at", ITERATIONS);
    assert_names_line(text, expected, loop_line);
    /* one entry: the creation line appears twice (creation, unreleased) */
    assert_true(strlen(text) < 2000);
    free(text);
    for (int i = 0; i < ITERATIONS; i++)
        rco_decref(keep[i]);
}

static void balanced_code_reports_nothing(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_str("k"), rco_build("[i,i]", 1, 2));
    rco_object *v = rco_dict_get_str(d, "k");
    rco_incref(v);
    rco_decref(d);
    rco_decref(v);
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 0);
    assert_string_equal(text, "");
    free(text);
}

static void objects_held_by_older_objects_are_not_roots(void **state)
{
    rco_object *registry = rco_list_new(0);
    uint64_t mark = rco_debug_checkpoint();
    rco_list_append_steal(registry, rco_str("registered")); int line = __LINE__;
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
    assert_names_line(text, "held by objects created before the checkpoint", line);
    assert_non_null(strstr(text, "0 held by C code"));
    free(text);
    rco_decref(registry);
}

static void garbage_cycles_are_reported_as_collectable(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    rco_object *a = rco_list_new(0); int line = __LINE__;
    rco_list_append(a, a);
    rco_decref(a);
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
    assert_names_line(text, "only in cycles nothing holds (rco_gc_collect would free them)", line);
    free(text);
    assert_int_equal(rco_gc_collect(-1), 1);
}

static void use_after_free_names_both_lines(void **state)
{
    capture_misuse();
    long before = rco_debug_misuse_count();
    rco_object *s = rco_str("gone"); int created = __LINE__;
    rco_decref(s); int freed = __LINE__;
    assert_int_equal(rco_len(s), -1); int used = __LINE__;
    assert_error(RCO_ERR_VALUE);
    char *text = misuse_report();
    assert_int_equal(rco_debug_misuse_count(), before + 1);
    assert_names_line(text, "use of a freed object at", used);
    assert_names_line(text, "created at", created);
    assert_names_line(text, "freed at", freed);
    free(text);
}

static void decref_of_a_freed_object_is_reported_not_executed(void **state)
{
    capture_misuse();
    rco_object *x = rco_float(1.5);
    rco_decref(x); int freed = __LINE__;
    rco_decref(x); int again = __LINE__;
    char *text = misuse_report();
    assert_names_line(text, "rco_decref of a freed object at", again);
    assert_names_line(text, "freed at", freed);
    free(text);
}

static void incref_of_a_freed_object_is_reported(void **state)
{
    capture_misuse();
    rco_object *x = rco_float(1.5);
    rco_decref(x);
    rco_incref(x); int used = __LINE__;
    char *text = misuse_report();
    assert_names_line(text, "use of a freed object at", used);
    free(text);
}

static void releasing_a_stolen_reference_names_steal_and_release(void **state)
{
    capture_misuse();
    rco_object *l = rco_list_new(0);
    rco_object *x = rco_int(424242); int created = __LINE__;
    rco_list_append_steal(l, x); int stolen = __LINE__;
    rco_decref(x); int released = __LINE__; /* the bug: that reference belongs to the list now */
    rco_decref(l);                            /* the list releases its reference: twice */
    char *text = misuse_report();
    assert_non_null(strstr(text, "a reference was released twice"));
    assert_names_line(text, "created at", created);
    assert_names_line(text, "stolen) at", stolen);
    assert_names_line(text, "freed at", released);
    free(text);
}

static int self_releases;

static void dealloc_that_releases_itself(rco_object *self)
{
    self_releases++;
    rco_decref(self); /* wrong: the count is already 0 */
}

static rco_type self_releasing_type = {
    .name = "SelfReleasing",
    .size = sizeof(rco_object),
    .dealloc = dealloc_that_releases_itself,
};

static void a_count_below_zero_is_reported(void **state)
{
    capture_misuse();
    long before = rco_debug_misuse_count();
    rco_object *o = rco_new(&self_releasing_type);
    rco_decref(o);
    char *text = misuse_report();
    assert_int_equal(self_releases, 1);
    assert_int_equal(rco_debug_misuse_count(), before + 1);
    assert_non_null(strstr(text, "below zero"));
    free(text);
}

static void total_refs_counts_every_reference(void **state)
{
    intptr_t before = rco_debug_total_refs();
    rco_object *l = rco_list_new(0);
    rco_object *x = rco_str("x");
    rco_list_append(l, x);
    /* the list (1) and the str (ours and the list's: 2) */
    assert_int_equal(rco_debug_total_refs() - before, 3);
    rco_decref(x);
    rco_decref(l);
    assert_int_equal(rco_debug_total_refs(), before);
}

static void live_objects_are_counted_per_type(void **state)
{
    ssize_t lists = rco_debug_live_objects("list");
    ssize_t all = rco_debug_live_objects(NULL);
    rco_object *a = rco_list_new(0), *b = rco_list_new(0);
    assert_int_equal(rco_debug_live_objects("list"), lists + 2);
    assert_int_equal(rco_debug_live_objects(NULL), all + 2);
    FILE *f = tmpfile();
    assert_int_equal(rco_debug_print_live_types(f), 0);
    char *text = rco_test_stream_text(f);
    assert_non_null(strstr(text, "list: "));
    free(text);
    rco_decref(a);
    rco_decref(b);
}

static rco_object *hoard;

static void leaks_one_str(void *arg)
{
    (void)arg;
    rco_list_append_steal(hoard, rco_str("again"));
}

static void leaks_nothing(void *arg)
{
    (void)arg;
    rco_object *t = rco_build("(ii)", 1, 2);
    rco_decref(t);
}

static void refleak_hunter_sees_growth_per_run(void **state)
{
    hoard = rco_list_new(0);
    rco_refleak_result r;
    FILE *f = tmpfile();
    assert_int_equal(rco_debug_hunt_refleaks(leaks_one_str, NULL, 2, 4, &r, f), 0);
    char *text = rco_test_stream_text(f);
    assert_int_equal(r.runs, 4);
    assert_true(r.leaking);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(r.refs_per_run[i], 1);
        assert_int_equal(r.objects_per_run[i], 1);
    }
    assert_non_null(strstr(text, "+1 +1 +1 +1"));
    assert_non_null(strstr(text, "LEAKING"));
    free(text);
    RCO_CLEAR(hoard);
}

static void refleak_hunter_clears_clean_code(void **state)
{
    rco_refleak_result r;
    assert_int_equal(rco_debug_hunt_refleaks(leaks_nothing, NULL, 1, 3, &r, NULL), 0);
    assert_false(r.leaking);
    for (int i = 0; i < 3; i++)
        assert_int_equal(r.refs_per_run[i], 0);
    assert_int_equal(rco_debug_hunt_refleaks(NULL, NULL, 1, 3, &r, NULL), -1);
    assert_error(RCO_ERR_VALUE);
}

static void dot_graph_shows_holders_and_c_code(void **state)
{
    rco_object *holder = rco_list_new(0);
    rco_object *x = rco_str("held"); int line = __LINE__;
    rco_list_append(holder, x);
    FILE *f = tmpfile();
    assert_int_equal(rco_debug_write_dot(x, 2, f), 0);
    char *text = rco_test_stream_text(f);
    assert_non_null(strstr(text, "digraph rco {"));
    assert_non_null(strstr(text, "str "));
    assert_non_null(strstr(text, "'held'"));
    assert_non_null(strstr(text, "n1 -> n0;")); /* the list holds the str */
    assert_non_null(strstr(text, "c_code -> n0 [label=\"1 ref"));
    assert_names_line(text, "taken at", line);
    free(text);
    rco_decref(x);
    rco_decref(holder);
}

static void the_ledger_stays_bounded(void **state)
{
    rco_object *x = rco_str("busy");
    for (int i = 0; i < 1000000; i++)
        rco_incref(x);
    for (int i = 0; i < 1000000; i++)
        rco_decref(x);
    /* seven more lines than the ledger has entries: pooled, not grown */
    rco_incref(x); rco_decref(x);
    rco_incref(x); rco_decref(x);
    rco_incref(x); rco_decref(x);
    rco_incref(x); rco_decref(x);
    rco_incref(x); rco_decref(x);
    rco_incref(x); rco_decref(x);
    rco_incref(x); rco_decref(x);
    assert_int_equal(rco_refcount(x), 1);
    rco_decref(x);
}

/* The report at shutdown runs in a child: shutdown ends the runtime. */
static void shutdown_reports_leaks(void **state)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        FILE *out = fdopen(fds[1], "w");
        rco_debug_set_report_stream(out);
        rco_object *leaked = rco_str("left behind"); int line = __LINE__;
        (void)leaked;
        fprintf(out, "line=%d\n", line);
        rco_shutdown();
        fclose(out);
        _exit(0);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    char text[4096] = "";
    size_t n = fread(text, 1, sizeof text - 1, in);
    text[n] = '\0';
    fclose(in);
    int status;
    waitpid(child, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    int line = atoi(strstr(text, "line=") + 5);
    assert_names_line(text, "str object created at", line);
}

#else /* librco: the detective is absent and says so */

static void detective_entry_points_need_the_debug_build(void **state)
{
    assert_int_equal(rco_debug_leaks(0, NULL), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_debug_total_refs(), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_debug_live_objects(NULL), -1);
    assert_error(RCO_ERR_VALUE);
    rco_refleak_result r;
    assert_int_equal(rco_debug_hunt_refleaks(NULL, NULL, 0, 1, &r, NULL), -1);
    assert_error(RCO_ERR_VALUE);
}

static void dot_graph_works_in_release_builds(void **state)
{
    rco_object *holder = rco_list_new(0);
    rco_object *x = rco_str("held");
    rco_list_append(holder, x);
    FILE *f = tmpfile();
    assert_int_equal(rco_debug_write_dot(x, 1, f), 0);
    long size = ftell(f);
    char *text = calloc(1, (size_t)size + 1);
    rewind(f);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_non_null(strstr(text, "n1 -> n0;"));
    assert_non_null(strstr(text, "c_code -> n0 [label=\"1 ref\"]"));
    free(text);
    rco_decref(x);
    rco_decref(holder);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
#ifdef RCO_DEBUG
        RCO_TEST(report_names_creation_line),
        RCO_TEST(report_names_unreleased_incref),
        RCO_TEST(report_explains_references_held_by_objects),
        RCO_TEST(children_of_a_leak_are_listed_under_it),
        RCO_TEST(a_leak_in_a_loop_is_one_entry),
        RCO_TEST(balanced_code_reports_nothing),
        RCO_TEST(objects_held_by_older_objects_are_not_roots),
        RCO_TEST(garbage_cycles_are_reported_as_collectable),
        RCO_TEST(use_after_free_names_both_lines),
        RCO_TEST(decref_of_a_freed_object_is_reported_not_executed),
        RCO_TEST(incref_of_a_freed_object_is_reported),
        RCO_TEST(releasing_a_stolen_reference_names_steal_and_release),
        RCO_TEST(a_count_below_zero_is_reported),
        RCO_TEST(total_refs_counts_every_reference),
        RCO_TEST(live_objects_are_counted_per_type),
        RCO_TEST(refleak_hunter_sees_growth_per_run),
        RCO_TEST(refleak_hunter_clears_clean_code),
        RCO_TEST(dot_graph_shows_holders_and_c_code),
        RCO_TEST(the_ledger_stays_bounded),
        RCO_TEST(shutdown_reports_leaks),
#else
        RCO_TEST(detective_entry_points_need_the_debug_build),
        RCO_TEST(dot_graph_works_in_release_builds),
#endif
    };
    RCO_RUN_TESTS(tests);
}
