"""What the plan hands the suggestion engine: loneliness, the traject's start, one reader."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Organisation, Role, User
from kring.insights import services as insights
from kring.network import services as network
from kring.plan.selectors import engine_case, engine_cases
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db

LONELY = {
    "emptiness": "yes",
    "miss_people": "yes",
    "rejected": "more_or_less",
    "rely_on": "no",
    "trust": "more_or_less",
    "feel_close": "yes",
}  # total 5: "often feels alone" in the engine's settings


def test_it_suggests_talking_to_the_coach_when_the_latest_questionnaire_says_alone(
    jobseeker: User,
) -> None:
    network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    plan = reverse("plan:plan", args=[jobseeker.pk])
    client = client_for(jobseeker)
    assert "Je zei dat je je vaak alleen voelt." not in client.get(plan).content.decode()

    today = timezone.localdate()
    insights.instrument_record(
        actor=jobseeker,
        jobseeker=jobseeker,
        instrument="loneliness",
        taken_on=today - timedelta(days=30),
        answers=LONELY,
    )
    assert "Je zei dat je je vaak alleen voelt." in client.get(plan).content.decode()

    # A later questionnaire that says otherwise counts, not the earlier one.
    better = dict.fromkeys(("emptiness", "miss_people", "rejected"), "no") | dict.fromkeys(
        ("rely_on", "trust", "feel_close"), "yes"
    )
    insights.instrument_record(
        actor=jobseeker,
        jobseeker=jobseeker,
        instrument="loneliness",
        taken_on=today,
        answers=better,
    )
    assert "Je zei dat je je vaak alleen voelt." not in client.get(plan).content.decode()


def test_it_starts_the_traject_at_the_first_grant_to_a_coach_of_the_organisation(
    jobseeker: User, coach: User
) -> None:
    assert engine_case(jobseeker).profile.traject_start == timezone.localdate(jobseeker.date_joined)
    grant = make_grant(jobseeker, coach)
    grant.created_at = timezone.now() - timedelta(days=40)
    grant.save(update_fields=["created_at"])
    stranger = make_grant(jobseeker, make_user(Role.COACH))  # a coach of another organisation
    stranger.created_at = timezone.now() - timedelta(days=400)
    stranger.save(update_fields=["created_at"])
    start = engine_case(jobseeker).profile.traject_start
    assert start == timezone.localdate() - timedelta(days=40)


def test_it_reads_many_job_seekers_as_it_reads_one(
    jobseeker: User, coach: User, organisation: Organisation
) -> None:
    others = [make_user(organisation=organisation) for _ in range(3)]
    everyone = [jobseeker, *others]
    for n, person in enumerate(everyone):
        for m in range(n + 1):
            network.contact_create(jobseeker=person, label=f"P{m}", quadrant="friends", ring=2)
    make_grant(others[0], coach)
    insights.instrument_record(
        actor=others[1],
        jobseeker=others[1],
        instrument="loneliness",
        taken_on=timezone.localdate(),
        answers=LONELY,
    )
    together = engine_cases(everyone)
    assert together == [engine_case(person) for person in everyone]
    assert together[2].profile.loneliness == 5
    assert [len(case.network["contacts"]) for case in together] == [1, 2, 3, 4]  # type: ignore[index]
