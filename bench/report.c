/*
 * report.c: the header (machine, compiler, Python, N) and the table, as
 * aligned text or as CSV (--csv; the header then becomes '#' lines).
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if defined(__clang__)
#define COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define COMPILER "gcc " __VERSION__
#else
#define COMPILER "unknown compiler"
#endif

/* "model name : AMD EPYC ..." from /proc/cpuinfo, into buf. */
static void cpu_model(char *buf, size_t n)
{
    snprintf(buf, n, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) != 0 || !colon)
            continue;
        colon += 1 + (colon[1] == ' ');
        colon[strcspn(colon, "\n")] = '\0';
        snprintf(buf, n, "%s", colon);
        break;
    }
    fclose(f);
}

/* "3.11.7" out of Py_GetVersion()'s "3.11.7 (main, ...) [GCC ...]". */
static void python_version(char *buf, size_t n)
{
    snprintf(buf, n, "%s", bench_py_version());
    buf[strcspn(buf, " ")] = '\0';
}

void bench_report_header(const bench_config *cfg)
{
    char cpu[128], py[32];
    cpu_model(cpu, sizeof cpu);
    python_version(py, sizeof py);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const char *p = cfg->csv ? "# " : "";
    printf("%srco vs CPython's C API vs malloc: median of %d rounds (after %d warm-up), "
           "N = %zu\n",
           p, cfg->rounds, cfg->warmups, cfg->n);
    printf("%smachine: %s, %ld cores; compiler: %s -O2; CPython %s (embedded libpython)\n", p,
           cpu, cores, COMPILER, py);
    printf("%sautomatic gc off on both sides; collections only where they are the workload\n", p);
    printf("%sratio = CPython / rco: above 1 rco is faster (or smaller); spread = middle half\n"
           "%sof the rounds / median, worst of rco and CPython (large: a noisy machine)\n",
           p, p);
    if (cfg->csv)
        printf("workload,unit,rco,cpython,malloc,cpython_over_rco,spread\n");
    else
        printf("\n");
}

/* A value in a column: "-" when not measured, fewer decimals as it grows. */
static void format_value(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (fabs(v) < 10)
        snprintf(buf, n, "%.2f", v);
    else if (fabs(v) < 100000)
        snprintf(buf, n, "%.1f", v);
    else
        snprintf(buf, n, "%.0f", v);
}

static double row_ratio(const bench_row *r)
{
    if (!r->has_ratio || isnan(r->value[IMPL_RCO]) || isnan(r->value[IMPL_PY]) ||
        r->value[IMPL_RCO] == 0)
        return NAN;
    return r->value[IMPL_PY] / r->value[IMPL_RCO];
}

static void print_csv_value(double v, const char *sep)
{
    if (isnan(v))
        printf("%s", sep);
    else
        printf("%.6g%s", v, sep);
}

static void print_csv_row(const bench_row *r)
{
    printf("\"%s\",%s,", r->label, r->unit);
    for (int i = 0; i < IMPL_COUNT; i++)
        print_csv_value(r->value[i], ",");
    print_csv_value(row_ratio(r), ",");
    print_csv_value(r->spread, "\n");
    if (r->note[0])
        printf("# %s\n", r->note);
}

static void print_text_row(const bench_row *r)
{
    char v[IMPL_COUNT][32], ratio[32];
    for (int i = 0; i < IMPL_COUNT; i++)
        format_value(v[i], sizeof v[i], r->value[i]);
    format_value(ratio, sizeof ratio, row_ratio(r));
    printf("%-40s %-11s %10s %10s %10s %11s", r->label, r->unit, v[IMPL_RCO], v[IMPL_PY],
           v[IMPL_MALLOC], ratio);
    if (!isnan(r->spread))
        printf(" %6.0f%%", r->spread * 100);
    putchar('\n');
    if (r->note[0])
        printf("    %s\n", r->note);
}

void bench_report_rows(const bench_config *cfg, const bench_row *rows, size_t count)
{
    if (cfg->csv) {
        for (size_t i = 0; i < count; i++)
            print_csv_row(&rows[i]);
        return;
    }
    printf("%-40s %-11s %10s %10s %10s %11s %7s\n", "workload", "unit", "rco", "CPython",
           "malloc", "CPython/rco", "spread");
    for (int i = 0; i < 40 + 11 + 3 * 10 + 11 + 7 + 6; i++)
        putchar('-');
    putchar('\n');
    for (size_t i = 0; i < count; i++)
        print_text_row(&rows[i]);
}
