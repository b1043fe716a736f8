/*
 * types/list.h: growable sequences (list.c).
 */
#ifndef RCO_TYPES_LIST_H
#define RCO_TYPES_LIST_H

#include "types/types.h"

typedef struct rco__list {
    rco_object ob;
    rco_object **items;  /* the first size slots are in use (NULL: empty slot); the
                          * capacity is stored in the word before items[0]
                          * (list.c), so that a list is 48 bytes with its gc
                          * head, a collection reads less, and empty lists,
                          * the commonest, pay nothing for it */
    size_t size;
} rco__list;

extern rco_type rco__list_type RCO__HIDDEN;

RCO__HIDDEN rco_object *rco__list_new(size_t n);
/* Fill slots of a list this thread has just made (n slots from i, the
 * references handed over) before anyone else sees it: no lock, but the
 * list is tracked, so a collection may be reading it: the stores are one
 * critical section (core/thread.h). */
static inline void rco__list_fill(rco_object *l, size_t i, rco_object *const *items, size_t n)
{
    rco__critical_enter();
    memcpy(((rco__list *)l)->items + i, items, n * sizeof(rco_object *));
    rco__critical_leave();
}
RCO__HIDDEN int rco__list_append(rco_object *l, rco_object *item); /* own ref taken */
RCO__HIDDEN int rco__list_append_steal(rco_object *l, rco_object *item);
/* Append n references handed over, all or none: 0, or -1 with l unchanged
 * and the references still the caller's. */
RCO__HIDDEN int rco__list_extend_steal(rco_object *l, rco_object *const *items, size_t n);
/* Release the n items of an items block taken out of a list (a sort found
 * the list refilled meanwhile) and free the block. */
RCO__HIDDEN void rco__list_items_release(rco_object **items, size_t n);

#endif
