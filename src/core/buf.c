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
