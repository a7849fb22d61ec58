"""Benchmarks: `python -m kring.bench NAME [options]`; NAME is one of the keys below or `all`.

Each benchmark measures Kring against a named baseline in the same run and prints the ratio.
`python -m kring.bench generate` fills a database with a city-sized organisation; it is a
command, not a benchmark, so `all` leaves it out.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "analysis": "kring.bench.analysis",
    "import": "kring.bench.importing",
    "network": "kring.bench.network",
    "plan": "kring.bench.plan",
    "dashboards": "kring.bench.dashboards",
}
COMMANDS = {"generate": "kring.bench.generate"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        print("benchmarks:", ", ".join(BENCHMARKS), "or all; commands:", ", ".join(COMMANDS))
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name in COMMANDS:
        return int(importlib.import_module(COMMANDS[name]).main(rest))
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
