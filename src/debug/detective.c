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

__attribute__((constructor)) static void install_hooks(void)
{
    rco__hook.on_alloc = rco__debug_on_alloc;
    rco__hook.on_free = rco__debug_quarantine;
    rco__hook.quarantined_bytes = rco__debug_quarantined_bytes;
    rco__hook.freed_use = rco__debug_report_freed_use;
    rco__hook.freed_release = rco__debug_report_freed_release;
    rco__hook.release_allowed = rco__debug_release_allowed;
    rco__hook.finalizer_over_release = rco__debug_report_finalizer_over_release;
    rco__hook.misuse = rco__debug_report_misuse;
    rco__hook.ledger_give = rco__ledger_give;
    rco__hook.ledger_steal = rco__ledger_steal;
    rco__hook.ledger_lend = rco__ledger_lend;
    rco__hook.before_shutdown = before_shutdown;
    rco__hook.after_shutdown = free_state;
}
