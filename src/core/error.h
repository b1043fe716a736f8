/*
 * core/error.h: the calling thread's error state (error.c).
 */
#ifndef RCO_CORE_ERROR_H
#define RCO_CORE_ERROR_H

#include "core/core.h"

RCO__HIDDEN void rco__err_set(rco_errkind kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
RCO__HIDDEN void rco__err_memory(void);

/* The error state of the thread, saved around finalizers and callbacks so
 * that they neither see nor clobber the caller's error. */
typedef struct rco__err_saved {
    rco_errkind kind;
    char *long_message;
    char message[200];
} rco__err_saved;
/* Every save is restored once (the saved message moves back). */
RCO__HIDDEN void rco__err_save(rco__err_saved *s);
RCO__HIDDEN void rco__err_restore(rco__err_saved *s);

#endif
