/*
 * fuzz_diff.c: rco against CPython itself. Random operation sequences run
 * on both, side by side: each of SLOTS variables holds an rco object and its
 * CPython twin, and every operation is done to both (rco through its API,
 * CPython through its C API, embedded in this process). After every step
 * the outcomes must agree: success or failure and the error kind (rco's
 * RCO_ERR_TYPE/INDEX/KEY/VALUE/OVERFLOW/MEMORY for TypeError, IndexError,
 * KeyError, ValueError, OverflowError, MemoryError; kinds, not message
 * texts), the values and objects returned, lengths, reprs, equality,
 * containment, hashability, iteration.
 *
 * The deliberate differences, and only these, are filtered:
 *   - sets iterate and print in insertion order in rco, in hash order in
 *     CPython: set iteration is compared as a multiset, and set displays in
 *     reprs are compared with their items sorted;
 *   - ints are signed 64-bit in rco: where CPython makes an int beyond
 *     int64 (rco_int_from_uint64, build's K and k), rco must fail with
 *     RCO_ERR_OVERFLOW exactly when the value leaves int64; every other
 *     int the fuzzer makes is in range;
 *   - an instance prints with its address: "<C object at 0x...>" is
 *     compared without the address (and the classes are made in CPython
 *     with __module__ 'builtins', which CPython leaves out of the repr, as
 *     rco does);
 *   - hashes differ by design: only "hashable or not" is compared;
 *   - rco's functions take objects of one kind (rco_list_append a list,
 *     rco_setattr an instance or class, rco_unpack a tuple ...) and fail
 *     with RCO_ERR_TYPE on others (rco.h), where CPython's concrete C API
 *     raises SystemError or does not check, and Python code would raise
 *     AttributeError: for a wrongly typed receiver, CPython's outcome is
 *     taken to be TypeError without calling it;
 *   - an absent attribute is RCO_ERR_KEY (rco.h), CPython's AttributeError;
 *     comparisons nested too deep are RCO_ERR_OVERFLOW (rco.h), CPython's
 *     RecursionError;
 *   - rco_list_insert takes an index up to the length (rco.h: "i ==
 *     length appends"); CPython's list.insert clamps a larger one: past
 *     the end, rco must fail with RCO_ERR_INDEX;
 *   - rco_unpack's codes are those rco.h lists, with its C types, and
 *     values that do not fit the C type are RCO_ERR_OVERFLOW: 'b' (a signed
 *     char in rco, unsigned in CPython) and 'I', 'k', 'K' (which CPython
 *     does not range-check) are not generated; an 'f' meeting a value
 *     beyond FLT_MAX makes rco fail with RCO_ERR_OVERFLOW, where CPython
 *     stores inf and goes on.
 *
 * Identity: an rco object and its twin are paired when made, and every
 * object an operation returns (an item, a key kept by a dict, an unpacked
 * O) must be the twin of what CPython returns, for the objects whose
 * identity means something (floats: NaN equals only itself; containers;
 * instances; classes). Objects of those kinds stay alive until the input
 * ends, so that no address is reused meanwhile. ints, strs, bytes, None
 * and bools are compared by value (CPython shares small ones).
 *
 * At the end of each input everything is released (and collected) on both
 * sides; rco's live blocks must be back where they were: abort() otherwise.
 * LeakSanitizer runs too; CPython's own interpreter allocations are
 * suppressed (fuzz/lsan_python.supp, libpython frames only).
 *
 * Linked against librco, the release build users ship.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <rco.h>

#include <float.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Library bugs this fuzzer found. Each switch at 1 keeps it away from the
 * pattern, so that fuzzing goes on while the bug is open; 0 once fixed
 * (build with -DKNOWN_BUG_...=1 to step around it again). */
/* rco_dict_del_str with a name that is not UTF-8 fails with RCO_ERR_KEY;
 * CPython's PyDict_DelItemString raises UnicodeDecodeError (a ValueError),
 * as rco_dict_set_str does with RCO_ERR_VALUE. */
#ifndef KNOWN_BUG_DEL_STR_INVALID_UTF8
#define KNOWN_BUG_DEL_STR_INVALID_UTF8 0 /* fixed; fuzz/repro/del_str_invalid_utf8.c */
#endif
/* Deliberate (rco.h, rco_unpack): the nested "(...)" takes only a tuple
 * (PyArg_ParseTuple's takes any sequence but bytes), and "s#" and "z#"
 * only a str (PyArg_ParseTuple's also take bytes). */
#define DELIBERATE_UNPACK_GROUP_TUPLE_ONLY 1
#define DELIBERATE_UNPACK_TEXT_LENGTH_STR_ONLY 1

#define SLOTS 8
#define MAX_STEPS 300
/* Reads (repr, equality, hashing) of graphs bigger than this, seen as
 * trees, are skipped: shared tuples make them exponential, in both. */
#define READ_BUDGET 2000
#define READ_DEPTH 400

static const char *current_op = "";
static char op_detail[256]; /* the operands of the operation, for reports */

static void crash(const char *what)
{
    fprintf(stderr, "fuzz_diff: %s (during %s%s%s)\n", what, current_op, op_detail[0] ? ": " : "",
            op_detail);
    abort();
}

__attribute__((format(printf, 1, 2))) static void detail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(op_detail, sizeof op_detail, fmt, ap);
    va_end(ap);
}

/* A C string as a C literal would show it, for reports. */
static const char *shown(const char *s, size_t n)
{
    static char buf[4][128];
    static int which;
    char *b = buf[which++ % 4];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf[0] - 5; i++) {
        unsigned char c = (unsigned char)s[i];
        k += (size_t)(c >= 32 && c < 127 && c != '\\' && c != '"' ? snprintf(b + k, 2, "%c", c)
                                                                    : snprintf(b + k, 5, "\\x%02x", c));
    }
    b[k] = '\0';
    return b;
}

#define CHECK(cond)                                                    \
    do {                                                               \
        if (!(cond))                                                   \
            crash("check failed: " #cond);                             \
    } while (0)

/* ======================================================================
 * Reading the program
 * ====================================================================== */

typedef struct program {
    const uint8_t *p;
    size_t n;
} program;

static unsigned next(program *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static unsigned below(program *in, unsigned n)
{
    return next(in) % n;
}

static uint64_t next64(program *in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | next(in);
    return v;
}

/* Up to max bytes of the input into buf; their count. */
static size_t next_bytes(program *in, char *buf, size_t max)
{
    size_t n = below(in, (unsigned)max + 1);
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)next(in);
    return n;
}

/* ======================================================================
 * The two runtimes
 * ====================================================================== */

static const rco_type *int_type, *bool_type, *float_type, *str_type, *bytes_type, *none_type;
static const rco_type *list_type, *tuple_type, *dict_type, *set_type;

static void learn_types(void)
{
    rco_object *l = rco_list_new(0), *t = rco_tuple_new(1), *d = rco_dict_new(), *s = rco_set_new();
    rco_object *i = rco_int(1000), *f = rco_float(0.5), *str = rco_str("s"), *b = rco_bytes("b", 1);
    if (!l || !t || !d || !s || !i || !f || !str || !b)
        crash("could not start rco");
    list_type = rco_typeof(l);
    tuple_type = rco_typeof(t);
    dict_type = rco_typeof(d);
    set_type = rco_typeof(s);
    int_type = rco_typeof(i);
    float_type = rco_typeof(f);
    str_type = rco_typeof(str);
    bytes_type = rco_typeof(b);
    bool_type = rco_typeof(rco_true());
    none_type = rco_typeof(rco_none());
    rco_object *all[] = { l, t, d, s, i, f, str, b };
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        rco_decref(all[k]);
}

/* Isolated from the environment and the site module, with no signal
 * handlers (libFuzzer's stay) and a fixed hash seed, so that a failing
 * input fails again. */
static void start_python(void)
{
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = 0;
    config.site_import = 0;
    config.use_hash_seed = 1;
    config.hash_seed = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "fuzz_diff: could not start CPython: %s\n", status.err_msg ? status.err_msg : "?");
        abort();
    }
}

static bool is_a(const rco_object *o, const rco_type *t)
{
    return o && rco_is_type(o, t);
}

static bool is_instance(const rco_object *o)
{
    return o && rco_is_class((const rco_object *)rco_typeof(o));
}

/* ======================================================================
 * Outcomes
 * ====================================================================== */

typedef struct outcome {
    bool ok;
    rco_errkind kind;
} outcome;

static const char *kind_name(rco_errkind k)
{
    return k == RCO_ERR_NONE ? "success" : rco_err_name(k);
}

/* The rco call succeeded (ok) or failed with the error set; clears it. */
static outcome rco_outcome(bool ok)
{
    rco_errkind kind = rco_err_occurred();
    if (ok && kind != RCO_ERR_NONE)
        crash("rco succeeded but left an error set");
    if (!ok && kind == RCO_ERR_NONE)
        crash("rco failed without setting an error");
    rco_err_clear();
    return (outcome){ ok, kind };
}

/* CPython's exception as the rco error kind that stands for it. */
static rco_errkind py_kind(void)
{
    static const struct {
        PyObject **type;
        rco_errkind kind;
    } kinds[] = {
        /* Subclasses before their bases. */
        { &PyExc_MemoryError, RCO_ERR_MEMORY },
        { &PyExc_RecursionError, RCO_ERR_OVERFLOW }, /* nesting too deep (rco.h) */
        { &PyExc_OverflowError, RCO_ERR_OVERFLOW },
        { &PyExc_TypeError, RCO_ERR_TYPE },
        { &PyExc_IndexError, RCO_ERR_INDEX },
        { &PyExc_KeyError, RCO_ERR_KEY },
        { &PyExc_AttributeError, RCO_ERR_KEY }, /* attribute absent (rco.h) */
        { &PyExc_ValueError, RCO_ERR_VALUE },   /* UnicodeDecodeError too */
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (PyErr_ExceptionMatches(*kinds[i].type))
            return kinds[i].kind;
    PyErr_Print();
    crash("CPython raised an exception that no rco error kind stands for");
    return RCO_ERR_NONE;
}

static outcome py_outcome(bool ok)
{
    if (ok) {
        if (PyErr_Occurred()) {
            PyErr_Print();
            crash("CPython succeeded but left an exception set");
        }
        return (outcome){ true, RCO_ERR_NONE };
    }
    if (!PyErr_Occurred())
        crash("CPython failed without an exception");
    rco_errkind kind = py_kind();
    PyErr_Clear();
    return (outcome){ false, kind };
}

/* A wrongly typed receiver: TypeError, by the difference above. */
static outcome py_wrong_type(void)
{
    return (outcome){ false, RCO_ERR_TYPE };
}

static void show_slots(void);

static void disagree(const char *what, outcome r, outcome p)
{
    fprintf(stderr, "fuzz_diff: %s: rco %s, CPython %s\n", what, kind_name(r.kind), kind_name(p.kind));
    show_slots();
    crash("rco and CPython disagree");
}

/* Both outcomes the same; returns whether they succeeded. */
static bool agree(outcome r, outcome p)
{
    if (r.ok != p.ok || (!r.ok && r.kind != p.kind))
        disagree("outcomes differ", r, p);
    return r.ok;
}

/* ======================================================================
 * Twins
 * ====================================================================== */

/* Kinds whose identity matters: an object of these is paired with its
 * twin for life, and both are kept alive until the input ends. */
static bool has_identity(const rco_object *o)
{
    return is_a(o, float_type) || is_a(o, list_type) || is_a(o, tuple_type) || is_a(o, dict_type) ||
           is_a(o, set_type) || is_instance(o) || rco_is_class(o);
}

/* Pointer to pointer, open addressing. */
typedef struct ptrmap {
    const void **keys;
    void **values;
    size_t cap, n; /* cap a power of two */
} ptrmap;

static size_t map_slot(const ptrmap *m, const void *k)
{
    uint64_t h = (uint64_t)(uintptr_t)k * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 20) & (m->cap - 1);
}

static void *map_get(const ptrmap *m, const void *k)
{
    if (!m->cap)
        return NULL;
    for (size_t i = map_slot(m, k);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == k)
            return m->values[i];
        if (!m->keys[i])
            return NULL;
    }
}

static void map_put(ptrmap *m, const void *k, void *v);

static void map_grow(ptrmap *m)
{
    ptrmap old = *m;
    m->cap = m->cap ? m->cap * 2 : 256;
    m->n = 0;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->values = calloc(m->cap, sizeof *m->values);
    if (!m->keys || !m->values)
        crash("out of memory in the harness");
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            map_put(m, old.keys[i], old.values[i]);
    free(old.keys);
    free(old.values);
}

static void map_put(ptrmap *m, const void *k, void *v)
{
    if ((m->n + 1) * 2 > m->cap)
        map_grow(m);
    size_t i = map_slot(m, k);
    while (m->keys[i])
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = k;
    m->values[i] = v;
    m->n++;
}

static void map_free(ptrmap *m)
{
    free(m->keys);
    free(m->values);
    *m = (ptrmap){ 0 };
}

/* Each pair holds a reference to both, until the input ends. */
static ptrmap twin_of_rco, twin_of_py;

static void twin_put(rco_object *r, PyObject *p)
{
    map_put(&twin_of_rco, rco_incref(r), p);
    map_put(&twin_of_py, p, r);
    Py_INCREF(p);
}

static void twins_release(void)
{
    for (size_t i = 0; i < twin_of_rco.cap; i++) {
        if (twin_of_rco.keys[i]) {
            rco_decref((rco_object *)twin_of_rco.keys[i]);
            Py_DECREF((PyObject *)twin_of_rco.values[i]);
        }
    }
    map_free(&twin_of_rco);
    map_free(&twin_of_py);
}

static const char *py_type_name(PyObject *p)
{
    return Py_TYPE(p)->tp_name;
}

/* The Python classes made by this input, to tell instances and classes. */
#define CLASSES 32
static PyObject *py_classes[CLASSES];
static int npy_classes;

static bool py_is_class(PyObject *p)
{
    for (int i = 0; i < npy_classes; i++)
        if (py_classes[i] == p)
            return true;
    return false;
}

static bool py_is_instance(PyObject *p)
{
    return py_is_class((PyObject *)Py_TYPE(p));
}

/* The rco object and the CPython object are the same value: same kind,
 * same value for those compared by value, twins for the others (paired
 * now if r is new: an object an operation made, like a built list). */
static bool same(rco_object *r, PyObject *p)
{
    if (!r || !p)
        return r == NULL && p == NULL;
    if (is_a(r, none_type))
        return p == Py_None;
    if (is_a(r, bool_type))
        return PyBool_Check(p) && (p == Py_True) == (rco_int_value(r) != 0);
    if (is_a(r, int_type)) {
        if (!PyLong_CheckExact(p))
            return false;
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(p, &overflow);
        return !overflow && v == rco_int_value(r);
    }
    if (is_a(r, str_type)) {
        Py_ssize_t n;
        const char *text = PyUnicode_CheckExact(p) ? PyUnicode_AsUTF8AndSize(p, &n) : NULL;
        PyErr_Clear();
        return text && n == rco_str_size(r) && memcmp(text, rco_str_utf8(r), (size_t)n) == 0;
    }
    if (is_a(r, bytes_type))
        return PyBytes_CheckExact(p) && PyBytes_GET_SIZE(p) == rco_len(r) &&
               memcmp(PyBytes_AS_STRING(p), rco_bytes_data(r), (size_t)rco_len(r)) == 0;
    bool kinds_match = (is_a(r, float_type) && PyFloat_CheckExact(p)) ||
                       (is_a(r, list_type) && PyList_CheckExact(p)) ||
                       (is_a(r, tuple_type) && PyTuple_CheckExact(p)) ||
                       (is_a(r, dict_type) && PyDict_CheckExact(p)) ||
                       (is_a(r, set_type) && PySet_CheckExact(p)) ||
                       (is_instance(r) && py_is_instance(p)) || (rco_is_class(r) && py_is_class(p));
    if (!kinds_match)
        return false;
    PyObject *known = map_get(&twin_of_rco, r);
    if (known)
        return known == p;
    if (map_get(&twin_of_py, p))
        return false; /* CPython's has another twin: rco made a new object */
    twin_put(r, p);
    return true;
}

static void must_be_same(const char *what, rco_object *r, PyObject *p)
{
    if (!same(r, p)) {
        fprintf(stderr, "fuzz_diff: %s: rco gave a %s, CPython a %s\n", what, rco_type_name(r),
                p ? py_type_name(p) : "NULL");
        show_slots();
        crash("rco and CPython returned different objects");
    }
}

/* Pair a new result and its twin, with what they hold (a built list holds
 * new floats and tuples of its own). */
static void adopt(rco_object *r, PyObject *p, int depth)
{
    bool known = has_identity(r) && map_get(&twin_of_rco, r); /* its items were paired then */
    must_be_same("a new object", r, p);
    if (known || depth > 20)
        return;
    if (is_a(r, list_type) || is_a(r, tuple_type)) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(p);
        if (n != rco_len(r))
            crash("a new container has another length than its twin");
        for (Py_ssize_t i = 0; i < n; i++)
            adopt(is_a(r, list_type) ? rco_list_get(r, (size_t)i) : rco_tuple_get(r, (size_t)i),
                  PySequence_Fast_GET_ITEM(p, i), depth + 1);
    } else if (is_a(r, dict_type)) {
        if (PyDict_GET_SIZE(p) != rco_len(r))
            crash("a new dict has another length than its twin");
        size_t rpos = 0;
        Py_ssize_t ppos = 0;
        rco_object *rk, *rv;
        PyObject *pk, *pv;
        while (rco_dict_next(r, &rpos, &rk, &rv) == 1 && PyDict_Next(p, &ppos, &pk, &pv)) {
            adopt(rk, pk, depth + 1);
            adopt(rv, pv, depth + 1);
        }
    }
}

/* ======================================================================
 * Slots: an rco object and its twin
 * ====================================================================== */

typedef struct pair {
    rco_object *r;
    PyObject *p;
} pair;

static pair slots[SLOTS];

/* Put r and p (new references, taken over) in slot i. */
static void put(int i, rco_object *r, PyObject *p)
{
    adopt(r, p, 0);
    rco_object *old_r = slots[i].r;
    PyObject *old_p = slots[i].p;
    slots[i] = (pair){ r, p };
    rco_xdecref(old_r);
    Py_XDECREF(old_p);
}

static void show_text(const char *who, const char *text, size_t n)
{
    fprintf(stderr, "    %s %.*s%s\n", who, n > 300 ? 300 : (int)n, text, n > 300 ? "..." : "");
}

static void show_slots(void)
{
    for (int i = 0; i < SLOTS; i++) {
        if (!slots[i].r)
            continue;
        fprintf(stderr, "  slot %d:\n", i);
        rco_object *r = rco_repr(slots[i].r);
        if (r)
            show_text("rco:    ", rco_str_utf8(r), (size_t)rco_str_size(r));
        rco_xdecref(r);
        rco_err_clear();
        PyObject *p = PyObject_Repr(slots[i].p);
        Py_ssize_t n = 0;
        const char *text = p ? PyUnicode_AsUTF8AndSize(p, &n) : NULL;
        if (text)
            show_text("CPython:", text, (size_t)n);
        Py_XDECREF(p);
        PyErr_Clear();
    }
}

/* ======================================================================
 * Reprs, compared with set items sorted and instance addresses left out
 * ====================================================================== */

typedef struct text {
    char *p;
    size_t n, cap;
} text;

static void add_text(text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        t->cap = (t->n + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        if (!t->p)
            crash("out of memory in the harness");
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

typedef struct parser {
    const char *s;
    size_t i, n;
    bool special; /* saw a set display or an instance: the raw texts may differ */
} parser;

static bool starts(const parser *ps, const char *lit)
{
    size_t n = strlen(lit);
    return ps->n - ps->i >= n && memcmp(ps->s + ps->i, lit, n) == 0;
}

static bool take(parser *ps, const char *lit)
{
    if (!starts(ps, lit))
        return false;
    ps->i += strlen(lit);
    return true;
}

static bool leaf(parser *ps, text *out, size_t end)
{
    if (end <= ps->i || end > ps->n)
        return false;
    add_text(out, ps->s + ps->i, end - ps->i);
    ps->i = end;
    return true;
}

static int compare_texts(const void *a, const void *b)
{
    const text *x = a, *y = b;
    int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

typedef struct texts {
    text *v;
    size_t n, cap;
} texts;

static void push_text(texts *t, text item)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->v = realloc(t->v, t->cap * sizeof(text));
        if (!t->v)
            crash("out of memory in the harness");
    }
    t->v[t->n++] = item;
}

static void free_texts(texts *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].p);
    free(t->v);
}

static bool canon(parser *ps, text *out, int depth);

/* One item (a dict's "key: value" if pairs) into items. */
static bool canon_item(parser *ps, texts *items, bool pairs, int depth)
{
    text t = { 0 };
    bool ok = canon(ps, &t, depth + 1);
    if (ok && pairs) {
        ok = take(ps, ": ");
        add_text(&t, ": ", 2);
        if (ok)
            ok = canon(ps, &t, depth + 1);
    }
    push_text(items, t);
    return ok;
}

/* More items, each after ", ", up to close. */
static bool canon_rest(parser *ps, texts *items, bool pairs, const char *close, int depth)
{
    while (!take(ps, close))
        if (!take(ps, ", ") || !canon_item(ps, items, pairs, depth))
            return false;
    return true;
}

/* A display: [...], (...), {k: v, ...} or {x, ...}, past its opening
 * bracket. */
static bool canon_display(parser *ps, text *out, char open, int depth)
{
    texts items = { 0 };
    bool ok = canon_item(ps, &items, false, depth), is_set = false, single = false;
    if (ok && open == '[') {
        ok = canon_rest(ps, &items, false, "]", depth);
    } else if (ok && open == '(') {
        single = take(ps, ",)");
        ok = single || (take(ps, ", ") && canon_item(ps, &items, false, depth) &&
                        canon_rest(ps, &items, false, ")", depth));
    } else if (ok && take(ps, ": ")) {
        add_text(&items.v[0], ": ", 2);
        ok = canon(ps, &items.v[0], depth + 1) && canon_rest(ps, &items, true, "}", depth);
    } else if (ok) {
        is_set = true;
        ok = canon_rest(ps, &items, false, "}", depth);
    }
    if (ok) {
        if (is_set) {
            ps->special = true;
            qsort(items.v, items.n, sizeof(text), compare_texts);
        }
        add_text(out, &open, 1);
        for (size_t i = 0; i < items.n; i++) {
            if (i)
                add_text(out, ", ", 2);
            add_text(out, items.v[i].p, items.v[i].n);
        }
        add_text(out, single ? ",)" : open == '[' ? "]" : open == '(' ? ")" : "}", single ? 2 : 1);
    }
    free_texts(&items);
    return ok;
}

/* Copy one value from ps to out, its set displays sorted and its
 * instances' addresses left out. false if it is not a repr. */
static bool canon(parser *ps, text *out, int depth)
{
    if (depth > READ_DEPTH + 10 || ps->i >= ps->n)
        return false;
    static const char *const whole[] = { "[...]", "(...)", "{...}", "set(...)", "set()", "[]", "()", "{}" };
    for (size_t k = 0; k < sizeof whole / sizeof whole[0]; k++)
        if (starts(ps, whole[k]))
            return leaf(ps, out, ps->i + strlen(whole[k]));
    char ch = ps->s[ps->i];
    if (ch == '[' || ch == '(' || ch == '{') {
        ps->i++;
        return canon_display(ps, out, ch, depth);
    }
    bool is_bytes = ch == 'b' && ps->i + 1 < ps->n && (ps->s[ps->i + 1] == '\'' || ps->s[ps->i + 1] == '"');
    if (ch == '\'' || ch == '"' || is_bytes) {
        size_t j = ps->i + is_bytes;
        char quote = ps->s[j++];
        while (j < ps->n && ps->s[j] != quote)
            j += ps->s[j] == '\\' ? 2 : 1;
        return leaf(ps, out, j + 1);
    }
    if (ch == '<') {
        const char *start = ps->s + ps->i, *end = memchr(start, '>', ps->n - ps->i);
        if (!end)
            return false;
        const char *at = memmem(start, (size_t)(end - start), " object at 0x", 13);
        if (!at)
            return leaf(ps, out, (size_t)(end - ps->s) + 1);
        ps->special = true;
        add_text(out, start, (size_t)(at - start));
        add_text(out, " object>", 8);
        ps->i = (size_t)(end - ps->s) + 1;
        return true;
    }
    size_t j = ps->i;
    while (j < ps->n && !strchr(",:)]}", ps->s[j]))
        j++;
    return leaf(ps, out, j);
}

/* The texts of rco's and CPython's reprs of the same value agree. */
static void compare_reprs(const char *r, size_t rn, const char *p, size_t pn)
{
    if (rn == pn && memcmp(r, p, rn) == 0)
        return;
    parser pr = { r, 0, rn, false }, pp = { p, 0, pn, false };
    text tr = { 0 }, tp = { 0 };
    bool rok = canon(&pr, &tr, 0) && pr.i == rn, pok = canon(&pp, &tp, 0) && pp.i == pn;
    if (!pok) {
        show_text("CPython:", p, pn);
        crash("the harness cannot read CPython's repr");
    }
    bool same_text = rok && pp.special && tr.n == tp.n && memcmp(tr.p, tp.p, tr.n) == 0;
    if (!same_text) {
        fprintf(stderr, "fuzz_diff: the reprs differ\n");
        show_text("rco:    ", r, rn);
        show_text("CPython:", p, pn);
        crash("rco and CPython print differently");
    }
    free(tr.p);
    free(tp.p);
}

/* ======================================================================
 * How much a read would walk
 * ====================================================================== */

/* The items a repr, a comparison or a hash descends into. */
static rco_object *item_at(rco_object *o, size_t *pos, bool *value_next)
{
    rco_object *k = NULL, *v = NULL;
    if (is_a(o, list_type) || is_a(o, tuple_type)) {
        if ((ssize_t)*pos >= rco_len(o))
            return NULL;
        rco_object *item = is_a(o, list_type) ? rco_list_get(o, *pos) : rco_tuple_get(o, *pos);
        ++*pos;
        return item;
    }
    if (is_a(o, set_type))
        return rco_set_next(o, pos, &k) == 1 ? k : NULL;
    if (!is_a(o, dict_type))
        return NULL;
    if (*value_next) {
        *value_next = false;
        size_t back = *pos - 1;
        rco_dict_next(o, &back, &k, &v);
        return v;
    }
    if (rco_dict_next(o, pos, &k, &v) != 1)
        return NULL;
    *value_next = true;
    return k;
}

/* The items a read of o visits, seen as a tree (a container already on the
 * path counts once and sets *cyclic); stops past READ_BUDGET. */
static long tree_size(rco_object *o, rco_object **path, int depth, bool *cyclic)
{
    for (int i = 0; i < depth; i++) {
        if (path[i] == o) {
            *cyclic = true;
            return 1;
        }
    }
    if (depth == READ_DEPTH)
        return READ_BUDGET + 1;
    path[depth] = o;
    long n = 1;
    size_t pos = 0;
    bool value_next = false;
    rco_object *item;
    while (n <= READ_BUDGET && (item = item_at(o, &pos, &value_next)) != NULL)
        n += tree_size(item, path, depth + 1, cyclic);
    return n;
}

/* Reads of o are cheap enough. Comparisons of cycles run to the recursion
 * limit on both sides (then fail alike), so they get a smaller budget. */
static bool small_enough(rco_object *o, bool cycles_cost)
{
    static rco_object *path[READ_DEPTH];
    bool cyclic = false;
    long n = tree_size(o, path, 0, &cyclic);
    return n <= (cyclic && cycles_cost ? READ_BUDGET / 20 : READ_BUDGET);
}

/* ======================================================================
 * Values
 * ====================================================================== */

static rco_object *R(int i)
{
    return slots[i].r;
}

static PyObject *P(int i)
{
    return slots[i].p;
}

static PyObject *py_new_ref(PyObject *p)
{
    Py_INCREF(p);
    return p;
}

static const int64_t int_values[] = {
    0, 1, -1, 2, 5, -5, -6, 255, 256, 257, 1000, -1000, 65535, 1 << 30, INT32_MAX, INT32_MIN,
    (int64_t)1 << 53, ((int64_t)1 << 53) + 1, -((int64_t)1 << 53) - 1, INT64_MAX, INT64_MIN,
    INT64_MAX - 1, INT64_MIN + 1, 1000000007,
};
#define INT_VALUES (sizeof int_values / sizeof int_values[0])

/* A value from the table, or raw bytes of 8, 4, 2 or 1 (sign-extended). */
static int64_t some_int(program *in)
{
    unsigned pick = below(in, INT_VALUES + 4);
    if (pick < INT_VALUES)
        return int_values[pick];
    uint64_t raw = next64(in);
    switch (pick - INT_VALUES) {
    case 0: return (int64_t)raw;
    case 1: return (int32_t)raw;
    case 2: return (int16_t)raw;
    default: return (int8_t)raw;
    }
}

static void op_int(program *in)
{
    current_op = "new int";
    int i = (int)below(in, SLOTS);
    int64_t v = some_int(in);
    rco_object *r = rco_int(v);
    PyObject *p = PyLong_FromLongLong(v);
    if (agree(rco_outcome(r != NULL), py_outcome(p != NULL)))
        put(i, r, p);
}

/* rco's ints end at INT64_MAX, CPython's do not: rco must refuse exactly
 * those beyond. */
static void op_uint(program *in)
{
    current_op = "new int from uint64";
    int i = (int)below(in, SLOTS);
    static const uint64_t edges[] = { 0, (uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1, UINT64_MAX };
    unsigned pick = below(in, 5);
    uint64_t v = pick < 4 ? edges[pick] : next64(in);
    rco_object *r = rco_int_from_uint64(v);
    PyObject *p = PyLong_FromUnsignedLongLong(v);
    outcome ro = rco_outcome(r != NULL), po = py_outcome(p != NULL);
    if (v > (uint64_t)INT64_MAX) {
        if (ro.ok || ro.kind != RCO_ERR_OVERFLOW || !po.ok)
            disagree("an int beyond int64 (rco: OverflowError expected)", ro, po);
        Py_DECREF(p);
        return;
    }
    if (agree(ro, po))
        put(i, r, p);
}

static double some_double(program *in)
{
    static const double values[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3, 1.5, 2.5, 100.0, 12345.678, 1e15, 1e16, 1e17, 1e22,
        1e23, 1e100, 1e-4, 1e-5, 1e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
        9007199254740992.0, 9007199254740993.0, 9223372036854775808.0, -9223372036854775808.0,
        123456789012345678.0, 3.4028234663852886e38, 3.5e38,
    };
    unsigned n = sizeof values / sizeof values[0], pick = below(in, n + 5);
    if (pick < n)
        return values[pick];
    uint64_t raw = next64(in);
    double d;
    switch (pick - n) {
    case 0: return INFINITY;
    case 1: return -INFINITY;
    case 2: return NAN;
    case 3: return (double)(int8_t)raw;
    default:
        memcpy(&d, &raw, sizeof d); /* any bits: NaNs with payloads, subnormals */
        return d;
    }
}

static void op_float(program *in)
{
    current_op = "new float";
    int i = (int)below(in, SLOTS);
    double v = some_double(in);
    rco_object *r = rco_float(v);
    PyObject *p = PyFloat_FromDouble(v);
    if (agree(rco_outcome(r != NULL), py_outcome(p != NULL)))
        put(i, r, p);
}

/* Texts: quotes, escapes, controls, non-ASCII that Python prints as is and
 * that it escapes (by its Unicode database), invalid UTF-8. */
static const char *const sample_texts[] = {
    "", "a", "k", "abc", "it's", "say \"hi\"", "both ' and \"", "back\\slash", "tab\there",
    "nl\n", "cr\r", "\x7f", "\x01\x1f", "\xc2\x80", "\xc2\xa0", "\xc3\xa9", "\xe2\x82\xac",
    "\xf0\x9d\x84\x9e", "\xe2\x80\xa8", "\xef\xbb\xbf", "e\xcc\x81", "\xe2\x80\x8b", "\xf3\xa0\x80\x81",
    "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xf0\x90\x80\x80", "\xf0\x9f\x9b\x9c",
    "\xe0\xa1\xb0", "\xf0\x9f\xab\xa8", "\xe1\x9a\x80", "\xe3\x80\x80", "\xd8\x9c", "\xcd\xb8",
    "\xff", "\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80",
};
#define TEXTS (sizeof sample_texts / sizeof sample_texts[0])

/* The UTF-8 of code point c (not a surrogate) at p; its length. */
static size_t put_utf8(char *p, uint32_t c)
{
    if (c < 0x80) {
        p[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        p[0] = (char)(0xc0 | c >> 6);
        p[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        p[0] = (char)(0xe0 | c >> 12);
        p[1] = (char)(0x80 | (c >> 6 & 0x3f));
        p[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    p[0] = (char)(0xf0 | c >> 18);
    p[1] = (char)(0x80 | (c >> 12 & 0x3f));
    p[2] = (char)(0x80 | (c >> 6 & 0x3f));
    p[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* A text from the table, raw bytes (maybe invalid UTF-8, maybe with a
 * NUL), or a few code points anywhere in Unicode (which repr prints as is
 * or escapes, by the Unicode database); its length in *n. */
static const char *some_text(program *in, char *buf, size_t cap, size_t *n)
{
    unsigned pick = below(in, TEXTS + 3);
    if (pick < TEXTS) {
        *n = strlen(sample_texts[pick]);
        return sample_texts[pick];
    }
    if (pick == TEXTS + 2) {
        size_t count = below(in, (unsigned)(cap / 4) + 1);
        *n = 0;
        for (size_t i = 0; i < count; i++) {
            uint32_t c = (uint32_t)(next(in) << 16 | next(in) << 8 | next(in)) % 0x110000;
            if (c >= 0xd800 && c < 0xe000)
                c -= 0x800; /* not a surrogate: UTF-8 has none */
            *n += put_utf8(buf + *n, c);
        }
        return buf;
    }
    *n = next_bytes(in, buf, cap);
    if (pick == TEXTS + 1 && *n > 0)
        buf[0] = 'a' + (char)(buf[0] & 7); /* mostly ASCII, to be valid more often */
    return buf;
}

static void op_str(program *in)
{
    current_op = "new str";
    int i = (int)below(in, SLOTS);
    char buf[32];
    size_t n;
    const char *t = some_text(in, buf, sizeof buf - 1, &n);
    detail("slot %d = \"%s\"", i, shown(t, n));
    rco_object *r = rco_str_n(t, n);
    PyObject *p = PyUnicode_DecodeUTF8(t, (Py_ssize_t)n, "strict");
    if (agree(rco_outcome(r != NULL), py_outcome(p != NULL)))
        put(i, r, p);
}

static void op_bytes(program *in)
{
    current_op = "new bytes";
    int i = (int)below(in, SLOTS);
    char buf[32];
    size_t n;
    const char *t = some_text(in, buf, sizeof buf - 1, &n);
    rco_object *r = rco_bytes(t, n);
    PyObject *p = PyBytes_FromStringAndSize(t, (Py_ssize_t)n);
    if (agree(rco_outcome(r != NULL), py_outcome(p != NULL)))
        put(i, r, p);
}

static void op_const(program *in)
{
    current_op = "None/True/False";
    int i = (int)below(in, SLOTS);
    switch (below(in, 3)) {
    case 0: put(i, rco_none(), py_new_ref(Py_None)); break;
    case 1: put(i, rco_true(), py_new_ref(Py_True)); break;
    default: put(i, rco_false(), py_new_ref(Py_False)); break;
    }
}

static void op_container(program *in)
{
    current_op = "new container";
    int i = (int)below(in, SLOTS);
    rco_object *r;
    PyObject *p;
    switch (below(in, 3)) {
    case 0: r = rco_list_new(0); p = PyList_New(0); break;
    case 1: r = rco_dict_new(); p = PyDict_New(); break;
    default: r = rco_set_new(); p = PySet_New(NULL); break;
    }
    if (agree(rco_outcome(r != NULL), py_outcome(p != NULL)))
        put(i, r, p);
}

static void op_tuple(program *in)
{
    current_op = "tuple pack";
    int i = (int)below(in, SLOTS), a = (int)below(in, SLOTS), b = (int)below(in, SLOTS),
        c = (int)below(in, SLOTS);
    unsigned n = below(in, 4);
    rco_object *r = rco_tuple_pack(n, R(a), R(b), R(c));
    PyObject *p = PyTuple_Pack((Py_ssize_t)n, P(a), P(b), P(c));
    if (agree(rco_outcome(r != NULL), py_outcome(p != NULL)))
        put(i, r, p);
}

/* ======================================================================
 * Classes and instances
 * ====================================================================== */

static const char *const class_names[] = { "C", "Point", "_", "\xc3\x9cn\xc3\xaf", "a b", "x" };
static const char *const attr_names[] = { "a", "b", "c" };

static void op_class(program *in)
{
    current_op = "new class";
    int i = (int)below(in, SLOTS);
    const char *name = class_names[below(in, sizeof class_names / sizeof class_names[0])];
    if (npy_classes == CLASSES)
        return;
    rco_type *r = rco_class_new(name, NULL, NULL);
    /* type(name, (), {'__module__': 'builtins'}): printed without a module */
    PyObject *p = PyObject_CallFunction((PyObject *)&PyType_Type, "s()N", name,
                                        Py_BuildValue("{ss}", "__module__", "builtins"));
    if (!agree(rco_outcome(r != NULL), py_outcome(p != NULL)))
        return;
    py_classes[npy_classes++] = p;
    put(i, (rco_object *)r, p);
}

static void op_instance(program *in)
{
    current_op = "new instance";
    int i = (int)below(in, SLOTS), c = (int)below(in, SLOTS);
    rco_object *r = rco_instance_new((rco_type *)R(c));
    PyObject *p = py_is_class(P(c)) ? PyObject_CallNoArgs(P(c)) : NULL;
    outcome po = py_is_class(P(c)) ? py_outcome(p != NULL) : py_wrong_type();
    if (agree(rco_outcome(r != NULL), po))
        put(i, r, p);
}

static void op_attr(program *in)
{
    current_op = "setattr/getattr/hasattr/delattr";
    int o = (int)below(in, SLOTS), v = (int)below(in, SLOTS);
    const char *name = attr_names[below(in, 3)];
    unsigned how = below(in, 4);
    bool has_attrs = py_is_class(P(o)) || py_is_instance(P(o));
    outcome ro, po = py_wrong_type();
    switch (how) {
    case 0:
        ro = rco_outcome(rco_setattr(R(o), name, R(v)) == 0);
        if (has_attrs)
            po = py_outcome(PyObject_SetAttrString(P(o), name, P(v)) == 0);
        agree(ro, po);
        break;
    case 1: {
        rco_object *r = rco_getattr(R(o), name);
        PyObject *p = has_attrs ? PyObject_GetAttrString(P(o), name) : NULL;
        ro = rco_outcome(r != NULL);
        if (has_attrs)
            po = py_outcome(p != NULL);
        if (agree(ro, po))
            put(v, r, p);
        break;
    }
    case 2: {
        int r = rco_hasattr(R(o), name);
        ro = rco_outcome(r >= 0);
        int p = has_attrs ? PyObject_HasAttrString(P(o), name) : -1;
        if (has_attrs)
            po = py_outcome(true);
        if (agree(ro, po) && r != p)
            disagree("hasattr answers differ", ro, po);
        break;
    }
    default:
        ro = rco_outcome(rco_delattr(R(o), name) == 0);
        if (has_attrs)
            po = py_outcome(PyObject_DelAttrString(P(o), name) == 0);
        agree(ro, po);
        break;
    }
}

/* ======================================================================
 * Lists and tuples
 * ====================================================================== */

/* An index from 0 to a little past the end of what slot l holds. */
static size_t some_index(program *in, int l)
{
    Py_ssize_t n = PyList_CheckExact(P(l)) || PyTuple_CheckExact(P(l)) ? Py_SIZE(P(l)) : 0;
    return below(in, (unsigned)(n < 250 ? n : 250) + 3);
}

static void op_list_add(program *in)
{
    current_op = "list append/insert";
    int l = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    bool insert = below(in, 2);
    size_t at = some_index(in, l);
    bool is_list = PyList_CheckExact(P(l));
    outcome ro = rco_outcome((insert ? rco_list_insert(R(l), at, R(x)) : rco_list_append(R(l), R(x))) == 0);
    outcome po = py_wrong_type();
    if (insert && is_list && (Py_ssize_t)at > PyList_GET_SIZE(P(l))) {
        /* Past the end: rco refuses where CPython clamps (see above). */
        if (ro.ok || ro.kind != RCO_ERR_INDEX)
            disagree("insert past the end (rco: IndexError expected)", ro, (outcome){ true, RCO_ERR_NONE });
        return;
    }
    if (is_list)
        po = py_outcome((insert ? PyList_Insert(P(l), (Py_ssize_t)at, P(x)) : PyList_Append(P(l), P(x))) == 0);
    agree(ro, po);
}

static void op_list_set(program *in)
{
    current_op = "list set";
    int l = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    size_t at = some_index(in, l);
    outcome ro = rco_outcome(rco_list_set(R(l), at, R(x)) == 0);
    outcome po = PyList_CheckExact(P(l)) ? py_outcome(PyList_SetItem(P(l), (Py_ssize_t)at, py_new_ref(P(x))) == 0)
                                         : py_wrong_type();
    agree(ro, po);
}

static void op_item_get(program *in)
{
    current_op = "list/tuple get";
    int l = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    size_t at = some_index(in, l);
    bool tuple = is_a(R(l), tuple_type);
    rco_object *r = tuple ? rco_tuple_get(R(l), at) : rco_list_get(R(l), at);
    outcome ro = rco_outcome(r != NULL), po = py_wrong_type();
    PyObject *p = NULL;
    if (tuple ? PyTuple_CheckExact(P(l)) : PyList_CheckExact(P(l))) {
        p = tuple ? PyTuple_GetItem(P(l), (Py_ssize_t)at) : PyList_GetItem(P(l), (Py_ssize_t)at);
        po = py_outcome(p != NULL);
    }
    if (agree(ro, po)) {
        must_be_same("the item got", r, p);
        put(to, rco_incref(r), py_new_ref(p));
    }
}

static void op_list_remove(program *in)
{
    current_op = "list pop/del/clear";
    int l = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    unsigned how = below(in, 3);
    size_t at = some_index(in, l);
    bool is_list = PyList_CheckExact(P(l));
    outcome po = py_wrong_type();
    if (how == 0) {
        rco_object *r = rco_list_pop(R(l), at);
        outcome ro = rco_outcome(r != NULL);
        PyObject *p = is_list ? PyObject_CallMethod(P(l), "pop", "n", (Py_ssize_t)at) : NULL;
        if (is_list)
            po = py_outcome(p != NULL);
        if (agree(ro, po)) {
            must_be_same("the item popped", r, p);
            put(to, r, p);
        }
    } else if (how == 1) {
        outcome ro = rco_outcome(rco_list_del(R(l), at) == 0);
        if (is_list)
            po = py_outcome(PySequence_DelItem(P(l), (Py_ssize_t)at) == 0);
        agree(ro, po);
    } else {
        outcome ro = rco_outcome(rco_list_clear(R(l)) == 0);
        if (is_list)
            po = py_outcome(PyList_SetSlice(P(l), 0, PY_SSIZE_T_MAX, NULL) == 0);
        agree(ro, po);
    }
}

/* ======================================================================
 * Dicts and sets
 * ====================================================================== */

/* A C string key for the *_str functions: from the table or raw (cut at
 * its first NUL; maybe invalid UTF-8). */
static const char *some_name(program *in, char *buf, size_t cap)
{
    size_t n;
    const char *t = some_text(in, buf, cap - 1, &n);
    if (t == buf)
        buf[n] = '\0';
    return t;
}

/* Whether CPython reads these bytes as UTF-8. */
static bool valid_utf8(const char *s, size_t n)
{
    PyObject *u = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
    PyErr_Clear();
    Py_XDECREF(u);
    return u != NULL;
}

/* Hashing a key walks it: a graph of shared tuples takes exponential
 * time (in both), so such keys are not used. */
static bool usable_key(int k)
{
    return small_enough(R(k), false);
}

static void op_dict_set(program *in)
{
    current_op = "dict set";
    int d = (int)below(in, SLOTS), k = (int)below(in, SLOTS), v = (int)below(in, SLOTS);
    bool by_name = below(in, 3) == 0;
    char buf[32];
    const char *name = by_name ? some_name(in, buf, sizeof buf) : NULL;
    bool is_dict = PyDict_CheckExact(P(d));
    if (!by_name && !usable_key(k))
        return;
    if (by_name)
        detail("slot %d [\"%s\"] = slot %d", d, shown(name, strlen(name)), v);
    else
        detail("slot %d [slot %d] = slot %d", d, k, v);
    outcome ro, po = py_wrong_type();
    if (by_name) {
        ro = rco_outcome(rco_dict_set_str(R(d), name, R(v)) == 0);
        if (is_dict)
            po = py_outcome(PyDict_SetItemString(P(d), name, P(v)) == 0);
    } else {
        ro = rco_outcome(rco_dict_set(R(d), R(k), R(v)) == 0);
        if (is_dict)
            po = py_outcome(PyDict_SetItem(P(d), P(k), P(v)) == 0);
    }
    agree(ro, po);
}

static void op_dict_read(program *in)
{
    current_op = "dict get/contains/del";
    int d = (int)below(in, SLOTS), k = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    unsigned how = below(in, 6);
    char buf[32];
    const char *name = how >= 3 && how <= 4 ? some_name(in, buf, sizeof buf) : NULL;
    bool is_dict = PyDict_CheckExact(P(d));
    static const char *const names[] = { "get", "contains", "del", "get_str", "del_str", "clear" };
    if (how <= 2 && !usable_key(k))
        return;
    if (name)
        detail("%s slot %d [\"%s\"]", names[how], d, shown(name, strlen(name)));
    else
        detail("%s slot %d [slot %d]", names[how], d, k);
    outcome po = py_wrong_type();
    switch (how) {
    case 0:
    case 3: {
        rco_object *r = how == 0 ? rco_dict_get(R(d), R(k)) : rco_dict_get_str(R(d), name);
        outcome ro = rco_outcome(r != NULL || rco_err_occurred() == RCO_ERR_NONE);
        PyObject *p = NULL;
        if (is_dict) {
            p = how == 0 ? PyDict_GetItemWithError(P(d), P(k)) : PyDict_GetItemString(P(d), name);
            po = py_outcome(p != NULL || !PyErr_Occurred());
        }
        if (agree(ro, po)) {
            must_be_same("the value got", r, p);
            if (r)
                put(to, rco_incref(r), py_new_ref(p));
        }
        break;
    }
    case 1: {
        int r = rco_dict_contains(R(d), R(k));
        int p = is_dict ? PyDict_Contains(P(d), P(k)) : -1;
        outcome ro = rco_outcome(r >= 0);
        if (is_dict)
            po = py_outcome(p >= 0);
        if (agree(ro, po) && r != p)
            disagree("dict contains answers differ", ro, po);
        break;
    }
    case 2:
    case 4: {
        if (how == 4 && KNOWN_BUG_DEL_STR_INVALID_UTF8 && !valid_utf8(name, strlen(name)))
            break;
        outcome ro = rco_outcome((how == 2 ? rco_dict_del(R(d), R(k)) : rco_dict_del_str(R(d), name)) == 0);
        if (is_dict)
            po = py_outcome((how == 2 ? PyDict_DelItem(P(d), P(k)) : PyDict_DelItemString(P(d), name)) == 0);
        agree(ro, po);
        break;
    }
    default: {
        outcome ro = rco_outcome(rco_dict_clear(R(d)) == 0);
        if (is_dict) {
            PyDict_Clear(P(d));
            po = py_outcome(true);
        }
        agree(ro, po);
        break;
    }
    }
}

static void op_set_op(program *in)
{
    current_op = "set add/contains/discard";
    int s = (int)below(in, SLOTS), k = (int)below(in, SLOTS);
    unsigned how = below(in, 3);
    bool is_set = PySet_CheckExact(P(s));
    if (!usable_key(k))
        return;
    int r = how == 0 ? rco_set_add(R(s), R(k)) : how == 1 ? rco_set_contains(R(s), R(k))
                                                          : rco_set_discard(R(s), R(k));
    outcome ro = rco_outcome(r >= 0), po = py_wrong_type();
    int p = -1;
    if (is_set) {
        p = how == 0 ? PySet_Add(P(s), P(k)) : how == 1 ? PySet_Contains(P(s), P(k))
                                                        : PySet_Discard(P(s), P(k));
        po = py_outcome(p >= 0);
    }
    if (agree(ro, po) && r != p)
        disagree("set answers differ", ro, po);
}

/* Iteration: a dict's items in order, a set's items in any order. */
static void op_iterate(program *in)
{
    current_op = "dict/set iterate";
    int c = (int)below(in, SLOTS);
    if (PyDict_CheckExact(P(c))) {
        size_t rpos = 0;
        Py_ssize_t ppos = 0, n = 0;
        rco_object *rk, *rv;
        PyObject *pk, *pv;
        for (;;) {
            int r = rco_dict_next(R(c), &rpos, &rk, &rv);
            int p = PyDict_Next(P(c), &ppos, &pk, &pv);
            CHECK(r >= 0);
            if (r != p)
                crash("dict iterations have different lengths");
            if (!r)
                break;
            must_be_same("a key iterated", rk, pk);
            must_be_same("a value iterated", rv, pv);
            n++;
        }
        CHECK(n == PyDict_GET_SIZE(P(c)));
    } else if (PySet_CheckExact(P(c))) {
        Py_ssize_t n = PySet_GET_SIZE(P(c));
        PyObject **items = malloc(((size_t)n + 1) * sizeof(PyObject *));
        PyObject *it = PyObject_GetIter(P(c)), *item;
        Py_ssize_t k = 0;
        while (it && (item = PyIter_Next(it)) != NULL && k < n) {
            items[k++] = item;
        }
        Py_XDECREF(it);
        CHECK(k == n && !PyErr_Occurred());
        size_t pos = 0;
        rco_object *ri;
        Py_ssize_t seen = 0;
        while (rco_set_next(R(c), &pos, &ri) == 1) {
            Py_ssize_t j = 0;
            while (j < n && !(items[j] && same(ri, items[j])))
                j++;
            if (j == n) {
                show_slots();
                crash("rco's set holds an item CPython's does not");
            }
            Py_CLEAR(items[j]);
            seen++;
        }
        for (Py_ssize_t j = 0; j < n; j++)
            Py_XDECREF(items[j]);
        free(items);
        if (seen != n)
            crash("set iterations have different lengths");
    }
}

/* ======================================================================
 * Any object
 * ====================================================================== */

static void op_len(program *in)
{
    current_op = "len";
    int a = (int)below(in, SLOTS);
    ssize_t r = rco_len(R(a));
    Py_ssize_t p = PyObject_Length(P(a));
    if (agree(rco_outcome(r >= 0), py_outcome(p >= 0)) && r != p) {
        fprintf(stderr, "rco %zd, CPython %zd\n", r, p);
        show_slots();
        crash("lengths differ");
    }
}

static void op_equal(program *in)
{
    current_op = "equal";
    int a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    if (!small_enough(R(a), true) || !small_enough(R(b), true))
        return;
    int r = rco_equal(R(a), R(b));
    PyObject *result = PyObject_RichCompare(P(a), P(b), Py_EQ);
    int p = result ? PyObject_IsTrue(result) : -1;
    Py_XDECREF(result);
    if (agree(rco_outcome(r >= 0), py_outcome(p >= 0)) && r != p) {
        fprintf(stderr, "slots %d == %d: rco %d, CPython %d\n", a, b, r, p);
        show_slots();
        crash("equality differs");
    }
}

static void op_hash(program *in)
{
    current_op = "hash";
    int a = (int)below(in, SLOTS);
    if (!small_enough(R(a), false))
        return;
    outcome ro = rco_outcome(rco_hash(R(a)) != -1);
    agree(ro, py_outcome(PyObject_Hash(P(a)) != -1));
}

static void op_repr(program *in)
{
    current_op = "repr";
    int a = (int)below(in, SLOTS);
    if (!small_enough(R(a), false))
        return;
    rco_object *r = rco_repr(R(a));
    PyObject *p = PyObject_Repr(P(a));
    if (agree(rco_outcome(r != NULL), py_outcome(p != NULL))) {
        Py_ssize_t n;
        const char *text = PyUnicode_AsUTF8AndSize(p, &n);
        CHECK(text);
        compare_reprs(rco_str_utf8(r), (size_t)rco_str_size(r), text, (size_t)n);
    }
    rco_xdecref(r);
    Py_XDECREF(p);
}

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* The C values: int, float, the UTF-8 of a str. */
static void op_value(program *in)
{
    current_op = "int/float/str value";
    int a = (int)below(in, SLOTS);
    switch (below(in, 3)) {
    case 0: {
        int64_t r = rco_int_value(R(a));
        outcome ro = rco_outcome(!(r == -1 && rco_err_occurred()));
        long long p = PyLong_AsLongLong(P(a));
        if (agree(ro, py_outcome(!(p == -1 && PyErr_Occurred()))) && r != p)
            crash("int values differ");
        break;
    }
    case 1: {
        double r = rco_float_value(R(a));
        outcome ro = rco_outcome(!(r == -1.0 && rco_err_occurred()));
        double p = PyFloat_AsDouble(P(a));
        if (agree(ro, py_outcome(!(p == -1.0 && PyErr_Occurred()))) && !same_double(r, p)) {
            fprintf(stderr, "rco %.17g, CPython %.17g\n", r, p);
            crash("float values differ");
        }
        break;
    }
    default: {
        ssize_t rn = rco_str_size(R(a));
        const char *rt = rn >= 0 ? rco_str_utf8(R(a)) : NULL;
        outcome ro = rco_outcome(rn >= 0);
        Py_ssize_t pn = -1;
        const char *pt = PyUnicode_AsUTF8AndSize(P(a), &pn);
        if (agree(ro, py_outcome(pt != NULL)) && (rn != pn || memcmp(rt, pt, (size_t)rn) != 0))
            crash("UTF-8 texts differ");
        break;
    }
    }
}

static void op_copy(program *in)
{
    current_op = "copy slot";
    int a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    put(b, rco_incref(R(a)), py_new_ref(P(a)));
}

/* ======================================================================
 * Building and unpacking: rco_build against Py_BuildValue, rco_unpack
 * against PyArg_ParseTuple, with the same formats
 * ====================================================================== */

/* Each format has its own pair of calls: C cannot choose a call's
 * argument types at run time. */
static void op_build(program *in)
{
    current_op = "build";
    int to = (int)below(in, SLOTS), a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    unsigned which = below(in, 24);
    int64_t iv = some_int(in);
    double dv = some_double(in);
    char buf[32];
    size_t n;
    const char *t = some_text(in, buf, sizeof buf - 1, &n);
    char cstr[33];
    memcpy(cstr, t, n);
    cstr[n] = '\0'; /* as a C string: up to its first NUL */
    uint64_t uv = which == 9 || which == 10 ? next64(in) : 0;
    if ((which == 3 || which == 4) && (!usable_key(a) || !usable_key(b)))
        return; /* dict keys */
    rco_object *ra = R(a), *rb = R(b);
    PyObject *pa = P(a), *pb = P(b);
    rco_object *r = NULL;
    PyObject *p = NULL;
    const char *format = "";
    bool beyond_int64 = false;
    switch (which) {
    case 0: format = "O"; r = rco_build("O", ra); p = Py_BuildValue("O", pa); break;
    case 1: format = "(OO)"; r = rco_build("(OO)", ra, rb); p = Py_BuildValue("(OO)", pa, pb); break;
    case 2: format = "[O,O]"; r = rco_build("[O,O]", ra, rb); p = Py_BuildValue("[O,O]", pa, pb); break;
    case 3: format = "{O:O}"; r = rco_build("{O:O}", ra, rb); p = Py_BuildValue("{O:O}", pa, pb); break;
    case 4:
        format = "(O[O]{O:O})";
        r = rco_build("(O[O]{O:O})", ra, rb, rb, ra);
        p = Py_BuildValue("(O[O]{O:O})", pa, pb, pb, pa);
        break;
    case 5: format = "i"; r = rco_build("i", (int)iv); p = Py_BuildValue("i", (int)iv); break;
    case 6: format = "l"; r = rco_build("l", (long)iv); p = Py_BuildValue("l", (long)iv); break;
    case 7: format = "L"; r = rco_build("L", (long long)iv); p = Py_BuildValue("L", (long long)iv); break;
    case 8: format = "n"; r = rco_build("n", (ssize_t)iv); p = Py_BuildValue("n", (Py_ssize_t)iv); break;
    case 9:
        format = "K";
        r = rco_build("K", (unsigned long long)uv);
        p = Py_BuildValue("K", (unsigned long long)uv);
        beyond_int64 = uv > (uint64_t)INT64_MAX;
        break;
    case 10:
        format = "k";
        r = rco_build("k", (unsigned long)uv);
        p = Py_BuildValue("k", (unsigned long)uv);
        beyond_int64 = uv > (uint64_t)INT64_MAX;
        break;
    case 11: format = "d"; r = rco_build("d", dv); p = Py_BuildValue("d", dv); break;
    case 12: format = "s"; r = rco_build("s", cstr); p = Py_BuildValue("s", cstr); break;
    case 13:
        format = "s#";
        r = rco_build("s#", t, (ssize_t)n);
        p = Py_BuildValue("s#", t, (Py_ssize_t)n);
        break;
    case 14:
        format = "y#";
        r = rco_build("y#", t, (ssize_t)n);
        p = Py_BuildValue("y#", t, (Py_ssize_t)n);
        break;
    case 15:
        format = "z";
        r = rco_build("z", n ? cstr : NULL);
        p = Py_BuildValue("z", n ? cstr : NULL);
        break;
    case 16: format = "c"; r = rco_build("c", (int)(uint8_t)iv); p = Py_BuildValue("c", (int)(uint8_t)iv); break;
    case 17:
        format = "(i,d)[s, y]";
        r = rco_build("(i,d)[s, y]", (int)iv, dv, cstr, cstr);
        p = Py_BuildValue("(i,d)[s, y]", (int)iv, dv, cstr, cstr);
        break;
    case 18: format = ""; r = rco_build(""); p = Py_BuildValue(""); break;
    case 19: format = "()[]{}"; r = rco_build("()[]{}"); p = Py_BuildValue("()[]{}"); break;
    case 20:
        format = "[N]";
        r = rco_build("[N]", rco_int(iv));
        p = Py_BuildValue("[N]", PyLong_FromLongLong(iv));
        break;
    case 21:
        format = "{s:O,s:i}";
        r = rco_build("{s:O,s:i}", cstr, ra, "k", (int)iv);
        p = Py_BuildValue("{s:O,s:i}", cstr, pa, "k", (int)iv);
        break;
    case 22:
        format = "hbIf";
        r = rco_build("hbIf", (int)(int16_t)iv, (int)(int8_t)iv, (unsigned)(uint32_t)iv, dv);
        p = Py_BuildValue("hbIf", (int)(int16_t)iv, (int)(int8_t)iv, (unsigned)(uint32_t)iv, dv);
        break;
    default:
        format = "(O(O(O)))";
        r = rco_build("(O(O(O)))", ra, rb, ra);
        p = Py_BuildValue("(O(O(O)))", pa, pb, pa);
        break;
    }
    detail("\"%s\" with slots %d, %d, int %lld, double %.17g, text \"%s\"", format, a, b, (long long)iv,
           dv, shown(t, n));
    outcome ro = rco_outcome(r != NULL), po = py_outcome(p != NULL);
    if (beyond_int64) {
        /* rco's ints end at INT64_MAX (see above). */
        if (ro.ok || ro.kind != RCO_ERR_OVERFLOW || !po.ok)
            disagree("a built int beyond int64 (rco: OverflowError expected)", ro, po);
        Py_DECREF(p);
        return;
    }
    if (agree(ro, po))
        put(to, r, p);
}

/* Codes for generated unpack formats: those rco.h lists whose meaning is
 * CPython's too (not b, I, k, K; f filtered: see above). */
static const char *const unpack_codes[] = { "i", "h", "l", "L", "n", "p", "d", "f", "s", "z",
                                            "s#", "z#", "y#", "O", "O!" };
#define UNPACK_CODES (sizeof unpack_codes / sizeof unpack_codes[0])
#define MAX_OUTS 24

typedef union out {
    int i;
    short h;
    long l;
    long long ll;
    Py_ssize_t n;
    double d;
    float f;
    const char *s;
    void *o;
} out;

typedef struct unpack_plan {
    char fmt[96];
    char codes[MAX_OUTS][3]; /* the codes in order, for comparing outputs */
    int ncodes;
    int types[MAX_OUTS];     /* O!: which type */
} unpack_plan;

static const rco_type **rco_types_for_o_bang[8];
static PyTypeObject *const py_types_for_o_bang[8] = { &PyLong_Type, &PyFloat_Type, &PyUnicode_Type, &PyBytes_Type,
                                                      &PyTuple_Type, &PyList_Type, &PyDict_Type, &PySet_Type };

static void plan_code(program *in, unpack_plan *u, size_t *len, int depth)
{
    if (u->ncodes >= MAX_OUTS - 2 || *len > sizeof u->fmt - 12)
        return;
    unsigned pick = below(in, UNPACK_CODES + 1);
    if (pick == UNPACK_CODES && depth < 2) { /* a nested group of 1 or 2 */
        u->fmt[(*len)++] = '(';
        unsigned n = 1 + below(in, 2);
        for (unsigned i = 0; i < n; i++)
            plan_code(in, u, len, depth + 1);
        u->fmt[(*len)++] = ')';
        return;
    }
    const char *code = unpack_codes[pick % UNPACK_CODES];
    memcpy(u->fmt + *len, code, strlen(code));
    *len += strlen(code);
    snprintf(u->codes[u->ncodes], sizeof u->codes[0], "%s", code);
    u->types[u->ncodes] = (int)below(in, 8);
    u->ncodes++;
}

/* Past the group that *f is just inside of. */
static void skip_group(const char **f)
{
    for (int depth = 0; **f && !(depth == 0 && **f == ')'); ++*f)
        depth += **f == '(' ? 1 : **f == ')' ? -1 : 0;
}

/* Walk the codes at *f over the items of seq as PyArg_ParseTuple pairs them
 * (a group over an item's items): true if pred holds for some code and
 * the item it meets. */
static bool format_meets(const char **f, PyObject *seq, bool (*pred)(const char *code, PyObject *item))
{
    Py_ssize_t n = PySequence_Size(seq), i = 0;
    PyErr_Clear();
    bool met = false;
    while (**f && **f != ':' && **f != ')') {
        if (**f == '|') {
            ++*f;
            continue;
        }
        PyObject *item = i < n ? PySequence_GetItem(seq, i) : NULL;
        PyErr_Clear();
        i++;
        if (**f == '(') {
            ++*f;
            met |= item && pred("(", item);
            if (item && PySequence_Check(item) && !PyBytes_Check(item))
                met |= format_meets(f, item, pred);
            else
                skip_group(f);
            if (**f == ')')
                ++*f;
        } else {
            size_t len = (*f)[1] == '#' || (*f)[1] == '!' ? 2 : 1;
            char code[3] = { (*f)[0], len == 2 ? (*f)[1] : '\0', '\0' };
            met |= item && pred(code, item);
            *f += len;
        }
        Py_XDECREF(item);
    }
    return met;
}

static bool group_meets_non_tuple(const char *code, PyObject *item)
{
    return code[0] == '(' && !PyTuple_CheckExact(item) && PySequence_Check(item) && !PyBytes_Check(item);
}

static bool text_length_meets_bytes(const char *code, PyObject *item)
{
    return (code[0] == 's' || code[0] == 'z') && code[1] == '#' && PyBytes_Check(item);
}

static bool f_meets_beyond_float(const char *code, PyObject *item)
{
    if (code[0] != 'f' || !(PyFloat_Check(item) || PyLong_Check(item)))
        return false;
    double d = PyFloat_AsDouble(item);
    PyErr_Clear();
    return isfinite(d) && fabs(d) > FLT_MAX;
}

/* The input meets a known bug's pattern (see the switches above). */
static bool unpack_known_bug(const char *fmt, PyObject *t)
{
    const char *f = fmt;
    if (DELIBERATE_UNPACK_GROUP_TUPLE_ONLY && PyTuple_CheckExact(t) && format_meets(&f, t, group_meets_non_tuple))
        return true;
    f = fmt;
    return DELIBERATE_UNPACK_TEXT_LENGTH_STR_ONLY && PyTuple_CheckExact(t) &&
           format_meets(&f, t, text_length_meets_bytes);
}

static void op_unpack(program *in)
{
    current_op = "unpack";
    int t = (int)below(in, SLOTS);
    unpack_plan u = { .ncodes = 0 };
    size_t len = 0;
    unsigned n = below(in, 5), bar = below(in, 6);
    for (unsigned i = 0; i < n; i++) {
        if (i == bar)
            u.fmt[len++] = '|';
        plan_code(in, &u, &len, 0);
    }
    if (below(in, 4) == 0)
        len += (size_t)snprintf(u.fmt + len, sizeof u.fmt - len, ":f");
    u.fmt[len] = '\0';
    detail("slot %d with \"%s\"", t, u.fmt);
    if (unpack_known_bug(u.fmt, P(t)))
        return;

    /* Both take only pointers (and O!'s type): one call each, with the
     * pointers in format order. */
    out rout[MAX_OUTS], pout[MAX_OUTS];
    Py_ssize_t rlen[MAX_OUTS], plen[MAX_OUTS];
    memset(rout, 0, sizeof rout);
    memset(pout, 0, sizeof pout);
    void *ra[2 * MAX_OUTS + 2] = { 0 }, *pa[2 * MAX_OUTS + 2] = { 0 };
    int na = 0;
    for (int i = 0; i < u.ncodes; i++) {
        if (strcmp(u.codes[i], "O!") == 0) {
            ra[na] = (void *)*rco_types_for_o_bang[u.types[i]];
            pa[na++] = py_types_for_o_bang[u.types[i]];
        }
        ra[na] = &rout[i];
        pa[na++] = &pout[i];
        if (u.codes[i][1] == '#') {
            ra[na] = &rlen[i];
            pa[na++] = &plen[i];
        }
    }
#define ARGS(a) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], \
                a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], \
                a[25], a[26], a[27], a[28], a[29], a[30], a[31], a[32], a[33], a[34], a[35], a[36], \
                a[37], a[38], a[39], a[40], a[41], a[42], a[43], a[44], a[45], a[46], a[47]
    _Static_assert(2 * MAX_OUTS + 2 > 47, "ARGS passes 48 pointers");
    outcome ro = rco_outcome(rco_unpack(R(t), u.fmt, ARGS(ra)) == 0);
    outcome po = PyTuple_CheckExact(P(t)) ? py_outcome(PyArg_ParseTuple(P(t), u.fmt, ARGS(pa)) != 0)
                                          : py_wrong_type();
#undef ARGS
    /* An 'f' meeting a value beyond FLT_MAX: rco overflows there, where
     * CPython stores inf and goes on (to succeed, or to fail on a later
     * item). See above. */
    const char *f = u.fmt;
    if (!ro.ok && ro.kind == RCO_ERR_OVERFLOW && PyTuple_CheckExact(P(t)) &&
        format_meets(&f, P(t), f_meets_beyond_float))
        return;
    if (!agree(ro, po))
        return;
    for (int i = 0; i < u.ncodes; i++) {
        const char *c = u.codes[i];
        bool differ = false;
        switch (c[0]) {
        case 'i': case 'p': differ = rout[i].i != pout[i].i; break;
        case 'h': differ = rout[i].h != pout[i].h; break;
        case 'l': differ = rout[i].l != pout[i].l; break;
        case 'L': differ = rout[i].ll != pout[i].ll; break;
        case 'n': differ = rout[i].n != pout[i].n; break;
        case 'd': differ = !same_double(rout[i].d, pout[i].d); break;
        case 'f': differ = !same_double(rout[i].f, pout[i].f); break;
        case 's': case 'z': case 'y':
            if (!rout[i].s || !pout[i].s)
                differ = rout[i].s != pout[i].s;
            else if (c[1] == '#')
                differ = rlen[i] != plen[i] || memcmp(rout[i].s, pout[i].s, (size_t)rlen[i]) != 0;
            else
                differ = strcmp(rout[i].s, pout[i].s) != 0;
            break;
        default:
            must_be_same("an object unpacked", rout[i].o, pout[i].o);
            break;
        }
        if (differ) {
            fprintf(stderr, "fuzz_diff: unpack '%s': item %d (%s) differs\n", u.fmt, i, c);
            show_slots();
            crash("rco and CPython unpacked different values");
        }
    }
}

typedef void (*operation)(program *in);

static const operation operations[] = {
    op_int, op_int, op_uint, op_float, op_float, op_str, op_str, op_bytes, op_const,
    op_container, op_container, op_tuple, op_tuple, op_class, op_instance, op_attr, op_attr,
    op_list_add, op_list_add, op_list_set, op_item_get, op_list_remove, op_dict_set, op_dict_set,
    op_dict_read, op_dict_read, op_set_op, op_set_op, op_iterate, op_len, op_equal, op_equal,
    op_hash, op_repr, op_repr, op_value, op_copy, op_build, op_unpack,
};
#define OPERATIONS (sizeof operations / sizeof operations[0])

/* ======================================================================
 * One input
 * ====================================================================== */

static size_t live_blocks(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return s.blocks_in_use;
}

static size_t baseline;

static void tear_down(void)
{
    current_op = "tear down";
    for (int i = 0; i < SLOTS; i++) {
        rco_xdecref(slots[i].r);
        Py_XDECREF(slots[i].p);
        slots[i] = (pair){ NULL, NULL };
    }
    twins_release();
    for (int i = 0; i < npy_classes; i++)
        py_classes[i] = NULL; /* the twins held them */
    npy_classes = 0;
    rco_gc_collect(-1);
    PyGC_Collect();
    if (live_blocks() != baseline) {
        fprintf(stderr, "fuzz_diff: %zd rco blocks leaked\n", (ssize_t)(live_blocks() - baseline));
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool started, tracing;
    if (!started) {
        /* FUZZ_DIFF_TRACE=1: each operation and its operands. */
        tracing = getenv("FUZZ_DIFF_TRACE") != NULL;
        start_python();
        learn_types();
        static const rco_type *types[8];
        types[0] = int_type, types[1] = float_type, types[2] = str_type, types[3] = bytes_type;
        types[4] = tuple_type, types[5] = list_type, types[6] = dict_type, types[7] = set_type;
        for (int i = 0; i < 8; i++)
            rco_types_for_o_bang[i] = &types[i];
        rco_gc_collect(-1);
        baseline = live_blocks();
        started = true;
    }
    for (int i = 0; i < SLOTS; i++)
        slots[i] = (pair){ rco_none(), py_new_ref(Py_None) };
    program in = { data, size };
    for (int step = 0; step < MAX_STEPS && in.n > 0; step++) {
        op_detail[0] = '\0';
        operations[below(&in, OPERATIONS)](&in);
        CHECK(rco_err_occurred() == RCO_ERR_NONE && !PyErr_Occurred());
        if (tracing)
            fprintf(stderr, "%s%s%s\n", current_op, op_detail[0] ? ": " : "", op_detail);
    }
    tear_down();
    return 0;
}
