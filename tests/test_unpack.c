/*
 * test_unpack.c: rco_unpack, PyArg_ParseTuple's formats. Round trips
 * through rco_build for every code, optional items and names, and every
 * error: its kind, its Python-like message naming the argument, and that
 * nothing is stored when any item fails.
 */
#include "rco_test.h"

#include <float.h>
#include <limits.h>
#include <math.h>

static void assert_message_is(const char *expected)
{
    assert_string_equal(rco_err_message(), expected);
}

static int unpack_through_va(rco_object *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = rco_unpack_va(t, fmt, ap);
    va_end(ap);
    return r;
}

/* ---- round trips --------------------------------------------------- */

static void signed_int_codes_round_trip(void **state)
{
    rco_object *t = rco_build("(ibhlLn)", INT_MIN, 200, (short)SHRT_MIN, LONG_MAX, LLONG_MIN,
                              (ssize_t)-12345);
    int i = 0;
    unsigned char b = 0;
    short h = 0;
    long l = 0;
    long long ll = 0;
    ssize_t n = 0;
    assert_int_equal(rco_unpack(t, "ibhlLn", &i, &b, &h, &l, &ll, &n), 0);
    assert_int_equal(i, INT_MIN);
    assert_int_equal(b, 200);
    assert_int_equal(h, SHRT_MIN);
    assert_true(l == LONG_MAX);
    assert_true(ll == LLONG_MIN);
    assert_int_equal(n, -12345);
    rco_decref(t);
}

static void unsigned_int_codes_round_trip(void **state)
{
    rco_object *t = rco_build("(IkK)", UINT_MAX, 4000000000UL, (unsigned long long)INT64_MAX);
    unsigned int I = 0;
    unsigned long k = 0;
    unsigned long long K = 0;
    assert_int_equal(rco_unpack(t, "IkK", &I, &k, &K), 0);
    assert_true(I == UINT_MAX);
    assert_true(k == 4000000000UL);
    assert_true(K == (unsigned long long)INT64_MAX);
    rco_decref(t);
}

static void bool_unpacks_as_int(void **state)
{
    rco_object *t = rco_build("(pp)", 1, 0);
    int yes = -1, no = -1;
    assert_int_equal(rco_unpack(t, "ii", &yes, &no), 0);
    assert_int_equal(yes, 1);
    assert_int_equal(no, 0);
    rco_decref(t);
}

static void p_gives_the_truth_value(void **state)
{
    rco_object *t = rco_build("(iisO[][i]{}dyy)", 0, 7, "", rco_none(), 3, 0.0, "", "x");
    int v[10];
    memset(v, 0x55, sizeof v);
    assert_int_equal(rco_unpack(t, "pppppppppp", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
                                &v[7], &v[8], &v[9]),
                     0);
    /* 0, 7, '', None, [], [3], {}, 0.0, b'', b'x' */
    const int expected[10] = { 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    for (int i = 0; i < 10; i++)
        assert_int_equal(v[i], expected[i]);
    rco_decref(t);
}

static void d_and_f_round_trip(void **state)
{
    rco_object *t = rco_build("(dd)", 1.5, -0.25);
    double d = 0;
    float f = 0;
    assert_int_equal(rco_unpack(t, "df", &d, &f), 0);
    assert_true(d == 1.5);
    assert_true(f == -0.25f);
    rco_decref(t);
}

static void d_accepts_an_int(void **state)
{
    rco_object *t = rco_build("(i)", 3);
    double d = 0;
    assert_int_equal(rco_unpack(t, "d", &d), 0);
    assert_true(d == 3.0);
    rco_decref(t);
}

static void s_borrows_the_utf8_of_a_str(void **state)
{
    rco_object *t = rco_build("(s)", "h\xc3\xa9");
    const char *s = NULL;
    assert_int_equal(rco_unpack(t, "s", &s), 0);
    assert_ptr_equal(s, rco_str_utf8(rco_tuple_get(t, 0)));
    assert_string_equal(s, "h\xc3\xa9");
    rco_decref(t);
}

static void z_gives_null_for_none(void **state)
{
    rco_object *t = rco_build("(Os)", rco_none(), "there");
    const char *a = "untouched", *b = NULL;
    assert_int_equal(rco_unpack(t, "zz", &a, &b), 0);
    assert_null(a);
    assert_string_equal(b, "there");
    rco_decref(t);
}

static void s_hash_gives_the_size_with_nul_bytes(void **state)
{
    rco_object *t = rco_build("(s#)", "a\0b", (ssize_t)3);
    const char *p = NULL;
    ssize_t n = 0;
    assert_int_equal(rco_unpack(t, "s#", &p, &n), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(p, "a\0b", 3);
    rco_decref(t);
}

static void z_hash_gives_null_and_zero_for_none(void **state)
{
    rco_object *t = rco_build("(O)", rco_none());
    const char *p = "untouched";
    ssize_t n = 99;
    assert_int_equal(rco_unpack(t, "z#", &p, &n), 0);
    assert_null(p);
    assert_int_equal(n, 0);
    rco_decref(t);
}

static void y_hash_gives_the_bytes(void **state)
{
    rco_object *t = rco_build("(y#)", "\x00\xff", (ssize_t)2);
    const char *p = NULL;
    ssize_t n = 0;
    assert_int_equal(rco_unpack(t, "y#", &p, &n), 0);
    assert_int_equal(n, 2);
    assert_memory_equal(p, "\x00\xff", 2);
    rco_decref(t);
}

static void O_gives_a_borrowed_reference(void **state)
{
    rco_object *x = rco_list_new(0);
    rco_object *t = rco_build("(O)", x);
    rco_object *got = NULL;
    assert_int_equal(rco_unpack(t, "O", &got), 0);
    assert_ptr_equal(got, x);
    assert_int_equal(rco_refcount(x), 2); /* ours and the tuple's: none added */
    rco_decref(t);
    rco_decref(x);
}

static void O_bang_accepts_the_named_type(void **state)
{
    rco_object *t = rco_build("([i])", 1);
    rco_object *got = NULL;
    assert_int_equal(rco_unpack(t, "O!", rco_typeof(rco_tuple_get(t, 0)), &got), 0);
    assert_ptr_equal(got, rco_tuple_get(t, 0));
    rco_decref(t);
}

static void O_bang_accepts_bool_for_int(void **state)
{
    rco_object *one = rco_int(1);
    rco_object *t = rco_build("(p)", 1);
    rco_object *got = NULL;
    assert_int_equal(rco_unpack(t, "O!", rco_typeof(one), &got), 0);
    assert_ptr_equal(got, rco_true());
    rco_decref(t);
    rco_decref(one);
}

static void O_bang_accepts_a_class_instance(void **state)
{
    rco_type *cls = rco_class_new("Point", NULL, NULL);
    rco_object *p = rco_instance_new(cls);
    rco_object *t = rco_build("(N)", p);
    rco_object *got = NULL;
    assert_int_equal(rco_unpack(t, "O!", cls, &got), 0);
    assert_ptr_equal(got, p);
    rco_decref(t);
    rco_decref((rco_object *)cls);
}

static void nested_tuples_unpack(void **state)
{
    rco_object *t = rco_build("(i(s(ii))i)", 1, "two", 3, 4, 5);
    int a = 0, c = 0, d = 0, e = 0;
    const char *b = NULL;
    assert_int_equal(rco_unpack(t, "i(s(ii))i", &a, &b, &c, &d, &e), 0);
    assert_int_equal(a, 1);
    assert_string_equal(b, "two");
    assert_int_equal(c, 3);
    assert_int_equal(d, 4);
    assert_int_equal(e, 5);
    rco_decref(t);
}

static void empty_nested_tuple_matches_empty_tuple(void **state)
{
    rco_object *t = rco_build("(()i)", 6);
    int i = 0;
    assert_int_equal(rco_unpack(t, "()i", &i), 0);
    assert_int_equal(i, 6);
    rco_decref(t);
}

static void optional_items_not_given_are_left_alone(void **state)
{
    rco_object *t = rco_build("(i)", 1);
    int a = 0, b = 77;
    const char *s = "untouched";
    assert_int_equal(rco_unpack(t, "i|is", &a, &b, &s), 0);
    assert_int_equal(a, 1);
    assert_int_equal(b, 77);
    assert_string_equal(s, "untouched");
    rco_decref(t);
}

static void optional_items_given_are_stored(void **state)
{
    rco_object *t = rco_build("(ii)", 1, 2);
    int a = 0, b = 0;
    assert_int_equal(rco_unpack(t, "i|i:f", &a, &b), 0);
    assert_int_equal(b, 2);
    rco_decref(t);
}

static void empty_tuple_matches_empty_format(void **state)
{
    rco_object *t = rco_build("()");
    assert_int_equal(rco_unpack(t, ""), 0);
    assert_int_equal(rco_unpack(t, "|i:f", (int *)NULL), 0);
    rco_decref(t);
}

static void unpack_va_takes_a_va_list(void **state)
{
    rco_object *t = rco_build("(is)", 4, "four");
    int i = 0;
    const char *s = NULL;
    assert_int_equal(unpack_through_va(t, "is", &i, &s), 0);
    assert_int_equal(i, 4);
    assert_string_equal(s, "four");
    rco_decref(t);
}

/* ---- the argument and its count ------------------------------------ */

static void argument_that_is_not_a_tuple_is_a_type_error(void **state)
{
    rco_object *l = rco_build("[i]", 1);
    int i = 0;
    assert_int_equal(rco_unpack(l, "i", &i), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

static void null_argument_is_a_type_error(void **state)
{
    int i = 0;
    assert_int_equal(rco_unpack(NULL, "i", &i), -1);
    assert_error(RCO_ERR_TYPE);
}

static void too_many_items_says_how_many_were_given(void **state)
{
    rco_object *t = rco_build("(iii)", 1, 2, 3);
    int a, b;
    assert_int_equal(rco_unpack(t, "ii", &a, &b), -1);
    assert_message_is("function takes exactly 2 arguments (3 given)");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void count_error_uses_the_name(void **state)
{
    rco_object *t = rco_build("(iii)", 1, 2, 3);
    int a, b;
    assert_int_equal(rco_unpack(t, "ii:pair", &a, &b), -1);
    assert_message_is("pair() takes exactly 2 arguments (3 given)");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void too_few_items_with_optional_says_at_least(void **state)
{
    rco_object *t = rco_build("()");
    int a, b;
    assert_int_equal(rco_unpack(t, "i|i:f", &a, &b), -1);
    assert_message_is("f() takes at least 1 argument (0 given)");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void too_many_items_with_optional_says_at_most(void **state)
{
    rco_object *t = rco_build("(iii)", 1, 2, 3);
    int a, b;
    assert_int_equal(rco_unpack(t, "i|i", &a, &b), -1);
    assert_message_is("function takes at most 2 arguments (3 given)");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

/* ---- item errors --------------------------------------------------- */

static void wrong_item_type_names_the_argument(void **state)
{
    rco_object *t = rco_build("(ii)", 1, 2);
    int a;
    const char *s;
    assert_int_equal(rco_unpack(t, "is", &a, &s), -1);
    assert_message_is("argument 2 must be str, not int");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void wrong_item_type_names_the_function(void **state)
{
    rco_object *t = rco_build("(s)", "x");
    int a;
    assert_int_equal(rco_unpack(t, "i:count", &a), -1);
    assert_message_is("count() argument 1 must be int, not str");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void wrong_nested_item_names_its_index(void **state)
{
    rco_object *t = rco_build("(i(i(is)))", 1, 2, 3, "x");
    int a, b, c, d;
    assert_int_equal(rco_unpack(t, "i(i(ii))", &a, &b, &c, &d), -1);
    assert_message_is("argument 2, item 1, item 1 must be int, not str");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void nested_item_that_is_not_a_tuple_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(i)", 1);
    int a, b;
    assert_int_equal(rco_unpack(t, "(ii)", &a, &b), -1);
    assert_message_is("argument 1 must be 2-item tuple, not int");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void nested_tuple_of_wrong_length_is_a_type_error(void **state)
{
    rco_object *t = rco_build("((iii))", 1, 2, 3);
    int a, b;
    assert_int_equal(rco_unpack(t, "(ii)", &a, &b), -1);
    assert_message_is("argument 1 must be tuple of length 2, not 3");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void float_for_an_int_code_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(d)", 1.0);
    long l;
    assert_int_equal(rco_unpack(t, "l", &l), -1);
    assert_message_is("argument 1 must be int, not float");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void str_for_d_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(s)", "1.0");
    double d;
    assert_int_equal(rco_unpack(t, "d", &d), -1);
    assert_message_is("argument 1 must be float, not str");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void str_for_y_hash_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(s)", "text");
    const char *p;
    ssize_t n;
    assert_int_equal(rco_unpack(t, "y#", &p, &n), -1);
    assert_message_is("argument 1 must be bytes, not str");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void int_for_z_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(i)", 1);
    const char *p;
    assert_int_equal(rco_unpack(t, "z", &p), -1);
    assert_message_is("argument 1 must be str or None, not int");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void O_bang_of_another_type_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(i[])", 1);
    rco_object *got = NULL;
    int i;
    assert_int_equal(rco_unpack(t, "iO!", &i, rco_typeof(rco_tuple_get(t, 1)), &got), 0);
    assert_int_equal(rco_unpack(t, "O!O", rco_typeof(rco_tuple_get(t, 1)), &got, &got), -1);
    assert_message_is("argument 1 must be list, not int");
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

static void embedded_nul_for_s_is_a_value_error(void **state)
{
    rco_object *t = rco_build("(s#)", "a\0b", (ssize_t)3);
    const char *p = "untouched";
    assert_int_equal(rco_unpack(t, "s", &p), -1);
    assert_message_is("argument 1: embedded null character");
    assert_error(RCO_ERR_VALUE);
    assert_string_equal(p, "untouched");
    rco_decref(t);
}

static void unfilled_tuple_slot_is_a_value_error(void **state)
{
    rco_object *t = rco_tuple_new(2);
    rco_tuple_set_steal(t, 0, rco_int(1));
    int a, b;
    assert_int_equal(rco_unpack(t, "ii", &a, &b), -1);
    assert_message_is("argument 2 is a tuple slot that has not been set");
    assert_error(RCO_ERR_VALUE);
    rco_decref(t);
}

/* ---- overflow ------------------------------------------------------ */

/* The one-item tuple (v) unpacked with code into *out must overflow. */
#define assert_overflows(v, code, out)                                 \
    do {                                                               \
        rco_object *t_ = rco_build("(L)", (long long)(v));             \
        assert_int_equal(rco_unpack(t_, code, out), -1);               \
        assert_error(RCO_ERR_OVERFLOW);                                \
        rco_decref(t_);                                                \
    } while (0)

static void values_beyond_signed_types_overflow(void **state)
{
    unsigned char b = 1; /* 'b' is CPython's: an unsigned char, 0..255 */
    short h = 1;
    int i = 1;
    assert_overflows(UCHAR_MAX + 1, "b", &b);
    assert_overflows(-1, "b", &b);
    assert_overflows(SHRT_MAX + 1, "h", &h);
    assert_overflows(SHRT_MIN - 1, "h", &h);
    assert_overflows((long long)INT_MAX + 1, "i", &i);
    assert_overflows((long long)INT_MIN - 1, "i", &i);
    assert_int_equal(b, 1);
    assert_int_equal(h, 1);
    assert_int_equal(i, 1);
}

static void negative_values_for_unsigned_types_overflow(void **state)
{
    unsigned int I = 1;
    unsigned long k = 1;
    unsigned long long K = 1;
    assert_overflows(-1, "I", &I);
    assert_overflows(-1, "k", &k);
    assert_overflows(LLONG_MIN, "K", &K);
    assert_overflows((long long)UINT_MAX + 1, "I", &I);
    assert_true(I == 1 && k == 1 && K == 1);
}

static void unsigned_char_edges_fit(void **state)
{
    rco_object *t = rco_build("(ii)", 0, UCHAR_MAX);
    unsigned char lo = 1, hi = 0;
    assert_int_equal(rco_unpack(t, "bb", &lo, &hi), 0);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, UCHAR_MAX);
    rco_decref(t);
}

static void overflow_message_names_the_argument_and_type(void **state)
{
    rco_object *t = rco_build("(ii)", 1, 300);
    int a;
    unsigned char b;
    assert_int_equal(rco_unpack(t, "ib:f", &a, &b), -1);
    assert_message_is("f() argument 2: 300 does not fit in unsigned char");
    assert_error(RCO_ERR_OVERFLOW);
    rco_decref(t);
}

static void double_beyond_float_overflows(void **state)
{
    rco_object *t = rco_build("(d)", 1e300);
    float f = 1;
    assert_int_equal(rco_unpack(t, "f", &f), -1);
    assert_error(RCO_ERR_OVERFLOW);
    assert_true(f == 1);
    rco_decref(t);
}

static void infinity_fits_a_float(void **state)
{
    rco_object *t = rco_build("(d)", (double)INFINITY);
    float f = 0;
    assert_int_equal(rco_unpack(t, "f", &f), 0);
    assert_true(f == INFINITY);
    rco_decref(t);
}

/* ---- nothing stored on failure --------------------------------------- */

static void nothing_is_stored_when_a_later_item_fails(void **state)
{
    rco_object *t = rco_build("(isd(ii)s)", 1, "two", 3.0, 4, 5, "six");
    int a = -1, d = -1, e = -1;
    const char *b = "untouched";
    double c = -1;
    int f = -1;
    assert_int_equal(rco_unpack(t, "isd(ii)i", &a, &b, &c, &d, &e, &f), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(a, -1);
    assert_string_equal(b, "untouched");
    assert_true(c == -1);
    assert_int_equal(d, -1);
    assert_int_equal(e, -1);
    assert_int_equal(f, -1);
    rco_decref(t);
}

static void null_output_pointer_is_a_type_error_storing_nothing(void **state)
{
    rco_object *t = rco_build("(ii)", 1, 2);
    int a = -1;
    assert_int_equal(rco_unpack(t, "ii", &a, (int *)NULL), -1);
    assert_message_is("rco_unpack: NULL pointer for 'i' at position 1");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(a, -1);
    rco_decref(t);
}

static void null_length_pointer_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(s)", "x");
    const char *p = NULL;
    assert_int_equal(rco_unpack(t, "s#", &p, (ssize_t *)NULL), -1);
    assert_error(RCO_ERR_TYPE);
    assert_null(p);
    rco_decref(t);
}

static void null_type_for_O_bang_is_a_type_error(void **state)
{
    rco_object *t = rco_build("(i)", 1);
    rco_object *got = NULL;
    assert_int_equal(rco_unpack(t, "O!", (const rco_type *)NULL, &got), -1);
    assert_message_is("rco_unpack: NULL type for 'O!' at position 0");
    assert_error(RCO_ERR_TYPE);
    assert_null(got);
    rco_decref(t);
}

/* ---- format errors --------------------------------------------------- */

/* fmt is refused as a format with the message given; no argument is read. */
static void assert_bad_format(const char *fmt, rco_errkind kind, const char *message)
{
    rco_object *t = rco_build("(i)", 1);
    assert_int_equal(rco_unpack(t, fmt), -1);
    if (message)
        assert_message_is(message);
    assert_error(kind);
    rco_decref(t);
}

static void bad_format_character_names_its_position(void **state)
{
    assert_bad_format("ix", RCO_ERR_VALUE, "rco_unpack: bad format character 'x' at position 1");
}

static void hash_after_a_code_without_length_is_a_format_error(void **state)
{
    assert_bad_format("i#", RCO_ERR_VALUE,
                      "rco_unpack: '#' at position 1 does not follow s, z or y");
}

static void bang_after_a_code_other_than_O_is_a_format_error(void **state)
{
    assert_bad_format("i!", RCO_ERR_VALUE, "rco_unpack: '!' at position 1 does not follow O");
}

static void y_without_hash_is_a_format_error(void **state)
{
    assert_bad_format("y", RCO_ERR_VALUE, "rco_unpack: 'y' at position 0 needs '#'");
}

static void unbalanced_parentheses_are_a_format_error(void **state)
{
    assert_bad_format("(i", RCO_ERR_VALUE, "rco_unpack: '(' at position 0 is not closed");
    assert_bad_format("i)", RCO_ERR_VALUE, "rco_unpack: bad format character ')' at position 1");
}

static void bar_twice_is_a_format_error(void **state)
{
    assert_bad_format("i|i|i", RCO_ERR_VALUE, "rco_unpack: '|' at position 3 appears twice");
}

static void bar_inside_parentheses_is_a_format_error(void **state)
{
    assert_bad_format("(i|i)", RCO_ERR_VALUE,
                      "rco_unpack: '|' at position 2 is inside parentheses");
}

static void name_inside_parentheses_is_a_format_error(void **state)
{
    assert_bad_format("(i:f)", RCO_ERR_VALUE, "rco_unpack: '(' at position 0 is not closed");
}

static void nesting_beyond_the_limit_is_an_overflow(void **state)
{
    char fmt[2 * 65 + 1];
    memset(fmt, '(', 65);
    memset(fmt + 65, ')', 65);
    fmt[130] = '\0';
    assert_bad_format(fmt, RCO_ERR_OVERFLOW, NULL);
}

static void null_format_is_a_type_error(void **state)
{
    rco_object *t = rco_build("()");
    assert_int_equal(rco_unpack(t, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(signed_int_codes_round_trip),
        RCO_TEST(unsigned_int_codes_round_trip),
        RCO_TEST(bool_unpacks_as_int),
        RCO_TEST(p_gives_the_truth_value),
        RCO_TEST(d_and_f_round_trip),
        RCO_TEST(d_accepts_an_int),
        RCO_TEST(s_borrows_the_utf8_of_a_str),
        RCO_TEST(z_gives_null_for_none),
        RCO_TEST(s_hash_gives_the_size_with_nul_bytes),
        RCO_TEST(z_hash_gives_null_and_zero_for_none),
        RCO_TEST(y_hash_gives_the_bytes),
        RCO_TEST(O_gives_a_borrowed_reference),
        RCO_TEST(O_bang_accepts_the_named_type),
        RCO_TEST(O_bang_accepts_bool_for_int),
        RCO_TEST(O_bang_accepts_a_class_instance),
        RCO_TEST(nested_tuples_unpack),
        RCO_TEST(empty_nested_tuple_matches_empty_tuple),
        RCO_TEST(optional_items_not_given_are_left_alone),
        RCO_TEST(optional_items_given_are_stored),
        RCO_TEST(empty_tuple_matches_empty_format),
        RCO_TEST(unpack_va_takes_a_va_list),
        RCO_TEST(argument_that_is_not_a_tuple_is_a_type_error),
        RCO_TEST(null_argument_is_a_type_error),
        RCO_TEST(too_many_items_says_how_many_were_given),
        RCO_TEST(count_error_uses_the_name),
        RCO_TEST(too_few_items_with_optional_says_at_least),
        RCO_TEST(too_many_items_with_optional_says_at_most),
        RCO_TEST(wrong_item_type_names_the_argument),
        RCO_TEST(wrong_item_type_names_the_function),
        RCO_TEST(wrong_nested_item_names_its_index),
        RCO_TEST(nested_item_that_is_not_a_tuple_is_a_type_error),
        RCO_TEST(nested_tuple_of_wrong_length_is_a_type_error),
        RCO_TEST(float_for_an_int_code_is_a_type_error),
        RCO_TEST(str_for_d_is_a_type_error),
        RCO_TEST(str_for_y_hash_is_a_type_error),
        RCO_TEST(int_for_z_is_a_type_error),
        RCO_TEST(O_bang_of_another_type_is_a_type_error),
        RCO_TEST(embedded_nul_for_s_is_a_value_error),
        RCO_TEST(unfilled_tuple_slot_is_a_value_error),
        RCO_TEST(values_beyond_signed_types_overflow),
        RCO_TEST(negative_values_for_unsigned_types_overflow),
        RCO_TEST(unsigned_char_edges_fit),
        RCO_TEST(overflow_message_names_the_argument_and_type),
        RCO_TEST(double_beyond_float_overflows),
        RCO_TEST(infinity_fits_a_float),
        RCO_TEST(nothing_is_stored_when_a_later_item_fails),
        RCO_TEST(null_output_pointer_is_a_type_error_storing_nothing),
        RCO_TEST(null_length_pointer_is_a_type_error),
        RCO_TEST(null_type_for_O_bang_is_a_type_error),
        RCO_TEST(bad_format_character_names_its_position),
        RCO_TEST(hash_after_a_code_without_length_is_a_format_error),
        RCO_TEST(bang_after_a_code_other_than_O_is_a_format_error),
        RCO_TEST(y_without_hash_is_a_format_error),
        RCO_TEST(unbalanced_parentheses_are_a_format_error),
        RCO_TEST(bar_twice_is_a_format_error),
        RCO_TEST(bar_inside_parentheses_is_a_format_error),
        RCO_TEST(name_inside_parentheses_is_a_format_error),
        RCO_TEST(nesting_beyond_the_limit_is_an_overflow),
        RCO_TEST(null_format_is_a_type_error),
    };
    RCO_RUN_TESTS(tests);
}
