"""HPy_LeavePythonExecution / HPy_ReenterPythonExecution and the block macros."""

import threading

GIL = """
/* Work that takes a while without touching Python. */
static void busy_work(long rounds)
{
    volatile unsigned long sink = 0;
    long i;
    for (i = 0; i < rounds * 1000000L; i++) {
        sink += (unsigned long)i;
    }
}

HPyDef_METH(spin_released, "spin_released", HPyFunc_O)
static HPy spin_released_impl(HPyContext *ctx, HPy self, HPy arg)
{
    (void)self;
    long ms = HPyLong_AsLong(ctx, arg);
    if (ms == -1 && HPyErr_Occurred(ctx)) {
        return HPy_NULL;
    }
    HPy_BEGIN_LEAVE_PYTHON(ctx)
    busy_work(ms);
    HPy_END_LEAVE_PYTHON(ctx)
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(explicit_calls, "explicit_calls", HPyFunc_NOARGS)
static HPy explicit_calls_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    HPyThreadState state = HPy_LeavePythonExecution(ctx);
    HPy_ReenterPythonExecution(ctx, state);
    return HPyLong_FromLong(ctx, 1);
}
@EXPORT(spin_released)
@EXPORT(explicit_calls)
@INIT
"""


def test_leave_and_reenter_explicitly(compiler):
    assert compiler.make_module(GIL).explicit_calls() == 1


def test_released_gil_lets_another_thread_run(compiler):
    mod = compiler.make_module(GIL)
    progress = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            progress.append(1)

    worker = threading.Thread(target=count)
    worker.start()
    try:
        before = len(progress)
        mod.spin_released(300)  # a few hundred million additions in C without the GIL
        during = len(progress) - before
    finally:
        stop.set()
        worker.join()
    assert during > 0, "the other thread made no progress while the GIL was released"
