/*
 * float.c: double-precision floats.
 */
#include "internal.h"

rco_type rco__float_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "float",
    .size = sizeof(rco__float),
    .flags = RCO_TYPE_READY,
    .kind = RCO__KIND_FLOAT,
    .block_size = RCO__BLOCK(sizeof(rco__float), 0),
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
