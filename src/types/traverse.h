/*
 * types/traverse.h: how the built-in containers visit the references they hold,
 * written once as inline functions. Each type's traverse slot calls its
 * function here; the collector calls rco__traverse, which dispatches on the
 * kind, so that with a visit function known at compile time the compiler
 * inlines the visit into the loop over the items (no indirect call per
 * reference on the collector's hot passes).
 */
#ifndef RCO_TRAVERSE_H
#define RCO_TRAVERSE_H

#include "types/class.h"
#include "types/list.h"
#include "types/set.h"
#include "types/table.h"
#include "types/tuple.h"

/* How far ahead a traversal of many items asks for the items' headers:
 * the hardware follows the items array, not the objects it points at. */
#define RCO__PREFETCH_AHEAD 8

static RCO__ALWAYS_INLINE int rco__traverse_items(rco_object *const *items, size_t n,
                                                  rco_visit_fn visit, void *arg)
{
    for (size_t i = 0; i < n; i++) {
        if (i + RCO__PREFETCH_AHEAD < n)
            __builtin_prefetch(items[i + RCO__PREFETCH_AHEAD]);
        RCO_VISIT(items[i]);
    }
    return 0;
}

static RCO__ALWAYS_INLINE int rco__traverse_table(const rco__table *t, bool values, rco_visit_fn visit,
                                                  void *arg)
{
    if (!t)
        return 0;
    rco__entry *e = rco__table_entries(t);
    for (size_t i = 0, n = t->nentries; i < n; i++) {
        if (!e[i].key)
            continue; /* deleted */
        RCO_VISIT(e[i].key);
        if (values)
            RCO_VISIT(e[i].value);
    }
    return 0;
}

/* An instance holds its class (the reference rco_instance_new took) and its
 * attribute dict. */
static RCO__ALWAYS_INLINE int rco__traverse_instance(rco_object *o, rco_visit_fn visit, void *arg)
{
    RCO_VISIT(o->type);
    RCO_VISIT(((rco__instance *)o)->attrs);
    return 0;
}

static RCO__ALWAYS_INLINE int rco__traverse(rco_object *o, rco_visit_fn visit, void *arg)
{
    int kind = o->type->kind;
    /* Lists first and without a jump table: they are most of most heaps. */
    if (kind == RCO__KIND_LIST)
        return rco__traverse_items(((rco__list *)o)->items, ((rco__list *)o)->size, visit, arg);
    switch (kind) {
    case RCO__KIND_TUPLE:
        return rco__traverse_items(((rco__tuple *)o)->items, ((rco__tuple *)o)->ob.size, visit, arg);
    case RCO__KIND_DICT:
        return rco__traverse_table(((rco__dict *)o)->table, true, visit, arg);
    case RCO__KIND_SET:
        return rco__traverse_table(((rco__set *)o)->table, false, visit, arg);
    case RCO__KIND_INSTANCE:
        return rco__traverse_instance(o, visit, arg);
    default:
        return o->type->traverse(o, visit, arg);
    }
}

#endif
