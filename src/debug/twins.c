/*
 * debug/twins.c: the __at twins of the public functions (rco/debug.h):
 * each pushes its caller's site and its own frame for the duration of the
 * real call (debug.h, rco__call_enter); the stack above is walked only if
 * something is recorded meanwhile (stacks.c). The library is compiled
 * with frame pointers, so that a twin's frame leads to its caller's.
 */
#include "debug/debug.h"

#define RCO__SITED(ret, name, params, args)                                   \
    ret name##__at(RCO__SITE_PARAMS, RCO__UNPAREN params)                     \
    {                                                                         \
        uint32_t saved = RCO__CALL_ENTER(#name);                               \
        ret result = name args;                                               \
        rco__call_leave(saved);                                               \
        return result;                                                        \
    }
#define RCO__SITED0(ret, name)                                                \
    ret name##__at(RCO__SITE_PARAMS)                                          \
    {                                                                         \
        uint32_t saved = RCO__CALL_ENTER(#name);                               \
        ret result = name();                                                  \
        rco__call_leave(saved);                                               \
        return result;                                                        \
    }
#define RCO__SITED_VOID(name)                                                 \
    void name##__at(RCO__SITE_PARAMS)                                         \
    {                                                                         \
        uint32_t saved = RCO__CALL_ENTER(#name);                               \
        name();                                                               \
        rco__call_leave(saved);                                               \
    }
#include "rco/debug_sites.h"

rco_object *rco_str_printf__at(RCO__SITE_PARAMS, const char *fmt, ...)
{
    uint32_t saved = RCO__CALL_ENTER("rco_str_printf");
    va_list ap;
    va_start(ap, fmt);
    rco_object *s = rco__str_vprintf(fmt, ap);
    va_end(ap);
    RCO__LEDGER_GIVE(s);
    rco__call_leave(saved);
    return s;
}

rco_object *rco_tuple_pack__at(RCO__SITE_PARAMS, size_t n, ...)
{
    uint32_t saved = RCO__CALL_ENTER("rco_tuple_pack");
    va_list ap;
    va_start(ap, n);
    rco_object *t = rco__tuple_pack_va(n, ap);
    va_end(ap);
    RCO__LEDGER_GIVE(t);
    rco__call_leave(saved);
    return t;
}

rco_object *rco_build__at(RCO__SITE_PARAMS, const char *fmt, ...)
{
    uint32_t saved = RCO__CALL_ENTER("rco_build");
    va_list ap;
    va_start(ap, fmt);
    rco_object *o = rco_build_va(fmt, ap);
    va_end(ap);
    rco__call_leave(saved);
    return o;
}

int rco_unpack__at(RCO__SITE_PARAMS, rco_object *tuple, const char *fmt, ...)
{
    uint32_t saved = RCO__CALL_ENTER("rco_unpack");
    va_list ap;
    va_start(ap, fmt);
    int r = rco_unpack_va(tuple, fmt, ap);
    va_end(ap);
    rco__call_leave(saved);
    return r;
}
