/*
 * debug/detective.c: the leak detective plugged into the layers below
 * (core/hooks.h): every allocation, free, release and ownership crossing
 * of librco-debug passes through these hooks, installed when the library
 * loads.
 */
#include "debug/debug.h"

#include <stdlib.h>

/* Here, above every file of the detective, so that the state's file
 * depends on none of the tables it holds. */
static void free_state(void)
{
    rco__debug_state *d = rco__debug_current;
    if (!d)
        return;
    /* Every block goes with the pools; only the malloc'd side tables stay. */
    rco__symbols_free(d);
    rco__ledger_free(d);
    rco__stacks_free(d);
    free(d);
    rco__debug_current = NULL;
}

static void before_shutdown(void)
{
    if (rco__dbg()->live_count > 0)
        rco_debug_leaks(0, NULL);
}

/* Each hook under the detective's lock (state.c). */
#define LOCKED_VOID(name, fn, params, args)                                    \
    static void name params                                                    \
    {                                                                          \
        rco__dbg_lock();                                                       \
        fn args;                                                               \
        rco__dbg_unlock();                                                     \
    }
#define LOCKED(ret, name, fn, params, args)                                    \
    static ret name params                                                     \
    {                                                                          \
        rco__dbg_lock();                                                       \
        ret r = fn args;                                                       \
        rco__dbg_unlock();                                                     \
        return r;                                                              \
    }
LOCKED_VOID(on_alloc, rco__debug_on_alloc, (rco_object *o), (o))
LOCKED(bool, on_free, rco__debug_quarantine, (rco_object *o, size_t block), (o, block))
LOCKED(size_t, quarantined_bytes, rco__debug_quarantined_bytes, (size_t *blocks), (blocks))
LOCKED_VOID(freed_use, rco__debug_report_freed_use, (const rco_object *o, const char *fn), (o, fn))
LOCKED_VOID(freed_release, rco__debug_report_freed_release, (const rco_object *o, bool lib), (o, lib))
LOCKED(bool, release_allowed, rco__debug_release_allowed, (rco_object *o), (o))
LOCKED_VOID(finalizer_over_release, rco__debug_report_finalizer_over_release, (rco_object *o), (o))
LOCKED_VOID(misuse, rco__debug_report_misuse, (const char *what), (what))
LOCKED_VOID(ledger_give, rco__ledger_give, (rco_object *o), (o))
LOCKED_VOID(ledger_steal, rco__ledger_steal, (rco_object *o), (o))
LOCKED_VOID(ledger_lend, rco__ledger_lend, (rco_object *o), (o))
LOCKED_VOID(after_shutdown, free_state, (void), ())

__attribute__((constructor)) static void install_hooks(void)
{
    rco__hook.on_alloc = on_alloc;
    rco__hook.on_free = on_free;
    rco__hook.quarantined_bytes = quarantined_bytes;
    rco__hook.freed_use = freed_use;
    rco__hook.freed_release = freed_release;
    rco__hook.release_allowed = release_allowed;
    rco__hook.finalizer_over_release = finalizer_over_release;
    rco__hook.misuse = misuse;
    rco__hook.ledger_give = ledger_give;
    rco__hook.ledger_steal = ledger_steal;
    rco__hook.ledger_lend = ledger_lend;
    rco__hook.before_shutdown = before_shutdown;
    rco__hook.after_shutdown = after_shutdown;
}
