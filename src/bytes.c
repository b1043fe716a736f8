/*
 * bytes.c: immutable byte strings.
 */
#include "internal.h"

static size_t bytes_size(const rco_object *o)
{
    return sizeof(rco__bytes) + ((const rco__bytes *)o)->size + 1;
}

rco_type rco__bytes_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "bytes",
    .size = sizeof(rco__bytes),
    .flags = RCO_TYPE_READY,
    .kind = RCO__KIND_BYTES,
    .var_size = bytes_size,
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
    if (n)
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
