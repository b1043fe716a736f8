/*
 * debug/ledger.c: who took and released references, per line of user code,
 * and the reports of misuse.
 *
 * The user-facing rco_incref/rco_decref twins live here: they are the only
 * place where user code changes a count directly, so they check the object
 * first (freed? dying?) and then write the ledger.
 */
#include "debug/debug.h"

#include <stdarg.h>
#include <stdlib.h>

/* ---- the overflow table ------------------------------------------------
 * A record has room for RCO__LEDGER_SITES entries. Balanced entries are
 * reused first, so only an object with that many unbalanced origins at
 * once needs more; those go to this table (keyed by the record) instead of
 * being pooled, so that no line whose takes outnumber its releases is ever
 * hidden. */

struct rco__overflow {
    rco__debug_record *r;     /* NULL: empty; TOMBSTONE: removed */
    rco__ledger_entry *e;
    uint32_t n, cap;
};

#define TOMBSTONE ((rco__debug_record *)1)

static uint32_t record_hash(const rco__debug_record *r)
{
    uint64_t h = (uint64_t)(uintptr_t)r * 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(h >> 32);
}

static rco__overflow *overflow_find(rco__debug_state *d, const rco__debug_record *r)
{
    if (!d->overflow)
        return NULL;
    for (uint32_t i = record_hash(r) & d->overflow_mask;; i = (i + 1) & d->overflow_mask) {
        rco__overflow *o = &d->overflow[i];
        if (o->r == r)
            return o;
        if (!o->r)
            return NULL;
    }
}

static rco__overflow *overflow_add(rco__debug_state *d, rco__debug_record *r)
{
    if (!d->overflow || (d->noverflow + 1) * 2 > d->overflow_mask + 1) {
        uint32_t cap = d->overflow ? (d->overflow_mask + 1) * 2 : 64;
        rco__overflow *t = calloc(cap, sizeof *t);
        if (!t)
            return NULL;
        uint32_t n = 0;
        for (uint32_t i = 0; d->overflow && i <= d->overflow_mask; i++) {
            rco__overflow *o = &d->overflow[i];
            if (!o->r || o->r == TOMBSTONE)
                continue;
            uint32_t j = record_hash(o->r) & (cap - 1);
            while (t[j].r)
                j = (j + 1) & (cap - 1);
            t[j] = *o;
            n++;
        }
        free(d->overflow);
        d->overflow = t;
        d->overflow_mask = cap - 1;
        d->noverflow = n;
    }
    uint32_t i = record_hash(r) & d->overflow_mask;
    while (d->overflow[i].r && d->overflow[i].r != TOMBSTONE)
        i = (i + 1) & d->overflow_mask;
    d->overflow[i] = (rco__overflow){ r, NULL, 0, 0 };
    d->noverflow++;
    return &d->overflow[i];
}

void rco__ledger_forget(rco__debug_record *r)
{
    if (!(r->nledger & RCO__LEDGER_MORE))
        return;
    rco__overflow *o = overflow_find(rco__dbg(), r);
    if (o) {
        free(o->e);
        *o = (rco__overflow){ TOMBSTONE, NULL, 0, 0 };
    }
    r->nledger &= ~RCO__LEDGER_MORE;
}

void rco__ledger_free(rco__debug_state *d)
{
    for (uint32_t i = 0; d->overflow && i <= d->overflow_mask; i++)
        if (d->overflow[i].r && d->overflow[i].r != TOMBSTONE)
            free(d->overflow[i].e);
    free(d->overflow);
    d->overflow = NULL;
    d->noverflow = d->overflow_mask = 0;
    free(d->handoffs);
    d->handoffs = NULL;
    d->nhandoffs = d->handoffs_mask = 0;
}

uint32_t rco__ledger_size(const rco__debug_record *r)
{
    uint32_t n = r->nledger & ~RCO__LEDGER_MORE;
    if (r->nledger & RCO__LEDGER_MORE) {
        rco__overflow *o = overflow_find(rco__dbg(), r);
        if (o)
            n += o->n;
    }
    return n;
}

static rco__ledger_entry *entry_at(rco__debug_record *r, uint32_t i, rco__overflow **more)
{
    if (i < RCO__LEDGER_SITES)
        return &r->u.ledger[i];
    if (!*more)
        *more = overflow_find(rco__dbg(), r);
    return *more ? &(*more)->e[i - RCO__LEDGER_SITES] : NULL;
}

const rco__ledger_entry *rco__ledger_entry_at(const rco__debug_record *r, uint32_t i)
{
    rco__overflow *more = NULL;
    return entry_at((rco__debug_record *)r, i, &more);
}

/* ---- handoffs ------------------------------------------------------------ */

#define MAX_HANDOFFS (1u << 16)

static uint32_t handoff_hash(uint32_t take, uint32_t release)
{
    uint64_t h = ((uint64_t)take << 32 | release) * 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(h >> 32);
}

static void learn_handoff(rco__debug_state *d, uint32_t take, uint32_t release, uint32_t levels)
{
    if (!d->handoffs || (d->nhandoffs + 1) * 2 > d->handoffs_mask + 1) {
        if (d->nhandoffs >= MAX_HANDOFFS)
            return; /* enough to learn from; memory stays bounded */
        uint32_t cap = d->handoffs ? (d->handoffs_mask + 1) * 2 : 256;
        rco__handoff *t = calloc(cap, sizeof *t);
        if (!t)
            return;
        for (uint32_t i = 0; d->handoffs && i <= d->handoffs_mask; i++) {
            rco__handoff *h = &d->handoffs[i];
            if (!h->take)
                continue;
            uint32_t j = handoff_hash(h->take, h->release) & (cap - 1);
            while (t[j].take)
                j = (j + 1) & (cap - 1);
            t[j] = *h;
        }
        free(d->handoffs);
        d->handoffs = t;
        d->handoffs_mask = cap - 1;
    }
    uint32_t i = handoff_hash(take, release) & d->handoffs_mask;
    for (; d->handoffs[i].take; i = (i + 1) & d->handoffs_mask)
        if (d->handoffs[i].take == take && d->handoffs[i].release == release)
            return;
    d->handoffs[i] = (rco__handoff){ take, release, levels };
    d->nhandoffs++;
}

/* ---- the ledger ---------------------------------------------------------- */

/* Whether a take at `take` and a release at `release` are one function
 * invocation's business: the release's invocation is the take's, or the
 * take's minus the helpers that returned the reference (*levels of them). */
static bool balances(const rco__origin *take, const rco__origin *release, bool take_first, uint32_t *levels)
{
    /* Equal hashes of the frames above: the same invocation. */
    if (take->context && take->context == release->context) {
        *levels = 0;
        return true;
    }
    if (!take_first)
        return false; /* a release before its take: only the same invocation */
    for (uint32_t k = 1; k + 1 < take->depth; k++) {
        if (take->frames[k + 1] == release->frames[1] && rco__origin_within(take, release, k)) {
            *levels = k;
            return true;
        }
    }
    return false;
}

static inline bool unbalanced_against(const rco__ledger_entry *e, int sign)
{
    return sign > 0 ? e->released > e->taken : e->taken > e->released;
}

static inline void count(rco__ledger_entry *e, int sign)
{
    if (sign > 0)
        e->taken++;
    else
        e->released++;
}

void rco__ledger_add(rco__debug_record *r, uint32_t origin, int sign)
{
    rco__debug_state *d = rco__dbg();
    d->events++;
    rco__overflow *more = NULL;
    uint32_t n = (r->nledger & RCO__LEDGER_MORE) ? rco__ledger_size(r) : r->nledger;
    const rco__origin *here = rco__origin_get(origin);
    uint64_t context = here ? here->context : 0;
    rco__ledger_entry *free_slot = NULL, *best = NULL;
    /* One pass: the entry of this very origin, else the other line of a
     * pair in one invocation (p = rco_getattr(...) on one line,
     * rco_decref(p) on the next), which balances this one: it is never
     * blamed, and takes no room. Of several, the oldest: the first
     * reference taken in a function is the one its last release gives
     * back, so what stays unbalanced is what was taken in between and
     * dropped (the discarded rco_weakref_get). */
    for (uint32_t i = 0; i < n; i++) {
        rco__ledger_entry *e = i < RCO__LEDGER_SITES ? &r->u.ledger[i] : entry_at(r, i, &more);
        if (e->site == origin) {
            if (e->taken == e->released)
                e->since = d->events;
            count(e, sign);
            return;
        }
        if (e->taken == e->released) {
            if (!free_slot)
                free_slot = e;
        } else if (context && unbalanced_against(e, sign) && (!best || (int32_t)(e->since - best->since) < 0)) {
            const rco__origin *other = rco__origin_get(e->site);
            if (other && other->context == context)
                best = e; /* equal hashes of the frames above: the same invocation */
        }
    }
    uint32_t levels = 0;
    if (!best && context && sign < 0) {
        /* A take in helpers that returned the reference to this
         * invocation: the nearest. */
        for (uint32_t i = 0; i < n; i++) {
            rco__ledger_entry *e = i < RCO__LEDGER_SITES ? &r->u.ledger[i] : entry_at(r, i, &more);
            const rco__origin *take = rco__origin_get(e->site);
            uint32_t k;
            if (take && unbalanced_against(e, sign) && balances(take, here, true, &k) &&
                (!best || k < levels || (k == levels && (int32_t)(e->since - best->since) < 0))) {
                best = e;
                levels = k;
            }
        }
    }
    if (best) {
        count(best, sign);
        if (sign < 0 && (levels > 0 || rco__origin_get(best->site)->func != here->func))
            learn_handoff(d, best->site, origin, levels);
        return;
    }
    rco__ledger_entry *e = free_slot;
    if (!e) {
        uint32_t inline_n = r->nledger & ~RCO__LEDGER_MORE;
        if (inline_n < RCO__LEDGER_SITES) {
            e = &r->u.ledger[inline_n];
            r->nledger++;
        } else {
            if (!more)
                more = (r->nledger & RCO__LEDGER_MORE) ? overflow_find(d, r) : overflow_add(d, r);
            if (!more)
                return; /* out of memory: this event goes unrecorded */
            if (more->n == more->cap) {
                uint32_t cap = more->cap ? more->cap * 2 : 8;
                rco__ledger_entry *grown = realloc(more->e, cap * sizeof *grown);
                if (!grown)
                    return;
                more->e = grown;
                more->cap = cap;
            }
            e = &more->e[more->n++];
            r->nledger |= RCO__LEDGER_MORE;
        }
    }
    *e = (rco__ledger_entry){ origin, sign > 0, sign < 0, d->events };
}

static bool recorded(const rco_object *o)
{
    return o && rco__has_record(o) && o->type->kind != RCO__KIND_FREED && rco__dbg();
}

void rco__ledger_give(rco_object *o)
{
    if (recorded(o))
        rco__ledger_add(rco__record_of(o), rco__origin_here(), 1);
}

void rco__ledger_steal(rco_object *o)
{
    if (!recorded(o))
        return;
    rco__debug_record *r = rco__record_of(o);
    uint32_t here = rco__origin_here();
    rco__ledger_add(r, here, -1);
    r->stolen_site = here;
}

void rco__ledger_lend(rco_object *o)
{
    if (recorded(o))
        rco__record_of(o)->lent_site = rco__origin_here();
}

/* ---- the user's reference counting ---------------------------------- */

static bool check_user_object(rco_object *o, const char *fn, bool releasing)
{
    if (!o) {
        char here[256];
        rco__site_format(rco__origin_here(), here, sizeof here);
        rco__debug_misuse("%s(NULL) at %s", fn, here);
        return false;
    }
    if (o->type->kind == RCO__KIND_FREED) {
        if (releasing)
            rco__debug_report_freed_release(o, false);
        else
            rco__debug_report_freed_use(o, fn);
        return false;
    }
    return true;
}

static rco_object *user_incref(rco_object *o)
{
    rco__dbg_lock();
    bool ok = check_user_object(o, "rco_incref", false);
    if (ok && rco__has_record(o))
        rco__ledger_add(rco__record_of(o), rco__origin_here(), 1);
    rco__dbg_unlock();
    if (ok)
        rco__incref_fast(o);
    return o;
}

/* The release itself outside the lock: it may destroy the object and run
 * user code. */
static void user_decref(rco_object *o)
{
    rco__dbg_lock();
    bool ok = check_user_object(o, "rco_decref", true);
    if (ok && rco__count(o) <= 0) {
        char here[256];
        rco__site_format(rco__origin_here(), here, sizeof here);
        rco__debug_misuse("rco_decref at %s would take the count of a %s object below zero", here,
                          o->type->name);
        ok = false;
    }
    if (ok && rco__has_record(o))
        rco__ledger_add(rco__record_of(o), rco__origin_here(), -1);
    rco__dbg_unlock();
    if (ok)
        rco__decref_fast(o);
}

rco_object *rco_incref__at(RCO__SITE_PARAMS, rco_object *o)
{
    uint32_t saved = RCO__CALL_ENTER("rco_incref");
    user_incref(o);
    rco__call_leave(saved);
    return o;
}

void rco_decref__at(RCO__SITE_PARAMS, rco_object *o)
{
    uint32_t saved = RCO__CALL_ENTER("rco_decref");
    user_decref(o);
    rco__call_leave(saved);
}

void rco_xincref__at(RCO__SITE_PARAMS, rco_object *o)
{
    if (o)
        rco_incref__at(rco_file, rco_line, rco_func, o);
}

void rco_xdecref__at(RCO__SITE_PARAMS, rco_object *o)
{
    if (o)
        rco_decref__at(rco_file, rco_line, rco_func, o);
}

/* Without a site: for code that takes the functions' addresses. */
rco_object *rco_incref(rco_object *o)
{
    return user_incref(o);
}

void rco_decref(rco_object *o)
{
    user_decref(o);
}

void rco_xincref(rco_object *o)
{
    if (o)
        rco_incref(o);
}

void rco_xdecref(rco_object *o)
{
    if (o)
        rco_decref(o);
}
