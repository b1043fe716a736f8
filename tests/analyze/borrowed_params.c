/*
 * Parameters are borrowed unless marked RCO_STEALS: releasing one is an
 * error, and a stolen one must be released or handed on.
 */
#include <rco.h>
#include <rco/pyapi.h>

void forget(rco_object *o) /* note: parameter 'o' is borrowed */
{
    rco_decref(o); /* expect: not-owned */
}

void forget_py(PyObject *o)
{
    Py_DECREF(o); /* expect: not-owned */
}

void forget_class(rco_type *cls)
{
    rco_decref((rco_object *)cls); /* expect: not-owned */
}

void forget_stolen(RCO_STEALS rco_object *o)
{
    rco_xdecref(o);
}

int keep_stolen(rco_object *list, RCO_STEALS rco_object *o) /* note: parameter 'o' is stolen */
{
    return rco_len(list) < 0 ? -1 : 0; /* expect: leak */
}

int store_stolen(rco_object *list, RCO_STEALS rco_object *o)
{
    return rco_list_append_steal(list, o);
}

RCO_NEW rco_object *own_reference(rco_object *o)
{
    return rco_incref(o);
}

/* A helper called in this file is checked on its own too, not only for
 * the arguments its callers happen to pass. */
static void drop(rco_object *o)
{
    rco_decref(o); /* expect: not-owned */
}

void make_and_drop(void)
{
    rco_object *x = rco_int(1000);
    if (x)
        drop(x);
}
