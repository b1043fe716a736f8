/*
 * check_layers.c: the layering of src/ as the object files show it.
 *
 * Usage: check_layers OBJECT.o...  (the objects of one library, built from
 * src/<layer>/<file>.c). File A depends on file B when A uses a symbol B
 * defines (nm). Fails when a file uses a symbol of a higher layer (the
 * order of core/core.h), or when files depend on each other in a cycle of
 * more than MAX_CYCLE files (Tarjan's strongly connected components).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 128
#define MAX_SYMBOLS 8192
#define MAX_CYCLE 3

static const char *const layers[] = { "core", "object", "types", "ops", "text", "gc", "runtime", "debug" };

typedef struct file {
    char name[64];  /* layer/file */
    int layer;
    int index, low; /* Tarjan */
    int on_stack;
} file;

static file files[MAX_FILES];
static int nfiles;
static char deps[MAX_FILES][MAX_FILES];

static struct symbol {
    char *name;
    int file;
} defined[MAX_SYMBOLS];
static int ndefined;

typedef struct use {
    char *name;
    int file;
} use;
static use *uses;
static size_t nuses, uses_cap;

static int layer_of(const char *path, char *name, size_t n)
{
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        char folder[32];
        snprintf(folder, sizeof folder, "/src/%s/", layers[i]);
        const char *at = strstr(path, folder);
        if (at) {
            snprintf(name, n, "%s/%s", layers[i], at + strlen(folder));
            char *dot = strstr(name, ".c.o");
            if (dot)
                *dot = '\0';
            return (int)i;
        }
    }
    return -1;
}

static void read_symbols(int f, const char *path)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "nm '%s'", path);
    FILE *p = popen(cmd, "r");
    if (!p) {
        perror("nm");
        exit(2);
    }
    char line[1024];
    while (fgets(line, sizeof line, p)) {
        char a[512], b[512], c[512];
        int k = sscanf(line, "%511s %511s %511s", a, b, c);
        if (k == 2 && strcmp(a, "U") == 0) {
            if (nuses == uses_cap) {
                uses_cap = uses_cap ? uses_cap * 2 : 1024;
                uses = realloc(uses, uses_cap * sizeof *uses);
            }
            uses[nuses++] = (use){ strdup(b), f };
        } else if (k == 3 && strchr("TDBRCGVWS", b[0]) && b[0] != 0 && ndefined < MAX_SYMBOLS) {
            defined[ndefined++] = (struct symbol){ strdup(c), f };
        }
    }
    pclose(p);
}

static int stack[MAX_FILES], depth, counter, failures;

static void strongconnect(int v)
{
    files[v].index = files[v].low = ++counter;
    stack[depth++] = v;
    files[v].on_stack = 1;
    for (int w = 0; w < nfiles; w++) {
        if (!deps[v][w])
            continue;
        if (!files[w].index) {
            strongconnect(w);
            if (files[w].low < files[v].low)
                files[v].low = files[w].low;
        } else if (files[w].on_stack && files[w].index < files[v].low) {
            files[v].low = files[w].index;
        }
    }
    if (files[v].low != files[v].index)
        return;
    int members[MAX_FILES], n = 0, w;
    do {
        w = stack[--depth];
        files[w].on_stack = 0;
        members[n++] = w;
    } while (w != v);
    if (n > MAX_CYCLE) {
        failures++;
        printf("a dependency cycle of %d files:", n);
        for (int i = 0; i < n; i++)
            printf(" %s", files[members[i]].name);
        printf("\n");
    } else if (n > 1) {
        printf("a cycle of %d files (allowed):", n);
        for (int i = 0; i < n; i++)
            printf(" %s", files[members[i]].name);
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc && nfiles < MAX_FILES; i++) {
        file *f = &files[nfiles];
        f->layer = layer_of(argv[i], f->name, sizeof f->name);
        if (f->layer < 0) {
            fprintf(stderr, "check_layers: %s is not under src/<layer>/\n", argv[i]);
            return 2;
        }
        read_symbols(nfiles++, argv[i]);
    }
    for (size_t u = 0; u < nuses; u++) {
        for (int d = 0; d < ndefined; d++) {
            if (strcmp(defined[d].name, uses[u].name) != 0)
                continue;
            int a = uses[u].file, b = defined[d].file;
            if (a == b)
                break;
            if (!deps[a][b] && files[b].layer > files[a].layer) {
                failures++;
                printf("%s (layer %s) calls up into %s (layer %s): %s\n", files[a].name,
                       layers[files[a].layer], files[b].name, layers[files[b].layer], uses[u].name);
            }
            deps[a][b] = 1;
            break;
        }
    }
    for (int v = 0; v < nfiles; v++)
        if (!files[v].index)
            strongconnect(v);
    printf("%d files, %d layers checked: %s\n", nfiles, (int)(sizeof layers / sizeof layers[0]),
           failures ? "FAILED" : "every dependency runs downward, no cycle of more than 3 files");
    return failures ? 1 : 0;
}
