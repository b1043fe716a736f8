/*
 * equal_mutates_insert.c: an equal slot that inserts into the dict an
 * insertion is searching makes the insertion write over the slot the new
 * key took: that key is still iterated, but no lookup finds it.
 *
 * a, b and x hash alike and equal only themselves. After d[a], d[b] and
 * del d[a], the probe for hash 1000 meets a's dummy slot first, then b.
 * Inserting the int 1000 calls b's equal, which inserts x: x takes the
 * dummy. The insertion, not finding 1000, then stores it at the free slot
 * its lookup saw before the equal ran, the dummy x now holds.
 *
 * Python (3.11): insertdict looks for the empty slot again after the
 * lookup (find_empty_slot), so x stays found:
 *     class K:
 *         def __hash__(self): return 1000
 *         def __eq__(self, other):
 *             if self is b and armed: disarm(); d[x] = None
 *             return self is other
 *     ... d[a] = d[b] = None; del d[a]; d[1000] = None; x in d  ->  True
 *
 * Build: cc -Iinclude fuzz/repro/equal_mutates_insert.c build/librco.a -lm
 * (make fuzz builds it too, as build-fuzz/fuzz/repro_equal_mutates_insert).
 * Exits 1 while the bug is there.
 */
#include <rco.h>

#include <stdio.h>

typedef struct key {
    rco_object ob;
    int armed;
} key;

static rco_object *d, *x;

static int64_t key_hash(rco_object *self)
{
    (void)self;
    return 1000;
}

static int key_equal(rco_object *self, rco_object *other)
{
    key *k = (key *)self;
    if (k->armed) {
        k->armed = 0;
        rco_dict_set(d, x, rco_none());
    }
    return self == other;
}

static rco_type key_type = {
    .name = "Key",
    .size = sizeof(key),
    .hash = key_hash,
    .equal = key_equal,
};

int main(void)
{
    d = rco_dict_new();
    rco_object *a = rco_new(&key_type), *b = rco_new(&key_type);
    x = rco_new(&key_type);
    rco_dict_set(d, a, rco_none());
    rco_dict_set(d, b, rco_none());
    rco_dict_del(d, a);
    ((key *)b)->armed = 1;
    rco_object *k = rco_int(1000);
    rco_dict_set(d, k, rco_none());

    int iterated = 0;
    size_t pos = 0;
    rco_object *key_seen;
    while (rco_dict_next(d, &pos, &key_seen, NULL) == 1)
        iterated += key_seen == x;
    int found = rco_dict_contains(d, x);
    printf("x: iterated %d, found by lookup %d (Python: 1 and 1)\n", iterated, found);

    rco_decref(k);
    rco_decref(a);
    rco_decref(b);
    rco_decref(x);
    rco_decref(d);
    rco_shutdown();
    return iterated && found != 1;
}
