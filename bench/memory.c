/*
 * memory.c: bytes per object, measured the same way on both sides.
 *
 * Each measurement runs in a child process forked for it alone: the child
 * creates n objects, keeps them, and reports how much its resident set
 * grew (/proc/self/statm), divided by n. A fresh child per measurement
 * means that no memory freed by an earlier measurement (kept by an
 * allocator for reuse) hides the growth of a later one. main.c runs these
 * before any timed workload, while both allocators are still nearly empty.
 *
 * RSS is the common measure: it counts what the process really pays,
 * allocator overheads included. Each allocator's own figure of bytes in
 * live blocks (rco's pools, CPython's pymalloc) is reported next to it.
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

const char *const bench_mem_kind_names[MEM_KINDS] = {
    [MEM_INT] = "int",
    [MEM_TUPLE3] = "3-tuple",
    [MEM_LIST] = "empty list",
    [MEM_DICT] = "empty dict",
    [MEM_INSTANCE] = "instance",
};

static double resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return NAN;
    long size, resident;
    int ok = fscanf(f, "%ld %ld", &size, &resident) == 2;
    fclose(f);
    return ok ? (double)resident * (double)sysconf(_SC_PAGESIZE) : NAN;
}

static double allocated_bytes(int impl)
{
    return impl == IMPL_RCO ? bench_rco_allocated_bytes() : bench_py_allocated_bytes();
}

static void make(int impl, int kind, size_t n, void **held)
{
    if (impl == IMPL_RCO)
        bench_rco_mem_make(kind, n, held);
    else
        bench_py_mem_make(kind, n, held);
}

/* A forked child shares the parent's code pages but faults them into its
 * own resident set as it first runs them (about a megabyte for libpython):
 * a few objects made and kept before the first reading take that out of
 * the measurement. */
#define WARM_OBJECTS 1000

/* In the child: per object, the growth of RSS and of the allocator's
 * figure while n objects are made. */
static void measure_here(int impl, int kind, size_t n, double out[2])
{
    out[0] = out[1] = NAN;
    void **held = malloc((WARM_OBJECTS + n) * sizeof *held);
    if (!held)
        return;
    /* Resident before the first reading. Not zeros: the compiler would turn
     * malloc + memset(0) into calloc, which leaves fresh pages untouched. */
    memset(held, 0xff, (WARM_OBJECTS + n) * sizeof *held);
    make(impl, kind, WARM_OBJECTS, held);
    double a0 = allocated_bytes(impl), r0 = resident_bytes();
    make(impl, kind, n, held + WARM_OBJECTS);
    double r1 = resident_bytes(), a1 = allocated_bytes(impl);
    out[0] = (r1 - r0) / (double)n;
    out[1] = a0 < 0 || a1 < 0 ? NAN : (a1 - a0) / (double)n;
}

static int measure_in_child(int impl, int kind, size_t n, double out[2])
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
        double r[2];
        measure_here(impl, kind, n, r);
        ssize_t w = write(fds[1], r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1); /* no atexit: nothing to tidy */
    }
    close(fds[1]);
    ssize_t got = read(fds[0], out, 2 * sizeof *out);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return got == (ssize_t)(2 * sizeof *out) && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0
                                                                                              : -1;
}

int bench_mem_measure(int kind, size_t n, int rounds, unsigned impls, bench_mem_result *out)
{
    double rss[2][rounds], alloc[2][rounds];
    for (int r = 0; r < rounds; r++) {
        for (int impl = IMPL_RCO; impl <= IMPL_PY; impl++) {
            double m[2] = { NAN, NAN };
            if ((impls & (1u << impl)) && measure_in_child(impl, kind, n, m) < 0)
                return -1;
            rss[impl][r] = m[0];
            alloc[impl][r] = m[1];
        }
    }
    for (int impl = IMPL_RCO; impl <= IMPL_PY; impl++) {
        out->rss[impl] = bench_median(rss[impl], rounds);
        out->alloc[impl] = bench_median(alloc[impl], rounds);
    }
    return 0;
}
