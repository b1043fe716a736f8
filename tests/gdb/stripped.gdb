# librco stripped of everything but its dynamic symbols, and the program
# built without -g: gdb knows no types, the extension reads its table.
info auto-load python-scripts
rco-print *(void **)&g_list
rco-print *(void **)&g_big
rco-print *(void **)&g_self
rco-print *(void **)&g_dict
rco-print *(void **)&g_str
rco-print *(void **)&g_float
rco-print *(void **)&g_tuple
rco-print *(void **)&g_inst
rco-print *(void **)&g_set
rco-print *(void **)&g_empty_set
rco-print *(void **)&g_weak
rco-print *(void **)&g_dead_weak
rco-print *(void **)&g_bytes
rco-print *(void **)&g_freed
rco-print *(void **)&g_dead_tuple
rco-print *(void **)&g_garbage
rco-print *(void **)&g_deep
rco-print *(void **)&g_bad_items
rco-print *(void **)&g_bad_size
rco-print g_list
rco-refs *(void **)&g_list
rco-heap
