/*
 * debug/debug.h: the leak detective's internals (librco-debug only).
 *
 * Every heap object carries a debug record in front of it (see the layout
 * in internal.h). While the object lives, the record is on the runtime's
 * list of live objects, in creation order, and holds:
 *   serial          its place in creation order (checkpoints compare it);
 *   created_site    where it was made;
 *   ledger          per call site of user code, references taken there
 *                   (new references handed out, rco_incref) and released
 *                   there (rco_decref, stolen by a _steal function). At most
 *                   RCO__LEDGER_SITES sites; further ones pool into a last entry
 *                   with site 0, so memory stays bounded however often a
 *                   line runs;
 *   lent_site       the last line that got a borrowed reference to it;
 *   stolen_site     the last line whose reference a _steal function took.
 * References the library itself holds (a list's items) are not in the
 * ledger: reports find them by traversing the objects that hold them.
 *
 * When the object is freed its memory is not reused at once: it goes to a
 * bounded quarantine with its type replaced by rco__freed_type, its body
 * poisoned, and the record keeping where it was freed and what it was. Any
 * use of it until it leaves the quarantine is reported with both lines.
 *
 * Sites are interned (file, line, function, API function) tuples; their
 * table and everything else the detective needs besides the records is
 * allocated with malloc, so rco_debug_fail_alloc never affects it.
 */
#ifndef RCO_DEBUG_DEBUG_H
#define RCO_DEBUG_DEBUG_H

#include "gc/gc.h"
#include "text/repr.h"

#include <stdio.h>

#define RCO__LEDGER_SITES 5
#define RCO__RECORD_LIVE 0x4c495645u  /* "LIVE" */
#define RCO__RECORD_FREED 0x46524545u /* "FREE" */

typedef struct rco__debug_record rco__debug_record;

typedef struct rco__ledger_entry {
    uint32_t site;      /* 0 in the last entry: all further sites together */
    uint32_t taken;
    uint32_t released;
} rco__ledger_entry;

struct rco__debug_record {
    rco__debug_record *prev, *next; /* live list, or the quarantine while freed */
    uint64_t serial;
    uint32_t magic;
    uint32_t created_site;
    uint32_t lent_site;
    uint32_t stolen_site;
    uint32_t freed_site;
    uint32_t nledger;
    union {
        rco__ledger_entry ledger[RCO__LEDGER_SITES]; /* while alive */
        struct {                                /* once freed */
            size_t block_size;
            char type_name[48];
        } freed;
    } u;
};

typedef struct rco__site {
    const char *file;
    const char *func;
    const char *api;    /* the rco_ function called there */
    int line;
} rco__site;

typedef struct rco__debug_state {
    rco__debug_record live;        /* sentinel of the live list */
    rco__debug_record quarantine;  /* sentinel: oldest first */
    size_t quarantine_bytes, quarantine_count;
    uint64_t serial;
    long live_count;
    /* Sites: index 0 is "an unknown place". */
    rco__site *sites;
    uint32_t nsites, sites_cap;
    uint32_t *site_index;          /* open addressing over sites, 0 empty */
    uint32_t site_index_mask;
    uint32_t recent[64];           /* a site met lately, by its line: loops skip the index */
    uint32_t current_site;         /* of the public call running now */
    FILE *report_stream;
    long misuse_count;
    bool reporting;                /* a report is being written */
} rco__debug_state;

extern rco_type rco__freed_type RCO__HIDDEN;
/* The detective's state, created on first need (record.c). */
extern rco__debug_state *rco__debug_current RCO__HIDDEN;

static inline rco__debug_record *rco__record_of(const rco_object *o)
{
    return (rco__debug_record *)((char *)o - sizeof(rco__gc_head) - RCO__DEBUG_RECORD_SIZE);
}
static inline rco_object *rco__object_of_record(const rco__debug_record *r)
{
    return (rco_object *)((char *)r + RCO__DEBUG_RECORD_SIZE + sizeof(rco__gc_head));
}
static inline bool rco__has_record(const rco_object *o)
{
    return !rco__is_immortal(o);
}
/* The state, started if it is not (it aborts the process when the
 * detective cannot start: a debug build without it would mislead). */
RCO__HIDDEN rco__debug_state *rco__dbg(void);

/* state.c */
RCO__HIDDEN void rco__debug_free_state(void);
RCO__HIDDEN void rco__debug_misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
RCO__HIDDEN FILE *rco__debug_report_stream(void);

/* record.c: the hooks that make and retire records, and the reports of
 * freed objects used */
RCO__HIDDEN void rco__debug_on_alloc(rco_object *o);
RCO__HIDDEN bool rco__debug_quarantine(rco_object *o, size_t block_size);
RCO__HIDDEN size_t rco__debug_quarantined_bytes(size_t *blocks);
RCO__HIDDEN bool rco__debug_release_allowed(rco_object *o);
RCO__HIDDEN void rco__debug_report_finalizer_over_release(rco_object *o);
RCO__HIDDEN void rco__debug_report_misuse(const char *what);
RCO__HIDDEN void rco__debug_report_freed_use(const rco_object *o, const char *fn);
/* A release of a freed object: by user code, or by the library (then a
 * container still held a reference that someone else released). */
RCO__HIDDEN void rco__debug_report_freed_release(const rco_object *o, bool by_library);
/* Every live object, oldest first (fn must not free objects). */
RCO__HIDDEN void rco__debug_for_each_live(void (*fn)(rco_object *, void *), void *arg);

/* sites.c */
RCO__HIDDEN uint32_t rco__site_intern(const char *file, int line, const char *func, const char *api);
RCO__HIDDEN const rco__site *rco__site_get(uint32_t id);
RCO__HIDDEN void rco__site_format(uint32_t id, char *buf, size_t n);
/* The call-site frame of a public call: saved and restored around it. */
RCO__HIDDEN uint32_t rco__site_enter(const char *file, int line, const char *func, const char *api);
RCO__HIDDEN void rco__site_leave(uint32_t saved);

/* ledger.c */
RCO__HIDDEN void rco__ledger_give(rco_object *o);
RCO__HIDDEN void rco__ledger_steal(rco_object *o);
RCO__HIDDEN void rco__ledger_lend(rco_object *o);
RCO__HIDDEN void rco__ledger_add(rco__debug_record *r, uint32_t site, int taken, int released);

#endif
