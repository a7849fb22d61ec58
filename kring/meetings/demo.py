"""The demo's network meeting: Sanne plans one with four people (seed_demo); safe to run again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kring.meetings import services
from kring.meetings.forms import default_agenda
from kring.meetings.models import CircleMeeting
from kring.network.models import Contact

DEMO_JOBSEEKER = "sanne@demo.kring.test"


@transaction.atomic
def seed_meetings(users: dict[str, Any]) -> None:
    """Give Sanne a meeting in two weeks with invitees, unless she has a meeting already."""
    sanne = users.get(DEMO_JOBSEEKER)
    if sanne is None or CircleMeeting.objects.filter(owner=sanne).exists():
        return
    # Her closest people first: they are the ones a job seeker asks to think along.
    people = list(Contact.objects.filter(owner=sanne, ring__in=[1, 2]).order_by("ring", "id")[:4])
    if len(people) < 2:
        return
    today = timezone.localdate()
    meeting = services.meeting_create(
        jobseeker=sanne,
        actor=sanne,
        question="Hoe vind ik werk in de zorg, dicht bij huis?",
        meets_on=today + timedelta(days=14),
        starts_at=None,
        place="Bij mij thuis",
        agenda=default_agenda(),
    )
    invitees = [
        services.invitee_add(
            jobseeker=sanne, actor=sanne, meeting_id=meeting.pk, contact_id=person.pk
        )
        for person in people
    ]
    services.invitee_answer(
        jobseeker=sanne,
        actor=sanne,
        meeting_id=meeting.pk,
        invitee_id=invitees[0].pk,
        coming=True,
    )
    services.invitee_invite(
        jobseeker=sanne, actor=sanne, meeting_id=meeting.pk, invitee_id=invitees[1].pk
    )
    # The snowball: the first person named someone new who wants to think along.
    services.invitee_add(
        jobseeker=sanne,
        actor=sanne,
        meeting_id=meeting.pk,
        new_label="Marloes",
        suggested_by_id=people[0].pk,
    )
