/*
 * test_sequence.c: `in`, `+`, slicing, index(), count(), reverse() and
 * remove() (ops/sequence.c) for lists, tuples, str, bytes, dicts, sets and
 * iterators, each result what Python 3.11 gives for the same expression
 * (the slice table was printed by python3 for 160 (start, stop, step)
 * triples over [0, 1, 2, 3, 4, 5], its tuple, 'aé€😀bc' and
 * b'\x00ab\xffcd'), the errors worded as Python's, and allocation failure
 * at every step.
 */
#include "fault_sweep.h"

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

/* The repr of a new reference, released. */
static void assert_repr_of(rco_object *o, const char *expected)
{
    assert_non_null(o);
    assert_repr(o, expected);
    rco_decref(o);
}

/* ---- slices ----------------------------------------------------------- */

typedef struct slice_case {
    ssize_t start, stop, step;
    const char *list, *tuple, *str, *bytes;
} slice_case;

static const slice_case slice_cases[] = {
    { -6, -6, 2, "[]", "()", "''", "b''" },
    { -5, RCO_SLICE_DEFAULT, -2, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { 100, 6, 1, "[]", "()", "''", "b''" },
    { 7, 2, -1, "[5, 4, 3]", "(5, 4, 3)", "'cb\xf0""\x9f""\x98""\x80""'", "b'dc\x5c""xff'" },
    { -100, -100, 2, "[]", "()", "''", "b''" },
    { -100, 1, RCO_SLICE_DEFAULT, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { -100, 3, -1, "[]", "()", "''", "b''" },
    { RCO_SLICE_DEFAULT, 3, 7, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { -1, -5, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { 6, -6, -1, "[5, 4, 3, 2, 1]", "(5, 4, 3, 2, 1)", "'cb\xf0""\x9f""\x98""\x80""\xe2""\x82""\xac""\xc3""\xa9""'", "b'dc\x5c""xffba'" },
    { -3, 2, 3, "[]", "()", "''", "b''" },
    { 5, 100, 7, "[5]", "(5,)", "'c'", "b'd'" },
    { 6, 6, -3, "[]", "()", "''", "b''" },
    { -6, 7, -2, "[]", "()", "''", "b''" },
    { RCO_SLICE_DEFAULT, 1, RCO_SLICE_DEFAULT, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { -100, -6, 7, "[]", "()", "''", "b''" },
    { -3, RCO_SLICE_DEFAULT, -2, "[3, 1]", "(3, 1)", "'\xf0""\x9f""\x98""\x80""\xc3""\xa9""'", "b'\x5c""xffa'" },
    { -7, -1, -7, "[]", "()", "''", "b''" },
    { 1, 2, 1, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { -5, 7, 1, "[1, 2, 3, 4, 5]", "(1, 2, 3, 4, 5)", "'\xc3""\xa9""\xe2""\x82""\xac""\xf0""\x9f""\x98""\x80""bc'", "b'ab\x5c""xffcd'" },
    { 1, -3, RCO_SLICE_DEFAULT, "[1, 2]", "(1, 2)", "'\xc3""\xa9""\xe2""\x82""\xac""'", "b'ab'" },
    { 1, 5, -3, "[]", "()", "''", "b''" },
    { 0, 1, -1, "[]", "()", "''", "b''" },
    { 0, -6, 1, "[]", "()", "''", "b''" },
    { 2, -7, -7, "[2]", "(2,)", "'\xe2""\x82""\xac""'", "b'b'" },
    { -5, -100, -3, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { -7, 0, -1, "[]", "()", "''", "b''" },
    { -7, RCO_SLICE_DEFAULT, -3, "[]", "()", "''", "b''" },
    { 3, -7, -3, "[3, 0]", "(3, 0)", "'\xf0""\x9f""\x98""\x80""a'", "b'\x5c""xff\x5c""x00'" },
    { 2, 7, -1, "[]", "()", "''", "b''" },
    { 5, -3, -7, "[5]", "(5,)", "'c'", "b'd'" },
    { 2, -3, 2, "[2]", "(2,)", "'\xe2""\x82""\xac""'", "b'b'" },
    { 2, 3, -2, "[]", "()", "''", "b''" },
    { -5, -100, 3, "[]", "()", "''", "b''" },
    { 5, 7, RCO_SLICE_DEFAULT, "[5]", "(5,)", "'c'", "b'd'" },
    { 2, -6, -3, "[2]", "(2,)", "'\xe2""\x82""\xac""'", "b'b'" },
    { -100, RCO_SLICE_DEFAULT, 3, "[0, 3]", "(0, 3)", "'a\xf0""\x9f""\x98""\x80""'", "b'\x5c""x00\x5c""xff'" },
    { 0, -7, 1, "[]", "()", "''", "b''" },
    { -7, -5, 7, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { 0, 100, 2, "[0, 2, 4]", "(0, 2, 4)", "'a\xe2""\x82""\xac""b'", "b'\x5c""x00bc'" },
    { -3, RCO_SLICE_DEFAULT, -7, "[3]", "(3,)", "'\xf0""\x9f""\x98""\x80""'", "b'\x5c""xff'" },
    { -3, 100, RCO_SLICE_DEFAULT, "[3, 4, 5]", "(3, 4, 5)", "'\xf0""\x9f""\x98""\x80""bc'", "b'\x5c""xffcd'" },
    { 100, 6, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { 1, -7, -7, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { RCO_SLICE_DEFAULT, 0, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { -3, RCO_SLICE_DEFAULT, -3, "[3, 0]", "(3, 0)", "'\xf0""\x9f""\x98""\x80""a'", "b'\x5c""xff\x5c""x00'" },
    { -5, 7, -7, "[]", "()", "''", "b''" },
    { -1, -6, 7, "[]", "()", "''", "b''" },
    { 1, -1, -3, "[]", "()", "''", "b''" },
    { RCO_SLICE_DEFAULT, RCO_SLICE_DEFAULT, -1, "[5, 4, 3, 2, 1, 0]", "(5, 4, 3, 2, 1, 0)", "'cb\xf0""\x9f""\x98""\x80""\xe2""\x82""\xac""\xc3""\xa9""a'", "b'dc\x5c""xffba\x5c""x00'" },
    { 100, -7, 2, "[]", "()", "''", "b''" },
    { 5, RCO_SLICE_DEFAULT, -7, "[5]", "(5,)", "'c'", "b'd'" },
    { 6, 3, 1, "[]", "()", "''", "b''" },
    { -5, 3, -2, "[]", "()", "''", "b''" },
    { -5, -3, -2, "[]", "()", "''", "b''" },
    { RCO_SLICE_DEFAULT, 2, 1, "[0, 1]", "(0, 1)", "'a\xc3""\xa9""'", "b'\x5c""x00a'" },
    { 2, 3, -7, "[]", "()", "''", "b''" },
    { -3, -3, 1, "[]", "()", "''", "b''" },
    { RCO_SLICE_DEFAULT, 2, 3, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { RCO_SLICE_DEFAULT, -6, 3, "[]", "()", "''", "b''" },
    { -6, 0, -3, "[]", "()", "''", "b''" },
    { 2, 2, -2, "[]", "()", "''", "b''" },
    { -5, 100, -1, "[]", "()", "''", "b''" },
    { -3, -7, -2, "[3, 1]", "(3, 1)", "'\xf0""\x9f""\x98""\x80""\xc3""\xa9""'", "b'\x5c""xffa'" },
    { -5, 100, -3, "[]", "()", "''", "b''" },
    { -3, 100, 7, "[3]", "(3,)", "'\xf0""\x9f""\x98""\x80""'", "b'\x5c""xff'" },
    { 7, 2, 2, "[]", "()", "''", "b''" },
    { 1, 5, 7, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { -7, 5, -3, "[]", "()", "''", "b''" },
    { -3, -100, 7, "[]", "()", "''", "b''" },
    { -100, -6, 2, "[]", "()", "''", "b''" },
    { 5, 3, -3, "[5]", "(5,)", "'c'", "b'd'" },
    { 1, 0, -3, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { 100, 6, -1, "[]", "()", "''", "b''" },
    { -7, -100, 1, "[]", "()", "''", "b''" },
    { 3, 6, 3, "[3]", "(3,)", "'\xf0""\x9f""\x98""\x80""'", "b'\x5c""xff'" },
    { -6, 7, RCO_SLICE_DEFAULT, "[0, 1, 2, 3, 4, 5]", "(0, 1, 2, 3, 4, 5)", "'a\xc3""\xa9""\xe2""\x82""\xac""\xf0""\x9f""\x98""\x80""bc'", "b'\x5c""x00ab\x5c""xffcd'" },
    { -3, 7, 3, "[3]", "(3,)", "'\xf0""\x9f""\x98""\x80""'", "b'\x5c""xff'" },
    { 2, RCO_SLICE_DEFAULT, 7, "[2]", "(2,)", "'\xe2""\x82""\xac""'", "b'b'" },
    { RCO_SLICE_DEFAULT, -6, 1, "[]", "()", "''", "b''" },
    { -100, 100, 1, "[0, 1, 2, 3, 4, 5]", "(0, 1, 2, 3, 4, 5)", "'a\xc3""\xa9""\xe2""\x82""\xac""\xf0""\x9f""\x98""\x80""bc'", "b'\x5c""x00ab\x5c""xffcd'" },
    { -3, 1, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { -5, -100, 2, "[]", "()", "''", "b''" },
    { 5, 100, -3, "[]", "()", "''", "b''" },
    { -100, 0, -2, "[]", "()", "''", "b''" },
    { -5, 100, -7, "[]", "()", "''", "b''" },
    { 0, 7, 2, "[0, 2, 4]", "(0, 2, 4)", "'a\xe2""\x82""\xac""b'", "b'\x5c""x00bc'" },
    { 6, 2, 3, "[]", "()", "''", "b''" },
    { -100, 6, -2, "[]", "()", "''", "b''" },
    { 0, -3, 7, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { -7, 2, -2, "[]", "()", "''", "b''" },
    { 5, -5, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { 6, 2, -1, "[5, 4, 3]", "(5, 4, 3)", "'cb\xf0""\x9f""\x98""\x80""'", "b'dc\x5c""xff'" },
    { -1, 6, -3, "[]", "()", "''", "b''" },
    { -1, -6, -7, "[5]", "(5,)", "'c'", "b'd'" },
    { 7, -3, 1, "[]", "()", "''", "b''" },
    { -5, 2, 1, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { -100, -6, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { 3, 2, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { 3, 100, -3, "[]", "()", "''", "b''" },
    { -6, 6, -1, "[]", "()", "''", "b''" },
    { 5, -1, -2, "[]", "()", "''", "b''" },
    { 1, 0, -7, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { 6, -5, 7, "[]", "()", "''", "b''" },
    { 3, -5, -1, "[3, 2]", "(3, 2)", "'\xf0""\x9f""\x98""\x80""\xe2""\x82""\xac""'", "b'\x5c""xffb'" },
    { 2, -100, 1, "[]", "()", "''", "b''" },
    { 6, 6, -2, "[]", "()", "''", "b''" },
    { -3, 7, -7, "[]", "()", "''", "b''" },
    { RCO_SLICE_DEFAULT, -3, 2, "[0, 2]", "(0, 2)", "'a\xe2""\x82""\xac""'", "b'\x5c""x00b'" },
    { 2, RCO_SLICE_DEFAULT, RCO_SLICE_DEFAULT, "[2, 3, 4, 5]", "(2, 3, 4, 5)", "'\xe2""\x82""\xac""\xf0""\x9f""\x98""\x80""bc'", "b'b\x5c""xffcd'" },
    { 100, 0, -2, "[5, 3, 1]", "(5, 3, 1)", "'c\xf0""\x9f""\x98""\x80""\xc3""\xa9""'", "b'd\x5c""xffa'" },
    { 100, 1, -7, "[5]", "(5,)", "'c'", "b'd'" },
    { 3, 3, -1, "[]", "()", "''", "b''" },
    { 5, 7, -2, "[]", "()", "''", "b''" },
    { -3, -3, -1, "[]", "()", "''", "b''" },
    { 1, 2, RCO_SLICE_DEFAULT, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { -7, 1, 2, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { -3, -6, -7, "[3]", "(3,)", "'\xf0""\x9f""\x98""\x80""'", "b'\x5c""xff'" },
    { 1, 3, -3, "[]", "()", "''", "b''" },
    { -5, 7, 2, "[1, 3, 5]", "(1, 3, 5)", "'\xc3""\xa9""\xf0""\x9f""\x98""\x80""c'", "b'a\x5c""xffd'" },
    { -3, -6, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { 2, 5, 7, "[2]", "(2,)", "'\xe2""\x82""\xac""'", "b'b'" },
    { -100, 7, -7, "[]", "()", "''", "b''" },
    { 0, 0, -3, "[]", "()", "''", "b''" },
    { 6, 7, 1, "[]", "()", "''", "b''" },
    { -3, 100, -3, "[]", "()", "''", "b''" },
    { 3, -3, -2, "[]", "()", "''", "b''" },
    { 1, -6, 7, "[]", "()", "''", "b''" },
    { 100, -7, -3, "[5, 2]", "(5, 2)", "'c\xe2""\x82""\xac""'", "b'db'" },
    { -3, 100, -7, "[]", "()", "''", "b''" },
    { -7, 2, -3, "[]", "()", "''", "b''" },
    { -6, 5, 7, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { -3, RCO_SLICE_DEFAULT, RCO_SLICE_DEFAULT, "[3, 4, 5]", "(3, 4, 5)", "'\xf0""\x9f""\x98""\x80""bc'", "b'\x5c""xffcd'" },
    { 6, 100, 7, "[]", "()", "''", "b''" },
    { RCO_SLICE_DEFAULT, 3, 3, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { 0, 2, 2, "[0]", "(0,)", "'a'", "b'\x5c""x00'" },
    { 1, -6, -1, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { RCO_SLICE_DEFAULT, -100, 2, "[]", "()", "''", "b''" },
    { 0, 1, -7, "[]", "()", "''", "b''" },
    { -7, -3, -2, "[]", "()", "''", "b''" },
    { 7, 100, -1, "[]", "()", "''", "b''" },
    { 100, -100, 7, "[]", "()", "''", "b''" },
    { 1, 2, -1, "[]", "()", "''", "b''" },
    { 100, 6, 7, "[]", "()", "''", "b''" },
    { -1, -3, 1, "[]", "()", "''", "b''" },
    { -1, -5, -2, "[5, 3]", "(5, 3)", "'c\xf0""\x9f""\x98""\x80""'", "b'd\x5c""xff'" },
    { 5, RCO_SLICE_DEFAULT, -2, "[5, 3, 1]", "(5, 3, 1)", "'c\xf0""\x9f""\x98""\x80""\xc3""\xa9""'", "b'd\x5c""xffa'" },
    { 2, 3, RCO_SLICE_DEFAULT, "[2]", "(2,)", "'\xe2""\x82""\xac""'", "b'b'" },
    { -100, -3, RCO_SLICE_DEFAULT, "[0, 1, 2]", "(0, 1, 2)", "'a\xc3""\xa9""\xe2""\x82""\xac""'", "b'\x5c""x00ab'" },
    { 5, 2, RCO_SLICE_DEFAULT, "[]", "()", "''", "b''" },
    { 7, 0, 2, "[]", "()", "''", "b''" },
    { -3, 6, 2, "[3, 5]", "(3, 5)", "'\xf0""\x9f""\x98""\x80""c'", "b'\x5c""xffd'" },
    { -100, 0, 1, "[]", "()", "''", "b''" },
    { 1, -3, 2, "[1]", "(1,)", "'\xc3""\xa9""'", "b'a'" },
    { 5, -100, -2, "[5, 3, 1]", "(5, 3, 1)", "'c\xf0""\x9f""\x98""\x80""\xc3""\xa9""'", "b'd\x5c""xffa'" },
    { -1, 1, -7, "[5]", "(5,)", "'c'", "b'd'" },
    { -7, 3, -3, "[]", "()", "''", "b''" },
    { -6, -3, 2, "[0, 2]", "(0, 2)", "'a\xe2""\x82""\xac""'", "b'\x5c""x00b'" },
    { 7, -1, 1, "[]", "()", "''", "b''" },
    { -6, 3, 2, "[0, 2]", "(0, 2)", "'a\xe2""\x82""\xac""'", "b'\x5c""x00b'" },
};

static void slices_clamp_and_step_as_python(void **state)
{
    rco_object *l = rco_build("[iiiiii]", 0, 1, 2, 3, 4, 5), *t = rco_tuple_from(l);
    rco_object *s = rco_str("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" "bc"), *b = rco_bytes("\0ab\xff" "cd", 6);
    for (size_t i = 0; i < sizeof slice_cases / sizeof slice_cases[0]; i++) {
        const slice_case *c = &slice_cases[i];
        assert_repr_of(rco_slice(l, c->start, c->stop, c->step), c->list);
        assert_repr_of(rco_slice(t, c->start, c->stop, c->step), c->tuple);
        assert_repr_of(rco_slice(s, c->start, c->stop, c->step), c->str);
        assert_repr_of(rco_slice(b, c->start, c->stop, c->step), c->bytes);
    }
    rco_decref(l);
    rco_decref(t);
    rco_decref(s);
    rco_decref(b);
}

static void a_sliced_str_knows_its_length(void **state)
{
    rco_object *s = rco_str("a\xc3\xa9\xe2\x82\xac" "b"), *part = rco_slice(s, 1, 3, 1);
    assert_int_equal(rco_len(part), 2);
    assert_int_equal(rco_str_size(part), 5);
    rco_decref(part);
    part = rco_slice(s, RCO_SLICE_DEFAULT, RCO_SLICE_DEFAULT, -1);
    assert_string_equal(rco_str_utf8(part), "b\xe2\x82\xac\xc3\xa9" "a");
    assert_int_equal(rco_len(part), 4);
    rco_decref(part);
    rco_decref(s);
}

static void a_whole_tuple_or_str_slice_is_the_object_itself(void **state)
{
    rco_object *t = rco_build("(ii)", 1, 2), *s = rco_str("ab");
    rco_object *t2 = rco_slice(t, RCO_SLICE_DEFAULT, RCO_SLICE_DEFAULT, 1), *s2 = rco_slice(s, -10, 10, 1);
    assert_ptr_equal(t2, t);
    assert_ptr_equal(s2, s);
    rco_decref(t2);
    rco_decref(s2);
    rco_object *l = rco_build("[ii]", 1, 2), *l2 = rco_slice(l, RCO_SLICE_DEFAULT, RCO_SLICE_DEFAULT, 1);
    assert_ptr_not_equal(l2, l); /* a list slice is always a new list */
    assert_int_equal(rco_equal(l, l2), 1);
    rco_decref(l2);
    rco_decref(l);
    rco_decref(t);
    rco_decref(s);
}

static void slice_errors_are_pythons(void **state)
{
    rco_object *l = rco_list_new(0), *d = rco_dict_new(), *i = rco_int(5);
    assert_null(rco_slice(l, 0, 1, 0));
    assert_string_equal(rco_err_message(), "slice step cannot be zero");
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_slice(i, 0, 1, 1));
    assert_string_equal(rco_err_message(), "'int' object is not subscriptable");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_slice(d, 0, 1, 1));
    assert_string_equal(rco_err_message(), "unhashable type: 'slice'");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_slice(NULL, 0, 1, 1));
    assert_error(RCO_ERR_TYPE);
    rco_object *holes = rco_list_new(3);
    assert_null(rco_slice(holes, 0, 2, 1));
    assert_error(RCO_ERR_VALUE);
    rco_decref(holes);
    rco_decref(l);
    rco_decref(d);
}

/* ---- in ----------------------------------------------------------------- */

static void contains_asks_each_container_as_python_does(void **state)
{
    rco_object *l = rco_build("[i[]]", 1), *t = rco_build("(s)", "x"), *d = rco_build("{i:i}", 1, 2);
    rco_object *s = rco_set_new(), *str = rco_str("hello"), *b = rco_bytes("abc", 3), *one = rco_float(1.0);
    rco_object *empty = rco_list_new(0), *sub = rco_str("ell"), *bc = rco_bytes("bc", 2), *x = rco_str("x");
    rco_set_add(s, rco_int(2));
    assert_int_equal(rco_contains(l, one), 1);
    assert_int_equal(rco_contains(l, empty), 1);
    assert_int_equal(rco_contains(l, x), 0);
    assert_int_equal(rco_contains(t, x), 1);
    assert_int_equal(rco_contains(d, one), 1);  /* keys */
    assert_int_equal(rco_contains(d, rco_int(2)), 0);
    assert_int_equal(rco_contains(s, rco_int(2)), 1);
    assert_int_equal(rco_contains(str, sub), 1);
    assert_int_equal(rco_contains(str, x), 0);
    assert_int_equal(rco_contains(b, rco_int(98)), 1);
    assert_int_equal(rco_contains(b, bc), 1);
    rco_object *nothing = rco_str("");
    assert_int_equal(rco_contains(nothing, nothing), 1);
    rco_decref(nothing);
    rco_object *it = rco_iter(l);
    assert_int_equal(rco_contains(it, one), 1);  /* consumed up to 1 ... */
    assert_int_equal(rco_contains(it, one), 0);  /* ... and the rest */
    rco_decref(it);
    rco_decref(l); rco_decref(t); rco_decref(d); rco_decref(s); rco_decref(str); rco_decref(b);
    rco_decref(one); rco_decref(empty); rco_decref(sub); rco_decref(bc); rco_decref(x);
}

static void contains_refuses_what_python_refuses(void **state)
{
    rco_object *d = rco_dict_new(), *s = rco_set_new(), *l = rco_list_new(0), *str = rco_str("a");
    rco_object *b = rco_bytes("a", 1), *big = rco_int(256);
    assert_int_equal(rco_contains(d, l), -1);
    assert_string_equal(rco_err_message(), "unhashable type: 'list'");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_contains(s, l), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_contains(str, rco_int(1)), -1);
    assert_string_equal(rco_err_message(), "'in <string>' requires string as left operand, not int");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_contains(b, str), -1);
    assert_string_equal(rco_err_message(), "a bytes-like object is required, not 'str'");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_contains(b, big), -1);
    assert_string_equal(rco_err_message(), "byte must be in range(0, 256)");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_contains(rco_int(5), rco_int(1)), -1);
    assert_string_equal(rco_err_message(), "argument of type 'int' is not iterable");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_contains(NULL, l), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_contains(l, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(d); rco_decref(s); rco_decref(l); rco_decref(str); rco_decref(b); rco_decref(big);
}

/* ---- + ------------------------------------------------------------------ */

static void concat_joins_two_of_a_kind(void **state)
{
    rco_object *a, *b;
    assert_repr_of(rco_concat(a = rco_build("[ii]", 1, 2), b = rco_build("[i]", 3)), "[1, 2, 3]");
    rco_decref(a); rco_decref(b);
    assert_repr_of(rco_concat(a = rco_build("(i)", 1), b = rco_build("(i)", 2)), "(1, 2)");
    rco_decref(a); rco_decref(b);
    rco_object *s = rco_concat(a = rco_str("a"), b = rco_str("\xc3\xa9"));
    assert_string_equal(rco_str_utf8(s), "a\xc3\xa9");
    assert_int_equal(rco_len(s), 2);
    rco_decref(s); rco_decref(a); rco_decref(b);
    assert_repr_of(rco_concat(a = rco_bytes("a", 1), b = rco_bytes("\0", 1)), "b'a\\x00'");
    rco_decref(a); rco_decref(b);
    a = rco_build("[O]", rco_none());
    assert_repr_of(rco_concat(a, a), "[None, None]");
    rco_decref(a);
}

static void concat_with_an_empty_tuple_is_the_other_tuple(void **state)
{
    rco_object *t = rco_build("(i)", 1), *r = rco_concat(t, rco_tuple_new(0));
    assert_ptr_equal(r, t);
    rco_decref(r);
    r = rco_concat(rco_tuple_new(0), t);
    assert_ptr_equal(r, t);
    rco_decref(r);
    rco_decref(t);
}

static void concat_of_mixed_kinds_is_pythons_type_error(void **state)
{
    rco_object *l = rco_list_new(0), *t = rco_tuple_new(0), *s = rco_str("a"), *b = rco_bytes("", 0);
    rco_object *d = rco_dict_new();
    struct { rco_object *a, *b; const char *message; } cases[] = {
        { s, rco_int(1), "can only concatenate str (not \"int\") to str" },
        { l, t, "can only concatenate list (not \"tuple\") to list" },
        { t, l, "can only concatenate tuple (not \"list\") to tuple" },
        { b, s, "can't concat str to bytes" },
        { rco_int(1), rco_int(2), "'int' object can't be concatenated" },
        { d, d, "'dict' object can't be concatenated" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_null(rco_concat(cases[i].a, cases[i].b));
        assert_string_equal(rco_err_message(), cases[i].message);
        assert_error(RCO_ERR_TYPE);
    }
    assert_null(rco_concat(NULL, l));
    assert_error(RCO_ERR_TYPE);
    rco_decref(l); rco_decref(s); rco_decref(b); rco_decref(d);
}

/* ---- index() and count() ---------------------------------------------- */

static void index_and_count_use_python_equality(void **state)
{
    rco_object *l = rco_build("[idOi]", 1, 2.0, rco_true(), 1), *t = rco_build("(is)", 3, "a");
    rco_object *a = rco_str("a"), *s = rco_str("h\xc3\xa9llo w\xc3\xb6rld"), *wo = rco_str("w\xc3\xb6");
    rco_object *aaaa = rco_str("aaaa"), *aa = rco_str("aa"), *nothing = rco_str(""), *abc = rco_str("abc");
    rco_object *he = rco_str("h\xc3\xa9\xc3\xa9"), *bytes = rco_bytes("aXbXc", 5), *X = rco_bytes("X", 1);
    assert_int_equal(rco_count(l, rco_int(1)), 3);
    assert_int_equal(rco_index(l, rco_true()), 0);
    assert_int_equal(rco_index(l, rco_int(2)), 1);
    assert_int_equal(rco_index(t, a), 1);
    assert_int_equal(rco_index(s, wo), 6); /* code points, not bytes */
    assert_int_equal(rco_count(aaaa, aa), 2);
    assert_int_equal(rco_count(abc, nothing), 4);
    assert_int_equal(rco_count(he, nothing), 4);
    assert_int_equal(rco_count(bytes, X), 2);
    assert_int_equal(rco_index(bytes, rco_int('b')), 2);
    assert_int_equal(rco_index(abc, nothing), 0);
    rco_decref(l); rco_decref(t); rco_decref(a); rco_decref(s); rco_decref(wo); rco_decref(aaaa);
    rco_decref(aa); rco_decref(nothing); rco_decref(abc); rco_decref(he); rco_decref(bytes); rco_decref(X);
}

static void index_of_what_is_absent_is_pythons_value_error(void **state)
{
    rco_object *l = rco_build("[i[i]]", 1, 2), *t = rco_build("(i)", 1), *three = rco_build("[i]", 3);
    rco_object *s = rco_str("a"), *b = rco_str("b"), *bytes = rco_bytes("a", 1), *bb = rco_bytes("b", 1);
    rco_object *names = rco_build("[s]", "a");
    assert_int_equal(rco_index(l, three), -1);
    assert_string_equal(rco_err_message(), "[3] is not in list");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_index(names, b), -1);
    assert_string_equal(rco_err_message(), "'b' is not in list");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_index(t, three), -1);
    assert_string_equal(rco_err_message(), "tuple.index(x): x not in tuple");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_index(s, b), -1);
    assert_string_equal(rco_err_message(), "substring not found");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_index(bytes, bb), -1);
    assert_string_equal(rco_err_message(), "subsection not found");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_index(s, rco_int(1)), -1);
    assert_string_equal(rco_err_message(), "must be str, not int");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_count(s, rco_int(1)), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_index(rco_int(1), s), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_count(NULL, s), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(l); rco_decref(t); rco_decref(three); rco_decref(s); rco_decref(b); rco_decref(bytes);
    rco_decref(bb); rco_decref(names);
}

/* ---- reverse() and remove() -------------------------------------------- */

static void reverse_and_remove_change_the_list_in_place(void **state)
{
    rco_object *l = rco_build("[iii]", 3, 1, 2);
    assert_int_equal(rco_list_reverse(l), 0);
    assert_repr(l, "[2, 1, 3]");
    rco_object *empty = rco_list_new(0);
    assert_int_equal(rco_list_reverse(empty), 0);
    rco_decref(empty);
    rco_decref(l);
    l = rco_build("[idi]", 1, 2.0, 1);
    rco_object *item = rco_list_get(l, 1);
    rco_incref(item);
    assert_int_equal(rco_list_remove(l, rco_int(2)), 0);
    assert_repr(l, "[1, 1]");
    assert_int_equal(rco_refcount(item), 1); /* the list let go of it */
    rco_decref(item);
    assert_int_equal(rco_list_remove(l, rco_int(1)), 0);
    assert_repr(l, "[1]");
    assert_int_equal(rco_list_remove(l, rco_int(5)), -1);
    assert_string_equal(rco_err_message(), "list.remove(x): x not in list");
    assert_error(RCO_ERR_VALUE);
    assert_int_equal(rco_list_remove(l, NULL), -1);
    assert_error(RCO_ERR_TYPE);
    rco_object *t = rco_tuple_new(0);
    assert_int_equal(rco_list_reverse(t), -1);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_list_remove(t, l), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(l);
}

/* ---- allocation failure -------------------------------------------------- */

static int sequence_workload(world *w)
{
    rco_object *l, *t, *s, *b, *x, *r;
    NEW(w, l, rco_list_new(0));
    for (int i = 0; i < 25; i++)
        DO(w, rco_list_append_steal(l, i % 3 ? rco_int(2000 + i) : rco_str_printf("s%d", i)));
    NEW(w, t, rco_tuple_from(l));
    NEW(w, s, rco_str("h\xc3\xa9llo w\xc3\xb6rld, h\xc3\xa9llo"));
    NEW(w, b, rco_bytes("abcabcabc", 9));
    NEW(w, x, rco_str("s3"));
    DO(w, rco_contains(l, x));
    DO(w, rco_index(t, x));
    DO(w, rco_count(l, x));
    NEW(w, r, rco_concat(l, l));
    NEW(w, r, rco_concat(t, t));
    NEW(w, r, rco_concat(s, s));
    NEW(w, r, rco_concat(b, b));
    NEW(w, r, rco_slice(l, 1, -1, 2));
    NEW(w, r, rco_slice(t, -1, RCO_SLICE_DEFAULT, -3));
    NEW(w, r, rco_slice(s, 2, 9, 1));
    NEW(w, r, rco_slice(s, RCO_SLICE_DEFAULT, RCO_SLICE_DEFAULT, -2));
    NEW(w, r, rco_slice(b, 1, 8, 3));
    DO(w, rco_list_reverse(l));
    DO(w, rco_list_remove(l, x));
    assert_int_equal(rco_len(l), 24);
    return 0;
}

static void sequences_survive_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("sequences", sequence_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(slices_clamp_and_step_as_python),
        RCO_TEST(a_sliced_str_knows_its_length),
        RCO_TEST(a_whole_tuple_or_str_slice_is_the_object_itself),
        RCO_TEST(slice_errors_are_pythons),
        RCO_TEST(contains_asks_each_container_as_python_does),
        RCO_TEST(contains_refuses_what_python_refuses),
        RCO_TEST(concat_joins_two_of_a_kind),
        RCO_TEST(concat_with_an_empty_tuple_is_the_other_tuple),
        RCO_TEST(concat_of_mixed_kinds_is_pythons_type_error),
        RCO_TEST(index_and_count_use_python_equality),
        RCO_TEST(index_of_what_is_absent_is_pythons_value_error),
        RCO_TEST(reverse_and_remove_change_the_list_in_place),
        RCO_TEST(sequences_survive_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
