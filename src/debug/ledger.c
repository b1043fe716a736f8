/*
 * debug/ledger.c: who took and released references, per line of user code,
 * and the reports of misuse.
 *
 * The user-facing rco_incref/rco_decref twins live here: they are the only
 * place where user code changes a count directly, so they check the object
 * first (freed? dying?) and then write the ledger.
 */
#include "debug/debug.h"

#include <stdarg.h>
#include <stdlib.h>

void rco__ledger_add(rco__debug_record *r, uint32_t site, int taken, int released)
{
    rco__ledger_entry *e = NULL;
    for (uint32_t i = 0; i < r->nledger; i++) {
        if (r->u.ledger[i].site == site) {
            e = &r->u.ledger[i];
            break;
        }
    }
    if (!e) {
        if (r->nledger < RCO__LEDGER_SITES) {
            e = &r->u.ledger[r->nledger++];
            e->site = site;
        } else {
            /* Full: the last entry becomes "other sites" (site 0). */
            e = &r->u.ledger[RCO__LEDGER_SITES - 1];
            e->site = 0;
        }
    }
    e->taken += (uint32_t)taken;
    e->released += (uint32_t)released;
}

static bool recorded(const rco_object *o)
{
    return o && rco__has_record(o) && o->type->kind != RCO__KIND_FREED && rco__dbg();
}

void rco__ledger_give(rco_object *o)
{
    if (recorded(o))
        rco__ledger_add(rco__record_of(o), rco__dbg()->current_site, 1, 0);
}

void rco__ledger_steal(rco_object *o)
{
    if (!recorded(o))
        return;
    rco__debug_record *r = rco__record_of(o);
    rco__ledger_add(r, rco__dbg()->current_site, 0, 1);
    r->stolen_site = rco__dbg()->current_site;
}

void rco__ledger_lend(rco_object *o)
{
    if (recorded(o))
        rco__record_of(o)->lent_site = rco__dbg()->current_site;
}

/* ---- the user's reference counting ---------------------------------- */

static bool check_user_object(rco_object *o, const char *fn, bool releasing)
{
    if (!o) {
        char here[256];
        rco__site_format(rco__dbg()->current_site, here, sizeof here);
        rco__debug_misuse("%s(NULL) at %s", fn, here);
        return false;
    }
    if (o->type->kind == RCO__KIND_FREED) {
        if (releasing)
            rco__debug_report_freed_release(o, false);
        else
            rco__debug_report_freed_use(o, fn);
        return false;
    }
    return true;
}

static rco_object *user_incref(rco_object *o)
{
    if (!check_user_object(o, "rco_incref", false))
        return o;
    if (rco__has_record(o))
        rco__ledger_add(rco__record_of(o), rco__dbg()->current_site, 1, 0);
    rco__incref_fast(o);
    return o;
}

static void user_decref(rco_object *o)
{
    if (!check_user_object(o, "rco_decref", true))
        return;
    if (rco__count(o) <= 0) {
        char here[256];
        rco__site_format(rco__dbg()->current_site, here, sizeof here);
        rco__debug_misuse("rco_decref at %s would take the count of a %s object below zero", here,
                          o->type->name);
        return;
    }
    if (rco__has_record(o))
        rco__ledger_add(rco__record_of(o), rco__dbg()->current_site, 0, 1);
    rco__decref_fast(o);
}

rco_object *rco_incref__at(RCO__SITE_PARAMS, rco_object *o)
{
    uint32_t saved = rco__site_enter(rco_file, rco_line, rco_func, "rco_incref");
    user_incref(o);
    rco__site_leave(saved);
    return o;
}

void rco_decref__at(RCO__SITE_PARAMS, rco_object *o)
{
    uint32_t saved = rco__site_enter(rco_file, rco_line, rco_func, "rco_decref");
    user_decref(o);
    rco__site_leave(saved);
}

void rco_xincref__at(RCO__SITE_PARAMS, rco_object *o)
{
    if (o)
        rco_incref__at(rco_file, rco_line, rco_func, o);
}

void rco_xdecref__at(RCO__SITE_PARAMS, rco_object *o)
{
    if (o)
        rco_decref__at(rco_file, rco_line, rco_func, o);
}

/* Without a site: for code that takes the functions' addresses. */
rco_object *rco_incref(rco_object *o)
{
    return user_incref(o);
}

void rco_decref(rco_object *o)
{
    user_decref(o);
}

void rco_xincref(rco_object *o)
{
    if (o)
        rco_incref(o);
}

void rco_xdecref(rco_object *o)
{
    if (o)
        rco_decref(o);
}
