"""Build hpyjson with hpykit.

    python setup.py --hpy-abi={cpython,universal,hybrid} build_ext --inplace

HPYJSON_LEGACY_DUMPS=1 in the environment builds the first migration step instead:
dumps as legacy C-API code next to the HPy loads (hybrid or cpython ABI only).
"""

import os

from setuptools import Extension, setup

SOURCES = ["src/module.c", "src/decode.c", "src/encode.c", "src/encode_legacy.c",
           "src/jsonbuf.c"]
DEPENDS = ["src/hpyjson.h", "src/jsonbuf.h"]
MACROS = [("HPYJSON_LEGACY_DUMPS", None)] if os.environ.get("HPYJSON_LEGACY_DUMPS") else []

setup(
    hpy_ext_modules=[
        Extension(
            "hpyjson._hpyjson",
            sources=SOURCES,
            depends=DEPENDS,
            define_macros=MACROS,
            extra_compile_args=["-O2", "-Wall", "-Wextra"],
        )
    ],
)
