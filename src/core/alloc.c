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
 */
#include "core/alloc.h"
#include "core/error.h"

#include <pthread.h>
#include <stdlib.h>

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

#define POOL_HEADER_SIZE ((sizeof(rco__pool) + 15) & ~(size_t)15)

rco__memory rco__mem;
__thread rco__heap *rco__my_heap;

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    struct rco__arena *arenas;    /* every arena */
    struct rco__arena *available; /* arenas with a pool to hand out */
    struct rco__large *large;     /* every large block */
    size_t arenas_reserved;
    size_t large_reserved;        /* large blocks with their headers */
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
    if (injected_failure()) {
        rco__err_memory();
        return NULL;
    }
    if (n == 0)
        n = 1;
    void *p;
    if (n > RCO__SMALL_MAX) {
        p = alloc_large(n);
    } else {
        rco__heap *h = my_heap();
        if (!h) {
            rco__err_set(RCO_ERR_RUNTIME, "too many threads use rco at once (at most %d)", RCO__MAX_THREADS - 1);
            return NULL;
        }
        p = alloc_small(h, n);
    }
    if (!p)
        rco__err_memory();
    return p;
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

void rco__free_slow(void *p, size_t n, rco__pool *pool)
{
    (void)n;
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

void rco__free_large(void *p)
{
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
    pthread_mutex_lock(&arena_lock);
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
    bool started = shared.arenas || shared.large;
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
    out->bytes_reserved = shared.arenas_reserved + shared.large_reserved;
    pthread_mutex_unlock(&arena_lock);
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
