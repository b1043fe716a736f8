/*
 * core/hash.h: the hash functions every hashable type builds on (hash.c).
 * Hashes are int64 and never -1, which means "failed" (as in CPython).
 */
#ifndef RCO_CORE_HASH_H
#define RCO_CORE_HASH_H

#include "core/core.h"

/* SipHash-1-3 of n bytes under the process's key (str, bytes). */
RCO__HIDDEN int64_t rco__hash_bytes(const void *p, size_t n);
/* Identity hash of an object address. */
RCO__HIDDEN int64_t rco__hash_pointer(const void *p);
/* A float's hash: integral values hash as that int, NaN by identity
 * (self). */
RCO__HIDDEN int64_t rco__hash_double(double v, const void *self);
/* A keyed 64-bit value to start combining item hashes from (tuples). */
RCO__HIDDEN uint64_t rco__hash_salt(void);

static inline int64_t rco__hash_fix(int64_t h)
{
    return h == -1 ? -2 : h;
}
/* An int hashes as itself (see hash.c for why that is safe). */
static inline int64_t rco__hash_int(int64_t v)
{
    return rco__hash_fix(v);
}

#endif
