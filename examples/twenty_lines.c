/* twenty_lines.c: the README's first example, kept here so that a test runs it. */
#include <rco.h>

int main(void)
{
    rco_object *people = rco_list_new(0);                      /* new reference: ours */
    for (int i = 0; i < 3; i++) {
        rco_object *p = rco_build("{s:s, s:i}", "name", i ? "Bob" : "Ann", "age", 30 + i);
        rco_list_append_steal(people, p);                       /* _steal: the list takes ours */
    }
    rco_object *first = rco_list_get(people, 0);                /* borrowed: the list keeps it */
    rco_object *name = rco_dict_get_str(first, "name");         /* borrowed too */
    printf("%s is first of ", rco_str_utf8(name));
    rco_print(people, stdout);                                  /* [{'name': 'Ann', 'age': 30}, ...] */
    printf("\n");

    rco_list_append(people, people);                            /* a cycle: counts alone can't free it */
    rco_decref(people);                                         /* give ours back */
    printf("collected %zd\n", rco_gc_collect(-1));              /* the collector frees the list: 1 */
    rco_shutdown();
    return 0;
}
