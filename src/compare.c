/*
 * compare.c: equality, hashing and length of any object, with Python's
 * meaning: numbers compare by value across int, float and bool; containers
 * by content; everything else by identity unless its type says otherwise.
 */
#include "table.h"

static int too_deep(void)
{
    rco__err_set(RCO_ERR_OVERFLOW, "containers nested deeper than %d", RCO_MAX_DEPTH);
    return -1;
}

static bool is_number(int kind)
{
    return kind == RCO__KIND_INT || kind == RCO__KIND_BOOL || kind == RCO__KIND_FLOAT;
}

/* An int64 and a double are equal only if the double is exactly that
 * integer (no rounding of the int to double). */
static bool int_equals_double(int64_t i, double d)
{
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return false; /* NaN, infinities and out of range */
    return d == (double)(int64_t)d && (int64_t)d == i;
}

static int numbers_equal(const rco_object *a, const rco_object *b)
{
    bool af = a->type->kind == RCO__KIND_FLOAT, bf = b->type->kind == RCO__KIND_FLOAT;
    if (af && bf)
        return ((const rco__float *)a)->value == ((const rco__float *)b)->value;
    if (af)
        return int_equals_double(((const rco__int *)b)->value, ((const rco__float *)a)->value);
    if (bf)
        return int_equals_double(((const rco__int *)a)->value, ((const rco__float *)b)->value);
    return ((const rco__int *)a)->value == ((const rco__int *)b)->value;
}

static int items_equal(rco_object *const *a, rco_object *const *b, size_t n, int depth)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] == b[i])
            continue;
        if (!a[i] || !b[i])
            return 0;
        int eq = rco__equal_depth(a[i], b[i], depth + 1);
        if (eq != 1)
            return eq;
    }
    return 1;
}

static int lists_equal(rco__list *a, rco__list *b, int depth)
{
    /* Element comparisons may run user code that changes the lists, so
     * re-read the sizes and hold each pair while comparing. */
    if (a->size != b->size)
        return 0;
    for (size_t i = 0; i < a->size && i < b->size; i++) {
        rco_object *x = a->items[i], *y = b->items[i];
        if (x == y)
            continue;
        if (!x || !y)
            return 0;
        RCO__INCREF(x);
        RCO__INCREF(y);
        int eq = rco__equal_depth(x, y, depth + 1);
        RCO__DECREF(x);
        RCO__DECREF(y);
        if (eq != 1)
            return eq;
    }
    return a->size == b->size;
}

static int dicts_equal(rco__dict *a, rco__dict *b, int depth)
{
    if (a->used != b->used)
        return 0;
    for (size_t i = 0; a->table && i < a->table->nentries; i++) {
        rco__entry *e = &rco__table_entries(a->table)[i];
        if (!e->key)
            continue;
        rco_object *key = e->key, *value = e->value;
        RCO__INCREF(key);
        RCO__INCREF(value);
        ssize_t ix = rco__table_lookup(&b->table, key, e->hash, NULL);
        int eq = ix == TABLE_ERROR ? -1 : 0;
        if (ix >= 0) {
            rco_object *other = rco__table_entries(b->table)[ix].value;
            RCO__INCREF(other);
            eq = other == value ? 1 : rco__equal_depth(value, other, depth + 1);
            RCO__DECREF(other);
        }
        RCO__DECREF(key);
        RCO__DECREF(value);
        if (eq != 1)
            return eq;
    }
    return 1;
}

static int sets_equal(rco__set *a, rco__set *b)
{
    if (a->used != b->used)
        return 0;
    for (size_t i = 0; a->table && i < a->table->nentries; i++) {
        rco__entry *e = &rco__table_entries(a->table)[i];
        if (!e->key)
            continue;
        rco_object *key = e->key;
        RCO__INCREF(key);
        ssize_t ix = rco__table_lookup(&b->table, key, e->hash, NULL);
        RCO__DECREF(key);
        if (ix == TABLE_ERROR)
            return -1;
        if (ix < 0)
            return 0;
    }
    return 1;
}

int rco__equal_depth(rco_object *a, rco_object *b, int depth)
{
    if (a == b)
        return 1;
    if (depth > RCO_MAX_DEPTH)
        return too_deep();
    int ka = a->type->kind, kb = b->type->kind;
    /* A user type's equality is asked first, from either side, as Python
     * asks __eq__ whatever the other operand is. */
    if (ka == RCO__KIND_USER && a->type->equal)
        return a->type->equal(a, b);
    if (kb == RCO__KIND_USER && b->type->equal)
        return b->type->equal(b, a);
    if (is_number(ka) && is_number(kb))
        return numbers_equal(a, b);
    if (ka != kb)
        return 0;
    switch (ka) {
    case RCO__KIND_STR: {
        rco__str *x = (rco__str *)a, *y = (rco__str *)b;
        return x->size == y->size && memcmp(x->data, y->data, x->size) == 0;
    }
    case RCO__KIND_BYTES: {
        rco__bytes *x = (rco__bytes *)a, *y = (rco__bytes *)b;
        return x->size == y->size && memcmp(x->data, y->data, x->size) == 0;
    }
    case RCO__KIND_TUPLE: {
        rco__tuple *x = (rco__tuple *)a, *y = (rco__tuple *)b;
        if (x->size != y->size)
            return 0;
        return items_equal(x->items, y->items, x->size, depth); /* 1, 0 or -1 */
    }
    case RCO__KIND_LIST:
        return lists_equal((rco__list *)a, (rco__list *)b, depth);
    case RCO__KIND_DICT:
        return dicts_equal((rco__dict *)a, (rco__dict *)b, depth);
    case RCO__KIND_SET:
        return sets_equal((rco__set *)a, (rco__set *)b);
    default:
        return 0; /* None, types, classes, instances, weakrefs: identity */
    }
}

int rco_equal(rco_object *a, rco_object *b)
{
    if (!rco__check_obj(a, "rco_equal") || !rco__check_obj(b, "rco_equal"))
        return -1;
    /* `x == x` is false for NaN; containers compare items by identity
     * first, as Python does, so only the outermost call sees this. */
    if (a == b && a->type->kind == RCO__KIND_FLOAT)
        return ((rco__float *)a)->value == ((rco__float *)a)->value;
    return rco__equal_depth(a, b, 0);
}

/* Combine item hashes in order (a multiply-rotate accumulator, like the
 * xxHash rounds CPython uses for tuples). */
static int64_t tuple_hash(rco__tuple *t, int depth)
{
    uint64_t acc = 0x27d4eb2f165667c5ULL ^ rco__rt.hash_key[1];
    for (size_t i = 0; i < t->size; i++) {
        if (!t->items[i]) {
            rco__err_set(RCO_ERR_VALUE, "rco_hash: tuple slot %zu has not been set", i);
            return -1;
        }
        int64_t h = rco__hash_depth(t->items[i], depth + 1);
        if (h == -1)
            return -1;
        acc += (uint64_t)h * 0xc2b2ae3d27d4eb4fULL;
        acc = (acc << 31) | (acc >> 33);
        acc *= 0x9e3779b185ebca87ULL;
    }
    acc += t->size ^ 0x165667b19e3779f9ULL;
    return rco__hash_fix((int64_t)acc);
}

int64_t rco__hash_depth(rco_object *o, int depth)
{
    if (depth > RCO_MAX_DEPTH)
        return too_deep();
    const rco_type *t = o->type;
    switch (t->kind) {
    case RCO__KIND_INT:
    case RCO__KIND_BOOL:
        return rco__hash_int(((rco__int *)o)->value);
    case RCO__KIND_STR:
        return rco__str_hash((rco__str *)o);
    case RCO__KIND_FLOAT:
        return rco__hash_double(((rco__float *)o)->value, o);
    case RCO__KIND_BYTES: {
        rco__bytes *b = (rco__bytes *)o;
        if (b->hash == -1)
            b->hash = rco__hash_bytes(b->data, b->size);
        return b->hash;
    }
    case RCO__KIND_TUPLE:
        return tuple_hash((rco__tuple *)o, depth);
    default:
        break;
    }
    if (t->flags & RCO_TYPE_UNHASHABLE) {
        rco__err_set(RCO_ERR_TYPE, "unhashable type: '%s'", t->name);
        return -1;
    }
    if (t->hash) {
        int64_t h = t->hash(o);
        if (h == -1 && !rco_err_occurred())
            rco__err_set(RCO_ERR_VALUE, "hash of '%s' failed without saying why", t->name);
        return h;
    }
    return rco__hash_pointer(o);
}

int64_t rco_hash(rco_object *o)
{
    if (!rco__check_obj(o, "rco_hash"))
        return -1;
    return rco__hash_depth(o, 0);
}

ssize_t rco_len(rco_object *o)
{
    if (!rco__check_obj(o, "rco_len"))
        return -1;
    switch (o->type->kind) {
    case RCO__KIND_STR:
        return (ssize_t)((rco__str *)o)->length;
    case RCO__KIND_BYTES:
        return (ssize_t)((rco__bytes *)o)->size;
    case RCO__KIND_TUPLE:
        return (ssize_t)((rco__tuple *)o)->size;
    case RCO__KIND_LIST:
        return (ssize_t)((rco__list *)o)->size;
    case RCO__KIND_DICT:
        return (ssize_t)((rco__dict *)o)->used;
    case RCO__KIND_SET:
        return (ssize_t)((rco__set *)o)->used;
    default:
        rco__err_set(RCO_ERR_TYPE, "rco_len: object of type '%s' has no len()", o->type->name);
        return -1;
    }
}
