/*
 * core/error.c: the calling thread's error state.
 *
 * One convention everywhere: a failing function returns NULL or -1 and
 * records a kind and a message here. Success never clears it (as in
 * CPython), so check the return value first.
 *
 * A message is never cut: short ones live in the thread's own buffer,
 * longer ones (a long class name, a long key) in one from the system
 * allocator, never rco's pools, so that an error can be recorded whatever
 * state the pools are in and injected allocation failures never touch it.
 * Only when even that fails is the message cut, and then it says so.
 */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define SHORT sizeof(((rco__err_saved *)0)->message)

typedef struct thread_error {
    rco_errkind kind;
    char *long_message; /* malloc'ed, when the message did not fit `message` */
    char message[SHORT];
} thread_error;

static _Thread_local thread_error current;

static void drop_long_message(void)
{
    free(current.long_message);
    current.long_message = NULL;
}

__attribute__((format(printf, 2, 0))) static void set_va(rco_errkind kind, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    drop_long_message();
    current.kind = kind;
    int n = vsnprintf(current.message, SHORT, fmt, ap);
    if (n >= (int)SHORT) {
        char *text = malloc((size_t)n + 1);
        if (text) {
            vsnprintf(text, (size_t)n + 1, fmt, again);
            current.long_message = text;
        } else {
            memcpy(current.message + SHORT - 5, "...", 4); /* cut, visibly */
        }
    }
    va_end(again);
}

void rco__err_set(rco_errkind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_va(kind, fmt, ap);
    va_end(ap);
}

void rco_err_set(rco_errkind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_va(kind, fmt ? fmt : "", ap);
    va_end(ap);
}

void rco__err_memory(void)
{
    drop_long_message();
    current.kind = RCO_ERR_MEMORY;
    strcpy(current.message, "out of memory");
}

rco_errkind rco_err_occurred(void)
{
    return current.kind;
}

const char *rco_err_message(void)
{
    if (current.kind == RCO_ERR_NONE)
        return "";
    return current.long_message ? current.long_message : current.message;
}

void rco_err_clear(void)
{
    drop_long_message();
    current.kind = RCO_ERR_NONE;
    current.message[0] = '\0';
}

const char *rco_err_name(rco_errkind kind)
{
    switch (kind) {
    case RCO_ERR_NONE: return "no error";
    case RCO_ERR_MEMORY: return "MemoryError";
    case RCO_ERR_TYPE: return "TypeError";
    case RCO_ERR_INDEX: return "IndexError";
    case RCO_ERR_KEY: return "KeyError";
    case RCO_ERR_VALUE: return "ValueError";
    case RCO_ERR_OVERFLOW: return "OverflowError";
    case RCO_ERR_RUNTIME: return "RuntimeError";
    }
    return "unknown error";
}

/* The message moves to the saved state (no copy of a long one). */
void rco__err_save(rco__err_saved *s)
{
    s->kind = current.kind;
    s->long_message = current.long_message;
    current.long_message = NULL;
    memcpy(s->message, current.message, SHORT);
    rco_err_clear();
}

void rco__err_restore(rco__err_saved *s)
{
    drop_long_message();
    current.kind = s->kind;
    current.long_message = s->long_message;
    s->long_message = NULL;
    memcpy(current.message, s->message, SHORT);
}
