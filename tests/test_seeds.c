/*
 * test_seeds.c: the examples of the seed articles (/work/shared/seeds/000
 * to 003), written against rco, each asserting what its article says
 * happens to the reference counts.
 *
 * Python's names map to rco's: PyList_Append -> rco_list_append (takes its
 * own reference), PyList_SetItem / PyTuple_SetItem -> rco_list_set_steal /
 * rco_tuple_set_steal (steal, as the name now says), PySequence_SetItem ->
 * rco_list_set, PyList_GetItem / PyTuple_GetItem -> rco_list_get /
 * rco_tuple_get (borrowed), Py_BuildValue -> rco_build, sys.getrefcount ->
 * rco_refcount (which counts exactly, without the argument's own
 * reference that sys.getrefcount adds).
 *
 * Whether an object was freed is observed with the Tracked type below,
 * whose dealloc counts its calls, or with the allocator's live block count.
 * Code the seeds mark as undefined (using an object after its last
 * release) is never executed: the tests stop at the point where the
 * object is shown to be gone.
 */
#include "rco_test.h"

/* ---- an object that reports its death ---------------------------------- */

static int tracked_deaths;

static void count_death(rco_object *self)
{
    tracked_deaths++;
}

static rco_type tracked_type = { .name = "Tracked", .size = sizeof(rco_object), .dealloc = count_death };

/* A new Tracked object; the death counter starts from zero for each test. */
static rco_object *new_tracked(void)
{
    rco_object *o = rco_new(&tracked_type);
    assert_non_null(o);
    return o;
}

static size_t live_blocks(void)
{
    rco_mem_stats stats;
    rco_mem_get_stats(&stats);
    return stats.blocks_in_use;
}

static int reset_deaths(void **state)
{
    tracked_deaths = 0;
    return rco_test_setup(state);
}

#define SEED_TEST(fn) cmocka_unit_test_setup_teardown(fn, reset_deaths, rco_test_teardown)

/* ======================================================================
 * Seed 000: PyList_Append does not steal
 * ====================================================================== */

/* PyList_Append(_list, PyInt_FromLong(var)): the new int has count 1, the
 * append takes a second reference. */
static void seed000_append_of_new_object_leaves_count_two(void **state)
{
    rco_object *list = rco_list_new(0);
    rco_object *item = new_tracked();
    assert_int_equal(rco_refcount(item), 1);
    assert_int_equal(rco_list_append(list, item), 0);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(item); /* the release the leaky code forgets */
    rco_decref(list);
}

/* When the caller releases the list, the item's count only drops to 1:
 * it is never freed. */
static void seed000_leaky_append_outlives_its_list(void **state)
{
    rco_object *list = rco_list_new(0);
    rco_object *item = new_tracked();
    rco_list_append(list, item); /* and no rco_decref(item): the leak */
    rco_decref(list);
    assert_int_equal(tracked_deaths, 0);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item); /* the test cleans up after the leak it showed */
    assert_int_equal(tracked_deaths, 1);
}

/* The seed's exact line: rco_list_append(l, rco_int(v)) loses the only
 * pointer to the int's extra reference, so the int's block stays allocated
 * after the list is gone. */
static void seed000_append_of_constructor_result_leaks_one_block(void **state)
{
    size_t before = live_blocks();
    rco_object *list = rco_list_new(0);
    assert_int_equal(rco_list_append(list, rco_int(100000)), 0);
    rco_object *leaked = rco_list_get(list, 0); /* kept only to clean up below */
    assert_int_equal(rco_refcount(leaked), 2);
    rco_decref(list);
    assert_int_equal(live_blocks(), before + 1);
    assert_int_equal(rco_refcount(leaked), 1);
    rco_decref(leaked);
    assert_int_equal(live_blocks(), before);
}

/* Method 1: tmp = PyInt_FromLong(var); PyList_Append(_list, tmp);
 * Py_DECREF(tmp). */
static void seed000_decref_after_append_leaves_the_list_sole_owner(void **state)
{
    rco_object *list = rco_list_new(0);
    rco_object *tmp = new_tracked();
    assert_int_equal(rco_list_append(list, tmp), 0);
    rco_decref(tmp);
    assert_int_equal(rco_refcount(tmp), 1);
    assert_int_equal(tracked_deaths, 0);
    rco_decref(list);
    assert_int_equal(tracked_deaths, 1);
}

/* Method 2: PyList_New(CNT), then PyList_SetItem(_list, i, ...) for each
 * slot: the setter steals the new reference. */
static void seed000_set_steal_into_presized_list_leaves_count_one(void **state)
{
    enum { CNT = 3 };
    rco_object *list = rco_list_new(CNT);
    for (size_t i = 0; i < CNT; i++)
        assert_int_equal(rco_list_set_steal(list, i, new_tracked()), 0);
    for (size_t i = 0; i < CNT; i++)
        assert_int_equal(rco_refcount(rco_list_get(list, i)), 1);
    assert_int_equal(tracked_deaths, 0);
    rco_decref(list);
    assert_int_equal(tracked_deaths, CNT);
}

/* rco's own fix, with the name saying it: append and steal. */
static void seed000_append_steal_leaves_count_one(void **state)
{
    rco_object *list = rco_list_new(0);
    assert_int_equal(rco_list_append_steal(list, new_tracked()), 0);
    assert_int_equal(rco_refcount(rco_list_get(list, 0)), 1);
    rco_decref(list);
    assert_int_equal(tracked_deaths, 1);
}

/* _list1 = PyList_New(0), neither released nor returned: its memory stays
 * allocated until someone releases it. */
static void seed000_list_neither_released_nor_returned_stays_allocated(void **state)
{
    size_t before = live_blocks();
    rco_object *list1 = rco_list_new(0);
    assert_true(live_blocks() > before);
    rco_decref(list1);
    assert_int_equal(live_blocks(), before);
}

/* ======================================================================
 * Seed 001: creation, use, release
 * ====================================================================== */

/* pObj = PyBytes_FromString("Hello world\n"); PyObject_Print(pObj, ...);
 * Py_DECREF(pObj): count 1 at creation, freed at 0. The seed's use after
 * the Py_DECREF is undefined and is not done here. */
static void seed001_bytes_printed_then_released_is_freed(void **state)
{
    size_t before = live_blocks();
    rco_object *obj = rco_bytes("Hello world\n", 12);
    assert_int_equal(rco_refcount(obj), 1);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(rco_print(obj, f), 0);
    char text[64] = { 0 };
    rewind(f);
    assert_true(fread(text, 1, sizeof text - 1, f) > 0);
    fclose(f);
    assert_string_equal(text, "b'Hello world\\n'");
    rco_decref(obj);
    assert_int_equal(live_blocks(), before);
}

static void seed001_count_reaching_zero_frees_the_object(void **state)
{
    rco_object *obj = new_tracked();
    rco_incref(obj);
    rco_decref(obj);
    assert_int_equal(tracked_deaths, 0);
    rco_decref(obj);
    assert_int_equal(tracked_deaths, 1);
}

/* The three effects: constructors give new references, setters that steal
 * take them, getters lend them. */
static void seed001_getter_lends_without_changing_the_count(void **state)
{
    rco_object *list = rco_list_new(0);
    assert_int_equal(rco_refcount(list), 1);
    assert_int_equal(rco_list_append_steal(list, new_tracked()), 0);
    rco_object *borrowed = rco_list_get(list, 0);
    assert_int_equal(rco_refcount(borrowed), 1);
    rco_decref(list);
    assert_int_equal(tracked_deaths, 1);
}

/* ======================================================================
 * Seed 002: get_first_item
 * ====================================================================== */

/* PyObject *item = PyList_GetItem(list, 0); Py_INCREF(item); return item; */
static rco_object *get_first_item(rco_object *list)
{
    rco_object *item = rco_list_get(list, 0);
    if (!item)
        return NULL;
    return rco_incref(item);
}

static void seed002_get_first_item_returns_a_new_reference(void **state)
{
    rco_object *list = rco_list_new(0);
    rco_list_append_steal(list, new_tracked());
    rco_object *item = get_first_item(list);
    assert_non_null(item);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(item);
    rco_decref(list);
}

static void seed002_first_item_outlives_its_list(void **state)
{
    rco_object *list = rco_list_new(0);
    rco_list_append_steal(list, new_tracked());
    rco_object *item = get_first_item(list);
    rco_decref(list);
    assert_int_equal(tracked_deaths, 0);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(item);
    assert_int_equal(tracked_deaths, 1);
}

static void seed002_get_first_item_of_empty_list_fails(void **state)
{
    rco_object *list = rco_list_new(0);
    assert_null(get_first_item(list));
    assert_error(RCO_ERR_INDEX);
    rco_decref(list);
}

/* foo = (a, b): building the tuple takes a reference to each item, and a
 * tuple nobody keeps (POP_TOP) gives them back. */
static void seed002_tuple_of_names_takes_and_returns_references(void **state)
{
    rco_object *a = new_tracked(), *b = new_tracked();
    rco_object *foo = rco_tuple_pack(2, a, b);
    assert_non_null(foo);
    assert_int_equal(rco_refcount(a), 2);
    assert_int_equal(rco_refcount(b), 2);
    rco_decref(foo);
    assert_int_equal(rco_refcount(a), 1);
    assert_int_equal(rco_refcount(b), 1);
    assert_int_equal(tracked_deaths, 0);
    rco_decref(a);
    rco_decref(b);
    assert_int_equal(tracked_deaths, 2);
}

/* ======================================================================
 * Seed 003: reference counts in CPython (after edcjones' refcount notes)
 * ====================================================================== */

/* Py_DECREF frees through the type's tp_dealloc. */
static void seed003_count_reaching_zero_calls_the_types_dealloc(void **state)
{
    rco_object *pyo = new_tracked();
    assert_ptr_equal(rco_typeof(pyo), &tracked_type);
    rco_decref(pyo);
    assert_int_equal(tracked_deaths, 1);
}

/* Py_INCREF(Py_None); return Py_None; rco's None is immortal, so the
 * reference may be released or not. */
static void seed003_none_is_immortal(void **state)
{
    rco_object *none = rco_none();
    assert_true(rco_is_none(none));
    assert_true(rco_refcount(none) >= RCO_IMMORTAL_REFCNT);
    for (int i = 0; i < 10; i++)
        rco_decref(rco_none());
    assert_true(rco_refcount(none) >= RCO_IMMORTAL_REFCNT / 2);
    assert_repr(none, "None");
}

/* PyTuple_GetItem: checks its arguments, lends the item. */
static void seed003_tuple_get_lends_the_item(void **state)
{
    rco_object *t = rco_tuple_new(1);
    rco_tuple_set_steal(t, 0, new_tracked());
    rco_object *item = rco_tuple_get(t, 0);
    assert_non_null(item);
    assert_int_equal(rco_refcount(item), 1);
    rco_decref(t);
    assert_int_equal(tracked_deaths, 1); /* the lent item died with its owner */
}

static void seed003_tuple_get_rejects_bad_index_and_non_tuple(void **state)
{
    rco_object *t = rco_tuple_new(1);
    rco_tuple_set_steal(t, 0, rco_int(1));
    assert_null(rco_tuple_get(t, 1));
    assert_error(RCO_ERR_INDEX);
    rco_object *list = rco_list_new(1);
    assert_null(rco_tuple_get(list, 0));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_tuple_get(NULL, 0));
    assert_error(RCO_ERR_TYPE);
    rco_decref(list);
    rco_decref(t);
}

/* sum_list: items lent by the list need no reference while the caller
 * keeps the list. */
static long sum_list(rco_object *list)
{
    ssize_t n = rco_len(list);
    if (n < 0)
        return -1; /* not a list: the caller checks rco_err_occurred */
    long total = 0;
    for (ssize_t i = 0; i < n; i++) {
        rco_object *item = rco_list_get(list, (size_t)i);
        if (strcmp(rco_type_name(item), "int") == 0)
            total += (long)rco_int_value(item);
    }
    return total;
}

static void seed003_sum_list_adds_borrowed_ints(void **state)
{
    rco_object *list = rco_list_new(0);
    rco_list_append_steal(list, rco_int(1));
    rco_list_append_steal(list, rco_int(20000));
    rco_list_append_steal(list, rco_str("x"));
    rco_list_append_steal(list, rco_int(300));
    rco_object *third = rco_list_get(list, 1);
    assert_int_equal(sum_list(list), 20301);
    assert_int_equal(rco_refcount(third), 1);
    assert_int_equal(sum_list(rco_int(5)), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(list);
}

/* The seed's bug(): item = list[0] (borrowed); list[1] = 0 releases the
 * old list[1], whose finalizer (arbitrary code, like __del__) replaces
 * list[0]: the borrowed item is freed while the caller still points at it.
 * Meddler is that old list[1]. */
static rco_object *meddled_list;

static void replace_first_item(rco_object *self)
{
    rco_list_set_steal(meddled_list, 0, rco_int(0));
}

/* [Tracked, Meddler] */
static rco_object *list_with_meddler(rco_type **meddler_class)
{
    *meddler_class = rco_class_new("Meddler", replace_first_item, NULL);
    assert_non_null(*meddler_class);
    rco_object *list = rco_list_new(2);
    assert_int_equal(rco_list_set_steal(list, 0, new_tracked()), 0);
    assert_int_equal(rco_list_set_steal(list, 1, rco_instance_new(*meddler_class)), 0);
    meddled_list = list;
    return list;
}

static void seed003_bug_borrowed_item_freed_by_replacing_another_item(void **state)
{
    rco_type *meddler;
    rco_object *list = list_with_meddler(&meddler);
    rco_object *item = rco_list_get(list, 0);
    assert_non_null(item);
    rco_list_set_steal(list, 1, rco_int(0));
    /* item now dangles: printing it here would be the seed's BUG. */
    assert_int_equal(tracked_deaths, 1);
    assert_repr(list, "[0, 0]");
    rco_decref(list);
    rco_decref((rco_object *)meddler);
}

static void seed003_no_bug_incref_keeps_borrowed_item_alive(void **state)
{
    rco_type *meddler;
    rco_object *list = list_with_meddler(&meddler);
    rco_object *item = rco_list_get(list, 0);
    rco_incref(item); /* protect item */
    rco_list_set_steal(list, 1, rco_int(0));
    assert_int_equal(tracked_deaths, 0);
    assert_int_equal(rco_refcount(item), 1);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(rco_print(item, f), 0);
    fclose(f);
    assert_int_equal(tracked_deaths, 0);
    rco_decref(item);
    assert_int_equal(tracked_deaths, 1);
    rco_decref(list);
    rco_decref((rco_object *)meddler);
}

/* x = PyInt_FromLong(1L); PyTuple_SetItem(t, 0, x): x is now the
 * tuple's, and the caller must not release it. */
static void seed003_tuple_set_steal_takes_the_callers_reference(void **state)
{
    rco_object *t = rco_tuple_new(1);
    rco_object *x = new_tracked();
    assert_int_equal(rco_tuple_set_steal(t, 0, x), 0);
    assert_int_equal(rco_refcount(x), 1);
    rco_decref(t);
    assert_int_equal(tracked_deaths, 1);
}

/* "If PyTuple_SetItem fails, it decrements the item's count." */
static void seed003_tuple_set_steal_releases_item_on_bad_index(void **state)
{
    rco_object *t = rco_tuple_new(2);
    assert_int_equal(rco_tuple_set_steal(t, 2, new_tracked()), -1);
    assert_error(RCO_ERR_INDEX);
    assert_int_equal(tracked_deaths, 1);
    assert_repr(t, "(<NULL>, <NULL>)");
    rco_decref(t);
}

static void seed003_tuple_set_steal_releases_item_when_target_is_not_a_tuple(void **state)
{
    rco_object *list = rco_list_new(1);
    assert_int_equal(rco_tuple_set_steal(list, 0, new_tracked()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(tracked_deaths, 1);
    assert_int_equal(rco_tuple_set_steal(NULL, 0, new_tracked()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(tracked_deaths, 2);
    rco_decref(list);
}

/* A failed constructor nests: its NULL is stolen and its error stands. */
static void seed003_tuple_set_steal_of_failed_constructor_keeps_its_error(void **state)
{
    rco_object *t = rco_tuple_new(1);
    assert_int_equal(rco_tuple_set_steal(t, 0, rco_str("\xff")), -1);
    assert_error(RCO_ERR_VALUE);
    rco_decref(t);
}

/* PySequence_SetItem(l, 0, x); Py_DECREF(x): the setter took its own. */
static void seed003_list_set_does_not_steal(void **state)
{
    rco_object *l = rco_list_new(1);
    rco_object *x = new_tracked();
    assert_int_equal(rco_list_set(l, 0, x), 0);
    assert_int_equal(rco_refcount(x), 2);
    rco_decref(x);
    assert_int_equal(tracked_deaths, 0);
    rco_decref(l);
    assert_int_equal(tracked_deaths, 1);
}

/* PyDict_SetItem takes its own references; rco_dict_set_steal steals
 * both, also when the key turns out unhashable. */
static void seed003_dict_set_takes_its_own_references(void **state)
{
    rco_object *d = rco_dict_new();
    rco_object *key = rco_str("k"), *value = new_tracked();
    assert_int_equal(rco_dict_set(d, key, value), 0);
    assert_int_equal(rco_refcount(key), 2);
    assert_int_equal(rco_refcount(value), 2);
    rco_decref(key);
    rco_decref(value);
    assert_int_equal(tracked_deaths, 0);
    rco_decref(d);
    assert_int_equal(tracked_deaths, 1);
}

static void seed003_dict_set_steal_releases_both_on_unhashable_key(void **state)
{
    rco_object *d = rco_dict_new();
    size_t before = live_blocks();
    assert_int_equal(rco_dict_set_steal(d, rco_list_new(0), new_tracked()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(tracked_deaths, 1);
    assert_int_equal(live_blocks(), before);
    assert_int_equal(rco_len(d), 0);
    rco_decref(d);
}

/* t = PyTuple_New(3); PyTuple_SetItem(t, i, ...) three times. */
static rco_object *one_two_three_tuple(void)
{
    rco_object *t = rco_tuple_new(3);
    assert_int_equal(rco_tuple_set_steal(t, 0, rco_int(1)), 0);
    assert_int_equal(rco_tuple_set_steal(t, 1, rco_int(2)), 0);
    assert_int_equal(rco_tuple_set_steal(t, 2, rco_str("three")), 0);
    return t;
}

/* l = PyList_New(3); x = ...; PySequence_SetItem(l, i, x); Py_DECREF(x) */
static rco_object *one_two_three_list(void)
{
    rco_object *l = rco_list_new(3), *x;
    x = rco_int(1);
    assert_int_equal(rco_list_set(l, 0, x), 0);
    rco_decref(x);
    x = rco_int(2);
    assert_int_equal(rco_list_set(l, 1, x), 0);
    rco_decref(x);
    x = rco_str("three");
    assert_int_equal(rco_list_set(l, 2, x), 0);
    assert_int_equal(rco_refcount(x), 2);
    rco_decref(x);
    return l;
}

static void seed003_one_two_three_tuple_built_with_stealing_setter(void **state)
{
    rco_object *t = one_two_three_tuple();
    assert_repr(t, "(1, 2, 'three')");
    assert_int_equal(rco_refcount(rco_tuple_get(t, 2)), 1);
    rco_decref(t);
}

static void seed003_one_two_three_list_built_with_borrowing_setter(void **state)
{
    rco_object *l = one_two_three_list();
    assert_repr(l, "[1, 2, 'three']");
    assert_int_equal(rco_refcount(rco_list_get(l, 2)), 1);
    rco_decref(l);
}

/* t = Py_BuildValue("(iis)", 1, 2, "three") */
static void seed003_build_value_makes_the_same_tuple(void **state)
{
    rco_object *built = rco_build("(iis)", 1, 2, "three");
    assert_non_null(built);
    rco_object *by_hand = one_two_three_tuple();
    assert_repr(built, "(1, 2, 'three')");
    assert_int_equal(rco_equal(built, by_hand), 1);
    assert_int_equal(rco_refcount(built), 1);
    rco_decref(by_hand);
    rco_decref(built);
}

/* l = Py_BuildValue("[iis]", 1, 2, "three") */
static void seed003_build_value_makes_the_same_list(void **state)
{
    rco_object *built = rco_build("[iis]", 1, 2, "three");
    assert_non_null(built);
    rco_object *by_hand = one_two_three_list();
    assert_repr(built, "[1, 2, 'three']");
    assert_int_equal(rco_equal(built, by_hand), 1);
    rco_decref(by_hand);
    rco_decref(built);
}

/* The first MyFunction: a temporary list released on every path, the
 * returned list handed to the caller. */
static rco_object *my_function_lists(void)
{
    rco_object *temporary_list = rco_list_new(1);
    if (!temporary_list)
        return NULL;
    rco_object *return_this = rco_list_new(1);
    if (!return_this) {
        rco_decref(temporary_list);
        return NULL;
    }
    rco_decref(temporary_list);
    return return_this;
}

static void seed003_my_function_releases_temporary_and_returns_owned_list(void **state)
{
    size_t before = live_blocks();
    rco_object *one_list = rco_list_new(1);
    size_t blocks_of_one_list = live_blocks() - before;
    rco_decref(one_list);

    rco_object *result = my_function_lists();
    assert_non_null(result);
    assert_int_equal(live_blocks() - before, blocks_of_one_list); /* the temporary is gone */
    assert_int_equal(rco_refcount(result), 1);
    assert_int_equal(rco_len(result), 1);
    rco_decref(result);
    assert_int_equal(live_blocks(), before);
}

static void seed003_my_function_lists_leaks_nothing_when_allocation_fails(void **state)
{
    size_t before = live_blocks();
    rco_object *result = NULL;
    long n;
    for (n = 1; !result && n < 100; n++) {
        rco_debug_fail_alloc(n);
        result = my_function_lists();
        rco_debug_fail_alloc(0);
        if (!result) {
            assert_error(RCO_ERR_MEMORY);
            assert_int_equal(live_blocks(), before);
        }
    }
    assert_non_null(result);
    assert_true(n > 3); /* both lists' allocations failed on the way */
    rco_decref(result);
}

/* The second MyFunction: a tuple filled with stolen ints, items lent by
 * rco_tuple_get, the tuple released. The seed returns the lent item after
 * releasing the tuple, which frees it (see the next test); the reference
 * must be taken first, as get_first_item does. */
static rco_object *my_function_tuple(void)
{
    rco_object *tup = rco_tuple_new(2);
    if (!tup)
        return NULL;
    if (rco_tuple_set_steal(tup, 0, rco_int(222)) < 0 ||
        rco_tuple_set_steal(tup, 1, rco_int(333)) < 0) {
        rco_decref(tup);
        return NULL;
    }
    rco_object *temporary = rco_tuple_get(tup, 0); /* borrowed: nothing to release */
    if (!temporary) {
        rco_decref(tup);
        return NULL;
    }
    rco_object *return_this = rco_tuple_get(tup, 1);
    if (!return_this) {
        rco_decref(tup);
        return NULL;
    }
    rco_incref(return_this);
    rco_decref(tup);
    return return_this;
}

static void seed003_my_function_returns_owned_item_of_released_tuple(void **state)
{
    size_t before = live_blocks();
    rco_object *result = my_function_tuple();
    assert_non_null(result);
    assert_int_equal(rco_int_value(result), 333);
    assert_int_equal(rco_refcount(result), 1);
    assert_int_equal(live_blocks(), before + 1); /* the tuple is gone, 333 stays */
    rco_decref(result);
    assert_int_equal(live_blocks(), before);
}

static void seed003_my_function_tuple_leaks_nothing_when_allocation_fails(void **state)
{
    size_t before = live_blocks();
    rco_object *result = NULL;
    long n;
    for (n = 1; !result && n < 100; n++) {
        rco_debug_fail_alloc(n);
        result = my_function_tuple();
        rco_debug_fail_alloc(0);
        if (!result) {
            assert_error(RCO_ERR_MEMORY);
            assert_int_equal(live_blocks(), before);
        }
    }
    assert_non_null(result);
    assert_true(n > 3); /* the tuple and 333 (222 is a shared small int) failed */
    rco_decref(result);
}

/* Why the incref above is needed: the lent item is owned by the tuple
 * alone and dies with it. */
static void seed003_item_lent_by_tuple_dies_with_the_tuple(void **state)
{
    rco_object *tup = rco_tuple_new(2);
    rco_tuple_set_steal(tup, 0, rco_int(222));
    rco_tuple_set_steal(tup, 1, new_tracked());
    rco_object *return_this = rco_tuple_get(tup, 1);
    assert_int_equal(rco_refcount(return_this), 1);
    rco_decref(tup);
    assert_int_equal(tracked_deaths, 1);
}

/* sys.getrefcount: rco_refcount counts every owner. */
static void seed003_refcount_counts_every_owner(void **state)
{
    rco_object *x = new_tracked();
    assert_int_equal(rco_refcount(x), 1);
    rco_object *list = rco_list_new(0);
    rco_list_append(list, x);
    rco_object *t = rco_tuple_pack(1, x);
    assert_int_equal(rco_refcount(x), 3);
    rco_decref(t);
    rco_decref(list);
    assert_int_equal(rco_refcount(x), 1);
    rco_decref(x);
    assert_int_equal(rco_refcount(NULL), -1);
    assert_error(RCO_ERR_TYPE);
}

/* sys_getrefcount: PyArg_ParseTuple(args, "O:getrefcount", &arg) lends
 * arg; it must not be released. Returns the count as an int. */
static rco_object *sys_getrefcount(rco_object *args)
{
    rco_object *arg;
    if (rco_unpack(args, "O:getrefcount", &arg) < 0)
        return NULL;
    return rco_int(rco_refcount(arg));
}

static void seed003_getrefcount_counts_its_argument_tuple_too(void **state)
{
    rco_object *x = new_tracked();
    rco_object *args = rco_tuple_pack(1, x);
    rco_object *count = sys_getrefcount(args);
    assert_non_null(count);
    assert_int_equal(rco_int_value(count), 2); /* x and the argument tuple */
    assert_int_equal(rco_refcount(x), 2);      /* the lent argument was not taken */
    rco_decref(count);
    rco_decref(args);
    rco_decref(x);
    assert_int_equal(tracked_deaths, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        SEED_TEST(seed000_append_of_new_object_leaves_count_two),
        SEED_TEST(seed000_leaky_append_outlives_its_list),
        SEED_TEST(seed000_append_of_constructor_result_leaks_one_block),
        SEED_TEST(seed000_decref_after_append_leaves_the_list_sole_owner),
        SEED_TEST(seed000_set_steal_into_presized_list_leaves_count_one),
        SEED_TEST(seed000_append_steal_leaves_count_one),
        SEED_TEST(seed000_list_neither_released_nor_returned_stays_allocated),
        SEED_TEST(seed001_bytes_printed_then_released_is_freed),
        SEED_TEST(seed001_count_reaching_zero_frees_the_object),
        SEED_TEST(seed001_getter_lends_without_changing_the_count),
        SEED_TEST(seed002_get_first_item_returns_a_new_reference),
        SEED_TEST(seed002_first_item_outlives_its_list),
        SEED_TEST(seed002_get_first_item_of_empty_list_fails),
        SEED_TEST(seed002_tuple_of_names_takes_and_returns_references),
        SEED_TEST(seed003_count_reaching_zero_calls_the_types_dealloc),
        SEED_TEST(seed003_none_is_immortal),
        SEED_TEST(seed003_tuple_get_lends_the_item),
        SEED_TEST(seed003_tuple_get_rejects_bad_index_and_non_tuple),
        SEED_TEST(seed003_sum_list_adds_borrowed_ints),
        SEED_TEST(seed003_bug_borrowed_item_freed_by_replacing_another_item),
        SEED_TEST(seed003_no_bug_incref_keeps_borrowed_item_alive),
        SEED_TEST(seed003_tuple_set_steal_takes_the_callers_reference),
        SEED_TEST(seed003_tuple_set_steal_releases_item_on_bad_index),
        SEED_TEST(seed003_tuple_set_steal_releases_item_when_target_is_not_a_tuple),
        SEED_TEST(seed003_tuple_set_steal_of_failed_constructor_keeps_its_error),
        SEED_TEST(seed003_list_set_does_not_steal),
        SEED_TEST(seed003_dict_set_takes_its_own_references),
        SEED_TEST(seed003_dict_set_steal_releases_both_on_unhashable_key),
        SEED_TEST(seed003_one_two_three_tuple_built_with_stealing_setter),
        SEED_TEST(seed003_one_two_three_list_built_with_borrowing_setter),
        SEED_TEST(seed003_build_value_makes_the_same_tuple),
        SEED_TEST(seed003_build_value_makes_the_same_list),
        SEED_TEST(seed003_my_function_releases_temporary_and_returns_owned_list),
        SEED_TEST(seed003_my_function_lists_leaks_nothing_when_allocation_fails),
        SEED_TEST(seed003_my_function_returns_owned_item_of_released_tuple),
        SEED_TEST(seed003_my_function_tuple_leaks_nothing_when_allocation_fails),
        SEED_TEST(seed003_item_lent_by_tuple_dies_with_the_tuple),
        SEED_TEST(seed003_refcount_counts_every_owner),
        SEED_TEST(seed003_getrefcount_counts_its_argument_tuple_too),
    };
    RCO_RUN_TESTS(tests);
}
