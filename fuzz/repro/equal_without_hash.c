/*
 * equal_without_hash.c: a type with an equal slot and no hash slot hashes
 * by identity, so two objects its equal calls equal hash differently and
 * both go into one dict as different keys.
 *
 * Python (3.11): a class that defines __eq__ and not __hash__ gets
 * __hash__ = None and is unhashable:
 *     class K:
 *         def __eq__(self, other): return True
 *     {K(): 1}  ->  TypeError: unhashable type: 'K'
 *
 * Build: cc -Iinclude fuzz/repro/equal_without_hash.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_equal_without_hash).
 * Exits 1 while the bug is there.
 */
#include <rco.h>

#include <stdio.h>

static int always_equal(rco_object *self, rco_object *other)
{
    (void)self, (void)other;
    return 1;
}

static rco_type key_type = {
    .name = "K",
    .size = sizeof(rco_object),
    .equal = always_equal,
};

int main(void)
{
    rco_object *a = rco_new(&key_type), *b = rco_new(&key_type);
    int64_t h = rco_hash(a);
    printf("rco_hash: %s (Python: TypeError)\n", h == -1 ? rco_err_name(rco_err_occurred()) : "succeeded");
    int ok = h == -1 && rco_err_occurred() == RCO_ERR_TYPE;
    rco_err_clear();
    rco_object *d = rco_dict_new();
    rco_dict_set(d, a, rco_none());
    rco_dict_set(d, b, rco_none());
    rco_err_clear();
    printf("a dict with two keys equal to each other: length %zd\n", rco_len(d));
    rco_decref(d);
    rco_decref(a);
    rco_decref(b);
    rco_shutdown();
    return !ok;
}
