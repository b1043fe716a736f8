/*
 * Seed 003: bug() and no_bug(). PyList_GetItem returns a borrowed
 * reference; replacing another item of the list can run that item's
 * destructor, which may drop the borrowed item too. Here list[1] is an
 * object whose Python 2 style __del__ empties list[0]. bug() then prints a
 * freed object: the detective names where it was borrowed, where it was
 * freed and where it was used. no_bug() protects the item with Py_INCREF.
 */
#include <rco.h>
#include <rco/pyapi.h>

#include "report_check.h"

static PyObject *the_list;

/* __del__ of list[1]: "some other operation" that removes list[0]. */
static void clears_first_item(PyObject *self)
{
    (void)self;
    PyList_SetItem(the_list, 0, PyInt_FromLong(-1));
}
enum { FREED_LINE = __LINE__ - 2 };

static void bug(PyObject *list)
{
    PyObject *item = PyList_GetItem(list, 0);
    PyList_SetItem(list, 1, PyInt_FromLong(0L));
    PyObject_Print(item, stdout, 0); /* BUG! */
}
enum { BORROWED_LINE = __LINE__ - 4, USED_LINE = __LINE__ - 2 };

static void no_bug(PyObject *list)
{
    PyObject *item = PyList_GetItem(list, 0);
    Py_INCREF(item); /* Protect item. */
    PyList_SetItem(list, 1, PyInt_FromLong(0L));
    PyObject_Print(item, stdout, 0);
    Py_DECREF(item);
}

static PyObject *make_list(rco_type *cls)
{
    PyObject *list = PyList_New(2);
    PyList_SetItem(list, 0, PyInt_FromLong(123456789L));
    PyList_SetItem(list, 1, rco_instance_new(cls));
    return list;
}

int main(void)
{
    capture_reports();
    rco_type *cls = rco_class_new("ClearsFirstItem", NULL, clears_first_item);

    printf("== seed 003: no_bug() ==\nprints: ");
    the_list = make_list(cls);
    no_bug(the_list);
    Py_DECREF(the_list);
    long after_no_bug = rco_debug_misuse_count();
    printf("\nmisuse reports: %ld\n\n", after_no_bug);

    printf("== seed 003: bug() ==\nprints: ");
    the_list = make_list(cls);
    bug(the_list);
    Py_DECREF(the_list);
    long after_bug = rco_debug_misuse_count();
    printf("\nmisuse reports: %ld\n\n", after_bug - after_no_bug);

    rco_decref((rco_object *)cls);
    printf("-- the leak detective's report --\n");
    char *report = captured_reports();
    int ok = after_no_bug == 0 && after_bug == 1;
    if (!ok)
        printf("\nCHECK FAILED: expected no report for no_bug() and one for bug()\n");
    expect_line(report, "use of a freed object", __FILE__, USED_LINE);
    expect_line(report, "borrowed at", __FILE__, BORROWED_LINE);
    expect_line(report, "freed at", __FILE__, FREED_LINE);
    free(report);
    rco_shutdown();
    return ok ? 0 : 1;
}
