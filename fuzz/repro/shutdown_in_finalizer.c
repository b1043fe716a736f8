/*
 * shutdown_in_finalizer.c: rco_shutdown called from a finalizer frees the
 * object being destroyed, and the library then goes on destroying it
 * (resurrected_by reads its count): a use after free, which ASan reports.
 *
 * rco.h says rco_shutdown frees everything and the runtime starts again
 * on next use; it does not forbid the call inside a finalizer, so it
 * should either refuse (and say so) or finish the destruction first.
 * Python has no counterpart: Py_FinalizeEx is not callable from a __del__
 * (it would free the interpreter that runs it).
 *
 * Build: cc -fsanitize=address -Iinclude fuzz/repro/shutdown_in_finalizer.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_shutdown_in_finalizer).
 * Crashes (or, without ASan, may appear to work) while the bug is there.
 */
#include <rco.h>

#include <stdio.h>

static void finalize(rco_object *self)
{
    (void)self;
    rco_shutdown();
}

int main(void)
{
    rco_type *cls = rco_class_new("ShutsDown", finalize, NULL);
    rco_object *o = rco_instance_new(cls);
    rco_decref((rco_object *)cls); /* the instance holds its class */
    rco_decref(o);                 /* finalize runs rco_shutdown, then the library reads o */
    rco_object *after = rco_list_new(0);
    printf("the runtime works after a shutdown in a finalizer: %s\n", after ? "yes" : "no");
    rco_xdecref(after);
    rco_shutdown();
    return after == NULL;
}
