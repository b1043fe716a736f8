/*
 * core/alloc.c: the single door to memory.
 *
 * Small blocks (<= RCO__SMALL_MAX bytes) live in pools: 16 KiB pages, each
 * serving one size class (multiples of 8 bytes), with a pool header at the
 * start so that a block finds its pool by masking its address. A pool hands
 * out blocks from its free list, or else from its never-used tail (bump).
 * Pools come from arenas of 64 pools (1 MiB) taken from the system allocator.
 *
 * Lists kept:
 *   usable[c]   pools of class c that had room when last looked at ("listed");
 *               a full pool is unlisted lazily, when an allocation finds it full.
 *   available   arenas with a pool never used or given back;
 *   arenas      every arena, for rco_shutdown;
 *   large       every large block (16-byte header), for rco_shutdown.
 *
 * An empty pool goes back to its arena unless it is the last pool on its
 * class's list (so that one object created and freed in a loop does not
 * churn pools: at most one empty pool per class stays); an arena whose pools
 * are all back returns to the system, except the last one with room.
 *
 * Every allocation of the library passes through rco__alloc, so the failure
 * injection of rco_debug_fail_alloc covers them all.
 */
#include "core/alloc.h"
#include "core/error.h"

#include <stdlib.h>

typedef struct rco__arena {
    char *raw;                  /* as returned by the system allocator */
    char *base;                 /* first pool, aligned to RCO__POOL_SIZE */
    rco__pool *returned;        /* pools given back, linked through next */
    unsigned never_used;        /* pools from this index on were never used */
    unsigned pools_out;         /* pools handed to size classes */
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

static void *sys_malloc(size_t n)
{
    rco__alloc_state *a = &rco__heap;
    if (a->sys_malloc)
        return a->sys_malloc(n, a->sys_ctx);
    return malloc(n);
}

static void sys_free(void *p)
{
    rco__alloc_state *a = &rco__heap;
    if (a->sys_free)
        a->sys_free(p, a->sys_ctx);
    else
        free(p);
}

static void *sys_realloc(void *p, size_t n)
{
    rco__alloc_state *a = &rco__heap;
    if (a->sys_realloc)
        return a->sys_realloc(p, n, a->sys_ctx);
    if (a->sys_malloc)
        return NULL; /* a custom allocator without realloc: caller copies */
    return realloc(p, n);
}

/* The failure injection of rco_debug_fail_alloc: true if this allocation
 * must fail. */
static bool injected_failure(void)
{
    rco__alloc_state *a = &rco__heap;
    if (a->fail_countdown == 0)
        return false;
    if (--a->fail_countdown > 0)
        return false;
    if (a->fail_persistent)
        a->fail_countdown = 1;
    a->failed_on_purpose++;
    return true;
}

/* ---- arenas ---------------------------------------------------------- */

static void avail_link(rco__arena *ar)
{
    if (ar->available)
        return;
    ar->available = true;
    ar->prev_avail = NULL;
    ar->next_avail = rco__heap.available;
    if (rco__heap.available)
        rco__heap.available->prev_avail = ar;
    rco__heap.available = ar;
}

static void avail_unlink(rco__arena *ar)
{
    if (!ar->available)
        return;
    ar->available = false;
    if (ar->prev_avail)
        ar->prev_avail->next_avail = ar->next_avail;
    else
        rco__heap.available = ar->next_avail;
    if (ar->next_avail)
        ar->next_avail->prev_avail = ar->prev_avail;
}

static rco__arena *arena_new(void)
{
    rco__alloc_state *a = &rco__heap;
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
    ar->next = a->arenas;
    if (a->arenas)
        a->arenas->prev = ar;
    a->arenas = ar;
    a->arenas_reserved += bytes + RCO__POOL_SIZE;
    avail_link(ar);
    return ar;
}

static void arena_free(rco__arena *ar)
{
    rco__alloc_state *a = &rco__heap;
    avail_unlink(ar);
    if (ar->prev)
        ar->prev->next = ar->next;
    else
        a->arenas = ar->next;
    if (ar->next)
        ar->next->prev = ar->prev;
    a->arenas_reserved -= RCO__POOLS_PER_ARENA * RCO__POOL_SIZE + RCO__POOL_SIZE;
    sys_free(ar->raw);
    sys_free(ar);
}

static rco__pool *pool_take(void)
{
    rco__arena *ar = rco__heap.available;
    if (!ar && !(ar = arena_new()))
        return NULL;
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
    return pool;
}

static void pool_give_back(rco__pool *pool)
{
    rco__arena *ar = pool->arena;
    pool->next = ar->returned;
    ar->returned = pool;
    ar->pools_out--;
    avail_link(ar);
    if (ar->pools_out == 0 && (ar->next_avail || ar->prev_avail))
        arena_free(ar); /* keep the last arena with room for the next pool */
}

/* ---- pools ----------------------------------------------------------- */

static void pool_list(rco__pool *pool)
{
    rco__pool **head = &rco__heap.usable[pool->size_class];
    pool->listed = true;
    pool->prev = NULL;
    pool->next = *head;
    if (*head)
        (*head)->prev = pool;
    *head = pool;
}

static void pool_unlist(rco__pool *pool)
{
    rco__pool **head = &rco__heap.usable[pool->size_class];
    pool->listed = false;
    if (pool->prev)
        pool->prev->next = pool->next;
    else
        *head = pool->next;
    if (pool->next)
        pool->next->prev = pool->prev;
}

static bool pool_is_full(const rco__pool *pool)
{
    return pool->free_blocks == NULL && pool->bump >= pool->limit;
}

static rco__pool *pool_new(size_t size_class)
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
    pool_list(pool);
    return pool;
}

static void *alloc_small(size_t n)
{
    size_t c = rco__size_class(n);
    rco__pool *pool;
    while ((pool = rco__heap.usable[c]) != NULL && pool_is_full(pool))
        pool_unlist(pool);
    if (!pool && !(pool = pool_new(c)))
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
    rco__large **head = &rco__heap.large;
    h->size = n;
    rco__heap.large_reserved += sizeof(rco__large) + n;
    h->prev = NULL;
    h->next = *head;
    if (*head)
        (*head)->prev = h;
    *head = h;
    return h + 1;
}

rco__alloc_state rco__heap;

void *rco__alloc_slow(size_t n)
{
    if (injected_failure()) {
        rco__err_memory();
        return NULL;
    }
    if (n == 0)
        n = 1;
    void *p = n <= RCO__SMALL_MAX ? alloc_small(n) : alloc_large(n);
    if (!p)
        rco__err_memory();
    return p;
}

void rco__free_slow(void *p, size_t n, rco__pool *pool)
{
    (void)n;
    *(void **)p = pool->free_blocks;
    pool->free_blocks = p;
    pool->used--;
    if (pool->used == 0 && !(pool->listed && pool->next == NULL)) {
        if (pool->listed)
            pool_unlist(pool);
        pool_give_back(pool);
        return;
    }
    if (!pool->listed)
        pool_list(pool);
}

void rco__free_large(void *p)
{
    rco__large *h = (rco__large *)p - 1;
    rco__heap.large_reserved -= sizeof(rco__large) + h->size;
    if (h->prev)
        h->prev->next = h->next;
    else
        rco__heap.large = h->next;
    if (h->next)
        h->next->prev = h->prev;
    sys_free(h);
}

void *rco__realloc(void *p, size_t old_n, size_t new_n)
{
    rco__alloc_state *a = &rco__heap;
    if (!p)
        return rco__alloc(new_n);
    bool system_can_resize = a->sys_malloc == NULL || a->sys_realloc != NULL;
    if (old_n > RCO__SMALL_MAX && new_n > RCO__SMALL_MAX && system_can_resize) {
        /* Large to large: let the system move it, then relink the header. */
        rco__large *h = (rco__large *)p - 1;
        rco__large *prev = h->prev, *next = h->next;
        rco__large *nh = NULL;
        if (!injected_failure() && new_n <= SIZE_MAX - sizeof(rco__large))
            nh = sys_realloc(h, sizeof(rco__large) + new_n);
        if (!nh) {
            rco__err_memory();
            return NULL;
        }
        rco__heap.large_reserved += new_n - nh->size;
        nh->size = new_n;
        if (prev)
            prev->next = nh;
        else
            a->large = nh;
        if (next)
            next->prev = nh;
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
    rco__alloc_state *a = &rco__heap;
    while (a->large) {
        rco__large *h = a->large;
        a->large = h->next;
        sys_free(h);
    }
    while (a->arenas) {
        rco__arena *ar = a->arenas;
        a->arenas = ar->next;
        sys_free(ar->raw);
        sys_free(ar);
    }
    a->available = NULL;
    memset(a->usable, 0, sizeof a->usable);
    a->arenas_reserved = 0;
    a->large_reserved = 0;
    /* An armed failure does not outlive the runtime; the system allocator
     * and the count of failures made on purpose do. */
    a->fail_countdown = 0;
    a->fail_persistent = false;
}

/* ---- public ---------------------------------------------------------- */

int rco_set_allocator(void *(*malloc_fn)(size_t, void *),
                      void *(*realloc_fn)(void *, size_t, void *),
                      void (*free_fn)(void *, void *), void *ctx)
{
    rco__alloc_state *a = &rco__heap;
    if (a->arenas || a->large) {
        rco__err_set(RCO_ERR_VALUE, "rco_set_allocator: rco has already allocated memory");
        return -1;
    }
    if ((malloc_fn == NULL) != (free_fn == NULL)) {
        rco__err_set(RCO_ERR_VALUE, "rco_set_allocator: give both malloc_fn and free_fn, or neither");
        return -1;
    }
    a->sys_malloc = malloc_fn;
    a->sys_realloc = malloc_fn ? realloc_fn : NULL;
    a->sys_free = free_fn;
    a->sys_ctx = ctx;
    return 0;
}

void rco__alloc_stats(rco_mem_stats *out)
{
    memset(out, 0, sizeof *out);
    rco__alloc_state *a = &rco__heap;
    for (rco__arena *ar = a->arenas; ar; ar = ar->next) {
        for (unsigned i = 0; i < ar->never_used; i++) {
            rco__pool *pool = (rco__pool *)(ar->base + (size_t)i * RCO__POOL_SIZE);
            if (pool->arena != ar || pool->used == 0)
                continue;
            out->blocks_in_use += pool->used;
            out->bytes_in_use += (size_t)pool->used * (pool->size_class + 1) * 8;
        }
    }
    for (rco__large *h = a->large; h; h = h->next) {
        out->blocks_in_use++;
        out->bytes_in_use += h->size;
    }
    out->bytes_reserved = a->arenas_reserved + a->large_reserved;
}

void rco_debug_fail_alloc(long nth)
{
    rco__alloc_state *a = &rco__heap;
    a->fail_countdown = nth > 0 ? nth : 0;
    a->fail_persistent = false;
}

void rco_debug_fail_alloc_persistent(long nth)
{
    rco__alloc_state *a = &rco__heap;
    a->fail_countdown = nth > 0 ? nth : 0;
    a->fail_persistent = nth > 0;
}

long rco_debug_failed_allocs(void)
{
    return rco__heap.failed_on_purpose;
}
