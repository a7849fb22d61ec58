"""Small factories shared by the parser tests."""

from __future__ import annotations

from pathlib import Path

from kring.exchange.parsers import ParseResult, parse

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def parse_sample(name: str, format: str = "auto") -> ParseResult:
    return parse(sample(name), format=format, filename=name)


def labels(result: ParseResult) -> list[str]:
    return [contact.label for contact in result.contacts]


def skipped(result: ParseResult) -> list[tuple[int, str]]:
    return [(item.line, item.reason) for item in result.skipped]
