/*
 * types/class.c: classes made at run time and their instances, the objects with
 * attributes that Python programs (and the seeds' examples) are made of.
 *
 * A class is an rco_type (what its instances point at) followed by its
 * attribute dict and its name. Its metatype is rco__class_type, a GC type,
 * because class attributes can refer back to the class. Instances keep
 * their attributes in a separate dict, created on the first rco_setattr,
 * like Python 2 instances and their __dict__ (which is why the collector
 * reports an instance and its dict, as in seed 004).
 *
 * Threads: the field holding the attribute dict is read and set under the
 * class's or instance's lock; the dict itself is used with its own lock
 * (dict.c), the first one let go, never both at once.
 */
#include "types/traverse.h"

#include "core/utf8.h"

static size_t class_size(const rco_object *o)
{
    return sizeof(rco__class) + strlen(((const rco__class *)o)->name) + 1;
}

static int class_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    RCO_VISIT(((rco__class *)self)->attrs);
    return 0;
}

/* Detach the attribute dict under o's lock, release it after. */
static void clear_attrs(rco_object *o, rco_object **attrs)
{
    rco__lock(o);
    rco_object *d = *attrs;
    *attrs = NULL;
    rco__unlock(o);
    RCO__XDECREF(d);
}

static void class_clear(rco_object *self)
{
    clear_attrs(self, &((rco__class *)self)->attrs);
}

static void class_repr(rco_object *self, rco__buf *b)
{
    rco__buf_printf(b, "<class '%s'>", ((rco__class *)self)->name);
}

rco_type rco__class_type = {
    .ob = RCO__STATIC_TYPE_HEAD,
    .name = "type",
    .size = sizeof(rco__class),
    .flags = RCO_TYPE_READY | RCO_TYPE_GC,
    .dealloc = class_clear,
    .traverse = class_traverse,
    .clear = class_clear,
    .kind = RCO__KIND_CLASS,
    .has_gc_head = 1,
    .var_size = class_size,
    .repr_into = class_repr,
};

static int instance_traverse(rco_object *self, rco_visit_fn visit, void *arg)
{
    return rco__traverse_instance(self, visit, arg);
}

static void instance_clear(rco_object *self)
{
    clear_attrs(self, &((rco__instance *)self)->attrs);
}

rco_type *rco_class_new(const char *name, rco_finalizer finalize, rco_finalizer legacy_del)
{
    if (!name) {
        rco__err_set(RCO_ERR_TYPE, "rco_class_new: name is NULL");
        return NULL;
    }
    size_t n = strlen(name), codepoints, bad_at;
    if (!rco__utf8_check(name, n, &codepoints, &bad_at)) {
        rco__err_set(RCO_ERR_VALUE, "rco_class_new: name is not valid UTF-8 (byte %zu)", bad_at);
        return NULL;
    }
    rco__class *cls = (rco__class *)rco__gc_object_alloc(&rco__class_type, sizeof(rco__class) + n + 1);
    if (!cls)
        return NULL;
    rco_object header = cls->type.ob;
    memset(cls, 0, sizeof *cls);
    cls->type.ob = header;
    memcpy(cls->name, name, n + 1);
    cls->type.name = cls->name;
    cls->type.size = sizeof(rco__instance);
    cls->type.flags = RCO_TYPE_READY | RCO_TYPE_GC | RCO_TYPE_HEAP;
    cls->type.dealloc = instance_clear;
    cls->type.traverse = instance_traverse;
    cls->type.clear = instance_clear;
    cls->type.finalize = finalize;
    cls->type.legacy_del = legacy_del;
    cls->type.kind = RCO__KIND_INSTANCE;
    cls->type.has_gc_head = 1;
    cls->type.block_size = RCO__BLOCK(sizeof(rco__instance), 1);
    rco__gc_track(&cls->type.ob);
    rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(&cls->type.ob);
    return &cls->type;
}

int rco_is_class(const rco_object *o)
{
    return o && o->type == &rco__class_type;
}

rco_object *rco__instance_new(rco_type *cls)
{
    rco__instance *inst = (rco__instance *)rco__gc_object_alloc(cls, sizeof(rco__instance));
    if (!inst)
        return NULL;
    inst->attrs = NULL;
    RCO__INCREF(&cls->ob);
    rco__gc_track(&inst->ob);
    return &inst->ob;
}

rco_object *rco_instance_new(rco_type *cls)
{
    if (!rco_is_class((rco_object *)cls)) {
        rco__err_set(RCO_ERR_TYPE, "rco_instance_new: a %s is not a class made by rco_class_new",
                     rco_type_name((rco_object *)cls));
        return NULL;
    }
    rco_object *inst = rco__instance_new(cls);
    if (!inst)
        return NULL;
    rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(inst);
    return inst;
}

/* Where o keeps its attributes: the field holding its attribute dict. */
static rco_object **attrs_of(rco_object *o, const char *fn)
{
    if (!rco__check_obj(o, fn))
        return NULL;
    if (o->type->kind == RCO__KIND_INSTANCE)
        return &((rco__instance *)o)->attrs;
    if (o->type == &rco__class_type)
        return &((rco__class *)o)->attrs;
    rco__err_set(RCO_ERR_TYPE, "%s: '%s' object has no attributes", fn, o->type->name);
    return NULL;
}

static bool check_name(const char *name, const char *fn)
{
    if (name)
        return true;
    rco__err_set(RCO_ERR_TYPE, "%s: attribute name is NULL", fn);
    return false;
}

/* o's attribute dict, held; NULL (no error) when it has none yet, unless
 * create: then made (NULL + error if that fails, *created says whether
 * this call made it). The field is read and set under o's lock. */
static rco_object *attrs_ref(rco_object *o, rco_object **attrs, bool create, bool *created)
{
    *created = false;
    rco__lock(o);
    rco_object *d = *attrs;
    if (!d && create && (d = rco__dict_new()) != NULL) {
        *attrs = d;
        *created = true;
    }
    if (d)
        RCO__INCREF(d);
    rco__unlock(o);
    return d;
}

int rco_setattr(rco_object *o, const char *name, rco_object *value)
{
    rco_object **attrs = attrs_of(o, "rco_setattr");
    if (!attrs || !check_name(name, "rco_setattr") || !rco__check_obj(value, "rco_setattr"))
        return -1;
    bool created;
    rco_object *d = attrs_ref(o, attrs, true, &created);
    if (!d)
        return -1;
    int r = rco_dict_set_str(d, name, value);
    rco_object *dropped = NULL;
    if (r < 0 && created) {
        /* leave o as it was, unless another thread stored an attribute */
        rco__lock(o);
        if (*attrs == d && rco_len(d) == 0) {
            dropped = d;
            *attrs = NULL;
        }
        rco__unlock(o);
    }
    RCO__XDECREF(dropped);
    RCO__DECREF(d);
    return r;
}

/* o.name (a new reference), looking in the instance and then in its
 * class; NULL without an error when absent. */
static rco_object *lookup(rco_object *o, rco_object **attrs, const char *name)
{
    size_t n = strlen(name);
    bool created;
    rco_object *d = attrs_ref(o, attrs, false, &created);
    rco_object *v = d ? rco__dict_get_str_ref(d, name, n) : NULL;
    RCO__XDECREF(d);
    if (!v && o->type->kind == RCO__KIND_INSTANCE) {
        rco__class *cls = (rco__class *)o->type;
        d = attrs_ref(&cls->type.ob, &cls->attrs, false, &created);
        v = d ? rco__dict_get_str_ref(d, name, n) : NULL;
        RCO__XDECREF(d);
    }
    return v;
}

rco_object *rco_getattr(rco_object *o, const char *name)
{
    rco_object **attrs = attrs_of(o, "rco_getattr");
    if (!attrs || !check_name(name, "rco_getattr"))
        return NULL;
    rco_object *v = lookup(o, attrs, name);
    if (!v) {
        rco__err_set(RCO_ERR_KEY, "'%s' object has no attribute '%s'", o->type->name, name);
        return NULL;
    }
    RCO__LEDGER_GIVE(v);
    return v;
}

int rco_hasattr(rco_object *o, const char *name)
{
    rco_object **attrs = attrs_of(o, "rco_hasattr");
    if (!attrs || !check_name(name, "rco_hasattr"))
        return -1;
    rco_object *v = lookup(o, attrs, name);
    RCO__XDECREF(v);
    return v != NULL;
}

int rco_delattr(rco_object *o, const char *name)
{
    rco_object **attrs = attrs_of(o, "rco_delattr");
    if (!attrs || !check_name(name, "rco_delattr"))
        return -1;
    bool created;
    rco_object *d = attrs_ref(o, attrs, false, &created);
    int r = d ? rco__dict_del_str(d, name, strlen(name)) : -1;
    RCO__XDECREF(d);
    if (r < 0) {
        rco__err_set(RCO_ERR_KEY, "'%s' object has no attribute '%s'", o->type->name, name);
        return -1;
    }
    return 0;
}
