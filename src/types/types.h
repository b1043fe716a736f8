/*
 * types/types.h: what the built-in types share. Each type has one file
 * holding all of its slots (dealloc, traverse, clear, repr, hash, equal,
 * length) and its public functions, and a header (types/<type>.h) with its
 * layout and what other files may use of it.
 */
#ifndef RCO_TYPES_H
#define RCO_TYPES_H

#include "object/object.h"

#include "core/text.h"

/* A static type's initialiser head: immortal, typed "type", ready. */
#define RCO__STATIC_TYPE_HEAD RCO__IMMORTAL_HEAD(&rco__type_type)

extern rco_type rco__type_type RCO__HIDDEN;   /* "type": static types (type.c) */

/* How the repr of nested values (text/repr.c) walks a container: what it
 * prints around and between the items, and the items themselves. */
typedef struct rco__container {
    const char *open, *close;   /* "[" and "]" */
    const char *empty;          /* "[]" */
    const char *cycle;          /* "[...]": the container is already being printed */
    const char *close_single;   /* closes a container of one item: ",)"; NULL: close */
    /* The next item from *pos on (borrowed), and for mappings its value;
     * *item NULL for a slot not yet filled. 1, or 0 at the end. The
     * container may change between calls (a user repr slot ran): next
     * re-reads it and never reads out of bounds. */
    int (*next)(rco_object *self, size_t *pos, rco_object **item, rco_object **value);
} rco__container;

/* Where an iteration is in a container (ops/iter.c keeps one in each
 * iterator). The container's iter_step slot reads and advances it with
 * the container's lock held, so an iterator shared by threads never
 * yields an item twice. */
typedef struct rco__iter_pos {
    size_t index;     /* the next slot, entry or byte to look at */
    size_t expected;  /* dicts and sets: their size when the iteration began;
                       * RCO__ITER_BROKEN once they changed size (the error
                       * then repeats, as Python's does) */
    size_t remaining; /* dicts: keys not yet produced */
    bool done;        /* the end was reached: nothing more, even if the
                       * container grows */
} rco__iter_pos;
#define RCO__ITER_BROKEN SIZE_MAX

/* Lists and tuples order lexicographically (tuple.c): the first items
 * that differ decide, else the lengths. item_at gives the item at i held
 * (a new reference; NULL for a slot not yet filled or i past the end) and
 * the length now; the items are read one at a time, because comparing
 * them may run user code that changes the sequences. */
typedef rco_object *(*rco__item_at_fn)(rco_object *seq, size_t i, size_t *len);
RCO__HIDDEN int rco__sequence_order(rco_object *a, rco_object *b, int op, rco__item_at_fn item_at);

/* Make a user type usable: immortal count, metatype, has_gc_head, sizes
 * (type.c). */
RCO__HIDDEN int rco__type_ready(rco_type *t);

/* "<name object at 0x...>", the repr of objects whose type has none. */
RCO__HIDDEN void rco__repr_default(rco_object *o, rco__buf *b);

/* The text as a new str (NULL + error if any append failed, or if the text
 * is not valid UTF-8: a user repr slot wrote it); frees b (str.c). */
RCO__HIDDEN rco_object *rco__buf_to_str(rco__buf *b);

#endif
