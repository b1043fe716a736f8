/*
 * types/list.c: growable sequences.
 *
 * Every mutation puts the list in its new state before it releases the
 * items it replaced or removed: a release can run a finalizer that looks at
 * the list again.
 *
 * Threads: items, size and the items block change under the list's lock
 * (object/object.h), and are read under it, except the size alone (one
 * atomic load: rco_len). A reader that hands an item out takes its
 * reference before unlocking (rco_list_get_ref); the borrowed getters are
 * safe only while no other thread changes the list.
 */
#include "types/traverse.h"

/* ---- the items block: [capacity][items...] ------------------------- */

static inline size_t capacity_of(const rco__list *l)
{
    return l->items ? ((const size_t *)l->items)[-1] : 0;
}

static size_t items_bytes(size_t capacity)
{
    return (capacity + 1) * sizeof(rco_object *);
}

/* Room for capacity items, the first n NULL; NULL + error. */
static rco_object **items_new(size_t capacity, size_t n)
{
    size_t *block = rco__alloc(items_bytes(capacity));
    if (!block)
        return NULL;
    block[0] = capacity;
    rco_object **items = (rco_object **)(block + 1);
    memset(items, 0, n * sizeof(rco_object *));
    return items;
}

static void items_free(rco_object **items)
{
    if (items) {
        size_t *block = (size_t *)items - 1;
        rco__free(block, items_bytes(block[0]));
    }
}

/* items with room for capacity (moved if need be); NULL + error, items
 * unchanged. */
static rco_object **items_resize(rco_object **items, size_t capacity)
{
    size_t *block = items ? (size_t *)items - 1 : NULL;
    size_t old_bytes = block ? items_bytes(block[0]) : 0;
    block = rco__realloc(block, old_bytes, items_bytes(capacity));
    if (!block)
        return NULL;
    block[0] = capacity;
    return (rco_object **)(block + 1);
}

static inline void set_size(rco__list *l, size_t n)
{
    __atomic_store_n(&l->size, n, __ATOMIC_RELAXED);
}

static int list_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    return rco__traverse_items(((rco__list *)self)->items, ((rco__list *)self)->size, visit, arg);
}

/* Detach the items first, then release them: the list is empty and
 * consistent whatever their finalizers do. */
static void list_release_items(rco__list *l)
{
    rco__lock(&l->ob);
    rco_object **items = l->items;
    size_t n = l->size;
    l->items = NULL;
    set_size(l, 0);
    rco__unlock(&l->ob);
    for (size_t i = 0; i < n; i++)
        RCO__XDECREF(items[i]);
    items_free(items);
}

static void list_clear(rco_object *self)
{
    list_release_items((rco__list *)self);
}

/* Item i with a reference, or NULL (past the end, or an empty slot). */
static rco_object *item_ref(rco__list *l, size_t i, size_t *size)
{
    rco__lock(&l->ob);
    rco_object *item = i < l->size ? l->items[i] : NULL;
    *size = l->size;
    if (item)
        RCO__INCREF(item);
    rco__unlock(&l->ob);
    return item;
}

/* Element comparisons may run user code that changes the lists, so the
 * sizes are read again at each step and each pair is held while compared. */
static int list_equal(rco_object *self, rco_object *other)
{
    if (other->type->kind != RCO__KIND_LIST)
        return 0;
    rco__list *a = (rco__list *)self, *b = (rco__list *)other;
    if (rco_len(self) != rco_len(other))
        return 0;
    for (size_t i = 0;; i++) {
        size_t na, nb;
        rco_object *x = item_ref(a, i, &na), *y = item_ref(b, i, &nb);
        if (i >= na || i >= nb || x == y) {
            RCO__XDECREF(x);
            RCO__XDECREF(y);
            if (i >= na || i >= nb)
                return na == nb;
            continue;
        }
        int eq = x && y ? rco__equal(x, y) : 0;
        RCO__XDECREF(x);
        RCO__XDECREF(y);
        if (eq != 1)
            return eq;
    }
}

static rco_object *list_item_at(rco_object *self, size_t i, size_t *len)
{
    rco__list *l = (rco__list *)self;
    rco__lock(self);
    *len = l->size;
    rco_object *item = i < l->size ? l->items[i] : NULL;
    RCO__XINCREF(item);
    rco__unlock(self);
    return item;
}

static int list_order(rco_object *self, rco_object *other, int op)
{
    if (other->type->kind != RCO__KIND_LIST)
        return RCO__NOT_ORDERED;
    return rco__sequence_order(self, other, op, list_item_at);
}

/* A list iterator goes on while the list grows, until it meets the end. */
static int list_iter_step(rco_object *self, rco__iter_pos *pos, rco_object **item)
{
    rco__list *l = (rco__list *)self;
    int r = 0;
    size_t at = 0;
    rco__lock(self);
    if (!pos->done && pos->index < l->size) {
        at = pos->index;
        if ((*item = l->items[at]) != NULL) {
            RCO__INCREF(*item);
            pos->index++;
            r = 1;
        } else {
            r = -1;
        }
    } else {
        pos->done = true;
    }
    rco__unlock(self);
    if (r < 0)
        rco__err_set(RCO_ERR_VALUE, "list slot %zu has not been set", at);
    return r;
}

static ssize_t list_len(rco_object *self)
{
    return (ssize_t)__atomic_load_n(&((rco__list *)self)->size, __ATOMIC_RELAXED);
}

static int list_next(rco_object *self, size_t *pos, rco_object **item, rco_object **value)
{
    rco__list *l = (rco__list *)self;
    (void)value;
    rco__lock(self);
    int more = *pos < l->size;
    if (more)
        *item = l->items[(*pos)++];
    rco__unlock(self);
    return more;
}

static const rco__container list_container = {
    .open = "[", .close = "]", .empty = "[]", .cycle = "[...]", .next = list_next,
};

rco_type rco__list_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "list",
    .size = sizeof(rco__list),
    .flags = RCO_TYPE_READY | RCO_TYPE_GC | RCO_TYPE_UNHASHABLE,
    .dealloc = list_clear,
    .traverse = list_traverse,
    .clear = list_clear,
    .equal = list_equal,
    .kind = RCO__KIND_LIST,
    .has_gc_head = 1,
    .block_size = RCO__BLOCK(sizeof(rco__list), 1),
    .len = list_len,
    .container = &list_container,
    .order = list_order,
    .iter_step = list_iter_step,
};

#define MAX_ITEMS ((RCO__MAX_OBJECT_SIZE) / sizeof(rco_object *) - 1)

rco_object *rco__list_new(size_t n)
{
    if (n > MAX_ITEMS) {
        rco__err_set(RCO_ERR_OVERFLOW, "a list of %zu items is too large", n);
        return NULL;
    }
    rco_object **items = NULL;
    if (n && !(items = items_new(n, n)))
        return NULL;
    rco__list *l = (rco__list *)rco__gc_object_alloc(&rco__list_type, sizeof(rco__list));
    if (!l) {
        items_free(items);
        return NULL;
    }
    l->items = items;
    l->size = n;
    rco__gc_track(&l->ob);
    return &l->ob;
}

rco_object *rco_list_new(size_t n)
{
    rco_object *l = rco__list_new(n);
    if (l)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(l);
    return l;
}

/* Make room for one more item. */
static int grow(rco__list *l)
{
    size_t cap = capacity_of(l);
    if (cap >= MAX_ITEMS) {
        rco__err_set(RCO_ERR_OVERFLOW, "list too large");
        return -1;
    }
    /* 1.5x keeps appends amortized O(1); small lists jump to 3 (with the
     * capacity word, a 32-byte block), then 4, 6, 9 ... */
    size_t new_cap = cap < 3 ? 3 : cap + (cap >> 1);
    if (new_cap > MAX_ITEMS)
        new_cap = MAX_ITEMS;
    rco_object **items = items_resize(l->items, new_cap);
    if (!items)
        return -1;
    l->items = items;
    return 0;
}

int rco__list_append_steal(rco_object *self, rco_object *item)
{
    rco__list *l = (rco__list *)self;
    rco__lock(self);
    if (RCO__UNLIKELY(l->size == capacity_of(l)) && grow(l) < 0) {
        rco__unlock(self);
        RCO__DECREF(item);
        return -1;
    }
    l->items[l->size] = item;
    set_size(l, l->size + 1);
    rco__unlock(self);
    return 0;
}

int rco__list_append(rco_object *self, rco_object *item)
{
    RCO__INCREF(item);
    return rco__list_append_steal(self, item);
}

int rco__list_extend_steal(rco_object *self, rco_object *const *items, size_t n)
{
    rco__list *l = (rco__list *)self;
    int r = 0;
    if (n == 0)
        return 0;
    rco__lock(self);
    size_t cap = capacity_of(l);
    if (n > MAX_ITEMS - l->size) {
        rco__err_set(RCO_ERR_OVERFLOW, "list too large");
        r = -1;
    } else if (l->size + n > cap) {
        size_t want = l->size + n, grown = cap + (cap >> 1);
        rco_object **block = items_resize(l->items, grown > want && grown <= MAX_ITEMS ? grown : want);
        if (block)
            l->items = block;
        else
            r = -1;
    }
    if (r == 0) {
        memcpy(l->items + l->size, items, n * sizeof(rco_object *));
        set_size(l, l->size + n);
    }
    rco__unlock(self);
    return r;
}

void rco__list_items_release(rco_object **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        RCO__XDECREF(items[i]);
    items_free(items);
}

int rco_list_append(rco_object *l, rco_object *item)
{
    if (!rco__check_kind(l, RCO__KIND_LIST, "rco_list_append", "list") ||
        !rco__check_obj(item, "rco_list_append"))
        return -1;
    return rco__list_append(l, item);
}

int rco_list_append_steal(rco_object *l, rco_object *item)
{
    if (!item)
        return -1; /* the error of the constructor that failed stands */
    RCO__LEDGER_STEAL(item);
    if (!rco__check_kind(l, RCO__KIND_LIST, "rco_list_append_steal", "list")) {
        RCO__DECREF(item);
        return -1;
    }
    return rco__list_append_steal(l, item);
}

static bool check_list(rco_object *l, const char *fn)
{
    return rco__check_kind(l, RCO__KIND_LIST, fn, "list");
}

/* With the lock held: true if i < the size (<= the size with may_be_end);
 * else false, unlocked, with the error set. */
static bool index_ok(rco__list *l, size_t i, bool may_be_end, const char *fn)
{
    size_t size = l->size;
    if (i < size + (may_be_end ? 1 : 0))
        return true;
    rco__unlock(&l->ob);
    rco__err_set(RCO_ERR_INDEX, "%s: index %zu out of range for a list of %zu", fn, i, size);
    return false;
}

/* Store item (a reference handed over) at i, releasing the old one after
 * unlocking; the reference is released on failure too. */
static int store(rco_object *self, size_t i, rco_object *item, const char *fn)
{
    rco__list *l = (rco__list *)self;
    rco__lock(self);
    if (!index_ok(l, i, false, fn)) {
        RCO__DECREF(item);
        return -1;
    }
    rco_object *old = l->items[i];
    l->items[i] = item;
    rco__unlock(self);
    RCO__XDECREF(old);
    return 0;
}

int rco_list_set(rco_object *l, size_t i, rco_object *item)
{
    if (!rco__check_obj(item, "rco_list_set") || !check_list(l, "rco_list_set"))
        return -1;
    RCO__INCREF(item);
    return store(l, i, item, "rco_list_set");
}

int rco_list_set_steal(rco_object *l, size_t i, rco_object *item)
{
    if (!item)
        return -1;
    RCO__LEDGER_STEAL(item);
    if (!check_list(l, "rco_list_set_steal")) {
        RCO__DECREF(item);
        return -1;
    }
    return store(l, i, item, "rco_list_set_steal");
}

/* Item i, with a reference when ref; NULL + error past the end or for an
 * empty slot. */
static rco_object *get(rco_object *self, size_t i, bool ref, const char *fn)
{
    rco__list *l = (rco__list *)self;
    rco__lock(self);
    if (!index_ok(l, i, false, fn))
        return NULL;
    rco_object *item = l->items[i];
    if (item && ref)
        RCO__INCREF(item);
    rco__unlock(self);
    if (!item)
        rco__err_set(RCO_ERR_VALUE, "%s: slot %zu has not been set", fn, i);
    return item;
}

rco_object *rco_list_get(rco_object *l, size_t i)
{
    if (!check_list(l, "rco_list_get"))
        return NULL;
    rco_object *item = get(l, i, false, "rco_list_get");
    RCO__LEDGER_LEND(item);
    return item;
}

rco_object *rco_list_get_ref(rco_object *l, size_t i)
{
    if (!check_list(l, "rco_list_get_ref"))
        return NULL;
    rco_object *item = get(l, i, true, "rco_list_get_ref");
    RCO__LEDGER_GIVE(item);
    return item;
}

int rco_list_insert(rco_object *self, size_t i, rco_object *item)
{
    if (!rco__check_obj(item, "rco_list_insert") || !check_list(self, "rco_list_insert"))
        return -1;
    rco__list *l = (rco__list *)self;
    rco__lock(self);
    if (!index_ok(l, i, true, "rco_list_insert"))
        return -1;
    if (l->size == capacity_of(l) && grow(l) < 0) {
        rco__unlock(self);
        return -1;
    }
    memmove(l->items + i + 1, l->items + i, (l->size - i) * sizeof(rco_object *));
    RCO__INCREF(item);
    l->items[i] = item;
    set_size(l, l->size + 1);
    rco__unlock(self);
    return 0;
}

/* Take item i out into *out (the list's reference goes to the caller);
 * -1 + error past the end, or for an empty slot unless empty_ok. */
static int take_out(rco_object *self, size_t i, bool empty_ok, const char *fn, rco_object **out)
{
    rco__list *l = (rco__list *)self;
    rco__lock(self);
    if (!index_ok(l, i, false, fn))
        return -1;
    rco_object *item = l->items[i];
    if (!item && !empty_ok) {
        rco__unlock(self);
        rco__err_set(RCO_ERR_VALUE, "%s: slot %zu has not been set", fn, i);
        return -1;
    }
    memmove(l->items + i, l->items + i + 1, (l->size - i - 1) * sizeof(rco_object *));
    set_size(l, l->size - 1);
    rco__unlock(self);
    *out = item;
    return 0;
}

rco_object *rco_list_pop(rco_object *l, size_t i)
{
    rco_object *item = NULL;
    if (!check_list(l, "rco_list_pop") || take_out(l, i, false, "rco_list_pop", &item) < 0)
        return NULL;
    RCO__LEDGER_GIVE(item);
    return item;
}

int rco_list_del(rco_object *l, size_t i)
{
    rco_object *item = NULL;
    if (!check_list(l, "rco_list_del") || take_out(l, i, true, "rco_list_del", &item) < 0)
        return -1;
    RCO__XDECREF(item);
    return 0;
}

int rco_list_clear(rco_object *l)
{
    if (!check_list(l, "rco_list_clear"))
        return -1;
    list_release_items((rco__list *)l);
    return 0;
}
