/*
 * mutation_during_next.c: a dict (or set) that grows while rco_dict_next
 * (rco_set_next) iterates it is not noticed: the iteration goes on, and
 * here never ends while the loop keeps adding.
 *
 * Python (3.11): the next step of the iteration raises
 *     d = {0: 0}
 *     for k in d: d[k + 1] = 0
 *     RuntimeError: dictionary changed size during iteration
 * and the same for sets ("Set changed size during iteration").
 *
 * Build: cc -Iinclude fuzz/repro/mutation_during_next.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_mutation_during_next).
 * Exits 1 while the bug is there.
 */
#include <rco.h>

#include <stdio.h>

int main(void)
{
    rco_object *d = rco_dict_new(), *s = rco_set_new();
    rco_dict_set_steal(d, rco_int(0), rco_int(0));
    rco_set_add(s, rco_none());
    size_t pos = 0;
    rco_object *k;
    int steps = 0, r;
    while ((r = rco_dict_next(d, &pos, &k, NULL)) == 1 && steps < 100) {
        rco_dict_set_steal(d, rco_int(rco_int_value(k) + 1), rco_int(0));
        steps++;
    }
    printf("dict: %d steps, then %s\n", steps,
           r < 0 ? rco_err_name(rco_err_occurred()) : "no error (Python: RuntimeError after 1)");
    int dict_ok = r < 0 && steps == 1;
    rco_err_clear();

    pos = 0;
    steps = 0;
    while ((r = rco_set_next(s, &pos, &k)) == 1 && steps < 100) {
        rco_object *n = rco_int(steps + 1000);
        rco_set_add(s, n);
        rco_decref(n);
        steps++;
    }
    printf("set: %d steps, then %s\n", steps,
           r < 0 ? rco_err_name(rco_err_occurred()) : "no error (Python: RuntimeError after 1)");
    int set_ok = r < 0 && steps == 1;
    rco_err_clear();
    rco_decref(d);
    rco_decref(s);
    rco_shutdown();
    return !(dict_ok && set_ok);
}
