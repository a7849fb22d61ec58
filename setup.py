"""Build the compiled reader of the analysis engine: `python setup.py build_ext --inplace`.

`make setup` runs this. Without the compiled module Kring still works: the engine falls back
to its pure-Python reader (same results, three to four times slower; see docs/analysis.md).
"""

from setuptools import Extension, setup

setup(
    packages=[],
    ext_modules=[
        Extension(
            "kring.analysis._reader",
            ["kring/analysis/_reader.c"],
            extra_compile_args=["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
        )
    ],
)
