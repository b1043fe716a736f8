/*
 * gdb_target.c: the program tests/gdb/check_gdb.sh runs under gdb. It
 * makes one object of each kind the extension prints, keeps them in
 * globals (found by name with or without debug information), and stops in
 * gdb_stop_here, where the test reads them.
 */
#include <rco.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rco_object *g_list, *g_big, *g_self, *g_dict, *g_str, *g_float, *g_tuple, *g_inst, *g_set,
    *g_empty_set, *g_weak, *g_dead_weak, *g_freed, *g_bytes, *g_deep, *g_bad_items, *g_bad_size;
rco_object *g_shared, *g_from_thread, *g_dead_tuple;
void *g_garbage;

/* Another thread: a reference to one of main's objects (counted in its
 * ref_shared), and an object of its own (owner thread 2). */
static void *other_thread(void *arg)
{
    (void)arg;
    rco_incref(g_shared);
    g_from_thread = rco_str("made elsewhere");
    return NULL;
}

__attribute__((noinline)) void gdb_stop_here(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(void)
{
    g_list = rco_build("[i, i, s]", 1, 2, "three");
    g_big = rco_list_new(0);
    for (int i = 0; i < 1000; i++)
        rco_list_append_steal(g_big, rco_int(i));
    g_self = rco_list_new(0);
    rco_list_append(g_self, g_self);
    g_dict = rco_build("{s:i, s:[i, s]}", "a", 1, "b", 2, "x");
    rco_dict_set_str(g_dict, "c", rco_none());
    rco_dict_set_str(g_dict, "d", rco_true());
    g_str = rco_str("it's \"quoted\"\n\ttab \xc3\xa9t\xc3\xa9 \xe2\x82\xac");
    g_float = rco_float(0.1);
    g_tuple = rco_build("(i, (s,), ())", 1, "one");
    rco_type *node = rco_class_new("Node", NULL, NULL);
    g_inst = rco_instance_new(node);
    g_set = rco_build("[i, i]", 5, 6);
    rco_object *s = rco_set_new();
    rco_set_add(s, rco_list_get(g_set, 0));
    rco_decref(g_set);
    g_set = s;
    g_empty_set = rco_set_new();
    g_weak = rco_weakref_new(g_inst, NULL, NULL);
    rco_object *doomed = rco_instance_new(node);
    g_dead_weak = rco_weakref_new(doomed, NULL, NULL);
    rco_decref(doomed);
    g_bytes = rco_bytes("a\x00\xff", 3);
    g_garbage = (void *)(uintptr_t)0x10; /* no object at all */
    /* Lists whose memory was overwritten: a copy of g_list's struct (its
     * header, then items and size, as src/types/list.h lays them out) with
     * items pointing nowhere, and one with an impossible size. */
    g_bad_items = malloc(64);
    memcpy(g_bad_items, g_list, 40);
    ((void **)g_bad_items)[3] = (void *)(uintptr_t)0x18;
    g_bad_size = malloc(64);
    memcpy(g_bad_size, g_list, 40);
    ((size_t *)g_bad_size)[4] = (size_t)1 << 50;
    /* Deeper than the pretty-printer goes. */
    g_deep = rco_str("bottom");
    for (int i = 0; i < 10; i++)
        g_deep = rco_build("[N]", g_deep);
    g_shared = rco_build("[s]", "shared");
    pthread_t t;
    if (pthread_create(&t, NULL, other_thread, NULL) != 0 || pthread_join(t, NULL) != 0)
        return 1;
    /* A dead tuple: librco keeps it for reuse (its block stays allocated),
     * librco-debug quarantines it. */
    g_dead_tuple = rco_build("(i, i)", 1000, 2000);
    rco_decref(g_dead_tuple);
    /* An object freed last, so that nothing took its block since. */
    g_freed = rco_build("[i, i]", 7, 8);
    rco_decref(g_freed);

    gdb_stop_here();

    printf("%d\n", (int)rco_len(g_list));
    return 0;
}
