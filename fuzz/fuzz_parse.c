/*
 * fuzz_parse.c: rco_parse on text the fuzzer writes, then repr and parse
 * again.
 *
 * Input:
 *   byte 0      bit 0: fail one allocation of the first parse
 *   byte 1      which one (1 = the first)
 *   the rest    the literal text
 *
 * Checks, besides the sanitizers:
 *   - a parse either succeeds, or fails with RCO_ERR_VALUE, _OVERFLOW or
 *     _TYPE and a message that says where (RCO_ERR_MEMORY when an
 *     allocation was made to fail);
 *   - repr of what was read reads back to the same repr (a fixed point);
 *     where JSON can write the value, its dump loads again;
 *   - after every input the allocator's live blocks are back where they
 *     were: abort() on a leak.
 */
#include <rco.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what, const uint8_t *text, size_t n)
{
    fprintf(stderr, "fuzz_parse: %s (%s); input %.*s\n", what, rco_err_message(), (int)(n < 200 ? n : 200),
            (const char *)text);
    abort();
}

static size_t live_blocks(void)
{
    rco_mem_stats s;
    rco_mem_get_stats(&s);
    return s.blocks_in_use;
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
    bool inject = data[0] & 1;
    const uint8_t *text = data + 2;
    size_t n = size - 2;

    if (inject)
        rco_debug_fail_alloc(data[1] + 1);
    long failed_before = rco_debug_failed_allocs();
    rco_object *o = rco_parse((const char *)text, n);
    bool injected = rco_debug_failed_allocs() != failed_before;
    rco_debug_fail_alloc(0);
    if (!o) {
        rco_errkind kind = rco_err_occurred();
        const char *m = rco_err_message();
        if (kind == RCO_ERR_MEMORY) {
            if (!injected)
                fail("MemoryError with no allocation failing", text, n);
        } else if ((kind != RCO_ERR_VALUE && kind != RCO_ERR_OVERFLOW && kind != RCO_ERR_TYPE) ||
                   !(strstr(m, ": line ") || strstr(m, "'utf-8' codec can't decode"))) {
            fail("a parse failed without a positioned error", text, n);
        }
        rco_err_clear();
        if (injected)
            o = rco_parse((const char *)text, n);
        rco_err_clear();
    }
    if (o) {
        rco_object *r = rco_repr(o);
        if (!r)
            fail("no repr", text, n);
        rco_object *back = rco_parse(rco_str_utf8(r), (size_t)rco_str_size(r));
        if (!back)
            fail("rco_parse does not read its own repr", text, n);
        rco_object *r2 = rco_repr(back);
        if (!r2 || strcmp(rco_str_utf8(r), rco_str_utf8(r2)) != 0)
            fail("parse(repr(x)) has another repr", text, n);
        rco_object *j = rco_json_dumps(o, RCO_JSON_UTF8);
        if (j) {
            rco_object *loaded = rco_json_loads(rco_str_utf8(j), (size_t)rco_str_size(j));
            if (!loaded)
                fail("a dump of a parsed value does not load", text, n);
            rco_decref(loaded);
            rco_decref(j);
        } else if (rco_err_occurred() != RCO_ERR_TYPE) {
            fail("a parsed value fails to dump other than as not serializable", text, n);
        }
        rco_err_clear();
        rco_decref(r2);
        rco_decref(back);
        rco_decref(r);
        rco_decref(o);
    }
    rco_gc_collect(-1);
    rco_err_clear();
    if (live_blocks() != baseline) {
        fprintf(stderr, "fuzz_parse: %zd blocks leaked\n", (ssize_t)(live_blocks() - baseline));
        abort();
    }
    return 0;
}
