/*
 * text/json.h: what the two readers of text, the JSON loader (json_load.c)
 * and rco_parse (literal.c), share: the stack of values made and not yet
 * stored, the containers built from it, and where an error is in the text.
 *
 * Both readers are loops over an explicit stack, never recursion, so that
 * a document nested a million deep needs no C stack. A value, once made,
 * waits on the value stack (an owned reference) until the container around
 * it closes; then the container is made once, at its final size, from the
 * top of the stack. So no list grows item by item and no dict rebuilds its
 * table, and a failure anywhere releases exactly what the stack holds.
 * Objects under construction are not shared with anyone: no locks.
 */
#ifndef RCO_TEXT_JSON_H
#define RCO_TEXT_JSON_H

#include "types/types.h"

typedef struct rco__vstack {
    rco_object **items; /* owned references, in the order read */
    size_t n, cap;
} rco__vstack;

/* Room for one more value: 0, or -1 with the error set. */
RCO__HIDDEN int rco__vstack_grow(rco__vstack *s);
static inline int rco__vstack_push(rco__vstack *s, rco_object *o)
{
    if (RCO__UNLIKELY(s->n == s->cap) && rco__vstack_grow(s) < 0) {
        RCO__DECREF(o);
        return -1;
    }
    s->items[s->n++] = o;
    return 0;
}
/* Release every value (NULL entries were taken by a container that then
 * failed, which released them) and the stack itself. */
RCO__HIDDEN void rco__vstack_free(rco__vstack *s);

/* A container of the values from base to the top, which it takes (the
 * stack then ends at base): a list, a tuple, a set, or a dict of the
 * key/value pairs there (an equal key later in the text replaces the
 * value and keeps the first key, as Python's dict does). NULL + error, the
 * values not taken still on the stack. */
RCO__HIDDEN rco_object *rco__vstack_list(rco__vstack *s, size_t base);
RCO__HIDDEN rco_object *rco__vstack_tuple(rco__vstack *s, size_t base);
RCO__HIDDEN rco_object *rco__vstack_set(rco__vstack *s, size_t base);
RCO__HIDDEN rco_object *rco__vstack_dict(rco__vstack *s, size_t base);

/* Set error `kind` as "<what>: line L column C (char P)", Python's
 * JSONDecodeError form, P counting code points of the text before at
 * (valid UTF-8 up to there) and C counting from the last newline. */
RCO__HIDDEN void rco__text_error_at(rco_errkind kind, const char *text, const char *at, const char *what);

/* If text[0..n) is not valid UTF-8, set the error Python's decoder gives
 * ("'utf-8' codec can't decode byte 0xff in position 3: invalid start
 * byte") and return true. */
RCO__HIDDEN bool rco__utf8_error(const char *text, size_t n);

/* The length of the valid UTF-8 sequence starting with the non-ASCII byte
 * at p (before end), or 0 if it is not one. */
static inline size_t rco__utf8_sequence(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t left = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF)
        return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0; /* overlong, or a surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0; /* overlong, or above U+10FFFF */
        return 4;
    }
    return 0;
}

/* Code point cp (not a surrogate, at most U+10FFFF) as UTF-8 at out;
 * returns the bytes written (1-4). */
static inline size_t rco__utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#endif
