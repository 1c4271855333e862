/* Placeholder: the compiled engine of incamera.redact (issue 11) is being written. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *available(PyObject *self, PyObject *args) { Py_RETURN_TRUE; }

static PyMethodDef methods[] = {
    {"available", available, METH_NOARGS, "Whether the compiled engine is built."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fast", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fast(void) { return PyModule_Create(&module); }
