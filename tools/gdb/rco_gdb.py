# rco_gdb.py: gdb support for rco (docs/gdb.md).
#
# Everything here reads the inferior's memory and nothing else: a
# debugger is often pointed at a process whose heap is already broken,
# and calling into it (rco_repr) could crash it, take its locks, or change
# the very counts being looked at. So values are decoded from raw bytes,
# with the offsets the library itself publishes in rco__debugger_layout
# (src/debug/layout.c): that works on a stripped Release library as well
# as on a debug build, and every read is checked, so that a freed or
# garbage pointer prints as such instead of raising.
#
# Commands: rco-print EXPR, rco-refs EXPR, rco-heap; and a pretty-printer
# for rco_object * (and the built-in types' struct pointers) where the
# program has debug information.

import math
import struct

import gdb

LAYOUT_SYMBOL = "rco__debugger_layout"
LAYOUT_MAGIC = 0x52434F47
LAYOUT_VERSION = 1


class RcoError(Exception):
    pass


class Truncated(Exception):
    """The output reached its cap: what was written so far stands."""


# ---- the library's table ------------------------------------------------

_layout_cache = {}


def _forget_layout(*_args):
    _layout_cache.clear()


for _event in ("new_objfile", "clear_objfiles", "exited"):
    _registry = getattr(gdb.events, _event, None)
    if _registry is not None:
        _registry.connect(_forget_layout)


def _read(addr, n):
    try:
        return gdb.selected_inferior().read_memory(addr, n).tobytes()
    except (gdb.MemoryError, gdb.error, OverflowError, ValueError) as e:
        raise RcoError("cannot read %d bytes at 0x%x" % (n, addr)) from e


def _layout_address():
    # Without debug information the symbol has no type, but its address
    # is known from the dynamic symbol table: taking it and casting works
    # in both cases.
    for expr in ("(unsigned long)&'%s'" % LAYOUT_SYMBOL, "(unsigned long)&%s" % LAYOUT_SYMBOL):
        try:
            return int(gdb.parse_and_eval(expr))
        except gdb.error:
            continue
    return None


def _read_table(names_addr, values_addr, count=None):
    # The names are NUL-terminated, one after the other, and end with an
    # empty one (core/debugger.h). Read in small chunks: the table may end
    # just before an unmapped page.
    blob = b""
    while len(blob) < 65536:
        blob += _read(names_addr + len(blob), 256)
        if blob.startswith(b"\0") or b"\0\0" in blob:
            break
    else:
        raise RcoError("the debugger table's names are not terminated")
    names = [] if blob.startswith(b"\0") else blob[: blob.find(b"\0\0")].split(b"\0")
    if count is not None and count != len(names):
        raise RcoError("the debugger table has %d names for %d values" % (len(names), count))
    raw = _read(values_addr, 8 * len(names))
    values = struct.unpack("<%dQ" % len(names), raw)
    return {n.decode(): v for n, v in zip(names, values)}


class Layout:
    def __init__(self, addr):
        self.addr = addr
        head = _read(addr, 48)
        magic, version, psize, count, names, values, anames, avalues = struct.unpack("<4I4Q", head)
        if magic != LAYOUT_MAGIC:
            raise RcoError("%s at 0x%x has a bad magic number" % (LAYOUT_SYMBOL, addr))
        if version != LAYOUT_VERSION:
            raise RcoError("%s is version %d; this extension reads version %d" % (LAYOUT_SYMBOL, version, LAYOUT_VERSION))
        if psize != 8:
            raise RcoError("only 64-bit processes are supported")
        self.f = _read_table(names, values, count)
        self.alloc = _read_table(anames, avalues)
        self.debug = bool(self.f.get("debug"))
        f = self.f
        self.type_by_addr = {}
        for key, value in f.items():
            if key.startswith("types."):
                self.type_by_addr[value] = key[6:]
        self.metatypes = {f["types.type"], f["types.class"]}
        self.kinds = {v: k[5:] for k, v in f.items() if k.startswith("kind.")}

    def __getitem__(self, key):
        return self.f[key]


def layout():
    addr = _layout_address()
    if addr is None:
        raise RcoError("no rco library in this process (the symbol %s is not found)" % LAYOUT_SYMBOL)
    cached = _layout_cache.get(addr)
    if cached is None:
        cached = _layout_cache[addr] = Layout(addr)
    return cached


# ---- reading objects ------------------------------------------------------


class Reader:
    """Reads for one command: caches what it learned about types and pools."""

    def __init__(self, lay):
        self.L = lay
        self.type_info = {}
        self.arena_ranges = None
        self.pool_free = {}

    def u8(self, a):
        return _read(a, 1)[0]

    def u16(self, a):
        return struct.unpack("<H", _read(a, 2))[0]

    def u32(self, a):
        return struct.unpack("<I", _read(a, 4))[0]

    def i32(self, a):
        return struct.unpack("<i", _read(a, 4))[0]

    def u64(self, a):
        return struct.unpack("<Q", _read(a, 8))[0]

    def i64(self, a):
        return struct.unpack("<q", _read(a, 8))[0]

    def f64(self, a):
        return struct.unpack("<d", _read(a, 8))[0]

    def cstr(self, a, limit=256):
        if not a:
            return None
        data = b""
        while len(data) < limit:
            try:
                chunk = _read(a + len(data), 64)
            except RcoError:
                # The string may end just before an unmapped page.
                chunk = _read(a + len(data), 1)
            data += chunk
            if b"\0" in chunk:
                break
        return data.split(b"\0", 1)[0][:limit].decode("utf-8", "replace")

    def type_of(self, t):
        """(kind, name, has_gc_head, block_size) of a type object, or None
        when t is not one."""
        if t in self.type_info:
            return self.type_info[t]
        info = None
        L = self.L
        try:
            if t and t % 8 == 0:
                meta = self.u64(t + L["object.type"])
                if t in L.type_by_addr or meta in L.metatypes or (L.debug and t == L["debug.freed_type"]):
                    kind = self.u8(t + L["type.kind"])
                    name = self.cstr(self.u64(t + L["type.name"]), 80) or "?"
                    info = (L.kinds.get(kind, "user"), name, self.u8(t + L["type.has_gc_head"]),
                            self.u64(t + L["type.block_size"]))
        except RcoError:
            info = None
        self.type_info[t] = info
        return info

    def header(self, addr):
        """The header's fields of the object at addr, or raise RcoError
        saying why it is not one."""
        L = self.L
        if addr == 0:
            raise RcoError("NULL")
        if addr % 8:
            raise RcoError("misaligned")
        raw = _read(addr, L["object.size"])
        local, owner = struct.unpack_from("<IH", raw, L["object.ref_local"])
        flags = raw[L["object.flags"]]
        shared, size = struct.unpack_from("<iI", raw, L["object.ref_shared"])
        (t,) = struct.unpack_from("<Q", raw, L["object.type"])
        info = self.type_of(t)
        if info is None:
            raise RcoError("not an object: its type pointer 0x%x is not a type" % t)
        return {"local": local, "owner": owner, "flags": flags, "shared": shared, "size": size,
                "type": t, "kind": info[0], "name": info[1], "gc_head": info[2]}

    # The allocator's view, for telling a freed block from a live one.

    def arenas(self):
        if self.arena_ranges is None:
            A = self.L.alloc
            ranges = []
            try:
                ar = self.u64(A["arenas"])
                seen = set()
                while ar and ar not in seen and len(ranges) < 1 << 16:
                    seen.add(ar)
                    base = self.u64(ar + A["arena.base"])
                    ranges.append((base, base + A["pools_per_arena"] * A["pool_size"], ar))
                    ar = self.u64(ar + A["arena.next"])
            except RcoError:
                pass
            self.arena_ranges = ranges
        return self.arena_ranges

    def in_pool(self, addr):
        for lo, hi, ar in self.arenas():
            if lo <= addr < hi:
                return addr & ~(self.L.alloc["pool_size"] - 1)
        return None

    def pool_state(self, pool):
        """(block size, start, bump, free blocks) of a pool."""
        if pool in self.pool_free:
            return self.pool_free[pool]
        A = self.L.alloc
        data = _read(pool, A["pool_size"])

        def word(off):
            return struct.unpack_from("<Q", data, off)[0]

        heap = word(A["pool.heap"])
        size_class = struct.unpack_from("<I", data, A["pool.size_class"])[0]
        state = None
        if heap and size_class < A["small_max"] // 8:
            block = (size_class + 1) * 8
            start = pool + A["pool_header_size"]
            bump = word(A["pool.bump"])
            free = set()
            for head in (word(A["pool.free_blocks"]), word(A["pool.remote"])):
                p = head
                while p and p != A["pool_full"] and pool <= p < pool + A["pool_size"] and p not in free:
                    free.add(p)
                    p = word(p - pool)
            state = (block, start, bump, free)
        self.pool_free[pool] = state
        return state

    def freed_in_pool(self, addr, prefix):
        """True if the block holding the object at addr is on its pool's
        free lists (the blocks other threads freed into full pools, on the
        heaps' delayed stacks, are not looked at here)."""
        pool = self.in_pool(addr)
        if pool is None:
            return False
        try:
            st = self.pool_state(pool)
        except RcoError:
            return False
        if st is None:
            return True
        block, start, bump, free = st
        b = addr - prefix
        if b < start or b >= bump or (b - start) % block:
            return True
        return b in free


def prefix_of(L, hdr):
    return L["prefix.gc"] if hdr["gc_head"] else L["prefix.plain"]


def not_live(reader, addr, h):
    """Why the object at addr, whose header h looks like one, is not alive
    (None when nothing says so). Its type pointer outlives it: a freed
    block keeps it until reused, and so does a tuple kept for reuse, whose
    first word links the cache."""
    L = reader.L
    if h["kind"] == "freed" or h["local"] == L["local.immortal"]:
        return None
    if reader.freed_in_pool(addr, prefix_of(L, h)):
        return "freed: its block is free in its pool"
    if not 1 <= h["owner"] < L.alloc["max_threads"]:
        return "not alive: its owner thread index is out of range"
    return None


# ---- repr ---------------------------------------------------------------


class Limits:
    def __init__(self, items, depth, chars, text):
        self.items = items    # items shown per container
        self.depth = depth    # containers within containers
        self.chars = chars    # the whole output
        self.text = text      # characters of one str or bytes


PRINTER_LIMITS = Limits(items=20, depth=6, chars=2000, text=200)
# Each level of nesting is three Python frames deep, and gdb's Python
# keeps the default recursion limit of 1000.
PRINT_LIMITS = Limits(items=100000, depth=200, chars=1 << 20, text=1 << 20)


class Out:
    def __init__(self, limit):
        self.parts = []
        self.n = 0
        self.limit = limit

    def put(self, s):
        if self.n + len(s) > self.limit:
            self.parts.append(s[: max(0, self.limit - self.n)])
            self.n = self.limit
            raise Truncated()
        self.parts.append(s)
        self.n += len(s)

    def text(self):
        return "".join(self.parts)


def _float_repr(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


class Repr:
    def __init__(self, reader, limits):
        self.r = reader
        self.L = reader.L
        self.lim = limits
        self.active = set()

    def bad(self, addr, why):
        if why == "NULL":
            return "NULL"
        return "<rco_object 0x%x (%s)>" % (addr, why)

    def one(self, addr, out, depth):
        r, L = self.r, self.L
        try:
            h = r.header(addr)
        except RcoError as e:
            msg = str(e)
            out.put(self.bad(addr, "unreadable" if msg.startswith("cannot read") else msg))
            return
        kind = h["kind"]
        why = not_live(r, addr, h)
        if why:
            out.put("<rco_object 0x%x (%s)>" % (addr, why))
            return
        try:
            self.value(addr, h, kind, out, depth)
        except RcoError as e:
            out.put("<%s 0x%x (%s)>" % (h["name"], addr, e))

    def value(self, addr, h, kind, out, depth):
        r, L = self.r, self.L
        if kind == "none":
            out.put("None")
        elif kind == "bool":
            out.put("True" if r.i64(addr + L["int.value"]) else "False")
        elif kind == "int":
            out.put(str(r.i64(addr + L["int.value"])))
        elif kind == "float":
            out.put(_float_repr(r.f64(addr + L["float.value"])))
        elif kind == "str":
            size = r.u64(addr + L["str.size"])
            self.text(addr + L["str.data"], size, out, is_str=True)
        elif kind == "bytes":
            size = r.u64(addr + L["bytes.size"])
            self.text(addr + L["bytes.data"], size, out, is_str=False)
        elif kind == "tuple":
            n = h["size"]
            self.sequence(addr, n, addr + L["tuple.items"], "(", ")", "()", "(...)", out, depth, single=",)")
        elif kind == "list":
            n = r.u64(addr + L["list.size"])
            items = r.u64(addr + L["list.items"])
            self.sequence(addr, n, items, "[", "]", "[]", "[...]", out, depth)
        elif kind in ("dict", "set"):
            self.table(addr, kind, out, depth)
        elif kind == "type":  # h names the type's type; the type's own name is in it
            out.put("<class '%s'>" % (r.cstr(r.u64(addr + L["type.name"]), 80) or "?"))
        elif kind == "class":
            name = r.cstr(addr + L["class.name"], 200)
            out.put("<class '%s'>" % name)
        elif kind == "weakref":
            target = r.u64(addr + L["weakref.target"])
            if not target:
                out.put("<weakref at 0x%x; dead>" % addr)
            else:
                try:
                    name = r.header(target)["name"]
                except RcoError:
                    name = "?"
                out.put("<weakref at 0x%x; to '%s' at 0x%x>" % (addr, name, target))
        elif kind == "freed":
            rec = addr - L["gc_head.size"] - L["debug.record_size"]
            name = r.cstr(rec + L["record.freed_type_name"], L["record.freed_type_name_size"])
            out.put("<freed %s object at 0x%x>" % (name, addr))
        else:  # instances, iterators, user types: what rco's default repr says
            out.put("<%s object at 0x%x>" % (h["name"], addr))

    def text(self, data, size, out, is_str):
        if size > 1 << 40:
            raise RcoError("implausible size %d" % size)
        cap = self.lim.text * 4 if is_str else self.lim.text
        raw = _read(data, min(size, cap)) if size else b""
        if is_str:
            s = raw.decode("utf-8", "ignore" if size > cap else "replace")
            cut = size > cap or len(s) > self.lim.text
            out.put(repr(s[: self.lim.text]))
        else:
            cut = size > cap
            out.put(repr(raw))
        if cut:
            out.put("...")

    def enter(self, addr, cycle, out, depth):
        if addr in self.active:
            out.put(cycle)
            return False
        if depth >= self.lim.depth:
            out.put(cycle[0] + "..." + cycle[-1] if cycle[0] in "[({" else "...")
            return False
        self.active.add(addr)
        return True

    def sequence(self, addr, n, items, open_, close, empty, cycle, out, depth, single=None):
        if n > 1 << 40:
            raise RcoError("implausible size %d" % n)
        if n == 0:
            out.put(empty)
            return
        if not self.enter(addr, cycle, out, depth):
            return
        try:
            shown = min(n, self.lim.items)
            ptrs = struct.unpack("<%dQ" % shown, _read(items, 8 * shown))
            out.put(open_)
            for i, p in enumerate(ptrs):
                if i:
                    out.put(", ")
                if p == 0:
                    out.put("<NULL>")
                else:
                    self.one(p, out, depth + 1)
            if n > shown:
                out.put(", ...(%d more)" % (n - shown))
            out.put(single if single and n == 1 else close)
        finally:
            self.active.discard(addr)

    def table(self, addr, kind, out, depth):
        r, L = self.r, self.L
        is_dict = kind == "dict"
        table = r.u64(addr + L["dict.table" if is_dict else "set.table"])
        used = r.u64(addr + L["dict.used" if is_dict else "set.used"])
        empty, cycle = ("{}", "{...}") if is_dict else ("set()", "set(...)")
        if not table or not used:
            out.put(empty)
            return
        nslots = r.u64(table + L["table.nslots"])
        nentries = r.u64(table + L["table.nentries"])
        wide = r.u8(table + L["table.wide"])
        if nslots & (nslots - 1) or nslots > 1 << 40 or nentries > nslots or used > nentries:
            raise RcoError("implausible table: %d slots, %d entries, %d used" % (nslots, nentries, used))
        if not self.enter(addr, cycle, out, depth):
            return
        try:
            entries = table + L["table.index"] + nslots * (8 if wide else 4)
            esize = L["entry.size"]
            out.put("{")
            shown = 0
            # Entries are read in batches: a dict of a million items
            # should not cost a million reads when only 20 are shown.
            i = 0
            while i < nentries and shown < self.lim.items:
                batch = min(nentries - i, 256)
                raw = _read(entries + i * esize, batch * esize)
                for j in range(batch):
                    key = struct.unpack_from("<Q", raw, j * esize + L["entry.key"])[0]
                    if not key:
                        continue
                    if shown == self.lim.items:
                        break
                    if shown:
                        out.put(", ")
                    self.one(key, out, depth + 1)
                    if is_dict:
                        out.put(": ")
                        value = struct.unpack_from("<Q", raw, j * esize + L["entry.value"])[0]
                        if value:
                            self.one(value, out, depth + 1)
                        else:
                            out.put("<NULL>")
                    shown += 1
                i += batch
            if used > shown:
                out.put(", ...(%d more)" % (used - shown))
            out.put("}")
        finally:
            self.active.discard(addr)


def format_object(addr, limits, with_header=True):
    """'<list 0x...> [1, 2, 'three']': the type and address, then the repr."""
    try:
        lay = layout()
    except RcoError as e:
        return "<rco_object 0x%x (%s)>" % (addr, e)
    reader = Reader(lay)
    out = Out(limits.chars)
    rp = Repr(reader, limits)
    try:
        if with_header:
            try:
                h = reader.header(addr)
                # A freed block says so alone: its old type is no news.
                if h["kind"] != "freed" and not not_live(reader, addr, h):
                    out.put("<%s 0x%x> " % (h["name"], addr))
            except RcoError:
                pass
        rp.one(addr, out, 0)
    except (Truncated, RecursionError):
        out.parts.append("...")
    return out.text()


# ---- the pretty-printer -------------------------------------------------

OBJECT_STRUCTS = {"rco_object", "rco__list", "rco__tuple", "rco__dict", "rco__set", "rco__str",
                  "rco__bytes", "rco__int", "rco__float", "rco__instance", "rco__weakref",
                  "rco__tuple_head", "rco_type", "rco__class"}


class ObjectPrinter:
    def __init__(self, value):
        self.value = value

    def to_string(self):
        addr = int(self.value)
        if addr == 0:
            return "NULL"
        return format_object(addr, PRINTER_LIMITS)


def _struct_name(t):
    t = t.strip_typedefs()
    name = t.name or t.tag
    if name and name.startswith("struct "):
        name = name[7:]
    return name


def lookup_printer(value):
    try:
        t = value.type.strip_typedefs()
        if t.code != gdb.TYPE_CODE_PTR:
            return None
        target = t.target()
        names = {target.name, _struct_name(target)}
        if names & OBJECT_STRUCTS:
            return ObjectPrinter(value)
    except gdb.error:
        return None
    return None


# ---- commands -------------------------------------------------------------


def _address(arg, command):
    if not arg.strip():
        raise gdb.GdbError("usage: %s EXPR (an rco_object * or an address)" % command)
    try:
        v = gdb.parse_and_eval(arg)
    except gdb.error as e:
        msg = str(e)
        if "unknown type" in msg or "no debug info" in msg:
            msg += " (without debug information, give the address: %s *(void **)&NAME)" % command
        raise gdb.GdbError(msg)
    try:
        if v.type.strip_typedefs().code in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_INT):
            return int(v.cast(gdb.lookup_type("unsigned long")))
        return int(v)
    except (gdb.error, TypeError, ValueError) as e:
        raise gdb.GdbError("%s: %s is not a pointer or an address (%s)" % (command, arg, e))


class RcoPrint(gdb.Command):
    """Print an rco object's full repr, read from memory: rco-print EXPR.

EXPR is an rco_object * (or any address: rco-print 0x7ffff7dc80c0, or,
without debug information, rco-print *(void **)&global). Nested
containers are printed whole (cycles as [...], as Python does), up to a
megabyte of text. rco-print/call EXPR asks the process instead (calls
rco_repr): only when you want a user repr slot's own text and trust the
process to run."""

    def __init__(self):
        super().__init__("rco-print", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        call = False
        if arg.startswith("/"):
            opt, _, arg = arg.partition(" ")
            if opt != "/call":
                raise gdb.GdbError("rco-print: unknown option %s (only /call)" % opt)
            call = True
        addr = _address(arg, "rco-print")
        if call:
            gdb.write(self.called(addr) + "\n")
            return
        gdb.write(format_object(addr, PRINT_LIMITS) + "\n")

    @staticmethod
    def called(addr):
        s = int(gdb.parse_and_eval("(unsigned long)((void *(*)(void *))rco_repr)((void *)%d)" % addr))
        if not s:
            return "rco_repr failed (the process's error is set)"
        text = gdb.parse_and_eval("((const char *(*)(void *))rco_str_utf8)((void *)%d)" % s)
        result = text.string()
        gdb.parse_and_eval("((void (*)(void *))rco_decref)((void *)%d)" % s)
        return result


def _site(reader, site):
    """'file:line (func, api)' of an origin of the debug build, and its
    frames."""
    L = reader.L
    if not site:
        return "an unknown place", []
    state = reader.u64(L["debug.current"])
    if not state:
        return "site %d" % site, []
    origins = reader.u64(state + L["state.origins"])
    norigins = reader.u32(state + L["state.norigins"])
    if site >= norigins:
        return "site %d (out of range)" % site, []
    o = origins + site * L["origin.size"]
    file = reader.cstr(reader.u64(o + L["origin.file"])) or "?"
    func = reader.cstr(reader.u64(o + L["origin.func"])) or "?"
    api = reader.cstr(reader.u64(o + L["origin.api"])) or "?"
    line = reader.i32(o + L["origin.line"])
    depth = min(reader.u32(o + L["origin.depth"]), 64)
    frames = []
    for i in range(depth):
        pc = reader.u64(o + L["origin.frames"] + 8 * i)
        name = _frame_name(pc)
        frames.append(name)
        if name == "main" or name.startswith("main "):
            break  # what runs main is nobody's bug (as the detective's reports)
    return "%s:%d (%s, %s)" % (file, line, func, api), frames


def _frame_name(pc):
    # gdb's own symbols name a return address: the line of the call is
    # the one before it.
    try:
        sal = gdb.find_pc_line(pc - 1)
        block = gdb.block_for_pc(pc - 1)
        func = block.function.name if block and block.function else None
    except (gdb.error, RuntimeError):
        sal, func = None, None
    if func is None:
        try:
            info = gdb.execute("info symbol 0x%x" % pc, to_string=True).strip()
            if not info.startswith("No symbol"):
                func = info.split(" in section")[0]
        except gdb.error:
            pass
    where = ""
    if sal is not None and sal.symtab is not None:
        where = " %s:%d" % (sal.symtab.filename, sal.line)
    return "%s%s" % (func or "0x%x" % pc, where)


class RcoRefs(gdb.Command):
    """What is known of an rco object's references: rco-refs EXPR.

The count (decoded from the owner's and the other threads' counters as
the library does), the owner thread, whether the collector tracks it;
in librco-debug also where it was created and its ledger: per line of
user code, the references taken and released there."""

    def __init__(self):
        super().__init__("rco-refs", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        addr = _address(arg, "rco-refs")
        try:
            lay = layout()
        except RcoError as e:
            raise gdb.GdbError(str(e))
        r = Reader(lay)
        L = lay
        gdb.write(format_object(addr, PRINTER_LIMITS) + "\n")
        try:
            h = r.header(addr)
        except RcoError as e:
            gdb.write("  not an object: %s\n" % e)
            return
        local, shared = h["local"], h["shared"]
        if local == L["local.immortal"]:
            gdb.write("  count: immortal\n")
        else:
            state = shared & L["shared.flags"]
            others = shared >> L["shared.shift"]
            if local == L["local.merged"]:
                gdb.write("  count %d (merged: every thread counts atomically), owner thread %d\n"
                          % (others, h["owner"]))
            else:
                extra = {L["shared.weak"]: ", weakly referenced", L["shared.queued"]: ", queued to its owner"}
                gdb.write("  count %d: %d by its owner (thread %d), %d by other threads%s\n"
                          % (local + others, local, h["owner"], others, extra.get(state, "")))
        if h["flags"] & L["flag.weakrefs"]:
            gdb.write("  weak references point at it\n")
        if h["gc_head"]:
            nxt = r.u64(addr - L["gc_head.size"])
            if nxt:
                gdb.write("  tracked by the collector, generation %d\n" % ((nxt >> 1) & 3))
            else:
                gdb.write("  not tracked by the collector\n")
        if not L.debug:
            gdb.write("  (librco: no records; link librco-debug for the creation line and the ledger)\n")
            return
        if local == L["local.immortal"]:
            gdb.write("  static: no debug record\n")
            return
        rec = addr - L["gc_head.size"] - L["debug.record_size"]
        magic = r.u32(rec + L["record.magic"])
        if magic == L["record.freed_magic"]:
            where, frames = _site(r, r.u32(rec + L["record.freed_site"]))
            gdb.write("  FREED at %s\n" % where)
            for i, f in enumerate(frames):
                gdb.write("      #%d %s\n" % (i, f))
        elif magic != L["record.live_magic"]:
            gdb.write("  its debug record is damaged (magic 0x%x)\n" % magic)
            return
        gdb.write("  serial %d\n" % r.u64(rec + L["record.serial"]))
        where, frames = _site(r, r.u32(rec + L["record.created_site"]))
        gdb.write("  created at %s\n" % where)
        for i, f in enumerate(frames):
            gdb.write("      #%d %s\n" % (i, f))
        if magic != L["record.live_magic"]:
            return
        for field, label in (("record.lent_site", "last borrowed at"), ("record.stolen_site", "last stolen at")):
            site = r.u32(rec + L[field])
            if site:
                gdb.write("  %s %s\n" % (label, _site(r, site)[0]))
        nledger = r.u32(rec + L["record.nledger"])
        n = min(nledger & ~L["ledger.more"], L["ledger.sites"])
        gdb.write("  ledger (references taken and released by user code, per line):\n")
        if not n:
            gdb.write("      (none open)\n")
        for i in range(n):
            e = rec + L["record.ledger"] + i * L["ledger.size"]
            site = r.u32(e + L["ledger.site"])
            taken, released = r.u32(e + L["ledger.taken"]), r.u32(e + L["ledger.released"])
            where, frames = _site(r, site)
            gdb.write("      %s: %d taken, %d released\n" % (where, taken, released))
            for j, f in enumerate(frames):
                gdb.write("          #%d %s\n" % (j, f))
        if nledger & L["ledger.more"]:
            gdb.write("      (more entries in the detective's overflow table, not shown)\n")


class RcoHeap(gdb.Command):
    """Live rco objects per type, with their bytes: rco-heap.

librco-debug: the detective's list of live objects (exact). librco: every
block of every pool and every large block, or every system block when rco
sends objects to the system allocator (RCO_MALLOC=malloc), each live block
recognised as an object by its type pointer (rco__debugger_layout's types,
or a type whose type is `type`)."""

    def __init__(self):
        super().__init__("rco-heap", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        try:
            lay = layout()
        except RcoError as e:
            raise gdb.GdbError(str(e))
        r = Reader(lay)
        stats = {}
        try:
            if lay.debug:
                source = self.from_records(r, stats)
            else:
                source = self.from_pools(r, stats)
        except RcoError as e:
            raise gdb.GdbError("rco-heap: %s" % e)
        total = sum(c for c, _ in stats.values())
        nbytes = sum(b for _, b in stats.values())
        gdb.write("rco-heap: %d live objects, %d bytes (%s)\n" % (total, nbytes, source))
        width = max([len(n) for n in stats] + [4])
        gdb.write("  %-*s %9s %11s\n" % (width, "type", "count", "bytes"))
        for name, (count, b) in sorted(stats.items(), key=lambda kv: (-kv[1][0], kv[0])):
            gdb.write("  %-*s %9d %11d\n" % (width, name, count, b))

    @staticmethod
    def add(stats, name, nbytes):
        c, b = stats.get(name, (0, 0))
        stats[name] = (c + 1, b + nbytes)

    def block_bytes(self, r, block):
        pool = r.in_pool(block)
        if pool is not None:
            st = r.pool_state(pool)
            if st:
                return st[0]
        A = r.L.alloc
        return r.u64(block - A["large.size"] + A["large.bytes"])

    def from_records(self, r, stats):
        L = r.L
        state = r.u64(L["debug.current"])
        if not state:
            return "the detective has not started: no objects"
        sentinel = state + L["state.live"]
        expected = r.i64(state + L["state.live_count"])
        rec = r.u64(sentinel + L["record.next"])
        seen = 0
        while rec != sentinel:
            if seen > expected + 1000 or not rec:
                raise RcoError("the live list is damaged after %d records" % seen)
            obj = rec + L["debug.record_size"] + L["gc_head.size"]
            try:
                h = r.header(obj)
                self.add(stats, h["name"], self.block_bytes(r, rec))
            except RcoError:
                self.add(stats, "(unreadable)", 0)
            seen += 1
            rec = r.u64(rec + L["record.next"])
        return "the detective's records"

    def object_in_block(self, r, data, base, block_size):
        """The object a live block holds, if it holds one: the prefix is a
        gc head or nothing, and the type must agree."""
        L, A = r.L, r.L.alloc
        for prefix in (L["prefix.plain"], L["prefix.gc"]):
            off = prefix + L["object.type"]
            if off + 8 > block_size:
                continue
            t = struct.unpack_from("<Q", data, base + off)[0]
            info = r.type_of(t)
            if info is None or bool(info[2]) != (prefix == L["prefix.gc"]):
                continue
            owner = struct.unpack_from("<H", data, base + prefix + L["object.ref_owner"])[0]
            local = struct.unpack_from("<I", data, base + prefix + L["object.ref_local"])[0]
            # A live heap object has an owner; a block reused as a free
            # list link (a tuple kept for reuse) has a pointer there.
            if not 1 <= owner < A["max_threads"] or local == 0 and owner == 0:
                continue
            if info[3] and (info[3] + 7) // 8 * 8 != block_size and block_size <= A["small_max"]:
                continue
            return info
        return None

    def from_pools(self, r, stats):
        A = r.L.alloc
        delayed = set()
        heaps = struct.unpack("<%dQ" % A["max_threads"], _read(A["heaps"], 8 * A["max_threads"]))
        for heap in heaps:
            p = r.u64(heap + A["heap.delayed"]) if heap else 0
            while p and p not in delayed and len(delayed) < 1 << 24:
                delayed.add(p)
                p = r.u64(p)
        pools = 0
        for lo, hi, ar in r.arenas():
            returned = set()
            p = r.u64(ar + A["arena.returned"])
            while p and p not in returned and len(returned) <= A["pools_per_arena"]:
                returned.add(p)
                p = r.u64(p + A["pool.next"])
            never_used = r.u32(ar + A["arena.never_used"])
            for i in range(min(never_used, A["pools_per_arena"])):
                pool = lo + i * A["pool_size"]
                if pool in returned:
                    continue
                st = r.pool_state(pool)
                if not st:
                    continue
                pools += 1
                block, start, bump, free = st
                data = _read(pool, A["pool_size"])
                b = start
                while b + block <= bump:
                    if b not in free and b not in delayed:
                        info = self.object_in_block(r, data, b - pool, block)
                        if info:
                            self.add(stats, info[1], block)
                    b += block
        large = 0
        h = r.u64(A["large"])
        seen = set()
        while h and h not in seen:
            seen.add(h)
            size = r.u64(h + A["large.bytes"])
            block = h + A["large.size"]
            head = _read(block, min(size, 256))
            info = self.object_in_block(r, head, 0, size)
            if info:
                self.add(stats, info[1], size)
            large += 1
            h = r.u64(h + A["large.next"])
        if r.u8(A["system_on"]):
            return "%d system blocks walked, RCO_MALLOC=malloc" % self.from_system(r, stats)
        return "%d pools and %d large blocks walked" % (pools, large)

    def from_system(self, r, stats):
        """System blocks (core/alloc.c): a list of trailers whose every
        field is stored inverted."""
        A = r.L.alloc
        mask = (1 << 64) - 1
        walked = 0
        seen = set()
        t = r.u64(A["system"])
        while t and t not in seen and len(seen) < 1 << 24:
            seen.add(t)
            trailer = ~t & mask
            block = ~r.u64(trailer + A["trailer.block"]) & mask
            size = ~r.u64(trailer + A["trailer.size"]) & mask
            size = (size + 7) // 8 * 8  # as a pool would have served it
            info = self.object_in_block(r, _read(block, min(size, 256)), 0, size)
            if info:
                self.add(stats, info[1], size)
            walked += 1
            t = r.u64(trailer + A["trailer.next"])
        return walked


def register(objfile=None):
    target = objfile if objfile is not None else gdb
    if not any(getattr(p, "__name__", "") == "rco_pretty_printer" for p in target.pretty_printers):
        lookup_printer.__name__ = "rco_pretty_printer"
        target.pretty_printers.append(lookup_printer)


_commands = None


def install(objfile=None):
    """Called by each library's auto-load file: the commands once, the
    pretty-printer on the library's objfile (and globally, so that the
    program's own rco_object * values find it)."""
    global _commands
    if _commands is None:
        _commands = (RcoPrint(), RcoRefs(), RcoHeap())
    register(None)


# `source .../rco_gdb.py` by hand (docs/gdb.md) runs this file as __main__.
if __name__ == "__main__":
    install()
