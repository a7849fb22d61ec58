"""Ideas of the coach in "download all my data", and back in a restore (kring.exchange).

An idea names its person and the ask it became by their ids in the same export; a restore
links them to the new contact and the new ask. The coach comes back as "your coach" without a
name: the coach belonged to the old account's organisation (as the asks' and meetings' authors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.plan.models import COACH_TEXT_MAX, AskKind, CoachSuggestion, SuggestionStatus

MAX_COACH_SUGGESTIONS = 1000
COACH_SUGGESTION_COLUMNS = [
    "contact",
    "kind",
    "text",
    "state",
    "until",
    "ask",
    "created_by_role",
    "created_by_name",
    "created_at",
]


class CoachSuggestionsRefused(ValueError):
    """The export's ideas of the coach cannot be restored; the message says why (translated)."""


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def coach_suggestions_data(user: User) -> list[dict[str, Any]]:
    """Return the coaches' ideas in `user`'s plan as plain JSON data, the oldest first."""
    ideas = (
        CoachSuggestion.objects.of(user).select_related("created_by").order_by("created_at", "id")
    )
    return [
        {
            "contact": idea.contact_id,
            "kind": idea.kind,
            "text": idea.text,
            "state": idea.state,
            "until": _iso(idea.until),
            "ask": idea.ask_id,
            # The author as role and name, as the asks name theirs: an id means nothing elsewhere.
            "created_by_role": idea.created_by.role if idea.created_by else "",
            "created_by_name": idea.coach_name,
            "created_at": _iso(idea.created_at),
        }
        for idea in ideas
    ]


@dataclass(frozen=True)
class CoachSuggestionRow:
    contact: int | None  # the contact's id in the export
    ask: int | None  # the ask's id in the export
    fields: dict[str, Any]


class _Problem(ValueError):
    pass


def _ref(record: Mapping[str, Any], name: str, known: set[int]) -> int | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value not in known:
        raise _Problem(_("“%(field)s” names something that is not in the export") % {"field": name})
    return value


def _row(record: object, contact_ids: set[int], ask_ids: set[int]) -> CoachSuggestionRow:
    if not isinstance(record, dict):
        raise _Problem(_("it is not an object"))
    kind = record.get("kind")
    if kind not in AskKind.values:
        raise _Problem(_("“%(field)s” has an unknown value") % {"field": "kind"})
    state = record.get("state") or ""
    if state not in ["", *SuggestionStatus.values]:
        raise _Problem(_("“%(field)s” has an unknown value") % {"field": "state"})
    text = record.get("text")
    if not isinstance(text, str) or not text.strip() or len(text.strip()) > COACH_TEXT_MAX:
        raise _Problem(_("“%(field)s” is empty or too long") % {"field": "text"})
    until = record.get("until")
    try:
        until_day = date.fromisoformat(until) if isinstance(until, str) else None
    except ValueError:
        raise _Problem(_("“%(field)s” is not a valid date") % {"field": "until"}) from None
    if until is not None and until_day is None:
        raise _Problem(_("“%(field)s” is not a valid date") % {"field": "until"})
    return CoachSuggestionRow(
        contact=_ref(record, "contact", contact_ids),
        ask=_ref(record, "ask", ask_ids),
        fields={"kind": kind, "text": text.strip(), "state": state, "until": until_day},
    )


def check_coach_suggestions(
    records: list[Any], *, contact_ids: set[int], ask_ids: set[int]
) -> list[CoachSuggestionRow]:
    """Return the export's ideas of the coach, every value checked.

    Raises CoachSuggestionsRefused for one bad value: the whole restore stops, nothing stored.
    """
    if len(records) > MAX_COACH_SUGGESTIONS:
        raise CoachSuggestionsRefused(
            _("This export has more than %(max)d ideas of a coach. Nothing was stored.")
            % {"max": MAX_COACH_SUGGESTIONS}
        )
    rows = []
    for number, record in enumerate(records, start=1):
        try:
            rows.append(_row(record, contact_ids, ask_ids))
        except _Problem as problem:
            raise CoachSuggestionsRefused(
                _(
                    "Idea of a coach %(number)d in this export cannot be restored: "
                    "%(problem)s. Nothing was stored."
                )
                % {"number": number, "problem": problem}
            ) from None
    return rows


def restore_coach_suggestions(
    *,
    jobseeker: User,
    rows: list[CoachSuggestionRow],
    contact_ids: Mapping[int, int],
    ask_ids: Mapping[int, int],
) -> int:
    """Store checked ideas with the new ids of their contacts and asks; return how many."""
    CoachSuggestion.objects.bulk_create(
        CoachSuggestion(
            owner=jobseeker,
            contact_id=contact_ids[row.contact] if row.contact is not None else None,
            ask_id=ask_ids.get(row.ask) if row.ask is not None else None,
            **row.fields,
        )
        for row in rows
    )
    return len(rows)
