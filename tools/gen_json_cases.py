#!/usr/bin/env python3
"""Write tests/json_cases.inc: what Python 3.11's json and ast modules do
with each case, for tests/test_json.c and tests/test_parse.c to hold rco to.

    python3 tools/gen_json_cases.py > tests/json_cases.inc

Loads: a text (bytes) and either the repr of json.loads(text.decode()) or
the error Python raises (the decoder's for invalid UTF-8, else json's).
Cases where rco differs on purpose (lone surrogates, ints past int64,
nesting past Python's recursion limit) are not here: test_json.c pins them.
Dumps: a Python literal (which rco_parse reads) and json.dumps of it under
each flag combination rco has. Parses: a literal and repr(literal_eval()).
"""
import ast
import json
import math
import sys

assert sys.version_info[:2] == (3, 11), "the spec is Python 3.11"

INT64 = range(-2**63, 2**63)


def c_bytes(b):
    """A C string literal of the bytes b (octal escapes: never ambiguous)."""
    out = []
    for c in b:
        if 32 <= c < 127 and chr(c) not in '"\\?':
            out.append(chr(c))
        else:
            out.append('\\%03o' % c)
    return '"' + ''.join(out) + '"'


def c_text(s):
    return c_bytes(s.encode('utf-8'))


def fits(v):
    """No int outside int64 and no lone surrogate anywhere in v."""
    if isinstance(v, bool) or v is None or isinstance(v, float):
        return True
    if isinstance(v, int):
        return v in INT64
    if isinstance(v, str):
        return not any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, list):
        return all(fits(x) for x in v)
    if isinstance(v, dict):
        return all(fits(k) and fits(x) for k, x in v.items())
    raise TypeError(v)


LOADS = [
    # values
    '0', '-0', '1', '-1', '42', '9223372036854775807', '-9223372036854775808',
    '0.0', '-0.0', '1.5', '-2.25e3', '1e5', '1E5', '1e+5', '1e-5', '0.1', '123.456e-7',
    '1e308', '1e309', '1e400', '-1e400', '1e-400', '4.9e-324', '2.2250738585072014e-308',
    '1.7976931348623157e308', '0.30000000000000004', '3.141592653589793238462643383279',
    '123456789012345678901234567890.5', '1' + '0' * 400 + '.0', '0.' + '0' * 400 + '1',
    '9007199254740993.0', '1e0000000000000000000000001', '1e-99999999999999999999',
    'NaN', 'Infinity', '-Infinity', 'true', 'false', 'null',
    '""', '"abc"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u0000"', '"\\u00e9\\u00E9"',
    '"\\u20ac"', '"\\ud834\\udd1e"', '"\\uD834\\uDD1E"', '"é€𝄞"', '"a\x7f"',
    '"\\ud834\\udd1e\\u0041"', '"x\\u0041y"',
    '[]', '[ ]', '{}', '{ }', '[1,2,3]', '[1, [2, [3, []]]]', '{"a": 1, "b": [true, null]}',
    '{"a":1,"a":2,"b":3}', '{"": ""}', '  \t\n\r[1]\n\t ', '[\n  1,\n  2\n]',
    '{"k": {"k": {"k": {}}}}', '[[[[[[[[[[]]]]]]]]]]', '[1.0, -0.5, 1e-7, 12345678.9]',
    '{"é": "é", "𝄞": [1]}', '"' + 'x' * 100 + '\\n' + 'é' * 50 + '"',
    '"' + 'a' * 15 + '"', '"' + 'a' * 16 + '"', '"' + 'a' * 17 + '\\t"',
    # errors json reports
    '', ' ', '  ', '[', '[1', '[1,', '[1,]', '[,1]', '{', '{"a"', '{"a":', '{"a":1', '{"a":1,',
    '{"a":1,}', '{1:2}', "{'a':1}", '{"a" 1}', '{"a":1 "b":2}', '[1 2]', '[1}', '{"a":1]',
    '"abc', '"\\', '"\\x"', '"\\a"', '"\\U0001d11e"', '"\\u12"', '"\\u123"', '"\\u1234',
    '"\\u12g4"', '"\\ud800\\u12g4"', '"\\ud800\\u"', '"\\ud800\\', '"\\ud800\\x"',
    '"a\x01"', '"a\nb"', '"a\tb"', '"\x00"', '01', '[01]', '00', '1.', '.5', '1.e5', '1e',
    '1e+', '1e-', '-', '-x', '--1', '+1', '- 1', 'nul', 'nulll', 'True', 'tru', 'NaNx',
    '-NaN', 'nan', 'inf', '-Inf', 'Infinit', '\ufeff1', '\ufeff', '[1]x', '1 2', '[1\n,\n2 x]',
    'é', '"é" x', '[1,\n  2,\n  ]', '\x0c1', '\v1', '1\x0c', '[1,\u00a02]', '[\u20281]',
    '{"a":1}}', '[[]]]', '"\\u00e9" "x"', '[1, "é", 3 4]', '{"é": 1 "b"}',
]

INVALID_UTF8 = [
    b'\xff', b'"\xff"', b'[1, "a\x80"]', b'"\xc0\x80"', b'"\xc2"', b'"\xc2x"', b'"\xe2\x82"',
    b'"\xe2\x82x"', b'"\xe0\x80\x80"', b'"\xed\xa0\x80"', b'"\xf0\x90\x80"',
    b'"\xf4\x90\x80\x80"', b'"\xf5\x80"', b'[1, 2] \xff', b'[1 2] "\xff"', b'\xe2\x82',
    b'{"\xe9": 1}', b'"\xe9t\xe9"', b'"ok" \xc3', b'"\\ud800" \xff',
]

DUMPS = [
    "None", "True", "False", "0", "-1", "9223372036854775807", "-9223372036854775808",
    "0.0", "-0.0", "1.0", "0.1", "1e16", "1e-05", "1.5e-07", "123456789.123", "1e+22",
    "5e-324", "1.7976931348623157e+308", "2.5", "0.30000000000000004", "100.0",
    "float('nan')", "float('inf')", "-float('inf')", "1/3", "2/3", "1e15", "123456789012345.6",
    "''", "'abc'", "'\"\\\\/\\b\\f\\n\\r\\t'", "'\\x00\\x01\\x1f\\x7f'", "'é€𝄞'",
    "'a' * 40 + 'é' + 'b' * 20 + '\\n'", "'\\u2028\\u2029\\ufeff'",
    "[]", "{}", "()", "[[]]", "[{}]", "{'a': []}", "{'a': {}}", "(1,)", "(1, (2, [3]))",
    "[1, 'a', 2.5, None, True, False]", "{'b': 1, 'a': 2, 'c': [3, {'z': None, 'y': ()}]}",
    "{1: 'int', 2.5: 'float', True: 'bool', None: 'none', False: 'false'}",
    "{float('nan'): 1, float('inf'): 2, -float('inf'): 3}", "{-1: 1, 10: 2, 2: 3}",
    "{'é': 'é', 'a': '𝄞'}", "{'b': 1, 'a': 2, 'B': 3, 'é': 4, '': 5}",
    "{3: 'c', 1.5: 'b', True: 'a', 2: 'd'}", "[[1, [2, [3, [4]]]], {'k': [{'x': 1}]}]",
    "{'list': [1, 2], 'empty': [], 'nested': {'a': {'b': {}}}}",
    # errors
    "{1, 2}", "b'x'", "[set()]", "{(1, 2): 3}", "{b'x': 1}", "{'a': 1, 2: 2}", "{1: 1, 'a': 2}",
    "{'a': 1, 'b': 2, 3: 3}", "{'a': 1, None: 2}", "[1, [b'']]", "{'a': {'b': {1, 2}}}",
]

# (C flags expression, json.dumps keyword arguments)
FLAGS = [
    ('0', {}),
    ('RCO_JSON_SORT_KEYS', {'sort_keys': True}),
    ('RCO_JSON_COMPACT', {'separators': (',', ':')}),
    ('RCO_JSON_UTF8', {'ensure_ascii': False}),
    ('RCO_JSON_INDENT(2)', {'indent': 2}),
    ('RCO_JSON_INDENT(0)', {'indent': 0}),
    ('RCO_JSON_COMPACT | RCO_JSON_INDENT(1)', {'separators': (',', ':'), 'indent': 1}),
    ('RCO_JSON_SORT_KEYS | RCO_JSON_UTF8 | RCO_JSON_INDENT(4)',
     {'sort_keys': True, 'ensure_ascii': False, 'indent': 4}),
    ('RCO_JSON_INDENT(31) | RCO_JSON_COMPACT | RCO_JSON_SORT_KEYS',
     {'indent': 31, 'separators': (',', ':'), 'sort_keys': True}),
]

PARSES = [
    "0", "-5", "+5", "- 5", "1_000", "0x1F", "0o17", "0b101", "0X_ff", "00", "1.5", ".5", "5.",
    "1e5", "1E-5", "1_0.5e1_0", "-0.0", "1e309", "'a'", '"a"', "'it\\'s'", '"q\\""', "'\\x41'",
    "'\\101\\0'", "'\\u00e9'", "'\\U0001d11e'", "'\\a\\b\\f\\n\\r\\t\\v'", "'\\q'", "'a\\\nb'",
    "'é𝄞'", "b''", "b'\\x00\\xff'", "b'\\n\\'\"'", "B\"x\"", "b'\\u1234'", "b'\\377'",
    "()", "(1,)", "(1, 2)", "(1)", "((1))", "((), ((),))", "[]", "[1, 2,]", "[ 1 , [ 2 ] ]",
    "{}", "{1: 2}", "{1: 2,}", "{'a': [1, (2, 3)], (1, 'b'): None}", "{1}", "{1, 2, 2}",
    "set()", "set( )", "None", "True", "False", "[True, False, None]", "{1: 2, 1: 3}",
    "{1: 'a', 1.0: 'b', True: 'c'}", "(-1, +2, -3.5)", "  [1]  ", "\n[\n1,\n2\n]\n",
    "9223372036854775807", "-9223372036854775808", "1.7976931348623157e+308", "5e-324",
]


def loads_entry(text):
    b = text.encode('utf-8') if isinstance(text, str) else text
    try:
        s = b.decode('utf-8')
    except UnicodeDecodeError as e:
        return b, 'RCO_ERR_VALUE', str(e)
    try:
        v = json.loads(s)
    except json.JSONDecodeError as e:
        return b, 'RCO_ERR_VALUE', str(e)
    assert fits(v), text
    return b, 'RCO_ERR_NONE', repr(v)


def dumps_entry(literal, kwargs):
    v = eval(literal)  # our own table
    try:
        return 'RCO_ERR_NONE', json.dumps(v, **kwargs)
    except TypeError as e:
        return 'RCO_ERR_TYPE', str(e)
    except ValueError as e:
        return 'RCO_ERR_VALUE', str(e)


def main():
    w = sys.stdout.write
    w('/* Generated by tools/gen_json_cases.py from Python %s: do not edit. */\n\n'
      % sys.version.split()[0])
    w('static const struct load_case {\n    const char *text;\n    size_t size;\n'
      '    rco_errkind error;\n    const char *expected; /* repr, or the message */\n'
      '} load_cases[] = {\n')
    for t in LOADS + INVALID_UTF8:
        b, err, expected = loads_entry(t)
        w('    { %s, %d, %s, %s },\n' % (c_bytes(b), len(b), err, c_text(expected)))
    w('};\n\n')
    w('static const struct dump_case {\n    const char *literal; /* rco_parse reads it */\n'
      '    int flags;\n    rco_errkind error;\n    const char *expected;\n} dump_cases[] = {\n')
    for lit in DUMPS:
        text = repr(eval(lit))
        for cflags, kwargs in FLAGS:
            err, expected = dumps_entry(lit, kwargs)
            w('    { %s, %s, %s, %s },\n' % (c_text(text), cflags, err, c_text(expected)))
    w('};\n\n')
    w('static const struct parse_case {\n    const char *text;\n'
      '    const char *expected; /* repr(ast.literal_eval(text)) */\n} parse_cases[] = {\n')
    for t in PARSES:
        v = ast.literal_eval(t)
        w('    { %s, %s },\n' % (c_text(t), c_text(repr(v))))
    w('};\n')


if __name__ == '__main__':
    main()
