"""API endpoint of the progress page: traject start, first ally, counts per moment, timeline.

The same reads and access rules as the page (kring.plan.progress): the job seeker, or a coach
with a grant (view is enough); anyone else gets 404 and a denied line in the access log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from kring.accounts.access import get_jobseeker_for
from kring.api.problems import Id
from kring.plan.progress import Event, Point, progress_of

router = Router(tags=["plan"])

# Schema names are global in the OpenAPI document (another module has a CountsOut): all of
# this module's carry "Progress".


class ProgressStartOut(Schema):
    day: dt.date
    source: Literal["grant", "joined"] = Field(
        description="grant: the first access grant to a coach of the job seeker's organisation; "
        "joined: there is none, so the day the job seeker joined"
    )


class ProgressFirstAllyOut(Schema):
    source: Literal["ask", "moment", "unknown"] = Field(
        description="ask: an ask's outcome made the person an ally on `day`; moment: the moment "
        "`label` already held an ally (so on `day` at the latest); unknown: there are allies "
        "but nothing dated says when"
    )
    day: dt.date | None
    days_from_start: int | None = Field(description="negative: before the traject started")
    label: str = Field(description="the person (ask) or the moment's name (moment)")


class ProgressCountsOut(Schema):
    supporters: int = Field(description="informal contacts in rings 1-4 with influence >= 1")
    aware: int = Field(description="informal contacts in rings 1-4 who know you are looking")
    allies: int | None = Field(
        description="informal contacts in rings 1-4 who are allies; null: the moment was saved "
        "before Kring kept who is an ally"
    )
    new_contacts: int = Field(description="informal contacts in rings 1-4 marked as new (total)")


class ProgressPointOut(Schema):
    snapshot_id: int | None = Field(description="null: the network now")
    name: str
    day: dt.date
    days_from_start: int
    counts: ProgressCountsOut | None = Field(description="null: the moment's data cannot be read")


class ProgressEventOut(Schema):
    day: dt.date
    kind: Literal["start", "ask", "outcome"]
    ask_id: int | None
    contact_label: str | None
    person_removed: bool
    ask_kind: str | None
    outcome: str | None
    made_ally: bool = Field(description="this outcome made the person an ally")
    first_ally: bool = Field(description="this outcome brought the first ally")


class ProgressOut(Schema):
    today: dt.date
    start: ProgressStartOut
    days_running: int
    first_ally: ProgressFirstAllyOut | None = Field(description="null: no ally yet")
    points: list[ProgressPointOut] = Field(description="the moments, oldest first, then now")
    events: list[ProgressEventOut] = Field(description="oldest first")
    outcomes: dict[str, int] = Field(description="the number of asks per outcome (not zero)")


def _point(point: Point) -> dict[str, Any]:
    counts = point.counts
    return {
        "snapshot_id": point.snapshot_id,
        "name": point.name,
        "day": point.day,
        "days_from_start": point.days_from_start,
        "counts": None if counts is None else vars(counts),
    }


def _event(event: Event) -> dict[str, Any]:
    ask = event.ask
    return {
        "day": event.day,
        "kind": event.kind,
        "ask_id": ask.pk if ask else None,
        "contact_label": ask.contact_label if ask else None,
        "person_removed": ask.person_removed if ask else False,
        "ask_kind": ask.kind if ask else None,
        "outcome": ask.outcome if ask and event.kind == "outcome" else None,
        "made_ally": event.made_ally,
        "first_ally": event.first_ally,
    }


@router.get(
    "/jobseekers/{jobseeker_id}/progress",
    response=ProgressOut,
    summary="Progress: traject start, the first ally, counts per moment and now, the timeline",
)
def progress(request: HttpRequest, jobseeker_id: Id) -> dict[str, Any]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="progress").jobseeker
    found = progress_of(jobseeker, today=timezone.localdate())
    first = found.first_ally
    return {
        "today": found.today,
        "start": vars(found.start),
        "days_running": found.days_running,
        "first_ally": None if first is None else vars(first),
        "points": [_point(point) for point in found.points],
        "events": [_event(event) for event in found.events],
        "outcomes": dict(found.outcomes),
    }
