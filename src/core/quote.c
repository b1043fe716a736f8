/*
 * core/quote.c: str and bytes written as Python's repr writes them: single
 * quotes unless the text holds a single quote and no double quote; \\, the
 * quote, \t, \n and \r escaped; other control characters as \xhh; non-ASCII
 * characters kept when printable, else \xhh, \uhhhh or \Uhhhhhhhh.
 */
#include "core/text.h"

#include "unicode_printable.inc"

bool rco__unicode_is_printable(uint32_t cp)
{
    size_t lo = 0, hi = sizeof nonprintable_ranges / sizeof nonprintable_ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < nonprintable_ranges[mid][0])
            hi = mid;
        else if (cp > nonprintable_ranges[mid][1])
            lo = mid + 1;
        else
            return false;
    }
    return true;
}

static char choose_quote(const char *p, size_t n)
{
    bool single = memchr(p, '\'', n) != NULL, dbl = memchr(p, '"', n) != NULL;
    return single && !dbl ? '"' : '\'';
}

/* The escape of an ASCII byte, or false if it stands for itself. */
static bool put_ascii_escape(rco__buf *b, unsigned char c, char quote)
{
    switch (c) {
    case '\\': rco__buf_put(b, "\\\\", 2); return true;
    case '\t': rco__buf_put(b, "\\t", 2); return true;
    case '\n': rco__buf_put(b, "\\n", 2); return true;
    case '\r': rco__buf_put(b, "\\r", 2); return true;
    default:
        if (c == (unsigned char)quote) {
            char esc[2] = { '\\', quote };
            rco__buf_put(b, esc, 2);
            return true;
        }
        if (c < 0x20 || c >= 0x7f) {
            rco__buf_printf(b, "\\x%02x", c);
            return true;
        }
        return false;
    }
}

/* Decode the (valid) UTF-8 sequence at p; *len gets its length. */
static uint32_t decode(const unsigned char *p, int *len)
{
    if (p[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (p[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
           ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

void rco__repr_str(rco__buf *b, const char *text, size_t n)
{
    const unsigned char *p = (const unsigned char *)text;
    char quote = choose_quote(text, n);
    rco__buf_put(b, &quote, 1);
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            if (!put_ascii_escape(b, p[i], quote))
                rco__buf_put(b, (const char *)p + i, 1);
            i++;
            continue;
        }
        int len;
        uint32_t cp = decode(p + i, &len);
        if (rco__unicode_is_printable(cp))
            rco__buf_put(b, (const char *)p + i, (size_t)len);
        else if (cp <= 0xFF)
            rco__buf_printf(b, "\\x%02x", cp);
        else if (cp <= 0xFFFF)
            rco__buf_printf(b, "\\u%04x", cp);
        else
            rco__buf_printf(b, "\\U%08x", cp);
        i += (size_t)len;
    }
    rco__buf_put(b, &quote, 1);
}

void rco__repr_bytes(rco__buf *b, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    char quote = choose_quote(data, n);
    rco__buf_put(b, "b", 1);
    rco__buf_put(b, &quote, 1);
    for (size_t i = 0; i < n; i++)
        if (!put_ascii_escape(b, p[i], quote))
            rco__buf_put(b, (const char *)p + i, 1);
    rco__buf_put(b, &quote, 1);
}
