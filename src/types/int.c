/*
 * types/int.c: signed 64-bit integers. Values from -5 to 256 are immortal
 * and shared, as in CPython, so the commonest ints cost no allocation.
 * Numbers compare by value across int, bool and float; an int hashes as
 * itself.
 */
#include "types/number.h"

#include "core/hash.h"

#define SMALL_INT_MIN (-5)
#define SMALL_INT_COUNT 262 /* -5 .. 256 */

int rco__int_equal(rco_object *self, rco_object *other)
{
    int64_t v = ((rco__int *)self)->value;
    int kind = other->type->kind;
    if (rco__is_int_kind(kind))
        return v == ((rco__int *)other)->value;
    if (kind == RCO__KIND_FLOAT)
        return rco__int_equals_double(v, ((rco__float *)other)->value);
    return 0;
}

int rco__int_order(rco_object *self, rco_object *other, int op)
{
    int64_t v = ((rco__int *)self)->value;
    int kind = other->type->kind, c;
    if (rco__is_int_kind(kind)) {
        int64_t w = ((rco__int *)other)->value;
        c = (v > w) - (v < w);
    } else if (kind == RCO__KIND_FLOAT) {
        c = rco__compare_int_double(v, ((rco__float *)other)->value);
        if (c == 2)
            return 0; /* NaN */
    } else {
        return RCO__NOT_ORDERED;
    }
    return rco__order_holds(c, op);
}

int rco__int_truth(rco_object *self)
{
    return ((rco__int *)self)->value != 0;
}

int64_t rco__int_hash(rco_object *self)
{
    return rco__hash_int(((rco__int *)self)->value);
}

static void int_repr(rco_object *self, rco__buf *b)
{
    rco__buf_printf(b, "%lld", (long long)((rco__int *)self)->value);
}

rco_type rco__int_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "int",
    .size = sizeof(rco__int),
    .flags = RCO_TYPE_READY,
    .hash = rco__int_hash,
    .equal = rco__int_equal,
    .kind = RCO__KIND_INT,
    .block_size = RCO__BLOCK(sizeof(rco__int), 0),
    .repr_into = int_repr,
    .order = rco__int_order,
    .truth = rco__int_truth,
};

static rco__int small_ints[SMALL_INT_COUNT];

/* Static data cannot be filled by a loop at compile time; this runs when the
 * library is loaded, before any caller can ask for an int. */
__attribute__((constructor)) static void make_small_ints(void)
{
    for (int i = 0; i < SMALL_INT_COUNT; i++) {
        small_ints[i].ob = (rco_object)RCO__IMMORTAL_HEAD(&rco__int_type);
        small_ints[i].value = SMALL_INT_MIN + i;
    }
}

static inline rco_object *int_new(int64_t v)
{
    uint64_t small = (uint64_t)v - (uint64_t)SMALL_INT_MIN;
    if (small < SMALL_INT_COUNT)
        return &small_ints[small].ob;
    rco__int *o = (rco__int *)rco__object_alloc(&rco__int_type, sizeof(rco__int));
    if (RCO__UNLIKELY(!o))
        return NULL;
    o->value = v;
    return &o->ob;
}

rco_object *rco__int_new(int64_t v)
{
    return int_new(v);
}

rco_object *rco_int(int64_t v)
{
    rco_object *o = int_new(v);
    RCO__LEDGER_GIVE(o);
    return o;
}

rco_object *rco_int_from_uint64(uint64_t v)
{
    if (v > (uint64_t)INT64_MAX) {
        rco__err_set(RCO_ERR_OVERFLOW, "rco_int_from_uint64: %llu does not fit a signed 64-bit int",
                     (unsigned long long)v);
        return NULL;
    }
    rco_object *o = int_new((int64_t)v);
    RCO__LEDGER_GIVE(o);
    return o;
}

int64_t rco_int_value(rco_object *o)
{
    if (!rco__check_obj(o, "rco_int_value"))
        return -1;
    int kind = rco__kind(o);
    if (RCO__LIKELY(kind == RCO__KIND_INT || kind == RCO__KIND_BOOL))
        return ((rco__int *)o)->value;
    rco__wrong_type(o, "rco_int_value", "int");
    return -1;
}
