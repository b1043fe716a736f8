/*
 * test_dictops.c: keys(), values(), items(), get() with a default, pop(),
 * setdefault() and update() (ops/dictops.c) as Python 3.11 answers them,
 * with rco's one difference: a failed update() leaves the dict as it was
 * (Python keeps the pairs before the bad one); the collector's tracking of
 * dicts that come to hold containers; allocation failure at every step.
 */
#include "fault_sweep.h"

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

static void assert_repr_of(rco_object *o, const char *expected)
{
    assert_non_null(o);
    assert_repr(o, expected);
    rco_decref(o);
}

static void keys_values_and_items_are_lists_in_insertion_order(void **state)
{
    rco_object *d = rco_build("{s:i, s:[i], s:O}", "x", 1, "y", 2, "z", rco_none());
    rco_dict_del_str(d, "x");
    rco_dict_set_str(d, "x", rco_int(9));
    assert_repr_of(rco_dict_keys(d), "['y', 'z', 'x']");
    assert_repr_of(rco_dict_values(d), "[[2], None, 9]");
    assert_repr_of(rco_dict_items(d), "[('y', [2]), ('z', None), ('x', 9)]");
    rco_object *empty = rco_dict_new();
    assert_repr_of(rco_dict_keys(empty), "[]");
    assert_repr_of(rco_dict_items(empty), "[]");
    rco_decref(empty);
    /* the lists hold the dict's own objects */
    rco_object *values = rco_dict_values(d);
    assert_ptr_equal(rco_list_get(values, 0), rco_dict_get_str(d, "y"));
    rco_decref(values);
    rco_decref(d);
}

static void get_default_answers_as_dict_get(void **state)
{
    rco_object *d = rco_build("{i:s}", 1, "one"), *dflt = rco_str("dflt"), *r;
    r = rco_dict_get_default(d, rco_true(), dflt); /* True == 1 */
    assert_string_equal(rco_str_utf8(r), "one");
    rco_decref(r);
    r = rco_dict_get_default(d, rco_int(2), dflt);
    assert_ptr_equal(r, dflt);
    assert_int_equal(rco_refcount(dflt), 2);
    rco_decref(r);
    r = rco_dict_get_default(d, rco_int(2), NULL);
    assert_ptr_equal(r, rco_none());
    rco_object *l = rco_list_new(0);
    assert_null(rco_dict_get_default(d, l, dflt));
    assert_string_equal(rco_err_message(), "unhashable type: 'list'");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_dict_get_default(l, rco_int(1), dflt));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_dict_get_default(d, NULL, dflt));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(dflt);
    rco_decref(d);
}

static void pop_removes_and_hands_over_the_value(void **state)
{
    rco_object *d = rco_build("{i:[i], i:i}", 1, 10, 2, 20), *v = rco_dict_pop(d, rco_int(1));
    assert_repr(v, "[10]");
    assert_int_equal(rco_refcount(v), 1); /* the dict's reference, now ours */
    assert_repr(d, "{2: 20}");
    rco_decref(v);
    rco_object *key = rco_build("(is)", 1, "a");
    assert_null(rco_dict_pop(d, key));
    assert_string_equal(rco_err_message(), "(1, 'a')"); /* Python's KeyError shows the key */
    assert_error(RCO_ERR_KEY);
    assert_repr(d, "{2: 20}");
    rco_decref(key);
    rco_decref(d);
}

static void setdefault_stores_only_when_absent(void **state)
{
    rco_object *d = rco_build("{s:i}", "a", 1), *five = rco_int(5), *list = rco_build("[i]", 1);
    rco_object *key = rco_str("a"), *b = rco_str("b"), *r;
    r = rco_dict_setdefault(d, key, five);
    assert_int_equal(rco_int_value(r), 1);
    rco_decref(r);
    r = rco_dict_setdefault(d, b, list);
    assert_ptr_equal(r, list);
    rco_decref(r);
    assert_repr(d, "{'a': 1, 'b': [1]}");
    assert_int_equal(rco_gc_is_tracked(d), 1); /* it holds a list now */
    assert_null(rco_dict_setdefault(d, list, five));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_dict_setdefault(d, b, NULL));
    assert_error(RCO_ERR_TYPE);
    rco_decref(key); rco_decref(b); rco_decref(five); rco_decref(list); rco_decref(d);
}

static void update_takes_dicts_and_pairs_keeping_equal_keys(void **state)
{
    rco_object *d = rco_build("{i:s}", 1, "a"), *other = rco_dict_new();
    rco_dict_set_steal(other, rco_float(1.0), rco_str("b"));
    rco_dict_set_steal(other, rco_true(), rco_str("c"));
    assert_int_equal(rco_dict_update(d, other), 0);
    assert_repr(d, "{1: 'c'}"); /* the key 1 stays, its value replaced twice */
    rco_decref(d);
    d = rco_dict_new();
    rco_object *pairs = rco_build("[(ii)[ii]]", 1, 2, 3, 4);
    assert_int_equal(rco_dict_update(d, pairs), 0);
    assert_repr(d, "{1: 2, 3: 4}");
    assert_int_equal(rco_dict_update(d, d), 0);
    assert_repr(d, "{1: 2, 3: 4}");
    rco_object *it = rco_iter(pairs);
    rco_object *more = rco_build("[(is)]", 5, "five");
    assert_int_equal(rco_dict_update(d, more), 0);
    assert_int_equal(rco_dict_update(d, it), 0);
    assert_repr(d, "{1: 2, 3: 4, 5: 'five'}");
    rco_decref(it); rco_decref(more); rco_decref(pairs); rco_decref(other); rco_decref(d);
    /* Python: dict(['ab', b'cd', iter([3, 4])]) == {'a': 'b', 99: 100, 3: 4} */
    d = rco_dict_new();
    rco_object *two = rco_build("[i i]", 3, 4), *odd = rco_build("[s y# N]", "ab", "cd", (ssize_t)2, rco_iter(two));
    assert_int_equal(rco_dict_update(d, odd), 0);
    assert_repr(d, "{'a': 'b', 99: 100, 3: 4}");
    rco_decref(odd); rco_decref(two); rco_decref(d);
}

static void a_failed_update_changes_nothing(void **state)
{
    rco_object *d = rco_build("{i:i}", 0, 0), *bad;
    struct { rco_object *other; rco_errkind kind; const char *message; } cases[] = {
        { rco_build("[(ii)(i)]", 1, 2, 3), RCO_ERR_VALUE,
          "dictionary update sequence element #1 has length 1; 2 is required" },
        { rco_build("[(ii)i]", 1, 2, 5), RCO_ERR_TYPE,
          "cannot convert dictionary update sequence element #1 to a sequence" },
        { rco_build("[(ii)([]i)]", 1, 2, 1), RCO_ERR_TYPE, "unhashable type: 'list'" },
        { rco_int(5), RCO_ERR_TYPE, "'int' object is not iterable" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(rco_dict_update(d, bad = cases[i].other), -1);
        assert_string_equal(rco_err_message(), cases[i].message);
        assert_error(cases[i].kind);
        assert_repr(d, "{0: 0}"); /* Python would have stored 1: 2 */
        rco_decref(bad);
    }
    assert_int_equal(rco_dict_update(d, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_update(NULL, d), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(d);
}

static void a_dict_updated_with_containers_is_tracked_and_collected(void **state)
{
    rco_object *d = rco_build("{i:i}", 1, 2);
    assert_int_equal(rco_gc_is_tracked(d), 0);
    rco_object *pairs = rco_list_new(0), *pair = rco_tuple_new(2);
    rco_tuple_set_steal(pair, 0, rco_str("me"));
    rco_tuple_set(pair, 1, d);
    rco_list_append_steal(pairs, pair);
    assert_int_equal(rco_dict_update(d, pairs), 0); /* d['me'] = d */
    assert_int_equal(rco_gc_is_tracked(d), 1);
    rco_decref(pairs);
    /* Dicts refuse weakrefs: a set in the cycle tells when it goes. */
    rco_object *witness = rco_set_new(), *weak = rco_weakref_new(witness, NULL, NULL);
    assert_int_equal(rco_dict_set_str(d, "witness", witness), 0);
    rco_decref(witness);
    rco_decref(d);
    assert_true(rco_gc_collect(-1) >= 1);
    assert_null(rco_weakref_get(weak));
    rco_decref(weak);
}

/* ---- allocation failure -------------------------------------------------- */

static int dict_workload(world *w)
{
    rco_object *d, *other, *pairs, *r, *key, *dflt;
    NEW(w, d, rco_dict_new());
    for (int i = 0; i < 10; i++)
        DO(w, rco_dict_set_steal(d, rco_str_printf("key%d", i), rco_int(5000 + i)));
    NEW(w, other, rco_dict_new());
    for (int i = 5; i < 25; i++)
        DO(w, rco_dict_set_steal(other, rco_str_printf("key%d", i), rco_float(i)));
    NEW(w, pairs, rco_build("[(si)(s[])(iN)]", "key3", 3, "list", 123456, rco_set_new()));
    NEW(w, r, rco_dict_keys(d));
    NEW(w, r, rco_dict_values(d));
    NEW(w, r, rco_dict_items(d));
    DO(w, rco_dict_update(d, other));
    DO(w, rco_dict_update(d, pairs));
    NEW(w, key, rco_str("key7"));
    NEW(w, dflt, rco_build("[i]", 1));
    NEW(w, r, rco_dict_pop(d, key));
    NEW(w, r, rco_dict_setdefault(d, key, dflt));
    NEW(w, r, rco_dict_get_default(d, key, rco_none()));
    NEW(w, r, rco_dict_items(d));
    assert_int_equal(rco_len(d), 27);
    return 0;
}

static void dict_operations_survive_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("dict operations", dict_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(keys_values_and_items_are_lists_in_insertion_order),
        RCO_TEST(get_default_answers_as_dict_get),
        RCO_TEST(pop_removes_and_hands_over_the_value),
        RCO_TEST(setdefault_stores_only_when_absent),
        RCO_TEST(update_takes_dicts_and_pairs_keeping_equal_keys),
        RCO_TEST(a_failed_update_changes_nothing),
        RCO_TEST(a_dict_updated_with_containers_is_tracked_and_collected),
        RCO_TEST(dict_operations_survive_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
