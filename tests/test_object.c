/*
 * test_object.c: the object header's life (object.c and the singletons):
 * user-defined types made with rco_new and rco_gc_new and the slots rco
 * calls on them, the reference-counting entry points and macros, and
 * destruction, which runs each dealloc once and never recurses without
 * bound.
 */
#include "rco_test.h"

/* ---- a plain type: a point compared and hashed by value ------------- */

typedef struct point {
    rco_object ob;
    int64_t x, y;
} point;

static int point_deallocs;

static void point_dealloc(rco_object *self)
{
    point_deallocs++;
}

static rco_object *point_repr(rco_object *self)
{
    const point *p = (const point *)self;
    return rco_str_printf("Point(%lld, %lld)", (long long)p->x, (long long)p->y);
}

static int64_t point_hash(rco_object *self)
{
    const point *p = (const point *)self;
    return p->x * 1000003 + p->y; /* small coordinates: never -1 */
}

static rco_type point_type;

static int point_equal(rco_object *self, rco_object *other)
{
    if (!rco_is_type(other, &point_type))
        return 0;
    const point *a = (const point *)self, *b = (const point *)other;
    return a->x == b->x && a->y == b->y;
}

static rco_type point_type = {
    .name = "Point",
    .size = sizeof(point),
    .dealloc = point_dealloc,
    .repr = point_repr,
    .hash = point_hash,
    .equal = point_equal,
};

static rco_object *new_point(int64_t x, int64_t y)
{
    rco_object *o = rco_new(&point_type);
    assert_non_null(o);
    ((point *)o)->x = x;
    ((point *)o)->y = y;
    return o;
}

/* ---- a type with no slots but its size: Python's defaults ------------ */

typedef struct blob {
    rco_object ob;
    char bytes[40];
} blob;

static rco_type blob_type = {
    .name = "Blob",
    .size = sizeof(blob),
};

/* ---- a collector-tracked node holding one reference ------------------ */

static int node_deallocs;

static void node_dealloc(rco_object *self)
{
    node_deallocs++;
    rco_test_node_clear(self);
}

static rco_type node_type = {
    .name = "Node",
    .size = sizeof(rco_test_node),
    .flags = RCO_TYPE_GC,
    .dealloc = node_dealloc,
    .traverse = rco_test_node_traverse,
    .clear = rco_test_node_clear,
};

/* ---- a type whose dealloc looks at a pointer the test watches --------- */

static rco_object *watched_pointer;
static rco_object *seen_in_dealloc;
static int watcher_deallocs;

static void watcher_dealloc(rco_object *self)
{
    watcher_deallocs++;
    seen_in_dealloc = watched_pointer;
}

static rco_type watcher_type = {
    .name = "Watcher",
    .size = sizeof(rco_object),
    .dealloc = watcher_dealloc,
};

/* ---- a type with a finalizer that can resurrect its object ------------ */

static int finalizer_runs, finalizable_deallocs;
static rco_object *resurrected;
static int dealloc_runs_at_finalize; /* deallocs seen when finalize ran */

static void finalize_maybe_resurrect(rco_object *self)
{
    finalizer_runs++;
    dealloc_runs_at_finalize = finalizable_deallocs;
    if (resurrected == NULL && finalizer_runs == 1 && watched_pointer == self)
        resurrected = rco_incref(self);
}

static void finalizable_dealloc(rco_object *self)
{
    finalizable_deallocs++;
}

static rco_type finalizable_type = {
    .name = "Finalizable",
    .size = sizeof(rco_object),
    .dealloc = finalizable_dealloc,
    .finalize = finalize_maybe_resurrect,
};

static int legacy_runs;

static void legacy_del_resurrect_once(rco_object *self)
{
    if (legacy_runs++ == 0)
        resurrected = rco_incref(self);
}

static rco_type legacy_type = {
    .name = "Legacy",
    .size = sizeof(rco_object),
    .dealloc = finalizable_dealloc,
    .legacy_del = legacy_del_resurrect_once,
};

static void reset_counters(void)
{
    point_deallocs = node_deallocs = watcher_deallocs = 0;
    finalizer_runs = finalizable_deallocs = legacy_runs = 0;
    dealloc_runs_at_finalize = -1;
    watched_pointer = seen_in_dealloc = resurrected = NULL;
}

/* ======================================================================
 * Creating user objects
 * ====================================================================== */

static void rco_new_gives_count_one_and_zeroed_fields(void **state)
{
    rco_object *o = rco_new(&blob_type);
    assert_non_null(o);
    assert_int_equal(rco_refcount(o), 1);
    assert_ptr_equal(rco_typeof(o), &blob_type);
    const blob *b = (const blob *)o;
    for (size_t i = 0; i < sizeof b->bytes; i++)
        assert_int_equal(b->bytes[i], 0);
    rco_decref(o);
}

static void rco_gc_new_gives_a_tracked_object_with_zeroed_fields(void **state)
{
    rco_object *o = rco_gc_new(&node_type);
    assert_non_null(o);
    assert_int_equal(rco_refcount(o), 1);
    assert_null(((rco_test_node *)o)->a);
    assert_int_equal(rco_gc_is_tracked(o), 1);
    rco_decref(o);
}

static void rco_new_refuses_a_gc_type(void **state)
{
    assert_null(rco_new(&node_type));
    assert_non_null(strstr(rco_err_message(), "rco_new"));
    assert_error(RCO_ERR_TYPE);
}

static void rco_gc_new_refuses_a_type_without_gc_flag(void **state)
{
    assert_null(rco_gc_new(&blob_type));
    assert_non_null(strstr(rco_err_message(), "rco_gc_new"));
    assert_error(RCO_ERR_TYPE);
}

static void rco_new_refuses_null_type(void **state)
{
    assert_null(rco_new(NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_gc_new(NULL));
    assert_error(RCO_ERR_TYPE);
}

static void rco_new_refuses_a_builtin_type(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_type *list_type = (rco_type *)rco_typeof(l);
    assert_null(rco_gc_new(list_type));
    assert_error(RCO_ERR_TYPE);
    rco_object *f = rco_float(1.5);
    assert_null(rco_new((rco_type *)rco_typeof(f)));
    assert_error(RCO_ERR_TYPE);
    rco_decref(f);
    rco_decref(l);
}

static void type_without_name_is_a_value_error(void **state)
{
    static rco_type nameless = { .size = sizeof(rco_object) };
    assert_null(rco_new(&nameless));
    assert_error(RCO_ERR_VALUE);
}

static void type_smaller_than_the_header_is_a_value_error(void **state)
{
    static rco_type tiny = { .name = "Tiny", .size = sizeof(rco_object) - 1 };
    assert_null(rco_new(&tiny));
    assert_error(RCO_ERR_VALUE);
}

static void gc_type_without_traverse_is_a_value_error(void **state)
{
    static rco_type blind = { .name = "Blind", .size = sizeof(rco_test_node), .flags = RCO_TYPE_GC };
    assert_null(rco_gc_new(&blind));
    assert_error(RCO_ERR_VALUE);
}

static void type_too_large_for_memory_is_an_overflow(void **state)
{
    static rco_type huge = { .name = "Huge", .size = SIZE_MAX };
    assert_null(rco_new(&huge));
    assert_error(RCO_ERR_OVERFLOW);
}

static void type_with_fields_owned_by_rco_set_is_a_value_error(void **state)
{
    static rco_type meddled = { .name = "Meddled", .size = sizeof(rco_object), .kind = 3 };
    assert_null(rco_new(&meddled));
    assert_error(RCO_ERR_VALUE);
}

static void rco_new_fails_cleanly_when_allocation_fails(void **state)
{
    reset_counters();
    rco_debug_fail_alloc(1);
    assert_null(rco_new(&point_type));
    assert_error(RCO_ERR_MEMORY);
    rco_debug_fail_alloc(1);
    assert_null(rco_gc_new(&node_type));
    assert_error(RCO_ERR_MEMORY);
    assert_int_equal(point_deallocs + node_deallocs, 0);
}

/* ======================================================================
 * Slots
 * ====================================================================== */

static void dealloc_runs_once_when_the_count_reaches_zero(void **state)
{
    reset_counters();
    rco_object *p = new_point(1, 2);
    rco_incref(p);
    assert_int_equal(rco_refcount(p), 2);
    rco_decref(p);
    assert_int_equal(point_deallocs, 0);
    assert_int_equal(rco_refcount(p), 1);
    rco_decref(p);
    assert_int_equal(point_deallocs, 1);
}

static void dealloc_runs_once_for_an_object_held_by_a_container(void **state)
{
    reset_counters();
    rco_object *l = rco_list_new(0);
    rco_list_append_steal(l, new_point(1, 2));
    assert_int_equal(point_deallocs, 0);
    rco_decref(l);
    assert_int_equal(point_deallocs, 1);
}

static void repr_slot_is_used_by_repr_of_containers(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_list_append_steal(l, new_point(1, 2));
    rco_list_append_steal(l, new_point(-3, 4));
    assert_repr(l, "[Point(1, 2), Point(-3, 4)]");
    rco_decref(l);
}

static void default_repr_names_type_and_address(void **state)
{
    rco_object *o = rco_new(&blob_type);
    char expected[64];
    snprintf(expected, sizeof expected, "<Blob object at %p>", (void *)o);
    assert_repr(o, expected);
    rco_decref(o);
}

static void hash_and_equal_slots_make_equal_points_one_dict_key(void **state)
{
    rco_object *d = rco_dict_new();
    rco_object *a = new_point(1, 2), *b = new_point(1, 2), *c = new_point(2, 1);
    assert_int_equal(rco_hash(a), rco_hash(b));
    assert_int_equal(rco_equal(a, b), 1);
    assert_int_equal(rco_dict_set_steal(d, a, rco_str("first")), 0);
    assert_int_equal(rco_dict_set_steal(d, b, rco_str("second")), 0);
    assert_int_equal(rco_dict_set_steal(d, c, rco_str("other")), 0);
    assert_int_equal(rco_len(d), 2);
    assert_repr(d, "{Point(1, 2): 'second', Point(2, 1): 'other'}");
    rco_decref(d);
}

static int64_t hash_fails_with_error(rco_object *self)
{
    rco_err_set(RCO_ERR_VALUE, "cannot hash this %s", "thing");
    return -1;
}

static int64_t hash_fails_silently(rco_object *self)
{
    return -1;
}

static rco_type hash_error_type = {
    .name = "HashError", .size = sizeof(rco_object), .hash = hash_fails_with_error,
};
static rco_type hash_silent_type = {
    .name = "HashSilent", .size = sizeof(rco_object), .hash = hash_fails_silently,
};

static void hash_slot_error_is_passed_on(void **state)
{
    rco_object *o = rco_new(&hash_error_type);
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_hash(o), -1);
    assert_string_equal(rco_err_message(), "cannot hash this thing");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_dict_set(d, o, rco_none()), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_len(d), 0);
    assert_int_equal(rco_refcount(o), 1);
    rco_decref(d);
    rco_decref(o);
}

static void hash_slot_failing_without_error_is_a_value_error(void **state)
{
    rco_object *o = rco_new(&hash_silent_type);
    assert_int_equal(rco_hash(o), -1);
    assert_error(RCO_ERR_VALUE);
    rco_decref(o);
}

static void type_without_slots_compares_and_hashes_by_identity(void **state)
{
    rco_object *a = rco_new(&blob_type), *b = rco_new(&blob_type);
    assert_int_equal(rco_equal(a, a), 1);
    assert_int_equal(rco_equal(a, b), 0);
    assert_int_equal(rco_hash(a), rco_hash(a));
    rco_object *s = rco_set_new();
    rco_set_add(s, a);
    rco_set_add(s, b);
    assert_int_equal(rco_len(s), 2);
    assert_int_equal(rco_set_contains(s, a), 1);
    rco_decref(s);
    rco_decref(a);
    rco_decref(b);
}

static void user_gc_cycle_is_collected_and_each_dealloc_runs_once(void **state)
{
    reset_counters();
    rco_object *a = rco_gc_new(&node_type), *b = rco_gc_new(&node_type);
    ((rco_test_node *)a)->a = rco_incref(b);
    ((rco_test_node *)b)->a = rco_incref(a);
    rco_decref(a);
    rco_decref(b);
    assert_int_equal(node_deallocs, 0);
    assert_int_equal(rco_gc_collect(-1), 2);
    assert_int_equal(node_deallocs, 2);
}

/* ======================================================================
 * Inspection
 * ====================================================================== */

static void refcount_of_null_is_a_type_error(void **state)
{
    assert_int_equal(rco_refcount(NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

static void typeof_null_is_a_type_error(void **state)
{
    assert_null(rco_typeof(NULL));
    assert_error(RCO_ERR_TYPE);
}

static void type_name_of_null_is_NULL(void **state)
{
    assert_string_equal(rco_type_name(NULL), "NULL");
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
}

static void is_type_is_false_for_null_and_other_types(void **state)
{
    rco_object *p = new_point(0, 0);
    assert_int_equal(rco_is_type(p, &point_type), 1);
    assert_int_equal(rco_is_type(p, &blob_type), 0);
    assert_int_equal(rco_is_type(NULL, &point_type), 0);
    rco_decref(p);
}

static void type_names_of_builtins_are_pythons(void **state)
{
    rco_object *objects[] = {
        rco_int(1000), rco_float(1.0), rco_str("s"), rco_bytes("b", 1),
        rco_tuple_new(0), rco_list_new(0), rco_dict_new(), rco_set_new(),
        rco_none(), rco_true(),
    };
    const char *names[] = { "int", "float", "str", "bytes", "tuple",
                            "list", "dict", "set", "NoneType", "bool" };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        assert_string_equal(rco_type_name(objects[i]), names[i]);
        rco_decref(objects[i]);
    }
}

static void user_type_name_is_its_name(void **state)
{
    rco_object *p = new_point(0, 0);
    assert_string_equal(rco_type_name(p), "Point");
    rco_decref(p);
}

static void a_type_is_an_object_of_type_type(void **state)
{
    rco_object *l = rco_list_new(0);
    const rco_object *list_type = (const rco_object *)rco_typeof(l);
    assert_string_equal(rco_type_name(list_type), "type");
    assert_repr((rco_object *)list_type, "<class 'list'>");
    assert_true(rco_refcount(list_type) >= RCO_IMMORTAL_REFCNT / 2);
    rco_decref(l);
}

static void readied_user_type_is_an_immortal_object(void **state)
{
    rco_object *p = new_point(0, 0);
    assert_string_equal(rco_type_name(&point_type.ob), "type");
    assert_true(rco_refcount(&point_type.ob) >= RCO_IMMORTAL_REFCNT / 2);
    assert_true(point_type.flags & RCO_TYPE_READY);
    rco_decref(p);
}

/* ======================================================================
 * Singletons
 * ====================================================================== */

static void none_true_false_are_immortal(void **state)
{
    rco_object *singletons[] = { rco_none(), rco_true(), rco_false() };
    for (size_t i = 0; i < 3; i++)
        assert_true(rco_refcount(singletons[i]) >= RCO_IMMORTAL_REFCNT / 2);
}

static void releasing_a_singleton_many_times_never_frees_it(void **state)
{
    for (int i = 0; i < 1000; i++) {
        rco_decref(rco_none());
        rco_decref(rco_true());
        rco_decref(rco_false());
    }
    assert_true(rco_refcount(rco_none()) > RCO_IMMORTAL_REFCNT / 2);
    assert_repr(rco_none(), "None");
    assert_repr(rco_true(), "True");
    assert_repr(rco_false(), "False");
    for (int i = 0; i < 1000; i++) {
        rco_incref(rco_none());
        rco_incref(rco_true());
        rco_incref(rco_false());
    }
}

static void rco_bool_maps_any_nonzero_to_true(void **state)
{
    assert_ptr_equal(rco_bool(0), rco_false());
    assert_ptr_equal(rco_bool(1), rco_true());
    assert_ptr_equal(rco_bool(-7), rco_true());
    assert_int_equal(rco_int_value(rco_true()), 1);
    assert_int_equal(rco_int_value(rco_false()), 0);
}

static void is_none_only_for_none(void **state)
{
    assert_int_equal(rco_is_none(rco_none()), 1);
    assert_int_equal(rco_is_none(rco_false()), 0);
    assert_int_equal(rco_is_none(NULL), 0);
    rco_object *empty = rco_tuple_new(0);
    assert_int_equal(rco_is_none(empty), 0);
    rco_decref(empty);
}

/* ======================================================================
 * Reference counting entry points and macros
 * ====================================================================== */

static void incref_returns_its_argument_and_counts(void **state)
{
    rco_object *f = rco_float(2.5);
    assert_ptr_equal(rco_incref(f), f);
    assert_int_equal(rco_refcount(f), 2);
    rco_decref(f);
    assert_int_equal(rco_refcount(f), 1);
    rco_decref(f);
}

static void xincref_and_xdecref_accept_null(void **state)
{
    rco_xincref(NULL);
    rco_xdecref(NULL);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
}

static void xincref_and_xdecref_count_like_incref_and_decref(void **state)
{
    reset_counters();
    rco_object *p = new_point(0, 0);
    rco_xincref(p);
    assert_int_equal(rco_refcount(p), 2);
    rco_xdecref(p);
    assert_int_equal(rco_refcount(p), 1);
    rco_xdecref(p);
    assert_int_equal(point_deallocs, 1);
}

static void refcounting_works_through_function_pointers(void **state)
{
    reset_counters();
    rco_object *(*incref)(rco_object *) = (&rco_incref);
    void (*decref)(rco_object *) = (&rco_decref);
    void (*xincref)(rco_object *) = (&rco_xincref);
    void (*xdecref)(rco_object *) = (&rco_xdecref);
    rco_object *p = new_point(0, 0);
    assert_ptr_equal(incref(p), p);
    xincref(p);
    xincref(NULL);
    assert_int_equal(rco_refcount(p), 3);
    decref(p);
    xdecref(p);
    xdecref(NULL);
    assert_int_equal(point_deallocs, 0);
    decref(p);
    assert_int_equal(point_deallocs, 1);
}

static void rco_clear_sets_the_pointer_to_null_before_releasing(void **state)
{
    reset_counters();
    watched_pointer = rco_new(&watcher_type);
    seen_in_dealloc = (rco_object *)&seen_in_dealloc; /* anything but NULL */
    RCO_CLEAR(watched_pointer);
    assert_int_equal(watcher_deallocs, 1);
    assert_null(watched_pointer);
    assert_null(seen_in_dealloc);
}

static void rco_clear_of_a_null_pointer_does_nothing(void **state)
{
    rco_object *p = NULL;
    RCO_CLEAR(p);
    assert_null(p);
}

static void rco_clear_only_releases_one_reference(void **state)
{
    reset_counters();
    rco_object *p = new_point(0, 0);
    rco_object *alias = rco_incref(p);
    RCO_CLEAR(alias);
    assert_null(alias);
    assert_int_equal(rco_refcount(p), 1);
    assert_int_equal(point_deallocs, 0);
    rco_decref(p);
}

static void rco_setref_stores_the_new_value_before_releasing_the_old(void **state)
{
    reset_counters();
    rco_object *replacement = rco_float(1.0);
    watched_pointer = rco_new(&watcher_type);
    RCO_SETREF(watched_pointer, replacement);
    assert_int_equal(watcher_deallocs, 1);
    assert_ptr_equal(seen_in_dealloc, replacement);
    assert_ptr_equal(watched_pointer, replacement);
    assert_int_equal(rco_refcount(replacement), 1);
    RCO_CLEAR(watched_pointer);
}

static void rco_setref_accepts_a_null_old_value(void **state)
{
    rco_object *p = NULL;
    RCO_SETREF(p, rco_str("new"));
    assert_non_null(p);
    assert_string_equal(rco_str_utf8(p), "new");
    RCO_SETREF(p, NULL);
    assert_null(p);
}

/* ======================================================================
 * Finalizers (object.c's destruction steps)
 * ====================================================================== */

static void finalize_runs_once_before_dealloc(void **state)
{
    reset_counters();
    rco_object *o = rco_new(&finalizable_type);
    assert_non_null(o);
    rco_decref(o);
    assert_int_equal(finalizer_runs, 1);
    assert_int_equal(dealloc_runs_at_finalize, 0);
    assert_int_equal(finalizable_deallocs, 1);
}

static void finalize_can_resurrect_and_then_does_not_run_again(void **state)
{
    reset_counters();
    rco_object *o = rco_new(&finalizable_type);
    watched_pointer = o; /* asks the finalizer to resurrect it */
    rco_decref(o);
    assert_int_equal(finalizer_runs, 1);
    assert_int_equal(finalizable_deallocs, 0);
    assert_ptr_equal(resurrected, o);
    assert_int_equal(rco_refcount(o), 1);
    RCO_CLEAR(resurrected);
    assert_int_equal(finalizer_runs, 1);
    assert_int_equal(finalizable_deallocs, 1);
    watched_pointer = NULL;
}

static void legacy_del_runs_at_every_death(void **state)
{
    reset_counters();
    rco_object *o = rco_new(&legacy_type);
    rco_decref(o);
    assert_int_equal(legacy_runs, 1);
    assert_int_equal(finalizable_deallocs, 0);
    assert_ptr_equal(resurrected, o);
    RCO_CLEAR(resurrected);
    assert_int_equal(legacy_runs, 2);
    assert_int_equal(finalizable_deallocs, 1);
}

/* ======================================================================
 * Destruction of deep structures: no recursion without bound
 * ====================================================================== */

#define DEEP ((int)rco_test_deep())

/* The collector would walk the growing chain again and again; it has
 * nothing to find while the chain is built. */
static void build_quietly(void)
{
    rco_gc_disable();
}

static void list_nested_a_million_deep_is_freed(void **state)
{
    reset_counters();
    build_quietly();
    rco_object *inner = rco_list_new(1);
    rco_list_set_steal(inner, 0, new_point(0, 0));
    for (int i = 0; i < DEEP; i++) {
        rco_object *outer = rco_list_new(1);
        assert_non_null(outer);
        assert_int_equal(rco_list_set_steal(outer, 0, inner), 0);
        inner = outer;
    }
    rco_gc_enable();
    rco_decref(inner);
    assert_int_equal(point_deallocs, 1); /* the innermost item went too */
}

static void dict_chain_a_million_deep_is_freed(void **state)
{
    reset_counters();
    build_quietly();
    rco_object *key = rco_str("next");
    rco_object *inner = rco_dict_new();
    rco_dict_set_steal(inner, rco_str("end"), new_point(0, 0));
    for (int i = 0; i < DEEP; i++) {
        rco_object *outer = rco_dict_new();
        assert_non_null(outer);
        assert_int_equal(rco_dict_set(outer, key, inner), 0);
        rco_decref(inner);
        inner = outer;
    }
    rco_gc_enable();
    rco_decref(inner);
    assert_int_equal(point_deallocs, 1);
    assert_int_equal(rco_refcount(key), 1);
    rco_decref(key);
}

static void instance_chain_a_million_deep_is_freed(void **state)
{
    reset_counters();
    build_quietly();
    rco_type *cls = rco_class_new("Link", NULL, NULL);
    rco_object *inner = rco_instance_new(cls);
    rco_object *payload = new_point(0, 0);
    rco_setattr(inner, "payload", payload);
    rco_decref(payload);
    for (int i = 0; i < DEEP; i++) {
        rco_object *outer = rco_instance_new(cls);
        assert_non_null(outer);
        assert_int_equal(rco_setattr(outer, "next", inner), 0);
        rco_decref(inner);
        inner = outer;
    }
    rco_gc_enable();
    rco_decref(inner);
    assert_int_equal(point_deallocs, 1);
    assert_int_equal(rco_refcount((rco_object *)cls), 1); /* no instance holds it */
    rco_decref((rco_object *)cls);
}

static void tuple_chain_a_million_deep_is_freed(void **state)
{
    reset_counters();
    build_quietly();
    rco_object *inner = rco_tuple_new(1);
    rco_tuple_set_steal(inner, 0, new_point(0, 0));
    for (int i = 0; i < DEEP; i++) {
        rco_object *outer = rco_tuple_new(1);
        assert_non_null(outer);
        assert_int_equal(rco_tuple_set_steal(outer, 0, inner), 0);
        inner = outer;
    }
    rco_gc_enable();
    rco_decref(inner);
    assert_int_equal(point_deallocs, 1);
}

static void user_gc_chain_a_million_deep_is_freed(void **state)
{
    reset_counters();
    build_quietly();
    rco_object *inner = rco_gc_new(&node_type);
    for (int i = 0; i < DEEP; i++) {
        rco_object *outer = rco_gc_new(&node_type);
        assert_non_null(outer);
        ((rco_test_node *)outer)->a = inner; /* the chain hands its reference on */
        inner = outer;
    }
    rco_gc_enable();
    rco_decref(inner);
    assert_int_equal(node_deallocs, DEEP + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(rco_new_gives_count_one_and_zeroed_fields),
        RCO_TEST(rco_gc_new_gives_a_tracked_object_with_zeroed_fields),
        RCO_TEST(rco_new_refuses_a_gc_type),
        RCO_TEST(rco_gc_new_refuses_a_type_without_gc_flag),
        RCO_TEST(rco_new_refuses_null_type),
        RCO_TEST(rco_new_refuses_a_builtin_type),
        RCO_TEST(type_without_name_is_a_value_error),
        RCO_TEST(type_smaller_than_the_header_is_a_value_error),
        RCO_TEST(gc_type_without_traverse_is_a_value_error),
        RCO_TEST(type_too_large_for_memory_is_an_overflow),
        RCO_TEST(type_with_fields_owned_by_rco_set_is_a_value_error),
        RCO_TEST(rco_new_fails_cleanly_when_allocation_fails),
        RCO_TEST(dealloc_runs_once_when_the_count_reaches_zero),
        RCO_TEST(dealloc_runs_once_for_an_object_held_by_a_container),
        RCO_TEST(repr_slot_is_used_by_repr_of_containers),
        RCO_TEST(default_repr_names_type_and_address),
        RCO_TEST(hash_and_equal_slots_make_equal_points_one_dict_key),
        RCO_TEST(hash_slot_error_is_passed_on),
        RCO_TEST(hash_slot_failing_without_error_is_a_value_error),
        RCO_TEST(type_without_slots_compares_and_hashes_by_identity),
        RCO_TEST(user_gc_cycle_is_collected_and_each_dealloc_runs_once),
        RCO_TEST(refcount_of_null_is_a_type_error),
        RCO_TEST(typeof_null_is_a_type_error),
        RCO_TEST(type_name_of_null_is_NULL),
        RCO_TEST(is_type_is_false_for_null_and_other_types),
        RCO_TEST(type_names_of_builtins_are_pythons),
        RCO_TEST(user_type_name_is_its_name),
        RCO_TEST(a_type_is_an_object_of_type_type),
        RCO_TEST(readied_user_type_is_an_immortal_object),
        RCO_TEST(none_true_false_are_immortal),
        RCO_TEST(releasing_a_singleton_many_times_never_frees_it),
        RCO_TEST(rco_bool_maps_any_nonzero_to_true),
        RCO_TEST(is_none_only_for_none),
        RCO_TEST(incref_returns_its_argument_and_counts),
        RCO_TEST(xincref_and_xdecref_accept_null),
        RCO_TEST(xincref_and_xdecref_count_like_incref_and_decref),
        RCO_TEST(refcounting_works_through_function_pointers),
        RCO_TEST(rco_clear_sets_the_pointer_to_null_before_releasing),
        RCO_TEST(rco_clear_of_a_null_pointer_does_nothing),
        RCO_TEST(rco_clear_only_releases_one_reference),
        RCO_TEST(rco_setref_stores_the_new_value_before_releasing_the_old),
        RCO_TEST(rco_setref_accepts_a_null_old_value),
        RCO_TEST(finalize_runs_once_before_dealloc),
        RCO_TEST(finalize_can_resurrect_and_then_does_not_run_again),
        RCO_TEST(legacy_del_runs_at_every_death),
        RCO_TEST(list_nested_a_million_deep_is_freed),
        RCO_TEST(dict_chain_a_million_deep_is_freed),
        RCO_TEST(instance_chain_a_million_deep_is_freed),
        RCO_TEST(tuple_chain_a_million_deep_is_freed),
        RCO_TEST(user_gc_chain_a_million_deep_is_freed),
    };
    RCO_RUN_TESTS(tests);
}
