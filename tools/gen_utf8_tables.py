#!/usr/bin/env python3
"""Derive the three 16-entry tables of src/text/json_load.c's SSSE3 UTF-8
validator, and check the scheme against Python's decoder.

    python3 tools/gen_utf8_tables.py

For each byte and the byte before it, the validator looks up the previous
byte's high nibble, its low nibble and the byte's high nibble, and ANDs the
three masks: each bit that survives is an error of one kind. That works when
every kind is a product of one set of values per nibble, which the kinds
below are (two share bit 6: their union is a product too). A continuation
after a continuation (TWO_CONTS) is an error unless the byte two back leads
a 3-byte sequence or the byte three back a 4-byte one: the validator xors
that requirement in. Zeros follow the text, so that a cut sequence shows.
"""
import itertools
import random

ALL = set(range(16))
CONT = {8, 9, 10, 11}
KINDS = {  # name: (bit, previous byte's high nibbles, its low nibbles, this byte's high nibbles)
    'TOO_SHORT': (0, {12, 13, 14, 15}, ALL, ALL - CONT),   # lead, then no continuation
    'TOO_LONG': (1, set(range(8)), ALL, CONT),             # ASCII, then a continuation
    'OVERLONG_3': (2, {14}, {0}, {8, 9}),                  # E0, then 80-9F
    'TOO_LARGE': (3, {15}, set(range(4, 16)), {9, 10, 11}),  # F4-FF, then 90-BF
    'SURROGATE': (4, {14}, {13}, {10, 11}),                # ED, then A0-BF
    'OVERLONG_2': (5, {12}, {0, 1}, ALL),                  # C0, C1
    'TOO_LARGE_1000': (6, {15}, set(range(5, 16)), {8}),   # F5-FF, then 80-8F
    'OVERLONG_4': (6, {15}, {0}, {8}),                     # F0, then 80-8F
    'TWO_CONTS': (7, CONT, ALL, CONT),
}


def tables():
    by_prev_high, by_prev_low, by_high = [0] * 16, [0] * 16, [0] * 16
    for bit, prev_high, prev_low, high in KINDS.values():
        for v in prev_high:
            by_prev_high[v] |= 1 << bit
        for v in prev_low:
            by_prev_low[v] |= 1 << bit
        for v in high:
            by_high[v] |= 1 << bit
    return by_prev_high, by_prev_low, by_high


def valid_by_tables(text, t):
    data = list(text) + [0] * 16
    errors = 0
    for i, c in enumerate(data):
        p1, p2, p3 = (data[i - k] if i >= k else 0 for k in (1, 2, 3))
        found = t[0][p1 >> 4] & t[1][p1 & 15] & t[2][c >> 4]
        errors |= found ^ (0x80 if p2 >= 0xE0 or p3 >= 0xF0 else 0)
    return errors == 0


def valid_by_python(text):
    try:
        text.decode('utf-8')
        return True
    except UnicodeDecodeError:
        return False


def main():
    t = tables()
    for bit in range(8):  # each bit is exactly the union of its kinds
        kinds = [k for k in KINDS.values() if k[0] == bit]
        for a in range(256):
            for c in range(256):
                got = bool(t[0][a >> 4] & t[1][a & 15] & t[2][c >> 4] & (1 << bit))
                want = any(a >> 4 in k[1] and a & 15 in k[2] and c >> 4 in k[3] for k in kinds)
                assert got == want, (bit, a, c)
    edges = [0, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
             0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff]
    for n in range(1, 5):
        for text in itertools.product(edges, repeat=n):
            b = bytes(text)
            assert valid_by_tables(b, t) == valid_by_python(b), b
    rng = random.Random(3)
    for _ in range(20000):
        b = bytes(rng.choice(edges + list(range(256))) for _ in range(rng.randint(0, 12)))
        assert valid_by_tables(b, t) == valid_by_python(b), b
    for name, table in zip(('by_prev_high', 'by_prev_low', 'by_high'), t):
        print(name, ', '.join('0x%02X' % v for v in table))


if __name__ == '__main__':
    main()
