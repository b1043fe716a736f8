/*
 * work_threads.c: what threads get out of rco (issue 9's figures), beside
 * what they get from CPython 3.11 (one GIL) and from plain malloc:
 *
 *   threads_alloc   each thread builds and frees its own lists of new ints:
 *                   throughput of 2 threads against 1 (goal >= 1.8x);
 *   threads_lookup  threads look keys up in one shared dict of 1024 str
 *                   keys, taking a new reference to each value and
 *                   releasing it (goal >= 1.6x);
 *   shared_refcount an incref+decref pair on an object another thread made
 *                   (BRC's atomic side), against Jansson's pair, which is
 *                   atomic always (goal: no slower).
 *
 * The 1-thread rounds run on a thread of their own too, so that both
 * measure a process with threads (rco elides its locks while there is one
 * thread). A round's time is from the moment every thread is released to
 * the moment the last one ends; per operation it is divided by the
 * operations of all threads. CPython's threads take turns at the GIL (each
 * holds it for a batch of operations, as an extension holding it would).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "bench.h"

#include <jansson.h>
#include <pthread.h>
#include <rco.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 2
#define KEYS 1024
#define ITEMS 8    /* ints per list in threads_alloc */
#define PY_BATCH 1000

enum side { RCO, PY, MALLOC, SIDES };
static const char *const side_names[SIDES] = { "rco", "CPython", "malloc" };

/* ---- one round: threads released together ------------------------------ */

typedef struct job {
    void (*work)(size_t n, int id);
    size_t n;
    int id;
    atomic_int *go;
    atomic_int *ready;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    atomic_fetch_add(j->ready, 1);
    while (!atomic_load(j->go)) {
    }
    j->work(j->n, j->id);
    return NULL;
}

/* Nanoseconds for `threads` threads each doing work(n). */
static double timed_round(void (*work)(size_t, int), size_t n, int threads, bool python)
{
    pthread_t t[MAX_THREADS];
    job jobs[MAX_THREADS];
    atomic_int go = 0, ready = 0;
    PyThreadState *saved = python ? PyEval_SaveThread() : NULL;
    for (int i = 0; i < threads; i++) {
        jobs[i] = (job){ work, n, i, &go, &ready };
        BENCH_CHECK(pthread_create(&t[i], NULL, run_job, &jobs[i]) == 0);
    }
    while (atomic_load(&ready) < threads) {
    }
    uint64_t t0 = bench_now_ns();
    atomic_store(&go, 1);
    for (int i = 0; i < threads; i++)
        BENCH_CHECK(pthread_join(t[i], NULL) == 0);
    uint64_t t1 = bench_now_ns();
    if (python)
        PyEval_RestoreThread(saved);
    return (double)(t1 - t0);
}

/* ---- threads_alloc ------------------------------------------------------- */

static void rco_alloc_work(size_t n, int id)
{
    (void)id;
    for (size_t i = 0; i < n; i++) {
        rco_object *l = rco_list_new(0);
        BENCH_CHECK(l);
        for (int k = 0; k < ITEMS; k++)
            BENCH_CHECK(rco_list_append_steal(l, rco_int((int64_t)(BENCH_INT_BASE + i + (size_t)k))) == 0);
        BENCH_ESCAPE(l);
        rco_decref(l);
    }
}

static void py_alloc_work(size_t n, int id)
{
    (void)id;
    for (size_t done = 0; done < n;) {
        PyGILState_STATE g = PyGILState_Ensure();
        for (size_t b = 0; b < PY_BATCH && done < n; b++, done++) {
            PyObject *l = PyList_New(0);
            BENCH_CHECK(l);
            for (int k = 0; k < ITEMS; k++) {
                PyObject *v = PyLong_FromSsize_t((Py_ssize_t)(BENCH_INT_BASE + done + (size_t)k));
                BENCH_CHECK(v && PyList_Append(l, v) == 0);
                Py_DECREF(v);
            }
            BENCH_ESCAPE(l);
            Py_DECREF(l);
        }
        PyGILState_Release(g);
    }
}

/* The same allocations, without objects: a list's header, its items
 * block and each int's box. */
static void malloc_alloc_work(size_t n, int id)
{
    (void)id;
    for (size_t i = 0; i < n; i++) {
        void **l = malloc(2 * sizeof(void *));
        void **items = malloc(ITEMS * sizeof(void *));
        BENCH_CHECK(l && items);
        for (int k = 0; k < ITEMS; k++) {
            int64_t *box = malloc(32);
            BENCH_CHECK(box);
            *box = (int64_t)(i + (size_t)k);
            items[k] = box;
        }
        BENCH_ESCAPE(items);
        for (int k = 0; k < ITEMS; k++)
            free(items[k]);
        free(items);
        free(l);
    }
}

/* ---- threads_lookup ------------------------------------------------------ */

static rco_object *rco_dict, *rco_keys[KEYS];
static PyObject *py_dict, *py_keys[KEYS];
static void *c_values[KEYS];

static void rco_lookup_work(size_t n, int id)
{
    size_t at = (size_t)id * 7919;
    for (size_t i = 0; i < n; i++) {
        rco_object *v;
        BENCH_CHECK(rco_dict_get_ref(rco_dict, rco_keys[(at + i * 31) % KEYS], &v) == 1);
        BENCH_ESCAPE(v);
        rco_decref(v);
    }
}

static void py_lookup_work(size_t n, int id)
{
    size_t at = (size_t)id * 7919;
    for (size_t done = 0; done < n;) {
        PyGILState_STATE g = PyGILState_Ensure();
        for (size_t b = 0; b < PY_BATCH && done < n; b++, done++) {
            PyObject *v = PyDict_GetItemWithError(py_dict, py_keys[(at + done * 31) % KEYS]);
            BENCH_CHECK(v);
            Py_INCREF(v);
            BENCH_ESCAPE(v);
            Py_DECREF(v);
        }
        PyGILState_Release(g);
    }
}

/* The floor: an array nobody changes, read with no lock and no count. */
static void malloc_lookup_work(size_t n, int id)
{
    size_t at = (size_t)id * 7919;
    for (size_t i = 0; i < n; i++) {
        void *v = c_values[(at + i * 31) % KEYS];
        BENCH_ESCAPE(v);
    }
}

static void lookup_setup(void)
{
    rco_dict = rco_dict_new();
    py_dict = PyDict_New();
    BENCH_CHECK(rco_dict && py_dict);
    for (int i = 0; i < KEYS; i++) {
        char text[32];
        snprintf(text, sizeof text, "key-%08d", i);
        rco_keys[i] = rco_str(text);
        py_keys[i] = PyUnicode_FromString(text);
        rco_object *v = rco_int(BENCH_INT_BASE + i);
        PyObject *pv = PyLong_FromLong(BENCH_INT_BASE + i);
        BENCH_CHECK(rco_keys[i] && py_keys[i] && v && pv);
        BENCH_CHECK(rco_dict_set(rco_dict, rco_keys[i], v) == 0 && PyDict_SetItem(py_dict, py_keys[i], pv) == 0);
        c_values[i] = v;
        rco_decref(v);
        Py_DECREF(pv);
    }
}

static void lookup_teardown(void)
{
    for (int i = 0; i < KEYS; i++) {
        rco_decref(rco_keys[i]);
        Py_DECREF(py_keys[i]);
    }
    rco_decref(rco_dict);
    Py_DECREF(py_dict);
}

/* ---- shared_refcount ---------------------------------------------------- */

static rco_object *rco_shared;
static json_t *jansson_shared;

static void rco_shared_pairs(size_t n, int id)
{
    (void)id;
    for (size_t i = 0; i < n; i++) {
        rco_incref(rco_shared);
        BENCH_ESCAPE(rco_shared);
        rco_decref(rco_shared);
        BENCH_ESCAPE(rco_shared);
    }
}

static void jansson_pairs(size_t n, int id)
{
    (void)id;
    for (size_t i = 0; i < n; i++) {
        json_incref(jansson_shared);
        BENCH_ESCAPE(jansson_shared);
        json_decref(jansson_shared);
        BENCH_ESCAPE(jansson_shared);
    }
}

/* An owned pair, for the same table: the thread that made the object. */
static rco_object *rco_owned;
static void rco_owned_pairs(size_t n, int id)
{
    (void)id;
    rco_owned = rco_list_new(0);
    BENCH_CHECK(rco_owned);
    for (size_t i = 0; i < n; i++) {
        rco_incref(rco_owned);
        BENCH_ESCAPE(rco_owned);
        rco_decref(rco_owned);
        BENCH_ESCAPE(rco_owned);
    }
    rco_decref(rco_owned);
}

/* ---- the table ------------------------------------------------------------ */

typedef struct scaling {
    const char *name, *label;
    void (*work[SIDES])(size_t, int);
    double n_scale;
    double goal;
} scaling;

static const scaling scalings[] = {
    { "threads_alloc", "allocation: list of 8 new ints, freed",
      { rco_alloc_work, py_alloc_work, malloc_alloc_work }, 0.2, 1.8 },
    { "threads_lookup", "lookups in one shared dict (new ref)",
      { rco_lookup_work, py_lookup_work, malloc_lookup_work }, 2, 1.6 },
};
#define SCALINGS (sizeof scalings / sizeof scalings[0])

bool bench_is_threads(const char *name)
{
    for (size_t i = 0; i < SCALINGS; i++)
        if (strcmp(scalings[i].name, name) == 0)
            return true;
    return strcmp(name, "shared_refcount") == 0;
}

static double median_round(const bench_config *cfg, void (*work)(size_t, int), size_t n, int threads, bool py,
                           double *spread)
{
    static double t[BENCH_MAX_ROUNDS];
    for (int r = 0; r < cfg->warmups; r++)
        timed_round(work, n, threads, py);
    for (int r = 0; r < cfg->rounds; r++)
        t[r] = timed_round(work, n, threads, py);
    double m = bench_median(t, cfg->rounds);
    double sp = bench_spread(t, cfg->rounds);
    if (sp > *spread)
        *spread = sp;
    return m;
}

void bench_threads_run(const bench_config *cfg, const char *only)
{
    bool any = false;
    for (size_t i = 0; i < SCALINGS; i++)
        any |= bench_selected(only, scalings[i].name);
    bool pairs = bench_selected(only, "shared_refcount");
    if (!any && !pairs)
        return;
    rco_gc_disable();
    printf("\nThreads: throughput of 2 threads against 1, each doing the same work (ns/op: the\n"
           "round's time over every thread's operations; speedup = ops/s with 2 / ops/s with 1)\n");
    if (!cfg->csv)
        printf("%-40s %-8s %10s %10s %9s %6s %6s\n", "workload", "side", "1 thread", "2 threads", "speedup",
               "goal", "spread");
    for (size_t i = 0; i < SCALINGS; i++) {
        const scaling *s = &scalings[i];
        if (!bench_selected(only, s->name))
            continue;
        fprintf(stderr, "bench: %s...\n", s->name);
        size_t n = (size_t)((double)cfg->n * s->n_scale);
        if (strcmp(s->name, "threads_lookup") == 0)
            lookup_setup();
        for (int side = 0; side < SIDES; side++) {
            double spread = 0;
            double one = median_round(cfg, s->work[side], n, 1, side == PY, &spread);
            double two = median_round(cfg, s->work[side], n, 2, side == PY, &spread);
            double speedup = 2 * one / two;
            if (cfg->csv)
                printf("\"%s\",%s,%.2f,%.2f,%.2f,%.3f\n", s->label, side_names[side], one / (double)n,
                       two / (2.0 * (double)n), speedup, spread);
            else if (side == RCO)
                printf("%-40s %-8s %10.2f %10.2f %8.2fx %5.1fx %5.0f%%\n", s->label, side_names[side],
                       one / (double)n, two / (2.0 * (double)n), speedup, s->goal, spread * 100);
            else
                printf("%-40s %-8s %10.2f %10.2f %8.2fx %6s %5.0f%%\n", "", side_names[side], one / (double)n,
                       two / (2.0 * (double)n), speedup, "", spread * 100);
        }
        if (strcmp(s->name, "threads_lookup") == 0)
            lookup_teardown();
    }
    if (pairs) {
        fprintf(stderr, "bench: shared_refcount...\n");
        size_t n = cfg->n * 10;
        rco_shared = rco_list_new(0); /* made here: the worker thread does not own it */
        jansson_shared = json_object();
        BENCH_CHECK(rco_shared && jansson_shared);
        double spread = 0;
        double shared = median_round(cfg, rco_shared_pairs, n, 1, false, &spread) / (double)n;
        double owned = median_round(cfg, rco_owned_pairs, n, 1, false, &spread) / (double)n;
        double jansson = median_round(cfg, jansson_pairs, n, 1, false, &spread) / (double)n;
        rco_decref(rco_shared);
        json_decref(jansson_shared);
        if (cfg->csv) {
            printf("\"incref+decref, another thread's object\",ns/op,%.2f,%.2f,%.3f\n", shared, jansson, spread);
        } else {
            printf("\nincref+decref pair, ns (one thread; rco: an object another thread made, and one it made)\n");
            printf("%-40s %8.2f   Jansson %8.2f   Jansson/rco %5.2fx   spread %3.0f%%\n",
                   "rco, another thread's object", shared, jansson, jansson / shared, spread * 100);
            printf("%-40s %8.2f\n", "rco, its own object", owned);
        }
    }
    rco_gc_enable();
}
