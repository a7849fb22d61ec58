"""The API of the coaches' ideas: add and list them, and decide on them with the plan's operations."""

from __future__ import annotations

import pytest

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry
from kring.network import services as network
from kring.plan.models import Ask, CoachSuggestion
from tests.conftest import api_client_for, make_grant, make_user

pytestmark = pytest.mark.django_db

IDEA = "Vraag Anna of ze vacatures kent."


def base(jobseeker: User) -> str:
    return f"/api/v1/jobseekers/{jobseeker.pk}/plan"


def test_it_lets_an_edit_coach_add_an_idea_the_job_seeker_accepts(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach)
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    made = api_client_for(coach).post(
        f"{base(jobseeker)}/coach-suggestions",
        {"contact_id": anna.pk, "kind": "introduction", "text": IDEA},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    idea = made.json()
    assert (idea["coach_name"], idea["current"], idea["state"]) == ("Carla", True, "")
    assert idea["key"] == f"coach:idea:{idea['id']}"
    client = api_client_for(jobseeker)
    listed = client.get(f"{base(jobseeker)}/coach-suggestions").json()
    assert [i["id"] for i in listed] == [idea["id"]]
    accepted = client.post(
        f"{base(jobseeker)}/suggestions/accept",
        {"key": idea["key"]},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    ask = accepted.json()["ask"]
    assert (ask["contact_id"], ask["kind"], ask["by_coach"]) == (anna.pk, "introduction", False)
    after = client.get(f"{base(jobseeker)}/coach-suggestions").json()[0]
    assert (after["state"], after["current"], after["ask_id"]) == ("accepted", False, ask["id"])
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, object_type="coach_suggestion", action="change", result="allowed"
    ).exists()


def test_it_postpones_and_dismisses_an_idea_by_its_key(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    client = api_client_for(coach)
    url = f"{base(jobseeker)}/coach-suggestions"
    first = client.post(url, {"kind": "support", "text": IDEA}, content_type="application/json")
    second = client.post(url, {"kind": "support", "text": IDEA}, content_type="application/json")
    own = api_client_for(jobseeker)
    later = own.post(
        f"{base(jobseeker)}/suggestions/postpone",
        {"key": first.json()["key"], "until": "2999-01-01"},
        content_type="application/json",
    )
    assert later.status_code == 422  # more than three years ahead
    dismissed = own.post(
        f"{base(jobseeker)}/suggestions/dismiss",
        {"key": second.json()["key"]},
        content_type="application/json",
    )
    assert dismissed.status_code == 200, dismissed.content
    assert dismissed.json()["state"] == "dismissed"
    again = own.post(
        f"{base(jobseeker)}/suggestions/dismiss",
        {"key": second.json()["key"]},
        content_type="application/json",
    )
    assert again.status_code == 404


def test_it_refuses_a_job_seeker_a_view_coach_and_a_stranger(jobseeker: User, coach: User) -> None:
    body = {"kind": "support", "text": IDEA}
    url = f"{base(jobseeker)}/coach-suggestions"
    own = api_client_for(jobseeker).post(url, body, content_type="application/json")
    assert own.status_code == 403
    assert own["Content-Type"] == "application/problem+json"
    make_grant(jobseeker, coach, Scope.VIEW)
    viewer = api_client_for(coach)
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, body, content_type="application/json").status_code == 404
    stranger = make_user(Role.COACH, organisation=jobseeker.organisation)
    assert api_client_for(stranger).get(url).status_code == 404
    assert not CoachSuggestion.objects.exists() and not Ask.objects.exists()
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, object_type="coach_suggestion", result="denied"
    ).exists()


def test_it_answers_404_for_a_person_of_someone_else(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    other = make_user(Role.JOBSEEKER, organisation=jobseeker.organisation)
    bo = network.contact_create(jobseeker=other, label="Bo", quadrant="friends", ring=2)
    response = api_client_for(coach).post(
        f"{base(jobseeker)}/coach-suggestions",
        {"contact_id": bo.pk, "kind": "support", "text": IDEA},
        content_type="application/json",
    )
    assert response.status_code == 404
    too_long = api_client_for(coach).post(
        f"{base(jobseeker)}/coach-suggestions",
        {"kind": "support", "text": "x" * 201},
        content_type="application/json",
    )
    assert too_long.status_code == 422
