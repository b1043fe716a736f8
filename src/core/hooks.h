/*
 * core/hooks.h: how a lower layer reaches a higher one.
 *
 * Dependencies run downward only (core/core.h lists the layers). Where a
 * lower layer must call up, it calls through this table, which starts
 * empty and which the higher layer fills when it is loaded (a constructor
 * in its file; the static libraries are one relocatable object, so every
 * layer is always there). A NULL hook means the layer is not in this build.
 */
#ifndef RCO_CORE_HOOKS_H
#define RCO_CORE_HOOKS_H

#include "core/core.h"

typedef struct rco__hooks {
    /* object/ -> gc/: generation 0 went over its threshold (the collector
     * decides whether to collect, and which generation). */
    void (*collect_young)(void);
    /* object/ -> types/weakref.c: o is being destroyed and has weakrefs;
     * clear them, running their callbacks if run_callbacks. */
    void (*clear_weakrefs)(rco_object *o, bool run_callbacks);
    /* runtime/ statistics -> types/tuple.c: blocks parked in the tuple
     * cache, free as far as the program is concerned. */
    size_t (*parked_bytes)(size_t *blocks);
    /* ops/ -> text/repr.c: a repr cut to n bytes for an error message
     * ("2 is not in list"); never fails, keeps the error state. */
    void (*short_repr)(rco_object *o, char *buf, size_t n);
#ifdef RCO_DEBUG
    /* object/ and types/ -> debug/ (librco-debug only). */
    void (*on_alloc)(rco_object *o);                  /* a new object's record */
    bool (*on_free)(rco_object *o, size_t block);      /* true: quarantined, not freed */
    size_t (*quarantined_bytes)(size_t *blocks);
    void (*freed_use)(const rco_object *o, const char *fn);
    void (*freed_release)(const rco_object *o, bool by_library);
    bool (*release_allowed)(rco_object *o);           /* a library release of a dying object */
    void (*finalizer_over_release)(rco_object *o);    /* its count reached 0 in its finalizer */
    void (*misuse)(const char *what);                 /* report what the caller's line did */
    void (*ledger_give)(rco_object *o);               /* a new reference handed to the caller */
    void (*ledger_steal)(rco_object *o);              /* a caller's reference taken by _steal */
    void (*ledger_lend)(rco_object *o);               /* a borrowed reference handed out */
    void (*before_shutdown)(void);
    void (*after_shutdown)(void);
#endif
} rco__hooks;

extern rco__hooks rco__hook RCO__HIDDEN;

#endif
