"""Reminders: the daily digest command, the private calendar feed and the per-ask download."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from kring.accounts.models import Role, Scope, User
from kring.network import services as network
from kring.plan import ics, reminders, services
from kring.plan.models import Ask, ReminderDigest
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 5, 12)


def ask_with_follow_up(jobseeker: User, follow_up: date | None, label: str = "Anna") -> Ask:
    contact = network.contact_create(jobseeker=jobseeker, label=label, quadrant="friends", ring=2)
    return services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=contact.pk,
        kind="job_leads",
        how="phone",
        asked_on=DAY - timedelta(days=10),
        follow_up=follow_up,
        note="belt vaak terug op 06-12345678",
    )


def run_command(day: date = DAY) -> str:
    out = StringIO()
    call_command("send_due_reminders", f"--date={day.isoformat()}", stdout=out)
    return out.getvalue()


def test_it_sends_one_dutch_email_only_to_who_chose_it(jobseeker: User) -> None:
    ask_with_follow_up(jobseeker, DAY - timedelta(days=2), label="Anna")
    ask_with_follow_up(jobseeker, DAY + timedelta(days=1), label="Later")
    quiet = make_user(Role.JOBSEEKER)
    ask_with_follow_up(quiet, DAY, label="Bram")
    reminders.set_email_digest(user=jobseeker, enabled=True)

    assert "2 digests made, 1 e-mails sent" in run_command()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [jobseeker.email]
    assert message.subject == "Kring: vandaag en eerder te doen"
    assert "Vraag aan Anna: nabellen (10-05-2026)" in message.body
    assert "Later" not in message.body and "06-12345678" not in message.body
    assert ReminderDigest.objects.filter(day=DAY).count() == 2


def test_it_never_sends_the_same_day_twice(jobseeker: User) -> None:
    ask_with_follow_up(jobseeker, DAY)
    reminders.set_email_digest(user=jobseeker, enabled=True)
    run_command()
    assert "0 digests made, 0 e-mails sent" in run_command()
    assert len(mail.outbox) == 1
    run_command(DAY + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_it_skips_a_person_another_run_has_just_done(jobseeker: User) -> None:
    # The unique key, not the check before it, is what stops a second e-mail.
    asks = [ask_with_follow_up(jobseeker, DAY)]
    assert reminders._send_one(user=jobseeker, day=DAY, asks=asks, email=True)
    assert not reminders._send_one(user=jobseeker, day=DAY, asks=asks, email=True)
    assert len(mail.outbox) == 1


def test_it_rejects_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_due_reminders", "--date=12-05-2026", stdout=StringIO())


SEED = """
from datetime import date
from kring.accounts.models import User
from kring.network import services as network
from kring.plan import reminders, services
for n in range(25):
    user = User.objects.create_user(f"p{n}@example.org", "x-long-password-1", name=f"P {n}")
    contact = network.contact_create(jobseeker=user, label="Anna", quadrant="friends", ring=2)
    services.ask_create(jobseeker=user, actor=user, contact_id=contact.pk, kind="job_leads",
        how="phone", asked_on=date(2026, 5, 1), follow_up=date(2026, 5, 12))
    reminders.set_email_digest(user=user, enabled=n % 5 != 0)
"""


def test_it_sends_once_when_two_commands_run_at_the_same_time(tmp_path: Path) -> None:
    database = tmp_path / "kring.sqlite3"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args: str) -> None:
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, capture_output=True)

    run("migrate", "-v0")
    run("shell", "-c", SEED)
    command = [*manage, "send_due_reminders", "--date=2026-05-12"]
    both = [
        subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in both]
    assert [process.returncode for process in both] == [0, 0]

    sent = "".join(outputs)
    assert sent.count("Subject: Kring: vandaag en eerder te doen") == 20
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT COUNT(*), SUM(emailed) FROM plan_reminderdigest").fetchone()
        per_user = db.execute(
            "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM plan_reminderdigest GROUP BY user_id)"
        ).fetchone()
    assert rows == (25, 20)
    assert per_user == (1,)


def test_it_shows_due_follow_ups_and_the_choices_on_the_plan_page(jobseeker: User) -> None:
    ask_with_follow_up(jobseeker, date.today() - timedelta(days=1))
    body = client_for(jobseeker).get(reverse("plan:plan", args=[jobseeker.pk])).content.decode()
    assert "Vandaag en eerder te doen" in body
    assert "Vraag aan Anna: nabellen" in body
    assert 'name="email_digest"' in body and "agenda-link maken" in body


def test_it_hides_the_reminder_choices_from_a_coach(jobseeker: User) -> None:
    coach = make_user(Role.COACH)
    make_grant(jobseeker, coach)
    reminders.new_feed_secret(user=jobseeker)
    client = client_for(coach)
    body = client.get(reverse("plan:plan", args=[jobseeker.pk])).content.decode()
    assert "/calendar/" not in body and 'name="email_digest"' not in body
    response = client.post(reverse("plan:reminders", args=[jobseeker.pk]), {"email_digest": "on"})
    assert response.status_code == 404
    assert client.post(reverse("plan:calendar_new", args=[jobseeker.pk])).status_code == 404


def test_it_saves_the_email_choice(jobseeker: User) -> None:
    client = client_for(jobseeker)
    url = reverse("plan:reminders", args=[jobseeker.pk])
    client.post(url, {"email_digest": "on"})
    assert reminders.settings_for(user=jobseeker).email_digest
    client.post(url, {})
    assert not reminders.settings_for(user=jobseeker).email_digest


def test_it_serves_the_feed_without_login_and_404s_a_wrong_or_revoked_secret(
    jobseeker: User,
) -> None:
    ask_with_follow_up(jobseeker, DAY, label="Anna, de buurvrouw")
    client_for(jobseeker).post(reverse("plan:calendar_new", args=[jobseeker.pk]))
    old = reminders.settings_for(user=jobseeker).feed_secret
    assert old
    anonymous = client_for(make_user(Role.JOBSEEKER))
    anonymous.logout()

    response = anonymous.get(reverse("plan:calendar_feed", args=[old]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "SUMMARY:Vraag aan Anna\\, de buurvrouw: nabellen\r\n" in text
    assert "DTSTART;VALUE=DATE:20260512\r\n" in text
    assert "06-12345678" not in text and jobseeker.email not in text

    assert anonymous.get(reverse("plan:calendar_feed", args=["x" * 43])).status_code == 404
    assert anonymous.get(reverse("plan:calendar_feed", args=["short"])).status_code == 404
    reminders.new_feed_secret(user=jobseeker)
    assert anonymous.get(reverse("plan:calendar_feed", args=[old])).status_code == 404


def test_it_downloads_one_ask_for_the_owner_and_a_coach_with_a_grant(jobseeker: User) -> None:
    ask = ask_with_follow_up(jobseeker, DAY)
    url = reverse("plan:ask_calendar", args=[jobseeker.pk, ask.pk])
    coach = make_user(Role.COACH)
    make_grant(jobseeker, coach, Scope.VIEW)
    for user in (jobseeker, coach):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert "BEGIN:VEVENT" in response.content.decode()
    assert client_for(make_user(Role.COACH)).get(url).status_code == 404
    without = ask_with_follow_up(jobseeker, None, label="Bram")
    url = reverse("plan:ask_calendar", args=[jobseeker.pk, without.pk])
    assert client_for(jobseeker).get(url).status_code == 404


def test_it_escapes_and_folds_calendar_text() -> None:
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 60
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) == 2 and parts[1].startswith(" ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert folded.replace("\r\n ", "") == line
