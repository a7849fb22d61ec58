"""The progress API: the same reads and access rules as the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry, Result
from kring.network import services as network
from kring.plan import services
from tests.conftest import api_client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def url(jobseeker: User) -> str:
    return f"/api/v1/jobseekers/{jobseeker.pk}/progress"


def test_it_gives_the_progress_of_an_empty_network(jobseeker: User) -> None:
    body = api_client_for(jobseeker).get(url(jobseeker)).json()
    assert body["start"]["source"] == "joined"
    assert body["first_ally"] is None
    assert body["events"] == [
        {
            "day": body["start"]["day"],
            "kind": "start",
            "ask_id": None,
            "contact_label": None,
            "person_removed": False,
            "ask_kind": None,
            "outcome": None,
            "made_ally": False,
            "first_ally": False,
        }
    ]
    assert body["points"] == [
        {
            "snapshot_id": None,
            "name": "",
            "day": body["today"],
            "days_from_start": 0,
            "counts": {"supporters": 0, "aware": 0, "allies": 0, "new_contacts": 0},
        }
    ]
    assert body["outcomes"] == {}


def test_it_gives_the_first_ally_the_timeline_and_the_moments(jobseeker: User) -> None:
    anna = network.contact_create(
        jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2, influence=1
    )
    snapshot = network.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Begin")
    today = timezone.localdate()
    made = services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=anna.pk,
        kind="introduction",
        how="phone",
        asked_on=today,
    )
    services.ask_record_outcome(
        jobseeker=jobseeker, actor=jobseeker, ask_id=made.pk, version=1, outcome="helped"
    )
    body = api_client_for(jobseeker).get(url(jobseeker)).json()
    assert body["first_ally"] == {
        "source": "ask",
        "day": today.isoformat(),
        "days_from_start": 0,
        "label": "Anna",
    }
    assert [e["kind"] for e in body["events"]] == ["start", "ask", "outcome"]
    outcome = body["events"][-1]
    assert outcome["outcome"] == "helped" and outcome["made_ally"] and outcome["first_ally"]
    assert [p["snapshot_id"] for p in body["points"]] == [snapshot.pk, None]
    assert body["points"][0]["counts"]["allies"] == 0
    assert body["points"][1]["counts"] == {
        "supporters": 1,
        "aware": 1,
        "allies": 1,
        "new_contacts": 0,
    }
    assert body["outcomes"] == {"helped": 1}


def test_it_lets_a_view_coach_read_and_refuses_others(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    response = api_client_for(coach).get(url(jobseeker))
    assert response.status_code == 200
    stranger = make_user(Role.COACH, organisation=jobseeker.organisation)
    refused = api_client_for(stranger).get(url(jobseeker))
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"
    assert AccessLogEntry.objects.filter(
        actor_id=stranger.pk, subject_id=jobseeker.pk, result=Result.DENIED
    ).exists()


def test_it_counts_the_traject_from_the_grant(jobseeker: User, coach: User) -> None:
    grant = make_grant(jobseeker, coach)
    type(grant).objects.filter(pk=grant.pk).update(created_at=timezone.now() - timedelta(days=7))
    body = api_client_for(jobseeker).get(url(jobseeker)).json()
    assert body["start"]["source"] == "grant"
    assert body["days_running"] == 7
