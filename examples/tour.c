/*
 * tour.c: the seeds' points, one by one, with rco: new, borrowed and
 * stolen references, the leaky append and its two fixes, a tuple filled
 * with stolen items, rco_build, and counts printed as it goes.
 * Run it with `make run`.
 */
#include <rco.h>

#include <stdio.h>

static void show(const char *what, rco_object *o)
{
    printf("  %-44s ", what);
    rco_print(o, stdout);
    printf("   (count %ld)\n", (long)rco_refcount(o));
}

static void new_references(void)
{
    printf("\n1. Constructors return NEW references: you own them.\n");
    rco_object *n = rco_int(1000);
    show("rco_int(1000)", n);
    rco_object *l = rco_list_new(0);
    show("rco_list_new(0)", l);
    printf("  You give each one back with rco_decref (or hand it on).\n");
    rco_decref(n);
    rco_decref(l);
}

static void borrowed_references(void)
{
    printf("\n2. Getters return BORROWED references: the container keeps owning.\n");
    rco_object *l = rco_list_new(0);
    rco_list_append_steal(l, rco_str("item"));
    rco_object *item = rco_list_get(l, 0);
    show("rco_list_get(l, 0)", item);
    printf("  The count did not change. To keep it past the list, take your own:\n");
    rco_incref(item);
    show("after rco_incref(item)", item);
    rco_decref(l);
    show("the list is gone; our reference keeps it", item);
    rco_decref(item);
}

static void leaky_append(void)
{
    printf("\n3. Seed 000's leak: a new reference passed to a function that does not steal.\n");
    rco_object *l = rco_list_new(0);
    rco_object *n = rco_int(1001);
    rco_list_append(l, n); /* the list takes its own reference */
    show("rco_list_append(l, rco_int(1001)) -> item", n);
    printf("  Count 2: one held by the list, one by us. Written as\n"
           "  rco_list_append(l, rco_int(1001)) ours is never released: a leak.\n");
    printf("  Fix 1: release ours after appending.\n");
    rco_decref(n);
    show("after rco_decref(item)", rco_list_get(l, 0));
    printf("  Fix 2: the _steal variant hands our reference over to the list.\n");
    rco_list_append_steal(l, rco_int(1002));
    show("rco_list_append_steal(l, rco_int(1002))", rco_list_get(l, 1));
    show("the list", l);
    rco_decref(l);
}

static void stolen_tuple(void)
{
    printf("\n4. Seed 003's tuple (1, 2, \"three\"), filled with stolen items.\n");
    rco_object *t = rco_tuple_new(3);
    rco_tuple_set_steal(t, 0, rco_int(1));
    rco_tuple_set_steal(t, 1, rco_int(2));
    rco_tuple_set_steal(t, 2, rco_str("three"));
    show("rco_tuple_set_steal x3", t);
    printf("  A _steal function steals even when it fails, so nothing leaks:\n");
    int status = rco_tuple_set_steal(t, 7, rco_str("lost"));
    printf("  rco_tuple_set_steal(t, 7, ...) = %d: %s: %s\n", status, rco_err_name(rco_err_occurred()),
           rco_err_message());
    rco_err_clear();
    printf("  And the same as a list, with a setter that does not steal:\n");
    rco_object *l = rco_list_new(3);
    const char *three = "three";
    for (int i = 0; i < 3; i++) {
        rco_object *x = i < 2 ? rco_int(i + 1) : rco_str(three);
        rco_list_set(l, (size_t)i, x);
        rco_decref(x);
    }
    show("rco_list_set + rco_decref x3", l);
    rco_decref(t);
    rco_decref(l);
}

static void building(void)
{
    printf("\n5. Or in one call, like Py_BuildValue.\n");
    rco_object *t = rco_build("(iis)", 1, 2, "three");
    show("rco_build(\"(iis)\", 1, 2, \"three\")", t);
    rco_object *l = rco_build("[iis]", 1, 2, "three");
    show("rco_build(\"[iis]\", 1, 2, \"three\")", l);
    rco_object *d = rco_build("{s:i, s:(d,O)}", "answer", 42, "pair", 0.5, t);
    show("rco_build(\"{s:i, s:(d,O)}\", ...)", d);
    printf("  O took its own reference to the tuple: its count is now %ld.\n", (long)rco_refcount(t));
    int a, b;
    const char *s;
    if (rco_unpack(t, "iis", &a, &b, &s) == 0)
        printf("  rco_unpack(t, \"iis\", ...) gives %d, %d, \"%s\" (the string borrowed)\n", a, b, s);
    rco_decref(d);
    rco_decref(l);
    rco_decref(t);
}

static void equal_keys(void)
{
    printf("\n6. Equal values are equal keys, as in Python.\n");
    rco_object *d = rco_dict_new();
    rco_dict_set_steal(d, rco_int(1), rco_str("int"));
    rco_dict_set_steal(d, rco_float(1.0), rco_str("float"));
    rco_dict_set_steal(d, rco_true(), rco_str("bool"));
    show("d[1], d[1.0], d[True] = ...", d);
    rco_object *key = rco_list_new(0);
    if (rco_dict_set(d, key, key) < 0)
        printf("  a list as key: %s: %s\n", rco_err_name(rco_err_occurred()), rco_err_message());
    rco_err_clear();
    rco_decref(key);
    rco_decref(d);
}

static void deep_and_cyclic(void)
{
    printf("\n7. Destruction never recurses without bound; cycles need the collector.\n");
    rco_object *deep = rco_list_new(0);
    for (int i = 0; i < 1000000; i++) {
        rco_object *outer = rco_list_new(0);
        rco_list_append_steal(outer, deep);
        deep = outer;
    }
    printf("  a list nested 1,000,000 deep: ");
    rco_decref(deep);
    printf("freed.\n");
    rco_object *self = rco_list_new(0);
    rco_list_append(self, self);
    show("l.append(l)", self);
    rco_decref(self);
    printf("  after rco_decref the cycle keeps itself alive; rco_gc_collect(-1) finds %zd object(s).\n",
           rco_gc_collect(-1));
}

int main(void)
{
    printf("rco %s: Python's reference counting for C programs\n", RCO_VERSION_STRING);
    new_references();
    borrowed_references();
    leaky_append();
    stolen_tuple();
    building();
    equal_keys();
    deep_and_cyclic();
    rco_mem_stats stats;
    rco_mem_get_stats(&stats);
    printf("\nLive blocks at the end: %zu. `make run` goes on with the collector (seed 004)\n"
           "and the leak detective (seed 000).\n\n",
           stats.blocks_in_use);
    rco_shutdown();
    return 0;
}
