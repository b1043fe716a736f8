/*
 * test_hardening.c: what an adversarial user broke (issue 10), one test
 * per way, each failing before its fix: user slots that change the
 * container being operated on, weakrefs made to dying objects, shutdown
 * from inside a collection, reprs cut short, containers changed while
 * iterated, finalizers at shutdown, misuse in finalizers, user slots that
 * break their contract.
 */
#include "rco_test.h"

/* ---- keys whose equality runs arbitrary code ---------------------------- */

/* A key with an id; all keys hash alike, so every lookup compares. While
 * key `trigger_self` is compared with key `trigger_other`, `action` runs
 * (once). */
typedef struct key {
    rco_object ob;
    int id;
} key;

static int key_trigger_self = -1, key_trigger_other = -1;
static void (*key_action)(void);

static int key_equal(rco_object *self, rco_object *other);
static int64_t key_hash(rco_object *self)
{
    (void)self;
    return 42;
}

static rco_type key_type = {
    .name = "Key",
    .size = sizeof(key),
    .hash = key_hash,
    .equal = key_equal,
};

static int key_equal(rco_object *self, rco_object *other)
{
    if (other->type != &key_type)
        return 0;
    int a = ((key *)self)->id, b = ((key *)other)->id;
    if (key_action && ((a == key_trigger_self && b == key_trigger_other) ||
                       (b == key_trigger_self && a == key_trigger_other))) {
        void (*action)(void) = key_action;
        key_action = NULL;
        action();
    }
    return a == b;
}

static rco_object *make_key(int id)
{
    rco_object *k = rco_new(&key_type);
    assert_non_null(k);
    ((key *)k)->id = id;
    return k;
}

enum { A, B, C, D };
static rco_object *keys[4];
static rco_object *target;  /* the dict or set the action changes */
static int target_is_dict;

static void make_keys(void)
{
    for (int i = 0; i < 4; i++)
        keys[i] = make_key(i);
}

static void release_keys(void)
{
    for (int i = 0; i < 4; i++)
        rco_decref(keys[i]);
}

static int add(rco_object *k)
{
    return target_is_dict ? rco_dict_set(target, k, rco_none()) : rco_set_add(target, k);
}

static int contains(rco_object *k)
{
    return target_is_dict ? rco_dict_contains(target, k) : rco_set_contains(target, k);
}

static int discard(rco_object *k)
{
    return target_is_dict ? rco_dict_del(target, k) : (rco_set_discard(target, k) == 1 ? 0 : -1);
}

static void insert_d(void)
{
    assert_int_equal(add(keys[D]), 0);
}

/* Count the keys by iterating, which must agree with len and lookups. */
static ssize_t iterated(void)
{
    size_t pos = 0;
    ssize_t n = 0;
    rco_object *k;
    while (target_is_dict ? rco_dict_next(target, &pos, &k, NULL) == 1 : rco_set_next(target, &pos, &k) == 1) {
        assert_int_equal(contains(k), 1);
        n++;
    }
    return n;
}

/* Insert A and B, delete A, insert C; while C is compared with B, the
 * equal slot inserts D. The insertion of C must not reuse the slot its
 * probe found before D took it. */
static void equal_inserting_during_a_lookup(void)
{
    make_keys();
    assert_int_equal(add(keys[A]), 0);
    assert_int_equal(add(keys[B]), 0);
    assert_int_equal(discard(keys[A]), 0);
    key_trigger_self = C;
    key_trigger_other = B;
    key_action = insert_d;
    assert_int_equal(add(keys[C]), 0);
    assert_null(key_action); /* it ran */
    assert_int_equal(rco_len(target), 3);
    assert_int_equal(contains(keys[B]), 1);
    assert_int_equal(contains(keys[C]), 1);
    assert_int_equal(contains(keys[D]), 1);
    assert_int_equal(iterated(), 3);
    assert_int_equal(add(keys[D]), 0); /* present: no duplicate */
    assert_int_equal(rco_len(target), 3);
    assert_int_equal(discard(keys[D]), 0);
    assert_int_equal(contains(keys[D]), 0);
    for (int i = 10; i < 60; i++) { /* growing rebuilds the table: D stays gone */
        rco_object *k = make_key(i);
        assert_int_equal(add(k), 0);
        rco_decref(k);
    }
    assert_int_equal(contains(keys[D]), 0);
    assert_int_equal(rco_len(target), 52);
    assert_int_equal(iterated(), 52);
    release_keys();
}

static void dict_equal_slot_inserting_during_a_lookup_keeps_the_dict_whole(void **state)
{
    target = rco_dict_new();
    target_is_dict = 1;
    equal_inserting_during_a_lookup();
    rco_decref(target);
}

static void set_equal_slot_inserting_during_a_lookup_keeps_the_set_whole(void **state)
{
    target = rco_set_new();
    target_is_dict = 0;
    equal_inserting_during_a_lookup();
    rco_decref(target);
}

/* The equal slot inserts the very key being inserted: afterwards it is
 * there once. */
static void insert_c(void)
{
    assert_int_equal(add(keys[C]), 0);
}

static void equal_slot_inserting_the_key_being_inserted_makes_no_duplicate(void **state)
{
    for (target_is_dict = 0; target_is_dict < 2; target_is_dict++) {
        target = target_is_dict ? rco_dict_new() : rco_set_new();
        make_keys();
        assert_int_equal(add(keys[B]), 0);
        key_trigger_self = C;
        key_trigger_other = B;
        key_action = insert_c;
        assert_int_equal(add(keys[C]), 0);
        assert_int_equal(rco_len(target), 2);
        assert_int_equal(iterated(), 2);
        release_keys();
        rco_decref(target);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(dict_equal_slot_inserting_during_a_lookup_keeps_the_dict_whole),
        RCO_TEST(set_equal_slot_inserting_during_a_lookup_keeps_the_set_whole),
        RCO_TEST(equal_slot_inserting_the_key_being_inserted_makes_no_duplicate),
    };
    RCO_RUN_TESTS(tests);
}
