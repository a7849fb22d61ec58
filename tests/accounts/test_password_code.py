"""A new password at the desk for a job seeker without an e-mail address, through the pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from kring.accounts.models import CodePurpose, HandoverCode, Role, Scope, User
from kring.accounts.services import api_token_create, user_for_api_token
from kring.core.models import AccessLogEntry, Action, Result
from tests.accounts.test_intake import NEW_PASSWORD, handover, intake
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db

FRESH_PASSWORD = "nog-een-lang-wachtwoord-88"
ASKED = {"password-client_asked": "on"}


def taken_over(coach: User) -> tuple[User, Client]:
    """A job seeker made at the desk who took the account over; their signed-in client."""
    jobseeker, code = intake(client_for(coach))
    me = handover(code)
    jobseeker.refresh_from_db()
    assert jobseeker.login_name and jobseeker.has_usable_password()
    return jobseeker, me


def make_code(client: Client, jobseeker: User) -> str:
    """Make a code for a new password on the coach's page; return the printed code."""
    response = client.post(reverse("jobseeker_password_code", args=[jobseeker.pk]), ASKED)
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"]).content.decode()
    match = re.search(r'class="handover-code">[^<]*<strong>([A-Z0-9-]{14})</strong>', page)
    assert match, page
    return match.group(1)


def redeem(code: str, password: str = FRESH_PASSWORD) -> Client:
    client = Client()
    client.post(
        reverse("handover_password"),
        {"code": code, "password1": password, "password2": password},
    )
    return client


def sign_in(login_name: str, password: str) -> int:
    response = Client().post(reverse("login"), {"username": login_name, "password": password})
    return response.status_code


def test_it_lets_a_job_seeker_without_e_mail_choose_a_new_password(coach: User) -> None:
    jobseeker, me = taken_over(coach)
    coach_client = client_for(coach)
    access = coach_client.get(reverse("jobseeker_access", args=[jobseeker.pk])).content.decode()
    assert "Nieuw wachtwoord" in access
    code = make_code(coach_client, jobseeker)
    stored = HandoverCode.objects.get(jobseeker=jobseeker, purpose=CodePurpose.PASSWORD)
    assert stored.client_asked and stored.created_by == coach
    assert code.replace("-", "") not in stored.code_hash
    assert timedelta(hours=23) < stored.expires_at - timezone.now() <= timedelta(hours=24)
    # The printed page is in B1, shows the login name, and is shown once.
    url = reverse("jobseeker_password_code", args=[jobseeker.pk])
    assert code not in coach_client.get(url).content.decode()

    forgot = Client().get(reverse("password_reset")).content.decode()
    assert "Geen e-mailadres? Vraag je coach aan de balie" in forgot
    assert reverse("handover_password") in forgot
    page = Client().get(reverse("handover_password"))
    assert page.status_code == 200
    assert "Kies een nieuw wachtwoord" in page.content.decode()
    login_name, profile = jobseeker.login_name, (jobseeker.name, jobseeker.email)
    _token, secret = api_token_create(user=jobseeker)
    assert user_for_api_token(secret) == jobseeker
    done = Client().post(
        reverse("handover_password"),
        {"code": code.lower(), "password1": FRESH_PASSWORD, "password2": FRESH_PASSWORD},
    )
    assert done.status_code == 200
    assert login_name in done.content.decode()
    assert not done.wsgi_request.user.is_authenticated
    jobseeker.refresh_from_db()
    assert (jobseeker.login_name, (jobseeker.name, jobseeker.email)) == (login_name, profile)
    assert jobseeker.check_password(FRESH_PASSWORD)
    # The old password stops working; the new one works; the old session has ended.
    assert sign_in(login_name, NEW_PASSWORD) == 200
    assert sign_in(login_name, FRESH_PASSWORD) == 302
    assert me.get(reverse("access")).status_code == 302
    assert user_for_api_token(secret) is None  # API keys end with the old password
    assert (
        AccessLogEntry.objects.about(jobseeker.pk)
        .filter(actor_id=jobseeker.pk, object_type="password", action=Action.CHANGE)
        .exists()
    )


def test_it_shows_the_job_seeker_who_made_the_code_and_when(coach: User) -> None:
    jobseeker, _me = taken_over(coach)
    redeem(make_code(client_for(coach), jobseeker))
    me = Client()
    me.post(reverse("login"), {"username": jobseeker.login_name, "password": FRESH_PASSWORD})
    log = me.get(reverse("access_log")).content.decode()
    entry = AccessLogEntry.objects.about(jobseeker.pk).get(
        actor_id=coach.pk, object_type="password_code", action=Action.GRANT_CHANGE
    )
    others = log.split('id="log-others"')[1].split('id="log-own"')[0]
    assert "maakte een code voor een nieuw wachtwoord" in others
    assert coach.name in others
    assert timezone.localtime(entry.at).strftime("%H:%M") in others
    notices = me.get(reverse("access")).content.decode()
    assert f"{coach.name} heeft samen met jou een code voor een nieuw wachtwoord gemaakt" in notices


def test_it_refuses_a_code_for_an_account_with_an_e_mail_address(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    handover(code, email="fatima@example.org")
    client = client_for(coach)
    page = client.get(reverse("jobseeker_access", args=[jobseeker.pk])).content.decode()
    assert "Wachtwoord vergeten?" in page
    response = client.post(reverse("jobseeker_password_code", args=[jobseeker.pk]), ASKED)
    assert response.status_code == 422
    assert "Deze werkzoekende heeft een e-mailadres" in response.content.decode()
    assert not HandoverCode.objects.filter(purpose=CodePurpose.PASSWORD).exists()


def test_it_refuses_a_code_before_the_account_was_taken_over(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    response = client_for(coach).post(
        reverse("jobseeker_password_code", args=[jobseeker.pk]), ASKED
    )
    assert response.status_code == 422
    assert not HandoverCode.objects.filter(purpose=CodePurpose.PASSWORD).exists()
    # The handover code still works.
    handover(code)
    jobseeker.refresh_from_db()
    assert jobseeker.has_usable_password()


def test_it_needs_the_coach_to_confirm_the_job_seeker_asked(coach: User) -> None:
    jobseeker, _me = taken_over(coach)
    response = client_for(coach).post(reverse("jobseeker_password_code", args=[jobseeker.pk]))
    assert response.status_code == 422
    assert "Vink dit alleen aan" in response.content.decode()
    assert not HandoverCode.objects.filter(purpose=CodePurpose.PASSWORD).exists()


def test_it_answers_404_and_logs_a_coach_with_a_view_grant_or_none(coach: User) -> None:
    jobseeker, _me = taken_over(coach)
    viewer = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, viewer, Scope.VIEW)
    stranger = make_user(Role.COACH, organisation=coach.organisation)
    url = reverse("jobseeker_password_code", args=[jobseeker.pk])
    for other in (viewer, stranger):
        assert client_for(other).post(url, ASKED).status_code == 404
        assert client_for(other).get(url).status_code == 404
        assert (
            AccessLogEntry.objects.about(jobseeker.pk)
            .filter(actor_id=other.pk, result=Result.DENIED)
            .count()
            == 2
        )
    assert not HandoverCode.objects.filter(purpose=CodePurpose.PASSWORD).exists()
    assert client_for(jobseeker).post(url, ASKED).status_code == 404


def test_it_refuses_a_code_used_twice_or_expired_and_changes_nothing(coach: User) -> None:
    jobseeker, _me = taken_over(coach)
    code = make_code(client_for(coach), jobseeker)
    redeem(code)
    jobseeker.refresh_from_db()
    password = jobseeker.password
    again = Client().post(
        reverse("handover_password"),
        {
            "code": code,
            "password1": "weer-een-ander-wachtwoord",
            "password2": "weer-een-ander-wachtwoord",
        },
    )
    assert again.status_code == 410
    assert "Deze code werkt niet" in again.content.decode()
    assert "Er is niets veranderd" in again.content.decode()
    jobseeker.refresh_from_db()
    assert jobseeker.password == password

    code = make_code(client_for(coach), jobseeker)
    HandoverCode.objects.filter(jobseeker=jobseeker).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    late = Client().post(
        reverse("handover_password"),
        {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert late.status_code == 410
    jobseeker.refresh_from_db()
    assert jobseeker.password == password


def test_it_lets_only_the_newest_code_work(coach: User) -> None:
    jobseeker, _me = taken_over(coach)
    client = client_for(coach)
    first = make_code(client, jobseeker)
    second = make_code(client, jobseeker)
    assert first != second
    assert redeem_status(first) == 410
    assert redeem_status(second) == 200


def redeem_status(code: str) -> int:
    response = Client().post(
        reverse("handover_password"),
        {"code": code, "password1": FRESH_PASSWORD, "password2": FRESH_PASSWORD},
    )
    return response.status_code


def test_it_keeps_the_two_kinds_of_code_apart(coach: User) -> None:
    fresh, handover_code = intake(client_for(coach), name="Kees")
    assert redeem_status(handover_code) == 410
    fresh.refresh_from_db()
    assert not fresh.has_usable_password()

    jobseeker, _me = taken_over(coach)
    code = make_code(client_for(coach), jobseeker)
    taking = Client().post(
        reverse("handover"),
        {"code": code, "password1": FRESH_PASSWORD, "password2": FRESH_PASSWORD, "email": ""},
    )
    assert taking.status_code == 410
    assert redeem_status(code) == 200


def test_it_keeps_the_code_when_the_password_is_weak(coach: User) -> None:
    jobseeker, _me = taken_over(coach)
    code = make_code(client_for(coach), jobseeker)
    weak = Client().post(
        reverse("handover_password"), {"code": code, "password1": "12345", "password2": "12345"}
    )
    assert weak.status_code == 200
    assert HandoverCode.objects.usable().filter(jobseeker=jobseeker).exists()
    assert redeem_status(code) == 200


def test_it_rate_limits_like_the_handover(coach: User, settings: Settings) -> None:
    jobseeker, _me = taken_over(coach)
    code = make_code(client_for(coach), jobseeker)
    # The handover above counted once for this address; two more attempts are allowed.
    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "handover": (3, 3600)}
    assert redeem_status("2345-6789-ABCD") == 410
    assert redeem_status("2345-6789-ABCE") == 410
    assert redeem_status(code) == 429
    jobseeker.refresh_from_db()
    assert jobseeker.check_password(NEW_PASSWORD)
