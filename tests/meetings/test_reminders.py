"""The 4-week look back and the plan's tasks in the daily digest; the demo meeting."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from kring.accounts.models import User
from kring.meetings import services
from kring.meetings.models import CircleMeeting, Invitee
from kring.network.models import Contact
from kring.plan import reminders

pytestmark = pytest.mark.django_db
MEETS_ON = date(2026, 6, 1)


def run(day: date) -> str:
    out = StringIO()
    call_command("send_due_reminders", f"--date={day.isoformat()}", stdout=out)
    return out.getvalue()


def test_it_reminds_of_the_look_back_four_weeks_after_the_meeting(jobseeker: User) -> None:
    meeting = services.meeting_create(
        jobseeker=jobseeker, actor=jobseeker, question="Welk werk?", meets_on=MEETS_ON
    )
    reminders.set_email_digest(user=jobseeker, enabled=True)
    assert "0 digests made" in run(MEETS_ON + timedelta(days=27))
    assert "1 digests made, 1 e-mails sent" in run(MEETS_ON + timedelta(days=28))
    assert "Netwerkberaad: kijk samen terug naar het plan (29-06-2026)" in mail.outbox[0].body
    services.meeting_evaluate(
        jobseeker=jobseeker,
        actor=jobseeker,
        meeting_id=meeting.pk,
        version=meeting.version,
        evaluation="Twee gesprekken gehad.",
    )
    assert "0 digests made" in run(MEETS_ON + timedelta(days=29))


def test_it_reminds_of_own_and_coach_tasks_until_done(jobseeker: User) -> None:
    meeting = services.meeting_create(jobseeker=jobseeker, actor=jobseeker, question="Welk werk?")
    item = services.item_add(
        jobseeker=jobseeker,
        actor=jobseeker,
        meeting_id=meeting.pk,
        who="jobseeker",
        task="Cv maken",
        due_on=MEETS_ON,
    )
    due = reminders.due_items(jobseeker=jobseeker, day=MEETS_ON)
    assert [d.text for d in due] == ["Netwerkberaad, ik: Cv maken"]
    assert due[0].path.endswith(f"/meetings/{meeting.pk}/#plan")
    services.item_set_done(
        jobseeker=jobseeker, actor=jobseeker, meeting_id=meeting.pk, item_id=item.pk, done=True
    )
    assert reminders.due_items(jobseeker=jobseeker, day=MEETS_ON) == []


def test_it_seeds_sanne_a_valid_meeting_once() -> None:
    call_command("seed_demo", quiet=True)
    call_command("seed_demo", quiet=True)
    meeting = CircleMeeting.objects.get(owner__email="sanne@demo.kring.test")
    meeting.full_clean()
    assert meeting.evaluate_on == meeting.meets_on + timedelta(weeks=4)  # type: ignore[operator]
    invitees = Invitee.objects.filter(meeting=meeting).select_related("contact", "ask")
    assert {i.answer for i in invitees} == {"coming", "invited", "not_invited"}
    marloes = Contact.objects.get(owner=meeting.owner, label="Marloes")
    assert marloes.is_new and marloes.introduced_by_id is not None
    assert all(i.contact.owner_id == meeting.owner_id for i in invitees)
