/*
 * test_hostile.c: input chosen to hurt.
 *
 *   - keys crafted to collide under weak hashes (Java's String.hashCode for
 *     str and bytes, identity for ints) must still work, and rco's hashes
 *     must spread them over table slots like random keys;
 *   - sizes near SIZE_MAX, and negative counts passed through size_t or
 *     ssize_t, fail cleanly before anything is read or allocated;
 *   - invalid UTF-8 is refused wherever text enters;
 *   - structures nested a million deep print, compare, hash, collect and
 *     die without exhausting the C stack.
 * How fast crafted keys insert is measured outside the tests (no timing
 * assertions here).
 */
#include "rco_test.h"

#include <limits.h>
#include <stdbool.h>

/* ======================================================================
 * Crafted keys
 * ====================================================================== */

#define KEYS 100000
#define LOW_BITS 17 /* table slots of a table that holds KEYS */

/* Java's String.hashCode: "Aa" and "BB" both give 2112, so every string made
 * of the same number of such pairs has the same hash. */
static int32_t java_hash(const char *s, size_t n)
{
    uint32_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = 31 * h + (unsigned char)s[i];
    return (int32_t)h;
}

#define PAIRS 17
#define PAIR_TEXT (2 * PAIRS)

/* The i-th of the 2^17 strings of 17 pairs, bit k choosing pair k. */
static void colliding_text(size_t i, char out[PAIR_TEXT + 1])
{
    for (int k = 0; k < PAIRS; k++)
        memcpy(out + 2 * k, (i >> k) & 1 ? "BB" : "Aa", 2);
    out[PAIR_TEXT] = '\0';
}

/* A fixed pseudo-random sequence (xorshift64*), for the random keys the
 * crafted ones are compared with. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dULL;
}

static void random_text(uint64_t *state, char out[PAIR_TEXT + 1])
{
    for (int k = 0; k < PAIR_TEXT; k++)
        out[k] = (char)('A' + next_random(state) % 58);
    out[PAIR_TEXT] = '\0';
}

typedef enum family { JAVA_STR, JAVA_BYTES, SHIFTED_INTS, RANDOM_STR, RANDOM_INTS } family;

static rco_object *make_key(family f, size_t i, uint64_t *state)
{
    char text[PAIR_TEXT + 1];
    switch (f) {
    case JAVA_STR:
        colliding_text(i, text);
        return rco_str(text);
    case JAVA_BYTES:
        colliding_text(i, text);
        return rco_bytes(text, PAIR_TEXT);
    case SHIFTED_INTS:
        return rco_int((int64_t)i << 20);
    case RANDOM_STR:
        random_text(state, text);
        return rco_str(text);
    default:
        return rco_int((int64_t)(next_random(state) >> 1));
    }
}

/* Static, so that a failed assertion leaks nothing valgrind would see
 * (rco_shutdown frees the objects). */
static rco_object *crafted_keys[KEYS], *random_keys[KEYS];

static rco_object **make_keys(family f, rco_object **keys)
{
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < KEYS; i++) {
        keys[i] = make_key(f, i, &state);
        assert_non_null(keys[i]);
    }
    return keys;
}

static void free_keys(rco_object **keys)
{
    for (size_t i = 0; i < KEYS; i++)
        RCO_CLEAR(keys[i]);
}

/* How many different values the low LOW_BITS bits of rco_hash take. */
static size_t distinct_slots(rco_object **keys)
{
    static unsigned char seen[(size_t)1 << LOW_BITS];
    size_t size = sizeof seen, distinct = 0;
    memset(seen, 0, size);
    for (size_t i = 0; i < KEYS; i++) {
        int64_t h = rco_hash(keys[i]);
        assert_int_not_equal(h, -1);
        size_t slot = (size_t)((uint64_t)h & (size - 1));
        distinct += !seen[slot];
        seen[slot] = 1;
    }
    return distinct;
}

static size_t random_distinct_slots(family f)
{
    rco_object **keys = make_keys(f, random_keys);
    size_t n = distinct_slots(keys);
    free_keys(keys);
    return n;
}

/* Crafted keys spread over slots at least half as well as random ones
 * (random keys fill about 53% of 2^17 slots; crafted ones that collided
 * would fill one). */
static void assert_spread_like_random(rco_object **keys, family random_family)
{
    size_t crafted = distinct_slots(keys);
    size_t random = random_distinct_slots(random_family);
    if (crafted * 2 <= random)
        fail_msg("crafted keys fill %zu slots, random ones %zu", crafted, random);
}

/* Every key in a dict (value: its index), then every other one deleted. */
static void assert_dict_holds(rco_object **keys, rco_object *(*equal_copy)(rco_object *))
{
    rco_object *d = rco_dict_new();
    for (size_t i = 0; i < KEYS; i++)
        assert_int_equal(rco_dict_set_steal(d, rco_incref(keys[i]), rco_int((int64_t)i)), 0);
    assert_int_equal(rco_len(d), KEYS);
    for (size_t i = 0; i < KEYS; i++) {
        rco_object *v = rco_dict_get(d, keys[i]);
        assert_non_null(v);
        assert_int_equal(rco_int_value(v), i);
    }
    for (size_t i = 0; i < KEYS; i += 997) { /* found by value, not identity */
        rco_object *copy = equal_copy(keys[i]);
        rco_object *v = rco_dict_get(d, copy);
        assert_non_null(v);
        assert_int_equal(rco_int_value(v), i);
        rco_decref(copy);
    }
    for (size_t i = 0; i < KEYS; i += 2)
        assert_int_equal(rco_dict_del(d, keys[i]), 0);
    assert_int_equal(rco_len(d), KEYS / 2);
    for (size_t i = 0; i < KEYS; i++)
        assert_int_equal(rco_dict_contains(d, keys[i]), i % 2);
    rco_decref(d);
}

static void assert_set_holds(rco_object **keys)
{
    rco_object *s = rco_set_new();
    for (size_t i = 0; i < KEYS; i++)
        assert_int_equal(rco_set_add(s, keys[i]), 0);
    for (size_t i = 0; i < KEYS; i += 3) /* adding again changes nothing */
        assert_int_equal(rco_set_add(s, keys[i]), 0);
    assert_int_equal(rco_len(s), KEYS);
    for (size_t i = 0; i < KEYS; i++)
        assert_int_equal(rco_set_contains(s, keys[i]), 1);
    for (size_t i = 1; i < KEYS; i += 2)
        assert_int_equal(rco_set_discard(s, keys[i]), 1);
    assert_int_equal(rco_len(s), KEYS / 2);
    for (size_t i = 0; i < KEYS; i++)
        assert_int_equal(rco_set_contains(s, keys[i]), i % 2 == 0);
    rco_decref(s);
}

static rco_object *copy_str(rco_object *s)
{
    return rco_str_n(rco_str_utf8(s), (size_t)rco_str_size(s));
}

static rco_object *copy_bytes(rco_object *b)
{
    return rco_bytes(rco_bytes_data(b), (size_t)rco_len(b));
}

static rco_object *copy_int_as_float(rco_object *i)
{
    return rco_float((double)rco_int_value(i)); /* 2^20 k is exact: equal keys */
}

static void java_colliding_strings_are_the_premise(void **state)
{
    char a[PAIR_TEXT + 1], b[PAIR_TEXT + 1];
    colliding_text(0, a);
    for (size_t i = 1; i < KEYS; i += 4099) {
        colliding_text(i, b);
        assert_string_not_equal(a, b);
        assert_int_equal(java_hash(a, PAIR_TEXT), java_hash(b, PAIR_TEXT));
    }
}

static void str_keys_colliding_under_java_hash_work_and_spread(void **state)
{
    rco_object **keys = make_keys(JAVA_STR, crafted_keys);
    assert_spread_like_random(keys, RANDOM_STR);
    assert_dict_holds(keys, copy_str);
    assert_set_holds(keys);
    free_keys(keys);
}

static void bytes_keys_colliding_under_java_hash_work_and_spread(void **state)
{
    rco_object **keys = make_keys(JAVA_BYTES, crafted_keys);
    assert_spread_like_random(keys, RANDOM_STR);
    assert_dict_holds(keys, copy_bytes);
    assert_set_holds(keys);
    free_keys(keys);
}

static void int_keys_colliding_under_identity_hash_work(void **state)
{
    rco_object **keys = make_keys(SHIFTED_INTS, crafted_keys);
    assert_dict_holds(keys, copy_int_as_float);
    assert_set_holds(keys);
    free_keys(keys);
}

static int compare_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* ints hash as themselves (hash.c says why): multiples of 2^20 share the
 * low bits that pick the first slot, but no two share a whole hash, and the
 * probe sequence folds in the high bits, so they part ways within a bounded
 * number of probes (the benchmark's hostile rows show the time). */
static void crafted_int_keys_never_share_a_whole_hash(void **state)
{
    rco_object **keys = make_keys(SHIFTED_INTS, crafted_keys);
    int64_t *hashes = malloc(KEYS * sizeof *hashes);
    assert_non_null(hashes);
    for (size_t i = 0; i < KEYS; i++) {
        hashes[i] = rco_hash(keys[i]);
        int64_t value = rco_int_value(keys[i]);
        assert_int_equal(hashes[i], value == -1 ? -2 : value);
    }
    qsort(hashes, KEYS, sizeof *hashes, compare_int64);
    for (size_t i = 1; i < KEYS; i++)
        assert_true(hashes[i] != hashes[i - 1]);
    free(hashes);
    free_keys(keys);
}

/* Keys whose hashes agree in their low bits but whose values differ only
 * in the top bits of a 64-bit int: still different keys. */
static void ints_differing_only_in_high_bits_are_different_keys(void **state)
{
    rco_object *d = rco_dict_new();
    for (int k = 0; k < 64; k++)
        assert_int_equal(rco_dict_set_steal(d, rco_int((int64_t)((uint64_t)1 << k)), rco_int(k)), 0);
    assert_int_equal(rco_dict_set_steal(d, rco_int(INT64_MIN), rco_int(-1)), 0); /* 1 << 63 again */
    assert_int_equal(rco_len(d), 64);
    rco_object *top = rco_int(INT64_MIN);
    assert_int_equal(rco_int_value(rco_dict_get(d, top)), -1);
    rco_decref(top);
    rco_decref(d);
}

/* ======================================================================
 * Sizes near SIZE_MAX and negative counts
 * ====================================================================== */

static const size_t huge_sizes[] = { SIZE_MAX, SIZE_MAX - 1, SIZE_MAX / 2 + 1, SIZE_MAX / 4 + 1,
                                     (size_t)-5, (size_t)SSIZE_MAX };
#define HUGE_SIZES (sizeof huge_sizes / sizeof huge_sizes[0])

static void huge_list_and_tuple_sizes_are_overflow(void **state)
{
    for (size_t k = 0; k < HUGE_SIZES; k++) {
        assert_null(rco_list_new(huge_sizes[k]));
        assert_error(RCO_ERR_OVERFLOW);
        assert_null(rco_tuple_new(huge_sizes[k]));
        assert_error(RCO_ERR_OVERFLOW);
    }
    assert_null(rco_tuple_new(SIZE_MAX / 8));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_list_new(SIZE_MAX / 8));
    assert_error(RCO_ERR_OVERFLOW);
}

/* The text is three bytes long: a size past what any object can hold must
 * be refused before a byte past them is read. */
static void huge_text_lengths_are_refused_before_reading(void **state)
{
    const char *p = "abc";
    for (size_t k = 0; k < HUGE_SIZES; k++) {
        assert_null(rco_str_n(p, huge_sizes[k]));
        assert_error(RCO_ERR_OVERFLOW);
        assert_null(rco_bytes(p, huge_sizes[k]));
        assert_error(RCO_ERR_OVERFLOW);
    }
}

static void huge_lengths_in_build_are_refused_before_reading(void **state)
{
    const char *p = "abc";
    assert_null(rco_build("y#", p, (ssize_t)SSIZE_MAX));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_build("s#", p, (ssize_t)SSIZE_MAX));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_build("z#", p, (ssize_t)SSIZE_MAX));
    assert_error(RCO_ERR_OVERFLOW);
}

/* A negative length in rco_build means "up to the NUL" (Py_BuildValue). */
static void negative_lengths_in_build_read_up_to_the_nul(void **state)
{
    rco_object *o = rco_build("(s#y#z#)", "abc", (ssize_t)-5, "de", (ssize_t)-1, "f",
                              (ssize_t)(-SSIZE_MAX - 1));
    assert_non_null(o);
    assert_repr(o, "('abc', b'de', 'f')");
    rco_decref(o);
    o = rco_build("s#", (const char *)NULL, (ssize_t)-5);
    assert_true(rco_is_none(o));
}

static void huge_indexes_are_index_errors(void **state)
{
    rco_object *l = rco_build("[iii]", 1, 2, 3);
    rco_object *t = rco_build("(ii)", 1, 2);
    rco_object *x = rco_int(1000);
    for (size_t k = 0; k < HUGE_SIZES; k++) {
        size_t i = huge_sizes[k];
        assert_null(rco_list_get(l, i));
        assert_error(RCO_ERR_INDEX);
        assert_int_equal(rco_list_set(l, i, x), -1);
        assert_error(RCO_ERR_INDEX);
        assert_int_equal(rco_list_insert(l, i, x), -1);
        assert_error(RCO_ERR_INDEX);
        assert_null(rco_list_pop(l, i));
        assert_error(RCO_ERR_INDEX);
        assert_int_equal(rco_list_del(l, i), -1);
        assert_error(RCO_ERR_INDEX);
        assert_null(rco_tuple_get(t, i));
        assert_error(RCO_ERR_INDEX);
        assert_int_equal(rco_tuple_set(t, i, x), -1);
        assert_error(RCO_ERR_INDEX);
    }
    assert_int_equal(rco_refcount(x), 1);
    assert_repr(l, "[1, 2, 3]");
    rco_decref(x);
    rco_decref(t);
    rco_decref(l);
}

static void unsigned_values_past_int64_are_overflow(void **state)
{
    assert_null(rco_int_from_uint64(UINT64_MAX));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_build("K", ULLONG_MAX));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_build("k", ULONG_MAX));
    assert_error(RCO_ERR_OVERFLOW);
    assert_null(rco_build("[iK]", 1, (unsigned long long)INT64_MAX + 1));
    assert_error(RCO_ERR_OVERFLOW);
    rco_object *o = rco_build("(IKn)", UINT_MAX, (unsigned long long)INT64_MAX, (ssize_t)-1);
    assert_repr(o, "(4294967295, 9223372036854775807, -1)");
    rco_decref(o);
}

/* Each value fits an int64 but not the C type asked for; nothing is
 * stored. */
static void unpack_values_that_do_not_fit_are_overflow(void **state)
{
    static const struct {
        const char *fmt;
        int64_t value;
    } cases[] = {
        { "b", 256 }, { "b", -1 }, { "h", 32768 }, { "h", -32769 },
        { "i", (int64_t)INT_MAX + 1 }, { "i", (int64_t)INT_MIN - 1 },
        { "I", -1 }, { "I", (int64_t)UINT_MAX + 1 }, { "k", -1 }, { "K", -1 },
        { "K", INT64_MIN }, { "b", INT64_MIN }, { "i", INT64_MAX },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        rco_object *t = rco_build("(L)", (long long)cases[k].value);
        union {
            unsigned char b;
            short h;
            int i;
            unsigned u;
            unsigned long k;
            unsigned long long K;
            unsigned char raw[16];
        } out;
        memset(&out, 0x5a, sizeof out);
        assert_int_equal(rco_unpack(t, cases[k].fmt, &out), -1);
        assert_error(RCO_ERR_OVERFLOW);
        for (size_t b = 0; b < sizeof out.raw; b++)
            assert_int_equal(out.raw[b], 0x5a);
        rco_decref(t);
    }
    rco_object *t = rco_build("(d)", 1e300);
    float f = 1;
    assert_int_equal(rco_unpack(t, "f", &f), -1);
    assert_error(RCO_ERR_OVERFLOW);
    assert_true(f == 1);
    rco_decref(t);
}

static void unpack_counts_that_do_not_match_are_type_errors(void **state)
{
    rco_object *t = rco_build("(iii)", 1, 2, 3);
    int a = 0, b = 0;
    assert_int_equal(rco_unpack(t, "ii", &a, &b), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_unpack(t, "iiii", &a, &b, &a, &b), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_unpack(t, "i(ii)i", &a, &b, &a, &b), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(a, 0);
    rco_decref(t);
}

/* ======================================================================
 * Invalid UTF-8
 * ====================================================================== */

static const char *const invalid_utf8[] = {
    "\x80",             /* a continuation byte alone */
    "a\xbf",            /* the same after ASCII */
    "\xc0\x80",         /* overlong NUL */
    "\xc1\xbf",         /* overlong */
    "\xe0\x80\x80",     /* overlong, 3 bytes */
    "\xe0\x9f\xbf",     /* overlong U+07FF */
    "\xed\xa0\x80",     /* surrogate U+D800 */
    "\xed\xbf\xbf",     /* surrogate U+DFFF */
    "\xf0\x80\x80\x80", /* overlong, 4 bytes */
    "\xf4\x90\x80\x80", /* U+110000 */
    "\xf5\x80\x80\x80", /* lead byte past U+10FFFF */
    "\xff",
    "\xe2\x82",         /* truncated */
    "\xe2\x28\xa1",     /* a bad continuation */
    "abcdefgh\xe2\x82", /* truncated after an ASCII run */
};
#define INVALID_UTF8 (sizeof invalid_utf8 / sizeof invalid_utf8[0])

static const char *const valid_utf8[] = {
    "", "plain", "h\xc3\xa9", "\xe2\x82\xac", "\xef\xbf\xbf", "\xf0\x9f\x98\x80",
    "\xf4\x8f\xbf\xbf", /* U+10FFFF, the last */
    "\xed\x9f\xbf",     /* U+D7FF, just before the surrogates */
};
#define VALID_UTF8 (sizeof valid_utf8 / sizeof valid_utf8[0])

static void invalid_utf8_is_refused_by_str_constructors(void **state)
{
    for (size_t k = 0; k < INVALID_UTF8; k++) {
        const char *bad = invalid_utf8[k];
        assert_null(rco_str(bad));
        assert_error(RCO_ERR_VALUE);
        assert_null(rco_str_n(bad, strlen(bad)));
        assert_error(RCO_ERR_VALUE);
        assert_null(rco_str_printf("x%sy", bad));
        assert_error(RCO_ERR_VALUE);
    }
    for (size_t k = 0; k < VALID_UTF8; k++) {
        rco_object *s = rco_str(valid_utf8[k]);
        assert_non_null(s);
        assert_string_equal(rco_str_utf8(s), valid_utf8[k]);
        rco_decref(s);
    }
}

/* A valid prefix does not excuse the byte after it: rco_str_n reads
 * exactly n bytes, NULs included. */
static void str_n_checks_exactly_its_bytes(void **state)
{
    rco_object *s = rco_str_n("a\0b\xff", 3);
    assert_non_null(s);
    assert_int_equal(rco_len(s), 3);
    rco_decref(s);
    assert_null(rco_str_n("a\0b\xff", 4));
    assert_error(RCO_ERR_VALUE);
}

static void invalid_utf8_is_refused_by_build(void **state)
{
    for (size_t k = 0; k < INVALID_UTF8; k++) {
        const char *bad = invalid_utf8[k];
        rco_object *given = rco_list_new(0);
        assert_null(rco_build("[s]", bad));
        assert_error(RCO_ERR_VALUE);
        assert_null(rco_build("(z#N)", bad, (ssize_t)strlen(bad), rco_incref(given)));
        assert_error(RCO_ERR_VALUE);
        assert_int_equal(rco_refcount(given), 1); /* the N argument was released */
        assert_null(rco_build("{s:i}", bad, 1));
        assert_error(RCO_ERR_VALUE);
        rco_object *b = rco_build("y", bad); /* bytes take any bytes */
        assert_non_null(b);
        rco_decref(b);
        rco_decref(given);
    }
}

static void invalid_utf8_is_refused_as_dict_key(void **state)
{
    rco_object *d = rco_dict_new();
    rco_object *v = rco_int(1000);
    for (size_t k = 0; k < INVALID_UTF8; k++) {
        assert_int_equal(rco_dict_set_str(d, invalid_utf8[k], v), -1);
        assert_error(RCO_ERR_VALUE);
        assert_null(rco_dict_get_str(d, invalid_utf8[k])); /* absent, no error */
        assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
        assert_int_equal(rco_dict_del_str(d, invalid_utf8[k]), -1);
        assert_error(RCO_ERR_VALUE); /* as Python, which fails decoding it */
    }
    assert_int_equal(rco_len(d), 0);
    assert_int_equal(rco_refcount(v), 1);
    rco_decref(v);
    rco_decref(d);
}

/* Attribute names are text too: setting one refuses invalid UTF-8 and
 * leaves the object as it was; looking one up finds nothing. */
static void invalid_utf8_is_refused_as_attribute_name(void **state)
{
    rco_type *cls = rco_class_new("C", NULL, NULL);
    rco_object *o = rco_instance_new(cls);
    rco_object *v = rco_int(1000);
    for (size_t k = 0; k < INVALID_UTF8; k++) {
        assert_int_equal(rco_setattr(o, invalid_utf8[k], v), -1);
        assert_error(RCO_ERR_VALUE);
        assert_int_equal(rco_setattr((rco_object *)cls, invalid_utf8[k], v), -1);
        assert_error(RCO_ERR_VALUE);
        assert_int_equal(rco_hasattr(o, invalid_utf8[k]), 0);
        assert_null(rco_getattr(o, invalid_utf8[k]));
        assert_error(RCO_ERR_KEY);
        assert_int_equal(rco_delattr(o, invalid_utf8[k]), -1);
        assert_error(RCO_ERR_KEY);
    }
    assert_int_equal(rco_refcount(v), 1);
    rco_decref(v);
    rco_decref(o);
    rco_decref((rco_object *)cls);
}

static void invalid_utf8_is_refused_as_class_name(void **state)
{
    for (size_t k = 0; k < INVALID_UTF8; k++) {
        assert_null(rco_class_new(invalid_utf8[k], NULL, NULL));
        assert_error(RCO_ERR_VALUE);
    }
    rco_type *cls = rco_class_new("Caf\xc3\xa9", NULL, NULL);
    assert_non_null(cls);
    rco_object *o = rco_instance_new(cls);
    assert_string_equal(rco_type_name(o), "Caf\xc3\xa9");
    rco_decref(o);
    rco_decref((rco_object *)cls);
}

/* ======================================================================
 * A million deep
 * ====================================================================== */

#define DEEP rco_test_deep()

static rco_object *deep_lists(size_t depth)
{
    rco_object *l = rco_list_new(0);
    for (size_t i = 0; i < depth; i++) {
        rco_object *outer = rco_list_new(0);
        assert_int_equal(rco_list_append_steal(outer, l), 0);
        l = outer;
    }
    return l;
}

static void assert_repeats(const char *s, size_t from, const char *unit, size_t times)
{
    size_t n = strlen(unit);
    for (size_t i = 0; i < times; i++)
        if (memcmp(s + from + i * n, unit, n) != 0)
            fail_msg("repeat %zu of '%s' differs at %zu", i, unit, from + i * n);
}

static void repr_of_lists_a_million_deep(void **state)
{
    rco_object *l = deep_lists(DEEP);
    rco_object *r = rco_repr(l);
    assert_non_null(r);
    assert_int_equal(rco_str_size(r), 2 * (DEEP + 1));
    assert_repeats(rco_str_utf8(r), 0, "[", DEEP + 1);
    assert_repeats(rco_str_utf8(r), DEEP + 1, "]", DEEP + 1);
    rco_decref(r);
    rco_decref(l); /* and its destruction */
}

static void repr_of_dicts_a_million_deep(void **state)
{
    rco_object *key = rco_str("k");
    rco_object *d = rco_dict_new();
    for (size_t i = 0; i < DEEP; i++) {
        rco_object *outer = rco_dict_new();
        assert_int_equal(rco_dict_set_steal(outer, rco_incref(key), d), 0);
        d = outer;
    }
    rco_object *r = rco_repr(d);
    assert_non_null(r);
    const char *s = rco_str_utf8(r);
    assert_int_equal(rco_str_size(r), 7 * DEEP + 2);
    assert_repeats(s, 0, "{'k': ", DEEP);
    assert_repeats(s, 6 * DEEP, "{}", 1);
    assert_repeats(s, 6 * DEEP + 2, "}", DEEP);
    rco_decref(r);
    rco_decref(d);
    rco_decref(key);
}

static void tuples_a_million_deep_die_and_refuse_hash_and_equality(void **state)
{
    rco_object *a = rco_tuple_new(0), *b = rco_tuple_new(0);
    for (size_t i = 0; i < DEEP; i++) {
        rco_object *t = rco_tuple_new(1);
        assert_int_equal(rco_tuple_set_steal(t, 0, a), 0);
        a = t;
        t = rco_tuple_new(1);
        assert_int_equal(rco_tuple_set_steal(t, 0, b), 0);
        b = t;
    }
    assert_int_equal(rco_hash(a), -1);
    assert_error(RCO_ERR_OVERFLOW);
    assert_int_equal(rco_equal(a, b), -1);
    assert_error(RCO_ERR_OVERFLOW);
    rco_object *d = rco_dict_new();
    assert_int_equal(rco_dict_set(d, a, a), -1); /* a key too deep to hash */
    assert_error(RCO_ERR_OVERFLOW);
    rco_decref(d);
    rco_decref(a);
    rco_decref(b);
}

static void lists_a_million_deep_refuse_equality(void **state)
{
    rco_object *a = deep_lists(DEEP), *b = deep_lists(DEEP);
    assert_int_equal(rco_equal(a, b), -1);
    assert_error(RCO_ERR_OVERFLOW);
    assert_int_equal(rco_equal(a, a), 1); /* identity needs no descent */
    rco_decref(a);
    rco_decref(b);
}

static int finalized;

static void count_finalize(rco_object *self)
{
    (void)self;
    finalized++;
}

/* head -> ... -> a million instances through their "next" attribute. */
static rco_object *instance_chain(rco_type *cls, size_t length)
{
    rco_object *next = NULL;
    for (size_t i = 0; i < length; i++) {
        rco_object *o = rco_instance_new(cls);
        assert_non_null(o);
        if (next) {
            assert_int_equal(rco_setattr(o, "next", next), 0);
            rco_decref(next);
        }
        next = o;
    }
    return next;
}

static void instances_a_million_deep_die(void **state)
{
    rco_type *cls = rco_class_new("Link", NULL, NULL);
    rco_object *head = instance_chain(cls, DEEP);
    rco_decref(head);
    rco_decref((rco_object *)cls);
}

static void instances_with_finalizers_a_million_deep_die_finalized(void **state)
{
    finalized = 0;
    rco_type *cls = rco_class_new("Link", count_finalize, NULL);
    rco_object *head = instance_chain(cls, DEEP);
    rco_decref(head);
    assert_int_equal(finalized, DEEP);
    rco_decref((rco_object *)cls);
}

/* A cycle a million long: the collector finds it and frees it. */
static void a_cycle_a_million_long_is_collected(void **state)
{
    finalized = 0;
    rco_type *cls = rco_class_new("Link", count_finalize, NULL);
    rco_object *head = instance_chain(cls, DEEP);
    rco_object *tail = head;
    while (rco_hasattr(tail, "next") == 1) {
        rco_object *next = rco_getattr(tail, "next");
        rco_decref(next); /* the chain keeps it */
        tail = next;
    }
    assert_int_equal(rco_setattr(tail, "next", head), 0);
    rco_object *ref = rco_weakref_new(head, NULL, NULL);
    rco_decref(head);
    assert_int_equal(rco_gc_collect(-1), 2 * DEEP); /* instances and their dicts */
    assert_int_equal(finalized, DEEP);
    assert_null(rco_weakref_get(ref));
    rco_decref(ref);
    rco_decref((rco_object *)cls);
}

static void formats_nested_too_deep_are_refused(void **state)
{
    static char fmt[2 * 100000 + 1];
    size_t n = 100000;
    memset(fmt, '(', n);
    memset(fmt + n, ')', n);
    fmt[2 * n] = '\0';
    assert_null(rco_build(fmt));
    assert_error(RCO_ERR_OVERFLOW);
    rco_object *t = rco_build("()");
    assert_int_equal(rco_unpack(t, fmt), -1);
    assert_int_not_equal(rco_err_occurred(), RCO_ERR_NONE);
    rco_err_clear();
    rco_decref(t);
}

static void self_containing_list_prints_its_cycle(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_list_append(l, l);
    assert_repr(l, "[[...]]");
    rco_object *d = rco_dict_new();
    rco_dict_set_str(d, "me", d);
    rco_list_append(l, d);
    assert_repr(l, "[[...], {'me': {...}}]");
    rco_list_clear(l);
    rco_dict_clear(d);
    rco_decref(d);
    rco_decref(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(java_colliding_strings_are_the_premise),
        RCO_TEST(str_keys_colliding_under_java_hash_work_and_spread),
        RCO_TEST(bytes_keys_colliding_under_java_hash_work_and_spread),
        RCO_TEST(int_keys_colliding_under_identity_hash_work),
        RCO_TEST(crafted_int_keys_never_share_a_whole_hash),
        RCO_TEST(ints_differing_only_in_high_bits_are_different_keys),
        RCO_TEST(huge_list_and_tuple_sizes_are_overflow),
        RCO_TEST(huge_text_lengths_are_refused_before_reading),
        RCO_TEST(huge_lengths_in_build_are_refused_before_reading),
        RCO_TEST(negative_lengths_in_build_read_up_to_the_nul),
        RCO_TEST(huge_indexes_are_index_errors),
        RCO_TEST(unsigned_values_past_int64_are_overflow),
        RCO_TEST(unpack_values_that_do_not_fit_are_overflow),
        RCO_TEST(unpack_counts_that_do_not_match_are_type_errors),
        RCO_TEST(invalid_utf8_is_refused_by_str_constructors),
        RCO_TEST(str_n_checks_exactly_its_bytes),
        RCO_TEST(invalid_utf8_is_refused_by_build),
        RCO_TEST(invalid_utf8_is_refused_as_dict_key),
        RCO_TEST(invalid_utf8_is_refused_as_attribute_name),
        RCO_TEST(invalid_utf8_is_refused_as_class_name),
        RCO_TEST(repr_of_lists_a_million_deep),
        RCO_TEST(repr_of_dicts_a_million_deep),
        RCO_TEST(tuples_a_million_deep_die_and_refuse_hash_and_equality),
        RCO_TEST(lists_a_million_deep_refuse_equality),
        RCO_TEST(instances_a_million_deep_die),
        RCO_TEST(instances_with_finalizers_a_million_deep_die_finalized),
        RCO_TEST(a_cycle_a_million_long_is_collected),
        RCO_TEST(formats_nested_too_deep_are_refused),
        RCO_TEST(self_containing_list_prints_its_cycle),
    };
    RCO_RUN_TESTS(tests);
}
