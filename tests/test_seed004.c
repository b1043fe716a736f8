/*
 * test_seed004.c: seed 004 ("Python Memory leakage and gc module Usage
 * Analysis") replayed against rco. Its classes have a Python 2 __del__,
 * which is rco's legacy_del: an instance with one in a garbage cycle is
 * uncollectable, and lands in rco_gc_garbage() with everything it reaches.
 *
 * The seed's numbers, and what they become here:
 *   no cycle           collect 0, garbage 0, refcount 2 -> 1
 *   a._self = a        collect 2 (instance + dict), garbage 1, refcount 3 -> 2
 *   a._b = b, b._a = a collect 4, garbage 2, refcounts 3, 3 -> 2, 2
 *   then b._a = None   collect 0, garbage 0, refcounts 2, 3 -> 1, 2
 * (sys.getrefcount counts its own argument, rco_refcount does not.)
 */
#include "rco_test.h"

#include <stdbool.h>

static int dels_run;

/* Python 2's `def __del__(self): pass`, counted. */
static void cgcleak_del(rco_object *self)
{
    dels_run++;
}

/* An instance whose __init__ did self._text = fill * 10. */
static rco_object *new_leak(rco_type *cls, char fill)
{
    char text[11];
    memset(text, fill, 10);
    text[10] = '\0';
    rco_object *o = rco_instance_new(cls);
    assert_non_null(o);
    rco_object *s = rco_str(text);
    assert_int_equal(rco_setattr(o, "_text", s), 0);
    rco_decref(s);
    return o;
}

static rco_type *leak_class(const char *name)
{
    rco_type *cls = rco_class_new(name, NULL, cgcleak_del);
    assert_non_null(cls);
    return cls;
}

/* The attribute dict of an instance (borrowed from the referents list,
 * which is released: the instance keeps the dict alive). */
static rco_object *attribute_dict(rco_object *o)
{
    rco_object *referents = rco_gc_get_referents(o);
    assert_non_null(referents);
    assert_int_equal(rco_len(referents), 2); /* the class, the dict */
    rco_object *dict = rco_list_get(referents, 1);
    rco_decref(referents);
    return dict;
}

/* Free what the seed leaves behind, as it advises: break the cycles by
 * hand, then `del gc.garbage[:]`. */
static void free_garbage_by_hand(const char *attr)
{
    rco_object *garbage = rco_gc_garbage();
    for (ssize_t i = 0; i < rco_len(garbage); i++) {
        rco_object *o = rco_list_get(garbage, (size_t)i);
        if (rco_hasattr(o, attr) == 1)
            assert_int_equal(rco_delattr(o, attr), 0);
    }
    rco_list_clear(garbage);
}


static void assert_has_line(const char *text, const char *what, const void *address)
{
    char line[128];
    snprintf(line, sizeof line, "gc: uncollectable <%s %p>\n", what, address);
    if (!strstr(text, line)) {
        fprintf(stderr, "expected \"%s\" in:\n%s", line, text);
        fail();
    }
}

static int count_lines(const char *text)
{
    int n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

/* ---- experiment 1: no cycle -------------------------------------------- */

static void instance_without_cycle_has_count_one_and_leaves_no_garbage(void **state)
{
    dels_run = 0;
    rco_type *cls = leak_class("CGcLeak");
    rco_gc_collect(-1);
    rco_object *gcleak = new_leak(cls, '#');
    assert_int_equal(rco_refcount(gcleak), 1); /* the seed's "ref count0:2" */
    rco_decref(gcleak);
    assert_int_equal(dels_run, 1); /* freed by count: __del__ ran */
    assert_int_equal(rco_gc_collect(-1), 0); /* "unreachable object num:0" */
    assert_int_equal(rco_len(rco_gc_garbage()), 0); /* "garbage object num:0" */
    rco_decref((rco_object *)cls);
}

/* ---- experiment 2: a self cycle ---------------------------------------- */

static void self_cycle_with_del_is_uncollectable(void **state)
{
    dels_run = 0;
    rco_type *cls = leak_class("CGcLeak");
    rco_gc_collect(-1);
    rco_object *gcleak = new_leak(cls, '#');
    rco_setattr(gcleak, "_self", gcleak); /* test_code_1 */
    assert_int_equal(rco_refcount(gcleak), 2); /* "ref count0:3" */
    rco_decref(gcleak);
    assert_int_equal(rco_gc_collect(-1), 2); /* "unreachable object num:2" */
    rco_object *garbage = rco_gc_garbage();
    assert_int_equal(rco_len(garbage), 1); /* "garbage object num:1" */
    assert_ptr_equal(rco_list_get(garbage, 0), gcleak);
    assert_string_equal(rco_type_name(gcleak), "CGcLeak");
    assert_int_equal(dels_run, 0); /* no order is safe, so none ran */
    free_garbage_by_hand("_self");
    assert_int_equal(dels_run, 1);
    rco_decref((rco_object *)cls);
}

static void self_cycle_debug_lines_name_instance_and_its_dict(void **state)
{
    rco_type *cls = leak_class("CGcLeak");
    rco_gc_collect(-1);
    rco_object *gcleak = new_leak(cls, '#');
    rco_setattr(gcleak, "_self", gcleak);
    rco_object *dict = attribute_dict(gcleak);
    char expected[256];
    snprintf(expected, sizeof expected,
             "gc: uncollectable <CGcLeak %p>\n"
             "gc: uncollectable <dict %p>\n",
             (void *)gcleak, (void *)dict);
    rco_decref(gcleak);
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_COLLECTABLE | RCO_GC_DEBUG_UNCOLLECTABLE);
    rco_gc_collect(-1);
    char *text = rco_test_gc_captured(f);
    assert_string_equal(text, expected);
    free(text);
    free_garbage_by_hand("_self");
    rco_decref((rco_object *)cls);
}

static void uncollectable_dict_holds_the_instance_attributes(void **state)
{
    rco_type *cls = leak_class("CGcLeak");
    rco_object *gcleak = new_leak(cls, '#');
    rco_setattr(gcleak, "_self", gcleak);
    rco_decref(gcleak);
    rco_gc_collect(-1);
    rco_object *dict = attribute_dict(gcleak);
    char expected[128];
    snprintf(expected, sizeof expected, "{'_text': '##########', '_self': <CGcLeak object at %p>}",
             (void *)gcleak);
    assert_repr(dict, expected); /* insertion order, where Python 2 had hash order */
    free_garbage_by_hand("_self");
    rco_decref((rco_object *)cls);
}

/* ---- experiment 3: two objects in a cycle ------------------------------ */

typedef struct pair {
    rco_type *cls_a, *cls_b;
    rco_object *a, *b;
} pair;

static pair make_pair(bool link_a_to_b, bool link_b_to_a)
{
    pair p;
    p.cls_a = leak_class("CGcLeakA");
    p.cls_b = leak_class("CGcLeakB");
    p.a = new_leak(p.cls_a, '#');
    p.b = new_leak(p.cls_b, '*');
    if (link_a_to_b)
        rco_setattr(p.a, "_b", p.b); /* test_code_2 */
    if (link_b_to_a)
        rco_setattr(p.b, "_a", p.a); /* test_code_3 */
    return p;
}

static void release_classes(pair *p)
{
    rco_decref((rco_object *)p->cls_a);
    rco_decref((rco_object *)p->cls_b);
}

static void two_object_cycle_with_dels_is_uncollectable(void **state)
{
    dels_run = 0;
    rco_gc_collect(-1);
    pair p = make_pair(true, true);
    assert_int_equal(rco_refcount(p.a), 2); /* "ref count0:a=3 b=3" */
    assert_int_equal(rco_refcount(p.b), 2);
    rco_decref(p.a);
    rco_decref(p.b);
    assert_int_equal(rco_gc_collect(-1), 4); /* "unreachable object num:4" */
    rco_object *garbage = rco_gc_garbage();
    assert_int_equal(rco_len(garbage), 2); /* "garbage object num:2" */
    bool has_a = false, has_b = false;
    for (size_t i = 0; i < 2; i++) {
        has_a |= rco_list_get(garbage, i) == p.a;
        has_b |= rco_list_get(garbage, i) == p.b;
    }
    assert_true(has_a && has_b);
    assert_int_equal(dels_run, 0);
    rco_delattr(p.b, "_a");
    rco_list_clear(garbage);
    assert_int_equal(dels_run, 2);
    release_classes(&p);
}

static void two_object_cycle_debug_lines_name_all_four(void **state)
{
    rco_gc_collect(-1);
    pair p = make_pair(true, true);
    rco_object *dict_a = attribute_dict(p.a), *dict_b = attribute_dict(p.b);
    rco_decref(p.a);
    rco_decref(p.b);
    FILE *f = rco_test_gc_capture(RCO_GC_DEBUG_COLLECTABLE | RCO_GC_DEBUG_UNCOLLECTABLE);
    rco_gc_collect(-1);
    char *text = rco_test_gc_captured(f);
    assert_int_equal(count_lines(text), 4);
    assert_has_line(text, "CGcLeakA", p.a);
    assert_has_line(text, "CGcLeakB", p.b);
    assert_has_line(text, "dict", dict_a);
    assert_has_line(text, "dict", dict_b);
    free(text);
    rco_delattr(p.b, "_a");
    rco_list_clear(rco_gc_garbage());
    release_classes(&p);
}

/* ---- experiment 4: the cycle broken by hand --------------------------- */

static void cycle_broken_before_dropping_leaves_nothing(void **state)
{
    dels_run = 0;
    rco_gc_collect(-1);
    pair p = make_pair(true, true);
    assert_int_equal(rco_refcount(p.a), 2); /* printed before test_code_4 */
    assert_int_equal(rco_refcount(p.b), 2);
    rco_setattr(p.b, "_a", rco_none()); /* test_code_4 */
    assert_int_equal(rco_refcount(p.a), 1); /* the seed's "a = 2 B = 3" */
    assert_int_equal(rco_refcount(p.b), 2);
    rco_decref(p.a);
    rco_decref(p.b);
    assert_int_equal(dels_run, 2); /* both freed by count, dels and all */
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    release_classes(&p);
}

static void cycle_without_back_link_leaves_nothing(void **state)
{
    rco_gc_collect(-1);
    pair p = make_pair(true, false); /* test_code_3 commented out */
    assert_int_equal(rco_refcount(p.a), 1); /* "a = 2" */
    assert_int_equal(rco_refcount(p.b), 2); /* "B = 3" */
    rco_decref(p.a);
    rco_decref(p.b);
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_int_equal(rco_len(rco_gc_garbage()), 0);
    release_classes(&p);
}

/* ---- the seed's conclusion: DEBUG_LEAK finds the leak ------------------ */

static void debug_leak_keeps_the_whole_cycle_for_inspection(void **state)
{
    rco_type *cls = leak_class("CGcLeak");
    rco_gc_collect(-1);
    rco_object *gcleak = new_leak(cls, '#');
    rco_setattr(gcleak, "_self", gcleak);
    rco_decref(gcleak);
    FILE *f = tmpfile();
    rco_gc_set_debug_stream(f);
    rco_gc_set_debug(RCO_GC_DEBUG_LEAK);
    assert_int_equal(rco_gc_collect(-1), 2);
    char *text = rco_test_gc_captured(f);
    assert_int_equal(count_lines(text), 2);
    assert_int_equal(rco_len(rco_gc_garbage()), 2); /* SAVEALL: the dict too */
    free(text);
    rco_delattr(gcleak, "_self");
    rco_list_clear(rco_gc_garbage());
    rco_decref((rco_object *)cls);
}

static void garbage_freed_by_hand_is_gone_after_collect(void **state)
{
    dels_run = 0;
    rco_gc_collect(-1);
    pair p = make_pair(true, true);
    rco_object *w = rco_weakref_new(p.a, NULL, NULL);
    rco_decref(p.a);
    rco_decref(p.b);
    assert_int_equal(rco_gc_collect(-1), 4);
    free_garbage_by_hand("_a");
    assert_int_equal(rco_gc_collect(-1), 0);
    assert_null(rco_weakref_get(w));
    assert_int_equal(dels_run, 2);
    rco_decref(w);
    release_classes(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(instance_without_cycle_has_count_one_and_leaves_no_garbage),
        RCO_TEST(self_cycle_with_del_is_uncollectable),
        RCO_TEST(self_cycle_debug_lines_name_instance_and_its_dict),
        RCO_TEST(uncollectable_dict_holds_the_instance_attributes),
        RCO_TEST(two_object_cycle_with_dels_is_uncollectable),
        RCO_TEST(two_object_cycle_debug_lines_name_all_four),
        RCO_TEST(cycle_broken_before_dropping_leaves_nothing),
        RCO_TEST(cycle_without_back_link_leaves_nothing),
        RCO_TEST(debug_leak_keeps_the_whole_cycle_for_inspection),
        RCO_TEST(garbage_freed_by_hand_is_gone_after_collect),
    };
    RCO_RUN_TESTS(tests);
}
