/*
 * rco/analyze.h: what Clang's static analyzer sees of rco.h where the header
 * as compilers see it would hide ownership from it. Included by rco.h only
 * under __clang_analyzer__ (rco-analyze, clang --analyze, clang-tidy,
 * scan-build), never for code generation, so nothing here touches the ABI.
 * docs/static-analysis.md says what each part buys.
 *
 * The checker is osx.cocoa.RetainCount. It reads the annotations behind
 * RCO_NEW, RCO_BORROWED and RCO_STEALS, and otherwise goes by conventions
 * made for Core Foundation and the isl library; the parts below put rco in
 * the shape of those conventions. rco.h includes this file twice: once
 * before its declarations (RCO__ANALYZE_PART 1: names) and once after them
 * (part 2: calls). No include guard on purpose.
 */

#if RCO__ANALYZE_PART == 1

/* Parameters. The checker tracks a function's own parameters (so that
 * releasing a borrowed one is an error) only when their type is spelled
 * with the isl library's prefix. rco_object and rco_type take that spelling
 * here; the findings of rco-analyze spell them back. */
#define rco_object isl_rco_object
#define rco_type isl_rco_type

/* Functions that only read their object arguments. A call to an unknown
 * function makes an owned reference "may have escaped", after which a use
 * after release goes unseen (seed 001 prints the object before releasing
 * it). The checker leaves arguments alone for functions named like Core
 * Foundation's, so these get such names here. Functions that store an
 * argument (append, set, insert, setattr, ...) keep the escape, because
 * using an object after releasing it is fine while a container holds it. */
#define rco_refcount CF_rco_refcount
#define rco_typeof CF_rco_typeof
#define rco_type_name CF_rco_type_name
#define rco_is_none CF_rco_is_none
#define rco_int_value CF_rco_int_value
#define rco_float_value CF_rco_float_value
#define rco_str_utf8 CF_rco_str_utf8
#define rco_str_size CF_rco_str_size
#define rco_bytes_data CF_rco_bytes_data
#define rco_tuple_get CF_rco_tuple_get
#define rco_list_get CF_rco_list_get
#define rco_list_pop CF_rco_list_pop
#define rco_list_del CF_rco_list_del
#define rco_list_clear CF_rco_list_clear
#define rco_dict_get CF_rco_dict_get
#define rco_dict_get_str CF_rco_dict_get_str
#define rco_dict_del CF_rco_dict_del
#define rco_dict_del_str CF_rco_dict_del_str
#define rco_dict_contains CF_rco_dict_contains
#define rco_dict_next CF_rco_dict_next
#define rco_dict_clear CF_rco_dict_clear
#define rco_set_contains CF_rco_set_contains
#define rco_set_discard CF_rco_set_discard
#define rco_set_next CF_rco_set_next
#define rco_len CF_rco_len
#define rco_equal CF_rco_equal
#define rco_hash CF_rco_hash
#define rco_repr CF_rco_repr
#define rco_print CF_rco_print
#define rco_unpack CF_rco_unpack
#define rco_unpack_va CF_rco_unpack_va
#define rco_getattr CF_rco_getattr
#define rco_hasattr CF_rco_hasattr
#define rco_delattr CF_rco_delattr
#define rco_is_class CF_rco_is_class
#define rco_weakref_new CF_rco_weakref_new
#define rco_weakref_get CF_rco_weakref_get
#define rco_weakref_count CF_rco_weakref_count
#define rco_gc_get_referrers CF_rco_gc_get_referrers
#define rco_gc_get_referents CF_rco_gc_get_referents
#define rco_gc_is_tracked CF_rco_gc_is_tracked
#define rco_gc_is_finalized CF_rco_gc_is_finalized
#define rco_debug_write_dot CF_rco_debug_write_dot

#elif RCO__ANALYZE_PART == 2

/* ---- reference counting ----------------------------------------------
 * The inline bodies would show the analyzer a field being incremented,
 * which means nothing to it. An increment it recognises by name and type
 * only (a one-argument function whose name ends in "retain", returning a
 * type named CF...Ref); a release is an ordinary stealing function. */
typedef rco_object *CF_rco_objectRef;
RCO_API CF_rco_objectRef rco__an_incref_retain(rco_object *o);
RCO_API void rco__an_decref(RCO_STEALS rco_object *o);
/* Each name is undefined first: rco.h may make any of them a macro. */
#undef rco_incref
#undef rco_xincref
#undef rco_decref
#undef rco_xdecref
#define rco_incref(o) rco__an_incref_retain(o)
#define rco_xincref(o) ((void)rco__an_incref_retain(o))
#define rco_decref(o) rco__an_decref(o)
#define rco_xdecref(o) rco__an_decref(o)

/* The inline fast paths store the item straight into the tuple, and a
 * store into memory makes the analyzer stop tracking: call the functions. */
#undef rco_tuple_set
#undef rco_tuple_set_steal

/* ---- steals ----------------------------------------------------------
 * After a _steal call the object is not released but held by the
 * container, which the caller may go on using as borrowed (rco_build's N
 * in the same way). The checker has no such effect; an escape (the owned
 * reference becomes "not owned, +1") followed by the release of a stolen
 * parameter (+0) makes exactly that: releasing it again is then an error,
 * using it is not. A statement expression evaluates the item once and
 * keeps every finding on the caller's line. */
RCO_API void rco__an_handed_on(rco_object *o);
#define RCO__AN_HAND_ON(call, item)                                          \
    __extension__({                                                          \
        rco_object *rco__an_item = (item);                                   \
        rco__an_handed_on(rco__an_item);                                     \
        call;                                                                \
    })
#undef rco_list_append_steal
#undef rco_list_set_steal
#undef rco_dict_set_steal
#define rco_tuple_set_steal(t, i, item) RCO__AN_HAND_ON(rco_tuple_set_steal((t), (i), rco__an_item), item)
#define rco_list_append_steal(l, item) RCO__AN_HAND_ON(rco_list_append_steal((l), rco__an_item), item)
#define rco_list_set_steal(l, i, item) RCO__AN_HAND_ON(rco_list_set_steal((l), (i), rco__an_item), item)
#define rco_dict_set_steal(d, key, value)                                    \
    __extension__({                                                          \
        rco_object *rco__an_key = (key), *rco__an_value = (value);           \
        rco__an_handed_on(rco__an_key);                                      \
        rco__an_handed_on(rco__an_value);                                    \
        rco_dict_set_steal((d), rco__an_key, rco__an_value);                 \
    })

/* ---- new references through a pointer ---------------------------------
 * The checker does not follow a reference handed out through an out
 * parameter (it cannot tell the failures of such functions apart), so
 * rco_dict_get_ref's *out looked borrowed. Here the reference comes from a
 * function annotated as returning one, inside an inline function the
 * analyzer walks into (it drops the leaks of objects made inside a macro),
 * and is stored where out points: the caller's variable holds it, tracked,
 * or NULL when the call answers 0. */
RCO_API RCO_NEW rco_object *rco__an_ref_out(rco_object *d);
static inline int rco__an_get_ref(rco_object *d, rco_object **out)
{
    rco_object *ref = rco__an_ref_out(d);
    *out = ref;
    return ref ? 1 : 0;
}
#undef rco_dict_get_ref
#undef rco_dict_get_str_ref
#define rco_dict_get_ref(d, key, out) ((void)(key), rco__an_get_ref((d), (out)))
#define rco_dict_get_str_ref(d, key, out) ((void)(key), rco__an_get_ref((d), (out)))

/* ---- classes ---------------------------------------------------------
 * A call that is passed a pointer to a struct with function pointers (an
 * rco_type) is assumed to call back into anything, so the checker forgets
 * every argument and the result: the instance of rco_instance_new(cls),
 * the class itself. These take the type through a pointer to a struct
 * without fields instead; a comparison, never evaluated, keeps the type
 * check. */
struct rco__an_type;
#define RCO__AN_TYPE(t) ((void)sizeof((t) == (const rco_type *)0), (struct rco__an_type *)(t))
RCO_API RCO_NEW rco_object *rco__an_new(struct rco__an_type *t);
RCO_API RCO_NEW rco_object *rco__an_gc_new(struct rco__an_type *t);
RCO_API RCO_NEW rco_object *rco__an_instance_new(struct rco__an_type *cls);
RCO_API int CF_rco__an_is_type(const rco_object *o, struct rco__an_type *t);
#undef rco_new
#undef rco_gc_new
#undef rco_instance_new
#undef rco_is_type
#define rco_new(t) rco__an_new(RCO__AN_TYPE(t))
#define rco_gc_new(t) rco__an_gc_new(RCO__AN_TYPE(t))
#define rco_instance_new(cls) rco__an_instance_new(RCO__AN_TYPE(cls))
#define rco_is_type(o, t) CF_rco__an_is_type((o), RCO__AN_TYPE(t))

/* ---- variadic arguments ----------------------------------------------
 * The checker cannot annotate "...", and does not follow va_arg, so an N
 * argument of rco_build looked leaked. Here each argument of a call goes
 * through a filter chosen by its type: an object argument is handed on
 * where the format has N at its position, kept where it has O or S, and
 * forgotten (it escapes: no finding either way) where the format cannot
 * be read, not being a literal. The analyzer reads the literal's
 * characters itself. RCO_STEALS_VA and RCO_BUILDS_VA give a variadic
 * function of the user's the same treatment. C only (_Generic): in C++
 * these calls are left as they are. */
#ifndef __cplusplus

/* Assigning to a global makes the analyzer stop tracking an object. */
RCO_API extern rco_object *rco__an_escaped;
RCO_API extern rco_type *rco__an_escaped_type;
RCO_API void rco__an_steal(RCO_STEALS rco_object *o);
RCO_API void rco__an_steal_type(RCO_STEALS rco_type *t);
RCO_API void rco__an_handed_on_type(rco_type *t);

/* Which variadic arguments of the format f are N: bit i for argument i,
 * or -1 when the format is not read here (too long, or malformed: then
 * rco_build leaves the N arguments after the error alone). Written without
 * loops or branches: the analyzer gives up on a loop after a few turns,
 * while straight-line arithmetic on a literal's characters it folds to a
 * constant. One reading per call, as long as the literal and no longer.
 * Every code is a letter and takes one argument, '#' after s, z or y one
 * more; mismatched kinds of brackets are not seen. */
/* What each character of a format is: 1 a code (it takes an argument),
 * 2 N, 4 not allowed, 8 an opening bracket, 16 a closing one, 32 a code a
 * length may follow (s z y), 64 '#'. A constant table the analyzer reads
 * like the literal itself. */
static const unsigned char rco__an_format_chars[128] = {
    0, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 4, 4, 0, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    0, 4, 4, 64, 4, 4, 4, 4, 8, 16, 4, 4, 0, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 4, 1, 1, 4, 3, 1,
    4, 4, 4, 1, 4, 4, 4, 4, 4, 4, 4, 8, 4, 16, 4, 4,
    4, 4, 1, 1, 1, 4, 1, 4, 1, 1, 4, 1, 1, 4, 1, 4,
    1, 4, 4, 33, 4, 4, 4, 4, 4, 33, 33, 8, 4, 16, 4, 4,
};
#define RCO__AN_READ(k)                                                      \
    c = f[k];                                                                \
    t = rco__an_format_chars[c & 127] | ((c < 0) << 2);                      \
    hash = (t >> 6) & length_may_follow;                                     \
    bad |= ((t >> 2) | ((t >> 6) & !length_may_follow)) & 1;                 \
    depth += ((t >> 3) & 1) - ((t >> 4) & 1);                                \
    bad |= depth < 0;                                                        \
    mask |= (long long)(((t >> 1) & 1) & (arg < 63)) << (arg & 63);          \
    arg += (t & 1) + hash;                                                   \
    length_may_follow = (t >> 5) & 1;
#define RCO__AN_READ4(k) RCO__AN_READ(k) RCO__AN_READ(k + 1) RCO__AN_READ(k + 2) RCO__AN_READ(k + 3)
#define RCO__AN_READ8(k) RCO__AN_READ4(k) RCO__AN_READ4(k + 4)
#define RCO__AN_MASK_FN(n, reads)                                            \
    static inline long long rco__an_mask##n(const char *f)                   \
    {                                                                        \
        long long mask = 0;                                                  \
        int arg = 0, depth = 0, bad = 0, length_may_follow = 0;              \
        int t, hash;                                                         \
        char c;                                                              \
        reads                                                                \
        return bad | (depth != 0) ? -1 : mask;                               \
    }
RCO__AN_MASK_FN(8, RCO__AN_READ8(0))
RCO__AN_MASK_FN(16, RCO__AN_READ8(0) RCO__AN_READ8(8))
RCO__AN_MASK_FN(32, RCO__AN_READ8(0) RCO__AN_READ8(8) RCO__AN_READ8(16) RCO__AN_READ8(24))
RCO__AN_MASK_FN(64, RCO__AN_READ8(0) RCO__AN_READ8(8) RCO__AN_READ8(16) RCO__AN_READ8(24)
                    RCO__AN_READ8(32) RCO__AN_READ8(40) RCO__AN_READ8(48) RCO__AN_READ8(56))
#undef RCO__AN_READ
#undef RCO__AN_READ4
#undef RCO__AN_READ8
#undef RCO__AN_MASK_FN

/* The mask of a format argument: read when it is a literal (whose size,
 * NUL included, sizeof gives), -1 for anything else, which is then not
 * evaluated a second time. */
#define RCO__AN_MASK(f)                                                      \
    __builtin_choose_expr(                                                   \
        !__builtin_constant_p(f) || sizeof(f) > 64, -1LL,                    \
        __builtin_choose_expr(sizeof(f) <= 8, rco__an_mask8(f),              \
        __builtin_choose_expr(sizeof(f) <= 16, rco__an_mask16(f),            \
        __builtin_choose_expr(sizeof(f) <= 32, rco__an_mask32(f), rco__an_mask64(f)))))

/* For an object at position i of a format whose mask is m: itself when it
 * is an N, else NULL; an object whose code cannot be read escapes (N or O,
 * nobody can tell). No effect happens in here: one on the caller's line
 * is reported on that line. */
static inline rco_object *rco__an_if_N(long long m, int i, rco_object *o)
{
    if (m < 0)
        rco__an_escaped = o;
    return m >= 0 && ((m >> (i & 63)) & 1) ? o : (rco_object *)0;
}
static inline rco_type *rco__an_if_N_type(long long m, int i, rco_type *t)
{
    if (m < 0)
        rco__an_escaped_type = t;
    return m >= 0 && ((m >> (i & 63)) & 1) ? t : (rco_type *)0;
}

/* Stolen, as by a _steal function (see "steals" above); the call receives
 * NULL in its place, the function being declared, never analyzed. */
#define RCO__AN_STOLEN(o)                                                    \
    __extension__({                                                          \
        rco_object *rco__an_s = (o);                                         \
        rco__an_handed_on(rco__an_s);                                        \
        rco__an_steal(rco__an_s);                                            \
        (rco_object *)0;                                                     \
    })
#define RCO__AN_STOLEN_TYPE(t)                                               \
    __extension__({                                                          \
        rco_type *rco__an_t = (t);                                           \
        rco__an_handed_on_type(rco__an_t);                                   \
        rco__an_steal_type(rco__an_t);                                       \
        (rco_type *)0;                                                       \
    })

/* One argument a at position i (negative: a fixed argument, passed as it
 * is) through the filter of its type. Every association must compile for
 * every type of a, hence the inner selections. */
#define RCO__AN_OBJ(a) _Generic((a), rco_object *: (a), default: (rco_object *)0)
#define RCO__AN_CLS(a) _Generic((a), rco_type *: (a), default: (rco_type *)0)
#define RCO__AN_STEAL(f, i, a)                                               \
    _Generic((a),                                                            \
        rco_object *: ((i) < 0 ? RCO__AN_OBJ(a) : RCO__AN_STOLEN(RCO__AN_OBJ(a))), \
        rco_type *: ((i) < 0 ? RCO__AN_CLS(a) : RCO__AN_STOLEN_TYPE(RCO__AN_CLS(a))), \
        default: (a))
#define RCO__AN_FORMAT(f, i, a)                                              \
    _Generic((a),                                                            \
        rco_object *: RCO__AN_STOLEN(rco__an_if_N(f, i, RCO__AN_OBJ(a))),    \
        rco_type *: RCO__AN_STOLEN_TYPE(rco__an_if_N_type(f, i, RCO__AN_CLS(a))), \
        default: (a))

#define RCO__AN_FIRST(...) RCO__AN_FIRST_(__VA_ARGS__, ~)
#define RCO__AN_FIRST_(a, ...) a

/* M(f, i, a) for each argument a, i counting from i0, with S() between
 * them: a comma, or a plus sign to add up constants. */
#define RCO__AN_COMMA() ,
#define RCO__AN_PLUS() +
#define RCO__AN_CAT(a, b) RCO__AN_CAT_(a, b)
#define RCO__AN_CAT_(a, b) a##b
#define RCO__AN_COUNT(...)                                                   \
    RCO__AN_COUNT_(__VA_ARGS__, 64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54,  \
                   53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40,   \
                   39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26,   \
                   25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12,   \
                   11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, ~)
#define RCO__AN_COUNT_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12,   \
                       _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, \
                       _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, \
                       _35, _36, _37, _38, _39, _40, _41, _42, _43, _44, _45, \
                       _46, _47, _48, _49, _50, _51, _52, _53, _54, _55, _56, \
                       _57, _58, _59, _60, _61, _62, _63, _64, n, ...)        \
    n
#define RCO__AN_MAP(M, S, f, i0, ...) RCO__AN_CAT(RCO__AN_MAP_, RCO__AN_COUNT(__VA_ARGS__))(M, S, f, i0, __VA_ARGS__)
#define RCO__AN_MAP_1(M, S, f, i, a) M(f, i, a)
#define RCO__AN_MAP_2(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_1(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_3(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_2(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_4(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_3(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_5(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_4(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_6(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_5(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_7(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_6(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_8(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_7(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_9(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_8(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_10(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_9(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_11(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_10(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_12(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_11(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_13(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_12(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_14(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_13(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_15(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_14(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_16(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_15(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_17(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_16(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_18(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_17(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_19(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_18(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_20(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_19(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_21(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_20(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_22(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_21(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_23(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_22(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_24(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_23(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_25(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_24(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_26(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_25(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_27(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_26(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_28(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_27(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_29(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_28(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_30(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_29(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_31(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_30(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_32(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_31(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_33(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_32(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_34(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_33(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_35(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_34(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_36(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_35(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_37(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_36(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_38(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_37(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_39(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_38(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_40(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_39(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_41(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_40(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_42(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_41(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_43(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_42(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_44(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_43(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_45(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_44(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_46(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_45(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_47(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_46(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_48(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_47(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_49(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_48(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_50(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_49(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_51(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_50(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_52(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_51(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_53(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_52(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_54(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_53(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_55(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_54(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_56(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_55(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_57(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_56(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_58(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_57(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_59(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_58(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_60(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_59(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_61(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_60(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_62(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_61(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_63(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_62(M, S, f, (i) + 1, __VA_ARGS__)
#define RCO__AN_MAP_64(M, S, f, i, a, ...) M(f, i, a) S() RCO__AN_MAP_63(M, S, f, (i) + 1, __VA_ARGS__)

/* 1 for an object argument, else 0: a constant, the argument unevaluated. */
#define RCO__AN_IS_OBJ(f, i, a) _Generic((a), rco_object *: 1, rco_type *: 1, default: 0)

#undef RCO_STEALS_VA
#undef RCO_BUILDS_VA
#define RCO_STEALS_VA(fn, nfixed, ...)                                       \
    (fn)(RCO__AN_MAP(RCO__AN_STEAL, RCO__AN_COMMA, 0, -(nfixed), __VA_ARGS__))
/* The format is read once per call, and only for a call with objects. */
#define RCO_BUILDS_VA(fn, ...) RCO__AN_BUILDS(RCO__AN_CAT(rco__an_mask_, __COUNTER__), fn, __VA_ARGS__)
#define RCO__AN_BUILDS(m, fn, ...)                                           \
    __extension__({                                                          \
        const long long m = __builtin_choose_expr(                          \
            RCO__AN_MAP(RCO__AN_IS_OBJ, RCO__AN_PLUS, 0, 0, __VA_ARGS__) == 0, -1LL, \
            RCO__AN_MASK(RCO__AN_FIRST(__VA_ARGS__)));                       \
        (fn)(RCO__AN_MAP(RCO__AN_FORMAT, RCO__AN_COMMA, m, -1, __VA_ARGS__)); \
    })

#undef rco_build
#define rco_build(...) RCO_BUILDS_VA(rco_build, __VA_ARGS__)

#endif /* !__cplusplus */

#endif /* RCO__ANALYZE_PART */
