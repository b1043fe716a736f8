/*
 * A new reference handed to a function that does not steal (seed 000's
 * bug): the function takes a reference of its own, and the caller's is
 * never released.
 */
#include <rco.h>

int append_new(rco_object *list)
{
    return rco_list_append(list, rco_int(1000)); /* expect: leak */ /* note: rco_int returns a new reference */
}

int set_new_value(rco_object *dict)
{
    rco_object *value = rco_str("v"); /* note: rco_str returns a new reference */
    if (!value)
        return -1;
    return rco_dict_set_str(dict, "k", value); /* expect: leak */
}

/* The fixes: hand it to a _steal function, or release it after the call. */
int append_stolen(rco_object *list)
{
    return rco_list_append_steal(list, rco_int(1000));
}

int set_then_release(rco_object *dict)
{
    rco_object *value = rco_str("v");
    if (!value)
        return -1;
    int rc = rco_dict_set_str(dict, "k", value);
    rco_decref(value);
    return rc;
}
