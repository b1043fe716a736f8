/*
 * internal.h: what the files of src/ share and users never see.
 *
 * Memory layout of an object (lowest address first):
 *
 *     [debug record]  only in librco-debug, before every heap object
 *     [gc head]       16 bytes, only when the type has_gc_head (and always in
 *                     librco-debug, so the debug record sits at a fixed offset)
 *     rco_object      refcnt, type        <- the pointer users hold
 *     fields of the type
 *
 * Immortal objects (None, bools, small ints, the empty tuple, built-in types)
 * are static data: they have no debug record, and their count never reaches
 * zero. Static objects of a GC type carry an untracked gc head in front.
 */
#ifndef RCO_INTERNAL_H
#define RCO_INTERNAL_H

#define RCO__BUILDING 1
#include "rco.h"

#include <stdbool.h>
#include <string.h>

#define RCO__LIKELY(x) __builtin_expect(!!(x), 1)
#define RCO__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RCO__HIDDEN __attribute__((visibility("hidden")))
#define RCO__NOINLINE __attribute__((noinline))
#define RCO__COLD __attribute__((cold, noinline))

/* ======================================================================
 * Built-in object layouts
 * ====================================================================== */

enum rco__kind {
    RCO__KIND_USER = 0,
    RCO__KIND_NONE,
    RCO__KIND_BOOL,
    RCO__KIND_INT,
    RCO__KIND_FLOAT,
    RCO__KIND_STR,
    RCO__KIND_BYTES,
    RCO__KIND_TUPLE,
    RCO__KIND_LIST,
    RCO__KIND_DICT,
    RCO__KIND_SET,
    RCO__KIND_TYPE,     /* a static type object */
    RCO__KIND_CLASS,    /* a class made by rco_class_new */
    RCO__KIND_INSTANCE, /* an instance of such a class */
    RCO__KIND_WEAKREF,
    RCO__KIND_FREED     /* librco-debug: a quarantined, freed object */
};

typedef struct rco__int {
    rco_object ob;
    int64_t value;
} rco__int;

typedef struct rco__float {
    rco_object ob;
    double value;
} rco__float;

typedef struct rco__str {
    rco_object ob;
    size_t length;   /* code points */
    size_t size;     /* UTF-8 bytes, without the terminating NUL */
    int64_t hash;    /* -1 until first computed */
    char data[];     /* size bytes and a NUL */
} rco__str;

typedef struct rco__bytes {
    rco_object ob;
    size_t size;
    int64_t hash;    /* -1 until first computed */
    char data[];     /* size bytes and a NUL */
} rco__bytes;

typedef struct rco__tuple {
    rco_object ob;
    size_t size;
    rco_object *items[]; /* NULL: a slot not yet filled */
} rco__tuple;
/* rco.h's inline fast paths see a tuple as an rco__tuple_head. */
_Static_assert(offsetof(rco__tuple, items) == offsetof(rco__tuple_head, items), "tuple layout");

typedef struct rco__list {
    rco_object ob;
    rco_object **items;  /* the first size slots are in use (NULL: empty slot); the
                          * capacity is stored in the word before items[0]
                          * (list.c), so that a list is 48 bytes with its gc
                          * head, a collection reads less, and empty lists,
                          * the commonest, pay nothing for it */
    size_t size;
} rco__list;

typedef struct rco__table rco__table; /* table.c: the ordered hash table */

typedef struct rco__dict {
    rco_object ob;
    rco__table *table;   /* NULL while empty and never grown */
    size_t used;         /* live items */
} rco__dict;

typedef struct rco__set {
    rco_object ob;
    rco__table *table;
    size_t used;
} rco__set;

typedef struct rco__class {
    rco_type type;       /* what instances point at; type.ob is the class object */
    rco_object *attrs;   /* dict of class attributes, or NULL */
    char name[];         /* the class name, owned */
} rco__class;

typedef struct rco__instance {
    rco_object ob;       /* ob.type is the instance's rco__class */
    rco_object *attrs;   /* dict of attributes, created on first rco_setattr */
} rco__instance;

typedef struct rco__weakref {
    rco_object ob;
    rco_object *target;  /* not a reference; NULL once cleared */
    rco_weak_callback callback;
    void *callback_arg;
    struct rco__weakref *next_of_target; /* the target's weakrefs, newest first */
    struct rco__weakref *prev_of_target;
} rco__weakref;

/* ======================================================================
 * The collector's header
 * ====================================================================== */

/* Two words in front of every object of a type with has_gc_head.
 *
 * next: the next head on the object's generation list; 0 while the object is
 *       not tracked. Bits 1-2 hold the generation of the list the object is
 *       on (0..2, 3 for the permanent one), so that a collection knows which
 *       objects it examines without marking them first. During a collection
 *       bit 0 marks objects moved to the tentatively unreachable list
 *       (RCO__GC_NEXT_UNREACHABLE).
 * prev: the previous head, with flags in the low three bits. While the
 *       collector computes reachability, the bits above the flags hold the
 *       object's gc_refs instead of a pointer (see gc.c). While the object
 *       waits on the deferred-destruction list (object.c), they hold the next
 *       object of that list. */
typedef struct rco__gc_head {
    uintptr_t next;
    uintptr_t prev;
} rco__gc_head;

#define RCO__GC_FINALIZED ((uintptr_t)1)  /* its finalize slot has run */
#define RCO__GC_COLLECTING ((uintptr_t)2) /* in the set a collection examines */
#define RCO__GC_WEAKREFS ((uintptr_t)4)   /* weakrefs point at it (weakref.c's table) */
#define RCO__GC_FLAGS ((uintptr_t)7)
#define RCO__GC_REFS_SHIFT 3
#define RCO__GC_NEXT_UNREACHABLE ((uintptr_t)1)
#define RCO__GC_GEN_SHIFT 1
#define RCO__GC_GEN_BITS ((uintptr_t)6)
#define RCO__GC_NEXT_BITS ((uintptr_t)7)
#define RCO__GC_PERMANENT 3

/* ======================================================================
 * Debug records (librco-debug only)
 * ====================================================================== */

#ifdef RCO_DEBUG
typedef struct rco__debug_record rco__debug_record; /* debug/debug.h */
#define RCO__DEBUG_RECORD_SIZE 112
#else
#define RCO__DEBUG_RECORD_SIZE 0
#endif

/* Bytes in front of an object without a gc head, and with one. In
 * librco-debug every object has the gc head slot, so the debug record is
 * always at the same distance. */
#ifdef RCO_DEBUG
#define RCO__PLAIN_PREFIX (RCO__DEBUG_RECORD_SIZE + sizeof(rco__gc_head))
#else
#define RCO__PLAIN_PREFIX ((size_t)0)
#endif
#define RCO__GC_PREFIX (RCO__DEBUG_RECORD_SIZE + sizeof(rco__gc_head))
#define RCO__PREFIX(t) ((t)->has_gc_head ? RCO__GC_PREFIX : RCO__PLAIN_PREFIX)
/* The block_size of a static type of fixed size. */
#define RCO__BLOCK(size, gc) ((size) + ((gc) ? RCO__GC_PREFIX : RCO__PLAIN_PREFIX))

static inline rco__gc_head *rco__gc_of(const rco_object *o)
{
    return (rco__gc_head *)o - 1;
}
static inline rco_object *rco__obj_of_gc(const rco__gc_head *g)
{
    return (rco_object *)(g + 1);
}

/* ======================================================================
 * The allocator (alloc.c)
 * ====================================================================== */

/* Blocks up to RCO__SMALL_MAX bytes come from pools: 16 KiB pages of one
 * size class (multiples of 8 bytes), carved from arenas. Larger blocks come
 * from the system allocator with a header linking them for rco_shutdown. */
#define RCO__SMALL_MAX 512
#define RCO__SIZE_CLASSES (RCO__SMALL_MAX / 8)
#define RCO__POOL_SIZE ((size_t)16 * 1024)
#define RCO__POOLS_PER_ARENA 64

typedef struct rco__pool {
    void *free_blocks;        /* singly linked through the first word */
    char *bump;               /* the next never-used block */
    char *limit;              /* end of the last whole block */
    struct rco__pool *next;   /* in the class's list of pools with room */
    struct rco__pool *prev;
    struct rco__arena *arena;
    uint32_t used;            /* live blocks */
    uint32_t size_class;      /* block size / 8 - 1 */
    bool listed;              /* on the class's list of pools with room */
} rco__pool;

typedef struct rco__allocator_state {
    rco__pool *usable[RCO__SIZE_CLASSES]; /* pools with a free block, per class */
    struct rco__arena *arenas;            /* every arena */
    struct rco__arena *available;         /* arenas with a pool to hand out */
    struct rco__large *large;             /* every large block */
    size_t arenas_reserved;
    size_t large_reserved;                /* large blocks with their headers */
    long fail_countdown;      /* rco_debug_fail_alloc: fail when this reaches 0 */
    bool fail_persistent;
    long failed_on_purpose;
    void *(*sys_malloc)(size_t, void *);
    void *(*sys_realloc)(void *, size_t, void *);
    void (*sys_free)(void *, void *);
    void *sys_ctx;
} rco__allocator_state;

/* ======================================================================
 * The runtime: all mutable state of the library lives here
 * ====================================================================== */

#define RCO__GENERATIONS 3

typedef struct rco__generation {
    rco__gc_head head;  /* sentinel of a circular list */
    int threshold;
    int count;
} rco__generation;

typedef struct rco__gc_callback_entry {
    rco_gc_callback fn;
    void *arg;
} rco__gc_callback_entry;

typedef struct rco__gc_state {
    rco__generation generations[RCO__GENERATIONS];
    rco__gc_head permanent;   /* rco_gc_freeze */
    bool enabled;
    bool collecting;
    unsigned debug;
    FILE *debug_stream;
    rco_object *garbage;      /* list, created on first need */
    ssize_t long_lived_total;
    ssize_t long_lived_pending;
    rco_gc_stats stats[RCO__GENERATIONS];
    rco__gc_callback_entry *callbacks;
    size_t ncallbacks;
    size_t callbacks_capacity;
} rco__gc_state;

typedef struct rco__ptrmap {
    struct rco__ptrmap_slot *slots;
    size_t mask;
    size_t count;
} rco__ptrmap;

/* Dead tuples of 1..RCO__TUPLE_KEEP_SIZE items wait here for reuse (as in
 * CPython): a new small tuple then costs a pop, not an allocation. Linked
 * through their count field; emptied by full collections and shutdown;
 * not in librco-debug, whose freed objects go to the quarantine. */
#define RCO__TUPLE_KEEP_SIZE 8
#define RCO__TUPLE_KEEP_MAX 1000

typedef struct rco__tuple_cache {
    rco__tuple *dead[RCO__TUPLE_KEEP_SIZE + 1];
    uint32_t count[RCO__TUPLE_KEEP_SIZE + 1];
} rco__tuple_cache;

typedef struct rco__runtime {
    bool started;
    rco__allocator_state alloc;
    rco__gc_state gc;
    rco__ptrmap weakrefs;     /* object -> its newest rco__weakref */
    rco__tuple_cache tuples;
    /* Destruction never recurses deeper than this many objects; the rest
     * wait on the deferred list (object.c). */
    int dealloc_depth;
    rco__gc_head *deferred;
    uint64_t hash_key[2];
    struct rco__debug_state *debug; /* librco-debug */
    bool debug_atexit_registered;   /* kept across rco_shutdown */
} rco__runtime;

extern rco__runtime rco__rt RCO__HIDDEN;

/* Start the runtime if it is not running (cheap when it is). */
RCO__HIDDEN void rco__runtime_start_slow(void);
static inline void rco__runtime_start(void)
{
    if (RCO__UNLIKELY(!rco__rt.started))
        rco__runtime_start_slow();
}

/* ======================================================================
 * Allocation entry points
 * ====================================================================== */

RCO__HIDDEN void *rco__alloc_slow(size_t n);
RCO__HIDDEN void rco__free_slow(void *p, size_t n, rco__pool *pool);
RCO__HIDDEN void rco__free_large(void *p);

static inline size_t rco__size_class(size_t n)
{
    return (n + 7) / 8 - 1;
}

/* n bytes; NULL with RCO_ERR_MEMORY. Aligned to 8 bytes. The fast path
 * pops the pool's free list or bumps into its never-used tail; everything
 * else (first use, a full pool, a large block, injected failure) is slow. */
static inline void *rco__alloc(size_t n)
{
    if (RCO__LIKELY(n - 1 < RCO__SMALL_MAX && rco__rt.alloc.fail_countdown == 0)) {
        size_t c = rco__size_class(n);
        rco__pool *pool = rco__rt.alloc.usable[c];
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

/* Give back a block of n bytes (the size it was allocated with). */
static inline void rco__free(void *p, size_t n)
{
    if (RCO__LIKELY(n <= RCO__SMALL_MAX)) {
        rco__pool *pool = (rco__pool *)((uintptr_t)p & ~(uintptr_t)(RCO__POOL_SIZE - 1));
        /* Not emptied, or the last pool of its class's list, which stays
         * even when empty (see alloc.c): nothing but the push to do. */
        if (RCO__LIKELY(pool->listed && (pool->used > 1 || pool->next == NULL))) {
            *(void **)p = pool->free_blocks;
            pool->free_blocks = p;
            pool->used--;
            return;
        }
        rco__free_slow(p, n, pool);
        return;
    }
    rco__free_large(p);
}

/* Resize a block; on failure NULL with RCO_ERR_MEMORY and p unchanged. */
RCO__HIDDEN void *rco__realloc(void *p, size_t old_n, size_t new_n);
/* Free all pools and large blocks (rco_shutdown). */
RCO__HIDDEN void rco__alloc_release_all(void);

/* n * size, or SIZE_MAX when it overflows (allocations of SIZE_MAX fail). */
static inline size_t rco__mul_size(size_t n, size_t size)
{
    size_t r;
    if (__builtin_mul_overflow(n, size, &r))
        return SIZE_MAX;
    return r;
}

/* ======================================================================
 * Errors (error.c)
 * ====================================================================== */

RCO__HIDDEN void rco__err_set(rco_errkind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
RCO__HIDDEN void rco__err_memory(void);
/* The error state of the thread, saved around finalizers and callbacks so
 * that they neither see nor clobber the caller's error. */
typedef struct rco__err_saved {
    rco_errkind kind;
    char message[200];
} rco__err_saved;
RCO__HIDDEN void rco__err_save(rco__err_saved *s);
RCO__HIDDEN void rco__err_restore(const rco__err_saved *s);

/* ======================================================================
 * Objects (object.c)
 * ====================================================================== */

/* Make a static or user type usable: immortal count, metatype, has_gc_head. */
RCO__HIDDEN int rco__type_ready(rco_type *t);

#ifdef RCO_DEBUG
RCO__HIDDEN void rco__debug_on_alloc(rco_object *o);
#endif

RCO__HIDDEN RCO__COLD void rco__err_too_large(size_t size);
#define RCO__MAX_OBJECT_SIZE (SIZE_MAX / 4)

/* Allocate an object of t with `size` bytes (header included) and `prefix`
 * bytes in front: count 1, the rest not initialised. NULL + error. */
static inline rco_object *rco__object_alloc_with(rco_type *t, size_t size, size_t prefix)
{
    if (RCO__UNLIKELY(size > RCO__MAX_OBJECT_SIZE)) {
        rco__err_too_large(size);
        return NULL;
    }
    char *p = (char *)rco__alloc(size + prefix);
    if (RCO__UNLIKELY(!p))
        return NULL;
    rco_object *o = (rco_object *)(p + prefix);
    o->refcnt = 1;
    o->type = t;
#ifdef RCO_DEBUG
    rco__debug_on_alloc(o);
#endif
    return o;
}

/* An object of a type without a gc head. */
static inline rco_object *rco__object_alloc(rco_type *t, size_t size)
{
    return rco__object_alloc_with(t, size, RCO__PLAIN_PREFIX);
}

/* An object of a type with a gc head, untracked; counts towards generation
 * 0's threshold (but never starts a collection: see rco__gc_maybe_collect). */
static inline rco_object *rco__gc_object_alloc(rco_type *t, size_t size)
{
    rco_object *o = rco__object_alloc_with(t, size, RCO__GC_PREFIX);
    if (RCO__LIKELY(o != NULL)) {
        rco__gc_head *g = (rco__gc_head *)o - 1;
        g->next = 0;
        g->prev = 0;
        rco__rt.gc.generations[0].count++;
    }
    return o;
}
/* Give an object's memory back (after its type released its contents). */
RCO__HIDDEN void rco__object_free(rco_object *o);


extern rco_type rco__type_type RCO__HIDDEN;   /* "type": static types */
extern rco_type rco__class_type RCO__HIDDEN;  /* "type": classes */
extern rco_type rco__none_type RCO__HIDDEN;
extern rco_type rco__bool_type RCO__HIDDEN;
extern rco_type rco__int_type RCO__HIDDEN;
extern rco_type rco__float_type RCO__HIDDEN;
extern rco_type rco__str_type RCO__HIDDEN;
extern rco_type rco__bytes_type RCO__HIDDEN;
/* rco__tuple_type is exported (rco.h): the inline fast paths compare it. */
extern rco_type rco__list_type RCO__HIDDEN;
extern rco_type rco__dict_type RCO__HIDDEN;
extern rco_type rco__set_type RCO__HIDDEN;
extern rco_type rco__weakref_type RCO__HIDDEN;

extern rco_object rco__none RCO__HIDDEN;
extern rco__int rco__true RCO__HIDDEN;
extern rco__int rco__false RCO__HIDDEN;

/* A static type's initialiser head: immortal, typed "type", ready. */
#define RCO__STATIC_TYPE_HEAD { RCO_IMMORTAL_REFCNT, &rco__type_type }

static inline int rco__kind(const rco_object *o)
{
    return o->type->kind;
}

/* Bytes the object occupies, header included, prefix excluded. The
 * variable-size built-ins are computed here rather than through var_size,
 * because every free of them asks. */
static inline size_t rco__object_size(const rco_object *o)
{
    const rco_type *t = o->type;
    switch (t->kind) {
    case RCO__KIND_TUPLE:
        return sizeof(rco__tuple) + ((const rco__tuple *)o)->size * sizeof(rco_object *);
    case RCO__KIND_STR:
        return sizeof(rco__str) + ((const rco__str *)o)->size + 1;
    case RCO__KIND_BYTES:
        return sizeof(rco__bytes) + ((const rco__bytes *)o)->size + 1;
    default:
        return t->var_size ? t->var_size(o) : t->size;
    }
}
static inline bool rco__is_immortal(const rco_object *o)
{
    return o->refcnt >= RCO_IMMORTAL_REFCNT / 2;
}

/* Argument checks: NULL and wrong types are errors naming the function. In
 * librco-debug they also catch freed objects. */
RCO__HIDDEN bool rco__check_obj_slow(const rco_object *o, const char *fn);
static inline bool rco__check_obj(const rco_object *o, const char *fn)
{
#ifdef RCO_DEBUG
    return rco__check_obj_slow(o, fn);
#else
    if (RCO__LIKELY(o != NULL))
        return true;
    return rco__check_obj_slow(o, fn);
#endif
}
RCO__HIDDEN bool rco__wrong_type(const rco_object *o, const char *fn, const char *expected);
static inline bool rco__check_kind(const rco_object *o, int kind, const char *fn,
                                   const char *expected)
{
    if (RCO__UNLIKELY(!rco__check_obj(o, fn)))
        return false;
    if (RCO__LIKELY(o->type->kind == kind))
        return true;
    return rco__wrong_type(o, fn, expected);
}

/* Internal reference counting: the library's own references are not
 * recorded in the debug ledger (they are explained by traverse), but
 * librco-debug still checks them against freed objects. */
#ifdef RCO_DEBUG
RCO__HIDDEN void rco__debug_internal_incref(rco_object *o);
RCO__HIDDEN void rco__debug_internal_decref(rco_object *o);
#define RCO__INCREF(o) rco__debug_internal_incref((rco_object *)(o))
#define RCO__DECREF(o) rco__debug_internal_decref((rco_object *)(o))
#else
#define RCO__INCREF(o) ((void)(((rco_object *)(o))->refcnt++))
#define RCO__DECREF(o)                                                 \
    do {                                                               \
        rco_object *rco_dec_ = (rco_object *)(o);                      \
        if (--rco_dec_->refcnt == 0)                                   \
            rco__dealloc(rco_dec_);                                    \
    } while (0)
#endif
#define RCO__XINCREF(o)                                                \
    do {                                                               \
        if (o)                                                         \
            RCO__INCREF(o);                                            \
    } while (0)
#define RCO__XDECREF(o)                                                \
    do {                                                               \
        rco_object *rco_xdec_ = (rco_object *)(o);                     \
        if (rco_xdec_)                                                 \
            RCO__DECREF(rco_xdec_);                                    \
    } while (0)
/* Set the field to NULL, then release what it held. */
#define RCO__CLEAR(field)                                              \
    do {                                                               \
        rco_object *rco_clr_ = (rco_object *)(field);                  \
        if (rco_clr_) {                                                \
            (field) = NULL;                                            \
            RCO__DECREF(rco_clr_);                                     \
        }                                                              \
    } while (0)

/* Ownership crossing the public API, recorded by librco-debug's ledger:
 * a reference handed to the caller, taken back by a _steal function. */
#ifdef RCO_DEBUG
RCO__HIDDEN void rco__ledger_give(rco_object *o);
RCO__HIDDEN void rco__ledger_steal(rco_object *o);
RCO__HIDDEN void rco__ledger_lend(rco_object *o);
#define RCO__LEDGER_GIVE(o) rco__ledger_give((rco_object *)(o))
#define RCO__LEDGER_STEAL(o) rco__ledger_steal((rco_object *)(o))
/* A borrowed reference handed to the caller: remembered, so that a later
 * use after the owner let go can name the line that borrowed it. */
#define RCO__LEDGER_LEND(o) rco__ledger_lend((rco_object *)(o))
#else
#define RCO__LEDGER_GIVE(o) ((void)0)
#define RCO__LEDGER_STEAL(o) ((void)0)
#define RCO__LEDGER_LEND(o) ((void)0)
#endif

/* Run a finalizer-like callback with the caller's error state kept aside. */
RCO__HIDDEN void rco__call_finalizer(rco_finalizer fn, rco_object *o);

/* ======================================================================
 * The collector (gc.c)
 * ====================================================================== */

static inline bool rco__gc_is_tracked_head(const rco__gc_head *g)
{
    return g->next != 0;
}
static inline bool rco__has_gc_head(const rco_object *o)
{
    return o->type->has_gc_head;
}
/* Objects that can hold references a cycle might pass through: every GC
 * type, untracked tuples and dicts included. (CPython lets an untracked
 * tuple count as atomic because its tuples never change; rco's tuples can
 * be filled later, so a container holding one must be examined.) The
 * invariant kept: an untracked container holds only atomic objects. */
static inline bool rco__may_be_tracked(const rco_object *o)
{
    if (!(o->type->flags & RCO_TYPE_GC))
        return false;
    /* The empty tuple can never hold anything. */
    return o->type->kind != RCO__KIND_TUPLE || ((const rco__tuple *)o)->size != 0;
}
static inline rco__gc_head *rco__gc_next(const rco__gc_head *g)
{
    return (rco__gc_head *)(g->next & ~RCO__GC_NEXT_BITS);
}
/* Point g's next at n, keeping g's own bits (its generation). */
static inline void rco__gc_set_next(rco__gc_head *g, const rco__gc_head *n)
{
    g->next = (g->next & RCO__GC_NEXT_BITS) | (uintptr_t)n;
}
/* Join generation 0 (a no-op when tracked already). */
static inline void rco__gc_track(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    if (g->next)
        return;
    rco__gc_head *list = &rco__rt.gc.generations[0].head;
    rco__gc_head *last = (rco__gc_head *)list->prev; /* list heads carry no flags */
    g->prev = (g->prev & RCO__GC_FLAGS) | (uintptr_t)last;
    rco__gc_set_next(last, g);
    g->next = (uintptr_t)list; /* generation 0 */
    list->prev = (uintptr_t)g;
}
/* Leave whichever list holds it (a no-op when not tracked); keeps the
 * FINALIZED and WEAKREFS bits. */
static inline void rco__gc_untrack(rco_object *o)
{
    rco__gc_head *g = rco__gc_of(o);
    if (!g->next)
        return;
    rco__gc_head *prev = (rco__gc_head *)(g->prev & ~RCO__GC_FLAGS);
    rco__gc_head *next = rco__gc_next(g);
    rco__gc_set_next(prev, next);
    next->prev = (next->prev & RCO__GC_FLAGS) | (uintptr_t)prev;
    g->next = 0;
    g->prev &= RCO__GC_FINALIZED | RCO__GC_WEAKREFS;
}
/* Start an automatic collection if generation 0 is over its threshold.
 * Called only where the library is consistent: on return from public
 * constructors, with the new object owned by the caller. */
RCO__HIDDEN void rco__gc_maybe_collect_slow(void);
static inline void rco__gc_maybe_collect(void)
{
    const rco__generation *g0 = &rco__rt.gc.generations[0];
    if (RCO__UNLIKELY(g0->count > g0->threshold))
        rco__gc_maybe_collect_slow();
}
RCO__HIDDEN void rco__gc_start(void);
RCO__HIDDEN void rco__gc_shutdown(void);
/* Write "gc: <msg> <type 0x...>" to the debug stream. */
RCO__HIDDEN FILE *rco__gc_debug_stream(void);

/* ======================================================================
 * Shared helpers
 * ====================================================================== */

/* heap_walk.c: every object the runtime can enumerate (debug build: all
 * live objects; release: the tracked ones). fn must not free objects. */
RCO__HIDDEN void rco__heap_for_each(void (*fn)(rco_object *, void *), void *arg);

/* hash.c */
RCO__HIDDEN int64_t rco__hash_bytes(const void *p, size_t n);

RCO__HIDDEN int64_t rco__hash_double(double v, const rco_object *self);
RCO__HIDDEN int64_t rco__hash_pointer(const void *p);
static inline int64_t rco__hash_fix(int64_t h)
{
    return h == -1 ? -2 : h;
}
/* An int hashes as itself (see hash.c for why that is safe). */
static inline int64_t rco__hash_int(int64_t v)
{
    return rco__hash_fix(v);
}

/* ptrmap.c: pointer -> pointer, open addressing. */
RCO__HIDDEN void *rco__ptrmap_get(const rco__ptrmap *m, const void *key);
RCO__HIDDEN int rco__ptrmap_put(rco__ptrmap *m, const void *key, void *value);
RCO__HIDDEN void *rco__ptrmap_remove(rco__ptrmap *m, const void *key);
RCO__HIDDEN void rco__ptrmap_free(rco__ptrmap *m);

/* compare.c: equality used by containers (identity first). */
RCO__HIDDEN int rco__equal_depth(rco_object *a, rco_object *b, int depth);
RCO__HIDDEN int64_t rco__hash_depth(rco_object *o, int depth);
/* rco_hash without the argument check, the common keys inline. */
static inline int64_t rco__hash(rco_object *o)
{
    int kind = o->type->kind;
    if (kind == RCO__KIND_INT || kind == RCO__KIND_BOOL)
        return rco__hash_int(((rco__int *)o)->value);
    if (kind == RCO__KIND_STR && ((rco__str *)o)->hash != -1)
        return ((rco__str *)o)->hash;
    return rco__hash_depth(o, 0);
}

/* utf8.c */
RCO__HIDDEN bool rco__utf8_check(const char *p, size_t n, size_t *codepoints, size_t *bad_at);

/* int.c / float.c: constructors without the debug ledger's events */
RCO__HIDDEN rco_object *rco__int_new(int64_t v);
RCO__HIDDEN rco_object *rco__float_new(double v);

/* str.c / bytes.c internals */
RCO__HIDDEN rco_object *rco__str_new_unchecked(const char *p, size_t n, size_t codepoints);
RCO__HIDDEN rco_object *rco__str_alloc(size_t n); /* data to fill; length set by caller */
RCO__HIDDEN int64_t rco__str_hash(rco__str *s);
RCO__HIDDEN rco_object *rco__str_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
RCO__HIDDEN bool rco__str_equals_bytes(const rco__str *s, const char *p, size_t n);
RCO__HIDDEN rco_object *rco__bytes_new(const void *p, size_t n);

/* tuple.c / list.c / dict.c internals used elsewhere */
RCO__HIDDEN rco_object *rco__tuple_new(size_t n);
/* Keep a dead tuple (items released) for reuse; false if it must be freed. */
static inline bool rco__tuple_keep(rco_object *o)
{
#ifdef RCO_DEBUG
    (void)o;
    return false; /* freed objects must reach the quarantine */
#else
    rco__tuple *t = (rco__tuple *)o;
    size_t n = t->size;
    rco__tuple_cache *cache = &rco__rt.tuples;
    if (n > RCO__TUPLE_KEEP_SIZE || cache->count[n] >= RCO__TUPLE_KEEP_MAX)
        return false;
    t->ob.refcnt = (intptr_t)cache->dead[n];
    cache->dead[n] = t;
    cache->count[n]++;
    return true;
#endif
}
/* Free the kept tuples (full collections). */
RCO__HIDDEN void rco__tuple_cache_clear(void);
/* The blocks and bytes the kept tuples hold (free memory, for statistics). */
RCO__HIDDEN size_t rco__tuple_cache_bytes(size_t *blocks);
RCO__HIDDEN rco_object *rco__tuple_pack_va(size_t n, va_list ap);
RCO__HIDDEN rco_object *rco__list_new(size_t n);
RCO__HIDDEN int rco__list_append(rco_object *l, rco_object *item); /* own ref taken */
RCO__HIDDEN int rco__list_append_steal(rco_object *l, rco_object *item);
RCO__HIDDEN rco_object *rco__dict_new(void);
RCO__HIDDEN int rco__dict_set(rco_object *d, rco_object *key, rco_object *value);
RCO__HIDDEN rco_object *rco__dict_get_str(rco_object *d, const char *key, size_t n);
RCO__HIDDEN int rco__dict_del_str(rco_object *d, const char *key, size_t n);
RCO__HIDDEN bool rco__dict_holds_only_atoms(const rco_object *d);
/* Put item (a reference handed over) into slot i of a tuple being filled.
 * Tuples are tracked only once they hold something that may lead back to
 * them: a tuple of atomic values never costs the collector anything. */
static inline void rco__tuple_fill(rco_object *t, size_t i, rco_object *item)
{
    ((rco__tuple *)t)->items[i] = item;
    if (RCO__UNLIKELY(rco__may_be_tracked(item)))
        rco__gc_track(t);
}

/* weakref.c */
RCO__HIDDEN void rco__weakref_clear_all(rco_object *target, bool run_callbacks);
RCO__HIDDEN void rco__weakref_detach_all(rco_object *target, void (*keep)(rco__weakref *, void *),
                                         void *ctx);
RCO__HIDDEN void rco__weakref_run_callback(rco__weakref *wr);

/* repr.c: a repr cut to n bytes ("[1, 2, 3..."), for reports; never fails
 * (falls back to "<type object at 0x...>") and leaves the caller's error
 * state and any armed allocation failure alone. */
RCO__HIDDEN void rco__short_repr(rco_object *o, char *buf, size_t n);
/* repr_float.c: Python's repr of a float into buf (at least 32 bytes);
 * returns the length. */
RCO__HIDDEN size_t rco__format_float(double v, char *buf);
/* repr_str.c: is code point cp printable in Python's sense (not in
 * categories Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other than U+0020)? */
RCO__HIDDEN bool rco__unicode_is_printable(uint32_t cp);

#endif /* RCO_INTERNAL_H */
