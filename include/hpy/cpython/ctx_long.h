/* The int conversions whose C-API counterpart is wider than the HPy type. A value out of
   the HPy type's range gets a message naming that type however far out it is (a negative
   value for an unsigned type keeps the C-API message). */
#ifndef HPY_CPYTHON_CTX_LONG_H
#define HPY_CPYTHON_CTX_LONG_H

static inline int32_t ctx_Long_AsInt32_t(HPyContext *ctx, HPy h)
{
    (void)ctx;
    int overflow;
    long value = PyLong_AsLongAndOverflow(_h2py(h), &overflow);
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow != 0 || value < INT32_MIN || value > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C int32_t");
        return -1;
    }
    return (int32_t)value;
}

static inline uint32_t ctx_Long_AsUInt32_t(HPyContext *ctx, HPy h)
{
    (void)ctx;
    PyObject *obj = _h2py(h), *type, *exc, *tb;
    int overflow;
    long sign;
    unsigned long value = PyLong_AsUnsignedLong(obj);
    if (value == (unsigned long)-1 && PyErr_Occurred()) {
        /* an int that is negative keeps the C-API message; one too large for unsigned
           long is too large for uint32_t as well */
        if (PyLong_Check(obj) && PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Fetch(&type, &exc, &tb);
            sign = PyLong_AsLongAndOverflow(obj, &overflow);
            if (overflow > 0 || sign > 0) {
                Py_XDECREF(type);
                Py_XDECREF(exc);
                Py_XDECREF(tb);
                PyErr_SetString(PyExc_OverflowError,
                                "Python int too large to convert to C uint32_t");
            }
            else {
                PyErr_Restore(type, exc, tb);
            }
        }
        return (uint32_t)-1;
    }
    if (value > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C uint32_t");
        return (uint32_t)-1;
    }
    return (uint32_t)value;
}

#endif /* HPY_CPYTHON_CTX_LONG_H */
