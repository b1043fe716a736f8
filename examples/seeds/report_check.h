/*
 * report_check.h: what the seed programs share: send the detective's
 * reports to a temporary file, then show them and check that they name the
 * expected lines of the program.
 */
#ifndef REPORT_CHECK_H
#define REPORT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rco.h>

static FILE *report_file;

static void capture_reports(void)
{
    report_file = tmpfile();
    if (!report_file) {
        perror("tmpfile");
        exit(2);
    }
    rco_debug_set_report_stream(report_file);
}

/* The reports written so far, shown on stdout; the caller frees them. */
static char *captured_reports(void)
{
    long size = ftell(report_file);
    char *text = calloc(1, (size_t)size + 1);
    rewind(report_file);
    if (!text || fread(text, 1, (size_t)size, report_file) != (size_t)size) {
        perror("reading the report");
        exit(2);
    }
    fputs(text, stdout);
    return text;
}

/* Exit with a failure unless the report mentions file:line after `what`. */
static void expect_line(const char *report, const char *what, const char *file, int line)
{
    char needle[512];
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    snprintf(needle, sizeof needle, "%s:%d", base, line);
    const char *at = strstr(report, what);
    if (!at || !strstr(at, needle)) {
        printf("\nCHECK FAILED: the report should say \"%s\" ... \"%s\"\n", what, needle);
        exit(1);
    }
    printf("check: the report names %s for \"%s\"\n", needle, what);
}

#endif
