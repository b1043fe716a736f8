/*
 * test_debug_sites.c: every public function that librco-debug attributes
 * to its caller's line (the table include/rco/debug_sites.h, and the
 * hand-written variadic and reference-counting ones) is a macro of
 * include/rco/debug.h that calls its __at twin with the caller's site: a
 * missing macro would silently lose the line. In release builds none of
 * them is a macro.
 */
#include "rco_test.h"

#define SPELL(...) #__VA_ARGS__
#define EXPANDED(...) SPELL(__VA_ARGS__)

typedef struct sited {
    const char *name;
    const char *expansion; /* the call name(args) after the preprocessor */
} sited;

static const sited table[] = {
#define RCO__SITED(ret, name, params, args) { #name, EXPANDED(name args) },
#define RCO__SITED0(ret, name) { #name, EXPANDED(name()) },
#define RCO__SITED_VOID(name) { #name, EXPANDED(name()) },
#include "rco/debug_sites.h"
#undef RCO__SITED
#undef RCO__SITED0
#undef RCO__SITED_VOID
    { "rco_incref", EXPANDED(rco_incref(o)) },
    { "rco_decref", EXPANDED(rco_decref(o)) },
    { "rco_xincref", EXPANDED(rco_xincref(o)) },
    { "rco_xdecref", EXPANDED(rco_xdecref(o)) },
    { "rco_str_printf", EXPANDED(rco_str_printf(fmt, x)) },
    { "rco_tuple_pack", EXPANDED(rco_tuple_pack(n, x)) },
    { "rco_build", EXPANDED(rco_build(fmt, x)) },
    { "rco_unpack", EXPANDED(rco_unpack(t, fmt, x)) },
};

#ifdef RCO_DEBUG
/* Does the expansion call name__at with __FILE__, __LINE__ and __func__
 * first? */
static int calls_twin_with_site(const sited *s)
{
    char twin[128];
    snprintf(twin, sizeof twin, "%s__at(\"", s->name);
    return strncmp(s->expansion, twin, strlen(twin)) == 0 && strstr(s->expansion, "__func__") != NULL;
}
#endif

static void every_sited_function_is_a_macro_calling_its_twin(void **state)
{
    size_t n = sizeof table / sizeof table[0];
    int wrong = 0;
    for (size_t i = 0; i < n; i++) {
#ifdef RCO_DEBUG
        if (!calls_twin_with_site(&table[i])) {
            fprintf(stderr, "%s is not a macro calling %s__at with the site: \"%s\"\n", table[i].name,
                    table[i].name, table[i].expansion);
            wrong++;
        }
#else
        /* (rco_tuple_set and rco_tuple_set_steal are macros there too, for
         * their inline fast path, but not calls of a twin.) */
        if (strstr(table[i].expansion, "__at(") != NULL) {
            fprintf(stderr, "%s is a macro in the release build: \"%s\"\n", table[i].name,
                    table[i].expansion);
            wrong++;
        }
#endif
    }
    assert_int_equal(wrong, 0);
    assert_true(n > 70); /* the table was read */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RCO_TEST(every_sited_function_is_a_macro_calling_its_twin),
    };
    RCO_RUN_TESTS(tests);
}
