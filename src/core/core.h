/*
 * core/core.h: what every file of the library includes first.
 *
 * The library is built in layers, each a folder of src/, each using only
 * the layers below it (README, "Inside rco"):
 *
 *   core/     memory (pools), errors, hashing, UTF-8, text buffers, hooks
 *   object/   the object header: allocation, destruction, reference
 *             counts, collector heads and tracking, the generic protocols
 *   types/    one file per built-in type, with all of its slots
 *   ops/      operations across types: ordering, sorting, slicing,
 *             iteration, copying, string and set algebra
 *   text/     repr of nested values, rco_build, rco_unpack, JSON, literals
 *   gc/       the cycle collector and the gc module
 *   runtime/  shutdown and whole-library statistics
 *   debug/    the leak detective (librco-debug) and rco_debug_write_dot
 *
 * Where a lower layer must reach a higher one (a constructor starting a
 * collection, destruction clearing weakrefs, the debug build watching every
 * allocation), the higher layer installs a hook (core/hooks.h).
 */
#ifndef RCO_CORE_H
#define RCO_CORE_H

#define RCO__BUILDING 1
#include "rco.h"

#include <stdbool.h>
#include <string.h>

#define RCO__LIKELY(x) __builtin_expect(!!(x), 1)
#define RCO__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RCO__HIDDEN __attribute__((visibility("hidden")))
#define RCO__NOINLINE __attribute__((noinline))
/* Thread-local data reached without a call (the library is loaded with the
 * program, or early: the static TLS block has room for it). */
#define RCO__TLS __thread __attribute__((tls_model("initial-exec")))
#define RCO__COLD __attribute__((cold, noinline))
#define RCO__ALWAYS_INLINE inline __attribute__((always_inline))

/* n * size, or SIZE_MAX when it overflows (allocations of SIZE_MAX fail). */
static inline size_t rco__mul_size(size_t n, size_t size)
{
    size_t r;
    if (__builtin_mul_overflow(n, size, &r))
        return SIZE_MAX;
    return r;
}

/* No object may be larger than this: sizes computed from it cannot
 * overflow when headers and prefixes are added. */
#define RCO__MAX_OBJECT_SIZE (SIZE_MAX / 4)

#endif
