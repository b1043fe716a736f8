/*
 * text/repr.h: the repr of any value (repr.c), for the layers above.
 */
#ifndef RCO_TEXT_REPR_H
#define RCO_TEXT_REPR_H

#include "types/types.h"

/* A repr cut to n bytes ("[1, 2, 3..."), for reports; never fails (falls
 * back to "<type object at 0x...>") and leaves the caller's error state and
 * any armed allocation failure alone. */
RCO__HIDDEN void rco__short_repr(rco_object *o, char *buf, size_t n);

#endif
