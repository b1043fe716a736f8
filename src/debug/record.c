/*
 * debug/record.c: the debug record's life: made with the object, kept on
 * the live list, moved to the quarantine when the object is freed, and
 * checked on every reference the library takes or drops.
 */
#include "debug/debug.h"

#include <stdlib.h>

_Static_assert(sizeof(rco__debug_record) == RCO__DEBUG_RECORD_SIZE, "debug record size");

/* Freed objects are kept (unusable) until they are this many bytes or
 * objects, oldest leaving first. */
#define QUARANTINE_MAX_BYTES ((size_t)64 << 20)
#define QUARANTINE_MAX_OBJECTS ((size_t)1 << 20)
#define POISON 0xdb

/* "<freed list object at 0x...>": what it was, and that it is gone. */
static void freed_repr(rco_object *self, rco__buf *b)
{
    rco__buf_printf(b, "<freed %s object at %p>", rco__record_of(self)->u.freed.type_name, (void *)self);
}

rco_type rco__freed_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "freed object",
    .size = sizeof(rco_object),
    .flags = RCO_TYPE_READY,
    .kind = RCO__KIND_FREED,
    .repr_into = freed_repr,
};

static void records_append(rco__debug_record *sentinel, rco__debug_record *r)
{
    r->prev = sentinel->prev;
    r->next = sentinel;
    sentinel->prev->next = r;
    sentinel->prev = r;
}

static void records_unlink(rco__debug_record *r)
{
    r->prev->next = r->next;
    r->next->prev = r->prev;
}

void rco__debug_on_alloc(rco_object *o)
{
    rco__debug_state *d = rco__dbg();
    rco__debug_record *r = rco__record_of(o);
    memset(r, 0, sizeof *r);
    r->magic = RCO__RECORD_LIVE;
    r->serial = ++d->serial;
    r->created_site = rco__origin_here();
    records_append(&d->live, r);
    d->live_count++;
}

static void release_oldest(rco__debug_state *d)
{
    rco__debug_record *r = d->quarantine.next;
    records_unlink(r);
    d->quarantine_bytes -= r->u.freed.block_size;
    d->quarantine_count--;
    rco__free(r, r->u.freed.block_size);
}

bool rco__debug_quarantine(rco_object *o, size_t block_size)
{
    rco__debug_state *d = rco__dbg();
    rco__debug_record *r = rco__record_of(o);
    if (r->magic != RCO__RECORD_LIVE)
        return false; /* made before the detective's hooks were installed */
    records_unlink(r);
    d->live_count--;
    r->magic = RCO__RECORD_FREED;
    rco__ledger_forget(r);
    r->freed_site = rco__origin_here();
    /* The type may die before a report needs its name: keep a copy (a
     * name too long for it is cut where it says so). */
    const char *name = o->type->name;
    size_t room = sizeof r->u.freed.type_name;
    size_t len = strnlen(name, room);
    if (len < room) {
        memcpy(r->u.freed.type_name, name, len + 1);
    } else {
        memcpy(r->u.freed.type_name, name, room - 4);
        memcpy(r->u.freed.type_name + room - 4, "...", 4);
    }
    /* The block starts at the record: the gc head slot sits between. */
    r->u.freed.block_size = block_size;
    size_t body = block_size - RCO__DEBUG_RECORD_SIZE - sizeof(rco__gc_head) - sizeof(rco_object);
    memset((char *)o + sizeof(rco_object), POISON, body);
    o->ref_local = 0;
    o->ref_shared = 0;
    o->type = &rco__freed_type;
    records_append(&d->quarantine, r);
    d->quarantine_bytes += block_size;
    d->quarantine_count++;
    while (d->quarantine_bytes > QUARANTINE_MAX_BYTES || d->quarantine_count > QUARANTINE_MAX_OBJECTS)
        release_oldest(d);
    return true;
}

size_t rco__debug_quarantined_bytes(size_t *blocks)
{
    rco__debug_state *d = rco__debug_current;
    *blocks = d ? d->quarantine_count : 0;
    return d ? d->quarantine_bytes : 0;
}

/* One line of a misuse report, "<what> at file:line (function, api)",
 * and the stack below it. */
static void put_line(FILE *m, const char *what, uint32_t origin)
{
    char site[300];
    rco__site_format(origin, site, sizeof site);
    fprintf(m, "%s at %s\n", what, site);
    rco__origin_print_stack(m, origin, "        ");
}

/* "int object 0x..\n  created at a.c:3 (main) ... freed at a.c:6 ...",
 * each line with its stack. */
static void describe_freed(FILE *m, const rco_object *o)
{
    const rco__debug_record *r = rco__record_of(o);
    fprintf(m, "  %s object %p\n", r->u.freed.type_name, (const void *)o);
    put_line(m, "    created", r->created_site);
    if (r->lent_site)
        put_line(m, "    borrowed", r->lent_site);
    if (r->stolen_site)
        put_line(m, "    its reference was handed over (stolen)", r->stolen_site);
    put_line(m, "    freed", r->freed_site);
}

/* Write a report into memory, then hand it to rco__debug_misuse whole. */
static void report(void (*write)(FILE *, const rco_object *, const void *), const rco_object *o, const void *arg)
{
    char *text = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&text, &size);
    if (!m) {
        rco__debug_misuse("misuse of a %s object %p (no memory to describe it)", o->type->name, (const void *)o);
        return;
    }
    write(m, o, arg);
    fclose(m);
    if (size && text[size - 1] == '\n')
        text[size - 1] = '\0';
    rco__debug_misuse("%s", text);
    free(text);
}

static void write_freed_use(FILE *m, const rco_object *o, const void *fn)
{
    uint32_t site = rco__origin_here();
    if (site)
        put_line(m, "use of a freed object", site);
    else
        put_line(m, fn ? (const char *)fn : "use of a freed object", 0);
    describe_freed(m, o);
}

void rco__debug_report_freed_use(const rco_object *o, const char *fn)
{
    char what[160];
    snprintf(what, sizeof what, "use of a freed object by %s", fn);
    report(write_freed_use, o, rco__origin_here() ? NULL : what);
}

static void write_freed_release(FILE *m, const rco_object *o, const void *by_library)
{
    if (*(const bool *)by_library)
        put_line(m, "a reference was released twice: an object still held a reference to a freed object, "
                    "released",
                 rco__origin_here());
    else
        put_line(m, "rco_decref of a freed object", rco__origin_here());
    describe_freed(m, o);
}

void rco__debug_report_freed_release(const rco_object *o, bool by_library)
{
    report(write_freed_release, o, &by_library);
}

/* A release by the library of a freed object, or of one whose count is
 * already zero (it is being destroyed): reported, and refused. */
bool rco__debug_release_allowed(rco_object *o)
{
    if (o->type->kind == RCO__KIND_FREED) {
        rco__debug_report_freed_release(o, true);
        return false;
    }
    if (rco__count(o) <= 0) {
        char here[256];
        rco__site_format(rco__origin_here(), here, sizeof here);
        rco__debug_misuse("release of a %s object %p whose count is %ld, during its destruction (at %s)",
                          o->type->name, (void *)o, (long)rco__count(o), here);
        return false;
    }
    return true;
}

void rco__debug_for_each_live(void (*fn)(rco_object *, void *), void *arg)
{
    rco__dbg_lock();
    rco__debug_state *d = rco__dbg();
    for (rco__debug_record *r = d->live.next; r != &d->live; r = r->next)
        fn(rco__object_of_record(r), arg);
    rco__dbg_unlock();
}

void rco__debug_report_misuse(const char *what)
{
    char here[256];
    rco__site_format(rco__origin_here(), here, sizeof here);
    rco__debug_misuse("%s at %s", what, here);
}

/* A finalizer released a reference it did not own: its object's count
 * would have reached zero while the finalizer ran (the release build would
 * destroy it twice). */
void rco__debug_report_finalizer_over_release(rco_object *o)
{
    char here[256];
    rco__site_format(rco__origin_here(), here, sizeof here);
    rco__debug_misuse("rco_decref at %s releases a reference to a %s object %p that its finalizer does "
                      "not own (self is borrowed): its count would reach zero while it is finalized",
                      here, o->type->name, (void *)o);
}
