"""API of the intake at the desk: the account with consent, handover codes, stand-ins, moves.

The same services (kring.accounts.intake) and access rules as the pages: a coach reaches a job
seeker only with an edit grant that works today; anyone else gets 404 and a denied line in the
access log. The handover itself is a page only: the person taking over has no token yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from kring.accounts import intake
from kring.accounts.access import get_jobseeker_for, require_role
from kring.accounts.access import request_user as current_user
from kring.accounts.models import AccessGrant, ConsentRecord, Organisation, Role, User
from kring.api.accounts import JobSeekerOut, validate_email_field
from kring.api.problems import Id, problems
from kring.core.models import Action

router = Router(tags=["intake"])


class IntakeIn(Schema):
    name: str = Field(min_length=1, max_length=80, description="the job seeker's first name")
    email: str = Field(default="", max_length=254, description="empty: no e-mail address")
    agreed_on: dt.date = Field(description="the day the job seeker agreed")
    how: Literal["paper", "app"]
    scope: Literal["view", "edit"] = Field(description="what the job seeker agreed to")
    ends_on: dt.date | None = Field(default=None, description="the end of the traject")


class IntakeGrantOut(Schema):
    id: int
    coach_id: int
    coach_name: str
    scope: Literal["view", "edit"]
    starts_on: dt.date | None
    ends_on: dt.date | None
    stands_in_for_id: int | None

    @staticmethod
    def resolve_coach_name(obj: AccessGrant) -> str:
        return obj.coach.name


class HandoverOut(Schema):
    code: str = Field(description="shown once: print it for the job seeker (groups of four)")
    expires_at: dt.datetime


class IntakeOut(Schema):
    jobseeker: JobSeekerOut
    grant: IntakeGrantOut
    handover: HandoverOut


class ConsentOut(Schema):
    id: int
    agreed_on: dt.date
    how: Literal["paper", "app"]
    scope: Literal["view", "edit"]
    recorded_by_id: int | None
    withdrawn_at: dt.datetime | None


class StandinIn(Schema):
    standin_id: Id = Field(description="a coach of your organisation")
    starts_on: dt.date
    ends_on: dt.date


class TransferIn(Schema):
    to_coach_id: Id = Field(description="a coach of your organisation")


class GrantEndIn(Schema):
    ends_on: dt.date | None = Field(description="the last day of your access; null: no end")


class WithdrawOut(Schema):
    ended: int = Field(description="how many grants ended")


class VoluntaryTextIn(Schema):
    voluntary_text: str = Field(max_length=300, description="empty: Kring's own sentence")


class VoluntaryTextOut(Schema):
    voluntary_text: str
    shown: str = Field(description="the sentence every intake page shows")


def _coach_reach(request: HttpRequest, jobseeker_id: int, action: str = Action.CHANGE) -> User:
    """Return the job seeker a coach with an edit grant reaches; 404 for everyone else."""
    if not current_user(request).has_role(Role.COACH):
        raise Http404
    return get_jobseeker_for(
        request, jobseeker_id, need="edit", action=action, object_type="grant"
    ).jobseeker


def _handover_out(new: intake.NewHandover) -> dict[str, object]:
    return {"code": new.display, "expires_at": new.handover.expires_at}


@router.post(
    "/intake",
    response={201: IntakeOut},
    openapi_extra=problems(403, 429),
    summary="Intake at the desk: make a job seeker with your grant, the consent and a code",
)
def intake_create(request: HttpRequest, payload: IntakeIn) -> Status[dict[str, object]]:
    coach = require_role(request, Role.COACH)
    if payload.email:
        validate_email_field(payload.email)
    jobseeker, grant, new = intake.intake_create(
        coach=coach,
        name=payload.name,
        email=payload.email,
        agreed_on=payload.agreed_on,
        how=payload.how,
        scope=payload.scope,
        ends_on=payload.ends_on,
    )
    return Status(201, {"jobseeker": jobseeker, "grant": grant, "handover": _handover_out(new)})


@router.post(
    "/jobseekers/{jobseeker_id}/handover-code",
    response={201: HandoverOut},
    openapi_extra=problems(404, 429),
    summary="A new printed handover code (the older ones stop); only before the handover",
)
def handover_code(request: HttpRequest, jobseeker_id: Id) -> Status[dict[str, object]]:
    jobseeker = _coach_reach(request, jobseeker_id)
    new = intake.handover_code_create(coach=current_user(request), jobseeker=jobseeker)
    return Status(201, _handover_out(new))


@router.get(
    "/jobseekers/{jobseeker_id}/consents",
    response=list[ConsentOut],
    openapi_extra=problems(404),
    summary="The consents noted for a job seeker (the job seeker, or a coach with an edit grant)",
)
def consents(request: HttpRequest, jobseeker_id: Id) -> list[ConsentRecord]:
    user = current_user(request)
    if user.pk == jobseeker_id and user.is_jobseeker:
        jobseeker = get_jobseeker_for(request, jobseeker_id).jobseeker
    else:
        jobseeker = _coach_reach(request, jobseeker_id, Action.VIEW)
    return list(ConsentRecord.objects.filter(jobseeker=jobseeker))


@router.post(
    "/jobseekers/{jobseeker_id}/standins",
    response={201: IntakeGrantOut},
    openapi_extra=problems(404),
    summary="Let a colleague stand in for you from one day to another (a holiday)",
)
def standin_create(
    request: HttpRequest, jobseeker_id: Id, payload: StandinIn
) -> Status[AccessGrant]:
    jobseeker = _coach_reach(request, jobseeker_id)
    grant = intake.standin_create(
        coach=current_user(request),
        jobseeker=jobseeker,
        standin_id=payload.standin_id,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, grant)


@router.post(
    "/jobseekers/{jobseeker_id}/transfer",
    response=IntakeGrantOut,
    openapi_extra=problems(404),
    summary="Move the job seeker to a colleague; your own access ends",
)
def transfer(request: HttpRequest, jobseeker_id: Id, payload: TransferIn) -> AccessGrant:
    jobseeker = _coach_reach(request, jobseeker_id)
    return intake.jobseeker_transfer(
        coach=current_user(request),
        jobseeker=jobseeker,
        to_coach_id=payload.to_coach_id,
    )


@router.put(
    "/jobseekers/{jobseeker_id}/grant-end",
    response=IntakeGrantOut,
    openapi_extra=problems(404),
    summary="Set or clear the last day of your own access (the end of the traject)",
)
def grant_end(request: HttpRequest, jobseeker_id: Id, payload: GrantEndIn) -> AccessGrant:
    jobseeker = _coach_reach(request, jobseeker_id)
    return intake.grant_end_set(
        coach=current_user(request),
        jobseeker=jobseeker,
        ends_on=payload.ends_on,
    )


@router.post(
    "/jobseekers/{jobseeker_id}/withdraw",
    response=WithdrawOut,
    openapi_extra=problems(404),
    summary="The job seeker stops: every grant ends now; the account and data stay",
)
def withdraw(request: HttpRequest, jobseeker_id: Id) -> dict[str, int]:
    user = current_user(request)
    if user.pk == jobseeker_id and user.is_jobseeker:
        jobseeker = user
    else:
        jobseeker = _coach_reach(request, jobseeker_id)
    return {"ended": intake.consent_withdraw(actor=user, jobseeker=jobseeker)}


def _own_organisation(request: HttpRequest) -> Organisation:
    admin = require_role(request, Role.ADMIN)
    organisation = admin.organisation
    assert organisation is not None  # has_role: an admin has an organisation
    return organisation


@router.get(
    "/organisation/voluntary-text",
    response=VoluntaryTextOut,
    openapi_extra=problems(403),
    tags=["organisation"],
    summary="Your organisation's sentence that taking part is voluntary (admins)",
)
def voluntary_text(request: HttpRequest) -> dict[str, str]:
    organisation = _own_organisation(request)
    return {
        "voluntary_text": organisation.voluntary_text,
        "shown": organisation.voluntary_sentence,
    }


@router.put(
    "/organisation/voluntary-text",
    response=VoluntaryTextOut,
    openapi_extra=problems(403),
    tags=["organisation"],
    summary="Set the sentence in your organisation's own words; empty for Kring's (admins)",
)
def voluntary_text_set(request: HttpRequest, payload: VoluntaryTextIn) -> dict[str, str]:
    organisation = _own_organisation(request)
    organisation.voluntary_text = payload.voluntary_text.strip()
    organisation.save(update_fields=["voluntary_text"])
    return {
        "voluntary_text": organisation.voluntary_text,
        "shown": organisation.voluntary_sentence,
    }
