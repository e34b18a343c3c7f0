/* HPyTracker: a growable array of handles that are closed together. */
#ifndef HPY_CPYTHON_CTX_TRACKER_H
#define HPY_CPYTHON_CTX_TRACKER_H

typedef struct {
    HPy_ssize_t length;
    HPy_ssize_t capacity;
    HPy *handles;
} _HPyTrackerData;

static inline HPyTracker ctx_Tracker_New(HPyContext *ctx, HPy_ssize_t size)
{
    (void)ctx;
    HPyTracker ht = {0};
    _HPyTrackerData *data;
    if (size < 0) {
        PyErr_Format(PyExc_ValueError, "HPyTracker_New: negative size %zd", size);
        return ht;
    }
    if (size < 8) {
        size = 8;
    }
    data = (_HPyTrackerData *)PyMem_Malloc(sizeof(_HPyTrackerData));
    if (data == NULL) {
        PyErr_NoMemory();
        return ht;
    }
    data->handles = PyMem_New(HPy, (size_t)size);
    if (data->handles == NULL) {
        PyMem_Free(data);
        PyErr_NoMemory();
        return ht;
    }
    data->length = 0;
    data->capacity = size;
    ht._i = (intptr_t)data;
    return ht;
}

static inline int ctx_Tracker_Add(HPyContext *ctx, HPyTracker ht, HPy h)
{
    (void)ctx;
    _HPyTrackerData *data = (_HPyTrackerData *)ht._i;
    if (data == NULL) {
        PyErr_SetString(PyExc_SystemError, "HPyTracker_Add: the tracker is NULL");
        return -1;
    }
    if (data->length == data->capacity) {
        HPy_ssize_t capacity = data->capacity * 2;
        HPy *grown = PyMem_Resize(data->handles, HPy, (size_t)capacity);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        data->handles = grown;
        data->capacity = capacity;
    }
    data->handles[data->length++] = h;
    return 0;
}

static inline void ctx_Tracker_ForgetAll(HPyContext *ctx, HPyTracker ht)
{
    (void)ctx;
    _HPyTrackerData *data = (_HPyTrackerData *)ht._i;
    if (data != NULL) {
        data->length = 0;
    }
}

static inline void ctx_Tracker_Close(HPyContext *ctx, HPyTracker ht)
{
    _HPyTrackerData *data = (_HPyTrackerData *)ht._i;
    HPy_ssize_t i;
    if (data == NULL) {
        return;
    }
    for (i = 0; i < data->length; i++) {
        ctx_Close(ctx, data->handles[i]);
    }
    PyMem_Free(data->handles);
    PyMem_Free(data);
}

#endif /* HPY_CPYTHON_CTX_TRACKER_H */
