/*
 * ops/sequence.c: what Python does with sequences and containers through
 * operators and methods: `in`, `+`, slicing, index(), count(), and a
 * list's reverse() and remove().
 *
 * Searching a list or tuple compares each item with the one sought, and a
 * comparison may run user code that changes the list: each item is read
 * under the lock and held while it is compared, and the length is read
 * again for each step, as CPython does. str and bytes are searched as
 * bytes: in valid UTF-8 a match of a whole str's bytes can only begin at
 * a character, so byte offsets translate back to code points.
 */
#define _GNU_SOURCE /* memmem */
#include "ops/ops.h"

#include "types/bytes.h"
#include "types/list.h"
#include "types/number.h"
#include "types/set.h"
#include "types/table.h"
#include "types/tuple.h"

ssize_t rco__find_bytes(const char *hay, size_t n, size_t from, const char *needle, size_t m)
{
    if (from > n)
        return -1;
    if (m == 0)
        return (ssize_t)from;
    const char *at = memmem(hay + from, n - from, needle, m);
    return at ? at - hay : -1;
}

size_t rco__count_bytes(const char *hay, size_t n, const char *needle, size_t m, size_t max)
{
    if (m == 0)
        return n + 1 < max ? n + 1 : max;
    size_t count = 0;
    for (ssize_t at = 0; count < max && (at = rco__find_bytes(hay, n, (size_t)at, needle, m)) >= 0;
         at += (ssize_t)m)
        count++;
    return count;
}

/* ---- lists and tuples, item by item ---------------------------------- */

/* Item i of a list or tuple, held, and its length now; NULL past the end
 * or (with the error set) for a slot never filled. */
static rco_object *held_item(rco_object *seq, size_t i, size_t *len)
{
    rco_object *item = NULL;
    bool list = seq->type->kind == RCO__KIND_LIST;
    if (list)
        rco__lock(seq);
    *len = list ? ((rco__list *)seq)->size : ((rco__tuple *)seq)->ob.size;
    if (i < *len) {
        item = list ? ((rco__list *)seq)->items[i] : ((rco__tuple *)seq)->items[i];
        RCO__XINCREF(item);
    }
    if (list)
        rco__unlock(seq);
    if (i < *len && !item)
        rco__err_set(RCO_ERR_VALUE, "%s slot %zu has not been set", seq->type->name, i);
    return item;
}

/* The first index from `from` of an item equal to x: >= 0, -1 if none,
 * -2 on error. With count, how many there are instead. */
static ssize_t scan(rco_object *seq, rco_object *x, bool count)
{
    ssize_t found = 0;
    for (size_t i = 0;; i++) {
        size_t len;
        rco_object *item = held_item(seq, i, &len);
        if (!item)
            return i < len ? -2 : count ? found : -1;
        int eq = rco__equal(item, x);
        RCO__DECREF(item);
        if (eq < 0)
            return -2;
        if (eq && !count)
            return (ssize_t)i;
        found += eq;
    }
}

/* The same over an iterator, consuming it: 1 when found, 0, -1. */
static int scan_iterator(rco_object *it, rco_object *x)
{
    for (;;) {
        rco_object *item;
        int r = rco__iter_step(it, &item);
        if (r <= 0)
            return r;
        int eq = rco__equal(item, x);
        RCO__DECREF(item);
        if (eq != 0)
            return eq;
    }
}

/* ---- str and bytes -------------------------------------------------- */

/* The bytes to look for in a bytes: another bytes, or one byte given as
 * an int; false (error set) for anything else. */
static bool byte_needle(rco_object *x, const char **p, size_t *n, char *one)
{
    int kind = x->type->kind;
    if (kind == RCO__KIND_BYTES) {
        *p = ((rco__bytes *)x)->data;
        *n = ((rco__bytes *)x)->size;
        return true;
    }
    if (rco__is_int_kind(kind)) {
        int64_t v = ((rco__int *)x)->value;
        if (v < 0 || v > 255) {
            rco__err_set(RCO_ERR_VALUE, "byte must be in range(0, 256)");
            return false;
        }
        *one = (char)v;
        *p = one;
        *n = 1;
        return true;
    }
    rco__err_set(RCO_ERR_TYPE, "a bytes-like object is required, not '%s'", x->type->name);
    return false;
}

/* The str to look for in a str; `in` words its TypeError otherwise. */
static bool str_needle(rco_object *x, bool for_in)
{
    if (x->type->kind == RCO__KIND_STR)
        return true;
    if (for_in)
        rco__err_set(RCO_ERR_TYPE, "'in <string>' requires string as left operand, not %s", x->type->name);
    else
        rco__err_set(RCO_ERR_TYPE, "must be str, not %s", x->type->name);
    return false;
}

int rco_contains(rco_object *c, rco_object *item)
{
    if (!rco__check_obj(c, "rco_contains") || !rco__check_obj(item, "rco_contains"))
        return -1;
    switch (c->type->kind) {
    case RCO__KIND_LIST:
    case RCO__KIND_TUPLE: {
        ssize_t at = scan(c, item, false);
        return at == -2 ? -1 : at >= 0;
    }
    case RCO__KIND_DICT:
    case RCO__KIND_SET: {
        int64_t hash = rco__hash(item);
        if (hash == -1)
            return -1;
        rco__table *const *tp = c->type->kind == RCO__KIND_DICT ? &((rco__dict *)c)->table
                                                                : &((rco__set *)c)->table;
        rco__lock(c);
        ssize_t ix = rco__table_lookup(c, tp, item, hash, NULL);
        rco__unlock(c);
        return ix == RCO__TABLE_ERROR ? -1 : ix >= 0;
    }
    case RCO__KIND_STR: {
        if (!str_needle(item, true))
            return -1;
        rco__str *s = (rco__str *)c, *sub = (rco__str *)item;
        return rco__find_bytes(s->data, s->size, 0, sub->data, sub->size) >= 0;
    }
    case RCO__KIND_BYTES: {
        const char *p;
        size_t n;
        char one;
        if (!byte_needle(item, &p, &n, &one))
            return -1;
        rco__bytes *b = (rco__bytes *)c;
        return rco__find_bytes(b->data, b->size, 0, p, n) >= 0;
    }
    case RCO__KIND_ITERATOR:
        return scan_iterator(c, item);
    default:
        rco__err_set(RCO_ERR_TYPE, "argument of type '%s' is not iterable", c->type->name);
        return -1;
    }
}

ssize_t rco_index(rco_object *seq, rco_object *item)
{
    if (!rco__check_obj(seq, "rco_index") || !rco__check_obj(item, "rco_index"))
        return -1;
    char shown[64];
    switch (seq->type->kind) {
    case RCO__KIND_LIST:
    case RCO__KIND_TUPLE: {
        ssize_t at = scan(seq, item, false);
        if (at >= 0)
            return at;
        if (at == -1) {
            if (seq->type->kind == RCO__KIND_TUPLE) {
                rco__err_set(RCO_ERR_VALUE, "tuple.index(x): x not in tuple");
            } else {
                rco__repr_for_message(item, shown, sizeof shown);
                rco__err_set(RCO_ERR_VALUE, "%s is not in list", shown);
            }
        }
        return -1;
    }
    case RCO__KIND_STR: {
        if (!str_needle(item, false))
            return -1;
        rco__str *s = (rco__str *)seq, *sub = (rco__str *)item;
        ssize_t at = rco__find_bytes(s->data, s->size, 0, sub->data, sub->size);
        if (at >= 0)
            return (ssize_t)rco__str_index_of(s, (size_t)at);
        rco__err_set(RCO_ERR_VALUE, "substring not found");
        return -1;
    }
    case RCO__KIND_BYTES: {
        const char *p;
        size_t n;
        char one;
        if (!byte_needle(item, &p, &n, &one))
            return -1;
        ssize_t at = rco__find_bytes(((rco__bytes *)seq)->data, ((rco__bytes *)seq)->size, 0, p, n);
        if (at >= 0)
            return at;
        rco__err_set(RCO_ERR_VALUE, "subsection not found");
        return -1;
    }
    default:
        rco__err_set(RCO_ERR_TYPE, "rco_index: '%s' object has no index()", seq->type->name);
        return -1;
    }
}

ssize_t rco_count(rco_object *seq, rco_object *item)
{
    if (!rco__check_obj(seq, "rco_count") || !rco__check_obj(item, "rco_count"))
        return -1;
    switch (seq->type->kind) {
    case RCO__KIND_LIST:
    case RCO__KIND_TUPLE: {
        ssize_t n = scan(seq, item, true);
        return n < 0 ? -1 : n;
    }
    case RCO__KIND_STR: {
        if (!str_needle(item, false))
            return -1;
        rco__str *s = (rco__str *)seq, *sub = (rco__str *)item;
        if (sub->size == 0)
            return (ssize_t)s->length + 1;
        return (ssize_t)rco__count_bytes(s->data, s->size, sub->data, sub->size, SIZE_MAX);
    }
    case RCO__KIND_BYTES: {
        const char *p;
        size_t n;
        char one;
        if (!byte_needle(item, &p, &n, &one))
            return -1;
        rco__bytes *b = (rco__bytes *)seq;
        return (ssize_t)rco__count_bytes(b->data, b->size, p, n, SIZE_MAX);
    }
    default:
        rco__err_set(RCO_ERR_TYPE, "rco_count: '%s' object has no count()", seq->type->name);
        return -1;
    }
}

/* ---- a + b ----------------------------------------------------------- */

static rco_object *concat_text(const char *a, size_t na, const char *b, size_t nb, bool str,
                               size_t length)
{
    if (na > RCO__MAX_OBJECT_SIZE - nb) {
        rco__err_set(RCO_ERR_OVERFLOW, "rco_concat: a %s of %zu + %zu bytes is too large",
                     str ? "str" : "bytes", na, nb);
        return NULL;
    }
    rco_object *o = str ? rco__str_alloc(na + nb) : rco__bytes_new(NULL, na + nb);
    if (!o)
        return NULL;
    char *data = str ? ((rco__str *)o)->data : ((rco__bytes *)o)->data;
    memcpy(data, a, na);
    memcpy(data + na, b, nb);
    if (str)
        ((rco__str *)o)->length = length;
    return o;
}

static rco_object *concat_lists(rco_object *a, rco_object *b)
{
    rco__items items, more;
    if (rco__items_of(a, &items, "rco_concat") < 0)
        return NULL;
    if (rco__items_of(b, &more, "rco_concat") < 0) {
        rco__items_release(&items);
        return NULL;
    }
    int r = 0;
    for (size_t i = 0; i < more.n && r == 0; i++)
        if ((r = rco__items_push(&items, more.items[i])) < 0)
            for (size_t k = i + 1; k < more.n; k++)
                RCO__DECREF(more.items[k]);
    rco__items_free(&more);
    if (r < 0) {
        rco__items_release(&items);
        return NULL;
    }
    return rco__list_from_items(&items);
}

static rco_object *concat_tuples(rco_object *a, rco_object *b)
{
    rco__tuple *x = (rco__tuple *)a, *y = (rco__tuple *)b;
    if (y->ob.size == 0 || x->ob.size == 0) {
        rco_object *whole = y->ob.size == 0 ? a : b;
        RCO__INCREF(whole);
        return whole;
    }
    size_t n = (size_t)x->ob.size + y->ob.size; /* no wrap: the sizes are 32 bits */
    if (n > UINT32_MAX) {
        rco__err_set(RCO_ERR_OVERFLOW, "rco_concat: tuple too large");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(i < x->ob.size ? x->items[i] : y->items[i - x->ob.size])) {
            rco__err_set(RCO_ERR_VALUE, "rco_concat: tuple slot %zu has not been set",
                         i < x->ob.size ? i : i - x->ob.size);
            return NULL;
        }
    }
    rco_object *t = rco__tuple_new(n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        rco_object *item = i < x->ob.size ? x->items[i] : y->items[i - x->ob.size];
        RCO__INCREF(item);
        rco__tuple_fill(t, i, item);
    }
    return t;
}

rco_object *rco_concat(rco_object *a, rco_object *b)
{
    if (!rco__check_obj(a, "rco_concat") || !rco__check_obj(b, "rco_concat"))
        return NULL;
    int ka = a->type->kind, kb = b->type->kind;
    rco_object *r = NULL;
    if (ka == RCO__KIND_STR && kb == RCO__KIND_STR) {
        rco__str *x = (rco__str *)a, *y = (rco__str *)b;
        r = concat_text(x->data, x->size, y->data, y->size, true, x->length + y->length);
    } else if (ka == RCO__KIND_BYTES && kb == RCO__KIND_BYTES) {
        rco__bytes *x = (rco__bytes *)a, *y = (rco__bytes *)b;
        r = concat_text(x->data, x->size, y->data, y->size, false, 0);
    } else if (ka == RCO__KIND_LIST && kb == RCO__KIND_LIST) {
        r = concat_lists(a, b);
    } else if (ka == RCO__KIND_TUPLE && kb == RCO__KIND_TUPLE) {
        r = concat_tuples(a, b);
    } else if (ka == RCO__KIND_STR || ka == RCO__KIND_LIST || ka == RCO__KIND_TUPLE) {
        rco__err_set(RCO_ERR_TYPE, "can only concatenate %s (not \"%s\") to %s", a->type->name,
                     b->type->name, a->type->name);
    } else if (ka == RCO__KIND_BYTES) {
        rco__err_set(RCO_ERR_TYPE, "can't concat %s to bytes", b->type->name);
    } else {
        rco__err_set(RCO_ERR_TYPE, "'%s' object can't be concatenated", a->type->name);
    }
    if (r && rco__holds_references(r))
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(r);
    return r;
}

/* ---- seq[start:stop:step] -------------------------------------------- */

/* Python's PySlice_AdjustIndices: the bounds clamped into a sequence of
 * len, and how many items the slice has. */
static size_t slice_indices(size_t length, ssize_t *start, ssize_t *stop, ssize_t step)
{
    ssize_t len = (ssize_t)length;
    bool back = step < 0;
    if (*start == RCO_SLICE_DEFAULT)
        *start = back ? len - 1 : 0;
    else if (*start < 0)
        *start = *start + len < 0 ? (back ? -1 : 0) : *start + len;
    else if (*start >= len)
        *start = back ? len - 1 : len;
    if (*stop == RCO_SLICE_DEFAULT)
        *stop = back ? -1 : len;
    else if (*stop < 0)
        *stop = *stop + len < 0 ? (back ? -1 : 0) : *stop + len;
    else if (*stop >= len)
        *stop = back ? len - 1 : len;
    if (back)
        return *stop < *start ? (size_t)((*start - *stop - 1) / -step + 1) : 0;
    return *start < *stop ? (size_t)((*stop - *start - 1) / step + 1) : 0;
}

static rco_object *slice_list(rco_object *l, ssize_t start, ssize_t stop, ssize_t step)
{
    rco__list *list = (rco__list *)l;
    rco__items items = { 0 };
    rco__lock(l);
    size_t n = slice_indices(list->size, &start, &stop, step), unfilled = SIZE_MAX;
    rco_object **block = n ? rco__alloc(rco__mul_size(n, sizeof(rco_object *))) : NULL;
    if (block || n == 0) {
        items = (rco__items){ block, 0, n };
        for (size_t i = 0; i < n && unfilled == SIZE_MAX; i++) {
            size_t at = (size_t)(start + (ssize_t)i * step);
            if (!(block[i] = list->items[at]))
                unfilled = at;
        }
        if (unfilled == SIZE_MAX)
            for (size_t i = 0; i < n; i++)
                RCO__INCREF(block[i]);
        items.n = unfilled == SIZE_MAX ? n : 0;
    }
    rco__unlock(l);
    if (n && !block)
        return NULL;
    if (unfilled != SIZE_MAX) {
        rco__items_free(&items);
        rco__err_set(RCO_ERR_VALUE, "rco_slice: list slot %zu has not been set", unfilled);
        return NULL;
    }
    return rco__list_from_items(&items);
}

static rco_object *slice_tuple(rco_object *t, ssize_t start, ssize_t stop, ssize_t step)
{
    rco__tuple *tuple = (rco__tuple *)t;
    size_t n = slice_indices(tuple->ob.size, &start, &stop, step);
    if (n == tuple->ob.size && step == 1) {
        RCO__INCREF(t);
        return t;
    }
    for (size_t i = 0; i < n; i++) {
        if (!tuple->items[start + (ssize_t)i * step]) {
            rco__err_set(RCO_ERR_VALUE, "rco_slice: tuple slot %zd has not been set", start + (ssize_t)i * step);
            return NULL;
        }
    }
    rco_object *r = rco__tuple_new(n);
    if (!r)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        rco_object *item = tuple->items[start + (ssize_t)i * step];
        RCO__INCREF(item);
        rco__tuple_fill(r, i, item);
    }
    return r;
}

static rco_object *slice_bytes(rco_object *b, ssize_t start, ssize_t stop, ssize_t step)
{
    rco__bytes *bytes = (rco__bytes *)b;
    size_t n = slice_indices(bytes->size, &start, &stop, step);
    rco_object *r = rco__bytes_new(step == 1 ? bytes->data + start : NULL, n);
    if (r && step != 1)
        for (size_t i = 0; i < n; i++)
            ((rco__bytes *)r)->data[i] = bytes->data[start + (ssize_t)i * step];
    return r;
}

static rco_object *slice_str(rco_object *o, ssize_t start, ssize_t stop, ssize_t step)
{
    rco__str *s = (rco__str *)o;
    size_t n = slice_indices(s->length, &start, &stop, step);
    if (n == s->length && step == 1) {
        RCO__INCREF(o);
        return o;
    }
    if (rco__str_is_ascii(s)) {
        rco_object *r = rco__str_alloc(n);
        if (!r)
            return NULL;
        for (size_t i = 0; i < n; i++)
            ((rco__str *)r)->data[i] = s->data[start + (ssize_t)i * step];
        ((rco__str *)r)->length = n;
        return r;
    }
    if (step == 1) {
        size_t from = rco__str_offset(s, (size_t)start), to = rco__str_offset(s, (size_t)start + n);
        return rco__str_new_unchecked(s->data + from, to - from, n);
    }
    /* Every code point's offset, then the chosen ones' bytes. */
    size_t *at = rco__alloc(rco__mul_size(s->length + 1, sizeof(size_t)));
    if (!at)
        return NULL;
    for (size_t i = 0, k = 0; i <= s->size; i++)
        if (i == s->size || ((unsigned char)s->data[i] & 0xC0) != 0x80)
            at[k++] = i;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)(start + (ssize_t)i * step);
        bytes += at[c + 1] - at[c];
    }
    rco_object *r = rco__str_alloc(bytes);
    if (r) {
        char *out = ((rco__str *)r)->data;
        for (size_t i = 0; i < n; i++) {
            size_t c = (size_t)(start + (ssize_t)i * step);
            memcpy(out, s->data + at[c], at[c + 1] - at[c]);
            out += at[c + 1] - at[c];
        }
        ((rco__str *)r)->length = n;
    }
    rco__free(at, (s->length + 1) * sizeof(size_t));
    return r;
}

rco_object *rco_slice(rco_object *seq, ssize_t start, ssize_t stop, ssize_t step)
{
    if (!rco__check_obj(seq, "rco_slice"))
        return NULL;
    if (step == RCO_SLICE_DEFAULT)
        step = 1;
    rco_object *r = NULL;
    int kind = seq->type->kind;
    if (step == 0 && (kind == RCO__KIND_LIST || kind == RCO__KIND_TUPLE || kind == RCO__KIND_STR ||
                      kind == RCO__KIND_BYTES)) {
        rco__err_set(RCO_ERR_VALUE, "slice step cannot be zero");
        return NULL;
    }
    switch (kind) {
    case RCO__KIND_LIST: r = slice_list(seq, start, stop, step); break;
    case RCO__KIND_TUPLE: r = slice_tuple(seq, start, stop, step); break;
    case RCO__KIND_STR: r = slice_str(seq, start, stop, step); break;
    case RCO__KIND_BYTES: r = slice_bytes(seq, start, stop, step); break;
    case RCO__KIND_DICT: rco__err_set(RCO_ERR_TYPE, "unhashable type: 'slice'"); break;
    default: rco__err_set(RCO_ERR_TYPE, "'%s' object is not subscriptable", seq->type->name);
    }
    if (r && rco__holds_references(r))
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(r);
    return r;
}

/* ---- a list's own ------------------------------------------------------ */

int rco_list_reverse(rco_object *l)
{
    if (!rco__check_kind(l, RCO__KIND_LIST, "rco_list_reverse", "list"))
        return -1;
    rco__list *list = (rco__list *)l;
    rco__lock(l);
    for (size_t i = 0, j = list->size; i + 1 < j; i++, j--) {
        rco_object *t = list->items[i];
        list->items[i] = list->items[j - 1];
        list->items[j - 1] = t;
    }
    rco__unlock(l);
    return 0;
}

int rco_list_remove(rco_object *l, rco_object *item)
{
    if (!rco__check_kind(l, RCO__KIND_LIST, "rco_list_remove", "list") ||
        !rco__check_obj(item, "rco_list_remove"))
        return -1;
    rco__list *list = (rco__list *)l;
    for (size_t i = 0;; i++) {
        size_t len;
        rco_object *x = held_item(l, i, &len);
        if (!x) {
            if (i >= len)
                rco__err_set(RCO_ERR_VALUE, "list.remove(x): x not in list");
            return -1;
        }
        int eq = rco__equal(x, item);
        if (eq == 1) {
            /* The comparison may have moved it (or removed it): take it
             * out where it is now. */
            rco__lock(l);
            size_t at = i < list->size && list->items[i] == x ? i : SIZE_MAX;
            for (size_t k = 0; k < list->size && at == SIZE_MAX; k++)
                if (list->items[k] == x)
                    at = k;
            if (at != SIZE_MAX) {
                memmove(list->items + at, list->items + at + 1, (list->size - at - 1) * sizeof(rco_object *));
                __atomic_store_n(&list->size, list->size - 1, __ATOMIC_RELAXED);
            }
            rco__unlock(l);
            if (at != SIZE_MAX)
                RCO__DECREF(x); /* the list's reference */
        }
        RCO__DECREF(x);
        if (eq != 0)
            return eq < 0 ? -1 : 0;
    }
}
