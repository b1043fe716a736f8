/*
 * work_json.c: JSON parse and dump side by side: rco, Jansson 2.14
 * (json_loadb / json_dumpb), json-c 0.16 (json_tokener_parse_ex /
 * json_object_to_json_string_length) and Python's json (its C
 * accelerator, in the embedded libpython), on three documents made here,
 * deterministically:
 *   records  a ~20 MB array of records (ints, floats with two decimals,
 *            short ASCII strings, a nested object, small arrays), written
 *            as json.dumps writes it;
 *   deep     arrays of chains of objects and arrays nested 500 deep (the
 *            deepest Python's recursion limit and json-c's depth allow);
 *   strings  an array of strings full of escapes (\n, \", \u00e9, escaped
 *            surrogate pairs) and raw UTF-8 (Latin, CJK, emoji).
 * Throughput is the document's size over the time, in MB/s (10^6 bytes),
 * for parse and for dump alike. Parse times building the library's values
 * from the bytes; dump times writing the text of those values (every side
 * writes UTF-8, not \u escapes: rco with RCO_JSON_UTF8, Python with
 * ensure_ascii=False; separators ", " and ": " except json-c's own). Freeing
 * is not timed. Each round runs the four one after the other, the first
 * turning with each round; the median round is reported.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "bench.h"

#include <jansson.h>
#include <rco.h>

/* json-c's headers and Jansson's declare some of the same names
 * (json_object_iter_next ...), so json-c's few calls used here are
 * declared by hand, as json-c 0.16 has them. */
struct json_object;
struct json_tokener;
struct json_tokener *json_tokener_new_ex(int depth);
struct json_object *json_tokener_parse_ex(struct json_tokener *tok, const char *str, int len);
void json_tokener_free(struct json_tokener *tok);
const char *json_object_to_json_string_length(struct json_object *obj, int flags, size_t *length);
int json_object_put(struct json_object *obj);
const char *json_c_version(void);
#define JSON_C_TO_STRING_SPACED (1 << 0)
#define JSON_C_TO_STRING_NOSLASHESCAPE (1 << 4)

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SIDE_RCO, SIDE_JANSSON, SIDE_JSONC, SIDE_PY, SIDES };
static const char *const side_names[SIDES] = { "rco", "Jansson", "json-c", "Python" };

/* ---- the documents ------------------------------------------------------ */

typedef struct doc {
    char *text;
    size_t len, cap;
} doc;

static void add(doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(doc *d, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(d->text + d->len, d->cap - d->len, fmt, ap);
        va_end(ap);
        BENCH_CHECK(n >= 0);
        if ((size_t)n < d->cap - d->len) {
            d->len += (size_t)n;
            return;
        }
        d->cap = d->cap ? d->cap * 2 : 1 << 16;
        d->text = realloc(d->text, d->cap);
        BENCH_CHECK(d->text != NULL);
    }
}

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static const char *pick(const char *const *words, size_t n)
{
    return words[next_random() % n];
}
#define PICK(words) pick(words, sizeof words / sizeof words[0])

/* A float of two decimals as repr writes it ("12.5", "7.0", "-3.25"). */
static void add_money(doc *d, int64_t cents)
{
    int64_t whole = cents / 100, part = llabs(cents % 100);
    const char *sign = cents < 0 && whole == 0 ? "-" : "";
    if (part == 0)
        add(d, "%s%lld.0", sign, (long long)whole);
    else if (part % 10 == 0)
        add(d, "%s%lld.%lld", sign, (long long)whole, (long long)(part / 10));
    else
        add(d, "%s%lld.%02lld", sign, (long long)whole, (long long)part);
}

static const char *const first_names[] = { "Ann", "Bob", "Carla", "Dmitri", "Eve", "Farid", "Grace", "Hiro" };
static const char *const last_names[] = { "Smith", "Jones", "Brown", "Garcia", "Martin", "Lee", "Walker", "Hall" };
static const char *const cities[] = { "Springfield", "Riverton", "Lakeside", "Fairview", "Georgetown" };
static const char *const tags[] = { "alpha", "beta", "gamma", "delta", "omega", "sigma" };

static void make_records(doc *d, size_t target)
{
    add(d, "[");
    for (long i = 0; d->len < target; i++) {
        const char *first = PICK(first_names), *last = PICK(last_names);
        uint64_t r = next_random();
        add(d, "%s{\"id\": %ld, \"guid\": \"%08llx-%04llx-%04llx\", \"active\": %s, \"balance\": ",
            i ? ", " : "", i, (unsigned long long)(r & 0xffffffff), (unsigned long long)((r >> 32) & 0xffff),
            (unsigned long long)(r >> 48), r & 1 ? "true" : "false");
        add_money(d, (int64_t)(next_random() % 2000000) - 500000);
        add(d, ", \"age\": %d, \"name\": \"%s %s\", \"email\": \"%s.%s@example.com\", \"tags\": [\"%s\", \"%s\"], "
               "\"score\": ", (int)(18 + r % 60), first, last, first, last, PICK(tags), PICK(tags));
        add_money(d, (int64_t)(next_random() % 10000));
        add(d, ", \"address\": {\"street\": \"%d Main St\", \"city\": \"%s\", \"zip\": \"%05d\"}, "
               "\"friends\": [%d, %d, %d], \"note\": null}",
            (int)(r % 9999), PICK(cities), (int)(r % 100000), (int)(r % 1000), (int)(r % 77777), (int)(r % 31));
    }
    add(d, "]");
}

#define DEEP_LEVELS 500

static void make_deep(doc *d, size_t target)
{
    add(d, "[");
    for (int chain = 0; d->len < target; chain++) {
        add(d, "%s", chain ? ", " : "");
        for (int level = 0; level < DEEP_LEVELS; level++)
            if (level % 2 == 0)
                add(d, "{\"depth\": %d, \"tag\": \"n%d\", \"next\": ", level, chain);
            else
                add(d, "[%d, 2.5, ", level);
        add(d, "null");
        for (int level = DEEP_LEVELS - 1; level >= 0; level--)
            add(d, "%s", level % 2 == 0 ? "}" : "]");
    }
    add(d, "]");
}

static const char *const pieces[] = {
    "plain words ", "\\\"quoted\\\" ", "line\\n", "tab\\t", "caf\\u00e9 ", "\\u00fcber ",
    "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln ", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae ",
    "\xf0\x9f\x98\x80 ", "\\ud83d\\ude00 ", "back\\\\slash ", "\xe2\x80\x94 dash ", "\xd0\x9f\xd1\x80\xd0\xb8 ",
};

static void make_strings(doc *d, size_t target)
{
    add(d, "[");
    for (long i = 0; d->len < target; i++) {
        add(d, "%s\"", i ? ", " : "");
        int n = 2 + (int)(next_random() % 12);
        for (int k = 0; k < n; k++)
            add(d, "%s", PICK(pieces));
        add(d, "\"");
    }
    add(d, "]");
}

/* ---- one side, one round ------------------------------------------------ */

static PyObject *py_loads, *py_dumps, *py_dumps_kwargs;

typedef struct held {
    rco_object *rco;
    json_t *jansson;
    struct json_object *jsonc;
    PyObject *py;
} held;

static char *jansson_buffer;
static size_t jansson_buffer_size;

/* "3.11.7" of "3.11.7 (main, ...)". */
static const char *python_version(void)
{
    static char v[32];
    snprintf(v, sizeof v, "%s", bench_py_version());
    v[strcspn(v, " ")] = '\0';
    return v;
}

static double seconds_between(uint64_t a, uint64_t b)
{
    return (double)(b - a) / 1e9;
}

/* Parse d, then dump what was parsed: the two times in t. */
static void round_of(int side, const doc *d, double t[2])
{
    held h = { 0 };
    uint64_t t0 = bench_now_ns(), t1, t2, t3;
    size_t out_len = 0;
    switch (side) {
    case SIDE_RCO: {
        h.rco = rco_json_loads(d->text, d->len);
        t1 = bench_now_ns();
        BENCH_CHECK(h.rco != NULL);
        t2 = bench_now_ns();
        rco_object *s = rco_json_dumps(h.rco, RCO_JSON_UTF8);
        t3 = bench_now_ns();
        BENCH_CHECK(s != NULL);
        out_len = (size_t)rco_str_size(s);
        rco_decref(s);
        rco_decref(h.rco);
        break;
    }
    case SIDE_JANSSON: {
        json_error_t error;
        h.jansson = json_loadb(d->text, d->len, 0, &error);
        t1 = bench_now_ns();
        BENCH_CHECK(h.jansson != NULL);
        t2 = bench_now_ns();
        out_len = json_dumpb(h.jansson, jansson_buffer, jansson_buffer_size, 0);
        t3 = bench_now_ns();
        BENCH_CHECK(out_len > 0 && out_len <= jansson_buffer_size);
        json_decref(h.jansson);
        break;
    }
    case SIDE_JSONC: {
        struct json_tokener *tok = json_tokener_new_ex(DEEP_LEVELS + 10);
        h.jsonc = json_tokener_parse_ex(tok, d->text, (int)d->len);
        t1 = bench_now_ns();
        BENCH_CHECK(h.jsonc != NULL);
        json_tokener_free(tok);
        t2 = bench_now_ns();
        const char *s = json_object_to_json_string_length(h.jsonc, JSON_C_TO_STRING_SPACED |
                                                                       JSON_C_TO_STRING_NOSLASHESCAPE,
                                                          &out_len);
        t3 = bench_now_ns();
        BENCH_CHECK(s != NULL);
        json_object_put(h.jsonc);
        break;
    }
    default: {
        PyObject *bytes = PyBytes_FromStringAndSize(d->text, (Py_ssize_t)d->len);
        BENCH_CHECK(bytes != NULL);
        t0 = bench_now_ns();
        h.py = PyObject_CallOneArg(py_loads, bytes);
        t1 = bench_now_ns();
        BENCH_CHECK(h.py != NULL);
        Py_DECREF(bytes);
        PyObject *args = PyTuple_Pack(1, h.py);
        t2 = bench_now_ns();
        PyObject *s = PyObject_Call(py_dumps, args, py_dumps_kwargs);
        t3 = bench_now_ns();
        BENCH_CHECK(s != NULL);
        out_len = (size_t)PyUnicode_GET_LENGTH(s);
        Py_DECREF(s);
        Py_DECREF(args);
        Py_DECREF(h.py);
        break;
    }
    }
    BENCH_CHECK(out_len > d->len / 2);
    t[0] = seconds_between(t0, t1);
    t[1] = seconds_between(t2, t3);
}

/* ---- the table ----------------------------------------------------------- */

static const struct {
    const char *name;
    const char *label;
    void (*make)(doc *, size_t);
    double megabytes; /* at N = 10^6 */
} docs[] = {
    { "json_records", "records", make_records, 20 },
    { "json_deep", "deep (500 levels)", make_deep, 5 },
    { "json_strings", "strings (escapes, UTF-8)", make_strings, 10 },
};
#define DOCS (sizeof docs / sizeof docs[0])

bool bench_is_json(const char *name)
{
    for (size_t i = 0; i < DOCS; i++)
        if (strcmp(docs[i].name, name) == 0)
            return true;
    return false;
}

static int json_start(void)
{
    PyObject *json = PyImport_ImportModule("json");
    if (!json)
        return -1;
    py_loads = PyObject_GetAttrString(json, "loads");
    py_dumps = PyObject_GetAttrString(json, "dumps");
    Py_DECREF(json);
    py_dumps_kwargs = Py_BuildValue("{s:O}", "ensure_ascii", Py_False);
    /* Python's json must be the C-accelerated one, or the row means little. */
    PyObject *scanner = PyImport_ImportModule("json.scanner");
    PyObject *c_scanner = scanner ? PyObject_GetAttrString(scanner, "c_make_scanner") : NULL;
    bool accelerated = c_scanner && c_scanner != Py_None;
    Py_XDECREF(c_scanner);
    Py_XDECREF(scanner);
    if (!py_loads || !py_dumps || !py_dumps_kwargs || !accelerated) {
        PyErr_Print();
        fprintf(stderr, "bench: Python's json or its C accelerator is missing\n");
        return -1;
    }
    return 0;
}

static void json_stop(void)
{
    Py_CLEAR(py_loads);
    Py_CLEAR(py_dumps);
    Py_CLEAR(py_dumps_kwargs);
}

/* rco reads back and writes exactly the records document (ASCII, written
 * as json.dumps writes): a check that the timed work is the right work. */
static void check_records(const doc *d)
{
    rco_object *o = rco_json_loads(d->text, d->len);
    BENCH_CHECK(o != NULL);
    rco_object *s = rco_json_dumps(o, 0);
    BENCH_CHECK(s != NULL && (size_t)rco_str_size(s) == d->len && memcmp(rco_str_utf8(s), d->text, d->len) == 0);
    rco_decref(s);
    rco_decref(o);
}

static void print_row(const bench_config *cfg, const char *label, const char *phase, const double mbs[SIDES],
                      double spread)
{
    double best = 0;
    int best_side = 0;
    for (int s = 1; s < SIDES; s++)
        if (mbs[s] > best) {
            best = mbs[s];
            best_side = s;
        }
    if (cfg->csv) {
        printf("\"json %s %s\",MB/s,%.1f,%.1f,%.1f,%.1f,%.2f,%.3f\n", label, phase, mbs[0], mbs[1], mbs[2],
               mbs[3], mbs[0] / best, spread);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "%s %s", label, phase);
    printf("%-32s %9.1f %9.1f %9.1f %9.1f %8.2fx (%s) %5.0f%%\n", what, mbs[0], mbs[1], mbs[2], mbs[3],
           mbs[0] / best, side_names[best_side], spread * 100);
}

void bench_json_run(const bench_config *cfg, const char *only)
{
    bool any = false;
    for (size_t i = 0; i < DOCS; i++)
        any |= bench_selected(only, docs[i].name);
    if (!any)
        return;
    if (json_start() < 0)
        bench_fail(__FILE__, __LINE__, "json start");
    printf("\nJSON: rco %s, Jansson %s, json-c %s, Python %s json: MB/s of the document "
           "(median of %d rounds)\n",
           RCO_VERSION_STRING, JANSSON_VERSION, json_c_version(), python_version(), cfg->rounds);
    if (!cfg->csv)
        printf("%-32s %9s %9s %9s %9s %21s %6s\n", "document, phase", "rco", "Jansson", "json-c", "Python",
               "rco/best other", "spread");
    double scale = (double)cfg->n / 1e6;
    for (size_t i = 0; i < DOCS; i++) {
        if (!bench_selected(only, docs[i].name))
            continue;
        doc d = { 0 };
        rng = 0x2545F4914F6CDD1Du + i;
        docs[i].make(&d, (size_t)(docs[i].megabytes * 1e6 * (scale < 0.05 ? 0.05 : scale)));
        fprintf(stderr, "bench: %s (%.1f MB)...\n", docs[i].name, (double)d.len / 1e6);
        if (i == 0)
            check_records(&d);
        jansson_buffer_size = d.len * 2 + 1024;
        jansson_buffer = malloc(jansson_buffer_size);
        BENCH_CHECK(jansson_buffer != NULL);
        static double times[SIDES][2][BENCH_MAX_ROUNDS];
        double t[2];
        for (int r = 0; r < cfg->warmups; r++)
            for (int s = 0; s < SIDES; s++)
                round_of(s, &d, t);
        for (int r = 0; r < cfg->rounds; r++)
            for (int k = 0; k < SIDES; k++) {
                int s = (r + k) % SIDES;
                round_of(s, &d, t);
                times[s][0][r] = t[0];
                times[s][1][r] = t[1];
            }
        for (int phase = 0; phase < 2; phase++) {
            double mbs[SIDES], spread = 0;
            for (int s = 0; s < SIDES; s++) {
                double median = bench_median(times[s][phase], cfg->rounds);
                double sp = bench_spread(times[s][phase], cfg->rounds);
                if (sp > spread)
                    spread = sp;
                mbs[s] = (double)d.len / 1e6 / median;
            }
            print_row(cfg, docs[i].label, phase ? "dump" : "parse", mbs, spread);
        }
        free(jansson_buffer);
        free(d.text);
    }
    json_stop();
}
