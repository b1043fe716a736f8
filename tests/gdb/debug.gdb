# librco-debug: rco-refs knows where each object was made, and its ledger.
info auto-load python-scripts
print g_list
print g_dict
print g_freed
print g_dead_tuple
rco-refs g_list
rco-refs g_inst
rco-refs g_freed
rco-heap
