/*
 * A leak on an error branch: the path the tests never take.
 */
#include <rco.h>

int add_entry(rco_object *dict, const char *key, int64_t v)
{
    rco_object *value = rco_int(v); /* note: rco_int returns a new reference */
    if (!value)
        return -1;
    if (rco_dict_set_str(dict, key, value) < 0)
        return -1; /* expect: leak */
    rco_decref(value);
    return 0;
}

int add_entry_released_on_error(rco_object *dict, const char *key, int64_t v)
{
    rco_object *value = rco_int(v);
    if (!value)
        return -1;
    int rc = rco_dict_set_str(dict, key, value);
    rco_decref(value);
    return rc;
}

/* The cleanup-label style: every path releases what it holds. */
int add_pair(rco_object *dict)
{
    int rc = -1;
    rco_object *key = rco_str("k"), *value = NULL;
    if (!key)
        goto done;
    value = rco_int(1000);
    if (!value)
        goto done;
    if (rco_dict_set(dict, key, value) < 0)
        goto done;
    rc = 0;
done:
    rco_xdecref(key);
    rco_xdecref(value);
    return rc;
}

int add_pair_forgetting_the_key(rco_object *dict)
{
    int rc = -1;
    rco_object *key = rco_str("k"), *value = NULL;
    if (!key)
        goto done;
    value = rco_int(1000);
    if (!value)
        goto done;
    if (rco_dict_set(dict, key, value) < 0)
        goto done;
    rc = 0;
    rco_decref(key);
done:
    rco_xdecref(value); /* expect: leak */
    return rc;
}
