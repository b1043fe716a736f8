/*
 * work_rco.c: the workloads on rco, written as a careful user would write
 * them: every reference released, every failure checked. work_py.c holds
 * the same workloads on CPython, in the same order and shape.
 */
#include "bench.h"

#include <rco.h>
#include <stdlib.h>

int bench_rco_start(void)
{
    rco_gc_disable();
    return 0;
}

void bench_rco_stop(void)
{
    rco_shutdown();
}

long bench_rco_blocks(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return (long)s.blocks_in_use;
}

/* 1. int create + free */
void bench_rco_int(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        rco_object *o = rco_int((int64_t)(BENCH_INT_BASE + i));
        BENCH_CHECK(o);
        BENCH_ESCAPE(o);
        rco_decref(o);
    }
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 2. list append of n new ints, then free the list (the steal idiom) */
void bench_rco_list_append(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    rco_object *l = rco_list_new(0);
    BENCH_CHECK(l);
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK(rco_list_append_steal(l, rco_int((int64_t)(BENCH_INT_BASE + i))) == 0);
    rco_decref(l);
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 3. 3-tuple of the same three ints, create + free */
void bench_rco_tuple3(size_t n, double *ns)
{
    rco_object *a = rco_int(BENCH_INT_BASE + 1), *b = rco_int(BENCH_INT_BASE + 2),
               *c = rco_int(BENCH_INT_BASE + 3);
    BENCH_CHECK(a && b && c);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        rco_object *t = rco_tuple_new(3);
        BENCH_CHECK(t);
        BENCH_CHECK(rco_tuple_set(t, 0, a) == 0);
        BENCH_CHECK(rco_tuple_set(t, 1, b) == 0);
        BENCH_CHECK(rco_tuple_set(t, 2, c) == 0);
        BENCH_ESCAPE(t);
        rco_decref(t);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    rco_decref(a);
    rco_decref(b);
    rco_decref(c);
}

/* 3b. the same tuple made in one call */
void bench_rco_tuple3_pack(size_t n, double *ns)
{
    rco_object *a = rco_int(BENCH_INT_BASE + 1), *b = rco_int(BENCH_INT_BASE + 2),
               *c = rco_int(BENCH_INT_BASE + 3);
    BENCH_CHECK(a && b && c);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        rco_object *t = rco_tuple_pack(3, a, b, c);
        BENCH_CHECK(t);
        BENCH_ESCAPE(t);
        rco_decref(t);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    rco_decref(a);
    rco_decref(b);
    rco_decref(c);
}

/* 4. dict of n int keys: set (key and value made in the loop), then get
 * (the key made again in the loop); freeing the dict is not timed */
static void dict_int_round(size_t n, double *ns, bool scattered)
{
    rco_object *d = rco_dict_new();
    BENCH_CHECK(d);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        rco_object *k = rco_int(bench_int_key(i, scattered));
        BENCH_CHECK(rco_dict_set_steal(d, k, rco_int((int64_t)i)) == 0);
    }
    uint64_t t1 = bench_now_ns();
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        rco_object *k = rco_int(bench_int_key(i, scattered));
        BENCH_CHECK(k);
        hits += rco_dict_get(d, k) != NULL;
        rco_decref(k);
    }
    uint64_t t2 = bench_now_ns();
    BENCH_CHECK(hits == n && rco_len(d) == (ssize_t)n);
    rco_decref(d);
    ns[0] = (double)(t1 - t0);
    ns[1] = (double)(t2 - t1);
}

void bench_rco_dict_int(size_t n, double *ns)
{
    dict_int_round(n, ns, false);
}

void bench_rco_dict_int_scattered(size_t n, double *ns)
{
    dict_int_round(n, ns, true);
}

/* 5. dict set of n str keys made before the timed loop (their hash is
 * computed by the insertion, as on CPython); values are None */
void bench_rco_dict_str(size_t n, double *ns)
{
    rco_object **keys = malloc(n * sizeof *keys);
    BENCH_CHECK(keys);
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK((keys[i] = rco_str(bench_text(i))) != NULL);
    rco_object *none = rco_none();
    uint64_t t0 = bench_now_ns();
    rco_object *d = rco_dict_new();
    BENCH_CHECK(d);
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK(rco_dict_set(d, keys[i], none) == 0);
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(rco_len(d) == (ssize_t)n);
    rco_decref(d);
    for (size_t i = 0; i < n; i++)
        rco_decref(keys[i]);
    free(keys);
}

/* 5b. hostile keys: n str keys that all collide under an unkeyed string
 * hash, then n random ones; made before the timed inserts */
static double insert_str_keys(size_t n, void (*text)(size_t, char *))
{
    rco_object **keys = malloc(n * sizeof *keys);
    BENCH_CHECK(keys);
    char buf[BENCH_HOSTILE_TEXT];
    for (size_t i = 0; i < n; i++) {
        text(i, buf);
        BENCH_CHECK((keys[i] = rco_str(buf)) != NULL);
    }
    rco_object *d = rco_dict_new();
    BENCH_CHECK(d);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK(rco_dict_set(d, keys[i], keys[i]) == 0);
    double ns = (double)(bench_now_ns() - t0);
    BENCH_CHECK(rco_len(d) == (ssize_t)n);
    rco_decref(d);
    for (size_t i = 0; i < n; i++)
        rco_decref(keys[i]);
    free(keys);
    return ns;
}

void bench_rco_hostile_str(size_t n, double *ns)
{
    ns[0] = insert_str_keys(n, bench_colliding_text);
    ns[1] = insert_str_keys(n, bench_random_text);
}

/* 5c. the same with int keys sharing their low 44 bits, then random ints */
static double insert_int_keys(size_t n, int64_t (*key)(size_t))
{
    rco_object *d = rco_dict_new();
    BENCH_CHECK(d);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK(rco_dict_set_steal(d, rco_int(key(i)), rco_none()) == 0);
    double ns = (double)(bench_now_ns() - t0);
    BENCH_CHECK(rco_len(d) == (ssize_t)n);
    rco_decref(d);
    return ns;
}

void bench_rco_hostile_int(size_t n, double *ns)
{
    ns[0] = insert_int_keys(n, bench_hostile_int);
    ns[1] = insert_int_keys(n, bench_random_int);
}

/* 6. str create + hash of a 12-character text, then free */
void bench_rco_str_hash(size_t n, double *ns)
{
    int64_t sum = 0;
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        rco_object *s = rco_str(bench_text(i));
        BENCH_CHECK(s);
        int64_t h = rco_hash(s);
        BENCH_CHECK(h != -1);
        sum += h;
        rco_decref(s);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_ESCAPE(sum);
}

/* 7. n/2 garbage cycles a = [], b = [a], a.append(b); only the full
 * collection that frees them is timed */
void bench_rco_gc_cycles(size_t n, double *ns)
{
    rco_gc_collect(-1);
    size_t pairs = n / 2;
    for (size_t i = 0; i < pairs; i++) {
        rco_object *a = rco_list_new(0), *b = rco_list_new(0);
        BENCH_CHECK(a && b);
        BENCH_CHECK(rco_list_append(b, a) == 0);
        BENCH_CHECK(rco_list_append(a, b) == 0);
        rco_decref(a);
        rco_decref(b);
    }
    uint64_t t0 = bench_now_ns();
    ssize_t found = rco_gc_collect(-1);
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(found == (ssize_t)(2 * pairs));
}

/* A list holding n new empty lists. */
static rco_object *make_lists(size_t n)
{
    rco_object *holder = rco_list_new(0);
    BENCH_CHECK(holder);
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK(rco_list_append_steal(holder, rco_list_new(0)) == 0);
    return holder;
}

/* 8. a full collection over n live lists (held by one list), no garbage */
void bench_rco_gc_full(size_t n, double *ns)
{
    rco_object *holder = make_lists(n);
    uint64_t t0 = bench_now_ns();
    ssize_t found = rco_gc_collect(-1);
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(found == 0);
    rco_decref(holder);
}

/* 9. collections of generation 0 over a fixed young set, with n old
 * lists in the oldest generation (made by the setup) */
static rco_object *old_lists;

int bench_rco_gc_young_setup(size_t n)
{
    old_lists = make_lists(n);
    rco_gc_collect(-1); /* the survivors move to the oldest generation */
    return 0;
}

void bench_rco_gc_young(size_t n, double *ns)
{
    uint64_t total = 0;
    for (int r = 0; r < BENCH_YOUNG_REPEATS; r++) {
        rco_object *young = make_lists(BENCH_YOUNG_LISTS);
        uint64_t t0 = bench_now_ns();
        ssize_t found = rco_gc_collect(0);
        total += bench_now_ns() - t0;
        BENCH_CHECK(found == 0);
        rco_decref(young);
    }
    ns[0] = (double)total / BENCH_YOUNG_REPEATS;
}

void bench_rco_gc_young_teardown(void)
{
    RCO_CLEAR(old_lists);
}

/* 10. incref + decref of a live object */
void bench_rco_refcount(size_t n, double *ns)
{
    rco_object *o = rco_list_new(0);
    BENCH_CHECK(o);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        rco_incref(o);
        BENCH_ESCAPE(o);
        rco_decref(o);
        BENCH_ESCAPE(o);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(rco_refcount(o) == 1);
    rco_decref(o);
}

/* 10b. sorting a list of n ints, floats or 12-character strs in random
 * order (made before, freed after): rco_list_sort only */
static void sort_round(size_t n, enum bench_sort_kind kind, double *ns)
{
    rco_object *l = rco_list_new(n);
    BENCH_CHECK(l);
    for (size_t i = 0; i < n; i++) {
        rco_object *item = kind == SORT_INT     ? rco_int(bench_sort_int(i))
                           : kind == SORT_FLOAT ? rco_float(bench_sort_float(i))
                                                : rco_str(bench_text(bench_sort_random(i) % n));
        BENCH_CHECK(rco_list_set_steal(l, i, item) == 0);
    }
    uint64_t t0 = bench_now_ns();
    BENCH_CHECK(rco_list_sort(l, 0) == 0);
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(rco_compare(rco_list_get(l, 0), rco_list_get(l, n - 1), RCO_LE) == 1);
    rco_decref(l);
}

void bench_rco_sort_int(size_t n, double *ns)
{
    sort_round(n, SORT_INT, ns);
}

void bench_rco_sort_float(size_t n, double *ns)
{
    sort_round(n, SORT_FLOAT, ns);
}

void bench_rco_sort_str(size_t n, double *ns)
{
    sort_round(n, SORT_STR, ns);
}

/* 11. bytes per object: what the objects are made of */
static rco_object *tuple_items[3];
static rco_type *instance_class;

int bench_rco_mem_prepare(void)
{
    for (int i = 0; i < 3; i++)
        tuple_items[i] = rco_int(BENCH_INT_BASE + i);
    instance_class = rco_class_new("C", NULL, NULL);
    return tuple_items[0] && tuple_items[1] && tuple_items[2] && instance_class ? 0 : -1;
}

static rco_object *tuple3_of_items(void)
{
    rco_object *t = rco_tuple_new(3);
    BENCH_CHECK(t);
    for (size_t i = 0; i < 3; i++)
        BENCH_CHECK(rco_tuple_set(t, i, tuple_items[i]) == 0);
    return t;
}

void bench_rco_mem_make(int kind, size_t n, void **held)
{
    for (size_t i = 0; i < n; i++) {
        rco_object *o = NULL;
        switch (kind) {
        case MEM_INT: o = rco_int((int64_t)(BENCH_INT_BASE + i)); break;
        case MEM_TUPLE3: o = tuple3_of_items(); break;
        case MEM_LIST: o = rco_list_new(0); break;
        case MEM_DICT: o = rco_dict_new(); break;
        case MEM_INSTANCE: o = rco_instance_new(instance_class); break;
        }
        BENCH_CHECK(o);
        held[i] = o;
    }
}

double bench_rco_allocated_bytes(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return (double)s.bytes_in_use;
}
