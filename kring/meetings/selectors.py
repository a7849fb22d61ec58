"""Reads of network meetings, each with what its page shows in one or two queries."""

from __future__ import annotations

from kring.accounts.models import User
from kring.meetings.models import CircleMeeting, Invitee, PlanItem


def meetings_of(jobseeker: User) -> list[CircleMeeting]:
    """Return the job seeker's meetings, the latest first (no date yet: first of all)."""
    return list(CircleMeeting.objects.of(jobseeker).order_by("-meets_on", "-id"))


def meeting_of(jobseeker: User, meeting_id: int) -> CircleMeeting | None:
    return CircleMeeting.objects.of(jobseeker).filter(pk=meeting_id).first()


def invitees_of(meeting: CircleMeeting) -> list[Invitee]:
    return list(meeting.invitees.select_related("contact", "suggested_by", "ask"))


def items_of(meeting: CircleMeeting) -> list[PlanItem]:
    return list(meeting.items.select_related("contact", "ask"))
