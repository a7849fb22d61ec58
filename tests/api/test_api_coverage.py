"""API endpoints that complete the pages' capabilities: profile, tie strength, access log, tokens."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from kring.accounts.models import Role, Scope, User
from kring.accounts.services import api_token_create
from kring.network import services as network
from tests.conftest import bearer, make_grant, make_user

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db


def put(
    client: Client, url: str, body: Mapping[str, object], auth: Mapping[str, str]
) -> TestResponse:
    return client.put(url, json.dumps(body), content_type="application/json", headers=auth)


def test_it_reads_and_changes_the_profile(jobseeker: User, coach: User) -> None:
    client, auth = Client(), bearer(jobseeker)
    url = f"/api/v1/jobseekers/{jobseeker.pk}/profile"
    assert client.get(url, headers=auth).json()["target_occupation"] == ""
    body = {
        "target_occupation": "kok",
        "target_sector": "I",
        "region": "Utrecht",
        "languages": "nl",
    }
    assert put(client, url, body, auth).json()["target_sector"] == "I"
    assert put(client, url, {**body, "target_sector": "Z"}, auth).status_code == 422
    make_grant(jobseeker, coach, Scope.VIEW)
    coach_client, coach_auth = Client(), bearer(coach)
    assert coach_client.get(url, headers=coach_auth).json()["target_occupation"] == "kok"
    assert put(coach_client, url, body, coach_auth).status_code == 404


def test_it_changes_the_strength_of_a_tie(jobseeker: User) -> None:
    a = network.contact_create(jobseeker=jobseeker, label="A", quadrant="family", ring=1)
    b = network.contact_create(jobseeker=jobseeker, label="B", quadrant="family", ring=1)
    tie = network.tie_set(jobseeker=jobseeker, first_id=a.pk, second_id=b.pk)
    client, auth = Client(), bearer(jobseeker)
    url = f"/api/v1/jobseekers/{jobseeker.pk}/ties/{tie.pk}"
    assert put(client, url, {"strength": 2}, auth).json()["strength"] == 2
    assert put(client, url, {"strength": 3}, auth).status_code == 422
    other = make_user()
    other_client, other_auth = Client(), bearer(other)
    assert put(other_client, url, {"strength": 1}, other_auth).status_code == 404


def test_it_shows_the_job_seeker_who_looked(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    coach_client, coach_auth = Client(), bearer(coach)
    coach_client.get(f"/api/v1/jobseekers/{jobseeker.pk}", headers=coach_auth)
    client, auth = Client(), bearer(jobseeker)
    items = client.get("/api/v1/me/access-log", headers=auth).json()["items"]
    assert items[0]["actor_name"] == coach.name
    assert items[0]["action"] == "view"


def test_it_lists_and_revokes_own_tokens_only(jobseeker: User) -> None:
    client, auth = Client(), bearer(jobseeker)
    token, _secret = api_token_create(user=jobseeker, name="second")
    assert len(client.get("/api/v1/me/tokens", headers=auth).json()) == 2
    stranger = make_user(Role.JOBSEEKER)
    stranger_client, stranger_auth = Client(), bearer(stranger)
    assert (
        stranger_client.delete(f"/api/v1/me/tokens/{token.pk}", headers=stranger_auth).status_code
        == 404
    )
    assert client.delete(f"/api/v1/me/tokens/{token.pk}", headers=auth).status_code == 204
    assert len(client.get("/api/v1/me/tokens", headers=auth).json()) == 1
