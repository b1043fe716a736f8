/*
 * test_iter.c: one iteration protocol for every container (ops/iter.c and
 * the containers' iter_step slots): what each yields, Python's
 * RuntimeErrors for a dict or set that changes size (and keeps failing),
 * a list that grows while iterated, list()/tuple()/extend() from any
 * iterable, the FOREACH macros, iterators in cycles, and allocation
 * failure at every step (the fault sweep).
 */
#include "fault_sweep.h"

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

/* Every item the iterator gives, as the repr of a list. */
static void assert_yields(rco_object *iterable, const char *expected)
{
    rco_object *it = rco_iter(iterable), *got = rco_list_new(0), *x;
    assert_non_null(it);
    while ((x = rco_iter_next(it)) != NULL)
        assert_int_equal(rco_list_append_steal(got, x), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_repr(got, expected);
    assert_null(rco_iter_next(it)); /* and the end stays the end */
    rco_decref(got);
    rco_decref(it);
}

static void every_container_iterates(void **state)
{
    rco_object *o;
    assert_yields(o = rco_build("[isO]", 1, "a", rco_none()), "[1, 'a', None]");
    rco_decref(o);
    assert_yields(o = rco_build("(ii)", 3, 4), "[3, 4]");
    rco_decref(o);
    assert_yields(o = rco_build("{i:s, i:s}", 3, "x", 1, "y"), "[3, 1]"); /* keys, in order */
    rco_decref(o);
    o = rco_set_new();
    rco_set_add(o, rco_int(5));
    rco_set_add(o, rco_int(2));
    assert_yields(o, "[5, 2]");
    rco_decref(o);
    assert_yields(o = rco_str("h\xc3\xa9llo"), "['h', '\xc3\xa9', 'l', 'l', 'o']");
    rco_decref(o);
    assert_yields(o = rco_str("\xf0\x9f\x98\x80!"), "['\xf0\x9f\x98\x80', '!']");
    rco_decref(o);
    assert_yields(o = rco_bytes("ab\xff", 3), "[97, 98, 255]");
    rco_decref(o);
    assert_yields(rco_tuple_new(0), "[]");
    assert_yields(o = rco_str(""), "[]");
    rco_decref(o);
}

static void iterators_have_pythons_type_names(void **state)
{
    const char *names[] = { "list_iterator", "tuple_iterator", "dict_keyiterator", "set_iterator",
                            "str_ascii_iterator", "str_iterator", "bytes_iterator" };
    rco_object *containers[] = { rco_list_new(0), rco_build("(i)", 1), rco_dict_new(), rco_set_new(),
                                 rco_str("abc"), rco_str("\xc3\xa9"), rco_bytes("a", 1) };
    for (size_t i = 0; i < 7; i++) {
        rco_object *it = rco_iter(containers[i]);
        assert_string_equal(rco_type_name(it), names[i]);
        char prefix[64];
        snprintf(prefix, sizeof prefix, "<%s object at 0x", names[i]);
        rco_object *r = rco_repr(it);
        assert_memory_equal(rco_str_utf8(r), prefix, strlen(prefix));
        rco_decref(r);
        rco_decref(it);
        rco_decref(containers[i]);
    }
}

static void the_iterator_of_an_iterator_is_itself(void **state)
{
    rco_object *l = rco_build("[ii]", 1, 2), *it = rco_iter(l), *again = rco_iter(it);
    assert_ptr_equal(again, it);
    assert_int_equal(rco_refcount(it), 2);
    rco_decref(again);
    rco_object *first = rco_iter_next(it);
    assert_int_equal(rco_int_value(first), 1);
    assert_yields(it, "[2]"); /* what is left */
    rco_decref(it);
    rco_decref(l);
}

static void an_iterator_holds_its_container(void **state)
{
    rco_object *l = rco_build("[i]", 7), *it = rco_iter(l);
    assert_int_equal(rco_refcount(l), 2);
    rco_decref(l);
    rco_object *x = rco_iter_next(it);
    assert_int_equal(rco_int_value(x), 7);
    rco_decref(it); /* and the list with it */
}

static void iterating_what_is_not_iterable_is_a_type_error(void **state)
{
    rco_type *cls = rco_class_new("C", NULL, NULL);
    rco_object *inst = rco_instance_new(cls), *f = rco_float(1.5);
    rco_object *bad[] = { rco_int(1), f, rco_none(), inst, (rco_object *)cls };
    const char *names[] = { "int", "float", "NoneType", "C", "type" };
    for (size_t i = 0; i < 5; i++) {
        assert_null(rco_iter(bad[i]));
        char message[64];
        snprintf(message, sizeof message, "'%s' object is not iterable", names[i]);
        assert_string_equal(rco_err_message(), message);
        assert_error(RCO_ERR_TYPE);
    }
    assert_null(rco_iter(NULL));
    assert_error(RCO_ERR_TYPE);
    rco_object *l = rco_list_new(0);
    assert_null(rco_iter_next(l));
    assert_string_equal(rco_err_message(), "'list' object is not an iterator");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_iter_next(NULL));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(f);
    rco_decref(inst);
    rco_decref((rco_object *)cls);
}

static void the_end_clears_an_old_error(void **state)
{
    rco_object *it = rco_iter(rco_tuple_new(0));
    rco_err_set(RCO_ERR_KEY, "old");
    assert_null(rco_iter_next(it));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(it);
}

/* ---- containers that change ------------------------------------------ */

static void a_dict_that_changes_size_fails_every_next_step(void **state)
{
    rco_object *d = rco_build("{i:i}", 0, 0), *it = rco_iter(d);
    assert_int_equal(rco_dict_set_steal(d, rco_int(1), rco_int(1)), 0);
    for (int i = 0; i < 2; i++) {
        assert_null(rco_iter_next(it));
        assert_string_equal(rco_err_message(), "dictionary changed size during iteration");
        assert_error(RCO_ERR_RUNTIME);
    }
    assert_int_equal(rco_dict_del(d, rco_int(1)), 0); /* back to its size: still broken */
    assert_null(rco_iter_next(it));
    assert_error(RCO_ERR_RUNTIME);
    rco_decref(it);
    rco_decref(d);
}

static void a_dict_whose_keys_were_swapped_fails_once_then_ends(void **state)
{
    /* Python: d = {0: 0, 1: 1}; it = iter(d); next(it); del d[0]; d[2] = 2;
     * then next(it) is 1, and the next RuntimeError: dictionary keys
     * changed during iteration, then StopIteration. */
    rco_object *d = rco_build("{i:i, i:i}", 0, 0, 1, 1), *it = rco_iter(d), *x;
    x = rco_iter_next(it);
    assert_int_equal(rco_int_value(x), 0);
    assert_int_equal(rco_dict_del(d, rco_int(0)), 0);
    assert_int_equal(rco_dict_set_steal(d, rco_int(2), rco_int(2)), 0);
    x = rco_iter_next(it);
    assert_int_equal(rco_int_value(x), 1);
    assert_null(rco_iter_next(it));
    assert_string_equal(rco_err_message(), "dictionary keys changed during iteration");
    assert_error(RCO_ERR_RUNTIME);
    assert_null(rco_iter_next(it));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(it);
    rco_decref(d);
}

static void a_set_that_changes_size_fails(void **state)
{
    rco_object *s = rco_set_new(), *it;
    rco_set_add(s, rco_int(1));
    it = rco_iter(s);
    rco_set_add(s, rco_int(2));
    for (int i = 0; i < 2; i++) {
        assert_null(rco_iter_next(it));
        assert_string_equal(rco_err_message(), "Set changed size during iteration");
        assert_error(RCO_ERR_RUNTIME);
    }
    rco_decref(it);
    rco_decref(s);
}

static void a_list_iterator_sees_appends_until_it_ends(void **state)
{
    rco_object *l = rco_build("[i]", 1), *it = rco_iter(l), *x;
    x = rco_iter_next(it);
    assert_int_equal(rco_int_value(x), 1);
    rco_list_append_steal(l, rco_int(2));
    x = rco_iter_next(it);
    assert_int_equal(rco_int_value(x), 2);
    assert_null(rco_iter_next(it));
    rco_list_append_steal(l, rco_int(3)); /* after the end: stays ended, as Python's */
    assert_null(rco_iter_next(it));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(it);
    rco_decref(l);
}

static void an_unfilled_slot_stops_iteration_with_an_error(void **state)
{
    rco_object *l = rco_list_new(2), *it;
    rco_list_set_steal(l, 0, rco_int(1));
    it = rco_iter(l);
    rco_object *x = rco_iter_next(it);
    assert_int_equal(rco_int_value(x), 1);
    assert_null(rco_iter_next(it));
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_list_from(l));
    assert_error(RCO_ERR_VALUE);
    rco_decref(it);
    rco_decref(l);
}

/* An iterator stored in the list it iterates is a cycle the collector frees. */
static void an_iterator_in_a_cycle_is_collected(void **state)
{
    rco_object *l = rco_list_new(0), *it = rco_iter(l);
    rco_list_append(l, it);
    rco_object *weak = rco_weakref_new(it, NULL, NULL);
    assert_int_equal(rco_gc_is_tracked(it), 1);
    rco_decref(it);
    rco_decref(l);
    assert_true(rco_gc_collect(-1) >= 2);
    assert_null(rco_weakref_get(weak));
    rco_decref(weak);
}

/* ---- list(), tuple(), extend() ------------------------------------------ */

static void list_and_tuple_take_any_iterable(void **state)
{
    rco_object *d = rco_build("{i:i, i:i}", 3, 1, 1, 2), *l, *t, *it;
    assert_repr(l = rco_list_from(d), "[3, 1]");
    rco_decref(l);
    assert_repr(t = rco_tuple_from(d), "(3, 1)");
    rco_decref(t);
    assert_repr(l = rco_list_from(t = rco_str("h\xc3\xa9")), "['h', '\xc3\xa9']");
    rco_decref(l);
    rco_decref(t);
    it = rco_iter(d);
    assert_repr(l = rco_list_from(it), "[3, 1]");
    rco_decref(l);
    assert_repr(l = rco_list_from(it), "[]"); /* consumed */
    rco_decref(l);
    rco_decref(it);
    assert_repr(t = rco_tuple_from(l = rco_bytes("ab", 2)), "(97, 98)");
    rco_decref(t);
    rco_decref(l);
    rco_decref(d);
}

static void tuple_of_a_tuple_is_itself_and_list_of_a_list_a_copy(void **state)
{
    rco_object *t = rco_build("(ii)", 1, 2), *same = rco_tuple_from(t);
    assert_ptr_equal(same, t);
    rco_decref(same);
    rco_object *l = rco_build("[ii]", 1, 2), *copy = rco_list_from(l);
    assert_ptr_not_equal(copy, l);
    assert_int_equal(rco_equal(copy, l), 1);
    rco_list_append(copy, t);
    assert_int_equal(rco_len(l), 2);
    rco_decref(copy);
    rco_decref(l);
    rco_decref(t);
}

static void a_tuple_of_containers_is_tracked(void **state)
{
    rco_object *l = rco_build("[[i]]", 1), *t = rco_tuple_from(l);
    assert_int_equal(rco_gc_is_tracked(t), 1);
    rco_decref(t);
    rco_decref(l);
    rco_object *atoms = rco_build("[ii]", 1, 2);
    t = rco_tuple_from(atoms);
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_decref(t);
    rco_decref(atoms);
}

static void extend_appends_any_iterable_and_itself_once(void **state)
{
    rco_object *l = rco_build("[ii]", 1, 2), *s = rco_str("ab");
    assert_int_equal(rco_list_extend(l, l), 0);
    assert_repr(l, "[1, 2, 1, 2]");
    assert_int_equal(rco_list_extend(l, s), 0);
    assert_repr(l, "[1, 2, 1, 2, 'a', 'b']");
    assert_int_equal(rco_list_extend(l, rco_tuple_new(0)), 0);
    assert_int_equal(rco_len(l), 6);
    assert_int_equal(rco_list_extend(l, rco_int(3)), -1);
    assert_string_equal(rco_err_message(), "'int' object is not iterable");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_extend(s, l), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_extend(l, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_len(l), 6);
    rco_decref(s);
    rco_decref(l);
}

/* ---- the FOREACH macros --------------------------------------------------- */

static void foreach_macros_visit_every_item_borrowed(void **state)
{
    rco_object *d = rco_build("{s:i, s:i}", "a", 1, "b", 2), *key, *value;
    int64_t sum = 0;
    char keys[8] = "";
    RCO_DICT_FOREACH(d, key, value) {
        strcat(keys, rco_str_utf8(key));
        sum += rco_int_value(value);
    }
    assert_string_equal(keys, "ab");
    assert_int_equal(sum, 3);
    rco_object *s = rco_set_new(), *item;
    rco_set_add(s, rco_int(10));
    rco_set_add(s, rco_int(20));
    sum = 0;
    RCO_SET_FOREACH(s, item) sum += rco_int_value(item);
    assert_int_equal(sum, 30);
    rco_object *l = rco_build("[iii]", 1, 2, 3);
    sum = 0;
    RCO_LIST_FOREACH(l, i, item) sum += (int64_t)i * rco_int_value(item);
    assert_int_equal(sum, 0 * 1 + 1 * 2 + 2 * 3);
    size_t visits = 0;
    RCO_LIST_FOREACH(d, i, item) visits++; /* not a list: no visit, the error says so */
    assert_int_equal(visits, 0);
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(s);
    rco_decref(d);
}

/* ---- allocation failure -------------------------------------------------- */

static int iteration_workload(world *w)
{
    rco_object *l, *d, *s, *t, *str, *it, *x, *copy;
    NEW(w, l, rco_list_new(0));
    for (int i = 0; i < 20; i++)
        DO(w, rco_list_append_steal(l, rco_int(1000 + i)));
    NEW(w, d, rco_dict_new());
    for (int i = 0; i < 12; i++)
        DO(w, rco_dict_set_steal(d, rco_str_printf("k%d", i), rco_float(i)));
    NEW(w, s, rco_set_new());
    for (int i = 0; i < 9; i++)
        DO(w, rco_set_add(s, rco_list_get(l, (size_t)i)));
    NEW(w, str, rco_str("h\xc3\xa9llo w\xc3\xb6rld"));
    NEW(w, t, rco_tuple_from(l));
    NEW(w, copy, rco_list_from(d));
    NEW(w, copy, rco_list_from(s));
    NEW(w, copy, rco_list_from(str));
    NEW(w, copy, rco_tuple_from(str));
    NEW(w, it, rco_iter(d));
    NEW(w, x, rco_iter_next(it));
    NEW(w, copy, rco_list_from(it));
    NEW(w, it, rco_iter(str));
    NEW(w, x, rco_iter_next(it));
    DO(w, rco_list_extend(l, it));
    DO(w, rco_list_extend(l, l));
    DO(w, rco_list_extend(l, t));
    DO(w, rco_list_extend(l, d));
    assert_int_equal(rco_len(l), 20 + 10 + 30 + 20 + 12);
    return 0;
}

static void iteration_survives_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("iteration", iteration_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(every_container_iterates),
        RCO_TEST(iterators_have_pythons_type_names),
        RCO_TEST(the_iterator_of_an_iterator_is_itself),
        RCO_TEST(an_iterator_holds_its_container),
        RCO_TEST(iterating_what_is_not_iterable_is_a_type_error),
        RCO_TEST(the_end_clears_an_old_error),
        RCO_TEST(a_dict_that_changes_size_fails_every_next_step),
        RCO_TEST(a_dict_whose_keys_were_swapped_fails_once_then_ends),
        RCO_TEST(a_set_that_changes_size_fails),
        RCO_TEST(a_list_iterator_sees_appends_until_it_ends),
        RCO_TEST(an_unfilled_slot_stops_iteration_with_an_error),
        RCO_TEST(an_iterator_in_a_cycle_is_collected),
        RCO_TEST(list_and_tuple_take_any_iterable),
        RCO_TEST(tuple_of_a_tuple_is_itself_and_list_of_a_list_a_copy),
        RCO_TEST(a_tuple_of_containers_is_tracked),
        RCO_TEST(extend_appends_any_iterable_and_itself_once),
        RCO_TEST(foreach_macros_visit_every_item_borrowed),
        RCO_TEST(iteration_survives_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
