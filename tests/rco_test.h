/*
 * rco_test.h: what every test file shares. Each test runs between
 * rco_test_setup and rco_test_teardown, which fail the test if it left an
 * allocation behind (the allocator's live block count; against librco-debug
 * also the leak detective's report), or the collector disabled.
 */
#ifndef RCO_TEST_H
#define RCO_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <rco.h>

typedef struct rco_test_baseline {
    rco_mem_stats mem;
    uint64_t checkpoint;
} rco_test_baseline;

static rco_test_baseline rco_test_before;

static inline int rco_test_setup(void **state)
{
    (void)state;
    rco_gc_enable();
    rco_gc_collect(-1);
    (void)rco_gc_garbage(); /* created once, owned by the runtime */
    rco_err_clear();
    rco_mem_get_stats(&rco_test_before.mem);
#ifdef RCO_DEBUG
    rco_test_before.checkpoint = rco_debug_checkpoint();
#endif
    return 0;
}

static inline int rco_test_teardown(void **state)
{
    (void)state;
    rco_debug_fail_alloc(0);
    rco_gc_set_debug(0);
    rco_gc_set_debug_stream(NULL);
    rco_gc_set_threshold(700, 10, 10);
    int enabled = rco_gc_is_enabled();
    rco_gc_enable();
    rco_gc_collect(-1);
#ifdef RCO_DEBUG
    /* Against librco-debug every test must also end leak-free in the leak
     * detective's eyes (the report names the lines). */
    ssize_t alive = rco_debug_leaks(rco_test_before.checkpoint, stderr);
    if (alive != 0) {
        fprintf(stderr, "the leak detective found %zd objects the test left alive\n", alive);
        return -1;
    }
#endif
    rco_mem_stats after;
    rco_mem_get_stats(&after);
    if (after.blocks_in_use != rco_test_before.mem.blocks_in_use) {
        fprintf(stderr, "test left %zd blocks (%zd bytes) allocated\n",
                (ssize_t)(after.blocks_in_use - rco_test_before.mem.blocks_in_use),
                (ssize_t)(after.bytes_in_use - rco_test_before.mem.bytes_in_use));
        return -1;
    }
    if (!enabled) {
        fprintf(stderr, "test left the collector disabled\n");
        return -1;
    }
    return 0;
}

/* How deep the deepest structures go: a million natively (make test, make
 * sanitize), where the point is that nothing recurses on the C stack; fewer
 * under valgrind (make valgrind sets RCO_TEST_UNDER_VALGRIND), where the
 * point is memory errors and a million-deep structure takes minutes. */
static inline size_t rco_test_deep(void)
{
    return getenv("RCO_TEST_UNDER_VALGRIND") ? 20000 : 1000000;
}

/* A test entry with the leak check around it. */
#define RCO_TEST(fn) cmocka_unit_test_setup_teardown(fn, rco_test_setup, rco_test_teardown)

/* Run a group, then shut the runtime down so that valgrind sees nothing. */
#define RCO_RUN_TESTS(tests)                                           \
    do {                                                               \
        int rco_failed_ = cmocka_run_group_tests(tests, NULL, NULL);   \
        rco_shutdown();                                                \
        return rco_failed_;                                            \
    } while (0)

/* ---- helpers the test files share ------------------------------------ */

/* Everything a stream received, as a malloc'ed string; closes the stream. */
static inline char *rco_test_stream_text(FILE *f)
{
    assert_non_null(f);
    fflush(f);
    long size = ftell(f);
    assert_true(size >= 0);
    char *text = calloc(1, (size_t)size + 1);
    assert_non_null(text);
    rewind(f);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    return text;
}

/* The collector's debug lines (rco_gc_set_debug(flags)) go to a stream
 * until rco_test_gc_captured, which returns them. */
static inline FILE *rco_test_gc_capture(unsigned flags)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    rco_gc_set_debug_stream(f);
    rco_gc_set_debug(flags);
    return f;
}

static inline char *rco_test_gc_captured(FILE *f)
{
    rco_gc_set_debug(0);
    rco_gc_set_debug_stream(NULL);
    return rco_test_stream_text(f);
}

/* Run fn(arg) in a child process (for what ends the runtime or changes
 * process-wide settings); the test passes if fn returns 0. fn says what
 * failed on stderr. */
static inline void rco_test_in_child(int (*fn)(void *), void *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(fn(arg));
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* A collector-tracked C type holding two references: the node the tests
 * make cycles of. Tests define their own rco_type around it (with the
 * dealloc, finalize or counters they watch) and share its slots. */
typedef struct rco_test_node {
    rco_object ob;
    rco_object *a, *b;
} rco_test_node;

static inline int rco_test_node_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    RCO_VISIT(((rco_test_node *)self)->a);
    RCO_VISIT(((rco_test_node *)self)->b);
    return 0;
}

static inline void rco_test_node_clear(rco_object *self)
{
    RCO_CLEAR(((rco_test_node *)self)->a);
    RCO_CLEAR(((rco_test_node *)self)->b);
}

/* A ready node type, for tests that need an object weakrefs can watch
 * (lists, dicts and tuples cannot be, as in CPython) or a one-object
 * cycle. */
static rco_type rco_test_node_type = {
    .name = "Node",
    .size = sizeof(rco_test_node),
    .flags = RCO_TYPE_GC,
    .dealloc = rco_test_node_clear,
    .traverse = rco_test_node_traverse,
    .clear = rco_test_node_clear,
};

static inline rco_object *rco_test_node_new(void)
{
    rco_object *n = rco_gc_new(&rco_test_node_type);
    assert_non_null(n);
    return n;
}

/* A node holding itself: garbage for the collector once released. */
static inline rco_object *rco_test_node_cycle(void)
{
    rco_object *n = rco_test_node_new();
    ((rco_test_node *)n)->a = rco_incref(n);
    return n;
}

/* The repr of o as a C string, compared with what Python prints. */
#define assert_repr(o, expected)                                       \
    do {                                                               \
        rco_object *rco_r_ = rco_repr(o);                              \
        assert_non_null(rco_r_);                                       \
        assert_string_equal(rco_str_utf8(rco_r_), (expected));         \
        rco_decref(rco_r_);                                            \
    } while (0)

/* The call failed with this error kind; clears it. */
#define assert_error(kind)                                             \
    do {                                                               \
        assert_int_equal(rco_err_occurred(), (kind));                  \
        rco_err_clear();                                               \
    } while (0)

#endif
