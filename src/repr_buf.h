/*
 * repr_buf.h: a growable text buffer for building reprs. Appends never
 * fail outright: the first allocation failure sets `failed`, later appends
 * do nothing, and the caller checks once at the end.
 */
#ifndef RCO_REPR_BUF_H
#define RCO_REPR_BUF_H

#include "internal.h"

typedef struct rco__buf {
    char *data;
    size_t len, cap;
    bool failed;
} rco__buf;

RCO__HIDDEN void rco__buf_put(rco__buf *b, const char *p, size_t n);
RCO__HIDDEN void rco__buf_printf(rco__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
RCO__HIDDEN void rco__buf_free(rco__buf *b);
/* The text as a new str (NULL + error if any append failed); frees b. */
RCO__HIDDEN rco_object *rco__buf_to_str(rco__buf *b);

RCO__HIDDEN void rco__repr_str(rco__buf *b, const char *text, size_t n);
RCO__HIDDEN void rco__repr_bytes(rco__buf *b, const char *data, size_t n);

#endif
