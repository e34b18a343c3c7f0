/* Releasing and re-taking the GIL; the thread state travels in the token. */
#ifndef HPY_CPYTHON_CTX_GIL_H
#define HPY_CPYTHON_CTX_GIL_H

static inline HPyThreadState ctx_LeavePythonExecution(HPyContext *ctx)
{
    (void)ctx;
    HPyThreadState state;
    state._i = (intptr_t)PyEval_SaveThread();
    return state;
}

static inline void ctx_ReenterPythonExecution(HPyContext *ctx, HPyThreadState state)
{
    (void)ctx;
    PyEval_RestoreThread((PyThreadState *)state._i);
}

#endif /* HPY_CPYTHON_CTX_GIL_H */
