/*
 * core/utf8.c: UTF-8 validation, as strict as Python's decoder: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 */
#include "core/utf8.h"

/* Bytes of a sequence whose lead byte is b, 0 if b cannot lead. */
static int sequence_length(unsigned char b)
{
    if (b < 0x80)
        return 1;
    if (b < 0xC2) /* continuation bytes, and C0/C1 (overlong) */
        return 0;
    if (b < 0xE0)
        return 2;
    if (b < 0xF0)
        return 3;
    if (b < 0xF5)
        return 4;
    return 0;
}

/* true if p[0..n) is valid UTF-8; then *codepoints is its length. On false
 * *bad_at is the offset of the first byte that is not. */
bool rco__utf8_check(const char *text, size_t n, size_t *codepoints, size_t *bad_at)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, count = 0;
    while (i < n) {
        /* ASCII runs, eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
            count += 8;
        }
        if (i >= n)
            break;
        unsigned char b = p[i];
        if (b < 0x80) { /* an ASCII tail shorter than eight bytes */
            i++;
            count++;
            continue;
        }
        int len = sequence_length(b);
        if (len == 0 || i + (size_t)len > n)
            goto bad;
        for (int k = 1; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                goto bad;
        if (len == 3) {
            if (b == 0xE0 && p[i + 1] < 0xA0) /* overlong */
                goto bad;
            if (b == 0xED && p[i + 1] >= 0xA0) /* surrogate */
                goto bad;
        } else if (len == 4) {
            if (b == 0xF0 && p[i + 1] < 0x90) /* overlong */
                goto bad;
            if (b == 0xF4 && p[i + 1] >= 0x90) /* above U+10FFFF */
                goto bad;
        }
        i += (size_t)len;
        count++;
    }
    *codepoints = count;
    return true;
bad:
    *bad_at = i;
    return false;
}
