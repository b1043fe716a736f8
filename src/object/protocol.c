/*
 * object/protocol.c: the operations every object has (equality, hashing,
 * length), each dispatched to the object's type. The built-in types' slots
 * are in their own files (types/); the rules that span types are here:
 * identity first, a user type's equality asked from either side (as Python
 * asks __eq__ whatever the other operand is), and a per-thread limit on
 * nesting, so that comparing or hashing deep structures (or user slots that
 * call back) ends with an error instead of a stack overflow.
 */
#include "object/object.h"

#include "core/hash.h"

/* Levels of equal/hash running on this thread. */
static _Thread_local int nesting;

bool rco__nesting_enter(void)
{
    if (RCO__UNLIKELY(nesting > RCO_MAX_DEPTH)) {
        rco__err_set(RCO_ERR_OVERFLOW, "containers nested deeper than %d", RCO_MAX_DEPTH);
        return false;
    }
    nesting++;
    return true;
}

void rco__nesting_leave(void)
{
    nesting--;
}

static bool has_user_equal(const rco_type *t)
{
    return t->kind == RCO__KIND_USER && t->equal;
}

int rco__equal(rco_object *a, rco_object *b)
{
    if (a == b)
        return 1;
    rco_object *self = a, *other = b;
    if (!has_user_equal(a->type) && has_user_equal(b->type)) {
        self = b;
        other = a;
    }
    const rco_type *t = self->type;
    if (!t->equal)
        return 0; /* None, types, classes, instances, weakrefs: identity */
    if (!rco__nesting_enter())
        return -1;
    if (t->kind != RCO__KIND_USER) {
        int eq = t->equal(self, other);
        rco__nesting_leave();
        return eq;
    }
    rco__user_code_enter();
    int eq = t->equal(self, other);
    rco__user_code_leave();
    rco__nesting_leave();
    return rco__checked_result(eq, t, "equal");
}

int rco__checked_result(int r, const rco_type *t, const char *slot)
{
    if (r == 0 || r == 1)
        return r;
    if (r == -1) {
        if (!rco_err_occurred())
            rco__err_set(RCO_ERR_VALUE, "%s of '%s' failed without saying why", slot, t->name);
        return -1;
    }
    rco__err_set(RCO_ERR_VALUE, "%s of '%s' returned %d, not 1, 0 or -1", slot, t->name, r);
    return -1;
}

int rco_equal(rco_object *a, rco_object *b)
{
    if (!rco__check_obj(a, "rco_equal") || !rco__check_obj(b, "rco_equal"))
        return -1;
    /* `x == x` is false for NaN; containers compare items by identity
     * first, as Python does, so only the outermost call sees this. */
    if (a == b && a->type->kind == RCO__KIND_FLOAT)
        return a->type->equal(a, b);
    return rco__equal(a, b);
}

int64_t rco__hash_slow(rco_object *o)
{
    const rco_type *t = o->type;
    if (t->flags & RCO_TYPE_UNHASHABLE) {
        rco__err_set(RCO_ERR_TYPE, "unhashable type: '%s'", t->name);
        return -1;
    }
    if (!t->hash)
        return rco__hash_pointer(o);
    if (!rco__nesting_enter())
        return -1;
    bool user = t->kind == RCO__KIND_USER;
    if (user)
        rco__user_code_enter();
    int64_t h = t->hash(o);
    if (user)
        rco__user_code_leave();
    rco__nesting_leave();
    if (h == -1 && !rco_err_occurred())
        rco__err_set(RCO_ERR_VALUE, "hash of '%s' failed without saying why", t->name);
    return h;
}

int64_t rco_hash(rco_object *o)
{
    if (!rco__check_obj(o, "rco_hash"))
        return -1;
    return rco__hash_slow(o);
}

static const char *const operator_text[] = {
    [RCO_LT] = "<", [RCO_LE] = "<=", [RCO_EQ] = "==", [RCO_NE] = "!=", [RCO_GT] = ">", [RCO_GE] = ">=",
};
static const int reflected[] = {
    [RCO_LT] = RCO_GT, [RCO_LE] = RCO_GE, [RCO_EQ] = RCO_EQ,
    [RCO_NE] = RCO_NE, [RCO_GT] = RCO_LT, [RCO_GE] = RCO_LE,
};

/* As Python asks a.__lt__(b), then b.__gt__(a): each type orders itself
 * only against the types it knows (int and float know each other). */
int rco__order(rco_object *a, rco_object *b, int op)
{
    if (!rco__nesting_enter())
        return -1;
    int r = RCO__NOT_ORDERED;
    if (a->type->order)
        r = a->type->order(a, b, op);
    if (r == RCO__NOT_ORDERED && b->type->order)
        r = b->type->order(b, a, reflected[op]);
    rco__nesting_leave();
    if (r == RCO__NOT_ORDERED) {
        rco__err_set(RCO_ERR_TYPE, "'%s' not supported between instances of '%s' and '%s'",
                     operator_text[op], a->type->name, b->type->name);
        return -1;
    }
    return r;
}

int rco__compare(rco_object *a, rco_object *b, int op)
{
    if (op != RCO_EQ && op != RCO_NE)
        return rco__order(a, b, op);
    int eq = rco__equal(a, b);
    if (eq < 0)
        return -1;
    return op == RCO_EQ ? eq : !eq;
}

ssize_t rco_len(rco_object *o)
{
    if (!rco__check_obj(o, "rco_len"))
        return -1;
    if (!o->type->len) {
        rco__err_set(RCO_ERR_TYPE, "rco_len: object of type '%s' has no len()", o->type->name);
        return -1;
    }
    return o->type->len(o);
}
