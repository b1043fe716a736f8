/*
 * types/bytes.c: immutable byte strings.
 */
#include "types/bytes.h"
#include "types/number.h"

#include "core/alloc.h"
#include "core/hash.h"

static int bytes_equal(rco_object *self, rco_object *other)
{
    if (other->type->kind != RCO__KIND_BYTES)
        return 0;
    rco__bytes *a = (rco__bytes *)self, *b = (rco__bytes *)other;
    return a->size == b->size && memcmp(a->data, b->data, a->size) == 0;
}

static int64_t bytes_hash(rco_object *self)
{
    rco__bytes *b = (rco__bytes *)self;
    int64_t h = __atomic_load_n(&b->hash, __ATOMIC_RELAXED); /* threads store the same value */
    if (h == -1) {
        h = rco__hash_bytes(b->data, b->size);
        __atomic_store_n(&b->hash, h, __ATOMIC_RELAXED);
    }
    return h;
}

static void bytes_repr(rco_object *self, rco__buf *b)
{
    rco__repr_bytes(b, ((rco__bytes *)self)->data, ((rco__bytes *)self)->size);
}

static int bytes_order(rco_object *self, rco_object *other, int op)
{
    if (other->type->kind != RCO__KIND_BYTES)
        return RCO__NOT_ORDERED;
    rco__bytes *a = (rco__bytes *)self, *b = (rco__bytes *)other;
    int c = memcmp(a->data, b->data, a->size < b->size ? a->size : b->size);
    return rco__order_holds(c ? c : rco__three_way(a->size, b->size), op);
}

/* The bytes as ints (small ints: immortal, nothing to allocate). */
static int bytes_iter_step(rco_object *self, rco__iter_pos *pos, rco_object **item)
{
    rco__bytes *b = (rco__bytes *)self;
    if (pos->done || pos->index >= b->size) {
        pos->done = true;
        return 0;
    }
    *item = rco__int_new((unsigned char)b->data[pos->index++]);
    return 1;
}

static ssize_t bytes_len(rco_object *self)
{
    return (ssize_t)((rco__bytes *)self)->size;
}

rco_type rco__bytes_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "bytes",
    .size = sizeof(rco__bytes) + 1, /* and a byte per byte of data: the NUL */
    .flags = RCO_TYPE_READY,
    .hash = bytes_hash,
    .equal = bytes_equal,
    .kind = RCO__KIND_BYTES,
    .count_offset = offsetof(rco__bytes, size),
    .item_size = 1,
    .len = bytes_len,
    .repr_into = bytes_repr,
    .order = bytes_order,
    .iter_step = bytes_iter_step,
};

rco_object *rco__bytes_new(const void *p, size_t n)
{
    if (n > SIZE_MAX - sizeof(rco__bytes) - 1) {
        rco__err_set(RCO_ERR_OVERFLOW, "bytes of %zu bytes is too large", n);
        return NULL;
    }
    rco__bytes *b = (rco__bytes *)rco__object_alloc(&rco__bytes_type, sizeof(rco__bytes) + n + 1);
    if (!b)
        return NULL;
    b->size = n;
    b->hash = -1;
    if (n && p)
        memcpy(b->data, p, n);
    b->data[n] = '\0';
    return &b->ob;
}

rco_object *rco_bytes(const void *p, size_t n)
{
    if (!p && n) {
        rco__err_set(RCO_ERR_TYPE, "rco_bytes: data is NULL");
        return NULL;
    }
    rco_object *b = rco__bytes_new(p, n);
    RCO__LEDGER_GIVE(b);
    return b;
}

const char *rco_bytes_data(rco_object *b)
{
    if (!rco__check_kind(b, RCO__KIND_BYTES, "rco_bytes_data", "bytes"))
        return NULL;
    return ((rco__bytes *)b)->data;
}
