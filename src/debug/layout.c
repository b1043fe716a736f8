/*
 * debug/layout.c: rco__debugger_layout, the one table gdb's extension
 * (tools/gdb/rco_gdb.py, docs/gdb.md) reads to print objects.
 *
 * A library installed by `cmake --install` in a Release build has no
 * debug information, so gdb knows neither rco_object nor any type's
 * struct. Instead of guessing offsets per version, the library says them
 * itself: this exported table holds the sizes and offsets of every field
 * the extension reads, the addresses of the built-in type objects and of
 * the lists it walks, and the encodings of the counts. gdb finds it
 * through the dynamic symbol table (which stripping keeps) and decodes it
 * from raw memory, so the same extension works on every build, with or
 * without DWARF, and never runs code in the process to do it.
 *
 * It lives in the top layer because it names things of every layer; it
 * uses them only for their addresses and layouts.
 */
#include "debug/debug.h"

#include "core/debugger.h"
#include "types/bytes.h"
#include "types/class.h"
#include "types/dict.h"
#include "types/list.h"
#include "types/number.h"
#include "types/set.h"
#include "types/str.h"
#include "types/table.h"
#include "types/tuple.h"
#include "types/weakref.h"

/* Only this file's reader depends on it: bump when a field changes
 * meaning (adding fields needs no bump, readers look them up by name). */
#define LAYOUT_VERSION 1
#define LAYOUT_MAGIC 0x52434f47u /* "RCOG" */

#ifdef RCO_DEBUG
/* The detective's state and records: rco-refs shows what the detective
 * knows of an object, rco-heap walks the list of live objects. */
#define DEBUG_LAYOUT(X)                                                          \
    X("debug", 1)                                                                \
    X("debug.current", &rco__debug_current)                                      \
    X("debug.freed_type", &rco__freed_type)                                      \
    X("debug.record_size", sizeof(rco__debug_record))                            \
    X("state.live", offsetof(rco__debug_state, live))                            \
    X("state.live_count", offsetof(rco__debug_state, live_count))                \
    X("state.origins", offsetof(rco__debug_state, origins))                      \
    X("state.norigins", offsetof(rco__debug_state, norigins))                    \
    X("record.prev", offsetof(rco__debug_record, prev))                          \
    X("record.next", offsetof(rco__debug_record, next))                          \
    X("record.serial", offsetof(rco__debug_record, serial))                      \
    X("record.magic", offsetof(rco__debug_record, magic))                        \
    X("record.created_site", offsetof(rco__debug_record, created_site))          \
    X("record.lent_site", offsetof(rco__debug_record, lent_site))                \
    X("record.stolen_site", offsetof(rco__debug_record, stolen_site))            \
    X("record.freed_site", offsetof(rco__debug_record, freed_site))              \
    X("record.nledger", offsetof(rco__debug_record, nledger))                    \
    X("record.ledger", offsetof(rco__debug_record, u.ledger))                    \
    X("record.freed_type_name", offsetof(rco__debug_record, u.freed.type_name))  \
    X("record.freed_type_name_size", sizeof(((rco__debug_record *)0)->u.freed.type_name)) \
    X("record.live_magic", RCO__RECORD_LIVE)                                     \
    X("record.freed_magic", RCO__RECORD_FREED)                                   \
    X("ledger.sites", RCO__LEDGER_SITES)                                         \
    X("ledger.more", RCO__LEDGER_MORE)                                           \
    X("ledger.size", sizeof(rco__ledger_entry))                                  \
    X("ledger.site", offsetof(rco__ledger_entry, site))                          \
    X("ledger.taken", offsetof(rco__ledger_entry, taken))                        \
    X("ledger.released", offsetof(rco__ledger_entry, released))                  \
    X("origin.size", sizeof(rco__origin))                                        \
    X("origin.file", offsetof(rco__origin, file))                                \
    X("origin.func", offsetof(rco__origin, func))                                \
    X("origin.api", offsetof(rco__origin, api))                                  \
    X("origin.line", offsetof(rco__origin, line))                                \
    X("origin.depth", offsetof(rco__origin, depth))                              \
    X("origin.frames", offsetof(rco__origin, frames))
#else
#define DEBUG_LAYOUT(X) X("debug", 0)
#endif

#define LAYOUT(X)                                                                \
    X("pointer_size", sizeof(void *))                                            \
    X("object.size", sizeof(rco_object))                                         \
    X("object.ref_local", offsetof(rco_object, ref_local))                       \
    X("object.ref_owner", offsetof(rco_object, ref_owner))                       \
    X("object.flags", offsetof(rco_object, flags))                               \
    X("object.ref_shared", offsetof(rco_object, ref_shared))                     \
    X("object.size_field", offsetof(rco_object, size))                           \
    X("object.type", offsetof(rco_object, type))                                 \
    X("local.max", RCO__LOCAL_MAX)                                               \
    X("local.merged", RCO__LOCAL_MERGED)                                         \
    X("local.immortal", RCO__LOCAL_IMMORTAL)                                     \
    X("shared.shift", RCO__SHARED_SHIFT)                                         \
    X("shared.flags", RCO__SHARED_FLAGS)                                         \
    X("shared.weak", RCO__SHARED_WEAK)                                           \
    X("shared.queued", RCO__SHARED_QUEUED)                                       \
    X("shared.merged", RCO__SHARED_MERGED)                                       \
    X("flag.finalized", RCO__FLAG_FINALIZED)                                     \
    X("flag.weakrefs", RCO__FLAG_WEAKREFS)                                       \
    X("gc_head.size", sizeof(rco__gc_head))                                      \
    X("prefix.plain", RCO__PLAIN_PREFIX)                                         \
    X("prefix.gc", RCO__GC_PREFIX)                                               \
    X("type.name", offsetof(rco_type, name))                                     \
    X("type.size", offsetof(rco_type, size))                                     \
    X("type.flags", offsetof(rco_type, flags))                                   \
    X("type.kind", offsetof(rco_type, kind))                                     \
    X("type.has_gc_head", offsetof(rco_type, has_gc_head))                       \
    X("type.item_size", offsetof(rco_type, item_size))                           \
    X("type.block_size", offsetof(rco_type, block_size))                         \
    X("type.flag_gc", RCO_TYPE_GC)                                               \
    X("kind.user", RCO__KIND_USER)                                               \
    X("kind.none", RCO__KIND_NONE)                                               \
    X("kind.bool", RCO__KIND_BOOL)                                               \
    X("kind.int", RCO__KIND_INT)                                                 \
    X("kind.float", RCO__KIND_FLOAT)                                             \
    X("kind.str", RCO__KIND_STR)                                                 \
    X("kind.bytes", RCO__KIND_BYTES)                                             \
    X("kind.tuple", RCO__KIND_TUPLE)                                             \
    X("kind.list", RCO__KIND_LIST)                                               \
    X("kind.dict", RCO__KIND_DICT)                                               \
    X("kind.set", RCO__KIND_SET)                                                 \
    X("kind.type", RCO__KIND_TYPE)                                               \
    X("kind.class", RCO__KIND_CLASS)                                             \
    X("kind.instance", RCO__KIND_INSTANCE)                                       \
    X("kind.weakref", RCO__KIND_WEAKREF)                                         \
    X("kind.iterator", RCO__KIND_ITERATOR)                                       \
    X("kind.freed", RCO__KIND_FREED)                                             \
    X("types.type", &rco__type_type)                                             \
    X("types.class", &rco__class_type)                                           \
    X("types.none", &rco__none_type)                                             \
    X("types.bool", &rco__bool_type)                                             \
    X("types.int", &rco__int_type)                                               \
    X("types.float", &rco__float_type)                                           \
    X("types.str", &rco__str_type)                                               \
    X("types.bytes", &rco__bytes_type)                                           \
    X("types.tuple", &rco__tuple_type)                                           \
    X("types.list", &rco__list_type)                                             \
    X("types.dict", &rco__dict_type)                                             \
    X("types.set", &rco__set_type)                                               \
    X("types.weakref", &rco__weakref_type)                                       \
    X("none", &rco__none)                                                        \
    X("true", &rco__true)                                                        \
    X("false", &rco__false)                                                      \
    X("int.value", offsetof(rco__int, value))                                    \
    X("float.value", offsetof(rco__float, value))                                \
    X("str.length", offsetof(rco__str, length))                                  \
    X("str.size", offsetof(rco__str, size))                                      \
    X("str.data", offsetof(rco__str, data))                                      \
    X("bytes.size", offsetof(rco__bytes, size))                                  \
    X("bytes.data", offsetof(rco__bytes, data))                                  \
    X("tuple.items", offsetof(rco__tuple, items))                                \
    X("list.items", offsetof(rco__list, items))                                  \
    X("list.size", offsetof(rco__list, size))                                    \
    X("dict.table", offsetof(rco__dict, table))                                  \
    X("dict.used", offsetof(rco__dict, used))                                    \
    X("set.table", offsetof(rco__set, table))                                    \
    X("set.used", offsetof(rco__set, used))                                      \
    X("table.nslots", offsetof(rco__table, nslots))                              \
    X("table.nentries", offsetof(rco__table, nentries))                          \
    X("table.wide", offsetof(rco__table, wide))                                  \
    X("table.index", offsetof(rco__table, index))                                \
    X("entry.size", sizeof(rco__entry))                                          \
    X("entry.hash", offsetof(rco__entry, hash))                                  \
    X("entry.key", offsetof(rco__entry, key))                                    \
    X("entry.value", offsetof(rco__entry, value))                                \
    X("class.attrs", offsetof(rco__class, attrs))                                \
    X("class.name", offsetof(rco__class, name))                                  \
    X("instance.attrs", offsetof(rco__instance, attrs))                          \
    X("weakref.target", offsetof(rco__weakref, target))                          \
    DEBUG_LAYOUT(X)

static const char layout_names[] = LAYOUT(RCO__LAYOUT_NAME);
static const uintptr_t layout_values[] = { LAYOUT(RCO__LAYOUT_VALUE) };

/* Not in rco.h: nothing but a debugger has any use for it. */
struct rco__debugger_layout {
    uint32_t magic;
    uint32_t version;
    uint32_t pointer_size;
    uint32_t count;                 /* entries of names and values */
    const char *names;
    const uintptr_t *values;
    const char *alloc_names;        /* the allocator's table (core/alloc.c) */
    const uintptr_t *alloc_values;
};

RCO_API extern const struct rco__debugger_layout rco__debugger_layout;
const struct rco__debugger_layout rco__debugger_layout = {
    .magic = LAYOUT_MAGIC,
    .version = LAYOUT_VERSION,
    .pointer_size = sizeof(void *),
    .count = sizeof layout_values / sizeof layout_values[0],
    .names = layout_names,
    .values = layout_values,
    .alloc_names = rco__alloc_layout_names,
    .alloc_values = rco__alloc_layout_values,
};
