# Run at gdb_stop_here in gdb_target.c, librco with its debug information
# and the program built with -g: the pretty-printer prints rco_object *.
info auto-load python-scripts
print g_list
print g_big
print g_self
print g_dict
print g_str
print g_float
print g_tuple
print g_inst
print g_inst->type
print g_list->type
print g_set
print g_empty_set
print g_weak
print g_dead_weak
print g_bytes
print g_freed
print g_dead_tuple
print (rco_object *)g_garbage
print g_deep
print g_bad_items
print g_bad_size
rco-print g_self
rco-print g_dict
rco-print 0
rco-print g_garbage
rco-print/call g_list
rco-refs g_list
rco-refs g_inst
rco-refs g_shared
rco-refs g_from_thread
rco-heap
