"""Property-based API test: every operation in the OpenAPI document, fed generated input.

Loads the schema from the application itself and calls it in-process (WSGI), authenticated
as a job seeker with a small network. Three checks, over every operation, none excluded:
no 5xx, every status declared, every response body matching its declared schema. First each
operation alone (examples, coverage and fuzzing phases), then the stateful phase: sequences
that follow the links schemathesis infers between operations (add a contact, then read,
change, move or delete it).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from kring.accounts.models import ApiToken, User
from kring.accounts.services import api_token_create
from kring.wsgi import application
from tests.conftest import make_user
from tests.network.helpers import make_contact, make_tie

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "deterministic": True},
        "phases": {"stateful": {"max-steps": 8}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Derandomized: the same examples on every run, so a failure is a finding, never a flake.
HYPOTHESIS = settings(
    derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


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


class JobSeeker:
    """The job seeker the test acts as, with a token that stays valid.

    Generated calls include DELETE /me/tokens/{id}, which may revoke the very token the test
    sends; like a real client, the test then makes a new one instead of testing 401 only.
    """

    def __init__(self, user: User) -> None:
        self.user = user
        self.token, self.secret = api_token_create(user=user)

    def headers(self) -> dict[str, str]:
        if not ApiToken.objects.active().filter(pk=self.token.pk).exists():
            self.token, self.secret = api_token_create(user=self.user)
        return {"Authorization": f"Bearer {self.secret}"}

    def aim(self, case: Any) -> None:
        # A random job seeker id almost always answers 404; aim at the one with data.
        if "jobseeker_id" in (case.path_parameters or {}):
            case.path_parameters["jobseeker_id"] = self.user.pk


@pytest.fixture
def jobseeker(db: None, settings: Any) -> JobSeeker:
    settings.KRING_RATE_LIMITS = {
        **settings.KRING_RATE_LIMITS,
        "import": (10_000, 3600),
        "export": (10_000, 3600),
    }
    owner = make_user(name="Schema")
    anna = make_contact(owner, "Anna", ring=1, quadrant="family", influence=2)
    bram = make_contact(owner, "Bram", ring=3, quadrant="work_school_club", occupation="Kok")
    make_tie(anna, bram, 2)
    return JobSeeker(owner)


@schema.parametrize()
@settings(HYPOTHESIS, max_examples=15)
def test_it_answers_every_operation_as_documented(case: Any, jobseeker: JobSeeker) -> None:
    jobseeker.aim(case)
    case.call_and_validate(headers=jobseeker.headers(), checks=CHECKS)


def test_it_answers_sequences_of_operations_as_documented(jobseeker: JobSeeker) -> None:
    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            jobseeker.aim(case)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": jobseeker.headers()}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(
                response, checks=CHECKS, transport_kwargs=kwargs or None, recorder=self.recorder
            )

    Workflow.run(settings=settings(HYPOTHESIS, max_examples=40, stateful_step_count=8))


@pytest.mark.parametrize("path", ["contacts", "ties", "snapshots"])
def test_it_refuses_a_huge_page_number(jobseeker: JobSeeker, path: str) -> None:
    response = Client().get(
        f"/api/v1/jobseekers/{jobseeker.user.pk}/{path}?page=1952524400180400128&page_size=120",
        headers=jobseeker.headers(),
    )
    assert response.status_code == 422


def test_it_bounds_the_page_number_of_the_jobseeker_list(jobseeker: JobSeeker) -> None:
    response = Client().get(
        "/api/v1/jobseekers?page=1952524400180400128&page_size=120", headers=jobseeker.headers()
    )
    assert response.status_code == 422
