"""API endpoints for imports (preview, confirm, restore) and exports (files and all data).

Same services and access rules as the pages: imports need an edit grant, exports a view
grant; anything else answers 404. A refused file answers 422 with the message and the line.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field

from kring.accounts.access import get_jobseeker_for
from kring.accounts.access import request_user as _actor
from kring.accounts.models import User
from kring.api.problems import Count, Id, problems
from kring.core.http import attachment
from kring.core.models import Action
from kring.core.ratelimit import limit
from kring.exchange import exports, imports, restore
from kring.exchange.forms import read_upload
from kring.exchange.imports import Decision
from kring.exchange.messages import ImportRefused
from kring.exchange.models import ImportPreview

router = Router(tags=["import and export"])

ImportFormat = Literal["auto", "vcard", "linkedin", "google", "outlook", "kring"]
ExportKind = Literal["graphml", "gexf", "contacts-csv", "ties-csv"]
QuadrantName = Literal["family", "friends", "work_school_club", "professional"]


class MatchOut(Schema):
    id: int
    label: str
    occupation: str


class PreviewRowOut(Schema):
    index: int = Field(description="refer to the row by this number when confirming")
    line: int = Field(description="line in the file where this person starts")
    label: str
    occupation: str
    organisation_hint: str = Field(description="company from the file; shown, never stored")
    quadrant: QuadrantName
    ring: int
    role: str
    sector: str
    status: Literal["new", "duplicate", "imported"] = Field(
        description="new: added by default; duplicate: looks like an existing contact, "
        "skipped by default; imported: imported before, never added again"
    )
    matches: list[MatchOut] = Field(description="existing contacts this person looks like")


class SkippedOut(Schema):
    line: int
    reason: str


class PreviewOut(Schema):
    preview_id: UUID
    format: str
    encoding: str
    found: int
    new: int
    duplicates: int
    imported: int
    room: int = Field(description="how many people the network can still take")
    rows: list[PreviewRowOut]
    skipped: list[SkippedOut]
    dropped_fields: list[str] = Field(description="kinds of data in the file that are thrown away")


class DecisionIn(Schema):
    row: Count = Field(description="index of a preview row")
    action: Literal["add", "skip", "merge"]
    contact_id: Id | None = Field(default=None, description="for merge: the existing contact")
    ring: int | None = Field(default=None, ge=0, le=4)
    quadrant: QuadrantName | None = None


class ConfirmIn(Schema):
    decisions: list[DecisionIn] = Field(
        default_factory=list,
        description="rows not listed follow `others`",
    )
    others: Literal["default", "skip"] = Field(
        default="default",
        description=(
            "rows not listed in `decisions`: `default` adds the new ones and skips the others; "
            "`skip` skips them all, for choosing a few people from a file larger than `room`"
        ),
    )


class ImportResultOut(Schema):
    added: list[int] = Field(description="ids of the new contacts")
    merged: list[int] = Field(description="ids of the existing contacts that were filled in")
    skipped: int
    already_imported: int


class RestoreOut(Schema):
    contacts: int
    ties: int
    snapshots: int
    instruments: int
    asks: int
    referrals: int
    meetings: int
    coach_suggestions: int = Field(description="ideas of coaches in the plan")


def _problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any) -> Any:
    from kring.api.api import problem

    return problem(request, status, title, detail, **extra)


def _refused(request: HttpRequest, refused: ImportRefused) -> Any:
    return _problem(request, 422, "File refused", refused.message, line=refused.line)


def _preview_for(
    request: HttpRequest, jobseeker_id: int, preview_id: UUID
) -> tuple[User, ImportPreview]:
    """Return the job seeker the actor may edit and their import preview; 404 otherwise."""
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="import", object_id=str(preview_id)
    ).jobseeker
    preview = imports.get_preview(jobseeker, preview_id)
    if preview is None:
        raise Http404
    return jobseeker, preview


def _preview_out(preview: Any) -> dict[str, Any]:
    data = preview.data
    counts = imports.summary_counts(preview)
    return {
        "preview_id": preview.pk,
        "format": data["format"],
        "encoding": data["encoding"],
        "found": counts["found"],
        "new": counts["new"],
        "duplicates": counts["duplicates"],
        "imported": counts["imported"],
        "room": data["room"],
        "rows": data["rows"],
        "skipped": imports.shown_skipped(preview),
        "dropped_fields": imports.shown_dropped(preview),
    }


@router.post(
    "/jobseekers/{jobseeker_id}/import/preview",
    response={201: PreviewOut},
    openapi_extra=problems(404, 422, 429),
    summary="Upload a contact file and get a preview; nothing is stored yet",
)
def import_preview(
    request: HttpRequest,
    jobseeker_id: Id,
    file: File[UploadedFile],
    format: Form[ImportFormat] = "auto",
) -> Any:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="import"
    ).jobseeker
    limit("import", f"user:{request.user.pk}")
    try:
        data = read_upload(file)
        preview = imports.import_preview(
            actor=_actor(request),
            jobseeker=jobseeker,
            data=data,
            format=format,
            filename=file.name or "",
        )
    except ImportRefused as refused:
        return _refused(request, refused)
    return Status(201, _preview_out(preview))


# Before the {preview_id} routes, so that 'restore' is not read as a preview id.
@router.post(
    "/jobseekers/{jobseeker_id}/import/restore",
    response={201: RestoreOut},
    openapi_extra=problems(404, 422, 429),
    summary="Restore a Kring export zip into an empty network",
)
def import_restore(request: HttpRequest, jobseeker_id: Id, file: File[UploadedFile]) -> Any:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="import", object_id="restore"
    ).jobseeker
    limit("import", f"user:{request.user.pk}")
    try:
        outcome = restore.import_user_data(
            actor=_actor(request), jobseeker=jobseeker, data=read_upload(file)
        )
    except ImportRefused as refused:
        return _refused(request, refused)
    return Status(201, outcome.__dict__)


@router.get(
    "/jobseekers/{jobseeker_id}/import/{preview_id}",
    response=PreviewOut,
    openapi_extra=problems(404),
    summary="Read a preview again (previews live two hours)",
)
def import_preview_read(request: HttpRequest, jobseeker_id: Id, preview_id: UUID) -> Any:
    _jobseeker, preview = _preview_for(request, jobseeker_id, preview_id)
    return _preview_out(preview)


@router.post(
    "/jobseekers/{jobseeker_id}/import/{preview_id}/confirm",
    response={200: ImportResultOut},
    openapi_extra=problems(404, 422),
    summary="Confirm a preview with a decision per row: all or nothing",
)
def import_confirm(
    request: HttpRequest, jobseeker_id: Id, preview_id: UUID, payload: ConfirmIn
) -> Any:
    jobseeker, preview = _preview_for(request, jobseeker_id, preview_id)
    decisions: dict[int, Decision] = {}
    for item in payload.decisions:
        if item.row in decisions:
            raise ValidationError(f"row {item.row} has two decisions")
        decisions[item.row] = Decision(item.action, item.contact_id, item.ring, item.quadrant)
    if payload.others == "skip":
        for row in range(len(preview.data["rows"])):
            decisions.setdefault(row, Decision("skip"))
    outcome = imports.import_confirm(
        actor=_actor(request), jobseeker=jobseeker, preview_id=preview_id, decisions=decisions
    )
    return {
        "added": outcome.added,
        "merged": outcome.merged,
        "skipped": outcome.skipped,
        "already_imported": outcome.already_imported,
    }


def _binary(content_type: str, description: str) -> dict[int, Any]:
    return {
        200: {
            "description": description,
            "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


EXPORT_RESPONSES: dict[int, Any] = {
    200: {
        "description": "the network as a file",
        "content": {
            content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for content_type, _name in exports.NETWORK_FORMATS.values()
        },
    }
}


@router.get(
    "/jobseekers/{jobseeker_id}/export/{kind}",
    openapi_extra=problems(404, 429, extra=EXPORT_RESPONSES),
    summary="The network as GraphML, GEXF, or CSV (contacts or ties)",
)
def export_network(request: HttpRequest, jobseeker_id: Id, kind: ExportKind) -> Any:
    user = _actor(request)
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, action=Action.EXPORT, object_type=f"export_{kind}"
    ).jobseeker
    limit("export", f"user:{user.pk}")
    content, content_type, filename = exports.network_export(jobseeker, kind)
    return attachment(content, content_type, filename)


@router.get(
    "/me/export",
    openapi_extra=problems(
        429, extra=_binary("application/zip", "everything Kring holds about you: JSON + CSV")
    ),
    tags=["account"],
    summary="Download all my data (zip)",
)
def export_me(request: HttpRequest) -> Any:
    user = _actor(request)
    limit("export", f"user:{user.pk}")
    zipped = exports.all_data_download(user=user, request=request)
    return attachment(zipped, "application/zip", "kring-export.zip")
