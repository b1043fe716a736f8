#!/usr/bin/env python3
"""Write the seed corpora of fuzz_ops (and fuzz_diff) from readable recipes.

    python3 fuzz/seeds.py            # rewrites fuzz/corpus/fuzz_ops/* and fuzz/corpus/fuzz_diff/*

An input is a program of one byte per operation followed by its operands.
Operation numbers are read from the `operations[]` table of each harness,
so the recipes stay right when the table changes; operand layouts follow
the harness's reading order and must change with it.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def op_table(source):
    text = open(os.path.join(HERE, source)).read()
    body = re.search(r"operations\[\]\s*=\s*\{(.*?)\};", text, re.S).group(1)
    names = [n.strip() for n in body.replace("\n", " ").split(",") if n.strip()]
    table = {}
    for i, name in enumerate(names):
        table.setdefault(name, i)
    return table


# ---------------------------------------------------------------- fuzz_ops

OPS = op_table("fuzz_ops.c")
ACTS = ["none", "dict_set", "dict_del", "dict_get", "dict_clear", "set_add", "set_discard",
        "list_append", "list_del", "list_clear", "release", "adopt_self", "weakref_self",
        "weakref", "collect", "repr", "shutdown"]
UNIVERSE = 20  # key specs below this are universe keys; UNIVERSE + s is slot s


def act(kind, a=0, b=0, k=0):
    return [ACTS.index(kind), a, b, k]


def script(*actions):
    out = [len(actions)]
    for a in actions:
        out += a
    return out


def op(name, *operands):
    out = [OPS["op_" + name]]
    for x in operands:
        out += x if isinstance(x, list) else [x]
    return out


def slot_key(s):
    return UNIVERSE + s


# layouts (see each op_ function in fuzz_ops.c)
def new_int(slot, value): return op("new_int", slot, value)
def new_text(slot, pick): return op("new_text", slot, pick)
def new_list(slot, n=0): return op("new_container", slot, 0, n)
def new_tuple(slot, n): return op("new_container", slot, 1, n)
def new_dict(slot): return op("new_container", slot, 2, 0)
def new_set(slot): return op("new_container", slot, 3, 0)
def new_class(slot, kind): return op("new_class", slot, kind, 1)
def new_instance(slot, cls, scr=None): return op("new_instance", slot, cls, *([scr] if scr else []))
def new_probe(slot, kind, scr=None): return op("new_probe", slot, kind, *([scr] if scr else []))
def new_hostile(slot, eq_class, faults=0, scr=None): return op("new_hostile", slot, eq_class, faults, scr or [0])
def probe_link(i, field, j): return op("probe_link", i, field, j)
def append(l, x): return op("list_append_insert", l, x, 0, 0)
def insert(l, x, at): return op("list_append_insert", l, x, 2, at)
def list_set(l, x, at): return op("list_set", l, x, at, 0)
def pop(l, to, at): return op("list_remove", l, to, 0, at)
def list_clear(l): return op("list_remove", l, 0, 2, 0)
def get(l, to, at): return op("sequence_get", l, to, at)
def tuple_set(t, x, at): return op("tuple_set", t, x, at, 1)
def tuple_pack(to, a, b): return op("tuple_pack", to, a, b)
def dict_set(d, key, v, how=0): return op("dict_set", d, v, key, how)
def dict_get(d, key, to): return op("dict_read", d, to, key, 0)
def dict_contains(d, key): return op("dict_read", d, 0, key, 1)
def dict_del(d, key): return op("dict_read", d, 0, key, 2)
def dict_clear(d): return op("dict_read", d, 0, 0, 3)
def iterate(d, action, when): return op("iterate", d, action, when)
def set_add(s, key): return op("set_ops", s, key, 0)
def set_contains(s, key): return op("set_ops", s, key, 1)
def set_discard(s, key): return op("set_ops", s, key, 2)
def setattr_(o, v, name): return op("attr", o, v, name, 0)
def getattr_(o, v, name): return op("attr", o, v, name, 1)
def weakref(t, to, scr=None): return op("weakref", t, to, 0, scr or [0])
def weakref_get(t, to): return op("weakref", t, to, 1)
def drop(i): return op("drop_dup", i, 0, 1)
def dup(i, j): return op("drop_dup", i, j, 0)
def collect(gen=-1): return op("collect", gen + 1)
def threshold(t0_index, t1, t2): return op("gc_settings", 0, t0_index, t1, t2)
def freeze(): return op("gc_settings", 1)
def unfreeze(): return op("gc_settings", 2)
def toggle_gc(): return op("gc_settings", 3)
def toggle_saveall(): return op("gc_settings", 4)
def toggle_resurrection(): return op("gc_settings", 5)
def fail_alloc(nth, persistent=False): return op("fail_alloc", 3 if persistent else 1, nth - 1)
def no_fail(): return op("fail_alloc", 0, 0)
def build(to, a, b): return op("build", to, a, b)
def repr_(a): return op("read", a, 0, 0)
def equal(a, b): return op("read", a, b, 1)
def hash_(a): return op("read", a, 0, 2)
def referents(a): return op("read", a, 0, 3)
def unpack(a): return op("read", a, 0, 4)
def top_act(action): return op("act", action)
def shutdown(): return op("shutdown", 0)


def seq(*parts):
    out = []
    for p in parts:
        out += p
    return bytes(out)


OPS_SEEDS = {
    # The scenarios of the first corpus, in today's layout.
    "tuple_cycle_filled_after_creation": seq(new_tuple(0, 1), new_tuple(1, 1), tuple_set(0, 1, 0),
                                             tuple_set(1, 0, 0)),
    "class_held_through_instance_dict": seq(new_class(0, 0), new_instance(1, 0), setattr_(1, 0, 0),
                                            drop(0), drop(1), collect()),
    "list_cycle": seq(new_list(0), append(0, 0), new_list(1), append(1, 0), drop(0), drop(1), collect()),
    "probe_cycles": seq(new_probe(0, 1), new_probe(1, 2), new_probe(2, 0), probe_link(0, 0, 1),
                        probe_link(1, 0, 2), probe_link(2, 0, 0), drop(0), drop(1), drop(2), collect()),
    "dicts_sets": seq(new_dict(0), new_set(1), dict_set(0, 0, 0), dict_set(0, 16, 0), dict_set(0, 9, 1, 2),
                      dict_get(0, 16, 3), dict_del(0, 8), set_add(1, 3), set_add(1, 19), set_discard(1, 3),
                      iterate(0, [0, 0, 0, 0], 0), dict_clear(0)),
    "instances": seq(new_class(0, 1), new_class(1, 3), new_instance(2, 0), new_instance(3, 1),
                     setattr_(2, 3, 0), setattr_(3, 2, 1), drop(2), drop(3), collect(), getattr_(0, 4, 0)),
    "failures": seq(new_list(0), fail_alloc(1), append(0, 0), fail_alloc(2, True), new_dict(1),
                    dict_set(1, 0, 0), no_fail(), new_dict(1), dict_set(1, 0, 0)),
    "gc_settings": seq(threshold(1, 1, 1), new_list(0), append(0, 0), drop(0), freeze(), new_list(0),
                       append(0, 0), drop(0), unfreeze(), toggle_saveall(), collect(), toggle_saveall(),
                       toggle_gc(), collect(0), toggle_gc()),

    # Hostile keys. Class 0 hashes as the int 1000 (key 0); classes 0 and 1 collide.
    "equal_deletes_itself_during_get": seq(
        new_dict(0), new_hostile(1, 0, 0, script(act("none"), act("dict_del", 0, 0, slot_key(1)))),
        new_int(2, 1), dict_set(0, slot_key(1), 2), dict_set(0, 1, 2), drop(1),
        dict_get(0, 0, 3), dict_contains(0, 0)),
    # The known bug's pattern: A's deletion leaves a dummy ahead of B; while
    # the insertion of the int 1000 compares with B, B's equal inserts X
    # (unequal to both) into that dummy, which the insertion then writes
    # over: X is still iterated but no lookup finds it.
    "equal_inserts_during_insert": seq(
        new_dict(0), new_int(3, 1), new_hostile(1, 0), new_hostile(5, 0),
        new_hostile(2, 1, 0, script(act("none"), act("dict_set", 0, 3, slot_key(5)))),
        dict_set(0, slot_key(1), 3), dict_set(0, slot_key(2), 3), dict_del(0, slot_key(1)), dict_set(0, 0, 3),
        dict_get(0, slot_key(5), 4)),
    "equal_inserts_during_contains": seq(
        new_dict(0), new_int(2, 1), new_hostile(1, 0, 0, script(act("dict_set", 0, 2, 5), act("dict_set", 0, 2, 6))),
        dict_set(0, slot_key(1), 2), dict_contains(0, 0), dict_contains(0, 0), dict_get(0, 5, 4)),
    "equal_clears_other_dict": seq(
        new_dict(0), new_dict(3), new_int(2, 1), dict_set(3, 1, 2), dict_set(3, 2, 2),
        new_hostile(1, 0, 0, script(act("none"), act("dict_clear", 3), act("list_append", 4, 2))), new_list(4),
        dict_set(0, slot_key(1), 2), dict_set(0, 0, 2), dict_get(0, 0, 5)),
    "hash_inserts_before_insertion": seq(
        new_dict(0), new_int(2, 1),
        new_hostile(1, 2, 0, script(act("dict_set", 0, 2, 1), act("dict_del", 0, 0, 1))),
        dict_set(0, slot_key(1), 2), dict_set(0, slot_key(1), 2), dict_get(0, slot_key(1), 3)),
    "hostile_set_lookups": seq(
        new_set(0), new_hostile(1, 0, 0, script(act("none"), act("set_discard", 0, 0, slot_key(1)), act("set_add", 0, 0, 1))),
        new_hostile(2, 1), set_add(0, slot_key(1)), set_add(0, slot_key(2)), set_contains(0, 0),
        set_discard(0, slot_key(2)), set_add(0, 0)),
    "equal_and_hash_faults": seq(
        new_dict(0), new_hostile(1, 3, 1 << 2), new_hostile(2, 2, 1), new_hostile(3, 4, 2), new_int(4, 1),
        dict_set(0, slot_key(1), 4), dict_set(0, slot_key(2), 4), dict_set(0, slot_key(3), 4),
        new_hostile(5, 3), dict_set(0, slot_key(5), 4), dict_get(0, slot_key(5), 6), dict_del(0, slot_key(5))),
    "tuple_keys_with_hostiles": seq(
        new_dict(0), new_hostile(1, 0, 0, script(act("none"), act("dict_set", 0, 1, 2))), new_hostile(2, 0),
        tuple_pack(3, 1, 2), tuple_pack(4, 2, 1), dict_set(0, slot_key(3), 1), dict_get(0, slot_key(4), 5),
        hash_(3), equal(3, 4)),
    "repr_clears_the_list": seq(
        new_list(0), new_hostile(1, 0, 0, script(act("list_clear", 0), act("release", 0))), append(0, 1),
        append(0, 1), new_dict(2), dict_set(2, slot_key(1), 0), append(0, 2), repr_(0), repr_(2)),
    "repr_faults": seq(new_list(0), new_hostile(1, 0, 1 << 4), new_hostile(2, 1, 2 << 4),
                       new_hostile(3, 2, 3 << 4), append(0, 3), repr_(3), repr_(0), append(0, 1),
                       repr_(0), list_clear(0), append(0, 2), repr_(0)),
    "dicts_compare_with_hostile_keys": seq(
        new_dict(0), new_dict(1), new_hostile(2, 0, 0, script(act("none"), act("dict_set", 0, 2, 3))), new_hostile(3, 0),
        new_int(4, 1), dict_set(0, slot_key(2), 4), dict_set(1, slot_key(3), 4), equal(0, 1),
        dict_set(0, 1, 4), dict_set(1, 1, 4), equal(0, 1)),

    # Finalizers, legacy dels, deallocs and callbacks that run scripts.
    "finalizer_changes_the_dict_that_released_it": seq(
        new_dict(0), new_int(2, 1), new_probe(1, 3, script(act("dict_set", 0, 2, 1), act("dict_del", 0, 0, 2))),
        dict_set(0, 0, 1), drop(1), dict_set(0, 0, 2), dict_get(0, 1, 3)),
    "legacy_del_adopts_itself": seq(
        new_list(0), new_probe(1, 4, script(act("adopt_self", 3), act("list_append", 0, 3))), append(0, 1),
        drop(1), list_clear(0), drop(3), collect()),
    "dealloc_releases_slots": seq(
        new_list(0), new_probe(1, 5, script(act("release", 0), act("list_clear", 2))), new_list(2),
        append(2, 1), append(0, 2), drop(1), pop(2, 5, 0), drop(5)),
    "scripted_instance_finalizer": seq(
        new_class(0, 5), new_dict(1), new_int(2, 1),
        new_instance(3, 0, script(act("dict_set", 1, 2, 0), act("weakref_self", 4), act("adopt_self", 5))),
        dict_set(1, 0, 3), drop(3), dict_clear(1), drop(5), collect()),
    "scripted_legacy_instance": seq(
        new_class(0, 6), new_list(1), new_instance(2, 0, script(act("list_append", 1, 1), act("adopt_self", 3))),
        append(1, 2), drop(2), list_clear(1), drop(3)),
    "callback_changes_a_list": seq(
        new_list(0), new_probe(1, 0), new_int(2, 1),
        weakref(1, 3, script(act("list_append", 0, 2), act("adopt_self", 4), act("weakref", 0, 5))),
        drop(1), weakref_get(3, 6), collect()),
    "finalizer_in_cycle_collection": seq(
        new_list(0), new_probe(1, 3, script(act("list_append", 0, 1), act("collect", 0, 0, 0))),
        new_probe(2, 1), probe_link(1, 0, 2), probe_link(2, 0, 1), drop(1), drop(2), collect()),
    "iterate_with_changes": seq(
        new_dict(0), new_int(1, 1), dict_set(0, 0, 1), dict_set(0, 1, 1), dict_set(0, 2, 1),
        iterate(0, act("dict_set", 0, 1, 3), 1), iterate(0, act("dict_del", 0, 0, 0), 2),
        new_set(2), set_add(2, 0), set_add(2, 1), iterate(2, act("set_add", 2, 0, 7), 1)),
    # The other known bugs' patterns (each harmless while its switch is 1).
    "weakref_made_in_legacy_del": seq(new_probe(1, 4, script(act("weakref_self", 6))), drop(1),
                                      weakref_get(6, 7), collect()),
    "weakref_made_in_callback": seq(new_probe(1, 0), weakref(1, 3, script(act("weakref_self", 6))), drop(1),
                                    weakref_get(6, 7), collect()),
    "shutdown_in_finalizer": seq(new_list(0), new_probe(1, 3, script(act("shutdown"))), drop(1), new_dict(0),
                                 dict_set(0, 0, 0)),
    "long_class_name": seq(op("new_class", 0, 0, 0), new_instance(1, 0), repr_(1), repr_(0)),
    "bad_equal_results": seq(new_dict(0), new_int(3, 1), new_hostile(1, 0, 2 << 2), new_hostile(2, 1, 3 << 2),
                             dict_set(0, slot_key(1), 3), dict_set(0, slot_key(2), 3), dict_get(0, 0, 4),
                             equal(1, 2), equal(2, 1), new_list(5), append(5, 1), new_list(6), append(6, 2),
                             equal(5, 6)),
    "equal_without_hash": seq(new_dict(0), new_set(5), new_int(3, 1), new_hostile(1, 0, 1 << 6),
                              dict_set(0, slot_key(1), 3), set_add(5, slot_key(1)), hash_(1),
                              tuple_pack(2, 1, 3), hash_(2)),
    "shutdown_and_go_on": seq(new_list(0), append(0, 0), new_probe(1, 1), shutdown(), new_dict(0),
                              dict_set(0, 0, 0), collect()),
}


# --------------------------------------------------------------- fuzz_diff

DIFF = op_table("fuzz_diff.c")
DIFF_SOURCE = open(os.path.join(HERE, "fuzz_diff.c")).read()


def c_array_len(decl):
    """Elements of the C array whose declaration starts with decl."""
    body = DIFF_SOURCE[DIFF_SOURCE.index(decl):]
    body = body[body.index("{") + 1:]
    n, depth, i, item = 0, 0, 0, False
    while True:
        c = body[i]
        if c == '"':
            i += 1
            while body[i] != '"':
                i += 2 if body[i] == "\\" else 1
            item = True
        elif c in "({":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "}" and depth == 0:
            return n + (1 if item else 0)
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            n, item = n + 1, False
        elif not c.isspace():
            item = True
        i += 1


INT_VALUES = c_array_len("static const int64_t int_values[]")
DOUBLES = c_array_len("static const double values[]")
TEXTS = c_array_len("static const char *const sample_texts[]")
SAMPLE_TEXTS_RAW = TEXTS  # some_text's pick for raw bytes


def d(name, *operands):
    out = [DIFF["op_" + name]]
    for x in operands:
        out += x if isinstance(x, list) else [x]
    return out


def raw64(v):
    return [(v >> (8 * (7 - i))) & 0xFF for i in range(8)]


def int_pick(index):                      # some_int: a value of int_values[]
    return [index]


def int_raw(v):                           # some_int: 8 raw bytes
    return [INT_VALUES] + raw64(v & 0xFFFFFFFFFFFFFFFF)


def double_pick(index):                   # some_double: values[index]
    return [index]


def double_special(which):                # 0 inf, 1 -inf, 2 nan
    return [DOUBLES + which] + [0] * 8


def double_bits(bits):
    return [DOUBLES + 4] + raw64(bits)


def text_pick(index):                     # some_text: sample_texts[index]
    return [index]


def text_raw(data):
    return [TEXTS, len(data)] + list(data)


def d_int(slot, value): return d("int", slot, value)
def d_float(slot, value): return d("float", slot, value)
def d_str(slot, text): return d("str", slot, text)
def d_bytes(slot, text): return d("bytes", slot, text)
def d_none(slot): return d("const", slot, 0)
def d_true(slot): return d("const", slot, 1)
def d_list(slot): return d("container", slot, 0)
def d_dict(slot): return d("container", slot, 1)
def d_set(slot): return d("container", slot, 2)
def d_tuple(slot, *items): return d("tuple", slot, *(list(items) + [0] * (3 - len(items))), len(items))
def d_class(slot, name): return d("class", slot, name)
def d_instance(slot, cls): return d("instance", slot, cls)
def d_attr(o, v, name, how): return d("attr", o, v, name, how)
def d_append(l, x): return d("list_add", l, x, 0, 0)
def d_insert(l, x, at): return d("list_add", l, x, 1, at)
def d_list_set(l, x, at): return d("list_set", l, x, at)
def d_get(l, to, at): return d("item_get", l, to, at)
def d_pop(l, to, at): return d("list_remove", l, to, 0, at)
def d_del(l, at): return d("list_remove", l, 0, 1, at)
def d_clear(l): return d("list_remove", l, 0, 2, 0)
def d_dict_set(dd, k, v): return d("dict_set", dd, k, v, 1)
def d_dict_set_str(dd, v, text): return d("dict_set", dd, 0, v, 0, text)
def d_dict_get(dd, k, to): return d("dict_read", dd, k, to, 0)
def d_dict_contains(dd, k): return d("dict_read", dd, k, 0, 1)
def d_dict_del(dd, k): return d("dict_read", dd, k, 0, 2)
def d_dict_get_str(dd, to, text): return d("dict_read", dd, 0, to, 3, text)
def d_dict_del_str(dd, text): return d("dict_read", dd, 0, 0, 4, text)
def d_dict_clear(dd): return d("dict_read", dd, 0, 0, 5)
def d_set_add(ss, k): return d("set_op", ss, k, 0)
def d_set_contains(ss, k): return d("set_op", ss, k, 1)
def d_set_discard(ss, k): return d("set_op", ss, k, 2)
def d_iterate(c): return d("iterate", c)
def d_len(a): return d("len", a)
def d_equal(a, b): return d("equal", a, b)
def d_hash(a): return d("hash", a)
def d_repr(a): return d("repr", a)
def d_value(a, which): return d("value", a, which)
def d_copy(a, b): return d("copy", a, b)


def d_build(to, a, b, which, iv=int_pick(0), dv=double_pick(0), text=text_pick(0), u=None):
    return d("build", to, a, b, which, iv, dv, text, raw64(u) if which in (9, 10) else [])


UNPACK_CODES = ["i", "h", "l", "L", "n", "p", "d", "f", "s", "z", "s#", "z#", "y#", "O", "O!"]


def d_unpack(t, codes, bar=5, name=False, types=None):
    """codes: a list of code names, or lists for nested groups (one level)."""
    out = [len(codes), bar]
    types = list(types or [])
    def code(c):
        if isinstance(c, list):
            assert 1 <= len(c) <= 2, "a group holds one or two codes"
            return [len(UNPACK_CODES), len(c) - 1] + sum((code(x) for x in c), [])
        return [UNPACK_CODES.index(c), types.pop(0) if types else 0]
    for c in codes:
        out += code(c)
    out += [0 if name else 1]
    return d("unpack", t, out)


def dseq(*parts):
    out = []
    for p in parts:
        out += p
    return bytes(out)


DIFF_SEEDS = {
    "numbers_print": dseq(*[d_float(0, double_pick(i)) + d_repr(0) for i in range(DOUBLES)],
                          d_float(0, double_special(0)), d_repr(0), d_float(0, double_special(2)), d_repr(0),
                          d_float(0, double_bits(0xFFF8000000000001)), d_repr(0),
                          *[d_int(1, int_pick(i)) + d_repr(1) for i in range(INT_VALUES)]),
    "equal_numbers_are_one_key": dseq(d_dict(0), d_int(1, int_pick(1)), d_float(2, double_pick(2)), d_true(3),
                                      d_dict_set(0, 1, 1), d_dict_set(0, 2, 2), d_dict_set(0, 3, 3), d_repr(0),
                                      d_iterate(0), d_float(4, double_pick(1)), d_int(5, int_pick(0)),
                                      d_dict_set(0, 5, 4), d_dict_set(0, 4, 5), d_repr(0), d_dict_get(0, 4, 6),
                                      d_len(0)),
    "nan_equals_only_itself": dseq(d_float(0, double_special(2)), d_list(1), d_append(1, 0), d_list(2),
                                   d_append(2, 0), d_equal(1, 2), d_equal(0, 0), d_float(3, double_special(2)),
                                   d_list(4), d_append(4, 3), d_equal(1, 4), d_set(5), d_set_add(5, 0),
                                   d_set_add(5, 3), d_set_contains(5, 0), d_len(5), d_dict(6),
                                   d_dict_set(6, 0, 1), d_dict_contains(6, 3), d_hash(0)),
    "sets_of_mixed_items": dseq(d_set(0), d_int(1, int_pick(1)), d_str(2, text_pick(1)), d_bytes(3, text_pick(1)),
                                d_tuple(4, 1, 2), d_none(5), d_float(6, double_pick(1)),
                                *[d_set_add(0, k) for k in range(1, 7)], d_repr(0), d_iterate(0), d_len(0),
                                d_list(7), d_set_add(0, 7), d_set_discard(0, 2), d_repr(0)),
    "cycles": dseq(d_list(0), d_append(0, 0), d_repr(0), d_equal(0, 0), d_list(1), d_append(1, 1),
                   d_equal(0, 1), d_dict(2), d_dict_set(2, 0, 2), d_repr(2), d_tuple(3, 0, 2), d_append(0, 3),
                   d_repr(3), d_hash(3)),
    "texts_print": dseq(*[d_str(0, text_pick(i)) + d_repr(0) + d_len(0) + d_value(0, 2) for i in range(TEXTS)],
                        d_str(1, text_raw(b"a\x00b")), d_repr(1), d_len(1)),
    "bytes_print": dseq(*[d_bytes(0, text_pick(i)) + d_repr(0) + d_len(0) for i in range(TEXTS)],
                        d_bytes(1, text_raw(bytes(range(0, 256, 17)))), d_repr(1)),
    "classes_and_instances": dseq(d_class(0, 0), d_class(1, 3), d_instance(2, 0), d_instance(3, 1),
                                  d_instance(4, 2), d_int(5, int_pick(4)), d_attr(2, 5, 0, 0), d_attr(0, 5, 1, 0),
                                  d_attr(2, 6, 1, 1), d_attr(2, 6, 2, 1), d_attr(2, 0, 0, 2), d_attr(2, 0, 1, 3),
                                  d_attr(2, 0, 0, 3), d_attr(5, 5, 0, 0), d_repr(2), d_repr(0), d_repr(1),
                                  d_list(7), d_append(7, 2), d_append(7, 0), d_repr(7), d_hash(2), d_equal(2, 3),
                                  d_len(2)),
    "list_indexes": dseq(d_list(0), d_int(1, int_pick(4)), d_insert(0, 1, 0), d_insert(0, 1, 2), d_append(0, 1),
                         d_get(0, 2, 0), d_get(0, 2, 5), d_list_set(0, 2, 0), d_list_set(0, 2, 9), d_pop(0, 3, 7),
                         d_pop(0, 3, 0), d_del(0, 0), d_del(0, 4), d_clear(0), d_pop(0, 3, 0), d_tuple(4, 1, 0),
                         d_get(4, 5, 1), d_get(4, 5, 2), d_repr(0)),
    "dict_by_name": dseq(d_dict(0), d_int(1, int_pick(2)), d_dict_set_str(0, 1, text_pick(1)),
                         d_dict_set_str(0, 1, text_pick(15)), d_dict_set_str(0, 1, text_pick(TEXTS - 6)),
                         d_dict_get_str(0, 2, text_pick(1)), d_dict_get_str(0, 2, text_pick(TEXTS - 6)),
                         d_dict_del_str(0, text_pick(1)), d_dict_del_str(0, text_pick(1)), d_repr(0), d_iterate(0),
                         d_dict_clear(0), d_len(0)),
    "hashability": dseq(d_list(0), d_int(1, int_pick(1)), d_tuple(2, 1, 0), d_hash(2), d_tuple(3, 1, 1),
                        d_hash(3), d_dict(4), d_dict_set(4, 2, 1), d_dict_set(4, 3, 1), d_set(5), d_set_add(5, 0),
                        d_hash(4), d_hash(5), d_repr(4)),
    "values_of": dseq(d_int(0, int_pick(19)), d_value(0, 0), d_value(0, 1), d_true(1), d_value(1, 0),
                      d_float(2, double_pick(6)), d_value(2, 0), d_value(2, 1), d_str(3, text_pick(15)),
                      d_value(3, 2), d_value(3, 0), d_none(4), d_value(4, 1)),
    "builds": dseq(d_int(0, int_pick(5)), d_float(1, double_pick(5)),
                   *[d_build(2, 0, 1, w, int_raw(0x80000001), double_pick(6), text_pick(15), u=2**63 + 5)
                     + d_repr(2) for w in range(24)],
                   d_build(3, 0, 1, 9, u=7), d_build(3, 0, 1, 10, u=2**64 - 1), d_list(4), d_build(3, 4, 1, 3),
                   d_build(3, 0, 4, 3), d_build(3, 0, 1, 12, text=text_pick(TEXTS - 6))),
    # The known differences' patterns (harmless while their switches are 1).
    "known_difference_patterns": dseq(d_dict(0), d_dict_del_str(0, text_pick(TEXTS - 6)), d_int(1, int_pick(4)),
                                      d_list(2), d_append(2, 1), d_append(2, 1), d_tuple(3, 2),
                                      d_unpack(3, [["i", "i"]]), d_str(4, text_pick(3)), d_tuple(5, 4),
                                      d_unpack(5, [["O", "O"]]), d_bytes(6, text_pick(3)), d_tuple(7, 6),
                                      d_unpack(7, ["s#"]), d_unpack(7, ["z#"])),
    "unpacks": dseq(d_int(0, int_pick(4)), d_float(1, double_pick(27)), d_str(2, text_pick(15)),
                    d_bytes(3, text_pick(3)), d_tuple(4, 0, 1, 2), d_unpack(4, ["i", "d", "s"]),
                    d_unpack(4, ["i", "f", "s#"]), d_unpack(4, ["O", "O!", "z"], types=[0, 1]),
                    d_unpack(4, ["p", "p", "p"], name=True), d_unpack(4, ["i"], bar=0), d_unpack(4, ["i", "h"], bar=1),
                    d_tuple(5, 4, 3), d_unpack(5, [["i", "d"], "y#"]), d_unpack(5, [["L", "n"], "s#"]),
                    d_unpack(5, ["O", "s"]), d_unpack(0, []), d_tuple(6), d_unpack(6, []), d_unpack(6, ["i"], bar=0)),
}


def write(target, seeds):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seeds)} seeds")


if __name__ == "__main__":
    write("fuzz_ops", OPS_SEEDS)
    if DIFF_SEEDS:
        write("fuzz_diff", DIFF_SEEDS)
