/*
 * test_errors.c: the calling thread's error state (error.c): kinds and
 * messages set by failing calls, clearing, names of the kinds, errors set
 * by user code, errors kept per thread, and finalizers that neither see
 * nor clobber the error of the code that released their object.
 */
#include "rco_test.h"

#include <pthread.h>

/* rco_err_set through a pointer, so that the compiler's format checks do
 * not object to the odd formats these tests pass on purpose. */
static void (*const set_error)(rco_errkind, const char *, ...) = rco_err_set;

static void no_error_at_the_start(void **state)
{
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_string_equal(rco_err_message(), "");
}

static void failing_call_sets_kind_and_message_naming_the_function(void **state)
{
    assert_int_equal(rco_list_append(NULL, rco_none()), -1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_TYPE);
    assert_non_null(strstr(rco_err_message(), "rco_list_append"));
    rco_err_clear();
}

static void clear_forgets_kind_and_message(void **state)
{
    assert_null(rco_str(NULL));
    rco_err_clear();
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
    assert_string_equal(rco_err_message(), "");
}

static void a_later_error_replaces_the_earlier_one(void **state)
{
    assert_null(rco_str(NULL));
    rco_object *l = rco_list_new(0);
    assert_null(rco_list_get(l, 3));
    assert_int_equal(rco_err_occurred(), RCO_ERR_INDEX);
    assert_non_null(strstr(rco_err_message(), "rco_list_get"));
    assert_null(strstr(rco_err_message(), "rco_str"));
    rco_err_clear();
    rco_decref(l);
}

static void success_leaves_an_earlier_error_in_place(void **state)
{
    assert_null(rco_str(NULL));
    rco_object *s = rco_str("fine");
    assert_non_null(s);
    assert_int_equal(rco_err_occurred(), RCO_ERR_TYPE);
    rco_err_clear();
    rco_decref(s);
}

static void every_kind_comes_from_a_real_failure(void **state)
{
    rco_object *l = rco_list_new(0), *d = rco_dict_new(), *k = rco_str("absent");
    typedef struct observed {
        rco_errkind kind;
        const char *name; /* what rco_err_name must call it */
    } observed;
    observed seen[6];
    int n = 0;

    rco_debug_fail_alloc(1);
    assert_null(rco_float(1.0));
    rco_debug_fail_alloc(0);
    seen[n++] = (observed){ rco_err_occurred(), "MemoryError" };
    rco_err_clear();
    assert_int_equal(rco_list_append(l, NULL), -1);
    seen[n++] = (observed){ rco_err_occurred(), "TypeError" };
    rco_err_clear();
    assert_null(rco_list_get(l, 0));
    seen[n++] = (observed){ rco_err_occurred(), "IndexError" };
    rco_err_clear();
    assert_int_equal(rco_dict_del(d, k), -1);
    seen[n++] = (observed){ rco_err_occurred(), "KeyError" };
    rco_err_clear();
    assert_null(rco_str("\xff"));
    seen[n++] = (observed){ rco_err_occurred(), "ValueError" };
    rco_err_clear();
    assert_null(rco_int_from_uint64(UINT64_MAX));
    seen[n++] = (observed){ rco_err_occurred(), "OverflowError" };
    rco_err_clear();

    rco_errkind expected[] = { RCO_ERR_MEMORY, RCO_ERR_TYPE, RCO_ERR_INDEX,
                               RCO_ERR_KEY, RCO_ERR_VALUE, RCO_ERR_OVERFLOW };
    for (int i = 0; i < n; i++) {
        assert_int_equal(seen[i].kind, expected[i]);
        assert_string_equal(rco_err_name(seen[i].kind), seen[i].name);
    }
    rco_decref(l);
    rco_decref(d);
    rco_decref(k);
}

static void memory_error_message_says_out_of_memory(void **state)
{
    rco_debug_fail_alloc(1);
    assert_null(rco_float(1.0));
    assert_string_equal(rco_err_message(), "out of memory");
    assert_error(RCO_ERR_MEMORY);
}

static void names_of_the_kinds(void **state)
{
    assert_string_equal(rco_err_name(RCO_ERR_NONE), "no error");
    assert_string_equal(rco_err_name(RCO_ERR_MEMORY), "MemoryError");
    assert_string_equal(rco_err_name(RCO_ERR_TYPE), "TypeError");
    assert_string_equal(rco_err_name(RCO_ERR_INDEX), "IndexError");
    assert_string_equal(rco_err_name(RCO_ERR_KEY), "KeyError");
    assert_string_equal(rco_err_name(RCO_ERR_VALUE), "ValueError");
    assert_string_equal(rco_err_name(RCO_ERR_OVERFLOW), "OverflowError");
    assert_string_equal(rco_err_name((rco_errkind)99), "unknown error");
}

/* ---- errors set by user code ----------------------------------------- */

static void err_set_formats_its_message(void **state)
{
    rco_err_set(RCO_ERR_VALUE, "bad %s number %d", "frame", 7);
    assert_int_equal(rco_err_occurred(), RCO_ERR_VALUE);
    assert_string_equal(rco_err_message(), "bad frame number 7");
    rco_err_clear();
}

static void err_set_keeps_a_long_message_whole(void **state)
{
    char long_text[5000];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    rco_err_set(RCO_ERR_KEY, "%s!", long_text);
    assert_int_equal(rco_err_occurred(), RCO_ERR_KEY);
    assert_int_equal(strlen(rco_err_message()), sizeof long_text);
    assert_memory_equal(rco_err_message(), long_text, sizeof long_text - 1);
    assert_string_equal(rco_err_message() + sizeof long_text - 1, "!");
    rco_err_set(RCO_ERR_VALUE, "short"); /* a short one after a long one */
    assert_string_equal(rco_err_message(), "short");
    rco_err_clear();
    assert_string_equal(rco_err_message(), "");
}

static void err_set_with_a_null_format_gives_an_empty_message(void **state)
{
    set_error(RCO_ERR_TYPE, NULL);
    assert_int_equal(rco_err_occurred(), RCO_ERR_TYPE);
    assert_string_equal(rco_err_message(), "");
    rco_err_clear();
}

static void message_is_empty_when_the_kind_is_none(void **state)
{
    rco_err_set(RCO_ERR_VALUE, "something");
    rco_err_clear();
    rco_err_set(RCO_ERR_NONE, "ignored text");
    assert_string_equal(rco_err_message(), "");
    rco_err_clear();
}

/* ---- threads --------------------------------------------------------- */

typedef struct thread_report {
    rco_errkind at_start;
    rco_errkind after_set;
    char message[64];
} thread_report;

static void *set_an_error_in_a_thread(void *arg)
{
    thread_report *r = arg;
    r->at_start = rco_err_occurred();
    rco_err_set(RCO_ERR_KEY, "thread's own error");
    r->after_set = rco_err_occurred();
    snprintf(r->message, sizeof r->message, "%s", rco_err_message());
    return NULL;
}

static void errors_are_per_thread(void **state)
{
    rco_err_set(RCO_ERR_INDEX, "main thread's error");
    thread_report r;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, set_an_error_in_a_thread, &r), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(r.at_start, RCO_ERR_NONE); /* it did not see ours */
    assert_int_equal(r.after_set, RCO_ERR_KEY);
    assert_string_equal(r.message, "thread's own error");
    assert_int_equal(rco_err_occurred(), RCO_ERR_INDEX); /* ours is intact */
    assert_string_equal(rco_err_message(), "main thread's error");
    rco_err_clear();
}

static void *clear_in_a_thread(void *arg)
{
    rco_err_clear();
    return NULL;
}

static void clearing_in_another_thread_keeps_ours(void **state)
{
    rco_err_set(RCO_ERR_VALUE, "kept");
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, clear_in_a_thread, NULL), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(rco_err_occurred(), RCO_ERR_VALUE);
    assert_string_equal(rco_err_message(), "kept");
    rco_err_clear();
}

/* ---- user slots and finalizers ---------------------------------------- */

static int64_t hash_refuses(rco_object *self)
{
    rco_err_set(RCO_ERR_TYPE, "unhashable thing %d", 42);
    return -1;
}

static rco_type refusing_type = {
    .name = "Refusing",
    .size = sizeof(rco_object),
    .hash = hash_refuses,
};

static void error_of_a_user_slot_reaches_the_caller(void **state)
{
    rco_object *o = rco_new(&refusing_type), *s = rco_set_new();
    assert_int_equal(rco_set_add(s, o), -1);
    assert_int_equal(rco_err_occurred(), RCO_ERR_TYPE);
    assert_string_equal(rco_err_message(), "unhashable thing 42");
    rco_err_clear();
    rco_decref(s);
    rco_decref(o);
}

static rco_errkind seen_by_finalizer;

static void finalizer_that_fails(rco_object *self)
{
    seen_by_finalizer = rco_err_occurred();
    rco_err_set(RCO_ERR_OVERFLOW, "finalizer's own error");
}

static rco_type failing_finalizer_type = {
    .name = "FailingFinalizer",
    .size = sizeof(rco_object),
    .finalize = finalizer_that_fails,
};

static void finalizer_neither_sees_nor_clobbers_the_callers_error(void **state)
{
    rco_object *o = rco_new(&failing_finalizer_type);
    seen_by_finalizer = RCO_ERR_MEMORY;
    rco_err_set(RCO_ERR_INDEX, "caller's error");
    rco_decref(o);
    assert_int_equal(seen_by_finalizer, RCO_ERR_NONE);
    assert_int_equal(rco_err_occurred(), RCO_ERR_INDEX);
    assert_string_equal(rco_err_message(), "caller's error");
    rco_err_clear();
}

static void finalizer_error_does_not_leak_into_a_clean_caller(void **state)
{
    rco_object *o = rco_new(&failing_finalizer_type);
    rco_decref(o);
    assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(no_error_at_the_start),
        RCO_TEST(failing_call_sets_kind_and_message_naming_the_function),
        RCO_TEST(clear_forgets_kind_and_message),
        RCO_TEST(a_later_error_replaces_the_earlier_one),
        RCO_TEST(success_leaves_an_earlier_error_in_place),
        RCO_TEST(every_kind_comes_from_a_real_failure),
        RCO_TEST(memory_error_message_says_out_of_memory),
        RCO_TEST(names_of_the_kinds),
        RCO_TEST(err_set_formats_its_message),
        RCO_TEST(err_set_keeps_a_long_message_whole),
        RCO_TEST(err_set_with_a_null_format_gives_an_empty_message),
        RCO_TEST(message_is_empty_when_the_kind_is_none),
        RCO_TEST(errors_are_per_thread),
        RCO_TEST(clearing_in_another_thread_keeps_ours),
        RCO_TEST(error_of_a_user_slot_reaches_the_caller),
        RCO_TEST(finalizer_neither_sees_nor_clobbers_the_callers_error),
        RCO_TEST(finalizer_error_does_not_leak_into_a_clean_caller),
    };
    RCO_RUN_TESTS(tests);
}
