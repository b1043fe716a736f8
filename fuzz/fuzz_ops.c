/*
 * fuzz_ops.c: random sequences of operations over the whole API, checked
 * against a model, with user code that fights back.
 *
 * The input is a program: each operation is one byte (which operation)
 * followed by its operands (slots, indexes, keys), read from the bytes that
 * follow (zeros once the input runs out). The harness holds up to SLOTS
 * objects, one strong reference each; operations create objects into
 * slots, link them (append, set, dict set, setattr, probe fields: cycles
 * included), unlink them (del, pop, clear, delattr), replace them, make
 * weakrefs with callbacks, run collections of random generations, change
 * thresholds, freeze, arm allocation failures, shut the runtime down and
 * start it again, and build, print, compare and hash what the slots hold.
 *
 * Hostile code. A script is a few actions read from the input when the
 * object that runs it is made: insert into, delete from or clear a
 * container held in a slot, release a slot's reference, put the object
 * itself in a slot (resurrecting it when it is dying), make a weakref, run
 * a collection, print a slot. Scripts run, one action per call, from:
 *   - hostile keys, a user type whose hash, equal and repr slots run their
 *     script (so a dict lookup can change the dict it is searching), and
 *     which may fail: hash or equal returning -1, repr returning NULL or a
 *     non-str. Hostile keys are equal when their classes are, and hash so
 *     that classes collide in pairs and with the int keys;
 *   - probes (a user GC type) whose finalize, legacy_del or dealloc runs a
 *     script; the plain probes finalize by resurrecting themselves into a
 *     global list, dropping what they hold, or allocating;
 *   - instances of classes whose finalize or legacy_del runs a script;
 *   - weakref callbacks.
 * Every operation, at the top or inside a script, is a frame; the calls it
 * makes into the library are its call window, and it pins (holds a
 * reference to) its operands for the window, as Python's evaluation stack
 * holds the operands of d[k] = v.
 *
 * The model. Every container held in a slot has a model of its items in
 * order (lists, tuples: the item pointers; dicts and sets: each key's
 * pointer and a fingerprint of its value, equal exactly when the keys are
 * equal, and each dict value's pointer). An operation's expected outcome
 * and its change to the model are worked out from the model at the moment
 * the library makes the change, which hostile code makes precise:
 *   - a container call runs user code before its change only from the key's
 *     hash (then the change sees the container as the script left it) and
 *     from equal during the lookup; after its change only from the releases
 *     of what it replaced or removed (keys never run code when released:
 *     hostile keys hold nothing and have no finalizer). So user code that
 *     starts inside a call window but outside that call's hash and equal
 *     means the change has been made: the frame's change is applied to the
 *     model then ("flushed"), before the user code changes it further;
 *   - when a script changes a container while a lookup in it is in
 *     progress (from equal), even CPython gives no defined outcome (the
 *     lookup starts again, or misses a key inserted behind it, and an
 *     insertion can then make two equal keys): any outcome of the right
 *     kinds is accepted, and the container's model is read back from the
 *     library after an integrity check that allows the duplicates;
 *   - hostile code that changes other containers changes their models
 *     exactly, like any operation.
 *
 * Checked after every operation (and in each frame for its own outcome):
 *   - the outcome: success, or exactly the error its operands and the model
 *     call for (RCO_ERR_TYPE for a wrong or empty slot, RCO_ERR_INDEX out of
 *     range, RCO_ERR_KEY for an absent key, the hostile key's own error),
 *     or RCO_ERR_MEMORY only when an injected failure happened during it; a
 *     failed operation changes nothing the model sees, and leaves no user
 *     code to run after a change it did not make;
 *   - the values found: list/tuple get and pop return the model's item, a
 *     dict get the model's value, contains and discard the model's answer;
 *     rco_equal agrees with the fingerprints (containers by content),
 *     equal objects hash equal, rco_hash fails exactly as the model says,
 *     an instance prints as <Name object at 0x...>, a hostile key as its
 *     repr slot says;
 *   - every container held is its model: its length, its items in order
 *     (iteration order for dicts and sets), its keys found by lookup (with
 *     their values), no two equal keys unless a disturbed lookup allowed
 *     them (corruption: a length that iteration disagrees with, a key that
 *     iteration shows and lookup misses, duplicate keys);
 *   - every object held has a count at least the number of slots holding
 *     it; no probe or hostile key held, or kept in the resurrection list,
 *     is dead; a weakref held reads NULL exactly when its callback has run
 *     (for weakrefs made to an object while it dies: reads NULL once a
 *     callback ran); no probe is freed or finalized twice, no callback runs
 *     twice; the leak detective reports no misuse.
 * At the end of each input everything is dropped (scripts no longer act),
 * uncollectable cycles are broken and rco_gc_garbage() emptied, and the
 * live blocks must be back to where they were before the first input:
 * abort() otherwise, so that libFuzzer reports it.
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

/* Library bugs this fuzzer found, each fixed since (tests/test_hardening.c
 * pins them). A switch at 1 would keep the fuzzer away from the pattern (or
 * from the check it fails) while a bug is open; each has a reproducer in
 * fuzz/repro that exits 1 while its bug is there. */
/* An equal slot that changes the dict or set an insertion is looking in
 * makes the insertion use a stale free slot: a key is lost to lookups. */
#ifndef KNOWN_BUG_EQUAL_MUTATES_DURING_INSERT
#define KNOWN_BUG_EQUAL_MUTATES_DURING_INSERT 0 /* fixed; fuzz/repro/equal_mutates_insert.c */
#endif
/* A weakref made to an object by its legacy_del or by a callback of its
 * weakrefs is never cleared: it reads the freed object afterwards. */
#ifndef KNOWN_BUG_WEAKREF_MADE_WHILE_DYING
#define KNOWN_BUG_WEAKREF_MADE_WHILE_DYING 0 /* fixed; fuzz/repro/weakref_made_while_dying.c */
#endif
/* rco_shutdown called from a finalizer: the library goes on with the
 * object it was destroying after the runtime freed it. */
#ifndef KNOWN_BUG_SHUTDOWN_IN_FINALIZER
#define KNOWN_BUG_SHUTDOWN_IN_FINALIZER 0 /* fixed; fuzz/repro/shutdown_in_finalizer.c */
#endif
/* An instance's repr is cut at 127 bytes (a long class name). */
#ifndef KNOWN_BUG_INSTANCE_REPR_CUT
#define KNOWN_BUG_INSTANCE_REPR_CUT 0 /* fixed; fuzz/repro/instance_repr_cut.c */
#endif
/* rco_dict_next and rco_set_next do not notice that the container changed
 * size since the iteration began (Python raises RuntimeError). */
#ifndef KNOWN_BUG_MUTATION_DURING_NEXT
#define KNOWN_BUG_MUTATION_DURING_NEXT 0 /* fixed; fuzz/repro/mutation_during_next.c */
#endif
/* An equal slot returning -1 without setting an error, or 2, reaches the
 * caller as is (rco_equal returns 2; a lookup fails with no error). */
#ifndef KNOWN_BUG_EQUAL_BAD_RESULT
#define KNOWN_BUG_EQUAL_BAD_RESULT 0 /* fixed; fuzz/repro/equal_bad_result.c */
#endif
/* A type with an equal slot and no hash slot is hashable by identity
 * (Python makes a class that defines __eq__ only unhashable). */
#ifndef KNOWN_BUG_EQUAL_WITHOUT_HASH
#define KNOWN_BUG_EQUAL_WITHOUT_HASH 0 /* fixed; fuzz/repro/equal_without_hash.c */
#endif

#define SLOTS 12
#define MAX_STEPS 400
#define PROBES 64
#define WEAKREFS 96
#define HOSTILES 32
#define SCRIPTED_INSTANCES 64
#define POOL 1024 /* the actions of all scripts of one input */
#define MAX_FRAMES 64
#define MAX_ACTION_DEPTH 6
/* The key universe: ints 1000..1007 and strs "k0".."k7"; keys 16..19 are
 * the floats 1000.0..1003.0, equal to the first four ints. A key operand
 * beyond those names a slot, whose object is the key. */
#define KEY_CLASSES 16
#define UNIVERSE_KEYS (KEY_CLASSES + 4)
#define KEY_SPECS (UNIVERSE_KEYS + SLOTS)

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

/* FUZZ_OPS_TRACE=1 in the environment prints each operation (indented by
 * nesting) and each script action; FUZZ_OPS_STATS=1 prints at exit how
 * often the hostile paths ran. */
static bool tracing;
static struct {
    long actions[32], flushes, uncertain, resyncs, skipped_known_bug, frames, inputs;
} stats;

static void print_stats(void)
{
    static const char *const names[] = { "none", "dict set", "dict del", "dict get", "dict clear",
                                         "set add", "set discard", "list append", "list del",
                                         "list clear", "release", "adopt self", "weakref self",
                                         "weakref", "collect", "repr", "shutdown" };
    fprintf(stderr, "fuzz_ops: %ld inputs, %ld operations; flushed %ld, uncertain %ld, resynced %ld, "
                    "skipped for a known bug %ld\n  actions:",
            stats.inputs, stats.frames, stats.flushes, stats.uncertain, stats.resyncs,
            stats.skipped_known_bug);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fprintf(stderr, " %s %ld,", names[i], stats.actions[i]);
    fputc('\n', stderr);
}

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
 * Scripts
 * ====================================================================== */

enum act {
    ACT_NONE,
    ACT_DICT_SET,     /* slot a [key k] = slot b */
    ACT_DICT_DEL,     /* del slot a [key k] */
    ACT_DICT_GET,     /* slot b = slot a [key k] */
    ACT_DICT_CLEAR,
    ACT_SET_ADD,      /* slot a .add(key k) */
    ACT_SET_DISCARD,
    ACT_LIST_APPEND,  /* slot a .append(slot b) */
    ACT_LIST_DEL,     /* del slot a [k % 6] */
    ACT_LIST_CLEAR,
    ACT_RELEASE,      /* slot a = NULL */
    ACT_ADOPT_SELF,   /* slot a = the object running the script */
    ACT_WEAKREF_SELF, /* slot a = a weakref to the object running the script (or dying) */
    ACT_WEAKREF,      /* slot b = a weakref to slot a */
    ACT_COLLECT,      /* collect generation k % 4 - 1 */
    ACT_REPR,         /* repr(slot a) */
    ACT_SHUTDOWN,
    ACT_KINDS
};

typedef struct action {
    uint8_t kind, a, b, k;
} action;

typedef struct script {
    int start, len, next;
} script;

static action pool[POOL];
static int pool_used;

static action read_action(program *in)
{
    action a;
    a.kind = (uint8_t)below(in, ACT_KINDS);
    a.a = (uint8_t)below(in, SLOTS);
    a.b = (uint8_t)below(in, SLOTS);
    a.k = (uint8_t)next(in);
    return a;
}

static script read_script(program *in)
{
    script s = { pool_used, 0, 0 };
    for (unsigned n = below(in, 5); n > 0 && pool_used < POOL; n--) {
        pool[pool_used++] = read_action(in);
        s.len++;
    }
    return s;
}

/* What a script may use: the object running it, and the object dying (if
 * it is safe to touch). */
typedef struct context {
    rco_object *self;
    rco_object *dying;
    bool late;      /* legacy_del or a weakref callback: after the weakrefs were cleared */
    bool may_adopt; /* self may be stored (resurrected) */
} context;

static void run_script(script *s, const context *cx);

/* While this is above 0 user code acts on nothing (the harness is looking,
 * or tearing down). */
static int quiet;
static int in_collection;
static bool allow_resurrection;
/* Whether an injected allocation failure may still be waiting (1: the nth
 * allocation fails once, 2: persistently): checks that allocate wait
 * until none is. */
static int fail_armed;
static long fails_when_armed;

/* ======================================================================
 * Built-in types
 * ====================================================================== */

static const rco_type *int_type, *bool_type, *float_type, *str_type, *bytes_type, *none_type;
static const rco_type *list_type, *tuple_type, *dict_type, *set_type, *weakref_type;

static void learn_types(void)
{
    rco_object *l = rco_list_new(0), *t = rco_tuple_new(1), *d = rco_dict_new(), *s = rco_set_new();
    rco_object *w = rco_weakref_new(s, NULL, NULL);
    rco_object *i = rco_int(1000), *f = rco_float(0.5), *str = rco_str("s"), *b = rco_bytes("b", 1);
    if (!l || !t || !d || !s || !w || !i || !f || !str || !b)
        crash("could not start");
    list_type = rco_typeof(l);
    tuple_type = rco_typeof(t);
    dict_type = rco_typeof(d);
    set_type = rco_typeof(s);
    weakref_type = rco_typeof(w);
    int_type = rco_typeof(i);
    float_type = rco_typeof(f);
    str_type = rco_typeof(str);
    bytes_type = rco_typeof(b);
    bool_type = rco_typeof(rco_true());
    none_type = rco_typeof(rco_none());
    rco_object *all[] = { w, l, t, d, s, i, f, str, b };
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        rco_decref(all[k]);
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

static bool is_container(const rco_object *o)
{
    return is_a(o, list_type) || is_a(o, tuple_type) || is_keyed(o);
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
    script s;
} probe_fate;

static probe_fate probes[PROBES];
static int nprobes;

/* Where finalizers put what they resurrect, and callbacks what they log;
 * never in a slot, so that the model never sees them change. */
static rco_object *lazarus;
static rco_object *journal;

static int user_code_begins(void);

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

static void probe_script_finalize(rco_object *self)
{
    probe *p = (probe *)self;
    probes[p->id].finalized++;
    if (user_code_begins())
        run_script(&probes[p->id].s, &(context){ .self = self, .dying = self, .may_adopt = true });
}

static void probe_script_legacy_del(rco_object *self)
{
    probe *p = (probe *)self;
    probes[p->id].legacy_dels++;
    if (user_code_begins())
        run_script(&probes[p->id].s,
                   &(context){ .self = self, .dying = self, .late = true, .may_adopt = true });
}

/* Like a tp_dealloc that releases what it holds and so runs more code; the
 * object itself is past saving. */
static void probe_script_dealloc(rco_object *self)
{
    probe_dealloc(self);
    if (user_code_begins())
        run_script(&probes[((probe *)self)->id].s, &(context){ 0 });
}

#define PROBE_TYPE(var, tname, dea, fin, del)                          \
    static rco_type var = {                                            \
        .name = tname,                                                 \
        .size = sizeof(probe),                                         \
        .flags = RCO_TYPE_GC,                                          \
        .dealloc = dea,                                                \
        .traverse = probe_traverse,                                    \
        .clear = probe_clear,                                          \
        .finalize = fin,                                               \
        .legacy_del = del,                                             \
    }
PROBE_TYPE(plain_probe, "Probe", probe_dealloc, NULL, NULL);
PROBE_TYPE(final_probe, "FinalProbe", probe_dealloc, probe_finalize, NULL);
PROBE_TYPE(legacy_probe, "LegacyProbe", probe_dealloc, NULL, probe_legacy_del);
PROBE_TYPE(script_final_probe, "ScriptFinalProbe", probe_dealloc, probe_script_finalize, NULL);
PROBE_TYPE(script_legacy_probe, "ScriptLegacyProbe", probe_dealloc, NULL, probe_script_legacy_del);
PROBE_TYPE(script_dealloc_probe, "ScriptDeallocProbe", probe_script_dealloc, NULL, NULL);

static rco_type *const probe_types[] = { &plain_probe, &final_probe, &legacy_probe,
                                         &script_final_probe, &script_legacy_probe,
                                         &script_dealloc_probe };
#define PROBE_KINDS (sizeof probe_types / sizeof probe_types[0])

static bool is_probe(const rco_object *o)
{
    if (!o)
        return false;
    const rco_type *t = rco_typeof(o);
    for (size_t i = 0; i < PROBE_KINDS; i++)
        if (t == probe_types[i])
            return true;
    return false;
}

/* ======================================================================
 * Hostile keys
 * ====================================================================== */

typedef struct hostile {
    rco_object ob;
    int id;
    int eq_class;
    uint8_t hash_fault;  /* 1: -1 with an error; 2: -1 without one */
    uint8_t equal_fault; /* 1: -1 with an error; 2: -1 without one; 3: 2 */
    uint8_t repr_mode;   /* 0: ascii; 1: NULL with an error; 2: not a str; 3: non-ASCII */
} hostile;

typedef struct hostile_fate {
    int deaths;
    script s;
} hostile_fate;

static hostile_fate hostiles[HOSTILES];
static int nhostiles;
static int faulty_equals, faulty_reprs; /* hostile keys of this input whose equal / repr can fail */

typedef struct frame frame;
static frame *innermost_call(void);
static void count_slot_call(frame *f, bool hash, int delta);

static rco_type hostile_type;
#if !KNOWN_BUG_EQUAL_WITHOUT_HASH
static rco_type hostile_nohash_type;
#endif

static bool is_hostile(const rco_object *o)
{
#if !KNOWN_BUG_EQUAL_WITHOUT_HASH
    if (o && rco_typeof(o) == &hostile_nohash_type)
        return true;
#endif
    return o && rco_typeof(o) == &hostile_type;
}

/* Pairs of classes share a hash, and the hashes are those of the int keys
 * 1000..1007: lookups of those compare with hostile keys too. */
static int64_t hostile_hash_value(const hostile *h)
{
    return 1000 + (h->eq_class >> 1);
}

static void hostile_dealloc(rco_object *self)
{
    hostiles[((hostile *)self)->id].deaths++;
}

/* The script runs inside a hash or equal call that some frame's call made:
 * that frame is counted as being inside it while the script runs. */
static void hostile_acts(rco_object *self, bool in_hash)
{
    frame *owner = innermost_call();
    if (owner)
        count_slot_call(owner, in_hash, 1);
    if (user_code_begins())
        run_script(&hostiles[((hostile *)self)->id].s, &(context){ .self = self, .may_adopt = true });
    if (owner)
        count_slot_call(owner, in_hash, -1);
}

static int64_t hostile_hash(rco_object *self)
{
    hostile *h = (hostile *)self;
    if (quiet)
        return hostile_hash_value(h);
    hostile_acts(self, true);
    if (h->hash_fault == 1) {
        rco_err_set(RCO_ERR_VALUE, "hostile %d refuses to hash", h->id);
        return -1;
    }
    if (h->hash_fault == 2)
        return -1; /* no error: the library must supply one */
    return hostile_hash_value(h);
}

static int hostile_equal(rco_object *self, rco_object *other)
{
    hostile *h = (hostile *)self;
    int eq = is_hostile(other) && ((hostile *)other)->eq_class == h->eq_class;
    if (quiet)
        return eq;
    hostile_acts(self, false);
    switch (h->equal_fault) {
    case 1:
        rco_err_set(RCO_ERR_VALUE, "hostile %d refuses to compare", h->id);
        return -1;
    case 2:
        return -1;
    case 3:
        return 2;
    default:
        return eq;
    }
}

static void hostile_text(const hostile *h, char *buf, size_t n)
{
    snprintf(buf, n, h->repr_mode == 3 ? "H\xc3\xb6stile(%d)" : "Hostile(%d)", h->id);
}

static rco_object *hostile_repr(rco_object *self)
{
    hostile *h = (hostile *)self;
    if (!quiet && user_code_begins())
        run_script(&hostiles[h->id].s, &(context){ .self = self, .may_adopt = true });
    char text[32];
    hostile_text(h, text, sizeof text);
    switch (quiet ? 0 : h->repr_mode) {
    case 1:
        rco_err_set(RCO_ERR_VALUE, "hostile %d refuses to print", h->id);
        return NULL;
    case 2:
        return rco_int(h->id);
    default:
        return rco_str(text);
    }
}

static rco_type hostile_type = {
    .name = "Hostile",
    .size = sizeof(hostile),
    .dealloc = hostile_dealloc,
    .repr = hostile_repr,
    .hash = hostile_hash,
    .equal = hostile_equal,
};

#if !KNOWN_BUG_EQUAL_WITHOUT_HASH
static rco_type hostile_nohash_type = {
    .name = "HostileNoHash",
    .size = sizeof(hostile),
    .dealloc = hostile_dealloc,
    .repr = hostile_repr,
    .equal = hostile_equal,
};
#endif

/* ======================================================================
 * Classes whose instances finalize in the same ways
 * ====================================================================== */

static const char *const attr_names[] = { "a", "b", "c", "d" };
#define ATTRS 4
/* The attribute holding the index of an instance's script. */
#define SCRIPT_ATTR "_script"

static script instance_scripts[SCRIPTED_INSTANCES];
static int ninstance_scripts;

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

static void instance_script(rco_object *self, bool late)
{
    if (!user_code_begins())
        return;
    rco_object *v = rco_getattr(self, SCRIPT_ATTR);
    if (!v) {
        rco_err_clear();
        return;
    }
    int64_t i = rco_int_value(v);
    rco_decref(v);
    rco_err_clear();
    if (i >= 0 && i < ninstance_scripts)
        run_script(&instance_scripts[i],
                   &(context){ .self = self, .dying = self, .late = late, .may_adopt = true });
}

static void instance_script_finalize(rco_object *self)
{
    instance_script(self, false);
}

static void instance_script_legacy_del(rco_object *self)
{
    instance_script(self, true);
}

/* ======================================================================
 * Weakref records: each weakref the harness makes has one, written by its
 * callback
 * ====================================================================== */

typedef struct weak_record {
    rco_object *ref;    /* not a reference: only compared, while the weakref lives */
    rco_object *target; /* not a reference: used only while the target dies */
    int fired;
    bool lenient;       /* made while its target died: cleared, callback or not */
    script s;
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
    if (user_code_begins())
        run_script(&r->s, &(context){ .self = ref,
                                      .dying = in_collection ? NULL : r->target,
                                      .late = true,
                                      .may_adopt = true });
}

/* The record of a weakref: the newest made at its address (an older one's
 * weakref is dead, or the newer could not have been made there). */
static weak_record *record_of(const rco_object *o)
{
    if (!is_a(o, weakref_type))
        return NULL;
    for (int i = nrecords - 1; i >= 0; i--)
        if (records[i].ref == o)
            return &records[i];
    return NULL;
}

/* ======================================================================
 * Fingerprints: equal keys (and, for containers, equal values) have equal
 * fingerprints, unequal ones (practically) never
 * ====================================================================== */

static uint64_t mix(uint64_t tag, uint64_t v)
{
    uint64_t h = tag * 0x9e3779b97f4a7c15ULL ^ v;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 32);
}

static uint64_t bytes_fp(const void *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3ULL;
    return h;
}

enum { FP_NUMBER = 1, FP_FLOAT, FP_STR, FP_BYTES, FP_HOSTILE, FP_IDENTITY, FP_TUPLE, FP_EMPTY,
       FP_LIST, FP_DICT, FP_SET };

typedef struct keyinfo {
    rco_errkind err; /* what hashing it fails with; RCO_ERR_NONE if hashable */
    uint64_t fp;
    bool faulty;     /* holds a hostile key whose equal may fail */
    bool unknown;    /* too deep to tell */
} keyinfo;

static uint64_t number_fp(double d)
{
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == (double)(int64_t)d)
        return mix(FP_NUMBER, (uint64_t)(int64_t)d); /* equal to an int (-0.0 too) */
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return mix(FP_FLOAT, bits);
}

/* What hashing o does, and its fingerprint (set even when unhashable, for
 * comparisons). Reads o without running user code. */
static keyinfo classify(rco_object *o, int depth)
{
    keyinfo ki = { RCO_ERR_NONE, 0, false, false };
    if (depth > 40) {
        ki.unknown = true;
        return ki;
    }
    if (!o) {
        ki.err = RCO_ERR_TYPE;
        return ki;
    }
    const rco_type *t = rco_typeof(o);
    if (t == int_type || t == bool_type) {
        ki.fp = mix(FP_NUMBER, (uint64_t)rco_int_value(o));
    } else if (t == float_type) {
        ki.fp = number_fp(rco_float_value(o));
    } else if (t == str_type) {
        ki.fp = mix(FP_STR, bytes_fp(rco_str_utf8(o), (size_t)rco_str_size(o)));
    } else if (t == bytes_type) {
        ki.fp = mix(FP_BYTES, bytes_fp(rco_bytes_data(o), (size_t)rco_len(o)));
    } else if (is_hostile(o)) {
        hostile *h = (hostile *)o;
        ki.fp = mix(FP_HOSTILE, (uint64_t)h->eq_class);
        ki.faulty = h->equal_fault != 0;
        if (t != &hostile_type)
            ki.err = RCO_ERR_TYPE; /* no hash slot: unhashable, its hash fault never reached */
        else if (h->hash_fault)
            ki.err = RCO_ERR_VALUE;
    } else if (t == tuple_type) {
        uint64_t acc = (uint64_t)rco_len(o);
        for (size_t i = 0; i < (size_t)rco_len(o); i++) {
            rco_object *item = rco_tuple_get(o, i);
            keyinfo sub = { RCO_ERR_VALUE, mix(FP_EMPTY, 0), false, false };
            if (item)
                sub = classify(item, depth + 1);
            rco_err_clear();
            if (ki.err == RCO_ERR_NONE)
                ki.err = sub.err; /* the first item that fails decides */
            ki.faulty |= sub.faulty;
            ki.unknown |= sub.unknown;
            acc = mix(acc, sub.fp);
        }
        ki.fp = mix(FP_TUPLE, acc);
    } else if (t == list_type || t == dict_type || t == set_type) {
        ki.err = RCO_ERR_TYPE;
        ki.fp = mix(FP_IDENTITY, (uint64_t)(uintptr_t)o);
    } else {
        ki.fp = mix(FP_IDENTITY, (uint64_t)(uintptr_t)o); /* identity: None, probes, instances ... */
    }
    return ki;
}

/* ======================================================================
 * Models of the containers held in slots
 * ====================================================================== */

typedef struct entry {
    rco_object *key;   /* lists and tuples: the item; NULL: not known yet (dicts) or empty (lists) */
    uint64_t fp;       /* dicts and sets */
    bool faulty;       /* the key may fail a comparison */
    rco_object *value; /* dicts */
} entry;

enum mkind { MK_LIST, MK_TUPLE, MK_DICT, MK_SET };

typedef struct model {
    bool used;
    rco_object *o; /* not a reference: a slot holds it while the model exists */
    enum mkind kind;
    int holders;   /* slots holding o */
    size_t n, cap;
    entry *e;
    bool dups;     /* may hold equal keys: a lookup in it was disturbed */
} model;

#define MODELS (SLOTS + 2)
static model models[MODELS];

/* Containers a disturbed lookup may have left with equal keys (pointers
 * only compared; an address reused by a later container only makes the
 * check of that container more lenient). */
#define DISTURBED 512
static rco_object *disturbed[DISTURBED];
static int ndisturbed;

static bool was_disturbed(const rco_object *o)
{
    for (int i = 0; i < ndisturbed; i++)
        if (disturbed[i] == o)
            return true;
    return false;
}

static void mark_disturbed(rco_object *o)
{
    if (!was_disturbed(o))
        disturbed[ndisturbed++ % DISTURBED] = o;
}

static model *model_find(const rco_object *o)
{
    if (!o)
        return NULL;
    for (int i = 0; i < MODELS; i++)
        if (models[i].used && models[i].o == o)
            return &models[i];
    return NULL;
}

static void m_insert(model *m, size_t at, entry e)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 8;
        m->e = realloc(m->e, m->cap * sizeof(entry));
        if (!m->e)
            crash("out of memory in the harness");
    }
    memmove(&m->e[at + 1], &m->e[at], (m->n - at) * sizeof(entry));
    m->e[at] = e;
    m->n++;
}

static void m_remove(model *m, size_t at)
{
    memmove(&m->e[at], &m->e[at + 1], (m->n - at - 1) * sizeof(entry));
    m->n--;
}

/* The entry whose key equals a key of fingerprint fp, -1 if none; *count
 * (if not NULL) gets how many do. */
static ssize_t m_find(const model *m, uint64_t fp, int *count)
{
    ssize_t found = -1;
    int n = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (m->e[i].fp == fp) {
            if (found < 0)
                found = (ssize_t)i;
            n++;
        }
    }
    if (count)
        *count = n;
    return found;
}

static bool m_faulty(const model *m)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->e[i].faulty)
            return true;
    return false;
}

static bool m_has_dups(const model *m)
{
    for (size_t i = 0; i < m->n; i++)
        for (size_t j = i + 1; j < m->n; j++)
            if (m->e[i].fp == m->e[j].fp)
                return true;
    return false;
}

static entry key_entry(rco_object *key, rco_object *value)
{
    keyinfo ki = classify(key, 0);
    return (entry){ key, ki.fp, ki.faulty, value };
}

/* Read o's items from the library into m (no user code acts meanwhile). */
static void read_items(model *m)
{
    rco_object *o = m->o;
    m->n = 0;
    size_t pos = 0;
    rco_object *k, *v;
    switch (m->kind) {
    case MK_LIST:
    case MK_TUPLE:
        for (size_t i = 0; i < (size_t)rco_len(o); i++) {
            rco_object *item = m->kind == MK_LIST ? rco_list_get(o, i) : rco_tuple_get(o, i);
            rco_err_clear(); /* an empty slot */
            m_insert(m, m->n, (entry){ item, 0, false, NULL });
        }
        break;
    case MK_DICT:
        while (rco_dict_next(o, &pos, &k, &v) == 1)
            m_insert(m, m->n, key_entry(k, v));
        break;
    case MK_SET:
        while (rco_set_next(o, &pos, &k) == 1)
            m_insert(m, m->n, key_entry(k, NULL));
        break;
    }
}

static int keyed_contains(rco_object *o, rco_object *key)
{
    return is_a(o, dict_type) ? rco_dict_contains(o, key) : rco_set_contains(o, key);
}

/* Each key that iteration shows is found by lookup, with its value; no two
 * equal keys unless allowed. */
static void check_lookups(const model *m, bool allow_dups)
{
    if (m->kind != MK_DICT && m->kind != MK_SET)
        return;
    if (!allow_dups && m_has_dups(m))
        crash("a container holds two equal keys");
    for (size_t i = 0; i < m->n; i++) {
        rco_object *key = m->e[i].key;
        if (!key)
            continue;
        if (keyed_contains(m->o, key) != 1) {
            fprintf(stderr, "entry %zu of %zu (%s) is not found\n", i, m->n, rco_type_name(key));
            crash("a key that iteration shows is not found by lookup");
        }
        int count;
        m_find(m, m->e[i].fp, &count);
        if (m->kind == MK_DICT && count == 1 && rco_dict_get(m->o, key) != m->e[i].value)
            crash("a dict lookup finds another value than iteration shows");
    }
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
}

static model *observe(rco_object *o)
{
    model *m = NULL;
    for (int i = 0; i < MODELS && !m; i++)
        if (!models[i].used)
            m = &models[i];
    if (!m)
        crash("no free model");
    m->used = true;
    m->o = o;
    m->holders = 0;
    m->kind = is_a(o, list_type) ? MK_LIST : is_a(o, tuple_type) ? MK_TUPLE
            : is_a(o, dict_type) ? MK_DICT : MK_SET;
    quiet++;
    read_items(m);
    if (rco_len(o) != (ssize_t)m->n)
        crash("a container's length disagrees with its iteration");
    m->dups = m_has_dups(m);
    check_lookups(m, was_disturbed(o));
    quiet--;
    return m;
}

/* After a disturbed lookup: believe the library, once it is consistent. */
static void resync(rco_object *o)
{
    model *m = model_find(o);
    mark_disturbed(o);
    stats.resyncs++;
    if (!m)
        return;
    quiet++;
    read_items(m);
    if (rco_len(o) != (ssize_t)m->n)
        crash("a container's length disagrees with its iteration");
    m->dups = m_has_dups(m);
    check_lookups(m, true);
    quiet--;
}

/* The library agrees with the model: length, items in order, lookups. */
static void verify(model *m)
{
    rco_object *o = m->o;
    quiet++;
    if (rco_len(o) != (ssize_t)m->n) {
        fprintf(stderr, "%s of length %zd, the model says %zu\n", rco_type_name(o), rco_len(o), m->n);
        crash("a container's length disagrees with the model");
    }
    size_t pos = 0, i = 0;
    rco_object *k, *v;
    switch (m->kind) {
    case MK_LIST:
    case MK_TUPLE:
        for (i = 0; i < m->n; i++) {
            rco_object *item = m->kind == MK_LIST ? rco_list_get(o, i) : rco_tuple_get(o, i);
            rco_err_clear();
            if (item != m->e[i].key) {
                fprintf(stderr, "item %zu of %zu: %p, the model says %p\n", i, m->n, (void *)item,
                        (void *)m->e[i].key);
                crash("a sequence's items disagree with the model");
            }
        }
        break;
    case MK_DICT:
    case MK_SET:
        while (m->kind == MK_DICT ? rco_dict_next(o, &pos, &k, &v) == 1 : rco_set_next(o, &pos, &k) == 1) {
            if (i >= m->n)
                crash("iteration shows more entries than the model has");
            entry *e = &m->e[i++];
            if (e->key ? k != e->key : classify(k, 0).fp != e->fp) {
                fprintf(stderr, "entry %zu of %zu: key %p (%s), the model says %p\n", i - 1, m->n,
                        (void *)k, rco_type_name(k), (void *)e->key);
                crash("iteration disagrees with the model's keys");
            }
            e->key = k; /* a key the library made (rco_dict_set_str) */
            if (m->kind == MK_DICT && v != e->value)
                crash("iteration disagrees with the model's values");
        }
        if (i != m->n)
            crash("iteration shows fewer entries than the model has");
        check_lookups(m, m->dups);
        break;
    }
    quiet--;
}

/* ======================================================================
 * Slots
 * ====================================================================== */

typedef struct slot {
    rco_object *o;
    model *m; /* containers */
} slot;

static slot slots[SLOTS];

static model *model_attach(rco_object *o)
{
    if (!is_container(o))
        return NULL;
    model *m = model_find(o);
    if (!m)
        m = observe(o);
    m->holders++;
    return m;
}

static void model_detach(model *m)
{
    if (--m->holders > 0)
        return;
    free(m->e);
    *m = (model){ 0 };
}

/* Put a new reference (or NULL) in slot i, releasing what was there. */
static void store(int i, RCO_STEALS rco_object *o)
{
    rco_object *old = slots[i].o;
    model *om = slots[i].m;
    slots[i].o = o;
    slots[i].m = o ? model_attach(o) : NULL;
    if (om)
        model_detach(om);
    rco_xdecref(old); /* may run finalizers and callbacks */
}

/* Tuples used as keys must not change any more (fill a tuple before you
 * share it, says rco.h); those inside them neither. */
#define FROZEN 1024
static const rco_object *frozen[FROZEN];
static int nfrozen;

static bool is_frozen(const rco_object *o)
{
    for (int i = 0; i < nfrozen && i < FROZEN; i++)
        if (frozen[i] == o)
            return true;
    return false;
}

static void freeze(rco_object *o, int depth)
{
    if (!is_a(o, tuple_type) || depth > 40 || is_frozen(o))
        return;
    frozen[nfrozen++ % FROZEN] = o;
    for (size_t i = 0; i < (size_t)rco_len(o); i++) {
        rco_object *item = rco_tuple_get(o, i);
        rco_err_clear();
        freeze(item, depth + 1);
    }
}

/* ======================================================================
 * Frames: one per operation, at the top or run by a script
 * ====================================================================== */

enum opk {
    OP_OTHER, /* nothing the model predicts */
    OP_DICT_SET, OP_DICT_GET, OP_DICT_CONTAINS, OP_DICT_DEL,
    OP_SET_ADD, OP_SET_CONTAINS, OP_SET_DISCARD,
    OP_CLEAR, OP_LIST_INSERT, OP_ITEM_SET, OP_ITEM_GET, OP_LIST_POP, OP_LIST_DEL
};

#define PINS 6

struct frame {
    const char *name;
    long failures_before;
    rco_object *pins[PINS];
    int npins;
    bool in_call;             /* inside the library call the operation makes */
    int hash_calls, equal_calls; /* hostile hash/equal calls that call made, running now */
    enum opk op;
    rco_object *target;       /* the container read or changed (pinned) */
    rco_object *key;          /* as the container will hold it; NULL: the library makes it */
    uint64_t fp;
    bool key_faulty;
    rco_object *value;        /* the value or item stored */
    size_t index;             /* SIZE_MAX: the end */
    bool may_fail_equal;      /* a comparison on the way may fail (RCO_ERR_VALUE) */
    bool flushed;             /* the change is in the model */
    bool uncertain;           /* a script changed target while the lookup ran */
    bool predicted;           /* the model could say (exp_* are set) */
    rco_errkind exp_err;
    ssize_t exp_found;
    rco_object *exp_item;
    unsigned unmodelled;      /* errors allowed when no model can say */
};

static frame frames[MAX_FRAMES];
static int nframes;
static long mutations; /* container calls made so far: a read that saw this change was disturbed */

#define ALLOW(k) (1u << (k))

static bool mutates(enum opk op)
{
    return op != OP_OTHER && op != OP_DICT_GET && op != OP_DICT_CONTAINS && op != OP_SET_CONTAINS &&
           op != OP_ITEM_GET;
}

static bool keyed_op(enum opk op)
{
    return op >= OP_DICT_SET && op <= OP_SET_DISCARD;
}

static bool inserting(enum opk op)
{
    return op == OP_DICT_SET || op == OP_SET_ADD;
}

static frame *innermost_call(void)
{
    for (int i = nframes - 1; i >= 0; i--)
        if (frames[i].in_call)
            return &frames[i];
    return NULL;
}

static void count_slot_call(frame *f, bool hash, int delta)
{
    if (hash)
        f->hash_calls += delta;
    else
        f->equal_calls += delta;
}

/* Work out f's outcome from the model as it is now. */
static void predict(frame *f)
{
    model *m = model_find(f->target);
    f->predicted = m != NULL && f->op != OP_OTHER;
    f->exp_err = RCO_ERR_NONE;
    f->exp_found = -1;
    f->exp_item = NULL;
    if (!f->predicted)
        return;
    int count = 0;
    switch (f->op) {
    case OP_DICT_SET:
    case OP_DICT_GET:
    case OP_DICT_CONTAINS:
    case OP_DICT_DEL:
    case OP_SET_ADD:
    case OP_SET_CONTAINS:
    case OP_SET_DISCARD:
        f->exp_found = m_find(m, f->fp, &count);
        if (count > 1) {
            /* Which of two equal keys a lookup meets is the table's business. */
            f->uncertain = true;
            f->predicted = false;
            return;
        }
        if (f->op == OP_DICT_DEL && f->exp_found < 0)
            f->exp_err = RCO_ERR_KEY;
        if (f->exp_found >= 0 && m->kind == MK_DICT)
            f->exp_item = m->e[f->exp_found].value;
        break;
    case OP_LIST_INSERT:
        if (f->index != SIZE_MAX && f->index > m->n)
            f->exp_err = RCO_ERR_INDEX;
        break;
    case OP_ITEM_SET:
    case OP_ITEM_GET:
    case OP_LIST_POP:
    case OP_LIST_DEL:
        if (f->index >= m->n) {
            f->exp_err = RCO_ERR_INDEX;
            break;
        }
        f->exp_item = m->e[f->index].key;
        if ((f->op == OP_ITEM_GET || f->op == OP_LIST_POP) && !f->exp_item)
            f->exp_err = RCO_ERR_VALUE; /* a slot never filled */
        break;
    default:
        break;
    }
}

/* Make f's change to the model, as predicted. */
static void apply(frame *f)
{
    model *m = model_find(f->target);
    if (!m || !f->predicted || f->exp_err != RCO_ERR_NONE)
        return;
    switch (f->op) {
    case OP_DICT_SET:
        if (f->exp_found >= 0)
            m->e[f->exp_found].value = f->value; /* the equal key already there stays */
        else
            m_insert(m, m->n, (entry){ f->key, f->fp, f->key_faulty, f->value });
        break;
    case OP_SET_ADD:
        if (f->exp_found < 0)
            m_insert(m, m->n, (entry){ f->key, f->fp, f->key_faulty, NULL });
        break;
    case OP_DICT_DEL:
    case OP_SET_DISCARD:
        if (f->exp_found >= 0)
            m_remove(m, (size_t)f->exp_found);
        break;
    case OP_CLEAR:
        m->n = 0;
        m->dups = false;
        break;
    case OP_LIST_INSERT:
        m_insert(m, f->index == SIZE_MAX ? m->n : f->index, (entry){ f->value, 0, false, NULL });
        break;
    case OP_ITEM_SET:
        m->e[f->index].key = f->value;
        break;
    case OP_LIST_POP:
    case OP_LIST_DEL:
        m_remove(m, f->index);
        break;
    default:
        break;
    }
}

static void flush(frame *f)
{
    stats.flushes++;
    predict(f);
    apply(f);
    f->flushed = true;
}

/* Called first by all user code. User code inside a call window but not
 * inside that call's hash or equal runs because the call released
 * something: its change is made, and goes into the model before anything
 * else changes it. Returns 0 when user code must not act. */
static int user_code_begins(void)
{
    if (quiet)
        return 0;
    for (int i = 0; i < nframes; i++) {
        frame *f = &frames[i];
        if (f->in_call && !f->flushed && !f->uncertain && mutates(f->op) && !f->hash_calls &&
            !f->equal_calls)
            flush(f);
    }
    return 1;
}

static frame *frame_begin(const char *name)
{
    if (nframes == MAX_FRAMES)
        crash("operations nested too deep");
    if (rco_err_occurred() != RCO_ERR_NONE)
        crash("an operation began with an error set");
    frame *f = &frames[nframes++];
    memset(f, 0, sizeof *f);
    f->name = name;
    f->index = SIZE_MAX;
    f->failures_before = rco_debug_failed_allocs();
    current_op = name;
    stats.frames++;
    if (tracing)
        fprintf(stderr, "%*s%s\n", 2 * (nframes - 1), "", name);
    return f;
}

/* Hold o for the operation; returns o. */
static rco_object *pin(frame *f, rco_object *o)
{
    if (o) {
        if (f->npins == PINS)
            crash("too many pins");
        f->pins[f->npins++] = rco_incref(o);
    }
    return o;
}

static void frame_end(frame *f)
{
    if (f != &frames[nframes - 1])
        crash("frames out of order");
    rco_object *held[PINS];
    int n = f->npins;
    memcpy(held, f->pins, sizeof held);
    nframes--;
    current_op = nframes ? frames[nframes - 1].name : "";
    for (int i = 0; i < n; i++)
        rco_decref(held[i]); /* may run user code, for the frame below */
}

/* Lookups in f's target that a change now would disturb. */
static bool disturbs(const frame *f, const frame *g)
{
    return g->in_call && g->target == f->target && keyed_op(g->op) && g->equal_calls > 0;
}

/* f's call is about to run. false: skip it (a known bug). */
static bool call_start(frame *f)
{
    if (mutates(f->op) && f->target) {
        for (int i = 0; i < nframes; i++) {
            if (&frames[i] != f && disturbs(f, &frames[i]) && inserting(frames[i].op) &&
                KNOWN_BUG_EQUAL_MUTATES_DURING_INSERT) {
                stats.skipped_known_bug++;
                return false;
            }
        }
        for (int i = 0; i < nframes; i++)
            if (&frames[i] != f && disturbs(f, &frames[i])) {
                frames[i].uncertain = true;
                stats.uncertain++;
            }
        mutations++;
    }
    f->in_call = true;
    return true;
}

static void unexpected(const frame *f, const char *what)
{
    if (f->predicted)
        fprintf(stderr, "expected %s\n", f->exp_err ? rco_err_name(f->exp_err) : "success");
    crash(what);
}

/* The call returned: ok, or failed with the error set. arg_err is the error
 * its arguments call for whatever the containers hold (RCO_ERR_NONE if
 * they are right). Checks the outcome, puts the change in the model, and
 * returns ok. */
static bool settle(frame *f, bool ok, rco_errkind arg_err)
{
    f->in_call = false;
    rco_errkind kind = rco_err_occurred();
    bool injected = rco_debug_failed_allocs() != f->failures_before;
    if (ok && kind != RCO_ERR_NONE)
        crash("succeeded but left an error set");
    if (!ok && kind == RCO_ERR_NONE)
        crash("failed without setting an error");
    if (arg_err != RCO_ERR_NONE) {
        if (ok)
            crash("succeeded where an error was due");
        if (kind != arg_err && !(kind == RCO_ERR_MEMORY && injected)) {
            fprintf(stderr, "expected %s\n", rco_err_name(arg_err));
            crash("failed with an unexpected error");
        }
        rco_err_clear();
        return false;
    }
    /* Failures that no model decides: an injected allocation failure, a
     * hostile equal that refused. */
    bool fault = !ok && ((kind == RCO_ERR_MEMORY && injected) ||
                         (kind == RCO_ERR_VALUE && f->may_fail_equal));
    if (!f->uncertain && !fault && !f->flushed)
        predict(f); /* may find it uncertain */
    if (f->uncertain) {
        if (!ok && !fault && !(f->unmodelled & ALLOW(kind)))
            unexpected(f, "failed with an unexpected error");
        rco_err_clear();
        resync(f->target);
        return ok;
    }
    if (fault) {
        if (f->flushed && f->predicted && f->exp_err == RCO_ERR_NONE)
            crash("user code ran after a change by a call that then failed");
        rco_err_clear();
        return false;
    }
    if (!f->predicted) {
        if (!ok && !(f->unmodelled & ALLOW(kind)))
            unexpected(f, "failed with an unexpected error");
        rco_err_clear();
        return ok;
    }
    if (ok != (f->exp_err == RCO_ERR_NONE) || (!ok && kind != f->exp_err))
        unexpected(f, "the outcome disagrees with the model");
    rco_err_clear();
    if (!f->flushed) {
        apply(f);
        f->flushed = true;
    }
    return ok;
}

/* For calls whose failures the model does not decide (constructors and
 * the like): success, one of the allowed kinds, or an injected failure. */
static bool settle_among(frame *f, bool ok, unsigned allowed)
{
    f->in_call = false;
    rco_errkind kind = rco_err_occurred();
    if (ok) {
        if (kind != RCO_ERR_NONE)
            crash("succeeded but left an error set");
        return true;
    }
    bool injected = rco_debug_failed_allocs() != f->failures_before;
    if (kind == RCO_ERR_MEMORY ? !injected : kind == RCO_ERR_NONE || !(allowed & ALLOW(kind)))
        crash("failed with an unexpected error");
    rco_err_clear();
    return false;
}

/* A result the model predicted must be what the call returned. */
static bool knows(const frame *f)
{
    return f->predicted && !f->uncertain;
}

/* ======================================================================
 * Container operations, shared by the top level and scripts
 * ====================================================================== */

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

static bool small_enough(rco_object *o, bool for_repr);

typedef struct keyarg {
    rco_object *obj;
    bool owned;    /* a new reference, made here */
    keyinfo ki;
    char name[4];  /* str universe keys */
} keyarg;

/* The key operand spec: a universe key, made now, or a slot's object
 * (pinned). false if it cannot be used. */
static bool key_arg(frame *f, unsigned spec, keyarg *k)
{
    *k = (keyarg){ 0 };
    if (spec < UNIVERSE_KEYS) {
        k->obj = make_key(spec);
        if (!settle_among(f, k->obj != NULL, 0))
            return false;
        k->owned = true;
        if (spec >= 8 && spec < 16)
            snprintf(k->name, sizeof k->name, "k%u", spec - 8);
    } else {
        k->obj = slots[spec - UNIVERSE_KEYS].o;
        /* Hashing a graph of shared tuples takes time exponential in its
         * depth (in Python too). */
        if (k->obj && !small_enough(k->obj, false))
            return false;
        pin(f, k->obj);
    }
    k->ki = classify(k->obj, 0);
    if (k->ki.unknown) {
        if (k->owned)
            rco_decref(k->obj);
        return false;
    }
    freeze(k->obj, 0);
    return true;
}

static void key_release(keyarg *k)
{
    if (k->owned)
        rco_decref(k->obj);
    k->owned = false;
}

static void keyed_setup(frame *f, enum opk op, rco_object *target, const keyarg *k, rco_object *value)
{
    f->op = op;
    f->target = target;
    f->key = k->obj;
    f->fp = k->ki.fp;
    f->key_faulty = k->ki.faulty;
    f->value = value;
    model *m = model_find(target);
    f->may_fail_equal = k->ki.faulty || (m ? m_faulty(m) : faulty_equals > 0);
    if (f->may_fail_equal && !KNOWN_BUG_EQUAL_BAD_RESULT)
        f->uncertain = true; /* what a bad result means is the library's to choose */
}

static void do_dict_set(int d, unsigned spec, int v, unsigned how)
{
    frame *f = frame_begin("dict set");
    rco_object *dict = pin(f, slots[d].o), *value = pin(f, slots[v].o);
    keyarg k;
    if (!key_arg(f, spec, &k))
        goto out;
    bool by_name = how == 2 && k.name[0];
    rco_errkind e = !is_a(dict, dict_type) || !k.obj || !value ? RCO_ERR_TYPE
                  : by_name                                 ? RCO_ERR_NONE
                                                            : k.ki.err;
    if (e == RCO_ERR_NONE) {
        keyed_setup(f, OP_DICT_SET, dict, &k, value);
        if (by_name) {
            f->key = NULL; /* the library makes its own str */
            f->may_fail_equal = false;
        }
    }
    if (!call_start(f))
        goto out;
    int r;
    if (by_name) {
        r = rco_dict_set_str(dict, k.name, value);
    } else if (how == 1 && value && k.obj) {
        rco_object *key = k.owned ? k.obj : rco_incref(k.obj);
        k.owned = false;
        r = rco_dict_set_steal(dict, key, rco_incref(value));
    } else {
        r = rco_dict_set(dict, k.obj, value);
    }
    settle(f, r == 0, e);
out:
    key_release(&k);
    frame_end(f);
}

/* how: 0 get (into slot to), 1 contains, 2 del. */
static void do_dict_lookup(int d, unsigned spec, int to, unsigned how)
{
    static const char *const names[] = { "dict get", "dict contains", "dict del" };
    frame *f = frame_begin(names[how]);
    rco_object *dict = pin(f, slots[d].o);
    keyarg k;
    if (!key_arg(f, spec, &k))
        goto out;
    rco_errkind e = !is_a(dict, dict_type) || !k.obj ? RCO_ERR_TYPE : k.ki.err;
    if (e == RCO_ERR_NONE)
        keyed_setup(f, how == 0 ? OP_DICT_GET : how == 1 ? OP_DICT_CONTAINS : OP_DICT_DEL, dict, &k, NULL);
    f->unmodelled = ALLOW(RCO_ERR_KEY);
    if (!call_start(f))
        goto out;
    if (how == 0) {
        rco_object *v = rco_dict_get(dict, k.obj);
        if (settle(f, v != NULL || rco_err_occurred() == RCO_ERR_NONE, e)) {
            if (knows(f) && v != f->exp_item)
                crash("dict get disagrees with the model");
            if (v)
                store(to, rco_incref(v));
        }
    } else if (how == 1) {
        int r = rco_dict_contains(dict, k.obj);
        if (settle(f, r >= 0, e) && knows(f) && r != (f->exp_found >= 0))
            crash("dict contains disagrees with the model");
    } else {
        settle(f, rco_dict_del(dict, k.obj) == 0, e);
    }
out:
    key_release(&k);
    frame_end(f);
}

static void do_clear(int c, bool list)
{
    frame *f = frame_begin(list ? "list clear" : "dict clear");
    rco_object *o = pin(f, slots[c].o);
    rco_errkind e = is_a(o, list ? list_type : dict_type) ? RCO_ERR_NONE : RCO_ERR_TYPE;
    if (e == RCO_ERR_NONE) {
        f->op = OP_CLEAR;
        f->target = o;
    }
    if (call_start(f))
        settle(f, (list ? rco_list_clear(o) : rco_dict_clear(o)) == 0, e);
    frame_end(f);
}

/* how: 0 add, 1 contains, 2 discard. */
static void do_set_op(int s, unsigned spec, unsigned how)
{
    static const char *const names[] = { "set add", "set contains", "set discard" };
    frame *f = frame_begin(names[how]);
    rco_object *set = pin(f, slots[s].o);
    keyarg k;
    if (!key_arg(f, spec, &k))
        goto out;
    rco_errkind e = !is_a(set, set_type) || !k.obj ? RCO_ERR_TYPE : k.ki.err;
    if (e == RCO_ERR_NONE)
        keyed_setup(f, how == 0 ? OP_SET_ADD : how == 1 ? OP_SET_CONTAINS : OP_SET_DISCARD, set, &k, NULL);
    if (!call_start(f))
        goto out;
    int r = how == 0 ? rco_set_add(set, k.obj) : how == 1 ? rco_set_contains(set, k.obj)
                                                          : rco_set_discard(set, k.obj);
    if (settle(f, r >= 0, e) && how > 0 && knows(f) && r != (f->exp_found >= 0))
        crash("set contains/discard disagrees with the model");
out:
    key_release(&k);
    frame_end(f);
}

/* how: 0 append, 1 append_steal, 2 insert at. */
static void do_list_insert(int l, int x, unsigned how, size_t at)
{
    frame *f = frame_begin("list append/insert");
    rco_object *list = pin(f, slots[l].o), *item = pin(f, slots[x].o);
    rco_errkind e = !is_a(list, list_type) || !item ? RCO_ERR_TYPE : RCO_ERR_NONE;
    if (how == 1 && !item)
        goto out; /* a NULL steal passes on the error already set: none here */
    if (e == RCO_ERR_NONE) {
        f->op = OP_LIST_INSERT;
        f->target = list;
        f->value = item;
        f->index = how == 2 ? at : SIZE_MAX;
        f->unmodelled = ALLOW(RCO_ERR_INDEX);
    }
    if (!call_start(f))
        goto out;
    int r = how == 0 ? rco_list_append(list, item)
          : how == 1 ? rco_list_append_steal(list, rco_incref(item))
                     : rco_list_insert(list, at, item);
    settle(f, r == 0, e);
out:
    frame_end(f);
}

static void do_item_set(int c, int x, size_t at, bool steal, bool tuple)
{
    frame *f = frame_begin(tuple ? "tuple set" : "list set");
    rco_object *seq = pin(f, slots[c].o), *item = pin(f, slots[x].o);
    rco_errkind e;
    if (tuple) /* the tuple and the index are checked before the item */
        e = !is_a(seq, tuple_type) ? RCO_ERR_TYPE : RCO_ERR_NONE;
    else
        e = !item || !is_a(seq, list_type) ? RCO_ERR_TYPE : RCO_ERR_NONE;
    if ((steal && !item) || (tuple && is_frozen(seq)))
        goto out;
    if (e == RCO_ERR_NONE) {
        f->op = OP_ITEM_SET;
        f->target = seq;
        f->value = item;
        f->index = at;
        model *m = model_find(seq);
        if (tuple && !item) {
            f->op = OP_OTHER; /* the index decides between INDEX and TYPE */
            e = m && at >= m->n ? RCO_ERR_INDEX : m ? RCO_ERR_TYPE : RCO_ERR_NONE;
            f->unmodelled = ALLOW(RCO_ERR_INDEX) | ALLOW(RCO_ERR_TYPE);
        } else {
            f->unmodelled = ALLOW(RCO_ERR_INDEX);
        }
    }
    if (!call_start(f))
        goto out;
    int r = tuple ? (steal ? rco_tuple_set_steal(seq, at, rco_incref(item)) : rco_tuple_set(seq, at, item))
                  : (steal ? rco_list_set_steal(seq, at, rco_incref(item)) : rco_list_set(seq, at, item));
    settle(f, r == 0, e);
out:
    frame_end(f);
}

/* how: 0 pop (into slot to), 1 del, 2 clear. */
static void do_list_remove(int l, int to, unsigned how, size_t at)
{
    if (how == 2) {
        do_clear(l, true);
        return;
    }
    frame *f = frame_begin(how == 0 ? "list pop" : "list del");
    rco_object *list = pin(f, slots[l].o);
    rco_errkind e = is_a(list, list_type) ? RCO_ERR_NONE : RCO_ERR_TYPE;
    if (e == RCO_ERR_NONE) {
        f->op = how == 0 ? OP_LIST_POP : OP_LIST_DEL;
        f->target = list;
        f->index = at;
        f->unmodelled = ALLOW(RCO_ERR_INDEX) | ALLOW(RCO_ERR_VALUE);
    }
    if (!call_start(f))
        goto out;
    if (how == 0) {
        rco_object *item = rco_list_pop(list, at);
        if (settle(f, item != NULL, e)) {
            if (knows(f) && item != f->exp_item)
                crash("list pop disagrees with the model");
            store(to, item);
        }
    } else {
        settle(f, rco_list_del(list, at) == 0, e);
    }
out:
    frame_end(f);
}

static void do_item_get(int c, int to, size_t at)
{
    frame *f = frame_begin("list/tuple get");
    rco_object *seq = pin(f, slots[c].o);
    bool tuple = is_a(seq, tuple_type);
    rco_errkind e = tuple || is_a(seq, list_type) ? RCO_ERR_NONE : RCO_ERR_TYPE;
    if (e == RCO_ERR_NONE) {
        f->op = OP_ITEM_GET;
        f->target = seq;
        f->index = at;
        f->unmodelled = ALLOW(RCO_ERR_INDEX) | ALLOW(RCO_ERR_VALUE);
    }
    call_start(f);
    rco_object *item = tuple ? rco_tuple_get(seq, at) : rco_list_get(seq, at);
    if (settle(f, item != NULL, e)) {
        if (knows(f) && item != f->exp_item)
            crash("list/tuple get disagrees with the model");
        store(to, rco_incref(item));
    }
    frame_end(f);
}

static long misuses; /* the leak detective's count the checks expect */

/* ======================================================================
 * Weakrefs, collections, repr: shared by the top level and scripts
 * ====================================================================== */

/* As CPython: lists, tuples, dicts and weakrefs cannot be weakly
 * referenced. */
static bool can_be_weak_target(const rco_object *o)
{
    return o && (is_a(o, set_type) || rco_is_class(o) || is_instance(o) || is_probe(o));
}

/* A weakref to target, with a record and a callback running s, into slot
 * to. lenient: made while target dies (see the switch above). */
static void make_weakref(rco_object *target, int to, script s, bool lenient)
{
    frame *f = frame_begin("weakref new");
    /* A dying target is not pinned: its count may be 0 already (in its
     * weakrefs' callbacks), and whoever destroys it keeps it meanwhile. */
    if (!lenient)
        pin(f, target);
    if (nrecords == WEAKREFS)
        goto out;
    /* Taken before the call: a collection inside it may make more. */
    weak_record *r = &records[nrecords++];
    *r = (weak_record){ NULL, target, 0, lenient, s };
    call_start(f);
    rco_object *ref = rco_weakref_new(target, weak_callback, r);
    if (!settle(f, ref != NULL, can_be_weak_target(target) ? RCO_ERR_NONE : RCO_ERR_TYPE))
        goto out;
    r->ref = ref;
    store(to, ref);
out:
    frame_end(f);
}

static void do_collect(int gen)
{
    frame *f = frame_begin("collect");
    call_start(f);
    ssize_t n = rco_gc_collect(gen);
    settle_among(f, true, 0);
    CHECK(n >= 0);
    frame_end(f);
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
    quiet++;
    long n = tree_size(o, path, 0, &cyclic);
    quiet--;
    return n <= READ_BUDGET && (for_repr || !cyclic);
}

static void do_repr(int a)
{
    frame *f = frame_begin("repr");
    rco_object *x = pin(f, slots[a].o);
    if (!x || !small_enough(x, true))
        goto out;
    call_start(f);
    rco_object *r = rco_repr(x);
    if (!settle_among(f, r != NULL, faulty_reprs ? ALLOW(RCO_ERR_VALUE) | ALLOW(RCO_ERR_TYPE) : 0))
        goto out;
    char expect[400] = "";
    if (is_instance(x) || rco_is_class(x)) {
        const char *name = is_instance(x) ? rco_type_name(x) : ((const rco_type *)x)->name;
        if (is_instance(x))
            snprintf(expect, sizeof expect, "<%s object at %p>", name, (void *)x);
        else
            snprintf(expect, sizeof expect, "<class '%s'>", name);
    } else if (is_hostile(x) && (((hostile *)x)->repr_mode == 0 || ((hostile *)x)->repr_mode == 3)) {
        hostile_text((hostile *)x, expect, sizeof expect);
    }
    if (expect[0] && strcmp(rco_str_utf8(r), expect) != 0) {
        fprintf(stderr, "repr: '%s', expected '%s'\n", rco_str_utf8(r), expect);
        crash("repr disagrees");
    }
    rco_decref(r);
out:
    frame_end(f);
}

/* ======================================================================
 * Running scripts
 * ====================================================================== */

static int action_depth;
static bool restarted; /* the runtime was shut down from a script */

static void forget_everything(void);

static void perform(const action *a, const context *cx)
{
    unsigned spec = a->k % KEY_SPECS;
    switch (a->kind) {
    case ACT_DICT_SET:
        do_dict_set(a->a, spec, a->b, a->k % 3);
        break;
    case ACT_DICT_DEL:
        do_dict_lookup(a->a, spec, a->b, 2);
        break;
    case ACT_DICT_GET:
        do_dict_lookup(a->a, spec, a->b, 0);
        break;
    case ACT_DICT_CLEAR:
        do_clear(a->a, false);
        break;
    case ACT_SET_ADD:
        do_set_op(a->a, spec, 0);
        break;
    case ACT_SET_DISCARD:
        do_set_op(a->a, spec, 2);
        break;
    case ACT_LIST_APPEND:
        do_list_insert(a->a, a->b, 0, 0);
        break;
    case ACT_LIST_DEL:
        do_list_remove(a->a, a->b, 1, a->k % 6);
        break;
    case ACT_LIST_CLEAR:
        do_clear(a->a, true);
        break;
    case ACT_RELEASE:
        store(a->a, NULL);
        break;
    case ACT_ADOPT_SELF:
        if (cx->self && cx->may_adopt && (allow_resurrection || !cx->dying))
            store(a->a, rco_incref(cx->self));
        break;
    case ACT_WEAKREF_SELF: {
        rco_object *target = cx->dying ? cx->dying : cx->self;
        bool while_dying = cx->dying && cx->late;
        if (target && !(while_dying && KNOWN_BUG_WEAKREF_MADE_WHILE_DYING))
            make_weakref(target, a->a, (script){ 0, 0, 0 }, while_dying);
        break;
    }
    case ACT_WEAKREF:
        if (slots[a->a].o)
            make_weakref(slots[a->a].o, a->b, (script){ 0, 0, 0 }, false);
        break;
    case ACT_COLLECT:
        do_collect((int)(a->k % 4) - 1);
        break;
    case ACT_REPR:
        do_repr(a->a);
        break;
    case ACT_SHUTDOWN:
        if (KNOWN_BUG_SHUTDOWN_IN_FINALIZER || !cx->dying)
            break;
        /* Inside a finalizer: refused, and nothing changes (the leak
         * detective counts the misuse). */
        rco_shutdown();
        CHECK(rco_err_occurred() == RCO_ERR_RUNTIME);
        rco_err_clear();
        misuses = rco_debug_misuse_count();
        break;
    default:
        break;
    }
}

/* One action of s. The error state of the code that called the user code
 * is put aside meanwhile. */
static void run_script(script *s, const context *cx)
{
    if (restarted || action_depth >= MAX_ACTION_DEPTH || s->next >= s->len)
        return;
    action a = pool[s->start + s->next++];
    stats.actions[a.kind]++;
    if (tracing)
        fprintf(stderr, "%*s[action %u a=%u b=%u k=%u]\n", 2 * nframes, "", a.kind, a.a, a.b, a.k);
    rco_errkind kind = rco_err_occurred();
    char message[256];
    snprintf(message, sizeof message, "%s", rco_err_message());
    rco_err_clear();
    const char *op = current_op;
    action_depth++;
    perform(&a, cx);
    action_depth--;
    current_op = op;
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
    if (kind != RCO_ERR_NONE)
        rco_err_set(kind, "%s", message);
}

/* ======================================================================
 * Top-level operations
 * ====================================================================== */

static void op_new_int(program *in)
{
    frame *f = frame_begin("new int");
    int i = (int)below(in, SLOTS);
    static const int64_t values[] = { 0, 1, -5, 256, 257, 1000, -1000000, INT64_MAX, INT64_MIN };
    call_start(f);
    rco_object *o = rco_int(values[below(in, 9)]);
    if (settle(f, o != NULL, RCO_ERR_NONE))
        store(i, o);
    frame_end(f);
}

static void op_new_text(program *in)
{
    frame *f = frame_begin("new str/bytes/float");
    int i = (int)below(in, SLOTS);
    static const char *const texts[] = { "", "k0", "k3", "text", "h\xc3\xa9", "\xff", "\xed\xa0\x80" };
    unsigned pick = below(in, 10);
    rco_object *o;
    rco_errkind expected = RCO_ERR_NONE;
    call_start(f);
    if (pick < 7) {
        o = rco_str(texts[pick]);
        if (pick >= 5)
            expected = RCO_ERR_VALUE;
    } else if (pick == 7) {
        o = rco_bytes("b\0y", 3);
    } else {
        o = rco_float(pick == 8 ? 1000.0 : -0.5);
    }
    if (settle(f, o != NULL, expected))
        store(i, o);
    frame_end(f);
}

static void op_new_container(program *in)
{
    frame *f = frame_begin("new container");
    int i = (int)below(in, SLOTS);
    unsigned kind = below(in, 4);
    size_t n = below(in, 4);
    call_start(f);
    rco_object *o = kind == 0 ? rco_list_new(n) : kind == 1 ? rco_tuple_new(n)
                  : kind == 2 ? rco_dict_new() : rco_set_new();
    if (settle(f, o != NULL, RCO_ERR_NONE))
        store(i, o);
    frame_end(f);
}

/* A class name long enough that "<name object at 0x...>" passes 127 bytes. */
#define LONG_NAME "AClassWithAVeryLongNameIndeedSoThatItsInstancesReprIsLongerThanAHundredAndTwentySevenBytesWhichIsWhereItWasCut"

static void op_new_class(program *in)
{
    frame *f = frame_begin("new class");
    int i = (int)below(in, SLOTS);
    unsigned kind = below(in, 7);
    static const char *const names[] = { "Plain", "Phoenix", "Dropper", "Legacy", "Both", "Scripted",
                                         "ScriptedLegacy" };
    bool long_name = below(in, 4) == 0 && !KNOWN_BUG_INSTANCE_REPR_CUT;
    rco_finalizer fin = kind == 1 || kind == 4 ? instance_resurrect
                      : kind == 2             ? instance_drop
                      : kind == 5             ? instance_script_finalize
                                              : NULL;
    rco_finalizer del = kind == 3 || kind == 4 ? instance_legacy_del
                      : kind == 6             ? instance_script_legacy_del
                                              : NULL;
    call_start(f);
    rco_type *cls = rco_class_new(long_name ? LONG_NAME : names[kind], fin, del);
    if (settle(f, cls != NULL, RCO_ERR_NONE))
        store(i, (rco_object *)cls);
    frame_end(f);
}

/* rco_instance_new takes a type: a class held in a slot, or the type of
 * what a slot holds (an instance's class, or a built-in type), or NULL.
 * An instance of a scripted class keeps the index of its script in an
 * attribute. */
static void op_new_instance(program *in)
{
    frame *f = frame_begin("new instance");
    int i = (int)below(in, SLOTS), c = (int)below(in, SLOTS);
    rco_object *held = pin(f, slots[c].o);
    rco_object *cls = rco_is_class(held) || !held ? held : (rco_object *)rco_typeof(held);
    bool scripted = rco_is_class(cls) && (((rco_type *)cls)->finalize == instance_script_finalize ||
                                          ((rco_type *)cls)->legacy_del == instance_script_legacy_del);
    script s = scripted ? read_script(in) : (script){ 0, 0, 0 };
    call_start(f);
    rco_object *o = rco_instance_new((rco_type *)cls);
    if (!settle(f, o != NULL, rco_is_class(cls) ? RCO_ERR_NONE : RCO_ERR_TYPE))
        goto out;
    if (scripted && ninstance_scripts < SCRIPTED_INSTANCES) {
        rco_object *index = rco_int(ninstance_scripts);
        if (index && rco_setattr(o, SCRIPT_ATTR, index) == 0)
            instance_scripts[ninstance_scripts++] = s;
        rco_xdecref(index);
        settle_among(f, rco_err_occurred() == RCO_ERR_NONE, 0);
    }
    store(i, o);
out:
    frame_end(f);
}

static void op_new_probe(program *in)
{
    frame *f = frame_begin("new probe");
    int i = (int)below(in, SLOTS);
    unsigned kind = below(in, PROBE_KINDS);
    script s = kind >= 3 ? read_script(in) : (script){ 0, 0, 0 };
    if (nprobes == PROBES)
        goto out;
    call_start(f);
    probe *p = (probe *)rco_gc_new(probe_types[kind]);
    if (!settle(f, p != NULL, RCO_ERR_NONE))
        goto out;
    p->id = nprobes++;
    probes[p->id] = (probe_fate){ 0, 0, 0, s };
    store(i, &p->ob);
out:
    frame_end(f);
}

/* faults: bits 0-1 the hash fault, 2-3 the equal fault, 4-5 the repr
 * mode, 6 no hash slot at all; each fault in a quarter of the keys. */
static void op_new_hostile(program *in)
{
    frame *f = frame_begin("new hostile");
    int i = (int)below(in, SLOTS);
    unsigned eq_class = below(in, 16), faults = next(in);
    script s = read_script(in);
    unsigned hash_fault = faults & 3, equal_fault = (faults >> 2) & 3, repr_mode = (faults >> 4) & 3;
    bool no_hash = (faults >> 6) & 1;
    if (hash_fault == 3)
        hash_fault = 0;
    if (KNOWN_BUG_EQUAL_BAD_RESULT && equal_fault >= 2)
        equal_fault = 0;
    if (nhostiles == HOSTILES)
        goto out;
    rco_type *t = &hostile_type;
#if !KNOWN_BUG_EQUAL_WITHOUT_HASH
    if (no_hash)
        t = &hostile_nohash_type;
#else
    (void)no_hash;
#endif
    call_start(f);
    hostile *h = (hostile *)rco_new(t);
    if (!settle(f, h != NULL, RCO_ERR_NONE))
        goto out;
    h->id = nhostiles++;
    h->eq_class = (int)eq_class;
    h->hash_fault = (uint8_t)hash_fault;
    h->equal_fault = (uint8_t)equal_fault;
    h->repr_mode = (uint8_t)repr_mode;
    hostiles[h->id] = (hostile_fate){ 0, s };
    faulty_equals += equal_fault != 0;
    faulty_reprs += repr_mode == 1 || repr_mode == 2;
    store(i, &h->ob);
out:
    frame_end(f);
}

static void op_probe_link(program *in)
{
    int i = (int)below(in, SLOTS), fld = (int)below(in, 2), j = (int)below(in, SLOTS);
    if (!slots[i].o || !is_probe(slots[i].o))
        return;
    frame *f = frame_begin("probe link");
    probe *p = (probe *)pin(f, slots[i].o);
    rco_xincref(slots[j].o);
    RCO_SETREF(p->field[fld], slots[j].o); /* may free the old one, running finalizers */
    frame_end(f);
}

static void op_list_append_insert(program *in)
{
    int l = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    unsigned how = below(in, 3);
    do_list_insert(l, x, how, below(in, 6));
}

static void op_list_set(program *in)
{
    int l = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    size_t at = below(in, 6);
    do_item_set(l, x, at, below(in, 2), false);
}

static void op_list_remove(program *in)
{
    int l = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    unsigned how = below(in, 3);
    do_list_remove(l, to, how, below(in, 6));
}

static void op_sequence_get(program *in)
{
    int l = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    do_item_get(l, to, below(in, 6));
}

static void op_tuple_set(program *in)
{
    int t = (int)below(in, SLOTS), x = (int)below(in, SLOTS);
    do_item_set(t, x, below(in, 5), below(in, 4) == 0, true);
}

static void op_tuple_pack(program *in)
{
    frame *f = frame_begin("tuple pack");
    int to = (int)below(in, SLOTS), a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    call_start(f);
    rco_object *t = rco_tuple_pack(2, slots[a].o, slots[b].o);
    if (settle(f, t != NULL, slots[a].o && slots[b].o ? RCO_ERR_NONE : RCO_ERR_TYPE))
        store(to, t);
    frame_end(f);
}

static void op_dict_set(program *in)
{
    int d = (int)below(in, SLOTS), v = (int)below(in, SLOTS);
    unsigned spec = below(in, KEY_SPECS), how = below(in, 3);
    do_dict_set(d, spec, v, how);
}

static void op_dict_read(program *in)
{
    int d = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    unsigned spec = below(in, KEY_SPECS), how = below(in, 4);
    if (how == 3)
        do_clear(d, false);
    else
        do_dict_lookup(d, spec, to, how);
}

static void op_set_ops(program *in)
{
    int s = (int)below(in, SLOTS);
    unsigned spec = below(in, KEY_SPECS), how = below(in, 3);
    do_set_op(s, spec, how);
}

/* An entry that iteration showed: the model's (after a change: one of
 * the model's entries, now). */
static void check_iterated(const model *m, size_t n, bool changed, rco_object *k, rco_object *v)
{
    if (!m)
        return;
    for (size_t i = changed ? 0 : n; i < (changed ? m->n : n + 1); i++) {
        if (i >= m->n)
            break;
        const entry *e = &m->e[i];
        if ((e->key ? e->key == k : e->fp == classify(k, 0).fp) && (m->kind != MK_DICT || e->value == v))
            return;
    }
    crash("iteration shows an entry the model does not have");
}

/* Iterate a dict or set, running an action at the top level between two
 * steps: the iteration must notice when its container changed size. */
static void op_iterate(program *in)
{
    int d = (int)below(in, SLOTS);
    action a = read_action(in);
    unsigned when = below(in, 4);
    frame *f = frame_begin("dict/set iterate");
    rco_object *o = pin(f, slots[d].o);
    if (!is_keyed(o))
        goto out;
    bool dict = is_a(o, dict_type), acted = false;
    ssize_t len0 = rco_len(o);
    size_t pos = 0, n = 0;
    for (;;) {
        if (n == when && !acted && a.kind != ACT_NONE) {
            acted = true;
            perform(&a, &(context){ 0 });
            current_op = f->name;
        }
        /* An iteration starts with its first step (a cursor of 0): what
         * changed before it is what it iterates over. */
        if (pos == 0)
            len0 = rco_len(o);
        bool resized = rco_len(o) != len0;
        rco_object *k = NULL, *v = NULL;
        int r = dict ? rco_dict_next(o, &pos, &k, &v) : rco_set_next(o, &pos, &k);
        if (r < 0) {
            if (!resized || KNOWN_BUG_MUTATION_DURING_NEXT)
                crash("iteration failed");
            if (rco_err_occurred() == RCO_ERR_NONE)
                crash("iteration failed without an error");
            rco_err_clear();
            break;
        }
        if (resized && !KNOWN_BUG_MUTATION_DURING_NEXT)
            crash("iteration went on after its container changed size");
        if (r == 0)
            break;
        quiet++;
        check_iterated(model_find(o), n, acted, k, v);
        quiet--;
        if (++n > 100000)
            crash("iteration does not end");
    }
    model *m = model_find(o);
    if (!acted && m && n != m->n)
        crash("iteration saw another number of items than the model");
out:
    frame_end(f);
}

/* Objects with attributes: instances and classes. */
static bool has_attrs(const rco_object *o)
{
    return o && (rco_is_class(o) || is_instance(o));
}

static void op_attr(program *in)
{
    frame *f = frame_begin("setattr/getattr/delattr");
    int o = (int)below(in, SLOTS), v = (int)below(in, SLOTS);
    unsigned name = below(in, ATTRS), how = below(in, 3);
    rco_object *obj = pin(f, slots[o].o), *value = pin(f, slots[v].o);
    rco_errkind e = has_attrs(obj) ? RCO_ERR_NONE : RCO_ERR_TYPE;
    const char *n = attr_names[name];
    if (how == 0) {
        call_start(f);
        settle(f, rco_setattr(obj, n, value) == 0, e == RCO_ERR_NONE && !value ? RCO_ERR_TYPE : e);
        goto out;
    }
    int has = e == RCO_ERR_NONE ? rco_hasattr(obj, n) : 0;
    if (has == 0 && e == RCO_ERR_NONE)
        e = RCO_ERR_KEY;
    call_start(f);
    if (how == 1) {
        rco_object *got = rco_getattr(obj, n);
        if (settle(f, got != NULL, e))
            store(v, got);
    } else {
        /* Present through the class only: the instance has no such
         * attribute of its own to delete. */
        int r = rco_delattr(obj, n);
        if (r < 0 && e == RCO_ERR_NONE && rco_err_occurred() == RCO_ERR_KEY) {
            f->in_call = false;
            rco_err_clear();
        } else {
            settle(f, r == 0, e);
        }
    }
out:
    frame_end(f);
}

static void op_weakref(program *in)
{
    int t = (int)below(in, SLOTS), to = (int)below(in, SLOTS);
    bool get = below(in, 2);
    script s = get ? (script){ 0, 0, 0 } : read_script(in);
    rco_object *o = slots[t].o;
    if (!get) {
        make_weakref(o, to, s, false);
        return;
    }
    if (!is_a(o, weakref_type))
        return;
    frame *f = frame_begin("weakref get");
    pin(f, o);
    call_start(f);
    rco_object *target = rco_weakref_get(o);
    settle_among(f, true, 0);
    if (target)
        store(to, target);
    frame_end(f);
}

static void op_drop_dup(program *in)
{
    int i = (int)below(in, SLOTS), j = (int)below(in, SLOTS);
    current_op = "drop/dup";
    if (below(in, 2))
        store(i, NULL);
    else
        store(j, slots[i].o ? rco_incref(slots[i].o) : NULL);
}

static void op_collect(program *in)
{
    frame *f = frame_begin("collect");
    int gen = (int)below(in, 4) - 1;
    rco_err_set(RCO_ERR_KEY, "the caller's");
    f->in_call = true;
    ssize_t n = rco_gc_collect(gen);
    f->in_call = false;
    CHECK(n >= 0);
    CHECK(rco_err_occurred() == RCO_ERR_KEY); /* a collection keeps the caller's error */
    rco_err_clear();
    frame_end(f);
}

static void op_gc_settings(program *in)
{
    current_op = "gc settings";
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
    current_op = "fail alloc";
    unsigned how = below(in, 4), nth = 1 + below(in, 16);
    fail_armed = how == 0 ? 0 : how == 3 ? 2 : 1;
    fails_when_armed = rco_debug_failed_allocs();
    if (how == 0)
        rco_debug_fail_alloc(0);
    else if (how == 3)
        rco_debug_fail_alloc_persistent(nth);
    else
        rco_debug_fail_alloc(nth);
}

static void op_build(program *in)
{
    frame *f = frame_begin("build");
    int to = (int)below(in, SLOTS), a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    rco_object *x = pin(f, slots[a].o), *y = pin(f, slots[b].o);
    call_start(f);
    rco_object *given = rco_list_new(0);
    if (!settle_among(f, given != NULL, 0))
        goto out;
    call_start(f);
    rco_object *o = rco_build("{s:O, s:[O, N], s:(is#)}", "x", x, "y", y, given, "z", 7, "abc",
                              (ssize_t)2);
    if (settle(f, o != NULL, x && y ? RCO_ERR_NONE : RCO_ERR_TYPE))
        store(to, o);
out:
    frame_end(f);
}

/* What rco_equal should say, from the fingerprints of the contents;
 * false when that cannot be told. */
static bool value_fp(rco_object *o, int depth, uint64_t *out)
{
    if (depth > 60)
        return false;
    if (!o) {
        *out = mix(FP_EMPTY, 0);
        return true;
    }
    if (is_a(o, list_type) || is_a(o, tuple_type)) {
        bool list = is_a(o, list_type);
        uint64_t acc = (uint64_t)rco_len(o);
        for (size_t i = 0; i < (size_t)rco_len(o); i++) {
            rco_object *item = list ? rco_list_get(o, i) : rco_tuple_get(o, i);
            rco_err_clear();
            uint64_t sub;
            if (!value_fp(item, depth + 1, &sub))
                return false;
            acc = mix(acc, sub);
        }
        *out = mix(list ? FP_LIST : FP_TUPLE, acc);
        return true;
    }
    if (is_keyed(o)) {
        model tmp = { .o = o, .kind = is_a(o, dict_type) ? MK_DICT : MK_SET };
        read_items(&tmp);
        bool ok = !m_has_dups(&tmp);
        uint64_t acc = tmp.n;
        for (size_t i = 0; ok && i < tmp.n; i++) {
            uint64_t v = 0;
            if (tmp.kind == MK_DICT && !value_fp(tmp.e[i].value, depth + 1, &v))
                ok = false;
            acc += mix(tmp.e[i].fp, v); /* in any order */
        }
        free(tmp.e);
        *out = mix(tmp.kind == MK_DICT ? FP_DICT : FP_SET, acc);
        return ok;
    }
    keyinfo ki = classify(o, depth);
    *out = ki.fp;
    return !ki.unknown;
}

/* Print, compare, hash: reading operations that may meet cycles, tuples
 * with empty slots, unhashable items and hostile keys. */
static void op_read(program *in)
{
    int a = (int)below(in, SLOTS), b = (int)below(in, SLOTS);
    unsigned what = below(in, 5);
    if (what == 0) {
        do_repr(a);
        return;
    }
    frame *f = frame_begin("equal/hash/referents/unpack");
    rco_object *x = pin(f, slots[a].o), *y = pin(f, slots[b].o);
    if (!x)
        goto out;
    switch (what) {
    case 1: {
        if (!y || !small_enough(x, false) || !small_enough(y, false))
            break;
        uint64_t fx = 0, fy = 0;
        quiet++;
        bool known = value_fp(x, 0, &fx) && value_fp(y, 0, &fy);
        quiet--;
        long before = mutations;
        call_start(f);
        int r = rco_equal(x, y);
        if (r < -1 || r > 1)
            crash("rco_equal returned neither 1, 0 nor -1");
        unsigned allowed = ALLOW(RCO_ERR_OVERFLOW) | (faulty_equals ? ALLOW(RCO_ERR_VALUE) : 0);
        if (!KNOWN_BUG_EQUAL_BAD_RESULT && faulty_equals)
            allowed = ~0u; /* the kind a bad result becomes is the library's to choose */
        if (!settle_among(f, r >= 0, allowed) || mutations != before)
            break;
        if (known && r != (x == y || fx == fy)) {
            fprintf(stderr, "rco_equal(%s, %s) = %d\n", rco_type_name(x), rco_type_name(y), r);
            crash("rco_equal disagrees with the contents");
        }
        if (r == 1) {
            quiet++;
            int64_t hx = rco_hash(x), hy = rco_hash(y);
            if (hx != -1 && hy != -1 && hx != hy)
                crash("equal objects hash differently");
            rco_err_clear();
            quiet--;
        }
        break;
    }
    case 2: {
        if (!small_enough(x, false))
            break;
        quiet++;
        keyinfo ki = classify(x, 0);
        quiet--;
        call_start(f);
        int64_t h = rco_hash(x);
        if (ki.unknown)
            settle_among(f, h != -1, ALLOW(RCO_ERR_TYPE) | ALLOW(RCO_ERR_VALUE) | ALLOW(RCO_ERR_OVERFLOW));
        else
            settle(f, h != -1, ki.err);
        break;
    }
    case 3: {
        call_start(f);
        rco_object *l = rco_gc_get_referents(x);
        settle_among(f, l != NULL, 0);
        rco_xdecref(l);
        call_start(f);
        l = rco_gc_get_referrers(x);
        settle_among(f, l != NULL, 0);
        rco_xdecref(l);
        break;
    }
    default: {
        int u = 0;
        rco_object *o1 = NULL, *o2 = NULL;
        call_start(f);
        if (is_a(x, tuple_type))
            settle_among(f, rco_unpack(x, "|OO", &o1, &o2) == 0, ALLOW(RCO_ERR_TYPE) | ALLOW(RCO_ERR_VALUE));
        else
            settle_among(f, rco_unpack(x, "i", &u) == 0, ALLOW(RCO_ERR_TYPE));
        break;
    }
    }
out:
    frame_end(f);
}

/* An action, run at the top level. */
static void op_act(program *in)
{
    action a = read_action(in);
    perform(&a, &(context){ 0 });
}

static void tear_down(void);
static void start_runtime(void);
static void input_begin(void);
static void check_clean(void);

/* Shut the runtime down with nothing alive, and start again. Rare: the
 * restart costs as much as many operations. */
static void op_shutdown(program *in)
{
    if (below(in, 8) != 0)
        return;
    tear_down();
    check_clean();
    current_op = "shutdown";
    rco_shutdown();
    start_runtime();
    input_begin();
}

typedef void (*operation)(program *in);

static const operation operations[] = {
    op_new_int, op_new_text, op_new_container, op_new_container, op_new_class,
    op_new_instance, op_new_instance, op_new_probe, op_new_probe, op_new_hostile, op_new_hostile,
    op_probe_link, op_probe_link, op_list_append_insert, op_list_append_insert, op_list_set,
    op_list_remove, op_sequence_get, op_tuple_set, op_tuple_pack, op_dict_set, op_dict_set,
    op_dict_set, op_dict_read, op_dict_read, op_iterate, op_set_ops, op_set_ops, op_attr, op_attr,
    op_weakref, op_weakref, op_drop_dup, op_drop_dup, op_collect, op_gc_settings, op_fail_alloc,
    op_build, op_read, op_read, op_act, op_act, op_shutdown,
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

static void check_alive(rco_object *o)
{
    CHECK(rco_refcount(o) >= 1);
    if (is_probe(o))
        CHECK(probes[((probe *)o)->id].deaths == 0);
    if (is_hostile(o))
        CHECK(hostiles[((hostile *)o)->id].deaths == 0);
}

static bool failure_may_wait(void)
{
    if (fail_armed == 1 && rco_debug_failed_allocs() != fails_when_armed)
        fail_armed = 0; /* the one failure happened */
    return fail_armed != 0;
}

/* A weakref that reads NULL must be cleared, not point at a freed object
 * (which reads as NULL too, with its count 0): its repr says which. */
static void check_weakref_dead(rco_object *ref)
{
    if (failure_may_wait())
        return;
    rco_object *r = rco_repr(ref);
    if (!r)
        crash("repr of a weakref failed");
    if (!strstr(rco_str_utf8(r), "; dead>")) {
        fprintf(stderr, "%s\n", rco_str_utf8(r));
        crash("a weakref that reads NULL still has a target");
    }
    rco_decref(r);
}

static void check_slot(int i)
{
    rco_object *o = slots[i].o;
    if (!o)
        return;
    CHECK(rco_refcount(o) >= slots_holding(o));
    check_alive(o);
    if (slots[i].m)
        verify(slots[i].m);
    const weak_record *r = record_of(o);
    if (r) {
        rco_object *target = rco_weakref_get(o);
        if (r->lenient ? target && r->fired : (target == NULL) != (r->fired > 0))
            crash("a weakref reads NULL exactly when its callback ran: not so");
        if (target) {
            check_alive(target);
            rco_decref(target);
        } else {
            check_weakref_dead(o);
        }
    }
}


/* Nothing here allocates, so an armed failure waits for the next
 * operation. */
static void check_invariants(void)
{
    current_op = "checking";
    CHECK(nframes == 0 && action_depth == 0);
    for (int i = 0; i < SLOTS; i++)
        check_slot(i);
    for (int p = 0; p < nprobes; p++) {
        CHECK(probes[p].deaths <= 1);
        CHECK(probes[p].finalized <= 1);
    }
    for (int h = 0; h < nhostiles; h++)
        CHECK(hostiles[h].deaths <= 1);
    for (ssize_t k = 0; lazarus && k < rco_len(lazarus); k++)
        check_alive(rco_list_get(lazarus, (size_t)k));
    CHECK(rco_err_occurred() == RCO_ERR_NONE);
    if (rco_debug_misuse_count() != misuses)
        crash("the leak detective reported a misuse");
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
    fail_armed = 0;
    rco_gc_set_debug(0);
    rco_gc_set_threshold(700, 10, 10);
    rco_gc_enable();
    rco_gc_unfreeze();
    allow_resurrection = false;
    quiet++; /* scripts act no more */
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
    for (int h = 0; h < nhostiles; h++)
        CHECK(hostiles[h].deaths == 1);
    for (int m = 0; m < MODELS; m++)
        CHECK(!models[m].used);
    quiet--;
    rco_err_clear();
}

/* What rco_shutdown frees from under the harness: it lets go without
 * releasing. */
static void forget_everything(void)
{
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].m) {
            free(slots[i].m->e);
            *slots[i].m = (model){ 0 };
        }
        slots[i] = (slot){ NULL, NULL };
    }
    lazarus = journal = NULL;
}

static size_t live_blocks(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return s.blocks_in_use;
}

static void gc_callback(const char *phase, const rco_gc_info *info, void *arg)
{
    (void)info, (void)arg;
    in_collection += strcmp(phase, "start") == 0 ? 1 : -1;
    log_event(4000000); /* allocating while a collection runs */
}

static size_t baseline;
static uint64_t mark;

static void start_runtime(void)
{
    in_collection = 0;
    learn_types();
    (void)rco_gc_garbage();
    rco_gc_callback_add(gc_callback, NULL);
    rco_gc_collect(-1);
    baseline = live_blocks();
    misuses = rco_debug_misuse_count();
}

static void input_begin(void)
{
    memset(probes, 0, sizeof probes);
    memset(hostiles, 0, sizeof hostiles);
    nprobes = nrecords = nhostiles = ninstance_scripts = 0;
    faulty_equals = faulty_reprs = 0;
    nfrozen = ndisturbed = 0;
    pool_used = 0;
    allow_resurrection = true;
#ifdef RCO_DEBUG
    mark = rco_debug_checkpoint();
#endif
    lazarus = rco_list_new(0);
    journal = rco_list_new(0);
    if (!lazarus || !journal)
        crash("could not start");
}

/* Everything made since the input began is gone, and nothing was misused. */
static void check_clean(void)
{
    if (live_blocks() != baseline) {
        fprintf(stderr, "fuzz_ops: %zd blocks leaked\n", (ssize_t)(live_blocks() - baseline));
#ifdef RCO_DEBUG
        rco_debug_leaks(mark, stderr);
#endif
        abort();
    }
    if (rco_debug_misuse_count() != misuses)
        crash("the leak detective reported a misuse");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool started;
    if (!started) {
        tracing = getenv("FUZZ_OPS_TRACE") != NULL;
        if (getenv("FUZZ_OPS_STATS"))
            atexit(print_stats);
        start_runtime();
        started = true;
    }
    stats.inputs++;
    input_begin();
    program in = { data, size };
    for (int step = 0; step < MAX_STEPS && in.n > 0; step++) {
        operations[below(&in, OPERATIONS)](&in);
        if (restarted) {
            restarted = false;
            start_runtime();
            input_begin();
        }
        check_invariants();
    }
    tear_down();
    check_clean();
    return 0;
}
