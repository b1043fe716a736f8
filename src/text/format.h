/*
 * text/format.h: what rco_build and rco_unpack share about their format strings.
 */
#ifndef RCO_FORMAT_H
#define RCO_FORMAT_H

#include "types/bytes.h"
#include "types/dict.h"
#include "types/list.h"
#include "types/number.h"
#include "types/str.h"
#include "types/tuple.h"

#include "core/utf8.h"

#include <ctype.h>

/* s, z and y may be followed by '#' and then take a length too. */
static inline bool rco__format_takes_length(char c)
{
    return c == 's' || c == 'z' || c == 'y';
}

/* A format character quoted for a message: 'x', or '\xNN' when not
 * printable. */
static inline const char *rco__format_quoted(char c, char buf[8])
{
    if (isprint((unsigned char)c))
        snprintf(buf, 8, "'%c'", c);
    else
        snprintf(buf, 8, "'\\x%02x'", (unsigned)(unsigned char)c);
    return buf;
}

#endif
