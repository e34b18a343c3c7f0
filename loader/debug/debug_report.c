/* Reports of debug mode: what went wrong, in which API function, on which object. A
   report raises HPyDebugError where the API function can fail; elsewhere it is printed
   and handed to the on_invalid_handle callback, or is a fatal error. */
#include "debug/debug_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* repr() only runs for builtin types whose repr calls no user code. */
static int repr_is_safe(PyObject *obj)
{
    return PyLong_CheckExact(obj) || PyFloat_CheckExact(obj) || PyUnicode_CheckExact(obj) ||
           PyBytes_CheckExact(obj) || PyBool_Check(obj) || obj == Py_None ||
           obj == Py_Ellipsis || obj == Py_NotImplemented || PyType_CheckExact(obj);
}

static void short_repr(PyObject *obj, char *buf, size_t size)
{
    PyObject *type, *value, *tb, *repr;
    const char *text;
    buf[0] = '\0';
    if (!repr_is_safe(obj)) {
        return;
    }
    PyErr_Fetch(&type, &value, &tb);
    repr = PyObject_Repr(obj);
    text = repr != NULL ? PyUnicode_AsUTF8(repr) : NULL;
    if (text != NULL) {
        size_t n = strlen(text);
        if (n + 1 > size && size > 4) {
            snprintf(buf, size, "%.*s...", (int)(size - 4), text);
        }
        else {
            snprintf(buf, size, "%s", text);
        }
    }
    Py_XDECREF(repr);
    PyErr_Clear();
    PyErr_Restore(type, value, tb);
}

void hpykit_dh_describe(hpykit_dh *dh, char *buf, size_t size)
{
    PyObject *obj = hpykit_dh_object(dh);
    char repr[64];
    if (obj == NULL) {
        snprintf(buf, size, "handle 0x%lx to an object of type '%s'", (unsigned long)(uintptr_t)dh,
                 dh->type_name);
        return;
    }
    short_repr(obj, repr, sizeof(repr));
    if (repr[0] != '\0') {
        snprintf(buf, size, "handle 0x%lx to an object of type '%s': %s",
                 (unsigned long)(uintptr_t)dh, Py_TYPE(obj)->tp_name, repr);
    }
    else {
        snprintf(buf, size, "handle 0x%lx to an object of type '%s'",
                 (unsigned long)(uintptr_t)dh, Py_TYPE(obj)->tp_name);
    }
}

const char *hpykit_dh_explain(HPy h, char *details, size_t size)
{
    hpykit_dh *dh = hpykit_dh_of(h);
    char desc[HPYKIT_DESC_SIZE];
    const char *kind = "misused handle";
    if (HPy_IsNull(h)) {
        snprintf(details, size, "got HPy_NULL where a handle is required");
        return "HPy_NULL handle";
    }
    if (!hpykit_dh_known(dh)) {
        snprintf(details, size, "0x%lx is not a handle of the debug context (it was never "
                 "valid, or was closed long ago)", (unsigned long)h._i);
        return "invalid handle";
    }
    hpykit_dh_describe(dh, desc, sizeof(desc));
    if (dh->state == HPYKIT_DH_CLOSED && dh->is_arg) {
        snprintf(details, size, "the %s was an argument of a call that has returned; "
                 "keep HPy_Dup(ctx, h) (or an HPyGlobal/HPyField) instead", desc);
        kind = "argument handle used after its call returned";
    }
    else if (dh->state == HPYKIT_DH_CLOSED) {
        snprintf(details, size, "the %s was closed in %s", desc,
                 dh->closed_in != NULL ? dh->closed_in : "?");
        kind = "use of a closed handle";
    }
    else {
        snprintf(details, size, "%s", desc);
    }
    hpykit_site_format(dh->site, details, size);
    return kind;
}

void hpykit_dh_report_bad(HPy h, const char *func, int flags)
{
    char details[HPYKIT_DETAILS_SIZE];
    const char *kind = hpykit_dh_explain(h, details, sizeof(details));
    hpykit_debug_report(kind, func, flags, "%s", details);
}

static void call_on_invalid_handle(PyObject *callback)
{
    PyObject *type, *value, *tb, *result;
    PyErr_Fetch(&type, &value, &tb);
    Py_INCREF(callback);
    result = PyObject_CallObject(callback, NULL);
    if (result == NULL) {
        PyErr_WriteUnraisable(callback);
    }
    Py_XDECREF(result);
    Py_DECREF(callback);
    PyErr_Restore(type, value, tb);
}

void hpykit_debug_report(const char *what, const char *func, int flags, const char *fmt, ...)
{
    char details[HPYKIT_DETAILS_SIZE], message[HPYKIT_DETAILS_SIZE + 400];
    PyObject *callback = hpykit_debug.on_invalid_handle;
    va_list vargs;
    va_start(vargs, fmt);
    vsnprintf(details, sizeof(details), fmt, vargs);
    va_end(vargs);
    snprintf(message, sizeof(message), "%s in %s: %s", what, func, details);
    if (flags & HPYKIT_DH_RAISES) {
        PyErr_SetString(hpykit_debug.error_type != NULL ? hpykit_debug.error_type
                                                        : PyExc_SystemError, message);
        return;
    }
    if ((flags & HPYKIT_DH_BUILDER) && hpykit_debug.on_invalid_builder_handle != NULL) {
        callback = hpykit_debug.on_invalid_builder_handle;
    }
    fprintf(stderr, "hpykit debug mode: %s\n", message);
    fflush(stderr);
    if (callback != NULL) {
        call_on_invalid_handle(callback);
        return;
    }
    Py_FatalError("hpykit debug mode: the misuse above is a fatal error (set a callback "
                  "with hpykit.universal._debug.set_on_invalid_handle to continue instead)");
}

void hpykit_dh_report_close(HPy h)
{
    hpykit_dh *dh = hpykit_dh_of(h);
    char details[HPYKIT_DETAILS_SIZE], desc[HPYKIT_DESC_SIZE];
    if (!hpykit_dh_known(dh)) {
        hpykit_dh_report_bad(h, "HPy_Close", 0);
        return;
    }
    switch (dh->state) {
    case HPYKIT_DH_CLOSED:
        hpykit_dh_explain(h, details, sizeof(details));
        hpykit_debug_report(dh->is_arg ? "argument handle closed after its call returned"
                                       : "handle closed twice",
                            "HPy_Close", 0, "%s", details);
        return;
    case HPYKIT_DH_CONSTANT:
        hpykit_dh_describe(dh, desc, sizeof(desc));
        snprintf(details, sizeof(details), "the %s is a context constant (ctx->h_...); close "
                 "only what HPy_Dup(ctx, ctx->h_...) returns", desc);
        hpykit_debug_report("context constant closed", "HPy_Close", 0, "%s", details);
        return;
    default: /* an argument handle of the running call */
        hpykit_dh_describe(dh, desc, sizeof(desc));
        snprintf(details, sizeof(details), "the %s is an argument of the running call: "
                 "the runtime closes it when the call returns", desc);
        hpykit_site_format(dh->site, details, sizeof(details));
        hpykit_debug_report("argument handle closed", "HPy_Close", 0, "%s", details);
        return;
    }
}
