/*
 * test_class.c: classes made at run time and their instances (class.c):
 * attribute lookup that falls back from an instance to its class, the
 * ownership of each attribute function, allocation failure when the first
 * attribute creates the instance's dict, and the class's lifetime.
 */
#include "rco_test.h"

static rco_type *new_class(const char *name)
{
    rco_type *cls = rco_class_new(name, NULL, NULL);
    assert_non_null(cls);
    return cls;
}

static void release_class(rco_type *cls)
{
    rco_decref((rco_object *)cls);
}

/* ---- classes --------------------------------------------------------- */

static void class_new_gives_a_new_reference(void **state)
{
    rco_type *cls = new_class("Point");
    assert_int_equal(rco_refcount((rco_object *)cls), 1);
    assert_int_equal(rco_is_class((rco_object *)cls), 1);
    assert_string_equal(rco_type_name((rco_object *)cls), "type");
    assert_string_equal(cls->name, "Point");
    release_class(cls);
}

static void class_repr_is_pythons(void **state)
{
    rco_type *cls = new_class("Point");
    assert_repr((rco_object *)cls, "<class 'Point'>");
    release_class(cls);
}

static void class_copies_its_name(void **state)
{
    char name[] = "Original";
    rco_type *cls = new_class(name);
    name[0] = 'X';
    assert_string_equal(cls->name, "Original");
    release_class(cls);
}

static void class_with_a_null_name_is_a_type_error(void **state)
{
    assert_null(rco_class_new(NULL, NULL, NULL));
    assert_error(RCO_ERR_TYPE);
}

static void class_with_an_invalid_utf8_name_is_a_value_error(void **state)
{
    assert_null(rco_class_new("Bad\xc0\xaf", NULL, NULL));
    assert_error(RCO_ERR_VALUE);
}

static void class_new_fails_cleanly_when_allocation_fails(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_class_new("Point", NULL, NULL));
    assert_error(RCO_ERR_MEMORY);
}

static void is_class_is_false_for_other_objects(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *inst = rco_instance_new(cls), *l = rco_list_new(0);
    assert_int_equal(rco_is_class(inst), 0);
    assert_int_equal(rco_is_class(l), 0);
    assert_int_equal(rco_is_class(NULL), 0);
    assert_int_equal(rco_is_class((const rco_object *)rco_typeof(l)), 0); /* a static type */
    rco_decref(inst);
    rco_decref(l);
    release_class(cls);
}

/* ---- instances ------------------------------------------------------- */

static void instance_has_count_one_and_its_class_name(void **state)
{
    rco_type *cls = new_class("Point");
    rco_object *p = rco_instance_new(cls);
    assert_non_null(p);
    assert_int_equal(rco_refcount(p), 1);
    assert_string_equal(rco_type_name(p), "Point");
    assert_int_equal(rco_is_type(p, cls), 1);
    assert_ptr_equal(rco_typeof(p), cls);
    rco_decref(p);
    release_class(cls);
}

static void instance_repr_names_its_class_and_address(void **state)
{
    rco_type *cls = new_class("Point");
    rco_object *p = rco_instance_new(cls);
    char expected[64];
    snprintf(expected, sizeof expected, "<Point object at %p>", (void *)p);
    assert_repr(p, expected);
    rco_decref(p);
    release_class(cls);
}

static void instance_holds_a_reference_to_its_class(void **state)
{
    rco_type *cls = new_class("Point");
    rco_object *p = rco_instance_new(cls), *q = rco_instance_new(cls);
    assert_int_equal(rco_refcount((rco_object *)cls), 3);
    rco_decref(q);
    assert_int_equal(rco_refcount((rco_object *)cls), 2);
    rco_decref(p);
    assert_int_equal(rco_refcount((rco_object *)cls), 1);
    release_class(cls);
}

static void instance_keeps_its_class_alive(void **state)
{
    rco_type *cls = new_class("Survivor");
    rco_object *p = rco_instance_new(cls);
    release_class(cls); /* the instance's reference remains */
    assert_string_equal(rco_type_name(p), "Survivor");
    rco_setattr((rco_object *)rco_typeof(p), "shared", rco_true());
    rco_object *v = rco_getattr(p, "shared");
    assert_ptr_equal(v, rco_true());
    rco_decref(v);
    rco_decref(p); /* frees the class too: the teardown checks */
}

static void instance_of_a_non_class_is_a_type_error(void **state)
{
    rco_object *l = rco_list_new(0);
    assert_null(rco_instance_new(NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_instance_new((rco_type *)rco_typeof(l)));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

static void instances_come_only_from_instance_new(void **state)
{
    rco_type *cls = new_class("C");
    assert_null(rco_gc_new(cls));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_new(cls));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_refcount((rco_object *)cls), 1);
    release_class(cls);
}

static void instance_new_fails_cleanly_when_allocation_fails(void **state)
{
    rco_type *cls = new_class("C");
    rco_debug_fail_alloc(1);
    assert_null(rco_instance_new(cls));
    assert_error(RCO_ERR_MEMORY);
    assert_int_equal(rco_refcount((rco_object *)cls), 1);
    release_class(cls);
}

static void instances_hash_and_compare_by_identity(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *a = rco_instance_new(cls), *b = rco_instance_new(cls);
    assert_int_equal(rco_equal(a, b), 0);
    assert_int_equal(rco_equal(a, a), 1);
    assert_int_equal(rco_hash(a), rco_hash(a));
    rco_object *d = rco_dict_new();
    rco_dict_set(d, a, rco_int(1));
    rco_dict_set(d, b, rco_int(2));
    assert_int_equal(rco_len(d), 2);
    assert_int_equal(rco_int_value(rco_dict_get(d, b)), 2);
    rco_decref(d);
    rco_decref(a);
    rco_decref(b);
    release_class(cls);
}

/* ---- attributes ------------------------------------------------------ */

static void setattr_takes_its_own_reference(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls), *v = rco_float(1.0);
    assert_int_equal(rco_setattr(o, "x", v), 0);
    assert_int_equal(rco_refcount(v), 2);
    rco_decref(o);
    assert_int_equal(rco_refcount(v), 1);
    rco_decref(v);
    release_class(cls);
}

static void getattr_returns_a_new_reference(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls), *v = rco_float(1.0);
    rco_setattr(o, "x", v);
    rco_object *got = rco_getattr(o, "x");
    assert_ptr_equal(got, v);
    assert_int_equal(rco_refcount(v), 3);
    rco_decref(got);
    rco_decref(o);
    rco_decref(v);
    release_class(cls);
}

static void setattr_replaces_and_releases_the_old_value(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls), *old = rco_float(1.0);
    rco_setattr(o, "x", old);
    rco_setattr(o, "x", rco_none());
    assert_int_equal(rco_refcount(old), 1);
    rco_object *got = rco_getattr(o, "x");
    assert_ptr_equal(got, rco_none());
    rco_decref(got);
    rco_decref(old);
    rco_decref(o);
    release_class(cls);
}

static void missing_attribute_is_a_key_error_naming_it(void **state)
{
    rco_type *cls = new_class("Point");
    rco_object *o = rco_instance_new(cls);
    assert_null(rco_getattr(o, "z"));
    assert_string_equal(rco_err_message(), "'Point' object has no attribute 'z'");
    assert_error(RCO_ERR_KEY);
    rco_setattr(o, "x", rco_none());
    assert_null(rco_getattr(o, "z"));
    assert_error(RCO_ERR_KEY);
    rco_decref(o);
    release_class(cls);
}

static void hasattr_answers_one_or_zero(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls);
    assert_int_equal(rco_hasattr(o, "x"), 0);
    rco_setattr(o, "x", rco_none());
    assert_int_equal(rco_hasattr(o, "x"), 1);
    assert_int_equal(rco_hasattr(o, "y"), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_decref(o);
    release_class(cls);
}

static void delattr_removes_and_releases(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls), *v = rco_float(1.0);
    rco_setattr(o, "x", v);
    rco_setattr(o, "y", rco_none());
    assert_int_equal(rco_delattr(o, "x"), 0);
    assert_int_equal(rco_refcount(v), 1);
    assert_int_equal(rco_hasattr(o, "x"), 0);
    assert_int_equal(rco_hasattr(o, "y"), 1);
    rco_decref(v);
    rco_decref(o);
    release_class(cls);
}

static void delattr_of_a_missing_attribute_is_a_key_error(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls);
    assert_int_equal(rco_delattr(o, "x"), -1); /* no attribute dict yet */
    assert_error(RCO_ERR_KEY);
    rco_setattr(o, "y", rco_none());
    assert_int_equal(rco_delattr(o, "x"), -1);
    assert_non_null(strstr(rco_err_message(), "'x'"));
    assert_error(RCO_ERR_KEY);
    rco_decref(o);
    release_class(cls);
}

static void instance_attributes_fall_back_to_class_attributes(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls), *v = rco_str("class value");
    assert_int_equal(rco_setattr((rco_object *)cls, "shared", v), 0);
    rco_object *got = rco_getattr(o, "shared");
    assert_ptr_equal(got, v);
    assert_int_equal(rco_hasattr(o, "shared"), 1);
    rco_decref(got);
    rco_decref(v);
    rco_decref(o);
    release_class(cls);
}

static void instance_attribute_shadows_the_class_attribute(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *a = rco_instance_new(cls), *b = rco_instance_new(cls);
    rco_setattr((rco_object *)cls, "x", rco_int(1));
    rco_setattr(a, "x", rco_int(2));
    rco_object *ax = rco_getattr(a, "x"), *bx = rco_getattr(b, "x");
    assert_int_equal(rco_int_value(ax), 2);
    assert_int_equal(rco_int_value(bx), 1);
    rco_decref(ax);
    rco_decref(bx);
    assert_int_equal(rco_delattr(a, "x"), 0); /* uncovers the class's */
    ax = rco_getattr(a, "x");
    assert_int_equal(rco_int_value(ax), 1);
    rco_decref(ax);
    assert_int_equal(rco_delattr(a, "x"), -1); /* the class's is not the instance's */
    assert_error(RCO_ERR_KEY);
    rco_decref(a);
    rco_decref(b);
    release_class(cls);
}

static void class_attributes_are_read_and_deleted_on_the_class(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *c = (rco_object *)cls;
    rco_setattr(c, "x", rco_int(5));
    rco_object *x = rco_getattr(c, "x");
    assert_int_equal(rco_int_value(x), 5);
    rco_decref(x);
    assert_int_equal(rco_delattr(c, "x"), 0);
    assert_int_equal(rco_hasattr(c, "x"), 0);
    release_class(cls);
}

static void attributes_of_non_instances_are_type_errors(void **state)
{
    rco_object *l = rco_list_new(0), *i = rco_int(5000);
    assert_int_equal(rco_setattr(l, "x", rco_none()), -1);
    assert_string_equal(rco_err_message(), "rco_setattr: 'list' object has no attributes");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_getattr(i, "x"));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_hasattr(i, "x"), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_delattr(l, "x"), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_setattr(NULL, "x", rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_getattr(NULL, "x"));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(i);
}

static void null_name_or_value_is_a_type_error(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls);
    assert_int_equal(rco_setattr(o, NULL, rco_none()), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_setattr(o, "x", NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_getattr(o, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_hasattr(o, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_delattr(o, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_hasattr(o, "x"), 0);
    rco_decref(o);
    release_class(cls);
}

static void attribute_name_with_invalid_utf8_is_a_value_error(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls);
    assert_int_equal(rco_setattr(o, "\xff", rco_none()), -1);
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_hasattr(o, "\xff"), 0);
    rco_decref(o);
    release_class(cls);
}

/* ---- allocation failure ---------------------------------------------- */

/* setattr(o, name, value) with the nth allocation failing, n = 1, 2, ...
 * until it succeeds; each failure must leave o's attributes as they were
 * (`present` says which names exist before) and value's count alone. */
static int fail_each_allocation_of_setattr(rco_object *o, const char *name, rco_object *value,
                                           const char *const *present, size_t npresent)
{
    intptr_t count = rco_refcount(value);
    int failures = 0;
    for (long n = 1;; n++) {
        rco_debug_fail_alloc(n);
        int rc = rco_setattr(o, name, value);
        rco_debug_fail_alloc(0);
        if (rc == 0)
            break;
        assert_int_equal(rc, -1);
        assert_error(RCO_ERR_MEMORY);
        assert_int_equal(rco_hasattr(o, name), 0);
        for (size_t i = 0; i < npresent; i++)
            assert_int_equal(rco_hasattr(o, present[i]), 1);
        assert_int_equal(rco_refcount(value), count);
        failures++;
        assert_true(n < 100);
    }
    return failures;
}

static void first_setattr_fails_cleanly_at_each_allocation(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls), *v = rco_float(1.0);
    assert_true(fail_each_allocation_of_setattr(o, "x", v, NULL, 0) >= 2);
    rco_object *got = rco_getattr(o, "x");
    assert_ptr_equal(got, v);
    rco_decref(got);
    rco_decref(v);
    rco_decref(o);
    release_class(cls);
}

static void setattr_growing_the_attribute_dict_fails_cleanly(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *o = rco_instance_new(cls), *v = rco_float(1.0);
    static const char *const names[] = { "a", "b", "c", "d", "e", "f", "g", "h" };
    for (size_t i = 0; i < 8; i++) {
        assert_true(fail_each_allocation_of_setattr(o, names[i], v, names, i) >= 1);
        assert_int_equal(rco_refcount(v), (intptr_t)i + 2);
    }
    rco_decref(v);
    rco_decref(o);
    release_class(cls);
}

static void first_class_attribute_fails_cleanly_at_each_allocation(void **state)
{
    rco_type *cls = new_class("C");
    rco_object *v = rco_float(1.0);
    assert_true(fail_each_allocation_of_setattr((rco_object *)cls, "x", v, NULL, 0) >= 2);
    rco_decref(v);
    release_class(cls);
}

/* ---- cycles ---------------------------------------------------------- */

static void instances_in_a_cycle_are_collected(void **state)
{
    rco_type *cls = new_class("Node");
    rco_object *a = rco_instance_new(cls), *b = rco_instance_new(cls);
    rco_setattr(a, "other", b);
    rco_setattr(b, "other", a);
    rco_decref(a);
    rco_decref(b);
    release_class(cls);
    assert_true(rco_gc_collect(-1) >= 4); /* two instances and their dicts */
}

static void instance_referring_to_itself_is_collected(void **state)
{
    rco_type *cls = new_class("Self");
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_decref(a);
    assert_int_equal(rco_refcount((rco_object *)cls), 2);
    assert_true(rco_gc_collect(-1) >= 2);
    assert_int_equal(rco_refcount((rco_object *)cls), 1);
    release_class(cls);
}

static void class_whose_attribute_refers_to_it_is_collected(void **state)
{
    rco_type *cls = new_class("Registry");
    rco_setattr((rco_object *)cls, "cls", (rco_object *)cls);
    release_class(cls);
    assert_true(rco_gc_collect(-1) >= 2); /* the class and its dict */
}

/* ---- finalizers ------------------------------------------------------ */

static int finalized;

static void count_finalize(rco_object *self)
{
    finalized++;
}

static void finalize_runs_once_when_the_instance_dies(void **state)
{
    finalized = 0;
    rco_type *cls = rco_class_new("Final", count_finalize, NULL);
    rco_object *o = rco_instance_new(cls);
    rco_incref(o);
    rco_decref(o);
    assert_int_equal(finalized, 0);
    rco_decref(o);
    assert_int_equal(finalized, 1);
    release_class(cls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(class_new_gives_a_new_reference),
        RCO_TEST(class_repr_is_pythons),
        RCO_TEST(class_copies_its_name),
        RCO_TEST(class_with_a_null_name_is_a_type_error),
        RCO_TEST(class_with_an_invalid_utf8_name_is_a_value_error),
        RCO_TEST(class_new_fails_cleanly_when_allocation_fails),
        RCO_TEST(is_class_is_false_for_other_objects),
        RCO_TEST(instance_has_count_one_and_its_class_name),
        RCO_TEST(instance_repr_names_its_class_and_address),
        RCO_TEST(instance_holds_a_reference_to_its_class),
        RCO_TEST(instance_keeps_its_class_alive),
        RCO_TEST(instance_of_a_non_class_is_a_type_error),
        RCO_TEST(instances_come_only_from_instance_new),
        RCO_TEST(instance_new_fails_cleanly_when_allocation_fails),
        RCO_TEST(instances_hash_and_compare_by_identity),
        RCO_TEST(setattr_takes_its_own_reference),
        RCO_TEST(getattr_returns_a_new_reference),
        RCO_TEST(setattr_replaces_and_releases_the_old_value),
        RCO_TEST(missing_attribute_is_a_key_error_naming_it),
        RCO_TEST(hasattr_answers_one_or_zero),
        RCO_TEST(delattr_removes_and_releases),
        RCO_TEST(delattr_of_a_missing_attribute_is_a_key_error),
        RCO_TEST(instance_attributes_fall_back_to_class_attributes),
        RCO_TEST(instance_attribute_shadows_the_class_attribute),
        RCO_TEST(class_attributes_are_read_and_deleted_on_the_class),
        RCO_TEST(attributes_of_non_instances_are_type_errors),
        RCO_TEST(null_name_or_value_is_a_type_error),
        RCO_TEST(attribute_name_with_invalid_utf8_is_a_value_error),
        RCO_TEST(first_setattr_fails_cleanly_at_each_allocation),
        RCO_TEST(setattr_growing_the_attribute_dict_fails_cleanly),
        RCO_TEST(first_class_attribute_fails_cleanly_at_each_allocation),
        RCO_TEST(instances_in_a_cycle_are_collected),
        RCO_TEST(instance_referring_to_itself_is_collected),
        RCO_TEST(class_whose_attribute_refers_to_it_is_collected),
        RCO_TEST(finalize_runs_once_when_the_instance_dies),
    };
    RCO_RUN_TESTS(tests);
}
