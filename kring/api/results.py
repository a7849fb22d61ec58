"""API endpoints of the organisation admin: the results and the organisation's access log.

The same functions and rules as the pages (kring.coaching.results_views): admins of an
organisation only, anyone else gets 404 and a denied entry in the access log; no number that
rests on fewer than 10 people is given (null instead).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from kring.api.pagination import paginated
from kring.api.problems import problems
from kring.coaching import audit_trail
from kring.coaching.results import (
    FIRST_YEAR,
    LAST_YEAR,
    MEASURES,
    SMALL_GROUP,
    default_year,
    log_organisation_access,
    organisation_admin_for,
    organisation_results,
)
from kring.coaching.results_views import ACCESS_LOG, RESULTS
from kring.core.models import Action

router = Router(tags=["organisation"])


class ResultsOverviewOut(Schema):
    job_seekers: int | None = Field(description="null: fewer than 10")
    with_intake: int | None = Field(description="job seekers with a first moment; null: hidden")
    supportive_at_intake: float | None = Field(description="median, at the first moment")
    supportive_now: float | None = Field(description="median, now, same job seekers")
    allies_at_intake: float | None
    allies_now: float | None
    share_with_ally_at_intake: float | None = Field(description="0 to 1")
    share_with_ally: float | None = Field(description="0 to 1, now")


class ResultsCountsOut(Schema):
    asks: int | None
    tips: int | None
    introductions: int | None
    interviews: int | None
    job_offers: int | None
    jobs: int | None


class ResultsPeriodOut(Schema):
    label: str
    start: dt.date
    end: dt.date
    counts: ResultsCountsOut = Field(description="null: hidden (rests on fewer than 10 people)")


class ResultsOut(Schema):
    year: int
    by: Literal["month", "quarter"]
    smallest_group: int = Field(description="numbers resting on fewer people are null")
    overview: ResultsOverviewOut
    periods: list[ResultsPeriodOut]
    empty_reason: Literal["", "not_ended", "no_data"] = Field(
        description='why periods is empty: "not_ended" (no period of the year has ended), '
        '"no_data" (nothing was asked that year)'
    )


class ResultsQuery(Schema):
    year: int | None = Field(
        default=None, ge=FIRST_YEAR, le=LAST_YEAR, description="default: the last ended month's"
    )
    by: Literal["month", "quarter"] = "month"


@router.get(
    "/organisation/results",
    response=ResultsOut,
    openapi_extra=problems(404),
    summary="The organisation's results, small numbers hidden (organisation admins)",
)
def results(request: HttpRequest, query: Query[ResultsQuery]) -> dict[str, Any]:
    admin = organisation_admin_for(request, action=Action.VIEW, object_type=RESULTS)
    today = timezone.localdate()
    log_organisation_access(request, admin, action=Action.VIEW, object_type=RESULTS)
    assert admin.organisation is not None  # has_role(ADMIN) needs one
    found = organisation_results(
        admin.organisation, year=query.year or default_year(today), by=query.by, today=today
    )
    overview = found.overview
    return {
        "year": found.year,
        "by": found.by,
        "smallest_group": SMALL_GROUP,
        "overview": {
            "job_seekers": overview.job_seekers,
            "with_intake": overview.with_intake,
            "supportive_at_intake": overview.supportive_at_intake,
            "supportive_now": overview.supportive_now,
            "allies_at_intake": overview.allies_at_intake,
            "allies_now": overview.allies_now,
            "share_with_ally_at_intake": overview.share_with_ally_at_intake,
            "share_with_ally": overview.share_with_ally,
        },
        "periods": [
            {
                "label": period.label,
                "start": period.start,
                "end": period.end,
                "counts": {name: period.cells[name].value for name in MEASURES},
            }
            for period in found.periods
        ],
        "empty_reason": found.empty_reason,
    }


class OrganisationAccessLogEntryOut(Schema):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_role: str
    organisation_id: int | None
    subject_id: int | None
    object_type: str
    object_id: str
    action: str
    result: str
    request_id: str
    previous_hash: str
    entry_hash: str


class OrganisationAccessLogQuery(Schema):
    start: dt.date | None = Field(default=None, description="first day (default: the first entry)")
    end: dt.date | None = Field(default=None, description="last day (default: today)")


@router.get(
    "/organisation/access-log",
    response=list[OrganisationAccessLogEntryOut],
    openapi_extra=problems(404),
    summary="The organisation's access log for an audit, oldest first (organisation admins)",
)
@paginated
def access_log(request: HttpRequest, filters: Query[OrganisationAccessLogQuery]):  # type: ignore[no-untyped-def]
    admin = organisation_admin_for(request, action=Action.EXPORT, object_type=ACCESS_LOG)
    if filters.start and filters.end and filters.end < filters.start:
        raise ValidationError({"end": ["The last day comes before the first day."]})
    log_organisation_access(request, admin, action=Action.EXPORT, object_type=ACCESS_LOG)
    assert admin.organisation is not None
    return audit_trail.entries_of(admin.organisation, start=filters.start, end=filters.end)
