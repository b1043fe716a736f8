/*
 * fuzz_json.c: rco_json_loads on text the fuzzer writes, then dump and
 * load again.
 *
 * Input:
 *   byte 0      bits 0-2: the dump's flags (SORT_KEYS, COMPACT, UTF8);
 *               bits 3-4: an indent of 0, 1 or 4 (or none);
 *               bit 5: fail one allocation of the first load
 *   byte 1      which one (1 = the first)
 *   the rest    the JSON text
 *
 * Checks, besides the sanitizers:
 *   - a load either succeeds, or fails with RCO_ERR_VALUE or
 *     RCO_ERR_OVERFLOW and a message that says where (or with
 *     RCO_ERR_MEMORY when an allocation was made to fail);
 *   - what loaded dumps (with the input's flags, and with flags 0) into a
 *     str that loads again, and whose dump is the same text: a fixed point
 *     (compared as text, so that NaN, which equals nothing, is checked too);
 *   - repr of the value reads back with rco_parse to the same repr;
 *   - after every input the allocator's live blocks are back where they
 *     were: abort() on a leak, so that libFuzzer reports it.
 */
#include <rco.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what, const uint8_t *text, size_t n)
{
    fprintf(stderr, "fuzz_json: %s (%s); input %.*s\n", what, rco_err_message(), (int)(n < 200 ? n : 200),
            (const char *)text);
    abort();
}

static size_t live_blocks(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return s.blocks_in_use;
}

static bool says_where(const char *message)
{
    return strstr(message, ": line ") || strstr(message, "'utf-8' codec can't decode");
}

/* dumps(o, flags) must load again and dump to the same text. */
static void check_fixed_point(rco_object *o, int flags, const uint8_t *text, size_t n)
{
    rco_object *s = rco_json_dumps(o, flags);
    if (!s)
        fail("a loaded value does not dump", text, n);
    if (rco_len(s) < 0)
        fail("the dump is not a str", text, n);
    rco_object *again = rco_json_loads(rco_str_utf8(s), (size_t)rco_str_size(s));
    if (!again)
        fail("a dump does not load", text, n);
    rco_object *s2 = rco_json_dumps(again, flags);
    if (!s2 || strcmp(rco_str_utf8(s), rco_str_utf8(s2)) != 0)
        fail("dump, load, dump is not the same text", text, n);
    rco_decref(s2);
    rco_decref(again);
    rco_decref(s);
}

static void check_repr_reads_back(rco_object *o, const uint8_t *text, size_t n)
{
    rco_object *r = rco_repr(o);
    if (!r)
        fail("no repr", text, n);
    rco_object *back = rco_parse(rco_str_utf8(r), (size_t)rco_str_size(r));
    if (!back)
        fail("rco_parse does not read a repr", text, n);
    rco_object *r2 = rco_repr(back);
    if (!r2 || strcmp(rco_str_utf8(r), rco_str_utf8(r2)) != 0)
        fail("rco_parse(repr(x)) has another repr", text, n);
    rco_decref(r2);
    rco_decref(back);
    rco_decref(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool started;
    static size_t baseline;
    if (!started) {
        (void)rco_gc_garbage();
        rco_gc_collect(-1);
        baseline = live_blocks();
        started = true;
    }
    if (size < 2)
        return 0;
    static const int indents[] = { 0, RCO_JSON_INDENT(0), RCO_JSON_INDENT(1), RCO_JSON_INDENT(4) };
    int flags = (data[0] & 7) | indents[(data[0] >> 3) & 3];
    bool inject = data[0] & 32;
    const uint8_t *text = data + 2;
    size_t n = size - 2;

    if (inject)
        rco_debug_fail_alloc(data[1] + 1);
    long failed_before = rco_debug_failed_allocs();
    rco_object *o = rco_json_loads((const char *)text, n);
    bool injected = rco_debug_failed_allocs() != failed_before;
    rco_debug_fail_alloc(0);
    if (!o) {
        rco_errkind kind = rco_err_occurred();
        if (kind == RCO_ERR_MEMORY) {
            if (!injected)
                fail("MemoryError with no allocation failing", text, n);
        } else if ((kind != RCO_ERR_VALUE && kind != RCO_ERR_OVERFLOW) || !says_where(rco_err_message())) {
            fail("a load failed without a positioned ValueError or OverflowError", text, n);
        }
        rco_err_clear();
        if (injected) /* the same text without the failure */
            o = rco_json_loads((const char *)text, n);
        rco_err_clear();
    }
    if (o) {
        check_fixed_point(o, flags, text, n);
        check_fixed_point(o, 0, text, n);
        check_repr_reads_back(o, text, n);
        rco_decref(o);
    }
    rco_gc_collect(-1);
    rco_err_clear();
    if (live_blocks() != baseline) {
        fprintf(stderr, "fuzz_json: %zd blocks leaked\n", (ssize_t)(live_blocks() - baseline));
        abort();
    }
    return 0;
}
