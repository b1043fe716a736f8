/*
 * main.c: options, the rounds, the table.
 *
 * For each workload: each side's setup, warm-up rounds, then `rounds`
 * rounds in each of which rco, CPython and malloc run one after the other,
 * so that whatever else the machine does at a given moment falls on all
 * three alike; the median round per implementation is reported. Which
 * implementation goes first turns with each round, so that none always runs
 * on a cache (or a clock frequency) the previous one left behind. After
 * every round the allocator's count of live blocks is compared with its
 * count after the warm-up: a difference means a workload leaked (or freed
 * what it had not made), and the row says so.
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 64

static const char *const impl_names[IMPL_COUNT] = { "rco", "CPython", "malloc" };

/* ---- running one workload ---------------------------------------------- */

static long live_blocks(int impl)
{
    return impl == IMPL_RCO ? bench_rco_blocks() : impl == IMPL_PY ? bench_py_blocks() : 0;
}

static size_t workload_size(const bench_config *cfg, const bench_workload *w)
{
    if (w->n_scale == 0)
        return cfg->n;
    double s = (double)cfg->n * w->n_scale;
    return s < 1 ? 1 : (size_t)s;
}

static bool runs(const bench_config *cfg, const bench_workload *w, int impl)
{
    return w->side[impl].round && (cfg->impls & (1u << impl));
}

/* Medians per side and phase (NaN where a side has no round), and in note
 * any side whose live blocks changed between rounds. */
static void run_rounds(const bench_config *cfg, const bench_workload *w, size_t size,
                       double median[IMPL_COUNT][BENCH_MAX_PHASES],
                       double spread[BENCH_MAX_PHASES], char *note, size_t note_size)
{
    static double ns[IMPL_COUNT][BENCH_MAX_PHASES][BENCH_MAX_ROUNDS];
    double ops = w->one_op ? 1 : (double)size, t[BENCH_MAX_PHASES];
    long base[IMPL_COUNT], drift[IMPL_COUNT] = { 0 };
    for (int r = 0; r < cfg->warmups; r++)
        for (int i = 0; i < IMPL_COUNT; i++)
            if (runs(cfg, w, i))
                w->side[i].round(size, t);
    for (int i = 0; i < IMPL_COUNT; i++)
        base[i] = live_blocks(i);
    for (int r = 0; r < cfg->rounds; r++) {
        for (int k = 0; k < IMPL_COUNT; k++) {
            int i = (r + k) % IMPL_COUNT;
            if (!runs(cfg, w, i))
                continue;
            w->side[i].round(size, t);
            for (int p = 0; p < w->phases; p++)
                ns[i][p][r] = t[p] / ops;
            long d = live_blocks(i) - base[i];
            if (labs(d) > labs(drift[i]))
                drift[i] = d;
        }
    }
    for (int p = 0; p < w->phases; p++)
        spread[p] = NAN;
    for (int i = 0; i < IMPL_COUNT; i++)
        for (int p = 0; p < w->phases; p++) {
            median[i][p] = NAN;
            if (!runs(cfg, w, i))
                continue;
            median[i][p] = bench_median(ns[i][p], cfg->rounds);
            double s = bench_spread(ns[i][p], cfg->rounds);
            if (i != IMPL_MALLOC && !(s <= spread[p]))
                spread[p] = s;
        }
    note[0] = '\0';
    for (int i = 0; i < IMPL_COUNT; i++)
        if (drift[i]) {
            size_t used = strlen(note);
            snprintf(note + used, note_size - used,
                     "%s%s: %+ld live blocks after a round (a leak?)", used ? "; " : "",
                     impl_names[i], drift[i]);
        }
}

static void run_workload(const bench_config *cfg, const bench_workload *w, bench_row *rows,
                         size_t *count)
{
    size_t size = workload_size(cfg, w);
    fprintf(stderr, "bench: %s (%zu)...\n", w->name, size);
    for (int i = 0; i < IMPL_COUNT; i++)
        if (runs(cfg, w, i) && w->side[i].setup && w->side[i].setup(size) < 0)
            bench_fail(__FILE__, __LINE__, "workload setup");
    double median[IMPL_COUNT][BENCH_MAX_PHASES], spread[BENCH_MAX_PHASES];
    char note[sizeof rows->note];
    run_rounds(cfg, w, size, median, spread, note, sizeof note);
    for (int i = 0; i < IMPL_COUNT; i++)
        if (runs(cfg, w, i) && w->side[i].teardown)
            w->side[i].teardown();
    for (int p = 0; p < w->phases && *count < MAX_ROWS; p++) {
        bench_row *r = &rows[(*count)++];
        r->workload = w->name;
        if (w->one_op) /* gc_young: its size is the old generation's */
            snprintf(r->label, sizeof r->label, "%s %zu old", w->label[p], size);
        else if (w->n_scale)
            snprintf(r->label, sizeof r->label, "%s (%zu)", w->label[p], size);
        else
            snprintf(r->label, sizeof r->label, "%s", w->label[p]);
        r->unit = w->unit;
        for (int i = 0; i < IMPL_COUNT; i++)
            r->value[i] = median[i][p];
        r->has_ratio = true;
        r->spread = spread[p];
        snprintf(r->note, sizeof r->note, "%s", p == w->phases - 1 ? note : "");
    }
}

/* The young collection should cost the same whatever the old generation
 * holds: the last gc_young row over the first. A hundredfold old generation
 * that doubles it is not flat; less than that is within this machine's noise. */
#define FLAT_ENOUGH 2.0
static void add_flatness_row(bench_row *rows, size_t *count)
{
    const bench_row *first = NULL, *last = NULL;
    for (size_t i = 0; i < *count; i++)
        if (strcmp(rows[i].workload, "gc_young") == 0) {
            if (!first)
                first = &rows[i];
            last = &rows[i];
        }
    if (!first || first == last || *count >= MAX_ROWS)
        return;
    bench_row *r = &rows[(*count)++];
    r->workload = "gc_young";
    snprintf(r->label, sizeof r->label, "gc gen0 flatness: 10N old / N/10 old");
    r->unit = "x";
    for (int i = 0; i < IMPL_COUNT; i++)
        r->value[i] = last->value[i] / first->value[i];
    r->has_ratio = false;
    r->spread = NAN;
    r->note[0] = '\0';
    if (r->value[IMPL_RCO] > FLAT_ENOUGH || r->value[IMPL_PY] > FLAT_ENOUGH)
        snprintf(r->note, sizeof r->note,
                 "not flat: a young collection grows with the old generation (or noise)");
}

/* ---- memory -------------------------------------------------------------- */

static void add_memory_rows(const bench_config *cfg, bench_row *rows, size_t *count)
{
    int rounds = cfg->rounds < 3 ? cfg->rounds : 3;
    if (bench_rco_mem_prepare() < 0 || bench_py_mem_prepare() < 0)
        bench_fail(__FILE__, __LINE__, "memory workload preparation");
    for (int k = 0; k < MEM_KINDS && *count + 2 <= MAX_ROWS; k++) {
        fprintf(stderr, "bench: mem %s...\n", bench_mem_kind_names[k]);
        bench_mem_result m;
        if (bench_mem_measure(k, cfg->n, rounds, cfg->impls, &m) < 0)
            bench_fail(__FILE__, __LINE__, "memory measurement");
        for (int by_rss = 1; by_rss >= 0; by_rss--) {
            bench_row *r = &rows[(*count)++];
            r->workload = "mem";
            snprintf(r->label, sizeof r->label, "bytes: %s (%s)", bench_mem_kind_names[k],
                     by_rss ? "RSS" : "allocator");
            r->unit = "B/object";
            const double *v = by_rss ? m.rss : m.alloc;
            r->value[IMPL_RCO] = v[IMPL_RCO];
            r->value[IMPL_PY] = v[IMPL_PY];
            r->value[IMPL_MALLOC] = NAN;
            r->has_ratio = true;
            r->spread = NAN;
            r->note[0] = '\0';
        }
    }
}

int main(int argc, char **argv)
{
    bench_config cfg;
    const char *only;
    if (bench_parse_options(argc, argv, &cfg, &only) < 0)
        return 1;
    bool texts = bench_selected(only, "dict_str") || bench_selected(only, "str_hash") ||
                 bench_selected(only, "sort_str");
    if (bench_rco_start() < 0 || bench_py_start() < 0 || (texts && bench_texts_make(cfg.n) < 0)) {
        fprintf(stderr, "bench: could not start rco or the embedded CPython\n");
        return 1;
    }
    bench_report_header(&cfg);
    fflush(stdout);

    static bench_row rows[MAX_ROWS], mem_rows[MAX_ROWS];
    size_t count = 0, mem_count = 0;
    /* Memory first, while both allocators hold almost nothing. */
    if (bench_selected(only, "mem"))
        add_memory_rows(&cfg, mem_rows, &mem_count);
    for (size_t i = 0; i < bench_workload_count; i++)
        if (bench_selected(only, bench_workloads[i].name) && !bench_is_json(bench_workloads[i].name) &&
            !bench_is_threads(bench_workloads[i].name))
            run_workload(&cfg, &bench_workloads[i], rows, &count);
    add_flatness_row(rows, &count);
    for (size_t i = 0; i < mem_count && count < MAX_ROWS; i++)
        rows[count++] = mem_rows[i];

    if (count)
        bench_report_rows(&cfg, rows, count);
    bench_json_run(&cfg, only);
    bench_threads_run(&cfg, only);
    bench_texts_free();
    bench_py_stop();
    bench_rco_stop();
    return 0;
}
