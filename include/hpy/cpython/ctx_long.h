/* The int conversions whose C-API counterpart is wider than the HPy type. */
#ifndef HPY_CPYTHON_CTX_LONG_H
#define HPY_CPYTHON_CTX_LONG_H

static inline int32_t ctx_Long_AsInt32_t(HPyContext *ctx, HPy h)
{
    (void)ctx;
    long value = PyLong_AsLong(_h2py(h));
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (value < INT32_MIN || value > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C int32_t");
        return -1;
    }
    return (int32_t)value;
}

static inline uint32_t ctx_Long_AsUInt32_t(HPyContext *ctx, HPy h)
{
    (void)ctx;
    unsigned long value = PyLong_AsUnsignedLong(_h2py(h));
    if (value == (unsigned long)-1 && PyErr_Occurred()) {
        return (uint32_t)-1;
    }
    if (value > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C uint32_t");
        return (uint32_t)-1;
    }
    return (uint32_t)value;
}

#endif /* HPY_CPYTHON_CTX_LONG_H */
