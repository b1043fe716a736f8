/*
 * debug/leaks.c: the reports: which objects outlived a checkpoint, who
 * holds them, and which lines took references that were never released.
 *
 * For the objects created after the checkpoint (the suspects):
 *   1. count, for each, the references that other live objects explain
 *      (by traversing every live object that can hold references);
 *   2. what the count leaves unexplained is held by C code: those suspects
 *      are the roots of the leak, and the lines of their ledger with more
 *      references taken than released name the culprits;
 *   3. suspects reachable from a root are only alive because of it: they
 *      are listed under it as what it keeps alive;
 *   4. the rest are held by objects older than the checkpoint, or form
 *      cycles nothing holds (a collection would free them).
 * Roots with the same type, creation line and unreleased lines are one
 * entry with a count, so a leak in a loop of a million iterations is one
 * entry, not a million.
 */
#include "debug/debug.h"

#include <stdlib.h>

#define MAX_SHOWN_SITES 8

typedef struct suspect {
    rco_object *obj;
    intptr_t explained;  /* references from other live objects */
    rco_object *holder;  /* one of them, preferably a suspect */
    size_t root;         /* index of the root keeping it alive, or SIZE_MAX */
    bool grouped;
} suspect;

typedef struct by_address {
    const rco_object *obj;
    size_t index; /* in report.s */
} by_address;

typedef struct call_point call_point;
typedef struct pass_points {
    call_point *p;
    size_t n, cap;
    bool ready;
} pass_points;

typedef struct report {
    suspect *s;          /* oldest first */
    by_address *sorted;  /* the same objects in address order, for lookup */
    size_t n;
    pass_points pass;    /* learned when the first take is blamed */
} report;

static int cmp_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const by_address *)a)->obj, y = (uintptr_t)((const by_address *)b)->obj;
    return x < y ? -1 : x > y;
}

/* The index of o among the suspects, or SIZE_MAX. */
static size_t find(const report *rep, const rco_object *o)
{
    size_t lo = 0, hi = rep->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)rep->sorted[mid].obj < (uintptr_t)o)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < rep->n && rep->sorted[lo].obj == o ? rep->sorted[lo].index : SIZE_MAX;
}

static bool can_hold(const rco_object *o)
{
    return rco__holds_references(o);
}

typedef struct holder_visit {
    report *rep;
    rco_object *parent;
    bool parent_is_suspect;
} holder_visit;

static int visit_explain(rco_object *child, void *arg)
{
    holder_visit *h = arg;
    size_t i = find(h->rep, child);
    if (i != SIZE_MAX) {
        suspect *s = &h->rep->s[i];
        s->explained++;
        if (!s->holder || h->parent_is_suspect)
            s->holder = h->parent;
    }
    return 0;
}

static void explain_from(rco_object *o, void *arg)
{
    report *rep = arg;
    if (!can_hold(o))
        return;
    holder_visit h = { rep, o, find(rep, o) != SIZE_MAX };
    o->type->traverse(o, visit_explain, &h);
}

typedef struct mark_visit {
    report *rep;
    size_t root;
    size_t *queue;
    size_t *tail;
} mark_visit;

static int visit_mark(rco_object *child, void *arg)
{
    mark_visit *m = arg;
    size_t i = find(m->rep, child);
    if (i != SIZE_MAX && m->rep->s[i].root == SIZE_MAX) {
        m->rep->s[i].root = m->root;
        m->queue[(*m->tail)++] = i;
    }
    return 0;
}

static intptr_t external(const suspect *s)
{
    return rco__count(s->obj) - s->explained;
}

/* Objects held by C code are roots; mark what each root keeps alive that
 * is not a root itself (breadth first, via traverse). */
static bool mark_kept_alive(report *rep)
{
    size_t *queue = malloc((rep->n + 1) * sizeof *queue);
    if (!queue)
        return false;
    for (size_t r = 0; r < rep->n; r++)
        if (external(&rep->s[r]) > 0)
            rep->s[r].root = r;
    for (size_t r = 0; r < rep->n; r++) {
        if (rep->s[r].root != r)
            continue;
        size_t head = 0, tail = 0;
        queue[tail++] = r;
        mark_visit m = { rep, r, queue, &tail };
        while (head < tail) {
            rco_object *o = rep->s[queue[head++]].obj;
            if (can_hold(o))
                o->type->traverse(o, visit_mark, &m);
        }
    }
    free(queue);
    return true;
}

static int net(const rco__ledger_entry *e)
{
    return e->taken > e->released ? 1 : e->taken < e->released ? -1 : 0;
}

/* Lookalike roots: the same creation stack and the same unbalanced
 * entries (stacks included), in the same direction. */
static bool same_unreleased(const rco__debug_record *a, const rco__debug_record *b)
{
    if (a->created_site != b->created_site)
        return false;
    uint32_t na = rco__ledger_size(a), nb = rco__ledger_size(b), i = 0, j = 0;
    for (;;) {
        while (i < na && net(rco__ledger_entry_at(a, i)) == 0)
            i++;
        while (j < nb && net(rco__ledger_entry_at(b, j)) == 0)
            j++;
        if (i == na || j == nb)
            return i == na && j == nb;
        const rco__ledger_entry *x = rco__ledger_entry_at(a, i++), *y = rco__ledger_entry_at(b, j++);
        if (x->site != y->site || net(x) != net(y))
            return false;
    }
}

/* ---- helpers that pass references on ---------------------------------
 * A handoff (ledger.c) says that a reference taken with one stack was
 * released in an invocation further out: the logical frames between (the
 * helper's call of the rco function, the helper's caller's call of the
 * helper, ... including those inlined) only passed it on. Those call
 * points, as source lines, are skipped when a take is blamed: the report
 * names the innermost frame that kept the reference. */

struct call_point {
    char file[160];
    int line;
};

static bool is_pass_point(const pass_points *pp, const rco__frame_name *f)
{
    for (size_t i = 0; i < pp->n; i++)
        if (pp->p[i].line == f->line && strcmp(pp->p[i].file, f->file) == 0)
            return true;
    return false;
}

static void add_pass_point(pass_points *pp, const rco__frame_name *f)
{
    if (is_pass_point(pp, f))
        return;
    if (pp->n == pp->cap) {
        size_t cap = pp->cap ? pp->cap * 2 : 16;
        call_point *grown = realloc(pp->p, cap * sizeof *grown);
        if (!grown)
            return;
        pp->p = grown;
        pp->cap = cap;
    }
    call_point *c = &pp->p[pp->n++];
    snprintf(c->file, sizeof c->file, "%s", f->file);
    c->line = f->line;
}

#define MAX_NAMED (RCO__STACK_DEPTH * 2)

static void learn_pass_points(pass_points *pp)
{
    rco__debug_state *d = rco__dbg();
    pp->ready = true;
    for (uint32_t i = 0; d->handoffs && i <= d->handoffs_mask; i++) {
        const rco__handoff *h = &d->handoffs[i];
        const rco__origin *release = rco__origin_get(h->release);
        if (!h->take || !release)
            continue;
        rco__frame_name frames[MAX_NAMED];
        size_t n = rco__origin_frames(h->take, frames, MAX_NAMED);
        for (size_t k = 0; k < n; k++) {
            if ((uint32_t)frames[k].physical > h->levels)
                break;
            /* In the releasing invocation's own physical frame, only the
             * functions inlined into the releasing function passed it on. */
            if ((uint32_t)frames[k].physical == h->levels && release->func &&
                strcmp(frames[k].func, release->func) == 0)
                break;
            add_pass_point(pp, &frames[k]);
        }
    }
}

/* The logical frame a take is blamed on: the innermost that is not a
 * helper passing the reference on. Returns its index in frames. */
static size_t blame(pass_points *pp, uint32_t origin, rco__frame_name *frames, size_t *n)
{
    if (!pp->ready)
        learn_pass_points(pp);
    *n = rco__origin_frames(origin, frames, MAX_NAMED);
    size_t k = 0;
    while (k + 1 < *n && is_pass_point(pp, &frames[k]))
        k++;
    return k;
}

/* "file:line (function, api)", or for a take blamed on a caller of the
 * helpers that passed it on, "file:line (caller, via helper -> api)". */
static void describe_take(pass_points *pp, uint32_t origin, char *buf, size_t size, uint32_t *blamed_depth)
{
    rco__frame_name frames[MAX_NAMED];
    size_t n;
    size_t k = rco__origin_get(origin) ? blame(pp, origin, frames, &n) : 0;
    if (blamed_depth)
        *blamed_depth = (uint32_t)k;
    if (k == 0) {
        rco__site_format(origin, buf, size);
        return;
    }
    int used = snprintf(buf, size, "%s:%d (%s, via", frames[k].file, frames[k].line, frames[k].func);
    for (size_t i = k; i-- > 0 && used > 0 && (size_t)used < size;)
        used += snprintf(buf + used, size - (size_t)used, " %s ->", frames[i].func);
    if (used > 0 && (size_t)used < size)
        snprintf(buf + used, size - (size_t)used, " %s)", rco__origin_get(origin)->api);
}

static void print_ledger(FILE *out, const rco__debug_record *r, pass_points *pp)
{
    int shown = 0;
    uint32_t n = rco__ledger_size(r);
    for (uint32_t i = 0; i < n; i++) {
        const rco__ledger_entry *e = rco__ledger_entry_at(r, i);
        if (e->taken <= e->released)
            continue;
        char site[600];
        describe_take(pp, e->site, site, sizeof site, NULL);
        if (shown++ == 0)
            fprintf(out, "    references taken and never released:\n");
        fprintf(out, "      %s: %u taken, %u released\n", site, e->taken, e->released);
        rco__origin_print_stack(out, e->site, "        ");
    }
    for (uint32_t i = 0; i < n; i++) {
        const rco__ledger_entry *e = rco__ledger_entry_at(r, i);
        if (e->released <= e->taken || e->site == 0)
            continue;
        char site[300];
        rco__site_format(e->site, site, sizeof site);
        fprintf(out, "    released more than taken at %s: %u taken, %u released\n", site, e->taken,
                e->released);
        rco__origin_print_stack(out, e->site, "        ");
    }
}

static void print_kept_alive(FILE *out, const report *rep, size_t root)
{
    size_t count = 0;
    for (size_t i = 0; i < rep->n; i++)
        if (i != root && rep->s[i].root == root)
            count++;
    if (!count)
        return;
    fprintf(out, "    keeps alive %zu more object%s created since the checkpoint:", count,
            count == 1 ? "" : "s");
    size_t shown = 0;
    for (size_t i = 0; i < rep->n && shown < 6; i++) {
        if (i == root || rep->s[i].root != root)
            continue;
        char repr[60];
        rco__short_repr(rep->s[i].obj, repr, sizeof repr);
        fprintf(out, "%s %s %s", shown ? "," : "", rep->s[i].obj->type->name, repr);
        shown++;
    }
    fprintf(out, "%s\n", count > shown ? ", ..." : "");
}

static void print_root(FILE *out, report *rep, size_t r, size_t alike)
{
    suspect *s = &rep->s[r];
    rco__debug_record *rec = rco__record_of(s->obj);
    char created[600], repr[80];
    describe_take(&rep->pass, rec->created_site, created, sizeof created, NULL);
    rco__short_repr(s->obj, repr, sizeof repr);
    if (alike > 1)
        fprintf(out, "rco: leak: %zu %s objects created at %s are still alive; the first:\n", alike,
                s->obj->type->name, created);
    else
        fprintf(out, "rco: leak: %s object created at %s is still alive:\n", s->obj->type->name, created);
    fprintf(out, "    %p %s, count %ld: ", (void *)s->obj, repr, (long)rco__count(s->obj));
    if (s->explained > 0) {
        char holder_repr[40];
        rco__short_repr(s->holder, holder_repr, sizeof holder_repr);
        fprintf(out, "%ld held by other objects (e.g. %s %p %s), ", (long)s->explained,
                s->holder->type->name, (void *)s->holder, holder_repr);
    }
    fprintf(out, "%ld held by C code\n", (long)external(s));
    print_ledger(out, rec, &rep->pass);
    bool created_shown = false;
    for (uint32_t i = 0, n = rco__ledger_size(rec); i < n; i++) {
        const rco__ledger_entry *e = rco__ledger_entry_at(rec, i);
        created_shown = created_shown || (e->site == rec->created_site && e->taken > e->released);
    }
    if (!created_shown && rec->created_site) {
        fprintf(out, "    created by:\n");
        rco__origin_print_stack(out, rec->created_site, "        ");
    }
    print_kept_alive(out, rep, r);
}

static void print_unrooted(FILE *out, report *rep)
{
    size_t held_by_old = 0, cyclic = 0;
    size_t first_old = SIZE_MAX, first_cyclic = SIZE_MAX;
    bool legacy = false; /* a legacy_del makes a garbage cycle uncollectable */
    for (size_t i = 0; i < rep->n; i++) {
        suspect *s = &rep->s[i];
        if (s->root != SIZE_MAX)
            continue;
        if (s->holder && find(rep, s->holder) == SIZE_MAX) {
            if (held_by_old++ == 0)
                first_old = i;
        } else {
            if (cyclic++ == 0)
                first_cyclic = i;
            legacy = legacy || s->obj->type->legacy_del;
        }
    }
    if (held_by_old) {
        suspect *s = &rep->s[first_old];
        char created[300], repr[60];
        rco__site_format(rco__record_of(s->obj)->created_site, created, sizeof created);
        rco__short_repr(s->obj, repr, sizeof repr);
        fprintf(out, "rco: %zu object%s held by objects created before the checkpoint; e.g. %s %s "
                     "created at %s, held by %s %p\n",
                held_by_old, held_by_old == 1 ? " is" : "s are", s->obj->type->name, repr, created,
                s->holder->type->name, (void *)s->holder);
    }
    if (cyclic) {
        suspect *s = &rep->s[first_cyclic];
        char created[300];
        rco__site_format(rco__record_of(s->obj)->created_site, created, sizeof created);
        fprintf(out, "rco: %zu object%s only in cycles nothing holds (%s); e.g. %s created at %s\n",
                cyclic, cyclic == 1 ? " is" : "s are",
                legacy ? "a legacy_del among them makes them uncollectable: rco_gc_collect would "
                         "list them in rco_gc_garbage()"
                       : "rco_gc_collect would free them",
                s->obj->type->name, created);
    }
}

static void print_report(FILE *out, report *rep, uint64_t since)
{
    size_t roots = 0;
    for (size_t i = 0; i < rep->n; i++)
        if (rep->s[i].root == i)
            roots++;
    fprintf(out, "rco: %zu object%s created since checkpoint %llu %s still alive; %zu held by C code\n",
            rep->n, rep->n == 1 ? "" : "s", (unsigned long long)since, rep->n == 1 ? "is" : "are", roots);
    for (size_t r = 0; r < rep->n; r++) {
        if (rep->s[r].root != r || rep->s[r].grouped)
            continue;
        size_t alike = 1;
        const rco__debug_record *rec = rco__record_of(rep->s[r].obj);
        for (size_t j = r + 1; j < rep->n; j++) {
            suspect *o = &rep->s[j];
            if (o->root == j && !o->grouped && o->obj->type == rep->s[r].obj->type &&
                same_unreleased(rec, rco__record_of(o->obj))) {
                o->grouped = true;
                alike++;
            }
        }
        print_root(out, rep, r, alike);
    }
    print_unrooted(out, rep);
    fflush(out);
}

static void report_free(report *rep)
{
    free(rep->s);
    free(rep->sorted);
    free(rep->pass.p);
}

/* Objects the runtime itself owns (the garbage list) are never leaks. */
static bool owned_by_runtime(const rco_object *o)
{
    return o == rco__gc.garbage;
}

/* Gather the suspects, oldest first; false when out of memory. */
static bool gather(report *rep, uint64_t since)
{
    rco__debug_state *d = rco__dbg();
    size_t n = 0;
    for (rco__debug_record *r = d->live.prev; r != &d->live && r->serial > since; r = r->prev)
        n += !owned_by_runtime(rco__object_of_record(r));
    rep->n = n;
    rep->s = calloc(n + 1, sizeof *rep->s);
    rep->sorted = malloc((n + 1) * sizeof *rep->sorted);
    if (!rep->s || !rep->sorted)
        return false;
    rco__debug_record *r = d->live.prev;
    for (size_t i = n; i-- > 0; r = r->prev) {
        while (owned_by_runtime(rco__object_of_record(r)))
            r = r->prev;
        rep->s[i].obj = rco__object_of_record(r);
        rep->s[i].root = SIZE_MAX;
        rep->sorted[i] = (by_address){ rep->s[i].obj, i };
    }
    qsort(rep->sorted, n, sizeof *rep->sorted, cmp_address);
    return true;
}

/* Reports over the live objects: the world stopped, so that no thread
 * changes what they read, then the detective's lock (state.c). */
static void report_begin(void)
{
    rco__stop_the_world();
    rco__dbg_lock();
}

static void report_end(void)
{
    rco__dbg_unlock();
    rco__start_the_world();
}

static ssize_t leaks(uint64_t since, FILE *out)
{
    rco__debug_state *d = rco__dbg();
    if (d->reporting)
        return 0;
    report rep = { 0 };
    if (!gather(&rep, since)) {
        report_free(&rep);
        rco__err_memory();
        return -1;
    }
    ssize_t n = (ssize_t)rep.n;
    if (n > 0) {
        d->reporting = true;
        rco__debug_for_each_live(explain_from, &rep);
        if (mark_kept_alive(&rep))
            print_report(out ? out : rco__debug_report_stream(), &rep, since);
        d->reporting = false;
    }
    report_free(&rep);
    return n;
}

ssize_t rco_debug_leaks(uint64_t since, FILE *out)
{
    report_begin();
    ssize_t n = leaks(since, out);
    report_end();
    return n;
}

uint64_t rco_debug_checkpoint(void)
{
    rco__dbg_lock();
    uint64_t serial = rco__dbg()->serial;
    rco__dbg_unlock();
    return serial;
}

intptr_t rco_debug_total_refs(void)
{
    report_begin();
    rco__debug_state *d = rco__dbg();
    intptr_t total = 0;
    for (rco__debug_record *r = d->live.next; r != &d->live; r = r->next)
        total += rco__count(rco__object_of_record(r));
    report_end();
    return total;
}

ssize_t rco_debug_live_objects(const char *type_name)
{
    report_begin();
    rco__debug_state *d = rco__dbg();
    ssize_t n = 0;
    if (!type_name) {
        n = d->live_count;
    } else {
        for (rco__debug_record *r = d->live.next; r != &d->live; r = r->next)
            if (strcmp(rco__object_of_record(r)->type->name, type_name) == 0)
                n++;
    }
    report_end();
    return n;
}

typedef struct type_count {
    const char *name;
    ssize_t count;
} type_count;

static int by_count_desc(const void *a, const void *b)
{
    ssize_t x = ((const type_count *)a)->count, y = ((const type_count *)b)->count;
    return x < y ? 1 : x > y ? -1 : 0;
}

static int print_live_types(FILE *out)
{
    rco__debug_state *d = rco__dbg();
    size_t cap = 16, n = 0;
    type_count *counts = malloc(cap * sizeof *counts);
    if (!counts) {
        rco__err_memory();
        return -1;
    }
    for (rco__debug_record *r = d->live.next; r != &d->live; r = r->next) {
        const char *name = rco__object_of_record(r)->type->name;
        size_t i = 0;
        while (i < n && strcmp(counts[i].name, name) != 0)
            i++;
        if (i == n) {
            if (n == cap) {
                type_count *grown = realloc(counts, cap * 2 * sizeof *counts);
                if (!grown) {
                    free(counts);
                    rco__err_memory();
                    return -1;
                }
                counts = grown;
                cap *= 2;
            }
            counts[n++] = (type_count){ name, 0 };
        }
        counts[i].count++;
    }
    qsort(counts, n, sizeof *counts, by_count_desc);
    for (size_t i = 0; i < n; i++)
        fprintf(out ? out : stdout, "%s: %zd\n", counts[i].name, counts[i].count);
    free(counts);
    return 0;
}

int rco_debug_print_live_types(FILE *out)
{
    report_begin();
    int r = print_live_types(out);
    report_end();
    return r;
}

int rco_debug_hunt_refleaks(void (*fn)(void *arg), void *arg, int warmups, int runs,
                            rco_refleak_result *result, FILE *out)
{
    if (!fn || !result || runs < 1 || runs > 64 || warmups < 0) {
        rco__err_set(RCO_ERR_VALUE, "rco_debug_hunt_refleaks: needs fn, result and 1..64 runs");
        return -1;
    }
    memset(result, 0, sizeof *result);
    for (int i = 0; i < warmups; i++) {
        fn(arg);
        rco_gc_collect(-1);
    }
    intptr_t refs = rco_debug_total_refs();
    ssize_t objects = rco_debug_live_objects(NULL);
    bool refs_grow = true, objects_grow = true;
    for (int i = 0; i < runs; i++) {
        fn(arg);
        rco_gc_collect(-1);
        intptr_t now_refs = rco_debug_total_refs();
        ssize_t now_objects = rco_debug_live_objects(NULL);
        result->refs_per_run[i] = now_refs - refs;
        result->objects_per_run[i] = now_objects - objects;
        refs_grow = refs_grow && result->refs_per_run[i] > 0;
        objects_grow = objects_grow && result->objects_per_run[i] > 0;
        refs = now_refs;
        objects = now_objects;
    }
    result->runs = runs;
    result->leaking = refs_grow || objects_grow;
    if (out) {
        fprintf(out, "rco: refleak hunter, %d runs after %d warm-ups: references", runs, warmups);
        for (int i = 0; i < runs; i++)
            fprintf(out, " %+ld", (long)result->refs_per_run[i]);
        fprintf(out, ", objects");
        for (int i = 0; i < runs; i++)
            fprintf(out, " %+zd", result->objects_per_run[i]);
        fprintf(out, ": %s\n", result->leaking ? "LEAKING" : "no leak");
    }
    return 0;
}
