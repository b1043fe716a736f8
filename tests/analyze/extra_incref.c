/*
 * One rco_incref too many: the extra reference is never released.
 */
#include <rco.h>

void touch(void)
{
    rco_object *x = rco_int(1000);
    if (!x)
        return;
    rco_incref(x); /* note: reference taken: 2 references held here */
    rco_print(x, stdout);
    rco_decref(x); /* note: reference released: 1 reference still held here */
} /* expect: leak */

RCO_NEW rco_object *first_item(rco_object *list)
{
    rco_object *item = rco_list_get(list, 0);
    if (!item)
        return NULL;
    rco_incref(item);
    rco_incref(item);
    return item; /* expect: leak */
}

void touch_balanced(void)
{
    rco_object *x = rco_int(1000);
    if (!x)
        return;
    rco_incref(x);
    rco_print(x, stdout);
    rco_decref(x);
    rco_decref(x);
}

RCO_NEW rco_object *first_item_once(rco_object *list)
{
    rco_object *item = rco_list_get(list, 0);
    if (!item)
        return NULL;
    return rco_incref(item);
}
