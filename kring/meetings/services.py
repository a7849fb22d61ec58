"""Every change to a network meeting: keyword-only, atomic, checked against its job seeker.

Callers have authorised the actor with `get_jobseeker_for` (which wrote the access log). A
contact named here must be in the job seeker's network (else NotFound: 404). New people come
into the network through the network's services; invitations and contacts' tasks become asks
through the plan's services, so the network's one hook and the plan's rules apply.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.core.errors import NotFound, VersionConflict
from kring.meetings.models import (
    AGENDA_MAX,
    EVALUATION_MAX,
    PLACE_MAX,
    QUESTION_MAX,
    TASK_MAX,
    CircleMeeting,
    Invitee,
    PlanItem,
    Who,
    default_evaluation,
)
from kring.network import services as network
from kring.network.models import Contact, Quadrant
from kring.plan import services as plan
from kring.plan.models import AskHow, AskKind, Outcome

# The furthest a date may lie ahead, as in the plan.
MAX_DAYS_AHEAD = plan.MAX_DAYS_AHEAD
# Check for an answer a week after the invitation, or the day before the meeting if sooner.
ANSWER_AFTER = timedelta(days=7)
# What a contact's task asks for, unless the caller says (the plan's list of kinds).
TASK_KINDS = [kind for kind in AskKind.values if kind != AskKind.MEETING]


def conflict_message() -> str:
    return _(
        "Someone else has just changed this network meeting. Nothing was saved. "
        "These are the current details; check them and try again."
    )


def _text(name: str, value: str, limit: int, *, required: bool = False) -> str:
    value = " ".join((value or "").split()) if name != "agenda" else (value or "").strip()
    if required and not value:
        raise ValidationError({name: _("Fill this in.")})
    if len(value) > limit:
        raise ValidationError({name: _("Write at most %(max)d characters.") % {"max": limit}})
    return value


def _future(name: str, value: date | None) -> None:
    if value is not None and (value - timezone.localdate()).days > MAX_DAYS_AHEAD:
        raise ValidationError({name: _("Choose a date within three years.")})


def _meeting(jobseeker: User, meeting_id: int, *, lock: bool = False) -> CircleMeeting:
    found = CircleMeeting.objects.of(jobseeker)
    if lock:
        found = found.select_for_update()
    meeting = found.filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound
    return meeting


def _contact(jobseeker: User, contact_id: int) -> Contact:
    contact = Contact.objects.filter(owner=jobseeker, pk=contact_id).first()
    if contact is None:
        raise NotFound
    return contact


def _details(
    *,
    question: str,
    meets_on: date | None,
    starts_at: time | None,
    place: str,
    agenda: str,
    evaluate_on: date | None,
) -> dict[str, Any]:
    _future("meets_on", meets_on)
    _future("evaluate_on", evaluate_on)
    if starts_at is not None and starts_at.tzinfo is not None:
        # A meeting's time is local, as the job seeker says it; the database keeps no zone.
        raise ValidationError({"starts_at": _("Give the time without a time zone.")})
    if meets_on is not None and evaluate_on is not None and evaluate_on < meets_on:
        raise ValidationError({"evaluate_on": _("Choose an evaluation date after the meeting.")})
    return {
        "question": _text("question", question, QUESTION_MAX, required=True),
        "meets_on": meets_on,
        "starts_at": starts_at,
        "place": _text("place", place, PLACE_MAX),
        "agenda": _text("agenda", agenda, AGENDA_MAX),
        # DOMAIN.md §7: the follow-up comes four weeks after the meeting unless chosen.
        "evaluate_on": evaluate_on or default_evaluation(meets_on),
    }


@transaction.atomic
def meeting_create(
    *,
    jobseeker: User,
    actor: User,
    question: str,
    meets_on: date | None = None,
    starts_at: time | None = None,
    place: str = "",
    agenda: str = "",
    evaluate_on: date | None = None,
) -> CircleMeeting:
    """Return a new network meeting of `jobseeker`; the evaluation defaults to 4 weeks after."""
    details = _details(
        question=question,
        meets_on=meets_on,
        starts_at=starts_at,
        place=place,
        agenda=agenda,
        evaluate_on=evaluate_on,
    )
    return CircleMeeting.objects.create(owner=jobseeker, created_by=actor, **details)


@transaction.atomic
def meeting_update(
    *,
    jobseeker: User,
    actor: User,
    meeting_id: int,
    version: int,
    question: str,
    meets_on: date | None = None,
    starts_at: time | None = None,
    place: str = "",
    agenda: str = "",
    evaluate_on: date | None = None,
) -> CircleMeeting:
    """Change a meeting's details; VersionConflict when someone saved it after `version`."""
    meeting = _meeting(jobseeker, meeting_id, lock=True)
    if meeting.version != version:
        raise VersionConflict(meeting, conflict_message())
    details = _details(
        question=question,
        meets_on=meets_on,
        starts_at=starts_at,
        place=place,
        agenda=agenda,
        evaluate_on=evaluate_on,
    )
    for name, value in details.items():
        setattr(meeting, name, value)
    meeting.version += 1
    meeting.save()
    return meeting


@transaction.atomic
def meeting_evaluate(
    *,
    jobseeker: User,
    actor: User,
    meeting_id: int,
    version: int,
    evaluation: str,
    evaluated_on: date | None = None,
) -> CircleMeeting:
    """Record the look back at the plan; the reminder stops."""
    meeting = _meeting(jobseeker, meeting_id, lock=True)
    if meeting.version != version:
        raise VersionConflict(meeting, conflict_message())
    _future("evaluated_on", evaluated_on)
    meeting.evaluation = _text("evaluation", evaluation, EVALUATION_MAX, required=True)
    meeting.evaluated_on = evaluated_on or timezone.localdate()
    meeting.version += 1
    meeting.save()
    return meeting


@transaction.atomic
def meeting_delete(*, jobseeker: User, meeting_id: int) -> None:
    """Delete a meeting with its list and plan; the asks stay in the plan as they are."""
    _meeting(jobseeker, meeting_id, lock=True).delete()


@transaction.atomic
def invitee_add(
    *,
    jobseeker: User,
    actor: User,
    meeting_id: int,
    contact_id: int | None = None,
    new_label: str = "",
    suggested_by_id: int | None = None,
) -> Invitee:
    """Put a contact on the meeting's list, or a new person (added to the network first).

    The snowball: `suggested_by_id` names the contact who thought of them. A new person they
    named is a new tie they brokered (is_new, introduced_by), in their quadrant at ring 3, as a
    new contact from an ask's outcome is. A contact not in the network is not found.
    """
    meeting = _meeting(jobseeker, meeting_id, lock=True)
    suggester = _contact(jobseeker, suggested_by_id) if suggested_by_id is not None else None
    if new_label.strip():
        fields: dict[str, Any] = {
            "label": new_label,
            "ring": 3,
            "quadrant": suggester.quadrant if suggester is not None else Quadrant.FRIENDS,
        }
        if suggester is not None:
            fields |= {"is_new": True, "introduced_by": suggester}
        contact = network.contact_create(jobseeker=jobseeker, **fields)
    elif contact_id is not None:
        contact = _contact(jobseeker, contact_id)
    else:
        raise ValidationError({"contact": _("Choose someone, or write a new name.")})
    if meeting.invitees.filter(contact=contact).exists():
        raise ValidationError(
            {"contact": _("%(name)s is already on the list.") % {"name": contact.label}}
        )
    return Invitee.objects.create(meeting=meeting, contact=contact, suggested_by=suggester)


def _invitee(jobseeker: User, meeting_id: int, invitee_id: int) -> Invitee:
    invitee = (
        Invitee.objects.select_for_update()
        .filter(meeting__owner=jobseeker, meeting_id=meeting_id, pk=invitee_id)
        .first()
    )
    if invitee is None:
        raise NotFound
    return invitee


@transaction.atomic
def invitee_invite(
    *, jobseeker: User, actor: User, meeting_id: int, invitee_id: int, how: str = AskHow.OTHER
) -> Invitee:
    """Record that the invitation went out: an ask "to join a network meeting" to the contact.

    Its follow-up, to check for an answer, is a week later or the day before the meeting.
    Inviting again changes nothing.
    """
    invitee = _invitee(jobseeker, meeting_id, invitee_id)
    if invitee.ask is not None:
        return invitee
    today = timezone.localdate()
    follow_up = today + ANSWER_AFTER
    meets_on = invitee.meeting.meets_on
    if meets_on is not None and meets_on > today:
        follow_up = min(follow_up, meets_on - timedelta(days=1))
    invitee.ask = plan.ask_create(
        jobseeker=jobseeker,
        actor=actor,
        contact_id=invitee.contact_id,
        kind=AskKind.MEETING,
        how=how,
        asked_on=today,
        follow_up=follow_up,
    )
    invitee.save(update_fields=["ask"])
    return invitee


@transaction.atomic
def invitee_answer(
    *, jobseeker: User, actor: User, meeting_id: int, invitee_id: int, coming: bool
) -> Invitee:
    """Record the answer as the invitation's outcome: coming makes them an ally (they agreed
    to think along, DOMAIN.md §2), and either answer means they know the job seeker is looking.
    """
    invitee = invitee_invite(
        jobseeker=jobseeker, actor=actor, meeting_id=meeting_id, invitee_id=invitee_id
    )
    assert invitee.ask is not None
    recorded = plan.ask_record_outcome(
        jobseeker=jobseeker,
        actor=actor,
        ask_id=invitee.ask.pk,
        version=invitee.ask.version,
        outcome=Outcome.HELPED if coming else Outcome.NO,
    )
    invitee.ask = recorded.ask
    return invitee


@transaction.atomic
def invitee_remove(*, jobseeker: User, meeting_id: int, invitee_id: int) -> None:
    """Take someone off the list; an invitation already sent stays in the plan as an ask."""
    _invitee(jobseeker, meeting_id, invitee_id).delete()


@transaction.atomic
def item_add(
    *,
    jobseeker: User,
    actor: User,
    meeting_id: int,
    who: str,
    task: str,
    due_on: date,
    contact_id: int | None = None,
    kind: str = AskKind.PRACTICAL_HELP,
) -> PlanItem:
    """Add "who does what by when" to the meeting's plan.

    A contact's task is also an ask of kind `kind` with the due day as its follow-up, so it is
    reminded of and its outcome makes an ally. A contact not in the network is not found.
    """
    meeting = _meeting(jobseeker, meeting_id, lock=True)
    if who not in Who.values:
        raise ValidationError({"who": _("Choose who does it.")})
    task = _text("task", task, TASK_MAX, required=True)
    _future("due_on", due_on)
    contact = None
    ask = None
    if who == Who.CONTACT:
        if contact_id is None:
            raise ValidationError({"contact": _("Choose who from your network does it.")})
        contact = _contact(jobseeker, contact_id)
        if kind not in TASK_KINDS:
            raise ValidationError({"kind": _("Choose what you ask.")})
        ask = plan.ask_create(
            jobseeker=jobseeker,
            actor=actor,
            contact_id=contact.pk,
            kind=kind,
            how=AskHow.IN_PERSON,
            asked_on=min(meeting.meets_on or timezone.localdate(), timezone.localdate()),
            follow_up=due_on,
            note=task,
        )
    return PlanItem.objects.create(
        meeting=meeting,
        who=who,
        contact=contact,
        task=task,
        due_on=due_on,
        ask=ask,
        created_by=actor,
    )


def _item(jobseeker: User, meeting_id: int, item_id: int) -> PlanItem:
    item = (
        PlanItem.objects.select_for_update()
        .filter(meeting__owner=jobseeker, meeting_id=meeting_id, pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound
    return item


@transaction.atomic
def item_set_done(
    *, jobseeker: User, actor: User, meeting_id: int, item_id: int, done: bool
) -> PlanItem:
    """Mark the job seeker's or the coach's task done (or not yet).

    A contact's task ends with its ask's outcome instead: one place to say how it went.
    """
    item = _item(jobseeker, meeting_id, item_id)
    if item.who == Who.CONTACT:
        raise ValidationError(
            {"done": _("Write down how it went at the ask to this person, in your plan.")}
        )
    item.done_on = (item.done_on or timezone.localdate()) if done else None
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def item_remove(*, jobseeker: User, meeting_id: int, item_id: int) -> None:
    """Take a line off the plan; a contact's ask stays in the plan as it is."""
    _item(jobseeker, meeting_id, item_id).delete()
