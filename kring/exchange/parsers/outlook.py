"""Outlook contacts CSV, with English or Dutch headers, comma or semicolon separated.

Also reads any other contacts CSV with First Name / Last Name style columns.
"""

from __future__ import annotations

from .common import ParseResult
from .tabular import ContactColumns, parse_contact_table

COLUMNS = ContactColumns(
    first=("First Name", "Voornaam"),
    last=("Last Name", "Achternaam"),
    nickname=("Nickname", "Bijnaam"),
    full=("Name", "Naam", "Display Name", "Weergavenaam"),
    organisation=("Company", "Bedrijf"),
    occupation=("Job Title", "Functie"),
)


def parse_text(text: str) -> ParseResult:
    """Return the contacts in an Outlook CSV export."""
    return parse_contact_table(text, "outlook", COLUMNS).result()
