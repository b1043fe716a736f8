/*
 * ops/sort.c: rco_list_sort and rco_list_sort_key.
 *
 * The list's items are taken out under its lock (the list is empty while
 * the sort runs, so a key function or comparison that changes it is found
 * out afterwards: "list modified during sort"), keys are computed once per
 * item, and the merge sort (merge_sort.h) runs over a separate array of
 * elements while the items block keeps the old order: any failure puts
 * the old order back, and nothing is changed before every allocation the
 * sort needs has succeeded.
 *
 * When every key is an int (or bool), every key a float, or every key a
 * str, the elements carry the key's value itself (an int64, a double's
 * bits, or a str's first bytes after those all keys share), so that most
 * comparisons read no object at all: the elements are contiguous, the
 * objects are wherever they were allocated. Each such comparison has the
 * outcome the generic one would have (NaNs included), so the sort is the
 * same, comparison for comparison.
 */
#include "ops/ops.h"

#include "types/list.h"
#include "types/number.h"
#include "types/str.h"

static _Thread_local uint64_t comparisons_made;

uint64_t rco_debug_sort_comparisons(void)
{
    return comparisons_made;
}

/* ---- the elements, and the merge sort for each ----------------------- */

typedef rco_object *object_elem; /* a typedef: `const SORT_ELEM *` must mean what it says */
#define SORT(name) objects_##name
#define SORT_ELEM object_elem
#define SORT_LESS(s, a, b) rco__order((a), (b), RCO_LT)
#define SORT_CAN_FAIL 1
#include "ops/merge_sort.h"
#undef SORT
#undef SORT_ELEM
#undef SORT_LESS
#undef SORT_CAN_FAIL

typedef struct keyed {
    rco_object *key, *value;
} keyed;
#define SORT(name) keyed_##name
#define SORT_ELEM keyed
#define SORT_LESS(s, a, b) rco__order((a).key, (b).key, RCO_LT)
#define SORT_CAN_FAIL 1
#include "ops/merge_sort.h"
#undef SORT
#undef SORT_ELEM
#undef SORT_LESS
#undef SORT_CAN_FAIL

typedef struct int_key {
    int64_t key;
    rco_object *value;
} int_key;
#define SORT(name) ints_##name
#define SORT_ELEM int_key
#define SORT_LESS(s, a, b) ((a).key < (b).key)
#define SORT_CAN_FAIL 0
#include "ops/merge_sort.h"
#undef SORT
#undef SORT_ELEM
#undef SORT_LESS
#undef SORT_CAN_FAIL

/* Floats without a NaN sort as integers with the same order: the bits of
 * a positive double order as its value, a negative one's inverted bits
 * too; -0.0 becomes 0.0 first (they are equal). Each comparison then has
 * the outcome the doubles' would, so the sort is the same. */
typedef struct bits_key {
    uint64_t key;
    rco_object *value;
} bits_key;
#define SORT(name) bits_##name
#define SORT_ELEM bits_key
#define SORT_LESS(s, a, b) ((a).key < (b).key)
#define SORT_CAN_FAIL 0
#include "ops/merge_sort.h"
#undef SORT
#undef SORT_ELEM
#undef SORT_LESS
#undef SORT_CAN_FAIL

static inline uint64_t ordered_bits(double d)
{
    d += 0.0; /* -0.0 + 0.0 is 0.0 */
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return bits >> 63 ? ~bits : bits | (uint64_t)1 << 63;
}

typedef struct float_key {
    double key;
    rco_object *value;
} float_key;
#define SORT(name) floats_##name
#define SORT_ELEM float_key
#define SORT_LESS(s, a, b) ((a).key < (b).key)
#define SORT_CAN_FAIL 0
#include "ops/merge_sort.h"
#undef SORT
#undef SORT_ELEM
#undef SORT_LESS
#undef SORT_CAN_FAIL

/* A str key: the 8 bytes after the common prefix, big-endian (padded with
 * zeros), so that integer order is byte order; the str itself when those
 * are equal. */
typedef struct str_key {
    uint64_t head;
    const rco__str *key;
    rco_object *value;
} str_key;

static inline int str_key_less(size_t common, uint64_t head_x, const rco__str *x, uint64_t head_y,
                               const rco__str *y)
{
    if (head_x != head_y)
        return head_x < head_y;
    size_t n = (x->size < y->size ? x->size : y->size) - common;
    int c = memcmp(x->data + common, y->data + common, n);
    return c ? c < 0 : x->size < y->size;
}
#define SORT(name) strs_##name
#define SORT_ELEM str_key
#define SORT_LESS(s, a, b) str_key_less((s)->common_prefix, (a).head, (a).key, (b).head, (b).key)
#define SORT_CAN_FAIL 0
#include "ops/merge_sort.h"
#undef SORT
#undef SORT_ELEM
#undef SORT_LESS
#undef SORT_CAN_FAIL

/* Without a key function the str is the item: two words an element. */
typedef struct str_item {
    uint64_t head;
    const rco__str *item;
} str_item;
#define SORT(name) str_items_##name
#define SORT_ELEM str_item
#define SORT_LESS(s, a, b) str_key_less((s)->common_prefix, (a).head, (a).item, (b).head, (b).item)
#define SORT_CAN_FAIL 0
#include "ops/merge_sort.h"
#undef SORT
#undef SORT_ELEM
#undef SORT_LESS
#undef SORT_CAN_FAIL

/* ---- a sort's state --------------------------------------------------- */

typedef struct job {
    rco_object **items;  /* the list's items block, old order, owned */
    size_t n;
    rco_object **keys;   /* the key function's results (owned), or NULL */
    bool reverse;
    void *work;          /* the elements and the merge area, sorted */
    size_t work_bytes;
    void (*write_back)(const struct job *j); /* the sorted order into items */
    uint64_t comparisons;
} job;

static rco_object *key_of(const job *j, size_t i)
{
    return j->keys ? j->keys[i] : j->items[i];
}

/* The elements and, after them, the merge area: n / 2 elements, rounded
 * up so that it also holds 8 bytes per element (str_heads). */
static void *work_alloc(job *j, size_t elem_size)
{
    size_t count = j->n + (j->n + 1) / 2;
    j->work_bytes = rco__mul_size(count, elem_size);
    return j->work = rco__alloc(j->work_bytes);
}

/* Sort an instance's elements: fill them (prefix_fill, which may refuse:
 * then the run returns 1 and another instance is tried), reverse for a
 * reverse sort (and back after: equal keys keep their order either way),
 * sort; write_back puts each element's value (prefix_value) in order. */
#define RUN_SORT(prefix, ELEM)                                                 \
    static void prefix##_write_back(const job *j)                              \
    {                                                                          \
        const ELEM *e = j->work;                                               \
        for (size_t i = 0; i < j->n; i++)                                      \
            j->items[i] = prefix##_value(&e[i]);                               \
    }                                                                          \
    static int prefix##_run(job *j)                                            \
    {                                                                          \
        ELEM *e = work_alloc(j, sizeof(ELEM));                                 \
        if (!e)                                                                \
            return -1;                                                         \
        prefix##_sorter s = { .base = e, .n = j->n, .tmp = e + j->n };         \
        if (!prefix##_fill(e, j, &s)) {                                        \
            rco__free(j->work, j->work_bytes);                                 \
            j->work = NULL;                                                    \
            return 1;                                                          \
        }                                                                      \
        if (j->reverse)                                                        \
            prefix##_reverse(e, j->n);                                         \
        int r = prefix##_sort(&s);                                             \
        if (r == 0 && j->reverse)                                              \
            prefix##_reverse(e, j->n);                                         \
        j->comparisons = s.comparisons;                                        \
        j->write_back = prefix##_write_back;                                   \
        return r;                                                              \
    }

static bool objects_fill(object_elem *e, const job *j, objects_sorter *s)
{
    (void)s;
    memcpy(e, j->items, j->n * sizeof(rco_object *));
    return true;
}
static rco_object *objects_value(const object_elem *e)
{
    return *e;
}
RUN_SORT(objects, object_elem)

static bool keyed_fill(keyed *e, const job *j, keyed_sorter *s)
{
    (void)s;
    for (size_t i = 0; i < j->n; i++)
        e[i] = (keyed){ j->keys[i], j->items[i] };
    return true;
}
static rco_object *keyed_value(const keyed *e)
{
    return e->value;
}
RUN_SORT(keyed, keyed)

static bool ints_fill(int_key *e, const job *j, ints_sorter *s)
{
    (void)s;
    for (size_t i = 0; i < j->n; i++) {
        const rco_object *k = key_of(j, i);
        if (!rco__is_int_kind(k->type->kind))
            return false;
        e[i] = (int_key){ ((const rco__int *)k)->value, j->items[i] };
    }
    return true;
}
static rco_object *ints_value(const int_key *e)
{
    return e->value;
}
RUN_SORT(ints, int_key)

static bool floats_fill(float_key *e, const job *j, floats_sorter *s)
{
    (void)s;
    for (size_t i = 0; i < j->n; i++) {
        const rco_object *k = key_of(j, i);
        if (k->type->kind != RCO__KIND_FLOAT)
            return false;
        e[i] = (float_key){ ((const rco__float *)k)->value, j->items[i] };
    }
    return true;
}
static rco_object *floats_value(const float_key *e)
{
    return e->value;
}
RUN_SORT(floats, float_key)

static bool bits_fill(bits_key *e, const job *j, bits_sorter *s)
{
    (void)s;
    for (size_t i = 0; i < j->n; i++) {
        const rco_object *k = key_of(j, i);
        if (k->type->kind != RCO__KIND_FLOAT)
            return false;
        double d = ((const rco__float *)k)->value;
        if (d != d)
            return false; /* a NaN: the doubles' own order, NaNs and all */
        e[i] = (bits_key){ ordered_bits(d), j->items[i] };
    }
    return true;
}
static rco_object *bits_value(const bits_key *e)
{
    return e->value;
}
RUN_SORT(bits, bits_key)

/* 8 bytes of s from `from` on, big-endian, zeros past its end. */
static uint64_t head_of(const rco__str *s, size_t from)
{
    unsigned char bytes[8] = { 0 };
    if (from < s->size)
        memcpy(bytes, s->data + from, s->size - from < 8 ? s->size - from : 8);
    uint64_t head = 0;
    for (int i = 0; i < 8; i++)
        head = head << 8 | bytes[i];
    return head;
}

/* One pass over the keys (which sit wherever they were allocated: each
 * read is a cache miss) gives their first 16 bytes and the prefix they
 * all share; heads[i] is then key i's 8 bytes after that prefix. The
 * second 8 wait in `spare` (the merge area, unused until the sort). Only
 * a prefix longer than 8 bytes needs a second pass. false if a key is not
 * a str. */
static bool str_heads(const job *j, uint64_t *heads, size_t head_stride, uint64_t *spare, size_t *common)
{
    const rco__str *first = (const rco__str *)key_of(j, 0);
    size_t shared = first->size;
    for (size_t i = 0; i < j->n; i++) {
        const rco__str *k = (const rco__str *)key_of(j, i);
        if (k->ob.type->kind != RCO__KIND_STR)
            return false;
        size_t n = 0, limit = k->size < shared ? k->size : shared;
        while (n < limit && k->data[n] == first->data[n])
            n++;
        shared = n;
        heads[i * head_stride] = head_of(k, 0);
        spare[i] = head_of(k, 8);
    }
    *common = shared;
    for (size_t i = 0; i < j->n; i++) {
        uint64_t *head = &heads[i * head_stride];
        if (shared == 0)
            continue;
        if (shared < 8)
            *head = *head << (8 * shared) | spare[i] >> (64 - 8 * shared);
        else if (shared == 8)
            *head = spare[i];
        else
            *head = head_of((const rco__str *)key_of(j, i), shared);
    }
    return true;
}

static bool strs_fill(str_key *e, const job *j, strs_sorter *s)
{
    if (!str_heads(j, &e[0].head, sizeof(str_key) / sizeof(uint64_t), (uint64_t *)s->tmp, &s->common_prefix))
        return false;
    for (size_t i = 0; i < j->n; i++) {
        e[i].key = (const rco__str *)key_of(j, i);
        e[i].value = j->items[i];
    }
    return true;
}
static rco_object *strs_value(const str_key *e)
{
    return e->value;
}
RUN_SORT(strs, str_key)

static bool str_items_fill(str_item *e, const job *j, str_items_sorter *s)
{
    if (!str_heads(j, &e[0].head, sizeof(str_item) / sizeof(uint64_t), (uint64_t *)s->tmp, &s->common_prefix))
        return false;
    for (size_t i = 0; i < j->n; i++)
        e[i].item = (const rco__str *)j->items[i];
    return true;
}
static rco_object *str_items_value(const str_item *e)
{
    return (rco_object *)e->item;
}
RUN_SORT(str_items, str_item)

/* The instance for these keys: a specialised one when they are all of
 * one kind whose order needs no object (its fill finds out, reading each
 * key once), else the generic one. */
static int run(job *j)
{
    int kind = key_of(j, 0)->type->kind, r = 1;
    if (rco__is_int_kind(kind))
        r = ints_run(j);
    else if (kind == RCO__KIND_FLOAT && (r = bits_run(j)) == 1)
        r = floats_run(j);
    else if (kind == RCO__KIND_STR)
        r = j->keys ? strs_run(j) : str_items_run(j);
    if (r == 1) /* mixed kinds */
        r = j->keys ? keyed_run(j) : objects_run(j);
    return r;
}

/* ---- the public functions --------------------------------------------- */

static int compute_keys(job *j, rco_key_fn key, void *arg)
{
    if (!(j->keys = rco__alloc(rco__mul_size(j->n, sizeof(rco_object *)))))
        return -1;
    for (size_t i = 0; i < j->n; i++) {
        rco_object *k = key(j->items[i], arg);
        if (!k) {
            if (!rco_err_occurred())
                rco__err_set(RCO_ERR_VALUE, "rco_list_sort_key: the key function returned NULL "
                                            "without setting an error");
            j->n = i; /* the keys made so far are released by the caller */
            return -1;
        }
        RCO__LEDGER_STEAL(k); /* the key function's new reference is the sort's now */
        j->keys[i] = k;
    }
    return 0;
}

static int sort_list(rco_object *self, rco_key_fn key, void *arg, int reverse, const char *fn)
{
    if (!rco__check_kind(self, RCO__KIND_LIST, fn, "list"))
        return -1;
    rco__list *l = (rco__list *)self;
    rco__lock(self);
    job j = { .items = l->items, .n = l->size, .reverse = reverse != 0 };
    l->items = NULL;
    __atomic_store_n(&l->size, 0, __ATOMIC_RELAXED); /* rco_len reads it unlocked */
    rco__unlock(self);

    int r = 0;
    for (size_t i = 0; i < j.n && r == 0; i++) {
        if (!j.items[i]) {
            rco__err_set(RCO_ERR_VALUE, "%s: list slot %zu has not been set", fn, i);
            r = -1;
        }
    }
    size_t n = j.n, nkeys = 0;
    if (r == 0 && key && n > 0) {
        r = compute_keys(&j, key, arg);
        nkeys = j.n;
        j.n = n;
    }
    if (r == 0 && n > 1)
        r = run(&j);
    comparisons_made += j.comparisons;

    rco__lock(self);
    rco_object **added = l->items;
    size_t nadded = l->size;
    bool modified = added || nadded;
    if (r == 0 && !modified && j.write_back)
        j.write_back(&j);
    l->items = j.items;
    __atomic_store_n(&l->size, n, __ATOMIC_RELAXED);
    rco__unlock(self);

    if (modified && r == 0) {
        rco__err_set(RCO_ERR_VALUE, "list modified during sort");
        r = -1;
    }
    if (modified)
        rco__list_items_release(added, nadded);
    if (j.work)
        rco__free(j.work, j.work_bytes);
    if (j.keys) {
        size_t allocated = n;
        for (size_t i = 0; i < nkeys; i++)
            RCO__DECREF(j.keys[i]);
        rco__free(j.keys, allocated * sizeof(rco_object *));
    }
    return r;
}

int rco_list_sort(rco_object *l, int reverse)
{
    return sort_list(l, NULL, NULL, reverse, "rco_list_sort");
}

int rco_list_sort_key(rco_object *l, rco_key_fn key, void *arg, int reverse)
{
    return sort_list(l, key, arg, reverse, "rco_list_sort_key");
}
