/*
 * unpack_text_length_refuses_bytes.c: rco_unpack's "s#" and "z#" accept
 * only a str (and z# None); given bytes they fail with RCO_ERR_TYPE.
 *
 * CPython (3.11): "s#" and "z#" take a str or a read-only bytes-like
 * object, so
 *     PyArg_ParseTuple((b"ab",), "s#", &p, &n)   succeeds: p="ab", n=2
 * (only "s" and "z" without '#' refuse bytes).
 *
 * Build: cc -Iinclude fuzz/repro/unpack_text_length_refuses_bytes.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_unpack_text_length_refuses_bytes).
 * Exits 1 while the difference is there.
 */
#include <rco.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    rco_object *args = rco_build("(y#)", "ab", (ssize_t)2);
    const char *p = NULL;
    ssize_t n = 0;
    int r1 = rco_unpack(args, "s#", &p, &n);
    printf("bytes for s#: %s %s\n", r1 == 0 ? "ok" : "failed:", r1 == 0 ? "" : rco_err_message());
    int ok = r1 == 0 && n == 2 && memcmp(p, "ab", 2) == 0;
    rco_err_clear();
    int r2 = rco_unpack(args, "z#", &p, &n);
    printf("bytes for z#: %s %s\n(CPython: both succeed)\n", r2 == 0 ? "ok" : "failed:",
           r2 == 0 ? "" : rco_err_message());
    ok &= r2 == 0;
    rco_err_clear();
    rco_decref(args);
    rco_shutdown();
    return !ok;
}
