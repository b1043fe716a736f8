# Run at gdb_stop_here in gdb_target.c, librco with RCO_MALLOC=malloc: the
# objects are in the system allocator's blocks, which rco-heap walks instead
# of pools.
print g_list
print g_dict
rco-refs g_shared
rco-heap
