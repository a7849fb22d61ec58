"""Kring's own CSV template: ``label,quadrant,ring,role,occupation,sector``.

Values are taken as given and checked; a row with an invalid value is skipped with the
reason. quadrant, ring and role may be left blank (friends, 3, other). Extra columns are
ignored, so Kring's own nodes export reads back in. A leading apostrophe that Kring's CSV
export adds to neutralise a formula is removed again.
"""

from __future__ import annotations

from .common import (
    DEFAULT_RING,
    DEFAULT_ROLE,
    MAX_LABEL,
    MAX_OCCUPATION,
    QUADRANTS,
    ROLES,
    SECTORS,
    Collector,
    ImportFileError,
    ParseResult,
    clean_text,
)
from .tabular import cell, check_one_line, column, find_table, rows

HEADER = ("label", "quadrant", "ring", "role", "occupation", "sector")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unneutralise(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def _check(label: str, quadrant: str, ring: str, role: str, occupation: str, sector: str) -> str:
    """Return the reason a row is invalid, or '' when it is fine."""
    if not label:
        return "no label"
    if len(label) > MAX_LABEL:
        return f"label is longer than {MAX_LABEL} characters"
    if quadrant and quadrant not in QUADRANTS:
        return f"quadrant '{quadrant[:40]}' is not one of " + ", ".join(QUADRANTS)
    if ring and ring not in ("0", "1", "2", "3", "4"):
        return f"ring '{ring[:40]}' is not a number from 0 to 4"
    if role and role not in ROLES:
        return f"role '{role[:40]}' is not a known role"
    if len(occupation) > MAX_OCCUPATION:
        return f"occupation is longer than {MAX_OCCUPATION} characters"
    if sector and sector not in SECTORS:
        return f"sector '{sector[:40]}' is not an SBI section letter A to U"
    return ""


def parse_text(text: str) -> ParseResult:
    """Return the contacts in a Kring CSV template, skipping invalid rows."""
    table = find_table(text)
    idx = {name: column(table.header, name) for name in HEADER}
    if idx["label"] is None:
        raise ImportFileError(
            "no 'label' column found; the Kring template starts with " + ",".join(HEADER),
            table.header_line,
        )
    collector = Collector("kring")
    for line, row in rows(text, table):
        if not any(value.strip() for value in row):
            continue
        check_one_line(line, row, idx.values())
        collector.count_record(line)
        label = clean_text(_unneutralise(cell(row, idx["label"])), 1000)
        quadrant = cell(row, idx["quadrant"]).casefold()
        ring = cell(row, idx["ring"])
        role = cell(row, idx["role"]).casefold()
        occupation = clean_text(_unneutralise(cell(row, idx["occupation"])), 1000)
        sector = cell(row, idx["sector"]).upper()
        reason = _check(label, quadrant, ring, role, occupation, sector)
        if reason:
            collector.skip(line, reason)
            continue
        collector.add(
            line=line,
            label=label,
            occupation=occupation,
            quadrant=quadrant or "friends",
            ring=int(ring) if ring else DEFAULT_RING,
            role=role or DEFAULT_ROLE,
            sector=sector,
        )
    return collector.result()
