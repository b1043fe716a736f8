/*
 * text/unpack.c: rco_unpack, C values from a tuple (PyArg_ParseTuple).
 *
 * The format is checked whole before any argument is read. Then the tuple
 * is walked twice with the same arguments: once converting every item
 * without storing anything, so that a failure leaves every output variable
 * as it was, and once storing (the conversions cannot fail the second time:
 * they depend only on the items, which nothing changed in between).
 *
 * Messages follow Python's wording ("f() takes exactly 2 arguments (3
 * given)", "argument 1, item 0 must be int, not str"), so that C code can
 * show them to its own users. Arguments count from 1, items of a nested
 * tuple from 0, as in Python.
 */
#include "text/format.h"

#include <ctype.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

/* Deeper formats are refused: the walk recurses once per level. */
#define MAX_NESTING 64

/* What the format says of the tuple as a whole. */
typedef struct shape {
    size_t min;       /* items before '|' */
    size_t max;       /* all top-level items */
    const char *name; /* after ':', NULL without */
    int name_len;
    const char *message; /* after ';': replaces the text of every TypeError */
} shape;

typedef struct unpacker {
    const char *fmt;
    const char *p;               /* the next format character */
    va_list ap;
    bool storing;                /* the second walk */
    const shape *shape;
    size_t argno;                /* the top-level item being unpacked, from 1 */
    int depth;                   /* how many nested tuples we are in */
    size_t items[MAX_NESTING];   /* the item index at each nested level */
} unpacker;

/* A converted item, before it is stored. */
typedef struct converted {
    int64_t i;
    double d;
    const char *text;
    ssize_t length;
    rco_object *o;
} converted;

static bool is_code(char c)
{
    return c != '\0' && strchr("ibhlLnIkKpdfszyO", c) != NULL;
}

/* ---- checking the format ------------------------------------------- */

static int bad_char(char c, size_t at)
{
    char shown[8];
    if (c == '#')
        rco__err_set(RCO_ERR_VALUE, "rco_unpack: '#' at position %zu does not follow s, z or y",
                     at);
    else if (c == '!')
        rco__err_set(RCO_ERR_VALUE, "rco_unpack: '!' at position %zu does not follow O", at);
    else
        rco__err_set(RCO_ERR_VALUE, "rco_unpack: bad format character %s at position %zu",
                     rco__format_quoted(c, shown), at);
    return -1;
}

/* The length of a code starting at p ('s#', 'O!': 2), 0 if p holds none. */
static size_t code_length(const char *p)
{
    if (!is_code(*p))
        return 0;
    if ((rco__format_takes_length(*p) && p[1] == '#') || (*p == 'O' && p[1] == '!'))
        return 2;
    return 1;
}

static int check_code(const char *p, size_t at)
{
    if (*p == 'y' && p[1] != '#') {
        rco__err_set(RCO_ERR_VALUE, "rco_unpack: 'y' at position %zu needs '#'", at);
        return -1;
    }
    return 0;
}

static int check_bar(int depth, bool optional, size_t at)
{
    if (depth > 0 || optional) {
        rco__err_set(RCO_ERR_VALUE, "rco_unpack: '|' at position %zu %s", at,
                     optional ? "appears twice" : "is inside parentheses");
        return -1;
    }
    return 0;
}

/* Check fmt whole and fill s; -1 with the error set. */
static int check_format(const char *fmt, shape *s)
{
    size_t opened_at[MAX_NESTING + 1];
    int depth = 0;
    bool optional = false;
    *s = (shape){ 0, 0, NULL, 0, NULL };
    const char *p;
    for (p = fmt; *p && *p != ':' && *p != ';'; p++) {
        size_t at = (size_t)(p - fmt);
        size_t n = code_length(p);
        if (n) {
            if (check_code(p, at) < 0)
                return -1;
        } else if (*p == '|') {
            if (check_bar(depth, optional, at) < 0)
                return -1;
            optional = true;
            continue;
        } else if (*p == '(') {
            if (depth == MAX_NESTING) {
                rco__err_set(RCO_ERR_OVERFLOW,
                             "rco_unpack: tuples nested deeper than %d at position %zu",
                             MAX_NESTING, at);
                return -1;
            }
            opened_at[++depth] = at;
            n = 1;
        } else if (*p == ')' && depth > 0) {
            depth--;
            continue;
        } else {
            return bad_char(*p, at);
        }
        if (depth == 0 || (*p == '(' && depth == 1)) {
            s->max++;
            s->min += optional ? 0 : 1;
        }
        p += n - 1;
    }
    if (depth > 0) {
        rco__err_set(RCO_ERR_VALUE, "rco_unpack: '(' at position %zu is not closed", opened_at[depth]);
        return -1;
    }
    if (*p == ':' && p[1] != '\0') {
        s->name = p + 1;
        size_t len = strlen(s->name);
        s->name_len = len > INT_MAX ? INT_MAX : (int)len;
    } else if (*p == ';') {
        s->message = p + 1;
    }
    return 0;
}

/* The codes of a nested tuple, p just past its '('. */
static size_t count_group(const char *p)
{
    size_t n = 0;
    int depth = 0;
    for (; *p && !(depth == 0 && *p == ')'); p++) {
        if (*p == '(') {
            if (depth++ == 0)
                n++;
        } else if (*p == ')') {
            depth--;
        } else if (depth == 0 && is_code(*p)) {
            n++;
        }
    }
    return n;
}

/* ---- messages -------------------------------------------------------- */

/* An error about the item being unpacked: "f() argument 2, item 0 ..." in
 * Python's words. A format's ";message" replaces the text of TypeErrors,
 * as in PyArg_ParseTuple. */
__attribute__((format(printf, 3, 4))) static int fail(const unpacker *u, rco_errkind kind,
                                                      const char *fmt, ...)
{
    if (kind == RCO_ERR_TYPE && u->shape->message) {
        rco__err_set(kind, "%s", u->shape->message);
        return -1;
    }
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap); /* type names and numbers: short */
    va_end(ap);
    /* The place, item indexes of nested tuples included (at most
     * MAX_NESTING of them), is formatted whole into the message. */
    char items[MAX_NESTING * 24 + 1] = "";
    size_t len = 0;
    for (int i = 0; i < u->depth; i++)
        len += (size_t)snprintf(items + len, sizeof items - len, ", item %zu", u->items[i]);
    if (u->shape->name)
        rco__err_set(kind, "%.*s() argument %zu%s%s", u->shape->name_len, u->shape->name, u->argno, items,
                     what);
    else
        rco__err_set(kind, "argument %zu%s%s", u->argno, items, what);
    return -1;
}

static int wrong_type(const unpacker *u, const char *expected, const rco_object *item)
{
    return fail(u, RCO_ERR_TYPE, " must be %s, not %s", expected, item->type->name);
}

static int wrong_count(const shape *s, size_t given)
{
    if (s->message) {
        rco__err_set(RCO_ERR_TYPE, "%s", s->message);
        return -1;
    }
    const char *how = s->min == s->max ? "exactly" : given < s->min ? "at least" : "at most";
    size_t expected = given < s->min ? s->min : s->max;
    rco__err_set(RCO_ERR_TYPE, "%.*s%s takes %s %zu argument%s (%zu given)",
                 s->name ? s->name_len : 8, s->name ? s->name : "function", s->name ? "()" : "",
                 how, expected, expected == 1 ? "" : "s", given);
    return -1;
}

/* ---- conversions ----------------------------------------------------- */

typedef struct int_range {
    char code;
    const char *c_type;
    int64_t min;
    uint64_t max;
} int_range;

static const int_range int_ranges[] = {
    { 'b', "unsigned char", 0, UCHAR_MAX }, /* CPython's 'b': 0..255 */
    { 'h', "short", SHRT_MIN, SHRT_MAX },
    { 'i', "int", INT_MIN, INT_MAX },
    { 'l', "long", LONG_MIN, LONG_MAX },
    { 'L', "long long", LLONG_MIN, LLONG_MAX },
    { 'n', "ssize_t", -SSIZE_MAX - 1, SSIZE_MAX },
    { 'I', "unsigned int", 0, UINT_MAX },
    { 'k', "unsigned long", 0, ULONG_MAX },
    { 'K', "unsigned long long", 0, ULLONG_MAX },
};

static const int_range *range_of(char code)
{
    for (size_t i = 0; i < sizeof int_ranges / sizeof int_ranges[0]; i++)
        if (int_ranges[i].code == code)
            return &int_ranges[i];
    return NULL;
}

static bool is_int(const rco_object *o)
{
    return rco__kind(o) == RCO__KIND_INT || rco__kind(o) == RCO__KIND_BOOL;
}

static int convert_int(const unpacker *u, char code, rco_object *item, converted *c)
{
    if (!is_int(item))
        return wrong_type(u, "int", item);
    const int_range *r = range_of(code);
    int64_t v = ((rco__int *)item)->value;
    if (v < r->min || (v > 0 && (uint64_t)v > r->max))
        return fail(u, RCO_ERR_OVERFLOW, ": %lld does not fit in %s", (long long)v, r->c_type);
    c->i = v;
    return 0;
}

/* Python's truth value of the built-in types; other objects are true. */
static bool is_true(const rco_object *o)
{
    switch (rco__kind(o)) {
    case RCO__KIND_NONE: return false;
    case RCO__KIND_BOOL:
    case RCO__KIND_INT: return ((const rco__int *)o)->value != 0;
    case RCO__KIND_FLOAT: return ((const rco__float *)o)->value != 0.0;
    default: return o->type->len ? o->type->len((rco_object *)o) != 0 : true;
    }
}

static int convert_real(const unpacker *u, char code, rco_object *item, converted *c)
{
    if (rco__kind(item) == RCO__KIND_FLOAT)
        c->d = ((rco__float *)item)->value;
    else if (is_int(item))
        c->d = (double)((rco__int *)item)->value;
    else
        return wrong_type(u, "float", item);
    if (code == 'f' && isfinite(c->d) && (c->d > FLT_MAX || c->d < -FLT_MAX))
        return fail(u, RCO_ERR_OVERFLOW, ": %g does not fit in float", c->d);
    return 0;
}

static int convert_text(const unpacker *u, char code, bool with_length, rco_object *item,
                        converted *c)
{
    if (code == 'z' && rco__kind(item) == RCO__KIND_NONE) {
        c->text = NULL;
        c->length = 0;
        return 0;
    }
    int kind = code == 'y' ? RCO__KIND_BYTES : RCO__KIND_STR;
    if (rco__kind(item) != kind)
        return wrong_type(u, code == 'y' ? "bytes" : code == 'z' ? "str or None" : "str", item);
    if (kind == RCO__KIND_BYTES) {
        c->text = ((rco__bytes *)item)->data;
        c->length = (ssize_t)((rco__bytes *)item)->size;
    } else {
        c->text = ((rco__str *)item)->data;
        c->length = (ssize_t)((rco__str *)item)->size;
    }
    if (!with_length && strlen(c->text) != (size_t)c->length)
        return fail(u, RCO_ERR_VALUE, ": embedded null character");
    return 0;
}

/* O! checks the exact type; bool passes for int, as it is int's subclass
 * in Python. */
static int convert_typed(const unpacker *u, const rco_type *want, rco_object *item, converted *c)
{
    bool ok = item->type == want ||
              (want == &rco__int_type && rco__kind(item) == RCO__KIND_BOOL);
    if (!ok)
        return wrong_type(u, want->name ? want->name : "?", item);
    c->o = item;
    return 0;
}

static int convert(const unpacker *u, const char *code, const rco_type *want, rco_object *item,
                   converted *c)
{
    switch (code[0]) {
    case 'p':
        c->i = is_true(item);
        return 0;
    case 'd': case 'f':
        return convert_real(u, code[0], item, c);
    case 's': case 'z': case 'y':
        return convert_text(u, code[0], code[1] == '#', item, c);
    case 'O':
        if (code[1] == '!')
            return convert_typed(u, want, item, c);
        c->o = item;
        return 0;
    default:
        return convert_int(u, code[0], item, c);
    }
}

/* ---- storing --------------------------------------------------------- */

/* The next output pointer, read as the type its code promises. */
static void *next_pointer(unpacker *u, char code)
{
    switch (code) {
    case 'i': case 'p': return va_arg(u->ap, int *);
    case 'b': return va_arg(u->ap, unsigned char *);
    case 'h': return va_arg(u->ap, short *);
    case 'l': return va_arg(u->ap, long *);
    case 'L': return va_arg(u->ap, long long *);
    case 'n': return va_arg(u->ap, ssize_t *);
    case 'I': return va_arg(u->ap, unsigned int *);
    case 'k': return va_arg(u->ap, unsigned long *);
    case 'K': return va_arg(u->ap, unsigned long long *);
    case 'd': return va_arg(u->ap, double *);
    case 'f': return va_arg(u->ap, float *);
    case 's': case 'z': case 'y': return va_arg(u->ap, const char **);
    default: return va_arg(u->ap, rco_object **); /* O */
    }
}

static void store(char code, void *dest, ssize_t *length_dest, const converted *c)
{
    switch (code) {
    case 'i': case 'p': *(int *)dest = (int)c->i; break;
    case 'b': *(unsigned char *)dest = (unsigned char)c->i; break;
    case 'h': *(short *)dest = (short)c->i; break;
    case 'l': *(long *)dest = (long)c->i; break;
    case 'L': *(long long *)dest = (long long)c->i; break;
    case 'n': *(ssize_t *)dest = (ssize_t)c->i; break;
    case 'I': *(unsigned int *)dest = (unsigned int)c->i; break;
    case 'k': *(unsigned long *)dest = (unsigned long)c->i; break;
    case 'K': *(unsigned long long *)dest = (unsigned long long)c->i; break;
    case 'd': *(double *)dest = c->d; break;
    case 'f': *(float *)dest = (float)c->d; break;
    case 's': case 'z': case 'y':
        *(const char **)dest = c->text;
        if (length_dest)
            *length_dest = c->length;
        break;
    default: /* O */
        *(rco_object **)dest = c->o;
        RCO__LEDGER_LEND(c->o);
        break;
    }
}

static int null_argument(const char *what, const char *code, size_t n, size_t at)
{
    rco__err_set(RCO_ERR_TYPE, "rco_unpack: NULL %s for '%.*s' at position %zu", what, (int)n,
                 code, at);
    return -1;
}

/* One code and its arguments: convert item, and store it on the second
 * walk. */
static int unpack_code(unpacker *u, rco_object *item)
{
    const char *code = u->p;
    size_t n = code_length(code);
    size_t at = (size_t)(code - u->fmt);
    u->p += n;
    const rco_type *want = n == 2 && code[1] == '!' ? va_arg(u->ap, const rco_type *) : NULL;
    void *dest = next_pointer(u, code[0]);
    ssize_t *length_dest = n == 2 && code[1] == '#' ? va_arg(u->ap, ssize_t *) : NULL;
    if (!u->storing) {
        if (n == 2 && code[1] == '!' && !want)
            return null_argument("type", code, n, at);
        if (!dest || (n == 2 && code[1] == '#' && !length_dest))
            return null_argument("pointer", code, n, at);
    }
    converted c = { 0 };
    if (convert(u, code, want, item, &c) < 0)
        return -1;
    if (u->storing)
        store(code[0], dest, length_dest, &c);
    return 0;
}

static int unpack_item(unpacker *u, rco_object *item);

/* n items (the tuple's), the format's cursor at the first of their codes. */
static int unpack_items(unpacker *u, rco_object *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (*u->p == '|')
            u->p++;
        if (u->depth > 0)
            u->items[u->depth - 1] = i;
        else
            u->argno = i + 1;
        if (unpack_item(u, items[i]) < 0)
            return -1;
    }
    return 0;
}

static int unpack_nested(unpacker *u, rco_object *item)
{
    size_t want = count_group(u->p);
    if (rco__kind(item) != RCO__KIND_TUPLE) {
        char expected[48];
        snprintf(expected, sizeof expected, "%zu-item tuple", want);
        return wrong_type(u, expected, item);
    }
    rco__tuple *t = (rco__tuple *)item;
    if (t->ob.size != want)
        return fail(u, RCO_ERR_TYPE, " must be tuple of length %zu, not %zu", want, (size_t)t->ob.size);
    u->depth++;
    int r = unpack_items(u, t->items, t->ob.size);
    u->depth--;
    if (r < 0)
        return -1;
    u->p++; /* ')' */
    return 0;
}

static int unpack_item(unpacker *u, rco_object *item)
{
    if (!item)
        return fail(u, RCO_ERR_VALUE, " is a tuple slot that has not been set");
    if (*u->p == '(') {
        u->p++;
        return unpack_nested(u, item);
    }
    return unpack_code(u, item);
}

static int walk(rco__tuple *t, const char *fmt, const shape *s, va_list ap, bool storing)
{
    unpacker u = { .fmt = fmt, .p = fmt, .storing = storing, .shape = s };
    va_copy(u.ap, ap);
    int r = unpack_items(&u, t->items, t->ob.size);
    va_end(u.ap);
    return r;
}

int rco_unpack_va(rco_object *tuple, const char *fmt, va_list ap)
{
    if (!fmt) {
        rco__err_set(RCO_ERR_TYPE, "rco_unpack: format is NULL");
        return -1;
    }
    shape s;
    if (check_format(fmt, &s) < 0)
        return -1;
    if (!rco__check_kind(tuple, RCO__KIND_TUPLE, "rco_unpack", "tuple"))
        return -1;
    rco__tuple *t = (rco__tuple *)tuple;
    if (t->ob.size < s.min || t->ob.size > s.max)
        return wrong_count(&s, t->ob.size);
    if (walk(t, fmt, &s, ap, false) < 0)
        return -1;
    walk(t, fmt, &s, ap, true);
    return 0;
}

int rco_unpack(rco_object *tuple, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = rco_unpack_va(tuple, fmt, ap);
    va_end(ap);
    return r;
}
