/*
 * options.c: the command line.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bench [--n N] [--rounds R] [--warmup W] [--only NAME[,NAME...]] [--quick]\n"
            "             [--impl NAME[,NAME...]] [--csv] [--list]\n"
            "  --n N       items per workload (default 1000000)\n"
            "  --rounds R  measured rounds per workload, median reported (default 7)\n"
            "  --warmup W  unmeasured rounds first (default 1)\n"
            "  --only ...  run only these workloads (see --list)\n"
            "  --quick     a smoke run: N = 100000, 3 rounds (an explicit --n/--rounds wins)\n"
            "  --impl ...  run only these implementations: rco,cpython,malloc (profiling)\n"
            "  --csv       comma-separated output\n"
            "  --list      the workload names\n");
}

static void list_workloads(void)
{
    const char *last = "";
    for (size_t i = 0; i < bench_workload_count; i++) {
        if (strcmp(bench_workloads[i].name, last) != 0)
            printf("%-20s %s%s\n", bench_workloads[i].name, bench_workloads[i].label[0],
                   bench_workloads[i].n_scale ? " N/10, N, 10N old" : "");
        last = bench_workloads[i].name;
    }
    printf("%-20s bytes per object: int, 3-tuple, empty list, empty dict, instance\n", "mem");
}

static bool known_name(const char *name, size_t len)
{
    if (len == 3 && strncmp(name, "mem", 3) == 0)
        return true;
    for (size_t i = 0; i < bench_workload_count; i++)
        if (strlen(bench_workloads[i].name) == len &&
            strncmp(bench_workloads[i].name, name, len) == 0)
            return true;
    return false;
}

/* Is name in the comma-separated list (NULL: everything)? */
bool bench_selected(const char *only, const char *name)
{
    if (!only)
        return true;
    size_t len = strlen(name);
    for (const char *p = only; *p;) {
        size_t l = strcspn(p, ",");
        if (l == len && strncmp(p, name, len) == 0)
            return true;
        p += l + (p[l] == ',');
    }
    return false;
}

static int check_only(const char *only)
{
    for (const char *p = only; *p;) {
        size_t l = strcspn(p, ",");
        if (!known_name(p, l)) {
            fprintf(stderr, "bench: no workload named '%.*s' (see --list)\n", (int)l, p);
            return -1;
        }
        p += l + (p[l] == ',');
    }
    return 0;
}

/* A count given on the command line; -1 if it is not a positive number. */
static long given(const char *text)
{
    char *end;
    long v = strtol(text, &end, 10);
    return *text && !*end && v > 0 ? v : -1;
}

/* The mask of implementations named in a comma-separated list. */
static int parse_impls(const char *list, unsigned *mask)
{
    static const char *const names[IMPL_COUNT] = { "rco", "cpython", "malloc" };
    *mask = 0;
    for (int i = 0; i < IMPL_COUNT; i++)
        if (bench_selected(list, names[i]))
            *mask |= 1u << i;
    if (*mask)
        return 0;
    fprintf(stderr, "bench: --impl takes rco, cpython and/or malloc\n");
    return -1;
}

int bench_parse_options(int argc, char **argv, bench_config *cfg, const char **only)
{
    long n = 0, rounds = 0; /* 0: not given */
    bool quick = false;
    cfg->warmups = 1;
    cfg->csv = false;
    cfg->impls = (1u << IMPL_COUNT) - 1;
    *only = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--n") == 0 && has_value)
            n = given(argv[++i]);
        else if (strcmp(a, "--rounds") == 0 && has_value)
            rounds = given(argv[++i]);
        else if (strcmp(a, "--warmup") == 0 && has_value)
            cfg->warmups = atoi(argv[++i]);
        else if (strcmp(a, "--only") == 0 && has_value)
            *only = argv[++i];
        else if (strcmp(a, "--impl") == 0 && has_value) {
            if (parse_impls(argv[++i], &cfg->impls) < 0)
                return -1;
        } else if (strcmp(a, "--quick") == 0)
            quick = true;
        else if (strcmp(a, "--csv") == 0)
            cfg->csv = true;
        else if (strcmp(a, "--list") == 0) {
            list_workloads();
            exit(0);
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else {
            usage(stderr);
            return -1;
        }
    }
    cfg->n = n ? (size_t)n : quick ? 100000 : 1000000;
    cfg->rounds = (int)(rounds ? rounds : quick ? 3 : 7);
    if (n < 0 || rounds < 0 || cfg->n < 10 || cfg->rounds > BENCH_MAX_ROUNDS || cfg->warmups < 0) {
        fprintf(stderr, "bench: need N >= 10, 1 <= rounds <= %d, warmup >= 0\n", BENCH_MAX_ROUNDS);
        return -1;
    }
    return *only ? check_only(*only) : 0;
}
