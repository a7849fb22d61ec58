"""Due-item sources: apps above the plan add their due things to the digest and the plan page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.plan import reminders
from kring.plan.models import ReminderDigest
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
DAY = date(2026, 5, 12)


class OneThing:
    """A source with one due thing for one person, from `due_on` on."""

    def __init__(self, owner: User, due_on: date) -> None:
        self.owner = owner
        self.due_on = due_on

    def owner_ids(self, day: date) -> Iterable[int]:
        return [self.owner.pk] if self.due_on <= day else []

    def due(self, jobseeker: User, day: date) -> list[reminders.DueItem]:
        if jobseeker.pk != self.owner.pk or self.due_on > day:
            return []
        return [reminders.DueItem("Bel de bakker", self.due_on, "/somewhere/")]


@pytest.fixture
def source(jobseeker: User) -> Iterator[OneThing]:
    thing = OneThing(jobseeker, DAY - timedelta(days=1))
    saved = dict(reminders._SOURCES)
    reminders.register_due_source("test", thing)
    yield thing
    reminders._SOURCES.clear()
    reminders._SOURCES.update(saved)


def test_it_makes_a_digest_for_a_person_with_only_a_source_item_due(
    jobseeker: User, source: OneThing
) -> None:
    reminders.set_email_digest(user=jobseeker, enabled=True)
    out = StringIO()
    call_command("send_due_reminders", f"--date={DAY.isoformat()}", stdout=out)
    assert "1 digests made, 1 e-mails sent" in out.getvalue()
    assert "- Bel de bakker (11-05-2026)" in mail.outbox[0].body
    assert ReminderDigest.objects.filter(user=jobseeker, day=DAY).count() == 1


def test_it_makes_no_digest_before_the_item_is_due(jobseeker: User, source: OneThing) -> None:
    out = StringIO()
    call_command(
        "send_due_reminders", f"--date={(DAY - timedelta(days=2)).isoformat()}", stdout=out
    )
    assert "0 digests made" in out.getvalue()


def test_it_registers_a_source_once_under_its_name(jobseeker: User, source: OneThing) -> None:
    reminders.register_due_source("test", source)
    assert len(reminders.due_items(jobseeker=jobseeker, day=DAY)) == 1


def test_it_lists_source_items_on_the_plan_page(jobseeker: User, source: OneThing) -> None:
    source.due_on = timezone.localdate()
    body = client_for(jobseeker).get(reverse("plan:plan", args=[jobseeker.pk])).content.decode()
    assert '<a href="/somewhere/">Bel de bakker</a>' in body
