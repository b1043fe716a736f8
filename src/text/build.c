/*
 * text/build.c: rco_build, a value from a format string (Py_BuildValue).
 *
 * The format is read twice. The first reading checks it whole without
 * touching the arguments: with a wrong format, va_arg would read arguments
 * as types they are not, undefined behaviour nothing can detect afterwards.
 * On a format error, only the arguments of the valid prefix are read, to
 * release the N references in it. The second reading builds.
 *
 * When building fails (no memory, invalid UTF-8, a number out of range, a
 * NULL object), the rest of the format is walked flat, only to read its
 * arguments and release each N argument: the caller handed those references
 * over, and nobody else will let them go. Then every level unwinds, releasing
 * the container it was filling.
 *
 * Objects are made with the library's internal constructors, so that
 * librco-debug's ledger sees only what crosses the API: each N reference
 * taken from the caller and the one result handed back.
 */
#include "text/format.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Deeper formats are refused: the builder recurses once per level. */
#define MAX_NESTING 64

typedef struct builder {
    const char *fmt; /* the whole format, for positions in messages */
    const char *p;   /* the next character to read */
    va_list ap;
} builder;

/* One argument (or two, for a code with '#'), as read from the list. */
typedef struct argument {
    long long i;          /* i b h c p l L n */
    unsigned long long u; /* I k K */
    double d;             /* d f */
    const char *text;     /* s z y */
    ssize_t length;       /* after '#'; -1 without: up to the NUL */
    rco_object *o;        /* O S N */
} argument;

/* ---- the alphabet -------------------------------------------------- */

static bool is_separator(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':';
}

static bool is_scalar_code(char c)
{
    return c != '\0' && strchr("ibhlLnIkKdfcpszyOSN", c) != NULL;
}

/* The closing bracket of an opening one, '\0' for anything else. */
static char closer_of(char c)
{
    switch (c) {
    case '(': return ')';
    case '[': return ']';
    case '{': return '}';
    default: return '\0';
    }
}

static bool is_closer(char c)
{
    return c == ')' || c == ']' || c == '}';
}

/* ---- checking the format ------------------------------------------- */

typedef struct group {
    char open;        /* '(', '[', '{'; '\0' for the top level */
    size_t opened_at;
    size_t items;
} group;

static bool reject(size_t *bad_at, size_t at)
{
    *bad_at = at;
    return false;
}

static bool check_closer(const group *g, char c, size_t at, size_t *bad_at)
{
    char shown[8];
    if (g->open == '\0' || closer_of(g->open) != c) {
        rco__err_set(RCO_ERR_VALUE, "rco_build: unbalanced %s at position %zu", rco__format_quoted(c, shown), at);
        return reject(bad_at, at);
    }
    if (c == '}' && g->items % 2 != 0) {
        rco__err_set(RCO_ERR_VALUE,
                     "rco_build: the dict opened at position %zu has an odd number of items (%zu) "
                     "at position %zu",
                     g->opened_at, g->items, at);
        return reject(bad_at, at);
    }
    return true;
}

/* Checks the whole format without reading an argument. On success
 * *top_items is the number of items at the top level; on failure the error
 * is set and *bad_at is its position: the arguments of the codes before it
 * are the ones the caller passed for a prefix that made sense. */
static bool check_format(const char *fmt, size_t *top_items, size_t *bad_at)
{
    group stack[MAX_NESTING + 1];
    int depth = 0;
    stack[0] = (group){ '\0', 0, 0 };
    char shown[8];
    const char *p;
    for (p = fmt; *p; p++) {
        size_t at = (size_t)(p - fmt);
        char c = *p;
        if (is_separator(c))
            continue;
        if (is_scalar_code(c)) {
            stack[depth].items++;
            if (rco__format_takes_length(c) && p[1] == '#')
                p++;
        } else if (closer_of(c)) {
            if (depth == MAX_NESTING) {
                rco__err_set(RCO_ERR_OVERFLOW,
                             "rco_build: containers nested deeper than %d at position %zu",
                             MAX_NESTING, at);
                return reject(bad_at, at);
            }
            stack[depth].items++;
            stack[++depth] = (group){ c, at, 0 };
        } else if (is_closer(c)) {
            if (!check_closer(&stack[depth], c, at, bad_at))
                return false;
            depth--;
        } else if (c == '#') {
            rco__err_set(RCO_ERR_VALUE, "rco_build: '#' at position %zu does not follow s, z or y",
                         at);
            return reject(bad_at, at);
        } else {
            rco__err_set(RCO_ERR_VALUE, "rco_build: bad format character %s at position %zu",
                         rco__format_quoted(c, shown), at);
            return reject(bad_at, at);
        }
    }
    if (depth > 0) {
        size_t end = (size_t)(p - fmt);
        rco__err_set(RCO_ERR_VALUE,
                     "rco_build: %s opened at position %zu is not closed at the end (position %zu)",
                     rco__format_quoted(stack[depth].open, shown), stack[depth].opened_at, end);
        return reject(bad_at, end);
    }
    *top_items = stack[0].items;
    return true;
}

/* ---- reading arguments ----------------------------------------------- */

static argument read_argument(builder *b, char code, bool with_length)
{
    argument a = { .length = -1 };
    switch (code) {
    case 'i': case 'b': case 'h': case 'c': case 'p':
        a.i = va_arg(b->ap, int); /* char and short arrive promoted */
        break;
    case 'l': a.i = va_arg(b->ap, long); break;
    case 'L': a.i = va_arg(b->ap, long long); break;
    case 'n': a.i = va_arg(b->ap, ssize_t); break;
    case 'I': a.u = va_arg(b->ap, unsigned int); break;
    case 'k': a.u = va_arg(b->ap, unsigned long); break;
    case 'K': a.u = va_arg(b->ap, unsigned long long); break;
    case 'd': case 'f':
        a.d = va_arg(b->ap, double); /* float arrives promoted */
        break;
    case 's': case 'z': case 'y':
        a.text = va_arg(b->ap, const char *);
        if (with_length)
            a.length = va_arg(b->ap, ssize_t);
        break;
    default: /* O S N */
        a.o = va_arg(b->ap, rco_object *);
        break;
    }
    return a;
}

/* Let go of a reference an N argument handed over. A freed object (caught
 * by librco-debug, which reports it) is left alone; the error being
 * reported stays the first one. */
static void release_stolen(rco_object *o)
{
    if (!o)
        return;
    rco__err_saved saved;
    rco__err_save(&saved);
    bool alive = rco__check_obj(o, "rco_build");
    rco__err_restore(&saved);
    if (!alive)
        return;
    RCO__LEDGER_STEAL(o);
    RCO__DECREF(o);
}

/* Read the arguments of every code in [from, to) without building
 * anything, releasing each N argument. */
static void consume_arguments(builder *b, const char *from, const char *to)
{
    for (const char *p = from; p < to; p++) {
        if (!is_scalar_code(*p))
            continue;
        bool with_length = rco__format_takes_length(*p) && p[1] == '#';
        argument a = read_argument(b, *p, with_length);
        if (*p == 'N')
            release_stolen(a.o);
        if (with_length)
            p++;
    }
}

/* Consume the rest of the format (releasing its N arguments). Returns
 * NULL for the callers to pass up. */
static rco_object *give_up(builder *b)
{
    const char *end = b->p + strlen(b->p);
    consume_arguments(b, b->p, end);
    b->p = end;
    return NULL;
}

/* The build failed at position `at` with the error just set: name the
 * position in the message, then give up. A message that already names a
 * position of rco_build (an N argument made by a nested rco_build that
 * failed) stays as it is. */
static rco_object *fail_at(builder *b, size_t at)
{
    static const char prefix[] = "rco_build: ";
    rco_errkind kind = rco_err_occurred();
    const char *message = rco_err_message();
    if (strncmp(message, prefix, sizeof prefix - 1) == 0) {
        if (strstr(message, " at position "))
            return give_up(b);
        message += sizeof prefix - 1; /* a check that already named us */
    }
    size_t n = strlen(message);
    char *inner = malloc(n + 1); /* the message is rewritten from itself */
    if (inner)
        memcpy(inner, message, n + 1);
    rco__err_set(kind != RCO_ERR_NONE ? kind : RCO_ERR_VALUE, "rco_build: %s at position %zu",
                 kind == RCO_ERR_NONE ? "failed" : inner ? inner : "out of memory", at);
    free(inner);
    return give_up(b);
}

/* ---- scalars --------------------------------------------------------- */

static rco_object *new_unsigned(unsigned long long v, const char *code)
{
    if (v > (unsigned long long)INT64_MAX) {
        rco__err_set(RCO_ERR_OVERFLOW, "%llu for '%s' does not fit a signed 64-bit int", v, code);
        return NULL;
    }
    return rco__int_new((int64_t)v);
}

static rco_object *immortal(rco_object *o)
{
    RCO__INCREF(o);
    return o;
}

/* s, z, y with or without '#': NULL text gives None, a negative length
 * (or none) means up to the NUL, as in Py_BuildValue. */
static rco_object *new_text(const argument *a, char code, const char *shown)
{
    if (!a->text)
        return immortal(&rco__none);
    size_t n = a->length < 0 ? strlen(a->text) : (size_t)a->length;
    if (n > RCO__MAX_OBJECT_SIZE) { /* refuse before reading n bytes */
        rco__err_set(RCO_ERR_OVERFLOW, "a length of %zu for '%s' is too large", n, shown);
        return NULL;
    }
    if (code == 'y')
        return rco__bytes_new(a->text, n);
    size_t codepoints, bad_at;
    if (!rco__utf8_check(a->text, n, &codepoints, &bad_at)) {
        rco__err_set(RCO_ERR_VALUE, "invalid UTF-8 at byte %zu (0x%02x) of the string for '%s'",
                     bad_at, (unsigned)(unsigned char)a->text[bad_at], shown);
        return NULL;
    }
    return rco__str_new_unchecked(a->text, n, codepoints);
}

/* O and S take their own reference, N the caller's. */
static rco_object *take_object(rco_object *o, char code)
{
    if (!o) {
        /* N nests constructors: rco_build("(N)", rco_str(s)) passes on the
         * error of the one that failed. */
        if (code != 'N' || rco_err_occurred() == RCO_ERR_NONE)
            rco__err_set(RCO_ERR_TYPE, "NULL object for '%c'", code);
        return NULL;
    }
    if (!rco__check_obj(o, "rco_build"))
        return NULL;
    if (code == 'N')
        RCO__LEDGER_STEAL(o);
    else
        RCO__INCREF(o);
    return o;
}

static rco_object *make_scalar(char code, const argument *a, const char *shown)
{
    switch (code) {
    case 'i': case 'b': case 'h': case 'l': case 'L': case 'n':
        return rco__int_new((int64_t)a->i);
    case 'I': case 'k': case 'K':
        return new_unsigned(a->u, shown);
    case 'd': case 'f':
        return rco__float_new(a->d);
    case 'c': {
        char byte = (char)a->i;
        return rco__bytes_new(&byte, 1);
    }
    case 'p':
        return immortal(a->i ? &rco__true.ob : &rco__false.ob);
    case 's': case 'z': case 'y':
        return new_text(a, code, shown);
    default: /* O S N */
        return take_object(a->o, code);
    }
}

static rco_object *build_scalar(builder *b)
{
    const char *start = b->p;
    char code = *b->p++;
    bool with_length = rco__format_takes_length(code) && *b->p == '#';
    if (with_length)
        b->p++;
    argument a = read_argument(b, code, with_length);
    char shown[3] = { code, with_length ? '#' : '\0', '\0' };
    rco_object *o = make_scalar(code, &a, shown);
    if (!o)
        return fail_at(b, (size_t)(start - b->fmt));
    return o;
}

/* ---- containers ------------------------------------------------------ */

static rco_object *build_item(builder *b);

static void skip_separators(builder *b)
{
    while (is_separator(*b->p))
        b->p++;
}

/* The items before the bracket `close` that ends this level (the end of
 * the format for the top level), a nested container counting as one. */
static size_t count_items(const char *p, char close)
{
    size_t n = 0;
    int depth = 0;
    for (; *p && !(depth == 0 && *p == close); p++) {
        if (closer_of(*p)) {
            if (depth++ == 0)
                n++;
        } else if (is_closer(*p)) {
            depth--;
        } else if (depth == 0 && is_scalar_code(*p)) {
            n++;
        }
    }
    return n;
}

/* Step over the closing bracket of a level (nothing at the top level). */
static void finish_level(builder *b)
{
    skip_separators(b);
    if (*b->p)
        b->p++;
}

/* The items of a tuple, the cursor past its opening bracket (or at the
 * start, for the top level's tuple, close being '\0'). */
static rco_object *build_tuple(builder *b, char close, size_t at)
{
    size_t n = count_items(b->p, close);
    rco_object *t = rco__tuple_new(n);
    if (!t)
        return fail_at(b, at);
    for (size_t i = 0; i < n; i++) {
        rco_object *item = build_item(b);
        if (!item) {
            RCO__DECREF(t);
            return NULL;
        }
        rco__tuple_fill(t, i, item);
    }
    finish_level(b);
    return t;
}

static rco_object *build_list(builder *b, size_t at)
{
    size_t n = count_items(b->p, ']');
    rco_object *l = rco__list_new(n);
    if (!l)
        return fail_at(b, at);
    for (size_t i = 0; i < n; i++) {
        rco_object *item = build_item(b);
        if (!item) {
            RCO__DECREF(l);
            return NULL;
        }
        rco__list_fill(l, i, &item, 1);
    }
    finish_level(b);
    return l;
}

/* d[key] = value for the next two items; -1 when building failed. */
static int build_dict_entry(builder *b, rco_object *d)
{
    skip_separators(b);
    size_t key_at = (size_t)(b->p - b->fmt);
    rco_object *key = build_item(b);
    if (!key)
        return -1;
    rco_object *value = build_item(b);
    if (!value) {
        RCO__DECREF(key);
        return -1;
    }
    int r = rco__dict_set(d, key, value);
    if (r < 0)
        fail_at(b, key_at); /* an unhashable key, or no memory */
    RCO__DECREF(key);
    RCO__DECREF(value);
    return r;
}

static rco_object *build_dict(builder *b, size_t at)
{
    size_t n = count_items(b->p, '}');
    rco_object *d = rco__dict_new();
    if (!d)
        return fail_at(b, at);
    for (size_t i = 0; i < n; i += 2) {
        if (build_dict_entry(b, d) < 0) {
            RCO__DECREF(d);
            return NULL;
        }
    }
    finish_level(b);
    return d;
}

static rco_object *build_item(builder *b)
{
    skip_separators(b);
    size_t at = (size_t)(b->p - b->fmt);
    switch (*b->p) {
    case '(':
        b->p++;
        return build_tuple(b, ')', at);
    case '[':
        b->p++;
        return build_list(b, at);
    case '{':
        b->p++;
        return build_dict(b, at);
    default:
        return build_scalar(b);
    }
}

/* Several items at the top level make a tuple, one is itself, none None. */
static rco_object *build_top(builder *b, size_t items)
{
    if (items == 0)
        return immortal(&rco__none);
    if (items == 1)
        return build_item(b);
    return build_tuple(b, '\0', 0);
}

rco_object *rco_build_va(const char *fmt, va_list ap)
{
    if (!fmt) {
        rco__err_set(RCO_ERR_TYPE, "rco_build: format is NULL");
        return NULL;
    }
    builder b = { .fmt = fmt, .p = fmt };
    va_copy(b.ap, ap);
    size_t items, bad_at;
    rco_object *result = NULL;
    if (check_format(fmt, &items, &bad_at))
        result = build_top(&b, items);
    else
        consume_arguments(&b, fmt, fmt + bad_at);
    va_end(b.ap);
    if (result)
        rco__gc_maybe_collect(); /* only now: the new containers are complete */
    RCO__LEDGER_GIVE(result);
    return result;
}

rco_object *rco_build(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rco_object *result = rco_build_va(fmt, ap);
    va_end(ap);
    return result;
}
