/*
 * bench.h: what the files of the side-by-side benchmark share.
 *
 * A workload is one piece of work written three times: on rco, on CPython's
 * C API (libpython embedded in this process) and on plain malloc/free, the
 * floor (the workload's allocations alone, without any object logic; not
 * every workload has a meaningful one). The three versions live in
 * work_rco.c, work_py.c and work_malloc.c, in the same order and with the
 * same shape, so that they can be read side by side.
 *
 * Each version provides one round: it does the work for n items and writes
 * the nanoseconds of each timed phase (a workload has one or two, e.g. dict
 * set and dict get). Whatever a round builds it also frees, outside the
 * timed phases unless freeing is part of the work; main.c checks after every
 * round that neither rco nor CPython holds more blocks than before.
 *
 * Automatic collection is off on both sides (rco_gc_disable, PyGC_Disable),
 * so that no workload pays for a collection it did not ask for; the gc
 * workloads call the collectors explicitly.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The implementations, in the order each round runs them. */
enum bench_impl { IMPL_RCO, IMPL_PY, IMPL_MALLOC, IMPL_COUNT };

#define BENCH_MAX_PHASES 2

/* Make p escape into an opaque instruction that may read and write any
 * memory: the compiler can neither delete the work that produced p nor
 * merge reference count updates across it. */
#define BENCH_ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")

/* A call that cannot fail in a healthy process failed: say where, exit. */
_Noreturn void bench_fail(const char *file, int line, const char *what);
#define BENCH_CHECK(ok)                                                \
    do {                                                               \
        if (__builtin_expect(!(ok), 0))                                \
            bench_fail(__FILE__, __LINE__, #ok);                       \
    } while (0)

/* Int values start above CPython's and rco's small-int caches (-5..256), so
 * that every int is a real allocation on both sides. */
#define BENCH_INT_BASE 1000

/* Key i of the int-keyed dict workloads. In order, BENCH_INT_BASE + i: both
 * CPython and rco hash an int to itself, so consecutive keys fall in
 * consecutive index slots and the tables are walked in memory order.
 * Scattered: i through a bijection of 29-bit numbers (multiplications by
 * odd constants and xor-shifts, each invertible), so still n distinct keys
 * below 2^29 (one CPython digit), but their low bits look random: both
 * tables then land on random slots and see random collisions. */
#define BENCH_KEY_BITS 29
static inline int64_t bench_int_key(size_t i, bool scattered)
{
    if (!scattered)
        return BENCH_INT_BASE + (int64_t)i;
    const uint32_t mask = ((uint32_t)1 << BENCH_KEY_BITS) - 1;
    uint32_t x = ((uint32_t)i * 0x9e3779b1u) & mask;
    x ^= x >> 14;
    x = (x * 0x85ebca6bu) & mask;
    x ^= x >> 13;
    return BENCH_INT_BASE + (int64_t)x;
}

/* The sort workloads' input, the same on every side: item i of n is a
 * pseudo-random int in [BENCH_INT_BASE, BENCH_INT_BASE + 10^9), a double
 * in [0, 1), or text (i.e. "key-%08u") number bench_sort_random(i) % n, in
 * that order. */
static inline uint64_t bench_sort_random(size_t i)
{
    uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
static inline int64_t bench_sort_int(size_t i)
{
    return BENCH_INT_BASE + (int64_t)(bench_sort_random(i) % 1000000000u);
}
static inline double bench_sort_float(size_t i)
{
    return (double)(bench_sort_random(i) >> 11) * 0x1p-53;
}
enum bench_sort_kind { SORT_INT, SORT_FLOAT, SORT_STR };

/* ---- timing.c -------------------------------------------------------- */

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);
/* The median of v[0..n) (v is sorted in place). */
double bench_median(double *v, int n);
/* After bench_median: how far the middle half of the rounds spreads,
 * relative to the median (the full range for fewer than 4 rounds). */
double bench_spread(const double *sorted, int n);

/* ---- texts.c: the ~12-character strings of the str workloads ---------- */

/* Make texts 0..n-1 ("key-00000000" ...), once per run; 0 or -1. */
int bench_texts_make(size_t n);
/* Text i (i < n of the last bench_texts_make). */
const char *bench_text(size_t i);
void bench_texts_free(void);

/* ---- hostile keys (workloads hostile_str, hostile_int) ---------------- */

/* Key texts that all collide under an unkeyed multiplicative string hash
 * (Java's String.hashCode: "Aa" and "BB" hash alike, so every string of
 * BENCH_HOSTILE_PAIRS such pairs does), or that look random; 40 characters
 * and a NUL. i < 2^BENCH_HOSTILE_PAIRS. */
#define BENCH_HOSTILE_PAIRS 20
#define BENCH_HOSTILE_TEXT (2 * BENCH_HOSTILE_PAIRS + 1)
void bench_colliding_text(size_t i, char *out);
void bench_random_text(size_t i, char *out);
/* Ints that share their low 44 bits: with an identity hash (CPython's and
 * rco's) they start on the same slot of any table under 2^44 slots. */
static inline int64_t bench_hostile_int(size_t i)
{
    return (int64_t)((uint64_t)(i + 1) << 44);
}
static inline int64_t bench_random_int(size_t i)
{
    uint64_t x = (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL;
    return (int64_t)((x ^ (x >> 31)) >> 2);
}

/* ---- workloads ------------------------------------------------------- */

/* One implementation of a workload. round is NULL where the workload makes
 * no sense for that implementation. */
typedef struct bench_side {
    int (*setup)(size_t n);               /* once before the rounds, untimed */
    void (*round)(size_t n, double *ns);  /* ns[phase] of one round */
    void (*teardown)(void);               /* once after the rounds */
} bench_side;

typedef struct bench_workload {
    const char *name;                     /* what --only selects */
    const char *label[BENCH_MAX_PHASES];  /* one table row per timed phase */
    int phases;
    const char *unit;                     /* what one operation is */
    double n_scale;                       /* its size is n * n_scale (0: n) */
    bool one_op;                          /* a round is one operation, not size */
    bench_side side[IMPL_COUNT];
} bench_workload;

/* workloads.c: every workload, in the order they run. */
extern const bench_workload bench_workloads[];
extern const size_t bench_workload_count;

/* Each side's start (0 or -1), its stop, and its count of live allocator
 * blocks (for the check that nothing leaks between rounds). */
int bench_rco_start(void);
void bench_rco_stop(void);
long bench_rco_blocks(void);
int bench_py_start(void);
void bench_py_stop(void);
long bench_py_blocks(void);
const char *bench_py_version(void);

/* The rounds, workload by workload (names say which). */
void bench_rco_int(size_t n, double *ns);
void bench_py_int(size_t n, double *ns);
void bench_malloc_int(size_t n, double *ns);

void bench_rco_list_append(size_t n, double *ns);
void bench_py_list_append(size_t n, double *ns);
void bench_malloc_list_append(size_t n, double *ns);

void bench_rco_tuple3(size_t n, double *ns);
void bench_py_tuple3(size_t n, double *ns);
void bench_malloc_tuple3(size_t n, double *ns);
void bench_rco_tuple3_pack(size_t n, double *ns);
void bench_py_tuple3_pack(size_t n, double *ns);

void bench_rco_dict_int(size_t n, double *ns);
void bench_py_dict_int(size_t n, double *ns);
void bench_malloc_dict_int(size_t n, double *ns);
void bench_rco_dict_int_scattered(size_t n, double *ns);
void bench_py_dict_int_scattered(size_t n, double *ns);

void bench_rco_dict_str(size_t n, double *ns);
void bench_rco_hostile_str(size_t n, double *ns);
void bench_rco_hostile_int(size_t n, double *ns);
void bench_py_dict_str(size_t n, double *ns);
void bench_py_hostile_str(size_t n, double *ns);
void bench_py_hostile_int(size_t n, double *ns);

void bench_rco_str_hash(size_t n, double *ns);
void bench_py_str_hash(size_t n, double *ns);
void bench_malloc_str_hash(size_t n, double *ns);

void bench_rco_gc_cycles(size_t n, double *ns);
void bench_py_gc_cycles(size_t n, double *ns);

void bench_rco_gc_full(size_t n, double *ns);
void bench_py_gc_full(size_t n, double *ns);

/* The young collection workload: each round times YOUNG_REPEATS
 * collections of generation 0, each over YOUNG_LISTS new lists (and the
 * list holding them), and reports their mean. */
#define BENCH_YOUNG_LISTS 1000
#define BENCH_YOUNG_REPEATS 10
int bench_rco_gc_young_setup(size_t n);
void bench_rco_gc_young(size_t n, double *ns);
void bench_rco_gc_young_teardown(void);
int bench_py_gc_young_setup(size_t n);
void bench_py_gc_young(size_t n, double *ns);
void bench_py_gc_young_teardown(void);

void bench_rco_refcount(size_t n, double *ns);
void bench_py_refcount(size_t n, double *ns);

/* Sorting n items in random order (ints, floats, 12-character strs): only
 * the sort is timed. */
void bench_rco_sort_int(size_t n, double *ns);
void bench_rco_sort_float(size_t n, double *ns);
void bench_rco_sort_str(size_t n, double *ns);
void bench_py_sort_int(size_t n, double *ns);
void bench_py_sort_float(size_t n, double *ns);
void bench_py_sort_str(size_t n, double *ns);
void bench_malloc_sort_int(size_t n, double *ns);
void bench_malloc_sort_float(size_t n, double *ns);
void bench_malloc_sort_str(size_t n, double *ns);

void bench_malloc_24(size_t n, double *ns);

/* ---- memory: bytes per object --------------------------------------- */

enum bench_mem_kind { MEM_INT, MEM_TUPLE3, MEM_LIST, MEM_DICT, MEM_INSTANCE, MEM_KINDS };

/* What the objects of a kind need before the measurement starts (the three
 * items of the tuples, the class of the instances); 0 or -1. */
int bench_rco_mem_prepare(void);
int bench_py_mem_prepare(void);
/* Create n objects of kind k into held[0..n) and keep them. */
void bench_rco_mem_make(int kind, size_t n, void **held);
void bench_py_mem_make(int kind, size_t n, void **held);
/* Bytes in live blocks according to each allocator (rco's pools,
 * CPython's pymalloc); -1 if unknown. */
double bench_rco_allocated_bytes(void);
double bench_py_allocated_bytes(void);

/* memory.c */
extern const char *const bench_mem_kind_names[MEM_KINDS];
typedef struct bench_mem_result {
    double rss[2];    /* bytes per object by RSS growth: rco, CPython */
    double alloc[2];  /* bytes per object by the allocator's own figure */
} bench_mem_result;
/* Measure kind k with n objects on the implementations in the mask impls
 * (the others get NaN), each measurement in a fresh child process, median
 * of `rounds`; 0 or -1. */
int bench_mem_measure(int kind, size_t n, int rounds, unsigned impls, bench_mem_result *out);

/* ---- report.c -------------------------------------------------------- */

typedef struct bench_row {
    const char *workload;      /* the name --only knows it by */
    char label[64];
    const char *unit;
    double value[IMPL_COUNT];  /* NaN where not measured */
    bool has_ratio;            /* print CPython / rco */
    double spread;             /* worst bench_spread of rco and CPython; NaN: none */
    char note[96];             /* after the row; "" for none */
} bench_row;

typedef struct bench_config {
    size_t n;
    int rounds;
    int warmups;
    bool csv;
    unsigned impls;  /* bit i: run implementation i (--impl, for profiling) */
} bench_config;

#define BENCH_MAX_ROUNDS 1000

/* options.c: fill cfg and *only (the --only list, NULL for all) from the
 * command line; exits after --help and --list. 0 or -1. */
int bench_parse_options(int argc, char **argv, bench_config *cfg, const char **only);
/* Is name in the comma-separated list (NULL: everything)? */
bool bench_selected(const char *list, const char *name);

void bench_report_header(const bench_config *cfg);
void bench_report_rows(const bench_config *cfg, const bench_row *rows, size_t count);

/* work_json.c: the JSON workloads (json_records, json_deep, json_strings)
 * are in the workload table for --only and --list, but run with four sides
 * (rco, Jansson, json-c, Python) in a table of their own. */
bool bench_is_json(const char *name);
/* work_threads.c: the thread workloads, a table of their own. */
bool bench_is_threads(const char *name);
void bench_threads_run(const bench_config *cfg, const char *only);
void bench_json_run(const bench_config *cfg, const char *only);

#endif /* BENCH_H */
