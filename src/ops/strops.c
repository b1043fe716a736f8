/*
 * ops/strops.c: str's join, split, find, replace and strip, on UTF-8.
 *
 * Searching works on bytes (a valid UTF-8 needle can only match at a
 * character of a valid UTF-8 text) and positions become code points only
 * where Python reports them. Whitespace is Python's str.isspace(): the
 * ASCII spaces, \x1c-\x1f and the Unicode spaces, so that split() and
 * strip() cut where Python cuts. Where nothing changes, the str itself is
 * the result, as in CPython.
 */
#include "ops/ops.h"

#include "types/list.h"

static bool check_str(rco_object *s, const char *fn)
{
    return rco__check_kind(s, RCO__KIND_STR, fn, "str");
}

/* The code point at p (valid UTF-8) and its length in bytes. */
static uint32_t decode(const char *text, size_t *len)
{
    const unsigned char *p = (const unsigned char *)text;
    if (p[0] < 0x80) {
        *len = 1;
        return p[0];
    }
    if (p[0] < 0xE0) {
        *len = 2;
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    }
    if (p[0] < 0xF0) {
        *len = 3;
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    }
    *len = 4;
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 |
           (p[3] & 0x3F);
}

static bool is_space(uint32_t c)
{
    if (c < 0x80)
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* The length of the whitespace character at p, or 0 if there is none. */
static size_t space_at(const char *p, const char *end)
{
    if (p >= end)
        return 0;
    size_t len;
    uint32_t c = decode(p, &len);
    return is_space(c) ? len : 0;
}

/* A new str of s's bytes [from, to). */
static rco_object *piece(const rco__str *s, size_t from, size_t to)
{
    size_t n = to - from;
    size_t length = rco__str_is_ascii(s) ? n : rco__utf8_length(s->data + from, n);
    return rco__str_new_unchecked(s->data + from, n, length);
}

/* ---- join ----------------------------------------------------------- */

rco_object *rco_str_join(rco_object *sep, rco_object *iterable)
{
    if (!check_str(sep, "rco_str_join") || !rco__check_obj(iterable, "rco_str_join"))
        return NULL;
    if (!iterable->type->iter_step && !rco__is_iterator(iterable)) {
        rco__err_set(RCO_ERR_TYPE, "can only join an iterable");
        return NULL;
    }
    rco__items items;
    if (rco__items_of(iterable, &items, "rco_str_join") < 0)
        return NULL;
    const rco__str *glue = (const rco__str *)sep;
    size_t size = 0, length = 0;
    rco_object *r = NULL;
    for (size_t i = 0; i < items.n; i++) {
        rco_object *item = items.items[i];
        if (item->type->kind != RCO__KIND_STR) {
            rco__err_set(RCO_ERR_TYPE, "sequence item %zu: expected str instance, %s found", i, item->type->name);
            goto out;
        }
        size_t add = ((rco__str *)item)->size + (i ? glue->size : 0);
        if (add > RCO__MAX_OBJECT_SIZE - size) {
            rco__err_set(RCO_ERR_OVERFLOW, "rco_str_join: the result is too large");
            goto out;
        }
        size += add;
        length += ((rco__str *)item)->length + (i ? glue->length : 0);
    }
    if (items.n == 1) {
        r = items.items[0];
        RCO__INCREF(r);
        goto out;
    }
    if (!(r = rco__str_alloc(size)))
        goto out;
    char *out = ((rco__str *)r)->data;
    for (size_t i = 0; i < items.n; i++) {
        const rco__str *item = (const rco__str *)items.items[i];
        if (i) {
            memcpy(out, glue->data, glue->size);
            out += glue->size;
        }
        memcpy(out, item->data, item->size);
        out += item->size;
    }
    ((rco__str *)r)->length = length;
out:
    rco__items_release(&items);
    RCO__LEDGER_GIVE(r);
    return r;
}

/* ---- split ---------------------------------------------------------- */

/* A piece that is the whole str is the str itself, as in CPython. */
static int push_piece(rco__items *out, const rco__str *s, size_t from, size_t to)
{
    rco_object *p;
    if (from == 0 && to == s->size) {
        p = (rco_object *)s;
        RCO__INCREF(p);
    } else if (!(p = piece(s, from, to))) {
        return -1;
    }
    return rco__items_push(out, p);
}

static int split_whitespace(const rco__str *s, size_t maxsplit, rco__items *out)
{
    const char *text = s->data, *end = s->data + s->size;
    size_t i = 0, n;
    for (; maxsplit > 0; maxsplit--) {
        while ((n = space_at(text + i, end)) > 0)
            i += n;
        if (i == s->size)
            return 0;
        size_t start = i;
        do {
            size_t len;
            decode(text + i, &len);
            i += len;
        } while (i < s->size && !space_at(text + i, end));
        if (push_piece(out, s, start, i) < 0)
            return -1;
    }
    /* maxsplit reached: the rest, without its leading whitespace. */
    while ((n = space_at(text + i, end)) > 0)
        i += n;
    return i < s->size ? push_piece(out, s, i, s->size) : 0;
}

static int split_on(const rco__str *s, const rco__str *sep, size_t maxsplit, rco__items *out)
{
    size_t start = 0;
    ssize_t at;
    for (; maxsplit > 0 && (at = rco__find_bytes(s->data, s->size, start, sep->data, sep->size)) >= 0; maxsplit--) {
        if (push_piece(out, s, start, (size_t)at) < 0)
            return -1;
        start = (size_t)at + sep->size;
    }
    return push_piece(out, s, start, s->size);
}

rco_object *rco_str_split(rco_object *s, rco_object *sep, ssize_t maxsplit)
{
    if (!check_str(s, "rco_str_split"))
        return NULL;
    if (sep && sep->type->kind != RCO__KIND_STR) {
        rco__err_set(RCO_ERR_TYPE, "must be str or None, not %s", sep->type->name);
        return NULL;
    }
    if (sep && ((rco__str *)sep)->size == 0) {
        rco__err_set(RCO_ERR_VALUE, "empty separator");
        return NULL;
    }
    size_t limit = maxsplit < 0 ? SIZE_MAX : (size_t)maxsplit;
    const rco__str *str = (const rco__str *)s;
    rco__items out = { 0 };
    int r = sep ? split_on(str, (const rco__str *)sep, limit, &out) : split_whitespace(str, limit, &out);
    if (r < 0) {
        rco__items_release(&out);
        return NULL;
    }
    rco_object *l = rco__list_from_items(&out);
    if (l)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(l);
    return l;
}

/* ---- find ----------------------------------------------------------- */

ssize_t rco_str_find(rco_object *s, rco_object *sub)
{
    if (!check_str(s, "rco_str_find") || !rco__check_obj(sub, "rco_str_find"))
        return -1;
    if (sub->type->kind != RCO__KIND_STR) {
        rco__err_set(RCO_ERR_TYPE, "must be str, not %s", sub->type->name);
        return -1;
    }
    const rco__str *str = (const rco__str *)s, *needle = (const rco__str *)sub;
    ssize_t at = rco__find_bytes(str->data, str->size, 0, needle->data, needle->size);
    return at < 0 ? -1 : (ssize_t)rco__str_index_of(str, (size_t)at);
}

/* ---- replace -------------------------------------------------------- */

rco_object *rco_str_replace(rco_object *s, rco_object *old, rco_object *new_, ssize_t count)
{
    if (!check_str(s, "rco_str_replace") || !rco__check_obj(old, "rco_str_replace") ||
        !rco__check_obj(new_, "rco_str_replace"))
        return NULL;
    if (old->type->kind != RCO__KIND_STR || new_->type->kind != RCO__KIND_STR) {
        bool first = old->type->kind != RCO__KIND_STR;
        rco__err_set(RCO_ERR_TYPE, "replace() argument %d must be str, not %s", first ? 1 : 2,
                     (first ? old : new_)->type->name);
        return NULL;
    }
    const rco__str *str = (const rco__str *)s, *from = (const rco__str *)old, *to = (const rco__str *)new_;
    size_t limit = count < 0 ? SIZE_MAX : (size_t)count;
    size_t n = from->size == 0 ? (str->length + 1 < limit ? str->length + 1 : limit)
                               : rco__count_bytes(str->data, str->size, from->data, from->size, limit);
    rco_object *r = NULL;
    if (n == 0) {
        RCO__INCREF(s);
        RCO__LEDGER_GIVE(s);
        return s;
    }
    /* size + n * (new - old), without overflow */
    size_t grow = to->size > from->size ? to->size - from->size : 0;
    size_t shrink = from->size > to->size ? from->size - to->size : 0;
    if (grow && n > (RCO__MAX_OBJECT_SIZE - str->size) / grow) {
        rco__err_set(RCO_ERR_OVERFLOW, "rco_str_replace: the result is too large");
        return NULL;
    }
    size_t size = str->size + n * grow - n * shrink;
    if (!(r = rco__str_alloc(size)))
        return NULL;
    char *out = ((rco__str *)r)->data;
    size_t at = 0;
    for (size_t done = 0; done < n; done++) {
        size_t next;
        if (from->size == 0) {
            next = at; /* before each character, and at the end */
        } else {
            next = (size_t)rco__find_bytes(str->data, str->size, at, from->data, from->size);
        }
        memcpy(out, str->data + at, next - at);
        out += next - at;
        memcpy(out, to->data, to->size);
        out += to->size;
        at = next + from->size;
        if (from->size == 0 && at < str->size) { /* the character after the insertion */
            size_t len;
            decode(str->data + at, &len);
            memcpy(out, str->data + at, len);
            out += len;
            at += len;
        }
    }
    memcpy(out, str->data + at, str->size - at);
    ((rco__str *)r)->length = str->length + n * to->length - n * from->length;
    RCO__LEDGER_GIVE(r);
    return r;
}

/* ---- strip ---------------------------------------------------------- */

/* Whether the character at p (len bytes) is one of chars (NULL: spaces). */
static bool strips(const rco__str *chars, const char *p, size_t len)
{
    if (!chars) {
        size_t n;
        return is_space(decode(p, &n));
    }
    return rco__find_bytes(chars->data, chars->size, 0, p, len) >= 0;
}

rco_object *rco_str_strip(rco_object *s, rco_object *chars)
{
    if (!check_str(s, "rco_str_strip"))
        return NULL;
    if (chars && chars->type->kind != RCO__KIND_STR) {
        rco__err_set(RCO_ERR_TYPE, "strip arg must be None or str");
        return NULL;
    }
    const rco__str *str = (const rco__str *)s, *set = (const rco__str *)chars;
    size_t from = 0, to = str->size, len;
    while (from < to) {
        decode(str->data + from, &len);
        if (!strips(set, str->data + from, len))
            break;
        from += len;
    }
    while (to > from) {
        size_t start = to - 1;
        while (((unsigned char)str->data[start] & 0xC0) == 0x80)
            start--;
        if (!strips(set, str->data + start, to - start))
            break;
        to = start;
    }
    rco_object *r;
    if (from == 0 && to == str->size) {
        r = s;
        RCO__INCREF(r);
    } else {
        r = piece(str, from, to);
    }
    RCO__LEDGER_GIVE(r);
    return r;
}
