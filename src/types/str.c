/*
 * types/str.c: immutable Unicode strings, stored as validated UTF-8 with
 * their length in code points and a cached hash.
 */
#include "types/str.h"

#include "core/alloc.h"
#include "core/hash.h"
#include "core/utf8.h"

#include <stdio.h>

static int str_equal(rco_object *self, rco_object *other)
{
    if (other->type->kind != RCO__KIND_STR)
        return 0;
    rco__str *a = (rco__str *)self, *b = (rco__str *)other;
    return a->size == b->size && memcmp(a->data, b->data, a->size) == 0;
}

static int64_t str_hash(rco_object *self)
{
    return rco__str_hash((rco__str *)self);
}

static void str_repr(rco_object *self, rco__buf *b)
{
    rco__repr_str(b, ((rco__str *)self)->data, ((rco__str *)self)->size);
}

/* UTF-8's byte order is its code points' order, Python's order of str. */
static int str_order(rco_object *self, rco_object *other, int op)
{
    if (other->type->kind != RCO__KIND_STR)
        return RCO__NOT_ORDERED;
    rco__str *a = (rco__str *)self, *b = (rco__str *)other;
    int c = memcmp(a->data, b->data, a->size < b->size ? a->size : b->size);
    return rco__order_holds(c ? c : rco__three_way(a->size, b->size), op);
}

/* One-character strs, pos->index the byte where the next one starts. */
static int str_iter_step(rco_object *self, rco__iter_pos *pos, rco_object **item)
{
    rco__str *s = (rco__str *)self;
    if (pos->done || pos->index >= s->size) {
        pos->done = true;
        return 0;
    }
    unsigned char lead = (unsigned char)s->data[pos->index];
    size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (!(*item = rco__str_new_unchecked(s->data + pos->index, n, 1)))
        return -1;
    pos->index += n;
    return 1;
}

static ssize_t str_len(rco_object *self)
{
    return (ssize_t)((rco__str *)self)->length;
}

rco_type rco__str_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "str",
    .size = sizeof(rco__str) + 1, /* and a byte per byte of text: the NUL */
    .flags = RCO_TYPE_READY,
    .hash = str_hash,
    .equal = str_equal,
    .kind = RCO__KIND_STR,
    .count_offset = offsetof(rco__str, size),
    .item_size = 1,
    .len = str_len,
    .repr_into = str_repr,
    .order = str_order,
    .iter_step = str_iter_step,
};

rco_object *rco__str_alloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(rco__str) - 1) {
        rco__err_set(RCO_ERR_OVERFLOW, "str of %zu bytes is too large", n);
        return NULL;
    }
    rco__str *s = (rco__str *)rco__object_alloc(&rco__str_type, sizeof(rco__str) + n + 1);
    if (!s)
        return NULL;
    s->size = n;
    s->length = 0;
    s->hash = -1;
    s->data[n] = '\0';
    return &s->ob;
}

rco_object *rco__str_new_unchecked(const char *p, size_t n, size_t codepoints)
{
    rco__str *s = (rco__str *)rco__str_alloc(n);
    if (!s)
        return NULL;
    if (n)
        memcpy(s->data, p, n);
    s->length = codepoints;
    return &s->ob;
}

/* ---- a str written in place ----------------------------------------- */

/* The text of a str being written (text/json_dump.c) sits where a str's
 * data would be, behind room for the object's prefix and header, so that
 * finishing it is a shrink of the block, not a copy of the text into a
 * block of fresh pages. */
#define BUFFER_HEAD (RCO__PLAIN_PREFIX + offsetof(rco__str, data))

char *rco__str_buffer_new(size_t cap)
{
    if (cap > RCO__MAX_OBJECT_SIZE) {
        rco__err_set(RCO_ERR_OVERFLOW, "str of %zu bytes is too large", cap);
        return NULL;
    }
    char *block = rco__alloc(BUFFER_HEAD + cap + 1);
    return block ? block + BUFFER_HEAD : NULL;
}

char *rco__str_buffer_grow(char *text, size_t cap, size_t new_cap)
{
    if (new_cap > RCO__MAX_OBJECT_SIZE) {
        rco__err_set(RCO_ERR_OVERFLOW, "str of %zu bytes is too large", new_cap);
        return NULL;
    }
    char *block = rco__realloc(text - BUFFER_HEAD, BUFFER_HEAD + cap + 1, BUFFER_HEAD + new_cap + 1);
    return block ? block + BUFFER_HEAD : NULL;
}

void rco__str_buffer_free(char *text, size_t cap)
{
    if (text)
        rco__free(text - BUFFER_HEAD, BUFFER_HEAD + cap + 1);
}

rco_object *rco__str_buffer_finish(char *text, size_t cap, size_t n, size_t codepoints)
{
    char *block = rco__realloc(text - BUFFER_HEAD, BUFFER_HEAD + cap + 1, BUFFER_HEAD + n + 1);
    if (!block) {
        rco__str_buffer_free(text, cap);
        return NULL;
    }
    rco__str *s = (rco__str *)(block + RCO__PLAIN_PREFIX);
    rco__object_init(&s->ob, &rco__str_type);
    s->size = n;
    s->length = codepoints;
    s->hash = -1;
    s->data[n] = '\0';
    return &s->ob;
}

static rco_object *str_from_utf8(const char *p, size_t n, const char *fn)
{
    size_t codepoints, bad_at;
    if (n > RCO__MAX_OBJECT_SIZE) { /* refuse before reading n bytes */
        rco__err_set(RCO_ERR_OVERFLOW, "%s: a str of %zu bytes is too large", fn, n);
        return NULL;
    }
    if (!rco__utf8_check(p, n, &codepoints, &bad_at)) {
        rco__err_set(RCO_ERR_VALUE, "%s: invalid UTF-8 at byte %zu (0x%02x)", fn, bad_at,
                     (unsigned)(unsigned char)p[bad_at]);
        return NULL;
    }
    return rco__str_new_unchecked(p, n, codepoints);
}

rco_object *rco_str(const char *utf8)
{
    if (!utf8) {
        rco__err_set(RCO_ERR_TYPE, "rco_str: text is NULL");
        return NULL;
    }
    rco_object *s = str_from_utf8(utf8, strlen(utf8), "rco_str");
    RCO__LEDGER_GIVE(s);
    return s;
}

rco_object *rco_str_n(const char *p, size_t n)
{
    if (!p && n) {
        rco__err_set(RCO_ERR_TYPE, "rco_str_n: text is NULL");
        return NULL;
    }
    rco_object *s = str_from_utf8(p ? p : "", n, "rco_str_n");
    RCO__LEDGER_GIVE(s);
    return s;
}

rco_object *rco__str_vprintf(const char *fmt, va_list ap)
{
    if (!fmt) {
        rco__err_set(RCO_ERR_TYPE, "rco_str_printf: format is NULL");
        return NULL;
    }
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    rco_object *s = NULL;
    if (n < 0) {
        rco__err_set(RCO_ERR_VALUE, "rco_str_printf: bad format");
    } else if ((size_t)n < sizeof small) {
        s = str_from_utf8(small, (size_t)n, "rco_str_printf");
    } else {
        char *big = rco__alloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            s = str_from_utf8(big, (size_t)n, "rco_str_printf");
            rco__free(big, (size_t)n + 1);
        }
    }
    va_end(again);
    return s;
}

rco_object *rco_str_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rco_object *s = rco__str_vprintf(fmt, ap);
    va_end(ap);
    RCO__LEDGER_GIVE(s);
    return s;
}

const char *rco_str_utf8(rco_object *s)
{
    if (!rco__check_kind(s, RCO__KIND_STR, "rco_str_utf8", "str"))
        return NULL;
    return ((rco__str *)s)->data;
}

ssize_t rco_str_size(rco_object *s)
{
    if (!rco__check_kind(s, RCO__KIND_STR, "rco_str_size", "str"))
        return -1;
    return (ssize_t)((rco__str *)s)->size;
}

int64_t rco__str_hash_compute(rco__str *s)
{
    int64_t h = rco__hash_bytes(s->data, s->size);
    __atomic_store_n(&s->hash, h, __ATOMIC_RELAXED);
    return h;
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
