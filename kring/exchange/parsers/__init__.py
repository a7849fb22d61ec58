"""Django-free parsers for uploaded contact files (vCard and CSV exports).

Use :func:`parse` on the uploaded bytes; it returns a :class:`ParseResult` for the
preview or raises :class:`ImportFileError` with a message for the user. See docs/imports.md.
"""

from .common import (
    DROPPABLE,
    FORMATS,
    MAX_BYTES,
    MAX_CONTACTS,
    ImportFileError,
    ParsedContact,
    ParseResult,
    Skipped,
    contact_key,
)
from .detect import detect_format, parse

__all__ = [
    "DROPPABLE",
    "FORMATS",
    "MAX_BYTES",
    "MAX_CONTACTS",
    "ImportFileError",
    "ParseResult",
    "ParsedContact",
    "Skipped",
    "contact_key",
    "detect_format",
    "parse",
]
