/*
 * test_threads.c: many threads on the same objects (include/rco.h,
 * "Threads"; docs/threads.md). Run under ThreadSanitizer by `make tsan`,
 * where any unsynchronised access the library makes is a failure.
 *
 * The stress test lets THREADS threads loose on one shared dict, list, set
 * and instance, with random operations, hand-offs of objects between
 * threads through mailboxes, cycles with finalizers and weakref callbacks
 * made and dropped, and collections started from any thread. At the end it
 * checks what can be known exactly: every finalizer ran once, every
 * weakref callback whose target died ran, the counts of what survives, and
 * that nothing is left allocated. The smaller tests pin one rule each.
 */
#include "rco_test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define THREADS 4
#define KEYS 32

#define ROUNDS 20000

/* cmocka's assertions jump back into the test's own thread: in the
 * workers a failed check reports and aborts instead. */
#define check(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: check failed in a worker: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

static int rounds(void)
{
    /* Valgrind and ThreadSanitizer run the same schedule-mixing work,
     * slower: fewer rounds keep the test under a minute there. */
    const char *slow = getenv("RCO_TEST_UNDER_VALGRIND");
    return slow && *slow ? ROUNDS / 10 : ROUNDS;
}

/* ---- a node class whose finalizer and weakref callbacks count ---------- */

static atomic_long finalized;
static atomic_long made_with_finalizer;
static atomic_long callbacks_ran;

static void count_finalize(rco_object *self)
{
    (void)self;
    atomic_fetch_add(&finalized, 1);
}

static void count_callback(rco_object *ref, void *arg)
{
    (void)ref, (void)arg;
    atomic_fetch_add(&callbacks_ran, 1);
}

static rco_type *node_class;

/* ---- what the threads share ------------------------------------------- */

typedef struct shared {
    rco_object *dict, *list, *set, *inst;
    rco_object *mailbox[THREADS]; /* lists: others append, the owner pops */
    rco_object *keys[KEYS];
    atomic_int go;
} shared;

static shared world;

typedef struct worker {
    int id;
    unsigned seed;
    long handed, received;
    long weakrefs_made, weakrefs_dead_seen;
} worker;

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* A random new object: an int, a str, a tuple, a small list. */
static rco_object *random_value(unsigned *seed)
{
    switch (next_random(seed) % 4) {
    case 0:
        return rco_int((int64_t)(next_random(seed) % 100000) + 1000);
    case 1:
        return rco_str_printf("v%u", next_random(seed) % 1000);
    case 2:
        return rco_build("(is)", (int)(next_random(seed) % 100), "t");
    default: {
        rco_object *l = rco_list_new(0);
        if (l)
            rco_list_append_steal(l, rco_int(7));
        return l;
    }
    }
}

/* Values read back must be one of the kinds random_value makes. */
static void check_value(rco_object *v)
{
    const char *name = rco_type_name(v);
    check(strcmp(name, "int") == 0 || strcmp(name, "str") == 0 || strcmp(name, "tuple") == 0 ||
                strcmp(name, "list") == 0);
    check(rco_refcount(v) >= 1);
}

/* A cycle a <-> b of nodes with finalizers, a weakref with a callback to
 * a, dropped at once: only the collector can free it. */
static void make_cycle(worker *w)
{
    rco_object *a = rco_instance_new(node_class);
    rco_object *b = rco_instance_new(node_class);
    check(a);
    check(b);
    atomic_fetch_add(&made_with_finalizer, 2);
    check((rco_setattr(a, "other", b)) == (0));
    check((rco_setattr(b, "other", a)) == (0));
    rco_object *ref = rco_weakref_new(a, count_callback, NULL);
    check(ref);
    w->weakrefs_made++;
    rco_decref(a);
    rco_decref(b);
    /* The weakref stays with the shared list (so that its callback can
     * run: a weakref that dies with its target calls nothing). */
    check((rco_list_append_steal(world.list, ref)) == (0));
}

static void dict_op(worker *w)
{
    rco_object *key = world.keys[next_random(&w->seed) % KEYS];
    switch (next_random(&w->seed) % 4) {
    case 0:
    case 1: {
        rco_object *v = random_value(&w->seed);
        check(v);
        check((rco_dict_set(world.dict, key, v)) == (0));
        rco_decref(v);
        break;
    }
    case 2: {
        rco_object *v = NULL;
        int r = rco_dict_get_ref(world.dict, key, &v);
        check(r == 0 || r == 1);
        if (r == 1) {
            check_value(v);
            rco_decref(v);
        } else {
            check(!v);
        }
        break;
    }
    default:
        if (rco_dict_del(world.dict, key) < 0) {
            check((rco_err_occurred()) == (RCO_ERR_KEY));
            rco_err_clear();
        }
    }
}

static void list_op(worker *w)
{
    switch (next_random(&w->seed) % 3) {
    case 0: {
        rco_object *v = random_value(&w->seed);
        check((rco_list_append_steal(world.list, v)) == (0));
        break;
    }
    case 1: {
        /* The size may change between asking and popping: an index error
         * then, and nothing else. */
        ssize_t n = rco_len(world.list);
        check(n >= 0);
        if (n > 0) {
            rco_object *v = rco_list_pop(world.list, (size_t)n - 1);
            if (v) {
                rco_decref(v);
            } else {
                check((rco_err_occurred()) == (RCO_ERR_INDEX));
                rco_err_clear();
            }
        }
        break;
    }
    default: {
        ssize_t n = rco_len(world.list);
        if (n > 0) {
            rco_object *v = rco_list_get_ref(world.list, next_random(&w->seed) % (size_t)n);
            if (v) {
                check(rco_refcount(v) >= 1);
                rco_decref(v);
            } else {
                check((rco_err_occurred()) == (RCO_ERR_INDEX));
                rco_err_clear();
            }
        }
    }
    }
}

static void set_op(worker *w)
{
    rco_object *item = rco_int((int64_t)(next_random(&w->seed) % 64) + 1000);
    check(item);
    switch (next_random(&w->seed) % 3) {
    case 0:
        check((rco_set_add(world.set, item)) == (0));
        break;
    case 1:
        check(rco_set_discard(world.set, item) >= 0);
        break;
    default:
        check(rco_set_contains(world.set, item) >= 0);
    }
    rco_decref(item);
}

static void instance_op(worker *w)
{
    static const char *names[] = { "a", "b", "c", "d" };
    const char *name = names[next_random(&w->seed) % 4];
    if (next_random(&w->seed) % 2) {
        rco_object *v = random_value(&w->seed);
        check((rco_setattr(world.inst, name, v)) == (0));
        rco_decref(v);
    } else {
        rco_object *v = rco_getattr(world.inst, name);
        if (v) {
            check_value(v);
            rco_decref(v);
        } else {
            check((rco_err_occurred()) == (RCO_ERR_KEY));
            rco_err_clear();
        }
    }
}

/* Iteration over a dict others change: it ends, normally or with
 * RCO_ERR_RUNTIME, and every item seen is sane. */
static void iterate_op(worker *w)
{
    (void)w;
    size_t pos = 0;
    rco_object *k, *v;
    int r;
    while ((r = rco_dict_next(world.dict, &pos, &k, &v)) == 1) {
        /* borrowed: others may replace the value meanwhile, so only the
         * key, which the dict holds while it is present, is looked at */
        check(k);
    }
    if (r < 0) {
        check((rco_err_occurred()) == (RCO_ERR_RUNTIME));
        rco_err_clear();
    }
}

/* Hand a new list to another thread; take what others handed us. */
static void mail_op(worker *w)
{
    int to = (int)(next_random(&w->seed) % THREADS);
    rco_object *parcel = rco_build("[is]", w->id, "parcel");
    check(parcel);
    check((rco_list_append_steal(world.mailbox[to], parcel)) == (0));
    w->handed++;
    rco_object *mine = world.mailbox[w->id];
    for (;;) {
        ssize_t n = rco_len(mine);
        if (n <= 0)
            break;
        rco_object *got = rco_list_pop(mine, 0);
        if (!got) {
            rco_err_clear();
            break;
        }
        check((rco_len(got)) == (2));
        w->received++;
        rco_decref(got); /* released here, made elsewhere */
    }
}

static void *work(void *arg)
{
    worker *w = arg;
    while (!atomic_load(&world.go)) {
    }
    int n = rounds();
    for (int i = 0; i < n; i++) {
        switch (next_random(&w->seed) % 16) {
        case 0: case 1: case 2: case 3:
            dict_op(w);
            break;
        case 4: case 5: case 6:
            list_op(w);
            break;
        case 7: case 8:
            set_op(w);
            break;
        case 9: case 10:
            instance_op(w);
            break;
        case 11:
            iterate_op(w);
            break;
        case 12: case 13:
            mail_op(w);
            break;
        case 14:
            make_cycle(w);
            break;
        default:
            if (next_random(&w->seed) % 8 == 0)
                check(rco_gc_collect((int)(next_random(&w->seed) % 3)) >= 0);
        }
        /* Cut the shared list down now and then, so that it does not hold
         * every weakref ever made. */
        if (i % 256 == 255)
            check((rco_list_clear(world.list)) == (0));
    }
    return NULL;
}

static void stress_shared_containers(void **state)
{
    (void)state;
    atomic_store(&finalized, 0);
    atomic_store(&made_with_finalizer, 0);
    atomic_store(&callbacks_ran, 0);
    node_class = rco_class_new("Node", count_finalize, NULL);
    world.dict = rco_dict_new();
    world.list = rco_list_new(0);
    world.set = rco_set_new();
    world.inst = rco_instance_new(node_class);
    atomic_fetch_add(&made_with_finalizer, 1);
    for (int i = 0; i < THREADS; i++)
        world.mailbox[i] = rco_list_new(0);
    for (int i = 0; i < KEYS; i++)
        world.keys[i] = rco_str_printf("key%d", i);
    atomic_store(&world.go, 0);

    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){ .id = i, .seed = 1234u + 77u * (unsigned)i };
        assert_int_equal(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
    }
    atomic_store(&world.go, 1);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);

    /* Everything the threads handed over was taken or still waits. */
    long handed = 0, received = 0, weakrefs = 0;
    for (int i = 0; i < THREADS; i++) {
        handed += workers[i].handed;
        received += workers[i].received;
        weakrefs += workers[i].weakrefs_made;
    }
    ssize_t waiting = 0;
    for (int i = 0; i < THREADS; i++)
        waiting += rco_len(world.mailbox[i]);
    assert_int_equal(handed, received + waiting);

    /* Shared objects hold what they should, and nothing else holds them. */
    assert_true(rco_len(world.set) <= 64);
    assert_true(rco_len(world.dict) <= KEYS);
    size_t pos = 0;
    rco_object *k, *v;
    while (rco_dict_next(world.dict, &pos, &k, &v) == 1) {
        check_value(v);
        assert_int_equal(rco_refcount(k), 2); /* world.keys and the dict */
    }
    assert_int_equal(rco_refcount(world.dict), 1);
    assert_int_equal(rco_refcount(world.list), 1);
    assert_int_equal(rco_refcount(world.set), 1);

    /* Every cycle is garbage now: one collection finds all of it, each
     * finalizer has run exactly once, and every weakref still held by the
     * list saw its target die. */
    rco_gc_collect(-1);
    assert_int_equal(atomic_load(&finalized), atomic_load(&made_with_finalizer) - 1); /* inst lives */
    ssize_t held_refs = rco_len(world.list);
    for (ssize_t i = 0; i < held_refs; i++) {
        rco_object *item = rco_list_get(world.list, (size_t)i);
        if (strcmp(rco_type_name(item), "weakref") == 0) {
            rco_object *target = rco_weakref_get(item);
            assert_null(target);
        }
    }
    assert_true(atomic_load(&callbacks_ran) >= 1);
    assert_true(atomic_load(&callbacks_ran) <= weakrefs);

    for (int i = 0; i < KEYS; i++)
        rco_decref(world.keys[i]);
    for (int i = 0; i < THREADS; i++)
        rco_decref(world.mailbox[i]);
    rco_decref(world.dict);
    rco_decref(world.list);
    rco_decref(world.set);
    rco_decref(world.inst);
    rco_decref((rco_object *)node_class);
    rco_gc_collect(-1);
    assert_int_equal(atomic_load(&finalized), atomic_load(&made_with_finalizer));
}

/* ---- one rule each ---------------------------------------------------- */

/* Objects made by a thread that has exited are used and freed by another;
 * its pools are reused by the next thread. */
static void *make_and_exit(void *arg)
{
    rco_object **out = arg;
    *out = rco_build("[i, s, (i, i)]", 1, "two", 3, 4);
    return NULL;
}

static void objects_outlive_their_thread(void **state)
{
    (void)state;
    rco_object *made = NULL;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, make_and_exit, &made), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_non_null(made);
    assert_int_equal(rco_len(made), 3);
    rco_object *copy = rco_list_get_ref(made, 1);
    assert_string_equal(rco_str_utf8(copy), "two");
    assert_int_equal(rco_refcount(made), 1);
    rco_decref(copy);
    rco_decref(made);
}

/* The last reference released on a thread that did not make the object,
 * while the maker still holds others: counts merge, nothing is freed
 * early or twice. */
typedef struct relay {
    rco_object *obj;
    int releases;
} relay;

static void *release_n(void *arg)
{
    relay *r = arg;
    for (int i = 0; i < r->releases; i++)
        rco_decref(r->obj);
    return NULL;
}

static void releases_from_another_thread(void **state)
{
    (void)state;
    rco_object *l = rco_list_new(0);
    for (int i = 0; i < 1000; i++)
        rco_incref(l);
    relay r = { l, 1000 };
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, release_n, &r), 0);
    for (int i = 0; i < 1000; i++) {
        rco_incref(l);
        rco_decref(l);
    }
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(rco_refcount(l), 1);
    rco_decref(l);
}

/* A thread blocked outside rco, holding objects, holds no collection up:
 * it is in no critical section. */
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_open = PTHREAD_COND_INITIALIZER;
static int opened;

static void *hold_and_block(void *arg)
{
    rco_object *mine = rco_build("[s]", "held");
    __atomic_store_n((rco_object **)arg, mine, __ATOMIC_RELEASE);
    pthread_mutex_lock(&gate);
    while (!opened)
        pthread_cond_wait(&gate_open, &gate);
    pthread_mutex_unlock(&gate);
    check(rco_len(mine) == 1);
    rco_decref(mine);
    return NULL;
}

static void collection_does_not_wait_for_blocked_thread(void **state)
{
    (void)state;
    rco_object *theirs = NULL;
    opened = 0;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, hold_and_block, &theirs), 0);
    while (!__atomic_load_n(&theirs, __ATOMIC_ACQUIRE))
        sched_yield();
    /* A cycle to find, while the other thread sleeps. */
    rco_object *a = rco_list_new(0);
    rco_list_append(a, a);
    rco_decref(a);
    assert_true(rco_gc_collect(-1) >= 1);
    pthread_mutex_lock(&gate);
    opened = 1;
    pthread_cond_broadcast(&gate_open);
    pthread_mutex_unlock(&gate);
    assert_int_equal(pthread_join(t, NULL), 0);
}

/* A weakref turned into a reference while another thread releases the
 * target's last reference: either the target, alive, or NULL. */
typedef struct race {
    rco_object *ref;
    atomic_int start;
    long got;
} race;

static void *read_weakref(void *arg)
{
    race *r = arg;
    while (!atomic_load(&r->start)) {
    }
    for (int i = 0; i < 10000; i++) {
        rco_object *t = rco_weakref_get(r->ref);
        if (!t)
            break;
        check(rco_refcount(t) >= 1 && strcmp(rco_type_name(t), "Target") == 0);
        r->got++;
        rco_decref(t);
    }
    return NULL;
}

static void weakref_get_races_last_release(void **state)
{
    (void)state;
    rco_type *cls = rco_class_new("Target", NULL, NULL);
    for (int round = 0; round < 50; round++) {
        rco_object *target = rco_instance_new(cls);
        race r = { rco_weakref_new(target, NULL, NULL), 0, 0 };
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, read_weakref, &r), 0);
        atomic_store(&r.start, 1);
        rco_decref(target);
        assert_int_equal(pthread_join(t, NULL), 0);
        assert_null(rco_weakref_get(r.ref));
        rco_decref(r.ref);
    }
    rco_decref((rco_object *)cls);
}

/* Shutdown waits for the other threads: refused while one that used rco
 * still runs, and nothing is freed. */
static atomic_int used_rco;

static void *use_and_wait(void *arg)
{
    rco_object *l = rco_list_new(0);
    atomic_store(&used_rco, 1);
    pthread_mutex_lock(&gate);
    while (!opened)
        pthread_cond_wait(&gate_open, &gate);
    pthread_mutex_unlock(&gate);
    (void)arg;
    rco_decref(l);
    return NULL;
}

static void shutdown_refused_while_threads_run(void **state)
{
    (void)state;
    opened = 0;
    rco_object *mine = rco_str("still here");
    pthread_t t;
    atomic_store(&used_rco, 0);
    assert_int_equal(pthread_create(&t, NULL, use_and_wait, NULL), 0);
    while (!atomic_load(&used_rco))
        sched_yield();
    rco_shutdown();
    assert_int_equal(rco_err_occurred(), RCO_ERR_RUNTIME);
    rco_err_clear();
    assert_string_equal(rco_str_utf8(mine), "still here");
    pthread_mutex_lock(&gate);
    opened = 1;
    pthread_cond_broadcast(&gate_open);
    pthread_mutex_unlock(&gate);
    assert_int_equal(pthread_join(t, NULL), 0);
    rco_decref(mine);
}

/* Detach and attach are accepted anywhere, any number of times. */
static void detach_attach(void **state)
{
    (void)state;
    rco_thread_detach();
    rco_thread_attach();
    rco_thread_attach();
    rco_object *l = rco_list_new(0);
    rco_thread_detach();
    rco_thread_attach();
    assert_int_equal(rco_list_append_steal(l, rco_int(5)), 0);
    rco_decref(l);
}

/* The new-reference getters, against their borrowed twins. */
static void getters_give_new_references(void **state)
{
    (void)state;
    rco_object *l = rco_build("[s]", "x");
    rco_object *item = rco_list_get_ref(l, 0);
    assert_non_null(item);
    assert_int_equal(rco_refcount(item), 2);
    rco_decref(item);
    assert_null(rco_list_get_ref(l, 1));
    assert_int_equal(rco_err_occurred(), RCO_ERR_INDEX);
    rco_err_clear();
    assert_null(rco_list_get_ref(NULL, 0));
    rco_err_clear();

    rco_object *d = rco_build("{s:i}", "k", 5000);
    rco_object *key = rco_str("k"), *out = (rco_object *)1;
    assert_int_equal(rco_dict_get_ref(d, key, &out), 1);
    assert_int_equal(rco_int_value(out), 5000);
    assert_int_equal(rco_refcount(out), 2);
    rco_decref(out);
    assert_int_equal(rco_dict_get_str_ref(d, "k", &out), 1);
    rco_decref(out);
    out = (rco_object *)1;
    assert_int_equal(rco_dict_get_str_ref(d, "absent", &out), 0);
    assert_null(out);
    assert_int_equal(rco_err_occurred(), 0);
    out = (rco_object *)1;
    assert_int_equal(rco_dict_get_ref(d, l, &out), -1); /* unhashable */
    assert_null(out);
    assert_int_equal(rco_err_occurred(), RCO_ERR_TYPE);
    rco_err_clear();
    assert_int_equal(rco_dict_get_ref(d, key, NULL), -1);
    rco_err_clear();
    rco_decref(key);
    rco_decref(d);
    rco_decref(l);
}

/* ---- no lost update: each operation is atomic ------------------------ */

static struct {
    rco_object *list, *dict, *set;
    atomic_int go;
} racing;

static void *add_own_range(void *arg)
{
    int64_t first = (int64_t)(intptr_t)arg, n = rounds();
    while (!atomic_load(&racing.go))
        ;
    for (int64_t v = first; v < first + n; v++) {
        rco_object *item = rco_int(v);
        check(item != NULL);
        check(rco_list_append(racing.list, item) == 0);
        check(rco_dict_set(racing.dict, item, item) == 0);
        check(rco_set_add(racing.set, item) == 0);
        rco_decref(item);
    }
    return NULL;
}

/* THREADS threads append, set and add their own values to one list, dict
 * and set at once: every value arrives exactly once, each thread's in its
 * order in the list. */
static void concurrent_updates_are_never_lost(void **state)
{
    (void)state;
    int64_t n = rounds();
    racing.list = rco_list_new(0);
    racing.dict = rco_dict_new();
    racing.set = rco_set_new();
    atomic_store(&racing.go, 0);
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, add_own_range, (void *)(intptr_t)(i * n * 10)), 0);
    atomic_store(&racing.go, 1);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);

    assert_int_equal(rco_len(racing.list), THREADS * n);
    assert_int_equal(rco_len(racing.dict), THREADS * n);
    assert_int_equal(rco_len(racing.set), THREADS * n);
    int64_t next[THREADS];
    for (int i = 0; i < THREADS; i++)
        next[i] = i * n * 10;
    for (int64_t k = 0; k < THREADS * n; k++) {
        int64_t v = rco_int_value(rco_list_get(racing.list, (size_t)k));
        int owner = (int)(v / (n * 10));
        assert_true(owner >= 0 && owner < THREADS);
        assert_int_equal(v, next[owner]++);
        rco_object *key = rco_int(v), *got = NULL;
        assert_int_equal(rco_dict_get_ref(racing.dict, key, &got), 1);
        assert_int_equal(rco_int_value(got), v);
        assert_int_equal(rco_set_contains(racing.set, key), 1);
        rco_decref(got);
        rco_decref(key);
    }
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(next[i], i * n * 10 + n);
    RCO_CLEAR(racing.list);
    RCO_CLEAR(racing.dict);
    RCO_CLEAR(racing.set);
}

/* Readers of a dict another thread keeps changing (dict.c reads a dict
 * shared for reading without its lock): while the writer replaces values,
 * deletes and re-adds keys, grows the table past several rebuilds and
 * clears it, every value a reader gets is the one of its key, alive, and
 * its own to release; keys found absent are ones the writer deletes. */
#define READ_KEYS 64

static struct {
    rco_object *by_int, *by_str;
    rco_object *keys[READ_KEYS];
    atomic_int done;
    atomic_long found, absent;
} shared_reads;

static void expect_value_of(rco_object *v, int k)
{
    /* The values are strs "k<key>:<version>": of this key, and alive. */
    const char *text = rco_str_utf8(v);
    char want[16];
    int n = snprintf(want, sizeof want, "k%d:", k);
    check(text && strncmp(text, want, (size_t)n) == 0);
    check(rco_refcount(v) >= 1);
}

static void *read_shared_dicts(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    while (!atomic_load(&shared_reads.done)) {
        int k = (int)(next_random(&seed) % READ_KEYS);
        rco_object *v = NULL;
        int r = rco_dict_get_ref(shared_reads.by_int, shared_reads.keys[k], &v);
        check(r == 0 || r == 1);
        if (r == 1) {
            expect_value_of(v, k);
            rco_decref(v);
            atomic_fetch_add(&shared_reads.found, 1);
        } else {
            atomic_fetch_add(&shared_reads.absent, 1);
        }
        char name[16];
        snprintf(name, sizeof name, "n%d", k);
        r = rco_dict_get_str_ref(shared_reads.by_str, name, &v);
        check(r == 0 || r == 1);
        if (r == 1) {
            expect_value_of(v, k);
            rco_decref(v);
        }
        check(rco_dict_contains(shared_reads.by_int, shared_reads.keys[k]) >= 0);
    }
    return NULL;
}

static void write_value(int k, int version)
{
    rco_object *v = rco_str_printf("k%d:%d", k, version);
    char name[16];
    snprintf(name, sizeof name, "n%d", k);
    check(v && rco_dict_set(shared_reads.by_int, shared_reads.keys[k], v) == 0);
    check(rco_dict_set_str(shared_reads.by_str, name, v) == 0);
    rco_decref(v);
}

static void readers_see_live_values_while_a_dict_changes(void **state)
{
    (void)state;
    shared_reads.by_int = rco_dict_new();
    shared_reads.by_str = rco_dict_new();
    for (int k = 0; k < READ_KEYS; k++) {
        shared_reads.keys[k] = rco_int(k * 1000003);
        write_value(k, 0);
    }
    atomic_store(&shared_reads.done, 0);
    pthread_t readers[THREADS - 1];
    for (int i = 0; i < THREADS - 1; i++)
        assert_int_equal(pthread_create(&readers[i], NULL, read_shared_dicts, (void *)(uintptr_t)(i + 1)), 0);
    unsigned seed = 99;
    /* Under valgrind, which runs one thread at a time, each writer's wait
     * for a reader costs a switch of threads: a few hundred changes. */
    int n = getenv("RCO_TEST_UNDER_VALGRIND") ? 300 : rounds() * 5;
    for (int version = 1; version <= n; version++) {
        int k = (int)(next_random(&seed) % READ_KEYS);
        switch (next_random(&seed) % 8) {
        case 0: /* gone, then back */
            assert_int_equal(rco_dict_del(shared_reads.by_int, shared_reads.keys[k]), 0);
            write_value(k, version);
            break;
        case 1: { /* a popped value handed to this thread, released here */
            rco_object *v = rco_dict_pop(shared_reads.by_int, shared_reads.keys[k]);
            assert_non_null(v);
            rco_decref(v);
            write_value(k, version);
            break;
        }
        case 2: /* grow past a rebuild or two, then shrink back */
            if (version % 64 == 2) {
                for (int extra = 0; extra < 200; extra++) {
                    rco_object *x = rco_int(-1 - extra);
                    assert_int_equal(rco_dict_set(shared_reads.by_int, x, x), 0);
                    rco_decref(x);
                }
                for (int extra = 0; extra < 200; extra++) {
                    rco_object *x = rco_int(-1 - extra);
                    assert_int_equal(rco_dict_del(shared_reads.by_int, x), 0);
                    rco_decref(x);
                }
            }
            write_value(k, version);
            break;
        case 3: /* everything gone at once, then back */
            if (version % 256 == 3) {
                assert_int_equal(rco_dict_clear(shared_reads.by_int), 0);
                for (int j = 0; j < READ_KEYS; j++)
                    write_value(j, version);
            }
            break;
        default:
            write_value(k, version);
        }
    }
    atomic_store(&shared_reads.done, 1);
    for (int i = 0; i < THREADS - 1; i++)
        assert_int_equal(pthread_join(readers[i], NULL), 0);
    assert_true(atomic_load(&shared_reads.found) > 0);
    for (int k = 0; k < READ_KEYS; k++) {
        rco_object *v = NULL;
        assert_int_equal(rco_dict_get_ref(shared_reads.by_int, shared_reads.keys[k], &v), 1);
        expect_value_of(v, k);
        assert_int_equal(rco_refcount(v), 3); /* both dicts, and v */
        rco_decref(v);
        rco_decref(shared_reads.keys[k]);
    }
    RCO_CLEAR(shared_reads.by_int);
    RCO_CLEAR(shared_reads.by_str);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(getters_give_new_references, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(detach_attach, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(concurrent_updates_are_never_lost, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(shutdown_refused_while_threads_run, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(objects_outlive_their_thread, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(releases_from_another_thread, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(collection_does_not_wait_for_blocked_thread, rco_test_setup,
                                        rco_test_teardown),
        cmocka_unit_test_setup_teardown(weakref_get_races_last_release, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(stress_shared_containers, rco_test_setup, rco_test_teardown),
        cmocka_unit_test_setup_teardown(readers_see_live_values_while_a_dict_changes, rco_test_setup,
                                        rco_test_teardown),
    };
    RCO_RUN_TESTS(tests);
}
