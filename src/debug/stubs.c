/*
 * debug/stubs.c: the leak detective's entry points in the release library
 * (only there), which has no ledger: they say so instead of pretending.
 */
#include "core/error.h"

uint64_t rco_debug_checkpoint(void)
{
    return 0;
}

static void needs_debug_build(const char *fn);

ssize_t rco_debug_leaks(uint64_t since, FILE *out)
{
    (void)since, (void)out;
    needs_debug_build("rco_debug_leaks");
    return -1;
}

static void needs_debug_build(const char *fn)
{
    rco__err_set(RCO_ERR_VALUE, "%s: build with -DRCO_DEBUG and link librco-debug", fn);
}

intptr_t rco_debug_total_refs(void)
{
    needs_debug_build("rco_debug_total_refs");
    return -1;
}

ssize_t rco_debug_live_objects(const char *type_name)
{
    (void)type_name;
    needs_debug_build("rco_debug_live_objects");
    return -1;
}

int rco_debug_print_live_types(FILE *out)
{
    (void)out;
    needs_debug_build("rco_debug_print_live_types");
    return -1;
}

void rco_debug_set_report_stream(FILE *f)
{
    (void)f;
}

long rco_debug_misuse_count(void)
{
    return 0;
}

int rco_debug_hunt_refleaks(void (*fn)(void *arg), void *arg, int warmups, int runs,
                            rco_refleak_result *result, FILE *out)
{
    (void)fn, (void)arg, (void)warmups, (void)runs, (void)result, (void)out;
    needs_debug_build("rco_debug_hunt_refleaks");
    return -1;
}
