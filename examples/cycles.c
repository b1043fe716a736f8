/*
 * cycles.c: seed 004 ("Python memory leakage and gc module usage
 * analysis") replayed with rco. Classes whose instances have a Python 2
 * __del__ (rco's legacy_del) leak when they sit in a reference cycle: the
 * collector cannot tell in which order to run the dels, so it runs none and
 * puts the objects in rco_gc_garbage(). The program runs the seed's
 * experiments with the same debug flags, prints the same numbers, then
 * frees the leaked cycles by hand and shuts down with nothing left.
 * Run it with `./cycles` from the build directory.
 */
#include <rco.h>

#include <stdio.h>
#include <string.h>

static int dels_run;

/* The seed's `def __del__(self): pass`, counted so we can see it run. */
static void python2_del(rco_object *self)
{
    (void)self;
    dels_run++;
}

static void heading(const char *title)
{
    printf("\n---- %s\n", title);
}

/* An instance whose __init__ did `self._text = fill * 10`. */
static rco_object *new_leak(rco_type *cls, char fill)
{
    char text[11];
    memset(text, fill, 10);
    text[10] = '\0';
    rco_object *o = rco_instance_new(cls);
    rco_object *s = rco_str(text);
    rco_setattr(o, "_text", s);
    rco_decref(s);
    return o;
}

/* The seed's test_gcleak(): collect and report. */
static void collect_and_report(void)
{
    printf("begin collect...\n");
    fflush(stdout);
    ssize_t unreachable = rco_gc_collect(-1);
    printf("unreachable object num:%zd\n", unreachable);
    printf("garbage object num:%zd\n", rco_len(rco_gc_garbage()));
}

/* The seed's advice: "If you know a safe order, you can break the reference
 * ring and run del gc.garbage[:] to clear the list of junk objects." */
static void free_garbage_by_hand(void)
{
    rco_object *garbage = rco_gc_garbage();
    printf("Freeing it by hand: rco_gc_garbage() holds %zd object(s); we break each\n"
           "one's cycle (rco_delattr of _self or _a), then empty the list\n"
           "(del gc.garbage[:] is rco_list_clear(rco_gc_garbage())).\n",
           rco_len(garbage));
    for (ssize_t i = 0; i < rco_len(garbage); i++) {
        rco_object *o = rco_list_get(garbage, (size_t)i);
        const char *links[] = { "_self", "_a" };
        for (int k = 0; k < 2; k++)
            if (rco_hasattr(o, links[k]) == 1)
                rco_delattr(o, links[k]);
    }
    int dels_before = dels_run;
    rco_list_clear(garbage);
    printf("They were freed by count at once; __del__ ran %d time(s). Collecting again:\n",
           dels_run - dels_before);
    collect_and_report();
}

static void without_a_cycle(rco_type *cgcleak)
{
    heading("1. an instance with a __del__, no cycle");
    printf("begin leak test...\n");
    rco_object *gcleak = new_leak(cgcleak, '#');
    printf("_gcleak ref count0:%ld\n", (long)rco_refcount(gcleak));
    rco_decref(gcleak);
    printf("_gcleak is invalid!   (released: its count reached 0, __del__ ran %d time)\n", dels_run);
    collect_and_report();
    printf("Python printed \"ref count0:2\": sys.getrefcount counts its own argument,\n"
           "rco_refcount does not. Nothing leaked.\n");
}

static void self_cycle(rco_type *cgcleak)
{
    heading("2. the same instance refers to itself: _gcleak._self = _gcleak");
    printf("begin leak test...\n");
    rco_object *gcleak = new_leak(cgcleak, '#');
    rco_setattr(gcleak, "_self", gcleak);
    printf("_gcleak ref count0:%ld\n", (long)rco_refcount(gcleak));
    rco_decref(gcleak);
    printf("_gcleak is invalid!   (our reference is gone; the cycle keeps it alive)\n");
    collect_and_report();
    printf("The instance and its attribute dict were unreachable; the instance, which\n"
           "has a __del__, is in rco_gc_garbage() and keeps its dict alive:\n  ");
    rco_object *leaked = rco_list_get(rco_gc_garbage(), 0);
    rco_object *referents = rco_gc_get_referents(leaked); /* its class and its dict */
    rco_print(rco_list_get(referents, 1), stdout);
    printf("\n");
    rco_decref(referents);
    free_garbage_by_hand();
}

static void two_object_cycle(rco_type *cls_a, rco_type *cls_b, int break_it)
{
    if (break_it)
        heading("4. the same, with the cycle broken by hand first: _b._a = None");
    else
        heading("3. two instances refer to each other: _a._b = _b; _b._a = _a");
    printf("begin leak test...\n");
    rco_object *a = new_leak(cls_a, '#');
    rco_object *b = new_leak(cls_b, '*');
    rco_setattr(a, "_b", b);
    rco_setattr(b, "_a", a);
    printf("ref count0:a=%ld b=%ld\n", (long)rco_refcount(a), (long)rco_refcount(b));
    if (break_it) {
        rco_setattr(b, "_a", rco_none());
        printf("after _b._a = None: a=%ld b=%ld\n", (long)rco_refcount(a), (long)rco_refcount(b));
    }
    int dels_before = dels_run;
    rco_decref(a);
    printf("_a is invalid!\n");
    rco_decref(b);
    printf("_b is invalid!\n");
    if (break_it)
        printf("(no cycle: both were freed by count, their __del__ ran %d times)\n",
               dels_run - dels_before);
    collect_and_report();
    if (!break_it)
        free_garbage_by_hand();
}

/* Tracked objects alive, besides the runtime's own garbage list. */
static ssize_t tracked_objects_left(void)
{
    rco_object *all = rco_gc_get_objects(-1);
    ssize_t n = 0;
    for (ssize_t i = 0; i < rco_len(all); i++)
        if (rco_list_get(all, (size_t)i) != rco_gc_garbage())
            n++;
    rco_decref(all);
    return n;
}

int main(void)
{
    printf("Seed 004 with rco: reference cycles through objects with a __del__\n");
    rco_gc_enable();
    rco_gc_set_debug_stream(stdout); /* interleave gc's lines with ours */
    rco_gc_set_debug(RCO_GC_DEBUG_UNCOLLECTABLE | RCO_GC_DEBUG_COLLECTABLE);

    rco_type *cgcleak = rco_class_new("CGcLeak", NULL, python2_del);
    rco_type *cls_a = rco_class_new("CGcLeakA", NULL, python2_del);
    rco_type *cls_b = rco_class_new("CGcLeakB", NULL, python2_del);
    without_a_cycle(cgcleak);
    self_cycle(cgcleak);
    two_object_cycle(cls_a, cls_b, 0);
    two_object_cycle(cls_a, cls_b, 1);

    rco_decref((rco_object *)cgcleak);
    rco_decref((rco_object *)cls_a);
    rco_decref((rco_object *)cls_b);
    rco_gc_collect(-1);
    heading("5. the end");
    printf("tracked objects left: %zd\n", tracked_objects_left());
    printf("rco_shutdown(): frees the runtime; it would warn here about any\n"
           "uncollectable object still in rco_gc_garbage().\n");
    rco_gc_set_debug_stream(NULL);
    rco_shutdown();
    return 0;
}
