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

/* ---- 2. weakrefs made to an object while it dies ---------------------- */

static rco_object *late_ref; /* a weakref made while its target died */
static int late_ref_calls;

static void count_late_callback(rco_object *ref, void *arg)
{
    (void)ref, (void)arg;
    late_ref_calls++;
}

static void weakref_self_in_legacy_del(rco_object *self)
{
    late_ref = rco_weakref_new(self, count_late_callback, NULL);
}

/* The weakref made while its target died must be dead (before, it kept
 * pointing at the freed memory, and handed out whatever lived there next:
 * a node made now takes that memory). */
static void assert_late_ref_dead(void)
{
    assert_non_null(late_ref);
    rco_object *reuse = rco_test_node_new();
    rco_object *got = rco_weakref_get(late_ref);
    rco_xdecref(got);
    rco_decref(reuse);
    assert_null(got);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_int_equal(late_ref_calls, 0); /* cleared without its callback */
    RCO_CLEAR(late_ref);
}

static void weakref_made_in_legacy_del_is_cleared(void **state)
{
    late_ref_calls = 0;
    rco_type *cls = rco_class_new("Dying", NULL, weakref_self_in_legacy_del);
    rco_object *o = rco_instance_new(cls);
    rco_decref(o);
    /* the same class's next instance may take the freed memory */
    rco_object *other = rco_instance_new(cls);
    assert_null(rco_weakref_get(late_ref));
    assert_late_ref_dead();
    rco_decref(other);
    RCO_CLEAR(late_ref); /* other's legacy_del made one too */
    rco_decref((rco_object *)cls);
}

static void weakref_self_again(rco_object *ref, void *arg)
{
    late_ref = rco_weakref_new((rco_object *)arg, count_late_callback, NULL);
}

static void weakref_made_by_a_weakref_callback_is_cleared(void **state)
{
    late_ref_calls = 0;
    rco_object *target = rco_test_node_new();
    rco_object *w = rco_weakref_new(target, weakref_self_again, target);
    rco_decref(target);
    assert_late_ref_dead();
    rco_decref(w);
}

static void weakref_self_in_dealloc(rco_object *self)
{
    rco_test_node_clear(self);
    late_ref = rco_weakref_new(self, count_late_callback, NULL);
}

static rco_type weakref_in_dealloc_type = {
    .name = "WeakrefInDealloc",
    .size = sizeof(rco_test_node),
    .flags = RCO_TYPE_GC,
    .dealloc = weakref_self_in_dealloc,
    .traverse = rco_test_node_traverse,
    .clear = rco_test_node_clear,
};

static void weakref_made_in_dealloc_is_cleared(void **state)
{
    late_ref_calls = 0;
    rco_object *o = rco_gc_new(&weakref_in_dealloc_type);
    rco_decref(o);
    assert_late_ref_dead();
}

/* ---- 3. rco_shutdown from inside the library ------------------------- */

static rco_errkind shutdown_error;

static void shutdown_in_finalizer(rco_object *self)
{
    rco_shutdown();
    shutdown_error = rco_err_occurred();
}

static void shutdown_from_a_finalizer_is_refused(void **state)
{
#ifdef RCO_DEBUG
    FILE *misuse = tmpfile();
    rco_debug_set_report_stream(misuse);
    long misuses = rco_debug_misuse_count();
#endif
    shutdown_error = RCO_ERR_NONE;
    rco_type *cls = rco_class_new("Quitter", shutdown_in_finalizer, NULL);
    rco_object *keep = rco_list_new(0); /* must survive the refused shutdown */
    rco_list_append_steal(keep, rco_str("still here"));
    rco_object *a = rco_instance_new(cls);
    rco_setattr(a, "me", a);
    rco_decref(a);
    assert_int_equal(rco_gc_collect(-1), 2); /* the finalizer ran in a collection */
    assert_int_equal(shutdown_error, RCO_ERR_RUNTIME);
    rco_object *b = rco_instance_new(cls);
    shutdown_error = RCO_ERR_NONE;
    rco_decref(b); /* and by count */
    assert_int_equal(shutdown_error, RCO_ERR_RUNTIME);
    assert_string_equal(rco_str_utf8(rco_list_get(keep, 0)), "still here");
    rco_decref(keep);
    rco_decref((rco_object *)cls);
#ifdef RCO_DEBUG
    rco_debug_set_report_stream(NULL);
    assert_int_equal(rco_debug_misuse_count(), misuses + 2);
    char *text = rco_test_stream_text(misuse);
    assert_non_null(strstr(text, "rco_shutdown inside a finalizer"));
    assert_non_null(strstr(text, "test_hardening.c:"));
    free(text);
#endif
}

static void shutdown_in_gc_callback(const char *phase, const rco_gc_info *info, void *arg)
{
    (void)info;
    if (strcmp(phase, "start") == 0) {
        rco_shutdown();
        *(rco_errkind *)arg = rco_err_occurred();
    }
}

static void shutdown_from_a_gc_callback_is_refused(void **state)
{
#ifdef RCO_DEBUG
    rco_debug_set_report_stream(tmpfile());
#endif
    rco_errkind seen = RCO_ERR_NONE;
    assert_int_equal(rco_gc_callback_add(shutdown_in_gc_callback, &seen), 0);
    rco_object *l = rco_list_new(0);
    rco_list_append(l, l);
    rco_decref(l);
    assert_int_equal(rco_gc_collect(-1), 1); /* the collection went on */
    assert_int_equal(seen, RCO_ERR_RUNTIME);
    assert_int_equal(rco_gc_callback_remove(shutdown_in_gc_callback, &seen), 0);
#ifdef RCO_DEBUG
    rco_debug_set_report_stream(NULL);
#endif
}

/* ---- 4. nothing is cut short ------------------------------------------- */

static void instance_repr_keeps_a_long_class_name_whole(void **state)
{
    char name[400];
    for (int i = 0; i < 399; i++)
        name[i] = "Klass\xc3\xa9"[i % 7]; /* an e-acute every 7 bytes: cut mid-character before */
    name[399 - 399 % 7] = '\0';
    rco_type *cls = rco_class_new(name, NULL, NULL);
    assert_non_null(cls);
    rco_object *o = rco_instance_new(cls);
    char expected[512];
    snprintf(expected, sizeof expected, "<%s object at %p>", name, (void *)o);
    assert_repr(o, expected);
    rco_decref(o);
    rco_decref((rco_object *)cls);
}

static void error_messages_keep_long_names_whole(void **state)
{
    char name[1000];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    rco_type *cls = rco_class_new("A", NULL, NULL);
    rco_object *o = rco_instance_new(cls);
    assert_null(rco_getattr(o, name));
    assert_non_null(strstr(rco_err_message(), name));
    assert_error(RCO_ERR_KEY);
    rco_decref(o);
    rco_decref((rco_object *)cls);
}

/* ---- 5. containers changed while iterated ------------------------------ */

static void dict_inserting_while_iterating_is_a_runtime_error(void **state)
{
    rco_object *d = rco_build("{i:i, i:i}", 1, 1, 2, 2);
    size_t pos = 0;
    rco_object *k;
    int steps = 0, r;
    while ((r = rco_dict_next(d, &pos, &k, NULL)) == 1 && steps < 1000) {
        rco_object *nk = rco_int(100 + steps++);
        rco_dict_set(d, nk, nk); /* looped forever before */
        rco_decref(nk);
    }
    assert_int_equal(r, -1);
    assert_int_equal(steps, 1);
    assert_string_equal(rco_err_message(), "dictionary changed size during iteration");
    assert_error(RCO_ERR_RUNTIME);
    rco_decref(d);
}

static void dict_deleting_while_iterating_is_a_runtime_error(void **state)
{
    rco_object *d = rco_build("{i:i, i:i, i:i}", 1, 1, 2, 2, 3, 3);
    size_t pos = 0;
    rco_object *k;
    assert_int_equal(rco_dict_next(d, &pos, &k, NULL), 1);
    rco_object *two = rco_int(2);
    assert_int_equal(rco_dict_del(d, two), 0); /* silently skipped a key before */
    rco_decref(two);
    assert_int_equal(rco_dict_next(d, &pos, &k, NULL), -1);
    assert_error(RCO_ERR_RUNTIME);
    assert_int_equal(rco_dict_next(d, &pos, &k, NULL), -1); /* and stays so */
    assert_error(RCO_ERR_RUNTIME);
    rco_decref(d);
}

static void dict_replacing_values_while_iterating_is_allowed(void **state)
{
    rco_object *d = rco_build("{i:i, i:i, i:i}", 1, 1, 2, 2, 3, 3);
    size_t pos = 0;
    rco_object *k, *v;
    int n = 0;
    while (rco_dict_next(d, &pos, &k, &v) == 1) {
        rco_object *doubled = rco_int(rco_int_value(v) * 2);
        assert_int_equal(rco_dict_set(d, k, doubled), 0);
        rco_decref(doubled);
        n++;
    }
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_int_equal(n, 3);
    assert_repr(d, "{1: 2, 2: 4, 3: 6}");
    rco_decref(d);
}

static void dict_cleared_while_iterating_is_a_runtime_error(void **state)
{
    rco_object *d = rco_build("{i:i, i:i}", 1, 1, 2, 2);
    size_t pos = 0;
    assert_int_equal(rco_dict_next(d, &pos, NULL, NULL), 1);
    rco_dict_clear(d);
    assert_int_equal(rco_dict_next(d, &pos, NULL, NULL), -1);
    assert_error(RCO_ERR_RUNTIME);
    rco_decref(d);
}

static void set_changed_while_iterating_is_a_runtime_error(void **state)
{
    rco_object *s = rco_set_new();
    for (int i = 0; i < 3; i++) {
        rco_object *x = rco_int(i);
        rco_set_add(s, x);
        rco_decref(x);
    }
    size_t pos = 0;
    rco_object *item;
    assert_int_equal(rco_set_next(s, &pos, &item), 1);
    rco_object *x = rco_int(10);
    rco_set_add(s, x);
    rco_decref(x);
    assert_int_equal(rco_set_next(s, &pos, &item), -1);
    assert_string_equal(rco_err_message(), "Set changed size during iteration");
    assert_error(RCO_ERR_RUNTIME);
    rco_decref(s);
}

/* ---- 6. finalizers at shutdown see their objects whole ----------------- */

static int saw_attribute; /* in the child */

static void check_attribute(rco_object *self)
{
    saw_attribute += rco_hasattr(self, "payload") == 1;
}

static int shutdown_finalizes_before_clearing(void *unused)
{
    (void)unused;
#ifdef RCO_DEBUG
    rco_debug_set_report_stream(tmpfile()); /* what we leave on purpose */
#endif
    rco_type *cls = rco_class_new("Witness", check_attribute, NULL);
    for (int i = 0; i < 5; i++) { /* alive at shutdown: held by nothing but C */
        rco_object *w = rco_instance_new(cls);
        rco_setattr(w, "payload", w); /* and in a cycle of their own */
        rco_object *other = rco_instance_new(cls);
        rco_setattr(other, "payload", w);
        rco_setattr(w, "other", other);
        rco_decref(other);
    }
    rco_decref((rco_object *)cls);
    rco_gc_disable(); /* keep them: the cycles are alive to shutdown */
    saw_attribute = 0;
    rco_shutdown();
    if (saw_attribute != 10) {
        fprintf(stderr, "finalizers saw their attributes %d times of 10\n", saw_attribute);
        return 1;
    }
    return 0;
}

static void finalizers_at_shutdown_see_their_objects_whole(void **state)
{
    rco_test_in_child(shutdown_finalizes_before_clearing, NULL);
}

/* ---- 7. a finalizer releasing self once too often ---------------------- */

#ifdef RCO_DEBUG
static int over_release_line;

static void release_self(rco_object *self)
{
    rco_decref(self); over_release_line = __LINE__; /* self is borrowed: a bug */
}

static void finalizer_releasing_self_is_reported_with_the_line(void **state)
{
    FILE *misuse = tmpfile();
    rco_debug_set_report_stream(misuse);
    long misuses = rco_debug_misuse_count();
    rco_type *cls = rco_class_new("Careless", release_self, NULL);
    rco_object *a = rco_instance_new(cls);
    rco_decref(a); /* by count */
    rco_object *b = rco_instance_new(cls);
    rco_setattr(b, "me", b);
    rco_decref(b);
    rco_gc_collect(-1); /* by the collector */
    rco_decref((rco_object *)cls);
    rco_debug_set_report_stream(NULL);
    assert_int_equal(rco_debug_misuse_count(), misuses + 2);
    char *text = rco_test_stream_text(misuse);
    char line[64];
    snprintf(line, sizeof line, "test_hardening.c:%d ", over_release_line);
    assert_non_null(strstr(text, "its finalizer does not own"));
    assert_non_null(strstr(text, line));
    free(text);
}
#endif

/* ---- 8. user slots that break their contract ----------------------------- */

static int broken_equal_result;

static int broken_equal(rco_object *self, rco_object *other)
{
    (void)self, (void)other;
    return broken_equal_result;
}

static rco_type broken_equal_type = {
    .name = "BrokenEqual",
    .size = sizeof(rco_object),
    .hash = key_hash,
    .equal = broken_equal,
};

static rco_object *broken_repr(rco_object *self)
{
    (void)self;
    return NULL; /* and no error said */
}

static rco_type broken_repr_type = {
    .name = "BrokenRepr",
    .size = sizeof(rco_object),
    .repr = broken_repr,
};

static void equal_failing_without_an_error_fails_with_one(void **state)
{
    rco_object *a = rco_new(&broken_equal_type), *b = rco_new(&broken_equal_type);
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set(d, a, a), 0);
    broken_equal_result = -1;
    assert_int_equal(rco_dict_set(d, b, b), -1);
    assert_string_equal(rco_err_message(), "equal of 'BrokenEqual' failed without saying why");
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_dict_get(d, b)); /* a failure, not "absent" */
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_len(d), 1);
    broken_equal_result = 2;
    assert_int_equal(rco_equal(a, b), -1);
    assert_string_equal(rco_err_message(), "equal of 'BrokenEqual' returned 2, not 1, 0 or -1");
    assert_error(RCO_ERR_VALUE);
    broken_equal_result = 0;
    rco_decref(d);
    rco_decref(a);
    rco_decref(b);
}

static void repr_failing_without_an_error_fails_with_one(void **state)
{
    rco_object *o = rco_new(&broken_repr_type);
    assert_null(rco_repr(o));
    assert_string_equal(rco_err_message(), "repr of 'BrokenRepr' failed without saying why");
    assert_error(RCO_ERR_VALUE);
    rco_object *l = rco_list_new(0);
    rco_list_append(l, o);
    assert_null(rco_repr(l));
    assert_error(RCO_ERR_VALUE);
    rco_decref(l);
    rco_decref(o);
}

/* ---- 9. smaller ones ---------------------------------------------------- */

static void nested_build_failure_names_its_position_once(void **state)
{
    assert_null(rco_build("(iN)", 1, rco_build("(is)", 2, "bad \xff")));
    const char *m = rco_err_message();
    const char *at = strstr(m, " at position ");
    assert_non_null(at);
    assert_null(strstr(at + 1, " at position "));
    assert_error(RCO_ERR_VALUE);
}

#ifdef RCO_DEBUG
static void a_freed_object_prints_what_it_was(void **state)
{
    FILE *misuse = tmpfile();
    rco_debug_set_report_stream(misuse);
    rco_object *x = rco_int(123456);
    rco_object *l = rco_list_new(0);
    rco_list_append(l, x);
    rco_decref(x);
    rco_decref(x); /* the list's reference, released by mistake */
    rco_object *r = rco_repr(l);
    assert_non_null(r);
    char expected[64];
    snprintf(expected, sizeof expected, "[<freed int object at %p>]", (void *)x);
    assert_string_equal(rco_str_utf8(r), expected);
    rco_decref(r);
    rco_list_clear(l); /* its release of the freed item is reported, refused */
    rco_decref(l);
    rco_debug_set_report_stream(NULL);
    free(rco_test_stream_text(misuse));
}
#endif

static int equal_only(rco_object *self, rco_object *other)
{
    return self == other;
}

static rco_type equal_without_hash_type = {
    .name = "EqualOnly",
    .size = sizeof(rco_object),
    .equal = equal_only,
};

static void a_type_with_equal_but_no_hash_is_unhashable(void **state)
{
    rco_object *o = rco_new(&equal_without_hash_type);
    assert_int_equal(rco_hash(o), -1);
    assert_string_equal(rco_err_message(), "unhashable type: 'EqualOnly'");
    assert_error(RCO_ERR_TYPE);
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set(d, o, o), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(d);
    rco_decref(o);
}

static void unpack_b_is_an_unsigned_char(void **state)
{
    rco_object *t = rco_build("(ii)", 255, 256);
    unsigned char a = 0, b = 0;
    assert_int_equal(rco_unpack(t, "b", &a), -1); /* two items for one code */
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_unpack(t, "bb", &a, &b), -1);
    assert_error(RCO_ERR_OVERFLOW);
    rco_decref(t);
    t = rco_build("(ii)", 255, 0);
    assert_int_equal(rco_unpack(t, "bb", &a, &b), 0);
    assert_int_equal(a, 255);
    rco_decref(t);
}

static void unpack_semicolon_message_replaces_type_errors(void **state)
{
    rco_object *t = rco_build("(is)", 1, "x");
    int i, j;
    assert_int_equal(rco_unpack(t, "ii;expected two ints", &i, &j), -1);
    assert_string_equal(rco_err_message(), "expected two ints");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_unpack(t, "iii;expected three ints", &i, &j, &j), -1);
    assert_string_equal(rco_err_message(), "expected three ints");
    assert_error(RCO_ERR_TYPE);
    const char *text;
    assert_int_equal(rco_unpack(t, "is;unused", &i, &text), 0);
    assert_string_equal(text, "x");
    rco_decref(t);
}

static void weakrefs_to_lists_and_dicts_are_refused_as_in_cpython(void **state)
{
    rco_object *l = rco_list_new(0), *d = rco_dict_new();
    assert_null(rco_weakref_new(l, NULL, NULL));
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_weakref_new(d, NULL, NULL));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
    rco_decref(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(dict_equal_slot_inserting_during_a_lookup_keeps_the_dict_whole),
        RCO_TEST(set_equal_slot_inserting_during_a_lookup_keeps_the_set_whole),
        RCO_TEST(equal_slot_inserting_the_key_being_inserted_makes_no_duplicate),
        RCO_TEST(weakref_made_in_legacy_del_is_cleared),
        RCO_TEST(weakref_made_by_a_weakref_callback_is_cleared),
        RCO_TEST(weakref_made_in_dealloc_is_cleared),
        RCO_TEST(shutdown_from_a_finalizer_is_refused),
        RCO_TEST(shutdown_from_a_gc_callback_is_refused),
        RCO_TEST(instance_repr_keeps_a_long_class_name_whole),
        RCO_TEST(error_messages_keep_long_names_whole),
        RCO_TEST(dict_inserting_while_iterating_is_a_runtime_error),
        RCO_TEST(dict_deleting_while_iterating_is_a_runtime_error),
        RCO_TEST(dict_replacing_values_while_iterating_is_allowed),
        RCO_TEST(dict_cleared_while_iterating_is_a_runtime_error),
        RCO_TEST(set_changed_while_iterating_is_a_runtime_error),
        RCO_TEST(finalizers_at_shutdown_see_their_objects_whole),
#ifdef RCO_DEBUG
        RCO_TEST(finalizer_releasing_self_is_reported_with_the_line),
        RCO_TEST(a_freed_object_prints_what_it_was),
#endif
        RCO_TEST(equal_failing_without_an_error_fails_with_one),
        RCO_TEST(repr_failing_without_an_error_fails_with_one),
        RCO_TEST(nested_build_failure_names_its_position_once),
        RCO_TEST(a_type_with_equal_but_no_hash_is_unhashable),
        RCO_TEST(unpack_b_is_an_unsigned_char),
        RCO_TEST(unpack_semicolon_message_replaces_type_errors),
        RCO_TEST(weakrefs_to_lists_and_dicts_are_refused_as_in_cpython),
    };
    RCO_RUN_TESTS(tests);
}
