"""The plan's API: suggestions and their actions, asks and outcomes, with declared statuses."""

from __future__ import annotations

from typing import get_args

import pytest
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.api import plan as plan_api
from kring.network import services as network
from kring.network.models import Contact
from kring.plan.models import Ask, AskHow, AskKind, Outcome
from tests.conftest import api_client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def base(jobseeker: User) -> str:
    return f"/api/v1/jobseekers/{jobseeker.pk}/plan"


def test_it_lists_every_choice_of_the_models() -> None:
    assert set(get_args(plan_api.AskKindName)) == set(AskKind.values)
    assert set(get_args(plan_api.AskHowName)) == set(AskHow.values)
    assert set(get_args(plan_api.OutcomeName)) == set(Outcome.values) - {"pending"}


def test_it_accepts_a_suggestion_and_records_an_outcome(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    client = api_client_for(jobseeker)
    found = client.get(f"{base(jobseeker)}/suggestions").json()
    assert found[0]["key"] == f"tell:contact:{anna.pk}"
    assert found[0]["reasons"][0]["text"]
    accepted = client.post(
        f"{base(jobseeker)}/suggestions/accept",
        {"key": found[0]["key"]},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    ask = accepted.json()["ask"]
    url = f"{base(jobseeker)}/asks/{ask['id']}/outcome"
    body = {"version": ask["version"], "outcome": "new_contact", "new_contact_label": "Karim"}
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["ask"]["outcome"] == "new_contact"
    karim = Contact.objects.get(pk=response.json()["new_contact_id"])
    assert karim.introduced_by_id == anna.pk
    stale = client.put(url, body, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["outcome"] == "new_contact"
    assert client.get(f"{base(jobseeker)}/asks").json()[0]["id"] == ask["id"]


def test_it_answers_404_for_another_job_seekers_ask_or_contact(jobseeker: User) -> None:
    other = make_user(Role.JOBSEEKER, organisation=jobseeker.organisation)
    theirs = network.contact_create(jobseeker=other, label="Bo", quadrant="friends", ring=2)
    ask = Ask.objects.create(
        owner=other,
        contact=theirs,
        contact_label="Bo",
        kind="support",
        how="phone",
        asked_on=timezone.localdate(),
    )
    client = api_client_for(jobseeker)
    response = client.put(
        f"{base(jobseeker)}/asks/{ask.pk}/outcome",
        {"version": 1, "outcome": "helped"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        f"{base(jobseeker)}/asks",
        {"contact_id": theirs.pk, "kind": "support", "how": "phone"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_it_lets_a_view_coach_read_but_not_act(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    client = api_client_for(coach)
    assert client.get(f"{base(jobseeker)}/suggestions").status_code == 200
    response = client.post(
        f"{base(jobseeker)}/asks",
        {"contact_id": anna.pk, "kind": "support", "how": "phone"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Ask.objects.exists()


def test_it_answers_404_for_a_suggestion_that_is_not_there(jobseeker: User) -> None:
    response = api_client_for(jobseeker).post(
        f"{base(jobseeker)}/suggestions/dismiss",
        {"key": "tell:contact:99"},
        content_type="application/json",
    )
    assert response.status_code == 404
