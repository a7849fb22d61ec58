"""The organisation's results, without exposing anyone (issue 13; docs/coaching.md).

Everything here reads stored rows with SQL aggregation: the current summaries, the summary of
each job seeker's first moment (their intake) and the asks. Nothing recomputes a network.

Small numbers: no number that rests on fewer than SMALL_GROUP people is shown or exported.
A count of events (say, jobs found) rests on the job seekers it is about, so a cell is hidden
when fewer than SMALL_GROUP distinct job seekers are behind it. Hiding one cell is not enough
when a shown total minus shown parts gives it back, so:

- a quarter is the sum of its three months: a quarter is hidden when one of its months is
  hidden and another is shown (quarter minus the shown months would give the hidden one);
- a share ("x of the job seekers have an ally") is hidden when either side is a small group;
- the count of job seekers with an intake is hidden when the rest is a small group (the total
  minus it would be small);
- periods are fixed calendar months and quarters of one year, and only periods that have
  ended are shown, so two requests cannot cut a period in different places;
- there are no other filters (by coach, team or district) to difference against each other.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth, TruncQuarter
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from kring.accounts.access import request_user
from kring.accounts.models import Organisation, Role, User
from kring.core.audit import log_access
from kring.core.models import Result
from kring.network.models import IndicatorSummary, Snapshot
from kring.plan.models import AGREED, Ask, AskKind, Outcome

SMALL_GROUP = 10
By = Literal["month", "quarter"]
BY_CHOICES: tuple[By, ...] = ("month", "quarter")
FIRST_YEAR = 2000
LAST_YEAR = 2100

# The measures of the period table: what is counted, on which date, and how it is named.
# Tips and introductions are asks for them that the person agreed to; a "new contact" outcome
# is an introduction whatever was asked.
_TIPS = Q(kind=AskKind.JOB_LEADS, outcome__in=AGREED)
_INTRODUCTIONS = Q(outcome=Outcome.NEW_CONTACT) | Q(kind=AskKind.INTRODUCTION, outcome__in=AGREED)
OUTCOME_MEASURES: dict[str, Q] = {
    "tips": _TIPS,
    "introductions": _INTRODUCTIONS,
    "interviews": Q(outcome=Outcome.INTERVIEW),
    "job_offers": Q(outcome=Outcome.JOB_OFFER),
    "jobs": Q(outcome=Outcome.JOB),
}
MEASURES = ("asks", *OUTCOME_MEASURES)
MEASURE_LABELS = {
    "asks": _("Asks made"),
    "tips": _("Tips about jobs"),
    "introductions": _("Introductions"),
    "interviews": _("Job interviews"),
    "job_offers": _("Job offers"),
    "jobs": _("Jobs found"),
}


@dataclass(frozen=True)
class Cell:
    """One published number: the value, or None when it rests on too few people."""

    value: int | None
    people: int  # never published: the number of distinct job seekers behind the value

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day
    label: str
    cells: dict[str, Cell]

    @property
    def empty(self) -> bool:
        return all(cell.people == 0 for cell in self.cells.values())


@dataclass(frozen=True)
class Overview:
    """Where the organisation's job seekers stand now, against their intake."""

    job_seekers: int | None
    with_intake: int | None
    supportive_at_intake: float | None
    supportive_now: float | None
    allies_at_intake: float | None
    allies_now: float | None
    share_with_ally: float | None  # 0..1, now
    share_with_ally_at_intake: float | None


@dataclass(frozen=True)
class Results:
    year: int
    by: By
    overview: Overview
    periods: list[Period] = field(default_factory=list)
    # Why the period table is empty: "not_ended" (no period of the year has ended yet),
    # "no_data" (no asks in the year), or "" when it has rows.
    empty_reason: str = ""

    @property
    def hidden_cells(self) -> int:
        return sum(cell.hidden for period in self.periods for cell in period.cells.values())


def organisation_admin_for(request: HttpRequest, *, action: str, object_type: str) -> User:
    """Return the request's user if they are an organisation admin; else 404, logged as denied.

    A page that is not yours does not exist for you. The caller logs the allowed access with
    `log_organisation_access` once it reads data, so every request leaves one entry at most.
    """
    user = request_user(request)
    if not user.has_role(Role.ADMIN):
        _log(request, user, action=action, object_type=object_type, result=Result.DENIED)
        raise Http404
    return user


def log_organisation_access(
    request: HttpRequest, admin: User, *, action: str, object_type: str
) -> None:
    """Write that `admin` read (or exported) the organisation's `object_type`."""
    _log(request, admin, action=action, object_type=object_type, result=Result.ALLOWED)


def _log(request: HttpRequest, user: User, *, action: str, object_type: str, result: str) -> None:
    log_access(
        actor=user,
        subject_id=None,
        action=action,
        result=result,
        object_type=object_type,
        object_id=user.organisation_id or "",
        request=request,
    )


def default_year(today: date) -> int:
    """Return the year of the last month that has ended."""
    return today.year if today.month > 1 else today.year - 1


def organisation_results(organisation: Organisation, *, year: int, by: By, today: date) -> Results:
    """Return the results of `organisation` for `year`, per month or quarter, small numbers hidden."""
    job_seekers = _job_seekers(organisation)
    overview = _overview(job_seekers)
    starts = [start for start in _period_starts(year, by) if _period_end(start, by) < today]
    if not starts:
        return Results(year, by, overview, empty_reason="not_ended")
    last_day = _period_end(starts[-1], by)
    months = _counts(job_seekers, date(year, 1, 1), last_day, "month")
    if by == "month":
        periods = [_period(start, "month", months.get(start, {})) for start in starts]
    else:
        quarters = _counts(job_seekers, date(year, 1, 1), last_day, "quarter")
        periods = [
            _quarter(start, quarters.get(start, {}), [months.get(m, {}) for m in _months_of(start)])
            for start in starts
        ]
    if all(period.empty for period in periods):
        return Results(year, by, overview, periods=[], empty_reason="no_data")
    return Results(year, by, overview, periods=periods)


def _job_seekers(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(organisation=organisation, role=Role.JOBSEEKER, is_active=True)


# --- the overview -------------------------------------------------------------------------


def _overview(job_seekers: QuerySet[User]) -> Overview:
    # Two plain reads, joined here: each job seeker's (supportive, allies) now, and the same
    # two numbers stored with their first moment. The database picks the first moment (the
    # earliest, ties by id) and both reads come from narrow indexes, not the wide summary
    # rows (docs/coaching.md, "Speed").
    current = {
        jobseeker_id: (supportive, allies)
        for jobseeker_id, supportive, allies in IndicatorSummary.objects.filter(
            snapshot=None, jobseeker__in=job_seekers
        )
        .values_list("jobseeker_id", "supportive", "allies")
        .order_by()
    }
    first_moments = (
        Snapshot.objects.filter(owner__in=job_seekers)
        .annotate(
            nth=Window(RowNumber(), partition_by=F("owner_id"), order_by=[F("taken_at"), F("id")])
        )
        .filter(nth=1)
        .values("id")
    )
    at_intake = (
        IndicatorSummary.objects.filter(snapshot__in=first_moments)
        .values_list("jobseeker_id", "supportive", "allies")
        .order_by()
    )
    # (supportive now, allies now, supportive at intake, allies at intake) per job seeker.
    paired = [
        (*current[jobseeker_id], supportive, allies)
        for jobseeker_id, supportive, allies in at_intake
        if jobseeker_id in current
    ]
    everyone = len(current)
    if everyone < SMALL_GROUP:
        return Overview(None, None, None, None, None, None, None, None)
    with_ally = sum(1 for _supportive, allies in current.values() if allies >= 1)
    shown_pairs = len(paired) >= SMALL_GROUP
    return Overview(
        job_seekers=everyone,
        with_intake=_part_of(len(paired), everyone),
        supportive_at_intake=_median(row[2] for row in paired) if shown_pairs else None,
        supportive_now=_median(row[0] for row in paired) if shown_pairs else None,
        allies_at_intake=_median(row[3] for row in paired) if shown_pairs else None,
        allies_now=_median(row[1] for row in paired) if shown_pairs else None,
        share_with_ally=_share(with_ally, everyone),
        share_with_ally_at_intake=(
            _share(sum(1 for row in paired if row[3] >= 1), len(paired)) if shown_pairs else None
        ),
    )


def _median(values: Iterable[int]) -> float:
    return float(statistics.median(values))


def _small(count: int) -> bool:
    """Whether a group of `count` people is too small to publish (nobody at all is not)."""
    return 0 < count < SMALL_GROUP


def _part_of(part: int, whole: int) -> int | None:
    """Return `part` if neither it nor the rest of `whole` is a small group."""
    return None if _small(part) or _small(whole - part) else part


def _share(part: int, whole: int) -> float | None:
    """Return part / whole, or None when the whole, the part or the rest is a small group."""
    if whole < SMALL_GROUP or _part_of(part, whole) is None:
        return None
    return part / whole


# --- the period table ---------------------------------------------------------------------

Counts = dict[date, dict[str, tuple[int, int]]]  # period start -> measure -> (events, people)


def _counts(job_seekers: QuerySet[User], first: date, last: date, by: By) -> Counts:
    """Return the events and distinct job seekers per period and measure, in two queries."""
    trunc = TruncMonth if by == "month" else TruncQuarter
    asks = Ask.objects.filter(owner__in=job_seekers)
    found: Counts = {}
    made = (
        asks.filter(asked_on__gte=first, asked_on__lte=last)
        .annotate(period=trunc("asked_on"))
        .values("period")
        .annotate(events=Count("id"), people=Count("owner_id", distinct=True))
        .order_by()
    )
    for row in made:
        found.setdefault(_as_date(row["period"]), {})["asks"] = (row["events"], row["people"])
    aggregates: dict[str, Any] = {}
    for name, condition in OUTCOME_MEASURES.items():
        aggregates[f"{name}_events"] = Count("id", filter=condition)
        aggregates[f"{name}_people"] = Count("owner_id", filter=condition, distinct=True)
    outcomes = (
        asks.filter(outcome_on__gte=first, outcome_on__lte=last, outcome__in=AGREED)
        .annotate(period=trunc("outcome_on"))
        .values("period")
        .annotate(**aggregates)
        .order_by()
    )
    for outcome_row in outcomes:
        counted: dict[str, Any] = dict(outcome_row)
        cells = found.setdefault(_as_date(counted["period"]), {})
        for name in OUTCOME_MEASURES:
            cells[name] = (counted[f"{name}_events"], counted[f"{name}_people"])
    return found


def _as_date(value: Any) -> date:
    # TruncMonth of a date field gives a date; some back ends give a datetime.
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[no-any-return]


def _cells(counts: dict[str, tuple[int, int]]) -> dict[str, Cell]:
    """Return a period's cells; all of them hidden when any rests on a small group.

    A zero next to a hidden count would still tell something about those few people ("none
    of them had an interview"), so a row is shown whole or not at all. A row where nobody did
    anything shows its zeros: they are about no one.
    """
    people = {name: counts.get(name, (0, 0))[1] for name in MEASURES}
    if any(_small(count) for count in people.values()):
        return {name: Cell(None, people[name]) for name in MEASURES}
    return {name: Cell(counts.get(name, (0, 0))[0], people[name]) for name in MEASURES}


def _period(start: date, by: By, counts: dict[str, tuple[int, int]]) -> Period:
    return Period(start, _period_end(start, by), _label(start, by), _cells(counts))


def _quarter(
    start: date, counts: dict[str, tuple[int, int]], months: Sequence[dict[str, tuple[int, int]]]
) -> Period:
    period = _period(start, "quarter", counts)
    cells = dict(period.cells)
    month_rows = [_cells(month) for month in months]
    for name in MEASURES:
        month_cells = [row[name] for row in month_rows]
        if any(c.hidden for c in month_cells) and not all(c.hidden for c in month_cells):
            # Quarter minus its shown months would give the hidden month back.
            cells[name] = Cell(None, cells[name].people)
    return Period(period.start, period.end, period.label, cells)


def _period_starts(year: int, by: By) -> list[date]:
    step = 1 if by == "month" else 3
    return [date(year, month, 1) for month in range(1, 13, step)]


def _months_of(quarter_start: date) -> list[date]:
    return [date(quarter_start.year, quarter_start.month + i, 1) for i in range(3)]


def _period_end(start: date, by: By) -> date:
    months = 1 if by == "month" else 3
    month = start.month + months
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date.fromordinal(date(year, month, 1).toordinal() - 1)


def _label(start: date, by: By) -> str:
    if by == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"
