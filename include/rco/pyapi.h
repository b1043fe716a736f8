/*
 * rco/pyapi.h: CPython's C API names, as the seed articles use them, mapped
 * onto rco with CPython's ownership rules: PyList_SetItem and
 * PyTuple_SetItem steal, PyList_Append, PyDict_SetItem and
 * PySequence_SetItem do not; the getters return borrowed references.
 * Opt-in: include it after <rco.h> to compile extension-style snippets
 * unchanged, and with -DRCO_DEBUG the leak detective names their lines.
 * Only what the seeds use is here; it is not a Python implementation.
 */
#ifndef RCO_PYAPI_H
#define RCO_PYAPI_H

#include <string.h>

#include "rco.h"

/* The static analyzer tracks parameters only when their type has the
 * spelling rco/analyze.h gives rco_object; PyObject * gets it too. The
 * macros below carry rco.h's ownership annotations with them. */
#if defined(__clang_analyzer__) && !defined(RCO__BUILDING)
#define PyObject isl_PyObject
#endif
typedef rco_object PyObject;
typedef ssize_t Py_ssize_t;

#define Py_None (rco_none())
#define Py_True (rco_true())
#define Py_False (rco_false())
#define Py_PRINT_RAW 1

#define Py_INCREF(o) ((void)rco_incref((PyObject *)(o)))
#define Py_DECREF(o) rco_decref((PyObject *)(o))
#define Py_XINCREF(o) rco_xincref((PyObject *)(o))
#define Py_XDECREF(o) rco_xdecref((PyObject *)(o))
#define Py_CLEAR(o) RCO_CLEAR(o)
#define Py_REFCNT(o) rco_refcount((PyObject *)(o))
#define Py_RETURN_NONE return rco_incref(rco_none())

/* Negative sizes and indices are errors, as in CPython: they turn into
 * sizes rco rejects as too large or out of range. */
#define PyList_New(n) rco_list_new((size_t)(Py_ssize_t)(n))
#define PyList_Size(l) rco_len(l)
#define PyList_Append(l, item) rco_list_append((l), (item))
#define PyList_SetItem(l, i, item) rco_list_set_steal((l), (size_t)(Py_ssize_t)(i), (item))
#define PyList_GetItem(l, i) rco_list_get((l), (size_t)(Py_ssize_t)(i))
#define PyTuple_New(n) rco_tuple_new((size_t)(Py_ssize_t)(n))
#define PyTuple_Size(t) rco_len(t)
#define PyTuple_SetItem(t, i, item) rco_tuple_set_steal((t), (size_t)(Py_ssize_t)(i), (item))
#define PyTuple_GetItem(t, i) rco_tuple_get((t), (size_t)(Py_ssize_t)(i))
#define PyDict_New() rco_dict_new()
#define PyDict_SetItem(d, k, v) rco_dict_set((d), (k), (v))
#define PyDict_SetItemString(d, k, v) rco_dict_set_str((d), (k), (v))
#define PyDict_GetItem(d, k) rco_dict_get((d), (k))
#define PyDict_GetItemString(d, k) rco_dict_get_str((d), (k))
#define PyDict_DelItem(d, k) rco_dict_del((d), (k))
#define PyInt_FromLong(v) rco_int((int64_t)(v))
#define PyLong_FromLong(v) rco_int((int64_t)(v))
#define PyInt_AsLong(o) rco_int_value(o)
#define PyLong_AsLong(o) rco_int_value(o)
#define PyInt_Check(o) (strcmp(rco_type_name(o), "int") == 0 || strcmp(rco_type_name(o), "bool") == 0)
#define PyFloat_FromDouble(v) rco_float(v)
#define PyString_FromString(s) rco_str(s)
#define PyUnicode_FromString(s) rco_str(s)
#define PyBytes_FromString(s) rco_bytes((s), strlen(s))
#define Py_BuildValue rco_build
#define PyObject_Repr(o) rco_repr(o)
#define PyObject_Hash(o) rco_hash(o)
#define PyObject_Length(o) rco_len(o)

/* These two are expressions, not functions, so that the leak detective
 * attributes what they do to the caller's line; they evaluate their first
 * argument twice. */

/* PySequence_SetItem does not steal: it takes its own reference. */
#define PySequence_SetItem(s, i, item)                                        \
    (strcmp(rco_type_name(s), "tuple") == 0                                   \
         ? rco_tuple_set((s), (size_t)(Py_ssize_t)(i), (item))                \
         : rco_list_set((s), (size_t)(Py_ssize_t)(i), (item)))

/* PyObject_Print: the repr, or with Py_PRINT_RAW the text of a str. */
#define PyObject_Print(o, f, flags)                                           \
    (((flags) & Py_PRINT_RAW) && strcmp(rco_type_name(o), "str") == 0         \
         ? (fputs(rco_str_utf8(o), (f)) < 0 ? -1 : 0)                         \
         : rco_print((o), (f)))

#endif
