"""Translate the parsers' plain-English refusals and reasons into the person's language.

The parsers are Django-free and speak English; the pages, the API and the command line show
these texts through gettext. An unknown text passes through unchanged, so nothing is hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.exchange.parsers import MAX_BYTES, ImportFileError

DROPPED_NAMES = {
    "phone numbers": gettext_lazy("phone numbers"),
    "e-mail addresses": gettext_lazy("e-mail addresses"),
    "addresses": gettext_lazy("addresses"),
    "photos": gettext_lazy("photos"),
    "birthdays": gettext_lazy("birthdays"),
    "notes": gettext_lazy("notes"),
    "URLs": gettext_lazy("web addresses"),
    "surnames": gettext_lazy("surnames (only the first letter is kept)"),
}

WHAT = {
    "a PNG image": gettext_lazy("a PNG image"),
    "a JPEG image": gettext_lazy("a JPEG image"),
    "a GIF image": gettext_lazy("a GIF image"),
    "a PDF document": gettext_lazy("a PDF document"),
    "a zip archive (or an Excel or Word file)": gettext_lazy(
        "a zip archive (or an Excel or Word file)"
    ),
    "an Excel or Word file": gettext_lazy("an Excel or Word file"),
    "a gzip archive": gettext_lazy("a gzip archive"),
}


def _size(match: re.Match[str]) -> str:
    return _("The file is %(size)s MB. The limit is %(limit)s MB.") % {
        "size": match["size"],
        "limit": match["limit"],
    }


def _binary_kind(match: re.Match[str]) -> str:
    what = WHAT.get(match["what"], match["what"])
    return _(
        "This is %(what)s, not a contact file. Save your contacts as CSV or vCard "
        "and upload that file."
    ) % {"what": what}


def _too_many(match: re.Match[str]) -> str:
    return _("The file has more than %(limit)s contacts. The limit is %(limit)s.") % {
        "limit": match["limit"]
    }


def _no_names(match: re.Match[str]) -> str:
    return _("No column with names found. Expected one of: %(columns)s.") % {
        "columns": match["columns"]
    }


def _fixed(text: Promise) -> Callable[[re.Match[str]], str]:
    return lambda _match: str(text)


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^the file is (?P<size>[\d.]+) MB; the limit is (?P<limit>\d+) MB$"), _size),
    (re.compile(r"^the file is empty$"), _fixed(gettext_lazy("The file is empty."))),
    (
        re.compile(r"^this is (?P<what>.+), not a contact file; export your contacts"),
        _binary_kind,
    ),
    (
        re.compile(r"^the file contains binary data, not text"),
        _fixed(
            gettext_lazy(
                "The file contains binary data, not text. Save your contacts as CSV or vCard "
                "and upload that file."
            )
        ),
    ),
    (
        re.compile(r"^the text could not be read"),
        _fixed(
            gettext_lazy(
                "The text could not be read: the character encoding is unknown. "
                "Save the file as UTF-8 and try again."
            )
        ),
    ),
    (
        re.compile(r"^the format is not recognised"),
        _fixed(
            gettext_lazy(
                "The format is not recognised: this is not a vCard or a CSV file with contacts."
            )
        ),
    ),
    (re.compile(r"^no column with names found; expected one of (?P<columns>.+)$"), _no_names),
    (
        re.compile(r"^no 'label' column found"),
        _fixed(
            gettext_lazy(
                "No 'label' column found. The Kring template starts with label,quadrant,ring."
            )
        ),
    ),
    (re.compile(r"^the file has more than (?P<limit>[\d,]+) contacts"), _too_many),
    (
        re.compile(r"^no vCard found"),
        _fixed(gettext_lazy("No vCard found: the file has no BEGIN:VCARD line.")),
    ),
    (
        re.compile(r"^the CSV could not be read"),
        _fixed(
            gettext_lazy(
                'The CSV file could not be read. Check for a quote (") that is never closed.'
            )
        ),
    ),
    (
        re.compile(r"^a quote \(\"\) opens on this line and is not closed"),
        _fixed(
            gettext_lazy(
                'A quote (") starts on this line and is not closed, so lines run together. '
                "Fix the quote in the file and try again."
            )
        ),
    ),
    (
        re.compile(r"^line has (?P<columns>[\d,]+) columns; the limit is (?P<limit>\d+)$"),
        lambda m: (
            _("A line has %(columns)s columns. The limit is %(limit)s.")
            % {"columns": m["columns"], "limit": m["limit"]}
        ),
    ),
]

_REASONS = {
    "no name": gettext_lazy("no name"),
    "no first name or nickname, only a surname": gettext_lazy(
        "no first name or nickname, only a surname"
    ),
    "a company, not a person": gettext_lazy("a company, not a person"),
    "an organisation, not a person": gettext_lazy("an organisation, not a person"),
    "a group, not a person": gettext_lazy("a group, not a person"),
    "a place, not a person": gettext_lazy("a place, not a person"),
    "no label": gettext_lazy("no name"),
    "the name could not be read (broken characters in the file)": gettext_lazy(
        "the name cannot be read (the file has broken characters here)"
    ),
    "the job title or company could not be read (broken characters in the file)": gettext_lazy(
        "the occupation or company cannot be read (the file has broken characters here)"
    ),
}


def error_text(error: ImportFileError) -> str:
    """Return the refusal as a sentence in the active language, without the line number."""
    for pattern, render in _PATTERNS:
        match = pattern.search(error.message)
        if match:
            return render(match)
    return error.message


def error_with_line(error: ImportFileError) -> str:
    """Return the refusal with the line it happened on, when there is one."""
    text = error_text(error)
    if error.line is None:
        return text
    return _("Line %(line)d: %(message)s") % {"line": error.line, "message": text}


def reason_text(reason: str) -> str:
    """Return why a record was skipped, in the active language when the reason is known."""
    known = _REASONS.get(reason)
    return str(known) if known is not None else reason


def dropped_text(kind: str) -> str:
    known = DROPPED_NAMES.get(kind)
    return str(known) if known is not None else kind


class ImportRefused(Exception):
    """A file or choice Kring refuses, with a message for the person (already translated)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def refused_file(error: ImportFileError) -> ImportRefused:
    """Return the parsers' refusal of a file as one the person reads, with its line."""
    return ImportRefused(error_with_line(error), error.line)


def refused_size(size: int) -> ImportRefused:
    """Return the refusal of a file of `size` bytes, larger than the import limit."""
    return ImportRefused(
        _("The file is %(size).1f MB. The limit is %(limit)d MB.")
        % {"size": size / 2**20, "limit": MAX_BYTES // 2**20}
    )
