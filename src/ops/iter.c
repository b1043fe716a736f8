/*
 * ops/iter.c: one iteration protocol for every built-in container, and
 * what is built on it: list(x), tuple(x), l.extend(x), and the copies of
 * an iterable's items that the other operations work on.
 *
 * An iterator holds its container and a position (rco__iter_pos); the
 * container's iter_step slot (in its own file) reads the next item and
 * advances the position under the container's lock, so the position is
 * the container's to guard and threads sharing an iterator never see an
 * item twice. The iterator keeps the container until it dies: letting go
 * at the end, as CPython does, would make the container pointer change
 * under another thread's step.
 */
#include "ops/ops.h"

#include "types/list.h"
#include "types/set.h"
#include "types/str.h"
#include "types/table.h"
#include "types/tuple.h"

typedef struct iterator {
    rco_object ob;
    rco_object *container; /* held; NULL only once the collector cleared it */
    rco__iter_pos pos;
} iterator;

static int iterator_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    RCO_VISIT(((iterator *)self)->container);
    return 0;
}

static void iterator_clear(rco_object *self)
{
    RCO__CLEAR(((iterator *)self)->container);
}

/* One type per kind of container, named as Python names them. */
#define ITERATOR_TYPE(type_name)                                                  \
    {                                                                             \
        .ob = RCO__STATIC_TYPE_HEAD, .name = type_name, .size = sizeof(iterator), \
        .flags = RCO_TYPE_READY | RCO_TYPE_GC, .dealloc = iterator_clear,        \
        .traverse = iterator_traverse, .clear = iterator_clear,                   \
        .kind = RCO__KIND_ITERATOR, .has_gc_head = 1,                             \
        .block_size = RCO__BLOCK(sizeof(iterator), 1),                            \
    }
static rco_type list_iterator = ITERATOR_TYPE("list_iterator");
static rco_type tuple_iterator = ITERATOR_TYPE("tuple_iterator");
static rco_type dict_keyiterator = ITERATOR_TYPE("dict_keyiterator");
static rco_type set_iterator = ITERATOR_TYPE("set_iterator");
static rco_type str_ascii_iterator = ITERATOR_TYPE("str_ascii_iterator");
static rco_type str_iterator = ITERATOR_TYPE("str_iterator");
static rco_type bytes_iterator = ITERATOR_TYPE("bytes_iterator");

static rco_type *iterator_type_for(const rco_object *o)
{
    switch (o->type->kind) {
    case RCO__KIND_LIST: return &list_iterator;
    case RCO__KIND_TUPLE: return &tuple_iterator;
    case RCO__KIND_DICT: return &dict_keyiterator;
    case RCO__KIND_SET: return &set_iterator;
    case RCO__KIND_BYTES: return &bytes_iterator;
    case RCO__KIND_STR:
        return ((const rco__str *)o)->length == ((const rco__str *)o)->size ? &str_ascii_iterator
                                                                             : &str_iterator;
    default: return NULL;
    }
}

bool rco__is_iterator(const rco_object *o)
{
    return o->type->kind == RCO__KIND_ITERATOR;
}

static void not_iterable(const rco_object *o)
{
    rco__err_set(RCO_ERR_TYPE, "'%s' object is not iterable", o->type->name);
}

/* A position at the start of o: dicts and sets remember their size. */
static rco__iter_pos start_of(rco_object *o)
{
    size_t n = o->type->len ? (size_t)rco__len_locked(o) : 0;
    return (rco__iter_pos){ .index = 0, .expected = n, .remaining = n, .done = false };
}

static rco_object *iterator_new(rco_object *o)
{
    if (rco__is_iterator(o)) {
        RCO__INCREF(o);
        return o;
    }
    rco_type *t = iterator_type_for(o);
    if (!t) {
        not_iterable(o);
        return NULL;
    }
    iterator *it = (iterator *)rco__gc_object_alloc(t, sizeof(iterator));
    if (!it)
        return NULL;
    RCO__INCREF(o);
    it->container = o;
    it->pos = start_of(o);
    rco__gc_track(&it->ob);
    return &it->ob;
}

int rco__iter_step(rco_object *self, rco_object **item)
{
    iterator *it = (iterator *)self;
    rco_object *c = it->container;
    if (!c)
        return 0;
    return c->type->iter_step(c, &it->pos, item);
}

rco_object *rco_iter(rco_object *o)
{
    if (!rco__check_obj(o, "rco_iter"))
        return NULL;
    rco_object *it = iterator_new(o);
    if (it && it != o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(it);
    return it;
}

rco_object *rco_iter_next(rco_object *it)
{
    if (!rco__check_obj(it, "rco_iter_next"))
        return NULL;
    if (!rco__is_iterator(it)) {
        rco__err_set(RCO_ERR_TYPE, "'%s' object is not an iterator", it->type->name);
        return NULL;
    }
    rco_object *item = NULL;
    int r = rco__iter_step(it, &item);
    if (r == 0)
        rco_err_clear();
    if (r != 1)
        return NULL;
    RCO__LEDGER_GIVE(item);
    return item;
}

/* ---- copies of an iterable's items ----------------------------------- */

static int reserve(rco__items *it, size_t want)
{
    if (want <= it->cap)
        return 0;
    size_t cap = it->cap ? it->cap : 8;
    while (cap < want) {
        if (cap > SIZE_MAX / 2 / sizeof(rco_object *)) {
            rco__err_set(RCO_ERR_OVERFLOW, "too many items");
            return -1;
        }
        cap *= 2;
    }
    rco_object **items = rco__realloc(it->items, it->cap * sizeof(rco_object *), cap * sizeof(rco_object *));
    if (!items)
        return -1;
    it->items = items;
    it->cap = cap;
    return 0;
}

int rco__items_push(rco__items *it, rco_object *item)
{
    if (it->n == it->cap && reserve(it, it->n + 1) < 0) {
        RCO__DECREF(item);
        return -1;
    }
    it->items[it->n++] = item;
    return 0;
}

void rco__items_free(rco__items *it)
{
    if (it->items)
        rco__free(it->items, it->cap * sizeof(rco_object *));
    *it = (rco__items){ 0 };
}

void rco__items_release(rco__items *it)
{
    rco__items held = *it;
    *it = (rco__items){ 0 };
    for (size_t i = 0; i < held.n; i++)
        RCO__DECREF(held.items[i]);
    rco__items_free(&held);
}

/* A list's or tuple's slots at once (a list under its lock). */
static int copy_slots(rco_object *o, rco_object *const *(*slots)(rco_object *, size_t *), rco__items *out)
{
    bool locked = rco__is_mutable(o);
    if (locked)
        rco__lock(o);
    size_t n;
    rco_object *const *items = slots(o, &n);
    size_t unfilled = SIZE_MAX;
    int r = 0;
    for (size_t i = 0; i < n && unfilled == SIZE_MAX; i++)
        if (!items[i])
            unfilled = i;
    if (unfilled == SIZE_MAX && n > 0 && (r = reserve(out, n)) == 0) {
        for (size_t i = 0; i < n; i++)
            {
            out->items[i] = items[i];
            RCO__INCREF(items[i]);
        }
        out->n = n;
    }
    if (locked)
        rco__unlock(o);
    if (unfilled != SIZE_MAX) {
        rco__err_set(RCO_ERR_VALUE, "%s slot %zu has not been set", o->type->name, unfilled);
        return -1;
    }
    return r;
}

static rco_object *const *list_slots(rco_object *o, size_t *n)
{
    *n = ((rco__list *)o)->size;
    return ((rco__list *)o)->items;
}

static rco_object *const *tuple_slots(rco_object *o, size_t *n)
{
    *n = ((rco__tuple *)o)->ob.size;
    return ((rco__tuple *)o)->items;
}

/* A dict's keys or a set's items at once, under its lock. */
static int copy_keys(rco_object *o, rco__table *const *tp, const size_t *used, rco__items *out)
{
    rco__lock(o);
    int r = *used ? reserve(out, *used) : 0;
    const rco__table *t = *tp;
    if (r == 0 && t) {
        const rco__entry *e = rco__table_entries(t);
        for (size_t i = 0; i < t->nentries; i++)
            if (e[i].key)
                {
                out->items[out->n++] = e[i].key;
                RCO__INCREF(e[i].key);
            }
    }
    rco__unlock(o);
    return r;
}

/* Step by step: strs, bytes and iterators. */
static int copy_steps(rco_object *o, rco__items *out)
{
    rco__iter_pos pos;
    bool own_iterator = !rco__is_iterator(o);
    if (own_iterator)
        pos = start_of(o);
    for (;;) {
        rco_object *item = NULL;
        int r = own_iterator ? o->type->iter_step(o, &pos, &item) : rco__iter_step(o, &item);
        if (r <= 0)
            return r;
        if (rco__items_push(out, item) < 0)
            return -1;
    }
}

int rco__items_of(rco_object *o, rco__items *out, const char *fn)
{
    *out = (rco__items){ 0 };
    if (!rco__check_obj(o, fn))
        return -1;
    int r;
    switch (o->type->kind) {
    case RCO__KIND_LIST:
        r = copy_slots(o, list_slots, out);
        break;
    case RCO__KIND_TUPLE:
        r = copy_slots(o, tuple_slots, out);
        break;
    case RCO__KIND_DICT:
        r = copy_keys(o, &((rco__dict *)o)->table, &((rco__dict *)o)->used, out);
        break;
    case RCO__KIND_SET:
        r = copy_keys(o, &((rco__set *)o)->table, &((rco__set *)o)->used, out);
        break;
    default:
        if (!rco__is_iterator(o) && !o->type->iter_step) {
            not_iterable(o);
            return -1;
        }
        r = copy_steps(o, out);
    }
    if (r < 0)
        rco__items_release(out);
    return r;
}

/* ---- constructors from iterables ------------------------------------- */

rco_object *rco__list_from_items(rco__items *it)
{
    rco_object *l = rco__list_new(it->n);
    if (!l) {
        rco__items_release(it);
        return NULL;
    }
    if (it->n)
        rco__list_fill(l, 0, it->items, it->n);
    rco__items_free(it);
    return l;
}

rco_object *rco_list_from(rco_object *iterable)
{
    rco__items items;
    if (rco__items_of(iterable, &items, "rco_list_from") < 0)
        return NULL;
    rco_object *l = rco__list_from_items(&items);
    if (l)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(l);
    return l;
}

rco_object *rco_tuple_from(rco_object *iterable)
{
    if (iterable && iterable->type->kind == RCO__KIND_TUPLE) {
        RCO__INCREF(iterable);
        RCO__LEDGER_GIVE(iterable);
        return iterable;
    }
    rco__items items;
    if (rco__items_of(iterable, &items, "rco_tuple_from") < 0)
        return NULL;
    rco_object *t = rco__tuple_new(items.n);
    if (!t) {
        rco__items_release(&items);
        return NULL;
    }
    for (size_t i = 0; i < items.n; i++)
        rco__tuple_fill(t, i, items.items[i]);
    rco__items_free(&items);
    rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(t);
    return t;
}

int rco_list_extend(rco_object *l, rco_object *iterable)
{
    if (!rco__check_kind(l, RCO__KIND_LIST, "rco_list_extend", "list"))
        return -1;
    rco__items items;
    if (rco__items_of(iterable, &items, "rco_list_extend") < 0)
        return -1;
    if (rco__list_extend_steal(l, items.items, items.n) < 0) {
        rco__items_release(&items);
        return -1;
    }
    rco__items_free(&items);
    return 0;
}
