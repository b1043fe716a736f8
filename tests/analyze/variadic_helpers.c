/*
 * Variadic functions of one's own that steal their object arguments, or
 * take a format like rco_build's: a macro of the function's name tells the
 * analyzer (and is the plain call for compilers).
 */
#include <stdarg.h>

#include <rco.h>

/* The name in parentheses: the macro below must not expand here. */
static RCO_NEW rco_object *(tuple_of)(size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    rco_object *t = rco_tuple_new(n);
    for (size_t i = 0; i < n; i++)
        rco_tuple_set_steal(t, i, va_arg(ap, rco_object *));
    va_end(ap);
    return t;
}
#define tuple_of(...) RCO_STEALS_VA(tuple_of, 1, __VA_ARGS__)

static int(append_all)(rco_object *list, ...)
{
    va_list ap;
    va_start(ap, list);
    int rc = 0;
    for (rco_object *o; (o = va_arg(ap, rco_object *)) != NULL;)
        rc |= rco_list_append_steal(list, o);
    va_end(ap);
    return rc;
}
#define append_all(...) RCO_STEALS_VA(append_all, 1, __VA_ARGS__)

static RCO_NEW rco_object *(built)(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rco_object *o = rco_build_va(fmt, ap);
    va_end(ap);
    return o;
}
#define built(...) RCO_BUILDS_VA(built, __VA_ARGS__)

/* A variadic function that takes references of its own, unannotated. */
RCO_NEW rco_object *list_of_copies(size_t n, ...);

void helpers_steal(rco_object *list)
{
    rco_object *t = tuple_of(2, rco_int(1000), rco_str("a"));
    rco_xdecref(t);
    append_all(list, rco_int(1000), tuple_of(1, rco_float(0.5)), (rco_object *)NULL);
    rco_object *b = built("[N, O]", rco_int(1000), list);
    rco_xdecref(b);
}

void helper_keeps(void)
{
    rco_object *b = built("[O]", rco_int(1000)); /* expect: leak */
    rco_xdecref(b);
}

void copies_keep(void)
{
    rco_object *l = list_of_copies(1, rco_int(1000)); /* expect: leak */
    rco_xdecref(l);
}
