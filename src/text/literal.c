/*
 * text/literal.c: rco_parse, the inverse of rco_repr: Python literals as
 * ast.literal_eval reads them, for the values rco has (int, float, str,
 * bytes, tuple, list, dict, set, None, True, False), plus nan, inf and
 * -inf, which repr writes and literal_eval refuses.
 *
 * Like the JSON loader (json_load.c), one pass with an explicit stack of
 * open brackets and the shared value stack (text/json.h), so that any
 * depth rco_repr writes reads back. A '(' is a tuple only once a comma
 * shows it is one ("(1)" is 1, "()" and "(1,)" are tuples); a '{' is a dict
 * or a set according to what follows its first item.
 *
 * Errors are RCO_ERR_VALUE with the position, in the JSON loader's form
 * ("...: line 1 column 5 (char 4)"); ints past int64 are RCO_ERR_OVERFLOW;
 * unhashable keys or set items are RCO_ERR_TYPE, as Python's.
 */
#include "text/json.h"

#include "types/number.h"
#include "types/str.h"
#include "types/bytes.h"

#include <math.h>
#include <stdlib.h>

typedef const unsigned char *cursor;

enum bracket {
    B_LIST,   /* [ */
    B_PAREN,  /* ( not yet known to be a tuple */
    B_TUPLE,  /* ( with a comma seen */
    B_BRACE,  /* { before its first item's end */
    B_DICT,
    B_SET
};

typedef struct open_bracket {
    size_t base;
    int kind;
    cursor at;
} open_bracket;

typedef struct parser {
    const char *text;
    cursor end;
    rco__vstack values;
    open_bracket *stack;
    size_t depth, cap;
    char *scratch;
    size_t scratch_cap;
    rco_errkind err; /* RCO_ERR_NONE, or RCO_ERR_MEMORY when already set */
    cursor err_at;
    const char *err_what;
} parser;

static void *fail_at(parser *P, rco_errkind kind, cursor at, const char *what)
{
    if (P->err == RCO_ERR_NONE) {
        P->err = kind;
        P->err_at = at;
        P->err_what = what;
    }
    return NULL;
}
static void *failed(parser *P)
{
    if (P->err == RCO_ERR_NONE)
        P->err = RCO_ERR_MEMORY;
    return NULL;
}

static cursor skip_space(cursor p, cursor end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v'))
        p++;
    return p;
}

static bool is_ident_char(unsigned char c)
{
    return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

/* The name word at p, if p starts exactly that identifier. */
static bool word(cursor p, cursor end, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 && (p + n == end || !is_ident_char(p[n]));
}

/* ---- numbers ---------------------------------------------------------- */

static int digit_value(unsigned char c, int base)
{
    int d = c >= '0' && c <= '9' ? c - '0' : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? (c | 0x20) - 'a' + 10 : 99;
    return d < base ? d : -1;
}

/* Digits of a base with single underscores between them; the end, or
 * NULL if malformed. Accumulates into *v, *overflow set past UINT64. */
static cursor digits_of(cursor p, cursor end, int base, uint64_t *v, bool *overflow, bool *any)
{
    bool last_underscore = true; /* no leading underscore */
    for (; p < end; p++) {
        if (*p == '_') {
            if (last_underscore)
                return NULL;
            last_underscore = true;
            continue;
        }
        int d = digit_value(*p, base);
        if (d < 0)
            break;
        if (*v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            *overflow = true;
        else
            *v = *v * (uint64_t)base + (uint64_t)d;
        last_underscore = false;
        *any = true;
    }
    return last_underscore && *any ? NULL : p;
}

/* A number at p (after an optional sign at sign_at): int or float. */
static cursor number(parser *P, cursor sign_at, cursor p, bool negative, rco_object **out)
{
    cursor end = P->end, start = p;
    uint64_t v = 0;
    bool overflow = false, any = false;
    if (p + 1 < end && p[0] == '0' && strchr("xXoObB", p[1]) && p[1]) {
        int base = (p[1] | 0x20) == 'x' ? 16 : (p[1] | 0x20) == 'o' ? 8 : 2;
        cursor q = p + 2;
        if (q < end && *q == '_')
            q++;
        q = digits_of(q, end, base, &v, &overflow, &any);
        if (!q || !any || (q < end && is_ident_char(*q)))
            return fail_at(P, RCO_ERR_VALUE, start, "invalid number literal");
        p = q;
    } else {
        cursor q = digits_of(p, end, 10, &v, &overflow, &any);
        if (!q)
            return fail_at(P, RCO_ERR_VALUE, start, "invalid number literal");
        bool is_float = false;
        if (q < end && *q == '.') {
            is_float = true;
            bool frac = false;
            uint64_t ignored = 0;
            bool o2 = false;
            cursor r = q + 1;
            if (r < end && *r != '_')
                r = digits_of(r, end, 10, &ignored, &o2, &frac);
            if (!r || (!any && !frac))
                return fail_at(P, RCO_ERR_VALUE, start, "invalid number literal");
            q = r;
            any = true;
        }
        if (!any)
            return fail_at(P, RCO_ERR_VALUE, start, "invalid number literal");
        if (q < end && (*q == 'e' || *q == 'E')) {
            cursor r = q + 1;
            if (r < end && (*r == '+' || *r == '-'))
                r++;
            uint64_t ignored = 0;
            bool o2 = false, edigits = false;
            r = r < end && *r != '_' ? digits_of(r, end, 10, &ignored, &o2, &edigits) : NULL;
            if (!r || !edigits)
                return fail_at(P, RCO_ERR_VALUE, start, "invalid number literal");
            q = r;
            is_float = true;
        }
        if (q < end && is_ident_char(*q))
            return fail_at(P, RCO_ERR_VALUE, start, "invalid number literal");
        if (is_float) {
            /* strtod rounds correctly, as Python's float literals; it
             * knows no underscores. */
            size_t n = (size_t)(q - start);
            char small[64], *copy = small;
            if (n >= sizeof small) {
                if (n + 1 > P->scratch_cap) {
                    char *s = rco__realloc(P->scratch, P->scratch_cap, n + 1);
                    if (!s)
                        return failed(P);
                    P->scratch = s;
                    P->scratch_cap = n + 1;
                }
                copy = P->scratch;
            }
            size_t k = 0;
            for (cursor r = start; r < q; r++)
                if (*r != '_')
                    copy[k++] = (char)*r;
            copy[k] = '\0';
            double d = strtod(copy, NULL);
            *out = rco__float_new(negative ? -d : d);
            return *out ? q : failed(P);
        }
        /* Python refuses leading zeros in a nonzero decimal ("007"). */
        if (start[0] == '0' && v != 0)
            return fail_at(P, RCO_ERR_VALUE, start, "leading zeros in decimal integer literals are not permitted");
        p = q;
    }
    if (overflow || v > (uint64_t)INT64_MAX + negative)
        return fail_at(P, RCO_ERR_OVERFLOW, sign_at, "integer does not fit in int64");
    *out = rco__int_new(negative ? (int64_t)(0 - v) : (int64_t)v);
    return *out ? p : failed(P);
}

/* ---- strings and bytes ------------------------------------------------ */

static bool scratch_room(parser *P, size_t used, size_t k)
{
    if (used + k <= P->scratch_cap)
        return true;
    size_t cap = P->scratch_cap ? P->scratch_cap : 256;
    while (cap < used + k)
        cap *= 2;
    char *s = rco__realloc(P->scratch, P->scratch_cap, cap);
    if (!s)
        return false;
    P->scratch = s;
    P->scratch_cap = cap;
    return true;
}

static int hex_digit(unsigned char c)
{
    return digit_value(c, 16);
}

/* The escape after the backslash at p in a str (bytes: as_bytes): its
 * code point (a byte value for bytes) in *cp, or -1 in *cp for an escaped
 * newline (nothing), and the cursor after it. Unknown escapes stand for
 * themselves, backslash included, as in Python (*cp = -2). */
static cursor escape(parser *P, cursor p, bool as_bytes, int32_t *cp)
{
    cursor end = P->end, e = p + 1;
    switch (*e) {
    case '\n': *cp = -1; return e + 1;
    case '\\': *cp = '\\'; return e + 1;
    case '\'': *cp = '\''; return e + 1;
    case '"': *cp = '"'; return e + 1;
    case 'a': *cp = '\a'; return e + 1;
    case 'b': *cp = '\b'; return e + 1;
    case 'f': *cp = '\f'; return e + 1;
    case 'n': *cp = '\n'; return e + 1;
    case 'r': *cp = '\r'; return e + 1;
    case 't': *cp = '\t'; return e + 1;
    case 'v': *cp = '\v'; return e + 1;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        int32_t v = 0;
        int i = 0;
        for (; i < 3 && e < end && *e >= '0' && *e <= '7'; i++, e++)
            v = v * 8 + (*e - '0');
        if (as_bytes && v > 0xFF)
            return fail_at(P, RCO_ERR_VALUE, p, "octal escape out of range for bytes");
        *cp = v;
        return e;
    }
    case 'x': case 'u': case 'U': {
        if (as_bytes && *e != 'x') {
            *cp = -2;
            return e;
        }
        int n = *e == 'x' ? 2 : *e == 'u' ? 4 : 8;
        int32_t v = 0;
        e++;
        for (int i = 0; i < n; i++, e++) {
            int d = e < end ? hex_digit(*e) : -1;
            if (d < 0)
                return fail_at(P, RCO_ERR_VALUE, p,
                               n == 2 ? "truncated \\xXX escape" : n == 4 ? "truncated \\uXXXX escape"
                                                                          : "truncated \\UXXXXXXXX escape");
            v = (int32_t)(((uint32_t)v << 4) | (uint32_t)d);
        }
        if (v < 0 || v > 0x10FFFF)
            return fail_at(P, RCO_ERR_VALUE, p, "illegal Unicode character");
        if (v >= 0xD800 && v <= 0xDFFF)
            return fail_at(P, RCO_ERR_VALUE, p, "a surrogate: an rco str holds only valid UTF-8");
        *cp = v;
        return e;
    }
    case 'N':
        if (!as_bytes)
            return fail_at(P, RCO_ERR_VALUE, p, "\\N{...} escapes are not supported");
        /* fall through */
    default:
        *cp = -2;
        return e;
    }
}

/* A str or bytes literal whose opening quote is at q. */
static cursor string(parser *P, cursor q, bool as_bytes, rco_object **out)
{
    cursor end = P->end, p = q + 1;
    unsigned char quote = *q;
    size_t used = 0, codepoints = 0;
    if (!scratch_room(P, 0, 64))
        return failed(P);
    for (;;) {
        if (p == end || *p == '\n')
            return fail_at(P, RCO_ERR_VALUE, q, "unterminated string literal");
        unsigned char c = *p;
        if (c == quote)
            break;
        if (!scratch_room(P, used, 8))
            return failed(P);
        char *w = P->scratch + used;
        if (c == '\\') {
            if (p + 1 == end)
                return fail_at(P, RCO_ERR_VALUE, q, "unterminated string literal");
            int32_t cp;
            cursor next = escape(P, p, as_bytes, &cp);
            if (!next)
                return NULL;
            if (cp == -2) { /* kept as written: the backslash, then go on */
                w[0] = '\\';
                used++;
                codepoints++;
                p++;
                continue;
            }
            if (cp >= 0) {
                if (as_bytes) {
                    w[0] = (char)cp;
                    used++;
                } else {
                    used += rco__utf8_put(w, (uint32_t)cp);
                }
                codepoints++;
            }
            p = next;
            continue;
        }
        if (c >= 0x80) {
            if (as_bytes)
                return fail_at(P, RCO_ERR_VALUE, p, "bytes can only contain ASCII literal characters");
            size_t k = rco__utf8_sequence(p, end);
            if (!k)
                return fail_at(P, RCO_ERR_VALUE, p, "invalid UTF-8");
            memcpy(w, p, k);
            used += k;
            p += k;
            codepoints++;
            continue;
        }
        *w = (char)c;
        used++;
        codepoints++;
        p++;
    }
    *out = as_bytes ? rco__bytes_new(P->scratch, used) : rco__str_new_unchecked(P->scratch, used, codepoints);
    return *out ? p + 1 : failed(P);
}

/* ---- the text --------------------------------------------------------- */

static bool open_bracket_at(parser *P, int kind, cursor at)
{
    if (P->depth == P->cap) {
        size_t cap = P->cap ? P->cap * 2 : 64;
        open_bracket *s = rco__realloc(P->stack, P->cap * sizeof *s, rco__mul_size(cap, sizeof *s));
        if (!s)
            return false;
        P->stack = s;
        P->cap = cap;
    }
    P->stack[P->depth++] = (open_bracket){ P->values.n, kind, at };
    return true;
}

/* The container of the top bracket, closed by the character at p. */
static rco_object *close_bracket(parser *P, open_bracket *b)
{
    switch (b->kind) {
    case B_LIST: return rco__vstack_list(&P->values, b->base);
    case B_TUPLE: return rco__vstack_tuple(&P->values, b->base);
    case B_PAREN:
        if (P->values.n == b->base) /* () */
            return rco__vstack_tuple(&P->values, b->base);
        return P->values.items[--P->values.n]; /* (x) is x */
    case B_DICT: return rco__vstack_dict(&P->values, b->base);
    default: return rco__vstack_set(&P->values, b->base);
    }
}

static char closer(int kind)
{
    return kind == B_LIST ? ']' : kind == B_PAREN || kind == B_TUPLE ? ')' : '}';
}

static rco_object *parse(parser *P, cursor p)
{
    cursor end = P->end;
    rco_object *o;
    p = skip_space(p, end);
value:
    if (p == end)
        return fail_at(P, RCO_ERR_VALUE, p, "expected a value");
    switch (*p) {
    case '[':
    case '(':
    case '{': {
        int kind = *p == '[' ? B_LIST : *p == '(' ? B_PAREN : B_BRACE;
        if (!open_bracket_at(P, kind, p))
            return failed(P);
        p = skip_space(p + 1, end);
        if (p < end && *p == closer(kind)) {
            p++;
            P->depth--;
            o = kind == B_LIST ? rco__vstack_list(&P->values, P->values.n)
              : kind == B_PAREN ? rco__vstack_tuple(&P->values, P->values.n)
                                : rco__vstack_dict(&P->values, P->values.n);
            if (!o)
                return failed(P);
            break;
        }
        goto value;
    }
    case '\'':
    case '"':
        p = string(P, p, false, &o);
        if (!p)
            return NULL;
        break;
    case 'b':
    case 'B':
        if (p + 1 < end && (p[1] == '\'' || p[1] == '"')) {
            p = string(P, p + 1, true, &o);
            if (!p)
                return NULL;
            break;
        }
        return fail_at(P, RCO_ERR_VALUE, p, "expected a value");
    case '-':
    case '+': {
        cursor sign = p;
        bool negative = *p == '-';
        p = skip_space(p + 1, end);
        if (word(p, end, "inf") || word(p, end, "nan")) {
            bool inf = *p == 'i';
            o = rco__float_new(inf ? (negative ? -INFINITY : INFINITY) : (negative ? -NAN : NAN));
            p += 3;
            if (!o)
                return failed(P);
            break;
        }
        if (p == end || !((*p >= '0' && *p <= '9') || *p == '.'))
            return fail_at(P, RCO_ERR_VALUE, sign, "expected a number after the sign");
        p = number(P, sign, p, negative, &o);
        if (!p)
            return NULL;
        break;
    }
    case '.':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        p = number(P, p, p, false, &o);
        if (!p)
            return NULL;
        break;
    default:
        if (word(p, end, "None")) {
            o = &rco__none;
            p += 4;
        } else if (word(p, end, "True")) {
            o = &rco__true.ob;
            p += 4;
        } else if (word(p, end, "False")) {
            o = &rco__false.ob;
            p += 5;
        } else if (word(p, end, "inf") || word(p, end, "nan")) {
            o = rco__float_new(*p == 'i' ? INFINITY : NAN);
            p += 3;
            if (!o)
                return failed(P);
            break;
        } else if (word(p, end, "set")) {
            cursor q = skip_space(p + 3, end);
            if (q < end && *q == '(') {
                q = skip_space(q + 1, end);
                if (q < end && *q == ')') {
                    o = rco_set_new();
                    if (!o)
                        return failed(P);
                    p = q + 1;
                    break;
                }
            }
            return fail_at(P, RCO_ERR_VALUE, p, "expected a value");
        } else {
            return fail_at(P, RCO_ERR_VALUE, p, "expected a value");
        }
        RCO__INCREF(o);
        break;
    }
    for (;;) { /* o was just read */
        if (P->depth == 0) {
            p = skip_space(p, end);
            if (p != end) {
                RCO__DECREF(o);
                return fail_at(P, RCO_ERR_VALUE, p, "unexpected text after the value");
            }
            return o;
        }
        if (rco__vstack_push(&P->values, o) < 0)
            return failed(P);
        p = skip_space(p, end);
        open_bracket *b = &P->stack[P->depth - 1];
        size_t items = P->values.n - b->base;
        if (b->kind == B_BRACE) { /* the first item decides */
            if (p < end && *p == ':') {
                b->kind = B_DICT;
                p = skip_space(p + 1, end);
                goto value;
            }
            b->kind = B_SET;
        } else if (b->kind == B_DICT && items % 2 == 1) {
            if (p == end || *p != ':')
                return fail_at(P, RCO_ERR_VALUE, p, "expected ':'");
            p = skip_space(p + 1, end);
            goto value;
        }
        char close = closer(b->kind);
        if (p < end && *p == ',') {
            if (b->kind == B_PAREN)
                b->kind = B_TUPLE;
            p = skip_space(p + 1, end);
            if (p < end && *p == close) /* a trailing comma */
                goto close;
            goto value;
        }
        if (p == end || *p != close) {
            static const char *const expected[] = {
                [B_LIST] = "expected ',' or ']'", [B_PAREN] = "expected ',' or ')'",
                [B_TUPLE] = "expected ',' or ')'", [B_DICT] = "expected ',' or '}'",
                [B_SET] = "expected ',' or '}'",
            };
            return fail_at(P, RCO_ERR_VALUE, p, expected[b->kind]);
        }
    close:
        o = close_bracket(P, b);
        if (!o) {
            if (rco_err_occurred() == RCO_ERR_TYPE) /* unhashable */
                return fail_at(P, RCO_ERR_TYPE, b->at, rco_err_message());
            return failed(P);
        }
        P->depth--;
        p++;
    }
}

rco_object *rco_parse(const char *text, size_t n)
{
    if (!text && n) {
        rco__err_set(RCO_ERR_TYPE, "rco_parse: text is NULL");
        return NULL;
    }
    if (n > RCO__MAX_OBJECT_SIZE) {
        rco__err_set(RCO_ERR_OVERFLOW, "rco_parse: a text of %zu bytes is too large", n);
        return NULL;
    }
    if (!text)
        text = "";
    parser P = { .text = text, .end = (cursor)text + n };
    rco_object *o = parse(&P, (cursor)text);
    if (!o) {
        if (P.err == RCO_ERR_MEMORY) {
            if (rco_err_occurred() == RCO_ERR_NONE)
                rco__err_memory();
        } else if (!rco__utf8_error(text, n)) {
            char what[200];
            snprintf(what, sizeof what, "rco_parse: %s", P.err_what);
            rco__text_error_at(P.err, text, (const char *)P.err_at, what);
        }
    }
    rco__vstack_free(&P.values);
    if (P.stack)
        rco__free(P.stack, P.cap * sizeof *P.stack);
    if (P.scratch)
        rco__free(P.scratch, P.scratch_cap);
    if (o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(o);
    return o;
}
