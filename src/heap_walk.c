/*
 * heap_walk.c: visit every object the runtime can enumerate. librco-debug
 * knows every live object (its live list); librco knows the objects the
 * collector tracks, which are all that can hold references.
 */
#include "internal.h"

#ifdef RCO_DEBUG
#include "debug/debug.h"
#endif

#ifndef RCO_DEBUG
static void walk_gc_list(const rco__gc_head *list, void (*fn)(rco_object *, void *), void *arg)
{
    for (const rco__gc_head *g = rco__gc_next(list); g != list; g = rco__gc_next(g))
        fn(rco__obj_of_gc(g), arg);
}
#endif

void rco__heap_for_each(void (*fn)(rco_object *, void *), void *arg)
{
    rco__runtime_start();
#ifdef RCO_DEBUG
    rco__debug_state *d = rco__dbg();
    for (rco__debug_record *r = d->live.next; r != &d->live; r = r->next)
        fn(rco__object_of_record(r), arg);
#else
    for (int i = 0; i < RCO__GENERATIONS; i++)
        walk_gc_list(&rco__rt.gc.generations[i].head, fn, arg);
    walk_gc_list(&rco__rt.gc.permanent, fn, arg);
#endif
}
