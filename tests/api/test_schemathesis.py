"""Property-based API test: every operation in the OpenAPI document, fed generated input.

Loads the schema from the application itself and calls it in-process (WSGI), authenticated
as a job seeker with a small network. Asserts no 5xx and responses that match the schema.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from kring.accounts.models import User
from kring.accounts.services import api_token_create
from kring.wsgi import application
from tests.conftest import make_user
from tests.network.helpers import make_contact, make_tie

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open() -> Any:
    # Calling the WSGI app sends request_started/finished, and Django then closes the database
    # connection, which ends the test's transaction on PostgreSQL. The test client avoids this
    # the same way: it disconnects close_old_connections while it calls the app.
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db: None, settings: Any) -> tuple[User, str]:
    settings.KRING_RATE_LIMITS = {
        **settings.KRING_RATE_LIMITS,
        "import": (10_000, 3600),
        "export": (10_000, 3600),
    }
    owner = make_user(name="Schema")
    anna = make_contact(owner, "Anna", ring=1, quadrant="family", influence=2)
    bram = make_contact(owner, "Bram", ring=3, quadrant="work_school_club", occupation="Kok")
    make_tie(anna, bram, 2)
    _token, secret = api_token_create(user=owner)
    return owner, secret


@schema.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_it_answers_every_operation_without_errors(case: Any, bearer: tuple[User, str]) -> None:
    owner, secret = bearer
    if "jobseeker_id" in (case.path_parameters or {}):
        case.path_parameters["jobseeker_id"] = owner.pk
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)


@pytest.mark.parametrize("path", ["contacts", "ties", "snapshots"])
def test_it_refuses_a_huge_page_number(bearer: tuple[User, str], path: str) -> None:
    from django.test import Client

    owner, secret = bearer
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(
        f"/api/v1/jobseekers/{owner.pk}/{path}?page=1952524400180400128&page_size=120"
    )
    assert response.status_code == 422


def test_it_bounds_the_page_number_of_the_jobseeker_list(bearer: tuple[User, str]) -> None:
    from django.test import Client

    _owner, secret = bearer
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(
        "/api/v1/jobseekers?page=1952524400180400128&page_size=120"
    )
    assert response.status_code == 422
