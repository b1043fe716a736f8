/*
 * types/float.c: double-precision floats, printed as Python prints them
 * (core/float_repr.c). A float with an integral value equals and hashes
 * as that int.
 */
#include "types/number.h"

#include "core/hash.h"

static int float_equal(rco_object *self, rco_object *other)
{
    double v = ((rco__float *)self)->value;
    int kind = other->type->kind;
    if (kind == RCO__KIND_FLOAT)
        return v == ((rco__float *)other)->value;
    if (rco__is_int_kind(kind))
        return rco__int_equals_double(((rco__int *)other)->value, v);
    return 0;
}

/* C's operators on doubles are Python's: every order with a NaN is false. */
static int float_order(rco_object *self, rco_object *other, int op)
{
    double v = ((rco__float *)self)->value;
    int kind = other->type->kind;
    if (kind == RCO__KIND_FLOAT) {
        double w = ((rco__float *)other)->value;
        switch (op) {
        case RCO_LT: return v < w;
        case RCO_LE: return v <= w;
        case RCO_GT: return v > w;
        default: return v >= w;
        }
    }
    if (!rco__is_int_kind(kind))
        return RCO__NOT_ORDERED;
    int c = rco__compare_int_double(((rco__int *)other)->value, v);
    return c == 2 ? 0 : rco__order_holds(-c, op);
}

static int float_truth(rco_object *self)
{
    return ((rco__float *)self)->value != 0.0;
}

static int64_t float_hash(rco_object *self)
{
    return rco__hash_double(((rco__float *)self)->value, self);
}

static void float_repr(rco_object *self, rco__buf *b)
{
    char text[40];
    rco__buf_put(b, text, rco__format_float(((rco__float *)self)->value, text));
}

rco_type rco__float_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "float",
    .size = sizeof(rco__float),
    .flags = RCO_TYPE_READY,
    .hash = float_hash,
    .equal = float_equal,
    .kind = RCO__KIND_FLOAT,
    .block_size = RCO__BLOCK(sizeof(rco__float), 0),
    .repr_into = float_repr,
    .order = float_order,
    .truth = float_truth,
};

rco_object *rco__float_new(double v)
{
    rco__float *o = (rco__float *)rco__object_alloc(&rco__float_type, sizeof(rco__float));
    if (!o)
        return NULL;
    o->value = v;
    return &o->ob;
}

rco_object *rco_float(double v)
{
    rco_object *o = rco__float_new(v);
    RCO__LEDGER_GIVE(o);
    return o;
}

double rco_float_value(rco_object *o)
{
    if (!rco__check_obj(o, "rco_float_value"))
        return -1.0;
    switch (rco__kind(o)) {
    case RCO__KIND_FLOAT:
        return ((rco__float *)o)->value;
    case RCO__KIND_INT:
    case RCO__KIND_BOOL:
        return (double)((rco__int *)o)->value;
    default:
        rco__wrong_type(o, "rco_float_value", "float");
        return -1.0;
    }
}
