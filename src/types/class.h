/*
 * types/class.h: classes made at run time and their instances (class.c).
 */
#ifndef RCO_TYPES_CLASS_H
#define RCO_TYPES_CLASS_H

#include "types/types.h"

typedef struct rco__class {
    rco_type type;       /* what instances point at; type.ob is the class object */
    rco_object *attrs;   /* dict of class attributes, or NULL */
    char name[];         /* the class name, owned */
} rco__class;

typedef struct rco__instance {
    rco_object ob;       /* ob.type is the instance's rco__class */
    rco_object *attrs;   /* dict of attributes, created on first rco_setattr */
} rco__instance;

extern rco_type rco__class_type RCO__HIDDEN;  /* "type": classes */

/* A new instance of cls (a class), without attributes, tracked; without
 * the ledger's event or a collection (for the library's own use). */
RCO__HIDDEN rco_object *rco__instance_new(rco_type *cls);

#endif
