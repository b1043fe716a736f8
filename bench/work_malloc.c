/*
 * work_malloc.c: the floor. Each workload's allocations and frees done with
 * the C library's malloc/free and nothing else: no reference counts, no
 * types, no hashing, no collector. What an object system costs above this
 * is its own work. Workloads whose cost is not allocation (dict insertion
 * of keys made beforehand, collections, reference counting) have no floor.
 */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

/* The size of an int object on both sides: header (count, type) + value. */
#define BOX_SIZE 24

typedef struct box {
    intptr_t refcnt;
    void *type;
    int64_t value;
} box;

static box *box_new(int64_t v)
{
    box *b = malloc(sizeof *b);
    BENCH_CHECK(b);
    b->refcnt = 1;
    b->type = NULL;
    b->value = v;
    return b;
}

/* malloc + free of 24 bytes: the row the other floors are read against. */
void bench_malloc_24(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        void *p = malloc(BOX_SIZE);
        BENCH_CHECK(p);
        BENCH_ESCAPE(p);
        free(p);
    }
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 1. int create + free: a boxed value */
void bench_malloc_int(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        box *b = box_new(BENCH_INT_BASE + (int64_t)i);
        BENCH_ESCAPE(b);
        free(b);
    }
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 2. list append: boxes into an array that doubles, then all freed */
void bench_malloc_list_append(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    size_t size = 0, cap = 0;
    box **items = NULL;
    for (size_t i = 0; i < n; i++) {
        if (size == cap) {
            cap = cap ? cap * 2 : 8;
            items = realloc(items, cap * sizeof *items);
            BENCH_CHECK(items);
        }
        items[size++] = box_new(BENCH_INT_BASE + (int64_t)i);
    }
    for (size_t i = 0; i < size; i++)
        free(items[i]);
    free(items);
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 3. 3-tuple: one block with a header and three pointers */
typedef struct triple {
    intptr_t refcnt;
    void *type;
    size_t size;
    void *items[3];
} triple;

void bench_malloc_tuple3(size_t n, double *ns)
{
    box *a = box_new(1001), *b = box_new(1002), *c = box_new(1003);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        triple *t = malloc(sizeof *t);
        BENCH_CHECK(t);
        t->refcnt = 1;
        t->size = 3;
        t->items[0] = a;
        t->items[1] = b;
        t->items[2] = c;
        BENCH_ESCAPE(t);
        free(t);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    free(a);
    free(b);
    free(c);
}

/* 4. dict of int keys: set boxes a key and a value per item (kept in an
 * array sized beforehand, not a hash table); get boxes a key and frees it */
void bench_malloc_dict_int(size_t n, double *ns)
{
    box **pairs = malloc(2 * n * sizeof *pairs);
    BENCH_CHECK(pairs);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        pairs[2 * i] = box_new(BENCH_INT_BASE + (int64_t)i);
        pairs[2 * i + 1] = box_new((int64_t)i);
    }
    uint64_t t1 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        box *k = box_new(BENCH_INT_BASE + (int64_t)i);
        BENCH_ESCAPE(k);
        free(k);
    }
    uint64_t t2 = bench_now_ns();
    for (size_t i = 0; i < 2 * n; i++)
        free(pairs[i]);
    free(pairs);
    ns[0] = (double)(t1 - t0);
    ns[1] = (double)(t2 - t1);
}

/* 6. str create (+ hash): a block with a header and a copy of the text; no
 * hash, which is not allocation */
void bench_malloc_str_hash(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        const char *text = bench_text(i);
        size_t len = strlen(text);
        char *s = malloc(32 + len + 1);
        BENCH_CHECK(s);
        memcpy(s + 32, text, len + 1);
        BENCH_ESCAPE(s);
        free(s);
    }
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 10b. sorting: what a C program does without an object system, qsort of
 * an array of pointers to boxed values (or to the texts), comparing
 * through the pointers as the objects' sorts do */
typedef struct fbox {
    intptr_t refcnt;
    void *type;
    double value;
} fbox;

static int compare_boxes(const void *a, const void *b)
{
    int64_t x = (*(box *const *)a)->value, y = (*(box *const *)b)->value;
    return (x > y) - (x < y);
}

static int compare_fboxes(const void *a, const void *b)
{
    double x = (*(fbox *const *)a)->value, y = (*(fbox *const *)b)->value;
    return (x > y) - (x < y);
}

static int compare_texts(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_round(size_t n, enum bench_sort_kind kind, double *ns)
{
    void **items = malloc(n * sizeof *items);
    BENCH_CHECK(items);
    for (size_t i = 0; i < n; i++) {
        if (kind == SORT_INT) {
            items[i] = box_new(bench_sort_int(i));
        } else if (kind == SORT_FLOAT) {
            fbox *b = malloc(sizeof *b);
            BENCH_CHECK(b);
            b->value = bench_sort_float(i);
            items[i] = b;
        } else {
            items[i] = strdup(bench_text(bench_sort_random(i) % n));
            BENCH_CHECK(items[i]);
        }
    }
    uint64_t t0 = bench_now_ns();
    qsort(items, n, sizeof *items,
          kind == SORT_INT ? compare_boxes : kind == SORT_FLOAT ? compare_fboxes : compare_texts);
    ns[0] = (double)(bench_now_ns() - t0);
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

void bench_malloc_sort_int(size_t n, double *ns)
{
    sort_round(n, SORT_INT, ns);
}

void bench_malloc_sort_float(size_t n, double *ns)
{
    sort_round(n, SORT_FLOAT, ns);
}

void bench_malloc_sort_str(size_t n, double *ns)
{
    sort_round(n, SORT_STR, ns);
}
