/*
 * core/thread.c: the registry of threads, critical sections and stopping
 * the world, and the byte lock (the model is in thread.h).
 *
 * The registry is an array of slots indexed by thread index. Slot status
 * changes under state_lock (a pthread mutex: every transition is a slow
 * path); readers outside it use atomic loads. A slot is never freed: an
 * exiting thread abandons it, and the next thread to register takes the
 * lowest abandoned slot, with everything the layers above keep for that
 * index (so the objects the old thread owned get an owner again).
 */
#include "core/thread.h"

#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

__thread uint16_t rco__thread_index = RCO__NO_THREAD;

uint8_t rco__attention[RCO__NO_THREAD + 1] = { [RCO__NO_THREAD] = RCO__ATTEND_REGISTER };

static int status[RCO__MAX_THREADS];
static rco__busy_slot busy[RCO__MAX_THREADS];
/* Threads that could get no index (every one taken) count here, atomically. */
static rco__busy_slot busy_without_index;
RCO__TLS rco__busy_slot *rco__my_busy;
bool rco__entry_fence;
static uint16_t high_water;    /* slots 1..high_water have been used */
static uint16_t stopper;       /* the index stopping the world, or 0 */
static int stop_depth;         /* the stopper's nested stops */

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t state_changed = PTHREAD_COND_INITIALIZER;
/* Held by the thread that stopped the world, until it starts it again. */
static pthread_mutex_t stopper_lock = PTHREAD_MUTEX_INITIALIZER;

#define MAX_EXIT_HOOKS 8
static void (*exit_hooks[MAX_EXIT_HOOKS])(uint16_t);
static int nexit_hooks;
static void (*merge_hook)(uint16_t);

static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void set_status(uint16_t i, int s)
{
    __atomic_store_n(&status[i], s, __ATOMIC_RELEASE);
}

static int get_status(uint16_t i)
{
    return __atomic_load_n(&status[i], __ATOMIC_ACQUIRE);
}

int rco__thread_status(uint16_t index)
{
    return index < RCO__MAX_THREADS ? get_status(index) : RCO__THREAD_FREE;
}

uint16_t rco__thread_high_water(void)
{
    return __atomic_load_n(&high_water, __ATOMIC_ACQUIRE);
}

void rco__thread_on_exit(void (*fn)(uint16_t index))
{
    pthread_mutex_lock(&state_lock);
    if (nexit_hooks < MAX_EXIT_HOOKS)
        exit_hooks[nexit_hooks++] = fn;
    pthread_mutex_unlock(&state_lock);
}

void rco__thread_on_merge(void (*fn)(uint16_t index))
{
    merge_hook = fn;
}

void rco__thread_attend(uint16_t index, uint8_t what)
{
    __atomic_fetch_or(&rco__attention[index], what, __ATOMIC_RELEASE);
}

static bool stopped_by_other(uint16_t me)
{
    uint16_t s = __atomic_load_n(&stopper, __ATOMIC_RELAXED);
    return s != 0 && s != me;
}

static void thread_exits(void *unused)
{
    (void)unused;
    uint16_t me = rco__thread_index;
    if (me == RCO__NO_THREAD)
        return;
    rco__safepoint();
    for (int i = 0; i < nexit_hooks; i++)
        exit_hooks[i](me);
    pthread_mutex_lock(&state_lock);
    while (stopped_by_other(me)) /* the hooks may have let one in */
        pthread_cond_wait(&state_changed, &state_lock);
    set_status(me, RCO__THREAD_ABANDONED);
    __atomic_store_n(&rco__attention[me], 0, __ATOMIC_RELAXED);
    pthread_cond_broadcast(&state_changed);
    pthread_mutex_unlock(&state_lock);
    rco__thread_index = RCO__NO_THREAD;
    rco__my_busy = NULL;
}

static void make_exit_key(void)
{
    pthread_key_create(&exit_key, thread_exits);
}

uint16_t rco__thread_register(void)
{
    if (rco__thread_index != RCO__NO_THREAD)
        return rco__thread_index;
    pthread_once(&exit_key_once, make_exit_key);
    pthread_mutex_lock(&state_lock);
    /* A new thread starts attached: it waits for a stopped world first. */
    while (__atomic_load_n(&stopper, __ATOMIC_RELAXED) != 0)
        pthread_cond_wait(&state_changed, &state_lock);
    uint16_t found = 0;
    for (uint16_t i = 1; i <= high_water; i++) {
        if (get_status(i) == RCO__THREAD_ABANDONED) {
            found = i;
            break;
        }
    }
    if (!found && high_water + 1 < RCO__MAX_THREADS)
        found = (uint16_t)(high_water + 1);
    if (found) {
        set_status(found, RCO__THREAD_ATTACHED);
        if (found > high_water)
            __atomic_store_n(&high_water, found, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&state_lock);
    if (!found)
        return 0; /* too many threads: the index stays unset */
    rco__thread_index = found;
    rco__my_busy = &busy[found];
    pthread_setspecific(exit_key, (void *)1);
    /* Whatever was queued to the index while it was abandoned. */
    if (__atomic_load_n(&rco__attention[found], __ATOMIC_RELAXED) & RCO__ATTEND_MERGE)
        rco__safepoint_slow();
    return found;
}

/* ---- detaching -------------------------------------------------------- */

void rco_thread_detach(void)
{
    uint16_t me = rco__thread_index;
    if (me == RCO__NO_THREAD)
        return; /* never used rco: nothing waits for it anyway */
    rco__safepoint();
    pthread_mutex_lock(&state_lock);
    if (get_status(me) == RCO__THREAD_ATTACHED) {
        set_status(me, RCO__THREAD_DETACHED);
        pthread_cond_broadcast(&state_changed); /* a stopper may be waiting for us */
    }
    pthread_mutex_unlock(&state_lock);
}

/* Wait until this detached thread may attach again (state_lock held). */
static void wait_until_attachable(uint16_t me)
{
    for (;;) {
        int s = get_status(me);
        if (s != RCO__THREAD_PARKED && s != RCO__THREAD_HELD_DETACHED)
            return;
        pthread_cond_wait(&state_changed, &state_lock);
    }
}

void rco_thread_attach(void)
{
    uint16_t me = rco__thread_index;
    if (me == RCO__NO_THREAD) {
        rco__thread_register();
        return;
    }
    pthread_mutex_lock(&state_lock);
    wait_until_attachable(me);
    if (get_status(me) == RCO__THREAD_DETACHED)
        set_status(me, RCO__THREAD_ATTACHED);
    pthread_mutex_unlock(&state_lock);
    rco__safepoint();
}

bool rco__thread_hold_if_idle(uint16_t index)
{
    pthread_mutex_lock(&state_lock);
    int s = get_status(index);
    bool held = s == RCO__THREAD_DETACHED || s == RCO__THREAD_ABANDONED;
    if (held)
        set_status(index, s == RCO__THREAD_DETACHED ? RCO__THREAD_HELD_DETACHED : RCO__THREAD_HELD_ABANDONED);
    pthread_mutex_unlock(&state_lock);
    return held;
}

void rco__thread_release(uint16_t index)
{
    pthread_mutex_lock(&state_lock);
    int s = get_status(index);
    set_status(index, s == RCO__THREAD_HELD_DETACHED ? RCO__THREAD_DETACHED : RCO__THREAD_ABANDONED);
    pthread_cond_broadcast(&state_changed);
    pthread_mutex_unlock(&state_lock);
}

/* ---- safe points, critical sections, stopping the world -------------- */

void rco__safepoint_slow(void)
{
    uint16_t me = rco__thread_index;
    if (me == RCO__NO_THREAD) {
        if (rco__thread_register() == 0)
            return; /* no index to give: it can only use others' objects */
        me = rco__thread_index;
    }
    uint8_t bits = __atomic_fetch_and(&rco__attention[me], (uint8_t)~RCO__ATTEND_MERGE, __ATOMIC_ACQUIRE);
    if ((bits & RCO__ATTEND_MERGE) && merge_hook)
        merge_hook(me);
    if (get_status(me) == RCO__THREAD_DETACHED)
        rco_thread_attach(); /* detached, yet calling rco: it uses objects after all */
}

/* The world is stopped by another: wait for it to start (state_lock held). */
static void wait_for_world(uint16_t me)
{
    int was = get_status(me);
    if (was == RCO__THREAD_ATTACHED)
        set_status(me, RCO__THREAD_SUSPENDED);
    while (stopped_by_other(me))
        pthread_cond_wait(&state_changed, &state_lock);
    if (was == RCO__THREAD_ATTACHED)
        set_status(me, RCO__THREAD_ATTACHED);
}

void rco__critical_enter_slow(void)
{
    if (!rco__my_busy) {
        uint16_t me = rco__thread_me();
        if (me == 0) {
            /* Every index taken: counted together, and never held off (the
             * stopper waits for the count to reach zero instead). */
            __atomic_fetch_add(&busy_without_index.depth, 1, __ATOMIC_SEQ_CST);
            return;
        }
        rco__critical_enter();
        return;
    }
    /* Counted busy, then saw the stop request: step back, wait, retry. */
    uint16_t me = rco__thread_index;
    for (;;) {
        __atomic_store_n(&rco__my_busy->depth, 0, __ATOMIC_RELEASE);
        pthread_mutex_lock(&state_lock);
        pthread_cond_broadcast(&state_changed); /* the stopper may have seen us busy */
        wait_for_world(me);
        pthread_mutex_unlock(&state_lock);
        __atomic_store_n(&rco__my_busy->depth, 1, __ATOMIC_SEQ_CST);
        if (!(__atomic_load_n(&rco__attention[me], __ATOMIC_SEQ_CST) & RCO__ATTEND_STOP))
            return;
    }
}

void rco__critical_left_slow(void)
{
    if (!rco__my_busy) {
        if (__atomic_sub_fetch(&busy_without_index.depth, 1, __ATOMIC_RELEASE) != 0)
            return;
    }
    pthread_mutex_lock(&state_lock);
    pthread_cond_broadcast(&state_changed); /* a stopper waits for us */
    pthread_mutex_unlock(&state_lock);
}

void rco__mutex_lock(void *m)
{
    rco__critical_enter();
    pthread_mutex_lock(m);
}

void rco__mutex_unlock(void *m)
{
    pthread_mutex_unlock(m);
    rco__critical_leave();
}

/* The stopper's half of the handshake: after this, every thread either
 * shows its busy count to the stopper or sees the stop request. */
static void fence_every_thread(void)
{
#ifndef RCO__TSAN
    if (!rco__entry_fence)
        syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
#endif
}

/* Before any thread can enter a critical section: can the stopper fence
 * for everyone? */
__attribute__((constructor)) static void choose_fence(void)
{
#ifndef RCO__TSAN
    if (syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0)
        rco__entry_fence = true;
#endif
}

static bool others_busy(uint16_t me)
{
    if (__atomic_load_n(&busy_without_index.depth, __ATOMIC_ACQUIRE))
        return true;
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++)
        if (i != me && __atomic_load_n(&busy[i].depth, __ATOMIC_SEQ_CST) != 0)
            return true;
    return false;
}

#ifdef RCO_DEBUG
/* A critical section is short: one that holds a stopper for seconds is a
 * deadlock, and the debug build names the thread. */
static void warn_waiting(uint16_t me, int seconds)
{
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++)
        if (i != me && __atomic_load_n(&busy[i].depth, __ATOMIC_ACQUIRE) != 0)
            fprintf(stderr,
                    "rco: a collection has waited %d s for thread %u to leave a critical section "
                    "of the library (a lock held across a wait?)\n",
                    seconds, (unsigned)i);
}
#endif

/* While the process has one thread, stopping the world is only a mark (a
 * thread made meanwhile registers, which waits for the mark to go). */
static bool stopped_alone;

void rco__stop_the_world(void)
{
    uint16_t me = rco__thread_me();
    if (rco__world_stopped()) {
        stop_depth++; /* user code run by the stopper (a traverse slot) stopping it again */
        return;
    }
    if (!rco__multithreaded()) {
        pthread_mutex_lock(&stopper_lock);
        __atomic_store_n(&stopper, me, __ATOMIC_RELAXED);
        stopped_alone = true;
        return;
    }
    pthread_mutex_lock(&stopper_lock);
    pthread_mutex_lock(&state_lock);
    __atomic_store_n(&stopper, me, __ATOMIC_RELAXED);
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++) {
        if (i == me)
            continue;
        if (get_status(i) == RCO__THREAD_DETACHED)
            set_status(i, RCO__THREAD_PARKED);
        __atomic_fetch_or(&rco__attention[i], RCO__ATTEND_STOP, __ATOMIC_SEQ_CST);
    }
    fence_every_thread();
    int waited = 0;
    while (others_busy(me)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        if (pthread_cond_timedwait(&state_changed, &state_lock, &until) != 0) {
            waited++;
#ifdef RCO_DEBUG
            if (waited % 50 == 0)
                warn_waiting(me, waited / 10);
#endif
        }
    }
    pthread_mutex_unlock(&state_lock);
}

void rco__start_the_world(void)
{
    if (stop_depth > 0) {
        stop_depth--;
        return;
    }
    if (stopped_alone) {
        stopped_alone = false;
        pthread_mutex_lock(&state_lock);
        __atomic_store_n(&stopper, 0, __ATOMIC_RELAXED);
        pthread_cond_broadcast(&state_changed); /* a thread made meanwhile may wait to register */
        pthread_mutex_unlock(&state_lock);
        pthread_mutex_unlock(&stopper_lock);
        return;
    }
    pthread_mutex_lock(&state_lock);
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++) {
        __atomic_fetch_and(&rco__attention[i], (uint8_t)~RCO__ATTEND_STOP, __ATOMIC_RELEASE);
        if (get_status(i) == RCO__THREAD_PARKED)
            set_status(i, RCO__THREAD_DETACHED);
    }
    __atomic_store_n(&stopper, 0, __ATOMIC_RELAXED);
    pthread_cond_broadcast(&state_changed);
    pthread_mutex_unlock(&state_lock);
    pthread_mutex_unlock(&stopper_lock);
}

bool rco__world_stopped(void)
{
    return __atomic_load_n(&stopper, __ATOMIC_RELAXED) == rco__thread_index && rco__thread_index != 0;
}

bool rco__thread_others_alive(void)
{
    uint16_t me = rco__thread_index, n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++) {
        int st = get_status(i);
        if (i != me && st != RCO__THREAD_FREE && st != RCO__THREAD_ABANDONED && st != RCO__THREAD_HELD_ABANDONED)
            return true;
    }
    return false;
}

bool rco__thread_is_idle(uint16_t index)
{
    int s = get_status(index);
    return s == RCO__THREAD_PARKED || s == RCO__THREAD_ABANDONED;
}

/* ---- the byte lock ---------------------------------------------------- */

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

void rco__spin_lock_slow(uint8_t *lock)
{
    for (unsigned spins = 0;; spins++) {
        uint8_t expected = 0;
        if (__atomic_load_n(lock, __ATOMIC_RELAXED) == 0 &&
            __atomic_compare_exchange_n(lock, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return;
        if (spins < 100)
            cpu_relax();
        else
            sched_yield(); /* the holder may have been preempted */
    }
}

/* ---- waiting for readers ----------------------------------------------- */

void rco__wait_for_readers(void)
{
    if (!rco__multithreaded())
        return; /* no other thread: none is reading */
    /* The fence that pairs with the readers' add (core/thread.h). Under
     * ThreadSanitizer, which does not model fences, an add of 0 to this
     * thread's own count, which it does (and x86 makes a full barrier). */
#ifdef __SANITIZE_THREAD__
    static uint32_t no_count; /* (a thread rco has not met yet) */
    __atomic_fetch_add(rco__my_busy ? &rco__my_busy->reads : &no_count, 0, __ATOMIC_SEQ_CST);
#else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
    uint16_t me = rco__thread_index, n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++) {
        if (i == me)
            continue;
        uint32_t reads = __atomic_load_n(&busy[i].reads, __ATOMIC_SEQ_CST);
        for (unsigned spins = 0; (reads & 1) && __atomic_load_n(&busy[i].reads, __ATOMIC_ACQUIRE) == reads;
             spins++) {
            if (spins < 100) {
                cpu_relax();
            } else if (spins < 200) {
                sched_yield(); /* the reader may have been preempted */
            } else {
                /* ... and not be given the core back by yielding (one
                 * core for many threads; valgrind's scheduler) */
                struct timespec pause = { 0, 20 * 1000 };
                nanosleep(&pause, NULL);
            }
        }
    }
}
