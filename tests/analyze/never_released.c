/*
 * A new reference that is used and never released, nor handed on.
 */
#include <rco.h>

void print_answer(void)
{
    rco_object *answer = rco_build("{s:i}", "answer", 42); /* note: rco_build returns a new reference */
    rco_print(answer, stdout);
} /* expect: leak */

ssize_t length_of_repr(rco_object *o)
{
    rco_object *r = rco_repr(o);
    if (!r)
        return -1;
    return rco_len(r); /* expect: leak */
}

void print_answer_and_release(void)
{
    rco_object *answer = rco_build("{s:i}", "answer", 42);
    rco_print(answer, stdout);
    rco_xdecref(answer);
}

ssize_t length_of_repr_released(rco_object *o)
{
    rco_object *r = rco_repr(o);
    if (!r)
        return -1;
    ssize_t n = rco_len(r);
    rco_decref(r);
    return n;
}

/* Immortal singletons may be released or not: neither is a finding. */
rco_object *none_kept(void)
{
    rco_object *none = rco_none();
    (void)rco_is_none(none);
    return rco_bool(1);
}

void none_released(void)
{
    rco_decref(rco_none());
}
