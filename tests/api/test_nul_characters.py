"""U+0000 in any text of a request: a clear 422 from every operation, never a 500.

PostgreSQL cannot store it; the pages' form fields refuse it already.
"""

from __future__ import annotations

import pytest

from kring.accounts.models import Role, User
from kring.meetings.models import CircleMeeting
from tests.conftest import api_client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def test_it_refuses_a_nul_character_in_a_body_and_stores_nothing(jobseeker: User) -> None:
    response = api_client_for(jobseeker).post(
        f"/api/v1/jobseekers/{jobseeker.pk}/meetings",
        {"question": "Welk werk?", "agenda": "1. Welkom\u0000"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]
    assert not CircleMeeting.objects.exists()


def test_it_refuses_a_nul_character_in_a_key(jobseeker: User) -> None:
    response = api_client_for(jobseeker).post(
        f"/api/v1/jobseekers/{jobseeker.pk}/meetings",
        {"question": "Welk werk?", "a\u0000": 1},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_it_refuses_a_nul_character_in_the_query(jobseeker: User) -> None:
    coach = make_user(Role.COACH, organisation=jobseeker.organisation)
    make_grant(jobseeker, coach)
    client = api_client_for(coach)
    assert client.get("/api/v1/caseload", {"q": "San"}).status_code == 200
    response = client.get("/api/v1/caseload", {"q": "San\u0000ne"})
    assert response.status_code == 422
