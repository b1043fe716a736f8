/*
 * What the ASan and memcheck tests (tests/CMakeLists.txt, "tools") run
 * against librco as users link it: seed 001's use of an object after
 * Py_DECREF, and a list nobody releases.
 *
 * Usage: tool_target use-after-decref | leak-list
 */
#include <rco.h>
#include <rco/pyapi.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Seed 001, as its article has it. */
static int print_hello_world(void)
{
    PyObject *pObj = NULL;
    pObj = PyBytes_FromString("Hello world\n"); /* Object creation, ref count = 1. */
    PyObject_Print(pObj, stdout, 0);
    Py_DECREF(pObj); /* ref count = 0 so object deallocated. */
    /* Accidentally use pObj... */
    return PyObject_Print(pObj, stdout, 0);
}

/* The list's last reference is dropped on the floor: nothing points at it
 * when the program ends. On a thread of its own, because LeakSanitizer
 * takes every word of a live thread's stack for a possible pointer, words
 * left behind by calls that returned included: on the main thread the
 * list's address may survive in one and hide the leak. */
static void *leak_list(void *unused)
{
    (void)unused;
    rco_object *list = rco_list_new(0);
    rco_object *item = rco_str("leaked");
    rco_list_append(list, item);
    rco_decref(item);
    printf("made a list of %zd item(s) and lost it\n", rco_len(list));
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "use-after-decref") == 0) {
        int status = print_hello_world();
        printf("\nthe second PyObject_Print returned %d\n", status);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "leak-list") == 0) {
        pthread_t t;
        if (pthread_create(&t, NULL, leak_list, NULL) != 0 || pthread_join(t, NULL) != 0)
            return 2;
        return 0;
    }
    fprintf(stderr, "usage: %s use-after-decref | leak-list\n", argv[0]);
    return 2;
}
