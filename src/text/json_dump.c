/*
 * text/json_dump.c: rco_json_dumps and rco_json_dump_file, Python's
 * json.dumps and json.dump byte for byte.
 *
 * The walk keeps an explicit stack of the containers being written, as
 * the repr does (text/repr.c), so depth costs memory, not C stack. Each
 * frame holds a reference to its container. Following the threads model
 * (object/object.h), a container's fields are read only with its lock
 * held, one lock at a time: a frame writes its atomic items under its
 * lock, and on meeting a container item takes a reference to it, unlocks,
 * and pushes it. Nothing here runs user code: only built-in values are
 * serializable. With RCO_JSON_SORT_KEYS a dict's items are copied (held)
 * under its lock, then sorted and written without it.
 *
 * Everything goes into one growable buffer, which for rco_json_dumps is
 * the block that becomes the result (rco__str_buffer_*: no copy at the
 * end) and for rco_json_dump_file a chunk flushed as it fills. Each string
 * reserves its worst case once, then is stored 16 bytes a step (short ones
 * as two words), the output moved on to the next byte that needs an
 * escape; ints and floats are formatted in place. The result's code point
 * count is known from what was written: the bytes, less the continuation
 * bytes of the non-ASCII strs copied raw (RCO_JSON_UTF8).
 *
 * A container met again while it is being written is Python's ValueError
 * "Circular reference detected". A cycle makes the walk go deeper without
 * end, so nothing is looked for until the stack is CYCLE_DEPTH deep (as
 * deep as Python's recursion limit lets its encoder go): then its frames
 * go into a pointer map, and every deeper container is looked up there.
 * Documents shallower than that, nearly all, pay nothing for the check;
 * a cycle costs CYCLE_DEPTH levels of text written before the error.
 */
#include "core/ptrmap.h"
#include "text/json.h"
#include "types/list.h"
#include "types/number.h"
#include "types/str.h"
#include "types/table.h"
#include "types/tuple.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define INDENT_FIELD (0x3F << 8) /* RCO_JSON_INDENT(n): n + 1, 0 for none */
#define JSON_FLAGS (RCO_JSON_SORT_KEYS | RCO_JSON_COMPACT | RCO_JSON_UTF8 | INDENT_FIELD)

/* ======================================================================
 * The output buffer
 * ====================================================================== */

#define FILE_CHUNK (64 * 1024)

typedef struct writer {
    char *data;
    size_t len, cap;
    FILE *file;   /* rco_json_dump_file: written out whenever full */
    size_t extra; /* continuation bytes of the raw non-ASCII text written */
    bool failed;  /* the error is set */
} writer;

static bool flush(writer *w)
{
    if (w->len && fwrite(w->data, 1, w->len, w->file) != w->len) {
        rco__err_set(RCO_ERR_VALUE, "rco_json_dump_file: write failed: %s", strerror(errno));
        w->failed = true;
        return false;
    }
    w->len = 0;
    return true;
}

static RCO__NOINLINE bool grow(writer *w, size_t n)
{
    if (w->failed)
        return false;
    if (w->file && !flush(w))
        return false;
    if (w->len + n <= w->cap)
        return true;
    size_t cap = w->cap ? w->cap : (w->file ? FILE_CHUNK : 256);
    while (cap < w->len + n) {
        if (cap > RCO__MAX_OBJECT_SIZE / 2) {
            rco__err_set(RCO_ERR_OVERFLOW, "JSON text too long");
            w->failed = true;
            return false;
        }
        cap *= 2;
    }
    /* rco_json_dumps writes into what becomes its str (no copy at the
     * end); a stream's chunk is a plain block. */
    char *data = w->file ? rco__realloc(w->data, w->cap, cap)
               : w->data ? rco__str_buffer_grow(w->data, w->cap, cap)
                         : rco__str_buffer_new(cap);
    if (!data) {
        w->failed = true;
        return false;
    }
    w->data = data;
    w->cap = cap;
    return true;
}

/* Room for n more bytes at w->data + w->len. */
static RCO__ALWAYS_INLINE bool room(writer *w, size_t n)
{
    return RCO__LIKELY(w->len + n <= w->cap) || grow(w, n);
}

/* A separator, ", " or ",", ": " or ":": two bytes stored (a fixed-size
 * copy, no call), n kept. */
static RCO__ALWAYS_INLINE void put_separator(writer *w, const char *two, size_t n)
{
    if (room(w, 2)) {
        memcpy(w->data + w->len, two, 2);
        w->len += n;
    }
}

static RCO__ALWAYS_INLINE void put(writer *w, const char *p, size_t n)
{
    if (room(w, n)) {
        memcpy(w->data + w->len, p, n);
        w->len += n;
    }
}

static void writer_free(writer *w)
{
    if (w->file && w->data)
        rco__free(w->data, w->cap);
    else if (w->data)
        rco__str_buffer_free(w->data, w->cap);
    w->data = NULL;
}

/* ======================================================================
 * Atoms
 * ====================================================================== */

static const char hex_digits[] = "0123456789abcdef";

/* What each ASCII byte becomes inside a string: 0 for itself, a letter
 * for a two-character escape, 'u' for \u00XX. */
static const char ascii_escape[128] = {
    ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
    [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
    [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u', [0x0f] = 'u', [0x10] = 'u',
    [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u', [0x16] = 'u',
    [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u',
    [0x1d] = 'u', [0x1e] = 'u', [0x1f] = 'u',
    ['"'] = '"', ['\\'] = '\\',
};

/* Which bytes need an escape: with ensure_ascii a quote, a backslash, a
 * control character, DEL and every non-ASCII byte; without it the first
 * three. */
#define ESCAPE_CONTROLS                                                                            \
    [0x00 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1
static const unsigned char escape_ascii[256] = { ESCAPE_CONTROLS, [0x7F ... 0xFF] = 1 };
static const unsigned char escape_utf8[256] = { ESCAPE_CONTROLS };

static RCO__ALWAYS_INLINE char *put_u(char *o, uint32_t unit)
{
    o[0] = '\\';
    o[1] = 'u';
    o[2] = hex_digits[(unit >> 12) & 15];
    o[3] = hex_digits[(unit >> 8) & 15];
    o[4] = hex_digits[(unit >> 4) & 15];
    o[5] = hex_digits[unit & 15];
    return o + 6;
}

/* Whether any of the eight bytes in x needs an escape (exact: the
 * borrow tricks have no false positives for "any byte"). */
static RCO__ALWAYS_INLINE bool word_needs_escape(uint64_t x, bool ascii)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t below_space = (x - ones * 0x20) & ~x;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t quote = (q - ones) & ~q, backslash = (b - ones) & ~b;
    uint64_t found = below_space | quote | backslash;
    if (ascii) /* DEL becomes 0x80; non-ASCII bytes have the high bit */
        found |= (x + ones) | x;
    return found & highs;
}

/* A string of fewer than 16 bytes without escapes: its two (overlapping)
 * words copied, no loop. The text is a str's data, which starts a word of
 * a block rounded up to whole words and holds at least the NUL: its first
 * eight bytes can always be read. Bytes past n are replaced before they
 * are tested, and written over after. */
_Static_assert(offsetof(rco__str, data) % 8 == 0, "a str's data starts a word");
static RCO__ALWAYS_INLINE bool put_short_string(writer *w, const char *text, size_t n, bool ascii)
{
    uint64_t head, tail;
    memcpy(&head, text, 8);
    if (n >= 8) {
        memcpy(&tail, text + n - 8, 8);
    } else {
        uint64_t keep = n ? ~(uint64_t)0 >> (64 - 8 * n) : 0;
        head = (head & keep) | (0x6161616161616161u & ~keep); /* 'a' past the end */
        tail = head;
    }
    if (word_needs_escape(head, ascii) || word_needs_escape(tail, ascii))
        return false;
    char *o = w->data + w->len;
    o[0] = '"';
    memcpy(o + 1, &head, 8);
    if (n >= 8)
        memcpy(o + 1 + n - 8, &tail, 8);
    o[n + 1] = '"';
    w->len += n + 2;
    return true;
}

/* A str's text (valid UTF-8, a str's data: see put_short_string) as a
 * JSON string, with Python's escapes: ensure_ascii writes every non-ASCII
 * character as \uXXXX (a surrogate pair above U+FFFF), lower-case hex. The
 * worst case is reserved first,
 * so the plain runs are stored 16 bytes at a time, the output moved on by
 * as many as were plain. */
static void put_string(writer *w, const char *text, size_t n, size_t codepoints, bool ascii)
{
    /* Worst case: a control character, one byte, becomes six. */
    size_t worst = rco__mul_size(n, 6);
    if (worst > SIZE_MAX - 32 || !room(w, worst + 32))
        return;
    if (n < 16 && put_short_string(w, text, n, ascii)) {
        if (!ascii)
            w->extra += n - codepoints;
        return;
    }
    const unsigned char *p = (const unsigned char *)text, *end = p + n;
    const unsigned char *needs = ascii ? escape_ascii : escape_utf8;
    char *o = w->data + w->len;
    *o++ = '"';
    for (;;) {
#ifdef __SSE2__
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7f), low = _mm_set1_epi8(0x1f);
        while (end - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)p);
            _mm_storeu_si128((__m128i *)o, v);
            __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
            if (ascii) /* signed: non-ASCII bytes are negative, below ' ' */
                m = _mm_or_si128(m, _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)));
            else /* unsigned v <= 0x1f */
                m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_max_epu8(v, low), low));
            unsigned bits = (unsigned)_mm_movemask_epi8(m);
            if (bits) {
                unsigned k = (unsigned)__builtin_ctz(bits);
                p += k;
                o += k;
                goto escape;
            }
            p += 16;
            o += 16;
        }
#endif
        while (p < end && !needs[*p])
            *o++ = (char)*p++;
        if (p == end)
            break;
#ifdef __SSE2__
    escape:;
#endif
        unsigned char c = *p;
        if (c < 0x80) {
            char e = ascii_escape[c];
            if (e == 'u' || c == 0x7f) {
                o = put_u(o, c);
            } else {
                o[0] = '\\';
                o[1] = e;
                o += 2;
            }
            p++;
            continue;
        }
        /* Non-ASCII under ensure_ascii: decode the (valid) sequence. */
        uint32_t cp;
        if (c < 0xE0) {
            cp = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
            p += 2;
        } else if (c < 0xF0) {
            cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            p += 3;
        } else {
            cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
                 ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
            p += 4;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            o = put_u(o, 0xD800 | (cp >> 10));
            o = put_u(o, 0xDC00 | (cp & 0x3FF));
        } else {
            o = put_u(o, cp);
        }
    }
    *o++ = '"';
    w->len = (size_t)(o - w->data);
    if (!ascii)
        w->extra += n - codepoints;
}

static const char two_digits[201] = "00010203040506070809101112131415161718192021222324"
                                    "25262728293031323334353637383940414243444546474849"
                                    "50515253545556575859606162636465666768697071727374"
                                    "75767778798081828384858687888990919293949596979899";

/* v in decimal at the end of buf (24 bytes); returns where it starts. */
static char *format_int(int64_t v, char *buf_end)
{
    char *p = buf_end;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    while (u >= 100) {
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        p -= 2;
        memcpy(p, two_digits + 2 * r, 2);
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, two_digits + 2 * u, 2);
    } else {
        *--p = (char)('0' + u);
    }
    if (v < 0)
        *--p = '-';
    return p;
}

/* v in decimal, written straight into the buffer: its digits counted
 * first, then filled in from the end. */
static void put_int(writer *w, int64_t v)
{
    if (!room(w, 24))
        return;
    char *o = w->data + w->len;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (v < 0)
        *o++ = '-';
    size_t digits = 1;
    for (uint64_t t = u; t >= 10; t /= 10)
        digits++;
    char *p = o + digits;
    while (u >= 100) {
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        p -= 2;
        memcpy(p, two_digits + 2 * r, 2);
    }
    if (u >= 10)
        memcpy(p - 2, two_digits + 2 * u, 2);
    else
        p[-1] = (char)('0' + u);
    w->len = (size_t)(o + digits - w->data);
}

/* float.__repr__, with json's names for the values JSON lacks; buf has
 * room for 32 bytes. */
static size_t format_json_float(double v, char *buf)
{
    if (isnan(v)) {
        memcpy(buf, "NaN", 4);
        return 3;
    }
    if (isinf(v)) {
        if (v < 0) {
            memcpy(buf, "-Infinity", 10);
            return 9;
        }
        memcpy(buf, "Infinity", 9);
        return 8;
    }
    return rco__format_float(v, buf);
}

static void put_float(writer *w, double v)
{
    if (room(w, 40))
        w->len += format_json_float(v, w->data + w->len);
}

static bool is_atom_kind(int kind)
{
    return kind == RCO__KIND_STR || kind == RCO__KIND_INT || kind == RCO__KIND_FLOAT ||
           kind == RCO__KIND_NONE || kind == RCO__KIND_BOOL;
}

static void put_atom(writer *w, rco_object *o, bool ascii)
{
    switch (o->type->kind) {
    case RCO__KIND_STR: {
        rco__str *s = (rco__str *)o;
        put_string(w, s->data, s->size, s->length, ascii);
        break;
    }
    case RCO__KIND_INT: put_int(w, ((rco__int *)o)->value); break;
    case RCO__KIND_FLOAT: put_float(w, ((rco__float *)o)->value); break;
    case RCO__KIND_BOOL:
        if (((rco__int *)o)->value)
            put(w, "true", 4);
        else
            put(w, "false", 5);
        break;
    default: put(w, "null", 4); break;
    }
}

/* A dict key as Python's encoder converts it; false (error set) for keys
 * JSON has no text for. */
static bool put_key(writer *w, rco_object *k, bool ascii)
{
    int kind = k->type->kind;
    if (RCO__LIKELY(kind == RCO__KIND_STR)) {
        rco__str *s = (rco__str *)k;
        put_string(w, s->data, s->size, s->length, ascii);
        return true;
    }
    char buf[48];
    size_t n;
    switch (kind) {
    case RCO__KIND_INT: {
        char *end = buf + sizeof buf, *p = format_int(((rco__int *)k)->value, end);
        n = (size_t)(end - p);
        memmove(buf, p, n);
        break;
    }
    case RCO__KIND_FLOAT: n = format_json_float(((rco__float *)k)->value, buf); break;
    case RCO__KIND_BOOL:
        n = ((rco__int *)k)->value ? 4 : 5;
        memcpy(buf, ((rco__int *)k)->value ? "true" : "false", n);
        break;
    case RCO__KIND_NONE: n = 4; memcpy(buf, "null", 4); break;
    default:
        rco__err_set(RCO_ERR_TYPE, "keys must be str, int, float, bool or None, not %s", k->type->name);
        return false;
    }
    if (room(w, n + 2)) {
        char *o = w->data + w->len;
        o[0] = '"';
        memcpy(o + 1, buf, n);
        o[n + 1] = '"';
        w->len += n + 2;
    }
    return true;
}

/* ======================================================================
 * Sorting a dict's items (sort_keys)
 * ====================================================================== */

typedef struct pair {
    rco_object *key, *value; /* held */
} pair;

/* The classes of keys that compare with each other. */
enum key_class { CLASS_STR, CLASS_NUMBER, CLASS_OTHER };

static int class_of(const rco_object *k)
{
    int kind = k->type->kind;
    if (kind == RCO__KIND_STR)
        return CLASS_STR;
    if (rco__is_number_kind(kind))
        return CLASS_NUMBER;
    return CLASS_OTHER;
}

/* i < d, exactly (no rounding of i to double). */
static bool int_less_than_double(int64_t i, double d)
{
    if (isnan(d))
        return false;
    if (d >= 9223372036854775808.0)
        return true;
    if (d < -9223372036854775808.0)
        return false;
    double t = trunc(d);
    int64_t ti = (int64_t)t;
    return i != ti ? i < ti : t < d;
}

static bool number_less(const rco_object *a, const rco_object *b)
{
    bool fa = a->type->kind == RCO__KIND_FLOAT, fb = b->type->kind == RCO__KIND_FLOAT;
    if (!fa && !fb)
        return ((const rco__int *)a)->value < ((const rco__int *)b)->value;
    if (fa && fb)
        return ((const rco__float *)a)->value < ((const rco__float *)b)->value;
    if (!fa) /* int < float */
        return int_less_than_double(((const rco__int *)a)->value, ((const rco__float *)b)->value);
    int64_t i = ((const rco__int *)b)->value;
    double d = ((const rco__float *)a)->value; /* float < int */
    return !isnan(d) && !int_less_than_double(i, d) && !rco__int_equals_double(i, d);
}

static bool key_less(const rco_object *a, const rco_object *b)
{
    if (a->type->kind == RCO__KIND_STR) {
        const rco__str *sa = (const rco__str *)a, *sb = (const rco__str *)b;
        size_t n = sa->size < sb->size ? sa->size : sb->size;
        int c = memcmp(sa->data, sb->data, n); /* UTF-8 sorts as its code points */
        return c < 0 || (c == 0 && sa->size < sb->size);
    }
    return number_less(a, b);
}

/* A stable merge sort of p[0..n) by key, through tmp (n pairs). */
static void sort_pairs(pair *p, pair *tmp, size_t n)
{
    for (size_t i = 1; i < n && n <= 8; i++) { /* small: insertion */
        pair x = p[i];
        size_t j = i;
        for (; j > 0 && key_less(x.key, p[j - 1].key); j--)
            p[j] = p[j - 1];
        p[j] = x;
    }
    if (n <= 8)
        return;
    size_t half = n / 2;
    sort_pairs(p, tmp, half);
    sort_pairs(p + half, tmp, n - half);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n)
        tmp[k++] = key_less(p[j].key, p[i].key) ? p[j++] : p[i++];
    while (i < half)
        tmp[k++] = p[i++];
    memcpy(p, tmp, k * sizeof *p);
}

/* Sort the items as Python sorts dict.items(): keys of one class order
 * among themselves; two classes meeting is the TypeError of '<'. (Python
 * compares the keys in its sort's order; rco names the first two
 * neighbours of different classes, the same pair in the usual cases.) */
static bool sort_items(pair *p, size_t n)
{
    if (n < 2)
        return true;
    for (size_t i = 1; i < n; i++) {
        int a = class_of(p[i].key), b = class_of(p[i - 1].key);
        if (a != b || a == CLASS_OTHER) {
            if (a == b && p[i].key->type == p[i - 1].key->type)
                continue; /* the key itself fails when written */
            rco__err_set(RCO_ERR_TYPE, "'<' not supported between instances of '%s' and '%s'",
                         p[i].key->type->name, p[i - 1].key->type->name);
            return false;
        }
    }
    if (class_of(p[0].key) == CLASS_OTHER)
        return true;
    pair *tmp = rco__alloc(n * sizeof *tmp);
    if (!tmp)
        return false;
    sort_pairs(p, tmp, n);
    rco__free(tmp, n * sizeof *tmp);
    return true;
}

/* ======================================================================
 * The walk
 * ====================================================================== */

typedef struct frame {
    rco_object *container; /* held */
    size_t pos;            /* the next item (list, tuple), entry (dict) or pair */
    size_t written;        /* items written so far */
    pair *pairs;           /* sort_keys: the dict's items, held */
    size_t npairs;
} frame;

/* How deep the walk goes before it looks for cycles (see the top). */
#define CYCLE_DEPTH 1000

typedef struct dumper {
    writer out;
    int flags;
    bool ascii;
    int indent;            /* -1: none */
    const char *item_sep, *key_sep;
    size_t item_sep_len, key_sep_len;
    frame *stack;
    size_t depth, cap;
    rco__ptrmap open;      /* the containers of frames 0 .. mapped-1 */
    size_t mapped;
} dumper;

/* Frame `depth` is about to hold o: false (the error set) if o is open
 * already, which is looked at only from CYCLE_DEPTH frames on. */
static bool check_cycle(dumper *D, rco_object *o)
{
    if (RCO__LIKELY(D->depth < CYCLE_DEPTH))
        return true;
    for (; D->mapped < D->depth; D->mapped++) { /* the frames below, once */
        rco_object *c = D->stack[D->mapped].container;
        if (rco__ptrmap_get(&D->open, c))
            goto cycle;
        if (rco__ptrmap_put(&D->open, c, c) < 0)
            return false;
    }
    if (!rco__ptrmap_get(&D->open, o))
        return true;
cycle:
    rco__err_set(RCO_ERR_VALUE, "Circular reference detected");
    return false;
}

static void release_pairs(pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        RCO__DECREF(p[i].key);
        RCO__DECREF(p[i].value);
    }
    if (p)
        rco__free(p, n * sizeof *p);
}

/* The dict's items, held (its lock held while copying them). */
static pair *copy_items(rco_object *d, size_t *n)
{
    rco__dict *dict = (rco__dict *)d;
    rco__lock(d);
    size_t used = dict->used;
    pair *p = used ? rco__alloc(used * sizeof *p) : NULL;
    size_t k = 0;
    if (p) {
        const rco__entry *e = rco__table_entries(dict->table);
        for (size_t i = 0; i < dict->table->nentries && k < used; i++) {
            if (!e[i].key)
                continue;
            RCO__INCREF(e[i].key);
            RCO__INCREF(e[i].value);
            p[k++] = (pair){ e[i].key, e[i].value };
        }
    }
    rco__unlock(d);
    *n = k;
    return p;
}

/* Open container o: its bracket, and a frame. False with the error set. */
static bool open_container(dumper *D, rco_object *o)
{
    if (!check_cycle(D, o))
        return false;
    if (D->depth == D->cap) {
        size_t cap = D->cap ? D->cap * 2 : 64;
        frame *s = rco__realloc(D->stack, D->cap * sizeof *s, rco__mul_size(cap, sizeof *s));
        if (!s)
            return false;
        D->stack = s;
        D->cap = cap;
    }
    frame f = { o, 0, 0, NULL, 0 };
    bool dict = o->type->kind == RCO__KIND_DICT;
    if (dict && (D->flags & RCO_JSON_SORT_KEYS) && ((rco__dict *)o)->used) {
        f.pairs = copy_items(o, &f.npairs);
        if (!f.pairs || !sort_items(f.pairs, f.npairs)) {
            release_pairs(f.pairs, f.npairs);
            return false;
        }
    }
    RCO__INCREF(o);
    D->stack[D->depth++] = f;
    put(&D->out, dict ? "{" : "[", 1);
    return true;
}

static void pop(dumper *D)
{
    frame *f = &D->stack[--D->depth];
    if (D->depth < D->mapped) {
        rco__ptrmap_remove(&D->open, f->container);
        D->mapped = D->depth;
    }
    release_pairs(f->pairs, f->npairs);
    RCO__DECREF(f->container);
}

/* A newline and the indentation of level `depth`. */
static void put_newline(dumper *D, size_t depth)
{
    size_t n = rco__mul_size(depth, (size_t)D->indent);
    if (n == SIZE_MAX || !room(&D->out, n + 1))
        return;
    char *o = D->out.data + D->out.len;
    *o = '\n';
    memset(o + 1, ' ', n);
    D->out.len += n + 1;
}

/* What comes before an item: the separator after the previous one, and
 * with an indent a new line. */
static RCO__ALWAYS_INLINE void before_item(dumper *D, frame *f)
{
    if (f->written++)
        put_separator(&D->out, D->item_sep, D->item_sep_len);
    if (D->indent >= 0)
        put_newline(D, D->depth);
}

static void close_container(dumper *D, frame *f)
{
    if (f->written && D->indent >= 0)
        put_newline(D, D->depth - 1);
    put(&D->out, f->container->type->kind == RCO__KIND_DICT ? "}" : "]", 1);
    pop(D);
}

static bool not_serializable(rco_object *o)
{
    rco__err_set(RCO_ERR_TYPE, "Object of type %s is not JSON serializable", o->type->name);
    return false;
}

/* A list or tuple slot not filled yet (rco_list_new(n), rco_tuple_new(n)). */
static bool empty_slot(rco_object *sequence)
{
    rco__err_set(RCO_ERR_VALUE, "a %s slot is not filled yet", sequence->type->name);
    return false;
}

/* Write value o: an atom in place, a container opened as a new frame. */
static bool start_value(dumper *D, rco_object *o)
{
    int kind = o->type->kind;
    if (RCO__LIKELY(is_atom_kind(kind))) {
        put_atom(&D->out, o, D->ascii);
        return true;
    }
    if (kind == RCO__KIND_LIST || kind == RCO__KIND_TUPLE || kind == RCO__KIND_DICT)
        return open_container(D, o);
    return not_serializable(o);
}

/* A child container met under the parent's lock: held, the lock released,
 * then opened. */
static bool descend(dumper *D, rco_object *parent, rco_object *child)
{
    RCO__INCREF(child);
    rco__unlock(parent);
    bool ok = start_value(D, child);
    RCO__DECREF(child);
    return ok;
}

/* Go on with the top frame of a list or tuple until it opens a child or
 * ends. */
static bool step_sequence(dumper *D, frame *f)
{
    rco_object *c = f->container;
    bool is_list = c->type->kind == RCO__KIND_LIST;
    /* Tuples too: a tuple's slots are filled after it is made. */
    rco__lock(c);
    for (;;) {
        size_t size = is_list ? ((rco__list *)c)->size : ((rco__tuple *)c)->ob.size;
        if (f->pos >= size)
            break;
        rco_object *item = is_list ? ((rco__list *)c)->items[f->pos] : ((rco__tuple *)c)->items[f->pos];
        f->pos++;
        if (!item) {
            rco__unlock(c);
            return empty_slot(c);
        }
        before_item(D, f);
        if (RCO__LIKELY(is_atom_kind(item->type->kind))) {
            put_atom(&D->out, item, D->ascii);
            continue;
        }
        return descend(D, c, item);
    }
    rco__unlock(c);
    close_container(D, f);
    return true;
}

static bool step_dict(dumper *D, frame *f)
{
    rco_object *d = f->container;
    if (f->pairs) {
        while (f->pos < f->npairs) {
            pair *p = &f->pairs[f->pos++];
            before_item(D, f);
            if (!put_key(&D->out, p->key, D->ascii))
                return false;
            put_separator(&D->out, D->key_sep, D->key_sep_len);
            if (!is_atom_kind(p->value->type->kind))
                return start_value(D, p->value);
            put_atom(&D->out, p->value, D->ascii);
        }
        close_container(D, f);
        return true;
    }
    rco__lock(d);
    for (;;) {
        const rco__table *t = ((rco__dict *)d)->table;
        if (!t || f->pos >= t->nentries)
            break;
        const rco__entry *e = &rco__table_entries(t)[f->pos++];
        if (!e->key)
            continue; /* deleted */
        before_item(D, f);
        if (!put_key(&D->out, e->key, D->ascii)) {
            rco__unlock(d);
            return false;
        }
        put_separator(&D->out, D->key_sep, D->key_sep_len);
        if (RCO__LIKELY(is_atom_kind(e->value->type->kind))) {
            put_atom(&D->out, e->value, D->ascii);
            continue;
        }
        return descend(D, d, e->value);
    }
    rco__unlock(d);
    close_container(D, f);
    return true;
}

static bool walk(dumper *D, rco_object *root)
{
    if (!start_value(D, root))
        return false;
    while (D->depth > 0 && !D->out.failed) {
        frame *f = &D->stack[D->depth - 1];
        bool ok = f->container->type->kind == RCO__KIND_DICT ? step_dict(D, f) : step_sequence(D, f);
        if (!ok)
            return false;
    }
    return !D->out.failed;
}

static bool dumper_init(dumper *D, int flags, const char *fn)
{
    if ((flags & ~JSON_FLAGS) || (flags & INDENT_FIELD) > RCO_JSON_INDENT(31)) {
        rco__err_set(RCO_ERR_VALUE, "%s: unknown flags 0x%x", fn, (unsigned)flags);
        return false;
    }
    D->flags = flags;
    D->ascii = !(flags & RCO_JSON_UTF8);
    D->indent = ((flags >> 8) & 63) - 1;
    /* Python's defaults: (', ', ': '), or (',', ': ') with an indent. */
    bool compact = flags & RCO_JSON_COMPACT;
    D->item_sep = compact || D->indent >= 0 ? "," : ", ";
    D->key_sep = compact ? ":" : ": ";
    D->item_sep_len = strlen(D->item_sep);
    D->key_sep_len = strlen(D->key_sep);
    return true;
}

static void dumper_free(dumper *D)
{
    while (D->depth > 0)
        pop(D);
    if (D->stack)
        rco__free(D->stack, D->cap * sizeof *D->stack);
    rco__ptrmap_free(&D->open);
    writer_free(&D->out);
}

rco_object *rco_json_dumps(rco_object *o, int flags)
{
    if (!rco__check_obj(o, "rco_json_dumps"))
        return NULL;
    dumper D = { 0 };
    if (!dumper_init(&D, flags, "rco_json_dumps"))
        return NULL;
    rco_object *s = NULL;
    if (walk(&D, o) && (D.out.data || grow(&D.out, 1))) {
        s = rco__str_buffer_finish(D.out.data, D.out.cap, D.out.len, D.out.len - D.out.extra);
        D.out.data = NULL; /* gone, made the str or not */
    }
    dumper_free(&D);
    RCO__LEDGER_GIVE(s);
    return s;
}

int rco_json_dump_file(rco_object *o, FILE *f, int flags)
{
    if (!rco__check_obj(o, "rco_json_dump_file"))
        return -1;
    if (!f) {
        rco__err_set(RCO_ERR_TYPE, "rco_json_dump_file: stream is NULL");
        return -1;
    }
    dumper D = { .out.file = f };
    if (!dumper_init(&D, flags, "rco_json_dump_file"))
        return -1;
    bool ok = walk(&D, o) && flush(&D.out);
    dumper_free(&D);
    return ok ? 0 : -1;
}
