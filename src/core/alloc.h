/*
 * core/alloc.h: the single door to memory (alloc.c). Every allocation of
 * the library passes here, so failure injection (rco_debug_fail_alloc) and
 * the accounting of live blocks cover everything.
 *
 * Blocks up to RCO__SMALL_MAX bytes come from pools: 16 KiB pages of one
 * size class (multiples of 8 bytes), carved from arenas. Each thread has
 * its own heap of pools (as mimalloc's): it allocates and frees there
 * without a lock; a block freed by another thread goes onto its pool's
 * remote list (one atomic push), which the owner takes back when it runs
 * short. Larger blocks come from the system allocator with a header
 * linking them for rco_shutdown.
 */
#ifndef RCO_CORE_ALLOC_H
#define RCO_CORE_ALLOC_H

#include "core/thread.h"

#define RCO__SMALL_MAX 512
#define RCO__SIZE_CLASSES (RCO__SMALL_MAX / 8)
#define RCO__POOL_SIZE ((size_t)16 * 1024)
#define RCO__POOLS_PER_ARENA 64

typedef struct rco__heap rco__heap;

typedef struct rco__pool {
    void *free_blocks;        /* singly linked through the first word (owner only) */
    char *bump;               /* the next never-used block */
    char *limit;              /* end of the last whole block */
    struct rco__pool *next;   /* in the class's list of pools with room */
    struct rco__pool *prev;
    struct rco__arena *arena;
    rco__heap *heap;          /* the owning thread's heap */
    uintptr_t remote;         /* blocks other threads freed (atomic stack), or RCO__POOL_FULL */
    uint32_t remote_count;    /* blocks freed by others, not yet taken back (atomic) */
    uint32_t used;            /* live blocks, those freed by others included */
    uint32_t size_class;      /* block size / 8 - 1 */
    bool listed;              /* on the class's list of pools with room */
} rco__pool;

/* `remote` of a full pool on no list: the next thread to free into it
 * must tell the owner (alloc.c). */
#define RCO__POOL_FULL ((uintptr_t)1)

struct rco__heap {
    rco__pool *usable[RCO__SIZE_CLASSES]; /* pools with a free block, per class */
    void *delayed;                        /* blocks of full pools freed by others (atomic stack) */
    uint16_t index;                       /* the thread's */
};

/* This thread's heap (NULL until its first allocation). */
extern __thread rco__heap *rco__my_heap __attribute__((tls_model("initial-exec"))) RCO__HIDDEN;

/* librco built with AddressSanitizer: its pools poison what they free
 * (alloc.c). */
#if defined(__SANITIZE_ADDRESS__)
#define RCO__ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RCO__ASAN 1
#endif
#endif
#ifndef RCO__ASAN
#define RCO__ASAN 0
#endif

/* What the whole process shares: arenas, large blocks, the system
 * allocator, failure injection. */
typedef struct rco__memory {
    /* Blocks up to this size come from pools: RCO__SMALL_MAX, or 0 when
     * every block goes to the system allocator ("system blocks",
     * RCO_MALLOC=malloc; alloc.c). Set before the first allocation and
     * never changed. */
    size_t pool_max;
    bool system_blocks;
    /* Running under valgrind, which runs one thread at a time: a thread
     * that spins waiting for another waits for a switch of threads (dict
     * reads keep their lock then: types/dict.c). */
    bool one_thread_at_a_time;
    long fail_countdown;      /* rco_debug_fail_alloc: fail when this reaches 0 (atomic) */
    bool fail_persistent;
    long failed_on_purpose;
    void *(*sys_malloc)(size_t, void *);
    void *(*sys_realloc)(void *, size_t, void *);
    void (*sys_free)(void *, void *);
    void *sys_ctx;
} rco__memory;

extern rco__memory rco__mem RCO__HIDDEN;

RCO__HIDDEN void *rco__alloc_slow(size_t n);
RCO__HIDDEN void rco__free_slow(void *p, size_t n, rco__pool *pool);
RCO__HIDDEN void rco__free_large(void *p, size_t n);

static inline size_t rco__size_class(size_t n)
{
    return (n + 7) / 8 - 1;
}

static inline bool rco__failures_armed(void)
{
    return __atomic_load_n(&rco__mem.fail_countdown, __ATOMIC_RELAXED) != 0;
}

/* n bytes; NULL with RCO_ERR_MEMORY. Aligned to 8 bytes. The fast path
 * pops this thread's pool's free list or bumps into its never-used tail;
 * everything else (first use, a full pool, a large block, injected
 * failure) is slow. */
static inline void *rco__alloc(size_t n)
{
    rco__heap *h = rco__my_heap;
    /* No heap with system blocks, so every allocation is slow there; none
     * fast under ASan, whose slow path poisons. */
    if (RCO__LIKELY(!RCO__ASAN && h != NULL && n - 1 < RCO__SMALL_MAX && !rco__failures_armed())) {
        size_t c = rco__size_class(n);
        rco__pool *pool = h->usable[c];
        if (RCO__LIKELY(pool != NULL)) {
            void *b = pool->free_blocks;
            if (RCO__LIKELY(b != NULL)) {
                pool->free_blocks = *(void **)b;
                pool->used++;
                return b;
            }
            if (pool->bump < pool->limit) {
                b = pool->bump;
                pool->bump += (c + 1) * 8;
                pool->used++;
                return b;
            }
        }
    }
    return rco__alloc_slow(n);
}

/* Give back a block of n bytes (the size it was allocated with), from any
 * thread. */
static inline void rco__free(void *p, size_t n)
{
    if (RCO__LIKELY(n <= rco__mem.pool_max)) {
        rco__pool *pool = (rco__pool *)((uintptr_t)p & ~(uintptr_t)(RCO__POOL_SIZE - 1));
        /* Our own pool, not emptied, or the last pool of its class's list,
         * which stays even when empty (see alloc.c): nothing but the push. */
        if (RCO__LIKELY(!RCO__ASAN && pool->heap == rco__my_heap && pool->listed &&
                        (pool->used > 1 || pool->next == NULL))) {
            *(void **)p = pool->free_blocks;
            pool->free_blocks = p;
            pool->used--;
            return;
        }
        rco__free_slow(p, n, pool);
        return;
    }
    rco__free_large(p, n);
}

/* Resize a block; on failure NULL with RCO_ERR_MEMORY and p unchanged. */
RCO__HIDDEN void *rco__realloc(void *p, size_t old_n, size_t new_n);
/* Free all pools and large blocks (rco_shutdown). */
RCO__HIDDEN void rco__alloc_release_all(void);
/* Live blocks and bytes as the pools see them, before the layers above
 * subtract what they keep parked (runtime/lifecycle.c). */
RCO__HIDDEN void rco__alloc_stats(rco_mem_stats *out);

/* Failure injection held off (and an armed failure kept for later) while
 * a report that must not fail allocates. */
typedef struct rco__failures_held {
    long countdown;
    bool persistent;
} rco__failures_held;
static inline rco__failures_held rco__alloc_hold_failures(void)
{
    rco__failures_held h = { __atomic_exchange_n(&rco__mem.fail_countdown, 0, __ATOMIC_RELAXED),
                             rco__mem.fail_persistent };
    return h;
}
static inline void rco__alloc_release_failures(rco__failures_held h)
{
    rco__mem.fail_persistent = h.persistent;
    __atomic_store_n(&rco__mem.fail_countdown, h.countdown, __ATOMIC_RELAXED);
}

#endif
