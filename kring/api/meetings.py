"""API endpoints of network meetings: the meeting, who thinks along, and the plan.

The same services and access rules as the pages: a coach with an edit grant may change a
meeting, a view grant reads, anyone else gets 404; a contact that is not in the job seeker's
network is not found (404). A change sent with a stale `version` answers 409 with the meeting
as it is now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from kring.accounts.access import Access, get_jobseeker_for
from kring.accounts.access import request_user as _actor
from kring.api.problems import Count, Id, problems
from kring.core.errors import NotFound
from kring.meetings import selectors, services
from kring.meetings.models import (
    AGENDA_MAX,
    EVALUATION_MAX,
    PLACE_MAX,
    QUESTION_MAX,
    TASK_MAX,
    CircleMeeting,
    Invitee,
    PlanItem,
)
from kring.network.models import LABEL_MAX

router = Router(tags=["meetings"])

WhoName = Literal["jobseeker", "coach", "contact"]
TaskKindName = Literal[
    "information", "job_leads", "introduction", "reference", "practical_help", "support"
]
AnswerName = Literal["coming", "not_coming"]


class MeetingIn(Schema):
    question: str = Field(max_length=QUESTION_MAX, description="the job seeker's question")
    meets_on: dt.date | None = None
    starts_at: dt.time | None = None
    place: str = Field(default="", max_length=PLACE_MAX)
    agenda: str = Field(default="", max_length=AGENDA_MAX)
    evaluate_on: dt.date | None = Field(
        default=None, description="default: four weeks after meets_on"
    )


class MeetingChangeIn(MeetingIn):
    version: Count = Field(description="the version you read; a stale version answers 409")


class EvaluationIn(Schema):
    version: Count = Field(description="the version you read; a stale version answers 409")
    evaluation: str = Field(max_length=EVALUATION_MAX, description="how it went, what is next")
    evaluated_on: dt.date | None = Field(default=None, description="default: today")


class InviteeIn(Schema):
    contact_id: Id | None = Field(default=None, description="a contact of this job seeker")
    new_label: str = Field(
        default="",
        max_length=LABEL_MAX,
        description="or a new person, added to the network (first name or nickname)",
    )
    suggested_by_id: Id | None = Field(
        default=None, description='the contact who named them ("who else would think along?")'
    )


class AnswerIn(Schema):
    answer: AnswerName


class InviteeOut(Schema):
    id: int
    contact_id: int
    contact_label: str
    suggested_by_id: int | None
    ask_id: int | None = Field(description="the invitation, an ask of the plan; null: not sent")
    answer: str = Field(description="not_invited, invited, coming or not_coming")


class ItemIn(Schema):
    who: WhoName
    contact_id: Id | None = Field(default=None, description='for who="contact"')
    task: str = Field(max_length=TASK_MAX)
    due_on: dt.date
    kind: TaskKindName = Field(
        default="practical_help", description="what a contact's ask is for (the plan's kinds)"
    )


class DoneIn(Schema):
    done: bool


class ItemOut(Schema):
    id: int
    who: str
    who_label: str
    contact_id: int | None
    task: str
    due_on: dt.date
    done: bool
    done_on: dt.date | None
    ask_id: int | None = Field(description="a contact's task is an ask of the plan")


class MeetingOut(Schema):
    id: int
    question: str
    meets_on: dt.date | None
    starts_at: dt.time | None
    place: str
    agenda: str
    evaluate_on: dt.date | None
    evaluated_on: dt.date | None
    evaluation: str
    version: int


class MeetingDetailOut(MeetingOut):
    invitees: list[InviteeOut]
    items: list[ItemOut]


def _invitee(invitee: Invitee) -> dict[str, Any]:
    return {
        "id": invitee.pk,
        "contact_id": invitee.contact_id,
        "contact_label": invitee.contact.label,
        "suggested_by_id": invitee.suggested_by_id,
        "ask_id": invitee.ask_id,
        "answer": invitee.answer,
    }


def meeting_out(meeting: CircleMeeting) -> dict[str, Any]:
    """Return the meeting with its list and plan, as the API shows it (also for a 409)."""
    data = MeetingOut.from_orm(meeting).model_dump(mode="json")
    data["invitees"] = [_invitee(i) for i in selectors.invitees_of(meeting)]
    data["items"] = [
        ItemOut.from_orm(item).model_dump(mode="json") for item in selectors.items_of(meeting)
    ]
    return data


def _edit(request: HttpRequest, jobseeker_id: int, meeting_id: int | str = "") -> Access:
    return get_jobseeker_for(
        request,
        jobseeker_id,
        need="edit",
        object_type="meeting" if meeting_id else "meetings",
        object_id=meeting_id,
    )


def _found(meeting: CircleMeeting | None) -> CircleMeeting:
    if meeting is None:
        raise NotFound
    return meeting


@router.get(
    "/jobseekers/{jobseeker_id}/meetings",
    response=list[MeetingOut],
    summary="The job seeker's network meetings, the latest first",
)
def meeting_list(request: HttpRequest, jobseeker_id: Id) -> list[CircleMeeting]:
    jobseeker = get_jobseeker_for(request, jobseeker_id, object_type="meetings").jobseeker
    return selectors.meetings_of(jobseeker)


@router.post(
    "/jobseekers/{jobseeker_id}/meetings",
    response={201: MeetingDetailOut},
    summary="Plan a network meeting (the evaluation defaults to four weeks after it)",
)
def meeting_create(
    request: HttpRequest, jobseeker_id: Id, payload: MeetingIn
) -> Status[dict[str, Any]]:
    jobseeker = _edit(request, jobseeker_id).jobseeker
    meeting = services.meeting_create(
        jobseeker=jobseeker, actor=_actor(request), **payload.model_dump()
    )
    return Status(201, meeting_out(meeting))


@router.get(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="One network meeting with who thinks along and its plan",
    openapi_extra=problems(404),
)
def meeting_read(request: HttpRequest, jobseeker_id: Id, meeting_id: Id) -> dict[str, Any]:
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, object_type="meeting", object_id=meeting_id
    ).jobseeker
    return meeting_out(_found(selectors.meeting_of(jobseeker, meeting_id)))


@router.put(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="Change a meeting's details (send the version you read)",
    openapi_extra=problems(404, 409),
)
def meeting_update(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, payload: MeetingChangeIn
) -> dict[str, Any]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    meeting = services.meeting_update(
        jobseeker=jobseeker, actor=_actor(request), meeting_id=meeting_id, **payload.model_dump()
    )
    return meeting_out(meeting)


@router.delete(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}",
    response={204: None},
    summary="Delete a meeting with its list and plan; its asks stay in the plan",
    openapi_extra=problems(404),
)
def meeting_delete(request: HttpRequest, jobseeker_id: Id, meeting_id: Id) -> Status[None]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    services.meeting_delete(jobseeker=jobseeker, meeting_id=meeting_id)
    return Status(204, None)


@router.put(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/evaluation",
    response=MeetingDetailOut,
    summary="Record the look back at the plan; the reminder stops",
    openapi_extra=problems(404, 409),
)
def meeting_evaluate(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, payload: EvaluationIn
) -> dict[str, Any]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    meeting = services.meeting_evaluate(
        jobseeker=jobseeker, actor=_actor(request), meeting_id=meeting_id, **payload.model_dump()
    )
    return meeting_out(meeting)


@router.post(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/invitees",
    response={201: InviteeOut},
    summary="Put a contact (or a new person) on the list (404: not in the network)",
    openapi_extra=problems(404),
)
def invitee_add(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, payload: InviteeIn
) -> Status[dict[str, Any]]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    invitee = services.invitee_add(
        jobseeker=jobseeker,
        actor=_actor(request),
        meeting_id=meeting_id,
        contact_id=payload.contact_id,
        new_label=payload.new_label,
        suggested_by_id=payload.suggested_by_id,
    )
    return Status(201, _invitee(invitee))


@router.post(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/invitees/{invitee_id}/invite",
    response=InviteeOut,
    summary="Record that the invitation went out: an ask to join the meeting",
    openapi_extra=problems(404),
)
def invitee_invite(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, invitee_id: Id
) -> dict[str, Any]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    invitee = services.invitee_invite(
        jobseeker=jobseeker, actor=_actor(request), meeting_id=meeting_id, invitee_id=invitee_id
    )
    return _invitee(invitee)


@router.put(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/invitees/{invitee_id}/answer",
    response=InviteeOut,
    summary="Record the answer: the invitation's outcome (coming makes an ally)",
    openapi_extra=problems(404),
)
def invitee_answer(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, invitee_id: Id, payload: AnswerIn
) -> dict[str, Any]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    invitee = services.invitee_answer(
        jobseeker=jobseeker,
        actor=_actor(request),
        meeting_id=meeting_id,
        invitee_id=invitee_id,
        coming=payload.answer == "coming",
    )
    return _invitee(invitee)


@router.delete(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/invitees/{invitee_id}",
    response={204: None},
    summary="Take someone off the list",
    openapi_extra=problems(404),
)
def invitee_remove(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, invitee_id: Id
) -> Status[None]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    services.invitee_remove(jobseeker=jobseeker, meeting_id=meeting_id, invitee_id=invitee_id)
    return Status(204, None)


@router.post(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/items",
    response={201: ItemOut},
    summary="Add who does what by when (404: a contact not in the network)",
    openapi_extra=problems(404),
)
def item_add(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, payload: ItemIn
) -> Status[PlanItem]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    item = services.item_add(
        jobseeker=jobseeker, actor=_actor(request), meeting_id=meeting_id, **payload.model_dump()
    )
    return Status(201, item)


@router.put(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/items/{item_id}/done",
    response=ItemOut,
    summary="Mark the job seeker's or the coach's task done (a contact's: its ask's outcome)",
    openapi_extra=problems(404),
)
def item_done(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, item_id: Id, payload: DoneIn
) -> PlanItem:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    return services.item_set_done(
        jobseeker=jobseeker,
        actor=_actor(request),
        meeting_id=meeting_id,
        item_id=item_id,
        done=payload.done,
    )


@router.delete(
    "/jobseekers/{jobseeker_id}/meetings/{meeting_id}/items/{item_id}",
    response={204: None},
    summary="Take a line off the plan",
    openapi_extra=problems(404),
)
def item_remove(
    request: HttpRequest, jobseeker_id: Id, meeting_id: Id, item_id: Id
) -> Status[None]:
    jobseeker = _edit(request, jobseeker_id, meeting_id).jobseeker
    services.item_remove(jobseeker=jobseeker, meeting_id=meeting_id, item_id=item_id)
    return Status(204, None)
