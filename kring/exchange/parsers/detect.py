"""The single entry point: recognise a contact file's format and parse it."""

from __future__ import annotations

from collections.abc import Callable

from . import google, kring, linkedin, outlook, vcard
from .common import FORMATS, ImportFileError, ParseResult
from .tabular import find_table, looks_like_csv
from .text import decode

_PARSERS: dict[str, Callable[[str], ParseResult]] = {
    "vcard": vcard.parse_text,
    "linkedin": linkedin.parse_text,
    "google": google.parse_text,
    "outlook": outlook.parse_text,
    "kring": kring.parse_text,
}
_LINKEDIN = frozenset({"connected on", "position"})
_GOOGLE = frozenset(
    {
        "given name",
        "family name",
        "organization 1 - name",
        "organization name",
        "organization title",
        "e-mail 1 - value",
        "phone 1 - value",
        "group membership",
        "labels",
        "file as",
        "name prefix",
    }
)
_OUTLOOK = frozenset(
    {
        "job title",
        "company",
        "e-mail address",
        "business phone",
        "mobile phone",
        "voornaam",
        "achternaam",
        "bedrijf",
        "functie",
    }
)
_VCARD_EXTENSIONS = (".vcf", ".vcard")


def _is_vcard(text: str, filename: str) -> bool:
    lines = [line.strip().upper() for line in text[:65536].splitlines() if line.strip()]
    if lines and lines[0].startswith("BEGIN:VCARD"):
        return True
    return filename.lower().endswith(_VCARD_EXTENSIONS) and "BEGIN:VCARD" in lines[:50]


def _detect_text(text: str, filename: str) -> str:
    if _is_vcard(text, filename):
        return "vcard"
    try:
        table = find_table(text)
    except ImportFileError:
        if looks_like_csv(text):
            raise
        raise ImportFileError(
            "the format is not recognised: this is not a vCard or a CSV file with contacts"
        ) from None
    header = set(table.header)
    if "label" in header and {"quadrant", "ring"} & header:
        return "kring"
    if header & _LINKEDIN or (table.preamble and "url" in header):
        return "linkedin"
    if header & _GOOGLE:
        return "google"
    # Outlook's reader also serves any other CSV with First Name / Last Name columns.
    return "outlook"


def detect_format(data: bytes, filename: str = "") -> str:
    """Return the format of a contact file: vcard, linkedin, google, outlook or kring.

    Raises ImportFileError for files that are refused or not recognised.
    """
    text, _encoding = decode(bytes(data))
    return _detect_text(text, filename)


def parse(data: bytes, *, format: str = "auto", filename: str = "") -> ParseResult:
    """Return the contacts in an uploaded contact file, ready for the import preview.

    format is "auto" or one of FORMATS; a chosen format overrides detection. Works in
    memory only. Raises ImportFileError (a ValueError) for any file Kring refuses.
    """
    if format != "auto" and format not in FORMATS:
        raise ImportFileError(
            f"unknown format '{format[:40]}'; choose auto or one of " + ", ".join(FORMATS)
        )
    text, encoding = decode(bytes(data))
    chosen = _detect_text(text, filename) if format == "auto" else format
    result = _PARSERS[chosen](text)
    result.encoding = encoding
    return result
