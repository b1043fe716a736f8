/*
 * types/number.h: int, bool, float and None (int.c, float.c, none.c).
 */
#ifndef RCO_TYPES_NUMBER_H
#define RCO_TYPES_NUMBER_H

#include "types/types.h"

typedef struct rco__int {
    rco_object ob;
    int64_t value;
} rco__int;   /* also the layout of bool */

typedef struct rco__float {
    rco_object ob;
    double value;
} rco__float;

extern rco_type rco__int_type RCO__HIDDEN;
extern rco_type rco__bool_type RCO__HIDDEN;
extern rco_type rco__float_type RCO__HIDDEN;
extern rco_type rco__none_type RCO__HIDDEN;
extern rco_object rco__none RCO__HIDDEN;
extern rco__int rco__true RCO__HIDDEN;
extern rco__int rco__false RCO__HIDDEN;

/* int's slots, which bool shares (int.c). */
RCO__HIDDEN int rco__int_equal(rco_object *self, rco_object *other);
RCO__HIDDEN int64_t rco__int_hash(rco_object *self);
RCO__HIDDEN int rco__int_order(rco_object *self, rco_object *other, int op);
RCO__HIDDEN int rco__int_truth(rco_object *self);

/* Constructors without the debug ledger's events. */
RCO__HIDDEN rco_object *rco__int_new(int64_t v);
RCO__HIDDEN rco_object *rco__float_new(double v);

static inline bool rco__is_int_kind(int kind)
{
    return kind == RCO__KIND_INT || kind == RCO__KIND_BOOL;
}
static inline bool rco__is_number_kind(int kind)
{
    return rco__is_int_kind(kind) || kind == RCO__KIND_FLOAT;
}
/* The value of an int, bool or float as a double. */
static inline double rco__number_as_double(const rco_object *o)
{
    return o->type->kind == RCO__KIND_FLOAT ? ((const rco__float *)o)->value
                                            : (double)((const rco__int *)o)->value;
}
/* An int64 and a double are equal only if the double is exactly that
 * integer (no rounding of the int to double). */
static inline bool rco__int_equals_double(int64_t i, double d)
{
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return false; /* NaN, infinities and out of range */
    return d == (double)(int64_t)d && (int64_t)d == i;
}

/* An int64 against a double, exactly (as Python compares int and float:
 * 2**53 + 1 > 2.0**53): -1, 0 or 1, or 2 when d is NaN (no order holds). */
static inline int rco__compare_int_double(int64_t i, double d)
{
    if (d != d)
        return 2;
    if (d >= 9223372036854775808.0)
        return -1;
    if (d < -9223372036854775808.0)
        return 1;
    int64_t whole = (int64_t)d; /* toward zero, exact in this range */
    if (i != whole)
        return i < whole ? -1 : 1;
    double fraction = d - (double)whole; /* exact: d and whole share their high bits */
    return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
}

#endif
