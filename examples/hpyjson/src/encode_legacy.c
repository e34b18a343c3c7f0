/* encode_legacy.c: hpyjson.dumps as legacy CPython C-API code, the starting point of the
   migration. Compiled instead of encode.c when HPYJSON_LEGACY_DUMPS is defined; the
   module lists it in HPyModuleDef.legacy_methods, so it lives next to the HPy loads in
   one binary built for the hybrid or the CPython ABI. encode.c is the HPy port. */
#include "hpyjson.h"

#ifdef HPYJSON_LEGACY_DUMPS

#include <Python.h>

#include "jsonbuf.h"

#include <math.h>
#include <string.h>

typedef struct {
    JsonBuf buf;
    int flags;
    int sort_keys;
    int allow_nan;
    int reject_bytes;
    int indent;
    PyObject *default_fn; /* borrowed, or NULL */
    const char *item_sep, *key_sep;
    Py_ssize_t item_sep_len, key_sep_len;
} Encoder;

static int encode_value(Encoder *e, PyObject *obj, int depth);

static int nomem(void)
{
    PyErr_NoMemory();
    return -1;
}

static int write_raw(Encoder *e, const char *s, size_t n)
{
    return jsonbuf_write(&e->buf, s, n) < 0 ? nomem() : 0;
}

static int encode_str(Encoder *e, PyObject *str)
{
    Py_ssize_t n;
    PyObject *bytes;
    int result;
    const char *s = PyUnicode_AsUTF8AndSize(str, &n);
    if (s != NULL) {
        return jsonbuf_string(&e->buf, s, (size_t)n, e->flags) < 0 ? nomem() : 0;
    }
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
        return -1;
    }
    PyErr_Clear();
    bytes = PyUnicode_AsEncodedString(str, "utf-8", "surrogatepass");
    if (bytes == NULL) {
        return -1;
    }
    result = jsonbuf_string(&e->buf, PyBytes_AS_STRING(bytes), (size_t)PyBytes_GET_SIZE(bytes),
                            e->flags | JSONBUF_SURROGATES) < 0 ? nomem() : 0;
    Py_DECREF(bytes);
    return result;
}

static int write_repr(Encoder *e, PyObject *obj)
{
    Py_ssize_t n;
    const char *s;
    int result;
    PyObject *r = PyObject_Repr(obj);
    if (r == NULL) {
        return -1;
    }
    s = PyUnicode_AsUTF8AndSize(r, &n);
    result = s == NULL ? -1 : write_raw(e, s, (size_t)n);
    Py_DECREF(r);
    return result;
}

static int encode_long(Encoder *e, PyObject *obj)
{
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (overflow) {
        PyObject *plain = PyNumber_Long(obj);
        int result;
        if (plain == NULL) {
            return -1;
        }
        result = write_repr(e, plain);
        Py_DECREF(plain);
        return result;
    }
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    return jsonbuf_int64(&e->buf, (int64_t)v) < 0 ? nomem() : 0;
}

static int encode_float(Encoder *e, PyObject *obj)
{
    double v = PyFloat_AsDouble(obj);
    if (v == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    if (!isfinite(v)) {
        if (!e->allow_nan) {
            PyErr_SetString(PyExc_ValueError, "Out of range float values are not JSON compliant");
            return -1;
        }
        return isnan(v) ? write_raw(e, "NaN", 3)
                        : v > 0 ? write_raw(e, "Infinity", 8) : write_raw(e, "-Infinity", 9);
    }
    /* repr() of the value, in C (also for subclasses that override __repr__) */
    return jsonbuf_double(&e->buf, v) < 0 ? nomem() : 0;
}

static int too_deep(void)
{
    PyErr_SetString(PyExc_RecursionError,
                    "maximum recursion depth exceeded while encoding a JSON object");
    return -1;
}

static int write_item_sep(Encoder *e, Py_ssize_t i, int depth)
{
    if (i > 0 && write_raw(e, e->item_sep, (size_t)e->item_sep_len) < 0) {
        return -1;
    }
    if (e->indent > 0 && jsonbuf_newline(&e->buf, e->indent, depth) < 0) {
        return nomem();
    }
    return 0;
}

static int encode_sequence(Encoder *e, PyObject *seq, int depth)
{
    Py_ssize_t i;
    int is_list = PyList_Check(seq);
    if ((is_list ? PyList_GET_SIZE(seq) : PyTuple_GET_SIZE(seq)) == 0) {
        return write_raw(e, "[]", 2);
    }
    if (depth >= HPYJSON_MAX_DEPTH) {
        return too_deep();
    }
    if (jsonbuf_putc(&e->buf, '[') < 0) {
        return nomem();
    }
    /* the list may change under us (default, __repr__...): re-read its size each time */
    for (i = 0; i < (is_list ? PyList_GET_SIZE(seq) : PyTuple_GET_SIZE(seq)); i++) {
        int result;
        PyObject *item = is_list ? PyList_GET_ITEM(seq, i) : PyTuple_GET_ITEM(seq, i);
        Py_INCREF(item);
        result = write_item_sep(e, i, depth + 1) < 0 ? -1 : encode_value(e, item, depth + 1);
        Py_DECREF(item);
        if (result < 0) {
            return -1;
        }
    }
    if (e->indent > 0 && jsonbuf_newline(&e->buf, e->indent, depth) < 0) {
        return nomem();
    }
    return jsonbuf_putc(&e->buf, ']') < 0 ? nomem() : 0;
}

static int encode_key(Encoder *e, PyObject *key)
{
    if (PyUnicode_Check(key)) {
        return encode_str(e, key);
    }
    if (key == Py_True) {
        return write_raw(e, "\"true\"", 6);
    }
    if (key == Py_False) {
        return write_raw(e, "\"false\"", 7);
    }
    if (key == Py_None) {
        return write_raw(e, "\"null\"", 6);
    }
    if (PyLong_Check(key) || PyFloat_Check(key)) {
        int result = jsonbuf_putc(&e->buf, '"') < 0 ? nomem() : 0;
        if (result == 0) {
            result = PyLong_Check(key) ? encode_long(e, key) : encode_float(e, key);
        }
        if (result == 0 && jsonbuf_putc(&e->buf, '"') < 0) {
            result = nomem();
        }
        return result;
    }
    PyErr_Format(PyExc_TypeError, "keys must be str, int, float, bool or None, not %s",
                 Py_TYPE(key)->tp_name);
    return -1;
}

static int encode_pair(Encoder *e, Py_ssize_t i, PyObject *key, PyObject *value, int depth)
{
    return write_item_sep(e, i, depth + 1) == 0 && encode_key(e, key) == 0 &&
                   write_raw(e, e->key_sep, (size_t)e->key_sep_len) == 0 &&
                   encode_value(e, value, depth + 1) == 0
               ? 0
               : -1;
}

static int encode_dict(Encoder *e, PyObject *dict, int depth)
{
    Py_ssize_t pos = 0, i = 0;
    PyObject *key, *value;
    if (PyDict_GET_SIZE(dict) == 0) {
        return write_raw(e, "{}", 2);
    }
    if (depth >= HPYJSON_MAX_DEPTH) {
        return too_deep();
    }
    if (jsonbuf_putc(&e->buf, '{') < 0) {
        return nomem();
    }
    if (e->sort_keys) {
        PyObject *keys = PyDict_Keys(dict);
        Py_ssize_t n;
        if (keys == NULL || PyList_Sort(keys) < 0) {
            Py_XDECREF(keys);
            return -1;
        }
        n = PyList_GET_SIZE(keys);
        for (i = 0; i < n; i++) {
            int result;
            key = PyList_GET_ITEM(keys, i);
            value = PyDict_GetItemWithError(dict, key);
            if (value == NULL) {
                if (!PyErr_Occurred()) {
                    PyErr_SetObject(PyExc_KeyError, key);
                }
                Py_DECREF(keys);
                return -1;
            }
            Py_INCREF(value);
            result = encode_pair(e, i, key, value, depth);
            Py_DECREF(value);
            if (result < 0) {
                Py_DECREF(keys);
                return -1;
            }
        }
        Py_DECREF(keys);
    }
    else {
        while (PyDict_Next(dict, &pos, &key, &value)) {
            int result;
            Py_INCREF(key);
            Py_INCREF(value);
            result = encode_pair(e, i++, key, value, depth);
            Py_DECREF(value);
            Py_DECREF(key);
            if (result < 0) {
                return -1;
            }
        }
    }
    if (e->indent > 0 && jsonbuf_newline(&e->buf, e->indent, depth) < 0) {
        return nomem();
    }
    return jsonbuf_putc(&e->buf, '}') < 0 ? nomem() : 0;
}

static int encode_value(Encoder *e, PyObject *obj, int depth)
{
    if (PyUnicode_Check(obj)) {
        return encode_str(e, obj);
    }
    if (obj == Py_None) {
        return write_raw(e, "null", 4);
    }
    if (obj == Py_True) {
        return write_raw(e, "true", 4);
    }
    if (obj == Py_False) {
        return write_raw(e, "false", 5);
    }
    if (PyLong_Check(obj)) {
        return encode_long(e, obj);
    }
    if (PyDict_Check(obj)) {
        return encode_dict(e, obj, depth);
    }
    if (PyList_Check(obj) || PyTuple_Check(obj)) {
        return encode_sequence(e, obj, depth);
    }
    if (PyFloat_Check(obj)) {
        return encode_float(e, obj);
    }
    if (!e->reject_bytes && PyBytes_Check(obj)) {
        PyObject *str = PyUnicode_FromEncodedObject(obj, "utf-8", "strict");
        int result;
        if (str == NULL) {
            return -1;
        }
        result = encode_str(e, str);
        Py_DECREF(str);
        return result;
    }
    if (e->default_fn != NULL) {
        PyObject *replacement;
        int result;
        if (depth >= HPYJSON_MAX_DEPTH) {
            return too_deep();
        }
        replacement = PyObject_CallFunctionObjArgs(e->default_fn, obj, NULL);
        if (replacement == NULL) {
            return -1;
        }
        result = encode_value(e, replacement, depth + 1);
        Py_DECREF(replacement);
        return result;
    }
    PyErr_Format(PyExc_TypeError, "Object of type %s is not JSON serializable",
                 Py_TYPE(obj)->tp_name);
    return -1;
}

static int set_separators(Encoder *e, PyObject *separators)
{
    PyObject *item, *key;
    if (separators == Py_None) {
        return 0;
    }
    if (!PyTuple_Check(separators) && !PyList_Check(separators)) {
        PyErr_SetString(PyExc_TypeError, "separators must be a (item, key) pair of str");
        return -1;
    }
    if (PySequence_Size(separators) != 2) {
        PyErr_SetString(PyExc_ValueError, "separators must be a (item, key) pair of str");
        return -1;
    }
    /* borrowed from the tuple or list, which the caller holds for the whole call */
    item = PySequence_Fast_GET_ITEM(separators, 0);
    key = PySequence_Fast_GET_ITEM(separators, 1);
    if (!PyUnicode_Check(item) || !PyUnicode_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "separators must be a (item, key) pair of str");
        return -1;
    }
    e->item_sep = PyUnicode_AsUTF8AndSize(item, &e->item_sep_len);
    e->key_sep = PyUnicode_AsUTF8AndSize(key, &e->key_sep_len);
    return e->item_sep == NULL || e->key_sep == NULL ? -1 : 0;
}

static PyObject *legacy_dumps(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {
        "obj", "ensure_ascii", "encode_html_chars", "escape_forward_slashes", "sort_keys",
        "indent", "allow_nan", "reject_bytes", "default", "separators", NULL};
    Encoder e;
    PyObject *obj, *indent = NULL, *default_fn = NULL, *separators = NULL;
    PyObject *result = NULL;
    int ensure_ascii = 1, html = 0, slash = 1;
    (void)self;
    e.sort_keys = 0;
    e.allow_nan = 1;
    e.reject_bytes = 1;
    e.indent = 0;
    e.default_fn = NULL;
    e.item_sep = ",";
    e.item_sep_len = 1;
    e.key_sep = ":";
    e.key_sep_len = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|ppppOppOO:dumps", keywords, &obj,
                                     &ensure_ascii, &html, &slash, &e.sort_keys, &indent,
                                     &e.allow_nan, &e.reject_bytes, &default_fn, &separators)) {
        return NULL;
    }
    e.flags = (ensure_ascii ? JSONBUF_ENSURE_ASCII : 0) | (html ? JSONBUF_ESCAPE_HTML : 0) |
              (slash ? JSONBUF_ESCAPE_SLASH : 0);
    if (indent != NULL && indent != Py_None) {
        long n = PyLong_AsLong(indent);
        if (n == -1 && PyErr_Occurred()) {
            return NULL;
        }
        e.indent = n < 0 ? 0 : n > 1000 ? 1000 : (int)n;
    }
    if (e.indent > 0) {
        e.key_sep = ": ";
        e.key_sep_len = 2;
    }
    if (default_fn != NULL && default_fn != Py_None) {
        e.default_fn = default_fn;
    }
    if (separators != NULL && set_separators(&e, separators) < 0) {
        return NULL;
    }
    jsonbuf_init(&e.buf);
    if (encode_value(&e, obj, 0) == 0) {
        if (e.flags & JSONBUF_ENSURE_ASCII) {
            result = PyUnicode_DecodeASCII(e.buf.data, (Py_ssize_t)e.buf.len, NULL);
        }
        else {
            result = PyUnicode_DecodeUTF8(e.buf.data, (Py_ssize_t)e.buf.len, NULL);
        }
    }
    jsonbuf_free(&e.buf);
    return result;
}

PyMethodDef hpyjson_legacy_methods[] = {
    {"dumps", (PyCFunction)(void (*)(void))legacy_dumps, METH_VARARGS | METH_KEYWORDS,
     "dumps(obj, ensure_ascii=True, encode_html_chars=False,\n"
     "      escape_forward_slashes=True, sort_keys=False, indent=0,\n"
     "      allow_nan=True, reject_bytes=True, default=None, separators=None)\n\n"
     "Serialize obj to a JSON str (legacy C-API code)."},
    {NULL, NULL, 0, NULL},
};

#else
/* ISO C forbids an empty translation unit */
typedef int hpyjson_encode_legacy_unused;
#endif /* HPYJSON_LEGACY_DUMPS */
