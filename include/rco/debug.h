/*
 * rco/debug.h: the leak detective's call-site layer, included by rco.h when
 * RCO_DEBUG is defined (pkg-config rco-debug adds it).
 *
 * Each public function f that touches objects has a twin f__at that takes
 * the caller's file, line and function first, and f becomes a macro that
 * calls the twin with __FILE__, __LINE__ and __func__. So the ledger knows
 * which line of *your* code created, took, released, borrowed or used an
 * object. The functions themselves still exist, so &f and (f)(...) work
 * (without a site). Link librco-debug: librco has no twins.
 */
#ifndef RCO_DEBUG_H
#define RCO_DEBUG_H

#ifdef __cplusplus
extern "C" {
#endif

#define RCO__HERE __FILE__, __LINE__, __func__
#define RCO__SITE_PARAMS const char *rco_file, int rco_line, const char *rco_func
#define RCO__UNPAREN(...) __VA_ARGS__

#define RCO__SITED(ret, name, params, args) RCO_API ret name##__at(RCO__SITE_PARAMS, RCO__UNPAREN params);
#define RCO__SITED0(ret, name) RCO_API ret name##__at(RCO__SITE_PARAMS);
#define RCO__SITED_VOID(name) RCO_API void name##__at(RCO__SITE_PARAMS);
#include "rco/debug_sites.h"
#undef RCO__SITED
#undef RCO__SITED0
#undef RCO__SITED_VOID

/* Written by hand: reference counting and the variadic functions. */
RCO_API rco_object *rco_incref__at(RCO__SITE_PARAMS, rco_object *o);
RCO_API void rco_decref__at(RCO__SITE_PARAMS, rco_object *o);
RCO_API void rco_xincref__at(RCO__SITE_PARAMS, rco_object *o);
RCO_API void rco_xdecref__at(RCO__SITE_PARAMS, rco_object *o);
RCO_API rco_object *rco_str_printf__at(RCO__SITE_PARAMS, const char *fmt, ...);
RCO_API rco_object *rco_tuple_pack__at(RCO__SITE_PARAMS, size_t n, ...);
RCO_API rco_object *rco_build__at(RCO__SITE_PARAMS, const char *fmt, ...);
RCO_API int rco_unpack__at(RCO__SITE_PARAMS, rco_object *tuple, const char *fmt, ...);

/* The static analyzer sees the calls themselves: the twins carry no
 * ownership annotations (rco/analyze.h), and it generates no code. */
#if !defined(RCO__BUILDING) && !defined(__clang_analyzer__)
#define rco_incref(...) rco_incref__at(RCO__HERE, __VA_ARGS__)
#define rco_decref(...) rco_decref__at(RCO__HERE, __VA_ARGS__)
#define rco_xincref(...) rco_xincref__at(RCO__HERE, __VA_ARGS__)
#define rco_xdecref(...) rco_xdecref__at(RCO__HERE, __VA_ARGS__)
#define rco_str_printf(...) rco_str_printf__at(RCO__HERE, __VA_ARGS__)
#define rco_tuple_pack(...) rco_tuple_pack__at(RCO__HERE, __VA_ARGS__)
#define rco_build(...) rco_build__at(RCO__HERE, __VA_ARGS__)
#define rco_unpack(...) rco_unpack__at(RCO__HERE, __VA_ARGS__)

#define rco_refcount(...) rco_refcount__at(RCO__HERE, __VA_ARGS__)
#define rco_typeof(...) rco_typeof__at(RCO__HERE, __VA_ARGS__)
#define rco_new(...) rco_new__at(RCO__HERE, __VA_ARGS__)
#define rco_gc_new(...) rco_gc_new__at(RCO__HERE, __VA_ARGS__)
#define rco_int(...) rco_int__at(RCO__HERE, __VA_ARGS__)
#define rco_int_from_uint64(...) rco_int_from_uint64__at(RCO__HERE, __VA_ARGS__)
#define rco_int_value(...) rco_int_value__at(RCO__HERE, __VA_ARGS__)
#define rco_float(...) rco_float__at(RCO__HERE, __VA_ARGS__)
#define rco_float_value(...) rco_float_value__at(RCO__HERE, __VA_ARGS__)
#define rco_str(...) rco_str__at(RCO__HERE, __VA_ARGS__)
#define rco_str_n(...) rco_str_n__at(RCO__HERE, __VA_ARGS__)
#define rco_str_utf8(...) rco_str_utf8__at(RCO__HERE, __VA_ARGS__)
#define rco_str_size(...) rco_str_size__at(RCO__HERE, __VA_ARGS__)
#define rco_bytes(...) rco_bytes__at(RCO__HERE, __VA_ARGS__)
#define rco_bytes_data(...) rco_bytes_data__at(RCO__HERE, __VA_ARGS__)
#define rco_tuple_new(...) rco_tuple_new__at(RCO__HERE, __VA_ARGS__)
#define rco_tuple_set(...) rco_tuple_set__at(RCO__HERE, __VA_ARGS__)
#define rco_tuple_set_steal(...) rco_tuple_set_steal__at(RCO__HERE, __VA_ARGS__)
#define rco_tuple_get(...) rco_tuple_get__at(RCO__HERE, __VA_ARGS__)
#define rco_list_new(...) rco_list_new__at(RCO__HERE, __VA_ARGS__)
#define rco_list_append(...) rco_list_append__at(RCO__HERE, __VA_ARGS__)
#define rco_list_append_steal(...) rco_list_append_steal__at(RCO__HERE, __VA_ARGS__)
#define rco_list_set(...) rco_list_set__at(RCO__HERE, __VA_ARGS__)
#define rco_list_set_steal(...) rco_list_set_steal__at(RCO__HERE, __VA_ARGS__)
#define rco_list_get(...) rco_list_get__at(RCO__HERE, __VA_ARGS__)
#define rco_list_get_ref(...) rco_list_get_ref__at(RCO__HERE, __VA_ARGS__)
#define rco_list_insert(...) rco_list_insert__at(RCO__HERE, __VA_ARGS__)
#define rco_list_pop(...) rco_list_pop__at(RCO__HERE, __VA_ARGS__)
#define rco_list_del(...) rco_list_del__at(RCO__HERE, __VA_ARGS__)
#define rco_list_clear(...) rco_list_clear__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_new() rco_dict_new__at(RCO__HERE)
#define rco_dict_set(...) rco_dict_set__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_set_steal(...) rco_dict_set_steal__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_set_str(...) rco_dict_set_str__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_get(...) rco_dict_get__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_get_str(...) rco_dict_get_str__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_get_ref(...) rco_dict_get_ref__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_get_str_ref(...) rco_dict_get_str_ref__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_del(...) rco_dict_del__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_del_str(...) rco_dict_del_str__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_contains(...) rco_dict_contains__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_next(...) rco_dict_next__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_clear(...) rco_dict_clear__at(RCO__HERE, __VA_ARGS__)
#define rco_set_new() rco_set_new__at(RCO__HERE)
#define rco_set_add(...) rco_set_add__at(RCO__HERE, __VA_ARGS__)
#define rco_set_contains(...) rco_set_contains__at(RCO__HERE, __VA_ARGS__)
#define rco_set_discard(...) rco_set_discard__at(RCO__HERE, __VA_ARGS__)
#define rco_set_next(...) rco_set_next__at(RCO__HERE, __VA_ARGS__)
#define rco_len(...) rco_len__at(RCO__HERE, __VA_ARGS__)
#define rco_equal(...) rco_equal__at(RCO__HERE, __VA_ARGS__)
#define rco_hash(...) rco_hash__at(RCO__HERE, __VA_ARGS__)
#define rco_repr(...) rco_repr__at(RCO__HERE, __VA_ARGS__)
#define rco_print(...) rco_print__at(RCO__HERE, __VA_ARGS__)
#define rco_build_va(...) rco_build_va__at(RCO__HERE, __VA_ARGS__)
#define rco_unpack_va(...) rco_unpack_va__at(RCO__HERE, __VA_ARGS__)
#define rco_class_new(...) rco_class_new__at(RCO__HERE, __VA_ARGS__)
#define rco_instance_new(...) rco_instance_new__at(RCO__HERE, __VA_ARGS__)
#define rco_setattr(...) rco_setattr__at(RCO__HERE, __VA_ARGS__)
#define rco_getattr(...) rco_getattr__at(RCO__HERE, __VA_ARGS__)
#define rco_hasattr(...) rco_hasattr__at(RCO__HERE, __VA_ARGS__)
#define rco_delattr(...) rco_delattr__at(RCO__HERE, __VA_ARGS__)
#define rco_weakref_new(...) rco_weakref_new__at(RCO__HERE, __VA_ARGS__)
#define rco_weakref_get(...) rco_weakref_get__at(RCO__HERE, __VA_ARGS__)
#define rco_weakref_count(...) rco_weakref_count__at(RCO__HERE, __VA_ARGS__)
#define rco_gc_collect(...) rco_gc_collect__at(RCO__HERE, __VA_ARGS__)
#define rco_gc_garbage() rco_gc_garbage__at(RCO__HERE)
#define rco_gc_get_objects(...) rco_gc_get_objects__at(RCO__HERE, __VA_ARGS__)
#define rco_gc_get_referrers(...) rco_gc_get_referrers__at(RCO__HERE, __VA_ARGS__)
#define rco_gc_get_referents(...) rco_gc_get_referents__at(RCO__HERE, __VA_ARGS__)
#define rco_gc_is_tracked(...) rco_gc_is_tracked__at(RCO__HERE, __VA_ARGS__)
#define rco_gc_is_finalized(...) rco_gc_is_finalized__at(RCO__HERE, __VA_ARGS__)
#define rco_debug_write_dot(...) rco_debug_write_dot__at(RCO__HERE, __VA_ARGS__)
#define rco_shutdown() rco_shutdown__at(RCO__HERE)

/* ---- values ---- */
#define rco_compare(...) rco_compare__at(RCO__HERE, __VA_ARGS__)
#define rco_truth(...) rco_truth__at(RCO__HERE, __VA_ARGS__)
#define rco_str_of(...) rco_str_of__at(RCO__HERE, __VA_ARGS__)
#define rco_contains(...) rco_contains__at(RCO__HERE, __VA_ARGS__)
#define rco_concat(...) rco_concat__at(RCO__HERE, __VA_ARGS__)
#define rco_slice(...) rco_slice__at(RCO__HERE, __VA_ARGS__)
#define rco_index(...) rco_index__at(RCO__HERE, __VA_ARGS__)
#define rco_count(...) rco_count__at(RCO__HERE, __VA_ARGS__)
#define rco_iter(...) rco_iter__at(RCO__HERE, __VA_ARGS__)
#define rco_iter_next(...) rco_iter_next__at(RCO__HERE, __VA_ARGS__)
#define rco_list_from(...) rco_list_from__at(RCO__HERE, __VA_ARGS__)
#define rco_tuple_from(...) rco_tuple_from__at(RCO__HERE, __VA_ARGS__)
#define rco_list_extend(...) rco_list_extend__at(RCO__HERE, __VA_ARGS__)
#define rco_list_reverse(...) rco_list_reverse__at(RCO__HERE, __VA_ARGS__)
#define rco_list_remove(...) rco_list_remove__at(RCO__HERE, __VA_ARGS__)
#define rco_list_sort(...) rco_list_sort__at(RCO__HERE, __VA_ARGS__)
#define rco_list_sort_key(...) rco_list_sort_key__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_keys(...) rco_dict_keys__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_values(...) rco_dict_values__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_items(...) rco_dict_items__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_get_default(...) rco_dict_get_default__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_pop(...) rco_dict_pop__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_setdefault(...) rco_dict_setdefault__at(RCO__HERE, __VA_ARGS__)
#define rco_dict_update(...) rco_dict_update__at(RCO__HERE, __VA_ARGS__)
#define rco_set_union(...) rco_set_union__at(RCO__HERE, __VA_ARGS__)
#define rco_set_intersection(...) rco_set_intersection__at(RCO__HERE, __VA_ARGS__)
#define rco_set_difference(...) rco_set_difference__at(RCO__HERE, __VA_ARGS__)
#define rco_set_symmetric_difference(...) rco_set_symmetric_difference__at(RCO__HERE, __VA_ARGS__)
#define rco_set_update(...) rco_set_update__at(RCO__HERE, __VA_ARGS__)
#define rco_set_pop(...) rco_set_pop__at(RCO__HERE, __VA_ARGS__)
#define rco_set_issubset(...) rco_set_issubset__at(RCO__HERE, __VA_ARGS__)
#define rco_set_issuperset(...) rco_set_issuperset__at(RCO__HERE, __VA_ARGS__)
#define rco_set_isdisjoint(...) rco_set_isdisjoint__at(RCO__HERE, __VA_ARGS__)
#define rco_str_join(...) rco_str_join__at(RCO__HERE, __VA_ARGS__)
#define rco_str_split(...) rco_str_split__at(RCO__HERE, __VA_ARGS__)
#define rco_str_find(...) rco_str_find__at(RCO__HERE, __VA_ARGS__)
#define rco_str_replace(...) rco_str_replace__at(RCO__HERE, __VA_ARGS__)
#define rco_str_strip(...) rco_str_strip__at(RCO__HERE, __VA_ARGS__)
#define rco_copy(...) rco_copy__at(RCO__HERE, __VA_ARGS__)
#define rco_deepcopy(...) rco_deepcopy__at(RCO__HERE, __VA_ARGS__)

/* ---- data in and out ---- */
#define rco_json_loads(...) rco_json_loads__at(RCO__HERE, __VA_ARGS__)
#define rco_json_load_file(...) rco_json_load_file__at(RCO__HERE, __VA_ARGS__)
#define rco_json_dumps(...) rco_json_dumps__at(RCO__HERE, __VA_ARGS__)
#define rco_json_dump_file(...) rco_json_dump_file__at(RCO__HERE, __VA_ARGS__)
#define rco_parse(...) rco_parse__at(RCO__HERE, __VA_ARGS__)
#endif /* !RCO__BUILDING && !__clang_analyzer__ */

#ifdef __cplusplus
}
#endif

#endif /* RCO_DEBUG_H */
