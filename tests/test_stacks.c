/*
 * test_stacks.c: the leak detective's stacks (issue 12). Each report is
 * checked for the exact file:line it must blame and the frames it must
 * show (lines captured with __LINE__ beside the statement):
 *   - a helper that returns rco_str_printf's result, called by a good
 *     caller and a bad one: the bad caller's line is blamed;
 *   - the same through two levels of helpers;
 *   - balanced pairs on other lines beside one real leak: only the leak is
 *     blamed, and no line whose takes outnumber its releases is pooled;
 *   - use after free and double release, each line with its stack.
 * Built three times: against librco (the detective's entry points say they
 * need the debug build), against librco-debug, and against librco-debug
 * with this file compiled without frame pointers (test_stacks_nofp), where
 * stacks end at the call site and what remains is the per-line ledger.
 */
#ifdef RCO_TEST_NO_FRAME_POINTERS
/* After the -fno-omit-frame-pointer that linking librco-debug adds: this
 * file's code is built as a program that ignores that advice. */
#pragma GCC optimize("omit-frame-pointer", "optimize-sibling-calls")
#endif

#include "rco_test.h"

#include <stdbool.h>

/* Helpers that stay separate frames at -O2 (the others are inlined into
 * their callers: both kinds must be seen through). */
#define RCO__NOINLINE_TEST __attribute__((noinline))

#ifdef RCO_DEBUG

static char *leak_report(uint64_t since, ssize_t *count)
{
    FILE *f = tmpfile();
    *count = rco_debug_leaks(since, f);
    char *text = rco_test_stream_text(f);
    if (getenv("RCO_TEST_SHOW_REPORTS"))
        fputs(text, stderr);
    return text;
}

/* The part of text from the first occurrence of what to the next line
 * starting with "rco:" (one entry of a report). */
static char *section(const char *text, const char *what)
{
    const char *at = strstr(text, what);
    if (!at) {
        fprintf(stderr, "expected \"%s\" in:\n%s\n", what, text);
        fail();
    }
    const char *end = strstr(at, "\nrco:");
    size_t n = end ? (size_t)(end - at) : strlen(at);
    char *s = calloc(1, n + 1);
    memcpy(s, at, n);
    return s;
}

/* "test_stacks.c:<line> " (a blamed line, not a frame) after what. */
static void assert_blames(const char *text, const char *what, int line)
{
    char needle[64];
    snprintf(needle, sizeof needle, "test_stacks.c:%d ", line);
    const char *at = strstr(text, what);
    if (!at || !strstr(at, needle)) {
        fprintf(stderr, "expected \"%s\" ... \"%s\" in:\n%s\n", what, needle, text);
        fail();
    }
}

static __attribute__((unused)) void assert_not_blamed(const char *text, int line)
{
    char needle[64];
    snprintf(needle, sizeof needle, "test_stacks.c:%d ", line);
    if (strstr(text, needle)) {
        fprintf(stderr, "did not expect \"%s\" in:\n%s\n", needle, text);
        fail();
    }
}

/* A frame "#N function test_stacks.c:<line>" of a printed stack. */
static bool has_frame(const char *text, const char *func, int line)
{
    char needle[128];
    snprintf(needle, sizeof needle, " %s ", func);
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle)) {
        char tail[64];
        snprintf(tail, sizeof tail, "test_stacks.c:%d\n", line);
        const char *eol = strchr(at, '\n');
        const char *hit = strstr(at, tail);
        if (hit && eol && hit < eol + 1 && hit + strlen(tail) == eol + 1)
            return true;
    }
    return false;
}

static __attribute__((unused)) void assert_frame(const char *text, const char *func, int line)
{
    if (!has_frame(text, func, line)) {
        fprintf(stderr, "expected a frame \"%s test_stacks.c:%d\" in:\n%s\n", func, line, text);
        fail();
    }
}

/* ---- a helper called by a good and a bad caller --------------------------- */

static rco_object *kept[8];

static rco_object *label(int n)
{
    return rco_str_printf("node %d", n);
}
enum { LABEL_LINE = __LINE__ - 2 };

static void good_caller(void)
{
    rco_object *s = label(1);
    assert_non_null(rco_str_utf8(s));
    rco_decref(s);
}
enum { GOOD_LINE = __LINE__ - 4 };

static void bad_caller(int slot)
{
    rco_object *s = label(2);
    assert_non_null(rco_str_utf8(s));
    kept[slot] = s; /* "forgotten": the test releases it after the report */
}
enum { BAD_LINE = __LINE__ - 4 };

static void release_kept(void)
{
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        RCO_CLEAR(kept[i]);
}

static int line_of_bad_call;

static void a_leak_through_a_helper_blames_the_bad_caller(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    good_caller();
    for (int i = 0; i < 2; i++) {
        bad_caller(i); int test_line = __LINE__;
        line_of_bad_call = test_line;
    }
    good_caller();
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 2);
#ifndef RCO_TEST_NO_FRAME_POINTERS
    /* One entry for both (the same stack), blaming the bad caller, with
     * the helper and the test below it. */
    assert_non_null(strstr(text, "rco: leak: 2 str objects created at"));
    assert_blames(text, "str objects created at", BAD_LINE);
    char *entry = section(text, "never released");
    assert_blames(entry, "never released", BAD_LINE);
    assert_non_null(strstr(entry, "(bad_caller, via label -> rco_str_printf): 1 taken, 0 released"));
    assert_frame(entry, "label", LABEL_LINE);
    assert_frame(entry, "bad_caller", BAD_LINE);
    assert_frame(entry, "a_leak_through_a_helper_blames_the_bad_caller", line_of_bad_call);
    assert_not_blamed(text, LABEL_LINE);
    assert_not_blamed(text, GOOD_LINE);
    free(entry);
#else
    /* Without frame pointers the stack is the call site alone: the helper's
     * line, as the ledger of lines always said. */
    assert_blames(text, "str objects created at", LABEL_LINE);
    assert_blames(text, "never released", LABEL_LINE);
#endif
    free(text);
    release_kept();
}

/* ---- two levels of helpers --------------------------------------------- */

static RCO__NOINLINE_TEST rco_object *inner_name(int n)
{
    return rco_str_printf("inner %d", n);
}
enum { INNER_LINE = __LINE__ - 2 };

static RCO__NOINLINE_TEST rco_object *outer_name(int n)
{
    rco_object *s = inner_name(n);
    return s;
}
enum { OUTER_LINE = __LINE__ - 3 };

static void good_user(void)
{
    rco_object *s = outer_name(3);
    rco_decref(s);
}

static void bad_user(void)
{
    kept[2] = outer_name(4);
}
enum { BAD_USER_LINE = __LINE__ - 2 };

static void a_leak_through_two_helpers_blames_the_outermost_caller(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    good_user();
    bad_user();
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
#ifndef RCO_TEST_NO_FRAME_POINTERS
    char *entry = section(text, "never released");
    assert_blames(entry, "never released", BAD_USER_LINE);
    assert_non_null(strstr(entry, "(bad_user, via outer_name -> inner_name -> rco_str_printf)"));
    assert_frame(entry, "inner_name", INNER_LINE);
    assert_frame(entry, "outer_name", OUTER_LINE);
    assert_frame(entry, "bad_user", BAD_USER_LINE);
    assert_not_blamed(text, INNER_LINE);
    assert_not_blamed(text, OUTER_LINE);
    free(entry);
#else
    assert_blames(text, "never released", INNER_LINE);
#endif
    free(text);
    release_kept();
}

/* ---- balanced pairs beside one leak (the program) --------------- */

static void balanced_pairs_are_not_blamed(void **state)
{
    rco_type *cls = rco_class_new("Node", NULL, NULL);
    uint64_t mark = rco_debug_checkpoint();
    rco_object *parent = rco_instance_new(cls); int new_line = __LINE__;
    rco_object *kid = rco_instance_new(cls);
    assert_int_equal(rco_setattr(kid, "parent", parent), 0);
    rco_object *p = rco_getattr(kid, "parent"); int get_line = __LINE__;
    rco_decref(p); int release_line = __LINE__;
    rco_object *w = rco_weakref_new(parent, NULL, NULL);
    rco_weakref_get(w); int leak_line = __LINE__; /* the result is dropped: the leak */
    rco_decref(w);
    rco_decref(kid);
    rco_decref(parent); int last_line = __LINE__;
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
    assert_blames(text, "Node object created at", new_line);
    char *entry = section(text, "never released");
    assert_blames(entry, "never released", leak_line);
#ifndef RCO_TEST_NO_FRAME_POINTERS
    assert_non_null(strstr(entry, "rco_weakref_get): 1 taken, 0 released"));
    assert_not_blamed(entry, new_line);
    assert_not_blamed(entry, get_line);
    assert_not_blamed(text, release_line);
    assert_not_blamed(text, last_line);
#else
    (void)get_line, (void)release_line, (void)last_line;
#endif
    free(entry);
    free(text);
    rco_decref(parent);
    rco_decref((rco_object *)cls);
}

/* Nine balanced pairs on nine lines, then one line that takes without
 * releasing: nothing is pooled, the one line is blamed. */
static void many_balanced_lines_do_not_hide_the_leak(void **state)
{
    rco_object *x = rco_str("busy");
    uint64_t mark = rco_debug_checkpoint();
    rco_object *y = rco_str("watched");
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); rco_decref(y);
    rco_incref(y); int leak_line = __LINE__;
    rco_decref(y);
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
    assert_blames(text, "never released", leak_line);
    assert_null(strstr(text, "pooled"));
    free(text);
    rco_decref(y);
    rco_decref(x);
}

/* Seven lines that each keep a reference: seven more than a record holds
 * inline, every one named. */
static void every_unreleased_line_is_named(void **state)
{
    uint64_t mark = rco_debug_checkpoint();
    rco_object *y = rco_str("popular");
    int first = __LINE__ + 1;
    rco_incref(y);
    rco_incref(y);
    rco_incref(y);
    rco_incref(y);
    rco_incref(y);
    rco_incref(y);
    rco_incref(y);
    ssize_t n;
    char *text = leak_report(mark, &n);
    assert_int_equal(n, 1);
    for (int line = first; line < first + 7; line++)
        assert_blames(text, "never released", line);
    assert_blames(text, "never released", first - 2); /* the creation */
    free(text);
    for (int i = 0; i < 8; i++)
        rco_decref(y);
}

/* ---- misuse, each line with its stack ----------------------------------- */

static FILE *misuse_stream;

static void capture_misuse(void)
{
    misuse_stream = tmpfile();
    rco_debug_set_report_stream(misuse_stream);
}

static char *misuse_report(void)
{
    rco_debug_set_report_stream(NULL);
    char *text = rco_test_stream_text(misuse_stream);
    if (getenv("RCO_TEST_SHOW_REPORTS"))
        fputs(text, stderr);
    return text;
}

static RCO__NOINLINE_TEST void drop(rco_object *o)
{
    rco_decref(o);
}
enum { DROP_LINE = __LINE__ - 2 };

static void use_after_free_shows_each_line_with_its_stack(void **state)
{
    capture_misuse();
    rco_object *s = rco_str("gone"); int created = __LINE__;
    drop(s); int dropped = __LINE__;
    assert_int_equal(rco_len(s), -1); int used = __LINE__;
    assert_error(RCO_ERR_VALUE);
    char *text = misuse_report();
    assert_blames(text, "use of a freed object at", used);
    assert_blames(text, "created at", created);
    assert_blames(text, "freed at", DROP_LINE);
#ifndef RCO_TEST_NO_FRAME_POINTERS
    char *freed = section(text, "freed at");
    assert_frame(freed, "drop", DROP_LINE);
    assert_frame(freed, "use_after_free_shows_each_line_with_its_stack", dropped);
    free(freed);
#else
    (void)dropped;
#endif
    free(text);
}

static void a_double_release_shows_each_line_with_its_stack(void **state)
{
    capture_misuse();
    rco_object *l = rco_list_new(0);
    rco_object *x = rco_int(434343); int created = __LINE__;
    rco_list_append_steal(l, x); int stolen = __LINE__;
    drop(x); int released = __LINE__; /* the list's reference */
    rco_decref(l); int list_released = __LINE__;
    char *text = misuse_report();
    assert_non_null(strstr(text, "a reference was released twice"));
    assert_blames(text, "released twice", list_released);
    assert_blames(text, "created at", created);
    assert_blames(text, "stolen) at", stolen);
    assert_blames(text, "freed at", DROP_LINE);
#ifndef RCO_TEST_NO_FRAME_POINTERS
    char *freed = section(text, "freed at");
    assert_frame(freed, "a_double_release_shows_each_line_with_its_stack", released);
    free(freed);
#else
    (void)released;
#endif
    free(text);
}

#else /* librco */

static void stacks_need_the_debug_build(void **state)
{
    assert_int_equal(rco_debug_leaks(0, NULL), -1);
    assert_error(RCO_ERR_VALUE);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
#ifdef RCO_DEBUG
        RCO_TEST(a_leak_through_a_helper_blames_the_bad_caller),
        RCO_TEST(a_leak_through_two_helpers_blames_the_outermost_caller),
        RCO_TEST(balanced_pairs_are_not_blamed),
        RCO_TEST(many_balanced_lines_do_not_hide_the_leak),
        RCO_TEST(every_unreleased_line_is_named),
        RCO_TEST(use_after_free_shows_each_line_with_its_stack),
        RCO_TEST(a_double_release_shows_each_line_with_its_stack),
#else
        RCO_TEST(stacks_need_the_debug_build),
#endif
    };
    RCO_RUN_TESTS(tests);
}
