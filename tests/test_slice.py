"""HPySlice_Unpack and HPySlice_AdjustIndices."""

import pytest

SLICES = """
HPyDef_METH(unpack, "unpack", HPyFunc_VARARGS)
static HPy unpack_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    (void)self;
    HPy_ssize_t start, stop, step, length, count;
    if (nargs != 2) {
        return HPyErr_SetString(ctx, ctx->h_TypeError, "unpack(slice, length)");
    }
    if (HPySlice_Unpack(ctx, args[0], &start, &stop, &step) < 0) {
        return HPy_NULL;
    }
    length = HPyLong_AsSsize_t(ctx, args[1]);
    if (length == -1 && HPyErr_Occurred(ctx)) {
        return HPy_NULL;
    }
    count = HPySlice_AdjustIndices(ctx, length, &start, &stop, step);
    return HPy_BuildValue(ctx, "(nnnn)", start, stop, step, count);
}
@EXPORT(unpack)
@INIT
"""


@pytest.mark.parametrize("sl", [slice(None), slice(2, 8), slice(-3, None), slice(None, None, -1),
                                slice(1, 100, 3), slice(-100, -50), slice(8, 2, -2)])
def test_unpack_and_adjust_match_slice_indices(compiler, sl):
    mod = compiler.make_module(SLICES)
    start, stop, step, count = mod.unpack(sl, 10)
    assert (start, stop, step) == sl.indices(10)
    assert count == len(range(10)[sl])


def test_unpack_zero_step_raises(compiler):
    mod = compiler.make_module(SLICES)
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        mod.unpack(slice(1, 2, 0), 10)


def test_unpack_non_slice_raises(compiler):
    mod = compiler.make_module(SLICES)
    with pytest.raises(TypeError) as info:
        mod.unpack(5, 10)
    assert str(info.value) == "HPySlice_Unpack: expected a slice, got 'int'"
