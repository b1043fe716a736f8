/*
 * test_fault_sweep.c: SQLite's fault-injection loop, over rco.
 *
 * Each workload is a function that builds and changes objects through the
 * public API and returns 0, or -1 on a failure it passed on. A sweep runs
 * it with its 1st, 2nd, 3rd ... allocation failing (once; then, in the
 * persistent sweep, from there on; then once again with a collection
 * starting at nearly every constructor), until a run meets no injected
 * failure. After every run that failed:
 *   - the error is RCO_ERR_MEMORY, never another kind;
 *   - what the workload held before the failing operation reads exactly as
 *     it did before it (a description taken before each operation, made
 *     without allocating, so that it moves no injection countdown);
 *   - once the workload let go of everything (still failing, in the
 *     persistent sweep: releasing must never need memory), no block is left
 *     and, in librco-debug, the detective sees no object left and no misuse.
 * Then collections themselves are swept: a failure inside an explicit or an
 * automatic collection must leave no error, lose no uncollectable object,
 * free nothing twice and skip no weakref callback.
 *
 * Each sweep prints how many failures it injected, all of them survived.
 */
#include "fault_sweep.h"

/* Where finalizers put the objects they resurrect (a list the world holds),
 * and where weakref callbacks write (the same). */
static rco_object *lazarus;
static rco_object *journal;

static void sweep_forget_borrowed(void)
{
    lazarus = NULL; /* borrowed from held */
    journal = NULL;
}

/* ======================================================================
 * Workloads
 * ====================================================================== */

static int text_is(rco_object *s, const char *expected)
{
    assert_string_equal(rco_str_utf8(s), expected);
    return 0;
}

/* Lists of dicts of tuples and sets, and a cycle. */
static int nested_containers(world *w)
{
    rco_object *root, *d, *t, *s, *tag;
    NEW(w, root, rco_list_new(0));
    for (int i = 0; i < 3; i++) {
        NEW(w, d, rco_dict_new());
        DO(w, rco_dict_set_steal(d, rco_str("id"), rco_int(1000 + i)));
        NEW(w, t, rco_tuple_new(2));
        DO(w, rco_tuple_set_steal(t, 0, rco_float(i + 0.5)));
        DO(w, rco_tuple_set_steal(t, 1, rco_str("x")));
        DO(w, rco_dict_set_str(d, "pair", t));
        NEW(w, s, rco_set_new());
        for (int j = 0; j < 3; j++) {
            NEW(w, tag, rco_str_printf("tag%d", i * 10 + j));
            DO(w, rco_set_add(s, tag));
        }
        DO(w, rco_dict_set_str(d, "tags", s));
        DO(w, rco_list_append(root, d));
    }
    DO(w, rco_list_append(root, root));
    assert_int_equal(rco_len(root), 4);
    return 0;
}

/* Every list operation, with growth past several capacities. */
static int list_operations(world *w)
{
    rco_object *l, *x, *popped;
    NEW(w, l, rco_list_new(2));
    DO(w, rco_list_set_steal(l, 0, rco_int(5000)));
    DO(w, rco_list_set_steal(l, 1, rco_str("one")));
    for (int i = 0; i < 30; i++)
        DO(w, rco_list_append_steal(l, rco_int(10000 + i)));
    NEW(w, x, rco_float(2.5));
    DO(w, rco_list_insert(l, 0, x));
    DO(w, rco_list_insert(l, 10, x));
    DO(w, rco_list_insert(l, (size_t)rco_len(l), x));
    DO(w, rco_list_set(l, 5, x));
    DO(w, rco_list_append(l, x));
    NEW(w, popped, rco_list_pop(l, 3));
    DO(w, rco_list_del(l, 0));
    DO(w, rco_list_del(l, (size_t)rco_len(l) - 1));
    DO(w, rco_list_append(l, popped));
    assert_int_equal(rco_len(l), 34);
    DO(w, rco_list_clear(l));
    for (int i = 0; i < 6; i++)
        DO(w, rco_list_insert(l, 0, x));
    assert_int_equal(rco_len(l), 6);
    return 0;
}

static int tuple_operations(world *w)
{
    rco_object *t, *inner, *x, *packed;
    NEW(w, x, rco_str("shared"));
    NEW(w, t, rco_tuple_new(4));
    DO(w, rco_tuple_set(t, 0, x));
    DO(w, rco_tuple_set_steal(t, 1, rco_int(123456)));
    DO(w, rco_tuple_set_steal(t, 2, rco_list_new(0)));
    NEW(w, inner, rco_tuple_new(2));
    DO(w, rco_tuple_set_steal(inner, 0, rco_bytes("ab\0c", 4)));
    DO(w, rco_tuple_set(inner, 1, t));
    DO(w, rco_tuple_set(t, 3, inner));
    DO(w, rco_tuple_set_steal(t, 1, rco_float(-0.0))); /* replaces */
    NEW(w, packed, rco_tuple_pack(3, x, t, inner));
    assert_int_equal(rco_len(packed), 3);
    return 0;
}

/* Dicts past several resizes, both key kinds, replacement and deletion. */
static int dict_operations(world *w)
{
    rco_object *d, *key, *v;
    NEW(w, d, rco_dict_new());
    NEW(w, v, rco_list_new(0));
    for (int i = 0; i < 40; i++)
        DO(w, rco_dict_set_steal(d, rco_int(1000 * i + 7), rco_int(i + 300)));
    for (int i = 0; i < 8; i++)
        DO(w, rco_dict_set_str(d, attr_names[i], v));
    DO(w, rco_dict_set_str(d, "a", d));                 /* replaces, makes a cycle */
    NEW(w, key, rco_int(7));
    DO(w, rco_dict_set(d, key, v));                     /* 7 == 1000 * 0 + 7: replaces */
    DO(w, rco_dict_del(d, key));
    DO(w, rco_dict_del_str(d, "b"));
    DO(w, rco_dict_set_steal(d, rco_float(1007.0), rco_str("float key"))); /* equals 1007 */
    assert_int_equal(rco_len(d), 46);
    DO(w, rco_dict_clear(d));
    for (int i = 0; i < 10; i++)
        DO(w, rco_dict_set_steal(d, rco_str_printf("k%d", i), rco_int(i)));
    for (int i = 0; i < 10; i += 2) { /* deleted entries keep their place ... */
        char name[8];
        snprintf(name, sizeof name, "k%d", i);
        DO(w, rco_dict_del_str(d, name));
    }
    for (int i = 0; i < 20; i++) /* ... until a rebuild drops them */
        DO(w, rco_dict_set_steal(d, rco_int(-1000 - i), rco_str_printf("v%d", i)));
    assert_int_equal(rco_len(d), 25);
    return 0;
}

static int set_operations(world *w)
{
    rco_object *s, *item;
    NEW(w, s, rco_set_new());
    for (int i = 0; i < 40; i++) {
        NEW(w, item, i % 2 ? rco_int(5000 + i) : rco_str_printf("s%d", i));
        DO(w, rco_set_add(s, item));
        if (i % 3 == 0)
            DO(w, rco_set_discard(s, item));
        if (i % 4 == 3)
            let_go(w, item);
    }
    DO(w, rco_set_add(s, rco_none()));
    DO(w, rco_set_add(s, rco_true()));
    assert_int_equal(rco_len(s), 28);
    for (int i = 0; i < 30; i++) { /* discarded entries are dropped by a rebuild */
        NEW(w, item, rco_float(i + 0.25));
        DO(w, rco_set_add(s, item));
        DO(w, rco_set_discard(s, item));
        let_go(w, item);
    }
    assert_int_equal(rco_len(s), 28);
    return 0;
}

/* rco_build with N arguments (released on failure), then rco_unpack. */
static int build_and_unpack(world *w)
{
    rco_object *given, *kept, *built, *t, *o1, *o2;
    NEW(w, given, rco_str("given away"));
    NEW(w, kept, rco_list_new(0));
    NEW(w, built, rco_build("[i, s, (d, N), {s: [O, N]}, y#, z]", 1234567, "h\xc3\xa9llo", 2.5,
                            rco_incref(given), "key", kept, rco_incref(kept), "\x00\x01",
                            (ssize_t)2, (const char *)NULL));
    assert_int_equal(rco_refcount(given), 2);
    assert_int_equal(rco_refcount(kept), 3);
    NEW(w, t, rco_build("(i(sd)ON)", 7, "x", 0.25, kept, rco_list_new(0)));
    int i = 0;
    const char *s = NULL;
    double d = 0;
    DO(w, rco_unpack(t, "i(sd)OO", &i, &s, &d, &o1, &o2));
    assert_int_equal(i, 7);
    assert_string_equal(s, "x");
    assert_true(d == 0.25);
    assert_ptr_equal(o1, kept);
    rco_object *over;
    NEW(w, over, rco_build("(i)", 1000));
    unsigned char small = 0;
    assert_int_equal(rco_unpack(over, "b", &small), -1);
    assert_error(RCO_ERR_OVERFLOW);
    NEW(w, t, rco_build("{s:(iii), s:[s#], s:{}}", "a", 1, 2, 3, "b", "xyz", (ssize_t)2, "c"));
    assert_int_equal(rco_len(t), 3);
    return 0;
}

static void fill_text(char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)('a' + i % 26);
    buf[n] = '\0';
}

/* repr of nested and recursive structures, deep enough and long enough to
 * grow repr's stack and buffer more than once. */
static int repr_workload(world *w)
{
    rco_object *root, *d, *deep, *r;
    char long_text[1501];
    fill_text(long_text, 1500);
    NEW(w, root, rco_build("[i, s, (d,), {s: [N]}]", 1, "two", 3.5, "four", rco_set_new()));
    DO(w, rco_list_append(root, root));
    NEW(w, d, rco_dict_new());
    DO(w, rco_dict_set_str(d, "self", d));
    DO(w, rco_list_append(root, d));
    DO(w, rco_list_append_steal(root, rco_str(long_text)));
    NEW(w, deep, rco_list_new(0));
    rco_object *tip = deep;
    for (int i = 0; i < 40; i++) {
        DO(w, rco_list_append_steal(tip, rco_list_new(0)));
        tip = rco_list_get(tip, 0);
    }
    DO(w, rco_list_append(root, deep));
    NEW(w, r, rco_repr(root));
    char expected[4096];
    char brackets[2][41];
    memset(brackets[0], '[', 41);
    memset(brackets[1], ']', 41);
    snprintf(expected, sizeof expected,
             "[1, 'two', (3.5,), {'four': [set()]}, [...], {'self': {...}}, '%s', %.41s%.41s]",
             long_text, brackets[0], brackets[1]);
    return text_is(r, expected);
}

/* Classes and instances: class attributes, setattr/getattr/delattr, a
 * cycle through attributes, an attribute dict grown past its first size. */
static int class_workload(world *w)
{
    rco_type *cls;
    rco_object *p, *q, *x, *got;
    NEW(w, cls, rco_class_new("Point", NULL, NULL));
    DO(w, rco_setattr((rco_object *)cls, "dims", rco_int(2)));
    NEW(w, p, rco_instance_new(cls));
    NEW(w, x, rco_int(100000));
    DO(w, rco_setattr(p, "a", x));
    DO(w, rco_setattr(p, "me", p));
    NEW(w, got, rco_getattr(p, "dims"));
    DO(w, rco_delattr(p, "a"));
    DO(w, rco_setattr(p, "a", p));
    NEW(w, q, rco_instance_new(cls));
    DO(w, rco_setattr(q, "next", p));
    DO(w, rco_setattr(p, "next", q));
    for (int i = 0; i < 8; i++)
        DO(w, rco_setattr(q, attr_names[7 + i], x));
    DO(w, rco_delattr(q, "f3"));
    DO(w, rco_setattr((rco_object *)cls, "data", q));
    assert_int_equal(rco_hasattr(q, "f3"), 0);
    assert_int_equal(rco_hasattr(p, "data"), 1);
    return 0;
}

static int callbacks_run;

static void count_callback(rco_object *ref, void *arg)
{
    (void)ref;
    callbacks_run++;
    if (journal)
        rco_list_append_steal(journal, rco_int((int64_t)(intptr_t)arg + 7000));
}

/* Weakrefs with callbacks to objects dying by count and by collection. */
static int weakref_workload(world *w)
{
    rco_type *cls;
    rco_object *target, *inst, *r1, *r2, *r3, *log;
    callbacks_run = 0;
    NEW(w, log, rco_list_new(0));
    journal = log;
    NEW(w, target, rco_set_new());
    NEW(w, cls, rco_class_new("Watched", NULL, NULL));
    NEW(w, inst, rco_instance_new(cls));
    NEW(w, r1, rco_weakref_new(target, count_callback, (void *)1));
    NEW(w, r2, rco_weakref_new(inst, count_callback, (void *)2));
    NEW(w, r3, rco_weakref_new(inst, NULL, NULL));
    DO(w, rco_setattr(inst, "me", inst));
    let_go(w, target);
    assert_int_equal(callbacks_run, 1);
    assert_null(rco_weakref_get(r1));
    let_go(w, inst);
    rco_object *many[12];
    for (int i = 0; i < 12; i++) /* the runtime's weakref table grows */
        NEW(w, many[i], i % 2 ? rco_set_new() : rco_instance_new(cls));
    for (int i = 0; i < 12; i++)
        NEW(w, r1, rco_weakref_new(many[i], count_callback, (void *)3));
    for (int i = 0; i < 12; i += 3)
        let_go(w, many[i]);
    rco_gc_collect(-1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_int_equal(callbacks_run, 2 + 4);
    assert_null(rco_weakref_get(r2));
    assert_null(rco_weakref_get(r3));
    if (untouched(w))
        assert_int_equal(rco_len(log), 6);
    return 0;
}

static int phoenix_id(rco_object *self)
{
    rco_object *id = rco_getattr(self, "id");
    int v = id ? (int)rco_int_value(id) : -1;
    rco_xdecref(id);
    rco_err_clear();
    return v;
}

/* Ids 1, 5, 9 ... come back to life (if there is memory to store them). */
static void resurrect_some(rco_object *self)
{
    if (phoenix_id(self) % 4 == 1 && lazarus)
        rco_list_append(lazarus, self);
}

static int legacy_dels;

static void count_legacy_del(rco_object *self)
{
    (void)self;
    legacy_dels++;
}

/* A collection with finalizers (some resurrecting) and legacy garbage. */
static int collection_workload(world *w)
{
    rco_type *phoenix, *legacy;
    rco_object *store, *p[6], *l[2], *data;
    NEW(w, store, rco_list_new(0));
    lazarus = store;
    NEW(w, phoenix, rco_class_new("Phoenix", resurrect_some, NULL));
    NEW(w, legacy, rco_class_new("Legacy", NULL, count_legacy_del));
    for (int i = 0; i < 6; i++) {
        NEW(w, p[i], rco_instance_new(phoenix));
        DO(w, rco_setattr(p[i], "id", rco_int(i)));
    }
    for (int i = 0; i < 6; i += 2) {
        DO(w, rco_setattr(p[i], "next", p[i + 1]));
        DO(w, rco_setattr(p[i + 1], "next", p[i]));
    }
    for (int i = 0; i < 2; i++) {
        NEW(w, l[i], rco_instance_new(legacy));
        DO(w, rco_setattr(l[i], "me", l[i]));
        NEW(w, data, rco_list_new(0));
        DO(w, rco_setattr(l[i], "data", data));
        let_go(w, data);
    }
    for (int i = 0; i < 6; i++)
        let_go(w, p[i]);
    for (int i = 0; i < 2; i++)
        let_go(w, l[i]);
    ssize_t found = rco_gc_collect(-1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    if (untouched(w)) {
        /* Of 3 pairs, 1 and 5 save theirs: 2 instances and their dicts
         * are freed; 2 legacy instances (+ dicts + lists) uncollectable. */
        assert_int_equal(found, 4 + 6);
        assert_int_equal(rco_len(store), 2);
        assert_int_equal(rco_len(rco_gc_garbage()), 2);
    }
    return 0;
}

static void nested_containers_survive_every_failure(void **state)
{
    sweep_all_modes("nested containers", nested_containers);
}

static void list_operations_survive_every_failure(void **state)
{
    sweep_all_modes("list operations", list_operations);
}

static void tuple_operations_survive_every_failure(void **state)
{
    sweep_all_modes("tuple operations", tuple_operations);
}

static void dict_operations_survive_every_failure(void **state)
{
    sweep_all_modes("dict operations", dict_operations);
}

static void set_operations_survive_every_failure(void **state)
{
    sweep_all_modes("set operations", set_operations);
}

static void build_and_unpack_survive_every_failure(void **state)
{
    sweep_all_modes("build and unpack", build_and_unpack);
}

static void repr_survives_every_failure(void **state)
{
    sweep_all_modes("repr", repr_workload);
}

static void classes_survive_every_failure(void **state)
{
    sweep_all_modes("classes", class_workload);
}

static void weakrefs_survive_every_failure(void **state)
{
    sweep_all_modes("weakrefs", weakref_workload);
}

static void collection_workload_survives_every_failure(void **state)
{
    sweep_all_modes("collection", collection_workload);
}

/* ======================================================================
 * Failures inside a collection
 *
 * Garbage made of nodes (a user GC type) whose deaths, finalizations,
 * legacy dels and weakref callbacks are counted per node:
 *   0..7    plain nodes in pairs: die;
 *   8..15   phoenix nodes in pairs: the finalizer of ids = 1 mod 4 stores
 *           its node in `lazarus` (if it can), saving the pair;
 *   16..19  legacy nodes: 16 and 19 alone in self cycles, 17 and 18 a pair;
 *   20, 21  plain nodes held by 16 (20 -> 21 -> 20): uncollectable with it;
 *   22, 23  a plain pair holding phoenix 14.
 * Each node has a weakref, held here, whose callback may allocate.
 * ====================================================================== */

#define NODES 24

typedef struct node {
    rco_object ob;
    rco_object *a, *b, *payload;
    int id;
} node;

typedef struct fate {
    int deaths, finalized, legacy_dels, callbacks;
} fate;

static fate fates[NODES];
static rco_object *refs[NODES];

static int node_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    node *n = (node *)self;
    RCO_VISIT(n->a);
    RCO_VISIT(n->b);
    RCO_VISIT(n->payload);
    return 0;
}

static void node_clear(rco_object *self)
{
    node *n = (node *)self;
    RCO_CLEAR(n->a);
    RCO_CLEAR(n->b);
    RCO_CLEAR(n->payload);
}

static void node_dealloc(rco_object *self)
{
    fates[((node *)self)->id].deaths++;
    node_clear(self);
}

/* Allocates (a payload, a place in lazarus): either may fail. */
static void node_finalize(rco_object *self)
{
    node *n = (node *)self;
    fates[n->id].finalized++;
    rco_object *payload = rco_int(1000000 + n->id);
    if (payload)
        RCO_SETREF(n->payload, payload);
    if (n->id % 4 == 1 && lazarus)
        rco_list_append(lazarus, self);
}

static void node_legacy_del(rco_object *self)
{
    fates[((node *)self)->id].legacy_dels++;
}

#define NODE_TYPE(var, tname, fin, del)                                \
    static rco_type var = {                                            \
        .name = tname,                                                 \
        .size = sizeof(node),                                          \
        .flags = RCO_TYPE_GC,                                          \
        .dealloc = node_dealloc,                                       \
        .traverse = node_traverse,                                     \
        .clear = node_clear,                                           \
        .finalize = fin,                                               \
        .legacy_del = del,                                             \
    }
NODE_TYPE(plain_type, "Node", NULL, NULL);
NODE_TYPE(phoenix_type, "PhoenixNode", node_finalize, NULL);
NODE_TYPE(legacy_type, "LegacyNode", NULL, node_legacy_del);

static bool is_node(const rco_object *o)
{
    const rco_type *t = rco_typeof(o);
    return t == &plain_type || t == &phoenix_type || t == &legacy_type;
}

static void break_and_clear_garbage(void)
{
    rco_object *garbage = rco_gc_garbage();
    for (ssize_t i = 0; i < rco_len(garbage); i++) {
        rco_object *o = rco_list_get(garbage, (size_t)i);
        if (is_node(o))
            node_clear(o);
        else if (is_named(o, "dict"))
            rco_dict_clear(o);
        else if (is_named(o, "list"))
            rco_list_clear(o);
        else if (is_instance(o))
            for (size_t k = 0; k < ATTR_NAMES; k++)
                if (rco_hasattr(o, attr_names[k]) == 1)
                    rco_delattr(o, attr_names[k]);
    }
    rco_list_clear(garbage);
}

static void node_died(rco_object *ref, void *arg)
{
    (void)ref;
    fates[(intptr_t)arg].callbacks++;
    if (journal)
        rco_list_append_steal(journal, rco_int((intptr_t)arg + 2000000));
}

static rco_type *type_of_node(int id)
{
    if (id >= 8 && id < 16)
        return &phoenix_type;
    if (id >= 16 && id < 20)
        return &legacy_type;
    return &plain_type;
}

static bool uncollectable_node(int id)
{
    return id >= 16 && id < 22;
}

static void link_nodes(node **n, int from, int to)
{
    rco_object *o = &n[to]->ob;
    rco_incref(o);
    if (!n[from]->a)
        n[from]->a = o;
    else
        n[from]->b = o;
}

/* The garbage above, with no collection started while it is made. */
static void make_node_garbage(void)
{
    node *n[NODES];
    memset(fates, 0, sizeof fates);
    lazarus = rco_list_new(0);
    journal = rco_list_new(0);
    rco_gc_disable();
    for (int i = 0; i < NODES; i++) {
        n[i] = (node *)rco_gc_new(type_of_node(i));
        assert_non_null(n[i]);
        n[i]->id = i;
        refs[i] = rco_weakref_new(&n[i]->ob, node_died, (void *)(intptr_t)i);
        assert_non_null(refs[i]);
    }
    for (int i = 0; i < 16; i += 2) {
        link_nodes(n, i, i + 1);
        link_nodes(n, i + 1, i);
    }
    link_nodes(n, 16, 16);
    link_nodes(n, 19, 19);
    link_nodes(n, 17, 18);
    link_nodes(n, 18, 17);
    link_nodes(n, 16, 20);
    link_nodes(n, 20, 21);
    link_nodes(n, 21, 20);
    link_nodes(n, 22, 23);
    link_nodes(n, 23, 22);
    link_nodes(n, 22, 14);
    for (int i = 0; i < NODES; i++)
        rco_decref(&n[i]->ob);
    rco_gc_enable();
}

static bool alive(int id)
{
    return fates[id].deaths == 0;
}

/* What must hold after any collection, failing or not. */
static void check_node_fates(void)
{
    for (int i = 0; i < NODES; i++) {
        assert_in_range(fates[i].deaths, 0, 1);
        assert_in_range(fates[i].finalized, 0, 1);
        assert_in_range(fates[i].callbacks, 0, 1);
        if (!alive(i)) {
            assert_int_equal(fates[i].callbacks, 1); /* no callback skipped */
            assert_null(rco_weakref_get(refs[i]));
        }
        if (uncollectable_node(i)) {
            assert_true(alive(i));
            assert_int_equal(fates[i].legacy_dels, 0);
        }
    }
    for (int i = 8; i < 16; i += 2) /* a phoenix pair lives or dies together */
        assert_int_equal(alive(i), alive(i + 1));
    rco_object *garbage = rco_gc_garbage();
    bool listed[NODES] = { false };
    for (ssize_t k = 0; k < rco_len(garbage); k++) {
        rco_object *o = rco_list_get(garbage, (size_t)k);
        assert_true(is_node(o));
        int id = ((node *)o)->id;
        assert_true(id >= 16 && id < 20);
        assert_false(listed[id]); /* listed once */
        listed[id] = true;
    }
    for (ssize_t k = 0; k < rco_len(lazarus); k++) {
        rco_object *o = rco_list_get(lazarus, (size_t)k);
        assert_true(alive(((node *)o)->id));
    }
}

/* After a collection that met no failure: every legacy node listed, the
 * rest dead unless a finalizer saved its pair. */
static void check_settled_fates(void)
{
    check_node_fates();
    assert_int_equal(rco_len(rco_gc_garbage()), 4);
    for (int i = 0; i < NODES; i++) {
        if (uncollectable_node(i))
            continue;
        bool saved = false;
        for (ssize_t k = 0; k < rco_len(lazarus); k++) {
            int id = ((node *)rco_list_get(lazarus, (size_t)k))->id;
            saved = saved || id == i || (id ^ 1) == i;
        }
        assert_int_equal(alive(i), saved);
    }
}

static void clean_node_garbage(void)
{
    RCO_CLEAR(lazarus);
    break_and_clear_garbage();
    rco_gc_collect(-1);
    for (int i = 0; i < NODES; i++) {
        assert_int_equal(fates[i].deaths, 1);
        assert_in_range(fates[i].finalized, 0, 1);
        RCO_CLEAR(refs[i]);
    }
    RCO_CLEAR(journal);
}

enum trigger { EXPLICIT, AUTOMATIC };

/* One collection with allocation n failing (from n on if persistent). */
static void collect_failing(long n, bool persistent, enum trigger trigger)
{
    rco_err_set(RCO_ERR_KEY, "the caller's error");
    if (trigger == AUTOMATIC)
        rco_gc_set_threshold(1, 10, 10);
    if (persistent)
        rco_debug_fail_alloc_persistent(n);
    else
        rco_debug_fail_alloc(n);
    rco_object *made = NULL;
    if (trigger == EXPLICIT)
        assert_true(rco_gc_collect(-1) >= 0);
    else
        made = rco_list_new(0); /* a constructor: a safe point for a collection */
    rco_debug_fail_alloc(0);
    rco_gc_set_threshold(700, 10, 10);
    if (trigger == AUTOMATIC && !made) {
        assert_int_equal(rco_err_occurred(), RCO_ERR_MEMORY);
    } else {
        assert_int_equal(rco_err_occurred(), RCO_ERR_KEY);
        assert_string_equal(rco_err_message(), "the caller's error");
    }
    rco_err_clear();
    rco_xdecref(made);
}

static void sweep_collection(const char *name, bool persistent, enum trigger trigger)
{
    baseline base = take_baseline();
    long injected = 0, n;
    for (n = 1;; n++) {
        assert_true(n < 10000);
        make_node_garbage();
        long at_start = rco_debug_failed_allocs();
        collect_failing(n, persistent, trigger);
        long in_run = rco_debug_failed_allocs() - at_start;
        check_node_fates();
        rco_gc_collect(-1); /* finds again what the failing one left */
        check_settled_fates();
        clean_node_garbage();
        assert_back_to(&base, name, n);
        injected += in_run;
        if (in_run == 0)
            break;
    }
    printf("fault sweep: %-20s %-10s %5ld runs, %6ld allocation failures injected, all survived\n",
           name, persistent ? "persistent" : "once", n, injected);
    assert_true(injected > 0);
}

static void explicit_collection_survives_failures_inside(void **state)
{
    sweep_collection("explicit collection", false, EXPLICIT);
    sweep_collection("explicit collection", true, EXPLICIT);
}

static void automatic_collection_survives_failures_inside(void **state)
{
    sweep_collection("automatic collection", false, AUTOMATIC);
    sweep_collection("automatic collection", true, AUTOMATIC);
}

/* The clean run's fates, pinned, so the sweeps above check something. */
static void node_garbage_meets_its_expected_fates(void **state)
{
    baseline base = take_baseline();
    make_node_garbage();
    rco_gc_collect(-1);
    check_settled_fates();
    assert_int_equal(rco_len(lazarus), 2); /* 9 and 13 */
    for (int i = 0; i < NODES; i++) {
        bool expect_alive = uncollectable_node(i) || (i >= 8 && i <= 9) || (i >= 12 && i <= 13);
        assert_int_equal(alive(i), expect_alive);
    }
    clean_node_garbage();
    assert_back_to(&base, "clean run", 0);
}

/* A legacy cycle found while rco_gc_garbage() cannot grow stays alive and
 * whole, unlisted, and is listed by the next collection. */
static void legacy_garbage_waits_when_the_garbage_list_cannot_grow(void **state)
{
    baseline base = take_baseline();
    make_node_garbage();
    rco_debug_fail_alloc_persistent(1);
    rco_gc_collect(-1);
    rco_debug_fail_alloc(0);
    check_node_fates();
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    assert_int_equal(rco_len(lazarus), 0); /* no room to resurrect either */
    for (int i = 16; i < 22; i++)
        assert_true(alive(i));
    rco_gc_collect(-1);
    check_settled_fates();
    clean_node_garbage();
    assert_back_to(&base, "garbage list", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(nested_containers_survive_every_failure),
        RCO_TEST(list_operations_survive_every_failure),
        RCO_TEST(tuple_operations_survive_every_failure),
        RCO_TEST(dict_operations_survive_every_failure),
        RCO_TEST(set_operations_survive_every_failure),
        RCO_TEST(build_and_unpack_survive_every_failure),
        RCO_TEST(repr_survives_every_failure),
        RCO_TEST(classes_survive_every_failure),
        RCO_TEST(weakrefs_survive_every_failure),
        RCO_TEST(collection_workload_survives_every_failure),
        RCO_TEST(node_garbage_meets_its_expected_fates),
        RCO_TEST(legacy_garbage_waits_when_the_garbage_list_cannot_grow),
        RCO_TEST(explicit_collection_survives_failures_inside),
        RCO_TEST(automatic_collection_survives_failures_inside),
    };
    RCO_RUN_TESTS(tests);
}
