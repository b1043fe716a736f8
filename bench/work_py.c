/*
 * work_py.c: the workloads on CPython's C API, libpython embedded in this
 * process, written as a careful extension author would write them: every
 * reference released, every failure checked. Same order and shape as
 * work_rco.c.
 *
 * The interpreter starts isolated and without `site`; its own objects are
 * frozen (gc.freeze) right after start-up, so that CPython's collections
 * examine the benchmark's objects only, as rco's do.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if PY_VERSION_HEX < 0x030A0000
#error "the benchmark needs CPython 3.10 or later (PyGC_Disable)"
#endif

/* pymalloc's statistics (what sys._debugmallocstats() prints): exported by
 * libpython but declared only in its internal headers. */
PyAPI_FUNC(int) _PyObject_DebugMallocStats(FILE *out);

static PyObject *py_gc_collect;       /* gc.collect */
static PyObject *py_zero;             /* 0, its argument for generation 0 */
static PyObject *py_allocated_blocks; /* sys.getallocatedblocks */

static PyObject *py_call_gc(const char *name)
{
    PyObject *gc = PyImport_ImportModule("gc");
    if (!gc)
        return NULL;
    PyObject *r = PyObject_CallMethod(gc, name, NULL);
    Py_DECREF(gc);
    return r;
}

int bench_py_start(void)
{
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.site_import = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        return -1;
    PyObject *r1 = py_call_gc("collect"), *r2 = py_call_gc("freeze");
    Py_XDECREF(r1);
    Py_XDECREF(r2);
    PyObject *gc = PyImport_ImportModule("gc");
    py_gc_collect = gc ? PyObject_GetAttrString(gc, "collect") : NULL;
    Py_XDECREF(gc);
    py_zero = PyLong_FromLong(0);
    py_allocated_blocks = PySys_GetObject("getallocatedblocks"); /* borrowed */
    Py_XINCREF(py_allocated_blocks);
    PyGC_Disable();
    if (!r1 || !r2 || !py_gc_collect || !py_zero || !py_allocated_blocks) {
        PyErr_Print();
        return -1;
    }
    return 0;
}

void bench_py_stop(void)
{
    Py_CLEAR(py_gc_collect);
    Py_CLEAR(py_zero);
    Py_CLEAR(py_allocated_blocks);
    Py_FinalizeEx();
}

long bench_py_blocks(void)
{
    PyObject *r = PyObject_CallNoArgs(py_allocated_blocks);
    BENCH_CHECK(r);
    long blocks = PyLong_AsLong(r);
    Py_DECREF(r);
    return blocks;
}

const char *bench_py_version(void)
{
    return Py_GetVersion();
}

/* 1. int create + free */
void bench_py_int(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        PyObject *o = PyLong_FromLong((long)(BENCH_INT_BASE + i));
        BENCH_CHECK(o);
        BENCH_ESCAPE(o);
        Py_DECREF(o);
    }
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 2. list append of n new ints, then free the list (PyList_Append takes its
 * own reference, so the int is released after) */
void bench_py_list_append(size_t n, double *ns)
{
    uint64_t t0 = bench_now_ns();
    PyObject *l = PyList_New(0);
    BENCH_CHECK(l);
    for (size_t i = 0; i < n; i++) {
        PyObject *o = PyLong_FromLong((long)(BENCH_INT_BASE + i));
        BENCH_CHECK(o);
        BENCH_CHECK(PyList_Append(l, o) == 0);
        Py_DECREF(o);
    }
    Py_DECREF(l);
    ns[0] = (double)(bench_now_ns() - t0);
}

/* 3. 3-tuple of the same three ints, create + free (PyTuple_SET_ITEM
 * steals, so each item is increfed first) */
void bench_py_tuple3(size_t n, double *ns)
{
    PyObject *a = PyLong_FromLong(BENCH_INT_BASE + 1), *b = PyLong_FromLong(BENCH_INT_BASE + 2),
             *c = PyLong_FromLong(BENCH_INT_BASE + 3);
    BENCH_CHECK(a && b && c);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        PyObject *t = PyTuple_New(3);
        BENCH_CHECK(t);
        Py_INCREF(a);
        PyTuple_SET_ITEM(t, 0, a);
        Py_INCREF(b);
        PyTuple_SET_ITEM(t, 1, b);
        Py_INCREF(c);
        PyTuple_SET_ITEM(t, 2, c);
        BENCH_ESCAPE(t);
        Py_DECREF(t);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
}

/* 3b. the same tuple made in one call */
void bench_py_tuple3_pack(size_t n, double *ns)
{
    PyObject *a = PyLong_FromLong(BENCH_INT_BASE + 1), *b = PyLong_FromLong(BENCH_INT_BASE + 2),
             *c = PyLong_FromLong(BENCH_INT_BASE + 3);
    BENCH_CHECK(a && b && c);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        PyObject *t = PyTuple_Pack(3, a, b, c);
        BENCH_CHECK(t);
        BENCH_ESCAPE(t);
        Py_DECREF(t);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
}

/* 4. dict of n int keys: set (key and value made in the loop), then get
 * (the key made again in the loop); freeing the dict is not timed */
static void dict_int_round(size_t n, double *ns, bool scattered)
{
    PyObject *d = PyDict_New();
    BENCH_CHECK(d);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        PyObject *k = PyLong_FromLong((long)bench_int_key(i, scattered));
        PyObject *v = PyLong_FromLong((long)i);
        BENCH_CHECK(k && v);
        BENCH_CHECK(PyDict_SetItem(d, k, v) == 0);
        Py_DECREF(k);
        Py_DECREF(v);
    }
    uint64_t t1 = bench_now_ns();
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        PyObject *k = PyLong_FromLong((long)bench_int_key(i, scattered));
        BENCH_CHECK(k);
        hits += PyDict_GetItemWithError(d, k) != NULL;
        Py_DECREF(k);
    }
    uint64_t t2 = bench_now_ns();
    BENCH_CHECK(hits == n && PyDict_GET_SIZE(d) == (Py_ssize_t)n && !PyErr_Occurred());
    Py_DECREF(d);
    ns[0] = (double)(t1 - t0);
    ns[1] = (double)(t2 - t1);
}

void bench_py_dict_int(size_t n, double *ns)
{
    dict_int_round(n, ns, false);
}

void bench_py_dict_int_scattered(size_t n, double *ns)
{
    dict_int_round(n, ns, true);
}

/* 5. dict set of n str keys made before the timed loop (their hash is
 * computed by the insertion, as on rco); values are None */
void bench_py_dict_str(size_t n, double *ns)
{
    PyObject **keys = malloc(n * sizeof *keys);
    BENCH_CHECK(keys);
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK((keys[i] = PyUnicode_FromString(bench_text(i))) != NULL);
    uint64_t t0 = bench_now_ns();
    PyObject *d = PyDict_New();
    BENCH_CHECK(d);
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK(PyDict_SetItem(d, keys[i], Py_None) == 0);
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(PyDict_GET_SIZE(d) == (Py_ssize_t)n);
    Py_DECREF(d);
    for (size_t i = 0; i < n; i++)
        Py_DECREF(keys[i]);
    free(keys);
}

/* 5b. hostile keys: see work_rco.c */
static double insert_str_keys(size_t n, void (*text)(size_t, char *))
{
    PyObject **keys = malloc(n * sizeof *keys);
    BENCH_CHECK(keys);
    char buf[BENCH_HOSTILE_TEXT];
    for (size_t i = 0; i < n; i++) {
        text(i, buf);
        BENCH_CHECK((keys[i] = PyUnicode_FromString(buf)) != NULL);
    }
    PyObject *d = PyDict_New();
    BENCH_CHECK(d);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++)
        BENCH_CHECK(PyDict_SetItem(d, keys[i], keys[i]) == 0);
    double ns = (double)(bench_now_ns() - t0);
    BENCH_CHECK(PyDict_GET_SIZE(d) == (Py_ssize_t)n);
    Py_DECREF(d);
    for (size_t i = 0; i < n; i++)
        Py_DECREF(keys[i]);
    free(keys);
    return ns;
}

void bench_py_hostile_str(size_t n, double *ns)
{
    ns[0] = insert_str_keys(n, bench_colliding_text);
    ns[1] = insert_str_keys(n, bench_random_text);
}

static double insert_int_keys(size_t n, int64_t (*key)(size_t))
{
    PyObject *d = PyDict_New();
    BENCH_CHECK(d);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        PyObject *k = PyLong_FromLongLong(key(i));
        BENCH_CHECK(k && PyDict_SetItem(d, k, Py_None) == 0);
        Py_DECREF(k);
    }
    double ns = (double)(bench_now_ns() - t0);
    BENCH_CHECK(PyDict_GET_SIZE(d) == (Py_ssize_t)n);
    Py_DECREF(d);
    return ns;
}

void bench_py_hostile_int(size_t n, double *ns)
{
    ns[0] = insert_int_keys(n, bench_hostile_int);
    ns[1] = insert_int_keys(n, bench_random_int);
}

/* 6. str create + hash of a 12-character text, then free */
void bench_py_str_hash(size_t n, double *ns)
{
    int64_t sum = 0;
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        PyObject *s = PyUnicode_FromString(bench_text(i));
        BENCH_CHECK(s);
        Py_hash_t h = PyObject_Hash(s);
        BENCH_CHECK(h != -1);
        sum += h;
        Py_DECREF(s);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_ESCAPE(sum);
}

/* A full collection. PyGC_Collect does nothing while the collector is
 * disabled, so it is enabled around the call only. */
static Py_ssize_t py_collect_all(void)
{
    PyGC_Enable();
    Py_ssize_t found = PyGC_Collect();
    PyGC_Disable();
    return found;
}

/* 7. n/2 garbage cycles a = [], b = [a], a.append(b); only the full
 * collection that frees them is timed */
void bench_py_gc_cycles(size_t n, double *ns)
{
    py_collect_all();
    size_t pairs = n / 2;
    for (size_t i = 0; i < pairs; i++) {
        PyObject *a = PyList_New(0), *b = PyList_New(0);
        BENCH_CHECK(a && b);
        BENCH_CHECK(PyList_Append(b, a) == 0);
        BENCH_CHECK(PyList_Append(a, b) == 0);
        Py_DECREF(a);
        Py_DECREF(b);
    }
    PyGC_Enable();
    uint64_t t0 = bench_now_ns();
    Py_ssize_t found = PyGC_Collect();
    ns[0] = (double)(bench_now_ns() - t0);
    PyGC_Disable();
    BENCH_CHECK(found == (Py_ssize_t)(2 * pairs));
}

/* A list holding n new empty lists. */
static PyObject *make_lists(size_t n)
{
    PyObject *holder = PyList_New(0);
    BENCH_CHECK(holder);
    for (size_t i = 0; i < n; i++) {
        PyObject *l = PyList_New(0);
        BENCH_CHECK(l);
        BENCH_CHECK(PyList_Append(holder, l) == 0);
        Py_DECREF(l);
    }
    return holder;
}

/* 8. a full collection over n live lists (held by one list), no garbage */
void bench_py_gc_full(size_t n, double *ns)
{
    PyObject *holder = make_lists(n);
    PyGC_Enable();
    uint64_t t0 = bench_now_ns();
    Py_ssize_t found = PyGC_Collect();
    ns[0] = (double)(bench_now_ns() - t0);
    PyGC_Disable();
    BENCH_CHECK(found == 0);
    Py_DECREF(holder);
}

/* 9. collections of generation 0 over a fixed young set, with n old
 * lists in the oldest generation (made by the setup). The C API has no
 * call for one generation: gc.collect(0) is called, which costs one
 * function call more than rco_gc_collect(0). */
static PyObject *old_lists;

int bench_py_gc_young_setup(size_t n)
{
    old_lists = make_lists(n);
    py_collect_all(); /* the survivors move to the oldest generation */
    return 0;
}

void bench_py_gc_young(size_t n, double *ns)
{
    uint64_t total = 0;
    for (int r = 0; r < BENCH_YOUNG_REPEATS; r++) {
        PyObject *young = make_lists(BENCH_YOUNG_LISTS);
        uint64_t t0 = bench_now_ns();
        PyObject *found = PyObject_CallOneArg(py_gc_collect, py_zero);
        total += bench_now_ns() - t0;
        BENCH_CHECK(found && PyLong_AsSsize_t(found) == 0);
        Py_DECREF(found);
        Py_DECREF(young);
    }
    ns[0] = (double)total / BENCH_YOUNG_REPEATS;
}

void bench_py_gc_young_teardown(void)
{
    Py_CLEAR(old_lists);
}

/* 10. incref + decref of a live object */
void bench_py_refcount(size_t n, double *ns)
{
    PyObject *o = PyList_New(0);
    BENCH_CHECK(o);
    uint64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++) {
        Py_INCREF(o);
        BENCH_ESCAPE(o);
        Py_DECREF(o);
        BENCH_ESCAPE(o);
    }
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(Py_REFCNT(o) == 1);
    Py_DECREF(o);
}

/* 10b. sorting a list of n ints, floats or 12-character strs in random
 * order (made before, freed after): PyList_Sort only */
static void sort_round(size_t n, enum bench_sort_kind kind, double *ns)
{
    PyObject *l = PyList_New((Py_ssize_t)n);
    BENCH_CHECK(l);
    for (size_t i = 0; i < n; i++) {
        PyObject *item = kind == SORT_INT     ? PyLong_FromLongLong(bench_sort_int(i))
                         : kind == SORT_FLOAT ? PyFloat_FromDouble(bench_sort_float(i))
                                              : PyUnicode_FromString(bench_text(bench_sort_random(i) % n));
        BENCH_CHECK(item);
        PyList_SET_ITEM(l, (Py_ssize_t)i, item);
    }
    uint64_t t0 = bench_now_ns();
    BENCH_CHECK(PyList_Sort(l) == 0);
    ns[0] = (double)(bench_now_ns() - t0);
    BENCH_CHECK(PyObject_RichCompareBool(PyList_GET_ITEM(l, 0), PyList_GET_ITEM(l, n - 1), Py_LE) == 1);
    Py_DECREF(l);
}

void bench_py_sort_int(size_t n, double *ns)
{
    sort_round(n, SORT_INT, ns);
}

void bench_py_sort_float(size_t n, double *ns)
{
    sort_round(n, SORT_FLOAT, ns);
}

void bench_py_sort_str(size_t n, double *ns)
{
    sort_round(n, SORT_STR, ns);
}

/* 11. bytes per object: what the objects are made of */
static PyObject *tuple_items[3];
static PyObject *instance_class;

static PyObject *py_make_class(void)
{
    PyObject *globals = PyDict_New();
    if (!globals || PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0) {
        Py_XDECREF(globals);
        return NULL;
    }
    PyObject *r = PyRun_String("class C: pass\n", Py_file_input, globals, globals);
    PyObject *cls = r ? PyDict_GetItemString(globals, "C") : NULL;
    Py_XINCREF(cls);
    Py_XDECREF(r);
    Py_DECREF(globals);
    return cls;
}

int bench_py_mem_prepare(void)
{
    for (int i = 0; i < 3; i++)
        tuple_items[i] = PyLong_FromLong(BENCH_INT_BASE + i);
    instance_class = py_make_class();
    return tuple_items[0] && tuple_items[1] && tuple_items[2] && instance_class ? 0 : -1;
}

static PyObject *tuple3_of_items(void)
{
    PyObject *t = PyTuple_New(3);
    BENCH_CHECK(t);
    for (Py_ssize_t i = 0; i < 3; i++) {
        Py_INCREF(tuple_items[i]);
        PyTuple_SET_ITEM(t, i, tuple_items[i]);
    }
    return t;
}

void bench_py_mem_make(int kind, size_t n, void **held)
{
    for (size_t i = 0; i < n; i++) {
        PyObject *o = NULL;
        switch (kind) {
        case MEM_INT: o = PyLong_FromLong((long)(BENCH_INT_BASE + i)); break;
        case MEM_TUPLE3: o = tuple3_of_items(); break;
        case MEM_LIST: o = PyList_New(0); break;
        case MEM_DICT: o = PyDict_New(); break;
        case MEM_INSTANCE: o = PyObject_CallNoArgs(instance_class); break;
        }
        BENCH_CHECK(o);
        held[i] = o;
    }
}

/* "# bytes in allocated blocks = 3,493,120" from pymalloc's report. */
double bench_py_allocated_bytes(void)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f)
        return -1;
    _PyObject_DebugMallocStats(f);
    fclose(f);
    double bytes = -1;
    const char *line = text ? strstr(text, "# bytes in allocated blocks") : NULL;
    const char *p = line ? strchr(line, '=') : NULL;
    if (p) {
        bytes = 0;
        for (p++; *p && *p != '\n'; p++)
            if (*p >= '0' && *p <= '9')
                bytes = bytes * 10 + (*p - '0');
    }
    free(text);
    return bytes;
}
