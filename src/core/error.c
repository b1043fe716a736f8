/*
 * core/error.c: the calling thread's error state.
 *
 * One convention everywhere: a failing function returns NULL or -1 and
 * records a kind and a message here. Success never clears it (as in
 * CPython), so check the return value first.
 */
#include "core/error.h"

#include <stdarg.h>

typedef struct thread_error {
    rco_errkind kind;
    char message[sizeof(((rco__err_saved *)0)->message)];
} thread_error;

static _Thread_local thread_error current;

__attribute__((format(printf, 2, 0))) static void set_va(rco_errkind kind, const char *fmt, va_list ap)
{
    current.kind = kind;
    vsnprintf(current.message, sizeof current.message, fmt, ap);
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
    current.kind = RCO_ERR_MEMORY;
    strcpy(current.message, "out of memory");
}

rco_errkind rco_err_occurred(void)
{
    return current.kind;
}

const char *rco_err_message(void)
{
    return current.kind == RCO_ERR_NONE ? "" : current.message;
}

void rco_err_clear(void)
{
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

void rco__err_save(rco__err_saved *s)
{
    s->kind = current.kind;
    memcpy(s->message, current.message, sizeof s->message);
    rco_err_clear();
}

void rco__err_restore(const rco__err_saved *s)
{
    current.kind = s->kind;
    memcpy(current.message, s->message, sizeof current.message);
}
