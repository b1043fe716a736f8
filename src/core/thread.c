/*
 * core/thread.c: the registry of threads, stopping the world, and the
 * byte lock (the model is in thread.h).
 *
 * The registry is an array of slots indexed by thread index. Slot status
 * changes under state_lock (a pthread mutex: every transition is a slow
 * path); readers outside it use atomic loads. A slot is never freed: an
 * exiting thread abandons it, and the next thread to register takes the
 * lowest abandoned slot, with everything the layers above keep for that
 * index (so the objects the old thread owned get an owner again).
 */
#include "core/thread.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__thread uint16_t rco__thread_index = RCO__NO_THREAD;

uint8_t rco__attention[RCO__NO_THREAD + 1] = { [RCO__NO_THREAD] = RCO__ATTEND_REGISTER };

static int status[RCO__MAX_THREADS];
static uint16_t high_water;    /* slots 1..high_water have been used */
static uint16_t stopper;       /* the index stopping the world, or 0 */

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
    rco__safepoint(); /* not while a stopper examines the heap */
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

/* ---- safe points and stopping the world ------------------------------- */

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
    if (!(bits & RCO__ATTEND_STOP))
        return;
    pthread_mutex_lock(&state_lock);
    if (stopped_by_other(me)) {
        int was = get_status(me);
        if (was == RCO__THREAD_ATTACHED) {
            set_status(me, RCO__THREAD_SUSPENDED);
            pthread_cond_broadcast(&state_changed);
            while (get_status(me) == RCO__THREAD_SUSPENDED)
                pthread_cond_wait(&state_changed, &state_lock);
        } else {
            /* Detached, yet calling rco: it waits for the world to restart,
             * and is attached from then on (it uses objects after all). */
            wait_until_attachable(me);
            while (stopped_by_other(me))
                pthread_cond_wait(&state_changed, &state_lock);
            set_status(me, RCO__THREAD_ATTACHED);
        }
    }
    pthread_mutex_unlock(&state_lock);
}

static bool others_attached(uint16_t me)
{
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++)
        if (i != me && get_status(i) == RCO__THREAD_ATTACHED)
            return true;
    return false;
}

#ifdef RCO_DEBUG
/* The debug build says which thread a stopper waits for, every few
 * seconds: a thread that neither calls rco nor detached holds every
 * collection up. */
static void warn_waiting(uint16_t me, int seconds)
{
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++)
        if (i != me && get_status(i) == RCO__THREAD_ATTACHED)
            fprintf(stderr,
                    "rco: a collection has waited %d s for thread %u, attached but not calling rco: "
                    "call rco_thread_detach() before it blocks, rco_thread_attach() after\n",
                    seconds, (unsigned)i);
}
#endif

void rco__stop_the_world(void)
{
    uint16_t me = rco__thread_me();
    pthread_mutex_lock(&stopper_lock);
    pthread_mutex_lock(&state_lock);
    __atomic_store_n(&stopper, me, __ATOMIC_RELAXED);
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++) {
        if (i == me)
            continue;
        if (get_status(i) == RCO__THREAD_DETACHED)
            set_status(i, RCO__THREAD_PARKED);
        rco__thread_attend(i, RCO__ATTEND_STOP);
    }
    int waited = 0;
    while (others_attached(me)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        if (pthread_cond_timedwait(&state_changed, &state_lock, &until) != 0) {
            waited++;
#ifdef RCO_DEBUG
            if (waited % 5 == 0)
                warn_waiting(me, waited);
#endif
        }
    }
    pthread_mutex_unlock(&state_lock);
}

void rco__start_the_world(void)
{
    pthread_mutex_lock(&state_lock);
    uint16_t n = rco__thread_high_water();
    for (uint16_t i = 1; i <= n; i++) {
        __atomic_fetch_and(&rco__attention[i], (uint8_t)~RCO__ATTEND_STOP, __ATOMIC_RELAXED);
        int s = get_status(i);
        if (s == RCO__THREAD_SUSPENDED)
            set_status(i, RCO__THREAD_ATTACHED);
        else if (s == RCO__THREAD_PARKED)
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
