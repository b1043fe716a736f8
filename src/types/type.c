/*
 * types/type.c: type objects, and the types C code defines for itself:
 * made ready on first use, instantiated with rco_new and rco_gc_new.
 */
#include "types/types.h"

static void type_repr(rco_object *self, rco__buf *b)
{
    rco__buf_printf(b, "<class '%s'>", ((rco_type *)self)->name);
}

rco_type rco__type_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "type",
    .size = sizeof(rco_type),
    .flags = RCO_TYPE_READY,
    .kind = RCO__KIND_TYPE,
    .repr_into = type_repr,
};

void rco__repr_default(rco_object *o, rco__buf *b)
{
    rco__buf_printf(b, "<%s object at %p>", o->type->name, (void *)o);
}

int rco__type_ready(rco_type *t)
{
    if (t->flags & RCO_TYPE_READY)
        return 0;
    if (!t->name || t->size < sizeof(rco_object)) {
        rco__err_set(RCO_ERR_VALUE, "type %s: needs a name and a size of at least sizeof(rco_object)",
                     t->name ? t->name : "(unnamed)");
        return -1;
    }
    if ((t->flags & RCO_TYPE_GC) && !t->traverse) {
        rco__err_set(RCO_ERR_VALUE, "type %s: RCO_TYPE_GC needs a traverse slot", t->name);
        return -1;
    }
    if (t->kind != RCO__KIND_USER || t->has_gc_head || t->count_offset || t->item_size || t->var_size ||
        t->block_size || t->len || t->repr_into || t->container || t->order || t->truth || t->iter_step ||
        (t->flags & ~(unsigned)0xffff)) {
        rco__err_set(RCO_ERR_VALUE, "type %s: leave the fields after 'equal' zero", t->name);
        return -1;
    }
    /* Equal objects must hash equal: a type that says which objects are
     * equal but not how they hash cannot be hashed (Python sets __hash__
     * to None when a class defines __eq__ alone). */
    if (t->equal && !t->hash)
        t->flags |= RCO_TYPE_UNHASHABLE;
    /* A finalizer needs the FINALIZED bit, which lives in the gc head. */
    t->has_gc_head = (t->flags & RCO_TYPE_GC) || t->finalize || t->legacy_del;
    t->block_size = RCO__BLOCK(t->size, t->has_gc_head);
    if (!t->ob.type) {
        t->ob.type = &rco__type_type;
        t->ob.ref_local = RCO__LOCAL_IMMORTAL;
    }
    t->flags |= RCO_TYPE_READY;
    return 0;
}

static rco_object *new_user_object(rco_type *t, bool gc, const char *fn)
{
    if (!t) {
        rco__err_set(RCO_ERR_TYPE, "%s: type is NULL", fn);
        return NULL;
    }
    if (rco__type_ready(t) < 0)
        return NULL;
    if (t->kind == RCO__KIND_INSTANCE) {
        rco__err_set(RCO_ERR_TYPE, "%s: '%s' is a class; use rco_instance_new", fn, t->name);
        return NULL;
    }
    if (t->kind != RCO__KIND_USER) {
        rco__err_set(RCO_ERR_TYPE, "%s: '%s' is a built-in type; use its constructor", fn, t->name);
        return NULL;
    }
    if (gc != !!(t->flags & RCO_TYPE_GC)) {
        rco__err_set(RCO_ERR_TYPE, "%s: type '%s' %s RCO_TYPE_GC; use %s", fn, t->name,
                     gc ? "lacks" : "has", gc ? "rco_new" : "rco_gc_new");
        return NULL;
    }
    rco_object *o = t->has_gc_head ? rco__gc_object_alloc(t, t->size) : rco__object_alloc(t, t->size);
    if (!o)
        return NULL;
    memset((char *)o + sizeof(rco_object), 0, t->size - sizeof(rco_object));
    if (gc)
        rco__gc_track(o);
    return o;
}

rco_object *rco_new(rco_type *t)
{
    rco_object *o = new_user_object(t, false, "rco_new");
    RCO__LEDGER_GIVE(o);
    return o;
}

rco_object *rco_gc_new(rco_type *t)
{
    rco_object *o = new_user_object(t, true, "rco_gc_new");
    if (o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(o);
    return o;
}
