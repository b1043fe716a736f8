/*
 * ops/copy.c: Python's copy.copy and copy.deepcopy.
 *
 * deepcopy walks the structure with a stack of frames instead of
 * recursion, so that depth costs heap, not C stack. It follows copy.py:
 *   - a memo maps each object copied to its copy, so an object reached
 *     twice (shared, or through a cycle) is copied once; lists, dicts,
 *     sets and instances enter the memo before their contents are copied,
 *     which is what lets a cycle close on the copy;
 *   - a tuple is copied only once its items are: if every item copied to
 *     itself the tuple is its own copy, else a new tuple of the copies. A
 *     tuple reached again while its items are being copied is copied again
 *     from the start (as copy.py's recursion does); that ends because the
 *     way back to it passed a container now in the memo. A way back
 *     through tuples only (a cycle rco can build and Python cannot) would
 *     never end: it is RCO_ERR_RUNTIME, as Python's RecursionError is a
 *     RuntimeError;
 *   - atoms, classes and weakrefs are their own copies.
 * One difference: copy.py builds a set's copy only after its items (a set
 * is rebuilt from a list), so a cycle through a set meets a second copy of
 * it; here sets enter the memo first like lists, and the cycle is kept.
 *
 * Nothing here runs user code: the copies' hashes are built-in or by
 * identity, and their comparisons built-in, so no frame sees its original
 * change; each original in the memo is held (the memo's keys must stay
 * those objects) and released with the memo.
 */
#include "ops/ops.h"

#include "core/ptrmap.h"
#include "types/class.h"
#include "types/list.h"
#include "types/set.h"
#include "types/table.h"
#include "types/tuple.h"

static bool is_atomic(const rco_object *o)
{
    switch (o->type->kind) {
    case RCO__KIND_NONE:
    case RCO__KIND_BOOL:
    case RCO__KIND_INT:
    case RCO__KIND_FLOAT:
    case RCO__KIND_STR:
    case RCO__KIND_BYTES:
    case RCO__KIND_TYPE:
    case RCO__KIND_CLASS:
    case RCO__KIND_WEAKREF:
        return true;
    default:
        return false;
    }
}

static void cannot_copy(const rco_object *o, const char *fn)
{
    rco__err_set(RCO_ERR_TYPE, "%s: cannot copy '%s' object", fn, o->type->name);
}

/* An instance's attribute dict, held (NULL if it has none yet). */
static rco_object *attrs_of(rco_object *inst)
{
    rco__lock(inst);
    rco_object *attrs = ((rco__instance *)inst)->attrs;
    RCO__XINCREF(attrs);
    rco__unlock(inst);
    return attrs;
}

/* ---- copy.copy -------------------------------------------------------- */

static rco_object *copy_instance(rco_object *o)
{
    rco_object *attrs = attrs_of(o), *copy = rco__instance_new(o->type);
    if (copy && attrs && !(((rco__instance *)copy)->attrs = rco__dict_copy(attrs)))
        RCO__CLEAR(copy);
    RCO__XDECREF(attrs);
    return copy;
}

rco_object *rco_copy(rco_object *o)
{
    if (!rco__check_obj(o, "rco_copy"))
        return NULL;
    rco_object *r = NULL;
    switch (o->type->kind) {
    case RCO__KIND_LIST: {
        rco__items items;
        if (rco__items_of(o, &items, "rco_copy") == 0)
            r = rco__list_from_items(&items);
        break;
    }
    case RCO__KIND_DICT: r = rco__dict_copy(o); break;
    case RCO__KIND_SET: r = rco__set_copy(o); break;
    case RCO__KIND_INSTANCE: r = copy_instance(o); break;
    case RCO__KIND_TUPLE:
        RCO__INCREF(o);
        r = o;
        break;
    default:
        if (is_atomic(o)) {
            RCO__INCREF(o);
            r = o;
        } else {
            cannot_copy(o, "rco_copy");
        }
    }
    if (r && r != o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(r);
    return r;
}

/* ---- copy.deepcopy ---------------------------------------------------- */

typedef struct frame {
    rco_object *original; /* held */
    rco_object *copy;     /* the new container (the memo holds it); NULL for a tuple */
    size_t pos;           /* the next slot or entry of original (instances: 0, then 1) */
    union {
        struct {
            rco_object *value;    /* the value whose key is being copied, held */
            rco_object *key_copy; /* then the key's copy, held, waiting for the value's */
        } dict;
        struct {
            size_t values_base;   /* where its items' copies start on the values stack */
            size_t outer;         /* in_progress's entry for it before this frame, 0: none */
        } tuple;
    } u;
    ssize_t memoized_below; /* the nearest frame at or below this one that is not a tuple, -1 */
    bool changed;           /* tuples: some item's copy is not the item */
} frame;

typedef struct copier {
    frame *stack;
    size_t depth, cap;
    rco__ptrmap memo;        /* original -> copy */
    rco__ptrmap in_progress; /* tuple -> 1 + the index of its topmost frame */
    rco__items keep;         /* a reference to each memo key and value */
    rco__items values;       /* the tuples' items' copies so far, held */
    rco_object *result;      /* the root's copy, held */
} copier;

static frame *top(copier *c)
{
    return &c->stack[c->depth - 1];
}

/* Remember that o's copy is copy (a reference handed over). */
static int memoize(copier *c, rco_object *o, rco_object *copy)
{
    if (rco__items_push(&c->keep, copy) < 0)
        return -1;
    RCO__INCREF(o);
    if (rco__items_push(&c->keep, o) < 0)
        return -1;
    return rco__ptrmap_put(&c->memo, o, copy);
}

static int push(copier *c, rco_object *o, rco_object *copy)
{
    if (c->depth == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        frame *stack = rco__realloc(c->stack, c->cap * sizeof(frame), rco__mul_size(cap, sizeof(frame)));
        if (!stack)
            return -1;
        c->stack = stack;
        c->cap = cap;
    }
    size_t i = c->depth;
    frame *f = &c->stack[i];
    *f = (frame){ .original = o, .copy = copy };
    f->memoized_below = copy ? (ssize_t)i : i > 0 ? c->stack[i - 1].memoized_below : -1;
    RCO__INCREF(o);
    c->depth++;
    return 0;
}

static void pop(copier *c)
{
    frame *f = top(c);
    if (f->original->type->kind == RCO__KIND_DICT) {
        RCO__XDECREF(f->u.dict.value);
        RCO__XDECREF(f->u.dict.key_copy);
    } else if (f->original->type->kind == RCO__KIND_TUPLE) {
        while (c->values.n > f->u.tuple.values_base)
            RCO__DECREF(c->values.items[--c->values.n]);
        if (f->u.tuple.outer)
            rco__ptrmap_put(&c->in_progress, f->original, (void *)f->u.tuple.outer); /* a replacement: cannot fail */
        else
            rco__ptrmap_remove(&c->in_progress, f->original);
    }
    RCO__DECREF(f->original);
    c->depth--;
}

/* The copy of x (a new reference) goes where the top frame wants it. */
static int deliver(copier *c, rco_object *x)
{
    if (c->depth == 0) {
        c->result = x;
        return 0;
    }
    frame *f = top(c);
    rco_object *copy = f->copy;
    switch (f->original->type->kind) {
    case RCO__KIND_LIST:
        return rco__list_append_steal(copy, x);
    case RCO__KIND_SET: {
        int64_t hash = rco__hash(x);
        if (hash == -1) {
            RCO__DECREF(x);
            return -1;
        }
        return rco__set_add_steal(copy, x, hash);
    }
    case RCO__KIND_DICT: {
        if (!f->u.dict.key_copy) {
            f->u.dict.key_copy = x;
            return 0;
        }
        rco_object *key = f->u.dict.key_copy;
        f->u.dict.key_copy = NULL;
        int64_t hash = rco__hash(key);
        if (hash == -1) {
            RCO__DECREF(key);
            RCO__DECREF(x);
            return -1;
        }
        return rco__dict_store_steal(copy, key, hash, x);
    }
    case RCO__KIND_TUPLE:
        if (x != ((rco__tuple *)f->original)->items[f->pos - 1])
            f->changed = true;
        return rco__items_push(&c->values, x);
    default: /* an instance: its attribute dict's copy */
        ((rco__instance *)copy)->attrs = x;
        return 0;
    }
}

/* Begin copying o: deliver its copy at once (an atom, or one in the
 * memo), or push a frame that will. */
static int start(copier *c, rco_object *o, const char *fn)
{
    if (is_atomic(o)) {
        RCO__INCREF(o);
        return deliver(c, o);
    }
    rco_object *known = rco__ptrmap_get(&c->memo, o);
    if (known) {
        RCO__INCREF(known);
        return deliver(c, known);
    }
    rco_object *copy;
    switch (o->type->kind) {
    case RCO__KIND_TUPLE: {
        size_t outer = (size_t)rco__ptrmap_get(&c->in_progress, o);
        if (outer && c->depth > 0 && top(c)->memoized_below < (ssize_t)outer) {
            rco__err_set(RCO_ERR_RUNTIME, "%s: a cycle made only of tuples cannot be copied", fn);
            return -1;
        }
        if (push(c, o, NULL) < 0)
            return -1;
        frame *f = top(c);
        f->u.tuple.values_base = c->values.n;
        f->u.tuple.outer = 0;
        if (rco__ptrmap_put(&c->in_progress, o, (void *)c->depth) < 0) {
            pop(c);
            return -1;
        }
        f->u.tuple.outer = outer;
        return 0;
    }
    case RCO__KIND_LIST: copy = rco__list_new(0); break;
    case RCO__KIND_DICT: copy = rco__dict_new(); break;
    case RCO__KIND_SET: copy = rco__set_new(); break;
    case RCO__KIND_INSTANCE: copy = rco__instance_new(o->type); break;
    default:
        cannot_copy(o, fn);
        return -1;
    }
    if (!copy || memoize(c, o, copy) < 0)
        return -1;
    return push(c, o, copy);
}

/* The top frame's next original to copy (held), or NULL when it is done. */
static int next_child(frame *f, rco_object **child)
{
    rco_object *o = f->original;
    *child = NULL;
    switch (o->type->kind) {
    case RCO__KIND_LIST: {
        rco__list *l = (rco__list *)o;
        rco__lock(o);
        size_t at = f->pos;
        if (at < l->size && (*child = l->items[at]) != NULL) {
            RCO__INCREF(*child);
            f->pos++;
        }
        bool unfilled = at < l->size && !*child;
        rco__unlock(o);
        if (unfilled) {
            rco__err_set(RCO_ERR_VALUE, "rco_deepcopy: list slot %zu has not been set", at);
            return -1;
        }
        return 0;
    }
    case RCO__KIND_TUPLE: {
        rco__tuple *t = (rco__tuple *)o;
        if (f->pos < t->ob.size) {
            if (!(*child = t->items[f->pos])) {
                rco__err_set(RCO_ERR_VALUE, "rco_deepcopy: tuple slot %zu has not been set", f->pos);
                return -1;
            }
            RCO__INCREF(*child);
            f->pos++;
        }
        return 0;
    }
    case RCO__KIND_DICT:
        if (f->u.dict.value) { /* the key is copied: now its value */
            *child = f->u.dict.value;
            f->u.dict.value = NULL;
            return 0;
        }
        /* Else the next entry's key, its value kept for after it. */
        __attribute__((fallthrough));
    case RCO__KIND_SET: {
        rco__table *const *tp = o->type->kind == RCO__KIND_DICT ? &((rco__dict *)o)->table : &((rco__set *)o)->table;
        rco__lock(o);
        for (const rco__table *t = *tp; t && f->pos < t->nentries;) {
            const rco__entry *e = &rco__table_entries(t)[f->pos++];
            if (!e->key)
                continue;
            *child = e->key;
            RCO__INCREF(e->key);
            if (o->type->kind == RCO__KIND_DICT) {
                f->u.dict.value = e->value;
                RCO__INCREF(e->value);
            }
            break;
        }
        rco__unlock(o);
        return 0;
    }
    default: /* an instance: its attribute dict, once */
        if (f->pos++ == 0)
            *child = attrs_of(o);
        return 0;
    }
}

/* The top frame is done: pop it and deliver its copy. */
static int finish(copier *c)
{
    frame *f = top(c);
    rco_object *o = f->original, *result;
    if (f->copy) {
        result = f->copy;
        RCO__INCREF(result);
        pop(c);
        return deliver(c, result);
    }
    /* A tuple: the copy a restart of it made, itself, or a new tuple. */
    size_t base = f->u.tuple.values_base, n = c->values.n - base;
    if ((result = rco__ptrmap_get(&c->memo, o)) != NULL || !f->changed) {
        result = result ? result : o;
        RCO__INCREF(result);
        pop(c);
        return deliver(c, result);
    }
    if (!(result = rco__tuple_new(n)))
        return -1;
    for (size_t i = 0; i < n; i++)
        rco__tuple_fill(result, i, c->values.items[base + i]);
    c->values.n = base; /* the tuple holds them now */
    RCO__INCREF(result);
    if (memoize(c, o, result) < 0) {
        RCO__DECREF(result);
        return -1;
    }
    pop(c);
    return deliver(c, result);
}

/* After a failure: the copies made (the memo's values, at even places in
 * keep) were seen by no one; emptying them now releases what they hold,
 * cycles included, so every original's count is back as it was when the
 * call returns, without waiting for the collector. */
static void empty_copies(rco__items *keep)
{
    for (size_t i = 0; i < keep->n; i += 2) {
        rco_object *copy = keep->items[i];
        if (copy->type->clear)
            copy->type->clear(copy);
    }
}

static int walk(copier *c, rco_object *root, const char *fn)
{
    if (start(c, root, fn) < 0)
        return -1;
    while (c->depth > 0) {
        rco_object *child;
        if (next_child(top(c), &child) < 0)
            return -1;
        if (!child) {
            if (finish(c) < 0)
                return -1;
            continue;
        }
        int r = start(c, child, fn);
        RCO__DECREF(child);
        if (r < 0)
            return -1;
    }
    return 0;
}

rco_object *rco_deepcopy(rco_object *o)
{
    if (!rco__check_obj(o, "rco_deepcopy"))
        return NULL;
    copier c = { 0 };
    int r = walk(&c, o, "rco_deepcopy");
    while (c.depth > 0)
        pop(&c);
    if (c.stack)
        rco__free(c.stack, c.cap * sizeof(frame));
    rco__ptrmap_free(&c.memo);
    rco__ptrmap_free(&c.in_progress);
    rco__items_release(&c.values);
    if (r < 0)
        empty_copies(&c.keep);
    rco__items_release(&c.keep);
    rco_object *result = r == 0 ? c.result : NULL;
    if (r < 0)
        RCO__XDECREF(c.result);
    if (result && result != o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(result);
    return result;
}
