/*
 * test_copy.c: rco_copy and rco_deepcopy (ops/copy.c) as Python's copy
 * module: shallow copies share the items; deep copies keep shared and
 * cyclic structure (through lists, dicts, sets, instances and tuples),
 * copy a tuple only when something in it is copied, share atoms, classes
 * and weakrefs, refuse what cannot be copied and a cycle made of tuples
 * only; structures a million deep copy without recursion; a failure
 * leaves the originals as they were (its partial copies are garbage for
 * the collector).
 */
#include "fault_sweep.h"

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

/* ---- copy.copy ---------------------------------------------------------- */

static void a_shallow_copy_is_a_new_container_of_the_same_items(void **state)
{
    rco_object *l = rco_build("[[i]s]", 1, "x"), *d = rco_build("{s:[], i:i}", "a", 2, 3), *s = rco_set_new();
    rco_set_add(s, rco_list_get(l, 1));
    rco_set_add(s, rco_int(5));
    rco_object *copies[] = { rco_copy(l), rco_copy(d), rco_copy(s) };
    rco_object *originals[] = { l, d, s };
    for (int i = 0; i < 3; i++) {
        assert_ptr_not_equal(copies[i], originals[i]);
        assert_int_equal(rco_equal(copies[i], originals[i]), 1);
    }
    assert_ptr_equal(rco_list_get(copies[0], 0), rco_list_get(l, 0)); /* the same items */
    assert_ptr_equal(rco_dict_get_str(copies[1], "a"), rco_dict_get_str(d, "a"));
    assert_repr(copies[1], "{'a': [], 2: 3}");
    assert_repr(copies[2], "{'x', 5}");
    rco_list_append(copies[0], rco_none());
    assert_int_equal(rco_len(l), 2);
    for (int i = 0; i < 3; i++)
        rco_decref(copies[i]);
    rco_decref(l); rco_decref(d); rco_decref(s);
}

static void immutables_classes_and_weakrefs_are_their_own_copy(void **state)
{
    rco_type *cls = rco_class_new("K", NULL, NULL);
    rco_object *l = rco_set_new(), *weak = rco_weakref_new(l, NULL, NULL); /* lists refuse weakrefs */
    rco_object *objects[] = { rco_int(100000), rco_float(1.5), rco_str("s"), rco_bytes("b", 1),
                              rco_build("(i[])", 1), rco_none(), rco_true(), (rco_object *)cls, weak };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        rco_object *c = rco_copy(objects[i]), *dc = rco_deepcopy(objects[i]);
        assert_ptr_equal(c, objects[i]);
        if (i != 4) /* a tuple holding a list is deep-copied */
            assert_ptr_equal(dc, objects[i]);
        rco_decref(c);
        rco_decref(dc);
    }
    for (size_t i = 0; i < 5; i++)
        rco_decref(objects[i]);
    rco_decref(weak);
    rco_decref(l);
    rco_decref((rco_object *)cls);
}

static void a_copied_instance_shares_its_attributes(void **state)
{
    rco_type *cls = rco_class_new("Point", NULL, NULL);
    rco_object *p = rco_instance_new(cls), *xs = rco_list_new(0);
    rco_setattr(p, "xs", xs);
    rco_setattr(p, "n", rco_int(1));
    rco_object *c = rco_copy(p);
    assert_ptr_not_equal(c, p);
    assert_ptr_equal(rco_typeof(c), cls);
    rco_object *got = rco_getattr(c, "xs");
    assert_ptr_equal(got, xs);
    rco_decref(got);
    rco_setattr(c, "n", rco_int(2)); /* its own attribute dict */
    got = rco_getattr(p, "n");
    assert_int_equal(rco_int_value(got), 1);
    rco_decref(got);
    rco_object *bare = rco_instance_new(cls), *bare_copy = rco_copy(bare);
    assert_int_equal(rco_hasattr(bare_copy, "n"), 0);
    rco_decref(bare_copy); rco_decref(bare); rco_decref(c); rco_decref(xs); rco_decref(p);
    rco_decref((rco_object *)cls);
}

static rco_type opaque_type = { .name = "Opaque", .size = sizeof(rco_object) };

static void what_cannot_be_copied_is_a_type_error(void **state)
{
    rco_object *o = rco_new(&opaque_type), *it = rco_iter(rco_tuple_new(0)), *l = rco_build("[O]", o);
    assert_null(rco_copy(o));
    assert_string_equal(rco_err_message(), "rco_copy: cannot copy 'Opaque' object");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_copy(it));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_deepcopy(l));
    assert_string_equal(rco_err_message(), "rco_deepcopy: cannot copy 'Opaque' object");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_copy(NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_deepcopy(NULL));
    assert_error(RCO_ERR_TYPE);
    rco_object *holes = rco_list_new(1);
    assert_null(rco_deepcopy(holes));
    assert_error(RCO_ERR_VALUE);
    rco_decref(holes); rco_decref(l); rco_decref(it); rco_decref(o);
}

/* ---- copy.deepcopy: structure ------------------------------------------ */

static void a_deep_copy_copies_every_container_once(void **state)
{
    rco_object *shared = rco_build("[i]", 1), *top = rco_build("[OO{s:O}]", shared, shared, "k", shared);
    rco_object *c = rco_deepcopy(top);
    assert_int_equal(rco_equal(c, top), 1);
    rco_object *c0 = rco_list_get(c, 0);
    assert_ptr_not_equal(c0, shared);
    assert_ptr_equal(rco_list_get(c, 1), c0);
    assert_ptr_equal(rco_dict_get_str(rco_list_get(c, 2), "k"), c0);
    rco_list_append(c0, rco_none());
    assert_repr(top, "[[1], [1], {'k': [1]}]");
    assert_repr(c, "[[1, None], [1, None], {'k': [1, None]}]");
    rco_decref(c); rco_decref(top); rco_decref(shared);
}

static void cycles_close_on_the_copy(void **state)
{
    rco_object *l = rco_list_new(0), *d = rco_dict_new();
    rco_list_append(l, l);
    rco_list_append(l, d);
    rco_dict_set_str(d, "list", l);
    rco_dict_set_str(d, "self", d);
    rco_object *c = rco_deepcopy(l);
    assert_ptr_not_equal(c, l);
    assert_ptr_equal(rco_list_get(c, 0), c);
    rco_object *cd = rco_list_get(c, 1);
    assert_ptr_not_equal(cd, d);
    assert_ptr_equal(rco_dict_get_str(cd, "list"), c);
    assert_ptr_equal(rco_dict_get_str(cd, "self"), cd);
    assert_repr(c, "[[...], {'list': [...], 'self': {...}}]");
    rco_decref(c);
    rco_decref(l);
    rco_decref(d);
    assert_true(rco_gc_collect(-1) >= 4);
}

static void instances_are_copied_with_their_attributes(void **state)
{
    rco_type *cls = rco_class_new("Node", NULL, NULL);
    rco_object *a = rco_instance_new(cls), *b = rco_instance_new(cls), *tags = rco_build("[s]", "t");
    rco_setattr(a, "next", b);
    rco_setattr(b, "next", a);
    rco_setattr(a, "tags", tags);
    rco_setattr(b, "tags", tags);
    rco_object *ca = rco_deepcopy(a), *cb = rco_getattr(ca, "next"), *back = rco_getattr(cb, "next");
    rco_object *ta = rco_getattr(ca, "tags"), *tb = rco_getattr(cb, "tags");
    assert_ptr_not_equal(ca, a);
    assert_ptr_not_equal(cb, b);
    assert_ptr_equal(back, ca);
    assert_ptr_equal(rco_typeof(ca), cls);
    assert_ptr_not_equal(ta, tags);
    assert_ptr_equal(ta, tb);
    assert_repr(ta, "['t']");
    rco_decref(ta); rco_decref(tb); rco_decref(back); rco_decref(cb); rco_decref(ca);
    rco_decref(tags); rco_decref(a); rco_decref(b);
    rco_decref((rco_object *)cls);
}

static void a_tuple_is_copied_only_if_something_in_it_is(void **state)
{
    rco_object *atoms = rco_build("(is(d))", 1, "a", 2.5), *l = rco_build("[O]", atoms);
    rco_object *c = rco_deepcopy(l);
    assert_ptr_equal(rco_list_get(c, 0), atoms);
    rco_decref(c);
    rco_object *holding = rco_build("(i[i])", 1, 2), *cc = rco_deepcopy(holding);
    assert_ptr_not_equal(cc, holding);
    assert_ptr_equal(rco_tuple_get(cc, 0), rco_tuple_get(holding, 0));
    assert_ptr_not_equal(rco_tuple_get(cc, 1), rco_tuple_get(holding, 1));
    assert_repr(cc, "(1, [2])");
    /* a copied tuple is shared like the rest */
    rco_object *twice = rco_build("[OO]", holding, holding), *ct = rco_deepcopy(twice);
    assert_ptr_equal(rco_list_get(ct, 0), rco_list_get(ct, 1));
    assert_ptr_not_equal(rco_list_get(ct, 0), holding);
    rco_decref(ct); rco_decref(twice); rco_decref(cc); rco_decref(holding); rco_decref(l); rco_decref(atoms);
}

/* Python: t = ([],); t[0].append(t); c = copy.deepcopy(t); c[0][0] is c. */
static void a_cycle_through_a_tuple_and_a_list_is_kept(void **state)
{
    rco_object *inner = rco_list_new(0), *t = rco_build("(O)", inner);
    rco_list_append(inner, t);
    rco_object *c = rco_deepcopy(t);
    assert_ptr_not_equal(c, t);
    rco_object *ci = rco_tuple_get(c, 0);
    assert_ptr_not_equal(ci, inner);
    assert_ptr_equal(rco_list_get(ci, 0), c);
    rco_decref(c);
    /* and starting from the list */
    c = rco_deepcopy(inner);
    assert_ptr_equal(rco_tuple_get(rco_list_get(c, 0), 0), c);
    rco_decref(c);
    rco_decref(t);
    rco_decref(inner);
    rco_gc_collect(-1);
}

/* A tuple that is a key of a dict inside it (through an instance). */
static void a_tuple_key_reached_again_is_copied_whole(void **state)
{
    rco_type *cls = rco_class_new("Holder", NULL, NULL);
    rco_object *inst = rco_instance_new(cls), *t = rco_build("(O)", inst), *d = rco_dict_new();
    rco_dict_set(d, t, rco_int(1));
    rco_setattr(inst, "d", d);
    rco_object *c = rco_deepcopy(t), *ci = rco_tuple_get(c, 0), *cd = rco_getattr(ci, "d");
    assert_ptr_not_equal(ci, inst);
    size_t pos = 0;
    rco_object *key, *value;
    assert_int_equal(rco_dict_next(cd, &pos, &key, &value), 1);
    assert_ptr_equal(key, c);
    assert_int_equal(rco_int_value(value), 1);
    rco_decref(cd); rco_decref(c); rco_decref(d); rco_decref(t); rco_decref(inst);
    rco_decref((rco_object *)cls);
    rco_gc_collect(-1);
}

static void a_cycle_through_a_set_is_kept(void **state)
{
    rco_type *cls = rco_class_new("Member", NULL, NULL);
    rco_object *inst = rco_instance_new(cls), *s = rco_set_new();
    rco_set_add(s, inst);
    rco_setattr(inst, "home", s);
    rco_object *c = rco_deepcopy(s), *member = rco_set_pop(c), *home = rco_getattr(member, "home");
    assert_ptr_not_equal(member, inst);
    assert_ptr_equal(home, c); /* copy.py would give a second copy of the set here */
    rco_decref(home); rco_decref(member); rco_decref(c); rco_decref(s); rco_decref(inst);
    rco_decref((rco_object *)cls);
    rco_gc_collect(-1);
}

static void a_cycle_made_of_tuples_only_is_a_runtime_error(void **state)
{
    rco_object *t = rco_tuple_new(2), *u = rco_tuple_new(1);
    rco_tuple_set(t, 0, u);
    rco_tuple_set_steal(t, 1, rco_list_new(0));
    rco_tuple_set(u, 0, t);
    rco_object *l = rco_build("[O]", t);
    assert_null(rco_deepcopy(l));
    assert_string_equal(rco_err_message(), "rco_deepcopy: a cycle made only of tuples cannot be copied");
    assert_error(RCO_ERR_RUNTIME);
    assert_null(rco_deepcopy(t));
    assert_error(RCO_ERR_RUNTIME);
    rco_decref(l); rco_decref(t); rco_decref(u);
    rco_gc_collect(-1);
}

/* ---- a million deep ------------------------------------------------------- */

#define DEEP rco_test_deep()

static void structures_a_million_deep_copy_without_recursion(void **state)
{
    /* lists */
    rco_object *root = rco_list_new(0), *tip = root;
    for (size_t i = 0; i < DEEP; i++) {
        rco_list_append_steal(tip, rco_list_new(0));
        tip = rco_list_get(tip, 0);
    }
    rco_object *c = rco_deepcopy(root);
    assert_non_null(c);
    size_t depth = 0;
    for (rco_object *at = c; rco_len(at) > 0; at = rco_list_get(at, 0))
        depth++;
    assert_int_equal(depth, DEEP);
    rco_decref(c);
    rco_decref(root);
    /* tuples, with a list at the bottom so that every one is copied */
    rco_object *t = rco_build("([])");
    for (size_t i = 0; i < DEEP; i++) {
        rco_object *outer = rco_tuple_new(1);
        rco_tuple_set_steal(outer, 0, t);
        t = outer;
    }
    c = rco_deepcopy(t);
    assert_ptr_not_equal(c, t);
    rco_decref(c);
    rco_decref(t);
    /* dicts and instances, alternating */
    rco_type *cls = rco_class_new("Deep", NULL, NULL);
    rco_object *first = rco_instance_new(cls), *at = first;
    for (size_t i = 0; i < DEEP / 2; i++) {
        rco_object *d = rco_dict_new(), *next = rco_instance_new(cls);
        rco_dict_set_str(d, "next", next);
        rco_setattr(at, "d", d);
        rco_decref(d);
        rco_decref(next);
        at = next;
    }
    c = rco_deepcopy(first);
    assert_non_null(c);
    rco_decref(c);
    rco_decref(first);
    rco_decref((rco_object *)cls);
}

/* ---- allocation failure -------------------------------------------------- */

static int copy_workload(world *w)
{
    rco_type *cls;
    rco_object *a, *b, *l, *d, *s, *t, *c;
    NEW(w, cls, rco_class_new("Item", NULL, NULL));
    NEW(w, a, rco_instance_new(cls));
    NEW(w, b, rco_instance_new(cls));
    NEW(w, l, rco_build("[i s d (i[]) [[]]]", 1000, "text", 2.5, 3000));
    NEW(w, d, rco_build("{s:i, s:[i], i:s}", "x", 4000, "y", 5000, 6000, "z"));
    NEW(w, s, rco_set_new());
    DO(w, rco_set_add(s, a));
    DO(w, rco_set_add(s, rco_list_get(l, 1)));
    DO(w, rco_setattr(a, "peer", b));
    DO(w, rco_setattr(b, "peer", a));
    DO(w, rco_setattr(a, "data", l));
    DO(w, rco_setattr(b, "data", d));
    DO(w, rco_setattr(a, "f0", s));
    DO(w, rco_list_append(l, l));
    DO(w, rco_dict_set_str(d, "a", a));
    NEW(w, t, rco_build("(OOi)", l, d, 7000));
    NEW(w, c, rco_copy(l));
    NEW(w, c, rco_copy(d));
    NEW(w, c, rco_copy(s));
    NEW(w, c, rco_copy(a));
    NEW(w, c, rco_deepcopy(t));
    NEW(w, c, rco_deepcopy(a));
    NEW(w, c, rco_deepcopy(s));
    assert_int_equal(rco_len(c), 2);
    return 0;
}

static void copies_survive_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("copies", copy_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(a_shallow_copy_is_a_new_container_of_the_same_items),
        RCO_TEST(immutables_classes_and_weakrefs_are_their_own_copy),
        RCO_TEST(a_copied_instance_shares_its_attributes),
        RCO_TEST(what_cannot_be_copied_is_a_type_error),
        RCO_TEST(a_deep_copy_copies_every_container_once),
        RCO_TEST(cycles_close_on_the_copy),
        RCO_TEST(instances_are_copied_with_their_attributes),
        RCO_TEST(a_tuple_is_copied_only_if_something_in_it_is),
        RCO_TEST(a_cycle_through_a_tuple_and_a_list_is_kept),
        RCO_TEST(a_tuple_key_reached_again_is_copied_whole),
        RCO_TEST(a_cycle_through_a_set_is_kept),
        RCO_TEST(a_cycle_made_of_tuples_only_is_a_runtime_error),
        RCO_TEST(structures_a_million_deep_copy_without_recursion),
        RCO_TEST(copies_survive_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
