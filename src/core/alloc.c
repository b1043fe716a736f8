/*
 * core/alloc.c: the single door to memory.
 *
 * Small blocks (<= RCO__SMALL_MAX bytes) live in pools: 16 KiB pages, each
 * serving one size class (multiples of 8 bytes), with a pool header at the
 * start so that a block finds its pool by masking its address. A pool hands
 * out blocks from its free list, or else from its never-used tail (bump).
 * Pools come from arenas of 64 pools (1 MiB) taken from the system allocator.
 *
 * Each thread has a heap: its own pools, one list of pools with room per
 * size class. Only the owning thread touches a pool's free list, bump and
 * lists, so its allocations and frees take no lock. Another thread frees a
 * block by pushing it on the pool's remote stack (atomic); the owner takes
 * the stack back when the pool runs out. A pool found full is unlisted and
 * its remote word set to RCO__POOL_FULL: the next thread to free into it
 * clears the mark and pushes its block on the heap's delayed stack instead,
 * where the owner finds it and lists the pool again. The freeing thread
 * reads the pool's heap while its block is still counted in `used`, so the
 * pool cannot have changed hands. When a thread exits, its heap waits,
 * pools and all, for the next thread that takes its index.
 *
 * Lists kept:
 *   heap->usable[c] pools of class c that had room when last looked at
 *                   ("listed"); a full pool is unlisted lazily, when an
 *                   allocation finds it full;
 *   heap->delayed   blocks freed by others into full pools (above);
 *   available       arenas with a pool never used or given back;
 *   arenas          every arena, for rco_shutdown;
 *   large           every large block (32-byte header), for rco_shutdown.
 * The last three are shared, under arena_lock (slow paths only).
 *
 * An empty pool goes back to its arena unless it is the last pool on its
 * class's list (so that one object created and freed in a loop does not
 * churn pools: at most one empty pool per class stays); an arena whose pools
 * are all back returns to the system, except the last one with room.
 *
 * Every allocation of the library passes through rco__alloc, so the failure
 * injection of rco_debug_fail_alloc covers them all, from every thread.
 *
 * Pools hide objects from the tools a C programmer debugs with: a freed
 * object's block is reused at once, unseen by ASan and memcheck, and a
 * leaked object is no leaked block. So there are "system blocks": with
 * RCO_MALLOC=malloc in the environment, and by default under valgrind and
 * when librco itself is built with ASan, every block goes to the system
 * allocator (as CPython's PYTHONMALLOC=malloc), which the tools watch with
 * both stacks. Such a block carries a trailer linking it to the others so
 * that rco_shutdown still frees everything; the links are stored inverted,
 * so that memcheck and LeakSanitizer, which scan memory for pointers, do
 * not take a leaked block as reachable through them. The choice is made
 * once, before the first allocation. RCO_MALLOC=pool keeps the pools; in
 * an ASan build they then poison every freed block and keep it out of
 * reuse for a while (a per-thread quarantine), so that a use is still
 * reported, without stacks.
 */
#include "core/alloc.h"
#include "core/error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#if RCO__ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define HAVE_VALGRIND_H 1
#endif
#endif

typedef struct rco__arena {
    char *raw;                  /* as returned by the system allocator */
    char *base;                 /* first pool, aligned to RCO__POOL_SIZE */
    rco__pool *returned;        /* pools given back, linked through next */
    unsigned never_used;        /* pools from this index on were never used */
    unsigned pools_out;         /* pools handed to heaps */
    struct rco__arena *next, *prev;             /* all arenas */
    struct rco__arena *next_avail, *prev_avail; /* arenas with room */
    bool available;
} rco__arena;

/* 32 bytes, so that large blocks keep the system allocator's alignment. */
typedef struct rco__large {
    struct rco__large *next, *prev;
    size_t size;
    size_t unused;
} rco__large;

/* At the end of a system block (8-aligned, after its n bytes), so that the
 * block starts where its object does and memcheck sees a live object's
 * pointer as pointing at its block. Every field inverted (see above). */
typedef struct rco__system_trailer {
    uintptr_t next, prev; /* the neighbours' trailers */
    uintptr_t block;
    uintptr_t size;
} rco__system_trailer;

#define POOL_HEADER_SIZE ((sizeof(rco__pool) + 15) & ~(size_t)15)

rco__memory rco__mem;
__thread rco__heap *rco__my_heap;

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    struct rco__arena *arenas;    /* every arena */
    struct rco__arena *available; /* arenas with a pool to hand out */
    struct rco__large *large;     /* every large block */
    uintptr_t system;             /* every system block's trailer, inverted */
    size_t arenas_reserved;
    size_t large_reserved;        /* large blocks with their headers */
    size_t system_blocks, system_bytes;
} shared;

static rco__heap *heaps[RCO__MAX_THREADS];

static void *sys_malloc(size_t n)
{
    if (rco__mem.sys_malloc)
        return rco__mem.sys_malloc(n, rco__mem.sys_ctx);
    return malloc(n);
}

static void sys_free(void *p)
{
    if (rco__mem.sys_free)
        rco__mem.sys_free(p, rco__mem.sys_ctx);
    else
        free(p);
}

static void *sys_realloc(void *p, size_t n)
{
    if (rco__mem.sys_realloc)
        return rco__mem.sys_realloc(p, n, rco__mem.sys_ctx);
    if (rco__mem.sys_malloc)
        return NULL; /* a custom allocator without realloc: caller copies */
    return realloc(p, n);
}

/* The failure injection of rco_debug_fail_alloc: true if this allocation
 * must fail. The countdown is shared by every thread. */
static bool injected_failure(void)
{
    long n = __atomic_load_n(&rco__mem.fail_countdown, __ATOMIC_RELAXED);
    while (n != 0) {
        long next = n - 1 == 0 && rco__mem.fail_persistent ? 1 : n - 1;
        if (__atomic_compare_exchange_n(&rco__mem.fail_countdown, &n, next, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED)) {
            if (n - 1 > 0)
                return false;
            __atomic_fetch_add(&rco__mem.failed_on_purpose, 1, __ATOMIC_RELAXED);
            return true;
        }
    }
    return false;
}

/* ---- pools or system blocks ------------------------------------------ */

static bool under_valgrind(void)
{
#ifdef HAVE_VALGRIND_H
    if (RUNNING_ON_VALGRIND)
        return true;
#endif
    /* Built without valgrind.h: valgrind preloads its own libraries. */
    const char *preload = getenv("LD_PRELOAD");
    return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

static void choose_blocks(void)
{
    rco__mem.one_thread_at_a_time = under_valgrind();
    bool system = RCO__ASAN || rco__mem.one_thread_at_a_time;
    const char *mode = getenv("RCO_MALLOC");
    if (mode && *mode) {
        if (strcmp(mode, "malloc") == 0)
            system = true;
        else if (strcmp(mode, "pool") == 0)
            system = false;
        else
            fprintf(stderr, "rco: RCO_MALLOC=%s is neither 'malloc' nor 'pool'; ignored\n", mode);
    }
    rco__mem.system_blocks = system;
    rco__mem.pool_max = system ? 0 : RCO__SMALL_MAX;
}

static pthread_once_t blocks_chosen = PTHREAD_ONCE_INIT;

/* ---- system blocks (RCO_MALLOC=malloc) ------------------------------- */

static uintptr_t hide(const void *p)
{
    return p ? ~(uintptr_t)p : 0;
}

static void *unhide(uintptr_t v)
{
    return v ? (void *)~v : NULL;
}

static size_t trailer_offset(size_t n)
{
    return ((n ? n : 1) + 7) & ~(size_t)7;
}

static rco__system_trailer *trailer_of(void *p, size_t n)
{
    return (rco__system_trailer *)((char *)p + trailer_offset(n));
}

/* Under arena_lock, both. */
static void system_link(void *p, size_t n)
{
    rco__system_trailer *t = trailer_of(p, n);
    t->block = hide(p);
    t->size = hide((void *)n);
    t->prev = 0;
    t->next = shared.system;
    rco__system_trailer *next = unhide(shared.system);
    if (next)
        next->prev = hide(t);
    shared.system = hide(t);
    shared.system_blocks++;
    shared.system_bytes += n;
}

static void system_unlink(void *p, size_t n)
{
    rco__system_trailer *t = trailer_of(p, n);
    rco__system_trailer *prev = unhide(t->prev), *next = unhide(t->next);
    if (prev)
        prev->next = t->next;
    else
        shared.system = t->next;
    if (next)
        next->prev = t->prev;
    shared.system_blocks--;
    shared.system_bytes -= n;
}

static bool system_size_ok(size_t n)
{
    return n <= SIZE_MAX - 8 - sizeof(rco__system_trailer);
}

static void *alloc_system(size_t n)
{
    if (!system_size_ok(n))
        return NULL;
    char *p = sys_malloc(trailer_offset(n) + sizeof(rco__system_trailer));
    if (!p)
        return NULL;
    pthread_mutex_lock(&arena_lock);
    system_link(p, n);
    pthread_mutex_unlock(&arena_lock);
    return p;
}

static void free_system(void *p, size_t n)
{
    pthread_mutex_lock(&arena_lock);
    system_unlink(p, n);
    pthread_mutex_unlock(&arena_lock);
    sys_free(p);
}

/* Through the system's realloc, so that memcheck sees one block moved;
 * p stays linked when it fails. */
static void *realloc_system(void *p, size_t old_n, size_t new_n)
{
    if (!system_size_ok(new_n))
        return NULL;
    pthread_mutex_lock(&arena_lock);
    system_unlink(p, old_n);
    void *q = sys_realloc(p, trailer_offset(new_n) + sizeof(rco__system_trailer));
    system_link(q ? q : p, q ? new_n : old_n);
    pthread_mutex_unlock(&arena_lock);
    return q;
}

/* ---- arenas (under arena_lock) ---------------------------------------- */

static void avail_link(rco__arena *ar)
{
    if (ar->available)
        return;
    ar->available = true;
    ar->prev_avail = NULL;
    ar->next_avail = shared.available;
    if (shared.available)
        shared.available->prev_avail = ar;
    shared.available = ar;
}

static void avail_unlink(rco__arena *ar)
{
    if (!ar->available)
        return;
    ar->available = false;
    if (ar->prev_avail)
        ar->prev_avail->next_avail = ar->next_avail;
    else
        shared.available = ar->next_avail;
    if (ar->next_avail)
        ar->next_avail->prev_avail = ar->prev_avail;
}

static rco__arena *arena_new(void)
{
    rco__arena *ar = sys_malloc(sizeof *ar);
    if (!ar)
        return NULL;
    size_t bytes = RCO__POOLS_PER_ARENA * RCO__POOL_SIZE;
    char *raw = sys_malloc(bytes + RCO__POOL_SIZE);
    if (!raw) {
        sys_free(ar);
        return NULL;
    }
    memset(ar, 0, sizeof *ar);
    ar->raw = raw;
    ar->base = (char *)(((uintptr_t)raw + RCO__POOL_SIZE - 1) & ~(uintptr_t)(RCO__POOL_SIZE - 1));
    ar->next = shared.arenas;
    if (shared.arenas)
        shared.arenas->prev = ar;
    shared.arenas = ar;
    shared.arenas_reserved += bytes + RCO__POOL_SIZE;
    avail_link(ar);
    return ar;
}

static void arena_free(rco__arena *ar)
{
    avail_unlink(ar);
    if (ar->prev)
        ar->prev->next = ar->next;
    else
        shared.arenas = ar->next;
    if (ar->next)
        ar->next->prev = ar->prev;
    shared.arenas_reserved -= RCO__POOLS_PER_ARENA * RCO__POOL_SIZE + RCO__POOL_SIZE;
    sys_free(ar->raw);
    sys_free(ar);
}

static rco__pool *pool_take(void)
{
    pthread_mutex_lock(&arena_lock);
    rco__arena *ar = shared.available;
    if (!ar && !(ar = arena_new())) {
        pthread_mutex_unlock(&arena_lock);
        return NULL;
    }
    rco__pool *pool;
    if (ar->returned) {
        pool = ar->returned;
        ar->returned = pool->next;
    } else {
        pool = (rco__pool *)(ar->base + (size_t)ar->never_used * RCO__POOL_SIZE);
        ar->never_used++;
    }
    ar->pools_out++;
    if (!ar->returned && ar->never_used == RCO__POOLS_PER_ARENA)
        avail_unlink(ar);
    pool->arena = ar;
    pthread_mutex_unlock(&arena_lock);
    return pool;
}

static void pool_give_back(rco__pool *pool)
{
    pthread_mutex_lock(&arena_lock);
    rco__arena *ar = pool->arena;
    pool->heap = NULL;
    pool->next = ar->returned;
    ar->returned = pool;
    ar->pools_out--;
    avail_link(ar);
    if (ar->pools_out == 0 && (ar->next_avail || ar->prev_avail))
        arena_free(ar); /* keep the last arena with room for the next pool */
    pthread_mutex_unlock(&arena_lock);
}

/* ---- pools (the owning thread only) ----------------------------------- */

static void pool_list(rco__heap *h, rco__pool *pool)
{
    rco__pool **head = &h->usable[pool->size_class];
    /* Listed again by its owner's own free: no longer marked full (unless
     * a freeing thread took the mark first and went to the delayed stack). */
    uintptr_t full = RCO__POOL_FULL;
    __atomic_compare_exchange_n(&pool->remote, &full, 0, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    pool->listed = true;
    pool->prev = NULL;
    pool->next = *head;
    if (*head)
        (*head)->prev = pool;
    *head = pool;
}

static void pool_unlist(rco__heap *h, rco__pool *pool)
{
    rco__pool **head = &h->usable[pool->size_class];
    pool->listed = false;
    if (pool->prev)
        pool->prev->next = pool->next;
    else
        *head = pool->next;
    if (pool->next)
        pool->next->prev = pool->prev;
}

/* Take back the blocks other threads freed into a listed pool (a listed
 * pool is never marked full). */
static void pool_take_remote(rco__pool *pool)
{
    if (!__atomic_load_n(&pool->remote, __ATOMIC_RELAXED))
        return;
    void *b = (void *)__atomic_exchange_n(&pool->remote, 0, __ATOMIC_ACQUIRE);
    uint32_t n = 0;
    while (b) {
        void *next = *(void **)b;
        *(void **)b = pool->free_blocks;
        pool->free_blocks = b;
        b = next;
        n++;
    }
    pool->used -= n;
    __atomic_fetch_sub(&pool->remote_count, n, __ATOMIC_RELAXED);
}

/* Mark a full pool before unlisting it; false if a block came back
 * meanwhile (then the pool is not full any more). */
static bool pool_mark_full(rco__pool *pool)
{
    uintptr_t empty = 0;
    return __atomic_compare_exchange_n(&pool->remote, &empty, RCO__POOL_FULL, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_RELAXED);
}

static bool pool_is_full(const rco__pool *pool)
{
    return pool->free_blocks == NULL && pool->bump >= pool->limit;
}

/* The pool has lost blocks: back on its list, or to its arena when empty
 * (unless it is the last pool of its class's list). */
static void pool_settle(rco__heap *h, rco__pool *pool)
{
    if (pool->used == 0 && !(pool->listed && pool->next == NULL && pool->prev == NULL)) {
        if (pool->listed)
            pool_unlist(h, pool);
        pool_give_back(pool);
        return;
    }
    if (!pool->listed && !pool_is_full(pool))
        pool_list(h, pool);
}

/* Blocks other threads freed into full pools: freed here, their pools
 * listed again. */
static void take_delayed(rco__heap *h)
{
    void *b = __atomic_exchange_n(&h->delayed, NULL, __ATOMIC_ACQUIRE);
    while (b) {
        void *next = *(void **)b;
        rco__pool *pool = (rco__pool *)((uintptr_t)b & ~(uintptr_t)(RCO__POOL_SIZE - 1));
        *(void **)b = pool->free_blocks;
        pool->free_blocks = b;
        pool->used--;
        __atomic_fetch_sub(&pool->remote_count, 1, __ATOMIC_RELAXED);
        pool_settle(h, pool);
        b = next;
    }
}

static rco__pool *pool_new(rco__heap *h, size_t size_class)
{
    rco__pool *pool = pool_take();
    if (!pool)
        return NULL;
    size_t block = (size_class + 1) * 8;
    char *start = (char *)pool + POOL_HEADER_SIZE;
    size_t nblocks = (RCO__POOL_SIZE - POOL_HEADER_SIZE) / block;
    pool->free_blocks = NULL;
    pool->bump = start;
    pool->limit = start + nblocks * block;
    pool->used = 0;
    pool->size_class = (uint32_t)size_class;
    pool->remote = 0;
    pool->remote_count = 0;
    POISON(start, (size_t)((char *)pool + RCO__POOL_SIZE - start));
    __atomic_store_n(&pool->heap, h, __ATOMIC_RELEASE);
    pool_list(h, pool);
    return pool;
}

static void *alloc_small(rco__heap *h, size_t n)
{
    size_t c = rco__size_class(n);
    if (__atomic_load_n(&h->delayed, __ATOMIC_RELAXED))
        take_delayed(h);
    rco__pool *pool;
    while ((pool = h->usable[c]) != NULL) {
        if (pool_is_full(pool))
            pool_take_remote(pool);
        if (!pool_is_full(pool))
            break;
        if (pool_mark_full(pool))
            pool_unlist(h, pool);
    }
    if (!pool && !(pool = pool_new(h, c)))
        return NULL;
    void *b = pool->free_blocks;
    if (b) {
        pool->free_blocks = *(void **)b;
    } else {
        b = pool->bump;
        pool->bump += (c + 1) * 8;
    }
    pool->used++;
    UNPOISON(b, (c + 1) * 8);
    return b;
}

static void *alloc_large(size_t n)
{
    if (n > SIZE_MAX - sizeof(rco__large))
        return NULL;
    rco__large *h = sys_malloc(sizeof(rco__large) + n);
    if (!h)
        return NULL;
    h->size = n;
    pthread_mutex_lock(&arena_lock);
    rco__large **head = &shared.large;
    shared.large_reserved += sizeof(rco__large) + n;
    h->prev = NULL;
    h->next = *head;
    if (*head)
        (*head)->prev = h;
    *head = h;
    pthread_mutex_unlock(&arena_lock);
    return h + 1;
}

/* This thread's heap, made on its first allocation (kept per thread index:
 * a thread taking an abandoned index takes its heap too). */
static rco__heap *my_heap(void)
{
    rco__heap *h = rco__my_heap;
    if (RCO__LIKELY(h != NULL))
        return h;
    uint16_t me = rco__thread_me();
    if (me == 0)
        return NULL;
    h = heaps[me];
    if (!h) {
        h = calloc(1, sizeof *h);
        if (!h)
            return NULL;
        h->index = me;
        heaps[me] = h;
    }
    rco__my_heap = h;
    return h;
}

void *rco__alloc_slow(size_t n)
{
    pthread_once(&blocks_chosen, choose_blocks);
    if (injected_failure()) {
        rco__err_memory();
        return NULL;
    }
    if (n == 0)
        n = 1;
    void *p;
    if (n > rco__mem.pool_max) {
        /* A thread registers on its first allocation (objects record
         * their owner's index), which is never a large one with pools. */
        if (rco__mem.system_blocks && rco__thread_me() == 0)
            goto too_many_threads;
        p = rco__mem.system_blocks ? alloc_system(n) : alloc_large(n);
    } else {
        rco__heap *h = my_heap();
        if (!h)
            goto too_many_threads;
        p = alloc_small(h, n);
    }
    if (!p)
        rco__err_memory();
    return p;
too_many_threads:
    rco__err_set(RCO_ERR_RUNTIME, "too many threads use rco at once (at most %d)", RCO__MAX_THREADS - 1);
    return NULL;
}

/* A block freed by a thread that does not own its pool. Counted first, so
 * that the owner never takes back more than was counted. */
static void free_remote(void *p, rco__pool *pool)
{
    __atomic_fetch_add(&pool->remote_count, 1, __ATOMIC_RELAXED);
    uintptr_t top = __atomic_load_n(&pool->remote, __ATOMIC_RELAXED);
    for (;;) {
        if (top == RCO__POOL_FULL) {
            if (!__atomic_compare_exchange_n(&pool->remote, &top, 0, true, __ATOMIC_ACQUIRE,
                                             __ATOMIC_RELAXED))
                continue;
            rco__heap *h = pool->heap;
            void *head = __atomic_load_n(&h->delayed, __ATOMIC_RELAXED);
            do {
                *(void **)p = head;
            } while (!__atomic_compare_exchange_n(&h->delayed, &head, p, true, __ATOMIC_RELEASE,
                                                  __ATOMIC_RELAXED));
            return;
        }
        *(void **)p = (void *)top;
        if (__atomic_compare_exchange_n(&pool->remote, &top, (uintptr_t)p, true, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED))
            return;
    }
}

#if RCO__ASAN
/* Pool blocks freed by this thread, poisoned, waiting before they may be
 * reused (ASan builds with RCO_MALLOC=pool). Counted apart, for
 * rco_mem_stats: to the program they are free. */
#define QUARANTINE_BLOCKS 4096
static __thread struct {
    void *block[QUARANTINE_BLOCKS];
    unsigned oldest, count;
} quarantine;
static size_t quarantined_blocks, quarantined_bytes;

static size_t block_size(const void *p)
{
    const rco__pool *pool = (const rco__pool *)((uintptr_t)p & ~(uintptr_t)(RCO__POOL_SIZE - 1));
    return ((size_t)pool->size_class + 1) * 8;
}

/* Poison p and keep it; the block to free now instead (its link word
 * unpoisoned), or NULL while the quarantine fills. */
static void *quarantine_swap(void *p)
{
    size_t size = block_size(p);
    POISON(p, size);
    void *out = NULL;
    if (quarantine.count == QUARANTINE_BLOCKS) {
        out = quarantine.block[quarantine.oldest];
        quarantine.block[quarantine.oldest] = p;
        quarantine.oldest = (quarantine.oldest + 1) % QUARANTINE_BLOCKS;
        __atomic_fetch_add(&quarantined_bytes, size - block_size(out), __ATOMIC_RELAXED);
        UNPOISON(out, sizeof(void *));
        return out;
    }
    quarantine.block[(quarantine.oldest + quarantine.count++) % QUARANTINE_BLOCKS] = p;
    __atomic_fetch_add(&quarantined_blocks, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&quarantined_bytes, size, __ATOMIC_RELAXED);
    return NULL;
}

static void free_block(void *p, rco__pool *pool);

/* A thread leaving frees what it kept. */
static void quarantine_flush(void)
{
    while (quarantine.count) {
        void *p = quarantine.block[quarantine.oldest];
        quarantine.oldest = (quarantine.oldest + 1) % QUARANTINE_BLOCKS;
        quarantine.count--;
        __atomic_fetch_sub(&quarantined_blocks, 1, __ATOMIC_RELAXED);
        __atomic_fetch_sub(&quarantined_bytes, block_size(p), __ATOMIC_RELAXED);
        UNPOISON(p, sizeof(void *));
        free_block(p, (rco__pool *)((uintptr_t)p & ~(uintptr_t)(RCO__POOL_SIZE - 1)));
    }
}

/* rco_shutdown: the blocks kept are in the pools it frees. */
static void quarantine_forget(void)
{
    quarantine.count = 0;
    __atomic_store_n(&quarantined_blocks, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&quarantined_bytes, 0, __ATOMIC_RELAXED);
}
#else
static void quarantine_flush(void) {}
static void quarantine_forget(void) {}
#endif

static void free_block(void *p, rco__pool *pool)
{
    rco__heap *h = rco__my_heap;
    if (pool->heap != h) {
        free_remote(p, pool);
        return;
    }
    *(void **)p = pool->free_blocks;
    pool->free_blocks = p;
    pool->used--;
    pool_settle(h, pool);
}

void rco__free_slow(void *p, size_t n, rco__pool *pool)
{
    (void)n;
#if RCO__ASAN
    if (!(p = quarantine_swap(p)))
        return;
    pool = (rco__pool *)((uintptr_t)p & ~(uintptr_t)(RCO__POOL_SIZE - 1));
#endif
    free_block(p, pool);
}

void rco__free_large(void *p, size_t n)
{
    if (rco__mem.system_blocks) {
        free_system(p, n);
        return;
    }
    rco__large *h = (rco__large *)p - 1;
    pthread_mutex_lock(&arena_lock);
    shared.large_reserved -= sizeof(rco__large) + h->size;
    if (h->prev)
        h->prev->next = h->next;
    else
        shared.large = h->next;
    if (h->next)
        h->next->prev = h->prev;
    pthread_mutex_unlock(&arena_lock);
    sys_free(h);
}

void *rco__realloc(void *p, size_t old_n, size_t new_n)
{
    if (!p)
        return rco__alloc(new_n);
    bool system_can_resize = rco__mem.sys_malloc == NULL || rco__mem.sys_realloc != NULL;
    if (rco__mem.system_blocks && system_can_resize) {
        void *q = injected_failure() ? NULL : realloc_system(p, old_n, new_n);
        if (!q)
            rco__err_memory();
        return q;
    }
    if (old_n > RCO__SMALL_MAX && new_n > RCO__SMALL_MAX && system_can_resize) {
        /* Large to large: let the system move it, then relink the header. */
        if (injected_failure() || new_n > SIZE_MAX - sizeof(rco__large)) {
            rco__err_memory();
            return NULL;
        }
        rco__large *h = (rco__large *)p - 1;
        pthread_mutex_lock(&arena_lock);
        rco__large *prev = h->prev, *next = h->next;
        rco__large *nh = sys_realloc(h, sizeof(rco__large) + new_n);
        if (!nh) {
            pthread_mutex_unlock(&arena_lock);
            rco__err_memory();
            return NULL;
        }
        shared.large_reserved += new_n - nh->size;
        nh->size = new_n;
        if (prev)
            prev->next = nh;
        else
            shared.large = nh;
        if (next)
            next->prev = nh;
        pthread_mutex_unlock(&arena_lock);
        return nh + 1;
    }
    void *q = rco__alloc(new_n);
    if (!q)
        return NULL;
    memcpy(q, p, old_n < new_n ? old_n : new_n);
    rco__free(p, old_n);
    return q;
}

void rco__alloc_release_all(void)
{
    quarantine_forget();
    pthread_mutex_lock(&arena_lock);
    while (shared.system) {
        rco__system_trailer *t = unhide(shared.system);
        shared.system = t->next;
        sys_free(unhide(t->block));
    }
    shared.system_blocks = shared.system_bytes = 0;
    while (shared.large) {
        rco__large *h = shared.large;
        shared.large = h->next;
        sys_free(h);
    }
    while (shared.arenas) {
        rco__arena *ar = shared.arenas;
        shared.arenas = ar->next;
        sys_free(ar->raw);
        sys_free(ar);
    }
    shared.available = NULL;
    shared.arenas_reserved = 0;
    shared.large_reserved = 0;
    for (size_t i = 0; i < RCO__MAX_THREADS; i++) {
        if (heaps[i]) {
            memset(heaps[i]->usable, 0, sizeof heaps[i]->usable);
            heaps[i]->delayed = NULL;
        }
    }
    /* An armed failure does not outlive the runtime; the system allocator
     * and the count of failures made on purpose do. */
    __atomic_store_n(&rco__mem.fail_countdown, 0, __ATOMIC_RELAXED);
    rco__mem.fail_persistent = false;
    pthread_mutex_unlock(&arena_lock);
}

/* ---- threads leaving -------------------------------------------------- */

/* An exiting thread takes back what others freed and gives its empty pools
 * to their arenas; the rest of its heap waits for its index's next thread. */
static void heap_at_exit(uint16_t index)
{
    quarantine_flush();
    rco__heap *h = heaps[index];
    if (!h)
        return;
    take_delayed(h);
    for (size_t c = 0; c < RCO__SIZE_CLASSES; c++) {
        rco__pool *pool = h->usable[c];
        while (pool) {
            rco__pool *next = pool->next;
            pool_take_remote(pool);
            if (pool->used == 0) {
                pool_unlist(h, pool);
                pool_give_back(pool);
            }
            pool = next;
        }
    }
    rco__my_heap = NULL;
}

__attribute__((constructor)) static void install_hooks(void)
{
    rco__thread_on_exit(heap_at_exit);
}

/* ---- public ---------------------------------------------------------- */

int rco_set_allocator(void *(*malloc_fn)(size_t, void *),
                      void *(*realloc_fn)(void *, size_t, void *),
                      void (*free_fn)(void *, void *), void *ctx)
{
    pthread_mutex_lock(&arena_lock);
    bool started = shared.arenas || shared.large || shared.system;
    pthread_mutex_unlock(&arena_lock);
    if (started) {
        rco__err_set(RCO_ERR_VALUE, "rco_set_allocator: rco has already allocated memory");
        return -1;
    }
    if ((malloc_fn == NULL) != (free_fn == NULL)) {
        rco__err_set(RCO_ERR_VALUE, "rco_set_allocator: give both malloc_fn and free_fn, or neither");
        return -1;
    }
    rco__mem.sys_malloc = malloc_fn;
    rco__mem.sys_realloc = malloc_fn ? realloc_fn : NULL;
    rco__mem.sys_free = free_fn;
    rco__mem.sys_ctx = ctx;
    return 0;
}

void rco__alloc_stats(rco_mem_stats *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&arena_lock);
    for (rco__arena *ar = shared.arenas; ar; ar = ar->next) {
        for (unsigned i = 0; i < ar->never_used; i++) {
            rco__pool *pool = (rco__pool *)(ar->base + (size_t)i * RCO__POOL_SIZE);
            if (pool->arena != ar || !__atomic_load_n(&pool->heap, __ATOMIC_ACQUIRE))
                continue; /* given back */
            /* Exact when the owners are quiet; a snapshot otherwise. */
            uint32_t used = __atomic_load_n(&pool->used, __ATOMIC_RELAXED) -
                            __atomic_load_n(&pool->remote_count, __ATOMIC_RELAXED);
            out->blocks_in_use += used;
            out->bytes_in_use += (size_t)used * (pool->size_class + 1) * 8;
        }
    }
    for (rco__large *h = shared.large; h; h = h->next) {
        out->blocks_in_use++;
        out->bytes_in_use += h->size;
    }
    out->blocks_in_use += shared.system_blocks;
    out->bytes_in_use += shared.system_bytes;
    out->bytes_reserved = shared.arenas_reserved + shared.large_reserved + shared.system_bytes +
                          shared.system_blocks * sizeof(rco__system_trailer);
    pthread_mutex_unlock(&arena_lock);
#if RCO__ASAN
    out->blocks_in_use -= __atomic_load_n(&quarantined_blocks, __ATOMIC_RELAXED);
    out->bytes_in_use -= __atomic_load_n(&quarantined_bytes, __ATOMIC_RELAXED);
#endif
}

void rco_debug_fail_alloc(long nth)
{
    rco__mem.fail_persistent = false;
    __atomic_store_n(&rco__mem.fail_countdown, nth > 0 ? nth : 0, __ATOMIC_RELAXED);
}

void rco_debug_fail_alloc_persistent(long nth)
{
    rco__mem.fail_persistent = nth > 0;
    __atomic_store_n(&rco__mem.fail_countdown, nth > 0 ? nth : 0, __ATOMIC_RELAXED);
}

long rco_debug_failed_allocs(void)
{
    return __atomic_load_n(&rco__mem.failed_on_purpose, __ATOMIC_RELAXED);
}

/* ---- for debuggers ------------------------------------------------------
 * What gdb's rco-heap needs to walk every pool and large block: the
 * private structs above and where their lists start (core/debugger.h,
 * debug/layout.c). Kept here, apart from the allocator's paths, because
 * only this file sees those structs. */
#include "core/debugger.h"

#define ALLOC_LAYOUT(X)                                                   \
    X("arenas", &shared.arenas)                                           \
    X("large", &shared.large)                                             \
    X("heaps", heaps)                                                     \
    X("max_threads", RCO__MAX_THREADS)                                    \
    X("small_max", RCO__SMALL_MAX)                                        \
    X("pool_size", RCO__POOL_SIZE)                                        \
    X("pools_per_arena", RCO__POOLS_PER_ARENA)                            \
    X("pool_header_size", POOL_HEADER_SIZE)                               \
    X("pool_full", RCO__POOL_FULL)                                        \
    X("pool.free_blocks", offsetof(rco__pool, free_blocks))               \
    X("pool.bump", offsetof(rco__pool, bump))                             \
    X("pool.limit", offsetof(rco__pool, limit))                           \
    X("pool.next", offsetof(rco__pool, next))                             \
    X("pool.heap", offsetof(rco__pool, heap))                             \
    X("pool.remote", offsetof(rco__pool, remote))                         \
    X("pool.used", offsetof(rco__pool, used))                             \
    X("pool.size_class", offsetof(rco__pool, size_class))                 \
    X("heap.delayed", offsetof(rco__heap, delayed))                       \
    X("arena.base", offsetof(rco__arena, base))                           \
    X("arena.returned", offsetof(rco__arena, returned))                   \
    X("arena.never_used", offsetof(rco__arena, never_used))               \
    X("arena.next", offsetof(rco__arena, next))                           \
    X("large.size", sizeof(rco__large))                                   \
    X("large.next", offsetof(rco__large, next))                           \
    X("large.bytes", offsetof(rco__large, size))                         \
    X("system_on", &rco__mem.system_blocks)                               \
    X("system", &shared.system)                                           \
    X("trailer.next", offsetof(rco__system_trailer, next))                \
    X("trailer.block", offsetof(rco__system_trailer, block))              \
    X("trailer.size", offsetof(rco__system_trailer, size))

const char rco__alloc_layout_names[] = ALLOC_LAYOUT(RCO__LAYOUT_NAME);
const uintptr_t rco__alloc_layout_values[] = { ALLOC_LAYOUT(RCO__LAYOUT_VALUE) };
