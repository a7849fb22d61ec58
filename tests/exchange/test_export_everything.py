"""'Download all my data' carries everything about a job seeker who came in at the desk (issue
13) and made a plan with a coach (issue 12); a restore names what it brought back."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kring.accounts import intake
from kring.accounts.models import Organisation, Role, User
from kring.meetings import services as meetings
from kring.offers import services as offers
from kring.plan import services as plan
from tests.conftest import bearer, make_user
from tests.exchange.conftest import english_client
from tests.network.helpers import make_contact
from tests.offers.helpers import make_offer

pytestmark = pytest.mark.django_db


def desk_jobseeker(coach: User, colleague: User) -> User:
    """Return Jan, made at the desk: consent on paper, taken over without e-mail, a stand-in."""
    today = timezone.localdate()
    jobseeker, _grant, handover = intake.intake_create(
        coach=coach,
        name="Jan",
        agreed_on=today,
        how="paper",
        scope="edit",
        ends_on=today + timedelta(days=180),
    )
    jobseeker = intake.handover_redeem(
        code=handover.code, password="een-lang-wachtwoord-42", client="test"
    )
    intake.standin_create(
        coach=coach,
        jobseeker=jobseeker,
        standin_id=colleague.pk,
        starts_on=today + timedelta(days=7),
        ends_on=today + timedelta(days=21),
    )
    return jobseeker


def with_a_plan(jobseeker: User, coach: User) -> None:
    """Give the job seeker a referral, a network meeting and an idea of the coach."""
    assert jobseeker.organisation is not None
    anna = make_contact(jobseeker, "Anna", ring=1, quadrant="family")
    offer = make_offer(jobseeker.organisation)
    offers.referral_create(jobseeker=jobseeker, actor=coach, offer_id=offer.pk)
    meetings.meeting_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        question="Hoe vind ik werk in de zorg?",
        meets_on=timezone.localdate() + timedelta(days=14),
        starts_at=None,
        place="Thuis",
        agenda="",
    )
    plan.coach_suggestion_create(
        jobseeker=jobseeker,
        actor=coach,
        kind="job_leads",
        text="Vraag Anna om tips.",
        contact_id=anna.pk,
    )


def download(user: User) -> zipfile.ZipFile:
    response = english_client(user).get(reverse("exchange:my_data_download"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_it_puts_the_login_name_consents_and_grant_dates_in_the_download(
    organisation: Organisation, coach: User
) -> None:
    colleague = make_user(Role.COACH, organisation=organisation, name="Ilse")
    jobseeker = desk_jobseeker(coach, colleague)
    assert jobseeker.login_name
    archive = download(jobseeker)
    data = json.loads(archive.read("kring-export.json"))

    assert data["user"]["login_name"] == jobseeker.login_name
    [consent] = data["consents"]
    assert consent["agreed_on"] == timezone.localdate().isoformat()
    assert (consent["how"], consent["scope"], consent["withdrawn_at"]) == ("paper", "edit", None)
    assert consent["recorded_by"] == "Carla"
    assert consent["organisation"] == organisation.name
    assert rows(archive, "consents.csv")[0]["how"] == "paper"

    grants = {grant["coach"]: grant for grant in data["grants_given"]}
    ends = (timezone.localdate() + timedelta(days=180)).isoformat()
    assert grants["Carla"]["ends_on"] == ends and grants["Carla"]["stands_in_for"] == ""
    standin = grants["Ilse"]
    assert standin["stands_in_for"] == "Carla"
    assert standin["stands_in_for_email"] == coach.email
    assert standin["starts_on"] == (timezone.localdate() + timedelta(days=7)).isoformat()
    assert standin["ends_on"] == (timezone.localdate() + timedelta(days=21)).isoformat()
    by_coach = {row["coach"]: row for row in rows(archive, "grants.csv")}
    assert by_coach["Ilse"]["stands_in_for"] == "Carla" and by_coach["Carla"]["ends_on"] == ends
    assert "consents.csv" in archive.read("README.txt").decode()


def test_it_puts_the_plan_of_coach_and_job_seeker_in_the_download(
    jobseeker: User, coach: User
) -> None:
    with_a_plan(jobseeker, coach)
    archive = download(jobseeker)
    data = json.loads(archive.read("kring-export.json"))
    assert [r["offer_name"] for r in data["referrals"]] == ["Jobclub Testdorp"]
    assert [m["question"] for m in data["meetings"]] == ["Hoe vind ik werk in de zorg?"]
    assert [s["text"] for s in data["coach_suggestions"]] == ["Vraag Anna om tips."]
    assert "coach_notes" in data
    readme = archive.read("README.txt").decode()
    for name in archive.namelist():
        if name != "README.txt":
            assert name in readme, name


def test_it_names_the_meetings_referrals_and_ideas_it_restored(
    jobseeker: User, coach: User
) -> None:
    with_a_plan(jobseeker, coach)
    content = english_client(jobseeker).get(reverse("exchange:my_data_download")).content
    fresh = make_user(organisation=jobseeker.organisation)
    client = english_client(fresh)
    response = client.post(
        reverse("exchange:restore", args=[fresh.pk]),
        {"file": SimpleUploadedFile("kring-export.zip", content), "confirm": "on"},
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        "Restored: 1 person, 0 ties, 0 moments, 0 questionnaires, 0 asks, "
        "1 referral to a place, 1 network meeting and 1 idea of the coach."
    )


def test_it_says_in_dutch_what_it_restored(jobseeker: User, coach: User) -> None:
    with_a_plan(jobseeker, coach)
    content = english_client(jobseeker).get(reverse("exchange:my_data_download")).content
    fresh = make_user(organisation=jobseeker.organisation)
    client = Client()
    client.force_login(fresh)
    with translation.override("nl"):
        response = client.post(
            reverse("exchange:restore", args=[fresh.pk]),
            {"file": SimpleUploadedFile("kring-export.zip", content), "confirm": "on"},
        )
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        "Teruggezet: 1 persoon, 0 verbindingen, 0 momenten, 0 vragenlijsten, 0 vragen, "
        "1 aanmelding bij een plek, 1 netwerkberaad en 1 idee van de coach."
    )


def test_it_gives_the_restored_counts_in_the_api(jobseeker: User, coach: User) -> None:
    with_a_plan(jobseeker, coach)
    content = english_client(jobseeker).get(reverse("exchange:my_data_download")).content
    fresh = make_user(organisation=jobseeker.organisation)
    response = Client().post(
        f"/api/v1/jobseekers/{fresh.pk}/import/restore",
        {"file": SimpleUploadedFile("kring-export.zip", content)},
        headers=bearer(fresh),
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "contacts": 1,
        "ties": 0,
        "snapshots": 0,
        "instruments": 0,
        "asks": 0,
        "referrals": 1,
        "meetings": 1,
        "coach_suggestions": 1,
    }


def test_it_still_dates_a_consent_that_was_withdrawn(
    organisation: Organisation, coach: User
) -> None:
    colleague = make_user(Role.COACH, organisation=organisation, name="Ilse")
    jobseeker = desk_jobseeker(coach, colleague)
    intake.consent_withdraw(actor=jobseeker, jobseeker=jobseeker)
    data = json.loads(download(jobseeker).read("kring-export.json"))
    [consent] = data["consents"]
    assert consent["withdrawn_at"] is not None
    assert date.fromisoformat(consent["agreed_on"]) == timezone.localdate()
