/*
 * core/buf.c: the growable text buffer reprs are written into.
 */
#include "core/alloc.h"
#include "core/error.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>

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

/* Formatted straight into the buffer: whatever the length (a class name
 * of any size), nothing is cut. */
void rco__buf_printf(rco__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = b->failed ? 0 : b->cap - b->len;
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    if ((size_t)n >= room) {
        if (!reserve(b, (size_t)n))
            return;
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

void rco__buf_free(rco__buf *b)
{
    if (b->data)
        rco__free(b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}
