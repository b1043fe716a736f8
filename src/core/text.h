/*
 * core/text.h: text without objects: a growable buffer (buf.c), Python's
 * quoting of str and bytes (quote.c), Python's repr of a double
 * (float_repr.c). The types' repr slots and the repr of nested values
 * (text/repr.c) write through these.
 */
#ifndef RCO_CORE_TEXT_H
#define RCO_CORE_TEXT_H

#include "core/core.h"

/* Appends never fail outright: the first allocation failure sets `failed`,
 * later appends do nothing, and the caller checks once at the end. */
typedef struct rco__buf {
    char *data;
    size_t len, cap;
    bool failed;
} rco__buf;

RCO__HIDDEN void rco__buf_put(rco__buf *b, const char *p, size_t n);
RCO__HIDDEN void rco__buf_printf(rco__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
RCO__HIDDEN void rco__buf_free(rco__buf *b);

/* text as Python's repr of a str (valid UTF-8) or of bytes writes it. */
RCO__HIDDEN void rco__repr_str(rco__buf *b, const char *text, size_t n);
RCO__HIDDEN void rco__repr_bytes(rco__buf *b, const char *data, size_t n);
/* Is code point cp printable in Python's sense (not in categories Cc, Cf,
 * Cs, Co, Cn, Zl, Zp, or Zs other than U+0020)? */
RCO__HIDDEN bool rco__unicode_is_printable(uint32_t cp);
/* Python's repr of a float into buf (at least 32 bytes); returns the
 * length. */
RCO__HIDDEN size_t rco__format_float(double v, char *buf);

#endif
