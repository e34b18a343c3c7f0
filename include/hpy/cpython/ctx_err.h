/* Error state. */
#ifndef HPY_CPYTHON_CTX_ERR_H
#define HPY_CPYTHON_CTX_ERR_H

static inline int ctx_Err_Occurred(HPyContext *ctx)
{
    (void)ctx;
    return PyErr_Occurred() != NULL;
}

#endif /* HPY_CPYTHON_CTX_ERR_H */
