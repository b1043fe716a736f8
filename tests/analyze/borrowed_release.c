/*
 * Releasing a borrowed reference: the container still counts on it.
 */
#include <rco.h>

void drop_first(rco_object *list)
{
    rco_object *first = rco_list_get(list, 0); /* note: rco_list_get returns a borrowed reference */
    if (first)
        rco_decref(first); /* expect: not-owned */
}

void drop_setting(rco_object *config)
{
    rco_decref(rco_dict_get_str(config, "mode")); /* expect: not-owned */
}

/* rco_list_pop hands the list's reference over: that one is ours. */
void pop_first(rco_object *list)
{
    rco_object *first = rco_list_pop(list, 0);
    rco_xdecref(first);
}

/* A reference of our own to a borrowed object, released. */
void keep_first(rco_object *list)
{
    rco_object *first = rco_list_get(list, 0);
    if (!first)
        return;
    rco_incref(first);
    rco_list_clear(list);
    rco_print(first, stdout);
    rco_decref(first);
}
