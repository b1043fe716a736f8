/*
 * Seed 001: "Accidentally use pObj..." after Py_DECREF freed it. In CPython
 * that reads freed memory; in rco's debug build the object waits in a
 * quarantine, and the use is reported with the line that used it and the
 * line that freed it.
 */
#include <rco.h>
#include <rco/pyapi.h>

#include "report_check.h"

static int print_hello_world(void)
{
    PyObject *pObj = NULL;
    pObj = PyBytes_FromString("Hello world\n"); /* Object creation, ref count = 1. */
    PyObject_Print(pObj, stdout, 0);
    Py_DECREF(pObj); /* ref count = 0 so object deallocated. */
    /* Accidentally use pObj... */
    return PyObject_Print(pObj, stdout, 0);
}
enum { CREATED_LINE = __LINE__ - 6, FREED_LINE = __LINE__ - 4, USED_LINE = __LINE__ - 2 };

int main(void)
{
    capture_reports();
    printf("== seed 001: using an object after Py_DECREF ==\n");
    int status = print_hello_world();
    printf("\nthe second PyObject_Print returned %d: %s\n\n", status, rco_err_message());
    printf("-- the leak detective's report --\n");
    char *report = captured_reports();
    int ok = status == -1 && rco_debug_misuse_count() == 1;
    if (!ok)
        printf("\nCHECK FAILED: expected the use to fail and one misuse report\n");
    expect_line(report, "use of a freed object", __FILE__, USED_LINE);
    expect_line(report, "created at", __FILE__, CREATED_LINE);
    expect_line(report, "freed at", __FILE__, FREED_LINE);
    free(report);
    rco_shutdown();
    return ok ? 0 : 1;
}
