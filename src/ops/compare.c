/*
 * ops/compare.c: rco_compare and rco_truth, Python's comparisons and
 * bool() over the types' order and truth slots (the dispatch between two
 * operands, which the sequences' own slots need too, is object/protocol.c's
 * rco__order).
 */
#include "ops/ops.h"

int rco_compare(rco_object *a, rco_object *b, int op)
{
    if (!rco__check_obj(a, "rco_compare") || !rco__check_obj(b, "rco_compare"))
        return -1;
    if (op < RCO_LT || op > RCO_GE) {
        rco__err_set(RCO_ERR_VALUE, "rco_compare: op %d is not one of RCO_LT ... RCO_GE", op);
        return -1;
    }
    if (op == RCO_EQ || op == RCO_NE) {
        int eq = rco_equal(a, b); /* NaN != NaN, also for the same object */
        return eq < 0 ? -1 : op == RCO_EQ ? eq : !eq;
    }
    return rco__order(a, b, op);
}

/* Python's bool(): a type's own truth (numbers, None), else whether it
 * has a length and it is 0, else true. */
int rco_truth(rco_object *o)
{
    if (!rco__check_obj(o, "rco_truth"))
        return -1;
    const rco_type *t = o->type;
    if (t->truth)
        return t->truth(o);
    if (t->len)
        return rco__len_locked(o) != 0;
    return 1;
}
