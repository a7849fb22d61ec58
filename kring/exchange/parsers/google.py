"""Google Contacts CSV ("Google CSV" export), current and older column names."""

from __future__ import annotations

from .common import ParseResult
from .tabular import ContactColumns, parse_contact_table

COLUMNS = ContactColumns(
    first=("First Name", "Given Name"),
    last=("Last Name", "Family Name"),
    nickname=("Nickname", "Short Name"),
    full=("Name", "File As"),
    organisation=("Organization Name", "Organization 1 - Name"),
    occupation=("Organization Title", "Organization 1 - Title"),
)


def parse_text(text: str) -> ParseResult:
    """Return the contacts in a Google Contacts CSV export."""
    return parse_contact_table(text, "google", COLUMNS).result()
