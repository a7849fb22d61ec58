"""API endpoints of the plan: suggestions and what to do with them, asks and their outcomes.

The same services and access rules as the pages: a coach with an edit grant may act (and is
recorded as the author), a view grant reads, anyone else gets 404. An outcome sent with a
stale `version` answers 409 with the ask as it is now. A coach's idea has a key
(`coach:idea:<id>`) that the accept, postpone and dismiss operations take like the engine's.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from kring.accounts.access import get_jobseeker_for
from kring.accounts.access import request_user as _actor
from kring.api.problems import Count, Id, problems
from kring.network.models import LABEL_MAX
from kring.plan import selectors, services, texts
from kring.plan.models import COACH_TEXT_MAX, NOTE_MAX, Ask, CoachSuggestion
from kring.plan.suggest import Suggestion

router = Router(tags=["plan"])

# The model's choices, spelled out for the OpenAPI document (tests/plan/test_api.py checks
# they stay equal).
AskKindName = Literal[
    "information", "job_leads", "introduction", "reference", "practical_help", "support", "meeting"
]
AskHowName = Literal["in_person", "phone", "message", "email", "other"]
OutcomeName = Literal[
    "no_reply", "no", "helped", "new_contact", "conversation", "interview", "job_offer", "job"
]
SuggestionLimit = Annotated[int, Field(ge=1, le=50)]
SuggestionKey = Field(max_length=80, pattern=r"^[a-z_]+:[a-z_]+(:[0-9a-z_]+)?$")


class ReasonOut(Schema):
    key: str
    params: dict[str, Any]
    text: str = Field(description="the sentence in the active language")


class SuggestionOut(Schema):
    key: str
    kind: str
    score: int
    contact_id: int | None
    gap: str | None
    reasons: list[ReasonOut]
    evidence: list[str]
    offer_ids: list[int] = Field(
        description="widen: the local offers that fill the gap (GET /offers/{offer_id})"
    )
    fingerprint: str
    also: list[str]
    prominent: bool


def _suggestion(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "key": suggestion.key,
        "kind": suggestion.kind,
        "score": suggestion.score,
        "contact_id": suggestion.contact_id,
        "gap": suggestion.gap,
        "reasons": [
            {"key": r.key, "params": dict(r.params), "text": texts.reason_text(r)}
            for r in suggestion.reasons
        ],
        "evidence": list(suggestion.evidence),
        "offer_ids": [int(offer_id) for offer_id in suggestion.offer_ids],
        "fingerprint": suggestion.fingerprint,
        "also": list(suggestion.also),
        "prominent": suggestion.prominent,
    }


class AskIn(Schema):
    contact_id: Id
    kind: AskKindName
    how: AskHowName
    asked_on: dt.date | None = Field(default=None, description="default: today")
    follow_up: dt.date | None = Field(
        default=None, description="a date in the past is allowed (a reminder that is due)"
    )
    note: str = Field(
        default="", max_length=NOTE_MAX, description="Do not write about health, religion or origin"
    )


class AskOut(Schema):
    id: int
    contact_id: int | None = Field(description="null: the person was removed from the network")
    contact_label: str
    person_removed: bool
    kind: str
    how: str
    asked_on: dt.date
    outcome: str
    outcome_on: dt.date | None
    follow_up: dt.date | None
    note: str
    by_coach: bool
    version: int


class OutcomeIn(Schema):
    version: Count = Field(description="the version you read; a stale version answers 409")
    outcome: OutcomeName
    outcome_on: dt.date | None = Field(default=None, description="default: today")
    follow_up: dt.date | None = None
    new_contact_label: str | None = Field(
        default=None,
        max_length=LABEL_MAX,
        description='for "new_contact": the first name or nickname of the person met',
    )


class OutcomeOut(Schema):
    ask: AskOut
    new_contact_id: int | None


class KeyIn(Schema):
    key: str = SuggestionKey


class PostponeIn(Schema):
    key: str = SuggestionKey
    until: dt.date = Field(description="a day after today")


class DismissIn(Schema):
    key: str = SuggestionKey
    fingerprint: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{1,32}$",
        description="the fingerprint you were shown; default: the current one",
    )


class AcceptOut(Schema):
    key: str
    ask: AskOut | None = Field(description="the ask made (none for a gap or a talk with the coach)")


class StateOut(Schema):
    key: str
    state: str
    until: dt.date | None


def ask_out(ask: Ask) -> dict[str, Any]:
    return AskOut.from_orm(ask).model_dump(mode="json")


@router.get(
    "/jobseekers/{jobseeker_id}/plan/suggestions",
    response=list[SuggestionOut],
    summary="What the job seeker could do now, best first (docs/plan.md)",
)
def suggestions(
    request: HttpRequest, jobseeker_id: Id, limit: SuggestionLimit = 5
) -> list[dict[str, Any]]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="plan").jobseeker
    found = selectors.suggestions_for(jobseeker, today=timezone.localdate(), limit=limit)
    return [_suggestion(s) for s in found]


@router.post(
    "/jobseekers/{jobseeker_id}/plan/suggestions/accept",
    response=AcceptOut,
    summary="Accept a suggestion: it becomes an ask (404: not a current suggestion)",
    openapi_extra=problems(404),
)
def suggestion_accept(request: HttpRequest, jobseeker_id: Id, payload: KeyIn) -> dict[str, Any]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, need="edit", object_type="plan").jobseeker
    ask = services.suggestion_accept(jobseeker=jobseeker, actor=_actor(request), key=payload.key)
    return {"key": payload.key, "ask": ask}


@router.post(
    "/jobseekers/{jobseeker_id}/plan/suggestions/postpone",
    response=StateOut,
    summary="Hide a suggestion until a later day",
    openapi_extra=problems(404),
)
def suggestion_postpone(request: HttpRequest, jobseeker_id: Id, payload: PostponeIn) -> Any:
    jobseeker = get_jobseeker_for(request, jobseeker_id, need="edit", object_type="plan").jobseeker
    return services.suggestion_postpone(
        jobseeker=jobseeker, actor=_actor(request), key=payload.key, until=payload.until
    )


@router.post(
    "/jobseekers/{jobseeker_id}/plan/suggestions/dismiss",
    response=StateOut,
    summary="Dismiss a suggestion: it comes back only when what it rests on changes",
    openapi_extra=problems(404),
)
def suggestion_dismiss(request: HttpRequest, jobseeker_id: Id, payload: DismissIn) -> Any:
    jobseeker = get_jobseeker_for(request, jobseeker_id, need="edit", object_type="plan").jobseeker
    return services.suggestion_dismiss(
        jobseeker=jobseeker,
        actor=_actor(request),
        key=payload.key,
        fingerprint=payload.fingerprint,
    )


@router.get(
    "/jobseekers/{jobseeker_id}/plan/asks",
    response=list[AskOut],
    summary="The asks: open ones first, the earliest follow-up first",
)
def asks_list(request: HttpRequest, jobseeker_id: Id) -> list[Ask]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="plan").jobseeker
    return selectors.asks_of(jobseeker)


@router.post(
    "/jobseekers/{jobseeker_id}/plan/asks",
    response={201: AskOut},
    summary="Write down an ask to a contact (404: not a contact of this job seeker)",
    openapi_extra=problems(404),
)
def ask_create(request: HttpRequest, jobseeker_id: Id, payload: AskIn) -> Status[Ask]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, need="edit", object_type="plan").jobseeker
    ask = services.ask_create(
        jobseeker=jobseeker,
        actor=_actor(request),
        contact_id=payload.contact_id,
        kind=payload.kind,
        how=payload.how,
        asked_on=payload.asked_on or timezone.localdate(),
        follow_up=payload.follow_up,
        note=payload.note,
    )
    return Status(201, ask)


@router.get("/jobseekers/{jobseeker_id}/plan/asks/{ask_id}", response=AskOut, summary="One ask")
def ask_read(request: HttpRequest, jobseeker_id: Id, ask_id: Id) -> Ask:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, object_type="ask", object_id=ask_id
    ).jobseeker
    return get_object_or_404(Ask.objects.of(jobseeker), pk=ask_id)


@router.put(
    "/jobseekers/{jobseeker_id}/plan/asks/{ask_id}/outcome",
    response=OutcomeOut,
    openapi_extra=problems(409),
    summary="Record how an ask went (send the version you read); updates the contact",
)
def ask_outcome(
    request: HttpRequest, jobseeker_id: Id, ask_id: Id, payload: OutcomeIn
) -> dict[str, Any]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="ask", object_id=ask_id
    ).jobseeker
    recorded = services.ask_record_outcome(
        jobseeker=jobseeker,
        actor=_actor(request),
        ask_id=ask_id,
        version=payload.version,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        follow_up=payload.follow_up,
        new_contact_label=payload.new_contact_label,
    )
    new_contact = recorded.new_contact
    return {"ask": recorded.ask, "new_contact_id": new_contact.pk if new_contact else None}


class CoachSuggestionIn(Schema):
    contact_id: Id | None = Field(
        default=None, description="a person of the network; none: someone new, or a place"
    )
    kind: AskKindName = Field(description="what the job seeker could ask")
    text: str = Field(
        min_length=1,
        max_length=COACH_TEXT_MAX,
        description="the idea in short B1 Dutch; do not write about health, religion or origin",
    )


class CoachSuggestionOut(Schema):
    key: str = Field(description="for the accept, postpone and dismiss operations")
    id: int
    contact_id: int | None
    kind: str
    text: str
    state: str = Field(description='"" while the job seeker has not decided')
    until: dt.date | None
    current: bool = Field(description="shown in the plan now")
    coach_name: str = Field(description='"" when the coach\'s account is gone')
    ask_id: int | None = Field(description="the ask it became, when accepted")
    created_at: dt.datetime


def _coach_suggestion(idea: CoachSuggestion, today: dt.date) -> dict[str, Any]:
    return {
        "key": idea.key,
        "id": idea.pk,
        "contact_id": idea.contact_id,
        "kind": idea.kind,
        "text": idea.text,
        "state": idea.state,
        "until": idea.until,
        "current": idea.is_current(today),
        "coach_name": idea.coach_name,
        "ask_id": idea.ask_id,
        "created_at": idea.created_at,
    }


@router.get(
    "/jobseekers/{jobseeker_id}/plan/coach-suggestions",
    response=list[CoachSuggestionOut],
    summary="The coaches' ideas, the newest first, with what the job seeker did with them",
)
def coach_suggestions(request: HttpRequest, jobseeker_id: Id) -> list[dict[str, Any]]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="plan").jobseeker
    today = timezone.localdate()
    found = CoachSuggestion.objects.of(jobseeker).select_related("created_by")
    return [_coach_suggestion(idea, today) for idea in found]


@router.post(
    "/jobseekers/{jobseeker_id}/plan/coach-suggestions",
    response={201: CoachSuggestionOut},
    summary="A coach adds an idea to the plan (403: not a coach; 404: not a contact of this job seeker)",
    openapi_extra=problems(403, 404),
)
def coach_suggestion_create(
    request: HttpRequest, jobseeker_id: Id, payload: CoachSuggestionIn
) -> Status[dict[str, Any]]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="coach_suggestion"
    ).jobseeker
    idea = services.coach_suggestion_create(
        jobseeker=jobseeker,
        actor=_actor(request),
        kind=payload.kind,
        text=payload.text,
        contact_id=payload.contact_id,
    )
    return Status(201, _coach_suggestion(idea, timezone.localdate()))
