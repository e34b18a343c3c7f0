"""Build pof with hpykit: `python setup.py --hpy-abi=universal build_ext --inplace`."""
from setuptools import Extension, setup

setup(
    name="pof",
    version="0.1",
    hpy_ext_modules=[Extension("pof", sources=["pof.c"])],
)
