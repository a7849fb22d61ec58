"""API endpoints of local offers (the organisation's sociale kaart) and referrals.

The same services and access rules as the pages: everyone reads the active offers of their
own organisation, only its admins add and change them (others get 403); a job seeker's
referrals follow `get_jobseeker_for` (a view grant reads, an edit grant changes, anyone else
gets 404, every read or change by someone else is logged). An offer of another organisation
is not found (404). A change sent with a stale `version` answers 409 with the object as it
is now.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from kring.accounts.access import get_jobseeker_for, require_role
from kring.accounts.access import request_user as _actor
from kring.accounts.models import Role
from kring.api.problems import Count, Id, problems
from kring.offers import selectors, services
from kring.offers.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    NOTE_MAX,
    REGION_MAX,
    ROUTE_MAX,
    Gap,
    Offer,
    OfferKind,
    Referral,
    ReferralOutcome,
    TargetGroup,
)

router = Router(tags=["offers"])

OBJECT_TYPE = "referral"

# The model's choices as OpenAPI enums; type checkers see plain strings.
if TYPE_CHECKING:
    OfferKindName: TypeAlias = str
    TargetGroupName: TypeAlias = str
    GapName: TypeAlias = str
    OutcomeName: TypeAlias = str
else:
    OfferKindName = Literal[tuple(OfferKind.values)]
    TargetGroupName = Literal[tuple(TargetGroup.values)]
    GapName = Literal[tuple(Gap.values)]
    OutcomeName = Literal[tuple(ReferralOutcome.values)]


class OfferIn(Schema):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    kind: OfferKindName
    region: str = Field(
        default="", max_length=REGION_MAX, description="the town or area; empty: for everyone"
    )
    target_groups: list[TargetGroupName] = Field(
        default_factory=list, max_length=len(TargetGroup.values), description="empty: everyone"
    )
    gaps: list[GapName] = Field(
        default_factory=list,
        max_length=len(Gap.values),
        description="what it helps with; empty: what this kind of place usually gives",
    )
    contact_route: str = Field(min_length=1, max_length=ROUTE_MAX)
    website: str = Field(default="", max_length=200, description="an http(s) address or empty")
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    active: bool = True


class OfferChangeIn(OfferIn):
    version: Count = Field(description="the version you read; a stale version answers 409")


class OfferOut(Schema):
    id: int
    name: str
    kind: str
    region: str
    target_groups: list[str]
    gaps: list[str]
    contact_route: str
    website: str
    description: str
    active: bool
    version: int


class ReferralIn(Schema):
    offer_id: Id = Field(description="an active offer of the job seeker's organisation")
    referred_on: dt.date | None = Field(default=None, description="default: today")
    note: str = Field(
        default="", max_length=NOTE_MAX, description="Do not write about health, religion or origin"
    )


class ReferralOutcomeIn(Schema):
    version: Count = Field(description="the version you read; a stale version answers 409")
    outcome: OutcomeName = Field(description='"pending" sets it back to not known yet')
    outcome_on: dt.date | None = Field(default=None, description="default: today")
    note: str | None = Field(
        default=None, max_length=NOTE_MAX, description="null: keep the note as it is"
    )


class ReferralOut(Schema):
    id: int
    offer_id: int | None = Field(description="null: the place was removed from the list")
    offer_name: str
    referred_on: dt.date
    by_coach: bool
    outcome: str
    outcome_on: dt.date | None
    note: str
    version: int


def conflict_out(current: Offer | Referral) -> dict[str, Any]:
    """Return the object of a 409 in its own schema."""
    schema = OfferOut if isinstance(current, Offer) else ReferralOut
    return schema.from_orm(current).model_dump(mode="json")


@router.get("/offers", response=list[OfferOut], summary="The local offers of your organisation")
def offer_list(request: HttpRequest) -> list[Offer]:
    return list(Offer.objects.visible_to(_actor(request)).order_by("name", "id"))


@router.post(
    "/offers",
    response={201: OfferOut},
    summary="Add a local offer (organisation admins)",
    openapi_extra=problems(403),
)
def offer_create(request: HttpRequest, payload: OfferIn) -> Status[Offer]:
    actor = require_role(request, Role.ADMIN)
    return Status(201, services.offer_create(actor=actor, **payload.model_dump()))


@router.get("/offers/{offer_id}", response=OfferOut, summary="One local offer")
def offer_read(request: HttpRequest, offer_id: Id) -> Offer:
    offer = Offer.objects.visible_to(_actor(request)).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return offer


@router.put(
    "/offers/{offer_id}",
    response=OfferOut,
    summary="Change a local offer (organisation admins; send the version you read)",
    openapi_extra=problems(403, 409),
)
def offer_update(request: HttpRequest, offer_id: Id, payload: OfferChangeIn) -> Offer:
    actor = require_role(request, Role.ADMIN)
    fields = payload.model_dump()
    version = fields.pop("version")
    return services.offer_update(actor=actor, offer_id=offer_id, version=version, **fields)


@router.get(
    "/jobseekers/{jobseeker_id}/referrals",
    response=list[ReferralOut],
    summary="The job seeker's referrals to local offers: open ones first",
)
def referral_list(request: HttpRequest, jobseeker_id: Id) -> list[Referral]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type=OBJECT_TYPE).jobseeker
    return selectors.referrals_of(jobseeker)


@router.post(
    "/jobseekers/{jobseeker_id}/referrals",
    response={201: ReferralOut},
    summary="Record a referral (404: not an active offer of the job seeker's organisation)",
    openapi_extra=problems(404),
)
def referral_create(
    request: HttpRequest, jobseeker_id: Id, payload: ReferralIn
) -> Status[Referral]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type=OBJECT_TYPE
    ).jobseeker
    referral = services.referral_create(
        jobseeker=jobseeker,
        actor=_actor(request),
        offer_id=payload.offer_id,
        referred_on=payload.referred_on or timezone.localdate(),
        note=payload.note,
    )
    return Status(201, referral)


@router.get(
    "/jobseekers/{jobseeker_id}/referrals/{referral_id}",
    response=ReferralOut,
    summary="One referral",
)
def referral_read(request: HttpRequest, jobseeker_id: Id, referral_id: Id) -> Referral:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, object_type=OBJECT_TYPE, object_id=referral_id
    ).jobseeker
    referral = Referral.objects.of(jobseeker).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    return referral


@router.put(
    "/jobseekers/{jobseeker_id}/referrals/{referral_id}/outcome",
    response=ReferralOut,
    summary="Record how a referral went (send the version you read)",
    openapi_extra=problems(409),
)
def referral_outcome(
    request: HttpRequest, jobseeker_id: Id, referral_id: Id, payload: ReferralOutcomeIn
) -> Referral:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type=OBJECT_TYPE, object_id=referral_id
    ).jobseeker
    return services.referral_record_outcome(
        jobseeker=jobseeker,
        actor=_actor(request),
        referral_id=referral_id,
        version=payload.version,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        note=payload.note,
    )
