"""The API's error contract: what the OpenAPI document declares, and what the API answers.

docs/api.md describes it: every error is application/problem+json; every operation declares
every status it can answer; input the database cannot hold is refused as input (422); a body
of another Content-Type than declared answers 415.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kring.accounts.models import User
from kring.api.api import api
from tests.conftest import bearer, make_user
from tests.network.helpers import make_contact

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
DOCUMENT: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
OPERATIONS = [
    (method, path, operation)
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]
BODY_OPERATIONS = [
    (method, path, next(iter(operation["requestBody"]["content"])))
    for method, path, operation in OPERATIONS
    if "requestBody" in operation
]
OTHER_CONTENT_TYPES = [
    (method, path, declared, content_type)
    for method, path, declared in BODY_OPERATIONS
    for content_type in ("text/plain", "application/xml", "multipart/form-data", "application/json")
    if content_type != declared
]


def concrete(path: str, user: User) -> str:
    """Fill in the path parameters: the user for jobseeker_id, 1 for any other id."""
    path = path.replace("{jobseeker_id}", str(user.pk))
    path = path.replace("{preview_id}", "00000000-0000-0000-0000-000000000000")
    path = path.replace("{kind}", "graphml")
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + "1" + path[end + 1 :]
    return path


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_it_declares_the_shared_problems_on_every_operation(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    responses = operation["responses"]
    for status in ("401", "422"):
        assert status in responses, f"{method.upper()} {path} does not declare {status}"
    if "requestBody" in operation:
        assert {"400", "413", "415"} <= set(responses)
    if method in {"post", "put", "patch", "delete"}:
        assert "403" in responses
    for status, response in responses.items():
        if int(status) >= 400:
            assert list(response["content"]) == [PROBLEM], f"{method} {path} {status}"
            schema = response["content"][PROBLEM]["schema"]
            assert {"type", "title", "status"} <= set(schema["required"])


def test_it_refuses_an_id_beyond_64_bits_as_input() -> None:
    owner = make_user()
    anna = make_contact(owner, "Anna")
    response = Client().post(
        f"/api/v1/jobseekers/{owner.pk}/ties",
        json.dumps({"a": anna.pk, "b": 2**64}),
        content_type="application/json",
        headers=bearer(owner),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    response = Client().get(
        f"/api/v1/jobseekers/{owner.pk}/contacts/{2**63}", headers=bearer(owner)
    )
    assert response.status_code == 422


@pytest.mark.parametrize(("method", "path", "declared", "content_type"), OTHER_CONTENT_TYPES)
def test_it_answers_415_to_a_body_of_an_undeclared_content_type(
    method: str, path: str, declared: str, content_type: str
) -> None:
    owner = make_user()
    client = Client(raise_request_exception=False)
    response = client.generic(
        method.upper(),
        concrete(path, owner),
        b'{"name": "x"}',
        content_type=content_type,
        headers=bearer(owner),
    )
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM
    assert declared in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "declared"), BODY_OPERATIONS)
def test_it_takes_a_body_of_the_declared_content_type(
    method: str, path: str, declared: str
) -> None:
    owner = make_user()
    client = Client(raise_request_exception=False)
    if declared == "application/json":
        response = client.generic(
            method.upper(),
            concrete(path, owner),
            b"{}",
            content_type=declared,
            headers=bearer(owner),
        )
    else:
        response = client.post(concrete(path, owner), {"format": "auto"}, headers=bearer(owner))
    assert response.status_code != 415
    assert response.status_code < 500


def test_it_answers_400_to_a_multipart_body_without_a_boundary() -> None:
    owner = make_user()
    response = Client(raise_request_exception=False).post(
        f"/api/v1/jobseekers/{owner.pk}/import/preview",
        b"--x\r\n",
        content_type="multipart/form-data",
        headers=bearer(owner),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


def test_it_answers_413_to_a_body_too_large(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    owner = make_user()
    response = Client(raise_request_exception=False).post(
        f"/api/v1/jobseekers/{owner.pk}/snapshots",
        json.dumps({"name": "x" * 2000}),
        content_type="application/json",
        headers=bearer(owner),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM


def test_it_answers_401_to_a_change_without_a_valid_token() -> None:
    owner = make_user()
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/jobseekers/{owner.pk}/snapshots",
        "{}",
        content_type="application/json",
        headers={"Authorization": "Bearer kring_wrong"},
    )
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


def test_it_still_wants_the_csrf_token_of_a_browser_session() -> None:
    owner = make_user()
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(
        f"/api/v1/jobseekers/{owner.pk}/snapshots", "{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
