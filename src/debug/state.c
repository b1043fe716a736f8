/*
 * debug/state.c: the detective's state, made on first need and freed at
 * shutdown, its lock, and where its reports of misuse go.
 *
 * Threads: one lock guards the whole state and every record's ledger (a
 * recursive mutex: a hook may allocate, which calls a hook). Every hook
 * takes it (detective.c), as do the public functions; reports that walk
 * the live objects stop the world first, so that what they read stands
 * still, then take the lock (never the other way round: the stopper waits
 * for the lock's holder). Only the calls in progress are per thread.
 */
#define _GNU_SOURCE /* PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP */
#include "debug/debug.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

rco__debug_state *rco__debug_current;

static pthread_mutex_t debug_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void rco__dbg_lock(void)
{
    rco__mutex_lock(&debug_lock);
}

void rco__dbg_unlock(void)
{
    rco__mutex_unlock(&debug_lock);
}

static void report_at_exit(void)
{
    if (rco__debug_current)
        rco_shutdown();
}

rco__debug_state *rco__dbg_start(void)
{
    static bool atexit_registered;
    if (rco__debug_current)
        return rco__debug_current;
    rco__debug_state *d = calloc(1, sizeof *d);
    if (!d) {
        fprintf(stderr, "rco: the leak detective could not start (out of memory)\n");
        abort();
    }
    d->live.prev = d->live.next = &d->live;
    d->quarantine.prev = d->quarantine.next = &d->quarantine;
    rco__debug_current = d;
    if (!atexit_registered) {
        atexit_registered = true;
        atexit(report_at_exit);
    }
    return d;
}

FILE *rco__debug_report_stream(void)
{
    rco__debug_state *d = rco__dbg();
    return d && d->report_stream ? d->report_stream : stderr;
}

void rco_debug_set_report_stream(FILE *f)
{
    rco__dbg_lock();
    rco__dbg()->report_stream = f;
    rco__dbg_unlock();
}

long rco_debug_misuse_count(void)
{
    rco__dbg_lock();
    long n = rco__dbg()->misuse_count;
    rco__dbg_unlock();
    return n;
}

void rco__debug_misuse(const char *fmt, ...)
{
    rco__dbg_lock();
    rco__debug_state *d = rco__dbg();
    FILE *f = rco__debug_report_stream();
    d->misuse_count++;
    fputs("rco: ", f);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fflush(f);
    rco__dbg_unlock();
}

