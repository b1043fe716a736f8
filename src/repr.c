/*
 * repr.c: rco_repr, identical to Python's repr() for the built-in types.
 *
 * Containers are walked with an explicit stack instead of recursion, so a
 * list nested a million deep prints without exhausting the C stack. A
 * container already being printed further up prints as [...], {...},
 * (...) or set(...), as in Python. Each container on the stack holds a
 * reference, and each item is held while it prints, because a user type's
 * repr slot may change anything.
 */
#include "repr_buf.h"
#include "table.h"

#include <stdarg.h>

/* ---- the text buffer ------------------------------------------------- */

static bool reserve(rco__buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            rco__err_set(RCO_ERR_OVERFLOW, "repr too long");
            return false;
        }
        cap *= 2;
    }
    char *data = rco__realloc(b->data, b->cap, cap);
    if (!data) {
        b->failed = true;
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

void rco__buf_put(rco__buf *b, const char *p, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void rco__buf_printf(rco__buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        rco__buf_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void rco__buf_free(rco__buf *b)
{
    if (b->data)
        rco__free(b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}

rco_object *rco__buf_to_str(rco__buf *b)
{
    rco_object *s = NULL;
    size_t codepoints, bad_at;
    if (!b->failed) {
        const char *text = b->data ? b->data : "";
        if (rco__utf8_check(text, b->len, &codepoints, &bad_at))
            s = rco__str_new_unchecked(text, b->len, codepoints);
        else
            rco__err_set(RCO_ERR_VALUE, "a repr slot produced invalid UTF-8");
    }
    rco__buf_free(b);
    return s;
}

/* ---- objects without items ------------------------------------------ */

/* Append the str that a repr slot returned (a new reference). */
static void put_slot_result(rco__buf *b, rco_object *s, const char *type_name)
{
    if (!s) {
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
    char num[40];
    switch (o->type->kind) {
    case RCO__KIND_NONE:
        rco__buf_put(b, "None", 4);
        return;
    case RCO__KIND_BOOL:
        if (((rco__int *)o)->value)
            rco__buf_put(b, "True", 4);
        else
            rco__buf_put(b, "False", 5);
        return;
    case RCO__KIND_INT:
        rco__buf_printf(b, "%lld", (long long)((rco__int *)o)->value);
        return;
    case RCO__KIND_FLOAT:
        rco__buf_put(b, num, rco__format_float(((rco__float *)o)->value, num));
        return;
    case RCO__KIND_STR:
        rco__repr_str(b, ((rco__str *)o)->data, ((rco__str *)o)->size);
        return;
    case RCO__KIND_BYTES:
        rco__repr_bytes(b, ((rco__bytes *)o)->data, ((rco__bytes *)o)->size);
        return;
    case RCO__KIND_INSTANCE:
        rco__buf_printf(b, "<%s object at %p>", o->type->name, (void *)o);
        return;
    default:
        break;
    }
    if (o->type->repr) {
        RCO__INCREF(o);
        put_slot_result(b, o->type->repr(o), o->type->name);
        RCO__DECREF(o);
        return;
    }
    rco__buf_printf(b, "<%s object at %p>", o->type->name, (void *)o);
}

/* ---- containers ------------------------------------------------------ */

typedef struct frame {
    rco_object *container;
    size_t index;     /* next item (dicts and sets: next entry) */
    bool value_next;  /* dicts: the key of entry index-1 was printed */
    bool any_printed;
} frame;

typedef struct walk {
    rco__buf *out;
    frame *stack;
    size_t depth, cap;
    rco__ptrmap active; /* containers on the stack */
} walk;

static bool is_container(const rco_object *o)
{
    switch (o->type->kind) {
    case RCO__KIND_TUPLE:
    case RCO__KIND_LIST:
    case RCO__KIND_DICT:
    case RCO__KIND_SET:
        return true;
    default:
        return false;
    }
}

static size_t item_count(const rco_object *o)
{
    switch (o->type->kind) {
    case RCO__KIND_TUPLE:
        return ((const rco__tuple *)o)->size;
    case RCO__KIND_LIST:
        return ((const rco__list *)o)->size;
    case RCO__KIND_DICT:
        return ((const rco__dict *)o)->used;
    default:
        return ((const rco__set *)o)->used;
    }
}

static const char *const open_text[] = { [RCO__KIND_TUPLE] = "(", [RCO__KIND_LIST] = "[",
                                         [RCO__KIND_DICT] = "{", [RCO__KIND_SET] = "{" };
static const char *const empty_text[] = { [RCO__KIND_TUPLE] = "()", [RCO__KIND_LIST] = "[]",
                                          [RCO__KIND_DICT] = "{}", [RCO__KIND_SET] = "set()" };
static const char *const cycle_text[] = { [RCO__KIND_TUPLE] = "(...)", [RCO__KIND_LIST] = "[...]",
                                          [RCO__KIND_DICT] = "{...}", [RCO__KIND_SET] = "set(...)" };

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
    w->stack[w->depth++] = (frame){ o, 0, false, false };
    return true;
}

static void pop(walk *w)
{
    frame *f = &w->stack[--w->depth];
    rco__ptrmap_remove(&w->active, f->container);
    RCO__DECREF(f->container);
}

/* Print o, or open it as a new frame; false when out of memory. */
static bool start(walk *w, rco_object *o)
{
    if (!is_container(o)) {
        RCO__INCREF(o);
        put_atom(w->out, o);
        RCO__DECREF(o);
        return !w->out->failed;
    }
    int kind = o->type->kind;
    if (rco__ptrmap_get(&w->active, o)) {
        rco__buf_put(w->out, cycle_text[kind], strlen(cycle_text[kind]));
        return !w->out->failed;
    }
    if (item_count(o) == 0) {
        rco__buf_put(w->out, empty_text[kind], strlen(empty_text[kind]));
        return !w->out->failed;
    }
    rco__buf_put(w->out, open_text[kind], 1);
    return !w->out->failed && push(w, o);
}

enum step { STEP_ITEM, STEP_EMPTY_SLOT, STEP_DONE };

/* The next thing frame f prints (an item, a key or a value) into *item,
 * with what goes before it into *separator. */
static enum step next_of(frame *f, rco_object **item, const char **separator)
{
    rco_object *c = f->container;
    *separator = f->any_printed ? ", " : "";
    size_t size;
    rco_object *const *items;
    switch (c->type->kind) {
    case RCO__KIND_TUPLE:
        size = ((rco__tuple *)c)->size;
        items = ((rco__tuple *)c)->items;
        break;
    case RCO__KIND_LIST:
        size = ((rco__list *)c)->size;
        items = ((rco__list *)c)->items;
        break;
    default: {
        rco__table *t = c->type->kind == RCO__KIND_DICT ? ((rco__dict *)c)->table : ((rco__set *)c)->table;
        if (f->value_next) {
            f->value_next = false;
            *separator = ": ";
            rco__entry *e = t && f->index - 1 < t->nentries ? &rco__table_entries(t)[f->index - 1] : NULL;
            *item = e && e->key ? e->value : NULL;
            return *item ? STEP_ITEM : STEP_EMPTY_SLOT;
        }
        while (t && f->index < t->nentries) {
            rco__entry *e = &rco__table_entries(t)[f->index++];
            if (e->key) {
                f->value_next = c->type->kind == RCO__KIND_DICT;
                *item = e->key;
                return STEP_ITEM;
            }
        }
        return STEP_DONE;
    }
    }
    if (f->index >= size)
        return STEP_DONE;
    *item = items[f->index++];
    return *item ? STEP_ITEM : STEP_EMPTY_SLOT;
}

static void finish(walk *w, frame *f)
{
    rco_object *c = f->container;
    switch (c->type->kind) {
    case RCO__KIND_TUPLE:
        if (((rco__tuple *)c)->size == 1)
            rco__buf_put(w->out, ",)", 2);
        else
            rco__buf_put(w->out, ")", 1);
        break;
    case RCO__KIND_LIST:
        rco__buf_put(w->out, "]", 1);
        break;
    default:
        rco__buf_put(w->out, "}", 1);
        break;
    }
    pop(w);
}

static bool walk_all(walk *w, rco_object *root)
{
    if (!start(w, root))
        return false;
    while (w->depth > 0) {
        frame *f = &w->stack[w->depth - 1];
        rco_object *item = NULL;
        const char *separator;
        enum step step = next_of(f, &item, &separator);
        if (step == STEP_DONE) {
            finish(w, f);
            continue;
        }
        rco__buf_put(w->out, separator, strlen(separator));
        f->any_printed = true;
        if (step == STEP_EMPTY_SLOT)
            rco__buf_put(w->out, "<NULL>", 6); /* a slot not yet filled */
        else if (!start(w, item))
            return false;
    }
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
    long countdown = rco__rt.alloc.fail_countdown;
    bool persistent = rco__rt.alloc.fail_persistent;
    rco__rt.alloc.fail_countdown = 0;
    rco_object *s = rco_repr(o);
    rco__rt.alloc.fail_countdown = countdown;
    rco__rt.alloc.fail_persistent = persistent;
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
