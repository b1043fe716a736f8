/*
 * Releasing twice: after an rco_decref, or after handing the reference
 * to a _steal function.
 */
#include <rco.h>

void release_twice(void)
{
    rco_object *x = rco_int(1000);
    if (!x)
        return;
    rco_decref(x); /* note: released here */
    rco_decref(x); /* expect: use-after-release */
}

void release_after_steal(rco_object *list)
{
    rco_object *x = rco_str("a");
    rco_list_append_steal(list, x); /* note: handed on here */
    rco_decref(x); /* expect: not-owned */
}

void release_both_after_dict_steal(rco_object *dict)
{
    rco_object *k = rco_str("k"), *v = rco_int(1000);
    rco_dict_set_steal(dict, k, v);
    rco_xdecref(v); /* expect: not-owned */
}

void release_each_reference_once(void)
{
    rco_object *x = rco_int(1000);
    if (!x)
        return;
    rco_object *again = rco_incref(x);
    rco_decref(x);
    rco_decref(again);
}
