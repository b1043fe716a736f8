/*
 * debug/stacks.c: origins, the calls of user code the detective records,
 * each with its short call stack, kept once in a depot.
 *
 * A twin pushes its caller's site and its own frame address (debug.h,
 * rco__call_enter), which costs a few stores. Only when the detective
 * records something during the call is the stack walked: from the twin's
 * frame up the chain of saved frame pointers, at most RCO__STACK_DEPTH
 * return addresses, the first being the call site in user code. Then the
 * depot, an open-addressing table keyed by a hash of the addresses and the
 * site, gives the walk a 32-bit id (the same stack always gets the same
 * id, as in the sanitizers' stack depots), which is what ledgers keep.
 * Nothing is symbolized here: addresses become names only when a report
 * is printed (symbolize.c).
 *
 * The walk trusts a saved frame pointer only if it lies above the previous
 * one on this thread's stack and holds a return address inside the code of
 * a loaded object, so code compiled without frame pointers (whose %rbp is
 * any value) ends the stack instead of producing garbage or a crash: such
 * a caller's origins have one frame, its call site, which __FILE__ and
 * __LINE__ name exactly anyway. The objects are read at the first walk and
 * again, at most once per 1024 unknown addresses, when the loader's count
 * of loaded objects changed: frames in an object loaded later (dlopen)
 * may end stacks for a while.
 */
#define _GNU_SOURCE
#include "debug/debug.h"

#include <link.h>
#include <pthread.h>
#include <stdlib.h>

__thread rco__calls rco__thread_calls __attribute__((tls_model("initial-exec")));

/* The top of this thread's stack, found once per thread. */
static __thread uintptr_t stack_top __attribute__((tls_model("initial-exec")));

static uintptr_t find_stack_top(void)
{
    pthread_attr_t attr;
    void *addr;
    size_t size;
    uintptr_t top = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        if (pthread_attr_getstack(&attr, &addr, &size) == 0)
            top = (uintptr_t)addr + size;
        pthread_attr_destroy(&attr);
    }
    /* Unknown: no frame above the call site is trusted. */
    return top ? top : 1;
}

/* ---- where code is ---------------------------------------------------- */

/* The executable segments of the objects loaded when the first stack was
 * taken: a return address outside them ends a walk. Objects loaded later
 * (dlopen) are added when an address is not found, at most once per
 * change of the loaded set. */
#define MAX_TEXT 64
static struct {
    uintptr_t lo[MAX_TEXT], hi[MAX_TEXT];
    int n;
    unsigned long long adds; /* dl_iterate_phdr's count of loads seen */
} text;

static int add_object(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size, (void)arg;
    text.adds = info->dlpi_adds;
    for (int i = 0; i < info->dlpi_phnum && text.n < MAX_TEXT; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        text.lo[text.n] = info->dlpi_addr + ph->p_vaddr;
        text.hi[text.n] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
        text.n++;
    }
    return 0;
}

static int count_adds(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    *(unsigned long long *)arg = info->dlpi_adds;
    return 1;
}

static void read_text(void)
{
    text.n = 0;
    dl_iterate_phdr(add_object, NULL);
    for (int i = 1; i < text.n; i++) { /* a few dozen: insertion sort */
        uintptr_t lo = text.lo[i], hi = text.hi[i];
        int j = i;
        for (; j > 0 && text.lo[j - 1] > lo; j--) {
            text.lo[j] = text.lo[j - 1];
            text.hi[j] = text.hi[j - 1];
        }
        text.lo[j] = lo;
        text.hi[j] = hi;
    }
}

/* Consecutive frames are mostly in one object: the segment that matched
 * last is tried first. */
static int last_text;

static inline bool in_text(uintptr_t pc)
{
    int i = last_text;
    if (RCO__LIKELY(pc - text.lo[i] < text.hi[i] - text.lo[i]))
        return true;
    /* The segments are sorted by address (read_text). */
    int lo = 0, hi = text.n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (text.hi[mid] <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < text.n && pc >= text.lo[lo]) {
        last_text = lo;
        return true;
    }
    return false;
}

/* Asking the loader is a locked walk of its list: an address already found
 * outside, and most misses (the same return address in a caller without
 * frame pointers, over and over), are answered without it. */
static uintptr_t last_miss;
static uint32_t misses;

static RCO__NOINLINE bool in_new_text(uintptr_t pc)
{
    if (pc == last_miss || (misses++ & 1023) != 0) {
        last_miss = pc;
        return false;
    }
    last_miss = pc;
    unsigned long long adds = 0;
    dl_iterate_phdr(count_adds, &adds);
    if (adds == text.adds)
        return false;
    read_text();
    return in_text(pc);
}

/* ---- the walk ---------------------------------------------------------- */

static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 31);
}


/* The frames above the call, as far as the saved frame pointers look
 * like a chain on this thread's stack, and their hash. Whether each is a
 * return address into code is checked only when a stack is new (intern). */
static inline uint32_t walk(const rco__call *c, uintptr_t *frames, uint64_t *hash)
{
    if (RCO__UNLIKELY(!stack_top))
        stack_top = find_stack_top();
    const uintptr_t *fp = c->frame;
    uint64_t h = frames[0] = fp[1];
    uint32_t n = 1;
    uintptr_t below = (uintptr_t)fp, top = stack_top - 2 * sizeof(uintptr_t);
    const uintptr_t *next = (const uintptr_t *)fp[0];
    while (n < RCO__STACK_DEPTH) {
        uintptr_t at = (uintptr_t)next;
        if (at <= below || at > top || (at & (sizeof(uintptr_t) - 1)))
            break;
        uintptr_t pc = next[1];
        frames[n++] = pc;
        h = mix(h, pc);
        below = at;
        next = (const uintptr_t *)next[0];
    }
    *hash = mix(mix(h, (uintptr_t)c->file), (uint64_t)(uint32_t)c->line);
    return n;
}

/* How many of the walked frames are return addresses into code. */
static uint32_t valid_depth(const uintptr_t *frames, uint32_t n)
{
    if (RCO__UNLIKELY(!text.n))
        read_text();
    uint32_t k = 1;
    while (k < n && (in_text(frames[k]) || in_new_text(frames[k])))
        k++;
    return k;
}

/* ---- the depot --------------------------------------------------------- */

static inline bool same_origin(const rco__origin *o, const rco__call *c, uint64_t hash, const uintptr_t *frames,
                               uint32_t walked)
{
    /* The hash covers the file and line; a return address always comes
     * with the same site, so the rest is a formality. */
    if (o->hash != hash || o->walked != walked || o->line != c->line || o->file != c->file)
        return false;
    for (uint32_t i = 0; i < walked; i++)
        if (o->frames[i] != frames[i])
            return false;
    return true;
}

static bool grow_index(rco__debug_state *d)
{
    uint32_t cap = d->origin_index ? (d->origin_index_mask + 1) * 2 : 4096;
    uint32_t *index = calloc(cap, sizeof *index);
    if (!index)
        return false;
    for (uint32_t id = 1; id < d->norigins; id++) {
        uint32_t i = (uint32_t)d->origins[id].hash & (cap - 1);
        while (index[i])
            i = (i + 1) & (cap - 1);
        index[i] = id;
    }
    free(d->origin_index);
    d->origin_index = index;
    d->origin_index_mask = cap - 1;
    return true;
}

static uint32_t intern(rco__debug_state *d, const rco__call *c, const uintptr_t *frames, uint32_t walked,
                       uint64_t hash)
{
    if (RCO__UNLIKELY(!d->origins)) {
        d->origins = calloc(1024, sizeof *d->origins);
        if (!d->origins)
            return 0;
        d->origins_cap = 1024;
        d->norigins = 1; /* 0 is the unknown place */
    }
    if (RCO__UNLIKELY((!d->origin_index || (d->norigins + 1) * 2 > d->origin_index_mask + 1) && !grow_index(d)))
        return 0;
    uint32_t i = (uint32_t)hash & d->origin_index_mask;
    for (; d->origin_index[i]; i = (i + 1) & d->origin_index_mask) {
        uint32_t id = d->origin_index[i];
        if (same_origin(&d->origins[id], c, hash, frames, walked))
            return id;
    }
    if (d->norigins == d->origins_cap) {
        rco__origin *grown = realloc(d->origins, (size_t)d->origins_cap * 2 * sizeof *grown);
        if (!grown)
            return 0;
        d->origins = grown;
        d->origins_cap *= 2;
    }
    uint32_t id = d->norigins++;
    rco__origin *o = &d->origins[id];
    /* New: the frames past the first that is not a return address into
     * code were read from a caller without frame pointers, and are not
     * part of the stack (they stay in the key, so that the same walk finds
     * this origin again). */
    uint32_t depth = valid_depth(frames, walked);
    uint64_t context = 0;
    for (uint32_t k = 1; k < depth; k++)
        context = mix(context, frames[k]);
    if (depth > 1 && !context)
        context = 1; /* 0 means "no context known" */
    *o = (rco__origin){ c->file, c->func, c->api, c->line, depth, walked, hash, context, { 0 } };
    memcpy(o->frames, frames, walked * sizeof *frames);
    d->origin_index[i] = id;
    return id;
}

uint32_t rco__origin_resolve(rco__call *c)
{
    rco__debug_state *d = rco__dbg();
    if (!c->file)
        return 0;
    uintptr_t frames[RCO__STACK_DEPTH];
    uint64_t hash;
    uint32_t walked = walk(c, frames, &hash);
    return c->origin = intern(d, c, frames, walked, hash);
}

bool rco__origin_within(const rco__origin *a, const rco__origin *b, uint32_t levels)
{
    if (!a->context || !b->context || levels + 1 >= a->depth)
        return false;
    uint32_t na = a->depth - levels - 1, nb = b->depth - 1;
    /* A stack cut at the depth limit is compared as far as it goes; one
     * that ended before the limit ended there for both. */
    if (na < nb && a->depth < RCO__STACK_DEPTH)
        return false;
    if (nb < na && b->depth < RCO__STACK_DEPTH)
        return false;
    uint32_t n = na < nb ? na : nb;
    for (uint32_t i = 0; i < n; i++)
        if (a->frames[levels + 1 + i] != b->frames[1 + i])
            return false;
    return true;
}

void rco__site_format(uint32_t id, char *buf, size_t n)
{
    const rco__origin *o = rco__origin_get(id);
    if (!o)
        snprintf(buf, n, "an unknown place (a call without a site: code not compiled with -DRCO_DEBUG)");
    else
        snprintf(buf, n, "%s:%d (%s, %s)", o->file, o->line, o->func ? o->func : "?", o->api);
}

void rco__stacks_free(rco__debug_state *d)
{
    free(d->origins);
    free(d->origin_index);
    d->origins = NULL;
    d->origin_index = NULL;
    d->norigins = d->origins_cap = 0;
}
