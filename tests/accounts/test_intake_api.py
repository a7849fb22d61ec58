"""The intake API: the same services and rules as the pages, and its own wrong-actor matrix."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.utils import timezone

from kring.accounts.models import AccessGrant, HandoverCode, Role, Scope, User
from kring.api.api import api
from kring.core.models import AccessLogEntry, Result
from tests.conftest import api_client_for, make_grant, make_organisation, make_user

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db

DOCUMENT: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
# The operations of this module that name a job seeker: each is in the matrix below.
INTAKE_OPERATIONS = [
    ("post", "/api/v1/jobseekers/{jobseeker_id}/handover-code"),
    ("get", "/api/v1/jobseekers/{jobseeker_id}/consents"),
    ("post", "/api/v1/jobseekers/{jobseeker_id}/standins"),
    ("post", "/api/v1/jobseekers/{jobseeker_id}/transfer"),
    ("put", "/api/v1/jobseekers/{jobseeker_id}/grant-end"),
    ("post", "/api/v1/jobseekers/{jobseeker_id}/withdraw"),
]


def send(client: Client, method: str, url: str, body: object = None) -> TestResponse:
    return client.generic(method.upper(), url, json.dumps(body or {}), "application/json")


def test_it_declares_every_intake_operation(db: None) -> None:
    paths = DOCUMENT["paths"]
    for method, path in INTAKE_OPERATIONS:
        responses = paths[path][method]["responses"]
        assert "404" in responses and "401" in responses and "422" in responses, path
    assert "403" in paths["/api/v1/intake"]["post"]["responses"]
    assert "429" in paths["/api/v1/intake"]["post"]["responses"]


def test_it_does_an_intake_by_api(coach: User) -> None:
    client = api_client_for(coach)
    body = {
        "name": "Fatima",
        "agreed_on": timezone.localdate().isoformat(),
        "how": "paper",
        "scope": "edit",
        "ends_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }
    response = client.post("/api/v1/intake", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    jobseeker = User.objects.get(pk=data["jobseeker"]["id"])
    assert jobseeker.email == "" and not jobseeker.has_usable_password()
    assert data["grant"]["coach_id"] == coach.pk
    assert len(data["handover"]["code"]) == 14
    assert HandoverCode.objects.usable().filter(jobseeker=jobseeker).count() == 1
    consents = client.get(f"/api/v1/jobseekers/{jobseeker.pk}/consents").json()
    assert [c["how"] for c in consents] == ["paper"]
    # A new code replaces the printed one.
    again = client.post(f"/api/v1/jobseekers/{jobseeker.pk}/handover-code")
    assert again.status_code == 201
    assert again.json()["code"] != data["handover"]["code"]
    assert HandoverCode.objects.usable().filter(jobseeker=jobseeker).count() == 1


def test_it_refuses_an_intake_by_a_job_seeker_or_bad_input(jobseeker: User, coach: User) -> None:
    body = {"name": "X", "agreed_on": "2020-01-01", "how": "paper", "scope": "view"}
    refused = send(api_client_for(jobseeker), "post", "/api/v1/intake", body)
    assert refused.status_code == 403
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    for wrong in ({"how": "fax"}, {"agreed_on": future}, {"email": "nope"}, {"name": ""}):
        response = send(api_client_for(coach), "post", "/api/v1/intake", body | wrong)
        assert response.status_code == 422, wrong
    assert not User.objects.filter(name="X").exists()


def test_it_stands_in_moves_and_ends_by_api(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    colleague = make_user(Role.COACH, organisation=coach.organisation)
    client = api_client_for(coach)
    base = f"/api/v1/jobseekers/{jobseeker.pk}"
    today = timezone.localdate()
    standin = send(
        client,
        "post",
        f"{base}/standins",
        {
            "standin_id": colleague.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=5)).isoformat(),
        },
    )
    assert standin.status_code == 201
    assert standin.json()["stands_in_for_id"] == coach.pk
    end = send(
        client, "put", f"{base}/grant-end", {"ends_on": (today + timedelta(days=60)).isoformat()}
    )
    assert end.json()["ends_on"] == (today + timedelta(days=60)).isoformat()
    moved = send(client, "post", f"{base}/transfer", {"to_coach_id": colleague.pk})
    assert moved.status_code == 200
    assert AccessGrant.objects.active().get(jobseeker=jobseeker).coach == colleague
    # Now the old coach is out.
    assert send(client, "put", f"{base}/grant-end", {"ends_on": None}).status_code == 404


def test_it_lets_the_job_seeker_withdraw_by_api(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    response = send(
        api_client_for(jobseeker), "post", f"/api/v1/jobseekers/{jobseeker.pk}/withdraw"
    )
    assert response.json() == {"ended": 1}
    assert not AccessGrant.objects.active().filter(jobseeker=jobseeker).exists()


def test_it_sets_the_organisations_sentence_by_api(org_admin: User, coach: User) -> None:
    client = api_client_for(org_admin)
    put = send(
        client, "put", "/api/v1/organisation/voluntary-text", {"voluntary_text": " Eigen zin. "}
    )
    assert put.json() == {"voluntary_text": "Eigen zin.", "shown": "Eigen zin."}
    cleared = send(client, "put", "/api/v1/organisation/voluntary-text", {"voluntary_text": ""})
    assert cleared.json()["shown"].startswith("Meedoen is vrijwillig")
    too_long = send(
        client, "put", "/api/v1/organisation/voluntary-text", {"voluntary_text": "x" * 301}
    )
    assert too_long.status_code == 422
    assert (
        send(api_client_for(coach), "get", "/api/v1/organisation/voluntary-text").status_code == 403
    )


def test_it_answers_404_to_every_wrong_actor_on_every_intake_operation(db: None) -> None:
    org = make_organisation()
    owner = make_user(Role.JOBSEEKER, organisation=org)
    coach = make_user(Role.COACH, organisation=org)
    make_grant(owner, coach)
    view_coach = make_user(Role.COACH, organisation=org)
    make_grant(owner, view_coach, Scope.VIEW)
    ended_coach = make_user(Role.COACH, organisation=org)
    AccessGrant.objects.filter(pk=make_grant(owner, ended_coach).pk).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    wrong = {
        "view_coach": view_coach,
        "ended_coach": ended_coach,
        "other_jobseeker": make_user(Role.JOBSEEKER, organisation=org),
        "coach_without_grant": make_user(Role.COACH, organisation=org),
        "other_org_coach": make_user(Role.COACH, organisation=make_organisation()),
        "admin": make_user(Role.ADMIN, organisation=org),
    }
    body = {
        "standin_id": coach.pk,
        "starts_on": timezone.localdate().isoformat(),
        "ends_on": timezone.localdate().isoformat(),
        "to_coach_id": coach.pk,
        "ends_on_": None,
    }
    paths = DOCUMENT["paths"]
    listed = {
        (method, path)
        for path, operations in paths.items()
        if "{jobseeker_id}" in path
        and any(tag == "intake" for op in operations.values() for tag in op.get("tags", []))
        for method in operations
    }
    assert listed == set(INTAKE_OPERATIONS), "add the new intake operation to the matrix"
    for label, actor in wrong.items():
        client = api_client_for(actor)
        for method, path in INTAKE_OPERATIONS:
            url = path.replace("/api/v1/", "/api/v1/", 1).replace("{jobseeker_id}", str(owner.pk))
            response = send(client, method, url, body)
            assert response.status_code == 404, (label, method, path, response.status_code)
    assert AccessGrant.objects.active().filter(jobseeker=owner).count() == 2
    denied = AccessLogEntry.objects.about(owner.pk).filter(result=Result.DENIED)
    assert {view_coach.pk, ended_coach.pk, wrong["coach_without_grant"].pk} <= set(
        denied.values_list("actor_id", flat=True)
    )
