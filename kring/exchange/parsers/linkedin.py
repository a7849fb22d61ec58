"""LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data).

The export starts with a few lines of "Notes:" before the real header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; rows can have
empty names or only a date. Every connection is placed in work, school & club.
"""

from __future__ import annotations

from .common import ParseResult
from .tabular import ContactColumns, parse_contact_table

COLUMNS = ContactColumns(
    first=("First Name",),
    last=("Last Name",),
    nickname=(),
    full=(),
    organisation=("Company",),
    occupation=("Position",),
)


def parse_text(text: str) -> ParseResult:
    """Return the connections in a LinkedIn export."""
    # LinkedIn writes every connection on one line, so a field over more lines is a stray quote.
    return parse_contact_table(
        text, "linkedin", COLUMNS, quadrant="work_school_club", one_line_fields=True
    ).result()
