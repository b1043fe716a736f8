/*
 * timing.c: the clock and the statistic the report uses.
 *
 * The median of the rounds, not the mean or the minimum: on a shared
 * machine a round that another process interrupted is an outlier in one
 * direction only, and the median ignores it without rewarding the one lucky
 * round the minimum would pick. The spread of the middle half of the rounds
 * says how much to trust it.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    if (n % 2)
        return v[n / 2];
    return (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_spread(const double *sorted, int n)
{
    double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    int k = n / 4;
    return median > 0 ? (sorted[n - 1 - k] - sorted[k]) / median : 0;
}

_Noreturn void bench_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "bench: %s:%d: check failed: %s\n", file, line, what);
    exit(2);
}
