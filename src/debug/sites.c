/*
 * debug/sites.c: call sites, and the __at twins of the public functions
 * that record them.
 *
 * A site is (file, line, function, API function called there). Sites are
 * interned once into a table and named by a 32-bit index, so a record's
 * ledger stays small. The twins set the runtime's current site for the
 * duration of the real call (restoring the previous one after, since
 * finalizers and callbacks run user code that makes calls of its own);
 * everything the library records meanwhile is attributed to that line.
 */
#include "debug/debug.h"

#include <stdlib.h>

static uint64_t site_hash(const char *file, int line, const char *func, const char *api)
{
    uint64_t h = (uint64_t)(uintptr_t)file * 0x9e3779b97f4a7c15ULL;
    h ^= (uint64_t)(uint32_t)line * 0xc2b2ae3d27d4eb4fULL;
    h ^= (uint64_t)(uintptr_t)func * 0x165667b19e3779f9ULL;
    h ^= (uint64_t)(uintptr_t)api * 0x27d4eb2f165667c5ULL;
    return h ^ (h >> 29);
}

static bool same_site(const rco__site *s, const char *file, int line, const char *func, const char *api)
{
    /* File and function names are string literals: compare pointers. */
    return s->line == line && s->file == file && s->func == func && s->api == api;
}

static bool grow_index(rco__debug_state *d)
{
    uint32_t cap = d->site_index ? (d->site_index_mask + 1) * 2 : 1024;
    uint32_t *index = calloc(cap, sizeof *index);
    if (!index)
        return false;
    for (uint32_t id = 1; id < d->nsites; id++) {
        const rco__site *s = &d->sites[id];
        uint32_t i = (uint32_t)site_hash(s->file, s->line, s->func, s->api) & (cap - 1);
        while (index[i])
            i = (i + 1) & (cap - 1);
        index[i] = id;
    }
    free(d->site_index);
    d->site_index = index;
    d->site_index_mask = cap - 1;
    return true;
}

uint32_t rco__site_intern(const char *file, int line, const char *func, const char *api)
{
    rco__debug_state *d = rco__dbg();
    if (!d || !file)
        return 0;
    uint32_t *recent = &d->recent[(uint32_t)line & 63];
    if (*recent && same_site(&d->sites[*recent], file, line, func, api))
        return *recent;
    if (!d->sites) {
        d->sites = calloc(256, sizeof *d->sites);
        if (!d->sites)
            return 0;
        d->sites_cap = 256;
        d->nsites = 1; /* 0 is the unknown site */
    }
    if ((!d->site_index || (d->nsites + 1) * 2 > d->site_index_mask + 1) && !grow_index(d))
        return 0;
    uint32_t i = (uint32_t)site_hash(file, line, func, api) & d->site_index_mask;
    for (; d->site_index[i]; i = (i + 1) & d->site_index_mask)
        if (same_site(&d->sites[d->site_index[i]], file, line, func, api))
            return *recent = d->site_index[i];
    if (d->nsites == d->sites_cap) {
        rco__site *grown = realloc(d->sites, (size_t)d->sites_cap * 2 * sizeof *grown);
        if (!grown)
            return 0;
        d->sites = grown;
        d->sites_cap *= 2;
    }
    uint32_t id = d->nsites++;
    d->sites[id] = (rco__site){ file, func, api, line };
    d->site_index[i] = id;
    return *recent = id;
}

const rco__site *rco__site_get(uint32_t id)
{
    rco__debug_state *d = rco__dbg();
    return d && id && id < d->nsites ? &d->sites[id] : NULL;
}

void rco__site_format(uint32_t id, char *buf, size_t n)
{
    const rco__site *s = rco__site_get(id);
    if (!s)
        snprintf(buf, n, "an unknown place (a call without a site: code not compiled with -DRCO_DEBUG)");
    else
        snprintf(buf, n, "%s:%d (%s, %s)", s->file, s->line, s->func ? s->func : "?", s->api);
}

uint32_t rco__site_enter(const char *file, int line, const char *func, const char *api)
{
    rco__debug_state *d = rco__dbg();
    uint32_t saved = d->current_site;
    d->current_site = rco__site_intern(file, line, func, api);
    return saved;
}

void rco__site_leave(uint32_t saved)
{
    if (rco__debug_current)
        rco__debug_current->current_site = saved;
}
