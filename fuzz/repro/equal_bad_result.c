/*
 * equal_bad_result.c: an equal slot's result reaches callers unchecked.
 * One returning 2 makes rco_equal return 2 (rco.h: 1, 0 or -1); one
 * returning -1 without setting an error makes rco_equal and a dict lookup
 * fail with no error set, so the caller cannot tell the failure from a
 * result, and rco_err_message() is "".
 *
 * Python (3.11): an __eq__ result is taken by its truth value (2 counts as
 * equal: {k: 1}[other] finds it), and a C comparison that fails without
 * setting an exception raises
 *     SystemError: error return without exception set
 *
 * Build: cc -Iinclude fuzz/repro/equal_bad_result.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_equal_bad_result).
 * Exits 1 while the bug is there.
 */
#include <rco.h>

#include <stdio.h>

typedef struct key {
    rco_object ob;
    int result;
} key;

static int64_t key_hash(rco_object *self)
{
    (void)self;
    return 7;
}

static int key_equal(rco_object *self, rco_object *other)
{
    (void)other;
    return ((key *)self)->result;
}

static rco_type key_type = {
    .name = "Key",
    .size = sizeof(key),
    .hash = key_hash,
    .equal = key_equal,
};

int main(void)
{
    rco_object *two = rco_new(&key_type), *fails = rco_new(&key_type), *other = rco_new(&key_type);
    ((key *)two)->result = 2;
    ((key *)fails)->result = -1;

    int r = rco_equal(two, other);
    printf("rco_equal with an equal slot returning 2: %d (1, 0 or -1 expected)\n", r);
    int ok = r >= -1 && r <= 1;
    rco_err_clear();

    r = rco_equal(fails, other);
    printf("rco_equal with one returning -1 and no error: %d, error %s\n", r,
           rco_err_name(rco_err_occurred()));
    ok &= r != -1 || rco_err_occurred() != RCO_ERR_NONE;
    rco_err_clear();

    rco_object *d = rco_dict_new();
    rco_dict_set(d, fails, rco_none());
    rco_object *v = rco_dict_get(d, other);
    printf("dict lookup meeting it: %s, error %s\n", v ? "found" : "NULL", rco_err_name(rco_err_occurred()));
    ok &= v != NULL || rco_err_occurred() != RCO_ERR_NONE;
    rco_err_clear();

    rco_decref(d);
    rco_decref(two);
    rco_decref(fails);
    rco_decref(other);
    rco_shutdown();
    return !ok;
}
