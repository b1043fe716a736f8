/*
 * types/none.c: None, True and False, the immortal singletons. A bool is
 * an int (1 == True, hash(True) == 1) with its own repr.
 */
#include "types/number.h"

#include "core/hash.h"

static void none_repr(rco_object *self, rco__buf *b)
{
    (void)self;
    rco__buf_put(b, "None", 4);
}

static int64_t none_hash(rco_object *self)
{
    return rco__hash_pointer(self);
}

static int none_truth(rco_object *self)
{
    (void)self;
    return 0;
}

rco_type rco__none_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "NoneType",
    .size = sizeof(rco_object),
    .flags = RCO_TYPE_READY,
    .hash = none_hash,
    .kind = RCO__KIND_NONE,
    .repr_into = none_repr,
    .truth = none_truth,
};

static void bool_repr(rco_object *self, rco__buf *b)
{
    if (((rco__int *)self)->value)
        rco__buf_put(b, "True", 4);
    else
        rco__buf_put(b, "False", 5);
}

rco_type rco__bool_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "bool",
    .size = sizeof(rco__int),
    .flags = RCO_TYPE_READY,
    .hash = rco__int_hash,
    .equal = rco__int_equal,
    .kind = RCO__KIND_BOOL,
    .repr_into = bool_repr,
    .order = rco__int_order,
    .truth = rco__int_truth,
};

rco_object rco__none = RCO__IMMORTAL_HEAD(&rco__none_type);
rco__int rco__true = { RCO__IMMORTAL_HEAD(&rco__bool_type), 1 };
rco__int rco__false = { RCO__IMMORTAL_HEAD(&rco__bool_type), 0 };

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
