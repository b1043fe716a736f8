/*
 * runtime/lifecycle.c: the end of the runtime, and what only the whole
 * library can tell about memory.
 *
 * Nothing needs starting: every layer's state is ready from load time
 * (empty lists, default thresholds), so the first call of any function
 * works. rco_shutdown brings every layer back to that state; the next use
 * starts afresh, with what the user configured (the system allocator) and
 * the process's hash key kept.
 */
#include "gc/gc.h"

/* Shutdown frees every object: refused while the calling thread is in the
 * middle of an operation on some (a finalizer, a callback or a user slot
 * calling it, a destruction or a collection running). */
static bool refused(void)
{
    if (rco__thread_others_alive()) {
        rco__err_set(RCO_ERR_RUNTIME, "rco_shutdown: refused while other threads that used rco are running "
                                      "(they may still hold objects); call it once they have exited");
        return true;
    }
    if (!rco__in_user_code && !rco__destroying() && !rco__gc_collecting_here())
        return false;
    rco__err_set(RCO_ERR_RUNTIME, "rco_shutdown: refused inside a finalizer, a callback, a type's slot or a "
                                  "collection, which would go on with freed objects");
#ifdef RCO_DEBUG
    if (rco__hook.misuse)
        rco__hook.misuse("rco_shutdown inside a finalizer, a callback, a type's slot or a collection (refused)");
#endif
    return true;
}

void rco_shutdown(void)
{
    if (refused())
        return;
#ifdef RCO_DEBUG
    if (rco__hook.before_shutdown)
        rco__hook.before_shutdown();
#endif
    rco__gc_shutdown();
    rco__weakref_forget_all();
    rco__tuple_cache_clear();
#ifdef RCO_DEBUG
    if (rco__hook.after_shutdown)
        rco__hook.after_shutdown();
#endif
    rco__alloc_release_all();
    rco__gc_lists_reset();
}

void rco_mem_get_stats(rco_mem_stats *out)
{
    rco__safepoint();
    if (!out)
        return;
    rco__alloc_stats(out);
    /* Blocks parked above the allocator (kept tuples, the debug build's
     * quarantine) are freed as far as the program is concerned. */
    size_t blocks = 0;
    if (rco__hook.parked_bytes) {
        out->bytes_in_use -= rco__hook.parked_bytes(&blocks);
        out->blocks_in_use -= blocks;
    }
#ifdef RCO_DEBUG
    if (rco__hook.quarantined_bytes) {
        out->bytes_in_use -= rco__hook.quarantined_bytes(&blocks);
        out->blocks_in_use -= blocks;
    }
#endif
}
