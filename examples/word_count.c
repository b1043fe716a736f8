/*
 * word_count.c: the ten commonest words of a text, written as a Python
 * programmer would write it, with rco's values:
 *
 *     counts = {}
 *     for word in text.split():
 *         word = word.strip('.,;:!?"\'()[]')
 *         if word:
 *             counts[word] = counts.get(word, 0) + 1
 *     for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
 *         print('%4d  %s' % (n, word))
 *
 * (ASCII letters are lower-cased first; rco's str has no lower().)
 * Usage: word_count [FILE]; without a file it counts a text of its own.
 */
#include <rco.h>

#include <stdlib.h>

static const char builtin_text[] =
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
    "incredulity, it was the season of Light, it was the season of Darkness.";

/* The whole file, NUL-terminated, malloc'ed; NULL if it cannot be read. */
static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 + 1 > cap) {
            char *more = realloc(text, cap = (cap + 4096) * 2);
            if (!more) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = more;
        }
        n += got = fread(text + n, 1, cap - n - 1, f);
    } while (got > 0);
    fclose(f);
    text[n] = '\0';
    *size = n;
    return text;
}

/* The sort key of a (word, count) item: (-count, word), so that the most
 * frequent come first and equal counts in the words' order. */
static rco_object *by_count_then_word(rco_object *item, void *arg)
{
    (void)arg;
    rco_object *word = rco_tuple_get(item, 0), *count = rco_tuple_get(item, 1);
    return rco_build("(LO)", -(long long)rco_int_value(count), word);
}

int main(int argc, char **argv)
{
    size_t size = sizeof builtin_text - 1;
    char *bytes = argc > 1 ? read_file(argv[1], &size) : NULL;
    if (argc > 1 && !bytes) {
        perror(argv[1]);
        return 1;
    }
    const char *source = bytes ? bytes : builtin_text;
    char *lowered = malloc(size + 1);
    for (size_t i = 0; i <= size; i++)
        lowered[i] = source[i] >= 'A' && source[i] <= 'Z' ? (char)(source[i] - 'A' + 'a') : source[i];
    free(bytes);

    rco_object *text = rco_str_n(lowered, size); /* new references, each released below */
    free(lowered);
    if (!text) {
        fprintf(stderr, "word_count: %s\n", rco_err_message());
        return 1;
    }
    rco_object *words = rco_str_split(text, NULL, -1);
    rco_object *punctuation = rco_str(".,;:!?\"'()[]");
    rco_object *counts = rco_dict_new(), *zero = rco_int(0), *word;
    int64_t total = 0;

    RCO_LIST_FOREACH(words, i, word) {                   /* word: borrowed from words */
        rco_object *bare = rco_str_strip(word, punctuation);
        if (rco_len(bare) > 0) {
            rco_object *n = rco_dict_get_default(counts, bare, zero);
            rco_dict_set_steal(counts, rco_incref(bare), rco_int(rco_int_value(n) + 1));
            rco_decref(n);
            total++;
        }
        rco_decref(bare);
    }

    rco_object *items = rco_dict_items(counts);          /* [(word, count), ...] */
    int status = 0;
    if (rco_list_sort_key(items, by_count_then_word, NULL, 0) < 0) {
        fprintf(stderr, "word_count: %s\n", rco_err_message());
        status = 1;
    } else {
        rco_object *top = rco_slice(items, RCO_SLICE_DEFAULT, 10, 1), *item;
        RCO_LIST_FOREACH(top, i, item)
            printf("%4lld  %s\n", (long long)rco_int_value(rco_tuple_get(item, 1)),
                   rco_str_utf8(rco_tuple_get(item, 0)));
        printf("%zd different words, %lld in all\n", rco_len(counts), (long long)total);
        rco_decref(top);
    }

    rco_decref(items);
    rco_decref(zero);
    rco_decref(counts);
    rco_decref(punctuation);
    rco_decref(words);
    rco_decref(text);
    rco_shutdown();
    return status;
}
