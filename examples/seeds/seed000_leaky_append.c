/*
 * Seed 000 (and 001): the commonest real bug in C extensions. A new
 * reference is passed to PyList_Append, which does not steal: the list
 * takes its own reference and the caller's is never released, so every item
 * outlives the list. The snippet is the seed's, through rco/pyapi.h; the
 * leak detective names the line. Then the seed's two fixes, which leak
 * nothing.
 */
#include <rco.h>
#include <rco/pyapi.h>

#include "report_check.h"

enum { CNT = 3 };

/* The seed's code: "PyList_Append(_list, PyInt_FromLong(var));" */
static PyObject *leaky(void)
{
    PyObject *_list = PyList_New(0);
    for (int var = 1000; var < 1000 + CNT; var++)
        PyList_Append(_list, PyInt_FromLong(var)); /* LEAK_LINE */
    return _list;
}
enum { LEAK_LINE = __LINE__ - 3 };

/* Method 1: release the temporary after appending. */
static PyObject *fixed_by_decref(void)
{
    PyObject *_list = PyList_New(0);
    for (int var = 1000; var < 1000 + CNT; var++) {
        PyObject *tmp = PyInt_FromLong(var);
        PyList_Append(_list, tmp);
        Py_DECREF(tmp);
    }
    return _list;
}

/* Method 2: a list of CNT slots filled with PyList_SetItem, which steals. */
static PyObject *fixed_by_setitem(void)
{
    PyObject *_list = PyList_New(CNT);
    for (int var = 1000; var < 1000 + CNT; var++)
        PyList_SetItem(_list, var - 1000, PyInt_FromLong(var));
    return _list;
}

/* The "Python caller": takes the list, uses it, releases it. */
static ssize_t call_and_release(PyObject *(*fn)(void), const char *name)
{
    uint64_t mark = rco_debug_checkpoint();
    PyObject *list = fn();
    printf("%s() returned ", name);
    PyObject_Print(list, stdout, 0);
    printf(", item 0 has count %ld while the list holds it\n", (long)Py_REFCNT(PyList_GetItem(list, 0)));
    Py_DECREF(list);
    ssize_t leaked = rco_debug_leaks(mark, NULL);
    printf("%s: %zd objects still alive after the caller released the list\n\n", name, leaked);
    return leaked;
}

int main(void)
{
    capture_reports();
    printf("== seed 000: a new reference passed to PyList_Append ==\n\n");
    ssize_t leaked = call_and_release(leaky, "leaky");
    ssize_t fixed1 = call_and_release(fixed_by_decref, "fixed_by_decref");
    ssize_t fixed2 = call_and_release(fixed_by_setitem, "fixed_by_setitem");
    printf("-- the leak detective's report --\n");
    char *report = captured_reports();
    int ok = leaked == CNT && fixed1 == 0 && fixed2 == 0;
    if (!ok)
        printf("\nCHECK FAILED: expected %d leaked ints and no leak from the fixes\n", CNT);
    expect_line(report, "int objects created at", __FILE__, LEAK_LINE);
    expect_line(report, "never released", __FILE__, LEAK_LINE);
    free(report);
    rco_shutdown();
    return ok ? 0 : 1;
}
