"""The caseload's words: labels of its filters, orders and lights, and its messages."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.coaching.caseload import FILTERS, QUIET_DAYS, SORTS, CaseloadRow


def filter_choices() -> list[tuple[str, str]]:
    """Return (value, label) of every filter, in the order the page shows them."""
    labels = {
        "red": _("red"),
        "orange": _("orange"),
        "green": _("green"),
        "unknown": _("no light yet"),
        "quiet": _("nothing happened for %(days)d days") % {"days": QUIET_DAYS},
        "overdue": _("follow-up overdue"),
    }
    return [(key, labels[key]) for key in FILTERS]


def sort_choices() -> list[tuple[str, str]]:
    """Return (value, label) of every order."""
    labels = {
        "light": _("red first"),
        "name": _("name"),
        "activity": _("longest quiet first"),
        "overdue": _("most overdue first"),
        "change": _("fewest new supporters first"),
    }
    return [(key, labels[key]) for key in SORTS]


def light_label(light: str) -> str:
    return {"red": _("red"), "orange": _("orange"), "green": _("green")}.get(
        light, _("not known yet")
    )


def ignored_message(values: Sequence[str]) -> str:
    """Return the sentence that says which filter or order values were left out."""
    return ngettext(
        "We do not know this choice, so we left it out: %(values)s.",
        "We do not know these choices, so we left them out: %(values)s.",
        len(values),
    ) % {"values": ", ".join(f"“{value}”" for value in values)}


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else str(number).replace("-", "−")


def change_text(row: CaseloadRow) -> str:
    """Return what changed since the last moment in a few words, or '' without a moment."""
    if row.moment_at is None:
        return ""
    if row.supportive_change is None and row.allies_change is None and not row.previous_light:
        # A moment saved before moments kept their numbers: Kring cannot compare it yet.
        return _("not known")
    parts = []
    if row.supportive_change:
        parts.append(_("support %(change)s") % {"change": _signed(row.supportive_change)})
    if row.allies_change:
        parts.append(_("allies %(change)s") % {"change": _signed(row.allies_change)})
    if row.previous_light and row.previous_light != row.light:
        parts.append(_("was %(light)s") % {"light": light_label(row.previous_light)})
    return ", ".join(parts) or _("no change")
