/*
 * texts.c: the strings of the str workloads, made once before any round so
 * that neither side's timed loop pays for formatting them.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

/* "key-" and 8 digits: 12 characters (up to 14 past 10^8), NUL: 16 bytes. */
#define TEXT_SLOT 16

static char *texts;

int bench_texts_make(size_t n)
{
    bench_texts_free();
    texts = malloc(n * TEXT_SLOT);
    if (!texts)
        return -1;
    for (size_t i = 0; i < n; i++)
        snprintf(texts + i * TEXT_SLOT, TEXT_SLOT, "key-%08u", (unsigned)i);
    return 0;
}

const char *bench_text(size_t i)
{
    return texts + i * TEXT_SLOT;
}

void bench_colliding_text(size_t i, char *out)
{
    for (int b = 0; b < BENCH_HOSTILE_PAIRS; b++) {
        bool one = (i >> b) & 1;
        out[2 * b] = one ? 'B' : 'A';
        out[2 * b + 1] = one ? 'B' : 'a';
    }
    out[2 * BENCH_HOSTILE_PAIRS] = '\0';
}

void bench_random_text(size_t i, char *out)
{
    uint64_t x = (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL;
    for (int k = 0; k < 2 * BENCH_HOSTILE_PAIRS; k++) {
        x ^= x >> 29;
        x *= 0xbf58476d1ce4e5b9ULL;
        out[k] = (char)('a' + (x >> 59) % 26);
    }
    out[2 * BENCH_HOSTILE_PAIRS] = '\0';
}

void bench_texts_free(void)
{
    free(texts);
    texts = NULL;
}
