/*
 * text/json_load.c: rco_json_loads, Python's json.loads over UTF-8 text,
 * and the value stack both readers of text share (text/json.h).
 *
 * One pass over the bytes with an explicit stack of open containers (no
 * recursion: a million levels cost memory, not C stack). What makes it
 * fast:
 *   - no token objects and no per-token allocation: each value is made
 *     once, in place, and waits on the value stack until its container
 *     closes, which is then made at its final size (text/json.h);
 *   - strings are scanned 16 bytes at a time for a quote, a backslash or
 *     a control character; one with none of them is copied straight into
 *     its str. Others are decoded into a scratch buffer, plain runs stored
 *     16 bytes a step. A string with non-ASCII bytes is validated once,
 *     whole, with SSSE3 where the processor has it (else by a DFA), which
 *     also counts its code points, so the str is made knowing both;
 *   - object keys go through a small cache of the strs already made for
 *     the same bytes (Python's json memoizes keys too): an array of a
 *     million records makes each key once, hashes it once, and its dict
 *     lookups compare pointers;
 *   - integers are read digit by digit, never through strtod; a float
 *     whose digits fit in 2^53 with a power of ten up to 10^22 is one exact
 *     multiplication or division (correctly rounded, as Python's float()
 *     is); only the others go to strtod, which rounds correctly too.
 *
 * Errors are found where Python's scanner finds them and worded as its
 * JSONDecodeError is, positions in code points. Since Python decodes the
 * whole text before it parses, a text that is not valid UTF-8 reports its
 * first bad byte whatever else is wrong with it: every error checks that
 * first (errors are rare; a valid document's bytes are all checked in
 * passing: non-ASCII bytes are valid only inside strings, which are
 * validated). Values Python reads and rco cannot hold (a lone surrogate,
 * an int past int64) fail only once the rest of the text is known valid,
 * so that a malformed document fails as it does in Python.
 */
#include "text/json.h"

#include "core/utf8.h"
#include "types/list.h"
#include "types/set.h"
#include "types/number.h"
#include "types/str.h"
#include "types/table.h"
#include "types/tuple.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ======================================================================
 * The value stack (shared with literal.c)
 * ====================================================================== */

int rco__vstack_grow(rco__vstack *s)
{
    size_t cap = s->cap ? s->cap * 2 : 256;
    rco_object **items = rco__realloc(s->items, s->cap * sizeof *items, rco__mul_size(cap, sizeof *items));
    if (!items)
        return -1;
    s->items = items;
    s->cap = cap;
    return 0;
}

void rco__vstack_free(rco__vstack *s)
{
    while (s->n > 0) {
        rco_object *o = s->items[--s->n];
        RCO__XDECREF(o); /* NULL: taken by a container that failed */
    }
    if (s->items)
        rco__free(s->items, s->cap * sizeof *s->items);
    s->items = NULL;
    s->cap = 0;
}

rco_object *rco__vstack_list(rco__vstack *s, size_t base)
{
    size_t n = s->n - base;
    rco_object *l = rco__list_new(n);
    if (!l)
        return NULL;
    if (n)
        rco__list_fill(l, 0, s->items + base, n);
    s->n = base;
    return l;
}

rco_object *rco__vstack_tuple(rco__vstack *s, size_t base)
{
    size_t n = s->n - base;
    rco_object *t = rco__tuple_new(n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++)
        rco__tuple_fill(t, i, s->items[base + i]);
    s->n = base;
    return t;
}

rco_object *rco__vstack_set(rco__vstack *s, size_t base)
{
    /* Made here rather than by rco_set_new, which would hand it to the
     * caller in librco-debug's ledger. */
    rco__set *set = (rco__set *)rco__gc_object_alloc(&rco__set_type, sizeof(rco__set));
    if (!set)
        return NULL;
    set->table = NULL;
    set->used = 0;
    rco__gc_track(&set->ob);
    if (s->n > base && !(set->table = rco__table_new_exact(s->n - base))) {
        RCO__DECREF(&set->ob);
        return NULL;
    }
    /* Nobody else knows the set yet, but a collection may be reading it:
     * filled under its (uncontended) lock. */
    for (size_t i = base; i < s->n; i++) {
        rco_object *item = s->items[i];
        int64_t hash = rco__hash(item);
        size_t slot;
        rco__lock(&set->ob);
        ssize_t ix = hash == -1 ? RCO__TABLE_ERROR : rco__table_lookup(&set->ob, &set->table, item, hash, &slot);
        bool failed = ix == RCO__TABLE_ERROR ||
                      (ix < 0 && rco__table_add(&set->table, set->used, slot, item, hash, NULL) < 0);
        if (!failed && ix < 0) {
            __atomic_store_n(&set->used, set->used + 1, __ATOMIC_RELAXED);
            s->items[i] = NULL; /* the set's now */
        }
        rco__unlock(&set->ob);
        if (failed) {
            /* The set releases what it took; the stack keeps the rest. */
            RCO__DECREF(&set->ob);
            return NULL;
        }
    }
    /* What is left are items equal to one the set has. */
    while (s->n > base) {
        rco_object *dup = s->items[--s->n];
        RCO__XDECREF(dup);
    }
    return &set->ob;
}

rco_object *rco__vstack_dict(rco__vstack *s, size_t base)
{
    size_t pairs = (s->n - base) / 2;
    rco_object *d = rco__dict_new();
    if (!d)
        return NULL;
    if (!pairs)
        return d;
    rco__dict *dict = (rco__dict *)d;
    rco_object **kv = s->items + base;
    size_t i = 0;
    if (!(dict->table = rco__table_new_exact(pairs))) {
        RCO__DECREF(d);
        return NULL;
    }
    /* Nobody else knows the dict yet, but once tracked a collection may
     * be reading it: filled under its (uncontended) lock. */
    for (; i < pairs; i++) {
        rco_object *key = kv[2 * i], *value = kv[2 * i + 1];
        ssize_t ix;
        int64_t hash = key->type->kind == RCO__KIND_STR ? rco__str_hash((rco__str *)key) : rco__hash(key);
        if (hash == -1)
            goto fail;
        rco__lock(d);
        if (RCO__LIKELY(key->type->kind == RCO__KIND_STR)) { /* JSON's keys, and most literals' */
            ix = rco__table_insert_str(dict->table, key, hash, value);
        } else {
            size_t slot;
            ix = rco__table_lookup(d, &dict->table, key, hash, &slot);
            /* Never fails: the table has room for every pair. */
            if (ix == RCO__TABLE_ERROR ||
                (ix < 0 && rco__table_add(&dict->table, dict->used, slot, key, hash, value) < 0)) {
                rco__unlock(d);
                goto fail;
            }
        }
        kv[2 * i] = kv[2 * i + 1] = NULL;
        rco_object *old = NULL;
        if (ix >= 0) {
            rco__entry *e = &rco__table_entries(dict->table)[ix];
            old = e->value;
            e->value = value;
        } else {
            __atomic_store_n(&dict->used, dict->used + 1, __ATOMIC_RELAXED);
        }
        if (RCO__UNLIKELY(rco__may_lead_to_cycles(value) || (ix < 0 && rco__may_lead_to_cycles(key))))
            rco__gc_track(d);
        rco__unlock(d);
        if (old) {
            RCO__DECREF(old);
            RCO__DECREF(key); /* the first equal key stays, as in Python */
        }
    }
    s->n = base;
    return d;
fail:
    /* The pairs stored belong to the dict now; the rest stay on the stack,
     * which the caller releases. */
    memmove(kv, kv + 2 * i, (s->n - base - 2 * i) * sizeof *kv);
    s->n -= 2 * i;
    RCO__DECREF(d);
    return NULL;
}

/* ======================================================================
 * Positions and UTF-8 errors
 * ====================================================================== */

void rco__text_error_at(rco_errkind kind, const char *text, const char *at, const char *what)
{
    size_t chars = 0, line = 1, line_start = 0; /* in code points */
    for (const char *p = text; p < at; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        if (*p == '\n') {
            line++;
            line_start = chars + 1;
        }
        chars++;
    }
    rco__err_set(kind, "%s: line %zu column %zu (char %zu)", what, line, chars - line_start + 1, chars);
}

bool rco__utf8_error(const char *text, size_t n)
{
    size_t codepoints, at;
    if (rco__utf8_check(text, n, &codepoints, &at))
        return false;
    const unsigned char *p = (const unsigned char *)text + at;
    size_t left = n - at, want = 0, bad = 1;
    const char *why = "invalid start byte";
    if (p[0] >= 0xC2 && p[0] <= 0xF4) {
        want = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
        /* The first continuation byte's range depends on the lead byte
         * (no overlong forms, surrogates or code points past U+10FFFF). */
        unsigned char lo = p[0] == 0xE0 ? 0xA0 : p[0] == 0xF0 ? 0x90 : 0x80;
        unsigned char hi = p[0] == 0xED ? 0x9F : p[0] == 0xF4 ? 0x8F : 0xBF;
        for (bad = 1; bad < want; bad++) {
            if (bad == left) {
                why = "unexpected end of data";
                break;
            }
            unsigned char c = p[bad];
            if (bad == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80) {
                why = "invalid continuation byte";
                break;
            }
        }
    }
    if (bad == 1)
        rco__err_set(RCO_ERR_VALUE, "'utf-8' codec can't decode byte 0x%02x in position %zu: %s", p[0], at,
                     why);
    else
        rco__err_set(RCO_ERR_VALUE, "'utf-8' codec can't decode bytes in position %zu-%zu: %s", at,
                     at + bad - 1, why);
    return true;
}

/* ======================================================================
 * The loader
 * ====================================================================== */

typedef const unsigned char *cursor;

enum level_kind { LEVEL_LIST, LEVEL_DICT };

typedef struct level {
    size_t base;  /* where its values start on the value stack */
    int kind;
} level;

/* The strs made for keys, by their bytes: a direct-mapped cache. Each
 * slot keeps the key's length and its first and last eight bytes, so that
 * a hit on a key of up to 16 bytes is decided without reading the str. */
#define KEY_CACHE_SLOTS 512
#define KEY_CACHE_MAX 64 /* longer keys are rarely repeated */

typedef struct key_entry {
    rco_object *str; /* held, or NULL */
    uint64_t head, tail;
    size_t n;
} key_entry;

typedef struct loader {
    const char *text;
    cursor end;
    rco__vstack values;
    level *levels;
    size_t depth, levels_cap;
    char *scratch; /* strings with escapes or non-ASCII are decoded here */
    size_t scratch_cap;
    key_entry *keys; /* KEY_CACHE_SLOTS of them, or NULL */
    /* The first error: what, where; kind RCO_ERR_NONE until then, or
     * RCO_ERR_MEMORY when the error is set already. */
    rco_errkind err;
    const char *err_what;
    cursor err_at;
    char what[80]; /* err_what when it is made up */
    /* The first value Python reads and rco cannot hold (a lone surrogate,
     * an int past int64): reported only if the document is otherwise
     * valid, so that a malformed one fails as it fails in Python. */
    rco_errkind unfit;
    cursor unfit_at;
    char unfit_what[80];
} loader;

/* A value rco cannot hold at `at`: remembered, and reading goes on. */
static void unfit(loader *L, rco_errkind kind, cursor at, const char *what)
{
    if (L->unfit == RCO_ERR_NONE) {
        L->unfit = kind;
        L->unfit_at = at;
        snprintf(L->unfit_what, sizeof L->unfit_what, "%s", what);
    }
}

static void *fail_at(loader *L, rco_errkind kind, cursor at, const char *what)
{
    if (L->err == RCO_ERR_NONE) {
        L->err = kind;
        L->err_at = at;
        L->err_what = what;
    }
    return NULL;
}
/* An error already set (no memory, a size too large). */
static void *failed(loader *L)
{
    if (L->err == RCO_ERR_NONE)
        L->err = RCO_ERR_MEMORY;
    return NULL;
}

static RCO__ALWAYS_INLINE cursor skip_ws(cursor p, cursor end)
{
    /* Most often none, or the one space of ", " and ": ". */
    if (RCO__LIKELY(p < end && *p > ' '))
        return p;
    if (p + 1 < end && *p == ' ' && p[1] > ' ')
        return p + 1;
    while (p < end && *p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* ---- strings ---------------------------------------------------------- */

/* The first byte from p on that is a quote, a backslash, a control
 * character or not ASCII; end if none. (Keys: the cache takes only plain
 * ASCII ones.) */
static RCO__ALWAYS_INLINE cursor find_special(cursor p, cursor end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(' ');
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        /* Signed: bytes of 0x80 and above are negative, so below ' '. */
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                 _mm_cmplt_epi8(v, space));
        int bits = _mm_movemask_epi8(m);
        if (bits)
            return p + __builtin_ctz((unsigned)bits);
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '\\' && *p >= ' ' && *p < 0x80)
        p++;
    return p;
}

/* ---- UTF-8 inside strings -------------------------------------------- */

/* Strings are the only place where JSON text may hold non-ASCII bytes, so
 * a string with some is validated once, whole, by a shift DFA: each byte's
 * row holds, for every state (a multiple of 6), the next state at that
 * offset, so a step is a load that does not depend on the state, a shift
 * and a mask, with no branch per byte. States: 0 accept; 1, 2, 3: that
 * many continuation bytes (80-BF) to go; 4 after E0 (A0-BF next), 5 after
 * ED (80-9F: no surrogates), 6 after F0 (90-BF), 7 after F4 (80-8F: no
 * code point past U+10FFFF); 8 rejects, for good. */
#define DFA_T(s, next) ((uint64_t)(6 * (next)) << (6 * (s)))
#define DFA_REJECT_REST (DFA_T(1, 8) | DFA_T(2, 8) | DFA_T(3, 8) | DFA_T(4, 8) | DFA_T(5, 8) | DFA_T(6, 8) | DFA_T(7, 8))
#define DFA_LEAD(next) (DFA_T(0, next) | DFA_REJECT_REST | DFA_T(8, 8))
#define DFA_CONT(s4, s5, s6, s7)                                                                   \
    (DFA_T(0, 8) | DFA_T(1, 0) | DFA_T(2, 1) | DFA_T(3, 2) | DFA_T(4, s4) | DFA_T(5, s5) |          \
     DFA_T(6, s6) | DFA_T(7, s7) | DFA_T(8, 8))
static const uint64_t utf8_dfa[256] = {
    [0x00 ... 0x7F] = DFA_LEAD(0),
    [0x80 ... 0x8F] = DFA_CONT(8, 1, 8, 2),
    [0x90 ... 0x9F] = DFA_CONT(8, 1, 2, 8),
    [0xA0 ... 0xBF] = DFA_CONT(1, 8, 2, 8),
    [0xC0 ... 0xC1] = DFA_LEAD(8),
    [0xC2 ... 0xDF] = DFA_LEAD(1),
    [0xE0] = DFA_LEAD(4),
    [0xE1 ... 0xEC] = DFA_LEAD(2),
    [0xED] = DFA_LEAD(5),
    [0xEE ... 0xEF] = DFA_LEAD(2),
    [0xF0] = DFA_LEAD(6),
    [0xF1 ... 0xF3] = DFA_LEAD(3),
    [0xF4] = DFA_LEAD(7),
    [0xF5 ... 0xFF] = DFA_LEAD(8),
};

/* Whether p[0..n) is valid UTF-8, and its length in code points (the
 * bytes that are not continuation bytes, counted eight at a time). The
 * state is masked to 6 bits only by the shift itself: x86 and ARM64 shift
 * by the count's low 6 bits, so the compiler drops the mask and a step is
 * one shift on the critical path. */
static bool utf8_count_dfa(const unsigned char *p, size_t n, size_t *codepoints)
{
    uint64_t state = 0;
    size_t cont = 0, i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t c = w & ~(w << 1) & 0x8080808080808080u; /* 10xxxxxx */
        cont += (size_t)(((c >> 7) * 0x0101010101010101u) >> 56);
        for (int k = 0; k < 8; k++)
            state = utf8_dfa[p[i + k]] >> (state & 63);
    }
    for (; i < n; i++) {
        cont += (p[i] >> 6) == 2;
        state = utf8_dfa[p[i]] >> (state & 63);
    }
    *codepoints = n - cont;
    return (state & 63) == 0;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_UTF8_SSSE3 1

/* The same with SSSE3 (where the processor has it: nearly all x86-64),
 * 16 bytes a step, after the lookup scheme of Keiser and Lemire
 * ("Validating UTF-8 in less than one instruction per byte", 2021): for
 * each byte and the one before it, three 16-entry tables indexed by the
 * previous byte's high and low nibbles and the byte's high nibble give the
 * errors each allows (a bit per kind below); their AND is the errors that
 * occur. A continuation byte after a continuation byte (TWO_CONTS) is an
 * error unless the byte two back leads a 3-byte sequence or the byte three
 * back a 4-byte one, which is checked by xor. Past the end come zeros, so
 * a sequence cut short is a TOO_SHORT. The tables follow from the kinds
 * (tools/gen_utf8_tables.py derives them and checks the scheme against
 * Python's decoder; test_json checks this code against rco_str_n):
 *   bit 0 TOO_SHORT    lead byte (C-F) then not a continuation
 *   bit 1 TOO_LONG     ASCII then a continuation
 *   bit 2 OVERLONG_3   E0 then 80-9F
 *   bit 3 TOO_LARGE    F4-FF then 90-BF
 *   bit 4 SURROGATE    ED then A0-BF
 *   bit 5 OVERLONG_2   C0 or C1
 *   bit 6 TOO_LARGE_1000 / OVERLONG_4: F5-FF or F0, then 80-8F
 *   bit 7 TWO_CONTS    a continuation then a continuation */
static const unsigned char utf8_by_prev_high[16] = { 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,
                                                     0x80, 0x80, 0x80, 0x80, 0x21, 0x01, 0x15, 0x49 };
static const unsigned char utf8_by_prev_low[16] = { 0xE7, 0xA3, 0x83, 0x83, 0x8B, 0xCB, 0xCB, 0xCB,
                                                    0xCB, 0xCB, 0xCB, 0xCB, 0xCB, 0xDB, 0xCB, 0xCB };
static const unsigned char utf8_by_high[16] = { 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21,
                                                0xE6, 0xAE, 0xBA, 0xBA, 0x21, 0x21, 0x21, 0x21 };

__attribute__((target("ssse3"))) static bool utf8_count_ssse3(const unsigned char *p, size_t n,
                                                             size_t *codepoints)
{
    const __m128i by_prev_high = _mm_loadu_si128((const __m128i *)utf8_by_prev_high);
    const __m128i by_prev_low = _mm_loadu_si128((const __m128i *)utf8_by_prev_low);
    const __m128i by_high = _mm_loadu_si128((const __m128i *)utf8_by_high);
    const __m128i nibble = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
    const __m128i third = _mm_set1_epi8((char)(0xE0 - 1)), fourth = _mm_set1_epi8((char)(0xF0 - 1));
    const __m128i bit7 = _mm_set1_epi8((char)0x80), one = _mm_set1_epi8(1), cont_below = _mm_set1_epi8((char)0xC0);
    __m128i prev = zero, errors = zero, conts = zero;
    for (size_t i = 0;; i += 16) {
        __m128i cur = zero;
        if (n - i >= 16 && i < n) {
            cur = _mm_loadu_si128((const __m128i *)(p + i));
        } else if (i < n) {
            /* The last 16 bytes (n >= 16), moved down so that the tail
             * comes first and zeros after it: no copy through memory. */
            static const unsigned char down[32] = { 0,    1,    2,    3,    4,    5,    6,    7,
                                                    8,    9,    10,   11,   12,   13,   14,   15,
                                                    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                                    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 };
            size_t rest = n - i;
            cur = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + n - 16)),
                                   _mm_loadu_si128((const __m128i *)(down + 16 - rest)));
        }
        __m128i p1 = _mm_alignr_epi8(cur, prev, 15);
        __m128i found = _mm_and_si128(
            _mm_and_si128(_mm_shuffle_epi8(by_prev_high, _mm_and_si128(_mm_srli_epi16(p1, 4), nibble)),
                          _mm_shuffle_epi8(by_prev_low, _mm_and_si128(p1, nibble))),
            _mm_shuffle_epi8(by_high, _mm_and_si128(_mm_srli_epi16(cur, 4), nibble)));
        __m128i must = _mm_or_si128(_mm_subs_epu8(_mm_alignr_epi8(cur, prev, 14), third),
                                    _mm_subs_epu8(_mm_alignr_epi8(cur, prev, 13), fourth));
        must = _mm_andnot_si128(_mm_cmpeq_epi8(must, zero), bit7);
        errors = _mm_or_si128(errors, _mm_xor_si128(found, must));
        /* Continuation bytes (80-BF, signed below 0xC0), summed by psadbw. */
        conts = _mm_add_epi64(conts, _mm_sad_epu8(_mm_and_si128(_mm_cmplt_epi8(cur, cont_below), one), zero));
        if (i >= n)
            break;
        prev = cur;
    }
    uint64_t halves[2];
    _mm_storeu_si128((__m128i *)halves, conts);
    *codepoints = n - (size_t)(halves[0] + halves[1]);
    return _mm_movemask_epi8(_mm_cmpeq_epi8(errors, zero)) == 0xFFFF;
}

/* The same 32 bytes a step with AVX2 (where the processor has it), for
 * n >= 35. The byte shifts work within each 128-bit lane, so the bytes
 * before a block come from a vector of the previous block's high lane and
 * this block's low lane. The tail is one more block, the last 32 bytes,
 * with the bytes before it loaded as they lie (hence 35: three of them)
 * and only its new bytes counted; a sequence cut short at the end is
 * found from the last three bytes. Half the steps of SSSE3 and none past
 * the end, on the strings of a document, where the validation took a
 * quarter of the parse. */
__attribute__((target("avx2"))) static bool utf8_count_avx2(const unsigned char *p, size_t n, size_t *codepoints)
{
    const __m256i by_prev_high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)utf8_by_prev_high));
    const __m256i by_prev_low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)utf8_by_prev_low));
    const __m256i by_high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)utf8_by_high));
    const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    const __m256i third = _mm256_set1_epi8((char)(0xE0 - 1)), fourth = _mm256_set1_epi8((char)(0xF0 - 1));
    const __m256i bit7 = _mm256_set1_epi8((char)0x80), one = _mm256_set1_epi8(1);
    const __m256i cont_below = _mm256_set1_epi8((char)0xC0);
    __m256i prev = zero, errors = zero, conts = zero;
#define UTF8_STEP_AVX2(cur, p1, p2, p3, counted)                                                                \
    do {                                                                                                        \
        __m256i found_ = _mm256_and_si256(                                                                      \
            _mm256_and_si256(_mm256_shuffle_epi8(by_prev_high, _mm256_and_si256(_mm256_srli_epi16(p1, 4), nibble)), \
                             _mm256_shuffle_epi8(by_prev_low, _mm256_and_si256(p1, nibble))),                  \
            _mm256_shuffle_epi8(by_high, _mm256_and_si256(_mm256_srli_epi16(cur, 4), nibble)));                 \
        __m256i must_ = _mm256_or_si256(_mm256_subs_epu8(p2, third), _mm256_subs_epu8(p3, fourth));            \
        must_ = _mm256_andnot_si256(_mm256_cmpeq_epi8(must_, zero), bit7);                                      \
        errors = _mm256_or_si256(errors, _mm256_xor_si256(found_, must_));                                      \
        __m256i is_cont_ = _mm256_and_si256(_mm256_cmpgt_epi8(cont_below, cur), counted);                       \
        conts = _mm256_add_epi64(conts, _mm256_sad_epu8(is_cont_, zero));                                       \
    } while (0)
    size_t i = 0;
    for (; n - i >= 32; i += 32) {
        __m256i cur = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i before = _mm256_permute2x128_si256(prev, cur, 0x21);
        UTF8_STEP_AVX2(cur, _mm256_alignr_epi8(cur, before, 15), _mm256_alignr_epi8(cur, before, 14),
                       _mm256_alignr_epi8(cur, before, 13), one);
        prev = cur;
    }
    if (i < n) {
        /* 32 zeros, then 32 ones: loaded from n - i on, ones in the
         * last n - i lanes, the bytes the loop did not count. */
        static const unsigned char new_lanes[64] = {
            [32] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        };
        const unsigned char *last = p + n - 32;
        __m256i counted = _mm256_loadu_si256((const __m256i *)(new_lanes + (n - i)));
        UTF8_STEP_AVX2(_mm256_loadu_si256((const __m256i *)last), _mm256_loadu_si256((const __m256i *)(last - 1)),
                       _mm256_loadu_si256((const __m256i *)(last - 2)),
                       _mm256_loadu_si256((const __m256i *)(last - 3)), counted);
    }
#undef UTF8_STEP_AVX2
    __m128i sums = _mm_add_epi64(_mm256_castsi256_si128(conts), _mm256_extracti128_si256(conts, 1));
    uint64_t halves[2];
    _mm_storeu_si128((__m128i *)halves, sums);
    *codepoints = n - (size_t)(halves[0] + halves[1]);
    bool cut_short = p[n - 1] >= 0xC0 || p[n - 2] >= 0xE0 || p[n - 3] >= 0xF0;
    return _mm256_testz_si256(errors, errors) && !cut_short;
}
#endif

static bool utf8_count(const unsigned char *p, size_t n, size_t *codepoints)
{
#ifdef HAVE_UTF8_SSSE3
    /* (Short strings are not worth the vectors' set-up.) */
    if (n >= 35 && __builtin_cpu_supports("avx2"))
        return utf8_count_avx2(p, n, codepoints);
    if (n >= 16 && __builtin_cpu_supports("ssse3"))
        return utf8_count_ssse3(p, n, codepoints);
#endif
    return utf8_count_dfa(p, n, codepoints);
}

/* The plain run from p on: up to the first quote, backslash or control
 * character (end if none). Non-ASCII bytes are plain here; *high is set
 * if there were any (or some just after the run), for the string to be
 * validated and its code points counted once it is whole. */
static RCO__ALWAYS_INLINE cursor scan_plain(cursor p, cursor end, unsigned *high)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i flip = _mm_set1_epi8((char)0x80), control = _mm_set1_epi8((char)(0x20 ^ 0x80));
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        /* Unsigned v < 0x20, as a signed comparison of v ^ 0x80. */
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                 _mm_cmplt_epi8(_mm_xor_si128(v, flip), control));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        *high |= (unsigned)_mm_movemask_epi8(v);
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
    for (; p < end && *p != '"' && *p != '\\' && *p >= ' '; p++)
        *high |= *p & 0x80;
    return p;
}

static bool scratch_reserve(loader *L, size_t n)
{
    if (n <= L->scratch_cap)
        return true;
    size_t cap = L->scratch_cap ? L->scratch_cap : 256;
    while (cap < n)
        cap *= 2;
    char *s = rco__realloc(L->scratch, L->scratch_cap, cap);
    if (!s)
        return false;
    L->scratch = s;
    L->scratch_cap = cap;
    return true;
}

/* Each byte's value as a hex digit plus one, 0 if it is none. */
static const unsigned char hex_values[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
    ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* What the character after a backslash stands for; 0 for 'u' and for
 * characters that make no escape. */
static const char simple_escapes[256] = {
    ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
};

/* Four hex digits at p as a code unit, or -1: no branch per digit. */
static int32_t hex4(cursor p)
{
    int a = hex_values[p[0]] - 1, b = hex_values[p[1]] - 1, c = hex_values[p[2]] - 1, d = hex_values[p[3]] - 1;
    if ((a | b | c | d) < 0)
        return -1;
    return (a << 12) | (b << 8) | (c << 4) | d;
}

/* Room for k more decoded bytes at w, which may move. The buffer's
 * start and end are kept in locals: the stores through w may alias any
 * memory, so L's fields would be loaded again after each. */
#define ROOM(k)                                                        \
    do {                                                               \
        if (RCO__UNLIKELY((size_t)(room_end - w) < (k))) {             \
            size_t used_ = (size_t)(w - room_start);                   \
            if (!scratch_reserve(L, used_ + (k)))                      \
                return failed(L);                                      \
            room_start = L->scratch;                                   \
            room_end = room_start + L->scratch_cap;                    \
            w = room_start + used_;                                    \
        }                                                              \
    } while (0)

/* The string from its quote at open, with an escape or a control
 * character at p (its text before p is plain, and had non-ASCII bytes if
 * high): decoded into the scratch buffer, then made a str in *out; the
 * cursor after the closing quote, or NULL. Python's scanner's order of
 * checks and positions (Modules/_json.c, strict). */
static RCO__NOINLINE cursor string_slow(loader *L, cursor open, cursor p, unsigned high, rco_object **out)
{
    cursor end = L->end;
    /* The plain text before p is copied again by the loop below, which
     * costs less than a call to memcpy of a length it cannot predict. */
    if (!scratch_reserve(L, 64))
        return failed(L);
    p = open + 1;
    char *room_start = L->scratch, *room_end = room_start + L->scratch_cap, *w = room_start;
    /* Code points the escapes' text counts beyond the characters they
     * stand for ("\\n": one more, "\\u00e9": five). */
    size_t extra = 0;
    for (;;) {
        /* The plain run from p, 16 bytes stored at a time and the cursor
         * moved on by as many as are plain (non-ASCII bytes after the
         * run's end may set high: that only costs a validation). */
#ifdef __SSE2__
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
        const __m128i flip = _mm_set1_epi8((char)0x80), control = _mm_set1_epi8((char)(0x20 ^ 0x80));
        while (end - p >= 16) {
            ROOM(16);
            __m128i v = _mm_loadu_si128((const __m128i *)p);
            _mm_storeu_si128((__m128i *)w, v);
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                     _mm_cmplt_epi8(_mm_xor_si128(v, flip), control));
            unsigned bits = (unsigned)_mm_movemask_epi8(m);
            high |= (unsigned)_mm_movemask_epi8(v);
            if (bits) {
                unsigned k = (unsigned)__builtin_ctz(bits);
                w += k;
                p += k;
                goto special;
            }
            w += 16;
            p += 16;
        }
#endif
        {
            cursor q = scan_plain(p, end, &high);
            ROOM((size_t)(q - p));
            memcpy(w, p, (size_t)(q - p));
            w += q - p;
            p = q;
        }
#ifdef __SSE2__
    special:
#endif
        if (p == end)
            return fail_at(L, RCO_ERR_VALUE, open, "Unterminated string starting at");
        unsigned char c = *p;
        if (c == '"')
            break;
        if (c < ' ')
            return fail_at(L, RCO_ERR_VALUE, p, "Invalid control character at");
        /* A backslash. */
        if (p + 1 == end)
            return fail_at(L, RCO_ERR_VALUE, open, "Unterminated string starting at");
        ROOM(4);
        unsigned char e = p[1];
        char simple = simple_escapes[e];
        if (simple) {
            *w++ = simple;
            p += 2;
            extra++;
            continue;
        }
        if (e != 'u')
            return fail_at(L, RCO_ERR_VALUE, p, "Invalid \\escape");
        /* Python wants a character after the four digits (the string
         * cannot end there anyway). */
        if (end - (p + 2) <= 4)
            return fail_at(L, RCO_ERR_VALUE, p + 1, "Invalid \\uXXXX escape");
        int32_t u = hex4(p + 2);
        if (u < 0)
            return fail_at(L, RCO_ERR_VALUE, p + 1, "Invalid \\uXXXX escape");
        cursor escape = p;
        p += 6;
        uint32_t cp = (uint32_t)u;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - p > 6 && p[0] == '\\' && p[1] == 'u') {
            int32_t low = hex4(p + 2);
            if (low < 0)
                return fail_at(L, RCO_ERR_VALUE, p + 1, "Invalid \\uXXXX escape");
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)low - 0xDC00);
                p += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            snprintf(L->what, sizeof L->what, "Lone surrogate \\u%04x: an rco str holds only valid UTF-8",
                     (unsigned)cp);
            unfit(L, RCO_ERR_VALUE, escape, L->what);
            cp = 0xFFFD; /* a stand-in while the rest is checked */
        }
        w += rco__utf8_put(w, cp);
        extra += (size_t)(p - escape) - 1;
    }
    /* The text, escapes included, is validated and counted rather than
     * what was decoded from it (just written: reading it back would wait
     * on the stores). Escapes are ASCII and what they stand for is valid
     * UTF-8, so both are valid or neither is. */
    size_t raw = (size_t)(p - open - 1), codepoints = raw;
    if (high && !utf8_count(open + 1, raw, &codepoints))
        return fail_at(L, RCO_ERR_VALUE, p, "invalid UTF-8"); /* worded as the decoder does */
    *out = rco__str_new_unchecked(room_start, (size_t)(w - room_start), codepoints - extra);
    if (!*out)
        return failed(L);
    return p + 1;
}

/* The string whose opening quote is at open: *out a new str. */
static RCO__ALWAYS_INLINE cursor string(loader *L, cursor open, rco_object **out)
{
    unsigned high = 0;
    cursor p = scan_plain(open + 1, L->end, &high);
    if (RCO__LIKELY(p < L->end && *p == '"')) {
        size_t n = (size_t)(p - open - 1), codepoints = n;
        if (RCO__UNLIKELY(high) && !utf8_count(open + 1, n, &codepoints))
            return fail_at(L, RCO_ERR_VALUE, p, "invalid UTF-8"); /* worded as the decoder does */
        *out = rco__str_new_unchecked((const char *)open + 1, n, codepoints);
        if (!*out)
            return failed(L);
        return p + 1;
    }
    return string_slow(L, open, p, high, out);
}

/* The first and last eight bytes of the n bytes at p (zero-padded below
 * eight); at least one byte (a quote) follows them before end. */
static RCO__ALWAYS_INLINE void key_words(cursor p, size_t n, cursor end, uint64_t *head, uint64_t *tail)
{
    if (n >= 8) {
        memcpy(head, p, 8);
        memcpy(tail, p + n - 8, 8);
        return;
    }
    *tail = 0;
    if (end - p >= 8) { /* one load, the bytes past the key masked off */
        memcpy(head, p, 8);
        *head &= n ? ~(uint64_t)0 >> (64 - 8 * n) : 0;
    } else {
        *head = 0;
        memcpy(head, p, n);
    }
}

/* A key: through the cache when it is plain ASCII and short. */
static cursor key(loader *L, cursor open, rco_object **out)
{
    cursor p = find_special(open + 1, L->end);
    size_t n = (size_t)(p - open - 1);
    if (!(p < L->end && *p == '"') || n > KEY_CACHE_MAX || !L->keys)
        return string(L, open, out);
    uint64_t head, tail;
    key_words(open + 1, n, L->end, &head, &tail);
    uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15u) ^ n) * 0xBF58476D1CE4E5B9u;
    key_entry *e = &L->keys[h >> 55]; /* 9 bits: KEY_CACHE_SLOTS */
    if (e->str && e->n == n && e->head == head && e->tail == tail &&
        (n <= 16 || memcmp(((rco__str *)e->str)->data, open + 1, n) == 0)) {
        RCO__INCREF(e->str);
        *out = e->str;
        return p + 1;
    }
    rco_object *k = rco__str_new_unchecked((const char *)open + 1, n, n);
    if (!k)
        return failed(L);
    RCO__INCREF(k);
    if (e->str)
        RCO__DECREF(e->str);
    *e = (key_entry){ k, head, tail, n };
    *out = k;
    return p + 1;
}

/* ---- numbers ---------------------------------------------------------- */

static const double exact_powers[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

static inline bool is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10;
}

/* The float written from p to q (Python's float(): correctly rounded). */
static rco_object *make_float(loader *L, cursor p, cursor q, bool negative, uint64_t mantissa,
                              bool truncated, int64_t exp10)
{
    double v;
    if (!truncated && mantissa <= ((uint64_t)1 << 53) && exp10 >= -22 && exp10 <= 22) {
        /* Both operands exact: one correctly rounded operation. */
        v = (double)mantissa;
        v = exp10 < 0 ? v / exact_powers[-exp10] : v * exact_powers[exp10];
        if (negative)
            v = -v;
    } else {
        char small[64], *copy = small;
        size_t n = (size_t)(q - p);
        if (n >= sizeof small) {
            if (!scratch_reserve(L, n + 1))
                return failed(L);
            copy = L->scratch;
        }
        memcpy(copy, p, n);
        copy[n] = '\0';
        v = strtod(copy, NULL); /* overflow gives inf and underflow 0, as float() */
    }
    rco_object *f = rco__float_new(v);
    return f ? f : failed(L);
}

/* A number at p (a '-' or a digit): Python's NUMBER_RE,
 * -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?, longest match. */
static cursor number(loader *L, cursor p, rco_object **out)
{
    cursor end = L->end, q = p;
    bool negative = *q == '-';
    if (negative)
        q++;
    if (q == end || !is_digit(*q))
        return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
    uint64_t m = 0;    /* the first 19 significant digits */
    int digits = 0;    /* how many of them */
    bool truncated = false;
    int64_t exp10 = 0; /* m * 10^exp10 is the value, unless truncated */
    if (*q == '0') {
        q++;
    } else {
        for (; q < end && is_digit(*q); q++) {
            if (digits < 19) {
                m = m * 10 + (uint64_t)(*q - '0');
                digits++;
            } else {
                truncated = true;
            }
        }
    }
    bool is_float = false;
    if (q + 1 < end && *q == '.' && is_digit(q[1])) {
        is_float = true;
        for (q++; q < end && is_digit(*q); q++) {
            if (digits < 19) {
                m = m * 10 + (uint64_t)(*q - '0');
                digits += m != 0; /* leading zeros are not significant */
                exp10--;
            } else {
                truncated = true;
            }
        }
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        cursor e = q + 1;
        bool eneg = false;
        if (e < end && (*e == '+' || *e == '-'))
            eneg = *e++ == '-';
        if (e < end && is_digit(*e)) {
            is_float = true;
            int64_t x = 0;
            for (; e < end && is_digit(*e); e++)
                if (x < 100000000)
                    x = x * 10 + (*e - '0');
            exp10 += eneg ? -x : x;
            q = e;
        }
    }
    if (is_float) {
        *out = make_float(L, p, q, negative, m, truncated, exp10);
        return *out ? q : NULL;
    }
    if (truncated || m > (uint64_t)INT64_MAX + negative) {
        unfit(L, RCO_ERR_OVERFLOW, p, "Integer does not fit in int64");
        m = 0; /* a stand-in while the rest is checked */
    }
    *out = rco__int_new(negative ? (int64_t)(0 - m) : (int64_t)m);
    return *out ? q : failed(L);
}

/* ---- the document ----------------------------------------------------- */

static bool open_level(loader *L, int kind)
{
    if (L->depth == L->levels_cap) {
        size_t cap = L->levels_cap ? L->levels_cap * 2 : 64;
        level *lv = rco__realloc(L->levels, L->levels_cap * sizeof *lv, rco__mul_size(cap, sizeof *lv));
        if (!lv)
            return false;
        L->levels = lv;
        L->levels_cap = cap;
    }
    L->levels[L->depth++] = (level){ L->values.n, kind };
    return true;
}

static bool matches(cursor p, cursor end, const char *word, size_t n)
{
    return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* The document from p on; NULL with L->err set. */
static rco_object *load(loader *L, cursor p)
{
    cursor end = L->end;
    rco_object *o;
    p = skip_ws(p, end);
value:
    if (p == end)
        return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
    switch (*p) {
    case '"':
        p = string(L, p, &o);
        if (!p)
            return NULL;
        break;
    case '[':
        if (!open_level(L, LEVEL_LIST))
            return failed(L);
        p = skip_ws(p + 1, end);
        if (p < end && *p == ']') {
            p++;
            L->depth--;
            o = rco__list_new(0);
            if (!o)
                return failed(L);
            break;
        }
        goto value;
    case '{':
        if (!open_level(L, LEVEL_DICT))
            return failed(L);
        p = skip_ws(p + 1, end);
        if (p < end && *p == '}') {
            p++;
            L->depth--;
            o = rco__dict_new();
            if (!o)
                return failed(L);
            break;
        }
        goto key;
    case 'n':
        if (!matches(p, end, "null", 4))
            return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
        o = &rco__none;
        RCO__INCREF(o);
        p += 4;
        break;
    case 't':
        if (!matches(p, end, "true", 4))
            return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
        o = &rco__true.ob;
        RCO__INCREF(o);
        p += 4;
        break;
    case 'f':
        if (!matches(p, end, "false", 5))
            return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
        o = &rco__false.ob;
        RCO__INCREF(o);
        p += 5;
        break;
    case 'N':
        if (!matches(p, end, "NaN", 3))
            return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
        o = rco__float_new(NAN);
        p += 3;
        if (!o)
            return failed(L);
        break;
    case 'I':
        if (!matches(p, end, "Infinity", 8))
            return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
        o = rco__float_new(INFINITY);
        p += 8;
        if (!o)
            return failed(L);
        break;
    case '-':
        if (p + 1 < end && p[1] == 'I') {
            if (!matches(p, end, "-Infinity", 9))
                return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
            o = rco__float_new(-INFINITY);
            p += 9;
            if (!o)
                return failed(L);
            break;
        }
        /* fall through */
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        p = number(L, p, &o);
        if (!p)
            return NULL;
        break;
    default:
        return fail_at(L, RCO_ERR_VALUE, p, "Expecting value");
    }
    for (;;) { /* o is the value just read: store it, then see what follows */
        if (L->depth == 0) {
            p = skip_ws(p, end);
            if (p != end) {
                RCO__DECREF(o);
                return fail_at(L, RCO_ERR_VALUE, p, "Extra data");
            }
            return o;
        }
        if (rco__vstack_push(&L->values, o) < 0)
            return failed(L);
        p = skip_ws(p, end);
        level *top = &L->levels[L->depth - 1];
        if (top->kind == LEVEL_LIST) {
            if (p < end && *p == ',') {
                p = skip_ws(p + 1, end);
                goto value;
            }
            if (p == end || *p != ']')
                return fail_at(L, RCO_ERR_VALUE, p, "Expecting ',' delimiter");
            o = rco__vstack_list(&L->values, top->base);
        } else {
            if (p < end && *p == ',') {
                p = skip_ws(p + 1, end);
                goto key;
            }
            if (p == end || *p != '}')
                return fail_at(L, RCO_ERR_VALUE, p, "Expecting ',' delimiter");
            o = rco__vstack_dict(&L->values, top->base);
        }
        if (!o)
            return failed(L);
        L->depth--;
        p++;
    }
key:
    if (p == end || *p != '"')
        return fail_at(L, RCO_ERR_VALUE, p, "Expecting property name enclosed in double quotes");
    p = key(L, p, &o);
    if (!p)
        return NULL;
    if (rco__vstack_push(&L->values, o) < 0)
        return failed(L);
    p = skip_ws(p, end);
    if (p == end || *p != ':')
        return fail_at(L, RCO_ERR_VALUE, p, "Expecting ':' delimiter");
    p = skip_ws(p + 1, end);
    goto value;
}

static void loader_free(loader *L)
{
    rco__vstack_free(&L->values);
    if (L->levels)
        rco__free(L->levels, L->levels_cap * sizeof *L->levels);
    if (L->scratch)
        rco__free(L->scratch, L->scratch_cap);
    if (L->keys) {
        for (size_t i = 0; i < KEY_CACHE_SLOTS; i++)
            RCO__XDECREF(L->keys[i].str);
        rco__free(L->keys, KEY_CACHE_SLOTS * sizeof *L->keys);
    }
}

/* Set the loader's error as Python words it; the text's own invalid
 * UTF-8 comes first. */
static void report(loader *L)
{
    size_t n = (size_t)(L->end - (cursor)L->text);
    if (L->err == RCO_ERR_MEMORY) {
        if (rco_err_occurred() == RCO_ERR_NONE)
            rco__err_memory();
        return;
    }
    if (rco__utf8_error(L->text, n))
        return;
    rco__text_error_at(L->err, L->text, (const char *)L->err_at, L->err_what);
}

static rco_object *json_loads(const char *text, size_t n)
{
    loader L = { .text = text, .end = (cursor)text + n };
    cursor p = (cursor)text;
    rco_object *o = NULL;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        fail_at(&L, RCO_ERR_VALUE, p, "Unexpected UTF-8 BOM (decode using utf-8-sig)");
    } else {
        /* Small documents are not worth the key cache. */
        if (n > 256) {
            L.keys = rco__alloc(KEY_CACHE_SLOTS * sizeof *L.keys);
            if (L.keys)
                memset(L.keys, 0, KEY_CACHE_SLOTS * sizeof *L.keys);
            else
                rco_err_clear(); /* it only saves time */
        }
        o = load(&L, p);
        if (o && L.unfit != RCO_ERR_NONE) {
            RCO__DECREF(o);
            o = NULL;
            fail_at(&L, L.unfit, L.unfit_at, L.unfit_what);
        }
    }
    if (!o)
        report(&L);
    loader_free(&L);
    return o;
}

rco_object *rco_json_loads(const char *text, size_t n)
{
    if (!text && n) {
        rco__err_set(RCO_ERR_TYPE, "rco_json_loads: text is NULL");
        return NULL;
    }
    if (n > RCO__MAX_OBJECT_SIZE) {
        rco__err_set(RCO_ERR_OVERFLOW, "rco_json_loads: a text of %zu bytes is too large", n);
        return NULL;
    }
    rco_object *o = json_loads(text ? text : "", n);
    if (o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(o);
    return o;
}

/* The whole stream into one block; NULL + error. */
static char *read_all(FILE *f, size_t *n, size_t *cap)
{
    size_t size = 0, room = 64 * 1024;
    char *data = rco__alloc(room);
    if (!data)
        return NULL;
    for (;;) {
        if (size == room) {
            char *more = room <= SIZE_MAX / 2 ? rco__realloc(data, room, room * 2) : NULL;
            if (!more) {
                rco__free(data, room);
                return NULL;
            }
            data = more;
            room *= 2;
        }
        size_t got = fread(data + size, 1, room - size, f);
        size += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rco__free(data, room);
        rco__err_set(RCO_ERR_VALUE, "rco_json_load_file: read failed: %s", strerror(errno));
        return NULL;
    }
    *n = size;
    *cap = room;
    return data;
}

rco_object *rco_json_load_file(FILE *f)
{
    if (!f) {
        rco__err_set(RCO_ERR_TYPE, "rco_json_load_file: stream is NULL");
        return NULL;
    }
    size_t n, cap;
    char *text = read_all(f, &n, &cap);
    if (!text)
        return NULL;
    rco_object *o = json_loads(text, n);
    rco__free(text, cap);
    if (o)
        rco__gc_maybe_collect();
    RCO__LEDGER_GIVE(o);
    return o;
}
