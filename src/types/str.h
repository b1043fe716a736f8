/*
 * types/str.h: immutable Unicode strings (str.c).
 */
#ifndef RCO_TYPES_STR_H
#define RCO_TYPES_STR_H

#include "types/types.h"

#include <stdarg.h>

typedef struct rco__str {
    rco_object ob;
    size_t length;   /* code points */
    size_t size;     /* UTF-8 bytes, without the terminating NUL */
    int64_t hash;    /* -1 until first computed */
    char data[];     /* size bytes and a NUL */
} rco__str;

extern rco_type rco__str_type RCO__HIDDEN;

/* A str of n bytes to fill (length set by the caller). */
RCO__HIDDEN rco_object *rco__str_alloc(size_t n);
/* A str of n bytes of UTF-8 known to be valid, of that many code points. */
RCO__HIDDEN rco_object *rco__str_new_unchecked(const char *p, size_t n, size_t codepoints);
/* A str written in place: a buffer for cap bytes of text (grown as
 * needed; every size given is the one it has), then made a str of its
 * first n bytes, valid UTF-8 of that many code points, without a copy
 * (the buffer is gone then, also when that fails). NULL + error. */
RCO__HIDDEN char *rco__str_buffer_new(size_t cap);
RCO__HIDDEN char *rco__str_buffer_grow(char *text, size_t cap, size_t new_cap);
RCO__HIDDEN void rco__str_buffer_free(char *text, size_t cap);
RCO__HIDDEN rco_object *rco__str_buffer_finish(char *text, size_t cap, size_t n, size_t codepoints);
RCO__HIDDEN rco_object *rco__str_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

RCO__HIDDEN int64_t rco__str_hash_compute(rco__str *s);
static inline int64_t rco__str_hash(rco__str *s)
{
    /* Threads may compute it at once: they store the same value. */
    int64_t h = __atomic_load_n(&s->hash, __ATOMIC_RELAXED);
    return h != -1 ? h : rco__str_hash_compute(s);
}
static inline bool rco__str_equals_bytes(const rco__str *s, const char *p, size_t n)
{
    return s->size == n && memcmp(s->data, p, n) == 0;
}

#endif
