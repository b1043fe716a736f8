/*
 * Functions of one's own, annotated like rco.h's: their callers are
 * checked against what the annotations promise, and their bodies against
 * the promise they make.
 */
#include <rco.h>

/* Defined elsewhere: the analyzer knows only the annotations. */
RCO_NEW rco_object *make_point(int64_t x, int64_t y);
RCO_BORROWED rco_object *point_x(rco_object *point);
int point_set_x_steal(rco_object *point, RCO_STEALS rco_object *x);

void show_point(void)
{
    rco_object *p = make_point(1, 2); /* note: make_point returns a new reference */
    rco_print(p, stdout);
} /* expect: leak */

void show_point_released(void)
{
    rco_object *p = make_point(1, 2);
    rco_print(p, stdout);
    rco_xdecref(p);
}

void drop_x(rco_object *point)
{
    rco_decref(point_x(point)); /* expect: not-owned */
}

void move_x(rco_object *point)
{
    point_set_x_steal(point, rco_int(1000));
}

/* Own stealing functions leave the argument released, not borrowed. */
void move_x_and_print(rco_object *point)
{
    rco_object *x = rco_int(1000);
    point_set_x_steal(point, x);
    rco_print(x, stdout); /* expect: use-after-release */
}

/* Bodies keep their functions' promises, or are flagged. */
RCO_NEW rco_object *make_pair(void)
{
    return rco_build("(ii)", 1, 2);
}

RCO_NEW rco_object *first_of(rco_object *list)
{
    return rco_list_get(list, 0); /* expect: returns-borrowed */
}

RCO_BORROWED rco_object *cached_answer(void)
{
    rco_object *x = rco_int(1000);
    return x; /* expect: leak */ /* note: returned from a function that promises a borrowed reference */
}
