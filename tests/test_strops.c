/*
 * test_strops.c: join, split, find, replace and strip (ops/strops.c) on
 * UTF-8 text, each case's answer printed by python3 (the tables below:
 * 13 texts split on 8 separators with 4 maxsplits, 140 replacements, 35
 * strips, 28 finds, with non-ASCII characters, Python's Unicode
 * whitespace and empty arguments), the str itself returned where nothing
 * changes (as CPython), Python's errors, and allocation failure.
 */
#include "fault_sweep.h"

static void sweep_forget_borrowed(void)
{
}

static void break_and_clear_garbage(void)
{
}

typedef struct split_case {
    const char *text, *sep;
    ssize_t maxsplit;
    const char *expected;
} split_case;

typedef struct replace_case {
    const char *text, *old, *new_;
    ssize_t count;
    const char *expected;
} replace_case;

typedef struct strip_case {
    const char *text, *chars, *expected;
} strip_case;

typedef struct find_case {
    const char *text, *sub;
    ssize_t expected;
} find_case;

static const split_case split_cases[] = {
    { "", NULL, -1, "[]" },
    { "", NULL, 0, "[]" },
    { "", NULL, 1, "[]" },
    { "", NULL, 2, "[]" },
    { "", ",", -1, "['']" },
    { "", ",", 0, "['']" },
    { "", ",", 1, "['']" },
    { "", ",", 2, "['']" },
    { "", " ", -1, "['']" },
    { "", " ", 0, "['']" },
    { "", " ", 1, "['']" },
    { "", " ", 2, "['']" },
    { "", "a", -1, "['']" },
    { "", "a", 0, "['']" },
    { "", "a", 1, "['']" },
    { "", "a", 2, "['']" },
    { "", "aa", -1, "['']" },
    { "", "aa", 0, "['']" },
    { "", "aa", 1, "['']" },
    { "", "aa", 2, "['']" },
    { "", "\xc3""\xa9""", -1, "['']" },
    { "", "\xc3""\xa9""", 0, "['']" },
    { "", "\xc3""\xa9""", 1, "['']" },
    { "", "\xc3""\xa9""", 2, "['']" },
    { "", "\xf0""\x9f""\x98""\x80""", -1, "['']" },
    { "", "\xf0""\x9f""\x98""\x80""", 0, "['']" },
    { "", "\xf0""\x9f""\x98""\x80""", 1, "['']" },
    { "", "\xf0""\x9f""\x98""\x80""", 2, "['']" },
    { "", ", ", -1, "['']" },
    { "", ", ", 0, "['']" },
    { "", ", ", 1, "['']" },
    { "", ", ", 2, "['']" },
    { " ", NULL, -1, "[]" },
    { " ", NULL, 0, "[]" },
    { " ", NULL, 1, "[]" },
    { " ", NULL, 2, "[]" },
    { " ", ",", -1, "[' ']" },
    { " ", ",", 0, "[' ']" },
    { " ", ",", 1, "[' ']" },
    { " ", ",", 2, "[' ']" },
    { " ", " ", -1, "['', '']" },
    { " ", " ", 0, "[' ']" },
    { " ", " ", 1, "['', '']" },
    { " ", " ", 2, "['', '']" },
    { " ", "a", -1, "[' ']" },
    { " ", "a", 0, "[' ']" },
    { " ", "a", 1, "[' ']" },
    { " ", "a", 2, "[' ']" },
    { " ", "aa", -1, "[' ']" },
    { " ", "aa", 0, "[' ']" },
    { " ", "aa", 1, "[' ']" },
    { " ", "aa", 2, "[' ']" },
    { " ", "\xc3""\xa9""", -1, "[' ']" },
    { " ", "\xc3""\xa9""", 0, "[' ']" },
    { " ", "\xc3""\xa9""", 1, "[' ']" },
    { " ", "\xc3""\xa9""", 2, "[' ']" },
    { " ", "\xf0""\x9f""\x98""\x80""", -1, "[' ']" },
    { " ", "\xf0""\x9f""\x98""\x80""", 0, "[' ']" },
    { " ", "\xf0""\x9f""\x98""\x80""", 1, "[' ']" },
    { " ", "\xf0""\x9f""\x98""\x80""", 2, "[' ']" },
    { " ", ", ", -1, "[' ']" },
    { " ", ", ", 0, "[' ']" },
    { " ", ", ", 1, "[' ']" },
    { " ", ", ", 2, "[' ']" },
    { "a", NULL, -1, "['a']" },
    { "a", NULL, 0, "['a']" },
    { "a", NULL, 1, "['a']" },
    { "a", NULL, 2, "['a']" },
    { "a", ",", -1, "['a']" },
    { "a", ",", 0, "['a']" },
    { "a", ",", 1, "['a']" },
    { "a", ",", 2, "['a']" },
    { "a", " ", -1, "['a']" },
    { "a", " ", 0, "['a']" },
    { "a", " ", 1, "['a']" },
    { "a", " ", 2, "['a']" },
    { "a", "a", -1, "['', '']" },
    { "a", "a", 0, "['a']" },
    { "a", "a", 1, "['', '']" },
    { "a", "a", 2, "['', '']" },
    { "a", "aa", -1, "['a']" },
    { "a", "aa", 0, "['a']" },
    { "a", "aa", 1, "['a']" },
    { "a", "aa", 2, "['a']" },
    { "a", "\xc3""\xa9""", -1, "['a']" },
    { "a", "\xc3""\xa9""", 0, "['a']" },
    { "a", "\xc3""\xa9""", 1, "['a']" },
    { "a", "\xc3""\xa9""", 2, "['a']" },
    { "a", "\xf0""\x9f""\x98""\x80""", -1, "['a']" },
    { "a", "\xf0""\x9f""\x98""\x80""", 0, "['a']" },
    { "a", "\xf0""\x9f""\x98""\x80""", 1, "['a']" },
    { "a", "\xf0""\x9f""\x98""\x80""", 2, "['a']" },
    { "a", ", ", -1, "['a']" },
    { "a", ", ", 0, "['a']" },
    { "a", ", ", 1, "['a']" },
    { "a", ", ", 2, "['a']" },
    { "a b  c ", NULL, -1, "['a', 'b', 'c']" },
    { "a b  c ", NULL, 0, "['a b  c ']" },
    { "a b  c ", NULL, 1, "['a', 'b  c ']" },
    { "a b  c ", NULL, 2, "['a', 'b', 'c ']" },
    { "a b  c ", ",", -1, "['a b  c ']" },
    { "a b  c ", ",", 0, "['a b  c ']" },
    { "a b  c ", ",", 1, "['a b  c ']" },
    { "a b  c ", ",", 2, "['a b  c ']" },
    { "a b  c ", " ", -1, "['a', 'b', '', 'c', '']" },
    { "a b  c ", " ", 0, "['a b  c ']" },
    { "a b  c ", " ", 1, "['a', 'b  c ']" },
    { "a b  c ", " ", 2, "['a', 'b', ' c ']" },
    { "a b  c ", "a", -1, "['', ' b  c ']" },
    { "a b  c ", "a", 0, "['a b  c ']" },
    { "a b  c ", "a", 1, "['', ' b  c ']" },
    { "a b  c ", "a", 2, "['', ' b  c ']" },
    { "a b  c ", "aa", -1, "['a b  c ']" },
    { "a b  c ", "aa", 0, "['a b  c ']" },
    { "a b  c ", "aa", 1, "['a b  c ']" },
    { "a b  c ", "aa", 2, "['a b  c ']" },
    { "a b  c ", "\xc3""\xa9""", -1, "['a b  c ']" },
    { "a b  c ", "\xc3""\xa9""", 0, "['a b  c ']" },
    { "a b  c ", "\xc3""\xa9""", 1, "['a b  c ']" },
    { "a b  c ", "\xc3""\xa9""", 2, "['a b  c ']" },
    { "a b  c ", "\xf0""\x9f""\x98""\x80""", -1, "['a b  c ']" },
    { "a b  c ", "\xf0""\x9f""\x98""\x80""", 0, "['a b  c ']" },
    { "a b  c ", "\xf0""\x9f""\x98""\x80""", 1, "['a b  c ']" },
    { "a b  c ", "\xf0""\x9f""\x98""\x80""", 2, "['a b  c ']" },
    { "a b  c ", ", ", -1, "['a b  c ']" },
    { "a b  c ", ", ", 0, "['a b  c ']" },
    { "a b  c ", ", ", 1, "['a b  c ']" },
    { "a b  c ", ", ", 2, "['a b  c ']" },
    { "  a b  ", NULL, -1, "['a', 'b']" },
    { "  a b  ", NULL, 0, "['a b  ']" },
    { "  a b  ", NULL, 1, "['a', 'b  ']" },
    { "  a b  ", NULL, 2, "['a', 'b']" },
    { "  a b  ", ",", -1, "['  a b  ']" },
    { "  a b  ", ",", 0, "['  a b  ']" },
    { "  a b  ", ",", 1, "['  a b  ']" },
    { "  a b  ", ",", 2, "['  a b  ']" },
    { "  a b  ", " ", -1, "['', '', 'a', 'b', '', '']" },
    { "  a b  ", " ", 0, "['  a b  ']" },
    { "  a b  ", " ", 1, "['', ' a b  ']" },
    { "  a b  ", " ", 2, "['', '', 'a b  ']" },
    { "  a b  ", "a", -1, "['  ', ' b  ']" },
    { "  a b  ", "a", 0, "['  a b  ']" },
    { "  a b  ", "a", 1, "['  ', ' b  ']" },
    { "  a b  ", "a", 2, "['  ', ' b  ']" },
    { "  a b  ", "aa", -1, "['  a b  ']" },
    { "  a b  ", "aa", 0, "['  a b  ']" },
    { "  a b  ", "aa", 1, "['  a b  ']" },
    { "  a b  ", "aa", 2, "['  a b  ']" },
    { "  a b  ", "\xc3""\xa9""", -1, "['  a b  ']" },
    { "  a b  ", "\xc3""\xa9""", 0, "['  a b  ']" },
    { "  a b  ", "\xc3""\xa9""", 1, "['  a b  ']" },
    { "  a b  ", "\xc3""\xa9""", 2, "['  a b  ']" },
    { "  a b  ", "\xf0""\x9f""\x98""\x80""", -1, "['  a b  ']" },
    { "  a b  ", "\xf0""\x9f""\x98""\x80""", 0, "['  a b  ']" },
    { "  a b  ", "\xf0""\x9f""\x98""\x80""", 1, "['  a b  ']" },
    { "  a b  ", "\xf0""\x9f""\x98""\x80""", 2, "['  a b  ']" },
    { "  a b  ", ", ", -1, "['  a b  ']" },
    { "  a b  ", ", ", 0, "['  a b  ']" },
    { "  a b  ", ", ", 1, "['  a b  ']" },
    { "  a b  ", ", ", 2, "['  a b  ']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", NULL, -1, "['h\xc3""\xa9""llo', 'w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", NULL, 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", NULL, 1, "['h\xc3""\xa9""llo', 'w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", NULL, 2, "['h\xc3""\xa9""llo', 'w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ",", -1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ",", 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ",", 1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ",", 2, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", " ", -1, "['h\xc3""\xa9""llo', 'w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", " ", 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", " ", 1, "['h\xc3""\xa9""llo', 'w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", " ", 2, "['h\xc3""\xa9""llo', 'w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", -1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", 1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", 2, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", -1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", 1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", 2, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xa9""", -1, "['h', 'llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xa9""", 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xa9""", 1, "['h', 'llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xa9""", 2, "['h', 'llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", -1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", 1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", 2, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ", ", -1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ", ", 0, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ", ", 1, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", ", ", 2, "['h\xc3""\xa9""llo w\xc3""\xb6""rld']" },
    { "a,b,,c,", NULL, -1, "['a,b,,c,']" },
    { "a,b,,c,", NULL, 0, "['a,b,,c,']" },
    { "a,b,,c,", NULL, 1, "['a,b,,c,']" },
    { "a,b,,c,", NULL, 2, "['a,b,,c,']" },
    { "a,b,,c,", ",", -1, "['a', 'b', '', 'c', '']" },
    { "a,b,,c,", ",", 0, "['a,b,,c,']" },
    { "a,b,,c,", ",", 1, "['a', 'b,,c,']" },
    { "a,b,,c,", ",", 2, "['a', 'b', ',c,']" },
    { "a,b,,c,", " ", -1, "['a,b,,c,']" },
    { "a,b,,c,", " ", 0, "['a,b,,c,']" },
    { "a,b,,c,", " ", 1, "['a,b,,c,']" },
    { "a,b,,c,", " ", 2, "['a,b,,c,']" },
    { "a,b,,c,", "a", -1, "['', ',b,,c,']" },
    { "a,b,,c,", "a", 0, "['a,b,,c,']" },
    { "a,b,,c,", "a", 1, "['', ',b,,c,']" },
    { "a,b,,c,", "a", 2, "['', ',b,,c,']" },
    { "a,b,,c,", "aa", -1, "['a,b,,c,']" },
    { "a,b,,c,", "aa", 0, "['a,b,,c,']" },
    { "a,b,,c,", "aa", 1, "['a,b,,c,']" },
    { "a,b,,c,", "aa", 2, "['a,b,,c,']" },
    { "a,b,,c,", "\xc3""\xa9""", -1, "['a,b,,c,']" },
    { "a,b,,c,", "\xc3""\xa9""", 0, "['a,b,,c,']" },
    { "a,b,,c,", "\xc3""\xa9""", 1, "['a,b,,c,']" },
    { "a,b,,c,", "\xc3""\xa9""", 2, "['a,b,,c,']" },
    { "a,b,,c,", "\xf0""\x9f""\x98""\x80""", -1, "['a,b,,c,']" },
    { "a,b,,c,", "\xf0""\x9f""\x98""\x80""", 0, "['a,b,,c,']" },
    { "a,b,,c,", "\xf0""\x9f""\x98""\x80""", 1, "['a,b,,c,']" },
    { "a,b,,c,", "\xf0""\x9f""\x98""\x80""", 2, "['a,b,,c,']" },
    { "a,b,,c,", ", ", -1, "['a,b,,c,']" },
    { "a,b,,c,", ", ", 0, "['a,b,,c,']" },
    { "a,b,,c,", ", ", 1, "['a,b,,c,']" },
    { "a,b,,c,", ", ", 2, "['a,b,,c,']" },
    { ",", NULL, -1, "[',']" },
    { ",", NULL, 0, "[',']" },
    { ",", NULL, 1, "[',']" },
    { ",", NULL, 2, "[',']" },
    { ",", ",", -1, "['', '']" },
    { ",", ",", 0, "[',']" },
    { ",", ",", 1, "['', '']" },
    { ",", ",", 2, "['', '']" },
    { ",", " ", -1, "[',']" },
    { ",", " ", 0, "[',']" },
    { ",", " ", 1, "[',']" },
    { ",", " ", 2, "[',']" },
    { ",", "a", -1, "[',']" },
    { ",", "a", 0, "[',']" },
    { ",", "a", 1, "[',']" },
    { ",", "a", 2, "[',']" },
    { ",", "aa", -1, "[',']" },
    { ",", "aa", 0, "[',']" },
    { ",", "aa", 1, "[',']" },
    { ",", "aa", 2, "[',']" },
    { ",", "\xc3""\xa9""", -1, "[',']" },
    { ",", "\xc3""\xa9""", 0, "[',']" },
    { ",", "\xc3""\xa9""", 1, "[',']" },
    { ",", "\xc3""\xa9""", 2, "[',']" },
    { ",", "\xf0""\x9f""\x98""\x80""", -1, "[',']" },
    { ",", "\xf0""\x9f""\x98""\x80""", 0, "[',']" },
    { ",", "\xf0""\x9f""\x98""\x80""", 1, "[',']" },
    { ",", "\xf0""\x9f""\x98""\x80""", 2, "[',']" },
    { ",", ", ", -1, "[',']" },
    { ",", ", ", 0, "[',']" },
    { ",", ", ", 1, "[',']" },
    { ",", ", ", 2, "[',']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", NULL, -1, "['x', 'y', 'z', 'w', 'v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", NULL, 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", NULL, 1, "['x', 'y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", NULL, 2, "['x', 'y', 'z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ",", -1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ",", 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ",", 1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ",", 2, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", " ", -1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", " ", 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", " ", 1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", " ", 2, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "a", -1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "a", 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "a", 1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "a", 2, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "aa", -1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "aa", 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "aa", 1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "aa", 2, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xc3""\xa9""", -1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xc3""\xa9""", 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xc3""\xa9""", 1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xc3""\xa9""", 2, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xf0""\x9f""\x98""\x80""", -1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xf0""\x9f""\x98""\x80""", 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xf0""\x9f""\x98""\x80""", 1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", "\xf0""\x9f""\x98""\x80""", 2, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ", ", -1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ", ", 0, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ", ", 1, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "x\xe3""\x80""\x80""y\xe2""\x80""\xa8""z\x1c""w\xc2""\x85""v", ", ", 2, "['x\x5c""u3000y\x5c""u2028z\x5c""x1cw\x5c""x85v']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", NULL, -1, "['ab']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", NULL, 0, "['ab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", NULL, 1, "['ab']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", NULL, 2, "['ab']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ",", -1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ",", 0, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ",", 1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ",", 2, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", " ", -1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", " ", 0, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", " ", 1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", " ", 2, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "a", -1, "['\x5c""t\x5c""n', 'b\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "a", 0, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "a", 1, "['\x5c""t\x5c""n', 'b\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "a", 2, "['\x5c""t\x5c""n', 'b\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "aa", -1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "aa", 0, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "aa", 1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "aa", 2, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xc3""\xa9""", -1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xc3""\xa9""", 0, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xc3""\xa9""", 1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xc3""\xa9""", 2, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xf0""\x9f""\x98""\x80""", -1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xf0""\x9f""\x98""\x80""", 0, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xf0""\x9f""\x98""\x80""", 1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", "\xf0""\x9f""\x98""\x80""", 2, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ", ", -1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ", ", 0, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ", ", 1, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "\x09""\x0a""ab\x0d""\x0b""\x0c""", ", ", 2, "['\x5c""t\x5c""nab\x5c""r\x5c""x0b\x5c""x0c']" },
    { "aaaa", NULL, -1, "['aaaa']" },
    { "aaaa", NULL, 0, "['aaaa']" },
    { "aaaa", NULL, 1, "['aaaa']" },
    { "aaaa", NULL, 2, "['aaaa']" },
    { "aaaa", ",", -1, "['aaaa']" },
    { "aaaa", ",", 0, "['aaaa']" },
    { "aaaa", ",", 1, "['aaaa']" },
    { "aaaa", ",", 2, "['aaaa']" },
    { "aaaa", " ", -1, "['aaaa']" },
    { "aaaa", " ", 0, "['aaaa']" },
    { "aaaa", " ", 1, "['aaaa']" },
    { "aaaa", " ", 2, "['aaaa']" },
    { "aaaa", "a", -1, "['', '', '', '', '']" },
    { "aaaa", "a", 0, "['aaaa']" },
    { "aaaa", "a", 1, "['', 'aaa']" },
    { "aaaa", "a", 2, "['', '', 'aa']" },
    { "aaaa", "aa", -1, "['', '', '']" },
    { "aaaa", "aa", 0, "['aaaa']" },
    { "aaaa", "aa", 1, "['', 'aa']" },
    { "aaaa", "aa", 2, "['', '', '']" },
    { "aaaa", "\xc3""\xa9""", -1, "['aaaa']" },
    { "aaaa", "\xc3""\xa9""", 0, "['aaaa']" },
    { "aaaa", "\xc3""\xa9""", 1, "['aaaa']" },
    { "aaaa", "\xc3""\xa9""", 2, "['aaaa']" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", -1, "['aaaa']" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", 0, "['aaaa']" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", 1, "['aaaa']" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", 2, "['aaaa']" },
    { "aaaa", ", ", -1, "['aaaa']" },
    { "aaaa", ", ", 0, "['aaaa']" },
    { "aaaa", ", ", 1, "['aaaa']" },
    { "aaaa", ", ", 2, "['aaaa']" },
    { "one two three four", NULL, -1, "['one', 'two', 'three', 'four']" },
    { "one two three four", NULL, 0, "['one two three four']" },
    { "one two three four", NULL, 1, "['one', 'two three four']" },
    { "one two three four", NULL, 2, "['one', 'two', 'three four']" },
    { "one two three four", ",", -1, "['one two three four']" },
    { "one two three four", ",", 0, "['one two three four']" },
    { "one two three four", ",", 1, "['one two three four']" },
    { "one two three four", ",", 2, "['one two three four']" },
    { "one two three four", " ", -1, "['one', 'two', 'three', 'four']" },
    { "one two three four", " ", 0, "['one two three four']" },
    { "one two three four", " ", 1, "['one', 'two three four']" },
    { "one two three four", " ", 2, "['one', 'two', 'three four']" },
    { "one two three four", "a", -1, "['one two three four']" },
    { "one two three four", "a", 0, "['one two three four']" },
    { "one two three four", "a", 1, "['one two three four']" },
    { "one two three four", "a", 2, "['one two three four']" },
    { "one two three four", "aa", -1, "['one two three four']" },
    { "one two three four", "aa", 0, "['one two three four']" },
    { "one two three four", "aa", 1, "['one two three four']" },
    { "one two three four", "aa", 2, "['one two three four']" },
    { "one two three four", "\xc3""\xa9""", -1, "['one two three four']" },
    { "one two three four", "\xc3""\xa9""", 0, "['one two three four']" },
    { "one two three four", "\xc3""\xa9""", 1, "['one two three four']" },
    { "one two three four", "\xc3""\xa9""", 2, "['one two three four']" },
    { "one two three four", "\xf0""\x9f""\x98""\x80""", -1, "['one two three four']" },
    { "one two three four", "\xf0""\x9f""\x98""\x80""", 0, "['one two three four']" },
    { "one two three four", "\xf0""\x9f""\x98""\x80""", 1, "['one two three four']" },
    { "one two three four", "\xf0""\x9f""\x98""\x80""", 2, "['one two three four']" },
    { "one two three four", ", ", -1, "['one two three four']" },
    { "one two three four", ", ", 0, "['one two three four']" },
    { "one two three four", ", ", 1, "['one two three four']" },
    { "one two three four", ", ", 2, "['one two three four']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", NULL, -1, "['\xf0""\x9f""\x98""\x80""', '\xc3""\xa9""', '\xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", NULL, 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", NULL, 1, "['\xf0""\x9f""\x98""\x80""', '\xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", NULL, 2, "['\xf0""\x9f""\x98""\x80""', '\xc3""\xa9""', '\xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ",", -1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ",", 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ",", 1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ",", 2, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", " ", -1, "['\xf0""\x9f""\x98""\x80""', '\xc3""\xa9""', '\xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", " ", 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", " ", 1, "['\xf0""\x9f""\x98""\x80""', '\xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", " ", 2, "['\xf0""\x9f""\x98""\x80""', '\xc3""\xa9""', '\xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "a", -1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "a", 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "a", 1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "a", 2, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "aa", -1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "aa", 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "aa", 1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "aa", 2, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xc3""\xa9""", -1, "['\xf0""\x9f""\x98""\x80"" ', ' \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xc3""\xa9""", 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xc3""\xa9""", 1, "['\xf0""\x9f""\x98""\x80"" ', ' \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xc3""\xa9""", 2, "['\xf0""\x9f""\x98""\x80"" ', ' \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xf0""\x9f""\x98""\x80""", -1, "['', ' \xc3""\xa9"" ', '']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xf0""\x9f""\x98""\x80""", 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xf0""\x9f""\x98""\x80""", 1, "['', ' \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", "\xf0""\x9f""\x98""\x80""", 2, "['', ' \xc3""\xa9"" ', '']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ", ", -1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ", ", 0, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ", ", 1, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
    { "\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""", ", ", 2, "['\xf0""\x9f""\x98""\x80"" \xc3""\xa9"" \xf0""\x9f""\x98""\x80""']" },
};
static const replace_case replace_cases[] = {
    { "", "", "-", -1, "-" },
    { "", "", "-", 0, "" },
    { "", "", "-", 1, "-" },
    { "", "", "-", 2, "-" },
    { "", "a", "xy", -1, "" },
    { "", "a", "xy", 0, "" },
    { "", "a", "xy", 1, "" },
    { "", "a", "xy", 2, "" },
    { "", "aa", "b", -1, "" },
    { "", "aa", "b", 0, "" },
    { "", "aa", "b", 1, "" },
    { "", "aa", "b", 2, "" },
    { "", "\xc3""\xb6""", "oe", -1, "" },
    { "", "\xc3""\xb6""", "oe", 0, "" },
    { "", "\xc3""\xb6""", "oe", 1, "" },
    { "", "\xc3""\xb6""", "oe", 2, "" },
    { "", "\xf0""\x9f""\x98""\x80""", "", -1, "" },
    { "", "\xf0""\x9f""\x98""\x80""", "", 0, "" },
    { "", "\xf0""\x9f""\x98""\x80""", "", 1, "" },
    { "", "\xf0""\x9f""\x98""\x80""", "", 2, "" },
    { "", "l", "L", -1, "" },
    { "", "l", "L", 0, "" },
    { "", "l", "L", 1, "" },
    { "", "l", "L", 2, "" },
    { "", "zz", "q", -1, "" },
    { "", "zz", "q", 0, "" },
    { "", "zz", "q", 1, "" },
    { "", "zz", "q", 2, "" },
    { "abc", "", "-", -1, "-a-b-c-" },
    { "abc", "", "-", 0, "abc" },
    { "abc", "", "-", 1, "-abc" },
    { "abc", "", "-", 2, "-a-bc" },
    { "abc", "a", "xy", -1, "xybc" },
    { "abc", "a", "xy", 0, "abc" },
    { "abc", "a", "xy", 1, "xybc" },
    { "abc", "a", "xy", 2, "xybc" },
    { "abc", "aa", "b", -1, "abc" },
    { "abc", "aa", "b", 0, "abc" },
    { "abc", "aa", "b", 1, "abc" },
    { "abc", "aa", "b", 2, "abc" },
    { "abc", "\xc3""\xb6""", "oe", -1, "abc" },
    { "abc", "\xc3""\xb6""", "oe", 0, "abc" },
    { "abc", "\xc3""\xb6""", "oe", 1, "abc" },
    { "abc", "\xc3""\xb6""", "oe", 2, "abc" },
    { "abc", "\xf0""\x9f""\x98""\x80""", "", -1, "abc" },
    { "abc", "\xf0""\x9f""\x98""\x80""", "", 0, "abc" },
    { "abc", "\xf0""\x9f""\x98""\x80""", "", 1, "abc" },
    { "abc", "\xf0""\x9f""\x98""\x80""", "", 2, "abc" },
    { "abc", "l", "L", -1, "abc" },
    { "abc", "l", "L", 0, "abc" },
    { "abc", "l", "L", 1, "abc" },
    { "abc", "l", "L", 2, "abc" },
    { "abc", "zz", "q", -1, "abc" },
    { "abc", "zz", "q", 0, "abc" },
    { "abc", "zz", "q", 1, "abc" },
    { "abc", "zz", "q", 2, "abc" },
    { "aaaa", "", "-", -1, "-a-a-a-a-" },
    { "aaaa", "", "-", 0, "aaaa" },
    { "aaaa", "", "-", 1, "-aaaa" },
    { "aaaa", "", "-", 2, "-a-aaa" },
    { "aaaa", "a", "xy", -1, "xyxyxyxy" },
    { "aaaa", "a", "xy", 0, "aaaa" },
    { "aaaa", "a", "xy", 1, "xyaaa" },
    { "aaaa", "a", "xy", 2, "xyxyaa" },
    { "aaaa", "aa", "b", -1, "bb" },
    { "aaaa", "aa", "b", 0, "aaaa" },
    { "aaaa", "aa", "b", 1, "baa" },
    { "aaaa", "aa", "b", 2, "bb" },
    { "aaaa", "\xc3""\xb6""", "oe", -1, "aaaa" },
    { "aaaa", "\xc3""\xb6""", "oe", 0, "aaaa" },
    { "aaaa", "\xc3""\xb6""", "oe", 1, "aaaa" },
    { "aaaa", "\xc3""\xb6""", "oe", 2, "aaaa" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", "", -1, "aaaa" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", "", 0, "aaaa" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", "", 1, "aaaa" },
    { "aaaa", "\xf0""\x9f""\x98""\x80""", "", 2, "aaaa" },
    { "aaaa", "l", "L", -1, "aaaa" },
    { "aaaa", "l", "L", 0, "aaaa" },
    { "aaaa", "l", "L", 1, "aaaa" },
    { "aaaa", "l", "L", 2, "aaaa" },
    { "aaaa", "zz", "q", -1, "aaaa" },
    { "aaaa", "zz", "q", 0, "aaaa" },
    { "aaaa", "zz", "q", 1, "aaaa" },
    { "aaaa", "zz", "q", 2, "aaaa" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "", "-", -1, "-h-\xc3""\xa9""-l-l-o- -w-\xc3""\xb6""-r-l-d-" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "", "-", 0, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "", "-", 1, "-h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "", "-", 2, "-h-\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", "xy", -1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", "xy", 0, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", "xy", 1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "a", "xy", 2, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", "b", -1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", "b", 0, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", "b", 1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "aa", "b", 2, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xb6""", "oe", -1, "h\xc3""\xa9""llo woerld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xb6""", "oe", 0, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xb6""", "oe", 1, "h\xc3""\xa9""llo woerld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xc3""\xb6""", "oe", 2, "h\xc3""\xa9""llo woerld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", "", -1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", "", 0, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", "", 1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""", "", 2, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "l", "L", -1, "h\xc3""\xa9""LLo w\xc3""\xb6""rLd" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "l", "L", 0, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "l", "L", 1, "h\xc3""\xa9""Llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "l", "L", 2, "h\xc3""\xa9""LLo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "zz", "q", -1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "zz", "q", 0, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "zz", "q", 1, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "zz", "q", 2, "h\xc3""\xa9""llo w\xc3""\xb6""rld" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "", "-", -1, "-a-\xf0""\x9f""\x98""\x80""-b-\xf0""\x9f""\x98""\x80""-c-" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "", "-", 0, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "", "-", 1, "-a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "", "-", 2, "-a-\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "a", "xy", -1, "xy\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "a", "xy", 0, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "a", "xy", 1, "xy\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "a", "xy", 2, "xy\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "aa", "b", -1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "aa", "b", 0, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "aa", "b", 1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "aa", "b", 2, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xc3""\xb6""", "oe", -1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xc3""\xb6""", "oe", 0, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xc3""\xb6""", "oe", 1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xc3""\xb6""", "oe", 2, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xf0""\x9f""\x98""\x80""", "", -1, "abc" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xf0""\x9f""\x98""\x80""", "", 0, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xf0""\x9f""\x98""\x80""", "", 1, "ab\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xf0""\x9f""\x98""\x80""", "", 2, "abc" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "l", "L", -1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "l", "L", 0, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "l", "L", 1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "l", "L", 2, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "zz", "q", -1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "zz", "q", 0, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "zz", "q", 1, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "zz", "q", 2, "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c" },
};
static const strip_case strip_cases[] = {
    { "", NULL, "" },
    { "", "x", "" },
    { "", "\xc3""\xa9""\xf0""\x9f""\x98""\x80""", "" },
    { "", "ab ", "" },
    { "", "", "" },
    { "  ", NULL, "" },
    { "  ", "x", "  " },
    { "  ", "\xc3""\xa9""\xf0""\x9f""\x98""\x80""", "  " },
    { "  ", "ab ", "" },
    { "  ", "", "  " },
    { " a ", NULL, "a" },
    { " a ", "x", " a " },
    { " a ", "\xc3""\xa9""\xf0""\x9f""\x98""\x80""", " a " },
    { " a ", "ab ", "" },
    { " a ", "", " a " },
    { "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""", NULL, "x y" },
    { "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""", "x", "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""" },
    { "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""", "\xc3""\xa9""\xf0""\x9f""\x98""\x80""", "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""" },
    { "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""", "ab ", "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""" },
    { "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""", "", "\xe3""\x80""\x80""\xe2""\x80""\xa9"" x y \x1f""" },
    { "xxaxx", NULL, "xxaxx" },
    { "xxaxx", "x", "a" },
    { "xxaxx", "\xc3""\xa9""\xf0""\x9f""\x98""\x80""", "xxaxx" },
    { "xxaxx", "ab ", "xxaxx" },
    { "xxaxx", "", "xxaxx" },
    { "\xc3""\xa9""a\xc3""\xa9""", NULL, "\xc3""\xa9""a\xc3""\xa9""" },
    { "\xc3""\xa9""a\xc3""\xa9""", "x", "\xc3""\xa9""a\xc3""\xa9""" },
    { "\xc3""\xa9""a\xc3""\xa9""", "\xc3""\xa9""\xf0""\x9f""\x98""\x80""", "a" },
    { "\xc3""\xa9""a\xc3""\xa9""", "ab ", "\xc3""\xa9""a\xc3""\xa9""" },
    { "\xc3""\xa9""a\xc3""\xa9""", "", "\xc3""\xa9""a\xc3""\xa9""" },
    { "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""", NULL, "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""" },
    { "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""", "x", "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""" },
    { "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""", "\xc3""\xa9""\xf0""\x9f""\x98""\x80""", "a\xf0""\x9f""\x98""\x80""b" },
    { "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""", "ab ", "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""" },
    { "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""", "", "\xf0""\x9f""\x98""\x80""a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""" },
};
static const find_case find_cases[] = {
    { "", "", 0 },
    { "", "b", -1 },
    { "", "w\xc3""\xb6""", -1 },
    { "", "\xf0""\x9f""\x98""\x80""c", -1 },
    { "", "c", -1 },
    { "", "zz", -1 },
    { "", "h\xc3""\xa9""llo w\xc3""\xb6""rld!", -1 },
    { "abc", "", 0 },
    { "abc", "b", 1 },
    { "abc", "w\xc3""\xb6""", -1 },
    { "abc", "\xf0""\x9f""\x98""\x80""c", -1 },
    { "abc", "c", 2 },
    { "abc", "zz", -1 },
    { "abc", "h\xc3""\xa9""llo w\xc3""\xb6""rld!", -1 },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "", 0 },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "b", -1 },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "w\xc3""\xb6""", 6 },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "\xf0""\x9f""\x98""\x80""c", -1 },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "c", -1 },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "zz", -1 },
    { "h\xc3""\xa9""llo w\xc3""\xb6""rld", "h\xc3""\xa9""llo w\xc3""\xb6""rld!", -1 },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "", 0 },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "b", 2 },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "w\xc3""\xb6""", -1 },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "\xf0""\x9f""\x98""\x80""c", 3 },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "c", 4 },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "zz", -1 },
    { "a\xf0""\x9f""\x98""\x80""b\xf0""\x9f""\x98""\x80""c", "h\xc3""\xa9""llo w\xc3""\xb6""rld!", -1 },
};

/* rco's str of a C string, checked to count its code points right. */
static rco_object *str(const char *text)
{
    rco_object *s = rco_str(text);
    assert_non_null(s);
    return s;
}

static void assert_valid_str(rco_object *s)
{
    /* the length each operation computed is the one rco_str computes */
    rco_object *again = rco_str_n(rco_str_utf8(s), (size_t)rco_str_size(s));
    assert_int_equal(rco_len(s), rco_len(again));
    rco_decref(again);
}

static void split_cuts_where_python_cuts(void **state)
{
    for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
        const split_case *c = &split_cases[i];
        rco_object *s = str(c->text), *sep = c->sep ? str(c->sep) : NULL;
        rco_object *parts = rco_str_split(s, sep, c->maxsplit);
        assert_non_null(parts);
        assert_repr(parts, c->expected);
        for (ssize_t k = 0; k < rco_len(parts); k++)
            assert_valid_str(rco_list_get(parts, (size_t)k));
        rco_decref(parts);
        rco_decref(s);
        if (sep)
            rco_decref(sep);
    }
}

static void replace_replaces_what_python_replaces(void **state)
{
    for (size_t i = 0; i < sizeof replace_cases / sizeof replace_cases[0]; i++) {
        const replace_case *c = &replace_cases[i];
        rco_object *s = str(c->text), *old = str(c->old), *new_ = str(c->new_);
        rco_object *r = rco_str_replace(s, old, new_, c->count);
        assert_non_null(r);
        assert_string_equal(rco_str_utf8(r), c->expected);
        assert_valid_str(r);
        rco_decref(r);
        rco_decref(s);
        rco_decref(old);
        rco_decref(new_);
    }
}

static void strip_cuts_both_ends(void **state)
{
    for (size_t i = 0; i < sizeof strip_cases / sizeof strip_cases[0]; i++) {
        const strip_case *c = &strip_cases[i];
        rco_object *s = str(c->text), *chars = c->chars ? str(c->chars) : NULL;
        rco_object *r = rco_str_strip(s, chars);
        assert_non_null(r);
        assert_string_equal(rco_str_utf8(r), c->expected);
        assert_valid_str(r);
        rco_decref(r);
        rco_decref(s);
        if (chars)
            rco_decref(chars);
    }
}

static void find_counts_code_points(void **state)
{
    for (size_t i = 0; i < sizeof find_cases / sizeof find_cases[0]; i++) {
        const find_case *c = &find_cases[i];
        rco_object *s = str(c->text), *sub = str(c->sub);
        rco_err_clear();
        assert_int_equal(rco_str_find(s, sub), c->expected);
        assert_int_equal(rco_err_occurred(), RCO_ERR_NONE);
        rco_decref(s);
        rco_decref(sub);
    }
}

static void join_puts_the_separator_between(void **state)
{
    rco_object *dash = str("-"), *items = rco_build("[sss]", "a", "\xc3\xa9", "\xf0\x9f\x98\x80"), *r;
    r = rco_str_join(dash, items);
    assert_string_equal(rco_str_utf8(r), "a-\xc3\xa9-\xf0\x9f\x98\x80");
    assert_int_equal(rco_len(r), 5);
    rco_decref(r);
    rco_object *nothing = str(""), *empty = rco_list_new(0), *text = str("abc");
    r = rco_str_join(nothing, empty);
    assert_string_equal(rco_str_utf8(r), "");
    rco_decref(r);
    r = rco_str_join(dash, text); /* any iterable: a str's characters */
    assert_string_equal(rco_str_utf8(r), "a-b-c");
    rco_decref(r);
    rco_object *one = rco_build("[O]", text);
    r = rco_str_join(dash, one);
    assert_ptr_equal(r, text); /* one item: that str itself, as CPython */
    rco_decref(r);
    rco_decref(one); rco_decref(text); rco_decref(empty); rco_decref(nothing); rco_decref(items); rco_decref(dash);
}

static void unchanged_results_are_the_str_itself(void **state)
{
    rco_object *s = str("abc"), *comma = str(","), *z = str("z"), *y = str("y"), *r;
    rco_object *parts = rco_str_split(s, comma, -1);
    assert_ptr_equal(rco_list_get(parts, 0), s);
    rco_decref(parts);
    parts = rco_str_split(s, NULL, -1);
    assert_ptr_equal(rco_list_get(parts, 0), s);
    rco_decref(parts);
    assert_ptr_equal(r = rco_str_replace(s, z, y, -1), s);
    rco_decref(r);
    assert_ptr_equal(r = rco_str_replace(s, s, y, 0), s);
    rco_decref(r);
    assert_ptr_equal(r = rco_str_strip(s, NULL), s);
    rco_decref(r);
    rco_decref(s); rco_decref(comma); rco_decref(z); rco_decref(y);
}

static void wrong_types_are_pythons_errors(void **state)
{
    rco_object *s = str("a"), *nothing = str(""), *one = rco_int(1), *mixed = rco_build("[si]", "a", 1);
    assert_null(rco_str_join(s, mixed));
    assert_string_equal(rco_err_message(), "sequence item 1: expected str instance, int found");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_join(s, one));
    assert_string_equal(rco_err_message(), "can only join an iterable");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_split(s, nothing, -1));
    assert_string_equal(rco_err_message(), "empty separator");
    assert_error(RCO_ERR_VALUE);
    assert_null(rco_str_split(s, one, -1));
    assert_string_equal(rco_err_message(), "must be str or None, not int");
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_str_find(s, one), -1);
    assert_string_equal(rco_err_message(), "must be str, not int");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_replace(s, s, one, -1));
    assert_string_equal(rco_err_message(), "replace() argument 2 must be str, not int");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_replace(s, one, s, -1));
    assert_string_equal(rco_err_message(), "replace() argument 1 must be str, not int");
    assert_error(RCO_ERR_TYPE);
    assert_null(rco_str_strip(s, one));
    assert_string_equal(rco_err_message(), "strip arg must be None or str");
    assert_error(RCO_ERR_TYPE);
    rco_object *functions_on_a_non_str[] = { rco_str_join(one, mixed), rco_str_split(one, NULL, -1),
                                             rco_str_replace(one, s, s, 1), rco_str_strip(NULL, NULL) };
    for (int i = 0; i < 4; i++)
        assert_null(functions_on_a_non_str[i]);
    assert_error(RCO_ERR_TYPE);
    assert_int_equal(rco_str_find(NULL, s), -1);
    assert_error(RCO_ERR_TYPE);
    rco_decref(s); rco_decref(nothing); rco_decref(mixed);
}

/* ---- allocation failure -------------------------------------------------- */

static int str_workload(world *w)
{
    rco_object *text, *words, *sep, *joined, *r, *old, *new_, *chars;
    NEW(w, text, rco_str("  the qu\xc3\xaf" "ck br\xc3\xb6wn fox, the lazy dog; the end.  "));
    NEW(w, words, rco_str_split(text, NULL, -1));
    NEW(w, sep, rco_str(" \xe2\x80\xa2 "));
    NEW(w, joined, rco_str_join(sep, words));
    NEW(w, old, rco_str("the"));
    NEW(w, new_, rco_str("\xc3\xbe\xc3\xa9"));
    NEW(w, r, rco_str_replace(joined, old, new_, -1));
    NEW(w, r, rco_str_replace(joined, sep, new_, 2));
    NEW(w, r, rco_str_split(joined, sep, 3));
    NEW(w, chars, rco_str(" .e"));
    NEW(w, r, rco_str_strip(text, chars));
    NEW(w, r, rco_str_strip(text, NULL));
    DO(w, rco_str_find(joined, old));
    assert_int_equal(rco_len(words), 9);
    return 0;
}

static void str_operations_survive_allocation_failure_anywhere(void **state)
{
    sweep_all_modes("str operations", str_workload);
}

int main(void)
{
    (void)let_go;
    const struct CMUnitTest tests[] = {
        RCO_TEST(split_cuts_where_python_cuts),
        RCO_TEST(replace_replaces_what_python_replaces),
        RCO_TEST(strip_cuts_both_ends),
        RCO_TEST(find_counts_code_points),
        RCO_TEST(join_puts_the_separator_between),
        RCO_TEST(unchanged_results_are_the_str_itself),
        RCO_TEST(wrong_types_are_pythons_errors),
        RCO_TEST(str_operations_survive_allocation_failure_anywhere),
    };
    RCO_RUN_TESTS(tests);
}
