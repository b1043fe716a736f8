/*
 * fuzz_ops.c: random sequences of operations over the whole API, checked
 * against a small model.
 *
 * The input is a program: each operation is one byte (which operation)
 * followed by its operands (slots, indexes, keys), read from the bytes that
 * follow (zeros once the input runs out). The harness holds up to SLOTS
 * objects, one strong reference each; operations create objects into
 * slots, link them (append, set, dict set, setattr, probe fields: cycles
 * included), unlink them (del, pop, clear, delattr), replace them, make
 * weakrefs with callbacks, run collections of random generations, change
 * thresholds, freeze, arm allocation failures, and build, print, compare
 * and hash what the slots hold.
 *
 * Objects that report their own fate are "probes", a user GC type whose
 * dealloc, finalizer and legacy del count per probe; probes finalize by
 * resurrecting themselves into a global list, dropping what they hold, or
 * allocating; classes made with rco_class_new do the same for instances.
 *
 * The model and what is checked after every operation:
 *   - each operation's outcome: success, or exactly the error its operands
 *     call for (RCO_ERR_TYPE for a wrong or empty slot, RCO_ERR_INDEX out of
 *     range, RCO_ERR_KEY for an absent key, ...), or RCO_ERR_MEMORY only
 *     when an injected failure happened during it; a failed operation
 *     changes nothing the model sees;
 *   - the length of every list, tuple, dict and set held, and which keys
 *     of a small universe (ints, equal floats, strs) each dict and set has;
 *   - every object held has a count at least the number of slots holding
 *     it; no probe held, or kept in the resurrection list, is dead;
 *   - a weakref held reads NULL exactly when its callback has run;
 *   - no probe is freed, finalized or has its callback run twice.
 * At the end of each input everything is dropped, uncollectable cycles are
 * broken and rco_gc_garbage() emptied, and the live blocks must be back to
 * where they were before the first input, with no misuse reported by the
 * leak detective: abort() otherwise, so that libFuzzer reports it.
 *
 * Linked against librco-debug: freed objects sit in its quarantine, so a
 * use after free inside the library (a finalizer or callback freeing what
 * a caller still uses) is reported as misuse instead of passing unseen in
 * the release allocator's pools, which the sanitizers cannot look into.
 */
#include <rco.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 12
#define MAX_STEPS 400
#define PROBES 64
#define WEAKREFS 64
/* The key universe: ints 1000..1007 and strs "k0".."k7"; keys 16..19 are
 * the floats 1000.0..1003.0, equal to the first four ints. */
#define KEY_CLASSES 16

static const char *current_op = "";

static void crash(const char *what)
{
    fprintf(stderr, "fuzz_ops: %s (during %s)\n  error: %s: %s\n", what, current_op,
            rco_err_name(rco_err_occurred()), rco_err_message());
    abort();
}

#define CHECK(cond)                                                    \
    do {                                                               \
        if (!(cond))                                                   \
            crash("check failed: " #cond);                             \
    } while (0)

/* ======================================================================
 * Reading the program
 * ====================================================================== */

typedef struct program {
    const uint8_t *p;
    size_t n;
} program;

static unsigned next(program *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static unsigned below(program *in, unsigned n)
{
    return next(in) % n;
}

/* ======================================================================
 * Probes: a user GC type that reports its fate
 * ====================================================================== */

typedef struct probe {
    rco_object ob;
    rco_object *field[2];
    int id;
} probe;

typedef struct probe_fate {
    int deaths, finalized, legacy_dels;
} probe_fate;

static probe_fate probes[PROBES];
static int nprobes;

/* Where finalizers put what they resurrect, and callbacks what they log;
 * never in a slot, so that the model never sees them change. */
static rco_object *lazarus;
static rco_object *journal;
static bool allow_resurrection;

static int probe_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    probe *p = (probe *)self;
    RCO_VISIT(p->field[0]);
    RCO_VISIT(p->field[1]);
    return 0;
}

static void probe_clear(rco_object *self)
{
    probe *p = (probe *)self;
    RCO_CLEAR(p->field[0]);
    RCO_CLEAR(p->field[1]);
}

static void probe_dealloc(rco_object *self)
{
    probes[((probe *)self)->id].deaths++;
    probe_clear(self);
}

static void log_event(int64_t v)
{
    if (journal)
        rco_list_append_steal(journal, rco_int(v));
}

/* By id: resurrect, drop what it holds, or allocate. */
static void probe_finalize(rco_object *self)
{
    probe *p = (probe *)self;
    probes[p->id].finalized++;
    switch (p->id % 3) {
    case 0:
        if (lazarus && allow_resurrection)
            rco_list_append(lazarus, self);
        break;
    case 1:
        probe_clear(self); /* may free others, from inside a finalizer */
        break;
    default:
        log_event(1000000 + p->id);
        break;
    }
}

static void probe_legacy_del(rco_object *self)
{
    probe *p = (probe *)self;
    probes[p->id].legacy_dels++;
    if (p->id % 2 == 0 && lazarus && allow_resurrection)
        rco_list_append(lazarus, self); /* Python 2 __del__ could do this too */
}

#define PROBE_TYPE(var, tname, fin, del)                               \
    static rco_type var = {                                            \
        .name = tname,                                                 \
        .size = sizeof(probe),                                         \
        .flags = RCO_TYPE_GC,                                          \
        .dealloc = probe_dealloc,                                      \
        .traverse = probe_traverse,                                    \
        .clear = probe_clear,                                          \
        .finalize = fin,                                               \
        .legacy_del = del,                                             \
    }
PROBE_TYPE(plain_probe, "Probe", NULL, NULL);
PROBE_TYPE(final_probe, "FinalProbe", probe_finalize, NULL);
PROBE_TYPE(legacy_probe, "LegacyProbe", NULL, probe_legacy_del);

static bool is_probe(const rco_object *o)
{
    const rco_type *t = rco_typeof(o);
    return t == &plain_probe || t == &final_probe || t == &legacy_probe;
}

/* ======================================================================
 * Classes whose instances finalize in the same ways
 * ====================================================================== */

static const char *const attr_names[] = { "a", "b", "c", "d" };
#define ATTRS 4

static void instance_resurrect(rco_object *self)
{
    if (lazarus && allow_resurrection)
        rco_list_append(lazarus, self);
}

static void instance_drop(rco_object *self)
{
    for (int i = 0; i < ATTRS; i++)
        if (rco_hasattr(self, attr_names[i]) == 1)
            rco_delattr(self, attr_names[i]);
    rco_err_clear();
}

static void instance_legacy_del(rco_object *self)
{
    (void)self;
    log_event(2000000);
}

/* ======================================================================
 * Weakref records: each weakref the harness makes has one, written by its
 * callback
 * ====================================================================== */

typedef struct weak_record {
    rco_object *ref; /* not a reference: only compared, while the weakref lives */
    int fired;
} weak_record;

static weak_record records[WEAKREFS];
static int nrecords;

static void weak_callback(rco_object *ref, void *arg)
{
    weak_record *r = arg;
    if (r->ref != ref)
        crash("a weakref callback got another weakref");
    r->fired++;
    if (r->fired > 1)
        crash("a weakref callback ran twice");
    log_event(3000000 + (r - records));
}

/* ======================================================================
 * Slots and their model
 * ====================================================================== */

typedef struct model {
    bool known;
    ssize_t len;       /* lists, tuples, dicts, sets */
    uint32_t keys;     /* dicts and sets: classes of the key universe present */
    ssize_t others;    /* dicts and sets: keys outside the universe */
    int record;        /* weakrefs made here: their record; else -1 */
} model;

typedef struct slot {
    rco_object *o;
    model m;
} slot;

static slot slots[SLOTS];

/* The built-in types, read once from objects of each (comparing type
 * pointers is cheaper than names, and this runs on every check). */
static const rco_type *list_type, *tuple_type, *dict_type, *set_type, *weakref_type;

static void learn_types(void)
{
    rco_object *l = rco_list_new(0), *t = rco_tuple_new(1), *d = rco_dict_new(), *s = rco_set_new();
    rco_object *w = rco_weakref_new(l, NULL, NULL);
    if (!l || !t || !d || !s || !w)
        crash("could not start");
    list_type = rco_typeof(l);
    tuple_type = rco_typeof(t);
    dict_type = rco_typeof(d);
    set_type = rco_typeof(s);
    weakref_type = rco_typeof(w);
    rco_decref(w);
    rco_decref(l);
    rco_decref(t);
    rco_decref(d);
    rco_decref(s);
}

static bool is_a(const rco_object *o, const rco_type *t)
{
    return o && rco_is_type(o, t);
}

static bool is_instance(const rco_object *o)
{
    return o && rco_is_class((const rco_object *)rco_typeof(o));
}

static bool is_keyed(const rco_object *o)
{
    return is_a(o, dict_type) || is_a(o, set_type);
}

static bool has_len(const rco_object *o)
{
    return is_a(o, list_type) || is_a(o, tuple_type) || is_keyed(o);
}

/* A key of class k (k < KEY_CLASSES), or the float equal to an int key. */
static rco_object *make_key(unsigned k)
{
    if (k < 8)
        return rco_int(1000 + k);
    if (k < 16) {
        char name[4] = { 'k', (char)('0' + k - 8), 0, 0 };
        return rco_str(name);
    }
    return rco_float(1000.0 + (k - 16));
}

static unsigned key_class(unsigned k)
{
    return k < 16 ? k : k - 16;
}

static int count_bits(uint32_t v)
{
    return __builtin_popcount(v);
}

/* What the library says, for an object first seen through this slot. */
static model observe(rco_object *o)
{
    model m = { .known = true, .record = -1 };
    if (!has_len(o))
        return m;
    m.len = rco_len(o);
    if (is_keyed(o)) {
        for (unsigned k = 0; k < KEY_CLASSES; k++) {
            rco_object *key = make_key(k);
            if (!key) {
                rco_err_clear();
                return (model){ .known = false, .record = -1 };
            }
            int in = is_a(o, dict_type) ? rco_dict_contains(o, key) : rco_set_contains(o, key);
            rco_decref(key);
            if (in == 1)
                m.keys |= 1u << k;
        }
        m.others = m.len - count_bits(m.keys);
    }
    return m;
}

/* The model of o: another slot's if one holds it, else observed now. */
static model model_of(rco_object *o, int except)
{
    for (int i = 0; i < SLOTS; i++)
        if (i != except && slots[i].o == o)
            return slots[i].m;
    return observe(o);
}

/* Put a new reference (or NULL) in slot i, releasing what was there. */
static void store(int i, rco_object *o)
{
    model m = o ? model_of(o, i) : (model){ .record = -1 };
    rco_object *old = slots[i].o;
    slots[i].o = o;
    slots[i].m = m;
    rco_xdecref(old); /* may run finalizers and callbacks */
}

/* A change to o: every slot holding it sees it. */
static void update(rco_object *o, ssize_t dlen, uint32_t set_keys, uint32_t clear_keys)
{
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].o != o || !slots[i].m.known)
            continue;
        slots[i].m.len += dlen;
        slots[i].m.keys = (slots[i].m.keys | set_keys) & ~clear_keys;
    }
}

static void reset_model(rco_object *o)
{
    for (int i = 0; i < SLOTS; i++)
        if (slots[i].o == o)
            slots[i].m = (model){ .known = true, .record = -1 };
}

static const model *model_at(int i)
{
    return slots[i].m.known ? &slots[i].m : NULL;
}

/* ======================================================================
 * Outcomes
 * ====================================================================== */

static long failures_before;

static void begin(const char *name)
{
    current_op = name;
    rco_err_clear();
    failures_before = rco_debug_failed_allocs();
}

static bool injected_during_op(void)
{
    return rco_debug_failed_allocs() != failures_before;
}

/* The operation succeeded (ok) or failed: it must be the expected error,
 * or no memory when a failure was injected during it (whether a call
 * checks its arguments before it allocates is its own business). */
static bool outcome(bool ok, rco_errkind expected)
{
    rco_errkind kind = rco_err_occurred();
    if (ok) {
        if (expected != RCO_ERR_NONE)
            crash("succeeded where an error was due");
        if (kind != RCO_ERR_NONE)
            crash("succeeded but left an error set");
        return true;
    }
    if (kind == expected && kind != RCO_ERR_NONE) {
        rco_err_clear();
        return false;
    }
    if (kind == RCO_ERR_MEMORY && injected_during_op()) {
        rco_err_clear();
        return false;
    }
    fprintf(stderr, "expected %s\n", expected ? rco_err_name(expected) : "success");
    crash("failed with an unexpected error");
    return false;
}


/* For operations whose failure kinds are not modelled exactly. */
static bool outcome_among(bool ok, unsigned allowed)
{
    rco_errkind kind = rco_err_occurred();
    if (ok) {
        if (kind != RCO_ERR_NONE)
            crash("succeeded but left an error set");
        return true;
    }
    if (kind == RCO_ERR_MEMORY ? injected_during_op()
                               : kind != RCO_ERR_NONE && (allowed & (1u << kind))) {
        rco_err_clear();
        return false;
    }
    crash("failed with an unexpected error");
    return false;
}

#define ALLOW(k) (1u << (k))

/* The error an operation on slot i expects of its kind, NONE if right. */
static rco_errkind need(int i, const rco_type *type)
{
    return is_a(slots[i].o, type) ? RCO_ERR_NONE : RCO_ERR_TYPE;
}

/* ======================================================================
 * Operations
 * ====================================================================== */

static void op_new_int(program *in)
{
    begin("new int");
    int i = (int)below(in, SLOTS);
    static const int64_t values[] = { 0, 1, -5, 256, 257, 1000, -1000000, INT64_MAX, INT64_MIN };
    rco_object *o = rco_int(values[below(in, 9)]);
    if (outcome(o != NULL, RCO_ERR_NONE))
        store(i, o);
}

static void op_new_text(program *in)
{
    begin("new str/bytes/float");
    int i = (int)below(in, SLOTS);
    static const char *const texts[] = { "", "k0", "k3", "text", "h\xc3\xa9", "\xff", "\xed\xa0\x80" };
    unsigned pick = below(in, 10);
    rco_object *o;
    rco_errkind expected = RCO_ERR_NONE;
    if (pick < 7) {
        o = rco_str(texts[pick]);
        if (pick >= 5)
            expected = RCO_ERR_VALUE;
    } else if (pick == 7) {
        o = rco_bytes("b\0y", 3);
    } else {
        o = rco_float(pick == 8 ? 1000.0 : -0.5);
    }
    if (outcome(o != NULL, expected))
        store(i, o);
}

static void op_new_container(program *in)
{
    begin("new container");
    int i = (int)below(in, SLOTS);
    unsigned kind = below(in, 4);
    size_t n = below(in, 4);
    rco_object *o = kind == 0 ? rco_list_new(n) : kind == 1 ? rco_tuple_new(n)
                  : kind == 2 ? rco_dict_new() : rco_set_new();
    if (outcome(o != NULL, RCO_ERR_NONE))
        store(i, o);
}

static void op_new_class(program *in)
{
    begin("new class");
    int i = (int)below(in, SLOTS);
    unsigned kind = below(in, 5);
    static const char *const names[] = { "Plain", "Phoenix", "Dropper", "Legacy", "Both" };
    rco_finalizer fin = kind == 1 || kind == 4 ? instance_resurrect
                      : kind == 2             ? instance_drop
                                              : NULL;
    rco_finalizer del = kind >= 3 ? instance_legacy_del : NULL;
    rco_type *cls = rco_class_new(names[kind], fin, del);
    if (outcome(cls != NULL, RCO_ERR_NONE))
        store(i, (rco_object *)cls);
}

/* rco_instance_new takes a type: a class held in a slot, or the type of
 * what a slot holds (an instance's class, or a built-in type), or NULL. */
static void op_new_instance(program *in)
{
    begin("new instance");
    int i = (int)below(in, SLOTS), c = (int)below(in, SLOTS);
    rco_object *held = slots[c].o;
    rco_object *cls = rco_is_class(held) || !held ? held : (rco_object *)rco_typeof(held);
    rco_object *o = rco_instance_new((rco_type *)cls);
    if (outcome(o != NULL, rco_is_class(cls) ? RCO_ERR_NONE : RCO_ERR_TYPE))
        store(i, o);
}

static void op_new_probe(program *in)
{
    begin("new probe");
    int i = (int)below(in, SLOTS);
    unsigned kind = below(in, 3);
    if (nprobes == PROBES)
        return;
    rco_type *t = kind == 0 ? &plain_probe : kind == 1 ? &final_probe : &legacy_probe;
    probe *p = (probe *)rco_gc_new(t);
    if (!outcome(p != NULL, RCO_ERR_NONE))
        return;
    p->id = nprobes++;
    store(i, &p->ob);
}

static void op_probe_link(program *in)
{
    begin("probe link");
    int i = (int)below(in, SLOTS), f = (int)below(in, 2), j = (int)below(in, SLOTS);
    if (!slots[i].o || !is_probe(slots[i].o))
        return;
    probe *p = (probe *)slots[i].o;
    rco_xincref(slots[j].o);
    RCO_SETREF(p->field[f], slots[j].o); /* may free the old one, running finalizers */
}

static void op_list_append_insert(program *in)
{
    begin("list append/insert");
    int l = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    unsigned how = below(in, 3);
    size_t at = below(in, 6);
    rco_object *list = slots[l].o, *item = slots[x].o;
    rco_errkind e = need(l, list_type);
    if (e == RCO_ERR_NONE && !item)
        e = RCO_ERR_TYPE;
    const model *m = model_at(l);
    if (how == 2 && e == RCO_ERR_NONE && m && (ssize_t)at > m->len)
        e = RCO_ERR_INDEX;
    int r = how == 0 ? rco_list_append(list, item)
          : how == 1 ? rco_list_append_steal(list, item ? rco_incref(item) : NULL)
                     : rco_list_insert(list, at, item);
    if (how == 1 && !item) {
        /* a NULL steal passes on the error already set: none here */
        if (r != -1)
            crash("append_steal(NULL) succeeded");
        rco_err_clear();
        return;
    }
    if (!m && e == RCO_ERR_NONE && r < 0 && rco_err_occurred() == RCO_ERR_INDEX) {
        rco_err_clear();
        return;
    }
    if (outcome(r == 0, e))
        update(list, 1, 0, 0);
}

static void op_list_set(program *in)
{
    begin("list set");
    int l = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    size_t at = below(in, 6);
    bool steal = below(in, 2);
    rco_object *list = slots[l].o, *item = slots[x].o;
    const model *m = model_at(l);
    rco_errkind e = item ? need(l, list_type) : RCO_ERR_TYPE;
    if (e == RCO_ERR_NONE && m && (ssize_t)at >= m->len)
        e = RCO_ERR_INDEX;
    if (steal && !item)
        return;
    int r = steal ? rco_list_set_steal(list, at, rco_incref(item))
                  : rco_list_set(list, at, item);
    outcome(r == 0, e);
}

static void op_list_remove(program *in)
{
    begin("list pop/del/clear");
    int l = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    unsigned how = below(in, 3);
    size_t at = below(in, 6);
    rco_object *list = slots[l].o;
    const model *m = model_at(l);
    rco_errkind e = need(l, list_type);
    if (e == RCO_ERR_NONE && how < 2 && m && (ssize_t)at >= m->len)
        e = RCO_ERR_INDEX;
    if (how == 0) {
        rco_object *item = rco_list_pop(list, at);
        if (!item && e == RCO_ERR_NONE && rco_err_occurred() == RCO_ERR_VALUE) {
            rco_err_clear(); /* a slot never filled */
            return;
        }
        if (outcome(item != NULL, e)) {
            update(list, -1, 0, 0);
            store(to, item);
        }
    } else if (how == 1) {
        if (outcome(rco_list_del(list, at) == 0, e))
            update(list, -1, 0, 0);
    } else {
        if (outcome(rco_list_clear(list) == 0, e))
            reset_model(list);
    }
}

static void op_sequence_get(program *in)
{
    begin("list/tuple get");
    int l = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    size_t at = below(in, 6);
    rco_object *seq = slots[l].o;
    bool tuple = is_a(seq, tuple_type);
    const model *m = model_at(l);
    rco_errkind e = tuple ? RCO_ERR_NONE : need(l, list_type);
    if (e == RCO_ERR_NONE && m && (ssize_t)at >= m->len)
        e = RCO_ERR_INDEX;
    rco_object *item = tuple ? rco_tuple_get(seq, at) : rco_list_get(seq, at);
    if (!item && e == RCO_ERR_NONE && rco_err_occurred() == RCO_ERR_VALUE) {
        rco_err_clear();
        return;
    }
    if (outcome(item != NULL, e))
        store(to, rco_incref(item));
}

static void op_tuple_set(program *in)
{
    begin("tuple set");
    int t = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    size_t at = below(in, 5);
    rco_object *tuple = slots[t].o, *item = slots[x].o;
    const model *m = model_at(t);
    rco_errkind e = need(t, tuple_type);
    if (e == RCO_ERR_NONE && m && (ssize_t)at >= m->len)
        e = RCO_ERR_INDEX;
    if (e == RCO_ERR_NONE && !item)
        e = RCO_ERR_TYPE;
    outcome(rco_tuple_set(tuple, at, item) == 0, e);
}

static void op_tuple_pack(program *in)
{
    begin("tuple pack");
    int to = (int)below(in, SLOTS), a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    rco_object *t = rco_tuple_pack(2, slots[a].o, slots[b].o);
    if (outcome(t != NULL, slots[a].o && slots[b].o ? RCO_ERR_NONE : RCO_ERR_TYPE))
        store(to, t);
}

static void op_dict_set(program *in)
{
    begin("dict set");
    int d = (int)below(in, SLOTS), v = (int)below(in, SLOTS);
    unsigned k = below(in, KEY_CLASSES + 4), how = below(in, 3);
    rco_object *dict = slots[d].o, *value = slots[v].o;
    rco_errkind e = value ? need(d, dict_type) : RCO_ERR_TYPE;
    int r;
    if (how == 2 && k >= 8 && k < 16) {
        char name[4] = { 'k', (char)('0' + k - 8), 0, 0 };
        r = rco_dict_set_str(dict, name, value);
    } else {
        rco_object *key = make_key(k);
        if (!outcome_among(key != NULL, 0))
            return;
        if (how == 1 && value)
            r = rco_dict_set_steal(dict, key, rco_incref(value));
        else {
            r = rco_dict_set(dict, key, value);
            rco_decref(key);
        }
    }
    const model *m = model_at(d);
    unsigned bit = 1u << key_class(k);
    if (outcome(r == 0, e))
        update(dict, m && !(m->keys & bit) ? 1 : 0, bit, 0);
}

static void op_dict_read(program *in)
{
    begin("dict get/contains/del");
    int d = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    unsigned k = below(in, KEY_CLASSES + 4), how = below(in, 4);
    rco_object *dict = slots[d].o;
    rco_errkind e = need(d, dict_type);
    const model *m = model_at(d);
    unsigned bit = 1u << key_class(k);
    bool present = m && (m->keys & bit);
    if (how == 3) {
        if (outcome(rco_dict_clear(dict) == 0, e))
            reset_model(dict);
        return;
    }
    rco_object *key = make_key(k);
    if (!outcome_among(key != NULL, 0))
        return;
    if (how == 0) {
        rco_object *v = rco_dict_get(dict, key);
        if (outcome(v != NULL || (e == RCO_ERR_NONE && rco_err_occurred() == RCO_ERR_NONE), e)) {
            if (m && (v != NULL) != present)
                crash("dict get disagrees with the model");
            if (v)
                store(to, rco_incref(v));
        }
    } else if (how == 1) {
        int r = rco_dict_contains(dict, key);
        if (outcome(r >= 0, e) && m && r != present)
            crash("dict contains disagrees with the model");
    } else {
        if (e == RCO_ERR_NONE && m && !present)
            e = RCO_ERR_KEY;
        int r = rco_dict_del(dict, key);
        if (!m && r < 0 && rco_err_occurred() == RCO_ERR_KEY)
            rco_err_clear();
        else if (outcome(r == 0, e))
            update(dict, -1, 0, bit);
    }
    rco_decref(key);
}

static void op_dict_iterate(program *in)
{
    begin("dict/set iterate");
    int d = (int)below(in, SLOTS);
    rco_object *o = slots[d].o;
    const model *m = model_at(d);
    if (!is_keyed(o))
        return;
    size_t pos = 0;
    ssize_t n = 0;
    rco_object *k, *v;
    if (is_a(o, dict_type))
        while (rco_dict_next(o, &pos, &k, &v) == 1)
            n++;
    else
        while (rco_set_next(o, &pos, &k) == 1)
            n++;
    if (m && n != m->len)
        crash("iteration saw another number of items than the model");
}

static void op_set_add_discard(program *in)
{
    begin("set add/contains/discard");
    int s = (int)below(in, SLOTS);
    unsigned k = below(in, KEY_CLASSES + 4), how = below(in, 3);
    rco_object *set = slots[s].o;
    rco_errkind e = need(s, set_type);
    const model *m = model_at(s);
    unsigned bit = 1u << key_class(k);
    bool present = m && (m->keys & bit);
    rco_object *key = make_key(k);
    if (!outcome_among(key != NULL, 0))
        return;
    int r = how == 0 ? rco_set_add(set, key) : how == 1 ? rco_set_contains(set, key)
                                                          : rco_set_discard(set, key);
    if (outcome(r >= 0, e)) {
        if (how == 0)
            update(set, m && !present ? 1 : 0, bit, 0);
        else if (m && r != present)
            crash("set contains/discard disagrees with the model");
        else if (how == 2 && r == 1)
            update(set, -1, 0, bit);
    }
    rco_decref(key);
}

/* Objects with attributes: instances and classes. */
static bool has_attrs(const rco_object *o)
{
    return o && (rco_is_class(o) || is_instance(o));
}

static void op_attr(program *in)
{
    begin("setattr/getattr/delattr");
    int o = (int)below(in, SLOTS), v = (int)below(in, SLOTS);
    unsigned name = below(in, ATTRS), how = below(in, 3);
    rco_object *obj = slots[o].o, *value = slots[v].o;
    rco_errkind e = has_attrs(obj) ? RCO_ERR_NONE : RCO_ERR_TYPE;
    const char *n = attr_names[name];
    if (how == 0) {
        outcome(rco_setattr(obj, n, value) == 0, e == RCO_ERR_NONE && !value ? RCO_ERR_TYPE : e);
        return;
    }
    int has = e == RCO_ERR_NONE ? rco_hasattr(obj, n) : 0;
    if (has == 0 && e == RCO_ERR_NONE)
        e = RCO_ERR_KEY;
    if (how == 1) {
        rco_object *got = rco_getattr(obj, n);
        if (outcome(got != NULL, e))
            store(v, got);
    } else {
        /* Present through the class only: the instance has no such
         * attribute of its own to delete. */
        int r = rco_delattr(obj, n);
        if (r < 0 && e == RCO_ERR_NONE && rco_err_occurred() == RCO_ERR_KEY)
            rco_err_clear();
        else
            outcome(r == 0, e);
    }
}

static bool can_be_weak_target(const rco_object *o)
{
    return o && (is_a(o, list_type) || is_a(o, tuple_type) || is_a(o, dict_type) || is_a(o, set_type) ||
                 is_a(o, weakref_type) || has_attrs(o) || is_probe(o));
}

static void op_weakref(program *in)
{
    begin("weakref new/get");
    int t = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    bool get = below(in, 2);
    rco_object *o = slots[t].o;
    if (get) {
        if (!is_a(o, weakref_type))
            return;
        rco_object *target = rco_weakref_get(o);
        outcome_among(true, 0);
        if (target)
            store(to, target);
        return;
    }
    if (nrecords == WEAKREFS)
        return;
    weak_record *r = &records[nrecords];
    *r = (weak_record){ NULL, 0 };
    rco_object *ref = rco_weakref_new(o, weak_callback, r);
    if (!outcome(ref != NULL, can_be_weak_target(o) ? RCO_ERR_NONE : RCO_ERR_TYPE))
        return;
    r->ref = ref;
    store(to, ref);
    slots[to].m.record = nrecords++;
}

static void op_drop_dup(program *in)
{
    begin("drop/dup");
    int i = (int)below(in, SLOTS), j = (int)below(in, SLOTS);
    if (below(in, 2))
        store(i, NULL);
    else
        store(j, slots[i].o ? rco_incref(slots[i].o) : NULL);
}

static void op_collect(program *in)
{
    begin("collect");
    int gen = (int)below(in, 4) - 1;
    rco_err_set(RCO_ERR_KEY, "the caller's");
    ssize_t n = rco_gc_collect(gen);
    CHECK(n >= 0);
    CHECK(rco_err_occurred() == RCO_ERR_KEY); /* a collection keeps the caller's error */
    rco_err_clear();
}

static void op_gc_settings(program *in)
{
    begin("gc settings");
    static const int thresholds[] = { 0, 1, 2, 3, 10, 700 };
    switch (below(in, 6)) {
    case 0:
        rco_gc_set_threshold(thresholds[below(in, 6)], (int)below(in, 4), (int)below(in, 4));
        break;
    case 1:
        rco_gc_freeze();
        break;
    case 2:
        rco_gc_unfreeze();
        break;
    case 3:
        if (rco_gc_is_enabled())
            rco_gc_disable();
        else
            rco_gc_enable();
        break;
    case 4:
        rco_gc_set_debug(rco_gc_get_debug() ? 0 : RCO_GC_DEBUG_SAVEALL);
        break;
    default:
        allow_resurrection = !allow_resurrection;
        break;
    }
}

static void op_fail_alloc(program *in)
{
    begin("fail alloc");
    unsigned how = below(in, 4), nth = 1 + below(in, 16);
    if (how == 0)
        rco_debug_fail_alloc(0);
    else if (how == 3)
        rco_debug_fail_alloc_persistent(nth);
    else
        rco_debug_fail_alloc(nth);
}

static void op_build(program *in)
{
    begin("build");
    int to = (int)below(in, SLOTS), a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    rco_object *x = slots[a].o, *y = slots[b].o;
    rco_object *given = rco_list_new(0);
    if (!outcome_among(given != NULL, 0))
        return;
    rco_object *o = rco_build("{s:O, s:[O, N], s:(is#)}", "x", x, "y", y, given, "z", 7, "abc",
                              (ssize_t)2);
    if (outcome(o != NULL, x && y ? RCO_ERR_NONE : RCO_ERR_TYPE))
        store(to, o);
}

#define READ_BUDGET 4000
#define READ_DEPTH 600

/* The items a repr, a comparison or a hash descends into. */
static rco_object *item_at(rco_object *o, size_t *pos, bool *value_next)
{
    rco_object *k = NULL, *v = NULL;
    if (is_a(o, list_type) || is_a(o, tuple_type)) {
        if ((ssize_t)*pos >= rco_len(o))
            return NULL;
        rco_object *item = is_a(o, list_type) ? rco_list_get(o, *pos) : rco_tuple_get(o, *pos);
        ++*pos;
        rco_err_clear(); /* a slot not filled: NULL, and the walk goes on */
        return item ? item : rco_none();
    }
    if (is_a(o, set_type))
        return rco_set_next(o, pos, &k) == 1 ? k : NULL;
    if (!is_a(o, dict_type))
        return NULL;
    if (*value_next) {
        *value_next = false;
        size_t back = *pos - 1;
        rco_dict_next(o, &back, &k, &v);
        return v;
    }
    if (rco_dict_next(o, pos, &k, &v) != 1)
        return NULL;
    *value_next = true;
    return k;
}

/* How many items repr, rco_equal and rco_hash would visit in o, seen as a
 * tree (shared items count once per path to them: these walks take
 * exponential time on a graph of shared tuples, in Python as here); a
 * container already on the path counts once and sets *cyclic. Stops
 * counting past READ_BUDGET. */
static long tree_size(rco_object *o, rco_object **path, int depth, bool *cyclic)
{
    for (int i = 0; i < depth; i++) {
        if (path[i] == o) {
            *cyclic = true;
            return 1;
        }
    }
    if (depth == READ_DEPTH)
        return READ_BUDGET + 1;
    path[depth] = o;
    long n = 1;
    size_t pos = 0;
    bool value_next = false;
    rco_object *item;
    while (n <= READ_BUDGET && (item = item_at(o, &pos, &value_next)) != NULL)
        n += tree_size(item, path, depth + 1, cyclic);
    return n;
}

/* Small enough to print (cycles are printed once), or, acyclic, to compare
 * and hash (which follow a cycle to RCO_MAX_DEPTH). */
static bool small_enough(rco_object *o, bool for_repr)
{
    static rco_object *path[READ_DEPTH];
    bool cyclic = false;
    long n = tree_size(o, path, 0, &cyclic);
    return n <= READ_BUDGET && (for_repr || !cyclic);
}

/* Print, compare, hash: reading operations that may meet cycles, tuples
 * with empty slots and unhashable items. */
static void op_read(program *in)
{
    begin("repr/equal/hash/len");
    int a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    rco_object *x = slots[a].o, *y = slots[b].o;
    if (!x)
        return;
    switch (below(in, 5)) {
    case 0: {
        if (!small_enough(x, true))
            break;
        rco_object *r = rco_repr(x);
        outcome_among(r != NULL, 0);
        rco_xdecref(r);
        break;
    }
    case 1:
        if (y && small_enough(x, false) && small_enough(y, false))
            outcome_among(rco_equal(x, y) >= 0, ALLOW(RCO_ERR_OVERFLOW));
        break;
    case 2:
        if (small_enough(x, false))
            outcome_among(rco_hash(x) != -1, ALLOW(RCO_ERR_TYPE) | ALLOW(RCO_ERR_VALUE) |
                                                 ALLOW(RCO_ERR_OVERFLOW));
        break;
    case 3: {
        rco_object *l = rco_gc_get_referents(x);
        outcome_among(l != NULL, 0);
        rco_xdecref(l);
        l = rco_gc_get_referrers(x);
        outcome_among(l != NULL, 0);
        rco_xdecref(l);
        break;
    }
    default: {
        int u = 0;
        rco_object *o1 = NULL, *o2 = NULL;
        if (is_a(x, tuple_type))
            outcome_among(rco_unpack(x, "|OO", &o1, &o2) == 0,
                          ALLOW(RCO_ERR_TYPE) | ALLOW(RCO_ERR_VALUE));
        else
            outcome_among(rco_unpack(x, "i", &u) == 0, ALLOW(RCO_ERR_TYPE));
        break;
    }
    }
}

typedef void (*operation)(program *in);

static const operation operations[] = {
    op_new_int, op_new_text, op_new_container, op_new_container, op_new_class,
    op_new_instance, op_new_instance, op_new_probe, op_new_probe, op_probe_link,
    op_probe_link, op_list_append_insert, op_list_append_insert, op_list_set, op_list_remove,
    op_sequence_get, op_tuple_set, op_tuple_pack, op_dict_set, op_dict_set, op_dict_read,
    op_dict_iterate, op_set_add_discard, op_attr, op_attr, op_weakref, op_weakref,
    op_drop_dup, op_drop_dup, op_collect, op_gc_settings, op_fail_alloc, op_build, op_read,
};
#define OPERATIONS (sizeof operations / sizeof operations[0])

/* ======================================================================
 * Invariants
 * ====================================================================== */

static int slots_holding(const rco_object *o)
{
    int n = 0;
    for (int i = 0; i < SLOTS; i++)
        n += slots[i].o == o;
    return n;
}

static void check_slot(int i)
{
    rco_object *o = slots[i].o;
    if (!o)
        return;
    CHECK(rco_refcount(o) >= slots_holding(o));
    if (is_probe(o))
        CHECK(probes[((probe *)o)->id].deaths == 0);
    const model *m = model_at(i);
    if (m && has_len(o) && rco_len(o) != m->len) {
        fprintf(stderr, "slot %d: %s of length %zd, the model says %zd\n", i, rco_type_name(o),
                rco_len(o), m->len);
        crash("a container's length disagrees with the model");
    }
    if (m && m->record >= 0) {
        rco_object *target = rco_weakref_get(o);
        if ((target == NULL) != (records[m->record].fired > 0))
            crash("a weakref reads NULL exactly when its callback ran: not so");
        rco_xdecref(target);
    }
}

/* Nothing here allocates, so an armed failure waits for the next
 * operation. */
static void check_invariants(void)
{
    for (int i = 0; i < SLOTS; i++)
        check_slot(i);
    for (int p = 0; p < nprobes; p++) {
        CHECK(probes[p].deaths <= 1);
        CHECK(probes[p].finalized <= 1);
    }
    for (ssize_t k = 0; lazarus && k < rco_len(lazarus); k++) {
        rco_object *o = rco_list_get(lazarus, (size_t)k);
        CHECK(rco_refcount(o) >= 1);
        if (is_probe(o))
            CHECK(probes[((probe *)o)->id].deaths == 0);
    }
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
}

/* ======================================================================
 * One input
 * ====================================================================== */

/* Everything in rco_gc_garbage() lets go of what it holds (an instance,
 * of its class's attributes too: the class holds it back through them),
 * which breaks every cycle through it; then the list lets go of it. */
static void break_garbage(void)
{
    rco_object *garbage = rco_gc_garbage();
    for (ssize_t i = 0; i < rco_len(garbage); i++) {
        rco_object *o = rco_list_get(garbage, (size_t)i);
        if (is_probe(o))
            probe_clear(o);
        else if (is_a(o, list_type))
            rco_list_clear(o);
        else if (is_a(o, dict_type))
            rco_dict_clear(o);
        else if (is_a(o, tuple_type))
            for (ssize_t k = 0; k < rco_len(o); k++)
                rco_tuple_set(o, (size_t)k, rco_none());
        else if (is_instance(o)) {
            instance_drop(o);
            instance_drop((rco_object *)rco_typeof(o));
        } else if (has_attrs(o))
            instance_drop(o);
    }
    rco_list_clear(garbage);
}

static void tear_down(void)
{
    rco_debug_fail_alloc(0);
    rco_gc_set_debug(0);
    rco_gc_set_threshold(700, 10, 10);
    rco_gc_enable();
    rco_gc_unfreeze();
    allow_resurrection = false;
    current_op = "tear down";
    for (int i = 0; i < SLOTS; i++)
        store(i, NULL);
    RCO_CLEAR(lazarus);
    for (int round = 0; round < 4; round++) {
        rco_gc_collect(-1);
        break_garbage();
    }
    rco_gc_collect(-1);
    RCO_CLEAR(journal);
    rco_gc_collect(-1);
    CHECK(rco_len(rco_gc_garbage()) == 0);
    for (int p = 0; p < nprobes; p++)
        CHECK(probes[p].deaths == 1);
    rco_err_clear();
}

static size_t live_blocks(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return s.blocks_in_use;
}

static void gc_callback(const char *phase, const rco_gc_info *info, void *arg)
{
    (void)phase, (void)info, (void)arg;
    log_event(4000000); /* allocating while a collection runs */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool started;
    static size_t baseline;
    static long misuses;
    if (!started) {
        learn_types();
        (void)rco_gc_garbage();
        rco_gc_callback_add(gc_callback, NULL);
        rco_gc_collect(-1);
        baseline = live_blocks();
        misuses = rco_debug_misuse_count();
        started = true;
    }
#ifdef RCO_DEBUG
    uint64_t mark = rco_debug_checkpoint();
#endif
    memset(probes, 0, sizeof probes);
    nprobes = nrecords = 0;
    allow_resurrection = true;
    lazarus = rco_list_new(0);
    journal = rco_list_new(0);
    if (!lazarus || !journal)
        crash("could not start");
    program in = { data, size };
    for (int step = 0; step < MAX_STEPS && in.n > 0; step++) {
        operations[below(&in, OPERATIONS)](&in);
        check_invariants();
    }
    tear_down();
    if (live_blocks() != baseline) {
        fprintf(stderr, "fuzz_ops: %zd blocks leaked\n", (ssize_t)(live_blocks() - baseline));
#ifdef RCO_DEBUG
        rco_debug_leaks(mark, stderr);
#endif
        abort();
    }
    if (rco_debug_misuse_count() != misuses)
        crash("the leak detective reported a misuse");
    return 0;
}
