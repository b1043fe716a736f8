/*
 * del_str_invalid_utf8.c: rco_dict_del_str with a name that is not UTF-8
 * fails with RCO_ERR_KEY, as if a str of that name could be absent; no str
 * can have it. rco_dict_set_str refuses the same name with RCO_ERR_VALUE.
 *
 * CPython (3.11): PyDict_DelItemString(d, "\xff") decodes the name first
 * and raises UnicodeDecodeError (a ValueError), as PyDict_SetItemString
 * does; so does Python code that makes the key: del d[b"\xff".decode()].
 *
 * Build: cc -Iinclude fuzz/repro/del_str_invalid_utf8.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_del_str_invalid_utf8).
 * Exits 1 while the bug is there.
 */
#include <rco.h>

#include <stdio.h>

int main(void)
{
    rco_object *d = rco_dict_new();
    rco_dict_set_str(d, "\xff", rco_none());
    rco_errkind set_kind = rco_err_occurred();
    rco_err_clear();
    rco_dict_del_str(d, "\xff");
    rco_errkind del_kind = rco_err_occurred();
    rco_err_clear();
    printf("rco_dict_set_str: %s, rco_dict_del_str: %s (CPython: ValueError for both)\n",
           rco_err_name(set_kind), rco_err_name(del_kind));
    rco_decref(d);
    rco_shutdown();
    return del_kind != RCO_ERR_VALUE;
}
