/*
 * fault_sweep.h: SQLite's fault-injection loop, over rco, for any test file
 * (test_fault_sweep.c states what a sweep checks).
 *
 * A workload is a function world -> 0, or -1 on a failure it passed on; it
 * does each operation through DO (int results) or NEW (new references,
 * which the world then holds), so that a failure is checked to be the
 * injected MemoryError that left everything as it was. sweep_all_modes runs
 * it with its 1st, 2nd, 3rd ... allocation failing, once, persistently, and
 * with collections starting at every constructor. The including file
 * defines sweep_forget_borrowed() and break_and_clear_garbage().
 */
#ifndef RCO_TEST_FAULT_SWEEP_H
#define RCO_TEST_FAULT_SWEEP_H

#include "rco_test.h"

#include <stdbool.h>

/* ======================================================================
 * Describing objects without allocating
 * ====================================================================== */

#define TEXT_SIZE 65536
#define DESCRIBE_DEPTH 64

typedef struct text {
    char s[TEXT_SIZE];
    size_t len;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    size_t room = sizeof t->s - t->len;
    if (room <= 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->s + t->len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n < room ? (size_t)n : room - 1;
}

/* The attribute names the workloads use: instances are described by these. */
static const char *const attr_names[] = { "a", "b", "me", "next", "dims", "id", "data",
                                          "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7" };
#define ATTR_NAMES (sizeof attr_names / sizeof attr_names[0])

static bool is_immortal(const rco_object *o)
{
    return rco_refcount(o) >= RCO_IMMORTAL_REFCNT / 2;
}

static bool is_instance(const rco_object *o)
{
    return rco_is_class((const rco_object *)rco_typeof(o));
}

static bool is_named(const rco_object *o, const char *name)
{
    return strcmp(rco_type_name(o), name) == 0;
}

static void describe(text *t, rco_object *o, rco_object **path, int depth);

static void describe_attrs(text *t, rco_object *o, rco_object **path, int depth)
{
    for (size_t i = 0; i < ATTR_NAMES; i++) {
        if (rco_hasattr(o, attr_names[i]) != 1)
            continue;
        rco_object *v = rco_getattr(o, attr_names[i]);
        put(t, " %s=", attr_names[i]);
        describe(t, v, path, depth + 1);
        rco_decref(v);
    }
}

static void describe_sequence(text *t, rco_object *o, rco_object **path, int depth,
                              bool tuple)
{
    ssize_t n = rco_len(o);
    put(t, tuple ? "(" : "[");
    for (ssize_t i = 0; i < n; i++) {
        rco_object *item = tuple ? rco_tuple_get(o, (size_t)i) : rco_list_get(o, (size_t)i);
        if (!item) {
            rco_err_clear(); /* a slot not yet filled */
            put(t, "<empty>, ");
            continue;
        }
        describe(t, item, path, depth + 1);
        put(t, ", ");
    }
    put(t, tuple ? ")" : "]");
}

static void describe_dict(text *t, rco_object *o, rco_object **path, int depth)
{
    size_t pos = 0;
    rco_object *k, *v;
    put(t, "{");
    while (rco_dict_next(o, &pos, &k, &v) == 1) {
        describe(t, k, path, depth + 1);
        put(t, ": ");
        describe(t, v, path, depth + 1);
        put(t, ", ");
    }
    put(t, "}");
}

static void describe_set(text *t, rco_object *o, rco_object **path, int depth)
{
    size_t pos = 0;
    rco_object *item;
    put(t, "{|");
    while (rco_set_next(o, &pos, &item) == 1) {
        describe(t, item, path, depth + 1);
        put(t, ", ");
    }
    put(t, "|}");
}

static void describe_weakref(text *t, rco_object *o, rco_object **path, int depth)
{
    rco_object *target = rco_weakref_get(o);
    if (!target) {
        put(t, "<weakref dead>");
        return;
    }
    put(t, "<weakref to ");
    describe(t, target, path, depth + 1);
    put(t, ">");
    rco_decref(target);
}

static void describe_atom(text *t, rco_object *o)
{
    if (rco_is_none(o))
        put(t, "None");
    else if (is_named(o, "bool"))
        put(t, rco_int_value(o) ? "True" : "False");
    else if (is_named(o, "int"))
        put(t, "%lld", (long long)rco_int_value(o));
    else if (is_named(o, "float"))
        put(t, "%.17g", rco_float_value(o));
    else if (is_named(o, "str"))
        put(t, "'%s'/%zd", rco_str_utf8(o), rco_str_size(o));
    else if (is_named(o, "bytes")) {
        const unsigned char *p = (const unsigned char *)rco_bytes_data(o);
        put(t, "b'");
        for (ssize_t i = 0; i < rco_len(o); i++)
            put(t, "%02x", p[i]);
        put(t, "'");
    } else {
        put(t, "<%s>", rco_type_name(o));
    }
}

/* A repr that allocates nothing through rco: the contents, and the count of
 * every mortal object, so that a failed call that leaked or dropped a
 * reference shows up as well as one that changed a container. */
static void describe(text *t, rco_object *o, rco_object **path, int depth)
{
    for (int i = 0; i < depth; i++) {
        if (path[i] == o) {
            put(t, "<cycle>");
            return;
        }
    }
    if (depth == DESCRIBE_DEPTH) {
        put(t, "<deep>");
        return;
    }
    path[depth] = o;
    if (!is_immortal(o))
        put(t, "@%ld:", (long)rco_refcount(o));
    if (is_named(o, "tuple") || is_named(o, "list"))
        describe_sequence(t, o, path, depth, is_named(o, "tuple"));
    else if (is_named(o, "dict"))
        describe_dict(t, o, path, depth);
    else if (is_named(o, "set"))
        describe_set(t, o, path, depth);
    else if (is_named(o, "weakref"))
        describe_weakref(t, o, path, depth);
    else if (rco_is_class(o) || is_instance(o)) {
        if (rco_is_class(o))
            put(t, "<class %s", ((rco_type *)o)->name);
        else
            put(t, "<%s", rco_type_name(o));
        describe_attrs(t, o, path, depth);
        put(t, ">");
    } else {
        describe_atom(t, o);
    }
}

/* ======================================================================
 * A workload's world: what it holds, and its operations
 * ====================================================================== */

#define MAX_HELD 48

typedef struct world {
    rco_object *held[MAX_HELD]; /* owned, in the order the workload got them */
    int nheld;
    long failures_at_start;     /* rco_debug_failed_allocs() when the run began */
    text before;                /* the description before the current operation */
    text after;
} world;

static world the_world;

static rco_object *hold(world *w, rco_object *o)
{
    assert_true(w->nheld < MAX_HELD);
    w->held[w->nheld++] = o;
    return o;
}

/* Release one held object now (the workload lets go of it). */
static void let_go(world *w, rco_object *o)
{
    for (int i = 0; i < w->nheld; i++) {
        if (w->held[i] == o) {
            w->held[i] = w->held[--w->nheld];
            rco_decref(o);
            return;
        }
    }
    fail_msg("let_go: not held");
}

static void describe_world(world *w, text *t)
{
    rco_object *path[DESCRIBE_DEPTH];
    t->len = 0;
    t->s[0] = '\0';
    for (int i = 0; i < w->nheld; i++) {
        put(t, "%d: ", i);
        describe(t, w->held[i], path, 0);
        put(t, "\n");
    }
}

static void snapshot(world *w)
{
    describe_world(w, &w->before);
}

/* The operation `what` failed: it must have been the injected allocation
 * failure, and it must have left everything as it was. */
static int failed(world *w, const char *what)
{
    rco_errkind kind = rco_err_occurred();
    if (kind != RCO_ERR_MEMORY)
        fail_msg("%s failed with %s (%s), not MemoryError", what, rco_err_name(kind),
                 rco_err_message());
    if (rco_debug_failed_allocs() == w->failures_at_start)
        fail_msg("%s failed with no allocation failure injected", what);
    rco_err_clear();
    describe_world(w, &w->after);
    if (strcmp(w->before.s, w->after.s) != 0)
        fail_msg("%s failed but changed what the workload held:\nbefore:\n%safter:\n%s", what,
                 w->before.s, w->after.s);
    return -1;
}

/* No failure injected in this run so far: exact expectations hold. */
static bool untouched(const world *w)
{
    return rco_debug_failed_allocs() == w->failures_at_start;
}

/* One operation returning int, one returning a new reference (held). */
#define DO(w, call)                                                    \
    do {                                                               \
        snapshot(w);                                                   \
        if ((call) < 0)                                                \
            return failed(w, #call);                                   \
    } while (0)

#define NEW(w, var, call)                                              \
    do {                                                               \
        snapshot(w);                                                   \
        if (!((var) = (call)))                                         \
            return failed(w, #call);                                   \
        hold(w, (rco_object *)(var));                                  \
    } while (0)

/* The including file forgets what it borrowed from the world (before
 * the world lets go of everything). */
static void sweep_forget_borrowed(void);

static void release_world(world *w)
{
    sweep_forget_borrowed();
    while (w->nheld > 0)
        rco_decref(w->held[--w->nheld]);
}

/* ======================================================================
 * The sweep
 * ====================================================================== */

typedef int (*workload_fn)(world *w);

enum mode { ONCE, PERSISTENT, ONCE_COLLECTING };
static const char *const mode_names[] = { "once", "persistent", "once+gc" };

/* The including file breaks what holds uncollectable objects together,
 * then lets them go. */
static void break_and_clear_garbage(void);

static void settle(void)
{
    rco_gc_collect(-1);
    break_and_clear_garbage();
    rco_gc_collect(-1);
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    rco_err_clear();
}

typedef struct baseline {
    size_t blocks;
    uint64_t mark;
    long misuses;
} baseline;

static baseline take_baseline(void)
{
    settle();
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    baseline b = { s.blocks_in_use, 0, rco_debug_misuse_count() };
#ifdef RCO_DEBUG
    b.mark = rco_debug_checkpoint();
#endif
    return b;
}

static void assert_back_to(const baseline *b, const char *name, long n)
{
    settle();
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    if (s.blocks_in_use != b->blocks) {
#ifdef RCO_DEBUG
        rco_debug_leaks(b->mark, stderr);
#endif
        fail_msg("%s, allocation %ld failing: %zd blocks left", name, n,
                 (ssize_t)(s.blocks_in_use - b->blocks));
    }
#ifdef RCO_DEBUG
    assert_int_equal(rco_debug_leaks(b->mark, stderr), 0);
#endif
    assert_int_equal(rco_debug_misuse_count(), b->misuses);
}

static void arm(long n, enum mode mode)
{
    if (mode == PERSISTENT)
        rco_debug_fail_alloc_persistent(n);
    else
        rco_debug_fail_alloc(n);
}

/* Under valgrind (make valgrind) the sweeps other than the first take
 * every 4th allocation: a run there costs some 70 times a native one, and
 * the native and ASan runs of the same tests take every allocation in every
 * mode; what valgrind adds is its own view of the failure paths, which the
 * first sweep gives in full. */
static long sweep_step(enum mode mode)
{
    return mode != ONCE && getenv("RCO_TEST_UNDER_VALGRIND") ? 4 : 1;
}

/* Run fn with allocation 1, 2, 3 ... failing until a run meets none;
 * returns how many failures were injected in all. */
static long sweep(const char *name, workload_fn fn, enum mode mode)
{
    baseline base = take_baseline();
    long injected = 0, n, runs = 0;
    if (mode == ONCE_COLLECTING)
        rco_gc_set_threshold(1, 1, 1);
    for (n = 1;; n += sweep_step(mode)) {
        runs++;
        assert_true(n < 100000);
        world *w = &the_world;
        memset(w, 0, sizeof *w);
        w->failures_at_start = rco_debug_failed_allocs();
        arm(n, mode);
        int r = fn(w);
        if (r < 0)
            assert_false(untouched(w));
        release_world(w); /* still failing in the persistent sweep */
        rco_debug_fail_alloc(0);
        long in_run = rco_debug_failed_allocs() - w->failures_at_start;
        if (mode == ONCE_COLLECTING)
            rco_gc_set_threshold(700, 10, 10);
        assert_back_to(&base, name, n);
        if (mode == ONCE_COLLECTING)
            rco_gc_set_threshold(1, 1, 1);
        injected += in_run;
        if (in_run == 0) {
            assert_int_equal(r, 0);
            break;
        }
    }
    rco_gc_set_threshold(700, 10, 10);
    printf("fault sweep: %-20s %-10s %5ld runs, %6ld allocation failures injected, all survived\n",
           name, mode_names[mode], runs, injected);
    return injected;
}

static void sweep_all_modes(const char *name, workload_fn fn)
{
    long total = 0;
    for (int mode = ONCE; mode <= ONCE_COLLECTING; mode++)
        total += sweep(name, fn, (enum mode)mode);
    assert_true(total > 0);
}

#endif
