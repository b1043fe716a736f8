/*
 * text/repr.c: rco_repr, identical to Python's repr() for the built-in
 * types.
 *
 * Containers are walked with an explicit stack instead of recursion, so a
 * list nested a million deep prints without exhausting the C stack: each
 * container type says how (its `container` slot), each other object
 * writes itself (its repr slot). A container already being printed further
 * up prints as [...], {...}, (...) or set(...), as in Python. Each
 * container on the stack holds a reference, and each item is held while it
 * prints, because a user type's repr slot may change anything.
 */
#include "text/repr.h"

#include "core/ptrmap.h"
#include "types/str.h"

#include <stdarg.h>

/* ---- objects without items ------------------------------------------ */

/* Append the str that a repr slot returned (a new reference). */
static void put_slot_result(rco__buf *b, rco_object *s, const char *type_name)
{
    if (!s) {
        if (!rco_err_occurred())
            rco__err_set(RCO_ERR_VALUE, "repr of '%s' failed without saying why", type_name);
        b->failed = true;
        return;
    }
    if (s->type->kind != RCO__KIND_STR) {
        rco__err_set(RCO_ERR_TYPE, "repr of '%s' returned %s, not str", type_name, s->type->name);
        b->failed = true;
    } else {
        rco__buf_put(b, ((rco__str *)s)->data, ((rco__str *)s)->size);
    }
    RCO__DECREF(s);
}

static void put_atom(rco__buf *b, rco_object *o)
{
    const rco_type *t = o->type;
    if (t->repr_into) {
        t->repr_into(o, b);
    } else if (t->repr) {
        RCO__INCREF(o);
        rco__user_code_enter();
        rco_object *s = t->repr(o);
        rco__user_code_leave();
        put_slot_result(b, s, t->name);
        RCO__DECREF(o);
    } else {
        rco__repr_default(o, b);
    }
}

/* ---- containers ------------------------------------------------------ */

typedef struct frame {
    rco_object *container;
    size_t pos;           /* where the container's next() goes on */
    rco_object *value;    /* mappings: the value of the key just printed, held */
    bool any_printed;
} frame;

typedef struct walk {
    rco__buf *out;
    frame *stack;
    size_t depth, cap;
    rco__ptrmap active; /* containers on the stack */
} walk;

static void put_text(rco__buf *b, const char *text)
{
    rco__buf_put(b, text, strlen(text));
}

static bool push(walk *w, rco_object *o)
{
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        frame *stack = rco__realloc(w->stack, w->cap * sizeof(frame), cap * sizeof(frame));
        if (!stack)
            return false;
        w->stack = stack;
        w->cap = cap;
    }
    if (rco__ptrmap_put(&w->active, o, o) < 0)
        return false;
    RCO__INCREF(o);
    w->stack[w->depth++] = (frame){ o, 0, NULL, false };
    return true;
}

static void pop(walk *w)
{
    frame *f = &w->stack[--w->depth];
    rco__ptrmap_remove(&w->active, f->container);
    RCO__XDECREF(f->value);
    RCO__DECREF(f->container);
}

/* Print o, or open it as a new frame; false when out of memory. */
static bool start(walk *w, rco_object *o)
{
    const rco__container *c = o->type->container;
    if (!c) {
        RCO__INCREF(o);
        put_atom(w->out, o);
        RCO__DECREF(o);
        return !w->out->failed;
    }
    if (rco__ptrmap_get(&w->active, o)) {
        put_text(w->out, c->cycle);
        return !w->out->failed;
    }
    if (o->type->len(o) == 0) {
        put_text(w->out, c->empty);
        return !w->out->failed;
    }
    put_text(w->out, c->open);
    return !w->out->failed && push(w, o);
}

static void finish(walk *w, frame *f)
{
    const rco__container *c = f->container->type->container;
    bool single = c->close_single && f->container->type->len(f->container) == 1;
    put_text(w->out, single ? c->close_single : c->close);
    pop(w);
}

/* The next item of the top frame, printed or opened. A mapping's key and
 * value are two steps: the value waits, held, while its key prints. */
static bool step(walk *w, frame *f)
{
    rco_object *item = NULL, *value = NULL;
    if (f->value) {
        item = f->value;
        f->value = NULL;
        put_text(w->out, ": ");
        bool ok = start(w, item);
        RCO__DECREF(item);
        return ok;
    }
    if (!f->container->type->container->next(f->container, &f->pos, &item, &value)) {
        finish(w, f);
        return true;
    }
    if (f->any_printed)
        put_text(w->out, ", ");
    f->any_printed = true;
    if (value) {
        RCO__INCREF(value);
        f->value = value;
    }
    if (!item) {
        put_text(w->out, "<NULL>"); /* a slot not yet filled */
        return !w->out->failed;
    }
    return start(w, item);
}

static bool walk_all(walk *w, rco_object *root)
{
    if (!start(w, root))
        return false;
    while (w->depth > 0)
        if (!step(w, &w->stack[w->depth - 1]))
            return false;
    return !w->out->failed;
}

rco_object *rco_repr(rco_object *o)
{
    if (!rco__check_obj(o, "rco_repr"))
        return NULL;
    rco__buf out = { 0 };
    walk w = { .out = &out };
    bool ok = walk_all(&w, o);
    while (w.depth > 0)
        pop(&w);
    if (w.stack)
        rco__free(w.stack, w.cap * sizeof(frame));
    rco__ptrmap_free(&w.active);
    if (!ok) {
        out.failed = true;
        rco__buf_free(&out);
        return NULL;
    }
    rco_object *s = rco__buf_to_str(&out);
    RCO__LEDGER_GIVE(s);
    return s;
}

int rco_print(rco_object *o, FILE *f)
{
    if (!f) {
        rco__err_set(RCO_ERR_TYPE, "rco_print: stream is NULL");
        return -1;
    }
    rco_object *s = rco_repr(o);
    if (!s)
        return -1;
    rco__str *str = (rco__str *)s;
    size_t size = str->size;
    size_t written = fwrite(str->data, 1, size, f);
    RCO__LEDGER_STEAL(s);
    RCO__DECREF(s);
    if (written != size) {
        rco__err_set(RCO_ERR_VALUE, "rco_print: write failed");
        return -1;
    }
    return 0;
}

void rco__short_repr(rco_object *o, char *buf, size_t n)
{
    if (n == 0)
        return;
    rco__err_saved saved;
    rco__err_save(&saved);
    rco__failures_held held = rco__alloc_hold_failures();
    rco_object *s = rco_repr(o);
    rco__alloc_release_failures(held);
    rco__err_restore(&saved);
    if (!s) {
        snprintf(buf, n, "<%s object at %p>", o->type->name, (void *)o);
        return;
    }
    const char *text = ((rco__str *)s)->data;
    size_t len = ((rco__str *)s)->size;
    if (len < n) {
        memcpy(buf, text, len + 1);
    } else {
        /* Cut at a character boundary and mark the cut. */
        size_t cut = n > 4 ? n - 4 : 0;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(buf, text, cut);
        snprintf(buf + cut, n - cut, "...");
    }
    RCO__DECREF(s);
}

__attribute__((constructor)) static void install_hooks(void)
{
    rco__hook.short_repr = rco__short_repr;
}
