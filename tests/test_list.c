/*
 * test_list.c: growable sequences (list.c): the ownership of each
 * operation, index checks, allocation failure at every allocation of an
 * operation (the list keeps its contents exactly), and mutations that
 * finish before releasing what they replaced.
 */
#include "rco_test.h"

/* A list of the given ints (small ints: no allocation for the items). */
static rco_object *list_of(size_t n, const int *values)
{
    rco_object *l = rco_list_new(0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rco_list_append_steal(l, rco_int(values[i])), 0);
    return l;
}

/* ---- a type whose dealloc records what the watched list looks like ---- */

static rco_object *watched_list;
static ssize_t len_seen_in_dealloc;
static rco_object *first_seen_in_dealloc;

static void spy_dealloc(rco_object *self)
{
    len_seen_in_dealloc = rco_len(watched_list);
    first_seen_in_dealloc = len_seen_in_dealloc > 0 ? rco_list_get(watched_list, 0) : NULL;
}

static rco_type spy_type = {
    .name = "Spy",
    .size = sizeof(rco_object),
    .dealloc = spy_dealloc,
};

/* ---- allocation failure at each allocation --------------------------- */

typedef int (*list_op)(rco_object *l, rco_object *item);

/* Run op(l, item) with the nth allocation failing, n = 1, 2, ... until it
 * succeeds. Every failure must be a memory error that leaves l's repr and
 * item's count as they were. Returns the number of failures. */
static int fail_each_allocation(list_op op, rco_object *l, rco_object *item)
{
    rco_object *before = rco_repr(l);
    intptr_t count = rco_refcount(item);
    int failures = 0;
    for (long n = 1;; n++) {
        rco_debug_fail_alloc(n);
        int rc = op(l, item);
        rco_debug_fail_alloc(0);
        if (rc == 0)
            break;
        assert_int_equal(rc, -1);
        assert_error(RCO_ERR_MEMORY);
        assert_repr(l, rco_str_utf8(before));
        assert_int_equal(rco_refcount(item), count);
        failures++;
        assert_true(n < 100);
    }
    rco_decref(before);
    return failures;
}

static int append_op(rco_object *l, rco_object *item)
{
    return rco_list_append(l, item);
}

static int append_steal_op(rco_object *l, rco_object *item)
{
    /* the op is handed a reference of its own to steal */
    return rco_list_append_steal(l, rco_incref(item));
}

static int insert_front_op(rco_object *l, rco_object *item)
{
    return rco_list_insert(l, 0, item);
}

/* ---- creation -------------------------------------------------------- */

static void new_empty_list(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_non_null(l);
    assert_int_equal(rco_refcount(l), 1);
    assert_int_equal(rco_len(l), 0);
    assert_repr(l, "[]");
    assert_string_equal(rco_type_name(l), "list");
    rco_decref(l);
}

static void new_list_with_empty_slots(void **state)
{
    rco_object *l = rco_list_new(3);
    assert_int_equal(rco_len(l), 3);
    assert_null(rco_list_get(l, 1));
    assert_error(RCO_ERR_VALUE);
    rco_list_set_steal(l, 0, rco_int(1));
    rco_list_set_steal(l, 1, rco_int(2));
    rco_list_set_steal(l, 2, rco_int(3));
    assert_repr(l, "[1, 2, 3]");
    rco_decref(l);
}

static void huge_sizes_fail_without_crashing(void **state)
{
    size_t sizes[] = { SIZE_MAX, SIZE_MAX / 2, SIZE_MAX / 8, SIZE_MAX / 16 };
    for (size_t i = 0; i < 4; i++) {
        assert_null(rco_list_new(sizes[i]));
        rco_errkind kind = rco_err_occurred();
        assert_true(kind == RCO_ERR_OVERFLOW || kind == RCO_ERR_MEMORY);
        rco_err_clear();
    }
}

static void new_fails_cleanly_at_each_allocation(void **state)
{
    int failures = 0;
    for (long n = 1;; n++) {
        rco_debug_fail_alloc(n);
        rco_object *l = rco_list_new(100);
        rco_debug_fail_alloc(0);
        if (l) {
            assert_int_equal(rco_len(l), 100);
            rco_decref(l);
            break;
        }
        assert_error(RCO_ERR_MEMORY);
        failures++;
    }
    assert_true(failures >= 1);
}

/* ---- append ---------------------------------------------------------- */

static void append_takes_its_own_reference(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(1.5);
    assert_int_equal(rco_list_append(l, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    assert_ptr_equal(rco_list_get(l, 0), item);
    rco_decref(l);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
}

static void append_steal_nests_constructors(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_int_equal(rco_list_append_steal(l, rco_int(42)), 0);
    assert_int_equal(rco_list_append_steal(l, rco_str("x")), 0);
    assert_int_equal(rco_list_append_steal(l, rco_float(0.5)), 0);
    assert_repr(l, "[42, 'x', 0.5]");
    rco_decref(l);
}

static void append_steal_takes_the_callers_reference(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(1.5);
    rco_incref(item);
    assert_int_equal(rco_list_append_steal(l, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(l);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
}

static void append_steal_of_null_keeps_the_constructors_error(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_int_equal(rco_list_append_steal(l, rco_int_from_uint64(UINT64_MAX)), -1);
    assert_error(RCO_ERR_OVERFLOW);
    assert_int_equal(rco_len(l), 0);
    rco_decref(l);
}

static void append_steal_to_a_non_list_releases_the_item(void **state)
{
    rco_object *d = rco_dict_new(), *item = rco_float(1.0);
    rco_incref(item);
    assert_int_equal(rco_list_append_steal(d, item), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(item), 1);
    rco_incref(item);
    assert_int_equal(rco_list_append_steal(NULL, item), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
    rco_decref(d);
}

static void append_with_null_or_wrong_arguments_is_a_type_error(void **state)
{
    rco_object *l = rco_list_new(0), *t = rco_tuple_pack(1, rco_int(1));
    assert_int_equal(rco_list_append(NULL, rco_none()), -1);
    assert_non_null(strstr(rco_err_message(), "rco_list_append"));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_append(l, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_append(t, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_len(l), 0);
    rco_decref(l);
    rco_decref(t);
}

static void many_appends_keep_order(void **state)
{
    rco_object *l = rco_list_new(0);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(rco_list_append_steal(l, rco_int(i)), 0);
    assert_int_equal(rco_len(l), 10000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(rco_int_value(rco_list_get(l, (size_t)i)), i);
    rco_decref(l);
}

static void append_to_a_full_list_fails_cleanly_at_each_allocation(void **state)
{
    const int values[] = { 1, 2, 3, 4 };
    rco_object *l = list_of(4, values), *item = rco_float(5.0);
    assert_true(fail_each_allocation(append_op, l, item) >= 1);
    assert_repr(l, "[1, 2, 3, 4, 5.0]");
    rco_decref(l);
    rco_decref(item);
}

static void append_to_an_empty_list_fails_cleanly_at_each_allocation(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(5.0);
    assert_true(fail_each_allocation(append_op, l, item) >= 1);
    assert_repr(l, "[5.0]");
    rco_decref(l);
    rco_decref(item);
}

static void append_to_a_large_list_fails_cleanly_at_each_allocation(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(5.0);
    /* Grow the items past a pool block, then fill them: the next append
     * reallocates one large block into another. */
    for (int i = 0; i < 200; i++)
        rco_list_append(l, rco_none());
    for (int tries = 0; tries < 1000; tries++) {
        rco_debug_fail_alloc(1);
        int rc = rco_list_append(l, rco_none());
        rco_debug_fail_alloc(0);
        if (rc < 0) {
            rco_err_clear();
            break; /* full: the next append reallocates */
        }
    }
    ssize_t len = rco_len(l);
    assert_true(fail_each_allocation(append_op, l, item) >= 1);
    assert_int_equal(rco_len(l), len + 1);
    assert_ptr_equal(rco_list_get(l, (size_t)len), item);
    rco_decref(l);
    rco_decref(item);
}

static void append_steal_failing_releases_the_item(void **state)
{
    const int values[] = { 1, 2, 3, 4 };
    rco_object *l = list_of(4, values), *item = rco_float(5.0);
    assert_true(fail_each_allocation(append_steal_op, l, item) >= 1);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(l);
    rco_decref(item);
}

static void persistent_failure_fails_every_growth(void **state)
{
    const int values[] = { 1, 2, 3, 4 };
    rco_object *l = list_of(4, values);
    rco_debug_fail_alloc_persistent(1);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(rco_list_append(l, rco_none()), -1);
        assert_error(RCO_ERR_MEMORY);
    }
    rco_debug_fail_alloc_persistent(0);
    assert_repr(l, "[1, 2, 3, 4]");
    assert_int_equal(rco_list_append(l, rco_none()), 0);
    assert_repr(l, "[1, 2, 3, 4, None]");
    rco_decref(l);
}

/* ---- set and get ----------------------------------------------------- */

static void get_returns_a_borrowed_reference(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_list_append_steal(l, rco_float(1.0));
    rco_object *item = rco_list_get(l, 0);
    assert_int_equal(rco_refcount(item), 1);
    assert_int_equal(rco_refcount(rco_list_get(l, 0)), 1);
    rco_decref(l);
}

static void set_replaces_and_releases_the_old_item(void **state)
{
    rco_object *l = rco_list_new(0), *old = rco_float(1.0), *new_item = rco_float(2.0);
    rco_list_append(l, old);
    assert_int_equal(rco_list_set(l, 0, new_item), 0);
    assert_int_equal(rco_refcount(old), 1);
    assert_int_equal(rco_refcount(new_item), 2);
    assert_ptr_equal(rco_list_get(l, 0), new_item);
    rco_decref(l);
    rco_decref(old);
    rco_decref(new_item);
}

static void set_steal_takes_the_callers_reference(void **state)
{
    rco_object *l = rco_list_new(1), *item = rco_float(1.0);
    rco_incref(item);
    assert_int_equal(rco_list_set_steal(l, 0, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(l);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
}

static void setting_the_same_item_again_keeps_it_alive(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(3.0);
    rco_list_append_steal(l, item);
    assert_int_equal(rco_list_set(l, 0, item), 0);
    assert_int_equal(rco_refcount(item), 1);
    assert_repr(l, "[3.0]");
    rco_decref(l);
}

static void set_replaces_before_releasing_the_old_item(void **state)
{
    rco_object *l = rco_list_new(0);
    watched_list = l;
    rco_list_append_steal(l, rco_new(&spy_type));
    rco_list_set_steal(l, 0, rco_int(7));
    assert_int_equal(len_seen_in_dealloc, 1);
    assert_ptr_equal(first_seen_in_dealloc, rco_int(7));
    watched_list = NULL;
    rco_decref(l);
}

static void index_out_of_range_is_an_index_error(void **state)
{
    const int values[] = { 1, 2 };
    rco_object *l = list_of(2, values), *item = rco_float(1.0);
    assert_int_equal(rco_list_set(l, 2, item), -1);
    assert_non_null(strstr(rco_err_message(), "rco_list_set"));
    assert_error(RCO_ERR_INDEX);
    assert_null(rco_list_get(l, 2));
    assert_error(RCO_ERR_INDEX);
    assert_null(rco_list_get(l, SIZE_MAX));
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(rco_refcount(item), 1);
    assert_repr(l, "[1, 2]");
    rco_decref(l);
    rco_decref(item);
}

static void set_steal_out_of_range_releases_the_item(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(1.0);
    rco_incref(item);
    assert_int_equal(rco_list_set_steal(l, 0, item), -1);
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(rco_refcount(item), 1);
    assert_int_equal(rco_list_set_steal(l, 0, NULL), -1);
    rco_decref(item);
    rco_decref(l);
}

static void set_and_get_on_non_lists_are_type_errors(void **state)
{
    rco_object *t = rco_tuple_new(1);
    assert_int_equal(rco_list_set(t, 0, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_set(NULL, 0, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_list_get(t, 0));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_list_get(NULL, 0));
    assert_error(RCO_ERR_TYPE);
    rco_object *l = rco_list_new(1);
    assert_int_equal(rco_list_set(l, 0, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(t);
}

/* ---- insert ---------------------------------------------------------- */

static void insert_at_front_middle_and_end(void **state)
{
    const int values[] = { 2, 4 };
    rco_object *l = list_of(2, values);
    assert_int_equal(rco_list_insert(l, 0, rco_int(1)), 0);
    assert_int_equal(rco_list_insert(l, 2, rco_int(3)), 0);
    assert_int_equal(rco_list_insert(l, 4, rco_int(5)), 0);
    assert_repr(l, "[1, 2, 3, 4, 5]");
    rco_decref(l);
}

static void insert_takes_its_own_reference(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(1.0);
    assert_int_equal(rco_list_insert(l, 0, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(l);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
}

static void insert_past_the_end_is_an_index_error(void **state)
{
    const int values[] = { 1 };
    rco_object *l = list_of(1, values);
    assert_int_equal(rco_list_insert(l, 2, rco_none()), -1);
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(rco_list_insert(l, 0, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_insert(NULL, 0, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_repr(l, "[1]");
    rco_decref(l);
}

static void insert_into_a_full_list_fails_cleanly_at_each_allocation(void **state)
{
    const int values[] = { 1, 2, 3, 4 };
    rco_object *l = list_of(4, values), *item = rco_float(0.5);
    assert_true(fail_each_allocation(insert_front_op, l, item) >= 1);
    assert_repr(l, "[0.5, 1, 2, 3, 4]");
    rco_decref(l);
    rco_decref(item);
}

/* ---- pop, del, clear ------------------------------------------------- */

static void pop_hands_over_the_lists_reference(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(1.0);
    rco_list_append(l, item);
    rco_list_append_steal(l, rco_int(2));
    rco_object *popped = rco_list_pop(l, 0);
    assert_ptr_equal(popped, item);
    assert_int_equal(rco_refcount(item), 2); /* ours and the one popped */
    assert_repr(l, "[2]");
    rco_decref(popped);
    rco_decref(item);
    rco_decref(l);
}

static void pop_out_of_range_is_an_index_error(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_null(rco_list_pop(l, 0));
    assert_error(RCO_ERR_INDEX);
    assert_null(rco_list_pop(NULL, 0));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

static void pop_of_an_empty_slot_is_a_value_error_and_changes_nothing(void **state)
{
    rco_object *l = rco_list_new(2);
    rco_list_set_steal(l, 1, rco_int(9));
    assert_null(rco_list_pop(l, 0));
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_len(l), 2);
    assert_int_equal(rco_int_value(rco_list_get(l, 1)), 9);
    rco_decref(l);
}

static void del_removes_and_releases(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(1.0);
    rco_list_append_steal(l, rco_int(0));
    rco_list_append(l, item);
    rco_list_append_steal(l, rco_int(2));
    assert_int_equal(rco_list_del(l, 1), 0);
    assert_int_equal(rco_refcount(item), 1);
    assert_repr(l, "[0, 2]");
    rco_decref(item);
    rco_decref(l);
}

static void del_of_an_empty_slot_removes_it(void **state)
{
    rco_object *l = rco_list_new(2);
    rco_list_set_steal(l, 1, rco_int(9));
    assert_int_equal(rco_list_del(l, 0), 0);
    assert_repr(l, "[9]");
    rco_decref(l);
}

static void del_out_of_range_is_an_index_error(void **state)
{
    const int values[] = { 1 };
    rco_object *l = list_of(1, values);
    assert_int_equal(rco_list_del(l, 1), -1);
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(rco_list_del(NULL, 0), -1);
    assert_error(RCO_ERR_TYPE);
    assert_repr(l, "[1]");
    rco_decref(l);
}

static void del_removes_before_releasing(void **state)
{
    rco_object *l = rco_list_new(0);
    watched_list = l;
    rco_list_append_steal(l, rco_new(&spy_type));
    rco_list_append_steal(l, rco_int(8));
    rco_list_del(l, 0);
    assert_int_equal(len_seen_in_dealloc, 1);
    assert_ptr_equal(first_seen_in_dealloc, rco_int(8));
    watched_list = NULL;
    rco_decref(l);
}

static void clear_releases_every_item(void **state)
{
    rco_object *l = rco_list_new(0), *item = rco_float(1.0);
    for (int i = 0; i < 10; i++)
        rco_list_append(l, item);
    assert_int_equal(rco_refcount(item), 11);
    assert_int_equal(rco_list_clear(l), 0);
    assert_int_equal(rco_refcount(item), 1);
    assert_int_equal(rco_len(l), 0);
    assert_int_equal(rco_list_append(l, item), 0); /* still usable */
    assert_repr(l, "[1.0]");
    rco_decref(l);
    rco_decref(item);
}

static void clear_empties_before_releasing(void **state)
{
    rco_object *l = rco_list_new(0);
    watched_list = l;
    rco_list_append_steal(l, rco_int(1));
    rco_list_append_steal(l, rco_new(&spy_type));
    rco_list_clear(l);
    assert_int_equal(len_seen_in_dealloc, 0);
    watched_list = NULL;
    rco_decref(l);
}

static void clear_of_a_non_list_is_a_type_error(void **state)
{
    assert_int_equal(rco_list_clear(NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_list_clear(d), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(d);
}

static void operations_that_only_shrink_or_replace_allocate_nothing(void **state)
{
    const int values[] = { 1, 2, 3, 4, 5 };
    rco_object *l = list_of(5, values);
    rco_debug_fail_alloc_persistent(1);
    assert_int_equal(rco_list_set(l, 0, rco_none()), 0);
    assert_int_equal(rco_list_set_steal(l, 1, rco_true()), 0);
    assert_int_equal(rco_list_del(l, 2), 0);
    rco_object *popped = rco_list_pop(l, 2);
    assert_ptr_equal(popped, rco_int(4));
    rco_debug_fail_alloc_persistent(0);
    assert_repr(l, "[None, True, 5]");
    assert_int_equal(rco_list_clear(l), 0);
    assert_int_equal(rco_len(l), 0);
    rco_decref(l);
}

/* ---- Python semantics ------------------------------------------------ */

static void lists_compare_by_content(void **state)
{
    const int values[] = { 1, 2 };
    rco_object *a = list_of(2, values), *b = rco_list_new(0);
    rco_list_append_steal(b, rco_float(1.0));
    rco_list_append_steal(b, rco_true());
    assert_int_equal(rco_equal(a, b), 0); /* [1, 2] != [1.0, True] */
    rco_list_set_steal(b, 1, rco_float(2.0));
    assert_int_equal(rco_equal(a, b), 1);
    rco_list_append_steal(b, rco_int(3));
    assert_int_equal(rco_equal(a, b), 0);
    rco_decref(a);
    rco_decref(b);
}

static void lists_are_unhashable(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_int_equal(rco_hash(l), -1);
    assert_non_null(strstr(rco_err_message(), "list"));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

static void list_containing_itself_is_collected(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_list_append(l, l);
    assert_repr(l, "[[...]]");
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(new_empty_list),
        RCO_TEST(new_list_with_empty_slots),
        RCO_TEST(huge_sizes_fail_without_crashing),
        RCO_TEST(new_fails_cleanly_at_each_allocation),
        RCO_TEST(append_takes_its_own_reference),
        RCO_TEST(append_steal_nests_constructors),
        RCO_TEST(append_steal_takes_the_callers_reference),
        RCO_TEST(append_steal_of_null_keeps_the_constructors_error),
        RCO_TEST(append_steal_to_a_non_list_releases_the_item),
        RCO_TEST(append_with_null_or_wrong_arguments_is_a_type_error),
        RCO_TEST(many_appends_keep_order),
        RCO_TEST(append_to_a_full_list_fails_cleanly_at_each_allocation),
        RCO_TEST(append_to_an_empty_list_fails_cleanly_at_each_allocation),
        RCO_TEST(append_to_a_large_list_fails_cleanly_at_each_allocation),
        RCO_TEST(append_steal_failing_releases_the_item),
        RCO_TEST(persistent_failure_fails_every_growth),
        RCO_TEST(get_returns_a_borrowed_reference),
        RCO_TEST(set_replaces_and_releases_the_old_item),
        RCO_TEST(set_steal_takes_the_callers_reference),
        RCO_TEST(setting_the_same_item_again_keeps_it_alive),
        RCO_TEST(set_replaces_before_releasing_the_old_item),
        RCO_TEST(index_out_of_range_is_an_index_error),
        RCO_TEST(set_steal_out_of_range_releases_the_item),
        RCO_TEST(set_and_get_on_non_lists_are_type_errors),
        RCO_TEST(insert_at_front_middle_and_end),
        RCO_TEST(insert_takes_its_own_reference),
        RCO_TEST(insert_past_the_end_is_an_index_error),
        RCO_TEST(insert_into_a_full_list_fails_cleanly_at_each_allocation),
        RCO_TEST(pop_hands_over_the_lists_reference),
        RCO_TEST(pop_out_of_range_is_an_index_error),
        RCO_TEST(pop_of_an_empty_slot_is_a_value_error_and_changes_nothing),
        RCO_TEST(del_removes_and_releases),
        RCO_TEST(del_of_an_empty_slot_removes_it),
        RCO_TEST(del_out_of_range_is_an_index_error),
        RCO_TEST(del_removes_before_releasing),
        RCO_TEST(clear_releases_every_item),
        RCO_TEST(clear_empties_before_releasing),
        RCO_TEST(clear_of_a_non_list_is_a_type_error),
        RCO_TEST(operations_that_only_shrink_or_replace_allocate_nothing),
        RCO_TEST(lists_compare_by_content),
        RCO_TEST(lists_are_unhashable),
        RCO_TEST(list_containing_itself_is_collected),
    };
    RCO_RUN_TESTS(tests);
}
