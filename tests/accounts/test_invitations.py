from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from kring.accounts.models import AccessGrant, Invitation, Role, User
from tests.conftest import TEST_PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db


def activation_path() -> str:
    body = mail.outbox[-1].body
    assert isinstance(body, str)
    match = re.search(r"https?://[^/]+(/activate/\S+/)", body)
    assert match, body
    return match.group(1)


def accept(path: str, name: str = "Nieuw", **extra: str) -> Client:
    client = Client()
    response = client.post(
        path, {"name": name, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_it_lets_an_admin_invite_a_coach_who_activates_once(org_admin: User) -> None:
    client = client_for(org_admin)
    response = client.post(reverse("organisation_coaches"), {"email": "newcoach@example.org"})
    assert response.status_code == 302
    path = activation_path()
    accept(path, "Nora")
    coach = User.objects.get(email="newcoach@example.org")
    assert coach.role == Role.COACH
    assert coach.organisation == org_admin.organisation
    again = Client().post(
        path, {"name": "Eve", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD}
    )
    assert again.status_code == 410
    assert "werkt niet meer" in again.content.decode()
    assert User.objects.filter(email="newcoach@example.org").count() == 1


def test_it_refuses_an_expired_invitation_and_creates_nothing(org_admin: User) -> None:
    client_for(org_admin).post(reverse("organisation_coaches"), {"email": "late@example.org"})
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    path = activation_path()
    assert Client().get(path).status_code == 410
    response = Client().post(
        path, {"name": "Late", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="late@example.org").exists()


def test_it_shows_a_clear_page_for_an_unknown_token() -> None:
    response = Client().get(reverse("activate", args=["made-up-token"]))
    assert response.status_code == 410


def test_it_lets_a_coach_invite_a_job_seeker_who_may_grant_access(coach: User) -> None:
    client_for(coach).post(reverse("invite_jobseeker"), {"email": "js@example.org", "name": "Piet"})
    path = activation_path()
    page = Client().get(path).content.decode()
    assert "mag mijn netwerk zien en aanpassen" in page
    accept(path, "Piet", grant_to_inviter="on")
    jobseeker = User.objects.get(email="js@example.org")
    assert jobseeker.role == Role.JOBSEEKER
    assert AccessGrant.objects.active().filter(jobseeker=jobseeker, coach=coach).exists()


def test_it_gives_no_access_unless_the_job_seeker_ticks_the_box(coach: User) -> None:
    client_for(coach).post(reverse("invite_jobseeker"), {"email": "js2@example.org"})
    accept(activation_path(), "Kees")
    assert not AccessGrant.objects.filter(jobseeker__email="js2@example.org").exists()


def test_it_keeps_values_and_explains_errors_on_the_invite_form(coach: User) -> None:
    response = client_for(coach).post(
        reverse("invite_jobseeker"), {"email": "not-an-email", "name": "Piet"}
    )
    assert response.status_code == 200
    assert 'value="Piet"' in response.content.decode()
    assert Invitation.objects.count() == 0


def test_it_refuses_an_invitation_for_an_existing_account(coach: User, jobseeker: User) -> None:
    response = client_for(coach).post(reverse("invite_jobseeker"), {"email": jobseeker.email})
    assert response.status_code == 200
    assert "al een account" in response.content.decode()


def test_it_does_not_let_a_job_seeker_invite() -> None:
    jobseeker = make_user()
    response = client_for(jobseeker).post(reverse("invite_jobseeker"), {"email": "x@example.org"})
    assert response.status_code == 302
    assert Invitation.objects.count() == 0


def test_it_lets_an_admin_deactivate_a_coach(org_admin: User, coach: User, jobseeker: User) -> None:
    from tests.conftest import make_grant

    make_grant(jobseeker, coach)
    coach_client = client_for(coach)
    assert coach_client.get(reverse("jobseeker_detail", args=[jobseeker.pk])).status_code == 200
    response = client_for(org_admin).post(reverse("coach_deactivate", args=[coach.pk]))
    assert response.status_code == 302
    coach.refresh_from_db()
    assert not coach.is_active
    assert coach_client.get(reverse("jobseeker_detail", args=[jobseeker.pk])).status_code == 302


def test_it_does_not_let_an_admin_deactivate_another_organisations_coach(org_admin: User) -> None:
    other_coach = make_user(Role.COACH)
    response = client_for(org_admin).post(reverse("coach_deactivate", args=[other_coach.pk]))
    assert response.status_code == 404
    other_coach.refresh_from_db()
    assert other_coach.is_active


def test_it_counts_invitations_from_the_page_and_the_api_against_one_limit(
    coach: User, settings: Settings
) -> None:
    import json

    from kring.accounts.services import api_token_create

    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "invitation": (3, 3600)}
    page = client_for(coach)
    _token, secret = api_token_create(user=coach)
    bearer = f"Bearer {secret}"

    def by_api(number: int) -> int:
        return (
            Client()
            .post(
                "/api/v1/invitations",
                json.dumps({"email": f"api{number}@example.org"}),
                content_type="application/json",
                HTTP_AUTHORIZATION=bearer,
            )
            .status_code
        )

    def by_page(number: int) -> int:
        return page.post(
            reverse("invite_jobseeker"), {"email": f"page{number}@example.org"}
        ).status_code

    assert [by_page(1), by_page(2), by_api(3)] == [302, 302, 201]
    refused = Client().post(
        "/api/v1/invitations",
        json.dumps({"email": "api4@example.org"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer,
    )
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429
    too_many = page.post(reverse("invite_jobseeker"), {"email": "page5@example.org"})
    assert too_many.status_code == 429
    assert "Te vaak geprobeerd" in too_many.content.decode()
    assert Invitation.objects.count() == 3
    assert len(mail.outbox) == 3


def test_it_limits_invitations_by_an_admin_through_the_api_too(
    org_admin: User, settings: Settings
) -> None:
    import json

    from kring.accounts.services import api_token_create

    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "invitation": (2, 3600)}
    _token, secret = api_token_create(user=org_admin)
    statuses = [
        Client()
        .post(
            "/api/v1/invitations",
            json.dumps({"email": f"coach{number}@example.org"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        .status_code
        for number in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert Invitation.objects.count() == 2
