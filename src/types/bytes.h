/*
 * types/bytes.h: immutable byte strings (bytes.c).
 */
#ifndef RCO_TYPES_BYTES_H
#define RCO_TYPES_BYTES_H

#include "types/types.h"

typedef struct rco__bytes {
    rco_object ob;
    size_t size;
    int64_t hash;    /* -1 until first computed */
    char data[];     /* size bytes and a NUL */
} rco__bytes;

extern rco_type rco__bytes_type RCO__HIDDEN;

/* n bytes copied from p, or left for the caller to fill when p is NULL. */
RCO__HIDDEN rco_object *rco__bytes_new(const void *p, size_t n);

#endif
