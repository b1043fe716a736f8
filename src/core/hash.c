/*
 * core/hash.c: hash functions.
 *
 * str and bytes hash with SipHash-1-3 under a per-process random key: an
 * unkeyed string hash lets anyone craft any number of keys with one hash,
 * and then every insertion probes past all the others (quadratic).
 *
 * ints hash as themselves, as in CPython (core/hash.h: rco__hash_int). Two
 * distinct ints never share a hash, so crafted int keys can share at most
 * the low bits; the probe sequence (types/table.c) folds in five more bits of the
 * hash at each step, so keys that agree on the low bits part ways within
 * 64/5 steps: bounded work, never quadratic. And consecutive ids, the
 * commonest int keys, land in consecutive slots, which keeps big tables in
 * cache. Equal values must hash equal across types (1 == 1.0 == True), so
 * every number whose value is an integer hashes as that integer.
 */
#include "core/hash.h"

#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

/* A bijective 64-bit mixer (murmur3's finalizer): every input bit affects
 * every output bit, so collisions of the low bits used as a table index
 * depend on the key. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* Fixed at load time and never changed: shutdown keeps it, so hashes stay
 * stable for the life of the process. */
static uint64_t hash_key[2];

static void seed_from(uint64_t a, uint64_t b)
{
    hash_key[0] = mix64(a ^ 0x9e3779b97f4a7c15ULL);
    hash_key[1] = mix64(b ^ hash_key[0]);
}

/* Runs when the library is loaded: the key must be fixed before the first
 * hash, and static objects (small ints) can be hashed before anything is
 * allocated. RCO_HASH_SEED=<number> fixes the key, for reproducing a run. */
__attribute__((constructor)) static void seed_at_load(void)
{
    const char *fixed = getenv("RCO_HASH_SEED");
    if (fixed && *fixed) {
        uint64_t v = strtoull(fixed, NULL, 10);
        seed_from(v, ~v);
        return;
    }
    uint64_t k[2];
    if (getrandom(k, sizeof k, GRND_NONBLOCK) == (ssize_t)sizeof k) {
        seed_from(k[0], k[1]);
        return;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    seed_from((uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32),
              (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&ts);
}

/* SipHash-1-3 (one compression round, three finalization rounds), the
 * keyed hash CPython uses for str and bytes. */
#define SIPROUND(v0, v1, v2, v3)                                       \
    do {                                                               \
        v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);      \
        v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                         \
        v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                         \
        v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);      \
    } while (0)

static uint64_t siphash13(uint64_t k0, uint64_t k1, const unsigned char *p, size_t n)
{
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
    uint64_t v3 = k1 ^ 0x7465646279746573ULL;
    size_t whole = n & ~(size_t)7;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m;
        memcpy(&m, p + i, 8); /* little-endian machines only (x86-64, arm64) */
        v3 ^= m;
        SIPROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    uint64_t last = (uint64_t)n << 56;
    for (size_t i = 0; i < (n & 7); i++)
        last |= (uint64_t)p[whole + i] << (8 * i);
    v3 ^= last;
    SIPROUND(v0, v1, v2, v3);
    v0 ^= last;
    v2 ^= 0xff;
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

int64_t rco__hash_bytes(const void *p, size_t n)
{
    uint64_t h = siphash13(hash_key[0], hash_key[1], p, n);
    return rco__hash_fix((int64_t)h);
}

int64_t rco__hash_pointer(const void *p)
{
    /* Objects are 8-aligned: the low bits carry nothing. */
    return rco__hash_fix((int64_t)mix64(rotl((uint64_t)(uintptr_t)p, 61) ^ hash_key[1]));
}

int64_t rco__hash_double(double v, const void *self)
{
    if (v != v) /* NaN: equal only to itself, so hash by identity (Python 3.10) */
        return rco__hash_pointer(self);
    if (v >= -9223372036854775808.0 && v < 9223372036854775808.0 && v == (double)(int64_t)v)
        return rco__hash_int((int64_t)v);
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return rco__hash_fix((int64_t)mix64(bits ^ hash_key[1]));
}

uint64_t rco__hash_salt(void)
{
    return hash_key[1];
}
