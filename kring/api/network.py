"""API endpoints for a job seeker's network: contacts, ties, moments (snapshots).

Same services and access rules as the pages: reads need a view grant, writes an edit grant;
anything else answers 404. A stale `version` answers 409 with the contact as it is now.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from kring.accounts.access import get_jobseeker_for
from kring.accounts.access import request_user as _actor
from kring.analysis import schema as domain
from kring.api.pagination import paginated
from kring.api.problems import Count, Id, problems
from kring.network import services
from kring.network.compare import compare
from kring.network.models import LABEL_MAX, NOTE_MAX, OCCUPATION_MAX, Contact, Snapshot, Tie
from kring.network.moments import check_moment

router = Router(tags=["network"])

# The closed answers of DOMAIN.md §3 come from the one Django-free list (kring.analysis.schema);
# the schemas turn them into OpenAPI enums. Type checkers see plain strings.
if TYPE_CHECKING:
    QuadrantName: TypeAlias = str
    RoleName: TypeAlias = str
    FunctionName: TypeAlias = str
    SectorLetter: TypeAlias = str
    FrequencyName: TypeAlias = str
    NormalisesName: TypeAlias = str
    KnowsName: TypeAlias = str
    ApproachableName: TypeAlias = str
    EmploymentName: TypeAlias = str
else:
    QuadrantName = Literal[domain.QUADRANTS]
    RoleName = Literal[(*domain.ROLES, "")]
    FunctionName = Literal[domain.FUNCTIONS]
    SectorLetter = Literal[(*domain.SECTORS, "")]
    FrequencyName = Literal[(*domain.CONTACT_FREQUENCIES, "")]
    NormalisesName = Literal[domain.NORMALISES]
    KnowsName = Literal[domain.KNOWS_SEARCHING]
    ApproachableName = Literal[domain.APPROACHABLE]
    EmploymentName = Literal[domain.EMPLOYMENT]


class ContactFields(Schema):
    """Every field of the contact record (DOMAIN.md §3)."""

    label: str = Field(max_length=LABEL_MAX, description="First name or nickname")
    quadrant: QuadrantName
    ring: int = Field(ge=0, le=4, description="1 very close … 4 at a distance; 0 = could approach")
    role: RoleName = ""
    functions: list[FunctionName] = Field(default_factory=list)
    potential_functions: list[FunctionName] = Field(default_factory=list)
    influence: int = Field(
        default=0, ge=-2, le=2, description="−2 very discouraging … +2 very supportive"
    )
    normalises_unemployment: NormalisesName = "unknown"
    knows_searching: KnowsName = "unknown"
    approachable: ApproachableName = "maybe"
    employment: EmploymentName = "unknown"
    sector: SectorLetter = ""
    occupation: str = Field(default="", max_length=OCCUPATION_MAX)
    isco_code: str = Field(default="", max_length=4)
    in_target_sector: bool | None = None
    can_introduce: bool | None = None
    can_hire: bool | None = None
    contact_frequency: FrequencyName = ""
    last_contact: date | None = None
    is_new: bool = False
    introduced_by: Id | None = Field(default=None, description="id of another contact")
    note: str = Field(
        default="", max_length=NOTE_MAX, description="Do not write about health, religion or origin"
    )


class ContactIn(ContactFields):
    pass


class ContactUpdate(ContactFields):
    version: Count = Field(description="the version you read; a stale version answers 409")


class ContactOut(ContactFields):
    id: int
    version: int

    @staticmethod
    def resolve_introduced_by(obj: Contact) -> int | None:
        return obj.introduced_by_id


class MoveIn(Schema):
    ring: int = Field(ge=0, le=4)
    quadrant: str = Field(max_length=40)
    version: Count


class TieIn(Schema):
    a: Id = Field(description="id of a contact")
    b: Id = Field(description="id of another contact of the same job seeker")
    strength: int = Field(default=1, ge=1, le=2, description="1 know each other, 2 close")


class TieOut(Schema):
    id: int
    a: int
    b: int
    strength: int

    @staticmethod
    def resolve_a(obj: Tie) -> int:
        return obj.a_id

    @staticmethod
    def resolve_b(obj: Tie) -> int:
        return obj.b_id


class SnapshotIn(Schema):
    name: str = Field(default="", max_length=80)


class SnapshotSummary(Schema):
    id: int
    name: str
    taken_at: str
    contact_count: int

    @staticmethod
    def resolve_taken_at(obj: Snapshot) -> str:
        return obj.taken_at.isoformat()


class SnapshotOut(SnapshotSummary):
    data: dict[str, Any]


class ChangeOut(Schema):
    contact_id: int
    label: str
    before_ring: int | None
    before_quadrant: str | None
    after_ring: int | None
    after_quadrant: str | None


class ComparisonOut(Schema):
    a: int
    b: int
    added: list[ChangeOut]
    removed: list[ChangeOut]
    moved: list[ChangeOut]
    unchanged: int


@router.get(
    "/jobseekers/{jobseeker_id}/contacts",
    response=list[ContactOut],
    summary="Contacts of a job seeker's network",
)
@paginated
def contacts_list(request: HttpRequest, jobseeker_id: Id):  # type: ignore[no-untyped-def]
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="contact").jobseeker
    return Contact.objects.filter(owner=jobseeker).order_by("label", "id")


@router.post(
    "/jobseekers/{jobseeker_id}/contacts", response={201: ContactOut}, summary="Add a contact"
)
def contact_create(request: HttpRequest, jobseeker_id: Id, payload: ContactIn) -> Status[Contact]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="contact"
    ).jobseeker
    contact = services.contact_create(jobseeker=jobseeker, **payload.model_dump())
    return Status(201, contact)


@router.get(
    "/jobseekers/{jobseeker_id}/contacts/{contact_id}", response=ContactOut, summary="One contact"
)
def contact_read(request: HttpRequest, jobseeker_id: Id, contact_id: Id) -> Contact:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, object_type="contact", object_id=contact_id
    ).jobseeker
    return get_object_or_404(Contact.objects.filter(owner=jobseeker), pk=contact_id)


@router.put(
    "/jobseekers/{jobseeker_id}/contacts/{contact_id}",
    response=ContactOut,
    openapi_extra=problems(409),
    summary="Change every field of a contact (send the version you read)",
)
def contact_update(
    request: HttpRequest, jobseeker_id: Id, contact_id: Id, payload: ContactUpdate
) -> Any:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="contact", object_id=contact_id
    ).jobseeker
    get_object_or_404(Contact.objects.filter(owner=jobseeker), pk=contact_id)
    fields = payload.model_dump()
    version = fields.pop("version")
    return services.contact_update(
        jobseeker=jobseeker,
        contact_id=contact_id,
        version=version,
        **fields,
    )


@router.post(
    "/jobseekers/{jobseeker_id}/contacts/{contact_id}/move",
    response=ContactOut,
    openapi_extra=problems(409),
    summary="Move a contact to another ring or quadrant",
)
def contact_move(request: HttpRequest, jobseeker_id: Id, contact_id: Id, payload: MoveIn) -> Any:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="contact", object_id=contact_id
    ).jobseeker
    get_object_or_404(Contact.objects.filter(owner=jobseeker), pk=contact_id)
    return services.contact_move(
        jobseeker=jobseeker,
        contact_id=contact_id,
        ring=payload.ring,
        quadrant=payload.quadrant,
        version=payload.version,
    )


@router.delete(
    "/jobseekers/{jobseeker_id}/contacts/{contact_id}",
    response={204: None},
    openapi_extra=problems(409),
    summary="Delete a contact and its ties (optionally only at ?version=)",
)
def contact_delete(
    request: HttpRequest, jobseeker_id: Id, contact_id: Id, version: Count | None = None
) -> Any:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="contact", object_id=contact_id
    ).jobseeker
    get_object_or_404(Contact.objects.filter(owner=jobseeker), pk=contact_id)
    services.contact_delete(jobseeker=jobseeker, contact_id=contact_id, version=version)
    return Status(204, None)


@router.get("/jobseekers/{jobseeker_id}/ties", response=list[TieOut], summary="Who knows whom")
@paginated
def ties_list(request: HttpRequest, jobseeker_id: Id):  # type: ignore[no-untyped-def]
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="ties").jobseeker
    return Tie.objects.filter(owner=jobseeker).order_by("a_id", "b_id")


@router.post(
    "/jobseekers/{jobseeker_id}/ties",
    response={201: TieOut},
    summary="Record that two contacts know each other",
)
def tie_create(request: HttpRequest, jobseeker_id: Id, payload: TieIn) -> Status[Tie]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, need="edit", object_type="ties").jobseeker
    tie = services.tie_set(
        jobseeker=jobseeker,
        first_id=payload.a,
        second_id=payload.b,
        strength=payload.strength,
    )
    return Status(201, tie)


@router.delete(
    "/jobseekers/{jobseeker_id}/ties/{tie_id}", response={204: None}, summary="Remove a tie"
)
def tie_delete(request: HttpRequest, jobseeker_id: Id, tie_id: Id) -> Status[None]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="ties", object_id=tie_id
    ).jobseeker
    services.tie_delete(jobseeker=jobseeker, tie_id=tie_id)
    return Status(204, None)


@router.get(
    "/jobseekers/{jobseeker_id}/snapshots", response=list[SnapshotSummary], summary="Saved moments"
)
@paginated
def snapshots_list(request: HttpRequest, jobseeker_id: Id):  # type: ignore[no-untyped-def]
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="snapshot").jobseeker
    return Snapshot.objects.filter(owner=jobseeker)


@router.post(
    "/jobseekers/{jobseeker_id}/snapshots",
    response={201: SnapshotOut},
    openapi_extra=problems(404, 422),
    summary="Save the network as it is now (at most 100 moments)",
)
def snapshot_create(
    request: HttpRequest, jobseeker_id: Id, payload: SnapshotIn
) -> Status[Snapshot]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="snapshot"
    ).jobseeker
    return Status(
        201, services.snapshot_create(actor=_actor(request), jobseeker=jobseeker, name=payload.name)
    )


@router.get(
    "/jobseekers/{jobseeker_id}/snapshots/compare",
    response=ComparisonOut,
    openapi_extra=problems(404, 422),
    summary="Compare two moments: added, removed and moved contacts",
)
def snapshots_compare(request: HttpRequest, jobseeker_id: Id, a: Id, b: Id) -> dict[str, Any]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="snapshot").jobseeker
    moments = Snapshot.objects.filter(owner=jobseeker)
    first = get_object_or_404(moments, pk=a)
    second = get_object_or_404(moments, pk=b)
    result = compare(check_moment(first.data), check_moment(second.data))
    return {
        "a": first.pk,
        "b": second.pk,
        "added": result.added,
        "removed": result.removed,
        "moved": result.moved,
        "unchanged": result.unchanged,
    }


@router.get(
    "/jobseekers/{jobseeker_id}/snapshots/{snapshot_id}",
    response=SnapshotOut,
    openapi_extra=problems(404, 422),
    summary="One moment with its frozen contacts and ties",
)
def snapshot_read(request: HttpRequest, jobseeker_id: Id, snapshot_id: Id) -> Snapshot:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, object_type="snapshot", object_id=snapshot_id
    ).jobseeker
    snapshot = get_object_or_404(Snapshot.objects.filter(owner=jobseeker), pk=snapshot_id)
    check_moment(snapshot.data)  # a moment stored before the checks may be damaged: 422
    return snapshot


@router.delete(
    "/jobseekers/{jobseeker_id}/snapshots/{snapshot_id}",
    response={204: None},
    openapi_extra=problems(404),
    summary="Delete a moment (the network itself does not change)",
)
def snapshot_delete(request: HttpRequest, jobseeker_id: Id, snapshot_id: Id) -> Status[None]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="snapshot", object_id=snapshot_id
    ).jobseeker
    services.snapshot_delete(jobseeker=jobseeker, snapshot_id=snapshot_id)
    return Status(204, None)


class TieStrengthIn(Schema):
    strength: int = Field(ge=1, le=2, description="1 know each other, 2 close")


@router.put(
    "/jobseekers/{jobseeker_id}/ties/{tie_id}",
    response=TieOut,
    summary="Change how well two contacts know each other",
)
def tie_update(request: HttpRequest, jobseeker_id: Id, tie_id: Id, payload: TieStrengthIn) -> Tie:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="ties", object_id=tie_id
    ).jobseeker
    tie = get_object_or_404(Tie, owner=jobseeker, pk=tie_id)
    return services.tie_set(
        jobseeker=jobseeker,
        first_id=tie.a_id,
        second_id=tie.b_id,
        strength=payload.strength,
        replace=True,
    )


class ProfileIO(Schema):
    target_occupation: str = Field(default="", max_length=OCCUPATION_MAX)
    target_sector: SectorLetter = ""
    region: str = Field(default="", max_length=80)
    languages: str = Field(default="", max_length=120)


@router.get(
    "/jobseekers/{jobseeker_id}/profile",
    response=ProfileIO,
    summary="What the job seeker is aiming for (target occupation and sector, region, languages)",
)
def profile_read(request: HttpRequest, jobseeker_id: Id) -> Any:
    from kring.network.models import NetworkProfile

    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="profile").jobseeker
    profile = NetworkProfile.objects.filter(jobseeker=jobseeker).first()
    return profile if profile is not None else ProfileIO()


@router.put("/jobseekers/{jobseeker_id}/profile", response=ProfileIO, summary="Change the profile")
def profile_update(request: HttpRequest, jobseeker_id: Id, payload: ProfileIO) -> Any:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="profile"
    ).jobseeker
    return services.profile_update(jobseeker=jobseeker, **payload.model_dump())
