/*
 * core/float_repr.c: floats written as Python's repr writes them: the shortest
 * digits that read back as the same double, in fixed notation when the
 * decimal point falls between 1e-4 and 1e16 (with ".0" added to integral
 * values), else as d.ddde+XX.
 */
#include "core/text.h"

#include <stdio.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Add 1 (step +1) or subtract 1 (step -1) in the last place of a digit
 * string of a given length, keeping the length: "1000" - 1 is "9999" one
 * decade lower, "999" + 1 is "100" one decade higher. */
static void step_last_digit(char *digits, int length, int *exponent, int step)
{
    int i = length - 1;
    char carry_digit = step > 0 ? '9' : '0';
    while (i >= 0 && digits[i] == carry_digit)
        digits[i--] = step > 0 ? '0' : '9';
    if (i >= 0) {
        digits[i] = (char)(digits[i] + step);
        if (digits[0] != '0')
            return;
        memmove(digits, digits + 1, (size_t)length - 1); /* "0999": one decade lower */
        digits[length - 1] = '9';
        (*exponent)--;
        return;
    }
    if (step > 0) { /* "999" + 1 */
        digits[0] = '1';
        (*exponent)++;
    }
}

static bool reads_back(const char *digits, int length, int exponent, double v)
{
    char text[48];
    snprintf(text, sizeof text, "%c.%.*se%d", digits[0], length - 1, digits + 1, exponent);
    return strtod(text, NULL) == v;
}

/* The common case without formatting: v (> 0) is c / 10^k for an integer
 * c < 10^15 and k <= 22. Then (double)c / 10^k is exact operands and one
 * correctly rounded division, so comparing it with v is a round trip; and
 * since distinct decimals of at most 15 significant digits never round to
 * the same double, the first k that reads back gives the shortest digits
 * and the only ones of that length (so also the closest). The candidate
 * c is v * 10^k rounded, which may be one off: its neighbours are tried. */
static bool short_digits(double v, char *digits, int *exponent)
{
    static const double p10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    if (!(v < 1e15))
        return false;
    for (int k = 0; k <= 22; k++) {
        double scaled = v * p10[k];
        if (scaled >= 1e15)
            return false;
        uint64_t c = (uint64_t)(scaled + 0.5);
        for (int d = 0; d < 3; d++) {
            uint64_t m = d == 0 ? c : d == 1 ? c + 1 : c - 1;
            if (m == 0 || (double)m / p10[k] != v)
                continue;
            char text[24];
            int n = 0;
            for (uint64_t r = m; r; r /= 10)
                text[sizeof text - 1 - n++] = (char)('0' + r % 10);
            *exponent = n - 1 - k;
            const char *first = text + sizeof text - n;
            while (n > 1 && first[n - 1] == '0')
                n--;
            memcpy(digits, first, (size_t)n);
            digits[n] = '\0';
            return true;
        }
    }
    return false;
}

/* The shortest digits that read back exactly as v (v > 0, finite), and the
 * exponent of the first digit. For each length, the correctly rounded
 * digits are the closest candidate; where the doubles around v are spaced
 * unevenly (v a power of two) they may miss while the neighbour on the
 * wider side reads back, so the neighbours are tried too. */
static void shortest_digits(double v, char *digits, int *exponent)
{
    if (short_digits(v, digits, exponent))
        return;
    char tmp[40];
    for (int length = 1; length <= 17; length++) {
        snprintf(tmp, sizeof tmp, "%.*e", length - 1, v);
        char *e = strchr(tmp, 'e');
        int n = 0;
        for (char *p = tmp; p < e; p++)
            if (*p != '.')
                digits[n++] = *p;
        digits[n] = '\0';
        *exponent = atoi(e + 1);
        if (reads_back(digits, length, *exponent, v) || length == 17)
            break;
        bool found = false;
        for (int step = -1; step <= 1 && !found; step += 2) {
            char neighbour[24];
            int neighbour_exponent = *exponent;
            memcpy(neighbour, digits, (size_t)length + 1);
            step_last_digit(neighbour, length, &neighbour_exponent, step);
            if (reads_back(neighbour, length, neighbour_exponent, v)) {
                memcpy(digits, neighbour, (size_t)length + 1);
                *exponent = neighbour_exponent;
                found = true;
            }
        }
        if (found)
            break;
    }
    size_t n = strlen(digits);
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
}

size_t rco__format_float(double v, char *buf)
{
    if (isnan(v))
        return (size_t)sprintf(buf, "nan");
    if (isinf(v))
        return (size_t)sprintf(buf, v < 0 ? "-inf" : "inf");
    char *out = buf;
    if (signbit(v)) {
        *out++ = '-';
        v = -v;
    }
    if (v == 0) {
        strcpy(out, "0.0");
        return (size_t)(out - buf) + 3;
    }
    char digits[24];
    int exponent;
    shortest_digits(v, digits, &exponent);
    int ndigits = (int)strlen(digits);
    int point = exponent + 1; /* digits before the decimal point */
    if (point > 16 || point <= -4) {
        out += sprintf(out, "%c", digits[0]);
        if (ndigits > 1)
            out += sprintf(out, ".%s", digits + 1);
        out += sprintf(out, "e%c%02d", exponent < 0 ? '-' : '+', abs(exponent));
        return (size_t)(out - buf);
    }
    if (point <= 0) { /* 0.000ddd */
        *out++ = '0';
        *out++ = '.';
        for (int i = 0; i < -point; i++)
            *out++ = '0';
        memcpy(out, digits, (size_t)ndigits);
        out += ndigits;
    } else if (point >= ndigits) { /* ddd000.0 */
        memcpy(out, digits, (size_t)ndigits);
        out += ndigits;
        for (int i = ndigits; i < point; i++)
            *out++ = '0';
        *out++ = '.';
        *out++ = '0';
    } else { /* dd.ddd */
        memcpy(out, digits, (size_t)point);
        out += point;
        *out++ = '.';
        memcpy(out, digits + point, (size_t)(ndigits - point));
        out += ndigits - point;
    }
    *out = '\0';
    return (size_t)(out - buf);
}
