/*
 * core/utf8.h: UTF-8 validation (utf8.c).
 */
#ifndef RCO_CORE_UTF8_H
#define RCO_CORE_UTF8_H

#include "core/core.h"

/* true if p[0..n) is valid UTF-8 (as strict as Python's decoder); then
 * *codepoints is its length in code points. On false *bad_at is the offset
 * of the first byte that is not. */
RCO__HIDDEN bool rco__utf8_check(const char *p, size_t n, size_t *codepoints, size_t *bad_at);

#endif
