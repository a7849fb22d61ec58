"""API endpoints of coaching: a coach's caseload, and the notes about a job seeker.

The same functions and access rules as the pages: the caseload is for coaches (403 for
others), notes are read by the job seeker and coaches with a grant, written by coaches with an
edit grant (404 for anyone else). Unknown filter or order values are left out and named in
`ignored`, as the page does.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kring.accounts.access import get_jobseeker_for, require_role
from kring.accounts.access import request_user as _actor
from kring.accounts.models import Role, User
from kring.api.problems import Id, problems
from kring.coaching import services
from kring.coaching.caseload import (
    FILTERS,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    SEARCH_MAX,
    SORTS,
    CaseloadQuery,
    caseload_for,
    log_shown,
)
from kring.coaching.models import NOTE_TEXT_MAX, Note
from kring.core.errors import NotFound

router = Router(tags=["coaching"])


class CaseloadParams(Schema):
    q: str = Field(default="", max_length=SEARCH_MAX, description="part of a name")
    filter: list[str] = Field(
        default=[],
        max_length=20,
        description=f"any of {', '.join(FILTERS)}; lights widen each other, the rest narrow. "
        "Unknown values are left out and named in `ignored`.",
    )
    sort: str = Field(
        default="light", max_length=40, description=f"one of {', '.join(SORTS)} (unknown: light)"
    )
    page: int = Field(default=1, ge=1, le=1_000_000)
    page_size: int = Field(default=PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class CaseloadRowOut(Schema):
    jobseeker_id: int
    name: str
    can_edit: bool
    light: str = Field(description='"red", "orange", "green", or "" before the first summary')
    size: int
    supportive: int
    allies: int
    aware: int = Field(description="contacts who know the job seeker is looking for work")
    previous_light: str = Field(description='the light at the last moment, "" without one')
    moment_at: dt.datetime | None
    supportive_change: int | None = Field(description="since the last moment; null without one")
    allies_change: int | None
    last_activity: dt.datetime
    open_asks: int
    overdue: int = Field(description="asks whose follow-up date has passed")


class CaseloadOut(Schema):
    count: int
    page: int
    pages: int
    ignored: list[str]
    lights: dict[str, int] = Field(description='job seekers per light; "" = no light yet')
    items: list[CaseloadRowOut]


@router.get(
    "/caseload",
    response=CaseloadOut,
    summary="Your caseload (coaches): job seekers with an active grant, a page at a time",
    openapi_extra=problems(403),
)
def caseload(request: HttpRequest, params: Query[CaseloadParams]) -> dict[str, object]:
    coach = require_role(request, Role.COACH)
    query = CaseloadQuery.parse(
        search=params.q,
        filters=params.filter,
        sort=params.sort,
        page=params.page,
        page_size=params.page_size,
    )
    result = caseload_for(coach, query)
    log_shown(request, coach, result.rows)
    return {
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "ignored": list(query.ignored),
        "lights": result.lights,
        "items": result.rows,
    }


class NoteIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=NOTE_TEXT_MAX,
        description="The job seeker reads it. Do not write about health, religion or origin.",
    )


class NoteOut(Schema):
    id: int
    author_id: int | None = Field(description="null: the coach's account was deleted")
    author_name: str
    text: str
    created_at: dt.datetime
    edited_at: dt.datetime | None


def _note(note: Note) -> dict[str, object]:
    return {
        "id": note.pk,
        "author_id": note.author_id,
        "author_name": note.author.name if note.author else "",
        "text": note.text,
        "created_at": note.created_at,
        "edited_at": note.edited_at,
    }


@router.get(
    "/jobseekers/{jobseeker_id}/notes",
    response=list[NoteOut],
    summary="The coaches' notes about a job seeker, newest first",
    openapi_extra=problems(404),
)
def notes(request: HttpRequest, jobseeker_id: Id) -> list[dict[str, object]]:
    jobseeker, _editable = get_jobseeker_for(request, jobseeker_id, object_type="notes")
    return [_note(n) for n in Note.objects.of(jobseeker.pk).select_related("author")]


def _writer(request: HttpRequest, jobseeker_id: int, note_id: int | str = "") -> tuple[User, User]:
    jobseeker, _editable = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="note", object_id=note_id
    )
    author = _actor(request)
    if author.role != Role.COACH:
        raise NotFound  # job seekers read the notes about them; coaches write them
    return jobseeker, author


@router.post(
    "/jobseekers/{jobseeker_id}/notes",
    response={201: NoteOut},
    summary="Write a note (coaches with an edit grant); the job seeker reads it",
    openapi_extra=problems(404),
)
def note_create(request: HttpRequest, jobseeker_id: Id, body: NoteIn) -> Status[dict[str, object]]:
    jobseeker, author = _writer(request, jobseeker_id)
    note = services.note_create(jobseeker=jobseeker, author=author, text=body.text)
    return Status(201, _note(note))


@router.put(
    "/jobseekers/{jobseeker_id}/notes/{note_id}",
    response=NoteOut,
    summary="Change your own note",
    openapi_extra=problems(404),
)
def note_edit(
    request: HttpRequest, jobseeker_id: Id, note_id: Id, body: NoteIn
) -> dict[str, object]:
    jobseeker, author = _writer(request, jobseeker_id, note_id)
    note = services.note_edit(jobseeker=jobseeker, author=author, note_id=note_id, text=body.text)
    return _note(note)
