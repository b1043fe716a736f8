/*
 * weakref_made_while_dying.c: a weakref made to an object by its
 * legacy_del, or by a callback of its weakrefs, is never cleared. After the
 * object is freed the weakref still points at it: its repr names the
 * freed object, rco_weakref_get reads the freed block (NULL only while
 * that says count 0; once reused, it returns the new occupant), and the
 * address stays registered as a weakref target, so the death of the next
 * object allocated there clears it and runs its callback.
 *
 * Python (3.11): subtype_dealloc clears the weakrefs made while the object
 * was being finalized, without calling their callbacks:
 *     class C:
 *         def __del__(self): global r; r = weakref.ref(self)
 *     C(); r() is None  ->  True, and repr(r) says "dead"
 *
 * Build: cc -Iinclude fuzz/repro/weakref_made_while_dying.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_weakref_made_while_dying).
 * Exits 1 while the bug is there.
 */
#include <rco.h>

#include <stdio.h>
#include <string.h>

static rco_object *from_del, *from_callback;

static void legacy_del(rco_object *self)
{
    if (!from_del)
        from_del = rco_weakref_new(self, NULL, NULL);
}

static void callback(rco_object *ref, void *target)
{
    (void)ref;
    from_callback = rco_weakref_new(target, NULL, NULL);
}

static int dead(rco_object *ref)
{
    rco_object *r = rco_repr(ref);
    int is_dead = strstr(rco_str_utf8(r), "; dead>") != NULL;
    printf("  %s\n", rco_str_utf8(r));
    rco_decref(r);
    return is_dead;
}

/* Each is looked at before anything else is allocated: a new object at
 * the freed address would clear the stale weakref when it dies. */
int main(void)
{
    rco_type *with_del = rco_class_new("WithDel", NULL, legacy_del);
    rco_type *plain = rco_class_new("Plain", NULL, NULL);
    rco_object *o = rco_instance_new(plain);
    rco_object *watcher = rco_weakref_new(o, callback, o); /* the callback knows its target */

    printf("weakrefs made while their target died:\n");
    rco_decref(rco_instance_new(with_del));
    int ok = dead(from_del);
    rco_decref(o);
    ok &= dead(from_callback);
    printf(ok ? "both dead, as in Python\n" : "not cleared (Python: dead)\n");

    rco_decref(watcher);
    rco_decref(from_del);
    rco_decref(from_callback);
    rco_decref((rco_object *)with_del);
    rco_decref((rco_object *)plain);
    rco_shutdown();
    return !ok;
}
