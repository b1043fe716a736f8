/*
 * debug/symbolize.c: return addresses named "function file:line", only
 * when a report is printed.
 *
 * elfutils' libdw (Debian's libdw-dev) reads the process's own mappings
 * and the DWARF of each object in it, in process: no child process (as
 * addr2line or llvm-symbolizer would need, which a report written at exit,
 * in a forked child or under valgrind should not depend on), and, unlike
 * libbacktrace (which Debian does not package as a library), it names the
 * functions inlined at an address and the lines that called them, which
 * matters at -O2, where the helpers that pass references on are inlined
 * into their callers. One physical frame therefore gives one or more
 * logical frames, innermost first.
 *
 * Without libdw at build time (RCO_HAVE_LIBDW undefined) frames are named
 * by dladdr: the nearest exported symbol and the object, no lines.
 */
#define _GNU_SOURCE
#include "debug/debug.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef RCO_HAVE_LIBDW
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#endif

#define CACHE_SIZE 4096 /* physical frames named, per report session */
#define MAX_INLINE 8

typedef struct named_pc {
    uintptr_t pc;
    uint32_t n;
    rco__frame_name *frames;
} named_pc;

struct rco__symbols {
#ifdef RCO_HAVE_LIBDW
    Dwfl *dwfl;
#endif
    named_pc cache[CACHE_SIZE];
};

static const char *base_or_path(const char *path)
{
    return path ? path : "?";
}

/* Whether a frame is rco's own code: its source is under this file's
 * src/ (known when there is debug information), or its name is rco's. */
static bool in_library(const char *func, const char *file)
{
    static const char here[] = __FILE__;
    static const size_t root = sizeof here - 1 - sizeof "debug/symbolize.c" + 1;
    if (file && strlen(file) > root && strncmp(file, here, root) == 0)
        return true;
    return func && strncmp(func, "rco_", 4) == 0;
}

static void set_name(rco__frame_name *f, const char *func, const char *file, int line)
{
    snprintf(f->func, sizeof f->func, "%s", func ? func : "?");
    snprintf(f->file, sizeof f->file, "%s", base_or_path(file));
    f->line = line;
    f->library = in_library(func, file);
}

#ifdef RCO_HAVE_LIBDW
static Dwfl *open_dwfl(void)
{
    static char *debuginfo_path;
    static const Dwfl_Callbacks callbacks = {
        .find_elf = dwfl_linux_proc_find_elf,
        .find_debuginfo = dwfl_standard_find_debuginfo,
        .debuginfo_path = &debuginfo_path,
    };
    Dwfl *dwfl = dwfl_begin(&callbacks);
    if (!dwfl)
        return NULL;
    dwfl_report_begin(dwfl);
    int bad = dwfl_linux_proc_report(dwfl, getpid());
    if (dwfl_report_end(dwfl, NULL, NULL) != 0 || bad != 0) {
        dwfl_end(dwfl);
        return NULL;
    }
    return dwfl;
}

static const char *die_name(Dwarf_Die *die)
{
    Dwarf_Attribute attr;
    const char *name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
    return name ? name : dwarf_diename(die);
}

/* The logical frames at pc (a return address minus one). */
static uint32_t name_with_dwarf(Dwfl *dwfl, uintptr_t pc, rco__frame_name *out, uint32_t max)
{
    Dwfl_Module *mod = dwfl_addrmodule(dwfl, pc);
    if (!mod)
        return 0;
    const char *symbol = dwfl_module_addrname(mod, pc);
    int line = 0;
    const char *file = NULL;
    Dwfl_Line *l = dwfl_module_getsrc(mod, pc);
    if (l)
        file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
    Dwarf_Addr bias = 0;
    Dwarf_Die *cu = dwfl_module_addrdie(mod, pc, &bias);
    Dwarf_Die *scopes = NULL;
    int nscopes = cu ? dwarf_getscopes(cu, pc - bias, &scopes) : 0;
    if (nscopes > 0) {
        /* dwarf_getscopes continues from an inlined instance into its
         * abstract definition's scopes; the DIEs that contain the
         * instance itself are the callers it was inlined into. */
        Dwarf_Die innermost = scopes[0];
        free(scopes);
        scopes = NULL;
        nscopes = dwarf_getscopes_die(&innermost, &scopes);
    }
    uint32_t n = 0;
    Dwarf_Files *files = NULL;
    size_t nfiles = 0;
    if (cu)
        dwarf_getsrcfiles(cu, &files, &nfiles);
    for (int i = 0; i < nscopes && n < max; i++) {
        int tag = dwarf_tag(&scopes[i]);
        if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
            continue;
        set_name(&out[n++], die_name(&scopes[i]), file, line);
        if (tag == DW_TAG_subprogram)
            break;
        /* The caller's line, where this function was inlined. */
        Dwarf_Attribute attr;
        Dwarf_Word call_file = 0, call_line = 0;
        dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_file, &attr), &call_file);
        dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line, &attr), &call_line);
        file = files && call_file < nfiles ? dwarf_filesrc(files, call_file, NULL, NULL) : NULL;
        line = (int)call_line;
    }
    free(scopes);
    if (n == 0 && symbol) /* no DWARF: the symbol, and the line if known */
        set_name(&out[n++], symbol, file ? file : dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                 line);
    return n;
}
#endif

static uint32_t name_with_dladdr(uintptr_t pc, rco__frame_name *out)
{
    Dl_info info;
    if (!dladdr((void *)pc, &info) || !info.dli_fname)
        return 0;
    char func[96];
    if (info.dli_sname)
        snprintf(func, sizeof func, "%s+0x%lx", info.dli_sname, (unsigned long)(pc - (uintptr_t)info.dli_saddr));
    else
        snprintf(func, sizeof func, "0x%lx", (unsigned long)(pc - (uintptr_t)info.dli_fbase));
    set_name(out, func, info.dli_fname, 0);
    out->library = info.dli_sname && strncmp(info.dli_sname, "rco_", 4) == 0;
    return 1;
}

static rco__symbols *symbols(void)
{
    rco__debug_state *d = rco__dbg();
    if (!d->symbols) {
        d->symbols = calloc(1, sizeof *d->symbols);
#ifdef RCO_HAVE_LIBDW
        if (d->symbols)
            d->symbols->dwfl = open_dwfl();
#endif
    }
    return d->symbols;
}

/* The logical frames of one return address, cached. */
static uint32_t name_pc(uintptr_t ret, const rco__frame_name **frames)
{
    rco__symbols *s = symbols();
    if (!s)
        return 0;
    named_pc *slot = &s->cache[(ret * 0x9e3779b97f4a7c15ULL) >> 52];
    if (slot->pc == ret && slot->frames) {
        *frames = slot->frames;
        return slot->n;
    }
    rco__frame_name names[MAX_INLINE];
    uintptr_t pc = ret - 1; /* inside the call instruction, not after it */
    uint32_t n = 0;
#ifdef RCO_HAVE_LIBDW
    if (s->dwfl)
        n = name_with_dwarf(s->dwfl, pc, names, MAX_INLINE);
#endif
    if (!n)
        n = name_with_dladdr(pc, names);
    if (!n) {
        snprintf(names[0].func, sizeof names[0].func, "0x%lx", (unsigned long)ret);
        names[0].file[0] = '\0';
        names[0].line = 0;
        names[0].library = false;
        n = 1;
    }
    rco__frame_name *copy = malloc(n * sizeof *copy);
    if (!copy) {
        *frames = NULL;
        return 0;
    }
    memcpy(copy, names, n * sizeof *copy);
    free(slot->frames);
    *slot = (named_pc){ ret, n, copy };
    *frames = copy;
    return n;
}

size_t rco__origin_frames(uint32_t id, rco__frame_name *out, size_t max)
{
    const rco__origin *o = rco__origin_get(id);
    if (!o || !max)
        return 0;
    size_t n = 0;
    for (uint32_t i = 0; i < o->depth && n < max; i++) {
        const rco__frame_name *names;
        uint32_t k = name_pc(o->frames[i], &names);
        if (i == 0) {
            /* The call site itself is known exactly from the twin's arguments,
             * with or without debug information. When the function making
             * the call jumped to the twin (a tail call), the return address
             * is already in its caller: the site is a frame of its own. */
            set_name(&out[n], o->func, o->file, o->line);
            out[n].pc = o->frames[0];
            out[n].physical = 0;
            n++;
            if (k && o->func && strcmp(names[0].func, o->func) == 0)
                names++, k--;
        }
        for (uint32_t j = 0; j < k && n < max; j++) {
            out[n] = names[j];
            out[n].pc = o->frames[i];
            out[n].physical = (int)i;
            n++;
        }
        if (n && strcmp(out[n - 1].func, "main") == 0)
            break;
    }
    return n;
}

void rco__origin_print_stack(FILE *out, uint32_t id, const char *indent)
{
    rco__frame_name frames[RCO__STACK_DEPTH * 2];
    size_t n = rco__origin_frames(id, frames, sizeof frames / sizeof *frames);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (frames[i].library) {
            /* A finalizer or callback ran inside a call: rco's own frames
             * between it and the call are one line. */
            if (i == 0 || !frames[i - 1].library)
                fprintf(out, "%s#%zu (in rco)\n", indent, shown++);
            continue;
        }
        if (frames[i].line)
            fprintf(out, "%s#%zu %s %s:%d\n", indent, shown++, frames[i].func, frames[i].file, frames[i].line);
        else if (frames[i].file[0]) /* no line information: the object it is in */
            fprintf(out, "%s#%zu %s in %s\n", indent, shown++, frames[i].func,
                    strrchr(frames[i].file, '/') ? strrchr(frames[i].file, '/') + 1 : frames[i].file);
        else
            fprintf(out, "%s#%zu %s\n", indent, shown++, frames[i].func);
    }
}

void rco__symbols_free(rco__debug_state *d)
{
    rco__symbols *s = d->symbols;
    if (!s)
        return;
    for (size_t i = 0; i < CACHE_SIZE; i++)
        free(s->cache[i].frames);
#ifdef RCO_HAVE_LIBDW
    if (s->dwfl)
        dwfl_end(s->dwfl);
#endif
    free(s);
    d->symbols = NULL;
}
