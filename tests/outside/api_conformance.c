/*
 * api_conformance.c: an outside program, written only against the
 * installed <rco.h> as a user would, that calls every function of the
 * fixed core (docs: /work/shared/design/API.md, sections "Objects and
 * reference counts", "Built-in types", "Building and unpacking values",
 * "Classes and instances", "Testing hooks", "Runtime lifetime", and some of
 * the weak references and the collector) and checks what the manual says
 * it does.
 *
 * tests/check_install.sh builds it after a real install, with
 *     cc -Wall -Werror api_conformance.c $(pkg-config --cflags --libs rco)
 * and again with rco-debug (which defines RCO_DEBUG, so every call goes
 * through the leak detective's call-site macros).
 *
 * No test framework: CHECK prints the failing line and exits with 1.
 */
#include <rco.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long checks_passed;

static void check_failed(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    if (rco_err_occurred() != RCO_ERR_NONE)
        fprintf(stderr, "  pending rco error: %s: %s\n", rco_err_name(rco_err_occurred()),
                rco_err_message());
    exit(1);
}

#define CHECK(cond)                                                    \
    do {                                                               \
        if (!(cond))                                                   \
            check_failed(__FILE__, __LINE__, #cond);                   \
        checks_passed++;                                               \
    } while (0)

/* The last call failed with this kind of error; forget it. */
#define CHECK_ERROR(kind)                                              \
    do {                                                               \
        CHECK(rco_err_occurred() == (kind));                           \
        CHECK(rco_err_message()[0] != '\0');                           \
        rco_err_clear();                                               \
    } while (0)

/* The repr of o is exactly text. */
#define CHECK_REPR(o, text)                                            \
    do {                                                               \
        rco_object *repr_ = rco_repr(o);                               \
        CHECK(repr_ != NULL);                                          \
        if (strcmp(rco_str_utf8(repr_), (text)) != 0)                  \
            fprintf(stderr, "repr: got %s\n", rco_str_utf8(repr_));    \
        CHECK(strcmp(rco_str_utf8(repr_), (text)) == 0);               \
        rco_decref(repr_);                                             \
    } while (0)

static size_t live_blocks(void)
{
    rco_mem_stats stats;
    rco_mem_get_stats(&stats);
    return stats.blocks_in_use;
}

/* ---- user types used below ------------------------------------------- */

/* A plain type whose dealloc counts deaths. */
static int counted_deaths;

static void count_death(rco_object *self)
{
    (void)self;
    counted_deaths++;
}

static rco_type counted_type = {
    .name = "Counted",
    .size = sizeof(rco_object),
    .dealloc = count_death,
};

/* A collector-tracked type holding one reference: can form cycles. */
typedef struct node {
    rco_object ob;
    rco_object *next;
} node;

static int node_deaths;

static int node_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    RCO_VISIT(((node *)self)->next);
    return 0;
}

static void node_clear(rco_object *self)
{
    RCO_CLEAR(((node *)self)->next);
}

static void node_dealloc(rco_object *self)
{
    node_deaths++;
    RCO_CLEAR(((node *)self)->next);
}

static rco_type node_type = {
    .name = "Node",
    .size = sizeof(node),
    .flags = RCO_TYPE_GC,
    .dealloc = node_dealloc,
    .traverse = node_traverse,
    .clear = node_clear,
};

/* A type with its own repr, hash and equality. */
typedef struct point {
    rco_object ob;
    int x, y;
} point;

static rco_object *point_repr(rco_object *self)
{
    point *p = (point *)self;
    return rco_str_printf("Point(%d, %d)", p->x, p->y);
}

static int64_t point_hash(rco_object *self)
{
    point *p = (point *)self;
    return (int64_t)p->x * 31 + p->y;
}

static int point_equal(rco_object *self, rco_object *other)
{
    if (rco_typeof(other) != rco_typeof(self))
        return 0;
    point *a = (point *)self, *b = (point *)other;
    return a->x == b->x && a->y == b->y;
}

static rco_type point_type = {
    .name = "Point",
    .size = sizeof(point),
    .repr = point_repr,
    .hash = point_hash,
    .equal = point_equal,
};

static rco_object *new_point(int x, int y)
{
    point *p = (point *)rco_new(&point_type);
    CHECK(p != NULL);
    p->x = x;
    p->y = y;
    return &p->ob;
}

/* ======================================================================
 * Errors
 * ====================================================================== */

static void errors(void)
{
    rco_err_clear();
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
    CHECK(strcmp(rco_err_message(), "") == 0);
    rco_err_set(RCO_ERR_KEY, "no %s here", "key");
    CHECK(rco_err_occurred() == RCO_ERR_KEY);
    CHECK(strcmp(rco_err_message(), "no key here") == 0);
    rco_err_clear();
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
    CHECK(strcmp(rco_err_name(RCO_ERR_MEMORY), "MemoryError") == 0);
    CHECK(strcmp(rco_err_name(RCO_ERR_TYPE), "TypeError") == 0);
    CHECK(strcmp(rco_err_name(RCO_ERR_INDEX), "IndexError") == 0);
    CHECK(strcmp(rco_err_name(RCO_ERR_KEY), "KeyError") == 0);
    CHECK(strcmp(rco_err_name(RCO_ERR_VALUE), "ValueError") == 0);
    CHECK(strcmp(rco_err_name(RCO_ERR_OVERFLOW), "OverflowError") == 0);
}

/* ======================================================================
 * Objects and reference counts
 * ====================================================================== */

static void reference_counts(void)
{
    rco_object *o = rco_new(&counted_type);
    CHECK(o != NULL);
    CHECK(rco_refcount(o) == 1);
    CHECK(rco_incref(o) == o);
    CHECK(rco_refcount(o) == 2);
    rco_decref(o);
    CHECK(rco_refcount(o) == 1);
    rco_xincref(o);
    CHECK(rco_refcount(o) == 2);
    rco_xdecref(o);
    CHECK(rco_refcount(o) == 1);
    rco_xincref(NULL);
    rco_xdecref(NULL);

    /* As expressions, and through pointers with the documented signatures. */
    rco_object *(*incref_fn)(rco_object *) = rco_incref;
    void (*decref_fn)(rco_object *) = rco_decref;
    void (*xincref_fn)(rco_object *) = rco_xincref;
    void (*xdecref_fn)(rco_object *) = rco_xdecref;
    rco_decref(rco_incref(o));
    CHECK(incref_fn(o) == o);
    decref_fn(o);
    xincref_fn(o);
    xdecref_fn(o);
    xdecref_fn(NULL);
    CHECK(rco_refcount(o) == 1);

    CHECK(counted_deaths == 0);
    rco_object *p = rco_incref(o);
    RCO_CLEAR(p);
    CHECK(p == NULL);
    CHECK(counted_deaths == 0);
    RCO_CLEAR(o);
    CHECK(o == NULL);
    CHECK(counted_deaths == 1);
    RCO_CLEAR(o); /* NULL: nothing */
    CHECK(counted_deaths == 1);

    /* RCO_SETREF stores first, then releases the old value. */
    rco_object *slot = rco_new(&counted_type);
    RCO_SETREF(slot, rco_new(&counted_type));
    CHECK(counted_deaths == 2);
    CHECK(slot != NULL && rco_refcount(slot) == 1);
    RCO_SETREF(slot, NULL);
    CHECK(counted_deaths == 3 && slot == NULL);

    CHECK(rco_refcount(NULL) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
}

static void types_and_names(void)
{
    rco_object *i = rco_int(1000), *l = rco_list_new(0), *c = rco_new(&counted_type);
    CHECK(strcmp(rco_type_name(i), "int") == 0);
    CHECK(strcmp(rco_type_name(l), "list") == 0);
    CHECK(strcmp(rco_type_name(c), "Counted") == 0);
    CHECK(strcmp(rco_type_name(rco_none()), "NoneType") == 0);
    CHECK(strcmp(rco_type_name(rco_true()), "bool") == 0);
    CHECK(strcmp(rco_type_name(NULL), "NULL") == 0);
    CHECK(rco_typeof(c) == &counted_type);
    CHECK(rco_typeof(i) != rco_typeof(l));
    CHECK(rco_is_type(c, &counted_type) == 1);
    CHECK(rco_is_type(i, &counted_type) == 0);
    CHECK(rco_typeof(NULL) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK_REPR((rco_object *)rco_typeof(i), "<class 'int'>");
    rco_decref(c);
    rco_decref(l);
    rco_decref(i);
}

static void immortals(void)
{
    rco_object *singletons[] = { rco_none(), rco_true(), rco_false(), rco_bool(5), rco_bool(0),
                                 rco_int(-5), rco_int(0), rco_int(256), rco_tuple_new(0) };
    for (size_t k = 0; k < sizeof singletons / sizeof singletons[0]; k++) {
        rco_object *o = singletons[k];
        CHECK(rco_refcount(o) >= RCO_IMMORTAL_REFCNT / 2);
        for (int n = 0; n < 5; n++)
            rco_decref(o); /* releasing an immortal is harmless */
        CHECK(rco_refcount(o) >= RCO_IMMORTAL_REFCNT / 2);
    }
    CHECK(rco_bool(5) == rco_true());
    CHECK(rco_bool(0) == rco_false());
    CHECK(rco_int(7) == rco_int(7)); /* small ints are shared */
    CHECK(rco_is_none(rco_none()) == 1);
    CHECK(rco_is_none(rco_false()) == 0);
    CHECK_REPR(rco_none(), "None");
    CHECK_REPR(rco_true(), "True");
    CHECK_REPR(rco_false(), "False");
}

/* ======================================================================
 * Built-in types
 * ====================================================================== */

static void numbers(void)
{
    rco_object *big = rco_int(INT64_MIN);
    CHECK(rco_int_value(big) == INT64_MIN);
    CHECK(rco_refcount(big) == 1);
    CHECK_REPR(big, "-9223372036854775808");
    rco_decref(big);

    rco_object *u = rco_int_from_uint64((uint64_t)INT64_MAX);
    CHECK(rco_int_value(u) == INT64_MAX);
    rco_decref(u);
    CHECK(rco_int_from_uint64((uint64_t)INT64_MAX + 1) == NULL);
    CHECK_ERROR(RCO_ERR_OVERFLOW);

    CHECK(rco_int_value(rco_true()) == 1);
    rco_object *f = rco_float(0.1);
    CHECK(rco_float_value(f) == 0.1);
    CHECK_REPR(f, "0.1");
    CHECK(rco_int_value(f) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    rco_decref(f);
    rco_object *n = rco_int(3);
    CHECK(rco_float_value(n) == 3.0);
    CHECK(rco_float_value(NULL) == -1.0);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_int_value(NULL) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);

    rco_object *inf = rco_float(HUGE_VAL);
    CHECK_REPR(inf, "inf");
    rco_decref(inf);
    rco_object *e = rco_float(1e16);
    CHECK_REPR(e, "1e+16");
    rco_decref(e);
}

static void strings_and_bytes(void)
{
    rco_object *s = rco_str("h\xc3\xa9llo"); /* hello with an e acute */
    CHECK(s != NULL);
    CHECK(strcmp(rco_str_utf8(s), "h\xc3\xa9llo") == 0);
    CHECK(rco_str_size(s) == 6);
    CHECK(rco_len(s) == 5);
    CHECK_REPR(s, "'h\xc3\xa9llo'");
    rco_decref(s);

    rco_object *nul = rco_str_n("a\0b", 3);
    CHECK(rco_str_size(nul) == 3);
    CHECK(memcmp(rco_str_utf8(nul), "a\0b", 4) == 0);
    CHECK_REPR(nul, "'a\\x00b'");
    rco_decref(nul);

    CHECK(rco_str("\xff") == NULL);
    CHECK_ERROR(RCO_ERR_VALUE);
    CHECK(rco_str(NULL) == NULL);
    CHECK(rco_err_occurred() != RCO_ERR_NONE);
    rco_err_clear();
    CHECK(rco_str_utf8(rco_none()) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_str_size(rco_none()) == -1);
    rco_err_clear();

    rco_object *p = rco_str_printf("%d-%s", 42, "x");
    CHECK(strcmp(rco_str_utf8(p), "42-x") == 0);
    rco_decref(p);

    rco_object *q = rco_str("it's");
    CHECK_REPR(q, "\"it's\"");
    rco_decref(q);

    rco_object *b = rco_bytes("a\0\xff'", 4);
    CHECK(rco_len(b) == 4);
    CHECK(memcmp(rco_bytes_data(b), "a\0\xff'\0", 5) == 0);
    CHECK_REPR(b, "b\"a\\x00\\xff'\"");
    rco_decref(b);
    CHECK(rco_bytes_data(rco_none()) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
}

static void tuples(void)
{
    rco_object *t = rco_tuple_new(3);
    CHECK(t != NULL && rco_len(t) == 3);
    CHECK(rco_tuple_get(t, 0) == NULL); /* not yet filled */
    CHECK_ERROR(RCO_ERR_VALUE);

    rco_object *c = rco_new(&counted_type);
    CHECK(rco_tuple_set(t, 0, c) == 0); /* takes its own */
    CHECK(rco_refcount(c) == 2);
    CHECK(rco_tuple_set_steal(t, 1, rco_int(1000)) == 0);
    CHECK(rco_tuple_set_steal(t, 2, rco_str("x")) == 0);
    CHECK(rco_tuple_get(t, 0) == c); /* borrowed */
    CHECK(rco_refcount(c) == 2);
    CHECK(rco_tuple_get(t, 3) == NULL);
    CHECK_ERROR(RCO_ERR_INDEX);

    /* Steals also on failure; a NULL from a failed constructor keeps its
     * error. */
    int deaths = counted_deaths;
    CHECK(rco_tuple_set_steal(t, 9, rco_new(&counted_type)) == -1);
    CHECK_ERROR(RCO_ERR_INDEX);
    CHECK(counted_deaths == deaths + 1);
    CHECK(rco_tuple_set_steal(t, 0, rco_str("\xff")) == -1);
    CHECK_ERROR(RCO_ERR_VALUE);
    CHECK(rco_tuple_get(t, 0) == c);

    CHECK(rco_tuple_set(t, 0, rco_none()) == 0); /* releases the old item */
    CHECK(rco_refcount(c) == 1);
    rco_decref(c);
    CHECK(counted_deaths == deaths + 2);
    CHECK_REPR(t, "(None, 1000, 'x')");

    rco_object *one = rco_int(1);
    rco_object *packed = rco_tuple_pack(2, one, t);
    CHECK_REPR(packed, "(1, (None, 1000, 'x'))");
    CHECK(rco_refcount(t) == 2);
    rco_decref(packed);
    CHECK(rco_refcount(t) == 1);
    rco_object *single = rco_tuple_pack(1, one);
    CHECK_REPR(single, "(1,)");
    rco_decref(single);
    CHECK(rco_tuple_new(0) == rco_tuple_new(0));
    CHECK_REPR(rco_tuple_new(0), "()");
    CHECK(rco_tuple_set(NULL, 0, one) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    rco_decref(t);
}

static void lists(void)
{
    rco_object *l = rco_list_new(0);
    CHECK(l != NULL && rco_len(l) == 0);
    rco_object *c = rco_new(&counted_type);
    CHECK(rco_list_append(l, c) == 0);
    CHECK(rco_refcount(c) == 2);
    CHECK(rco_list_append_steal(l, rco_int(2)) == 0);
    CHECK(rco_list_get(l, 0) == c);
    CHECK(rco_list_get(l, 2) == NULL);
    CHECK_ERROR(RCO_ERR_INDEX);
    CHECK(rco_list_set(l, 1, c) == 0);
    CHECK(rco_refcount(c) == 3);
    CHECK(rco_list_set_steal(l, 1, rco_str("s")) == 0);
    CHECK(rco_refcount(c) == 2);
    CHECK(rco_list_insert(l, 0, rco_none()) == 0);
    CHECK(rco_list_insert(l, 3, rco_true()) == 0); /* at the end */
    CHECK(rco_len(l) == 4);
    CHECK(rco_list_get(l, 1) == c);

    rco_object *popped = rco_list_pop(l, 1); /* the list's reference, now ours */
    CHECK(popped == c && rco_refcount(c) == 2);
    rco_decref(popped);
    CHECK(rco_list_del(l, 0) == 0);
    CHECK_REPR(l, "['s', True]");
    CHECK(rco_list_del(l, 5) == -1);
    CHECK_ERROR(RCO_ERR_INDEX);

    int deaths = counted_deaths;
    CHECK(rco_list_append_steal(rco_none(), rco_new(&counted_type)) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(counted_deaths == deaths + 1);
    CHECK(rco_list_set_steal(l, 7, rco_new(&counted_type)) == -1);
    CHECK_ERROR(RCO_ERR_INDEX);
    CHECK(counted_deaths == deaths + 2);
    CHECK(rco_list_append(l, NULL) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);

    rco_object *sized = rco_list_new(2);
    CHECK(rco_len(sized) == 2);
    CHECK_REPR(sized, "[<NULL>, <NULL>]");
    rco_decref(sized);

    CHECK(rco_list_append(l, c) == 0);
    CHECK(rco_list_clear(l) == 0);
    CHECK(rco_len(l) == 0);
    CHECK(rco_refcount(c) == 1);
    rco_decref(c);
    rco_decref(l);
}

static void dicts(void)
{
    rco_object *d = rco_dict_new();
    rco_object *k = rco_str("k"), *v = rco_new(&counted_type);
    CHECK(rco_dict_set(d, k, v) == 0); /* takes its own references */
    CHECK(rco_refcount(k) == 2 && rco_refcount(v) == 2);
    CHECK(rco_dict_get(d, k) == v);
    CHECK(rco_refcount(v) == 2); /* borrowed */
    CHECK(rco_dict_get_str(d, "k") == v);
    CHECK(rco_dict_get_str(d, "absent") == NULL);
    CHECK(rco_err_occurred() == RCO_ERR_NONE); /* absent is not an error */
    CHECK(rco_dict_contains(d, k) == 1);

    /* Equal keys are one key: 1, 1.0 and True. The first key stays. */
    CHECK(rco_dict_set_steal(d, rco_int(1), rco_str("one")) == 0);
    CHECK(rco_dict_set_steal(d, rco_float(1.0), rco_str("float")) == 0);
    CHECK(rco_dict_set_str(d, "z", rco_true()) == 0);
    CHECK(rco_len(d) == 3);
    CHECK(rco_dict_del(d, k) == 0);
    CHECK(rco_refcount(v) == 1);
    CHECK_REPR(d, "{1: 'float', 'z': True}");

    /* Iteration in insertion order, borrowed keys and values. */
    size_t pos = 0;
    rco_object *key, *value;
    CHECK(rco_dict_next(d, &pos, &key, &value) == 1);
    CHECK(rco_int_value(key) == 1 && strcmp(rco_str_utf8(value), "float") == 0);
    CHECK(rco_dict_next(d, &pos, &key, NULL) == 1);
    CHECK(strcmp(rco_str_utf8(key), "z") == 0);
    CHECK(rco_dict_next(d, &pos, NULL, &value) == 0);

    CHECK(rco_dict_del(d, k) == -1);
    CHECK_ERROR(RCO_ERR_KEY);
    CHECK(rco_dict_del_str(d, "z") == 0);
    CHECK(rco_dict_del_str(d, "z") == -1);
    CHECK_ERROR(RCO_ERR_KEY);

    /* Unhashable keys; the stealing setter releases both on failure. */
    rco_object *l = rco_list_new(0);
    CHECK(rco_dict_set(d, l, v) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_dict_get(d, l) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_dict_contains(d, l) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    int deaths = counted_deaths;
    CHECK(rco_dict_set_steal(d, rco_incref(l), rco_new(&counted_type)) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(counted_deaths == deaths + 1 && rco_refcount(l) == 1);
    CHECK(rco_len(d) == 1);

    /* A user type with hash and equal is a key like any other. */
    rco_object *p1 = new_point(1, 2), *p2 = new_point(1, 2);
    CHECK(rco_dict_set(d, p1, v) == 0);
    CHECK(rco_dict_get(d, p2) == v);
    CHECK(rco_dict_clear(d) == 0);
    CHECK(rco_len(d) == 0 && rco_refcount(v) == 1);
    rco_decref(p2);
    rco_decref(p1);
    rco_decref(l);
    rco_decref(v);
    rco_decref(k);
    rco_decref(d);
}

static void sets(void)
{
    rco_object *s = rco_set_new();
    CHECK_REPR(s, "set()");
    rco_object *three = rco_int(3), *one_f = rco_float(1.0);
    CHECK(rco_set_add(s, three) == 0);
    CHECK(rco_refcount(three) >= 2);
    CHECK(rco_set_add(s, rco_int(1)) == 0);
    CHECK(rco_set_add(s, one_f) == 0); /* equal to 1: no-op */
    CHECK(rco_len(s) == 2);
    CHECK(rco_set_contains(s, one_f) == 1);
    CHECK(rco_set_contains(s, rco_int(2)) == 0);
    CHECK_REPR(s, "{3, 1}"); /* insertion order */
    size_t pos = 0;
    rco_object *item;
    CHECK(rco_set_next(s, &pos, &item) == 1 && item == three);
    CHECK(rco_set_next(s, &pos, &item) == 1 && rco_int_value(item) == 1);
    CHECK(rco_set_next(s, &pos, &item) == 0);
    CHECK(rco_set_discard(s, three) == 1);
    CHECK(rco_set_discard(s, three) == 0);
    rco_object *l = rco_list_new(0);
    CHECK(rco_set_add(s, l) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_set_contains(rco_none(), three) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(one_f);
    rco_decref(three);
    rco_decref(s);
}

static void any_object(void)
{
    /* rco_len */
    rco_object *i = rco_int(1000);
    CHECK(rco_len(i) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);

    /* rco_equal: Python's meaning */
    rco_object *f = rco_float(1.0);
    CHECK(rco_equal(rco_int(1), f) == 1);
    CHECK(rco_equal(rco_true(), f) == 1);
    rco_object *a = rco_list_new(0), *b = rco_list_new(0);
    rco_list_append(a, f);
    rco_list_append_steal(b, rco_int(1));
    CHECK(rco_equal(a, b) == 1);
    rco_list_append(a, i);
    CHECK(rco_equal(a, b) == 0);
    rco_object *s1 = rco_str("x"), *s2 = rco_str("x");
    CHECK(rco_equal(s1, s2) == 1);

    /* rco_hash: equal objects hash equal; containers that change do not hash */
    CHECK(rco_hash(rco_int(1)) == rco_hash(f));
    CHECK(rco_hash(s1) == rco_hash(s2));
    CHECK(rco_hash(rco_int(-1)) != -1);
    CHECK(rco_hash(a) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    rco_object *t = rco_tuple_pack(2, i, s1);
    CHECK(rco_hash(t) != -1);
    rco_decref(t);

    /* rco_repr and rco_print */
    CHECK_REPR(a, "[1.0, 1000]");
    rco_object *nested = rco_tuple_pack(3, a, s1, rco_none());
    CHECK_REPR(nested, "([1.0, 1000], 'x', None)");
    FILE *out = tmpfile();
    CHECK(out != NULL);
    CHECK(rco_print(nested, out) == 0);
    char text[64] = { 0 };
    rewind(out);
    CHECK(fread(text, 1, sizeof text - 1, out) == strlen("([1.0, 1000], 'x', None)"));
    CHECK(strcmp(text, "([1.0, 1000], 'x', None)") == 0);
    fclose(out);
    CHECK(rco_repr(NULL) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    rco_object *p = new_point(3, 4);
    CHECK_REPR(p, "Point(3, 4)");
    rco_decref(p);

    rco_decref(nested);
    rco_decref(s2);
    rco_decref(s1);
    rco_decref(b);
    rco_decref(a);
    rco_decref(f);
    rco_decref(i);
}

/* ======================================================================
 * Building and unpacking values
 * ====================================================================== */

static void building(void)
{
    rco_object *t = rco_build("(iis)", 1, 2, "three");
    CHECK(t != NULL);
    CHECK_REPR(t, "(1, 2, 'three')");
    rco_decref(t);
    rco_object *l = rco_build("[iis]", 1, 2, "three");
    CHECK_REPR(l, "[1, 2, 'three']");
    rco_decref(l);

    rco_object *numbers = rco_build("l L n d", -7L, 1LL << 40, (ssize_t)9, 2.5);
    CHECK_REPR(numbers, "(-7, 1099511627776, 9, 2.5)");
    rco_decref(numbers);

    rco_object *strings = rco_build("(s, s, s#, y#)", "a", (const char *)NULL, "bcd", (ssize_t)2,
                                    "\0\1", (ssize_t)2);
    CHECK_REPR(strings, "('a', None, 'bc', b'\\x00\\x01')");
    rco_decref(strings);

    rco_object *d = rco_build("{s:i, s:[i,i]}", "a", 1, "b", 2, 3);
    CHECK_REPR(d, "{'a': 1, 'b': [2, 3]}");
    rco_decref(d);

    rco_object *none = rco_build("");
    CHECK(rco_is_none(none));
    rco_decref(none);
    rco_object *alone = rco_build("i", 5);
    CHECK(rco_int_value(alone) == 5);
    rco_decref(alone);

    /* O takes its own reference, N steals. */
    rco_object *o = rco_new(&counted_type), *n = rco_new(&counted_type);
    rco_object *on = rco_build("(OiN)", o, 1, n);
    CHECK(on != NULL);
    CHECK(rco_refcount(o) == 2 && rco_refcount(n) == 1);
    rco_decref(o);
    int deaths = counted_deaths;
    rco_decref(on);
    CHECK(counted_deaths == deaths + 2);

    /* On failure N arguments are released, and nothing leaks. */
    CHECK(rco_build("(Ns)", rco_new(&counted_type), "\xff") == NULL);
    CHECK(rco_err_occurred() != RCO_ERR_NONE);
    rco_err_clear();
    CHECK(counted_deaths == deaths + 3);
    CHECK(rco_build("(N)?", rco_new(&counted_type)) == NULL);
    CHECK(rco_err_occurred() != RCO_ERR_NONE);
    CHECK(strlen(rco_err_message()) > 0);
    rco_err_clear();
    CHECK(counted_deaths == deaths + 4);
    CHECK(rco_build("O", (rco_object *)NULL) == NULL);
    CHECK(rco_err_occurred() != RCO_ERR_NONE);
    rco_err_clear();
}

static void unpacking(void)
{
    rco_object *args = rco_build("(i, s#, (d, O), y#)", 7, "hello", (ssize_t)5, 0.5, rco_none(), "xy",
                                 (ssize_t)2);
    CHECK(args != NULL);
    int i = 0;
    const char *s = NULL, *y = NULL;
    ssize_t slen = 0, ylen = 0;
    double dv = 0;
    rco_object *o = NULL;
    CHECK(rco_unpack(args, "is#(dO)y#:f", &i, &s, &slen, &dv, &o, &y, &ylen) == 0);
    CHECK(i == 7 && strcmp(s, "hello") == 0 && slen == 5);
    CHECK(dv == 0.5 && o == rco_none());
    CHECK(ylen == 2 && memcmp(y, "xy", 2) == 0);

    long l = 0;
    long long ll = 0;
    ssize_t n = 0;
    rco_object *small = rco_build("(lLn)", 1L, 2LL, (ssize_t)3);
    CHECK(rco_unpack(small, "lL|n", &l, &ll, &n) == 0);
    CHECK(l == 1 && ll == 2 && n == 3);
    rco_object *two = rco_build("(lL)", 4L, 5LL);
    n = 99;
    CHECK(rco_unpack(two, "lL|n", &l, &ll, &n) == 0); /* optional left alone */
    CHECK(l == 4 && ll == 5 && n == 99);

    /* O! checks the type; nothing is stored unless everything converts. */
    rco_object *lst = rco_list_new(0);
    rco_object *with_list = rco_build("(iO)", 1, lst);
    rco_object *got = NULL;
    CHECK(rco_unpack(with_list, "iO!", &i, rco_typeof(lst), &got) == 0);
    CHECK(got == lst && rco_refcount(lst) == 2); /* borrowed */
    i = -1;
    got = NULL;
    CHECK(rco_unpack(with_list, "iO!", &i, rco_typeof(rco_none()), &got) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(i == -1 && got == NULL);

    rco_object *huge = rco_build("(L)", 1LL << 40);
    CHECK(rco_unpack(huge, "i", &i) == -1);
    CHECK_ERROR(RCO_ERR_OVERFLOW);
    CHECK(i == -1);
    CHECK(rco_unpack(two, "l", &l) == -1); /* too many items */
    CHECK(rco_err_occurred() != RCO_ERR_NONE);
    rco_err_clear();
    CHECK(rco_unpack(rco_none(), "i", &i) == -1);
    CHECK(rco_err_occurred() != RCO_ERR_NONE);
    rco_err_clear();

    rco_decref(huge);
    rco_decref(with_list);
    rco_decref(lst);
    rco_decref(two);
    rco_decref(small);
    rco_decref(args);
}

/* ======================================================================
 * Classes and instances
 * ====================================================================== */

static int finalized;
static rco_object *resurrection_list;

static void count_finalize(rco_object *self)
{
    finalized++;
}

static void resurrect(rco_object *self)
{
    finalized++;
    rco_list_append(resurrection_list, self);
}

static void classes(void)
{
    rco_type *cls = rco_class_new("Point2", NULL, NULL);
    CHECK(cls != NULL);
    rco_object *cls_obj = (rco_object *)cls;
    CHECK(rco_is_class(cls_obj) == 1);
    CHECK_REPR(cls_obj, "<class 'Point2'>");
    intptr_t cls_count = rco_refcount(cls_obj);

    rco_object *p = rco_instance_new(cls);
    CHECK(p != NULL);
    CHECK(rco_is_class(p) == 0);
    CHECK(rco_refcount(cls_obj) == cls_count + 1); /* instances hold their class */
    CHECK(strcmp(rco_type_name(p), "Point2") == 0);
    CHECK(rco_typeof(p) == cls);
    char expected[64];
    snprintf(expected, sizeof expected, "<Point2 object at %p>", (void *)p);
    CHECK_REPR(p, expected);

    rco_object *x = rco_int(1000);
    CHECK(rco_setattr(p, "x", x) == 0);
    CHECK(rco_refcount(x) == 2);
    rco_object *got = rco_getattr(p, "x");
    CHECK(got == x && rco_refcount(x) == 3); /* new reference */
    rco_decref(got);
    CHECK(rco_hasattr(p, "x") == 1);
    CHECK(rco_hasattr(p, "y") == 0);
    CHECK(rco_getattr(p, "y") == NULL);
    CHECK_ERROR(RCO_ERR_KEY);

    /* Class attributes are seen through instances. */
    CHECK(rco_setattr(cls_obj, "kind", rco_true()) == 0);
    got = rco_getattr(p, "kind");
    CHECK(got == rco_true());
    rco_decref(got);
    CHECK(rco_delattr(p, "x") == 0);
    CHECK(rco_refcount(x) == 1);
    CHECK(rco_delattr(p, "x") == -1);
    CHECK_ERROR(RCO_ERR_KEY);
    CHECK(rco_setattr(rco_int(1), "x", x) == -1);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_instance_new(NULL) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);

    rco_decref(p);
    CHECK(rco_refcount(cls_obj) == cls_count);
    rco_decref(x);
    rco_decref(cls_obj);
}

static void finalizers(void)
{
    /* finalize runs once, when the count reaches 0. */
    rco_type *cls = rco_class_new("Final", count_finalize, NULL);
    rco_object *a = rco_instance_new(cls);
    finalized = 0;
    rco_decref(a);
    CHECK(finalized == 1);

    /* It may resurrect its object; it does not run again at the next death. */
    rco_type *phoenix = rco_class_new("Phoenix", resurrect, NULL);
    resurrection_list = rco_list_new(0);
    rco_object *b = rco_instance_new(phoenix);
    rco_object *wr = rco_weakref_new(b, NULL, NULL);
    finalized = 0;
    rco_decref(b);
    CHECK(finalized == 1);
    CHECK(rco_len(resurrection_list) == 1);
    rco_object *back = rco_weakref_get(wr);
    CHECK(back == b);
    CHECK(rco_gc_is_finalized(back) == 1);
    rco_decref(back);
    CHECK(rco_list_clear(resurrection_list) == 0);
    CHECK(finalized == 1);
    CHECK(rco_weakref_get(wr) == NULL); /* gone this time */
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
    rco_decref(wr);
    RCO_CLEAR(resurrection_list);

    /* legacy_del in a garbage cycle: uncollectable, kept in rco_gc_garbage. */
    rco_type *legacy = rco_class_new("CGcLeak", NULL, count_finalize);
    rco_object *c = rco_instance_new(legacy);
    CHECK(rco_setattr(c, "_self", c) == 0);
    rco_decref(c);
    finalized = 0;
    CHECK(rco_gc_collect(-1) >= 1);
    CHECK(finalized == 0);
    rco_object *garbage = rco_gc_garbage();
    CHECK(rco_len(garbage) >= 1);
    CHECK(rco_list_get(garbage, rco_len(garbage) - 1) == c ||
          rco_list_get(garbage, 0) == c);
    /* Break the cycle by hand, as the seed says, then let it go. */
    CHECK(rco_delattr(c, "_self") == 0);
    CHECK(rco_list_clear(garbage) == 0);
    CHECK(finalized == 1);

    rco_decref((rco_object *)legacy);
    rco_decref((rco_object *)phoenix);
    rco_decref((rco_object *)cls);
}

static void user_types(void)
{
    /* rco_new for plain types, rco_gc_new for RCO_TYPE_GC ones. */
    CHECK(rco_new(&node_type) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_gc_new(&counted_type) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    CHECK(rco_new(NULL) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);

    node *a = (node *)rco_gc_new(&node_type);
    node *b = (node *)rco_gc_new(&node_type);
    CHECK(a && b && a->next == NULL); /* fields zeroed */
    CHECK(rco_gc_is_tracked(&a->ob) == 1);
    a->next = rco_incref(&b->ob);
    b->next = rco_incref(&a->ob);
    rco_object *referents = rco_gc_get_referents(&a->ob);
    CHECK(rco_len(referents) == 1 && rco_list_get(referents, 0) == &b->ob);
    rco_decref(referents);
    node_deaths = 0;
    rco_decref(&a->ob);
    rco_decref(&b->ob);
    CHECK(node_deaths == 0); /* a cycle: counts never reach 0 */
    CHECK(rco_gc_collect(-1) == 2);
    CHECK(node_deaths == 2);
}

/* ======================================================================
 * Weak references and the collector (a light touch)
 * ====================================================================== */

static int callbacks;

static void on_death(rco_object *ref, void *arg)
{
    callbacks++;
    CHECK(arg == &callbacks);
    CHECK(rco_weakref_get(ref) == NULL);
}

static void weakrefs(void)
{
    rco_object *l = rco_set_new();
    rco_object *wr = rco_weakref_new(l, on_death, &callbacks);
    CHECK(wr != NULL);
    CHECK(rco_weakref_count(l) == 1);
    CHECK(rco_refcount(l) == 1); /* weak: no count */
    rco_object *target = rco_weakref_get(wr);
    CHECK(target == l && rco_refcount(l) == 2);
    rco_decref(target);
    callbacks = 0;
    rco_decref(l);
    CHECK(callbacks == 1);
    CHECK(rco_weakref_get(wr) == NULL);
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
    rco_decref(wr);

    rco_object *i = rco_int(1000);
    CHECK(rco_weakref_new(i, NULL, NULL) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    rco_decref(i);
    rco_object *list = rco_list_new(0); /* as in CPython: lists cannot be */
    CHECK(rco_weakref_new(list, NULL, NULL) == NULL);
    CHECK_ERROR(RCO_ERR_TYPE);
    rco_decref(list);
}

static void collector(void)
{
    CHECK(rco_gc_is_enabled() == 1);
    rco_gc_disable();
    CHECK(rco_gc_is_enabled() == 0);
    rco_gc_enable();
    CHECK(rco_gc_is_enabled() == 1);
    int t0, t1, t2;
    rco_gc_get_threshold(&t0, &t1, &t2);
    CHECK(t0 == 700 && t1 == 10 && t2 == 10);
    rco_gc_set_threshold(100, 5, 5);
    rco_gc_get_threshold(&t0, &t1, &t2);
    CHECK(t0 == 100 && t1 == 5 && t2 == 5);
    rco_gc_set_threshold(700, 10, 10);

    rco_object *l = rco_list_new(0);
    CHECK(rco_gc_is_tracked(l) == 1);
    rco_object *i = rco_int(1000);
    CHECK(rco_gc_is_tracked(i) == 0);
    rco_decref(i);
    CHECK(rco_list_append(l, l) == 0);
    rco_decref(l);
    CHECK(rco_gc_collect(-1) == 1);
    rco_type *cls = rco_class_new("Cycle", NULL, NULL);
    rco_object *c = rco_instance_new(cls);
    CHECK(rco_setattr(c, "me", c) == 0);
    rco_object *wr = rco_weakref_new(c, NULL, NULL);
    rco_decref(c);
    CHECK(rco_gc_collect(-1) == 2); /* the instance and its attribute dict */
    CHECK(rco_weakref_get(wr) == NULL);
    rco_decref(wr);
    rco_decref((rco_object *)cls);
    CHECK(rco_gc_collect(5) == -1);
    CHECK_ERROR(RCO_ERR_VALUE);
}

/* ======================================================================
 * Testing hooks
 * ====================================================================== */

static void allocation_failure(void)
{
    long failed = rco_debug_failed_allocs();
    rco_debug_fail_alloc(1);
    CHECK(rco_list_new(0) == NULL);
    CHECK_ERROR(RCO_ERR_MEMORY);
    CHECK(rco_debug_failed_allocs() == failed + 1);

    /* A failed call leaves every object as it was. */
    rco_object *l = rco_list_new(0);
    rco_object *item = rco_int(1000);
    size_t before = live_blocks();
    rco_debug_fail_alloc(1);
    CHECK(rco_list_append(l, item) == -1); /* an empty list must grow */
    CHECK_ERROR(RCO_ERR_MEMORY);
    CHECK(rco_len(l) == 0 && rco_refcount(item) == 1);
    CHECK(live_blocks() == before);
    rco_object *d = rco_dict_new();
    before = live_blocks();
    rco_debug_fail_alloc(1);
    CHECK(rco_dict_set_str(d, "key", item) == -1);
    CHECK_ERROR(RCO_ERR_MEMORY);
    CHECK(rco_len(d) == 0 && rco_refcount(item) == 1);
    CHECK(live_blocks() == before);

    /* A stealing call releases its argument on allocation failure too. */
    rco_debug_fail_alloc(1);
    CHECK(rco_list_append_steal(l, rco_incref(item)) == -1);
    CHECK_ERROR(RCO_ERR_MEMORY);
    CHECK(rco_refcount(item) == 1);

    /* Every allocation from the nth on fails, until turned off. */
    rco_debug_fail_alloc_persistent(1);
    CHECK(rco_list_new(0) == NULL);
    CHECK_ERROR(RCO_ERR_MEMORY);
    CHECK(rco_float(2.0) == NULL);
    CHECK_ERROR(RCO_ERR_MEMORY);
    rco_debug_fail_alloc_persistent(0);
    rco_debug_fail_alloc(0);
    rco_object *f = rco_float(2.0);
    CHECK(f != NULL);
    rco_decref(f);

    /* 0 turns an armed failure off. */
    rco_debug_fail_alloc(1);
    rco_debug_fail_alloc(0);
    f = rco_float(3.0);
    CHECK(f != NULL);
    rco_decref(f);

    rco_decref(d);
    rco_decref(item);
    rco_decref(l);
}

/* ======================================================================
 * Runtime lifetime
 * ====================================================================== */

int main(void)
{
    /* The first use starts the runtime; nothing to call before. */
    rco_gc_collect(-1);
    (void)rco_gc_garbage();
    size_t start_blocks = live_blocks();
#ifdef RCO_DEBUG
    uint64_t mark = rco_debug_checkpoint();
#endif

    errors();
    reference_counts();
    types_and_names();
    immortals();
    numbers();
    strings_and_bytes();
    tuples();
    lists();
    dicts();
    sets();
    any_object();
    building();
    unpacking();
    classes();
    finalizers();
    user_types();
    weakrefs();
    collector();
    allocation_failure();

    rco_gc_collect(-1);
    CHECK(live_blocks() == start_blocks); /* everything above was released */
#ifdef RCO_DEBUG
    FILE *report = tmpfile();
    CHECK(report != NULL);
    CHECK(rco_debug_leaks(mark, report) == 0);
    fclose(report);
#endif

    /* Shutdown frees everything; the runtime starts again on next use. */
    rco_shutdown();
    rco_object *again = rco_int(123456);
    CHECK(again != NULL && rco_int_value(again) == 123456);
    rco_decref(again);
    rco_shutdown();

    printf("api conformance: %ld checks passed\n", checks_passed);
    return 0;
}
