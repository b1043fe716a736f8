/*
 * Classes (rco_type *) and instances of classes and of C types. A class
 * passed to a function is still tracked, and so are the objects made
 * from it.
 */
#include <rco.h>

static rco_type point_type = { .name = "point", .size = sizeof(rco_object) };

int make_one_instance(void)
{
    rco_type *cls = rco_class_new("C", NULL, NULL); /* note: rco_class_new returns a new reference */
    if (!cls)
        return -1;
    rco_object *instance = rco_instance_new(cls); /* expect: leak */
    if (!instance)
        return -1;
    rco_decref(instance);
    return 0;
}

int make_one_instance_released(void)
{
    rco_type *cls = rco_class_new("C", NULL, NULL);
    if (!cls)
        return -1;
    rco_object *instance = rco_instance_new(cls);
    rco_decref((rco_object *)cls);
    if (!instance)
        return -1;
    rco_decref(instance);
    return 0;
}

void show_instance(rco_type *cls)
{
    rco_object *o = rco_instance_new(cls); /* note: rco_instance_new returns a new reference */
    rco_print(o, stdout);
} /* expect: leak */

int is_new_point(void)
{
    rco_object *p = rco_new(&point_type); /* note: rco_new returns a new reference */
    return rco_is_type(p, &point_type); /* expect: leak */
}

int is_new_point_released(void)
{
    rco_object *p = rco_new(&point_type);
    if (!p)
        return -1;
    int yes = rco_is_type(p, &point_type);
    rco_decref(p);
    return yes;
}
