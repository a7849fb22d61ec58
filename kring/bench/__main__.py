"""Benchmarks: `python -m kring.bench NAME [options]`; NAME is one of the keys below or `all`.

Each benchmark measures Kring against a named baseline in the same run and prints the ratio.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "analysis": "kring.bench.analysis",
    "import": "kring.bench.importing",
    "network": "kring.bench.network",
    "plan": "kring.bench.plan",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        print("benchmarks:", ", ".join(BENCHMARKS), "or all")
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    names = list(BENCHMARKS) if name == "all" else [name]
    status = 0
    for each in names:
        if each not in BENCHMARKS:
            print(f"unknown benchmark {each!r}; choose from {', '.join(BENCHMARKS)} or all")
            return 2
        print(f"== {each}")
        module = importlib.import_module(BENCHMARKS[each])
        status |= int(module.main(rest))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
