/*
 * test_tuple.c: fixed-size sequences (tuple.c): empty slots filled after
 * creation, the ownership of each setter, packing, hashing by content, and
 * the collector's tracking of tuples that may or may not hold containers.
 */
#include "rco_test.h"

/* ---- creation -------------------------------------------------------- */

static void empty_tuple_is_one_immortal_object(void **state)
{
    rco_object *a = rco_tuple_new(0), *b = rco_tuple_new(0);
    assert_ptr_equal(a, b);
    assert_true(rco_refcount(a) >= RCO_IMMORTAL_REFCNT / 2);
    assert_int_equal(rco_len(a), 0);
    assert_repr(a, "()");
    assert_ptr_equal(rco_tuple_pack(0), a);
}

static void new_tuple_has_count_one_and_empty_slots(void **state)
{
    rco_object *t = rco_tuple_new(3);
    assert_non_null(t);
    assert_int_equal(rco_refcount(t), 1);
    assert_int_equal(rco_len(t), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_null(rco_tuple_get(t, i));
        assert_error(RCO_ERR_VALUE);
    }
    rco_decref(t);
}

static void huge_sizes_fail_without_crashing(void **state)
{
    size_t sizes[] = { SIZE_MAX, SIZE_MAX / 2, SIZE_MAX / 4, SIZE_MAX / 8 };
    for (size_t i = 0; i < 4; i++) {
        assert_null(rco_tuple_new(sizes[i]));
        rco_errkind kind = rco_err_occurred();
        assert_true(kind == RCO_ERR_OVERFLOW || kind == RCO_ERR_MEMORY);
        rco_err_clear();
    }
}

static void new_fails_cleanly_when_allocation_fails(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_tuple_new(2));
    assert_error(RCO_ERR_MEMORY);
}

/* ---- setting and getting -------------------------------------------- */

static void set_takes_its_own_reference(void **state)
{
    rco_object *t = rco_tuple_new(1), *item = rco_float(1.5);
    assert_int_equal(rco_tuple_set(t, 0, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    assert_ptr_equal(rco_tuple_get(t, 0), item);
    rco_decref(t);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
}

static void set_steal_takes_the_callers_reference(void **state)
{
    rco_object *t = rco_tuple_new(1), *item = rco_float(1.5);
    rco_incref(item); /* to watch it */
    assert_int_equal(rco_tuple_set_steal(t, 0, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(t);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
}

static void set_steal_nests_constructors(void **state)
{
    rco_object *t = rco_tuple_new(2);
    assert_int_equal(rco_tuple_set_steal(t, 0, rco_int(1000)), 0);
    assert_int_equal(rco_tuple_set_steal(t, 1, rco_str("a")), 0);
    assert_repr(t, "(1000, 'a')");
    rco_decref(t);
}

static void set_steal_of_null_keeps_the_constructors_error(void **state)
{
    rco_object *t = rco_tuple_new(1);
    assert_int_equal(rco_tuple_set_steal(t, 0, rco_str("\xff")), -1);
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_tuple_get(t, 0));
    rco_err_clear();
    rco_decref(t);
}

static void get_returns_a_borrowed_reference(void **state)
{
    rco_object *t = rco_tuple_new(1);
    rco_tuple_set_steal(t, 0, rco_float(2.0));
    rco_object *item = rco_tuple_get(t, 0);
    assert_int_equal(rco_refcount(item), 1);
    assert_int_equal(rco_refcount(rco_tuple_get(t, 0)), 1);
    rco_decref(t);
}

static void set_replaces_and_releases_the_old_item(void **state)
{
    rco_object *t = rco_tuple_new(1), *old = rco_float(1.0), *new_item = rco_float(2.0);
    rco_tuple_set(t, 0, old);
    rco_tuple_set(t, 0, new_item);
    assert_int_equal(rco_refcount(old), 1);
    assert_ptr_equal(rco_tuple_get(t, 0), new_item);
    rco_tuple_set_steal(t, 0, rco_incref(old));
    assert_int_equal(rco_refcount(new_item), 1);
    assert_int_equal(rco_refcount(old), 2);
    rco_decref(t);
    rco_decref(old);
    rco_decref(new_item);
}

static void setting_the_same_item_again_keeps_it_alive(void **state)
{
    rco_object *t = rco_tuple_new(1), *item = rco_float(3.0);
    rco_tuple_set_steal(t, 0, item);
    assert_int_equal(rco_tuple_set(t, 0, item), 0);
    assert_int_equal(rco_refcount(item), 1);
    assert_repr(t, "(3.0,)");
    rco_decref(t);
}

static void index_out_of_range_is_an_index_error(void **state)
{
    rco_object *t = rco_tuple_new(2), *item = rco_float(1.0);
    assert_int_equal(rco_tuple_set(t, 2, item), -1);
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(rco_tuple_set(t, SIZE_MAX, item), -1);
    assert_error(RCO_ERR_INDEX);
    assert_null(rco_tuple_get(t, 2));
    assert_non_null(strstr(rco_err_message(), "rco_tuple_get"));
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(t);
    rco_decref(item);
}

static void set_steal_out_of_range_releases_the_item(void **state)
{
    rco_object *t = rco_tuple_new(1), *item = rco_float(1.0);
    rco_incref(item);
    assert_int_equal(rco_tuple_set_steal(t, 5, item), -1);
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
    rco_decref(t);
}

static void empty_tuple_has_no_slot(void **state)
{
    rco_object *t = rco_tuple_new(0);
    assert_int_equal(rco_tuple_set(t, 0, rco_none()), -1);
    assert_error(RCO_ERR_INDEX);
    assert_null(rco_tuple_get(t, 0));
    assert_error(RCO_ERR_INDEX);
}

static void non_tuple_arguments_are_type_errors(void **state)
{
    rco_object *l = rco_list_new(1);
    assert_int_equal(rco_tuple_set(l, 0, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_tuple_set(NULL, 0, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_tuple_get(l, 0));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_tuple_get(NULL, 0));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

static void set_steal_on_a_non_tuple_releases_the_item(void **state)
{
    rco_object *l = rco_list_new(1), *item = rco_float(1.0);
    rco_incref(item);
    assert_int_equal(rco_tuple_set_steal(l, 0, item), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
    rco_decref(l);
}

static void set_of_a_null_item_is_a_type_error(void **state)
{
    rco_object *t = rco_tuple_new(1);
    assert_int_equal(rco_tuple_set(t, 0, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

/* ---- packing --------------------------------------------------------- */

static void pack_takes_its_own_references(void **state)
{
    rco_object *a = rco_float(1.0), *b = rco_str("b");
    rco_object *t = rco_tuple_pack(3, a, b, rco_none());
    assert_non_null(t);
    assert_int_equal(rco_refcount(t), 1);
    assert_int_equal(rco_refcount(a), 2);
    assert_int_equal(rco_refcount(b), 2);
    assert_repr(t, "(1.0, 'b', None)");
    rco_decref(t);
    assert_int_equal(rco_refcount(a), 1);
    rco_decref(a);
    rco_decref(b);
}

static void pack_of_one_is_a_one_tuple(void **state)
{
    rco_object *t = rco_tuple_pack(1, rco_int(1));
    assert_repr(t, "(1,)");
    rco_decref(t);
}

static void pack_with_a_null_fails_and_takes_nothing(void **state)
{
    rco_object *a = rco_float(1.0);
    assert_null(rco_tuple_pack(3, a, NULL, a));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount(a), 1);
    rco_decref(a);
}

static void pack_fails_cleanly_when_allocation_fails(void **state)
{
    rco_object *a = rco_float(1.0);
    rco_debug_fail_alloc(1);
    assert_null(rco_tuple_pack(2, a, a));
    assert_error(RCO_ERR_MEMORY);
    assert_int_equal(rco_refcount(a), 1);
    rco_decref(a);
}

/* ---- equality and hashing -------------------------------------------- */

static void equal_tuples_hash_equal(void **state)
{
    rco_object *one = rco_float(1.0);
    rco_object *a = rco_tuple_pack(2, rco_int(1), rco_none());
    rco_object *b = rco_tuple_pack(2, one, rco_none());
    assert_int_equal(rco_equal(a, b), 1);
    assert_int_equal(rco_hash(a), rco_hash(b));
    rco_decref(a);
    rco_decref(b);
    rco_decref(one);
}

static void nested_tuples_hash_by_content(void **state)
{
    rco_object *x = rco_str("x"), *y = rco_str("x");
    rco_object *ia = rco_tuple_pack(1, x), *ib = rco_tuple_pack(1, y);
    rco_object *a = rco_tuple_pack(2, ia, rco_int(5)), *b = rco_tuple_pack(2, ib, rco_int(5));
    assert_int_equal(rco_hash(a), rco_hash(b));
    assert_int_equal(rco_equal(a, b), 1);
    rco_object *d = rco_dict_new();
    rco_dict_set(d, a, rco_true());
    assert_ptr_equal(rco_dict_get(d, b), rco_true());
    rco_decref(d);
    rco_decref(a); rco_decref(b); rco_decref(ia); rco_decref(ib); rco_decref(x); rco_decref(y);
}

static void order_matters_for_equality(void **state)
{
    rco_object *a = rco_tuple_pack(2, rco_int(1), rco_int(2));
    rco_object *b = rco_tuple_pack(2, rco_int(2), rco_int(1));
    assert_int_equal(rco_equal(a, b), 0);
    rco_decref(a);
    rco_decref(b);
}

static void tuple_holding_a_list_is_unhashable(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_object *t = rco_tuple_pack(2, rco_int(1), l);
    assert_int_equal(rco_hash(t), -1);
    assert_error(RCO_ERR_TYPE);
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set(d, t, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_len(d), 0);
    rco_decref(d);
    rco_decref(t);
    rco_decref(l);
}

static void tuple_with_an_empty_slot_is_unhashable(void **state)
{
    rco_object *t = rco_tuple_new(2);
    rco_tuple_set(t, 0, rco_int(1));
    assert_int_equal(rco_hash(t), -1);
    assert_error(RCO_ERR_VALUE);
    rco_decref(t);
}

static void tuple_never_equals_a_list(void **state)
{
    rco_object *t = rco_tuple_pack(1, rco_int(1));
    rco_object *l = rco_list_new(0);
    rco_list_append(l, rco_int(1));
    assert_int_equal(rco_equal(t, l), 0);
    rco_decref(t);
    rco_decref(l);
}

/* ---- destruction and the collector ----------------------------------- */

static void dealloc_releases_every_item(void **state)
{
    rco_object *a = rco_float(1.0), *b = rco_float(2.0);
    rco_object *t = rco_tuple_new(3);
    rco_tuple_set(t, 0, a);
    rco_tuple_set(t, 2, b); /* slot 1 stays empty */
    rco_decref(t);
    assert_int_equal(rco_refcount(a), 1);
    assert_int_equal(rco_refcount(b), 1);
    rco_decref(a);
    rco_decref(b);
}

/* rco tracks a tuple only once it holds something that could lead back to
 * it (CPython tracks every tuple and untracks atomic ones in collections). */
static void tuple_of_atoms_is_never_tracked(void **state)
{
    rco_object *t = rco_tuple_pack(2, rco_int(1), rco_none());
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_gc_collect(-1);
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_decref(t);
}

static void tuple_given_a_container_is_tracked_again(void **state)
{
    rco_object *t = rco_tuple_new(2);
    rco_tuple_set(t, 0, rco_int(1));
    rco_tuple_set(t, 1, rco_int(2));
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_object *l = rco_list_new(0);
    rco_tuple_set(t, 1, l);
    assert_int_equal(rco_gc_is_tracked(t), 1);
    rco_list_append(l, t); /* t -> l -> t: only the collector can free it */
    rco_decref(l);
    rco_decref(t);
    assert_int_equal(rco_gc_collect(-1), 2);
}

/* An empty slot holds nothing: the tuple joins the collector when a
 * container is stored there. */
static void tuple_with_an_empty_slot_is_tracked_when_a_container_fills_it(void **state)
{
    rco_object *t = rco_tuple_new(2);
    rco_tuple_set(t, 0, rco_int(1));
    rco_gc_collect(-1);
    assert_int_equal(rco_gc_is_tracked(t), 0);
    rco_tuple_set_steal(t, 1, rco_dict_new());
    assert_int_equal(rco_gc_is_tracked(t), 1);
    rco_decref(t);
}

static void tuple_cycle_is_collected(void **state)
{
    rco_object *t = rco_tuple_new(1);
    rco_tuple_set(t, 0, t);
    rco_decref(t);
    assert_int_equal(rco_gc_collect(-1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(empty_tuple_is_one_immortal_object),
        RCO_TEST(new_tuple_has_count_one_and_empty_slots),
        RCO_TEST(huge_sizes_fail_without_crashing),
        RCO_TEST(new_fails_cleanly_when_allocation_fails),
        RCO_TEST(set_takes_its_own_reference),
        RCO_TEST(set_steal_takes_the_callers_reference),
        RCO_TEST(set_steal_nests_constructors),
        RCO_TEST(set_steal_of_null_keeps_the_constructors_error),
        RCO_TEST(get_returns_a_borrowed_reference),
        RCO_TEST(set_replaces_and_releases_the_old_item),
        RCO_TEST(setting_the_same_item_again_keeps_it_alive),
        RCO_TEST(index_out_of_range_is_an_index_error),
        RCO_TEST(set_steal_out_of_range_releases_the_item),
        RCO_TEST(empty_tuple_has_no_slot),
        RCO_TEST(non_tuple_arguments_are_type_errors),
        RCO_TEST(set_steal_on_a_non_tuple_releases_the_item),
        RCO_TEST(set_of_a_null_item_is_a_type_error),
        RCO_TEST(pack_takes_its_own_references),
        RCO_TEST(pack_of_one_is_a_one_tuple),
        RCO_TEST(pack_with_a_null_fails_and_takes_nothing),
        RCO_TEST(pack_fails_cleanly_when_allocation_fails),
        RCO_TEST(equal_tuples_hash_equal),
        RCO_TEST(nested_tuples_hash_by_content),
        RCO_TEST(order_matters_for_equality),
        RCO_TEST(tuple_holding_a_list_is_unhashable),
        RCO_TEST(tuple_with_an_empty_slot_is_unhashable),
        RCO_TEST(tuple_never_equals_a_list),
        RCO_TEST(dealloc_releases_every_item),
        RCO_TEST(tuple_of_atoms_is_never_tracked),
        RCO_TEST(tuple_given_a_container_is_tracked_again),
        RCO_TEST(tuple_with_an_empty_slot_is_tracked_when_a_container_fills_it),
        RCO_TEST(tuple_cycle_is_collected),
    };
    RCO_RUN_TESTS(tests);
}
