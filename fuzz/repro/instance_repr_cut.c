/*
 * instance_repr_cut.c: the repr of an instance whose class name is long is
 * cut at 127 bytes ("<LongName object at 0x7f..." without the end of the
 * address and the '>'), because it is formatted into a 128-byte buffer.
 *
 * Python (3.11): object.__repr__ writes the whole name and address:
 *     type("A" * 120, (), {})()  ->  <__main__.AAAA...AAA object at 0x7f...>
 * (rco leaves out the module, a deliberate difference.)
 *
 * Build: cc -Iinclude fuzz/repro/instance_repr_cut.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_instance_repr_cut).
 * Exits 1 while the bug is there.
 */
#include <rco.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    char name[121];
    memset(name, 'A', 120);
    name[120] = '\0';
    rco_type *cls = rco_class_new(name, NULL, NULL);
    rco_object *o = rco_instance_new(cls);
    char expected[200];
    snprintf(expected, sizeof expected, "<%s object at %p>", name, (void *)o);
    rco_object *r = rco_repr(o);
    int ok = strcmp(rco_str_utf8(r), expected) == 0;
    printf("repr:     %s\nexpected: %s\n", rco_str_utf8(r), expected);
    rco_decref(r);
    rco_decref(o);
    rco_decref((rco_object *)cls);
    rco_shutdown();
    return !ok;
}
