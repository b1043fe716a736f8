/*
 * debug/dot.c: rco_debug_write_dot, the graph of who holds an object, for
 * Graphviz. Holders are found by traversing every object the runtime can
 * enumerate (all live objects in librco-debug, the tracked ones in librco),
 * one pass per level; references no object explains are drawn from a
 * "C code" node, labelled in librco-debug with the lines that took them.
 */
#ifdef RCO_DEBUG
#include "debug/debug.h"
#else
#include "gc/gc.h"
#include "text/repr.h"
#endif

#define MAX_NODES 256

typedef struct graph {
    rco_object *nodes[MAX_NODES];
    intptr_t explained[MAX_NODES];
    int level[MAX_NODES];
    size_t n;
    int scanning_level;   /* holders of nodes at this level are being found */
    bool add_holders;     /* false on the last pass: only count */
    FILE *out;
    rco_object *holder;
} graph;

static size_t node_index(const graph *g, const rco_object *o)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->nodes[i] == o)
            return i;
    return SIZE_MAX;
}

static size_t add_node(graph *g, rco_object *o, int level)
{
    size_t i = node_index(g, o);
    if (i != SIZE_MAX || g->n == MAX_NODES)
        return i;
    g->nodes[g->n] = o;
    g->level[g->n] = level;
    return g->n++;
}

static int visit_child(rco_object *child, void *arg)
{
    graph *g = arg;
    size_t c = node_index(g, child);
    if (c == SIZE_MAX || g->level[c] != g->scanning_level)
        return 0;
    g->explained[c]++;
    if (g->add_holders) {
        size_t h = add_node(g, g->holder, g->scanning_level + 1);
        if (h != SIZE_MAX)
            fprintf(g->out, "  n%zu -> n%zu;\n", h, c);
    }
    return 0;
}

static void scan_holder(rco_object *o, void *arg)
{
    graph *g = arg;
    if (!rco__holds_references(o))
        return;
    g->holder = o;
    o->type->traverse(o, visit_child, g);
}

/* A DOT string literal's contents: quotes and backslashes escaped. */
static void put_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void put_node(FILE *out, size_t i, rco_object *o, bool target)
{
    char repr[48];
    rco__short_repr(o, repr, sizeof repr);
    fprintf(out, "  n%zu [label=\"%s %p\\n", i, o->type->name, (void *)o);
    put_escaped(out, repr);
    fprintf(out, "\\ncount %ld", (long)rco__count(o));
#ifdef RCO_DEBUG
    if (!rco__is_immortal(o)) {
        char site[300];
        rco__site_format(rco__record_of(o)->created_site, site, sizeof site);
        fprintf(out, "\\ncreated at ");
        put_escaped(out, site);
    }
#endif
    fprintf(out, "\"%s];\n", target ? ", penwidth=2, color=red" : "");
}

static void put_c_code_edge(FILE *out, size_t i, rco_object *o, intptr_t refs)
{
    fprintf(out, "  c_code -> n%zu [label=\"%ld ref%s", i, (long)refs, refs == 1 ? "" : "s");
#ifdef RCO_DEBUG
    if (!rco__is_immortal(o)) {
        const rco__debug_record *r = rco__record_of(o);
        for (uint32_t k = 0, n = rco__ledger_size(r); k < n; k++) {
            const rco__ledger_entry *e = rco__ledger_entry_at(r, k);
            if (e->taken <= e->released || e->site == 0)
                continue;
            char site[300];
            rco__site_format(e->site, site, sizeof site);
            fprintf(out, "\\ntaken at ");
            put_escaped(out, site);
        }
    }
#else
    (void)o;
#endif
    fprintf(out, "\"];\n");
}

int rco_debug_write_dot(rco_object *o, int depth, FILE *out)
{
    if (!rco__check_obj(o, "rco_debug_write_dot"))
        return -1;
    if (!out || depth < 0) {
        rco__err_set(RCO_ERR_VALUE, "rco_debug_write_dot: needs a stream and a depth >= 0");
        return -1;
    }
    graph *g = rco__alloc(sizeof *g);
    if (!g)
        return -1;
    memset(g, 0, sizeof *g);
    g->out = out;
    /* The holders and counts as of one moment: no thread changes them. */
    rco__stop_the_world();
    fprintf(out, "digraph rco {\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    add_node(g, o, 0);
    for (int level = 0; level <= depth; level++) {
        g->scanning_level = level;
        g->add_holders = level < depth;
#ifdef RCO_DEBUG
        rco__debug_for_each_live(scan_holder, g);
#else
        rco__gc_for_each_tracked(scan_holder, g);
#endif
    }
    bool any_c_code = false;
    for (size_t i = 0; i < g->n; i++) {
        rco_object *node = g->nodes[i];
        put_node(out, i, node, i == 0);
        intptr_t outside = rco__count(node) - g->explained[i];
        bool counted = g->level[i] <= depth; /* all its holders were found */
        if (counted && outside > 0 && !rco__is_immortal(node)) {
            if (!any_c_code)
                fprintf(out, "  c_code [shape=ellipse, label=\"C code\"];\n");
            any_c_code = true;
            put_c_code_edge(out, i, node, outside);
        }
    }
    rco__start_the_world();
    fprintf(out, "}\n");
    rco__free(g, sizeof *g);
    return ferror(out) ? -1 : 0;
}
