/*
 * text/str_of.c: str(o), which is repr(o) for everything but a str (a
 * str is its own str; a container's str shows its items' reprs).
 */
#include "types/str.h"

rco_object *rco_str_of(rco_object *o)
{
    if (!rco__check_obj(o, "rco_str_of"))
        return NULL;
    if (o->type->kind == RCO__KIND_STR) {
        RCO__INCREF(o);
        RCO__LEDGER_GIVE(o);
        return o;
    }
    return rco_repr(o);
}
