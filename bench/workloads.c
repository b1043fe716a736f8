/*
 * workloads.c: the timed workloads, in the order they run and print. The
 * memory workload ("mem") is not here: it is measured in child processes
 * (memory.c), not in rounds. The three gc_young entries differ only in the
 * number of old objects (N/10, N, 10N), which main.c adds to the label.
 */
#include "bench.h"

#define ROUND(fn) { .round = (fn) }
#define SIDES(r, p, m) { [IMPL_RCO] = ROUND(r), [IMPL_PY] = ROUND(p), [IMPL_MALLOC] = ROUND(m) }
#define YOUNG_SIDES                                                                  \
    {                                                                                \
        [IMPL_RCO] = { bench_rco_gc_young_setup, bench_rco_gc_young,                 \
                       bench_rco_gc_young_teardown },                                \
        [IMPL_PY] = { bench_py_gc_young_setup, bench_py_gc_young,                    \
                      bench_py_gc_young_teardown },                                  \
    }

const bench_workload bench_workloads[] = {
    { .name = "malloc24", .label = { "malloc+free 24 bytes (floor)" }, .phases = 1,
      .unit = "ns/op", .side = SIDES(NULL, NULL, bench_malloc_24) },
    { .name = "int", .label = { "int create+free" }, .phases = 1, .unit = "ns/op",
      .side = SIDES(bench_rco_int, bench_py_int, bench_malloc_int) },
    { .name = "list_append", .label = { "list append new int (+free)" }, .phases = 1,
      .unit = "ns/item",
      .side = SIDES(bench_rco_list_append, bench_py_list_append, bench_malloc_list_append) },
    { .name = "tuple3", .label = { "3-tuple create+free" }, .phases = 1, .unit = "ns/op",
      .side = SIDES(bench_rco_tuple3, bench_py_tuple3, bench_malloc_tuple3) },
    { .name = "tuple3_pack", .label = { "3-tuple pack+free" }, .phases = 1, .unit = "ns/op",
      .side = SIDES(bench_rco_tuple3_pack, bench_py_tuple3_pack, bench_malloc_tuple3) },
    { .name = "dict_int", .label = { "dict set int key", "dict get int key" }, .phases = 2,
      .unit = "ns/op",
      .side = SIDES(bench_rco_dict_int, bench_py_dict_int, bench_malloc_dict_int) },
    { .name = "dict_int_scattered",
      .label = { "dict set int key, scattered", "dict get int key, scattered" }, .phases = 2,
      .unit = "ns/op",
      .side = SIDES(bench_rco_dict_int_scattered, bench_py_dict_int_scattered,
                    bench_malloc_dict_int) },
    { .name = "dict_str", .label = { "dict set str key (pre-made)" }, .phases = 1,
      .unit = "ns/op", .side = SIDES(bench_rco_dict_str, bench_py_dict_str, NULL) },
    { .name = "hostile_str",
      .label = { "dict set str keys colliding unkeyed", "dict set random str keys" }, .phases = 2,
      .unit = "ns/op", .n_scale = 0.1, .side = SIDES(bench_rco_hostile_str, bench_py_hostile_str, NULL) },
    { .name = "hostile_int",
      .label = { "dict set int keys sharing 44 low bits", "dict set random int keys" }, .phases = 2,
      .unit = "ns/op", .n_scale = 0.1, .side = SIDES(bench_rco_hostile_int, bench_py_hostile_int, NULL) },
    { .name = "str_hash", .label = { "str create+hash (12 chars)" }, .phases = 1,
      .unit = "ns/op",
      .side = SIDES(bench_rco_str_hash, bench_py_str_hash, bench_malloc_str_hash) },
    { .name = "gc_cycles", .label = { "gc full: free 2-list cycles" }, .phases = 1,
      .unit = "ns/object", .side = SIDES(bench_rco_gc_cycles, bench_py_gc_cycles, NULL) },
    { .name = "gc_full", .label = { "gc full: live lists, no garbage" }, .phases = 1,
      .unit = "ns/object", .side = SIDES(bench_rco_gc_full, bench_py_gc_full, NULL) },
    { .name = "gc_young", .label = { "gc gen0: 1000 young +" }, .phases = 1,
      .unit = "ns/collect", .n_scale = 0.1, .one_op = true, .side = YOUNG_SIDES },
    { .name = "gc_young", .label = { "gc gen0: 1000 young +" }, .phases = 1,
      .unit = "ns/collect", .n_scale = 1, .one_op = true, .side = YOUNG_SIDES },
    { .name = "gc_young", .label = { "gc gen0: 1000 young +" }, .phases = 1,
      .unit = "ns/collect", .n_scale = 10, .one_op = true, .side = YOUNG_SIDES },
    { .name = "refcount", .label = { "incref+decref pair" }, .phases = 1, .unit = "ns/op",
      .side = SIDES(bench_rco_refcount, bench_py_refcount, NULL) },
    { .name = "sort_int", .label = { "list sort, random ints" }, .phases = 1, .unit = "ns/item",
      .side = SIDES(bench_rco_sort_int, bench_py_sort_int, bench_malloc_sort_int) },
    { .name = "sort_float", .label = { "list sort, random floats" }, .phases = 1, .unit = "ns/item",
      .side = SIDES(bench_rco_sort_float, bench_py_sort_float, bench_malloc_sort_float) },
    { .name = "sort_str", .label = { "list sort, random 12-char strs" }, .phases = 1, .unit = "ns/item",
      .side = SIDES(bench_rco_sort_str, bench_py_sort_str, bench_malloc_sort_str) },
    /* work_threads.c runs these: 2 threads against 1, and a shared count. */
    { .name = "threads_alloc", .label = { "threads: independent allocation" }, .unit = "x" },
    { .name = "threads_lookup", .label = { "threads: shared dict lookups" }, .unit = "x" },
    { .name = "shared_refcount", .label = { "incref+decref, another thread's object" }, .unit = "ns/op" },
    /* work_json.c runs these, against Jansson, json-c and Python's json. */
    { .name = "json_records", .label = { "JSON parse+dump: ~20 MB of records (MB/s)" }, .unit = "MB/s" },
    { .name = "json_deep", .label = { "JSON parse+dump: nested 500 deep (MB/s)" }, .unit = "MB/s" },
    { .name = "json_strings", .label = { "JSON parse+dump: escapes and UTF-8 (MB/s)" }, .unit = "MB/s" },
};

const size_t bench_workload_count = sizeof bench_workloads / sizeof bench_workloads[0];
