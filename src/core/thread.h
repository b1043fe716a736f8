/*
 * core/thread.h: the threads that use rco (thread.c).
 *
 * The model (include/rco.h, "Threads", and docs/threads.md say it for
 * users): any thread may create, read, change, share and release any
 * object, with no registration. A thread gets an index on its first need
 * (the owner of the objects it makes, its pools, its collector lists).
 *
 * Stopping the world. Every change the library makes to what the
 * collector examines (a container's contents, the collector's lists, the
 * weakref table, a merge of counts) happens inside a *critical section*:
 * between rco__critical_enter and rco__critical_leave, which every lock
 * of the library does for its holder. A critical section runs no user
 * code and waits for nothing but other critical sections. A thread
 * outside one is quiescent: whatever else it does (plain reads, counting
 * references it holds, user code, blocking in the kernel) cannot mislead
 * a collection. So a stopper waits only for the threads inside a critical
 * section to leave it, and keeps every thread from entering one until the
 * world starts again; it never waits for a thread that is blocked or busy
 * elsewhere. (CPython's free-threaded build waits for every attached
 * thread to reach a safe point instead; a thread blocked without
 * detaching holds every collection up there, and cannot here.)
 *
 * The handshake is Dekker's: the entering thread counts itself busy,
 * then looks for the stop request; the stopper posts the request, then
 * looks at the busy counts. The fence this needs is on the stopper's side
 * only (membarrier(2)): entering costs two plain stores and a load.
 *
 * Detaching (rco_thread_detach) is a promise that the thread touches no
 * object until rco_thread_attach: others may then do what it would have
 * done for itself (merge the references queued to it). A thread's status
 * changes only under the registry's state lock:
 *
 *   ATTACHED  <-> DETACHED    the thread itself (rco_thread_detach/attach);
 *   ATTACHED   -> SUSPENDED   the thread itself, when it would enter a
 *                             critical section while the world is stopped;
 *   SUSPENDED  -> ATTACHED    the stopper, when it starts the world again;
 *   DETACHED   -> PARKED      the stopper: a detached thread is held there
 *                             (it cannot attach) until the world restarts;
 *   PARKED     -> DETACHED    the stopper;
 *   any        -> ABANDONED   the thread, as it exits; ABANDONED -> ATTACHED
 *                             when a new thread takes the index;
 *   DETACHED, ABANDONED -> HELD_*  another thread acting for this one (it
 *                             merges the references queued to it), and back.
 *
 * Locks the library takes are elided while the process has one thread
 * (glibc's __libc_single_threaded, which pthread_create clears before the
 * new thread runs, so no critical section can be half-elided).
 */
#ifndef RCO_CORE_THREAD_H
#define RCO_CORE_THREAD_H

#include "core/core.h"

#if defined(__SANITIZE_THREAD__)
#define RCO__TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RCO__TSAN 1
#endif
#endif

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

/* ---- safe points and stopping the world -------------------------------- */

/* What a thread must see to, per index: the world being stopped (at its
 * next critical section), references other threads queued for it to merge
 * and (for RCO__NO_THREAD, always) that it has no index yet (at its next
 * safe point). */
enum { RCO__ATTEND_STOP = 1, RCO__ATTEND_MERGE = 2, RCO__ATTEND_REGISTER = 4 };
extern uint8_t rco__attention[RCO__NO_THREAD + 1] RCO__HIDDEN;
RCO__HIDDEN void rco__safepoint_slow(void);
/* A safe point: where a thread does what other threads asked of it, which
 * may run user code (destroying objects whose last reference others
 * released). Where the library is consistent and holds no lock: on
 * return from constructors, before a release by a thread that does not
 * own the object. One load when there is nothing to do. */
static inline void rco__safepoint(void)
{
    if (RCO__UNLIKELY(__atomic_load_n(&rco__attention[rco__thread_index], __ATOMIC_RELAXED) &
                      (RCO__ATTEND_MERGE | RCO__ATTEND_REGISTER)))
        rco__safepoint_slow();
}

/* How many critical sections each thread is in, one cache line each (the
 * owner writes it, a stopper reads it). */
typedef struct rco__busy_slot {
    uint32_t depth;
    uint32_t reads; /* odd while the thread reads without a lock (below) */
} __attribute__((aligned(64))) rco__busy_slot;
extern RCO__TLS rco__busy_slot *rco__my_busy RCO__HIDDEN;
/* No membarrier(2): the entering side needs a real fence. */
extern bool rco__entry_fence RCO__HIDDEN;
RCO__HIDDEN void rco__critical_enter_slow(void);
RCO__HIDDEN void rco__critical_left_slow(void);
static inline void rco__critical_enter(void)
{
    rco__busy_slot *b = rco__my_busy;
    if (RCO__UNLIKELY(b == NULL)) {
        rco__critical_enter_slow(); /* no index yet */
        return;
    }
    uint32_t depth = b->depth;
#ifdef RCO__TSAN
    /* ThreadSanitizer knows neither fences nor membarrier: sequentially
     * consistent operations on both sides say the same to it. */
    __atomic_store_n(&b->depth, depth + 1, __ATOMIC_SEQ_CST);
    if (depth == 0 && (__atomic_load_n(&rco__attention[rco__thread_index], __ATOMIC_SEQ_CST) & RCO__ATTEND_STOP))
        rco__critical_enter_slow();
#else
    __atomic_store_n(&b->depth, depth + 1, __ATOMIC_RELAXED);
    if (depth == 0) {
        if (RCO__UNLIKELY(__atomic_load_n(&rco__entry_fence, __ATOMIC_RELAXED)))
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
        else
            __atomic_signal_fence(__ATOMIC_SEQ_CST);
        if (RCO__UNLIKELY(__atomic_load_n(&rco__attention[rco__thread_index], __ATOMIC_ACQUIRE) &
                          RCO__ATTEND_STOP))
            rco__critical_enter_slow();
    }
#endif
}
static inline void rco__critical_leave(void)
{
    rco__busy_slot *b = rco__my_busy;
    if (RCO__UNLIKELY(b == NULL)) {
        rco__critical_left_slow(); /* a thread that could get no index */
        return;
    }
    uint32_t depth = b->depth - 1;
    __atomic_store_n(&b->depth, depth, __ATOMIC_RELEASE);
    if (depth == 0 && RCO__UNLIKELY(__atomic_load_n(&rco__attention[rco__thread_index], __ATOMIC_RELAXED) &
                                    RCO__ATTEND_STOP))
        rco__critical_left_slow();
}

/* ---- reading without the lock ------------------------------------------ */

/* A dict a thread shares with others for reading is read without its lock
 * (types/dict.c), the way RCU readers read: inside rco__read_begin ...
 * rco__read_end, a critical section that also makes the thread's read
 * count odd. A writer that unlinks something readers may still be looking
 * at (a removed key or value, a replaced value, a rebuilt table) unlocks,
 * then calls rco__wait_for_readers before releasing or freeing it: that
 * returns once every read section that began before the unlink has ended.
 * Read sections are a probe of one table and a count taken, never a wait,
 * so the writer's wait is short, and it takes no lock a reader needs.
 * The count's atomic add is the reader's fence, paired with the writer's:
 * either the writer sees the read count odd, or the reader sees the unlink.
 * rco__read_begin is false for a thread without an index (take the lock). */
static inline bool rco__read_begin(void)
{
    rco__busy_slot *b = rco__my_busy;
    if (RCO__UNLIKELY(b == NULL))
        return false;
    rco__critical_enter();
    __atomic_fetch_add(&b->reads, 1, __ATOMIC_SEQ_CST);
    return true;
}
static inline void rco__read_end(void)
{
    rco__busy_slot *b = rco__my_busy;
    __atomic_store_n(&b->reads, b->reads + 1, __ATOMIC_RELEASE);
    rco__critical_leave();
}
/* Called by a thread in no read section; it may hold locks (readers take
 * none). */
RCO__HIDDEN void rco__wait_for_readers(void);

/* Ask thread index to merge at its next safe point (object/refcount.c
 * installs what it does then). */
RCO__HIDDEN void rco__thread_attend(uint16_t index, uint8_t what);
RCO__HIDDEN void rco__thread_on_merge(void (*fn)(uint16_t index));
/* Hold thread index, if it is detached or abandoned, from attaching (it
 * touches no object, so others may act for it): true when held, until
 * rco__thread_release. */
RCO__HIDDEN bool rco__thread_hold_if_idle(uint16_t index);
RCO__HIDDEN void rco__thread_release(uint16_t index);
/* Stop the world: wait until no other thread is in a critical section,
 * and keep them out of one until rco__start_the_world. One stopper at a
 * time; the caller must be in no critical section. Cheap when the caller
 * is the only thread. */
RCO__HIDDEN void rco__stop_the_world(void);
RCO__HIDDEN void rco__start_the_world(void);
/* Is the world stopped by this thread right now? */
RCO__HIDDEN bool rco__world_stopped(void);
/* Has another thread that used rco not exited yet? */
RCO__HIDDEN bool rco__thread_others_alive(void);
/* Does thread index touch no object until the world restarts (parked or
 * gone)? Asked by the stopper, while the world is stopped. */
RCO__HIDDEN bool rco__thread_is_idle(uint16_t index);

/* ---- what the layers above do when a thread exits ---------------------- */

/* fn(index) runs as a thread that used rco exits, before its index is
 * abandoned (hand back pools, merge what others queued to it...). */
RCO__HIDDEN void rco__thread_on_exit(void (*fn)(uint16_t index));

/* ---- a lock of one byte ---------------------------------------------- */

/* For short critical sections only (no user code, no other wait inside):
 * spins, then yields. Elided while the process has one thread. */
RCO__HIDDEN void rco__spin_lock_slow(uint8_t *lock);
static inline void rco__spin_lock(uint8_t *lock)
{
    if (!rco__multithreaded())
        return;
    rco__critical_enter();
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
    if (__atomic_load_n(lock, __ATOMIC_RELAXED)) {
        __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
        rco__critical_leave();
    }
}

/* A critical section with a pthread mutex, for longer ones that still run
 * no user code (the debug build's state). Not elided. */
RCO__HIDDEN void rco__mutex_lock(void *pthread_mutex);
RCO__HIDDEN void rco__mutex_unlock(void *pthread_mutex);

#endif
