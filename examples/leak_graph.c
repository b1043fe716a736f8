/*
 * leak_graph.c: who holds this object? rco_debug_write_dot draws the
 * holders of an object as a Graphviz graph; with `dot` installed this
 * program renders it to leak_graph.svg. Build it against librco-debug to
 * see creation lines and the lines that took the references C code holds.
 */
#include <rco.h>

#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    /* A config dict held by two sessions, one of which C code also holds. */
    rco_object *config = rco_build("{s:i, s:s}", "retries", 3, "mode", "fast");
    rco_object *a = rco_dict_new(), *b = rco_dict_new();
    rco_dict_set_str(a, "config", config);
    rco_dict_set_str(b, "config", config);
    rco_object *sessions = rco_build("[OO]", a, b);
    rco_decref(b);
    rco_decref(config);

    FILE *f = fopen("leak_graph.dot", "w");
    if (!f) {
        perror("leak_graph.dot");
        rco_decref(a);
        rco_decref(sessions);
        return 1;
    }
    rco_debug_write_dot(config, 3, f);
    fclose(f);
    printf("wrote leak_graph.dot: who holds the config dict, three levels up\n");
    if (system("command -v dot >/dev/null 2>&1") == 0) {
        int rc = system("dot -Tsvg leak_graph.dot -o leak_graph.svg");
        printf(rc == 0 ? "rendered leak_graph.svg with Graphviz\n" : "dot failed to render\n");
    } else {
        printf("install graphviz (apt-get install graphviz) to render it as SVG\n");
    }
    rco_decref(a);
    rco_decref(sessions);
    rco_shutdown();
    return 0;
}
