/*
 * core/thread.h: the threads that use rco (thread.c).
 *
 * The model (include/rco.h, "Threads", and docs/threads.md say it for
 * users): any thread may create, read, change, share and release any
 * object, with no registration. A thread gets an index on its first need
 * (the owner of the objects it makes, its pools, its collector lists) and
 * is then *attached*: it runs rco code whenever it likes, and a collection
 * waits for it to reach a safe point (the start of a public call) before
 * examining the heap. rco_thread_detach() says the thread will touch no
 * object until rco_thread_attach(): nothing waits for it meanwhile. When a
 * thread exits, its index is *abandoned* and goes, with everything it
 * owned (objects, pools, lists), to the next thread that registers.
 *
 * A thread's status changes only under the registry's state lock:
 *
 *   ATTACHED   -> SUSPENDED   the thread itself, at a safe point, while the
 *                             world is being stopped;
 *   SUSPENDED  -> ATTACHED    the stopper, when it starts the world again;
 *   ATTACHED  <-> DETACHED    the thread itself (rco_thread_detach/attach);
 *   DETACHED   -> PARKED      the stopper: a detached thread is held there
 *                             (it cannot attach) until the world restarts;
 *   PARKED     -> DETACHED    the stopper;
 *   any        -> ABANDONED   the thread, as it exits; ABANDONED -> ATTACHED
 *                             when a new thread takes the index;
 *   DETACHED, ABANDONED -> HELD_*  another thread acting for this one (it
 *                             merges the references queued to it), and back.
 *
 * So while the world is stopped, every other thread is SUSPENDED (inside
 * a public call, waiting), PARKED, or ABANDONED: none touches an object.
 *
 * Locks the library takes are elided while the process has one thread
 * (glibc's __libc_single_threaded, which pthread_create clears before the
 * new thread runs, so no critical section can be half-elided).
 */
#ifndef RCO_CORE_THREAD_H
#define RCO_CORE_THREAD_H

#include "core/core.h"

#define RCO__MAX_THREADS 16384

enum rco__thread_status {
    RCO__THREAD_FREE = 0, /* never used */
    RCO__THREAD_ATTACHED,
    RCO__THREAD_DETACHED,
    RCO__THREAD_SUSPENDED,
    RCO__THREAD_PARKED,
    RCO__THREAD_ABANDONED,
    /* Held by another thread acting for it (rco__thread_hold_if_idle):
     * it cannot attach, nor its index be taken, until released. */
    RCO__THREAD_HELD_DETACHED,
    RCO__THREAD_HELD_ABANDONED
};

/* This thread's index, registering it first if need be: 1 .. MAX - 1, or
 * 0 when every index is taken (then the thread can use objects other
 * threads made, but make none: allocation fails with RCO_ERR_RUNTIME). */
RCO__HIDDEN uint16_t rco__thread_register(void);
static inline uint16_t rco__thread_me(void)
{
    uint16_t i = rco__thread_index;
    return RCO__LIKELY(i != RCO__NO_THREAD) ? i : rco__thread_register();
}
/* The highest index handed out so far (indexes above it were never used). */
RCO__HIDDEN uint16_t rco__thread_high_water(void);
RCO__HIDDEN int rco__thread_status(uint16_t index);

/* Is more than one thread running in the process? Only then do the
 * library's locks need taking. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
extern char __libc_single_threaded;
static inline bool rco__multithreaded(void)
{
    return !__libc_single_threaded;
}
#else
static inline bool rco__multithreaded(void)
{
    return true;
}
#endif

/* ---- stopping the world ----------------------------------------------- */

/* What a thread must see to at its next safe point, per index: the world
 * being stopped, references other threads queued for it to merge, and
 * (for RCO__NO_THREAD, always) that it has no index yet. */
enum { RCO__ATTEND_STOP = 1, RCO__ATTEND_MERGE = 2, RCO__ATTEND_REGISTER = 4 };
extern uint8_t rco__attention[RCO__NO_THREAD + 1] RCO__HIDDEN;
RCO__HIDDEN void rco__safepoint_slow(void);
/* A safe point: where an attached thread may be stopped for a collection
 * and does what other threads asked of it. At the start of public calls,
 * where the thread holds no lock and every object it works on is
 * consistent. One load when there is nothing to do. */
static inline void rco__safepoint(void)
{
    if (RCO__UNLIKELY(__atomic_load_n(&rco__attention[rco__thread_index], __ATOMIC_RELAXED)))
        rco__safepoint_slow();
}
/* Ask thread index to merge at its next safe point (object/refcount.c
 * installs what it does then). */
RCO__HIDDEN void rco__thread_attend(uint16_t index, uint8_t what);
RCO__HIDDEN void rco__thread_on_merge(void (*fn)(uint16_t index));
/* Hold thread index, if it is detached or abandoned, from attaching (a
 * detached thread touches no object, so others may act for it): true when
 * held, until rco__thread_release. */
RCO__HIDDEN bool rco__thread_hold_if_idle(uint16_t index);
RCO__HIDDEN void rco__thread_release(uint16_t index);
/* Stop every other thread (attached ones at their next safe point, the
 * detached held from attaching); one stopper at a time. The caller must be
 * at a safe point itself. Cheap when the caller is the only thread. */
RCO__HIDDEN void rco__stop_the_world(void);
RCO__HIDDEN void rco__start_the_world(void);
/* Is the world stopped by this thread right now? */
RCO__HIDDEN bool rco__world_stopped(void);

/* ---- what the layers above do when a thread exits ---------------------- */

/* fn(index) runs as a thread that used rco exits, before its index is
 * abandoned (hand back pools, merge what others queued to it...). */
RCO__HIDDEN void rco__thread_on_exit(void (*fn)(uint16_t index));

/* ---- a lock of one byte ---------------------------------------------- */

/* For short critical sections only (no user code, no other lock inside):
 * spins, then yields. Elided while the process has one thread. */
RCO__HIDDEN void rco__spin_lock_slow(uint8_t *lock);
static inline void rco__spin_lock(uint8_t *lock)
{
    if (!rco__multithreaded())
        return;
    uint8_t expected = 0;
    if (RCO__UNLIKELY(!__atomic_compare_exchange_n(lock, &expected, 1, false, __ATOMIC_ACQUIRE,
                                                   __ATOMIC_RELAXED)))
        rco__spin_lock_slow(lock);
}
/* Looks at the lock itself rather than at the process: a lock taken while
 * threads ran is released even if the process became single-threaded
 * since (a load, no store, when the lock was elided). */
static inline void rco__spin_unlock(uint8_t *lock)
{
    if (__atomic_load_n(lock, __ATOMIC_RELAXED))
        __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

#endif
