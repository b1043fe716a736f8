/*
 * core/hooks.c: the table of hooks (hooks.h), filled by the layers above.
 */
#include "core/hooks.h"

rco__hooks rco__hook;
