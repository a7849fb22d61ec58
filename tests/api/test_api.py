from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

from kring.accounts.models import AccessGrant, Invitation, Role, User
from kring.accounts.services import api_token_create, api_token_revoke
from tests.conftest import bearer, client_for, make_grant, make_user

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db


def test_it_tells_me_who_i_am(coach: User) -> None:
    client, auth = Client(), bearer(coach)
    body = client.get("/api/v1/me", headers=auth).json()
    assert body["role"] == "coach"
    assert coach.organisation is not None
    assert body["organisation"]["name"] == coach.organisation.name
    assert body["email"] == coach.email


def test_it_answers_401_as_problem_details_without_a_valid_token() -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer kring_nonsense")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_it_stops_accepting_a_revoked_token(jobseeker: User) -> None:
    token, secret = api_token_create(user=jobseeker)
    auth = {"Authorization": f"Bearer {secret}"}
    assert Client().get("/api/v1/me", headers=auth).status_code == 200
    api_token_revoke(user=jobseeker, token_id=token.pk)
    assert Client().get("/api/v1/me", headers=auth).status_code == 401


def test_it_stores_only_a_hash_of_the_token(jobseeker: User) -> None:
    token, secret = api_token_create(user=jobseeker)
    assert secret not in token.token_hash
    assert len(token.token_hash) == 64


def test_it_applies_the_same_access_rules_as_the_pages(jobseeker: User, coach: User) -> None:
    client, auth = Client(), bearer(coach)
    assert client.get(f"/api/v1/jobseekers/{jobseeker.pk}", headers=auth).status_code == 404
    assert client.get("/api/v1/jobseekers", headers=auth).json()["items"] == []
    grant = make_grant(jobseeker, coach)
    assert client.get(f"/api/v1/jobseekers/{jobseeker.pk}", headers=auth).status_code == 200
    assert [j["id"] for j in client.get("/api/v1/jobseekers", headers=auth).json()["items"]] == [
        jobseeker.pk
    ]
    js_client, js_auth = Client(), bearer(jobseeker)
    assert js_client.delete(f"/api/v1/grants/{grant.pk}", headers=js_auth).status_code == 204
    assert client.get(f"/api/v1/jobseekers/{jobseeker.pk}", headers=auth).status_code == 404


def post_json(
    client: Client, path: str, body: Mapping[str, object], auth: Mapping[str, str]
) -> TestResponse:
    return client.post(path, json.dumps(body), content_type="application/json", headers=auth)


def test_it_lets_a_job_seeker_grant_access_by_api_with_the_coachs_code(
    jobseeker: User,
) -> None:
    elsewhere = make_user(Role.COACH, name="Olga")
    coach_client, coach_auth = Client(), bearer(elsewhere)
    code = coach_client.get("/api/v1/me/grant-code", headers=coach_auth).json()["code"]
    client, auth = Client(), bearer(jobseeker)

    preview = post_json(client, "/api/v1/grants/lookup", {"code": code}, auth)
    assert preview.status_code == 200, preview.content
    assert elsewhere.organisation is not None
    assert preview.json() == {
        "name": "Olga",
        "organisation": {"id": elsewhere.organisation_id, "name": elsewhere.organisation.name},
    }
    assert not AccessGrant.objects.exists()

    response = post_json(client, "/api/v1/grants", {"code": code, "scope": "edit"}, auth)
    assert response.status_code == 201, response.content
    assert response.json()["scope"] == "edit"
    assert AccessGrant.objects.active().filter(jobseeker=jobseeker, coach=elsewhere).exists()
    listed = client.get("/api/v1/grants", headers=auth).json()
    assert [g["coach"]["name"] for g in listed] == ["Olga"]


def test_it_answers_every_wrong_code_the_same_by_api(jobseeker: User, coach: User) -> None:
    coach_client, coach_auth = Client(), bearer(coach)
    old = coach_client.get("/api/v1/me/grant-code", headers=coach_auth).json()["code"]
    new = coach_client.post("/api/v1/me/grant-code", headers=coach_auth).json()["code"]
    assert new != old
    client, auth = Client(), bearer(jobseeker)
    bodies = set()
    for code in ["ABCD-EFGH", old, "x"]:
        for path, body in [
            ("/api/v1/grants/lookup", {"code": code}),
            ("/api/v1/grants", {"code": code, "scope": "view"}),
        ]:
            response = post_json(client, path, body, auth)
            assert response.status_code == 422
            assert response["Content-Type"] == "application/problem+json"
            answer = response.json()
            assert answer["errors"] == {"code": [answer["detail"]]}
            bodies.add((answer["title"], answer["detail"]))
    assert len(bodies) == 1
    assert not AccessGrant.objects.exists()


def test_it_shares_the_code_lookup_limit_with_the_page(
    jobseeker: User, coach: User, settings: Settings
) -> None:
    from django.urls import reverse

    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "grant_code": (2, 3600)}
    client_for(jobseeker).post(reverse("access"), {"code": "WRNG-CODE", "scope": "view"})
    client, auth = Client(), bearer(jobseeker)
    assert (
        post_json(client, "/api/v1/grants/lookup", {"code": "WRNG-CODE"}, auth).status_code == 422
    )
    refused = post_json(client, "/api/v1/grants", {"code": "WRNG-CODE", "scope": "view"}, auth)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429


def test_it_gives_only_coaches_a_code_by_api(jobseeker: User, coach: User) -> None:
    client, auth = Client(), bearer(jobseeker)
    assert client.get("/api/v1/me/grant-code", headers=auth).status_code == 403
    assert client.post("/api/v1/me/grant-code", headers=auth).status_code == 403
    coach_client, coach_auth = Client(), bearer(coach)
    assert (
        post_json(coach_client, "/api/v1/grants/lookup", {"code": "x"}, coach_auth).status_code
        == 403
    )


def test_it_answers_422_with_field_errors(jobseeker: User) -> None:
    client, auth = Client(), bearer(jobseeker)
    bad_scope = post_json(client, "/api/v1/grants", {"code": "ABCD-EFGH", "scope": "owner"}, auth)
    assert bad_scope.status_code == 422
    assert bad_scope["Content-Type"] == "application/problem+json"
    assert post_json(client, "/api/v1/grants", {"coach_email": "a@b.nl"}, auth).status_code == 422


def test_it_refuses_role_changes_through_mass_assignment(jobseeker: User) -> None:
    client, auth = Client(), bearer(jobseeker)
    response = post_json(
        client, "/api/v1/invitations", {"email": "x@example.org", "role": "admin"}, auth
    )
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_it_lets_a_coach_invite_a_job_seeker_by_api(coach: User) -> None:
    client, auth = Client(), bearer(coach)
    response = post_json(
        client, "/api/v1/invitations", {"email": "new@example.org", "name": "Ali"}, auth
    )
    assert response.status_code == 201
    assert response.json()["role"] == "jobseeker"


def test_it_lets_an_admin_list_and_deactivate_coaches(org_admin: User, coach: User) -> None:
    client, auth = Client(), bearer(org_admin)
    assert [c["id"] for c in client.get("/api/v1/organisation/coaches", headers=auth).json()] == [
        coach.pk
    ]
    response = client.post(f"/api/v1/organisation/coaches/{coach.pk}/deactivate", headers=auth)
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    stranger = make_user(Role.COACH)
    assert (
        client.post(
            f"/api/v1/organisation/coaches/{stranger.pk}/deactivate", headers=auth
        ).status_code
        == 404
    )


def test_it_accepts_the_browser_session_too(jobseeker: User) -> None:
    assert client_for(jobseeker).get("/api/v1/me").json()["id"] == jobseeker.pk


def test_it_publishes_an_openapi_document() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me" in schema["paths"]
    assert "BearerToken" in json.dumps(schema["components"])


def test_it_prints_a_working_token_from_the_command_line(
    jobseeker: User, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("create_api_token", jobseeker.email)
    secret = capsys.readouterr().out.strip()
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
