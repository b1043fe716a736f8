/*
 * debug/state.c: the detective's state, made on first need and freed at
 * shutdown, its lock, and where its reports of misuse go.
 *
 * Threads: one lock guards the whole state and every record's ledger
 * (recursive: a hook may allocate, which calls a hook). Every hook
 * takes it (detective.c), as do the public functions; reports that walk
 * the live objects stop the world first, so that what they read stands
 * still, then take the lock (never the other way round: the stopper waits
 * for the lock's holder). Only the calls in progress are per thread.
 */
#include "debug/debug.h"

#include "core/thread.h"

#include <stdarg.h>
#include <stdlib.h>

rco__debug_state *rco__debug_current;

/* The lock is taken twice for every count change of user code (the
 * twins), so it is the library's byte lock (never elided: the state it
 * guards is too big for the moment a second thread starts) with a holder
 * and a depth for recursion, rather than a recursive pthread mutex, which
 * cost a third of an incref+decref pair's instructions. The holder is the
 * address of a thread-local (never 0); only the holder touches the depth. */
static uint8_t lock_byte;
static uintptr_t lock_holder;
static uint32_t lock_depth;
static __thread char lock_identity;

void rco__dbg_lock(void)
{
    uintptr_t self = (uintptr_t)&lock_identity;
    if (__atomic_load_n(&lock_holder, __ATOMIC_RELAXED) == self) {
        lock_depth++;
        return;
    }
    rco__critical_enter();
    uint8_t expected = 0;
    if (!__atomic_compare_exchange_n(&lock_byte, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        rco__spin_lock_slow(&lock_byte);
    __atomic_store_n(&lock_holder, self, __ATOMIC_RELAXED);
    lock_depth = 1;
}

void rco__dbg_unlock(void)
{
    if (--lock_depth)
        return;
    __atomic_store_n(&lock_holder, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&lock_byte, 0, __ATOMIC_RELEASE);
    rco__critical_leave();
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

