"""Command line: print the indicators and traffic light of one network as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from . import Network, NetworkError, analyse, traffic_light, traffic_light_reasons


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kring.analysis",
        description=(
            "Validate one network in Kring's plain-dict JSON format "
            '({"contacts": [...], "ties": [...]}) and print its indicators, traffic light '
            "and the traffic light rules that fired, as indented JSON. On invalid input it "
            "prints 'error: <message>' to standard error and exits with status 2."
        ),
    )
    parser.add_argument("file", help="the network as a JSON file, or - to read standard input")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="reference date for new_ties_30d (default: today)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; give back the exit status."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        if arguments.file == "-":
            text = sys.stdin.read()
        else:
            with open(arguments.file, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {arguments.file}: {error}", file=sys.stderr)
        return 2
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        print(f"error: {arguments.file} is not valid JSON: {error}", file=sys.stderr)
        return 2
    try:
        network = Network.from_dict(data)
    except NetworkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result = analyse(network, as_of=arguments.as_of).as_dict()
    result["traffic_light"] = traffic_light(result)
    result["traffic_light_reasons"] = traffic_light_reasons(result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
