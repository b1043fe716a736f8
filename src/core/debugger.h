/*
 * core/debugger.h: tables a debugger reads to walk rco's memory without
 * debug information (debug/layout.c has the whole story, and
 * tools/gdb/rco_gdb.py is their reader).
 *
 * A table is a list of names and a list of values made from one X-macro
 * list, so that the two cannot drift apart: the names are NUL-terminated
 * strings one after the other, ended by an empty one, and value i belongs
 * to name i. A reader looks fields up by name and ignores those it does
 * not know, so fields can be added without breaking older readers.
 */
#ifndef RCO_CORE_DEBUGGER_H
#define RCO_CORE_DEBUGGER_H

#include <stdint.h>

#define RCO__LAYOUT_NAME(name, value) name "\0"
#define RCO__LAYOUT_VALUE(name, value) (uintptr_t)(value),

/* The allocator's table (defined at the end of alloc.c, beside the
 * private structs it describes). */
extern const char rco__alloc_layout_names[] RCO__HIDDEN;
extern const uintptr_t rco__alloc_layout_values[] RCO__HIDDEN;

#endif
