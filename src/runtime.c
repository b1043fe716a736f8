/*
 * runtime.c: the one struct that holds all of the library's mutable state,
 * started on first use and torn down by rco_shutdown.
 *
 * Keeping everything in rco__rt (instead of globals spread over the files)
 * leaves the door open to a runtime per thread later, and makes shutdown a
 * matter of resetting one struct.
 */
#include "internal.h"

#ifdef RCO_DEBUG
#include "debug/debug.h"
#endif

rco__runtime rco__rt;

void rco__runtime_start_slow(void)
{
    if (rco__rt.started)
        return;
    rco__rt.started = true;
    rco__gc_start();
#ifdef RCO_DEBUG
    rco__debug_start();
#endif
}

void rco_shutdown(void)
{
    if (!rco__rt.started)
        return;
#ifdef RCO_DEBUG
    rco__debug_before_shutdown();
#endif
    rco__gc_shutdown();
    rco__ptrmap_free(&rco__rt.weakrefs);
#ifdef RCO_DEBUG
    rco__debug_shutdown();
#endif
    rco__alloc_release_all();

    /* Start afresh next time, keeping what the user configured and the
     * process's hash key. */
    rco__allocator_state alloc = rco__rt.alloc;
    uint64_t key0 = rco__rt.hash_key[0], key1 = rco__rt.hash_key[1];
    bool atexit_registered = rco__rt.debug_atexit_registered;
    memset(&rco__rt, 0, sizeof rco__rt);
    rco__rt.alloc.sys_malloc = alloc.sys_malloc;
    rco__rt.alloc.sys_realloc = alloc.sys_realloc;
    rco__rt.alloc.sys_free = alloc.sys_free;
    rco__rt.alloc.sys_ctx = alloc.sys_ctx;
    rco__rt.alloc.failed_on_purpose = alloc.failed_on_purpose;
    rco__rt.hash_key[0] = key0;
    rco__rt.hash_key[1] = key1;
    rco__rt.debug_atexit_registered = atexit_registered;
}
