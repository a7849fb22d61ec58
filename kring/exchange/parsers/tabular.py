"""Shared CSV reading: finding the header row and delimiter, and column lookups."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .common import (
    ADDRESSES,
    BIRTHDAYS,
    EMAILS,
    NOTES,
    PHONES,
    PHOTOS,
    SURNAMES,
    URLS,
    Collector,
    ImportFileError,
    make_label,
    split_full_name,
)

# Columns that can carry a person's name; a CSV without any of them is refused.
NAME_COLUMNS = (
    "First Name",
    "Last Name",
    "Name",
    "Given Name",
    "Family Name",
    "Nickname",
    "Voornaam",
    "Achternaam",
    "Naam",
    "Bijnaam",
    "label",
)
_NAME_SET = frozenset(name.casefold() for name in NAME_COLUMNS)
_DELIMITERS = (",", ";", "\t")
_HEADER_SEARCH_RECORDS = 50
MAX_COLUMNS = 500  # Google and Outlook exports have about 90
# Notes and addresses may hold a few lines in quotes; a field of more lines is a quote that
# was never closed where it should have been and swallowed the records after it.
MAX_FIELD_LINES = 30
UNCLOSED_QUOTE = 'a quote (") opens on this line and is not closed, so lines run together'
_SPACES = re.compile(r"\s+")

# (substring of a header, kind) checked in order; the first match wins.
_DROPPED_BY_HEADER: tuple[tuple[tuple[str, ...], str], ...] = (
    (("e-mail", "email"), EMAILS),
    (("phone", "fax", "telefoon", "mobiel", "pager", "gsm", "isdn", "telex"), PHONES),
    (("birthday", "verjaardag", "geboorte", "anniversary", "jubileum", "date of birth"), BIRTHDAYS),
    (
        (
            "address",
            "street",
            "city",
            "postal",
            "zip",
            "state",
            "country",
            "region",
            "po box",
            "location",
            "adres",
            "straat",
            "plaats",
            "postcode",
            "provincie",
            "land/regio",
            "postbus",
        ),
        ADDRESSES,
    ),
    (("notes", "notities", "notitie", "opmerking"), NOTES),
    (("web page", "website", "webpagina", "url", "homepage"), URLS),
    (("photo", "foto", "avatar"), PHOTOS),
    (("last name", "family name", "maiden name", "surname", "achternaam", "meisjesnaam"), SURNAMES),
)


def normalise_header(cell: str) -> str:
    return _SPACES.sub(" ", cell.replace("\ufeff", "").strip().strip('"')).strip().casefold()


def dropped_kind(header: str) -> str | None:
    """Return the kind of discarded data a column holds, or None when it is not one."""
    if header.endswith((" - type", " - label", " type")):
        return None
    for needles, kind in _DROPPED_BY_HEADER:
        if any(needle in header for needle in needles):
            return kind
    return None


@dataclass(frozen=True, slots=True)
class Table:
    header: list[str]
    header_line: int
    delimiter: str
    preamble: bool


def _find_header(text: str, delimiter: str) -> Table | None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    try:
        for index, row in enumerate(reader):
            if index >= _HEADER_SEARCH_RECORDS:
                return None
            if len(row) > MAX_COLUMNS:
                raise ImportFileError(
                    f"line has {len(row):,} columns; the limit is {MAX_COLUMNS}",
                    previous_end + 1,
                )
            header = [normalise_header(cell) for cell in row]
            if _NAME_SET.intersection(header):
                return Table(header, previous_end + 1, delimiter, preamble=index > 0)
            previous_end = reader.line_num
    except csv.Error:
        return None
    return None


def looks_like_csv(text: str) -> bool:
    """Tell whether the first lines look like separated values at all."""
    lines = [line for line in text[:8192].splitlines()[:5] if line.strip()]
    return bool(lines) and any(d in lines[0] for d in _DELIMITERS)


def find_table(text: str) -> Table:
    """Return the header row (after any preamble) and the delimiter that splits it best.

    Raises ImportFileError when no row in the first records names a person.
    """
    best: Table | None = None
    for delimiter in _DELIMITERS:
        table = _find_header(text, delimiter)
        if table is not None and (best is None or len(table.header) > len(best.header)):
            best = table
    if best is None:
        raise ImportFileError(
            "no column with names found; expected one of " + ", ".join(NAME_COLUMNS)
        )
    return best


def line_breaks(value: str) -> int:
    """Return how many line breaks a value holds, counted as the csv module counts lines."""
    return value.count("\n") + value.count("\r") - value.count("\r\n")


def _quote_line(start: int, row: list[str], index: int) -> int:
    """Return the line on which cell `index` of a record starting on `start` begins."""
    return start + sum(line_breaks(value) for value in row[:index])


def _check_last_record(text: str, table: Table, start: int) -> None:
    """Refuse the file when its last record ends inside an open quote.

    The lenient reader takes everything up to the end of the file into that one field
    (people joined into one label); reading the last record strictly tells it apart from a
    quoted field that is closed properly.
    """
    tail = itertools.islice(io.StringIO(text, newline=""), start - 1, None)
    try:
        for _row in csv.reader(tail, delimiter=table.delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return  # other strictness (text after a closing quote) is read leniently
        tail = itertools.islice(io.StringIO(text, newline=""), start - 1, None)
        row = next(csv.reader(tail, delimiter=table.delimiter), [])
        raise ImportFileError(UNCLOSED_QUOTE, _quote_line(start, row, len(row) - 1)) from None


def rows(text: str, table: Table) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, cells) for every record after the header.

    Raises ImportFileError, naming the line where the quote opens, when a quote is never
    closed or a field runs over more than MAX_FIELD_LINES lines.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter)
    start = 1
    last = 0
    try:
        for row in reader:
            if start > table.header_line:
                # Only a record over that many lines can hold a field that long.
                if reader.line_num - start > MAX_FIELD_LINES:
                    for index, value in enumerate(row):
                        if line_breaks(value) > MAX_FIELD_LINES:
                            raise ImportFileError(UNCLOSED_QUOTE, _quote_line(start, row, index))
                last = start
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"the CSV could not be read ({exc})", start) from exc
    if last:
        _check_last_record(text, table, last)


def check_one_line(line: int, row: list[str], indexes: Iterable[int | None]) -> None:
    """Refuse the file when one of the given cells spans lines.

    A name, company or position never does: a stray quote joined the records after it into
    that cell, which would otherwise become one person with a joined-up label.
    """
    for index in indexes:
        if index is None or index >= len(row):
            continue
        value = row[index].strip()
        if "\n" in value or "\r" in value:
            raise ImportFileError(UNCLOSED_QUOTE, _quote_line(line, row, index))


def column(header: list[str], *aliases: str) -> int | None:
    """Return the index of the first alias present in the header."""
    for alias in aliases:
        folded = alias.casefold()
        if folded in header:
            return header.index(folded)
    return None


def cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


@dataclass(frozen=True, slots=True)
class ContactColumns:
    """The header aliases one CSV flavour uses for the fields Kring keeps."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    nickname: tuple[str, ...]
    full: tuple[str, ...]
    organisation: tuple[str, ...]
    occupation: tuple[str, ...]


def parse_contact_table(
    text: str,
    format_name: str,
    columns: ContactColumns,
    *,
    quadrant: str | None = None,
    one_line_fields: bool = False,
) -> Collector:
    """Read a contacts CSV into a Collector; quadrant None means guess from the company.

    one_line_fields says the format never spans lines inside a field (LinkedIn), so any
    field that does is a stray quote; otherwise only the fields Kring reads are checked.
    """
    table = find_table(text)
    header = table.header
    first_idx = column(header, *columns.first)
    last_idx = column(header, *columns.last)
    nick_idx = column(header, *columns.nickname)
    full_idx = column(header, *columns.full)
    org_idx = column(header, *columns.organisation)
    job_idx = column(header, *columns.occupation)
    if first_idx is None and nick_idx is None and full_idx is None:
        wanted = columns.first + columns.nickname + columns.full
        raise ImportFileError(
            "no column with names found; expected one of " + ", ".join(wanted),
            table.header_line,
        )
    used = {first_idx, nick_idx, full_idx, org_idx, job_idx}
    pending: dict[int, str] = {}
    for index, name in enumerate(header):
        kind = dropped_kind(name)
        if kind is not None and (index not in used or index == last_idx):
            pending[index] = kind
    if last_idx is not None:
        pending[last_idx] = SURNAMES

    collector = Collector(format_name)
    kept = (first_idx, last_idx, nick_idx, full_idx, org_idx, job_idx)
    for line, row in rows(text, table):
        if not any(value.strip() for value in row):
            continue
        check_one_line(line, row, range(len(row)) if one_line_fields else kept)
        collector.count_record(line)
        if pending:
            for index in [i for i in pending if cell(row, i)]:
                collector.dropped.add(pending.pop(index))
        first = cell(row, first_idx)
        last = cell(row, last_idx)
        nickname = cell(row, nick_idx)
        if not first and not nickname:
            first, rest = split_full_name(cell(row, full_idx))
            if rest:
                collector.dropped.add(SURNAMES)
                last = last or rest
        label = make_label(first, last, nickname)
        if not label:
            collector.skip(line, "no first name or nickname, only a surname" if last else "no name")
            continue
        collector.add(
            line=line,
            label=label,
            occupation=cell(row, job_idx),
            organisation=cell(row, org_idx),
            quadrant=quadrant,
        )
    return collector
