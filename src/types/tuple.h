/*
 * types/tuple.h: fixed-size sequences (tuple.c).
 */
#ifndef RCO_TYPES_TUPLE_H
#define RCO_TYPES_TUPLE_H

#include "types/types.h"

#include <stdarg.h>

/* The item count is the header's size field (so that a 3-tuple is 64
 * bytes with its gc head, as in CPython): at most UINT32_MAX items. */
typedef struct rco__tuple {
    rco_object ob;
    rco_object *items[]; /* NULL: a slot not yet filled */
} rco__tuple;
static inline size_t rco__tuple_size(const rco__tuple *t)
{
    return t->ob.size;
}
/* rco.h's inline fast paths see a tuple as an rco__tuple_head. */
_Static_assert(offsetof(rco__tuple, items) == offsetof(rco__tuple_head, items), "tuple layout");

/* rco__tuple_type is exported (rco.h): the inline fast paths compare it. */

RCO__HIDDEN rco_object *rco__tuple_new(size_t n);
RCO__HIDDEN rco_object *rco__tuple_pack_va(size_t n, va_list ap);
/* Free the tuples kept for reuse (full collections, shutdown). */
RCO__HIDDEN void rco__tuple_cache_clear(void);

/* Put item (a reference handed over) into slot i of a tuple being filled.
 * Tuples are tracked only once they hold something that may lead back to
 * them: a tuple of atomic values never costs the collector anything. */
static inline void rco__tuple_fill(rco_object *t, size_t i, rco_object *item)
{
    if (RCO__UNLIKELY(rco__gc_is_tracked(t))) {
        /* a collection may be reading it (core/thread.h) */
        rco__critical_enter();
        __atomic_store_n(&((rco__tuple *)t)->items[i], item, __ATOMIC_RELEASE);
        rco__critical_leave();
        return;
    }
    ((rco__tuple *)t)->items[i] = item;
    if (RCO__UNLIKELY(rco__may_lead_to_cycles(item)))
        rco__gc_track(t);
}

#endif
