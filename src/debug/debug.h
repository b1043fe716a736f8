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
 *                   there (rco_decref, stolen by a _steal function), one
 *                   entry per origin (call site and stack) however often it
 *                   runs. A take and a release in one invocation balance at
 *                   once (ledger.c); RCO__LEDGER_SITES entries fit in the
 *                   record, more go to a side table (never pooled);
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
 * Every site in a record names an origin: a call site of user code (file,
 * line, function, API function) together with the short call stack that
 * led to it, captured by walking frame pointers when something is first
 * recorded during that call and kept once in a depot (stacks.c), so that a
 * ledger entry stays 32 bits. The depot, the handoffs the ledger learns
 * from (ledger.c) and everything else the detective needs besides the
 * records are allocated with malloc, so rco_debug_fail_alloc never affects
 * them; all of it hangs off the one state below, which one lock guards
 * (state.c). Only the stack of calls in progress is per
 * thread, as it must be.
 */
#ifndef RCO_DEBUG_DEBUG_H
#define RCO_DEBUG_DEBUG_H

#include "gc/gc.h"
#include "text/repr.h"

#include <stdio.h>

#define RCO__LEDGER_SITES 4
#define RCO__STACK_DEPTH 8 /* frames kept per origin, the call site included */
#define RCO__CALL_NESTING 64
#define RCO__RECORD_LIVE 0x4c495645u  /* "LIVE" */
#define RCO__RECORD_FREED 0x46524545u /* "FREE" */
#define RCO__LEDGER_MORE 0x80000000u  /* in nledger: more entries in the overflow table */

typedef struct rco__debug_record rco__debug_record;

typedef struct rco__ledger_entry {
    uint32_t site;      /* an origin; 0: unknown place */
    uint32_t taken;
    uint32_t released;
    uint32_t since;     /* when its oldest unbalanced take was made (event count) */
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

/* An origin: where a public function was called, and from where. */
typedef struct rco__origin {
    const char *file;
    const char *func;
    const char *api;       /* the rco_ function called there */
    int line;
    uint32_t depth;        /* frames[0] is the return address into the caller */
    uint32_t walked;       /* frames read, the depth and any past it (stacks.c) */
    uint64_t hash;         /* of the site and the frames walked */
    uint64_t context;      /* of frames[1..depth): the invocation; 0 unknown */
    uintptr_t frames[RCO__STACK_DEPTH];
} rco__origin;

/* A take and the release that balanced it in a caller: the take's stack
 * minus `levels` inner frames is the release's invocation, so those frames
 * passed the reference on (levels 0: the same frame, where the take's
 * function was inlined into the release's). Reports learn from these
 * which helpers only pass references on. */
typedef struct rco__handoff {
    uint32_t take, release;
    uint32_t levels;
} rco__handoff;

typedef struct rco__overflow rco__overflow;
typedef struct rco__symbols rco__symbols;

typedef struct rco__debug_state {
    rco__debug_record live;        /* sentinel of the live list */
    rco__debug_record quarantine;  /* sentinel: oldest first */
    size_t quarantine_bytes, quarantine_count;
    uint64_t serial;
    long live_count;
    /* The stack depot: origins[0] is "an unknown place". */
    rco__origin *origins;
    uint32_t norigins, origins_cap;
    uint32_t *origin_index;        /* open addressing over origins, 0 empty */
    uint32_t origin_index_mask;
    /* Handoffs seen, deduplicated (ledger.c). */
    rco__handoff *handoffs;
    uint32_t nhandoffs, handoffs_mask;
    /* Ledger entries of records whose five inline ones are full. */
    rco__overflow *overflow;
    uint32_t noverflow, overflow_mask;
    rco__symbols *symbols;         /* symbolize.c, made by the first report */
    uint32_t events;               /* takes and releases recorded: the ledger's clock */
    FILE *report_stream;
    long misuse_count;
    bool reporting;                /* a report is being written */
} rco__debug_state;

/* The detective's lock (state.c): a critical section, recursive. */
RCO__HIDDEN void rco__dbg_lock(void);
RCO__HIDDEN void rco__dbg_unlock(void);

/* The public calls in progress on this thread, innermost last. Each twin
 * pushes its caller's site and its own frame address; the origin is
 * resolved (stack walked, depot consulted) only when the detective records
 * something during the call. The entries live here rather than on the
 * stack so that a call left by longjmp (a failing cmocka assertion) leaves
 * nothing dangling: the next call drops the entries whose frames are gone. */
typedef struct rco__call {
    const char *file, *func, *api;
    int line;
    uint32_t origin;               /* 0 until resolved */
    const void *frame;             /* the twin's frame: [0] caller's frame, [1] return address */
} rco__call;

typedef struct rco__calls {
    uint32_t depth;
    rco__call call[RCO__CALL_NESTING];
} rco__calls;

extern __thread rco__calls rco__thread_calls RCO__HIDDEN __attribute__((tls_model("initial-exec")));

/* Push the caller's site; returns what rco__call_leave restores. */
static inline __attribute__((always_inline)) uint32_t rco__call_enter(const char *file, int line, const char *func,
                                                                      const char *api, const void *frame)
{
    rco__calls *t = &rco__thread_calls;
    uint32_t depth = t->depth;
    /* An outer call's frame is above ours: any at or below it were left by a
     * longjmp. */
    while (depth && (uintptr_t)t->call[depth - 1].frame <= (uintptr_t)frame)
        depth--;
    if (RCO__LIKELY(depth < RCO__CALL_NESTING)) {
        rco__call *c = &t->call[depth];
        c->file = file;
        c->line = line;
        c->func = func;
        c->api = api;
        c->origin = 0;
        c->frame = frame;
        t->depth = depth + 1;
    }
    return depth;
}
static inline __attribute__((always_inline)) void rco__call_leave(uint32_t depth)
{
    rco__thread_calls.depth = depth;
}
#define RCO__CALL_ENTER(api) rco__call_enter(rco_file, rco_line, rco_func, api, __builtin_frame_address(0))

/* The origin of the call in progress (0 when none). */
RCO__HIDDEN uint32_t rco__origin_resolve(rco__call *c);
static inline uint32_t rco__origin_here(void)
{
    rco__calls *t = &rco__thread_calls;
    if (!t->depth)
        return 0;
    rco__call *c = &t->call[t->depth - 1];
    return RCO__LIKELY(c->origin != 0) ? c->origin : rco__origin_resolve(c);
}

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
RCO__HIDDEN rco__debug_state *rco__dbg_start(void);
static inline rco__debug_state *rco__dbg(void)
{
    rco__debug_state *d = rco__debug_current;
    return RCO__LIKELY(d != NULL) ? d : rco__dbg_start();
}

/* state.c */
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

/* stacks.c */
static inline const rco__origin *rco__origin_get(uint32_t id)
{
    rco__debug_state *d = rco__debug_current;
    return RCO__LIKELY(d && id && id < d->norigins) ? &d->origins[id] : NULL;
}
/* "file:line (function, api)" of the call site itself. */
RCO__HIDDEN void rco__site_format(uint32_t id, char *buf, size_t n);
/* Whether b's invocation is a's minus `levels` inner frames (a's frames
 * [levels+1..] are b's frames [1..], as far as both go). */
RCO__HIDDEN bool rco__origin_within(const rco__origin *a, const rco__origin *b, uint32_t levels);
RCO__HIDDEN void rco__stacks_free(rco__debug_state *d);

/* symbolize.c: frames named as "function file:line", inlined calls
 * included, only when a report is written */
typedef struct rco__frame_name {
    char func[96];
    char file[160];
    int line;
    uintptr_t pc;      /* the physical frame's return address */
    int physical;      /* index of the physical frame */
    bool library;      /* inside librco itself */
} rco__frame_name;
/* The logical frames of an origin, innermost first (the call site is the
 * first); returns how many were written. */
RCO__HIDDEN size_t rco__origin_frames(uint32_t id, rco__frame_name *out, size_t max);
/* Print an origin's stack, one frame a line after `indent`; frames inside
 * rco and those after main are left out. */
RCO__HIDDEN void rco__origin_print_stack(FILE *out, uint32_t id, const char *indent);
RCO__HIDDEN void rco__symbols_free(rco__debug_state *d);

/* ledger.c */
RCO__HIDDEN void rco__ledger_give(rco_object *o);
RCO__HIDDEN void rco__ledger_steal(rco_object *o);
RCO__HIDDEN void rco__ledger_lend(rco_object *o);
/* A reference taken (+1) or released (-1) by the call at origin. */
RCO__HIDDEN void rco__ledger_add(rco__debug_record *r, uint32_t origin, int sign);
/* The entries of a record, the overflowing ones included: i < size. */
RCO__HIDDEN uint32_t rco__ledger_size(const rco__debug_record *r);
RCO__HIDDEN const rco__ledger_entry *rco__ledger_entry_at(const rco__debug_record *r, uint32_t i);
/* The record's object is freed: its overflowing entries go. */
RCO__HIDDEN void rco__ledger_forget(rco__debug_record *r);
RCO__HIDDEN void rco__ledger_free(rco__debug_state *d);

#endif
