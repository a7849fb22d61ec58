"""API endpoints for stored indicators (current and per moment) and the two instruments."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from kring.accounts.access import get_jobseeker_for
from kring.accounts.access import request_user as _user
from kring.api.problems import Id, problems
from kring.insights import services
from kring.insights.models import InstrumentResponse
from kring.network.models import IndicatorSummary
from kring.network.summary import current_summary, snapshot_summary

router = Router(tags=["indicators"])


class IndicatorsOut(Schema):
    jobseeker_id: int
    snapshot_id: int | None
    computed_at: dt.datetime
    light: Literal["red", "orange", "green"]
    reasons: list[str]
    values: dict[str, Any]


def _out(summary: IndicatorSummary) -> dict[str, Any]:
    return {
        "jobseeker_id": summary.jobseeker_id,
        "snapshot_id": summary.snapshot_id,
        "computed_at": summary.computed_at,
        "light": summary.light,
        "reasons": summary.reasons,
        "values": summary.values,
    }


@router.get(
    "/jobseekers/{jobseeker_id}/indicators",
    response=IndicatorsOut,
    summary="The stored indicators of the current network (DOMAIN.md §4 keys)",
)
def indicators(request: HttpRequest, jobseeker_id: Id) -> dict[str, Any]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="indicators").jobseeker
    return _out(current_summary(jobseeker))


@router.get(
    "/jobseekers/{jobseeker_id}/snapshots/{snapshot_id}/indicators",
    response=IndicatorsOut,
    openapi_extra=problems(404, 422),
    summary="The indicators of a saved moment",
)
def snapshot_indicators(request: HttpRequest, jobseeker_id: Id, snapshot_id: int) -> dict[str, Any]:
    from kring.network.models import Snapshot
    from kring.network.moments import check_moment

    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="indicators").jobseeker
    snapshot = get_object_or_404(Snapshot, owner=jobseeker, pk=snapshot_id)
    check_moment(snapshot.data)  # a moment stored before the checks may be damaged: 422
    return _out(snapshot_summary(snapshot))


class InstrumentIn(Schema):
    instrument: Literal["loneliness", "resources"]
    taken_on: dt.date
    answers: dict[str, str] = Field(max_length=20)


class InstrumentOut(Schema):
    id: int
    instrument: str
    taken_on: dt.date
    answers: dict[str, str]
    scores: dict[str, int]


@router.get(
    "/jobseekers/{jobseeker_id}/instruments",
    response=list[InstrumentOut],
    tags=["instruments"],
    summary="Answers to the loneliness scale and the work resource generator, newest first",
)
def instrument_list(request: HttpRequest, jobseeker_id: Id) -> list[InstrumentResponse]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="instruments").jobseeker
    return list(InstrumentResponse.objects.filter(jobseeker=jobseeker))


@router.post(
    "/jobseekers/{jobseeker_id}/instruments",
    response={201: InstrumentOut},
    tags=["instruments"],
    summary="Record one filling-in; the scores are computed by Kring",
)
def instrument_create(
    request: HttpRequest, jobseeker_id: Id, payload: InstrumentIn
) -> Status[InstrumentResponse]:
    user = _user(request)
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="instruments"
    ).jobseeker
    response = services.instrument_record(
        actor=user,
        jobseeker=jobseeker,
        instrument=payload.instrument,
        taken_on=payload.taken_on,
        answers=payload.answers,
    )
    return Status(201, response)
