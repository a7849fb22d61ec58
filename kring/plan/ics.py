"""iCalendar text (RFC 5545) for follow-ups, written here: a few all-day events need no library.

Only the first-name label of the contact goes in; notes and other details stay in Kring.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext as _

from kring.plan.models import Ask

# RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF and one space).
FOLD_OCTETS = 75


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character in two."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = FOLD_OCTETS - 1  # a continuation line starts with one space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def summary(ask: Ask) -> str:
    return _("Ask to %(name)s: follow up") % {"name": ask.contact_label}


def calendar(asks: Iterable[Ask], *, name: str, host: str) -> str:
    """Return a VCALENDAR with one all-day VEVENT per ask that has a follow-up date."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kring//Follow-ups//NL",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for ask in asks:
        if ask.follow_up is None:
            continue
        end = ask.follow_up + timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:ask-{ask.pk}-follow-up@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{ask.follow_up:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{escape(summary(ask))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
