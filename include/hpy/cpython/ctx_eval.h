/* Compiling source text, and context variables. */
#ifndef HPY_CPYTHON_CTX_EVAL_H
#define HPY_CPYTHON_CTX_EVAL_H

static inline HPy ctx_Compile_s(HPyContext *ctx, const char *utf8_source,
                                const char *utf8_filename, HPy_SourceKind kind)
{
    (void)ctx;
    int start;
    switch (kind) {
    case HPy_SourceKind_Expr:
        start = Py_eval_input;
        break;
    case HPy_SourceKind_File:
        start = Py_file_input;
        break;
    case HPy_SourceKind_Single:
        start = Py_single_input;
        break;
    default:
        PyErr_Format(PyExc_SystemError, "HPy_Compile_s: invalid source kind %d", (int)kind);
        return HPy_NULL;
    }
    return _py2h(Py_CompileString(utf8_source, utf8_filename, start));
}

static inline int32_t ctx_ContextVar_Get(HPyContext *ctx, HPy context_var, HPy default_value,
                                         HPy *result)
{
    (void)ctx;
    PyObject *value = NULL;
    if (PyContextVar_Get(_h2py(context_var), _h2py(default_value), &value) < 0) {
        return -1;
    }
    *result = _py2h(value);
    return 0;
}

#endif /* HPY_CPYTHON_CTX_EVAL_H */
