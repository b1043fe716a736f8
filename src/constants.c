/*
 * constants.c: None, True and False, the immortal singletons.
 */
#include "internal.h"

static rco_object *none_repr(rco_object *self)
{
    (void)self;
    return rco_str("None");
}

static int64_t none_hash(rco_object *self)
{
    return rco__hash_pointer(self);
}

rco_type rco__none_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "NoneType",
    .size = sizeof(rco_object),
    .flags = RCO_TYPE_READY,
    .repr = none_repr,
    .hash = none_hash,
    .kind = RCO__KIND_NONE,
};

rco_type rco__bool_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "bool",
    .size = sizeof(rco__int),
    .flags = RCO_TYPE_READY,
    .kind = RCO__KIND_BOOL,
};

rco_object rco__none = { RCO_IMMORTAL_REFCNT, &rco__none_type };
rco__int rco__true = { { RCO_IMMORTAL_REFCNT, &rco__bool_type }, 1 };
rco__int rco__false = { { RCO_IMMORTAL_REFCNT, &rco__bool_type }, 0 };

rco_object *rco_none(void)
{
    return &rco__none;
}

rco_object *rco_true(void)
{
    return &rco__true.ob;
}

rco_object *rco_false(void)
{
    return &rco__false.ob;
}

rco_object *rco_bool(int v)
{
    return v ? &rco__true.ob : &rco__false.ob;
}

int rco_is_none(const rco_object *o)
{
    return o == &rco__none;
}
