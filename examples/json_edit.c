/*
 * json_edit.c: load a JSON file, change it, write it back, as a C program
 * would with Python's json module:
 *
 *     with open(path) as f: config = json.load(f)
 *     config["version"] += 1
 *     config.setdefault("history", []).append("edited by json_edit")
 *     with open(path, "w") as f: json.dump(config, f, indent=2, sort_keys=True)
 *
 * Usage: json_edit FILE. Without FILE it writes a small document to a
 * temporary file first, edits it twice and prints it, so that it runs as a
 * test. Every reference is released; the program ends with nothing alive.
 */
#include <rco.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
    fprintf(stderr, "json_edit: %s: %s: %s\n", what, rco_err_name(rco_err_occurred()), rco_err_message());
    return 1;
}

static int edit(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    rco_object *config = rco_json_load_file(f); /* new reference: ours */
    fclose(f);
    if (!config)
        return fail("load"); /* e.g. "Expecting ',' delimiter: line 3 column 5 (char 20)" */
    if (strcmp(rco_type_name(config), "dict") != 0) {
        rco_decref(config);
        fprintf(stderr, "json_edit: %s does not hold an object\n", path);
        return 1;
    }

    /* config["version"] += 1 (borrowed from the dict; a new int replaces it) */
    rco_object *version = rco_dict_get_str(config, "version");
    int64_t v = version ? rco_int_value(version) : 0;
    if (rco_err_occurred()) {
        rco_decref(config);
        return fail("version is not an int");
    }
    rco_object *next = rco_int(v + 1);
    int ok = rco_dict_set_str(config, "version", next); /* takes its own reference */
    rco_decref(next);

    /* config.setdefault("history", []).append(...) */
    rco_object *history = rco_dict_get_str(config, "history"); /* borrowed */
    if (!history) {
        rco_object *fresh = rco_list_new(0);
        ok |= rco_dict_set_str(config, "history", fresh);
        rco_decref(fresh);
        history = rco_dict_get_str(config, "history");
    }
    ok |= rco_list_append_steal(history, rco_str("edited by json_edit"));
    if (ok < 0) {
        rco_decref(config);
        return fail("edit");
    }

    f = fopen(path, "wb");
    if (!f) {
        perror(path);
        rco_decref(config);
        return 1;
    }
    int written = rco_json_dump_file(config, f, RCO_JSON_INDENT(2) | RCO_JSON_SORT_KEYS | RCO_JSON_UTF8);
    if (fclose(f) != 0)
        written = -1;
    rco_decref(config);
    return written < 0 ? fail("write") : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        int r = edit(argv[1]);
        rco_shutdown();
        return r;
    }
    char path[] = "/tmp/json_edit_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        return 1;
    fputs("{\"name\": \"caf\\u00e9\", \"version\": 41, \"ratio\": 0.1, \"tags\": [\"a\", \"b\"]}\n", f);
    fclose(f);
    int r = edit(path) || edit(path);
    if (r == 0) {
        f = fopen(path, "rb");
        char text[1024];
        size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
        if (f)
            fclose(f);
        text[n] = '\0';
        fputs(text, stdout);
        putchar('\n');
    }
    remove(path);
    rco_mem_stats s;
    rco_shutdown();
    rco_mem_get_stats(&s);
    printf("live blocks at the end: %zu\n", s.blocks_in_use);
    return r;
}
