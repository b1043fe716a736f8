/*
 * types/weakref.h: references that do not keep their target alive
 * (weakref.c).
 */
#ifndef RCO_TYPES_WEAKREF_H
#define RCO_TYPES_WEAKREF_H

#include "types/types.h"

typedef struct rco__weakref {
    rco_object ob;
    rco_object *target;  /* not a reference; NULL once cleared */
    rco_weak_callback callback;
    void *callback_arg;
    struct rco__weakref *next_of_target; /* the target's weakrefs, newest first */
    struct rco__weakref *prev_of_target;
} rco__weakref;

extern rco_type rco__weakref_type RCO__HIDDEN;

/* Detach every weakref from target (newest first), leaving each cleared;
 * those with a callback that are not dying themselves are handed to keep()
 * before any callback runs. */
RCO__HIDDEN void rco__weakref_detach_all(rco_object *target, void (*keep)(rco__weakref *, void *),
                                         void *ctx);
RCO__HIDDEN void rco__weakref_run_callback(rco__weakref *wr);
/* Forget every target (rco_shutdown). */
RCO__HIDDEN void rco__weakref_forget_all(void);

#endif
