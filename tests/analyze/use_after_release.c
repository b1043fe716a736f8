/*
 * Using an object after releasing the reference that kept it alive
 * (seed 001, in rco's names).
 */
#include <rco.h>

ssize_t length_after_release(void)
{
    rco_object *s = rco_str("abc");
    if (!s)
        return -1;
    rco_print(s, stdout);
    rco_decref(s); /* note: released here */
    return rco_len(s); /* expect: use-after-release */
}

ssize_t length_before_release(void)
{
    rco_object *s = rco_str("abc");
    if (!s)
        return -1;
    ssize_t n = rco_len(s);
    rco_decref(s);
    return n;
}

/* After a steal, or after a storing call and a release, the container
 * holds the object: using it is using a borrowed reference. */
int64_t value_after_steal(rco_object *list)
{
    rco_object *x = rco_int(1000);
    if (rco_list_append_steal(list, x) < 0)
        return -1;
    return rco_int_value(x);
}

int64_t value_after_append_and_release(rco_object *list)
{
    rco_object *x = rco_int(1000);
    if (!x)
        return -1;
    int rc = rco_list_append(list, x);
    rco_decref(x);
    return rc < 0 ? -1 : rco_int_value(x);
}
