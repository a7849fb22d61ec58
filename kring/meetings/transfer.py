"""Network meetings in "download all my data", and back in a restore (kring.exchange).

Contacts and asks are named by their ids in the same export ("contacts", "asks"); a restore
maps those to the new ids. Every value is checked before anything is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.meetings.models import (
    AGENDA_MAX,
    EVALUATION_MAX,
    PLACE_MAX,
    QUESTION_MAX,
    TASK_MAX,
    CircleMeeting,
    Invitee,
    PlanItem,
    Who,
)

MAX_MEETINGS = 200
MAX_ROWS_PER_MEETING = 500


class MeetingsRefused(ValueError):
    """The export's meetings cannot be restored; the message says why (already translated)."""


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def meetings_data(user: User) -> list[dict[str, Any]]:
    """Return `user`'s network meetings with their lists and plans, as plain JSON data."""
    meetings = (
        CircleMeeting.objects.of(user)
        .prefetch_related("invitees", "items")
        .select_related("created_by")
        .order_by("id")
    )
    return [
        {
            "question": meeting.question,
            "meets_on": _iso(meeting.meets_on),
            "starts_at": _iso(meeting.starts_at),
            "place": meeting.place,
            "agenda": meeting.agenda,
            "evaluate_on": _iso(meeting.evaluate_on),
            "evaluated_on": _iso(meeting.evaluated_on),
            "evaluation": meeting.evaluation,
            "created_by_role": meeting.created_by.role if meeting.created_by else "",
            "invitees": [
                {
                    "contact": invitee.contact_id,
                    "suggested_by": invitee.suggested_by_id,
                    "ask": invitee.ask_id,
                }
                for invitee in meeting.invitees.all()
            ],
            "items": [
                {
                    "who": item.who,
                    "contact": item.contact_id,
                    "task": item.task,
                    "due_on": _iso(item.due_on),
                    "done_on": _iso(item.done_on),
                    "ask": item.ask_id,
                }
                for item in meeting.items.all()
            ],
        }
        for meeting in meetings
    ]


MEETING_COLUMNS = ["question", "meets_on", "starts_at", "place", "evaluate_on", "evaluated_on"]
ITEM_COLUMNS = ["meeting", "who", "contact", "task", "due_on", "done_on"]


def item_rows(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return every plan line of `meetings_data` with its meeting's question, for a CSV file."""
    return [{"meeting": m["question"], **item} for m in meetings for item in m["items"]]


class _Problem(ValueError):
    pass


def _text(record: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = record.get(name) or ""
    if not isinstance(value, str):
        raise _Problem(_("“%(field)s” must be text") % {"field": name})
    value = value.strip()
    if len(value) > limit or (required and not value):
        raise _Problem(_("“%(field)s” is empty or too long") % {"field": name})
    return value


def _day(record: Mapping[str, Any], name: str, *, required: bool = False) -> date | None:
    value = record.get(name)
    if value is None and not required:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else date.fromisoformat("")
    except ValueError:
        raise _Problem(_("“%(field)s” is not a valid date") % {"field": name}) from None


def _time(record: Mapping[str, Any], name: str) -> time | None:
    value = record.get(name)
    if value is None:
        return None
    try:
        return time.fromisoformat(value) if isinstance(value, str) else time.fromisoformat("")
    except ValueError:
        raise _Problem(_("“%(field)s” is not a valid time") % {"field": name}) from None


def _ref(
    record: Mapping[str, Any], name: str, known: set[int], *, required: bool = False
) -> int | None:
    value = record.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value not in known:
        raise _Problem(_("“%(field)s” names something that is not in the export") % {"field": name})
    return value


def _list(record: Mapping[str, Any], name: str) -> list[Any]:
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ROWS_PER_MEETING:
        raise _Problem(_("“%(field)s” must be a list") % {"field": name})
    return value


@dataclass
class MeetingRow:
    fields: dict[str, Any]
    by_jobseeker: bool
    invitees: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)


def check_meetings(
    records: list[Any], *, contact_ids: set[int], ask_ids: set[int]
) -> list[MeetingRow]:
    """Return the export's meetings, every value checked; MeetingsRefused for one bad value."""
    if len(records) > MAX_MEETINGS:
        raise MeetingsRefused(
            _("This export has more than %(max)d network meetings. Nothing was stored.")
            % {"max": MAX_MEETINGS}
        )
    rows = []
    used_asks: set[int] = set()  # an ask is one invitation or one task, never two

    def ask_once(record: Mapping[str, Any]) -> int | None:
        ask = _ref(record, "ask", ask_ids)
        if ask is not None and ask in used_asks:
            raise _Problem(_("an ask belongs to two lines"))
        if ask is not None:
            used_asks.add(ask)
        return ask

    for number, record in enumerate(records, start=1):
        try:
            if not isinstance(record, dict):
                raise _Problem(_("it is not an object"))
            row = MeetingRow(
                fields={
                    "question": _text(record, "question", QUESTION_MAX, required=True),
                    "meets_on": _day(record, "meets_on"),
                    "starts_at": _time(record, "starts_at"),
                    "place": _text(record, "place", PLACE_MAX),
                    "agenda": _text(record, "agenda", AGENDA_MAX),
                    "evaluate_on": _day(record, "evaluate_on"),
                    "evaluated_on": _day(record, "evaluated_on"),
                    "evaluation": _text(record, "evaluation", EVALUATION_MAX),
                },
                by_jobseeker=record.get("created_by_role") == "jobseeker",
            )
            listed: set[int] = set()
            for invitee in _list(record, "invitees"):
                if not isinstance(invitee, dict):
                    raise _Problem(_("it is not an object"))
                contact = _ref(invitee, "contact", contact_ids, required=True)
                assert contact is not None
                if contact in listed:
                    raise _Problem(_("a person is on the list twice"))
                listed.add(contact)
                row.invitees.append(
                    {
                        "contact": contact,
                        "suggested_by": _ref(invitee, "suggested_by", contact_ids),
                        "ask": ask_once(invitee),
                    }
                )
            for item in _list(record, "items"):
                if not isinstance(item, dict):
                    raise _Problem(_("it is not an object"))
                who = item.get("who")
                if who not in Who.values:
                    raise _Problem(_("“%(field)s” has an unknown value") % {"field": "who"})
                row.items.append(
                    {
                        "who": who,
                        "contact": _ref(item, "contact", contact_ids),
                        "task": _text(item, "task", TASK_MAX, required=True),
                        "due_on": _day(item, "due_on", required=True),
                        "done_on": _day(item, "done_on"),
                        "ask": ask_once(item),
                    }
                )
        except _Problem as problem:
            raise MeetingsRefused(
                _(
                    "Network meeting %(number)d in this export cannot be restored: "
                    "%(problem)s. Nothing was stored."
                )
                % {"number": number, "problem": problem}
            ) from None
        rows.append(row)
    return rows


def restore_meetings(
    *,
    jobseeker: User,
    rows: list[MeetingRow],
    contact_ids: Mapping[int, int],
    ask_ids: Mapping[int, int],
) -> int:
    """Store checked meetings with the new ids of their contacts and asks; return how many.

    Like the asks, the job seeker's own meetings stay theirs; a coach's come back without an
    author (the coach belonged to the old account's organisation).
    """

    def new(ids: Mapping[int, int], old: int | None) -> int | None:
        return ids[old] if old is not None else None

    for row in rows:
        meeting = CircleMeeting.objects.create(
            owner=jobseeker, created_by=jobseeker if row.by_jobseeker else None, **row.fields
        )
        Invitee.objects.bulk_create(
            Invitee(
                meeting=meeting,
                contact_id=contact_ids[invitee["contact"]],
                suggested_by_id=new(contact_ids, invitee["suggested_by"]),
                ask_id=new(ask_ids, invitee["ask"]),
            )
            for invitee in row.invitees
        )
        PlanItem.objects.bulk_create(
            PlanItem(
                meeting=meeting,
                who=item["who"],
                contact_id=new(contact_ids, item["contact"]),
                task=item["task"],
                due_on=item["due_on"],
                done_on=item["done_on"],
                ask_id=new(ask_ids, item["ask"]),
            )
            for item in row.items
        )
    return len(rows)
