/*
 * test_dict.c: insertion-ordered mappings (dict.c) on the shared hash table
 * (table.c): ownership of keys and values, Python's key equality (1, 1.0
 * and True are one key), order across deletes, iteration, unhashable
 * keys, growth, and allocation failure at each allocation of a set.
 */
#include "rco_test.h"

/* {"k0": 0, "k1": 1, ...} with n items. */
static rco_object *dict_of(int n)
{
    rco_object *d = rco_dict_new();
    char key[16];
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(rco_dict_set_str(d, key, rco_int(i)), 0);
    }
    return d;
}

/* ---- allocation failure at each allocation --------------------------- */

typedef int (*dict_op)(rco_object *d, rco_object *key, rco_object *value);

/* Run op(d, key, value) with the nth allocation failing, n = 1, 2, ...
 * until it succeeds. Every failure must be a memory error that leaves d's
 * repr and the counts of key and value as they were. */
static int fail_each_allocation(dict_op op, rco_object *d, rco_object *key, rco_object *value)
{
    rco_object *before = rco_repr(d);
    intptr_t key_count = rco_refcount(key), value_count = rco_refcount(value);
    int failures = 0;
    for (long n = 1;; n++) {
        rco_debug_fail_alloc(n);
        int rc = op(d, key, value);
        rco_debug_fail_alloc(0);
        if (rc == 0)
            break;
        assert_int_equal(rc, -1);
        assert_error(RCO_ERR_MEMORY);
        assert_repr(d, rco_str_utf8(before));
        assert_int_equal(rco_refcount(key), key_count);
        assert_int_equal(rco_refcount(value), value_count);
        failures++;
        assert_true(n < 100);
    }
    rco_decref(before);
    return failures;
}

static int set_op(rco_object *d, rco_object *key, rco_object *value)
{
    return rco_dict_set(d, key, value);
}

static int set_steal_op(rco_object *d, rco_object *key, rco_object *value)
{
    return rco_dict_set_steal(d, rco_incref(key), rco_incref(value));
}

static int set_str_op(rco_object *d, rco_object *key, rco_object *value)
{
    return rco_dict_set_str(d, rco_str_utf8(key), value);
}

/* ---- creation -------------------------------------------------------- */

static void new_dict_is_empty(void **state)
{
    rco_object *d = rco_dict_new();
    assert_non_null(d);
    assert_int_equal(rco_refcount(d), 1);
    assert_int_equal(rco_len(d), 0);
    assert_repr(d, "{}");
    assert_string_equal(rco_type_name(d), "dict");
    rco_decref(d);
}

static void new_fails_cleanly_when_allocation_fails(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_dict_new());
    assert_error(RCO_ERR_MEMORY);
}

/* ---- set and get ----------------------------------------------------- */

static void set_takes_its_own_references(void **state)
{
    rco_object *d = rco_dict_new(), *k = rco_str("key"), *v = rco_float(1.0);
    assert_int_equal(rco_dict_set(d, k, v), 0);
    assert_int_equal(rco_refcount(k), 2);
    assert_int_equal(rco_refcount(v), 2);
    rco_decref(d);
    assert_int_equal(rco_refcount(k), 1);
    assert_int_equal(rco_refcount(v), 1);
    rco_decref(k);
    rco_decref(v);
}

static void set_steal_takes_both_references(void **state)
{
    rco_object *d = rco_dict_new(), *k = rco_str("key"), *v = rco_float(1.0);
    rco_incref(k);
    rco_incref(v);
    assert_int_equal(rco_dict_set_steal(d, k, v), 0);
    assert_int_equal(rco_refcount(k), 2);
    assert_int_equal(rco_refcount(v), 2);
    rco_decref(d);
    assert_int_equal(rco_refcount(k), 1);
    assert_int_equal(rco_refcount(v), 1);
    rco_decref(k);
    rco_decref(v);
}

static void set_steal_nests_constructors(void **state)
{
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set_steal(d, rco_str("a"), rco_int(1000)), 0);
    assert_int_equal(rco_dict_set_steal(d, rco_int(2), rco_str("b")), 0);
    assert_repr(d, "{'a': 1000, 2: 'b'}");
    rco_decref(d);
}

static void set_steal_with_a_null_key_releases_the_value(void **state)
{
    rco_object *d = rco_dict_new(), *v = rco_float(1.0);
    rco_incref(v);
    assert_int_equal(rco_dict_set_steal(d, rco_str("\xc0\xaf"), v), -1);
    assert_error(RCO_ERR_VALUE); /* the constructor's error stands */
    assert_int_equal(rco_refcount(v), 1);
    assert_int_equal(rco_len(d), 0);
    rco_decref(v);
    rco_decref(d);
}

static void set_steal_with_a_null_value_releases_the_key(void **state)
{
    rco_object *d = rco_dict_new(), *k = rco_str("k");
    rco_incref(k);
    assert_int_equal(rco_dict_set_steal(d, k, rco_int_from_uint64(UINT64_MAX)), -1);
    assert_error(RCO_ERR_OVERFLOW);
    assert_int_equal(rco_refcount(k), 1);
    assert_int_equal(rco_len(d), 0);
    rco_decref(k);
    rco_decref(d);
}

static void set_steal_on_a_non_dict_releases_both(void **state)
{
    rco_object *l = rco_list_new(0), *k = rco_str("k"), *v = rco_float(1.0);
    rco_incref(k);
    rco_incref(v);
    assert_int_equal(rco_dict_set_steal(l, k, v), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(k), 1);
    assert_int_equal(rco_refcount(v), 1);
    rco_decref(k);
    rco_decref(v);
    rco_decref(l);
}

static void set_steal_with_an_unhashable_key_releases_both(void **state)
{
    rco_object *d = rco_dict_new(), *k = rco_list_new(0), *v = rco_float(1.0);
    rco_incref(k);
    rco_incref(v);
    assert_int_equal(rco_dict_set_steal(d, k, v), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(k), 1);
    assert_int_equal(rco_refcount(v), 1);
    assert_int_equal(rco_len(d), 0);
    rco_decref(k);
    rco_decref(v);
    rco_decref(d);
}

static void get_returns_a_borrowed_reference(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_str("k"), rco_float(2.0));
    rco_object *k = rco_str("k");
    rco_object *v = rco_dict_get(d, k);
    assert_non_null(v);
    assert_int_equal(rco_refcount(v), 1);
    assert_true(rco_float_value(v) == 2.0);
    rco_decref(k);
    rco_decref(d);
}

static void get_of_a_missing_key_is_null_without_error(void **state)
{
    rco_object *d = dict_of(3), *k = rco_str("absent");
    assert_null(rco_dict_get(d, k));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_null(rco_dict_get_str(d, "absent"));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_object *empty = rco_dict_new();
    assert_null(rco_dict_get(empty, k));
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(empty);
    rco_decref(k);
    rco_decref(d);
}

static void null_and_wrong_arguments_are_type_errors(void **state)
{
    rco_object *d = rco_dict_new(), *l = rco_list_new(0), *k = rco_str("k");
    assert_int_equal(rco_dict_set(NULL, k, k), -1);
    assert_non_null(strstr(rco_err_message(), "rco_dict_set"));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_set(l, k, k), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_set(d, NULL, k), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_set(d, k, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_dict_get(NULL, k));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_dict_get(d, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_contains(l, k), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_del(l, k), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_clear(l), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_len(d), 0);
    assert_int_equal(rco_refcount(k), 1);
    rco_decref(d);
    rco_decref(l);
    rco_decref(k);
}

/* ---- Python's key equality ------------------------------------------- */

static void one_and_one_point_zero_and_true_are_one_key(void **state)
{
    rco_object *d = rco_dict_new(), *one_f = rco_float(1.0);
    rco_dict_set_steal(d, rco_int(1), rco_str("int"));
    rco_dict_set_steal(d, rco_incref(one_f), rco_str("float"));
    rco_dict_set_steal(d, rco_true(), rco_str("bool"));
    assert_int_equal(rco_len(d), 1);
    assert_repr(d, "{1: 'bool'}"); /* the first key stays */
    assert_int_equal(rco_refcount(one_f), 1); /* not kept */
    assert_string_equal(rco_str_utf8(rco_dict_get(d, one_f)), "bool");
    rco_decref(one_f);
    rco_decref(d);
}

static void true_first_stays_the_key(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_true(), rco_int(1));
    rco_dict_set_steal(d, rco_float(1.0), rco_int(2));
    assert_repr(d, "{True: 2}");
    rco_dict_set_steal(d, rco_false(), rco_int(3));
    rco_dict_set_steal(d, rco_int(0), rco_int(4));
    rco_dict_set_steal(d, rco_float(-0.0), rco_int(5));
    assert_repr(d, "{True: 2, False: 5}");
    rco_decref(d);
}

static void replacing_a_value_releases_the_old_one(void **state)
{
    rco_object *d = rco_dict_new(), *k1 = rco_str("k"), *k2 = rco_str("k");
    rco_object *old = rco_float(1.0), *new_value = rco_float(2.0);
    rco_dict_set(d, k1, old);
    rco_dict_set(d, k2, new_value);
    assert_int_equal(rco_refcount(old), 1);
    assert_int_equal(rco_refcount(new_value), 2);
    assert_int_equal(rco_refcount(k1), 2); /* the first key object stays */
    assert_int_equal(rco_refcount(k2), 1);
    assert_int_equal(rco_len(d), 1);
    rco_decref(d);
    rco_decref(k1); rco_decref(k2); rco_decref(old); rco_decref(new_value);
}

static void equal_tuples_are_one_key(void **state)
{
    rco_object *d = rco_dict_new();
    rco_object *a = rco_tuple_new(2), *b = rco_tuple_new(2);
    rco_tuple_set_steal(a, 0, rco_int(1));
    rco_tuple_set_steal(a, 1, rco_str("a"));
    rco_tuple_set_steal(b, 0, rco_float(1.0));
    rco_tuple_set_steal(b, 1, rco_str("a"));
    rco_dict_set(d, a, rco_int(1));
    rco_dict_set(d, b, rco_int(2));
    assert_int_equal(rco_len(d), 1);
    assert_repr(d, "{(1, 'a'): 2}");
    rco_decref(a);
    rco_decref(b);
    rco_decref(d);
}

static void str_and_bytes_keys_differ(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_str("a"), rco_int(1));
    rco_dict_set_steal(d, rco_bytes("a", 1), rco_int(2));
    assert_int_equal(rco_len(d), 2);
    rco_decref(d);
}

static void unhashable_keys_are_type_errors(void **state)
{
    rco_object *d = dict_of(2);
    rco_object *keys[] = { rco_list_new(0), rco_dict_new(), rco_set_new(), NULL };
    keys[3] = rco_tuple_pack(1, keys[0]);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(rco_dict_set(d, keys[i], rco_none()), -1);
        assert_non_null(strstr(rco_err_message(), "unhashable"));
        assert_error(RCO_ERR_TYPE);
        assert_null(rco_dict_get(d, keys[i]));
        assert_error(RCO_ERR_TYPE);
        assert_int_equal(rco_dict_contains(d, keys[i]), -1);
        assert_error(RCO_ERR_TYPE);
        assert_int_equal(rco_dict_del(d, keys[i]), -1);
        assert_error(RCO_ERR_TYPE);
        assert_int_equal(rco_refcount(keys[i]), i == 0 ? 2 : 1);
    }
    assert_repr(d, "{'k0': 0, 'k1': 1}");
    rco_decref(keys[3]);
    for (size_t i = 0; i < 3; i++)
        rco_decref(keys[i]);
    rco_decref(d);
}

/* ---- str keys -------------------------------------------------------- */

static void set_str_and_get_agree_with_str_objects(void **state)
{
    rco_object *d = rco_dict_new(), *v = rco_float(1.0);
    assert_int_equal(rco_dict_set_str(d, "caf\xc3\xa9", v), 0);
    assert_int_equal(rco_refcount(v), 2);
    rco_object *k = rco_str("caf\xc3\xa9");
    assert_ptr_equal(rco_dict_get(d, k), v);
    rco_dict_set_steal(d, rco_str("other"), rco_int(5));
    assert_int_equal(rco_int_value(rco_dict_get_str(d, "other")), 5);
    assert_ptr_equal(rco_dict_get_str(d, "caf\xc3\xa9"), v);
    assert_repr(d, "{'caf\xc3\xa9': 1.0, 'other': 5}");
    rco_decref(k);
    rco_decref(v);
    rco_decref(d);
}

static void set_str_replaces_a_value_under_an_equal_key(void **state)
{
    rco_object *d = rco_dict_new(), *old = rco_float(1.0);
    rco_dict_set_steal(d, rco_str("k"), rco_incref(old));
    assert_int_equal(rco_dict_set_str(d, "k", rco_none()), 0);
    assert_int_equal(rco_refcount(old), 1);
    assert_repr(d, "{'k': None}");
    rco_decref(old);
    rco_decref(d);
}

static void set_str_with_invalid_utf8_is_a_value_error(void **state)
{
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set_str(d, "\xed\xa0\x80", rco_none()), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_len(d), 0);
    rco_decref(d);
}

static void str_functions_refuse_a_null_key(void **state)
{
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set_str(d, NULL, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_dict_get_str(d, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_del_str(d, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_set_str(d, "k", NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_set_str(NULL, "k", rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_dict_get_str(NULL, "k"));
    assert_error(RCO_ERR_TYPE);
    rco_decref(d);
}

static void del_str_removes_and_misses_with_key_error(void **state)
{
    rco_object *d = dict_of(3);
    assert_int_equal(rco_dict_del_str(d, "k1"), 0);
    assert_repr(d, "{'k0': 0, 'k2': 2}");
    assert_int_equal(rco_dict_del_str(d, "k1"), -1);
    assert_non_null(strstr(rco_err_message(), "k1"));
    assert_error(RCO_ERR_KEY);
    rco_decref(d);
}

static void str_key_is_not_found_under_bytes_or_int(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_bytes("1", 1), rco_none());
    rco_dict_set_steal(d, rco_int(1), rco_none());
    assert_null(rco_dict_get_str(d, "1"));
    assert_int_equal(rco_dict_del_str(d, "1"), -1);
    assert_error(RCO_ERR_KEY);
    assert_int_equal(rco_len(d), 2);
    rco_decref(d);
}

/* ---- contains, del, clear -------------------------------------------- */

static void contains_answers_one_or_zero(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_int(1000), rco_none());
    rco_object *yes = rco_float(1000.0), *no = rco_int(1001);
    assert_int_equal(rco_dict_contains(d, yes), 1);
    assert_int_equal(rco_dict_contains(d, no), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(yes);
    rco_decref(no);
    rco_decref(d);
}

static void del_removes_and_releases_key_and_value(void **state)
{
    rco_object *d = rco_dict_new(), *k = rco_str("k"), *v = rco_float(1.0);
    rco_dict_set(d, k, v);
    rco_object *probe = rco_str("k");
    assert_int_equal(rco_dict_del(d, probe), 0);
    assert_int_equal(rco_refcount(k), 1);
    assert_int_equal(rco_refcount(v), 1);
    assert_int_equal(rco_len(d), 0);
    assert_int_equal(rco_dict_del(d, probe), -1);
    assert_error(RCO_ERR_KEY);
    rco_decref(probe);
    rco_decref(k);
    rco_decref(v);
    rco_decref(d);
}

static void clear_releases_everything_and_dict_stays_usable(void **state)
{
    rco_object *d = rco_dict_new(), *v = rco_float(1.0);
    for (int i = 0; i < 20; i++)
        rco_dict_set_steal(d, rco_int(i), rco_incref(v));
    assert_int_equal(rco_refcount(v), 21);
    assert_int_equal(rco_dict_clear(d), 0);
    assert_int_equal(rco_refcount(v), 1);
    assert_int_equal(rco_len(d), 0);
    assert_repr(d, "{}");
    rco_dict_set_steal(d, rco_int(1), rco_incref(v));
    assert_repr(d, "{1: 1.0}");
    rco_decref(v);
    rco_decref(d);
}

/* ---- order and iteration --------------------------------------------- */

static void insertion_order_is_kept_across_deletes_and_reinserts(void **state)
{
    rco_object *d = dict_of(4);
    rco_dict_del_str(d, "k1");
    rco_dict_set_str(d, "k1", rco_int(10));
    rco_dict_set_str(d, "k0", rco_int(20)); /* replacing keeps the place */
    assert_repr(d, "{'k0': 20, 'k2': 2, 'k3': 3, 'k1': 10}");
    rco_decref(d);
}

static void order_survives_growth_after_many_deletes(void **state)
{
    rco_object *d = rco_dict_new();
    for (int i = 0; i < 1000; i++) {
        rco_dict_set_steal(d, rco_int(i), rco_int(i));
        if (i % 3 != 0) {
            rco_object *k = rco_int(i);
            assert_int_equal(rco_dict_del(d, k), 0);
            rco_decref(k);
        }
    }
    assert_int_equal(rco_len(d), 334);
    size_t pos = 0;
    rco_object *k, *v;
    int64_t expected = 0;
    while (rco_dict_next(d, &pos, &k, &v)) {
        assert_int_equal(rco_int_value(k), expected);
        assert_int_equal(rco_int_value(v), expected);
        expected += 3;
    }
    assert_int_equal(expected, 1002);
    rco_decref(d);
}

static void next_iterates_in_insertion_order_with_borrowed_items(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_str("b"), rco_float(2.0));
    rco_dict_set_steal(d, rco_str("a"), rco_float(1.0));
    rco_dict_set_steal(d, rco_str("c"), rco_float(3.0));
    rco_dict_del_str(d, "a");
    const char *keys[] = { "b", "c" };
    size_t pos = 0;
    rco_object *k, *v;
    int seen = 0;
    while (rco_dict_next(d, &pos, &k, &v) == 1) {
        assert_string_equal(rco_str_utf8(k), keys[seen]);
        assert_int_equal(rco_refcount(k), 1);
        assert_int_equal(rco_refcount(v), 1);
        seen++;
    }
    assert_int_equal(seen, 2);
    assert_int_equal(rco_dict_next(d, &pos, &k, &v), 0); /* stays finished */
    rco_decref(d);
}

static void next_accepts_null_key_or_value_pointers(void **state)
{
    rco_object *d = dict_of(2);
    size_t pos = 0;
    rco_object *k = NULL, *v = NULL;
    assert_int_equal(rco_dict_next(d, &pos, &k, NULL), 1);
    assert_string_equal(rco_str_utf8(k), "k0");
    assert_int_equal(rco_dict_next(d, &pos, NULL, &v), 1);
    assert_int_equal(rco_int_value(v), 1);
    assert_int_equal(rco_dict_next(d, &pos, NULL, NULL), 0);
    rco_decref(d);
}

static void next_over_an_empty_dict_is_zero(void **state)
{
    rco_object *d = rco_dict_new();
    size_t pos = 0;
    assert_int_equal(rco_dict_next(d, &pos, NULL, NULL), 0);
    rco_dict_set_str(d, "k", rco_none());
    rco_dict_del_str(d, "k");
    pos = 0;
    assert_int_equal(rco_dict_next(d, &pos, NULL, NULL), 0);
    rco_decref(d);
}

static void next_with_bad_arguments_is_a_type_error(void **state)
{
    rco_object *d = dict_of(1), *l = rco_list_new(0);
    size_t pos = 0;
    assert_int_equal(rco_dict_next(d, NULL, NULL, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_next(l, &pos, NULL, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_dict_next(NULL, &pos, NULL, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(d);
    rco_decref(l);
}

/* ---- growth ---------------------------------------------------------- */

static void many_keys_are_all_found(void **state)
{
    rco_object *d = rco_dict_new();
    for (int i = 0; i < 20000; i++)
        assert_int_equal(rco_dict_set_steal(d, rco_int(i * 2654435761LL), rco_int(i)), 0);
    assert_int_equal(rco_len(d), 20000);
    for (int i = 0; i < 20000; i++) {
        rco_object *k = rco_int(i * 2654435761LL);
        assert_int_equal(rco_int_value(rco_dict_get(d, k)), i);
        rco_decref(k);
    }
    rco_decref(d);
}

static void churn_of_inserts_and_deletes_keeps_every_live_key(void **state)
{
    rco_object *d = rco_dict_new();
    char key[16];
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 100; i++) {
            snprintf(key, sizeof key, "r%d-%d", round, i);
            rco_dict_set_str(d, key, rco_int(i));
        }
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 0)
                continue;
            snprintf(key, sizeof key, "r%d-%d", round, i);
            assert_int_equal(rco_dict_del_str(d, key), 0);
        }
    }
    assert_int_equal(rco_len(d), 500);
    for (int round = 0; round < 50; round++)
        for (int i = 0; i < 100; i += 10) {
            snprintf(key, sizeof key, "r%d-%d", round, i);
            assert_int_equal(rco_int_value(rco_dict_get_str(d, key)), i);
        }
    rco_decref(d);
}

/* ---- allocation failure ---------------------------------------------- */

static void first_set_fails_cleanly_at_each_allocation(void **state)
{
    rco_object *d = rco_dict_new(), *k = rco_str("key"), *v = rco_float(1.0);
    assert_true(fail_each_allocation(set_op, d, k, v) >= 1);
    assert_repr(d, "{'key': 1.0}");
    rco_decref(k); rco_decref(v); rco_decref(d);
}

/* Fill until the next new key rebuilds the table, then fail each
 * allocation of that set. */
static void set_that_grows_the_table_fails_cleanly(dict_op op)
{
    rco_object *d = rco_dict_new();
    rco_dict_set(d, rco_int(0), rco_none()); /* the first table */
    int n = 1;
    for (;;) {
        rco_debug_fail_alloc(1);
        int rc = rco_dict_set(d, rco_int(n), rco_none()); /* small ints: no allocation */
        rco_debug_fail_alloc(0);
        if (rc < 0) {
            rco_err_clear();
            break;
        }
        n++;
    }
    assert_true(n >= 2);
    rco_object *k = rco_str("new"), *v = rco_float(2.0);
    assert_true(fail_each_allocation(op, d, k, v) >= 1);
    assert_int_equal(rco_len(d), n + 1);
    assert_true(rco_float_value(rco_dict_get(d, k)) == 2.0);
    rco_decref(k); rco_decref(v); rco_decref(d);
}

static void set_growing_the_table_fails_cleanly(void **state)
{
    set_that_grows_the_table_fails_cleanly(set_op);
}

static void set_steal_growing_the_table_fails_cleanly(void **state)
{
    set_that_grows_the_table_fails_cleanly(set_steal_op);
}

static void set_str_growing_the_table_fails_cleanly(void **state)
{
    set_that_grows_the_table_fails_cleanly(set_str_op);
}

static void set_str_of_a_new_key_fails_cleanly_at_each_allocation(void **state)
{
    rco_object *d = dict_of(1), *k = rco_str("fresh"), *v = rco_float(1.0);
    assert_true(fail_each_allocation(set_str_op, d, k, v) >= 1);
    assert_repr(d, "{'k0': 0, 'fresh': 1.0}");
    rco_decref(k); rco_decref(v); rco_decref(d);
}

static void replacing_a_value_allocates_nothing(void **state)
{
    rco_object *d = dict_of(3), *k = rco_str("k1");
    rco_debug_fail_alloc_persistent(1);
    assert_int_equal(rco_dict_set(d, k, rco_none()), 0);
    assert_int_equal(rco_dict_set_str(d, "k2", rco_none()), 0);
    rco_debug_fail_alloc_persistent(0);
    assert_repr(d, "{'k0': 0, 'k1': None, 'k2': None}");
    rco_decref(k);
    rco_decref(d);
}

static void persistent_failure_leaves_the_dict_as_it_was(void **state)
{
    rco_object *d = dict_of(5);
    rco_debug_fail_alloc_persistent(1);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(rco_dict_set_str(d, "new", rco_none()), -1);
        assert_error(RCO_ERR_MEMORY);
    }
    rco_debug_fail_alloc_persistent(0);
    assert_repr(d, "{'k0': 0, 'k1': 1, 'k2': 2, 'k3': 3, 'k4': 4}");
    rco_decref(d);
}

/* ---- equality, hashing, the collector --------------------------------- */

static void dicts_compare_by_content_regardless_of_order(void **state)
{
    rco_object *a = rco_dict_new(), *b = rco_dict_new();
    rco_dict_set_steal(a, rco_int(1), rco_str("x"));
    rco_dict_set_steal(a, rco_int(2), rco_float(2.0));
    rco_dict_set_steal(b, rco_int(2), rco_int(2));
    rco_dict_set_steal(b, rco_float(1.0), rco_str("x"));
    assert_int_equal(rco_equal(a, b), 1);
    rco_dict_set_str(b, "extra", rco_none());
    assert_int_equal(rco_equal(a, b), 0);
    rco_dict_del_str(b, "extra");
    rco_dict_set_steal(b, rco_int(2), rco_int(3));
    assert_int_equal(rco_equal(a, b), 0);
    rco_decref(a);
    rco_decref(b);
}

static void dicts_are_unhashable(void **state)
{
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_hash(d), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(d);
}

static void dict_holding_itself_is_collected(void **state)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_str(d, "self", d);
    assert_repr(d, "{'self': {...}}");
    assert_int_equal(rco_gc_is_tracked(d), 1);
    rco_decref(d);
    assert_int_equal(rco_gc_collect(-1), 1);
}

static void dict_of_atoms_is_not_tracked(void **state)
{
    rco_object *d = dict_of(3);
    rco_gc_collect(-1);
    assert_int_equal(rco_gc_is_tracked(d), 0);
    rco_object *l = rco_list_new(0);
    rco_dict_set_str(d, "list", l);
    assert_int_equal(rco_gc_is_tracked(d), 1);
    rco_decref(l);
    rco_decref(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(new_dict_is_empty),
        RCO_TEST(new_fails_cleanly_when_allocation_fails),
        RCO_TEST(set_takes_its_own_references),
        RCO_TEST(set_steal_takes_both_references),
        RCO_TEST(set_steal_nests_constructors),
        RCO_TEST(set_steal_with_a_null_key_releases_the_value),
        RCO_TEST(set_steal_with_a_null_value_releases_the_key),
        RCO_TEST(set_steal_on_a_non_dict_releases_both),
        RCO_TEST(set_steal_with_an_unhashable_key_releases_both),
        RCO_TEST(get_returns_a_borrowed_reference),
        RCO_TEST(get_of_a_missing_key_is_null_without_error),
        RCO_TEST(null_and_wrong_arguments_are_type_errors),
        RCO_TEST(one_and_one_point_zero_and_true_are_one_key),
        RCO_TEST(true_first_stays_the_key),
        RCO_TEST(replacing_a_value_releases_the_old_one),
        RCO_TEST(equal_tuples_are_one_key),
        RCO_TEST(str_and_bytes_keys_differ),
        RCO_TEST(unhashable_keys_are_type_errors),
        RCO_TEST(set_str_and_get_agree_with_str_objects),
        RCO_TEST(set_str_replaces_a_value_under_an_equal_key),
        RCO_TEST(set_str_with_invalid_utf8_is_a_value_error),
        RCO_TEST(str_functions_refuse_a_null_key),
        RCO_TEST(del_str_removes_and_misses_with_key_error),
        RCO_TEST(str_key_is_not_found_under_bytes_or_int),
        RCO_TEST(contains_answers_one_or_zero),
        RCO_TEST(del_removes_and_releases_key_and_value),
        RCO_TEST(clear_releases_everything_and_dict_stays_usable),
        RCO_TEST(insertion_order_is_kept_across_deletes_and_reinserts),
        RCO_TEST(order_survives_growth_after_many_deletes),
        RCO_TEST(next_iterates_in_insertion_order_with_borrowed_items),
        RCO_TEST(next_accepts_null_key_or_value_pointers),
        RCO_TEST(next_over_an_empty_dict_is_zero),
        RCO_TEST(next_with_bad_arguments_is_a_type_error),
        RCO_TEST(many_keys_are_all_found),
        RCO_TEST(churn_of_inserts_and_deletes_keeps_every_live_key),
        RCO_TEST(first_set_fails_cleanly_at_each_allocation),
        RCO_TEST(set_growing_the_table_fails_cleanly),
        RCO_TEST(set_steal_growing_the_table_fails_cleanly),
        RCO_TEST(set_str_growing_the_table_fails_cleanly),
        RCO_TEST(set_str_of_a_new_key_fails_cleanly_at_each_allocation),
        RCO_TEST(replacing_a_value_allocates_nothing),
        RCO_TEST(persistent_failure_leaves_the_dict_as_it_was),
        RCO_TEST(dicts_compare_by_content_regardless_of_order),
        RCO_TEST(dicts_are_unhashable),
        RCO_TEST(dict_holding_itself_is_collected),
        RCO_TEST(dict_of_atoms_is_not_tracked),
    };
    RCO_RUN_TESTS(tests);
}
