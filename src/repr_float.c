/*
 * repr_float.c: floats written as Python's repr writes them: the shortest
 * digits that read back as the same double, in fixed notation when the
 * decimal point falls between 1e-4 and 1e16 (with ".0" added to integral
 * values), else as d.ddde+XX.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

/* The shortest %.Ne form of v that reads back exactly: its digits (without
 * the point) and the exponent of the first digit. */
static void shortest_digits(double v, char *digits, int *exponent)
{
    char tmp[40];
    for (int precision = 0; precision < 17; precision++) {
        snprintf(tmp, sizeof tmp, "%.*e", precision, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    /* tmp is "d.ddde+XX" or "de+XX" */
    char *e = strchr(tmp, 'e');
    *exponent = atoi(e + 1);
    size_t n = 0;
    for (char *p = tmp; p < e; p++)
        if (*p != '.')
            digits[n++] = *p;
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
