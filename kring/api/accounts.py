"""API endpoints for the signed-in user, job seekers, access grants and invitations."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from kring.accounts import services
from kring.accounts.access import get_jobseeker_for, jobseekers_visible_to, require_role
from kring.accounts.access import request_user as current_user
from kring.accounts.access_log import lines_of
from kring.accounts.models import AccessGrant, ApiToken, GrantCode, Role, User, normalise_email
from kring.api.pagination import BoundedPageNumberPagination
from kring.api.problems import Id, problems

router = Router()


def validate_email_field(email: str, field: str = "email") -> None:
    """Raise a 422-mapped ValidationError naming `field` when `email` is not an address."""
    try:
        # The address as it will be stored (accounts.models.normalise_email), as forms do.
        validate_email(normalise_email(email))
    except ValidationError:
        raise ValidationError({field: ["Enter a valid e-mail address."]}) from None


class OrganisationOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: Literal["jobseeker", "coach", "admin"]
    organisation: OrganisationOut | None


class JobSeekerOut(Schema):
    id: int
    name: str
    organisation: OrganisationOut | None


class CoachOut(Schema):
    id: int
    name: str
    email: str
    is_active: bool


class GrantOut(Schema):
    id: int
    coach: CoachOut
    organisation: OrganisationOut | None
    scope: Literal["view", "edit"]
    created_at: str

    @staticmethod
    def resolve_created_at(obj: AccessGrant) -> str:
        return obj.created_at.isoformat()


class GrantIn(Schema):
    code: str = Field(max_length=20, description="the coach's personal code, e.g. K7QM-4XPT")
    scope: Literal["view", "edit"] = "view"


class GrantCodeIn(Schema):
    code: str = Field(max_length=20, description="the coach's personal code, e.g. K7QM-4XPT")


class CoachPreviewOut(Schema):
    """Who is behind a code: enough to decide, nothing to contact them with."""

    name: str
    organisation: OrganisationOut | None


class GrantCodeOut(Schema):
    code: str = Field(description="shown in two groups of four; give it to a job seeker")
    created_at: dt.datetime

    @staticmethod
    def resolve_code(obj: GrantCode) -> str:
        return obj.display


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    name: str = Field(default="", max_length=80)


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: str


@router.get("/me", response=MeOut, tags=["account"], summary="The signed-in user")
def me(request: HttpRequest) -> User:
    return current_user(request)


@router.get(
    "/jobseekers",
    response=list[JobSeekerOut],
    tags=["jobseekers"],
    summary="Job seekers you may see (yourself, or your caseload)",
)
@paginate(BoundedPageNumberPagination)
def jobseekers(request: HttpRequest):  # type: ignore[no-untyped-def]
    return (
        jobseekers_visible_to(current_user(request))
        .select_related("organisation")
        .order_by("name", "pk")
    )


@router.get("/jobseekers/{jobseeker_id}", response=JobSeekerOut, tags=["jobseekers"])
def jobseeker(request: HttpRequest, jobseeker_id: Id) -> User:
    return get_jobseeker_for(request, jobseeker_id).jobseeker


@router.get(
    "/grants",
    response=list[GrantOut],
    openapi_extra=problems(403),
    tags=["access"],
    summary="Coaches with access to your data (job seekers)",
)
def grants(request: HttpRequest) -> list[AccessGrant]:
    user = require_role(request, Role.JOBSEEKER)
    return list(
        AccessGrant.objects.active().filter(jobseeker=user).select_related("coach", "organisation")
    )


@router.post(
    "/grants/lookup",
    response=CoachPreviewOut,
    openapi_extra=problems(403, 429),
    tags=["access"],
    summary="Who is behind a coach's code: name and organisation, to check before granting",
)
def grant_code_lookup(request: HttpRequest, payload: GrantCodeIn) -> User:
    user = require_role(request, Role.JOBSEEKER)
    # The same service and limit as the page's code step; one answer for every wrong code.
    coach = services.coach_for_grant_code(jobseeker=user, code=payload.code)
    if coach is None:
        raise ValidationError({"code": [str(services.WRONG_GRANT_CODE)]})
    return coach


@router.post(
    "/grants",
    response={201: GrantOut},
    openapi_extra=problems(403, 429),
    tags=["access"],
    summary="Give the coach behind a code access, or change the scope",
)
def grant_create(request: HttpRequest, payload: GrantIn) -> Status[AccessGrant]:
    user = require_role(request, Role.JOBSEEKER)
    return Status(
        201, services.grant_by_code(jobseeker=user, code=payload.code, scope=payload.scope)
    )


@router.delete(
    "/grants/{grant_id}", response={204: None}, tags=["access"], summary="Withdraw a coach's access"
)
def grant_revoke(request: HttpRequest, grant_id: Id) -> Status[None]:
    user = current_user(request)
    grant = get_object_or_404(AccessGrant, pk=grant_id, jobseeker=user, revoked_at__isnull=True)
    services.grant_revoke(jobseeker=user, grant_id=grant.pk)
    return Status(204, None)


@router.post(
    "/invitations",
    response={201: InvitationOut},
    openapi_extra=problems(403, 429),
    tags=["access"],
    summary="Invite a job seeker (coaches) or a coach (organisation admins)",
)
def invitation_create(request: HttpRequest, payload: InvitationIn) -> Status[dict[str, object]]:
    user = current_user(request)
    role = {Role.COACH: Role.JOBSEEKER, Role.ADMIN: Role.COACH}.get(Role(user.role))
    if role is None:
        raise PermissionError
    validate_email_field(payload.email)
    new = services.invitation_create(
        inviter=user, email=payload.email, name=payload.name, role=role
    )
    invitation = new.invitation
    return Status(
        201,
        {
            "id": invitation.pk,
            "email": invitation.email,
            "role": invitation.role,
            "expires_at": invitation.expires_at.isoformat(),
        },
    )


@router.get(
    "/me/grant-code",
    response=GrantCodeOut,
    openapi_extra=problems(403),
    tags=["access"],
    summary="Your personal code for job seekers (coaches)",
)
def grant_code(request: HttpRequest) -> GrantCode:
    user = require_role(request, Role.COACH)
    return services.grant_code_for(coach=user)


@router.post(
    "/me/grant-code",
    response=GrantCodeOut,
    openapi_extra=problems(403),
    tags=["access"],
    summary="Make a new personal code (coaches); the old code stops working",
)
def grant_code_rotate(request: HttpRequest) -> GrantCode:
    user = require_role(request, Role.COACH)
    return services.grant_code_rotate(coach=user)


@router.get(
    "/organisation/coaches",
    response=list[CoachOut],
    openapi_extra=problems(403),
    tags=["organisation"],
)
def organisation_coaches(request: HttpRequest) -> list[User]:
    user = require_role(request, Role.ADMIN)
    return list(User.objects.filter(organisation=user.organisation, role=Role.COACH))


@router.post(
    "/organisation/coaches/{coach_id}/deactivate",
    response=CoachOut,
    openapi_extra=problems(403),
    tags=["organisation"],
)
def organisation_coach_deactivate(request: HttpRequest, coach_id: Id) -> User:
    user = require_role(request, Role.ADMIN)
    get_object_or_404(User, pk=coach_id, role=Role.COACH, organisation_id=user.organisation_id)
    return services.coach_deactivate(admin=user, coach_id=coach_id)


class AccessLogOut(Schema):
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    actor_role: str
    organisation: str = Field(description="the actor's organisation at the time, or empty")
    own: bool = Field(description="your own action (such as a download), not someone else's")
    action: str
    result: str
    object_type: str


@router.get(
    "/me/access-log",
    response=list[AccessLogOut],
    tags=["access"],
    summary="Who looked at or changed your data (job seekers), newest first",
)
@paginate(BoundedPageNumberPagination)
def access_log(request: HttpRequest):  # type: ignore[no-untyped-def]
    from kring.core.models import AccessLogEntry

    user = current_user(request)
    entries = list(AccessLogEntry.objects.about(user.pk)[:1000])
    return [
        {
            "at": line.at,
            "actor_id": line.entry.actor_id,
            "actor_name": line.actor_name,
            "actor_role": line.entry.actor_role,
            "organisation": line.organisation,
            "own": line.own,
            "action": line.entry.action,
            "result": line.entry.result,
            "object_type": line.entry.object_type,
        }
        for line in lines_of(user, entries)
    ]


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


@router.get("/me/tokens", response=list[TokenOut], tags=["account"], summary="Your API tokens")
def tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=current_user(request), revoked_at__isnull=True))


@router.delete(
    "/me/tokens/{token_id}", response={204: None}, tags=["account"], summary="Revoke a token"
)
def token_revoke(request: HttpRequest, token_id: Id) -> Status[None]:
    user = current_user(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=user, revoked_at__isnull=True)
    services.api_token_revoke(user=user, token_id=token.pk)
    return Status(204, None)
