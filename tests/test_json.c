/*
 * test_json.c: rco_json_loads, rco_json_load_file, rco_json_dumps and
 * rco_json_dump_file against Python 3.11's json module.
 *
 * json_cases.inc (tools/gen_json_cases.py) holds what Python does with
 * each case: the value or the error message, positions and all, and the
 * text json.dumps writes under each flag. The tests below it pin what rco
 * does on purpose differently (lone surrogates, ints past int64, depth)
 * and what Python has no case for (streams, threads of ownership, memory
 * failure).
 */
#include "fault_sweep.h"

#include <math.h>

#include "json_cases.inc"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static rco_object *loads(const char *text)
{
    return rco_json_loads(text, strlen(text));
}

/* rco_json_loads(text) fails with kind and exactly this message. */
static void assert_load_error(const char *text, size_t n, rco_errkind kind, const char *message)
{
    rco_object *o = rco_json_loads(text, n);
    if (o) {
        rco_decref(o);
        fail_msg("%s loaded", text);
    }
    assert_int_equal(rco_err_occurred(), kind);
    assert_string_equal(rco_err_message(), message);
    rco_err_clear();
}

static void assert_dumps(rco_object *o, int flags, const char *expected)
{
    rco_object *s = rco_json_dumps(o, flags);
    if (!s)
        fail_msg("dumps failed: %s", rco_err_message());
    assert_string_equal(rco_str_utf8(s), expected);
    assert_int_equal(rco_len(s), rco_len(s)); /* a valid str */
    rco_decref(s);
}

/* ======================================================================
 * Python's table
 * ====================================================================== */

static void loads_does_what_python_does(void **state)
{
    int wrong = 0;
    for (size_t i = 0; i < COUNT(load_cases); i++) {
        const struct load_case *c = &load_cases[i];
        rco_object *o = rco_json_loads(c->text, c->size);
        const char *got;
        rco_object *r = NULL;
        if (o) {
            r = rco_repr(o);
            got = rco_str_utf8(r);
        } else {
            got = rco_err_message();
        }
        if (rco_err_occurred() != c->error || strcmp(got, c->expected) != 0) {
            fprintf(stderr, "case %zu %s: got %s %s, Python: %s %s\n", i, c->text,
                    rco_err_name(rco_err_occurred()), got, rco_err_name(c->error), c->expected);
            wrong++;
        }
        rco_err_clear();
        rco_xdecref(r);
        rco_xdecref(o);
    }
    assert_int_equal(wrong, 0);
}

static void dumps_does_what_python_does(void **state)
{
    int wrong = 0;
    for (size_t i = 0; i < COUNT(dump_cases); i++) {
        const struct dump_case *c = &dump_cases[i];
        rco_object *v = rco_parse(c->literal, strlen(c->literal));
        if (!v) {
            fprintf(stderr, "case %zu: rco_parse(%s): %s\n", i, c->literal, rco_err_message());
            rco_err_clear();
            wrong++;
            continue;
        }
        rco_object *s = rco_json_dumps(v, c->flags);
        const char *got = s ? rco_str_utf8(s) : rco_err_message();
        if (rco_err_occurred() != c->error || strcmp(got, c->expected) != 0) {
            fprintf(stderr, "case %zu %s flags %d: got %s '%s', Python: %s '%s'\n", i, c->literal,
                    c->flags, rco_err_name(rco_err_occurred()), got, rco_err_name(c->error), c->expected);
            wrong++;
        }
        rco_err_clear();
        rco_xdecref(s);
        rco_decref(v);
    }
    assert_int_equal(wrong, 0);
}

/* What dumps writes, loads reads back as an equal value. */
static void every_loaded_case_dumps_and_loads_back_equal(void **state)
{
    int flags[] = { 0, RCO_JSON_UTF8, RCO_JSON_COMPACT | RCO_JSON_SORT_KEYS, RCO_JSON_INDENT(3) };
    for (size_t i = 0; i < COUNT(load_cases); i++) {
        const struct load_case *c = &load_cases[i];
        if (c->error != RCO_ERR_NONE || strstr(c->expected, "nan"))
            continue; /* nan equals nothing */
        rco_object *o = rco_json_loads(c->text, c->size);
        assert_non_null(o);
        for (size_t f = 0; f < COUNT(flags); f++) {
            rco_object *s = rco_json_dumps(o, flags[f]);
            assert_non_null(s);
            rco_object *back = rco_json_loads(rco_str_utf8(s), (size_t)rco_str_size(s));
            assert_non_null(back);
            assert_int_equal(rco_equal(o, back), 1);
            rco_decref(back);
            rco_decref(s);
        }
        rco_decref(o);
    }
}

/* ======================================================================
 * Loading: what rco does differently, on purpose
 * ====================================================================== */

static void a_lone_surrogate_fails_where_its_escape_is(void **state)
{
    assert_load_error("\"\\ud800\"", 8, RCO_ERR_VALUE,
                      "Lone surrogate \\ud800: an rco str holds only valid UTF-8: line 1 column 2 (char 1)");
    assert_load_error("[\"ab\", \"x\\udc00\"]", 17, RCO_ERR_VALUE,
                      "Lone surrogate \\udc00: an rco str holds only valid UTF-8: line 1 column 10 (char 9)");
    /* A high surrogate not followed by a low one is lone too. */
    assert_load_error("\"\\ud800\\u0041\"", 14, RCO_ERR_VALUE,
                      "Lone surrogate \\ud800: an rco str holds only valid UTF-8: line 1 column 2 (char 1)");
    assert_load_error("\"\\udc00\\ud800\"", 14, RCO_ERR_VALUE,
                      "Lone surrogate \\udc00: an rco str holds only valid UTF-8: line 1 column 2 (char 1)");
    /* Invalid UTF-8 later in the text is found first, as Python decodes
     * before it parses. */
    assert_load_error("\"\\ud800\" \xff", 10, RCO_ERR_VALUE,
                      "'utf-8' codec can't decode byte 0xff in position 9: invalid start byte");
}

static void ints_past_int64_are_overflow_errors_with_their_position(void **state)
{
    assert_load_error("9223372036854775808", 19, RCO_ERR_OVERFLOW,
                      "Integer does not fit in int64: line 1 column 1 (char 0)");
    assert_load_error("-9223372036854775809", 20, RCO_ERR_OVERFLOW,
                      "Integer does not fit in int64: line 1 column 1 (char 0)");
    assert_load_error("[1,\n 123456789012345678901234567890]", 36, RCO_ERR_OVERFLOW,
                      "Integer does not fit in int64: line 2 column 2 (char 5)");
    /* As a float it is only a float. */
    rco_object *f = loads("123456789012345678901234567890.0");
    assert_repr(f, "1.2345678901234568e+29");
    rco_decref(f);
}

static char *repeated(const char *open, size_t n, const char *middle, const char *close)
{
    size_t a = strlen(open), m = strlen(middle), c = strlen(close);
    char *text = malloc(n * (a + c) + m + 1);
    assert_non_null(text);
    char *p = text;
    for (size_t i = 0; i < n; i++, p += a)
        memcpy(p, open, a);
    memcpy(p, middle, m);
    p += m;
    for (size_t i = 0; i < n; i++, p += c)
        memcpy(p, close, c);
    *p = '\0';
    return text;
}

/* Python stops near 1000 levels (RecursionError); rco has no limit and
 * uses no C stack for depth, in or out. */
static void a_million_levels_load_and_dump_without_recursion(void **state)
{
    size_t n = rco_test_deep();
    char *lists = repeated("[", n, "1", "]");
    rco_object *o = loads(lists);
    assert_non_null(o);
    rco_object *s = rco_json_dumps(o, 0);
    assert_non_null(s);
    assert_string_equal(rco_str_utf8(s), lists);
    rco_decref(s);
    rco_decref(o);
    free(lists);

    char *dicts = repeated("{\"k\": ", n, "[]", "}");
    o = loads(dicts);
    assert_non_null(o);
    s = rco_json_dumps(o, RCO_JSON_SORT_KEYS);
    assert_non_null(s);
    assert_string_equal(rco_str_utf8(s), dicts);
    rco_decref(s);
    rco_decref(o);
    free(dicts);
}

static void a_deep_document_that_ends_early_fails_cleanly(void **state)
{
    size_t n = rco_test_deep();
    char *text = repeated("[{\"a\": ", n, "", "");
    rco_object *o = loads(text);
    assert_null(o);
    assert_int_equal(rco_err_occurred(), RCO_ERR_VALUE);
    assert_non_null(strstr(rco_err_message(), "Expecting value"));
    rco_err_clear();
    free(text);
}

static void keys_repeat_as_one_str_and_the_last_value_wins(void **state)
{
    /* Long enough for the key cache. */
    char text[2048];
    size_t n = 0;
    n += (size_t)sprintf(text + n, "[");
    for (int i = 0; i < 40; i++)
        n += (size_t)sprintf(text + n, "%s{\"id\": %d, \"name\": \"n%d\", \"id\": %d}", i ? ", " : "", i, i, -i);
    n += (size_t)sprintf(text + n, "]");
    rco_object *o = rco_json_loads(text, n);
    assert_non_null(o);
    assert_int_equal(rco_len(o), 40);
    for (size_t i = 0; i < 40; i++) {
        rco_object *d = rco_list_get(o, i);
        assert_int_equal(rco_len(d), 2);
        assert_int_equal(rco_int_value(rco_dict_get_str(d, "id")), -(int64_t)i);
        size_t pos = 0;
        rco_object *k, *v;
        assert_int_equal(rco_dict_next(d, &pos, &k, &v), 1);
        assert_string_equal(rco_str_utf8(k), "id"); /* its first place */
        if (i > 0) {
            rco_object *k0;
            size_t p0 = 0;
            rco_dict_next(rco_list_get(o, 0), &p0, &k0, NULL);
            assert_ptr_equal(k, k0); /* one str for every record */
        }
    }
    rco_decref(o);
}

/* Found by fuzz_json: a repeated key too long for the key cache was
 * released, then looked at. */
static void a_repeated_long_key_keeps_the_first_and_the_last_value(void **state)
{
    char key[80];
    memset(key, 'k', 70);
    key[70] = '\0';
    char text[400];
    int n = snprintf(text, sizeof text, "{\"%s\": 1, \"b\": 2, \"%s\": [3], \"%s\": {}}", key, key, key);
    rco_object *o = rco_json_loads(text, (size_t)n);
    assert_non_null(o);
    assert_int_equal(rco_len(o), 2);
    assert_repr(rco_dict_get_str(o, key), "{}");
    rco_decref(o);
}

static void strings_of_every_length_around_the_scan_width(void **state)
{
    char text[128], expect[128];
    for (int n = 0; n < 50; n++) {
        for (int special = -1; special < n; special++) {
            size_t k = 0, e = 0;
            text[k++] = '"';
            expect[e++] = '\'';
            for (int i = 0; i < n; i++) {
                if (i == special) {
                    memcpy(text + k, "\\n", 2);
                    k += 2;
                    memcpy(expect + e, "\\n", 2);
                    e += 2;
                } else {
                    text[k++] = (char)('a' + i % 26);
                    expect[e++] = (char)('a' + i % 26);
                }
            }
            text[k++] = '"';
            expect[e++] = '\'';
            expect[e] = '\0';
            rco_object *o = rco_json_loads(text, k);
            assert_non_null(o);
            assert_repr(o, expect);
            rco_decref(o);
            /* Unterminated at every length. */
            assert_null(rco_json_loads(text, k - 1));
            assert_string_equal(rco_err_message(), "Unterminated string starting at: line 1 column 1 (char 0)");
            rco_err_clear();
        }
    }
}

static void invalid_utf8_is_reported_at_its_byte(void **state)
{
    /* Inside a long string, past the 16-byte scan. */
    char text[80];
    memset(text, 'a', sizeof text);
    text[0] = '"';
    text[40] = (char)0xC3; /* a valid é */
    text[41] = (char)0xA9;
    text[60] = (char)0xE9; /* Latin-1 é: not UTF-8 */
    text[79] = '"';
    assert_load_error(text, sizeof text, RCO_ERR_VALUE,
                      "'utf-8' codec can't decode byte 0xe9 in position 60: invalid continuation byte");
    /* Outside strings: the decoder's error, not json's. */
    assert_load_error("[1, \x80]", 6, RCO_ERR_VALUE,
                      "'utf-8' codec can't decode byte 0x80 in position 4: invalid start byte");
    /* A NUL is a character like any other: a control character. */
    assert_load_error("\"a\0\"", 4, RCO_ERR_VALUE, "Invalid control character at: line 1 column 3 (char 2)");
}

/* The k bytes at text, a JSON string, load exactly when rco_str_n
 * accepts its inside, as that str with as many code points; whether it
 * did. */
static bool loads_as_str_n_does(const char *text, size_t k)
{
    rco_object *expected = rco_str_n(text + 1, k - 2);
    rco_err_clear();
    rco_object *got = rco_json_loads(text, k);
    if (!expected) {
        assert_null(got);
        assert_int_equal(rco_err_occurred(), RCO_ERR_VALUE);
        assert_non_null(strstr(rco_err_message(), "'utf-8' codec can't decode"));
        rco_err_clear();
        return false;
    }
    assert_non_null(got);
    assert_int_equal(rco_equal(got, expected), 1);
    assert_int_equal(rco_len(got), rco_len(expected));
    rco_decref(got);
    rco_decref(expected);
    return true;
}

/* Random bytes inside a string: loaded exactly when they are UTF-8 (as
 * rco_str_n judges), as that str, with its length in code points; strings
 * long and short, for the vector paths and their tails. */
static void random_bytes_in_strings_load_exactly_when_they_are_utf8(void **state)
{
    static const unsigned char alphabet[] = { 'a', ' ', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
                                              0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0,
                                              0xf1, 0xf3, 0xf4, 0xf5, 0xff };
    uint64_t x = 88172645463325252u;
    char text[80];
    int valid = 0;
    for (int round = 0; round < 200000; round++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t n = (size_t)(x % 40 < 30 ? x % 9 : x % 70), k = 0;
        uint64_t y = x;
        text[k++] = '"';
        for (size_t i = 0; i < n; i++) {
            y = y * 6364136223846793005u + 1442695040888963407u;
            text[k++] = (char)alphabet[(y >> 33) % sizeof alphabet];
        }
        /* Sometimes a valid character too, cut or whole. */
        if (x & 1) {
            memcpy(text + k, "\xe2\x82\xac", 3);
            k += 3 - (x >> 1) % 2;
        }
        text[k++] = '"';
        valid += loads_as_str_n_does(text, k);
    }
    assert_true(valid > 1000);
}

/* Long strings of valid characters of every width, some with one byte
 * made wrong: every length up to 200 (the vector steps of 16 and 32
 * bytes, the tail blocks, a sequence cut by the string's end), loaded
 * exactly when rco_str_n accepts them, with the same code points. */
static void long_strings_load_exactly_when_they_are_utf8(void **state)
{
    static const char *const chars[] = { "a", "~", "\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf",
                                         "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf" };
    static const unsigned char wrong[] = { 0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff, 'z' };
    uint64_t x = 0x9E3779B97F4A7C15u;
    char text[256];
    int valid = 0, invalid = 0;
    for (int round = 0; round < 60000; round++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t target = (size_t)(x % 200), k = 1;
        text[0] = '"';
        uint64_t y = x;
        while (k - 1 < target) {
            y = y * 6364136223846793005u + 1442695040888963407u;
            const char *c = chars[(y >> 33) % (sizeof chars / sizeof chars[0])];
            size_t w = strlen(c);
            memcpy(text + k, c, w);
            k += w;
        }
        size_t n = k - 1;
        if (n && (x >> 20) % 3 == 0) /* cut the string's last character short */
            n--, k--;
        if (n && (x >> 24) % 2 == 0) {
            y = y * 6364136223846793005u + 1442695040888963407u;
            text[1 + (y >> 33) % n] = (char)wrong[(y >> 40) % sizeof wrong];
        }
        text[k++] = '"';
        if (loads_as_str_n_does(text, k))
            valid++;
        else
            invalid++;
    }
    assert_true(valid > 10000);
    assert_true(invalid > 10000);
}

static void positions_count_code_points_and_lines(void **state)
{
    assert_load_error("[\"é€𝄞\",\n \"x\" 1]", 21, RCO_ERR_VALUE,
                      "Expecting ',' delimiter: line 2 column 6 (char 13)");
    assert_load_error("{\"é\": 1,\n\n\"b\" 2}", 17, RCO_ERR_VALUE,
                      "Expecting ':' delimiter: line 3 column 5 (char 14)");
}

static void null_text_and_streams(void **state)
{
    assert_null(rco_json_loads(NULL, 1));
    assert_error(RCO_ERR_TYPE);
    assert_load_error(NULL, 0, RCO_ERR_VALUE, "Expecting value: line 1 column 1 (char 0)");
    assert_null(rco_json_load_file(NULL));
    assert_error(RCO_ERR_TYPE);

    FILE *f = tmpfile();
    assert_non_null(f);
    /* Longer than the reader's first block. */
    fputs("[", f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "%s{\"i\": %d, \"s\": \"\\u00e9\"}", i ? ", " : "", i);
    fputs("]", f);
    rewind(f);
    rco_object *o = rco_json_load_file(f);
    assert_non_null(o);
    assert_int_equal(rco_len(o), 20000);
    assert_int_equal(rco_int_value(rco_dict_get_str(rco_list_get(o, 19999), "i")), 19999);
    fclose(f);
    rco_decref(o);
}

/* ======================================================================
 * Dumping
 * ====================================================================== */

static void a_container_inside_itself_is_a_circular_reference(void **state)
{
    rco_object *l = rco_list_new(0);
    rco_list_append(l, l);
    assert_null(rco_json_dumps(l, 0));
    assert_int_equal(rco_err_occurred(), RCO_ERR_VALUE);
    assert_string_equal(rco_err_message(), "Circular reference detected");
    rco_err_clear();
    rco_list_clear(l);

    /* Cycles are looked for once the walk is 1000 deep: one of 100 dicts,
     * and one longer than that. */
    for (int length = 100; length <= 1500; length += 1400) {
        rco_object *top = rco_dict_new(), *d = top;
        rco_incref(d);
        for (int i = 0; i < length; i++) {
            rco_object *child = rco_dict_new();
            rco_dict_set_str(d, "c", child);
            rco_decref(d);
            d = child;
        }
        rco_dict_set_str(d, "loop", top);
        for (int flags = 0; flags < 2; flags++) {
            assert_null(rco_json_dumps(top, flags));
            assert_string_equal(rco_err_message(), "Circular reference detected");
            rco_err_clear();
        }
        rco_dict_clear(d);
        rco_decref(d);
        rco_decref(top);
    }

    /* The same container twice, not inside itself, is fine. */
    rco_object *x = rco_build("[i]", 1);
    rco_object *two = rco_build("[O, (O,)]", x, x);
    assert_dumps(two, 0, "[[1], [[1]]]");
    rco_decref(two);
    rco_decref(x);
    rco_decref(l);
}

static void what_json_cannot_write_is_a_type_error(void **state)
{
    rco_type *cls = rco_class_new("Point", NULL, NULL);
    rco_object *p = rco_instance_new(cls);
    rco_object *l = rco_build("[i, {s: O}]", 1, "p", p);
    assert_null(rco_json_dumps(l, 0));
    assert_int_equal(rco_err_occurred(), RCO_ERR_TYPE);
    assert_string_equal(rco_err_message(), "Object of type Point is not JSON serializable");
    rco_err_clear();
    rco_object *d = rco_dict_new();
    rco_dict_set(d, (rco_object *)cls, rco_none());
    assert_null(rco_json_dumps(d, RCO_JSON_SORT_KEYS));
    assert_string_equal(rco_err_message(), "keys must be str, int, float, bool or None, not type");
    rco_err_clear();
    rco_decref(d);
    rco_decref(l);
    rco_decref(p);
    rco_decref((rco_object *)cls);

    rco_object *holes = rco_list_new(2); /* slots not filled yet */
    assert_null(rco_json_dumps(holes, 0));
    assert_string_equal(rco_err_message(), "a list slot is not filled yet");
    assert_error(RCO_ERR_VALUE);
    rco_decref(holes);
    holes = rco_tuple_new(2);
    rco_tuple_set_steal(holes, 0, rco_int(1));
    assert_null(rco_json_dumps(holes, 0));
    assert_string_equal(rco_err_message(), "a tuple slot is not filled yet");
    assert_error(RCO_ERR_VALUE);
    rco_decref(holes);
}

static void unknown_flags_and_null_arguments(void **state)
{
    rco_object *o = rco_int(1);
    assert_null(rco_json_dumps(o, 8));
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_json_dumps(o, 33 << 8));
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_json_dumps(NULL, 0));
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_json_dump_file(o, NULL, 0), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_json_dump_file(NULL, stdout, 0), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(o);
}

static void dump_file_writes_what_dumps_returns(void **state)
{
    rco_object *l = rco_list_new(0);
    for (int i = 0; i < 30000; i++) /* past the stream's buffer, twice */
        rco_list_append_steal(l, rco_build("{s:i, s:s, s:d}", "id", i, "name", "caf\xc3\xa9 \"x\"", "f", i / 8.0));
    int flag_sets[] = { 0, RCO_JSON_UTF8 | RCO_JSON_INDENT(2), RCO_JSON_SORT_KEYS | RCO_JSON_COMPACT };
    for (size_t k = 0; k < COUNT(flag_sets); k++) {
        rco_object *s = rco_json_dumps(l, flag_sets[k]);
        assert_non_null(s);
        FILE *f = tmpfile();
        assert_int_equal(rco_json_dump_file(l, f, flag_sets[k]), 0);
        char *text = rco_test_stream_text(f);
        assert_string_equal(text, rco_str_utf8(s));
        free(text);
        rco_decref(s);
    }
    rco_decref(l);
}

static void utf8_output_counts_its_code_points(void **state)
{
    rco_object *o = rco_build("[s, {s: s}]", "\xc3\xa9t\xc3\xa9", "\xe2\x82\xac", "\xf0\x9d\x84\x9e");
    rco_object *s = rco_json_dumps(o, RCO_JSON_UTF8);
    assert_string_equal(rco_str_utf8(s), "[\"\xc3\xa9t\xc3\xa9\", {\"\xe2\x82\xac\": \"\xf0\x9d\x84\x9e\"}]");
    assert_int_equal(rco_len(s), 19);
    rco_decref(s);
    rco_decref(o);
}

/* Floats write as repr, and read back as the same double. */
static void floats_round_trip_bit_for_bit(void **state)
{
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double d;
        if (i % 2) {
            memcpy(&d, &x, sizeof d);
            if (!isfinite(d))
                continue;
        } else { /* few digits: the short path */
            d = (double)(int64_t)(x % 100000000) / (double)(1 + x % 1000);
            d = (double)(int64_t)(d * 100) / 100.0;
        }
        rco_object *f = rco_float(d);
        rco_object *s = rco_json_dumps(f, 0);
        rco_object *r = rco_repr(f);
        assert_string_equal(rco_str_utf8(s), rco_str_utf8(r));
        rco_object *back = rco_json_loads(rco_str_utf8(s), (size_t)rco_str_size(s));
        double b = rco_float_value(back);
        assert_memory_equal(&b, &d, sizeof d);
        rco_decref(back);
        rco_decref(r);
        rco_decref(s);
        rco_decref(f);
    }
}

/* ======================================================================
 * Memory failure everywhere (tests/fault_sweep.h)
 * ====================================================================== */

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

static const char sweep_doc[] =
    "[{\"id\": 1, \"name\": \"caf\\u00e9 \\\"x\\\"\", \"tags\": [\"a\", \"b\"], \"f\": 1.5e300},\n"
    " {\"id\": 2, \"name\": \"\xc3\xa9t\xc3\xa9\", \"tags\": [], \"f\": -0.25, \"deep\": [[[{}]]]},\n"
    " {\"id\": 3, \"name\": \"plain text that is long enough\", \"tags\": [null, true, false]},\n"
    " {\"id\": 4, \"name\": \"\\ud834\\udd1e\", \"tags\": {\"x\": NaN, \"y\": -Infinity}, \"id\": 5}]";

static int load_and_dump(world *w)
{
    rco_object *v, *s, *t, *back;
    NEW(w, v, rco_json_loads(sweep_doc, sizeof sweep_doc - 1));
    NEW(w, s, rco_json_dumps(v, 0));
    NEW(w, t, rco_json_dumps(v, RCO_JSON_SORT_KEYS | RCO_JSON_INDENT(2) | RCO_JSON_UTF8));
    NEW(w, back, rco_json_loads(rco_str_utf8(t), (size_t)rco_str_size(t)));
    FILE *f = tmpfile();
    assert_non_null(f);
    snapshot(w);
    int r = rco_json_dump_file(back, f, RCO_JSON_COMPACT);
    fclose(f);
    if (r < 0)
        return failed(w, "rco_json_dump_file");
    if (untouched(w)) {
        assert_int_equal(rco_len(back), 4);
        assert_int_equal(rco_len(s), (ssize_t)strlen(rco_str_utf8(s)));
    }
    let_go(w, s);
    return 0;
}

static int malformed_documents(world *w)
{
    static const char *const bad[] = { "[1, {\"a\": [2, 3,]}]", "{\"a\": \"\\ud800\"}",
                                       "[\"\xc3\xa9\", 99999999999999999999]", "[[[[\"x\" \xff" };
    for (size_t i = 0; i < COUNT(bad); i++) {
        snapshot(w);
        rco_object *o = rco_json_loads(bad[i], strlen(bad[i]));
        assert_null(o);
        if (rco_err_occurred() == RCO_ERR_MEMORY)
            return failed(w, bad[i]);
        rco_err_clear();
    }
    return 0;
}

static void loading_and_dumping_survive_every_failed_allocation(void **state)
{
    sweep_all_modes("json load+dump", load_and_dump);
    sweep_all_modes("json errors", malformed_documents);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(loads_does_what_python_does),
        RCO_TEST(dumps_does_what_python_does),
        RCO_TEST(every_loaded_case_dumps_and_loads_back_equal),
        RCO_TEST(a_lone_surrogate_fails_where_its_escape_is),
        RCO_TEST(ints_past_int64_are_overflow_errors_with_their_position),
        RCO_TEST(a_million_levels_load_and_dump_without_recursion),
        RCO_TEST(a_deep_document_that_ends_early_fails_cleanly),
        RCO_TEST(keys_repeat_as_one_str_and_the_last_value_wins),
        RCO_TEST(a_repeated_long_key_keeps_the_first_and_the_last_value),
        RCO_TEST(strings_of_every_length_around_the_scan_width),
        RCO_TEST(invalid_utf8_is_reported_at_its_byte),
        RCO_TEST(random_bytes_in_strings_load_exactly_when_they_are_utf8),
        RCO_TEST(long_strings_load_exactly_when_they_are_utf8),
        RCO_TEST(positions_count_code_points_and_lines),
        RCO_TEST(null_text_and_streams),
        RCO_TEST(a_container_inside_itself_is_a_circular_reference),
        RCO_TEST(what_json_cannot_write_is_a_type_error),
        RCO_TEST(unknown_flags_and_null_arguments),
        RCO_TEST(dump_file_writes_what_dumps_returns),
        RCO_TEST(utf8_output_counts_its_code_points),
        RCO_TEST(floats_round_trip_bit_for_bit),
        RCO_TEST(loading_and_dumping_survive_every_failed_allocation),
    };
    RCO_RUN_TESTS(tests);
}
