/** @file
 * rco.h: reference-counted objects for C, with Python's ownership rules,
 * a cycle collector and a leak detective.
 *
 * This header is the manual. Every function says what it does and what it
 * does with references:
 *
 * @code{.unparsed}
 *   new reference      the caller owns the result and must release it
 *                      (rco_decref) or hand it on.
 *   borrowed reference the caller does not own the result; it stays valid
 *                      only while its owner (the container it came from)
 *                      keeps it. Take your own with rco_incref to keep it.
 *   steals             the function takes over the caller's reference to that
 *                      argument, also when it fails. Only functions whose
 *                      name ends in _steal steal. They accept NULL for the
 *                      stolen argument and then fail with the error already
 *                      set, so constructors nest:
 *                          rco_list_append_steal(l, rco_int(42));
 *   (nothing said)     object arguments are borrowed for the duration of the
 *                      call; a function that stores one takes its own.
 * @endcode
 *
 * Errors: a function returning an object returns NULL on failure; one
 * returning int or ssize_t returns -1 on failure and 0 (or a count or
 * boolean >= 0) on success. The failure is recorded in the calling thread's
 * error state (rco_err_occurred, rco_err_message, rco_err_clear). A failed
 * call leaves every object as it was before the call. NULL or wrongly typed
 * arguments are errors, never crashes, except where a function says "may not
 * be NULL" (rco_incref/rco_decref: the hot path; the debug build checks).
 *
 * Threads: any thread may use any object (see "Threads" below); the error
 * state is per thread.
 *
 * Build with -DRCO_DEBUG and link librco-debug (pkg-config rco-debug) to get
 * the leak detective: every call below then records the caller's file and
 * line. See "The leak detective" at the end (@ref leak_detective).
 *
 * Each section below is a page of the manual (Modules); each function's
 * Ownership paragraph says what it does with references, its Errors
 * paragraph how it fails.
 */
#ifndef RCO_H
#define RCO_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h> /* ssize_t */

#ifdef __cplusplus
extern "C" {
#endif

/** Marks the library's exported functions (default visibility; empty with
 * RCO_STATIC_ONLY). */
#if defined(__GNUC__) && !defined(RCO_STATIC_ONLY)
#define RCO_API __attribute__((visibility("default")))
#else
#define RCO_API
#endif

/** @defgroup annotations Ownership annotations, visibility and version
 * Ownership annotations. Compilers see nothing; Clang's static analyzer
 * (rco-analyze, docs/static-analysis.md) reads them and checks ownership on
 * every path, error branches included. Every function below that returns
 * or steals an object is marked with them (the immortal singletons are not:
 * releasing those is optional; rco_incref and rco_decref the analyzer sees
 * through rco/analyze.h). They go on your own functions the same way:
 * @code{.unparsed}
 *   RCO_NEW       before a function returning an object: a new reference
 *   RCO_BORROWED  before a function returning an object: a borrowed one
 *   RCO_STEALS    before a parameter: the function steals it, as _steal does
 *   RCO_NEW       before an rco_object ** parameter: a new reference is
 *                 stored there (documentation only: the analyzer does not
 *                 follow out parameters; rco/analyze.h models the library's)
 * and, for a variadic function of yours, a macro of its name defined after
 * the function (they expand to the plain call):
 *   #define f(...) RCO_STEALS_VA(f, nfixed, __VA_ARGS__)  steals every object
 *                  argument after the first nfixed
 *   #define f(...) RCO_BUILDS_VA(f, __VA_ARGS__)  the arguments after the
 *                  first follow it as a format, like rco_build's (N steals)
 * @endcode
 * @{ */
#if defined(__clang_analyzer__) && !defined(RCO__BUILDING)
#define RCO_NEW __attribute__((annotate("rc_ownership_returns_retained")))
#define RCO_BORROWED __attribute__((annotate("rc_ownership_returns_not_retained")))
#define RCO_STEALS __attribute__((annotate("rc_ownership_consumed")))
#define RCO__ANALYZE_PART 1
#include "rco/analyze.h"
#else
/** Before a function returning an object: it returns a new reference;
 * before an rco_object ** parameter: a new reference is stored there. */
#define RCO_NEW
/** Before a function returning an object: it returns a borrowed reference. */
#define RCO_BORROWED
/** Before a parameter: the function steals it, as _steal does. */
#define RCO_STEALS
#endif
/** `#define f(...) RCO_STEALS_VA(f, nfixed, __VA_ARGS__)`: f steals every
 * object argument after the first nfixed. */
#define RCO_STEALS_VA(fn, nfixed, ...) (fn)(__VA_ARGS__)
/** `#define f(...) RCO_BUILDS_VA(f, __VA_ARGS__)`: the arguments after the
 * first follow it as a format, like rco_build's (N steals). */
#define RCO_BUILDS_VA(fn, ...) (fn)(__VA_ARGS__)

/** @name Version
 * @{ */
/** The version of this header: major, minor, patch, and all three as a
 * string. */
#define RCO_VERSION_MAJOR 1
#define RCO_VERSION_MINOR 0
#define RCO_VERSION_PATCH 0
#define RCO_VERSION_STRING "1.0.0"
/** @} */
/** @} */

/** @defgroup errors Errors
 * @{ */

/** The kinds of error: what rco_err_occurred says; Python's exception
 * classes (rco_err_name). */
typedef enum rco_errkind {
    RCO_ERR_NONE = 0, /**< no error */
    RCO_ERR_MEMORY,   /**< an allocation failed */
    RCO_ERR_TYPE,     /**< NULL or wrongly typed argument, unhashable key */
    RCO_ERR_INDEX,    /**< index out of range */
    RCO_ERR_KEY,      /**< key or attribute absent */
    RCO_ERR_VALUE,    /**< bad value: invalid UTF-8, bad format, empty slot */
    RCO_ERR_OVERFLOW, /**< a number or size does not fit, nesting too deep */
    RCO_ERR_RUNTIME   /**< a container changed while iterated or sorted, a cycle
                       * only of tuples copied, a call refused in this state */
} rco_errkind;

/** The calling thread's current error kind; RCO_ERR_NONE when none.
 * @ownership No objects.
 * @errors None: it reads the error state. */
RCO_API rco_errkind rco_err_occurred(void);
/** The current error's message (borrowed; "" when none). Valid until the next
 * error is set or cleared on this thread.
 * @ownership The message is borrowed from this thread's error state.
 * @errors None ("" when no error is set). */
RCO_API const char *rco_err_message(void);
/** Forget the current error.
 * @ownership No objects.
 * @errors None. */
RCO_API void rco_err_clear(void);
/** Record an error, as the library does (for user types' slots).
 * @ownership No objects.
 * @errors None: it sets the error (a NULL fmt gives an empty message). */
RCO_API void rco_err_set(rco_errkind kind, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** A short name for an error kind: "MemoryError", "TypeError", ...
 * @ownership A static string: nothing to release.
 * @errors None ("unknown error" for a kind rco does not know). */
RCO_API const char *rco_err_name(rco_errkind kind);

/** @} */

/** @defgroup objects_and_reference_counts Objects and reference counts
 * @{ */

/** An object: every rco value (see struct rco_object). */
typedef struct rco_object rco_object;
/** A type: built-in, defined by C code, or a class (see struct rco_type). */
typedef struct rco_type rco_type;

/** Every object starts with this header (the fields are rco's own: use the
 * functions below). Its count is the number of references that exist to
 * it; at 0 the object is destroyed through its type.
 *
 * The count is biased towards the thread that made the object (its owner),
 * as in CPython's free-threaded build: the owner counts in ref_local with
 * plain loads and stores, every other thread in ref_shared with atomic
 * operations, and when the owner lets go of its last reference while
 * others hold some, the two are merged and everyone counts atomically from
 * then on. So the commonest case, an object used by the thread that made
 * it, costs what a plain counter costs, and sharing costs an atomic. */
struct rco_object {
    uint32_t ref_local;  /**< the owner's references, or RCO__LOCAL_* below */
    uint16_t ref_owner;  /**< the owner's thread index; 0: none (immortal) */
    uint8_t lock;        /**< containers: guards their contents */
    uint8_t flags;       /**< the collector's and weakrefs' state */
    int32_t ref_shared;  /**< others' references << 2, with the merge state */
    uint32_t size;       /**< tuples: their items */
    rco_type *type;      /**< its type (rco_typeof) */
};

/** rco_refcount's answer for immortal objects: None, True, False, small
 * ints, the empty tuple, the built-in types. Releasing them is harmless. */
#define RCO_IMMORTAL_REFCNT ((intptr_t)1 << 60)

/* Not for direct use: the reference counting fast paths below. */
#define RCO__LOCAL_MAX 0x7ffffffeu        /* more owner references spill into ref_shared */
#define RCO__LOCAL_MERGED 0x80000000u     /* the owner gave up counting: see ref_shared */
#define RCO__LOCAL_IMMORTAL 0xffffffffu
#define RCO__NO_THREAD 0xffff             /* a thread rco has not met yet */
extern RCO_API __thread uint16_t rco__thread_index __attribute__((tls_model("initial-exec")));
RCO_API void rco__incref_slow(rco_object *o);
RCO_API void rco__decref_slow(rco_object *o);
/* Called when a count reaches zero. Not for direct use. */
RCO_API void rco__dealloc(rco_object *o);

static inline rco_object *rco__incref_fast(rco_object *o)
{
    uint32_t local = __atomic_load_n(&o->ref_local, __ATOMIC_RELAXED);
    if (__builtin_expect(__atomic_load_n(&o->ref_owner, __ATOMIC_RELAXED) == rco__thread_index &&
                             local < RCO__LOCAL_MAX,
                         1))
        __atomic_store_n(&o->ref_local, local + 1, __ATOMIC_RELAXED);
    else if (local != RCO__LOCAL_IMMORTAL)
        rco__incref_slow(o);
    return o;
}
static inline void rco__decref_fast(rco_object *o)
{
    uint32_t local = __atomic_load_n(&o->ref_local, __ATOMIC_RELAXED);
    if (__builtin_expect(__atomic_load_n(&o->ref_owner, __ATOMIC_RELAXED) == rco__thread_index, 1)) {
        /* 2 <= local <= LOCAL_MAX, in one comparison */
        if (__builtin_expect(local - 2u < RCO__LOCAL_MAX - 1u, 1)) {
            __atomic_store_n(&o->ref_local, local - 1, __ATOMIC_RELAXED);
            return;
        }
        /* The owner's last reference, and nobody else ever held one: the
         * commonest death, with no detour. */
        if (local == 1 && __atomic_load_n(&o->ref_shared, __ATOMIC_ACQUIRE) == 0) {
            __atomic_store_n(&o->ref_local, 0, __ATOMIC_RELAXED);
            rco__dealloc(o);
            return;
        }
    }
    if (local != RCO__LOCAL_IMMORTAL)
        rco__decref_slow(o);
}

#if !defined(RCO_DEBUG) && !defined(RCO__OUT_OF_LINE_REFCOUNT)
/** Take a reference to o; returns o. o may not be NULL.
 * @ownership The caller owns one more reference to o (the result is o).
 * @errors None; o may not be NULL (the debug build checks). */
static inline rco_object *rco_incref(rco_object *o)
{
    return rco__incref_fast(o);
}
/** Release a reference to o; frees o when its count reaches 0. o may not be
 * NULL.
 * @ownership Releases a reference the caller owns (never a borrowed one).
 * @errors None; o may not be NULL (the debug build checks). */
static inline void rco_decref(rco_object *o)
{
    rco__decref_fast(o);
}
/** @name NULL allowed
 * @{ */
/** Like rco_incref and rco_decref, but NULL is allowed (and ignored).
 * @ownership As rco_incref and rco_decref.
 * @errors None; NULL is ignored. */
static inline void rco_xincref(rco_object *o)
{
    if (o)
        rco__incref_fast(o);
}
static inline void rco_xdecref(rco_object *o)
{
    if (o)
        rco__decref_fast(o);
}
/** @} */
#else
RCO_API rco_object *rco_incref(rco_object *o);
RCO_API void rco_decref(rco_object *o);
RCO_API void rco_xincref(rco_object *o);
RCO_API void rco_xdecref(rco_object *o);
#endif

/** Set the pointer p to NULL, then release the reference it held (if any).
 * The order matters: a finalizer run by the release never sees p.
 * @ownership Releases the reference p held; p is NULL afterwards.
 * @errors None; p may be NULL. */
#define RCO_CLEAR(p)                                                   \
    do {                                                               \
        rco_object *rco_clear_old_ = (rco_object *)(p);                \
        if (rco_clear_old_) {                                          \
            (p) = NULL;                                                \
            rco_decref(rco_clear_old_);                                \
        }                                                              \
    } while (0)

/** Store v (a reference the caller hands over) in the pointer p, then release
 * p's old value (if any). Like CPython's Py_SETREF.
 * @ownership Steals v (p now holds it) and releases p's old reference.
 * @errors None. */
#define RCO_SETREF(p, v)                                               \
    do {                                                               \
        rco_object *rco_setref_old_ = (rco_object *)(p);               \
        (p) = (v);                                                     \
        rco_xdecref(rco_setref_old_);                                  \
    } while (0)

/** The count right now; immortal objects show about RCO_IMMORTAL_REFCNT
 * (releasing them lowers it, harmlessly); -1 with RCO_ERR_TYPE for NULL.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for NULL. */
RCO_API intptr_t rco_refcount(const rco_object *o);
/** o's type (borrowed); NULL with RCO_ERR_TYPE for NULL.
 * @ownership Borrowed reference to the type (each instance keeps its class;
 *   built-in types are immortal).
 * @errors NULL with RCO_ERR_TYPE for NULL. */
RCO_API RCO_BORROWED const rco_type *rco_typeof(const rco_object *o);
/** o's type name: "int", "list", a class name ... (borrowed, static or owned
 * by the type); "NULL" for NULL.
 * @ownership A borrowed string: static, or owned by the type.
 * @errors None: "NULL" for NULL. */
RCO_API const char *rco_type_name(const rco_object *o);
/** 1 if o's type is t, else 0.
 * @ownership Borrows o and t.
 * @errors None: 0 for NULL. */
RCO_API int rco_is_type(const rco_object *o, const rco_type *t);

/** @} */

/** @defgroup types Types: how C code defines its own objects
 * @{ */

/** A traversal visits each object reference the object holds; visit returns
 * nonzero to stop the traversal, which then returns that value. */
typedef int (*rco_visit_fn)(rco_object *child, void *arg);
/** A type's traverse slot: visit(child, arg) for each reference held. */
typedef int (*rco_traverse_fn)(rco_object *self, rco_visit_fn visit, void *arg);
/** A type's finalize or legacy_del slot. */
typedef void (*rco_finalizer)(rco_object *self);
typedef rco_object *(*rco_repr_fn)(rco_object *self);   /**< repr slot: new str */
typedef int64_t (*rco_hash_fn)(rco_object *self);       /**< hash slot: -1 + error */
typedef int (*rco_equal_fn)(rco_object *self, rco_object *other); /**< equal slot: 1/0/-1 */

/** Inside a traverse function with parameters (self, visit, arg): visit one
 * field, skipping NULL. */
#define RCO_VISIT(field)                                               \
    do {                                                               \
        if (field) {                                                   \
            int rco_visit_ret_ = visit((rco_object *)(field), arg);    \
            if (rco_visit_ret_)                                        \
                return rco_visit_ret_;                                 \
        }                                                              \
    } while (0)

/** Type flags (rco_type.flags). */
enum {
    /** Instances can hold references and may be part of cycles: they get a
     * collector header, are tracked from creation (rco_gc_new) and need
     * traverse and clear. Only these can be weakly referenced. */
    RCO_TYPE_GC = 1u << 0,
    /** rco_hash fails with RCO_ERR_TYPE (mutable values). */
    RCO_TYPE_UNHASHABLE = 1u << 1,
    /** Set by rco: a class made by rco_class_new (its instances hold a
     * reference to it). */
    RCO_TYPE_HEAP = 1u << 2,
    /** Set by rco once the type has been readied on first use. */
    RCO_TYPE_READY = 1u << 3
};

struct rco__buf;       /* rco's own, for the fields after `equal` */
struct rco__container;
struct rco__iter_pos;
/** Fill one of these (statically, with designated initializers) to define a
 * type; allocate instances with rco_new (no references held) or rco_gc_new
 * (RCO_TYPE_GC types). Unset slots get Python's defaults: identity hash and
 * equality, "<name object at 0x...>" repr; a type with equal but no hash is
 * unhashable (equal objects must hash equal: Python sets __hash__ to None
 * when a class defines __eq__ alone). Fields after `equal` belong to rco;
 * leave them zero.
 *
 * Slots keep their contracts or the call that ran them fails: equal
 * returns 1, 0, or -1 with an error set; hash a value other than -1, or -1
 * with an error; repr a new str, or NULL with an error. (-1 or NULL without
 * an error, or equal returning anything else, become RCO_ERR_VALUE.) Slots
 * may call any rco function on any object, the containers being operated
 * on included: an operation that ran a slot re-reads what the slot may
 * have changed, and starts a lookup again if the table changed. */
struct rco_type {
    rco_object ob;          /**< a type is an object; rco makes static ones immortal */
    const char *name;       /**< shown by rco_type_name and repr */
    size_t size;            /**< bytes of an instance, rco_object header included */
    unsigned flags;         /**< RCO_TYPE_* */
    /** Release what the object holds (its references, its buffers); rco frees
     * the object's own memory afterwards. May be NULL. */
    void (*dealloc)(rco_object *self);
    rco_traverse_fn traverse; /**< visit each reference held (RCO_TYPE_GC) */
    void (*clear)(rco_object *self); /**< drop references to break cycles (RCO_CLEAR) */
    /** Runs once before the object is destroyed, by count or by the
     * collector; may resurrect the object by storing a new reference (PEP 442). */
    rco_finalizer finalize;
    /** Python 2's __del__: runs when the count reaches 0, but an object with
     * one that sits in a garbage cycle is uncollectable (rco_gc_garbage). */
    rco_finalizer legacy_del;
    rco_repr_fn repr;         /**< repr(self): a new str, or NULL with an error */
    rco_hash_fn hash;         /**< hash(self): not -1, or -1 with an error */
    rco_equal_fn equal;       /**< self == other: 1, 0, or -1 with an error */
    /* --- owned by rco --- */
    /** @cond RCO_INTERNAL */
    unsigned char kind;       /**< which built-in type, 0 for user types */
    unsigned char has_gc_head;
    unsigned short count_offset; /**< variable-size built-ins: where the item count is, */
    unsigned item_size;          /**< and the bytes per item (size is the fixed part) */
    size_t (*var_size)(const rco_object *self); /**< other variable sizes */
    size_t block_size;        /**< memory of an instance, prefix included; 0: variable */
    ssize_t (*len)(rco_object *self);                        /**< built-ins: len() */
    void (*repr_into)(rco_object *self, struct rco__buf *out); /**< built-ins: repr into a buffer */
    const struct rco__container *container; /**< built-in containers: how repr walks them */
    /** built-ins: a < b (<=, >, >=) against other, Python's order (ops/) */
    int (*order)(rco_object *self, rco_object *other, int op);
    int (*truth)(rco_object *self);           /**< built-ins: bool(), where len() does not say */
    /** built-in containers: the next item of an iteration at *pos (ops/iter.c) */
    int (*iter_step)(rco_object *self, struct rco__iter_pos *pos, rco_object **item);
    /** @endcond */
};

/** A new object of type t (not RCO_TYPE_GC): count 1, fields after the header
 * zeroed.
 * @ownership New reference (count 1).
 * @errors NULL with RCO_ERR_TYPE if t is NULL, a built-in type, a class
 *   (rco_instance_new makes instances) or an RCO_TYPE_GC type (use
 *   rco_gc_new); RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_new(rco_type *t);
/** A new collector-tracked object of an RCO_TYPE_GC type: count 1, fields
 * zeroed, tracked at once (traverse must accept the zeroed fields). New
 * reference. May run an automatic collection before returning.
 * @ownership New reference (count 1).
 * @errors NULL with RCO_ERR_TYPE if t is NULL, a built-in type, a class
 *   (rco_instance_new makes instances) or lacks RCO_TYPE_GC (use rco_new);
 *   RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_gc_new(rco_type *t);

/** @} */

/** @defgroup threads Threads
 *
 * Any thread may create, read, change, share and release any object; no
 * thread needs registering, and a thread that exits leaves nothing behind
 * (its pools and the counts of the objects it made go to the next thread).
 * docs/threads.md says the whole model; in short:
 *   - each operation on a container is atomic (no torn state, no lost
 *     update, no corrupted count), as in CPython's free-threaded build; an
 *     iteration over a dict or set another thread changes ends with
 *     RCO_ERR_RUNTIME, never a crash;
 *   - counts are biased: the thread that made an object counts it with
 *     plain stores, others atomically (an incref+decref pair costs about
 *     what Jansson's atomic pair costs on another thread's object);
 *   - a collection, started by any thread, stops the world only for the
 *     threads inside the library's short locked sections: it never waits
 *     for a thread that is blocked, sleeping or computing outside rco, so
 *     rco_thread_detach()/rco_thread_attach() are never needed to avoid a
 *     hang. They remain, as a promise (a detached thread touches no
 *     object), which lets other threads act for it (merge the releases
 *     they queued to it); both may be called anywhere, any number of times;
 *   - a dict that threads other than its maker read is read without its
 *     lock (as in CPython 3.13t), so lookups in a shared dict scale with
 *     the threads; the price is paid by its writers: a change that removes
 *     or replaces a value, or grows the table, of such a dict waits for
 *     the lookups already under way (typically well under a microsecond)
 *     before releasing what it removed;
 *   - finalizers, weakref callbacks and gc callbacks run on the collecting
 *     thread while the other threads run;
 *   - borrowed references stay valid only while nothing changes their
 *     container: with other threads about, use the _ref getters
 *     (rco_list_get_ref, rco_dict_get_ref, rco_dict_get_str_ref; tuples
 *     never change once filled, so rco_tuple_get is safe on a tuple
 *     nobody is still filling);
 *   - an object being destroyed on one thread must not be used by another
 *     (that thread would be using a reference it does not hold); releasing
 *     a reference you hold is always safe, also racing with the last one;
 *   - rco_shutdown() is refused (RCO_ERR_RUNTIME) until every other thread
 *     that used rco has exited.
 * @{ */

/** This thread will touch no object until rco_thread_attach(); nothing, the
 * collector included, waits for it meanwhile (Py_BEGIN_ALLOW_THREADS;
 * nothing waits for a thread outside rco anyway, see above).
 * @ownership No objects: the thread promises to touch none until
 *   rco_thread_attach().
 * @errors None; may be called anywhere, any number of times. */
RCO_API void rco_thread_detach(void);
/** The thread may touch objects again (it waits while a collection holds
 * detached threads off).
 * @ownership No objects.
 * @errors None; may be called anywhere, any number of times. */
RCO_API void rco_thread_attach(void);

/** @} */

/** @defgroup singletons_and_numbers Singletons and numbers
 * @{ */

/** @name Singletons
 * @{ */
/** Immortal objects: the caller may release the returned reference or not.
 * @ownership Immortal objects: releasing the result is optional.
 * @errors None. */
RCO_API rco_object *rco_none(void);
RCO_API rco_object *rco_true(void);
RCO_API rco_object *rco_false(void);
/** @} */
/** rco_true() if v != 0, else rco_false(); immortal, as above.
 * @ownership Immortal: releasing the result is optional.
 * @errors None. */
RCO_API rco_object *rco_bool(int v);
/** 1 if o is None, else 0.
 * @ownership Borrows o.
 * @errors None: 0 for NULL. */
RCO_API int rco_is_none(const rco_object *o);

/** ints are signed 64-bit; values that do not fit are RCO_ERR_OVERFLOW, never
 * wrapped. Small ints (-5..256) are immortal and shared.
 * @ownership New reference (a small int is immortal and shared: releasing it
 *   is harmless).
 * @errors NULL with RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_int(int64_t v);
/** An int from an unsigned value; RCO_ERR_OVERFLOW above INT64_MAX.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_OVERFLOW above INT64_MAX; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_int_from_uint64(uint64_t v);
/** The value of an int (or bool); -1 with RCO_ERR_TYPE if o is not one
 * (check rco_err_occurred when -1 is a possible value).
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE if o is not an int or bool (check
 *   rco_err_occurred when -1 is a possible value). */
RCO_API int64_t rco_int_value(rco_object *o);
/** A float.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_float(double v);
/** The value of a float, int or bool as a double; -1.0 with RCO_ERR_TYPE
 * otherwise.
 * @ownership Borrows o.
 * @errors -1.0 with RCO_ERR_TYPE if o is not a float, int or bool. */
RCO_API double rco_float_value(rco_object *o);

/** @} */

/** @defgroup strings_and_bytes Strings and bytes
 * @{ */

/** A str from NUL-terminated UTF-8; invalid UTF-8 is RCO_ERR_VALUE.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_VALUE for invalid UTF-8, RCO_ERR_TYPE for NULL;
 *   RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_str(const char *utf8);
/** A str from n bytes of UTF-8 (may contain NUL).
 * @ownership New reference.
 * @errors NULL with RCO_ERR_VALUE for invalid UTF-8, RCO_ERR_TYPE for a NULL
 *   p; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_str_n(const char *p, size_t n);
/** A str from printf-style formatting.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_TYPE for a NULL fmt, RCO_ERR_VALUE for a bad
 *   format or a result that is not UTF-8; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_str_printf(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/** The UTF-8 text of a str, NUL-terminated (borrowed from s).
 * @ownership Borrowed from s: valid while s lives.
 * @errors NULL with RCO_ERR_TYPE if s is not a str. */
RCO_API const char *rco_str_utf8(rco_object *s);
/** The number of UTF-8 bytes in s (without the NUL); -1 if not a str.
 * @ownership Borrows s.
 * @errors -1 with RCO_ERR_TYPE if s is not a str. */
RCO_API ssize_t rco_str_size(rco_object *s);

/** A bytes object holding a copy of n bytes at p.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_TYPE for a NULL p with n > 0; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_bytes(const void *p, size_t n);
/** The bytes' data (borrowed from b; followed by a NUL for convenience).
 * @ownership Borrowed from b: valid while b lives.
 * @errors NULL with RCO_ERR_TYPE if b is not a bytes. */
RCO_API const char *rco_bytes_data(rco_object *b);

/** @} */

/** @defgroup tuples Tuples
 * @{ */

/** A tuple with n empty slots, to fill with rco_tuple_set*; n == 0 gives the
 * immortal empty tuple.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_OVERFLOW for an impossible n; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_tuple_new(size_t n);
/** Put item in slot i (replacing and releasing what was there); takes its
 * own reference to item. Fill a tuple before you share it.
 * @ownership Borrows item: the tuple takes its own reference, and releases
 *   the item it replaces.
 * @errors -1 with RCO_ERR_TYPE if t is not a tuple or item is NULL,
 *   RCO_ERR_INDEX if i is out of range. */
RCO_API int rco_tuple_set(rco_object *t, size_t i, rco_object *item);
/** Same, stealing item.
 * @ownership Steals item, also on failure (a NULL item fails with the error
 *   already set).
 * @errors As rco_tuple_set. */
RCO_API int rco_tuple_set_steal(rco_object *t, size_t i, RCO_STEALS rco_object *item);
/** The item in slot i: borrowed reference; NULL with RCO_ERR_INDEX out of
 * range, RCO_ERR_VALUE for a slot not yet filled.
 * @ownership Borrowed reference: valid while t holds it (a tuple never
 *   changes once filled).
 * @errors NULL with RCO_ERR_INDEX out of range, RCO_ERR_VALUE for a slot not
 *   yet filled, RCO_ERR_TYPE if t is not a tuple. */
RCO_API RCO_BORROWED rco_object *rco_tuple_get(rco_object *t, size_t i);
/** A tuple of the n objects given (takes its own references).
 * @ownership New reference; the tuple takes its own references to the n
 *   objects (borrowed).
 * @errors NULL with RCO_ERR_TYPE for a NULL object; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_tuple_pack(size_t n, ...);

/** Filling a new tuple is the hot path of much code, so in release builds
 * rco_tuple_set and rco_tuple_set_steal first try, inline, the common case
 * (an empty slot, an atomic item), with the same checks and meaning, and
 * call the functions for everything else. (The functions themselves remain:
 * &rco_tuple_set works.) Not for direct use: */
RCO_API extern rco_type rco__tuple_type;
typedef struct rco__tuple_head {
    rco_object ob; /**< ob.size: the item count */
    rco_object *items[];
} rco__tuple_head;

#if !defined(RCO_DEBUG) && !defined(RCO__BUILDING)
static inline int rco__tuple_fill_fast(rco_object *t, size_t i, rco_object *item)
{
    if (t && item && t->type == &rco__tuple_type && !(item->type->flags & RCO_TYPE_GC)) {
        rco__tuple_head *h = (rco__tuple_head *)t;
        if (i < h->ob.size && !h->items[i]) {
            h->items[i] = item;
            return 1;
        }
    }
    return 0;
}
static inline int rco__tuple_set_inline(rco_object *t, size_t i, rco_object *item)
{
    if (rco__tuple_fill_fast(t, i, item)) {
        rco__incref_fast(item);
        return 0;
    }
    return (rco_tuple_set)(t, i, item);
}
static inline int rco__tuple_set_steal_inline(rco_object *t, size_t i, rco_object *item)
{
    return rco__tuple_fill_fast(t, i, item) ? 0 : (rco_tuple_set_steal)(t, i, item);
}
#define rco_tuple_set(t, i, item) rco__tuple_set_inline((t), (i), (item))
#define rco_tuple_set_steal(t, i, item) rco__tuple_set_steal_inline((t), (i), (item))
#endif

/** @} */

/** @defgroup lists Lists
 * @{ */

/** A list with n empty slots (to fill with rco_list_set*) .
 * @ownership New reference.
 * @errors NULL with RCO_ERR_OVERFLOW for an impossible n; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_list_new(size_t n);
/** Append item; takes its own reference.
 * @ownership Borrows item: the list takes its own reference.
 * @errors -1 with RCO_ERR_TYPE if l is not a list or item is NULL;
 *   RCO_ERR_MEMORY. */
RCO_API int rco_list_append(rco_object *l, rco_object *item);
/** Append item, stealing it.
 * @ownership Steals item, also on failure: the list keeps it, or it is
 *   released (a NULL item fails with the error already set).
 * @errors -1 with RCO_ERR_TYPE if l is not a list or item is NULL;
 *   RCO_ERR_MEMORY. */
RCO_API int rco_list_append_steal(rco_object *l, RCO_STEALS rco_object *item);
/** Replace slot i (releasing the old item); takes its own reference.
 * @ownership Borrows item: the list takes its own reference, and releases the
 *   item it replaces.
 * @errors -1 with RCO_ERR_TYPE if l is not a list or item is NULL,
 *   RCO_ERR_INDEX if i is out of range. */
RCO_API int rco_list_set(rco_object *l, size_t i, rco_object *item);
/** Same, stealing item.
 * @ownership Steals item, also on failure (a NULL item fails with the error
 *   already set).
 * @errors As rco_list_set. */
RCO_API int rco_list_set_steal(rco_object *l, size_t i, RCO_STEALS rco_object *item);
/** The item in slot i: borrowed reference (see rco_tuple_get for errors).
 * Safe while no other thread changes the list; otherwise use:
 * @ownership Borrowed reference: valid while the list holds it, so only while
 *   no other thread changes l.
 * @errors NULL with RCO_ERR_INDEX out of range, RCO_ERR_VALUE for a slot not
 *   yet filled, RCO_ERR_TYPE if l is not a list. */
RCO_API RCO_BORROWED rco_object *rco_list_get(rco_object *l, size_t i);
/** The item in slot i: new reference, taken atomically with the read
 * (PyList_GetItemRef). NULL + RCO_ERR_INDEX past the end.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_INDEX past the end, RCO_ERR_VALUE for a slot not
 *   yet filled, RCO_ERR_TYPE if l is not a list. */
RCO_API RCO_NEW rco_object *rco_list_get_ref(rco_object *l, size_t i);
/** Insert item before slot i (i == length appends); takes its own ref.
 * @ownership Borrows item: the list takes its own reference.
 * @errors -1 with RCO_ERR_TYPE if l is not a list or item is NULL,
 *   RCO_ERR_INDEX if i is past the length; RCO_ERR_MEMORY. */
RCO_API int rco_list_insert(rco_object *l, size_t i, rco_object *item);
/** Remove slot i and return its item: new reference (the list's).
 * @ownership New reference: the list's, handed to the caller.
 * @errors NULL with RCO_ERR_INDEX out of range, RCO_ERR_TYPE if l is not a
 *   list. */
RCO_API RCO_NEW rco_object *rco_list_pop(rco_object *l, size_t i);
/** Remove slot i, releasing its item.
 * @ownership Releases the list's reference to the item.
 * @errors -1 with RCO_ERR_INDEX out of range, RCO_ERR_TYPE if l is not a
 *   list. */
RCO_API int rco_list_del(rco_object *l, size_t i);
/** Remove every item, releasing them.
 * @ownership Releases the list's references.
 * @errors -1 with RCO_ERR_TYPE if l is not a list. */
RCO_API int rco_list_clear(rco_object *l);

/** @} */

/** @defgroup dicts Dicts (insertion-ordered; equal values are equal keys: 1, 1.0, True)
 * @{ */

/** An empty dict.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_dict_new(void);
/** d[key] = value; takes its own references to both. Unhashable key
 * (list, dict, set) is RCO_ERR_TYPE. An equal key already present is kept
 * and only its value replaced.
 * @ownership Borrows key and value: the dict takes its own references (to
 *   key only when no equal key is present), and releases the value it
 *   replaces.
 * @errors -1 with RCO_ERR_TYPE if d is not a dict, key or value is NULL, or
 *   key is unhashable; the error of a user type's hash or equal slot;
 *   RCO_ERR_MEMORY. */
RCO_API int rco_dict_set(rco_object *d, rco_object *key, rco_object *value);
/** Same, stealing key and value (both, also on failure).
 * @ownership Steals key and value, both, also on failure (a NULL one fails
 *   with the error already set).
 * @errors As rco_dict_set. */
RCO_API int rco_dict_set_steal(rco_object *d, RCO_STEALS rco_object *key, RCO_STEALS rco_object *value);
/** d[str(key)] = value; takes its own reference to value.
 * @ownership Borrows value: the dict takes its own reference (and makes the
 *   str key).
 * @errors As rco_dict_set, and RCO_ERR_VALUE for a key that is not UTF-8,
 *   RCO_ERR_TYPE for a NULL key. */
RCO_API int rco_dict_set_str(rco_object *d, const char *key, rco_object *value);
/** d[key]: borrowed reference; NULL if absent (no error set) or on error
 * (error set: check rco_err_occurred).
 * @ownership Borrowed reference: valid while d holds it, so only while no
 *   other thread changes d (rco_dict_get_ref always is).
 * @errors NULL with no error set when absent; NULL with the error set
 *   (RCO_ERR_TYPE: d not a dict, key NULL or unhashable; a user slot's error)
 *   otherwise: check rco_err_occurred. */
RCO_API RCO_BORROWED rco_object *rco_dict_get(rco_object *d, rco_object *key);
/** d[str(key)]: borrowed reference; NULL if absent (no error).
 * @ownership Borrowed reference, as rco_dict_get's.
 * @errors NULL with no error set when absent (a key that is not UTF-8
 *   included); NULL with RCO_ERR_TYPE if d is not a dict or key is NULL. */
RCO_API RCO_BORROWED rco_object *rco_dict_get_str(rco_object *d, const char *key);
/** @name Getters taking a reference
 * @{ */
/** d[key] as a new reference, taken atomically with the lookup
 * (PyDict_GetItemRef): 1 and *out the value when present; 0 and *out NULL
 * when absent (no error); -1 and *out NULL on error (unhashable key, out
 * NULL). The borrowed getters above are safe only while no other thread
 * changes d; these always are.
 * @ownership A new reference in *out when the result is 1; *out is NULL
 *   otherwise.
 * @errors -1 with RCO_ERR_TYPE if d is not a dict, key is NULL or unhashable,
 *   or out is NULL; 0, with no error, when absent. */
RCO_API int rco_dict_get_ref(rco_object *d, rco_object *key, RCO_NEW rco_object **out);
RCO_API int rco_dict_get_str_ref(rco_object *d, const char *key, RCO_NEW rco_object **out);
/** @} */
/** del d[key]; -1 with RCO_ERR_KEY if absent.
 * @ownership Releases the dict's references to the key and its value.
 * @errors -1 with RCO_ERR_KEY if absent, RCO_ERR_TYPE if d is not a dict or
 *   key is NULL or unhashable. */
RCO_API int rco_dict_del(rco_object *d, rco_object *key);
/** del d[str(key)]; -1 with RCO_ERR_KEY if absent.
 * @ownership Releases the dict's references to the key and its value.
 * @errors -1 with RCO_ERR_KEY if absent (RCO_ERR_VALUE if key is not UTF-8),
 *   RCO_ERR_TYPE if d is not a dict or key is NULL. */
RCO_API int rco_dict_del_str(rco_object *d, const char *key);
/** 1 if key is in d, 0 if not, -1 on error.
 * @ownership Borrows d and key.
 * @errors -1 with RCO_ERR_TYPE if d is not a dict or key is NULL or
 *   unhashable; a user slot's error. */
RCO_API int rco_dict_contains(rco_object *d, rco_object *key);
/** Iterate in insertion order: start with *pos = 0 (afterwards *pos is an
 * opaque cursor); returns 1 and borrowed key/value (either pointer may be
 * NULL) while items remain, then 0. While iterating, values of present
 * keys may be replaced; inserting or removing a key (or clearing) ends the
 * iteration: -1 with RCO_ERR_RUNTIME "dictionary changed size during
 * iteration", as in Python (which says "keys changed" when the size stays
 * the same; rco says "changed size" for both).
 * @ownership *key and *value are borrowed: valid while d holds them.
 * @errors -1 with RCO_ERR_RUNTIME once a key was inserted or removed,
 *   RCO_ERR_TYPE if d is not a dict or pos is NULL. */
RCO_API int rco_dict_next(rco_object *d, size_t *pos, rco_object **key, rco_object **value);
/** Remove every item.
 * @ownership Releases the dict's references.
 * @errors -1 with RCO_ERR_TYPE if d is not a dict. */
RCO_API int rco_dict_clear(rco_object *d);

/** @} */

/** @defgroup sets Sets (insertion-ordered)
 * @{ */

/** An empty set.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_set_new(void);
/** Add item (no-op if an equal one is present); takes its own reference.
 * @ownership Borrows item: the set takes its own reference when it adds it.
 * @errors -1 with RCO_ERR_TYPE if s is not a set or item is NULL or
 *   unhashable; a user slot's error; RCO_ERR_MEMORY. */
RCO_API int rco_set_add(rco_object *s, rco_object *item);
/** 1 if an equal item is in s, 0 if not, -1 on error.
 * @ownership Borrows s and item.
 * @errors -1 with RCO_ERR_TYPE if s is not a set or item is NULL or
 *   unhashable; a user slot's error. */
RCO_API int rco_set_contains(rco_object *s, rco_object *item);
/** Remove item: 1 if it was there, 0 if not, -1 on error.
 * @ownership Releases the set's reference to the item removed.
 * @errors -1 with RCO_ERR_TYPE if s is not a set or item is NULL or
 *   unhashable; a user slot's error. */
RCO_API int rco_set_discard(rco_object *s, rco_object *item);
/** Iterate in insertion order: *pos = 0 first; 1 and a borrowed item while
 * items remain, then 0. Adding or removing an item meanwhile ends the
 * iteration: -1 with RCO_ERR_RUNTIME "Set changed size during iteration".
 * @ownership *item is borrowed: valid while s holds it.
 * @errors -1 with RCO_ERR_RUNTIME once an item was added or removed,
 *   RCO_ERR_TYPE if s is not a set. */
RCO_API int rco_set_next(rco_object *s, size_t *pos, rco_object **item);

/** @} */

/** @defgroup operations_on_any_object Operations on any object
 * @{ */

/** Length of a str (code points), bytes, tuple, list, dict or set; -1 with
 * RCO_ERR_TYPE otherwise.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for other objects and NULL. */
RCO_API ssize_t rco_len(rco_object *o);
/** a == b with Python's meaning (1 == 1.0 == True, containers by content);
 * 1, 0, or -1 on error (nesting deeper than RCO_MAX_DEPTH).
 * @ownership Borrows a and b.
 * @errors -1 for nesting deeper than RCO_MAX_DEPTH (RCO_ERR_OVERFLOW), with a
 *   user type's equal slot's error, or RCO_ERR_TYPE for NULL. */
RCO_API int rco_equal(rco_object *a, rco_object *b);
/** hash(o): equal objects hash equal; never -1 on success. -1 with
 * RCO_ERR_TYPE for unhashable objects (list, dict, set). str and bytes
 * hash with SipHash under a per-process random key (`RCO_HASH_SEED=<n>` in
 * the environment fixes it); an int hashes as itself (-1 as -2), as in
 * CPython, and a float with an integral value as that int.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for unhashable objects and NULL,
 *   RCO_ERR_OVERFLOW for nesting deeper than RCO_MAX_DEPTH, or a user hash
 *   slot's error. */
RCO_API int64_t rco_hash(rco_object *o);
/** repr(o) as Python writes it: [1, 'a', (2,), None].
 * @ownership New reference (a str).
 * @errors NULL with RCO_ERR_TYPE for NULL, a user repr slot's error;
 *   RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_repr(rco_object *o);
/** Write rco_repr(o) to f. 0 or -1.
 * @ownership Borrows o.
 * @errors -1 with rco_repr's errors, RCO_ERR_TYPE for a NULL f, RCO_ERR_VALUE
 *   for a failed write. */
RCO_API int rco_print(rco_object *o, FILE *f);

/** How deep rco_equal and rco_hash follow nested containers (like Python's
 * recursion limit); repr, destruction and the collector have no limit. */
#define RCO_MAX_DEPTH 1000

/** @} */

/** @defgroup building_and_unpacking_values Building and unpacking values (Py_BuildValue / PyArg_ParseTuple)
 * @{ */

/** @name Building
 * @{ */
/** Build a value from a format:
 * @code{.unparsed}
 *   i int   b/h (promoted int)   l long   L long long   n ssize_t
 *   I unsigned int   k unsigned long   K unsigned long long (OVERFLOW past INT64_MAX)
 *   d double   f (promoted) double   c char (a bytes of 1)   p int as bool
 *   s/z C string (NULL gives None)   s#/z# string + ssize_t length
 *   y C string as bytes   y# bytes + ssize_t length
 *   O object (takes its own reference; NULL is an error)   S same as O
 *   N object (steals it)
 *   (...) tuple   [...] list   {k:v, ...} dict; spaces, commas and colons
 *   between items are ignored.
 * @endcode
 * Several items at top level make a tuple, one item is itself, "" is None.
 * New reference. On any failure the result is NULL with an error naming
 * the position in the format, and every N argument before the failing
 * position has been released (a format error is found before any argument
 * is read, so then all N arguments before it are released).
 * @ownership New reference. O and S arguments are borrowed (the result takes
 *   its own references); N arguments are stolen (on failure, as said above).
 * @errors NULL with an error naming the position: RCO_ERR_VALUE for a bad
 *   format or invalid UTF-8, RCO_ERR_TYPE for a NULL object or format,
 *   RCO_ERR_OVERFLOW for a value or length that does not fit; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_build(const char *fmt, ...);
RCO_API RCO_NEW rco_object *rco_build_va(const char *fmt, va_list ap);
/** @} */

/** @name Unpacking
 * @{ */
/** Unpack a tuple (like PyArg_ParseTuple). Each code takes a pointer to
 * the C type named:
 * @code{.unparsed}
 *   i int   b unsigned char (0..255, as CPython's b)   h short   l long
 *   L long long   n ssize_t
 *   I unsigned int   k unsigned long   K unsigned long long
 *   p int (the truth value)   d double   f float
 *   s const char * (UTF-8 of a str, borrowed)   z the same, None gives NULL
 *   s# const char * and ssize_t   y# bytes: const char * and ssize_t
 *   O rco_object * (borrowed)   O! a const rco_type * (not a pointer to
 *   one) then rco_object *, checked to be of that type
 *   (...) a nested tuple   | the rest is optional   : a name for messages
 *   ;text  ends the format: text replaces the message of every TypeError
 *          (wrong types and counts), as in PyArg_ParseTuple
 * @endcode
 * Values that do not fit the C type are RCO_ERR_OVERFLOW. Nothing is stored
 * unless every item converts. 0 or -1. Deliberately narrower than
 * PyArg_ParseTuple: (...) takes a tuple only (CPython takes any sequence
 * but bytes, and lends the items of a list it may not hold), and s# and z#
 * take a str only (bytes go through y#, so that s always means text).
 * @ownership Borrows the tuple; what it stores (O, O!, s, z, s#, y#) is
 *   borrowed from the tuple's items: valid while the tuple lives.
 * @errors -1, nothing stored: RCO_ERR_TYPE for wrong types and counts (or the
 *   ;text message), a NULL tuple or format; RCO_ERR_OVERFLOW for a value that
 *   does not fit; RCO_ERR_VALUE for a bad format, an embedded NUL for s, a
 *   slot not yet filled. */
RCO_API int rco_unpack(rco_object *tuple, const char *fmt, ...);
RCO_API int rco_unpack_va(rco_object *tuple, const char *fmt, va_list ap);
/** @} */

/** @} */

/** @defgroup data_in_and_out Data in and out: JSON (Python's json module) and Python literals
 * @{ */

/** json.loads of n bytes of UTF-8 text (need not be NUL-terminated): what
 * Python's json.loads accepts, built into equal values (objects as dicts,
 * arrays as lists, NaN, Infinity and -Infinity as floats; a repeated key
 * keeps its first place and its last value).
 * @ownership New reference.
 * @errors NULL with an error, all RCO_ERR_VALUE unless said, with Python's
 * messages:
 *   - a malformed document: json.loads's message and position, counted in
 *     code points, e.g. "Expecting ',' delimiter: line 1 column 5 (char 4)";
 *   - text that is not UTF-8: what Python's decoder says of its first bad
 *     byte, "'utf-8' codec can't decode byte 0xff in position 7: invalid
 *     start byte" (the position in bytes), whatever else is wrong;
 *   - a UTF-8 byte order mark at the start: "Unexpected UTF-8 BOM (decode
 *     using utf-8-sig): line 1 column 1 (char 0)", as json.loads of a str;
 *   - a lone surrogate escape ("\ud800", or a low one not after a high
 *     one), which json.loads accepts: an rco str holds only valid UTF-8,
 *     so it fails, "Lone surrogate \ud800: an rco str holds only valid
 *     UTF-8: line 1 column 2 (char 1)", the position of its backslash;
 *   - an integer outside int64: RCO_ERR_OVERFLOW, "Integer does not fit in
 *     int64: ..." with its position (Python's ints have no limit);
 *     these two are reported only for a document Python would load: a
 *     malformed one fails with Python's error, as it would in Python;
 *   - no nesting limit: a document nested 10^6 deep loads (Python raises
 *     RecursionError near 1000); only memory bounds it: RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_json_loads(const char *text, size_t n);
/** json.load: the rest of the stream f, read whole, then as rco_json_loads.
 * @ownership New reference.
 * @errors rco_json_loads's; a read error is RCO_ERR_VALUE; RCO_ERR_TYPE for
 *   a NULL f. */
RCO_API RCO_NEW rco_object *rco_json_load_file(FILE *f);

/** Flags of the dumpers, or-ed; 0 is json.dumps(o) with its defaults. */
enum {
    RCO_JSON_SORT_KEYS = 1, /**< sort_keys=True */
    RCO_JSON_COMPACT = 2,   /**< separators=(',', ':'), also with an indent */
    RCO_JSON_UTF8 = 4       /**< ensure_ascii=False: non-ASCII text written as UTF-8 */
};
/** indent=n (0..31: with 0, new lines without indentation), or-ed into the
 * flags; items are then separated by ',' (and ':' with RCO_JSON_COMPACT). */
#define RCO_JSON_INDENT(n) ((((n) & 31) + 1) << 8)

/** json.dumps(o, ...) with the flags: byte for byte what Python writes.
 * Lists and tuples are arrays, dicts objects; str, int, float (repr, and
 * NaN, Infinity, -Infinity), True, False, None as Python writes them;
 * keys that are int, float, bool or None become their JSON text in quotes.
 * Any depth: no recursion.
 * @ownership New reference (a str).
 * @errors NULL with RCO_ERR_TYPE "Object of type set is not JSON
 * serializable" (any value of another type), "keys must be str, int,
 * float, bool or None, not tuple", and with RCO_JSON_SORT_KEYS "'<' not
 * supported between instances of 'str' and 'int'" for keys that do not
 * order (naming the first two neighbouring keys that do not, where
 * Python's sort may name another pair); RCO_ERR_VALUE "Circular reference
 * detected" for a container inside itself, a list or tuple slot not filled yet, or
 * unknown flags; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_json_dumps(rco_object *o, int flags);
/** json.dump: the same text written to f as it is made. 0 or -1.
 * @ownership Borrows o.
 * @errors -1 with the errors of rco_json_dumps or RCO_ERR_VALUE for a failed
 *   write (part of the text may have been written then, as with json.dump);
 *   RCO_ERR_TYPE for a NULL f. */
RCO_API int rco_json_dump_file(rco_object *o, FILE *f, int flags);

/** ast.literal_eval for what rco_repr writes: reads n bytes of UTF-8, ints
 * (decimal, 0x, 0o, 0b, underscores), floats (with nan, inf, -inf, which
 * repr writes), str and bytes literals with Python's escapes, tuples,
 * lists, dicts, sets (set() for the empty one), None, True, False, with
 * any whitespace between tokens; rco_equal(rco_parse(repr(x)), x) for
 * every x without instances (nan aside). Any depth.
 * @ownership New reference.
 * @errors NULL with an error ending in "line L column C (char P)":
 * RCO_ERR_VALUE for malformed text (the
 * "[...]" of a recursive repr included) and for invalid UTF-8 (as
 * rco_json_loads says it), RCO_ERR_OVERFLOW for an int outside int64,
 * RCO_ERR_TYPE for an unhashable key or set item; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_parse(const char *text, size_t n);

/** @} */

/** @defgroup classes_and_instances Classes and instances (objects with attributes, like Python instances)
 * @{ */

/** A new class named name. finalize has PEP 442 meaning (runs once before an
 * instance is destroyed, by count or by the collector; may resurrect);
 * legacy_del has Python 2 __del__ meaning (instances with it in garbage
 * cycles are uncollectable). Either may be NULL.
 * @ownership New reference to the class (release with
 *   `rco_decref((rco_object *)cls)`); instances hold a reference to their
 *   class.
 * @errors NULL with RCO_ERR_TYPE for a NULL name, RCO_ERR_VALUE for a name
 *   that is not UTF-8; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_type *rco_class_new(const char *name, rco_finalizer finalize, rco_finalizer legacy_del);
/** A new instance of cls, with no attributes.
 * @ownership New reference; the instance holds a reference to cls.
 * @errors NULL with RCO_ERR_TYPE if cls is not a class made by rco_class_new;
 *   RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_instance_new(rco_type *cls);
/** o.name = value; takes its own reference. o is an instance or a class.
 * @ownership Borrows value: o takes its own reference, and releases the value
 *   it replaces.
 * @errors -1 with RCO_ERR_TYPE if o is not an instance or class or name or
 *   value is NULL; RCO_ERR_MEMORY. */
RCO_API int rco_setattr(rco_object *o, const char *name, rco_object *value);
/** o.name: new reference; looks in the instance, then its class.
 * NULL with RCO_ERR_KEY if absent.
 * @ownership New reference.
 * @errors NULL with RCO_ERR_KEY if absent, RCO_ERR_TYPE if o is not an
 *   instance or class or name is NULL. */
RCO_API RCO_NEW rco_object *rco_getattr(rco_object *o, const char *name);
/** 1 if o.name exists, 0 if not, -1 on error.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE if o is not an instance or class or name is
 *   NULL. */
RCO_API int rco_hasattr(rco_object *o, const char *name);
/** del o.name; -1 with RCO_ERR_KEY if absent.
 * @ownership Releases o's reference to the value.
 * @errors -1 with RCO_ERR_KEY if absent, RCO_ERR_TYPE if o is not an instance
 *   or class or name is NULL. */
RCO_API int rco_delattr(rco_object *o, const char *name);
/** 1 if o is a class made by rco_class_new.
 * @ownership Borrows o.
 * @errors None: 0 for NULL. */
RCO_API int rco_is_class(const rco_object *o);

/** @} */

/** @defgroup weak_references Weak references
 * @{ */

/** A weakref callback: called with the weakref and the arg given to
 * rco_weakref_new when its target dies. */
typedef void (*rco_weak_callback)(rco_object *ref, void *arg);
/** A weak reference to target: an instance, a class, a set or an object of
 * an RCO_TYPE_GC type; as in CPython, ints, floats, strs, bytes, None,
 * tuples, lists, dicts and weakrefs cannot be weakly referenced
 * (RCO_ERR_TYPE "cannot create weak reference to 'list' object"). When
 * target dies, the reference is cleared and cb (if not NULL) is called with
 * the weakref and arg, unless the weakref itself died with it in the same
 * garbage. Weakrefs made to an object while it dies (by a weakref callback,
 * its legacy_del or its dealloc) are cleared without their callbacks. New
 * reference.
 * @ownership New reference to the weakref, which does not keep target alive
 *   (cb and arg are the caller's).
 * @errors NULL with RCO_ERR_TYPE for a target that cannot be weakly
 *   referenced, or NULL; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_weakref_new(rco_object *target, rco_weak_callback cb, void *arg);
/** The target: new reference, or NULL (no error) once it is gone.
 * @ownership New reference to the target, or NULL once it is gone.
 * @errors NULL with no error once the target is gone; NULL with RCO_ERR_TYPE
 *   if ref is not a weakref. */
RCO_API RCO_NEW rco_object *rco_weakref_get(rco_object *ref);
/** How many weak references point at o now.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for NULL. */
RCO_API ssize_t rco_weakref_count(rco_object *o);

/** @} */

/** @defgroup cycle_collector The cycle collector (Python's gc module)
 * @{ */

/** Flags of rco_gc_set_debug (Python's gc.DEBUG_*). */
enum {
    RCO_GC_DEBUG_STATS = 1u << 0,         /**< a summary line per collection */
    RCO_GC_DEBUG_COLLECTABLE = 1u << 1,   /**< "gc: collectable <list 0x...>" */
    RCO_GC_DEBUG_UNCOLLECTABLE = 1u << 2, /**< "gc: uncollectable <C 0x...>" */
    RCO_GC_DEBUG_SAVEALL = 1u << 5,       /**< keep all garbage in rco_gc_garbage() */
    /** collectable, uncollectable and saveall together */
    RCO_GC_DEBUG_LEAK = RCO_GC_DEBUG_COLLECTABLE | RCO_GC_DEBUG_UNCOLLECTABLE | RCO_GC_DEBUG_SAVEALL
};

/** What a gc callback is told of a collection. */
typedef struct rco_gc_info {
    int generation;         /**< the generation collected */
    ssize_t collected;      /**< objects freed ("stop" only) */
    ssize_t uncollectable;  /**< objects moved to rco_gc_garbage() ("stop" only) */
} rco_gc_info;

/** A generation's statistics (gc.get_stats()). */
typedef struct rco_gc_stats {
    ssize_t collections;   /**< how many times it was collected */
    ssize_t collected;     /**< objects freed */
    ssize_t uncollectable; /**< objects moved to rco_gc_garbage() */
} rco_gc_stats;

/** A gc callback (gc.callbacks): phase is "start" or "stop". */
typedef void (*rco_gc_callback)(const char *phase, const rco_gc_info *info, void *arg);

/** Collect generation 0..2 and the younger ones, or all with -1. Returns the
 * unreachable objects found (collected + uncollectable); 0 while a
 * collection is already running; -1 with RCO_ERR_VALUE for a bad generation.
 * @ownership No references change hands; the garbage found is freed (its
 *   finalizers, weakref callbacks and gc callbacks run).
 * @errors -1 with RCO_ERR_VALUE for a bad generation; 0, with no error, while
 *   a collection is already running. */
RCO_API ssize_t rco_gc_collect(int generation);
/** gc.enable(): automatic collection on (the default).
 * @ownership No objects.
 * @errors None. */
RCO_API void rco_gc_enable(void);
/** gc.disable(): automatic collection off; rco_gc_collect still works.
 * @ownership No objects.
 * @errors None. */
RCO_API void rco_gc_disable(void);
/** gc.isenabled(): 1 if automatic collection is on, else 0.
 * @ownership No objects.
 * @errors None. */
RCO_API int rco_gc_is_enabled(void);
/** @name Thresholds
 * @{ */
/** Automatic collection of generation 0 starts when the tracked objects
 * allocated since the last one exceed t0 (0 disables it); generation n+1
 * after tn collections of generation n. Defaults 700, 10, 10.
 * @ownership No objects.
 * @errors None: a negative threshold counts as 0; rco_gc_get_threshold skips
 *   NULL pointers. */
RCO_API void rco_gc_set_threshold(int t0, int t1, int t2);
RCO_API void rco_gc_get_threshold(int *t0, int *t1, int *t2);
/** @} */
/** gc.get_count(): the tracked objects allocated since generation 0's last
 * collection, and the collections of generations 0 and 1 since their
 * next one's.
 * @ownership No objects.
 * @errors None: NULL pointers are skipped. */
RCO_API void rco_gc_get_count(int *c0, int *c1, int *c2);
/** gc.set_debug(): RCO_GC_DEBUG_* flags, or-ed.
 * @ownership No objects.
 * @errors None. */
RCO_API void rco_gc_set_debug(unsigned flags);
/** gc.get_debug(): the flags set.
 * @ownership No objects.
 * @errors None. */
RCO_API unsigned rco_gc_get_debug(void);
/** Where debug lines go (stderr when NULL or never set).
 * @ownership Borrows f, which must stay open while debug lines may be
 *   written.
 * @errors None. */
RCO_API void rco_gc_set_debug_stream(FILE *f);
/** The uncollectable objects (and all garbage under SAVEALL): borrowed list
 * owned by the runtime; remove items from it to let them go.
 * @ownership Borrowed reference to a list the runtime owns.
 * @errors None. */
RCO_API RCO_BORROWED rco_object *rco_gc_garbage(void);
/** The tracked objects in a generation (-1: all).
 * @ownership New reference (a list holding its own references).
 * @errors NULL with RCO_ERR_VALUE for a bad generation; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_gc_get_objects(int generation);
/** The tracked objects that refer to o.
 * @ownership New reference (a list holding its own references).
 * @errors NULL with RCO_ERR_TYPE for NULL; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_gc_get_referrers(rco_object *o);
/** The objects o refers to (through its type's traverse).
 * @ownership New reference (a list holding its own references).
 * @errors NULL with RCO_ERR_TYPE for NULL; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_gc_get_referents(rco_object *o);
/** 1 if the collector tracks o, else 0.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for NULL. */
RCO_API int rco_gc_is_tracked(rco_object *o);
/** 1 if o's finalizer has run (o was finalized and resurrected), else 0.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for NULL. */
RCO_API int rco_gc_is_finalized(rco_object *o);
/** Move every tracked object to a permanent generation never collected.
 * @ownership No references change hands.
 * @errors None. */
RCO_API void rco_gc_freeze(void);
/** Move the permanent generation back into the oldest generation.
 * @ownership No references change hands.
 * @errors None. */
RCO_API void rco_gc_unfreeze(void);
/** gc.get_freeze_count(): how many objects the permanent generation holds.
 * @ownership No objects.
 * @errors None. */
RCO_API size_t rco_gc_get_freeze_count(void);
/** Call cb("start", info, arg) before and cb("stop", info, arg) after each
 * collection. 0, or -1 on allocation failure.
 * @ownership No objects; arg stays the caller's.
 * @errors -1 with RCO_ERR_TYPE for a NULL cb; RCO_ERR_MEMORY. */
RCO_API int rco_gc_callback_add(rco_gc_callback cb, void *arg);
/** Remove a callback added with the same cb and arg; 0, or -1 if absent.
 * @ownership No objects.
 * @errors -1 with RCO_ERR_VALUE if no callback with that cb and arg is
 *   registered. */
RCO_API int rco_gc_callback_remove(rco_gc_callback cb, void *arg);
/** Statistics of generation 0..2 since start-up. 0, or -1 for a bad one.
 * @ownership No objects.
 * @errors -1 with RCO_ERR_VALUE for a bad generation or a NULL out. */
RCO_API int rco_gc_get_stats(int generation, rco_gc_stats *out);

/** @} */

/** @defgroup memory Memory
 * @{ */

/** Replace the system allocator under rco's pools (before first use only;
 * -1 with RCO_ERR_VALUE afterwards). realloc_fn may be NULL. With
 * RCO_MALLOC=malloc in the environment (the default under valgrind and
 * when librco is built with ASan) rco keeps no pools: each object is a
 * block of its own from this allocator, for ASan and memcheck to watch
 * (docs/debugging.md); RCO_MALLOC=pool keeps the pools.
 * @ownership No objects; ctx stays the caller's, passed to each function.
 * @errors -1 with RCO_ERR_VALUE after rco's first allocation, or when only
 *   one of malloc_fn and free_fn is given. */
RCO_API int rco_set_allocator(void *(*malloc_fn)(size_t, void *),
                              void *(*realloc_fn)(void *, size_t, void *),
                              void (*free_fn)(void *, void *), void *ctx);

/** The allocator's statistics (rco_mem_get_stats). */
typedef struct rco_mem_stats {
    size_t bytes_in_use;       /**< in live blocks (pools and large blocks) */
    size_t blocks_in_use;      /**< live blocks */
    size_t bytes_reserved;     /**< taken from the system allocator (arenas and large blocks) */
} rco_mem_stats;
/** Fill *out with the allocator's statistics now.
 * @ownership No objects.
 * @errors None (a NULL out is ignored). */
RCO_API void rco_mem_get_stats(rco_mem_stats *out);

/** @} */

/** @defgroup testing_hooks Testing hooks (every build)
 * @{ */

/** The nth allocation from now fails (1 = the next one); 0 turns it off.
 * @ownership No objects.
 * @errors None; the allocations it fails fail with RCO_ERR_MEMORY. */
RCO_API void rco_debug_fail_alloc(long nth);
/** Every allocation from the nth on fails, until turned off with 0.
 * @ownership No objects.
 * @errors None; the allocations it fails fail with RCO_ERR_MEMORY. */
RCO_API void rco_debug_fail_alloc_persistent(long nth);
/** How many allocations failed on purpose since start-up.
 * @ownership No objects.
 * @errors None. */
RCO_API long rco_debug_failed_allocs(void);

/** @} */

/** @defgroup runtime_lifetime Runtime lifetime
 * @{ */

/** Collect, then run every tracked object's finalize that has not run (so
 * that finalizers see their objects whole, PEP 442), then free everything;
 * in a debug build report leaks first. The runtime starts again on next
 * use. No init call is needed. Refused (RCO_ERR_RUNTIME, and a misuse
 * report in the debug build) when called from a finalizer, a weakref or gc
 * callback, a type's slot or while a collection runs: it would free the
 * objects those are working on; refused too (RCO_ERR_RUNTIME) while another
 * thread that used rco has not exited.
 * @ownership Frees every object: every reference anyone holds becomes
 *   invalid.
 * @errors When refused, RCO_ERR_RUNTIME is set and nothing is freed (the
 *   cases above). */
RCO_API void rco_shutdown(void);

/** @} */

/** @defgroup leak_detective The leak detective (debug build; see docs/debugging.md)
 *
 * Compile with -DRCO_DEBUG and link librco-debug (pkg-config rco-debug):
 * every call above then records the caller's file, line and function, each
 * object remembers where it was created and, per call site, how many
 * references were taken and released there. Freed objects stay in a
 * quarantine for a while, so that a use, incref or decref of a freed object
 * is reported with the line that used it and the line that freed it.
 * In release builds the functions below that need this ledger return -1
 * with RCO_ERR_VALUE.
 * @{ */

/** A mark in time: objects created after it are the subject of
 * rco_debug_leaks.
 * @ownership No objects.
 * @errors None (0 in release builds). */
RCO_API uint64_t rco_debug_checkpoint(void);
/** Write a report of the objects created after `since` that are still alive
 * to out (NULL: the report stream): for each, its type, short repr, count,
 * creation file:line (function), how many of its references other objects
 * explain, and the file:line of references taken and never released.
 * Objects alive only because a leaked object holds them are listed under
 * it. Returns how many objects are alive.
 * @ownership Borrows out.
 * @errors -1 with RCO_ERR_VALUE in release builds. */
RCO_API ssize_t rco_debug_leaks(uint64_t since, FILE *out);
/** Sum of all counts of live (non-immortal) objects, like
 * sys.gettotalrefcount().
 * @ownership No objects.
 * @errors -1 with RCO_ERR_VALUE in release builds. */
RCO_API intptr_t rco_debug_total_refs(void);
/** How many objects are alive (non-immortal); of one type if type_name is
 * not NULL.
 * @ownership No objects.
 * @errors -1 with RCO_ERR_VALUE in release builds. */
RCO_API ssize_t rco_debug_live_objects(const char *type_name);
/** Write "type: count" lines of the live objects, most numerous first.
 * @ownership Borrows out.
 * @errors -1 with RCO_ERR_VALUE in release builds. */
RCO_API int rco_debug_print_live_types(FILE *out);
/** Where misuse reports (use after free, count below zero, ...) and the
 * shutdown report go; stderr when NULL or never set.
 * @ownership Borrows f, which must stay open while reports may be written.
 * @errors None (no effect in release builds). */
RCO_API void rco_debug_set_report_stream(FILE *f);
/** How many misuses have been reported since start-up.
 * @ownership No objects.
 * @errors None (0 in release builds). */
RCO_API long rco_debug_misuse_count(void);

/** What rco_debug_hunt_refleaks measured. */
typedef struct rco_refleak_result {
    intptr_t refs_per_run[64];    /**< growth of rco_debug_total_refs per run */
    ssize_t objects_per_run[64];  /**< growth of live objects per run */
    int runs;                     /**< how many runs were measured */
    int leaking;                  /**< 1 if every run grew the references or objects */
} rco_refleak_result;
/** The refleak hunter (CPython's regrtest -R): run fn(arg) `warmups` times,
 * then `runs` times, measuring after each run the growth of total
 * references and of live objects.
 * 0, or -1 (release build, runs > 64, NULL fn). Writes a one-line summary
 * to out when out is not NULL.
 * @ownership No objects of its own: fn must release what it makes (what it
 *   does not is the leak measured).
 * @errors -1 with RCO_ERR_VALUE in release builds, for runs outside 1..64, a
 *   negative warmups, or a NULL fn or result. */
RCO_API int rco_debug_hunt_refleaks(void (*fn)(void *arg), void *arg, int warmups, int runs,
                                    rco_refleak_result *result, FILE *out);

/** Write the graph of what holds o, `depth` levels up (Graphviz DOT): each
 * node an object (type, short repr, count, creation site in the debug
 * build), each edge "holds"; references that no object explains come from
 * a "C code" node labelled with the sites that took them. Works in release
 * builds too, with what the collector's lists can tell. 0 or -1.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for a NULL o, RCO_ERR_VALUE for a NULL out or
 *   a negative depth; RCO_ERR_MEMORY. */
RCO_API int rco_debug_write_dot(rco_object *o, int depth, FILE *out);

/** @} */

/** @defgroup values Values: comparing, truth, str()
 *
 * Python 3.11's meaning wherever Python has the operation. Where rco
 * differs on purpose it says so here; the differences common to every
 * operation below:
 *   - ints are int64 (OverflowError where Python's would grow): these
 *     operations make ints only as counts, indexes and bytes' items, all
 *     bounded by a length, so they never overflow; a size that does not
 *     fit (a concatenation's) is RCO_ERR_OVERFLOW, where Python raises
 *     MemoryError or OverflowError;
 *   - sets keep insertion order (see "Set algebra" for the order of each
 *     result), where CPython's order depends on hashes;
 *   - a failed call leaves every object as it was, also where Python
 *     leaves work half done (a failed sort, a failed update), with one
 *     exception said where it applies: a user type's equal slot failing
 *     in the middle of a bulk insertion;
 *   - a list or tuple slot that was never filled is RCO_ERR_VALUE for
 *     every operation that reads it.
 * Threads: each operation reads and writes a shared list, dict or set
 * under that container's lock, so a bulk read (rco_list_from, rco_dict_items, a sort taking the items
 * out) sees the container whole; comparisons, hashes and key functions
 * run with no lock held.
 * @{ */

/** The six comparisons (CPython's Py_LT ... Py_GE, same values). */
enum { RCO_LT, RCO_LE, RCO_EQ, RCO_NE, RCO_GT, RCO_GE };

/** a < b, a <= b, a == b, a != b, a > b, a >= b as Python evaluates them:
 * numbers by value across int, bool and float (exactly: 2**53 + 1 > 2.0**53;
 * every order with a NaN is false), str by code points, bytes by bytes,
 * lists and tuples lexicographically, sets by inclusion (a < b: proper
 * subset). 1 or 0; -1 with RCO_ERR_TYPE when the objects have no order
 * ('<' not supported between instances of 'int' and 'str'; dicts, None,
 * instances), or RCO_ERR_VALUE for a bad op. == and != never fail for
 * want of an order (rco_equal's meaning).
 * @ownership Borrows a and b.
 * @errors -1 as said above, or with a user type's equal slot's error for ==
 *   and !=. */
RCO_API int rco_compare(rco_object *a, rco_object *b, int op);
/** bool(o): None, False, 0, 0.0 and empty str/bytes/containers are false;
 * everything else is true (instances and other objects included). 1, 0,
 * or -1 for NULL.
 * @ownership Borrows o.
 * @errors -1 with RCO_ERR_TYPE for NULL. */
RCO_API int rco_truth(rco_object *o);
/** str(o): o itself for a str, else its repr (str(1.5) is '1.5', str of a
 * container is its repr, as in Python).
 * @ownership New reference (to o itself for a str).
 * @errors NULL with rco_repr's errors. */
RCO_API RCO_NEW rco_object *rco_str_of(rco_object *o);

/** @} */

/** @defgroup sequences_and_containers Sequences and containers
 * @{ */

/** item in c: an equal item of a list, tuple or set, a key of a dict, a
 * substring of a str (item must be a str), a subsequence of bytes (item a
 * bytes, or an int 0..255 for one byte), or an item an iterator yields
 * (consuming it up to there, as Python does). 1, 0, or -1: RCO_ERR_TYPE
 * for other containers or a wrong item type (an unhashable item for a
 * dict or set), RCO_ERR_VALUE for an int outside 0..255.
 * @ownership Borrows c and item (an iterator's items up to the match are
 *   consumed and released).
 * @errors -1 as said above, or with a user slot's error. */
RCO_API int rco_contains(rco_object *c, rco_object *item);
/** a + b for two str, two bytes, two lists or two tuples (as CPython's
 * PySequence_Concat: ints are not concatenated). New reference (of a's
 * type; for tuples, a or b itself when the other is empty). RCO_ERR_TYPE
 * for other pairs, RCO_ERR_OVERFLOW when the size does not fit.
 * @ownership New reference (for tuples, possibly to a or b itself).
 * @errors NULL as said above; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_concat(rco_object *a, rco_object *b);

/** Stands for an omitted bound of rco_slice: seq[:stop], seq[start:],
 * seq[::-1] (so a start or stop of exactly SSIZE_MIN cannot be given:
 * Python would clamp it to the same place for positive steps). */
#define RCO_SLICE_DEFAULT ((ssize_t)(-(ssize_t)(((size_t)-1) >> 1) - 1))
/** seq[start:stop:step] for a list, tuple, str (by code points) or bytes,
 * with Python's clamping and negative indexes. New reference of seq's
 * type (a tuple or str sliced whole is seq itself, as in CPython).
 * RCO_ERR_VALUE for a step of 0 (a step of RCO_SLICE_DEFAULT means 1),
 * RCO_ERR_TYPE for other objects.
 * @ownership New reference (to seq itself for a tuple or str sliced whole).
 * @errors NULL as said above; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_slice(rco_object *seq, ssize_t start, ssize_t stop, ssize_t step);
/** seq.index(item): the first index of an equal item of a list or tuple,
 * or the code-point index of a substring of a str (bytes: of a
 * subsequence, or of a byte given as an int). -1 with RCO_ERR_VALUE when
 * absent ("2 is not in list"), RCO_ERR_TYPE for wrong types.
 * @ownership Borrows seq and item.
 * @errors -1 as said above, or with a user equal slot's error. */
RCO_API ssize_t rco_index(rco_object *seq, rco_object *item);
/** seq.count(item): how many items of a list or tuple equal item, or how
 * many non-overlapping times a substring occurs in a str or bytes (the
 * empty one: length + 1 times). -1 on error.
 * @ownership Borrows seq and item.
 * @errors -1 with RCO_ERR_TYPE for wrong types, or with a user equal slot's
 *   error. */
RCO_API ssize_t rco_count(rco_object *seq, rco_object *item);

/** @} */

/** @defgroup iteration Iteration
 *
 * One protocol for every container: rco_iter gives an iterator, which
 * holds a reference to the container and its place in it; rco_iter_next
 * gives the items one by one as new references. A list iterator sees
 * items appended while it runs (as Python's); a dict or set that changes
 * size makes the next step fail with RCO_ERR_RUNTIME ("dictionary changed
 * size during iteration"), and so does every step after it. Threads may
 * share an iterator: each item is yielded once. An iterator keeps its
 * container alive until it is released (CPython lets go at the end).
 * @{ */

/** iter(o): an iterator over a list, tuple, dict (its keys), set, str
 * (one-character strs) or bytes (ints); o itself if it is an iterator.
 * Its type name is Python's ("list_iterator", "dict_keyiterator" ...).
 * New reference; RCO_ERR_TYPE for other objects ("'int' object is not
 * iterable").
 * @ownership New reference; the iterator holds a reference to o until it is
 *   released.
 * @errors NULL with RCO_ERR_TYPE for other objects; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_iter(rco_object *o);
/** next(it): the next item, a new reference. At the end NULL with the
 * error state cleared (rco_err_occurred() is RCO_ERR_NONE), so a loop
 * @code
 *     while ((x = rco_iter_next(it))) { ...; rco_decref(x); }
 *     if (rco_err_occurred()) ...failed...
 * @endcode
 * tells the end from a failure: NULL with the error set, RCO_ERR_RUNTIME
 * when a dict or set changed size, RCO_ERR_TYPE when it is not an
 * iterator.
 * @ownership New reference to the item.
 * @errors NULL with the error set, as said above; NULL with no error at the
 *   end. */
RCO_API RCO_NEW rco_object *rco_iter_next(rco_object *it);
/** list(iterable): a new list of the items of a list, tuple, dict (keys),
 * set, str, bytes or iterator.
 * @ownership New reference (a list holding its own references).
 * @errors NULL with rco_iter's and rco_iter_next's errors; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_list_from(rco_object *iterable);
/** tuple(iterable): the same as a tuple (a tuple is returned itself). New
 * reference.
 * @ownership New reference (to iterable itself for a tuple).
 * @errors NULL with rco_iter's and rco_iter_next's errors; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_tuple_from(rco_object *iterable);

#define RCO__CAT2(a, b) a##b
#define RCO__CAT(a, b) RCO__CAT2(a, b)
#define RCO__FOREACH_POS RCO__CAT(rco_foreach_pos_, __LINE__)
/** @name Loops
 * @{ */
/** Loops over a container's items as borrowed references (the container
 * keeps them; do not add or remove items in the body):
 * @code
 *     rco_object *key, *value;
 *     RCO_DICT_FOREACH(d, key, value) printf("%s\n", rco_str_utf8(key));
 *     RCO_SET_FOREACH(s, item) ...
 *     RCO_LIST_FOREACH(l, i, item) ...   (i: a size_t the macro declares)
 * @endcode
 * The loop ends early, with the error set, if the container is of the
 * wrong type (or a list slot was never filled).
 * @ownership key, value and item are borrowed from the container.
 * @errors The loop ends early, with the error set (RCO_ERR_TYPE,
 *   RCO_ERR_VALUE, RCO_ERR_RUNTIME). */
#define RCO_DICT_FOREACH(d, key, value)                                \
    for (size_t RCO__FOREACH_POS = 0;                                  \
         rco_dict_next((d), &RCO__FOREACH_POS, &(key), &(value)) == 1;)
#define RCO_SET_FOREACH(s, item)                                       \
    for (size_t RCO__FOREACH_POS = 0; rco_set_next((s), &RCO__FOREACH_POS, &(item)) == 1;)
#define RCO_LIST_FOREACH(l, i, item)                                   \
    for (size_t i = 0;                                                 \
         i < (size_t)rco_len(l) && ((item) = rco_list_get((l), i)) != NULL; i++)
/** @} */

/** @} */

/** @defgroup more_on_lists More on lists
 * @{ */

/** l.extend(iterable): append the items of any iterable rco_iter accepts
 * (l itself included: its items are appended once). Takes its own
 * references. 0 or -1; l is unchanged on failure.
 * @ownership Borrows iterable: l takes its own references to the items.
 * @errors -1, l unchanged: rco_iter's and rco_iter_next's errors,
 *   RCO_ERR_TYPE if l is not a list; RCO_ERR_MEMORY. */
RCO_API int rco_list_extend(rco_object *l, rco_object *iterable);
/** l.reverse(): reverse the items in place. 0 or -1.
 * @ownership No references change hands.
 * @errors -1 with RCO_ERR_TYPE if l is not a list. */
RCO_API int rco_list_reverse(rco_object *l);
/** l.remove(item): remove the first item equal to item, releasing it.
 * -1 with RCO_ERR_VALUE when there is none.
 * @ownership Releases the list's reference to the item removed.
 * @errors -1 with RCO_ERR_VALUE when there is none, RCO_ERR_TYPE if l is not
 *   a list, or a user equal slot's error. */
RCO_API int rco_list_remove(rco_object *l, rco_object *item);
/** A sort key: a new reference to the key of item, or NULL with the error
 * set (which stops the sort). arg is the one given to rco_list_sort_key. */
typedef rco_object *(*rco_key_fn)(rco_object *item, void *arg);
/** l.sort(reverse=reverse): stable, in Python's order (rco_compare's <), a
 * merge sort that exploits runs already in the data (timsort), making the
 * same comparisons as CPython's list.sort. While it runs the list is
 * empty; 0, or -1 with every item where it was before the call (Python
 * leaves them in some order): RCO_ERR_TYPE for items that do not order,
 * RCO_ERR_VALUE if the list was changed meanwhile ("list modified during
 * sort"), RCO_ERR_MEMORY (nothing is done before the memory is there).
 * @ownership No references change hands.
 * @errors -1 as said above; RCO_ERR_TYPE too if l is not a list. */
RCO_API int rco_list_sort(rco_object *l, int reverse);
/** l.sort(key=key, reverse=reverse): key is called once per item, in list
 * order, before any comparison; the list is empty meanwhile. Each key is
 * released once the sort is over. Errors as rco_list_sort's, and key's.
 * @ownership key returns a new reference for each item, which the sort
 *   releases.
 * @errors -1 as rco_list_sort, or with key's error. */
RCO_API int rco_list_sort_key(rco_object *l, rco_key_fn key, void *arg, int reverse);

/** @} */

/** @defgroup more_on_dicts More on dicts
 * @{ */

/** @name Views as lists
 * @{ */
/** list(d.keys()), list(d.values()), list(d.items()) (2-tuples), in
 * insertion order.
 * @ownership New reference (a list holding its own references).
 * @errors NULL with RCO_ERR_TYPE if d is not a dict; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_dict_keys(rco_object *d);
RCO_API RCO_NEW rco_object *rco_dict_values(rco_object *d);
RCO_API RCO_NEW rco_object *rco_dict_items(rco_object *d);
/** @} */
/** d.get(key, dflt): d[key] if present, else dflt (None when dflt is
 * NULL, as d.get(key)).
 * @ownership New reference (to the value, or to dflt or None).
 * @errors NULL with RCO_ERR_TYPE if d is not a dict or key is NULL or
 *   unhashable; a user slot's error. */
RCO_API RCO_NEW rco_object *rco_dict_get_default(rco_object *d, rco_object *key, rco_object *dflt);
/** d.pop(key): remove key and return its value: new reference (the
 * dict's). NULL with RCO_ERR_KEY if absent.
 * @ownership New reference: the dict's, handed to the caller; the dict
 *   releases its reference to the key.
 * @errors NULL with RCO_ERR_KEY if absent, RCO_ERR_TYPE if d is not a dict or
 *   key is NULL or unhashable. */
RCO_API RCO_NEW rco_object *rco_dict_pop(rco_object *d, rco_object *key);
/** d.setdefault(key, dflt): d[key] if present, else store dflt under key
 * (taking its own references) and return it.
 * @ownership New reference; borrows key and dflt (the dict takes its own
 *   references when it stores them).
 * @errors NULL with RCO_ERR_TYPE if d is not a dict, key or dflt is NULL, or
 *   key is unhashable; a user slot's error; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_dict_setdefault(rco_object *d, rco_object *key, rco_object *dflt);
/** d.update(other): the items of a dict, or the pairs an iterable yields
 * (each an iterable of two: a 2-tuple, a 2-list, "ab"), stored in order;
 * takes its own references.
 * 0 or -1: RCO_ERR_TYPE / RCO_ERR_VALUE for a bad element ("dictionary
 * update sequence element #0 has length 3; 2 is required"), d unchanged
 * (unless a user type's equal slot fails midway: the pairs before stay).
 * @ownership Borrows other: d takes its own references.
 * @errors -1 as said above; rco_iter's errors, RCO_ERR_TYPE if d is not a
 *   dict; RCO_ERR_MEMORY. */
RCO_API int rco_dict_update(rco_object *d, rco_object *other);

/** @} */

/** @defgroup set_algebra Set algebra
 *
 * The operand b may be a set or any iterable (as set(b)). Results keep
 * insertion order, so their order is defined (CPython's depends on
 * hashes), and each keeps the objects CPython keeps (1 or True, 1.0 ...):
 * @code{.unparsed}
 *   union         a's items in a's order, then b's new ones in b's order;
 *   intersection  the items of the smaller operand (b when the sizes are
 *                 equal or b is not a set) that the other holds, in its
 *                 order;
 *   difference    a's items not in b, in a's order;
 *   symmetric     a's items not in b, then b's not in a.
 * @endcode
 * @{ */

/** @name Operators
 * @{ */
/** a | b, a & b, a - b, a ^ b.
 * @ownership New references (sets holding their own references).
 * @errors NULL with RCO_ERR_TYPE if a is not a set or b is not iterable, or
 *   an item is unhashable; rco_iter_next's and user slots' errors;
 *   RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_set_union(rco_object *a, rco_object *b);
RCO_API RCO_NEW rco_object *rco_set_intersection(rco_object *a, rco_object *b);
RCO_API RCO_NEW rco_object *rco_set_difference(rco_object *a, rco_object *b);
RCO_API RCO_NEW rco_object *rco_set_symmetric_difference(rco_object *a, rco_object *b);
/** @} */
/** s |= iterable: add each item in order; takes its own references. 0 or
 * -1 (s unchanged, unless a user equal slot fails midway).
 * @ownership Borrows iterable: s takes its own references to the items it
 *   adds.
 * @errors -1 with RCO_ERR_TYPE if s is not a set, iterable is not iterable or
 *   an item is unhashable; rco_iter_next's and user slots' errors;
 *   RCO_ERR_MEMORY. */
RCO_API int rco_set_update(rco_object *s, rco_object *iterable);
/** s.pop(): remove and return the most recently added item (Python: an
 * arbitrary one). New reference (the set's); RCO_ERR_KEY when empty.
 * @ownership New reference: the set's, handed to the caller.
 * @errors NULL with RCO_ERR_KEY when empty, RCO_ERR_TYPE if s is not a set. */
RCO_API RCO_NEW rco_object *rco_set_pop(rco_object *s);
/** @name Comparisons
 * @{ */
/** a <= set(b), a >= set(b), a.isdisjoint(b): 1, 0 or -1.
 * @ownership Borrows a and b.
 * @errors -1 with RCO_ERR_TYPE if a is not a set or b is not iterable, or an
 *   item is unhashable; rco_iter_next's and user slots' errors. */
RCO_API int rco_set_issubset(rco_object *a, rco_object *b);
RCO_API int rco_set_issuperset(rco_object *a, rco_object *b);
RCO_API int rco_set_isdisjoint(rco_object *a, rco_object *b);
/** @} */

/** @} */

/** @defgroup string_operations String operations (str is UTF-8; indexes count code points)
 * @{ */

/** sep.join(iterable): the strs an iterable yields, sep between them.
 * New str; RCO_ERR_TYPE for an item that is not a str ("sequence item 1:
 * expected str instance, int found").
 * @ownership New reference (a str).
 * @errors NULL as said above, RCO_ERR_TYPE if sep is not a str or iterable is
 *   not iterable; rco_iter_next's errors; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_str_join(rco_object *sep, rco_object *iterable);
/** s.split(sep, maxsplit): sep NULL splits on runs of whitespace
 * (Python's: Unicode spaces, `\x1c`-`\x1f` included) and drops empty strs;
 * maxsplit -1 splits everywhere. New list of new strs. RCO_ERR_VALUE for
 * an empty sep.
 * @ownership New reference (a list of new strs).
 * @errors NULL as said above, RCO_ERR_TYPE if s is not a str or sep is
 *   neither a str nor NULL; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_str_split(rco_object *s, rco_object *sep, ssize_t maxsplit);
/** s.find(sub): the code-point index of the first occurrence, or -1 when
 * absent (no error set); -1 with the error set for wrong types (check
 * rco_err_occurred when it matters).
 * @ownership Borrows s and sub.
 * @errors -1 with RCO_ERR_TYPE if s or sub is not a str (-1 with no error
 *   when absent). */
RCO_API ssize_t rco_str_find(rco_object *s, rco_object *sub);
/** s.replace(old, new_, count): the first count occurrences of old (all of
 * them when count is negative) replaced by new_; an empty old inserts new_
 * around every character. New str (s itself when nothing changes, as in
 * CPython).
 * @ownership New reference (to s itself when nothing changes).
 * @errors NULL with RCO_ERR_TYPE if s, old or new_ is not a str,
 *   RCO_ERR_OVERFLOW for a result too large; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_str_replace(rco_object *s, rco_object *old, rco_object *new_, ssize_t count);
/** s.strip(chars): s without leading and trailing characters of chars
 * (a str; NULL: whitespace). New str (s itself when nothing is cut).
 * @ownership New reference (to s itself when nothing is cut).
 * @errors NULL with RCO_ERR_TYPE if s (or a non-NULL chars) is not a str;
 *   RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_str_strip(rco_object *s, rco_object *chars);

/** @} */

/** @defgroup copying Copying (Python's copy module)
 * @{ */

/** copy.copy(o): a new list, dict or set with the same items (same
 * order); an instance: a new instance of the same class whose attributes
 * are the same objects; ints, floats, str, bytes, tuples, None, bools,
 * classes and weakrefs: o itself. New reference. RCO_ERR_TYPE for other
 * objects: C types (which Python could not copy either) and iterators
 * (which Python copies through pickling's protocol; rco does not).
 * @ownership New reference (to o itself for the objects said above); the copy
 *   takes its own references to the items.
 * @errors NULL as said above; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_copy(rco_object *o);
/** copy.deepcopy(o): copies every list, dict, set and instance reachable
 * from o once, keeping shared and cyclic structure (an object reached
 * twice is copied once); a tuple is copied only if something inside it
 * is, and otherwise is o's own; atoms, classes and weakrefs are shared.
 * Needs no C stack for depth (10^6 levels are fine). New reference.
 * RCO_ERR_TYPE for what rco_copy cannot copy; RCO_ERR_RUNTIME for a cycle
 * made of tuples only (which Python cannot build: its deepcopy would
 * recurse without end). One difference: a cycle that comes back to a set
 * while its items are copied meets the set's copy (copy.py builds a set
 * from its copied items, so such a cycle meets a second copy). On failure
 * nothing is left over: the partial copies are emptied.
 * @ownership New reference; atoms, classes, weakrefs and unchanged tuples are
 *   shared (new references to them).
 * @errors NULL as said above; RCO_ERR_MEMORY. */
RCO_API RCO_NEW rco_object *rco_deepcopy(rco_object *o);

/** For tests and benchmarks (every build): how many item comparisons
 * (calls of <) the sorts of this thread have made since it started.
 * @ownership No objects.
 * @errors None. */
RCO_API uint64_t rco_debug_sort_comparisons(void);

/** @} */

/* What the static analyzer sees in place of inline code and variadic
 * arguments (nothing for compilers). */
#if defined(__clang_analyzer__) && !defined(RCO__BUILDING)
#undef RCO__ANALYZE_PART
#define RCO__ANALYZE_PART 2
#include "rco/analyze.h"
#endif

#ifdef __cplusplus
}
#endif

#ifdef RCO_DEBUG
#include "rco/debug.h"
#endif

#endif /* RCO_H */
