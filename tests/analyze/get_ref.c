/*
 * The getters that hand out new references, for threads: the reference
 * they store through out must be released like any other.
 */
#include <rco.h>

int64_t lookup_forgotten(rco_object *d, rco_object *key)
{
    rco_object *v = NULL;
    if (rco_dict_get_ref(d, key, &v) != 1)
        return -1;
    return rco_int_value(v); /* expect: leak */
}

int64_t lookup_released(rco_object *d, const char *key)
{
    rco_object *v = NULL;
    if (rco_dict_get_str_ref(d, key, &v) != 1)
        return -1;
    int64_t n = rco_int_value(v);
    rco_decref(v);
    return n;
}

ssize_t item_forgotten(rco_object *l)
{
    rco_object *item = rco_list_get_ref(l, 0);
    if (!item)
        return -1;
    return rco_len(item); /* expect: leak */
}

ssize_t item_released(rco_object *l)
{
    rco_object *item = rco_list_get_ref(l, 0);
    if (!item)
        return -1;
    ssize_t n = rco_len(item);
    rco_decref(item);
    return n;
}
