"""The coach's caseload: every job seeker with an active grant, read from what is stored.

One query gives a page of rows: the grant's scope, the stored current summary (traffic light,
supporters, allies, who knows), the summary stored with the last moment (change since then),
the last activity, and the open and overdue asks. A second query counts the rows for paging,
a third counts the lights for the filter. None of them grows with the number of job seekers,
and nothing recomputes a network (ARCHITECTURE.md, "One recomputation point").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Lower
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import urlencode

from kring.accounts.access import jobseekers_visible_to
from kring.accounts.models import AccessGrant, Scope, User
from kring.core.audit import log_accesses
from kring.core.models import Action
from kring.network.models import IndicatorSummary, Light, Snapshot
from kring.plan.models import Ask, Outcome

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# "Nothing happened" for this many days puts a job seeker under the quiet filter.
QUIET_DAYS = 30
SEARCH_MAX = 80

LIGHTS = (Light.RED, Light.ORANGE, Light.GREEN)
# Filters a coach can combine: lights widen each other (red or orange), the rest narrow.
FILTERS = (*LIGHTS, "quiet", "overdue", "unknown")
SORTS = ("light", "name", "activity", "overdue", "change")


@dataclass(frozen=True)
class CaseloadQuery:
    """What the coach asked for: search text, filters, order and page, all already checked."""

    search: str = ""
    filters: tuple[str, ...] = ()
    sort: str = "light"
    page: int = 1
    page_size: int = PAGE_SIZE
    # Values that were sent but mean nothing here: shown to the coach, then left out.
    ignored: tuple[str, ...] = field(default=())

    @classmethod
    def parse(
        cls,
        *,
        search: str = "",
        filters: Sequence[str] = (),
        sort: str = "",
        page: str | int = 1,
        page_size: str | int = PAGE_SIZE,
    ) -> CaseloadQuery:
        """Return the query for raw input; unknown values are dropped and named in `ignored`."""
        ignored: list[str] = []
        chosen: list[str] = []
        for value in filters:
            value = value.strip()
            if not value:
                continue
            if value in FILTERS:
                if value not in chosen:
                    chosen.append(value)
            else:
                ignored.append(value[:40])
        sort = sort.strip()
        if sort and sort not in SORTS:
            ignored.append(sort[:40])
            sort = ""
        return cls(
            # U+0000 is no name's part, and PostgreSQL refuses it in a query.
            search=" ".join(search.replace("\x00", "").split())[:SEARCH_MAX],
            filters=tuple(chosen),
            sort=sort or "light",
            page=_whole_number(page, default=1, low=1, high=1_000_000),
            page_size=_whole_number(page_size, default=PAGE_SIZE, low=1, high=MAX_PAGE_SIZE),
            ignored=tuple(ignored),
        )

    @classmethod
    def from_querydict(cls, query: Mapping[str, Any]) -> CaseloadQuery:
        """Return the query for a page's GET parameters (q, filter (repeated), sort, page)."""
        getlist = getattr(query, "getlist", None)
        filters = getlist("filter") if getlist else [query.get("filter", "")]
        return cls.parse(
            search=str(query.get("q", "")),
            filters=[str(f) for f in filters],
            sort=str(query.get("sort", "")),
            page=str(query.get("page", "1")),
        )

    def as_querystring(self) -> str:
        """Return the search, filters and order as a query string, without the page."""
        pairs = [("q", self.search)] if self.search else []
        pairs += [("filter", value) for value in self.filters]
        pairs.append(("sort", self.sort))
        return urlencode(pairs)


def _whole_number(raw: str | int, *, default: int, low: int, high: int) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


@dataclass(frozen=True)
class CaseloadRow:
    """One job seeker in the caseload, as the page and the API show them."""

    jobseeker_id: int
    name: str
    can_edit: bool
    light: str  # "" when no summary is stored yet
    size: int
    supportive: int
    allies: int
    aware: int  # contacts who know the job seeker is looking for work
    previous_light: str  # "" without a moment
    moment_at: datetime | None
    supportive_change: int | None
    allies_change: int | None
    last_activity: datetime
    open_asks: int
    overdue: int

    @property
    def quiet(self) -> bool:
        return self.last_activity < timezone.now() - timedelta(days=QUIET_DAYS)


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseloadRow]
    count: int
    query: CaseloadQuery
    lights: dict[str, int]  # job seekers per light over the whole caseload, "" = not known yet

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.query.page_size))

    @property
    def page(self) -> int:
        return min(self.query.page, self.pages)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _current_summary() -> FilteredRelation:
    """Return the join to the job seeker's current summary (the one without a moment)."""
    return FilteredRelation(
        "indicator_summaries", condition=Q(indicator_summaries__snapshot__isnull=True)
    )


def _annotated(coach: User, today: date) -> QuerySet[User]:
    """Return the coach's job seekers with every column of the caseload annotated."""
    last_moment = Snapshot.objects.filter(owner=OuterRef("pk")).order_by("-taken_at", "-id")
    moment_summary = IndicatorSummary.objects.filter(
        snapshot_id=Subquery(
            Snapshot.objects.filter(owner=OuterRef(OuterRef("pk")))
            .order_by("-taken_at", "-id")
            .values("pk")[:1]
        )
    )
    asks = Ask.objects.filter(owner=OuterRef("pk")).order_by().values("owner")
    counted = Count("pk")
    last_ask_change = Ask.objects.filter(owner=OuterRef("pk")).order_by("-updated_at")
    return (
        jobseekers_visible_to(coach)
        .alias(current=_current_summary())
        .annotate(
            can_edit=Exists(
                AccessGrant.objects.active().filter(
                    coach_id=coach.pk, jobseeker=OuterRef("pk"), scope=Scope.EDIT
                )
            ),
            light=Coalesce(F("current__light"), Value("")),
            size=Coalesce(F("current__size"), 0),
            supportive=Coalesce(F("current__supportive"), 0),
            allies=Coalesce(F("current__allies"), 0),
            aware_share=F("current__aware_share"),
            light_rank=Case(
                When(current__light=Light.RED, then=0),
                When(current__light=Light.ORANGE, then=1),
                When(current__light=Light.GREEN, then=2),
                default=3,
                output_field=IntegerField(),
            ),
            moment_at=Subquery(last_moment.values("taken_at")[:1]),
            previous_light=Subquery(moment_summary.values("light")[:1]),
            previous_supportive=Subquery(moment_summary.values("supportive")[:1]),
            previous_allies=Subquery(moment_summary.values("allies")[:1]),
            last_activity=Greatest(
                # Greatest of a NULL is NULL on SQLite: every part has a floor.
                Coalesce(F("current__computed_at"), F("date_joined")),
                Coalesce(Subquery(last_ask_change.values("updated_at")[:1]), F("date_joined")),
                output_field=DateTimeField(),
            ),
            open_asks=Coalesce(
                Subquery(asks.filter(outcome=Outcome.PENDING).annotate(n=counted).values("n")),
                0,
            ),
            overdue=Coalesce(
                Subquery(asks.filter(follow_up__lt=today).annotate(n=counted).values("n")), 0
            ),
        )
    )


def _filtered(jobseekers: QuerySet[User], query: CaseloadQuery, today: date) -> QuerySet[User]:
    if query.search:
        jobseekers = jobseekers.filter(name__icontains=query.search)
    lights = [f for f in query.filters if f in LIGHTS]
    if "unknown" in query.filters:
        jobseekers = jobseekers.filter(Q(light__in=lights) | Q(light=""))
    elif lights:
        # Q objects: the annotated names are unknown to django-stubs' field check.
        jobseekers = jobseekers.filter(Q(light__in=lights))
    if "quiet" in query.filters:
        jobseekers = jobseekers.filter(
            Q(last_activity__lt=_start_of(today - timedelta(QUIET_DAYS)))
        )
    if "overdue" in query.filters:
        jobseekers = jobseekers.filter(Q(overdue__gt=0))
    return jobseekers


_ORDER = {
    "light": ("light_rank", Lower("name"), "pk"),
    "name": (Lower("name"), "pk"),
    # The longest quiet first: they may need a call.
    "activity": ("last_activity", Lower("name"), "pk"),
    "overdue": ("-overdue", "light_rank", Lower("name"), "pk"),
    # The biggest drop in supporters since the last moment first; no moment last.
    "change": (F("supportive_change").asc(nulls_last=True), "light_rank", Lower("name"), "pk"),
}


def caseload_for(coach: User, query: CaseloadQuery, *, today: date | None = None) -> Caseload:
    """Return one page of `coach`'s caseload as `query` asks, with the counts around it."""
    today = today or timezone.localdate()
    everyone = _annotated(coach, today)
    lights = dict(
        jobseekers_visible_to(coach)
        .alias(current=_current_summary())
        .annotate(light=Coalesce(F("current__light"), Value("")))
        .order_by()
        .values("light")
        .annotate(n=Count("pk"))
        .values_list("light", "n")
    )
    chosen = _filtered(everyone, query, today).annotate(
        supportive_change=F("supportive") - F("previous_supportive")
    )
    count = chosen.count()
    pages = max(1, -(-count // query.page_size))
    page = min(query.page, pages)
    start = (page - 1) * query.page_size
    ordered = chosen.order_by(*_ORDER[query.sort])[start : start + query.page_size]
    rows = [_row(jobseeker) for jobseeker in ordered]
    return Caseload(rows=rows, count=count, query=query, lights=lights)


def _row(jobseeker: Any) -> CaseloadRow:
    size = jobseeker.size
    previous_supportive = jobseeker.previous_supportive
    previous_allies = jobseeker.previous_allies
    return CaseloadRow(
        jobseeker_id=jobseeker.pk,
        name=jobseeker.name,
        can_edit=bool(jobseeker.can_edit),
        light=jobseeker.light,
        size=size,
        supportive=jobseeker.supportive,
        allies=jobseeker.allies,
        # aware_share is a share of the informal contacts in rings 1-4, the set `size` counts.
        aware=round((jobseeker.aware_share or 0) * size),
        previous_light=jobseeker.previous_light or "",
        moment_at=jobseeker.moment_at,
        supportive_change=(
            None if previous_supportive is None else jobseeker.supportive - previous_supportive
        ),
        allies_change=None if previous_allies is None else jobseeker.allies - previous_allies,
        last_activity=jobseeker.last_activity,
        open_asks=jobseeker.open_asks,
        overdue=jobseeker.overdue,
    )


def log_shown(request: HttpRequest, coach: User, rows: list[CaseloadRow]) -> None:
    """Write one view per job seeker shown: their light and numbers are their data.

    All of a page's entries go into the chain in one append (one lock, one commit).
    """
    log_accesses(
        actor=coach,
        targets=[(row.jobseeker_id, row.jobseeker_id) for row in rows],
        action=Action.VIEW,
        object_type="caseload",
        request=request,
    )
