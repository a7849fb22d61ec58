"""The meetings API: the same rules as the pages, statuses as declared."""

from __future__ import annotations

import json

import pytest

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry
from kring.network import services as network
from kring.plan.models import Ask
from tests.conftest import api_client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def test_it_plans_a_meeting_invites_and_makes_a_plan(jobseeker: User) -> None:
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="family", ring=1)
    client = api_client_for(jobseeker)
    base = f"/api/v1/jobseekers/{jobseeker.pk}/meetings"
    made = client.post(
        base,
        json.dumps({"question": "Welk werk?", "meets_on": "2026-06-01"}),
        content_type="application/json",
    )
    assert made.status_code == 201
    meeting = made.json()
    assert meeting["evaluate_on"] == "2026-06-29"
    url = f"{base}/{meeting['id']}"
    invitee = client.post(
        f"{url}/invitees", json.dumps({"contact_id": anna.pk}), content_type="application/json"
    ).json()
    answered = client.put(
        f"{url}/invitees/{invitee['id']}/answer",
        json.dumps({"answer": "coming"}),
        content_type="application/json",
    )
    assert answered.json()["answer"] == "coming"
    item = client.post(
        f"{url}/items",
        json.dumps(
            {
                "who": "contact",
                "contact_id": anna.pk,
                "task": "Belt de bakker",
                "due_on": "2026-06-10",
            }
        ),
        content_type="application/json",
    )
    assert item.status_code == 201 and item.json()["ask_id"] is not None
    detail = client.get(url).json()
    assert [i["contact_label"] for i in detail["invitees"]] == ["Anna"]
    assert detail["items"][0]["who_label"] == "Anna"
    assert Ask.objects.filter(owner=jobseeker).count() == 2


def test_it_answers_404_for_a_contact_not_in_the_network(jobseeker: User) -> None:
    stranger = network.contact_create(
        jobseeker=make_user(Role.JOBSEEKER), label="Vreemd", quadrant="family", ring=1
    )
    client = api_client_for(jobseeker)
    base = f"/api/v1/jobseekers/{jobseeker.pk}/meetings"
    meeting = client.post(
        base, json.dumps({"question": "Welk werk?"}), content_type="application/json"
    ).json()
    response = client.post(
        f"{base}/{meeting['id']}/invitees",
        json.dumps({"contact_id": stranger.pk}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_it_answers_409_with_the_current_meeting_for_a_stale_version(jobseeker: User) -> None:
    client = api_client_for(jobseeker)
    base = f"/api/v1/jobseekers/{jobseeker.pk}/meetings"
    meeting = client.post(
        base, json.dumps({"question": "Welk werk?"}), content_type="application/json"
    ).json()
    url = f"{base}/{meeting['id']}"
    change = {"question": "Ander werk?", "version": meeting["version"]}
    assert client.put(url, json.dumps(change), content_type="application/json").status_code == 200
    stale = client.put(url, json.dumps(change), content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["question"] == "Ander werk?"


def test_it_lets_a_view_coach_read_but_not_change(jobseeker: User) -> None:
    coach = make_user(Role.COACH)
    make_grant(jobseeker, coach, Scope.VIEW)
    mine = api_client_for(jobseeker)
    base = f"/api/v1/jobseekers/{jobseeker.pk}/meetings"
    mine.post(base, json.dumps({"question": "Welk werk?"}), content_type="application/json")
    client = api_client_for(coach)
    assert len(client.get(base).json()) == 1
    refused = client.post(base, json.dumps({"question": "X"}), content_type="application/json")
    assert refused.status_code == 404
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, object_type="meetings", result="denied"
    ).exists()
