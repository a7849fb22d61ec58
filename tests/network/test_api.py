from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from kring.accounts.models import Role, Scope, User
from kring.network.models import Contact, Snapshot, Tie
from tests.conftest import api_client_for, make_grant, make_user
from tests.network.helpers import make_contact, make_tie

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db

BASE = "/api/v1/jobseekers/{id}"


def send(client: Client, method: str, path: str, body: object | None = None) -> TestResponse:
    response: TestResponse = getattr(client, method)(
        path,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )
    return response


def test_it_lists_and_creates_contacts(jobseeker: User) -> None:
    client = api_client_for(jobseeker)
    base = BASE.format(id=jobseeker.pk)
    response = send(
        client,
        "post",
        f"{base}/contacts",
        {
            "label": "Anna",
            "ring": 1,
            "quadrant": "family",
            "functions": ["advice"],
            "can_hire": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == 1 and body["functions"] == ["advice"] and body["can_hire"] is True
    listing = client.get(f"{base}/contacts").json()
    assert listing["count"] == 1 and listing["items"][0]["label"] == "Anna"


@pytest.mark.parametrize(
    "body",
    [
        {"label": "", "ring": 1, "quadrant": "family"},
        {"label": "x" * 41, "ring": 1, "quadrant": "family"},
        {"label": "Anna", "ring": 9, "quadrant": "family"},
        {"label": "Anna", "ring": 1, "quadrant": "nowhere"},
        {"label": "Anna", "ring": 1, "quadrant": "family", "owner": 5, "version": 3},
    ],
)
def test_it_refuses_bad_contacts_with_problem_details(
    jobseeker: User, body: dict[str, object]
) -> None:
    response = send(
        api_client_for(jobseeker), "post", f"{BASE.format(id=jobseeker.pk)}/contacts", body
    )
    if "owner" in body:
        # Unknown fields are ignored by the schema, never assigned.
        assert response.status_code == 201
        assert Contact.objects.get().owner == jobseeker
        return
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not Contact.objects.exists()


def test_update_with_a_stale_version_is_409_with_the_current_contact(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    anna = make_contact(jobseeker, "Anna")
    path = f"{BASE.format(id=jobseeker.pk)}/contacts/{anna.pk}"
    body = {"label": "Anna", "ring": 2, "quadrant": "friends", "note": "coach", "version": 1}
    assert send(api_client_for(coach), "put", path, body).status_code == 200
    body.update(note="me")
    response = send(api_client_for(jobseeker), "put", path, body)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["current"]["note"] == "coach" and problem["current"]["version"] == 2
    anna.refresh_from_db()
    assert anna.note == "coach"


def test_move_and_a_lost_move_race(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    path = f"{BASE.format(id=jobseeker.pk)}/contacts/{anna.pk}/move"
    client = api_client_for(jobseeker)
    response = send(client, "post", path, {"ring": 4, "quadrant": "professional", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    response = send(client, "post", path, {"ring": 1, "quadrant": "family", "version": 1})
    assert response.status_code == 409
    assert response.json()["current"]["ring"] == 4
    response = send(client, "post", path, {"ring": 7, "quadrant": "family", "version": 2})
    assert response.status_code == 422


def test_delete_a_contact(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    path = f"{BASE.format(id=jobseeker.pk)}/contacts/{anna.pk}"
    client = api_client_for(jobseeker)
    assert client.delete(path + "?version=5").status_code == 409
    assert client.delete(path).status_code == 204
    assert not Contact.objects.exists()


def test_ties_refuse_bad_pairs(jobseeker: User) -> None:
    anna, bram = make_contact(jobseeker, "Anna"), make_contact(jobseeker, "Bram")
    stranger = make_contact(make_user(), "Stranger")
    client = api_client_for(jobseeker)
    path = f"{BASE.format(id=jobseeker.pk)}/ties"
    for body in (
        {"a": anna.pk, "b": anna.pk},
        {"a": anna.pk, "b": stranger.pk},
        {"a": anna.pk, "b": bram.pk, "strength": 3},
    ):
        assert send(client, "post", path, body).status_code == 422
    response = send(client, "post", path, {"a": bram.pk, "b": anna.pk, "strength": 2})
    assert response.status_code == 201
    tie_id = response.json()["id"]
    assert send(client, "post", path, {"a": anna.pk, "b": bram.pk}).status_code == 422
    assert client.get(path).json()["count"] == 1
    assert client.delete(f"{path}/{tie_id}").status_code == 204
    assert not Tie.objects.exists()


def test_snapshots_and_compare(jobseeker: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    make_tie(anna, make_contact(jobseeker, "Bram"))
    client = api_client_for(jobseeker)
    base = BASE.format(id=jobseeker.pk)
    first = send(client, "post", f"{base}/snapshots", {"name": "Start"}).json()
    send(
        client,
        "post",
        f"{base}/contacts/{anna.pk}/move",
        {"ring": 1, "quadrant": "family", "version": 1},
    )
    second = send(client, "post", f"{base}/snapshots", {}).json()
    assert client.get(f"{base}/snapshots").json()["count"] == 2
    detail = client.get(f"{base}/snapshots/{first['id']}").json()
    assert len(detail["data"]["contacts"]) == 2 and len(detail["data"]["ties"]) == 1
    result = client.get(f"{base}/snapshots/compare?a={first['id']}&b={second['id']}").json()
    assert [c["label"] for c in result["moved"]] == ["Anna"]
    assert result["unchanged"] == 1


def test_access_rules_match_the_pages(jobseeker: User, coach: User) -> None:
    anna = make_contact(jobseeker, "Anna")
    base = BASE.format(id=jobseeker.pk)
    stranger = api_client_for(make_user())
    assert stranger.get(f"{base}/contacts").status_code == 404
    assert stranger.get(f"{base}/contacts/{anna.pk}").status_code == 404
    ungranted = api_client_for(make_user(Role.COACH))
    assert ungranted.get(f"{base}/ties").status_code == 404
    make_grant(jobseeker, coach, Scope.VIEW)
    viewer = api_client_for(coach)
    assert viewer.get(f"{base}/contacts/{anna.pk}").status_code == 200
    assert (
        send(
            viewer,
            "post",
            f"{base}/contacts/{anna.pk}/move",
            {"ring": 1, "quadrant": "family", "version": 1},
        ).status_code
        == 404
    )
    assert send(viewer, "post", f"{base}/snapshots", {}).status_code == 404
    assert viewer.delete(f"{base}/contacts/{anna.pk}").status_code == 404
    assert Contact.objects.get().version == 1 and not Snapshot.objects.exists()


def test_a_contact_of_another_jobseeker_is_404_under_my_id(jobseeker: User) -> None:
    theirs = make_contact(make_user(), "Theirs")
    client = api_client_for(jobseeker)
    path = f"{BASE.format(id=jobseeker.pk)}/contacts/{theirs.pk}"
    assert client.get(path).status_code == 404
    assert (
        send(
            client, "post", f"{path}/move", {"ring": 1, "quadrant": "family", "version": 1}
        ).status_code
        == 404
    )


def test_the_openapi_document_lists_the_network_endpoints() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/jobseekers/{jobseeker_id}/contacts",
        "/api/v1/jobseekers/{jobseeker_id}/contacts/{contact_id}",
        "/api/v1/jobseekers/{jobseeker_id}/contacts/{contact_id}/move",
        "/api/v1/jobseekers/{jobseeker_id}/ties",
        "/api/v1/jobseekers/{jobseeker_id}/snapshots",
        "/api/v1/jobseekers/{jobseeker_id}/snapshots/compare",
    ):
        assert path in paths
