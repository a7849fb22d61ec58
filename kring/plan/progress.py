"""Progress: the asks and their outcomes over time, and how the network changed between moments.

Four counts are taken at every saved moment (the network frozen on that day) and now, over the
same people as the indicators: the informal contacts in rings 1–4 (DOMAIN.md §4, the set A).
They are plain counts of the moment's data, so a moment and "now" are read the same way:

- supporters: influence 1 or more (the `supportive` indicator);
- aware: knows_searching is yes (the numerator of `aware_share`);
- allies: ally (the `allies` indicator), or None for a moment saved before Kring kept who is an
  ally (none of its contacts holds the field): such a moment cannot say, and 0 would be a lie;
- new contacts: is_new, the people marked as new or met through an ask. A total at that moment,
  not the new ones since the moment before.

The traject starts on the day the job seeker first gave a coach of their own organisation
access (a grant, even one stopped later), or, without one, on the day they joined Kring.
The first ally is the earliest of: an ask whose outcome made the person an ally (AGREED), and
a moment that already held an ally (then the ally came on that day at the latest).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from django.db.models import F, Min
from django.utils import timezone

from kring.accounts.models import AccessGrant, User
from kring.network.models import FORMAL_ROLES, Contact, Snapshot
from kring.network.moments import MomentError, check_moment
from kring.plan.models import AGREED, Ask, Outcome

# The contact fields the counts read, from a moment's data or the stored contacts.
COUNTED_FIELDS = ("ring", "role", "influence", "knows_searching", "ally", "is_new")

StartSource = Literal["grant", "joined"]
AllySource = Literal["ask", "moment", "unknown"]
EventKind = Literal["start", "ask", "outcome"]


@dataclass(frozen=True)
class Counts:
    """What the network held at one point: counts over the informal contacts in rings 1–4."""

    supporters: int
    aware: int
    allies: int | None  # None: the moment was saved before Kring kept who is an ally
    new_contacts: int


def count(contacts: Iterable[Mapping[str, Any]]) -> Counts:
    """Return the four counts of a network given as contact dicts (a moment's, or stored rows)."""
    supporters = aware = allies = new_contacts = 0
    people = 0
    ally_kept = False
    for contact in contacts:
        people += 1
        ally_kept = ally_kept or "ally" in contact
        if not contact.get("ring") or contact.get("role") in FORMAL_ROLES:
            continue
        supporters += (contact.get("influence") or 0) >= 1
        aware += contact.get("knows_searching") == "yes"
        allies += bool(contact.get("ally"))
        new_contacts += bool(contact.get("is_new"))
    return Counts(supporters, aware, allies if ally_kept or not people else None, new_contacts)


@dataclass(frozen=True)
class Point:
    """The network at one moment, or now (`snapshot_id` None)."""

    name: str
    day: date
    days_from_start: int
    counts: Counts | None  # None: the moment's data cannot be read
    snapshot_id: int | None = None

    @property
    def is_now(self) -> bool:
        return self.snapshot_id is None


@dataclass(frozen=True)
class Start:
    """When the traject began, and what that day is: the first grant, or joining Kring."""

    day: date
    source: StartSource


@dataclass(frozen=True)
class FirstAlly:
    """When the first ally came, as far as Kring can tell.

    `source` "ask": the outcome of an ask to `label` on `day`; "moment": the moment `label`
    already held an ally on `day` (so it came then at the latest); "unknown": there are allies
    but nothing dated says when (for instance a restored network without its asks).
    """

    source: AllySource
    day: date | None = None
    days_from_start: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Event:
    """One line of the timeline: the start, an ask, or its outcome."""

    day: date
    kind: EventKind
    ask: Ask | None = None
    made_ally: bool = False
    first_ally: bool = False


@dataclass(frozen=True)
class Progress:
    today: date
    start: Start
    days_running: int
    first_ally: FirstAlly | None  # None: no ally yet
    points: list[Point]  # the moments, oldest first, then now
    events: list[Event]  # oldest first
    outcomes: list[tuple[str, int]]  # (outcome value, number of asks), in the model's order

    @property
    def asks(self) -> int:
        return sum(1 for event in self.events if event.kind == "ask")


def traject_start(jobseeker: User) -> Start:
    """Return the day of the first grant to a coach of the job seeker's organisation, or joining."""
    return traject_starts([jobseeker])[jobseeker.pk]


def traject_starts(jobseekers: Sequence[User]) -> dict[int, Start]:
    """Return each job seeker's traject start by id, as traject_start does, in one query."""
    first = dict(
        AccessGrant.objects.filter(
            jobseeker__in=[j.pk for j in jobseekers if j.organisation_id is not None],
            coach__organisation_id=F("jobseeker__organisation_id"),
        )
        .order_by()
        .values("jobseeker_id")
        .annotate(first=Min("created_at"))
        .values_list("jobseeker_id", "first")
    )
    return {
        j.pk: Start(timezone.localdate(first[j.pk]), "grant")
        if j.pk in first
        else Start(timezone.localdate(j.date_joined), "joined")
        for j in jobseekers
    }


def _moment_points(jobseeker: User, start: date) -> list[Point]:
    points = []
    moments = (
        Snapshot.objects.filter(owner=jobseeker)
        .order_by("taken_at", "id")
        .values_list("id", "name", "taken_at", "data")
    )
    for snapshot_id, name, taken_at, data in moments:
        day = timezone.localdate(taken_at)
        try:
            counts: Counts | None = count(check_moment(data).get("contacts") or [])
        except MomentError:
            counts = None  # stored before moments were checked: shown as "cannot be read"
        points.append(Point(name, day, (day - start).days, counts, snapshot_id))
    return points


def _first_ally(
    asks: list[Ask], points: list[Point], allies_now: int, start: date
) -> tuple[FirstAlly | None, int | None]:
    """Return the first ally and the id of the ask that made it (if an ask did)."""
    candidates: list[tuple[date, int, FirstAlly, int | None]] = []
    for ask in asks:
        if ask.outcome in AGREED and ask.outcome_on is not None:
            found = FirstAlly(
                "ask", ask.outcome_on, (ask.outcome_on - start).days, ask.contact_label
            )
            candidates.append((ask.outcome_on, 0, found, ask.pk))
    for point in points:
        if not point.is_now and point.counts is not None and point.counts.allies:
            found = FirstAlly("moment", point.day, point.days_from_start, point.name)
            candidates.append((point.day, 1, found, None))
            break  # the moments are oldest first
    if candidates:
        # The earliest day; on one day an ask says more than a moment.
        _day, _order, found, ask_id = min(candidates, key=lambda c: (c[0], c[1]))
        return found, ask_id
    if allies_now:
        return FirstAlly("unknown"), None
    return None, None


def _events(asks: list[Ask], start: Start, first_ally_ask: int | None) -> list[Event]:
    events = [Event(start.day, "start")]
    for ask in asks:
        events.append(Event(ask.asked_on, "ask", ask))
        if ask.outcome != Outcome.PENDING and ask.outcome_on is not None:
            made_ally = ask.outcome in AGREED
            events.append(
                Event(ask.outcome_on, "outcome", ask, made_ally, ask.pk == first_ally_ask)
            )
    order = {"start": 0, "ask": 1, "outcome": 2}
    # Stable: on one day the start comes first, then asks, then outcomes, each by ask id.
    events.sort(key=lambda e: (e.day, order[e.kind], e.ask.pk if e.ask is not None else 0))
    # "Is now an ally" once per person: a second agreement of an ally makes nobody new one.
    allies: set[int | str] = set()
    for position, event in enumerate(events):
        if event.made_ally and event.ask is not None:
            person = event.ask.contact_id or event.ask.contact_label
            if person in allies:
                events[position] = replace(event, made_ally=False)
            allies.add(person)
    return events


def progress_of(jobseeker: User, *, today: date) -> Progress:
    """Return the job seeker's progress: start, first ally, counts per moment and now, timeline."""
    start = traject_start(jobseeker)
    asks = list(Ask.objects.of(jobseeker).order_by("asked_on", "id"))
    points = _moment_points(jobseeker, start.day)
    now = count(Contact.objects.filter(owner=jobseeker).values(*COUNTED_FIELDS))
    points.append(Point("", today, (today - start.day).days, now))
    first_ally, first_ally_ask = _first_ally(asks, points, now.allies or 0, start.day)
    tally = Counter(ask.outcome for ask in asks)
    return Progress(
        today=today,
        start=start,
        days_running=(today - start.day).days,
        first_ally=first_ally,
        points=points,
        events=_events(asks, start, first_ally_ask),
        outcomes=[(value, tally[value]) for value in Outcome.values if tally[value]],
    )
