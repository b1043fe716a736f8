/*
 * debug_sites.h: the public functions that librco-debug attributes to their
 * caller's line. Each entry is
 *     RCO__SITED(return type, name, (parameters), (arguments))
 * (RCO__SITED0 without parameters, RCO__SITED_VOID for void functions).
 * rco/debug.h turns each into a prototype of name__at; the library turns
 * each into a definition that records the site and calls name. Included
 * only through those two; no include guard on purpose.
 */
RCO__SITED(intptr_t, rco_refcount, (const rco_object *o), (o))
RCO__SITED(const rco_type *, rco_typeof, (const rco_object *o), (o))
RCO__SITED(rco_object *, rco_new, (rco_type *t), (t))
RCO__SITED(rco_object *, rco_gc_new, (rco_type *t), (t))

RCO__SITED(rco_object *, rco_int, (int64_t v), (v))
RCO__SITED(rco_object *, rco_int_from_uint64, (uint64_t v), (v))
RCO__SITED(int64_t, rco_int_value, (rco_object *o), (o))
RCO__SITED(rco_object *, rco_float, (double v), (v))
RCO__SITED(double, rco_float_value, (rco_object *o), (o))

RCO__SITED(rco_object *, rco_str, (const char *utf8), (utf8))
RCO__SITED(rco_object *, rco_str_n, (const char *p, size_t n), (p, n))
RCO__SITED(const char *, rco_str_utf8, (rco_object *s), (s))
RCO__SITED(ssize_t, rco_str_size, (rco_object *s), (s))
RCO__SITED(rco_object *, rco_bytes, (const void *p, size_t n), (p, n))
RCO__SITED(const char *, rco_bytes_data, (rco_object *b), (b))

RCO__SITED(rco_object *, rco_tuple_new, (size_t n), (n))
RCO__SITED(int, rco_tuple_set, (rco_object *t, size_t i, rco_object *item), (t, i, item))
RCO__SITED(int, rco_tuple_set_steal, (rco_object *t, size_t i, rco_object *item), (t, i, item))
RCO__SITED(rco_object *, rco_tuple_get, (rco_object *t, size_t i), (t, i))

RCO__SITED(rco_object *, rco_list_new, (size_t n), (n))
RCO__SITED(int, rco_list_append, (rco_object *l, rco_object *item), (l, item))
RCO__SITED(int, rco_list_append_steal, (rco_object *l, rco_object *item), (l, item))
RCO__SITED(int, rco_list_set, (rco_object *l, size_t i, rco_object *item), (l, i, item))
RCO__SITED(int, rco_list_set_steal, (rco_object *l, size_t i, rco_object *item), (l, i, item))
RCO__SITED(rco_object *, rco_list_get, (rco_object *l, size_t i), (l, i))
RCO__SITED(rco_object *, rco_list_get_ref, (rco_object *l, size_t i), (l, i))
RCO__SITED(int, rco_list_insert, (rco_object *l, size_t i, rco_object *item), (l, i, item))
RCO__SITED(rco_object *, rco_list_pop, (rco_object *l, size_t i), (l, i))
RCO__SITED(int, rco_list_del, (rco_object *l, size_t i), (l, i))
RCO__SITED(int, rco_list_clear, (rco_object *l), (l))

RCO__SITED0(rco_object *, rco_dict_new)
RCO__SITED(int, rco_dict_set, (rco_object *d, rco_object *key, rco_object *value), (d, key, value))
RCO__SITED(int, rco_dict_set_steal, (rco_object *d, rco_object *key, rco_object *value), (d, key, value))
RCO__SITED(int, rco_dict_set_str, (rco_object *d, const char *key, rco_object *value), (d, key, value))
RCO__SITED(rco_object *, rco_dict_get, (rco_object *d, rco_object *key), (d, key))
RCO__SITED(rco_object *, rco_dict_get_str, (rco_object *d, const char *key), (d, key))
RCO__SITED(int, rco_dict_get_ref, (rco_object *d, rco_object *key, rco_object **out), (d, key, out))
RCO__SITED(int, rco_dict_get_str_ref, (rco_object *d, const char *key, rco_object **out), (d, key, out))
RCO__SITED(int, rco_dict_del, (rco_object *d, rco_object *key), (d, key))
RCO__SITED(int, rco_dict_del_str, (rco_object *d, const char *key), (d, key))
RCO__SITED(int, rco_dict_contains, (rco_object *d, rco_object *key), (d, key))
RCO__SITED(int, rco_dict_next, (rco_object *d, size_t *pos, rco_object **key, rco_object **value),
           (d, pos, key, value))
RCO__SITED(int, rco_dict_clear, (rco_object *d), (d))

RCO__SITED0(rco_object *, rco_set_new)
RCO__SITED(int, rco_set_add, (rco_object *s, rco_object *item), (s, item))
RCO__SITED(int, rco_set_contains, (rco_object *s, rco_object *item), (s, item))
RCO__SITED(int, rco_set_discard, (rco_object *s, rco_object *item), (s, item))
RCO__SITED(int, rco_set_next, (rco_object *s, size_t *pos, rco_object **item), (s, pos, item))

RCO__SITED(ssize_t, rco_len, (rco_object *o), (o))
RCO__SITED(int, rco_equal, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(int64_t, rco_hash, (rco_object *o), (o))
RCO__SITED(rco_object *, rco_repr, (rco_object *o), (o))
RCO__SITED(int, rco_print, (rco_object *o, FILE *f), (o, f))
RCO__SITED(rco_object *, rco_build_va, (const char *fmt, va_list ap), (fmt, ap))
RCO__SITED(int, rco_unpack_va, (rco_object *tuple, const char *fmt, va_list ap), (tuple, fmt, ap))

RCO__SITED(rco_type *, rco_class_new, (const char *name, rco_finalizer finalize, rco_finalizer legacy_del),
           (name, finalize, legacy_del))
RCO__SITED(rco_object *, rco_instance_new, (rco_type *cls), (cls))
RCO__SITED(int, rco_setattr, (rco_object *o, const char *name, rco_object *value), (o, name, value))
RCO__SITED(rco_object *, rco_getattr, (rco_object *o, const char *name), (o, name))
RCO__SITED(int, rco_hasattr, (rco_object *o, const char *name), (o, name))
RCO__SITED(int, rco_delattr, (rco_object *o, const char *name), (o, name))

RCO__SITED(rco_object *, rco_weakref_new, (rco_object *target, rco_weak_callback cb, void *arg),
           (target, cb, arg))
RCO__SITED(rco_object *, rco_weakref_get, (rco_object *ref), (ref))
RCO__SITED(ssize_t, rco_weakref_count, (rco_object *o), (o))

RCO__SITED(ssize_t, rco_gc_collect, (int generation), (generation))
RCO__SITED0(rco_object *, rco_gc_garbage)
RCO__SITED(rco_object *, rco_gc_get_objects, (int generation), (generation))
RCO__SITED(rco_object *, rco_gc_get_referrers, (rco_object *o), (o))
RCO__SITED(rco_object *, rco_gc_get_referents, (rco_object *o), (o))
RCO__SITED(int, rco_gc_is_tracked, (rco_object *o), (o))
RCO__SITED(int, rco_gc_is_finalized, (rco_object *o), (o))
RCO__SITED(int, rco_debug_write_dot, (rco_object *o, int depth, FILE *out), (o, depth, out))
RCO__SITED_VOID(rco_shutdown)

/* ---- values ---- */
RCO__SITED(int, rco_compare, (rco_object *a, rco_object *b, int op), (a, b, op))
RCO__SITED(int, rco_truth, (rco_object *o), (o))
RCO__SITED(rco_object *, rco_str_of, (rco_object *o), (o))
RCO__SITED(int, rco_contains, (rco_object *c, rco_object *item), (c, item))
RCO__SITED(rco_object *, rco_concat, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(rco_object *, rco_slice, (rco_object *seq, ssize_t start, ssize_t stop, ssize_t step),
           (seq, start, stop, step))
RCO__SITED(ssize_t, rco_index, (rco_object *seq, rco_object *item), (seq, item))
RCO__SITED(ssize_t, rco_count, (rco_object *seq, rco_object *item), (seq, item))
RCO__SITED(rco_object *, rco_iter, (rco_object *o), (o))
RCO__SITED(rco_object *, rco_iter_next, (rco_object *it), (it))
RCO__SITED(rco_object *, rco_list_from, (rco_object *iterable), (iterable))
RCO__SITED(rco_object *, rco_tuple_from, (rco_object *iterable), (iterable))
RCO__SITED(int, rco_list_extend, (rco_object *l, rco_object *iterable), (l, iterable))
RCO__SITED(int, rco_list_reverse, (rco_object *l), (l))
RCO__SITED(int, rco_list_remove, (rco_object *l, rco_object *item), (l, item))
RCO__SITED(int, rco_list_sort, (rco_object *l, int reverse), (l, reverse))
RCO__SITED(int, rco_list_sort_key, (rco_object *l, rco_key_fn key, void *arg, int reverse),
           (l, key, arg, reverse))
RCO__SITED(rco_object *, rco_dict_keys, (rco_object *d), (d))
RCO__SITED(rco_object *, rco_dict_values, (rco_object *d), (d))
RCO__SITED(rco_object *, rco_dict_items, (rco_object *d), (d))
RCO__SITED(rco_object *, rco_dict_get_default, (rco_object *d, rco_object *key, rco_object *dflt),
           (d, key, dflt))
RCO__SITED(rco_object *, rco_dict_pop, (rco_object *d, rco_object *key), (d, key))
RCO__SITED(rco_object *, rco_dict_setdefault, (rco_object *d, rco_object *key, rco_object *dflt),
           (d, key, dflt))
RCO__SITED(int, rco_dict_update, (rco_object *d, rco_object *other), (d, other))
RCO__SITED(rco_object *, rco_set_union, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(rco_object *, rco_set_intersection, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(rco_object *, rco_set_difference, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(rco_object *, rco_set_symmetric_difference, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(int, rco_set_update, (rco_object *s, rco_object *iterable), (s, iterable))
RCO__SITED(rco_object *, rco_set_pop, (rco_object *s), (s))
RCO__SITED(int, rco_set_issubset, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(int, rco_set_issuperset, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(int, rco_set_isdisjoint, (rco_object *a, rco_object *b), (a, b))
RCO__SITED(rco_object *, rco_str_join, (rco_object *sep, rco_object *iterable), (sep, iterable))
RCO__SITED(rco_object *, rco_str_split, (rco_object *s, rco_object *sep, ssize_t maxsplit),
           (s, sep, maxsplit))
RCO__SITED(ssize_t, rco_str_find, (rco_object *s, rco_object *sub), (s, sub))
RCO__SITED(rco_object *, rco_str_replace, (rco_object *s, rco_object *old, rco_object *new_, ssize_t count),
           (s, old, new_, count))
RCO__SITED(rco_object *, rco_str_strip, (rco_object *s, rco_object *chars), (s, chars))
RCO__SITED(rco_object *, rco_copy, (rco_object *o), (o))
RCO__SITED(rco_object *, rco_deepcopy, (rco_object *o), (o))

/* ---- data in and out ---- */
RCO__SITED(rco_object *, rco_json_loads, (const char *text, size_t n), (text, n))
RCO__SITED(rco_object *, rco_json_load_file, (FILE *f), (f))
RCO__SITED(rco_object *, rco_json_dumps, (rco_object *o, int flags), (o, flags))
RCO__SITED(int, rco_json_dump_file, (rco_object *o, FILE *f, int flags), (o, f, flags))
RCO__SITED(rco_object *, rco_parse, (const char *text, size_t n), (text, n))
