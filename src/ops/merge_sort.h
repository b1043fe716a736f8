/*
 * ops/merge_sort.h: the merge sort of rco_list_sort, written once and
 * included by sort.c for each kind of element it sorts (objects, objects
 * with keys, and ints, floats and strs whose values sit in the elements).
 *
 * The algorithm is Tim Peters's (CPython's Objects/listsort.txt explains
 * it): find the runs already in the data (descending ones reversed), make
 * short ones minrun long by binary insertion, and merge neighbouring runs
 * in the order powersort gives (CPython 3.11's), each merge trimmed first
 * by two searches and galloping once one side keeps winning. The order of
 * comparisons is exactly CPython's, so that inputs whose order is not
 * consistent (NaNs) come out as Python leaves them, and the number of
 * comparisons is CPython's.
 *
 * A failed comparison abandons the sort at once: sort.c keeps the items in
 * their old order elsewhere and puts them back, so nothing here has to
 * leave the array whole.
 *
 * Before including, define:
 *   SORT(name)          this instance's name for `name`
 *   SORT_ELEM           the element type (what the sort moves)
 *   SORT_LESS(s, a, b)  a < b for elements a and b: 1, 0, or -1 on error
 *                       (s is the sorter, for what the comparison needs)
 *   SORT_CAN_FAIL       0 if SORT_LESS never fails
 */

#define MIN_GALLOP 7
#define MAX_RUNS 90 /* powers grow along the stack: at most about log2(n) + 1 */

typedef struct SORT(sorter) {
    SORT_ELEM *base;      /* the array being sorted */
    size_t n;
    SORT_ELEM *tmp;       /* room for n / 2 elements: the smaller run of a merge */
    ssize_t min_gallop;   /* wins in a row that start galloping, adapted as merges go */
    int nruns;
    struct {
        size_t start, len;
        int power;        /* of the boundary with the next run */
    } runs[MAX_RUNS];
    uint64_t comparisons;
    size_t common_prefix; /* strs: bytes every key shares */
} SORT(sorter);

/* r = a < b, returning -1 from the function on error. */
#define SORT_COMPARE(r, a, b)                                          \
    do {                                                               \
        s->comparisons++;                                              \
        (r) = SORT_LESS(s, (a), (b));                                  \
        if (SORT_CAN_FAIL && (r) < 0)                                  \
            return -1;                                                 \
    } while (0)

static void SORT(reverse)(SORT_ELEM *lo, size_t n)
{
    if (n < 2)
        return;
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        SORT_ELEM t = lo[i];
        lo[i] = lo[j];
        lo[j] = t;
    }
}

/* The length of the run starting at lo (at most n): non-decreasing, or
 * strictly decreasing (*descending; strict, so that reversing it keeps
 * equal elements in order). */
static ssize_t SORT(find_run)(SORT(sorter) *s, SORT_ELEM *lo, size_t n, bool *descending)
{
    int r;
    *descending = false;
    if (n == 1)
        return 1;
    SORT_COMPARE(r, lo[1], lo[0]);
    size_t len = 2;
    if (r) {
        *descending = true;
        for (; len < n; len++) {
            SORT_COMPARE(r, lo[len], lo[len - 1]);
            if (!r)
                break;
        }
    } else {
        for (; len < n; len++) {
            SORT_COMPARE(r, lo[len], lo[len - 1]);
            if (r)
                break;
        }
    }
    return (ssize_t)len;
}

/* lo[0..sorted) is sorted; insert lo[sorted..n) one by one, each after the
 * elements equal to it (stable), finding its place by bisection. */
static int SORT(insertion)(SORT(sorter) *s, SORT_ELEM *lo, size_t sorted, size_t n)
{
    for (size_t i = sorted; i < n; i++) {
        SORT_ELEM pivot = lo[i];
        size_t left = 0, right = i;
        do {
            size_t mid = left + ((right - left) >> 1);
            int r;
            SORT_COMPARE(r, pivot, lo[mid]);
            if (r)
                right = mid;
            else
                left = mid + 1;
        } while (left < right);
        for (size_t k = i; k > left; k--) /* short moves: a call to memmove costs more */
            lo[k] = lo[k - 1];
        lo[left] = pivot;
    }
    return 0;
}

/* Where key goes in the sorted a[0..n) before any element equal to it:
 * the k with a[k-1] < key <= a[k]. The search starts at a[hint] and
 * widens by 1, 3, 7, 15 ... before bisecting, so that a place near the
 * hint costs few comparisons. */
static ssize_t SORT(place_before_equals)(SORT(sorter) *s, SORT_ELEM key, const SORT_ELEM *a, ssize_t n,
                                         ssize_t hint)
{
    ssize_t below = 0, above = 1; /* offsets from hint */
    int r;
    SORT_COMPARE(r, a[hint], key);
    if (r) {
        /* a[hint] < key: widen to the right until a[hint+below] < key <= a[hint+above]. */
        ssize_t limit = n - hint;
        while (above < limit) {
            SORT_COMPARE(r, a[hint + above], key);
            if (!r)
                break;
            below = above;
            above = 2 * above + 1;
        }
        if (above > limit)
            above = limit;
        below += hint;
        above += hint;
    } else {
        /* key <= a[hint]: widen to the left until a[hint-above] < key <= a[hint-below]. */
        ssize_t limit = hint + 1;
        while (above < limit) {
            SORT_COMPARE(r, a[hint - above], key);
            if (r)
                break;
            below = above;
            above = 2 * above + 1;
        }
        if (above > limit)
            above = limit;
        ssize_t k = below;
        below = hint - above;
        above = hint - k;
    }
    /* a[below] < key <= a[above] (below may be -1): bisect what lies between. */
    below++;
    while (below < above) {
        ssize_t mid = below + ((above - below) >> 1);
        SORT_COMPARE(r, a[mid], key);
        if (r)
            below = mid + 1;
        else
            above = mid;
    }
    return above;
}

/* The same, after every element equal to key: the k with
 * a[k-1] <= key < a[k]. */
static ssize_t SORT(place_after_equals)(SORT(sorter) *s, SORT_ELEM key, const SORT_ELEM *a, ssize_t n,
                                        ssize_t hint)
{
    ssize_t below = 0, above = 1;
    int r;
    SORT_COMPARE(r, key, a[hint]);
    if (r) {
        /* key < a[hint]: widen to the left until a[hint-above] <= key < a[hint-below]. */
        ssize_t limit = hint + 1;
        while (above < limit) {
            SORT_COMPARE(r, key, a[hint - above]);
            if (!r)
                break;
            below = above;
            above = 2 * above + 1;
        }
        if (above > limit)
            above = limit;
        ssize_t k = below;
        below = hint - above;
        above = hint - k;
    } else {
        /* a[hint] <= key: widen to the right until a[hint+below] <= key < a[hint+above]. */
        ssize_t limit = n - hint;
        while (above < limit) {
            SORT_COMPARE(r, key, a[hint + above]);
            if (r)
                break;
            below = above;
            above = 2 * above + 1;
        }
        if (above > limit)
            above = limit;
        below += hint;
        above += hint;
    }
    below++;
    while (below < above) {
        ssize_t mid = below + ((above - below) >> 1);
        SORT_COMPARE(r, key, a[mid]);
        if (r)
            above = mid;
        else
            below = mid + 1;
    }
    return above;
}

/* Merge the neighbouring runs a[0..na) and b = a + na, [0..nb), na <= nb,
 * from the left, with a moved to tmp. Known: b[0] < a[0], and a's last
 * element belongs after all of b (the trims of merge_at). */
static int SORT(merge_forward)(SORT(sorter) *s, SORT_ELEM *a, ssize_t na, SORT_ELEM *b, ssize_t nb)
{
    SORT_ELEM *dest = a, *pa = s->tmp, *pb = b;
    memcpy(s->tmp, a, (size_t)na * sizeof(SORT_ELEM));
    *dest++ = *pb++;
    if (--nb == 0)
        goto rest_of_a;
    if (na == 1)
        goto last_of_a;
    for (;;) {
        ssize_t wins_a = 0, wins_b = 0;
        /* One at a time, until one side has won min_gallop times in a row. */
        for (;;) {
            int r;
            SORT_COMPARE(r, *pb, *pa);
#if SORT_CAN_FAIL
            if (r) {
                *dest++ = *pb++;
                wins_b++;
                wins_a = 0;
                if (--nb == 0)
                    goto rest_of_a;
                if (wins_b >= s->min_gallop)
                    break;
            } else {
                *dest++ = *pa++;
                wins_a++;
                wins_b = 0;
                if (--na == 1)
                    goto last_of_a;
                if (wins_a >= s->min_gallop)
                    break;
            }
#else
            /* The same steps without a branch on r, which random data
             * mispredicts half the time: only one of nb and na moves, so
             * testing both ends each time changes nothing. */
            uintptr_t take_b = -(uintptr_t)r; /* all ones when b's element comes first */
            *dest++ = *(SORT_ELEM *)(((uintptr_t)pb & take_b) | ((uintptr_t)pa & ~take_b));
            pb += r;
            pa += 1 - r;
            nb -= r;
            na -= 1 - r;
            wins_b = (wins_b + 1) & (ssize_t)take_b;
            wins_a = (wins_a + 1) & (ssize_t)~take_b;
            if (nb == 0)
                goto rest_of_a;
            if (na == 1)
                goto last_of_a;
            if (wins_a >= s->min_gallop || wins_b >= s->min_gallop)
                break;
#endif
        }
        /* Galloping: move whole stretches while they stay long; each round
         * of it makes the next start sooner. */
        s->min_gallop++;
        do {
            s->min_gallop -= s->min_gallop > 1;
            ssize_t k = SORT(place_after_equals)(s, *pb, pa, na, 0);
            if (k < 0)
                return -1;
            wins_a = k;
            if (k) {
                memcpy(dest, pa, (size_t)k * sizeof(SORT_ELEM));
                dest += k;
                pa += k;
                na -= k;
                if (na == 1)
                    goto last_of_a;
                if (na == 0) /* only if the order is inconsistent */
                    goto rest_of_a;
            }
            *dest++ = *pb++;
            if (--nb == 0)
                goto rest_of_a;
            k = SORT(place_before_equals)(s, *pa, pb, nb, 0);
            if (k < 0)
                return -1;
            wins_b = k;
            if (k) {
                memmove(dest, pb, (size_t)k * sizeof(SORT_ELEM));
                dest += k;
                pb += k;
                nb -= k;
                if (nb == 0)
                    goto rest_of_a;
            }
            *dest++ = *pa++;
            if (--na == 1)
                goto last_of_a;
        } while (wins_a >= MIN_GALLOP || wins_b >= MIN_GALLOP);
        s->min_gallop++; /* galloping stopped paying: start it later next time */
    }
rest_of_a:
    if (na)
        memcpy(dest, pa, (size_t)na * sizeof(SORT_ELEM));
    return 0;
last_of_a:
    memmove(dest, pb, (size_t)nb * sizeof(SORT_ELEM));
    dest[nb] = *pa;
    return 0;
}

/* The mirror image, na > nb: b moved to tmp, merged from the right. Known:
 * a's last element belongs after all of b, and b[0] belongs after a[0].
 * Positions are indexes (they run down to -1). */
static int SORT(merge_backward)(SORT(sorter) *s, SORT_ELEM *a, ssize_t na, SORT_ELEM *b, ssize_t nb)
{
    SORT_ELEM *tb = s->tmp;
    memcpy(tb, b, (size_t)nb * sizeof(SORT_ELEM));
    ssize_t dest = na + nb - 1; /* into a, which b follows */
    ssize_t ia = na - 1, ib = nb - 1;
    a[dest--] = a[ia--];
    if (--na == 0)
        goto rest_of_b;
    if (nb == 1)
        goto first_of_b;
    for (;;) {
        ssize_t wins_a = 0, wins_b = 0;
        for (;;) {
            int r;
            SORT_COMPARE(r, tb[ib], a[ia]);
#if SORT_CAN_FAIL
            if (r) {
                a[dest--] = a[ia--];
                wins_a++;
                wins_b = 0;
                if (--na == 0)
                    goto rest_of_b;
                if (wins_a >= s->min_gallop)
                    break;
            } else {
                a[dest--] = tb[ib--];
                wins_b++;
                wins_a = 0;
                if (--nb == 1)
                    goto first_of_b;
                if (wins_b >= s->min_gallop)
                    break;
            }
#else
            uintptr_t take_a = -(uintptr_t)r; /* all ones when a's element goes last */
            a[dest--] = *(SORT_ELEM *)(((uintptr_t)(a + ia) & take_a) | ((uintptr_t)(tb + ib) & ~take_a));
            ia -= r;
            ib -= 1 - r;
            na -= r;
            nb -= 1 - r;
            wins_a = (wins_a + 1) & (ssize_t)take_a;
            wins_b = (wins_b + 1) & (ssize_t)~take_a;
            if (na == 0)
                goto rest_of_b;
            if (nb == 1)
                goto first_of_b;
            if (wins_a >= s->min_gallop || wins_b >= s->min_gallop)
                break;
#endif
        }
        s->min_gallop++;
        do {
            s->min_gallop -= s->min_gallop > 1;
            ssize_t k = SORT(place_after_equals)(s, tb[ib], a, na, na - 1);
            if (k < 0)
                return -1;
            k = na - k;
            wins_a = k;
            if (k) {
                dest -= k;
                ia -= k;
                memmove(a + dest + 1, a + ia + 1, (size_t)k * sizeof(SORT_ELEM));
                na -= k;
                if (na == 0)
                    goto rest_of_b;
            }
            a[dest--] = tb[ib--];
            if (--nb == 1)
                goto first_of_b;
            k = SORT(place_before_equals)(s, a[ia], tb, nb, nb - 1);
            if (k < 0)
                return -1;
            k = nb - k;
            wins_b = k;
            if (k) {
                dest -= k;
                ib -= k;
                memcpy(a + dest + 1, tb + ib + 1, (size_t)k * sizeof(SORT_ELEM));
                nb -= k;
                if (nb == 1)
                    goto first_of_b;
                if (nb == 0) /* only if the order is inconsistent */
                    goto rest_of_b;
            }
            a[dest--] = a[ia--];
            if (--na == 0)
                goto rest_of_b;
        } while (wins_a >= MIN_GALLOP || wins_b >= MIN_GALLOP);
        s->min_gallop++;
    }
rest_of_b:
    if (nb)
        memcpy(a + dest - (nb - 1), tb, (size_t)nb * sizeof(SORT_ELEM));
    return 0;
first_of_b:
    memmove(a + dest - na + 1, a + ia - na + 1, (size_t)na * sizeof(SORT_ELEM));
    dest -= na;
    a[dest] = tb[ib];
    return 0;
}

/* Merge runs i and i + 1 of the stack. */
static int SORT(merge_at)(SORT(sorter) *s, int i)
{
    SORT_ELEM *a = s->base + s->runs[i].start, *b = s->base + s->runs[i + 1].start;
    ssize_t na = (ssize_t)s->runs[i].len, nb = (ssize_t)s->runs[i + 1].len;
    s->runs[i].len = (size_t)(na + nb);
    if (i == s->nruns - 3)
        s->runs[i + 1] = s->runs[i + 2];
    s->nruns--;
    /* a's elements before b[0]'s place, and b's after a's last element's
     * place, are where they belong already. */
    ssize_t k = SORT(place_after_equals)(s, b[0], a, na, 0);
    if (k < 0)
        return -1;
    a += k;
    na -= k;
    if (na == 0)
        return 0;
    nb = SORT(place_before_equals)(s, a[na - 1], b, nb, nb - 1);
    if (nb <= 0)
        return (int)nb;
    return na <= nb ? SORT(merge_forward)(s, a, na, b, nb) : SORT(merge_backward)(s, a, na, b, nb);
}

/* A new run of n2 follows the top one: merge the runs below whose
 * boundary lies deeper in the merge tree powersort draws over the whole
 * array than the new boundary does; the new boundary's power is that
 * depth, the first bit in which the two runs' midpoints, as fractions of
 * the array, differ. */
static int SORT(push_run)(SORT(sorter) *s, size_t start, size_t n2)
{
    if (s->nruns > 0) {
        size_t s1 = s->runs[s->nruns - 1].start, n1 = s->runs[s->nruns - 1].len;
        /* Twice the midpoints, to stay in integers. */
        size_t mid_a = 2 * s1 + n1, mid_b = mid_a + n1 + n2;
        int power = 0;
        for (;;) {
            power++;
            if (mid_a >= s->n) {
                mid_a -= s->n;
                mid_b -= s->n;
            } else if (mid_b >= s->n) {
                break;
            }
            mid_a <<= 1;
            mid_b <<= 1;
        }
        while (s->nruns > 1 && s->runs[s->nruns - 2].power > power)
            if (SORT(merge_at)(s, s->nruns - 2) < 0)
                return -1;
        s->runs[s->nruns - 1].power = power;
    }
    s->runs[s->nruns].start = start;
    s->runs[s->nruns].len = n2;
    s->nruns++;
    return 0;
}

/* At the end: merge what is left, the smaller neighbour first. */
static int SORT(merge_all)(SORT(sorter) *s)
{
    while (s->nruns > 1) {
        int i = s->nruns - 2;
        if (i > 0 && s->runs[i - 1].len < s->runs[i + 1].len)
            i--;
        if (SORT(merge_at)(s, i) < 0)
            return -1;
    }
    return 0;
}

/* Runs shorter than this are lengthened by insertion: the first 6 bits of
 * n, plus 1 if any bit below them is set, so that n / minrun is a power
 * of two or just under one and the merges balance. */
static size_t SORT(min_run)(size_t n)
{
    size_t rest = 0;
    while (n >= 64) {
        rest |= n & 1;
        n >>= 1;
    }
    return n + rest;
}

/* Sort s->base[0..s->n) (s->tmp has room for n / 2). 0 or -1. */
static int SORT(sort)(SORT(sorter) *s)
{
    size_t n = s->n, minrun = SORT(min_run)(n), start = 0;
    s->min_gallop = MIN_GALLOP;
    s->nruns = 0;
    if (n < 2)
        return 0;
    while (start < n) {
        size_t remaining = n - start;
        bool descending;
        ssize_t run = SORT(find_run)(s, s->base + start, remaining, &descending);
        if (run < 0)
            return -1;
        if (descending)
            SORT(reverse)(s->base + start, (size_t)run);
        size_t len = (size_t)run;
        if (len < minrun) {
            size_t forced = remaining < minrun ? remaining : minrun;
            if (SORT(insertion)(s, s->base + start, len, forced) < 0)
                return -1;
            len = forced;
        }
        if (SORT(push_run)(s, start, len) < 0)
            return -1;
        start += len;
    }
    return SORT(merge_all)(s);
}

#undef SORT_COMPARE
#undef MIN_GALLOP
#undef MAX_RUNS
