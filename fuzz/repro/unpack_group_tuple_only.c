/*
 * unpack_group_tuple_only.c: rco_unpack's "(...)" accepts only a tuple;
 * given a list, or a str of the right length, it fails with RCO_ERR_TYPE
 * ("must be 2-item tuple").
 *
 * CPython (3.11): PyArg_ParseTuple's "(...)" takes any sequence but bytes
 * (converttuple: PySequence_Check, not PyBytes_Check), so
 *     PyArg_ParseTuple(([1, 2],), "(ii)", &a, &b)    succeeds: a=1 b=2
 *     PyArg_ParseTuple(("ab",), "(OO)", &x, &y)      succeeds: 'a', 'b'
 * rco.h says "(...) a nested tuple" but also "like PyArg_ParseTuple".
 *
 * Build: cc -Iinclude fuzz/repro/unpack_group_tuple_only.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_unpack_group_tuple_only).
 * Exits 1 while the difference is there.
 */
#include <rco.h>

#include <stdio.h>

int main(void)
{
    rco_object *with_list = rco_build("([ii])", 1, 2), *with_str = rco_build("(s)", "ab");
    int a = 0, b = 0;
    rco_object *x = NULL, *y = NULL;
    int r1 = rco_unpack(with_list, "(ii)", &a, &b);
    printf("a list for (ii): %s %s\n", r1 == 0 ? "ok" : "failed:", r1 == 0 ? "" : rco_err_message());
    rco_err_clear();
    int r2 = rco_unpack(with_str, "(OO)", &x, &y);
    printf("a str for (OO): %s %s\n", r2 == 0 ? "ok" : "failed:", r2 == 0 ? "" : rco_err_message());
    rco_err_clear();
    printf("(CPython: both succeed)\n");
    rco_decref(with_list);
    rco_decref(with_str);
    rco_shutdown();
    return r1 != 0 || r2 != 0 || a != 1 || b != 2;
}
