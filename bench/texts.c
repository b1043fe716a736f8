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

void bench_texts_free(void)
{
    free(texts);
    texts = NULL;
}
