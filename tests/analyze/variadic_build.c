/*
 * rco_build's variadic arguments: N steals (no finding), O and S take a
 * reference of their own (so the caller's must still be released).
 */
#include <rco.h>
#include <rco/pyapi.h>

RCO_NEW rco_object *pair_of_new(void)
{
    return rco_build("(NN)", rco_int(1000), rco_str("a"));
}

RCO_NEW rco_object *pair_of_kept(void)
{
    rco_object *a = rco_int(1000), *b = rco_str("a"); /* note: rco_int returns a new reference */
    return rco_build("(OS)", a, b); /* expect: leak */ /* expect: leak */
}

/* Codes before an object count: s# takes two arguments, i one. */
RCO_NEW rco_object *mixed(rco_object *stolen, rco_object *kept)
{
    rco_object *x = rco_int(1000), *y = rco_int(2000);
    rco_object *d = rco_build("{s:N, s#:O, s:i}", "x", x, "yy", (ssize_t)1, y, "z", 3);
    rco_xdecref(y);
    (void)stolen;
    (void)kept;
    return d;
}

RCO_NEW rco_object *mixed_forgetting_y(void)
{
    rco_object *x = rco_int(1000), *y = rco_int(2000);
    return rco_build("{s:N, s#:O, s:i}", "x", x, "yy", (ssize_t)1, y, "z", 3); /* expect: leak */
}

/* Nested builds, and the CPython spelling. */
RCO_NEW rco_object *nested(void)
{
    return rco_build("(N[N])", rco_build("[i]", 1), Py_BuildValue("s", "a"));
}

RCO_NEW PyObject *py_pair(void)
{
    return Py_BuildValue("(NO)", PyLong_FromLong(1000), PyLong_FromLong(2000)); /* expect: leak */
}

/* After N the tuple holds the object: using it is borrowing it, releasing
 * it again is an error. */
int64_t used_after_N(void)
{
    rco_object *x = rco_int(1000);
    rco_object *t = rco_build("(N)", x);
    int64_t v = rco_int_value(x);
    rco_xdecref(t);
    return v;
}

void released_after_N(void)
{
    rco_object *x = rco_int(1000);
    rco_object *t = rco_build("(N)", x); /* note: handed on here */
    rco_xdecref(t);
    rco_decref(x); /* expect: not-owned */
}

/* A format that is not a literal, or that rco_build rejects, cannot be
 * read: its objects are not followed either way. */
RCO_NEW rco_object *built_from(const char *fmt, rco_object *o)
{
    rco_object *x = rco_int(1000);
    rco_object *r = rco_build(fmt, x, o);
    return r;
}

void malformed_format(void)
{
    rco_object *before = rco_int(1000), *after = rco_int(2000);
    rco_object *r = rco_build("[N] ? [N]", before, after);
    rco_xdecref(r);
    rco_xdecref(after);
}
