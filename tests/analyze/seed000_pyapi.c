/*
 * Seed 000 as the article wrote it, through rco/pyapi.h: PyList_Append
 * does not steal, so the new int leaks; then the article's two fixes.
 */
#include <rco.h>
#include <rco/pyapi.h>

enum { CNT = 3 };

PyObject *leaky(void)
{
    PyObject *_list = PyList_New(0);
    for (int var = 1000; var < 1000 + CNT; var++) /* expect: leak */
        PyList_Append(_list, PyInt_FromLong(var)); /* note: rco_int returns a new reference */
    return _list;
}

PyObject *fixed_by_decref(void)
{
    PyObject *_list = PyList_New(0);
    for (int var = 1000; var < 1000 + CNT; var++) {
        PyObject *tmp = PyInt_FromLong(var);
        PyList_Append(_list, tmp);
        Py_DECREF(tmp);
    }
    return _list;
}

PyObject *fixed_by_setitem(void)
{
    PyObject *_list = PyList_New(CNT);
    for (int var = 1000; var < 1000 + CNT; var++)
        PyList_SetItem(_list, var - 1000, PyInt_FromLong(var));
    return _list;
}

/* PyList_GetItem borrows: Py_DECREF of what it returns is the mirror bug. */
void drop_item(PyObject *list)
{
    PyObject *item = PyList_GetItem(list, 0);
    Py_XDECREF(item); /* expect: not-owned */
}

PyObject *no_bug(PyObject *list)
{
    PyObject *item = PyList_GetItem(list, 0);
    Py_XINCREF(item);
    Py_RETURN_NONE; /* expect: leak */
}
